// Privacy, in real Chromium: nothing the patient does makes a request outside the app's own
// origin, and nothing the patient types can run as code anywhere the app shows it.
//
// Both tests walk the same journey through the UI: first run, a second session planned, the
// checklist and intention, the session started and ended, aftercare, mood, sleep and insight
// entries, the report shared as JSON and CSV, clinic settings, a backup saved and restored, and
// the therapist's review mode opening the shared file. The first records every request; the
// second types script-shaped text into every text field and then visits every screen.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { DIST, expectNoConsoleErrors, launchBrowser, phonePage, startApp } from "./harness.mjs";
import { button, expectHeading, fill, link, tapRating, tapTab, waitPressed, waitText } from "./journey-helpers.mjs";
import { MOOD_LEGEND, appReady, assert, captureDownload } from "./reliability-helpers.mjs";

const SLEEP_LEGEND = "How well did you sleep? 1 (very poorly) to 5 (very well), optional";
const PROMPTS = [
  "What stayed with you from the session?",
  "Did anything feel different, inside or around you?",
  "What might this mean for you?",
  "One small thing you could try this week",
];

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** `YYYY-MM-DD` of today plus `days`, on the page's clock and zone. */
function dateIn(page, days) {
  return page.evaluate((days) => {
    const d = new Date(Date.now() + days * 86_400_000);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  }, days);
}

/**
 * Walks the whole patient journey through the UI, typing `text.<field>` into each text field, and
 * returns the files it downloaded. `text.ownWords` is a list (one chip each).
 *
 * `checkpoint(where)` is called on each screen reached (for the XSS checks); `badNumbers`, when
 * given, is typed first into the clinic phone and the crisis line number, whose validation must
 * refuse it, before the real numbers are saved.
 */
