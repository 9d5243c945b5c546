//! The 72-hour integration window after each session: which hour an instant falls in, the
//! check-ins at about +6, +24, +48 and +72 hours, and the journal timeline grouped by window.
//!
//! Hours are elapsed real hours from the session's end, so a clock change inside the window
//! moves the clock times shown, never the hour count. When sessions are less than 72 hours
//! apart, the newer session's window takes over at its end.

use super::entry::Entry;
use super::session::{Course, Session};
use super::time::Zone;
use chrono::{DateTime, Duration, NaiveTime, Timelike, Utc};

/// Length of the integration window.
pub const WINDOW_HOURS: i64 = 72;

/// The window after one session: from its end for 72 hours, cut short by the next session's end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IntegrationWindow {
    /// When the session ended.
    pub opens: DateTime<Utc>,
    /// 72 hours later, or the next session's end if that comes first.
    pub closes: DateTime<Utc>,
}

impl IntegrationWindow {
    /// Whether `instant` falls inside.
    pub fn contains(&self, instant: DateTime<Utc>) -> bool {
        self.opens <= instant && instant < self.closes
    }

    /// Hour 1 to 72 of the window for `instant`, or `None` outside it.
    pub fn hour(&self, instant: DateTime<Utc>) -> Option<u32> {
        self.contains(instant)
            .then(|| ((instant - self.opens).num_hours() + 1) as u32)
    }

    /// Whether a later session cut this window short.
    pub fn cut_short(&self) -> bool {
        self.closes - self.opens < Duration::hours(WINDOW_HOURS)
    }
}

/// The window that opened when `session` ended, if it has.
pub fn window_of(course: &Course, session: &Session) -> Option<IntegrationWindow> {
    let opens = session.ended_utc()?;
    let full = opens + Duration::hours(WINDOW_HOURS);
    let next_end = course
        .sessions
        .iter()
        .filter_map(|s| s.ended_utc())
        .filter(|end| *end > opens)
        .min();
    let closes = next_end.map_or(full, |n| n.min(full));
    Some(IntegrationWindow { opens, closes })
}

/// The session and window `instant` falls in, if any.
pub fn window_at(course: &Course, instant: DateTime<Utc>) -> Option<(&Session, IntegrationWindow)> {
    let session = course.session_before(instant)?;
    let window = window_of(course, session)?;
    window.contains(instant).then_some((session, window))
}

/// The parts of the aftermath the timeline groups entries by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Segment {
    /// Hours 0–24.
    FirstDay,
    /// Hours 24–48.
    SecondDay,
    /// Hours 48–72.
    ThirdDay,
    /// After the window, until the next session.
    After,
}

impl Segment {
    /// The heading.
    pub fn title(self) -> &'static str {
        match self {
            Segment::FirstDay => "First 24 hours",
            Segment::SecondDay => "24 to 48 hours",
            Segment::ThirdDay => "48 to 72 hours",
            Segment::After => "After the 72 hours",
        }
    }
}

/// The segment for `instant` after a session that ended at `window.opens`.
pub fn segment(window: &IntegrationWindow, instant: DateTime<Utc>) -> Segment {
    if !window.contains(instant) {
        return Segment::After;
    }
    match (instant - window.opens).num_hours() {
        h if h < 24 => Segment::FirstDay,
        h if h < 48 => Segment::SecondDay,
        _ => Segment::ThirdDay,
    }
}

/// A check-in the app invites, never insists on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CheckIn {
    /// About 6 hours after: a short debrief.
    Debrief,
    /// About a day after.
    Day1,
    /// About two days after.
    Day2,
    /// About three days after, closing the window.
    Day3,
}

impl CheckIn {
    /// Every check-in, in order.
    pub const ALL: [CheckIn; 4] = [
        CheckIn::Debrief,
        CheckIn::Day1,
        CheckIn::Day2,
        CheckIn::Day3,
    ];

    /// Hours after the session's end it is invited at.
    pub fn hours(self) -> i64 {
        match self {
            CheckIn::Debrief => 6,
            CheckIn::Day1 => 24,
            CheckIn::Day2 => 48,
            // Invited two hours before the window closes, so it can still be answered inside it.
            CheckIn::Day3 => 70,
        }
    }

