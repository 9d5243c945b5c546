//! Measurement-based care: the PHQ-9 (depression) and GAD-7 (anxiety) questionnaires in their
//! standard wording, their scoring and severity bands, the safety routing of PHQ-9 item 9, when
//! Waypoint invites the patient to take them (never insisting), and the scores across the course.
//!
//! Both instruments were developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke
//! and colleagues with an educational grant from Pfizer Inc., and their notice says no
//! permission is required to reproduce, translate, display or distribute them. Their wording is
//! therefore shown exactly as published, with that notice ([`COPYRIGHT`]); nothing else here is
//! taken from them.
//!
//! LOINC codes, checked against LOINC's own panel and answer definitions as published in HL7's
//! FHIR documentation (US Core's "PHQ-9 Panel Example 44249-1" and "PHQ9 Item Example 44260-8",
//! which give LOINC's display names; the LOINC Panels and Forms listing of panel 69737-5 for the
//! GAD-7 items; tx.fhir.org's LOINC 2.81 expansion for the two totals, quoted in HL7's Personal
//! Health Record IG): every code below is LOINC's, none copied from a community repository.

use super::entry::{Entry, EntryBody};
use super::plan::Plan;
use super::window::{self, WINDOW_HOURS};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// The two questionnaires.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Instrument {
    /// Patient Health Questionnaire, 9 items: depression.
    Phq9,
    /// Generalized Anxiety Disorder, 7 items.
    Gad7,
}

/// One question: its standard wording and its LOINC code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    /// The wording, exactly as published.
    pub text: &'static str,
    /// LOINC code of the item.
    pub loinc: &'static str,
}

/// The published notice both instruments carry.
pub const COPYRIGHT: &str = "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.";

/// What a score is, said kindly beside every total.
pub const NOT_A_DIAGNOSIS: &str = "This is a screening score, not a diagnosis. Scores go up and down; what matters is how they move over time, and your therapist or clinic can talk it through with you.";

/// The four standard answers, scored 0–3, with their LOINC answer codes.
pub const ANSWERS: [(&str, &str); 4] = [
    ("Not at all", "LA6568-5"),
    ("Several days", "LA6569-3"),
    ("More than half the days", "LA6570-1"),
    ("Nearly every day", "LA6571-9"),
];

/// The closing question both instruments ask (not scored).
pub const DIFFICULTY_QUESTION: &str = "If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?";

/// Its four standard answers with their LOINC answer codes.
pub const DIFFICULTY_ANSWERS: [(&str, &str); 4] = [
    ("Not difficult at all", "LA6572-7"),
    ("Somewhat difficult", "LA6573-5"),
    ("Very difficult", "LA6575-0"),
    ("Extremely difficult", "LA6574-3"),
];

const PHQ9_ITEMS: [Item; 9] = [
    Item {
        text: "Little interest or pleasure in doing things",
        loinc: "44250-9",
    },
    Item {
        text: "Feeling down, depressed, or hopeless",
        loinc: "44255-8",
    },
    Item {
        text: "Trouble falling or staying asleep, or sleeping too much",
        loinc: "44259-0",
    },
    Item {
        text: "Feeling tired or having little energy",
        loinc: "44254-1",
    },
    Item {
        text: "Poor appetite or overeating",
        loinc: "44251-7",
    },
    Item {
        text: "Feeling bad about yourself \u{2014} or that you are a failure or have let yourself or your family down",
        loinc: "44258-2",
    },
    Item {
        text: "Trouble concentrating on things, such as reading the newspaper or watching television",
        loinc: "44252-5",
    },
    Item {
        text: "Moving or speaking so slowly that other people could have noticed? Or the opposite \u{2014} being so fidgety or restless that you have been moving around a lot more than usual",
        loinc: "44253-3",
    },
    Item {
        text: "Thoughts that you would be better off dead or of hurting yourself in some way",
        loinc: "44260-8",
    },
];

