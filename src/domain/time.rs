//! Time as the patient sees it: instants kept in UTC with the writer's offset, the local zone
//! behind a small trait (the browser supplies it; tests supply fixed and DST zones), and the few
//! clock and date formats the app shows.
//!
//! Formatting and parsing are written by hand on purpose: chrono's `format`/`parse` machinery
//! costs tens of KB of wasm, and Waypoint needs four fixed shapes.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use chrono::{TimeZone, Timelike, Utc};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt::Write as _;

/// A local time zone: which UTC offset is in force at an instant.
///
/// The browser implements it with `Date.getTimezoneOffset()`; tests use [`FixedOffset`] or
/// [`EuropeanZone`], which changes offset for summer time.
pub trait Zone {
    /// The offset from UTC in force at `instant`.
    fn offset_at(&self, instant: DateTime<Utc>) -> FixedOffset;

    /// `instant` on this zone's wall clock.
    fn local(&self, instant: DateTime<Utc>) -> DateTime<FixedOffset> {
        instant.with_timezone(&self.offset_at(instant))
    }

    /// The instant a wall-clock time names. A time skipped by a summer-time change (02:30 on the
    /// spring morning) moves forward past the gap; a time that happens twice (the autumn hour)
    /// means the first one.
    fn instant_of(&self, wall: NaiveDateTime) -> DateTime<Utc> {
        let as_utc = wall.and_utc();
        // Offsets never change twice within a day, so the ones a day either side are the only
        // candidates.
        let before = self.offset_at(as_utc - Duration::days(1));
        let after = self.offset_at(as_utc + Duration::days(1));
        let valid = |offset: FixedOffset| {
            let instant = as_utc - Duration::seconds(i64::from(offset.local_minus_utc()));
            (self.offset_at(instant) == offset).then_some(instant)
        };
        match (valid(before), valid(after)) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => as_utc - Duration::seconds(i64::from(before.local_minus_utc())),
        }
    }

    /// Midnight at the start of the local day `instant` falls in.
    fn start_of_day(&self, instant: DateTime<Utc>) -> DateTime<Utc> {
        let date = self.local(instant).date_naive();
        self.instant_of(date.and_time(NaiveTime::MIN))
    }
}

impl Zone for FixedOffset {
    fn offset_at(&self, _instant: DateTime<Utc>) -> FixedOffset {
        *self
    }
}

/// A zone that follows the European summer-time rule: one hour ahead from 01:00 UTC on the last
/// Sunday of March until 01:00 UTC on the last Sunday of October. With a standard offset of 0 it
/// is London; with +1 h, Paris or Berlin. Used by tests to cross clock changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EuropeanZone {
    /// The winter offset.
    pub standard: FixedOffset,
}

impl EuropeanZone {
    /// London: UTC in winter, UTC+1 in summer.
    pub fn london() -> Self {
        Self {
            standard: FixedOffset::east_opt(0).expect("zero offset is valid"),
        }
    }

    fn last_sunday_1am_utc(year: i32, month: u32) -> DateTime<Utc> {
        let first_of_next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)
        }
        .expect("valid month");
        let last = first_of_next.pred_opt().expect("valid date");
        let back = last.weekday().num_days_from_sunday();
        let sunday = last - Duration::days(i64::from(back));
        Utc.from_utc_datetime(&sunday.and_hms_opt(1, 0, 0).expect("valid time"))
    }
}

impl Zone for EuropeanZone {
    fn offset_at(&self, instant: DateTime<Utc>) -> FixedOffset {
        let year = instant.year();
        let summer = instant >= Self::last_sunday_1am_utc(year, 3)
            && instant < Self::last_sunday_1am_utc(year, 10);
        let extra = if summer { 3600 } else { 0 };
        FixedOffset::east_opt(self.standard.local_minus_utc() + extra).expect("offset in range")
    }
}

