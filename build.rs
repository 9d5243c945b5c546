//! Two jobs, both at build time:
//!
//! - The split release build (`--features split` on wasm32) links the app with `--emit-relocs`:
//!   wasm-split-cli needs the relocations to cut the module apart (scripts/split-build.mjs), and
//!   drops them from what it writes. Only that build: binaryen's wasm-opt cannot optimise a module
//!   that still has them, and nothing else needs them.
//! - `data/crisis-lines.json`, the national crisis lines and emergency numbers a clinician
//!   reviews, becomes a Rust table of `&'static str`s and slices in `OUT_DIR/crisis_lines.rs`,
//!   which `src/domain/crisis.rs` includes: the app carries the data, not a JSON parser for it.
//!   A file that breaks a rule below fails the build and names every problem.
use serde::Deserialize;
use std::fmt::Write as _;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo:rustc-link-arg-bin=waypoint=--emit-relocs");
    }
    crisis_lines();
}

const CRISIS_LINES: &str = "data/crisis-lines.json";

/// The fewest countries the table may hold (issue 15 asks for at least 40).
const MIN_COUNTRIES: usize = 40;

/// `protocol::MAX_LINE_CHARS`: a line longer than this could not be stored as the patient's
/// crisis line without `ClinicProtocol::problems` naming it.
const MAX_LINE_CHARS: usize = 80;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    /// What the file holds, for its readers; not used here.
    #[allow(dead_code)]
    about: Vec<String>,
    countries: Vec<Country>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Country {
    code: String,
    name: String,
    status: Status,
    crisis_lines: Vec<CrisisLine>,
    emergency: String,
    emergency_note: Option<String>,
    time_zones: Vec<String>,
    /// For reviewers only, never shown in the app.
    #[allow(dead_code)]
    review_note: Option<String>,
    sources: Vec<Source>,
    checked: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CrisisLine {
    name: String,
    number: String,
    hours: String,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    url: String,
    about: String,
}

#[derive(Deserialize, Clone, Copy, PartialEq)]
#[serde(rename_all = "lowercase")]
enum Status {
    Ok,
    Partial,
    Unconfirmed,
}

fn crisis_lines() {
    println!("cargo:rerun-if-changed={CRISIS_LINES}");
    let text = std::fs::read_to_string(CRISIS_LINES)
        .unwrap_or_else(|e| panic!("{CRISIS_LINES} could not be read: {e}"));
    let mut file: File = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{CRISIS_LINES} is not the expected JSON: {e}"));
    let problems = problems(&file.countries);
    if !problems.is_empty() {
        panic!(
            "{CRISIS_LINES} has {} problem(s):\n  - {}",
            problems.len(),
            problems.join("\n  - ")
        );
    }
    // The Settings picker lists countries by name; the file keeps crisis-lines.md's order.
    file.countries.sort_by(|a, b| a.name.cmp(&b.name));
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("crisis_lines.rs");
    std::fs::write(&out, table(&file.countries))
        .unwrap_or_else(|e| panic!("{} could not be written: {e}", out.display()));
}

/// Everything wrong with the file, one sentence each, empty when it is fit to ship.
fn problems(countries: &[Country]) -> Vec<String> {
    let mut out = Vec::new();
    if countries.len() < MIN_COUNTRIES {
        out.push(format!(
            "it holds {} countries; at least {MIN_COUNTRIES} are needed",
            countries.len()
        ));
    }
    let mut codes: Vec<&str> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    let mut zones: Vec<(&str, &str)> = Vec::new();
    for country in countries {
        let code = country.code.as_str();
        let mut problem = |what: String| out.push(format!("{code}: {what}"));
        if !(code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())) {
            problem("the code must be two capital letters (ISO 3166-1 alpha-2)".into());
        }
        if codes.contains(&code) {
            problem("the code is listed twice".into());
        }
        codes.push(code);
        if country.name.trim().is_empty() {
            problem("the name is empty".into());
        }
        if names.contains(&country.name.as_str()) {
            problem(format!("the name {:?} is listed twice", country.name));
        }
        names.push(&country.name);
        match country.status {
            Status::Ok if country.crisis_lines.is_empty() => {
                problem("status \"ok\" needs at least one crisis line".into())
            }
            Status::Unconfirmed if !country.crisis_lines.is_empty() => {
                problem("status \"unconfirmed\" must list no crisis line".into())
            }
            _ => {}
        }
        for (i, line) in country.crisis_lines.iter().enumerate() {
            let which = format!("crisis line {:?}", line.name);
            if line.name.trim().is_empty() {
                problem(format!("crisis line {} has no name", i + 1));
            }
            if line.name.chars().count() > MAX_LINE_CHARS {
                problem(format!(
                    "{which}: the name is over {MAX_LINE_CHARS} characters"
                ));
            }
            if let Some(what) = number_problem(&line.number) {
                problem(format!("{which}: the number {:?} {what}", line.number));
            }
            if line.hours.trim().is_empty() {
                problem(format!("{which}: the hours are empty"));
            }
            if line.note.as_deref().is_some_and(|n| n.trim().is_empty()) {
                problem(format!("{which}: the note is empty (leave it out instead)"));
            }
            let earlier = &country.crisis_lines[..i];
            if earlier
                .iter()
                .any(|l| dialled(&l.number) == dialled(&line.number))
            {
                problem(format!(
                    "{which}: the number {} is listed twice",
                    line.number
                ));
            }
        }
        if let Some(what) = number_problem(&country.emergency) {
            problem(format!(
                "the emergency number {:?} {what}",
                country.emergency
            ));
        }
        if country
            .emergency_note
            .as_deref()
            .is_some_and(|n| n.trim().is_empty())
        {
            problem("the emergency note is empty (leave it out instead)".into());
        }
        if country.time_zones.is_empty() {
            problem("no time zone is listed".into());
        }
        for zone in &country.time_zones {
            // The zones a browser reports when it does not know the country must never match.
            let placeless = zone == "UTC" || zone == "GMT" || zone.starts_with("Etc/");
            if placeless || zone.is_empty() || zone.contains(char::is_whitespace) {
                problem(format!("{zone:?} is not the time zone of a place"));
            }
            match zones.iter().find(|(z, _)| z == zone) {
                Some((_, other)) if *other == code => {
                    problem(format!("the time zone {zone} is listed twice"))
                }
                Some((_, other)) => problem(format!(
                    "the time zone {zone} is also listed under {other}: a zone belongs to one country"
                )),
                None => zones.push((zone, code)),
            }
        }
        if country.sources.is_empty() {
            problem("no source is given".into());
        }
        for source in &country.sources {
            let web = source.url.starts_with("https://") || source.url.starts_with("http://");
            if !web || source.url.contains(char::is_whitespace) {
                problem(format!("the source {:?} is not a web address", source.url));
            }
            if source.about.trim().is_empty() {
                problem(format!("the source {} does not say what it is", source.url));
            }
        }
        let b = country.checked.as_bytes();
        let dated = b.len() == 7
            && b[4] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || c.is_ascii_digit());
        if !dated {
            problem(format!(
                "checked {:?} must be a year and month, e.g. \"2026-01\"",
                country.checked
            ));
        }
    }
    out
}

