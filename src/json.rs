//! JSON text for Waypoint's stored records and files. Every stored type derives serde's
//! `Serialize` and `Deserialize` with the names and shapes already on disk; serde_json reads and
//! writes them. This module adds what the app promises on top:
//!
//! - [`to_string`] writes compact JSON, as every record and file has always been written;
//! - [`from_str`] says in plain words why a text cannot be read: not JSON at all, or not the
//!   shape the type needs, naming the field, what it should hold and the list item
//!   (`` `rating` should be a whole number from 0 to 255, in item 2 of `entries` ``), never the
//!   text's content. serde's message says what was expected; where, serde_json gives as a line
//!   and column, which `path_to` turns into the path by reading the text up to there again
//!   (serde_path_to_error follows the path while reading instead, at the price of a wrapper
//!   around every type's deserialiser: 39 KB of wasm, measured, mostly on a returning start);
//! - [`check`] is for a file someone chose: a key given twice in one object is refused anywhere
//!   (serde's derives refuse it only for the fields they read, and another reader taking the
//!   first value or the last could show something different from what Waypoint read), and so is
//!   nesting deeper than [`MAX_DEPTH`].
//!
//! Whole-number fields refuse `6.0`, `1e2` and `-0`: serde_json reads those as floats, which no
//! integer field accepts. A stored record, which Waypoint wrote itself, is read without
//! [`check`]: a field Waypoint reads given twice is refused by serde's derive all the same.
//!
//! What serde's derives read that the hand-written reader of earlier builds refused, none of it
//! anything Waypoint writes, and all of it read the same way by the serde-based builds before
//! that: a group of named values written as a list, read field by field in order (not an entry,
//! which is read only as an object), and a name written as `{"name": null}`.

use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::fmt;

/// The deepest nesting of arrays and objects [`check`] accepts, as Waypoint's own reader did.
pub const MAX_DEPTH: usize = 128;

/// `value` as compact JSON.
///
/// Waypoint's types cannot fail to serialise: every map key is text and no `Serialize` impl
/// returns an error, so a failure would be a bug in this build, not a state of the data.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_string(value) {
        Ok(text) => text,
        Err(_) => unreachable!("Waypoint's types always serialise"),
    }
}

/// Why a text could not be read as a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// The text is not JSON (cut short, or another kind of text).
    NotJson,
    /// The text is JSON, but not the shape the value needs.
    Shape(DecodeError),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotJson => f.write_str("not readable as data"),
            ReadError::Shape(e) => e.fmt(f),
        }
    }
}

/// `text` read as a `T`: the whole of it, whitespace aside.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, ReadError> {
    let mut de = serde_json::Deserializer::from_str(text);
    match T::deserialize(&mut de) {
        Ok(value) => match de.end() {
            Ok(()) => Ok(value),
            Err(_) => Err(ReadError::NotJson),
        },
        // serde_json stops at the first problem it meets; a text that is not JSON further on is
        // reported as that, whatever came first, so the question is asked of the text itself.
        // (It also reports a name where a number stands, for an enum, as a syntax error.)
        Err(e) if is_json(text) => Err(ReadError::Shape(DecodeError::new(&e, &path_to(text, &e)))),
        Err(_) => Err(ReadError::NotJson),
    }
}

/// Whether `text` is one JSON value (serde_json skips values without building them or
/// recursing, so any depth is read).
fn is_json(text: &str) -> bool {
    serde_json::from_str::<IgnoredAny>(text).is_ok()
}

/// For an `Option` field that may be absent but not `null`, where `null` is as wrong as any
/// other value of the wrong type: `#[serde(default, deserialize_with = "json::present")]`.
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

// ---------------------------------------------------------------------------------------------
// What is wrong, in plain words
// ---------------------------------------------------------------------------------------------

/// Why a JSON value is not the shape a type needs, in plain words: which field, what it should
/// be, and in which item of which list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// The field the problem is in; empty for the value itself (an item of a list, say).
    field: String,
    problem: Problem,
    /// The lists it is inside, innermost first: `(list field, index)`.
    items: Vec<(String, usize)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Problem {
    /// A required field is absent.
    Missing(String),
    /// A field is given twice.
    Repeated(String),
    /// The value should have been this: "text", "true or false", "one of `a` or `b`".
    Want(String),
    /// Not a value of the kind the field holds, and serde said no more (a name that must be text
    /// written as a number, say).
    Unknown,
}

