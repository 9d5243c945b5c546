//! Settings: the clinic's protocol, the crisis line, theme and clock, and the data on this phone
//! (how much space it uses, rescued copies, backup, and deleting everything).

use super::components::{download, on_change, on_click, on_submit, CollectAny};
use super::crisis::CrisisOptions;
use super::state::use_app;
use crate::domain::plan::{ClockChoice, CrisisChoice, Theme};
use crate::domain::protocol::{
    ClinicProtocol, FASTING_HOURS, MORNING_HOUR, NO_DECISIONS_HOURS, NO_DRIVING_HOURS,
    SUBSTANCES_HOURS,
};
use crate::storage::QUOTA_UNITS;
use leptos::prelude::*;
use std::ops::RangeInclusive;

/// The Settings screen.
#[component]
pub fn SettingsScreen() -> impl IntoView {
    view! {
        <h1 class="screen-title" tabindex="-1">"Settings"</h1>
        <ProtocolForm />
        <Appearance />
        <super::pwa::InstallAndStorage />
        <DataOnPhone />
    }
}

fn text_field(
    id: &'static str,
    label: &'static str,
    kind: &'static str,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id type=kind maxlength="80" bind:value=value />
        </div>
    }
}

fn hours_field(
    id: &'static str,
    label: &'static str,
    range: RangeInclusive<u8>,
    value: RwSignal<String>,
) -> impl IntoView {
    let hint = format!("{} to {} hours", range.start(), range.end());
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id type="number" inputmode="numeric" min=range.start().to_string() max=range.end().to_string()
                aria-describedby=hint_id.clone() bind:value=value />
            <p class="hint" id=hint_id>{hint}</p>
        </div>
    }
}

