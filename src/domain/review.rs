//! Review mode's model, in plain Rust: the report files a therapist opens, as one course of one
//! patient, and the summary a clinician prepares an integration session from.
//!
//! - [`Review`]: one or more files of the same patient (one per session, shared over weeks) as
//!   one course: sessions by id, entries by id with the newest edit kept. A file of another
//!   patient is refused: files say whose they are by the pseudonymous reference the patient's
//!   phone writes ([`SharedPatient`]), never by the name.
//! - [`summary`]: per session its intention, route, setting and times, the 72-hour window's mood
//!   and sleep beside the previous window's, emotion words counted, check-ins written and not,
//!   habits; mood and sleep across the course; the entries marked to discuss, once each; every
//!   other entry grouped by window and hour.
//! - Chart geometry in whole numbers (a plot of 1000 × 1000 units), and the sentences that
//!   describe each chart to a screen reader.
//!
//! - The PHQ-9 and GAD-7 scores across the course, and the PHQ-9 item-9 answers above 0 the
//!   report opens with.
//!
//! The flow is file → [`Review`] → [`Summary`] → view, so what other files carry slots in as
//! another field of the summary.

use super::entry::{Entry, EntryBody, EntryId};
use super::export::{SharedExport, SharedPatient, SharedRange, SharedSession};
use super::import::MAX_ENTRIES;
use super::questionnaire::{self, Score};
use super::session::{Course, Session};
use super::time::Stamp;
use super::window::{self, CheckInStatus, IntegrationWindow, WINDOW_HOURS};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;
use std::fmt::Write as _;

/// What a file opened in review mode was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A report the patient shared for the therapist.
    Report,
    /// A full backup: review shows only what could be shared.
    Backup,
}

/// One file opened in review mode, as the review's header describes it.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenedFile {
    /// Its name, as chosen or dropped.
    pub name: String,
    /// Report or backup.
    pub kind: FileKind,
    /// When the patient made it, on their clock.
    pub made: Stamp,
    /// What the patient chose to share; `None` in files made before reports recorded it.
    pub range: Option<SharedRange>,
    /// The sessions it holds, by number, to name a range of sessions.
    pub numbers: Vec<(super::session::SessionId, usize)>,
    /// How many entries it holds.
    pub entries: usize,
}

impl OpenedFile {
    /// What it covers in words: `sessions 1 and 2`, `entries written Sun 1 Nov 2026 to Fri 6 Nov
    /// 2026`, `the whole journal (a full backup)`, or `range not recorded (an older file)`.
    pub fn covers(&self) -> String {
        if self.kind == FileKind::Backup {
            return "the whole journal (a full backup)".into();
        }
        let Some(range) = &self.range else {
            return "range not recorded (a file from an older Waypoint)".into();
        };
        let mut parts = Vec::new();
        if !range.sessions.is_empty() {
            let mut numbers: Vec<usize> = range
                .sessions
                .iter()
                .filter_map(|id| self.numbers.iter().find(|(s, _)| s == id).map(|(_, n)| *n))
                .collect();
            numbers.sort_unstable();
            let word = if numbers.len() == 1 {
                "session"
            } else {
                "sessions"
            };
            parts.push(format!("{word} {}", and_list(&numbers)));
        }
        if let Some(d) = range.dates {
            parts.push(if d.from == d.to {
                format!("entries written on {}", super::time::long_date(d.from))
            } else {
                format!(
                    "entries written {} to {}",
                    super::time::long_date(d.from),
                    super::time::long_date(d.to)
                )
            });
        }
        if parts.is_empty() {
            "nothing chosen".into()
        } else {
            parts.join(" and ")
        }
    }
}

/// `1`, `1 and 2`, `1, 2 and 3`.
fn and_list(numbers: &[usize]) -> String {
    match numbers {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => {
            let head: Vec<String> = rest.iter().map(|n| n.to_string()).collect();
            format!("{} and {last}", head.join(", "))
        }
    }
}

/// The files a therapist has open, as one course of one patient.
#[derive(Clone, Debug, PartialEq)]
pub struct Review {
    /// The files, in the order opened.
    pub files: Vec<OpenedFile>,
    /// Whose journal: the reference of the first file that has one, the name of the newest file
    /// that gives one.
    pub patient: Option<SharedPatient>,
    /// Every session the files hold, by planned time; a session in several files is taken from
    /// the newest.
    pub sessions: Vec<SharedSession>,
    /// For each session, when the newest file holding it was made: its check-ins are judged then.
    pub as_of: Vec<Stamp>,
    /// Every entry once, by id, with its newest edit; by the time written.
    pub entries: Vec<Entry>,
}

/// What adding a file brought.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Added {
    /// Entries not open before.
    pub new: usize,
    /// Entries open before, now with a newer edit.
    pub updated: usize,
    /// Entries already open as they are in the file.
    pub already: usize,
}

impl Review {
    /// A review of one file.
    pub fn open(file: SharedExport, name: &str, kind: FileKind) -> Review {
        let mut review = Review {
            files: Vec::new(),
            patient: None,
            sessions: Vec::new(),
            as_of: Vec::new(),
            entries: Vec::new(),
        };
        review.take(file, name, kind);
        review
    }

