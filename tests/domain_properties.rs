//! Properties of the domain core that must hold for every instant, zone and input, not only for
//! the examples the unit tests pick: time and zones, aftercare, the 72-hour window, the
//! checklist, journal entries and the course.
//!
//! Instants are drawn from several years, with extra weight on local midnights (for every offset
//! from -12 h to +14 h) and on both European clock changes, because that is where the clock
//! arithmetic goes wrong. Zones are fixed offsets in 15-minute steps and [`EuropeanZone`] with
//! London's and Paris's standard offsets.
//!
//! Each property runs 256 cases; the whole file takes a few seconds in a debug build.

// Native only: proptest and the file system are not there in the browser build.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
    Timelike, Utc, Weekday,
};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, subsequence, Index};
use std::collections::{BTreeMap, BTreeSet};
use waypoint::domain::aftercare::{
    any_in_force, decisions_allowed_from, driving_allowed_from, restrictions, AftercareRule,
};
use waypoint::domain::checklist::{
    fasting_from, items, progress, substances_from, ChecklistState, Due, ItemTime, OwnItem,
    DEFAULT_ITEMS,
};
use waypoint::domain::entry::{
    Entry, EntryBody, EntryId, Habits, Insight, Mood, Prompt, PromptAnswer, Sleep, EMOTIONS,
    MAX_AWAKENINGS, MAX_EMOTIONS, MAX_EMOTION_CHARS, MAX_ID_CHARS, MAX_NOTE_CHARS, MAX_TEXT_CHARS,
};
use waypoint::domain::protocol::{
    ClinicProtocol, FASTING_HOURS, MORNING_HOUR, NO_DECISIONS_HOURS, NO_DRIVING_HOURS,
    SUBSTANCES_HOURS,
};
use waypoint::domain::session::{Course, Route, Session, SessionId, Setting};
use waypoint::domain::time::{
    input_date, input_time, parse_input_date, parse_input_time, span_words, EuropeanZone, Stamp,
    Zone,
};
use waypoint::domain::window::{
    check_ins, timeline, window_at, window_of, CheckIn, CheckInState, IntegrationWindow, Segment,
    WINDOW_HOURS,
};
use waypoint::json;

const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        // Failures are reported by the test name and the shrunk input; a file of regressions
        // beside an integration test would only be noise in the repository.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

fn at_secs(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).expect("generated seconds are within chrono's range")
}

fn secs_of(year: i32) -> i64 {
    Utc.with_ymd_and_hms(year, 1, 1, 0, 0, 0)
        .single()
        .expect("new year exists")
        .timestamp()
}

/// 01:00 UTC on the last Sunday of `month`, computed here independently of `EuropeanZone` so the
/// generator does not inherit a bug it is meant to find.
fn clock_change(year: i32, month: u32) -> DateTime<Utc> {
    // March and October both have 31 days.
    let mut day = NaiveDate::from_ymd_opt(year, month, 31).expect("31st exists");
    while day.weekday() != Weekday::Sun {
        day = day.pred_opt().expect("not the first day");
    }
    Utc.from_utc_datetime(&day.and_hms_opt(1, 0, 0).expect("01:00 exists"))
}

/// An instant to whole seconds: anywhere in 2024–2031 or 1970–2100, near a European clock
/// change, or near local midnight for some offset between -12 h and +14 h.
fn instant() -> BoxedStrategy<DateTime<Utc>> {
    let jitter = prop_oneof![Just(0i64), Just(-1i64), -120..=120i64];
    prop_oneof![
        3 => (secs_of(2024)..secs_of(2032)).prop_map(at_secs),
        1 => (secs_of(1970)..secs_of(2100)).prop_map(at_secs),
        // The change itself, and the days either side, which are 23 or 25 hours long.
        2 => (
            2024..=2031i32,
            select(vec![3u32, 10]),
            prop_oneof![Just(0i64), -3 * HOUR..=3 * HOUR, -2 * DAY..=3 * DAY],
        )
            .prop_map(|(y, m, d)| clock_change(y, m) + Duration::seconds(d)),
        2 => (0..(8 * 366i64), -48..=56i64, jitter).prop_map(|(day, quarter, j)| {
            // Local midnight for an offset of `quarter` quarter-hours east is that many
            // quarter-hours before midnight UTC.
            at_secs(secs_of(2024) + day * DAY - quarter * 900 + j)
        }),
    ]
    .boxed()
}

/// A UTC offset from -12 h to +14 h in 15-minute steps.
fn fixed_offset() -> impl Strategy<Value = FixedOffset> {
    (-48..=56i32).prop_map(|q| FixedOffset::east_opt(q * 900).expect("within ±24 h"))
}

fn european_zone() -> impl Strategy<Value = EuropeanZone> {
    select(vec![0, 3600]).prop_map(|standard| EuropeanZone {
        standard: FixedOffset::east_opt(standard).expect("valid offset"),
    })
}

/// Either kind of zone. The domain takes `&impl Zone`, which a `dyn Zone` cannot be, so this
/// enum stands in and forwards every method, overridden or not, to the zone it holds.
#[derive(Clone, Copy, Debug)]
enum AnyZone {
    Fixed(FixedOffset),
    European(EuropeanZone),
}

impl Zone for AnyZone {
    fn offset_at(&self, instant: DateTime<Utc>) -> FixedOffset {
        match self {
            AnyZone::Fixed(z) => z.offset_at(instant),
            AnyZone::European(z) => z.offset_at(instant),
        }
    }
    fn local(&self, instant: DateTime<Utc>) -> DateTime<FixedOffset> {
        match self {
            AnyZone::Fixed(z) => z.local(instant),
            AnyZone::European(z) => z.local(instant),
        }
    }
    fn instant_of(&self, wall: NaiveDateTime) -> DateTime<Utc> {
        match self {
            AnyZone::Fixed(z) => z.instant_of(wall),
            AnyZone::European(z) => z.instant_of(wall),
        }
    }
    fn start_of_day(&self, instant: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            AnyZone::Fixed(z) => z.start_of_day(instant),
            AnyZone::European(z) => z.start_of_day(instant),
        }
    }
}

