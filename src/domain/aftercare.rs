//! Aftercare: the rules in force after a session ends, until when, and the signs that are
//! normal afterwards versus the ones that mean calling for help.
//!
//! The restrictions are in force from the moment a session starts: a patient who has not tapped
//! "ended" is no more fit to drive than one who has. Until the end is recorded they count from
//! the session's likely end ([`Session::likely_end`]), and the patient is asked to confirm it.

use super::protocol::ClinicProtocol;
use super::session::Session;
use super::time::Zone;
use chrono::{DateTime, Duration, NaiveTime, Utc};

/// Something to do or not do after a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AftercareRule {
    /// No driving, cycling or machinery.
    NoDriving,
    /// No major decisions.
    NoMajorDecisions,
    /// A ride home with someone else.
    RideHome,
    /// Rest.
    Rest,
    /// Drink water.
    Fluids,
    /// Eat something light.
    LightFood,
    /// A quiet, low-stimulation evening.
    QuietEvening,
}

impl AftercareRule {
    /// The restrictions, which last until a clock time.
    pub const RESTRICTIONS: [AftercareRule; 2] =
        [AftercareRule::NoDriving, AftercareRule::NoMajorDecisions];

    /// The self-care the patient can tick.
    pub const SELF_CARE: [AftercareRule; 5] = [
        AftercareRule::RideHome,
        AftercareRule::Rest,
        AftercareRule::Fluids,
        AftercareRule::LightFood,
        AftercareRule::QuietEvening,
    ];

    /// The rule in plain words.
    pub fn title(self) -> &'static str {
        match self {
            AftercareRule::NoDriving => "No driving, cycling or machinery",
            AftercareRule::NoMajorDecisions => "No big decisions",
            AftercareRule::RideHome => "Someone else takes me home",
            AftercareRule::Rest => "Rest, lie down if I want to",
            AftercareRule::Fluids => "Sip water through the afternoon",
            AftercareRule::LightFood => "Something light to eat when I feel ready",
            AftercareRule::QuietEvening => {
                "A quiet evening: low light, few screens, gentle company"
            }
        }
    }

    /// Why, in one short line.
    pub fn why(self) -> &'static str {
        match self {
            AftercareRule::NoDriving => {
                "Reaction time and judgement stay slower for hours after it feels gone."
            }
            AftercareRule::NoMajorDecisions => {
                "Give new perspectives time to settle before acting on them."
            }
            AftercareRule::RideHome => "You may feel fine and still not be safe to travel alone.",
            AftercareRule::Rest => "Tiredness is common and passes.",
            AftercareRule::Fluids => "Fluids help with light-headedness and mild nausea.",
            AftercareRule::LightFood => "Start small after fasting.",
            AftercareRule::QuietEvening => "Low stimulation gives the experience room to settle.",
        }
    }

    /// The key a self-care tick is stored under.
    pub fn key(self) -> &'static str {
        match self {
            AftercareRule::NoDriving => "no_driving",
            AftercareRule::NoMajorDecisions => "no_decisions",
            AftercareRule::RideHome => "ride_home",
            AftercareRule::Rest => "rest",
            AftercareRule::Fluids => "fluids",
            AftercareRule::LightFood => "light_food",
            AftercareRule::QuietEvening => "quiet_evening",
        }
    }
}

/// When the patient may drive again after a session that ended at `ended`: at least the clinic's
/// hours later and, when the clinic says so, not before its morning hour on the following day.
/// A session ending at 11:00 with the defaults (12 h, next morning 08:00) gives 08:00 tomorrow;
/// one ending at 21:00 gives 09:00 tomorrow.
pub fn driving_allowed_from(
    ended: DateTime<Utc>,
    protocol: &ClinicProtocol,
    zone: &impl Zone,
) -> DateTime<Utc> {
    let after_hours = ended + Duration::hours(i64::from(protocol.no_driving_hours));
    if !protocol.no_driving_until_morning {
        return after_hours;
    }
    let next_day = zone.local(ended).date_naive() + Duration::days(1);
    let morning = NaiveTime::from_hms_opt(u32::from(protocol.morning_hour.min(23)), 0, 0)
        .unwrap_or(NaiveTime::MIN);
    after_hours.max(zone.instant_of(next_day.and_time(morning)))
}

/// When big decisions are fine again.
pub fn decisions_allowed_from(ended: DateTime<Utc>, protocol: &ClinicProtocol) -> DateTime<Utc> {
    ended + Duration::hours(i64::from(protocol.no_decisions_hours))
}

/// A restriction and where it stands at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RestrictionStatus {
    /// The rule.
    pub rule: AftercareRule,
    /// When it ends.
    pub until: DateTime<Utc>,
    /// Whether it is still in force.
    pub in_force: bool,
}

