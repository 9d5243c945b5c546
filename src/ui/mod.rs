//! The Leptos app: the shell (top bar, banners, tab bar, help sheet), the hash router, and one
//! file per screen. Screens only render domain answers and dispatch to [`state::AppState`].

pub mod aftercare;
pub mod backup;
pub mod calendar;
pub mod clock;
pub mod components;
pub mod crisis;
pub mod entry_form;
pub mod icons;
pub mod journal;
pub mod prepare;
pub mod pwa;
pub mod questionnaire;
pub mod report;
pub mod review;
pub mod route;
pub mod sessions;
pub mod settings;
pub mod share;
pub mod state;
pub mod today;
pub mod welcome;

use crate::domain::plan::Theme;
use crate::storage::browser::LocalStorageBackend;
use crate::storage::Store;
use components::{on_click, CollectAny, HelpSheet, Notices, ToastView};
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use route::Route;
use state::{AppState, Opened, ReviewHold};
use std::time::Duration;

/// What a screen or the app says when part of it could not be downloaded.
pub const NOT_DOWNLOADED: &str = "Part of Waypoint has not finished downloading. Check your connection, then try again. Nothing you saved is lost.";

/// Mounts the app on `<body>`, in place of index.html's static shell, once [`open_store`] has
/// opened the journal (at once on a first visit).
pub fn mount() {
    // Leptos's executor starts with the app: until then, wasm-bindgen's runs this.
    wasm_bindgen_futures::spawn_local(async {
        match open_store().await {
            Ok(opened) => start(opened),
            Err(_) => start_failed(),
        }
    });
}

/// Opens the journal's store. A phone that holds a journal needs the reader, fetched first with
/// the Today module it belongs to (from the phone itself once the service worker has it); a
/// first visit has nothing to read and opens at once, downloading nothing more.
pub async fn open_store() -> Result<Opened, SplitLoaderError> {
    if !crate::storage::has_records(&LocalStorageBackend) {
        return Ok(Store::open_empty(LocalStorageBackend, &clock::locale()));
    }
    open_journal(clock::locale()).await
}

fn start(opened: Opened) {
    if let Some(shell) = document().get_element_by_id("shell") {
        shell.remove();
    }
    leptos::mount::mount_to_body(move || view! { <App opened=opened /> });
}

/// The journal could not be opened because its reader did not download: say so, touch nothing,
/// and offer to try again.
fn start_failed() {
    if let Some(shell) = document().get_element_by_id("shell") {
        shell.remove();
    }
    leptos::mount::mount_to_body(|| {
        view! {
            <div class="app">
                <main class="screen" id="main">
                    <h1 tabindex="-1">"Waypoint could not open"</h1>
                    <p>{NOT_DOWNLOADED}</p>
                    <button class="btn btn-primary btn-block" type="button"
                        on:click=on_click(|_| { let _ = window().location().reload(); })>
                        "Try again"
                    </button>
                </main>
            </div>
        }
    });
}

