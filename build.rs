//! The split release build (`--features split` on wasm32) links the app with `--emit-relocs`:
//! wasm-split-cli needs the relocations to cut the module apart (scripts/split-build.mjs), and
//! drops them from what it writes. Only that build: binaryen's wasm-opt cannot optimise a module
//! that still has them, and nothing else needs them.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo:rustc-link-arg-bin=waypoint=--emit-relocs");
    }
}
