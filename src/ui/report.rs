//! The therapist report, shown to the patient as a preview of exactly what leaves the phone, and
//! to the therapist in review mode: a summary across sessions, flagged entries first, then one
//! printable page per session window with mood and sleep charts drawn as inline SVG.

use super::components::CollectAny;
use super::journal::{entry_text, written_label};
use crate::domain::entry::Entry;
use crate::domain::export::{
    self, chart_polyline, chart_xy, tenths_text, ChartPoint, Report, SessionReport, SharedExport,
    CHART_HEIGHT, CHART_MARGIN, CHART_WIDTH,
};
use crate::domain::session::Setting;
use crate::domain::time::{long_date, span_words};
use crate::domain::window::CheckInState;
use leptos::prelude::*;

/// The full report for a shared file.
#[component]
pub fn ReportView(
    /// The shared file to show.
    export: SharedExport,
) -> impl IntoView {
    let report = export::report(&export);
    let made = format!(
        "Made {}, {}.",
        long_date(export.exported_at.0.date_naive()),
        crate::domain::time::clock(export.exported_at.0, super::state::use_app().clock_style())
    );
    let count = export.entries.len();
    if count == 0 {
        return view! { <p class="empty">"Nothing is chosen to share yet."</p> }.into_any();
    }
    view! {
        <article class="report">
            <section class="report-summary stack">
                <h2>"Summary"</h2>
                <SafetyFlags report=report.clone() />
                <p class="muted">{made}" "{format!("{count} entries shared by the patient; private entries are never included.")}</p>
                <Summary report=report.clone() />
                {(!report.scores.is_empty()).then(|| view! {
                    <h3>"Questionnaires (PHQ-9, GAD-7)"</h3>
                    <p class="muted">{crate::domain::questionnaire::NOT_A_DIAGNOSIS}</p>
                    <super::questionnaire::ScoreCharts scores=report.scores.clone() />
                }.into_any())}
                <Flagged entries=report.flagged.clone() />
            </section>
            {report.sessions.iter().map(|s| view! { <SessionPage page=s.clone() /> }).collect_any()}
            {(!report.before_sessions.is_empty()).then(|| view! {
                <section class="report-page stack">
                    <h2>"Before the first session"</h2>
                    {report.before_sessions.iter().map(|e| view! { <ReadOnlyEntry entry=e.clone() /> }).collect_any()}
                </section>
            }.into_any())}
        </article>
    }
    .into_any()
}

/// For the therapist, before anything else: every shared PHQ-9 whose item 9 (thoughts of
/// being better off dead or of self-harm) was answered above 0.
#[component]
fn SafetyFlags(report: Report) -> impl IntoView {
    use crate::domain::questionnaire::ANSWERS;
    let flags = report.safety_answers();
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
    })
}

#[component]
fn Summary(report: Report) -> impl IntoView {
    let rows = report
        .sessions
        .iter()
        .map(|s| {
            let done = s
                .check_ins
                .iter()
                .filter(|c| c.state == CheckInState::Done)
                .count();
            let mood = s
                .mood_average_tenths()
                .map(tenths_text)
                .unwrap_or_else(|| "–".into());
            let sleep = s
                .sleep_average_tenths()
                .map(|t| format!("{} h", tenths_text(t)))
                .unwrap_or_else(|| "–".into());
            let ended = s
                .session
                .ended
                .map(|e| long_date(e.0.date_naive()))
                .unwrap_or_default();
            view! {
                <tr>
                    <td>{format!("{} ({ended})", s.session.number)}</td>
                    <td>{mood}</td>
                    <td>{sleep}</td>
                    <td>{format!("{done} of {}", s.check_ins.len())}</td>
                    <td>{s.flagged.len()}</td>
                </tr>
            }
        })
        .collect_any();
    view! {
        // A narrow phone scrolls the table inside its box, never the page.
        <div class="table-wrap" role="region" aria-label="Summary table" tabindex="0">
        <table class="data">
            <caption class="visually-hidden">"Mood and sleep per session"</caption>
            <thead><tr><th scope="col">"Session"</th><th scope="col">"Average mood (0–10)"</th><th scope="col">"Average sleep"</th><th scope="col">"Check-ins"</th><th scope="col">"To discuss"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        </div>
    }
}

#[component]
fn Flagged(entries: Vec<Entry>) -> impl IntoView {
    (!entries.is_empty()).then(|| {
        view! {
            <h3>"Marked to discuss"</h3>
            {entries.into_iter().map(|e| view! { <ReadOnlyEntry entry=e /> }).collect_any()}
        }
    })
}

