//! The one seam to the browser's storage. The UI talks to a [`Store`] over any [`Backend`]:
//! localStorage in the browser ([`browser::LocalStorageBackend`]), memory in tests.
//!
//! Promises, each with a test:
//! - saving one entry writes one small record, whatever the journal's size;
//! - a save either happens whole or returns an error the UI can show; nothing saved before is
//!   touched by a failed save;
//! - data that cannot be read is moved, raw and unchanged, under a `rescued` key and reported,
//!   never overwritten; if even that copy cannot be made, the original key is protected;
//! - data written by a newer Waypoint makes the store read-only until the app is updated;
//! - the plan is changed by read-modify-write against what is stored now, so two tabs never
//!   silently undo each other.
//!
//! Reading stored text back (serde's deserialisers for every stored type) comes in a [`Reader`],
//! which the app fetches with its Today module: a first visit has nothing stored to read, so
//! its download does without it. A store opened without one reads nothing it did not write.

pub mod backend;
#[cfg(target_arch = "wasm32")]
pub mod browser;
pub mod keys;
pub mod schema;

pub use backend::{Backend, BackendError, MemoryBackend};

use crate::domain::entry::{is_safe_id, Entry, EntryId};
use crate::domain::plan::Plan;
use crate::json;
use schema::Decoded;
use std::collections::{BTreeMap, BTreeSet};

/// Why a save did not happen. Nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveError {
    /// The phone's storage for Waypoint is full.
    Full,
    /// Storage is unavailable (private browsing, disabled, or blocked).
    Unavailable(String),
    /// A newer version of Waypoint wrote this journal; this one must not change it.
    ReadOnly,
    /// The data under this key could not be read and could not be copied aside, so it is kept
    /// where it is until the patient downloads or discards it.
    Protected(String),
    /// What was about to be saved is not valid.
    Invalid(Vec<String>),
    /// Another tab changed the stored plan and this tab has no [`Reader`] yet to read it.
    NotReady,
}

impl SaveError {
    /// The message for the patient.
    pub fn message(&self) -> String {
        match self {
            SaveError::Full => "Not saved: this phone's storage for Waypoint is full. Your text is still here. Download a backup, then delete old entries or free space.".into(),
            SaveError::Unavailable(_) => "Not saved: the browser is not letting Waypoint store data (private browsing or a blocked setting?). Your text is still here.".into(),
            SaveError::ReadOnly => "Not saved: this journal was last saved by a newer version of Waypoint. Reload to update the app; nothing has been changed.".into(),
            SaveError::Protected(_) => "Not saved: earlier data here could not be read and there is no room to keep a copy. Download it from Settings first; nothing has been changed.".into(),
            SaveError::Invalid(problems) => format!("Not saved: {}", problems.join(" ")),
            SaveError::NotReady => "Not saved: Waypoint is still opening in this tab. Your text is still here; try again in a moment.".into(),
        }
    }
}

impl From<BackendError> for SaveError {
    fn from(e: BackendError) -> Self {
        match e {
            BackendError::Full => SaveError::Full,
            BackendError::Unavailable(why) => SaveError::Unavailable(why),
        }
    }
}

/// Something found on opening that the patient should know about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The key it was found under.
    pub key: String,
    /// What was wrong, in plain words.
    pub what: String,
    /// Where the raw text is kept now; `None` when it stays under its own (protected) key.
    pub rescued_as: Option<String>,
}

/// What opening the store found.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    /// The plan (defaults when none was stored or it was unreadable).
    pub plan: Plan,
    /// Every readable entry, oldest first.
    pub entries: Vec<Entry>,
    /// What could not be read this time.
    pub problems: Vec<Problem>,
    /// Raw copies kept from this or earlier openings, `(key, raw text)`, for download.
    pub rescued: Vec<(String, String)>,
    /// Set when a newer Waypoint wrote some of this data.
    pub newer_version: Option<u32>,
}

