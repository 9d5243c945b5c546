// Waypoint's encrypted file format (src/domain/encrypted.rs) written a second time, over Node's
// own WebCrypto: a check on the app's files that shares no code with it. Used by
// encrypted-file.test.mjs and the end-to-end suite (tests/e2e/backup.test.mjs).

import { webcrypto as crypto } from "node:crypto";

/** The header exactly as Waypoint writes it: its fields in order, compact JSON. */
export function header(file) {
  const { format, version, contains, kdf, cipher } = file;
  return JSON.stringify({ format, version, contains, kdf, cipher });
}

async function keyFor(passphrase, kdf) {
  const base = await crypto.subtle.importKey("raw", new TextEncoder().encode(passphrase), "PBKDF2", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "PBKDF2", hash: kdf.hash, salt: Buffer.from(kdf.salt, "base64"), iterations: kdf.iterations },
    base,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

/** `plaintext` locked as Waypoint locks it. */
export async function lock(plaintext, passphrase, contains, salt, iv) {
  const file = {
    format: "waypoint-encrypted",
    version: 1,
    contains,
    kdf: { name: "PBKDF2", hash: "SHA-256", iterations: 600000, salt: Buffer.from(salt).toString("base64") },
    cipher: { name: "AES-GCM", iv: Buffer.from(iv).toString("base64"), tag_bits: 128 },
  };
  const key = await keyFor(passphrase, file.kdf);
  const data = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(header(file)), tagLength: 128 },
    key,
    new TextEncoder().encode(plaintext),
  );
  return JSON.stringify({ ...file, data: Buffer.from(data).toString("base64") });
}

/** What a Waypoint encrypted file holds, opened with `passphrase`. */
export async function unlock(text, passphrase) {
  const file = JSON.parse(text);
  const key = await keyFor(passphrase, file.kdf);
  const plain = await crypto.subtle.decrypt(
    {
      name: "AES-GCM",
      iv: Buffer.from(file.cipher.iv, "base64"),
      additionalData: new TextEncoder().encode(header(file)),
      tagLength: file.cipher.tag_bits,
    },
    key,
    Buffer.from(file.data, "base64"),
  );
  return new TextDecoder("utf-8", { fatal: true }).decode(plain);
}
