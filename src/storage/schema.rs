//! Schema versions and migrations. Every stored record is an envelope
//! `{"schema_version": N, "data": …}`; records from older versions are upgraded when read,
//! records from newer versions are left exactly as they are.
//!
//! Every released version keeps a fixture in `tests/fixtures/` and a test that loads it.

use crate::json::{self, ReadError};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

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

/// A stored record: `{"schema_version": N, "data": …}`.
#[derive(Serialize, Deserialize)]
struct Envelope<T> {
    schema_version: u32,
    data: T,
}

/// Only the version of an envelope, whatever its data.
#[derive(Deserialize)]
struct Version {
    schema_version: Option<u32>,
}

/// `value` in an envelope of the current version.
pub fn encode<T: Serialize>(value: &T) -> String {
    json::to_string(&Envelope {
        schema_version: CURRENT,
        data: value,
    })
}

/// Reads an envelope, upgrading older versions; `what` names the record in messages.
pub fn decode<T: DeserializeOwned>(raw: &str, what: &str) -> Decoded<T> {
    // The common case, a current record, is read in one pass; a record that fails it is asked
    // for its version alone, to say precisely what is wrong or to upgrade it.
    let first = json::from_str::<Envelope<T>>(raw);
    if let Ok(Envelope {
        schema_version: CURRENT,
        data,
    }) = first
    {
        return Decoded::Ok(data);
    }
    let damaged = || Decoded::Unreadable(format!("The {what} is damaged (not readable as data)."));
    let version = match json::from_str::<Version>(raw) {
        Ok(Version {
            schema_version: Some(version),
        }) => version,
        Ok(Version {
            schema_version: None,
        }) => return Decoded::Unreadable(format!("The {what} has no version number.")),
        Err(_) => return damaged(),
    };
    if version > CURRENT {
        return Decoded::Newer(version);
    }
    let data = match (version, first) {
        (CURRENT, Err(ReadError::Shape(why))) => Err(why.to_string()),
        // Its version was read, so it is JSON: not reached, but never an upgrade.
        (CURRENT, _) => return damaged(),
        (older, _) => upgrade(raw, older).and_then(|raw| {
            json::from_str::<Envelope<T>>(&raw)
                .map(|envelope| envelope.data)
                .map_err(|why| why.to_string())
        }),
    };
    match data {
        Ok(data) => Decoded::Ok(data),
        Err(why) => Decoded::Unreadable(format!(
            "The {what} does not have the shape Waypoint expects ({why})."
        )),
    }
}

/// Upgrades a raw envelope from `from` to [`CURRENT`], one version at a time. A step that
/// reshapes data reads it as a `serde_json::Value`, changes it and writes it back.
fn upgrade(raw: &str, from: u32) -> Result<Cow<'_, str>, String> {
    match from {
        // Version 1 is the first released schema: nothing older exists to upgrade.
        CURRENT => Ok(Cow::Borrowed(raw)),
        other => Err(format!("version {other} was never written by Waypoint")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_through_their_envelope() {
        let raw = encode(&vec![1u8, 2, 3]);
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
        let why = |raw: &str| match decode::<Vec<u8>>(raw, "list") {
            Decoded::Unreadable(why) => why,
            other => panic!("{raw}: {other:?}"),
        };
        assert_eq!(why("{"), "The list is damaged (not readable as data).");
        assert_eq!(why(r#"{"data":[1]}"#), "The list has no version number.");
        assert_eq!(
            why(r#"{"schema_version":"1","data":[1]}"#),
            "The list is damaged (not readable as data)."
        );
        assert_eq!(
            why(r#"{"schema_version":1,"data":"x"}"#),
            "The list does not have the shape Waypoint expects (`data` should be a list)."
        );
        assert_eq!(
            why(r#"{"schema_version":1,"data":[1,"x"]}"#),
            "The list does not have the shape Waypoint expects (item 2 of `data` should be a whole number from 0 to 255)."
        );
        assert_eq!(
            why(r#"{"schema_version":0,"data":[1]}"#),
            "The list does not have the shape Waypoint expects (version 0 was never written by Waypoint)."
        );
    }

    #[test]
    fn a_field_given_twice_is_refused() {
        let raw = r#"{"schema_version":1,"data":[1],"data":[2]}"#;
        assert_eq!(
            decode::<Vec<u8>>(raw, "list"),
            Decoded::Unreadable(
                "The list does not have the shape Waypoint expects (`data` is given twice).".into()
            )
        );
    }
}