async function walkTheJourney(page, app, text, { checkpoint = async () => {}, badNumbers = null } = {}) {
  const main = page.locator("main");
  const files = {};

  // First run: the next session tomorrow, at the clinic, with its name and phone.
  await expectHeading(page, "Welcome to Waypoint");
  await fill(page, "Date", await dateIn(page, 1));
  await fill(page, "Time", "09:00");
  await fill(page, "Clinic or therapist name (optional)", text.welcomeClinic);
  await fill(page, "Their phone number (optional)", "020 7946 0000");
  await button(page, "Save and start").tap();
  await expectHeading(page, "Today");
  await checkpoint("Today after the first run");

  // A second session planned a week later, with a place.
  await tapTab(page, "Prepare");
  await link(page, "All sessions").tap();
  await expectHeading(page, "Sessions");
  await link(page, "Plan a session").tap();
  await expectHeading(page, "Plan a session");
  await fill(page, "Date", await dateIn(page, 8));
  await fill(page, "Time", "10:00");
  await fill(page, "Place (optional)", text.place);
  await button(page, "Save session").tap();
  await expectHeading(page, "Sessions");
  await checkpoint("Sessions");

  // Tomorrow's checklist: one item ticked.
  await tapTab(page, "Prepare");
  const tick = main.getByRole("checkbox", { name: "Intention set with my therapist", exact: true });
  await tick.tap();
  await page.waitForFunction((el) => el.checked, await tick.elementHandle());

  // The session starts and ends: aftercare, with a self-care tick.
  await button(page, "My session is starting").tap();
  await button(page, "Yes, it is starting now").tap(); // planned for tomorrow: it asks first
  await tapTab(page, "Today");
  await button(page, "My session has ended").tap();
  await expectHeading(page, "Aftercare");
  const care = main.locator("section[aria-labelledby='selfcare-title'] input[type='checkbox']").first();
  await main.locator("section[aria-labelledby='selfcare-title'] label.check").first().tap();
  await page.waitForFunction((el) => el.checked, await care.elementHandle());
  await checkpoint("Aftercare");

  // The next session (the one planned above): an own checklist item and the intention.
  await tapTab(page, "Prepare");
  await waitText(main.locator(".lead").first(), text.place.slice(0, 20));
  await fill(page, "What to remember", text.ownItem);
  await button(page, "Add item").tap();
  await main.locator(".check-text", { hasText: text.ownItem.slice(0, 20) }).first().waitFor();
  await fill(page, "My intention", text.intention);
  await button(page, "Save intention").tap();
  await waitText(main.locator("[role='status']"), "Intention saved.");
  await checkpoint("Prepare");

  // The journal: a mood with own words and a note, a night's sleep, an insight with every prompt.
  await tapTab(page, "Journal");
  await link(page, "Mood").tap();
  await expectHeading(page, "How I feel");
  await tapRating(page, MOOD_LEGEND, 6);
  for (const word of text.ownWords) {
    await main.locator("#own-word").fill(word);
    await button(page, "Add word").tap();
    await waitPressed(button(page, word));
  }
  await fill(page, "Note (optional)", text.moodNote);
  await button(page, "Discuss with my therapist").tap();
  await button(page, "Save").tap();
  await expectHeading(page, "Journal");

  await link(page, "Sleep").tap();
  await expectHeading(page, "How I slept");
  await tapRating(page, SLEEP_LEGEND, 4);
  await fill(page, "Note: dreams, how rested (optional)", text.sleepNote);
  await button(page, "Save").tap();
  await expectHeading(page, "Journal");

  await link(page, "Insight").tap();
  await expectHeading(page, "An insight");
  await fill(page, "What do you want to remember?", text.insight);
  for (const [i, question] of PROMPTS.entries()) {
    await button(page, question).tap();
    await fill(page, question, text.answers[i]);
  }
  await button(page, "Connection").tap();
  await button(page, "Save").tap();
  await expectHeading(page, "Journal");
  await checkpoint("Journal");

  // Share: the report as JSON and as CSV.
  await tapTab(page, "Share");
  await waitText(main.locator("p[role='status']"), /^3 entries will be shared/);
  await checkpoint("Share preview");
  files.report = await captureDownload(page, () => button(page, "Share the report file").tap());
  files.csv = await captureDownload(page, () => button(page, "Share as a spreadsheet (CSV)").tap());

  // Settings: the clinic's wording and numbers.
  await page.goto(app.route("settings"));
  await expectHeading(page, "Settings");
  await fill(page, "Clinic or therapist name", text.clinicName);
  await fill(page, "Crisis line name", text.crisisName);
  const problem = main.locator("form .field-error[role='alert']");
  if (badNumbers) {
    await fill(page, "Clinic phone", badNumbers);
    await button(page, "Save clinic settings").tap();
    await waitText(problem, "The clinic phone can only hold digits, spaces, +, -, ( and ).");
    await fill(page, "Clinic phone", "020 7946 0000");
    await fill(page, "Crisis line number", badNumbers);
    await button(page, "Save clinic settings").tap();
    await waitText(problem, "The crisis line number can only hold digits, spaces, +, -, ( and ).");
    await fill(page, "Crisis line number", "116 123");
  }
  await page.locator("main").getByLabel("No food or drink before a session (hours)").fill("6");
  await button(page, "Save clinic settings").tap();
  await waitText(main.locator("form [role='status']"), "Saved.");
  assert.equal(await problem.count(), 0);
  await checkpoint("Settings");

  // A backup, saved and restored.
  files.backup = await captureDownload(page, () => button(page, "Save a backup without a passphrase").tap());
  await tapTab(page, "Share");
  await main.locator("#restore-file").setInputFiles(files.backup.path);
  await button(page, "Restore").tap();
  await waitText(main.locator(".banner[role='alert']"), /./);

  // Review mode: the therapist opens the shared file.
  await link(page, "Open a file from my patient").tap();
  await expectHeading(page, "Review a patient's journal");
  await main.locator("#review-file").setInputFiles({ name: files.report.name, mimeType: "application/json", buffer: files.report.bytes });
  await main.locator("article.report").waitFor();
  await checkpoint("Review");
  return files;
}

/** Closes the patient's file and leaves review mode for the patient's own screens. */
async function leaveReview(page) {
  const bar = page.locator("header.review-topbar");
  await bar.getByRole("button", { name: "Close file" }).tap();
  await page.locator("main article.report").waitFor({ state: "detached" });
  await bar.getByRole("link", { name: "Leave review" }).tap();
  await expectHeading(page, "Today");
}

