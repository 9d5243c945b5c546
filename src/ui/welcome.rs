//! First run: only what is needed to be useful (the next session's date and time, clinic or
//! home, optionally the clinic's name and phone), or skip.

use super::components::{on_click, on_submit};
use super::sessions::{wall_time_to_stamp, when_and_where};
use super::state::use_app;
use crate::domain::plan::Plan;

/// The welcome's answer: what it changes in the plan, applied by Today's module.
pub type WelcomeAnswer = Box<dyn FnOnce(&mut Plan) -> Result<(), String> + Send>;
use crate::domain::session::{Session, SessionId, Setting};
use leptos::prelude::*;

/// The first-run questions, shown on Today until answered or skipped.
#[component]
pub fn Welcome() -> impl IntoView {
    let app = use_app();
    let date = RwSignal::new(String::new());
    let time = RwSignal::new("09:00".to_string());
    let setting = RwSignal::new(Setting::Clinic);
    let clinic = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    // The crisis line shown below: the country Waypoint suggests until the patient changes it.
    let country = RwSignal::new(None::<String>);
    // What the patient saw is what Help offers from now on.
    let keep_crisis_line = move |plan: &mut Plan| {
        if let Some(shown) = app.crisis_suggestion.get_untracked() {
            shown.apply_to(plan);
        }
    };
    let saving = RwSignal::new(false);
    // Saved from Today's module, which answering opens anyway: the first download then holds no
    // code that writes a record (serde's writer and the plan's Serialize, about 2 KB gzip). On
    // success Today replaces the welcome; only a failure is shown here, the form kept as it is.
    let answer = move |change: WelcomeAnswer| {
        problem.set(None);
        saving.set(true);
        leptos::task::spawn_local(async move {
            let why = match super::save_welcome(app, change).await {
                Ok(true) => return,
                Ok(false) => app.error.get_untracked(),
                Err(_) => Some(super::NOT_DOWNLOADED.to_string()),
            };
            let _ = problem.try_set(why);
            let _ = saving.try_set(false);
        });
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(planned) = wall_time_to_stamp(&date.get_untracked(), &time.get_untracked()) else {
            problem.set(Some(
                "Choose the date and time of your next session, or tap \"Skip for now\".".into(),
            ));
            return;
        };
        let mut session = Session::planned(SessionId(super::clock::new_id("s")), planned);
        session.setting = setting.get_untracked();
        session.place = clinic.get_untracked().trim().to_string();
        let (clinic, phone) = (
            clinic.get_untracked().trim().to_string(),
            phone.get_untracked().trim().to_string(),
        );
        answer(Box::new(move |plan| {
            plan.settings.protocol.clinic_name = clinic;
            plan.settings.protocol.clinic_phone = phone;
            plan.course.upsert(session);
            plan.welcomed = true;
            keep_crisis_line(plan);
            Ok(())
        }));
    };
    let skip = move |_| {
        answer(Box::new(move |plan| {
            plan.welcomed = true;
            keep_crisis_line(plan);
            Ok(())
        }));
    };
    view! {
        <h1 class="screen-title" tabindex="-1">"Welcome to Waypoint"</h1>
        <p class="lead">"A quiet companion for your ketamine-assisted therapy: getting ready, the hours after, and the 72 hours of integration."</p>
        <p class="muted">"Everything you write stays on this phone. Nothing is sent anywhere unless you choose to share it."</p>
        <form class="card stack" on:submit=on_submit(save) novalidate>
            <h2>"Your next session"</h2>
            {when_and_where("welcome", date, time, setting)}
            <div class="field">
                <label for="welcome-clinic">"Clinic or therapist name (optional)"</label>
                <input id="welcome-clinic" type="text" autocomplete="organization" maxlength="80" bind:value=clinic />
            </div>
            <div class="field">
                <label for="welcome-phone">"Their phone number (optional)"</label>
                <input id="welcome-phone" type="tel" autocomplete="tel" maxlength="40" bind:value=phone />
                <p class="hint">"It goes behind the Help button, one tap away."</p>
            </div>
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> }.into_any())}
            <button class="btn btn-primary btn-block" type="submit" disabled=move || saving.get()>"Save and start"</button>
            <button class="btn btn-quiet btn-block" type="button" disabled=move || saving.get() on:click=on_click(skip)>"Skip for now"</button>
        </form>
        <section class="card stack" aria-labelledby="crisis-title">
            <h2 id="crisis-title">"If things get hard"</h2>
            <p>"The Help button at the top calls these numbers in one tap, day and night."</p>
            {super::lazy_part(
                Box::pin(super::crisis_picker(country, "crisis-title")),
                "Finding the crisis line for where you are…",
                Box::new(|| view! { <p>{"The list of crisis lines has not downloaded yet. Help offers emergency services until you choose in Settings."}</p> }.into_any()),
            )}
        </section>
        <section class="card stack" aria-labelledby="therapist-title">
            <h2 id="therapist-title">"Are you a therapist?"</h2>
            <p>"Open the report a patient shared with you, without answering these questions. It is read-only, and nothing from it is stored on this device."</p>
            <a class="btn btn-secondary btn-block" href="#/review">"I'm a therapist: open a patient's file"</a>
        </section>
    }
}
