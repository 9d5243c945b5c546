//! The treatment course: planned dosing sessions, where and how each happens, and when it
//! actually started and ended (the end drives aftercare and the 72-hour window).

use super::checklist::ChecklistState;
use super::time::Stamp;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// A session's identity, stable across edits, devices and backups.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SessionId(pub String);

/// How the medicine was given, as the clinic recorded it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// Intravenous infusion.
    IvInfusion,
    /// Intramuscular injection.
    ImInjection,
    /// A lozenge dissolved in the mouth (oral or sublingual).
    Lozenge,
    /// A nasal spray.
    Intranasal,
}

/// Typical timing for a route, shown as information only: Waypoint never suggests a dose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RouteTiming {
    /// When effects usually begin, in minutes after it is given (from, to).
    pub onset_minutes: (u16, u16),
    /// How long the main effects usually last, in minutes (from, to).
    pub lasts_minutes: (u16, u16),
}

impl Route {
    /// Every route, in the order the app offers them.
    pub const ALL: [Route; 4] = [
        Route::IvInfusion,
        Route::ImInjection,
        Route::Lozenge,
        Route::Intranasal,
    ];

    /// The name a patient knows it by.
    pub fn name(self) -> &'static str {
        match self {
            Route::IvInfusion => "IV infusion",
            Route::ImInjection => "Injection into a muscle (IM)",
            Route::Lozenge => "Lozenge (oral or under the tongue)",
            Route::Intranasal => "Nasal spray",
        }
    }

    /// Typical onset and duration for this route.
    pub fn timing(self) -> RouteTiming {
        let (onset_minutes, lasts_minutes) = match self {
            Route::IvInfusion => ((10, 15), (45, 60)),
            Route::ImInjection => ((5, 10), (45, 60)),
            Route::Lozenge => ((20, 30), (60, 90)),
            Route::Intranasal => ((5, 15), (30, 60)),
        };
        RouteTiming {
            onset_minutes,
            lasts_minutes,
        }
    }

    /// The short key used in forms and files.
    pub fn key(self) -> &'static str {
        match self {
            Route::IvInfusion => "iv_infusion",
            Route::ImInjection => "im_injection",
            Route::Lozenge => "lozenge",
            Route::Intranasal => "intranasal",
        }
    }

    /// The route a [`Route::key`] names.
    pub fn from_key(key: &str) -> Option<Route> {
        Route::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// Where the session happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    /// At the clinic, with its team.
    #[default]
    Clinic,
    /// At home, with a support person present.
    Home,
}

/// Which part of the course a session belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The first, closely spaced sessions (commonly six over two to three weeks).
    #[default]
    Induction,
    /// Later sessions every two to four weeks.
    Maintenance,
}

/// One dosing session, planned and then lived. Its `id` and `planned` time are required;
/// other absent fields are a new planned session's ([`Session::planned`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Stable identity.
    pub id: SessionId,
    /// The planned date and time.
    pub planned: Stamp,
    /// Clinic or home.
    #[serde(default)]
    pub setting: Setting,
    /// The clinic's or place's name, optional.
    #[serde(default)]
    pub place: String,
    /// How the medicine is given, once known.
    #[serde(default)]
    pub route: Option<Route>,
    /// Induction or maintenance.
    #[serde(default)]
    pub phase: Phase,
    /// What the patient wants to bring into the session.
    #[serde(default)]
    pub intention: String,
    /// When it actually started.
    #[serde(default)]
    pub started: Option<Stamp>,
    /// When it actually ended: aftercare and the integration window count from here.
    #[serde(default)]
    pub ended: Option<Stamp>,
    /// The preparation checklist's state.
    #[serde(default)]
    pub checklist: ChecklistState,
    /// Self-care ticks after the session, by key.
    #[serde(default)]
    pub self_care: Vec<String>,
}

/// Where a session stands at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionState {
    /// Not started yet.
    Planned,
    /// Started, not ended.
    InProgress,
    /// Ended.
    Ended,
}

/// Longest intention we keep, in characters.
pub const MAX_INTENTION_CHARS: usize = 2_000;
/// Longest place name we keep, in characters.
pub const MAX_PLACE_CHARS: usize = 120;

