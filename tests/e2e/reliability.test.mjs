// Reliability: the journal survives what phones do to web pages, in real Chromium.
//
// - A page reloaded, closed, or killed (renderer crash) at random moments while the patient is
//   saving moods: every save the app confirmed is still there afterwards, nothing is moved aside,
//   and the app starts cleanly. Seeded, so a failing run can be replayed.
// - Damaged or foreign data in storage, one kind per test: the app starts, says so in plain
//   words, keeps the raw text byte for byte (and offers it as a download), shows every good entry,
//   and never writes over the kept copy.
// - A full storage quota: the save fails with a message beside Save, the text stays in the form,
//   nothing saved before is touched, and once space is freed the same Save works.
// - Two tabs on one phone: changes show up in the other tab, and neither tab silently undoes the
//   other's work.
// - Text being typed survives a reload.
//
// Storage is written behind the app's back only to set up a fault (damaged records, filler,
// a record added or removed by hand); everything the patient does goes through the UI.

import { after, before, describe, test } from "node:test";
import { expectNoConsoleErrors, launchBrowser, phonePage, startApp } from "./harness.mjs";
import { button, expectHeading, entryCard, fill, link, tapRating, tapTab, waitText } from "./journey-helpers.mjs";
import {
  FIXTURE,
  FIXTURE_SUMMARIES,
  MOOD_LEGEND,
  appReady,
  assert,
  captureDownload,
  entriesById,
  entryKeys,
  prng,
  quickMood,
  rawAt,
  seedOnce,
  sleep,
  troubleBanners,
  waypointStorage,
} from "./reliability-helpers.mjs";

let app;
let browser;
before(async () => {
  app = await startApp();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await app?.close();
});

const ENTRY = "waypoint.entry.";
const RESCUED = "waypoint.rescued.";
const toast = (page) => page.locator(".toast-region .toast");
const journalCards = (page) => page.locator("main article.entry-card");

/** Skips the first-run questions so Today shows the quick mood. */
async function skipWelcome(page) {
  await expectHeading(page, "Welcome to Waypoint");
  await button(page, "Skip for now").tap();
  await expectHeading(page, "Today");
}

/** Saves a mood from the full form (`#/journal/new/mood`) and waits for the Journal. */
async function saveMoodForm(page, rating, note = "") {
  await page.goto(app.route("journal/new/mood"));
  await expectHeading(page, "How I feel");
  await tapRating(page, MOOD_LEGEND, rating);
  if (note) await fill(page, "Note (optional)", note);
  await button(page, "Save").tap();
  await expectHeading(page, "Journal");
}

// ---------------------------------------------------------------------------------------------
// 1. Reload, close or kill while saving
// ---------------------------------------------------------------------------------------------

// Each run: on Today, 0–2 ordinary quick-mood saves (a tap on a rating, a tap on Save), then one
// more save that a fault interrupts: while the finger is still down on Save, or 1–80 ms after
// the tap. The faults, ten runs each in a seeded order:
//   reload            page.reload()
//   close and reopen  page.close() without beforeunload, then a new page in the same context
//   kill mid-click    the renderer crashes (CDP Page.crash), then a new page in the same context
// A save counts as confirmed once the test has seen its new `waypoint.entry.` key (faster than
// waiting for the toast); an interrupted save that turns out stored after the restart counts
// too, since later runs must keep it. After every restart: each confirmed entry is there with
// its rating, no `waypoint.rescued.` key exists, no entry appeared unaccounted, and Today opens
// with no warning or error banner. Same seed, same runs (timing aside).
const FAULTS = ["reload", "close and reopen", "kill mid-click"];
const RUNS = 30;
const SEED = 0x3a7f_2026;

