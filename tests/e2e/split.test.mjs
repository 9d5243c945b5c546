// The split build (scripts/split-build.mjs): the first visit downloads only what its welcome
// needs (then, once it shows, the table of crisis lines it offers); Today's module (with the reader of what is stored) comes once the welcome is answered,
// and first thing when a phone already holds a journal; every other screen's module comes the
// first time it opens; a download that fails says so and can be tried again, losing nothing.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { DIST, axeViolations, expectNoConsoleErrors, launchBrowser, phonePage, startApp } from "./harness.mjs";
import { tapRating } from "./journey-helpers.mjs";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** The split-off modules `requests` fetched, by their name before the hash. */
const splitModules = (requests) =>
  requests.map((url) => new URL(url).pathname.split("/").pop()).filter((f) => /^(split|chunk)_.*\.wasm$/.test(f)).map((f) => f.replace(/-[0-9a-f]+\.wasm$/, ""));

const heading = (page, name) => page.getByRole("heading", { level: 1, name });

/**
 * Runs `body` on a phone at the served app, with no service worker (it would precache every
 * module in the background and blur what the app itself asks for), and closes both after.
 */
async function onPhone(contextOptions, body) {
  const app = await startApp();
  const phone = await phonePage(browser, { contextOptions: { serviceWorkers: "block", ...contextOptions } });
  try {
    await body({ app, phone, page: phone.page });
  } finally {
    await phone.close();
    await app.close();
  }
}

/** Everything stored, as comparable text. */
const storedNow = (page) => page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));

/** Answers the first visit's welcome by skipping it, which stores the plan. */
async function skipWelcome(page) {
  await heading(page, "Welcome to Waypoint").waitFor();
  await page.getByRole("button", { name: "Skip for now" }).tap();
  await heading(page, "Today").waitFor();
}

test("a first visit downloads only the welcome's code; a screen's module comes when it first opens, once, and its heading takes focus", async () => {
  await onPhone({}, async ({ app, phone, page }) => {
    await page.goto(app.url);
    await heading(page, "Welcome to Waypoint").waitFor();
    assert.ok(phone.requests.some((url) => url.endsWith("_bg.wasm")), "the main module loaded");
    // Once it shows, the welcome fetches the table of crisis lines (issue 15) and nothing else.
    await page.locator("main section[aria-labelledby='crisis-title']").getByText(/^For /).waitFor();
    const welcome = splitModules(phone.requests).filter((m) => m.startsWith("split_"));
    assert.deepEqual(welcome, ["split_crisis"], "the welcome needs only the crisis lines' module");

    const fetchedBefore = splitModules(phone.requests).length;
    await page.getByRole("link", { name: "Journal" }).tap();
    await heading(page, "Journal").waitFor();
    const journal = splitModules(phone.requests).slice(fetchedBefore);
    assert.deepEqual(journal.filter((m) => m.startsWith("split_")), ["split_journal"], `the Journal's module and no other screen's: ${journal.join(", ")}`);
    await page.waitForFunction(() => document.activeElement?.matches("#main h1"));
    assert.equal(await page.evaluate(() => document.activeElement.textContent), "Journal", "the new screen's heading has focus");

    await page.getByRole("link", { name: "Settings" }).tap();
    await heading(page, "Settings").waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent === "Settings");
    await page.getByRole("link", { name: "Journal" }).tap();
    await heading(page, "Journal").waitFor();
    const fetches = splitModules(phone.requests).filter((m) => m === "split_journal");
    assert.equal(fetches.length, 1, "a module is fetched once, however often its screen opens");
    expectNoConsoleErrors(phone);
  });
});

