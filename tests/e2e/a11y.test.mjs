// axe-core on every screen, light and dark, at phone size: no violations at all.
//
// The journal is the v1 schema fixture (tests/fixtures/store-v1.json): two sessions (one ended,
// one planned), a mood, a sleep and a private insight, so every screen has real content. The
// clock sits inside the ended session's 72-hour window. axe is injected as a script, which the
// app's strict CSP would refuse, so this context bypasses CSP (the CSP has its own test).

import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { REPO_ROOT, assertBuilt, axeViolations, expectNoConsoleErrors, launchBrowser, phonePage, startApp } from "./harness.mjs";

const FIXTURE = JSON.parse(readFileSync(path.join(REPO_ROOT, "tests/fixtures/store-v1.json"), "utf8"));
const NOW = new Date("2026-11-11T12:00:00Z"); // hour 26 after session 1 ended
const ENTRY = "e-lq1b0000-aaaa";
const SESSION = "s-lq1a2b3c-0a1b";

// Every screen, with what to do to reach a state worth checking.
const SCREENS = [
  ["Today", "#/"],
  ["Prepare", "#/prepare"],
  ["Aftercare", "#/aftercare"],
  ["Journal", "#/journal"],
  ["How I feel", "#/journal/new/mood"],
  ["How I slept", "#/journal/new/sleep"],
  ["An insight", "#/journal/new/insight"],
  ["Edit: how i feel", `#/journal/entry/${ENTRY}`],
  ["Sessions", "#/sessions"],
  ["Plan a session", "#/sessions/new"],
  ["Change session", `#/session/${SESSION}`],
  ["Share", "#/share"],
  ["Review a patient's journal", "#/review"],
  ["Settings", "#/settings"],
];

let server;
let browser;

before(async () => {
  assertBuilt();
  server = await startApp();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A phone in `scheme` holding the fixture journal (or nothing, for the first run). */
async function phone(scheme, seeded = true) {
  const p = await phonePage(browser, { colorScheme: scheme, now: NOW, locale: "en-GB", contextOptions: { bypassCSP: true } });
  if (seeded) {
    await p.context.addInitScript((pairs) => {
      if (sessionStorage.getItem("a11y.seeded")) return;
      sessionStorage.setItem("a11y.seeded", "1");
      for (const [k, v] of Object.entries(pairs)) localStorage.setItem(k, v);
    }, FIXTURE);
  }
  return p;
}

async function violations(page) {
  const found = await axeViolations(page, { resultTypes: ["violations"] });
  return found.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).join(", ")}`);
}

for (const scheme of ["light", "dark"]) {
  describe(`axe finds nothing on any screen, ${scheme}`, () => {
    test("the first-run welcome", async () => {
      const p = await phone(scheme, false);
      try {
        await p.page.goto(server.url);
        await p.page.locator("main h1", { hasText: "Welcome to Waypoint" }).waitFor();
        assert.deepEqual(await violations(p.page), []);
        expectNoConsoleErrors(p);
      } finally {
        await p.close();
      }
    });

    test("every screen of a journal in use, and the help sheet", async () => {
      const p = await phone(scheme);
      const { page } = p;
      const found = [];
      try {
        for (const [title, hash] of SCREENS) {
          await page.goto(new URL(hash, server.url).href);
          await page.locator("main h1", { hasText: title }).first().waitFor();
          for (const v of await violations(page)) found.push(`${title}: ${v}`);
        }
        await page.goto(new URL("#/", server.url).href);
        await page.locator(".topbar .help-button").click();
        await page.locator(".sheet[role='dialog']").waitFor();
        // Measure the sheet as the patient sees it, after its short fade-in has finished.
        await page.waitForFunction(() => document.getAnimations().every((a) => a.playState === "finished"));
        for (const v of await violations(page)) found.push(`Help sheet: ${v}`);
        assert.deepEqual(found, []);
        expectNoConsoleErrors(p);
      } finally {
        await p.close();
      }
    });
  });
}
