// How long the key derivation of a locked backup takes: PBKDF2-SHA-256 at 600,000 iterations,
// the step the Backup screen shows as "Step 1 of 3", in Chromium on the phone profile (4× CPU
// throttle) and unthrottled. Prints figures; asserts nothing about time.
//
//   1. WebCrypto's deriveKey alone, called from the page (what the app calls, less the wasm);
//   2. the app itself: a phone holding the v1 fixture journal makes a locked backup, and the
//      time from "Step 1 of 3" appearing to "Step 2 of 3" is measured by a MutationObserver.
//
// Chromium runs WebCrypto's work on a thread of its own, and DevTools' CPU throttle slows the
// page's main thread: how much of the throttle reaches the derivation is what this measures.
//
// usage: node scripts/bench-kdf.mjs [--runs N]   (after `trunk build --release --offline`)

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser } from "../tests/e2e/harness.mjs";
import { startServer } from "./static-server.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 5;
const FIXTURE = JSON.parse(readFileSync(path.join(ROOT, "tests/fixtures/store-v1.json"), "utf8"));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const range = (xs) => `${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}`;

async function page(browser, url, cpu) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  await context.addInitScript((seed) => {
    if (sessionStorage.getItem("seeded")) return;
    sessionStorage.setItem("seeded", "1");
    for (const [k, v] of Object.entries(seed)) localStorage.setItem(k, v);
  }, FIXTURE);
  const p = await context.newPage();
  const cdp = await context.newCDPSession(p);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpu });
  await p.goto(url);
  await p.locator("main#main h1").first().waitFor({ timeout: 30_000 });
  return { page: p, close: () => context.close() };
}

async function deriveInPage(p) {
  return p.evaluate(async () => {
    const base = await crypto.subtle.importKey("raw", new TextEncoder().encode("river otter candle maple"), "PBKDF2", false, ["deriveKey"]);
    const start = performance.now();
    await crypto.subtle.deriveKey(
      { name: "PBKDF2", hash: "SHA-256", salt: crypto.getRandomValues(new Uint8Array(16)), iterations: 600000 },
      base,
      { name: "AES-GCM", length: 256 },
      false,
      ["encrypt", "decrypt"],
    );
    return performance.now() - start;
  });
}

async function stepInApp(p) {
  await p.evaluate(() => {
    window.__marks = {};
    new MutationObserver(() => {
      for (const el of document.querySelectorAll("main [role='status'] p")) {
        const m = el.textContent.match(/^Step (\d) of 3/);
        if (m && !window.__marks[m[1]]) window.__marks[m[1]] = performance.now();
      }
      if (document.querySelector("main [role='alert']")?.textContent.startsWith("Saved and checked")) window.__marks.saved ??= performance.now();
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const main = p.locator("main section[aria-labelledby='backup-screen-title']");
  await main.getByLabel("Passphrase", { exact: true }).fill("river otter candle maple");
  await main.getByLabel("Type it again", { exact: true }).fill("river otter candle maple");
  await main.getByLabel("I have written down my passphrase", { exact: true }).check();
  const download = p.waitForEvent("download", { timeout: 120_000 });
  const tapped = await p.evaluate(() => performance.now());
  await main.getByRole("button", { name: "Save an encrypted backup", exact: true }).click();
  await download;
  await p.waitForFunction(() => window.__marks.saved, null, { timeout: 60_000 });
  const marks = await p.evaluate(() => window.__marks);
  return { derive: marks["2"] - marks["1"], all: marks.saved - tapped };
}

const browser = await launchBrowser();
const app = await startServer({ root: path.join(ROOT, "dist"), port: 0 });
try {
  for (const cpu of [4, 1]) {
    const label = cpu === 4 ? "phone profile (4× CPU throttle)" : "unthrottled";
    const raw = [];
    const step = [];
    const total = [];
    for (let i = 0; i < runs; i++) {
      const a = await page(browser, `${app.url}#/backup`, cpu);
      raw.push(await deriveInPage(a.page));
      const s = await stepInApp(a.page);
      step.push(s.derive);
      total.push(s.all);
      await a.close();
    }
    console.log(`PBKDF2-SHA-256, 600,000 iterations, ${label}, ${runs} runs (median, range in ms):`);
    console.log(`  WebCrypto deriveKey from the page:        ${Math.round(median(raw))} (${range(raw)})`);
    console.log(`  the app's step 1 (making the key):        ${Math.round(median(step))} (${range(step)})`);
    console.log(`  the app, tap to "Saved and checked":      ${Math.round(median(total))} (${range(total)})`);
  }
} finally {
  await browser.close();
  await app.close();
}
