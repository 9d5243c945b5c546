//! The preparation checklist: default items grouped by when they are due, the patient's own
//! items, ticks and hidden defaults, and the clock times some items carry (fasting, substances).

use super::protocol::ClinicProtocol;
use super::session::{Route, Session, Setting};
use super::time::Zone;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// When an item is due, relative to the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Due {
    /// In the weeks and days before.
    WeeksBefore,
    /// The day before.
    DayBefore,
    /// On the day, before leaving.
    DayOf,
    /// On arrival, before it begins.
    OnArrival,
}

impl Due {
    /// Every group, in the order they come.
    pub const ALL: [Due; 4] = [Due::WeeksBefore, Due::DayBefore, Due::DayOf, Due::OnArrival];

    /// The group's heading.
    pub fn title(self) -> &'static str {
        match self {
            Due::WeeksBefore => "In the days before",
            Due::DayBefore => "The day before",
            Due::DayOf => "On the day",
            Due::OnArrival => "When you arrive",
        }
    }

    /// The short key used in forms and files.
    pub fn key(self) -> &'static str {
        match self {
            Due::WeeksBefore => "weeks_before",
            Due::DayBefore => "day_before",
            Due::DayOf => "day_of",
            Due::OnArrival => "on_arrival",
        }
    }

    /// The group a [`Due::key`] names.
    pub fn from_key(key: &str) -> Option<Due> {
        Due::ALL.into_iter().find(|d| d.key() == key)
    }

    /// When this group's items become current: the start of the local day before, the start of
    /// the session's day, or the session time itself. `None` for the open-ended first group.
    pub fn opens(self, planned: DateTime<Utc>, zone: &impl Zone) -> Option<DateTime<Utc>> {
        match self {
            Due::WeeksBefore => None,
            Due::DayBefore => {
                Some(zone.start_of_day(zone.start_of_day(planned) - Duration::hours(1)))
            }
            Due::DayOf => Some(zone.start_of_day(planned)),
            Due::OnArrival => Some(planned),
        }
    }
}

/// A clock time an item carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemTime {
    /// From this time on (e.g. stop eating from 05:00).
    From(DateTime<Utc>),
}

/// One of the items every patient starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DefaultItem {
    /// Stable key, used for ticks and hiding.
    pub key: &'static str,
    /// When it is due.
    pub due: Due,
    /// What to do, in plain words.
    pub text: &'static str,
}

/// The items every checklist starts with.
pub const DEFAULT_ITEMS: &[DefaultItem] = &[
    DefaultItem {
        key: "medical",
        due: Due::WeeksBefore,
        text: "Medical check done: history, blood pressure, heart and current medicines",
    },
    DefaultItem {
        key: "consent",
        due: Due::WeeksBefore,
        text: "Consent given, and my questions about effects and risks answered",
    },
    DefaultItem {
        key: "readiness",
        due: Due::WeeksBefore,
        text: "Talked through how I feel about the session with my therapist",
    },
    DefaultItem {
        key: "intention",
        due: Due::WeeksBefore,
        text: "Intention set with my therapist",
    },
    DefaultItem {
        key: "ride",
        due: Due::WeeksBefore,
        text: "Ride home arranged: I will not drive afterwards",
    },
    DefaultItem {
        key: "support",
        due: Due::WeeksBefore,
        text: "A support person knows the date and can be reached",
    },
    DefaultItem {
        key: "clinic_number",
        due: Due::WeeksBefore,
        text: "Clinic phone number saved in Settings",
    },
    DefaultItem {
        key: "home_space",
        due: Due::WeeksBefore,
        text: "A quiet room ready, and my support person will be there",
    },
    DefaultItem {
        key: "rest",
        due: Due::DayBefore,
        text: "An easy evening and a good night's rest",
    },
    DefaultItem {
        key: "substances",
        due: Due::DayBefore,
        text: "No alcohol or recreational drugs",
    },
    DefaultItem {
        key: "fasting",
        due: Due::DayOf,
        text: "Stop eating and drinking",
    },
    DefaultItem {
        key: "pack",
        due: Due::DayOf,
        text: "Packed: pillow, blanket, eye mask, headphones, something comforting",
    },
    DefaultItem {
        key: "medication",
        due: Due::DayOf,
        text: "My prescribed lozenges with me",
    },
    DefaultItem {
        key: "clothes",
        due: Due::DayOf,
        text: "Soft, comfortable clothes on",
    },
    DefaultItem {
        key: "check_in",
        due: Due::OnArrival,
        text: "Checked in with the team",
    },
    DefaultItem {
        key: "worries",
        due: Due::OnArrival,
        text: "Said any worries out loud with my therapist",
    },
    DefaultItem {
        key: "grounding",
        due: Due::OnArrival,
        text: "A few slow breaths to settle",
    },
    DefaultItem {
        key: "reread",
        due: Due::OnArrival,
        text: "Read my intention once more",
    },
];

