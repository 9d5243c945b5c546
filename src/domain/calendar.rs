//! Calendar reminders without a server: RFC 5545 `.ics` files the patient adds to the calendar
//! they already trust. One for a planned session, with alarms the evening before (no alcohol
//! from…), when fasting starts, and when to leave; one for a finished session, with its 72-hour
//! check-ins as events that remind.
//!
//! What the files promise:
//! - times in UTC (`20261124T080000Z`), so no `VTIMEZONE` is needed and a calendar shows them on
//!   whatever clock the phone is on;
//! - stable `UID`s made from the session's id, and a `SEQUENCE` that grows with the time the
//!   file was made, so importing a newer file updates the events instead of adding copies;
//! - text escaped as RFC 5545 §3.3.11 says (backslash, semicolon, comma, line breaks) and every
//!   line folded at 75 octets (§3.1), never inside a UTF-8 character;
//! - nothing clinical on a lock screen unless the patient asks: the title is "Waypoint: session"
//!   or whatever they choose, and the rules, the place and the check-ins' names are written only
//!   when they tick "show details".
//!
//! Written here rather than with the `icalendar` crate: its folding mixes character and byte
//! positions, its escaping leaves a carriage return as it is, and it stamps events with the
//! system clock (and turns on chrono's clock for the whole app), where Waypoint passes time in.

use super::checklist;
use super::protocol::ClinicProtocol;
use super::session::{typical_length, Course, Session, Setting};
use super::time::{clock, clock_and_day, ClockStyle, Zone};
use super::window::{self, CheckIn, CheckInState};
use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Timelike, Utc};
use std::fmt::Write as _;

/// The session event's title unless the patient chooses another.
pub const SESSION_TITLE: &str = "Waypoint: session";
/// The check-in events' title unless the patient chooses another.
pub const CHECK_IN_TITLE: &str = "Waypoint: check-in";
/// The longest title kept, in characters.
pub const MAX_TITLE_CHARS: usize = 80;
/// The choices offered for leaving before a session, in minutes.
pub const LEAVE_MINUTES: [u16; 6] = [15, 30, 45, 60, 90, 120];
/// The leaving time offered first.
pub const DEFAULT_LEAVE_MINUTES: u16 = 60;
/// The latest line length RFC 5545 allows, in octets, line break excluded.
pub const FOLD_OCTETS: usize = 75;
/// When the evening-before reminder comes, on the patient's clock, unless a rule starts earlier.
pub const EVENING_HOUR: u32 = 19;
/// How long a check-in event lasts in the calendar.
pub const CHECK_IN_MINUTES: i64 = 15;

/// What the patient chose for a calendar file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarChoice {
    /// The events' title; empty means the default for the file.
    pub title: String,
    /// Whether events and alarms say what they are about: the rules, the place, the check-in.
    pub details: bool,
    /// Minutes before a session to leave (or, at home, to get ready).
    pub leave_minutes: u16,
}

impl Default for CalendarChoice {
    fn default() -> Self {
        Self {
            title: String::new(),
            details: false,
            leave_minutes: DEFAULT_LEAVE_MINUTES,
        }
    }
}

impl CalendarChoice {
    /// Why this choice cannot be used; `None` when it can.
    pub fn problem(&self) -> Option<String> {
        if self.title.trim().chars().count() > MAX_TITLE_CHARS {
            return Some(format!(
                "Keep the title to {MAX_TITLE_CHARS} characters or fewer."
            ));
        }
        if !LEAVE_MINUTES.contains(&self.leave_minutes) {
            return Some("Choose when to leave from the list.".into());
        }
        None
    }

    /// The title to use, `default` when none was chosen; line breaks become spaces.
    fn title_or(&self, default: &str) -> String {
        let title = self.title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            default.to_string()
        } else {
            title
        }
    }
}

/// What a reminder is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReminderKind {
    /// The evening before (or when the no-alcohol window starts, if earlier).
    DayBefore,
    /// When fasting starts (the evening before, when that is in the night).
    Fasting,
    /// Time to leave for the clinic, or to get ready at home.
    Leave,
}

impl ReminderKind {
    /// What it is called in the app's preview.
    pub fn name(self, setting: Setting) -> &'static str {
        match (self, setting) {
            (ReminderKind::DayBefore, _) => "The day before: no alcohol from…",
            (ReminderKind::Fasting, _) => "Fasting starts",
            (ReminderKind::Leave, Setting::Clinic) => "Leave for the clinic",
            (ReminderKind::Leave, Setting::Home) => "Get ready at home",
        }
    }
}

