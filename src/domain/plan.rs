//! The patient's plan: the course of sessions and their settings, stored as one versioned
//! document beside the journal entries.

use super::backup::BackupLog;
use super::protocol::ClinicProtocol;
use super::session::Course;
use super::time::ClockStyle;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Light, dark, or whatever the phone uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    /// Follow the phone.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// 12- or 24-hour clock, or whatever the phone's locale uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockChoice {
    /// Follow the locale.
    #[default]
    Locale,
    /// `14:05`.
    H24,
    /// `2:05 pm`.
    H12,
}

impl ClockChoice {
    /// The style to use; `locale_style` is asked only when the choice is the locale's.
    pub fn style(self, locale_style: impl FnOnce() -> ClockStyle) -> ClockStyle {
        match self {
            ClockChoice::Locale => locale_style(),
            ClockChoice::H24 => ClockStyle::H24,
            ClockChoice::H12 => ClockStyle::H12,
        }
    }
}

/// Whose crisis line and emergency number the help sheet offers, as the patient confirmed it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum CrisisChoice {
    /// Never confirmed: Waypoint suggests the lines for the country the phone's time zone and
    /// language point to, and asks.
    #[default]
    NotChosen,
    /// A country's lines (ISO 3166-1 alpha-2 code, e.g. `GB`).
    Country(String),
    /// Numbers the patient typed themselves.
    OwnNumbers,
}

impl CrisisChoice {
    /// As stored: the country's code, `own`, or nothing.
    pub fn key(&self) -> &str {
        match self {
            CrisisChoice::NotChosen => "",
            CrisisChoice::Country(code) => code,
            CrisisChoice::OwnNumbers => "own",
        }
    }

    /// Whether the patient has not confirmed one yet.
    pub fn is_not_chosen(&self) -> bool {
        *self == CrisisChoice::NotChosen
    }

    /// What [`CrisisChoice::key`] wrote; `None` for anything else.
    pub fn from_key(key: &str) -> Option<CrisisChoice> {
        match key {
            "" => Some(CrisisChoice::NotChosen),
            "own" => Some(CrisisChoice::OwnNumbers),
            code if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) => {
                Some(CrisisChoice::Country(code.to_string()))
            }
            _ => None,
        }
    }
}

/// Written as its [`CrisisChoice::key`].
impl Serialize for CrisisChoice {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

/// Read from what [`CrisisChoice::key`] writes, and nothing else.
impl<'de> Deserialize<'de> for CrisisChoice {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Key;

        impl Visitor<'_> for Key {
            type Value = CrisisChoice;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a country code like \"GB\", or \"own\"")
            }

            fn visit_str<E: de::Error>(self, key: &str) -> Result<CrisisChoice, E> {
                CrisisChoice::from_key(key)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(key), &self))
            }
        }

        deserializer.deserialize_str(Key)
    }
}

/// The patient's choices. Absent fields are the defaults.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The clinic's protocol values.
    pub protocol: ClinicProtocol,
    /// Light, dark or system.
    pub theme: Theme,
    /// 12- or 24-hour clock.
    pub clock: ClockChoice,
    /// Whose crisis line the protocol holds. Written only once chosen, so plans saved before
    /// it existed are written back as they were.
    #[serde(skip_serializing_if = "CrisisChoice::is_not_chosen")]
    pub crisis: CrisisChoice,
    /// The name or initials the patient puts on reports for the therapist; empty for none.
    /// Written only once given, like the two fields below it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub report_name: String,
    /// A pseudonymous id made once on this phone, the first time a report is shared, and
    /// written into every report: review mode tells one patient's files from another's by it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub patient_id: String,
}

/// Everything but the journal entries. Absent fields are the defaults.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Plan {
    /// The sessions.
    pub course: Course,
    /// The settings.
    pub settings: Settings,
    /// Whether the first-run questions were answered (or skipped).
    pub welcomed: bool,
    /// Questionnaire invitations the patient answered "Not now" to (their keys, see
    /// [`super::questionnaire::invitation`]): never asked again. Written only when there is one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub questionnaires_skipped: Vec<String>,
    /// The last backup made and when a suggestion to make one was put off. Written only once
    /// there is something to remember, so plans saved before it existed write back as they were.
    #[serde(skip_serializing_if = "BackupLog::is_empty")]
    pub backups: BackupLog,
}

