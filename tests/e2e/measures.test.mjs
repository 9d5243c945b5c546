// Measurement-based care at phone size: the PHQ-9 by touch with item 9 answered above 0 (the
// crisis screen comes before the total), the GAD-7 by keyboard alone, the scores on Today, the
// chart across three sessions, the sleep diary's optional questions, the FHIR file (downloaded
// and validated against FHIR R4 by scripts/fhir-validate.py, fhir.resources 6.4 in .venv-fhir),
// and review mode showing the scores and the item-9 flag. axe on every new screen, light and dark.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";
import { axeViolations, expectNoConsoleErrors, REPO_ROOT, startApp } from "./harness.mjs";
import { downloadFrom, tempFolder } from "./export-helpers.mjs";
import {
  appReady,
  assert,
  button,
  expectHeading,
  fill,
  launchBrowser,
  link,
  mainText,
  storedEntries,
  storedPlan,
  ukPhone,
  utc,
  waitText,
  welcome,
} from "./journey-helpers.mjs";

const PYTHON = process.env.WAYPOINT_FHIR_PYTHON || path.join(REPO_ROOT, ".venv-fhir/bin/python");
const VALIDATOR = path.join(REPO_ROOT, "scripts/fhir-validate.py");

let app, browser, folder;
before(async () => {
  app = await startApp();
  browser = await launchBrowser();
  folder = tempFolder("waypoint-fhir-");
});
after(async () => {
  await browser?.close();
  await app?.close();
  folder?.clean();
});

/** axe must find nothing on the page in either theme. */
async function axeClean(page, what) {
  for (const theme of ["light", "dark"]) {
    await page.evaluate((t) => document.documentElement.setAttribute("data-theme", t), theme);
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `${what} (${theme}): ${JSON.stringify(violations, null, 2)}`);
  }
  await page.evaluate(() => document.documentElement.removeAttribute("data-theme"));
}

/** A phone opened with `contextOptions` axe needs, at `now`. */
function phoneAt(now) {
  return ukPhone(browser, now, { contextOptions: { bypassCSP: true } });
}

const questionTitle = (page) => page.locator("main #step-title");

/** Taps an answer (the label is the touch target) and Next. */
async function tapAnswer(page, answer) {
  const choice = page.locator("main label.choice", { hasText: new RegExp(`^${answer}$`) });
  await choice.tap();
  await page.waitForFunction((a) => [...document.querySelectorAll("main label.choice")].some((l) => l.textContent.trim() === a && l.querySelector("input").checked), answer);
}

/** Waits until the step's question has focus and shows `text`. */
async function focusedOn(page, text) {
  await page.waitForFunction(
    (t) => document.activeElement?.id === "step-title" && document.activeElement.textContent.includes(t),
    text,
    { timeout: 5_000 },
  );
}

