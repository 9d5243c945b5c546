//! Reading a file someone chose: a backup to restore, or a shared report to review. Size, then
//! the JSON itself (a key given twice, nesting too deep), then what the file says it is, its
//! shape and every value; only a file that passes everything is merged, so a rejected file
//! changes nothing.

use super::backup::{Backup, BACKUP_FORMAT};
use super::encrypted::{self, Contents, EncryptedFile};
use super::entry::{Entry, EntryId};
use super::export::{SharedExport, MAX_NAME_CHARS, REPORT_VERSION, SHARE_FORMAT};
use super::plan::Plan;
use crate::json::{self, ReadError, Refusal};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

/// The largest file accepted, in bytes (a journal of 20,000 long entries fits well within).
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;
/// The most entries a file may hold.
pub const MAX_ENTRIES: usize = 50_000;
/// The most sessions a file may hold.
pub const MAX_SESSIONS: usize = 1_000;

/// The largest chosen file read at all, in bytes: an encrypted file holds its contents as base64,
/// four bytes for every three, so one holding [`MAX_FILE_BYTES`] is about a third larger.
pub const MAX_CHOSEN_BYTES: usize = MAX_FILE_BYTES / 3 * 4 + 4096;

/// A file someone chose, read and checked as far as it can be without a passphrase.
// One is made per chosen file and matched at once: boxing the open file would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Chosen {
    /// A backup or a report, ready to use.
    Open(ImportFile),
    /// A file locked with a passphrase: ask for it, decrypt, then [`read_unlocked`].
    Locked(EncryptedFile),
}

/// Reads a chosen file's text: an encrypted file's header is checked and it is returned locked;
/// any other file is read with [`read_file`].
pub fn read_chosen(text: &str, current_schema: u32) -> Result<Chosen, String> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if body.len() <= MAX_CHOSEN_BYTES && json::check(body).is_ok() && encrypted::is_encrypted(body)
    {
        return encrypted::read(body).map(Chosen::Locked);
    }
    read_file(text, current_schema).map(Chosen::Open)
}

/// Reads what an encrypted file held once decrypted: the same checks as any file, and it must
/// be the kind its header said.
pub fn read_unlocked(
    plaintext: &str,
    contains: Contents,
    current_schema: u32,
) -> Result<ImportFile, String> {
    let file = read_file(plaintext, current_schema)?;
    let kind = match &file {
        ImportFile::Backup(_) => Contents::Backup,
        ImportFile::Shared(_) => Contents::Report,
    };
    if kind != contains {
        return Err("This encrypted file does not hold what it says it does, so it was not opened. Nothing was changed.".into());
    }
    Ok(file)
}

/// A file that passed every check.
#[derive(Clone, Debug, PartialEq)]
// One value per file a patient chooses: its size on the stack does not matter, and boxing the
// backup would change every reader of it for nothing.
#[allow(clippy::large_enum_variant)]
pub enum ImportFile {
    /// A full backup, to restore.
    Backup(Backup),
    /// A shared report, to review.
    Shared(SharedExport),
}

/// What a file says it is, whatever else it holds.
#[derive(Deserialize)]
struct Probe {
    format: Option<String>,
    schema_version: Option<u32>,
    report_version: Option<u32>,
}

/// The refusal for a file of `bytes`, its size rounded up so it never reads as within the limit.
pub fn too_large(bytes: usize) -> String {
    let tenths_of_mb = (bytes as u64 * 10).div_ceil(1024 * 1024);
    format!(
        "This file is too large ({}.{} MB). A Waypoint file is at most {} MB.",
        tenths_of_mb / 10,
        tenths_of_mb % 10,
        MAX_FILE_BYTES / (1024 * 1024)
    )
}

