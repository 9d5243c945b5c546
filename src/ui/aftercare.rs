//! Aftercare: the rules in force since the last session ended, each with its end time and
//! whether it still applies, self-care ticks, and which signs are normal and which mean calling.

use super::components::{on_change, CollectAny};
use super::sessions::{EndQuestion, EndedAt};
use super::state::use_app;
use crate::domain::aftercare::{
    self, AftercareRule, RulesFrom, CALL_CLINIC_SIGNS, EMERGENCY_SIGNS, NORMAL_SIGNS,
};
use crate::domain::protocol::tel_href;
use crate::domain::session::SessionId;
use crate::domain::time::span_words;
use leptos::prelude::*;

/// The Aftercare screen.
#[component]
pub fn AftercareScreen() -> impl IntoView {
    let app = use_app();
    // The session under way (its rules are in force from its start), else the last ended.
    let last = Memo::new(move |_| {
        app.plan.with(|p| {
            p.course
                .aftercare_session(app.now.get())
                .map(|s| s.id.clone())
        })
    });
    // "Has your session ended?" once it has gone on longer than sessions like it.
    let asking = Memo::new(move |_| {
        let now = app.now.get();
        app.plan.with(|p| {
            p.course
                .in_progress()
                .and_then(|s| s.ask_if_ended(now).map(|likely| (s.id.clone(), likely)))
        })
    });
    view! {
        <h1 class="screen-title" tabindex="-1">"Aftercare"</h1>
        {move || asking.get().map(|(id, likely)| view! { <EndQuestion id=id likely=likely /> }.into_any())}
        {move || match last.get() {
            Some(id) => view! {
                <Rules id=id.clone() />
                <SelfCare id=id.clone() />
                <super::calendar::CheckInsCalendar id=id />
            }.into_any(),
            None => view! {
                <section class="card">
                    <p>"After your session, the rules for the rest of the day appear here with the time each one ends."</p>
                </section>
            }
            .into_any(),
        }}
        <Signs />
    }
}

#[component]
fn Rules(id: SessionId) -> impl IntoView {
    let app = use_app();
    view! {
        {move || {
            let now = app.now.get();
            let (from, list) = app.plan.with(|p| {
                p.course
                    .get(&id)
                    .map(|s| {
                        (
                            RulesFrom::of(s),
                            aftercare::session_restrictions(s, &p.settings.protocol, &app.zone(), now),
                        )
                    })
                    .unwrap_or_default()
            });
            let basis = match from {
                Some(RulesFrom::UnderWay { started, likely_end }) => view! {
                    <p class="muted">{format!(
                        "Your session started {} and has not been marked as ended. These rules are in force from its start, counted from about {}, when sessions like yours usually end.",
                        app.when(started),
                        app.clock_and_day(likely_end)
                    )}</p>
                }.into_any(),
                Some(RulesFrom::Ended(_)) => view! { <EndedAt id=id.clone() /> }.into_any(),
                None => ().into_any(),
            };
            view! {
                <section class="card stack" aria-labelledby="restrictions-title">
                    <h2 id="restrictions-title">"For your safety"</h2>
                    {basis}
                    <ul class="rules">
                        {list.into_iter().map(|r| {
                            let until = if r.in_force {
                                format!("until {} · {} left", app.when(r.until), span_words(r.until - now))
                            } else {
                                format!("ended {}", app.when(r.until))
                            };
                            view! {
                                <li class="rule">
                                    <span class="rule-title">{r.rule.title()}</span>
                                    <span class="rule-until clock">{until}</span>
                                    <span class="badge" class:badge-active=r.in_force class:badge-done=!r.in_force>
                                        {if r.in_force { "In force" } else { "Over" }}
                                    </span>
                                    <p class="muted">{r.rule.why()}</p>
                                </li>
                            }
                        }).collect_any()}
                    </ul>
                </section>
            }
            .into_any()
        }}
    }
}

#[component]
fn SelfCare(id: SessionId) -> impl IntoView {
    let app = use_app();
    let ticked = {
        let id = id.clone();
        move |key: &'static str| {
            app.plan.with(|p| {
                p.course
                    .get(&id)
                    .is_some_and(|s| s.self_care.iter().any(|k| k == key))
            })
        }
    };
    let set = move |key: &'static str, on: bool| {
        let id = id.clone();
        app.update_session(&id, move |session| {
            session.self_care.retain(|k| k != key);
            if on {
                session.self_care.push(key.to_string());
            }
            Ok(())
        });
    };
    view! {
        <section class="card stack" aria-labelledby="selfcare-title">
            <h2 id="selfcare-title">"Looking after yourself"</h2>
            <ul class="checklist">
                {AftercareRule::SELF_CARE.into_iter().map(|rule| {
                    let key = rule.key();
                    let ticked = ticked.clone();
                    let set = set.clone();
                    let input_id = format!("care-{key}");
                    view! {
                        <li class="check-item">
                            <label class="check" for=format!("care-{key}")>
                                <input id=input_id type="checkbox" prop:checked=move || ticked(key)
                                    on:change=on_change(move |ev| set(key, event_target_checked(&ev))) />
                                <span class="check-text">{rule.title()}<br /><span class="muted">{rule.why()}</span></span>
                            </label>
                        </li>
                    }
                }).collect_any()}
            </ul>
        </section>
    }
}

#[component]
fn Signs() -> impl IntoView {
    let app = use_app();
    let list = |items: &'static [&'static str]| {
        items.iter().map(|s| view! { <li>{*s}</li> }).collect_any()
    };
    let clinic_call = move || {
        app.plan.with(|p| {
            let p = &p.settings.protocol;
            (!p.clinic_phone.is_empty()).then(|| {
                let label = format!("Call the clinic ({})", p.clinic_phone);
                view! { <a class="btn btn-secondary btn-block" href=tel_href(&p.clinic_phone)>{label}</a> }.into_any()
            })
        })
    };
    let emergency = move || {
        app.plan
            .with(|p| p.settings.protocol.emergency_number.clone())
    };
    // Thoughts of self-harm have their own one tap: someone to talk to, beside emergency.
    let crisis_call = move || {
        app.plan.with(|p| p.settings.protocol.help_lines().crisis).map(|line| {
            let label = format!("Thoughts of harming yourself? Call {} ({})", line.name, line.number);
            view! { <a class="btn btn-primary btn-block" href=tel_href(&line.number)>{label}</a> }.into_any()
        })
    };
    view! {
        <section class="card stack" aria-labelledby="normal-title">
            <h2 id="normal-title">"Normal afterwards"</h2>
            <p>"These are common and usually pass within an hour or two:"</p>
            <ul class="signs">{list(NORMAL_SIGNS)}</ul>
        </section>
        <section class="card stack" aria-labelledby="clinic-signs-title">
            <h2 id="clinic-signs-title">"Call your clinic if"</h2>
            <ul class="signs red-flags">{list(CALL_CLINIC_SIGNS)}</ul>
            {move || clinic_call()}
        </section>
        <section class="card stack" aria-labelledby="emergency-title">
            <h2 id="emergency-title">"Call emergency services now if"</h2>
            <ul class="signs red-flags">{list(EMERGENCY_SIGNS)}</ul>
            {move || crisis_call()}
            <a class="btn btn-danger btn-block" href=move || tel_href(&emergency())>{move || format!("Call {}", emergency())}</a>
        </section>
    }
}
