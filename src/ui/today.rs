//! Today: the one screen that answers "what now?", showing [`crate::domain::today::today`].

use super::components::{on_click, CollectAny, Scale};
use super::route::Route;
use super::sessions::{end_session, start_session};
use super::state::use_app;
use super::welcome::Welcome;
use crate::domain::aftercare::RestrictionStatus;
use crate::domain::checklist::{self, progress};
use crate::domain::entry::{Entry, EntryBody, EntryId, Mood};
use crate::domain::time::span_words;
use crate::domain::today::{today, Today};
use crate::domain::window::{CheckInState, WINDOW_HOURS};
use chrono::Duration;
use leptos::prelude::*;

/// The Today screen: the welcome until it is answered or skipped, then [`TodayCards`] from
/// their own module (a first visit downloads only the welcome).
#[component]
pub fn TodayScreen() -> impl IntoView {
    let app = use_app();
    // A memo, so only finishing the welcome swaps the screen, not every change to the plan.
    let welcomed = Memo::new(move |_| app.plan.with(|p| p.welcomed));
    move || {
        if welcomed.get() {
            view! { <super::LazyScreen route=Route::Today /> }.into_any()
        } else {
            view! { <Welcome /> }.into_any()
        }
    }
}

/// What Today shows once welcomed: where the patient is in their course, and a quick mood.
#[component]
pub fn TodayCards() -> impl IntoView {
    view! {
        <h1 class="screen-title" tabindex="-1">"Today"</h1>
        {move || now_card()}
        <QuickMood />
    }
}

fn now_card() -> AnyView {
    let app = use_app();
    let now = app.now.get();
    // Borrow, never clone: with 3,000 entries a copy per refresh was measurable.
    app.plan
        .with(|plan| app.entries.with(|entries| now_card_for(plan, entries, now)))
}

fn now_card_for(
    plan: &crate::domain::plan::Plan,
    entries: &[Entry],
    now: chrono::DateTime<chrono::Utc>,
) -> AnyView {
    let app = use_app();
    let zone = app.zone();
    match today(plan, entries, now, &zone) {
        Today::NothingPlanned => view! {
            <section class="card stack">
                <h2>"No session planned yet"</h2>
                <p>"When you know the date of your next session, add it here and Waypoint will help you get ready."</p>
                <a class="btn btn-primary btn-block" href="#/sessions/new">"Plan a session"</a>
            </section>
        }
        .into_any(),
        Today::InSession { session } => {
            let id = session.id.clone();
            let since = session.started.map(|s| app.clock(s.utc())).unwrap_or_default();
            view! {
                <section class="card stack">
                    <h2>"Your session is under way"</h2>
                    <p class="lead">{format!("Started at {since}.")}</p>
                    <p>"Nothing to do here. When it is over and you are resting, tap below: aftercare and your 72 hours start from then."</p>
                    <button class="btn btn-primary btn-block" type="button" on:click=on_click(move |_| end_session(&id))>"My session has ended"</button>
                </section>
            }
            .into_any()
        }
        Today::Integrating { session, window, hour, restrictions, check_ins, next_check_in, next_session } => {
            let number = plan.course.number_of(&session.id).unwrap_or(1);
            let next_line = next_check_in.map(|c| {
                let state = if c.state == CheckInState::Open { "open now" } else { "coming" };
                format!("{}: {state}, invited around {}.", c.check_in.title(), app.when(c.invited_at))
            });
            let done = check_ins.iter().filter(|c| c.state == CheckInState::Done).count();
            let closes = app.when(window.closes);
            let next_session = next_session.map(|s| format!("Next session: {}.", app.when(s.planned.utc())));
            let left = span_words(window.closes - now);
            view! {
                <section class="card stack" aria-labelledby="window-title">
                    <h2 id="window-title">{format!("After session {number}")}</h2>
                    <p class="stat">
                        <span class="big-number">{format!("Hour {hour}")}</span>
                        <span class="muted">{format!(" of {WINDOW_HOURS}")}</span>
                    </p>
                    <p>{format!("Your integration window is open until {closes} ({left} left). A good time to notice, rest and write a little.")}</p>
                    <p class="muted">{format!("Check-ins written: {done} of 4.")}</p>
                    {next_line.map(|line| view! { <p class="lead">{line}</p> }.into_any())}
                    <div class="row">
                        <a class="btn btn-primary" href="#/journal/new/mood">"How I feel"</a>
                        <a class="btn btn-secondary" href="#/journal/new/sleep">"How I slept"</a>
                        <a class="btn btn-secondary" href="#/journal/new/insight">"An insight"</a>
                    </div>
                </section>
                <Restrictions list=restrictions />
                {next_session.map(|line| view! { <p class="muted">{line}</p> }.into_any())}
            }
            .into_any()
        }
        Today::Preparing { session, items, is_today, restrictions } => {
            let (done, total) = progress(&items);
            let percent = (done * 100).checked_div(total).unwrap_or(100);
            let planned = session.planned.utc();
            let until = planned - now;
            let when = app.when(planned);
            let countdown = if until > Duration::zero() { format!("in {}", span_words(until)) } else { "now".to_string() };
            let fasting = (is_today && plan.settings.protocol.fasting_hours > 0).then(|| {
                let from = checklist::fasting_from(session, &plan.settings.protocol);
                let verb = if now >= from { "No food or drink since" } else { "Stop eating and drinking at" };
                format!("{verb} {}.", app.clock(from))
            });
            let can_start = until < Duration::hours(3);
            let id = session.id.clone();
            let place = if session.place.is_empty() { String::new() } else { format!(" · {}", session.place) };
            view! {
                <section class="card stack" aria-labelledby="next-title">
                    <h2 id="next-title">"Next session"</h2>
                    <p class="lead">{format!("{when}{place}")}</p>
                    <p class="countdown">{countdown}</p>
                    {fasting.map(|line| view! { <p class="banner banner-info">{line}</p> }.into_any())}
                    <div class="progress" role="progressbar" aria-label="Preparation checklist" aria-valuemin="0"
                        aria-valuemax=total.to_string() aria-valuenow=done.to_string()>
                        <div class="progress-bar" style:width=format!("{percent}%")></div>
                    </div>
                    <p class="progress-label">{format!("{done} of {total} ready")}</p>
                    <a class="btn btn-primary btn-block" href="#/prepare">"Open my checklist"</a>
                    {can_start.then(|| view! {
                        <button class="btn btn-secondary btn-block" type="button" on:click=on_click(move |_| start_session(&id))>"My session is starting"</button>
                    }.into_any())}
                </section>
                <Restrictions list=restrictions />
            }
            .into_any()
        }
        Today::Between { last, restrictions } => {
            let last_line = last.and_then(|s| s.ended).map(|e| format!("Your last session ended {}.", app.when(e.utc())));
            let recent: Vec<Entry> = entries.iter().rev().take(3).cloned().collect();
            view! {
                <section class="card stack">
                    <h2>"Between sessions"</h2>
                    {last_line.map(|l| view! { <p>{l}</p> }.into_any())}
                    <p>"Writing now and then still helps. Entries outside the 72 hours are kept too."</p>
                    <a class="btn btn-secondary btn-block" href="#/sessions/new">"Plan the next session"</a>
                </section>
                <Restrictions list=restrictions />
                {(!recent.is_empty()).then(|| view! {
                    <section class="card stack">
                        <h2>"Recent entries"</h2>
                        <ul class="stack">
                            {recent.iter().map(|e| {
                                let href = format!("#/journal/entry/{}", e.id.0);
                                view! { <li><a href=href>{e.summary()}</a></li> }
                            }).collect_any()}
                        </ul>
                    </section>
                }.into_any())}
            }
            .into_any()
        }
    }
}

