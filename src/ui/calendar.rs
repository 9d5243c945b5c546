//! Calendar reminders: a planned session's `.ics` (Prepare) and a finished session's check-ins
//! (Aftercare), made by [`crate::domain::calendar`] and offered as a file the phone's calendar
//! opens.

use super::components::{on_change, on_click, on_input, share_or_download, CollectAny};
use super::state::use_app;
use crate::domain::calendar::{
    self, CalendarChoice, CHECK_IN_TITLE, DEFAULT_LEAVE_MINUTES, LEAVE_MINUTES, SESSION_TITLE,
};
use crate::domain::session::{SessionId, Setting};
use leptos::prelude::*;

/// The fields every calendar card has: its title and whether it says what it is about.
fn title_and_details(
    prefix: &'static str,
    default_title: &'static str,
    title: RwSignal<String>,
    details: RwSignal<bool>,
) -> impl IntoView {
    let title_id = format!("{prefix}-event-title");
    let title_hint = format!("{prefix}-event-title-hint");
    let details_id = format!("{prefix}-calendar-details");
    view! {
        <div class="field">
            <label for=title_id.clone()>"Title in the calendar"</label>
            <input id=title_id type="text" maxlength="80" placeholder=default_title aria-describedby=title_hint.clone()
                prop:value=move || title.get() on:input=on_input(move |ev| title.set(event_target_value(&ev))) />
            <p class="hint" id=title_hint>{format!("Empty, it says \"{default_title}\". It shows on your lock screen when a reminder goes off, so choose words you are happy for others to see.")}</p>
        </div>
        <label class="check" for=details_id.clone()>
            <input id=details_id.clone() type="checkbox" prop:checked=move || details.get()
                on:change=on_change(move |ev| details.set(event_target_checked(&ev))) />
            <span class="check-text">"Also show what each reminder is about (what to avoid, the place). Anyone who sees your calendar or lock screen could read it."</span>
        </label>
    }
}

/// How the file is offered, and what to do with it.
const HOW: &str = "Open the file to add it to your calendar. If the plan changes, add it again: the calendar updates these events instead of adding copies.";

/// Reminders for a planned session in the patient's calendar.
#[component]
pub fn SessionCalendar(
    /// The session.
    id: SessionId,
) -> impl IntoView {
    let app = use_app();
    let title = RwSignal::new(String::new());
    let details = RwSignal::new(false);
    let leave = RwSignal::new(DEFAULT_LEAVE_MINUTES);
    let status = RwSignal::new(None::<(bool, String)>);
    let choice = move || CalendarChoice {
        title: title.get(),
        details: details.get(),
        leave_minutes: leave.get(),
    };
    let setting = {
        let id = id.clone();
        move || {
            app.plan
                .with(|p| p.course.get(&id).map(|s| s.setting))
                .unwrap_or_default()
        }
    };
    let reminders = {
        let id = id.clone();
        move || {
            let choice = choice();
            app.plan.with(|p| {
                p.course
                    .get(&id)
                    .map(|s| {
                        calendar::session_reminders(
                            s,
                            &p.settings.protocol,
                            &choice,
                            &app.zone(),
                            app.clock_style(),
                            app.now.get(),
                        )
                    })
                    .unwrap_or_default()
            })
        }
    };
    let add = {
        let id = id.clone();
        move |_| {
            let choice = choice();
            if let Some(why) = choice.problem() {
                status.set(Some((false, why)));
                return;
            }
            let now = app.fresh_now();
            let file = app.plan.with_untracked(|p| {
                p.course.get(&id).map(|s| {
                    (
                        calendar::file_name("session", s),
                        calendar::session_calendar(
                            s,
                            &p.settings.protocol,
                            &choice,
                            &app.zone(),
                            app.clock_style(),
                            now,
                        ),
                    )
                })
            });
            match file {
                Some((name, ics)) => {
                    share_or_download(&name, "text/calendar", &ics, "Waypoint reminders");
                    status.set(Some((true, HOW.into())));
                }
                None => status.set(Some((false, "That session no longer exists.".into()))),
            }
        }
    };
    let leave_label = {
        let setting = setting.clone();
        move || match setting() {
            Setting::Clinic => "Remind me to leave for the clinic",
            Setting::Home => "Remind me to get ready",
        }
    };
    view! {
        <section class="card stack" aria-labelledby="session-calendar-title">
            <h2 id="session-calendar-title">"Reminders in your calendar"</h2>
            <p>"Waypoint cannot send you notifications, but your calendar can. Add this session to it, with reminders:"</p>
            <ul class="stack reminder-list">
                {move || {
                    let setting = setting();
                    let list = reminders();
                    if list.is_empty() {
                        return vec![view! { <li class="muted">"Every reminder's time has passed."</li> }.into_any()];
                    }
                    list.into_iter().map(|r| view! {
                        <li><strong>{app.when(r.at)}</strong>" · "{r.kind.name(setting)}</li>
                    }.into_any()).collect::<Vec<_>>()
                }}
            </ul>
            <div class="field">
                <label for="session-calendar-leave">{leave_label}</label>
                <select id="session-calendar-leave" on:change=on_change(move |ev| {
                    if let Ok(m) = event_target_value(&ev).parse() { leave.set(m) }
                })>
                    {LEAVE_MINUTES.into_iter().map(|m| view! {
                        <option value=m.to_string() selected=move || leave.get() == m>{format!("{m} minutes before")}</option>
                    }).collect_any()}
                </select>
            </div>
            {title_and_details("session", SESSION_TITLE, title, details)}
            <button class="btn btn-secondary btn-block" type="button" on:click=on_click(add)>"Add to my calendar"</button>
            {move || status.get().map(|(ok, text)| {
                let class = if ok { "hint" } else { "field-error" };
                view! { <p class=class role="status">{text}</p> }.into_any()
            })}
        </section>
    }
}