/// What an object should be, in messages.
const OBJECT: &str = "a group of named values";

impl DecodeError {
    /// The error serde_json gave, found at `path`.
    fn new(e: &serde_json::Error, path: &[Step]) -> Self {
        let message = e.to_string();
        let message = match e.line() {
            0 => message.as_str(),
            line => {
                let at = format!(" at line {line} column {}", e.column());
                message.strip_suffix(at.as_str()).unwrap_or(&message)
            }
        };
        let problem = problem(message);
        // An item of a list is named by the field holding the list, when one does.
        let mut items: Vec<(String, usize)> = Vec::new();
        for (i, step) in path.iter().enumerate() {
            if let Step::Item(index) = step {
                let list = match i.checked_sub(1).map(|before| &path[before]) {
                    Some(Step::Field(key)) => key.clone(),
                    _ => String::new(),
                };
                items.push((list, *index));
            }
        }
        items.reverse();
        // The problem is in a field when the path ends at one; a missing or repeated field is
        // found in the object that lacks or repeats it, whose own name adds nothing.
        let field = match (&problem, path.last()) {
            (Problem::Want(_) | Problem::Unknown, Some(Step::Field(key))) => key.clone(),
            _ => String::new(),
        };
        DecodeError {
            field,
            problem,
            items,
        }
    }
}

/// The problem serde's message describes. serde words its errors the same way for every
/// format ("missing field `x`", "invalid type: …, expected …"); what it expected is the
/// description of the type the field holds, said here in plain words.
fn problem(message: &str) -> Problem {
    let quoted = |prefix: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix('`'))
            .map(str::to_string)
    };
    if let Some(name) = quoted("missing field `") {
        return Problem::Missing(name);
    }
    if let Some(name) = quoted("duplicate field `") {
        return Problem::Repeated(name);
    }
    // The value the text held comes before ", expected" and may hold anything, that phrase
    // included; what serde expected is last.
    match message.rfind(", expected ") {
        Some(at) => Problem::Want(plain(&message[at + ", expected ".len()..])),
        None => Problem::Unknown,
    }
}

/// What serde expected, in words for the patient.
fn plain(expected: &str) -> String {
    match expected {
        "u8" => "a whole number from 0 to 255".into(),
        "u16" | "u32" | "u64" | "usize" => "a whole number".into(),
        "a string" => "text".into(),
        "a boolean" => "true or false".into(),
        "a sequence" => "a list".into(),
        "a map" => OBJECT.into(),
        e if e.starts_with("struct ") => OBJECT.into(),
        // Names, as serde lists them: "`a`", "`a` or `b`", "one of `a`, `b`, `c`".
        e if e.starts_with('`') => format!("one of {e}"),
        e if e.starts_with("one of ") => match e.rfind(", ") {
            Some(last) => format!("{} or {}", &e[..last], &e[last + 2..]),
            None => e.into(),
        },
        // A description Waypoint wrote itself ("a time written as …").
        e => e.into(),
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut items = self.items.iter();
        let want = match &self.problem {
            Problem::Missing(name) => {
                write!(f, "missing field `{name}`")?;
                None
            }
            Problem::Repeated(name) => {
                write!(f, "`{name}` is given twice")?;
                None
            }
            problem if self.field.is_empty() => {
                match items.next() {
                    Some((list, index)) => write_item(f, list, *index)?,
                    None => f.write_str("the data")?,
                }
                Some(problem)
            }
            problem => {
                write!(f, "`{}`", self.field)?;
                Some(problem)
            }
        };
        match want {
            Some(Problem::Want(what)) => write!(f, " should be {what}")?,
            Some(_) => f.write_str(" is not a value Waypoint knows")?,
            None => {}
        }
        for (i, (list, index)) in items.enumerate() {
            f.write_str(if i == 0 { ", in " } else { ", " })?;
            write_item(f, list, *index)?;
        }
        Ok(())
    }
}