/// Restrictions still in force, each with its clock time and what is left.
#[component]
pub fn Restrictions(
    /// The restrictions in force.
    list: Vec<RestrictionStatus>,
) -> impl IntoView {
    let app = use_app();
    let now = app.now.get_untracked();
    (!list.is_empty()).then(|| {
        view! {
            <section class="card stack" aria-labelledby="rules-title">
                <h2 id="rules-title">"Still in force"</h2>
                <ul class="rules">
                    {list.into_iter().map(|r| view! {
                        <li class="rule">
                            <span class="rule-title">{r.rule.title()}</span>
                            <span class="rule-until clock">{format!("until {} ({} left)", app.when(r.until), span_words(r.until - now))}</span>
                        </li>
                    }).collect_any()}
                </ul>
                <a class="btn btn-quiet" href="#/aftercare">"All aftercare"</a>
            </section>
        }
    })
}

/// A mood rating in two taps: pick a number, save.
#[component]
fn QuickMood() -> impl IntoView {
    let app = use_app();
    let rating = RwSignal::new(None::<u8>);
    let save = move |_| {
        let Some(value) = rating.get_untracked() else {
            return;
        };
        let at = app.stamp_now();
        let entry = Entry {
            id: EntryId(super::clock::new_id("e")),
            written: at,
            edited: at,
            private: false,
            discuss: false,
            body: EntryBody::Mood(Mood {
                rating: value,
                ..Mood::default()
            }),
        };
        if app.save_entry(entry).is_ok() {
            rating.set(None);
            app.say(format!("Mood {value}/10 saved."), None);
        }
    };
    view! {
        <section class="card stack" aria-labelledby="quick-mood-title">
            <h2 id="quick-mood-title">"How are you, right now?"</h2>
            <Scale legend="Mood from 0 (very low) to 10 (very good)" name="quick-mood" min=0 max=10 low="very low" high="very good" value=rating />
            <button class="btn btn-primary btn-block" type="button" disabled=move || rating.get().is_none() on:click=on_click(save)>"Save mood"</button>
            <a class="btn btn-quiet" href="#/journal/new/mood">"Add words or a note"</a>
        </section>
    }
}
