//! The app's one state, provided through context: the plan, the entries, the time, and the store
//! every change goes through. Components read signals and call these methods; they never touch
//! storage themselves.

use super::clock::{self, BrowserZone};
use super::route::{self, Route};
use crate::domain::entry::{Entry, EntryId};
use crate::domain::plan::{locale_clock_style, Plan};
use crate::domain::time::{self, ClockStyle, Zone};
use crate::storage::browser::LocalStorageBackend;
use crate::storage::{self, Change, Loaded, Problem, SaveError, Store};
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// What a toast's Undo does: put back what the change replaced. Made by the screen that made
/// the change, so the code that puts things back lives with it, not in the app's first download.
/// A plain shared closure, not a reactive `Callback`: a `Callback` belongs to the component that
/// made it, and the change that offers Undo (a deleted entry) often removes that component.
pub type UndoAction = std::sync::Arc<dyn Fn() + Send + Sync>;

/// A short message with an optional undo, shown above the tab bar on one screen.
#[derive(Clone)]
pub struct Toast {
    /// What happened.
    pub text: String,
    /// What Undo does.
    pub undo: Option<UndoAction>,
    /// The screen it belongs to; leaving it dismisses the toast.
    pub on: Route,
    /// Distinguishes toasts, so a timer only dismisses its own.
    pub serial: u32,
}

/// The crisis line Waypoint suggests for this phone, or the one the patient is looking at on
/// the welcome, before anything is stored: the Help sheet offers it until a choice is saved.
#[derive(Clone, Debug, PartialEq)]
pub struct CrisisSuggestion {
    /// The country's code.
    pub code: String,
    /// Its English name.
    pub country: String,
    /// Its first crisis line; `None` when no national line is confirmed.
    pub crisis: Option<crate::domain::protocol::PhoneLine>,
    /// Its emergency number.
    pub emergency: String,
}

impl CrisisSuggestion {
    /// Stores these lines as the patient's choice.
    pub fn apply_to(&self, plan: &mut Plan) {
        let p = &mut plan.settings.protocol;
        p.crisis_line = self.crisis.clone().unwrap_or_default();
        p.emergency_number = self.emergency.clone();
        plan.settings.crisis = crate::domain::plan::CrisisChoice::Country(self.code.clone());
    }
}

/// Review mode's hold on the page: while a patient's file is open, leaving asks first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ReviewHold {
    /// No file open: leave freely.
    #[default]
    Free,
    /// A file is open.
    FileOpen,
    /// A file is open and the therapist asked to go to this screen: review asks first.
    Leaving(Route),
}

/// A change to `T` that may be refused with a message, boxed so one compiled copy serves every
/// caller.
type Edit<'a, T> = Box<dyn FnOnce(&mut T) -> Result<(), String> + 'a>;

/// A store just opened and what it read.
pub type Opened = (Store<LocalStorageBackend>, Loaded);

/// How long a toast stays, in seconds; long enough to reach Undo.
const TOAST_SECONDS: u64 = 8;

/// Everything the screens share.
#[derive(Clone, Copy)]
pub struct AppState {
    /// Course and settings.
    pub plan: RwSignal<Plan>,
    /// Journal entries, oldest first.
    pub entries: RwSignal<Vec<Entry>>,
    /// The time, refreshed every 20 seconds.
    pub now: RwSignal<DateTime<Utc>>,
    /// The screen shown.
    pub route: RwSignal<Route>,
    /// What could not be read when the app opened.
    pub problems: RwSignal<Vec<Problem>>,
    /// Raw copies of unreadable data, `(key, raw)`.
    pub rescued: RwSignal<Vec<(String, String)>>,
    /// Set when a newer Waypoint wrote this journal (the app is read-only until updated).
    pub newer_version: RwSignal<Option<u32>>,
    /// The last save that failed, in words for the patient.
    pub error: RwSignal<Option<String>>,
    /// A passing message.
    pub toast: RwSignal<Option<Toast>>,
    /// Whether the help sheet is open.
    pub help_open: RwSignal<bool>,
    /// The lines suggested (or being chosen) before a choice is stored.
    pub crisis_suggestion: RwSignal<Option<CrisisSuggestion>>,
    /// Whether review mode holds the page (see [`ReviewHold`]).
    pub review_hold: RwSignal<ReviewHold>,
    /// UTF-16 units the journal uses, measured when Settings opens.
    pub usage: RwSignal<usize>,
    /// Set at the first change of screen: from then on a screen's heading takes focus when the
    /// screen appears (screens from their own module appear after the route changes).
    pub focus_heading: StoredValue<bool>,
    store: StoredValue<Store<LocalStorageBackend>>,
    /// The locale's clock, asked of the browser the first time a time is shown with the locale's
    /// style: the first use of the browser's date formatting loads its locale data, about a
    /// tenth of a second on a slow phone, so start-up does not pay it unless a time is on screen.
    locale_clock: StoredValue<Option<ClockStyle>>,
}

