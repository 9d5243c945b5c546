//! Planning sessions: the list, the form to add or change one, and marking one started and
//! ended (the end time drives aftercare and the 72-hour window).

use super::components::{on_change, on_click, on_submit, CollectAny};
use super::route::{self, Route};
use super::state::use_app;
use crate::domain::session::{
    Phase, Route as DoseRoute, Session, SessionId, SessionState, Setting,
};
use crate::domain::time::{
    self, input_date, input_time, parse_input_date, parse_input_time, Stamp, Zone,
};
use leptos::prelude::*;

/// A date and time from form inputs, on the phone's clock, as a stamp.
pub fn wall_time_to_stamp(date: &str, time: &str) -> Option<Stamp> {
    let zone = super::clock::BrowserZone;
    let wall = parse_input_date(date)?.and_time(parse_input_time(time)?);
    Some(Stamp::at(zone.instant_of(wall), &zone))
}

/// Marks a session started now.
pub fn start_session(id: &SessionId) {
    let app = use_app();
    let now = app.stamp_now();
    let id = id.clone();
    app.update_session(&id, move |session| {
        session.started = Some(now);
        Ok(())
    });
}

/// Marks a session ended now (the time can be corrected in the session's form).
pub fn end_session(id: &SessionId) {
    let app = use_app();
    let now = app.stamp_now();
    let id = id.clone();
    let ended = app.update_session(&id, move |session| {
        session.started = Some(session.started.unwrap_or(now));
        session.ended = Some(now);
        Ok(())
    });
    if ended {
        app.say_on(
            Route::Aftercare,
            "Session ended. Aftercare starts now; rest.",
            None,
        );
        route::go(&Route::Aftercare);
    }
}

/// Every planned and past session.
#[component]
pub fn SessionsScreen() -> impl IntoView {
    let app = use_app();
    view! {
        <h1 class="screen-title" tabindex="-1">"Sessions"</h1>
        <a class="btn btn-primary btn-block" href="#/sessions/new">"Plan a session"</a>
        {move || {
            let plan = app.plan.get();
            if plan.course.sessions.is_empty() {
                return view! { <p class="empty">"No sessions yet."</p> }.into_any();
            }
            view! {
                <ul class="stack">
                    {plan.course.sessions.iter().enumerate().map(|(i, s)| {
                        let state = match s.state() {
                            SessionState::Planned => "planned",
                            SessionState::InProgress => "under way",
                            SessionState::Ended => "done",
                        };
                        let phase = match s.phase { Phase::Induction => "induction", Phase::Maintenance => "maintenance" };
                        let label = format!("Session {}: {} ({phase}, {state})", i + 1, app.when(s.planned.utc()));
                        view! {
                            <li class="card">
                                <a class="btn btn-quiet btn-block" href=Route::EditSession(s.id.0.clone()).href()>{label}</a>
                            </li>
                        }
                    }).collect_any()}
                </ul>
            }
            .into_any()
        }}
    }
}

/// A session's date, time and setting: the fields the first-run welcome and the session form
/// share. `prefix` keeps the inputs' ids unique (`{prefix}-date`, `{prefix}-time`).
pub fn when_and_where(
    prefix: &'static str,
    date: RwSignal<String>,
    time: RwSignal<String>,
    setting: RwSignal<Setting>,
) -> impl IntoView {
    let date_id = format!("{prefix}-date");
    let time_id = format!("{prefix}-time");
    let choice = move |value: Setting, label: &'static str| {
        view! {
            <button type="button" aria-pressed=move || (setting.get() == value).to_string()
                on:click=on_click(move |_| setting.set(value))>{label}</button>
        }
    };
    view! {
        <div class="grid-2">
            <div class="field">
                <label for=date_id.clone()>"Date"</label>
                <input id=date_id type="date" required bind:value=date />
            </div>
            <div class="field">
                <label for=time_id.clone()>"Time"</label>
                <input id=time_id type="time" required bind:value=time />
            </div>
        </div>
        <fieldset class="group">
            <legend>"Where"</legend>
            <div class="segmented">
                {choice(Setting::Clinic, "At the clinic")}
                {choice(Setting::Home, "At home, with support")}
            </div>
        </fieldset>
    }
}

