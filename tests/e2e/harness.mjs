// Shared helpers for Waypoint's end-to-end tests (node's built-in test runner + playwright-core
// driving Debian's Chromium). The tests run against the release build in dist/, which
// scripts/test.sh makes before this suite; nothing here builds.
//
//   import { test, before, after } from "node:test";
//   import { startApp, launchBrowser, phonePage, expectNoConsoleErrors } from "./harness.mjs";
//
//   let app, browser;
//   before(async () => { app = await startApp(); browser = await launchBrowser(); });
//   after(async () => { await browser?.close(); await app?.close(); });
//
//   test("today opens", async () => {
//     const phone = await phonePage(browser);
//     await phone.page.goto(app.route("today"));
//     ...
//     expectNoConsoleErrors(phone);
//     await phone.close();
//   });

import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../../scripts/static-server.mjs";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const DIST = path.join(REPO_ROOT, "dist");
export const ARTIFACTS = path.join(REPO_ROOT, "tests/e2e/artifacts");
export const CHROMIUM = process.env.WAYPOINT_CHROMIUM || "/usr/bin/chromium";

/**
 * Chromium's flags on this machine: root needs --no-sandbox, and the network is closed, so
 * every background service that would phone home is switched off (otherwise Chromium floods
 * the closed network with refused connections).
 */
export const CHROMIUM_ARGS = Object.freeze([
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
]);

/** Throws a clear error unless the release build exists. */
export function assertBuilt(dist = DIST) {
  if (!existsSync(path.join(dist, "index.html"))) {
    throw new Error(
      `${path.relative(REPO_ROOT, dist) || dist}/index.html is missing: the e2e suite tests the release build. ` +
        "Run `bash scripts/test.sh` (it builds first), or `source scripts/env.sh && trunk build --release --offline`.",
    );
  }
}

/**
 * Serves dist/ on a free port.
 *
 * @param {object} [opts]
 * @param {Record<string,string>} [opts.headers]  extra response headers (e.g. a CSP)
 * @param {string} [opts.base="/"]  mount the app under a sub-path, e.g. "/clinic/waypoint/"
 * @param {string} [opts.root=DIST]
 * @returns {Promise<{url: string, origin: string, route: (name: string) => string, close: () => Promise<void>}>}
 *          `route("today")` is the URL of `#/today`.
 */
export async function startApp({ headers = {}, base = "/", root = DIST } = {}) {
  assertBuilt(root);
  const server = await startServer({ root, port: 0, headers, base });
  const origin = new URL(server.url).origin;
  return {
    ...server,
    origin,
    route: (name) => `${server.url}#/${String(name).replace(/^[#/]+/, "")}`,
  };
}