/// What is wrong with `number` as something to dial, if anything. The characters are
/// `protocol::is_dialable`'s (a native test in `src/domain/crisis.rs` holds the two together).
fn number_problem(number: &str) -> Option<&'static str> {
    if !number
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().*".contains(c))
    {
        Some("may hold only digits, spaces and + - ( ) . *")
    } else if !number.chars().any(|c| c.is_ascii_digit()) {
        Some("has no digits")
    } else if number.chars().count() > MAX_LINE_CHARS {
        Some("is too long")
    } else {
        None
    }
}

/// The keys a phone presses for `number`, so "116 123" and "116123" are the same line.
fn dialled(number: &str) -> String {
    number
        .chars()
        .filter(|c| c.is_ascii_digit() || "+*".contains(*c))
        .collect()
}

/// The Rust source of the table: one `Country` literal per country, sorted by name.
fn table(countries: &[Country]) -> String {
    let mut out = format!(
        "// Generated by build.rs from {CRISIS_LINES}: edit that file, not this one.\n\n\
         /// Every country of `{CRISIS_LINES}`, sorted by English name.\n\
         static COUNTRIES: &[Country] = &[\n"
    );
    let optional = |s: &Option<String>| match s {
        Some(s) => format!("Some({s:?})"),
        None => "None".into(),
    };
    for c in countries {
        let status = match c.status {
            Status::Ok => "Ok",
            Status::Partial => "Partial",
            Status::Unconfirmed => "Unconfirmed",
        };
        let _ = writeln!(out, "    Country {{");
        let _ = writeln!(out, "        code: {:?},", c.code);
        let _ = writeln!(out, "        name: {:?},", c.name);
        let _ = writeln!(out, "        status: Status::{status},");
        let _ = writeln!(out, "        crisis_lines: &[");
        for l in &c.crisis_lines {
            let _ = writeln!(
                out,
                "            CrisisLine {{ name: {:?}, number: {:?}, hours: {:?}, note: {} }},",
                l.name,
                l.number,
                l.hours,
                optional(&l.note)
            );
        }
        let _ = writeln!(out, "        ],");
        let _ = writeln!(out, "        emergency: {:?},", c.emergency);
        let _ = writeln!(
            out,
            "        emergency_note: {},",
            optional(&c.emergency_note)
        );
        let _ = writeln!(out, "        zones: {:?},", c.time_zones.join(" "));
        let _ = writeln!(out, "        checked: {:?},", c.checked);
        let _ = writeln!(out, "    }},");
    }
    out.push_str("];\n");
    out
}
