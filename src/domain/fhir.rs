//! The FHIR R4 export: what the patient chose to share, as a `Bundle` of type `collection` that
//! any clinic system can take. Each PHQ-9 and GAD-7 is a `QuestionnaireResponse` against LOINC's
//! questionnaire (`http://loinc.org/q/44249-1`, `http://loinc.org/q/69737-5`) with LOINC item
//! and answer codes, and its total an `Observation` derived from it; each night's sleep an
//! `Observation` of its duration and each mood rating an `Observation` on an app-defined code.
//! The patient is a pseudonymous `Patient` with nothing but the initials they chose, if any.
//! Built from the shared file, so it holds exactly what the report does: never a private entry.
//! Insights and notes have no standard code and stay in the report.
//!
//! Every time is the patient's clock with its offset (`2026-11-24T17:00:00+01:00`).

use super::entry::{Entry, EntryBody, Mood, Sleep};
use super::export::SharedExport;
use super::questionnaire::{
    Instrument, Questionnaire, ANSWERS, DIFFICULTY_ANSWERS, DIFFICULTY_QUESTION,
};
use serde::Serialize;

/// LOINC's code system.
pub const LOINC: &str = "http://loinc.org";
/// UCUM, for the minutes of sleep.
pub const UCUM: &str = "http://unitsofmeasure.org";
/// FHIR's observation categories.
pub const OBSERVATION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
/// Waypoint's own code system, for what LOINC has no code for: mood rated 0 (very low) to 10
/// (very good). `.invalid` is reserved never to resolve (RFC 2606): the URL names the system,
/// it is not a page, and Waypoint has no server.
pub const WAYPOINT_CODES: &str = "https://waypoint.invalid/fhir/CodeSystem/self-report";
/// The mood code in [`WAYPOINT_CODES`].
pub const MOOD_CODE: &str = "mood-0-10";
/// LOINC 93832-4 "Sleep duration" (checked in LOINC's name as HL7's Personal Health Record IG
/// quotes it in its sleep value set, beside 93829-0 REM, 93830-8 light and 93831-6 deep sleep
/// duration: some repositories give 93832-4 other names).
pub const SLEEP_DURATION: &str = "93832-4";

/// A FHIR R4 `Bundle` of type `collection`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Bundle {
    resource_type: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    timestamp: String,
    /// The resources, the patient first.
    pub entry: Vec<BundleEntry>,
}

/// One resource of the bundle with its `urn:uuid:` address.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleEntry {
    /// `urn:uuid:…`, by which other resources refer to it.
    pub full_url: String,
    /// The resource.
    pub resource: Resource,
}

/// The three kinds of resource the export holds.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "resourceType")]
pub enum Resource {
    /// The patient, pseudonymous.
    Patient(Patient),
    /// A PHQ-9 or GAD-7.
    QuestionnaireResponse(QuestionnaireResponse),
    /// A total, a night's sleep or a mood rating.
    Observation(Observation),
}

/// The patient: initials if they gave any, nothing else.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Patient {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    name: Vec<HumanName>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
struct HumanName {
    text: String,
}

/// A reference to another resource of the bundle.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reference {
    /// Its `urn:uuid:` address.
    pub reference: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
struct Coding {
    system: &'static str,
    code: String,
    display: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
struct CodeableConcept {
    coding: Vec<Coding>,
    text: String,
}

/// A questionnaire as answered.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionnaireResponse {
    /// LOINC's canonical questionnaire.
    pub questionnaire: String,
    status: &'static str,
    subject: Reference,
    authored: String,
    /// One item per question answered, the total last.
    pub item: Vec<ResponseItem>,
}