impl Session {
    /// A new planned session.
    pub fn planned(id: SessionId, planned: Stamp) -> Self {
        Self {
            id,
            planned,
            setting: Setting::Clinic,
            place: String::new(),
            route: None,
            phase: Phase::Induction,
            intention: String::new(),
            started: None,
            ended: None,
            checklist: ChecklistState::default(),
            self_care: Vec::new(),
        }
    }

    /// Planned, in progress or ended.
    pub fn state(&self) -> SessionState {
        match (self.started, self.ended) {
            (_, Some(_)) => SessionState::Ended,
            (Some(_), None) => SessionState::InProgress,
            (None, None) => SessionState::Planned,
        }
    }

    /// The instant the session ended, if it has.
    pub fn ended_utc(&self) -> Option<DateTime<Utc>> {
        self.ended.map(|s| s.utc())
    }

    /// When a session that was started and never marked ended most likely ended: its start plus
    /// [`typical_length`] for its route. `None` unless it is under way.
    pub fn likely_end(&self) -> Option<DateTime<Utc>> {
        match (self.started, self.ended) {
            (Some(started), None) => Some(started.utc() + typical_length(self.route)),
            _ => None,
        }
    }

    /// The end time to offer when asking "has your session ended?" at `now`: the likely end, or
    /// `None` while the session is still within its typical length (or not under way). A
    /// patient who was driven home sedated and never tapped "ended" is asked the next time they
    /// open Waypoint, with a time they can accept or change.
    pub fn ask_if_ended(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.likely_end().filter(|likely| now >= *likely)
    }

    /// Applies the planning fields a form changed (`before` is what it showed, `after` what it
    /// holds), keeping everything else as stored now: checklist ticks, intention, self-care, and
    /// any time not edited. A form left open in another tab then never drops progress.
    pub fn apply_changes(&mut self, before: &Session, after: &Session) {
        macro_rules! changed {
            ($field:ident) => {
                if before.$field != after.$field {
                    self.$field = after.$field.clone();
                }
            };
        }
        changed!(planned);
        changed!(setting);
        changed!(place);
        changed!(route);
        changed!(phase);
        changed!(started);
        changed!(ended);
    }

    /// What is wrong with this session, in words for the patient; empty when all is well.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.intention.chars().count() > MAX_INTENTION_CHARS {
            out.push(format!(
                "The intention is too long (at most {MAX_INTENTION_CHARS} characters)."
            ));
        }
        if self.place.chars().count() > MAX_PLACE_CHARS {
            out.push(format!(
                "The place name is too long (at most {MAX_PLACE_CHARS} characters)."
            ));
        }
        if let (Some(start), Some(end)) = (self.started, self.ended) {
            if end < start {
                out.push("The session cannot end before it started.".into());
            }
        }
        if self.ended.is_some() && self.started.is_none() {
            out.push("A session needs a start time before it can end.".into());
        }
        out.extend(self.checklist.problems());
        out
    }
}

/// Planned sessions older than this without being started are no longer offered as "next".
pub const STALE_AFTER: Duration = Duration::hours(24);

/// How long before its planned time "My session is starting" starts a session with one tap.
/// Earlier than this, or once the planned time is long past, Waypoint asks first: a stray tap two
/// days ahead must not start aftercare and the 72 hours.
pub const START_OFFERED_BEFORE: Duration = Duration::hours(3);

/// Whether starting `session` at `now` should be confirmed first: outside the hours around its
/// planned time in which a session plausibly starts ([`START_OFFERED_BEFORE`] before it until
/// [`STALE_AFTER`] after it).
pub fn start_needs_confirming(session: &Session, now: DateTime<Utc>) -> bool {
    let planned = session.planned.utc();
    now < planned - START_OFFERED_BEFORE || now > planned + STALE_AFTER
}

/// For how long after a session was marked ended the screen that marked it still offers to
/// undo that tap; later, the end is corrected with a date and a time in the session's form.
pub const UNDO_END_WITHIN: Duration = Duration::hours(1);

