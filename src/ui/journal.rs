//! Journal: new entries in few taps, and the timeline grouped by session window and segment, with
//! each window's check-ins (done, open, upcoming, missed) and the entries' flags.

use super::components::{on_click, CollectAny};
use super::state::use_app;
use crate::domain::entry::{Entry, EntryId};
use crate::domain::time::{clock, Stamp};
use crate::domain::window::{self, CheckInState, TimelineGroup};
use leptos::prelude::*;

/// Entries drawn at a time.
const PAGE: usize = 60;

/// The Journal screen.
#[component]
pub fn JournalScreen() -> impl IntoView {
    let app = use_app();
    let shown = RwSignal::new(PAGE);
    view! {
        <h1 class="screen-title" tabindex="-1">"Journal"</h1>
        <section class="card stack" aria-labelledby="new-entry-title">
            <h2 id="new-entry-title">"Write"</h2>
            <div class="row">
                <a class="btn btn-primary" href="#/journal/new/mood">"Mood"</a>
                <a class="btn btn-secondary" href="#/journal/new/sleep">"Sleep"</a>
                <a class="btn btn-secondary" href="#/journal/new/insight">"Insight"</a>
            </div>
        </section>
        {move || {
            // Borrowed, not cloned, and a page at a time: 3,000 cards took seconds to draw.
            app.plan.with(|plan| app.entries.with(|entries| {
                if entries.is_empty() {
                    return view! { <p class="empty">"Nothing written yet. Whatever you write stays on this phone."</p> }.into_any();
                }
                let now = app.now.get();
                let (groups, rest) = window::first_entries(window::timeline(&plan.course, entries), shown.get());
                view! {
                    <div class="timeline">
                        {groups.iter().map(|g| group_view(g, plan, entries, now)).collect_any()}
                    </div>
                    {(rest > 0).then(|| view! {
                        <button class="btn btn-secondary btn-block" type="button"
                            on:click=on_click(move |_| shown.update(|n| *n += PAGE))>
                            {format!("Show earlier entries ({rest} more)")}
                        </button>
                    }.into_any())}
                }
                .into_any()
            }))
        }}
    }
}

fn group_view(
    group: &TimelineGroup,
    plan: &crate::domain::plan::Plan,
    entries: &[Entry],
    now: chrono::DateTime<chrono::Utc>,
) -> impl IntoView {
    let app = use_app();
    let title = match group.session {
        Some(s) => format!(
            "After session {} ({})",
            plan.course.number_of(&s.id).unwrap_or(0),
            s.ended.map(|e| app.when(e.utc())).unwrap_or_default()
        ),
        None => "Before your first session".to_string(),
    };
    let check_ins = group.window.map(|w| {
        let written: Vec<_> = entries
            .iter()
            .map(|e| e.written.utc())
            .filter(|t| w.contains(*t))
            .collect();
        window::check_ins(&w, &written, now, &app.zone())
            .into_iter()
            .filter(|c| c.state != CheckInState::Superseded)
            .map(|c| {
                let (class, word) = match c.state {
                    CheckInState::Done => ("checkin checkin-done", "written"),
                    CheckInState::Open => ("checkin checkin-open", "open now"),
                    CheckInState::Upcoming => ("checkin checkin-upcoming", "coming"),
                    _ => ("checkin checkin-missed", "no entry, and that is fine"),
                };
                view! { <li class=class>{format!("{}: {word}", c.check_in.title())}</li> }
            })
            .collect_any()
    });
    view! {
        <section class="timeline-group">
            <h2>{title}</h2>
            {check_ins.map(|list| view! { <ul class="checkins" aria-label="Check-ins">{list}</ul> }.into_any())}
            {group.segments.iter().map(|(segment, list)| view! {
                <div class="segment">
                    <h3 class="segment-title">{segment.title()}</h3>
                    {list.iter().map(|e| view! { <EntryCard entry=(*e).clone() /> }).collect_any()}
                </div>
            }).collect_any()}
        </section>
    }
}

