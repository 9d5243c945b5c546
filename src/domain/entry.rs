//! Journal entries: mood, sleep (the Consensus Sleep Diary's questions), insight and the
//! PHQ-9 and GAD-7 questionnaires, each marked private (never exported) or for discussion with
//! the therapist, and the limits that keep one entry sane.

use super::questionnaire::{Instrument, Questionnaire};
use super::time::Stamp;
use crate::json;
use chrono::Duration;
use serde::de::{self, value::MapAccessDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// An entry's identity, stable across edits, devices and backups.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntryId(pub String);

/// Longest id we accept: ids become storage keys.
pub const MAX_ID_CHARS: usize = 64;

impl EntryId {
    /// Whether the id is short and made of `[A-Za-z0-9_-]` only, so it is safe as a storage key
    /// and in a file.
    pub fn is_well_formed(&self) -> bool {
        is_safe_id(&self.0)
    }
}

/// Whether `id` is 1–64 characters of `[A-Za-z0-9_-]`.
pub fn is_safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_CHARS
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// One journal entry. Stored as one flat object, its body's fields beside its own and `kind`
/// naming the body (see `EntryRecord`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(into = "EntryRecord")]
pub struct Entry {
    /// Stable identity.
    pub id: EntryId,
    /// When it was first written, with the patient's offset then.
    pub written: Stamp,
    /// When it was last changed; the newer edit wins when backups merge.
    pub edited: Stamp,
    /// Never leaves the phone, not even in a shared report.
    pub private: bool,
    /// The patient wants to talk about it with the therapist.
    pub discuss: bool,
    /// What was written.
    pub body: EntryBody,
}

/// The kinds of entry.
#[derive(Clone, Debug, PartialEq)]
pub enum EntryBody {
    /// How the patient feels.
    Mood(Mood),
    /// How the patient slept.
    Sleep(Sleep),
    /// What the patient noticed or understood.
    Insight(Insight),
    /// A PHQ-9 or GAD-7, answered.
    Questionnaire(Questionnaire),
}

impl EntryBody {
    /// `mood`, `sleep`, `insight` or `questionnaire`.
    pub fn kind(&self) -> &'static str {
        match self {
            EntryBody::Mood(_) => "mood",
            EntryBody::Sleep(_) => "sleep",
            EntryBody::Insight(_) => "insight",
            EntryBody::Questionnaire(_) => "questionnaire",
        }
    }
}

/// A mood check-in.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Mood {
    /// 0 (very low) to 10 (very good).
    pub rating: u8,
    /// Words for what is felt, from [`EMOTIONS`] or the patient's own.
    pub emotions: Vec<String>,
    /// Anything else.
    pub note: String,
}

/// A night's sleep, as the Consensus Sleep Diary asks it (Carney et al., SLEEP 2012): when the
/// patient got into bed, when they started trying to sleep, how long falling asleep took, how
/// many times they woke and for how long in all, when they finally woke, when they got out of
/// bed, and how well they slept. Only the two times are needed; every other answer not given
/// is kept as not given (`None`), never as 0. Entries written before the diary's questions
/// hold only bed, wake, quality and awakenings, and read exactly as before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sleep {
    /// When the patient got into bed.
    pub bedtime: Stamp,
    /// Their final awakening.
    pub wake: Stamp,
    /// 1 (very poor) to 5 (very good).
    pub quality: Option<u8>,
    /// How many times they woke in the night, not counting the final awakening.
    pub awakenings: Option<u8>,
    /// Anything else (dreams, how rested).
    pub note: String,
    /// When they started trying to fall asleep (lights out), if not on getting into bed.
    pub tried_to_sleep: Option<Stamp>,
    /// How long falling asleep took, in minutes.
    pub minutes_to_fall_asleep: Option<u16>,
    /// How long the awakenings lasted in all, in minutes.
    pub minutes_awake: Option<u16>,
    /// When they got out of bed for the day, if later than waking.
    pub out_of_bed: Option<Stamp>,
}

impl Sleep {
    /// A night with only bed and wake times, every other answer not given.
    pub fn quick(bedtime: Stamp, wake: Stamp) -> Self {
        Self {
            bedtime,
            wake,
            quality: None,
            awakenings: None,
            note: String::new(),
            tried_to_sleep: None,
            minutes_to_fall_asleep: None,
            minutes_awake: None,
            out_of_bed: None,
        }
    }

