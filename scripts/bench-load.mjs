#!/usr/bin/env node
// What a first visit costs on a mid-range phone, and how the journal's storage holds up at scale.
// Drives Debian's Chromium (playwright-core) against a finished build: it builds nothing.
// Prints figures; asserts nothing about time (the machine is shared, so timings are noisy:
// medians with their min–max spread).
//
// 1. First load, phone profile: 4x CPU slowdown, slow 4G (150 ms latency, 1.6 Mbit/s down,
//    750 kbit/s up), no cache, 360x740 mobile viewport, a fresh browser context each run.
//    Waypoint (dist/) and the bare Leptos counter (bench/counter/dist, scripts/bench-counter.sh)
//    run in turns, so noise falls on both alike; and, in the same turns, Waypoint started by a
//    returning patient over the network (a plan and three entries stored first, no service
//    worker): Today's module and the reader of what is stored come before its screen. Measured
//    per run:
//    - first contentful paint (the 'paint' performance entry);
//    - interactive: when the app's main heading exists (`main h1`; the counter: `main button`),
//      recorded in the page by a MutationObserver installed before any of the page's scripts;
//    - long tasks ('longtask' entries) that started before interactive: count and total ms;
//    - bytes transferred (CDP Network.loadingFinished encodedDataLength: bodies and headers).
//    Twice: as scripts/static-server.mjs serves the files (no compression), then through a
//    gzip-compressing proxy in front of it, as most static hosts serve them (--no-gzip skips it).
// 2. Storage at scale, 4x CPU slowdown, no network throttling: localStorage seeded with 3 and with
//    3,000 entries in exactly the records the Rust store writes (`waypoint.entry.<id>` holding
//    `{"schema_version":1,"data":{...}}`, the mix of benches/storage.rs), plus the plan of a
//    patient between sessions (the next one in two days), so Today opens with that session's card
//    and times. Measured: navigation start to interactive (and its long tasks); saving one quick
//    mood on Today (click "Save mood" to the toast "Mood 7/10 saved." in the DOM, and how many
//    `waypoint.` keys the save changed); the Journal rendering every entry. Then, per size, one
//    start-up and three saves under the CDP sampling profiler (not among the timings), to say what
//    the time is made of and what grows with the journal. Checks the app read every seeded record
//    (no `waypoint.rescued.` key appears, the Journal shows one card per entry).
// 3. The quota: a fresh origin's localStorage filled with typical entries until setItem throws.
//
// The builds are copied to a temporary directory first (other builds may rewrite dist/ meanwhile),
// with an empty sw.js: no service worker answers any request.
//
// usage: node scripts/bench-load.mjs [--dist DIR] [--counter-dist DIR] [--runs N] [--json]
//                                    [--no-gzip] [--only load|storage|quota]

import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { constants, gzipSync } from "node:zlib";
import { launchBrowser } from "../tests/e2e/harness.mjs";
import { startServer } from "./static-server.mjs";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Slow 4G: 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up, in the units CDP wants (bytes/s). */
const SLOW_4G = Object.freeze({
  offline: false,
  latency: 150,
  downloadThroughput: 1_600_000 / 8,
  uploadThroughput: 750_000 / 8,
  connectionType: "cellular4g",
});
const CPU_SLOWDOWN = 4;
const PHONE = Object.freeze({
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: "en-GB",
  timezoneId: "Europe/London",
});
const SIZES = [3, 3_000];
const SAVES = 5;
const PROFILED_SAVES = 3;

function parseArgs(argv) {
  const counterDefault = path.join(REPO_ROOT, "bench/counter/dist");
  const opts = {
    dist: path.join(REPO_ROOT, "dist"),
    counterDist: existsSync(path.join(counterDefault, "index.html")) ? counterDefault : null,
    runs: 5,
    json: false,
    gzip: true,
    only: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === "--dist") opts.dist = path.resolve(value());
    else if (arg === "--counter-dist") opts.counterDist = path.resolve(value());
    else if (arg === "--runs") opts.runs = Number(value());
    else if (arg === "--json") opts.json = true;
    else if (arg === "--no-gzip") opts.gzip = false;
    else if (arg === "--only") opts.only = value();
    else if (arg === "--help" || arg === "-h") {
      console.log("usage: node scripts/bench-load.mjs [--dist DIR] [--counter-dist DIR] [--runs N] [--json] [--no-gzip] [--only load|storage|quota]");
      process.exit(0);
    } else fail(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(opts.runs) || opts.runs < 1) fail("--runs wants a whole number of at least 1");
  if (opts.only && !["load", "storage", "quota"].includes(opts.only)) fail("--only wants load, storage or quota");
  if (!existsSync(path.join(opts.dist, "index.html"))) {
    console.error(`bench-load: ${path.relative(REPO_ROOT, opts.dist) || opts.dist}/index.html is missing: build first (trunk build --release --offline)`);
    process.exit(2);
  }
  if (opts.counterDist && !existsSync(path.join(opts.counterDist, "index.html"))) {
    console.error(`bench-load: ${opts.counterDist}/index.html is missing: run bash scripts/bench-counter.sh`);
    process.exit(2);
  }
  return opts;
}

