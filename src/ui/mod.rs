//! The Leptos app: the shell (top bar, banners, tab bar, help sheet), the hash router, and one
//! file per screen. Screens only render domain answers and dispatch to [`state::AppState`].

pub mod aftercare;
pub mod clock;
pub mod components;
pub mod entry_form;
pub mod icons;
pub mod journal;
pub mod prepare;
pub mod pwa;
pub mod report;
pub mod route;
pub mod sessions;
pub mod settings;
pub mod share;
pub mod state;
pub mod today;
pub mod welcome;

use crate::domain::plan::Theme;
use components::{on_click, CollectAny, HelpSheet, Notices, ToastView};
use leptos::prelude::*;
use route::Route;
use state::AppState;
use std::time::Duration;

/// Mounts the app on `<body>`, in place of index.html's static shell.
pub fn mount() {
    if let Some(shell) = document().get_element_by_id("shell") {
        shell.remove();
    }
    leptos::mount::mount_to_body(App);
}

/// The whole app: state, listeners, shell and the current screen.
#[component]
pub fn App() -> impl IntoView {
    let app = AppState::open();
    provide_context(app);
    pwa::provide_pwa();

    // The outside world: the hash, other tabs, the clock, the theme.
    let hash = window_event_listener(leptos::ev::hashchange, move |_| {
        app.route.set(route::current())
    });
    let storage = window_event_listener(leptos::ev::storage, move |ev: web_sys::StorageEvent| {
        let change = crate::storage::decode_change(ev.key().as_deref(), ev.new_value().as_deref());
        app.apply_change(change);
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
            request_animation_frame(|| {
                if let Ok(Some(heading)) = document().query_selector("#main h1") {
                    use wasm_bindgen::JsCast;
                    if let Some(el) = heading.dyn_ref::<web_sys::HtmlElement>() {
                        let _ = el.focus();
                    }
                }
            });
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
        current
    });

    view! {
        <div class="app">
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="topbar">
                <span class="app-name">"Waypoint"</span>
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
        </div>
    }
}

fn screen(route: Route) -> AnyView {
    match route {
        Route::Today => view! { <today::TodayScreen /> }.into_any(),
        Route::Prepare => view! { <prepare::PrepareScreen /> }.into_any(),
        Route::Aftercare => view! { <aftercare::AftercareScreen /> }.into_any(),
        Route::Journal => view! { <journal::JournalScreen /> }.into_any(),
        Route::NewEntry(kind) => view! { <entry_form::EntryScreen kind=kind id=None /> }.into_any(),
        Route::EditEntry(id) => {
            view! { <entry_form::EntryScreen kind=String::new() id=Some(id) /> }.into_any()
        }
        Route::Sessions => view! { <sessions::SessionsScreen /> }.into_any(),
        Route::NewSession => view! { <sessions::SessionForm id=None /> }.into_any(),
        Route::EditSession(id) => view! { <sessions::SessionForm id=Some(id) /> }.into_any(),
        Route::Share => view! { <share::ShareScreen /> }.into_any(),
        Route::Review => view! { <share::ReviewScreen /> }.into_any(),
        Route::Settings => view! { <settings::SettingsScreen /> }.into_any(),
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