/** Plain words for every field. */
const PLAIN = {
  welcomeClinic: "Harbour Clinic",
  place: "Harbour Clinic, room 2",
  ownItem: "Charge my headphones",
  intention: "Meet the tiredness with kindness.",
  ownWords: ["light"],
  moodNote: "Lighter than this morning.",
  sleepNote: "Dreamt of the sea.",
  insight: "I can rest without earning it.",
  answers: ["The music.", "The room felt bigger.", "Rest is allowed.", "Ten minutes outside."],
  clinicName: "Harbour Clinic",
  crisisName: "Samaritans",
};

// ---------------------------------------------------------------------------------------------
// 1. No request leaves the origin
// ---------------------------------------------------------------------------------------------

test("the whole journey, downloads, backup and review included, makes no request outside the app's origin", async () => {
  const app = await startApp();
  const phone = await phonePage(browser);
  const { page, context } = phone;
  page.setDefaultTimeout(5_000);
  // Every request any page or worker of the context makes, with who made it.
  const seen = [];
  context.on("request", (req) => seen.push({ url: req.url(), by: req.serviceWorker() ? "service worker" : req.resourceType() }));
  context.on("serviceworker", (worker) => seen.push({ url: worker.url(), by: "service worker script" }));
  try {
    await page.goto(app.url);
    await appReady(page);
    const files = await walkTheJourney(page, app, PLAIN);
    await leaveReview(page);
    await page.locator(".topbar").getByRole("button", { name: "Help now" }).tap();
    await page.getByRole("dialog", { name: "Help is one call away" }).waitFor();

    assert.ok(files.report.bytes.length > 0 && files.csv.bytes.length > 0 && files.backup.bytes.length > 0);
    for (const file of Object.values(files)) {
      assert.match(file.url, new RegExp(`^blob:${app.origin.replace(/[.]/g, "\\.")}/`), `${file.name} came from a same-origin blob:`);
    }

    const origin = (url) => (url.startsWith("blob:") ? new URL(url.slice(5)).origin : new URL(url).origin);
    const blobs = seen.filter((r) => r.url.startsWith("blob:"));
    const data = seen.filter((r) => r.url.startsWith("data:"));
    const foreign = seen.filter((r) => !r.url.startsWith("data:") && origin(r.url) !== app.origin);
    console.log(
      [
        `requests: ${seen.length}, all from ${app.origin}`,
        `  blob: requests ${blobs.length ? blobs.map((r) => `${r.url} (${r.by})`).join(", ") : "none"}; downloads ${Object.values(files).map((f) => `${f.name} <- ${f.url}`).join(", ")}`,
        `  data: ${data.length ? data.map((r) => `${r.url.slice(0, 40)}… (${r.by})`).join(", ") : "none"}`,
        `  service worker: ${seen.filter((r) => r.by.startsWith("service worker")).length}`,
      ].join("\n"),
    );
    assert.deepEqual(foreign, [], `requests left ${app.origin}`);
    assert.deepEqual(data, [], "no data: URL is fetched");
    assert.ok(seen.some((r) => r.url.endsWith("_bg.wasm")), "the recorder saw the app's own requests");
    expectNoConsoleErrors(phone);
  } finally {
    await phone.close();
    await app.close();
  }
});

// ---------------------------------------------------------------------------------------------
// 2. Nothing typed runs
// ---------------------------------------------------------------------------------------------

const P = Object.freeze([
  `<img src=x onerror="window.__xss=1">`,
  `<script>window.__xss=1</script>`,
  `"><svg onload="window.__xss=1">`,
  `javascript:window.__xss=1`,
]);
const ALL = P.join(" ");

/**
 * The payloads, into every field: all four where the field is long enough, otherwise as many as
 * fit its limit, spread so that every payload goes through every kind of field.
 */
