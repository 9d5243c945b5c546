// Waypoint's encrypted file format, made and opened by a second implementation: Node's own
// WebCrypto (the same Web Crypto API the app calls in the browser, here in V8 over OpenSSL).
// The fixture tests/fixtures/encrypted/backup.locked.json is `backup.json` locked with the
// passphrase below and a fixed salt and IV. This test checks Node makes exactly that file and
// opens it; tests/browser_crypto.rs checks the app's Rust code makes and opens the same bytes.
// So both sides agree on every detail: PBKDF2-SHA-256 at 600,000 iterations over the UTF-8
// passphrase, AES-256-GCM with a 128-bit tag, and the header as additional authenticated data.
//
// `WAYPOINT_WRITE_FIXTURES=1 node --test tests/tools/encrypted-file.test.mjs` writes it again.

import assert from "node:assert/strict";
import { webcrypto as crypto } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/encrypted");
export const PASSPHRASE = "correct horse battery staple";
const SALT = Uint8Array.from({ length: 16 }, (_, i) => i);
const IV = Uint8Array.from({ length: 12 }, (_, i) => 0x10 + i);

/** The header exactly as Waypoint writes it: its fields in order, compact JSON. */
function header(file) {
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
async function lock(plaintext, passphrase, contains, salt, iv) {
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
async function unlock(text, passphrase) {
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

const plaintext = readFileSync(path.join(FIXTURES, "backup.json"), "utf8");
const lockedPath = path.join(FIXTURES, "backup.locked.json");

test("Node's WebCrypto locks the fixture backup into exactly the fixture file", async () => {
  const made = await lock(plaintext, PASSPHRASE, "waypoint-backup", SALT, IV);
  if (process.env.WAYPOINT_WRITE_FIXTURES === "1") writeFileSync(lockedPath, made);
  assert.equal(made, readFileSync(lockedPath, "utf8"));
});

test("Node's WebCrypto opens the fixture file with its passphrase, and refuses a wrong one or a changed header", async () => {
  const locked = readFileSync(lockedPath, "utf8");
  assert.equal(await unlock(locked, PASSPHRASE), plaintext);
  await assert.rejects(unlock(locked, "correct horse battery stapler"));
  const relabelled = locked.replace('"contains":"waypoint-backup"', '"contains":"waypoint-share"');
  assert.notEqual(relabelled, locked);
  await assert.rejects(unlock(relabelled, PASSPHRASE), "the header is authenticated");
});