    /// Adds another file of the same patient. A file of another patient, or one whose patient
    /// cannot be told, is refused with a sentence saying so, and nothing changes; so does a file
    /// that brings no entry or edit the review does not have (the same file twice).
    pub fn add(&mut self, file: SharedExport, name: &str, kind: FileKind) -> Result<Added, String> {
        self.same_patient(&file)?;
        let here: HashMap<&EntryId, &Entry> = self.entries.iter().map(|e| (&e.id, e)).collect();
        let (mut new, mut updated, mut already) = (0, 0, 0);
        for entry in &file.entries {
            match here.get(&entry.id) {
                None => new += 1,
                Some(open) if entry.edited > open.edited => updated += 1,
                Some(_) => already += 1,
            }
        }
        if self.entries.len() + new > MAX_ENTRIES {
            return Err(format!(
                "Together with the files already open this makes more than {MAX_ENTRIES} entries, the most Waypoint reviews at once."
            ));
        }
        if new + updated > 0 {
            self.take(file, name, kind);
        }
        Ok(Added {
            new,
            updated,
            already,
        })
    }

    /// Whether `file` is this patient's: the same reference, or, where a file has none (made
    /// before references were written) or the references differ (a journal restored onto a
    /// phone that had made its own), a session in common, since a session's id is made once on
    /// one phone.
    fn same_patient(&self, file: &SharedExport) -> Result<(), String> {
        let same_reference = match (&self.patient, &file.patient) {
            (Some(open), Some(theirs)) => open.id == theirs.id,
            _ => false,
        };
        let common_session = file
            .sessions
            .iter()
            .any(|s| self.sessions.iter().any(|o| o.id == s.id));
        if same_reference || common_session {
            return Ok(());
        }
        if self.patient.is_some() && file.patient.is_some() {
            return Err("This file comes from another patient's journal than the file already open, so it was not added. To review another patient, close this file first.".into());
        }
        Err("This file and the one already open cannot be shown to come from the same patient (one was made by an older Waypoint that did not record whose journal it is), so it was not added. Open it on its own.".into())
    }

    fn take(&mut self, file: SharedExport, name: &str, kind: FileKind) {
        let made = file.exported_at;
        if let Some(theirs) = &file.patient {
            match &mut self.patient {
                None => self.patient = Some(theirs.clone()),
                Some(open) => {
                    let newest = self.files.iter().all(|f| f.made <= made);
                    if !theirs.name.is_empty() && (open.name.is_empty() || newest) {
                        open.name = theirs.name.clone();
                    }
                }
            }
        }
        for session in &file.sessions {
            match self.sessions.iter().position(|s| s.id == session.id) {
                Some(i) if self.as_of[i] <= made => {
                    self.sessions[i] = session.clone();
                    self.as_of[i] = made;
                }
                Some(_) => {}
                None => {
                    self.sessions.push(session.clone());
                    self.as_of.push(made);
                }
            }
        }
        let mut order: Vec<usize> = (0..self.sessions.len()).collect();
        order.sort_by_key(|&i| (self.sessions[i].planned, self.sessions[i].number));
        self.sessions = order.iter().map(|&i| self.sessions[i].clone()).collect();
        self.as_of = order.iter().map(|&i| self.as_of[i]).collect();

        self.files.push(OpenedFile {
            name: name.to_string(),
            kind,
            made,
            range: file.range.clone(),
            numbers: file
                .sessions
                .iter()
                .map(|s| (s.id.clone(), s.number))
                .collect(),
            entries: file.entries.len(),
        });
        let mut at: HashMap<EntryId, usize> = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        for entry in file.entries {
            match at.get(&entry.id) {
                Some(&i) => {
                    if entry.edited > self.entries[i].edited {
                        self.entries[i] = entry;
                    }
                }
                None => {
                    at.insert(entry.id.clone(), self.entries.len());
                    self.entries.push(entry);
                }
            }
        }
        self.entries
            .sort_by(|a, b| a.written.cmp(&b.written).then_with(|| a.id.cmp(&b.id)));
    }

    /// The sessions as a course (times only), to place entries in their windows.
    pub fn course(&self) -> Course {
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
        Course { sessions }
    }

    /// The name or initials on the files, if the patient gave any.
    pub fn patient_name(&self) -> Option<&str> {
        self.patient
            .as_ref()
            .map(|p| p.name.as_str())
            .filter(|n| !n.is_empty())
    }

    /// When the newest file was made.
    pub fn latest(&self) -> Option<Stamp> {
        self.files.iter().map(|f| f.made).max()
    }
}

/// Mood ratings or hours slept in a window, in tenths: how many, their average, lowest and
/// highest, the first and the last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Trend {
    /// How many values.
    pub count: usize,
    /// Their average, to a tenth.
    pub average: i64,
    /// The lowest.
    pub low: i64,
    /// The highest.
    pub high: i64,
    /// The earliest.
    pub first: i64,
    /// The latest.
    pub last: i64,
}

impl Trend {
    /// The trend of values in tenths, in time order; `None` when there are none.
    pub fn of(values: &[i64]) -> Option<Trend> {
        let (&first, &last) = (values.first()?, values.last()?);
        let sum: i64 = values.iter().sum();
        let n = values.len() as i64;
        Some(Trend {
            count: values.len(),
            // Rounded half away from zero, in whole numbers.
            average: (2 * sum + n) / (2 * n),
            low: values.iter().copied().min().unwrap_or(first),
            high: values.iter().copied().max().unwrap_or(first),
            first,
            last,
        })
    }
}

/// `7.5` from 75 tenths, `8` from 80.
pub fn tenths_text(tenths: i64) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    let (whole, tenth) = (tenths.abs() / 10, tenths.abs() % 10);
    if tenth == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{tenth}")
    }
}