fn any_zone() -> impl Strategy<Value = AnyZone> {
    prop_oneof![
        fixed_offset().prop_map(AnyZone::Fixed),
        european_zone().prop_map(AnyZone::European),
    ]
}

fn wall(zone: &impl Zone, instant: DateTime<Utc>) -> NaiveDateTime {
    zone.local(instant).naive_local()
}

fn protocol_in_range() -> impl Strategy<Value = ClinicProtocol> {
    (
        FASTING_HOURS,
        SUBSTANCES_HOURS,
        NO_DRIVING_HOURS,
        any::<bool>(),
        MORNING_HOUR,
        NO_DECISIONS_HOURS,
    )
        .prop_map(
            |(fasting, substances, driving, until_morning, morning, decisions)| ClinicProtocol {
                fasting_hours: fasting,
                substances_hours: substances,
                no_driving_hours: driving,
                no_driving_until_morning: until_morning,
                morning_hour: morning,
                no_decisions_hours: decisions,
                ..ClinicProtocol::default()
            },
        )
}

/// A character a patient might type: mostly plain letters and spaces, some multi-byte letters,
/// emoji, combining marks, zero-width joiners and odd whitespace, and now and then anything.
fn patient_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => prop::char::range('a', 'z'),
        2 => Just(' '),
        2 => select(vec![
            'é', 'ß', '中', '文', 'ش', '😀', '👩', '\u{301}', '\u{308}', '\u{200d}', '\n', '\t',
            '\u{3000}', '\u{a0}',
        ]),
        1 => any::<char>(),
    ]
}

/// Text of at most `max` characters: usually short, sometimes exactly `max` characters of a
/// multi-byte letter, so limits are checked in characters, not bytes.
fn text(max: usize) -> BoxedStrategy<String> {
    prop_oneof![
        8 => vec(patient_char(), 0..=max.min(120)).prop_map(String::from_iter),
        1 => select(vec!['a', 'é', '中', '😀']).prop_map(move |c| c.to_string().repeat(max)),
    ]
    .boxed()
}

fn safe_id() -> impl Strategy<Value = String> {
    vec(
        select(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
                .chars()
                .collect::<Vec<_>>(),
        ),
        1..=MAX_ID_CHARS,
    )
    .prop_map(String::from_iter)
}

fn emotion_word() -> BoxedStrategy<String> {
    prop_oneof![
        select(EMOTIONS.to_vec()).prop_map(str::to_string),
        text(MAX_EMOTION_CHARS)
            .prop_filter("a word needs something visible", |w| !w.trim().is_empty()),
    ]
    .boxed()
}

fn valid_mood() -> impl Strategy<Value = Mood> {
    (
        0..=10u8,
        vec(emotion_word(), 0..=MAX_EMOTIONS),
        text(MAX_NOTE_CHARS),
    )
        .prop_map(|(rating, mut emotions, note)| {
            // Each word once: a repeated word is a problem by design.
            let mut seen = std::collections::HashSet::new();
            emotions.retain(|w| seen.insert(w.clone()));
            Mood {
                rating,
                emotions,
                note,
            }
        })
}

/// Bed and wake stamped by the same zone, so nights across a clock change are included.
fn valid_sleep() -> impl Strategy<Value = Sleep> {
    (
        instant(),
        any_zone(),
        prop_oneof![Just(1i64), Just(DAY), 1..=DAY],
        proptest::option::of(1..=5u8),
        proptest::option::of(0..=MAX_AWAKENINGS),
        text(MAX_NOTE_CHARS),
    )
        .prop_map(|(bed, zone, slept, quality, awakenings, note)| Sleep {
            quality,
            awakenings,
            note,
            ..Sleep::quick(
                Stamp::at(bed, &zone),
                Stamp::at(bed + Duration::seconds(slept), &zone),
            )
        })
}

fn habits() -> impl Strategy<Value = Habits> {
    any::<[bool; 4]>().prop_map(|[food, movement, rest, connection]| Habits {
        food,
        movement,
        rest,
        connection,
    })
}

fn insight(max_text: usize) -> impl Strategy<Value = Insight> {
    (
        text(max_text),
        vec(
            (select(Prompt::ALL.to_vec()), text(MAX_NOTE_CHARS))
                .prop_map(|(prompt, text)| PromptAnswer { prompt, text }),
            0..=Prompt::ALL.len(),
        ),
        habits(),
    )
        .prop_map(|(text, answers, habits)| Insight {
            text,
            answers,
            habits,
        })
}

fn valid_insight() -> impl Strategy<Value = Insight> {
    insight(MAX_TEXT_CHARS).prop_map(|mut i| {
        // An insight needs something in it; when the draw left it empty, tick a habit.
        if i.text.trim().is_empty()
            && i.answers.iter().all(|a| a.text.trim().is_empty())
            && i.habits == Habits::default()
        {
            i.habits.rest = true;
        }
        i
    })
}

fn entry_with(body: impl Strategy<Value = EntryBody>) -> impl Strategy<Value = Entry> {
    (
        safe_id(),
        instant(),
        prop_oneof![Just(0i64), 0..=30 * DAY],
        any_zone(),
        any::<(bool, bool)>(),
        body,
    )
        .prop_map(
            |(id, written, edit_after, zone, (private, discuss), body)| Entry {
                id: EntryId(id),
                written: Stamp::at(written, &zone),
                edited: Stamp::at(written + Duration::seconds(edit_after), &zone),
                private,
                discuss,
                body,
            },
        )
}

fn valid_entry() -> impl Strategy<Value = Entry> {
    entry_with(prop_oneof![
        valid_mood().prop_map(EntryBody::Mood),
        valid_sleep().prop_map(EntryBody::Sleep),
        valid_insight().prop_map(EntryBody::Insight),
    ])
}

/// A session planned, started and ended: `lead` seconds from start to end, stamped with `offset`.
fn ended_session(id: String, end: DateTime<Utc>, lead: i64, offset: FixedOffset) -> Session {
    let start = Stamp((end - Duration::seconds(lead)).with_timezone(&offset));
    let mut session = Session::planned(SessionId(id), start);
    session.started = Some(start);
    session.ended = Some(Stamp(end.with_timezone(&offset)));
    session
}