const GAD7_ITEMS: [Item; 7] = [
    Item {
        text: "Feeling nervous, anxious or on edge",
        loinc: "69725-0",
    },
    Item {
        text: "Not being able to stop or control worrying",
        loinc: "68509-7",
    },
    Item {
        text: "Worrying too much about different things",
        loinc: "69733-4",
    },
    Item {
        text: "Trouble relaxing",
        loinc: "69734-2",
    },
    Item {
        text: "Being so restless that it is hard to sit still",
        loinc: "69735-9",
    },
    Item {
        text: "Becoming easily annoyed or irritable",
        loinc: "69689-8",
    },
    Item {
        text: "Feeling afraid as if something awful might happen",
        loinc: "69736-7",
    },
];

/// The PHQ-9 item (index 8, the ninth) about being better off dead or self-harm.
pub const PHQ9_SAFETY_ITEM: usize = 8;

impl Instrument {
    /// Both, in the order offered.
    pub const ALL: [Instrument; 2] = [Instrument::Phq9, Instrument::Gad7];

    /// `PHQ-9` or `GAD-7`.
    pub fn name(self) -> &'static str {
        match self {
            Instrument::Phq9 => "PHQ-9",
            Instrument::Gad7 => "GAD-7",
        }
    }

    /// What it asks about, in plain words.
    pub fn about(self) -> &'static str {
        match self {
            Instrument::Phq9 => "mood (depression)",
            Instrument::Gad7 => "worry (anxiety)",
        }
    }

    /// `phq9` or `gad7`: the route and the stored name.
    pub fn key(self) -> &'static str {
        match self {
            Instrument::Phq9 => "phq9",
            Instrument::Gad7 => "gad7",
        }
    }

    /// The instrument a key names.
    pub fn from_key(key: &str) -> Option<Instrument> {
        Instrument::ALL.into_iter().find(|i| i.key() == key)
    }

    /// The question every item answers, as published.
    pub fn stem(self) -> &'static str {
        match self {
            Instrument::Phq9 => "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
            Instrument::Gad7 => "Over the last 2 weeks, how often have you been bothered by the following problems?",
        }
    }

    /// The scored items, in order.
    pub fn items(self) -> &'static [Item] {
        match self {
            Instrument::Phq9 => &PHQ9_ITEMS,
            Instrument::Gad7 => &GAD7_ITEMS,
        }
    }

    /// The highest total: 27 or 21.
    pub fn max_total(self) -> u8 {
        (self.items().len() * 3) as u8
    }

    /// LOINC code of the panel (the questionnaire itself).
    pub fn panel_loinc(self) -> &'static str {
        match self {
            Instrument::Phq9 => "44249-1",
            Instrument::Gad7 => "69737-5",
        }
    }

    /// LOINC's name of the panel.
    pub fn panel_display(self) -> &'static str {
        match self {
            Instrument::Phq9 => "PHQ-9 quick depression assessment panel",
            Instrument::Gad7 => "Generalized anxiety disorder 7 item (GAD-7)",
        }
    }

    /// The canonical URL of LOINC's questionnaire for it.
    pub fn canonical(self) -> String {
        format!("http://loinc.org/q/{}", self.panel_loinc())
    }

    /// LOINC code of the total score.
    pub fn total_loinc(self) -> &'static str {
        match self {
            Instrument::Phq9 => "44261-6",
            Instrument::Gad7 => "70274-6",
        }
    }

    /// LOINC's name of the total score.
    pub fn total_display(self) -> &'static str {
        match self {
            Instrument::Phq9 => {
                "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"
            }
            Instrument::Gad7 => {
                "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"
            }
        }
    }

    /// LOINC code of the closing difficulty question.
    pub fn difficulty_loinc(self) -> &'static str {
        match self {
            Instrument::Phq9 => "69722-7",
            Instrument::Gad7 => "69726-8",
        }
    }

    /// The standard severity band of a total.
    pub fn band(self, total: u8) -> Band {
        match (self, total) {
            (_, 0..=4) => Band::Minimal,
            (_, 5..=9) => Band::Mild,
            (_, 10..=14) => Band::Moderate,
            (Instrument::Phq9, 15..=19) => Band::ModeratelySevere,
            _ => Band::Severe,
        }
    }
}

