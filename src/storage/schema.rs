//! Schema versions and migrations. Every stored record is an envelope
//! `{"schema_version": N, "data": …}`; records from older versions are upgraded when read,
//! records from newer versions are left exactly as they are.
//!
//! Every released version keeps a fixture in `tests/fixtures/` and a test that loads it.

use crate::domain::json::{self, Fields, FromJson, Json, ToJson, Writer};

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

/// `value` in an envelope of the current version.
pub fn encode(value: &dyn ToJson) -> String {
    let mut out = Writer::new();
    out.begin_object();
    out.field("schema_version", &CURRENT);
    out.field("data", value);
    out.end_object();
    out.finish()
}

/// Reads an envelope, upgrading older versions; `what` names the record in messages.
pub fn decode<T: FromJson>(raw: &str, what: &str) -> Decoded<T> {
    let damaged = || Decoded::Unreadable(format!("The {what} is damaged (not readable as data)."));
    let Ok(envelope) = json::parse(raw) else {
        return damaged();
    };
    let version = match Fields::of(&envelope).and_then(|o| o.field_or("schema_version", None)) {
        Ok(Some(version)) => version,
        Ok(None) => return Decoded::Unreadable(format!("The {what} has no version number.")),
        Err(_) => return damaged(),
    };
    if version > CURRENT {
        return Decoded::Newer(version);
    }
    let data = upgrade(envelope, version).and_then(|envelope| {
        Fields::of(&envelope)
            .and_then(|o| o.field("data"))
            .map_err(|e| e.to_string())
    });
    match data {
        Ok(data) => Decoded::Ok(data),
        Err(why) => Decoded::Unreadable(format!(
            "The {what} does not have the shape Waypoint expects ({why})."
        )),
    }
}

/// Upgrades a parsed envelope from `from` to [`CURRENT`], one version at a time: a step that
/// reshapes data changes the [`Json`] tree before it is read as domain types.
fn upgrade(envelope: Json, from: u32) -> Result<Json, String> {
    match from {
        // Version 1 is the first released schema: nothing older exists to upgrade.
        CURRENT => Ok(envelope),
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
    }
}