/// A course with 1–6 ended sessions and up to two that have not ended (which no window may
/// use), with the ends in increasing order. Gaps between ends are often under 72 h, sometimes
/// exactly 72 h, and, when `ties` is set, sometimes zero. Planned order can differ from end
/// order, as it does when a patient edits a planned time.
fn course(ties: bool) -> impl Strategy<Value = (Course, Vec<DateTime<Utc>>)> {
    let gap = prop_oneof![
        3 => 1..=WINDOW_HOURS * HOUR,
        1 => Just(WINDOW_HOURS * HOUR),
        1 => Just(WINDOW_HOURS * HOUR - 1),
        2 => (WINDOW_HOURS * HOUR + 1)..=30 * DAY,
        1 => Just(0i64),
    ]
    // Without ties a zero gap becomes an hour, so the rest of the draw stays the same.
    .prop_map(move |g| if g == 0 && !ties { HOUR } else { g });
    let unended = (instant(), any::<bool>());
    (
        instant(),
        vec((gap, 0..=6 * HOUR, fixed_offset()), 1..=6),
        vec(unended, 0..=2),
    )
        .prop_map(|(first, ended, open)| {
            let mut course = Course::default();
            let mut ends = Vec::new();
            let mut end = first;
            for (i, (gap, lead, offset)) in ended.into_iter().enumerate() {
                if i > 0 {
                    end += Duration::seconds(gap);
                }
                ends.push(end);
                course.upsert(ended_session(format!("s{i}"), end, lead, offset));
            }
            for (i, (planned, started)) in open.into_iter().enumerate() {
                let mut s = Session::planned(SessionId(format!("p{i}")), Stamp(planned.into()));
                if started {
                    s.started = Some(s.planned);
                }
                course.upsert(s);
            }
            (course, ends)
        })
}

/// An offset from some session end to probe at: the window's edges exactly and a second either
/// side, or anywhere from two hours before to well after the window.
fn probe_offset() -> impl Strategy<Value = i64> {
    prop_oneof![
        select(vec![
            -1,
            0,
            1,
            WINDOW_HOURS * HOUR - 1,
            WINDOW_HOURS * HOUR,
            WINDOW_HOURS * HOUR + 1
        ]),
        -2 * HOUR..=100 * HOUR,
    ]
}

fn probe(ends: &[DateTime<Utc>], which: &Index, offset: i64) -> DateTime<Utc> {
    ends[which.index(ends.len())] + Duration::seconds(offset)
}

fn mood_entry(id: String, written: Stamp) -> Entry {
    Entry {
        id: EntryId(id),
        written,
        edited: written,
        private: false,
        discuss: false,
        body: EntryBody::Mood(Mood::default()),
    }
}

/// The latest session end at or before `t`, found by brute force.
fn latest_end_by(ends: &[DateTime<Utc>], t: DateTime<Utc>) -> Option<DateTime<Utc>> {
    ends.iter().copied().filter(|e| *e <= t).max()
}

/// A window from its opening and length: the full 72 hours, or cut short anywhere, including
/// exactly where a check-in's span begins.
fn window() -> impl Strategy<Value = IntegrationWindow> {
    let span_starts: Vec<i64> = CheckIn::ALL
        .iter()
        .flat_map(|c| {
            let from = c.span().0 * HOUR;
            [from, from + 1]
        })
        .filter(|len| *len > 0)
        .collect();
    (
        instant(),
        prop_oneof![
            3 => Just(WINDOW_HOURS * HOUR),
            2 => 1..=WINDOW_HOURS * HOUR,
            1 => select(span_starts),
        ],
    )
        .prop_map(|(opens, len)| IntegrationWindow {
            opens,
            closes: opens + Duration::seconds(len),
        })
}

/// An offset from a window's opening: every check-in span edge and a second either side, or
/// anywhere from before the window to after it.
fn window_offset() -> impl Strategy<Value = i64> {
    let edges: Vec<i64> = [0, 15, 36, 60, WINDOW_HOURS]
        .iter()
        .flat_map(|h| [h * HOUR - 1, h * HOUR, h * HOUR + 1])
        .collect();
    prop_oneof![select(edges), -2 * HOUR..=80 * HOUR]
}

fn state_rank(state: CheckInState) -> u8 {
    match state {
        CheckInState::Upcoming => 0,
        CheckInState::Open => 1,
        CheckInState::Missed => 2,
        CheckInState::Done => 3,
        CheckInState::Superseded => 4,
    }
}

fn default_keys() -> Vec<&'static str> {
    DEFAULT_ITEMS.iter().map(|d| d.key).collect()
}

/// A session with a random checklist: some defaults ticked or hidden, and own items with
/// unique `own-` keys, some ticked.
fn prepared_session() -> impl Strategy<Value = Session> {
    let keys = default_keys();
    (
        instant(),
        fixed_offset(),
        select(vec![Setting::Clinic, Setting::Home]),
        prop::option::of(select(Route::ALL.to_vec())),
        subsequence(keys.clone(), 0..=keys.len()),
        subsequence(keys.clone(), 0..=keys.len()),
        vec((select(Due::ALL.to_vec()), text(40), any::<bool>()), 0..=6),
    )
        .prop_map(|(planned, offset, setting, route, ticked, hidden, own)| {
            let mut s =
                Session::planned(SessionId("s".into()), Stamp(planned.with_timezone(&offset)));
            s.setting = setting;
            s.route = route;
            let mut state = ChecklistState {
                ticked: ticked.into_iter().map(str::to_string).collect(),
                hidden: hidden.into_iter().map(str::to_string).collect(),
                own: Vec::new(),
            };
            for (i, (due, text, tick)) in own.into_iter().enumerate() {
                let key = format!("own-{i}");
                state.own.push(OwnItem {
                    key: key.clone(),
                    due,
                    text,
                });
                state.set_ticked(&key, tick);
            }
            s.checklist = state;
            s
        })
}

#[derive(Clone, Debug)]
enum CourseEdit {
    Upsert {
        id: usize,
        planned: DateTime<Utc>,
        offset: FixedOffset,
    },
    Remove {
        id: usize,
    },
}