function fail(message) {
  console.error(`bench-load: ${message}`);
  process.exit(2);
}

// --- Statistics and formatting ------------------------------------------------------------------

function stats(values) {
  const xs = values.filter((v) => typeof v === "number" && Number.isFinite(v)).sort((a, b) => a - b);
  if (!xs.length) return null;
  const mid = xs.length >> 1;
  const median = xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  return { median, min: xs[0], max: xs[xs.length - 1], n: xs.length };
}

const group = (n) => Math.round(n).toLocaleString("en-US");
const ms = (s) => (s ? `${group(s.median)} ms (${group(s.min)}–${group(s.max)})` : "n/a");
const ms1 = (s) => (s ? `${s.median.toFixed(1)} ms (${s.min.toFixed(1)}–${s.max.toFixed(1)})` : "n/a");
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const kbStats = (s) => (s ? `${kb(s.median)} (${(s.min / 1024).toFixed(1)}–${(s.max / 1024).toFixed(1)})` : "n/a");
const count = (s) => (s ? `${group(s.median)} (${group(s.min)}–${group(s.max)})` : "n/a");
const ratio = (a, b) => (a && b && b.median > 0 ? `${(a.median / b.median).toFixed(1)}x` : "");

function table(header, rows) {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => String(r[c] ?? "").length)));
  const line = (cells) => `  ${cells.map((cell, c) => String(cell ?? "").padEnd(widths[c])).join("   ")}`.trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

// --- Data: the records the Rust store writes ----------------------------------------------------

/**
 * Entry number `i` of the mix in benches/storage.rs (mood with words and a note, sleep, insight
 * with an answer and habits), as the `[key, value]` the Rust store writes: serde's field order,
 * the `kind` tag flattened into the entry, stamps as `2026-01-01T00:00:00+01:00`.
 * Self-contained: it is also sent into the page as source text.
 */
function typicalRecord(i) {
  const p2 = (n) => String(n).padStart(2, "0");
  const month = 1 + (Math.floor(i / 1344) % 12);
  const day = 1 + (Math.floor(i / 48) % 28);
  const at = `2026-${p2(month)}-${p2(day)}T${p2(Math.floor(i / 2) % 24)}:${p2((i * 7) % 60)}:00+01:00`;
  let body;
  if (i % 3 === 0) {
    body = {
      kind: "mood",
      rating: i % 11,
      emotions: ["calm", "tired"],
      note: "A slow morning; the fog lifted after breakfast and a short walk.",
    };
  } else if (i % 3 === 1) {
    body = {
      kind: "sleep",
      bedtime: "2026-03-01T23:10:00+01:00",
      wake: "2026-03-02T06:55:00+01:00",
      quality: 3,
      awakenings: 2,
      note: "Vivid dreams about the sea.",
    };
  } else {
    body = {
      kind: "insight",
      text: "I noticed I can rest without earning it first. The voice that says I must keep busy is old, and it is not mine.",
      answers: [{ prompt: "small_step", text: "Ten minutes outside after lunch, no phone." }],
      habits: { food: true, movement: true, rest: false, connection: true },
    };
  }
  const id = `e-${String(i).padStart(6, "0")}`;
  const entry = { id, written: at, edited: at, private: i % 10 === 0, discuss: i % 7 === 0, ...body };
  return [`waypoint.entry.${id}`, JSON.stringify({ schema_version: 1, data: entry })];
}

/**
 * The plan of a patient between sessions: welcomed, the next session two days from the benchmark's
 * start, the clock the locale's. So Today opens on what a returning patient sees: the session's
 * card with its date and time, the checklist's progress, the quick mood.
 */
function planRecord(now = Date.now()) {
  const planned = new Date(now + 2 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "+00:00");
  const session = {
    id: "s-bench-1",
    planned,
    setting: "clinic",
    place: "Harbour Clinic",
    route: null,
    phase: "induction",
    intention: "",
    started: null,
    ended: null,
    checklist: { ticked: ["medical"], hidden: [], own: [] },
    self_care: [],
  };
  const data = { welcomed: true, course: { sessions: [session] }, settings: { clock: "locale" } };
  return ["waypoint.plan", JSON.stringify({ schema_version: 1, data })];
}

// --- The page-side probe ------------------------------------------------------------------------

/**
 * Installed before any of the page's scripts (context.addInitScript): records when `selector`
 * first exists, the first contentful paint, and every long task, on `window.__bench`.
 */
