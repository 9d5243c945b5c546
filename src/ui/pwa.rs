//! The installed-app side of Waypoint, talking to `public/pwa.js` (which owns the service
//! worker) through window events: an update the patient accepts, an install offer, and asking
//! the browser to keep the journal's storage.
//!
//! Events from pwa.js: `waypoint-update-ready`, `waypoint-install-ready`, `waypoint-installed`.
//! Events to pwa.js: `waypoint-update-now`, `waypoint-install`.

use super::components::{on_click, when_settled};
use leptos::prelude::*;

/// What the browser and service worker have offered.
#[derive(Clone, Copy)]
pub struct PwaState {
    /// A new version is installed and waiting for the patient's yes.
    pub update_ready: RwSignal<bool>,
    /// The browser offers an install prompt.
    pub install_ready: RwSignal<bool>,
    /// Whether the browser promised to keep storage (`None`: not known yet).
    pub persisted: RwSignal<Option<bool>>,
}

/// Listens for pwa.js's events and provides [`PwaState`]; call once from the app shell.
pub fn provide_pwa() -> PwaState {
    let state = PwaState {
        update_ready: RwSignal::new(false),
        install_ready: RwSignal::new(false),
        persisted: RwSignal::new(None),
    };
    let update = window_event_listener_untyped("waypoint-update-ready", move |_| {
        state.update_ready.set(true)
    });
    let install = window_event_listener_untyped("waypoint-install-ready", move |_| {
        state.install_ready.set(true)
    });
    let installed = window_event_listener_untyped("waypoint-installed", move |_| {
        state.install_ready.set(false)
    });
    on_cleanup(move || {
        update.remove();
        install.remove();
        installed.remove();
    });
    provide_context(state);
    check_persisted(state);
    state
}

/// The PWA state from context.
pub fn use_pwa() -> PwaState {
    expect_context::<PwaState>()
}

/// Tells pwa.js the first screen has what it needs ("waypoint-ready", once), so the service
/// worker is registered only now: its precaching then takes the modules this screen fetched from
/// the HTTP cache instead of racing the app for them and downloading them twice.
pub fn first_screen_ready() {
    use std::sync::atomic::{AtomicBool, Ordering};
    static SENT: AtomicBool = AtomicBool::new(false);
    if !SENT.swap(true, Ordering::Relaxed) {
        send("waypoint-ready");
    }
}

fn send(name: &str) {
    if let Ok(event) = web_sys::Event::new(name) {
        let _ = window().dispatch_event(&event);
    }
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = window().navigator();
    js_sys::Reflect::has(&navigator, &"storage".into())
        .ok()?
        .then(|| navigator.storage())
}

fn check_persisted(state: PwaState) {
    let Some(promise) = storage_manager().and_then(|m| m.persisted().ok()) else {
        return;
    };
    when_settled(promise, move |result| {
        if let Ok(value) = result {
            state.persisted.set(value.as_bool());
        }
    });
}

/// Asks the browser to keep Waypoint's storage even when space runs low (once a journal has
/// something worth keeping). Browsers may grant it silently or decline; either is fine.
pub fn request_persistence() {
    let state = use_pwa();
    if state.persisted.get_untracked() == Some(true) {
        return;
    }
    let Some(promise) = storage_manager().and_then(|m| m.persist().ok()) else {
        return;
    };
    when_settled(promise, move |result| {
        if let Ok(value) = result {
            state.persisted.set(value.as_bool());
        }
    });
}

/// The banner offering a waiting update. Typed text is kept as drafts, so reloading loses
/// nothing.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let pwa = use_pwa();
    view! {
        {move || pwa.update_ready.get().then(|| view! {
            <div class="banner banner-info no-print" role="status">
                <p>"A new version of Waypoint is ready. Anything you are writing is kept."</p>
                <div class="row">
                    <button class="btn btn-primary" type="button" on:click=on_click(move |_| send("waypoint-update-now"))>"Update now"</button>
                    <button class="btn btn-quiet" type="button" on:click=on_click(move |_| pwa.update_ready.set(false))>"Later"</button>
                </div>
            </div>
        }.into_any())}
    }
}

fn is_ios() -> bool {
    let agent = window().navigator().user_agent().unwrap_or_default();
    agent.contains("iPhone") || agent.contains("iPad")
}

fn is_standalone() -> bool {
    document()
        .document_element()
        .and_then(|e| e.get_attribute("data-standalone"))
        .as_deref()
        == Some("true")
}

/// Settings: install to the home screen, and whether storage is kept.
#[component]
pub fn InstallAndStorage() -> impl IntoView {
    let pwa = use_pwa();
    let install = move || {
        if is_standalone() {
            view! { <p>"Waypoint is installed on this phone."</p> }.into_any()
        } else if pwa.install_ready.get() {
            view! {
                <p>"Installed, Waypoint opens from your home screen, works without signal, and the browser is less likely to clear your journal."</p>
                <button class="btn btn-primary btn-block" type="button" on:click=on_click(move |_| send("waypoint-install"))>"Install Waypoint"</button>
            }
            .into_any()
        } else if is_ios() {
            view! {
                <p>"On iPhone, install Waypoint so Safari keeps your journal: tap the Share button, then \"Add to Home Screen\"."</p>
            }
            .into_any()
        } else {
            view! { <p class="muted">"If your browser offers \"Install\" or \"Add to Home screen\" in its menu, use it: Waypoint then opens like an app and works offline."</p> }.into_any()
        }
    };
    let asked = RwSignal::new(false);
    let kept = move || {
        match pwa.persisted.get() {
        Some(true) => "Kept: this browser has promised not to clear Waypoint's data, even when the phone runs short of space.",
        Some(false) => "Not promised: this browser may clear Waypoint's data when the phone runs short of space, and Safari clears a website's data after seven days without a visit unless it is on the home screen. Install Waypoint (above) and keep a backup.",
        None => "Whether this browser keeps Waypoint's data is not known yet.",
    }
    };
    view! {
        <section class="card stack" aria-labelledby="install-title">
            <h2 id="install-title">"On this phone"</h2>
            {move || install()}
            <h3>"Is my journal kept?"</h3>
            <p role="status" id="storage-kept">{move || kept()}</p>
            {move || (pwa.persisted.get() == Some(false)).then(|| view! {
                <button class="btn btn-secondary btn-block" type="button"
                    on:click=on_click(move |_| { asked.set(true); request_persistence(); })>
                    "Ask this browser to keep it"
                </button>
                {move || asked.get().then(|| view! {
                    <p class="hint">"The browser said no. Most agree once Waypoint is installed, or after you have used it for a while; until then, a backup is the safe copy."</p>
                }.into_any())}
            }.into_any())}
        </section>
    }
}