test("a patient takes the PHQ-9 by touch and the GAD-7 by keyboard; item 9 above 0 shows the crisis line and clinic before the total", async () => {
  const phone = await phoneAt(utc("2026-11-20T10:00"));
  const { page } = phone;
  await page.goto(app.route("today"));
  await welcome(page, { date: "2026-11-22", time: "09:30", clinic: "Harbour Clinic", phone: "020 7946 0000" });

  // Invited before session 1, never insisted on.
  const card = page.locator("main section[aria-labelledby='questionnaires-title']");
  await waitText(card, "Before session 1: two short questionnaires");
  await axeClean(page, "Today with the invitation");
  await card.getByRole("link", { name: "PHQ-9: mood (depression) (9 questions)" }).tap();
  await expectHeading(page, "PHQ-9: mood (depression)");
  await waitText(page.locator("main"), "Over the last 2 weeks, how often have you been bothered by any of the following problems?");
  await waitText(questionTitle(page), "Little interest or pleasure in doing things");
  await waitText(page.locator("main"), "No permission required to reproduce, translate, display or distribute.");
  await axeClean(page, "a PHQ-9 question");

  // Next without an answer says what to do and stays.
  await button(page, "Next").tap();
  await waitText(page.locator("main [role=alert]"), "Choose the answer closest to how it has been, to go on.");
  await waitText(questionTitle(page), "Little interest or pleasure");

  for (let i = 0; i < 8; i++) {
    await tapAnswer(page, "Several days");
    await button(page, "Next").tap();
  }
  await waitText(questionTitle(page), "Thoughts that you would be better off dead or of hurting yourself in some way");
  await tapAnswer(page, "Several days");
  await button(page, "Next").tap();

  // At once, before the total: the calm screen with one tap each to the crisis line and clinic.
  await waitText(questionTitle(page), "Thank you for answering that honestly");
  const text = await mainText(page);
  assert.ok(!text.includes("Your score"), "no total before the crisis screen");
  assert.match(text, /Nobody monitors Waypoint/);
  const crisis = page.locator("main .safety a.btn-primary");
  assert.match(await crisis.getAttribute("href"), /^tel:/);
  assert.match(await crisis.innerText(), /^Call /);
  assert.equal(await link(page, "Call Harbour Clinic (020 7946 0000)").getAttribute("href"), "tel:02079460000");
  await axeClean(page, "the item-9 screen");
  // It never blocks finishing.
  await button(page, "Continue").tap();
  await waitText(questionTitle(page), "If you checked off any problems");
  await button(page, "See my score").tap();
  await waitText(questionTitle(page), "Your score");
  await waitText(page.locator("main"), "In the mild range of the PHQ-9.");
  await waitText(page.locator("main"), "This is a screening score, not a diagnosis.");
  await axeClean(page, "the PHQ-9 result");
  const stored = (await storedEntries(page)).filter((e) => e.kind === "questionnaire");
  assert.deepEqual(
    stored.map((e) => [e.instrument, e.items, "difficulty" in e]),
    [["phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1], false]],
    "the unanswered difficulty is stored as not given",
  );

  // The GAD-7, keyboard only: Tab into the answers, Space and arrows to choose, Tab to Next.
  await link(page, "Take the GAD-7 too (7 questions)").tap();
  await expectHeading(page, "GAD-7: worry (anxiety)");
  await page.locator("main #step-title").focus();
  const plan = [0, 1, 2, 0, 1, 0, 3]; // arrow presses after Space: the answer's score
  for (let i = 0; i < plan.length; i++) {
    await page.keyboard.press("Tab"); // into the radio group: its first answer
    await page.keyboard.press("Space");
    for (let k = 0; k < plan[i]; k++) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Tab"); // Back
    await page.keyboard.press("Tab"); // Next
    assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), "Next");
    await page.keyboard.press("Enter");
    await focusedOn(page, i + 1 < plan.length ? ["Not being able", "Worrying too much", "Trouble relaxing", "Being so restless", "Becoming easily annoyed", "Feeling afraid"][i] : "If you checked off any problems");
  }
  // The optional last question, answered by keyboard too; then to the score.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  for (let n = 0; n < 8; n++) {
    await page.keyboard.press("Tab");
    if ((await page.evaluate(() => document.activeElement.textContent.trim())) === "See my score") break;
  }
  await page.keyboard.press("Enter");
  await focusedOn(page, "Your score");
  await waitText(page.locator("main .big-number"), "7");
  await waitText(page.locator("main"), "In the mild range of the GAD-7.");
  const gad = (await storedEntries(page)).find((e) => e.instrument === "gad7");
  assert.deepEqual([gad.items, gad.difficulty], [plan, 0]);

  // Today: the invitation is answered, the latest scores are there.
  await link(page, "Back to Today").tap();
  await expectHeading(page, "Today");
  await waitText(page.locator("main"), "PHQ-9: 9 of 27 (mild).");
  await waitText(page.locator("main"), "GAD-7: 7 of 21 (mild).");
  assert.equal(await card.count(), 0, "no invitation once both are taken");
  expectNoConsoleErrors(phone);
  await phone.close();
});