/// A default item that only some sessions need.
fn applies(item: &DefaultItem, session: &Session) -> bool {
    match item.key {
        "home_space" => session.setting == Setting::Home,
        "check_in" => session.setting == Setting::Clinic,
        "medication" => matches!(session.route, None | Some(Route::Lozenge)),
        _ => true,
    }
}

/// An item the patient added. Every field is required.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnItem {
    /// Stable key, unique within the checklist (starts with `own-`).
    pub key: String,
    /// When it is due.
    pub due: Due,
    /// What to do, in the patient's words.
    pub text: String,
}

/// The longest own item, in characters.
pub const MAX_OWN_ITEM_CHARS: usize = 200;
/// The most own items one checklist keeps.
pub const MAX_OWN_ITEMS: usize = 50;

/// What the patient has done to one session's checklist. Absent fields are empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChecklistState {
    /// Keys of ticked items (default or own).
    pub ticked: BTreeSet<String>,
    /// Keys of default items the patient hid.
    pub hidden: BTreeSet<String>,
    /// The patient's own items.
    pub own: Vec<OwnItem>,
}

impl ChecklistState {
    /// Ticks or unticks an item.
    pub fn set_ticked(&mut self, key: &str, ticked: bool) {
        if ticked {
            self.ticked.insert(key.to_string());
        } else {
            self.ticked.remove(key);
        }
    }

    /// Adds an own item, trimmed; refuses empty or over-long text, or one item too many.
    pub fn add_own(&mut self, key: String, due: Due, text: &str) -> Result<(), String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("Write what the item is first.".into());
        }
        if text.chars().count() > MAX_OWN_ITEM_CHARS {
            return Err(format!("Keep it under {MAX_OWN_ITEM_CHARS} characters."));
        }
        if self.own.len() >= MAX_OWN_ITEMS {
            return Err(format!(
                "A checklist holds at most {MAX_OWN_ITEMS} of your own items."
            ));
        }
        self.own.push(OwnItem {
            key,
            due,
            text: text.to_string(),
        });
        Ok(())
    }

    /// Removes an own item, or hides a default one.
    pub fn remove(&mut self, key: &str) {
        let before = self.own.len();
        self.own.retain(|item| item.key != key);
        if self.own.len() == before {
            self.hidden.insert(key.to_string());
        }
        self.ticked.remove(key);
    }

    /// Brings every hidden default item back.
    pub fn show_hidden(&mut self) {
        self.hidden.clear();
    }

    /// What is wrong with this state, in words for the patient; empty when all is well.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.own.len() > MAX_OWN_ITEMS {
            out.push(format!(
                "A checklist holds at most {MAX_OWN_ITEMS} of your own items."
            ));
        }
        if self
            .own
            .iter()
            .any(|i| i.text.chars().count() > MAX_OWN_ITEM_CHARS)
        {
            out.push(format!(
                "Checklist items are at most {MAX_OWN_ITEM_CHARS} characters."
            ));
        }
        out
    }
}

