// What leaves the phone, and how the therapist reads it: the Share screen's preview, the shared
// report file (JSON) and the spreadsheet (CSV), review mode on the therapist's laptop, printing
// to PDF, full backups restored on a new phone, and files that must be refused.
//
// The tests run in order and share the patient's phone (one browser context): the first one
// writes the journal through the UI; later ones reuse the files earlier ones downloaded. Each
// test fails if a page logged a console error, threw, or opened a script dialog.
//
// The patient lives in Paris (UTC+01:00 in November and December, so every time in an exported
// file ends in +01:00) and uses a 24-hour clock; the therapist reads the file in New York, and
// still sees the patient's clock times. The timeline, on the patient's clock:
//   Sun 22 Nov 10:00  first run: session 1 planned for Tue 24 Nov 09:00 at the clinic; intention
//   Tue 24 Nov 09:05  session 1 starts; 11:00 it ends
//              13:00  +2 h    mood 7, hopeful, a <script> note, to discuss
//              17:00  +6 h    mood 5, an <img onerror> word of its own
//   Wed 25 Nov 07:30  +20.5 h sleep 23:00–07:00, quality 4, woke once
//              11:30  +24.5 h mood 8, a =HYPERLINK(...) note, to discuss
//              17:00  +30 h   insight with an <img onerror>, a guided answer with a <script>
//   Thu 26 Nov 10:00  +47 h   mood 2, PRIVATE
//              12:00  session 2 planned for Tue 1 Dec 09:00; its intention
//   Tue  1 Dec 09:00  session 2 starts; 10:30 it ends; 14:30 (+4 h) mood 6
//   Wed  2 Dec 09:00  the patient shares sessions 1 and 2, and makes a backup

import { after, before, describe, test } from "node:test";
import { expectNoConsoleErrors, phonePage, startApp } from "./harness.mjs";
import {
  assert,
  appReady,
  button,
  entryCard,
  expectHeading,
  fill,
  launchBrowser,
  mainText,
  storedEntries,
  storedKeys,
  storedPlan,
  tapRating,
  waitCount,
  waitPressed,
  waitText,
  welcome,
} from "./journey-helpers.mjs";
import {
  downloadFrom,
  guardDialogs,
  isoStrings,
  laptopPage,
  parseCsv,
  pdfPages,
  renderedElements,
  storageSnapshot,
  tempFolder,
} from "./export-helpers.mjs";

const PARIS_PHONE = Object.freeze({ timezoneId: "Europe/Paris", locale: "en-GB" });
const THERAPIST_LAPTOP = Object.freeze({ timezoneId: "America/New_York", locale: "en-GB" });

/** An instant on the patient's clock in Paris (UTC+01:00 throughout this suite). */
const paris = (text) => new Date(`${text}:00+01:00`);

const FIRST_RUN = paris("2026-11-22T10:00");
const STARTED_1 = paris("2026-11-24T09:05");
const ENDED_1 = paris("2026-11-24T11:00");
const PLAN_2_AT = paris("2026-11-26T12:00");
const STARTED_2 = paris("2026-12-01T09:00");
const ENDED_2 = paris("2026-12-01T10:30");
const EXPORT_AT = paris("2026-12-02T09:00");
const NEW_PHONE_AT = paris("2026-12-03T10:00");
const THERAPIST_AT = new Date("2026-12-03T08:00:00-05:00");

const CLINIC = "Clinique du Parc";
const CLINIC_PHONE = "01 42 00 00 00";
const INTENTION_1 = "Meet the fear with curiosity.";
const INTENTION_2 = "Stay with the music.";

const XSS_SCRIPT = "<script>alert(1)</script>";
const XSS_IMG = "<img src=x onerror=alert(1)>";
const FORMULA = '=HYPERLINK("http://evil","x")';
const SECRET = "SECRET-PRIVATE-NOTE: only for me";

const MOOD_LEGEND = "Mood from 0 (very low) to 10 (very good)";
const SLEEP_LEGEND = "How well did you sleep? 1 (very poorly) to 5 (very well), optional";
const GUIDED = "What might this mean for you?";

/** The journal the first test writes, in order. `hour` is the window hour the app counts (1-based). */
const JOURNAL = [
  { key: "m1", at: paris("2026-11-24T13:00"), kind: "mood", rating: 7, words: ["hopeful"], note: `${XSS_SCRIPT} lighter, "calmer"\nthan this morning`, discuss: true, session: 1, hour: 3 },
  { key: "m2", at: paris("2026-11-24T17:00"), kind: "mood", rating: 5, ownWord: XSS_IMG, session: 1, hour: 7 },
  { key: "s1", at: paris("2026-11-25T07:30"), kind: "sleep", quality: 4, note: "Vivid dreams", session: 1, hour: 21 },
  { key: "m3", at: paris("2026-11-25T11:30"), kind: "mood", rating: 8, note: FORMULA, discuss: true, session: 1, hour: 25 },
  { key: "i1", at: paris("2026-11-25T17:00"), kind: "insight", text: `I can be kinder to myself. ${XSS_IMG}`, answer: `Rest is not laziness. ${XSS_SCRIPT}`, session: 1, hour: 31 },
  { key: "p1", at: paris("2026-11-26T10:00"), kind: "mood", rating: 2, note: SECRET, private: true, session: 1, hour: 48 },
  { key: "m4", at: paris("2026-12-01T14:30"), kind: "mood", rating: 6, session: 2, hour: 5 },
];
const SHARED = JOURNAL.filter((e) => !e.private);

