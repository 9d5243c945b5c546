//! Every released storage schema version, loaded by the current build with nothing lost.
//! Fixtures are localStorage as each version wrote it (`tests/fixtures/store-vN.json`).
//!
//! Also the JSON text itself: records and files written by every earlier build (pasted below
//! exactly as they were written) read as the same values, and are written back byte for byte.

// Native only: proptest and the file system are not there in the browser build.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use waypoint::domain::backup::{Backup, BACKUP_FORMAT};
use waypoint::domain::checklist::{ChecklistState, Due, OwnItem};
use waypoint::domain::entry::{
    Entry, EntryBody, EntryId, Habits, Insight, Mood, Prompt, PromptAnswer, Sleep,
};
use waypoint::domain::export::{shared_export, ShareChoice, SharedExport};
use waypoint::domain::plan::{ClockChoice, Plan, Settings, Theme};
use waypoint::domain::protocol::ClinicProtocol;
use waypoint::domain::session::{Course, Phase, Route, Session, SessionId, Setting};
use waypoint::domain::time::Stamp;
use waypoint::json;
use waypoint::storage::schema::Decoded;
use waypoint::storage::{schema, MemoryBackend, Store};

fn fixture(version: u32) -> BTreeMap<String, String> {
    let path = format!(
        "{}/tests/fixtures/store-v{version}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
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

// ---------------------------------------------------------------------------------------------
// Text written by the first serde-based builds, exactly as serde_json wrote it (generated from
// the values below), which the hand-written JSON of the builds between wrote byte for byte too.
// The mood's note holds every kind of character that needs care: escapes, a control character,
// DEL and U+2028 (both written raw), non-ASCII.
// ---------------------------------------------------------------------------------------------

macro_rules! old_mood {
    () => {
        concat!(
            r#"{"id":"e-lq1b0000-aaaa","written":"2026-11-10T17:00:00+01:00","edited":"2026-11-10T18:30:00-05:30","private":false,"discuss":true,"kind":"mood","rating":6,"emotions":["tender","open"],"note":"Quote \" backslash \\ slash / tab\t nl\n cr\r bell\u0007 del"#,
            "\u{7f}",
            r#" café ☕ 😀 "#,
            "\u{2028}",
            r#" <b>"}"#
        )
    };
}

macro_rules! old_sleep {
    () => {
        r#"{"id":"e-2","written":"2026-11-11T07:30:00+00:00","edited":"2026-11-11T07:45:00+00:00","private":true,"discuss":false,"kind":"sleep","bedtime":"2026-11-10T22:40:00+00:00","wake":"2026-11-11T07:10:00+00:00","quality":4,"awakenings":1,"note":""}"#
    };
}

macro_rules! old_insight {
    () => {
        r#"{"id":"e-3","written":"2026-11-11T20:15:00+14:00","edited":"2026-11-11T20:15:00+14:00","private":false,"discuss":false,"kind":"insight","text":"I can rest.","answers":[{"prompt":"small_step","text":"Walk"},{"prompt":"experienced","text":"x"}],"habits":{"food":true,"movement":false,"rest":true,"connection":false}}"#
    };
}

macro_rules! old_plan {
    () => {
        r#"{"course":{"sessions":[{"id":"s-1","planned":"2026-11-10T09:00:00+00:00","setting":"home","place":"Harbour \"Clinic\"","route":"im_injection","phase":"maintenance","intention":"Be kind.","started":"2026-11-10T09:05:00+00:00","ended":"2026-11-10T10:55:00+00:00","checklist":{"ticked":["medical","own-1"],"hidden":["clothes"],"own":[{"key":"own-1","due":"on_arrival","text":"Headphones"}]},"self_care":["fluids"]},{"id":"s-2","planned":"2026-11-24T09:00:00+00:00","setting":"clinic","place":"","route":null,"phase":"induction","intention":"","started":null,"ended":null,"checklist":{"ticked":[],"hidden":[],"own":[]},"self_care":[]}]},"settings":{"protocol":{"clinic_name":"","clinic_phone":"","crisis_line":{"name":"Samaritans","number":"116 123"},"emergency_number":"999","fasting_hours":4,"substances_hours":24,"no_driving_hours":12,"no_driving_until_morning":true,"morning_hour":8,"no_decisions_hours":24},"theme":"dark","clock":"h12"},"welcomed":true}"#
    };
}

macro_rules! old_default_plan {
    () => {
        r#"{"course":{"sessions":[]},"settings":{"protocol":{"clinic_name":"","clinic_phone":"","crisis_line":{"name":"Emergency services","number":"112"},"emergency_number":"112","fasting_hours":4,"substances_hours":24,"no_driving_hours":12,"no_driving_until_morning":true,"morning_hour":8,"no_decisions_hours":24},"theme":"system","clock":"locale"},"welcomed":false}"#
    };
}

const OLD_BACKUP: &str = concat!(
    r#"{"format":"waypoint-backup","schema_version":1,"app_version":"0.1.0","exported_at":"2026-11-22T14:30:00+01:00","plan":"#,
    old_plan!(),
    r#","entries":["#,
    old_mood!(),
    ",",
    old_sleep!(),
    ",",
    old_insight!(),
    "]}"
);

const OLD_SHARED: &str = concat!(
    r#"{"format":"waypoint-share","schema_version":1,"app_version":"0.1.0","exported_at":"2026-11-26T12:00:00+00:00","sessions":[{"id":"s-1","number":1,"planned":"2026-11-10T09:00:00+00:00","started":"2026-11-10T09:05:00+00:00","ended":"2026-11-10T10:55:00+00:00","route":"im_injection","setting":"home","phase":"maintenance","intention":"Be kind."}],"entries":["#,
    old_mood!(),
    ",",
    old_insight!(),
    "]}"
);

const OLD_MOOD_RECORD: &str = concat!(r#"{"schema_version":1,"data":"#, old_mood!(), "}");

fn st(text: &str) -> Stamp {
    Stamp::parse(text).expect("a valid stamp")
}

fn mood() -> Entry {
    Entry {
        id: EntryId("e-lq1b0000-aaaa".into()),
        written: st("2026-11-10T17:00:00+01:00"),
        edited: st("2026-11-10T18:30:00-05:30"),
        private: false,
        discuss: true,
        body: EntryBody::Mood(Mood {
            rating: 6,
            emotions: vec!["tender".into(), "open".into()],
            note: "Quote \" backslash \\ slash / tab\t nl\n cr\r bell\u{7} del\u{7f} café ☕ 😀 \u{2028} <b>"
                .into(),
        }),
    }
}

fn sleep() -> Entry {
    Entry {
        id: EntryId("e-2".into()),
        written: st("2026-11-11T07:30:00Z"),
        edited: st("2026-11-11T07:45:00+00:00"),
        private: true,
        discuss: false,
        body: EntryBody::Sleep(Sleep {
            quality: Some(4),
            awakenings: Some(1),
            ..Sleep::quick(
                st("2026-11-10T22:40:00+00:00"),
                st("2026-11-11T07:10:00+00:00"),
            )
        }),
    }
}

fn insight() -> Entry {
    Entry {
        id: EntryId("e-3".into()),
        written: st("2026-11-11T20:15:00+14:00"),
        edited: st("2026-11-11T20:15:00+14:00"),
        private: false,
        discuss: false,
        body: EntryBody::Insight(Insight {
            text: "I can rest.".into(),
            answers: vec![
                PromptAnswer {
                    prompt: Prompt::SmallStep,
                    text: "Walk".into(),
                },
                PromptAnswer {
                    prompt: Prompt::Experienced,
                    text: "x".into(),
                },
            ],
            habits: Habits {
                food: true,
                movement: false,
                rest: true,
                connection: false,
            },
        }),
    }
}

fn plan() -> Plan {
    let mut first = Session::planned(SessionId("s-1".into()), st("2026-11-10T09:00:00+00:00"));
    first.setting = Setting::Home;
    first.place = "Harbour \"Clinic\"".into();
    first.route = Some(Route::ImInjection);
    first.phase = Phase::Maintenance;
    first.intention = "Be kind.".into();
    first.started = Some(st("2026-11-10T09:05:00+00:00"));
    first.ended = Some(st("2026-11-10T10:55:00+00:00"));
    first.checklist = ChecklistState {
        ticked: ["medical".to_string(), "own-1".to_string()].into(),
        hidden: ["clothes".to_string()].into(),
        own: vec![OwnItem {
            key: "own-1".into(),
            due: Due::OnArrival,
            text: "Headphones".into(),
        }],
    };
    first.self_care = vec!["fluids".into()];
    let second = Session::planned(SessionId("s-2".into()), st("2026-11-24T09:00:00+00:00"));
    Plan {
        course: Course {
            sessions: vec![first, second],
        },
        settings: Settings {
            protocol: ClinicProtocol::for_locale("en-GB"),
            theme: Theme::Dark,
            clock: ClockChoice::H12,
            ..Settings::default()
        },
        welcomed: true,
        ..Plan::default()
    }
}

fn backup() -> Backup {
    Backup {
        format: BACKUP_FORMAT.into(),
        schema_version: 1,
        app_version: "0.1.0".into(),
        exported_at: st("2026-11-22T14:30:00+01:00"),
        plan: plan(),
        entries: vec![mood(), sleep(), insight()],
    }
}

/// `text` reads as `expected`, offsets included (stamps compare as instants), and `expected`
/// writes back as `text`, byte for byte.
fn reads_and_writes_back<T>(text: &str, expected: &T)
where
    T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
{
    let read: T = json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert_eq!(&read, expected);
    assert_eq!(
        json::to_string(&read),
        text,
        "what was read writes back unchanged"
    );
    assert_eq!(
        json::to_string(expected),
        text,
        "the value writes the old text"
    );
}

#[test]
fn entries_written_by_the_serde_builds_read_the_same_and_write_back_byte_for_byte() {
    reads_and_writes_back(old_mood!(), &mood());
    reads_and_writes_back(old_sleep!(), &sleep());
    reads_and_writes_back(old_insight!(), &insight());
}

#[test]
fn a_plan_written_by_the_serde_builds_reads_the_same_and_writes_back_byte_for_byte() {
    reads_and_writes_back(old_plan!(), &plan());
    reads_and_writes_back(old_default_plan!(), &Plan::default());
}

#[test]
fn a_backup_written_by_the_serde_builds_reads_the_same_and_writes_back_byte_for_byte() {
    reads_and_writes_back(OLD_BACKUP, &backup());
}

#[test]
fn a_shared_report_written_by_the_serde_builds_reads_the_same_and_writes_back_byte_for_byte() {
    let b = backup();
    let everything = ShareChoice {
        sessions: vec![],
        dates: Some((chrono::NaiveDate::MIN, chrono::NaiveDate::MAX)),
    };
    let mut shared: SharedExport = shared_export(
        &b.plan,
        &b.entries,
        &everything,
        st("2026-11-26T12:00:00+00:00"),
        1,
        "0.1.0",
    );
    // Report version 1 recorded neither whose journal nor what was chosen.
    shared.report_version = 1;
    shared.range = None;
    reads_and_writes_back(OLD_SHARED, &shared);
}

#[test]
fn a_record_stored_by_the_serde_builds_reads_the_same_and_is_stored_again_byte_for_byte() {
    assert_eq!(
        schema::decode::<Entry>(OLD_MOOD_RECORD, "journal entry"),
        Decoded::Ok(mood())
    );
    assert_eq!(schema::encode(&mood()), OLD_MOOD_RECORD);
}

#[test]
fn fields_older_writers_left_out_read_as_their_defaults() {
    let plan: Plan = json::from_str(r#"{"settings":{"protocol":{"fasting_hours":6}}}"#)
        .expect("a sparse plan reads");
    let mut expected = Plan::default();
    expected.settings.protocol.fasting_hours = 6;
    assert_eq!(
        plan, expected,
        "a protocol's missing fields are the protocol's defaults"
    );

    let session: Session =
        json::from_str(r#"{"id":"s-1","planned":"2026-11-10T09:00:00+00:00","later":1}"#)
            .expect("a sparse session reads");
    assert_eq!(
        session,
        Session::planned(SessionId("s-1".into()), st("2026-11-10T09:00:00+00:00"))
    );

    let entry: Entry = json::from_str(
        r#"{"id":"e-1","written":"2026-11-10T17:00:00+00:00","edited":"2026-11-10T17:00:00+00:00","kind":"insight"}"#,
    )
    .expect("a sparse entry reads");
    assert!(!entry.private && !entry.discuss);
    assert_eq!(entry.body, EntryBody::Insight(Insight::default()));
}

#[test]
fn a_null_is_none_for_optional_fields_and_refused_for_the_rest() {
    let session: Session = json::from_str(
        r#"{"id":"s-1","planned":"2026-11-10T09:00:00+00:00","route":null,"started":null}"#,
    )
    .expect("null optional fields read");
    assert_eq!((session.route, session.started), (None, None));
    let err = json::from_str::<Session>(
        r#"{"id":"s-1","planned":"2026-11-10T09:00:00+00:00","place":null}"#,
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "`place` should be text");
}
