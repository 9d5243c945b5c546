//! The store's promises against the browser's real localStorage, through
//! [`LocalStorageBackend`]: the same promises `src/storage/tests.rs` checks over the in-memory
//! backend, here with Chromium's own quota, exceptions and key order.
//!
//! Every test starts by clearing localStorage: the tests share one page, so one origin.
//! Storage events from other tabs (`Reader::change`) cannot be raised in a single page; they are
//! covered natively.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::collections::BTreeMap;
use wasm_bindgen_test::*;
use waypoint::domain::entry::{Entry, EntryBody, EntryId, Mood};
use waypoint::domain::session::{Session, SessionId};
use waypoint::domain::time::Stamp;
use waypoint::storage::browser::LocalStorageBackend;
use waypoint::storage::{has_records, keys, Backend, BackendError, Loaded, SaveError, Store};

mod common;
use common::{local_storage, snapshot};

wasm_bindgen_test_configure!(run_in_browser);

/// Starts a test from an empty localStorage.
fn clear() {
    local_storage().clear().expect("localStorage cleared");
}

/// Only what Waypoint stored.
fn waypoint_snapshot() -> BTreeMap<String, String> {
    snapshot()
        .into_iter()
        .filter(|(k, _)| k.starts_with(keys::PREFIX))
        .collect()
}

fn set_raw(key: &str, value: &str) {
    local_storage()
        .set_item(key, value)
        .expect("a raw value written");
}

fn get_raw(key: &str) -> Option<String> {
    local_storage().get_item(key).expect("get")
}

fn stamp(text: &str) -> Stamp {
    Stamp::parse(text).expect("a valid stamp")
}

fn mood(id: &str, rating: u8) -> Entry {
    let at = stamp("2026-11-24T18:00:00+01:00");
    Entry {
        id: EntryId(id.into()),
        written: at,
        edited: at,
        private: false,
        discuss: false,
        body: EntryBody::Mood(Mood {
            rating,
            emotions: vec!["calm".into()],
            note: "a quiet evening".into(),
        }),
    }
}

fn with_note(mut entry: Entry, note: String) -> Entry {
    if let EntryBody::Mood(m) = &mut entry.body {
        m.note = note;
    }
    entry
}

fn open() -> (Store<LocalStorageBackend>, Loaded) {
    Store::open(LocalStorageBackend, "en-GB")
}

fn welcomed_with_session(store: &mut Store<LocalStorageBackend>) {
    store
        .update_plan(|p| {
            p.welcomed = true;
            p.course.upsert(Session::planned(
                SessionId("s-1".into()),
                stamp("2026-11-26T09:00:00+00:00"),
            ));
            Ok(())
        })
        .expect("the plan saved");
}

/// localStorage, counting the writes the store makes.
#[derive(Default)]
struct CountingLocalStorage {
    sets: Cell<usize>,
    removes: Cell<usize>,
}

