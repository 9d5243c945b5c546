#!/usr/bin/env node
// Measures what a phone downloads on its first visit, from a finished build (it builds nothing).
//
// "First load" is index.html plus every HTML, JS, wasm and CSS file it references, followed
// through JS imports (wasm-bindgen snippets, the split loader); a manifest, icons or a service
// worker script (the string passed to `.register(`) are listed apart and not counted, and so are
// the split-off wasm modules the loader fetches only when a screen first opens (a
// `new URL("./x.wasm", import.meta.url)`, as split-build.mjs loaderFetches reads them): "Fetched
// on demand". Sizes are raw and gzip -9 (node:zlib), in KB of 1024 bytes.
// Exits 1 when the first-load gzip total is over budget (120 KB), 2 when the build is missing.
// When bench/counter/dist exists (scripts/bench-counter.sh), compares against a bare Leptos
// counter: the floor any Leptos app pays.
//
// With --ceiling-kb (a number or a file), the budget is still reported but the exit code follows
// the ceiling instead: a ratchet that stops growth while the build is over budget.
//
// usage: node scripts/bench-bundle.mjs [--dist DIR] [--budget-kb N] [--no-budget]
//                                      [--ceiling-kb N|FILE] [--json]

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { constants, gzipSync } from "node:zlib";
import { loaderFetches, SCREEN_STYLES } from "./split-build.mjs";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const FIRST_LOAD_EXTENSIONS = new Set([".html", ".js", ".mjs", ".wasm", ".css"]);
const DEFAULT_BUDGET_BYTES = 120 * 1024;

function parseArgs(argv) {
  const opts = { dist: path.join(REPO_ROOT, "dist"), budget: DEFAULT_BUDGET_BYTES, ceiling: Infinity, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--dist") opts.dist = path.resolve(argv[++i]);
    else if (arg === "--budget-kb") opts.budget = Math.round(Number(argv[++i]) * 1024);
    else if (arg === "--no-budget") opts.budget = Infinity;
    else if (arg === "--ceiling-kb") opts.ceiling = Math.round(Number(readFileOrValue(argv[++i])) * 1024);
    else if (arg === "--json") opts.json = true;
    else {
      console.error(`bench-bundle: unknown argument ${arg}`);
      process.exit(2);
    }
  }
  if (!(opts.budget > 0)) {
    console.error("bench-bundle: --budget-kb wants a positive number");
    process.exit(2);
  }
  return opts;
}

// A number, or a file holding one (bench/bundle-ceiling-kb), comments after `#` ignored.
function readFileOrValue(arg) {
  if (arg && existsSync(arg)) return readFileSync(arg, "utf8").replace(/#.*$/gm, "").trim();
  return arg;
}

const gzipBytes = (buf) => gzipSync(buf, { level: constants.Z_BEST_COMPRESSION }).length;

function listFiles(dir, prefix = "") {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(path.join(dir, entry.name), rel) : [rel];
  });
}

// Every quoted, url()-wrapped or unquoted-attribute string in a text file that names a file of dist/, relative to
// the referencing file (or to dist/ for "/..." paths).
function referencedFiles(dist, fromRel, text, known, onDemand = new Set()) {
  const found = new Set();
  const resolve = (ref) =>
    ref.startsWith("/") ? ref.slice(1) : path.posix.normalize(path.posix.join(path.posix.dirname(fromRel), ref));
  // Split-off modules: the loader fetches them when a screen that needs them first opens, and
  // with the first screen the screens' stylesheet (split-build.mjs, SCREEN_STYLES).
  const fetchedLater = new Set(loaderFetches(text).map((file) => resolve(`./${file}`)));
  if (fetchedLater.size) fetchedLater.add(resolve(`./${SCREEN_STYLES}`));
  for (const rel of fetchedLater) if (known.has(rel)) onDemand.add(rel);
  // A quoted string, url(...), or an unquoted attribute value (minified HTML: href=./app.css).
  const pattern = /(?:["'`(]\s*|=)([^"'`()\s<>=]+?\.(?:html|m?js|wasm|css))(?:[?#][^"'`()\s<>]*)?(?=\s*["'`)]|[\s>])/g;
  for (const match of text.matchAll(pattern)) {
    const ref = match[1];
    // A service worker is fetched after the page has loaded, to cache it for offline use.
    if (/\.register\(\s*$/.test(text.slice(Math.max(0, match.index - 40), match.index))) continue;
    if (/^[a-z]+:/i.test(ref) || ref.startsWith("//")) continue; // absolute URL: not ours
    const rel = resolve(ref);
    if (!known.has(rel)) continue;
    if (fetchedLater.has(rel)) onDemand.add(rel);
    else found.add(rel);
  }
  return found;
}

