//! Planning sessions: the list, the form to add or change one, and marking one started and
//! ended (the end time drives aftercare and the 72-hour window).

use super::components::{on_change, on_click, on_submit, CollectAny};
use super::route::{self, Route};
use super::state::{use_app, UndoAction};
use crate::domain::session::{
    end_problem, start_needs_confirming, typical_length, Phase, Route as DoseRoute, Session,
    SessionId, SessionState, Setting, UNDO_END_WITHIN,
};
use crate::domain::time::{
    self, input_date, input_time, parse_input_date, parse_input_time, span_words, Stamp, Zone,
};
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// A date and time from form inputs, on the phone's clock, as a stamp.
pub fn wall_time_to_stamp(date: &str, time: &str) -> Option<Stamp> {
    let zone = super::clock::BrowserZone;
    let wall = parse_input_date(date)?.and_time(parse_input_time(time)?);
    Some(Stamp::at(zone.instant_of(wall), &zone))
}

/// An Undo that puts a session's start and end back as they are stored now.
fn times_of(id: &SessionId) -> Option<UndoAction> {
    let app = use_app();
    let (started, ended) = app
        .plan
        .with_untracked(|p| p.course.get(id).map(|s| (s.started, s.ended)))?;
    let id = id.clone();
    Some(std::sync::Arc::new(move || {
        if app.update_session(&id, move |session| {
            session.started = started;
            session.ended = ended;
            Ok(())
        }) {
            app.say(
                match (started, ended) {
                    (None, _) => "Undone: the session is planned, not started.",
                    (Some(_), None) => "Undone: the session is under way again.",
                    (Some(_), Some(_)) => "Undone: the session's times are as they were.",
                },
                None,
            );
        }
    }))
}

/// Marks a session started now and says so, with Undo, on the screen that started it.
pub fn start_session(id: &SessionId) {
    let app = use_app();
    let now = app.stamp_now();
    let before = times_of(id);
    if app.update_session(id, move |session| {
        session.started = Some(now);
        session.ended = None;
        Ok(())
    }) {
        app.say(
            format!(
                "Session started at {}. No driving and no big decisions from now.",
                app.clock(now.utc())
            ),
            before,
        );
    }
}

/// Puts a session that was started by mistake back to planned, with Undo.
pub fn undo_start(id: &SessionId) {
    let app = use_app();
    let before = times_of(id);
    if app.update_session(id, |session| {
        session.started = None;
        session.ended = None;
        Ok(())
    }) {
        app.say("The session is planned again, not started.", before);
    }
}

/// Marks a session ended now (the time can be corrected in the session's form).
pub fn end_session(id: &SessionId) {
    let now = use_app().stamp_now();
    end_session_at(id, now);
}

/// Marks a session ended at `at`, then opens Aftercare with Undo there.
pub fn end_session_at(id: &SessionId, at: Stamp) {
    let app = use_app();
    let before = times_of(id);
    let ended = app.update_session(id, move |session| {
        session.started = Some(session.started.unwrap_or(at));
        session.ended = Some(at);
        let problems = session.problems();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join(" "))
        }
    });
    if ended {
        app.say_on(
            Route::Aftercare,
            format!(
                "Session ended at {}. Aftercare counts from then; rest.",
                app.clock(at.utc())
            ),
            before,
        );
        route::go(&Route::Aftercare);
    }
}

/// Puts an ended session back to under way (an "ended" tapped by mistake), with Undo.
pub fn undo_end(id: &SessionId) {
    let app = use_app();
    let before = times_of(id);
    if app.update_session(id, |session| {
        session.ended = None;
        Ok(())
    }) {
        app.say("The session is under way again.", before);
    }
}