/// The standard severity bands (GAD-7 has no "moderately severe").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Band {
    /// PHQ-9 and GAD-7 0–4.
    Minimal,
    /// 5–9.
    Mild,
    /// 10–14.
    Moderate,
    /// PHQ-9 15–19.
    ModeratelySevere,
    /// PHQ-9 20–27, GAD-7 15–21.
    Severe,
}

impl Band {
    /// The band's standard name, in lower case.
    pub fn name(self) -> &'static str {
        match self {
            Band::Minimal => "minimal",
            Band::Mild => "mild",
            Band::Moderate => "moderate",
            Band::ModeratelySevere => "moderately severe",
            Band::Severe => "severe",
        }
    }
}

/// A completed questionnaire: one answer 0–3 per item, and the optional difficulty (0–3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Questionnaire {
    /// Which one.
    pub instrument: Instrument,
    /// One answer per item, in order, each 0–3.
    pub answers: Vec<u8>,
    /// The closing difficulty question, if answered.
    pub difficulty: Option<u8>,
}

impl Questionnaire {
    /// The total of the answers.
    pub fn total(&self) -> u8 {
        self.answers.iter().map(|a| (*a).min(3)).sum()
    }

    /// The total's band.
    pub fn band(&self) -> Band {
        self.instrument.band(self.total())
    }

    /// The answer to PHQ-9 item 9, when it is above 0: the therapist is told first, and the
    /// patient is offered the crisis line at once.
    pub fn safety_answer(&self) -> Option<u8> {
        (self.instrument == Instrument::Phq9)
            .then(|| self.answers.get(PHQ9_SAFETY_ITEM).copied())
            .flatten()
            .filter(|a| *a > 0)
    }

    /// What is wrong with it, in words for the patient; empty when all is well.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let n = self.instrument.items().len();
        if self.answers.len() != n {
            out.push(format!(
                "The {} has {n} questions; answer each one to save it.",
                self.instrument.name()
            ));
        }
        if self.answers.iter().any(|a| *a > 3) || self.difficulty.is_some_and(|d| d > 3) {
            out.push("Each answer is one of the four choices.".into());
        }
        out
    }

    /// `PHQ-9 7 of 27 · mild`.
    pub fn summary(&self) -> String {
        format!(
            "{} {} of {} · {}",
            self.instrument.name(),
            self.total(),
            self.instrument.max_total(),
            self.band().name()
        )
    }
}

/// Whether answering `answer` to item `index` of `instrument` must show the safety screen at
/// once, before anything else: any answer above 0 to PHQ-9 item 9.
pub fn needs_safety_screen(instrument: Instrument, index: usize, answer: u8) -> bool {
    instrument == Instrument::Phq9 && index == PHQ9_SAFETY_ITEM && answer > 0
}

/// Why Waypoint invites the questionnaires now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Before treatment: a starting point to compare with (optional).
    Baseline,
    /// In the days before a dosing session (its number in the course).
    BeforeSession(usize),
    /// At the end of a session's 72 hours (its number in the course).
    WindowEnd(usize),
}

/// An invitation to take the questionnaires: never a demand, dismissed for good with "Not now".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invitation {
    /// Stable name of this invitation, remembered when the patient skips it.
    pub key: String,
    /// Why now.
    pub reason: Reason,
    /// Answers written since this count for it.
    pub since: DateTime<Utc>,
    /// The instruments already taken for it.
    pub taken: Vec<Instrument>,
}

