// Never lose it, never miss it: backups locked with a passphrase, read back before "saved",
// restored on a new phone; files that must be refused with nothing changed; a report locked for
// the therapist and opened in review mode; "last backup N days ago" and the gentle suggestion;
// whether the browser keeps the journal; and calendar files read by a real iCalendar parser.
//
// Each test starts its own phone from the v1 fixture (tests/fixtures/store-v1.json, seeded
// into localStorage before the app loads): a UK patient whose first session ended on Tue 10 Nov
// 2026 at 10:55 and whose second, at home, is planned for Tue 24 Nov at 09:00, with three
// entries, one of them private. The clock is pinned; London is on GMT throughout.

import { after, before, describe, test } from "node:test";
import ICAL from "ical.js";
import { axeViolations, expectNoConsoleErrors, phonePage, startApp } from "./harness.mjs";
import {
  assert,
  appReady,
  button,
  expectHeading,
  launchBrowser,
  storedKeys,
  storedPlan,
  tapTab,
  waitText,
} from "./journey-helpers.mjs";
import { downloadFrom, laptopPage, storageSnapshot, tempFolder } from "./export-helpers.mjs";
import { FIXTURE, seedOnce } from "./reliability-helpers.mjs";
import { unlock as nodeUnlock } from "../tools/encrypted-file.mjs";

const PASSPHRASE = "river otter candle maple";
const NOW = new Date("2026-11-20T10:00:00Z");
/** What the fixture's entries say, none of which may be readable in a locked file. */
const SECRETS = ["Softer than I expected.", "Dreamt of the sea.", "I can rest without earning it."];

let app;
let browser;
let folder;
/** Files made by earlier tests, for later ones: { backup, report }. The tests run in order. */
const files = {};

before(async () => {
  app = await startApp();
  browser = await launchBrowser();
  folder = tempFolder("waypoint-backup-");
});

after(async () => {
  await browser?.close();
  await app?.close();
  folder?.clean();
});

/** A UK phone holding the fixture journal, pinned at `now`, on `route`. */
async function journalPhone(route, { now = NOW, colorScheme } = {}) {
  // axe is added as a script tag: the app's CSP would refuse it.
  const phone = await phonePage(browser, { timezoneId: "Europe/London", locale: "en-GB", now, colorScheme, contextOptions: { bypassCSP: true } });
  await seedOnce(phone.context, FIXTURE);
  await phone.page.clock.setFixedTime(now);
  await phone.page.goto(app.route(route));
  await appReady(phone.page);
  phone.page.setDefaultTimeout(10_000);
  return phone;
}

/** A phone with nothing stored, on `route`. */
async function newPhone(route, now = NOW) {
  const phone = await phonePage(browser, { timezoneId: "Europe/London", locale: "en-GB", now, contextOptions: { bypassCSP: true } });
  await phone.page.clock.setFixedTime(now);
  await phone.page.goto(app.route(route));
  await appReady(phone.page);
  phone.page.setDefaultTimeout(10_000);
  return phone;
}

const backupSection = (page) => page.locator("main section[aria-labelledby='backup-title']");
const dataSection = (page) => page.locator("main section[aria-labelledby='data-title']");
const alerts = (scope) => scope.locator("[role='alert']");

/** Fails on any axe violation or any id given twice (axe 4 no longer checks that), naming them. */
async function expectAxeClean(page, where) {
  const twice = await page.evaluate(() => {
    const ids = [...document.querySelectorAll("[id]")].map((el) => el.id);
    return ids.filter((id, i) => ids.indexOf(id) !== i);
  });
  assert.deepEqual(twice, [], `${where}: ids given twice`);
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `${where}: ${JSON.stringify(violations, null, 1)}`);
}