/// `item 4 of `entries`` (items count from 1 for people).
fn write_item(f: &mut fmt::Formatter<'_>, list: &str, index: usize) -> fmt::Result {
    write!(f, "item {}", index + 1)?;
    if !list.is_empty() {
        write!(f, " of `{list}`")?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Where in the text
// ---------------------------------------------------------------------------------------------

/// One step from a value into a part of it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    /// The value of this field of an object.
    Field(String),
    /// This item of a list (from 0).
    Item(usize),
}

/// The path to the value serde_json was reading when it stopped with `e` in `text`.
///
/// serde_json says where it stopped as a line and column: at the first byte of a value of the
/// wrong type, just after a value it refused, or just after the object that lacks a field. The
/// text up to there is read again, noting each field and item entered; it ends inside the value
/// meant, or just after it, and the path is that value's either way.
fn path_to(text: &str, e: &serde_json::Error) -> Vec<Step> {
    let line_start = match e.line() {
        0 | 1 => 0,
        line => text
            .match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(at, _)| at + 1),
    };
    let mut end = (line_start + e.column()).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // At the first byte of a value, serde_json may have stopped just before it: that byte is
    // taken too, so the reading below enters the value rather than ending between two.
    if text[..end].trim_end().ends_with(['[', ',', ':']) {
        if let Some((at, first)) = text[end..].char_indices().find(|(_, c)| !c.is_whitespace()) {
            end += at + first.len_utf8();
        }
    }
    let trail = Trail {
        path: &RefCell::new(Vec::new()),
        found: &RefCell::new(None),
    };
    let mut de = serde_json::Deserializer::from_str(&text[..end]);
    // It stops where the text does, having noted the path; read whole, the value is the text's.
    let _ = de.deserialize_any(trail);
    trail.found.take().unwrap_or_default()
}

/// Reads any JSON noting the path to each value ([`path_to`]): the path of the value being
/// read, and where the text ended, once found.
#[derive(Clone, Copy)]
struct Trail<'a> {
    path: &'a RefCell<Vec<Step>>,
    found: &'a RefCell<Option<Vec<Step>>>,
}

impl Trail<'_> {
    /// The text ended at `at`, unless a part of it inside already said where.
    fn ended_at(self, at: Vec<Step>) {
        self.found.borrow_mut().get_or_insert(at);
    }

    /// The path to the part `step` of the value being read.
    fn plus(self, step: Step) -> Vec<Step> {
        let mut path = self.path.borrow().clone();
        path.push(step);
        path
    }
}

/// One part of a value, reached by `step`.
struct Part<'a> {
    trail: Trail<'a>,
    step: Step,
}

impl<'de> DeserializeSeed<'de> for Part<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let Part { trail, step } = self;
        trail.path.borrow_mut().push(step);
        let read = deserializer.deserialize_any(trail);
        if read.is_err() {
            trail.ended_at(trail.path.borrow().clone());
        }
        trail.path.borrow_mut().pop();
        read
    }
}