impl Invitation {
    /// The instruments still to take.
    pub fn to_take(&self) -> Vec<Instrument> {
        Instrument::ALL
            .into_iter()
            .filter(|i| !self.taken.contains(i))
            .collect()
    }

    /// A heading that says why, kindly.
    pub fn title(&self) -> String {
        match self.reason {
            Reason::Baseline => "A starting point, if you like".into(),
            Reason::BeforeSession(n) => format!("Before session {n}: two short questionnaires"),
            Reason::WindowEnd(n) => format!("Three days after session {n}: how things are"),
        }
    }
}

/// How long before a dosing session the questionnaires are invited.
pub const BEFORE_SESSION_DAYS: i64 = 3;
/// From which hour of a session's 72 hours they are invited (the day-3 check-in's span).
pub const WINDOW_END_FROM_HOUR: i64 = 60;
/// How long after the 72 hours the invitation stays.
pub const WINDOW_END_GRACE_HOURS: i64 = 24;

/// The questionnaires taken: each entry's instrument and when, oldest first.
fn taken<'a>(entries: &'a [Entry]) -> impl Iterator<Item = (Instrument, DateTime<Utc>)> + 'a {
    entries.iter().filter_map(|e| match &e.body {
        EntryBody::Questionnaire(q) => Some((q.instrument, e.written.utc())),
        _ => None,
    })
}

/// The invitation Today shows at `now`, if any: at the end of a session's 72 hours (from hour
/// 60 until a day after), in the three days before a planned session, or, before any session
/// has ended, a baseline (until both are taken). None while a session is under way,
/// once both are taken for it, or once the patient skipped it (`plan.questionnaires_skipped`).
pub fn invitation(plan: &Plan, entries: &[Entry], now: DateTime<Utc>) -> Option<Invitation> {
    let course = &plan.course;
    if course.in_progress().is_some() {
        return None;
    }
    let mut candidates = Vec::new();
    if let Some(last) = course.session_before(now) {
        if let Some(w) = window::window_of(course, last) {
            let from = w.opens + Duration::hours(WINDOW_END_FROM_HOUR);
            let until = w.opens + Duration::hours(WINDOW_HOURS + WINDOW_END_GRACE_HOURS);
            // A window cut short by the next session never reaches its end.
            if !w.cut_short() && from <= now && now < until {
                let n = course.number_of(&last.id).unwrap_or(1);
                candidates.push((format!("after-{}", last.id.0), Reason::WindowEnd(n), from));
            }
        }
    }
    if let Some(next) = course.next_session(now) {
        let planned = next.planned.utc();
        let from = planned - Duration::days(BEFORE_SESSION_DAYS);
        if next.started.is_none() && from <= now && now < planned {
            let n = course.number_of(&next.id).unwrap_or(1);
            candidates.push((
                format!("before-{}", next.id.0),
                Reason::BeforeSession(n),
                from,
            ));
        }
    }
    if course.session_before(now).is_none() {
        candidates.push((
            "baseline".into(),
            Reason::Baseline,
            DateTime::<Utc>::MIN_UTC,
        ));
    }
    // The first invitation that applies is the one: answered for it, the next may follow (a
    // window's end and the next session's days are different fortnights); skipped, nothing
    // takes its place (before the first session the baseline would otherwise follow "Not now").
    for (key, reason, since) in candidates {
        if plan.questionnaires_skipped.contains(&key) {
            return None;
        }
        let mut done: Vec<Instrument> = taken(entries)
            .filter(|(_, at)| since <= *at && *at <= now)
            .map(|(i, _)| i)
            .collect();
        done.sort();
        done.dedup();
        let invitation = Invitation {
            key,
            reason,
            since,
            taken: done,
        };
        if !invitation.to_take().is_empty() {
            return Some(invitation);
        }
    }
    None
}