impl AppState {
    /// The state of a store as opened (see [`super::open_store`]).
    pub fn new((store, loaded): Opened) -> Self {
        Self {
            plan: RwSignal::new(loaded.plan),
            entries: RwSignal::new(loaded.entries),
            now: RwSignal::new(clock::now()),
            route: RwSignal::new(route::current()),
            problems: RwSignal::new(loaded.problems),
            rescued: RwSignal::new(loaded.rescued),
            newer_version: RwSignal::new(loaded.newer_version),
            error: RwSignal::new(None),
            toast: RwSignal::new(None),
            help_open: RwSignal::new(false),
            crisis_suggestion: RwSignal::new(None),
            review_hold: RwSignal::new(ReviewHold::Free),
            usage: RwSignal::new(0),
            focus_heading: StoredValue::new(false),
            store: StoredValue::new(store),
            locale_clock: StoredValue::new(None),
        }
    }

    /// The time right now, read afresh (the `now` signal is refreshed every 20 s, too coarse to
    /// stamp an entry or a session's end), and the signal brought up to date with it.
    pub fn fresh_now(&self) -> DateTime<Utc> {
        let now = clock::now();
        self.now.set(now);
        now
    }

    /// Now as a stamp on the phone's clock, read afresh.
    pub fn stamp_now(&self) -> crate::domain::time::Stamp {
        crate::domain::time::Stamp::at(self.fresh_now(), &self.zone())
    }

    /// The phone's time zone.
    pub fn zone(&self) -> BrowserZone {
        BrowserZone
    }

    /// The clock style in use (the patient's choice or the locale's).
    pub fn clock_style(&self) -> ClockStyle {
        let choice = self.plan.with(|p| p.settings.clock);
        choice.style(|| self.locale_clock())
    }

    /// The locale's clock style, asked of the browser once.
    fn locale_clock(&self) -> ClockStyle {
        if let Some(style) = self.locale_clock.get_value() {
            return style;
        }
        let sample = js_sys::Date::new_with_year_month_day_hr_min(2020, 0, 1, 13, 0)
            .to_locale_time_string(&clock::locale())
            .as_string()
            .unwrap_or_default();
        let style = locale_clock_style(&sample);
        self.locale_clock.set_value(Some(style));
        style
    }

    /// `14:05` for an instant, on the phone's clock.
    pub fn clock(&self, t: DateTime<Utc>) -> String {
        time::clock(self.zone().local(t), self.clock_style())
    }

    /// `today 14:05`, `tomorrow 09:00`, `Tue 24 Nov, 09:00`.
    pub fn when(&self, t: DateTime<Utc>) -> String {
        let today = self.zone().local(self.now.get()).date_naive();
        time::day_and_clock(self.zone().local(t), today, self.clock_style())
    }

    /// `05:00`, `05:00 tomorrow`, `09:00 on Tue 24 Nov`: a clock time with its day when that
    /// is not today.
    pub fn clock_and_day(&self, t: DateTime<Utc>) -> String {
        let today = self.zone().local(self.now.get()).date_naive();
        time::clock_and_day(self.zone().local(t), today, self.clock_style())
    }

    /// Runs one change on the store. A store that is gone (the app is closing) is a failure,
    /// never a silent success.
    fn write<T>(
        &self,
        change: impl FnOnce(&mut Store<LocalStorageBackend>) -> Result<T, SaveError>,
    ) -> Result<T, SaveError> {
        self.store
            .try_update_value(change)
            .unwrap_or_else(|| Err(SaveError::Unavailable("the app is closing".into())))
    }

    /// Shows a failed save in the error banner and returns its message.
    fn show(&self, error: SaveError) -> String {
        let message = error.message();
        self.error.set(Some(message.clone()));
        message
    }