impl<'de> Visitor<'de> for Trail<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        // The last item read whole: the text may end just after it.
        let mut last = None;
        for index in 0.. {
            let part = Part {
                trail: self,
                step: Step::Item(index),
            };
            match items.next_element_seed(part) {
                Ok(Some(())) => last = Some(self.plus(Step::Item(index))),
                Ok(None) => break,
                Err(e) => {
                    self.ended_at(last.unwrap_or_else(|| self.path.borrow().clone()));
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut fields: A) -> Result<(), A::Error> {
        let mut last = None;
        loop {
            let key = match fields.next_key::<String>() {
                Ok(Some(key)) => key,
                Ok(None) => return Ok(()),
                Err(e) => {
                    self.ended_at(last.unwrap_or_else(|| self.path.borrow().clone()));
                    return Err(e);
                }
            };
            let part = Part {
                trail: self,
                step: Step::Field(key.clone()),
            };
            if let Err(e) = fields.next_value_seed(part) {
                // Ended after the name, before its value began: the field is the one meant.
                self.ended_at(self.plus(Step::Field(key)));
                return Err(e);
            }
            last = Some(self.plus(Step::Field(key)));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Files someone chose
// ---------------------------------------------------------------------------------------------

/// Why [`check`] refused a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not JSON.
    NotJson,
    /// Arrays and objects nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// A key given twice in one object.
    RepeatedKey,
}

/// Reads `text` as JSON without keeping anything, refusing what serde_json alone lets through: a
/// key given twice in one object, and nesting deeper than [`MAX_DEPTH`].
pub fn check(text: &str) -> Result<(), Refusal> {
    let found = Cell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    // serde_json's own limit refuses the 128th level; this walk counts for itself and stops
    // past the 128th, so its recursion is bounded all the same.
    de.disable_recursion_limit();
    let walk = Walk {
        depth: 0,
        found: &found,
    };
    match walk.deserialize(&mut de).and_then(|()| de.end()) {
        Ok(()) => Ok(()),
        Err(_) => Err(found.get().unwrap_or(Refusal::NotJson)),
    }
}

/// One value of [`check`]'s walk, inside `depth` arrays and objects; a refusal is noted in
/// `found` before the error unwinds, so it is never read back from a message.
#[derive(Clone, Copy)]
struct Walk<'a> {
    depth: usize,
    found: &'a Cell<Option<Refusal>>,
}

impl Walk<'_> {
    fn refuse<E: de::Error>(self, why: Refusal) -> E {
        self.found.set(Some(why));
        E::custom("refused")
    }

    fn deeper<E: de::Error>(self) -> Result<Self, E> {
        if self.depth >= MAX_DEPTH {
            return Err(self.refuse(Refusal::TooDeep));
        }
        Ok(Walk {
            depth: self.depth + 1,
            ..self
        })
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        let inner = self.deeper()?;
        while items.next_element_seed(inner)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut pairs: A) -> Result<(), A::Error> {
        let inner = self.deeper()?;
        let mut keys = HashSet::new();
        while let Some(key) = pairs.next_key::<String>()? {
            if !keys.insert(key) {
                return Err(self.refuse(Refusal::RepeatedKey));
            }
            pairs.next_value_seed(inner)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Sample {
        name: String,
        #[serde(default = "one")]
        count: u8,
        #[serde(default)]
        tags: Vec<String>,
        when: Option<u32>,
    }

    fn one() -> u8 {
        1
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Light {
        Red,
        AmberFlashing,
        Green,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Lamp {
        light: Light,
    }

    fn sample_error(text: &str) -> String {
        match from_str::<Vec<Sample>>(text) {
            Ok(v) => panic!("{text} read as {v:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn defaults_fill_absent_fields_and_unknown_fields_are_ignored() {
        assert_eq!(
            from_str::<Vec<Sample>>(r#"[{"name":"a","other":[1,{}]},{"name":"b","when":null}]"#),
            Ok(vec![
                Sample {
                    name: "a".into(),
                    count: 1,
                    tags: vec![],
                    when: None
                },
                Sample {
                    name: "b".into(),
                    count: 1,
                    tags: vec![],
                    when: None
                }
            ])
        );
    }

    #[test]
    fn shape_errors_name_the_field_what_it_should_be_and_where() {
        assert_eq!(
            sample_error(r#"[{"name":"a"},{"count":1}]"#),
            "missing field `name`, in item 2"
        );
        assert_eq!(
            sample_error(r#"[{"name":"a","count":256}]"#),
            "`count` should be a whole number from 0 to 255, in item 1"
        );
        assert_eq!(
            sample_error(r#"[{"name":"a","count":null}]"#),
            "`count` should be a whole number from 0 to 255, in item 1"
        );
        assert_eq!(
            sample_error(r#"[{"name":"a","tags":["x",7]}]"#),
            "item 2 of `tags` should be text, in item 1"
        );
        assert_eq!(
            sample_error(r#"[7]"#),
            "item 1 should be a group of named values"
        );
        assert_eq!(sample_error(r#"{}"#), "the data should be a list");
        assert_eq!(
            sample_error(r#"[{"name":"a","name":"b"}]"#),
            "`name` is given twice, in item 1"
        );
        assert_eq!(sample_error("[1"), "not readable as data");
        // Over many lines, where serde_json counts lines and columns.
        assert_eq!(
            sample_error("[\n  {\"name\": \"a\"},\n  {\n    \"name\": \"b\",\n    \"tags\": [\n      \"x\",\n      7\n    ]\n  }\n]"),
            "item 2 of `tags` should be text, in item 2"
        );
    }

    #[test]
    fn the_files_content_never_appears_in_a_message() {
        let err = sample_error(r#"[{"name":"<b>secret, expected evil</b>","count":"<i>"}]"#);
        assert_eq!(
            err,
            "`count` should be a whole number from 0 to 255, in item 1"
        );
    }

    #[test]
    fn enum_names_are_read_strictly_and_listed_when_wrong() {
        assert_eq!(
            from_str::<Lamp>(r#"{"light":"amber_flashing"}"#),
            Ok(Lamp {
                light: Light::AmberFlashing
            })
        );
        let err = |text: &str| from_str::<Lamp>(text).unwrap_err().to_string();
        assert_eq!(
            err(r#"{"light":"Red"}"#),
            "`light` should be one of `red`, `amber_flashing` or `green`"
        );
        // serde_json calls a number where a name belongs a syntax error: it is still JSON, so
        // the field is named.
        assert_eq!(
            err(r#"{"light":5}"#),
            "`light` is not a value Waypoint knows"
        );
    }

    #[test]
    fn whole_number_fields_refuse_floats_negative_zero_and_numbers_too_large() {
        for text in [
            "6.0",
            "6.5",
            "1e2",
            "1E0",
            "-0",
            "-1",
            "256",
            "99999999999999999999",
        ] {
            assert_eq!(
                from_str::<u8>(text),
                Err(ReadError::Shape(DecodeError {
                    field: String::new(),
                    problem: Problem::Want("a whole number from 0 to 255".into()),
                    items: vec![],
                })),
                "{text}"
            );
        }
        // Beyond what a float holds, serde_json gives up on the number; still refused.
        assert!(from_str::<u8>("1e400").is_err());
        assert_eq!(from_str::<u8>("0"), Ok(0));
        assert_eq!(from_str::<u32>("4294967295"), Ok(u32::MAX));
        assert!(from_str::<u32>("4294967296").is_err());
    }

    #[test]
    fn text_that_is_not_json_is_said_to_be_so_wherever_the_first_problem_is() {
        for text in [
            "",
            "{",
            "[1,]",
            "\"a\tb\"",
            "01",
            "NaN",
            "[1] 2",
            "\u{feff}[]",
        ] {
            assert_eq!(
                from_str::<Vec<u8>>(text),
                Err(ReadError::NotJson),
                "{text:?}"
            );
        }
        // A wrong type early and a cut further on: the text is not JSON, and that is what counts.
        assert_eq!(from_str::<Vec<u8>>(r#"["a", 1"#), Err(ReadError::NotJson));
    }

    #[test]
    fn present_refuses_null_where_absence_is_allowed() {
        #[derive(Debug, Deserialize)]
        struct Note {
            #[serde(default, deserialize_with = "present")]
            text: Option<String>,
        }
        assert_eq!(from_str::<Note>("{}").map(|n| n.text), Ok(None));
        assert_eq!(
            from_str::<Note>(r#"{"text":"a"}"#).map(|n| n.text),
            Ok(Some("a".into()))
        );
        assert_eq!(
            from_str::<Note>(r#"{"text":null}"#)
                .unwrap_err()
                .to_string(),
            "`text` should be text"
        );
    }

    #[test]
    fn check_reads_any_json_to_the_depth_limit_and_refuses_past_it() {
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert_eq!(check(&nested(MAX_DEPTH)), Ok(()));
        assert_eq!(check(&nested(MAX_DEPTH + 1)), Err(Refusal::TooDeep));
        let objects = |n: usize| format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n));
        assert_eq!(check(&objects(MAX_DEPTH)), Ok(()));
        assert_eq!(check(&objects(MAX_DEPTH + 1)), Err(Refusal::TooDeep));
        // Far past it, as a hostile file would be: refused without exhausting the stack.
        assert_eq!(check(&"[".repeat(1_000_000)), Err(Refusal::TooDeep));
        assert_eq!(check(r#"{"a":[true,null,-1.5e3,"x"],"b":{}}"#), Ok(()));
    }

    #[test]
    fn check_refuses_a_key_given_twice_in_any_object() {
        assert_eq!(check(r#"{"a":1,"a":2}"#), Err(Refusal::RepeatedKey));
        assert_eq!(
            check(r#"{"a":{"b":1},"c":[{"d":1,"d":1}]}"#),
            Err(Refusal::RepeatedKey)
        );
        // The same key in different objects is no repeat.
        assert_eq!(check(r#"{"a":{"b":1},"c":{"b":2}}"#), Ok(()));
        // An escaped key is the same key.
        assert_eq!(check(r#"{"a":1,"\u0061":2}"#), Err(Refusal::RepeatedKey));
    }

    #[test]
    fn check_refuses_what_is_not_json() {
        for text in [
            "",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "'a'",
            "\"\\ud83d\"",
            "1 2",
            "tru",
        ] {
            assert_eq!(check(text), Err(Refusal::NotJson), "{text:?}");
        }
    }
}
