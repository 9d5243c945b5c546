//! National crisis lines and emergency numbers: which country the phone is probably in, and
//! what the Help sheet offers there.
//!
//! The facts live in `data/crisis-lines.json`, one entry per country with its sources, written
//! so a clinician can re-check it without reading Rust. `build.rs` checks that file and turns it
//! into the static table included below, so the app carries the data and no JSON parser for it.
//! Numbers and hours change (several lines changed in 2023–2025): **re-check every entry
//! against its sources before each release**, and at least once a year.
//!
//! The country is a guess (a browser has no SIM card): the time zone first, because a phone set
//! to US English in London is in London, then the language tag's region. The patient's own
//! choice always wins; the UI shows the guess for them to confirm or change.

use super::protocol::PhoneLine;

/// One country's crisis lines and emergency number, as the data file gives them.
#[derive(Debug, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, e.g. `"GB"`.
    pub code: &'static str,
    /// The country's English name, e.g. `"United Kingdom"`.
    pub name: &'static str,
    /// How sure the sources are of the crisis lines.
    pub status: Status,
    /// Someone to talk to, in the order to offer them; empty when no national line is confirmed.
    pub crisis_lines: &'static [CrisisLine],
    /// The number for the one-tap emergency button (an ambulance), e.g. `"999"`.
    pub emergency: &'static str,
    /// What the patient may need to know about the emergency number (the ambulance's own
    /// number where it differs, the police), in plain words.
    pub emergency_note: Option<&'static str>,
    /// The IANA time zones that place a phone in this country, legacy names included, separated
    /// by spaces: one string rather than a slice of them saves a pointer and a length per zone
    /// (1.9 KB of wasm data, 0.7 KB gzip). Read them with [`Country::time_zones`].
    zones: &'static str,
    /// When the entry was last checked against its sources, e.g. `"2026-01"`.
    pub checked: &'static str,
}

/// A line a patient in crisis can call to talk to someone.
#[derive(Debug, PartialEq, Eq)]
pub struct CrisisLine {
    /// The name the patient will recognise, e.g. `"Samaritans"` or `"TelefonSeelsorge"`.
    pub name: &'static str,
    /// The number as dialled, e.g. `"116 123"`.
    pub number: &'static str,
    /// When it answers, in plain words, e.g. `"24 hours"` or `"10:00–24:00 daily"`.
    pub hours: &'static str,
    /// What matters before calling (a charge, a text option, where it reaches), if anything.
    pub note: Option<&'static str>,
}

/// How sure the sources are of a country's crisis lines (`status` in the data file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// `"ok"`: the number and hours were seen in a current source.
    Ok,
    /// `"partial"`: the number was seen, but the hours, the current status or national coverage
    /// are uncertain; the line's hours and note say how.
    Partial,
    /// `"unconfirmed"`: no source confirms a working national crisis line.
    Unconfirmed,
}

include!(concat!(env!("OUT_DIR"), "/crisis_lines.rs"));

/// Every country in the table, sorted by English name (for a picker in Settings).
pub fn all() -> &'static [Country] {
    COUNTRIES
}

/// The country with this ISO 3166-1 alpha-2 code (`"gb"` or `"GB"`), if the table has it.
pub fn country(code: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

/// The country the phone is probably in, from the browser's time zone (`"Europe/London"`) and
/// language tag (`"en-US"`): the zone first, then the language's region; `None` when neither
/// names a country in the table. `UTC`, `Etc/…`, empty and unknown zones say nothing, nor does a
/// language without a country (`"de"`, `"es-419"`).
pub fn country_for(time_zone: &str, language: &str) -> Option<&'static Country> {
    country_for_time_zone(time_zone).or_else(|| language_region(language).and_then(country))
}