/// An instant with the offset of the clock it was written on: "14:30 in the patient's day" stays
/// 14:30 for the therapist reading it in another zone. Stored as RFC 3339 with the offset,
/// `2026-11-22T14:30:00+01:00`, to whole seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Stamp(pub DateTime<FixedOffset>);

impl Stamp {
    /// `instant` with the offset `zone` has then.
    pub fn at(instant: DateTime<Utc>, zone: &impl Zone) -> Self {
        Self(zone.local(instant))
    }

    /// The instant, in UTC.
    pub fn utc(&self) -> DateTime<Utc> {
        self.0.with_timezone(&Utc)
    }

    /// RFC 3339 with the writer's offset, to whole seconds.
    pub fn iso(&self) -> String {
        let t = self.0;
        let mut out = String::with_capacity(25);
        let _ = write!(
            out,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        );
        let offset = t.offset().local_minus_utc();
        let sign = if offset < 0 { '-' } else { '+' };
        let minutes = offset.abs() / 60;
        let _ = write!(out, "{sign}{:02}:{:02}", minutes / 60, minutes % 60);
        out
    }

    /// Reads what [`Stamp::iso`] writes, and `Z` for UTC; anything else is `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' {
            return None;
        }
        if b[13] != b':' || b[16] != b':' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let s = text.get(r)?;
            if !s.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()
        };
        let date = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
        let time = NaiveTime::from_hms_opt(num(11..13)?, num(14..16)?, num(17..19)?)?;
        let offset = match &text[19..] {
            "Z" => 0,
            rest if rest.len() == 6 && rest.as_bytes()[3] == b':' => {
                let sign = match rest.as_bytes()[0] {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return None,
                };
                let (h, m) = (num(20..22)?, num(23..25)?);
                if h > 23 || m > 59 {
                    return None;
                }
                sign * (h * 3600 + m * 60) as i32
            }
            _ => return None,
        };
        let offset = FixedOffset::east_opt(offset)?;
        let local = date.and_time(time);
        offset.from_local_datetime(&local).single().map(Stamp)
    }
}

/// Written as its [`Stamp::iso`] text.
impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

/// Read from text in the one shape [`Stamp::parse`] takes.
impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StampText;

        impl Visitor<'_> for StampText {
            type Value = Stamp;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a time written as 2026-11-22T14:30:00+01:00")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Stamp, E> {
                Stamp::parse(text).ok_or_else(|| E::invalid_value(de::Unexpected::Str(text), &self))
            }
        }

        deserializer.deserialize_str(StampText)
    }
}

/// How clock times are written: chosen in Settings, or following the phone's locale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ClockStyle {
    /// `14:05`
    #[default]
    H24,
    /// `2:05 pm`
    H12,
}