test("Not now dismisses an invitation for good, with Undo", async () => {
  const phone = await phoneAt(utc("2026-11-20T10:00"));
  const { page } = phone;
  await page.goto(app.route("today"));
  await welcome(page, { date: "2026-11-22", time: "09:30" });
  const card = page.locator("main section[aria-labelledby='questionnaires-title']");
  await card.getByRole("button", { name: "Not now" }).tap();
  await card.waitFor({ state: "detached" });
  assert.deepEqual((await storedPlan(page)).questionnaires_skipped, ["before-" + (await storedPlan(page)).course.sessions[0].id]);
  await page.locator(".toast").getByRole("button", { name: "Undo" }).tap();
  await card.waitFor();
  assert.equal((await storedPlan(page)).questionnaires_skipped, undefined, "nothing skipped is written");
  expectNoConsoleErrors(phone);
  await phone.close();
});

/** A journal of three ended sessions with a PHQ-9 and a GAD-7 after each, item 9 above 0 after the second. */
function threeSessions() {
  const session = (n, day) => ({
    id: `s-${n}`,
    planned: `2026-11-${day}T09:00:00+00:00`,
    setting: "clinic",
    place: "",
    route: "lozenge",
    phase: "induction",
    intention: `intention ${n}`,
    started: `2026-11-${day}T09:00:00+00:00`,
    ended: `2026-11-${day}T11:00:00+00:00`,
    checklist: { ticked: [], hidden: [], own: [] },
    self_care: [],
  });
  const plan = {
    course: { sessions: [session(1, "02"), session(2, "09"), session(3, "16")] },
    settings: {
      protocol: {
        clinic_name: "Harbour Clinic",
        clinic_phone: "020 7946 0000",
        crisis_line: { name: "Samaritans", number: "116 123" },
        emergency_number: "999",
        fasting_hours: 4,
        substances_hours: 24,
        no_driving_hours: 12,
        no_driving_until_morning: true,
        morning_hour: 8,
        no_decisions_hours: 24,
      },
      theme: "system",
      clock: "h24",
      crisis: "GB",
      report_name: "J.D.",
    },
    welcomed: true,
  };
  const q = (id, day, instrument, items) => ({
    id,
    written: `2026-11-${day}T20:00:00+00:00`,
    edited: `2026-11-${day}T20:00:00+00:00`,
    private: false,
    discuss: false,
    kind: "questionnaire",
    instrument,
    items,
  });
  const entries = [
    q("e-p1", "04", "phq9", [3, 2, 2, 2, 2, 1, 1, 1, 0]),
    q("e-g1", "04", "gad7", [2, 2, 2, 2, 1, 1, 1]),
    q("e-p2", "11", "phq9", [2, 1, 1, 1, 1, 1, 1, 0, 1]),
    q("e-g2", "11", "gad7", [1, 1, 1, 1, 1, 1, 1]),
    q("e-p3", "18", "phq9", [1, 1, 0, 1, 0, 0, 1, 0, 0]),
    q("e-g3", "18", "gad7", [1, 0, 1, 0, 0, 1, 0]),
    {
      id: "e-s3",
      written: "2026-11-17T07:30:00+00:00",
      edited: "2026-11-17T07:30:00+00:00",
      private: false,
      discuss: false,
      kind: "sleep",
      bedtime: "2026-11-16T23:00:00+00:00",
      wake: "2026-11-17T07:00:00+00:00",
      quality: 4,
      awakenings: 1,
      note: "",
    },
  ];
  const pairs = { "waypoint.plan": JSON.stringify({ schema_version: 1, data: plan }) };
  for (const e of entries) pairs[`waypoint.entry.${e.id}`] = JSON.stringify({ schema_version: 1, data: e });
  return pairs;
}