impl Backend for CountingLocalStorage {
    fn get(&self, key: &str) -> Result<Option<String>, BackendError> {
        LocalStorageBackend.get(key)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), BackendError> {
        self.sets.set(self.sets.get() + 1);
        LocalStorageBackend.set(key, value)
    }
    fn remove(&self, key: &str) -> Result<(), BackendError> {
        self.removes.set(self.removes.get() + 1);
        LocalStorageBackend.remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, BackendError> {
        LocalStorageBackend.keys()
    }
}

#[wasm_bindgen_test]
fn an_entry_and_the_plan_come_back_when_the_store_is_opened_again() {
    clear();
    let (mut store, loaded) = open();
    assert!(loaded.entries.is_empty() && loaded.problems.is_empty());
    store.save_entry(&mood("e-1", 6)).expect("entry saved");
    welcomed_with_session(&mut store);
    drop(store);

    let stored: Vec<String> = snapshot().into_keys().collect();
    assert_eq!(stored, vec!["waypoint.entry.e-1", "waypoint.plan"]);
    assert!(
        get_raw("waypoint.plan")
            .expect("a plan")
            .starts_with(r#"{"schema_version":1,"data":"#),
        "the plan is stored in a versioned envelope"
    );

    let (_, again) = open();
    assert!(again.problems.is_empty(), "{:?}", again.problems);
    assert_eq!(again.entries, vec![mood("e-1", 6)]);
    assert!(again.plan.welcomed);
    assert_eq!(again.plan.course.sessions.len(), 1);
    assert_eq!(again.plan.course.sessions[0].id, SessionId("s-1".into()));
    assert_eq!(again.plan.settings.protocol.emergency_number, "999");
}

#[wasm_bindgen_test]
fn saving_one_entry_in_a_journal_of_three_thousand_writes_one_small_key() {
    // Pins the whole-journal-as-one-key design: one save rewriting every entry would get slower
    // with every entry and fail on quota long before the patient's storage is really full.
    clear();
    let (mut store, _) = open();
    for i in 0..3000 {
        store
            .save_entry(&mood(&format!("e-{i}"), 5))
            .expect("entry saved");
    }
    let (mut store, loaded) = Store::open(CountingLocalStorage::default(), "en-GB");
    assert_eq!(loaded.entries.len(), 3000);
    let before = snapshot();

    store.save_entry(&mood("e-new", 7)).expect("entry saved");

    assert_eq!(store.backend().sets.get(), 1, "one localStorage write");
    assert_eq!(store.backend().removes.get(), 0, "nothing removed");
    let after = snapshot();
    let changed: Vec<&String> = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(*v))
        .map(|(k, _)| k)
        .collect();
    assert_eq!(changed, vec!["waypoint.entry.e-new"]);
    assert!(before.keys().all(|k| after.contains_key(k)));
    let written = &after["waypoint.entry.e-new"];
    assert!(
        written.len() < 400,
        "one entry is a small record, not the journal ({} bytes)",
        written.len()
    );
    clear();
}

#[wasm_bindgen_test]
fn a_truncated_entry_is_moved_aside_unchanged_and_the_others_load() {
    // Pins the data-loss bug of apps that parse the whole journal at once: one damaged record
    // must not empty the journal, and the damaged text must never be overwritten.
    clear();
    let (mut store, _) = open();
    store.save_entry(&mood("e-1", 6)).expect("entry saved");
    store.save_entry(&mood("e-3", 4)).expect("entry saved");
    let truncated = r#"{"schema_version":1,"data":{"id":"e-2","written":"2026-11-24T1"#;
    set_raw("waypoint.entry.e-2", truncated);

    let (_, loaded) = open();

    assert_eq!(loaded.entries, vec![mood("e-1", 6), mood("e-3", 4)]);
    assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
    let problem = &loaded.problems[0];
    assert_eq!(problem.key, "waypoint.entry.e-2");
    assert!(problem.what.contains("damaged"), "{}", problem.what);
    assert_eq!(
        problem.rescued_as.as_deref(),
        Some("waypoint.rescued.entry.e-2")
    );
    assert_eq!(get_raw("waypoint.entry.e-2"), None);
    assert_eq!(
        get_raw("waypoint.rescued.entry.e-2").as_deref(),
        Some(truncated)
    );
    assert_eq!(
        loaded.rescued,
        vec![(
            "waypoint.rescued.entry.e-2".to_string(),
            truncated.to_string()
        )]
    );
}

#[wasm_bindgen_test]
fn a_plan_from_a_newer_version_makes_the_store_read_only_and_storage_untouched() {
    // Pins the downgrade bug: an older app that "upgrades" data it does not understand by
    // rewriting it in its own format destroys what the newer version wrote.
    clear();
    let (mut store, _) = open();
    store.save_entry(&mood("e-1", 6)).expect("entry saved");
    set_raw(
        "waypoint.plan",
        r#"{"schema_version": 99, "data": {"from": "the future"}}"#,
    );
    let before = snapshot();

    let (mut store, loaded) = open();

    assert!(store.is_read_only());
    assert_eq!(loaded.newer_version, Some(99));
    assert_eq!(store.save_entry(&mood("e-2", 3)), Err(SaveError::ReadOnly));
    assert_eq!(
        store.update_plan(|p| {
            p.welcomed = true;
            Ok(())
        }),
        Err(SaveError::ReadOnly)
    );
    assert_eq!(
        store.delete_entry(&EntryId("e-1".into())),
        Err(SaveError::ReadOnly)
    );
    assert_eq!(snapshot(), before, "byte for byte unchanged");
}

/// Fills localStorage with keys that are not Waypoint's until a write of even a few hundred
/// characters is refused. Returns the filler keys.
fn fill_storage() -> Vec<String> {
    let storage = local_storage();
    let mut filler = Vec::new();
    let mut size = 512 * 1024;
    while size >= 256 {
        let key = format!("filler.{}", filler.len());
        match storage.set_item(&key, &"x".repeat(size)) {
            Ok(()) => filler.push(key),
            Err(_) => size /= 2,
        }
        assert!(filler.len() < 200, "localStorage never filled up");
    }
    filler
}

#[wasm_bindgen_test]
fn a_full_storage_refuses_the_save_as_full_and_keeps_everything_saved_before() {
    // Pins the classification of Chromium's QuotaExceededError DOMException: reported as
    // anything but Full, the patient would be told storage is blocked instead of full.
    clear();
    let (mut store, _) = open();
    store.save_entry(&mood("e-1", 6)).expect("entry saved");
    welcomed_with_session(&mut store);
    let filler = fill_storage();
    assert!(!filler.is_empty());
    let before = waypoint_snapshot();

    let big = with_note(mood("e-2", 3), "a long evening of writing. ".repeat(100));
    let result = store.save_entry(&big);

    let edited = with_note(mood("e-1", 2), "more than fits. ".repeat(100));
    let edit_result = store.save_entry(&edited);
    let after = waypoint_snapshot();
    for key in &filler {
        local_storage().remove_item(key).expect("filler removed");
    }

    assert_eq!(result, Err(SaveError::Full));
    assert_eq!(
        edit_result,
        Err(SaveError::Full),
        "an edit that no longer fits"
    );
    assert_eq!(after, before, "everything saved before is unchanged");
    assert!(
        SaveError::Full
            .message()
            .contains("Your text is still here"),
        "{}",
        SaveError::Full.message()
    );
    let (_, loaded) = open();
    assert_eq!(loaded.entries, vec![mood("e-1", 6)]);
    assert!(loaded.plan.welcomed);
}

#[wasm_bindgen_test]
fn only_waypoints_own_keys_count_as_a_journal_stored() {
    clear();
    assert!(!has_records(&LocalStorageBackend), "an empty origin");
    set_raw("another-app.settings", "theirs");
    set_raw("waypointless", "not ours either");
    assert!(!has_records(&LocalStorageBackend), "other apps' keys");
    set_raw("waypoint.draft.new-mood-note", "half a thought");
    assert!(has_records(&LocalStorageBackend), "any key of Waypoint's");
    assert_eq!(
        LocalStorageBackend.has_key_starting("waypoint.entry."),
        Ok(false)
    );
}

#[wasm_bindgen_test]
fn delete_all_removes_only_waypoints_keys() {
    clear();
    set_raw("another-app.settings", "theirs");
    set_raw("waypointless", "not ours either");
    let (mut store, _) = open();
    store.save_entry(&mood("e-1", 6)).expect("entry saved");
    welcomed_with_session(&mut store);
    store.save_draft("new-mood-note", "half a thought");
    set_raw("waypoint.rescued.plan", "old");

    store.delete_all().expect("deleted");

    let left: Vec<(String, String)> = snapshot().into_iter().collect();
    assert_eq!(
        left,
        vec![
            ("another-app.settings".to_string(), "theirs".to_string()),
            ("waypointless".to_string(), "not ours either".to_string()),
        ]
    );
}

#[wasm_bindgen_test]
fn an_unreadable_plan_is_kept_aside_and_a_later_save_leaves_that_copy_alone() {
    // Pins the todomvc bug: unreadable data becoming defaults and being written back over the
    // original.
    clear();
    set_raw("waypoint.plan", "not json");

    let (mut store, loaded) = open();

    assert_eq!(get_raw("waypoint.plan"), None);
    assert_eq!(
        get_raw("waypoint.rescued.plan").as_deref(),
        Some("not json")
    );
    assert_eq!(loaded.problems.len(), 1);
    assert_eq!(
        loaded.problems[0].rescued_as.as_deref(),
        Some("waypoint.rescued.plan")
    );
    assert!(!loaded.plan.welcomed, "the app opens on defaults");

    let saved = store
        .update_plan(|p| {
            p.welcomed = true;
            Ok(())
        })
        .expect("a fresh plan saved");
    assert!(saved.welcomed);
    assert!(get_raw("waypoint.plan")
        .expect("a fresh plan")
        .contains(r#""welcomed":true"#));
    assert_eq!(
        get_raw("waypoint.rescued.plan").as_deref(),
        Some("not json")
    );

    let (_, again) = open();
    assert!(again.problems.is_empty(), "reported once, when found");
    assert!(again.plan.welcomed);
    assert_eq!(
        again.rescued,
        vec![("waypoint.rescued.plan".to_string(), "not json".to_string())]
    );
}
