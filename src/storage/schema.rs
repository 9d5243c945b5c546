//! Schema versions and migrations. Every stored record is an envelope
//! `{"schema_version": N, "data": …}`; records from older versions are upgraded when read,
//! records from newer versions are left exactly as they are.
//!
//! Every released version keeps a fixture in `tests/fixtures/` and a test that loads it.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The version this build writes.
pub const CURRENT: u32 = 1;

/// What reading a record found.
#[derive(Debug, PartialEq)]
pub enum Decoded<T> {
    /// Read, upgraded if needed.
    Ok(T),
    /// Written by a newer Waypoint; left untouched.
    Newer(u32),
    /// Not readable: the reason in plain words.
    Unreadable(String),
}

#[derive(Serialize)]
struct EnvelopeOut<'a, T> {
    schema_version: u32,
    data: &'a T,
}

#[derive(Deserialize)]
struct Version {
    schema_version: Option<u32>,
}

#[derive(Deserialize)]
struct Envelope<T> {
    schema_version: u32,
    data: T,
}

/// `value` in an envelope of the current version.
pub fn encode<T: Serialize>(value: &T) -> String {
    serde_json::to_string(&EnvelopeOut {
        schema_version: CURRENT,
        data: value,
    })
    .expect("domain types always serialise")
}

/// Reads an envelope, upgrading older versions; `what` names the record in messages.
pub fn decode<T: DeserializeOwned>(raw: &str, what: &str) -> Decoded<T> {
    // The common case, a current record, is read in one pass; a record that fails it is probed
    // for its version, to say precisely what is wrong or to upgrade it.
    let first = serde_json::from_str::<Envelope<T>>(raw);
    if let Ok(Envelope {
        schema_version: CURRENT,
        data,
    }) = first
    {
        return Decoded::Ok(data);
    }
    let version = match serde_json::from_str::<Version>(raw) {
        Ok(Version {
            schema_version: Some(v),
        }) => v,
        Ok(Version {
            schema_version: None,
        }) => return Decoded::Unreadable(format!("The {what} has no version number.")),
        Err(_) => {
            return Decoded::Unreadable(format!("The {what} is damaged (not readable as data)."))
        }
    };
    if version > CURRENT {
        return Decoded::Newer(version);
    }
    let parsed = match (version, first) {
        (CURRENT, Err(e)) => Err(e.to_string()),
        _ => upgrade(raw, version).and_then(|raw| {
            serde_json::from_str::<Envelope<T>>(&raw)
                .map(|e| e.data)
                .map_err(|e| e.to_string())
        }),
    };
    parsed.map(Decoded::Ok).unwrap_or_else(|why| {
        Decoded::Unreadable(format!(
            "The {what} does not have the shape Waypoint expects ({why})."
        ))
    })
}

/// Upgrades a raw envelope from `from` to [`CURRENT`], one version at a time. A step that
/// reshapes data parses `serde_json::Value`, changes it and writes it back; until a second
/// version exists there is no step, which also keeps `Value`'s code out of the wasm.
fn upgrade(raw: &str, from: u32) -> Result<std::borrow::Cow<'_, str>, String> {
    match from {
        // Version 1 is the first released schema: nothing older exists to upgrade.
        CURRENT => Ok(std::borrow::Cow::Borrowed(raw)),
        other => Err(format!("version {other} was never written by Waypoint")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_through_their_envelope() {
        let raw = encode(&vec![1, 2, 3]);
        assert_eq!(raw, r#"{"schema_version":1,"data":[1,2,3]}"#);
        assert_eq!(decode::<Vec<u8>>(&raw, "list"), Decoded::Ok(vec![1, 2, 3]));
    }

    #[test]
    fn a_newer_version_is_reported_not_read() {
        let raw = r#"{"schema_version":7,"data":{"whatever":true}}"#;
        assert_eq!(decode::<Vec<u8>>(raw, "list"), Decoded::Newer(7));
    }

    #[test]
    fn damaged_records_get_a_plain_reason() {
        for raw in [
            "",
            "{",
            "null",
            "[1,2]",
            r#"{"data":[1]}"#,
            r#"{"schema_version":1,"data":"x"}"#,
            r#"{"schema_version":0,"data":[1]}"#,
        ] {
            assert!(
                matches!(decode::<Vec<u8>>(raw, "list"), Decoded::Unreadable(_)),
                "{raw}"
            );
        }
    }
}
