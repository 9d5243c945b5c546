//! Backups the app can vouch for, and files locked with a passphrase.
//!
//! - [`MakeBackup`]: a backup locked with a passphrase (offered first) or without one. Either
//!   way the file is read back before it is offered (decrypted again, its entries and sessions
//!   counted, its SHA-256 compared with what was written), and "saved" is said only once it has
//!   been shared or downloaded; the plan then records it ([`BackupRecord`]).
//! - [`NewPassphrase`]: choosing a passphrase, with its strength and the warning that nobody can
//!   recover it (backups and reports for the therapist).
//! - [`Unlock`]: asking for the passphrase of a locked file (restore, review).
//! - [`BackupStatusLine`]: "Last backup 3 days ago." and what it holds.
//! - [`BackupScreen`]: all of that on a screen of its own, which Today's suggestion opens.
//!
//! The key derivation is the slow step (600,000 PBKDF2 iterations, measured in the README), run
//! once per backup; the screen shows which step is running meanwhile.

use super::components::{download_blob, on_change, on_click, on_input};
use super::state::{use_app, AppState};
use crate::domain::backup::{
    backup_status, check_read_back, hex, Backup, BackupRecord, Expected, BACKUP_FORMAT,
};
use crate::domain::encrypted::{self, passphrase_problem, strength, Contents, EncryptedFile};
use crate::domain::export::{share_file_name, SharedExport};
use crate::json;
use crate::storage::schema::CURRENT;
use crate::webcrypto;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The app's version, written into files.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// How a file left the phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offered {
    /// Through the system share sheet, to wherever the patient chose.
    Shared,
    /// As a download.
    Downloaded,
}

/// Why a file did not leave the phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotOffered {
    /// The patient closed the share sheet.
    Cancelled,
    /// The browser wants a fresh tap before it opens the share sheet (the key took too long).
    NeedsTap,
}

/// Offers `text` as a file named `name`: the system share sheet where the browser can share
/// files (phones), a download otherwise. Waits for the share sheet's answer.
pub async fn offer(name: &str, mime: &str, text: &str, title: &str) -> Result<Offered, NotOffered> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::FilePropertyBag::new();
    options.set_type(mime);
    let Ok(file) = web_sys::File::new_with_str_sequence_and_options(&parts, name, &options) else {
        return Ok(Offered::Downloaded);
    };
    let navigator = window().navigator();
    let data = web_sys::ShareData::new();
    data.set_files(&js_sys::Array::of1(&file));
    data.set_title(title);
    let can_share = js_sys::Reflect::has(&navigator, &JsValue::from_str("canShare"))
        .unwrap_or(false)
        && navigator.can_share_with_data(&data);
    if can_share {
        match JsFuture::from(navigator.share_with_data(&data)).await {
            Ok(_) => return Ok(Offered::Shared),
            Err(e) => {
                let name = e
                    .dyn_ref::<web_sys::DomException>()
                    .map(|e| e.name())
                    .unwrap_or_default();
                match name.as_str() {
                    "AbortError" => return Err(NotOffered::Cancelled),
                    "NotAllowedError" => return Err(NotOffered::NeedsTap),
                    // Sharing failed some other way: a download still saves it.
                    _ => {}
                }
            }
        }
    }
    download_blob(name, &file);
    Ok(Offered::Downloaded)
}

/// The whole journal as a backup made now, and what reading it back must find; refused when a
/// newer Waypoint wrote the journal (this version would put defaults in place of what it cannot
/// read).
pub fn current_backup(app: AppState) -> Result<(Backup, String, Expected), String> {
    if app.newer_version.get_untracked().is_some() {
        return Err("This version of Waypoint cannot make a complete backup of a journal saved by a newer version. Use \"Download it exactly as saved\" in Settings, or update the app.".into());
    }
    let backup = Backup {
        format: BACKUP_FORMAT.into(),
        schema_version: CURRENT,
        app_version: APP_VERSION.into(),
        exported_at: app.stamp_now(),
        plan: app.plan.get_untracked(),
        entries: app.entries.get_untracked(),
    };
    let text = json::to_string(&backup);
    let expected = Expected {
        entries: backup.entries.len(),
        sessions: backup.plan.course.sessions.len(),
        sha256: String::new(),
    };
    Ok((backup, text, expected))
}

