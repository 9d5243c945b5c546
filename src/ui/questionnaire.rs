//! The PHQ-9 and GAD-7 as a patient takes them: one question a screen, the standard answers,
//! Back and Next; the calm screen PHQ-9 item 9 opens at once when answered above 0, which never
//! stands between the patient and their score; then the total, its band and the previous one,
//! said plainly, with the reminder that it is a screening score. And the scores across the
//! course, charted. Rules live in [`crate::domain::questionnaire`]; this only shows them.

use super::components::{focus_first, on_change, on_click, on_submit, Chip, CollectAny};
use super::report::{chart_view, Panel};
use super::state::use_app;
use crate::domain::entry::{Entry, EntryBody, EntryId};
use crate::domain::questionnaire::{
    self, change_words, latest_two, needs_safety_screen, score_chart_points, score_ticks,
    Instrument, Questionnaire, Score, ANSWERS, COPYRIGHT, DIFFICULTY_ANSWERS, DIFFICULTY_QUESTION,
    NOT_A_DIAGNOSIS,
};
use crate::domain::review::{dots_path, line_path};
use crate::domain::time::short_date;
use leptos::prelude::*;

/// Where the patient is in a questionnaire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// Answering item `n` (from 0).
    Question(usize),
    /// PHQ-9 item 9 was answered above 0: the crisis line and the clinic, before anything else.
    Safety,
    /// The closing, unscored difficulty question.
    Difficulty,
    /// Saved: the total and its band.
    Result,
}

/// Every score in the patient's journal, placed in their course.
pub fn journal_scores() -> Vec<Score> {
    let app = use_app();
    app.plan.with(|plan| {
        app.entries.with(|entries| {
            questionnaire::scores(entries, |t| {
                plan.course
                    .session_before(t)
                    .and_then(|s| plan.course.number_of(&s.id))
            })
        })
    })
}

/// Taking the PHQ-9 or GAD-7 named by `key`.
#[component]
pub fn QuestionnaireScreen(
    /// `phq9` or `gad7`.
    key: String,
) -> impl IntoView {
    let Some(instrument) = Instrument::from_key(&key) else {
        return view! { <h1 tabindex="-1">"Questionnaire not found"</h1> }.into_any();
    };
    let n = instrument.items().len();
    let answers = RwSignal::new(vec![None::<u8>; n]);
    let difficulty = RwSignal::new(None::<u8>);
    let step = RwSignal::new(Step::Question(0));
    let problem = RwSignal::new(None::<String>);
    let private = RwSignal::new(false);
    let saved = RwSignal::new(None::<Questionnaire>);
    // Each new step moves focus to its question, so a screen reader reads it and the keyboard
    // starts there.
    Effect::new(move |previous: Option<Step>| {
        let now = step.get();
        if previous.is_some_and(|p| p != now) {
            request_animation_frame(|| {
                focus_first("#step-title");
            });
        }
        now
    });
    let go = move |to: Step| {
        problem.set(None);
        step.set(to);
    };
    let next_after = move |i: usize| {
        if i + 1 < n {
            Step::Question(i + 1)
        } else {
            Step::Difficulty
        }
    };
    let save = move || {
        let body = Questionnaire {
            instrument,
            answers: answers.get_untracked().into_iter().flatten().collect(),
            difficulty: difficulty.get_untracked(),
        };
        let app = use_app();
        let at = app.stamp_now();
        let entry = Entry {
            id: EntryId(super::clock::new_id("e")),
            written: at,
            edited: at,
            private: private.get_untracked(),
            discuss: false,
            body: EntryBody::Questionnaire(body.clone()),
        };
        let problems = entry.problems();
        if !problems.is_empty() {
            problem.set(Some(problems.join(" ")));
            return;
        }
        match app.save_entry(entry) {
            Ok(()) => {
                saved.set(Some(body));
                go(Step::Result);
            }
            Err(why) => problem.set(Some(why)),
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match step.get_untracked() {
            Step::Question(i) => {
                let Some(answer) = answers.with_untracked(|a| a[i]) else {
                    problem.set(Some(
                        "Choose the answer closest to how it has been, to go on.".into(),
                    ));
                    return;
                };
                // PHQ-9 item 9 above 0: its screen comes at once, before the total.
                go(if needs_safety_screen(instrument, i, answer) {
                    Step::Safety
                } else {
                    next_after(i)
                });
            }
            Step::Safety => go(next_after(questionnaire::PHQ9_SAFETY_ITEM)),
            Step::Difficulty => save(),
            Step::Result => {}
        }
    };
    let back = move |_| match step.get_untracked() {
        Step::Question(0) => super::route::go(&super::route::Route::Today),
        Step::Question(i) => go(Step::Question(i - 1)),
        Step::Safety => go(Step::Question(questionnaire::PHQ9_SAFETY_ITEM)),
        Step::Difficulty => go(Step::Question(n - 1)),
        Step::Result => {}
    };
    let title = format!("{}: {}", instrument.name(), instrument.about());
    view! {
        <h1 class="screen-title" tabindex="-1">{title}</h1>
        {move || match step.get() {
            Step::Result => saved.get().map(|q| view! { <ResultView answers=q /> }.into_any()).unwrap_or_else(|| ().into_any()),
            current => view! {
                <form class="card stack questionnaire" on:submit=on_submit(submit) novalidate>
                    {match current {
                        Step::Question(i) => question(instrument, i, answers).into_any(),
                        Step::Safety => view! { <SafetyScreen /> }.into_any(),
                        _ => difficulty_question(difficulty, private).into_any(),
                    }}
                    {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> }.into_any())}
                    <div class="row questionnaire-nav">
                        <button class="btn btn-secondary" type="button" on:click=on_click(back)>
                            {if current == Step::Question(0) { "Not now" } else { "Back" }}
                        </button>
                        <button class="btn btn-primary" type="submit">{match current {
                            Step::Safety => "Continue",
                            Step::Difficulty => "See my score",
                            _ => "Next",
                        }}</button>
                    </div>
                </form>
            }.into_any(),
        }}
        <p class="hint">"Nothing is kept until you finish. " {COPYRIGHT}</p>
        <super::components::NotMonitored />
    }
    .into_any()
}