    /// Makes the patient's pseudonymous reference the first time something is shared for the
    /// therapist (a report, open or locked, its CSV or print, the FHIR file), so every file
    /// after it says it comes from the same journal.
    pub fn ensure_patient_reference(&self) {
        if self
            .plan
            .with_untracked(|p| p.settings.patient_id.is_empty())
        {
            let id = super::clock::new_id("p");
            self.update_plan(move |plan| {
                if plan.settings.patient_id.is_empty() {
                    plan.settings.patient_id = id;
                }
                Ok(())
            });
        }
    }

    /// Changes the plan; shows the error and returns false when it could not be saved.
    pub fn update_plan(&self, change: impl FnOnce(&mut Plan) -> Result<(), String>) -> bool {
        self.update_plan_with(Box::new(change))
    }

    // One compiled copy of the store's read-modify-write for all twenty callers: boxing the
    // change here instead of instantiating it per closure keeps the bundle smaller.
    fn update_plan_with(&self, change: Edit<'_, Plan>) -> bool {
        match self.write(|s| s.update_plan(change)) {
            Ok(plan) => {
                self.plan.set(plan);
                self.error.set(None);
                true
            }
            Err(e) => {
                if e == SaveError::NotReady {
                    self.reopen_with_reader();
                }
                self.show(e);
                false
            }
        }
    }

    /// Changes one session as it is stored now (see [`AppState::update_plan`]); false, with the
    /// error shown, when the session is gone or the change is refused.
    pub fn update_session(
        &self,
        id: &crate::domain::session::SessionId,
        change: impl FnOnce(&mut crate::domain::session::Session) -> Result<(), String>,
    ) -> bool {
        self.update_session_with(id, Box::new(change))
    }

    fn update_session_with(
        &self,
        id: &crate::domain::session::SessionId,
        change: Edit<'_, crate::domain::session::Session>,
    ) -> bool {
        let id = id.clone();
        self.update_plan(move |plan| {
            let mut session = plan
                .course
                .get(&id)
                .cloned()
                .ok_or("That session no longer exists.")?;
            change(&mut session)?;
            plan.course.upsert(session);
            Ok(())
        })
    }

    /// Saves an entry (new or edited). On failure the message is returned and shown; the form
    /// keeps its text.
    pub fn save_entry(&self, entry: Entry) -> Result<(), String> {
        match self.write(|s| s.save_entry(&entry)) {
            Ok(()) => {
                if self.entries.with_untracked(Vec::is_empty) {
                    // The first entry is the moment the journal becomes worth keeping.
                    super::pwa::request_persistence();
                }
                self.entries
                    .update(|list| storage::apply_entry_change(list, &Change::Entry(entry)));
                self.error.set(None);
                Ok(())
            }
            Err(e) => Err(self.show(e)),
        }
    }

    /// Shows a toast on the current screen.
    pub fn say(&self, text: impl Into<String>, undo: Option<UndoAction>) {
        self.toast_on(self.route.get_untracked(), text.into(), undo);
    }

    /// Shows a toast on `route` (the screen about to open), dismissed after a few seconds.
    pub fn say_on(&self, on: Route, text: impl Into<String>, undo: Option<UndoAction>) {
        self.toast_on(on, text.into(), undo);
    }

    fn toast_on(&self, on: Route, text: String, undo: Option<UndoAction>) {
        let serial = self
            .toast
            .with_untracked(|t| t.as_ref().map_or(0, |t| t.serial.wrapping_add(1)));
        self.toast.set(Some(Toast {
            text,
            undo,
            on,
            serial,
        }));
        let toast = self.toast;
        set_timeout(
            move || {
                if toast.with_untracked(|t| t.as_ref().is_some_and(|t| t.serial == serial)) {
                    toast.set(None);
                }
            },
            std::time::Duration::from_secs(TOAST_SECONDS),
        );
    }

    /// Deletes an entry, offering Undo.
    pub fn delete_entry(&self, id: &EntryId) {
        let removed = self
            .entries
            .with_untracked(|list| list.iter().find(|e| &e.id == id).cloned());
        match self.write(|s| s.delete_entry(id)) {
            Ok(()) => {
                self.entries.update(|list| list.retain(|e| &e.id != id));
                let app = *self;
                let undo = removed.map(|entry| -> UndoAction {
                    std::sync::Arc::new(move || {
                        if app.save_entry(entry.clone()).is_ok() {
                            app.say("Entry restored.", None);
                        }
                    })
                });
                self.say("Entry deleted.", undo);
            }
            Err(e) => {
                self.show(e);
            }
        }
    }