/// One alarm of a planned session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reminder {
    /// What it is for.
    pub kind: ReminderKind,
    /// When it goes off.
    pub at: DateTime<Utc>,
    /// What the calendar shows when it goes off.
    pub text: String,
}

/// The night in which no reminder is set (as no check-in is invited): a reminder that would fall
/// in it comes at 21:00 the evening before instead, never later than the rule it announces.
fn before_the_night(at: DateTime<Utc>, zone: &impl Zone) -> DateTime<Utc> {
    if !window::is_night(at, zone) {
        return at;
    }
    let local = zone.local(at);
    let evening = if local.hour() >= window::NIGHT_STARTS_HOUR {
        local.date_naive()
    } else {
        local.date_naive() - Duration::days(1)
    };
    let nine =
        NaiveTime::from_hms_opt(window::NIGHT_STARTS_HOUR - 1, 0, 0).unwrap_or(NaiveTime::MIN);
    zone.instant_of(evening.and_time(nine))
}

/// The alarms for a planned session, in time order, those already past at `now` left out.
pub fn session_reminders(
    session: &Session,
    protocol: &ClinicProtocol,
    choice: &CalendarChoice,
    zone: &impl Zone,
    style: ClockStyle,
    now: DateTime<Utc>,
) -> Vec<Reminder> {
    let title = choice.title_or(SESSION_TITLE);
    let planned = session.planned.utc();
    let local = |t: DateTime<Utc>| zone.local(t);
    // "09:00 tomorrow", as seen from the moment the alarm goes off.
    let from = |t: DateTime<Utc>, seen_at: DateTime<Utc>| {
        clock_and_day(local(t), local(seen_at).date_naive(), style)
    };
    let mut out = Vec::new();

    // The evening before at 19:00, or when the no-alcohol window starts if that is earlier.
    let day_before = local(planned).date_naive() - Duration::days(1);
    let evening = zone.instant_of(
        day_before.and_time(NaiveTime::from_hms_opt(EVENING_HOUR, 0, 0).unwrap_or(NaiveTime::MIN)),
    );
    let substances =
        (protocol.substances_hours > 0).then(|| checklist::substances_from(session, protocol));
    let at = before_the_night(substances.map_or(evening, |s| s.min(evening)), zone);
    let mut text = format!("{title} at {}", from(planned, at));
    if choice.details {
        match substances {
            Some(s) if s <= at => text
                .push_str(". No alcohol or recreational drugs from now until after the session."),
            Some(s) => {
                let _ = write!(
                    text,
                    ". No alcohol or recreational drugs from {} until after the session.",
                    from(s, at)
                );
            }
            None => text.push('.'),
        }
    }
    out.push(Reminder {
        kind: ReminderKind::DayBefore,
        at,
        text,
    });

    if protocol.fasting_hours > 0 {
        let fasting = checklist::fasting_from(session, protocol);
        let at = before_the_night(fasting, zone);
        let mut text = format!("{title} at {}", from(planned, at));
        if choice.details {
            if at == fasting {
                text.push_str(". Stop eating and drinking now, until after the session.");
            } else {
                let _ = write!(
                    text,
                    ". No food or drink from {} until after the session.",
                    from(fasting, at)
                );
            }
        }
        out.push(Reminder {
            kind: ReminderKind::Fasting,
            at,
            text,
        });
    }

    let leave = planned - Duration::minutes(i64::from(choice.leave_minutes));
    let go = match (choice.details, session.setting) {
        (true, Setting::Clinic) => "time to leave for the clinic",
        (true, Setting::Home) => "time to get the room ready",
        (false, Setting::Clinic) => "time to leave",
        (false, Setting::Home) => "time to get ready",
    };
    out.push(Reminder {
        kind: ReminderKind::Leave,
        at: leave,
        text: format!("{title} at {}: {go}.", clock(local(planned), style)),
    });

    out.retain(|r| r.at > now);
    out.sort_by_key(|r| r.at);
    out
}

/// One check-in the calendar file for a finished session holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckInEvent {
    /// Which check-in.
    pub check_in: CheckIn,
    /// When it is invited (in the daytime, inside its span).
    pub at: DateTime<Utc>,
}