async function seeded(now) {
  const phone = await phoneAt(now);
  await phone.context.addInitScript((pairs) => {
    if (sessionStorage.getItem("test.seeded")) return;
    sessionStorage.setItem("test.seeded", "1");
    for (const [k, v] of Object.entries(pairs)) localStorage.setItem(k, v);
  }, threeSessions());
  return phone;
}

test("the chart shows three sessions' scores, with a table as its text alternative", async () => {
  const phone = await seeded(utc("2026-11-20T10:00"));
  const { page } = phone;
  await page.goto(app.route("today"));
  await appReady(page);
  await waitText(page.locator("main"), "PHQ-9: 4 of 27 (minimal), 5 lower than last time (9).");
  await link(page, "Scores across the course").tap();
  await expectHeading(page, "Scores across the course");
  const charts = page.locator("main figure.chart");
  assert.equal(await charts.count(), 2);
  const phqLine = await charts.nth(0).locator("path.chart-line").getAttribute("d");
  assert.equal(phqLine.split(/[ML]/).filter(Boolean).length, 3, "three sessions' PHQ-9 totals");
  const label = await charts.nth(0).locator("[role=img]").getAttribute("aria-label");
  assert.match(label, /14 on .* \(after session 1\), 9 on .* \(after session 2\), 4 on .* \(after session 3\)/);
  const ringed = await charts.nth(0).locator("path.chart-flagged").getAttribute("d");
  assert.equal(ringed.split("M").filter(Boolean).length, 1, "item 9 above 0 is ringed");
  // The axis labels are text at the page's size, never scaled down with the plot.
  const smallest = await charts.nth(0).locator(".chart-label").evaluateAll((els) => Math.min(...els.map((e) => parseFloat(getComputedStyle(e).fontSize))));
  assert.ok(smallest >= 11, `axis labels at least 11 px, smallest ${smallest}`);
  const rows = page.locator("main table.data").nth(0).locator("tbody tr");
  assert.equal(await rows.count(), 3);
  assert.match(await rows.nth(1).innerText(), /after session 2\s+9 of 27\s+mild\s+Several days/);
  assert.equal(await page.locator("main table.data").nth(1).locator("tbody tr").count(), 3);
  await axeClean(page, "the scores chart");
  expectNoConsoleErrors(phone);
  await phone.close();
});

