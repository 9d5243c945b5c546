//! Encrypted files: a backup, or a report for the therapist, locked with a passphrase the
//! patient chooses. This module owns the file's format and the passphrase's strength hint; the
//! cryptography itself is the browser's WebCrypto (`crate::webcrypto`), never written here.
//!
//! The file is one JSON object, a small header and the ciphertext:
//!
//! ```json
//! {"format":"waypoint-encrypted","version":1,"contains":"waypoint-backup",
//!  "kdf":{"name":"PBKDF2","hash":"SHA-256","iterations":600000,"salt":"<16 bytes, base64>"},
//!  "cipher":{"name":"AES-GCM","iv":"<12 bytes, base64>","tag_bits":128},
//!  "data":"<AES-256-GCM ciphertext and its 16-byte tag, base64>"}
//! ```
//!
//! The key is PBKDF2-HMAC-SHA-256 of the passphrase (its UTF-8 bytes) with the random salt and
//! the iterations named; the plaintext is the backup or report file exactly as Waypoint writes
//! it unencrypted. The header, written again from what was read ([`EncryptedFile::header_bytes`]),
//! is GCM's additional authenticated data: a changed iteration count, salt, IV or kind of
//! contents fails the tag just as a changed byte of the ciphertext does, so nothing in the file
//! can be altered without the passphrase being refused.

use super::backup::BACKUP_FORMAT;
use super::export::SHARE_FORMAT;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What an encrypted file says it is.
pub const ENCRYPTED_FORMAT: &str = "waypoint-encrypted";
/// The format version this build writes and the newest it reads.
pub const ENCRYPTED_VERSION: u32 = 1;
/// PBKDF2 iterations Waypoint writes: OWASP's figure for PBKDF2-HMAC-SHA-256 (2023).
pub const ITERATIONS: u32 = 600_000;
/// The most iterations a file may ask for: more would keep a phone busy for minutes on a file
/// someone else made.
pub const MAX_ITERATIONS: u32 = 10_000_000;
/// Bytes of random salt.
pub const SALT_BYTES: usize = 16;
/// Bytes of random IV (GCM's recommended 96 bits).
pub const IV_BYTES: usize = 12;
/// Bits of GCM's authentication tag, appended to the ciphertext.
pub const TAG_BITS: u32 = 128;
/// The shortest passphrase Waypoint accepts, in characters.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// The key-derivation function's name, as WebCrypto calls it.
pub const KDF_NAME: &str = "PBKDF2";
/// PBKDF2's hash, as WebCrypto calls it.
pub const KDF_HASH: &str = "SHA-256";
/// The cipher's name, as WebCrypto calls it (with a 256-bit key).
pub const CIPHER_NAME: &str = "AES-GCM";

/// The refusal for a wrong passphrase or a changed file: GCM cannot tell them apart.
pub const NOT_OPENED: &str = "This file could not be opened: the passphrase is not the one it was locked with, or the file has been damaged or changed. Nothing was changed.";

/// What is locked inside.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Contents {
    /// A full backup ([`BACKUP_FORMAT`]).
    #[serde(rename = "waypoint-backup")]
    Backup,
    /// A report for the therapist ([`SHARE_FORMAT`]).
    #[serde(rename = "waypoint-share")]
    Report,
}

impl Contents {
    /// The `format` of the file inside.
    pub fn format(self) -> &'static str {
        match self {
            Contents::Backup => BACKUP_FORMAT,
            Contents::Report => SHARE_FORMAT,
        }
    }
}

/// Bytes written as standard base64 text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bytes(pub Vec<u8>);

impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Base64;

        impl Visitor<'_> for Base64 {
            type Value = Bytes;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("bytes written as base64")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Bytes, E> {
                STANDARD
                    .decode(text)
                    .map(Bytes)
                    .map_err(|_| E::invalid_value(de::Unexpected::Str("not base64"), &self))
            }
        }

        deserializer.deserialize_str(Base64)
    }
}

/// How the key is made from the passphrase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kdf {
    /// Always [`KDF_NAME`].
    pub name: String,
    /// Always [`KDF_HASH`].
    pub hash: String,
    /// PBKDF2 iterations.
    pub iterations: u32,
    /// Random salt, [`SALT_BYTES`] long.
    pub salt: Bytes,
}

/// How the contents are encrypted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cipher {
    /// Always [`CIPHER_NAME`].
    pub name: String,
    /// Random IV, [`IV_BYTES`] long.
    pub iv: Bytes,
    /// Always [`TAG_BITS`].
    pub tag_bits: u32,
}

