//! What leaves the phone for the therapist, and only that: the choice of sessions or dates,
//! the shared file (never a private entry), the report model with its chart geometry, and CSV.

use super::entry::{Entry, EntryBody};
use super::plan::Plan;
use super::session::{Phase, Route, Session, SessionId, Setting};
use super::time::Stamp;
use super::window;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

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

/// The report format this build writes. Version 1, the files made before reports said whose they
/// are and what they cover, carries no `report_version` field.
pub const REPORT_VERSION: u32 = 2;

/// The longest name or initials a patient may put on a report, in characters.
pub const MAX_NAME_CHARS: usize = 80;

/// Whose journal a report comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedPatient {
    /// A pseudonymous id made once on the patient's phone and written into every report from it,
    /// so review mode can tell one patient's files from another's. Not a name, and never shown as
    /// one.
    pub id: String,
    /// The name or initials the patient chose to put on the report; empty when none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
}

/// Local dates, inclusive, written as `2026-11-24`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    /// The first day.
    #[serde(with = "day_text")]
    pub from: NaiveDate,
    /// The last day.
    #[serde(with = "day_text")]
    pub to: NaiveDate,
}

/// What the patient chose to share, as the report file records it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedRange {
    /// The sessions whose aftermath was chosen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sessions: Vec<SessionId>,
    /// Or the dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dates: Option<DateRange>,
}

impl SharedRange {
    /// The range a choice records. Dates are written with four-digit years, so a choice of
    /// "any date" records years 1 to 9999.
    pub fn of(choice: &ShareChoice) -> Self {
        let first = NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN);
        let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX);
        Self {
            sessions: choice.sessions.clone(),
            dates: choice.dates.map(|(from, to)| DateRange {
                from: from.clamp(first, last),
                to: to.clamp(first, last),
            }),
        }
    }
}

/// A date as `2026-11-24`, for serde.
mod day_text {
    use crate::domain::time::{input_date, parse_input_date};
    use chrono::NaiveDate;
    use serde::{de, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(day: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&input_date(*day))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        struct DayText;

        impl de::Visitor<'_> for DayText {
            type Value = NaiveDate;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a date written as 2026-11-24")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<NaiveDate, E> {
                // Exactly the shape written: ten characters, so `2026-1-5` is refused.
                (text.len() == 10)
                    .then(|| parse_input_date(text))
                    .flatten()
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(text), &self))
            }
        }

        deserializer.deserialize_str(DayText)
    }
}

fn is_version_1(version: &u32) -> bool {
    *version == 1
}

fn version_1() -> u32 {
    1
}

/// The file a patient gives a therapist. Every field is required but those version 1 lacked
/// (`report_version`, `patient`, `range`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SharedExport {
    /// Always [`SHARE_FORMAT`].
    pub format: String,
    /// The storage schema version of the entries inside.
    pub schema_version: u32,
    /// The report format's version ([`REPORT_VERSION`]); absent, and so 1, in files made before
    /// it was written.
    #[serde(default = "version_1", skip_serializing_if = "is_version_1")]
    pub report_version: u32,
    /// The app version that wrote it.
    pub app_version: String,
    /// When it was made, on the patient's clock.
    pub exported_at: Stamp,
    /// Whose journal it comes from; absent in version 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient: Option<SharedPatient>,
    /// What the patient chose to share; absent in version 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<SharedRange>,
    /// The sessions the share is about, for context (dates, routes, intentions).
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
    let settings = &plan.settings;
    SharedExport {
        format: SHARE_FORMAT.into(),
        schema_version,
        report_version: REPORT_VERSION,
        app_version: app_version.into(),
        exported_at,
        patient: (!settings.patient_id.is_empty()).then(|| SharedPatient {
            id: settings.patient_id.clone(),
            name: settings.report_name.trim().to_string(),
        }),
        range: Some(SharedRange::of(choice)),
        sessions,
        entries,
    }
}

/// A full backup as review mode shows it: only what could be shared (never a private entry),
/// every session, the whole journal as its range.
pub fn shared_from_backup(backup: &super::backup::Backup) -> SharedExport {
    let everything = ShareChoice {
        sessions: backup
            .plan
            .course
            .sessions
            .iter()
            .map(|s| s.id.clone())
            .collect(),
        dates: None,
    };
    let mut shared = shared_export(
        &backup.plan,
        &backup.entries,
        &ShareChoice {
            dates: Some((NaiveDate::MIN, NaiveDate::MAX)),
            ..everything.clone()
        },
        backup.exported_at,
        backup.schema_version,
        &backup.app_version,
    );
    shared.range = Some(SharedRange::of(&everything));
    shared
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
}
