// Phone-size layout of every screen: no horizontal scrolling at 320 px or at 200% zoom, touch
// targets of at least 44×44 CSS px, and screenshots of each screen in light and dark
// (tests/e2e/artifacts/phone-<screen>-<light|dark>.png, gitignored).
//
// `before` walks a patient through the app once (first run, a session started and ended,
// entries, a second session planned), and at each screen or state worth seeing it measures the
// page at three widths and takes the screenshots. The tests then judge what was measured, so each
// check reads as one sentence and a failure lists every screen and element at fault.
//
// Widths:
//  - 360×740: the phone the app is designed for (targets measured, screenshots taken);
//  - 320×740: the narrowest phones still in use (targets measured again, overflow checked);
//  - 180×370 at deviceScaleFactor 2: 200% zoom on a 360 px phone. Browser zoom shrinks the layout
//    viewport in CSS px, so a 360 px phone at 200% lays out in 180 CSS px and its media queries
//    see 180 px; setting that viewport reproduces exactly that. CSS `zoom: 2` on <html> was not
//    used: it scales the boxes but leaves the viewport, media queries and vw units at 360 px, and
//    Chromium reports scrollWidth in unzoomed units, so "does it scroll sideways" becomes
//    ambiguous.

import { after, before, describe, test } from "node:test";
import { existsSync } from "node:fs";
import { expectNoConsoleErrors, screenshot, startApp } from "./harness.mjs";
import {
  appReady,
  assert,
  at,
  button,
  expectHeading,
  fill,
  launchBrowser,
  link,
  storedEntries,
  storedPlan,
  tapRating,
  ukPhone,
  utc,
  waitPressed,
  welcome,
} from "./journey-helpers.mjs";

const FIRST_RUN = utc("2026-11-22T10:00");
const CLINIC = "Harbour Clinic";
const CLINIC_PHONE = "020 7946 0000";
const MIN_TARGET = 44;
const PHONE = { width: 360, height: 740 };
const NARROW = { width: 320, height: 740 };
const ZOOM_200 = { width: 180, height: 370 };

/** What was measured on each screen, by screen name. */
const screens = new Map();