/// One answered question, its link id the item's LOINC code as in LOINC's questionnaire.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseItem {
    /// `/44250-9`: LOINC's questionnaires name each item by its code.
    pub link_id: String,
    text: String,
    answer: Vec<Answer>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Answer {
    #[serde(skip_serializing_if = "Option::is_none")]
    value_coding: Option<Coding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_integer: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
struct Quantity {
    value: i64,
    unit: &'static str,
    system: &'static str,
    code: &'static str,
}

/// A measurement at a time.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Observation {
    status: &'static str,
    category: Vec<CodeableConcept>,
    code: CodeableConcept,
    subject: Reference,
    /// When, on the patient's clock with its offset.
    pub effective_date_time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_integer: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_quantity: Option<Quantity>,
    /// The response it was scored from, where there is one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub derived_from: Vec<Reference>,
}

/// `urn:uuid:` of a name-based UUID: the same name gives the same address in every export.
fn address(patient_key: &str, name: &str) -> String {
    let id = uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_URL,
        format!("waypoint:{patient_key}:{name}").as_bytes(),
    );
    format!("urn:uuid:{id}")
}

fn survey() -> Vec<CodeableConcept> {
    vec![CodeableConcept {
        coding: vec![Coding {
            system: OBSERVATION_CATEGORY,
            code: "survey".into(),
            display: "Survey".into(),
        }],
        text: "Survey".into(),
    }]
}

fn loinc(code: &str, display: &str) -> CodeableConcept {
    CodeableConcept {
        coding: vec![Coding {
            system: LOINC,
            code: code.into(),
            display: display.into(),
        }],
        text: display.into(),
    }
}

fn answer_coding(list: &[(&str, &str); 4], value: u8) -> Coding {
    let (display, code) = list[usize::from(value.min(3))];
    Coding {
        system: LOINC,
        code: code.into(),
        display: display.into(),
    }
}

fn response(q: &Questionnaire, subject: &Reference, authored: String) -> QuestionnaireResponse {
    let i = q.instrument;
    let mut item: Vec<ResponseItem> = i
        .items()
        .iter()
        .zip(&q.answers)
        .map(|(question, a)| ResponseItem {
            link_id: format!("/{}", question.loinc),
            text: question.text.into(),
            answer: vec![Answer {
                value_coding: Some(answer_coding(&ANSWERS, *a)),
                value_integer: None,
            }],
        })
        .collect();
    if let Some(d) = q.difficulty {
        item.push(ResponseItem {
            link_id: format!("/{}", i.difficulty_loinc()),
            text: DIFFICULTY_QUESTION.into(),
            answer: vec![Answer {
                value_coding: Some(answer_coding(&DIFFICULTY_ANSWERS, d)),
                value_integer: None,
            }],
        });
    }
    item.push(ResponseItem {
        link_id: format!("/{}", i.total_loinc()),
        text: format!("{} total score", i.name()),
        answer: vec![Answer {
            value_coding: None,
            value_integer: Some(u32::from(q.total())),
        }],
    });
    QuestionnaireResponse {
        questionnaire: i.canonical(),
        status: "completed",
        subject: subject.clone(),
        authored,
        item,
    }
}

fn observation(subject: &Reference, code: CodeableConcept, at: String) -> Observation {
    Observation {
        status: "final",
        category: survey(),
        code,
        subject: subject.clone(),
        effective_date_time: at,
        value_integer: None,
        value_quantity: None,
        derived_from: Vec::new(),
    }
}

fn sleep_observation(s: &Sleep, subject: &Reference) -> Observation {
    // Total sleep time in whole minutes (the diary's derivation), at the final awakening.
    Observation {
        value_quantity: Some(Quantity {
            value: s.slept().num_minutes(),
            unit: "min",
            system: UCUM,
            code: "min",
        }),
        ..observation(
            subject,
            loinc(SLEEP_DURATION, "Sleep duration"),
            s.wake.iso(),
        )
    }
}

