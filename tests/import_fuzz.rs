//! The import path (bytes → parse → validate → merge → store) under hostile input, and the
//! export round trips. Random bytes and structured mutations of a valid backup must never
//! panic; a rejected file must change nothing stored; an accepted one must be entirely valid.
//!
//! Budget: 256 cases per property in CI. For a longer run:
//! `WAYPOINT_FUZZ_CASES=20000 cargo test --release --test import_fuzz`.

// Native only: proptest and the file system are not there in the browser build.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use proptest::test_runner::Config;
use waypoint::domain::backup::{Backup, BACKUP_FORMAT};
use waypoint::domain::entry::{
    Entry, EntryBody, EntryId, Habits, Insight, Mood, Prompt, PromptAnswer, Sleep,
};
use waypoint::domain::export::{csv_cell, shared_export, ShareChoice};
use waypoint::domain::import::{self, ImportFile};
use waypoint::domain::plan::Plan;
use waypoint::domain::time::Stamp;
use waypoint::json;
use waypoint::storage::{schema, MemoryBackend, Store};

fn config() -> Config {
    let cases = std::env::var("WAYPOINT_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

fn stamp(seconds: i64, offset_quarters: i32) -> Stamp {
    let offset = chrono::FixedOffset::east_opt(offset_quarters * 900).expect("offset in range");
    let utc = chrono::DateTime::from_timestamp(seconds, 0).expect("in range");
    Stamp(utc.with_timezone(&offset))
}

/// Text of any Unicode, including markup and formula starters.
fn any_text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(any::<char>(), 0..max).prop_map(String::from_iter),
        Just("<script>alert(1)</script>".to_string()),
        Just("=HYPERLINK(\"http://x\",\"y\")".to_string()),
        Just("\"quoted\", with\ncommas\r\n".to_string()),
    ]
}

/// Text that often starts the way a spreadsheet formula does, or with a space or quote.
fn cell_text() -> impl Strategy<Value = String> {
    let starts = ["", "=", "+", "-", "@", "\t", "\r", " ", "\"", "'"];
    (proptest::sample::select(starts.to_vec()), any_text(80))
        .prop_map(|(start, rest)| format!("{start}{rest}"))
}

fn valid_entry() -> impl Strategy<Value = Entry> {
    let body = prop_oneof![
        (
            0..=10u8,
            proptest::collection::btree_set("[a-z]{1,12}", 0..4),
            any_text(60)
        )
            .prop_map(|(rating, words, note)| EntryBody::Mood(Mood {
                rating,
                emotions: words.into_iter().collect(),
                note
            })),
        (
            1_700_000_000i64..1_900_000_000,
            60i64..86_400,
            1..=5u8,
            0..=50u8,
            any_text(60)
        )
            .prop_map(|(bed, slept, quality, awakenings, note)| {
                EntryBody::Sleep(Sleep {
                    quality: Some(quality),
                    awakenings: Some(awakenings),
                    note,
                    ..Sleep::quick(stamp(bed, 4), stamp(bed + slept, 4))
                })
            }),
        ("[a-z ]{1,80}", any_text(60), any::<[bool; 4]>()).prop_map(|(text, answer, h)| {
            EntryBody::Insight(Insight {
                text,
                answers: vec![PromptAnswer {
                    prompt: Prompt::Meaning,
                    text: answer,
                }],
                habits: Habits {
                    food: h[0],
                    movement: h[1],
                    rest: h[2],
                    connection: h[3],
                },
            })
        }),
    ];
    (
        "[a-z0-9]{1,10}",
        1_700_000_000i64..1_900_000_000,
        0i64..1_000_000,
        -48i32..=56,
        any::<bool>(),
        any::<bool>(),
        body,
    )
        .prop_map(
            |(id, written, later, offset, private, discuss, body)| Entry {
                id: EntryId(format!("e-{id}")),
                written: stamp(written, offset),
                edited: stamp(written + later, offset),
                private,
                discuss,
                body,
            },
        )
}

fn backup_of(entries: Vec<Entry>) -> Backup {
    let mut seen = std::collections::HashSet::new();
    let entries = entries
        .into_iter()
        .filter(|e| seen.insert(e.id.clone()))
        .collect();
    Backup {
        format: BACKUP_FORMAT.into(),
        schema_version: schema::CURRENT,
        app_version: "0.1.0".into(),
        exported_at: stamp(1_800_000_000, 4),
        plan: Plan {
            welcomed: true,
            ..Plan::default()
        },
        entries,
    }
}

