//! The calendar files Waypoint writes, byte for byte: `tests/fixtures/calendar/*.ics` are what
//! the generator makes for three fixed cases, and `tests/tools/calendar.test.mjs` reads the same
//! files with a real iCalendar parser (ical.js), checking alarms, stable UIDs and folding. So the
//! parser's verdict is on exactly what this build writes.
//!
//! After a deliberate change to the files, write them again with
//! `WAYPOINT_WRITE_FIXTURES=1 cargo test --test calendar_files`, and read the diff.

use chrono::{DateTime, Duration, Utc};
use std::path::PathBuf;
use waypoint::domain::calendar::{check_ins_calendar, session_calendar, CalendarChoice};
use waypoint::domain::protocol::ClinicProtocol;
use waypoint::domain::session::{Course, Route, Session, SessionId};
use waypoint::domain::time::{ClockStyle, EuropeanZone, Stamp};

fn stamp(t: &str) -> Stamp {
    Stamp::parse(t).expect("a valid stamp")
}

fn at(t: &str) -> DateTime<Utc> {
    stamp(t).utc()
}

/// Session 1: Tue 24 Nov 2026 09:00 in London, an IV infusion at a clinic whose name needs
/// escaping and whose place folds across lines in three scripts.
fn planned() -> Session {
    let mut s = Session::planned(
        SessionId("s-mi2x9k0a-4f2c".into()),
        stamp("2026-11-24T09:00:00+00:00"),
    );
    s.route = Some(Route::IvInfusion);
    s.place =
        "Clínica del Parque, planta 2; Ελληνική πτέρυγα 🌿 entrance by the garden gate".into();
    s
}

fn protocol() -> ClinicProtocol {
    let mut p = ClinicProtocol::for_locale("en-GB");
    p.clinic_name = "Harbour, Clinic".into();
    p.clinic_phone = "020 7946 0000".into();
    p
}

fn fixtures() -> Vec<(&'static str, String)> {
    let zone = EuropeanZone::london();
    let made = at("2026-11-20T10:00:00+00:00");
    let neutral = session_calendar(
        &planned(),
        &protocol(),
        &CalendarChoice::default(),
        &zone,
        ClockStyle::H24,
        made,
    );
    let detailed = session_calendar(
        &planned(),
        &protocol(),
        &CalendarChoice {
            title: "Tue: appointment, room 3; bring \\notes\\".into(),
            details: true,
            leave_minutes: 45,
        },
        &zone,
        ClockStyle::H24,
        // Made again two hours later: the same UID, a higher SEQUENCE.
        made + Duration::hours(2),
    );
    let mut ended = planned();
    ended.started = Some(stamp("2026-11-24T09:05:00+00:00"));
    ended.ended = Some(stamp("2026-11-24T11:00:00+00:00"));
    let mut course = Course::default();
    course.upsert(ended.clone());
    let check_ins = check_ins_calendar(
        &course,
        &ended,
        &CalendarChoice::default(),
        &zone,
        at("2026-11-24T11:30:00+00:00"),
    );
    vec![
        ("session-neutral.ics", neutral),
        ("session-details.ics", detailed),
        ("check-ins.ics", check_ins),
    ]
}

fn folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/calendar")
}

#[test]
fn the_calendar_files_are_written_exactly_as_the_fixtures_hold_them() {
    let write = std::env::var("WAYPOINT_WRITE_FIXTURES").is_ok_and(|v| v == "1");
    for (name, text) in fixtures() {
        let path = folder().join(name);
        if write {
            std::fs::create_dir_all(folder()).expect("the fixture folder");
            std::fs::write(&path, &text).expect("a fixture written");
            continue;
        }
        let stored = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (write it with WAYPOINT_WRITE_FIXTURES=1)",
                path.display()
            )
        });
        assert_eq!(
            stored, text,
            "{name} differs from what this build writes (WAYPOINT_WRITE_FIXTURES=1 writes it again)"
        );
    }
}

#[test]
fn the_fixtures_cover_folding_inside_multi_octet_text_and_escaping() {
    let all: Vec<(&str, String)> = fixtures();
    let detailed = &all[1].1;
    let lines: Vec<&str> = detailed.split("\r\n").collect();
    assert!(
        lines.iter().any(|l| l.starts_with(' ')),
        "some line is folded"
    );
    // A fold next to a character of more than one octet: the line before it ends short of 75.
    assert!(
        lines
            .windows(2)
            .any(|w| w[1].starts_with(' ') && w[0].len() < 75),
        "a fold moved back to keep a character whole"
    );
    assert!(detailed.contains("\\;") && detailed.contains("\\,") && detailed.contains("\\\\"));
}