/// The country listing `zone` exactly. Zones are never folded through tzdb's links: those make
/// Europe/Copenhagen Berlin and Asia/Kuala_Lumpur Singapore.
fn country_for_time_zone(zone: &str) -> Option<&'static Country> {
    COUNTRIES
        .iter()
        .find(|c| c.time_zones().any(|listed| listed == zone))
}

/// The region of a BCP 47 language tag (`en-GB`, `zh-Hant-TW`) or a POSIX locale (`en_GB.UTF-8`)
/// when it is a country code; `UK`, which people write for Britain, reads as `GB`.
fn language_region(tag: &str) -> Option<&str> {
    let tag = tag.split(['.', '@']).next().unwrap_or("");
    let mut subtags = tag.split(['-', '_']);
    subtags.next().filter(|language| !language.is_empty())?;
    for subtag in subtags {
        let letters = subtag.bytes().all(|b| b.is_ascii_alphabetic());
        match subtag.len() {
            // An extended language (`zh-yue`) or a script (`Hant`) comes before the region.
            3 | 4 if letters => continue,
            2 if letters => {
                return Some(if subtag.eq_ignore_ascii_case("UK") {
                    "GB"
                } else {
                    subtag
                })
            }
            // A numeric region (`419`, Latin America) names no one country; anything else is
            // a variant or an extension, which come after the region.
            _ => return None,
        }
    }
    None
}

/// What the Help sheet offers for one country: whom to talk to and the emergency number, never
/// the same number twice.
#[derive(Debug, PartialEq, Eq)]
pub struct HelpLines {
    /// The country it is for.
    pub country: &'static Country,
    /// The crisis lines to show, in order, leaving out any that is the emergency number (it is
    /// offered once, as the emergency number). Empty when no national line is confirmed.
    pub crisis_lines: Vec<&'static CrisisLine>,
    /// The emergency number, offered once.
    pub emergency: &'static str,
}

impl HelpLines {
    /// Whether the table confirms no national crisis line for this country. The Help sheet then
    /// says so ("No national crisis line is confirmed for Türkiye; in danger, call emergency
    /// services") and offers [`HelpLines::emergency`] once.
    pub fn no_crisis_line_confirmed(&self) -> bool {
        self.country.crisis_lines.is_empty()
    }
}

impl Country {
    /// The IANA time zones that place a phone in this country (`"Europe/London"`), legacy names
    /// browsers may still report included (`"GB"`, `"Europe/Belfast"`).
    pub fn time_zones(&self) -> impl Iterator<Item = &'static str> {
        self.zones.split(' ').filter(|zone| !zone.is_empty())
    }

    /// What the Help sheet offers here. See [`HelpLines`].
    pub fn help_lines(&'static self) -> HelpLines {
        let mut crisis_lines: Vec<&'static CrisisLine> = Vec::new();
        for line in self.crisis_lines {
            let repeated = same_number(line.number, self.emergency)
                || crisis_lines
                    .iter()
                    .any(|l| same_number(l.number, line.number));
            if !repeated {
                crisis_lines.push(line);
            }
        }
        HelpLines {
            country: self,
            crisis_lines,
            emergency: self.emergency,
        }
    }

    /// The first crisis line the Help sheet offers, as the protocol stores it
    /// (`ClinicProtocol::crisis_line`); `None` when there is none to offer.
    pub fn crisis_phone_line(&'static self) -> Option<PhoneLine> {
        self.help_lines()
            .crisis_lines
            .first()
            .map(|line| PhoneLine::from(*line))
    }
}

impl From<&CrisisLine> for PhoneLine {
    /// The line as the protocol stores it, its hours and note kept as what to know before
    /// calling ("24 hours. Free from any phone.").
    fn from(line: &CrisisLine) -> Self {
        PhoneLine {
            name: line.name.into(),
            number: line.number.into(),
            about: match line.note {
                Some(note) => format!("{}. {note}", line.hours),
                None => format!("{}.", line.hours),
            },
        }
    }
}