/// A change another tab made, decoded from a storage event.
// One is made per storage event and handed on at once: boxing the plan would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// The plan changed.
    Plan(Plan),
    /// An entry was added or edited.
    Entry(Entry),
    /// An entry was deleted.
    EntryRemoved(EntryId),
    /// Everything was cleared.
    Cleared,
    /// Nothing Waypoint needs to act on (a draft, a rescue, or unreadable data: re-open to see).
    Ignored,
}

/// Reads stored records back: plain function pointers, so that where the functions behind
/// them are compiled is up to whoever calls [`Reader::new`] (the app does in its Today module).
#[derive(Clone, Copy)]
pub struct Reader {
    plan: fn(&str) -> Decoded<Plan>,
    entry: fn(&str) -> Decoded<Entry>,
}

impl Default for Reader {
    fn default() -> Self {
        Self::new()
    }
}

impl Reader {
    /// The reader of this build's records (and every older version's).
    pub fn new() -> Self {
        Reader {
            plan: |raw| schema::decode(raw, "plan"),
            entry: |raw| schema::decode(raw, "journal entry"),
        }
    }

    /// Decodes a change another tab made to `key` (the storage event's key and new value; a
    /// `None` key means the whole storage was cleared).
    pub fn change(&self, key: Option<&str>, new_value: Option<&str>) -> Change {
        let Some(key) = key else {
            return Change::Cleared;
        };
        if key == keys::PLAN {
            return match new_value.map(self.plan) {
                Some(Decoded::Ok(plan)) => Change::Plan(plan),
                _ => Change::Ignored,
            };
        }
        let Some(id) = keys::entry_id(key) else {
            return Change::Ignored;
        };
        match new_value {
            None => Change::EntryRemoved(EntryId(id.to_string())),
            Some(raw) => match (self.entry)(raw) {
                Decoded::Ok(entry) if entry.id.0 == id && entry.problems().is_empty() => {
                    Change::Entry(entry)
                }
                _ => Change::Ignored,
            },
        }
    }
}

/// Whether `backend` holds anything Waypoint stored: when it does not, a store can be opened
/// without a [`Reader`].
pub fn has_records(backend: &impl Backend) -> bool {
    // Unreadable storage counts as holding records: opening it reports why, reader or not.
    backend.has_key_starting(keys::PREFIX).unwrap_or(true)
}

/// The journal's store over a backend.
pub struct Store<B: Backend> {
    backend: B,
    locale: String,
    read_only: bool,
    protected: BTreeSet<String>,
    reader: Option<Reader>,
    /// The plan's record as this store last read or wrote it, and the plan it holds: while the
    /// stored text is the same, a change to the plan needs no reading (and no [`Reader`]).
    known_plan: Option<(String, Plan)>,
}

/// localStorage quota in UTF-16 units: Chromium and Firefox give 5 × 1024² characters per
/// origin (measured: `setItem` throws at 5,242,858 units in use).
pub const QUOTA_UNITS: usize = 5 * 1024 * 1024;

impl<B: Backend> Store<B> {
    /// Opens the store: reads the plan and every entry, moves aside what cannot be read, and
    /// reports it. Never fails: at worst it opens empty and read-only, and says why.
    pub fn open(backend: B, locale: &str) -> (Self, Loaded) {
        let (mut store, mut loaded, keys) = Self::begin(backend, locale);
        // Set here, not in `begin`, which a first visit's `open_empty` shares: the reader's
        // functions must be reachable only from here (see `Reader`).
        let reader = Reader::new();
        store.reader = Some(reader);
        for key in keys.iter().filter(|k| k.starts_with(keys::PREFIX)) {
            if key == keys::PLAN {
                let read = (reader.plan, "plan");
                if let Some((raw, plan)) = store.read_record(key, read, &mut loaded, Plan::problems)
                {
                    store.known_plan = Some((raw, plan.clone()));
                    loaded.plan = plan;
                }
            } else if let Some(id) = keys::entry_id(key) {
                let id_ok = is_safe_id(id);
                let read = (reader.entry, "journal entry");
                let entry = store.read_record(key, read, &mut loaded, |e| {
                    let mut problems = e.problems();
                    if !id_ok || e.id.0 != id {
                        problems.push("It is stored under another entry's name.".into());
                    }
                    problems
                });
                loaded.entries.extend(entry.map(|(_, e)| e));
            }
        }
        loaded
            .entries
            .sort_by(|a, b| a.written.cmp(&b.written).then_with(|| a.id.cmp(&b.id)));
        loaded.rescued = store.rescued();
        (store, loaded)
    }

