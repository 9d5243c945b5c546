//! The clinic's protocol: the values a clinic sets for its patients (fasting hours, how long no
//! driving, the substances window, phone numbers), with defaults that fit most clinics.

use serde::{Deserialize, Serialize};

/// A phone line the patient can call, with the name they will recognise. Its name and number
/// are required.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PhoneLine {
    /// What the line is called, e.g. "988 Suicide & Crisis Lifeline".
    pub name: String,
    /// The number as it is dialled.
    pub number: String,
    /// When it answers and what to know before calling ("24 hours. Free from any phone."),
    /// from the table of national lines; empty for a line the patient typed. Written only when
    /// there is something to say, so lines saved before it existed write back as they were.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub about: String,
}

/// What one clinic asks of its patients around a dosing session. Absent fields are the
/// defaults ([`ClinicProtocol::default`]: a protocol's fasting hours are 4, not 0).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClinicProtocol {
    /// The clinic's name, optional.
    pub clinic_name: String,
    /// The clinic's phone number, optional.
    pub clinic_phone: String,
    /// Someone to talk to in a crisis, always one tap away.
    pub crisis_line: PhoneLine,
    /// The emergency services number.
    pub emergency_number: String,
    /// No food or drink for this many hours before the session (0–24).
    pub fasting_hours: u8,
    /// No alcohol or recreational substances for this many hours before (0–168).
    pub substances_hours: u8,
    /// No driving or machinery for at least this many hours after the session ends (1–72).
    pub no_driving_hours: u8,
    /// And not before the next morning, whichever is later.
    pub no_driving_until_morning: bool,
    /// The hour the next morning starts, for the rule above (4–12).
    pub morning_hour: u8,
    /// No major decisions for this many hours after the session ends (1–168).
    pub no_decisions_hours: u8,
}

impl Default for ClinicProtocol {
    fn default() -> Self {
        Self::for_locale("")
    }
}

/// Hours and their allowed ranges, for Settings and for import checks.
pub const FASTING_HOURS: std::ops::RangeInclusive<u8> = 0..=24;
/// See [`ClinicProtocol::substances_hours`].
pub const SUBSTANCES_HOURS: std::ops::RangeInclusive<u8> = 0..=168;
/// See [`ClinicProtocol::no_driving_hours`].
pub const NO_DRIVING_HOURS: std::ops::RangeInclusive<u8> = 1..=72;
/// See [`ClinicProtocol::morning_hour`].
pub const MORNING_HOUR: std::ops::RangeInclusive<u8> = 4..=12;
/// See [`ClinicProtocol::no_decisions_hours`].
pub const NO_DECISIONS_HOURS: std::ops::RangeInclusive<u8> = 1..=168;

/// The longest phone number or name we keep; anything longer is not a phone line.
pub const MAX_LINE_CHARS: usize = 80;
/// The longest note about a line's hours we keep.
pub const MAX_ABOUT_CHARS: usize = 400;

impl ClinicProtocol {
    /// The defaults, with the crisis line and emergency number for the phone's locale
    /// (`en-US`, `en-GB`, …). An unknown region gets the international emergency number 112.
    pub fn for_locale(locale: &str) -> Self {
        let region = locale
            .rsplit(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let line = |name: &str, number: &str| PhoneLine {
            name: name.into(),
            number: number.into(),
            about: String::new(),
        };
        let (crisis_line, emergency) = match region.as_str() {
            "US" => (line("988 Suicide & Crisis Lifeline", "988"), "911"),
            "CA" => (line("9-8-8 Suicide Crisis Helpline", "988"), "911"),
            "GB" | "UK" => (line("Samaritans", "116 123"), "999"),
            "IE" => (line("Samaritans", "116 123"), "112"),
            "AU" => (line("Lifeline", "13 11 14"), "000"),
            "NZ" => (line("Need to talk? 1737", "1737"), "111"),
            _ => (line("Emergency services", "112"), "112"),
        };
        Self {
            clinic_name: String::new(),
            clinic_phone: String::new(),
            crisis_line,
            emergency_number: emergency.into(),
            fasting_hours: 4,
            substances_hours: 24,
            no_driving_hours: 12,
            no_driving_until_morning: true,
            morning_hour: 8,
            no_decisions_hours: 24,
        }
    }

    /// Applies to `self` only the fields that differ between `before` (what a form showed) and
    /// `after` (what it holds now), so a form left open in another tab never undoes a change
    /// saved since it was opened.
    pub fn apply_changes(&mut self, before: &ClinicProtocol, after: &ClinicProtocol) {
        macro_rules! changed {
            ($($field:ident).+) => {
                if before.$($field).+ != after.$($field).+ {
                    self.$($field).+ = after.$($field).+.clone();
                }
            };
        }
        changed!(clinic_name);
        changed!(clinic_phone);
        changed!(crisis_line.name);
        changed!(crisis_line.number);
        changed!(crisis_line.about);
        changed!(emergency_number);
        changed!(fasting_hours);
        changed!(substances_hours);
        changed!(no_driving_hours);
        changed!(no_driving_until_morning);
        changed!(morning_hour);
        changed!(no_decisions_hours);
    }

    /// What is wrong with these values, in words for the patient; empty when all is well.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut range = |value: u8, allowed: std::ops::RangeInclusive<u8>, what: &str| {
            if !allowed.contains(&value) {
                out.push(format!(
                    "{what} must be between {} and {} hours.",
                    allowed.start(),
                    allowed.end()
                ));
            }
        };
        range(self.fasting_hours, FASTING_HOURS, "Fasting");
        range(
            self.substances_hours,
            SUBSTANCES_HOURS,
            "The no-alcohol time",
        );
        range(
            self.no_driving_hours,
            NO_DRIVING_HOURS,
            "The no-driving time",
        );
        range(self.morning_hour, MORNING_HOUR, "The morning hour");
        range(
            self.no_decisions_hours,
            NO_DECISIONS_HOURS,
            "The no-big-decisions time",
        );
        for (value, what) in [
            (&self.clinic_name, "The clinic name"),
            (&self.clinic_phone, "The clinic phone"),
            (&self.crisis_line.name, "The crisis line name"),
            (&self.crisis_line.number, "The crisis line number"),
            (&self.emergency_number, "The emergency number"),
        ] {
            if value.chars().count() > MAX_LINE_CHARS {
                out.push(format!(
                    "{what} is too long (at most {MAX_LINE_CHARS} characters)."
                ));
            }
        }
        if self.crisis_line.about.chars().count() > MAX_ABOUT_CHARS {
            out.push(format!(
                "What to know about the crisis line is too long (at most {MAX_ABOUT_CHARS} characters)."
            ));
        }
        for (number, what) in [
            (&self.clinic_phone, "The clinic phone"),
            (&self.crisis_line.number, "The crisis line number"),
            (&self.emergency_number, "The emergency number"),
        ] {
            if !is_dialable(number) {
                out.push(format!(
                    "{what} can only hold digits, spaces, +, -, ( and )."
                ));
            }
        }
        out
    }
}

