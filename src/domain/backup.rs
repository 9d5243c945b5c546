//! The full backup: everything, private entries included, versioned, re-importable; the record
//! of the last one made, the check that a file written holds what it should before the app says
//! "saved", and when to suggest making one.

use super::entry::Entry;
use super::plan::Plan;
use super::time::{Stamp, Zone};
use super::window;
use chrono::{DateTime, Duration, Utc};
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

/// A backup made on this phone and read back before it was called saved. Every field is
/// required.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupRecord {
    /// When it was made, on the patient's clock.
    pub at: Stamp,
    /// The entries it holds.
    pub entries: u32,
    /// The sessions it holds.
    pub sessions: u32,
    /// Whether it is locked with a passphrase.
    pub encrypted: bool,
    /// SHA-256 of the backup's JSON (before encryption), lowercase hex: the checksum it was
    /// checked against.
    pub sha256: String,
}

/// What the plan remembers about backups. Absent fields are empty, and an empty log is not
/// written, so a plan saved before backups were recorded reads and writes back unchanged.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BackupLog {
    /// The last backup made and checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last: Option<BackupRecord>,
    /// When the patient last answered a suggestion to back up with "Not now".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_now: Option<Stamp>,
}

impl BackupLog {
    /// Whether there is nothing to remember.
    pub fn is_empty(&self) -> bool {
        self.last.is_none() && self.not_now.is_none()
    }

    /// What is wrong with it, in words for the patient; empty when all is well.
    pub fn problems(&self) -> Vec<String> {
        match &self.last {
            Some(r) if !is_sha256_hex(&r.sha256) => {
                vec!["The record of the last backup has a checksum Waypoint never writes.".into()]
            }
            _ => Vec::new(),
        }
    }
}

/// Whether `text` is a SHA-256 digest as [`BackupRecord::sha256`] holds it.
fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Bytes as lowercase hex (a digest as it is recorded and shown).
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

/// What a backup about to be offered must hold: its entries, its sessions, and the checksum of
/// its JSON as it was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    /// Entries in the journal backed up.
    pub entries: usize,
    /// Sessions in the plan backed up.
    pub sessions: usize,
    /// SHA-256 of the JSON written, lowercase hex.
    pub sha256: String,
}

/// Checks a backup file read back after writing (decrypted first when it is locked): `sha256`
/// is the checksum of `read_back` as computed now. It must have the checksum the backup was
/// made with, read as a backup of this version, and hold every entry and session; any
/// difference is a sentence saying the backup cannot be trusted.
pub fn check_read_back(
    read_back: &str,
    sha256: &str,
    expected: &Expected,
    current_schema: u32,
) -> Result<(), String> {
    let failed = |what: &str| {
        format!("The backup was not saved: reading it back, {what}. Nothing on this phone was changed; try again.")
    };
    if sha256 != expected.sha256 {
        return Err(failed("its checksum did not match what was written"));
    }
    let backup = match super::import::read_file(read_back, current_schema) {
        Ok(super::import::ImportFile::Backup(b)) => b,
        Ok(_) | Err(_) => return Err(failed("it could not be read as a backup")),
    };
    if backup.entries.len() != expected.entries {
        return Err(failed(&format!(
            "it held {} entries instead of {}",
            backup.entries.len(),
            expected.entries
        )));
    }
    if backup.plan.course.sessions.len() != expected.sessions {
        return Err(failed(&format!(
            "it held {} sessions instead of {}",
            backup.plan.course.sessions.len(),
            expected.sessions
        )));
    }
    Ok(())
}

/// How long after the last backup, with new entries written since, a backup is suggested.
pub const SUGGEST_AFTER_DAYS: i64 = 14;
/// How long "Not now" keeps a suggestion away.
pub const NOT_NOW_DAYS: i64 = 7;