/// Whether two numbers dial the same keys ("116 123" and "116-123" do), so the UI can keep a
/// line the patient typed from repeating the emergency number.
pub fn same_number(a: &str, b: &str) -> bool {
    let keys = |c: &char| c.is_ascii_digit() || "+*".contains(*c);
    a.chars().filter(keys).eq(b.chars().filter(keys))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::protocol::{is_dialable, ClinicProtocol};

    /// For a phone in `zone` set to `language`: the country's code, the first crisis number the
    /// Help sheet offers and its emergency number.
    fn offers(zone: &str, language: &str) -> (&'static str, Option<&'static str>, &'static str) {
        let country = country_for(zone, language)
            .unwrap_or_else(|| panic!("no country for {zone:?} and {language:?}"));
        let help = country.help_lines();
        (
            country.code,
            help.crisis_lines.first().map(|line| line.number),
            help.emergency,
        )
    }

    #[test]
    fn a_us_english_phone_in_london_gets_the_samaritans_and_999() {
        // Regression: the locale alone gave this patient 988 and 911, which do not work in the UK.
        let country = country_for("Europe/London", "en-US").unwrap();
        assert_eq!(country.name, "United Kingdom");
        let help = country.help_lines();
        assert_eq!(help.crisis_lines[0].name, "Samaritans");
        assert_eq!(help.crisis_lines[0].number, "116 123");
        assert_eq!(help.emergency, "999");
    }

    #[test]
    fn a_us_english_phone_in_kolkata_gets_tele_manas_and_112() {
        // Regression: every country outside six got "Emergency services (112)" as its crisis line.
        let country = country_for("Asia/Kolkata", "en-US").unwrap();
        assert_eq!(country.name, "India");
        assert_eq!(country.help_lines().crisis_lines[0].name, "Tele-MANAS");
        assert_eq!(
            offers("Asia/Kolkata", "en-US"),
            ("IN", Some("14416"), "112")
        );
    }

    #[test]
    fn a_german_phone_in_berlin_gets_the_telefonseelsorge_and_112() {
        let country = country_for("Europe/Berlin", "de-DE").unwrap();
        assert_eq!(country.name, "Germany");
        assert_eq!(
            country.help_lines().crisis_lines[0].name,
            "TelefonSeelsorge"
        );
        assert_eq!(
            offers("Europe/Berlin", "de-DE"),
            ("DE", Some("0800 111 0 111"), "112")
        );
    }

    #[test]
    fn a_french_phone_in_paris_gets_3114_and_112() {
        assert_eq!(offers("Europe/Paris", "fr-FR"), ("FR", Some("3114"), "112"));
    }

    #[test]
    fn a_spanish_phone_in_madrid_gets_024_and_112() {
        assert_eq!(offers("Europe/Madrid", "es-ES"), ("ES", Some("024"), "112"));
    }

    #[test]
    fn a_us_english_phone_in_new_york_gets_988_and_911() {
        assert_eq!(
            offers("America/New_York", "en-US"),
            ("US", Some("988"), "911")
        );
    }

    #[test]
    fn the_legacy_zone_asia_calcutta_is_india() {
        // Chrome (ICU) may still report the old name.
        assert_eq!(
            offers("Asia/Calcutta", "en-IN"),
            ("IN", Some("14416"), "112")
        );
        assert_eq!(offers("Asia/Calcutta", ""), ("IN", Some("14416"), "112"));
    }

    #[test]
    fn a_zone_without_a_place_falls_back_to_the_language_region() {
        assert_eq!(offers("Etc/UTC", "en-AU"), ("AU", Some("13 11 14"), "000"));
        assert_eq!(offers("UTC", "en-AU").0, "AU");
        assert_eq!(offers("Etc/GMT-10", "en-AU").0, "AU");
        assert_eq!(offers("", "en-AU").0, "AU");
    }

    #[test]
    fn a_british_english_phone_in_copenhagen_is_in_denmark() {
        // tzdb's backward file links Europe/Copenhagen to Europe/Berlin: folding through it
        // would show a Danish patient the German line.
        assert_eq!(
            offers("Europe/Copenhagen", "en-GB"),
            ("DK", Some("70 201 201"), "112")
        );
    }

    #[test]
    fn zones_tzdb_links_across_borders_stay_in_their_own_country() {
        for (zone, code) in [
            ("Europe/Copenhagen", "DK"),
            ("Europe/Oslo", "NO"),
            ("Europe/Stockholm", "SE"),
            ("Europe/Amsterdam", "NL"),
            ("Europe/Luxembourg", "LU"),
            ("Europe/Brussels", "BE"),
            ("Asia/Kuala_Lumpur", "MY"),
            ("Asia/Singapore", "SG"),
            ("Atlantic/Reykjavik", "IS"),
            ("Europe/Zurich", "CH"),
            ("Europe/Busingen", "DE"),
        ] {
            assert_eq!(
                country_for(zone, "en-US").map(|c| c.code),
                Some(code),
                "{zone}"
            );
        }
    }

    #[test]
    fn a_number_means_what_it_means_in_the_country_the_phone_is_in() {
        // 113 is a crisis line in the Netherlands and the ambulance in Norway.
        assert_eq!(
            offers("Europe/Amsterdam", "en-US"),
            ("NL", Some("113"), "112")
        );
        assert_eq!(
            offers("Europe/Oslo", "en-US"),
            ("NO", Some("116 123"), "113")
        );
    }

    #[test]
    fn a_zone_outside_the_table_falls_back_to_the_language_region() {
        // Liechtenstein is not in the table; the phone's Swiss German still names a country.
        assert_eq!(offers("Europe/Vaduz", "de-CH"), ("CH", Some("143"), "112"));
        assert_eq!(offers("Asia/Kathmandu", "en-GB").0, "GB");
    }

    #[test]
    fn nothing_known_gives_no_country() {
        assert_eq!(country_for("", ""), None);
        assert_eq!(country_for("Etc/UTC", "de"), None);
        assert_eq!(country_for("UTC", "es-419"), None);
        assert_eq!(country_for("Asia/Kathmandu", "ne-NP"), None);
        assert_eq!(country_for("Mars/Olympus_Mons", "tlh"), None);
        // Only a whole zone matches, never part of one or two at once.
        assert_eq!(country_for("Europe/Lon", ""), None);
        assert_eq!(country_for("London", ""), None);
        assert_eq!(country_for("Europe/London Europe/Belfast", ""), None);
        assert_eq!(country_for(" ", ""), None);
    }

    #[test]
    fn language_tags_give_their_region_however_they_are_written() {
        assert_eq!(language_region("en-GB"), Some("GB"));
        assert_eq!(language_region("en_GB"), Some("GB"));
        assert_eq!(language_region("en_GB.UTF-8"), Some("GB"));
        assert_eq!(language_region("zh-Hant-TW"), Some("TW"));
        assert_eq!(language_region("pt-BR"), Some("BR"));
        assert_eq!(language_region("en-US-u-hc-h12"), Some("US"));
        assert_eq!(language_region("en-UK"), Some("GB"));
        assert_eq!(language_region("de"), None);
        assert_eq!(language_region("es-419"), None);
        assert_eq!(language_region("en-u-hc-h12"), None);
        assert_eq!(language_region("-GB"), None);
        assert_eq!(language_region(""), None);
        assert_eq!(country_for("", "pt-br").map(|c| c.code), Some("BR"));
    }

    #[test]
    fn no_countrys_help_lines_repeat_a_number() {
        for country in all() {
            let help = country.help_lines();
            let mut numbers: Vec<&str> = help.crisis_lines.iter().map(|l| l.number).collect();
            numbers.push(help.emergency);
            for (i, a) in numbers.iter().enumerate() {
                for b in &numbers[i + 1..] {
                    assert!(!same_number(a, b), "{}: {a} and {b}", country.code);
                }
            }
        }
    }

    static CRISIS_LINE_IS_112: Country = Country {
        code: "ZZ",
        name: "Testland",
        status: Status::Ok,
        crisis_lines: &[
            CrisisLine {
                name: "Emergency and crisis",
                number: "1 1 2",
                hours: "24 hours",
                note: None,
            },
            CrisisLine {
                name: "Listening line",
                number: "0800 123",
                hours: "24 hours",
                note: None,
            },
            CrisisLine {
                name: "Listening line, again",
                number: "0800-123",
                hours: "24 hours",
                note: None,
            },
        ],
        emergency: "112",
        emergency_note: None,
        zones: "",
        checked: "2026-01",
    };

    #[test]
    fn a_crisis_line_that_is_the_emergency_number_is_offered_once_as_emergency() {
        let help = CRISIS_LINE_IS_112.help_lines();
        let numbers: Vec<&str> = help.crisis_lines.iter().map(|l| l.number).collect();
        assert_eq!(numbers, ["0800 123"]);
        assert_eq!(help.emergency, "112");
        assert!(!help.no_crisis_line_confirmed());
        assert_eq!(
            CRISIS_LINE_IS_112.crisis_phone_line().map(|l| l.number),
            Some("0800 123".to_string())
        );
    }

    #[test]
    fn a_country_without_a_confirmed_line_says_so_and_offers_emergency_once() {
        let turkey = country("TR").unwrap();
        let help = turkey.help_lines();
        assert!(help.no_crisis_line_confirmed());
        assert!(help.crisis_lines.is_empty());
        assert_eq!(help.emergency, "112");
        assert_eq!(turkey.crisis_phone_line(), None);
        assert!(!country("GB")
            .unwrap()
            .help_lines()
            .no_crisis_line_confirmed());
    }

    #[test]
    fn the_first_crisis_line_becomes_the_protocols_phone_line() {
        assert_eq!(
            country("GB").unwrap().crisis_phone_line(),
            Some(PhoneLine {
                name: "Samaritans".into(),
                number: "116 123".into(),
                about: "24 hours. Free from any phone. To text instead: text SHOUT to 85258."
                    .into(),
            })
        );
    }

    #[test]
    fn every_country_is_found_by_each_of_its_own_zones() {
        for country in all() {
            assert!(country.time_zones().next().is_some(), "{}", country.code);
            for zone in country.time_zones() {
                assert_eq!(
                    country_for(zone, "").map(|c| c.code),
                    Some(country.code),
                    "{zone}"
                );
            }
        }
    }

    #[test]
    fn the_table_holds_at_least_forty_countries_each_found_by_its_code() {
        assert!(all().len() >= 40, "{} countries", all().len());
        for c in all() {
            assert_eq!(country(c.code).map(|found| found.name), Some(c.name));
            assert_eq!(
                country(&c.code.to_ascii_lowercase()).map(|f| f.code),
                Some(c.code)
            );
        }
        assert_eq!(country("XX"), None);
    }

    #[test]
    fn all_is_sorted_by_name() {
        let names: Vec<&str> = all().iter().map(|c| c.name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
    }

    #[test]
    fn every_line_of_the_table_can_be_stored_as_the_patients_own() {
        // build.rs checks numbers with its own copy of is_dialable's rule; this holds the two
        // together, and every line and emergency number passes the protocol's checks.
        for country in all() {
            assert!(is_dialable(country.emergency), "{}", country.code);
            for line in country.crisis_lines {
                assert!(
                    is_dialable(line.number),
                    "{}: {}",
                    country.code,
                    line.number
                );
                let protocol = ClinicProtocol {
                    crisis_line: line.into(),
                    emergency_number: country.emergency.into(),
                    ..ClinicProtocol::default()
                };
                assert_eq!(protocol.problems(), Vec::<String>::new(), "{}", line.name);
            }
        }
    }
}
