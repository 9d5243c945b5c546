//! The browser's localStorage as a [`Backend`], through `web_sys::Storage`.
//!
//! Not gloo-storage: its `Storage` trait keeps values as JSON of its own making (`set` would
//! quote a record's text again, `get` parses what it reads), and its `raw()`, the one call that
//! would fit, panics where localStorage is missing (private modes, blocked settings). Waypoint
//! stores its records' text byte for byte and reports a missing or refusing storage as an error
//! value, so it makes web_sys's calls itself: the same calls gloo makes underneath.

use super::backend::{Backend, BackendError};
use wasm_bindgen::JsCast;

/// The browser's localStorage.
#[derive(Clone, Copy, Debug, Default)]
pub struct LocalStorageBackend;

fn storage() -> Result<web_sys::Storage, BackendError> {
    let window = web_sys::window().ok_or_else(|| BackendError::Unavailable("no window".into()))?;
    // `Err` when the browser refuses access (a SecurityError), `None` where there is none.
    match window.local_storage() {
        Ok(Some(storage)) => Ok(storage),
        _ => Err(BackendError::Unavailable(
            "localStorage is not available".into(),
        )),
    }
}

fn classify(err: wasm_bindgen::JsValue) -> BackendError {
    match err.dyn_ref::<web_sys::DomException>() {
        Some(e) if e.name() == "QuotaExceededError" || e.code() == 22 => BackendError::Full,
        Some(e) => BackendError::Unavailable(e.message()),
        None => BackendError::Unavailable("storage refused".into()),
    }
}

/// The keys of `storage`, read one at a time as the iterator is driven.
fn each_key(storage: &web_sys::Storage) -> Result<impl Iterator<Item = String> + '_, BackendError> {
    let length = storage.length().map_err(classify)?;
    Ok((0..length).filter_map(|i| storage.key(i).ok().flatten()))
}

impl Backend for LocalStorageBackend {
    fn get(&self, key: &str) -> Result<Option<String>, BackendError> {
        storage()?.get_item(key).map_err(classify)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), BackendError> {
        storage()?.set_item(key, value).map_err(classify)
    }

    fn remove(&self, key: &str) -> Result<(), BackendError> {
        storage()?.remove_item(key).map_err(classify)
    }

    fn keys(&self) -> Result<Vec<String>, BackendError> {
        Ok(each_key(&storage()?)?.collect())
    }

    fn has_key_starting(&self, prefix: &str) -> Result<bool, BackendError> {
        Ok(each_key(&storage()?)?.any(|k| k.starts_with(prefix)))
    }
}
