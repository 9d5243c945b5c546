//! Writing and editing an entry: mood (0–10, words, note), sleep (bed and wake times, hours
//! derived, quality, awakenings, note) or insight (free text, guided prompts, habits); each can
//! be private or marked to discuss. Text is kept as a draft while typing, so a reload, a crash
//! or an app update never loses it; a failed save leaves everything on screen.

use super::components::{on_click, on_input, on_submit, Chip, CollectAny, Scale};
use super::route::{self, Route};
use super::state::use_app;
use crate::domain::entry::{
    parse_minutes, Entry, EntryBody, EntryId, Habits, Insight, Mood, Prompt, PromptAnswer, Sleep,
    EMOTIONS,
};
use crate::domain::time::{input_time, parse_input_time, span_words, Stamp, Zone};
use chrono::{DateTime, Duration, Utc};
use leptos::prelude::*;

/// A text field whose value is kept as a draft under `key` while typing.
#[derive(Clone, Copy)]
struct DraftText {
    value: RwSignal<String>,
    key: StoredValue<String>,
}

impl DraftText {
    fn new(key: String, saved: String) -> Self {
        let app = use_app();
        let value = RwSignal::new(app.draft(&key).unwrap_or(saved));
        Self {
            value,
            key: StoredValue::new(key),
        }
    }

    fn set(&self, text: String) {
        use_app().save_draft(&self.key.get_value(), &text);
        self.value.set(text);
    }

    fn clear_draft(&self) {
        use_app().save_draft(&self.key.get_value(), "");
    }
}

/// The entry screen: `kind` for a new entry, or `id` to edit one.
#[component]
pub fn EntryScreen(
    /// `mood`, `sleep` or `insight` for a new entry.
    kind: String,
    /// The entry to edit.
    id: Option<String>,
) -> impl IntoView {
    let app = use_app();
    let existing = id.as_ref().and_then(|id| {
        app.entries
            .with_untracked(|l| l.iter().find(|e| e.id.0 == *id).cloned())
    });
    if id.is_some() && existing.is_none() {
        return view! {
            <h1 class="screen-title" tabindex="-1">"Entry not found"</h1>
            <p>"It may have been deleted, here or in another tab."</p>
            <a class="btn btn-secondary" href="#/journal">"Back to the journal"</a>
        }
        .into_any();
    }
    let kind = existing
        .as_ref()
        .map(|e| e.body.kind().to_string())
        .unwrap_or(kind);
    let draft_prefix = match &existing {
        Some(e) => format!("edit-{}", e.id.0),
        None => format!("new-{kind}"),
    };
    let sharing = Sharing {
        private: RwSignal::new(existing.as_ref().is_some_and(|e| e.private)),
        discuss: RwSignal::new(existing.as_ref().is_some_and(|e| e.discuss)),
        problem: RwSignal::new(None),
    };
    let existing = StoredValue::new(existing);
    let (title, form): (&str, AnyView) = match kind.as_str() {
        "sleep" => (
            "How I slept",
            sleep_form(existing.get_value(), draft_prefix, sharing).into_any(),
        ),
        "insight" => (
            "An insight",
            insight_form(existing.get_value(), draft_prefix, sharing).into_any(),
        ),
        "questionnaire" => (
            "Questionnaire",
            questionnaire_form(existing.get_value(), sharing).into_any(),
        ),
        _ => (
            "How I feel",
            mood_form(existing.get_value(), draft_prefix, sharing).into_any(),
        ),
    };
    let heading = if existing.with_value(Option::is_some) {
        format!("Edit: {}", title.to_ascii_lowercase())
    } else {
        title.to_string()
    };
    view! {
        <h1 class="screen-title" tabindex="-1">{heading}</h1>
        {form}
    }
    .into_any()
}

/// What every entry form shares: who may see the entry, and the message beside Save.
#[derive(Clone, Copy)]
struct Sharing {
    private: RwSignal<bool>,
    discuss: RwSignal<bool>,
    problem: RwSignal<Option<String>>,
}

impl Sharing {
    /// Shows why the entry cannot be saved yet.
    fn refuse(self, why: &str) {
        self.problem.set(Some(why.to_string()));
    }