    /// The span of hours (from, to) in which an entry counts for this check-in. The spans meet,
    /// so any entry in the window counts for exactly one check-in.
    pub fn span(self) -> (i64, i64) {
        match self {
            CheckIn::Debrief => (0, 15),
            CheckIn::Day1 => (15, 36),
            CheckIn::Day2 => (36, 60),
            CheckIn::Day3 => (60, WINDOW_HOURS),
        }
    }

    /// How it is named: by what it is, never by a time of day, which a late session makes wrong.
    pub fn title(self) -> &'static str {
        match self {
            CheckIn::Debrief => "Debrief: how the session was (about 6 h)",
            CheckIn::Day1 => "Day 1 check-in (about 24 h)",
            CheckIn::Day2 => "Day 2 check-in (about 48 h)",
            CheckIn::Day3 => "Day 3 check-in (about 72 h)",
        }
    }
}

/// The night, on the patient's clock, in which no check-in is invited: from 22:00 until 07:00.
pub const NIGHT_STARTS_HOUR: u32 = 22;
/// See [`NIGHT_STARTS_HOUR`].
pub const MORNING_HOUR: u32 = 7;

/// Whether `instant` falls in the night on `zone`'s clock.
pub fn is_night(instant: DateTime<Utc>, zone: &impl Zone) -> bool {
    let hour = zone.local(instant).hour();
    !(MORNING_HOUR..NIGHT_STARTS_HOUR).contains(&hour)
}

/// `at` moved out of the night: to 07:00 the next morning, or, when that is later than
/// `latest`, to the last hour of the evening before (21:00), never earlier than `earliest`.
/// Daytime instants are returned as they are.
pub fn daytime_invitation(
    at: DateTime<Utc>,
    earliest: DateTime<Utc>,
    latest: DateTime<Utc>,
    zone: &impl Zone,
) -> DateTime<Utc> {
    if !is_night(at, zone) {
        return at;
    }
    let local = zone.local(at);
    let night_began = if local.hour() >= NIGHT_STARTS_HOUR {
        local.date_naive()
    } else {
        local.date_naive() - Duration::days(1)
    };
    let morning = zone.instant_of(
        (night_began + Duration::days(1))
            .and_time(NaiveTime::from_hms_opt(MORNING_HOUR, 0, 0).unwrap_or(NaiveTime::MIN)),
    );
    if morning <= latest {
        return morning.max(earliest);
    }
    let evening =
        zone.instant_of(night_began.and_time(
            NaiveTime::from_hms_opt(NIGHT_STARTS_HOUR - 1, 0, 0).unwrap_or(NaiveTime::MIN),
        ));
    evening.max(earliest).min(latest)
}

/// Where a check-in stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckInState {
    /// An entry was written in its span.
    Done,
    /// Its span is open now and nothing is written yet.
    Open,
    /// Its span has not begun.
    Upcoming,
    /// Its span passed with nothing written. Shown gently: nothing is lost by skipping.
    Missed,
    /// A later session's window took over before its span began.
    Superseded,
}

/// One check-in of a window, with its state and the instant it is invited at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckInStatus {
    /// Which check-in.
    pub check_in: CheckIn,
    /// When it is invited (the session end plus its hours).
    pub invited_at: DateTime<Utc>,
    /// Done, open, upcoming, missed or superseded.
    pub state: CheckInState,
}

/// The state of each check-in of `window` at `now`, given when entries were written. Each is
/// invited in the daytime on `zone`'s clock (see [`daytime_invitation`]) and inside its span.
pub fn check_ins(
    window: &IntegrationWindow,
    written: &[DateTime<Utc>],
    now: DateTime<Utc>,
    zone: &impl Zone,
) -> Vec<CheckInStatus> {
    CheckIn::ALL
        .into_iter()
        .map(|check_in| {
            let (from, to) = check_in.span();
            let from = window.opens + Duration::hours(from);
            let to = (window.opens + Duration::hours(to)).min(window.closes);
            let state = if from >= window.closes {
                CheckInState::Superseded
            } else if written.iter().any(|t| from <= *t && *t < to) {
                CheckInState::Done
            } else if now < from {
                CheckInState::Upcoming
            } else if now < to {
                CheckInState::Open
            } else {
                CheckInState::Missed
            };
            // A window cut short by the next session invites its last check-ins before it closes.
            let latest = (to - Duration::hours(1)).max(from);
            let invited_at = (window.opens + Duration::hours(check_in.hours()))
                .min(latest)
                .max(from);
            let invited_at = daytime_invitation(invited_at, from, latest, zone);
            CheckInStatus {
                check_in,
                invited_at,
                state,
            }
        })
        .collect()
}

