//! The one seam to the browser's WebCrypto (`crypto.subtle`), through web-sys and js-sys: random
//! bytes, PBKDF2-SHA-256 key derivation, AES-256-GCM, SHA-256. Nothing cryptographic is written
//! here; this only hands bytes to the browser and back. The file format is
//! [`crate::domain::encrypted`]'s.
//!
//! WebCrypto runs its work off the page's main thread, so the screen stays responsive (and a
//! progress indicator moves) while the key is derived.

use crate::domain::encrypted::{
    Contents, EncryptedFile, CIPHER_NAME, IV_BYTES, KDF_HASH, KDF_NAME, NOT_OPENED, SALT_BYTES,
    TAG_BITS,
};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

/// Said when this browser offers no WebCrypto (a page served over plain http from another host).
pub const UNAVAILABLE: &str = "This browser does not offer encryption here: open Waypoint from its secure (https) address, or save the backup without a passphrase.";

fn crypto() -> Result<web_sys::Crypto, String> {
    let window = web_sys::window().ok_or(UNAVAILABLE)?;
    window.crypto().map_err(|_| UNAVAILABLE.to_string())
}

fn subtle() -> Result<SubtleCrypto, String> {
    let crypto = crypto()?;
    // `subtle` is undefined outside a secure context; web-sys would hand back `undefined` typed
    // as SubtleCrypto, so ask first.
    let subtle = Reflect::get(&crypto, &JsValue::from_str("subtle")).map_err(|_| UNAVAILABLE)?;
    if subtle.is_undefined() || subtle.is_null() {
        return Err(UNAVAILABLE.into());
    }
    Ok(subtle.unchecked_into())
}

/// Whether this page can encrypt (a secure context with WebCrypto).
pub fn available() -> bool {
    subtle().is_ok()
}

/// `N` bytes from the browser's cryptographically secure generator.
pub fn random<const N: usize>() -> Result<[u8; N], String> {
    let mut bytes = [0u8; N];
    crypto()?
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|_| UNAVAILABLE.to_string())?;
    Ok(bytes)
}

/// An object of named values, for WebCrypto's algorithm parameters.
fn object(pairs: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (name, value) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(name), value);
    }
    object
}

fn bytes(data: &[u8]) -> JsValue {
    Uint8Array::from(data).into()
}

fn usages(list: &[&str]) -> Array {
    list.iter().map(|u| JsValue::from_str(u)).collect()
}

async fn settle(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(promise?).await
}

fn to_vec(value: JsValue) -> Vec<u8> {
    Uint8Array::new(&value).to_vec()
}

/// An AES-256-GCM key for encrypting and decrypting, derived from `passphrase` (its UTF-8 bytes)
/// with PBKDF2-HMAC-SHA-256, `salt` and `iterations`. The key never leaves WebCrypto.
pub async fn derive_key(
    passphrase: &str,
    salt: &[u8],
    iterations: u32,
) -> Result<CryptoKey, String> {
    let subtle = subtle()?;
    let failed = |_| "The key could not be made from the passphrase.".to_string();
    let base = settle(subtle.import_key_with_str(
        "raw",
        &Uint8Array::from(passphrase.as_bytes()),
        KDF_NAME,
        false,
        &usages(&["deriveKey"]),
    ))
    .await
    .map_err(failed)?;
    let params = object(&[
        ("name", KDF_NAME.into()),
        ("hash", KDF_HASH.into()),
        ("salt", bytes(salt)),
        ("iterations", iterations.into()),
    ]);
    let key_type = object(&[("name", CIPHER_NAME.into()), ("length", 256.into())]);
    let key = settle(subtle.derive_key_with_object_and_object(
        &params,
        base.unchecked_ref(),
        &key_type,
        false,
        &usages(&["encrypt", "decrypt"]),
    ))
    .await
    .map_err(failed)?;
    Ok(key.unchecked_into())
}

fn gcm(iv: &[u8], additional: &[u8]) -> Object {
    object(&[
        ("name", CIPHER_NAME.into()),
        ("iv", bytes(iv)),
        ("additionalData", bytes(additional)),
        ("tagLength", TAG_BITS.into()),
    ])
}

/// `plaintext` encrypted with AES-GCM: the ciphertext with its tag appended.
pub async fn encrypt(
    key: &CryptoKey,
    iv: &[u8],
    additional: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>, String> {
    let subtle = subtle()?;
    settle(subtle.encrypt_with_object_and_u8_array(&gcm(iv, additional), key, plaintext))
        .await
        .map(to_vec)
        .map_err(|_| "The file could not be encrypted.".to_string())
}

/// `ciphertext` (with its tag) decrypted; [`NOT_OPENED`] when the tag does not match, which is
/// a wrong key or a changed byte anywhere in the ciphertext or the additional data.
pub async fn decrypt(
    key: &CryptoKey,
    iv: &[u8],
    additional: &[u8],
    ciphertext: &[u8],
) -> Result<Vec<u8>, String> {
    let subtle = subtle()?;
    settle(subtle.decrypt_with_object_and_u8_array(&gcm(iv, additional), key, ciphertext))
        .await
        .map(to_vec)
        .map_err(|_| NOT_OPENED.to_string())
}

/// SHA-256 of `data`.
pub async fn sha256(data: &[u8]) -> Result<Vec<u8>, String> {
    let subtle = subtle()?;
    settle(subtle.digest_with_str_and_u8_array("SHA-256", data))
        .await
        .map(to_vec)
        .map_err(|_| "The checksum could not be computed.".to_string())
}

/// A new file of this build's format for `contains`, with a fresh random salt and IV, and the
/// key its passphrase derives (the slow step: [`crate::domain::encrypted::ITERATIONS`]).
pub async fn new_key(
    contains: Contents,
    passphrase: &str,
) -> Result<(EncryptedFile, CryptoKey), String> {
    let file = EncryptedFile::new(contains, random::<SALT_BYTES>()?, random::<IV_BYTES>()?);
    let key = derive_key(passphrase, &file.kdf.salt.0, file.kdf.iterations).await?;
    Ok((file, key))
}

/// `plaintext` locked into `file` (made by [`new_key`]) with `key`: the file's text.
pub async fn lock(
    file: EncryptedFile,
    key: &CryptoKey,
    plaintext: &str,
) -> Result<EncryptedFile, String> {
    let data = encrypt(
        key,
        &file.cipher.iv.0,
        &file.header_bytes(),
        plaintext.as_bytes(),
    )
    .await?;
    Ok(file.sealed(data))
}

/// The key `passphrase` derives for `file` (the slow step).
pub async fn key_for(file: &EncryptedFile, passphrase: &str) -> Result<CryptoKey, String> {
    derive_key(passphrase, &file.kdf.salt.0, file.kdf.iterations).await
}

/// What `file` holds, opened with `key`: its text, or [`NOT_OPENED`].
pub async fn unlock(file: &EncryptedFile, key: &CryptoKey) -> Result<String, String> {
    let plain = decrypt(key, &file.cipher.iv.0, &file.header_bytes(), &file.data.0).await?;
    // GCM vouched for every byte: text that is not UTF-8 was never written by Waypoint.
    String::from_utf8(plain).map_err(|_| NOT_OPENED.to_string())
}