test("a screen whose module cannot download says so, keeps what was saved, and opens on Try again", async () => {
  // bypassCSP: axe is injected as an inline script.
  await onPhone({ bypassCSP: true }, async ({ app, phone, page }) => {
    const held = [];
    const hold = async (route) => {
      await new Promise((resolve) => held.push(resolve));
      await route.abort();
    };
    await page.goto(app.url);
    await heading(page, "Welcome to Waypoint").waitFor();
    const saved = await storedNow(page);

    await page.route("**/split_journal-*.wasm", hold);
    await page.getByRole("link", { name: "Journal" }).tap();
    await page.getByRole("status").filter({ hasText: "Opening…" }).waitFor();
    while (!held.length) await page.waitForTimeout(20); // the download reached the route
    held.splice(0).forEach((resolve) => resolve());

    await heading(page, "This screen could not open").waitFor();
    const main = await page.locator("main").innerText();
    assert.match(main, /Check your connection, then try again\. Nothing you saved is lost\./);
    assert.doesNotMatch(main, /Opening…/, "the status is gone once the download failed");
    assert.equal(await storedNow(page), saved, "nothing stored changed");
    assert.deepEqual(await axeViolations(page), [], "the message passes axe");

    await page.unroute("**/split_journal-*.wasm", hold);
    await page.getByRole("button", { name: "Try again" }).tap();
    await heading(page, "Journal").waitFor();
    assert.equal(await page.getByText("This screen could not open").count(), 0);
    // The only errors are the refused download's own.
    expectNoConsoleErrors(phone, { ignore: ["split_journal", "TypeError: Failed to fetch"] });
  });
});

test("a welcome answered while Today's module cannot download says so, stores nothing, and saves on a second try", async () => {
  await onPhone({}, async ({ app, phone, page }) => {
    let refuse = true;
    await page.route("**/split_today-*.wasm", (route) => (refuse ? route.abort() : route.continue()));
    await page.goto(app.url);
    await heading(page, "Welcome to Waypoint").waitFor();
    await page.locator("main section[aria-labelledby='crisis-title']").getByText(/^For /).waitFor();
    const before = await storedNow(page);
    await page.getByRole("button", { name: "Skip for now" }).tap();
    await page.locator("main form [role='alert']").filter({ hasText: "has not finished downloading" }).waitFor();
    assert.equal(await heading(page, "Welcome to Waypoint").count(), 1, "the welcome stays, as it was");
    assert.equal(await storedNow(page), before, "nothing stored");

    refuse = false;
    await page.getByRole("button", { name: "Skip for now" }).tap();
    await heading(page, "Today").waitFor();
    assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem("waypoint.plan")).data.welcomed), true);
    expectNoConsoleErrors(phone, { ignore: ["split_today", "TypeError: Failed to fetch"] });
  });
});

test("Today's module comes once the welcome is answered, and first thing when the phone holds a journal, which it reads", async () => {
  await onPhone({}, async ({ app, phone, page }) => {
    await page.goto(app.url);
    await heading(page, "Welcome to Waypoint").waitFor();
    await page.locator("main section[aria-labelledby='crisis-title']").getByText(/^For /).waitFor();
    const screens = () => splitModules(phone.requests).filter((m) => m.startsWith("split_"));
    assert.deepEqual(screens(), ["split_crisis"], "only the crisis lines before the welcome is answered");
    await skipWelcome(page);
    assert.deepEqual(screens(), ["split_crisis", "split_today"]);

    // A save without the reader having been used.
    await tapRating(page, "Mood from 0 (very low) to 10 (very good)", 7);
    await page.getByRole("button", { name: "Save mood" }).tap();
    await page.getByText("Mood 7/10 saved.").waitFor();

    phone.requests.length = 0;
    await page.reload();
    await heading(page, "Today").waitFor();
    const modules = splitModules(phone.requests);
    assert.equal(modules.filter((m) => m.startsWith("split_"))[0], "split_today", `Today's module first: ${modules.join(", ")}`);
    assert.equal(await page.getByText("Welcome to Waypoint").count(), 0, "the stored plan was read: no welcome again");
    await page.getByRole("link", { name: "Journal" }).tap();
    await heading(page, "Journal").waitFor();
    await page.locator("main").getByText(/Mood 7\/10/).first().waitFor();
    expectNoConsoleErrors(phone);
  });
});