    /// Builds, checks and saves the entry; returns to the journal on success. On failure the form
    /// keeps everything and the message is shown beside the Save button.
    fn save(self, existing: Option<Entry>, body: EntryBody) -> bool {
        let (private, discuss) = (self.private.get_untracked(), self.discuss.get_untracked());
        let app = use_app();
        let now = app.stamp_now();
        let entry = match existing {
            Some(e) => Entry {
                body,
                private,
                discuss,
                edited: now.max(e.written),
                ..e
            },
            None => Entry {
                id: EntryId(super::clock::new_id("e")),
                written: now,
                edited: now,
                private,
                discuss,
                body,
            },
        };
        let problems = entry.problems();
        if !problems.is_empty() {
            self.problem.set(Some(problems.join(" ")));
            return false;
        }
        match app.save_entry(entry) {
            Ok(()) => {
                self.problem.set(None);
                app.say_on(Route::Journal, "Saved to your journal.", None);
                route::go(&Route::Journal);
                true
            }
            Err(message) => {
                self.problem.set(Some(message));
                false
            }
        }
    }
}

/// Private and discuss toggles, the error line and the Save button.
fn footer(sharing: Sharing) -> impl IntoView {
    let Sharing {
        private,
        discuss,
        problem,
    } = sharing;
    view! {
        <fieldset class="group">
            <legend>"Who sees this"</legend>
            <div class="chips">
                <Chip label="Discuss with my therapist".into() pressed=discuss on_toggle=move || {
                    discuss.update(|d| *d = !*d);
                    if discuss.get_untracked() { private.set(false); }
                } />
                <Chip label="Private: never shared".into() pressed=private on_toggle=move || {
                    private.update(|p| *p = !*p);
                    if private.get_untracked() { discuss.set(false); }
                } />
            </div>
            <p class="hint">{move || if private.get() { "Private entries never leave this phone, not even in a report." } else { "You choose later what to share." }}</p>
        </fieldset>
        {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> }.into_any())}
        <button class="btn btn-primary btn-block" type="submit">"Save"</button>
        <a class="btn btn-quiet btn-block" href="#/journal">"Cancel"</a>
        <super::components::NotMonitored />
    }
}

fn text_area(
    id: &'static str,
    label: &'static str,
    rows: u32,
    max: usize,
    text: DraftText,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <textarea id=id rows=rows.to_string() maxlength=max.to_string() prop:value=move || text.value.get()
                on:input=on_input(move |ev| text.set(event_target_value(&ev)))></textarea>
        </div>
    }
}

fn mood_form(existing: Option<Entry>, drafts: String, sharing: Sharing) -> impl IntoView {
    let saved = match existing.as_ref().map(|e| &e.body) {
        Some(EntryBody::Mood(m)) => m.clone(),
        _ => Mood::default(),
    };
    let rating = RwSignal::new(existing.as_ref().map(|_| saved.rating));
    let words = RwSignal::new(saved.emotions.clone());
    let note = DraftText::new(format!("{drafts}-note"), saved.note.clone());
    let own_word = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(value) = rating.get_untracked() else {
            sharing.refuse("Pick a number from 0 to 10 first.");
            return;
        };
        let body = EntryBody::Mood(Mood {
            rating: value,
            emotions: words.get_untracked(),
            note: note.value.get_untracked().trim().to_string(),
        });
        if sharing.save(existing.clone(), body) {
            note.clear_draft();
        }
    };
    let add_word = move |_| {
        let word = own_word.get_untracked().trim().to_string();
        if !word.is_empty() && !words.with_untracked(|w| w.contains(&word)) {
            words.update(|w| w.push(word));
        }
        own_word.set(String::new());
    };
    let offered: Vec<String> = EMOTIONS
        .iter()
        .map(|s| s.to_string())
        .chain(
            saved
                .emotions
                .iter()
                .filter(|w| !EMOTIONS.contains(&w.as_str()))
                .cloned(),
        )
        .collect();
    view! {
        <form class="card stack" on:submit=on_submit(submit) novalidate>
            <Scale legend="Mood from 0 (very low) to 10 (very good)" name="mood" min=0 max=10 low="very low" high="very good" value=rating />
            <fieldset class="group">
                <legend>"Words for it (optional)"</legend>
                <div class="chips">
                    {move || {
                        let mut all = offered.clone();
                        for w in words.get() {
                            if !all.contains(&w) { all.push(w); }
                        }
                        all.into_iter().map(|word| {
                            let w2 = word.clone();
                            let pressed = Signal::derive(move || words.with(|list| list.contains(&w2)));
                            let w3 = word.clone();
                            view! { <Chip label=word pressed=pressed on_toggle=move || words.update(|list| {
                                if let Some(i) = list.iter().position(|x| *x == w3) { list.remove(i); } else { list.push(w3.clone()); }
                            }) /> }
                        }).collect_any().into_any()
                    }}
                </div>
                <div class="row">
                    <label class="visually-hidden" for="own-word">"Your own word"</label>
                    <input id="own-word" type="text" maxlength="40" placeholder="Your own word" bind:value=own_word />
                    <button class="btn btn-secondary" type="button" on:click=on_click(add_word)>"Add word"</button>
                </div>
            </fieldset>
            {text_area("mood-note", "Note (optional)", 3, 5000, note)}
            {footer(sharing)}
        </form>
    }
}

