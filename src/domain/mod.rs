//! The treatment, in plain Rust.