/// Reads and checks a file's text. Every refusal is a sentence for the person holding the file.
pub fn read_file(text: &str, current_schema: u32) -> Result<ImportFile, String> {
    if text.len() > MAX_FILE_BYTES {
        return Err(too_large(text.len()));
    }
    // Editors on Windows start a UTF-8 file with a byte order mark: it is no part of the data.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err("This file is empty.".into());
    }
    let not_data = "This is not a Waypoint file: it is not readable as data (it may be cut short or another kind of file).";
    match json::check(text) {
        Ok(()) => {}
        Err(Refusal::TooDeep) => {
            return Err("This is not a Waypoint file: its data is nested far too deeply.".into())
        }
        Err(Refusal::NotJson | Refusal::RepeatedKey) => return Err(not_data.into()),
    }
    // A format or version of the wrong type is no Waypoint file either.
    let probe: Probe = json::from_str(text).map_err(|_| not_data)?;
    let version = probe
        .schema_version
        .ok_or("This is not a Waypoint file: it has no version number.")?;
    if version > current_schema {
        return Err(format!(
            "This file was made by a newer version of Waypoint (data version {version}). Update the app, then open it again."
        ));
    }
    if version < 1 {
        return Err("This file has a data version Waypoint never wrote.".into());
    }
    // The detail names a field and what it should hold, never the file's content.
    let shape = |e: ReadError| match e {
        ReadError::Shape(e) => {
            format!("This file is damaged or incomplete, so nothing was changed. (Detail: {e}.)")
        }
        ReadError::NotJson => not_data.to_string(),
    };
    if probe.format.as_deref() == Some(SHARE_FORMAT) {
        match probe.report_version {
            Some(newer) if newer > REPORT_VERSION => return Err(format!(
                "This report was made by a newer version of Waypoint (report version {newer}). Update the app, then open it again."
            )),
            Some(0 | 1) => return Err("This report has a report version Waypoint never wrote.".into()),
            _ => {}
        }
    }
    let file = match probe.format.as_deref() {
        Some(BACKUP_FORMAT) => ImportFile::Backup(json::from_str(text).map_err(shape)?),
        Some(SHARE_FORMAT) => ImportFile::Shared(json::from_str(text).map_err(shape)?),
        _ => return Err("This is not a Waypoint backup or report.".into()),
    };
    check(&file)?;
    Ok(file)
}

fn check(file: &ImportFile) -> Result<(), String> {
    let (entries, session_count) = match file {
        ImportFile::Backup(b) => {
            let problems = b.plan.problems();
            if let Some(first) = problems.first() {
                return Err(format!(
                    "The plan in this file has a value Waypoint cannot use: {first}"
                ));
            }
            (&b.entries, b.plan.course.sessions.len())
        }
        ImportFile::Shared(s) => {
            if s.entries.iter().any(|e| e.private) {
                return Err("This shared file contains an entry marked private, which Waypoint never shares. It was not opened.".into());
            }
            if let Some(patient) = &s.patient {
                if !super::entry::is_safe_id(&patient.id) {
                    return Err("This report's patient reference is not one Waypoint makes.".into());
                }
                if patient.name.chars().count() > MAX_NAME_CHARS {
                    return Err(format!("The name on this report is longer than {MAX_NAME_CHARS} characters, which Waypoint never writes."));
                }
            }
            if s.range
                .as_ref()
                .and_then(|r| r.dates)
                .is_some_and(|d| d.from > d.to)
            {
                return Err("This report's dates end before they begin.".into());
            }
            (&s.entries, s.sessions.len())
        }
    };
    if entries.len() > MAX_ENTRIES {
        return Err(format!(
            "This file holds {} entries; Waypoint reads at most {MAX_ENTRIES}.",
            entries.len()
        ));
    }
    if session_count > MAX_SESSIONS {
        return Err(format!(
            "This file holds {session_count} sessions; Waypoint reads at most {MAX_SESSIONS}."
        ));
    }
    let first_repeat = first_repeated_id(entries);
    for (i, entry) in entries.iter().enumerate() {
        if let Some(problem) = entry.problems().into_iter().next() {
            return Err(format!(
                "Entry {} in this file has a value Waypoint cannot use: {problem}",
                i + 1
            ));
        }
        if first_repeat == Some(i) {
            return Err(format!(
                "Entry {} in this file repeats another entry's id.",
                i + 1
            ));
        }
    }
    let session_ids: Vec<&str> = match file {
        ImportFile::Backup(b) => b
            .plan
            .course
            .sessions
            .iter()
            .map(|s| s.id.0.as_str())
            .collect(),
        ImportFile::Shared(s) => s.sessions.iter().map(|s| s.id.0.as_str()).collect(),
    };
    if session_ids.iter().any(|id| !super::entry::is_safe_id(id)) {
        return Err("A session in this file has an id Waypoint does not make.".into());
    }
    Ok(())
}