/// Adds a session (`id: None`) or changes one.
#[component]
pub fn SessionForm(
    /// The session to change; `None` to plan a new one.
    id: Option<String>,
) -> impl IntoView {
    let app = use_app();
    let zone = app.zone();
    let existing = id.as_ref().and_then(|id| {
        app.plan
            .with_untracked(|p| p.course.get(&SessionId(id.clone())).cloned())
    });
    let is_new = existing.is_none();
    if id.is_some() && is_new {
        return view! {
            <h1 class="screen-title" tabindex="-1">"Session not found"</h1>
            <p>"It may have been removed in another tab."</p>
            <a class="btn btn-secondary" href="#/sessions">"All sessions"</a>
        }
        .into_any();
    }
    let tomorrow = app.now.get_untracked() + chrono::Duration::days(1);
    let base = existing.clone().unwrap_or_else(|| {
        Session::planned(
            SessionId(super::clock::new_id("s")),
            Stamp::at(tomorrow, &zone),
        )
    });
    let local = |s: Stamp| zone.local(s.utc());
    let date = RwSignal::new(if is_new {
        String::new()
    } else {
        input_date(local(base.planned).date_naive())
    });
    let time = RwSignal::new(if is_new {
        "09:00".to_string()
    } else {
        input_time(local(base.planned).time())
    });
    let setting = RwSignal::new(base.setting);
    let phase = RwSignal::new(base.phase);
    let place = RwSignal::new(base.place.clone());
    let dose_route = RwSignal::new(base.route.map(|r| r.key().to_string()).unwrap_or_default());
    let started = base.started.map(|s| input_time(local(s).time()));
    let ended = base.ended.map(|s| input_time(local(s).time()));
    let start_time = RwSignal::new(started.clone().unwrap_or_default());
    let end_time = RwSignal::new(ended.clone().unwrap_or_default());
    let problem = RwSignal::new(None::<String>);
    let base_for_save = base.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(planned) = wall_time_to_stamp(&date.get_untracked(), &time.get_untracked()) else {
            problem.set(Some("Choose a date and a time.".into()));
            return;
        };
        let mut session = base_for_save.clone();
        // Moving the planned date keeps an actual start or end on its own day.
        let on_day = |original: Option<Stamp>, text: String| -> Option<Stamp> {
            let original = original?;
            let day = zone.local(original.utc()).date_naive();
            parse_input_time(&text)
                .map(|t| Stamp::at(zone.instant_of(day.and_time(t)), &zone))
                .or(Some(original))
        };
        session.started = on_day(session.started, start_time.get_untracked());
        session.ended = on_day(session.ended, end_time.get_untracked());
        session.planned = planned;
        session.setting = setting.get_untracked();
        session.phase = phase.get_untracked();
        session.place = place.get_untracked().trim().to_string();
        session.route = DoseRoute::from_key(&dose_route.get_untracked());
        let problems = session.problems();
        if !problems.is_empty() {
            problem.set(Some(problems.join(" ")));
            return;
        }
        let opened = base_for_save.clone();
        if app.update_plan(move |plan| {
            // Only what this form changed, on top of the session as stored now.
            let merged = match plan.course.get(&session.id) {
                Some(stored) => {
                    let mut stored = stored.clone();
                    stored.apply_changes(&opened, &session);
                    stored
                }
                None => session,
            };
            let problems = merged.problems();
            if !problems.is_empty() {
                return Err(problems.join(" "));
            }
            plan.course.upsert(merged);
            plan.welcomed = true;
            Ok(())
        }) {
            app.say_on(Route::Sessions, "Session saved.", None);
            route::go(&Route::Sessions);
        } else {
            problem.set(app.error.get_untracked());
        }
    };
    let confirm_remove = RwSignal::new(false);
    let remove_id = base.id.clone();
    let remove = move |_| {
        let id = remove_id.clone();
        if app.update_plan(move |plan| {
            plan.course.remove(&id);
            Ok(())
        }) {
            app.say_on(
                Route::Sessions,
                "Session removed. Journal entries are kept.",
                None,
            );
            route::go(&Route::Sessions);
        }
    };
    let title = if is_new {
        "Plan a session"
    } else {
        "Change session"
    };
    view! {
        <h1 class="screen-title" tabindex="-1">{title}</h1>
        <form class="card stack" on:submit=on_submit(save) novalidate>
            {when_and_where("session", date, time, setting)}
            <div class="field">
                <label for="session-place">"Place (optional)"</label>
                <input id="session-place" type="text" maxlength="120" bind:value=place />
            </div>
            <fieldset class="group">
                <legend>"Part of the course"</legend>
                <div class="segmented">
                    <button type="button" aria-pressed=move || (phase.get() == Phase::Induction).to_string() on:click=on_click(move |_| phase.set(Phase::Induction))>"Induction"</button>
                    <button type="button" aria-pressed=move || (phase.get() == Phase::Maintenance).to_string() on:click=on_click(move |_| phase.set(Phase::Maintenance))>"Maintenance"</button>
                </div>
            </fieldset>
            <div class="field">
                <label for="session-route">"How the medicine is given"</label>
                <select id="session-route" on:change=on_change(move |ev| dose_route.set(event_target_value(&ev))) prop:value=move || dose_route.get()>
                    <option value="">"Not known yet"</option>
                    {DoseRoute::ALL.into_iter().map(|r| view! { <option value=r.key()>{r.name()}</option> }).collect_any()}
                </select>
                <p class="hint">"As your clinic decides. Waypoint never suggests a dose."</p>
            </div>
            {started.map(|_| view! {
                <div class="field">
                    <label for="session-started">"Started at"</label>
                    <input id="session-started" type="time" bind:value=start_time />
                </div>
            }.into_any())}
            {ended.map(|_| view! {
                <div class="field">
                    <label for="session-ended">"Ended at"</label>
                    <input id="session-ended" type="time" bind:value=end_time />
                    <p class="hint">"Aftercare and the 72 hours count from this time."</p>
                </div>
            }.into_any())}
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> }.into_any())}
            <button class="btn btn-primary btn-block" type="submit">"Save session"</button>
            <a class="btn btn-quiet btn-block" href="#/sessions">"Cancel"</a>
        </form>
        {(!is_new).then(|| view! {
            <section class="card stack">
                {move || if confirm_remove.get() {
                    let remove = remove.clone();
                    view! {
                        <p role="alert">"Remove this session? Journal entries written around it are kept."</p>
                        <div class="row">
                            <button class="btn btn-danger" type="button" on:click=on_click(remove)>"Yes, remove"</button>
                            <button class="btn btn-secondary" type="button" on:click=on_click(move |_| confirm_remove.set(false))>"Keep it"</button>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <button class="btn btn-danger btn-block" type="button" on:click=on_click(move |_| confirm_remove.set(true))>"Remove this session"</button>
                    }.into_any()
                }}
            </section>
        }.into_any())}
        <p class="muted">{move || format!("Dates and times are on this phone's clock ({}).", time::clock(app.zone().local(app.now.get()), app.clock_style()))}</p>
    }
    .into_any()
}