/// The whole app: state, listeners, shell and the current screen.
#[component]
pub fn App(
    /// The store, opened (see [`mount`]).
    opened: Opened,
) -> impl IntoView {
    let app = AppState::new(opened);
    provide_context(app);
    pwa::provide_pwa();

    // The outside world: the hash, other tabs, the clock, the theme.
    let hash = window_event_listener(leptos::ev::hashchange, move |_| {
        let next = route::current();
        // Review mode with a file open asks before going anywhere else: the address goes back
        // to review until the therapist answers.
        let holding = app.review_hold.with_untracked(|h| *h != ReviewHold::Free);
        if holding && next != Route::Review && app.route.get_untracked() == Route::Review {
            app.review_hold.set(ReviewHold::Leaving(next));
            route::go(&Route::Review);
            return;
        }
        app.route.set(next)
    });
    let storage = window_event_listener(leptos::ev::storage, move |ev: web_sys::StorageEvent| {
        app.other_tab_changed(ev.key().as_deref(), ev.new_value().as_deref());
    });
    on_cleanup(move || {
        hash.remove();
        storage.remove();
    });
    set_interval(move || app.now.set(clock::now()), Duration::from_secs(20));
    Effect::new(move |_| {
        let theme = app.plan.with(|p| p.settings.theme);
        if let Some(root) = document().document_element() {
            let _ = match theme {
                Theme::System => root.remove_attribute("data-theme"),
                Theme::Light => root.set_attribute("data-theme", "light"),
                Theme::Dark => root.set_attribute("data-theme", "dark"),
            };
        }
    });
    // After navigating, move focus to the new screen's heading so screen readers announce it.
    Effect::new(move |previous: Option<Route>| {
        let current = app.route.get();
        // A toast belongs to one screen: leaving it dismisses the toast.
        if app
            .toast
            .with_untracked(|t| t.as_ref().is_some_and(|t| t.on != current))
        {
            app.toast.set(None);
        }
        if previous.is_some_and(|p| p != current) {
            app.focus_heading.set_value(true);
            request_animation_frame(focus_heading);
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
        current
    });

    // Review mode has chrome of its own, from its own module: no patient tabs, no Help sheet.
    let reviewing = Memo::new(move |_| app.route.with(|r| *r == Route::Review));
    view! {
        <div class="app">
            <a class="skip-link" href="#main">"Skip to content"</a>
            {move || if reviewing.get() {
                view! { <LazyScreen route=Route::Review /> }.into_any()
            } else {
                view! { <PatientShell /> }.into_any()
            }}
        </div>
    }
}

/// The patient's chrome: the top bar with Help, the screen, the toast, the tab bar and the Help
/// sheet. Until the welcome is answered the top bar also offers a therapist the way into review.
#[component]
fn PatientShell() -> impl IntoView {
    let app = state::use_app();
    let first_run = Memo::new(move |_| app.plan.with(|p| !p.welcomed));
    view! {
        <header class="topbar">
            <span class="app-name">"Waypoint"</span>
            {move || first_run.get().then(|| view! {
                <a class="topbar-link" href="#/review">"I'm a therapist"<span class="wide-only">": open a patient's file"</span></a>
            }.into_any())}
            <button class="help-button" type="button" on:click=on_click(move |_| app.help_open.set(true))
                aria-haspopup="dialog">
                <components::Icon path=icons::HELP />
                "Help now"
            </button>
        </header>
        <main class="screen" id="main" tabindex="-1">
            <pwa::UpdateBanner />
            <Notices />
            {move || screen(app.route.get())}
        </main>
        <ToastView />
        <TabBar />
        <HelpSheet />
    }
}

/// The screen for `route`. Today decides between the welcome, part of the app's first
/// download, and its own module; every other screen is fetched the first time it is opened (see
/// [`split_points!`]).
fn screen(route: Route) -> AnyView {
    match route {
        Route::Today => view! { <today::TodayScreen /> }.into_any(),
        other => view! { <LazyScreen route=other /> }.into_any(),
    }
}

/// A screen from its own module: "Opening…" while the module downloads (at once when it is
/// already here), then the screen, or a way to try again when the download failed.
#[component]
fn LazyScreen(route: Route) -> impl IntoView {
    let app = state::use_app();
    let attempt = RwSignal::new(0u32);
    move || {
        attempt.track();
        let route = route.clone();
        let load = Box::pin(async move {
            let loaded = load_screen(route).await;
            // Opened by a tap: its heading takes focus once it exists (see App).
            if app.focus_heading.get_value() {
                request_animation_frame(focus_heading);
            }
            loaded
        });
        lazy_part(
            load,
            "Opening…",
            Box::new(move || {
                view! {
                    <h1 tabindex="-1">"This screen could not open"</h1>
                    <p>{NOT_DOWNLOADED}</p>
                    <button class="primary" type="button" on:click=on_click(move |_| attempt.update(|n| *n += 1))>
                        "Try again"
                    </button>
                }
                .into_any()
            }),
        )
    }
}

async fn load_screen(route: Route) -> Result<AnyView, SplitLoaderError> {
    match route {
        Route::Today => today_screen().await,
        Route::Prepare => prepare_screen().await,
        Route::Sessions => sessions_screen().await,
        Route::NewSession => session_form(None).await,
        Route::EditSession(id) => session_form(Some(id)).await,
        Route::Aftercare => aftercare_screen().await,
        Route::Journal => journal_screen().await,
        Route::NewEntry(kind) => entry_screen(kind, None).await,
        Route::EditEntry(id) => entry_screen(String::new(), Some(id)).await,
        Route::Share => share_screen().await,
        Route::Review => review_screen().await,
        Route::Settings => settings_screen(false).await,
        Route::Backup => settings_screen(true).await,
        Route::Questionnaire(key) => questionnaire_screen(key).await,
        Route::Scores => scores_screen().await,
    }
}

/// Screens, and the journal's reader, in modules of their own. With the `split` feature (the
/// release build: index.html's `data-cargo-features`) each `module:` becomes a wasm module of its
/// own that scripts/split-build.mjs cuts out of the app and the app fetches the first time one of
/// its functions is called; code that several modules share goes to small shared ones. Without
/// it (the browser tests) the same functions are plain async ones, ready at once.
macro_rules! split_points {
    ($($module:ident: fn $name:ident($($arg:ident: $ty:ty),*) -> $out:ty $body:block)*) => {$(
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $name($($arg: $ty),*) -> Result<$out, SplitLoaderError> {
            let value: $out = $body;
            Ok(value)
        }

        #[cfg(not(feature = "split"))]
        async fn $name($($arg: $ty),*) -> Result<$out, SplitLoaderError> {
            let value: $out = $body;
            Ok(value)
        }
    )*};
}

split_points! {
    // Today once welcomed, and reading stored records: what a phone that holds a journal needs
    // at start and a first visit does not.
    today: fn today_screen() -> AnyView { view! { <today::TodayCards /> }.into_any() }
    today: fn stored_notices() -> AnyView { view! { <components::StoredNotices /> }.into_any() }
    today: fn open_journal(locale: String) -> Opened { Store::open(LocalStorageBackend, &locale) }
    // The welcome's answer is written from here, so no code that writes a record is in the
    // first download.
    today: fn save_welcome(app: state::AppState, answer: welcome::WelcomeAnswer) -> bool {
        app.update_plan(answer)
    }
    prepare: fn prepare_screen() -> AnyView { view! { <prepare::PrepareScreen /> }.into_any() }
    prepare: fn sessions_screen() -> AnyView { view! { <sessions::SessionsScreen /> }.into_any() }
    prepare: fn session_form(id: Option<String>) -> AnyView {
        view! { <sessions::SessionForm id=id /> }.into_any()
    }
    aftercare: fn aftercare_screen() -> AnyView { view! { <aftercare::AftercareScreen /> }.into_any() }
    journal: fn journal_screen() -> AnyView { view! { <journal::JournalScreen /> }.into_any() }
    journal: fn entry_screen(kind: String, id: Option<String>) -> AnyView {
        view! { <entry_form::EntryScreen kind=kind id=id /> }.into_any()
    }
    share: fn share_screen() -> AnyView { view! { <share::ShareScreen /> }.into_any() }
    // Review mode, its chrome and the report: a therapist's laptop needs it, a patient's phone
    // rarely.
    review: fn review_screen() -> AnyView { view! { <review::ReviewScreen /> }.into_any() }
    // Settings, or the Backup screen Today's suggestion opens (Settings shows the same), one
    // split point for both: each costs the first download a loader of its own.
    settings: fn settings_screen(backup: bool) -> AnyView {
        if backup {
            view! { <backup::BackupScreen /> }.into_any()
        } else {
            view! { <settings::SettingsScreen /> }.into_any()
        }
    }
    // The PHQ-9 and GAD-7, one question a screen, with the screen PHQ-9 item 9 opens at once,
    // and the scores across the course with their chart.
    measures: fn questionnaire_screen(key: String) -> AnyView {
        view! { <questionnaire::QuestionnaireScreen key=key /> }.into_any()
    }
    measures: fn scores_screen() -> AnyView { view! { <questionnaire::ScoresScreen /> }.into_any() }
    // The FHIR file, made when the patient asks for it: (file name, JSON). With the
    // questionnaires, which it is mostly about: as a module of its own it made 12 more shared
    // chunks (130 against 118) and 0.3 KB more of the first download (the loader's entries and
    // the main module's table).
    measures: fn fhir_file(shared: crate::domain::export::SharedExport, name: String, key: String) -> (String, String) {
        let bundle = crate::domain::fhir::bundle(&shared, &name, &key);
        (crate::domain::fhir::file_name(&shared.exported_at), crate::json::to_string(&bundle))
    }
    // The crisis lines of every country (a table of about 16 KB) and the picker that shows
    // them: the welcome and Help need them on a first visit, once the screen is up.
    crisis: fn crisis_options() -> crisis::CrisisOptions { crisis::options() }
    crisis: fn crisis_picker(chosen: RwSignal<Option<String>>, heading_id: &'static str) -> AnyView {
        view! { <crisis::CrisisPicker chosen=chosen heading_id=heading_id /> }.into_any()
    }
}

/// A part of a screen from its own module: `waiting` while the module downloads (never shown
/// when it is already here), then the part, or what `failed` makes when the download failed.
/// Every lazy part and screen goes through this one function.
pub fn lazy_part(
    load: std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<AnyView, SplitLoaderError>> + Send>,
    >,
    waiting: &'static str,
    failed: Box<dyn FnOnce() -> AnyView + Send>,
) -> AnyView {
    let loading = RwSignal::new(true);
    // The module's load also waits for the screens' stylesheet (scripts/split-build.mjs).
    let part = Suspend::new(async move {
        let loaded = load.await;
        loading.set(false);
        pwa::first_screen_ready();
        loaded.unwrap_or_else(|_| failed())
    });
    // The part first: when its module is already here it is ready at once, and the status is
    // made hidden, never shown for a moment.
    view! {
        {part}
        <p class="muted" role="status" hidden=move || !loading.get()>{waiting}</p>
    }
    .into_any()
}

/// Moves focus to the screen's heading, so a screen reader announces the new screen.
fn focus_heading() {
    if let Ok(Some(heading)) = document().query_selector("#main h1") {
        use wasm_bindgen::JsCast;
        if let Some(el) = heading.dyn_ref::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// The bottom tab bar: one link per screen, the current one marked for screen readers.
#[component]
fn TabBar() -> impl IntoView {
    let app = state::use_app();
    let tabs = [
        (Route::Today, "Today", icons::TODAY),
        (Route::Prepare, "Prepare", icons::PREPARE),
        (Route::Aftercare, "Aftercare", icons::AFTERCARE),
        (Route::Journal, "Journal", icons::JOURNAL),
        (Route::Share, "Share", icons::SHARE),
        (Route::Settings, "Settings", icons::SETTINGS),
    ];
    view! {
        <nav class="tabbar" aria-label="Screens">
            {tabs
                .into_iter()
                .map(|(target, label, icon)| {
                    let href = target.href();
                    view! {
                        <a class="tab" href=href aria-current=move || (app.route.with(|r| r.tab()) == target).then_some("page")>
                            <components::Icon path=icon />
                            <span class="tab-label">{label}</span>
                        </a>
                    }
                })
                .collect_any()}
        </nav>
    }
}
