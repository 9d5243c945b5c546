//! Native tests of the store's promises over the in-memory backend. The same promises are
//! checked against real localStorage in `tests/browser_storage.rs`.

use super::*;
use crate::domain::entry::{EntryBody, Mood};
use crate::domain::session::{Session, SessionId};
use crate::domain::time::Stamp;

fn stamp(text: &str) -> Stamp {
    Stamp::parse(text).unwrap()
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

fn session(id: &str) -> Session {
    Session::planned(SessionId(id.into()), stamp("2026-11-26T09:00:00+00:00"))
}

fn open(backend: MemoryBackend) -> (Store<MemoryBackend>, Loaded) {
    Store::open(backend, "en-GB")
}

#[test]
fn entries_and_plan_survive_reopening() {
    let (mut store, loaded) = open(MemoryBackend::new());
    assert!(loaded.entries.is_empty() && loaded.problems.is_empty());
    store.save_entry(&mood("e-1", 6)).unwrap();
    store
        .update_plan(|p| {
            p.course.upsert(session("s-1"));
            Ok(())
        })
        .unwrap();
    let (_, loaded) = open(MemoryBackend::with(store.backend().snapshot()));
    assert_eq!(loaded.entries, vec![mood("e-1", 6)]);
    assert_eq!(loaded.plan.course.sessions.len(), 1);
    assert_eq!(loaded.plan.settings.protocol.emergency_number, "999");
}

#[test]
fn saving_one_entry_writes_one_small_record_whatever_the_journal_size() {
    let mut written = Vec::new();
    for size in [3, 3000] {
        let (mut store, _) = open(MemoryBackend::new());
        for i in 0..size {
            store.save_entry(&mood(&format!("e-{i}"), 5)).unwrap();
        }
        let (before_writes, before_units) = (
            store.backend().writes.get(),
            store.backend().written_units.get(),
        );
        store.save_entry(&mood("e-new", 7)).unwrap();
        written.push((
            store.backend().writes.get() - before_writes,
            store.backend().written_units.get() - before_units,
        ));
    }
    assert_eq!(
        written[0], written[1],
        "the cost of one save must not grow with the journal"
    );
    assert_eq!(written[0].0, 1);
}

#[test]
fn a_damaged_entry_is_moved_aside_raw_and_the_rest_load() {
    let backend = MemoryBackend::new();
    let (mut store, _) = open(backend);
    store.save_entry(&mood("e-1", 6)).unwrap();
    let mut pairs = store.backend().snapshot();
    pairs.insert(
        keys::entry("e-2"),
        r#"{"schema_version":1,"data":{"id":"e-2","writ"#.into(),
    );
    let (store, loaded) = open(MemoryBackend::with(pairs));
    assert_eq!(loaded.entries.len(), 1);
    assert_eq!(loaded.problems.len(), 1);
    let rescued_key = loaded.problems[0].rescued_as.clone().expect("copied aside");
    let stored = store.backend().snapshot();
    assert_eq!(
        stored[&rescued_key],
        r#"{"schema_version":1,"data":{"id":"e-2","writ"#
    );
    assert!(!stored.contains_key(&keys::entry("e-2")));
    assert_eq!(
        loaded.rescued,
        vec![(
            rescued_key,
            stored[&loaded.problems[0].rescued_as.clone().unwrap()].clone()
        )]
    );
}

#[test]
fn rescued_copies_stay_through_later_openings_and_saves() {
    let pairs = [(keys::PLAN.to_string(), "not json at all".to_string())];
    let (mut store, loaded) = open(MemoryBackend::with(pairs));
    assert_eq!(loaded.problems.len(), 1);
    store
        .update_plan(|p| {
            p.welcomed = true;
            Ok(())
        })
        .unwrap();
    let (_, again) = open(MemoryBackend::with(store.backend().snapshot()));
    assert!(again.problems.is_empty(), "reported once, when found");
    assert_eq!(
        again.rescued,
        vec![(
            "waypoint.rescued.plan".to_string(),
            "not json at all".to_string()
        )]
    );
    assert!(again.plan.welcomed);
}

#[test]
fn a_second_damaged_plan_gets_its_own_rescue_key() {
    let pairs = [
        (keys::PLAN.to_string(), "second".to_string()),
        ("waypoint.rescued.plan".to_string(), "first".to_string()),
    ];
    let (store, loaded) = open(MemoryBackend::with(pairs));
    assert_eq!(
        loaded.problems[0].rescued_as.as_deref(),
        Some("waypoint.rescued.plan.2")
    );
    assert_eq!(store.backend().snapshot()["waypoint.rescued.plan"], "first");
}

#[test]
fn when_there_is_no_room_to_copy_damaged_data_the_original_is_protected() {
    let backend = MemoryBackend::with([(keys::PLAN.to_string(), "{damaged".to_string())]);
    backend.quota.set(Some(backend.used()));
    let (mut store, loaded) = open(backend);
    assert_eq!(loaded.problems[0].rescued_as, None);
    let before = store.backend().snapshot();
    let err = store.update_plan(|p| {
        p.welcomed = true;
        Ok(())
    });
    assert!(matches!(err, Err(SaveError::Protected(_))), "{err:?}");
    assert_eq!(store.backend().snapshot(), before);
    assert_eq!(
        loaded.rescued,
        vec![(keys::PLAN.to_string(), "{damaged".to_string())]
    );
}

#[test]
fn a_journal_from_a_newer_version_is_left_exactly_as_it_is() {
    let pairs = [
        (
            keys::PLAN.to_string(),
            r#"{"schema_version":2,"data":{"shiny":"new"}}"#.to_string(),
        ),
        (keys::entry("e-1"), schema::encode(&mood("e-1", 6))),
    ];
    let (mut store, loaded) = open(MemoryBackend::with(pairs));
    assert_eq!(loaded.newer_version, Some(2));
    assert!(store.is_read_only());
    let before = store.backend().snapshot();
    assert_eq!(store.save_entry(&mood("e-2", 3)), Err(SaveError::ReadOnly));
    assert_eq!(
        store.delete_entry(&EntryId("e-1".into())),
        Err(SaveError::ReadOnly)
    );
    assert!(matches!(
        store.update_plan(|_| Ok(())),
        Err(SaveError::ReadOnly)
    ));
    assert_eq!(store.backend().snapshot(), before);
    assert!(SaveError::ReadOnly.message().contains("newer version"));
}

#[test]
fn a_full_quota_refuses_the_save_and_keeps_everything_saved_before() {
    let (mut store, _) = open(MemoryBackend::new());
    store.save_entry(&mood("e-1", 6)).unwrap();
    store.backend().quota.set(Some(store.backend().used() + 10));
    let before = store.backend().snapshot();
    assert_eq!(store.save_entry(&mood("e-2", 3)), Err(SaveError::Full));
    assert_eq!(store.backend().snapshot(), before);
    assert!(SaveError::Full
        .message()
        .contains("Your text is still here"));
}

#[test]
fn an_edit_that_no_longer_fits_keeps_the_previous_version() {
    let (mut store, _) = open(MemoryBackend::new());
    store.save_entry(&mood("e-1", 6)).unwrap();
    store.backend().quota.set(Some(store.backend().used() + 5));
    let mut edited = mood("e-1", 2);
    if let EntryBody::Mood(m) = &mut edited.body {
        m.note = "much longer text than before".repeat(10);
    }
    assert_eq!(store.save_entry(&edited), Err(SaveError::Full));
    let (_, loaded) = open(MemoryBackend::with(store.backend().snapshot()));
    assert_eq!(loaded.entries, vec![mood("e-1", 6)]);
}

#[test]
fn storage_that_refuses_writes_gives_a_plain_message() {
    let (mut store, _) = open(MemoryBackend::new());
    store.backend().refuse_writes.set(true);
    let err = store.save_entry(&mood("e-1", 6)).unwrap_err();
    assert!(matches!(err, SaveError::Unavailable(_)));
    assert!(err.message().contains("private browsing"));
}

#[test]
fn invalid_entries_are_refused_before_anything_is_written() {
    let (mut store, _) = open(MemoryBackend::new());
    let err = store.save_entry(&mood("e-1", 42)).unwrap_err();
    assert_eq!(
        err,
        SaveError::Invalid(vec!["Mood is rated from 0 to 10.".into()])
    );
    assert!(store.backend().snapshot().is_empty());
}

#[test]
fn an_entry_stored_under_another_entrys_key_is_moved_aside() {
    let pairs = [(keys::entry("e-2"), schema::encode(&mood("e-1", 6)))];
    let (_, loaded) = open(MemoryBackend::with(pairs));
    assert!(loaded.entries.is_empty());
    assert!(
        loaded.problems[0].what.contains("another entry"),
        "{:?}",
        loaded.problems
    );
}

#[test]
fn values_out_of_range_in_storage_are_moved_aside_not_shown() {
    let raw = schema::encode(&mood("e-1", 6)).replace(r#""rating":6"#, r#""rating":99"#);
    let (_, loaded) = open(MemoryBackend::with([(keys::entry("e-1"), raw.clone())]));
    assert!(loaded.entries.is_empty());
    assert_eq!(loaded.rescued[0].1, raw);
}

#[test]
fn two_tabs_changing_the_plan_keep_both_changes() {
    let shared = std::rc::Rc::new(MemoryBackend::new());
    let (mut tab_a, _) = Store::open(shared.clone(), "en-GB");
    let (mut tab_b, view_b) = Store::open(shared.clone(), "en-GB");
    assert!(view_b.plan.course.sessions.is_empty());
    // Tab A adds a session after tab B has read the plan…
    tab_a
        .update_plan(|p| {
            p.course.upsert(session("from-a"));
            Ok(())
        })
        .unwrap();
    // …and B, still showing no sessions, changes a setting.
    let saved = tab_b
        .update_plan(|p| {
            p.settings.protocol.fasting_hours = 6;
            Ok(())
        })
        .unwrap();
    assert_eq!(
        saved.course.sessions.len(),
        1,
        "B's save must not undo A's new session"
    );
    assert_eq!(saved.settings.protocol.fasting_hours, 6);
}

#[test]
fn a_plan_change_that_breaks_a_rule_is_refused_and_nothing_is_written() {
    let (mut store, _) = open(MemoryBackend::new());
    let err = store.update_plan(|p| {
        p.settings.protocol.fasting_hours = 99;
        Ok(())
    });
    assert!(matches!(err, Err(SaveError::Invalid(_))));
    assert!(store.backend().snapshot().is_empty());
}

#[test]
fn delete_all_removes_only_what_waypoint_stored() {
    let backend = MemoryBackend::with([("another-app".to_string(), "theirs".to_string())]);
    let (mut store, _) = open(backend);
    store.save_entry(&mood("e-1", 6)).unwrap();
    store.save_draft("mood-note", "half a thought");
    store.backend().set("waypoint.rescued.plan", "old").unwrap();
    store.delete_all().unwrap();
    assert_eq!(
        store.backend().snapshot().into_iter().collect::<Vec<_>>(),
        vec![("another-app".to_string(), "theirs".to_string())]
    );
}

#[test]
fn a_journal_from_a_newer_version_can_be_taken_away_exactly_as_saved() {
    let newer = r#"{"schema_version":2,"data":{"shiny":"new"}}"#.to_string();
    let pairs = [
        (keys::PLAN.to_string(), newer.clone()),
        ("other".to_string(), "x".to_string()),
    ];
    let (store, loaded) = open(MemoryBackend::with(pairs));
    assert_eq!(loaded.newer_version, Some(2));
    let raw: std::collections::BTreeMap<String, String> =
        json::from_str(&store.raw_journal()).unwrap();
    assert_eq!(
        raw.into_iter().collect::<Vec<_>>(),
        vec![(keys::PLAN.to_string(), newer)]
    );
}

#[test]
fn drafts_are_kept_and_cleared() {
    let (store, _) = open(MemoryBackend::new());
    store.save_draft("insight", "something I noticed");
    assert_eq!(
        store.draft("insight").as_deref(),
        Some("something I noticed")
    );
    store.save_draft("insight", "");
    assert_eq!(store.draft("insight"), None);
}

#[test]
fn discarding_only_touches_rescued_copies() {
    let (mut store, _) = open(MemoryBackend::with([(
        "waypoint.rescued.plan".to_string(),
        "x".to_string(),
    )]));
    store.save_entry(&mood("e-1", 6)).unwrap();
    assert!(store.discard_rescued(&keys::entry("e-1")).is_err());
    store.discard_rescued("waypoint.rescued.plan").unwrap();
    assert!(store.rescued().is_empty());
    assert_eq!(store.backend().snapshot().len(), 1);
}

#[test]
fn changes_from_another_tab_are_decoded_and_applied() {
    let entry = mood("e-1", 6);
    let change = Reader::new().change(Some(&keys::entry("e-1")), Some(&schema::encode(&entry)));
    assert_eq!(change, Change::Entry(entry.clone()));
    let mut entries = vec![];
    apply_entry_change(&mut entries, &change);
    assert_eq!(entries, vec![entry.clone()]);
    let edited = mood("e-1", 2);
    apply_entry_change(
        &mut entries,
        &Reader::new().change(Some(&keys::entry("e-1")), Some(&schema::encode(&edited))),
    );
    assert_eq!(entries, vec![edited]);
    apply_entry_change(
        &mut entries,
        &Reader::new().change(Some(&keys::entry("e-1")), None),
    );
    assert!(entries.is_empty());
    assert_eq!(Reader::new().change(None, None), Change::Cleared);
    assert_eq!(
        Reader::new().change(Some("waypoint.draft.x"), Some("t")),
        Change::Ignored
    );
    assert_eq!(
        Reader::new().change(Some(&keys::entry("e-1")), Some("garbage")),
        Change::Ignored
    );
}

#[test]
fn a_restore_that_runs_out_of_room_puts_everything_back() {
    let (mut store, _) = open(MemoryBackend::new());
    store.save_entry(&mood("e-1", 6)).unwrap();
    let before = store.backend().snapshot();
    store
        .backend()
        .quota
        .set(Some(store.backend().used() + 400));
    let mut edited = mood("e-1", 2);
    edited.edited = stamp("2026-11-25T09:00:00+01:00");
    let many: Vec<Entry> = std::iter::once(edited)
        .chain((0..20).map(|i| mood(&format!("e-new-{i}"), 4)))
        .collect();
    let err = store.restore(&Plan::default(), &many);
    assert_eq!(err, Err(SaveError::Full));
    assert_eq!(store.backend().snapshot(), before);
}

#[test]
fn a_restore_writes_entries_and_plan() {
    let (mut store, _) = open(MemoryBackend::new());
    let plan = Plan {
        welcomed: true,
        ..Plan::default()
    };
    store
        .restore(&plan, &[mood("e-1", 6), mood("e-2", 3)])
        .unwrap();
    let (_, loaded) = open(MemoryBackend::with(store.backend().snapshot()));
    assert_eq!(loaded.entries.len(), 2);
    assert!(loaded.plan.welcomed);
}

#[test]
fn usage_counts_only_waypoints_keys() {
    let (mut store, _) = open(MemoryBackend::with([(
        "other".to_string(),
        "x".repeat(100),
    )]));
    assert_eq!(store.usage_units(), 0);
    store.save_entry(&mood("e-1", 6)).unwrap();
    let expected = backend::units(&keys::entry("e-1"), &schema::encode(&mood("e-1", 6)));
    assert_eq!(store.usage_units(), expected);
}

#[test]
fn a_first_visit_opens_saves_and_changes_the_plan_without_a_reader() {
    let backend = MemoryBackend::with([("another-app".to_string(), "theirs".to_string())]);
    assert!(!has_records(&backend));
    let (mut store, loaded) = Store::open_empty(backend, "en-GB");
    assert!(loaded.problems.is_empty() && !store.is_read_only());
    store.save_entry(&mood("e-1", 6)).unwrap();
    // The plan this store wrote is changed again with no reading at all.
    for (id, hours) in [("s-1", 4), ("s-2", 6)] {
        store
            .update_plan(|p| {
                p.course.upsert(session(id));
                p.settings.protocol.fasting_hours = hours;
                Ok(())
            })
            .unwrap();
    }
    assert!(has_records(store.backend()));
    let (_, loaded) = open(MemoryBackend::with(store.backend().snapshot()));
    assert_eq!(loaded.entries, vec![mood("e-1", 6)]);
    assert_eq!(loaded.plan.course.sessions.len(), 2);
    assert_eq!(loaded.plan.settings.protocol.fasting_hours, 6);
}

#[test]
fn a_plan_another_tab_changed_waits_for_the_reader_and_nothing_is_lost() {
    let shared = std::rc::Rc::new(MemoryBackend::new());
    let (mut first_visit, _) = Store::open_empty(shared.clone(), "en-GB");
    first_visit
        .update_plan(|p| {
            p.course.upsert(session("mine"));
            Ok(())
        })
        .unwrap();
    let (mut other_tab, _) = Store::open(shared.clone(), "en-GB");
    other_tab
        .update_plan(|p| {
            p.course.upsert(session("theirs"));
            Ok(())
        })
        .unwrap();
    let before = shared.snapshot();
    let change = |p: &mut Plan| {
        p.settings.protocol.fasting_hours = 6;
        Ok(())
    };
    assert_eq!(first_visit.update_plan(change), Err(SaveError::NotReady));
    assert_eq!(shared.snapshot(), before, "a refused change writes nothing");
    assert!(SaveError::NotReady.message().contains("try again"));
    // The app then opens the store anew with the reader, as it would with the next start.
    let (mut first_visit, _) = Store::open(shared.clone(), "en-GB");
    let saved = first_visit.update_plan(change).unwrap();
    assert_eq!(
        saved.course.sessions.len(),
        2,
        "the other tab's session is kept"
    );
    assert_eq!(saved.settings.protocol.fasting_hours, 6);
}

#[test]
fn records_found_without_a_reader_are_left_alone_and_the_store_is_read_only() {
    let stored = MemoryBackend::with([(keys::entry("e-1"), schema::encode(&mood("e-1", 6)))]);
    assert!(has_records(&stored));
    let before = stored.snapshot();
    let (mut store, loaded) = Store::open_empty(stored, "en-GB");
    assert!(store.is_read_only());
    assert!(loaded.entries.is_empty() && loaded.rescued.is_empty());
    assert!(
        loaded.problems[0].what.contains("Reload"),
        "{:?}",
        loaded.problems
    );
    assert_eq!(store.save_entry(&mood("e-2", 3)), Err(SaveError::ReadOnly));
    assert_eq!(store.backend().snapshot(), before);
}

#[test]
fn storage_that_cannot_be_listed_counts_as_holding_records() {
    let blocked = MemoryBackend::new();
    blocked.refuse_reads.set(true);
    blocked.refuse_writes.set(true);
    assert!(has_records(&blocked));
    // Opened with its reader, as the app then does, it says why and refuses saves.
    let (mut store, loaded) = Store::open(blocked, "en-GB");
    assert_eq!(loaded.problems.len(), 1);
    assert!(store.save_entry(&mood("e-1", 6)).is_err());
}