/// Why `end` cannot be recorded as the end of `session` at `now`, in words for the patient;
/// `None` when it can.
pub fn end_problem(session: &Session, end: DateTime<Utc>, now: DateTime<Utc>) -> Option<String> {
    if end > now + Duration::minutes(1) {
        return Some("That time is still to come. Choose when the session ended.".into());
    }
    match session.started {
        Some(started) if end < started.utc() => {
            Some("A session cannot end before it started. Choose a later time.".into())
        }
        _ => None,
    }
}

/// How long a dosing session usually takes from its start until the patient is ready to go home,
/// for sessions whose end was never recorded. It is information for a question ("has your
/// session ended?"), never a rule about the medicine.
///
/// From the seeds: a lozenge session with a therapist lasts about three hours, its effects 45 to
/// 90 minutes of it; an IV infusion runs 40 to 60 minutes and its fog clears within an hour or
/// two of rest in the clinic, and an injection's effects last 45 to 60 minutes with the same
/// recovery, so each comes to about three hours. The seeds give no figures for a nasal spray, so
/// it, and a route not yet known, take the same three hours as the one figure they agree on.
pub fn typical_length(route: Option<Route>) -> Duration {
    match route {
        // Effects 45–90 min within a session of about three hours (seed 001).
        Some(Route::Lozenge) => Duration::hours(3),
        // Infusion up to 60 min plus up to two hours' recovery (seeds 000, 002).
        Some(Route::IvInfusion) => Duration::hours(3),
        // Effects up to 60 min plus up to two hours' recovery (seed 000).
        Some(Route::ImInjection) => Duration::hours(3),
        Some(Route::Intranasal) | None => Duration::hours(3),
    }
}

/// The patient's course of sessions, kept in planned order. `sessions` is required.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Course {
    /// Every session, sorted by planned time.
    pub sessions: Vec<Session>,
}

impl Course {
    /// Adds or replaces a session (by id), keeping the planned order.
    pub fn upsert(&mut self, session: Session) {
        self.sessions.retain(|s| s.id != session.id);
        let at = self
            .sessions
            .partition_point(|s| s.planned <= session.planned);
        self.sessions.insert(at, session);
    }

    /// Removes a session; entries written around it are kept.
    pub fn remove(&mut self, id: &SessionId) -> Option<Session> {
        let at = self.sessions.iter().position(|s| &s.id == id)?;
        Some(self.sessions.remove(at))
    }

    /// The session with this id.
    pub fn get(&self, id: &SessionId) -> Option<&Session> {
        self.sessions.iter().find(|s| &s.id == id)
    }

    /// The session under way (started, not ended); the latest started if, by a mistake, there
    /// are several.
    pub fn in_progress(&self) -> Option<&Session> {
        self.sessions
            .iter()
            .filter(|s| s.state() == SessionState::InProgress)
            .max_by_key(|s| s.started)
    }

    /// The session whose aftercare applies at `now`: the one under way (its rules are in force
    /// from its start), else the latest that had ended by then.
    pub fn aftercare_session(&self, now: DateTime<Utc>) -> Option<&Session> {
        self.in_progress()
            .filter(|s| s.started.is_some_and(|t| t.utc() <= now))
            .or_else(|| self.session_before(now))
    }

    /// The session to prepare for or living now: one in progress, else the earliest not yet
    /// ended that is not long past its planned time.
    pub fn next_session(&self, now: DateTime<Utc>) -> Option<&Session> {
        self.sessions
            .iter()
            .find(|s| s.state() == SessionState::InProgress)
            .or_else(|| {
                self.sessions.iter().find(|s| {
                    s.state() == SessionState::Planned && s.planned.utc() + STALE_AFTER > now
                })
            })
    }

    /// The session whose aftermath `instant` falls in: the latest one that had ended by then.
    /// Sessions less than 72 hours apart hand over at the later one's end.
    pub fn session_before(&self, instant: DateTime<Utc>) -> Option<&Session> {
        self.sessions
            .iter()
            .filter_map(|s| {
                s.ended_utc()
                    .filter(|end| *end <= instant)
                    .map(|end| (end, s))
            })
            .max_by_key(|(end, _)| *end)
            .map(|(_, s)| s)
    }