    /// From getting into bed to the final awakening.
    pub fn bed_to_wake(&self) -> Duration {
        self.wake.utc() - self.bedtime.utc()
    }

    /// Total sleep time, the diary's derivation: from trying to sleep (or getting into bed) to
    /// the final awakening, less the minutes falling asleep and awake in the night that were
    /// given. With neither given (every entry written before the diary's questions), the time
    /// from bed to waking, as always.
    pub fn slept(&self) -> Duration {
        let from = self.tried_to_sleep.unwrap_or(self.bedtime).utc();
        let minutes = |m: Option<u16>| Duration::minutes(i64::from(m.unwrap_or(0)));
        self.wake.utc() - from - minutes(self.minutes_to_fall_asleep) - minutes(self.minutes_awake)
    }

    /// Time in bed: from getting in to getting out (or the final awakening when not given).
    pub fn time_in_bed(&self) -> Duration {
        self.out_of_bed.unwrap_or(self.wake).utc() - self.bedtime.utc()
    }

    /// Sleep efficiency, total sleep time as a percentage of time in bed, rounded; only when
    /// the minutes to fall asleep and awake in the night are known (none awake when the patient
    /// did not wake), since a guess there would be a number the patient never gave.
    pub fn efficiency_percent(&self) -> Option<u8> {
        let awake_known = self.minutes_awake.is_some() || self.awakenings == Some(0);
        if self.minutes_to_fall_asleep.is_none() || !awake_known {
            return None;
        }
        let (slept, in_bed) = (self.slept().num_minutes(), self.time_in_bed().num_minutes());
        (in_bed > 0 && slept >= 0).then(|| ((slept * 100 + in_bed / 2) / in_bed).min(100) as u8)
    }

    /// What the patient gave beyond the times, in words, for the journal and the report:
    /// `Woke twice`, `20 min to fall asleep`, `sleep efficiency 78%`; nothing for what was not
    /// given.
    pub fn details(&self) -> Vec<String> {
        let mut out = Vec::new();
        match self.awakenings {
            None => {}
            Some(0) => out.push("Slept through".to_string()),
            Some(1) => out.push("Woke once".to_string()),
            Some(2) => out.push("Woke twice".to_string()),
            Some(n) => out.push(format!("Woke {n} times")),
        }
        if let Some(m) = self.minutes_to_fall_asleep {
            out.push(format!("{m} min to fall asleep"));
        }
        if let Some(m) = self.minutes_awake {
            out.push(format!("{m} min awake in the night"));
        }
        if let Some(p) = self.efficiency_percent() {
            out.push(format!("sleep efficiency {p}%"));
        }
        out
    }

    /// Hours slept, to a tenth.
    pub fn hours(&self) -> f32 {
        self.tenths_of_hours() as f32 / 10.0
    }

    /// Hours slept in tenths, rounded to the nearest (7 h 45 min is 78).
    pub fn tenths_of_hours(&self) -> i64 {
        (self.slept().num_minutes() + 3).div_euclid(6)
    }

    /// Hours slept as text, to a tenth: `7.5`, or `8` when whole.
    ///
    /// Written from the whole tenths, not as `format!("{:.1}", hours)`: Today's cards show it,
    /// and float formatting there put 11.7 KB of wasm on every returning start (measured in a
    /// name-preserving build), for the same text.
    pub fn hours_text(&self) -> String {
        let tenths = self.tenths_of_hours();
        let (whole, tenth) = (tenths.div_euclid(10), tenths.rem_euclid(10));
        if tenth == 0 {
            whole.to_string()
        } else {
            format!("{whole}.{tenth}")
        }
    }
}

/// Minutes as the patient typed them: empty is not given (`None`), never 0; otherwise a whole
/// number from 0 to 24 hours' worth, or a message saying what to type.
pub fn parse_minutes(text: &str) -> Result<Option<u16>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<u16>() {
        Ok(m) if m <= MAX_NIGHT_MINUTES => Ok(Some(m)),
        Ok(_) => Err("Minutes in the night are at most 1440 (24 hours).".into()),
        Err(_) => Err("Type minutes as a whole number, like 20, or leave it empty.".into()),
    }
}

/// A guided question for an insight entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Prompt {
    /// What was it like?
    Experienced,
    /// What shifted?
    Shifted,
    /// What might it mean?
    Meaning,
    /// One small step to try.
    SmallStep,
}

