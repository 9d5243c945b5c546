// The session day, walked the way a patient would on a phone, each step on a clock the test
// controls (issue 15): a stray early tap starts nothing, a start or an end can be taken back,
// a session never marked as ended still has its aftercare, Waypoint asks whether it ended and
// offers a likely time, no check-in is invited in the night, the evening before says what
// starts then, and Settings says plainly when the clinic's times are shorter than usual.
//
// Dates: November 2026 in Europe/London, on GMT, so an instant ending in Z is the wall clock.

import { after, before, test } from "node:test";
import { axeViolations, expectNoConsoleErrors, startApp } from "./harness.mjs";
import {
  assert,
  at,
  button,
  expectHeading,
  fill,
  launchBrowser,
  mainText,
  storedPlan,
  tapTab,
  ukPhone,
  utc,
  waitText,
  welcome,
} from "./journey-helpers.mjs";

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

const toast = (page) => page.locator(".toast-region .toast");
const session = async (page) => (await storedPlan(page)).course.sessions[0];

/** A fresh UK phone at `now` whose first-run answer plans a session at `date` `time`. axe is
 * injected as a script, so these pages bypass the CSP (which has its own test). */
async function planned(now, date, time) {
  const phone = await ukPhone(browser, now, { contextOptions: { bypassCSP: true } });
  await phone.page.goto(app.url);
  await welcome(phone.page, { date, time, clinic: "Harbour Clinic", phone: "020 7946 0000" });
  return phone;
}

test("a stray tap on Prepare two days early starts nothing until the patient says yes, and the start can be undone", async () => {
  const phone = await planned(utc("2026-11-22T10:00"), "2026-11-24", "09:00");
  const { page } = phone;
  try {
    await tapTab(page, "Prepare");
    await button(page, "My session is starting").tap();
    const question = page.locator("main [role='alert']", { hasText: "Is it starting now?" });
    await waitText(question, "planned for Tue 24 Nov, 09:00 (in 1 day 23 h)");
    assert.deepEqual(await axeViolations(page), [], "the question passes axe");
    assert.equal((await session(page)).started, null, "asking starts nothing");
    await button(page, "Not yet").tap();
    await button(page, "My session is starting").waitFor();
    assert.equal((await session(page)).started, null, "'Not yet' starts nothing");

    await button(page, "My session is starting").tap();
    await button(page, "Yes, it is starting now").tap();
    await waitText(toast(page), "Session started at 10:00. No driving and no big decisions from now.");
    assert.equal((await session(page)).started, "2026-11-22T10:00:00+00:00");
    await button(page, "My session has ended").waitFor();

    // Undo from the toast of the screen that started it.
    await toast(page).getByRole("button", { name: "Undo", exact: true }).tap();
    await waitText(toast(page), "Undone: the session is planned, not started.");
    assert.equal((await session(page)).started, null);
    await button(page, "My session is starting").waitFor();
    expectNoConsoleErrors(phone);
  } finally {
    await phone.close();
  }
});

test("near its planned time a session starts in one tap from Today, and Today undoes the start", async () => {
  const phone = await planned(utc("2026-11-24T07:00"), "2026-11-24", "09:00");
  const { page } = phone;
  try {
    await at(phone, utc("2026-11-24T08:50"));
    await button(page, "My session is starting").tap();
    await waitText(page.locator("main .card .lead").first(), "Started at 08:50.");
    assert.equal((await session(page)).started, "2026-11-24T08:50:00+00:00");
    // The rules are in force from the start, before anyone taps "ended".
    const rules = page.locator("main section[aria-labelledby='rules-title']");
    await waitText(rules, "No driving, cycling or machinery");
    await waitText(rules, "In force since your session started.");

    await at(phone, utc("2026-11-24T09:10")); // later, the toast long gone
    await button(page, "Not started yet? Undo the start").tap();
    await waitText(toast(page), "The session is planned again, not started.");
    await page.locator("main #next-title").waitFor();
    assert.equal((await session(page)).started, null);
    await page.reload();
    await page.locator("main #next-title").waitFor(); // still planned after a reload
    expectNoConsoleErrors(phone);
  } finally {
    await phone.close();
  }
});

