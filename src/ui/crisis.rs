//! The crisis line for where the patient is: the country Waypoint suggests (time zone first,
//! then the language's region, [`crate::domain::crisis::country_for`]), the picker that changes
//! it, and what choosing a country stores.
//!
//! Everything here runs in a module of its own (the `crisis` split point in `ui/mod.rs`), with
//! the table of countries: a first visit downloads it once the welcome is on screen, a
//! returning patient only when a screen asks. The app's first download knows only the small
//! [`CrisisSuggestion`] the Help sheet offers before a choice is stored.

use super::components::{on_change, CollectAny};
use super::state::{use_app, CrisisSuggestion};
use crate::domain::crisis;
use crate::domain::plan::Plan;
use crate::domain::protocol::PhoneLine;
use leptos::prelude::*;

/// A line to call, as the screens show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineInfo {
    /// The name the patient will recognise.
    pub name: String,
    /// The number as dialled.
    pub number: String,
    /// When it answers, in plain words.
    pub hours: String,
    /// What matters before calling, if anything.
    pub note: Option<String>,
}

/// One country's lines, as the Help sheet offers them (never one number twice).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountryLines {
    /// ISO code, e.g. `GB`.
    pub code: String,
    /// English name.
    pub name: String,
    /// Whom to talk to; empty when no national line is confirmed.
    pub crisis: Vec<LineInfo>,
    /// The emergency number.
    pub emergency: String,
    /// About the emergency number, if anything.
    pub emergency_note: Option<String>,
}

impl CountryLines {
    /// The country's first crisis line as the protocol stores it, with its hours and note;
    /// `None` when it has none.
    pub fn phone_line(&self) -> Option<PhoneLine> {
        self.crisis.first().map(|l| PhoneLine {
            name: l.name.clone(),
            number: l.number.clone(),
            about: match &l.note {
                Some(note) => format!("{}. {note}", l.hours),
                None => format!("{}.", l.hours),
            },
        })
    }

    /// What the Help sheet offers for this country until the choice is stored.
    pub fn suggestion(&self) -> CrisisSuggestion {
        CrisisSuggestion {
            code: self.code.clone(),
            country: self.name.clone(),
            crisis: self.phone_line(),
            emergency: self.emergency.clone(),
        }
    }

    /// Stores this country's lines as the patient's choice.
    pub fn apply_to(&self, plan: &mut Plan) {
        self.suggestion().apply_to(plan);
    }
}

/// Every country with its lines, sorted by name, and the one Waypoint suggests for this phone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrisisOptions {
    /// The code of the country the phone's time zone and language point to, if any.
    pub suggested: Option<String>,
    /// Every country in the table.
    pub countries: Vec<CountryLines>,
}

impl CrisisOptions {
    /// The country with this code.
    pub fn get(&self, code: &str) -> Option<&CountryLines> {
        self.countries.iter().find(|c| c.code == code)
    }
}

/// The table as [`CrisisOptions`], with the suggestion for this phone. Called only from the
/// `crisis` split point, so the table's data stays in that module.
pub fn options() -> CrisisOptions {
    let to_lines = |c: &'static crisis::Country| CountryLines {
        code: c.code.into(),
        name: c.name.into(),
        crisis: c
            .help_lines()
            .crisis_lines
            .into_iter()
            .map(|l| LineInfo {
                name: l.name.into(),
                number: l.number.into(),
                hours: l.hours.into(),
                note: l.note.map(Into::into),
            })
            .collect(),
        emergency: c.emergency.into(),
        emergency_note: c.emergency_note.map(Into::into),
    };
    CrisisOptions {
        suggested: crisis::country_for(&time_zone(), &super::clock::locale())
            .map(|c| c.code.to_string()),
        countries: crisis::all().iter().map(to_lines).collect(),
    }
}

/// The browser's IANA time zone, e.g. `Asia/Kolkata` (empty when it says none).
fn time_zone() -> String {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    js_sys::Reflect::get(&format.resolved_options(), &"timeZone".into())
        .ok()
        .and_then(|z| z.as_string())
        .unwrap_or_default()
}

/// A country's lines, each with its hours and note, for the patient to read before choosing.
fn lines_of(country: &CountryLines) -> AnyView {
    let none = country.crisis.is_empty().then(|| {
        format!(
            "No national crisis line is confirmed for {}. In danger, call emergency services.",
            country.name
        )
    });
    view! {
        <ul class="crisis-lines">
            {country.crisis.iter().map(|l| {
                let note = l.note.clone().map(|n| format!(" {n}")).unwrap_or_default();
                view! { <li><strong>{l.name.clone()}</strong>{format!(": {} ({}).{note}", l.number, l.hours)}</li> }
            }).collect_any()}
            {none.map(|n| view! { <li>{n}</li> }.into_any())}
            <li>{format!("Emergency services: {}.", country.emergency)}
                {country.emergency_note.clone().map(|n| format!(" {n}"))}</li>
        </ul>
    }
    .into_any()
}

/// "If things get hard": the country Waypoint chose for the crisis line, its lines, and
/// "Change" to pick another. `chosen` holds the code of the country shown (the suggestion until
/// the patient changes it); the parent stores it when the patient goes on.
#[component]
pub fn CrisisPicker(
    /// The code of the country whose lines are shown.
    chosen: RwSignal<Option<String>>,
    /// The heading's id, for `aria-labelledby`.
    heading_id: &'static str,
) -> impl IntoView {
    let app = use_app();
    // This component runs in the table's own module: the table is here.
    let options = StoredValue::new(options());
    let changing = RwSignal::new(false);
    if chosen.with_untracked(Option::is_none) {
        chosen.set(options.with_value(|o| o.suggested.clone()));
    }
    // Whatever is shown is what Help offers until a choice is stored.
    Effect::new(move |_| {
        let shown = chosen
            .get()
            .and_then(|code| options.with_value(|o| o.get(&code).map(CountryLines::suggestion)));
        if app.crisis_suggestion.get_untracked() != shown {
            app.crisis_suggestion.set(shown);
        }
    });
    move || {
        let current = chosen
            .get()
            .and_then(|code| options.with_value(|o| o.get(&code).cloned()));
        let found = current.is_some();
        let shown = current.map(|c| {
            view! {
                <p class="lead">{format!("For {}:", c.name)}</p>
                {lines_of(&c)}
            }
            .into_any()
        });
        let picker = (changing.get() || !found).then(|| {
            let list = options.with_value(|o| o.countries.clone());
            view! {
                <div class="field">
                    <label for="crisis-country">"Country"</label>
                    <select id="crisis-country" prop:value=move || chosen.get().unwrap_or_default()
                        on:change=on_change(move |ev| {
                            let code = event_target_value(&ev);
                            chosen.set((!code.is_empty()).then_some(code));
                        })>
                        <option value="">"Choose a country"</option>
                        {list.into_iter().map(|c| view! { <option value=c.code.clone()>{c.name.clone()}</option> }).collect_any()}
                    </select>
                    <p class="hint">"Not listed? Type your own numbers in Settings."</p>
                </div>
            }
            .into_any()
        });
        let not_found = (!found).then(|| {
            view! {
                <p>"Waypoint could not tell which country you are in. Choose it, so Help offers the right numbers."</p>
            }
            .into_any()
        });
        view! {
            {not_found}
            {shown}
            {picker}
            {(found && !changing.get()).then(|| view! {
                <button class="btn btn-quiet" type="button" aria-describedby=heading_id
                    on:click=super::components::on_click(move |_| changing.set(true))>"Change"</button>
            }.into_any())}
        }
        .into_any()
    }
}