impl Prompt {
    /// Every prompt, in the order offered.
    pub const ALL: [Prompt; 4] = [
        Prompt::Experienced,
        Prompt::Shifted,
        Prompt::Meaning,
        Prompt::SmallStep,
    ];

    /// The question, in plain words.
    pub fn question(self) -> &'static str {
        match self {
            Prompt::Experienced => "What stayed with you from the session?",
            Prompt::Shifted => "Did anything feel different, inside or around you?",
            Prompt::Meaning => "What might this mean for you?",
            Prompt::SmallStep => "One small thing you could try this week",
        }
    }
}

/// An answer to a guided prompt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromptAnswer {
    /// Which question.
    pub prompt: Prompt,
    /// The answer.
    pub text: String,
}

/// Everyday habits that help integration. Absent habits were not ticked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Habits {
    /// Ate well.
    pub food: bool,
    /// Moved the body.
    pub movement: bool,
    /// Rested.
    pub rest: bool,
    /// Connected with someone.
    pub connection: bool,
}

impl Habits {
    /// Each habit with its label and whether it is ticked.
    pub fn labelled(self) -> [(&'static str, bool); 4] {
        [
            ("Nourishing food", self.food),
            ("Movement", self.movement),
            ("Rest", self.rest),
            ("Connection", self.connection),
        ]
    }
}

/// An insight: free text, optional guided answers, habits.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Insight {
    /// What the patient wants to remember.
    pub text: String,
    /// Answers to guided prompts.
    pub answers: Vec<PromptAnswer>,
    /// Habits ticked today.
    pub habits: Habits,
}

/// Words offered for mood entries.
pub const EMOTIONS: &[&str] = &[
    "calm",
    "hopeful",
    "grateful",
    "tender",
    "open",
    "connected",
    "relieved",
    "tired",
    "foggy",
    "anxious",
    "sad",
    "irritable",
    "numb",
    "overwhelmed",
];

/// Longest note or answer, in characters.
pub const MAX_NOTE_CHARS: usize = 5_000;
/// Longest insight text, in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Most emotion words on one entry.
pub const MAX_EMOTIONS: usize = 20;
/// Longest emotion word.
pub const MAX_EMOTION_CHARS: usize = 40;
/// Most awakenings we believe in one night.
pub const MAX_AWAKENINGS: u8 = 50;
/// Longest time falling asleep or awake in one night, in minutes (the diary asks in minutes).
pub const MAX_NIGHT_MINUTES: u16 = 24 * 60;

