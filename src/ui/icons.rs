//! Icon outlines for the tab bar and the Help button.
//!
//! Each constant is the `d` attribute of one SVG `<path>` drawn in a 24x24 `viewBox`, meant to be
//! stroked, not filled: render it inside
//! `<svg class="tab-icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" aria-hidden="true">`.
//! The stylesheet sets the stroke width (2) and round caps and joins, so the paths stay short.

/// Today: a sun, a circle with eight short rays.
pub const TODAY: &str = "M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8zM12 2v2m0 16v2M2 12h2m16 0h2M5 5l1.5 1.5m11 11L19 19M5 19l1.5-1.5m11-11L19 5";

/// Prepare: a clipboard with a check mark.
pub const PREPARE: &str = "M9 4H5v17h14V4h-4M9 2.5h6v3H9zM8.5 13l2.5 2.5 4.5-4.5";

/// Aftercare: a heart.
pub const AFTERCARE: &str =
    "M12 20s-8-4.8-8-10.5A4.5 4.5 0 0 1 12 7a4.5 4.5 0 0 1 8 2.5C20 15.2 12 20 12 20z";

/// Journal: an open book, two pages meeting at the spine.
pub const JOURNAL: &str =
    "M12 6C10 4.5 7 4 4 4v14c3 0 6 .5 8 2 2-1.5 5-2 8-2V4c-3 0-6 .5-8 2zm0 0v14";

/// Share: an arrow rising out of an open box.
pub const SHARE: &str = "M12 15V3M7.5 7.5 12 3l4.5 4.5M8 10H5v11h14V10h-3";

/// Settings: two sliders with round knobs (simpler than a gear).
pub const SETTINGS: &str =
    "M4 8h8m4 0h4M4 16h4m4 0h8M14 6a2 2 0 1 0 0 4 2 2 0 0 0 0-4zm-4 8a2 2 0 1 0 0 4 2 2 0 0 0 0-4z";

/// Help: a telephone handset (the crisis line is one tap away).
pub const HELP: &str =
    "M5 3h4l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 5a2 2 0 0 1 2-2z";
