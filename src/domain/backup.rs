//! The full backup: everything, private entries included, versioned, re-importable.

use super::entry::Entry;
use super::plan::Plan;
use super::time::Stamp;
use serde::{Deserialize, Serialize};

/// What a backup file says it is.
pub const BACKUP_FORMAT: &str = "waypoint-backup";

/// A full backup of one phone's journal. Every field is required.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    /// Always [`BACKUP_FORMAT`].
    pub format: String,
    /// The storage schema version of what is inside.
    pub schema_version: u32,
    /// The app version that wrote it.
    pub app_version: String,
    /// When it was made, on the patient's clock.
    pub exported_at: Stamp,
    /// Course and settings.
    pub plan: Plan,
    /// Every entry, private ones included.
    pub entries: Vec<Entry>,
}

/// The file name for a backup made at `at`: `waypoint-backup-2026-11-22-1430.json`.
pub fn backup_file_name(at: &Stamp) -> String {
    let iso = at.iso();
    format!(
        "waypoint-backup-{}-{}{}.json",
        &iso[..10],
        &iso[11..13],
        &iso[14..16]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_file_names_say_what_and_when() {
        let at = Stamp::parse("2026-11-22T14:30:05+01:00").unwrap();
        assert_eq!(
            backup_file_name(&at),
            "waypoint-backup-2026-11-22-1430.json"
        );
    }
}