impl Entry {
    /// What is wrong with this entry, in words for the patient; empty when all is well.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.id.is_well_formed() {
            out.push("The entry's id is not one Waypoint makes.".into());
        }
        if self.edited < self.written {
            out.push("The entry was edited before it was written.".into());
        }
        let long = |text: &str, max: usize| text.chars().count() > max;
        match &self.body {
            EntryBody::Mood(m) => {
                if m.rating > 10 {
                    out.push("Mood is rated from 0 to 10.".into());
                }
                let repeated = m
                    .emotions
                    .iter()
                    .enumerate()
                    .any(|(i, e)| m.emotions[..i].contains(e));
                if m.emotions.len() > MAX_EMOTIONS
                    || repeated
                    || m.emotions
                        .iter()
                        .any(|e| long(e, MAX_EMOTION_CHARS) || e.trim().is_empty())
                {
                    out.push(format!("Pick at most {MAX_EMOTIONS} different words, each under {MAX_EMOTION_CHARS} characters."));
                }
                if long(&m.note, MAX_NOTE_CHARS) {
                    out.push(format!(
                        "The note is too long (at most {MAX_NOTE_CHARS} characters)."
                    ));
                }
            }
            EntryBody::Sleep(s) => {
                if s.quality.is_some_and(|q| !(1..=5).contains(&q)) {
                    out.push("Sleep quality is rated from 1 to 5.".into());
                }
                if s.bed_to_wake() <= Duration::zero() {
                    out.push("Waking up needs to come after going to bed.".into());
                } else if s.bed_to_wake() > Duration::hours(24) {
                    out.push(
                        "That is more than 24 hours of sleep: check the bed and wake times.".into(),
                    );
                }
                if s.tried_to_sleep
                    .is_some_and(|t| t < s.bedtime || t >= s.wake)
                {
                    out.push(
                        "Trying to sleep comes after getting into bed and before waking.".into(),
                    );
                }
                if s.out_of_bed
                    .is_some_and(|t| t < s.wake || t.utc() - s.wake.utc() > Duration::hours(12))
                {
                    out.push("Getting out of bed comes after waking, within 12 hours.".into());
                }
                if s.awakenings.is_some_and(|a| a > MAX_AWAKENINGS) {
                    out.push(format!("At most {MAX_AWAKENINGS} awakenings."));
                }
                if s.awakenings == Some(0) && s.minutes_awake.is_some_and(|m| m > 0) {
                    out.push("Minutes awake in the night need at least one awakening.".into());
                }
                let minutes = [s.minutes_to_fall_asleep, s.minutes_awake];
                if minutes.iter().flatten().any(|m| *m > MAX_NIGHT_MINUTES) {
                    out.push("Minutes in the night are at most 24 hours.".into());
                } else if s.bed_to_wake() > Duration::zero() && s.slept() < Duration::zero() {
                    out.push("The minutes falling asleep and awake are longer than the night: check them.".into());
                }
                if long(&s.note, MAX_NOTE_CHARS) {
                    out.push(format!(
                        "The note is too long (at most {MAX_NOTE_CHARS} characters)."
                    ));
                }
            }
            EntryBody::Questionnaire(q) => out.extend(q.problems()),
            EntryBody::Insight(i) => {
                if long(&i.text, MAX_TEXT_CHARS) {
                    out.push(format!(
                        "The insight is too long (at most {MAX_TEXT_CHARS} characters)."
                    ));
                }
                if i.answers.len() > Prompt::ALL.len()
                    || i.answers.iter().any(|a| long(&a.text, MAX_NOTE_CHARS))
                {
                    out.push(format!(
                        "Each answer is at most {MAX_NOTE_CHARS} characters."
                    ));
                }
                if i.text.trim().is_empty()
                    && i.answers.iter().all(|a| a.text.trim().is_empty())
                    && i.habits == Habits::default()
                {
                    out.push("Write something, answer a question or tick a habit first.".into());
                }
            }
        }
        out
    }

    /// A one-line summary for lists: `Mood 7/10 · calm, tired`, `Slept 7.5 h · quality 4/5`.
    pub fn summary(&self) -> String {
        match &self.body {
            EntryBody::Mood(m) if m.emotions.is_empty() => format!("Mood {}/10", m.rating),
            EntryBody::Mood(m) => {
                format!("Mood {}/10 · {}", m.rating, shorten(&m.emotions.join(", ")))
            }
            EntryBody::Sleep(s) => match s.quality {
                Some(q) => format!("Slept {} h · quality {q}/5", s.hours_text()),
                None => format!("Slept {} h", s.hours_text()),
            },
            EntryBody::Questionnaire(q) => q.summary(),
            EntryBody::Insight(i) => {
                let first = std::iter::once(i.text.as_str())
                    .chain(i.answers.iter().map(|a| a.text.as_str()))
                    .find(|t| !t.trim().is_empty())
                    .unwrap_or("Habits");
                format!("Insight · {}", shorten(first.trim()))
            }
        }
    }
}

/// At most 80 characters of `text`, with `…` when cut.
fn shorten(text: &str) -> String {
    let mut line: String = text.chars().take(80).collect();
    if text.chars().count() > 80 {
        line.push('…');
    }
    line
}