/** Sizes of the first-load files and of the rest of dist/. */
export function measure(dist) {
  const all = listFiles(dist);
  const known = new Set(all);
  if (!known.has("index.html")) return null;

  const firstLoad = new Set(["index.html"]);
  const onDemandRefs = new Set();
  const queue = ["index.html"];
  while (queue.length) {
    const rel = queue.shift();
    if (rel.endsWith(".wasm")) continue;
    const text = readFileSync(path.join(dist, rel), "utf8");
    for (const ref of referencedFiles(dist, rel, text, known, onDemandRefs)) {
      if (FIRST_LOAD_EXTENSIONS.has(path.extname(ref)) && !firstLoad.has(ref)) {
        firstLoad.add(ref);
        queue.push(ref);
      }
    }
  }

  const row = (rel) => {
    const buf = readFileSync(path.join(dist, rel));
    return { file: rel, raw: buf.length, gzip: gzipBytes(buf) };
  };
  const order = (a, b) => a.localeCompare(b);
  const first = [...firstLoad].sort(order).map(row);
  const onDemand = [...onDemandRefs].filter((f) => !firstLoad.has(f)).sort(order).map(row);
  const counted = new Set([...firstLoad, ...onDemandRefs]);
  const other = all.filter((f) => !counted.has(f) && statSync(path.join(dist, f)).isFile()).sort(order).map(row);
  const sum = (rows, key) => rows.reduce((n, r) => n + r[key], 0);
  return {
    first,
    onDemand,
    other,
    total: { raw: sum(first, "raw"), gzip: sum(first, "gzip") },
    onDemandTotal: { raw: sum(onDemand, "raw"), gzip: sum(onDemand, "gzip") },
  };
}

const kb = (bytes) => (bytes / 1024).toFixed(1);

function printTable(title, rows, total) {
  const width = Math.max(28, ...rows.map((r) => r.file.length));
  const line = (file, raw, gz) => `  ${file.padEnd(width)}  ${raw.padStart(10)}  ${gz.padStart(10)}`;
  console.log(title);
  console.log(line("file", "raw KB", "gzip KB"));
  for (const r of rows) console.log(line(r.file, kb(r.raw), kb(r.gzip)));
  if (total) console.log(line("total", kb(total.raw), kb(total.gzip)));
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const app = existsSync(opts.dist) ? measure(opts.dist) : null;
  if (!app) {
    console.error(`bench-bundle: ${path.relative(REPO_ROOT, opts.dist) || opts.dist}/index.html is missing: build first (trunk build --release --offline)`);
    process.exit(2);
  }
  const counterDist = path.join(REPO_ROOT, "bench/counter/dist");
  const counter = opts.dist !== counterDist && existsSync(counterDist) ? measure(counterDist) : null;

  if (opts.json) {
    console.log(JSON.stringify({ dist: opts.dist, ...app, budget: opts.budget, counter: counter?.total ?? null }, null, 2));
  } else {
    printTable(`First load (${path.relative(REPO_ROOT, opts.dist) || opts.dist}):`, app.first, app.total);
    if (app.onDemand.length) {
      printTable("Fetched on demand, when a screen first opens (not counted; precached once the app is installed):", app.onDemand, app.onDemandTotal);
    }
    if (app.other.length) printTable("Not on the first load (not counted):", app.other);
    if (counter) {
      console.log(
        `Bare Leptos counter (bench/counter/dist): ${kb(counter.total.raw)} KB raw, ${kb(counter.total.gzip)} KB gzip; ` +
          `this build is ${(app.total.gzip / counter.total.gzip).toFixed(2)}x its gzip size`,
      );
    }
  }

  if (Number.isFinite(opts.budget)) {
    const verdict = app.total.gzip <= opts.budget ? "within" : "OVER";
    const say = opts.json ? console.error : console.log; // keep --json output parseable
    say(`First-load gzip: ${kb(app.total.gzip)} KB (${app.total.gzip} bytes), ${verdict} the budget of ${kb(opts.budget)} KB (${opts.budget} bytes)`);
    if (Number.isFinite(opts.ceiling)) {
      // The ratchet: while the build is over the budget, it must not grow past the recorded
      // ceiling (bench/bundle-ceiling-kb). Lower the ceiling whenever the build shrinks.
      const held = app.total.gzip <= opts.ceiling;
      say(`Ratchet: ${held ? "at or under" : "OVER"} the recorded ceiling of ${kb(opts.ceiling)} KB`);
      if (!held) process.exit(1);
    } else if (app.total.gzip > opts.budget) process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
