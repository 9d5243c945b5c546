//! JSON for Waypoint's stored records and files, written by hand: a value tree, a strict
//! RFC 8259 parser, a compact writer, and the two traits every stored type implements.
//!
//! serde and serde_json cost a lot of wasm (a deserializer per type, buffering for flattened and
//! tagged structs, float formatting for error messages): replacing them with this module and the
//! hand-written conversions took 97 KB off the raw wasm.
//! The text it writes is byte for byte what serde_json wrote, so files and stored records from
//! earlier builds read the same and are written back unchanged.
//!
//! Choices, each with a test:
//! - a key repeated in one object is an error: another reader taking the first value or the last
//!   could show something different from what Waypoint read;
//! - a `\u` escape of half a UTF-16 surrogate pair, on its own, is an error;
//! - nesting deeper than [`MAX_DEPTH`] is an error, so hostile input cannot exhaust the stack;
//! - numbers are kept as the text they were written as, so no float is ever parsed or formatted
//!   (Waypoint stores only whole numbers).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;

/// The deepest nesting of arrays and objects read; serde_json's limit was about the same.
pub const MAX_DEPTH: usize = 128;

/// A JSON value. Objects keep their keys in the order written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Json {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, as written.
    Num(Number),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object: keys and values in the order written, no key twice.
    Obj(Vec<(String, Json)>),
}

/// A JSON number, kept as its text (always valid JSON number syntax).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number(String);

impl Number {
    /// The number as written, e.g. `6`, `-1.5e3`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number if it is a whole number from 0 to `u64::MAX` written without a sign, fraction
    /// or exponent (serde_json read `-0`, `6.0` and `1e2` as floats, which integer fields refused).
    pub fn as_u64(&self) -> Option<u64> {
        if !self.0.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        self.0.parse().ok()
    }
}

impl From<u64> for Number {
    fn from(n: u64) -> Self {
        Number(n.to_string())
    }
}

impl Json {
    /// The text, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is a whole number (see [`Number::as_u64`]).
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Num(n) => n.as_u64(),
            _ => None,
        }
    }

    /// The value under `key`, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(pairs) => pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/// Why a text is not JSON, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset into the text.
    pub at: usize,
    /// What is wrong there.
    pub what: &'static str,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.what, self.at)
    }
}