/// "My session is starting": starts at once near the planned time; any other time it asks
/// once, so a stray tap days ahead starts nothing.
#[component]
pub fn StartSession(
    /// The session to start.
    id: SessionId,
) -> impl IntoView {
    let app = use_app();
    let asking = RwSignal::new(None::<String>);
    let id = StoredValue::new(id);
    let tap = move |_| {
        let now = app.fresh_now();
        let question = app.plan.with_untracked(|p| {
            p.course.get(&id.get_value()).and_then(|s| {
                start_needs_confirming(s, now).then(|| {
                    let planned = s.planned.utc();
                    let distance = if planned > now {
                        format!("in {}", span_words(planned - now))
                    } else {
                        format!("{} ago", span_words(now - planned))
                    };
                    format!(
                        "This session is planned for {} ({distance}). Is it starting now? If so, no driving and no big decisions from now, and aftercare counts from this session.",
                        app.when(planned)
                    )
                })
            })
        });
        match question {
            Some(q) => asking.set(Some(q)),
            None => start_session(&id.get_value()),
        }
    };
    view! {
        {move || match asking.get() {
            None => view! {
                <button class="btn btn-secondary btn-block" type="button" on:click=on_click(tap)>"My session is starting"</button>
            }.into_any(),
            Some(question) => view! {
                <div class="banner banner-warning stack" role="alert">
                    <p>{question}</p>
                    <button class="btn btn-primary btn-block" type="button"
                        on:click=on_click(move |_| { asking.set(None); start_session(&id.get_value()); })>
                        "Yes, it is starting now"
                    </button>
                    <button class="btn btn-secondary btn-block" type="button" on:click=on_click(move |_| asking.set(None))>"Not yet"</button>
                </div>
            }.into_any(),
        }}
    }
}

/// A session under way: when it started, "My session has ended", and a way back for a start
/// tapped by mistake.
#[component]
pub fn UnderWay(
    /// The session under way.
    id: SessionId,
) -> impl IntoView {
    let app = use_app();
    let since = app.plan.with_untracked(|p| {
        p.course
            .get(&id)
            .and_then(|s| s.started)
            .map(|t| app.clock_and_day(t.utc()))
            .unwrap_or_default()
    });
    let end_id = id.clone();
    view! {
        <p class="lead">{format!("Started at {since}.")}</p>
        <p>"Nothing to do here. When it is over and you are resting, tap below: aftercare and your 72 hours count from then."</p>
        <button class="btn btn-primary btn-block" type="button" on:click=on_click(move |_| end_session(&end_id))>"My session has ended"</button>
        <button class="btn btn-quiet btn-block" type="button" on:click=on_click(move |_| undo_start(&id))>"Not started yet? Undo the start"</button>
    }
}

/// "Has your session ended?": asked once a session has been under way longer than sessions
/// like it usually last, offering the likely end to accept or change. Until it is answered,
/// aftercare counts from that likely end.
#[component]
pub fn EndQuestion(
    /// The session under way.
    id: SessionId,
    /// Its likely end ([`Session::likely_end`]).
    likely: DateTime<Utc>,
) -> impl IntoView {
    let app = use_app();
    let zone = app.zone();
    let (started, route) = app.plan.with_untracked(|p| {
        p.course
            .get(&id)
            .map(|s| (s.started.map(|t| t.utc()), s.route))
            .unwrap_or_default()
    });
    let hours = typical_length(route).num_hours();
    let likely_text = app.clock_and_day(likely);
    let intro = format!(
        "It started at {}. Sessions like yours usually take about {hours} hours, so it may have ended around {likely_text}.",
        started.map(|t| app.clock_and_day(t)).unwrap_or_default()
    );
    let choosing = RwSignal::new(false);
    let date = RwSignal::new(input_date(zone.local(likely).date_naive()));
    let time = RwSignal::new(input_time(zone.local(likely).time()));
    let problem = RwSignal::new(None::<String>);
    let id = StoredValue::new(id);
    let accept = move |_| end_session_at(&id.get_value(), Stamp::at(likely, &zone));
    let save_other = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(end) = wall_time_to_stamp(&date.get_untracked(), &time.get_untracked()) else {
            problem.set(Some("Choose the date and time it ended.".into()));
            return;
        };
        let now = app.fresh_now();
        let why = app.plan.with_untracked(|p| {
            p.course
                .get(&id.get_value())
                .and_then(|s| end_problem(s, end.utc(), now))
        });
        match why {
            Some(why) => problem.set(Some(why)),
            None => end_session_at(&id.get_value(), end),
        }
    };
    view! {
        <section class="card stack" aria-labelledby="ended-question">
            <h2 id="ended-question">"Has your session ended?"</h2>
            <p>{intro}</p>
            <p class="muted">{format!("Until you say, aftercare counts from about {likely_text}.")}</p>
            <button class="btn btn-primary btn-block" type="button" on:click=on_click(accept)>
                {format!("Yes, it ended around {likely_text}")}
            </button>
            <button class="btn btn-secondary btn-block" type="button" on:click=on_click(move |_| end_session(&id.get_value()))>"It ended just now"</button>
            {move || if choosing.get() {
                view! {
                    <form class="stack" on:submit=on_submit(save_other) novalidate>
                        <div class="grid-2">
                            <div class="field">
                                <label for="ended-date">"End date"</label>
                                <input id="ended-date" type="date" required bind:value=date />
                            </div>
                            <div class="field">
                                <label for="ended-time">"End time"</label>
                                <input id="ended-time" type="time" required bind:value=time />
                            </div>
                        </div>
                        {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> }.into_any())}
                        <button class="btn btn-primary btn-block" type="submit">"Save the end time"</button>
                    </form>
                }.into_any()
            } else {
                view! {
                    <button class="btn btn-quiet btn-block" type="button" on:click=on_click(move |_| choosing.set(true))>"It ended at another time"</button>
                }.into_any()
            }}
        </section>
    }
}