    /// Opens the store without a [`Reader`], for when [`has_records`] says nothing is stored (a
    /// first visit). Records found all the same are left untouched and the store is read-only,
    /// with a problem saying so.
    pub fn open_empty(backend: B, locale: &str) -> (Self, Loaded) {
        let (mut store, mut loaded, keys) = Self::begin(backend, locale);
        if keys.iter().any(|k| k.starts_with(keys::PREFIX)) {
            store.read_only = true;
            loaded.problems.push(Problem {
                key: String::new(),
                what: "Waypoint could not read what it saved here: part of it is missing. Reload the page; nothing has been changed.".into(),
                rescued_as: None,
            });
        }
        (store, loaded)
    }

    /// A store with nothing read yet, what it loaded so far (the plan's defaults), and the keys
    /// stored; when they cannot be listed, none, and the store is read-only with the reason.
    fn begin(backend: B, locale: &str) -> (Self, Loaded, Vec<String>) {
        let mut store = Store {
            backend,
            locale: locale.to_string(),
            read_only: false,
            protected: BTreeSet::new(),
            reader: None,
            known_plan: None,
        };
        let mut loaded = Loaded {
            plan: Plan::for_locale(locale),
            ..Loaded::default()
        };
        let keys = store.backend.keys().unwrap_or_else(|e| {
            store.read_only = true;
            loaded.problems.push(Problem {
                key: String::new(),
                what: SaveError::from(e).message(),
                rescued_as: None,
            });
            Vec::new()
        });
        (store, loaded, keys)
    }

    /// Reads one record with `decode` (`what` names it in messages), returning its text and
    /// value; on failure reports it and moves it aside (or protects it).
    fn read_record<T>(
        &mut self,
        key: &str,
        (decode, what): (fn(&str) -> Decoded<T>, &str),
        loaded: &mut Loaded,
        problems: impl Fn(&T) -> Vec<String>,
    ) -> Option<(String, T)> {
        let raw = match self.backend.get(key) {
            Ok(Some(raw)) => raw,
            Ok(None) => return None,
            Err(e) => {
                self.protected.insert(key.to_string());
                loaded.problems.push(Problem {
                    key: key.into(),
                    what: SaveError::from(e).message(),
                    rescued_as: None,
                });
                return None;
            }
        };
        let why = match decode(&raw) {
            Decoded::Ok(value) => {
                let found = problems(&value);
                if found.is_empty() {
                    return Some((raw, value));
                }
                format!(
                    "A saved {what} has values Waypoint cannot use: {}",
                    found.join(" ")
                )
            }
            Decoded::Newer(version) => {
                self.read_only = true;
                loaded.newer_version =
                    Some(loaded.newer_version.map_or(version, |v| v.max(version)));
                return None;
            }
            Decoded::Unreadable(why) => why,
        };
        let rescued_as = self.rescue(key, &raw);
        loaded.problems.push(Problem {
            key: key.into(),
            what: why,
            rescued_as,
        });
        None
    }

    /// Moves raw text from `key` to a free rescue key. If the copy cannot be made, the original
    /// stays and its key is protected from being overwritten.
    fn rescue(&mut self, key: &str, raw: &str) -> Option<String> {
        let base = format!(
            "{}{}",
            keys::RESCUED_PREFIX,
            key.strip_prefix(keys::PREFIX).unwrap_or(key)
        );
        let taken: BTreeSet<String> = self
            .backend
            .keys()
            .unwrap_or_default()
            .into_iter()
            .collect();
        let target = std::iter::once(base.clone())
            .chain((2..).map(|n| format!("{base}.{n}")))
            .find(|k| !taken.contains(k))?;
        let copied = self.backend.set(&target, raw).is_ok()
            && matches!(self.backend.get(&target), Ok(Some(ref back)) if back == raw);
        if copied && self.backend.remove(key).is_ok() {
            Some(target)
        } else {
            if copied {
                let _ = self.backend.remove(&target);
            }
            self.protected.insert(key.to_string());
            None
        }
    }