/// Reads one JSON value filling the whole of `text` (whitespace aside).
pub fn parse(text: &str) -> Result<Json, SyntaxError> {
    let mut parser = Parser { text, at: 0 };
    let value = parser.value(0)?;
    parser.skip_space();
    if parser.at < text.len() {
        return Err(parser.error("more text after the data"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl Parser<'_> {
    fn error(&self, what: &'static str) -> SyntaxError {
        SyntaxError { at: self.at, what }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// A value inside `depth` arrays and objects.
    fn value(&mut self, depth: usize) -> Result<Json, SyntaxError> {
        self.skip_space();
        match self.peek() {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Json::Str),
            Some(b't') => self.word("true", Json::Bool(true)),
            Some(b'f') => self.word("false", Json::Bool(false)),
            Some(b'n') => self.word("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("unexpected character")),
            None => Err(self.error("the data ends too soon")),
        }
    }

    fn word(&mut self, word: &'static str, value: Json) -> Result<Json, SyntaxError> {
        if !self.text[self.at..].starts_with(word) {
            return Err(self.error("unexpected word"));
        }
        self.at += word.len();
        Ok(value)
    }

    fn digits(&mut self) -> bool {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at > start
    }

    fn number(&mut self) -> Result<Json, SyntaxError> {
        let start = self.at;
        self.eat(b'-');
        if !self.eat(b'0') && !self.digits() {
            return Err(self.error("a number without digits"));
        }
        if self.eat(b'.') && !self.digits() {
            return Err(self.error("a number without digits after its point"));
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if !self.digits() {
                return Err(self.error("a number without digits in its exponent"));
            }
        }
        Ok(Json::Num(Number(self.text[start..self.at].to_string())))
    }

    fn array(&mut self, depth: usize) -> Result<Json, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error("the data is nested too deeply"));
        }
        self.at += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.eat(b']') {
            return Ok(Json::Arr(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_space();
            if self.eat(b']') {
                return Ok(Json::Arr(items));
            }
            if !self.eat(b',') {
                return Err(self.error("expected `,` or `]`"));
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error("the data is nested too deeply"));
        }
        self.at += 1;
        let mut pairs = Vec::new();
        self.skip_space();
        if self.eat(b'}') {
            return Ok(Json::Obj(pairs));
        }
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a name in quotes"));
            }
            let key = self.string()?;
            self.skip_space();
            if !self.eat(b':') {
                return Err(self.error("expected `:`"));
            }
            let value = self.value(depth)?;
            pairs.push((key, value));
            self.skip_space();
            if self.eat(b'}') {
                break;
            }
            if !self.eat(b',') {
                return Err(self.error("expected `,` or `}`"));
            }
        }
        if has_repeated_key(&pairs) {
            return Err(self.error("a name is repeated in one object"));
        }
        Ok(Json::Obj(pairs))
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.at += 1;
        let bytes = self.text.as_bytes();
        let mut out = String::new();
        loop {
            let start = self.at;
            while let Some(&b) = bytes.get(self.at) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            // Stops are ASCII, so both ends are character boundaries.
            out.push_str(&self.text[start..self.at]);
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    self.escape(&mut out)?;
                }
                Some(_) => return Err(self.error("a control character inside text")),
                None => return Err(self.error("the data ends inside text")),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.at += 1;
                let first = self.hex4()?;
                let code = match first {
                    0xD800..=0xDBFF => {
                        if !self.text[self.at..].starts_with("\\u") {
                            return Err(self.error("half a surrogate pair"));
                        }
                        self.at += 2;
                        let second = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&second) {
                            return Err(self.error("half a surrogate pair"));
                        }
                        0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return Err(self.error("half a surrogate pair")),
                    code => code,
                };
                // Every code outside the surrogates is a char.
                out.extend(char::from_u32(code));
                return Ok(());
            }
            _ => return Err(self.error("an unknown escape")),
        };
        self.at += 1;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|b| char::from(b).to_digit(16))
                .ok_or_else(|| self.error("a \\u escape needs four hex digits"))?;
            code = code * 16 + digit;
            self.at += 1;
        }
        Ok(code)
    }
}

/// Whether a key occurs twice.
fn has_repeated_key(pairs: &[(String, Json)]) -> bool {
    let mut seen = HashSet::with_capacity(pairs.len());
    pairs.iter().any(|(key, _)| !seen.insert(key))
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// Writes compact JSON, as serde_json's `to_string` did: no spaces, `"` `\` and control
/// characters escaped, everything else (non-ASCII included) as it is.
#[derive(Default)]
pub struct Writer {
    out: String,
    /// Whether the next value or key needs a `,` before it.
    comma: bool,
}

impl Writer {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.out
    }

    fn start_value(&mut self) {
        if self.comma {
            self.out.push(',');
        }
        self.comma = true;
    }

    /// `null`.
    pub fn null(&mut self) {
        self.start_value();
        self.out.push_str("null");
    }

    /// `true` or `false`.
    pub fn bool(&mut self, value: bool) {
        self.start_value();
        self.out.push_str(if value { "true" } else { "false" });
    }

    /// A whole number.
    pub fn uint(&mut self, value: u64) {
        self.start_value();
        // Integer formatting only: float formatting never enters the wasm.
        self.out.push_str(&value.to_string());
    }

    /// A string, escaped.
    pub fn str(&mut self, value: &str) {
        self.start_value();
        escape_into(&mut self.out, value);
    }

    /// `[`; follow with values and [`Writer::end_array`].
    pub fn begin_array(&mut self) {
        self.start_value();
        self.out.push('[');
        self.comma = false;
    }

    /// `]`.
    pub fn end_array(&mut self) {
        self.out.push(']');
        self.comma = true;
    }

    /// `{`; follow with keys and values and [`Writer::end_object`].
    pub fn begin_object(&mut self) {
        self.start_value();
        self.out.push('{');
        self.comma = false;
    }

    /// `}`.
    pub fn end_object(&mut self) {
        self.out.push('}');
        self.comma = true;
    }

    /// A key inside an object; the next value written is its value.
    pub fn key(&mut self, key: &str) {
        self.start_value();
        escape_into(&mut self.out, key);
        self.out.push(':');
        self.comma = false;
    }

    /// A key and its value.
    pub fn field(&mut self, key: &str, value: &dyn ToJson) {
        self.key(key);
        value.write_json(self);
    }
}

