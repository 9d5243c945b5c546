//! Report files as Waypoint writes them, for review mode: `tests/fixtures/report-v1.json` was
//! written by the build before reports recorded whose they are and what they cover, and must
//! always open; `tests/fixtures/review/` holds the files the end-to-end review suite opens
//! (patient A's three reports, one per week, and patient B's), which must be exactly what this
//! build writes. `WAYPOINT_WRITE_FIXTURES=1 cargo test --test review_fixtures` writes them anew
//! after a deliberate change.

// Native only: the file system is not there in the browser build.
#![cfg(not(target_arch = "wasm32"))]

use waypoint::domain::entry::{
    Entry, EntryBody, EntryId, Habits, Insight, Mood, Prompt, PromptAnswer, Sleep,
};
use waypoint::domain::export::{self, ShareChoice, SharedExport};
use waypoint::domain::import::{self, ImportFile};
use waypoint::domain::plan::Plan;
use waypoint::domain::review::{self, FileKind, Review, Slot};
use waypoint::domain::session::{Phase, Route, Session, SessionId, Setting};
use waypoint::domain::time::Stamp;
use waypoint::json;
use waypoint::storage::schema::CURRENT;

/// An instant on the patient's clock in Paris (UTC+01:00 in November).
fn paris(text: &str) -> Stamp {
    Stamp::parse(&format!("{text}:00+01:00")).expect("a valid stamp")
}

fn entry(id: &str, at: &str, discuss: bool, body: EntryBody) -> Entry {
    Entry {
        id: EntryId(id.into()),
        written: paris(at),
        edited: paris(at),
        private: false,
        discuss,
        body,
    }
}

fn mood(rating: u8, words: &[&str], note: &str) -> EntryBody {
    EntryBody::Mood(Mood {
        rating,
        emotions: words.iter().map(|w| w.to_string()).collect(),
        note: note.into(),
    })
}

fn sleep(bed: &str, wake: &str, quality: u8, awakenings: u8) -> EntryBody {
    EntryBody::Sleep(Sleep {
        quality: Some(quality),
        awakenings: Some(awakenings),
        ..Sleep::quick(paris(bed), paris(wake))
    })
}

fn insight(text: &str, answer: Option<(Prompt, &str)>, habits: Habits) -> EntryBody {
    EntryBody::Insight(Insight {
        text: text.into(),
        answers: answer
            .map(|(prompt, text)| PromptAnswer {
                prompt,
                text: text.into(),
            })
            .into_iter()
            .collect(),
        habits,
    })
}

fn session(id: &str, planned: &str, ended: &str, route: Route, intention: &str) -> Session {
    let mut s = Session::planned(SessionId(id.into()), paris(planned));
    s.started = Some(paris(planned));
    s.ended = Some(paris(ended));
    s.route = Some(route);
    s.setting = Setting::Clinic;
    s.place = "Clinique du Parc".into();
    s.phase = Phase::Induction;
    s.intention = intention.into();
    s
}

/// Patient A's plan: three sessions a week apart, each ended, in Paris.
fn plan_a() -> Plan {
    let mut plan = Plan::for_locale("en-GB");
    plan.welcomed = true;
    for s in [
        session(
            "s-a1",
            "2026-11-03T09:05",
            "2026-11-03T11:00",
            Route::IvInfusion,
            "Meet the fear with curiosity.",
        ),
        session(
            "s-a2",
            "2026-11-10T09:00",
            "2026-11-10T10:45",
            Route::IvInfusion,
            "Stay with the music.",
        ),
        session(
            "s-a3",
            "2026-11-17T09:02",
            "2026-11-17T10:50",
            Route::ImInjection,
            "Let the sadness have a voice.",
        ),
    ] {
        plan.course.upsert(s);
    }
    plan
}