/// Bed and wake instants from clock times: waking is the latest such time not after `now`;
/// bedtime the latest such time before waking.
fn sleep_instants(
    bed: &str,
    wake: &str,
    now: DateTime<Utc>,
    zone: &impl Zone,
) -> Option<(Stamp, Stamp)> {
    let (bed, wake) = (parse_input_time(bed)?, parse_input_time(wake)?);
    let today = zone.local(now).date_naive();
    let mut wake_at = zone.instant_of(today.and_time(wake));
    if wake_at > now {
        wake_at = zone.instant_of((today - Duration::days(1)).and_time(wake));
    }
    let wake_day = zone.local(wake_at).date_naive();
    let mut bed_at = zone.instant_of(wake_day.and_time(bed));
    if bed_at >= wake_at {
        bed_at = zone.instant_of((wake_day - Duration::days(1)).and_time(bed));
    }
    Some((Stamp::at(bed_at, zone), Stamp::at(wake_at, zone)))
}

/// The first instant at clock time `clock` at or after `from`, on `zone`'s clock.
fn at_or_after(clock: &str, from: Stamp, zone: &impl Zone) -> Option<Stamp> {
    let t = parse_input_time(clock)?;
    let day = zone.local(from.utc()).date_naive();
    let mut at = zone.instant_of(day.and_time(t));
    if at < from.utc() {
        at = zone.instant_of((day + Duration::days(1)).and_time(t));
    }
    Some(Stamp::at(at, zone))
}