/// One item as the Prepare screen shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChecklistItem {
    /// Stable key.
    pub key: String,
    /// When it is due.
    pub due: Due,
    /// What to do.
    pub text: String,
    /// Whether the patient ticked it.
    pub ticked: bool,
    /// Whether the patient added it (it can be removed, not hidden).
    pub own: bool,
    /// A clock time the item carries.
    pub time: Option<ItemTime>,
}

/// The clock time fasting starts for a session: the planned time less the clinic's hours.
pub fn fasting_from(session: &Session, protocol: &ClinicProtocol) -> DateTime<Utc> {
    session.planned.utc() - Duration::hours(i64::from(protocol.fasting_hours))
}

/// The clock time the no-alcohol-or-drugs window starts.
pub fn substances_from(session: &Session, protocol: &ClinicProtocol) -> DateTime<Utc> {
    session.planned.utc() - Duration::hours(i64::from(protocol.substances_hours))
}

/// The session's checklist: defaults that apply and are not hidden, then own items, each group
/// in [`Due`] order.
pub fn items(session: &Session, protocol: &ClinicProtocol) -> Vec<ChecklistItem> {
    let state = &session.checklist;
    let defaults = DEFAULT_ITEMS
        .iter()
        .filter(|item| applies(item, session) && !state.hidden.contains(item.key))
        .filter(|item| !(item.key == "fasting" && protocol.fasting_hours == 0))
        .map(|item| ChecklistItem {
            key: item.key.to_string(),
            due: item.due,
            text: item.text.to_string(),
            ticked: state.ticked.contains(item.key),
            own: false,
            time: match item.key {
                "fasting" => Some(ItemTime::From(fasting_from(session, protocol))),
                "substances" => Some(ItemTime::From(substances_from(session, protocol))),
                _ => None,
            },
        });
    let own = state.own.iter().map(|item| ChecklistItem {
        key: item.key.clone(),
        due: item.due,
        text: item.text.clone(),
        ticked: state.ticked.contains(&item.key),
        own: true,
        time: None,
    });
    let mut all: Vec<_> = defaults.chain(own).collect();
    all.sort_by_key(|item| item.due);
    all
}

/// How many items are ticked, of how many.
pub fn progress(items: &[ChecklistItem]) -> (usize, usize) {
    (items.iter().filter(|i| i.ticked).count(), items.len())
}