/// `text` as a JSON string, quotes included, escaped exactly as serde_json escaped it.
pub fn escape_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        if short.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(short);
        }
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

/// A value that writes itself as JSON.
pub trait ToJson {
    /// Writes `self` as one JSON value.
    fn write_json(&self, out: &mut Writer);
}

/// `value` as compact JSON text.
pub fn to_string(value: &dyn ToJson) -> String {
    let mut out = Writer::new();
    value.write_json(&mut out);
    out.finish()
}

impl ToJson for Json {
    fn write_json(&self, out: &mut Writer) {
        match self {
            Json::Null => out.null(),
            Json::Bool(b) => out.bool(*b),
            Json::Num(n) => {
                out.start_value();
                out.out.push_str(n.as_str());
            }
            Json::Str(s) => out.str(s),
            Json::Arr(items) => {
                out.begin_array();
                for item in items {
                    item.write_json(out);
                }
                out.end_array();
            }
            Json::Obj(pairs) => {
                out.begin_object();
                for (key, value) in pairs {
                    out.field(key, value);
                }
                out.end_object();
            }
        }
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut Writer) {
        out.str(self);
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut Writer) {
        out.bool(*self);
    }
}

impl ToJson for u8 {
    fn write_json(&self, out: &mut Writer) {
        out.uint(u64::from(*self));
    }
}

impl ToJson for u32 {
    fn write_json(&self, out: &mut Writer) {
        out.uint(u64::from(*self));
    }
}

impl ToJson for usize {
    fn write_json(&self, out: &mut Writer) {
        out.uint(*self as u64);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut Writer) {
        match self {
            Some(value) => value.write_json(out),
            None => out.null(),
        }
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut Writer) {
        out.begin_array();
        for item in self {
            item.write_json(out);
        }
        out.end_array();
    }
}

impl ToJson for BTreeSet<String> {
    fn write_json(&self, out: &mut Writer) {
        out.begin_array();
        for item in self {
            out.str(item);
        }
        out.end_array();
    }
}

/// Text by name, as an object (a raw journal: storage keys and the records under them).
impl ToJson for BTreeMap<String, String> {
    fn write_json(&self, out: &mut Writer) {
        out.begin_object();
        for (key, value) in self {
            out.field(key, value);
        }
        out.end_object();
    }
}

// ---------------------------------------------------------------------------------------------
// Reading values into domain types
// ---------------------------------------------------------------------------------------------

/// Why a JSON value is not the shape a type needs, in plain words: which field, what it should
/// be, and in which item of which list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// The field the problem is in; empty for the value itself (an item of a list, say).
    field: &'static str,
    problem: Problem,
    /// The lists it is inside, innermost first: `(list field, index)`.
    items: Vec<(&'static str, usize)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Problem {
    /// A required field is absent.
    Missing,
    /// The value should have been this: "text", "true or false".
    Want(&'static str),
    /// The value should have been one of these names.
    OneOf(&'static [&'static str]),
}

/// What an object should be, in messages.
const OBJECT: &str = "a group of named values";

impl DecodeError {
    /// The value should have been `what` ("text", "a whole number").
    pub fn want(what: &'static str) -> Self {
        Self {
            field: "",
            problem: Problem::Want(what),
            items: Vec::new(),
        }
    }