/// The Consensus Sleep Diary: bed and wake times prefilled (enough to save), the rest optional
/// and kept as not given when left alone.
fn sleep_form(existing: Option<Entry>, drafts: String, sharing: Sharing) -> impl IntoView {
    let app = use_app();
    let saved = match existing.as_ref().map(|e| &e.body) {
        Some(EntryBody::Sleep(s)) => Some(s.clone()),
        _ => None,
    };
    let local_time = |s: Stamp| input_time(s.0.time());
    let bed = RwSignal::new(
        saved
            .as_ref()
            .map_or("23:00".to_string(), |s| local_time(s.bedtime)),
    );
    let wake = RwSignal::new(
        saved
            .as_ref()
            .map_or("07:00".to_string(), |s| local_time(s.wake)),
    );
    let quality = RwSignal::new(saved.as_ref().and_then(|s| s.quality));
    let awakenings = RwSignal::new(saved.as_ref().and_then(|s| s.awakenings));
    let minutes_text = |m: Option<u16>| m.map(|m| m.to_string()).unwrap_or_default();
    let tried = RwSignal::new(
        saved
            .as_ref()
            .and_then(|s| s.tried_to_sleep)
            .map(local_time)
            .unwrap_or_default(),
    );
    let to_sleep = RwSignal::new(minutes_text(
        saved.as_ref().and_then(|s| s.minutes_to_fall_asleep),
    ));
    let awake = RwSignal::new(minutes_text(saved.as_ref().and_then(|s| s.minutes_awake)));
    let out_of_bed = RwSignal::new(
        saved
            .as_ref()
            .and_then(|s| s.out_of_bed)
            .map(local_time)
            .unwrap_or_default(),
    );
    let more = RwSignal::new(saved.as_ref().is_some_and(|s| {
        s.tried_to_sleep.is_some()
            || s.minutes_to_fall_asleep.is_some()
            || s.minutes_awake.is_some()
            || s.out_of_bed.is_some()
    }));
    let note = DraftText::new(
        format!("{drafts}-note"),
        saved.as_ref().map(|s| s.note.clone()).unwrap_or_default(),
    );
    // An edit keeps the night it was about; a new entry means the night just gone.
    let reference = existing
        .as_ref()
        .and_then(|_| saved.as_ref().map(|s| s.wake.utc()));
    let instants = move || {
        sleep_instants(
            &bed.get(),
            &wake.get(),
            reference.unwrap_or_else(|| app.now.get()),
            &app.zone(),
        )
    };
    // The night as the form holds it, or why it cannot be one yet.
    let night = move || -> Result<Sleep, String> {
        let (bedtime, wake_at) =
            instants().ok_or("Enter when you went to bed and when you woke.")?;
        let zone = app.zone();
        let optional_time = |text: String, from: Stamp| {
            (!text.trim().is_empty())
                .then(|| at_or_after(&text, from, &zone))
                .flatten()
        };
        Ok(Sleep {
            quality: quality.get(),
            awakenings: awakenings.get(),
            note: note.value.get_untracked().trim().to_string(),
            tried_to_sleep: optional_time(tried.get(), bedtime),
            minutes_to_fall_asleep: parse_minutes(&to_sleep.get())?,
            minutes_awake: parse_minutes(&awake.get())?,
            out_of_bed: optional_time(out_of_bed.get(), wake_at),
            ..Sleep::quick(bedtime, wake_at)
        })
    };
    let slept = move || match night() {
        Ok(s) if s.slept() > Duration::zero() => {
            let mut line = format!(
                "That is {} of sleep, {} in bed",
                span_words(s.slept()),
                span_words(s.time_in_bed())
            );
            if let Some(p) = s.efficiency_percent() {
                line.push_str(&format!(", a sleep efficiency of {p}%"));
            }
            line.push('.');
            line
        }
        _ => String::new(),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match night() {
            Ok(s) => {
                if sharing.save(existing.clone(), EntryBody::Sleep(s)) {
                    note.clear_draft();
                }
            }
            Err(why) => sharing.refuse(&why),
        }
    };
    let minutes_field = |id: &'static str, label: &'static str, value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id type="text" inputmode="numeric" maxlength="4" autocomplete="off" bind:value=value />
            </div>
        }
    };
    view! {
        <form class="card stack" on:submit=on_submit(submit) novalidate>
            <div class="grid-2">
                <div class="field">
                    <label for="sleep-bed">"Went to bed"</label>
                    <input id="sleep-bed" type="time" bind:value=bed />
                </div>
                <div class="field">
                    <label for="sleep-wake">"Woke up for the day"</label>
                    <input id="sleep-wake" type="time" bind:value=wake />
                </div>
            </div>
            <p class="lead" aria-live="polite">{move || slept()}</p>
            <Scale legend="How well did you sleep? 1 (very poorly) to 5 (very well), optional" name="sleep-quality" min=1 max=5 low="very poorly" high="very well" value=quality />
            <Chip label="More about the night (optional)".into() pressed=more on_toggle=move || more.update(|m| *m = !*m) />
            <div class="stack" hidden=move || !more.get()>
                <div class="grid-2">
                    <div class="field">
                        <label for="sleep-tried">"Started trying to sleep"</label>
                        <input id="sleep-tried" type="time" bind:value=tried />
                    </div>
                    <div class="field">
                        <label for="sleep-out">"Got out of bed"</label>
                        <input id="sleep-out" type="time" bind:value=out_of_bed />
                    </div>
                </div>
                {minutes_field("sleep-latency", "Minutes it took to fall asleep", to_sleep)}
                <fieldset class="group">
                    <legend>"Times you woke in the night"</legend>
                    <div class="row">
                        <button class="btn btn-secondary" type="button" aria-label="One fewer" on:click=on_click(move |_| awakenings.update(|a| *a = Some(a.map_or(0, |n| n.saturating_sub(1)))))>"−"</button>
                        <output class="big-number" aria-live="polite">{move || awakenings.get().map_or("not given".to_string(), |n| n.to_string())}</output>
                        <button class="btn btn-secondary" type="button" aria-label="One more" on:click=on_click(move |_| awakenings.update(|a| *a = Some(a.map_or(1, |n| (n + 1).min(50)))))>"+"</button>
                        <button class="btn btn-quiet" type="button" hidden=move || awakenings.get().is_none() on:click=on_click(move |_| awakenings.set(None))>"Clear"</button>
                    </div>
                </fieldset>
                {minutes_field("sleep-awake", "Minutes awake in the night, in all", awake)}
                <p class="hint">"These follow the Consensus Sleep Diary. Leave any empty: Waypoint keeps it as not given."</p>
            </div>
            {text_area("sleep-note", "Note: dreams, how rested (optional)", 3, 5000, note)}
            {footer(sharing)}
        </form>
    }
}