test("a session never marked as ended has its driving rule in force by the evening, and Today asks whether it ended", async () => {
  const phone = await planned(utc("2026-11-24T08:00"), "2026-11-24", "09:00");
  const { page } = phone;
  try {
    await at(phone, utc("2026-11-24T09:05"));
    await button(page, "My session is starting").tap();
    await waitText(page.locator("main .card .lead").first(), "Started at 09:05.");

    // Sedated, driven home, phone in a bag: nothing tapped until the evening.
    await at(phone, utc("2026-11-24T19:00"));
    const question = page.locator("main section[aria-labelledby='ended-question']");
    await waitText(question, "It started at 09:05. Sessions like yours usually take about 3 hours, so it may have ended around 12:05.");
    const rules = page.locator("main section[aria-labelledby='rules-title']");
    await waitText(rules, /No driving, cycling or machinery\s*until tomorrow 08:00/);
    assert.deepEqual(await axeViolations(page), [], "Today asking passes axe");

    await tapTab(page, "Aftercare");
    const safety = page.locator("main section[aria-labelledby='restrictions-title']");
    await waitText(safety, "has not been marked as ended. These rules are in force from its start, counted from about 12:05");
    assert.equal(await safety.locator(".badge", { hasText: "In force" }).count(), 2);

    // Accepting the likely end records it, not the moment of tapping.
    await button(page, "Yes, it ended around 12:05").tap();
    await expectHeading(page, "Aftercare");
    await waitText(toast(page), "Session ended at 12:05. Aftercare counts from then; rest.");
    assert.equal((await session(page)).ended, "2026-11-24T12:05:00+00:00");
    await waitText(safety, "Your last session ended today 12:05.");
    assert.equal(await page.locator("main section[aria-labelledby='ended-question']").count(), 0);
    // An hour and more later, the tap cannot be undone from here, only corrected.
    assert.equal(await button(page, "Not ended yet? Undo").count(), 0);
    expectNoConsoleErrors(phone);
  } finally {
    await phone.close();
  }
});

test("an end tapped by mistake is undone from Aftercare, and a wrong end is corrected later with a date and a time", async () => {
  const phone = await planned(utc("2026-11-24T08:00"), "2026-11-24", "09:00");
  const { page } = phone;
  try {
    await at(phone, utc("2026-11-24T09:00"));
    await button(page, "My session is starting").tap();
    await button(page, "My session has ended").tap(); // too soon: a mistaken tap
    await expectHeading(page, "Aftercare");
    await at(phone, utc("2026-11-24T09:20"));
    await button(page, "Not ended yet? Undo").tap();
    await waitText(toast(page), "The session is under way again.");
    assert.equal((await session(page)).ended, null);

    // The next morning it is asked about; the patient remembers it ended at 11:40.
    await at(phone, utc("2026-11-25T08:30"));
    await button(page, "It ended at another time").tap();
    await fill(page, "End date", "2026-11-24");
    await fill(page, "End time", "08:30");
    await button(page, "Save the end time").tap();
    await waitText(page.locator("main [role='alert']"), "A session cannot end before it started.");
    assert.deepEqual(await axeViolations(page), [], "the end form and its message pass axe");
    await fill(page, "End time", "11:40");
    await button(page, "Save the end time").tap();
    await expectHeading(page, "Aftercare");
    assert.equal((await session(page)).ended, "2026-11-24T11:40:00+00:00");

    // Corrected in the session's form with a date and a time; clearing both undoes it.
    const { id } = await session(page);
    await page.goto(app.route(`session/${id}`));
    await expectHeading(page, "Change session");
    await fill(page, "End date", "2026-11-24");
    await fill(page, "End time", "11:10");
    await button(page, "Save session").tap();
    await expectHeading(page, "Sessions");
    assert.equal((await session(page)).ended, "2026-11-24T11:10:00+00:00");
    await page.goto(app.route(`session/${id}`));
    await expectHeading(page, "Change session");
    await fill(page, "Start date", "");
    await fill(page, "Start time", "");
    await button(page, "Save session").tap();
    await waitText(page.locator("main [role='alert']"), "A session needs a start time before it can end.");
    await fill(page, "End date", "");
    await fill(page, "End time", "");
    await button(page, "Save session").tap();
    await expectHeading(page, "Sessions");
    const cleared = await session(page);
    assert.deepEqual([cleared.started, cleared.ended], [null, null], "clearing both fields clears the start");
    expectNoConsoleErrors(phone);
  } finally {
    await phone.close();
  }
});

