// The built app loads on a phone-sized page, renders, and fetches nothing from elsewhere.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  axeViolations,
  expectNoConsoleErrors,
  expectOnlyOwnOrigin,
  launchBrowser,
  phonePage,
  screenshot,
  startApp,
} from "./harness.mjs";
import { waitText, welcome } from "./journey-helpers.mjs";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test("the app renders Waypoint in <main> with no console errors", async () => {
  const app = await startApp();
  const phone = await phonePage(browser);
  try {
    await phone.page.goto(app.url);
    const main = phone.page.locator("main");
    await main.waitFor({ state: "visible", timeout: 15_000 });
    assert.match(await main.innerText(), /Waypoint/);
    await screenshot(phone.page, "smoke-first-load");
    expectNoConsoleErrors(phone);
    expectOnlyOwnOrigin(phone, app.origin);
    // The first load fetched the wasm module itself, not some other file of the same name.
    assert.ok(phone.requests.some((url) => url.endsWith("_bg.wasm")), `no .wasm request in:\n${phone.requests.join("\n")}`);
  } finally {
    await phone.close();
    await app.close();
  }
});

test("the app works from a sub-path, as Trunk.toml's relative public_url promises", async () => {
  const app = await startApp({ base: "/clinic/waypoint/" });
  const phone = await phonePage(browser);
  try {
    await phone.page.goto(app.url);
    await phone.page.locator("main").waitFor({ state: "visible", timeout: 15_000 });
    assert.match(await phone.page.locator("main").innerText(), /Waypoint/);
    expectNoConsoleErrors(phone);
    const outside = phone.requests.filter((url) => !url.startsWith(app.url));
    assert.deepEqual(outside, [], "every asset loads from under the sub-path");
  } finally {
    await phone.close();
    await app.close();
  }
});

/**
 * Holds back the app's wasm on `page` (its preload and the loader's fetch) until `refuse()`,
 * then refuses it: the app never starts meanwhile. `release()` lets it load again.
 */
async function holdWasm(page) {
  const held = [];
  const hold = async (route) => {
    await new Promise((resolve) => held.push(resolve));
    await route.abort();
  };
  await page.route("**/*_bg.wasm", hold);
  return {
    refuse: () => held.splice(0).forEach((resolve) => resolve()),
    release: () => page.unroute("**/*_bg.wasm", hold),
  };
}

test("before the app arrives the page paints its shell in the chosen theme, and says so if it cannot start", async () => {
  const app = await startApp();
  // No service worker: it would precache the wasm and start the app from its cache.
  const phone = await phonePage(browser, { colorScheme: "light", contextOptions: { serviceWorkers: "block" } });
  const { page } = phone;
  const shell = page.locator("#shell");
  const status = () => page.getByRole("status").innerText();
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme ?? null);
  try {
    const { refuse, release } = await holdWasm(page);
    await page.goto(app.url);
    await shell.waitFor({ state: "visible" });
    assert.equal((await status()).trim(), "Opening Waypoint…");
    assert.equal(await page.locator("main").count(), 0, "no <main> until the app's own");
    assert.equal(await theme(), null, "nothing stored: the phone's theme");
    const light = await background();

    // The download fails: the shell says so and offers to try again.
    refuse();
    const retry = page.getByRole("button", { name: "Try again", exact: true });
    await retry.waitFor();
    assert.match(await status(), /^Waypoint could not start\. Check your connection, then try again\. Nothing you saved is lost\.$/);

    // A patient who chose Dark on a phone set to light sees dark from the first paint.
    const plan = { schema_version: 1, data: { settings: { theme: "dark" } } };
    await page.evaluate((p) => localStorage.setItem("waypoint.plan", JSON.stringify(p)), plan);
    await page.reload();
    await shell.waitFor({ state: "visible" });
    assert.equal(await theme(), "dark");
    const dark = await background();
    assert.notEqual(dark, light, "the shell is drawn dark");
    refuse();
    await retry.waitFor();

    // A plan the early script cannot read leaves the phone's theme, and breaks nothing.
    await page.evaluate(() => localStorage.setItem("waypoint.plan", "{not json"));
    phone.pageErrors.length = 0;
    await page.reload();
    await shell.waitFor({ state: "visible" });
    assert.equal(await theme(), null);
    refuse();
    await retry.waitFor();
    // Left out: the refused wasm itself ("Failed to fetch").
    const early = phone.pageErrors.filter((e) => !e.startsWith("TypeError: Failed to fetch"));
    assert.deepEqual(early, [], "the early script threw");

    // The connection is back: "Try again" starts the app, which replaces the shell.
    await page.evaluate((p) => localStorage.setItem("waypoint.plan", JSON.stringify(p)), plan);
    await release();
    await retry.tap();
    await page.locator("main h1").waitFor();
    assert.equal(await shell.count(), 0, "the shell is removed");
    assert.equal(await page.locator(".topbar").count(), 1);
    assert.equal(await theme(), "dark");
    assert.equal(await background(), dark);
  } finally {
    await phone.close();
    await app.close();
  }
});

