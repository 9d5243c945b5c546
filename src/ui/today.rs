//! Today: the one screen that answers "what now?", showing [`crate::domain::today::today`].

use super::components::{on_click, CollectAny, Scale};
use super::route::Route;
use super::sessions::{EndQuestion, StartSession, UnderWay};
use super::state::use_app;
use super::welcome::Welcome;
use crate::domain::aftercare::RestrictionStatus;
use crate::domain::checklist::progress;
use crate::domain::entry::{Entry, EntryBody, EntryId, Mood};
use crate::domain::plan::CrisisChoice;
use crate::domain::session::start_needs_confirming;
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
    let app = use_app();
    // "Has your session ended?" holds a form: drawn only when the question changes, not at
    // every refresh of the clock, so a time being chosen is never reset.
    let asking = Memo::new(move |_| {
        let now = app.now.get();
        app.plan.with(|p| {
            p.course
                .in_progress()
                .and_then(|s| s.ask_if_ended(now).map(|likely| (s.id.clone(), likely)))
        })
    });
    // A journal from before crisis lines were chosen by country: ask once which numbers to keep.
    let crisis_unchosen = Memo::new(move |_| {
        app.plan
            .with(|p| p.settings.crisis == CrisisChoice::NotChosen)
    });
    view! {
        <h1 class="screen-title" tabindex="-1">"Today"</h1>
        {move || asking.get().map(|(id, likely)| view! { <EndQuestion id=id likely=likely /> }.into_any())}
        {move || crisis_unchosen.get().then(|| view! { <CrisisCheck /> }.into_any())}
        {move || now_card()}
        <Questionnaires />
        <QuickMood />
        <BackupNudge />
    }
}

