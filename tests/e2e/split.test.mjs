// The split build (scripts/split-build.mjs): the first visit downloads only what Today needs;
// every other screen's module comes the first time it opens, and a download that fails says so
// and can be tried again, losing nothing.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { DIST, axeViolations, expectNoConsoleErrors, launchBrowser, phonePage, startApp } from "./harness.mjs";

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

test("a first visit downloads only Today's code; a screen's module comes when it first opens, once, and its heading takes focus", async () => {
  const app = await startApp();
  // No service worker: it would precache every module in the background and blur what a
  // screen itself asks for.
  const phone = await phonePage(browser, { contextOptions: { serviceWorkers: "block" } });
  const { page } = phone;
  try {
    await page.goto(app.url);
    await heading(page, "Welcome to Waypoint").waitFor();
    assert.ok(phone.requests.some((url) => url.endsWith("_bg.wasm")), "the main module loaded");
    assert.deepEqual(splitModules(phone.requests), [], "Today needs no split-off module");

    await page.getByRole("link", { name: "Journal" }).tap();
    await heading(page, "Journal").waitFor();
    const journal = splitModules(phone.requests);
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
  } finally {
    await phone.close();
    await app.close();
  }
});

test("a screen whose module cannot download says so, keeps what was saved, and opens on Try again", async () => {
  const app = await startApp();
  // bypassCSP: axe is injected as an inline script.
  const phone = await phonePage(browser, { contextOptions: { serviceWorkers: "block", bypassCSP: true } });
  const { page } = phone;
  const held = [];
  const hold = async (route) => {
    await new Promise((resolve) => held.push(resolve));
    await route.abort();
  };
  try {
    await page.goto(app.url);
    await heading(page, "Welcome to Waypoint").waitFor();
    const saved = await page.evaluate(() => JSON.stringify(Object.entries(localStorage)));

    await page.route("**/split_journal-*.wasm", hold);
    await page.getByRole("link", { name: "Journal" }).tap();
    await page.getByRole("status").filter({ hasText: "Opening…" }).waitFor();
    while (!held.length) await page.waitForTimeout(20); // the download reached the route
    held.splice(0).forEach((resolve) => resolve());

    await heading(page, "This screen could not open").waitFor();
    const main = await page.locator("main").innerText();
    assert.match(main, /Check your connection, then try again\. Nothing you saved is lost\./);
    assert.doesNotMatch(main, /Opening…/, "the status is gone once the download failed");
    assert.equal(await page.evaluate(() => JSON.stringify(Object.entries(localStorage))), saved, "nothing stored changed");
    assert.deepEqual(await axeViolations(page), [], "the message passes axe");

    await page.unroute("**/split_journal-*.wasm", hold);
    await page.getByRole("button", { name: "Try again" }).tap();
    await heading(page, "Journal").waitFor();
    assert.equal(await page.getByText("This screen could not open").count(), 0);
    // The only errors are the refused download's own.
    expectNoConsoleErrors(phone, { ignore: ["split_journal", "TypeError: Failed to fetch"] });
  } finally {
    await phone.close();
    await app.close();
  }
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
