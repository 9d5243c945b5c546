//! What leaves the phone for the therapist, and only that: the choice of sessions or dates,
//! the shared file (never a private entry), the report model with its chart geometry, and CSV.

use super::entry::{Entry, EntryBody};
use super::plan::Plan;
use super::session::{Phase, Route, Session, SessionId, Setting};
use super::time::Stamp;
use super::window::{self, CheckInState, CheckInStatus, IntegrationWindow};
use chrono::{DateTime, NaiveDate, Offset, Utc};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// What a shared report file says it is.
pub const SHARE_FORMAT: &str = "waypoint-share";

/// What the patient chose to share.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShareChoice {
    /// Sessions whose aftermath is shared (entries from the session's end until the next one).
    pub sessions: Vec<SessionId>,
    /// Or entries written on these local dates, inclusive.
    pub dates: Option<(NaiveDate, NaiveDate)>,
}

/// A session as the therapist sees it: no checklist, no self-care ticks. Every field is
/// required but its times and route, which may be absent or `null`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedSession {
    /// Its id, to match entries to it.
    pub id: SessionId,
    /// Its number in the course.
    pub number: usize,
    /// When it was planned.
    pub planned: Stamp,
    /// When it started.
    pub started: Option<Stamp>,
    /// When it ended.
    pub ended: Option<Stamp>,
    /// How it was given.
    pub route: Option<Route>,
    /// Clinic or home.
    pub setting: Setting,
    /// Induction or maintenance.
    pub phase: Phase,
    /// The patient's intention for it.
    pub intention: String,
}

/// The file a patient gives a therapist. Every field is required.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SharedExport {
    /// Always [`SHARE_FORMAT`].
    pub format: String,
    /// The storage schema version of the entries inside.
    pub schema_version: u32,
    /// The app version that wrote it.
    pub app_version: String,
    /// When it was made, on the patient's clock.
    pub exported_at: Stamp,
    /// Every session of the course, for context (dates, routes, intentions).
    pub sessions: Vec<SharedSession>,
    /// The shared entries, oldest first. Never a private one.
    pub entries: Vec<Entry>,
}

impl SharedExport {
    /// The shared sessions as a course (times only), to place entries in their windows.
    pub fn course(&self) -> super::session::Course {
        let sessions = self
            .sessions
            .iter()
            .map(|s| {
                let mut session = Session::planned(s.id.clone(), s.planned);
                session.started = s.started;
                session.ended = s.ended;
                session
            })
            .collect();
        super::session::Course { sessions }
    }
}

/// The entries a choice shares: private ones never, others if in a chosen session's aftermath
/// or on a chosen date (the patient's local date when writing).
pub fn chosen_entries<'a>(
    plan: &Plan,
    entries: &'a [Entry],
    choice: &ShareChoice,
) -> Vec<&'a Entry> {
    entries
        .iter()
        .filter(|e| !e.private)
        .filter(|e| {
            let by_session = plan
                .course
                .session_before(e.written.utc())
                .is_some_and(|s| choice.sessions.contains(&s.id));
            let by_date = choice.dates.is_some_and(|(from, to)| {
                let day = e.written.0.date_naive();
                from <= day && day <= to
            });
            by_session || by_date
        })
        .collect()
}

/// How many private entries the choice leaves out (they are never shared).
pub fn private_left_out(plan: &Plan, entries: &[Entry], choice: &ShareChoice) -> usize {
    let everything: Vec<Entry> = entries
        .iter()
        .map(|e| Entry {
            private: false,
            ..e.clone()
        })
        .collect();
    chosen_entries(plan, &everything, choice).len() - chosen_entries(plan, entries, choice).len()
}