impl Plan {
    /// A fresh plan with the defaults for the phone's locale.
    pub fn for_locale(locale: &str) -> Self {
        Self {
            settings: Settings {
                protocol: ClinicProtocol::for_locale(locale),
                ..Settings::default()
            },
            ..Self::default()
        }
    }

    /// What is wrong with this plan, in words for the patient; empty when all is well.
    pub fn problems(&self) -> Vec<String> {
        let mut out = self.settings.protocol.problems();
        if self.settings.report_name.chars().count() > super::export::MAX_NAME_CHARS {
            out.push(format!(
                "The name on reports is too long (at most {} characters).",
                super::export::MAX_NAME_CHARS
            ));
        }
        if !self.settings.patient_id.is_empty()
            && !super::entry::is_safe_id(&self.settings.patient_id)
        {
            out.push("The patient reference is not one Waypoint makes.".into());
        }
        for session in &self.course.sessions {
            out.extend(session.problems());
        }
        out.extend(self.backups.problems());
        out
    }
}

/// The locale's preferred clock, from a sample of how it writes 13:00 (`"13:00"` or `"1:00 PM"`).
pub fn locale_clock_style(sample_one_pm: &str) -> ClockStyle {
    if sample_one_pm.contains("13") {
        ClockStyle::H24
    } else {
        ClockStyle::H12
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_is_asked_only_when_the_patient_follows_it() {
        let asked = std::cell::Cell::new(0);
        let locale = || {
            asked.set(asked.get() + 1);
            ClockStyle::H12
        };
        assert_eq!(ClockChoice::H24.style(locale), ClockStyle::H24);
        assert_eq!(ClockChoice::H12.style(locale), ClockStyle::H12);
        assert_eq!(asked.get(), 0, "a chosen clock needs no locale");
        assert_eq!(ClockChoice::Locale.style(locale), ClockStyle::H12);
        assert_eq!(asked.get(), 1);
    }

    #[test]
    fn a_crisis_choice_is_written_only_once_made_and_reads_back() {
        let mut settings = Settings::default();
        let text = crate::json::to_string(&settings);
        assert!(!text.contains("crisis\":\""), "{text}");
        for choice in [CrisisChoice::Country("GB".into()), CrisisChoice::OwnNumbers] {
            settings.crisis = choice.clone();
            let text = crate::json::to_string(&settings);
            let back: Settings = crate::json::from_str(&text).unwrap();
            assert_eq!(back.crisis, choice, "{text}");
        }
        assert!(crate::json::from_str::<Settings>(r#"{"crisis":"gb"}"#).is_err());
    }

    #[test]
    fn a_locale_that_writes_13_uses_the_24_hour_clock() {
        assert_eq!(locale_clock_style("13:00:00"), ClockStyle::H24);
        assert_eq!(locale_clock_style("1:00:00 PM"), ClockStyle::H12);
        assert_eq!(locale_clock_style("오후 1:00:00"), ClockStyle::H12);
    }

    #[test]
    fn the_name_on_reports_and_the_patient_reference_are_written_once_given_and_checked() {
        let mut plan = Plan::default();
        let text = crate::json::to_string(&plan);
        assert!(
            !text.contains("report_name") && !text.contains("patient_id"),
            "{text}"
        );
        plan.settings.report_name = "J.D.".into();
        plan.settings.patient_id = "p-abc-1234".into();
        let back: Plan = crate::json::from_str(&crate::json::to_string(&plan)).unwrap();
        assert_eq!(back, plan);
        assert!(plan.problems().is_empty());
        plan.settings.report_name = "x".repeat(81);
        plan.settings.patient_id = "not/an id".into();
        assert_eq!(plan.problems().len(), 2, "{:?}", plan.problems());
    }
}