/// What the file made reads back as, by the same File the patient is given: its text, read
/// through the browser.
async fn read_back(name: &str, text: &str) -> Result<String, String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let unreadable = "The backup was not saved: it could not be read back. Nothing on this phone was changed; try again.";
    let file = web_sys::File::new_with_str_sequence(&parts, name).map_err(|_| unreadable)?;
    JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| unreadable.to_string())
}

/// A backup made, checked and ready to offer.
#[derive(Clone)]
struct Ready {
    name: String,
    text: String,
    record: BackupRecord,
}

/// Which step of making a backup is running: (step, of, what).
type Step = Option<(u8, u8, &'static str)>;

/// Makes the backup file, locked with `passphrase` when there is one, and checks what it reads
/// back as. `step` says what is running.
async fn make(
    app: AppState,
    passphrase: Option<String>,
    step: RwSignal<Step>,
) -> Result<Ready, String> {
    let (backup, text, mut expected) = current_backup(app)?;
    let steps = if passphrase.is_some() { 3 } else { 1 };
    let name = crate::domain::backup::backup_file_name(&backup.exported_at);
    let (name, file_text) = match &passphrase {
        Some(passphrase) => {
            step.set(Some((
                1,
                steps,
                "Making a key from your passphrase. This takes a few seconds…",
            )));
            let (file, key) = webcrypto::new_key(Contents::Backup, passphrase).await?;
            step.set(Some((2, steps, "Locking the backup…")));
            expected.sha256 = digest(&text).await?;
            let locked = webcrypto::lock(file, &key, &text).await?.to_text();
            step.set(Some((3, steps, "Reading it back to check it…")));
            let back = read_back(&name, &locked).await?;
            let file = encrypted::read(&back).map_err(|_| {
                "The backup was not saved: reading it back, it was not a locked file. Nothing on this phone was changed; try again.".to_string()
            })?;
            let plain = webcrypto::unlock(&file, &key).await.map_err(|_| {
                "The backup was not saved: reading it back, it did not open with the key it was locked with. Nothing on this phone was changed; try again.".to_string()
            })?;
            check_read_back(&plain, &digest(&plain).await?, &expected, CURRENT)?;
            (encrypted_name(&name), locked)
        }
        None => {
            step.set(Some((1, steps, "Reading the backup back to check it…")));
            expected.sha256 = digest(&text).await?;
            let back = read_back(&name, &text).await?;
            check_read_back(&back, &digest(&back).await?, &expected, CURRENT)?;
            (name, text)
        }
    };
    Ok(Ready {
        name,
        text: file_text,
        record: BackupRecord {
            at: backup.exported_at,
            entries: expected.entries as u32,
            sessions: expected.sessions as u32,
            encrypted: passphrase.is_some(),
            sha256: expected.sha256,
        },
    })
}

/// SHA-256 of `text`, lowercase hex.
async fn digest(text: &str) -> Result<String, String> {
    webcrypto::sha256(text.as_bytes()).await.map(|d| hex(&d))
}

/// `waypoint-backup-2026-11-22-1430.json` → `waypoint-backup-2026-11-22-1430-locked.json`.
fn encrypted_name(name: &str) -> String {
    match name.strip_suffix(".json") {
        Some(stem) => format!("{stem}-locked.json"),
        None => format!("{name}-locked"),
    }
}

/// "12 entries and 2 sessions"
fn holds(record: &BackupRecord) -> String {
    let plural = |n: u32, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    format!(
        "{} and {}",
        plural(record.entries, "entry", "entries"),
        plural(record.sessions, "session", "sessions")
    )
}

/// Choosing a new passphrase: the field, its strength, the field again, "show", the warning
/// that nobody can recover it, and "I have written it down".
#[component]
pub fn NewPassphrase(
    /// Prefix of the fields' ids, unique on the page.
    prefix: &'static str,
    /// The passphrase typed.
    passphrase: RwSignal<String>,
    /// The passphrase typed again.
    again: RwSignal<String>,
    /// Whether the patient says they wrote it down.
    written: RwSignal<bool>,
    /// What it locks, for the warning: "this backup", "this report".
    what: &'static str,
) -> impl IntoView {
    let shown = RwSignal::new(false);
    let kind = move || if shown.get() { "text" } else { "password" };
    let first = format!("{prefix}-passphrase");
    let second = format!("{prefix}-passphrase-again");
    let hint = format!("{prefix}-passphrase-strength");
    let show = format!("{prefix}-show-passphrase");
    let wrote = format!("{prefix}-written-down");
    let level = move || strength(&passphrase.get());
    view! {
        <div class="field">
            <label for=first.clone()>"Passphrase"</label>
            <input id=first type=kind autocomplete="new-password" autocapitalize="off" spellcheck="false"
                aria-describedby=hint.clone() prop:value=move || passphrase.get()
                on:input=on_input(move |ev| passphrase.set(event_target_value(&ev))) />
            <p class="hint" id=hint>{move || {
                if passphrase.with(String::is_empty) {
                    "At least 8 characters. Four or more unrelated words are easy to remember and hard to guess.".to_string()
                } else {
                    let l = level();
                    format!("Strength: {}. {}", l.word(), l.hint())
                }
            }}</p>
        </div>
        <div class="field">
            <label for=second.clone()>"Type it again"</label>
            <input id=second type=kind autocomplete="new-password" autocapitalize="off" spellcheck="false"
                prop:value=move || again.get()
                on:input=on_input(move |ev| again.set(event_target_value(&ev))) />
        </div>
        <label class="check" for=show.clone()>
            <input id=show.clone() type="checkbox" prop:checked=move || shown.get()
                on:change=on_change(move |ev| shown.set(event_target_checked(&ev))) />
            <span class="check-text">"Show what I typed"</span>
        </label>
        <div class="banner banner-warning">
            <p><strong>"Write it down"</strong>{format!(" and keep it apart from the file. Nobody can recover it: not Waypoint, not your clinic. Without it, {what} cannot be opened.")}</p>
        </div>
        <label class="check" for=wrote.clone()>
            <input id=wrote.clone() type="checkbox" prop:checked=move || written.get()
                on:change=on_change(move |ev| written.set(event_target_checked(&ev))) />
            <span class="check-text">"I have written down my passphrase"</span>
        </label>
    }
}

/// What a running step looks like: a bar of steps and what is happening, announced politely.
fn progress_view(step: RwSignal<Step>) -> impl IntoView {
    move || {
        step.get().map(|(n, of, words)| {
            view! {
                <div class="stack" role="status">
                    <progress class="steps" max=of.to_string() value=n.to_string()
                        aria-label=format!("Step {n} of {of}")></progress>
                    <p>{format!("Step {n} of {of}: {words}")}</p>
                </div>
            }
            .into_any()
        })
    }
}

/// Making a backup: with a passphrase first, or without one.
#[component]
pub fn MakeBackup() -> impl IntoView {
    let app = use_app();
    let passphrase = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let written = RwSignal::new(false);
    let step = RwSignal::new(None::<(u8, u8, &'static str)>);
    let busy = Memo::new(move |_| step.with(Option::is_some));
    let message = RwSignal::new(None::<(bool, String)>);
    // A backup checked but not yet out of the phone, waiting for a tap to share it.
    let waiting = RwSignal::new(None::<Ready>);
    let problem = move || passphrase.with(|p| again.with(|a| passphrase_problem(p, a)));

    let finish = move |ready: Ready, offered: Result<Offered, NotOffered>| match offered {
        Ok(how) => {
            waiting.set(None);
            let record = ready.record.clone();
            let noted = app.update_plan(move |plan| {
                plan.backups.last = Some(record);
                plan.backups.not_now = None;
                Ok(())
            });
            let lock = if ready.record.encrypted {
                "locked with your passphrase"
            } else {
                "not locked"
            };
            let where_to = match how {
                Offered::Shared => "",
                Offered::Downloaded => " It is in your downloads.",
            };
            let mut text = format!(
                    "Saved and checked: {}, {lock}.{where_to} Keep a copy somewhere other than this phone: a computer, a cloud drive or a USB stick.",
                    holds(&ready.record)
                );
            if !noted {
                text.push_str(" Waypoint could not note the date of this backup on the phone.");
            }
            message.set(Some((true, text)));
            passphrase.set(String::new());
            again.set(String::new());
            written.set(false);
        }
        Err(NotOffered::NeedsTap) => waiting.set(Some(ready)),
        Err(NotOffered::Cancelled) => {
            waiting.set(Some(ready));
            message.set(Some((
                false,
                "Not saved: the share was cancelled. Tap \"Save the backup file\" to try again."
                    .into(),
            )));
        }
    };
    let start = move |locked: bool| {
        if busy.get_untracked() {
            return;
        }
        message.set(None);
        waiting.set(None);
        let pass = if locked {
            if let Some(why) = problem() {
                message.set(Some((false, why.into())));
                return;
            }
            if !written.get_untracked() {
                message.set(Some((false, "Write your passphrase down first, then tick \"I have written down my passphrase\".".into())));
                return;
            }
            Some(passphrase.get_untracked())
        } else {
            None
        };
        leptos::task::spawn_local(async move {
            let made = make(app, pass, step).await;
            step.set(None);
            match made {
                Ok(ready) => {
                    let offered = offer(
                        &ready.name,
                        "application/json",
                        &ready.text,
                        "Waypoint backup",
                    )
                    .await;
                    finish(ready, offered);
                }
                Err(why) => message.set(Some((false, why))),
            }
        });
    };
    let save_waiting = move |_| {
        if let Some(ready) = waiting.get_untracked() {
            message.set(None);
            leptos::task::spawn_local(async move {
                let offered = offer(
                    &ready.name,
                    "application/json",
                    &ready.text,
                    "Waypoint backup",
                )
                .await;
                finish(ready, offered);
            });
        }
    };
    let encryption = webcrypto::available();
    view! {
        <div class="stack">
            <h3>"With a passphrase (recommended)"</h3>
            {if encryption { view! {
                <p>"The file is locked: without your passphrase, nobody who finds it can read your journal."</p>
                <NewPassphrase prefix="backup" passphrase=passphrase again=again written=written what="this backup" />
                <button class="btn btn-primary btn-block" type="button" disabled=move || busy.get()
                    on:click=on_click(move |_| start(true))>"Save an encrypted backup"</button>
            }.into_any() } else { view! {
                <p class="banner banner-warning">{webcrypto::UNAVAILABLE}</p>
            }.into_any() }}
            <h3>"Without a passphrase"</h3>
            <p>"Anyone who finds this file can read every entry, private ones included."</p>
            <button class="btn btn-secondary btn-block" type="button" disabled=move || busy.get()
                on:click=on_click(move |_| start(false))>"Save a backup without a passphrase"</button>
            {progress_view(step)}
            {move || waiting.get().map(|ready| view! {
                <div class="banner banner-info stack">
                    <p>{format!("Your backup is ready and checked: {}.", holds(&ready.record))}</p>
                    <button class="btn btn-primary btn-block" type="button" on:click=on_click(save_waiting)>"Save the backup file"</button>
                </div>
            }.into_any())}
            {move || message.get().map(|(ok, text)| {
                let class = if ok { "banner banner-info" } else { "banner banner-error" };
                view! { <p class=class role="alert">{text}</p> }.into_any()
            })}
        </div>
    }
}

/// "Last backup 3 days ago." with what it holds, or "No backup yet."
#[component]
pub fn BackupStatusLine() -> impl IntoView {
    let app = use_app();
    let status = Memo::new(move |_| {
        let now = app.now.get();
        app.plan
            .with(|p| app.entries.with(|e| backup_status(p, e, now, &app.zone())))
    });
    view! {
        <p class="backup-status">
            <strong>{move || status.with(|s| s.last_words())}</strong>
            " "
            {move || status.with(|s| s.last_detail())}
        </p>
    }
}

/// Asking for the passphrase of a locked file, then handing its text to `on_open`. A wrong
/// passphrase (or a changed file) says so and lets the patient try again; nothing else happens.
#[component]
pub fn Unlock(
    /// The locked file.
    file: EncryptedFile,
    /// Prefix of the field's id, unique on the page.
    prefix: &'static str,
    /// Called with what the file held.
    on_open: Callback<String>,
    /// Called when the patient gives up.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let passphrase = RwSignal::new(String::new());
    let opening = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let id = format!("{prefix}-unlock-passphrase");
    let what = match file.contains {
        Contents::Backup => "This backup",
        Contents::Report => "This report",
    };
    let file = StoredValue::new(file);
    let open = move || {
        if opening.get_untracked() {
            return;
        }
        let pass = passphrase.get_untracked();
        if pass.is_empty() {
            problem.set(Some("Type the passphrase the file was locked with.".into()));
            return;
        }
        problem.set(None);
        opening.set(true);
        let file = file.get_value();
        leptos::task::spawn_local(async move {
            let opened = match webcrypto::key_for(&file, &pass).await {
                Ok(key) => webcrypto::unlock(&file, &key).await,
                Err(why) => Err(why),
            };
            opening.set(false);
            match opened {
                Ok(text) => {
                    passphrase.set(String::new());
                    on_open.run(text);
                }
                Err(why) => problem.set(Some(why)),
            }
        });
    };
    view! {
        <form class="banner banner-info stack" on:submit=super::components::on_submit(move |ev| { ev.prevent_default(); open(); })>
            <p>{format!("{what} is locked with a passphrase. Type it to open the file; nothing is changed until you confirm.")}</p>
            <div class="field">
                <label for=id.clone()>"Passphrase"</label>
                <input id=id type="password" autocomplete="off" autocapitalize="off" spellcheck="false"
                    prop:value=move || passphrase.get()
                    on:input=on_input(move |ev| passphrase.set(event_target_value(&ev))) />
            </div>
            {move || opening.get().then(|| view! {
                <div class="stack" role="status">
                    <progress class="steps" aria-label="Opening the file"></progress>
                    <p>"Making the key from the passphrase. This takes a few seconds…"</p>
                </div>
            }.into_any())}
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> }.into_any())}
            <div class="row">
                <button class="btn btn-primary" type="submit" disabled=move || opening.get()>"Open the file"</button>
                <button class="btn btn-secondary" type="button" on:click=on_click(move |_| on_cancel.run(()))>"Cancel"</button>
            </div>
        </form>
    }
}

