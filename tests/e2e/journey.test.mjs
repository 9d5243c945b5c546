// A patient's journey through Waypoint on a phone (360×740, touch), from the first run to
// deleting everything: planning sessions, the checklist, the fasting time, starting and ending a
// session, aftercare, journal entries across the 72 hours, the quick mood, editing and deleting,
// settings, the theme and the Help sheet.
//
// The tests run in order and share one phone (one browser context, so one localStorage): each
// picks up where the previous one left the patient. Every step that saves something is followed
// by a reload (usually by moving the clock, see journey-helpers.mjs) that proves it was stored.
// Each test fails if the page logged a console error or threw.
//
// The timeline (Europe/London is on GMT in November, so these are also the patient's clock times):
//   Sun 22 Nov 10:00  first run; the next session is Tue 24 Nov 09:00 at Harbour Clinic
//   Tue 24 Nov 04:30  the day of the session: "Stop eating and drinking at 05:00" (4 h default)
//   Tue 24 Nov 09:05  the session starts; 11:00 it ends → no driving until Wed 25 Nov 08:00
//   Tue 24 Nov 13:00  +2 h   mood (hour 3)
//   Wed 25 Nov 07:30  +20.5 h sleep, 23:00 to 07:00 (hour 21)
//   Wed 25 Nov 17:00  +30 h  insight (hour 31)
//   Thu 26 Nov 13:00  +50 h  quick mood on Today (hour 51); edits and deletes
//   Thu 26 Nov 14:00  a second session planned for Tue 1 Dec 09:00; fasting set to 6 h
//   Tue  1 Dec 01:30  the day of it: "Stop eating and drinking at 03:00"

import { after, before, describe, test } from "node:test";
import { expectNoConsoleErrors, startApp } from "./harness.mjs";
import {
  assert,
  at,
  button,
  entryCard,
  expectHeading,
  fill,
  launchBrowser,
  link,
  mainText,
  plusHours,
  reload,
  segment,
  storedEntries,
  storedKeys,
  storedPlan,
  tab,
  tapRating,
  tapTab,
  timelineGroup,
  ukPhone,
  utc,
  waitChecked,
  waitCount,
  waitPressed,
  waitText,
} from "./journey-helpers.mjs";

const FIRST_RUN = utc("2026-11-22T10:00");
const SESSION_DATE = "2026-11-24";
const STARTED = utc("2026-11-24T09:05");
const ENDED = utc("2026-11-24T11:00");
const CLINIC = "Harbour Clinic";
const CLINIC_PHONE = "020 7946 0000";
const MOOD_LEGEND = "Mood from 0 (very low) to 10 (very good)";
const SLEEP_LEGEND = "How well did you sleep? 1 (very poorly) to 5 (very well), optional";

/** Every default checklist item that applies to a clinic session with no route recorded yet. */
const DEFAULT_ITEMS_AT_CLINIC = 17;