/// An entry as stored: one flat object, its body's fields beside its own and `kind` naming the
/// body, `{"id":…,"written":…,"edited":…,"private":…,"discuss":…,"kind":"mood","rating":6,…}`.
///
/// Every body's fields are here, each written only for its kind, in the order each kind has
/// always been written (a mood's `note` after its `emotions`, a sleep's after its
/// `awakenings`). serde could say the same with an internally tagged `EntryBody` flattened into
/// `Entry`, but that buffers the object and reads the body from the copy, after the text: which
/// field was wrong is lost, so a bad rating would be "item 2 of `entries`" instead of
/// "`rating` …, in item 2 of `entries`". A field of another kind is read and must be well
/// formed, then ignored.
#[derive(Serialize, Deserialize)]
struct EntryRecord {
    id: EntryId,
    written: Stamp,
    edited: Stamp,
    #[serde(default)]
    private: bool,
    #[serde(default)]
    discuss: bool,
    kind: Kind,
    #[serde(
        default,
        deserialize_with = "json::present",
        skip_serializing_if = "Option::is_none"
    )]
    rating: Option<u8>,
    #[serde(
        default,
        deserialize_with = "json::present",
        skip_serializing_if = "Option::is_none"
    )]
    emotions: Option<Vec<String>>,
    #[serde(
        default,
        deserialize_with = "json::present",
        skip_serializing_if = "Option::is_none"
    )]
    bedtime: Option<Stamp>,
    #[serde(
        default,
        deserialize_with = "json::present",
        skip_serializing_if = "Option::is_none"
    )]
    wake: Option<Stamp>,
    #[serde(
        default,
        deserialize_with = "json::present",
        skip_serializing_if = "Option::is_none"
    )]
    quality: Option<u8>,
    #[serde(
        default,
        deserialize_with = "json::present",
        skip_serializing_if = "Option::is_none"
    )]
    awakenings: Option<u8>,
    #[serde(
        default,
        deserialize_with = "json::present",
        skip_serializing_if = "Option::is_none"
    )]
    note: Option<String>,
    #[serde(
        default,
        deserialize_with = "json::present",
        skip_serializing_if = "Option::is_none"
    )]
    text: Option<String>,
    #[serde(
        default,
        deserialize_with = "json::present",
        skip_serializing_if = "Option::is_none"
    )]
    answers: Option<Vec<PromptAnswer>>,
    #[serde(
        default,
        deserialize_with = "json::present",
        skip_serializing_if = "Option::is_none"
    )]
    habits: Option<Habits>,
    // The Consensus Sleep Diary's answers beyond bed, wake, quality and awakenings: written only
    // when given, so a quick entry and every older one are written as they always were.
    #[serde(
        default,
        deserialize_with = "json::present",
        skip_serializing_if = "Option::is_none"
    )]
    tried_to_sleep: Option<Stamp>,
    #[serde(
        default,
        deserialize_with = "json::present",
        skip_serializing_if = "Option::is_none"
    )]
    minutes_to_fall_asleep: Option<u16>,
    #[serde(
        default,
        deserialize_with = "json::present",
        skip_serializing_if = "Option::is_none"
    )]
    minutes_awake: Option<u16>,
    #[serde(
        default,
        deserialize_with = "json::present",
        skip_serializing_if = "Option::is_none"
    )]
    out_of_bed: Option<Stamp>,
    #[serde(
        default,
        deserialize_with = "json::present",
        skip_serializing_if = "Option::is_none"
    )]
    instrument: Option<Instrument>,
    #[serde(
        default,
        deserialize_with = "json::present",
        skip_serializing_if = "Option::is_none"
    )]
    items: Option<Vec<u8>>,
    #[serde(
        default,
        deserialize_with = "json::present",
        skip_serializing_if = "Option::is_none"
    )]
    difficulty: Option<u8>,
}

/// Which body an [`EntryRecord`] holds.
#[derive(Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Mood,
    Sleep,
    Insight,
    Questionnaire,
}

impl From<Entry> for EntryRecord {
    fn from(entry: Entry) -> Self {
        let mut record = EntryRecord {
            id: entry.id,
            written: entry.written,
            edited: entry.edited,
            private: entry.private,
            discuss: entry.discuss,
            kind: Kind::Mood,
            rating: None,
            emotions: None,
            bedtime: None,
            wake: None,
            quality: None,
            awakenings: None,
            note: None,
            text: None,
            answers: None,
            habits: None,
            tried_to_sleep: None,
            minutes_to_fall_asleep: None,
            minutes_awake: None,
            out_of_bed: None,
            instrument: None,
            items: None,
            difficulty: None,
        };
        match entry.body {
            EntryBody::Mood(m) => {
                record.rating = Some(m.rating);
                record.emotions = Some(m.emotions);
                record.note = Some(m.note);
            }
            EntryBody::Sleep(s) => {
                record.kind = Kind::Sleep;
                record.bedtime = Some(s.bedtime);
                record.wake = Some(s.wake);
                record.quality = s.quality;
                record.awakenings = s.awakenings;
                record.note = Some(s.note);
                record.tried_to_sleep = s.tried_to_sleep;
                record.minutes_to_fall_asleep = s.minutes_to_fall_asleep;
                record.minutes_awake = s.minutes_awake;
                record.out_of_bed = s.out_of_bed;
            }
            EntryBody::Questionnaire(q) => {
                record.kind = Kind::Questionnaire;
                record.instrument = Some(q.instrument);
                record.items = Some(q.answers);
                record.difficulty = q.difficulty;
            }
            EntryBody::Insight(i) => {
                record.kind = Kind::Insight;
                record.text = Some(i.text);
                record.answers = Some(i.answers);
                record.habits = Some(i.habits);
            }
        }
        record
    }
}