const HOSTILE = {
  welcomeClinic: `${P[0]} ${P[1]}`, // 80 characters at most; also becomes the first session's place
  place: `${P[1]} ${P[2]} ${P[3]}`, // 120 at most
  ownItem: ALL,
  intention: ALL,
  ownWords: [...P], // 40 at most each: one chip per payload
  moodNote: ALL,
  sleepNote: ALL,
  insight: ALL,
  answers: [ALL, ALL, ALL, ALL],
  clinicName: `${P[2]} ${P[3]}`, // 80 at most
  crisisName: `${P[0]} ${P[2]}`, // 80 at most
};

/** The build with any Content-Security-Policy <meta> removed: only the app's own escaping protects. */
function distWithoutCsp() {
  const root = mkdtempSync(path.join(tmpdir(), "waypoint-nocsp-"));
  cpSync(DIST, root, { recursive: true });
  const index = path.join(root, "index.html");
  const html = readFileSync(index, "utf8");
  writeFileSync(index, html.replace(/<meta[^>]+http-equiv=["']?Content-Security-Policy["']?[^>]*>/gi, ""));
  return root;
}

test("script-shaped text typed into every field shows as text on every screen, in review and in print, and never runs", async () => {
  const root = distWithoutCsp();
  const app = await startApp({ root });
  const phone = await phonePage(browser);
  const { page, context } = phone;
  page.setDefaultTimeout(5_000);
  // window.__xss is watched from before the app starts: a payload that ran at any moment, even
  // on a screen since left or a page since reloaded, is reported here.
  const ran = [];
  await context.exposeBinding("__xssRan", ({ page }, value) => ran.push(`${page.url()} set __xss=${value}`));
  await context.addInitScript(() => {
    let value;
    Object.defineProperty(window, "__xss", {
      get: () => value,
      set: (v) => {
        value = v;
        window.__xssRan?.(String(v));
      },
    });
  });
  const dialogs = [];
  context.on("page", (p) => p.on("dialog", (d) => (dialogs.push(`${d.type()}: ${d.message()}`), d.dismiss())));
  page.on("dialog", (d) => (dialogs.push(`${d.type()}: ${d.message()}`), d.dismiss()));
  const fetchedX = () => phone.requests.filter((u) => new URL(u, app.url).pathname.endsWith("/x"));

  const checked = [];
  /** On the screen shown: nothing ran, nothing was injected, and the text shows as text. */
  async function inert(where, { literal = [] } = {}) {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const found = await page.evaluate(() => {
      const everything = [...document.querySelectorAll("*")];
      return {
        xss: window.__xss,
        injected: [...document.querySelectorAll("main img, main script, main iframe, main object, main embed, main svg[onload], main [srcdoc]")].map((el) => el.outerHTML.slice(0, 120)),
        handlers: everything.filter((el) => [...el.attributes].some((a) => a.name.startsWith("on"))).map((el) => el.outerHTML.slice(0, 120)),
        jsLinks: [...document.querySelectorAll("[href], [src], [action], [formaction]")]
          .map((el) => el.getAttribute("href") ?? el.getAttribute("src") ?? el.getAttribute("action") ?? el.getAttribute("formaction"))
          .filter((v) => /^\s*javascript:/i.test(v)),
        tel: [...document.querySelectorAll("a[href^='tel:']")].map((a) => a.getAttribute("href")),
        text: document.querySelector("main")?.innerText ?? "",
        sheet: document.querySelector(".sheet")?.innerText ?? "",
      };
    });
    assert.equal(found.xss, undefined, `${where}: window.__xss is set`);
    assert.deepEqual(ran, [], `${where}: a payload ran`);
    assert.deepEqual(dialogs, [], `${where}: a dialog opened`);
    assert.deepEqual(found.injected, [], `${where}: elements the app does not render appeared in <main>`);
    assert.deepEqual(found.handlers, [], `${where}: an inline on* handler attribute exists`);
    assert.deepEqual(found.jsLinks, [], `${where}: a javascript: link exists`);
    for (const href of found.tel) assert.match(href, /^tel:\+?\d+$/, `${where}: a tel: link holds only digits`);
    assert.deepEqual(fetchedX(), [], `${where}: <img src=x> was fetched`);
    for (const t of literal) assert.ok(found.text.includes(t) || found.sheet.includes(t), `${where}: ${JSON.stringify(t)} shows literally`);
    checked.push(where);
  }

  try {
    await page.goto(app.url);
    await appReady(page);
    const files = await walkTheJourney(page, app, HOSTILE, { checkpoint: (where) => inert(`${where} (while walking)`), badNumbers: P[3] });
    await leaveReview(page);

    // The files carry the text as text (JSON strings; CSV cells), not as markup.
    const report = JSON.parse(files.report.bytes.toString("utf8"));
    const mood = report.entries.find((e) => e.kind === "mood");
    assert.equal(mood.note, ALL, "the report file holds the note exactly");
    assert.deepEqual(mood.emotions, [...P]);
    assert.ok(files.csv.bytes.toString("utf8").includes(P[0].replaceAll('"', '""')), "the CSV holds the note as a quoted cell");

    // Every screen again, now that every field holds the payloads.
    const go = async (route, heading) => {
      await page.goto(app.route(route));
      await expectHeading(page, heading);
    };
    await go("", "Today");
    await inert("Today");
    await go("prepare", "Prepare");
    assert.equal(await page.locator("main #intention").inputValue(), ALL, "the intention is kept exactly");
    await inert("Prepare", { literal: [ALL, `${P[1]} ${P[2]} ${P[3]}`] });
    await go("aftercare", "Aftercare");
    await inert("Aftercare");
    await go("journal", "Journal");
    await inert("Journal", { literal: [ALL, P[0], P[1], P[2], P[3]] });
    const edits = await page.locator("main article.entry-card a", { hasText: "Edit" }).evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    assert.equal(edits.length, 3);
    for (const href of edits) {
      await page.goto(app.url + href);
      await page.locator("main#main h1", { hasText: /^Edit: / }).waitFor();
      const values = await page.locator("main textarea").evaluateAll((els) => els.map((el) => el.value));
      assert.ok(values.length > 0 && values.every((v) => v === ALL), `every text area of ${href} holds the payloads exactly: ${JSON.stringify(values)}`);
      await inert(`edit ${href}`);
    }
    await go("sessions", "Sessions");
    await inert("Sessions");
    const sessionLinks = await page.locator("main ul.stack a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    for (const href of sessionLinks) {
      await page.goto(app.url + href);
      await expectHeading(page, "Change session");
      const place = await page.locator("main #session-place").inputValue();
      assert.ok([HOSTILE.welcomeClinic, HOSTILE.place].includes(place), `the place is kept exactly: ${place}`);
      await inert(`session ${href}`);
    }
    await go("share", "Share");
    await inert("Share preview", { literal: [ALL, P[0]] });
    await page.emulateMedia({ media: "print" });
    await inert("Share preview, printed", { literal: [P[0]] });
    await page.emulateMedia({ media: null });
    await go("settings", "Settings");
    assert.equal(await page.locator("main #clinic-name").inputValue(), HOSTILE.clinicName);
    assert.equal(await page.locator("main #crisis-name").inputValue(), HOSTILE.crisisName);
    await inert("Settings");
    await page.locator(".topbar").getByRole("button", { name: "Help now" }).tap();
    await page.getByRole("dialog", { name: "Help is one call away" }).waitFor();
    await inert("Help sheet", { literal: [`Call ${HOSTILE.crisisName} (116 123)`, `Call ${HOSTILE.clinicName} (020 7946 0000)`] });
    await page.getByRole("dialog").getByRole("button", { name: "Close", exact: true }).tap();

    await go("review", "Review a patient's journal");
    await page.locator("main #review-file").setInputFiles({ name: files.report.name, mimeType: "application/json", buffer: files.report.bytes });
    await page.locator("main article.report").waitFor();
    await inert("Review", { literal: [ALL, P[0], P[3]] });
    await page.emulateMedia({ media: "print" });
    await inert("Review, printed", { literal: [P[0]] });
    await page.emulateMedia({ media: null });

    console.log(`script-shaped text: ${P.length} payloads through ${Object.keys(HOSTILE).length} kinds of field, checked on ${checked.length} screens: ${checked.join("; ")}`);
    expectNoConsoleErrors(phone);
  } finally {
    await phone.close();
    await app.close();
    rmSync(root, { recursive: true, force: true });
  }
});