function probe(selector) {
  const bench = (window.__bench = { interactive: null, fcp: null, longTasks: [] });
  const seen = () => {
    if (bench.interactive === null && document.querySelector(selector)) {
      bench.interactive = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(seen);
  observer.observe(document, { childList: true, subtree: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch {
    bench.longTasks = null; // not supported
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === "first-contentful-paint") bench.fcp = e.startTime;
    }).observe({ type: "paint", buffered: true });
  } catch {
    /* FCP stays null */
  }
}

/** A fresh phone: context, page, CDP session (CPU slowdown, network profile, no cache, bytes). */
async function newPhone(browser, { selector, network = null, cpu = CPU_SLOWDOWN }) {
  const context = await browser.newContext({ ...PHONE });
  await context.addInitScript(probe, selector);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (err) => errors.push(`uncaught: ${err.message}`));
  page.on("console", (msg) => {
    // A failed load is reported with its URL below, where a missing favicon can be told apart.
    if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) errors.push(`console.error: ${msg.text()}`);
  });
  page.on("response", (res) => {
    const url = new URL(res.url());
    const expected = ["/favicon.ico", "/__bench_blank__"]; // the counter has no icon; the blank page is a 404
    if (res.status() >= 400 && !expected.includes(url.pathname)) {
      errors.push(`HTTP ${res.status()} for ${url.pathname}`);
    }
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  if (network) await cdp.send("Network.emulateNetworkConditions", network);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpu });
  const net = { bytes: 0, requests: 0, urls: [] };
  cdp.on("Network.requestWillBeSent", (e) => {
    if (!/^https?:/.test(e.request.url)) return; // data: URLs (UA stylesheet icons) cost nothing
    net.requests++;
    net.urls.push(e.request.url.replace(/^https?:\/\/[^/]+/, ""));
  });
  cdp.on("Network.loadingFinished", (e) => (net.bytes += e.encodedDataLength));
  return { context, page, cdp, net, errors, close: () => context.close() };
}

/** Navigates and waits for interactive and the paint; returns the probe's figures. */
async function load(phone, url, { timeout = 60_000 } = {}) {
  phone.net.bytes = 0;
  phone.net.requests = 0;
  phone.net.urls = [];
  await phone.page.goto(url, { waitUntil: "commit", timeout });
  try {
    await phone.page.waitForFunction(() => window.__bench?.interactive != null, null, { timeout, polling: 250 });
  } catch (err) {
    const why = phone.errors.length ? phone.errors.join("; ") : err.message.split("\n")[0];
    throw new Error(`${url} never showed its heading: ${why}`);
  }
  await phone.page
    .waitForFunction(() => window.__bench.fcp != null, null, { timeout: 10_000, polling: 250 })
    .catch(() => {});
  // Let the long-task observer deliver what ended around interactive.
  await phone.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 300))));
  const b = await phone.page.evaluate(() => window.__bench);
  const before = b.longTasks?.filter((t) => t.start < b.interactive) ?? null;
  return {
    fcp: b.fcp,
    interactive: b.interactive,
    longTasks: before ? before.length : null,
    longTaskMs: before ? before.reduce((n, t) => n + t.duration, 0) : null,
    longestTaskMs: before?.length ? Math.max(...before.map((t) => t.duration)) : before ? 0 : null,
    bytes: phone.net.bytes,
    requests: phone.net.requests,
    urls: phone.net.urls,
  };
}

// --- A gzip proxy, as a real static host would compress ---------------------------------------