#[component]
fn ProtocolForm() -> impl IntoView {
    let app = use_app();
    let p = app.plan.get_untracked().settings.protocol;
    // What the form showed when it opened: saving applies only the fields changed since.
    let opened = StoredValue::new(p.clone());
    let clinic_name = RwSignal::new(p.clinic_name.clone());
    let clinic_phone = RwSignal::new(p.clinic_phone.clone());
    let crisis_name = RwSignal::new(p.crisis_line.name.clone());
    let crisis_number = RwSignal::new(p.crisis_line.number.clone());
    let emergency = RwSignal::new(p.emergency_number.clone());
    // The country whose lines fill the three fields above; typing other numbers makes them the
    // patient's own.
    let choice = app.plan.with_untracked(|p| p.settings.crisis.clone());
    let country = RwSignal::new(match &choice {
        CrisisChoice::Country(code) => Some(code.clone()),
        _ => None,
    });
    // The table of countries comes with its own module.
    let table = RwSignal::new(None::<CrisisOptions>);
    leptos::task::spawn_local(async move {
        if let Ok(options) = super::crisis_options().await {
            table.set(Some(options));
        }
    });
    let lines_of =
        move |code: &str| table.with_untracked(|t| t.as_ref().and_then(|o| o.get(code).cloned()));
    let pick_country = move |code: String| {
        if let Some(lines) = lines_of(&code) {
            let line = lines.phone_line().unwrap_or_default();
            crisis_name.set(line.name);
            crisis_number.set(line.number);
            emergency.set(lines.emergency.clone());
        }
        country.set((!code.is_empty()).then_some(code));
    };
    let fasting = RwSignal::new(p.fasting_hours.to_string());
    let substances = RwSignal::new(p.substances_hours.to_string());
    let driving = RwSignal::new(p.no_driving_hours.to_string());
    let until_morning = RwSignal::new(p.no_driving_until_morning);
    let morning = RwSignal::new(p.morning_hour.to_string());
    let decisions = RwSignal::new(p.no_decisions_hours.to_string());
    let problem = RwSignal::new(None::<String>);
    let status = RwSignal::new("");
    // Times shorter than the usual advice are said plainly, and saved only once the patient
    // confirms their clinic set them.
    let shorter_ok = RwSignal::new(false);
    let shorter = move || {
        let mut p = opened.get_value();
        if let Ok(h) = driving.get().trim().parse() {
            p.no_driving_hours = h;
        }
        p.no_driving_until_morning = until_morning.get();
        if let Ok(h) = decisions.get().trim().parse() {
            p.no_decisions_hours = h;
        }
        p.shorter_than_usual()
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let hours = |s: RwSignal<String>, what: &str| {
            s.get_untracked()
                .trim()
                .parse::<u8>()
                .map_err(|_| format!("{what}: enter a whole number of hours."))
        };
        let built = (|| -> Result<ClinicProtocol, String> {
            let mut p = opened.get_value();
            p.clinic_name = clinic_name.get_untracked().trim().into();
            p.clinic_phone = clinic_phone.get_untracked().trim().into();
            p.crisis_line.name = crisis_name.get_untracked().trim().into();
            p.crisis_line.number = crisis_number.get_untracked().trim().into();
            p.emergency_number = emergency.get_untracked().trim().into();
            p.fasting_hours = hours(fasting, "Fasting")?;
            p.substances_hours = hours(substances, "No alcohol or drugs")?;
            p.no_driving_hours = hours(driving, "No driving")?;
            p.no_driving_until_morning = until_morning.get_untracked();
            p.morning_hour = hours(morning, "Morning starts at")?;
            p.no_decisions_hours = hours(decisions, "No big decisions")?;
            if p.emergency_number.is_empty() {
                return Err("Keep an emergency number: it is behind the Help button.".into());
            }
            let problems = p.problems();
            if !problems.is_empty() {
                return Err(problems.join(" "));
            }
            let before = opened.get_value();
            let changed_safety = (
                p.no_driving_hours,
                p.no_driving_until_morning,
                p.no_decisions_hours,
            ) != (
                before.no_driving_hours,
                before.no_driving_until_morning,
                before.no_decisions_hours,
            );
            if changed_safety && !p.shorter_than_usual().is_empty() && !shorter_ok.get_untracked() {
                return Err("These times are shorter than the usual advice. Tick \"My clinic gave me these times\" to save them, or change them back.".into());
            }
            Ok(p)
        })();
        match built {
            Err(why) => {
                problem.set(Some(why));
                status.set("");
            }
            Ok(mut protocol) => {
                // The country's own lines (with their hours), or numbers the patient typed.
                let chosen = country.get_untracked().and_then(|code| lines_of(&code));
                let crisis_choice = match chosen {
                    Some(lines)
                        if {
                            let line = lines.phone_line().unwrap_or_default();
                            (line.name, line.number, &lines.emergency)
                                == (
                                    protocol.crisis_line.name.clone(),
                                    protocol.crisis_line.number.clone(),
                                    &protocol.emergency_number,
                                )
                        } =>
                    {
                        protocol.crisis_line = lines.phone_line().unwrap_or_default();
                        CrisisChoice::Country(lines.code)
                    }
                    _ => {
                        protocol.crisis_line.about.clear();
                        CrisisChoice::OwnNumbers
                    }
                };
                let before = opened.get_value();
                let lines_changed = before.crisis_line != protocol.crisis_line
                    || before.emergency_number != protocol.emergency_number
                    || country.get_untracked().as_deref()
                        != match &choice {
                            CrisisChoice::Country(code) => Some(code.as_str()),
                            _ => None,
                        };
                if app.update_plan(move |plan| {
                    // Only what this form changed, on top of what is stored now.
                    plan.settings
                        .protocol
                        .apply_changes(&opened.get_value(), &protocol);
                    if lines_changed {
                        plan.settings.crisis = crisis_choice;
                    }
                    Ok(())
                }) {
                    opened.set_value(app.plan.get_untracked().settings.protocol);
                    shorter_ok.set(false);
                    problem.set(None);
                    status.set("Saved.");
                } else {
                    problem.set(app.error.get_untracked());
                }
            }
        }
    };
    view! {
        <form class="card stack" on:submit=on_submit(save) novalidate aria-labelledby="protocol-title">
            <h2 id="protocol-title">"My clinic"</h2>
            {text_field("clinic-name", "Clinic or therapist name", "text", clinic_name)}
            {text_field("clinic-phone", "Clinic phone", "tel", clinic_phone)}
            <h3>"Crisis line and emergency number"</h3>
            {move || match table.get() {
                Some(options) => view! {
                    <div class="field">
                        <label for="settings-country">"My country"</label>
                        <select id="settings-country" prop:value=move || country.get().unwrap_or_default()
                            on:change=on_change(move |ev| pick_country(event_target_value(&ev)))>
                            <option value="">"Not listed: my own numbers"</option>
                            {options.countries.iter().map(|c| view! { <option value=c.code.clone()>{c.name.clone()}</option> }).collect_any()}
                        </select>
                        <p class="hint">"Choosing a country fills in its crisis line and emergency number. Save to keep them."</p>
                    </div>
                }.into_any(),
                None => ().into_any(),
            }}
            {text_field("crisis-name", "Crisis line name", "text", crisis_name)}
            {text_field("crisis-number", "Crisis line number", "tel", crisis_number)}
            {text_field("emergency-number", "Emergency number", "tel", emergency)}
            <h3>"My clinic's protocol"</h3>
            {hours_field("fasting-hours", "No food or drink before a session (hours)", FASTING_HOURS, fasting)}
            {hours_field("substances-hours", "No alcohol or recreational drugs before (hours)", SUBSTANCES_HOURS, substances)}
            {hours_field("driving-hours", "No driving after a session ends (hours)", NO_DRIVING_HOURS, driving)}
            <label class="check" for="until-morning">
                <input id="until-morning" type="checkbox" prop:checked=move || until_morning.get()
                    on:change=on_change(move |ev| until_morning.set(event_target_checked(&ev))) />
                <span class="check-text">"And not before the next morning"</span>
            </label>
            {hours_field("morning-hour", "The morning starts at (hour of the day)", MORNING_HOUR, morning)}
            {hours_field("decisions-hours", "No big decisions after a session (hours)", NO_DECISIONS_HOURS, decisions)}
            {move || {
                let warnings = shorter();
                (!warnings.is_empty()).then(|| view! {
                    <div class="banner banner-warning stack" id="shorter-than-usual">
                        {warnings.into_iter().map(|w| view! { <p>{w}</p> }).collect_any()}
                        <p>"After a session, reactions and judgement stay slower for hours after you feel fine. Use shorter times only if your clinic gave them to you."</p>
                        <label class="check" for="shorter-ok">
                            <input id="shorter-ok" type="checkbox" prop:checked=move || shorter_ok.get()
                                on:change=on_change(move |ev| shorter_ok.set(event_target_checked(&ev))) />
                            <span class="check-text">"My clinic gave me these times"</span>
                        </label>
                    </div>
                }.into_any())
            }}
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> }.into_any())}
            <button class="btn btn-primary btn-block" type="submit">"Save clinic settings"</button>
            <p class="muted" role="status">{move || status.get()}</p>
        </form>
    }
}

