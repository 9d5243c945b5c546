// Helpers for the patient-journey and phone-layout suites: a controlled clock, taps on the
// app's controls by their visible names, and reads of what the app stored. Everything here goes
// through the UI the patient sees; localStorage is only read, never written.
//
// Time: every test installs Playwright's fake clock on its context before the first page load
// (harness `phonePage(browser, { now })`) and then pins it with `at(phone, when)`, which uses
// `clock.setFixedTime`: Date.now() returns exactly that instant while timers (Leptos' 20 s
// refresh, requestAnimationFrame) keep running, so a screen renders the same way every run.
// The app reads "now" once at start-up and then every 20 s, so `at()` reloads the page: the
// reload also proves that whatever the previous step saved is really in storage.
//
// Dates: the journey runs in November 2026, when Europe/London is on GMT (UTC+0), so an ISO
// instant ending in Z is also the wall-clock time the patient sees. Nothing crosses a summer-time
// change.

import assert from "node:assert/strict";
import { launchBrowser, phonePage } from "./harness.mjs";

export { assert };

/** The context options every journey page uses: a UK phone with a 24-hour clock. */
export const UK_PHONE = Object.freeze({ timezoneId: "Europe/London", locale: "en-GB" });

/** A UTC instant (`"2026-11-24T09:00"` → that minute in UTC, which is London time in November). */
export function utc(text) {
  return new Date(/[zZ]|[+-]\d\d:\d\d$/.test(text) ? text : `${text}:00Z`);
}

/** Adds hours to a Date. */
export function plusHours(date, hours) {
  return new Date(date.getTime() + hours * 3_600_000);
}

/** A phone page on a UK phone with the fake clock installed (and pinned) at `now`. */
export async function ukPhone(browser, now, extra = {}) {
  const phone = await phonePage(browser, { ...UK_PHONE, now, ...extra });
  await phone.page.clock.setFixedTime(now);
  return phone;
}

export { launchBrowser };

/** Waits until the app has rendered a screen (its `<h1>` inside `<main>`). */
export async function appReady(page) {
  await page.locator("main#main h1").first().waitFor({ state: "visible", timeout: 15_000 });
}

/** Pins the clock at `when` and reloads, so the app starts over at that instant from storage. */
export async function at(phone, when) {
  await phone.page.clock.setFixedTime(when);
  await reload(phone.page);
}

/** Reloads and waits for the app. */
export async function reload(page) {
  await page.reload();
  await appReady(page);
}

/** The `<h1>` of the screen shown. */
export function heading(page) {
  return page.locator("main#main h1").first();
}

/** Asserts the screen's heading (exact text). */
export async function expectHeading(page, text) {
  await heading(page).filter({ hasText: exactly(text) }).waitFor({ timeout: 5_000 });
}

/** A RegExp matching exactly `text` (whole string, trimmed). */
export function exactly(text) {
  return new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);
}

export function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A tab of the bottom tab bar. */
export function tab(page, name) {
  return page.locator(".tabbar").getByRole("link", { name, exact: true });
}

/** Taps a tab and waits for the screen's heading. */
export async function tapTab(page, name, expectedHeading = name) {
  await tab(page, name).tap();
  await expectHeading(page, expectedHeading);
}

/** A button inside <main> by its accessible name (exact). */
export function button(page, name) {
  return page.locator("main").getByRole("button", { name, exact: true });
}

/** A link inside <main> by its accessible name (exact). */
export function link(page, name) {
  return page.locator("main").getByRole("link", { name, exact: true });
}

/**
 * Picks a value on a rating scale (mood 0–10, sleep quality 1–5). The radios are visually
 * hidden and their label is the touch target, so the label is tapped; then the radio must be
 * checked.
 */
export async function tapRating(page, legend, value) {
  const group = page.locator("main").getByRole("group", { name: legend, exact: true });
  const radio = page.getByRole("radio", { name: String(value), exact: true });
  await group.locator("label.scale-option", { has: radio }).tap();
  await waitChecked(group.locator("label.scale-option").locator(radio), true);
}

