//! Every storage key Waypoint uses, in one place.
//!
//! Each journal entry is its own key, so saving one entry writes one small record whatever the
//! journal's size. There is no separate index to fall out of step with the records: the records
//! are found by their key prefix.

/// Everything Waypoint stores starts with this.
pub const PREFIX: &str = "waypoint.";
/// The plan: course, sessions and settings, as one versioned document.
pub const PLAN: &str = "waypoint.plan";
/// One journal entry per key: `waypoint.entry.<id>`.
pub const ENTRY_PREFIX: &str = "waypoint.entry.";
/// Raw copies of data that could not be read: `waypoint.rescued.<original key>[.n]`.
pub const RESCUED_PREFIX: &str = "waypoint.rescued.";
/// Text being typed, kept so a reload or an update never loses it: `waypoint.draft.<form>`.
pub const DRAFT_PREFIX: &str = "waypoint.draft.";

/// The key of the entry with this id.
pub fn entry(id: &str) -> String {
    format!("{ENTRY_PREFIX}{id}")
}

/// The entry id a key holds, if it is an entry key.
pub fn entry_id(key: &str) -> Option<&str> {
    key.strip_prefix(ENTRY_PREFIX)
}

/// The key of a draft.
pub fn draft(form: &str) -> String {
    format!("{DRAFT_PREFIX}{form}")
}