    /// The most recent ended session before `session`, by end time.
    pub fn previous_ended(&self, session: &Session) -> Option<&Session> {
        self.sessions
            .iter()
            .filter(|s| s.id != session.id && s.ended.is_some() && s.planned < session.planned)
            .max_by_key(|s| s.ended)
    }

    /// The 1-based number of a session within the course, by planned order.
    pub fn number_of(&self, id: &SessionId) -> Option<usize> {
        self.sessions
            .iter()
            .position(|s| &s.id == id)
            .map(|i| i + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(text: &str) -> Stamp {
        Stamp::parse(text).unwrap()
    }

    fn session(id: &str, planned: &str) -> Session {
        Session::planned(SessionId(id.into()), stamp(planned))
    }

    #[test]
    fn sessions_stay_in_planned_order_whatever_order_they_are_added() {
        let mut course = Course::default();
        course.upsert(session("b", "2026-11-26T09:00:00+00:00"));
        course.upsert(session("a", "2026-11-24T09:00:00+00:00"));
        course.upsert(session("c", "2026-11-28T09:00:00+00:00"));
        let ids: Vec<_> = course.sessions.iter().map(|s| s.id.0.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        course.upsert(session("a", "2026-11-30T09:00:00+00:00"));
        let ids: Vec<_> = course.sessions.iter().map(|s| s.id.0.as_str()).collect();
        assert_eq!(ids, ["b", "c", "a"]);
    }

    #[test]
    fn next_session_skips_ended_and_long_forgotten_ones() {
        let mut course = Course::default();
        let mut first = session("a", "2026-11-10T09:00:00+00:00");
        first.started = Some(stamp("2026-11-10T09:05:00+00:00"));
        first.ended = Some(stamp("2026-11-10T11:00:00+00:00"));
        course.upsert(first);
        course.upsert(session("forgotten", "2026-11-15T09:00:00+00:00"));
        course.upsert(session("next", "2026-11-24T09:00:00+00:00"));
        let now = stamp("2026-11-22T12:00:00+00:00").utc();
        assert_eq!(course.next_session(now).unwrap().id.0, "next");
    }

    #[test]
    fn a_session_in_progress_is_next_even_if_another_is_planned_earlier() {
        let mut course = Course::default();
        course.upsert(session("later", "2026-11-25T09:00:00+00:00"));
        let mut now_on = session("now", "2026-11-26T09:00:00+00:00");
        now_on.started = Some(stamp("2026-11-22T09:00:00+00:00"));
        course.upsert(now_on);
        let now = stamp("2026-11-22T10:00:00+00:00").utc();
        assert_eq!(course.next_session(now).unwrap().id.0, "now");
    }

    #[test]
    fn a_session_cannot_end_before_it_starts() {
        let mut s = session("a", "2026-11-10T09:00:00+00:00");
        s.started = Some(stamp("2026-11-10T10:00:00+00:00"));
        s.ended = Some(stamp("2026-11-10T09:00:00+00:00"));
        assert_eq!(s.problems(), ["The session cannot end before it started."]);
    }

    #[test]
    fn a_stale_session_form_keeps_progress_made_since() {
        // Regression: saving a new time from a form open in another tab dropped the checklist
        // ticks and the start time recorded since it opened.
        let opened = session("a", "2026-11-24T09:00:00+00:00");
        let mut stored = opened.clone();
        stored.checklist.set_ticked("medical", true);
        stored.started = Some(stamp("2026-11-24T09:05:00+00:00"));
        let mut edited = opened.clone();
        edited.planned = stamp("2026-11-24T10:00:00+00:00");
        stored.apply_changes(&opened, &edited);
        assert_eq!(stored.planned, stamp("2026-11-24T10:00:00+00:00"));
        assert!(stored.checklist.ticked.contains("medical"));
        assert_eq!(stored.started, Some(stamp("2026-11-24T09:05:00+00:00")));
    }

    #[test]
    fn a_tap_two_days_before_the_planned_time_asks_first() {
        let s = session("a", "2026-11-24T09:00:00+00:00");
        let at = |t: &str| stamp(t).utc();
        assert!(start_needs_confirming(&s, at("2026-11-22T09:00:00+00:00")));
        assert!(start_needs_confirming(&s, at("2026-11-24T05:59:00+00:00")));
        assert!(!start_needs_confirming(&s, at("2026-11-24T06:00:00+00:00")));
        assert!(!start_needs_confirming(&s, at("2026-11-24T10:30:00+00:00")));
        assert!(!start_needs_confirming(&s, at("2026-11-25T09:00:00+00:00")));
        assert!(start_needs_confirming(&s, at("2026-11-25T09:01:00+00:00")));
    }

    #[test]
    fn a_session_never_marked_ended_is_asked_about_after_about_three_hours() {
        let mut s = session("a", "2026-11-24T09:00:00+00:00");
        let at = |t: &str| stamp(t).utc();
        assert_eq!(
            s.ask_if_ended(at("2026-11-24T20:00:00+00:00")),
            None,
            "not started"
        );
        s.started = Some(stamp("2026-11-24T09:05:00+00:00"));
        s.route = Some(Route::Lozenge);
        assert_eq!(s.ask_if_ended(at("2026-11-24T12:04:00+00:00")), None);
        assert_eq!(
            s.ask_if_ended(at("2026-11-24T12:05:00+00:00")),
            Some(at("2026-11-24T12:05:00+00:00"))
        );
        assert_eq!(
            s.ask_if_ended(at("2026-11-25T08:00:00+00:00")),
            Some(at("2026-11-24T12:05:00+00:00")),
            "the next morning it still offers the likely end, not the time of asking"
        );
        s.ended = Some(stamp("2026-11-24T11:00:00+00:00"));
        assert_eq!(s.ask_if_ended(at("2026-11-25T08:00:00+00:00")), None);
    }

    #[test]
    fn an_end_before_the_start_or_in_the_future_is_refused_in_plain_words() {
        let mut s = session("a", "2026-11-24T09:00:00+00:00");
        s.started = Some(stamp("2026-11-24T09:05:00+00:00"));
        let at = |t: &str| stamp(t).utc();
        let now = at("2026-11-24T15:00:00+00:00");
        assert!(end_problem(&s, at("2026-11-24T09:00:00+00:00"), now)
            .unwrap()
            .contains("before it started"));
        assert!(end_problem(&s, at("2026-11-24T16:00:00+00:00"), now)
            .unwrap()
            .contains("still to come"));
        assert_eq!(end_problem(&s, at("2026-11-24T12:05:00+00:00"), now), None);
        assert_eq!(end_problem(&s, now, now), None);
    }

    #[test]
    fn every_route_and_an_unknown_one_have_a_typical_length() {
        for route in Route::ALL.into_iter().map(Some).chain([None]) {
            let length = typical_length(route);
            assert!(
                length >= Duration::hours(2) && length <= Duration::hours(4),
                "{route:?}: {length:?}"
            );
        }
    }

    #[test]
    fn aftercare_follows_the_session_under_way_before_an_older_ended_one() {
        let mut course = Course::default();
        let mut first = session("a", "2026-11-10T09:00:00+00:00");
        first.started = Some(stamp("2026-11-10T09:00:00+00:00"));
        first.ended = Some(stamp("2026-11-10T11:00:00+00:00"));
        course.upsert(first);
        let mut second = session("b", "2026-11-24T09:00:00+00:00");
        second.started = Some(stamp("2026-11-24T09:05:00+00:00"));
        course.upsert(second);
        let at = |t: &str| stamp(t).utc();
        assert_eq!(
            course
                .aftercare_session(at("2026-11-24T10:00:00+00:00"))
                .unwrap()
                .id
                .0,
            "b"
        );
        assert_eq!(
            course
                .aftercare_session(at("2026-11-20T10:00:00+00:00"))
                .unwrap()
                .id
                .0,
            "a",
            "a start later than now is not yet in force"
        );
    }

    #[test]
    fn route_keys_round_trip() {
        for route in Route::ALL {
            assert_eq!(Route::from_key(route.key()), Some(route));
        }
        assert_eq!(Route::from_key("oral"), None);
    }

    #[test]
    fn files_name_routes_by_their_keys() {
        for route in Route::ALL {
            let text = crate::json::to_string(&route);
            assert_eq!(text, format!("\"{}\"", route.key()));
            assert_eq!(crate::json::from_str(&text), Ok(route));
        }
    }
}