/// Whether the session has any hidden default items to bring back.
pub fn has_hidden(session: &Session) -> bool {
    !session.checklist.hidden.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::SessionId;
    use crate::domain::time::{clock, ClockStyle, EuropeanZone, Stamp};
    use crate::json;

    fn session(planned: &str) -> Session {
        Session::planned(SessionId("s".into()), Stamp::parse(planned).unwrap())
    }

    #[test]
    fn fasting_starts_the_clinics_hours_before_the_session() {
        let s = session("2026-11-24T09:00:00+00:00");
        let protocol = ClinicProtocol {
            fasting_hours: 6,
            ..ClinicProtocol::default()
        };
        let from = fasting_from(&s, &protocol);
        assert_eq!(
            clock(EuropeanZone::london().local(from), ClockStyle::H24),
            "03:00"
        );
    }

    #[test]
    fn fasting_that_starts_the_evening_before_shows_that_evenings_clock() {
        let s = session("2026-11-24T08:00:00+00:00");
        let protocol = ClinicProtocol {
            fasting_hours: 12,
            ..ClinicProtocol::default()
        };
        let from = EuropeanZone::london().local(fasting_from(&s, &protocol));
        assert_eq!(
            (from.date_naive().to_string(), clock(from, ClockStyle::H24)),
            ("2026-11-23".into(), "20:00".into())
        );
    }

    #[test]
    fn fasting_across_the_spring_clock_change_counts_real_hours() {
        // 10:00 BST on the change day is 09:00 UTC; 9 real hours earlier is midnight GMT, which
        // the wall clock shows as 10 hours earlier because an hour was skipped.
        let s = session("2026-03-29T10:00:00+01:00");
        let protocol = ClinicProtocol {
            fasting_hours: 9,
            ..ClinicProtocol::default()
        };
        let from = EuropeanZone::london().local(fasting_from(&s, &protocol));
        assert_eq!(clock(from, ClockStyle::H24), "00:00");
    }

    #[test]
    fn home_sessions_ask_for_a_quiet_room_and_clinic_ones_for_check_in() {
        let mut s = session("2026-11-24T09:00:00+00:00");
        let keys = |s: &Session| {
            items(s, &ClinicProtocol::default())
                .into_iter()
                .map(|i| i.key)
                .collect::<Vec<_>>()
        };
        assert!(keys(&s).contains(&"check_in".to_string()));
        assert!(!keys(&s).contains(&"home_space".to_string()));
        s.setting = Setting::Home;
        assert!(!keys(&s).contains(&"check_in".to_string()));
        assert!(keys(&s).contains(&"home_space".to_string()));
    }

    #[test]
    fn lozenge_medication_is_asked_only_when_the_route_may_be_lozenge() {
        let mut s = session("2026-11-24T09:00:00+00:00");
        let has = |s: &Session| {
            items(s, &ClinicProtocol::default())
                .iter()
                .any(|i| i.key == "medication")
        };
        assert!(has(&s));
        s.route = Some(Route::IvInfusion);
        assert!(!has(&s));
        s.route = Some(Route::Lozenge);
        assert!(has(&s));
    }

    #[test]
    fn ticking_hiding_and_own_items_show_in_progress() {
        let mut s = session("2026-11-24T09:00:00+00:00");
        let protocol = ClinicProtocol::default();
        let (_, total) = progress(&items(&s, &protocol));
        s.checklist.set_ticked("medical", true);
        s.checklist.remove("clothes");
        s.checklist
            .add_own("own-1".into(), Due::DayOf, "  Charge my headphones ")
            .unwrap();
        s.checklist.set_ticked("own-1", true);
        let list = items(&s, &protocol);
        assert_eq!(progress(&list), (2, total));
        assert!(list
            .iter()
            .any(|i| i.own && i.text == "Charge my headphones" && i.due == Due::DayOf));
        assert!(!list.iter().any(|i| i.key == "clothes"));
        s.checklist.remove("own-1");
        assert_eq!(progress(&items(&s, &protocol)), (1, total - 1));
        s.checklist.show_hidden();
        assert_eq!(progress(&items(&s, &protocol)), (1, total));
    }

    #[test]
    fn empty_and_overlong_own_items_are_refused() {
        let mut state = ChecklistState::default();
        assert!(state.add_own("own-1".into(), Due::DayOf, "   ").is_err());
        assert!(state
            .add_own("own-1".into(), Due::DayOf, &"x".repeat(201))
            .is_err());
        assert!(state.own.is_empty());
    }

    #[test]
    fn items_come_grouped_in_the_order_they_are_due() {
        let s = session("2026-11-24T09:00:00+00:00");
        let dues: Vec<_> = items(&s, &ClinicProtocol::default())
            .iter()
            .map(|i| i.due)
            .collect();
        let mut sorted = dues.clone();
        sorted.sort();
        assert_eq!(dues, sorted);
    }

    #[test]
    fn the_day_before_opens_at_the_previous_local_midnight() {
        let zone = EuropeanZone::london();
        let planned = Stamp::parse("2026-11-24T09:00:00+00:00").unwrap().utc();
        let opens = Due::DayBefore.opens(planned, &zone).unwrap();
        assert_eq!(Stamp::at(opens, &zone).iso(), "2026-11-23T00:00:00+00:00");
        let opens = Due::DayOf.opens(planned, &zone).unwrap();
        assert_eq!(Stamp::at(opens, &zone).iso(), "2026-11-24T00:00:00+00:00");
    }

    #[test]
    fn files_name_groups_by_their_keys() {
        for due in Due::ALL {
            let text = json::to_string(&due);
            assert_eq!(text, format!("\"{}\"", due.key()));
            assert_eq!(json::from_str(&text), Ok(due));
        }
    }
}
