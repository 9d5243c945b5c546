//! The report as a therapist reads it, summary first: whose files and what they cover, mood and
//! sleep across the course, the entries marked to discuss (once each), then one block per
//! session: its summary beside its entries grouped by hour (collapsible). The same view is the
//! patient's preview on Share, without the check-in count the patient's own screens never show.
//!
//! It draws a page at a time (sessions, entries to discuss, entries), so a file of 50,000 entries
//! opens at once; printing draws everything first. Its styles (`review.css`, two columns from
//! about 900 px, the printed document) are fetched with it, not with the app's first download.

use super::components::{on_click, CollectAny};
use super::journal::{entry_text, written_label};
use crate::domain::entry::Entry;
use crate::domain::review::{
    self, bars_path, describe_course, describe_window, dots_path, line_path, percent, tenths_text,
    x_of_minutes, x_of_session, y_of, CoursePoint, DiscussItem, Point, Review, SessionSummary,
    Slot, Summary, Trend, WindowEntries, MOOD_MAX, PLOT, SLEEP_MAX,
};
use crate::domain::session::Setting;
use crate::domain::time::{clock, long_date, short_date, span_words};
use crate::domain::window::CheckInState;
use leptos::prelude::*;
use std::sync::Arc;

/// Sessions drawn at a time, newest first.
const SESSIONS_PAGE: usize = 20;
/// Entries drawn at a time across the sessions shown.
const ENTRIES_PAGE: usize = 200;
/// Entries to discuss drawn at a time.
const DISCUSS_PAGE: usize = 100;

/// Fetches the report's stylesheet once, the first time a report or review mode is shown.
pub fn use_report_styles() {
    let doc = document();
    if doc.get_element_by_id("report-styles").is_some() {
        return;
    }
    let (Some(head), Ok(link)) = (doc.head(), doc.create_element("link")) else {
        return;
    };
    let _ = link.set_attribute("id", "report-styles");
    let _ = link.set_attribute("rel", "stylesheet");
    let _ = link.set_attribute("href", "review.css");
    let _ = head.append_child(&link);
}

/// The report for one or more files of one patient.
#[component]
pub fn ReportView(
    /// The files, as one course.
    review: Arc<Review>,
    /// The patient's own preview (Share): check-ins written and not are left out, as on every
    /// screen of the patient's.
    #[prop(optional)]
    for_patient: bool,
) -> impl IntoView {
    use_report_styles();
    if review.entries.is_empty() {
        return view! { <p class="empty">"Nothing is chosen to share yet."</p> }.into_any();
    }
    let summary = Arc::new(review::summary(&review));
    let sessions = summary.sessions.len();
    let shown_sessions = RwSignal::new(SESSIONS_PAGE);
    let shown_entries = RwSignal::new(ENTRIES_PAGE);
    let shown_discuss = RwSignal::new(DISCUSS_PAGE);
    // Which blocks' entries are open: the newest session's at first. Kept here, so drawing more
    // of the report keeps what the reader opened.
    let open = RwSignal::new((0..=sessions).map(|i| i == 0).collect::<Vec<bool>>());
    let printing = RwSignal::new(false);
    // A print holds everything: drawn just before the browser lays the pages out.
    let before = window_event_listener(leptos::ev::beforeprint, move |_| printing.set(true));
    let after = window_event_listener(leptos::ev::afterprint, move |_| printing.set(false));
    on_cleanup(move || {
        before.remove();
        after.remove();
    });

    let head = report_head(&review);
    let safety = safety_flags(&summary);
    let overview = overview(&review, &summary, shown_discuss, printing);
    let scores = scores_section(&summary);
    let blocks = {
        let (review, summary) = (review.clone(), summary.clone());
        move || {
            let all = printing.get();
            let session_limit = if all {
                usize::MAX
            } else {
                shown_sessions.get()
            };
            let entry_limit = if all { usize::MAX } else { shown_entries.get() };
            let shown = sessions.min(session_limit);
            let mut windows: Vec<&WindowEntries> = summary.windows[..shown].iter().collect();
            if shown == sessions {
                windows.push(&summary.before_first);
            }
            let (pages, rest) = review::first_entries(&windows, entry_limit);
            let blocks = summary.sessions[..shown]
                .iter()
                .zip(&pages)
                .enumerate()
                .map(|(i, (s, page))| {
                    session_block(
                        &review,
                        s,
                        page,
                        summary.windows[i].len(),
                        i,
                        open,
                        for_patient,
                    )
                })
                .collect_any();
            let before_first = (shown == sessions && !summary.before_first.is_empty()).then(|| {
                entries_block(
                    &review,
                    None,
                    &pages[shown],
                    summary.before_first.len(),
                    sessions,
                    open,
                )
            });
            let more_sessions = (sessions > shown).then(|| {
                let label = format!("Show earlier sessions ({} more)", sessions - shown);
                view! {
                    <button class="btn btn-secondary btn-block" type="button"
                        on:click=on_click(move |_| shown_sessions.update(|n| *n += SESSIONS_PAGE))>{label}</button>
                }
                .into_any()
            });
            let more_entries = (rest > 0).then(|| {
                let label = format!("Show more entries ({rest} more)");
                view! {
                    <button class="btn btn-secondary btn-block" type="button"
                        on:click=on_click(move |_| shown_entries.update(|n| *n += ENTRIES_PAGE))>{label}</button>
                }
                .into_any()
            });
            view! { {blocks} {before_first} {more_entries} {more_sessions} }.into_any()
        }
    };
    view! {
        <article class="report" aria-labelledby="report-title">
            {head}
            {safety}
            {overview}
            {scores}
            {blocks}
        </article>
    }
    .into_any()
}

