//! Mounts Waypoint into the page; everything else lives in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    waypoint::ui::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Waypoint is a web app: build it with `trunk build` (see README.md).");
}
