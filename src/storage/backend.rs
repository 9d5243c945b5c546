//! The seam: a string key-value store with the few operations Waypoint needs. The browser's
//! localStorage implements it in [`super::browser`]; [`MemoryBackend`] implements it for native
//! tests, with a quota and failure switches to prove what happens when reads or writes fail.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

/// Why the storage refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackendError {
    /// The browser's quota is full.
    Full,
    /// Storage is missing or refused (private mode, disabled, blocked by settings).
    Unavailable(String),
}

/// A string key-value store. Writes either happen whole or not at all.
pub trait Backend {
    /// The value under `key`.
    fn get(&self, key: &str) -> Result<Option<String>, BackendError>;
    /// Stores `value` under `key`.
    fn set(&self, key: &str, value: &str) -> Result<(), BackendError>;
    /// Removes `key`.
    fn remove(&self, key: &str) -> Result<(), BackendError>;
    /// Every key, in no particular order.
    fn keys(&self) -> Result<Vec<String>, BackendError>;
    /// Whether some key starts with `prefix`. A backend that can stop at the first one found
    /// should: the app asks this at start-up, before it lists every key to read them.
    fn has_key_starting(&self, prefix: &str) -> Result<bool, BackendError> {
        Ok(self.keys()?.iter().any(|k| k.starts_with(prefix)))
    }
}

/// An in-memory store for tests, measuring size the way browsers do (UTF-16 code units of keys
/// and values).
#[derive(Debug, Default)]
pub struct MemoryBackend {
    map: RefCell<BTreeMap<String, String>>,
    /// The most UTF-16 units it holds; `None` for no limit.
    pub quota: Cell<Option<usize>>,
    /// When set, every write fails as unavailable.
    pub refuse_writes: Cell<bool>,
    /// When set, every read (a value or the list of keys) fails as unavailable.
    pub refuse_reads: Cell<bool>,
    /// How many `set` calls were made, to prove what a save writes.
    pub writes: Cell<usize>,
    /// How many UTF-16 units those writes carried.
    pub written_units: Cell<usize>,
}

/// Size of a key and value in UTF-16 code units, as browsers count quota.
pub fn units(key: &str, value: &str) -> usize {
    key.encode_utf16().count() + value.encode_utf16().count()
}

impl MemoryBackend {
    /// An empty store with no quota.
    pub fn new() -> Self {
        Self::default()
    }

    /// A store holding these key-value pairs.
    pub fn with(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        let backend = Self::new();
        backend.map.borrow_mut().extend(pairs);
        backend
    }

    /// Everything stored, for assertions.
    pub fn snapshot(&self) -> BTreeMap<String, String> {
        self.map.borrow().clone()
    }

    fn readable(&self) -> Result<(), BackendError> {
        if self.refuse_reads.get() {
            return Err(BackendError::Unavailable("reads refused".into()));
        }
        Ok(())
    }

    /// UTF-16 units in use.
    pub fn used(&self) -> usize {
        self.map.borrow().iter().map(|(k, v)| units(k, v)).sum()
    }
}

impl Backend for MemoryBackend {
    fn get(&self, key: &str) -> Result<Option<String>, BackendError> {
        self.readable()?;
        Ok(self.map.borrow().get(key).cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), BackendError> {
        if self.refuse_writes.get() {
            return Err(BackendError::Unavailable("writes refused".into()));
        }
        if let Some(quota) = self.quota.get() {
            let old = self.map.borrow().get(key).map_or(0, |v| units(key, v));
            if self.used() - old + units(key, value) > quota {
                return Err(BackendError::Full);
            }
        }
        self.writes.set(self.writes.get() + 1);
        self.written_units
            .set(self.written_units.get() + units(key, value));
        self.map
            .borrow_mut()
            .insert(key.to_string(), value.to_string());
        Ok(())
    }

    fn remove(&self, key: &str) -> Result<(), BackendError> {
        if self.refuse_writes.get() {
            return Err(BackendError::Unavailable("writes refused".into()));
        }
        self.map.borrow_mut().remove(key);
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, BackendError> {
        self.readable()?;
        Ok(self.map.borrow().keys().cloned().collect())
    }
}

/// Two stores over one storage, as two tabs share one localStorage.
impl<T: Backend + ?Sized> Backend for std::rc::Rc<T> {
    fn get(&self, key: &str) -> Result<Option<String>, BackendError> {
        (**self).get(key)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), BackendError> {
        (**self).set(key, value)
    }
    fn remove(&self, key: &str) -> Result<(), BackendError> {
        (**self).remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, BackendError> {
        (**self).keys()
    }
    fn has_key_starting(&self, prefix: &str) -> Result<bool, BackendError> {
        (**self).has_key_starting(prefix)
    }
}