test("a phone that holds a journal and cannot download Today's module says so, changes nothing, and opens on Try again", async () => {
  await onPhone({ bypassCSP: true }, async ({ app, phone, page }) => {
    await page.goto(app.url);
    await skipWelcome(page);
    const saved = await storedNow(page);

    await page.route("**/split_today-*.wasm", (route) => route.abort());
    await page.reload();
    await heading(page, "Waypoint could not open").waitFor();
    const main = await page.locator("main").innerText();
    assert.match(main, /Check your connection, then try again\. Nothing you saved is lost\./);
    assert.equal(await storedNow(page), saved, "nothing stored changed");
    assert.deepEqual(await axeViolations(page), [], "the message passes axe");

    await page.unroute("**/split_today-*.wasm");
    await page.getByRole("button", { name: "Try again" }).tap();
    await heading(page, "Today").waitFor();
    assert.equal(await storedNow(page), saved, "still nothing changed");
    expectNoConsoleErrors(phone, { ignore: ["split_today", "TypeError: Failed to fetch", "net::ERR_FAILED"] });
  });
});

test("a first visit that another tab writes to reads what it wrote, fetching the reader then", async () => {
  await onPhone({}, async ({ app, phone, page }) => {
    await page.goto(app.url);
    await heading(page, "Welcome to Waypoint").waitFor();
    const other = await phone.context.newPage();
    await other.goto(app.url);
    await skipWelcome(other);
    await tapRating(other, "Mood from 0 (very low) to 10 (very good)", 4);
    await other.getByRole("button", { name: "Save mood" }).tap();
    await other.getByText("Mood 4/10 saved.").waitFor();

    // The first tab had no reader: the other tab's changes fetch it and are read in full.
    await heading(page, "Today").waitFor();
    await page.getByRole("link", { name: "Journal" }).tap();
    await heading(page, "Journal").waitFor();
    await page.locator("main").getByText(/Mood 4\/10/).first().waitFor();
    expectNoConsoleErrors(phone);
  });
});

/** The built main module (compiled) and its glue (text). */
function mainFiles() {
  const files = readdirSync(DIST);
  const main = files.filter((f) => /^waypoint-[0-9a-f]+_bg\.wasm$/.test(f));
  const glue = files.filter((f) => /^waypoint-[0-9a-f]+\.js$/.test(f));
  assert.equal(main.length, 1, `one main module in ${files.join(", ")}`);
  assert.equal(glue.length, 1, `one glue in ${files.join(", ")}`);
  return {
    module: new WebAssembly.Module(readFileSync(path.join(DIST, main[0]))),
    glue: readFileSync(path.join(DIST, glue[0]), "utf8"),
  };
}

test("the main module imports the glue's functions by short names (scripts/wasm-imports.mjs)", () => {
  // Every other test here runs this build, so the glue hands the module what it asks for; this
  // one holds the build to the shorter names (about 5 KB of the first load's gzip).
  const { module, glue } = mainFiles();
  const fromGlue = WebAssembly.Module.imports(module).filter((i) => i.module === "./waypoint_bg.js" && i.kind === "function");
  assert.ok(fromGlue.length > 100, `${fromGlue.length} functions from the glue`);
  const long = fromGlue.filter((i) => !/^[A-Za-z]{1,2}$/.test(i.name)).map((i) => i.name);
  assert.deepEqual(long, [], "every import from the glue has a short name");
  assert.doesNotMatch(glue, /__wbg_\w+_[0-9a-f]{16}/, "nor does the glue keep a long one");
});

test("the stream adapters Leptos's server-function client brings are not shipped (scripts/wasm-exports.mjs)", () => {
  // wasm-streams' IntoUnderlyingSource, IntoUnderlyingByteSource and IntoUnderlyingSink: Waypoint
  // has no server, nothing makes one, and their exports kept 1.7 KB of the first load's gzip.
  const { module, glue } = mainFiles();
  const names = WebAssembly.Module.exports(module).map((e) => e.name);
  assert.ok(names.includes("__wbindgen_start"), `the module still exports what the glue starts it with: ${names.join(", ")}`);
  assert.deepEqual(names.filter((n) => /intounderlying/i.test(n)), [], "no export of a stream adapter");
  assert.doesNotMatch(glue, /IntoUnderlying|intounderlying/i, "no class for one in the glue");
});
