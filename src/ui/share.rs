//! Share: what leaves the phone, and only when the patient asks. Choose sessions or dates and,
//! if they like, the name or initials on the report; see exactly what will be shared (the report
//! itself), then share the file, a CSV, or print; make and restore full backups. A therapist's
//! way into review mode is a link here and on the welcome (`ui/review.rs`).

use super::backup::{BackupStatusLine, LockReport, MakeBackup, Unlock, APP_VERSION};
use super::components::{on_change, on_click, read_chosen_file, share_or_download, CollectAny};
use super::report::ReportView;
use super::state::use_app;
use crate::domain::encrypted::{Contents, EncryptedFile};
use crate::domain::export::{self, share_file_name, ShareChoice, MAX_NAME_CHARS};
use crate::domain::import::{self, Chosen, ImportFile, Merge};
use crate::domain::review::{FileKind, Review};
use crate::domain::session::SessionId;
use crate::domain::time::{input_date, parse_input_date, Stamp};
use crate::json;
use crate::storage::schema::CURRENT;
use leptos::prelude::*;
use std::sync::Arc;

/// The Share screen.
#[component]
pub fn ShareScreen() -> impl IntoView {
    view! {
        <h1 class="screen-title" tabindex="-1">"Share"</h1>
        <p class="lead">"Nothing leaves this phone unless you choose it here. Private entries are never shared."</p>
        <ForTherapist />
        <BackupAndRestore />
        <section class="card stack no-print">
            <h2>"Are you the therapist?"</h2>
            <a class="btn btn-secondary btn-block" href="#/review">"Open a file from my patient"</a>
        </section>
    }
}