    /// The value should have been one of `names`.
    pub fn one_of(names: &'static [&'static str]) -> Self {
        Self {
            problem: Problem::OneOf(names),
            ..Self::want("")
        }
    }

    /// The field `name` is absent.
    pub fn missing(name: &'static str) -> Self {
        Self {
            field: name,
            problem: Problem::Missing,
            items: Vec::new(),
        }
    }

    /// This problem, found in the value of the field `name`: names the field, or the list the
    /// innermost item belongs to.
    pub fn in_field(mut self, name: &'static str) -> Self {
        if self.field.is_empty() && self.items.is_empty() {
            self.field = name;
        } else if let Some(list) = self.items.last_mut().filter(|(list, _)| list.is_empty()) {
            list.0 = name;
        }
        self
    }

    /// This problem, found in item `index` of a list (named by [`DecodeError::in_field`]).
    pub fn in_item(mut self, index: usize) -> Self {
        self.items.push(("", index));
        self
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut items = self.items.iter();
        let want = match (&self.problem, self.field) {
            (Problem::Missing, name) => {
                write!(f, "missing field `{name}`")?;
                None
            }
            (problem, "") => {
                match items.next() {
                    Some(&(list, index)) => write_item(f, list, index)?,
                    None => f.write_str("the data")?,
                }
                f.write_str(" should be ")?;
                Some(problem)
            }
            (problem, name) => {
                write!(f, "`{name}` should be ")?;
                Some(problem)
            }
        };
        match want {
            Some(Problem::Want(what)) => f.write_str(what)?,
            Some(Problem::OneOf(names)) => {
                f.write_str("one of ")?;
                for (i, name) in names.iter().enumerate() {
                    let sep = match i {
                        0 => "",
                        i if i + 1 == names.len() => " or ",
                        _ => ", ",
                    };
                    write!(f, "{sep}`{name}`")?;
                }
            }
            _ => {}
        }
        for (i, &(list, index)) in items.enumerate() {
            f.write_str(if i == 0 { ", in " } else { ", " })?;
            write_item(f, list, index)?;
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

/// A type read from a JSON value.
pub trait FromJson: Sized {
    /// Reads `value`, or says what is wrong with it.
    fn from_json(value: &Json) -> Result<Self, DecodeError>;
}

/// `text` read as a `T`: `Err` says whether it is not JSON at all or not the right shape.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, String> {
    let value = parse(text).map_err(|e| e.to_string())?;
    T::from_json(&value).map_err(|e| e.to_string())
}

/// The fields of one JSON object, read by name. Fields not asked for are ignored.
pub struct Fields<'a>(&'a [(String, Json)]);

impl<'a> Fields<'a> {
    /// The fields of `value`, which must be an object.
    pub fn of(value: &'a Json) -> Result<Self, DecodeError> {
        match value {
            Json::Obj(pairs) => Ok(Fields(pairs)),
            _ => Err(DecodeError::want(OBJECT)),
        }
    }

    /// The value of `name`, if present (`null` included).
    pub fn get(&self, name: &str) -> Option<&'a Json> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// The field `name`, which must be present.
    pub fn field<T: FromJson>(&self, name: &'static str) -> Result<T, DecodeError> {
        match self.get(name) {
            Some(value) => T::from_json(value).map_err(|e| e.in_field(name)),
            None => Err(DecodeError::missing(name)),
        }
    }

    /// The field `name`, or `default` when it is absent (a `null` is read as any value is, so it
    /// is `None` for an `Option` and an error for anything else, as with serde's defaults).
    pub fn field_or<T: FromJson>(&self, name: &'static str, default: T) -> Result<T, DecodeError> {
        match self.get(name) {
            Some(value) => T::from_json(value).map_err(|e| e.in_field(name)),
            None => Ok(default),
        }
    }
}

/// The index in `names` of the string `value` holds.
pub fn choice(value: &Json, names: &'static [&'static str]) -> Result<usize, DecodeError> {
    value
        .as_str()
        .and_then(|s| names.iter().position(|name| *name == s))
        .ok_or(DecodeError::one_of(names))
}

impl FromJson for String {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        match value {
            Json::Str(s) => Ok(s.clone()),
            _ => Err(DecodeError::want("text")),
        }
    }
}

impl FromJson for bool {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        match value {
            Json::Bool(b) => Ok(*b),
            _ => Err(DecodeError::want("true or false")),
        }
    }
}

impl FromJson for u8 {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        value
            .as_u64()
            .and_then(|n| u8::try_from(n).ok())
            .ok_or(DecodeError::want("a whole number from 0 to 255"))
    }
}

impl FromJson for u32 {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        value
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or(DecodeError::want("a whole number"))
    }
}

