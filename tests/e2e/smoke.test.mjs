// The built app loads on a phone-sized page, renders, and fetches nothing from elsewhere.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  expectNoConsoleErrors,
  expectOnlyOwnOrigin,
  launchBrowser,
  phonePage,
  screenshot,
  startApp,
} from "./harness.mjs";

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