fn mood_observation(m: &Mood, subject: &Reference, at: String) -> Observation {
    let code = CodeableConcept {
        coding: vec![Coding {
            system: WAYPOINT_CODES,
            code: MOOD_CODE.into(),
            display: "Mood, self-rated from 0 (very low) to 10 (very good)".into(),
        }],
        text: "Mood (0\u{2013}10)".into(),
    };
    Observation {
        value_integer: Some(i64::from(m.rating)),
        ..observation(subject, code, at)
    }
}

/// The bundle for a shared file. `initials` go on the patient when given; `patient_key` is a
/// pseudonymous value the phone keeps (never a name) from which every resource's address is
/// made, so the same entry has the same address in every export of this patient's journal.
pub fn bundle(export: &SharedExport, initials: &str, patient_key: &str) -> Bundle {
    let patient_url = address(patient_key, "patient");
    let subject = Reference {
        reference: patient_url.clone(),
    };
    let initials = initials.trim();
    let mut entry = vec![BundleEntry {
        full_url: patient_url,
        resource: Resource::Patient(Patient {
            name: (!initials.is_empty())
                .then(|| HumanName {
                    text: initials.to_string(),
                })
                .into_iter()
                .collect(),
        }),
    }];
    for e in export.entries.iter().filter(|e| !e.private) {
        entry.extend(resources(e, &subject, patient_key));
    }
    Bundle {
        resource_type: "Bundle",
        kind: "collection",
        timestamp: export.exported_at.iso(),
        entry,
    }
}

/// The resources one entry becomes (none for an insight).
fn resources(e: &Entry, subject: &Reference, patient_key: &str) -> Vec<BundleEntry> {
    let at = e.written.iso();
    let own = |suffix: &str| address(patient_key, &format!("{}:{suffix}", e.id.0));
    match &e.body {
        EntryBody::Questionnaire(q) => {
            let response_url = own("response");
            let total = Observation {
                value_integer: Some(i64::from(q.total())),
                derived_from: vec![Reference {
                    reference: response_url.clone(),
                }],
                ..observation(
                    subject,
                    loinc(q.instrument.total_loinc(), q.instrument.total_display()),
                    at.clone(),
                )
            };
            vec![
                BundleEntry {
                    full_url: response_url,
                    resource: Resource::QuestionnaireResponse(response(q, subject, at)),
                },
                BundleEntry {
                    full_url: own("total"),
                    resource: Resource::Observation(total),
                },
            ]
        }
        EntryBody::Sleep(s) => vec![BundleEntry {
            full_url: own("sleep"),
            resource: Resource::Observation(sleep_observation(s, subject)),
        }],
        EntryBody::Mood(m) => vec![BundleEntry {
            full_url: own("mood"),
            resource: Resource::Observation(mood_observation(m, subject, at)),
        }],
        EntryBody::Insight(_) => Vec::new(),
    }
}

/// The file name for a FHIR export made at `at`: `waypoint-fhir-2026-11-22-1430.json`.
pub fn file_name(at: &super::time::Stamp) -> String {
    super::export::share_file_name(at, "json").replacen("waypoint-report-", "waypoint-fhir-", 1)
}

/// What the FHIR file holds, in words for the patient: how many of each resource.
pub fn contents(bundle: &Bundle) -> String {
    let mut responses = 0;
    let mut observations = 0;
    for e in &bundle.entry {
        match e.resource {
            Resource::QuestionnaireResponse(_) => responses += 1,
            Resource::Observation(_) => observations += 1,
            Resource::Patient(_) => {}
        }
    }
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    format!(
        "{} and {}.",
        plural(responses, "questionnaire", "questionnaires"),
        plural(observations, "measurement", "measurements")
    )
}