impl EntryRecord {
    /// The entry, or the name of a field its kind needs and lacks.
    fn into_entry(self) -> Result<Entry, &'static str> {
        let r = self;
        let body = match r.kind {
            Kind::Mood => EntryBody::Mood(Mood {
                rating: r.rating.ok_or("rating")?,
                emotions: r.emotions.unwrap_or_default(),
                note: r.note.unwrap_or_default(),
            }),
            Kind::Sleep => EntryBody::Sleep(Sleep {
                bedtime: r.bedtime.ok_or("bedtime")?,
                wake: r.wake.ok_or("wake")?,
                quality: r.quality,
                awakenings: r.awakenings,
                note: r.note.unwrap_or_default(),
                tried_to_sleep: r.tried_to_sleep,
                minutes_to_fall_asleep: r.minutes_to_fall_asleep,
                minutes_awake: r.minutes_awake,
                out_of_bed: r.out_of_bed,
            }),
            Kind::Questionnaire => EntryBody::Questionnaire(Questionnaire {
                instrument: r.instrument.ok_or("instrument")?,
                answers: r.items.ok_or("items")?,
                difficulty: r.difficulty,
            }),
            Kind::Insight => EntryBody::Insight(Insight {
                text: r.text.unwrap_or_default(),
                answers: r.answers.unwrap_or_default(),
                habits: r.habits.unwrap_or_default(),
            }),
        };
        Ok(Entry {
            id: r.id,
            written: r.written,
            edited: r.edited,
            private: r.private,
            discuss: r.discuss,
            body,
        })
    }
}

