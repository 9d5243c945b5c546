//! Storage at scale, natively: what it costs to serialise, load and save with 3 and 3,000
//! entries, and how big a journal is. Prints figures; asserts nothing about time.
//!
//! Run: `cargo bench --bench storage` (README: `bash scripts/bench.sh`).

use std::time::{Duration, Instant};
use waypoint::domain::backup::{Backup, BACKUP_FORMAT};
use waypoint::domain::entry::{
    Entry, EntryBody, EntryId, Habits, Insight, Mood, Prompt, PromptAnswer, Sleep,
};
use waypoint::domain::import;
use waypoint::domain::plan::Plan;
use waypoint::domain::time::Stamp;
use waypoint::storage::{schema, MemoryBackend, Store};

/// A realistic mix: mood with words and a note, sleep, and insights with answers.
fn entry(i: usize) -> Entry {
    let day = 1 + (i / 48) % 28;
    let at = Stamp::parse(&format!(
        "2026-{:02}-{day:02}T{:02}:{:02}:00+01:00",
        1 + (i / 1344) % 12,
        (i / 2) % 24,
        (i * 7) % 60
    ))
    .expect("valid stamp");
    let body = match i % 3 {
        0 => EntryBody::Mood(Mood {
            rating: (i % 11) as u8,
            emotions: vec!["calm".into(), "tired".into()],
            note: "A slow morning; the fog lifted after breakfast and a short walk.".into(),
        }),
        1 => EntryBody::Sleep(Sleep {
            quality: Some(3),
            awakenings: Some(2),
            note: "Vivid dreams about the sea.".into(),
            ..Sleep::quick(
                Stamp::parse("2026-03-01T23:10:00+01:00").expect("valid"),
                Stamp::parse("2026-03-02T06:55:00+01:00").expect("valid"),
            )
        }),
        _ => EntryBody::Insight(Insight {
            text: "I noticed I can rest without earning it first. The voice that says I must keep busy is old, and it is not mine.".into(),
            answers: vec![PromptAnswer { prompt: Prompt::SmallStep, text: "Ten minutes outside after lunch, no phone.".into() }],
            habits: Habits { food: true, movement: true, rest: false, connection: true },
        }),
    };
    Entry {
        id: EntryId(format!("e-{i:06}")),
        written: at,
        edited: at,
        private: i.is_multiple_of(10),
        discuss: i.is_multiple_of(7),
        body,
    }
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time(runs: usize, mut f: impl FnMut()) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

fn journal(n: usize) -> MemoryBackend {
    let backend = MemoryBackend::new();
    let (mut store, _) = Store::open(backend, "en-GB");
    for i in 0..n {
        store.save_entry(&entry(i)).expect("save");
    }
    MemoryBackend::with(store.backend().snapshot())
}

fn main() {
    println!("storage benchmark (native, release profile; median of runs)");
    for n in [3usize, 3_000] {
        let entries: Vec<Entry> = (0..n).map(entry).collect();
        let pairs = journal(n).snapshot();
        let bytes: usize = pairs.iter().map(|(k, v)| k.len() + v.len()).sum();
        let encode = time(21, || {
            for e in &entries {
                std::hint::black_box(schema::encode(e));
            }
        });
        let open = time(21, || {
            let (_, loaded) = Store::open(MemoryBackend::with(pairs.clone()), "en-GB");
            std::hint::black_box(loaded.entries.len());
        });
        let backend = MemoryBackend::with(pairs.clone());
        let (mut store, _) = Store::open(backend, "en-GB");
        let extra = entry(n + 1);
        let (writes_before, units_before) = (
            store.backend().writes.get(),
            store.backend().written_units.get(),
        );
        let save = time(101, || store.save_entry(&extra).expect("save"));
        let writes = (store.backend().writes.get() - writes_before) / 101;
        let units = (store.backend().written_units.get() - units_before) / 101;
        println!(
            "{n:>5} entries: {:>7} KB stored | encode all {:>8.2?} | open (load all) {:>8.2?} | save one {:>8.2?}, {writes} write of {units} UTF-16 units",
            bytes / 1024,
            encode,
            open,
            save
        );
    }
    let entries: Vec<Entry> = (0..3_000).map(entry).collect();
    let backup = Backup {
        format: BACKUP_FORMAT.into(),
        schema_version: schema::CURRENT,
        app_version: env!("CARGO_PKG_VERSION").into(),
        exported_at: Stamp::parse("2026-11-22T10:00:00+00:00").expect("valid"),
        plan: Plan::default(),
        entries,
    };
    // The larger, indented form a person or another tool might have saved.
    let text = serde_json::to_string_pretty(&backup).expect("a backup serialises");
    let read = time(11, || {
        std::hint::black_box(import::read_file(&text, schema::CURRENT).expect("valid backup"));
    });
    println!(
        "backup of 3,000 entries: {} KB; read and validate {:.2?}",
        text.len() / 1024,
        read
    );
    let per_entry = text.len() / 3_000;
    println!(
        "typical entry ≈ {per_entry} bytes in a backup; a 5 M-character localStorage quota holds ≈ {} entries",
        5_000_000 / (pairs_per_entry_units())
    );
}

/// UTF-16 units one typical stored entry takes (key + record), averaged over the mix.
fn pairs_per_entry_units() -> usize {
    let pairs = journal(300).snapshot();
    pairs
        .iter()
        .map(|(k, v)| waypoint::storage::backend::units(k, v))
        .sum::<usize>()
        / 300
}