fn course_edit() -> impl Strategy<Value = CourseEdit> {
    // Few ids and few planned times, so replacements and equal planned times are common.
    let base = secs_of(2026);
    prop_oneof![
        3 => (0..5usize, 0..6i64, fixed_offset()).prop_map(move |(id, slot, offset)| {
            CourseEdit::Upsert {
                id,
                planned: at_secs(base + slot * 2 * DAY),
                offset,
            }
        }),
        1 => (0..6usize).prop_map(|id| CourseEdit::Remove { id }),
    ]
}

// ---------------------------------------------------------------------------------------------
// 1. Time and zones
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_stamp_reads_back_as_the_same_instant_with_the_same_offset(
        t in instant(),
        offset in fixed_offset(),
    ) {
        let stamp = Stamp(t.with_timezone(&offset));
        let text = stamp.iso();
        let back = Stamp::parse(&text);
        prop_assert_eq!(back, Some(stamp));
        // `Stamp`'s equality compares instants only, so the offset the patient wrote with is
        // checked on its own: it is what keeps "14:30 in my day" reading 14:30.
        let back = back.expect("checked above");
        prop_assert_eq!(back.0.offset(), stamp.0.offset());
        prop_assert_eq!(back.iso(), text);
        let json = json::to_string(&stamp);
        let from_json: Stamp = json::from_str(&json).expect("a stamp reads back");
        prop_assert_eq!(from_json.iso(), stamp.iso());
    }

    #[test]
    fn the_european_zone_is_an_hour_ahead_from_the_march_change_until_the_october_one(
        t in instant(),
        zone in european_zone(),
    ) {
        // Every clock-change property below leans on this zone being right.
        let summer = clock_change(t.year(), 3) <= t && t < clock_change(t.year(), 10);
        let extra = if summer { 3600 } else { 0 };
        prop_assert_eq!(
            zone.offset_at(t).local_minus_utc(),
            zone.standard.local_minus_utc() + extra
        );
    }

    #[test]
    fn a_stamp_taken_in_a_zone_keeps_the_instant(t in instant(), zone in any_zone()) {
        let stamp = Stamp::at(t, &zone);
        prop_assert_eq!(stamp.utc(), t);
        prop_assert_eq!(*stamp.0.offset(), zone.offset_at(t));
    }

    #[test]
    fn a_wall_clock_reading_maps_back_to_its_instant_or_the_first_time_it_was_shown(
        t in instant(),
        zone in any_zone(),
    ) {
        let reading = wall(&zone, t);
        let back = zone.instant_of(reading);
        prop_assert_eq!(wall(&zone, back), reading);
        prop_assert!(back <= t);
        if back != t {
            // Only the repeated autumn hour shows one reading twice, an hour apart.
            prop_assert_eq!(back, t - Duration::hours(1));
        }
    }

    #[test]
    fn any_wall_time_names_an_instant_showing_it_or_just_past_a_spring_gap(
        t in instant(),
        zone in any_zone(),
    ) {
        // Any reading at all, including ones inside the hour skipped in spring.
        let reading = t.naive_utc();
        let at = zone.instant_of(reading);
        let shown = wall(&zone, at);
        if shown != reading {
            prop_assert_eq!(shown, reading + Duration::hours(1));
            // And the reading really is skipped: neither nearby offset gives an instant that
            // shows it.
            let nearby = [at - Duration::hours(3), at + Duration::hours(3)];
            for offset in nearby.map(|n| zone.offset_at(n)) {
                let shift = Duration::seconds(i64::from(offset.local_minus_utc()));
                let candidate = reading.and_utc() - shift;
                prop_assert_ne!(wall(&zone, candidate), reading);
            }
        }
    }

    #[test]
    fn the_start_of_a_day_is_its_local_midnight_at_most_25_hours_back(
        t in instant(),
        zone in any_zone(),
    ) {
        let start = zone.start_of_day(t);
        prop_assert!(start <= t);
        prop_assert!(t < start + Duration::hours(25));
        let local = zone.local(start);
        // European clocks change at 01:00 UTC, never at local midnight, so midnight is always
        // shown (for the standard offsets of 0 and +1 h that are generated).
        prop_assert_eq!(local.time(), NaiveTime::MIN);
        prop_assert_eq!(local.date_naive(), zone.local(t).date_naive());
    }

    #[test]
    fn a_span_in_words_never_panics_and_says_something(
        span in prop_oneof![
            Just(Duration::MAX),
            Just(Duration::MIN),
            Just(Duration::zero()),
            any::<i64>().prop_filter_map("within TimeDelta", Duration::try_milliseconds),
            (-100 * DAY..=100 * DAY).prop_map(Duration::seconds),
        ],
    ) {
        prop_assert!(!span_words(span).is_empty());
    }

    #[test]
    fn a_span_in_words_rounds_down_to_its_largest_units(secs in 0..=400 * DAY) {
        // Read the words back and check they never overstate the span and, when they drop
        // minutes (a day or more), never understate it by an hour or more.
        let words = span_words(Duration::seconds(secs));
        let tokens: Vec<&str> = words.split(' ').collect();
        let mut said = 0;
        for pair in tokens.windows(2) {
            if let Ok(n) = pair[0].parse::<i64>() {
                said += n * match pair[1] {
                    "day" | "days" => DAY,
                    "h" => HOUR,
                    "min" => 60,
                    other => return Err(TestCaseError::fail(format!("unit {other} in {words}"))),
                };
            }
        }
        prop_assert!(said <= secs, "{} says more than {}s", words, secs);
        let precision = if secs >= DAY { HOUR } else { 60 };
        prop_assert!(secs - said < precision, "{} for {}s", words, secs);
    }

    #[test]
    fn a_date_input_value_reads_back_as_the_same_date(
        day in 1..=NaiveDate::MAX.num_days_from_ce(),
    ) {
        // Years 1 and up: an `<input type="date">` never holds year 0 or earlier.
        let date = NaiveDate::from_num_days_from_ce_opt(day).expect("within chrono's range");
        prop_assert_eq!(parse_input_date(&input_date(date)), Some(date));
    }

    #[test]
    fn a_time_input_value_reads_back_to_the_minute(h in 0..24u32, m in 0..60u32, s in 0..60u32) {
        let t = NaiveTime::from_hms_opt(h, m, s).expect("valid time");
        let minute = NaiveTime::from_hms_opt(h, m, 0).expect("valid time");
        prop_assert_eq!(parse_input_time(&input_time(t)), Some(minute));
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Aftercare
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    #[test]
    fn generated_protocols_are_ones_settings_accepts(protocol in protocol_in_range()) {
        // Guards the generator: the properties below claim to cover the documented ranges.
        prop_assert!(protocol.problems().is_empty(), "{:?}", protocol.problems());
    }

    #[test]
    fn driving_waits_at_least_the_clinics_hours(
        end in instant(),
        protocol in protocol_in_range(),
        zone in any_zone(),
    ) {
        let until = driving_allowed_from(end, &protocol, &zone);
        let after_hours = end + Duration::hours(i64::from(protocol.no_driving_hours));
        prop_assert!(until >= after_hours);
        if !protocol.no_driving_until_morning {
            prop_assert_eq!(until, after_hours);
        }
    }

    #[test]
    fn with_the_morning_rule_driving_waits_for_the_next_local_morning_and_no_longer(
        end in instant(),
        protocol in protocol_in_range(),
        zone in any_zone(),
    ) {
        let protocol = ClinicProtocol { no_driving_until_morning: true, ..protocol };
        let until = driving_allowed_from(end, &protocol, &zone);
        let after_hours = end + Duration::hours(i64::from(protocol.no_driving_hours));
        // Checked on the wall clock, not through `instant_of`, so a wrong instant_of cannot
        // hide here. Morning hours (04–12) are never inside a European clock change, so wall
        // times and instants order the same way around them.
        let next_morning = (zone.local(end).date_naive() + Duration::days(1))
            .and_hms_opt(u32::from(protocol.morning_hour), 0, 0)
            .expect("morning hour is a valid hour");
        prop_assert!(wall(&zone, until) >= next_morning);
        if until != after_hours {
            // Then it is the morning itself, shown as the morning hour even across a change.
            prop_assert_eq!(wall(&zone, until), next_morning);
            prop_assert!(wall(&zone, after_hours) < next_morning);
        }
    }

    #[test]
    fn any_protocol_at_all_gives_a_driving_time_without_panicking(
        end in instant(),
        zone in any_zone(),
        (driving, decisions, morning, until_morning) in any::<(u8, u8, u8, bool)>(),
    ) {
        // Settings validates, but an imported or old backup may not have been.
        let protocol = ClinicProtocol {
            no_driving_hours: driving,
            no_decisions_hours: decisions,
            morning_hour: morning,
            no_driving_until_morning: until_morning,
            ..ClinicProtocol::default()
        };
        prop_assert!(driving_allowed_from(end, &protocol, &zone) >= end);
        prop_assert_eq!(restrictions(end, &protocol, &zone, end).len(), 2);
    }

    #[test]
    fn restrictions_are_in_force_before_their_end_and_lifted_from_it(
        end in instant(),
        protocol in protocol_in_range(),
        zone in any_zone(),
        near in 0..3usize,
        delta in prop_oneof![Just(0i64), Just(-1i64), -3 * HOUR..=3 * HOUR],
    ) {
        let driving = driving_allowed_from(end, &protocol, &zone);
        let decisions = decisions_allowed_from(end, &protocol);
        prop_assert_eq!(decisions, end + Duration::hours(i64::from(protocol.no_decisions_hours)));
        let now = [driving, decisions, end][near] + Duration::seconds(delta);
        let statuses = restrictions(end, &protocol, &zone, now);
        let rules: Vec<_> = statuses.iter().map(|r| r.rule).collect();
        prop_assert_eq!(rules, AftercareRule::RESTRICTIONS.to_vec());
        for status in &statuses {
            let until = match status.rule {
                AftercareRule::NoDriving => driving,
                _ => decisions,
            };
            prop_assert_eq!(status.until, until);
            prop_assert_eq!(status.in_force, now < until);
        }
        prop_assert_eq!(
            any_in_force(end, &protocol, &zone, now),
            now < driving || now < decisions
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 3. The 72-hour window
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_instant_falls_in_at_most_one_window_that_of_the_latest_ended_session(
        (course, ends) in course(false),
        which in any::<Index>(),
        offset in probe_offset(),
    ) {
        let t = probe(&ends, &which, offset);
        let latest = latest_end_by(&ends, t);
        let containing = course
            .sessions
            .iter()
            .filter_map(|s| window_of(&course, s))
            .filter(|w| w.contains(t))
            .count();
        prop_assert!(containing <= 1, "{} windows contain {}", containing, t);
        match window_at(&course, t) {
            Some((session, w)) => {
                prop_assert_eq!(containing, 1);
                prop_assert_eq!(session.ended_utc(), latest);
                prop_assert_eq!(Some(w.opens), latest);
                let elapsed = (t - w.opens).num_seconds();
                prop_assert!((0..WINDOW_HOURS * HOUR).contains(&elapsed));
                let hour = w.hour(t).expect("inside the window");
                prop_assert!((1..=72).contains(&hour));
                prop_assert_eq!(i64::from(hour), elapsed / HOUR + 1);
            }
            None => {
                prop_assert_eq!(containing, 0);
                if let Some(latest) = latest {
                    prop_assert!(t - latest >= Duration::hours(WINDOW_HOURS));
                }
            }
        }
    }

    #[test]
    fn a_window_closes_at_72_hours_or_at_the_next_sessions_end_whichever_is_first(
        (course, ends) in course(false),
    ) {
        for session in &course.sessions {
            let Some(end) = session.ended_utc() else {
                prop_assert!(window_of(&course, session).is_none());
                continue;
            };
            let w = window_of(&course, session).expect("an ended session has a window");
            let full = end + Duration::hours(WINDOW_HOURS);
            let next_end = ends.iter().copied().filter(|e| *e > end).min();
            prop_assert_eq!(w.opens, end);
            prop_assert_eq!(w.closes, next_end.map_or(full, |n| n.min(full)));
            prop_assert!(w.closes > w.opens);
            prop_assert_eq!(w.cut_short(), w.closes < full);
        }
    }

    #[test]
    fn the_timeline_places_every_entry_once_in_its_windows_group_newest_window_first(
        (course, ends) in course(false),
        writes in vec((any::<Index>(), probe_offset(), fixed_offset()), 0..12),
        early in vec(1..=30 * DAY, 0..3),
    ) {
        let first_end = ends[0];
        let mut entries: Vec<Entry> = writes
            .iter()
            .enumerate()
            .map(|(i, (which, offset, zone))| {
                let at = probe(&ends, which, *offset);
                mood_entry(format!("e{i}"), Stamp(at.with_timezone(zone)))
            })
            .collect();
        entries.extend(early.iter().enumerate().map(|(i, before)| {
            let at = first_end - Duration::seconds(*before);
            mood_entry(format!("before{i}"), Stamp(at.into()))
        }));

        let groups = timeline(&course, &entries);

        // Every entry exactly once.
        let mut placed: Vec<&str> = groups
            .iter()
            .flat_map(|g| g.segments.iter().flat_map(|(_, es)| es.iter().map(|e| e.id.0.as_str())))
            .collect();
        placed.sort_unstable();
        let mut expected: Vec<&str> = entries.iter().map(|e| e.id.0.as_str()).collect();
        expected.sort_unstable();
        prop_assert_eq!(placed, expected);

        // Groups: one per session, newest window first, the before-any-session group last.
        let opens: Vec<Option<DateTime<Utc>>> =
            groups.iter().map(|g| g.window.map(|w| w.opens)).collect();
        for pair in opens.windows(2) {
            match (pair[0], pair[1]) {
                (Some(a), Some(b)) => prop_assert!(a > b, "groups out of order: {:?}", opens),
                (None, _) => prop_assert!(false, "the no-session group is not last: {:?}", opens),
                (Some(_), None) => {}
            }
        }

        for group in &groups {
            prop_assert_eq!(group.session.is_some(), group.window.is_some());
            prop_assert!(group.segments.iter().all(|(_, es)| !es.is_empty()));
            let segments: Vec<Segment> = group.segments.iter().map(|(s, _)| *s).collect();
            prop_assert!(segments.windows(2).all(|p| p[0] < p[1]), "{:?}", segments);
            for (segment, list) in &group.segments {
                prop_assert!(
                    list.windows(2).all(|p| p[0].written >= p[1].written),
                    "not newest first"
                );
                for entry in list {
                    let t = entry.written.utc();
                    match (group.session, group.window) {
                        (Some(session), Some(w)) => {
                            prop_assert_eq!(session.ended_utc(), latest_end_by(&ends, t));
                            prop_assert_eq!(Some(w), window_of(&course, session));
                            let expected = if w.contains(t) {
                                match (t - w.opens).num_seconds() / HOUR {
                                    h if h < 24 => Segment::FirstDay,
                                    h if h < 48 => Segment::SecondDay,
                                    _ => Segment::ThirdDay,
                                }
                            } else {
                                Segment::After
                            };
                            prop_assert_eq!(*segment, expected);
                            // The timeline and the Today screen agree on whose window it is.
                            if let Some((owner, _)) = window_at(&course, t) {
                                prop_assert_eq!(&owner.id, &session.id);
                            }
                        }
                        _ => {
                            // Written before every session end.
                            prop_assert!(t < first_end);
                            prop_assert_eq!(*segment, Segment::After);
                        }
                    }
                }
            }
        }
    }

    // Two sessions recorded with the same end instant are unusual but possible (a copy-pasted
    // time). Which of the two owns the window is not documented; what matters is that the
    // window, the Today screen and the timeline pick the same one, and that it is one whose end
    // is the latest before the instant.
    #[test]
    fn sessions_ending_at_the_same_instant_resolve_to_one_owner_everywhere(
        (course, ends) in course(true),
        writes in vec((any::<Index>(), probe_offset()), 1..8),
    ) {
        let entries: Vec<Entry> = writes
            .iter()
            .enumerate()
            .map(|(i, (which, offset))| {
                mood_entry(format!("e{i}"), Stamp(probe(&ends, which, *offset).into()))
            })
            .collect();
        let groups = timeline(&course, &entries);
        for group in &groups {
            for (_, list) in &group.segments {
                for entry in list {
                    let t = entry.written.utc();
                    let owner = course.session_before(t);
                    prop_assert_eq!(
                        owner.map(|s| &s.id),
                        group.session.map(|s| &s.id)
                    );
                    prop_assert_eq!(owner.and_then(Session::ended_utc), latest_end_by(&ends, t));
                    if let Some((session, _)) = window_at(&course, t) {
                        prop_assert_eq!(Some(&session.id), owner.map(|s| &s.id));
                    }
                }
            }
        }
    }

    #[test]
    fn an_entry_inside_a_window_marks_exactly_one_check_in_done(
        w in window(),
        written_at in window_offset(),
        now_at in window_offset(),
        zone in any_zone(),
    ) {
        let t = w.opens + Duration::seconds(written_at);
        let now = w.opens + Duration::seconds(now_at);
        let statuses = check_ins(&w, &[t], now, &zone);
        let done: Vec<CheckIn> = statuses
            .iter()
            .filter(|s| s.state == CheckInState::Done)
            .map(|s| s.check_in)
            .collect();
        if w.contains(t) {
            prop_assert_eq!(done.len(), 1, "{:?}", statuses);
            // It is the check-in whose span holds the entry's elapsed time.
            let (from, to) = done[0].span();
            prop_assert!(from * HOUR <= written_at && written_at < to * HOUR);
        } else {
            prop_assert!(done.is_empty(), "{:?}", statuses);
        }
    }

    #[test]
    fn with_nothing_written_exactly_one_check_in_is_open_while_the_window_is(
        w in window(),
        now_at in window_offset(),
        zone in any_zone(),
    ) {
        let now = w.opens + Duration::seconds(now_at);
        let statuses = check_ins(&w, &[], now, &zone);
        let open = statuses.iter().filter(|s| s.state == CheckInState::Open).count();
        prop_assert_eq!(open, usize::from(w.contains(now)), "{:?}", statuses);
        for status in &statuses {
            let from = w.opens + Duration::hours(status.check_in.span().0);
            prop_assert_eq!(status.state == CheckInState::Superseded, from >= w.closes);
        }
    }

    #[test]
    fn check_ins_only_move_forward_from_upcoming_to_open_to_missed(
        w in window(),
        written in vec(window_offset(), 0..3),
        a in window_offset(),
        b in window_offset(),
        zone in any_zone(),
    ) {
        let written: Vec<_> = written.iter().map(|s| w.opens + Duration::seconds(*s)).collect();
        let (earlier, later) = (a.min(b), a.max(b));
        let before = check_ins(&w, &written, w.opens + Duration::seconds(earlier), &zone);
        let after = check_ins(&w, &written, w.opens + Duration::seconds(later), &zone);
        for (x, y) in before.iter().zip(&after) {
            prop_assert_eq!(x.check_in, y.check_in);
            prop_assert_eq!(x.invited_at, y.invited_at);
            if matches!(x.state, CheckInState::Done | CheckInState::Superseded) {
                // Neither depends on the time of day.
                prop_assert_eq!(x.state, y.state);
            } else {
                prop_assert!(state_rank(y.state) >= state_rank(x.state), "{:?} then {:?}", x, y);
                prop_assert!(state_rank(y.state) <= state_rank(CheckInState::Missed));
            }
        }
    }

    // `Today::Integrating` offers the next check-in with its `invited_at`, the time the patient
    // is asked to write. Answering on time must count: an entry written at that instant must
    // mark the check-in done.
    #[test]
    fn an_entry_written_when_a_check_in_is_invited_counts_for_it(
        opens in instant(),
        zone in any_zone(),
    ) {
        let w = IntegrationWindow { opens, closes: opens + Duration::hours(WINDOW_HOURS) };
        for check_in in CheckIn::ALL {
            let status = check_ins(&w, &[], opens, &zone)
                .into_iter()
                .find(|s| s.check_in == check_in)
                .expect("every check-in has a status");
            let answered = check_ins(&w, &[status.invited_at], status.invited_at, &zone);
            let state = answered.iter().find(|s| s.check_in == check_in).map(|s| s.state);
            prop_assert_eq!(
                state,
                Some(CheckInState::Done),
                "{:?} invited at +{}h",
                check_in,
                check_in.hours()
            );
        }
    }

    // Issue 15: a foggy patient is never invited to write in the night, and every invitation
    // stays inside its own span of a full window, so the last one comes within the 72 hours.
    #[test]
    fn check_ins_are_invited_in_the_daytime_and_inside_their_span(
        opens in instant(),
        zone in any_zone(),
    ) {
        let w = IntegrationWindow { opens, closes: opens + Duration::hours(WINDOW_HOURS) };
        for status in check_ins(&w, &[], opens, &zone) {
            let hour = zone.local(status.invited_at).hour();
            prop_assert!((7..22).contains(&hour), "{:?} at {}", status.check_in, zone.local(status.invited_at));
            let (from, to) = status.check_in.span();
            prop_assert!(status.invited_at >= opens + Duration::hours(from));
            prop_assert!(status.invited_at < opens + Duration::hours(to));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 4. The preparation checklist
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    #[test]
    fn fasting_starts_exactly_the_clinics_hours_before_and_the_clock_shows_any_change(
        session in prepared_session(),
        protocol in protocol_in_range(),
        zone in any_zone(),
    ) {
        let planned = session.planned.utc();
        for (from, hours) in [
            (fasting_from(&session, &protocol), protocol.fasting_hours),
            (substances_from(&session, &protocol), protocol.substances_hours),
        ] {
            prop_assert_eq!(from, planned - Duration::hours(i64::from(hours)));
            // The wall clock shows the same gap unless the clocks changed in between (at most
            // once in 168 h): then it is an hour more in spring, an hour less in autumn.
            let shown = wall(&zone, planned) - wall(&zone, from);
            let change = i64::from(
                zone.offset_at(planned).local_minus_utc() - zone.offset_at(from).local_minus_utc(),
            );
            prop_assert!(change == 0 || change.abs() == HOUR, "offset changed by {}s", change);
            if matches!(zone, AnyZone::Fixed(_)) {
                prop_assert_eq!(change, 0);
            }
            prop_assert_eq!(shown, Duration::hours(i64::from(hours)) + Duration::seconds(change));
        }
        let fasting_item = items(&session, &protocol).into_iter().find(|i| i.key == "fasting");
        if let Some(item) = fasting_item {
            prop_assert_eq!(item.time, Some(ItemTime::From(fasting_from(&session, &protocol))));
        }
    }

    #[test]
    fn the_days_before_and_of_a_session_open_at_local_midnight(
        planned in instant(),
        zone in any_zone(),
    ) {
        let day_of = Due::DayOf.opens(planned, &zone).expect("the day of has an opening");
        let day_before = Due::DayBefore.opens(planned, &zone).expect("so has the day before");
        let date = zone.local(planned).date_naive();
        prop_assert_eq!(Due::WeeksBefore.opens(planned, &zone), None);
        prop_assert_eq!(Due::OnArrival.opens(planned, &zone), Some(planned));
        prop_assert!(day_before < day_of && day_of <= planned);
        prop_assert_eq!(wall(&zone, day_of), date.and_time(NaiveTime::MIN));
        prop_assert_eq!(
            wall(&zone, day_before),
            date.pred_opt().expect("not the first date").and_time(NaiveTime::MIN)
        );
    }

    #[test]
    fn checklist_items_come_in_due_order_and_ticks_never_exceed_items(
        session in prepared_session(),
        protocol in protocol_in_range(),
    ) {
        let list = items(&session, &protocol);
        prop_assert!(list.windows(2).all(|p| p[0].due <= p[1].due));
        let (done, total) = progress(&list);
        prop_assert!(done <= total);
        prop_assert_eq!(total, list.len());
        let keys: BTreeSet<&str> = list.iter().map(|i| i.key.as_str()).collect();
        prop_assert_eq!(keys.len(), list.len(), "duplicate keys");
        prop_assert!(list.iter().all(|i| !session.checklist.hidden.contains(&i.key) || i.own));
        prop_assert_eq!(
            list.iter().any(|i| i.key == "fasting"),
            protocol.fasting_hours > 0 && !session.checklist.hidden.contains("fasting")
        );
    }

    #[test]
    fn ticking_an_item_and_setting_it_back_restores_the_checklist(
        mut session in prepared_session(),
        protocol in protocol_in_range(),
        which in any::<Index>(),
    ) {
        let list = items(&session, &protocol);
        if list.is_empty() {
            return Ok(());
        }
        let item = &list[which.index(list.len())];
        let (done, total) = progress(&list);
        session.checklist.set_ticked(&item.key, !item.ticked);
        let flipped = items(&session, &protocol);
        let expected_done = if item.ticked { done - 1 } else { done + 1 };
        prop_assert_eq!(progress(&flipped), (expected_done, total));
        session.checklist.set_ticked(&item.key, item.ticked);
        prop_assert_eq!(items(&session, &protocol), list);
    }
}

// ---------------------------------------------------------------------------------------------
// 5. Journal entries
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_valid_entry_has_no_problems_and_survives_json_unchanged(entry in valid_entry()) {
        prop_assert!(entry.problems().is_empty(), "{:?}", entry.problems());
        let json = json::to_string(&entry);
        let back: Entry = json::from_str(&json).expect("an entry reads back");
        prop_assert_eq!(&back, &entry);
        // Equality of stamps ignores their offsets; the JSON does not.
        prop_assert_eq!(json::to_string(&back), json);
    }

    #[test]
    fn a_mood_rated_above_ten_is_always_named(
        entry in entry_with(valid_mood().prop_map(EntryBody::Mood)),
        rating in 11..=u8::MAX,
    ) {
        let mut entry = entry;
        if let EntryBody::Mood(m) = &mut entry.body {
            m.rating = rating;
        }
        prop_assert!(entry.problems().iter().any(|p| p.starts_with("Mood is rated")));
    }

    #[test]
    fn sleep_quality_outside_one_to_five_is_always_named(
        entry in entry_with(valid_sleep().prop_map(EntryBody::Sleep)),
        quality in prop_oneof![Just(0u8), 6..=u8::MAX],
    ) {
        let mut entry = entry;
        if let EntryBody::Sleep(s) = &mut entry.body {
            s.quality = Some(quality);
        }
        prop_assert!(entry.problems().iter().any(|p| p.starts_with("Sleep quality")));
    }

    #[test]
    fn waking_at_or_before_bedtime_is_always_named(
        entry in entry_with(valid_sleep().prop_map(EntryBody::Sleep)),
        back in prop_oneof![Just(0i64), 0..=30 * DAY],
        offset in fixed_offset(),
    ) {
        let mut entry = entry;
        if let EntryBody::Sleep(s) = &mut entry.body {
            // Written in any offset: the order is of instants, not of clock readings.
            s.wake = Stamp((s.bedtime.utc() - Duration::seconds(back)).with_timezone(&offset));
        }
        prop_assert!(entry.problems().iter().any(|p| p.starts_with("Waking up needs")));
    }

    #[test]
    fn summaries_never_panic_and_insights_keep_to_eighty_characters(
        entry in entry_with(prop_oneof![
            any::<u8>().prop_map(|rating| EntryBody::Mood(Mood { rating, ..Mood::default() })),
            (valid_sleep(), any::<u8>(), -40 * DAY..=40 * DAY).prop_map(|(mut s, q, slept)| {
                // Including nonsense: backwards, days long, any quality.
                s.quality = Some(q);
                s.wake = Stamp((s.bedtime.utc() + Duration::seconds(slept)).into());
                EntryBody::Sleep(s)
            }),
            insight(300).prop_map(EntryBody::Insight),
        ]),
    ) {
        let summary = entry.summary();
        prop_assert!(!summary.is_empty());
        let chars = summary.chars().count();
        match &entry.body {
            EntryBody::Insight(_) => {
                // "Insight · " and at most 80 characters and an ellipsis.
                let most = "Insight · ".chars().count() + 81;
                prop_assert!(chars <= most, "{} chars: {:?}", chars, summary);
            }
            _ => prop_assert!(chars <= 100, "{} chars: {:?}", chars, summary),
        }
    }

    // Regression: Entry::summary is "a one-line summary for lists", yet moods once listed every
    // emotion word (up to ~850 characters) while insights were cut at 80.
    #[test]
    fn a_valid_moods_summary_fits_a_short_line(
        entry in entry_with(valid_mood().prop_map(EntryBody::Mood)),
    ) {
        prop_assert!(entry.problems().is_empty());
        let summary = entry.summary();
        prop_assert!(summary.chars().count() <= 100, "{:?}", summary);
    }
}

// ---------------------------------------------------------------------------------------------
// 6. The course
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_course_stays_in_planned_order_with_unique_ids_through_any_edits(
        edits in vec(course_edit(), 0..30),
    ) {
        // A map of id to the last planned stamp is the model the course must agree with.
        let mut course = Course::default();
        let mut model: BTreeMap<String, Stamp> = BTreeMap::new();
        for edit in edits {
            match edit {
                CourseEdit::Upsert { id, planned, offset } => {
                    let id = format!("s{id}");
                    let stamp = Stamp(planned.with_timezone(&offset));
                    course.upsert(Session::planned(SessionId(id.clone()), stamp));
                    model.insert(id, stamp);
                }
                CourseEdit::Remove { id } => {
                    let id = format!("s{id}");
                    let removed = course.remove(&SessionId(id.clone()));
                    prop_assert_eq!(
                        removed.map(|s| s.planned.iso()),
                        model.remove(&id).map(|s| s.iso())
                    );
                }
            }
            prop_assert!(
                course.sessions.windows(2).all(|p| p[0].planned.utc() <= p[1].planned.utc()),
                "out of planned order"
            );
            let ids: BTreeSet<&str> = course.sessions.iter().map(|s| s.id.0.as_str()).collect();
            prop_assert_eq!(ids.len(), course.sessions.len(), "duplicate ids");
            prop_assert!(ids.iter().copied().eq(model.keys().map(String::as_str)));
            for (position, session) in course.sessions.iter().enumerate() {
                // The latest version of each session is the one kept, offset and all.
                prop_assert_eq!(session.planned.iso(), model[&session.id.0].iso());
                prop_assert_eq!(course.number_of(&session.id), Some(position + 1));
                prop_assert_eq!(course.get(&session.id).map(|s| &s.id), Some(&session.id));
            }
        }
    }
}