/** The documented CSV columns (src/domain/export.rs CSV_COLUMNS, and the README). */
const CSV_COLUMNS = [
  "entry_id", "kind", "written", "edited", "session_number", "window_hour", "discuss",
  "mood_rating", "emotions", "bedtime", "wake", "hours_slept", "sleep_quality", "awakenings",
  "text", "answers", "habits", "note",
  "tried_to_sleep", "minutes_to_fall_asleep", "minutes_awake", "out_of_bed", "sleep_efficiency",
  "questionnaire", "item_answers", "total", "severity",
];

/** A window chart's point, as src/domain/review.rs places it: a plot of 1000 × 1000 units. */
function windowXY(minutes, tenths, maxTenths) {
  const x = Math.floor((Math.min(Math.max(minutes, 0), 4320) * 1000) / 4320);
  const y = 1000 - Math.floor((Math.min(Math.max(tenths, 0), maxTenths) * 1000) / maxTenths);
  return `${x},${y}`;
}

/** Closes review's file if one is open, so the next file opens on its own. */
async function closeReview(t) {
  const close = t.locator("header.review-topbar").getByRole("button", { name: /^Close files?$/ });
  if (await close.count()) {
    await close.click();
    await t.locator("main article.report").waitFor({ state: "detached" });
  }
}