describe("a patient's journey through Waypoint on a phone", () => {
  let app;
  let browser;
  let phone;
  let page;

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
    phone = await ukPhone(browser, FIRST_RUN);
    page = phone.page;
    page.setDefaultTimeout(5_000);
  });

  after(async () => {
    await phone?.close();
    await browser?.close();
    await app?.close();
  });

  /** Fails on console errors or uncaught exceptions since the last check, then starts afresh. */
  function expectCleanConsole() {
    try {
      expectNoConsoleErrors(phone);
    } finally {
      phone.consoleErrors.length = 0;
      phone.pageErrors.length = 0;
    }
  }

  const nextCard = () => page.locator("main section[aria-labelledby='next-title']");
  const checklist = () => page.locator("main section[aria-labelledby='checklist-title']");
  const checklistProgress = () => checklist().locator(".card-header .muted");
  const checkbox = (name) => page.locator("main").getByRole("checkbox", { name, exact: true });
  const toast = () => page.locator(".toast-region .toast");
  const hourNow = () => page.locator("main section[aria-labelledby='window-title'] .big-number");
  const sessionLinks = () => page.locator("main ul.stack > li.card a");
  const helpDialog = () => page.getByRole("dialog", { name: "Help is one call away" });
  async function openHelp() {
    await page.locator(".topbar").getByRole("button", { name: "Help now" }).tap();
    await helpDialog().waitFor({ state: "visible" });
  }

  test("on first run the patient enters the next session and clinic, and Today shows it with an empty checklist", async () => {
    await page.goto(app.url);
    await expectHeading(page, "Welcome to Waypoint");
    assert.deepEqual(await storedKeys(page), [], "nothing is stored before the patient saves");

    await fill(page, "Date", SESSION_DATE);
    await fill(page, "Time", "09:00");
    await waitPressed(button(page, "At the clinic"));
    await fill(page, "Clinic or therapist name (optional)", CLINIC);
    await fill(page, "Their phone number (optional)", CLINIC_PHONE);
    await button(page, "Save and start").tap();
    await expectHeading(page, "Today");

    for (const pass of ["after saving", "after a reload"]) {
      if (pass === "after a reload") await reload(page);
      await expectHeading(page, "Today");
      const card = nextCard();
      await waitText(card.locator("h2"), "Next session");
      assert.equal(await card.locator(".lead").innerText(), `Tue 24 Nov, 09:00 · ${CLINIC}`, pass);
      assert.equal(await card.locator(".countdown").innerText(), "in 1 day 23 h", pass);
      assert.equal(await card.locator(".progress-label").innerText(), `0 of ${DEFAULT_ITEMS_AT_CLINIC} ready`, pass);
      const bar = card.getByRole("progressbar", { name: "Preparation checklist" });
      assert.equal(await bar.getAttribute("aria-valuenow"), "0");
      assert.equal(await bar.getAttribute("aria-valuemax"), String(DEFAULT_ITEMS_AT_CLINIC));
      // Two days ahead: not yet the day, so no fasting line and no "starting" button.
      assert.equal(await card.locator(".banner").count(), 0, "no fasting line before the day");
      assert.equal(await button(page, "My session is starting").count(), 0);
    }

    const plan = await storedPlan(page);
    assert.equal(plan.course.sessions.length, 1);
    assert.equal(plan.course.sessions[0].place, CLINIC);
    assert.equal(plan.settings.protocol.clinic_name, CLINIC);
    assert.equal(plan.settings.protocol.clinic_phone, CLINIC_PHONE);
    expectCleanConsole();
  });

  test("Help now opens a dialog with call links for the crisis line and the clinic from every tab, and Close shuts it", async () => {
    const tabs = ["Today", "Prepare", "Aftercare", "Journal", "Share", "Settings"];
    const dialog = helpDialog();
    for (const name of tabs) {
      await tapTab(page, name);
      await openHelp();
      assert.equal(await dialog.getAttribute("aria-modal"), "true");

      const calls = await dialog.locator('a[href^="tel:"]').evaluateAll((links) =>
        links.map((a) => [a.textContent.trim(), a.getAttribute("href")]),
      );
      assert.deepEqual(
        calls,
        [
          ["Call Samaritans (116 123)", "tel:116123"],
          [`Call ${CLINIC} (${CLINIC_PHONE})`, "tel:02079460000"],
          ["Emergency services (999)", "tel:999"],
        ],
        `the Help sheet on ${name}`,
      );

      await dialog.getByRole("button", { name: "Close", exact: true }).tap();
      await dialog.waitFor({ state: "detached", timeout: 3_000 });
      await expectHeading(page, name); // still on the same screen
    }
    expectCleanConsole();
  });

  test("Help now moves focus into the sheet, Tab stays inside it, and Escape closes it and returns focus to Help now", async () => {
    const dialog = helpDialog();
    const helpNow = page.locator(".topbar").getByRole("button", { name: "Help now" });
    const focusInDialog = () => dialog.evaluate((el) => el.contains(document.activeElement));
    try {
      await tapTab(page, "Today");
      await openHelp();
      // Focus moves in as the sheet renders; wait for it rather than sample one instant.
      await page.waitForFunction(() => document.querySelector(".sheet")?.contains(document.activeElement), null, { timeout: 2_000 });
      assert.ok(await focusInDialog(), "focus is inside the dialog once it opens");
      for (let i = 0; i < 8; i++) {
        await page.keyboard.press("Tab");
        assert.ok(await focusInDialog(), `focus stays inside the aria-modal dialog after ${i + 1} Tab presses`);
      }
      await page.keyboard.press("Shift+Tab");
      assert.ok(await focusInDialog(), "and after Shift+Tab");
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "detached", timeout: 2_000 });
      assert.ok(await helpNow.evaluate((el) => el === document.activeElement), "focus returns to Help now");
    } finally {
      if (await dialog.count()) await dialog.getByRole("button", { name: "Close", exact: true }).tap();
      expectCleanConsole();
    }
  });

  test("a second session is planned from Prepare, listed, changed, and removed after asking once", async () => {
    await tapTab(page, "Prepare");
    await link(page, "All sessions").tap();
    await expectHeading(page, "Sessions");
    await waitCount(sessionLinks(), 1);
    assert.equal(await sessionLinks().first().innerText(), "Session 1: Tue 24 Nov, 09:00 (induction, planned)");

    // Plan it.
    await link(page, "Plan a session").tap();
    await expectHeading(page, "Plan a session");
    await fill(page, "Date", "2026-12-01");
    await fill(page, "Time", "10:00");
    await fill(page, "Place (optional)", "Harbour Clinic, room 2");
    await button(page, "Maintenance").tap();
    await waitPressed(button(page, "Maintenance"));
    await page.locator("main").getByLabel("How the medicine is given").selectOption({ label: "IV infusion" });
    await button(page, "Save session").tap();
    await expectHeading(page, "Sessions");
    await waitText(toast(), "Session saved.");
    const second = "Session 2: Tue 1 Dec, 10:00 (maintenance, planned)";
    await reload(page);
    await waitCount(sessionLinks(), 2);
    assert.deepEqual(await sessionLinks().allInnerTexts(), [
      "Session 1: Tue 24 Nov, 09:00 (induction, planned)",
      second,
    ]);

    // Change its time.
    await link(page, second).tap();
    await expectHeading(page, "Change session");
    assert.equal(await page.locator("main").getByLabel("Date", { exact: true }).inputValue(), "2026-12-01");
    assert.equal(await page.locator("main").getByLabel("Time", { exact: true }).inputValue(), "10:00");
    assert.equal(await page.locator("main").getByLabel("Place (optional)").inputValue(), "Harbour Clinic, room 2");
    assert.equal(await page.locator("main").getByLabel("How the medicine is given").inputValue(), "iv_infusion");
    await fill(page, "Time", "14:30");
    await button(page, "Save session").tap();
    await expectHeading(page, "Sessions");
    const changed = "Session 2: Tue 1 Dec, 14:30 (maintenance, planned)";
    await reload(page);
    await waitCount(sessionLinks(), 2);
    assert.equal(await sessionLinks().nth(1).innerText(), changed);

    // Remove it: the first tap only asks.
    await link(page, changed).tap();
    await expectHeading(page, "Change session");
    await button(page, "Remove this session").tap();
    await waitText(page.locator("main [role='alert']"), "Remove this session? Journal entries written around it are kept.");
    assert.equal((await storedPlan(page)).course.sessions.length, 2, "asking removes nothing");
    await button(page, "Yes, remove").tap();
    await expectHeading(page, "Sessions");
    await waitText(toast(), "Session removed. Journal entries are kept.");
    await reload(page);
    await waitCount(sessionLinks(), 1);
    assert.equal(await sessionLinks().first().innerText(), "Session 1: Tue 24 Nov, 09:00 (induction, planned)");
    assert.equal((await storedPlan(page)).course.sessions.length, 1);
    expectCleanConsole();
  });

  test("on Prepare the patient ticks items, hides one, adds their own, and the progress follows", async () => {
    await tapTab(page, "Prepare");
    await waitText(checklistProgress(), `0 of ${DEFAULT_ITEMS_AT_CLINIC} ready`);

    for (const [n, name] of ["Intention set with my therapist", "Ride home arranged: I will not drive afterwards"].entries()) {
      await checkbox(name).tap();
      await waitChecked(checkbox(name), true);
      await waitText(checklistProgress(), `${n + 1} of ${DEFAULT_ITEMS_AT_CLINIC} ready`);
    }

    await button(page, "Hide: A few slow breaths to settle").tap();
    await waitCount(checkbox("A few slow breaths to settle"), 0);
    await waitText(checklistProgress(), `2 of ${DEFAULT_ITEMS_AT_CLINIC - 1} ready`);
    await button(page, "Show hidden items").waitFor();

    await fill(page, "What to remember", "Charge my headphones");
    await page.locator("main").getByLabel("When", { exact: true }).selectOption({ label: "On the day" });
    await button(page, "Add item").tap();
    await checkbox("Charge my headphones").waitFor();
    await waitText(checklistProgress(), `2 of ${DEFAULT_ITEMS_AT_CLINIC} ready`);
    assert.equal(await page.locator("main").getByLabel("What to remember").inputValue(), "", "the field empties");

    await reload(page);
    await waitText(checklistProgress(), `2 of ${DEFAULT_ITEMS_AT_CLINIC} ready`);
    assert.equal(await checkbox("Intention set with my therapist").isChecked(), true);
    assert.equal(await checkbox("Ride home arranged: I will not drive afterwards").isChecked(), true);
    assert.equal(await checkbox("Medical check done: history, blood pressure, heart and current medicines").isChecked(), false);
    assert.equal(await checkbox("A few slow breaths to settle").count(), 0, "the hidden item stays hidden");
    const onTheDay = checklist()
      .locator("h3.group-title", { hasText: "On the day" })
      .locator("xpath=following-sibling::ul[1]");
    assert.ok(
      (await onTheDay.innerText()).includes("Charge my headphones"),
      "the own item is listed under On the day",
    );
    await button(page, "Remove: Charge my headphones").waitFor(); // own items are removed, not hidden

    await tapTab(page, "Today");
    await waitText(nextCard().locator(".progress-label"), `2 of ${DEFAULT_ITEMS_AT_CLINIC} ready`);
    expectCleanConsole();
  });

  test("on the day of the session Today shows when to stop eating and drinking, four hours before 09:00", async () => {
    await at(phone, utc(`${SESSION_DATE}T04:30`));
    await expectHeading(page, "Today");
    assert.equal(await nextCard().locator(".lead").innerText(), `today 09:00 · ${CLINIC}`);
    // The no-alcohol rule (24 h by default) began yesterday; fasting starts at 05:00.
    assert.deepEqual(await nextCard().locator(".banner p").allInnerTexts(), [
      "No alcohol or recreational drugs since 09:00 yesterday.",
      "Stop eating and drinking at 05:00.",
    ]);
    assert.equal(await nextCard().locator(".countdown").innerText(), "in 4 h 30 min");

    await tapTab(page, "Prepare");
    const fasting = checklist().locator("label.check", { hasText: "Stop eating and drinking" });
    assert.equal(await fasting.locator(".due-time").innerText(), "from 05:00");

    await at(phone, utc(`${SESSION_DATE}T06:30`));
    await tapTab(page, "Today");
    assert.equal(await nextCard().locator(".banner p").nth(1).innerText(), "No food or drink since 05:00.");
    expectCleanConsole();
  });

  test("the session is started and ended from Today, and Aftercare shows no driving until 08:00 the next morning, in force", async () => {
    await at(phone, STARTED);
    await tapTab(page, "Today");
    await button(page, "My session is starting").tap();
    await waitText(page.locator("main h2"), "Your session is under way");
    await reload(page);
    assert.equal(await page.locator("main .card .lead").first().innerText(), "Started at 09:05.");

    await at(phone, ENDED);
    await waitText(page.locator("main h2"), "Your session is under way");
    await button(page, "My session has ended").tap();
    await expectHeading(page, "Aftercare");
    assert.match(page.url(), /#\/aftercare$/);
    await waitText(toast(), "Session ended at 11:00. Aftercare counts from then; rest.");

    for (const pass of ["after ending", "after a reload"]) {
      if (pass === "after a reload") await reload(page);
      const rules = page.locator("main section[aria-labelledby='restrictions-title']");
      await waitText(rules.locator("p.muted").first(), "Your last session ended today 11:00.");
      const driving = rules.locator("li.rule", { hasText: "No driving, cycling or machinery" });
      assert.equal(await driving.locator(".rule-until").innerText(), "until tomorrow 08:00 · 21 h left", pass);
      assert.match(await driving.locator(".rule-until").innerText(), /08:00/);
      assert.equal(await driving.locator(".badge").innerText(), "In force", pass);
      const decisions = rules.locator("li.rule", { hasText: "No big decisions" });
      assert.equal(await decisions.locator(".rule-until").innerText(), "until tomorrow 11:00 · 1 day left", pass);
      assert.equal(await decisions.locator(".badge").innerText(), "In force", pass);
    }

    const session = (await storedPlan(page)).course.sessions[0];
    assert.equal(new Date(session.started).getTime(), STARTED.getTime(), "start time stored");
    assert.equal(new Date(session.ended).getTime(), ENDED.getTime(), "end time stored");

    // Today now counts the hours and keeps the rules in sight.
    await tapTab(page, "Today");
    assert.equal(await hourNow().innerText(), "Hour 1");
    const inForce = page.locator("main section[aria-labelledby='rules-title']");
    assert.equal(
      await inForce.locator("li.rule", { hasText: "No driving, cycling or machinery" }).locator(".rule-until").innerText(),
      "until tomorrow 08:00 (21 h left)",
    );
    expectCleanConsole();
  });

  test("Today's hour count moves on by itself while the app stays open, on its 20-second tick", async () => {
    // The clock is paused just before the end of hour 1, then run forward 30 s with the page
    // open: only the app's own 20 s refresh can move the count.
    await page.clock.pauseAt(plusHours(ENDED, 1).getTime() - 10_000);
    await reload(page);
    await tapTab(page, "Today");
    assert.equal(await hourNow().innerText(), "Hour 1");
    await page.clock.runFor(30_000);
    await waitText(hourNow(), /^Hour 2$/);
    await page.clock.setFixedTime(plusHours(ENDED, 1).getTime() + 20_000); // back to a pinned clock
    expectCleanConsole();
  });

  test("a mood at +2 h, a sleep entry the next morning and an insight at +30 h are saved, and Today counts the hour", async () => {
    // +2 h: a mood with a word and a note, to discuss.
    await at(phone, plusHours(ENDED, 2));
    await tapTab(page, "Today");
    assert.equal(await hourNow().innerText(), "Hour 3");
    await link(page, "How I feel").tap();
    await expectHeading(page, "How I feel");
    await tapRating(page, MOOD_LEGEND, 7);
    await button(page, "hopeful").tap();
    await waitPressed(button(page, "hopeful"));
    await fill(page, "Note (optional)", "Lighter than this morning.");
    await button(page, "Discuss with my therapist").tap();
    await waitPressed(button(page, "Discuss with my therapist"));
    await button(page, "Save").tap();
    await expectHeading(page, "Journal");
    await waitText(toast(), "Saved to your journal.");

    // The next morning, +20.5 h: last night's sleep.
    await at(phone, utc("2026-11-25T07:30"));
    await tapTab(page, "Journal");
    await entryCard(page, "Mood 7/10 · hopeful").waitFor(); // the mood survived the reload
    await tapTab(page, "Today");
    assert.equal(await hourNow().innerText(), "Hour 21");
    await link(page, "How I slept").tap();
    await expectHeading(page, "How I slept");
    await fill(page, "Went to bed", "23:00");
    await fill(page, "Woke up for the day", "07:00");
    await waitText(page.locator("main p.lead"), "That is 8 h of sleep, 8 h in bed.");
    await tapRating(page, SLEEP_LEGEND, 4);
    await button(page, "More about the night (optional)").tap(); // the diary's further questions
    await button(page, "One more").tap();
    await waitText(page.locator("main output"), "1");
    await button(page, "Save").tap();
    await expectHeading(page, "Journal");

    // +30 h: an insight with a guided answer and a habit, private.
    await at(phone, plusHours(ENDED, 30));
    await tapTab(page, "Journal");
    await entryCard(page, "Slept 8 h · quality 4/5").waitFor();
    await tapTab(page, "Today");
    assert.equal(await hourNow().innerText(), "Hour 31", "30 elapsed hours is hour 31");
    await link(page, "An insight").tap();
    await expectHeading(page, "An insight");
    await fill(page, "What do you want to remember?", "I can be kinder to myself.");
    await button(page, "What might this mean for you?").tap();
    await fill(page, "What might this mean for you?", "Rest is not laziness.");
    await button(page, "Movement").tap();
    await waitPressed(button(page, "Movement"));
    await button(page, "Private: never shared").tap();
    await waitPressed(button(page, "Private: never shared"));
    await button(page, "Save").tap();
    await expectHeading(page, "Journal");

    await reload(page);
    const entries = await storedEntries(page);
    assert.deepEqual(
      entries.map((e) => [e.kind, e.private, e.discuss]),
      [
        ["mood", false, true],
        ["sleep", false, false],
        ["insight", true, false],
      ],
      "three entries: the mood to discuss, the sleep, the private insight",
    );
    expectCleanConsole();
  });

  test("the Journal groups the entries under After session 1, by segment, with their flags and the check-ins", async () => {
    await tapTab(page, "Journal");
    const group = timelineGroup(page, "After session 1");
    await group.waitFor();
    assert.equal(await group.locator("h2").innerText(), "After session 1 (yesterday 11:00)");

    const first = segment(group, "First 24 hours");
    const second = segment(group, "24 to 48 hours");
    const mood = entryCard(page, "Mood 7/10 · hopeful");
    const sleep = entryCard(page, "Slept 8 h · quality 4/5");
    const insight = entryCard(page, "Insight · I can be kinder to myself.");
    assert.equal(await entryCard(first, "Mood 7/10 · hopeful").count(), 1, "the +2 h mood is in the first 24 hours");
    assert.equal(await entryCard(first, "Slept 8 h · quality 4/5").count(), 1, "the +20.5 h sleep is in the first 24 hours");
    assert.equal(await entryCard(second, "Insight · I can be kinder to myself.").count(), 1, "the +30 h insight is in 24 to 48 hours");
    assert.equal(await group.locator("article.entry-card").count(), 3);

    assert.equal(await mood.locator(".flag-discuss").innerText(), "To discuss");
    assert.equal(await mood.locator(".flag-private").count(), 0);
    assert.equal(await oneLine(mood.locator(".entry-meta")), "MOOD · Tue 24 Nov, 13:00 To discuss");
    assert.equal(await mood.locator(".entry-body.muted").innerText(), "Lighter than this morning.");
    assert.equal(await insight.locator(".flag-private").innerText(), "Private");
    assert.equal(await insight.locator(".flag-discuss").count(), 0);
    assert.equal(
      await insight.locator(".entry-body.muted").innerText(),
      "What might this mean for you? Rest is not laziness.\nHabits: Movement",
    );
    assert.equal(await oneLine(sleep.locator(".entry-meta")), "SLEEP · Wed 25 Nov, 07:30");
    assert.equal(await oneLine(insight.locator(".entry-meta")), "INSIGHT · Wed 25 Nov, 17:00 Private");
    assert.equal(await sleep.locator(".entry-body.muted").innerText(), "Woke once");
    assert.equal(await sleep.locator(".flag-discuss, .flag-private").count(), 0);

    assert.deepEqual(await group.getByRole("list", { name: "Check-ins" }).locator("li").allInnerTexts(), [
      "Debrief: how the session was (about 6 h): written",
      "Day 1 check-in (about 24 h): written",
      "Day 2 check-in (about 48 h): coming",
      "Day 3 check-in (about 72 h): coming",
    ]);

    await tapTab(page, "Today");
    assert.match(await mainText(page), /Check-ins written: 2 of 4\./);
    assert.match(await mainText(page), /Day 2 check-in \(about 48 h\): coming, invited around tomorrow 11:00\./);
    expectCleanConsole();
  });

  test("the quick mood on Today saves an entry in two taps", async () => {
    await at(phone, plusHours(ENDED, 50));
    await tapTab(page, "Journal");
    const checkIns = timelineGroup(page, "After session 1").getByRole("list", { name: "Check-ins" });
    await waitText(checkIns.locator("li").nth(2), "Day 2 check-in (about 48 h): open now");

    await tapTab(page, "Today");
    assert.equal(await hourNow().innerText(), "Hour 51");
    const save = button(page, "Save mood");
    assert.equal(await save.isDisabled(), true, "nothing to save before a rating is chosen");
    await tapRating(page, MOOD_LEGEND, 6); // tap 1
    await save.tap(); // tap 2
    await waitText(toast(), "Mood 6/10 saved.");
    assert.equal(await save.isDisabled(), true, "the scale clears after saving");

    await reload(page);
    assert.equal((await storedEntries(page)).length, 4);
    await tapTab(page, "Journal");
    const lastDay = segment(timelineGroup(page, "After session 1"), "48 to 72 hours");
    assert.equal(await entryCard(lastDay, "Mood 6/10").count(), 1, "the +50 h mood is in 48 to 72 hours");
    await waitText(checkIns.locator("li").nth(2), "Day 2 check-in (about 48 h): written");
    expectCleanConsole();
  });

  test("an entry's rating is edited, and a deleted entry asks once, comes back with Undo, and stays gone when deleted again", async () => {
    await tapTab(page, "Journal");

    // Edit the +2 h mood from 7 to 5; its words, note and flag stay.
    await entryCard(page, "Mood 7/10 · hopeful").getByRole("link", { name: "Edit" }).tap();
    await expectHeading(page, "Edit: how i feel");
    assert.equal(await page.getByRole("radio", { name: "7", exact: true }).isChecked(), true);
    await waitPressed(button(page, "hopeful"));
    await waitPressed(button(page, "Discuss with my therapist"));
    await tapRating(page, MOOD_LEGEND, 5);
    await button(page, "Save").tap();
    await expectHeading(page, "Journal");
    await reload(page);
    await entryCard(page, "Mood 5/10 · hopeful").waitFor();
    assert.equal(await entryCard(page, "Mood 7/10 · hopeful").count(), 0);
    const edited = (await storedEntries(page)).find((e) => e.kind === "mood" && e.emotions.includes("hopeful"));
    assert.equal(edited.rating, 5);
    assert.equal(edited.discuss, true);
    assert.equal(new Date(edited.written).getTime(), plusHours(ENDED, 2).getTime(), "editing keeps when it was written");

    // Delete the quick mood: the first tap only asks.
    const quick = entryCard(page, "Mood 6/10");
    const quickId = (await storedEntries(page)).find((e) => e.kind === "mood" && e.rating === 6).id;
    await quick.getByRole("button", { name: "Delete entry from Thu 26 Nov, 13:00" }).tap();
    await waitText(quick.getByRole("alert"), "Delete this entry?");
    assert.ok((await storedKeys(page)).includes(`waypoint.entry.${quickId}`), "asking deletes nothing");
    await quick.getByRole("button", { name: "Delete", exact: true }).tap();
    await waitCount(entryCard(page, "Mood 6/10"), 0);
    await waitText(toast(), "Entry deleted.");
    assert.ok(!(await storedKeys(page)).includes(`waypoint.entry.${quickId}`));

    // Undo puts it back.
    await toast().getByRole("button", { name: "Undo" }).tap();
    await entryCard(page, "Mood 6/10").waitFor();
    await waitText(toast(), "Entry restored.");
    assert.ok((await storedKeys(page)).includes(`waypoint.entry.${quickId}`));

    // Delete again, then reload: it stays gone.
    // Straight away, with "Entry restored." still showing over the end of the page.
    await entryCard(page, "Mood 6/10").getByRole("button", { name: "Delete entry from Thu 26 Nov, 13:00" }).tap();
    await entryCard(page, "Mood 6/10").getByRole("button", { name: "Delete", exact: true }).tap();
    await waitCount(entryCard(page, "Mood 6/10"), 0);
    await reload(page);
    await entryCard(page, "Mood 5/10 · hopeful").waitFor();
    assert.equal(await entryCard(page, "Mood 6/10").count(), 0);
    assert.equal((await storedEntries(page)).length, 3);
    assert.ok(!(await storedKeys(page)).includes(`waypoint.entry.${quickId}`));
    expectCleanConsole();
  });

  // Guards a fix: the toast used to cover the last ~44 px of the page for its 8 seconds.
  test("while a toast shows, the last entry's Edit and Delete can still be scrolled clear of it and tapped", async () => {
    await tapTab(page, "Journal");
    const last = page.locator("main article.entry-card").last();
    // Any toast will do: saving an edit unchanged shows "Saved to your journal." on the Journal.
    await last.getByRole("link", { name: "Edit" }).tap();
    await button(page, "Save").tap();
    await expectHeading(page, "Journal");
    await toast().waitFor();
    try {
      const covered = await page.evaluate(() => {
        window.scrollTo(0, document.documentElement.scrollHeight);
        const card = [...document.querySelectorAll("main article.entry-card")].pop();
        return [...card.querySelectorAll(".entry-actions a, .entry-actions button")].flatMap((el) => {
          const r = el.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return el.contains(hit) ? [] : [`${el.textContent.trim()} is under ${hit?.closest("[class]")?.className}`];
        });
      });
      assert.deepEqual(covered, [], "at the bottom of the Journal every button of the last entry is tappable");
      // And a real tap reaches it (Playwright refuses to tap an element something else covers).
      await last.getByRole("button", { name: /^Delete entry from/ }).tap();
      await last.getByRole("button", { name: "Keep", exact: true }).tap();
    } finally {
      if (await toast().count()) await toast().getByRole("button", { name: "Dismiss message" }).tap();
      expectCleanConsole();
    }
  });

  test("six fasting hours set in Settings move the fasting time on Prepare and Today", async () => {
    await at(phone, plusHours(ENDED, 51));
    // Plan the next session: Prepare offers it when none is coming.
    await tapTab(page, "Prepare");
    await link(page, "Plan a session").tap();
    await expectHeading(page, "Plan a session");
    await fill(page, "Date", "2026-12-01");
    await fill(page, "Time", "09:00");
    await button(page, "Save session").tap();
    await expectHeading(page, "Sessions");

    await tapTab(page, "Prepare");
    const fastingTime = () =>
      checklist().locator("label.check", { hasText: "Stop eating and drinking" }).locator(".due-time");
    assert.equal(await fastingTime().innerText(), "from 05:00", "4 hours before 09:00 by default");

    await tapTab(page, "Settings");
    const hours = page.locator("main").getByLabel("No food or drink before a session (hours)");
    assert.equal(await hours.inputValue(), "4");
    await hours.fill("6");
    await button(page, "Save clinic settings").tap();
    await waitText(page.locator("main form [role='status']"), "Saved.");
    await reload(page);
    assert.equal(await page.locator("main").getByLabel("No food or drink before a session (hours)").inputValue(), "6");
    assert.equal((await storedPlan(page)).settings.protocol.fasting_hours, 6);

    await tapTab(page, "Prepare");
    await waitText(fastingTime(), "from 03:00");

    await at(phone, utc("2026-12-01T01:30"));
    await tapTab(page, "Today");
    assert.equal(await nextCard().locator(".banner p").last().innerText(), "Stop eating and drinking at 03:00.");
    expectCleanConsole();
  });

  test("the Dark and Light themes set data-theme on the page and are kept", async () => {
    await tapTab(page, "Settings");
    const theme = page.locator("main").getByRole("group", { name: "Theme" });
    const dataTheme = () => page.evaluate(() => document.documentElement.getAttribute("data-theme"));

    await theme.getByRole("button", { name: "Dark" }).tap();
    await page.locator("html[data-theme='dark']").waitFor({ state: "attached" });
    await reload(page);
    assert.equal(await dataTheme(), "dark");
    await waitPressed(theme.getByRole("button", { name: "Dark" }));
    // The dark palette really applies (the page background is dark).
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.ok(luminance(background) < 0.2, `dark background, got ${background}`);

    await theme.getByRole("button", { name: "Light" }).tap();
    await page.locator("html[data-theme='light']").waitFor({ state: "attached" });
    await reload(page);
    assert.equal(await dataTheme(), "light");
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.ok(luminance(light) > 0.6, `light background, got ${light}`);

    await theme.getByRole("button", { name: "Like my phone" }).tap();
    await page.waitForFunction(() => !document.documentElement.hasAttribute("data-theme"));
    expectCleanConsole();
  });

  test("Delete all my data asks first, then leaves the phone as on first run with no Waypoint keys", async () => {
    await tapTab(page, "Settings");
    const keysBefore = await storedKeys(page);
    assert.ok(keysBefore.includes("waypoint.plan") && keysBefore.length >= 4, `data to delete: ${keysBefore}`);

    await button(page, "Delete all my data").tap();
    await waitText(page.locator("main [role='alert']"), "Delete your plan, settings and every journal entry from this phone?");
    assert.deepEqual(await storedKeys(page), keysBefore, "asking deletes nothing");
    await button(page, "Keep my data").tap();
    await button(page, "Delete all my data").waitFor();
    assert.deepEqual(await storedKeys(page), keysBefore);

    await button(page, "Delete all my data").tap();
    await button(page, "Yes, delete everything").tap();
    await waitText(toast(), "Everything was deleted from this phone.");
    assert.deepEqual(await storedKeys(page), []);

    await reload(page);
    await tab(page, "Today").tap();
    await expectHeading(page, "Welcome to Waypoint");
    assert.deepEqual(await storedKeys(page), [], "no waypoint.* key after a reload either");
    const help = page.getByRole("dialog", { name: "Help is one call away" });
    await page.locator(".topbar").getByRole("button", { name: "Help now" }).tap();
    await help.waitFor();
    assert.equal(await help.locator(`a[href="tel:02079460000"]`).count(), 0, "the clinic's number is gone");
    await help.getByRole("button", { name: "Close", exact: true }).tap();
    expectCleanConsole();
  });
});

/** A locator's text on one line (flex rows render as separate lines in innerText). */
async function oneLine(locator) {
  return (await locator.innerText()).replace(/\s+/g, " ").trim();
}

/** Relative luminance (0 black … 1 white) of a CSS `rgb(r, g, b)` colour. */
function luminance(css) {
  const [r, g, b] = css.match(/[\d.]+/g).slice(0, 3).map(Number).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
