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
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { lock, unlock } from "./encrypted-file.mjs";

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/encrypted");
const PASSPHRASE = "correct horse battery staple";
const SALT = Uint8Array.from({ length: 16 }, (_, i) => i);
const IV = Uint8Array.from({ length: 12 }, (_, i) => 0x10 + i);

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