/** Serves `target` (a static-server URL) gzipped (level 9, cached per file) where the client accepts it. */
async function startGzipProxy(target) {
  const cache = new Map();
  const compressible = /^(text\/|application\/(wasm|javascript|json|manifest\+json)|image\/svg)/;
  const server = http.createServer((req, res) => {
    const upstream = http.request(new URL(req.url, target), { method: req.method, headers: { ...req.headers, "accept-encoding": "identity" } }, (up) => {
      const chunks = [];
      up.on("data", (c) => chunks.push(c));
      up.on("end", () => {
        const body = Buffer.concat(chunks);
        const headers = { ...up.headers };
        const wants = /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");
        if (up.statusCode === 200 && wants && compressible.test(headers["content-type"] ?? "") && body.length > 0) {
          const key = `${req.url} ${headers["last-modified"]} ${body.length}`;
          if (!cache.has(key)) cache.set(key, gzipSync(body, { level: constants.Z_BEST_COMPRESSION }));
          const gz = cache.get(key);
          headers["content-encoding"] = "gzip";
          headers["content-length"] = String(gz.length);
          headers.vary = "Accept-Encoding";
          res.writeHead(up.statusCode, headers);
          res.end(req.method === "HEAD" ? undefined : gz);
        } else {
          res.writeHead(up.statusCode, headers);
          res.end(body);
        }
      });
    });
    upstream.on("error", (err) => res.destroy(err));
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  return {
    url,
    /** Compresses these files once now, so no run pays for it. */
    warm: (files) =>
      Promise.all(
        files.map(
          (f) => new Promise((resolve) => http.get(new URL(f, url), { headers: { "accept-encoding": "gzip" } }, (r) => r.resume().on("end", resolve))),
        ),
      ),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}

/** The files of a dist that its index.html names: links, scripts, the glue's import, the wasm. */
function indexAssets(dist) {
  const html = readFileSync(path.join(dist, "index.html"), "utf8");
  const found = new Set();
  for (const m of html.matchAll(/(?:href|src)=["']?(?:\.\/)?([^"' >:]+\.(?:js|css|wasm|svg))/g)) found.add(m[1]);
  for (const m of html.matchAll(/["'`](?:\.\/)?([^"'`\s:]+(?:_bg\.wasm|\.js))["'`]/g)) found.add(m[1]);
  return [...found];
}

// --- 1. First load on a phone ---------------------------------------------------------------------

async function firstLoad(browser, sites, opts, wire) {
  const results = Object.fromEntries(sites.map((s) => [s.name, []]));
  const errors = [];
  for (let run = 0; run < opts.runs; run++) {
    for (const site of sites) {
      const phone = await newPhone(browser, { selector: site.selector, network: SLOW_4G });
      try {
        if (site.seed) await seed(phone.page, site.url[wire], site.seed);
        results[site.name].push(await load(phone, site.url[wire]));
        errors.push(...phone.errors.map((e) => `${site.name}: ${e}`));
      } finally {
        await phone.close();
      }
    }
  }
  const summary = {};
  for (const site of sites) {
    const runs = results[site.name];
    summary[site.name] = {
      runs,
      fcp: stats(runs.map((r) => r.fcp)),
      interactive: stats(runs.map((r) => r.interactive)),
      longTasks: stats(runs.map((r) => r.longTasks)),
      longTaskMs: stats(runs.map((r) => r.longTaskMs)),
      bytes: stats(runs.map((r) => r.bytes)),
      requests: stats(runs.map((r) => r.requests)),
    };
  }
  return { wire, summary, errors: [...new Set(errors)] };
}

function printFirstLoad(result, sites, title) {
  const [app, counter] = sites.filter((s) => !s.seed).map((s) => result.summary[s.name]);
  const returning = sites.find((s) => s.seed);
  const back = returning && result.summary[returning.name];
  const header = ["median (min–max)", sites[0].label, ...(counter ? [sites[1].label, "ratio"] : []), ...(back ? [returning.label] : [])];
  const row = (label, key, fmt) => [
    label,
    fmt(app[key]),
    ...(counter ? [fmt(counter[key]), ratio(app[key], counter[key])] : []),
    ...(back ? [fmt(back[key])] : []),
  ];
  console.log(title);
  console.log(
    table(header, [
      row("first contentful paint", "fcp", ms),
      row("interactive (heading/button)", "interactive", ms),
      row("long tasks before interactive", "longTasks", count),
      row("  their total", "longTaskMs", ms),
      row("transferred", "bytes", kbStats),
      row("requests", "requests", count),
    ]),
  );
  for (const e of result.errors) console.log(`  page error: ${e}`);
}

// --- 2. Storage at scale -----------------------------------------------------------------------------

/** A 404 page of the app's origin: same localStorage, and none of the app's code runs. */
const blankOf = (appUrl) => new URL("__bench_blank__", appUrl).href;

async function seed(page, appUrl, pairs) {
  await page.goto(blankOf(appUrl));
  await page.evaluate((pairs) => {
    localStorage.clear();
    for (const [k, v] of pairs) localStorage.setItem(k, v);
  }, pairs);
}

/** In the page: quick-mood saves on Today, each timed from the click to its toast. */
async function timedSaves(page, saves, { diff = true } = {}) {
  return page.evaluate(async ({ saves, diff }) => {
    const until = (test, what, limit = 20_000) =>
      new Promise((resolve, reject) => {
        const start = performance.now();
        const poll = () => {
          const v = test();
          if (v) resolve(v);
          else if (performance.now() - start > limit) reject(new Error(`timed out waiting for ${what}`));
          else setTimeout(poll, 16);
        };
        poll();
      });
    const snapshot = () => {
      const m = new Map();
      if (!diff) return m;
      for (let i = 0; i < localStorage.length; i++) {
        const k = localStorage.key(i);
        if (k.startsWith("waypoint.")) m.set(k, localStorage.getItem(k));
      }
      return m;
    };
    const saveButton = () => [...document.querySelectorAll("main button")].find((b) => b.textContent.trim() === "Save mood");
    const out = [];
    for (let s = 0; s < saves; s++) {
      document.querySelector('.toast button[aria-label="Dismiss message"]')?.click();
      await until(() => !document.querySelector(".toast"), "the last toast to go");
      const seven = await until(() => document.querySelector('label.scale-option input[value="7"]'), "the mood scale");
      seven.closest("label").click();
      await until(() => saveButton() && !saveButton().disabled, "Save mood to be enabled");
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
      const before = snapshot();
      const toastAt = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          const toast = document.querySelector(".toast");
          if (toast && toast.textContent.includes("Mood 7/10 saved.")) {
            observer.disconnect();
            resolve(performance.now());
          }
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      });
      const t0 = performance.now();
      saveButton().click();
      const handler = performance.now() - t0;
      const toast = (await toastAt) - t0;
      const after = snapshot();
      let changed = 0;
      for (const k of new Set([...before.keys(), ...after.keys()])) if (before.get(k) !== after.get(k)) changed++;
      out.push({ handler, toast, changed });
    }
    return out;
  }, { saves, diff });
}

/** Entries the Journal draws at a time (PAGE in src/ui/journal.rs). */
const JOURNAL_PAGE = 60;

/** In the page: open the Journal and time it until it shows `expected` entry cards. */
async function timedJournal(page, expected) {
  return page.evaluate(async (expected) => {
    const t0 = performance.now();
    location.hash = "#/journal";
    return new Promise((resolve) => {
      const poll = () => {
        const cards = document.querySelectorAll("article.entry-card").length;
        if (cards >= expected) resolve({ ms: performance.now() - t0, cards });
        else if (performance.now() - t0 > 120_000) resolve({ ms: null, cards });
        else requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
    });
  }, expected);
}

/** What a profiled function is, from its call frame. */
function kindOf(frame) {
  const name = frame.functionName;
  if (name === "(idle)") return "idle";
  if (name === "(program)") return "browser internals: parse, style, layout, wasm compile";
  if (name === "(garbage collector)") return "garbage collection";
  if (name === "(root)") return "root";
  if (frame.url.endsWith(".wasm") || name.startsWith("wasm-function") || name.startsWith("$")) return "Rust code (wasm)";
  if (name === "wasm-to-js" || name === "js-to-wasm") return "wasm/JS boundary crossings";
  if (frame.url.endsWith(".js")) return "wasm-bindgen JS glue";
  // Evaluated scripts (the probe, Playwright's polling, the timed-save driver) have an id, no URL.
  if (!frame.url && frame.scriptId !== "0") return "this benchmark's own probes";
  if (!frame.url) return "browser APIs the glue calls (getItem, TextDecoder, DOM)";
  return "other JS";
}
const KINDS = [
  "Rust code (wasm)",
  "wasm-bindgen JS glue",
  "wasm/JS boundary crossings",
  "browser APIs the glue calls (getItem, TextDecoder, DOM)",
  "browser internals: parse, style, layout, wasm compile",
  "garbage collection",
  "other JS",
  "this benchmark's own probes",
];

/** Self time (ms) of a CPU profile by kind and by function; idle time left out. */
function profileBreakdown(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = {};
  const byKind = {};
  const dts = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const f = byId.get(profile.samples[i]).callFrame;
    const kind = kindOf(f);
    if (kind === "idle" || kind === "root") continue;
    const dt = (dts[i + 1] ?? 0) / 1000; // a sample lasts until the next one
    const where = f.url ? path.basename(new URL(f.url, "http://x/").pathname).replace(/-[0-9a-f]{6,16}/, "") : "";
    const name = `${f.functionName || "(anonymous)"}${where ? ` [${where}]` : ""}`;
    if (!kind.startsWith("this benchmark")) byFunction[name] = (byFunction[name] ?? 0) + dt;
    byKind[kind] = (byKind[kind] ?? 0) + dt;
  }
  const busyMs = Object.entries(byKind).reduce((n, [k, t]) => (k.startsWith("this benchmark") ? n : n + t), 0);
  return { byKind, byFunction, busyMs };
}

/** Runs `work` under the CDP sampling profiler and returns its breakdown. */
async function profiled(cdp, work) {
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 250 });
  await cdp.send("Profiler.start");
  const result = await work();
  const { profile } = await cdp.send("Profiler.stop");
  await cdp.send("Profiler.disable");
  return { result, profile: profileBreakdown(profile) };
}

async function storageAtScale(browser, appUrl, opts) {
  const out = { sizes: [], errors: [] };
  for (const n of SIZES) {
    const pairs = [planRecord(), ...Array.from({ length: n }, (_, i) => typicalRecord(i))];
    const units = pairs.reduce((sum, [k, v]) => sum + k.length + v.length, 0);
    const phone = await newPhone(browser, { selector: "main h1" });
    const size = { entries: n, storedUnits: units, loads: [], saves: [] };
    try {
      await seed(phone.page, appUrl, pairs);
      for (let run = 0; run < opts.runs; run++) {
        await phone.page.goto(blankOf(appUrl));
        size.loads.push(await load(phone, `${appUrl}#/today`));
      }
      // What the app really read: the Today heading (not the welcome form), no record moved aside.
      const heading = await phone.page.textContent("main h1");
      if (heading.trim() !== "Today") throw new Error(`expected Today, got "${heading.trim()}": the plan record was not read`);
      const next = await phone.page.locator("main section[aria-labelledby='next-title']").innerText({ timeout: 5_000 }).catch(() => "");
      if (!next.includes("Harbour Clinic")) throw new Error(`Today shows no card for the seeded session: the plan record was not read as meant`);
      size.saves = await timedSaves(phone.page, SAVES);
      const keys = await phone.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("waypoint.")));
      size.rescued = keys.filter((k) => k.startsWith("waypoint.rescued."));
      size.entryKeys = keys.filter((k) => k.startsWith("waypoint.entry.")).length;
      if (size.rescued.length) {
        throw new Error(`the app moved ${size.rescued.length} seeded records aside (${size.rescued[0]}, ...): the JSON shape is wrong`);
      }
      // The Journal draws a page of entries at a time (PAGE in src/ui/journal.rs) and offers the rest.
      const firstPage = Math.min(n + SAVES, JOURNAL_PAGE);
      size.journal = await timedJournal(phone.page, firstPage);
      if (size.journal.cards !== firstPage) {
        throw new Error(`the Journal shows ${size.journal.cards} entries, expected ${firstPage}`);
      }
      const more = await phone.page.evaluate(() =>
        [...document.querySelectorAll("main button")].map((b) => b.textContent).find((t) => t.startsWith("Show earlier entries")) ?? "",
      );
      if (n + SAVES > JOURNAL_PAGE && !more.includes(`(${n + SAVES - JOURNAL_PAGE} more)`)) {
        throw new Error(`the Journal should offer ${n + SAVES - JOURNAL_PAGE} earlier entries, it says "${more}"`);
      }
      // Profiled (so not among the timings): one start-up, then a few saves, to say where time goes.
      await phone.page.goto(blankOf(appUrl));
      const start = await profiled(phone.cdp, () => load(phone, `${appUrl}#/today`));
      size.startProfile = { interactive: start.result.interactive, ...start.profile };
      const saves = await profiled(phone.cdp, () => timedSaves(phone.page, PROFILED_SAVES, { diff: false }));
      size.saveProfile = { saves: PROFILED_SAVES, ...saves.profile };
      out.errors.push(...phone.errors.map((e) => `${n} entries: ${e}`));
    } finally {
      await phone.close();
    }
    size.summary = {
      interactive: stats(size.loads.map((r) => r.interactive)),
      longTasks: stats(size.loads.map((r) => r.longTasks)),
      longTaskMs: stats(size.loads.map((r) => r.longTaskMs)),
      longestTaskMs: stats(size.loads.map((r) => r.longestTaskMs)),
      saveToast: stats(size.saves.map((s) => s.toast)),
      saveHandler: stats(size.saves.map((s) => s.handler)),
      keysChanged: stats(size.saves.map((s) => s.changed)),
    };
    out.sizes.push(size);
  }
  return out;
}

function printStorage(result) {
  console.log(`Storage at scale (${CPU_SLOWDOWN}x CPU slowdown, no network throttling, median (min–max)):`);
  const [a, b] = result.sizes;
  const col = (s) => `${group(s.entries)} entries`;
  const rows = [
    ["stored (UTF-16 units, plan + entries)", ...result.sizes.map((s) => `${group(s.storedUnits)} (${kb(s.storedUnits)} as ASCII)`)],
    ["navigation start to interactive", ...result.sizes.map((s) => ms(s.summary.interactive))],
    ["long tasks before interactive", ...result.sizes.map((s) => count(s.summary.longTasks))],
    ["  their total", ...result.sizes.map((s) => ms(s.summary.longTaskMs))],
    ["  the longest", ...result.sizes.map((s) => ms(s.summary.longestTaskMs))],
    [`save one mood: click to toast (${SAVES} saves)`, ...result.sizes.map((s) => ms1(s.summary.saveToast))],
    ["  of which the click handler", ...result.sizes.map((s) => ms1(s.summary.saveHandler))],
    ["  waypoint. keys changed per save", ...result.sizes.map((s) => count(s.summary.keysChanged))],
    ["Journal: open to its first page shown", ...result.sizes.map((s) => (s.journal?.ms != null ? `${group(s.journal.ms)} ms (${group(s.journal.cards)} cards)` : "n/a"))],
    ["records moved aside as unreadable", ...result.sizes.map((s) => String(s.rescued?.length ?? "n/a"))],
  ];
  console.log(table(["", col(a), col(b)], rows));
  const interactiveRatio = ratio(b.summary.interactive, a.summary.interactive);
  const saveRatio = ratio(b.summary.saveToast, a.summary.saveToast);
  console.log(`  ${group(b.entries)} vs ${group(a.entries)} entries: start-up ${interactiveRatio}, one save ${saveRatio}`);
  printProfiles(result.sizes);
  for (const e of result.errors) console.log(`  page error: ${e}`);
}

/** CPU self time of the profiled start-ups and saves, by kind, and the functions that grew most. */
function printProfiles(sizes) {
  const [a, b] = sizes;
  if (!a.startProfile || !b.startProfile) return;
  const perSave = (s, kind) => (s.saveProfile.byKind[kind] ?? 0) / s.saveProfile.saves;
  const cell = (t) => `${group(t)} ms`;
  const cell1 = (t) => `${t.toFixed(1)} ms`;
  const rows = KINDS.filter((k) => sizes.some((s) => s.startProfile.byKind[k] || s.saveProfile.byKind[k])).map((k) => [
    k,
    cell(a.startProfile.byKind[k] ?? 0),
    cell(b.startProfile.byKind[k] ?? 0),
    cell1(perSave(a, k)),
    cell1(perSave(b, k)),
  ]);
  rows.push([
    "busy in all (the app's)",
    cell(a.startProfile.busyMs),
    cell(b.startProfile.busyMs),
    cell1(a.saveProfile.busyMs / a.saveProfile.saves),
    cell1(b.saveProfile.busyMs / b.saveProfile.saves),
  ]);
  console.log("");
  console.log("Where the CPU time goes (sampling profiler, one profiled start-up and 3 saves per size; self time, idle left out):");
  const n = (s) => group(s.entries);
  console.log(table(["", `start-up, ${n(a)}`, `start-up, ${n(b)}`, `per save, ${n(a)}`, `per save, ${n(b)}`], rows));
  const growth = (pa, pb, per = 1) =>
    Object.keys({ ...pa.byFunction, ...pb.byFunction })
      .map((name) => [name, ((pb.byFunction[name] ?? 0) - (pa.byFunction[name] ?? 0)) / per])
      .filter(([, d]) => d > 0)
      .sort((x, y) => y[1] - x[1])
      .slice(0, 8);
  console.log(`  start-up, what grew most from ${n(a)} to ${n(b)} entries:`);
  for (const [name, d] of growth(a.startProfile, b.startProfile)) console.log(`    +${group(d).padStart(5)} ms  ${name}`);
  console.log(`  one save, what grew most from ${n(a)} to ${n(b)} entries:`);
  for (const [name, d] of growth(a.saveProfile, b.saveProfile, b.saveProfile.saves)) console.log(`    +${d.toFixed(1).padStart(6)} ms  ${name}`);
}

// --- 3. The quota --------------------------------------------------------------------------------------

async function quota(browser, appUrl) {
  const context = await browser.newContext({ ...PHONE });
  try {
    const page = await context.newPage();
    await page.goto(blankOf(appUrl));
    const source = typicalRecord.toString();
    let written = 0;
    let full = false;
    const batch = 2_000;
    while (!full) {
      const r = await page.evaluate(
        ({ source, start, batch }) => {
          const make = (0, eval)(`(${source})`);
          for (let i = start; i < start + batch; i++) {
            const [k, v] = make(i);
            try {
              localStorage.setItem(k, v);
            } catch (e) {
              return { written: i - start, full: true, error: `${e.name}: ${e.message}` };
            }
          }
          return { written: batch, full: false };
        },
        { source, start: written, batch },
      );
      written += r.written;
      full = r.full;
      if (written > 1_000_000) throw new Error("localStorage never filled");
      if (full) {
        const units = await page.evaluate(() => {
          let n = 0;
          for (let i = 0; i < localStorage.length; i++) {
            const k = localStorage.key(i);
            n += k.length + localStorage.getItem(k).length;
          }
          return n;
        });
        return { entries: written, units, error: r.error, perEntry: units / written };
      }
    }
  } finally {
    await context.close();
  }
}

function printQuota(q) {
  console.log("Quota (a fresh origin's localStorage, typical entries until setItem throws):");
  console.log(
    `  ${group(q.entries)} entries fit, ${group(q.units)} UTF-16 units (${(q.units / 1e6).toFixed(2)} M; ` +
      `${group(q.perEntry)} units per entry); the next write threw ${q.error.split(":")[0]}`,
  );
  console.log(
    `  Waypoint's own estimate (storage::QUOTA_UNITS = 5,000,000 units) would say ≈ ${group(5e6 / q.perEntry)} entries; ` +
      `this Chromium held ${(q.units / 5e6).toFixed(2)}x that`,
  );
}

// --- Main ----------------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const servers = [];
  const browser = await launchBrowser();
  // Serve copies: other builds may rewrite dist/ while this runs.
  const snapshots = mkdtempSync(path.join(os.tmpdir(), "bench-load-"));
  const snapshot = (dir, name) => {
    const copy = path.join(snapshots, name);
    cpSync(dir, copy, { recursive: true });
    // An empty service worker in place of the app's: a first visit has none yet, and once installed
    // the app's would answer every later navigation (even the blank seeding page) from its cache. A
    // worker with no fetch handler is skipped by the browser. (Playwright's serviceWorkers: "block"
    // would not do: its register() resolves to nothing, which pwa.js trips on.)
    if (existsSync(path.join(copy, "sw.js"))) writeFileSync(path.join(copy, "sw.js"), "// bench-load: no offline copy\n");
    const missing = indexAssets(copy).filter((f) => !existsSync(path.join(copy, f)));
    if (missing.length) {
      rmSync(snapshots, { recursive: true, force: true });
      console.error(`bench-load: ${path.relative(REPO_ROOT, dir) || dir} is incomplete (no ${missing.join(", ")}): is another build writing it? Rebuild, then re-run.`);
      process.exit(2);
    }
    return copy;
  };
  const report = { profile: { cpuSlowdown: CPU_SLOWDOWN, network: SLOW_4G, viewport: PHONE.viewport, runs: opts.runs } };
  const chromiumVersion = browser.version();
  try {
    const appRoot = snapshot(opts.dist, "app");
    const app = await startServer({ root: appRoot, port: 0 });
    servers.push(app);
    const sites = [{ name: "waypoint", label: "Waypoint", selector: "main h1", dist: appRoot, url: { identity: app.url } }];
    if (opts.counterDist) {
      const root = snapshot(opts.counterDist, "counter");
      const counter = await startServer({ root, port: 0 });
      servers.push(counter);
      sites.push({ name: "counter", label: "Leptos counter", selector: "main button", dist: root, url: { identity: counter.url } });
    }
    // A returning patient's start over the network (no service worker, as here): a journal is
    // stored, so Today's module and the reader come before the screen (the plan between
    // sessions and three entries).
    const journal = [planRecord(), ...Array.from({ length: 3 }, (_, i) => typicalRecord(i))];
    sites.push({ name: "returning", label: "Waypoint, returning", selector: "main h1", dist: appRoot, url: { identity: app.url }, seed: journal });
    const say = (text) => (opts.json ? null : console.log(text));
    say(`Chromium ${chromiumVersion}; ${opts.runs} runs each; dist: ${path.relative(REPO_ROOT, opts.dist) || opts.dist}`);

    if (!opts.only || opts.only === "load") {
      const profile = `phone profile: ${CPU_SLOWDOWN}x CPU slowdown, slow 4G (150 ms, 1.6 Mbit/s down, 750 kbit/s up), no cache, 360x740`;
      report.identity = await firstLoad(browser, sites, opts, "identity");
      if (!opts.json) {
        say("");
        printFirstLoad(report.identity, sites, `First load, ${profile}; as scripts/static-server.mjs serves it (no compression):`);
      }
      if (opts.gzip) {
        for (const site of sites) {
          const proxy = await startGzipProxy(site.url.identity);
          servers.push(proxy);
          await proxy.warm(indexAssets(site.dist));
          site.url.gzip = proxy.url;
        }
        report.gzip = await firstLoad(browser, sites, opts, "gzip");
        if (!opts.json) {
          say("");
          printFirstLoad(report.gzip, sites, "Same, with gzip -9 on the wire (as most static hosts serve it):");
        }
      }
    }
    if (!opts.only || opts.only === "storage") {
      report.storage = await storageAtScale(browser, app.url, opts);
      if (!opts.json) {
        say("");
        printStorage(report.storage);
      }
    }
    if (!opts.only || opts.only === "quota") {
      report.quota = await quota(browser, app.url);
      if (!opts.json) {
        say("");
        printQuota(report.quota);
      }
    }
    report.seconds = (Date.now() - started) / 1000;
    if (opts.json) console.log(JSON.stringify(report, null, 2));
    else say(`\n(bench-load took ${report.seconds.toFixed(0)} s)`);
  } finally {
    await browser.close();
    for (const s of servers.reverse()) await s.close();
    rmSync(snapshots, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench-load: ${err.stack ?? err}`);
  process.exit(1);
});