/// What restoring a backup will do, worked out before anything is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Merge {
    /// The plan after merging.
    pub plan: Plan,
    /// Entries to write (new ones and newer edits).
    pub write: Vec<Entry>,
    /// Entries new to this phone.
    pub added: usize,
    /// Entries this phone had, replaced by a newer edit from the file.
    pub updated: usize,
    /// Entries skipped because this phone's copy is the same or newer.
    pub skipped: usize,
    /// Sessions new to this phone.
    pub sessions_added: usize,
    /// Whether the file's settings were taken (only onto a phone not yet set up).
    pub settings_restored: bool,
}

impl Merge {
    /// The outcome in one sentence.
    pub fn summary(&self) -> String {
        let mut text = format!(
            "Restored: {} new entries, {} updated, {} already here. {} new sessions.",
            self.added, self.updated, self.skipped, self.sessions_added
        );
        if self.settings_restored {
            text.push_str(" Clinic settings restored.");
        }
        text
    }
}

/// The position of the first entry whose id an earlier entry already has.
fn first_repeated_id(entries: &[Entry]) -> Option<usize> {
    let mut seen = HashSet::with_capacity(entries.len());
    entries.iter().position(|e| !seen.insert(&e.id))
}

/// Merges a backup into what this phone holds: for the same entry, the newer edit wins; sessions
/// this phone lacks are added; settings come from the file only if this phone was never set up.
pub fn merge(plan: &Plan, entries: &[Entry], backup: &Backup) -> Merge {
    let here: HashMap<&EntryId, &Entry> = entries.iter().map(|e| (&e.id, e)).collect();
    let (mut write, mut added, mut updated, mut skipped) = (Vec::new(), 0, 0, 0);
    for theirs in &backup.entries {
        match here.get(&theirs.id) {
            None => {
                added += 1;
                write.push(theirs.clone());
            }
            Some(ours) if theirs.edited > ours.edited => {
                updated += 1;
                write.push(theirs.clone());
            }
            Some(_) => skipped += 1,
        }
    }
    let mut merged = plan.clone();
    let mut sessions_added = 0;
    for session in &backup.plan.course.sessions {
        if merged.course.get(&session.id).is_none() {
            merged.course.upsert(session.clone());
            sessions_added += 1;
        }
    }
    let settings_restored = !plan.welcomed;
    if settings_restored {
        merged.settings = backup.plan.settings.clone();
        merged.welcomed = true;
    }
    // The same patient's reports keep one reference across phones.
    if merged.settings.patient_id.is_empty() {
        merged.settings.patient_id = backup.plan.settings.patient_id.clone();
    }
    Merge {
        plan: merged,
        write,
        added,
        updated,
        skipped,
        sessions_added,
        settings_restored,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::entry::{EntryBody, Mood};
    use crate::domain::time::Stamp;
    use crate::json;

    fn stamp(t: &str) -> Stamp {
        Stamp::parse(t).unwrap()
    }

    fn mood(id: &str, edited: &str, rating: u8) -> Entry {
        Entry {
            id: EntryId(id.into()),
            written: stamp("2026-11-20T10:00:00+00:00"),
            edited: stamp(edited),
            private: false,
            discuss: false,
            body: EntryBody::Mood(Mood {
                rating,
                ..Mood::default()
            }),
        }
    }

    fn backup(entries: Vec<Entry>) -> Backup {
        Backup {
            format: BACKUP_FORMAT.into(),
            schema_version: 1,
            app_version: "0.1.0".into(),
            exported_at: stamp("2026-11-22T10:00:00+00:00"),
            plan: Plan {
                welcomed: true,
                ..Plan::default()
            },
            entries,
        }
    }

    #[test]
    fn a_backup_round_trips_through_its_file() {
        let b = backup(vec![mood("e-1", "2026-11-20T10:00:00+00:00", 5)]);
        let text = json::to_string(&b);
        assert_eq!(read_file(&text, 1), Ok(ImportFile::Backup(b)));
    }

    #[test]
    fn bad_files_get_a_clear_reason() {
        let valid = json::to_string(&backup(vec![mood("e-1", "2026-11-20T10:00:00+00:00", 5)]));
        let cases: Vec<(String, &str)> = vec![
            (String::new(), "empty"),
            (valid[..valid.len() / 2].to_string(), "not readable"),
            ("[".repeat(100_000), "nested far too deeply"),
            (r#"{"hello":"world"}"#.into(), "no version"),
            (
                valid.replace(r#""schema_version":1"#, r#""schema_version":9"#),
                "newer version",
            ),
            (
                valid.replace(r#""rating":5"#, r#""rating":50"#),
                "Mood is rated from 0 to 10",
            ),
            (
                valid.replace(BACKUP_FORMAT, "something-else"),
                "not a Waypoint backup",
            ),
            (
                valid.replace(r#""entries":["#, r#""entries":[7,"#),
                "damaged or incomplete",
            ),
            (" ".repeat(MAX_FILE_BYTES + 1), "too large"),
        ];
        for (text, expected) in cases {
            let err = read_file(&text, 1).unwrap_err();
            assert!(err.contains(expected), "{expected}: {err}");
        }
    }

    #[test]
    fn a_damaged_file_names_the_field_what_it_should_hold_and_which_entry() {
        let valid = json::to_string(&backup(vec![
            mood("e-1", "2026-11-20T10:00:00+00:00", 5),
            mood("e-2", "2026-11-20T10:00:00+00:00", 6),
        ]));
        let damaged = valid.replace(r#""rating":6"#, r#""rating":"high""#);
        assert_eq!(
            read_file(&damaged, 1).unwrap_err(),
            "This file is damaged or incomplete, so nothing was changed. (Detail: `rating` should be a whole number from 0 to 255, in item 2 of `entries`.)"
        );
        let missing = valid.replacen(r#""written":"2026-11-20T10:00:00+00:00","#, "", 1);
        let err = read_file(&missing, 1).unwrap_err();
        assert!(
            err.ends_with("(Detail: missing field `written`, in item 1 of `entries`.)"),
            "{err}"
        );
        let unknown = valid.replacen(r#""kind":"mood""#, r#""kind":"dream""#, 1);
        let err = read_file(&unknown, 1).unwrap_err();
        assert!(
            err.ends_with("(Detail: `kind` should be one of `mood`, `sleep`, `insight` or `questionnaire`, in item 1 of `entries`.)"),
            "{err}"
        );
    }

    #[test]
    fn a_format_or_version_of_the_wrong_type_is_not_a_waypoint_file() {
        for text in [
            r#"{"format":5,"schema_version":1}"#,
            r#"{"format":"waypoint-backup","schema_version":"1"}"#,
            r#"{"format":"waypoint-backup","schema_version":1.5}"#,
            "[1]",
            "null",
        ] {
            let err = read_file(text, 1).unwrap_err();
            assert!(err.contains("not readable as data"), "{text}: {err}");
        }
    }

    #[test]
    fn a_file_just_over_the_limit_never_reads_as_within_it() {
        // Regression: sizes were rounded down, so 8 MB + 1 byte said "too large (8 MB) … at most 8 MB".
        assert_eq!(
            too_large(MAX_FILE_BYTES + 1),
            "This file is too large (8.1 MB). A Waypoint file is at most 8 MB."
        );
        assert_eq!(
            too_large(9 * 1024 * 1024),
            "This file is too large (9.0 MB). A Waypoint file is at most 8 MB."
        );
    }

    /// A valid backup with `extra` as one more top-level field.
    fn with_field(extra: &str) -> String {
        let valid = json::to_string(&backup(vec![mood("e-1", "2026-11-20T10:00:00+00:00", 5)]));
        format!("{},{extra}}}", &valid[..valid.len() - 1])
    }

    #[test]
    fn nesting_is_read_to_128_levels_and_refused_past_them() {
        // The file's own object is the first level.
        let nested = |n: usize| format!(r#""x":{}{}"#, "[".repeat(n - 1), "]".repeat(n - 1));
        assert!(read_file(&with_field(&nested(128)), 1).is_ok());
        let err = read_file(&with_field(&nested(129)), 1).unwrap_err();
        assert_eq!(
            err,
            "This is not a Waypoint file: its data is nested far too deeply."
        );
    }

    #[test]
    fn a_key_given_twice_is_refused_wherever_it_is() {
        let valid = json::to_string(&backup(vec![mood("e-1", "2026-11-20T10:00:00+00:00", 5)]));
        for text in [
            // A field Waypoint reads, in the file's object, an entry, and a protocol.
            valid.replacen(
                r#""app_version":"#,
                r#""app_version":"0","app_version":"#,
                1,
            ),
            valid.replacen(r#""rating":5"#, r#""rating":5,"rating":9"#, 1),
            valid.replacen(
                r#""fasting_hours":4"#,
                r#""fasting_hours":4,"fasting_hours":0"#,
                1,
            ),
            // Fields it does not read, and a map of any keys.
            with_field(r#""later":1,"later":2"#),
            with_field(r#""notes":{"a":"x","b":"y","a":"z"}"#),
        ] {
            let err = read_file(&text, 1).unwrap_err();
            assert!(err.contains("not readable as data"), "{text}: {err}");
        }
    }

    #[test]
    fn a_byte_order_mark_at_the_start_is_read_past() {
        let b = backup(vec![mood("e-1", "2026-11-20T10:00:00+00:00", 5)]);
        let text = format!("\u{feff}{}", json::to_string(&b));
        assert_eq!(read_file(&text, 1), Ok(ImportFile::Backup(b)));
        // Only at the start: anywhere else it is not JSON.
        let inside = format!("{{\u{feff}{}", &json::to_string(&backup(vec![]))[1..]);
        assert!(read_file(&inside, 1)
            .unwrap_err()
            .contains("not readable as data"));
        assert_eq!(read_file("\u{feff}", 1).unwrap_err(), "This file is empty.");
    }

    #[test]
    fn whole_number_fields_refuse_numbers_written_with_a_point_or_a_sign() {
        let valid = json::to_string(&backup(vec![mood("e-1", "2026-11-20T10:00:00+00:00", 5)]));
        for rating in ["5.0", "-0", "5e0"] {
            let text = valid.replacen(r#""rating":5"#, &format!(r#""rating":{rating}"#), 1);
            assert_eq!(
                read_file(&text, 1).unwrap_err(),
                "This file is damaged or incomplete, so nothing was changed. (Detail: `rating` should be a whole number from 0 to 255, in item 1 of `entries`.)",
                "{rating}"
            );
        }
    }

    #[test]
    fn repeated_ids_are_refused() {
        let b = backup(vec![
            mood("e-1", "2026-11-20T10:00:00+00:00", 5),
            mood("e-1", "2026-11-20T10:00:00+00:00", 6),
        ]);
        let err = read_file(&json::to_string(&b), 1).unwrap_err();
        assert!(err.contains("repeats"), "{err}");
    }

    #[test]
    fn the_first_repeat_in_file_order_is_the_one_named() {
        let at = "2026-11-20T10:00:00+00:00";
        let ids = |ids: &[&str]| ids.iter().map(|id| mood(id, at, 5)).collect::<Vec<_>>();
        assert_eq!(first_repeated_id(&ids(&["a", "b", "c"])), None);
        assert_eq!(first_repeated_id(&ids(&[])), None);
        // "b" repeats at 3 and "a" at 4: the earlier repeat is named, whatever the ids sort as.
        assert_eq!(first_repeated_id(&ids(&["b", "a", "c", "b", "a"])), Some(3));
        assert_eq!(first_repeated_id(&ids(&["z", "a", "a", "z"])), Some(2));
        let err = read_file(&json::to_string(&backup(ids(&["z", "a", "a", "z"]))), 1).unwrap_err();
        assert_eq!(err, "Entry 3 in this file repeats another entry's id.");

        // An unusable value earlier in the file is reported before a later repeat, and after an
        // earlier one.
        let mut entries = ids(&["a", "b", "a"]);
        entries[1] = mood("b", at, 11);
        let err = read_file(&json::to_string(&backup(entries.clone())), 1).unwrap_err();
        assert!(err.starts_with("Entry 2 in this file has a value"), "{err}");
        entries.swap(1, 2);
        let err = read_file(&json::to_string(&backup(entries)), 1).unwrap_err();
        assert_eq!(err, "Entry 2 in this file repeats another entry's id.");
    }

    #[test]
    fn an_encrypted_file_is_read_locked_and_a_plain_one_open() {
        let salt = [1; 16];
        let sealed = encrypted::EncryptedFile::new(Contents::Backup, salt, [2; 12])
            .sealed(vec![0; 40])
            .to_text();
        assert!(
            matches!(read_chosen(&sealed, 1), Ok(Chosen::Locked(f)) if f.contains == Contents::Backup)
        );
        let plain = json::to_string(&backup(vec![]));
        assert!(matches!(
            read_chosen(&plain, 1),
            Ok(Chosen::Open(ImportFile::Backup(_)))
        ));
        // Refusals of plain files are the same as before.
        assert_eq!(read_chosen("", 1).unwrap_err(), "This file is empty.");
        assert!(read_chosen(r#"{"hello":1}"#, 1)
            .unwrap_err()
            .contains("no version number"));
        let newer = sealed.replace(r#""version":1"#, r#""version":3"#);
        assert!(read_chosen(&newer, 1)
            .unwrap_err()
            .contains("newer version of Waypoint"));
    }

    #[test]
    fn an_encrypted_file_larger_than_a_plain_one_may_be_is_still_read() {
        let sealed = encrypted::EncryptedFile::new(Contents::Backup, [1; 16], [2; 12])
            .sealed(vec![0; MAX_FILE_BYTES / 4 * 3 + 3])
            .to_text();
        assert!(sealed.len() > MAX_FILE_BYTES && sealed.len() <= MAX_CHOSEN_BYTES);
        assert!(matches!(read_chosen(&sealed, 1), Ok(Chosen::Locked(_))));
    }

    #[test]
    fn what_was_unlocked_must_be_the_kind_the_header_named() {
        let plain = json::to_string(&backup(vec![mood("e-1", "2026-11-20T10:00:00+00:00", 5)]));
        assert!(matches!(
            read_unlocked(&plain, Contents::Backup, 1),
            Ok(ImportFile::Backup(_))
        ));
        assert!(read_unlocked(&plain, Contents::Report, 1)
            .unwrap_err()
            .contains("does not hold what it says"));
        // And every check of a plain file still applies to it.
        let bad = plain.replace(r#""rating":5"#, r#""rating":50"#);
        assert!(read_unlocked(&bad, Contents::Backup, 1)
            .unwrap_err()
            .contains("from 0 to 10"));
    }

    #[test]
    fn merging_keeps_the_newer_edit_and_reports_counts() {
        let here = vec![
            mood("same", "2026-11-20T10:00:00+00:00", 5),
            mood("ours-newer", "2026-11-21T10:00:00+00:00", 7),
            mood("theirs-newer", "2026-11-20T10:00:00+00:00", 1),
        ];
        let file = backup(vec![
            mood("same", "2026-11-20T10:00:00+00:00", 5),
            mood("ours-newer", "2026-11-20T12:00:00+00:00", 2),
            mood("theirs-newer", "2026-11-22T10:00:00+00:00", 9),
            mood("new", "2026-11-20T10:00:00+00:00", 4),
        ]);
        let merge = merge(
            &Plan {
                welcomed: true,
                ..Plan::default()
            },
            &here,
            &file,
        );
        assert_eq!((merge.added, merge.updated, merge.skipped), (1, 1, 2));
        let written: Vec<_> = merge.write.iter().map(|e| e.id.0.as_str()).collect();
        assert_eq!(written, ["theirs-newer", "new"]);
        assert!(!merge.settings_restored);
    }

    #[test]
    fn a_fresh_phone_takes_the_backups_settings() {
        let mut file = backup(vec![]);
        file.plan.settings.protocol.fasting_hours = 6;
        let merge = merge(&Plan::default(), &[], &file);
        assert!(merge.settings_restored && merge.plan.welcomed);
        assert_eq!(merge.plan.settings.protocol.fasting_hours, 6);
    }

    fn report() -> SharedExport {
        let mut plan = Plan {
            welcomed: true,
            ..Plan::default()
        };
        plan.settings.patient_id = "p-abc-123".into();
        plan.settings.report_name = "J.D.".into();
        crate::domain::export::shared_export(
            &plan,
            &[mood("e-1", "2026-11-20T10:00:00+00:00", 5)],
            &crate::domain::export::ShareChoice {
                sessions: vec![],
                dates: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).map(|d| (d, d)),
            },
            stamp("2026-11-22T10:00:00+00:00"),
            1,
            "0.1.0",
        )
    }

    #[test]
    fn a_report_records_whose_it_is_and_what_it_covers_and_reads_back() {
        let file = report();
        let text = json::to_string(&file);
        assert!(
            text.contains(r#""report_version":2"#)
                && text.contains(r#""patient":{"id":"p-abc-123","name":"J.D."}"#)
                && text.contains(r#""range":{"dates":{"from":"2026-11-20","to":"2026-11-20"}}"#),
            "{text}"
        );
        assert_eq!(read_file(&text, 1), Ok(ImportFile::Shared(file)));
    }

    #[test]
    fn a_report_from_a_newer_version_says_so_and_bad_report_fields_are_refused() {
        let text = json::to_string(&report());
        let cases = [
            (
                text.replace(r#""report_version":2"#, r#""report_version":3"#),
                "This report was made by a newer version of Waypoint (report version 3). Update the app, then open it again.",
            ),
            (
                text.replace(r#""report_version":2"#, r#""report_version":1"#),
                "This report has a report version Waypoint never wrote.",
            ),
            (
                text.replace("p-abc-123", "p abc/123"),
                "This report's patient reference is not one Waypoint makes.",
            ),
            (
                text.replace("J.D.", &"x".repeat(81)),
                "The name on this report is longer than 80 characters, which Waypoint never writes.",
            ),
            (
                text.replace(r#""to":"2026-11-20""#, r#""to":"2026-11-19""#),
                "This report's dates end before they begin.",
            ),
            (
                text.replace(r#""to":"2026-11-20""#, r#""to":"2026-11-2""#),
                "This file is damaged or incomplete, so nothing was changed. (Detail: `to` should be a date written as 2026-11-24.)",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(read_file(&text, 1).unwrap_err(), expected, "{text}");
        }
    }

    #[test]
    fn restoring_a_backup_keeps_the_patients_report_reference() {
        let mut file = backup(vec![]);
        file.plan.settings.patient_id = "p-from-old-phone".into();
        let here = Plan {
            welcomed: true,
            ..Plan::default()
        };
        let merge = merge(&here, &[], &file);
        assert!(!merge.settings_restored);
        assert_eq!(merge.plan.settings.patient_id, "p-from-old-phone");
        let mut own = here.clone();
        own.settings.patient_id = "p-this-phone".into();
        assert_eq!(
            merge_plan_id(&own, &file),
            "p-this-phone",
            "a phone's own reference stays"
        );
    }

    fn merge_plan_id(plan: &Plan, file: &Backup) -> String {
        merge(plan, &[], file).plan.settings.patient_id
    }
}
