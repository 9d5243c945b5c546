//! Hash routing: `#/journal`, `#/journal/new/mood`, `#/session/<id>`.
//!
//! Why the hash: Waypoint is static files. With the route after `#`, the server only ever
//! serves `index.html`, so a reload or a shared deep link works on any static host, under any
//! sub-path, and offline from the service worker's single cached page, with no server fallback.

/// A screen the app can show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// Where am I now.
    Today,
    /// The next session's checklist, intention and route.
    Prepare,
    /// Rules and signs after a session.
    Aftercare,
    /// The timeline.
    Journal,
    /// A new entry of a kind (`mood`, `sleep`, `insight`).
    NewEntry(String),
    /// Editing an entry.
    EditEntry(String),
    /// Every planned session.
    Sessions,
    /// Planning a new session.
    NewSession,
    /// Editing a session.
    EditSession(String),
    /// Export and backup.
    Share,
    /// A therapist reading a patient's shared file.
    Review,
    /// Settings.
    Settings,
    /// Taking a questionnaire (`phq9` or `gad7`).
    Questionnaire(String),
    /// Questionnaire scores across the course.
    Scores,
    /// Making a backup (from Today's suggestion; Settings shows the same).
    Backup,
}

impl Route {
    /// The route a location hash names; anything unknown is Today.
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            ["prepare"] => Route::Prepare,
            ["aftercare"] => Route::Aftercare,
            ["journal"] => Route::Journal,
            ["journal", "new", kind] if matches!(*kind, "mood" | "sleep" | "insight") => {
                Route::NewEntry(kind.to_string())
            }
            ["journal", "entry", id] => Route::EditEntry(id.to_string()),
            ["sessions"] => Route::Sessions,
            ["sessions", "new"] => Route::NewSession,
            ["session", id] => Route::EditSession(id.to_string()),
            ["share"] => Route::Share,
            ["review"] => Route::Review,
            ["settings"] => Route::Settings,
            ["questionnaire", key] if matches!(*key, "phq9" | "gad7") => {
                Route::Questionnaire(key.to_string())
            }
            ["scores"] => Route::Scores,
            ["backup"] => Route::Backup,
            _ => Route::Today,
        }
    }

    /// The hash for this route.
    pub fn href(&self) -> String {
        match self {
            Route::Today => "#/".into(),
            Route::Prepare => "#/prepare".into(),
            Route::Aftercare => "#/aftercare".into(),
            Route::Journal => "#/journal".into(),
            Route::NewEntry(kind) => format!("#/journal/new/{kind}"),
            Route::EditEntry(id) => format!("#/journal/entry/{id}"),
            Route::Sessions => "#/sessions".into(),
            Route::NewSession => "#/sessions/new".into(),
            Route::EditSession(id) => format!("#/session/{id}"),
            Route::Share => "#/share".into(),
            Route::Review => "#/review".into(),
            Route::Settings => "#/settings".into(),
            Route::Questionnaire(key) => format!("#/questionnaire/{key}"),
            Route::Scores => "#/scores".into(),
            Route::Backup => "#/backup".into(),
        }
    }

    /// The tab this route belongs to.
    pub fn tab(&self) -> Route {
        match self {
            Route::NewEntry(_) | Route::EditEntry(_) => Route::Journal,
            Route::Sessions | Route::NewSession | Route::EditSession(_) => Route::Prepare,
            Route::Review => Route::Share,
            Route::Questionnaire(_) | Route::Scores => Route::Today,
            Route::Backup => Route::Settings,
            other => other.clone(),
        }
    }
}

/// The current route, from the location hash.
pub fn current() -> Route {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    Route::parse(&hash)
}

/// Goes to `route` (the `hashchange` listener updates the app).
pub fn go(route: &Route) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(&route.href());
    }
}
