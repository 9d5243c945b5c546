#!/usr/bin/env node
// How long review mode takes to show the first page of a large report: a therapist's laptop
// (1280×800, no throttling) and a slow one (4× CPU slowdown), opening a 50,000-entry report (and
// a 500-entry one beside it) through the file picker. Drives Debian's Chromium against a finished
// build (it builds nothing); prints figures and asserts nothing about time.
//
// The report is made here in the shape the app writes (tests/fixtures/review/ has it), leaving out
// the fields a reader takes as their defaults (`private`, `discuss`, an empty note or word list),
// as a sparse writer may: one patient, a session every week for six years (298 sessions), an entry
// every hour (moods, some with a word, every fiftieth marked to discuss; a night's sleep every
// other day), so that 50,000 entries stay under the 8 MB a file may be.
//
// Measured per run, in the page: from the file input's `change` event (the file chosen) to the
// first session block of the report in the DOM, and to the frame after it (painted); the entry
// cards drawn; long tasks in between. The build is copied to a temporary folder first (other
// builds may rewrite dist/ meanwhile), with an empty sw.js.
//
// usage: node scripts/bench-review.mjs [--dist DIR] [--runs N] [--json]

import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser } from "../tests/e2e/harness.mjs";
import { startServer } from "./static-server.mjs";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MAX_FILE_BYTES = 8 * 1024 * 1024;
const SIZES = [500, 50_000];