/// An encrypted file, read and checked but not opened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptedFile {
    /// Always [`ENCRYPTED_FORMAT`].
    pub format: String,
    /// The format version.
    pub version: u32,
    /// What is locked inside.
    pub contains: Contents,
    /// The key derivation's parameters.
    pub kdf: Kdf,
    /// The cipher's parameters.
    pub cipher: Cipher,
    /// Ciphertext followed by the tag.
    pub data: Bytes,
}

/// The header: every field but the ciphertext, in the file's order.
#[derive(Serialize)]
struct Header<'a> {
    format: &'a str,
    version: u32,
    contains: Contents,
    kdf: &'a Kdf,
    cipher: &'a Cipher,
}

/// What a file says it is, whatever else it holds.
#[derive(Deserialize)]
struct Probe {
    format: Option<String>,
    version: Option<u64>,
}

impl EncryptedFile {
    /// A file of this build's format, before encryption: `data` is filled by [`Self::sealed`].
    pub fn new(contains: Contents, salt: [u8; SALT_BYTES], iv: [u8; IV_BYTES]) -> Self {
        Self {
            format: ENCRYPTED_FORMAT.into(),
            version: ENCRYPTED_VERSION,
            contains,
            kdf: Kdf {
                name: KDF_NAME.into(),
                hash: KDF_HASH.into(),
                iterations: ITERATIONS,
                salt: Bytes(salt.to_vec()),
            },
            cipher: Cipher {
                name: CIPHER_NAME.into(),
                iv: Bytes(iv.to_vec()),
                tag_bits: TAG_BITS,
            },
            data: Bytes(Vec::new()),
        }
    }

    /// The same file holding `ciphertext` (with its tag), as WebCrypto returned it.
    pub fn sealed(mut self, ciphertext: Vec<u8>) -> Self {
        self.data = Bytes(ciphertext);
        self
    }

    /// The additional authenticated data: the header as JSON, written the same way by the writer
    /// and by the reader, from the values it read.
    pub fn header_bytes(&self) -> Vec<u8> {
        crate::json::to_string(&Header {
            format: &self.format,
            version: self.version,
            contains: self.contains,
            kdf: &self.kdf,
            cipher: &self.cipher,
        })
        .into_bytes()
    }

    /// The file's text.
    pub fn to_text(&self) -> String {
        crate::json::to_string(self)
    }
}

/// Whether `text` (JSON already checked) says it is an encrypted file.
pub fn is_encrypted(text: &str) -> bool {
    matches!(
        crate::json::from_str::<Probe>(text),
        Ok(Probe { format: Some(f), .. }) if f == ENCRYPTED_FORMAT
    )
}

/// Reads an encrypted file's text (already known to be JSON that says it is one) and checks
/// everything that can be checked without the passphrase. Every refusal is a sentence for the
/// person holding the file.
pub fn read(text: &str) -> Result<EncryptedFile, String> {
    let damaged =
        "This encrypted file is damaged or incomplete, so it cannot be opened. Nothing was changed.";
    let probe: Probe = crate::json::from_str(text).map_err(|_| damaged)?;
    let version = probe.version.ok_or(damaged)?;
    if version > u64::from(ENCRYPTED_VERSION) {
        return Err(format!(
            "This file was locked by a newer version of Waypoint (encrypted format {version}). Update the app, then open it again. Nothing was changed."
        ));
    }
    let file: EncryptedFile = crate::json::from_str(text).map_err(|_| damaged)?;
    if file.version != ENCRYPTED_VERSION {
        return Err(damaged.into());
    }
    let unknown_method = "This encrypted file uses a kind of protection Waypoint does not use, so it cannot be opened. Nothing was changed.";
    if file.kdf.name != KDF_NAME || file.kdf.hash != KDF_HASH || file.cipher.name != CIPHER_NAME {
        return Err(unknown_method.into());
    }
    if file.cipher.tag_bits != TAG_BITS
        || !(ITERATIONS..=MAX_ITERATIONS).contains(&file.kdf.iterations)
    {
        return Err(unknown_method.into());
    }
    if file.kdf.salt.0.len() != SALT_BYTES || file.cipher.iv.0.len() != IV_BYTES {
        return Err(damaged.into());
    }
    // Shorter than a tag: nothing can have been locked in it.
    if file.data.0.len() < (TAG_BITS / 8) as usize {
        return Err(damaged.into());
    }
    Ok(file)
}

