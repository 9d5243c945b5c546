// Review mode as a therapist uses it (issue 19), at 1280×800 and at phone size: the way in from
// the first-run screen and the top bar, review's own chrome, one file, then three files of one
// patient read as one course (by the file picker and by drag and drop), another patient's file
// refused, leaving with a file open, the printed document (A4 and Letter, read back from the PDF
// with pdfjs-dist), axe light and dark, and localStorage unchanged throughout.
//
// The files are tests/fixtures/review/ (written by tests/review_fixtures.rs, which checks they are
// exactly what the app writes): patient A in Paris, three sessions a week apart, mood and sleep
// better each week; a report of the first week by dates (with an entry before the first session),
// one of sessions 1 and 2 (one insight edited since), one of session 3 with the initials "J.D.";
// and patient B's report. The laptop is in New York; times shown are the patient's.

import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { REPO_ROOT, axeViolations, expectNoConsoleErrors, phonePage, startApp } from "./harness.mjs";
import { assert, appReady, button, expectHeading, launchBrowser, waitCount, waitText } from "./journey-helpers.mjs";
import { guardDialogs, laptopPage, pdfPages, storageSnapshot, tempFolder } from "./export-helpers.mjs";

const FIXTURES = path.join(REPO_ROOT, "tests/fixtures/review");
const WEEK_1 = path.join(FIXTURES, "patient-a-week-1.json");
const SESSIONS_1_2 = path.join(FIXTURES, "patient-a-sessions-1-2.json");
const SESSION_3 = path.join(FIXTURES, "patient-a-session-3.json");
const PATIENT_B = path.join(FIXTURES, "patient-b-session-1.json");
const V1 = path.join(REPO_ROOT, "tests/fixtures/report-v1.json");
const NOW = new Date("2026-11-23T09:00:00-05:00");
const LAPTOP = Object.freeze({ timezoneId: "America/New_York", locale: "en-GB", now: NOW });

/** The entries patient A marked to discuss, as their cards' first line of text reads. */
const DISCUSS = [
  "Mood 8/10 · hopeful, connected",
  "Mood 6/10 · hopeful",
  "Mood 4/10 · anxious, tired",
  "Insight · The fear was smaller than I thought, and it passed.",
];

const report = (p) => p.locator("main article.report");

/** Opens files through the file picker. */
async function choose(p, ...files) {
  await p.locator("#review-file").setInputFiles(files);
}

/** Drops files on the page, as dragging them from the desktop does. */
async function drop(p, ...files) {
  const payload = files.map((f) => ({ name: path.basename(f), text: readFileSync(f, "utf8") }));
  const dataTransfer = await p.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const { name, text } of list) dt.items.add(new File([text], name, { type: "application/json" }));
    return dt;
  }, payload);
  await p.dispatchEvent("main", "dragover", { dataTransfer });
  await p.dispatchEvent("main", "drop", { dataTransfer });
}