/// Every restriction after a session that ended at `ended`, with its end and whether it is still
/// in force at `now`.
pub fn restrictions(
    ended: DateTime<Utc>,
    protocol: &ClinicProtocol,
    zone: &impl Zone,
    now: DateTime<Utc>,
) -> Vec<RestrictionStatus> {
    AftercareRule::RESTRICTIONS
        .into_iter()
        .map(|rule| {
            let until = match rule {
                AftercareRule::NoDriving => driving_allowed_from(ended, protocol, zone),
                _ => decisions_allowed_from(ended, protocol),
            };
            RestrictionStatus {
                rule,
                until,
                in_force: now < until,
            }
        })
        .collect()
}

/// What a session's restrictions count from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RulesFrom {
    /// The end the patient recorded.
    Ended(DateTime<Utc>),
    /// The session is under way, or its end was never recorded: the rules have been in force
    /// since `started` and count from the likely end until the patient says when it ended.
    UnderWay {
        /// When it started.
        started: DateTime<Utc>,
        /// Its start plus the typical length for its route.
        likely_end: DateTime<Utc>,
    },
}

impl RulesFrom {
    /// What the rules count from for `session`; `None` before it starts.
    pub fn of(session: &Session) -> Option<RulesFrom> {
        if let Some(ended) = session.ended_utc() {
            return Some(RulesFrom::Ended(ended));
        }
        Some(RulesFrom::UnderWay {
            started: session.started?.utc(),
            likely_end: session.likely_end()?,
        })
    }

    /// The instant the restrictions' hours count from.
    pub fn end(self) -> DateTime<Utc> {
        match self {
            RulesFrom::Ended(end) => end,
            RulesFrom::UnderWay { likely_end, .. } => likely_end,
        }
    }

    /// The instant the restrictions came into force.
    pub fn in_force_from(self) -> DateTime<Utc> {
        match self {
            RulesFrom::Ended(end) => end,
            RulesFrom::UnderWay { started, .. } => started,
        }
    }
}

/// Every restriction of `session` at `now`: in force from its start (or recorded end) until the
/// clock time counted from its end, recorded or likely. Empty before the session starts.
pub fn session_restrictions(
    session: &Session,
    protocol: &ClinicProtocol,
    zone: &impl Zone,
    now: DateTime<Utc>,
) -> Vec<RestrictionStatus> {
    let Some(from) = RulesFrom::of(session) else {
        return Vec::new();
    };
    restrictions(from.end(), protocol, zone, now)
        .into_iter()
        .map(|r| RestrictionStatus {
            in_force: r.in_force && now >= from.in_force_from(),
            ..r
        })
        .collect()
}

/// Aftercare stays on the Today screen while any restriction is in force.
pub fn any_in_force(
    ended: DateTime<Utc>,
    protocol: &ClinicProtocol,
    zone: &impl Zone,
    now: DateTime<Utc>,
) -> bool {
    restrictions(ended, protocol, zone, now)
        .iter()
        .any(|r| r.in_force)
}

/// What is common afterwards and usually passes within an hour or two.
pub const NORMAL_SIGNS: &[&str] = &[
    "Feeling foggy, slow or a little unreal",
    "Light-headedness or unsteadiness on your feet",
    "Mild nausea",
    "Tiredness, wanting to sleep early",
    "Feeling emotional, tender or open",
];

/// Signs that mean calling the clinic.
pub const CALL_CLINIC_SIGNS: &[&str] = &[
    "Fogginess, dizziness or nausea still strong several hours later",
    "Vomiting more than once",
    "Feeling very low, frightened or unsettled and it is not easing",
    "Pain or burning when you pass urine",
];