#[component]
fn Appearance() -> impl IntoView {
    let app = use_app();
    let theme = move || app.plan.with(|p| p.settings.theme);
    let clock = move || app.plan.with(|p| p.settings.clock);
    let set_theme = move |t: Theme| {
        app.update_plan(move |p| {
            p.settings.theme = t;
            Ok(())
        });
    };
    let set_clock = move |c: ClockChoice| {
        app.update_plan(move |p| {
            p.settings.clock = c;
            Ok(())
        });
    };
    view! {
        <section class="card stack" aria-labelledby="appearance-title">
            <h2 id="appearance-title">"Look and clock"</h2>
            <fieldset class="group">
                <legend>"Theme"</legend>
                <div class="segmented">
                    {[(Theme::System, "Like my phone"), (Theme::Light, "Light"), (Theme::Dark, "Dark")].into_iter().map(|(t, label)| view! {
                        <button type="button" aria-pressed=move || (theme() == t).to_string() on:click=on_click(move |_| set_theme(t))>{label}</button>
                    }).collect_any()}
                </div>
            </fieldset>
            <fieldset class="group">
                <legend>"Clock"</legend>
                <div class="segmented">
                    {[(ClockChoice::Locale, "Like my phone"), (ClockChoice::H24, "24-hour"), (ClockChoice::H12, "12-hour")].into_iter().map(|(c, label)| view! {
                        <button type="button" aria-pressed=move || (clock() == c).to_string() on:click=on_click(move |_| set_clock(c))>{label}</button>
                    }).collect_any()}
                </div>
            </fieldset>
        </section>
    }
}

