//! The real app, mounted in the page and driven through the DOM the way a patient drives it:
//! taps, the location hash, and what ends up on screen and in localStorage.
//!
//! Each test starts from an empty localStorage and the Today route, mounts [`App`] into a fresh
//! element and unmounts it at the end (which also removes its window listeners).
#![cfg(target_arch = "wasm32")]

use chrono::Duration;
use std::collections::{BTreeMap, BTreeSet};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use waypoint::domain::session::{Session, SessionId};
use waypoint::domain::time::Stamp;
use waypoint::storage::browser::LocalStorageBackend;
use waypoint::storage::Store;
use waypoint::ui::clock::{self, BrowserZone};
use waypoint::ui::App;
use web_sys::{Element, HtmlElement};

mod common;
use common::{local_storage, snapshot};

wasm_bindgen_test_configure!(run_in_browser);

// ---- Page helpers -------------------------------------------------------------------------

fn window() -> web_sys::Window {
    web_sys::window().expect("a window")
}

fn document() -> web_sys::Document {
    window().document().expect("a document")
}

/// Resolves after `ms` milliseconds (a `setTimeout`), so the browser can fire `hashchange` and
/// Leptos can run its effects in between.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("a timer");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("the timer fired");
}

/// Waits (up to two seconds) until `ready` holds; fails with `what` otherwise.
async fn wait_until(what: &str, ready: impl Fn() -> bool) {
    for _ in 0..200 {
        if ready() {
            return;
        }
        sleep(10).await;
    }
    panic!("timed out waiting until {what}");
}

/// The mounted app; dropping it unmounts the view and cleans up its listeners.
struct Mounted {
    root: HtmlElement,
    _handle: Box<dyn std::any::Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

impl Mounted {
    /// The first element matching `selector` inside the app.
    fn find(&self, selector: &str) -> Option<Element> {
        self.root
            .query_selector(selector)
            .expect("a valid selector")
    }

    /// Every element with this tag name inside the app.
    fn all(&self, tag: &str) -> Vec<Element> {
        let list = self.root.get_elements_by_tag_name(tag);
        (0..list.length()).filter_map(|i| list.item(i)).collect()
    }

    /// The text the patient sees in the app.
    fn text(&self) -> String {
        self.root.inner_text()
    }

    /// The screen's title.
    fn heading(&self) -> String {
        self.find("main h1")
            .map(|h| text_of(&h))
            .unwrap_or_default()
    }

    /// Taps the button whose words are `label`.
    fn tap(&self, label: &str) {
        let button = self
            .all("button")
            .into_iter()
            .find(|b| text_of(b) == label)
            .unwrap_or_else(|| panic!("no button {label:?} on screen:\n{}", self.text()));
        click(&button);
    }

