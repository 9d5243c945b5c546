//! Report files as Waypoint writes them, for review mode: `tests/fixtures/report-v1.json` was
//! written by the build before reports recorded whose they are and what they cover, and must
//! always open.

// Native only: the file system is not there in the browser build.
#![cfg(not(target_arch = "wasm32"))]

use waypoint::domain::entry::{
    Entry, EntryBody, EntryId, Habits, Insight, Mood, Prompt, PromptAnswer, Sleep,
};
use waypoint::domain::export::{self, ShareChoice};
use waypoint::domain::import::{self, ImportFile};
use waypoint::domain::plan::Plan;
use waypoint::domain::session::{Phase, Route, Session, SessionId, Setting};
use waypoint::domain::time::Stamp;
use waypoint::json;

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
        bedtime: paris(bed),
        wake: paris(wake),
        quality,
        awakenings,
        note: String::new(),
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
    let expected = export::shared_export(
        &plan_a(),
        &journal_a(),
        &ids(&["s-a1", "s-a2"]),
        paris("2026-11-13T12:00"),
        1,
        "0.1.0",
    );
    assert_eq!(file, expected);
    assert_eq!(
        file.entries.len(),
        12,
        "sessions 1 and 2 without the private entry"
    );
    let report = export::report(&file);
    assert_eq!(report.sessions.len(), 2);
    assert_eq!(report.flagged.len(), 3);
}
