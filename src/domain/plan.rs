//! The patient's plan: the course of sessions and their settings, stored as one versioned
//! document beside the journal entries.

use super::protocol::ClinicProtocol;
use super::session::Course;
use super::time::ClockStyle;
use serde::{Deserialize, Serialize};

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
    /// The style to use, given the one the locale prefers.
    pub fn style(self, locale_style: ClockStyle) -> ClockStyle {
        match self {
            ClockChoice::Locale => locale_style,
            ClockChoice::H24 => ClockStyle::H24,
            ClockChoice::H12 => ClockStyle::H12,
        }
    }
}

/// The patient's choices.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The clinic's protocol values.
    pub protocol: ClinicProtocol,
    /// Light, dark or system.
    pub theme: Theme,
    /// 12- or 24-hour clock.
    pub clock: ClockChoice,
}

/// Everything but the journal entries.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
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