/// The check-in to invite next: the open one, else the first upcoming one.
pub fn next_check_in(statuses: &[CheckInStatus]) -> Option<CheckInStatus> {
    statuses
        .iter()
        .find(|s| s.state == CheckInState::Open)
        .or_else(|| statuses.iter().find(|s| s.state == CheckInState::Upcoming))
        .copied()
}

/// A group of the journal timeline: the aftermath of one session, or the time before any.
#[derive(Debug)]
pub struct TimelineGroup<'a> {
    /// The session whose aftermath this is; `None` for entries before any session ended.
    pub session: Option<&'a Session>,
    /// Its window, when there is a session.
    pub window: Option<IntegrationWindow>,
    /// Entries by segment, newest first within each; segments in order, empty ones left out.
    pub segments: Vec<(Segment, Vec<&'a Entry>)>,
}

/// The journal grouped by session window and segment, newest window first. Every entry lands in
/// exactly one group: the aftermath of the latest session that had ended when it was written.
pub fn timeline<'a>(course: &'a Course, entries: &'a [Entry]) -> Vec<TimelineGroup<'a>> {
    let mut ended: Vec<(&Session, IntegrationWindow)> = course
        .sessions
        .iter()
        .filter_map(|s| window_of(course, s).map(|w| (s, w)))
        .collect();
    ended.sort_by_key(|(_, w)| w.opens);
    let mut buckets: Vec<(Option<usize>, Segment, &Entry)> = entries
        .iter()
        .map(|entry| {
            let at = entry.written.utc();
            let owner = ended.partition_point(|(_, w)| w.opens <= at).checked_sub(1);
            let seg = owner.map_or(Segment::After, |i| segment(&ended[i].1, at));
            (owner, seg, entry)
        })
        .collect();
    buckets.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.cmp(&b.1))
            .then(b.2.written.cmp(&a.2.written))
    });
    let mut groups: Vec<TimelineGroup<'a>> = Vec::new();
    for (owner, seg, entry) in buckets {
        let same_group = groups
            .last()
            .is_some_and(|g| g.session.map(|s| &s.id) == owner.map(|i| &ended[i].0.id));
        if !same_group {
            groups.push(TimelineGroup {
                session: owner.map(|i| ended[i].0),
                window: owner.map(|i| ended[i].1),
                segments: Vec::new(),
            });
        }
        let group = groups.last_mut().expect("pushed above");
        match group.segments.last_mut() {
            Some((s, list)) if *s == seg => list.push(entry),
            _ => group.segments.push((seg, vec![entry])),
        }
    }
    groups
}