/// The shared file for a choice, made at `now`.
pub fn shared_export(
    plan: &Plan,
    entries: &[Entry],
    choice: &ShareChoice,
    exported_at: Stamp,
    schema_version: u32,
    app_version: &str,
) -> SharedExport {
    let entries: Vec<Entry> = chosen_entries(plan, entries, choice)
        .into_iter()
        .cloned()
        .collect();
    // Only sessions the share is about: the chosen ones and those whose aftermath holds a shared
    // entry. Others' intentions and dates stay on the phone.
    let owners: Vec<&SessionId> = entries
        .iter()
        .filter_map(|e| plan.course.session_before(e.written.utc()).map(|s| &s.id))
        .collect();
    let sessions = plan
        .course
        .sessions
        .iter()
        .enumerate()
        .filter(|(_, s)| choice.sessions.contains(&s.id) || owners.contains(&&s.id))
        .map(|(i, s)| SharedSession {
            id: s.id.clone(),
            number: i + 1,
            planned: s.planned,
            started: s.started,
            ended: s.ended,
            route: s.route,
            setting: s.setting,
            phase: s.phase,
            intention: s.intention.clone(),
        })
        .collect();
    SharedExport {
        format: SHARE_FORMAT.into(),
        schema_version,
        app_version: app_version.into(),
        exported_at,
        sessions,
        entries,
    }
}

/// The file name for a share made at `at`: `waypoint-report-2026-11-22-1430.json`.
pub fn share_file_name(at: &Stamp, extension: &str) -> String {
    let iso = at.iso();
    format!(
        "waypoint-report-{}-{}{}.{extension}",
        &iso[..10],
        &iso[11..13],
        &iso[14..16]
    )
}

/// A point on a chart: x in hours since the session ended (0–72), y the value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartPoint {
    /// Hours after the session ended.
    pub hour: f32,
    /// The value (mood 0–10, sleep hours).
    pub value: f32,
    /// Flagged to discuss.
    pub flagged: bool,
}

/// One session's window in the report.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionReport {
    /// The session.
    pub session: SharedSession,
    /// Its window.
    pub window: IntegrationWindow,
    /// Mood ratings across the window.
    pub mood: Vec<ChartPoint>,
    /// Hours slept, at the wake time, across the window.
    pub sleep: Vec<ChartPoint>,
    /// Check-ins, done or missed, at the time of export.
    pub check_ins: Vec<CheckInStatus>,
    /// Entries in the window flagged to discuss, oldest first.
    pub flagged: Vec<Entry>,
    /// Insights in the window, oldest first.
    pub insights: Vec<Entry>,
    /// Every shared entry from the session's end until the next session, oldest first.
    pub entries: Vec<Entry>,
}

impl SessionReport {
    /// Average mood in the window, to a tenth, if any was rated.
    pub fn mood_average_tenths(&self) -> Option<i64> {
        average_tenths(self.mood.iter().map(|p| p.value))
    }

    /// Average hours slept, to a tenth.
    pub fn sleep_average_tenths(&self) -> Option<i64> {
        average_tenths(self.sleep.iter().map(|p| p.value))
    }
}

fn average_tenths(values: impl Iterator<Item = f32>) -> Option<i64> {
    let (sum, n) = values.fold((0.0f64, 0u32), |(s, n), v| (s + f64::from(v), n + 1));
    (n > 0).then(|| (sum * 10.0 / f64::from(n)).round() as i64)
}

/// `7.5` from 75 tenths, `8` from 80.
pub fn tenths_text(tenths: i64) -> String {
    let places = if tenths % 10 == 0 { 0 } else { 1 };
    format!("{:.places$}", tenths as f64 / 10.0)
}

/// The whole report: one page per session window with shared entries, newest first, and the
/// entries outside any window.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// Session windows with shared entries.
    pub sessions: Vec<SessionReport>,
    /// Shared entries written before any session ended.
    pub before_sessions: Vec<Entry>,
    /// Flagged entries across everything shared, oldest first.
    pub flagged: Vec<Entry>,
    /// PHQ-9 and GAD-7 scores across the course, oldest first.
    pub scores: Vec<super::questionnaire::Score>,
}

impl Report {
    /// The PHQ-9s whose item 9 was answered above 0, oldest first: the report opens with them.
    pub fn safety_answers(&self) -> Vec<&super::questionnaire::Score> {
        self.scores
            .iter()
            .filter(|s| s.safety_answer.is_some())
            .collect()
    }
}

