//! Prepare: the next session's checklist grouped by when each item is due (with clock times from
//! the clinic protocol), its intention, and its route with typical timing as information.

use super::components::{on_change, on_click, on_input, on_submit, CollectAny};
use super::sessions::{StartSession, UnderWay};
use super::state::use_app;
use crate::domain::checklist::{self, Due, ItemTime};
use crate::domain::session::{Route as DoseRoute, Session, SessionId};
use crate::domain::today::intention_invitation;
use leptos::prelude::*;

/// The Prepare screen.
#[component]
pub fn PrepareScreen() -> impl IntoView {
    let app = use_app();
    let next = Memo::new(move |_| {
        app.plan
            .with(|p| p.course.next_session(app.now.get()).map(|s| s.id.clone()))
    });
    view! {
        <h1 class="screen-title" tabindex="-1">"Prepare"</h1>
        {move || match next.get() {
            None => view! {
                <section class="card stack">
                    <p>"No session is coming up. Plan one and its checklist appears here."</p>
                    <a class="btn btn-primary btn-block" href="#/sessions/new">"Plan a session"</a>
                    <a class="btn btn-quiet btn-block" href="#/sessions">"All sessions"</a>
                </section>
            }
            .into_any(),
            Some(id) => view! { <SessionPrep id=id /> }.into_any(),
        }}
    }
}

fn with_session<T>(id: &SessionId, f: impl FnOnce(&Session) -> T) -> Option<T> {
    use_app().plan.with(|p| p.course.get(id).map(f))
}

#[component]
fn SessionPrep(id: SessionId) -> impl IntoView {
    let app = use_app();
    let summary = {
        let id = id.clone();
        move || {
            with_session(&id, |s| {
                let place = if s.place.is_empty() {
                    String::new()
                } else {
                    format!(" · {}", s.place)
                };
                format!("{}{place}", app.when(s.planned.utc()))
            })
            .unwrap_or_default()
        }
    };
    let edit_href = format!("#/session/{}", id.0);
    let start_id = id.clone();
    // Redrawn only when the session starts or stops, so a question being asked stays.
    let under_way = {
        let id = id.clone();
        Memo::new(move |_| with_session(&id, |s| s.started.is_some()).unwrap_or(false))
    };
    view! {
        <section class="card stack">
            <div class="card-header">
                <h2>"Next session"</h2>
                <a class="btn btn-quiet" href=edit_href>"Change"</a>
            </div>
            <p class="lead">{move || summary()}</p>
            {move || if under_way.get() {
                view! { <UnderWay id=start_id.clone() /> }.into_any()
            } else {
                view! { <StartSession id=start_id.clone() /> }.into_any()
            }}
            <a class="btn btn-quiet btn-block" href="#/sessions">"All sessions"</a>
        </section>
        <Checklist id=id.clone() />
        <Intention id=id.clone() />
        <RouteInfo id=id.clone() />
        {move || (!under_way.get()).then(|| view! { <super::calendar::SessionCalendar id=id.clone() /> })}
    }
}

#[component]
fn Checklist(id: SessionId) -> impl IntoView {
    let app = use_app();
    let items = {
        let id = id.clone();
        Memo::new(move |_| {
            app.plan.with(|p| {
                p.course
                    .get(&id)
                    .map(|s| checklist::items(s, &p.settings.protocol))
                    .unwrap_or_default()
            })
        })
    };
    let tick = {
        let id = id.clone();
        move |key: String, on: bool| {
            let id = id.clone();
            app.update_session(&id, move |session| {
                session.checklist.set_ticked(&key, on);
                Ok(())
            });
        }
    };
    let remove = {
        let id = id.clone();
        move |key: String| {
            let id = id.clone();
            app.update_session(&id, move |session| {
                session.checklist.remove(&key);
                Ok(())
            });
        }
    };
    let show_hidden = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            app.update_session(&id, move |session| {
                session.checklist.show_hidden();
                Ok(())
            });
        }
    };
    let has_hidden = {
        let id = id.clone();
        Memo::new(move |_| with_session(&id, checklist::has_hidden).unwrap_or(false))
    };
    let add_id = id.clone();
    let progress_text = move || {
        let (done, total) = items.with(|i| checklist::progress(i));
        format!("{done} of {total} ready")
    };
    view! {
        <section class="card stack" aria-labelledby="checklist-title">
            <div class="card-header">
                <h2 id="checklist-title">"Checklist"</h2>
                <span class="muted" aria-live="polite">{move || progress_text()}</span>
            </div>
            {move || {
                let all = items.get();
                let planned = with_session(&id, |s| s.planned.utc());
                Due::ALL.into_iter().filter_map(|due| {
                    let group: Vec<_> = all.iter().filter(|i| i.due == due).cloned().collect();
                    if group.is_empty() {
                        return None;
                    }
                    let opens = planned.and_then(|p| due.opens(p, &app.zone())).map(|t| format!("from {}", app.when(t)));
                    let tick = tick.clone();
                    let remove = remove.clone();
                    Some(view! {
                        <h3 class="group-title">{due.title()}" "<span class="group-when">{opens}</span></h3>
                        <ul class="checklist">
                            {group.into_iter().map(|item| {
                                let key = item.key.clone();
                                let key2 = item.key.clone();
                                let tick = tick.clone();
                                let remove = remove.clone();
                                let input_id = format!("check-{}", item.key);
                                let time = item.time.map(|ItemTime::From(t)| format!("from {}", app.clock(t)));
                                let action = if item.own { "Remove" } else { "Hide" };
                                let action_label = format!("{action}: {}", item.text);
                                view! {
                                    <li class="check-item" class:is-done=item.ticked>
                                        <label class="check" for=format!("check-{}", item.key)>
                                            <input id=input_id type="checkbox" prop:checked=item.ticked
                                                on:change=on_change(move |ev| tick(key.clone(), event_target_checked(&ev))) />
                                            <span class="check-text">{item.text.clone()}</span>
                                            {time.map(|t| view! { <span class="due-time clock">{t}</span> }.into_any())}
                                        </label>
                                        <div class="check-actions">
                                            <button class="btn btn-quiet" type="button" aria-label=action_label
                                                on:click=on_click(move |_| remove(key2.clone()))>{action}</button>
                                        </div>
                                    </li>
                                }
                            }).collect_any()}
                        </ul>
                    })
                }).collect_any().into_any()
            }}
            {move || has_hidden.get().then(|| {
                let show_hidden = show_hidden.clone();
                view! { <button class="btn btn-quiet" type="button" on:click=on_click(show_hidden)>"Show hidden items"</button> }.into_any()
            })}
            <AddItem id=add_id />
        </section>
    }
}