/// The Backup screen: where backups stand and making one. Today's suggestion opens it.
#[component]
pub fn BackupScreen() -> impl IntoView {
    view! {
        <h1 class="screen-title" tabindex="-1">"Backup"</h1>
        <section class="card stack" aria-labelledby="backup-screen-title">
            <h2 id="backup-screen-title">"Keep a copy off this phone"</h2>
            <p>"A backup holds everything: your plan, settings and every entry, private ones included. Keep it somewhere other than this phone, so a lost phone or cleared browser data loses nothing."</p>
            <BackupStatusLine />
            <MakeBackup />
            <a class="btn btn-quiet btn-block" href="#/share">"Restore from a backup"</a>
        </section>
        <super::pwa::InstallAndStorage />
    }
}

/// Locking the report for the therapist with a passphrase the patient tells them, then sharing
/// it.
#[component]
pub fn LockReport(
    /// The report as it would be shared.
    shared: Memo<SharedExport>,
) -> impl IntoView {
    let app = use_app();
    let on = RwSignal::new(false);
    let passphrase = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let written = RwSignal::new(false);
    let step = RwSignal::new(None::<(u8, u8, &'static str)>);
    let busy = Memo::new(move |_| step.with(Option::is_some));
    let waiting = RwSignal::new(None::<(String, String)>);
    let message = RwSignal::new(None::<(bool, String)>);
    let finish = move |name: String, text: String, offered: Result<Offered, NotOffered>| {
        match offered {
            Ok(_) => {
                waiting.set(None);
                passphrase.set(String::new());
                again.set(String::new());
                written.set(false);
                message.set(Some((true, "The report is locked with your passphrase. Tell your therapist the passphrase yourself, by phone or in person, never in the same message as the file.".into())));
            }
            Err(_) => waiting.set(Some((name, text))),
        }
    };
    let share = move |_| {
        if busy.get_untracked() {
            return;
        }
        message.set(None);
        if let Some(why) =
            passphrase.with_untracked(|p| again.with_untracked(|a| passphrase_problem(p, a)))
        {
            message.set(Some((false, why.into())));
            return;
        }
        if !written.get_untracked() {
            message.set(Some((false, "Write your passphrase down first, then tick \"I have written down my passphrase\".".into())));
            return;
        }
        // A locked report carries the patient's reference like an open one.
        app.ensure_patient_reference();
        let report = shared.get_untracked();
        let pass = passphrase.get_untracked();
        leptos::task::spawn_local(async move {
            step.set(Some((
                1,
                2,
                "Making a key from your passphrase. This takes a few seconds…",
            )));
            let locked = match webcrypto::new_key(Contents::Report, &pass).await {
                Ok((file, key)) => {
                    step.set(Some((2, 2, "Locking the report…")));
                    webcrypto::lock(file, &key, &json::to_string(&report)).await
                }
                Err(why) => Err(why),
            };
            step.set(None);
            match locked {
                Ok(file) => {
                    let name = encrypted_name(&share_file_name(&report.exported_at, "json"));
                    let text = file.to_text();
                    let offered = offer(&name, "application/json", &text, "Waypoint report").await;
                    finish(name, text, offered);
                }
                Err(why) => message.set(Some((false, why))),
            }
        });
    };
    let share_waiting = move |_| {
        if let Some((name, text)) = waiting.get_untracked() {
            leptos::task::spawn_local(async move {
                let offered = offer(&name, "application/json", &text, "Waypoint report").await;
                finish(name, text, offered);
            });
        }
    };
    view! {
        <label class="check" for="report-lock">
            <input id="report-lock" type="checkbox" prop:checked=move || on.get()
                on:change=on_change(move |ev| on.set(event_target_checked(&ev))) />
            <span class="check-text">"Lock the report file with a passphrase"</span>
        </label>
        {move || on.get().then(|| view! {
            <div class="stack">
                {if webcrypto::available() { view! {
                    <p>"Your therapist opens it in Waypoint with the passphrase. Tell it to them yourself, never in the same message as the file."</p>
                    <NewPassphrase prefix="report" passphrase=passphrase again=again written=written what="this report" />
                    <button class="btn btn-primary btn-block" type="button"
                        disabled=move || busy.get() || shared.with(|s| s.entries.is_empty())
                        on:click=on_click(share)>"Share the locked report"</button>
                }.into_any() } else { view! {
                    <p class="banner banner-warning">{webcrypto::UNAVAILABLE}</p>
                }.into_any() }}
                {progress_view(step)}
                {move || waiting.get().map(|_| view! {
                    <div class="banner banner-info stack">
                        <p>"The locked report is ready."</p>
                        <button class="btn btn-primary btn-block" type="button" on:click=on_click(share_waiting)>"Share the locked report file"</button>
                    </div>
                }.into_any())}
                {move || message.get().map(|(ok, text)| {
                    let class = if ok { "banner banner-info" } else { "banner banner-error" };
                    view! { <p class=class role="alert">{text}</p> }.into_any()
                })}
            </div>
        }.into_any())}
    }
}
