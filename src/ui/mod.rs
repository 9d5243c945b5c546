//! The Leptos app: shell, router and one file per screen.
use leptos::prelude::*;

/// Mounts the app on `<body>`.
pub fn mount() {
    leptos::mount::mount_to_body(|| view! { <main><h1>"Waypoint"</h1></main> });
}