/// Builds the report from a shared file; check-ins are judged at the export time.
pub fn report(export: &SharedExport) -> Report {
    let course = export.course();
    let at = export.exported_at.utc();
    let mut sessions = Vec::new();
    let mut before_sessions = Vec::new();
    let mut by_owner: Vec<(SessionId, Vec<Entry>)> = Vec::new();
    for entry in &export.entries {
        match course.session_before(entry.written.utc()) {
            None => before_sessions.push(entry.clone()),
            Some(owner) => match by_owner.iter_mut().find(|(id, _)| *id == owner.id) {
                Some((_, list)) => list.push(entry.clone()),
                None => by_owner.push((owner.id.clone(), vec![entry.clone()])),
            },
        }
    }
    for (id, mut entries) in by_owner {
        let (Some(session), Some(shared)) =
            (course.get(&id), export.sessions.iter().find(|s| s.id == id))
        else {
            continue;
        };
        let Some(window) = window::window_of(&course, session) else {
            continue;
        };
        entries.sort_by_key(|e| e.written);
        let hour_of = |t: DateTime<Utc>| (t - window.opens).num_minutes() as f32 / 60.0;
        let in_window: Vec<&Entry> = entries
            .iter()
            .filter(|e| window.contains(e.written.utc()))
            .collect();
        let mood = in_window
            .iter()
            .filter_map(|e| match &e.body {
                EntryBody::Mood(m) => Some(ChartPoint {
                    hour: hour_of(e.written.utc()),
                    value: f32::from(m.rating),
                    flagged: e.discuss,
                }),
                _ => None,
            })
            .collect();
        let sleep = entries
            .iter()
            .filter_map(|e| match &e.body {
                EntryBody::Sleep(s) if window.contains(s.wake.utc()) => Some(ChartPoint {
                    hour: hour_of(s.wake.utc()),
                    value: s.tenths_of_hours() as f32 / 10.0,
                    flagged: e.discuss,
                }),
                _ => None,
            })
            .collect();
        let written: Vec<_> = in_window.iter().map(|e| e.written.utc()).collect();
        // The patient's clock at the session's end places the invitations (states do not
        // depend on it).
        let patient_clock = session.ended.map_or(Utc.fix(), |end| *end.0.offset());
        let check_ins = window::check_ins(&window, &written, at, &patient_clock)
            .into_iter()
            .filter(|c| c.state != CheckInState::Superseded)
            .collect();
        sessions.push(SessionReport {
            session: shared.clone(),
            window,
            mood,
            sleep,
            check_ins,
            flagged: in_window
                .iter()
                .filter(|e| e.discuss)
                .map(|e| (*e).clone())
                .collect(),
            insights: in_window
                .iter()
                .filter(|e| matches!(e.body, EntryBody::Insight(_)))
                .map(|e| (*e).clone())
                .collect(),
            entries,
        });
    }
    sessions.sort_by_key(|r| std::cmp::Reverse(r.window.opens));
    let mut flagged: Vec<Entry> = export
        .entries
        .iter()
        .filter(|e| e.discuss)
        .cloned()
        .collect();
    flagged.sort_by_key(|e| e.written);
    let scores = super::questionnaire::scores(&export.entries, |t| {
        let owner = course.session_before(t)?;
        export
            .sessions
            .iter()
            .find(|s| s.id == owner.id)
            .map(|s| s.number)
    });
    Report {
        sessions,
        before_sessions,
        flagged,
        scores,
    }
}

/// Chart size in SVG user units; integer coordinates keep float formatting out of the wasm.
pub const CHART_WIDTH: i32 = 720;
/// See [`CHART_WIDTH`].
pub const CHART_HEIGHT: i32 = 200;
/// Room for axis labels on the left and bottom.
pub const CHART_MARGIN: i32 = 32;

/// Where a point goes on the chart: x across 0–72 hours, y from `0..=max` (top is `max`).
pub fn chart_xy(point: &ChartPoint, max: f32) -> (i32, i32) {
    let plot_w = (CHART_WIDTH - CHART_MARGIN - 8) as f32;
    let plot_h = (CHART_HEIGHT - CHART_MARGIN - 8) as f32;
    let x = CHART_MARGIN as f32 + (point.hour.clamp(0.0, 72.0) / 72.0) * plot_w;
    let y = 8.0 + (1.0 - (point.value.clamp(0.0, max) / max)) * plot_h;
    (x.round() as i32, y.round() as i32)
}

/// An SVG `points` attribute for a polyline through the points.
pub fn chart_polyline(points: &[ChartPoint], max: f32) -> String {
    let mut out = String::new();
    for p in points {
        let (x, y) = chart_xy(p, max);
        let _ = write!(out, "{x},{y} ");
    }
    out.trim_end().to_string()
}