/// For the therapist, before anything else: every shared PHQ-9 whose item 9 (thoughts of
/// being better off dead or of self-harm) was answered above 0.
fn safety_flags(summary: &Summary) -> Option<AnyView> {
    use crate::domain::questionnaire::ANSWERS;
    let flags = summary.safety_answers();
    (!flags.is_empty()).then(|| {
        let lines = flags
            .iter()
            .map(|s| {
                let answer = ANSWERS[usize::from(s.safety_answer.unwrap_or(0).min(3))].0;
                format!(
                    "{}, {}: \u{201c}{}\u{201d} (PHQ-9 total {}).",
                    written_label(&s.written),
                    s.context(),
                    answer.to_lowercase(),
                    s.total
                )
            })
            .map(|line| view! { <li>{line}</li> })
            .collect_any();
        view! {
            <div class="banner banner-warning flag-item9" role="note">
                <p><strong>"PHQ-9 item 9 answered above 0"</strong>" (thoughts that they would be better off dead, or of hurting themselves):"</p>
                <ul>{lines}</ul>
                <p>"The patient was shown their crisis line and clinic when they answered. Waypoint is not monitored."</p>
            </div>
        }
        .into_any()
    })
}

/// The PHQ-9 and GAD-7 scores across the course, when the files hold any.
fn scores_section(summary: &Summary) -> Option<AnyView> {
    (!summary.scores.is_empty()).then(|| {
        view! {
            <section class="report-scores stack" aria-labelledby="scores-title">
                <h3 id="scores-title">"Questionnaires (PHQ-9, GAD-7)"</h3>
                <p class="muted">{crate::domain::questionnaire::NOT_A_DIAGNOSIS}</p>
                <super::questionnaire::ScoreCharts scores=summary.scores.clone() nested=true />
            </section>
        }
        .into_any()
    })
}