#[component]
fn AddItem(id: SessionId) -> impl IntoView {
    let app = use_app();
    let text = RwSignal::new(String::new());
    let due = RwSignal::new(Due::DayOf.key().to_string());
    let problem = RwSignal::new(None::<String>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = id.clone();
        let key = super::clock::new_id("own");
        let when = Due::from_key(&due.get_untracked()).unwrap_or(Due::DayOf);
        let words = text.get_untracked();
        let mut outcome = Ok(());
        let saved = app.update_session(&id, |session| {
            outcome = session.checklist.add_own(key, when, &words);
            outcome.clone()?;
            Ok(())
        });
        if saved {
            text.set(String::new());
            problem.set(None);
        } else {
            app.error.set(None);
            problem.set(
                outcome
                    .err()
                    .or_else(|| Some("Could not add the item.".into())),
            );
        }
    };
    view! {
        <form class="stack" on:submit=on_submit(add) novalidate>
            <h3>"Add your own item"</h3>
            <div class="field">
                <label for="own-item">"What to remember"</label>
                <input id="own-item" type="text" maxlength="200" bind:value=text />
            </div>
            <div class="field">
                <label for="own-item-due">"When"</label>
                <select id="own-item-due" on:change=on_change(move |ev| due.set(event_target_value(&ev))) prop:value=move || due.get()>
                    {Due::ALL.into_iter().map(|d| view! { <option value=d.key()>{d.title()}</option> }).collect_any()}
                </select>
            </div>
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> }.into_any())}
            <button class="btn btn-secondary" type="submit">"Add item"</button>
        </form>
    }
}

#[component]
fn Intention(id: SessionId) -> impl IntoView {
    let app = use_app();
    let draft_key = format!("intention-{}", id.0);
    let stored = with_session(&id, |s| s.intention.clone()).unwrap_or_default();
    let invitation = app.plan.with_untracked(|p| {
        p.course.get(&id).and_then(|s| {
            app.entries
                .with_untracked(|e| intention_invitation(p, e, s))
        })
    });
    let initial = app.draft(&draft_key).unwrap_or_else(|| {
        if stored.is_empty() {
            invitation.unwrap_or_default()
        } else {
            stored
        }
    });
    let text = RwSignal::new(initial);
    let status = RwSignal::new("");
    let key_for_input = draft_key.clone();
    let save = move |_| {
        let id = id.clone();
        let words = text.get_untracked();
        if app.update_session(&id, move |session| {
            session.intention = words.trim().to_string();
            Ok(())
        }) {
            app.save_draft(&draft_key, "");
            status.set("Intention saved.");
        }
    };
    view! {
        <section class="card stack">
            <h2><label for="intention">"My intention"</label></h2>
            <p class="hint">"A few words to hold on to: what you hope to meet, understand or let go of."</p>
            <textarea id="intention" rows="4" maxlength="2000" prop:value=move || text.get()
                on:input=on_input(move |ev| {
                    let value = event_target_value(&ev);
                    app.save_draft(&key_for_input, &value);
                    text.set(value);
                    status.set("");
                })></textarea>
            <button class="btn btn-secondary" type="button" on:click=on_click(save)>"Save intention"</button>
            <p class="muted" role="status">{move || status.get()}</p>
        </section>
    }
}

#[component]
fn RouteInfo(id: SessionId) -> impl IntoView {
    let info = move || {
        with_session(&id, |s| s.route).flatten().map(|route: DoseRoute| {
            let t = route.timing();
            format!(
                "{}: effects usually begin within {}–{} minutes and last about {}–{} minutes. Everyone is different; your clinic's guidance comes first.",
                route.name(),
                t.onset_minutes.0,
                t.onset_minutes.1,
                t.lasts_minutes.0,
                t.lasts_minutes.1
            )
        })
    };
    view! {
        <section class="card stack">
            <h2>"How it is given"</h2>
            {move || match info() {
                Some(text) => view! { <p>{text}</p> }.into_any(),
                None => view! { <p class="muted">"Not recorded yet. Choose the route your clinic uses under \"Change\"."</p> }.into_any(),
            }}
        </section>
    }
}
