//! Waypoint: a companion for ketamine-assisted therapy.
//!
//! - [`domain`]: the treatment in plain Rust (no browser types), tested natively.
//! - [`storage`]: the one seam to the browser's storage.
//! - `ui`: the Leptos app (wasm only).

pub mod domain;
pub mod storage;
#[cfg(target_arch = "wasm32")]
pub mod ui;