    /// Waits until the screen's title is `title`.
    async fn wait_for_heading(&self, title: &str) {
        wait_until(&format!("the heading is {title:?}"), || {
            self.heading() == title
        })
        .await;
    }
}

fn text_of(el: &Element) -> String {
    el.dyn_ref::<HtmlElement>()
        .map(|h| h.inner_text().trim().to_string())
        .unwrap_or_default()
}

fn click(el: &Element) {
    el.dyn_ref::<HtmlElement>()
        .expect("an HTML element")
        .click();
}

/// Goes to `hash` and lets `hashchange` fire.
async fn go(hash: &str) {
    window().location().set_hash(hash).expect("hash set");
    sleep(0).await;
}

/// Empties localStorage, goes to Today, and removes any app a failed test left mounted.
async fn fresh_page() {
    local_storage().clear().expect("localStorage cleared");
    while let Some(old) = document()
        .query_selector("[data-test-root]")
        .expect("a valid selector")
    {
        old.remove();
    }
    go("#/").await;
}

/// Mounts the app into a new element at the end of `<body>` and lets it render.
async fn mount() -> Mounted {
    let root: HtmlElement = document()
        .create_element("div")
        .expect("a div")
        .dyn_into()
        .expect("an HTML element");
    root.set_attribute("data-test-root", "")
        .expect("attribute set");
    document()
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");
    // Opened as the app opens it: with the reader when something is stored.
    let opened = waypoint::ui::open_store().await.expect("the store opened");
    let handle = leptos::mount::mount_to(
        root.clone(),
        move || leptos::view! { <App opened=opened /> },
    );
    let mounted = Mounted {
        root,
        _handle: Box::new(handle),
    };
    wait_until("the app has rendered", || !mounted.heading().is_empty()).await;
    mounted
}

/// Stores a plan before the app opens, through the real store.
fn store_plan(welcomed: bool, sessions: Vec<Session>) {
    let (mut store, _) = Store::open(LocalStorageBackend, "en-GB");
    store
        .update_plan(|p| {
            p.welcomed = welcomed;
            for s in sessions {
                p.course.upsert(s);
            }
            Ok(())
        })
        .expect("the plan saved");
}

fn stamp_in(offset: Duration) -> Stamp {
    Stamp::at(clock::now() + offset, &BrowserZone)
}

// ---- Tests --------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn first_run_shows_welcome_and_skipping_it_is_remembered() {
    fresh_page().await;
    let app = mount().await;
    assert_eq!(app.heading(), "Welcome to Waypoint");
    assert!(app.find("#welcome-date").is_some(), "the first-run form");

    app.tap("Skip for now");
    app.wait_for_heading("Today").await;