test("the FHIR file downloads and validates against FHIR R4; review mode shows the scores and the item-9 flag first", async () => {
  const phone = await seeded(utc("2026-11-20T10:00"));
  const { page } = phone;
  await page.goto(app.route("share"));
  await expectHeading(page, "Share");
  for (const n of [1, 2]) {
    const box = page.locator("main").getByRole("checkbox", { name: new RegExp(`^Session ${n} `) });
    await box.check();
  }
  await waitText(page.locator("main [role=status]"), "7 entries will be shared: 0 mood, 1 sleep, 0 insight, 6 questionnaire");
  // The preview the patient sees is the report: item 9 first, then the scores.
  const flag = page.locator("main .flag-item9");
  await waitText(flag, "PHQ-9 item 9 answered above 0");
  await waitText(flag, "after session 2: \u201cseveral days\u201d (PHQ-9 total 9)");

  const fhir = await downloadFrom(page, folder, () => button(page, "Share for a clinic's records (FHIR)").tap(), 15_000);
  assert.match(fhir.name, /^waypoint-fhir-2026-11-20-\d{4}\.json$/);
  const run = spawnSync(PYTHON, [VALIDATOR, fhir.file], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  const bundle = JSON.parse(fhir.text);
  assert.equal(bundle.type, "collection");
  const kinds = bundle.entry.map((e) => e.resource.resourceType);
  assert.deepEqual(
    [kinds.filter((k) => k === "Patient").length, kinds.filter((k) => k === "QuestionnaireResponse").length, kinds.filter((k) => k === "Observation").length],
    [1, 6, 7],
  );
  assert.deepEqual(bundle.entry[0].resource.name, [{ text: "J.D." }]);
  const totals = bundle.entry.filter((e) => e.resource.code?.coding?.[0]?.code === "44261-6");
  assert.deepEqual(totals.map((t) => t.resource.valueInteger), [14, 9, 4]);
  for (const t of totals) {
    const from = t.resource.derivedFrom[0].reference;
    assert.equal(bundle.entry.find((e) => e.fullUrl === from).resource.questionnaire, "http://loinc.org/q/44249-1");
    assert.match(t.resource.effectiveDateTime, /^2026-11-\d\dT20:00:00\+00:00$/);
  }
  const sleep = bundle.entry.find((e) => e.resource.code?.coding?.[0]?.code === "93832-4");
  assert.deepEqual(sleep.resource.valueQuantity, { value: 480, unit: "min", system: "http://unitsofmeasure.org", code: "min" });

  // The therapist opens the report file in review mode.
  const report = await downloadFrom(page, folder, () => button(page, "Share the report file").tap());
  await page.goto(app.route("review"));
  await expectHeading(page, "Review a patient's journal");
  await page.locator("#review-file").setInputFiles(report.file);
  const shown = page.locator("main article.report");
  await waitText(shown.locator(".flag-item9"), "after session 2");
  // Right under whose file it is and what it covers, before anything else of the report.
  const first = await shown.locator("> *").nth(1).getAttribute("class");
  assert.match(first, /flag-item9/, "the item-9 flag opens the report");
  assert.equal(await shown.locator(".report-scores figure.chart").count(), 2, "PHQ-9 and GAD-7 charts in review");
  await waitText(shown.locator(".report-scores"), "Latest 4 of 27 (minimal)");
  await axeClean(page, "review with scores");
  expectNoConsoleErrors(phone);
  await phone.close();
});

test("the sleep diary: quick entry stores only the times, the optional questions derive efficiency, bad minutes are refused", async () => {
  const phone = await phoneAt(utc("2026-11-20T10:00"));
  const { page } = phone;
  await page.goto(app.route("today"));
  await welcome(page, { date: "2026-11-22", time: "09:30" });
  await page.goto(app.route("journal/new/sleep"));
  await expectHeading(page, "How I slept");
  await waitText(page.locator("main"), "That is 8 h of sleep, 8 h in bed.");
  await button(page, "Save").tap();
  await expectHeading(page, "Journal");
  const quick = (await storedEntries(page)).find((e) => e.kind === "sleep");
  assert.deepEqual(Object.keys(quick).sort(), ["bedtime", "discuss", "edited", "id", "kind", "note", "private", "wake", "written"]);

  await page.goto(app.route("journal/new/sleep"));
  await expectHeading(page, "How I slept");
  await button(page, "More about the night (optional)").tap();
  await fill(page, "Minutes it took to fall asleep", "twenty");
  await button(page, "Save").tap();
  await waitText(page.locator("main [role=alert]"), "Type minutes as a whole number, like 20, or leave it empty.");
  assert.equal((await storedEntries(page)).filter((e) => e.kind === "sleep").length, 1, "nothing saved");
  await fill(page, "Minutes it took to fall asleep", "20");
  await button(page, "One fewer").tap(); // not given -> 0: slept through
  await waitText(page.locator("main"), "a sleep efficiency of 96%.");
  await axeClean(page, "the sleep diary");
  await button(page, "Save").tap();
  await expectHeading(page, "Journal");
  const full = (await storedEntries(page)).filter((e) => e.kind === "sleep").find((e) => e.id !== quick.id);
  assert.deepEqual([full.minutes_to_fall_asleep, full.awakenings, "minutes_awake" in full, "quality" in full], [20, 0, false, false]);
  await waitText(page.locator("main"), "Slept through · 20 min to fall asleep · sleep efficiency 96%");
  expectNoConsoleErrors(phone);
  await phone.close();
});