test("every mood save the app confirmed survives a reload, a closed page or a page killed mid-click, over 30 seeded runs", async () => {
  const phone = await phonePage(browser);
  const { context } = phone;
  let page = phone.page;
  page.setDefaultTimeout(5_000);
  const rng = prng(SEED);
  /** id → { rating, run, fault } for every save seen in storage before the fault. */
  const confirmed = new Map();
  const stats = Object.fromEntries(
    FAULTS.map((f) => [f, { runs: 0, fingerDown: 0, confirmed: 0, inFlightLanded: 0, inFlightNotLanded: 0, lost: [] }]),
  );
  const started = Date.now();
  const spent = { saving: 0, faulting: 0, restarting: 0 };

  /** Waits until the entry count passes `n`; returns the keys then, or null after `ms`. */
  const waitForNewKey = async (n, ms) => {
    try {
      const handle = await page.waitForFunction(
        (n) => {
          const keys = Object.keys(localStorage).filter((k) => k.startsWith("waypoint.entry."));
          return keys.length > n ? keys.sort() : false;
        },
        n,
        { timeout: ms, polling: "raf" },
      );
      return await handle.jsonValue();
    } catch {
      return null;
    }
  };
  const newId = (beforeKeys, afterKeys) => {
    const added = afterKeys.filter((k) => !beforeKeys.includes(k));
    assert.equal(added.length, 1, `one save adds one key: ${added}`);
    return added[0].slice(ENTRY.length);
  };

  try {
    await page.goto(app.url);
    await appReady(page);
    await skipWelcome(page);

    // Every class gets the same number of runs, in a seeded order.
    const order = rng.shuffle(Array.from({ length: RUNS }, (_, i) => FAULTS[i % FAULTS.length]));
    for (let run = 0; run < RUNS; run++) {
      const fault = order[run];
      const ratings = prng(SEED + run + 1);
      const calmSaves = rng.int(0, 2); // ordinary saves before the one the fault hits
      // When the fault comes: while the finger is still down on Save (a quarter of runs), or
      // 1–80 ms after the tap on Save was sent.
      const fingerDown = rng.next() < 0.25;
      const momentMs = rng.int(1, 80);
      const stat = stats[fault];
      stat.runs++;

      // Where the patient's thumb goes: Today scrolled to its end (Save clear of any toast), the
      // centre of each rating and of Save. Taps are real touches at those points.
      const { spots, keys: keysNow } = await page.evaluate(() => {
        window.scrollTo(0, document.documentElement.scrollHeight);
        const centre = (el) => {
          const r = el.getBoundingClientRect();
          return [r.left + r.width / 2, r.top + r.height / 2];
        };
        const options = [...document.querySelectorAll("main label.scale-option")].filter((l) => l.querySelector("input[name='quick-mood']"));
        const save = [...document.querySelectorAll("main button")].find((b) => b.textContent.trim() === "Save mood");
        return {
          spots: { options: options.map(centre), save: centre(save) },
          keys: Object.keys(localStorage).filter((k) => k.startsWith("waypoint.entry.")).sort(),
        };
      });
      assert.equal(spots.options.length, 11, "the quick mood offers 0 to 10");
      const touch = ([x, y]) => page.touchscreen.tap(x, y);
      let keys = keysNow;
      const cdp = await context.newCDPSession(page);
      const crashed = fault === "kill mid-click" ? new Promise((resolve) => page.once("crash", resolve)) : null;

      const t0 = Date.now();
      for (let i = 0; i < calmSaves; i++) {
        const rating = ratings.int(0, 10);
        await touch(spots.options[rating]);
        await touch(spots.save);
        const now = await waitForNewKey(keys.length, 5_000);
        assert.ok(now, `run ${run}: an ordinary save did not reach storage`);
        confirmed.set(newId(keys, now), { rating, run, fault });
        stat.confirmed++;
        keys = now;
      }

      // The save the fault hits: pick a rating, then put the finger down on Save and fault before
      // it lifts, or tap Save (not awaited) and fault `momentMs` later: before, during or just
      // after the app writes.
      const rating = ratings.int(0, 10);
      const t1 = Date.now();
      await touch(spots.options[rating]);
      let saving;
      let seen = null;
      if (fingerDown) {
        const [x, y] = spots.save;
        await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x, y }] });
        saving = Promise.resolve();
        stat.fingerDown++;
      } else {
        saving = touch(spots.save).catch(() => {});
        seen = await waitForNewKey(keys.length, momentMs);
      }
      if (seen) {
        // Seen in storage: from here on it counts as confirmed, and the fault comes at once.
        confirmed.set(newId(keys, seen), { rating, run, fault });
        stat.confirmed++;
      }

      if (fault === "reload") {
        await page.reload({ waitUntil: "commit" });
        if (fingerDown) await cdp.send("Input.dispatchTouchEvent", { type: "touchCancel", touchPoints: [] }); // lift it
      } else if (fault === "close and reopen") {
        await page.close({ runBeforeUnload: false });
        page = await context.newPage();
        page.setDefaultTimeout(5_000);
      } else {
        cdp.send("Page.crash").catch(() => {}); // never answers: the page is gone
        await Promise.race([crashed, sleep(5_000).then(() => assert.fail(`run ${run}: the renderer did not crash`))]);
        await page.close().catch(() => {});
        page = await context.newPage();
        page.setDefaultTimeout(5_000);
      }
      await saving;
      const t2 = Date.now();
      if (fault !== "reload") await page.goto(app.url);
      await appReady(page);
      await expectHeading(page, "Today");
      const t3 = Date.now();

      // Afterwards: everything confirmed so far is stored with its rating; nothing was moved aside.
      const stored = await entriesById(page);
      for (const [id, want] of confirmed) {
        const got = stored.get(id);
        if (!got || got.rating !== want.rating) {
          stats[want.fault].lost.push(`${id} (rating ${want.rating}, run ${want.run}${got ? `, now ${got.rating}` : ", missing"})`);
          confirmed.delete(id); // report each loss once
        }
      }
      if (!seen) {
        const landed = stored.size > keys.length;
        if (landed) {
          const id = newId(keys, [...stored.keys()].map((k) => ENTRY + k).sort());
          assert.equal(stored.get(id).rating, rating, `run ${run}: the in-flight save stored its own rating`);
          confirmed.set(id, { rating, run, fault }); // it is stored now: later runs must keep it
          stat.inFlightLanded++;
        } else {
          stat.inFlightNotLanded++;
        }
      }
      const all = await waypointStorage(page);
      assert.deepEqual(Object.keys(all).filter((k) => k.startsWith(RESCUED)), [], `run ${run} (${fault}): nothing was moved aside`);
      assert.equal(stored.size, confirmed.size, `run ${run} (${fault}): no entry appeared or vanished unaccounted`);
      assert.equal(await troubleBanners(page).count(), 0, `run ${run} (${fault}): the app starts with no warning or error banner`);
      spent.saving += t1 - t0;
      spent.faulting += t2 - t1;
      spent.restarting += t3 - t2;
    }

    const took = ((Date.now() - started) / 1000).toFixed(1);
    const lines = FAULTS.map((f) => {
      const s = stats[f];
      return `  ${f}: ${s.runs} runs (${s.fingerDown} with the finger still down on Save), ${s.confirmed} confirmed saves, in-flight save stored ${s.inFlightLanded}× / not stored ${s.inFlightNotLanded}×, lost ${s.lost.length ? s.lost.join("; ") : "nothing"}`;
    });
    const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
    const report = [
      `fault injection (seed 0x${SEED.toString(16)}, ${RUNS} runs, ${took} s: saving ${secs(spent.saving)}, faults ${secs(spent.faulting)}, restarts ${secs(spent.restarting)}; ${confirmed.size} entries at the end):`,
      ...lines,
    ].join("\n");
    console.log(report);
    const lost = FAULTS.flatMap((f) => stats[f].lost.map((l) => `${f}: ${l}`));
    assert.deepEqual(lost, [], "no confirmed save was lost");
    assert.equal((await entryKeys(page)).length, confirmed.size);
    expectNoConsoleErrors(phone);
  } finally {
    await phone.close();
  }
});

