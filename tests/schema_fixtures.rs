//! Every released storage schema version, loaded by the current build with nothing lost.
//! Fixtures are localStorage as each version wrote it (`tests/fixtures/store-vN.json`).

// Native only: proptest and the file system are not there in the browser build.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use waypoint::domain::entry::EntryBody;
use waypoint::storage::{schema, MemoryBackend, Store};

fn fixture(version: u32) -> BTreeMap<String, String> {
    let path = format!(
        "{}/tests/fixtures/store-v{version}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_released_schema_version_has_a_fixture() {
    for version in 1..=schema::CURRENT {
        assert!(
            !fixture(version).is_empty(),
            "store-v{version}.json is missing or empty"
        );
    }
}

#[test]
fn a_version_1_journal_opens_with_every_record_and_value() {
    let stored = fixture(1);
    let (store, loaded) = Store::open(MemoryBackend::with(stored.clone()), "en-US");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert!(loaded.rescued.is_empty());
    assert_eq!(loaded.newer_version, None);
    let plan = &loaded.plan;
    assert!(plan.welcomed);
    assert_eq!(plan.course.sessions.len(), 2);
    let first = &plan.course.sessions[0];
    assert_eq!(first.intention, "Meet the tiredness with kindness.");
    assert_eq!(
        first.ended.map(|e| e.iso()).as_deref(),
        Some("2026-11-10T10:55:00+00:00")
    );
    assert_eq!(first.checklist.own[0].text, "Charge my headphones");
    assert!(first.checklist.hidden.contains("clothes"));
    assert_eq!(plan.settings.protocol.fasting_hours, 6);
    assert_eq!(plan.settings.protocol.clinic_phone, "020 7946 0000");
    assert_eq!(loaded.entries.len(), 3);
    assert!(
        matches!(&loaded.entries[0].body, EntryBody::Mood(m) if m.rating == 6 && m.emotions == ["tender", "open"])
    );
    assert!(matches!(&loaded.entries[1].body, EntryBody::Sleep(s) if s.hours_text() == "8.5"));
    assert!(loaded.entries[2].private);
    assert_eq!(
        store.draft("new-mood-note").as_deref(),
        Some("half a thought")
    );
    // Opening changed nothing.
    assert_eq!(store.backend().snapshot(), stored);
}

#[test]
fn a_version_1_journal_saved_again_reads_back_the_same() {
    let (mut store, loaded) = Store::open(MemoryBackend::with(fixture(1)), "en-US");
    for entry in &loaded.entries {
        store.save_entry(entry).expect("re-save");
    }
    store.update_plan(|_| Ok(())).expect("re-save plan");
    let (_, again) = Store::open(MemoryBackend::with(store.backend().snapshot()), "en-US");
    assert_eq!(again.entries, loaded.entries);
    assert_eq!(again.plan, loaded.plan);
}