/// How hard a passphrase would be to guess, as the hint beside the field says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// Fewer than [`MIN_PASSPHRASE_CHARS`] characters: not accepted.
    TooShort,
    /// Accepted, but quick to guess.
    Weak,
    /// Reasonable.
    Fair,
    /// Hard to guess.
    Strong,
}

impl Strength {
    /// The hint shown under the field.
    pub fn hint(self) -> &'static str {
        match self {
            Strength::TooShort => "Too short: use at least 8 characters. Four or more unrelated words are easy to remember and hard to guess.",
            Strength::Weak => "Weak: this would be quick to guess. Add more words, or mix in numbers and symbols.",
            Strength::Fair => "Fair. Another word or two would make it much harder to guess.",
            Strength::Strong => "Strong.",
        }
    }

    /// One word for it.
    pub fn word(self) -> &'static str {
        match self {
            Strength::TooShort => "too short",
            Strength::Weak => "weak",
            Strength::Fair => "fair",
            Strength::Strong => "strong",
        }
    }
}

/// Passwords that top every leaked list: whatever their length, they are guessed first.
const COMMON: &[&str] = &[
    "password",
    "password1",
    "password123",
    "passw0rd",
    "12345678",
    "123456789",
    "1234567890",
    "qwertyuiop",
    "qwerty123",
    "iloveyou",
    "11111111",
    "00000000",
    "abc12345",
    "abcdefgh",
    "letmein1",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "welcome1",
    "trustno1",
    "waypoint",
];

/// A hint, not a guarantee: an estimate of the guesses a passphrase would take, from its length,
/// the kinds of characters in it, how many words it has, and whether it is a well-known password
/// or a run of one character. Words count for more than their letters suggest only when there
/// are several: "correct horse battery staple" beats "Tr0ub4dor&3".
///
/// A full estimator (zxcvbn) carries dictionaries of several hundred KB, more than the whole
/// app; this one is a few hundred bytes and errs on the side of calling a passphrase weaker.
pub fn strength(passphrase: &str) -> Strength {
    let chars: Vec<char> = passphrase.chars().collect();
    if chars.len() < MIN_PASSPHRASE_CHARS {
        return Strength::TooShort;
    }
    let lower = passphrase.to_lowercase();
    if COMMON.contains(&lower.as_str()) {
        return Strength::Weak;
    }
    let mut distinct: Vec<char> = chars.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() <= 3 {
        return Strength::Weak;
    }
    // Bits per character, in tenths, by the kinds of character used (log2 of the pool).
    let (mut lowercase, mut upper, mut digit, mut symbol, mut other) =
        (false, false, false, false, false);
    for c in &chars {
        match c {
            'a'..='z' => lowercase = true,
            'A'..='Z' => upper = true,
            '0'..='9' => digit = true,
            c if c.is_ascii() => symbol = true,
            _ => other = true,
        }
    }
    let pool = 26 * usize::from(lowercase)
        + 26 * usize::from(upper)
        + 10 * usize::from(digit)
        + 33 * usize::from(symbol)
        + 100 * usize::from(other);
    let tenths_per_char: usize = match pool {
        0..=10 => 33,
        11..=26 => 47,
        27..=36 => 52,
        37..=62 => 60,
        63..=95 => 66,
        _ => 72,
    };
    // Words of letters only: about 11 bits each from a large word list, whatever their
    // letters, so they are counted as words, not characters.
    let separator = |c: char| c.is_whitespace() || c == '-' || c == '_' || c == '.';
    let words = passphrase
        .split(separator)
        .filter(|w| w.chars().count() >= 3)
        .count();
    if words >= 2 && chars.iter().all(|c| c.is_alphabetic() || separator(*c)) {
        return match words {
            2 => Strength::Weak,
            3 => Strength::Fair,
            _ => Strength::Strong,
        };
    }
    // Repeated characters add little: count distinct ones fully, repeats at a quarter.
    let repeats = chars.len() - distinct.len();
    let tenths = distinct.len() * tenths_per_char + repeats * tenths_per_char / 4;
    match tenths {
        0..=449 => Strength::Weak,
        450..=699 => Strength::Fair,
        _ => Strength::Strong,
    }
}

