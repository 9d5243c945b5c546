//! "What now?": the one rule the Today screen shows, from the plan, the journal and the time.

use super::aftercare::{self, RestrictionStatus};
use super::checklist::{self, ChecklistItem};
use super::entry::Entry;
use super::plan::Plan;
use super::protocol::ClinicProtocol;
use super::session::Session;
use super::time::Zone;
use super::window::{self, CheckInStatus, IntegrationWindow};
use chrono::{DateTime, Duration, Utc};

/// A rule before a session that starts at a clock time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BeforeRule {
    /// No alcohol or recreational drugs (the clinic's hours before).
    NoSubstances,
    /// No food or drink (the clinic's fasting hours before).
    Fasting,
}

impl BeforeRule {
    /// What it asks, as the start of a sentence ending in a clock time.
    pub fn words(self, in_force: bool) -> &'static str {
        match (self, in_force) {
            (BeforeRule::NoSubstances, false) => "No alcohol or recreational drugs from",
            (BeforeRule::NoSubstances, true) => "No alcohol or recreational drugs since",
            (BeforeRule::Fasting, false) => "Stop eating and drinking at",
            (BeforeRule::Fasting, true) => "No food or drink since",
        }
    }
}

/// A rule before a session, with when it starts and whether it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BeforeRuleStatus {
    /// The rule.
    pub rule: BeforeRule,
    /// When it starts.
    pub from: DateTime<Utc>,
    /// Whether it has started.
    pub in_force: bool,
}

/// The rules before `session` that Today shows at `now`: from the start of the day before the
/// session (so the evening before says what starts then), or from when a longer rule starts,
/// until the session starts. A rule the clinic set to 0 hours is left out.
pub fn before_session_rules(
    session: &Session,
    protocol: &ClinicProtocol,
    zone: &impl Zone,
    now: DateTime<Utc>,
) -> Vec<BeforeRuleStatus> {
    let planned = session.planned.utc();
    if session.started.is_some() || now >= planned {
        return Vec::new();
    }
    let day_before = zone.start_of_day(zone.start_of_day(planned) - Duration::hours(1));
    [
        (
            BeforeRule::NoSubstances,
            protocol.substances_hours,
            checklist::substances_from(session, protocol),
        ),
        (
            BeforeRule::Fasting,
            protocol.fasting_hours,
            checklist::fasting_from(session, protocol),
        ),
    ]
    .into_iter()
    .filter(|(_, hours, from)| *hours > 0 && now >= day_before.min(*from))
    .map(|(rule, _, from)| BeforeRuleStatus {
        rule,
        from,
        in_force: now >= from,
    })
    .collect()
}

/// Where the patient is, most pressing first.
#[derive(Debug)]
pub enum Today<'a> {
    /// Nothing planned yet.
    NothingPlanned,
    /// A session is in progress (started, not ended).
    InSession {
        /// The session.
        session: &'a Session,
        /// Its restrictions, in force from its start.
        restrictions: Vec<RestrictionStatus>,
        /// When it has been under way longer than sessions like it usually last: the likely end
        /// to offer with "Has your session ended?".
        ask_if_ended: Option<DateTime<Utc>>,
    },
    /// Inside a session's 72-hour window.
    Integrating {
        /// The session.
        session: &'a Session,
        /// Its window.
        window: IntegrationWindow,
        /// Hour 1–72.
        hour: u32,
        /// Restrictions still in force (driving, decisions).
        restrictions: Vec<RestrictionStatus>,
        /// Every check-in with its state.
        check_ins: Vec<CheckInStatus>,
        /// The one to invite next.
        next_check_in: Option<CheckInStatus>,
        /// The next planned session, if any.
        next_session: Option<&'a Session>,
    },
    /// A session is coming.
    Preparing {
        /// The session.
        session: &'a Session,
        /// Its checklist.
        items: Vec<ChecklistItem>,
        /// Whether it is today.
        is_today: bool,
        /// The rules before it that have started or start soon (see [`before_session_rules`]).
        before_rules: Vec<BeforeRuleStatus>,
        /// Restrictions from the previous session still in force.
        restrictions: Vec<RestrictionStatus>,
    },
    /// Between windows, nothing planned next.
    Between {
        /// The most recent ended session.
        last: Option<&'a Session>,
        /// Restrictions still in force from it.
        restrictions: Vec<RestrictionStatus>,
    },
}