/// A store holding some data, to prove a rejected file leaves it alone.
fn store_with_data() -> Store<MemoryBackend> {
    let (mut store, _) = Store::open(MemoryBackend::new(), "en-GB");
    let entry = Entry {
        id: EntryId("e-mine".into()),
        written: stamp(1_800_000_000, 0),
        edited: stamp(1_800_000_000, 0),
        private: true,
        discuss: false,
        body: EntryBody::Mood(Mood {
            rating: 5,
            ..Mood::default()
        }),
    };
    store.save_entry(&entry).expect("save");
    store
}

/// The whole import path as the app runs it; returns whether the file was accepted.
fn import_into(store: &mut Store<MemoryBackend>, text: &str) -> bool {
    match import::read_file(text, schema::CURRENT) {
        Ok(ImportFile::Backup(backup)) => {
            let (_, loaded) = Store::open(MemoryBackend::with(store.backend().snapshot()), "en-GB");
            let merge = import::merge(&loaded.plan, &loaded.entries, &backup);
            store.restore(&merge.plan, &merge.write).is_ok()
        }
        Ok(ImportFile::Shared(shared)) => {
            assert!(shared
                .entries
                .iter()
                .all(|e| !e.private && e.problems().is_empty()));
            true
        }
        Err(message) => {
            assert!(!message.is_empty() && message.len() < 400, "{message}");
            false
        }
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Truncate(usize),
    Delete(usize, usize),
    Insert(usize, String),
    Nest(usize),
    SetVersion(u32),
    BigNumber(u64),
    LongString(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 1usize..40).prop_map(|(a, n)| Mutation::Delete(a, n)),
        (
            any::<usize>(),
            prop_oneof![
                Just("{".to_string()),
                Just("]".to_string()),
                Just(",null".to_string()),
                Just("\"".to_string()),
                Just("\\u0000".to_string()),
                "[ -~]{1,12}"
            ]
        )
            .prop_map(|(a, s)| Mutation::Insert(a, s)),
        (10usize..5_000).prop_map(Mutation::Nest),
        any::<u32>().prop_map(Mutation::SetVersion),
        any::<u64>().prop_map(Mutation::BigNumber),
        (1usize..200_000).prop_map(Mutation::LongString),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    let at = |i: usize| {
        let mut i = i % (text.len() + 1);
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    match m {
        Mutation::Truncate(i) => text[..at(*i)].to_string(),
        Mutation::Delete(i, n) => {
            let a = at(*i);
            let b = at(a + n);
            format!("{}{}", &text[..a], &text[b.max(a)..])
        }
        Mutation::Insert(i, s) => {
            let a = at(*i);
            format!("{}{s}{}", &text[..a], &text[a..])
        }
        Mutation::Nest(depth) => text.replacen(
            "\"entries\":[",
            &format!("\"entries\":[{}{}", "[".repeat(*depth), "]".repeat(*depth)),
            1,
        ),
        Mutation::SetVersion(v) => text.replacen(
            "\"schema_version\":1",
            &format!("\"schema_version\":{v}"),
            1,
        ),
        Mutation::BigNumber(n) => text.replacen("\"rating\":", &format!("\"rating\":{n}0"), 1),
        Mutation::LongString(n) => {
            text.replacen("\"note\":\"", &format!("\"note\":\"{}", "x".repeat(*n)), 1)
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_never_panic_and_change_nothing(bytes in proptest::collection::vec(any::<u8>(), 0..2_000)) {
        let text = String::from_utf8_lossy(&bytes);
        let mut store = store_with_data();
        let before = store.backend().snapshot();
        if !import_into(&mut store, &text) {
            prop_assert_eq!(store.backend().snapshot(), before);
        }
    }

    #[test]
    fn mutated_backups_are_either_wholly_valid_or_change_nothing(
        entries in proptest::collection::vec(valid_entry(), 0..8),
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        let mut text = json::to_string(&backup_of(entries));
        for m in &mutations {
            text = apply(&text, m);
        }
        let mut store = store_with_data();
        let before = store.backend().snapshot();
        let accepted = import_into(&mut store, &text);
        if accepted {
            // Whatever was accepted is readable again, every record valid.
            let (_, loaded) = Store::open(MemoryBackend::with(store.backend().snapshot()), "en-GB");
            prop_assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
            prop_assert!(loaded.entries.iter().any(|e| e.id.0 == "e-mine"), "the phone's own entry survives a restore");
        } else {
            prop_assert_eq!(store.backend().snapshot(), before);
        }
    }

    #[test]
    fn mutated_shared_reports_are_either_wholly_valid_or_refused_changing_nothing(
        entries in proptest::collection::vec(valid_entry(), 0..8),
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        let backup = backup_of(entries);
        let everything = ShareChoice { sessions: vec![], dates: Some((chrono::NaiveDate::MIN, chrono::NaiveDate::MAX)) };
        let shared = shared_export(&backup.plan, &backup.entries, &everything, stamp(1_800_000_000, 4), schema::CURRENT, "0.1.0");
        let mut text = json::to_string(&shared);
        for m in &mutations {
            text = apply(&text, m);
        }
        let mut store = store_with_data();
        let before = store.backend().snapshot();
        // A report is reviewed, never stored: accepted or not, the phone's data stays as it was.
        import_into(&mut store, &text);
        prop_assert_eq!(store.backend().snapshot(), before);
    }

    #[test]
    fn a_backup_round_trips_every_entry(entries in proptest::collection::vec(valid_entry(), 0..12)) {
        let backup = backup_of(entries);
        let text = pretty(&json::to_string(&backup));
        let read = import::read_file(&text, schema::CURRENT);
        prop_assert_eq!(read.as_ref().map_err(String::as_str), Ok(&ImportFile::Backup(backup.clone())));
        // Stamps compare as instants; the offsets must survive too.
        if let Ok(ImportFile::Backup(b)) = read {
            for (a, b) in backup.entries.iter().zip(&b.entries) {
                prop_assert_eq!(a.written.iso(), b.written.iso());
            }
        }
        // And a restore into an empty phone gives every entry back.
        let (mut store, _) = Store::open(MemoryBackend::new(), "en-GB");
        let merge = import::merge(&Plan::default(), &[], &backup);
        store.restore(&merge.plan, &merge.write).expect("restore");
        let (_, loaded) = Store::open(MemoryBackend::with(store.backend().snapshot()), "en-GB");
        let mut expected = backup.entries.clone();
        expected.sort_by(|a, b| a.written.cmp(&b.written).then_with(|| a.id.cmp(&b.id)));
        prop_assert_eq!(loaded.entries, expected);
    }

    #[test]
    fn a_shared_export_round_trips_and_never_holds_a_private_entry(entries in proptest::collection::vec(valid_entry(), 0..12)) {
        let backup = backup_of(entries);
        let everything = ShareChoice { sessions: vec![], dates: Some((chrono::NaiveDate::MIN, chrono::NaiveDate::MAX)) };
        let shared = shared_export(&backup.plan, &backup.entries, &everything, stamp(1_800_000_000, 4), schema::CURRENT, "0.1.0");
        let text = json::to_string(&shared);
        match import::read_file(&text, schema::CURRENT) {
            Ok(ImportFile::Shared(back)) => {
                let expected: Vec<&Entry> = backup.entries.iter().filter(|e| !e.private).collect();
                prop_assert_eq!(back.entries.iter().collect::<Vec<_>>(), expected);
            }
            other => prop_assert!(false, "{:?}", other),
        }
    }

    #[test]
    fn a_csv_cell_reads_back_as_its_text_and_never_as_a_formula(text in cell_text()) {
        let cell = csv_cell(&text);
        let read = read_cell(&cell);
        let starts_formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
        let expected = if starts_formula { format!("'{text}") } else { text.clone() };
        prop_assert_eq!(&read, &expected);
        prop_assert!(!read.starts_with(['=', '+', '-', '@', '\t', '\r']));
    }
}

/// `compact` indented, and with every object's keys in alphabetical order (serde_json's `Value`
/// sorts them): a file another tool rewrote must read the same.
fn pretty(compact: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(compact).expect("valid JSON");
    serde_json::to_string_pretty(&value).expect("a value serialises")
}

/// Reads one RFC 4180 cell back, as a spreadsheet would.
fn read_cell(cell: &str) -> String {
    match cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => {
            assert!(
                !cell.contains([',', '"', '\n', '\r']),
                "unquoted cell with a separator: {cell:?}"
            );
            cell.to_string()
        }
    }
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_parsing() {
    // 9 MB of one open bracket would exhaust a naive recursive parser; it is refused on size.
    let text = "[".repeat(9 * 1024 * 1024);
    let err = import::read_file(&text, schema::CURRENT).unwrap_err();
    assert!(err.contains("too large"), "{err}");
}

#[test]
fn deep_nesting_under_the_size_limit_is_refused_without_reading_past_the_limit() {
    let text = format!(
        "{{\"format\":\"waypoint-backup\",\"schema_version\":1,\"x\":{}{}}}",
        "[".repeat(1_000_000),
        "]".repeat(1_000_000)
    );
    let err = import::read_file(&text, schema::CURRENT).unwrap_err();
    assert!(err.contains("nested far too deeply"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Every single change to a valid file
// ---------------------------------------------------------------------------------------------

/// A backup with one entry of each kind and a plan holding every kind of field.
fn rich_backup() -> Backup {
    use waypoint::domain::checklist::{ChecklistState, Due, OwnItem};
    use waypoint::domain::session::{Route, Session, SessionId};
    let at = |s: i64| stamp(1_800_000_000 + s, 4);
    let mut session = Session::planned(SessionId("s-1".into()), at(0));
    session.route = Some(Route::Lozenge);
    session.started = Some(at(60));
    session.ended = Some(at(3_600));
    session.checklist = ChecklistState {
        ticked: ["medical".to_string()].into(),
        hidden: ["clothes".to_string()].into(),
        own: vec![OwnItem {
            key: "own-1".into(),
            due: Due::DayOf,
            text: "Headphones".into(),
        }],
    };
    session.self_care = vec!["fluids".into()];
    let mut plan = Plan {
        welcomed: true,
        ..Plan::default()
    };
    plan.course.upsert(session);
    // The fields written only when set: a confirmed country, a line with something to say.
    plan.settings.crisis = waypoint::domain::plan::CrisisChoice::Country("GB".into());
    plan.settings.protocol.crisis_line.about = "24 hours. Free from any phone.".into();
    let entry = |id: &str, body| Entry {
        id: EntryId(id.into()),
        written: at(7_200),
        edited: at(7_300),
        private: false,
        discuss: true,
        body,
    };
    let mut backup = backup_of(vec![
        entry(
            "e-1",
            EntryBody::Mood(Mood {
                rating: 6,
                emotions: vec!["calm".into()],
                note: "ok".into(),
            }),
        ),
        entry(
            "e-2",
            // Every answer of the Consensus Sleep Diary given.
            EntryBody::Sleep(Sleep {
                tried_to_sleep: Some(at(600)),
                minutes_to_fall_asleep: Some(20),
                minutes_awake: Some(15),
                out_of_bed: Some(at(30_000)),
                quality: Some(4),
                awakenings: Some(1),
                ..Sleep::quick(at(0), at(28_800))
            }),
        ),
        entry(
            "e-5",
            EntryBody::Questionnaire(waypoint::domain::questionnaire::Questionnaire {
                instrument: waypoint::domain::questionnaire::Instrument::Phq9,
                answers: vec![1, 0, 2, 1, 0, 0, 1, 0, 1],
                difficulty: Some(1),
            }),
        ),
        entry(
            "e-3",
            EntryBody::Insight(Insight {
                text: "rest".into(),
                answers: vec![PromptAnswer {
                    prompt: Prompt::SmallStep,
                    text: "walk".into(),
                }],
                habits: Habits {
                    rest: true,
                    ..Habits::default()
                },
            }),
        ),
        // Last in the list too: a mood without its rating is named there as anywhere.
        entry(
            "e-4",
            EntryBody::Mood(Mood {
                rating: 3,
                emotions: vec![],
                note: String::new(),
            }),
        ),
    ]);
    backup.plan = plan;
    backup
}

/// Every place in `value` as a JSON pointer, objects and arrays included.
fn pointers(value: &serde_json::Value, at: String, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(fields) => {
            for (key, inner) in fields {
                pointers(inner, format!("{at}/{key}"), out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                pointers(inner, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// The text of `value` with one change: the value at `pointer` replaced, or removed from its
/// object when `replacement` is `None`; indented over many lines when `pretty`.
fn damaged(
    value: &serde_json::Value,
    pointer: &str,
    replacement: Option<serde_json::Value>,
    pretty: bool,
) -> Option<String> {
    let mut value = value.clone();
    match replacement {
        Some(new) => *value.pointer_mut(pointer)? = new,
        None => {
            let (parent, key) = pointer.rsplit_once('/')?;
            value.pointer_mut(parent)?.as_object_mut()?.remove(key)?;
        }
    }
    if pretty {
        serde_json::to_string_pretty(&value).ok()
    } else {
        serde_json::to_string(&value).ok()
    }
}

/// Whether `message` says where the change at `pointer` is: the field (or a missing one, when
/// the change removed it or left an object without its required fields) and every list item
/// around it (`item 2 of `entries``), in the words a person reads.
fn names_the_place(message: &str, pointer: &str, removed: bool) -> bool {
    let segments: Vec<&str> = pointer.split('/').skip(1).collect();
    let mut items = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        if let Ok(index) = segment.parse::<usize>() {
            items.push(match i.checked_sub(1).map(|before| segments[before]) {
                Some(list) if list.parse::<usize>().is_err() => {
                    format!("item {} of `{list}`", index + 1)
                }
                _ => format!("item {}", index + 1),
            });
        }
    }
    let last = segments.last().copied().unwrap_or("");
    let subject = if pointer.is_empty() {
        message.starts_with("the data ") || message.starts_with("missing field `")
    } else if removed {
        message.starts_with(&format!("missing field `{last}`"))
    } else if message.starts_with("missing field `") {
        true
    } else if last.parse::<usize>().is_ok() {
        items
            .last()
            .is_some_and(|item| message.starts_with(item.as_str()))
    } else {
        message.starts_with(&format!("`{last}`"))
    };
    subject && items.iter().all(|item| message.contains(item.as_str()))
}

/// Each single change to a valid `T` (every value given another type, every field removed), in
/// the compact text and in an indented one over many lines, is either read, as a value that
/// writes and reads back the same, or refused with a message that names where the change is.
fn every_change_is_read_or_named<T>(valid: &T)
where
    T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
{
    let value: serde_json::Value =
        serde_json::from_str(&json::to_string(valid)).expect("a valid file is JSON");
    let mut places = Vec::new();
    pointers(&value, String::new(), &mut places);
    let others = [
        serde_json::json!(7),
        serde_json::json!("x"),
        serde_json::json!(null),
        serde_json::json!(true),
        serde_json::json!([]),
        serde_json::json!({}),
        serde_json::json!(6.0),
        serde_json::json!(-1),
        serde_json::json!(256),
    ];
    let (mut read, mut refused) = (0, 0);
    let every_change = places.iter().flat_map(|place| {
        let changes = others.iter().cloned().map(Some).chain([None]);
        changes.flat_map(move |change| [(place, change.clone(), false), (place, change, true)])
    });
    for (place, change, pretty) in every_change {
        let removed = change.is_none();
        let Some(text) = damaged(&value, place, change, pretty) else {
            continue;
        };
        match json::from_str::<T>(&text) {
            Ok(value) => {
                read += 1;
                let again = json::to_string(&value);
                assert_eq!(json::from_str::<T>(&again).as_ref(), Ok(&value), "{text}");
            }
            Err(json::ReadError::Shape(e)) => {
                refused += 1;
                let message = e.to_string();
                assert!(
                    names_the_place(&message, place, removed),
                    "{place}: {message}"
                );
            }
            Err(json::ReadError::NotJson) => panic!("every change is JSON: {text}"),
        }
    }
    assert!(read > 10 && refused > 100, "{read} read, {refused} refused");
}

#[test]
fn a_backup_with_one_change_is_read_or_refused_saying_where() {
    every_change_is_read_or_named(&rich_backup());
}

#[test]
fn a_shared_report_with_one_change_is_read_or_refused_saying_where() {
    let backup = rich_backup();
    let everything = ShareChoice {
        sessions: vec![],
        dates: Some((chrono::NaiveDate::MIN, chrono::NaiveDate::MAX)),
    };
    let shared = shared_export(
        &backup.plan,
        &backup.entries,
        &everything,
        stamp(1_800_000_000, 4),
        schema::CURRENT,
        "0.1.0",
    );
    assert!(!shared.entries.is_empty() && !shared.sessions.is_empty());
    every_change_is_read_or_named(&shared);
}