#[component]
fn SessionPage(page: SessionReport) -> impl IntoView {
    let s = &page.session;
    let ended = s
        .ended
        .map(|e| format!("ended {}", written_label(&e)))
        .unwrap_or_default();
    let route = s.route.map(|r| r.name()).unwrap_or("route not recorded");
    let place = match s.setting {
        Setting::Clinic => "at the clinic",
        Setting::Home => "at home",
    };
    let length = match (s.started, s.ended) {
        (Some(a), Some(b)) => format!(", {}", span_words(b.utc() - a.utc())),
        _ => String::new(),
    };
    let intention = if s.intention.is_empty() {
        "No intention recorded.".to_string()
    } else {
        s.intention.clone()
    };
    let check_ins = page
        .check_ins
        .iter()
        .map(|c| {
            let (class, word) = match c.state {
                CheckInState::Done => ("checkin checkin-done", "written"),
                CheckInState::Missed => ("checkin checkin-missed", "missed"),
                CheckInState::Open => ("checkin checkin-open", "open at export"),
                _ => ("checkin checkin-upcoming", "not reached at export"),
            };
            view! { <li class=class>{format!("{}: {word}", c.check_in.title())}</li> }
        })
        .collect_any();
    view! {
        <section class="report-page stack">
            <h2>{format!("Session {}", s.number)}</h2>
            <p>{format!("{ended}{length} · {route} · {place}")}</p>
            <p><strong>"Intention: "</strong>{intention}</p>
            <Chart title="Mood across the 72 hours (0–10)" class="chart-line-mood" points=page.mood.clone() max=10.0 unit="" />
            <Chart title="Hours slept, by wake time" class="chart-line-sleep" points=page.sleep.clone() max=12.0 unit=" h" />
            <h3>"Check-ins"</h3>
            <ul class="checkins">{check_ins}</ul>
            {(!page.flagged.is_empty()).then(|| view! {
                <h3>"Marked to discuss"</h3>
                {page.flagged.iter().map(|e| view! { <ReadOnlyEntry entry=e.clone() /> }).collect_any()}
            }.into_any())}
            {(!page.insights.is_empty()).then(|| view! {
                <h3>"Insights, in order"</h3>
                {page.insights.iter().map(|e| view! { <ReadOnlyEntry entry=e.clone() /> }).collect_any()}
            }.into_any())}
            <h3>"Every shared entry"</h3>
            {page.entries.iter().map(|e| view! { <ReadOnlyEntry entry=e.clone() /> }).collect_any()}
        </section>
    }
}

/// A line chart across the window's 72 hours: hour on x, the value on y, flagged points ringed.
#[component]
fn Chart(
    /// The caption, also the chart's accessible name.
    title: &'static str,
    /// Class of the line (mood or sleep styling).
    class: &'static str,
    /// The points, oldest first.
    points: Vec<ChartPoint>,
    /// The top of the y axis.
    max: f32,
    /// Unit after values in the description.
    unit: &'static str,
) -> impl IntoView {
    if points.is_empty() {
        return view! { <p class="muted">{format!("{title}: nothing shared.")}</p> }.into_any();
    }
    let description = points
        .iter()
        .map(|p| {
            format!(
                "{}{unit} at hour {}",
                tenths_text((p.value * 10.0).round() as i64),
                p.hour as i64 + 1
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let line = chart_polyline(&points, max);
    let bottom = CHART_HEIGHT - CHART_MARGIN;
    let view_box = format!("0 0 {CHART_WIDTH} {CHART_HEIGHT}");
    let grid_x = [0.0f32, 24.0, 48.0, 72.0].map(|h| {
        let (x, _) = chart_xy(&ChartPoint { hour: h, value: 0.0, flagged: false }, max);
        view! {
            <line class="chart-grid" x1=x x2=x y1="8" y2=bottom />
            <text class="chart-label" x=x y=bottom + 20 text-anchor="middle">{format!("{}h", h as i32)}</text>
        }
    });
    let grid_y = [0.0f32, max / 2.0, max].map(|v| {
        let (_, y) = chart_xy(
            &ChartPoint {
                hour: 0.0,
                value: v,
                flagged: false,
            },
            max,
        );
        view! {
            <line class="chart-grid" x1=CHART_MARGIN x2=CHART_WIDTH - 8 y1=y y2=y />
            <text class="chart-label" x=CHART_MARGIN - 6 y=y + 4 text-anchor="end">{v as i32}</text>
        }
    });
    let dots = points
        .iter()
        .map(|p| {
            let (x, y) = chart_xy(p, max);
            let r = if p.flagged { 9 } else { 5 };
            view! { <circle class="chart-point" class:flagged=p.flagged cx=x cy=y r=r /> }
        })
        .collect_any();
    let label = format!("{title}: {description}");
    view! {
        <figure class="chart">
            <svg viewBox=view_box role="img" aria-label=label>
                {grid_x}
                {grid_y}
                <polyline class=format!("{class} chart-line") fill="none" points=line />
                {dots}
            </svg>
            <figcaption>{title}" · larger dots are marked to discuss"</figcaption>
        </figure>
    }
    .into_any()
}

/// An entry as the report shows it: no edit or delete.
#[component]
pub fn ReadOnlyEntry(
    /// The entry.
    entry: Entry,
) -> impl IntoView {
    view! { <article class="entry-card">{entry_text(&entry, false)}</article> }
}
