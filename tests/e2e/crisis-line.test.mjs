// The crisis line fits where the patient is (issue 15): the country comes from the phone's time
// zone first and its language's region second; the first run shows the line it chose with
// "Change"; the Help sheet offers that country's line and emergency number, never one number
// twice; Settings picks another country or keeps typed numbers; Aftercare's self-harm sign has
// its own call; a journal from before asks once which numbers to keep; and wherever entries are
// written, the patient is told nobody monitors the app.

import { after, before, describe, test } from "node:test";
import { axeViolations, expectNoConsoleErrors, phonePage, startApp } from "./harness.mjs";
import {
  assert,
  button,
  expectHeading,
  fill,
  launchBrowser,
  storedPlan,
  tapTab,
  utc,
  waitText,
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

const NOW = utc("2026-11-22T10:00");
const crisisCard = (page) => page.locator("main section[aria-labelledby='crisis-title']");

/** The digits (and a leading + or *) of every tel: link in the open Help sheet, in order. */
async function helpNumbers(page) {
  await page.locator(".topbar").getByRole("button", { name: "Help now" }).tap();
  const sheet = page.getByRole("dialog");
  await sheet.waitFor();
  // The country's lines replace the stored one once the table is here.
  await sheet.locator("a[href^='tel:']").first().waitFor();
  const hrefs = await sheet.locator("a[href^='tel:']").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  await sheet.getByRole("button", { name: "Close", exact: true }).tap();
  return { hrefs };
}

// Eight and more phones: where they are, what they speak, and what Help must offer.
const PHONES = [
  { locale: "en-US", zone: "Europe/London", country: "United Kingdom", crisis: "tel:116123", emergency: "tel:999" },
  { locale: "en-US", zone: "Asia/Kolkata", country: "India", crisis: "tel:14416", emergency: "tel:112" },
  { locale: "de-DE", zone: "Europe/Berlin", country: "Germany", crisis: "tel:08001110111", emergency: "tel:112" },
  { locale: "fr-FR", zone: "Europe/Paris", country: "France", crisis: "tel:3114", emergency: "tel:112" },
  { locale: "es-ES", zone: "Europe/Madrid", country: "Spain", crisis: "tel:024", emergency: "tel:112" },
  { locale: "en-US", zone: "America/New_York", country: "United States", crisis: "tel:988", emergency: "tel:911" },
  { locale: "en-GB", zone: "Australia/Sydney", country: "Australia", crisis: "tel:131114", emergency: "tel:000" },
  { locale: "en-GB", zone: "Europe/Copenhagen", country: "Denmark", crisis: "tel:70201201", emergency: "tel:112" },
  { locale: "ja-JP", zone: "Asia/Tokyo", country: "Japan", crisis: "tel:0120279338", emergency: "tel:119" },
  { locale: "en-AU", zone: "Etc/UTC", country: "Australia", crisis: "tel:131114", emergency: "tel:000" },
];

describe("a first run offers the crisis line of the country the phone is in", () => {
  for (const p of PHONES) {
    test(`${p.locale} in ${p.zone}: ${p.country}`, async () => {
      const phone = await phonePage(browser, { locale: p.locale, timezoneId: p.zone, now: NOW });
      const { page } = phone;
      try {
        await page.goto(app.url);
        await expectHeading(page, "Welcome to Waypoint");
        await waitText(crisisCard(page), `For ${p.country}:`);
        const { hrefs } = await helpNumbers(page);
        assert.equal(hrefs[0], p.crisis, `the first call is the crisis line: ${hrefs}`);
        assert.equal(hrefs.at(-1), p.emergency, `the last is emergency services: ${hrefs}`);
        assert.equal(new Set(hrefs).size, hrefs.length, `no number twice: ${hrefs}`);

        // Going on keeps what was shown.
        await button(page, "Skip for now").tap();
        await expectHeading(page, "Today");
        const protocol = (await storedPlan(page)).settings.protocol;
        assert.equal(`tel:${protocol.crisis_line.number.replace(/[^0-9+*]/g, "")}`, p.crisis);
        assert.equal(`tel:${protocol.emergency_number}`, p.emergency);
        expectNoConsoleErrors(phone);
      } finally {
        await phone.close();
      }
    });
  }
});

test("a country with no confirmed crisis line says so, and offers emergency services once", async () => {
  const phone = await phonePage(browser, { locale: "tr-TR", timezoneId: "Europe/Istanbul", now: NOW, colorScheme: "dark", contextOptions: { bypassCSP: true } });
  const { page } = phone;
  try {
    await page.goto(app.url);
    await waitText(crisisCard(page), "No national crisis line is confirmed for Türkiye.");
    await page.locator(".topbar").getByRole("button", { name: "Help now" }).tap();
    const sheet = page.getByRole("dialog");
    await waitText(sheet, "No national crisis line is confirmed for Türkiye. In danger, call emergency services.");
    const hrefs = await sheet.locator("a[href^='tel:']").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    assert.deepEqual(hrefs, ["tel:112"]);
    assert.deepEqual(await axeViolations(page), [], "the Help sheet without a crisis line passes axe, dark");
    expectNoConsoleErrors(phone);
  } finally {
    await phone.close();
  }
});

test("Change on the first run picks another country, and the choice is what Help calls from then on", async () => {
  const phone = await phonePage(browser, { locale: "en-US", timezoneId: "Europe/London", now: NOW, contextOptions: { bypassCSP: true } });
  const { page } = phone;
  try {
    await page.goto(app.url);
    await waitText(crisisCard(page), "For United Kingdom:");
    await crisisCard(page).getByRole("button", { name: "Change", exact: true }).tap();
    await crisisCard(page).getByLabel("Country", { exact: true }).selectOption({ label: "Ireland" });
    await waitText(crisisCard(page), "For Ireland:");
    assert.deepEqual(await axeViolations(page), [], "the welcome with its country picker passes axe");
    await fill(page, "Date", "2026-11-24");
    await fill(page, "Time", "09:00");
    await button(page, "Save and start").tap();
    await expectHeading(page, "Today");
    const plan = await storedPlan(page);
    assert.equal(plan.settings.crisis, "IE");
    assert.deepEqual(
      [plan.settings.protocol.crisis_line.number, plan.settings.protocol.emergency_number],
      ["116 123", "112"],
    );
    await page.reload();
    await expectHeading(page, "Today");
    const { hrefs } = await helpNumbers(page);
    assert.deepEqual([hrefs[0], hrefs.at(-1)], ["tel:116123", "tel:112"]);

    // Aftercare: the self-harm sign has its own call beside emergency services.
    await tapTab(page, "Aftercare");
    const emergencySection = page.locator("main section[aria-labelledby='emergency-title']");
    await emergencySection.getByRole("link", { name: "Thoughts of harming yourself? Call Samaritans (116 123)" }).waitFor();
    await emergencySection.getByRole("link", { name: "Call 112" }).waitFor();

    // Settings: another country fills its numbers; typed numbers become the patient's own.
    await tapTab(page, "Settings");
    const country = page.locator("main").getByLabel("My country", { exact: true });
    assert.equal(await country.inputValue(), "IE");
    await country.selectOption({ label: "France" });
    assert.equal(await page.locator("main").getByLabel("Crisis line number", { exact: true }).inputValue(), "3114");
    await button(page, "Save clinic settings").tap();
    await waitText(page.locator("main form [role='status']"), "Saved.");
    assert.equal((await storedPlan(page)).settings.crisis, "FR");
    await fill(page, "Crisis line name", "My sister");
    await fill(page, "Crisis line number", "07700 900123");
    await button(page, "Save clinic settings").tap();
    await waitText(page.locator("main form [role='status']"), "Saved.");
    const own = (await storedPlan(page)).settings;
    assert.deepEqual([own.crisis, own.protocol.crisis_line.name, own.protocol.emergency_number], ["own", "My sister", "112"]);
    expectNoConsoleErrors(phone);
  } finally {
    await phone.close();
  }
});

test("a journal from before the change is asked once which numbers Help should call", async () => {
  const phone = await phonePage(browser, { locale: "en-US", timezoneId: "Europe/London", now: NOW });
  const { page } = phone;
  try {
    // A plan an older Waypoint saved on this phone: US lines from the language alone.
    await page.goto(app.url);
    await expectHeading(page, "Welcome to Waypoint");
    await page.evaluate(() => {
      const plan = {
        course: { sessions: [] },
        settings: {
          protocol: {
            clinic_name: "",
            clinic_phone: "",
            crisis_line: { name: "988 Suicide & Crisis Lifeline", number: "988" },
            emergency_number: "911",
            fasting_hours: 4,
            substances_hours: 24,
            no_driving_hours: 12,
            no_driving_until_morning: true,
            morning_hour: 8,
            no_decisions_hours: 24,
          },
          theme: "system",
          clock: "locale",
        },
        welcomed: true,
      };
      localStorage.setItem("waypoint.plan", JSON.stringify({ schema_version: 1, data: plan }));
    });
    await page.reload();
    await expectHeading(page, "Today");
    const check = page.locator("main section[aria-labelledby='crisis-check-title']");
    await waitText(check, "Help now calls 988 Suicide & Crisis Lifeline (988) and emergency services (911).");
    await waitText(check, "For United Kingdom:");
    await check.getByRole("button", { name: "Use these numbers", exact: true }).tap();
    await check.waitFor({ state: "detached" });
    const plan = await storedPlan(page);
    assert.deepEqual(
      [plan.settings.crisis, plan.settings.protocol.crisis_line.number, plan.settings.protocol.emergency_number],
      ["GB", "116 123", "999"],
    );
    await page.reload();
    await expectHeading(page, "Today");
    assert.equal(await page.locator("main section[aria-labelledby='crisis-check-title']").count(), 0, "asked once");

    // Where entries are written: nobody monitors this, and the crisis line is one tap away.
    const note = page.locator("main .not-monitored");
    await waitText(note, "Waypoint is not monitored");
    assert.equal(await note.getByRole("link").getAttribute("href"), "tel:116123");
    await page.goto(app.route("journal/new/insight"));
    await waitText(page.locator("main .not-monitored"), "If you are in danger, call Samaritans on 116 123 now.");
    expectNoConsoleErrors(phone);
  } finally {
    await phone.close();
  }
});
