//! The real WebCrypto in Chromium, through [`waypoint::webcrypto`]: locking and opening an
//! encrypted file, a wrong passphrase and every kind of change refused, the same bytes as Node's
//! WebCrypto makes for the fixture (tests/tools/encrypted-file.test.mjs), and SHA-256's
//! known answer. Each derivation is the real 600,000 iterations.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
use waypoint::domain::backup::hex;
use waypoint::domain::encrypted::{self, Bytes, Contents, EncryptedFile, ITERATIONS, NOT_OPENED};
use waypoint::domain::import::{self, Chosen, ImportFile};
use waypoint::webcrypto;

wasm_bindgen_test_configure!(run_in_browser);

const PASSPHRASE: &str = "correct horse battery staple";
const PLAIN: &str = include_str!("fixtures/encrypted/backup.json");
const LOCKED: &str = include_str!("fixtures/encrypted/backup.locked.json");

async fn open(text: &str, passphrase: &str) -> Result<String, String> {
    let file = encrypted::read(text)?;
    let key = webcrypto::key_for(&file, passphrase).await?;
    webcrypto::unlock(&file, &key).await
}

#[wasm_bindgen_test]
async fn a_backup_locked_here_opens_with_its_passphrase_and_reads_as_the_backup() {
    assert!(webcrypto::available());
    let (file, key) = webcrypto::new_key(Contents::Backup, PASSPHRASE)
        .await
        .unwrap();
    assert_eq!(file.kdf.iterations, ITERATIONS);
    let locked = webcrypto::lock(file, &key, PLAIN).await.unwrap().to_text();
    assert!(
        !locked.contains("tender"),
        "the entries are not readable in the file"
    );
    let Ok(Chosen::Locked(file)) = import::read_chosen(&locked, 1) else {
        panic!("read as a locked file")
    };
    let key = webcrypto::key_for(&file, PASSPHRASE).await.unwrap();
    let plain = webcrypto::unlock(&file, &key).await.unwrap();
    assert_eq!(plain, PLAIN);
    let Ok(ImportFile::Backup(backup)) = import::read_unlocked(&plain, file.contains, 1) else {
        panic!("read as a backup")
    };
    assert_eq!(backup.entries.len(), 2);
}

#[wasm_bindgen_test]
async fn two_lockings_of_the_same_text_share_no_salt_iv_or_ciphertext() {
    let (a, ka) = webcrypto::new_key(Contents::Report, PASSPHRASE)
        .await
        .unwrap();
    let (b, kb) = webcrypto::new_key(Contents::Report, PASSPHRASE)
        .await
        .unwrap();
    assert_ne!(a.kdf.salt, b.kdf.salt);
    assert_ne!(a.cipher.iv, b.cipher.iv);
    let a = webcrypto::lock(a, &ka, PLAIN).await.unwrap();
    let b = webcrypto::lock(b, &kb, PLAIN).await.unwrap();
    assert_ne!(a.data, b.data);
}

#[wasm_bindgen_test]
async fn the_fixture_node_locked_opens_here_and_locking_it_again_gives_the_same_bytes() {
    assert_eq!(open(LOCKED, PASSPHRASE).await.unwrap(), PLAIN);
    // The same salt, IV and passphrase through this app's code: byte for byte Node's file.
    let file = encrypted::read(LOCKED).unwrap();
    let fresh = EncryptedFile::new(
        Contents::Backup,
        file.kdf.salt.0.clone().try_into().unwrap(),
        file.cipher.iv.0.clone().try_into().unwrap(),
    );
    let key = webcrypto::key_for(&fresh, PASSPHRASE).await.unwrap();
    assert_eq!(
        webcrypto::lock(fresh, &key, PLAIN).await.unwrap().to_text(),
        LOCKED
    );
}

#[wasm_bindgen_test]
async fn a_wrong_passphrase_is_refused_with_the_plain_message() {
    assert_eq!(
        open(LOCKED, "correct horse battery stapler").await,
        Err(NOT_OPENED.to_string())
    );
}

#[wasm_bindgen_test]
async fn a_changed_byte_anywhere_the_tag_covers_is_refused() {
    let file = encrypted::read(LOCKED).unwrap();
    let mut flipped = file.clone();
    flipped.data.0[10] ^= 0x01;
    let mut tag = file.clone();
    let last = tag.data.0.len() - 1;
    tag.data.0[last] ^= 0x80;
    let mut cut = file.clone();
    cut.data.0.truncate(cut.data.0.len() - 5);
    let mut relabelled = file.clone();
    relabelled.contains = Contents::Report;
    let mut other_iv = file.clone();
    other_iv.cipher.iv = Bytes(vec![0; 12]);
    for (what, changed) in [
        ("a flipped ciphertext bit", flipped),
        ("a flipped tag bit", tag),
        ("five bytes cut off the end", cut),
        ("the contents relabelled", relabelled),
        ("another IV", other_iv),
    ] {
        assert_eq!(
            open(&changed.to_text(), PASSPHRASE).await,
            Err(NOT_OPENED.to_string()),
            "{what}"
        );
    }
}

#[wasm_bindgen_test]
async fn sha_256_gives_its_known_answer() {
    let digest = webcrypto::sha256(b"abc").await.unwrap();
    assert_eq!(
        hex(&digest),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}
