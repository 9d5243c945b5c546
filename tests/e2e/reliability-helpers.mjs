// Helpers for the reliability and privacy suites (reliability.test.mjs, privacy.test.mjs): a
// seeded random source, reads of what Waypoint stored, seeding localStorage before the app
// loads, the quick mood on Today, and capturing downloads.
//
// Unlike journey-helpers.mjs (which only ever reads storage), these tests also write to
// localStorage behind the app's back: damaged records, filler that fills the quota, a record
// added or removed by hand. Those writes are always made here or in the test, never by the app.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./harness.mjs";

export { assert };

/** The v1 fixture: localStorage exactly as Waypoint 1 wrote it (`key → raw value`). */
export const FIXTURE = Object.freeze(
  JSON.parse(readFileSync(path.join(REPO_ROOT, "tests/fixtures/store-v1.json"), "utf8")),
);

/** The fixture's three readable entries, as the Journal summarises them. */
export const FIXTURE_SUMMARIES = Object.freeze([
  "Mood 6/10 · tender, open",
  "Slept 8.5 h · quality 4/5",
  "Insight · I can rest without earning it.",
]);

export const MOOD_LEGEND = "Mood from 0 (very low) to 10 (very good)";

/**
 * A small seeded PRNG (mulberry32): the same seed gives the same runs, so a failure can be
 * replayed by its seed.
 */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** An integer in [lo, hi]. */
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    /** One element of `list`. */
    pick: (list) => list[Math.floor(next() * list.length)],
    /** A shuffled copy of `list`. */
    shuffle(list) {
      const out = [...list];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every `waypoint.*` key and its raw value, as a plain object sorted by key. */
export async function waypointStorage(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      Object.keys(localStorage)
        .filter((k) => k.startsWith("waypoint."))
        .sort()
        .map((k) => [k, localStorage.getItem(k)]),
    ),
  );
}

/** The `waypoint.entry.*` keys, sorted. */
export async function entryKeys(page) {
  return page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith("waypoint.entry."))
      .sort(),
  );
}

/** The raw value under `key` (null when absent). */
export function rawAt(page, key) {
  return page.evaluate((k) => localStorage.getItem(k), key);
}

/** Every stored entry's data, keyed by id. */
export async function entriesById(page) {
  const raws = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith("waypoint.entry."))
      .map((k) => [k, localStorage.getItem(k)]),
  );
  const out = new Map();
  for (const [key, raw] of raws) {
    const data = JSON.parse(raw).data;
    assert.equal(`waypoint.entry.${data.id}`, key, "an entry is stored under its own id");
    out.set(data.id, data);
  }
  return out;
}

/**
 * Seeds localStorage with `pairs` before the app's first load in this context, exactly once
 * (guarded by sessionStorage, so a reload of the same tab does not seed again).
 */
export async function seedOnce(context, pairs) {
  await context.addInitScript((seed) => {
    if (sessionStorage.getItem("test.seeded")) return;
    sessionStorage.setItem("test.seeded", "1");
    for (const [key, value] of Object.entries(seed)) localStorage.setItem(key, value);
  }, pairs);
}

/** Waits until the app has rendered a screen (its `<h1>` inside `<main>`). */
export async function appReady(page, timeout = 15_000) {
  await page.locator("main#main h1").first().waitFor({ state: "visible", timeout });
}

/**
 * The quick mood on Today: its scale, its Save button, and `scrolled()`, which scrolls Today to
 * its end as a thumb would, so the Save button sits clear of the toast a previous save left.
 */
export function quickMood(page) {
  const group = page.locator("main").getByRole("group", { name: MOOD_LEGEND, exact: true });
  return {
    option: (n) => group.locator("label.scale-option").nth(n),
    save: page.locator("main").getByRole("button", { name: "Save mood", exact: true }),
    scrolled: () => page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight)),
  };
}

/** The banners that tell the patient something went wrong or was kept aside. */
export function troubleBanners(page) {
  return page.locator("main .banner-error, main .banner-warning");
}

/**
 * Clicks `trigger` (an async function) and returns the download it starts: its suggested file
 * name and its bytes.
 */
export async function captureDownload(page, trigger) {
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 10_000 }), trigger()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(file), path: file, url: download.url() };
}