/// The CSV columns, in order; documented in the README.
pub const CSV_COLUMNS: &[&str] = &[
    "entry_id",
    "kind",
    "written",
    "edited",
    "session_number",
    "window_hour",
    "discuss",
    "mood_rating",
    "emotions",
    "bedtime",
    "wake",
    "hours_slept",
    "sleep_quality",
    "awakenings",
    "text",
    "answers",
    "habits",
    "note",
    "tried_to_sleep",
    "minutes_to_fall_asleep",
    "minutes_awake",
    "out_of_bed",
    "sleep_efficiency",
    "questionnaire",
    "item_answers",
    "total",
    "severity",
];

/// One CSV cell: quoted when needed, and neutralised if a spreadsheet would run it as a formula
/// (a leading `=`, `+`, `-`, `@`, tab or carriage return gets a `'` in front).
pub fn csv_cell(text: &str) -> String {
    let neutral = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if neutral.contains([',', '"', '\n', '\r'])
        || neutral.starts_with(' ')
        || neutral.ends_with(' ')
    {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// The shared entries as CSV, one row per entry, times in the patient's offset.
pub fn csv(export: &SharedExport) -> String {
    let course = export.course();
    let mut out = CSV_COLUMNS.join(",");
    out.push_str("\r\n");
    for e in &export.entries {
        let at = e.written.utc();
        let owner = course.session_before(at);
        let number = owner
            .and_then(|s| export.sessions.iter().find(|x| x.id == s.id))
            .map(|s| s.number.to_string())
            .unwrap_or_default();
        let hour = window::window_at(&course, at)
            .and_then(|(_, w)| w.hour(at))
            .map(|h| h.to_string())
            .unwrap_or_default();
        let mut cells: Vec<String> = vec![
            e.id.0.clone(),
            e.body.kind().into(),
            e.written.iso(),
            e.edited.iso(),
            number,
            hour,
            if e.discuss { "yes".into() } else { "no".into() },
        ];
        let blank = || String::new();
        match &e.body {
            EntryBody::Mood(m) => cells.extend([
                m.rating.to_string(),
                m.emotions.join("; "),
                blank(),
                blank(),
                blank(),
                blank(),
                blank(),
                blank(),
                blank(),
                blank(),
                m.note.clone(),
            ]),
            EntryBody::Sleep(s) => cells.extend([
                blank(),
                blank(),
                s.bedtime.iso(),
                s.wake.iso(),
                s.hours_text(),
                given(s.quality),
                given(s.awakenings),
                blank(),
                blank(),
                blank(),
                s.note.clone(),
                s.tried_to_sleep.map(|t| t.iso()).unwrap_or_default(),
                given(s.minutes_to_fall_asleep),
                given(s.minutes_awake),
                s.out_of_bed.map(|t| t.iso()).unwrap_or_default(),
                given(s.efficiency_percent()),
            ]),
            EntryBody::Questionnaire(q) => {
                // Blank up to its own columns, the last four.
                cells.resize(CSV_COLUMNS.len() - 4, String::new());
                cells.extend([
                    q.instrument.name().to_string(),
                    q.answers
                        .iter()
                        .map(|a| a.to_string())
                        .collect::<Vec<_>>()
                        .join(" "),
                    q.total().to_string(),
                    q.band().name().to_string(),
                ]);
            }
            EntryBody::Insight(i) => {
                let answers = i
                    .answers
                    .iter()
                    .map(|a| format!("{} {}", a.prompt.question(), a.text))
                    .collect::<Vec<_>>()
                    .join(" | ");
                let habits = i
                    .habits
                    .labelled()
                    .into_iter()
                    .filter(|(_, on)| *on)
                    .map(|(l, _)| l)
                    .collect::<Vec<_>>()
                    .join("; ");
                cells.extend([
                    blank(),
                    blank(),
                    blank(),
                    blank(),
                    blank(),
                    blank(),
                    blank(),
                    i.text.clone(),
                    answers,
                    habits,
                    blank(),
                ]);
            }
        }
        // Every row has every column: kinds without the later columns leave them blank.
        cells.resize(CSV_COLUMNS.len(), String::new());
        out.push_str(
            &cells
                .iter()
                .map(|c| csv_cell(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out
}

/// A number the patient gave, or an empty cell for one not given (never 0).
fn given<T: ToString>(n: Option<T>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// The latest ended session, the usual thing to share.
pub fn default_choice(plan: &Plan, now: DateTime<Utc>) -> ShareChoice {
    let latest = plan.course.session_before(now).map(|s| s.id.clone());
    ShareChoice {
        sessions: latest.into_iter().collect(),
        dates: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::entry::{EntryId, Insight, Mood, Sleep};
    use crate::json;

    fn stamp(t: &str) -> Stamp {
        Stamp::parse(t).unwrap()
    }

    fn entry(id: &str, at: &str, body: EntryBody, private: bool, discuss: bool) -> Entry {
        Entry {
            id: EntryId(id.into()),
            written: stamp(at),
            edited: stamp(at),
            private,
            discuss,
            body,
        }
    }

    fn mood(rating: u8) -> EntryBody {
        EntryBody::Mood(Mood {
            rating,
            emotions: vec![],
            note: String::new(),
        })
    }

    fn plan() -> Plan {
        let mut plan = Plan::default();
        for (id, end) in [
            ("a", "2026-11-10T11:00:00+00:00"),
            ("b", "2026-11-24T11:00:00+00:00"),
        ] {
            let mut s = Session::planned(SessionId(id.into()), stamp(end));
            s.started = Some(stamp(end));
            s.ended = Some(stamp(end));
            s.intention = format!("intention {id}");
            plan.course.upsert(s);
        }
        plan
    }

    fn journal() -> Vec<Entry> {
        vec![
            entry("a1", "2026-11-10T18:00:00+00:00", mood(4), false, false),
            entry("b1", "2026-11-24T17:00:00+00:00", mood(6), false, true),
            entry("b2", "2026-11-24T20:00:00+00:00", mood(3), true, false),
            entry(
                "b3",
                "2026-11-25T08:00:00+00:00",
                EntryBody::Sleep(Sleep {
                    quality: Some(4),
                    awakenings: Some(1),
                    ..Sleep::quick(
                        stamp("2026-11-24T23:00:00+00:00"),
                        stamp("2026-11-25T07:30:00+00:00"),
                    )
                }),
                false,
                false,
            ),
            entry(
                "b4",
                "2026-11-25T20:00:00+00:00",
                EntryBody::Insight(Insight {
                    text: "=SUM(A1)".into(),
                    ..Insight::default()
                }),
                false,
                false,
            ),
        ]
    }

    #[test]
    fn private_entries_never_leave_whatever_is_chosen() {
        let plan = plan();
        let entries = journal();
        let everything = ShareChoice {
            sessions: vec![SessionId("a".into()), SessionId("b".into())],
            dates: Some((NaiveDate::MIN, NaiveDate::MAX)),
        };
        let shared = shared_export(
            &plan,
            &entries,
            &everything,
            stamp("2026-11-26T12:00:00+00:00"),
            1,
            "0.1.0",
        );
        assert!(shared.entries.iter().all(|e| !e.private));
        assert_eq!(shared.entries.len(), 4);
        assert_eq!(private_left_out(&plan, &entries, &everything), 1);
        let json = json::to_string(&shared);
        assert!(!json.contains("b2"));
    }

    #[test]
    fn a_share_holds_only_the_sessions_it_is_about() {
        // Regression: every session's intention went into the file whatever was chosen.
        let choice = ShareChoice {
            sessions: vec![SessionId("b".into())],
            dates: None,
        };
        let shared = shared_export(
            &plan(),
            &journal(),
            &choice,
            stamp("2026-11-26T12:00:00+00:00"),
            1,
            "0.1.0",
        );
        let ids: Vec<_> = shared.sessions.iter().map(|s| s.id.0.as_str()).collect();
        assert_eq!(ids, ["b"]);
        assert_eq!(shared.sessions[0].number, 2, "numbers stay the course's");
        assert!(!json::to_string(&shared).contains("intention a"));
    }

    #[test]
    fn choosing_a_session_shares_only_its_aftermath() {
        let choice = ShareChoice {
            sessions: vec![SessionId("b".into())],
            dates: None,
        };
        let ids: Vec<_> = chosen_entries(&plan(), &journal(), &choice)
            .iter()
            .map(|e| e.id.0.clone())
            .collect();
        assert_eq!(ids, ["b1", "b3", "b4"]);
    }

    #[test]
    fn choosing_dates_uses_the_patients_local_date() {
        let choice = ShareChoice {
            sessions: vec![],
            dates: Some((
                NaiveDate::from_ymd_opt(2026, 11, 10).unwrap(),
                NaiveDate::from_ymd_opt(2026, 11, 10).unwrap(),
            )),
        };
        let ids: Vec<_> = chosen_entries(&plan(), &journal(), &choice)
            .iter()
            .map(|e| e.id.0.clone())
            .collect();
        assert_eq!(ids, ["a1"]);
    }

    #[test]
    fn the_report_has_one_page_per_window_with_flagged_first_and_trends() {
        let choice = ShareChoice {
            sessions: vec![SessionId("a".into()), SessionId("b".into())],
            dates: None,
        };
        let shared = shared_export(
            &plan(),
            &journal(),
            &choice,
            stamp("2026-11-26T12:00:00+00:00"),
            1,
            "0.1.0",
        );
        let report = report(&shared);
        assert_eq!(report.sessions.len(), 2);
        let b = &report.sessions[0];
        assert_eq!(b.session.number, 2);
        assert_eq!(b.session.intention, "intention b");
        assert_eq!(
            b.mood,
            vec![ChartPoint {
                hour: 6.0,
                value: 6.0,
                flagged: true
            }]
        );
        assert_eq!(b.sleep.len(), 1);
        assert_eq!(b.sleep_average_tenths(), Some(85));
        assert_eq!(b.flagged.len(), 1);
        assert_eq!(b.insights.len(), 1);
        let states: Vec<_> = b.check_ins.iter().map(|c| c.state).collect();
        // Exported at hour 49: the debrief and day 1 are written, day 2 is open, day 3 to come.
        assert_eq!(
            states,
            [
                CheckInState::Done,
                CheckInState::Done,
                CheckInState::Open,
                CheckInState::Upcoming
            ]
        );
        assert_eq!(report.flagged.len(), 1);
    }

    #[test]
    fn the_report_lists_scores_by_session_and_opens_with_item_9_answers_above_zero() {
        use crate::domain::questionnaire::{Instrument, Questionnaire};
        let mut entries = journal();
        let phq = |id: &str, at: &str, item9: u8, private: bool| {
            entry(
                id,
                at,
                EntryBody::Questionnaire(Questionnaire {
                    instrument: Instrument::Phq9,
                    answers: vec![1, 1, 1, 1, 1, 1, 1, 1, item9],
                    difficulty: None,
                }),
                private,
                false,
            )
        };
        entries.push(phq("q1", "2026-11-12T09:00:00+00:00", 0, false));
        entries.push(phq("q2", "2026-11-26T09:00:00+00:00", 2, false));
        entries.push(phq("q3", "2026-11-26T10:00:00+00:00", 3, true));
        let choice = ShareChoice {
            sessions: vec![SessionId("a".into()), SessionId("b".into())],
            dates: None,
        };
        let shared = shared_export(
            &plan(),
            &entries,
            &choice,
            stamp("2026-11-26T12:00:00+00:00"),
            1,
            "0.1.0",
        );
        let report = report(&shared);
        let totals: Vec<_> = report
            .scores
            .iter()
            .map(|s| (s.total, s.after_session))
            .collect();
        assert_eq!(
            totals,
            [(8, Some(1)), (10, Some(2))],
            "the private one is not shared"
        );
        let flagged: Vec<_> = report
            .safety_answers()
            .iter()
            .map(|s| s.entry.0.clone())
            .collect();
        assert_eq!(flagged, ["q2"]);
    }

    #[test]
    fn chart_points_map_into_the_plot_area() {
        let top_left = chart_xy(
            &ChartPoint {
                hour: 0.0,
                value: 10.0,
                flagged: false,
            },
            10.0,
        );
        let bottom_right = chart_xy(
            &ChartPoint {
                hour: 72.0,
                value: 0.0,
                flagged: false,
            },
            10.0,
        );
        assert_eq!(top_left, (CHART_MARGIN, 8));
        assert_eq!(bottom_right, (CHART_WIDTH - 8, CHART_HEIGHT - CHART_MARGIN));
        assert_eq!(
            chart_polyline(
                &[ChartPoint {
                    hour: 36.0,
                    value: 5.0,
                    flagged: false
                }],
                10.0
            ),
            "372,88"
        );
    }

    #[test]
    fn csv_neutralises_formulas_and_quotes_what_needs_it() {
        assert_eq!(csv_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("@cmd"), "'@cmd");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("\rx"), "\"'\rx\"");
        assert_eq!(csv_cell("plain"), "plain");
    }

    #[test]
    fn csv_has_one_row_per_shared_entry_with_offset_times() {
        let choice = ShareChoice {
            sessions: vec![SessionId("b".into())],
            dates: None,
        };
        let shared = shared_export(
            &plan(),
            &journal(),
            &choice,
            stamp("2026-11-26T12:00:00+00:00"),
            1,
            "0.1.0",
        );
        let text = csv(&shared);
        let rows: Vec<&str> = text.split("\r\n").filter(|r| !r.is_empty()).collect();
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0], CSV_COLUMNS.join(","));
        assert!(
            rows[1].starts_with(
                "b1,mood,2026-11-24T17:00:00+00:00,2026-11-24T17:00:00+00:00,2,7,yes,6"
            ),
            "{}",
            rows[1]
        );
        assert!(rows[3].contains("'=SUM(A1)"), "{}", rows[3]);
        assert!(rows[2].contains(",8.5,4,1,"), "{}", rows[2]);
    }

    #[test]
    fn csv_leaves_answers_not_given_blank_and_gives_questionnaires_their_columns() {
        use crate::domain::questionnaire::{Instrument, Questionnaire};
        let mut entries = journal();
        entries.push(entry(
            "b5",
            "2026-11-25T21:00:00+00:00",
            EntryBody::Sleep(Sleep::quick(
                stamp("2026-11-25T22:00:00+00:00"),
                stamp("2026-11-26T06:00:00+00:00"),
            )),
            false,
            false,
        ));
        entries.push(entry(
            "b6",
            "2026-11-25T22:00:00+00:00",
            EntryBody::Questionnaire(Questionnaire {
                instrument: Instrument::Gad7,
                answers: vec![1, 2, 0, 0, 3, 1, 0],
                difficulty: None,
            }),
            false,
            false,
        ));
        let choice = ShareChoice {
            sessions: vec![SessionId("b".into())],
            dates: None,
        };
        let shared = shared_export(
            &plan(),
            &entries,
            &choice,
            stamp("2026-11-26T12:00:00+00:00"),
            1,
            "0.1.0",
        );
        let text = csv(&shared);
        let rows: Vec<Vec<&str>> = text
            .split("\r\n")
            .filter(|r| !r.is_empty())
            .map(|r| r.split(',').collect())
            .collect();
        assert!(rows.iter().all(|r| r.len() == CSV_COLUMNS.len()));
        let col = |name: &str| CSV_COLUMNS.iter().position(|c| *c == name).unwrap();
        let quick = rows.iter().find(|r| r[0] == "b5").unwrap();
        assert_eq!(
            (
                quick[col("hours_slept")],
                quick[col("sleep_quality")],
                quick[col("awakenings")]
            ),
            ("8", "", ""),
            "not given is blank, never 0"
        );
        let gad = rows.iter().find(|r| r[0] == "b6").unwrap();
        assert_eq!(
            [
                gad[col("kind")],
                gad[col("questionnaire")],
                gad[col("item_answers")],
                gad[col("total")],
                gad[col("severity")]
            ],
            ["questionnaire", "GAD-7", "1 2 0 0 3 1 0", "7", "mild"]
        );
    }

    #[test]
    fn tenths_read_as_people_write_them() {
        assert_eq!(tenths_text(75), "7.5");
        assert_eq!(tenths_text(80), "8");
        assert_eq!(tenths_text(-5), "-0.5");
        assert_eq!(tenths_text(0), "0");
        // Every tenth reads back as itself, with a point exactly when it is not whole.
        for tenths in -2_000..2_000 {
            let text = tenths_text(tenths);
            let back: f64 = text.parse().expect("a number");
            assert_eq!((back * 10.0).round() as i64, tenths, "{text}");
            assert_eq!(text.contains('.'), tenths % 10 != 0, "{text}");
        }
    }
}