test("axe finds nothing on the shell, opening or failed, light or dark", async () => {
  const app = await startApp();
  try {
    for (const colorScheme of ["light", "dark"]) {
      // bypassCSP: axe is injected as an inline script.
      const phone = await phonePage(browser, { colorScheme, contextOptions: { serviceWorkers: "block", bypassCSP: true } });
      const { refuse } = await holdWasm(phone.page);
      try {
        await phone.page.goto(app.url);
        await phone.page.locator("#shell").waitFor();
        const found = async () => (await axeViolations(phone.page, { resultTypes: ["violations"] })).map((v) => `${v.id}: ${v.nodes.join(", ")}`);
        assert.deepEqual(await found(), [], `opening, ${colorScheme}`);
        refuse();
        await phone.page.getByRole("button", { name: "Try again", exact: true }).waitFor();
        assert.deepEqual(await found(), [], `failed, ${colorScheme}`);
      } finally {
        await phone.close();
      }
    }
  } finally {
    await app.close();
  }
});

test("start-up leaves the browser's date formatting alone until a time is shown, then follows the locale's clock", async () => {
  // The first use of toLocaleTimeString or Intl loads the locale's data: about 0.1 s of one task
  // on a slow phone. Waypoint asks the locale's clock (12- or 24-hour) only when it first shows a
  // time, which a first visit's Welcome does not.
  const app = await startApp();
  try {
    for (const [locale, shown] of [["en-US", "1:30 pm"], ["en-GB", "13:30"]]) {
      const phone = await phonePage(browser, { locale });
      try {
        await phone.context.addInitScript(() => {
          window.__dateFormatting = [];
          for (const name of ["toLocaleTimeString", "toLocaleDateString", "toLocaleString"]) {
            const original = Date.prototype[name];
            Date.prototype[name] = function (...args) {
              window.__dateFormatting.push(name);
              return original.apply(this, args);
            };
          }
          Intl.DateTimeFormat = new Proxy(Intl.DateTimeFormat, {
            construct(target, args) {
              window.__dateFormatting.push("Intl.DateTimeFormat");
              return Reflect.construct(target, args);
            },
            apply(target, self, args) {
              window.__dateFormatting.push("Intl.DateTimeFormat");
              return Reflect.apply(target, self, args);
            },
          });
        });
        const { page } = phone;
        // The welcome's crisis line comes from a module fetched once it shows, which asks the
        // browser its time zone (Intl): held back here until start-up has been checked.
        let release;
        const released = new Promise((resolve) => (release = resolve));
        await page.route("**/split_crisis-*.wasm", async (route) => {
          await released;
          await route.continue();
        });
        await page.goto(app.url);
        await page.locator("main h1", { hasText: "Welcome to Waypoint" }).waitFor({ timeout: 15_000 });
        assert.deepEqual(await page.evaluate(() => window.__dateFormatting), [], `${locale}: nothing formats a date at start`);
        release();
        await page.locator("main section[aria-labelledby='crisis-title']").getByText(/^For /).waitFor();
        assert.deepEqual(
          await page.evaluate(() => window.__dateFormatting),
          ["Intl.DateTimeFormat"],
          `${locale}: once the welcome shows, its crisis line asks the time zone once, and formats nothing`,
        );

        // Two days from now on the page's own clock, as the date field wants it.
        const date = await page.evaluate(() => {
          const d = new Date(Date.now() + 2 * 86_400_000);
          return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
        });
        await welcome(page, { date, time: "13:30" });
        const lead = page.locator("main section[aria-labelledby='next-title'] .lead");
        await waitText(lead, new RegExp(`, ${shown}$`));
        assert.ok((await page.evaluate(() => window.__dateFormatting)).length > 1, `${locale}: the locale's clock was asked once a time was shown`);
        expectNoConsoleErrors(phone);
      } finally {
        await phone.close();
      }
    }
  } finally {
    await app.close();
  }
});