/// On Aftercare, right after a session was marked ended: the end, a way to correct it, and
/// within [`UNDO_END_WITHIN`] a way back for an "ended" tapped by mistake.
#[component]
pub fn EndedAt(
    /// The ended session.
    id: SessionId,
) -> impl IntoView {
    let app = use_app();
    move || {
        let now = app.now.get();
        let ended = app
            .plan
            .with(|p| p.course.get(&id).and_then(|s| s.ended_utc()));
        ended.map(|end| {
            let recent = now - end < UNDO_END_WITHIN;
            let undo_id = id.clone();
            view! {
                <p class="muted">{format!("Your last session ended {}.", app.when(end))}" "
                    <a href=Route::EditSession(id.0.clone()).href()>"Change the time"</a>
                </p>
                {recent.then(|| view! {
                    <button class="btn btn-quiet btn-block" type="button" on:click=on_click(move |_| undo_end(&undo_id))>"Not ended yet? Undo"</button>
                }.into_any())}
            }
            .into_any()
        })
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
    // A start or end is corrected with its date and time; clearing both fields clears it.
    let shows_times = base.started.is_some();
    let pair = |t: Option<Stamp>| {
        let (d, h) = t
            .map(|t| {
                (
                    input_date(local(t).date_naive()),
                    input_time(local(t).time()),
                )
            })
            .unwrap_or_default();
        (RwSignal::new(d), RwSignal::new(h))
    };
    let (start_date, start_time) = pair(base.started);
    let (end_date, end_time) = pair(base.ended);
    let problem = RwSignal::new(None::<String>);
    let base_for_save = base.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(planned) = wall_time_to_stamp(&date.get_untracked(), &time.get_untracked()) else {
            problem.set(Some("Choose a date and a time.".into()));
            return;
        };
        let mut session = base_for_save.clone();
        let read = |d: RwSignal<String>, t: RwSignal<String>, what: &str| {
            let (d, t) = (d.get_untracked(), t.get_untracked());
            if d.trim().is_empty() && t.trim().is_empty() {
                return Ok(None);
            }
            wall_time_to_stamp(&d, &t).map(Some).ok_or(format!(
                "Give the {what} both a date and a time, or clear both."
            ))
        };
        if shows_times {
            let times = read(start_date, start_time, "start")
                .and_then(|start| Ok((start, read(end_date, end_time, "end")?)));
            match times {
                Ok((start, end)) => {
                    session.started = start;
                    session.ended = end;
                }
                Err(why) => {
                    problem.set(Some(why));
                    return;
                }
            }
            if let Some(why) = session
                .ended
                .and_then(|end| end_problem(&session, end.utc(), app.fresh_now()))
            {
                problem.set(Some(why));
                return;
            }
        }
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
            {shows_times.then(|| view! {
                <fieldset class="group">
                    <legend>"When it started"</legend>
                    <div class="grid-2">
                        <div class="field">
                            <label for="session-started-date">"Start date"</label>
                            <input id="session-started-date" type="date" bind:value=start_date />
                        </div>
                        <div class="field">
                            <label for="session-started">"Start time"</label>
                            <input id="session-started" type="time" bind:value=start_time />
                        </div>
                    </div>
                    <p class="hint">"Clear both if it has not started yet."</p>
                </fieldset>
                <fieldset class="group">
                    <legend>"When it ended"</legend>
                    <div class="grid-2">
                        <div class="field">
                            <label for="session-ended-date">"End date"</label>
                            <input id="session-ended-date" type="date" bind:value=end_date />
                        </div>
                        <div class="field">
                            <label for="session-ended">"End time"</label>
                            <input id="session-ended" type="time" bind:value=end_time />
                        </div>
                    </div>
                    <p class="hint">"Aftercare and the 72 hours count from this time. Clear both if it is still going."</p>
                </fieldset>
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