/// The instruments a bundle answers, for tests and the summary line.
pub fn instruments(bundle: &Bundle) -> Vec<Instrument> {
    bundle
        .entry
        .iter()
        .filter_map(|e| match &e.resource {
            Resource::QuestionnaireResponse(r) => Instrument::ALL
                .into_iter()
                .find(|i| i.canonical() == r.questionnaire),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::entry::{EntryId, Insight};
    use crate::domain::export::{shared_export, ShareChoice};
    use crate::domain::plan::Plan;
    use crate::domain::session::{Session, SessionId};
    use crate::domain::time::Stamp;
    use crate::json;

    fn stamp(t: &str) -> Stamp {
        Stamp::parse(t).unwrap()
    }

    fn entry(id: &str, at: &str, private: bool, body: EntryBody) -> Entry {
        Entry {
            id: EntryId(id.into()),
            written: stamp(at),
            edited: stamp(at),
            private,
            discuss: false,
            body,
        }
    }

    /// The fixture journal: a session, then a PHQ-9 with item 9 above 0, a GAD-7, a night's
    /// sleep, a mood, an insight and a private mood, written in London's winter and summer
    /// and in New York.
    fn fixture() -> SharedExport {
        let mut plan = Plan::default();
        let mut s = Session::planned(SessionId("s-1".into()), stamp("2026-11-10T09:00:00+00:00"));
        s.started = Some(stamp("2026-11-10T09:05:00+00:00"));
        s.ended = Some(stamp("2026-11-10T11:00:00+00:00"));
        plan.course.upsert(s);
        let entries = vec![
            entry(
                "e-phq",
                "2026-11-13T08:00:00+00:00",
                false,
                EntryBody::Questionnaire(Questionnaire {
                    instrument: Instrument::Phq9,
                    answers: vec![2, 1, 3, 2, 1, 1, 0, 0, 1],
                    difficulty: Some(2),
                }),
            ),
            entry(
                "e-gad",
                "2026-11-13T08:05:00+00:00",
                false,
                EntryBody::Questionnaire(Questionnaire {
                    instrument: Instrument::Gad7,
                    answers: vec![1, 1, 2, 0, 0, 1, 0],
                    difficulty: None,
                }),
            ),
            entry(
                "e-sleep",
                "2026-11-11T07:30:00-05:00",
                false,
                EntryBody::Sleep(Sleep {
                    minutes_to_fall_asleep: Some(20),
                    awakenings: Some(1),
                    minutes_awake: Some(10),
                    quality: Some(3),
                    ..Sleep::quick(
                        stamp("2026-11-10T23:00:00-05:00"),
                        stamp("2026-11-11T06:30:00-05:00"),
                    )
                }),
            ),
            entry(
                "e-mood",
                "2026-11-10T18:00:00+00:00",
                false,
                EntryBody::Mood(Mood {
                    rating: 6,
                    emotions: vec!["tender".into()],
                    note: "a private thought in a note".into(),
                }),
            ),
            entry(
                "e-insight",
                "2026-11-11T20:00:00+00:00",
                false,
                EntryBody::Insight(Insight {
                    text: "I can rest.".into(),
                    ..Insight::default()
                }),
            ),
            entry(
                "e-private",
                "2026-11-11T21:00:00+00:00",
                true,
                EntryBody::Mood(Mood {
                    rating: 1,
                    ..Mood::default()
                }),
            ),
        ];
        shared_export(
            &plan,
            &entries,
            &ShareChoice {
                sessions: vec![SessionId("s-1".into())],
                dates: None,
            },
            stamp("2026-11-14T12:00:00+00:00"),
            1,
            "0.1.0",
        )
    }

    const FIXTURE: &str = "tests/fixtures/fhir-bundle.json";

    #[test]
    fn the_fhir_export_of_the_fixture_journal_is_the_fixture_file() {
        let text = json::to_string(&bundle(&fixture(), "A.B.", "s-1"));
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
        if std::env::var_os("WAYPOINT_WRITE_FIXTURES").is_some() {
            std::fs::write(&path, format!("{text}\n")).unwrap();
        }
        let expected = std::fs::read_to_string(&path).expect("the fixture file");
        assert_eq!(
            text,
            expected.trim_end(),
            "run with WAYPOINT_WRITE_FIXTURES=1 to update"
        );
    }

    #[test]
    fn questionnaires_become_responses_with_loinc_codes_and_totals_derived_from_them() {
        let b = bundle(&fixture(), "", "s-1");
        let value: serde_json::Value = serde_json::from_str(&json::to_string(&b)).unwrap();
        let entries = value["entry"].as_array().unwrap();
        assert_eq!(value["type"], "collection");
        assert_eq!(entries[0]["resource"]["resourceType"], "Patient");
        assert!(
            entries[0]["resource"].get("name").is_none(),
            "no initials given"
        );
        let phq = &entries[1];
        assert_eq!(
            phq["resource"]["questionnaire"],
            "http://loinc.org/q/44249-1"
        );
        assert_eq!(phq["resource"]["item"][8]["linkId"], "/44260-8");
        assert_eq!(
            phq["resource"]["item"][8]["answer"][0]["valueCoding"]["code"],
            "LA6569-3"
        );
        assert_eq!(phq["resource"]["item"][10]["answer"][0]["valueInteger"], 11);
        let total = &entries[2]["resource"];
        assert_eq!(total["code"]["coding"][0]["code"], "44261-6");
        assert_eq!(total["valueInteger"], 11);
        assert_eq!(total["derivedFrom"][0]["reference"], phq["fullUrl"]);
        assert_eq!(total["effectiveDateTime"], "2026-11-13T08:00:00+00:00");
        let gad = &entries[3]["resource"];
        assert_eq!(gad["questionnaire"], "http://loinc.org/q/69737-5");
        assert_eq!(
            entries[4]["resource"]["code"]["coding"][0]["code"],
            "70274-6"
        );
        assert_eq!(instruments(&b), [Instrument::Phq9, Instrument::Gad7]);
    }

    #[test]
    fn sleep_and_mood_are_observations_with_the_patients_offset_and_no_private_entry() {
        let b = bundle(&fixture(), "A.B.", "s-1");
        let text = json::to_string(&b);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let entries = value["entry"].as_array().unwrap();
        let sleep = entries
            .iter()
            .find(|e| e["resource"]["code"]["coding"][0]["code"] == SLEEP_DURATION)
            .unwrap();
        // 23:00 to 06:30 less 20 and 10 minutes: 420 minutes, at the New York wake time.
        assert_eq!(sleep["resource"]["valueQuantity"]["value"], 420);
        assert_eq!(
            sleep["resource"]["effectiveDateTime"],
            "2026-11-11T06:30:00-05:00"
        );
        assert!(sleep["resource"].get("derivedFrom").is_none());
        let mood = entries
            .iter()
            .find(|e| e["resource"]["code"]["coding"][0]["code"] == MOOD_CODE)
            .unwrap();
        assert_eq!(mood["resource"]["valueInteger"], 6);
        assert_eq!(entries[0]["resource"]["name"][0]["text"], "A.B.");
        // Patient, 2 × (response + total), sleep, mood: the insight and private mood left out.
        assert_eq!(entries.len(), 7);
        assert!(!text.contains("e-private") && !text.contains("private thought"));
        assert!(!text.contains("I can rest"));
        assert_eq!(contents(&b), "2 questionnaires and 4 measurements.");
    }

    #[test]
    fn addresses_are_the_same_in_every_export_and_differ_between_patients() {
        let a = bundle(&fixture(), "", "s-1");
        let again = bundle(&fixture(), "", "s-1");
        let other = bundle(&fixture(), "", "s-other");
        assert_eq!(a.entry[1].full_url, again.entry[1].full_url);
        assert_ne!(a.entry[1].full_url, other.entry[1].full_url);
        assert!(a.entry[1].full_url.starts_with("urn:uuid:"));
        let mut urls: Vec<&str> = a.entry.iter().map(|e| e.full_url.as_str()).collect();
        urls.sort();
        urls.dedup();
        assert_eq!(urls.len(), a.entry.len(), "every address is its own");
    }
}
