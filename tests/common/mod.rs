//! Helpers the in-browser test files share (`mod common;` in each): the page's localStorage and
//! a snapshot of everything in it.

use std::collections::BTreeMap;

/// The page's localStorage.
pub fn local_storage() -> web_sys::Storage {
    web_sys::window()
        .expect("a window")
        .local_storage()
        .expect("localStorage allowed")
        .expect("localStorage present")
}

/// Every key and value in localStorage.
pub fn snapshot() -> BTreeMap<String, String> {
    let storage = local_storage();
    let length = storage.length().expect("length");
    (0..length)
        .filter_map(|i| storage.key(i).expect("key"))
        .map(|key| {
            let value = storage.get_item(&key).expect("get").expect("a value");
            (key, value)
        })
        .collect()
}