/// Signs that mean calling emergency services now.
pub const EMERGENCY_SIGNS: &[&str] = &[
    "Chest pain, or a heartbeat that races or feels irregular",
    "Trouble breathing",
    "Fainting, or cannot be woken",
    "Confusion or seeing things that are not there, hours after the session",
    "Thoughts of harming yourself: call your crisis line or emergency services",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::{clock, ClockStyle, EuropeanZone, Stamp};

    fn utc(text: &str) -> DateTime<Utc> {
        Stamp::parse(text).unwrap().utc()
    }

    fn local_iso(t: DateTime<Utc>) -> String {
        Stamp::at(t, &EuropeanZone::london()).iso()
    }

    #[test]
    fn driving_rule_ends_next_morning_for_a_late_morning_session() {
        let until = driving_allowed_from(
            utc("2026-11-24T11:00:00+00:00"),
            &ClinicProtocol::default(),
            &EuropeanZone::london(),
        );
        assert_eq!(local_iso(until), "2026-11-25T08:00:00+00:00");
    }

    #[test]
    fn driving_rule_waits_the_full_hours_for_evening_sessions() {
        let until = driving_allowed_from(
            utc("2026-11-24T21:00:00+00:00"),
            &ClinicProtocol::default(),
            &EuropeanZone::london(),
        );
        assert_eq!(local_iso(until), "2026-11-25T09:00:00+00:00");
    }

    #[test]
    fn driving_rule_without_the_morning_clause_is_just_the_hours() {
        let protocol = ClinicProtocol {
            no_driving_until_morning: false,
            no_driving_hours: 24,
            ..ClinicProtocol::default()
        };
        let until = driving_allowed_from(
            utc("2026-11-24T11:00:00+00:00"),
            &protocol,
            &EuropeanZone::london(),
        );
        assert_eq!(local_iso(until), "2026-11-25T11:00:00+00:00");
    }

    #[test]
    fn driving_rule_morning_follows_the_clock_change() {
        // Ends 10:00 GMT on Saturday 28 March; the next morning is the change day, 08:00 BST.
        let until = driving_allowed_from(
            utc("2026-03-28T10:00:00+00:00"),
            &ClinicProtocol::default(),
            &EuropeanZone::london(),
        );
        assert_eq!(local_iso(until), "2026-03-29T08:00:00+01:00");
        assert_eq!(
            clock(EuropeanZone::london().local(until), ClockStyle::H24),
            "08:00"
        );
    }

    #[test]
    fn a_session_ending_just_after_midnight_waits_for_the_following_morning() {
        let until = driving_allowed_from(
            utc("2026-11-25T00:30:00+00:00"),
            &ClinicProtocol::default(),
            &EuropeanZone::london(),
        );
        assert_eq!(local_iso(until), "2026-11-26T08:00:00+00:00");
    }

    fn started_lozenge(start: &str) -> Session {
        use crate::domain::session::{Route, SessionId};
        let mut s = Session::planned(SessionId("a".into()), Stamp::parse(start).unwrap());
        s.started = Some(Stamp::parse(start).unwrap());
        s.route = Some(Route::Lozenge);
        s
    }

    #[test]
    fn a_patient_who_never_taps_ended_is_still_not_fit_to_drive() {
        // Regression: a session started and never marked ended gave no aftercare at all.
        let session = started_lozenge("2026-11-24T14:00:00+00:00");
        let protocol = ClinicProtocol::default();
        let zone = EuropeanZone::london();
        let during =
            session_restrictions(&session, &protocol, &zone, utc("2026-11-24T14:30:00+00:00"));
        assert_eq!(during.len(), 2);
        assert!(during.iter().all(|r| r.in_force), "in force from the start");
        // Counted from the likely end, 17:00: driving again at 08:00 the next morning, at the
        // earliest 12 hours after it; decisions 24 hours after it.
        assert_eq!(local_iso(during[0].until), "2026-11-25T08:00:00+00:00");
        assert_eq!(local_iso(during[1].until), "2026-11-25T17:00:00+00:00");
        let evening =
            session_restrictions(&session, &protocol, &zone, utc("2026-11-24T21:00:00+00:00"));
        assert!(
            evening[0].in_force,
            "the driving rule is in force by the evening"
        );
    }

    #[test]
    fn an_evening_session_without_an_end_counts_from_its_likely_end_not_its_start() {
        let session = started_lozenge("2026-11-24T19:00:00+00:00");
        let zone = EuropeanZone::london();
        let rules = session_restrictions(
            &session,
            &ClinicProtocol::default(),
            &zone,
            utc("2026-11-24T19:30:00+00:00"),
        );
        // Likely end 22:00, plus 12 hours: 10:00, later than the morning hour.
        assert_eq!(local_iso(rules[0].until), "2026-11-25T10:00:00+00:00");
    }

    #[test]
    fn a_recorded_end_replaces_the_likely_one() {
        let mut session = started_lozenge("2026-11-24T09:00:00+00:00");
        session.ended = Some(Stamp::parse("2026-11-24T10:30:00+00:00").unwrap());
        assert_eq!(
            RulesFrom::of(&session),
            Some(RulesFrom::Ended(utc("2026-11-24T10:30:00+00:00")))
        );
        let planned = Session::planned(
            crate::domain::session::SessionId("p".into()),
            Stamp::parse("2026-11-24T09:00:00+00:00").unwrap(),
        );
        assert!(session_restrictions(
            &planned,
            &ClinicProtocol::default(),
            &EuropeanZone::london(),
            utc("2026-11-24T10:00:00+00:00")
        )
        .is_empty());
    }

    #[test]
    fn restrictions_lift_exactly_at_their_end() {
        let ended = utc("2026-11-24T11:00:00+00:00");
        let protocol = ClinicProtocol::default();
        let zone = EuropeanZone::london();
        let at = |now: &str| restrictions(ended, &protocol, &zone, utc(now));
        assert!(at("2026-11-25T07:59:59+00:00").iter().all(|r| r.in_force));
        let morning = at("2026-11-25T08:00:00+00:00");
        assert!(!morning[0].in_force && morning[1].in_force);
        assert!(!any_in_force(
            ended,
            &protocol,
            &zone,
            utc("2026-11-25T11:00:00+00:00")
        ));
    }
}
