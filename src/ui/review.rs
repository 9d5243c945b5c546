//! Review mode: a therapist opens one or more report files of a patient (the file picker or drag
//! and drop) and reads them as one course, read-only. It has its own chrome: no patient tabs and
//! no patient Help sheet, a clear "Close file", and leaving with a file open asks first. Nothing
//! from a file is stored on this device: it lives in this page's memory until the page closes.

use super::backup::Unlock;
use super::components::{file_text, on_change, on_click};
use super::report::ReportView;
use super::route::{self, Route};
use super::state::{use_app, ReviewHold};
use crate::domain::encrypted::EncryptedFile;
use crate::domain::export::shared_from_backup;
use crate::domain::import::{self, Chosen, ImportFile};
use crate::domain::review::{Added, FileKind, Review};
use crate::storage::schema::CURRENT;
use leptos::prelude::*;
use std::sync::Arc;

/// What became of one file the therapist opened.
#[derive(Clone, Debug, PartialEq)]
struct Outcome {
    opened: bool,
    text: String,
}

/// Review mode, with its own top bar.
#[component]
pub fn ReviewScreen() -> impl IntoView {
    super::report::use_report_styles();
    let app = use_app();
    let review = RwSignal::new(None::<Arc<Review>>);
    let outcomes = RwSignal::new(Vec::<Outcome>::new());
    let dragging = RwSignal::new(false);
    let reading = RwSignal::new(false);
    let set_review = move |value: Option<Arc<Review>>| {
        app.review_hold.set(if value.is_some() {
            ReviewHold::FileOpen
        } else {
            ReviewHold::Free
        });
        review.set(value);
    };
    // Leaving the page (closing the tab, reloading, another address) with a file open asks the
    // browser's own question; leaving for another screen asks ours (see LeaveDialog).
    let unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if review.with_untracked(Option::is_some) {
            ev.prevent_default();
            ev.set_return_value("A patient's file is open.");
        }
    });
    // A file dropped anywhere on the page opens here, never as a page of its own.
    let over = window_event_listener(leptos::ev::dragover, move |ev| {
        ev.prevent_default();
        dragging.set(true);
    });
    let left = window_event_listener(leptos::ev::dragleave, move |ev| {
        if ev.related_target().is_none() {
            dragging.set(false);
        }
    });
    // Files locked with a passphrase wait here, in the order chosen, and are asked for one at a
    // time; the others open at once.
    let locked = RwSignal::new(Vec::<(String, EncryptedFile)>::new());
    let settle = move |name: &str, read: Result<ImportFile, String>| {
        let outcome = match read {
            Ok(ImportFile::Shared(shared)) => take(review, shared, name, FileKind::Report),
            Ok(ImportFile::Backup(backup)) => {
                take(review, shared_from_backup(&backup), name, FileKind::Backup)
            }
            Err(why) => Err(why),
        };
        let outcome = match outcome {
            Ok((value, text)) => {
                set_review(Some(value));
                Outcome { opened: true, text }
            }
            Err(why) => Outcome {
                opened: false,
                text: format!("{name} was not opened. {why}"),
            },
        };
        let _ = outcomes.try_update(|list| list.push(outcome));
    };
    let open_files = move |files: Vec<web_sys::File>| {
        if files.is_empty() {
            return;
        }
        outcomes.set(Vec::new());
        locked.set(Vec::new());
        reading.set(true);
        leptos::task::spawn_local(async move {
            for file in files {
                let name = file.name();
                let read = file_text(file, import::MAX_CHOSEN_BYTES)
                    .await
                    .and_then(|text| import::read_chosen(&text, CURRENT));
                match read {
                    Ok(Chosen::Locked(f)) => {
                        let _ = locked.try_update(|list| list.push((name, f)));
                    }
                    Ok(Chosen::Open(f)) => settle(&name, Ok(f)),
                    Err(why) => settle(&name, Err(why)),
                }
            }
            let _ = reading.try_set(false);
        });
    };
    let unlocked = Callback::new(move |text: String| {
        let Some((name, file)) = locked.with_untracked(|l| l.first().cloned()) else {
            return;
        };
        locked.update(|l| {
            l.remove(0);
        });
        settle(&name, import::read_unlocked(&text, file.contains, CURRENT));
    });
    let skip_locked = Callback::new(move |_| {
        let Some((name, _)) = locked.with_untracked(|l| l.first().cloned()) else {
            return;
        };
        locked.update(|l| {
            l.remove(0);
        });
        outcomes.update(|list| {
            list.push(Outcome {
                opened: false,
                text: format!("{name} was not opened: it is locked, and no passphrase was given."),
            })
        });
    });
    let dropped = window_event_listener(leptos::ev::drop, move |ev| {
        ev.prevent_default();
        dragging.set(false);
        let files = ev.data_transfer().and_then(|d| d.files());
        open_files(file_list(files));
    });
    on_cleanup(move || {
        unload.remove();
        over.remove();
        left.remove();
        dropped.remove();
        app.review_hold.set(ReviewHold::Free);
    });
    let on_file = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let files = file_list(input.files());
        // The same file can be chosen again.
        input.set_value("");
        open_files(files);
    };
    let close = move |_| {
        set_review(None);
        outcomes.set(Vec::new());
        locked.set(Vec::new());
    };
    let is_open = move || review.with(Option::is_some);
    let file_count = move || review.with(|r| r.as_ref().map_or(0, |r| r.files.len()));
    view! {
        <header class="topbar review-topbar">
            <span class="app-name">"Waypoint"<span class="mode-name">" · Review"</span></span>
            <div class="topbar-actions">
                {move || is_open().then(|| view! {
                    <button class="btn btn-secondary" type="button" on:click=on_click(move |_| { let _ = window().print(); })>"Print"</button>
                    <button class="btn btn-primary" type="button" on:click=on_click(close)>
                        {move || if file_count() > 1 { "Close files" } else { "Close file" }}
                    </button>
                }.into_any())}
                <a class="btn btn-quiet" href="#/">"Leave review"</a>
            </div>
        </header>
        <main class="screen screen-wide" id="main" tabindex="-1">
            <h1 class="screen-title" tabindex="-1">"Review a patient's journal"</h1>
            <div class="banner review-banner no-print" role="note">
                <p>"You are reading someone else's journal, shared with you for their care. It is shown read-only and nothing from the file is stored on this device: closing the page forgets it."</p>
            </div>
            <section class="card stack no-print file-zone" class:dragging=move || dragging.get() aria-labelledby="file-zone-title">
                <h2 id="file-zone-title">{move || if is_open() { "Add another file from this patient" } else { "Open a patient's file" }}</h2>
                <p class="muted">{move || if is_open() {
                    "Files from the same patient (one per session, say) are read as one course; each entry is shown once. A file from another patient is refused."
                } else {
                    "Drop the report file your patient shared anywhere on this page, or choose it. You can open several files from the same patient at once."
                }}</p>
                <div class="file-pick">
                    // The label is the button: the input inside it, hidden, is what it opens.
                    <label class="btn btn-primary" for="review-file">
                        {move || if is_open() { "Choose more files" } else { "Choose files" }}
                        <input id="review-file" class="file-input" type="file" accept=".json,application/json" multiple on:change=on_change(on_file) />
                    </label>
                </div>
                <p class="muted" role="status">{move || if reading.get() { "Reading…" } else { "" }}</p>
                {move || locked.with(|l| l.first().cloned()).map(|(name, f)| view! {
                    <p class="file-outcome">{format!("{name} is locked with a passphrase: ask your patient for it.")}</p>
                    <Unlock file=f prefix="review" on_open=unlocked on_cancel=skip_locked />
                }.into_any())}
                {move || outcomes.get().into_iter().map(|o| if o.opened {
                    view! { <p class="file-outcome">{o.text}</p> }.into_any()
                } else {
                    view! { <p class="field-error" role="alert">{o.text}</p> }.into_any()
                }).collect::<Vec<_>>()}
            </section>
            {move || review.get().map(|r| view! { <ReportView review=r /> }.into_any())}
        </main>
        <LeaveDialog review=review />
    }
}

