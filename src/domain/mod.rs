//! The treatment, in plain Rust: course and sessions, checklists, the clinic protocol,
//! aftercare, the 72-hour integration window, journal entries and what Today shows.
//!
//! Nothing here touches a browser: time is passed in, the local zone is a trait, and every
//! rule the patient sees is a function tested natively with `cargo test`.

pub mod aftercare;
pub mod backup;
pub mod calendar;
pub mod checklist;
pub mod crisis;
pub mod encrypted;
pub mod entry;
pub mod export;
pub mod fhir;
pub mod import;
pub mod plan;
pub mod protocol;
pub mod questionnaire;
pub mod review;
pub mod session;
pub mod time;
pub mod today;
pub mod window;