/** The text of every page of a PDF, with each text item's box, by pdfjs-dist. */
async function pdfText(buffer) {
  const doc = await getDocument({ data: new Uint8Array(buffer), useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const [, , width, height] = page.view;
    const content = await page.getTextContent();
    const items = content.items.filter((i) => i.str.trim() !== "").map((i) => ({ str: i.str, x: i.transform[4], y: i.transform[5], w: i.width, h: i.height }));
    pages.push({ width, height, items, text: content.items.map((i) => i.str + (i.hasEOL ? "\n" : "")).join("") });
  }
  await doc.destroy();
  return pages;
}

/** Each chart label: its font size and whether its box lies inside its chart's figure. */
async function chartLabels(p) {
  return p.locator("main figure.chart .chart-label, main figure.chart .chart-title, main figure.chart .chart-x-title").evaluateAll((els) =>
    els.map((el) => {
      const fig = el.closest("figure").getBoundingClientRect();
      const r = el.getBoundingClientRect();
      return {
        text: el.textContent,
        size: parseFloat(getComputedStyle(el).fontSize),
        inside: r.left >= fig.left - 0.5 && r.right <= fig.right + 0.5 && r.top >= fig.top - 0.5 && r.bottom <= fig.bottom + 0.5,
      };
    }),
  );
}

for (const size of ["laptop", "phone"]) {
  describe(`review mode on a ${size}`, () => {
    let app;
    let browser;
    let who;
    let p;
    let dialogs;
    const folder = tempFolder("waypoint-review-");

    before(async () => {
      app = await startApp();
      browser = await launchBrowser();
      const open = size === "laptop" ? laptopPage : phonePage;
      who = await open(browser, { ...LAPTOP, contextOptions: { bypassCSP: true } });
      p = who.page;
      p.setDefaultTimeout(5_000);
      await p.clock.setFixedTime(NOW);
      dialogs = guardDialogs(p);
    });

    after(async () => {
      await who?.close();
      await browser?.close();
      await app?.close();
      folder.clean();
    });

    function expectClean() {
      try {
        expectNoConsoleErrors(who);
        assert.deepEqual(dialogs, [], "no script dialog opened");
      } finally {
        who.consoleErrors.length = 0;
        who.pageErrors.length = 0;
        dialogs.length = 0;
      }
    }

    test("a therapist gets in from the first-run screen and the top bar without answering anything, into review's own chrome", async () => {
      await p.goto(app.url);
      await expectHeading(p, "Welcome to Waypoint");
      const inBody = p.locator("main").getByRole("link", { name: "I'm a therapist: open a patient's file" });
      await inBody.waitFor();
      const inTopBar = p.locator("header.topbar").getByRole("link", { name: /^I'm a therapist/ });
      await inTopBar.waitFor();
      await inTopBar.click();
      await expectHeading(p, "Review a patient's journal");
      // Review's chrome: no patient tab bar, no Help button or sheet, its own top bar.
      assert.equal(await p.locator("nav.tabbar").count(), 0, "no patient tabs");
      assert.equal(await p.locator(".help-button").count(), 0, "no patient Help button");
      await p.locator("header.review-topbar").getByRole("link", { name: "Leave review" }).waitFor();
      assert.equal(await p.locator("header.review-topbar").getByRole("button", { name: /^Close file/ }).count(), 0, "nothing to close yet");
      assert.deepEqual(await storageSnapshot(p), {}, "nothing stored: the welcome was never answered");
      // And back: with no file open, leaving asks nothing.
      await p.locator("header.review-topbar").getByRole("link", { name: "Leave review" }).click();
      await expectHeading(p, "Welcome to Waypoint");
      await inBody.click();
      await expectHeading(p, "Review a patient's journal");
      expectClean();
    });

    test("one file opens with whose it is, what it covers and when it was made; a file from a newer Waypoint says so", async () => {
      await choose(p, WEEK_1);
      await report(p).waitFor();
      await waitText(p.locator(".file-outcome"), "Opened patient-a-week-1.json: 7 entries.");
      const head = report(p).locator("header.report-head");
      assert.equal(await head.locator("h2").innerText(), "Waypoint report");
      assert.deepEqual(await head.locator("li").allInnerTexts(), ["Entries written Sun 1 Nov 2026 to Fri 6 Nov 2026: made Fri 6 Nov 2026, 12:00"]);
      await p.locator("header.review-topbar").getByRole("button", { name: "Close file" }).waitFor();

      const future = JSON.parse(readFileSync(SESSION_3, "utf8"));
      future.report_version = 3;
      await choose(p, folder.write("future.json", JSON.stringify(future)));
      await waitText(p.locator("main [role='alert']"), "future.json was not opened. This report was made by a newer version of Waypoint (report version 3). Update the app, then open it again.");
      assert.equal(await head.locator("li").count(), 1, "the open file is unchanged");
      assert.deepEqual(await storageSnapshot(p), {});
      expectClean();
    });

    test("three files of one patient are one course: the trend across sessions, each entry to discuss once, nothing stored", async () => {
      await choose(p, SESSIONS_1_2);
      await waitText(p.locator(".file-outcome"), "Added patient-a-sessions-1-2.json: 6 new, 1 updated, 5 already open.");
      await drop(p, SESSION_3);
      await waitText(p.locator(".file-outcome"), "Added patient-a-session-3.json: 6 new, 0 updated, 0 already open.");
      const r = report(p);
      assert.equal(await r.locator("header.report-head h2").innerText(), "Waypoint report: J.D.");
      assert.deepEqual(await r.locator("header.report-head li").allInnerTexts(), [
        "Entries written Sun 1 Nov 2026 to Fri 6 Nov 2026: made Fri 6 Nov 2026, 12:00",
        "Sessions 1 and 2: made Fri 13 Nov 2026, 12:00",
        "Session 3: made Fri 20 Nov 2026, 12:00",
      ]);
      assert.match(await r.locator("header.report-head p").innerText(), /^19 entries shared by the patient\./);
      await p.locator("header.review-topbar").getByRole("button", { name: "Close files" }).waitFor();

      // The trend across sessions: mood 4.7 → 6.5 → 7.7, sleep 7 → 8 → 8.4 h.
      const course = r.locator("section.report-course");
      const rows = await course.locator("table.data tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
      assert.deepEqual(rows, [
        ["3", "7.7 (3 ratings, 7–8)", "8.4 h (2 nights, 8.3–8.5 h)"],
        ["2", "6.5 (4 ratings, 6–7)", "8 h (1 night)"],
        ["1", "4.7 (3 ratings, 4–5)", "7 h (2 nights, 6.5–7.5 h)"],
      ]);
      assert.equal(
        await course.locator("figure.chart [role='img']").getAttribute("aria-label"),
        "Average mood (0–10) and hours slept in each session's 72 hours: session 1: mood 4.7, sleep 7 h; session 2: mood 6.5, sleep 8 h; session 3: mood 7.7, sleep 8.4 h.",
      );

      // Each entry to discuss once, first, newest session first; nowhere else in the report.
      const discuss = r.locator("section.report-discuss");
      assert.equal(await discuss.locator("h3").innerText(), "To discuss (4)");
      const cards = discuss.locator("article.entry-card .entry-meta + .entry-body");
      await waitCount(cards, 4);
      assert.deepEqual(await cards.allInnerTexts(), DISCUSS);
      assert.deepEqual(await discuss.locator(".discuss-place").allInnerTexts(), [
        "After session 3 · hour 26",
        "After session 2 · hour 27",
        "After session 1 · hour 5",
        "After session 1 · hour 33",
      ]);
      const everyCard = await r.locator("article.entry-card .entry-meta + .entry-body").allTextContents();
      for (const text of DISCUSS) {
        assert.equal(everyCard.filter((t) => t === text).length, 1, `"${text}" appears once in the whole report`);
      }

      // Per session: intention, route, times, the window beside the previous one, words, check-ins, habits.
      const sessions = r.locator("section.report-session");
      assert.deepEqual(await sessions.locator("h3.session-title").allInnerTexts(), ["Session 3", "Session 2", "Session 1", "Before the first session"]);
      const s3 = sessions.nth(0);
      assert.equal(await s3.locator(".session-when").innerText(), "Tue 17 Nov 2026, 09:02–10:50 (1 h 48 min) · Injection into a muscle (IM) · at the clinic");
      assert.equal(await s3.locator(".session-intention").innerText(), "Intention: Let the sadness have a voice.");
      const trend = await s3.locator("table.trend").evaluate((t) => [...t.rows].map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
      assert.deepEqual(trend, [
        ["", "This window", "Previous window (session 2)"],
        ["Mood, average", "7.7 (3 ratings, 7–8)", "6.5 (4 ratings, 6–7)"],
        ["Mood, first → last", "7 → 8", "6 → 7"],
        ["Sleep, average", "8.4 h (2 nights, 8.3–8.5 h)", "8 h (1 night)"],
      ]);
      const facts = await s3.locator("dl.facts").evaluate((dl) => [...dl.children].map((c) => c.textContent.trim()));
      assert.deepEqual(facts, [
        "Emotion words", "calm 1, connected 1, hopeful 1, open 1, tender 1",
        "Check-ins", "4 of 4 written",
        "Habits", "Nourishing food 1, Movement 1, Connection 1",
        "Entries", "6 after this session; 1 marked to discuss",
      ]);
      const s1facts = await sessions.nth(2).locator("dl.facts dd").allInnerTexts();
      assert.equal(s1facts[1], "3 of 4 written; not written: day 3 (about 72 h)", "the clinician sees check-ins not written");

      // Other entries by window and hour, collapsible: the newest session's open, the others closed.
      const toggle = s3.getByRole("button", { name: "Other entries after session 3 (5)" });
      assert.equal(await toggle.getAttribute("aria-expanded"), "true");
      assert.deepEqual(await s3.locator(".slot-title").allInnerTexts(), ["Hour 7", "Hour 21", "Hour 56", "Hour 69", "Hour 72"]);
      const s1toggle = sessions.nth(2).getByRole("button", { name: "Other entries after session 1 (4)" });
      assert.equal(await s1toggle.getAttribute("aria-expanded"), "false");
      assert.ok(!(await sessions.nth(2).locator(".disclosure-body").isVisible()), "closed");
      await s1toggle.click();
      await waitText(sessions.nth(2).locator(".disclosure-body"), /Slept 6\.5 h · quality 2\/5/);
      assert.equal(await s1toggle.getAttribute("aria-expanded"), "true");

      // Legible charts: labels at least 11 px, none outside its chart.
      const labels = await chartLabels(p);
      assert.ok(labels.length >= 30, `chart labels: ${labels.length}`);
      for (const l of labels) {
        assert.ok(l.size >= 11, `"${l.text}" is ${l.size} px`);
        assert.ok(l.inside, `"${l.text}" is inside its chart`);
      }
      const sideways = await p.evaluate(() => ({
        scrolls: document.documentElement.scrollWidth > window.innerWidth,
        past: [...document.querySelectorAll("body *")]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
          .slice(0, 5)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${Math.round(e.getBoundingClientRect().right)}`),
      }));
      assert.equal(sideways.scrolls, false, `no sideways scroll: ${sideways.past.join("; ")}`);

      // Laptop: two columns; phone: one.
      const box = async (loc) => loc.boundingBox();
      const [courseBox, discussBox] = [await box(course), await box(discuss)];
      const [summaryBox, entriesBox] = [await box(s3.locator(".session-summary")), await box(s3.locator(".session-entries"))];
      if (size === "laptop") {
        assert.ok(discussBox.x >= courseBox.x + courseBox.width - 1, "To discuss beside the course chart");
        assert.ok(entriesBox.x >= summaryBox.x + summaryBox.width - 1, "a session's entries beside its summary");
      } else {
        assert.ok(discussBox.y >= courseBox.y + courseBox.height - 1, "To discuss under the course chart");
        assert.ok(entriesBox.y >= summaryBox.y + summaryBox.height - 1, "a session's entries under its summary");
      }
      assert.deepEqual(await storageSnapshot(p), {}, "nothing stored with three files open");
      expectClean();
    });

    test("another patient's file is refused with a clear message and changes nothing", async () => {
      const before = await report(p).innerText();
      await choose(p, PATIENT_B);
      await waitText(
        p.locator("main [role='alert']"),
        "patient-b-session-1.json was not opened. This file comes from another patient's journal than the file already open, so it was not added. To review another patient, close this file first.",
      );
      assert.equal(await report(p).innerText(), before, "the review is as it was");
      assert.ok(!(await report(p).innerText()).includes("R.K."), "nothing of patient B shows");
      assert.deepEqual(await storageSnapshot(p), {});
      expectClean();
    });

    test("axe finds nothing in review mode, light and dark, with files open and with the leave question", async () => {
      for (const scheme of ["light", "dark"]) {
        await p.emulateMedia({ colorScheme: scheme });
        assert.deepEqual(await axeViolations(p), [], `${scheme}: three files open`);
      }
      await p.emulateMedia({ colorScheme: null });
    });

    test("printing makes a clinical document: no chrome, a page per session, nothing cut, on A4 and on Letter", async () => {
      for (const [format, width, height] of [["A4", 595, 842], ["Letter", 612, 792]]) {
        const pdf = await p.pdf({ format });
        const { count, boxes } = pdfPages(pdf);
        assert.ok(boxes.every((b) => Math.abs(b.width - width) < 2 && Math.abs(b.height - height) < 2), `${format} pages: ${JSON.stringify(boxes)}`);
        const pages = await pdfText(pdf);
        assert.equal(pages.length, count);
        const all = pages.map((pg) => pg.text).join("\n");
        // The title with the initials, the range and the date made, on the first page.
        assert.match(pages[0].text, /Waypoint report: J\.D\./);
        assert.match(pages[0].text, /Session 3: made Fri 20 Nov 2026, 12:00/);
        assert.match(pages[0].text, /Across the course/);
        assert.match(pages[0].text, /To discuss \(4\)/);
        // No app chrome and no controls.
        for (const chrome of ["Leave review", "Close files", "Help now", "Choose more files", "Drop the report", "You are reading someone else", "Stay with the file"]) {
          assert.ok(!all.includes(chrome), `${format}: "${chrome}" is not printed`);
        }
        // Each session on pages of its own, newest first, then the time before the first session.
        // A page's first line (a title can be more than one of the PDF's text items).
        const firstLine = (pg) => {
          const top = pg.items[0];
          return top ? pg.items.filter((i) => Math.abs(i.y - top.y) < 1).map((i) => i.str).join("").trim() : "";
        };
        const bare = (text) => text.replace(/\s+/g, "");
        const startsOn = (title) => pages.findIndex((pg) => bare(firstLine(pg)) === bare(title));
        const starts = ["Session 3", "Session 2", "Session 1", "Before the first session"].map(startsOn);
        assert.ok(starts.every((s, i) => s > 0 && (i === 0 || s > starts[i - 1])), `${format}: sessions start pages ${starts} of ${count}; pages begin ${pages.map((pg) => JSON.stringify(firstLine(pg))).join(", ")}`);
        assert.equal(count, starts[3] + 1, `${format}: the last page is the time before the first session`);
        // Every entry is printed, closed ones too, and no text runs off a page.
        for (const text of [...DISCUSS, "Slept 6.5 h · quality 2/5", "Nervous about Tuesday.", "Music carried me.", "I called my sister."]) {
          assert.ok(all.replace(/\s+/g, " ").includes(text), `${format}: "${text}" is printed`);
        }
        for (const [i, pg] of pages.entries()) {
          for (const item of pg.items) {
            assert.ok(item.x >= 0 && item.x + item.w <= pg.width + 0.5 && item.y >= 0 && item.y + item.h <= pg.height + 0.5, `${format} page ${i + 1}: "${item.str}" is cut (${JSON.stringify(item)})`);
          }
        }
        console.log(`# ${size}, ${format}: ${count} pages; sessions start on pages ${starts.map((s) => s + 1).join(", ")}`);
      }
      expectClean();
    });

    test("leaving with a file open asks first: staying keeps the file, leaving closes it; closing the tab asks too", async () => {
      const unloadAsks = () =>
        p.evaluate(() => {
          const ev = new Event("beforeunload", { cancelable: true });
          window.dispatchEvent(ev);
          return ev.defaultPrevented;
        });
      assert.equal(await unloadAsks(), true, "closing or reloading the page asks");
      await p.locator("header.review-topbar").getByRole("link", { name: "Leave review" }).click();
      const ask = p.getByRole("dialog", { name: "Close the patient's file?" });
      await ask.waitFor();
      for (const scheme of ["light", "dark"]) {
        await p.emulateMedia({ colorScheme: scheme });
        assert.deepEqual(await axeViolations(p), [], `${scheme}: the leave question`);
      }
      await p.emulateMedia({ colorScheme: null });
      await ask.getByRole("button", { name: "Stay with the file" }).click();
      await ask.waitFor({ state: "hidden" });
      assert.match(p.url(), /#\/review$/);
      await report(p).waitFor();

      // The browser's Back button asks the same.
      await p.goBack();
      await ask.waitFor();
      await ask.getByRole("button", { name: "Close the file and leave" }).click();
      await expectHeading(p, "Welcome to Waypoint");
      assert.equal(await report(p).count(), 0);
      assert.deepEqual(await storageSnapshot(p), {}, "nothing stored, from first to last");

      // Back in review with nothing open, leaving asks nothing.
      await p.goto(app.route("review"));
      await appReady(p);
      assert.equal(await unloadAsks(), false);
      await choose(p, SESSION_3);
      await report(p).waitFor();
      await p.locator("header.review-topbar").getByRole("button", { name: "Close file" }).click();
      await report(p).waitFor({ state: "detached" });
      assert.equal(await unloadAsks(), false, "closed: nothing to ask about");
      expectClean();
    });

    test("a report written before this version still opens, saying its range was not recorded; axe finds nothing before a file is open", async () => {
      for (const scheme of ["light", "dark"]) {
        await p.emulateMedia({ colorScheme: scheme });
        assert.deepEqual(await axeViolations(p), [], `${scheme}: no file open`);
      }
      await p.emulateMedia({ colorScheme: null });
      await choose(p, V1);
      await report(p).waitFor();
      assert.deepEqual(await report(p).locator("header.report-head li").allInnerTexts(), [
        "Range not recorded (a file from an older Waypoint): made Fri 13 Nov 2026, 12:00",
      ]);
      assert.equal(await report(p).locator("section.report-discuss h3").innerText(), "To discuss (3)");
      // Without a patient reference, a file joins only files it shares a session with.
      await choose(p, SESSION_3);
      await waitText(p.locator("main [role='alert']"), "patient-a-session-3.json was not opened. This file and the one already open cannot be shown to come from the same patient");
      await choose(p, SESSIONS_1_2);
      await waitText(p.locator(".file-outcome"), "Added patient-a-sessions-1-2.json: 0 new, 1 updated, 11 already open.");
      await choose(p, SESSION_3);
      await waitText(p.locator(".file-outcome"), "Added patient-a-session-3.json: 6 new, 0 updated, 0 already open.");
      assert.deepEqual(await storageSnapshot(p), {});
      expectClean();
    });
  });
}