// ---------------------------------------------------------------------------------------------
// 2. Damaged data in storage
// ---------------------------------------------------------------------------------------------

const MOOD_KEY = "waypoint.entry.e-lq1b0000-aaaa";
const SLEEP_KEY = "waypoint.entry.e-lq1c0000-bbbb";
const FIXTURE_ENTRY_KEYS = Object.keys(FIXTURE).filter((k) => k.startsWith(ENTRY));

/** A fixture entry's raw text with its id (and key) changed to `id`, and `edit` applied. */
function variantOf(key, id, edit = (s) => s) {
  const oldId = key.slice(ENTRY.length);
  return edit(FIXTURE[key].replaceAll(oldId, id));
}

/**
 * Opens the app on the v1 fixture plus `extra` (written before the app's first load) and checks
 * what every damaged-data case must show. Returns the open phone.
 */
async function openDamaged(extra, { heading = "Today" } = {}) {
  const phone = await phonePage(browser);
  phone.page.setDefaultTimeout(5_000);
  await seedOnce(phone.context, { ...FIXTURE, ...extra });
  await phone.page.goto(app.url);
  await appReady(phone.page);
  await expectHeading(phone.page, heading);
  return phone;
}

/** The Journal lists exactly the fixture's three readable entries (plus `more`). */
async function expectGoodEntriesShown(page, more = []) {
  await tapTab(page, "Journal");
  for (const summary of [...FIXTURE_SUMMARIES, ...more]) await entryCard(page, summary).waitFor();
  assert.equal(await journalCards(page).count(), FIXTURE_SUMMARIES.length + more.length, "every readable entry, nothing else");
}

/** The "could not be read" banner is shown, in plain words. */
async function expectRescueBanner(page) {
  await waitText(
    page.locator("main .banner-warning[role='status']"),
    "Some saved data could not be read. It has been kept exactly as it was, and nothing else is affected.",
  );
}

/** Settings lists `rescuedKey` under "Data that could not be read" and its download is `raw`. */
async function expectRescuedDownload(page, rescuedKey, raw) {
  await tapTab(page, "Settings");
  const section = page.locator("main section[aria-labelledby='data-title']");
  await section.getByRole("heading", { name: "Data that could not be read" }).waitFor();
  const item = section.locator("li", { hasText: rescuedKey });
  assert.equal(await item.count(), 1, `${rescuedKey} is listed`);
  const file = await captureDownload(page, () => item.getByRole("button", { name: "Download", exact: true }).tap());
  assert.equal(file.name, `${rescuedKey.replaceAll(".", "-")}.txt`);
  assert.ok(file.bytes.equals(Buffer.from(raw, "utf8")), `the download is the raw text byte for byte:\n${file.bytes}\nvs\n${raw}`);
}

/**
 * The common story of a damaged record at `key`: moved aside byte for byte, the patient told,
 * good entries shown, downloadable, and a later save leaves the kept copy alone.
 */
async function rescueStory(key, raw, { heading = "Today", afterOpen = async () => {} } = {}) {
  const phone = await openDamaged({ [key]: raw }, { heading });
  const { page } = phone;
  const rescuedKey = RESCUED + key.slice("waypoint.".length);
  try {
    await expectRescueBanner(page);
    const stored = await waypointStorage(page);
    assert.equal(stored[rescuedKey], raw, "the raw text is kept byte for byte under the rescued key");
    assert.equal(stored[key], undefined, "and no longer sits where the app would read it");
    for (const k of Object.keys(FIXTURE).filter((k) => k.startsWith("waypoint.") && k !== key)) {
      assert.equal(stored[k], FIXTURE[k], `${k} is untouched`);
    }
    assert.equal(await rawAt(page, "unrelated.app.key"), FIXTURE["unrelated.app.key"], "another app's key is untouched");
    await afterOpen(page);

    await expectGoodEntriesShown(page);
    await expectRescuedDownload(page, rescuedKey, raw);

    // A later save (a new mood) writes its own record and leaves the kept copy alone.
    await saveMoodForm(page, 4, "After the damaged record.");
    await entryCard(page, "Mood 4/10").waitFor();
    await page.reload();
    await appReady(page);
    await expectRescueBanner(page); // still kept, still said
    const afterSave = await waypointStorage(page);
    assert.equal(afterSave[rescuedKey], raw, "the kept copy is unchanged after a save and a reload");
    assert.equal(Object.keys(afterSave).filter((k) => k.startsWith(RESCUED)).length, 1, "and it was not copied again");
    assert.equal((await entryKeys(page)).length, FIXTURE_ENTRY_KEYS.length + 1, "the three good entries and the new one");
    expectNoConsoleErrors(phone);
    return { phone, rescuedKey };
  } catch (e) {
    await phone.close();
    throw e;
  }
}