/// Why a backup is suggested now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Suggestion {
    /// A session's 72 hours ended after the last backup: what was written in them is not in it.
    WindowClosed {
        /// The session's number in the course.
        session_number: usize,
        /// When its window closed.
        closed: DateTime<Utc>,
    },
    /// More than [`SUGGEST_AFTER_DAYS`] since the last backup (or, with none, since the first
    /// entry not in one), and entries written or changed since.
    NewEntries {
        /// Whole days since then.
        days: i64,
        /// Entries written or changed since the last backup.
        entries: usize,
        /// When it became due.
        due: DateTime<Utc>,
        /// Whether there has never been a backup.
        never: bool,
    },
}

impl Suggestion {
    /// When the suggestion became due: a "Not now" given later than this keeps it away.
    pub fn due(&self) -> DateTime<Utc> {
        match *self {
            Suggestion::WindowClosed { closed, .. } => closed,
            Suggestion::NewEntries { due, .. } => due,
        }
    }

    /// The suggestion in words, gently.
    pub fn words(&self) -> String {
        match *self {
            Suggestion::WindowClosed { session_number, .. } => format!(
                "The 72 hours after session {session_number} are over. A backup now keeps what you wrote in them safe, even if this phone is lost."
            ),
            Suggestion::NewEntries { days, entries, never: true, .. } => format!(
                "You have been writing for {days} days ({}) and have no backup yet. A backup keeps your journal safe if this phone is lost or its browser data is cleared.",
                count(entries, "entry", "entries")
            ),
            Suggestion::NewEntries { days, entries, never: false, .. } => format!(
                "Your last backup was {days} days ago, and you have written or changed {} since. A new backup keeps them safe.",
                count(entries, "entry", "entries")
            ),
        }
    }
}

/// `1 entry`, `2 entries`.
fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Where backups stand, for Settings and Today.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupStatus {
    /// The last backup, if any.
    pub last: Option<BackupRecord>,
    /// Calendar days since it was made, on the phone's clock (0 is today).
    pub days_ago: Option<i64>,
    /// Entries written or changed since it (every entry when there is none).
    pub new_entries: usize,
    /// Whether there is anything to back up at all.
    pub anything: bool,
    /// A backup suggested now, unless the patient said "Not now" to it lately.
    pub suggestion: Option<Suggestion>,
}

impl BackupStatus {
    /// "No backup yet.", "Last backup today.", "Last backup 3 days ago."
    pub fn last_words(&self) -> String {
        match self.days_ago {
            None => "No backup yet.".into(),
            Some(0) => "Last backup today.".into(),
            Some(1) => "Last backup yesterday.".into(),
            Some(n) => format!("Last backup {n} days ago."),
        }
    }

    /// What the last backup holds: "12 entries and 2 sessions, locked with a passphrase." Empty
    /// without one.
    pub fn last_detail(&self) -> String {
        let Some(last) = &self.last else {
            return String::new();
        };
        let lock = if last.encrypted {
            "locked with a passphrase"
        } else {
            "not locked (anyone with the file can read it)"
        };
        let since = match self.new_entries {
            0 => String::new(),
            n => format!(
                " {} written or changed since.",
                count(n, "entry", "entries")
            ),
        };
        format!(
            "It holds {} and {}, {lock}, and was checked after saving.{since}",
            count(last.entries as usize, "entry", "entries"),
            count(last.sessions as usize, "session", "sessions"),
        )
    }
}