describe("every screen at phone size", () => {
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
    await walkThroughTheApp();
  });

  after(async () => {
    await phone?.close();
    await browser?.close();
    await app?.close();
  });

  /** Opens a route (hash) in the running app and waits for its heading. */
  async function show(route, heading) {
    await page.evaluate((hash) => {
      location.hash = hash;
    }, `#/${route}`);
    await expectHeading(page, heading);
    await page.evaluate(() => window.scrollTo(0, 0));
  }

  /** Measures the screen as it is now at 360, 320 and 180 px and screenshots it light and dark. */
  async function capture(name) {
    assert.ok(!screens.has(name), `screen ${name} captured twice`);
    const result = { name, url: page.url() };
    for (const [label, size] of [
      ["phone", PHONE],
      ["narrow", NARROW],
      ["zoom200", ZOOM_200],
    ]) {
      await page.setViewportSize(size);
      await settle(page);
      // On a mobile viewport, content wider than the device makes Chromium widen the layout
      // viewport (the page is shown zoomed out) instead of scrolling: innerWidth then grows
      // past the device width, and counts as overflow too.
      result[label] = await page.evaluate(measure, { width: size.width, min: MIN_TARGET });
    }
    // Screenshots: the whole screen as one tall phone, so the fixed tab bar sits at the bottom
    // (a fullPage shot would paint it over the middle of the page). The heading's focus ring is
    // dropped: the app focuses the <h1> after navigating, and since this walk navigates without
    // a tap, Chromium would draw it as keyboard focus, which a patient tapping never sees.
    await page.setViewportSize(PHONE);
    await settle(page);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: PHONE.width, height: Math.max(PHONE.height, height) });
    await page.evaluate(() => document.activeElement?.matches("h1") && document.activeElement.blur());
    result.backgrounds = {};
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme });
      await settle(page);
      result.backgrounds[scheme] = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      result[`${scheme}Shot`] = await screenshot(page, `phone-${name}-${scheme}`);
    }
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize(PHONE);
    await settle(page);
    screens.set(name, result);
  }

  async function walkThroughTheApp() {
    await page.goto(app.url);
    await appReady(page);
    await capture("welcome");

    // Before the session: it is today at 11:00, an hour away.
    await welcome(page, { date: "2026-11-22", time: "11:00", clinic: CLINIC, phone: CLINIC_PHONE });
    await capture("today-preparing");

    await show("prepare", "Prepare");
    await page.locator("main").getByRole("checkbox", { name: "Intention set with my therapist" }).tap();
    await fill(page, "What to remember", "Charge my headphones and download the playlist my therapist suggested");
    await button(page, "Add item").tap();
    await page.locator("main").getByRole("checkbox", { name: /^Charge my headphones/ }).waitFor();
    await capture("prepare");

    await show("sessions", "Sessions");
    await capture("sessions");
    await show("sessions/new", "Plan a session");
    await capture("session-new");
    const firstId = (await storedPlan(page)).course.sessions[0].id;
    await show(`session/${firstId}`, "Change session");
    await capture("session-change");
    await button(page, "Remove this session").tap();
    await button(page, "Yes, remove").waitFor();
    await capture("session-remove-asks");
    await button(page, "Keep it").tap();

    await show("share", "Share");
    await capture("share");
    await show("review", "Review a patient's journal");
    await capture("review");
    await show("settings", "Settings");
    await capture("settings");
    await button(page, "Delete all my data").tap();
    await button(page, "Yes, delete everything").waitFor();
    await capture("settings-delete-asks");
    await button(page, "Keep my data").tap();

    await show("", "Today");
    await page.locator(".topbar").getByRole("button", { name: "Help now" }).tap();
    await page.getByRole("dialog").waitFor();
    await capture("help");
    await page.getByRole("dialog").getByRole("button", { name: "Close", exact: true }).tap();

    // The session: started at 10:00, ended at 12:00.
    await button(page, "My session is starting").tap();
    await button(page, "My session has ended").waitFor();
    await capture("today-in-session");
    await at(phone, utc("2026-11-22T12:00"));
    await button(page, "My session has ended").tap();
    await expectHeading(page, "Aftercare");
    await at(phone, utc("2026-11-22T14:00"));
    await capture("aftercare");

    // Entries at +2 h, each form captured filled in.
    await show("journal/new/mood", "How I feel");
    await tapRating(page, "Mood from 0 (very low) to 10 (very good)", 7);
    for (const word of ["hopeful", "tender", "overwhelmed"]) await button(page, word).tap();
    await fill(page, "Note (optional)", "Lighter than this morning, and a bit raw.");
    await button(page, "Discuss with my therapist").tap();
    await capture("entry-mood");
    await button(page, "Save").tap();
    await expectHeading(page, "Journal");

    await show("journal/new/sleep", "How I slept");
    await tapRating(page, "How well did you sleep? 1 (very poorly) to 5 (very well), optional", 3);
    await capture("entry-sleep");
    await button(page, "Save").tap();
    await expectHeading(page, "Journal");

    await show("journal/new/insight", "An insight");
    await fill(page, "What do you want to remember?", "I can be kinder to myself.");
    await button(page, "What might this mean for you?").tap();
    await fill(page, "What might this mean for you?", "Rest is not laziness.");
    await button(page, "Movement").tap();
    await button(page, "Private: never shared").tap();
    await waitPressed(button(page, "Private: never shared"));
    await capture("entry-insight");
    await button(page, "Save").tap();
    await expectHeading(page, "Journal");

    // The next session, after the 72 hours.
    await show("sessions/new", "Plan a session");
    await fill(page, "Date", "2026-11-26");
    await fill(page, "Time", "09:00");
    await button(page, "Save session").tap();
    await expectHeading(page, "Sessions");

    await at(phone, utc("2026-11-22T14:00")); // a reload: no toast left over
    await show("", "Today");
    await capture("today-integrating");
    await show("journal", "Journal");
    await capture("journal");
    await page.locator("main article.entry-card").first().getByRole("button", { name: /^Delete entry from/ }).tap();
    await page.locator("main article.entry-card").first().getByRole("alert").waitFor();
    await capture("journal-delete-asks");
    const mood = (await storedEntries(page)).find((e) => e.kind === "mood");
    await show(`journal/entry/${mood.id}`, "Edit: how i feel");
    await capture("entry-edit");
    await show("prepare", "Prepare");
    await capture("prepare-next");

    // The day of the next session: the fasting line and the start button.
    await at(phone, utc("2026-11-26T07:30"));
    await show("", "Today");
    await capture("today-day-of");
  }

  test("the walk captured every screen and state", () => {
    assert.deepEqual([...screens.keys()], [
      "welcome",
      "today-preparing",
      "prepare",
      "sessions",
      "session-new",
      "session-change",
      "session-remove-asks",
      "share",
      "review",
      "settings",
      "settings-delete-asks",
      "help",
      "today-in-session",
      "aftercare",
      "entry-mood",
      "entry-sleep",
      "entry-insight",
      "today-integrating",
      "journal",
      "journal-delete-asks",
      "entry-edit",
      "prepare-next",
      "today-day-of",
    ]);
  });

  test("no screen logged a console error or threw while it was walked through and measured", () => {
    expectNoConsoleErrors(phone);
  });

  test("no screen scrolls sideways on a 360 px phone", () => {
    assert.deepEqual(overflowing("phone", PHONE.width), []);
  });

  test("no screen scrolls sideways at 320 px wide", () => {
    assert.deepEqual(overflowing("narrow", NARROW.width), []);
  });

  // Guards a fix: every screen used to need 211-302 px here (Help now, rule end times, clocks, chips).
  test("no screen scrolls sideways at 200% zoom on a 360 px phone (180 CSS px)", () => {
    assert.deepEqual(overflowing("zoom200", ZOOM_200.width), []);
  });

  test("every visible button, link and input in main, the tab bar and the top bar is at least 44×44 CSS px at 360 and 320 px", () => {
    const small = [];
    for (const s of screens.values()) {
      for (const label of ["phone", "narrow"]) {
        for (const t of s[label].smallTargets) small.push(`${s.name} @${label}: ${t}`);
      }
    }
    assert.deepEqual(small, []);
    const counted = [...screens.values()].reduce((n, s) => n + s.phone.targets, 0);
    assert.ok(counted > 300, `measured ${counted} targets`);
  });

  test(
    "no word is split across two lines on any screen at 360 or 320 px",
    {},
    () => {
    const broken = [];
    for (const s of screens.values()) {
      for (const label of ["phone", "narrow"]) {
        for (const w of s[label].brokenWords) broken.push(`${s.name} @${label}: ${w}`);
      }
    }
    assert.deepEqual(broken, []);
    },
  );

  // Two faults seen in the screenshots, measured on the live page after the walk.
  test(
    "the rating scale's end words sit on their own line under its two ends",
    {},
    async () => {
      await show("", "Today");
      const g = await page.evaluate(() => {
        const box = (el) => el.getBoundingClientRect().toJSON();
        const scale = document.querySelector("main fieldset.scale");
        const options = [...scale.querySelectorAll(".scale-option")].map(box);
        const [low, high] = [...scale.querySelectorAll(".scale-ends span")].map(box);
        return {
          optionsBottom: Math.max(...options.map((o) => o.bottom)),
          left: Math.min(...options.map((o) => o.left)),
          right: Math.max(...options.map((o) => o.right)),
          low,
          high,
        };
      });
      assert.ok(g.low.top >= g.optionsBottom - 1, `the end words are below every option (${g.low.top} < ${g.optionsBottom})`);
      assert.ok(Math.abs(g.low.left - g.left) <= 2, `'very low' starts under the first option (${g.low.left} vs ${g.left})`);
      assert.ok(Math.abs(g.high.right - g.right) <= 2, `'very good' ends under the last option (${g.high.right} vs ${g.right})`);
      assert.ok(Math.abs(g.low.top - g.high.top) <= 1, "both on one line");
    },
  );

  test(
    "the 'And not before the next morning' checkbox in Settings is only as tall as its text",
    {},
    async () => {
      await show("settings", "Settings");
      const { label, text } = await page.evaluate(() => {
        const l = document.querySelector("main label[for='until-morning']");
        return { label: l.getBoundingClientRect().height, text: l.querySelector(".check-text").getBoundingClientRect().height };
      });
      const enough = Math.max(48, text + 16) + 2; // .check: min-height 3rem, .5rem padding
      assert.ok(label <= enough, `the label is ${Math.round(label)} px tall for ${Math.round(text)} px of text`);
    },
  );

  test(
    "the guided questions on the insight form have space between them",
    {},
    async () => {
      await show("journal/new/insight", "An insight");
      const gaps = await page.evaluate(() => {
        const group = [...document.querySelectorAll("main fieldset.group")].find((f) =>
          f.querySelector("legend")?.textContent.includes("Questions that may help"),
        );
        const chips = [...group.querySelectorAll(":scope > button.chip, :scope .chip")].map((c) => c.getBoundingClientRect());
        return chips.slice(1).map((c, i) => Math.round(c.top - chips[i].bottom));
      });
      assert.equal(gaps.length, 3, "four questions");
      assert.ok(gaps.every((g) => g >= 4), `gaps between the question chips: ${gaps.join(", ")} px`);
    },
  );

  test("every screen was screenshotted in light and dark, and the dark ones are dark", () => {
    for (const s of screens.values()) {
      assert.ok(existsSync(s.lightShot) && existsSync(s.darkShot), `${s.name}: both screenshots saved`);
      assert.ok(luminance(s.backgrounds.light) > 0.6, `${s.name}: light background, got ${s.backgrounds.light}`);
      assert.ok(luminance(s.backgrounds.dark) < 0.2, `${s.name}: dark background, got ${s.backgrounds.dark}`);
    }
  });
});