impl FromJson for usize {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        value
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or(DecodeError::want("a whole number"))
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        match value {
            Json::Null => Ok(None),
            value => T::from_json(value).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        let Json::Arr(items) = value else {
            return Err(DecodeError::want("a list"));
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            out.push(T::from_json(item).map_err(|e| e.in_item(i))?);
        }
        Ok(out)
    }
}

/// A list of text, sorted and with repeats dropped.
impl FromJson for BTreeSet<String> {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        Ok(Vec::<String>::from_json(value)?.into_iter().collect())
    }
}

/// An object whose values are all text.
impl FromJson for BTreeMap<String, String> {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        let Json::Obj(pairs) = value else {
            return Err(DecodeError::want(OBJECT));
        };
        let mut out = Vec::with_capacity(pairs.len());
        for (key, value) in pairs {
            let Json::Str(text) = value else {
                return Err(DecodeError::want("text"));
            };
            out.push((key.clone(), text.clone()));
        }
        Ok(out.into_iter().collect())
    }
}

impl FromJson for Json {
    fn from_json(value: &Json) -> Result<Self, DecodeError> {
        Ok(value.clone())
    }
}

/// `ToJson` and `FromJson` for a fieldless enum written as snake_case names, as
/// `#[serde(rename_all = "snake_case")]` wrote it: `json_enum!(Theme { System => "system", … })`.
macro_rules! json_enum {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $crate::domain::json::ToJson for $ty {
            fn write_json(&self, out: &mut $crate::domain::json::Writer) {
                out.str(match self {
                    $($ty::$variant => $name,)+
                });
            }
        }

        impl $crate::domain::json::FromJson for $ty {
            fn from_json(
                value: &$crate::domain::json::Json,
            ) -> Result<Self, $crate::domain::json::DecodeError> {
                const NAMES: &[&str] = &[$($name),+];
                const VALUES: &[$ty] = &[$($ty::$variant),+];
                $crate::domain::json::choice(value, NAMES).map(|i| VALUES[i])
            }
        }
    };
}
pub(crate) use json_enum;

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str) -> String {
        to_string(&parse(text).unwrap_or_else(|e| panic!("{text}: {e}")))
    }

    #[test]
    fn compact_text_reads_and_writes_back_byte_for_byte() {
        for text in [
            "null",
            "true",
            "false",
            "0",
            "-12",
            "3.25e-7",
            "1E+2",
            r#""""#,
            "[]",
            "{}",
            r#"{"b":1,"a":[true,null,{"c":"d"}],"e":{}}"#,
        ] {
            assert_eq!(round_trip(text), text);
        }
    }

    #[test]
    fn whitespace_between_tokens_is_read_and_not_written() {
        assert_eq!(
            round_trip(" \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" : null } \n"),
            r#"{"a":[1,2],"b":null}"#
        );
    }

    #[test]
    fn every_escape_reads_as_its_character() {
        let value = parse(r#""\" \\ \/ \b \f \n \r \t \u0041 \u00e9 \u20AC""#).unwrap();
        assert_eq!(
            value,
            Json::Str("\" \\ / \u{8} \u{c} \n \r \t A é €".into())
        );
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escaped_them() {
        let mut out = String::new();
        escape_into(
            &mut out,
            "q\" b\\ s/ \u{8}\u{c}\n\r\t \u{0}\u{1f} \u{7f} é 😀 \u{2028}",
        );
        assert_eq!(
            out,
            "\"q\\\" b\\\\ s/ \\b\\f\\n\\r\\t \\u0000\\u001f \u{7f} é 😀 \u{2028}\""
        );
    }

    #[test]
    fn a_surrogate_pair_reads_as_one_character() {
        assert_eq!(parse(r#""\ud83d\ude00""#), Ok(Json::Str("😀".into())));
        assert_eq!(parse(r#""\uD83D\uDE00x""#), Ok(Json::Str("😀x".into())));
    }

    #[test]
    fn half_a_surrogate_pair_is_refused() {
        for text in [
            r#""\ud83d""#,
            r#""\ud83dx""#,
            r#""\ud83d\u0041""#,
            r#""\ude00""#,
            r#""\ud83d\ud83d""#,
        ] {
            let err = parse(text).unwrap_err();
            assert_eq!(err.what, "half a surrogate pair", "{text}");
        }
    }

    #[test]
    fn a_repeated_name_in_one_object_is_refused() {
        assert!(parse(r#"{"a":1,"a":2}"#).is_err());
        assert!(parse(r#"{"a":{"b":1},"c":{"b":2}}"#).is_ok());
        let many: Vec<String> = (0..100).map(|i| format!(r#""k{i}":{i}"#)).collect();
        let text = format!("{{{}}}", many.join(","));
        assert!(parse(&text).is_ok());
        let repeated = format!("{{{},\"k57\":0}}", many.join(","));
        assert_eq!(
            parse(&repeated).unwrap_err().what,
            "a name is repeated in one object"
        );
    }

    #[test]
    fn malformed_text_is_an_error_never_a_panic() {
        for text in [
            "",
            " ",
            "{",
            "}",
            "[1,]",
            "[1 2]",
            "{\"a\"}",
            "{\"a\":}",
            "{\"a\":1,}",
            "{a:1}",
            "{1:1}",
            "'a'",
            "\"abc",
            "\"a\\",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\\u12G4\"",
            "\"tab\there\"",
            "\"nl\nhere\"",
            "01",
            "-",
            "1.",
            ".5",
            "1e",
            "1e+",
            "+1",
            "tru",
            "nul",
            "True",
            "NaN",
            "Infinity",
            "1 2",
            "{} x",
            "[\"é\" é]",
            "\u{feff}{}",
        ] {
            assert!(parse(text).is_err(), "{text:?} should be refused");
        }
    }

    #[test]
    fn nesting_is_read_to_the_limit_and_refused_past_it() {
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(parse(&nested(MAX_DEPTH)).is_ok());
        assert_eq!(
            parse(&nested(MAX_DEPTH + 1)).unwrap_err().what,
            "the data is nested too deeply"
        );
        let objects = format!(
            "{}1{}",
            "{\"a\":".repeat(MAX_DEPTH + 1),
            "}".repeat(MAX_DEPTH + 1)
        );
        assert!(parse(&objects).is_err());
        // Far past it, as a hostile file would be: refused without exhausting the stack.
        assert!(parse(&"[".repeat(1_000_000)).is_err());
    }

    #[test]
    fn whole_numbers_are_read_only_when_written_as_whole_numbers() {
        let n = |text: &str| parse(text).unwrap().as_u64();
        assert_eq!(n("0"), Some(0));
        assert_eq!(n("-0"), None);
        assert_eq!(n("18446744073709551615"), Some(u64::MAX));
        assert_eq!(n("18446744073709551616"), None);
        assert_eq!(n("-1"), None);
        assert_eq!(n("6.0"), None);
        assert_eq!(n("6e0"), None);
    }

    #[derive(Debug, PartialEq)]
    struct Sample {
        name: String,
        count: u8,
        tags: Vec<String>,
        when: Option<u32>,
    }

    impl FromJson for Sample {
        fn from_json(value: &Json) -> Result<Self, DecodeError> {
            let o = Fields::of(value)?;
            Ok(Sample {
                name: o.field("name")?,
                count: o.field_or("count", 1)?,
                tags: o.field_or("tags", Vec::new())?,
                when: o.field_or("when", None)?,
            })
        }
    }

    fn sample_error(text: &str) -> String {
        match from_str::<Vec<Sample>>(text) {
            Ok(v) => panic!("{text} read as {v:?}"),
            Err(e) => e,
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
        assert_eq!(sample_error("[1"), "expected `,` or `]` (at byte 2)");
    }

    #[test]
    fn enum_names_are_read_strictly() {
        #[derive(Clone, Copy, Debug, PartialEq)]
        enum Light {
            Red,
            AmberFlashing,
        }
        json_enum!(Light { Red => "red", AmberFlashing => "amber_flashing" });
        assert_eq!(
            from_str::<Light>(r#""amber_flashing""#),
            Ok(Light::AmberFlashing)
        );
        assert_eq!(to_string(&Light::Red), r#""red""#);
        assert_eq!(
            from_str::<Light>(r#""Red""#),
            Err("the data should be one of `red` or `amber_flashing`".into())
        );
    }
}
