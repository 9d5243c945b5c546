//! Waypoint: a companion for ketamine-assisted therapy.
//!
//! - [`domain`]: the treatment in plain Rust (no browser types), tested natively.
//! - [`json`]: JSON text for stored records and files (serde_json), with plain-language errors.
//! - [`storage`]: the one seam to the browser's storage.
//! - `ui`: the Leptos app (wasm only).
//! - `webcrypto`: the one seam to the browser's WebCrypto (wasm only).

pub mod domain;
pub mod json;
pub mod storage;
#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod webcrypto;