    /// Runs the last toast's Undo.
    pub fn undo(&self) {
        if let Some(undo) = self.toast.get_untracked().and_then(|t| t.undo) {
            undo();
        }
    }

    /// Writes a restored backup, all or nothing, and shows the result.
    pub fn restore(&self, merge: &crate::domain::import::Merge) -> Result<(), String> {
        // The Share screen shows a failed restore beside its button, not in the banner.
        match self.write(|s| s.restore(&merge.plan, &merge.write)) {
            Ok(()) => {
                self.plan.set(merge.plan.clone());
                self.entries.update(|list| {
                    for entry in &merge.write {
                        storage::apply_entry_change(list, &Change::Entry(entry.clone()));
                    }
                });
                Ok(())
            }
            Err(e) => Err(e.message()),
        }
    }

    /// Deletes everything Waypoint stored on this phone.
    pub fn delete_all(&self) -> bool {
        match self.write(|s| s.delete_all()) {
            Ok(()) => {
                self.plan.set(Plan::for_locale(&clock::locale()));
                self.entries.set(Vec::new());
                self.problems.set(Vec::new());
                self.rescued.set(Vec::new());
                self.newer_version.set(None);
                self.error.set(None);
                true
            }
            Err(e) => {
                self.show(e);
                false
            }
        }
    }

    /// Lets go of one rescued copy.
    pub fn discard_rescued(&self, key: &str) {
        match self.write(|s| s.discard_rescued(key)) {
            Ok(()) => {
                self.rescued.update(|r| r.retain(|(k, _)| k != key));
                self.problems
                    .update(|p| p.retain(|p| p.rescued_as.as_deref() != Some(key) && p.key != key));
            }
            Err(e) => {
                self.show(e);
            }
        }
    }

    /// Every record as saved, for download when this version cannot read them.
    pub fn raw_journal(&self) -> String {
        self.store.with_value(|s| s.raw_journal())
    }

    /// Keeps text being typed (best effort).
    pub fn save_draft(&self, form: &str, text: &str) {
        self.store.with_value(|s| s.save_draft(form, text));
    }

    /// The text being typed in a form before a reload, if any.
    pub fn draft(&self, form: &str) -> Option<String> {
        self.store.with_value(|s| s.draft(form))
    }

    /// Takes in what another tab changed (a storage event's key and new value).
    pub fn other_tab_changed(&self, key: Option<&str>, new_value: Option<&str>) {
        match self.store.with_value(|s| s.reader()) {
            Some(reader) => self.apply_change(reader.change(key, new_value)),
            None => self.reopen_with_reader(),
        }
    }

    /// Opens the store anew with the reader this tab opened without (a first visit, where
    /// another tab has now written what this one must read) and shows what it holds: the state
    /// is then what is stored, whatever the order of the changes before.
    fn reopen_with_reader(&self) {
        let app = *self;
        leptos::task::spawn_local(async move {
            let Ok((store, loaded)) = super::open_journal(clock::locale()).await else {
                return; // Offline with an incomplete download: the next change tries again.
            };
            app.store.set_value(store);
            app.plan.set(loaded.plan);
            app.entries.set(loaded.entries);
            app.problems.set(loaded.problems);
            app.rescued.set(loaded.rescued);
            app.newer_version.set(loaded.newer_version);
        });
    }

    /// Applies what another tab changed.
    pub fn apply_change(&self, change: Change) {
        match &change {
            Change::Plan(plan) => self.plan.set(plan.clone()),
            Change::Cleared => {
                self.plan.set(Plan::for_locale(&clock::locale()));
                self.entries.set(Vec::new());
            }
            Change::Entry(_) | Change::EntryRemoved(_) => self
                .entries
                .update(|list| storage::apply_entry_change(list, &change)),
            Change::Ignored => {}
        }
    }

    /// Measures how much storage Waypoint uses. It reads every record, so it runs when Settings
    /// opens, never on a save (with 3,000 entries that read made each save 100+ ms slower).
    pub fn refresh_usage(&self) {
        self.usage.set(self.store.with_value(|s| s.usage_units()));
    }
}

/// The state from context.
pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