/// One question: the stem, the item, the four standard answers as real radio buttons.
fn question(instrument: Instrument, i: usize, answers: RwSignal<Vec<Option<u8>>>) -> AnyView {
    let item = instrument.items()[i];
    let n = instrument.items().len();
    let name = format!("q-{}-{i}", instrument.key());
    view! {
        <p class="muted">{format!("Question {} of {n}", i + 1)}</p>
        <fieldset class="choices">
            <legend>
                <span class="stem">{instrument.stem()}</span>
                <span class="question" id="step-title" tabindex="-1">{item.text}</span>
            </legend>
            {ANSWERS.iter().enumerate().map(|(value, (label, _))| {
                let value = value as u8;
                let name = name.clone();
                view! {
                    <label class="choice">
                        <input type="radio" name=name value=value.to_string()
                            prop:checked=move || answers.with(|a| a[i] == Some(value))
                            on:change=on_change(move |_| answers.update(|a| a[i] = Some(value))) />
                        <span>{*label}</span>
                    </label>
                }
            }).collect_any()}
        </fieldset>
    }
    .into_any()
}

/// The closing question (optional), and whether the result stays on the phone.
fn difficulty_question(difficulty: RwSignal<Option<u8>>, private: RwSignal<bool>) -> AnyView {
    view! {
        <p class="muted">"Last question (optional)"</p>
        <fieldset class="choices">
            <legend><span class="question" id="step-title" tabindex="-1">{DIFFICULTY_QUESTION}</span></legend>
            {DIFFICULTY_ANSWERS.iter().enumerate().map(|(value, (label, _))| {
                let value = value as u8;
                view! {
                    <label class="choice">
                        <input type="radio" name="q-difficulty" value=value.to_string()
                            prop:checked=move || difficulty.get() == Some(value)
                            on:change=on_change(move |_| difficulty.set(Some(value))) />
                        <span>{*label}</span>
                    </label>
                }
            }).collect_any()}
        </fieldset>
        <button class="btn btn-quiet" type="button" hidden=move || difficulty.get().is_none()
            on:click=on_click(move |_| difficulty.set(None))>"Clear this answer"</button>
        <div class="chips">
            <Chip label="Private: never shared".into() pressed=private on_toggle=move || private.update(|p| *p = !*p) />
        </div>
    }
    .into_any()
}