/// Adds a file to the review (or opens it as the first), saying what it brought.
fn take(
    review: RwSignal<Option<Arc<Review>>>,
    file: crate::domain::export::SharedExport,
    name: &str,
    kind: FileKind,
) -> Result<(Arc<Review>, String), String> {
    let count = |n: usize| {
        if n == 1 {
            "1 entry".to_string()
        } else {
            format!("{n} entries")
        }
    };
    match review.get_untracked() {
        None => {
            let opened = Review::open(file, name, kind);
            let text = format!("Opened {name}: {}.", count(opened.entries.len()));
            Ok((Arc::new(opened), text))
        }
        Some(open) => {
            let mut next = (*open).clone();
            let Added {
                new,
                updated,
                already,
            } = next.add(file, name, kind)?;
            let text = if new + updated == 0 {
                format!(
                    "{name} brings nothing new: its {} already open.",
                    count(already)
                )
            } else {
                format!("Added {name}: {new} new, {updated} updated, {already} already open.")
            };
            Ok((Arc::new(next), text))
        }
    }
}

fn file_list(files: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    files
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default()
}

/// "Close the patient's file?", asked when the therapist goes to another screen with a file
/// open. A modal `<dialog>`: focus stays inside, Escape means stay.
#[component]
fn LeaveDialog(
    /// The open files.
    review: RwSignal<Option<Arc<Review>>>,
) -> impl IntoView {
    let app = use_app();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let target = move || match app.review_hold.get() {
        ReviewHold::Leaving(to) => Some(to),
        _ => None,
    };
    Effect::new(move |_| {
        let asking = target().is_some();
        if let Some(d) = dialog.get() {
            if asking && !d.open() {
                let _ = d.show_modal();
            } else if !asking && d.open() {
                d.close();
            }
        }
    });
    let stay = move || {
        if matches!(app.review_hold.get_untracked(), ReviewHold::Leaving(_)) {
            app.review_hold.set(ReviewHold::FileOpen);
        }
    };
    let leave = move |_| {
        let to = match app.review_hold.get_untracked() {
            ReviewHold::Leaving(to) => to,
            _ => Route::Today,
        };
        review.set(None);
        app.review_hold.set(ReviewHold::Free);
        route::go(&to);
    };
    view! {
        <dialog node_ref=dialog class="leave-dialog" aria-labelledby="leave-title" aria-describedby="leave-text"
            on:close=on_change(move |_| stay())>
            <h2 id="leave-title">"Close the patient's file?"</h2>
            <p id="leave-text">"Leaving review closes the file. Nothing from it is kept on this device, so to read it again you will need to open the file again."</p>
            <div class="row">
                <button class="btn btn-primary" type="button" autofocus on:click=on_click(move |_| stay())>"Stay with the file"</button>
                <button class="btn btn-secondary" type="button" on:click=on_click(leave)>"Close the file and leave"</button>
            </div>
        </dialog>
    }
}