/// Which numbers Help should call, asked once of a patient whose plan has no confirmed choice:
/// the lines for the country the phone is in, or the numbers they have.
#[component]
fn CrisisCheck() -> impl IntoView {
    let app = use_app();
    let country = RwSignal::new(None::<String>);
    let current = app.plan.with_untracked(|p| {
        let lines = p.settings.protocol.help_lines();
        match lines.crisis {
            Some(l) => format!(
                "{} ({}) and emergency services ({})",
                l.name, l.number, lines.emergency
            ),
            None => format!("emergency services ({})", lines.emergency),
        }
    });
    let use_country = move |_| {
        if let Some(shown) = app.crisis_suggestion.get_untracked() {
            if app.update_plan(move |plan| {
                shown.apply_to(plan);
                Ok(())
            }) {
                app.say("Help now calls these numbers.", None);
            }
        }
    };
    let keep = move |_| {
        if app.update_plan(|plan| {
            plan.settings.crisis = CrisisChoice::OwnNumbers;
            Ok(())
        }) {
            app.say(
                "Your numbers are kept. You can change them in Settings.",
                None,
            );
        }
    };
    view! {
        <section class="card stack" aria-labelledby="crisis-check-title">
            <h2 id="crisis-check-title">"Check the numbers behind Help"</h2>
            <p>{format!("Help now calls {current}. Waypoint can offer the crisis line for the country you are in instead.")}</p>
            {super::lazy_part(
                Box::pin(super::crisis_picker(country, "crisis-check-title")),
                "Finding the crisis line for where you are…",
                Box::new(|| view! { <p>{super::NOT_DOWNLOADED}</p> }.into_any()),
            )}
            <button class="btn btn-primary btn-block" type="button" disabled=move || country.get().is_none()
                on:click=on_click(use_country)>"Use these numbers"</button>
            <button class="btn btn-secondary btn-block" type="button" on:click=on_click(keep)>"Keep my numbers"</button>
        </section>
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
        Today::InSession { session, restrictions, ask_if_ended } => {
            let id = session.id.clone();
            let note = "In force since your session started. They are counted from when it ends, so tell Waypoint when it has.";
            view! {
                {ask_if_ended.is_none().then(|| view! {
                    <section class="card stack">
                        <h2>"Your session is under way"</h2>
                        <UnderWay id=id />
                    </section>
                }.into_any())}
                <Restrictions list=restrictions note=note />
            }
            .into_any()
        }
        Today::Integrating { session, window, hour, restrictions, check_ins, next_check_in, next_session } => {
            let number = plan.course.number_of(&session.id).unwrap_or(1);
            let next_line = next_check_in.map(|c| {
                // Open, and its invitation has come (never in the night): otherwise it waits.
                let state = if c.state == CheckInState::Open && c.invited_at <= now { "open now" } else { "coming" };
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
        Today::Preparing { session, items, is_today: _, before_rules, restrictions } => {
            let (done, total) = progress(&items);
            let percent = (done * 100).checked_div(total).unwrap_or(100);
            let planned = session.planned.utc();
            let until = planned - now;
            let when = app.when(planned);
            let countdown = if until > Duration::zero() { format!("in {}", span_words(until)) } else { "now".to_string() };
            // What starts before the session, from the day before: no alcohol, then fasting.
            let before: Vec<String> = before_rules
                .iter()
                .map(|r| format!("{} {}.", r.rule.words(r.in_force), app.clock_and_day(r.from)))
                .collect();
            let fasting = (!before.is_empty()).then(|| view! {
                <div class="banner banner-info">
                    {before.into_iter().map(|line| view! { <p>{line}</p> }).collect_any()}
                </div>
            }.into_any());
            // Near the planned time starting is one tap here; otherwise Prepare asks first.
            let can_start = !start_needs_confirming(session, now);
            let id = session.id.clone();
            let place = if session.place.is_empty() { String::new() } else { format!(" · {}", session.place) };
            view! {
                <section class="card stack" aria-labelledby="next-title">
                    <h2 id="next-title">"Next session"</h2>
                    <p class="lead">{format!("{when}{place}")}</p>
                    <p class="countdown">{countdown}</p>
                    {fasting}
                    <div class="progress" role="progressbar" aria-label="Preparation checklist" aria-valuemin="0"
                        aria-valuemax=total.to_string() aria-valuenow=done.to_string()>
                        <div class="progress-bar" style:width=format!("{percent}%")></div>
                    </div>
                    <p class="progress-label">{format!("{done} of {total} ready")}</p>
                    <a class="btn btn-primary btn-block" href="#/prepare">"Open my checklist"</a>
                    {can_start.then(|| view! { <StartSession id=id /> }.into_any())}
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
    /// A line under the title, when the rules need one.
    #[prop(optional)]
    note: Option<&'static str>,
) -> impl IntoView {
    let app = use_app();
    let now = app.now.get_untracked();
    (!list.is_empty()).then(|| {
        view! {
            <section class="card stack" aria-labelledby="rules-title">
                <h2 id="rules-title">"Still in force"</h2>
                {note.map(|n| view! { <p class="muted">{n}</p> }.into_any())}
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

/// The questionnaires: an invitation when one is due (never insisting: "Not now" is for good),
/// and the latest scores with the previous ones.
#[component]
fn Questionnaires() -> impl IntoView {
    use crate::domain::questionnaire::{self, change_words, latest_two, Instrument};
    let app = use_app();
    move || {
        let now = app.now.get();
        let (invitation, scores) = app.plan.with(|plan| {
            app.entries.with(|entries| {
                let scores = questionnaire::scores(entries, |t| {
                    plan.course
                        .session_before(t)
                        .and_then(|s| plan.course.number_of(&s.id))
                });
                (questionnaire::invitation(plan, entries, now), scores)
            })
        });
        let invited = invitation.map(|inv| {
            let key = inv.key.clone();
            let not_now = move |_| {
                let key = key.clone();
                let skip = key.clone();
                if app.update_plan(move |plan| {
                    plan.questionnaires_skipped.push(skip);
                    Ok(())
                }) {
                    let undo: super::state::UndoAction = std::sync::Arc::new(move || {
                        let key = key.clone();
                        app.update_plan(move |plan| {
                            plan.questionnaires_skipped.retain(|k| *k != key);
                            Ok(())
                        });
                    });
                    app.say("Fine. Waypoint will not ask about these again.", Some(undo));
                }
            };
            let why = match inv.reason {
                questionnaire::Reason::Baseline => "Answering them now gives you a starting point to compare with later. Entirely optional.",
                questionnaire::Reason::BeforeSession(_) => "How the last two weeks have been, before your session. A few minutes, and you can stop at any point.",
                questionnaire::Reason::WindowEnd(_) => "How the last two weeks have been, now the 72 hours are over. A few minutes, and you can stop at any point.",
            };
            view! {
                <section class="card stack" aria-labelledby="questionnaires-title">
                    <h2 id="questionnaires-title">{inv.title()}</h2>
                    <p>{why}</p>
                    {inv.to_take().into_iter().map(|i| {
                        let href = Route::Questionnaire(i.key().into()).href();
                        view! { <a class="btn btn-primary btn-block" href=href>{format!("{}: {} ({} questions)", i.name(), i.about(), i.items().len())}</a> }
                    }).collect_any()}
                    <button class="btn btn-quiet btn-block" type="button" on:click=on_click(not_now)>"Not now"</button>
                </section>
            }
            .into_any()
        });
        let lines: Vec<String> = Instrument::ALL
            .into_iter()
            .filter_map(|i| match latest_two(&scores, i) {
                (Some(l), p) => Some(format!(
                    "{}: {} of {} ({}){}.",
                    i.name(),
                    l.total,
                    i.max_total(),
                    l.band().name(),
                    p.map(|p| format!(", {}", change_words(l, p)))
                        .unwrap_or_default()
                )),
                _ => None,
            })
            .collect();
        let latest = (!lines.is_empty()).then(|| {
            view! {
                <section class="card stack" aria-labelledby="scores-title">
                    <h2 id="scores-title">"Your latest scores"</h2>
                    {lines.into_iter().map(|l| view! { <p>{l}</p> }).collect_any()}
                    <p class="hint">"Screening scores, not a diagnosis."</p>
                    <a class="btn btn-secondary btn-block" href="#/scores">"Scores across the course"</a>
                </section>
            }
            .into_any()
        });
        view! { {invited} {latest} }.into_any()
    }
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
            <super::components::NotMonitored />
        </section>
    }
}

/// A gentle word about backups: a card suggesting one after a session's 72 hours or two weeks of
/// new entries (with "Back up now" and "Not now"), otherwise a quiet line saying when the last
/// one was made. Nothing on a phone that holds nothing yet.
#[component]
fn BackupNudge() -> impl IntoView {
    let app = use_app();
    let status = Memo::new(move |_| {
        let now = app.now.get();
        app.plan.with(|p| {
            app.entries
                .with(|e| crate::domain::backup::backup_status(p, e, now, &app.zone()))
        })
    });
    // Only a new reason to suggest (or none) redraws the card.
    let suggestion = Memo::new(move |_| status.with(|s| s.suggestion));
    let anything = Memo::new(move |_| status.with(|s| s.anything));
    let not_now = move |_| {
        let at = app.stamp_now();
        app.update_plan(move |p| {
            p.backups.not_now = Some(at);
            Ok(())
        });
    };
    move || {
        if !anything.get() {
            return ().into_any();
        }
        match suggestion.get() {
            Some(s) => view! {
                <section class="card stack" aria-labelledby="backup-nudge-title">
                    <h2 id="backup-nudge-title">"A good time for a backup"</h2>
                    <p>{s.words()}</p>
                    <p class="muted">{move || status.with(|s| s.last_words())}</p>
                    <div class="row">
                        <a class="btn btn-primary" href="#/backup">"Back up now"</a>
                        <button class="btn btn-quiet" type="button" on:click=on_click(not_now)>"Not now"</button>
                    </div>
                </section>
            }
            .into_any(),
            None => view! {
                <p class="muted backup-line">
                    {move || status.with(|s| s.last_words())}
                    " "
                    <a href="#/backup">"Backups"</a>
                </p>
            }
            .into_any(),
        }
    }
}
