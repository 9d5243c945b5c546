//! Small pieces the screens share: icons, the help sheet, notices, the undo toast, a rating
//! scale, toggle chips and file downloads.

use super::state::use_app;
use crate::domain::plan::CrisisChoice;
use crate::domain::protocol::tel_href;
use leptos::prelude::*;

// Event handlers, boxed to one type per event. Under `erase_components` every distinct handler
// type otherwise compiles its own copy of tachys's event-attribute code (build, rebuild, clone,
// attach); boxed, all `on:click` handlers share one. Use them on every `on:` attribute:
// `on:click=on_click(move |_| …)`.

/// A boxed `click` handler.
pub fn on_click(
    f: impl FnMut(leptos::ev::MouseEvent) + 'static,
) -> Box<dyn FnMut(leptos::ev::MouseEvent)> {
    Box::new(f)
}

/// A boxed `change` handler.
pub fn on_change(f: impl FnMut(leptos::ev::Event) + 'static) -> Box<dyn FnMut(leptos::ev::Event)> {
    Box::new(f)
}

/// A boxed `input` handler.
pub fn on_input(f: impl FnMut(leptos::ev::Event) + 'static) -> Box<dyn FnMut(leptos::ev::Event)> {
    Box::new(f)
}

/// A boxed `submit` handler.
pub fn on_submit(
    f: impl FnMut(leptos::ev::SubmitEvent) + 'static,
) -> Box<dyn FnMut(leptos::ev::SubmitEvent)> {
    Box::new(f)
}

/// Lists of views erased to one type, `Vec<AnyView>`: every distinct `Vec<View<…>>` that
/// `collect_view` makes compiles its own list code (about 1.5 KB of wasm each); erased,
/// all lists share one. Use `.collect_any()` where `.collect_view()` would go.
pub trait CollectAny: Iterator {
    /// Collects the views, each erased to `AnyView`.
    fn collect_any(self) -> Vec<AnyView>;
}

impl<I> CollectAny for I
where
    I: Iterator,
    I::Item: IntoAny,
{
    fn collect_any(self) -> Vec<AnyView> {
        self.map(IntoAny::into_any).collect()
    }
}

/// A 24×24 stroke icon, hidden from screen readers (its button or link carries the words).
#[component]
pub fn Icon(
    /// SVG path data from [`super::icons`].
    path: &'static str,
) -> impl IntoView {
    view! {
        <svg class="tab-icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" aria-hidden="true">
            <path d=path />
        </svg>
    }
}

/// The help sheet: crisis line, clinic, emergency services, each one tap to call. It is a real
/// modal: focus moves into it, Tab stays inside, Escape closes it, and focus returns to the
/// Help button.
#[component]
pub fn HelpSheet() -> impl IntoView {
    use wasm_bindgen::JsCast;
    let app = use_app();
    let close = move || {
        app.help_open.set(false);
        focus_first(".help-button");
    };
    Effect::new(move |_| {
        // The sheet is in the DOM by the time effects run; focus it at once so a key pressed
        // straight after opening already lands inside.
        if app.help_open.get() && !focus_first("#help-title") {
            request_animation_frame(|| {
                focus_first("#help-title");
            });
        }
    });
    let keys = window_event_listener(leptos::ev::keydown, move |ev: web_sys::KeyboardEvent| {
        if !app.help_open.get_untracked() {
            return;
        }
        if ev.key() == "Escape" {
            ev.prevent_default();
            close();
        } else if ev.key() == "Tab" {
            // Keep focus inside the dialog: wrap from the last control to the first and back.
            let Ok(list) = document().query_selector_all(".sheet a, .sheet button") else {
                return;
            };
            let (Some(first), Some(last)) =
                (list.item(0), list.item(list.length().saturating_sub(1)))
            else {
                return;
            };
            let active = document().active_element();
            let inside = active
                .as_ref()
                .is_some_and(|a| a.closest(".sheet").ok().flatten().is_some());
            let at_last =
                active.as_ref().map(|a| a.unchecked_ref::<web_sys::Node>()) == Some(&last);
            let at_first =
                active.as_ref().map(|a| a.unchecked_ref::<web_sys::Node>()) == Some(&first);
            let target = match (ev.shift_key(), inside) {
                (false, true) if at_last => Some(first),
                (true, true) if at_first => Some(last),
                (false, false) => Some(first),
                (true, false) => Some(last),
                _ => None,
            };
            if let Some(el) = target.and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
                ev.prevent_default();
                let _ = el.focus();
            }
        }
    });
    on_cleanup(move || keys.remove());
    view! {
        {move || app.help_open.get().then(|| view! {
            <div class="sheet-backdrop" on:click=on_click(move |_| close())></div>
            <div class="sheet" role="dialog" aria-modal="true" aria-labelledby="help-title">
                <h2 id="help-title" tabindex="-1">"Help is one call away"</h2>
                <p>"If you feel unsafe, or something feels medically wrong, call now. You will not be a bother."</p>
                <div class="sheet-actions">
                    {move || help_calls()}
                    <a class="btn btn-quiet btn-block" href="#/aftercare" on:click=on_click(move |_| close())>"Which signs mean calling?"</a>
                    <button class="btn btn-quiet btn-block" type="button" on:click=on_click(move |_| close())>"Close"</button>
                </div>
                <p class="hint">"Numbers can be changed in Settings."</p>
            </div>
        }.into_any())}
    }
}