/// The usual advice the seeds give after a session: no driving for at least 12 hours (seed 000
/// says 12–24 hours; seed 002, the rest of the day) and, by Waypoint's default, not before the next
/// morning; no big decisions for 12–24 hours (seed 000). Shorter values are allowed, since a
/// clinic may set them, but never silently.
pub const USUAL_MIN_NO_DRIVING_HOURS: u8 = 12;
/// See [`USUAL_MIN_NO_DRIVING_HOURS`].
pub const USUAL_MIN_NO_DECISIONS_HOURS: u8 = 12;

impl ClinicProtocol {
    /// Where these values are shorter than the usual advice, each in plain words for the
    /// patient; empty when none is. Settings shows them and asks the patient to confirm that
    /// their clinic set these times before saving.
    pub fn shorter_than_usual(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.no_driving_hours < USUAL_MIN_NO_DRIVING_HOURS {
            out.push(format!(
                "No driving for {} hours is shorter than the usual advice of at least {USUAL_MIN_NO_DRIVING_HOURS} hours.",
                self.no_driving_hours
            ));
        }
        if !self.no_driving_until_morning {
            out.push(
                "Driving again before the next morning is earlier than the usual advice, which is to wait until the morning after a session."
                    .to_string(),
            );
        }
        if self.no_decisions_hours < USUAL_MIN_NO_DECISIONS_HOURS {
            out.push(format!(
                "No big decisions for {} hours is shorter than the usual advice of at least {USUAL_MIN_NO_DECISIONS_HOURS} hours.",
                self.no_decisions_hours
            ));
        }
        out
    }
}

/// What the help sheet offers: each line one tap to call, and never one number twice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpLines {
    /// Someone to talk to; `None` when none is saved or it is the emergency number itself.
    pub crisis: Option<PhoneLine>,
    /// The clinic, when its number is saved and is not one of the others.
    pub clinic: Option<PhoneLine>,
    /// Emergency services.
    pub emergency: String,
}

impl ClinicProtocol {
    /// The lines the help sheet offers. A crisis line with the emergency number's digits (as
    /// older versions saved for countries without a known line) is offered once, as emergency
    /// services; so is a clinic number equal to either.
    pub fn help_lines(&self) -> HelpLines {
        let same = |a: &str, b: &str| tel_href(a) == tel_href(b);
        let crisis = (!self.crisis_line.number.trim().is_empty()
            && !same(&self.crisis_line.number, &self.emergency_number))
        .then(|| self.crisis_line.clone());
        let clinic = (!self.clinic_phone.trim().is_empty()
            && !same(&self.clinic_phone, &self.emergency_number)
            && crisis
                .as_ref()
                .is_none_or(|c| !same(&c.number, &self.clinic_phone)))
        .then(|| PhoneLine {
            name: self.clinic_name.clone(),
            number: self.clinic_phone.clone(),
            about: String::new(),
        });
        HelpLines {
            crisis,
            clinic,
            emergency: self.emergency_number.clone(),
        }
    }
}