/// Whose files, what they cover, when they were made.
fn report_head(review: &Review) -> AnyView {
    let title = match review.patient_name() {
        Some(name) => format!("Waypoint report: {name}"),
        None => "Waypoint report".to_string(),
    };
    let style = super::state::use_app().clock_style();
    let made = |at: &crate::domain::time::Stamp| {
        format!("{}, {}", long_date(at.0.date_naive()), clock(at.0, style))
    };
    let files = review
        .files
        .iter()
        .map(|f| {
            let text = format!("{}: made {}", capitalised(&f.covers()), made(&f.made));
            view! { <li>{text}</li> }
        })
        .collect_any();
    let count = review.entries.len();
    let shared = format!(
        "{count} {} shared by the patient. Private entries are never included. Times are the patient's own clock times.",
        if count == 1 { "entry" } else { "entries" }
    );
    view! {
        <header class="report-head">
            <h2 id="report-title" class="report-title">{title}</h2>
            <ul class="report-files">{files}</ul>
            <p class="muted">{shared}</p>
        </header>
    }
    .into_any()
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Mood and sleep across the course, and the entries marked to discuss.
fn overview(
    review: &Arc<Review>,
    summary: &Arc<Summary>,
    shown: RwSignal<usize>,
    printing: RwSignal<bool>,
) -> AnyView {
    let course = course_section(&summary.course);
    let total = summary.discuss.len();
    let discuss = {
        let (review, summary) = (review.clone(), summary.clone());
        move || {
            let limit = if printing.get() {
                usize::MAX
            } else {
                shown.get()
            };
            let items = summary
                .discuss
                .iter()
                .take(limit)
                .map(|d| discuss_item(&review, d))
                .collect_any();
            let rest = total.saturating_sub(limit);
            let more = (rest > 0).then(|| {
                let label = format!("Show more to discuss ({rest} more)");
                view! {
                    <button class="btn btn-secondary btn-block" type="button"
                        on:click=on_click(move |_| shown.update(|n| *n += DISCUSS_PAGE))>{label}</button>
                }
                .into_any()
            });
            view! { <ol class="discuss-list">{items}</ol> {more} }.into_any()
        }
    };
    let heading = if total == 0 {
        "To discuss".to_string()
    } else {
        format!("To discuss ({total})")
    };
    view! {
        <div class="report-overview">
            {course}
            <section class="report-discuss" aria-labelledby="discuss-title">
                <h3 id="discuss-title">{heading}</h3>
                {if total == 0 {
                    view! { <p class="muted">"The patient marked nothing to discuss."</p> }.into_any()
                } else {
                    view! {
                        <p class="muted">"Entries the patient marked to talk about, each once, newest session first."</p>
                        {discuss}
                    }
                    .into_any()
                }}
            </section>
        </div>
    }
    .into_any()
}

fn discuss_item(review: &Review, item: &DiscussItem) -> AnyView {
    let entry = &review.entries[item.entry];
    let place = match (item.session, item.slot) {
        (Some(n), slot) => format!("After session {n} · {}", slot_words(slot)),
        (None, slot) => format!("Before the first session · {}", slot_words(slot)),
    };
    view! {
        <li>
            <p class="discuss-place">{place}</p>
            <ReadOnlyEntry entry=entry.clone() />
        </li>
    }
    .into_any()
}

/// `hour 7`, `after the 72 hours, Fri 20 Nov`, `Sun 1 Nov`.
fn slot_words(slot: Slot) -> String {
    match slot {
        Slot::Hour(h) => format!("hour {h}"),
        Slot::After(day) => format!("after the 72 hours, {}", short_date(day)),
        Slot::Day(day) => short_date(day),
    }
}

fn course_section(points: &[CoursePoint]) -> AnyView {
    let n = points.len();
    if n == 0 {
        return view! {
            <section class="report-course" aria-labelledby="course-title">
                <h3 id="course-title">"Across the course"</h3>
                <p class="muted">"No session in these files has ended, so there is no window to chart."</p>
            </section>
        }
        .into_any();
    }
    let at = |i: usize| x_of_session(i, n);
    let panel = |title: &'static str,
                 class: &'static str,
                 max: i64,
                 unit: &'static str,
                 pick: fn(&CoursePoint) -> Option<Trend>| {
        let with: Vec<(usize, Trend)> = points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| pick(p).map(|t| (i, t)))
            .collect();
        let averages: Vec<(i32, i32)> = with
            .iter()
            .map(|(i, t)| (at(*i), y_of(t.average, max)))
            .collect();
        Panel {
            title,
            class,
            max,
            ticks: Vec::new(),
            unit,
            line: line_path(&averages),
            dots: dots_path(&averages),
            flagged: String::new(),
            bars: bars_path(
                &with
                    .iter()
                    .filter(|(_, t)| t.low != t.high)
                    .map(|(i, t)| (at(*i), y_of(t.low, max), y_of(t.high, max)))
                    .collect::<Vec<_>>(),
            ),
        }
    };
    let panels = vec![
        panel(
            "Mood, 0–10: average, lowest to highest",
            "mood",
            MOOD_MAX,
            "",
            |p| p.mood,
        ),
        panel(
            "Hours slept: average, shortest to longest",
            "sleep",
            SLEEP_MAX,
            " h",
            |p| p.sleep,
        ),
    ];
    // A label for each session while they fit, then every few.
    let step = n.div_ceil(12).max(1);
    let x_labels = points
        .iter()
        .enumerate()
        .filter(|(i, _)| i % step == 0 || *i == n - 1)
        .map(|(i, p)| (at(i), p.number.to_string()))
        .collect();
    let chart = chart_view(
        describe_course(points),
        panels,
        x_labels,
        "Session",
        "Each session's 72-hour window: the line joins the averages, bars run from the lowest to the highest value.",
    );
    let rows = points
        .iter()
        .rev()
        .map(|p| {
            let mood = p
                .mood
                .map_or("–".to_string(), |t| trend_words(&t, "", "rating"));
            let sleep = p
                .sleep
                .map_or("–".to_string(), |t| trend_words(&t, " h", "night"));
            view! { <tr><th scope="row">{p.number}</th><td>{mood}</td><td>{sleep}</td></tr> }
        })
        .collect_any();
    view! {
        <section class="report-course" aria-labelledby="course-title">
            <h3 id="course-title">"Across the course"</h3>
            {chart}
            <div class="table-wrap" role="region" aria-label="Mood and sleep per session" tabindex="0">
                <table class="data">
                    <caption class="visually-hidden">"Mood and sleep in each session's 72 hours, newest first"</caption>
                    <thead><tr><th scope="col">"Session"</th><th scope="col">"Mood (0–10)"</th><th scope="col">"Sleep"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

/// `6.5 (4 ratings, 6–7)`, `8 h (1 night)`.
fn trend_words(t: &Trend, unit: &str, what: &str) -> String {
    let plural = if t.count == 1 { "" } else { "s" };
    let range = if t.low == t.high {
        String::new()
    } else {
        format!(", {}–{}{unit}", tenths_text(t.low), tenths_text(t.high))
    };
    format!(
        "{}{unit} ({} {what}{plural}{range})",
        tenths_text(t.average),
        t.count
    )
}

/// One panel of a chart: a value scale and what is drawn on it.
pub(super) struct Panel {
    pub title: &'static str,
    pub class: &'static str,
    /// The top of the scale, in tenths.
    pub max: i64,
    /// Where the scale is labelled and gridded, in tenths; none for 0, half and the top.
    pub ticks: Vec<i64>,
    pub unit: &'static str,
    pub line: String,
    pub dots: String,
    pub flagged: String,
    pub bars: String,
}

/// A chart of one or more panels sharing the x axis. The plot is SVG stretched to the width
/// (lines and dots keep their screen size); the labels are HTML at the page's text size, so
/// they stay at least 11 px, grow with the reader's text setting, and never scale or clip with
/// the plot. `label` is the chart in words, for screen readers.
pub(super) fn chart_view(
    label: String,
    panels: Vec<Panel>,
    x_labels: Vec<(i32, String)>,
    x_title: &'static str,
    caption: &'static str,
) -> AnyView {
    let last_x = x_labels.len().saturating_sub(1);
    let x_labels = x_labels
        .into_iter()
        .enumerate()
        .map(|(i, (x, text))| {
            let edge = if x <= 0 {
                "chart-label at-start"
            } else if x >= PLOT || (i == last_x && x > PLOT * 95 / 100) {
                "chart-label at-end"
            } else {
                "chart-label"
            };
            view! { <span class=edge style:left=percent(x)>{text}</span> }
        })
        .collect_any();
    let panels = panels
        .into_iter()
        .map(|p| {
            let ticks = if p.ticks.is_empty() {
                vec![0, p.max / 2, p.max]
            } else {
                p.ticks.clone()
            };
            let grid: String = ticks
                .iter()
                .map(|&t| format!("M0,{}H{PLOT}", y_of(t, p.max)))
                .collect();
            let y_labels = ticks
                .iter()
                .map(|&t| {
                    let text = format!("{}{}", tenths_text(t), p.unit);
                    view! { <span class="chart-label" style:top=percent(y_of(t, p.max))>{text}</span> }
                })
                .collect_any();
            view! {
                <div class=format!("chart-panel chart-{}", p.class)>
                    <p class="chart-title">{p.title}</p>
                    <div class="chart-area">
                        <div class="chart-y">{y_labels}</div>
                        <svg class="chart-plot" viewBox="0 0 1000 1000" preserveAspectRatio="none" focusable="false">
                            <path class="chart-gridline" d=grid />
                            <path class="chart-bars" d=p.bars />
                            <path class="chart-line" d=p.line />
                            <path class="chart-dots" d=p.dots />
                            <path class="chart-flagged" d=p.flagged />
                        </svg>
                    </div>
                </div>
            }
        })
        .collect_any();
    view! {
        <figure class="chart">
            <div class="chart-body" role="img" aria-label=label>
                <div aria-hidden="true">
                    {panels}
                    <div class="chart-area chart-x-axis">
                        <span></span>
                        <div class="chart-x">{x_labels}</div>
                    </div>
                    <p class="chart-x-title">{x_title}</p>
                </div>
            </div>
            <figcaption>{caption}</figcaption>
        </figure>
    }
    .into_any()
}

/// A session's window as a chart: mood and sleep across the 72 hours.
fn window_chart(s: &SessionSummary) -> AnyView {
    let points = |list: &[Point], max: i64, flagged: bool| -> Vec<(i32, i32)> {
        list.iter()
            .filter(|p| !flagged || p.flagged)
            .map(|p| (x_of_minutes(p.minutes), y_of(p.tenths, max)))
            .collect()
    };
    let panel = |title, class, max, unit, list: &[Point]| Panel {
        title,
        class,
        max,
        ticks: Vec::new(),
        unit,
        line: line_path(&points(list, max, false)),
        dots: dots_path(&points(list, max, false)),
        flagged: dots_path(&points(list, max, true)),
        bars: String::new(),
    };
    let label = format!(
        "{} {}",
        describe_window("Mood (0–10)", "", &s.mood_points),
        describe_window("Hours slept, by wake time", " h", &s.sleep_points)
    );
    chart_view(
        label,
        vec![
            panel("Mood, 0–10", "mood", MOOD_MAX, "", &s.mood_points),
            panel(
                "Hours slept, by wake time",
                "sleep",
                SLEEP_MAX,
                " h",
                &s.sleep_points,
            ),
        ],
        [0, 24, 48, 72]
            .into_iter()
            .map(|h| (x_of_minutes(h * 60), format!("{h} h")))
            .collect(),
        "Hours since the session ended",
        "Ringed dots are marked to discuss.",
    )
}

#[allow(clippy::too_many_arguments)]
fn session_block(
    review: &Review,
    s: &SessionSummary,
    page: &WindowEntries,
    total: usize,
    index: usize,
    open: RwSignal<Vec<bool>>,
    for_patient: bool,
) -> AnyView {
    let number = s.session.number;
    let title_id = format!("session-{index}-title");
    let summary = session_summary(s, title_id.clone(), for_patient);
    view! {
        <section class="report-session" aria-labelledby=title_id>
            {summary}
            {entries_block(review, Some(number), page, total, index, open)}
        </section>
    }
    .into_any()
}

fn session_summary(s: &SessionSummary, title_id: String, for_patient: bool) -> AnyView {
    let style = super::state::use_app().clock_style();
    let shared = &s.session;
    let when = match (shared.started, shared.ended) {
        (Some(a), Some(b)) => format!(
            "{}, {}–{} ({})",
            long_date(a.0.date_naive()),
            clock(a.0, style),
            clock(b.0, style),
            span_words(b.utc() - a.utc())
        ),
        (_, Some(b)) => format!(
            "Ended {}, {}",
            long_date(b.0.date_naive()),
            clock(b.0, style)
        ),
        _ => String::new(),
    };
    let route = shared.route.map_or("route not recorded", |r| r.name());
    let place = match shared.setting {
        Setting::Clinic => "at the clinic",
        Setting::Home => "at home",
    };
    let intention = if shared.intention.trim().is_empty() {
        "No intention recorded.".to_string()
    } else {
        shared.intention.clone()
    };
    let (prev_label, prev_mood, prev_sleep) = match s.previous {
        Some((n, m, sl)) => (format!("Previous window (session {n})"), m, sl),
        None => ("Previous window".to_string(), None, None),
    };
    let none_before = s.previous.is_none();
    let cell = |t: Option<Trend>, unit: &str, what: &str| match t {
        Some(t) => trend_words(&t, unit, what),
        None if none_before => "not in these files".to_string(),
        None => "–".to_string(),
    };
    let first_last = |t: Option<Trend>| {
        t.map_or("–".to_string(), |t| {
            format!("{} → {}", tenths_text(t.first), tenths_text(t.last))
        })
    };
    let this_mood = s
        .mood
        .map_or("–".to_string(), |t| trend_words(&t, "", "rating"));
    let this_sleep = s
        .sleep
        .map_or("–".to_string(), |t| trend_words(&t, " h", "night"));
    let prev_mood_text = cell(prev_mood, "", "rating");
    let prev_sleep_text = cell(prev_sleep, " h", "night");
    let prev_first_last = if none_before {
        "–".to_string()
    } else {
        first_last(prev_mood)
    };
    let words = if s.emotions.is_empty() {
        "None chosen".to_string()
    } else {
        s.emotions
            .iter()
            .map(|(w, n)| format!("{w} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let habits = if s.habits.is_empty() {
        "None ticked".to_string()
    } else {
        s.habits
            .iter()
            .map(|(h, n)| format!("{h} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let check_ins = (!for_patient).then(|| {
        let done = s
            .check_ins
            .iter()
            .filter(|c| c.state == CheckInState::Done)
            .count();
        let not_done: Vec<&str> = s
            .check_ins
            .iter()
            .filter(|c| c.state == CheckInState::Missed)
            .map(|c| short_check_in(c.check_in))
            .collect();
        let not_yet: Vec<&str> = s
            .check_ins
            .iter()
            .filter(|c| matches!(c.state, CheckInState::Open | CheckInState::Upcoming))
            .map(|c| short_check_in(c.check_in))
            .collect();
        let mut text = format!("{done} of {} written", s.check_ins.len());
        if !not_done.is_empty() {
            text.push_str(&format!("; not written: {}", not_done.join(", ")));
        }
        if !not_yet.is_empty() {
            text.push_str(&format!(
                "; not due yet when the file was made: {}",
                not_yet.join(", ")
            ));
        }
        view! { <dt>"Check-ins"</dt><dd>{text}</dd> }.into_any()
    });
    let entries = format!(
        "{} after this session; {} marked to discuss",
        s.entries, s.discuss
    );
    view! {
        <div class="session-summary">
            <h3 id=title_id class="session-title">{format!("Session {}", shared.number)}</h3>
            <p class="session-when">{format!("{when} · {route} · {place}")}</p>
            <p class="session-intention"><strong>"Intention: "</strong><span class="user-text">{intention}</span></p>
            <div class="table-wrap" role="region" aria-label=format!("Session {}: mood and sleep", shared.number) tabindex="0">
                <table class="data trend">
                    <caption class="visually-hidden">{format!("Session {}: mood and sleep in its 72 hours, beside the window before", shared.number)}</caption>
                    <thead><tr><td></td><th scope="col">"This window"</th><th scope="col">{prev_label}</th></tr></thead>
                    <tbody>
                        <tr><th scope="row">"Mood, average"</th><td>{this_mood}</td><td>{prev_mood_text}</td></tr>
                        <tr><th scope="row">"Mood, first → last"</th><td>{first_last(s.mood)}</td><td>{prev_first_last}</td></tr>
                        <tr><th scope="row">"Sleep, average"</th><td>{this_sleep}</td><td>{prev_sleep_text}</td></tr>
                    </tbody>
                </table>
            </div>
            {window_chart(s)}
            <dl class="facts">
                <dt>"Emotion words"</dt><dd class="user-text">{words}</dd>
                {check_ins}
                <dt>"Habits"</dt><dd>{habits}</dd>
                <dt>"Entries"</dt><dd>{entries}</dd>
            </dl>
        </div>
    }
    .into_any()
}

fn short_check_in(c: crate::domain::window::CheckIn) -> &'static str {
    use crate::domain::window::CheckIn;
    match c {
        CheckIn::Debrief => "debrief (about 6 h)",
        CheckIn::Day1 => "day 1 (about 24 h)",
        CheckIn::Day2 => "day 2 (about 48 h)",
        CheckIn::Day3 => "day 3 (about 72 h)",
    }
}

/// A session's entries (or those before the first session), not marked to discuss, grouped by
/// hour, behind a button that shows and hides them. Hidden entries are still drawn, so a print
/// holds them.
fn entries_block(
    review: &Review,
    session: Option<usize>,
    page: &WindowEntries,
    total: usize,
    index: usize,
    open: RwSignal<Vec<bool>>,
) -> AnyView {
    let body_id = format!("entries-{index}");
    let is_open = move || open.with(|o| o.get(index).copied().unwrap_or(false));
    let toggle = move |_| {
        open.update(|o| {
            if let Some(v) = o.get_mut(index) {
                *v = !*v;
            }
        })
    };
    let what = match session {
        Some(n) => format!("Other entries after session {n}"),
        None => "Entries before the first session".to_string(),
    };
    if total == 0 {
        let text = format!("{what}: none.");
        return view! { <div class="session-entries"><p class="muted">{text}</p></div> }.into_any();
    }
    let label = format!("{what} ({total})");
    let drawn = page.len();
    let groups = page
        .groups
        .iter()
        .map(|g| {
            let title = capitalised(&slot_words(g.slot));
            let cards = g
                .entries
                .iter()
                .map(|&i| view! { <ReadOnlyEntry entry=review.entries[i].clone() /> })
                .collect_any();
            view! { <div class="slot"><h4 class="slot-title">{title}</h4>{cards}</div> }
        })
        .collect_any();
    let not_drawn = (drawn < total).then(|| {
        let text = format!(
            "{} more not shown yet: \"Show more entries\" below draws them.",
            total - drawn
        );
        view! { <p class="muted">{text}</p> }.into_any()
    });
    let heading = if session.is_some() {
        // The button says it on screen; a print has no button, so it says it here.
        view! { <h4 class="print-only">{format!("Other entries after session {}", session.unwrap_or(0))}</h4> }.into_any()
    } else {
        view! { <h3 class="session-title">"Before the first session"</h3> }.into_any()
    };
    let body = view! {
        {heading}
        <button class="disclosure" type="button" aria-expanded=move || is_open().to_string()
            aria-controls=body_id.clone() on:click=on_click(toggle)>
            {label}
        </button>
        <div class="disclosure-body" id=body_id hidden=move || !is_open()>
            {groups}
            {not_drawn}
        </div>
    };
    // After a session, part of its section; before the first, a section of its own, like a
    // session's (and, printed, on a page of its own).
    if session.is_some() {
        view! { <div class="session-entries">{body}</div> }.into_any()
    } else {
        view! { <section class="session-entries report-session">{body}</section> }.into_any()
    }
}

/// An entry as the report shows it: no edit or delete.
#[component]
pub fn ReadOnlyEntry(
    /// The entry.
    entry: Entry,
) -> impl IntoView {
    view! { <article class="entry-card">{entry_text(&entry, false)}</article> }
}