/// One entry in the timeline, with edit and delete (asks once; Undo afterwards).
#[component]
pub fn EntryCard(
    /// The entry shown.
    entry: Entry,
) -> impl IntoView {
    let app = use_app();
    let confirming = RwSignal::new(false);
    let id: EntryId = entry.id.clone();
    let edit = format!("#/journal/entry/{}", entry.id.0);
    let label = format!("Delete entry from {}", written_label(&entry.written));
    view! {
        <article class="entry-card">
            {entry_text(&entry, true)}
            <div class="entry-actions">
                <a class="btn btn-quiet" href=edit>"Edit"</a>
                {move || if !confirming.get() {
                    view! {
                        <button class="btn btn-quiet" type="button" aria-label=label.clone() on:click=on_click(move |_| confirming.set(true))>"Delete"</button>
                    }.into_any()
                } else {
                    let id = id.clone();
                    view! {
                        <span role="alert">"Delete this entry?"</span>
                        <button class="btn btn-danger" type="button" on:click=on_click(move |_| app.delete_entry(&id))>"Delete"</button>
                        <button class="btn btn-quiet" type="button" on:click=on_click(move |_| confirming.set(false))>"Keep"</button>
                    }.into_any()
                }}
            </div>
        </article>
    }
}

/// An entry's kind, time, flags, summary and details, as the journal and the report show it.
/// `mark_private` adds the "Private" flag (the journal; a report never holds private entries).
pub fn entry_text(entry: &Entry, mark_private: bool) -> impl IntoView {
    let detail = entry_detail(entry);
    let private = mark_private && entry.private;
    view! {
        <p class="entry-meta">
            <span>{entry.body.kind().to_ascii_uppercase()}</span>" · "<span class="clock">{written_label(&entry.written)}</span>
            {entry.discuss.then(|| view! { " " <span class="flag-discuss">"To discuss"</span> }.into_any())}
            {private.then(|| view! { " " <span class="flag-private">"Private"</span> }.into_any())}
        </p>
        <p class="entry-body">{entry.summary()}</p>
        {(!detail.is_empty()).then(|| view! { <p class="entry-body muted">{detail}</p> }.into_any())}
    }
}

/// When an entry was written, on the clock it was written on.
pub fn written_label(written: &Stamp) -> String {
    let app = use_app();
    let date = crate::domain::time::short_date(written.0.date_naive());
    format!("{date}, {}", clock(written.0, app.clock_style()))
}

/// The rest of an entry beyond its one-line summary: notes, answers, habits, and an insight's
/// full text when the summary had to cut it.
fn entry_detail(entry: &Entry) -> String {
    use crate::domain::entry::EntryBody;
    match &entry.body {
        EntryBody::Mood(m) => m.note.clone(),
        EntryBody::Sleep(s) => {
            let mut parts = s.details();
            if !s.note.is_empty() {
                parts.push(s.note.clone());
            }
            parts.join(" · ")
        }
        EntryBody::Questionnaire(q) => {
            use crate::domain::questionnaire::{ANSWERS, DIFFICULTY_ANSWERS};
            let mut parts = Vec::new();
            if let Some(a) = q.safety_answer() {
                parts.push(format!(
                    "Item 9 (thoughts of being better off dead or of self-harm): {}",
                    ANSWERS[usize::from(a.min(3))].0
                ));
            }
            if let Some(d) = q.difficulty {
                parts.push(format!(
                    "Difficulty: {}",
                    DIFFICULTY_ANSWERS[usize::from(d.min(3))].0
                ));
            }
            parts.join(" · ")
        }
        EntryBody::Insight(i) => {
            let habits: Vec<&str> = i
                .habits
                .labelled()
                .into_iter()
                .filter(|(_, on)| *on)
                .map(|(l, _)| l)
                .collect();
            let full = (i.text.chars().count() > 80).then(|| i.text.clone());
            let answers = i
                .answers
                .iter()
                .filter(|a| !a.text.trim().is_empty())
                .map(|a| format!("{} {}", a.prompt.question(), a.text));
            let mut parts: Vec<String> = full.into_iter().chain(answers).collect();
            if !habits.is_empty() {
                parts.push(format!("Habits: {}", habits.join(", ")));
            }
            parts.join("\n")
        }
    }
}