    let plan = local_storage()
        .get_item("waypoint.plan")
        .expect("get")
        .expect("the choice is saved");
    assert!(plan.contains(r#""welcomed":true"#), "{plan}");
}

#[wasm_bindgen_test]
async fn every_tab_opens_its_screen_and_is_the_only_one_marked_current() {
    fresh_page().await;
    store_plan(true, Vec::new());
    let app = mount().await;
    app.wait_for_heading("Today").await;
    let tabs: Vec<(String, String)> = app
        .all("a")
        .into_iter()
        .filter(|a| a.closest("nav.tabbar").ok().flatten().is_some())
        .map(|a| (a.get_attribute("href").unwrap_or_default(), text_of(&a)))
        .collect();
    let expected = [
        ("#/prepare", "Prepare"),
        ("#/aftercare", "Aftercare"),
        ("#/journal", "Journal"),
        ("#/share", "Share"),
        ("#/settings", "Settings"),
        ("#/", "Today"),
    ];
    assert_eq!(tabs.len(), expected.len(), "{tabs:?}");

    for (href, title) in expected {
        assert!(
            tabs.iter().any(|(h, label)| h == href && label == title),
            "a tab {title} to {href} in {tabs:?}"
        );
        let tab = app
            .find(&format!("nav.tabbar a[href=\"{href}\"]"))
            .expect("the tab");
        click(&tab);
        app.wait_for_heading(title).await;
        assert_eq!(window().location().hash().expect("hash"), href);
        let current: Vec<String> = app
            .all("a")
            .into_iter()
            .filter(|a| a.closest("nav.tabbar").ok().flatten().is_some())
            .filter(|a| a.get_attribute("aria-current").as_deref() == Some("page"))
            .map(|a| text_of(&a))
            .collect();
        assert_eq!(current, vec![title.to_string()], "on {href}");
    }

    // The same through the hash alone, as a reload or a deep link does.
    for (hash, title) in [
        ("#/journal/new/sleep", "How I slept"),
        ("#/sessions", "Sessions"),
    ] {
        go(hash).await;
        app.wait_for_heading(title).await;
    }
    let current = app
        .find("nav.tabbar a[aria-current=\"page\"]")
        .expect("a current tab");
    assert_eq!(text_of(&current), "Prepare", "Sessions belong to Prepare");
}

#[wasm_bindgen_test]
async fn a_quick_mood_of_seven_is_saved_as_one_entry() {
    fresh_page().await;
    store_plan(true, Vec::new());
    let app = mount().await;
    app.wait_for_heading("Today").await;
    let save = app
        .all("button")
        .into_iter()
        .find(|b| text_of(b) == "Save mood")
        .expect("a Save mood button");
    assert!(save.has_attribute("disabled"), "nothing to save yet");

    click(
        &app.find("input[name=\"quick-mood\"][value=\"7\"]")
            .expect("a 7 on the scale"),
    );
    wait_until("Save mood is enabled", || !save.has_attribute("disabled")).await;
    app.tap("Save mood");
    wait_until("the mood is saved", || {
        snapshot().keys().any(|k| k.starts_with("waypoint.entry."))
    })
    .await;

    let entries: Vec<(String, String)> = snapshot()
        .into_iter()
        .filter(|(k, _)| k.starts_with("waypoint.entry."))
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    let (key, raw) = &entries[0];
    let json: serde_json::Value = serde_json::from_str(raw).expect("the entry is JSON");
    let data = json.get("data").expect("an envelope");
    assert_eq!(
        data.get("kind").and_then(|k| k.as_str()),
        Some("mood"),
        "{raw}"
    );
    assert_eq!(
        data.get("rating").and_then(|r| r.as_u64()),
        Some(7),
        "{raw}"
    );
    assert_eq!(
        key.strip_prefix("waypoint.entry."),
        data.get("id").and_then(|id| id.as_str()),
        "stored under its own id"
    );
    wait_until("the toast confirms it", || {
        app.text().contains("Mood 7/10 saved.")
    })
    .await;
}

#[wasm_bindgen_test]
async fn unreadable_data_at_start_up_is_announced_and_never_overwritten() {
    // Pins the todomvc bug: unreadable data silently replaced by defaults and written back over
    // the original.
    fresh_page().await;
    let damaged_plan = r#"{"schema_version":1,"data":{"course":{"sess"#;
    let damaged_entry = r#"{"schema_version":1,"data":{"id":"e-2","wri"#;
    local_storage()
        .set_item("waypoint.plan", damaged_plan)
        .expect("set");
    local_storage()
        .set_item("waypoint.entry.e-2", damaged_entry)
        .expect("set");

    let app = mount().await;
    wait_until("the warning banner shows", || {
        app.text().contains("Some saved data could not be read")
    })
    .await;
    assert_eq!(
        app.heading(),
        "Welcome to Waypoint",
        "opens on defaults, in memory"
    );
    sleep(50).await;

    let stored = snapshot();
    let expected: BTreeMap<String, String> = [
        ("waypoint.rescued.plan", damaged_plan),
        ("waypoint.rescued.entry.e-2", damaged_entry),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(
        stored, expected,
        "kept byte for byte, and no defaults written"
    );
}

/// Which form controls on screen have no accessible name: not a `<label for=id>`, not inside a
/// `<label>`, no `aria-label` or `aria-labelledby`. Also flags ids used twice on one screen,
/// since a `<label for>` then names only the first.
fn unlabelled_controls(app: &Mounted, screen: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    for el in ["input", "select", "textarea"]
        .into_iter()
        .flat_map(|tag| app.all(tag))
    {
        if el.get_attribute("type").as_deref() == Some("hidden") {
            continue;
        }
        let id = el.id();
        if !id.is_empty() {
            *ids.entry(id.clone()).or_default() += 1;
        }
        let has = |attr: &str| el.get_attribute(attr).is_some_and(|v| !v.trim().is_empty());
        let labelled_by = el.get_attribute("aria-labelledby").is_some_and(|refs| {
            refs.split_whitespace().any(|r| {
                document()
                    .get_element_by_id(r)
                    .is_some_and(|e| !text_of(&e).is_empty())
            })
        });
        let label_for = !id.is_empty()
            && document()
                .query_selector(&format!("label[for=\"{id}\"]"))
                .expect("a valid selector")
                .is_some_and(|l| !text_of(&l).is_empty());
        let wrapped = el
            .closest("label")
            .expect("a valid selector")
            .is_some_and(|l| !text_of(&l).is_empty());
        if !(has("aria-label") || labelled_by || label_for || wrapped) {
            found.push(format!("{screen}: {}", el.outer_html()));
        }
    }
    found.extend(
        ids.into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|(id, n)| format!("{screen}: id {id:?} used {n} times")),
    );
    found
}

#[wasm_bindgen_test]
async fn every_form_control_on_every_screen_has_a_label() {
    fresh_page().await;
    // A session that ended two hours ago (aftercare, the 72 hours, an edit form with start and
    // end times) and one in three days (the checklist, the intention): every control appears.
    let mut past = Session::planned(SessionId("s-past".into()), stamp_in(Duration::hours(-5)));
    past.started = Some(stamp_in(Duration::hours(-5)));
    past.ended = Some(stamp_in(Duration::hours(-2)));
    let next = Session::planned(SessionId("s-next".into()), stamp_in(Duration::days(3)));
    store_plan(false, vec![past, next]);

    let app = mount().await;
    let mut problems = unlabelled_controls(&app, "welcome");
    assert!(
        app.find("#welcome-date").is_some(),
        "the first-run form is checked"
    );
    app.tap("Skip for now");
    app.wait_for_heading("Today").await;

    let screens = [
        ("#/", "Today"),
        ("#/prepare", "Prepare"),
        ("#/sessions", "Sessions"),
        ("#/sessions/new", "Plan a session"),
        ("#/session/s-past", "Change session"),
        ("#/aftercare", "Aftercare"),
        ("#/journal", "Journal"),
        ("#/journal/new/mood", "How I feel"),
        ("#/journal/new/sleep", "How I slept"),
        ("#/journal/new/insight", "An insight"),
        ("#/share", "Share"),
        ("#/settings", "Settings"),
    ];
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for (hash, title) in screens {
        go(hash).await;
        app.wait_for_heading(title).await;
        if hash == "#/journal/new/insight" {
            // The guided questions' text boxes appear when their chips are tapped.
            let chips: Vec<Element> = app
                .all("button")
                .into_iter()
                .filter(|b| b.class_name() == "chip")
                .filter(|b| b.get_attribute("aria-pressed").as_deref() == Some("false"))
                .filter(|b| {
                    b.closest("fieldset").ok().flatten().is_some_and(|f| {
                        f.query_selector("legend")
                            .ok()
                            .flatten()
                            .is_some_and(|l| text_of(&l).starts_with("Questions"))
                    })
                })
                .collect();
            assert!(!chips.is_empty(), "guided questions offered");
            let count = chips.len();
            chips.iter().for_each(click);
            wait_until("every question has its text box", || {
                app.all("textarea").len() > count
            })
            .await;
        }
        seen.extend(
            ["input", "select", "textarea"]
                .into_iter()
                .flat_map(|t| app.all(t))
                .map(|el| el.id())
                .filter(|id| !id.is_empty()),
        );
        problems.extend(unlabelled_controls(&app, hash));
    }

    for id in [
        "intention",
        "own-item",
        "own-item-due",
        "session-route",
        "session-ended",
        "own-word",
        "mood-note",
        "sleep-bed",
        "insight-text",
        "prompt-0",
        "until-morning",
    ] {
        assert!(
            seen.contains(id),
            "#{id} was among the controls checked: {seen:?}"
        );
    }
    assert!(
        seen.iter().any(|id| id.starts_with("check-"))
            && seen.iter().any(|id| id.starts_with("care-")),
        "checklist and self-care ticks were checked: {seen:?}"
    );
    assert!(
        problems.is_empty(),
        "controls without a label:\n{}",
        problems.join("\n")
    );
}