/// The first `limit` entries of a timeline in reading order (newest window first), and how
/// many were left out; the Journal shows a page at a time so 3,000 entries open quickly.
pub fn first_entries<'a>(
    groups: Vec<TimelineGroup<'a>>,
    limit: usize,
) -> (Vec<TimelineGroup<'a>>, usize) {
    let total: usize = groups
        .iter()
        .flat_map(|g| &g.segments)
        .map(|(_, list)| list.len())
        .sum();
    let mut left = limit;
    let mut kept = Vec::new();
    for mut group in groups {
        if left == 0 {
            break;
        }
        let mut segments = Vec::new();
        for (segment, mut list) in group.segments {
            if left == 0 {
                break;
            }
            list.truncate(left);
            left -= list.len();
            segments.push((segment, list));
        }
        group.segments = segments;
        kept.push(group);
    }
    (kept, total - (limit - left))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::entry::{EntryBody, EntryId, Mood};
    use crate::domain::session::SessionId;
    use crate::domain::time::{EuropeanZone, Stamp};

    fn stamp(text: &str) -> Stamp {
        Stamp::parse(text).unwrap()
    }

    fn window_from(end: &str) -> IntegrationWindow {
        let opens = stamp(end).utc();
        IntegrationWindow {
            opens,
            closes: opens + Duration::hours(WINDOW_HOURS),
        }
    }

    fn invitations(window: &IntegrationWindow) -> Vec<String> {
        check_ins(window, &[], window.opens, &EuropeanZone::london())
            .iter()
            .map(|c| Stamp::at(c.invited_at, &EuropeanZone::london()).iso())
            .collect()
    }

    #[test]
    fn an_evening_sessions_debrief_is_invited_the_next_morning_not_in_the_night() {
        // Ends 19:00: +6 h is 01:00, in the night, so the debrief waits for 07:00.
        let window = window_from("2026-11-24T19:00:00+00:00");
        assert_eq!(
            invitations(&window),
            [
                "2026-11-25T07:00:00+00:00",
                "2026-11-25T19:00:00+00:00",
                "2026-11-26T19:00:00+00:00",
                "2026-11-27T17:00:00+00:00",
            ]
        );
    }

    #[test]
    fn no_check_in_is_invited_between_ten_at_night_and_seven_in_the_morning() {
        let london = EuropeanZone::london();
        for hour in 0..24 {
            let end = format!("2026-11-24T{hour:02}:30:00+00:00");
            let window = window_from(&end);
            for status in check_ins(&window, &[], window.opens, &london) {
                assert!(
                    !is_night(status.invited_at, &london),
                    "ended {end}: {:?} at {}",
                    status.check_in,
                    Stamp::at(status.invited_at, &london).iso()
                );
                assert!(window.contains(status.invited_at), "inside the window");
            }
        }
    }

    #[test]
    fn the_last_check_in_moves_to_the_evening_before_when_the_morning_is_too_late() {
        // Ends 03:00: +70 h is 01:00 three days later; 07:00 would be after the window closes
        // at 03:00, so it is invited at 21:00 the evening before, inside the 72 hours.
        let window = window_from("2026-11-24T03:00:00+00:00");
        assert_eq!(invitations(&window)[3], "2026-11-26T21:00:00+00:00");
    }

    #[test]
    fn an_entry_written_in_hour_seventy_two_counts_for_the_last_check_in() {
        let window = window_from("2026-11-24T12:00:00+00:00");
        let late = window.closes - Duration::minutes(1);
        assert_eq!(window.hour(late), Some(72));
        let states = check_ins(&window, &[late], late, &EuropeanZone::london());
        assert_eq!(states[3].state, CheckInState::Done);
    }

    fn ended_session(id: &str, end: &str) -> Session {
        let mut s = Session::planned(SessionId(id.into()), stamp(end));
        s.started = Some(stamp(end));
        s.ended = Some(stamp(end));
        s
    }

    fn mood_at(id: &str, at: &str) -> Entry {
        let at = stamp(at);
        Entry {
            id: EntryId(id.into()),
            written: at,
            edited: at,
            private: false,
            discuss: false,
            body: EntryBody::Mood(Mood::default()),
        }
    }

    #[test]
    fn hour_thirty_of_seventy_two() {
        let mut course = Course::default();
        course.upsert(ended_session("a", "2026-11-24T12:00:00+00:00"));
        let (session, window) =
            window_at(&course, stamp("2026-11-25T17:59:00+00:00").utc()).unwrap();
        assert_eq!(session.id.0, "a");
        assert_eq!(
            window.hour(stamp("2026-11-25T17:59:00+00:00").utc()),
            Some(30)
        );
        assert_eq!(
            window.hour(stamp("2026-11-24T12:00:00+00:00").utc()),
            Some(1)
        );
        assert_eq!(
            window.hour(stamp("2026-11-27T11:59:59+00:00").utc()),
            Some(72)
        );
        assert_eq!(window.hour(stamp("2026-11-27T12:00:00+00:00").utc()), None);
    }

    #[test]
    fn a_second_session_two_days_later_takes_over_the_window() {
        let mut course = Course::default();
        course.upsert(ended_session("a", "2026-11-24T12:00:00+00:00"));
        course.upsert(ended_session("b", "2026-11-26T12:00:00+00:00"));
        let a = course.get(&SessionId("a".into())).unwrap();
        let window = window_of(&course, a).unwrap();
        assert!(window.cut_short());
        let (owner, w) = window_at(&course, stamp("2026-11-26T13:00:00+00:00").utc()).unwrap();
        assert_eq!(
            (
                owner.id.0.as_str(),
                w.hour(stamp("2026-11-26T13:00:00+00:00").utc())
            ),
            ("b", Some(2))
        );
        let statuses = check_ins(
            &window,
            &[],
            stamp("2026-11-28T00:00:00+00:00").utc(),
            &EuropeanZone::london(),
        );
        assert_eq!(statuses[3].state, CheckInState::Superseded);
        assert_eq!(statuses[2].state, CheckInState::Missed);
    }

    #[test]
    fn check_ins_are_done_open_upcoming_or_missed() {
        let window = IntegrationWindow {
            opens: stamp("2026-11-24T12:00:00+00:00").utc(),
            closes: stamp("2026-11-27T12:00:00+00:00").utc(),
        };
        let written = [stamp("2026-11-24T19:00:00+00:00").utc()];
        let now = stamp("2026-11-25T13:00:00+00:00").utc(); // hour 26
        let london = EuropeanZone::london();
        let states: Vec<_> = check_ins(&window, &written, now, &london)
            .iter()
            .map(|s| s.state)
            .collect();
        assert_eq!(
            states,
            [
                CheckInState::Done,
                CheckInState::Open,
                CheckInState::Upcoming,
                CheckInState::Upcoming
            ]
        );
        let next = next_check_in(&check_ins(&window, &written, now, &london)).unwrap();
        assert_eq!(
            (next.check_in, next.invited_at),
            (CheckIn::Day1, stamp("2026-11-25T12:00:00+00:00").utc())
        );
        let later = check_ins(
            &window,
            &written,
            stamp("2026-11-26T13:00:00+00:00").utc(),
            &london,
        );
        assert_eq!(later[1].state, CheckInState::Missed);
    }

    #[test]
    fn a_page_of_the_timeline_keeps_reading_order_and_counts_the_rest() {
        let mut course = Course::default();
        course.upsert(ended_session("a", "2026-11-10T12:00:00+00:00"));
        course.upsert(ended_session("b", "2026-11-24T12:00:00+00:00"));
        let entries = vec![
            mood_at("a1", "2026-11-10T20:00:00+00:00"),
            mood_at("b1", "2026-11-24T13:00:00+00:00"),
            mood_at("b2", "2026-11-24T23:00:00+00:00"),
            mood_at("b3", "2026-11-26T20:00:00+00:00"),
        ];
        let (page, rest) = first_entries(timeline(&course, &entries), 3);
        let ids: Vec<&str> = page
            .iter()
            .flat_map(|g| &g.segments)
            .flat_map(|(_, l)| l.iter().map(|e| e.id.0.as_str()))
            .collect();
        assert_eq!((ids, rest), (vec!["b2", "b1", "b3"], 1));
        let (all, none) = first_entries(timeline(&course, &entries), 10);
        assert_eq!((all.len(), none), (2, 0));
    }

    #[test]
    fn timeline_groups_by_window_and_segment_newest_first() {
        let mut course = Course::default();
        course.upsert(ended_session("a", "2026-11-10T12:00:00+00:00"));
        course.upsert(ended_session("b", "2026-11-24T12:00:00+00:00"));
        let entries = vec![
            mood_at("before", "2026-11-01T09:00:00+00:00"),
            mood_at("a1", "2026-11-10T20:00:00+00:00"),
            mood_at("a-after", "2026-11-20T20:00:00+00:00"),
            mood_at("b3", "2026-11-26T20:00:00+00:00"),
            mood_at("b1", "2026-11-24T13:00:00+00:00"),
            mood_at("b1-later", "2026-11-24T23:00:00+00:00"),
        ];
        let groups = timeline(&course, &entries);
        type Shape<'a> = Vec<(Option<&'a str>, Vec<(Segment, Vec<&'a str>)>)>;
        let shape: Shape = groups
            .iter()
            .map(|g| {
                (
                    g.session.map(|s| s.id.0.as_str()),
                    g.segments
                        .iter()
                        .map(|(s, es)| (*s, es.iter().map(|e| e.id.0.as_str()).collect()))
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                (
                    Some("b"),
                    vec![
                        (Segment::FirstDay, vec!["b1-later", "b1"]),
                        (Segment::ThirdDay, vec!["b3"])
                    ]
                ),
                (
                    Some("a"),
                    vec![
                        (Segment::FirstDay, vec!["a1"]),
                        (Segment::After, vec!["a-after"])
                    ]
                ),
                (None, vec![(Segment::After, vec!["before"])]),
            ]
        );
    }
}