/** Records every "Step n of m: …" the page shows from now on. */
async function watchSteps(page) {
  await page.evaluate(() => {
    window.__steps = [];
    new MutationObserver(() => {
      for (const p of document.querySelectorAll("main [role='status'] p")) {
        const text = p.textContent.trim();
        if (/^Step \d of \d/.test(text) && !window.__steps.includes(text)) window.__steps.push(text);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => window.__steps);
}

/** Types a new passphrase twice and ticks "written down", within `scope`. */
async function choosePassphrase(scope, passphrase, again = passphrase) {
  await scope.getByLabel("Passphrase", { exact: true }).fill(passphrase);
  await scope.getByLabel("Type it again", { exact: true }).fill(again);
  await scope.getByLabel("I have written down my passphrase", { exact: true }).check();
}

describe("backups, locked files and calendar reminders", () => {
  test("Today suggests a backup once a session's 72 hours are over; Not now puts it off; Settings says none yet and whether the browser keeps the journal", async () => {
    const phone = await journalPhone("");
    const { page } = phone;
    try {
      await expectHeading(page, "Today");
      const card = page.locator("main section[aria-labelledby='backup-nudge-title']");
      await waitText(card, "The 72 hours after session 1 are over.");
      await waitText(card, "No backup yet.");
      await expectAxeClean(page, "Today with the suggestion");
      await card.getByRole("button", { name: "Not now", exact: true }).tap();
      await card.waitFor({ state: "detached" });
      await waitText(page.locator("main p.backup-line"), "No backup yet.");
      assert.ok((await storedPlan(page)).backups.not_now.startsWith("2026-11-20T10:00:00"), "Not now is kept");
      await page.reload();
      await appReady(page);
      assert.equal(await card.count(), 0, "still put off after a reload");

      await tapTab(page, "Settings");
      await waitText(dataSection(page), "No backup yet.");
      const kept = page.locator("#storage-kept");
      const text = await kept.innerText();
      assert.match(text, /^(Kept: this browser has promised|Not promised: this browser may clear)/, text);
      if (text.startsWith("Not promised")) {
        assert.match(text, /Safari clears a website's data after seven days/);
        await button(page, "Ask this browser to keep it").waitFor();
      }
      await expectAxeClean(page, "Settings");
      expectNoConsoleErrors(phone);
    } finally {
      await phone.close();
    }
  });

  test("an encrypted backup: the strength hint, the warning, each step shown, read back and checked, then saved; Settings and Today say when", async () => {
    const phone = await journalPhone("share");
    const { page } = phone;
    try {
      await expectHeading(page, "Share");
      const section = backupSection(page);
      const field = section.getByLabel("Passphrase", { exact: true });
      const hint = section.locator("#backup-passphrase-strength");
      await field.fill("password");
      await waitText(hint, /^Strength: weak\./);
      await field.fill("blue lantern morning");
      await waitText(hint, /^Strength: fair\./);
      await field.fill(PASSPHRASE);
      await waitText(hint, "Strength: strong.");
      await waitText(section, "Nobody can recover it: not Waypoint, not your clinic.");
      await expectAxeClean(page, "Share, choosing a passphrase");

      // Typed differently the second time: refused, nothing made.
      await choosePassphrase(section, PASSPHRASE, `${PASSPHRASE}s`);
      await button(page, "Save an encrypted backup").tap();
      await waitText(alerts(section), "The two passphrases are not the same.");
      await section.getByLabel("Type it again", { exact: true }).fill(PASSPHRASE);
      await section.getByLabel("I have written down my passphrase", { exact: true }).uncheck();
      await button(page, "Save an encrypted backup").tap();
      await waitText(alerts(section), "Write your passphrase down first");
      await section.getByLabel("I have written down my passphrase", { exact: true }).check();

      const steps = await watchSteps(page);
      const backup = await downloadFrom(page, folder, () => button(page, "Save an encrypted backup").tap(), 30_000);
      files.backup = backup;
      assert.equal(backup.name, "waypoint-backup-2026-11-20-1000-locked.json");
      const said = await waitText(alerts(section), /^Saved and checked:/);
      assert.match(said, /^Saved and checked: 3 entries and 2 sessions, locked with your passphrase\. It is in your downloads\./);
      assert.deepEqual(await steps(), [
        "Step 1 of 3: Making a key from your passphrase. This takes a few seconds…",
        "Step 2 of 3: Locking the backup…",
        "Step 3 of 3: Reading it back to check it…",
      ]);
      assert.equal(await field.inputValue(), "", "the passphrase is not kept on screen");

      // The file: the header Waypoint writes, nothing of the journal readable.
      const file = JSON.parse(backup.text);
      assert.equal(file.format, "waypoint-encrypted");
      assert.equal(file.version, 1);
      assert.equal(file.contains, "waypoint-backup");
      assert.deepEqual(
        { ...file.kdf, salt: Buffer.from(file.kdf.salt, "base64").length },
        { name: "PBKDF2", hash: "SHA-256", iterations: 600000, salt: 16 },
      );
      assert.deepEqual({ ...file.cipher, iv: Buffer.from(file.cipher.iv, "base64").length }, { name: "AES-GCM", iv: 12, tag_bits: 128 });
      for (const secret of SECRETS) assert.ok(!backup.text.includes(secret), `"${secret}" is readable in the file`);

      // Opened by a second implementation (Node's WebCrypto): the whole journal, and the
      // checksum the phone recorded is the plaintext's.
      const plain = await nodeUnlock(backup.text, PASSPHRASE);
      const inside = JSON.parse(plain);
      assert.equal(inside.format, "waypoint-backup");
      assert.equal(inside.entries.length, 3);
      assert.ok(plain.includes("I can rest without earning it."), "the private entry is in the backup");
      const record = (await storedPlan(page)).backups.last;
      const { createHash } = await import("node:crypto");
      assert.deepEqual(record, {
        at: "2026-11-20T10:00:00+00:00",
        entries: 3,
        sessions: 2,
        encrypted: true,
        sha256: createHash("sha256").update(plain).digest("hex"),
      });

      // Three days later, Settings and Today say when it was made.
      await page.clock.setFixedTime(new Date("2026-11-23T12:00:00Z"));
      await page.goto(app.route("settings"));
      await page.reload();
      await appReady(page);
      await waitText(dataSection(page), "Last backup 3 days ago. It holds 3 entries and 2 sessions, locked with a passphrase, and was checked after saving.");
      await tapTab(page, "Today");
      await waitText(page.locator("main p.backup-line"), "Last backup 3 days ago.");
      assert.equal(await page.locator("main section[aria-labelledby='backup-nudge-title']").count(), 0, "nothing to suggest");
      expectNoConsoleErrors(phone);
    } finally {
      await phone.close();
    }
  });

  test("on a new phone, the locked backup asks for its passphrase; a wrong one says so and changes nothing; the right one restores everything", async () => {
    assert.ok(files.backup, "the previous test made the backup");
    const phone = await newPhone("share");
    const { page } = phone;
    try {
      assert.deepEqual(await storageSnapshot(page), {}, "a new phone holds nothing");
      const section = backupSection(page);
      await page.locator("#restore-file").setInputFiles(files.backup.file);
      const form = section.locator("form").filter({ hasText: "This backup is locked with a passphrase." });
      await form.waitFor();
      await expectAxeClean(page, "the passphrase asked for");
      await form.getByLabel("Passphrase", { exact: true }).fill("river otter candle");
      await button(page, "Open the file").tap();
      await waitText(alerts(form), "This file could not be opened: the passphrase is not the one it was locked with, or the file has been damaged or changed. Nothing was changed.");
      await expectAxeClean(page, "a wrong passphrase");
      assert.deepEqual(await storedKeys(page), [], "nothing written");

      await form.getByLabel("Passphrase", { exact: true }).fill(PASSPHRASE);
      await button(page, "Open the file").tap();
      await waitText(section.locator(".banner[role='status']"), "This backup adds 3 entries, updates 0 and skips 0 already here; 2 new sessions.");
      assert.deepEqual(await storedKeys(page), [], "nothing written before Restore is tapped");
      await section.getByRole("button", { name: "Restore", exact: true }).tap();
      await waitText(alerts(section), "Restored: 3 new entries, 0 updated, 0 already here. 2 new sessions. Clinic settings restored.");

      const stored = await storageSnapshot(page);
      for (const [key, value] of Object.entries(FIXTURE).filter(([k]) => k.startsWith("waypoint.entry."))) {
        assert.deepEqual(JSON.parse(stored[key]).data, JSON.parse(value).data, `${key} comes back as it was`);
      }
      const plan = await storedPlan(page);
      const backedUp = JSON.parse(await nodeUnlock(files.backup.text, PASSPHRASE));
      assert.deepEqual(plan.course, backedUp.plan.course, "every session, with its ticks and intention");
      assert.equal(plan.course.sessions[0].intention, "Meet the tiredness with kindness.");
      assert.equal(plan.settings.protocol.clinic_phone, "020 7946 0000");
      expectNoConsoleErrors(phone);
    } finally {
      await phone.close();
    }
  });

  describe("locked files Restore must refuse, each with a clear message and storage left byte for byte", () => {
    /** base64 text with one bit of byte `at` flipped. */
    const flip = (b64, at) => {
      const bytes = Buffer.from(b64, "base64");
      bytes[at] ^= 0x01;
      return bytes.toString("base64");
    };
    const edit = (change) => () => {
      const file = JSON.parse(files.backup.text);
      change(file);
      return JSON.stringify(file);
    };
    const cases = [
      {
        what: "a locked backup with one bit of its ciphertext changed",
        make: edit((f) => (f.data = flip(f.data, 40))),
        passphrase: true,
        message: /^This file could not be opened: the passphrase is not the one it was locked with, or the file has been damaged or changed\. Nothing was changed\.$/,
      },
      {
        what: "a locked backup whose tag was cut off",
        make: edit((f) => (f.data = Buffer.from(f.data, "base64").subarray(0, -16).toString("base64"))),
        passphrase: true,
        message: /could not be opened: the passphrase is not the one/,
      },
      {
        what: "a locked backup whose iteration count was changed",
        make: edit((f) => (f.kdf.iterations = 700000)),
        passphrase: true,
        message: /could not be opened: the passphrase is not the one/,
      },
      {
        what: "a locked backup cut in half",
        make: () => files.backup.text.slice(0, Math.floor(files.backup.text.length / 2)),
        message: /not readable as data \(it may be cut short or another kind of file\)/,
      },
      {
        what: "a locked backup from a newer version",
        make: edit((f) => (f.version = 2)),
        message: /^This file was locked by a newer version of Waypoint \(encrypted format 2\)\. Update the app, then open it again\. Nothing was changed\.$/,
      },
      {
        what: "a locked file whose salt is the wrong length",
        make: edit((f) => (f.kdf.salt = "AAAA")),
        message: /^This encrypted file is damaged or incomplete, so it cannot be opened\. Nothing was changed\.$/,
      },
      {
        what: "a locked report chosen as a backup",
        make: edit((f) => (f.contains = "waypoint-share")),
        message: /This is a report for a therapist, not a backup\./,
      },
    ];

    for (const c of cases) {
      test(`Restore refuses ${c.what}`, async () => {
        assert.ok(files.backup, "the backup test ran");
        const phone = await journalPhone("share");
        const { page } = phone;
        try {
          const section = backupSection(page);
          await section.getByRole("button", { name: "Save an encrypted backup" }).waitFor();
          const before = await storageSnapshot(page);
          await page.locator("#restore-file").setInputFiles(folder.write("changed.json", c.make()));
          if (c.passphrase) {
            const form = section.locator("form").filter({ hasText: "is locked with a passphrase" });
            await form.getByLabel("Passphrase", { exact: true }).fill(PASSPHRASE);
            await button(page, "Open the file").tap();
            await waitText(alerts(form), c.message);
          } else {
            await waitText(alerts(section), c.message);
            assert.equal(await section.locator("form").count(), 0, "no passphrase is asked for");
          }
          assert.equal(await section.locator(".banner[role='status']").count(), 0, "no Restore is offered");
          assert.deepEqual(await storageSnapshot(page), before, "localStorage is unchanged, byte for byte");
          await page.reload();
          await appReady(page);
          assert.deepEqual(await storageSnapshot(page), before, "and still after a reload");
          expectNoConsoleErrors(phone);
        } finally {
          await phone.close();
        }
      });
    }
  });

  test("a report locked with a passphrase opens in review mode on the therapist's laptop with it, never shows the private entry, and stores nothing", async () => {
    const phone = await journalPhone("share");
    const { page } = phone;
    try {
      await page.locator("main").getByRole("button", { name: "By dates", exact: true }).tap();
      await page.locator("#share-from").fill("2026-11-01");
      const lock = page.getByLabel("Lock the report file with a passphrase", { exact: true });
      await lock.check();
      const section = page.locator("main section[aria-labelledby='choose-title']");
      await choosePassphrase(section, PASSPHRASE);
      await expectAxeClean(page, "locking the report");
      const report = await downloadFrom(page, folder, () => button(page, "Share the locked report").tap(), 30_000);
      files.report = report;
      assert.equal(report.name, "waypoint-report-2026-11-20-1000-locked.json");
      await waitText(alerts(section), "The report is locked with your passphrase. Tell your therapist the passphrase yourself");
      assert.equal(JSON.parse(report.text).contains, "waypoint-share");
      for (const secret of SECRETS) assert.ok(!report.text.includes(secret));
      const inside = JSON.parse(await nodeUnlock(report.text, PASSPHRASE));
      assert.equal(inside.format, "waypoint-share");
      assert.ok(inside.entries.every((e) => !e.private), "no private entry is shared");
      expectNoConsoleErrors(phone);
    } finally {
      await phone.close();
    }

    const therapist = await laptopPage(browser, { timezoneId: "America/New_York", locale: "en-GB", now: NOW, contextOptions: { bypassCSP: true } });
    const t = therapist.page;
    t.setDefaultTimeout(10_000);
    try {
      await t.clock.setFixedTime(NOW);
      await t.goto(app.route("review"));
      await appReady(t);
      await t.locator("#review-file").setInputFiles(files.report.file);
      const form = t.locator("main form").filter({ hasText: "This report is locked with a passphrase." });
      await form.getByLabel("Passphrase", { exact: true }).fill("not the passphrase");
      await t.getByRole("button", { name: "Open the file", exact: true }).click();
      await waitText(alerts(form), /^This file could not be opened/);
      assert.equal(await t.locator("main article.report").count(), 0, "nothing is shown");
      await form.getByLabel("Passphrase", { exact: true }).fill(PASSPHRASE);
      await t.getByRole("button", { name: "Open the file", exact: true }).click();
      const shown = t.locator("main article.report");
      await shown.waitFor();
      const text = await shown.innerText();
      assert.ok(text.includes("Softer than I expected."), "the shared mood note is shown");
      assert.ok(!text.includes("I can rest without earning it."), "the private insight is not");
      await expectAxeClean(t, "review of a locked report");
      assert.deepEqual(await storageSnapshot(t), {}, "review stores nothing");
      expectNoConsoleErrors(therapist);
    } finally {
      await therapist.close();
    }
  });

  test("Prepare adds the next session to the calendar: a file ical.js reads with three alarms at the times shown, neutral words and a UID that stays", async () => {
    const phone = await journalPhone("prepare");
    const { page } = phone;
    try {
      const card = page.locator("main section[aria-labelledby='session-calendar-title']");
      await card.waitFor();
      // The fixture's clinic: no alcohol for 24 h, fasting 6 h (from 03:00, in the night, so
      // the evening before), a session at home: get ready an hour before.
      assert.deepEqual(await card.locator("ul.reminder-list li").allInnerTexts(), [
        "Mon 23 Nov, 09:00 · The day before: no alcohol from…",
        "Mon 23 Nov, 21:00 · Fasting starts",
        "Tue 24 Nov, 08:00 · Get ready at home",
      ]);
      await expectAxeClean(page, "Prepare with the calendar card");
      const first = await downloadFrom(page, folder, () => button(page, "Add to my calendar").tap());
      assert.equal(first.name, "waypoint-session-2026-11-24.ics");
      const raw = Buffer.from(first.text, "utf8");
      for (const line of first.text.split("\r\n")) assert.ok(Buffer.byteLength(line) <= 75, line);
      assert.ok(raw.length > 0 && first.text.endsWith("\r\n"));

      const parse = (text) => new ICAL.Component(ICAL.parse(text)).getAllSubcomponents("vevent");
      const [event] = parse(first.text);
      assert.equal(event.getFirstPropertyValue("uid"), "waypoint-session-s-lq4d5e6f-2b3c");
      assert.equal(event.getFirstPropertyValue("summary"), "Waypoint: session");
      const start = event.getFirstPropertyValue("dtstart").toJSDate();
      assert.equal(start.toISOString(), "2026-11-24T09:00:00.000Z");
      const alarms = event.getAllSubcomponents("valarm").map((a) =>
        new Date(start.getTime() + a.getFirstPropertyValue("trigger").toSeconds() * 1000).toISOString(),
      );
      assert.deepEqual(alarms, ["2026-11-23T09:00:00.000Z", "2026-11-23T21:00:00.000Z", "2026-11-24T08:00:00.000Z"]);
      for (const clinical of ["alcohol", "food", "drugs", "Harbour"]) assert.ok(!first.text.includes(clinical), clinical);

      // A minute later, with a title of the patient's and the details: the same event, updated.
      await page.clock.setFixedTime(new Date(NOW.getTime() + 60_000));
      await card.getByLabel("Title in the calendar", { exact: true }).fill("Quiet day, at home; no plans");
      await card.getByRole("checkbox", { name: /Also show what each reminder is about/ }).check();
      const second = await downloadFrom(page, folder, () => button(page, "Add to my calendar").tap());
      const [updated] = parse(second.text);
      assert.equal(updated.getFirstPropertyValue("uid"), event.getFirstPropertyValue("uid"));
      assert.ok(updated.getFirstPropertyValue("sequence") > event.getFirstPropertyValue("sequence"));
      assert.equal(updated.getFirstPropertyValue("summary"), "Quiet day, at home; no plans");
      assert.match(updated.getAllSubcomponents("valarm")[0].getFirstPropertyValue("description"), /No alcohol or recreational drugs from now/);
      await waitText(card.locator("[role='status']"), "the calendar updates these events instead of adding copies");
      expectNoConsoleErrors(phone);
    } finally {
      await phone.close();
    }
  });

  test("Aftercare adds a session's check-ins to the calendar once it has ended: four events, each with its alarm", async () => {
    // An hour after session 1 ended.
    const phone = await journalPhone("aftercare", { now: new Date("2026-11-10T11:55:00Z") });
    const { page } = phone;
    try {
      const card = page.locator("main section[aria-labelledby='check-ins-calendar-title']");
      await card.waitFor();
      assert.equal(await card.locator("ul.reminder-list li").count(), 4);
      await expectAxeClean(page, "Aftercare with the check-ins card");
      const file = await downloadFrom(page, folder, () => button(page, "Add the check-ins to my calendar").tap());
      assert.equal(file.name, "waypoint-check-ins-2026-11-10.ics");
      const events = new ICAL.Component(ICAL.parse(file.text)).getAllSubcomponents("vevent");
      assert.deepEqual(
        events.map((e) => e.getFirstPropertyValue("uid")),
        ["debrief", "day-1", "day-2", "day-3"].map((k) => `waypoint-check-in-s-lq1a2b3c-0a1b-${k}`),
      );
      for (const e of events) {
        assert.equal(e.getFirstPropertyValue("summary"), "Waypoint: check-in");
        const alarms = e.getAllSubcomponents("valarm");
        assert.equal(alarms.length, 1);
        assert.equal(alarms[0].getFirstPropertyValue("trigger").toSeconds(), 0);
        const hour = e.getFirstPropertyValue("dtstart").toJSDate().getUTCHours();
        assert.ok(hour >= 7 && hour < 22, `a check-in in the daytime, not at ${hour}:00`);
      }
      expectNoConsoleErrors(phone);
    } finally {
      await phone.close();
    }
  });

  test("in the dark theme, the backup and restore screens and the calendar card are axe clean", async () => {
    const phone = await journalPhone("share", { colorScheme: "dark" });
    const { page } = phone;
    try {
      const section = backupSection(page);
      await section.getByLabel("Passphrase", { exact: true }).fill("short");
      await waitText(section.locator("#backup-passphrase-strength"), /^Strength: too short\./);
      await expectAxeClean(page, "Share, dark");
      await page.locator("#restore-file").setInputFiles(files.backup.file);
      const form = section.locator("form").filter({ hasText: "is locked with a passphrase" });
      await button(page, "Open the file").tap();
      await waitText(alerts(form), "Type the passphrase the file was locked with.");
      await expectAxeClean(page, "Unlock, dark");
      await tapTab(page, "Prepare");
      await page.locator("main section[aria-labelledby='session-calendar-title']").waitFor();
      await expectAxeClean(page, "Prepare, dark");
      await tapTab(page, "Settings");
      await dataSection(page).getByRole("button", { name: "Save an encrypted backup" }).waitFor();
      await expectAxeClean(page, "Settings, dark");
      expectNoConsoleErrors(phone);
    } finally {
      await phone.close();
    }
  });
});