/// Where backups stand at `now`: the last one, what was written since, and whether to suggest
/// one: after a session's 72 hours end (what was written in them is not yet in a backup), or
/// when the last backup is more than [`SUGGEST_AFTER_DAYS`] old and entries were written since.
/// A "Not now" given after the suggestion became due keeps it away for [`NOT_NOW_DAYS`].
pub fn backup_status(
    plan: &Plan,
    entries: &[Entry],
    now: DateTime<Utc>,
    zone: &impl Zone,
) -> BackupStatus {
    let log = &plan.backups;
    let last_at = log.last.as_ref().map(|r| r.at.utc());
    let after_last = |t: DateTime<Utc>| last_at.is_none_or(|last| t > last);
    let new: Vec<&Entry> = entries
        .iter()
        .filter(|e| after_last(e.edited.utc()))
        .collect();
    let days_ago =
        last_at.map(|at| (zone.local(now).date_naive() - zone.local(at).date_naive()).num_days());
    let course = &plan.course;
    let window_closed = course
        .sessions
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let ended = s.ended_utc()?;
            let closes = window::window_of(course, s)?.closes;
            (closes <= now && after_last(closes) && (after_last(ended) || !new.is_empty()))
                .then_some(Suggestion::WindowClosed {
                    session_number: i + 1,
                    closed: closes,
                })
        })
        .max_by_key(Suggestion::due);
    let from = last_at.or_else(|| {
        new.iter()
            .map(|e| e.written.utc().min(e.edited.utc()))
            .min()
    });
    let new_entries = from.filter(|_| !new.is_empty()).and_then(|from| {
        let due = from + Duration::days(SUGGEST_AFTER_DAYS);
        (now > due).then_some(Suggestion::NewEntries {
            days: (now - from).num_days(),
            entries: new.len(),
            due,
            never: last_at.is_none(),
        })
    });
    let suggestion = window_closed.or(new_entries).filter(|s| match log.not_now {
        Some(not_now) => {
            let not_now = not_now.utc();
            not_now < s.due() || now >= not_now + Duration::days(NOT_NOW_DAYS)
        }
        None => true,
    });
    BackupStatus {
        last: log.last.clone(),
        days_ago,
        new_entries: new.len(),
        anything: !entries.is_empty() || !course.sessions.is_empty(),
        suggestion,
    }
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

    use crate::domain::entry::{EntryBody, EntryId, Mood};
    use crate::domain::session::{Session, SessionId};
    use chrono::FixedOffset;

    fn stamp(t: &str) -> Stamp {
        Stamp::parse(t).unwrap()
    }

    fn at(t: &str) -> DateTime<Utc> {
        stamp(t).utc()
    }

    fn london() -> crate::domain::time::EuropeanZone {
        crate::domain::time::EuropeanZone::london()
    }

    fn entry(id: &str, written: &str) -> Entry {
        Entry {
            id: EntryId(id.into()),
            written: stamp(written),
            edited: stamp(written),
            private: false,
            discuss: false,
            body: EntryBody::Mood(Mood {
                rating: 5,
                ..Mood::default()
            }),
        }
    }

    fn record(made: &str) -> BackupRecord {
        BackupRecord {
            at: stamp(made),
            entries: 3,
            sessions: 1,
            encrypted: true,
            sha256: "ab".repeat(32),
        }
    }

    fn ended_session(id: &str, ended: &str) -> Session {
        let mut s = Session::planned(SessionId(id.into()), stamp(ended));
        s.started = Some(stamp(ended));
        s.ended = Some(stamp(ended));
        s
    }

    fn plan_with(sessions: Vec<Session>, last: Option<BackupRecord>) -> Plan {
        let mut plan = Plan {
            welcomed: true,
            ..Plan::default()
        };
        for s in sessions {
            plan.course.upsert(s);
        }
        plan.backups.last = last;
        plan
    }

    #[test]
    fn days_since_the_last_backup_are_counted_on_the_phones_calendar() {
        let plan = plan_with(vec![], Some(record("2026-11-20T23:30:00+00:00")));
        let days = |now: &str| backup_status(&plan, &[], at(now), &london()).days_ago;
        assert_eq!(days("2026-11-20T23:59:00+00:00"), Some(0));
        assert_eq!(days("2026-11-21T00:01:00+00:00"), Some(1));
        assert_eq!(days("2026-12-04T12:00:00+00:00"), Some(14));
        let status = backup_status(&plan, &[], at("2026-11-23T12:00:00+00:00"), &london());
        assert_eq!(status.last_words(), "Last backup 3 days ago.");
        assert_eq!(
            status.last_detail(),
            "It holds 3 entries and 1 session, locked with a passphrase, and was checked after saving."
        );
        let none = backup_status(
            &Plan::default(),
            &[],
            at("2026-11-23T12:00:00+00:00"),
            &london(),
        );
        assert_eq!(none.last_words(), "No backup yet.");
        assert!(!none.anything && none.suggestion.is_none());
    }

    #[test]
    fn a_backup_is_suggested_once_a_sessions_72_hours_are_over() {
        let plan = plan_with(vec![ended_session("a", "2026-11-24T11:00:00+00:00")], None);
        let entries = [entry("e1", "2026-11-24T17:00:00+00:00")];
        let status = |now: &str| backup_status(&plan, &entries, at(now), &london()).suggestion;
        assert_eq!(
            status("2026-11-27T10:59:00+00:00"),
            None,
            "still inside the 72 hours"
        );
        assert_eq!(
            status("2026-11-27T11:00:00+00:00"),
            Some(Suggestion::WindowClosed {
                session_number: 1,
                closed: at("2026-11-27T11:00:00+00:00")
            })
        );
    }

    #[test]
    fn a_backup_made_after_the_window_closed_ends_the_suggestion() {
        let entries = [entry("e1", "2026-11-24T17:00:00+00:00")];
        let session = ended_session("a", "2026-11-24T11:00:00+00:00");
        let plan = plan_with(
            vec![session.clone()],
            Some(record("2026-11-27T12:00:00+00:00")),
        );
        let now = at("2026-11-28T09:00:00+00:00");
        assert_eq!(
            backup_status(&plan, &entries, now, &london()).suggestion,
            None
        );
        // A backup made during the window does not: what came after it is not in it.
        let during = plan_with(vec![session], Some(record("2026-11-25T12:00:00+00:00")));
        let later = [
            entry("e1", "2026-11-24T17:00:00+00:00"),
            entry("e2", "2026-11-26T09:00:00+00:00"),
        ];
        assert!(matches!(
            backup_status(&during, &later, now, &london()).suggestion,
            Some(Suggestion::WindowClosed { .. })
        ));
        // Nor, with nothing written after it, does a backup made during the window fail to count.
        assert_eq!(
            backup_status(&during, &entries, now, &london()).suggestion,
            None
        );
    }

    #[test]
    fn after_14_days_with_new_entries_a_backup_is_suggested_and_not_before() {
        let plan = plan_with(vec![], Some(record("2026-11-01T10:00:00+00:00")));
        let entries = [entry("e1", "2026-11-03T10:00:00+00:00")];
        let status = |now: &str, entries: &[Entry]| {
            backup_status(&plan, entries, at(now), &london()).suggestion
        };
        assert_eq!(
            status("2026-11-15T10:00:00+00:00", &entries),
            None,
            "14 days exactly"
        );
        let due = status("2026-11-15T10:01:00+00:00", &entries).expect("suggested");
        assert!(matches!(
            due,
            Suggestion::NewEntries {
                days: 14,
                entries: 1,
                never: false,
                ..
            }
        ));
        assert_eq!(
            due.words(),
            "Your last backup was 14 days ago, and you have written or changed 1 entry since. A new backup keeps them safe."
        );
        assert_eq!(
            status("2026-12-15T10:00:00+00:00", &[]),
            None,
            "nothing new: nothing to suggest"
        );
        // An entry written before the backup and edited after it counts as new.
        let mut edited = entry("e0", "2026-10-20T10:00:00+00:00");
        edited.edited = stamp("2026-11-02T10:00:00+00:00");
        assert!(status("2026-11-20T10:00:00+00:00", &[edited]).is_some());
    }

    #[test]
    fn with_no_backup_the_days_count_from_the_first_entry_not_in_one() {
        let plan = plan_with(vec![], None);
        let entries = [
            entry("e1", "2026-11-01T10:00:00+00:00"),
            entry("e2", "2026-11-10T10:00:00+00:00"),
        ];
        let status = |now: &str| backup_status(&plan, &entries, at(now), &london()).suggestion;
        assert_eq!(status("2026-11-14T10:00:00+00:00"), None);
        let s = status("2026-11-16T10:00:00+00:00").expect("suggested");
        assert!(
            s.words().starts_with(
                "You have been writing for 15 days (2 entries) and have no backup yet."
            ),
            "{}",
            s.words()
        );
    }

    #[test]
    fn not_now_keeps_a_suggestion_away_for_a_week_and_a_new_reason_brings_it_back() {
        let mut plan = plan_with(vec![ended_session("a", "2026-11-24T11:00:00+00:00")], None);
        let entries = [entry("e1", "2026-11-24T17:00:00+00:00")];
        plan.backups.not_now = Some(stamp("2026-11-28T09:00:00+00:00"));
        let status =
            |plan: &Plan, now: &str| backup_status(plan, &entries, at(now), &london()).suggestion;
        assert_eq!(status(&plan, "2026-12-04T09:00:00+00:00"), None);
        assert!(
            status(&plan, "2026-12-05T09:00:00+00:00").is_some(),
            "a week later it is back"
        );
        // A second session's 72 hours ending after "Not now" is a new reason.
        plan.course
            .upsert(ended_session("b", "2026-11-29T11:00:00+00:00"));
        assert!(matches!(
            status(&plan, "2026-12-02T12:00:00+00:00"),
            Some(Suggestion::WindowClosed {
                session_number: 2,
                ..
            })
        ));
    }

    #[test]
    fn an_empty_log_is_not_written_so_old_plans_write_back_unchanged() {
        let plan = Plan::default();
        let text = crate::json::to_string(&plan);
        assert!(!text.contains("backups"), "{text}");
        let mut with = plan.clone();
        with.backups.last = Some(record("2026-11-20T10:00:00+01:00"));
        let text = crate::json::to_string(&with);
        assert!(text.contains(r#""backups":{"last":{"at":"2026-11-20T10:00:00+01:00","entries":3,"sessions":1,"encrypted":true,"sha256":""#), "{text}");
        assert_eq!(crate::json::from_str::<Plan>(&text), Ok(with));
    }

    #[test]
    fn a_record_with_a_checksum_waypoint_never_writes_is_a_problem() {
        let mut log = BackupLog::default();
        assert!(log.problems().is_empty());
        log.last = Some(BackupRecord {
            sha256: "xyz".into(),
            ..record("2026-11-20T10:00:00+00:00")
        });
        assert_eq!(log.problems().len(), 1);
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }

    fn backup_text(entries: Vec<Entry>) -> String {
        crate::json::to_string(&Backup {
            format: BACKUP_FORMAT.into(),
            schema_version: 1,
            app_version: "0.1.0".into(),
            exported_at: stamp("2026-11-22T10:00:00+00:00"),
            plan: plan_with(vec![ended_session("a", "2026-11-20T10:00:00+00:00")], None),
            entries,
        })
    }

    #[test]
    fn a_backup_read_back_whole_passes_and_any_difference_is_named() {
        let text = backup_text(vec![entry("e1", "2026-11-20T12:00:00+00:00")]);
        let expected = Expected {
            entries: 1,
            sessions: 1,
            sha256: "ab".repeat(32),
        };
        assert_eq!(
            check_read_back(&text, &"ab".repeat(32), &expected, 1),
            Ok(())
        );
        let err = check_read_back(&text, &"cd".repeat(32), &expected, 1).unwrap_err();
        assert!(err.contains("checksum did not match"), "{err}");
        let err =
            check_read_back(&text[..text.len() - 9], &"ab".repeat(32), &expected, 1).unwrap_err();
        assert!(err.contains("could not be read as a backup"), "{err}");
        let two = Expected {
            entries: 2,
            ..expected.clone()
        };
        let err = check_read_back(&text, &"ab".repeat(32), &two, 1).unwrap_err();
        assert!(err.contains("held 1 entries instead of 2"), "{err}");
        let none = Expected {
            sessions: 0,
            ..expected
        };
        assert!(check_read_back(&text, &"ab".repeat(32), &none, 1)
            .unwrap_err()
            .contains("sessions"));
    }

    #[test]
    fn a_fixed_offset_zone_counts_days_on_its_own_clock() {
        let plan = plan_with(vec![], Some(record("2026-11-20T22:30:00+00:00")));
        let tokyo = FixedOffset::east_opt(9 * 3600).unwrap();
        // 07:30 on the 21st in Tokyo; 09:00 on the 21st UTC is 18:00 the same day there.
        assert_eq!(
            backup_status(&plan, &[], at("2026-11-21T09:00:00+00:00"), &tokyo).days_ago,
            Some(0)
        );
    }
}
