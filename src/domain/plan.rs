//! The patient's plan: the course of sessions and their settings, stored as one versioned
//! document beside the journal entries.

use super::json::{json_enum, DecodeError, Fields, FromJson, Json, ToJson, Writer};
use super::protocol::ClinicProtocol;
use super::session::Course;
use super::time::ClockStyle;

/// Light, dark, or whatever the phone uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
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

/// The patient's choices.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Settings {
    /// The clinic's protocol values.
    pub protocol: ClinicProtocol,
    /// Light, dark or system.
    pub theme: Theme,
    /// 12- or 24-hour clock.
    pub clock: ClockChoice,
}

/// Everything but the journal entries.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Plan {
    /// The sessions.
    pub course: Course,
    /// The settings.
    pub settings: Settings,
    /// Whether the first-run questions were answered (or skipped).
    pub welcomed: bool,
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
        for session in &self.course.sessions {
            out.extend(session.problems());
        }
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

// ---------------------------------------------------------------------------------------------
// JSON: every field of a plan and of its settings may be absent and reads as the default;
// unknown fields are ignored.
// ---------------------------------------------------------------------------------------------

json_enum!(Theme {
    System => "system",
    Light => "light",
    Dark => "dark",
});

json_enum!(ClockChoice {
    Locale => "locale",
    H24 => "h24",
    H12 => "h12",
});

impl ToJson for Settings {
    fn write_json(&self, out: &mut Writer) {
        out.begin_object();
        out.field("protocol", &self.protocol);
        out.field("theme", &self.theme);
        out.field("clock", &self.clock);
        out.end_object();
    }
}

impl FromJson for Settings {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        let o = Fields::of(value)?;
        let d = Settings::default();
        Ok(Settings {
            protocol: o.field_or("protocol", d.protocol)?,
            theme: o.field_or("theme", d.theme)?,
            clock: o.field_or("clock", d.clock)?,
        })
    }
}

impl ToJson for Plan {
    fn write_json(&self, out: &mut Writer) {
        out.begin_object();
        out.field("course", &self.course);
        out.field("settings", &self.settings);
        out.field("welcomed", &self.welcomed);
        out.end_object();
    }
}

impl FromJson for Plan {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        let o = Fields::of(value)?;
        let d = Plan::default();
        Ok(Plan {
            course: o.field_or("course", d.course)?,
            settings: o.field_or("settings", d.settings)?,
            welcomed: o.field_or("welcomed", d.welcomed)?,
        })
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
    fn a_locale_that_writes_13_uses_the_24_hour_clock() {
        assert_eq!(locale_clock_style("13:00:00"), ClockStyle::H24);
        assert_eq!(locale_clock_style("1:00:00 PM"), ClockStyle::H12);
        assert_eq!(locale_clock_style("오후 1:00:00"), ClockStyle::H12);
    }
}