/// After PHQ-9 item 9 was answered above 0: calm words, the crisis line and the clinic one tap
/// each, and that nobody watches the app. Continue is always there.
#[component]
fn SafetyScreen() -> impl IntoView {
    let app = use_app();
    let no_clinic = app
        .plan
        .with(|p| p.settings.protocol.help_lines().clinic.is_none());
    view! {
        <div class="safety stack" role="region" aria-labelledby="step-title">
            <h2 id="step-title" tabindex="-1">"Thank you for answering that honestly"</h2>
            <p>"You said that thoughts of being better off dead, or of hurting yourself, have come to you. Many people have them at hard times, and you do not have to hold them alone. Talking to someone can help, today."</p>
            <p><strong>"Nobody monitors Waypoint: your answers are not seen by anyone unless you share them."</strong>" If you might act on these thoughts, call now."</p>
            <div class="sheet-actions">{move || super::components::help_calls()}</div>
            {no_clinic.then(|| view! { <p class="hint">"Your clinic's number is not saved yet. You can add it in Settings."</p> }.into_any())}
            <p class="muted">"When you are ready, you can finish the questionnaire; your answers are kept as you gave them."</p>
        </div>
    }
}

/// The total, its band, the previous score, said plainly and kindly.
#[component]
fn ResultView(answers: Questionnaire) -> impl IntoView {
    let app = use_app();
    let instrument = answers.instrument;
    let total = answers.total();
    let scores = journal_scores();
    let previous = match latest_two(&scores, instrument) {
        (Some(latest), Some(previous)) => Some(change_words(latest, previous)),
        _ => None,
    };
    let other = app.plan.with_untracked(|plan| {
        app.entries.with_untracked(|entries| {
            questionnaire::invitation(plan, entries, app.now.get_untracked())
                .and_then(|inv| inv.to_take().into_iter().find(|i| *i != instrument))
        })
    });
    let safety = answers.safety_answer().is_some();
    view! {
        <section class="card stack" aria-labelledby="step-title">
            <h2 id="step-title" tabindex="-1">"Your score"</h2>
            <p class="stat"><span class="big-number">{total.to_string()}</span><span class="muted">{format!(" of {}", instrument.max_total())}</span></p>
            <p class="lead">{format!("In the {} range of the {}.", answers.band().name(), instrument.name())}</p>
            {previous.map(|p| view! { <p>{format!("That is {p}.")}</p> }.into_any())}
            <p>{NOT_A_DIAGNOSIS}</p>
            {safety.then(|| view! {
                <p class="banner banner-info">"You told us about thoughts of being better off dead or of hurting yourself. If they come back, Help now at the top is one tap away. This answer is shown first to your therapist when you share your report."</p>
            }.into_any())}
            {other.map(|o| {
                let href = super::route::Route::Questionnaire(o.key().into()).href();
                let label = format!("Take the {} too ({} questions)", o.name(), o.items().len());
                view! { <a class="btn btn-primary btn-block" href=href>{label}</a> }.into_any()
            })}
            <a class="btn btn-secondary btn-block" href="#/scores">"Scores across the course"</a>
            <a class="btn btn-quiet btn-block" href="#/">"Back to Today"</a>
        </section>
    }
}

/// Every score across the course, one chart per questionnaire.
#[component]
pub fn ScoresScreen() -> impl IntoView {
    // The charts' and tables' styles come with the report's.
    super::report::use_report_styles();
    let scores = journal_scores();
    view! {
        <h1 class="screen-title" tabindex="-1">"Scores across the course"</h1>
        {if scores.is_empty() {
            view! {
                <section class="card stack">
                    <p class="empty">"No questionnaire yet. Waypoint invites you to take them before sessions and at the end of each 72 hours; you can also take one now."</p>
                    <a class="btn btn-secondary btn-block" href="#/questionnaire/phq9">"PHQ-9: mood (9 questions)"</a>
                    <a class="btn btn-secondary btn-block" href="#/questionnaire/gad7">"GAD-7: worry (7 questions)"</a>
                </section>
            }.into_any()
        } else {
            view! {
                <ScoreCharts scores=scores />
                <section class="card stack">
                    <h2>"Take one now"</h2>
                    <a class="btn btn-secondary btn-block" href="#/questionnaire/phq9">"PHQ-9: mood (9 questions)"</a>
                    <a class="btn btn-secondary btn-block" href="#/questionnaire/gad7">"GAD-7: worry (7 questions)"</a>
                </section>
            }.into_any()
        }}
        <p class="hint">{NOT_A_DIAGNOSIS}</p>
        <p class="hint">{COPYRIGHT}</p>
    }
}