#[component]
fn ForTherapist() -> impl IntoView {
    let app = use_app();
    let initial = app
        .plan
        .with_untracked(|p| export::default_choice(p, app.now.get_untracked()));
    let chosen = RwSignal::new(initial.sessions);
    let use_dates = RwSignal::new(false);
    let today = crate::domain::time::Zone::local(&app.zone(), app.now.get_untracked()).date_naive();
    let from = RwSignal::new(input_date(today - chrono::Duration::days(7)));
    let to = RwSignal::new(input_date(today));
    let choice = Memo::new(move |_| ShareChoice {
        sessions: if use_dates.get() {
            vec![]
        } else {
            chosen.get()
        },
        dates: use_dates
            .get()
            .then(|| parse_input_date(&from.get()).zip(parse_input_date(&to.get())))
            .flatten(),
    });
    let shared = Memo::new(move |_| {
        let at = Stamp::at(app.now.get(), &app.zone());
        app.plan.with(|p| {
            app.entries
                .with(|e| export::shared_export(p, e, &choice.get(), at, CURRENT, APP_VERSION))
        })
    });
    let left_out = move || {
        app.plan.with(|p| {
            app.entries
                .with(|e| export::private_left_out(p, e, &choice.get()))
        })
    };
    let counts = move || {
        shared.with(|s| {
            let n = |kind: &str| s.entries.iter().filter(|e| e.body.kind() == kind).count();
            let flagged = s.entries.iter().filter(|e| e.discuss).count();
            // Questionnaires are named only when there are some to share.
            let questionnaires = match n("questionnaire") {
                0 => String::new(),
                q => format!(", {q} questionnaire"),
            };
            format!(
                "{} entries will be shared: {} mood, {} sleep, {} insight{questionnaires}; {} marked to discuss. {} private entries stay on this phone.",
                s.entries.len(),
                n("mood"),
                n("sleep"),
                n("insight"),
                flagged,
                left_out()
            )
        })
    };
    // Every report carries the patient's reference, made the first time one is shared.
    let with_reference = move || app.ensure_patient_reference();
    let share_json = move |_| {
        with_reference();
        let s = shared.get_untracked();
        share_or_download(
            &share_file_name(&s.exported_at, "json"),
            "application/json",
            &json::to_string(&s),
            "Waypoint report",
        );
    };
    let share_csv = move |_| {
        with_reference();
        let s = shared.get_untracked();
        share_or_download(
            &share_file_name(&s.exported_at, "csv"),
            "text/csv",
            &export::csv(&s),
            "Waypoint report (CSV)",
        );
    };
    // The FHIR file is made in a module of its own, fetched when asked for.
    let fhir_problem = RwSignal::new(None::<String>);
    let share_fhir = move |_| {
        with_reference();
        let s = shared.get_untracked();
        // The Patient of the FHIR file is the report's: the pseudonymous reference and the name
        // or initials given above, if any.
        let (name, key) = s
            .patient
            .as_ref()
            .map(|p| (p.name.clone(), p.id.clone()))
            .unwrap_or_default();
        fhir_problem.set(None);
        leptos::task::spawn_local(async move {
            match super::fhir_file(s, name, key).await {
                Ok((name, text)) => share_or_download(
                    &name,
                    "application/fhir+json",
                    &text,
                    "Waypoint FHIR export",
                ),
                Err(_) => fhir_problem.set(Some(super::NOT_DOWNLOADED.into())),
            }
        });
    };
    let ended = move || {
        app.plan.with(|p| {
            p.course
                .sessions
                .iter()
                .enumerate()
                .filter(|(_, s)| s.ended.is_some())
                .map(|(i, s)| {
                    (
                        s.id.clone(),
                        format!(
                            "Session {} ({})",
                            i + 1,
                            app.when(s.ended.map(|e| e.utc()).unwrap_or_default())
                        ),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="card stack no-print" aria-labelledby="choose-title">
            <h2 id="choose-title">"For your therapist"</h2>
            <fieldset class="group">
                <legend>"What to share"</legend>
                <div class="segmented">
                    <button type="button" aria-pressed=move || (!use_dates.get()).to_string() on:click=on_click(move |_| use_dates.set(false))>"By session"</button>
                    <button type="button" aria-pressed=move || use_dates.get().to_string() on:click=on_click(move |_| use_dates.set(true))>"By dates"</button>
                </div>
            </fieldset>
            {move || if use_dates.get() { view! {
                <div class="grid-2">
                    <div class="field">
                        <label for="share-from">"From"</label>
                        <input id="share-from" type="date" bind:value=from />
                    </div>
                    <div class="field">
                        <label for="share-to">"To"</label>
                        <input id="share-to" type="date" bind:value=to />
                    </div>
                </div>
            }.into_any() } else { (move || {
                    let list = ended();
                    if list.is_empty() {
                        return view! { <p class="muted">"No session has ended yet. You can share by dates instead."</p> }.into_any();
                    }
                    view! {
                        <ul class="checklist">
                            {list.into_iter().map(|(id, label)| {
                                let input_id = format!("share-{}", id.0);
                                let for_id = input_id.clone();
                                let on: SessionId = id.clone();
                                view! {
                                    <li class="check-item">
                                        <label class="check" for=for_id>
                                            <input id=input_id type="checkbox" prop:checked=move || chosen.with(|c| c.contains(&id))
                                                on:change=on_change(move |ev| {
                                                    let checked = event_target_checked(&ev);
                                                    chosen.update(|c| {
                                                        c.retain(|x| *x != on);
                                                        if checked { c.push(on.clone()); }
                                                    });
                                                }) />
                                            <span class="check-text">{label}</span>
                                        </label>
                                    </li>
                                }
                            }).collect_any()}
                        </ul>
                    }
                    .into_any()
                }).into_any() }}
            <ReportName />
            <p role="status">{move || counts()}</p>
            <div class="stack">
                <button class="btn btn-primary btn-block" type="button" on:click=on_click(share_json) disabled=move || shared.with(|s| s.entries.is_empty())>"Share the report file"</button>
                <button class="btn btn-secondary btn-block" type="button" on:click=on_click(share_csv) disabled=move || shared.with(|s| s.entries.is_empty())>"Share as a spreadsheet (CSV)"</button>
                <button class="btn btn-secondary btn-block" type="button" on:click=on_click(move |_| { with_reference(); let _ = window().print(); }) disabled=move || shared.with(|s| s.entries.is_empty())>"Print or save as PDF"</button>
                <button class="btn btn-secondary btn-block" type="button" on:click=on_click(share_fhir) disabled=move || shared.with(|s| s.entries.is_empty())>"Share for a clinic's records (FHIR)"</button>
                <p class="hint">"FHIR is the standard clinic record systems read: the file holds the questionnaires, sleep and mood above, with the name or initials above if you gave them. Insights and notes stay in the report."</p>
                {move || fhir_problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> }.into_any())}
            </div>
            <LockReport shared=shared />
        </section>
        <section class="stack" aria-labelledby="preview-title">
            <h2 id="preview-title" class="no-print">"Exactly what will be shared"</h2>
            {move || {
                let review = Review::open(shared.get(), "", FileKind::Report);
                view! { <ReportView review=Arc::new(review) for_patient=true /> }.into_any()
            }}
        </section>
    }
}

#[component]
fn BackupAndRestore() -> impl IntoView {
    let app = use_app();
    let pending = RwSignal::new(None::<Merge>);
    let message = RwSignal::new(None::<(bool, String)>);
    let locked = RwSignal::new(None::<EncryptedFile>);
    let not_a_backup = "This is a report for a therapist, not a backup. Open it under \"Open a file from my patient\".";
    let restore_from = move |file: Result<ImportFile, String>| {
        let outcome = file.and_then(|file| match file {
            ImportFile::Backup(b) => Ok(app
                .plan
                .with_untracked(|p| app.entries.with_untracked(|e| import::merge(p, e, &b)))),
            ImportFile::Shared(_) => Err(not_a_backup.into()),
        });
        match outcome {
            Ok(merge) => pending.set(Some(merge)),
            Err(why) => message.set(Some((false, why))),
        }
    };
    let on_file = move |ev: leptos::ev::Event| {
        pending.set(None);
        message.set(None);
        locked.set(None);
        read_chosen_file(ev, import::MAX_CHOSEN_BYTES, move |result| {
            // A locked file is opened first; what it holds then goes the way of any file.
            match result.and_then(|text| import::read_chosen(&text, CURRENT)) {
                Ok(Chosen::Locked(f)) if f.contains == Contents::Report => {
                    message.set(Some((false, not_a_backup.into())))
                }
                Ok(Chosen::Locked(f)) => locked.set(Some(f)),
                Ok(Chosen::Open(file)) => restore_from(Ok(file)),
                Err(why) => restore_from(Err(why)),
            }
        });
    };
    let unlocked = Callback::new(move |text: String| {
        locked.set(None);
        restore_from(import::read_unlocked(&text, Contents::Backup, CURRENT));
    });
    let confirm = move |_| {
        let Some(merge) = pending.get_untracked() else {
            return;
        };
        match app.restore(&merge) {
            Ok(()) => {
                message.set(Some((true, merge.summary())));
                app.say("Backup restored.", None);
            }
            Err(why) => message.set(Some((false, why))),
        }
        pending.set(None);
    };
    view! {
        <section class="card stack no-print" aria-labelledby="backup-title">
            <h2 id="backup-title">"Backup and restore"</h2>
            <p>{move || format!("A backup holds everything: your plan, settings and all {} entries, private ones included. It is for moving to a new phone, or if this one is lost; keep it somewhere other than this phone.", app.entries.with(Vec::len))}</p>
            <BackupStatusLine />
            <MakeBackup />
            <h3>"Restore"</h3>
            <div class="field">
                <label for="restore-file">"Restore from a backup file"</label>
                <input id="restore-file" type="file" accept=".json,application/json" on:change=on_change(on_file) />
                <p class="hint">"Nothing changes until you confirm. Entries you already have keep their newest edit. A backup locked with a passphrase asks for it first."</p>
            </div>
            {move || locked.get().map(|f| view! {
                <Unlock file=f prefix="restore" on_open=unlocked on_cancel=Callback::new(move |_| locked.set(None)) />
            }.into_any())}
            {move || pending.get().map(|m| {
                let text = format!("This backup adds {} entries, updates {} and skips {} already here; {} new sessions.", m.added, m.updated, m.skipped, m.sessions_added);
                view! {
                    <div class="banner banner-info stack" role="status">
                        <p>{text}</p>
                        <div class="row">
                            <button class="btn btn-primary" type="button" on:click=on_click(confirm)>"Restore"</button>
                            <button class="btn btn-secondary" type="button" on:click=on_click(move |_| pending.set(None))>"Cancel"</button>
                        </div>
                    </div>
                }
                .into_any()
            })}
            {move || message.get().map(|(ok, text)| {
                let class = if ok { "banner banner-info" } else { "banner banner-error" };
                view! { <p class=class role="alert">{text}</p> }.into_any()
            })}
        </section>
    }
}

/// The name or initials on the report, kept in settings: optional, and only on reports.
#[component]
fn ReportName() -> impl IntoView {
    let app = use_app();
    let name = RwSignal::new(app.plan.with_untracked(|p| p.settings.report_name.clone()));
    let save = move |_| {
        let text = name.get_untracked().trim().to_string();
        if app.plan.with_untracked(|p| p.settings.report_name == text) {
            return;
        }
        app.update_plan(move |plan| {
            plan.settings.report_name = text;
            Ok(())
        });
    };
    view! {
        <div class="field">
            <label for="report-name">"Your name or initials on the report (optional)"</label>
            <input id="report-name" type="text" autocomplete="off" maxlength=MAX_NAME_CHARS.to_string()
                aria-describedby="report-name-hint" bind:value=name on:change=on_change(save) />
            <p class="hint" id="report-name-hint">"So your therapist knows whose report it is. It goes only on reports, and is kept for next time."</p>
        </div>
    }
}