/// One questionnaire's result, placed in the course.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Score {
    /// The entry it came from.
    pub entry: super::entry::EntryId,
    /// Which questionnaire.
    pub instrument: Instrument,
    /// Its total.
    pub total: u8,
    /// When it was taken, on the patient's clock.
    pub written: super::time::Stamp,
    /// The session whose aftermath it was taken in (`None` before the first ended).
    pub after_session: Option<usize>,
    /// PHQ-9 item 9's answer, when above 0.
    pub safety_answer: Option<u8>,
}

impl Score {
    /// The total's band.
    pub fn band(&self) -> Band {
        self.instrument.band(self.total)
    }

    /// Where in the course: `before the first session`, `after session 2`.
    pub fn context(&self) -> String {
        match self.after_session {
            None => "before the first session".into(),
            Some(n) => format!("after session {n}"),
        }
    }
}

/// Every questionnaire in `entries`, oldest first, placed by `session_of` (the number of the
/// session whose aftermath an instant falls in).
pub fn scores(
    entries: &[Entry],
    session_of: impl Fn(DateTime<Utc>) -> Option<usize>,
) -> Vec<Score> {
    let mut out: Vec<Score> = entries
        .iter()
        .filter_map(|e| match &e.body {
            EntryBody::Questionnaire(q) => Some(Score {
                entry: e.id.clone(),
                instrument: q.instrument,
                total: q.total(),
                written: e.written,
                after_session: session_of(e.written.utc()),
                safety_answer: q.safety_answer(),
            }),
            _ => None,
        })
        .collect();
    out.sort_by_key(|s| s.written);
    out
}

/// The latest score of `instrument` and the one before it.
pub fn latest_two(scores: &[Score], instrument: Instrument) -> (Option<&Score>, Option<&Score>) {
    let mut of = scores.iter().rev().filter(|s| s.instrument == instrument);
    (of.next(), of.next())
}

/// How a score moved from the previous one, in words that neither praise nor blame.
pub fn change_words(latest: &Score, previous: &Score) -> String {
    let (a, b) = (i32::from(previous.total), i32::from(latest.total));
    match b - a {
        0 => format!("the same as last time ({a})"),
        d if d < 0 => format!("{} lower than last time ({a})", -d),
        d => format!("{d} higher than last time ({a})"),
    }
}

/// Chart geometry for the scores of one instrument across the course, in the report charts'
/// plot units ([`super::review::PLOT`] square): x evenly spaced in the order taken (so three
/// sessions' scores read left to right whatever the gaps), y from 0 at the bottom to the
/// instrument's maximum at the top.
pub fn score_chart_points(scores: &[&Score]) -> Vec<(i32, i32)> {
    let n = scores.len();
    scores
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let max = s.instrument.max_total();
            (
                super::review::x_of_session(i, n),
                super::review::y_of(i64::from(s.total.min(max)) * 10, i64::from(max) * 10),
            )
        })
        .collect()
}