describe("damaged data in storage", () => {
  test("a truncated entry is kept byte for byte, the patient is told, and a second damaged copy never overwrites the first", async () => {
    const key = `${ENTRY}e-lq1f0000-eeee`;
    const whole = variantOf(SLEEP_KEY, "e-lq1f0000-eeee", (s) => s.replace("Dreamt of the sea.", "Dreamt of the sea, café ☕ naïve."));
    const raw = whole.slice(0, Math.floor(whole.length * 0.6)); // cut mid-record, as a dying write might
    const { phone, rescuedKey } = await rescueStory(key, raw);
    try {
      const { page } = phone;
      // The same key damaged again (another bad write): the second copy goes beside the first.
      const again = `${raw}…again`;
      await page.evaluate(([k, v]) => localStorage.setItem(k, v), [key, again]);
      await page.reload();
      await appReady(page);
      const stored = await waypointStorage(page);
      assert.equal(stored[rescuedKey], raw, "the first kept copy is untouched");
      assert.equal(stored[`${rescuedKey}.2`], again, "the second is kept under its own key");
      assert.equal(stored[key], undefined);
      expectNoConsoleErrors(phone);
    } finally {
      await phone.close();
    }
  });

  test("an entry that is not JSON at all is kept byte for byte and offered as a download", async () => {
    const { phone } = await rescueStory(`${ENTRY}e-lq1g0000-ffff`, "this is not JSON at all: {rating: 6, note: \"ça va\" ⚠");
    await phone.close();
  });

  test("an entry with a wrong type (rating \"high\") is kept byte for byte, and the other entries still show", async () => {
    const raw = variantOf(MOOD_KEY, "e-lq1e0000-dddd", (s) => s.replace('"rating":6', '"rating":"high"'));
    assert.match(raw, /"rating":"high"/);
    const { phone } = await rescueStory(`${ENTRY}e-lq1e0000-dddd`, raw);
    await phone.close();
  });

  test("a record stored under another entry's key is kept aside rather than shown under the wrong name", async () => {
    // A valid mood whose own id is e-lq1b0000-aaaa (an entry that exists), under a different key.
    const raw = FIXTURE[MOOD_KEY].replace('"rating":6', '"rating":2').replace("Softer than I expected.", "Filed under the wrong name.");
    const { phone } = await rescueStory(`${ENTRY}e-lq1h0000-gggg`, raw, {
      afterOpen: async (page) => {
        const stored = await entriesById(page);
        assert.equal(stored.get("e-lq1b0000-aaaa").rating, 6, "the real e-lq1b0000-aaaa is not replaced by the stray copy");
      },
    });
    await phone.close();
  });

  test("a plan that is not JSON is kept byte for byte, the app starts with its first-run questions, and saving a new plan leaves the copy alone", async () => {
    const raw = '{"schema_version":1,"data":{"course":{"sessions":[{"id":"s-lq1a2b3c-0a1b","planned":"2026-11-';
    const { phone, rescuedKey } = await rescueStory("waypoint.plan", raw, { heading: "Welcome to Waypoint" });
    try {
      const { page } = phone;
      assert.equal(rescuedKey, "waypoint.rescued.plan");
      // Answering the first-run questions writes a fresh plan; the kept copy stays as it was.
      await tapTab(page, "Today", "Welcome to Waypoint");
      await skipWelcome(page);
      const stored = await waypointStorage(page);
      assert.equal(stored[rescuedKey], raw);
      assert.equal(JSON.parse(stored["waypoint.plan"]).data.welcomed, true, "a new plan was saved");
      await page.reload();
      await appReady(page);
      await expectHeading(page, "Today");
      assert.equal(await rawAt(page, rescuedKey), raw);
      expectNoConsoleErrors(phone);
    } finally {
      await phone.close();
    }
  });

  test("a plan from a newer Waypoint (schema_version 2) is left untouched, the app says so, entries still show, and a save is refused without writing", async () => {
    const planV2 = FIXTURE["waypoint.plan"].replace('{"schema_version":1,', '{"schema_version":2,').replace('"welcomed":true', '"welcomed":true,"moon_phase":"waxing"');
    assert.match(planV2, /^\{"schema_version":2,/);
    const phone = await openDamaged({ "waypoint.plan": planV2 }, { heading: "Welcome to Waypoint" });
    const { page } = phone;
    try {
      await waitText(page.locator("main .banner-warning[role='alert']"), "This journal was saved by a newer version of Waypoint.");
      assert.equal(await page.locator("main .banner-warning[role='status']").count(), 0, "nothing was moved aside");
      const before = await waypointStorage(page);
      assert.equal(before["waypoint.plan"], planV2, "the newer plan is left exactly in place");
      assert.deepEqual(Object.keys(before).filter((k) => k.startsWith(RESCUED)), []);
      await expectGoodEntriesShown(page);

      // An attempted save: refused beside Save, the form keeps what was typed, nothing written.
      await page.goto(app.route("journal/new/mood"));
      await expectHeading(page, "How I feel");
      await tapRating(page, MOOD_LEGEND, 3);
      await fill(page, "Note (optional)", "Written while the app was out of date.");
      await button(page, "Save").tap();
      await waitText(
        page.locator("main form .field-error[role='alert']"),
        "Not saved: this journal was last saved by a newer version of Waypoint. Reload to update the app; nothing has been changed.",
      );
      await expectHeading(page, "How I feel");
      assert.equal(await page.locator("main #mood-note").inputValue(), "Written while the app was out of date.");
      // A plan change is refused too (the first-run questions would otherwise replace the plan).
      await tapTab(page, "Today", "Welcome to Waypoint");
      await button(page, "Skip for now").tap();
      await waitText(page.locator("main .banner-error[role='alert']"), "newer version of Waypoint");
      const afterAttempts = await waypointStorage(page);
      const withoutDrafts = (s) => Object.fromEntries(Object.entries(s).filter(([k]) => !k.startsWith("waypoint.draft.")));
      assert.deepEqual(withoutDrafts(afterAttempts), withoutDrafts(before), "nothing but a draft was written");
      await page.reload();
      await appReady(page);
      assert.equal(await rawAt(page, "waypoint.plan"), planV2, "the newer plan is still byte for byte as it was");
      expectNoConsoleErrors(phone);
    } finally {
      await phone.close();
    }
  });

  test(
    "with a plan from a newer Waypoint, Settings still lets the patient download that plan",
    async () => {
      const planV2 = FIXTURE["waypoint.plan"].replace('{"schema_version":1,', '{"schema_version":2,');
      const phone = await openDamaged({ "waypoint.plan": planV2 }, { heading: "Welcome to Waypoint" });
      const { page } = phone;
      try {
        await tapTab(page, "Settings");
        const data = page.locator("main section[aria-labelledby='data-title']");
        // The journal as saved comes off the phone byte for byte…
        const saved = await captureDownload(page, () => data.getByRole("button", { name: "Download it exactly as saved", exact: true }).tap());
        const raw = JSON.parse(saved.bytes.toString("utf8"));
        assert.equal(raw["waypoint.plan"], planV2, "the newer plan, exactly as stored");
        // …and a full backup, which would put defaults in its place, is refused with a reason.
        await data.getByRole("button", { name: "Save a backup without a passphrase", exact: true }).tap();
        await waitText(page.locator("main .banner-error[role='alert']").first(), /newer version/);
        assert.equal(await page.evaluate(() => localStorage.getItem("waypoint.plan")), planV2, "still untouched");
      } finally {
        await phone.close();
      }
    },
  );

  test("with storage too full to keep a copy, a damaged entry stays where it is, is offered for download, and moves aside once there is room", async () => {
    const key = `${ENTRY}e-lq1k0000-kkkk`;
    const raw = '{"schema_version":1,"data":{"id":"e-lq1k0000-kkkk","kind":"mood","rating":';
    const phone = await phonePage(browser);
    const { page } = phone;
    page.setDefaultTimeout(5_000);
    // The fixture, the damaged entry, then someone else's filler until not one character fits.
    await seedOnce(phone.context, { ...FIXTURE, [key]: raw });
    await phone.context.addInitScript(() => {
      if (sessionStorage.getItem("test.filled")) return;
      sessionStorage.setItem("test.filled", "1");
      let size = 1 << 20;
      for (let n = 0; size >= 1; ) {
        try {
          localStorage.setItem(`filler.${n}`, "x".repeat(size));
          n++;
        } catch {
          size = Math.floor(size / 2);
        }
      }
    });
    try {
      await page.goto(app.url);
      await appReady(page);
      await expectRescueBanner(page);
      assert.equal(await rawAt(page, key), raw, "the damaged entry is kept where it was, byte for byte");
      assert.deepEqual(Object.keys(await waypointStorage(page)).filter((k) => k.startsWith(RESCUED)), [], "no room for a copy");
      await expectGoodEntriesShown(page);
      await expectRescuedDownload(page, key, raw);
      assert.equal(await rawAt(page, key), raw);

      // Room again: on the next start the copy is made and the original key is freed.
      await page.evaluate(() => {
        for (const k of Object.keys(localStorage)) if (k.startsWith("filler.")) localStorage.removeItem(k);
      });
      await page.reload();
      await appReady(page);
      await expectRescueBanner(page);
      assert.equal(await rawAt(page, `${RESCUED}entry.e-lq1k0000-kkkk`), raw, "now kept under the rescued key");
      assert.equal(await rawAt(page, key), null);
      expectNoConsoleErrors(phone);
    } finally {
      await phone.close();
    }
  });

  test("an entry removed by hand simply disappears without error, and a valid record added by hand appears", async () => {
    const phone = await openDamaged({});
    const { page } = phone;
    try {
      await expectGoodEntriesShown(page);
      const stray = variantOf(MOOD_KEY, "e-lq9z0000-zzzz", (s) => s.replace('"rating":6', '"rating":9').replace('"emotions":["tender","open"]', '"emotions":["grateful"]'));
      await page.evaluate(
        ([gone, key, value]) => {
          localStorage.removeItem(gone);
          localStorage.setItem(key, value);
        },
        [SLEEP_KEY, `${ENTRY}e-lq9z0000-zzzz`, stray],
      );
      await page.reload();
      await appReady(page);
      await entryCard(page, "Mood 9/10 · grateful").waitFor();
      await entryCard(page, FIXTURE_SUMMARIES[0]).waitFor();
      await entryCard(page, FIXTURE_SUMMARIES[2]).waitFor();
      assert.equal(await entryCard(page, FIXTURE_SUMMARIES[1]).count(), 0, "the removed sleep entry is gone");
      assert.equal(await journalCards(page).count(), 3);
      assert.equal(await troubleBanners(page).count(), 0, "no banner: nothing was wrong");
      assert.equal(await page.locator("main .banner").count(), 0);
      const keys = Object.keys(await waypointStorage(page));
      assert.deepEqual(keys.filter((k) => k.startsWith(RESCUED)), []);
      expectNoConsoleErrors(phone);
    } finally {
      await phone.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Storage full
// ---------------------------------------------------------------------------------------------

test("with storage full, Save says so beside the button, keeps the text and the rating, loses nothing, and works once space is freed", async () => {
  const phone = await phonePage(browser);
  const { page } = phone;
  page.setDefaultTimeout(5_000);
  try {
    await page.goto(app.url);
    await appReady(page);
    await skipWelcome(page);
    const q = quickMood(page);
    await q.option(7).tap();
    await q.save.tap();
    await waitText(toast(page), "Mood 7/10 saved.");
    await saveMoodForm(page, 5, "Saved before the phone filled up.");
    const before = await waypointStorage(page);
    assert.equal(Object.keys(before).filter((k) => k.startsWith(ENTRY)).length, 2);

    await page.goto(app.route("journal/new/mood"));
    await expectHeading(page, "How I feel");

    // Fill the origin's localStorage with someone else's data until not even one character fits.
    const filled = await page.evaluate(() => {
      let size = 1 << 20;
      let n = 0;
      while (size >= 1) {
        try {
          localStorage.setItem(`filler.${n}`, "x".repeat(size));
          n++;
        } catch (e) {
          if (e.name !== "QuotaExceededError") throw e;
          size = Math.floor(size / 2);
        }
      }
      let full = false;
      try {
        localStorage.setItem("filler.probe", "x");
      } catch (e) {
        full = e.name === "QuotaExceededError";
      }
      return { keys: n, full };
    });
    assert.ok(filled.full, `storage is full after ${filled.keys} filler keys`);

    const note = `A long note the patient does not want to lose. ${"Breathing slowly, the room felt warm and the music far away; ".repeat(60)}Ünïcödé ✓`;
    assert.ok(note.length > 3_000 && note.length <= 5_000);
    await tapRating(page, MOOD_LEGEND, 4);
    await fill(page, "Note (optional)", note);
    await button(page, "Save").tap();

    const beside = page.locator("main form .field-error[role='alert']");
    const message = await waitText(beside, "Not saved: this phone's storage for Waypoint is full.");
    assert.match(message, /Your text is still here\./);
    await expectHeading(page, "How I feel");
    assert.equal(await page.locator("main #mood-note").inputValue(), note, "the typed text is still in the form");
    assert.equal(await page.getByRole("radio", { name: "4", exact: true }).isChecked(), true, "the rating is still chosen");
    const afterFail = await waypointStorage(page);
    const withoutDrafts = (s) => Object.fromEntries(Object.entries(s).filter(([k]) => !k.startsWith("waypoint.draft.")));
    assert.deepEqual(withoutDrafts(afterFail), withoutDrafts(before), "nothing saved before was changed or lost");

    // Free the space (the filler goes) and tap Save again: the same entry is saved.
    await page.evaluate(() => {
      for (const k of Object.keys(localStorage)) if (k.startsWith("filler.")) localStorage.removeItem(k);
    });
    await button(page, "Save").tap();
    await expectHeading(page, "Journal");
    await waitText(toast(page), "Saved to your journal.");
    assert.equal(await page.locator("main .banner-error").count(), 0, "the error is gone");
    const entries = [...(await entriesById(page)).values()];
    assert.equal(entries.length, 3);
    const saved = entries.find((e) => e.rating === 4);
    assert.equal(saved?.note, note.trim(), "the note was saved whole");
    for (const [k, v] of Object.entries(withoutDrafts(before))) assert.equal(await rawAt(page, k), v, `${k} unchanged`);
    expectNoConsoleErrors(phone);
  } finally {
    await phone.close();
  }
});

// ---------------------------------------------------------------------------------------------
// 4. Two tabs
// ---------------------------------------------------------------------------------------------

test("two tabs: entries written or deleted in one show in the other, concurrent edits keep the last, and plan changes from both are kept", async () => {
  const phone = await phonePage(browser);
  const { context } = phone;
  const a = phone.page;
  a.setDefaultTimeout(5_000);
  try {
    await a.goto(app.url);
    await appReady(a);
    await skipWelcome(a);
    const b = await context.newPage();
    b.setDefaultTimeout(5_000);
    await b.goto(app.route("journal"));
    await appReady(b);
    await expectHeading(b, "Journal");
    // The patient switches between the tabs; the one not in front still hears every change.
    const front = (p) => p.bringToFront();

    // Written in A: appears in B's Journal without a reload.
    await front(a);
    const qa = quickMood(a);
    await qa.scrolled();
    await qa.option(5).tap();
    await qa.save.tap();
    await waitText(toast(a), "Mood 5/10 saved.");
    await entryCard(b, "Mood 5/10").waitFor({ timeout: 3_000 });

    // Deleted in A: disappears from B.
    await tapTab(a, "Journal");
    const inA = entryCard(a, "Mood 5/10");
    await inA.getByRole("button", { name: /^Delete entry from/ }).tap();
    await inA.getByRole("button", { name: "Delete", exact: true }).tap();
    await entryCard(b, "Mood 5/10").waitFor({ state: "detached", timeout: 3_000 });
    assert.equal((await entryKeys(a)).length, 0);

    // The same entry edited in both: B opens it, A saves 3, then B (opened before A's save) saves 8.
    await tapTab(a, "Today");
    await qa.scrolled();
    await qa.option(6).tap();
    await qa.save.tap();
    await waitText(toast(a), "Mood 6/10 saved.");
    await qa.option(2).tap();
    await qa.save.tap();
    await waitText(toast(a), "Mood 2/10 saved.");
    await entryCard(b, "Mood 6/10").waitFor({ timeout: 3_000 });
    const [id] = [...(await entriesById(a)).values()].filter((e) => e.rating === 6).map((e) => e.id);
    await front(b);
    await b.goto(app.route(`journal/entry/${id}`));
    await expectHeading(b, "Edit: how i feel");
    await front(a);
    await a.goto(app.route(`journal/entry/${id}`));
    await expectHeading(a, "Edit: how i feel");
    await tapRating(a, MOOD_LEGEND, 3);
    await button(a, "Save").tap();
    await expectHeading(a, "Journal");
    assert.equal((await entriesById(a)).get(id).rating, 3);
    await front(b);
    assert.equal(await b.getByRole("radio", { name: "6", exact: true }).isChecked(), true, "B still shows the entry as it opened it");
    await tapRating(b, MOOD_LEGEND, 8);
    await button(b, "Save").tap();
    await expectHeading(b, "Journal");
    const final = await entriesById(a);
    assert.equal(final.size, 2, "no entry dropped or duplicated");
    assert.equal(final.get(id).rating, 8, "the last write wins");
    assert.deepEqual([...final.values()].map((e) => e.rating).sort(), [2, 8]);
    await entryCard(a, "Mood 8/10").waitFor({ timeout: 3_000 }); // A follows B's edit
    assert.equal(await entryCard(a, "Mood 3/10").count(), 0);

    // The plan: B shows Settings (the old plan); A plans a session; then B changes a setting.
    await tapTab(b, "Settings");
    await front(a);
    await tapTab(a, "Prepare");
    await link(a, "Plan a session").tap();
    await expectHeading(a, "Plan a session");
    await fill(a, "Date", "2026-12-01");
    await fill(a, "Time", "09:00");
    await button(a, "Save session").tap();
    await expectHeading(a, "Sessions");
    const plan = async () => JSON.parse(await rawAt(a, "waypoint.plan")).data;
    assert.equal((await plan()).course.sessions.length, 1);
    await front(b);
    await b.locator("main").getByLabel("No food or drink before a session (hours)").fill("6");
    await button(b, "Save clinic settings").tap();
    await waitText(b.locator("main form [role='status']"), "Saved.");
    let stored = await plan();
    assert.equal(stored.course.sessions.length, 1, "A's session survived B's settings save");
    assert.equal(stored.settings.protocol.fasting_hours, 6, "B's setting was saved");
    // And back the other way: A, which read the plan before B's change, changes the theme.
    await front(a);
    await tapTab(a, "Settings");
    await a.locator("main").getByRole("group", { name: "Theme" }).getByRole("button", { name: "Dark" }).tap();
    await a.locator("html[data-theme='dark']").waitFor({ state: "attached" });
    stored = await plan();
    assert.equal(stored.settings.theme, "dark");
    assert.equal(stored.settings.protocol.fasting_hours, 6, "B's setting survived A's theme change");
    assert.equal(stored.course.sessions.length, 1);
    await front(b);
    await tapTab(b, "Prepare");
    await waitText(b.locator("main .lead").first(), "Tue 1 Dec"); // B shows the session A planned
    expectNoConsoleErrors(phone);
  } finally {
    await phone.close();
  }
});

test(
  "two tabs: a clinic setting saved in one tab survives a different setting saved from the other tab's older Settings form",
  async () => {
    const phone = await phonePage(browser);
    const { context } = phone;
    const a = phone.page;
    a.setDefaultTimeout(5_000);
    try {
      await a.goto(app.url);
      await appReady(a);
      await skipWelcome(a);
      const b = await context.newPage();
      b.setDefaultTimeout(5_000);
      await b.goto(app.route("settings"));
      await appReady(b);
      await expectHeading(b, "Settings");

      await a.bringToFront();
      await tapTab(a, "Settings");
      await fill(a, "Clinic phone", "020 7946 0000");
      await button(a, "Save clinic settings").tap();
      await waitText(a.locator("main form [role='status']"), "Saved.");

      await b.bringToFront();
      await b.locator("main").getByLabel("No food or drink before a session (hours)").fill("6");
      await button(b, "Save clinic settings").tap();
      await waitText(b.locator("main form [role='status']"), "Saved.");

      const { protocol } = JSON.parse(await rawAt(a, "waypoint.plan")).data.settings;
      assert.equal(protocol.fasting_hours, 6, "B's change is saved");
      assert.equal(protocol.clinic_phone, "020 7946 0000", "A's clinic phone is still there after B's save");
    } finally {
      await phone.close();
    }
  },
);

test(
  "two tabs: a session started and ticked in one tab stays started and ticked when the other tab saves that session's older form",
  async () => {
    const phone = await phonePage(browser);
    const { context } = phone;
    const a = phone.page;
    a.setDefaultTimeout(5_000);
    try {
      await a.goto(app.url);
      await appReady(a);
      const tomorrow = await a.evaluate(() => {
        const d = new Date(Date.now() + 86_400_000);
        return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
      });
      await fill(a, "Date", tomorrow);
      await fill(a, "Time", "09:00");
      await button(a, "Save and start").tap();
      await expectHeading(a, "Today");
      const plan = async () => JSON.parse(await rawAt(a, "waypoint.plan")).data;
      const [{ id }] = (await plan()).course.sessions;

      const b = await context.newPage();
      b.setDefaultTimeout(5_000);
      await b.goto(app.route(`session/${id}`));
      await appReady(b);
      await expectHeading(b, "Change session");

      await a.bringToFront();
      await tapTab(a, "Prepare");
      const tick = a.locator("main").getByRole("checkbox", { name: "Intention set with my therapist", exact: true });
      await tick.tap();
      await a.waitForFunction(() => JSON.parse(localStorage.getItem("waypoint.plan")).data.course.sessions[0].checklist.ticked.length === 1);
      await button(a, "My session is starting").tap();
      await button(a, "Yes, it is starting now").tap(); // planned for tomorrow: it asks first
      await a.waitForFunction(() => JSON.parse(localStorage.getItem("waypoint.plan")).data.course.sessions[0].started !== null);

      await b.bringToFront();
      await fill(b, "Time", "10:00");
      await button(b, "Save session").tap();
      await expectHeading(b, "Sessions");

      const [session] = (await plan()).course.sessions;
      assert.match(session.planned, /T10:00/, "B's new time is saved");
      assert.deepEqual(
        { ticked: session.checklist.ticked, started: session.started !== null },
        { ticked: ["intention"], started: true },
        "A's tick and start time are still there after B's save",
      );
    } finally {
      await phone.close();
    }
  },
);

// ---------------------------------------------------------------------------------------------
// 5. Drafts
// ---------------------------------------------------------------------------------------------

test("an insight's text and a guided answer typed but not saved are back after a reload", async () => {
  const phone = await phonePage(browser);
  const { page } = phone;
  page.setDefaultTimeout(5_000);
  try {
    await page.goto(app.route("journal/new/insight"));
    await appReady(page);
    await expectHeading(page, "An insight");
    const text = "The fog lifted around four; I want to remember how the light looked.";
    const answer = "Being held by the music, and not needing to steer.";
    await fill(page, "What do you want to remember?", text);
    await button(page, "What stayed with you from the session?").tap();
    await fill(page, "What stayed with you from the session?", answer);

    await page.reload();
    await appReady(page);
    await expectHeading(page, "An insight");
    assert.equal(await page.locator("main #insight-text").inputValue(), text);
    assert.equal(await page.locator("main #prompt-0").inputValue(), answer, "the answered question opens with its text");
    assert.equal(await entryKeys(page).then((k) => k.length), 0, "nothing was saved as an entry");

    // Saving it clears the drafts.
    await button(page, "Save").tap();
    await expectHeading(page, "Journal");
    const drafts = Object.keys(await waypointStorage(page)).filter((k) => k.startsWith("waypoint.draft."));
    assert.deepEqual(drafts, [], "the drafts are gone once saved");
    const [entry] = (await entriesById(page)).values();
    assert.equal(entry.text, text);
    assert.equal(entry.answers[0].text, answer);
    expectNoConsoleErrors(phone);
  } finally {
    await phone.close();
  }
});

// ---------------------------------------------------------------------------------------------
// Found while walking the journey for the privacy suite
// ---------------------------------------------------------------------------------------------

test(
  "on a 360 px phone, Share with a session's report fits the screen and its tab bar stays within reach",
  async () => {
    const phone = await phonePage(browser);
    const { page } = phone;
    page.setDefaultTimeout(5_000);
    try {
      await page.goto(app.url);
      await appReady(page);
      const tomorrow = await page.evaluate(() => {
        const d = new Date(Date.now() + 86_400_000);
        return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
      });
      await fill(page, "Date", tomorrow);
      await fill(page, "Time", "09:00");
      await button(page, "Save and start").tap();
      await tapTab(page, "Prepare");
      await button(page, "My session is starting").tap();
      await button(page, "Yes, it is starting now").tap(); // planned for tomorrow: it asks first
      await tapTab(page, "Today");
      await button(page, "My session has ended").tap();
      await expectHeading(page, "Aftercare");
      await tapTab(page, "Today");
      const q = quickMood(page);
      await q.option(6).tap();
      await q.save.tap();
      await tapTab(page, "Share");
      await page.locator("main table.data").first().waitFor();
      const fit = await page.evaluate(() => ({
        pageWidth: document.documentElement.scrollWidth,
        tableWidth: Math.round(document.querySelector("main table.data").getBoundingClientRect().width),
        tabbarBottom: Math.round(document.querySelector(".tabbar").getBoundingClientRect().bottom),
        screenHeight: Math.round(visualViewport.height),
      }));
      assert.deepEqual(
        { fitsWidth: fit.pageWidth <= 360, tabbarOnScreen: fit.tabbarBottom <= fit.screenHeight },
        { fitsWidth: true, tabbarOnScreen: true },
        JSON.stringify(fit),
      );
    } finally {
      await phone.close();
    }
  },
);
