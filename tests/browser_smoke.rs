//! Proves the browser test setup works: wasm-bindgen-test in headless Chromium.
//! Every `tests/browser_*.rs` starts with the `cfg` below, because native `cargo test`
//! compiles tests/ too; `scripts/test.sh` runs these with `--target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_tests_run_in_a_browser_window() {
    let window = web_sys::window().expect("a browser window");
    assert!(window.document().is_some(), "the window has a document");
}