/** Launches headless Chromium from Debian (never a downloaded browser). */
export async function launchBrowser({ args = [], ...options } = {}) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run \`bash scripts/setup.sh\` (installs Debian's chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, ...args],
    ...options,
  });
}

/**
 * The instant a page's clock starts at when a test names none: a Friday in November 2026, when
 * Europe/London is on GMT. Every page runs on Playwright's clock from a fixed start, never on the
 * machine's date, so the suite passes on any day (scripts/test.sh runs it a year ahead under
 * faketime to prove it). Dates a test types are computed from this clock, in the page.
 */
export const DEFAULT_NOW = new Date("2026-11-20T10:00:00Z");

/**
 * A phone-sized page (360x740 CSS px at 2x, touch, mobile) in a fresh context, so each test
 * starts with empty storage. It records what went wrong and what was fetched:
 *
 * - `consoleErrors`: text of every console.error (and failed resource load the console reports)
 * - `pageErrors`: uncaught exceptions (a wasm panic shows up here or in consoleErrors)
 * - `requests`: every request URL any page of the context made, in order
 * - `failedRequests`: "URL (HTTP 404)" or "URL (net::ERR_...)" for each request that failed
 *
 * @param {import("playwright-core").Browser} browser
 * @param {object} [opts]
 * @param {string} [opts.timezoneId="Europe/London"]
 * @param {string} [opts.locale="en-US"]
 * @param {"dark"|"light"|"no-preference"} [opts.colorScheme]
 * @param {Date|number|string} [opts.now=DEFAULT_NOW]  fake clock start: Date.now() begins here and then runs on
 * @param {object} [opts.contextOptions]  anything else for browser.newContext()
 */
export async function phonePage(browser, opts = {}) {
  const { timezoneId = "Europe/London", locale = "en-US", colorScheme, now = DEFAULT_NOW, contextOptions = {} } = opts;
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale,
    timezoneId,
    ...(colorScheme ? { colorScheme } : {}),
    ...contextOptions,
  });
  await context.clock.install({ time: now });

  const consoleErrors = [];
  const pageErrors = [];
  const requests = [];
  const failedRequests = [];
  context.on("request", (req) => requests.push(req.url()));
  context.on("requestfailed", (req) => failedRequests.push(`${req.url()} (${req.failure()?.errorText ?? "failed"})`));
  context.on("response", (res) => {
    if (res.status() >= 400) failedRequests.push(`${res.url()} (HTTP ${res.status()})`);
  });

  const watched = new WeakSet();
  const watch = (page) => {
    if (watched.has(page)) return;
    watched.add(page);
    page.on("console", (msg) => {
      if (msg.type() !== "error") return;
      // "Failed to load resource" says nothing of which: add the URL the console gives.
      const where = msg.location()?.url;
      consoleErrors.push(where && !msg.text().includes(where) ? `${msg.text()} [${where}]` : msg.text());
    });
    page.on("pageerror", (err) => pageErrors.push(String(err?.stack ?? err)));
  };
  context.on("page", watch); // pages the app opens (a print preview, say)
  const page = await context.newPage();
  watch(page);

  return {
    context,
    page,
    consoleErrors,
    pageErrors,
    requests,
    failedRequests,
    close: () => context.close(),
  };
}

/** Fails the test when the page logged a console error or threw, showing what. */
export function expectNoConsoleErrors(phone, { ignore = [] } = {}) {
  const keep = (text) => !ignore.some((pattern) => (pattern instanceof RegExp ? pattern.test(text) : text.includes(pattern)));
  const errors = [
    ...phone.consoleErrors.filter(keep).map((t) => `console.error: ${t}`),
    ...phone.pageErrors.filter(keep).map((t) => `uncaught: ${t}`),
  ];
  const failed = phone.failedRequests?.length ? `\nfailed requests:\n${phone.failedRequests.join("\n")}` : "";
  assert.deepEqual(errors, [], `the page reported errors:\n${errors.join("\n")}${failed}`);
}

/** Fails the test when any request left the app's own origin (no third-party requests). */
export function expectOnlyOwnOrigin(phone, origin) {
  const foreign = phone.requests.filter((url) => {
    if (url.startsWith("data:") || url.startsWith("blob:")) return false;
    return new URL(url).origin !== origin;
  });
  assert.deepEqual(foreign, [], `requests left ${origin}:\n${foreign.join("\n")}`);
}

/**
 * Saves a screenshot to tests/e2e/artifacts/NAME.png (gitignored) and returns its path.
 * The name is made file-safe; pass `{ fullPage: true }` for the whole scroll height.
 */
export async function screenshot(page, name, options = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const safe = String(name).replace(/[^a-z0-9._-]+/gi, "-").replace(/^-+|-+$/g, "") || "screenshot";
  const file = path.join(ARTIFACTS, `${safe}.png`);
  await page.screenshot({ path: file, ...options });
  return file;
}

/**
 * Runs axe-core (from node_modules) on the page and returns its violations, each as
 * `{ id, impact, help, nodes: [selector...] }`. Pass axe.run options, e.g.
 * `{ runOnly: ["wcag2a", "wcag2aa"] }`.
 */
export async function axeViolations(page, options = {}) {
  const axePath = path.join(REPO_ROOT, "node_modules/axe-core/axe.min.js");
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: axePath });
  const result = await page.evaluate((opts) => window.axe.run(document, opts), options);
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ")),
  }));
}
