//! Share: what leaves the phone, and only when the patient asks. For now, the full backup.

use super::components::download;
use super::state::use_app;
use crate::domain::backup::{backup_file_name, Backup, BACKUP_FORMAT};
use crate::domain::time::Stamp;
use crate::storage::schema::CURRENT;
use leptos::prelude::*;

/// Makes the full backup file and offers it as a download.
pub fn download_backup() {
    let app = use_app();
    let at = Stamp::at(app.now.get_untracked(), &app.zone());
    let backup = Backup {
        format: BACKUP_FORMAT.into(),
        schema_version: CURRENT,
        app_version: env!("CARGO_PKG_VERSION").into(),
        exported_at: at,
        plan: app.plan.get_untracked(),
        entries: app.entries.get_untracked(),
    };
    match serde_json::to_string_pretty(&backup) {
        Ok(json) => download(&backup_file_name(&at), "application/json", &json),
        Err(_) => app.error.set(Some("The backup could not be made.".into())),
    }
}

/// The Share screen.
#[component]
pub fn ShareScreen() -> impl IntoView {
    let app = use_app();
    let count = move || app.entries.with(Vec::len);
    view! {
        <h1 class="screen-title" tabindex="-1">"Share"</h1>
        <section class="card stack">
            <h2>"Backup"</h2>
            <p>{move || format!("A file with everything: your plan, settings and all {} entries, private ones included. Keep it somewhere safe; it is for moving to a new phone, not for sharing.", count())}</p>
            <button class="btn btn-primary btn-block" type="button" on:click=move |_| download_backup()>"Download full backup"</button>
        </section>
        <section class="card stack">
            <h2>"For your therapist"</h2>
            <p class="muted">"A report of what you choose to share is coming in a later version. Nothing leaves this phone unless you download or share it."</p>
        </section>
    }
}