/// `14:05` or `2:05 pm`.
pub fn clock(t: DateTime<FixedOffset>, style: ClockStyle) -> String {
    let (h, m) = (t.hour(), t.minute());
    match style {
        ClockStyle::H24 => format!("{h:02}:{m:02}"),
        ClockStyle::H12 => {
            let suffix = if h < 12 { "am" } else { "pm" };
            let h12 = match h % 12 {
                0 => 12,
                h => h,
            };
            format!("{h12}:{m:02} {suffix}")
        }
    }
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `Tue 24 Nov`.
pub fn short_date(date: NaiveDate) -> String {
    let weekday = WEEKDAYS[date.weekday().num_days_from_monday() as usize];
    format!(
        "{weekday} {} {}",
        date.day(),
        MONTHS[date.month0() as usize]
    )
}

/// `Tue 24 Nov 2026`, for reports that outlive the week.
pub fn long_date(date: NaiveDate) -> String {
    format!("{} {}", short_date(date), date.year())
}

/// A day and time relative to `today`: `today 14:05`, `tomorrow 09:00`, `yesterday 22:10`, or
/// `Tue 24 Nov, 09:00`.
pub fn day_and_clock(t: DateTime<FixedOffset>, today: NaiveDate, style: ClockStyle) -> String {
    let date = t.date_naive();
    let day = match (date - today).num_days() {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        -1 => "yesterday".to_string(),
        _ => format!("{},", short_date(date)),
    };
    format!("{day} {}", clock(t, style))
}

/// A clock time followed by its day when that is not today: `05:00`, `05:00 tomorrow`,
/// `22:10 yesterday`, `09:00 on Tue 24 Nov`; for sentences like "Stop eating at …".
pub fn clock_and_day(t: DateTime<FixedOffset>, today: NaiveDate, style: ClockStyle) -> String {
    let date = t.date_naive();
    let clock = clock(t, style);
    match (date - today).num_days() {
        0 => clock,
        1 => format!("{clock} tomorrow"),
        -1 => format!("{clock} yesterday"),
        _ => format!("{clock} on {}", short_date(date)),
    }
}

/// A span in plain words, rounded down: `2 days 3 h`, `3 h 20 min`, `45 min`, `under a minute`.
pub fn span_words(span: Duration) -> String {
    let minutes = span.num_minutes().max(0);
    let (days, hours, mins) = (minutes / 1440, (minutes / 60) % 24, minutes % 60);
    match (days, hours, mins) {
        (0, 0, 0) => "under a minute".to_string(),
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (1, 0, _) => "1 day".to_string(),
        (1, h, _) => format!("1 day {h} h"),
        (d, 0, _) => format!("{d} days"),
        (d, h, _) => format!("{d} days {h} h"),
    }
}

/// Reads an `<input type="date">` value, `2026-11-24`.
pub fn parse_input_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.trim().splitn(3, '-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Reads an `<input type="time">` value, `09:00` (seconds, if present, are dropped).
pub fn parse_input_time(text: &str) -> Option<NaiveTime> {
    let mut parts = text.trim().splitn(3, ':');
    let h = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    NaiveTime::from_hms_opt(h, m, 0)
}

/// The value an `<input type="date">` takes.
pub fn input_date(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// The value an `<input type="time">` takes.
pub fn input_time(t: NaiveTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        Stamp::parse(text).expect("test stamp").utc()
    }

    #[test]
    fn stamps_round_trip_with_their_offset() {
        for text in [
            "2026-11-22T14:30:00+01:00",
            "2026-01-01T00:00:00-05:30",
            "2026-06-30T23:59:59+00:00",
        ] {
            assert_eq!(Stamp::parse(text).unwrap().iso(), text);
        }
        assert_eq!(
            Stamp::parse("2026-11-22T14:30:00Z").unwrap().iso(),
            "2026-11-22T14:30:00+00:00"
        );
    }

    #[test]
    fn malformed_stamps_are_refused_not_guessed() {
        for text in [
            "",
            "2026-11-22",
            "2026-13-01T00:00:00Z",
            "2026-11-22T25:00:00Z",
            "2026-11-22T10:00:00+1:00",
            "2026-11-22T10:00:00+01:00x",
            "２０26-11-22T10:00:00Z",
            "2026-11-22T10:00:00+24:00",
        ] {
            assert!(Stamp::parse(text).is_none(), "{text}");
        }
    }

    #[test]
    fn london_changes_clocks_on_the_last_sundays_of_march_and_october() {
        let london = EuropeanZone::london();
        assert_eq!(
            london
                .offset_at(utc("2026-03-29T00:59:59Z"))
                .local_minus_utc(),
            0
        );
        assert_eq!(
            london
                .offset_at(utc("2026-03-29T01:00:00Z"))
                .local_minus_utc(),
            3600
        );
        assert_eq!(
            london
                .offset_at(utc("2026-10-25T00:59:59Z"))
                .local_minus_utc(),
            3600
        );
        assert_eq!(
            london
                .offset_at(utc("2026-10-25T01:00:00Z"))
                .local_minus_utc(),
            0
        );
    }

    #[test]
    fn a_wall_time_skipped_in_spring_moves_past_the_gap() {
        let london = EuropeanZone::london();
        let wall = NaiveDate::from_ymd_opt(2026, 3, 29)
            .unwrap()
            .and_hms_opt(1, 30, 0)
            .unwrap();
        assert_eq!(london.instant_of(wall), utc("2026-03-29T01:30:00Z"));
        assert_eq!(
            clock(london.local(london.instant_of(wall)), ClockStyle::H24),
            "02:30"
        );
    }

    #[test]
    fn a_wall_time_repeated_in_autumn_means_the_first_one() {
        let london = EuropeanZone::london();
        let wall = NaiveDate::from_ymd_opt(2026, 10, 25)
            .unwrap()
            .and_hms_opt(1, 30, 0)
            .unwrap();
        assert_eq!(london.instant_of(wall), utc("2026-10-25T00:30:00Z"));
    }

    #[test]
    fn clocks_read_the_way_people_say_them() {
        let t = Stamp::parse("2026-11-22T00:05:00+00:00").unwrap().0;
        assert_eq!(clock(t, ClockStyle::H24), "00:05");
        assert_eq!(clock(t, ClockStyle::H12), "12:05 am");
        let t = Stamp::parse("2026-11-22T12:00:00+00:00").unwrap().0;
        assert_eq!(clock(t, ClockStyle::H12), "12:00 pm");
        let t = Stamp::parse("2026-11-22T21:40:00+00:00").unwrap().0;
        assert_eq!(clock(t, ClockStyle::H12), "9:40 pm");
    }

    #[test]
    fn days_are_named_relative_to_today() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let at = |s: &str| Stamp::parse(s).unwrap().0;
        assert_eq!(
            day_and_clock(at("2026-11-22T09:00:00+00:00"), today, ClockStyle::H24),
            "today 09:00"
        );
        assert_eq!(
            day_and_clock(at("2026-11-23T09:00:00+00:00"), today, ClockStyle::H24),
            "tomorrow 09:00"
        );
        assert_eq!(
            day_and_clock(at("2026-11-21T22:10:00+00:00"), today, ClockStyle::H24),
            "yesterday 22:10"
        );
        assert_eq!(
            day_and_clock(at("2026-11-24T09:00:00+00:00"), today, ClockStyle::H24),
            "Tue 24 Nov, 09:00"
        );
    }

    #[test]
    fn a_clock_time_names_its_day_only_when_it_is_not_today() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let at = |s: &str| Stamp::parse(s).unwrap().0;
        let say = |s: &str| clock_and_day(at(s), today, ClockStyle::H24);
        assert_eq!(say("2026-11-22T05:00:00+00:00"), "05:00");
        assert_eq!(say("2026-11-23T05:00:00+00:00"), "05:00 tomorrow");
        assert_eq!(say("2026-11-21T22:10:00+00:00"), "22:10 yesterday");
        assert_eq!(say("2026-11-24T09:00:00+00:00"), "09:00 on Tue 24 Nov");
    }

    #[test]
    fn spans_are_said_in_plain_words() {
        assert_eq!(span_words(Duration::seconds(30)), "under a minute");
        assert_eq!(span_words(Duration::minutes(45)), "45 min");
        assert_eq!(span_words(Duration::minutes(200)), "3 h 20 min");
        assert_eq!(span_words(Duration::hours(5)), "5 h");
        assert_eq!(span_words(Duration::hours(27)), "1 day 3 h");
        assert_eq!(span_words(Duration::hours(51)), "2 days 3 h");
        assert_eq!(span_words(Duration::hours(-3)), "under a minute");
    }

    #[test]
    fn form_inputs_parse_and_print_symmetrically() {
        let d = parse_input_date("2026-02-28").unwrap();
        assert_eq!(input_date(d), "2026-02-28");
        assert!(parse_input_date("2026-02-30").is_none());
        assert_eq!(input_time(parse_input_time("07:05").unwrap()), "07:05");
        assert_eq!(input_time(parse_input_time("07:05:09").unwrap()), "07:05");
        assert!(parse_input_time("24:00").is_none());
    }
}