/// Why a new passphrase and its repetition cannot be used; `None` when they can.
pub fn passphrase_problem(passphrase: &str, again: &str) -> Option<&'static str> {
    if strength(passphrase) == Strength::TooShort {
        return Some("Choose a passphrase of at least 8 characters.");
    }
    if passphrase != again {
        return Some(
            "The two passphrases are not the same. Type it again carefully: nobody can recover it.",
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixed test vector: salt 00..0f, IV 10..1b, a ciphertext of 20 bytes 0x80..0x93.
    fn vector() -> EncryptedFile {
        let salt: [u8; 16] = std::array::from_fn(|i| i as u8);
        let iv: [u8; 12] = std::array::from_fn(|i| 0x10 + i as u8);
        EncryptedFile::new(Contents::Backup, salt, iv).sealed((0x80..0x94).collect())
    }

    const VECTOR_TEXT: &str = r#"{"format":"waypoint-encrypted","version":1,"contains":"waypoint-backup","kdf":{"name":"PBKDF2","hash":"SHA-256","iterations":600000,"salt":"AAECAwQFBgcICQoLDA0ODw=="},"cipher":{"name":"AES-GCM","iv":"EBESExQVFhcYGRob","tag_bits":128},"data":"gIGCg4SFhoeIiYqLjI2Oj5CRkpM="}"#;

    const VECTOR_HEADER: &str = r#"{"format":"waypoint-encrypted","version":1,"contains":"waypoint-backup","kdf":{"name":"PBKDF2","hash":"SHA-256","iterations":600000,"salt":"AAECAwQFBgcICQoLDA0ODw=="},"cipher":{"name":"AES-GCM","iv":"EBESExQVFhcYGRob","tag_bits":128}}"#;

    #[test]
    fn the_fixed_test_vector_is_written_byte_for_byte() {
        assert_eq!(vector().to_text(), VECTOR_TEXT);
        assert_eq!(vector().header_bytes(), VECTOR_HEADER.as_bytes());
    }

    #[test]
    fn the_fixed_test_vector_reads_back_to_the_same_values_and_header() {
        assert!(is_encrypted(VECTOR_TEXT));
        let file = read(VECTOR_TEXT).unwrap();
        assert_eq!(file, vector());
        assert_eq!(file.kdf.iterations, 600_000);
        assert_eq!(file.kdf.salt.0, (0..16).collect::<Vec<u8>>());
        assert_eq!(file.cipher.iv.0, (0x10..0x1c).collect::<Vec<u8>>());
        assert_eq!(file.contains.format(), "waypoint-backup");
        // The reader's header is the writer's, whatever spacing the file was saved with.
        let spaced = VECTOR_TEXT.replace(",\"", ", \"").replace(':', ": ");
        assert_eq!(
            read(&spaced).unwrap().header_bytes(),
            VECTOR_HEADER.as_bytes()
        );
    }

    #[test]
    fn the_file_nodes_webcrypto_locked_has_the_fixed_vectors_header() {
        // tests/tools/encrypted-file.test.mjs makes it; tests/browser_crypto.rs opens it.
        let text = include_str!("../../tests/fixtures/encrypted/backup.locked.json");
        let file = read(text).unwrap();
        assert_eq!(file.header_bytes(), VECTOR_HEADER.as_bytes());
        // The backup's JSON and GCM's 16-byte tag.
        let plain = include_str!("../../tests/fixtures/encrypted/backup.json");
        assert_eq!(file.data.0.len(), plain.len() + 16);
    }

    #[test]
    fn the_written_parameters_are_at_least_what_the_issue_asks() {
        let file = EncryptedFile::new(Contents::Report, [7; 16], [9; 12]);
        assert!(file.kdf.iterations >= 600_000);
        assert_eq!(
            (file.kdf.name.as_str(), file.kdf.hash.as_str()),
            ("PBKDF2", "SHA-256")
        );
        assert_eq!(file.cipher.name, "AES-GCM");
        assert_eq!(file.kdf.salt.0.len(), 16);
        assert_eq!(file.cipher.iv.0.len(), 12);
        assert!(file.to_text().contains(r#""contains":"waypoint-share""#));
    }

    #[test]
    fn plain_files_are_not_taken_for_encrypted_ones() {
        assert!(!is_encrypted(
            r#"{"format":"waypoint-backup","schema_version":1}"#
        ));
        assert!(!is_encrypted(r#"{"format":5}"#));
        assert!(!is_encrypted("[1]"));
    }

    #[test]
    fn a_newer_format_says_so_and_names_its_version() {
        let newer = VECTOR_TEXT.replace(r#""version":1"#, r#""version":2"#);
        let err = read(&newer).unwrap_err();
        assert!(
            err.contains("newer version of Waypoint (encrypted format 2)"),
            "{err}"
        );
        // Even when the rest of it is a shape this version does not know.
        let newer = r#"{"format":"waypoint-encrypted","version":7,"argon2":{}}"#;
        assert!(read(newer).unwrap_err().contains("encrypted format 7"));
    }

    #[test]
    fn damaged_headers_are_refused_before_any_passphrase_is_asked() {
        let cases = [
            (VECTOR_TEXT.replace(r#""version":1,"#, ""), "damaged"),
            (
                VECTOR_TEXT.replace(r#""version":1"#, r#""version":"1""#),
                "damaged",
            ),
            (
                VECTOR_TEXT.replace(r#""version":1"#, r#""version":0"#),
                "damaged",
            ),
            (
                VECTOR_TEXT.replace("AAECAwQFBgcICQoLDA0ODw==", "AAECAwQFBgcICQoLDA0O"),
                "damaged",
            ),
            (
                VECTOR_TEXT.replace("EBESExQVFhcYGRob", "EBESExQVFhcYGRobHB0eHw=="),
                "damaged",
            ),
            (
                VECTOR_TEXT.replace("gIGCg4SFhoeIiYqLjI2Oj5CRkpM=", "gIGCg4SF"),
                "damaged",
            ),
            (
                VECTOR_TEXT.replace("gIGCg4SFhoeIiYqLjI2Oj5CRkpM=", "not base64!"),
                "damaged",
            ),
            (
                VECTOR_TEXT.replace(r#""contains":"waypoint-backup""#, r#""contains":"diary""#),
                "damaged",
            ),
            (
                VECTOR_TEXT.replace(r#","data""#, r#","extra":1,"data""#),
                "damaged",
            ),
            (VECTOR_TEXT.replace("600000", "1000"), "kind of protection"),
            (
                VECTOR_TEXT.replace("600000", "4000000000"),
                "kind of protection",
            ),
            (
                VECTOR_TEXT.replace("SHA-256", "SHA-1"),
                "kind of protection",
            ),
            (
                VECTOR_TEXT.replace("AES-GCM", "AES-CBC"),
                "kind of protection",
            ),
            (
                VECTOR_TEXT.replace(r#""tag_bits":128"#, r#""tag_bits":32"#),
                "kind of protection",
            ),
        ];
        for (text, expected) in cases {
            let err = read(&text).unwrap_err();
            assert!(err.contains(expected), "{text}: {err}");
            assert!(err.ends_with("Nothing was changed."), "{err}");
        }
    }

    #[test]
    fn a_tiny_passphrase_is_too_short_and_common_ones_are_weak() {
        assert_eq!(strength(""), Strength::TooShort);
        assert_eq!(strength("abc1234"), Strength::TooShort);
        assert_eq!(strength("Password"), Strength::Weak);
        assert_eq!(strength("aaaaaaaaaaaaaaaaaaaa"), Strength::Weak);
        assert_eq!(strength("abababababab"), Strength::Weak);
        assert_eq!(strength("sunlight"), Strength::Weak);
    }

    #[test]
    fn several_unrelated_words_are_strong_and_length_helps() {
        assert_eq!(strength("correct horse battery staple"), Strength::Strong);
        assert_eq!(strength("river-otter-candle-maple"), Strength::Strong);
        assert_eq!(strength("blue lantern morning"), Strength::Fair);
        assert_eq!(strength("blue lantern"), Strength::Weak);
        assert_eq!(strength("Tr0ub4dor&3"), Strength::Fair);
        assert_eq!(strength("kx9#Lq2!vB7@pZ"), Strength::Strong);
        // Characters outside ASCII count as a wide pool: a passphrase in Greek is not "weak".
        assert!(strength("καλημέρα φίλε μου σήμερα") >= Strength::Fair);
        assert!(strength("sunlight on the water") > strength("sunlight"));
    }

    #[test]
    fn a_new_passphrase_must_be_long_enough_and_typed_twice_the_same() {
        assert!(passphrase_problem("short", "short")
            .unwrap()
            .contains("at least 8"));
        assert!(passphrase_problem("long enough here", "long enough her")
            .unwrap()
            .contains("not the same"));
        assert_eq!(
            passphrase_problem("long enough here", "long enough here"),
            None
        );
    }
}