describe("exporting for the therapist, reviewing, printing, and backing up", () => {
  let app;
  let browser;
  let phone;
  let page;
  let patientDialogs;
  let therapist;
  let therapistDialogs;
  const folder = tempFolder();
  /** Files earlier tests downloaded: report (JSON), csv, backup. */
  const files = {};
  /** The stored id of each journal entry, by its key in JOURNAL. */
  const ids = {};

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
    phone = await phonePage(browser, { ...PARIS_PHONE, now: FIRST_RUN });
    page = phone.page;
    await page.clock.setFixedTime(FIRST_RUN);
    page.setDefaultTimeout(5_000);
    patientDialogs = guardDialogs(page);
  });

  after(async () => {
    await therapist?.close();
    await phone?.close();
    await browser?.close();
    await app?.close();
    folder.clean();
  });

  /** Fails on console errors, uncaught exceptions or script dialogs on `who` since the last check. */
  function expectClean(who = phone, dialogs = patientDialogs) {
    try {
      expectNoConsoleErrors(who);
      assert.deepEqual(dialogs, [], "no script dialog opened");
    } finally {
      who.consoleErrors.length = 0;
      who.pageErrors.length = 0;
      dialogs.length = 0;
    }
  }

  /** Pins the patient's clock at `when` and opens `route` afresh from storage. */
  async function visit(when, route, p = page) {
    await p.clock.setFixedTime(when);
    await p.goto(app.route(route));
    await p.reload();
    await appReady(p);
  }

  /** The Share screen's pieces. */
  const counts = (p = page) => p.locator("main section[aria-labelledby='choose-title'] p[role='status']");
  const report = (p) => p.locator("main article.report");
  const sessionBox = (p, n) => p.locator("main").getByRole("checkbox", { name: new RegExp(`^Session ${n} \\(`) });
  const backupSection = (p) => p.locator("main section[aria-labelledby='backup-title']");
  const restoreBanner = (p) => backupSection(p).locator(".banner[role='status']");
  const restoreAlert = (p) => backupSection(p).locator("[role='alert']");
  const toast = (p) => p.locator(".toast-region .toast");

  /** Opens Share at the export time with both sessions chosen. */
  async function shareBothSessions() {
    await visit(EXPORT_AT, "share");
    await expectHeading(page, "Share");
    await sessionBox(page, 1).tap();
    await waitText(counts(), /^6 entries will be shared/);
  }

  async function writeEntry(e) {
    await visit(e.at, `journal/new/${e.kind}`);
    if (e.kind === "mood") {
      await expectHeading(page, "How I feel");
      await tapRating(page, MOOD_LEGEND, e.rating);
      for (const word of e.words ?? []) {
        await button(page, word).tap();
        await waitPressed(button(page, word));
      }
      if (e.ownWord) {
        await page.locator("#own-word").fill(e.ownWord);
        await button(page, "Add word").tap();
        await waitPressed(button(page, e.ownWord));
      }
      if (e.note) await fill(page, "Note (optional)", e.note);
    } else if (e.kind === "sleep") {
      await expectHeading(page, "How I slept");
      await fill(page, "Went to bed", "23:00");
      await fill(page, "Woke up for the day", "07:00");
      await waitText(page.locator("main p.lead"), "That is 8 h of sleep, 8 h in bed.");
      await tapRating(page, SLEEP_LEGEND, e.quality);
      await button(page, "More about the night (optional)").tap(); // the diary's further questions
      await button(page, "One more").tap();
      await waitText(page.locator("main output"), "1");
      await fill(page, "Note: dreams, how rested (optional)", e.note);
    } else {
      await expectHeading(page, "An insight");
      await fill(page, "What do you want to remember?", e.text);
      await button(page, GUIDED).tap();
      await fill(page, GUIDED, e.answer);
      await button(page, "Rest").tap();
      await waitPressed(button(page, "Rest"));
    }
    if (e.discuss) {
      await button(page, "Discuss with my therapist").tap();
      await waitPressed(button(page, "Discuss with my therapist"));
    }
    if (e.private) {
      await button(page, "Private: never shared").tap();
      await waitPressed(button(page, "Private: never shared"));
    }
    await button(page, "Save").tap();
    await expectHeading(page, "Journal");
  }

  async function saveIntention(words) {
    await expectHeading(page, "Prepare");
    await fill(page, "My intention", words);
    await button(page, "Save intention").tap();
    await waitText(page.locator("main p[role='status']"), "Intention saved.");
  }

  async function endSessionAt(ended) {
    await visit(ended, "today");
    await button(page, "My session has ended").tap();
    await expectHeading(page, "Aftercare");
  }

  test("a patient in Paris plans and ends two sessions and writes mood, sleep and insight entries, one private, some with script and formula text", async () => {
    await page.goto(app.url);
    await welcome(page, { date: "2026-11-24", time: "09:00", clinic: CLINIC, phone: CLINIC_PHONE });
    await visit(FIRST_RUN, "prepare");
    await saveIntention(INTENTION_1);

    await visit(STARTED_1, "prepare");
    await button(page, "My session is starting").tap();
    await endSessionAt(ENDED_1);

    for (const e of JOURNAL.filter((e) => e.session === 1)) await writeEntry(e);

    await visit(PLAN_2_AT, "sessions/new");
    await expectHeading(page, "Plan a session");
    await fill(page, "Date", "2026-12-01");
    await fill(page, "Time", "09:00");
    await button(page, "Save session").tap();
    await expectHeading(page, "Sessions");
    await visit(PLAN_2_AT, "prepare");
    await saveIntention(INTENTION_2);

    await visit(STARTED_2, "prepare");
    await button(page, "My session is starting").tap();
    await endSessionAt(ENDED_2);
    await writeEntry(JOURNAL.find((e) => e.key === "m4"));

    // Everything is in storage, with the patient's offset.
    await page.reload();
    await appReady(page);
    const stored = await storedEntries(page);
    assert.equal(stored.length, JOURNAL.length, "one stored entry per journal entry");
    for (const [i, e] of JOURNAL.entries()) {
      const s = stored[i];
      assert.equal(s.kind, e.kind, `${e.key}: kind`);
      assert.equal(new Date(s.written).getTime(), e.at.getTime(), `${e.key}: written at its time`);
      assert.match(s.written, /\+01:00$/, `${e.key}: written with the Paris offset`);
      assert.equal(s.private, Boolean(e.private), `${e.key}: private`);
      assert.equal(s.discuss, Boolean(e.discuss), `${e.key}: discuss`);
      ids[e.key] = s.id;
    }
    assert.equal(stored.find((s) => s.id === ids.m2).emotions[0], XSS_IMG);
    assert.equal(stored.find((s) => s.id === ids.i1).answers.length, 1);
    const plan = await storedPlan(page);
    assert.deepEqual(
      plan.course.sessions.map((s) => [s.intention, new Date(s.ended).getTime()]),
      [
        [INTENTION_1, ENDED_1.getTime()],
        [INTENTION_2, ENDED_2.getTime()],
      ],
    );
    expectClean();
  });

  test("Share counts what will leave, keeps the private entry out of the preview, and the report file is a waypoint-share file without it", async () => {
    await visit(EXPORT_AT, "share");
    await expectHeading(page, "Share");
    // By default the latest ended session is chosen.
    assert.equal(await sessionBox(page, 1).isChecked(), false);
    assert.equal(await sessionBox(page, 2).isChecked(), true);
    assert.equal(
      await counts().innerText(),
      "1 entries will be shared: 1 mood, 0 sleep, 0 insight; 0 marked to discuss. 0 private entries stay on this phone.",
    );
    await sessionBox(page, 1).tap();
    await waitText(
      counts(),
      "6 entries will be shared: 4 mood, 1 sleep, 1 insight; 2 marked to discuss. 1 private entries stay on this phone.",
    );

    // The preview is the report itself: every shared entry, never the private one.
    const preview = report(page);
    await preview.waitFor();
    const previewText = await preview.innerText();
    assert.ok(!previewText.includes(SECRET), "the private note is not in the preview");
    assert.ok(!(await page.content()).includes(SECRET), "the private note is nowhere on the page");
    assert.match(previewText, /6 entries shared by the patient\. Private entries are never included\./);
    assert.ok(previewText.includes(XSS_SCRIPT), "the script text shows as text in the preview");
    assert.equal(await page.locator("main img").count(), 0, "no <img> element came from an entry");

    const shared = await downloadFrom(page, folder, () => button(page, "Share the report file").tap());
    files.report = shared;
    assert.equal(shared.name, "waypoint-report-2026-12-02-0900.json");
    const json = JSON.parse(shared.text);
    assert.equal(json.format, "waypoint-share");
    assert.equal(json.schema_version, 1);
    assert.equal(typeof json.app_version, "string");
    assert.equal(json.exported_at, "2026-12-02T09:00:00+01:00");
    assert.equal(json.entries.length, SHARED.length);
    assert.deepEqual(json.entries.map((e) => e.id), SHARED.map((e) => ids[e.key]), "the shared entries, oldest first");
    assert.ok(json.entries.every((e) => e.private !== true), "no entry is private");
    assert.ok(!shared.text.includes(SECRET), "the private note is nowhere in the file");
    assert.ok(!shared.text.includes(ids.p1), "the private entry's id is nowhere in the file");
    assert.deepEqual(
      json.entries.filter((e) => e.discuss).map((e) => e.id),
      [ids.m1, ids.m3],
      "the two entries to discuss say discuss: true",
    );
    assert.deepEqual(json.sessions.map((s) => [s.number, s.intention]), [[1, INTENTION_1], [2, INTENTION_2]]);
    const instants = isoStrings(json);
    assert.ok(instants.length >= 20, `times found: ${instants.length}`);
    const notParis = instants.filter(([, v]) => !v.endsWith("+01:00"));
    assert.deepEqual(notParis, [], "every time carries the patient's +01:00 offset");
    expectClean();
  });

  test("the CSV has the documented columns, one row per shared entry, +01:00 times, quoting by RFC 4180 and the formula neutralised", async () => {
    await waitText(counts(), /^6 entries will be shared/); // still on Share, both sessions chosen
    const csv = await downloadFrom(page, folder, () => button(page, "Share as a spreadsheet (CSV)").tap());
    files.csv = csv;
    assert.equal(csv.name, "waypoint-report-2026-12-02-0900.csv");
    assert.ok(csv.text.endsWith("\r\n"), "records end in CRLF");
    assert.ok(!csv.text.includes(SECRET), "the private note is not in the CSV");
    assert.ok(!csv.text.includes(ids.p1), "nor the private entry's id");

    const records = parseCsv(csv.text);
    assert.deepEqual(records[0], CSV_COLUMNS, "the header is the documented columns");
    const rows = records.slice(1).map((cells) => {
      assert.equal(cells.length, CSV_COLUMNS.length, `every row has ${CSV_COLUMNS.length} cells: ${cells}`);
      return Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, cells[i]]));
    });
    assert.equal(rows.length, SHARED.length, "one row per shared entry");
    assert.deepEqual(rows.map((r) => r.entry_id), SHARED.map((e) => ids[e.key]));
    for (const [i, e] of SHARED.entries()) {
      const r = rows[i];
      assert.equal(r.kind, e.kind, `${e.key}: kind`);
      assert.match(r.written, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+01:00$/, `${e.key}: written`);
      assert.equal(new Date(r.written).getTime(), e.at.getTime(), `${e.key}: written at its time`);
      assert.match(r.edited, /\+01:00$/, `${e.key}: edited`);
      assert.equal(r.session_number, String(e.session), `${e.key}: session`);
      assert.equal(r.window_hour, String(e.hour), `${e.key}: window hour`);
      assert.equal(r.discuss, e.discuss ? "yes" : "no", `${e.key}: discuss`);
      if (e.kind === "mood") assert.equal(r.mood_rating, String(e.rating), `${e.key}: rating`);
    }
    const byKey = Object.fromEntries(SHARED.map((e, i) => [e.key, rows[i]]));
    assert.equal(byKey.m3.note, `'${FORMULA}`, "the formula is neutralised with a leading apostrophe");
    assert.ok(
      csv.text.includes(`"'=HYPERLINK(""http://evil"",""x"")"`),
      "the formula cell is quoted, with its quotes doubled",
    );
    assert.equal(byKey.m1.note, `${XSS_SCRIPT} lighter, "calmer"\nthan this morning`, "a note with a comma, quotes and a line break");
    assert.ok(
      // The note, then the columns a mood leaves blank (the sleep diary's and questionnaires').
      csv.text.includes(`,"${XSS_SCRIPT} lighter, ""calmer""\nthan this morning"${",".repeat(CSV_COLUMNS.length - 1 - CSV_COLUMNS.indexOf("note"))}\r\n`),
      "that note is quoted, its quotes doubled, its line break kept inside the quotes",
    );
    assert.equal(byKey.m1.emotions, "hopeful");
    assert.equal(byKey.m2.emotions, XSS_IMG);
    assert.deepEqual(
      [byKey.s1.bedtime, byKey.s1.wake, byKey.s1.hours_slept, byKey.s1.sleep_quality, byKey.s1.awakenings, byKey.s1.note],
      ["2026-11-24T23:00:00+01:00", "2026-11-25T07:00:00+01:00", "8", "4", "1", "Vivid dreams"],
    );
    assert.equal(byKey.i1.text, `I can be kinder to myself. ${XSS_IMG}`);
    assert.equal(byKey.i1.answers, `${GUIDED} Rest is not laziness. ${XSS_SCRIPT}`);
    assert.equal(byKey.i1.habits, "Rest");
    // No cell a spreadsheet would run as a formula.
    const risky = records.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell));
    assert.deepEqual(risky, [], "no cell starts with = + - @ tab or CR");
    expectClean();
  });

  test("printing the Share preview hides the top bar, tab bar, buttons and choices, shows the report, and makes an A4 PDF of more than one page", async () => {
    await waitText(counts(), /^6 entries will be shared/);
    // The Print button asks the browser to print.
    await page.evaluate(() => {
      window.__printed = 0;
      window.print = () => {
        window.__printed += 1;
      };
    });
    await button(page, "Print or save as PDF").tap();
    assert.equal(await page.evaluate(() => window.__printed), 1, "Print or save as PDF calls window.print()");

    await page.emulateMedia({ media: "print" });
    try {
      for (const selector of [".topbar", ".tabbar"]) {
        assert.equal(
          await page.locator(selector).evaluate((el) => getComputedStyle(el).display),
          "none",
          `${selector} is display: none in print`,
        );
      }
      assert.deepEqual(await renderedElements(page, "button, input, .btn, h2#choose-title, h2#preview-title"), [], "no control prints");
      assert.ok(await report(page).isVisible(), "the report prints");
      assert.ok(await page.locator("main article.report figure.chart svg").first().isVisible(), "the charts print");
      const pdf = await page.pdf({ format: "A4" });
      const { count, boxes } = pdfPages(pdf);
      assert.ok(count >= 2, `two sessions print on more than one page (got ${count})`);
      for (const box of boxes) {
        assert.ok(Math.abs(box.width - 595) < 2 && Math.abs(box.height - 842) < 2, `A4 pages: ${JSON.stringify(box)}`);
      }
    } finally {
      await page.emulateMedia({ media: null });
    }
    expectClean();
  });

  test("on the therapist's laptop, review mode opens the report read-only: summary, flagged entries, sessions with intentions, charts, insights, script text as text, and stores nothing", async () => {
    therapist = await laptopPage(browser, { ...THERAPIST_LAPTOP, now: THERAPIST_AT });
    therapistDialogs = guardDialogs(therapist.page);
    const t = therapist.page;
    t.setDefaultTimeout(5_000);
    await t.clock.setFixedTime(THERAPIST_AT);
    await t.goto(app.route("review"));
    await expectHeading(t, "Review a patient's journal");
    assert.match(
      await t.locator("main .review-banner[role='note']").innerText(),
      /You are reading someone else's journal, shared with you for their care\. It is shown read-only and nothing from the file is stored on this device/,
    );
    assert.deepEqual(await storageSnapshot(t), {}, "nothing stored before opening the file");

    await t.locator("#review-file").setInputFiles(files.report.file);
    const r = report(t);
    await r.waitFor();
    await waitText(t.locator(".file-outcome"), "Opened waypoint-report-2026-12-02-0900.json: 6 entries.");

    // The summary first: whose, what it covers and when it was made; the course, newest first.
    const head = r.locator("header.report-head");
    assert.deepEqual(await head.locator("li").allInnerTexts(), ["Sessions 1 and 2: made Wed 2 Dec 2026, 09:00"]);
    assert.match(await head.locator("p").innerText(), /^6 entries shared by the patient\./);
    const course = r.locator("section.report-course");
    assert.deepEqual(await course.locator("table.data thead th").allInnerTexts(), ["Session", "Mood (0–10)", "Sleep"]);
    const rows = await course.locator("table.data tbody tr").evaluateAll((trs) =>
      trs.map((tr) => [...tr.children].map((td) => td.textContent.trim())),
    );
    assert.deepEqual(rows, [
      ["2", "6 (1 rating)", "–"],
      ["1", "6.7 (3 ratings, 5–8)", "8 h (1 night)"],
    ], "(7 + 5 + 8) / 3 and one 8 h night");

    // Marked to discuss, once each, in the summary; times on the patient's clock.
    const summary = r.locator("section.report-discuss");
    assert.equal(await summary.locator("h3").first().innerText(), "To discuss (2)");
    const flagged = summary.locator("article.entry-card");
    await waitCount(flagged, 2);
    assert.deepEqual(
      (await flagged.locator(".entry-meta").allInnerTexts()).map((s) => s.replace(/\s+/g, " ").trim()),
      ["MOOD · Tue 24 Nov, 13:00 To discuss", "MOOD · Wed 25 Nov, 11:30 To discuss"],
      "the patient's Paris clock times, though the laptop is in New York",
    );

    // One block per session, newest first, each with its intention and its check-ins.
    const pages = r.locator("section.report-session");
    await waitCount(pages, 2);
    assert.deepEqual(await pages.locator("h3.session-title").allInnerTexts(), ["Session 2", "Session 1"]);
    const s1 = pages.nth(1);
    const s2 = pages.nth(0);
    assert.equal(await s1.locator(".session-intention").innerText(), `Intention: ${INTENTION_1}`);
    assert.equal(await s2.locator(".session-intention").innerText(), `Intention: ${INTENTION_2}`);
    assert.equal(await s1.locator(".session-when").innerText(), "Tue 24 Nov 2026, 09:05–11:00 (1 h 55 min) · route not recorded · at the clinic");
    assert.match(await s1.locator("dl.facts").innerText(), /Check-ins\s+\d of 4 written/);

    // Session 1's window: mood at three moments, sleep at one, the two to discuss ringed.
    const moods1 = SHARED.filter((e) => e.session === 1 && e.kind === "mood");
    const chart1 = s1.locator("figure.chart");
    const moodLine = await chart1.locator(".chart-mood path.chart-line").getAttribute("d");
    assert.equal(
      moodLine,
      "M" + moods1.map((e) => windowXY((e.at - ENDED_1) / 60_000, e.rating * 10, 100)).join("L"),
      "points at the minutes since the session ended and the ratings",
    );
    assert.equal((await chart1.locator(".chart-mood path.chart-flagged").getAttribute("d")).split("h0").length - 1, 2, "the two entries to discuss are ringed");
    assert.equal((await chart1.locator(".chart-sleep path.chart-dots").getAttribute("d")).split("h0").length - 1, 1);
    assert.equal(
      await chart1.locator("[role='img']").getAttribute("aria-label"),
      "Mood (0–10): 7 at hour 3, 5 at hour 7, 8 at hour 25. Hours slept, by wake time: 8 h at hour 21.",
    );
    // Session 2: one mood; no sleep shared.
    assert.equal(
      await s2.locator("figure.chart [role='img']").getAttribute("aria-label"),
      "Mood (0–10): 6 at hour 5. Hours slept, by wake time: nothing shared.",
    );

    // Session 1's other entries open on demand: the insight with its guided answer.
    const more = s1.getByRole("button", { name: "Other entries after session 1 (3)" });
    assert.equal(await more.getAttribute("aria-expanded"), "false", "the older session's entries start closed");
    await more.click();
    await waitText(s1.locator(".disclosure-body"), "Insight · I can be kinder to myself.");
    const s1Text = await s1.innerText();
    assert.ok(s1Text.includes(`Insight · I can be kinder to myself. ${XSS_IMG}`), "the insight, its markup as text");
    assert.ok(s1Text.includes(`${GUIDED} Rest is not laziness. ${XSS_SCRIPT}`), "the guided answer, its markup as text");
    assert.ok((await summary.innerText()).includes(FORMULA), "the formula is just text here");

    // Script payloads are text: no element made from them, no dialog.
    const reportHtml = await r.innerHTML();
    assert.equal(await t.locator("img").count(), 0, "no <img> element");
    assert.equal(await t.locator("[onerror]").count(), 0, "no onerror attribute anywhere");
    assert.equal(await t.locator("main script").count(), 0, "no <script> in the page's main");
    assert.ok(reportHtml.includes("&lt;script&gt;alert(1)&lt;/script&gt;"), "the script payload is escaped in the DOM");
    assert.ok(!(await t.content()).includes(SECRET), "nothing private reached the laptop");
    await t.waitForTimeout(200); // let an injected handler fire, if one had been injected
    assert.deepEqual(therapistDialogs, [], "no alert ran");

    // Review stores nothing: no entry, no plan, nothing at all.
    assert.deepEqual(await storedKeys(t), [], "no waypoint.* key on the therapist's laptop");
    assert.deepEqual(await storageSnapshot(t), {}, "localStorage is empty");
    await closeReview(t);
    await t.reload();
    await appReady(t);
    assert.equal(await report(t).count(), 0, "a reload forgets the file");
    expectClean(therapist, therapistDialogs);
  });

  test("printing review mode hides the file input and buttons, shows the report, and makes an A4 PDF with a page per session", async () => {
    const t = therapist.page;
    await t.locator("#review-file").setInputFiles(files.report.file);
    await report(t).waitFor();
    await t.emulateMedia({ media: "print" });
    try {
      // Review mode has its own top bar and no patient tab bar.
      assert.equal(await t.locator(".tabbar").count(), 0, "no patient tabs in review");
      assert.equal(await t.locator(".topbar").evaluate((el) => getComputedStyle(el).display), "none", ".topbar in print");
      assert.deepEqual(await renderedElements(t, "button, input, .btn, #review-file"), [], "no control prints");
      assert.ok(await report(t).isVisible(), "the report prints");
      const pdf = await t.pdf({ format: "A4" });
      const { count, boxes } = pdfPages(pdf);
      assert.ok(count >= 2, `two session pages print on more than one page (got ${count})`);
      assert.ok(boxes.length > 0 && boxes.every((b) => Math.abs(b.width - 595) < 2 && Math.abs(b.height - 842) < 2), `A4: ${JSON.stringify(boxes)}`);
    } finally {
      await t.emulateMedia({ media: null });
    }
    assert.deepEqual(await storageSnapshot(t), {}, "still nothing stored");
    expectClean(therapist, therapistDialogs);
  });

  test("a full backup opened in review mode shows only what could be shared, never the private entry", async () => {
    const backup = await downloadFrom(page, folder, () => button(page, "Save a backup without a passphrase").tap());
    files.backup = backup;
    assert.equal(backup.name, "waypoint-backup-2026-12-02-0900.json");
    assert.ok(backup.text.includes(SECRET), "a backup holds the private entry");

    const t = therapist.page;
    await closeReview(t);
    await t.locator("#review-file").setInputFiles(backup.file);
    await report(t).waitFor();
    assert.ok(!(await t.content()).includes(SECRET), "the private note is not shown");
    assert.match(await report(t).locator("header.report-head p").innerText(), /^6 entries shared by the patient/);
    assert.deepEqual(await report(t).locator("header.report-head li").allInnerTexts(), ["The whole journal (a full backup): made Wed 2 Dec 2026, 09:00"]);
    assert.deepEqual(await storageSnapshot(t), {}, "review stores nothing");
    expectClean(therapist, therapistDialogs);
    expectClean();
  });

  test("a full backup holds every entry, and restoring it on a new phone brings back all of them, the sessions and the clinic's number", async () => {
    const json = JSON.parse(files.backup.text);
    assert.equal(json.format, "waypoint-backup");
    assert.equal(json.schema_version, 1);
    assert.equal(json.exported_at, "2026-12-02T09:00:00+01:00");
    assert.equal(json.entries.length, JOURNAL.length);
    assert.equal(json.entries.find((e) => e.id === ids.p1)?.private, true, "the private entry is in the backup");
    assert.equal(json.plan.settings.protocol.clinic_phone, CLINIC_PHONE);

    const newPhone = await phonePage(browser, { ...PARIS_PHONE, now: NEW_PHONE_AT });
    const dialogs = guardDialogs(newPhone.page);
    const p = newPhone.page;
    p.setDefaultTimeout(5_000);
    try {
      await p.clock.setFixedTime(NEW_PHONE_AT);
      await p.goto(app.route("share"));
      await expectHeading(p, "Share");
      assert.deepEqual(await storageSnapshot(p), {}, "a new phone holds nothing");

      await p.locator("#restore-file").setInputFiles(files.backup.file);
      await waitText(restoreBanner(p), "This backup adds 7 entries, updates 0 and skips 0 already here; 2 new sessions.");
      assert.deepEqual(await storedKeys(p), [], "nothing is written before Restore is tapped");
      await restoreBanner(p).getByRole("button", { name: "Restore", exact: true }).tap();
      await waitText(restoreAlert(p), "Restored: 7 new entries, 0 updated, 0 already here. 2 new sessions. Clinic settings restored.");
      await waitText(toast(p), "Backup restored.");

      await p.reload();
      await appReady(p);
      const keys = await storedKeys(p);
      assert.equal(keys.filter((k) => k.startsWith("waypoint.entry.")).length, JOURNAL.length, `entry keys: ${keys}`);
      const restored = await storedEntries(p);
      assert.deepEqual(
        restored.map((e) => JSON.stringify(e)).sort(),
        json.entries.map((e) => JSON.stringify(e)).sort(),
        "every entry comes back exactly as it was, the private one included",
      );
      const plan = await storedPlan(p);
      assert.equal(plan.settings.protocol.clinic_phone, CLINIC_PHONE);
      assert.equal(plan.settings.protocol.clinic_name, CLINIC);
      assert.deepEqual(plan.course.sessions.map((s) => s.intention), [INTENTION_1, INTENTION_2]);

      await p.goto(app.route("journal"));
      await expectHeading(p, "Journal");
      await waitCount(p.locator("main article.entry-card"), JOURNAL.length);
      await entryCard(p, "Mood 2/10").waitFor();
      assert.ok((await mainText(p)).includes(SECRET), "the private entry is back in the Journal");
      await p.locator(".topbar").getByRole("button", { name: "Help now" }).tap();
      const help = p.getByRole("dialog", { name: "Help is one call away" });
      await help.getByRole("link", { name: `Call ${CLINIC} (${CLINIC_PHONE})` }).waitFor();
      await help.getByRole("button", { name: "Close", exact: true }).tap();

      // The same file again: everything is already here, and nothing changes.
      await p.goto(app.route("share"));
      await expectHeading(p, "Share");
      const before = await storageSnapshot(p);
      await p.locator("#restore-file").setInputFiles(files.backup.file);
      await waitText(restoreBanner(p), "This backup adds 0 entries, updates 0 and skips 7 already here; 0 new sessions.");
      await restoreBanner(p).getByRole("button", { name: "Restore", exact: true }).tap();
      await waitText(restoreAlert(p), "Restored: 0 new entries, 0 updated, 7 already here. 0 new sessions.");
      assert.deepEqual(await storageSnapshot(p), before, "restoring the same backup again changes nothing");
      assert.deepEqual(dialogs, []);
      expectNoConsoleErrors(newPhone);
    } finally {
      await newPhone.close();
    }
    expectClean();
  });

  describe("files Restore must refuse, each with a clear message and localStorage left byte for byte", () => {
    /** Each case: a name for the test, the file's name and how to make its content from the real files. */
    const cases = [
      { what: "an empty file", name: "empty.json", make: () => "", message: /^This file is empty\.$/ },
      {
        what: "a backup cut in half",
        name: "truncated.json",
        make: () => files.backup.text.slice(0, Math.floor(files.backup.text.length / 2)),
        message: /not readable as data \(it may be cut short or another kind of file\)/,
      },
      {
        what: "a 9 MB file",
        name: "huge.json",
        make: () => Buffer.alloc(9 * 1024 * 1024, 0x20),
        message: /too large \(9\.0 MB\)\. A Waypoint file is at most 8 MB\./,
      },
      { what: "JSON of the wrong shape", name: "hello.json", make: () => '{"hello":1}', message: /not a Waypoint file: it has no version number/ },
      {
        what: "a backup from a future schema version",
        name: "future.json",
        make: () => JSON.stringify({ ...JSON.parse(files.backup.text), schema_version: 99 }),
        message: /made by a newer version of Waypoint \(data version 99\)/,
      },
      {
        what: "100,000 nested brackets",
        name: "deep.json",
        make: () => "[".repeat(100_000),
        message: /nested far too deeply/,
      },
      {
        what: "a backup with a mood rated 42",
        name: "rating.json",
        make: () => {
          const b = JSON.parse(files.backup.text);
          b.entries.find((e) => e.kind === "mood").rating = 42;
          return JSON.stringify(b);
        },
        message: /^Entry \d+ in this file has a value Waypoint cannot use: Mood is rated from 0 to 10\.$/,
      },
      {
        what: "a shared report instead of a backup",
        name: "report.json",
        make: () => files.report.text,
        message: /This is a report for a therapist, not a backup\./,
      },
    ];

    for (const c of cases) {
      test(`Restore refuses ${c.what} with a clear message and changes nothing`, async () => {
        await visit(EXPORT_AT, "share");
        await expectHeading(page, "Share");
        const before = await storageSnapshot(page);
        assert.ok(Object.keys(before).some((k) => k.startsWith("waypoint.entry.")), "the phone has a journal to protect");
        const file = folder.write(c.name, c.make());
        await page.locator("#restore-file").setInputFiles(file);
        const text = await waitText(restoreAlert(page), c.message);
        assert.ok(text.length < 300, `a short message: ${text}`);
        assert.equal(await restoreBanner(page).count(), 0, "no Restore is offered");
        await page.waitForTimeout(100);
        assert.deepEqual(await storageSnapshot(page), before, "localStorage is unchanged, byte for byte");
        await page.reload();
        await appReady(page);
        assert.deepEqual(await storageSnapshot(page), before, "and still after a reload");
        expectClean();
      });
    }
  });

  test(
    "a file just over the 8 MB limit is refused with a message that does not call it 8 MB",
    async () => {
      await visit(EXPORT_AT, "share");
      await expectHeading(page, "Share");
      const before = await storageSnapshot(page);
      const file = folder.write("just-over.json", Buffer.alloc(8 * 1024 * 1024 + 1, 0x20));
      await page.locator("#restore-file").setInputFiles(file);
      const text = await waitText(restoreAlert(page), /too large/);
      assert.deepEqual(await storageSnapshot(page), before, "nothing changed");
      const [, size, limit] = text.match(/too large \(([\d.]+) MB\)\. A Waypoint file is at most ([\d.]+) MB/) ?? [];
      assert.ok(size && limit, `the message states the size and the limit: ${text}`);
      assert.ok(Number(size) > Number(limit), `the size it states (${size} MB) is over the limit it states (${limit} MB): "${text}"`);
      expectClean();
    },
  );

  test(
    "sharing only session 2 leaves session 1's intention out of the report file, as it is out of the preview",
    async () => {
      await visit(EXPORT_AT, "share");
      await expectHeading(page, "Share");
      assert.equal(await sessionBox(page, 1).isChecked(), false);
      assert.equal(await sessionBox(page, 2).isChecked(), true);
      await waitText(counts(), /^1 entries will be shared/);
      const preview = await report(page).innerText();
      assert.ok(preview.includes(INTENTION_2), "the preview shows session 2's intention");
      assert.ok(!preview.includes(INTENTION_1), "the preview does not show session 1's intention");
      const shared = await downloadFrom(page, folder, () => button(page, "Share the report file").tap());
      assert.equal(JSON.parse(shared.text).entries.length, 1);
      assert.ok(
        !shared.text.includes(INTENTION_1),
        `the file holds session 1's intention, which the preview did not show: ${JSON.stringify(JSON.parse(shared.text).sessions)}`,
      );
      expectClean();
    },
  );

  test("review mode refuses a shared file holding a private entry, shows nothing of it, and stores nothing", async () => {
    const t = therapist.page;
    await closeReview(t);
    const tampered = JSON.parse(files.report.text);
    tampered.entries[0].private = true;
    tampered.entries[0].note = SECRET;
    const file = folder.write("report-with-private.json", JSON.stringify(tampered));
    await t.locator("#review-file").setInputFiles(file);
    await waitText(
      t.locator("main [role='alert']"),
      "This shared file contains an entry marked private, which Waypoint never shares. It was not opened.",
    );
    assert.equal(await report(t).count(), 0, "no report is shown");
    assert.ok(!(await t.content()).includes(SECRET), "nothing of the file is on the page");
    assert.deepEqual(await storageSnapshot(t), {}, "nothing stored");

    // An empty file is refused the same way.
    await t.locator("#review-file").setInputFiles(folder.write("review-empty.json", ""));
    await waitText(t.locator("main [role='alert']"), "This file is empty.");
    assert.deepEqual(await storageSnapshot(t), {});
    expectClean(therapist, therapistDialogs);
  });

  test("a valid backup with script payloads in its text fields is accepted on a new phone and every payload shows as text", async () => {
    const b = JSON.parse(files.backup.text);
    b.plan.settings.protocol.clinic_name = `${XSS_IMG} Clinic`;
    b.plan.course.sessions[0].place = XSS_SCRIPT;
    b.plan.course.sessions[0].intention = `${XSS_IMG}${XSS_SCRIPT}`;
    const sleep = b.entries.find((e) => e.kind === "sleep");
    sleep.note = `<svg onload=alert(1)>${XSS_SCRIPT}`;
    const file = folder.write("backup-with-payloads.json", JSON.stringify(b));

    const newPhone = await phonePage(browser, { ...PARIS_PHONE, now: NEW_PHONE_AT });
    const dialogs = guardDialogs(newPhone.page);
    const p = newPhone.page;
    p.setDefaultTimeout(5_000);
    try {
      await p.clock.setFixedTime(NEW_PHONE_AT);
      await p.goto(app.route("share"));
      await expectHeading(p, "Share");
      await p.locator("#restore-file").setInputFiles(file);
      await waitText(restoreBanner(p), "This backup adds 7 entries");
      await restoreBanner(p).getByRole("button", { name: "Restore", exact: true }).tap();
      await waitText(restoreAlert(p), /^Restored: 7 new entries/);

      await p.goto(app.route("journal"));
      await p.reload();
      await appReady(p);
      await waitCount(p.locator("main article.entry-card"), JOURNAL.length);
      const journal = await mainText(p);
      for (const payload of [XSS_SCRIPT, XSS_IMG, `<svg onload=alert(1)>${XSS_SCRIPT}`, FORMULA]) {
        assert.ok(journal.includes(payload), `the Journal shows ${payload} as text`);
      }
      await p.goto(app.route("sessions"));
      await expectHeading(p, "Sessions");
      await p.locator(".topbar").getByRole("button", { name: "Help now" }).tap();
      const help = p.getByRole("dialog", { name: "Help is one call away" });
      await help.getByRole("link", { name: `Call ${XSS_IMG} Clinic (${CLINIC_PHONE})` }).waitFor();
      await help.getByRole("button", { name: "Close", exact: true }).tap();

      assert.equal(await p.locator("main img, main svg [onload], [onerror], [onload]").count(), 0, "no element made from a payload");
      await p.waitForTimeout(200);
      assert.deepEqual(dialogs, [], "no alert ran");
      expectNoConsoleErrors(newPhone);
    } finally {
      await newPhone.close();
    }

    // The same backup in review mode: the intention and notes are text there too.
    const t = therapist.page;
    await closeReview(t);
    await t.locator("#review-file").setInputFiles(file);
    const session1 = report(t).locator("section.report-session").filter({ has: t.getByRole("heading", { name: "Session 1", exact: true }) });
    await waitText(session1, `Intention: ${XSS_IMG}${XSS_SCRIPT}`);
    assert.ok((await session1.textContent()).includes(`<svg onload=alert(1)>${XSS_SCRIPT}`), "the sleep note as text");
    assert.equal(await t.locator("main img, [onerror], [onload]").count(), 0, "no element made from a payload");
    await t.waitForTimeout(200);
    assert.deepEqual(await storageSnapshot(t), {}, "review stores nothing");
    expectClean(therapist, therapistDialogs);
    expectClean();
  });
});