/// The calls Help offers, one tap each: the crisis line (or why there is none), the clinic when
/// its number is saved, and emergency services. Until a choice is stored, the lines suggested
/// for this phone (or shown on the welcome); then what is stored. Never one number twice. The
/// Help sheet shows them, and so does the screen after PHQ-9 item 9.
pub fn help_calls() -> AnyView {
    let app = use_app();
    // Until a choice is stored, the lines suggested for this phone (or shown
    // on the welcome); then what is stored. Never one number twice.
    let suggestion = app.crisis_suggestion.get();
    let (lines, none) = app.plan.with(|p| {
        let mut protocol = p.settings.protocol.clone();
        let mut none = "No crisis line is saved. In danger, call emergency services. You can add one in Settings.".to_string();
        if let Some(s) = suggestion.filter(|_| p.settings.crisis == CrisisChoice::NotChosen) {
            protocol.crisis_line = s.crisis.unwrap_or_default();
            protocol.emergency_number = s.emergency;
            none = format!("No national crisis line is confirmed for {}. In danger, call emergency services.", s.country);
        }
        (protocol.help_lines(), none)
    });
    let crisis = match lines.crisis {
        Some(c) => {
            let quiet = c.about.is_empty();
            view! {
                <a class="btn btn-primary btn-block" href=tel_href(&c.number)>{format!("Call {} ({})", c.name, c.number)}</a>
                <p class="hint" hidden=quiet>{c.about}</p>
            }.into_any()
        }
        None => view! { <p>{none}</p> }.into_any(),
    };
    let clinic = lines.clinic.map(|c| {
        let name = if c.name.is_empty() {
            "my clinic".to_string()
        } else {
            c.name
        };
        let label = format!("Call {name} ({})", c.number);
        view! { <a class="btn btn-secondary btn-block" href=tel_href(&c.number)>{label}</a> }
            .into_any()
    });
    let emergency = format!("Emergency services ({})", lines.emergency);
    view! {
        {crisis}
        {clinic}
        <a class="btn btn-danger btn-block" href=tel_href(&lines.emergency)>{emergency}</a>
    }
    .into_any()
}

/// Beside everything a patient writes: nobody watches the journal, so in danger, call; the
/// crisis line (or, without one, emergency services) is one tap in the sentence.
#[component]
pub fn NotMonitored() -> impl IntoView {
    let app = use_app();
    let line = move || {
        app.plan.with(|p| {
            let p = &p.settings.protocol;
            if p.crisis_line.number.is_empty() {
                (
                    format!("emergency services on {}", p.emergency_number),
                    tel_href(&p.emergency_number),
                )
            } else {
                (
                    format!("{} on {}", p.crisis_line.name, p.crisis_line.number),
                    tel_href(&p.crisis_line.number),
                )
            }
        })
    };
    view! {
        <p class="hint not-monitored">
            "Waypoint is not monitored: nobody reads this as you write it. If you are in danger, call "
            <a href=move || line().1>{move || line().0}</a>
            " now."
        </p>
    }
}