/// Patient A's journal: mood and sleep getting better from session to session, some entries to
/// discuss, one private entry and one written before the first session.
fn journal_a() -> Vec<Entry> {
    let none = Habits::default();
    let mut private = entry(
        "e-a1-private",
        "2026-11-05T09:00",
        false,
        mood(2, &[], "Only for me."),
    );
    private.private = true;
    vec![
        entry(
            "e-a0-before",
            "2026-11-01T20:00",
            false,
            mood(5, &["anxious"], "Nervous about Tuesday."),
        ),
        entry(
            "e-a1-m1",
            "2026-11-03T15:00",
            true,
            mood(4, &["anxious", "tired"], "Foggy still."),
        ),
        entry("e-a1-m2", "2026-11-03T20:00", false, mood(5, &["calm"], "")),
        entry(
            "e-a1-s1",
            "2026-11-04T07:40",
            false,
            sleep("2026-11-03T23:30", "2026-11-04T06:00", 2, 3),
        ),
        entry(
            "e-a1-m3",
            "2026-11-04T12:00",
            false,
            mood(5, &["anxious", "hopeful"], ""),
        ),
        entry(
            "e-a1-i1",
            "2026-11-04T19:00",
            true,
            insight(
                "The fear was smaller than I thought.",
                Some((Prompt::Meaning, "Maybe I can face calls at work.")),
                Habits {
                    rest: true,
                    connection: true,
                    ..none
                },
            ),
        ),
        entry(
            "e-a1-s2",
            "2026-11-05T07:30",
            false,
            sleep("2026-11-04T23:00", "2026-11-05T06:30", 3, 1),
        ),
        private,
        entry(
            "e-a2-m1",
            "2026-11-10T16:00",
            false,
            mood(6, &["calm", "tender"], ""),
        ),
        entry(
            "e-a2-s1",
            "2026-11-11T07:00",
            false,
            sleep("2026-11-10T22:45", "2026-11-11T06:45", 4, 1),
        ),
        entry(
            "e-a2-m2",
            "2026-11-11T13:00",
            true,
            mood(6, &["hopeful"], "Want to talk about my sister."),
        ),
        entry(
            "e-a2-i1",
            "2026-11-11T20:00",
            false,
            insight(
                "Music carried me.",
                None,
                Habits {
                    movement: true,
                    rest: true,
                    ..none
                },
            ),
        ),
        entry(
            "e-a2-m3",
            "2026-11-12T18:00",
            false,
            mood(7, &["calm", "grateful"], ""),
        ),
        entry(
            "e-a2-m4",
            "2026-11-13T09:30",
            false,
            mood(7, &["hopeful"], ""),
        ),
        entry(
            "e-a3-m1",
            "2026-11-17T17:00",
            false,
            mood(7, &["open", "tender"], ""),
        ),
        entry(
            "e-a3-s1",
            "2026-11-18T07:10",
            false,
            sleep("2026-11-17T22:30", "2026-11-18T06:50", 4, 0),
        ),
        entry(
            "e-a3-m2",
            "2026-11-18T12:00",
            true,
            mood(8, &["hopeful", "connected"], ""),
        ),
        entry(
            "e-a3-i1",
            "2026-11-19T18:00",
            false,
            insight(
                "I called my sister.",
                Some((Prompt::SmallStep, "Call her again on Sunday.")),
                Habits {
                    food: true,
                    movement: true,
                    connection: true,
                    ..none
                },
            ),
        ),
        entry(
            "e-a3-s2",
            "2026-11-20T07:00",
            false,
            sleep("2026-11-19T22:15", "2026-11-20T06:45", 5, 0),
        ),
        entry("e-a3-m3", "2026-11-20T10:00", false, mood(8, &["calm"], "")),
    ]
}

fn ids(sessions: &[&str]) -> ShareChoice {
    ShareChoice {
        sessions: sessions.iter().map(|s| SessionId(s.to_string())).collect(),
        dates: None,
    }
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The journal's share of sessions 1 and 2, as the build before report version 2 wrote it.
#[test]
fn a_report_written_before_reports_had_a_version_of_their_own_still_opens() {
    let text = fixture("report-v1.json");
    let Ok(ImportFile::Shared(file)) = import::read_file(&text, 1) else {
        panic!("report-v1.json does not open");
    };
    let mut expected = export::shared_export(
        &plan_a(),
        &journal_a(),
        &ids(&["s-a1", "s-a2"]),
        paris("2026-11-13T12:00"),
        1,
        "0.1.0",
    );
    // What version 1 did not write.
    expected.report_version = 1;
    expected.range = None;
    assert_eq!(file, expected);
    assert_eq!(
        file.entries.len(),
        12,
        "sessions 1 and 2 without the private entry"
    );
    assert_eq!(file.report_version, 1);
    assert_eq!((&file.patient, &file.range), (&None, &None));
    let review = Review::open(file, "report-v1.json", FileKind::Report);
    let summary = review::summary(&review);
    assert_eq!(summary.sessions.len(), 2);
    assert_eq!(summary.discuss.len(), 3);
    assert!(review.files[0].covers().starts_with("range not recorded"));
}

const PATIENT_A: &str = "p-mhx2k9a0-7f3c";

/// Patient A's three reports: the first week by dates (with the evening before the first
/// session), sessions 1 and 2 a week later (one insight edited since), session 3 with initials.
fn reports_a() -> [(&'static str, SharedExport); 3] {
    let mut plan = plan_a();
    plan.settings.patient_id = PATIENT_A.into();
    let journal = journal_a();
    let week_one = ShareChoice {
        sessions: vec![],
        dates: Some((
            chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 6).unwrap(),
        )),
    };
    let first = export::shared_export(
        &plan,
        &journal,
        &week_one,
        paris("2026-11-06T12:00"),
        CURRENT,
        "0.1.0",
    );
    let mut edited = journal.clone();
    if let Some(e) = edited.iter_mut().find(|e| e.id.0 == "e-a1-i1") {
        e.edited = paris("2026-11-12T21:00");
        if let EntryBody::Insight(i) = &mut e.body {
            i.text = "The fear was smaller than I thought, and it passed.".into();
        }
    }
    plan.settings.report_name = "J.D.".into();
    let second = export::shared_export(
        &plan,
        &edited,
        &ids(&["s-a1", "s-a2"]),
        paris("2026-11-13T12:00"),
        CURRENT,
        "0.1.0",
    );
    let third = export::shared_export(
        &plan,
        &edited,
        &ids(&["s-a3"]),
        paris("2026-11-20T12:00"),
        CURRENT,
        "0.1.0",
    );
    [
        ("patient-a-week-1.json", first),
        ("patient-a-sessions-1-2.json", second),
        ("patient-a-session-3.json", third),
    ]
}

/// Patient B: another phone, one session, one report.
fn report_b() -> (&'static str, SharedExport) {
    let mut plan = Plan::for_locale("en-GB");
    plan.welcomed = true;
    plan.settings.patient_id = "p-mhy0b7c1-2d4e".into();
    plan.settings.report_name = "R.K.".into();
    plan.course.upsert(session(
        "s-b1",
        "2026-11-16T14:00",
        "2026-11-16T16:00",
        Route::Lozenge,
        "Notice the body.",
    ));
    let journal = vec![
        entry(
            "e-b1-m1",
            "2026-11-16T20:00",
            true,
            mood(3, &["numb"], "Hard evening."),
        ),
        entry(
            "e-b1-s1",
            "2026-11-17T08:00",
            false,
            sleep("2026-11-16T23:30", "2026-11-17T07:00", 3, 2),
        ),
    ];
    let file = export::shared_export(
        &plan,
        &journal,
        &ids(&["s-b1"]),
        paris("2026-11-18T12:00"),
        CURRENT,
        "0.1.0",
    );
    ("patient-b-session-1.json", file)
}

#[test]
fn the_review_fixtures_are_what_this_build_writes() {
    let dir = format!("{}/tests/fixtures/review", env!("CARGO_MANIFEST_DIR"));
    let files: Vec<(&str, SharedExport)> = reports_a().into_iter().chain([report_b()]).collect();
    for (name, file) in files {
        let text = json::to_string(&file);
        let path = format!("{dir}/{name}");
        if std::env::var_os("WAYPOINT_WRITE_FIXTURES").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &text).unwrap();
        }
        let stored = fixture(&format!("review/{name}"));
        assert_eq!(stored, text, "{name} is not what this build writes");
        assert!(
            matches!(import::read_file(&stored, CURRENT), Ok(ImportFile::Shared(f)) if f == file)
        );
    }
}