/** Waits until a checkbox or radio is (un)checked. */
export async function waitChecked(locator, checked) {
  await locator.page().waitForFunction(
    ([el, want]) => el.checked === want,
    [await locator.elementHandle(), checked],
    { timeout: 5_000 },
  );
}

/** Waits until a toggle button reports `aria-pressed`. */
export async function waitPressed(locator, pressed = true) {
  await locator.and(locator.page().locator(`[aria-pressed="${pressed}"]`)).waitFor({ timeout: 5_000 });
}

/** Waits until `locator` matches exactly `count` elements. */
export async function waitCount(locator, count, timeout = 5_000) {
  try {
    if (count > 0) await locator.nth(count - 1).waitFor({ state: "attached", timeout });
    await locator.nth(count).waitFor({ state: "detached", timeout });
  } catch {
    assert.fail(`expected ${count} of ${locator}, found ${await locator.count()}`);
  }
}

/** Waits until `locator`'s text matches `pattern` (RegExp or substring), then returns the text. */
export async function waitText(locator, pattern, timeout = 5_000) {
  const re = pattern instanceof RegExp ? pattern : new RegExp(escapeRegExp(pattern));
  const target = locator.filter({ hasText: re }).first();
  try {
    await target.waitFor({ timeout });
  } catch {
    const texts = await locator.allInnerTexts().catch(() => []);
    assert.fail(`expected ${locator} to show ${re}; it shows:\n${texts.join("\n---\n") || "(nothing)"}`);
  }
  return target.innerText();
}

/** The text of <main>, whitespace collapsed. */
export async function mainText(page) {
  return (await page.locator("main").innerText()).replace(/\s+/g, " ").trim();
}

/** Fills a form field found by its label (exact). */
export async function fill(page, label, value) {
  const field = page.locator("main").getByLabel(label, { exact: true });
  await field.fill(value);
  return field;
}

/** Every localStorage key Waypoint owns (`waypoint.*`), sorted. */
export async function storedKeys(page) {
  return page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith("waypoint."))
      .sort(),
  );
}

/** The stored plan (the envelope's data), or null. */
export async function storedPlan(page) {
  const raw = await page.evaluate(() => localStorage.getItem("waypoint.plan"));
  return raw ? JSON.parse(raw).data : null;
}

/** Every stored entry (envelope data), oldest first by `written`. */
export async function storedEntries(page) {
  const raws = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith("waypoint.entry."))
      .map((k) => localStorage.getItem(k)),
  );
  return raws.map((r) => JSON.parse(r).data).sort((a, b) => String(a.written).localeCompare(String(b.written)));
}

/** Fills and submits the first-run Welcome form. */
export async function welcome(page, { date, time, clinic = "", phone = "", home = false }) {
  await expectHeading(page, "Welcome to Waypoint");
  await fill(page, "Date", date);
  await fill(page, "Time", time);
  if (home) await button(page, "At home, with support").tap();
  if (clinic) await fill(page, "Clinic or therapist name (optional)", clinic);
  if (phone) await fill(page, "Their phone number (optional)", phone);
  await button(page, "Save and start").tap();
  await expectHeading(page, "Today");
}

/**
 * On the journal, the entry card whose summary matches `summary` (exact text or RegExp), within
 * `scope` (the page, or a timeline group or segment locator).
 */
export function entryCard(scope, summary) {
  const page = typeof scope.page === "function" ? scope.page() : scope;
  const cards = scope === page ? page.locator("main article.entry-card") : scope.locator("article.entry-card");
  return cards.filter({
    has: page.locator(".entry-body", { hasText: summary instanceof RegExp ? summary : exactly(summary) }),
  });
}

/** On the journal, the timeline group whose heading starts with `title`. */
export function timelineGroup(page, title) {
  return page.locator("main section.timeline-group").filter({
    has: page.getByRole("heading", { level: 2, name: new RegExp(`^${escapeRegExp(title)}`) }),
  });
}

/** Within a timeline group, the segment headed `title`. */
export function segment(group, title) {
  return group.locator("div.segment").filter({
    has: group.page().getByRole("heading", { level: 3, name: title, exact: true }),
  });
}
