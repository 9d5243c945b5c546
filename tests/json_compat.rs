//! The hand-written JSON in `domain/json.rs` against serde_json, the reader and writer earlier
//! builds used: texts serde_json wrote read as the same values, our writer produces the same
//! bytes, strings are escaped identically, and both readers accept and refuse the same texts
//! (except where ours is deliberately stricter: a name repeated in one object).
//!
//! serde_json is a native dev-dependency for this file (and for indenting test files) only.

// Native only: proptest and serde_json are not there in the browser build.
#![cfg(not(target_arch = "wasm32"))]

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::Value;
use waypoint::domain::json::{self, Json};

fn config() -> Config {
    Config {
        cases: 512,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Text weighted towards what needs escaping: quotes, backslashes, control characters, and
/// characters outside the Basic Multilingual Plane.
fn text() -> impl Strategy<Value = String> {
    let special = prop_oneof![
        Just('"'),
        Just('\\'),
        Just('/'),
        (0u32..0x20).prop_map(|c| char::from_u32(c).expect("control characters are chars")),
        Just('\u{7f}'),
        Just('\u{2028}'),
        Just('é'),
        Just('😀'),
    ];
    vec(prop_oneof![3 => any::<char>(), 2 => special], 0..24).prop_map(String::from_iter)
}

/// Any JSON value serde_json can write: numbers whole, negative and fractional.
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON has no NaN or infinity", |f| f.is_finite())
            .prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 96, 8, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..8).prop_map(Value::Array),
            vec((text(), inner), 0..8).prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// Our value as serde_json's, to compare (numbers compare by what they mean, not their text).
fn to_serde(value: &Json) -> Value {
    match value {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Num(n) => serde_json::from_str(n.as_str()).expect("our numbers are JSON numbers"),
        Json::Str(s) => Value::String(s.clone()),
        Json::Arr(items) => Value::Array(items.iter().map(to_serde).collect()),
        Json::Obj(pairs) => Value::Object(
            pairs
                .iter()
                .map(|(k, v)| (k.clone(), to_serde(v)))
                .collect(),
        ),
    }
}

/// `text` with one character removed or one inserted, at a character boundary.
fn mutate(text: &str, at: prop::sample::Index, insert: Option<char>) -> String {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let at = bounds[at.index(bounds.len())];
    let mut out = text.to_string();
    match insert {
        Some(c) => out.insert(at, c),
        None if at < text.len() => {
            out.remove(at);
        }
        None => {}
    }
    out
}

/// Characters that change what JSON means.
fn significant() -> impl Strategy<Value = Option<char>> {
    let chars: Vec<char> = "{}[]\",:\\ \n0159-+.eEtrufalsn\u{1}\u{7f}é"
        .chars()
        .collect();
    prop_oneof![Just(None), prop::sample::select(chars).prop_map(Some)]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn texts_serde_json_wrote_read_as_the_same_values_and_write_back_byte_for_byte(v in value()) {
        let text = serde_json::to_string(&v).expect("a value serialises");
        let ours = json::parse(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        // Compared with what serde_json reads back rather than `v`: its default float parsing
        // does not always give back the float it wrote.
        let theirs: Value = serde_json::from_str(&text).expect("serde_json reads its own text");
        prop_assert_eq!(to_serde(&ours), theirs.clone());
        prop_assert_eq!(json::to_string(&ours), text);
        let indented = serde_json::to_string_pretty(&v).expect("a value serialises");
        prop_assert_eq!(json::parse(&indented).map(|j| to_serde(&j)), Ok(theirs));
    }

    #[test]
    fn what_we_write_reads_back_as_the_same_value(v in value()) {
        let ours = json::parse(&serde_json::to_string(&v).expect("serialises")).expect("reads");
        prop_assert_eq!(json::parse(&json::to_string(&ours)), Ok(ours));
    }

    #[test]
    fn strings_are_escaped_exactly_as_serde_json_escaped_them(s in text()) {
        let mut ours = String::new();
        json::escape_into(&mut ours, &s);
        prop_assert_eq!(&ours, &serde_json::to_string(&s).expect("a string serialises"));
        prop_assert_eq!(json::parse(&ours), Ok(Json::Str(s)));
    }

    #[test]
    fn strings_written_entirely_as_unicode_escapes_read_back(s in text()) {
        let escaped: String = s
            .encode_utf16()
            .map(|unit| format!("\\u{unit:04X}"))
            .collect();
        let quoted = format!("\"{escaped}\"");
        prop_assert_eq!(json::parse(&quoted), Ok(Json::Str(s.clone())));
        prop_assert_eq!(serde_json::from_str::<String>(&quoted).ok(), Some(s));
    }

    #[test]
    fn damaged_texts_are_refused_or_read_exactly_as_serde_json_does(
        v in value(),
        edits in vec((any::<prop::sample::Index>(), significant()), 1..4),
    ) {
        let mut text = serde_json::to_string(&v).expect("a value serialises");
        for (at, insert) in edits {
            text = mutate(&text, at, insert);
        }
        let ours = json::parse(&text);
        let theirs = serde_json::from_str::<Value>(&text);
        match (ours, theirs) {
            (Ok(ours), Ok(theirs)) => prop_assert_eq!(to_serde(&ours), theirs),
            (Err(_), Err(_)) => {}
            // Deliberately stricter: serde_json's `Value` kept the last of a repeated name.
            (Err(e), Ok(_)) if e.what == "a name is repeated in one object" => {}
            // serde_json refused numbers beyond f64; we keep a number's text and never need it
            // as a float (a field wanting a whole number refuses it when read).
            (Ok(_), Err(e)) if e.to_string().starts_with("number out of range") => {}
            (ours, theirs) => prop_assert!(false, "{text:?}: ours {ours:?}, serde_json {theirs:?}"),
        }
    }
}

#[test]
fn serde_json_refused_the_same_malformed_texts() {
    // The hand-picked malformed texts of json.rs's unit tests, checked against serde_json too.
    for text in [
        "",
        "{",
        "[1,]",
        "{\"a\":1,}",
        "{a:1}",
        "'a'",
        "\"\\x\"",
        "\"\\u12G4\"",
        "\"a\tb\"",
        "01",
        "1.",
        ".5",
        "1e",
        "+1",
        "NaN",
        "1 2",
        "\"\\ud83d\"",
        "\"\\ude00\"",
    ] {
        assert!(json::parse(text).is_err(), "ours read {text:?}");
        assert!(
            serde_json::from_str::<Value>(text).is_err(),
            "serde_json read {text:?}"
        );
    }
}

#[test]
fn whole_number_fields_accept_exactly_the_numbers_serde_json_accepted() {
    for text in [
        "0",
        "-0",
        "1",
        "255",
        "256",
        "-1",
        "6.0",
        "6.5",
        "1e2",
        "1E0",
        "4294967295",
        "4294967296",
        "18446744073709551615",
        "18446744073709551616",
        "99999999999999999999999",
    ] {
        let ours_u8: Result<u8, String> = json::from_str(text);
        let ours_u32: Result<u32, String> = json::from_str(text);
        assert_eq!(
            ours_u8.ok(),
            serde_json::from_str::<u8>(text).ok(),
            "u8 {text}"
        );
        assert_eq!(
            ours_u32.ok(),
            serde_json::from_str::<u32>(text).ok(),
            "u32 {text}"
        );
    }
}