#[test]
fn patient_as_three_reports_are_one_course_that_gets_better_from_session_to_session() {
    let [(n1, f1), (n2, f2), (n3, f3)] = reports_a();
    let mut review = Review::open(f1, n1, FileKind::Report);
    let second = review.add(f2, n2, FileKind::Report).unwrap();
    assert_eq!((second.new, second.updated, second.already), (6, 1, 5));
    review.add(f3, n3, FileKind::Report).unwrap();
    assert_eq!(
        review.entries.len(),
        19,
        "every shared entry once; the private one never"
    );
    assert_eq!(review.patient_name(), Some("J.D."));
    let covers: Vec<String> = review.files.iter().map(|f| f.covers()).collect();
    assert_eq!(
        covers,
        [
            "entries written Sun 1 Nov 2026 to Fri 6 Nov 2026",
            "sessions 1 and 2",
            "session 3"
        ]
    );
    let summary = review::summary(&review);
    let course: Vec<(usize, Option<i64>, Option<i64>)> = summary
        .course
        .iter()
        .map(|p| {
            (
                p.number,
                p.mood.map(|t| t.average),
                p.sleep.map(|t| t.average),
            )
        })
        .collect();
    // Mood 4.7 → 6.5 → 7.7; sleep 7 h → 8 h → 8.4 h.
    assert_eq!(
        course,
        [
            (1, Some(47), Some(70)),
            (2, Some(65), Some(80)),
            (3, Some(77), Some(84))
        ]
    );
    let three = &summary.sessions[0];
    assert_eq!(three.session.intention, "Let the sadness have a voice.");
    assert_eq!(
        three.previous.map(|(n, m, _)| (n, m.map(|t| t.average))),
        Some((2, Some(65)))
    );
    let discuss: Vec<&str> = summary
        .discuss
        .iter()
        .map(|d| review.entries[d.entry].id.0.as_str())
        .collect();
    assert_eq!(discuss, ["e-a3-m2", "e-a2-m2", "e-a1-m1", "e-a1-i1"]);
    let edited = &review.entries[summary.discuss[3].entry];
    assert!(matches!(&edited.body, EntryBody::Insight(i) if i.text.ends_with("and it passed.")));
    assert_eq!(
        summary.before_first.groups[0].slot,
        Slot::Day(chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap())
    );

    let (name, b) = report_b();
    let before = review.clone();
    let refused = review.add(b, name, FileKind::Report).unwrap_err();
    assert!(refused.contains("another patient's journal"), "{refused}");
    assert_eq!(review, before, "a refused file changes nothing");
}