function parseArgs(argv) {
  const opts = { dist: path.join(REPO_ROOT, "dist"), runs: 5, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--dist") opts.dist = path.resolve(argv[++i]);
    else if (arg === "--runs") opts.runs = Number(argv[++i]);
    else if (arg === "--json") opts.json = true;
    else {
      console.error(`bench-review: unknown argument ${arg}\nusage: node scripts/bench-review.mjs [--dist DIR] [--runs N] [--json]`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(opts.runs) || opts.runs < 1) {
    console.error("bench-review: --runs wants a whole number of at least 1");
    process.exit(2);
  }
  if (!existsSync(path.join(opts.dist, "index.html"))) {
    console.error("bench-review: dist/index.html is missing: build first (trunk build --release --offline)");
    process.exit(2);
  }
  return opts;
}

const p2 = (n) => String(n).padStart(2, "0");
/** An instant `hours` after 2020-01-06 09:00 in Paris, written as the app writes stamps (UTC+01:00 all year, for simplicity). */
function stamp(hours) {
  const d = new Date(Date.UTC(2020, 0, 6, 8, 0) + hours * 3_600_000 + 3_600_000);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:00+01:00`;
}

/** A report of `count` entries, one an hour, with a session every week. */
export function bigReport(count) {
  const weeks = Math.ceil(count / 168);
  const sessions = [];
  for (let w = 0; w < weeks; w++) {
    sessions.push({
      id: `s-${w.toString(36)}`,
      number: w + 1,
      planned: stamp(w * 168),
      started: stamp(w * 168),
      ended: stamp(w * 168 + 2),
      route: "iv_infusion",
      setting: "clinic",
      phase: w < 6 ? "induction" : "maintenance",
      intention: "Stay with what comes.",
    });
  }
  const entries = [];
  for (let i = 0; i < count; i++) {
    const at = stamp(3 + i);
    const base = { id: `e-${i.toString(36)}`, written: at, edited: at, ...(i % 50 === 0 ? { discuss: true } : {}) };
    if (i % 48 === 5) {
      entries.push({ ...base, kind: "sleep", bedtime: stamp(i - 6), wake: stamp(i + 1), quality: 3, awakenings: 1 });
    } else {
      entries.push({ ...base, kind: "mood", rating: i % 11, ...(i % 10 === 0 ? { emotions: ["calm"] } : {}) });
    }
  }
  const report = {
    format: "waypoint-share",
    schema_version: 1,
    report_version: 2,
    app_version: "0.1.0",
    exported_at: stamp(count + 10),
    patient: { id: "p-bench-0001", name: "B.M." },
    range: { sessions: sessions.map((s) => s.id) },
    sessions,
    entries,
  };
  const text = JSON.stringify(report);
  if (text.length > MAX_FILE_BYTES) throw new Error(`the ${count}-entry report is ${text.length} bytes, over the app's limit`);
  return text;
}

/** Installed before the page's scripts: times from the file chosen to the report's first page. */
function probe() {
  const bench = (window.__review = { chosen: null, drawn: null, painted: null, longTasks: [] });
  document.addEventListener(
    "change",
    (ev) => {
      if (ev.target?.id === "review-file") bench.chosen = performance.now();
    },
    true,
  );
  const observer = new MutationObserver(() => {
    if (bench.chosen !== null && bench.drawn === null && document.querySelector("main article.report .report-session")) {
      bench.drawn = performance.now();
      observer.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => (bench.painted = performance.now())));
    }
  });
  observer.observe(document, { childList: true, subtree: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch {
    bench.longTasks = null;
  }
}

function stats(values) {
  const xs = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!xs.length) return null;
  const mid = xs.length >> 1;
  return { median: xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2, min: xs[0], max: xs[xs.length - 1], n: xs.length };
}
const ms = (s) => (s ? `${Math.round(s.median)} ms (${Math.round(s.min)}–${Math.round(s.max)})` : "n/a");

async function run(browser, url, file, cpu) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-GB", timezoneId: "Europe/Paris" });
  await context.addInitScript(probe);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (err) => errors.push(err.message));
  const cdp = await context.newCDPSession(page);
  if (cpu > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpu });
  await page.goto(`${url}#/review`);
  await page.locator("#review-file").waitFor({ state: "attached", timeout: 60_000 });
  await page.locator("#review-file").setInputFiles(file);
  await page.waitForFunction(() => window.__review.painted !== null, null, { timeout: 300_000 });
  const result = await page.evaluate(() => {
    const b = window.__review;
    return {
      drawn: b.drawn - b.chosen,
      painted: b.painted - b.chosen,
      cards: document.querySelectorAll("main article.report article.entry-card").length,
      head: document.querySelector("main article.report header.report-head p")?.textContent ?? "",
      longTasks: b.longTasks?.filter((t) => t.start >= b.chosen && t.start <= b.painted) ?? [],
    };
  });
  await context.close();
  if (errors.length) throw new Error(`the page reported errors: ${errors.join("; ")}`);
  return result;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(path.join(os.tmpdir(), "waypoint-bench-review-"));
  const root = path.join(dir, "dist");
  cpSync(opts.dist, root, { recursive: true });
  writeFileSync(path.join(root, "sw.js"), "");
  const files = Object.fromEntries(
    SIZES.map((n) => {
      const file = path.join(dir, `report-${n}.json`);
      writeFileSync(file, bigReport(n));
      return [n, file];
    }),
  );
  const server = await startServer({ root, port: 0 });
  const browser = await launchBrowser();
  const results = [];
  try {
    for (const cpu of [1, 4]) {
      for (const n of SIZES) {
        const runs = [];
        for (let r = 0; r < opts.runs; r++) runs.push(await run(browser, server.url, files[n], cpu));
        const expected = `${n.toLocaleString("en-US").replace(/,/g, ",")} entries shared by the patient.`;
        const heads = [...new Set(runs.map((x) => x.head.split(" Private")[0]))];
        results.push({
          cpu,
          entries: n,
          drawn: stats(runs.map((x) => x.drawn)),
          painted: stats(runs.map((x) => x.painted)),
          cards: stats(runs.map((x) => x.cards)),
          longTasks: stats(runs.map((x) => x.longTasks.reduce((sum, t) => sum + t.duration, 0))),
          head: heads.join(" / "),
          expected,
        });
      }
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (opts.json) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  console.log(`Review mode, first page of a report (laptop 1280×800; ${opts.runs} runs each; median (min–max))`);
  for (const r of results) {
    console.log(
      `  ${r.cpu}× CPU, ${r.entries.toLocaleString("en-US")} entries: in the DOM ${ms(r.drawn)}, painted ${ms(r.painted)}; ` +
        `${Math.round(r.cards.median)} entry cards drawn; long tasks ${ms(r.longTasks)} in all; the report says "${r.head}"`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main().catch((error) => {
  console.error(`bench-review: ${error.stack ?? error}`);
  process.exit(1);
});