/// The Today screen's answer at `now`.
pub fn today<'a>(
    plan: &'a Plan,
    entries: &[Entry],
    now: DateTime<Utc>,
    zone: &impl Zone,
) -> Today<'a> {
    let course = &plan.course;
    let protocol = &plan.settings.protocol;
    let in_force = |session: &Session| -> Vec<RestrictionStatus> {
        aftercare::session_restrictions(session, protocol, zone, now)
            .into_iter()
            .filter(|r| r.in_force)
            .collect()
    };
    if let Some(session) = course.in_progress() {
        return Today::InSession {
            session,
            restrictions: in_force(session),
            ask_if_ended: session.ask_if_ended(now),
        };
    }
    let last = course.session_before(now);
    let restrictions = last.map(in_force).unwrap_or_default();
    let next = course.next_session(now);
    if let Some((session, window)) = window::window_at(course, now) {
        let written: Vec<_> = entries
            .iter()
            .map(|e| e.written.utc())
            .filter(|t| window.contains(*t))
            .collect();
        let check_ins = window::check_ins(&window, &written, now, zone);
        return Today::Integrating {
            session,
            window,
            hour: window.hour(now).unwrap_or(1),
            restrictions,
            next_check_in: window::next_check_in(&check_ins),
            check_ins,
            next_session: next,
        };
    }
    if let Some(session) = next {
        let is_today =
            zone.local(session.planned.utc()).date_naive() == zone.local(now).date_naive();
        return Today::Preparing {
            session,
            items: checklist::items(session, protocol),
            is_today,
            before_rules: before_session_rules(session, protocol, zone, now),
            restrictions,
        };
    }
    if course.sessions.is_empty() {
        return Today::NothingPlanned;
    }
    Today::Between { last, restrictions }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::SessionId;
    use crate::domain::time::{EuropeanZone, Stamp};

    fn stamp(text: &str) -> Stamp {
        Stamp::parse(text).unwrap()
    }

    fn at(text: &str) -> DateTime<Utc> {
        stamp(text).utc()
    }

    fn plan_with(sessions: Vec<Session>) -> Plan {
        let mut plan = Plan::default();
        for s in sessions {
            plan.course.upsert(s);
        }
        plan
    }

    fn planned(id: &str, when: &str) -> Session {
        Session::planned(SessionId(id.into()), stamp(when))
    }

    fn ended(id: &str, start: &str, end: &str) -> Session {
        let mut s = planned(id, start);
        s.started = Some(stamp(start));
        s.ended = Some(stamp(end));
        s
    }

    #[test]
    fn with_nothing_planned_today_says_so() {
        let plan = Plan::default();
        assert!(matches!(
            today(
                &plan,
                &[],
                at("2026-11-22T10:00:00Z"),
                &EuropeanZone::london()
            ),
            Today::NothingPlanned
        ));
    }

    #[test]
    fn before_a_session_today_prepares_and_knows_when_it_is_the_day() {
        let plan = plan_with(vec![planned("a", "2026-11-24T09:00:00+00:00")]);
        let zone = EuropeanZone::london();
        match today(&plan, &[], at("2026-11-22T10:00:00Z"), &zone) {
            Today::Preparing {
                session, is_today, ..
            } => assert_eq!((session.id.0.as_str(), is_today), ("a", false)),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            today(&plan, &[], at("2026-11-24T06:00:00Z"), &zone),
            Today::Preparing { is_today: true, .. }
        ));
    }

    #[test]
    fn after_a_session_today_counts_the_hours_and_keeps_the_driving_rule() {
        let plan = plan_with(vec![ended(
            "a",
            "2026-11-24T09:00:00+00:00",
            "2026-11-24T11:00:00+00:00",
        )]);
        match today(
            &plan,
            &[],
            at("2026-11-24T17:30:00Z"),
            &EuropeanZone::london(),
        ) {
            Today::Integrating {
                hour,
                restrictions,
                next_check_in,
                ..
            } => {
                assert_eq!(hour, 7);
                assert_eq!(restrictions.len(), 2);
                assert_eq!(
                    next_check_in.unwrap().check_in,
                    crate::domain::window::CheckIn::Debrief
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn inside_a_window_with_the_next_session_planned_the_window_comes_first() {
        let plan = plan_with(vec![
            ended(
                "a",
                "2026-11-24T09:00:00+00:00",
                "2026-11-24T11:00:00+00:00",
            ),
            planned("b", "2026-11-26T09:00:00+00:00"),
        ]);
        match today(
            &plan,
            &[],
            at("2026-11-25T12:00:00Z"),
            &EuropeanZone::london(),
        ) {
            Today::Integrating {
                next_session, hour, ..
            } => assert_eq!((next_session.unwrap().id.0.as_str(), hour), ("b", 26)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn after_the_window_with_nothing_planned_today_is_between() {
        let plan = plan_with(vec![ended(
            "a",
            "2026-11-10T09:00:00+00:00",
            "2026-11-10T11:00:00+00:00",
        )]);
        assert!(matches!(
            today(
                &plan,
                &[],
                at("2026-11-22T10:00:00Z"),
                &EuropeanZone::london()
            ),
            Today::Between { last: Some(_), .. }
        ));
    }

    #[test]
    fn a_started_session_is_in_progress_with_its_rules_in_force() {
        let mut s = planned("a", "2026-11-24T09:00:00+00:00");
        s.started = Some(stamp("2026-11-24T09:10:00+00:00"));
        let plan = plan_with(vec![s]);
        match today(
            &plan,
            &[],
            at("2026-11-24T09:30:00Z"),
            &EuropeanZone::london(),
        ) {
            Today::InSession {
                restrictions,
                ask_if_ended,
                ..
            } => {
                assert_eq!(restrictions.len(), 2, "no driving, no big decisions");
                assert_eq!(ask_if_ended, None, "too early to ask");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_session_never_marked_ended_is_asked_about_by_the_evening() {
        // Regression: 23 hours after the start Today still said "under way" and showed no rule.
        let mut s = planned("a", "2026-11-24T09:00:00+00:00");
        s.started = Some(stamp("2026-11-24T09:10:00+00:00"));
        let plan = plan_with(vec![s]);
        match today(
            &plan,
            &[],
            at("2026-11-24T19:00:00Z"),
            &EuropeanZone::london(),
        ) {
            Today::InSession {
                restrictions,
                ask_if_ended,
                ..
            } => {
                assert_eq!(ask_if_ended, Some(at("2026-11-24T12:10:00Z")));
                assert!(restrictions
                    .iter()
                    .any(|r| r.rule == crate::domain::aftercare::AftercareRule::NoDriving));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_evening_before_today_says_what_starts_then() {
        let mut plan = plan_with(vec![planned("a", "2026-11-25T09:00:00+00:00")]);
        plan.settings.protocol.fasting_hours = 12;
        let zone = EuropeanZone::london();
        let rules = |plan: &Plan, now: &str| match today(plan, &[], at(now), &zone) {
            Today::Preparing { before_rules, .. } => before_rules
                .iter()
                .map(|r| (r.rule, r.from, r.in_force))
                .collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            rules(&plan, "2026-11-23T20:00:00Z"),
            [],
            "two evenings before: nothing yet"
        );
        assert_eq!(
            rules(&plan, "2026-11-24T19:00:00Z"),
            [
                (BeforeRule::NoSubstances, at("2026-11-24T09:00:00Z"), true),
                (BeforeRule::Fasting, at("2026-11-24T21:00:00Z"), false),
            ]
        );
        plan.settings.protocol.fasting_hours = 0;
        assert_eq!(
            rules(&plan, "2026-11-24T19:00:00Z").len(),
            1,
            "no fasting rule at 0 hours"
        );
    }

    #[test]
    fn a_long_no_alcohol_window_shows_from_when_it_starts() {
        let mut plan = plan_with(vec![planned("a", "2026-11-25T09:00:00+00:00")]);
        plan.settings.protocol.substances_hours = 72;
        match today(
            &plan,
            &[],
            at("2026-11-22T12:00:00Z"),
            &EuropeanZone::london(),
        ) {
            Today::Preparing { before_rules, .. } => {
                assert_eq!(before_rules.len(), 1);
                assert!(before_rules[0].in_force);
            }
            other => panic!("{other:?}"),
        }
    }
}

/// The invitation an empty intention starts from: carry forward the latest insight written in
/// the previous session's window, if there was one.
pub fn intention_invitation(plan: &Plan, entries: &[Entry], session: &Session) -> Option<String> {
    let previous = plan.course.previous_ended(session)?;
    let window = window::window_of(&plan.course, previous)?;
    let insight = entries
        .iter()
        .filter(|e| window.contains(e.written.utc()) && !e.private)
        .filter_map(|e| match &e.body {
            super::entry::EntryBody::Insight(i) => std::iter::once(i.text.as_str())
                .chain(i.answers.iter().map(|a| a.text.as_str()))
                .find(|t| !t.trim().is_empty())
                .map(|t| (e.written, t.trim().to_string())),
            _ => None,
        })
        .max_by_key(|(written, _)| *written)?
        .1;
    let short: String = insight.chars().take(140).collect();
    Some(format!(
        "Carrying forward from last time: \"{short}\". This time I want to…"
    ))
}

#[cfg(test)]
mod invitation_tests {
    use super::*;
    use crate::domain::entry::{EntryBody, EntryId, Insight};
    use crate::domain::session::SessionId;
    use crate::domain::time::Stamp;

    #[test]
    fn the_intention_invites_the_last_insight_of_the_previous_window() {
        let stamp = |t: &str| Stamp::parse(t).unwrap();
        let mut plan = Plan::default();
        let mut first = Session::planned(SessionId("a".into()), stamp("2026-11-20T09:00:00+00:00"));
        first.started = Some(stamp("2026-11-20T09:00:00+00:00"));
        first.ended = Some(stamp("2026-11-20T11:00:00+00:00"));
        plan.course.upsert(first);
        let next = Session::planned(SessionId("b".into()), stamp("2026-11-27T09:00:00+00:00"));
        plan.course.upsert(next.clone());
        let insight = |id: &str, at: &str, text: &str, private: bool| Entry {
            id: EntryId(id.into()),
            written: stamp(at),
            edited: stamp(at),
            private,
            discuss: false,
            body: EntryBody::Insight(Insight {
                text: text.into(),
                ..Insight::default()
            }),
        };
        let entries = vec![
            insight(
                "1",
                "2026-11-20T20:00:00+00:00",
                "I can rest without earning it",
                false,
            ),
            insight("2", "2026-11-21T20:00:00+00:00", "secret", true),
            insight(
                "3",
                "2026-11-25T20:00:00+00:00",
                "outside the window",
                false,
            ),
        ];
        let text = intention_invitation(&plan, &entries, &next).unwrap();
        assert!(text.contains("I can rest without earning it"), "{text}");
        assert!(intention_invitation(&plan, &[], &next).is_none());
    }
}