test("an evening session's next check-in is invited the next morning, not in the night", async () => {
  const phone = await planned(utc("2026-11-24T16:00"), "2026-11-24", "17:00");
  const { page } = phone;
  try {
    await at(phone, utc("2026-11-24T17:00"));
    await button(page, "My session is starting").tap();
    await at(phone, utc("2026-11-24T19:50"));
    await button(page, "My session has ended").tap();
    await expectHeading(page, "Aftercare");
    await at(phone, utc("2026-11-24T23:30"));
    await tapTab(page, "Today");
    await page.locator("main .big-number", { hasText: "Hour 4" }).waitFor();
    assert.match(
      await mainText(page),
      /Debrief: how the session was \(about 6 h\): coming, invited around tomorrow 07:00\./,
    );
    expectNoConsoleErrors(phone);
  } finally {
    await phone.close();
  }
});

test("the evening before a session, Today says what starts then", async () => {
  const phone = await planned(utc("2026-11-22T10:00"), "2026-11-25", "09:00");
  const { page } = phone;
  try {
    await tapTab(page, "Settings");
    await fill(page, "No food or drink before a session (hours)", "12");
    await button(page, "Save clinic settings").tap();
    await waitText(page.locator("main form [role='status']"), "Saved.");

    const card = page.locator("main section[aria-labelledby='next-title']");
    const banner = card.locator(".banner");
    await at(phone, utc("2026-11-23T20:00")); // two evenings before: nothing starts yet
    await tapTab(page, "Today");
    await waitText(card.locator(".countdown"), "in 1 day 13 h");
    assert.equal(await banner.count(), 0);
    await at(phone, utc("2026-11-24T19:00"));
    await waitText(banner, "No alcohol");
    assert.deepEqual(await banner.locator("p").allInnerTexts(), [
      "No alcohol or recreational drugs since 09:00.",
      "Stop eating and drinking at 21:00.",
    ]);
    await at(phone, utc("2026-11-25T06:00"));
    await waitText(banner, "No food or drink since");
    assert.deepEqual(await banner.locator("p").allInnerTexts(), [
      "No alcohol or recreational drugs since 09:00 yesterday.",
      "No food or drink since 21:00 yesterday.",
    ]);
    expectNoConsoleErrors(phone);
  } finally {
    await phone.close();
  }
});

test("Settings says plainly when the no-driving time is shorter than usual and saves it only once confirmed", async () => {
  const phone = await ukPhone(browser, utc("2026-11-22T10:00"), { contextOptions: { bypassCSP: true } });
  const { page } = phone;
  try {
    await page.goto(app.route("settings"));
    await expectHeading(page, "Settings");
    const warning = page.locator("main #shorter-than-usual");
    assert.equal(await warning.count(), 0, "the defaults are the usual advice");
    await fill(page, "No driving after a session ends (hours)", "6");
    await waitText(warning, "No driving for 6 hours is shorter than the usual advice of at least 12 hours.");
    await button(page, "Save clinic settings").tap();
    await waitText(page.locator("main form [role='alert']"), "shorter than the usual advice");
    assert.equal((await storedPlan(page))?.settings?.protocol?.no_driving_hours ?? 12, 12, "not saved");

    await page.locator("main").getByLabel("And not before the next morning", { exact: true }).uncheck();
    await waitText(warning, "Driving again before the next morning is earlier than the usual advice");
    assert.deepEqual(await axeViolations(page), [], "the warning passes axe");
    await page.locator("main").getByLabel("My clinic gave me these times", { exact: true }).check();
    await button(page, "Save clinic settings").tap();
    await waitText(page.locator("main form [role='status']"), "Saved.");
    const protocol = (await storedPlan(page)).settings.protocol;
    assert.deepEqual([protocol.no_driving_hours, protocol.no_driving_until_morning], [6, false]);
    expectNoConsoleErrors(phone);
  } finally {
    await phone.close();
  }
});