/// The check-ins of `session`'s 72 hours still to come at `now`, at the daytime instants Today
/// invites them at; none when the session has not ended.
pub fn check_in_events(
    course: &Course,
    session: &Session,
    zone: &impl Zone,
    now: DateTime<Utc>,
) -> Vec<CheckInEvent> {
    let Some(window) = window::window_of(course, session) else {
        return Vec::new();
    };
    window::check_ins(&window, &[], now, zone)
        .into_iter()
        .filter(|s| s.state != CheckInState::Superseded && s.invited_at > now)
        .map(|s| CheckInEvent {
            check_in: s.check_in,
            at: s.invited_at,
        })
        .collect()
}

/// A `VEVENT` before it is written.
struct Event {
    uid: String,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    summary: String,
    description: String,
    location: Option<String>,
    /// Each alarm's offset from the start (negative: before) and what it shows.
    alarms: Vec<(Duration, String)>,
}

/// The `.ics` for a planned session: the session as an event, with the reminders of
/// [`session_reminders`] as its alarms. `now` stamps the file.
pub fn session_calendar(
    session: &Session,
    protocol: &ClinicProtocol,
    choice: &CalendarChoice,
    zone: &impl Zone,
    style: ClockStyle,
    now: DateTime<Utc>,
) -> String {
    let start = session.planned.utc();
    let reminders = session_reminders(session, protocol, choice, zone, style, now);
    let description = if choice.details {
        let mut d = String::new();
        if protocol.substances_hours > 0 {
            let _ = writeln!(
                d,
                "No alcohol or recreational drugs for {} hours before.",
                protocol.substances_hours
            );
        }
        if protocol.fasting_hours > 0 {
            let _ = writeln!(
                d,
                "No food or drink for {} hours before.",
                protocol.fasting_hours
            );
        }
        d.push_str("Arrange your ride home: no driving after the session.");
        if !protocol.clinic_phone.trim().is_empty() {
            let name = match protocol.clinic_name.trim() {
                "" => "Clinic",
                name => name,
            };
            let _ = write!(d, "\n{name}: {}", protocol.clinic_phone.trim());
        }
        d
    } else {
        "Your checklist is in Waypoint.".to_string()
    };
    let event = Event {
        uid: format!("waypoint-session-{}", session.id.0),
        start,
        end: start + typical_length(session.route),
        summary: choice.title_or(SESSION_TITLE),
        description,
        location: (choice.details && !session.place.trim().is_empty())
            .then(|| session.place.trim().to_string()),
        alarms: reminders
            .into_iter()
            .map(|r| (r.at - start, r.text))
            .collect(),
    };
    write_calendar(&[event], now)
}

/// The `.ics` for a finished session: each check-in of its 72 hours still to come, as a short
/// event with an alarm as it starts. `number` is the session's number in the course.
pub fn check_ins_calendar(
    course: &Course,
    session: &Session,
    choice: &CalendarChoice,
    zone: &impl Zone,
    now: DateTime<Utc>,
) -> String {
    let number = course.number_of(&session.id).unwrap_or(1);
    let summary = choice.title_or(CHECK_IN_TITLE);
    let events: Vec<Event> = check_in_events(course, session, zone, now)
        .into_iter()
        .map(|e| {
            let description = if choice.details {
                format!("{} after session {number}.", e.check_in.title())
            } else {
                "A few minutes with Waypoint.".to_string()
            };
            Event {
                uid: format!(
                    "waypoint-check-in-{}-{}",
                    session.id.0,
                    check_in_key(e.check_in)
                ),
                start: e.at,
                end: e.at + Duration::minutes(CHECK_IN_MINUTES),
                summary: summary.clone(),
                alarms: vec![(Duration::zero(), summary.clone())],
                description,
                location: None,
            }
        })
        .collect();
    write_calendar(&events, now)
}

fn check_in_key(check_in: CheckIn) -> &'static str {
    match check_in {
        CheckIn::Debrief => "debrief",
        CheckIn::Day1 => "day-1",
        CheckIn::Day2 => "day-2",
        CheckIn::Day3 => "day-3",
    }
}

/// `waypoint-session-2026-11-24.ics`, by the session's planned date on the patient's clock.
pub fn file_name(what: &str, session: &Session) -> String {
    let date = session.planned.0.date_naive();
    format!(
        "waypoint-{what}-{:04}-{:02}-{:02}.ics",
        date.year(),
        date.month(),
        date.day()
    )
}