/// The score chart's grid lines: 0, each standard band's lower edge and the instrument's
/// maximum, as whole totals.
pub fn score_ticks(instrument: Instrument) -> Vec<u8> {
    let max = instrument.max_total();
    std::iter::once(0)
        .chain((1..max).filter(|&v| instrument.band(v) != instrument.band(v - 1)))
        .chain(std::iter::once(max))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::entry::EntryId;
    use crate::domain::session::{Session, SessionId};
    use crate::domain::time::Stamp;

    fn q(instrument: Instrument, answers: &[u8]) -> Questionnaire {
        Questionnaire {
            instrument,
            answers: answers.to_vec(),
            difficulty: None,
        }
    }

    /// Answers adding up to `total`, as evenly as the items allow.
    fn with_total(instrument: Instrument, total: u8) -> Questionnaire {
        let n = instrument.items().len();
        let mut answers = vec![0u8; n];
        let mut left = total;
        for a in answers.iter_mut() {
            let take = left.min(3);
            *a = take;
            left -= take;
        }
        assert_eq!(left, 0, "{total} is more than {}", instrument.max_total());
        q(instrument, &answers)
    }

    #[test]
    fn phq9_bands_change_exactly_at_their_standard_boundaries() {
        for (total, band) in [
            (0, Band::Minimal),
            (4, Band::Minimal),
            (5, Band::Mild),
            (9, Band::Mild),
            (10, Band::Moderate),
            (14, Band::Moderate),
            (15, Band::ModeratelySevere),
            (19, Band::ModeratelySevere),
            (20, Band::Severe),
            (27, Band::Severe),
        ] {
            let answers = with_total(Instrument::Phq9, total);
            assert_eq!(answers.total(), total);
            assert_eq!(answers.band(), band, "PHQ-9 {total}");
        }
    }

    #[test]
    fn gad7_bands_change_exactly_at_their_standard_boundaries_and_have_no_moderately_severe() {
        for (total, band) in [
            (0, Band::Minimal),
            (4, Band::Minimal),
            (5, Band::Mild),
            (9, Band::Mild),
            (10, Band::Moderate),
            (14, Band::Moderate),
            (15, Band::Severe),
            (21, Band::Severe),
        ] {
            let answers = with_total(Instrument::Gad7, total);
            assert_eq!(answers.total(), total);
            assert_eq!(answers.band(), band, "GAD-7 {total}");
        }
        for total in 0..=21 {
            assert_ne!(Instrument::Gad7.band(total), Band::ModeratelySevere);
        }
    }

    #[test]
    fn the_instruments_have_their_standard_length_and_maximum() {
        assert_eq!(Instrument::Phq9.items().len(), 9);
        assert_eq!(Instrument::Gad7.items().len(), 7);
        assert_eq!(Instrument::Phq9.max_total(), 27);
        assert_eq!(Instrument::Gad7.max_total(), 21);
        assert_eq!(
            Instrument::Phq9.items()[PHQ9_SAFETY_ITEM].loinc,
            "44260-8",
            "item 9 is the self-harm question"
        );
    }

    #[test]
    fn only_an_answer_above_zero_to_phq9_item_9_routes_to_the_safety_screen() {
        for answer in 1..=3 {
            assert!(needs_safety_screen(Instrument::Phq9, 8, answer));
        }
        assert!(!needs_safety_screen(Instrument::Phq9, 8, 0));
        for index in 0..8 {
            assert!(!needs_safety_screen(Instrument::Phq9, index, 3));
        }
        // GAD-7 has no item 9, and its last item is not about self-harm.
        assert!(!needs_safety_screen(Instrument::Gad7, 6, 3));
        assert!(!needs_safety_screen(Instrument::Gad7, 8, 3));

        let mut answers = vec![0; 9];
        assert_eq!(q(Instrument::Phq9, &answers).safety_answer(), None);
        answers[8] = 2;
        assert_eq!(q(Instrument::Phq9, &answers).safety_answer(), Some(2));
    }

    #[test]
    fn a_questionnaire_needs_every_item_answered_from_the_four_choices() {
        assert!(q(Instrument::Gad7, &[0; 7]).problems().is_empty());
        assert_eq!(q(Instrument::Gad7, &[0; 6]).problems().len(), 1);
        assert_eq!(q(Instrument::Phq9, &[0; 10]).problems().len(), 1);
        assert_eq!(
            q(Instrument::Gad7, &[0, 0, 0, 0, 0, 0, 4]).problems(),
            ["Each answer is one of the four choices."]
        );
        let mut difficulty = q(Instrument::Gad7, &[0; 7]);
        difficulty.difficulty = Some(4);
        assert_eq!(difficulty.problems().len(), 1);
    }

    fn stamp(t: &str) -> Stamp {
        Stamp::parse(t).unwrap()
    }

    fn taken_at(id: &str, at: &str, instrument: Instrument, total: u8) -> Entry {
        Entry {
            id: EntryId(id.into()),
            written: stamp(at),
            edited: stamp(at),
            private: false,
            discuss: false,
            body: EntryBody::Questionnaire(with_total(instrument, total)),
        }
    }

    fn plan_with(sessions: &[(&str, &str, bool)]) -> Plan {
        let mut plan = Plan::default();
        for (id, at, ended) in sessions {
            let mut s = Session::planned(SessionId((*id).into()), stamp(at));
            if *ended {
                s.started = Some(stamp(at));
                s.ended = Some(Stamp(stamp(at).0 + Duration::hours(2)));
            }
            plan.course.upsert(s);
        }
        plan
    }

    fn at(t: &str) -> DateTime<Utc> {
        stamp(t).utc()
    }

    #[test]
    fn a_baseline_is_offered_before_treatment_until_one_is_taken_or_skipped() {
        let mut plan = plan_with(&[]);
        let now = at("2026-11-01T10:00:00+00:00");
        let inv = invitation(&plan, &[], now).expect("a baseline");
        assert_eq!(inv.reason, Reason::Baseline);
        assert_eq!(inv.to_take(), Instrument::ALL);
        // One taken: the other is still offered.
        let one = [taken_at(
            "q1",
            "2026-11-01T09:00:00+00:00",
            Instrument::Phq9,
            3,
        )];
        assert_eq!(
            invitation(&plan, &one, now).map(|i| i.to_take()),
            Some(vec![Instrument::Gad7])
        );
        let both = [
            one[0].clone(),
            taken_at("q2", "2026-11-01T09:05:00+00:00", Instrument::Gad7, 3),
        ];
        assert_eq!(invitation(&plan, &both, now), None);
        plan.questionnaires_skipped.push("baseline".into());
        assert_eq!(invitation(&plan, &[], now), None, "skipping is for good");
    }

    #[test]
    fn questionnaires_are_invited_in_the_three_days_before_a_session_and_not_earlier() {
        let plan = plan_with(&[("s1", "2026-11-20T10:00:00+00:00", false)]);
        // A baseline taken in October: nothing more until the three days before.
        let old = [
            taken_at("q0", "2026-10-01T09:00:00+00:00", Instrument::Phq9, 3),
            taken_at("q1", "2026-10-01T09:05:00+00:00", Instrument::Gad7, 3),
        ];
        assert_eq!(
            invitation(&plan, &old, at("2026-11-17T09:59:00+00:00")),
            None,
            "a minute before the three days"
        );
        let inv = invitation(&plan, &old, at("2026-11-17T10:00:00+00:00")).unwrap();
        assert_eq!(inv.reason, Reason::BeforeSession(1));
        assert_eq!(inv.key, "before-s1");
        assert_eq!(
            inv.to_take(),
            Instrument::ALL,
            "October's answer is too old"
        );
        assert_eq!(
            invitation(&plan, &old, at("2026-11-20T10:00:00+00:00")),
            None,
            "the session's planned time has come"
        );
    }

    #[test]
    fn questionnaires_are_invited_from_hour_60_of_the_window_until_a_day_after_it() {
        // Session 1 ended at 12:00 on 10 November; its window closes at 12:00 on the 13th.
        let plan = plan_with(&[("s1", "2026-11-10T10:00:00+00:00", true)]);
        let none: [Entry; 0] = [];
        assert_eq!(
            invitation(&plan, &none, at("2026-11-12T23:59:00+00:00")),
            None
        );
        let inv = invitation(&plan, &none, at("2026-11-13T00:00:00+00:00")).unwrap();
        assert_eq!(inv.reason, Reason::WindowEnd(1));
        assert!(invitation(&plan, &none, at("2026-11-14T11:59:00+00:00")).is_some());
        assert_eq!(
            invitation(&plan, &none, at("2026-11-14T12:00:00+00:00")),
            None
        );
        // Taken the evening of day 2 (hour 60 onwards counts).
        let both = [
            taken_at("q1", "2026-11-13T01:00:00+00:00", Instrument::Phq9, 3),
            taken_at("q2", "2026-11-13T01:05:00+00:00", Instrument::Gad7, 3),
        ];
        assert_eq!(
            invitation(&plan, &both, at("2026-11-13T09:00:00+00:00")),
            None
        );
    }

    #[test]
    fn not_now_is_never_followed_by_another_invitation_in_its_place() {
        // Before the first session both the days before it and a baseline apply.
        let mut plan = plan_with(&[("s1", "2026-11-20T10:00:00+00:00", false)]);
        let now = at("2026-11-18T10:00:00+00:00");
        assert_eq!(
            invitation(&plan, &[], now).map(|i| i.reason),
            Some(Reason::BeforeSession(1))
        );
        plan.questionnaires_skipped.push("before-s1".into());
        assert_eq!(invitation(&plan, &[], now), None);
    }

    #[test]
    fn nothing_is_invited_while_a_session_is_under_way() {
        let mut plan = plan_with(&[("s1", "2026-11-20T10:00:00+00:00", false)]);
        let mut s = plan.course.sessions[0].clone();
        s.started = Some(stamp("2026-11-20T10:00:00+00:00"));
        plan.course.upsert(s);
        assert_eq!(
            invitation(&plan, &[], at("2026-11-20T11:00:00+00:00")),
            None
        );
    }

    #[test]
    fn scores_are_placed_in_the_course_and_compared_with_the_previous_one() {
        let entries = [
            taken_at("a", "2026-11-01T09:00:00+00:00", Instrument::Phq9, 14),
            taken_at("b", "2026-11-13T09:00:00+00:00", Instrument::Phq9, 9),
            taken_at("c", "2026-11-13T09:05:00+00:00", Instrument::Gad7, 8),
        ];
        let plan = plan_with(&[("s1", "2026-11-10T10:00:00+00:00", true)]);
        let list = scores(&entries, |t| {
            plan.course
                .session_before(t)
                .and_then(|s| plan.course.number_of(&s.id))
        });
        assert_eq!(list.len(), 3);
        assert_eq!(list[0].context(), "before the first session");
        assert_eq!(list[1].context(), "after session 1");
        let (latest, previous) = latest_two(&list, Instrument::Phq9);
        let (latest, previous) = (latest.unwrap(), previous.unwrap());
        assert_eq!(latest.total, 9);
        assert_eq!(
            change_words(latest, previous),
            "5 lower than last time (14)"
        );
        assert_eq!(latest_two(&list, Instrument::Gad7).1, None);
    }

    #[test]
    fn the_score_chart_spreads_points_left_to_right_and_puts_the_maximum_at_the_top() {
        let entries = [
            taken_at("a", "2026-11-01T09:00:00+00:00", Instrument::Phq9, 0),
            taken_at("b", "2026-11-13T09:00:00+00:00", Instrument::Phq9, 27),
            taken_at("c", "2026-11-20T09:00:00+00:00", Instrument::Phq9, 9),
        ];
        let list = scores(&entries, |_| None);
        let refs: Vec<&Score> = list.iter().collect();
        let points = score_chart_points(&refs);
        assert_eq!(points.len(), 3);
        assert!(points[0].0 < points[1].0 && points[1].0 < points[2].0);
        assert_eq!(points[0].1, crate::domain::review::PLOT, "0 is the bottom");
        assert_eq!(points[1].1, 0, "27 of 27 is the top of the plot");
        assert!(points[2].1 > points[1].1 && points[2].1 < points[0].1);
        assert_eq!(score_ticks(Instrument::Phq9), [0, 5, 10, 15, 20, 27]);
        assert_eq!(score_ticks(Instrument::Gad7), [0, 5, 10, 15, 21]);
    }
}