/// Read as an `EntryRecord` from the object's fields, then checked for the fields its kind
/// needs while the object is still being read, so a missing one is reported where serde reports
/// any missing field (at that object), and never from a list written in its place.
impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Fields;

        impl<'de> Visitor<'de> for Fields {
            type Value = Entry;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("struct Entry")
            }

            fn visit_map<A: MapAccess<'de>>(self, fields: A) -> Result<Entry, A::Error> {
                EntryRecord::deserialize(MapAccessDeserializer::new(fields))?
                    .into_entry()
                    .map_err(de::Error::missing_field)
            }
        }

        deserializer.deserialize_map(Fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(text: &str) -> Stamp {
        Stamp::parse(text).unwrap()
    }

    fn entry(body: EntryBody) -> Entry {
        let at = stamp("2026-11-24T18:00:00+01:00");
        Entry {
            id: EntryId("e-1".into()),
            written: at,
            edited: at,
            private: false,
            discuss: false,
            body,
        }
    }

    fn sleep(bed: &str, wake: &str) -> Sleep {
        Sleep {
            quality: Some(3),
            awakenings: Some(1),
            ..Sleep::quick(stamp(bed), stamp(wake))
        }
    }

    #[test]
    fn hours_slept_are_derived_across_midnight_and_offsets() {
        assert_eq!(
            sleep("2026-11-24T23:15:00+01:00", "2026-11-25T06:45:00+01:00").hours(),
            7.5
        );
        // Bed before the clocks went back, up after: nine real hours.
        assert_eq!(
            sleep("2026-10-24T23:00:00+01:00", "2026-10-25T07:00:00+00:00").hours(),
            9.0
        );
    }

    #[test]
    fn hours_slept_read_as_std_writes_them_to_a_tenth_without_a_point_when_whole() {
        for minutes in 1..=24 * 60 {
            let s = sleep("2026-11-24T23:00:00+01:00", "2026-11-24T23:00:00+01:00");
            let s = Sleep {
                wake: Stamp(s.bedtime.0 + Duration::minutes(minutes)),
                ..s
            };
            let tenths = s.tenths_of_hours();
            let std = if tenths % 10 == 0 {
                format!("{}", tenths / 10)
            } else {
                format!("{:.1}", tenths as f64 / 10.0)
            };
            assert_eq!(s.hours_text(), std, "{minutes} min");
        }
    }

    #[test]
    fn sleep_that_ends_before_it_starts_is_refused() {
        let e = entry(EntryBody::Sleep(sleep(
            "2026-11-25T07:00:00+01:00",
            "2026-11-24T23:00:00+01:00",
        )));
        assert_eq!(
            e.problems(),
            ["Waking up needs to come after going to bed."]
        );
    }

    #[test]
    fn a_mood_out_of_range_is_refused() {
        let e = entry(EntryBody::Mood(Mood {
            rating: 11,
            ..Mood::default()
        }));
        assert_eq!(e.problems(), ["Mood is rated from 0 to 10."]);
    }

    #[test]
    fn an_empty_insight_is_refused_but_habits_alone_are_enough() {
        let mut insight = Insight::default();
        assert_eq!(
            entry(EntryBody::Insight(insight.clone())).problems().len(),
            1
        );
        insight.habits.rest = true;
        assert!(entry(EntryBody::Insight(insight)).problems().is_empty());
    }

    #[test]
    fn ids_that_could_escape_a_storage_key_are_refused() {
        for bad in ["", "a/b", "a.b", "e 1", "<script>", &"x".repeat(65)] {
            assert!(!is_safe_id(bad), "{bad}");
        }
        assert!(is_safe_id("e-lq2x9k-3f_a"));
    }

    #[test]
    fn entries_serialise_flat_with_their_kind() {
        let e = entry(EntryBody::Mood(Mood {
            rating: 7,
            emotions: vec!["calm".into()],
            note: "ok".into(),
        }));
        let json = json::to_string(&e);
        assert!(
            json.contains(r#""kind":"mood""#)
                && json.contains(r#""written":"2026-11-24T18:00:00+01:00""#),
            "{json}"
        );
        let back: Entry = json::from_str(&json).unwrap();
        assert_eq!(back, e);
    }

    #[test]
    fn a_known_diary_gives_the_consensus_sleep_diary_derivations() {
        // In bed 22:30, trying to sleep 23:00, 20 min to fall asleep, woke twice for 30 min in
        // all, final waking 06:30, out of bed 07:00: 8.5 h in bed, 7 h 30 min less 50 min asleep.
        let s = Sleep {
            tried_to_sleep: Some(stamp("2026-11-24T23:00:00+01:00")),
            minutes_to_fall_asleep: Some(20),
            awakenings: Some(2),
            minutes_awake: Some(30),
            out_of_bed: Some(stamp("2026-11-25T07:00:00+01:00")),
            quality: Some(4),
            ..Sleep::quick(
                stamp("2026-11-24T22:30:00+01:00"),
                stamp("2026-11-25T06:30:00+01:00"),
            )
        };
        assert_eq!(s.time_in_bed(), Duration::minutes(510));
        assert_eq!(s.slept(), Duration::minutes(400));
        assert_eq!(s.hours_text(), "6.7");
        // 400 / 510 = 78.4 %.
        assert_eq!(s.efficiency_percent(), Some(78));
        assert!(entry(EntryBody::Sleep(s)).problems().is_empty());
    }

    #[test]
    fn efficiency_needs_the_minutes_the_patient_gave_and_never_guesses_them() {
        let quick = Sleep::quick(
            stamp("2026-11-24T23:00:00+01:00"),
            stamp("2026-11-25T07:00:00+01:00"),
        );
        assert_eq!(quick.efficiency_percent(), None);
        assert_eq!(quick.slept(), Duration::hours(8), "as before the diary");
        let no_awakenings = Sleep {
            minutes_to_fall_asleep: Some(30),
            awakenings: Some(0),
            ..quick.clone()
        };
        // 7.5 h of 8 h in bed.
        assert_eq!(no_awakenings.efficiency_percent(), Some(94));
        let woke_unknown_minutes = Sleep {
            minutes_to_fall_asleep: Some(30),
            awakenings: Some(2),
            ..quick
        };
        assert_eq!(woke_unknown_minutes.efficiency_percent(), None);
    }

    #[test]
    fn a_quick_sleep_entry_stores_no_answer_it_was_not_given() {
        let e = entry(EntryBody::Sleep(Sleep::quick(
            stamp("2026-11-24T23:00:00+01:00"),
            stamp("2026-11-25T07:00:00+01:00"),
        )));
        assert!(e.problems().is_empty(), "{:?}", e.problems());
        let json = json::to_string(&e);
        for absent in ["quality", "awakenings", "minutes", "tried", "out_of_bed"] {
            assert!(!json.contains(absent), "{absent} in {json}");
        }
        let back: Entry = json::from_str(&json).unwrap();
        assert_eq!(back, e);
        assert_eq!(back.summary(), "Slept 8 h");
    }

    #[test]
    fn impossible_diary_answers_are_refused_in_words() {
        let base = Sleep::quick(
            stamp("2026-11-24T23:00:00+01:00"),
            stamp("2026-11-25T07:00:00+01:00"),
        );
        let cases = [
            (
                Sleep {
                    tried_to_sleep: Some(stamp("2026-11-24T22:00:00+01:00")),
                    ..base.clone()
                },
                "Trying to sleep comes after getting into bed and before waking.",
            ),
            (
                Sleep {
                    out_of_bed: Some(stamp("2026-11-25T06:00:00+01:00")),
                    ..base.clone()
                },
                "Getting out of bed comes after waking, within 12 hours.",
            ),
            (
                Sleep {
                    minutes_to_fall_asleep: Some(300),
                    minutes_awake: Some(200),
                    awakenings: Some(3),
                    ..base.clone()
                },
                "The minutes falling asleep and awake are longer than the night: check them.",
            ),
            (
                Sleep {
                    awakenings: Some(0),
                    minutes_awake: Some(10),
                    ..base.clone()
                },
                "Minutes awake in the night need at least one awakening.",
            ),
            (
                Sleep {
                    quality: Some(0),
                    ..base.clone()
                },
                "Sleep quality is rated from 1 to 5.",
            ),
        ];
        for (sleep, why) in cases {
            assert_eq!(entry(EntryBody::Sleep(sleep)).problems(), [why]);
        }
    }

    #[test]
    fn a_questionnaire_is_stored_flat_with_its_instrument_and_answers() {
        let e = entry(EntryBody::Questionnaire(Questionnaire {
            instrument: Instrument::Phq9,
            answers: vec![1, 0, 2, 1, 0, 0, 1, 0, 1],
            difficulty: Some(1),
        }));
        let json = json::to_string(&e);
        assert!(
            json.ends_with(r#""kind":"questionnaire","instrument":"phq9","items":[1,0,2,1,0,0,1,0,1],"difficulty":1}"#),
            "{json}"
        );
        let back: Entry = json::from_str(&json).unwrap();
        assert_eq!(back, e);
        assert_eq!(back.summary(), "PHQ-9 6 of 27 · mild");
        let missing = json.replace(r#","items":[1,0,2,1,0,0,1,0,1]"#, "");
        assert!(json::from_str::<Entry>(&missing).is_err());
    }

    #[test]
    fn minutes_left_empty_are_not_given_and_anything_else_must_be_a_whole_number() {
        assert_eq!(parse_minutes(""), Ok(None));
        assert_eq!(parse_minutes("  "), Ok(None));
        assert_eq!(parse_minutes("0"), Ok(Some(0)));
        assert_eq!(parse_minutes(" 20 "), Ok(Some(20)));
        assert_eq!(parse_minutes("1440"), Ok(Some(1440)));
        for bad in ["1441", "-5", "20.5", "twenty", "20 min", "99999999"] {
            assert!(parse_minutes(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sleep_details_say_only_what_was_given() {
        let quick = Sleep::quick(
            stamp("2026-11-24T23:00:00+01:00"),
            stamp("2026-11-25T07:00:00+01:00"),
        );
        assert!(quick.details().is_empty());
        let full = Sleep {
            awakenings: Some(2),
            minutes_to_fall_asleep: Some(30),
            minutes_awake: Some(30),
            ..quick
        };
        assert_eq!(
            full.details(),
            [
                "Woke twice",
                "30 min to fall asleep",
                "30 min awake in the night",
                "sleep efficiency 88%"
            ]
        );
    }

    #[test]
    fn summaries_are_one_short_line() {
        let e = entry(EntryBody::Insight(Insight {
            text: "a".repeat(100),
            ..Insight::default()
        }));
        assert_eq!(
            e.summary().chars().count(),
            "Insight · ".chars().count() + 81
        );
        let e = entry(EntryBody::Mood(Mood {
            rating: 4,
            emotions: vec!["tired".into(), "open".into()],
            note: String::new(),
        }));
        assert_eq!(e.summary(), "Mood 4/10 · tired, open");
    }
}