/// The revision number of a file made at `now`: minutes since 2020, so a file made later always
/// has a higher `SEQUENCE` and a calendar that compares them takes it as the update.
pub fn sequence(now: DateTime<Utc>) -> i64 {
    let epoch = Utc
        .with_ymd_and_hms(2020, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    (now - epoch).num_minutes().max(0)
}

/// `20261124T080000Z`.
fn utc_text(t: DateTime<Utc>) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A duration as RFC 5545 writes it: `-PT14H`, `-PT30M`, `PT0S`, `-P1DT2H`.
pub fn duration_text(d: Duration) -> String {
    let sign = if d < Duration::zero() { "-" } else { "" };
    let seconds = d.num_seconds().abs();
    if seconds == 0 {
        return "PT0S".into();
    }
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let (h, m, s) = (rest / 3600, rest % 3600 / 60, rest % 60);
    let mut out = format!("{sign}P");
    if days > 0 {
        let _ = write!(out, "{days}D");
    }
    if rest > 0 {
        out.push('T');
        if h > 0 {
            let _ = write!(out, "{h}H");
        }
        if m > 0 {
            let _ = write!(out, "{m}M");
        }
        if s > 0 {
            let _ = write!(out, "{s}S");
        }
    }
    out
}

/// Text escaped as an RFC 5545 TEXT value: `\` `;` `,` escaped, every line break (CRLF, CR or
/// LF) written `\n`, other control characters left out (TEXT may not hold them).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line folded at [`FOLD_OCTETS`] octets: each continuation starts with a space,
/// which counts towards its 75, and no UTF-8 character is split. Ends with CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > FOLD_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

fn write_calendar(events: &[Event], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    let mut line = |text: String| out.push_str(&fold(&text));
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line(
        concat!(
            "PRODID:-//Waypoint//Waypoint ",
            env!("CARGO_PKG_VERSION"),
            "//EN"
        )
        .into(),
    );
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    for event in events {
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", escape(&event.uid)));
        line(format!("DTSTAMP:{}", utc_text(now)));
        line(format!("SEQUENCE:{}", sequence(now)));
        line(format!("DTSTART:{}", utc_text(event.start)));
        line(format!("DTEND:{}", utc_text(event.end)));
        line(format!("SUMMARY:{}", escape(&event.summary)));
        line(format!("DESCRIPTION:{}", escape(&event.description)));
        if let Some(location) = &event.location {
            line(format!("LOCATION:{}", escape(location)));
        }
        // Private: a calendar shared with others shows the time as busy, nothing more.
        line("CLASS:PRIVATE".into());
        line("TRANSP:OPAQUE".into());
        for (offset, text) in &event.alarms {
            line("BEGIN:VALARM".into());
            line("ACTION:DISPLAY".into());
            line(format!("TRIGGER:{}", duration_text(*offset)));
            line(format!("DESCRIPTION:{}", escape(text)));
            line("END:VALARM".into());
        }
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::{Route, SessionId};
    use crate::domain::time::{EuropeanZone, Stamp};

    fn stamp(t: &str) -> Stamp {
        Stamp::parse(t).unwrap()
    }

    fn at(t: &str) -> DateTime<Utc> {
        stamp(t).utc()
    }

    fn london() -> EuropeanZone {
        EuropeanZone::london()
    }

    fn session(planned: &str) -> Session {
        let mut s = Session::planned(SessionId("s-abc-1234".into()), stamp(planned));
        s.place = "Harbour Clinic".into();
        s
    }

    fn protocol() -> ClinicProtocol {
        ClinicProtocol::for_locale("en-GB")
    }

    #[test]
    fn escaping_covers_backslash_semicolon_comma_and_every_line_break() {
        assert_eq!(escape(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(escape("one\r\ntwo\nthree\rfour"), r"one\ntwo\nthree\nfour");
        assert_eq!(escape("tab\there\u{7}bell"), "tab herebell");
        assert_eq!(escape("Ünïcödé: ok"), "Ünïcödé: ok");
    }

    #[test]
    fn lines_fold_at_75_octets_and_never_split_a_character() {
        let short = "SUMMARY:short";
        assert_eq!(fold(short), "SUMMARY:short\r\n");
        let ascii = format!("DESCRIPTION:{}", "x".repeat(200));
        let folded = fold(&ascii);
        for line in folded.trim_end_matches("\r\n").split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert_eq!(folded.split("\r\n").next().unwrap().len(), 75);
        // Three-octet characters: a line may end before 75 rather than split one.
        let wide = format!("SUMMARY:{}", "€".repeat(60));
        let folded = fold(&wide);
        let lines: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
        for (i, line) in lines.iter().enumerate() {
            assert!(line.len() <= 75, "line {i}: {} octets", line.len());
            if i > 0 {
                assert!(line.starts_with(' '));
            }
        }
        // Unfolding gives back the line exactly.
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, wide);
        // Four-octet characters (an emoji) stay whole too.
        let emoji = format!("SUMMARY:{}", "🌿".repeat(40));
        let folded = fold(&emoji);
        assert!(folded
            .trim_end_matches("\r\n")
            .split("\r\n")
            .all(|l| l.len() <= 75));
        assert_eq!(folded.trim_end_matches("\r\n").replace("\r\n ", ""), emoji);
    }

    #[test]
    fn durations_are_written_as_rfc_5545_writes_them() {
        assert_eq!(duration_text(Duration::zero()), "PT0S");
        assert_eq!(duration_text(Duration::hours(-14)), "-PT14H");
        assert_eq!(duration_text(Duration::minutes(-90)), "-PT1H30M");
        assert_eq!(duration_text(Duration::hours(-26)), "-P1DT2H");
        assert_eq!(duration_text(Duration::days(-2)), "-P2D");
        assert_eq!(duration_text(Duration::seconds(15)), "PT15S");
    }

    #[test]
    fn a_morning_session_reminds_the_evening_before_at_the_no_alcohol_start_and_when_to_leave() {
        // Tue 24 Nov 09:00 in London; no alcohol for 24 h, fasting 4 h (05:00, in the night).
        let s = session("2026-11-24T09:00:00+00:00");
        let choice = CalendarChoice {
            details: true,
            ..CalendarChoice::default()
        };
        let now = at("2026-11-20T10:00:00+00:00");
        let reminders =
            session_reminders(&s, &protocol(), &choice, &london(), ClockStyle::H24, now);
        let got: Vec<(ReminderKind, DateTime<Utc>, &str)> = reminders
            .iter()
            .map(|r| (r.kind, r.at, r.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    ReminderKind::DayBefore,
                    at("2026-11-23T09:00:00+00:00"),
                    "Waypoint: session at 09:00 tomorrow. No alcohol or recreational drugs from now until after the session."
                ),
                (
                    ReminderKind::Fasting,
                    at("2026-11-23T21:00:00+00:00"),
                    "Waypoint: session at 09:00 tomorrow. No food or drink from 05:00 tomorrow until after the session."
                ),
                (
                    ReminderKind::Leave,
                    at("2026-11-24T08:00:00+00:00"),
                    "Waypoint: session at 09:00: time to leave for the clinic."
                ),
            ]
        );
    }

    #[test]
    fn with_a_short_no_alcohol_window_the_reminder_comes_the_evening_before() {
        let s = session("2026-11-24T15:00:00+00:00");
        let mut p = protocol();
        p.substances_hours = 12; // from 03:00 on the day: the evening before is earlier
        let choice = CalendarChoice {
            details: true,
            ..CalendarChoice::default()
        };
        let now = at("2026-11-20T10:00:00+00:00");
        let r = session_reminders(&s, &p, &choice, &london(), ClockStyle::H12, now);
        assert_eq!(r[0].at, at("2026-11-23T19:00:00+00:00"));
        assert_eq!(
            r[0].text,
            "Waypoint: session at 3:00 pm tomorrow. No alcohol or recreational drugs from 3:00 am tomorrow until after the session."
        );
        // Fasting from 11:00 on the day, in daytime: the alarm is at its start.
        assert_eq!(r[1].at, at("2026-11-24T11:00:00+00:00"));
        assert!(r[1]
            .text
            .ends_with("Stop eating and drinking now, until after the session."));
    }

    #[test]
    fn by_default_nothing_clinical_is_written_and_rules_set_to_zero_hours_have_no_reminder() {
        let mut s = session("2026-11-24T09:00:00+00:00");
        s.setting = Setting::Home;
        let mut p = protocol();
        p.fasting_hours = 0;
        p.substances_hours = 0;
        let now = at("2026-11-20T10:00:00+00:00");
        let r = session_reminders(
            &s,
            &p,
            &CalendarChoice::default(),
            &london(),
            ClockStyle::H24,
            now,
        );
        let texts: Vec<&str> = r.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Waypoint: session at 09:00 tomorrow",
                "Waypoint: session at 09:00: time to get ready."
            ]
        );
        assert_eq!(
            r[0].at,
            at("2026-11-23T19:00:00+00:00"),
            "the evening before"
        );
        let ics = session_calendar(
            &s,
            &p,
            &CalendarChoice::default(),
            &london(),
            ClockStyle::H24,
            now,
        );
        for clinical in [
            "alcohol", "food", "Harbour", "ketamine", "drugs", "LOCATION",
        ] {
            assert!(!ics.contains(clinical), "{clinical} in:\n{ics}");
        }
    }

    #[test]
    fn reminders_already_past_are_left_out() {
        let s = session("2026-11-24T09:00:00+00:00");
        let now = at("2026-11-23T22:00:00+00:00");
        let r = session_reminders(
            &s,
            &protocol(),
            &CalendarChoice::default(),
            &london(),
            ClockStyle::H24,
            now,
        );
        assert_eq!(
            r.iter().map(|r| r.kind).collect::<Vec<_>>(),
            [ReminderKind::Leave]
        );
    }

    #[test]
    fn the_session_file_has_one_event_with_a_stable_uid_utc_times_and_its_alarms() {
        let mut s = session("2026-07-14T09:30:00+01:00"); // summer time in London
        s.route = Some(Route::Lozenge);
        let now = at("2026-07-01T12:00:00+00:00");
        let choice = CalendarChoice {
            title: "Dentist, then lunch; bring\\book".into(),
            details: false,
            leave_minutes: 45,
        };
        let ics = session_calendar(&s, &protocol(), &choice, &london(), ClockStyle::H24, now);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Waypoint//Waypoint "));
        assert!(ics.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        assert!(ics.contains("\r\nUID:waypoint-session-s-abc-1234\r\n"));
        assert!(ics.contains("\r\nDTSTART:20260714T083000Z\r\nDTEND:20260714T113000Z\r\n"));
        assert!(ics.contains("\r\nDTSTAMP:20260701T120000Z\r\n"));
        assert!(ics.contains("\r\nSUMMARY:Dentist\\, then lunch\\; bring\\\\book\r\n"));
        assert_eq!(ics.matches("BEGIN:VALARM").count(), 3);
        // No alcohol from 24 h before; fasting from 05:30, in the night, so at 21:00 BST the
        // evening before (20:00 UTC), 12 h 30 min before the start.
        assert!(ics.contains("TRIGGER:-P1D\r\n"), "{ics}");
        assert!(ics.contains("TRIGGER:-PT12H30M\r\n"), "{ics}");
        assert!(ics.contains("TRIGGER:-PT45M\r\n"));
        // Every line is within 75 octets and ends in CRLF.
        assert!(!ics.replace("\r\n", "").contains('\n'));
        assert!(ics.split("\r\n").all(|l| l.len() <= 75));
        // The same session later: the same UID, a higher SEQUENCE.
        let later = session_calendar(
            &s,
            &protocol(),
            &choice,
            &london(),
            ClockStyle::H24,
            now + Duration::hours(2),
        );
        let seq = |ics: &str| {
            ics.lines()
                .find_map(|l| l.strip_prefix("SEQUENCE:"))
                .and_then(|n| n.trim().parse::<i64>().ok())
                .unwrap()
        };
        assert!(seq(&later) > seq(&ics));
        assert!(later.contains("UID:waypoint-session-s-abc-1234\r\n"));
    }

    #[test]
    fn details_add_the_place_the_rules_and_the_clinics_number() {
        let s = session("2026-11-24T09:00:00+00:00");
        let mut p = protocol();
        p.clinic_name = "Harbour Clinic".into();
        p.clinic_phone = "020 7946 0000".into();
        let choice = CalendarChoice {
            details: true,
            ..CalendarChoice::default()
        };
        let ics = session_calendar(
            &s,
            &p,
            &choice,
            &london(),
            ClockStyle::H24,
            at("2026-11-20T10:00:00+00:00"),
        );
        assert!(ics.contains("\r\nLOCATION:Harbour Clinic\r\n"));
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains("DESCRIPTION:No alcohol or recreational drugs for 24 hours before.\\nNo food or drink for 4 hours before.\\nArrange your ride home: no driving after the session.\\nHarbour Clinic: 020 7946 0000\r\n"), "{unfolded}");
    }

    #[test]
    fn a_finished_session_gives_its_check_ins_still_to_come_in_the_daytime() {
        let mut s = session("2026-11-24T09:00:00+00:00");
        s.started = Some(stamp("2026-11-24T09:05:00+00:00"));
        s.ended = Some(stamp("2026-11-24T17:00:00+00:00"));
        let mut course = Course::default();
        course.upsert(s.clone());
        // +6 h is 23:00, in the night: invited at 07:00 the next morning.
        let events = check_in_events(&course, &s, &london(), at("2026-11-24T17:30:00+00:00"));
        let got: Vec<(CheckIn, DateTime<Utc>)> =
            events.iter().map(|e| (e.check_in, e.at)).collect();
        assert_eq!(
            got,
            [
                (CheckIn::Debrief, at("2026-11-25T07:00:00+00:00")),
                (CheckIn::Day1, at("2026-11-25T17:00:00+00:00")),
                (CheckIn::Day2, at("2026-11-26T17:00:00+00:00")),
                (CheckIn::Day3, at("2026-11-27T15:00:00+00:00")),
            ]
        );
        let later = check_in_events(&course, &s, &london(), at("2026-11-26T09:00:00+00:00"));
        assert_eq!(later.len(), 2, "those already past are left out");
        let planned = session("2026-12-24T09:00:00+00:00");
        assert!(check_in_events(
            &course,
            &planned,
            &london(),
            at("2026-11-26T09:00:00+00:00")
        )
        .is_empty());
    }

    #[test]
    fn the_check_ins_file_has_an_event_with_an_alarm_per_check_in_and_neutral_words_by_default() {
        let mut s = session("2026-11-24T09:00:00+00:00");
        s.started = Some(stamp("2026-11-24T09:05:00+00:00"));
        s.ended = Some(stamp("2026-11-24T11:00:00+00:00"));
        let mut course = Course::default();
        course.upsert(s.clone());
        let now = at("2026-11-24T11:30:00+00:00");
        let ics = check_ins_calendar(&course, &s, &CalendarChoice::default(), &london(), now);
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 4);
        assert_eq!(ics.matches("TRIGGER:PT0S").count(), 4);
        for key in ["debrief", "day-1", "day-2", "day-3"] {
            assert!(
                ics.contains(&format!("UID:waypoint-check-in-s-abc-1234-{key}\r\n")),
                "{key}"
            );
        }
        assert_eq!(ics.matches("SUMMARY:Waypoint: check-in\r\n").count(), 4);
        assert!(!ics.contains("Day 1"));
        let detailed = CalendarChoice {
            details: true,
            ..CalendarChoice::default()
        };
        let ics = check_ins_calendar(&course, &s, &detailed, &london(), now);
        assert!(ics
            .replace("\r\n ", "")
            .contains("DESCRIPTION:Day 1 check-in (about 24 h) after session 1."));
    }

    #[test]
    fn titles_are_checked_and_line_breaks_in_them_become_spaces() {
        let long = CalendarChoice {
            title: "x".repeat(81),
            ..CalendarChoice::default()
        };
        assert!(long.problem().unwrap().contains("80 characters"));
        let odd = CalendarChoice {
            leave_minutes: 7,
            ..CalendarChoice::default()
        };
        assert!(odd.problem().is_some());
        assert_eq!(CalendarChoice::default().problem(), None);
        let broken = CalendarChoice {
            title: "  My\r\nday  ".into(),
            ..CalendarChoice::default()
        };
        assert_eq!(broken.title_or(SESSION_TITLE), "My day");
        assert_eq!(
            CalendarChoice::default().title_or(SESSION_TITLE),
            "Waypoint: session"
        );
    }

    #[test]
    fn file_names_carry_the_sessions_date() {
        let s = session("2026-11-24T09:00:00+00:00");
        assert_eq!(file_name("session", &s), "waypoint-session-2026-11-24.ics");
        assert_eq!(
            file_name("check-ins", &s),
            "waypoint-check-ins-2026-11-24.ics"
        );
    }
}