/** Each screen that scrolls sideways at `label`, with what sticks out. */
function overflowing(label, width) {
  return [...screens.values()]
    .filter((s) => s[label].scrollWidth > width || s[label].innerWidth > width)
    .map(
      (s) =>
        `${s.name}: needs ${Math.max(s[label].scrollWidth, s[label].innerWidth)} px > ${width}; ` +
        `sticking out: ${s[label].sticksOut.join("; ")}`,
    );
}

/** Lets layout and paint catch up after a viewport or colour-scheme change. */
async function settle(page) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/**
 * Runs in the page: the document's scroll width, the deepest elements that stick out past the
 * viewport, and the touch targets smaller than `min` in <main>, .tabbar and .topbar.
 *
 * A target is a visible a[href], button, input, select, textarea or summary. Exempt or measured
 * differently, as the design's touch-target rule intends:
 *  - a link inline in a paragraph's text (the paragraph's line is the target, WCAG 2.5.8's
 *    inline exception);
 *  - an input inside its <label> (the visually hidden radios of the rating scales, the checklist
 *    checkboxes): tapping anywhere on the label toggles it, so the label is measured instead.
 */
function measure({ width, min }) {
  const root = document.documentElement;
  const describe = (el) => {
    const text = (el.getAttribute("aria-label") || el.textContent || el.getAttribute("id") || el.getAttribute("type") || "")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 50);
    const cls = el.getAttribute("class") ? `.${el.getAttribute("class").trim().split(/\s+/).join(".")}` : "";
    return `<${el.tagName.toLowerCase()}${cls}> "${text}"`;
  };

  // What makes the page wider than the viewport. On a mobile viewport Chromium widens the layout
  // to fit, so nothing sticks out of it any more: for the diagnosis only, <html> is pinned to
  // the viewport's width, the culprits are collected, and the pin is removed.
  const sticksOut = [];
  const scrollWidth = root.scrollWidth;
  const innerWidth = window.innerWidth;
  if (Math.max(scrollWidth, innerWidth) > width) {
    const pin = root.style.width;
    root.style.width = `${width}px`;
    const flagged = [];
    for (const el of document.body.querySelectorAll("*")) {
      if (el.closest("svg") && el.tagName.toLowerCase() !== "svg") continue;
      const style = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      // Fixed bars follow the (widened) viewport, not the pinned page: only their content counts.
      const followsViewport = !!el.closest(".tabbar, .sheet, .sheet-backdrop, .toast");
      const contentOverflows = style.overflowX === "visible" && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1;
      const pastEdge = !followsViewport && r.right > width + 0.5;
      if (contentOverflows || pastEdge) flagged.push(el);
    }
    // Only the deepest: an ancestor of a culprit overflows because of it.
    for (const el of flagged) {
      if (flagged.some((other) => other !== el && el.contains(other))) continue;
      const r = el.getBoundingClientRect();
      sticksOut.push(`${describe(el)} needs ${el.scrollWidth} px in a ${Math.round(r.width)} px box`);
    }
    root.style.width = pin;
  }

  const inlineInText = (el) => {
    if (getComputedStyle(el).display !== "inline") return false;
    const p = el.closest("p");
    return !!p && p.textContent.trim().length > el.textContent.trim().length;
  };
  const seen = new Set();
  const smallTargets = [];
  let targets = 0;
  const selector = "a[href], button, input, select, textarea, summary";
  for (const scope of document.querySelectorAll("main, .tabbar, .topbar")) {
    for (const el of scope.querySelectorAll(selector)) {
      if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
      if (el.matches("a") && inlineInText(el)) continue;
      const target = el.matches("input") && el.closest("label") ? el.closest("label") : el;
      if (seen.has(target)) continue;
      seen.add(target);
      const r = target.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      targets += 1;
      if (r.width < min - 0.5 || r.height < min - 0.5) {
        const via = target === el ? "" : ` (label of ${describe(el)})`;
        smallTargets.push(`${describe(target)}${via} is ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
  }
  // Words the layout split across two lines (a column squeezed so narrow that overflow-wrap
  // breaks inside a word). Breaks at hyphens and slashes are allowed.
  const brokenWords = [];
  const range = document.createRange();
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.parentElement?.checkVisibility()) continue;
    for (const m of node.data.matchAll(/[^\s\-–—/]{2,}/g)) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (tops.size > 1) brokenWords.push(`"${m[0]}" in ${describe(node.parentElement)}`);
    }
  }

  return { scrollWidth, innerWidth, brokenWords, sticksOut: sticksOut.slice(0, 6), smallTargets, targets };
}

/** Relative luminance (0 black … 1 white) of a CSS `rgb(r, g, b)` colour. */
function luminance(css) {
  const [r, g, b] = css
    .match(/[\d.]+/g)
    .slice(0, 3)
    .map(Number)
    .map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