/// Whether `number` holds only what a phone number may: digits, spaces and `+-().*` (Chile's
/// suicide-prevention line is `*4141`).
pub fn is_dialable(number: &str) -> bool {
    number
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().*".contains(c))
}

/// `number` as a `tel:` link target (spaces and punctuation dropped, a leading `+` and any `*`
/// kept: `*4141` is not `4141`).
pub fn tel_href(number: &str) -> String {
    let digits: String = number
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '*')
        .collect();
    if number.trim_start().starts_with('+') {
        format!("tel:+{digits}")
    } else {
        format!("tel:{digits}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crisis_line_defaults_follow_the_phones_region() {
        assert_eq!(
            ClinicProtocol::for_locale("en-US").crisis_line.number,
            "988"
        );
        assert_eq!(ClinicProtocol::for_locale("en-GB").emergency_number, "999");
        assert_eq!(
            ClinicProtocol::for_locale("en_AU").crisis_line.name,
            "Lifeline"
        );
        assert_eq!(ClinicProtocol::for_locale("fr").emergency_number, "112");
        assert_eq!(ClinicProtocol::for_locale("").emergency_number, "112");
    }

    #[test]
    fn default_protocol_has_no_problems() {
        assert!(ClinicProtocol::for_locale("en-US").problems().is_empty());
    }

    #[test]
    fn out_of_range_hours_and_odd_numbers_are_named() {
        let protocol = ClinicProtocol {
            fasting_hours: 30,
            no_driving_hours: 0,
            clinic_phone: "call me <b>".into(),
            ..ClinicProtocol::default()
        };
        let problems = protocol.problems();
        assert!(
            problems.iter().any(|p| p.starts_with("Fasting")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.starts_with("The no-driving")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("The clinic phone can only")),
            "{problems:?}"
        );
    }

    #[test]
    fn a_stale_form_applies_only_what_it_changed() {
        // Regression: a Settings form open in a second tab saved every field as it was when
        // opened, undoing the clinic phone another tab had saved since.
        let opened = ClinicProtocol::default();
        let mut stored = ClinicProtocol {
            clinic_phone: "020 7946 0000".into(),
            ..opened.clone()
        };
        let edited = ClinicProtocol {
            fasting_hours: 6,
            ..opened.clone()
        };
        stored.apply_changes(&opened, &edited);
        assert_eq!(
            (stored.clinic_phone.as_str(), stored.fasting_hours),
            ("020 7946 0000", 6)
        );
    }

    #[test]
    fn the_defaults_are_not_shorter_than_usual_advice() {
        assert!(ClinicProtocol::default().shorter_than_usual().is_empty());
    }

    #[test]
    fn a_no_driving_time_below_twelve_hours_or_before_morning_is_named_as_shorter_than_usual() {
        let eleven = ClinicProtocol {
            no_driving_hours: 11,
            ..ClinicProtocol::default()
        };
        assert_eq!(eleven.shorter_than_usual().len(), 1);
        assert!(eleven.shorter_than_usual()[0].contains("11 hours"));
        let twelve = ClinicProtocol {
            no_driving_hours: 12,
            ..ClinicProtocol::default()
        };
        assert!(twelve.shorter_than_usual().is_empty());
        let no_morning = ClinicProtocol {
            no_driving_until_morning: false,
            no_driving_hours: 24,
            ..ClinicProtocol::default()
        };
        assert!(no_morning.shorter_than_usual()[0].contains("next morning"));
        let quick_decisions = ClinicProtocol {
            no_decisions_hours: 6,
            ..ClinicProtocol::default()
        };
        assert!(quick_decisions.shorter_than_usual()[0].contains("big decisions"));
    }

    #[test]
    fn the_help_sheet_never_offers_one_number_twice() {
        // Regression: outside six regions the crisis line was "Emergency services (112)" beside
        // the emergency button: the same number twice and no one to talk to.
        let old_default = ClinicProtocol::for_locale("fr-FR");
        let lines = old_default.help_lines();
        assert_eq!(lines.crisis, None);
        assert_eq!(lines.emergency, "112");
        let uk = ClinicProtocol {
            clinic_phone: "116123".into(),
            ..ClinicProtocol::for_locale("en-GB")
        };
        let lines = uk.help_lines();
        assert_eq!(lines.crisis.map(|c| c.number), Some("116 123".to_string()));
        assert_eq!(
            lines.clinic, None,
            "a clinic number equal to the crisis line is offered once"
        );
        let with_clinic = ClinicProtocol {
            clinic_name: "Harbour Clinic".into(),
            clinic_phone: "020 7946 0000".into(),
            ..ClinicProtocol::for_locale("en-GB")
        };
        assert_eq!(
            with_clinic.help_lines().clinic.map(|c| c.name),
            Some("Harbour Clinic".to_string())
        );
    }

    #[test]
    fn tel_links_keep_only_what_a_dialler_needs() {
        assert_eq!(tel_href("116 123"), "tel:116123");
        assert_eq!(tel_href("+44 (0)20 7946-0000"), "tel:+4402079460000");
        assert_eq!(tel_href("*4141"), "tel:*4141");
    }
}