/// A finished session's check-ins in the patient's calendar.
#[component]
pub fn CheckInsCalendar(
    /// The session that ended.
    id: SessionId,
) -> impl IntoView {
    let app = use_app();
    let title = RwSignal::new(String::new());
    let details = RwSignal::new(false);
    let status = RwSignal::new(None::<(bool, String)>);
    let events = {
        let id = id.clone();
        move || {
            app.plan.with(|p| {
                p.course
                    .get(&id)
                    .map(|s| calendar::check_in_events(&p.course, s, &app.zone(), app.now.get()))
                    .unwrap_or_default()
            })
        }
    };
    let add = {
        let id = id.clone();
        move |_| {
            let choice = CalendarChoice {
                title: title.get_untracked(),
                details: details.get_untracked(),
                ..CalendarChoice::default()
            };
            if let Some(why) = choice.problem() {
                status.set(Some((false, why)));
                return;
            }
            let now = app.fresh_now();
            let file = app.plan.with_untracked(|p| {
                p.course.get(&id).map(|s| {
                    (
                        calendar::file_name("check-ins", s),
                        calendar::check_ins_calendar(&p.course, s, &choice, &app.zone(), now),
                    )
                })
            });
            match file {
                Some((name, ics)) => {
                    share_or_download(&name, "text/calendar", &ics, "Waypoint check-ins");
                    status.set(Some((true, HOW.into())));
                }
                None => status.set(Some((false, "That session no longer exists.".into()))),
            }
        }
    };
    // Drawn again only when there come to be check-ins or none, so a title being typed stays.
    let any = Memo::new({
        let events = events.clone();
        move |_| !events().is_empty()
    });
    move || {
        let events = events.clone();
        any.get().then(|| view! {
            <section class="card stack" aria-labelledby="check-ins-calendar-title">
                <h2 id="check-ins-calendar-title">"Check-ins in your calendar"</h2>
                <p>"A gentle reminder for each check-in still to come, in the daytime:"</p>
                <ul class="stack reminder-list">
                    {move || events().into_iter().map(|e| view! {
                        <li><strong>{app.when(e.at)}</strong>" · "{e.check_in.title()}</li>
                    }.into_any()).collect::<Vec<_>>()}
                </ul>
                {title_and_details("check-ins", CHECK_IN_TITLE, title, details)}
                <button class="btn btn-secondary btn-block" type="button" on:click=on_click(add.clone())>"Add the check-ins to my calendar"</button>
                {move || status.get().map(|(ok, text)| {
                    let class = if ok { "hint" } else { "field-error" };
                    view! { <p class=class role="status">{text}</p> }.into_any()
                })}
            </section>
        }.into_any())
    }
}