#[component]
fn DataOnPhone() -> impl IntoView {
    let app = use_app();
    app.refresh_usage();
    let confirming = RwSignal::new(false);
    let percent = move || app.usage.get() * 100 / QUOTA_UNITS;
    let usage = move || {
        let kb = app.usage.get() * 2 / 1024;
        format!(
            "Waypoint uses about {kb} KB, {}% of the space this browser gives it. {} entries.",
            percent(),
            app.entries.with(Vec::len)
        )
    };
    let delete_all = move |_| {
        if app.delete_all() {
            confirming.set(false);
            app.say("Everything was deleted from this phone.", None);
        }
    };
    view! {
        <section class="card stack" aria-labelledby="data-title">
            <h2 id="data-title">"My data"</h2>
            <p>"Everything stays in this browser on this phone. Nothing is sent anywhere."</p>
            <p>{move || usage()}</p>
            {move || (percent() >= 80).then(|| view! {
                <p class="banner banner-warning" role="alert">"Storage is getting full. Download a backup, then delete old entries you no longer need."</p>
            }.into_any())}
            {move || app.newer_version.get().is_some().then(|| view! {
                <div class="banner banner-warning stack">
                    <p>"This journal was saved by a newer version of Waypoint, so this one keeps it untouched. You can still take it with you:"</p>
                    <button class="btn btn-secondary btn-block" type="button"
                        on:click=on_click(move |_| download("waypoint-journal-as-saved.json", "application/json", &app.raw_journal()))>
                        "Download it exactly as saved"
                    </button>
                </div>
            }.into_any())}
            <h3>"Backups"</h3>
            <super::backup::BackupStatusLine />
            <super::backup::MakeBackup />
            <a class="btn btn-quiet btn-block" href="#/share">"Restore from a backup"</a>
            {move || {
                let rescued = app.rescued.get();
                (!rescued.is_empty()).then(|| view! {
                    <div class="stack">
                        <h3>"Data that could not be read"</h3>
                        <p>"Kept exactly as it was found. Download it to keep it, or let it go."</p>
                        <ul class="stack">
                            {rescued.into_iter().map(|(key, raw)| {
                                let name = format!("{}.txt", key.replace('.', "-"));
                                let k2 = key.clone();
                                view! {
                                    <li class="row">
                                        <span class="muted">{key.clone()}</span>
                                        <button class="btn btn-secondary" type="button" on:click=on_click(move |_| download(&name, "text/plain", &raw))>"Download"</button>
                                        <button class="btn btn-quiet" type="button" on:click=on_click(move |_| app.discard_rescued(&k2))>"Let it go"</button>
                                    </li>
                                }
                            }).collect_any()}
                        </ul>
                    </div>
                }.into_any())
            }}
            {move || if !confirming.get() {
                view! {
                    <button class="btn btn-danger btn-block" type="button" on:click=on_click(move |_| confirming.set(true))>"Delete all my data"</button>
                }.into_any()
            } else { view! {
                <div class="banner banner-error stack" role="alert">
                    <p>"Delete your plan, settings and every journal entry from this phone? This cannot be undone. A backup you downloaded is not affected."</p>
                    <button class="btn btn-danger btn-block" type="button" on:click=on_click(delete_all)>"Yes, delete everything"</button>
                    <button class="btn btn-secondary btn-block" type="button" on:click=on_click(move |_| confirming.set(false))>"Keep my data"</button>
                </div>
            }.into_any()}}
        </section>
    }
}