/// A value on a window's chart: minutes after the session ended, the value in tenths, and
/// whether the entry is marked to discuss.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point {
    /// Minutes after the window opened.
    pub minutes: i64,
    /// Mood 0–10 or hours slept, in tenths.
    pub tenths: i64,
    /// Marked to discuss.
    pub flagged: bool,
}

/// One session as the review summarises it.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionSummary {
    /// The session.
    pub session: SharedSession,
    /// Its 72-hour window.
    pub window: IntegrationWindow,
    /// When the newest file holding it was made: check-ins are judged then.
    pub as_of: Stamp,
    /// Mood ratings in the window.
    pub mood: Option<Trend>,
    /// Hours slept in the window, by wake time.
    pub sleep: Option<Trend>,
    /// The previous session in the course (by end), its number and its window's trends; `None`
    /// for the first session the files hold.
    pub previous: Option<(usize, Option<Trend>, Option<Trend>)>,
    /// Mood ratings across the window, for its chart.
    pub mood_points: Vec<Point>,
    /// Hours slept across the window, at the wake time.
    pub sleep_points: Vec<Point>,
    /// Emotion words in the window's moods, most used first.
    pub emotions: Vec<(String, usize)>,
    /// Check-ins, judged when the file was made.
    pub check_ins: Vec<CheckInStatus>,
    /// Habits ticked in the window's insights, with how many insights ticked each; most first.
    pub habits: Vec<(&'static str, usize)>,
    /// Entries in the session's aftermath (until the next session), marked to discuss or not.
    pub entries: usize,
    /// Of those, marked to discuss.
    pub discuss: usize,
}

/// Where in a window an entry was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Slot {
    /// Hour 1–72 of the session's window.
    Hour(u32),
    /// After the window, before the next session: the day on the patient's clock.
    After(NaiveDate),
    /// Before any session ended: the day.
    Day(NaiveDate),
}

/// Entries of one slot, by their place in [`Review::entries`], oldest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlotGroup {
    /// The hour or day.
    pub slot: Slot,
    /// Indices into [`Review::entries`].
    pub entries: Vec<usize>,
}

/// The entries of one session's aftermath (or of the time before the first session) that are
/// not marked to discuss, grouped by hour.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WindowEntries {
    /// Groups in time order.
    pub groups: Vec<SlotGroup>,
}

impl WindowEntries {
    /// How many entries.
    pub fn len(&self) -> usize {
        self.groups.iter().map(|g| g.entries.len()).sum()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

/// An entry marked to discuss, with where it was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiscussItem {
    /// Its place in [`Review::entries`].
    pub entry: usize,
    /// The session whose aftermath it is in, by number.
    pub session: Option<usize>,
    /// Its hour or day.
    pub slot: Slot,
}

/// One point of the course chart: a session's window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoursePoint {
    /// The session's number.
    pub number: usize,
    /// Its window's mood.
    pub mood: Option<Trend>,
    /// Its window's sleep.
    pub sleep: Option<Trend>,
}

/// What review mode shows, summary first.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Every ended session the files hold, newest first.
    pub sessions: Vec<SessionSummary>,
    /// Each session's entries not marked to discuss, in the order of `sessions`.
    pub windows: Vec<WindowEntries>,
    /// Entries written before any session ended, not marked to discuss.
    pub before_first: WindowEntries,
    /// Mood and sleep per session window, oldest session first.
    pub course: Vec<CoursePoint>,
    /// The entries marked to discuss, each once: newest session first, then in time order;
    /// those before the first session last.
    pub discuss: Vec<DiscussItem>,
    /// PHQ-9 and GAD-7 scores across the course, oldest first, each placed after the session
    /// whose aftermath it was taken in.
    pub scores: Vec<Score>,
}

impl Summary {
    /// The PHQ-9s whose item 9 was answered above 0, oldest first: the report opens with them.
    pub fn safety_answers(&self) -> Vec<&Score> {
        self.scores
            .iter()
            .filter(|s| s.safety_answer.is_some())
            .collect()
    }
}