/// Banners for what the patient must know: a failed save, unreadable data kept aside, data from
/// a newer version.
#[component]
pub fn Notices() -> impl IntoView {
    let app = use_app();
    view! {
        {move || app.error.get().map(|message| view! {
            <div class="banner banner-error" role="alert">
                <p>{message}</p>
                <div class="row">
                    <button class="btn btn-quiet" type="button" on:click=on_click(move |_| app.error.set(None))>"Dismiss"</button>
                </div>
            </div>
        }.into_any())}
        // What the stored journal says about itself (a newer version wrote it, a record could
        // not be read) only a journal read from storage can say, and Today's module reads it:
        // its banners come from there.
        {move || (app.newer_version.with(Option::is_some) || !app.rescued.with(Vec::is_empty)).then(|| {
            super::lazy_part(Box::pin(super::stored_notices()), "", Box::new(|| ().into_any()))
        })}
    }
}

/// The banners about the stored journal itself, from Today's module (see [`Notices`]).
#[component]
pub fn StoredNotices() -> impl IntoView {
    let app = use_app();
    view! {
        {move || app.newer_version.get().map(|_| view! {
            <div class="banner banner-warning" role="alert">
                <p>"This journal was saved by a newer version of Waypoint. To keep it safe, this version will not change anything. Close and reopen the app to update."</p>
            </div>
        }.into_any())}
        {move || (!app.rescued.with(Vec::is_empty)).then(|| view! {
            <div class="banner banner-warning" role="status">
                <p>"Some saved data could not be read. It has been kept exactly as it was, and nothing else is affected."</p>
                <div class="row">
                    <a class="btn btn-secondary" href="#/settings">"See it in Settings"</a>
                </div>
            </div>
        }.into_any())}
    }
}

/// A passing message above the tab bar, with Undo when something can be put back.
#[component]
pub fn ToastView() -> impl IntoView {
    let app = use_app();
    view! {
        <div class="toast-region" role="status" aria-live="polite">
            {move || app.toast.get().filter(|t| t.on == app.route.get()).map(|toast| {
                let can_undo = toast.undo.is_some();
                view! {
                    <div class="toast">
                        <span>{toast.text}</span>
                        {can_undo.then(|| view! {
                            <button class="btn btn-quiet" type="button" on:click=on_click(move |_| app.undo())>"Undo"</button>
                        }.into_any())}
                        <button class="btn btn-quiet" type="button" aria-label="Dismiss message" on:click=on_click(move |_| app.toast.set(None))>"×"</button>
                    </div>
                }
                .into_any()
            })}
        </div>
    }
}

/// A row of numbered choices (mood 0–10, sleep quality 1–5) as real radio buttons.
#[component]
pub fn Scale(
    /// The question, read as the group's name.
    legend: &'static str,
    /// Radio group name, unique on the page.
    name: &'static str,
    /// Lowest value.
    min: u8,
    /// Highest value.
    max: u8,
    /// Words under the low end.
    low: &'static str,
    /// Words under the high end.
    high: &'static str,
    /// The chosen value.
    value: RwSignal<Option<u8>>,
) -> impl IntoView {
    view! {
        <fieldset class="scale">
            <legend>{legend}</legend>
            {(min..=max)
                .map(|n| view! {
                    <label class="scale-option">
                        <input type="radio" name=name value=n.to_string()
                            prop:checked=move || value.get() == Some(n)
                            on:change=on_change(move |_| value.set(Some(n))) />
                        <span>{n}</span>
                    </label>
                })
                .collect_any()}
            <div class="scale-ends" aria-hidden="true"><span>{low}</span><span>{high}</span></div>
        </fieldset>
    }
}