    /// Whether saves are refused because a newer Waypoint wrote this journal.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    fn writable(&self, key: &str) -> Result<(), SaveError> {
        if self.read_only {
            return Err(SaveError::ReadOnly);
        }
        if self.protected.contains(key) {
            return Err(SaveError::Protected(key.to_string()));
        }
        Ok(())
    }

    /// The plan as stored now (defaults when none is stored yet). Read only when its text is not
    /// the one this store last read or wrote; without a [`Reader`] that is [`SaveError::NotReady`].
    fn stored_plan(&self) -> Result<Plan, SaveError> {
        let Some(raw) = self.backend.get(keys::PLAN)? else {
            return Ok(Plan::for_locale(&self.locale));
        };
        if let Some((known, plan)) = &self.known_plan {
            if *known == raw {
                return Ok(plan.clone());
            }
        }
        match self.reader.map(|r| (r.plan)(&raw)) {
            None => Err(SaveError::NotReady),
            Some(Decoded::Ok(plan)) => Ok(plan),
            Some(Decoded::Newer(_)) => Err(SaveError::ReadOnly),
            Some(Decoded::Unreadable(why)) => Err(SaveError::Protected(why)),
        }
    }

    /// The reader, when this store has one.
    pub fn reader(&self) -> Option<Reader> {
        self.reader
    }

    /// Changes the plan as it is stored now (another tab may have changed it since this one
    /// read it), checks the result and saves it. Returns the saved plan; on error nothing changed.
    pub fn update_plan(
        &mut self,
        change: impl FnOnce(&mut Plan) -> Result<(), String>,
    ) -> Result<Plan, SaveError> {
        self.writable(keys::PLAN)?;
        let mut plan = self.stored_plan()?;
        change(&mut plan).map_err(|why| SaveError::Invalid(vec![why]))?;
        let problems = plan.problems();
        if !problems.is_empty() {
            return Err(SaveError::Invalid(problems));
        }
        let raw = schema::encode(&plan);
        self.backend.set(keys::PLAN, &raw)?;
        self.known_plan = Some((raw, plan.clone()));
        Ok(plan)
    }

    /// Saves one entry (new or edited): one record written, nothing else touched.
    pub fn save_entry(&mut self, entry: &Entry) -> Result<(), SaveError> {
        let problems = entry.problems();
        if !problems.is_empty() {
            return Err(SaveError::Invalid(problems));
        }
        let key = keys::entry(&entry.id.0);
        self.writable(&key)?;
        self.backend.set(&key, &schema::encode(entry))?;
        Ok(())
    }

    /// Writes a restored backup: the merged plan and the entries to add or update, all or
    /// nothing. If any write fails (a full quota, say), every key written so far is put back as it
    /// was and the error is returned.
    pub fn restore(&mut self, plan: &Plan, entries: &[Entry]) -> Result<(), SaveError> {
        if let Some(problem) = entries.iter().flat_map(Entry::problems).next() {
            return Err(SaveError::Invalid(vec![problem]));
        }
        let plan_problems = plan.problems();
        if !plan_problems.is_empty() {
            return Err(SaveError::Invalid(plan_problems));
        }
        let mut writes: Vec<(String, String)> = entries
            .iter()
            .map(|e| (keys::entry(&e.id.0), schema::encode(e)))
            .collect();
        let plan_raw = schema::encode(plan);
        writes.push((keys::PLAN.to_string(), plan_raw.clone()));
        for (key, _) in &writes {
            self.writable(key)?;
        }
        let mut done: Vec<(String, Option<String>)> = Vec::new();
        for (key, value) in &writes {
            let before = self.backend.get(key)?;
            if let Err(e) = self.backend.set(key, value) {
                for (key, before) in done.iter().rev() {
                    let _ = match before {
                        Some(old) => self.backend.set(key, old),
                        None => self.backend.remove(key),
                    };
                }
                return Err(e.into());
            }
            done.push((key.clone(), before));
        }
        self.known_plan = Some((plan_raw, plan.clone()));
        Ok(())
    }

    /// Deletes one entry.
    pub fn delete_entry(&mut self, id: &EntryId) -> Result<(), SaveError> {
        let key = keys::entry(&id.0);
        self.writable(&key)?;
        self.backend.remove(&key)?;
        Ok(())
    }

    /// Deletes everything Waypoint stored: plan, entries, drafts and rescued copies.
    pub fn delete_all(&mut self) -> Result<(), SaveError> {
        for key in self
            .backend
            .keys()?
            .into_iter()
            .filter(|k| k.starts_with(keys::PREFIX))
        {
            self.backend.remove(&key)?;
        }
        self.read_only = false;
        self.protected.clear();
        self.known_plan = None;
        Ok(())
    }

    /// Every record Waypoint stored, raw, as `{key: text}` JSON: the journal exactly as saved,
    /// for when this version cannot read it (a newer Waypoint wrote it) but the patient wants it.
    pub fn raw_journal(&self) -> String {
        let pairs: BTreeMap<String, String> = self
            .backend
            .keys()
            .unwrap_or_default()
            .into_iter()
            .filter(|k| k.starts_with(keys::PREFIX) && !k.starts_with(keys::DRAFT_PREFIX))
            .filter_map(|k| self.backend.get(&k).ok().flatten().map(|v| (k, v)))
            .collect();
        json::to_string(&pairs)
    }

    /// Raw copies of unreadable data, `(key, raw)`, plus protected originals.
    pub fn rescued(&self) -> Vec<(String, String)> {
        let keys = self.backend.keys().unwrap_or_default();
        keys.into_iter()
            .filter(|k| k.starts_with(keys::RESCUED_PREFIX) || self.protected.contains(k))
            .filter_map(|k| self.backend.get(&k).ok().flatten().map(|raw| (k, raw)))
            .collect()
    }

    /// Removes one rescued copy (the patient downloaded it or chose to let it go). A protected
    /// original is released by removing it too.
    pub fn discard_rescued(&mut self, key: &str) -> Result<(), SaveError> {
        if !key.starts_with(keys::RESCUED_PREFIX) && !self.protected.contains(key) {
            return Err(SaveError::Invalid(vec![
                "That is not a rescued copy.".into()
            ]));
        }
        self.backend.remove(key)?;
        self.protected.remove(key);
        Ok(())
    }

    /// Keeps text being typed. Best effort: a draft that cannot be kept is not an error.
    pub fn save_draft(&self, form: &str, text: &str) {
        let key = keys::draft(form);
        let _ = if text.is_empty() {
            self.backend.remove(&key)
        } else {
            self.backend.set(&key, text)
        };
    }

    /// The draft for a form, if any.
    pub fn draft(&self, form: &str) -> Option<String> {
        self.backend.get(&keys::draft(form)).ok().flatten()
    }

    /// UTF-16 units Waypoint uses.
    pub fn usage_units(&self) -> usize {
        self.backend
            .keys()
            .unwrap_or_default()
            .into_iter()
            .filter(|k| k.starts_with(keys::PREFIX))
            .filter_map(|k| {
                self.backend
                    .get(&k)
                    .ok()
                    .flatten()
                    .map(|v| backend::units(&k, &v))
            })
            .sum()
    }

    /// The backend, for tests and the browser glue.
    pub fn backend(&self) -> &B {
        &self.backend
    }
}

/// Applies a change from another tab to this tab's entries, keeping them in written order.
pub fn apply_entry_change(entries: &mut Vec<Entry>, change: &Change) {
    match change {
        Change::Entry(entry) => {
            entries.retain(|e| e.id != entry.id);
            let at = entries.partition_point(|e| e.written <= entry.written);
            entries.insert(at, entry.clone());
        }
        Change::EntryRemoved(id) => entries.retain(|e| &e.id != id),
        Change::Cleared => entries.clear(),
        Change::Plan(_) | Change::Ignored => {}
    }
}

#[cfg(test)]
mod tests;