/// A questionnaire's answers are kept as given; editing one changes only who may see it.
fn questionnaire_form(existing: Option<Entry>, sharing: Sharing) -> impl IntoView {
    let body = existing.as_ref().map(|e| e.body.clone());
    let summary = existing.as_ref().map(Entry::summary).unwrap_or_default();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(body) = body.clone() {
            sharing.save(existing.clone(), body);
        }
    };
    view! {
        <form class="card stack" on:submit=on_submit(submit) novalidate>
            <p class="lead">{summary}</p>
            <p class="hint">"Answers are kept as you gave them. To answer again, take the questionnaire anew from Today."</p>
            {footer(sharing)}
        </form>
    }
}

fn insight_form(existing: Option<Entry>, drafts: String, sharing: Sharing) -> impl IntoView {
    let saved = match existing.as_ref().map(|e| &e.body) {
        Some(EntryBody::Insight(i)) => i.clone(),
        _ => Insight::default(),
    };
    let text = DraftText::new(format!("{drafts}-text"), saved.text.clone());
    let answers: Vec<(Prompt, DraftText, RwSignal<bool>)> = Prompt::ALL
        .into_iter()
        .enumerate()
        .map(|(i, prompt)| {
            let previous = saved
                .answers
                .iter()
                .find(|a| a.prompt == prompt)
                .map(|a| a.text.clone())
                .unwrap_or_default();
            let field = DraftText::new(format!("{drafts}-prompt-{i}"), previous);
            let open = RwSignal::new(!field.value.get_untracked().is_empty());
            (prompt, field, open)
        })
        .collect();
    let habits = RwSignal::new(saved.habits);
    let answers = StoredValue::new(answers);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let list: Vec<PromptAnswer> = answers.with_value(|a| {
            a.iter()
                .filter(|(_, f, _)| !f.value.get_untracked().trim().is_empty())
                .map(|(p, f, _)| PromptAnswer {
                    prompt: *p,
                    text: f.value.get_untracked().trim().to_string(),
                })
                .collect()
        });
        let body = EntryBody::Insight(Insight {
            text: text.value.get_untracked().trim().to_string(),
            answers: list,
            habits: habits.get_untracked(),
        });
        if sharing.save(existing.clone(), body) {
            text.clear_draft();
            answers.with_value(|a| a.iter().for_each(|(_, f, _)| f.clear_draft()));
        }
    };
    let habit = |label: &'static str, get: fn(&Habits) -> bool, set: fn(&mut Habits)| {
        view! { <Chip label=label.to_string() pressed=Signal::derive(move || habits.with(get)) on_toggle=move || habits.update(set) /> }
    };
    view! {
        <form class="card stack" on:submit=on_submit(submit) novalidate>
            {text_area("insight-text", "What do you want to remember?", 6, 20000, text)}
            <fieldset class="group">
                <legend>"Questions that may help (optional)"</legend>
                {answers.get_value().into_iter().enumerate().map(|(i, (prompt, field, open))| {
                    let id = format!("prompt-{i}");
                    view! {
                        <Chip label=prompt.question().to_string() pressed=open on_toggle=move || open.update(|o| *o = !*o) />
                        {move || open.get().then(|| view! {
                            <div class="field">
                                <label for=id.clone()>{prompt.question()}</label>
                                <textarea id=id.clone() rows="3" maxlength="5000" prop:value=move || field.value.get()
                                    on:input=on_input(move |ev| field.set(event_target_value(&ev)))></textarea>
                            </div>
                        }.into_any())}
                    }
                }).collect_any()}
            </fieldset>
            <fieldset class="group">
                <legend>"Today I made room for"</legend>
                <div class="chips">
                    {habit("Nourishing food", |h| h.food, |h| h.food = !h.food)}
                    {habit("Movement", |h| h.movement, |h| h.movement = !h.movement)}
                    {habit("Rest", |h| h.rest, |h| h.rest = !h.rest)}
                    {habit("Connection", |h| h.connection, |h| h.connection = !h.connection)}
                </div>
            </fieldset>
            {footer(sharing)}
        </form>
    }
}