/// A toggle button that shows its state to everyone (`aria-pressed`).
#[component]
pub fn Chip(
    /// The words on it.
    label: String,
    /// Whether it is on.
    #[prop(into)]
    pressed: Signal<bool>,
    /// Called when tapped. A `Callback`, not a generic closure, so every chip shares one
    /// compiled body.
    #[prop(into)]
    on_toggle: Callback<()>,
) -> impl IntoView {
    view! {
        <button class="chip" type="button" aria-pressed=move || if pressed.get() { "true" } else { "false" }
            on:click=on_click(move |_| on_toggle.run(()))>
            {label}
        </button>
    }
}

/// Offers `text` as a file: the system share sheet where the browser can share files (phones),
/// a download otherwise.
pub fn share_or_download(name: &str, mime: &str, text: &str, title: &str) {
    use wasm_bindgen::JsValue;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::FilePropertyBag::new();
    options.set_type(mime);
    if let Ok(file) = web_sys::File::new_with_str_sequence_and_options(&parts, name, &options) {
        let navigator = window().navigator();
        let data = web_sys::ShareData::new();
        data.set_files(&js_sys::Array::of1(&file));
        data.set_title(title);
        let can_share = js_sys::Reflect::has(&navigator, &JsValue::from_str("canShare"))
            .unwrap_or(false)
            && navigator.can_share_with_data(&data);
        if can_share {
            let promise = navigator.share_with_data(&data);
            // A cancelled share sheet rejects; that is the patient's choice, not an error.
            when_settled(promise, |_| ());
            return;
        }
    }
    download(name, mime, text);
}

/// Saves `text` as a downloaded file.
pub fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    if let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) {
        download_blob(name, &blob);
    }
}

/// Saves `blob` as a downloaded file named `name`.
pub fn download_blob(name: &str, blob: &web_sys::Blob) {
    use wasm_bindgen::JsCast;
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else {
        return;
    };
    if let Ok(a) = document().create_element("a") {
        if let Some(a) = a.dyn_ref::<web_sys::HtmlAnchorElement>() {
            a.set_href(&url);
            a.set_download(name);
            a.click();
        }
    }
    // Revoking at once can cancel the download in some browsers; a minute is plenty.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
}

/// Reads the file chosen in an `<input type="file">`, refusing one over `max_bytes` before
/// reading it, and calls `done` with its text or a message.
pub fn read_chosen_file(
    ev: leptos::ev::Event,
    max_bytes: usize,
    done: impl FnOnce(Result<String, String>) + 'static,
) {
    read_chosen_file_with(ev, max_bytes, Box::new(done));
}

// One compiled copy of the reading future for every caller.
fn read_chosen_file_with(
    ev: leptos::ev::Event,
    max_bytes: usize,
    done: Box<dyn FnOnce(Result<String, String>)>,
) {
    use wasm_bindgen::JsCast;
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    // Let the same file be chosen again after a fix.
    input.set_value("");
    leptos::task::spawn_local(async move { done(file_text(file, max_bytes).await) });
}

/// A file's text, refusing one over `max_bytes` before reading it.
pub async fn file_text(file: web_sys::File, max_bytes: usize) -> Result<String, String> {
    if file.size() > max_bytes as f64 {
        return Err(crate::domain::import::too_large(file.size() as usize));
    }
    wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| "The file could not be read.".to_string())
}

/// Waits for a JavaScript promise, then calls `done` with what it settled to.
pub fn when_settled(
    promise: js_sys::Promise,
    done: impl FnOnce(Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>) + 'static,
) {
    settle(promise, Box::new(done));
}

// One compiled future for every promise the app waits on.
fn settle(
    promise: js_sys::Promise,
    done: Box<dyn FnOnce(Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>)>,
) {
    leptos::task::spawn_local(async move {
        done(wasm_bindgen_futures::JsFuture::from(promise).await);
    });
}

/// Focuses the first element matching `selector`; false when there is none yet.
pub fn focus_first(selector: &str) -> bool {
    use wasm_bindgen::JsCast;
    match document().query_selector(selector) {
        Ok(Some(el)) => el
            .dyn_ref::<web_sys::HtmlElement>()
            .is_some_and(|el| el.focus().is_ok()),
        _ => false,
    }
}