/// Everything review mode shows of `review`.
pub fn summary(review: &Review) -> Summary {
    let course = review.course();
    // Ended sessions by end, with their windows: an entry belongs to the latest that had ended
    // when it was written.
    let mut ended: Vec<(usize, IntegrationWindow)> = course
        .sessions
        .iter()
        .enumerate()
        .filter_map(|(i, s)| window::window_of(&course, s).map(|w| (i, w)))
        .collect();
    ended.sort_by_key(|(_, w)| w.opens);
    let mut owned: Vec<Vec<usize>> = vec![Vec::new(); ended.len()];
    let mut before: Vec<usize> = Vec::new();
    for (i, entry) in review.entries.iter().enumerate() {
        let at = entry.written.utc();
        match ended.partition_point(|(_, w)| w.opens <= at).checked_sub(1) {
            Some(k) => owned[k].push(i),
            None => before.push(i),
        }
    }
    let slot_of = |entry: &Entry, window: Option<&IntegrationWindow>| -> Slot {
        let at = entry.written.utc();
        match window {
            Some(w) => match w.hour(at) {
                Some(hour) => Slot::Hour(hour),
                None => Slot::After(entry.written.0.date_naive()),
            },
            None => Slot::Day(entry.written.0.date_naive()),
        }
    };
    let group = |indices: &[usize], window: Option<&IntegrationWindow>| -> WindowEntries {
        let mut groups: Vec<SlotGroup> = Vec::new();
        for &i in indices {
            let entry = &review.entries[i];
            if entry.discuss {
                continue;
            }
            let slot = slot_of(entry, window);
            match groups.last_mut() {
                Some(g) if g.slot == slot => g.entries.push(i),
                _ => groups.push(SlotGroup {
                    slot,
                    entries: vec![i],
                }),
            }
        }
        WindowEntries { groups }
    };

    let mut sessions = Vec::new();
    let mut windows = Vec::new();
    let mut course_points = Vec::new();
    let mut discuss = Vec::new();
    let mut previous: Option<(usize, Option<Trend>, Option<Trend>)> = None;
    for (k, (i, window)) in ended.iter().enumerate() {
        let shared = &review.sessions[*i];
        let entries: Vec<&Entry> = owned[k].iter().map(|&e| &review.entries[e]).collect();
        let in_window: Vec<&Entry> = entries
            .iter()
            .copied()
            .filter(|e| window.contains(e.written.utc()))
            .collect();
        let minutes = |t: DateTime<Utc>| (t - window.opens).num_minutes();
        let mood_points: Vec<Point> = in_window
            .iter()
            .filter_map(|e| match &e.body {
                EntryBody::Mood(m) => Some(Point {
                    minutes: minutes(e.written.utc()),
                    tenths: i64::from(m.rating) * 10,
                    flagged: e.discuss,
                }),
                _ => None,
            })
            .collect();
        let mut sleep_points: Vec<Point> = entries
            .iter()
            .filter_map(|e| match &e.body {
                EntryBody::Sleep(s) if window.contains(s.wake.utc()) => Some(Point {
                    minutes: minutes(s.wake.utc()),
                    tenths: s.tenths_of_hours(),
                    flagged: e.discuss,
                }),
                _ => None,
            })
            .collect();
        sleep_points.sort_by_key(|p| p.minutes);
        let values = |points: &[Point]| points.iter().map(|p| p.tenths).collect::<Vec<_>>();
        let mood = Trend::of(&values(&mood_points));
        let sleep = Trend::of(&values(&sleep_points));

        let mut words: Vec<(String, usize)> = Vec::new();
        let mut habit_counts = [0usize; 4];
        let mut habit_labels = [""; 4];
        for e in &in_window {
            match &e.body {
                EntryBody::Mood(m) => {
                    for word in &m.emotions {
                        let word = word.trim();
                        match words.iter_mut().find(|(w, _)| w.eq_ignore_ascii_case(word)) {
                            Some((_, n)) => *n += 1,
                            None => words.push((word.to_string(), 1)),
                        }
                    }
                }
                EntryBody::Insight(insight) => {
                    for (j, (label, on)) in insight.habits.labelled().into_iter().enumerate() {
                        habit_labels[j] = label;
                        habit_counts[j] += usize::from(on);
                    }
                }
                EntryBody::Sleep(_) | EntryBody::Questionnaire(_) => {}
            }
        }
        words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut habits: Vec<(&'static str, usize)> = habit_labels
            .into_iter()
            .zip(habit_counts)
            .filter(|(_, n)| *n > 0)
            .collect();
        habits.sort_by_key(|h| std::cmp::Reverse(h.1));

        let as_of = review.as_of[*i];
        let written: Vec<DateTime<Utc>> = in_window.iter().map(|e| e.written.utc()).collect();
        // The patient's clock when the session ended places the invitations.
        let patient_clock = shared
            .ended
            .map(|end| *end.0.offset())
            .unwrap_or_else(|| *as_of.0.offset());
        let check_ins = window::check_ins(window, &written, as_of.utc(), &patient_clock)
            .into_iter()
            .filter(|c| c.state != window::CheckInState::Superseded)
            .collect();

        let flagged: Vec<usize> = owned[k]
            .iter()
            .copied()
            .filter(|&e| review.entries[e].discuss)
            .collect();
        for &e in &flagged {
            discuss.push(DiscussItem {
                entry: e,
                session: Some(shared.number),
                slot: slot_of(&review.entries[e], Some(window)),
            });
        }
        course_points.push(CoursePoint {
            number: shared.number,
            mood,
            sleep,
        });
        sessions.push(SessionSummary {
            session: shared.clone(),
            window: *window,
            as_of,
            mood,
            sleep,
            previous,
            mood_points,
            sleep_points,
            emotions: words,
            check_ins,
            habits,
            entries: owned[k].len(),
            discuss: flagged.len(),
        });
        windows.push(group(&owned[k], Some(window)));
        previous = Some((shared.number, mood, sleep));
    }
    // Newest session first; its discuss entries keep their time order.
    sessions.reverse();
    windows.reverse();
    discuss.sort_by(|a, b| b.session.cmp(&a.session).then(a.entry.cmp(&b.entry)));
    for &e in &before {
        if review.entries[e].discuss {
            discuss.push(DiscussItem {
                entry: e,
                session: None,
                slot: slot_of(&review.entries[e], None),
            });
        }
    }
    // A questionnaire belongs to the latest session that had ended when it was taken, as
    // entries do.
    let scores = questionnaire::scores(&review.entries, |at| {
        let k = ended
            .partition_point(|(_, w)| w.opens <= at)
            .checked_sub(1)?;
        Some(review.sessions[ended[k].0].number)
    });
    Summary {
        sessions,
        windows,
        before_first: group(&before, None),
        course: course_points,
        discuss,
        scores,
    }
}

/// The first `limit` entries of the windows in reading order (newest session first, then the
/// time before the first session), and how many were left out: a review draws a page at a time,
/// as the Journal does, so a file of 50,000 entries opens at once.
pub fn first_entries(windows: &[&WindowEntries], limit: usize) -> (Vec<WindowEntries>, usize) {
    let mut left = limit;
    let mut total = 0;
    let kept = windows
        .iter()
        .map(|w| {
            total += w.len();
            let mut groups = Vec::new();
            for g in &w.groups {
                if left == 0 {
                    break;
                }
                let take = g.entries.len().min(left);
                left -= take;
                groups.push(SlotGroup {
                    slot: g.slot,
                    entries: g.entries[..take].to_vec(),
                });
            }
            WindowEntries { groups }
        })
        .collect();
    (kept, total - (limit - left))
}

// ---------------------------------------------------------------------------------------------
// Charts
// ---------------------------------------------------------------------------------------------

/// A chart's plot is `PLOT` × `PLOT` units: x from the left, y from the top.
pub const PLOT: i32 = 1000;
/// Mood's scale, in tenths: 0–10.
pub const MOOD_MAX: i64 = 100;
/// Sleep's scale, in tenths of hours: 0–12 h.
pub const SLEEP_MAX: i64 = 120;

/// x for a moment of a window: 0 at the session's end, [`PLOT`] at 72 hours.
pub fn x_of_minutes(minutes: i64) -> i32 {
    let span = WINDOW_HOURS * 60;
    (minutes.clamp(0, span) * i64::from(PLOT) / span) as i32
}

/// x for the `i`th of `n` sessions, spread across the plot with room at either end.
pub fn x_of_session(i: usize, n: usize) -> i32 {
    if n <= 1 {
        return PLOT / 2;
    }
    let margin = 60;
    margin + (i as i32) * (PLOT - 2 * margin) / (n as i32 - 1)
}

/// y for a value in tenths on a scale of `0..=max` tenths: the top is `max`.
pub fn y_of(tenths: i64, max: i64) -> i32 {
    PLOT - (tenths.clamp(0, max) * i64::from(PLOT) / max.max(1)) as i32
}

/// An SVG path through the points, in order: `M0,300L500,200`.
pub fn line_path(points: &[(i32, i32)]) -> String {
    let mut out = String::new();
    for (i, (x, y)) in points.iter().enumerate() {
        let _ = write!(out, "{}{x},{y}", if i == 0 { 'M' } else { 'L' });
    }
    out
}

/// An SVG path of one dot per point (a zero-length stroke with round caps draws a dot the size
/// of the stroke, whatever the plot's scale): `M0,300h0M500,200h0`.
pub fn dots_path(points: &[(i32, i32)]) -> String {
    let mut out = String::new();
    for (x, y) in points {
        let _ = write!(out, "M{x},{y}h0");
    }
    out
}

/// An SVG path of vertical bars, each from `low` to `high` at `x`.
pub fn bars_path(bars: &[(i32, i32, i32)]) -> String {
    let mut out = String::new();
    for (x, low, high) in bars {
        let _ = write!(out, "M{x},{low}V{high}");
    }
    out
}

/// A position in thousandths of the plot as CSS: `33.3%`.
pub fn percent(units: i32) -> String {
    let tenths = units.clamp(0, PLOT);
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// Up to this many values are read out one by one; more are described by their range.
const VALUES_READ_OUT: usize = 12;

/// A window's chart in words: `Mood (0–10): 7 at hour 3, 5 at hour 7` or, past a dozen values,
/// their count, range, average, first and last.
pub fn describe_window(title: &str, unit: &str, points: &[Point]) -> String {
    let Some(trend) = Trend::of(&points.iter().map(|p| p.tenths).collect::<Vec<_>>()) else {
        return format!("{title}: nothing shared.");
    };
    let at = |p: &Point| {
        format!(
            "{}{unit} at hour {}",
            tenths_text(p.tenths),
            p.minutes / 60 + 1
        )
    };
    if points.len() <= VALUES_READ_OUT {
        let list: Vec<String> = points.iter().map(at).collect();
        return format!("{title}: {}.", list.join(", "));
    }
    format!(
        "{title}: {} values from {}{unit} to {}{unit}, averaging {}{unit}; the first {}, the last {}.",
        trend.count,
        tenths_text(trend.low),
        tenths_text(trend.high),
        tenths_text(trend.average),
        at(&points[0]),
        at(&points[points.len() - 1]),
    )
}

/// The course chart in words: each session's average mood and sleep, oldest first; past a dozen
/// sessions, the first and the last.
pub fn describe_course(points: &[CoursePoint]) -> String {
    let one = |p: &CoursePoint| {
        let mood = p.mood.map_or("no mood rated".to_string(), |t| {
            format!("mood {}", tenths_text(t.average))
        });
        let sleep = p.sleep.map_or("no sleep recorded".to_string(), |t| {
            format!("sleep {} h", tenths_text(t.average))
        });
        format!("session {}: {mood}, {sleep}", p.number)
    };
    let list: Vec<String> = if points.len() <= VALUES_READ_OUT {
        points.iter().map(one).collect()
    } else {
        vec![
            format!("{} sessions", points.len()),
            format!("the first, {}", one(&points[0])),
            format!("the last, {}", one(&points[points.len() - 1])),
        ]
    };
    format!(
        "Average mood (0–10) and hours slept in each session's 72 hours: {}.",
        list.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::entry::{Habits, Insight, Mood, Sleep};
    use crate::domain::export::DateRange;
    use crate::domain::session::{Phase, SessionId, Setting};
    use crate::domain::window::CheckInState;

    fn stamp(t: &str) -> Stamp {
        Stamp::parse(t).unwrap()
    }

    fn entry(id: &str, at: &str, discuss: bool, body: EntryBody) -> Entry {
        Entry {
            id: EntryId(id.into()),
            written: stamp(at),
            edited: stamp(at),
            private: false,
            discuss,
            body,
        }
    }

    fn mood(rating: u8, words: &[&str]) -> EntryBody {
        EntryBody::Mood(Mood {
            rating,
            emotions: words.iter().map(|w| w.to_string()).collect(),
            note: String::new(),
        })
    }

    fn sleep(bed: &str, wake: &str) -> EntryBody {
        EntryBody::Sleep(Sleep {
            quality: Some(3),
            awakenings: Some(0),
            ..Sleep::quick(stamp(bed), stamp(wake))
        })
    }

    fn shared_session(id: &str, number: usize, end: &str) -> SharedSession {
        SharedSession {
            id: SessionId(id.into()),
            number,
            planned: stamp(end),
            started: Some(stamp(end)),
            ended: Some(stamp(end)),
            route: None,
            setting: Setting::Clinic,
            phase: Phase::Induction,
            intention: format!("intention {id}"),
        }
    }

    fn file(
        patient: Option<&str>,
        made: &str,
        sessions: Vec<SharedSession>,
        entries: Vec<Entry>,
    ) -> SharedExport {
        SharedExport {
            format: crate::domain::export::SHARE_FORMAT.into(),
            schema_version: 1,
            report_version: crate::domain::export::REPORT_VERSION,
            app_version: "0.1.0".into(),
            exported_at: stamp(made),
            patient: patient.map(|id| SharedPatient {
                id: id.into(),
                name: String::new(),
            }),
            range: Some(SharedRange {
                sessions: sessions.iter().map(|s| s.id.clone()).collect(),
                dates: None,
            }),
            sessions,
            entries,
        }
    }

    const END_1: &str = "2026-11-03T11:00:00+01:00";
    const END_2: &str = "2026-11-10T11:00:00+01:00";

    fn first_file() -> SharedExport {
        file(
            Some("p-anna"),
            "2026-11-06T12:00:00+01:00",
            vec![shared_session("s1", 1, END_1)],
            vec![
                entry(
                    "a",
                    "2026-11-03T14:30:00+01:00",
                    true,
                    mood(4, &["anxious", "tired"]),
                ),
                entry(
                    "b",
                    "2026-11-03T20:00:00+01:00",
                    false,
                    mood(6, &["Anxious"]),
                ),
                entry(
                    "c",
                    "2026-11-04T07:30:00+01:00",
                    false,
                    sleep("2026-11-03T23:00:00+01:00", "2026-11-04T06:00:00+01:00"),
                ),
            ],
        )
    }

    fn second_file() -> SharedExport {
        let mut edited = entry("b", "2026-11-03T20:00:00+01:00", false, mood(7, &["calm"]));
        edited.edited = stamp("2026-11-08T09:00:00+01:00");
        file(
            Some("p-anna"),
            "2026-11-13T12:00:00+01:00",
            vec![
                shared_session("s1", 1, END_1),
                shared_session("s2", 2, END_2),
            ],
            vec![
                entry(
                    "a",
                    "2026-11-03T14:30:00+01:00",
                    true,
                    mood(4, &["anxious", "tired"]),
                ),
                edited,
                entry(
                    "d",
                    "2026-11-10T17:00:00+01:00",
                    true,
                    mood(8, &["hopeful"]),
                ),
                entry(
                    "e",
                    "2026-11-11T19:00:00+01:00",
                    false,
                    EntryBody::Insight(Insight {
                        text: "Walked".into(),
                        habits: Habits {
                            movement: true,
                            rest: true,
                            ..Habits::default()
                        },
                        ..Insight::default()
                    }),
                ),
            ],
        )
    }

    #[test]
    fn scores_are_placed_after_their_session_and_item_9_answers_above_0_open_the_report() {
        use crate::domain::questionnaire::{Instrument, Questionnaire};
        let phq = |id: &str, at: &str, item9: u8| {
            entry(
                id,
                at,
                false,
                EntryBody::Questionnaire(Questionnaire {
                    instrument: Instrument::Phq9,
                    answers: vec![1, 1, 1, 1, 1, 1, 1, 1, item9],
                    difficulty: None,
                }),
            )
        };
        let mut file = second_file();
        // Before the first session, after session 1, after session 2 (taken in that order).
        file.entries.push(phq("q0", "2026-11-01T09:00:00+01:00", 0));
        file.entries.push(phq("q1", "2026-11-05T09:00:00+01:00", 2));
        file.entries.push(phq("q2", "2026-11-12T09:00:00+01:00", 0));
        let review = Review::open(file, "two.json", FileKind::Report);
        let summary = summary(&review);
        let placed: Vec<_> = summary
            .scores
            .iter()
            .map(|s| (s.entry.0.as_str(), s.total, s.after_session))
            .collect();
        assert_eq!(
            placed,
            [("q0", 8, None), ("q1", 10, Some(1)), ("q2", 8, Some(2))]
        );
        let flagged: Vec<&str> = summary
            .safety_answers()
            .iter()
            .map(|s| s.entry.0.as_str())
            .collect();
        assert_eq!(flagged, ["q1"], "only an answer above 0 is flagged");
    }

    #[test]
    fn two_files_of_one_patient_are_one_course_with_each_entry_once_at_its_newest_edit() {
        let mut review = Review::open(first_file(), "one.json", FileKind::Report);
        let added = review
            .add(second_file(), "two.json", FileKind::Report)
            .unwrap();
        assert_eq!(
            added,
            Added {
                new: 2,
                updated: 1,
                already: 1
            }
        );
        let ids: Vec<&str> = review.entries.iter().map(|e| e.id.0.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c", "d", "e"], "once each, in time order");
        assert!(matches!(&review.entries[1].body, EntryBody::Mood(m) if m.rating == 7));
        assert_eq!(review.sessions.len(), 2);
        assert_eq!(review.files.len(), 2);
        // Session 1's check-ins are judged when the newer file holding it was made.
        assert_eq!(review.as_of[0], stamp("2026-11-13T12:00:00+01:00"));
    }

    #[test]
    fn the_same_file_twice_changes_nothing() {
        let mut review = Review::open(first_file(), "one.json", FileKind::Report);
        let before = review.clone();
        let added = review
            .add(first_file(), "one again.json", FileKind::Report)
            .unwrap();
        assert_eq!((added.new, added.updated, added.already), (0, 0, 3));
        assert_eq!(review, before);
    }

    #[test]
    fn an_older_edit_in_a_later_file_does_not_replace_a_newer_one() {
        let mut review = Review::open(second_file(), "two.json", FileKind::Report);
        let added = review
            .add(first_file(), "one.json", FileKind::Report)
            .unwrap();
        assert_eq!(added.updated, 0);
        assert!(matches!(&review.entries[1].body, EntryBody::Mood(m) if m.rating == 7));
    }

    #[test]
    fn a_file_of_another_patient_is_refused_and_changes_nothing() {
        let mut review = Review::open(first_file(), "one.json", FileKind::Report);
        let before = review.clone();
        let mut other = second_file();
        other.patient = Some(SharedPatient {
            id: "p-ben".into(),
            name: "A.".into(),
        });
        for s in &mut other.sessions {
            s.id = SessionId(format!("other-{}", s.id.0));
        }
        let err = review.add(other, "ben.json", FileKind::Report).unwrap_err();
        assert!(err.contains("another patient's journal"), "{err}");
        assert_eq!(review, before);
    }

    #[test]
    fn a_file_without_a_patient_reference_joins_only_through_a_session_in_common() {
        let mut old = first_file();
        old.patient = None;
        old.report_version = 1;
        old.range = None;
        let mut review = Review::open(old.clone(), "old.json", FileKind::Report);
        assert!(review
            .add(second_file(), "two.json", FileKind::Report)
            .is_ok());

        let mut unrelated = second_file();
        unrelated.patient = None;
        unrelated.sessions = vec![shared_session("x9", 1, END_2)];
        let mut review = Review::open(first_file(), "one.json", FileKind::Report);
        let err = review
            .add(unrelated, "x.json", FileKind::Report)
            .unwrap_err();
        assert!(
            err.contains("cannot be shown to come from the same patient"),
            "{err}"
        );
    }

    #[test]
    fn the_summary_gives_each_window_its_trend_beside_the_previous_one() {
        let mut review = Review::open(first_file(), "one.json", FileKind::Report);
        review
            .add(second_file(), "two.json", FileKind::Report)
            .unwrap();
        let s = summary(&review);
        let numbers: Vec<usize> = s.sessions.iter().map(|x| x.session.number).collect();
        assert_eq!(numbers, [2, 1], "newest first");
        let one = &s.sessions[1];
        // Moods 4 and 7 (the newer edit of b): average 5.5; sleep 7 h.
        assert_eq!(
            one.mood,
            Some(Trend {
                count: 2,
                average: 55,
                low: 40,
                high: 70,
                first: 40,
                last: 70
            })
        );
        assert_eq!(one.sleep.map(|t| t.average), Some(70));
        assert_eq!(one.previous, None);
        assert_eq!(
            one.emotions,
            [
                ("anxious".to_string(), 1),
                ("calm".to_string(), 1),
                ("tired".to_string(), 1)
            ]
        );
        let two = &s.sessions[0];
        assert_eq!(two.previous, Some((1, one.mood, one.sleep)));
        assert_eq!(two.habits, [("Movement", 1), ("Rest", 1)]);
        assert_eq!(
            s.course
                .iter()
                .map(|p| (p.number, p.mood.map(|t| t.average)))
                .collect::<Vec<_>>(),
            [(1, Some(55)), (2, Some(80))],
            "the course, oldest session first"
        );
        // Judged at the second file (hour 73 of session 1): two written, two not.
        let states: Vec<CheckInState> = one.check_ins.iter().map(|c| c.state).collect();
        assert_eq!(
            states,
            [
                CheckInState::Done,
                CheckInState::Done,
                CheckInState::Missed,
                CheckInState::Missed
            ]
        );
    }

    #[test]
    fn each_entry_marked_to_discuss_is_listed_once_and_nowhere_else() {
        let mut review = Review::open(first_file(), "one.json", FileKind::Report);
        review
            .add(second_file(), "two.json", FileKind::Report)
            .unwrap();
        let s = summary(&review);
        let discuss: Vec<(&str, Option<usize>, Slot)> = s
            .discuss
            .iter()
            .map(|d| (review.entries[d.entry].id.0.as_str(), d.session, d.slot))
            .collect();
        assert_eq!(
            discuss,
            [("d", Some(2), Slot::Hour(7)), ("a", Some(1), Slot::Hour(4))],
            "newest session first"
        );
        let elsewhere: Vec<usize> = s
            .windows
            .iter()
            .chain(std::iter::once(&s.before_first))
            .flat_map(|w| w.groups.iter().flat_map(|g| g.entries.clone()))
            .collect();
        assert!(elsewhere.iter().all(|&e| !review.entries[e].discuss));
        assert_eq!(elsewhere.len() + s.discuss.len(), review.entries.len());
    }

    #[test]
    fn entries_are_grouped_by_hour_of_the_window_then_by_day_after_it() {
        let mut f = first_file();
        f.entries.push(entry(
            "late",
            "2026-11-07T10:00:00+01:00",
            false,
            mood(5, &[]),
        ));
        f.entries.push(entry(
            "early",
            "2026-11-01T10:00:00+01:00",
            false,
            mood(5, &[]),
        ));
        f.entries.sort_by_key(|e| e.written);
        let review = Review::open(f, "one.json", FileKind::Report);
        let s = summary(&review);
        let slots: Vec<Slot> = s.windows[0].groups.iter().map(|g| g.slot).collect();
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        assert_eq!(slots, [Slot::Hour(10), Slot::Hour(21), Slot::After(day(7))]);
        assert_eq!(s.before_first.groups[0].slot, Slot::Day(day(1)));
    }

    #[test]
    fn the_first_page_of_entries_stops_at_the_limit_and_counts_the_rest() {
        let w = WindowEntries {
            groups: vec![
                SlotGroup {
                    slot: Slot::Hour(1),
                    entries: vec![0, 1, 2],
                },
                SlotGroup {
                    slot: Slot::Hour(2),
                    entries: vec![3, 4],
                },
            ],
        };
        let v = WindowEntries {
            groups: vec![SlotGroup {
                slot: Slot::Hour(5),
                entries: vec![5],
            }],
        };
        let (kept, rest) = first_entries(&[&w, &v], 4);
        assert_eq!(kept[0].len(), 4);
        assert_eq!(kept[0].groups[1].entries, [3]);
        assert!(kept[1].is_empty());
        assert_eq!(rest, 2);
        let (all, none_left) = first_entries(&[&w, &v], 100);
        assert_eq!((all[0].len() + all[1].len(), none_left), (6, 0));
    }

    #[test]
    fn a_trend_rounds_its_average_to_the_nearest_tenth() {
        let t = Trend::of(&[40, 50, 50]).unwrap();
        assert_eq!(
            (t.average, t.low, t.high, t.first, t.last),
            (47, 40, 50, 40, 50)
        );
        assert_eq!(Trend::of(&[45, 50]).unwrap().average, 48, "47.5 rounds up");
        assert_eq!(Trend::of(&[]), None);
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

    #[test]
    fn chart_geometry_maps_values_into_the_plot() {
        assert_eq!(x_of_minutes(0), 0);
        assert_eq!(x_of_minutes(36 * 60), 500);
        assert_eq!(x_of_minutes(72 * 60), PLOT);
        assert_eq!(x_of_minutes(90 * 60), PLOT, "clamped to the window");
        assert_eq!(y_of(100, MOOD_MAX), 0);
        assert_eq!(y_of(0, MOOD_MAX), PLOT);
        assert_eq!(y_of(60, SLEEP_MAX), 500);
        assert_eq!(x_of_session(0, 1), 500);
        assert_eq!((x_of_session(0, 3), x_of_session(2, 3)), (60, 940));
        assert_eq!(line_path(&[(0, 300), (500, 200)]), "M0,300L500,200");
        assert_eq!(dots_path(&[(0, 300)]), "M0,300h0");
        assert_eq!(bars_path(&[(5, 600, 400)]), "M5,600V400");
        assert_eq!(percent(333), "33.3%");
        assert_eq!(percent(1000), "100.0%");
    }

    #[test]
    fn charts_are_described_in_words_value_by_value_or_by_their_range() {
        let p = |minutes, tenths| Point {
            minutes,
            tenths,
            flagged: false,
        };
        assert_eq!(
            describe_window("Mood (0–10)", "", &[p(150, 70), p(390, 50)]),
            "Mood (0–10): 7 at hour 3, 5 at hour 7."
        );
        assert_eq!(
            describe_window("Sleep", " h", &[]),
            "Sleep: nothing shared."
        );
        let many: Vec<Point> = (0..20).map(|i| p(i * 60, 50 + i)).collect();
        assert_eq!(
            describe_window("Mood (0–10)", "", &many),
            "Mood (0–10): 20 values from 5 to 6.9, averaging 6; the first 5 at hour 1, the last 6.9 at hour 20."
        );
        let course = [CoursePoint {
            number: 1,
            mood: Trend::of(&[55]),
            sleep: None,
        }];
        assert_eq!(
            describe_course(&course),
            "Average mood (0–10) and hours slept in each session's 72 hours: session 1: mood 5.5, no sleep recorded."
        );
    }

    #[test]
    fn a_file_says_what_it_covers() {
        let review = Review::open(second_file(), "two.json", FileKind::Report);
        assert_eq!(review.files[0].covers(), "sessions 1 and 2");
        let mut by_dates = first_file();
        by_dates.range = Some(SharedRange {
            sessions: vec![],
            dates: Some(DateRange {
                from: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
                to: NaiveDate::from_ymd_opt(2026, 11, 6).unwrap(),
            }),
        });
        let review = Review::open(by_dates, "d.json", FileKind::Report);
        assert_eq!(
            review.files[0].covers(),
            "entries written Sun 1 Nov 2026 to Fri 6 Nov 2026"
        );
        let mut old = first_file();
        old.range = None;
        assert!(Review::open(old, "o.json", FileKind::Report).files[0]
            .covers()
            .starts_with("range not recorded"));
        assert_eq!(and_list(&[1, 2, 3]), "1, 2 and 3");
    }
}