/// The charts of every questionnaire that has scores, with the latest and previous said in
/// words: on the scores screen and in the report.
#[component]
pub fn ScoreCharts(
    /// Every score, oldest first.
    scores: Vec<Score>,
    /// Under a heading of the report's (an `h3`): each questionnaire's heading is an `h4`, where
    /// on the scores screen, under its title, it is an `h2`.
    #[prop(optional)]
    nested: bool,
) -> impl IntoView {
    Instrument::ALL
        .into_iter()
        .filter(|i| scores.iter().any(|s| s.instrument == *i))
        .map(|instrument| {
            let of: Vec<Score> = scores
                .iter()
                .filter(|s| s.instrument == instrument)
                .cloned()
                .collect();
            let latest = match latest_two(&scores, instrument) {
                (Some(l), Some(p)) => format!(
                    "Latest {} of {} ({}), {}; {}.",
                    l.total,
                    instrument.max_total(),
                    l.band().name(),
                    short_date(l.written.0.date_naive()),
                    change_words(l, p)
                ),
                (Some(l), None) => format!(
                    "Latest {} of {} ({}), {}.",
                    l.total,
                    instrument.max_total(),
                    l.band().name(),
                    short_date(l.written.0.date_naive())
                ),
                _ => String::new(),
            };
            view! {
                <section class="card stack score-card">
                    {let title = format!("{}: {}", instrument.name(), instrument.about());
                    if nested { view! { <h4>{title}</h4> }.into_any() } else { view! { <h2>{title}</h2> }.into_any() }}
                    <p class="lead">{latest}</p>
                    <ScoreChart instrument=instrument scores=of />
                </section>
            }
        })
        .collect_any()
}

/// One questionnaire's totals across the course as an SVG line, the bands' lower edges as
/// grid lines, PHQ-9 item 9 answers above 0 ringed; and the same as a table, the chart's text
/// alternative.
#[component]
pub fn ScoreChart(
    /// Which questionnaire.
    instrument: Instrument,
    /// Its scores, oldest first.
    scores: Vec<Score>,
) -> impl IntoView {
    let refs: Vec<&Score> = scores.iter().collect();
    let points = score_chart_points(&refs);
    let max = instrument.max_total();
    let flagged: Vec<(i32, i32)> = scores
        .iter()
        .zip(&points)
        .filter(|(s, _)| s.safety_answer.is_some())
        .map(|(_, p)| *p)
        .collect();
    let n = scores.len();
    // A date under each score while they fit, then every few.
    let step = n.div_ceil(6).max(1);
    let x_labels = scores
        .iter()
        .zip(&points)
        .enumerate()
        .filter(|(i, _)| i % step == 0 || *i == n - 1)
        .map(|(_, (s, (x, _)))| (*x, short_date(s.written.0.date_naive())))
        .collect();
    let panel = Panel {
        title: "Total",
        class: "score",
        max: i64::from(max) * 10,
        ticks: score_ticks(instrument)
            .into_iter()
            .map(|t| i64::from(t) * 10)
            .collect(),
        unit: "",
        line: line_path(&points),
        dots: dots_path(&points),
        flagged: dots_path(&flagged),
        bars: String::new(),
    };
    let description = scores
        .iter()
        .map(|s| {
            format!(
                "{} on {} ({})",
                s.total,
                short_date(s.written.0.date_naive()),
                s.context()
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let label = format!(
        "{} totals across the course, 0 to {max}: {description}",
        instrument.name()
    );
    let safety_column = instrument == Instrument::Phq9;
    let rows = scores
        .iter()
        .map(|s| {
            let item9 = s
                .safety_answer
                .map(|a| ANSWERS[usize::from(a.min(3))].0)
                .unwrap_or("");
            view! {
                <tr>
                    <td>{short_date(s.written.0.date_naive())}</td>
                    <td>{s.context()}</td>
                    <td>{format!("{} of {max}", s.total)}</td>
                    <td>{s.band().name()}</td>
                    {safety_column.then(|| view! { <td>{item9}</td> }.into_any())}
                </tr>
            }
        })
        .collect_any();
    view! {
        {chart_view(
            label,
            vec![panel],
            x_labels,
            "Date taken",
            if safety_column {
                "Grid lines at the bands' lower edges. A ringed dot means item 9 was answered above 0."
            } else {
                "Grid lines at the bands' lower edges."
            },
        )}
        <div class="table-wrap" role="region" aria-label=format!("{} scores table", instrument.name()) tabindex="0">
            <table class="data">
                <caption class="visually-hidden">{format!("{} scores across the course", instrument.name())}</caption>
                <thead><tr>
                    <th scope="col">"Date"</th><th scope="col">"When"</th><th scope="col">"Total"</th><th scope="col">"Band"</th>
                    {safety_column.then(|| view! { <th scope="col">"Item 9"</th> }.into_any())}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
