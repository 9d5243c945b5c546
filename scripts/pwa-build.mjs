#!/usr/bin/env node
// Trunk post_build hook (Trunk.toml [[hooks]]): makes the staged build an installable, offline,
// CSP-locked app. Trunk runs it with TRUNK_STAGING_DIR (the folder about to become dist/) and
// TRUNK_PROFILE; it can also be run on any built folder:
//
//   node scripts/pwa-build.mjs [--dir DIR] [--profile release|debug]
//
// 1. index.html gets a Content-Security-Policy <meta>, right after <meta charset> and so before
//    every script and link. The page has inline scripts (Trunk's <script type="module"> loader,
//    index.html's early theme script), so the policy allows exactly those, by their sha256. A build whose HTML needs
//    anything the policy forbids (an inline style or event handler) fails here, not in a phone.
//    The meta is the one source of truth: scripts/static-server.mjs ({csp: true}, --csp) reads
//    it back and sends it as a header too, adding frame-ancestors (ignored in a meta).
// 2. sw.js is written from the template public/sw.js, with VERSION (a hash of every emitted
//    file's name and content, and of the template) and PRECACHE (every emitted file, relative
//    to sw.js, read from the folder: never a hand-kept list). Debug builds get PRECACHE = null:
//    a worker that takes over at once, deletes Waypoint's caches and answers no request, so
//    `trunk serve` never shows a stale release build installed from the same origin.
// 0. First, in either profile, the app's wasm is split so the first visit downloads only what
//    its first screen needs (scripts/split-build.mjs; the app is built with split points, so an
//    unsplit module could not start; the split step also shortens the names the module imports
//    the glue's functions by, scripts/wasm-imports.mjs). Then, release builds only: wasm-bindgen's
//    JS glue is minified with terser (its exports and the wasm's import names are kept as they
//    are), and the integrity digest of the <link rel=modulepreload> that names it is written anew;
//    pwa.js is minified too, so its source can keep its comments.
// Running it twice on the same folder gives the same result (the old CSP meta is replaced).
//
// The page-side contract (public/pwa.js, loaded with <script src="pwa.js" defer>), all events
// on `window`. pwa.js holds back the events it sends until the app has started (Trunk's loader
// fires TrunkApplicationStarted after the app has mounted), so none is lost to a slow start.
//   out  "waypoint-update-ready"   a new version is installed and waiting (checked on load too,
//                                  and the worker is re-checked whenever the page becomes visible)
//   in   "waypoint-update-now"     the waiting version takes over; the page then reloads once
//   out  "waypoint-install-ready"  the browser offers installing (beforeinstallprompt was kept)
//   in   "waypoint-install"        show the browser's install prompt
//   out  "waypoint-installed"      the app was installed
//   in   "waypoint-ready"          the first screen has fetched what it needs: only now is the
//                                  service worker registered (its precaching would otherwise race
//                                  the app for the same modules)
//   <html data-standalone="true">  running as an installed app (set before the app starts)

import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { minify } from "terser";
import { linkedWasm, splitApp } from "./split-build.mjs";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SW_TEMPLATE = path.join(REPO_ROOT, "public/sw.js");
export const SW_FILE = "sw.js";

/**
 * The policy, one directive per entry, with why each source is there. Anything not listed
 * falls back to default-src 'none'.
 *
 * @param {string[]} scriptHashes  "sha256-…" of each inline script in index.html
 */
export function cspDirectives(scriptHashes) {
  return [
    // Nothing is allowed unless a directive below says so.
    ["default-src", "'none'"],
    // 'self': the wasm-bindgen JS module (imported by Trunk's loader and modulepreloaded) and
    // pwa.js. 'wasm-unsafe-eval': compiling the app's WebAssembly module, and nothing else (no
    // 'unsafe-eval'). The hashes: Trunk's inline module loader and the early theme script,
    // exactly as built.
    ["script-src", "'self'", "'wasm-unsafe-eval'", ...scriptHashes.map((h) => `'${h}'`)],
    // The one stylesheet. No 'unsafe-inline': inline style="" attributes are refused; the app
    // sets dynamic styles through the CSSOM (element.style.setProperty), which CSP allows.
    ["style-src", "'self'"],
    // The favicon, the apple-touch-icon and the manifest's icons. No data: (nothing uses it),
    // no blob: (backups are downloaded through a blob: link, which is a download, not an image).
    ["img-src", "'self'"],
    // The wasm file (fetched by the loader and by its <link rel=preload as=fetch>); the worker's
    // registration and update checks. No other origin: Waypoint never sends data anywhere.
    ["connect-src", "'self'"],
    ["manifest-src", "'self'"],
    // sw.js, registered by pwa.js.
    ["worker-src", "'self'"],
    // System fonts only.
    ["font-src", "'none'"],
    ["object-src", "'none'"],
    // No <base> may move where relative URLs point; no form is ever submitted anywhere (every
    // form is handled by the app and calls preventDefault).
    ["base-uri", "'none'"],
    ["form-action", "'none'"],
  ];
}

/** The directives as a policy string. */
export function cspString(directives) {
  return directives.map((d) => d.join(" ")).join("; ");
}

/** The header adds what a <meta> policy cannot carry: no other site may frame the app. */
export function headerPolicy(metaPolicy) {
  return `${metaPolicy}; frame-ancestors 'none'`;
}

const META_CSP = /<meta\b[^>]*\bhttp-equiv\s*=\s*["']?content-security-policy["']?[^>]*>/gi;

/** The policy of the CSP <meta> in an HTML document, or null. */
export function readMetaPolicy(html) {
  const tag = html.match(META_CSP)?.[0];
  if (!tag) return null;
  const content = tag.match(/\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')/i);
  return content ? (content[1] ?? content[2]).replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&") : null;
}

/** Every <script> element without a src: its attributes and its text. */
export function inlineScripts(html) {
  const scripts = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (!/\ssrc\s*=/i.test(` ${m[1]}`)) scripts.push({ attrs: m[1], text: m[2] });
  }
  return scripts;
}

/** The CSP source for a script's text, as the browser hashes it (HTML parsing turns CRLF to LF). */
export function scriptHash(text) {
  const normalized = text.replace(/\r\n?/g, "\n");
  return `sha256-${createHash("sha256").update(normalized, "utf8").digest("base64")}`;
}

/** What in an HTML document the policy would refuse (outside inline scripts). */
export function cspProblems(html) {
  const markup = html.replace(/<script\b[^>]*>[\s\S]*?<\/script\s*>/gi, "<script></script>");
  const problems = [];
  for (const m of markup.matchAll(/<([a-z][a-z0-9-]*)\b([^>]*)>/gi)) {
    const attrs = ` ${m[2]}`;
    const handler = attrs.match(/\s(on[a-z]+)\s*=/i);
    if (handler) problems.push(`<${m[1]}> has an inline event handler (${handler[1]}=); use addEventListener`);
    if (/\sstyle\s*=/i.test(attrs)) problems.push(`<${m[1]}> has an inline style="" attribute; use a class`);
    if (/=\s*["']?\s*javascript:/i.test(attrs)) problems.push(`<${m[1]}> has a javascript: URL`);
  }
  if (/<style\b/i.test(markup)) problems.push("a <style> element; put the rules in the stylesheet");
  return problems;
}

/**
 * index.html with its CSP <meta> (re)written right after <meta charset>, and the policy.
 * Throws when the document needs what the policy refuses.
 */
export function addCsp(html) {
  const stripped = html.replace(META_CSP, "");
  const problems = cspProblems(stripped);
  if (problems.length) throw new Error(`index.html would break under the CSP:\n  ${problems.join("\n  ")}`);
  const hashes = [...new Set(inlineScripts(stripped).map((s) => scriptHash(s.text)))];
  const policy = cspString(cspDirectives(hashes));
  const charset = stripped.match(/<meta\b[^>]*\bcharset\s*=[^>]*>/i);
  if (!charset) throw new Error("index.html has no <meta charset>: the CSP <meta> goes right after it");
  const at = charset.index + charset[0].length;
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
  return { html: stripped.slice(0, at) + meta + stripped.slice(at), policy };
}

/** Every file under `dir` (relative, "/"-separated, sorted), leaving out dotfiles and sw.js. */
export function emittedFiles(dir, prefix = "") {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .filter((e) => !e.name.startsWith("."))
    .flatMap((e) => {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) return emittedFiles(dir, rel);
      return e.isFile() && rel !== SW_FILE ? [rel] : [];
    })
    .sort();
}

/**
 * A short hash of every file's name and content and of the worker's own code (the template):
 * any change to the build or to the worker gives a new version, and so a fresh cache.
 */
export function buildVersion(dir, files, template = "") {
  const all = createHash("sha256").update(`${SW_FILE}\0${createHash("sha256").update(template).digest("hex")}\n`);
  for (const rel of files) {
    const one = createHash("sha256").update(readFileSync(path.join(dir, rel))).digest("hex");
    all.update(`${rel}\0${one}\n`);
  }
  return all.digest("hex").slice(0, 16);
}

/** The served sw.js: the template with VERSION and PRECACHE filled in. */
export function renderWorker(template, { version, precache }) {
  const fill = (text, pattern, line) => {
    const hits = text.match(new RegExp(pattern.source, "gm"))?.length ?? 0;
    if (hits !== 1) throw new Error(`public/sw.js: expected one line matching ${pattern}, found ${hits}`);
    return text.replace(pattern, line);
  };
  let out = fill(template, /^const VERSION = .*;$/m, `const VERSION = ${JSON.stringify(version)};`);
  out = fill(out, /^const PRECACHE = .*;$/m, `const PRECACHE = ${precache ? JSON.stringify(precache, null, 2) : "null"};`);
  return `// Generated by scripts/pwa-build.mjs from public/sw.js: edit the template, not this file.\n${out}`;
}

/** The JS module Trunk's inline loader imports (wasm-bindgen's glue), relative to the page. */
export function glueModule(html) {
  const loader = inlineScripts(html).find((s) => /\bimport\s+init\b/.test(s.text));
  const from = loader?.text.match(/\bfrom\s*['"](?:\.\/)?([^'"]+\.js)['"]/);
  if (!from) throw new Error("index.html has no loader importing wasm-bindgen's glue (has Trunk's loader changed?)");
  return from[1];
}

/**
 * The files of a Trunk build that index.html loads: wasm-bindgen's glue (`name-hash.js`), the
 * module beside it (`name-hash_bg.wasm`), their shared stem, and the crate's `name`.
 */
export function appFiles(html) {
  const glue = glueModule(html);
  const stem = glue.replace(/\.js$/, "");
  return { glue, wasm: `${stem}_bg.wasm`, stem, name: stem.replace(/-[0-9a-f]+$/, "") };
}

/**
 * Rewrites the glue and wasm of a Trunk build in `dir` in place: `change(wasm, glue, files)`
 * (`files` from appFiles) returns the new `{ wasm, glue }` and whatever else it reports;
 * index.html gets both integrity digests anew. Returns what `change` returned.
 */
export function rewriteApp(dir, change) {
  const indexPath = path.join(dir, "index.html");
  const html = readFileSync(indexPath, "utf8");
  const files = appFiles(html);
  const out = change(readFileSync(path.join(dir, files.wasm)), readFileSync(path.join(dir, files.glue), "utf8"), files);
  writeFileSync(path.join(dir, files.wasm), out.wasm);
  writeFileSync(path.join(dir, files.glue), out.glue);
  writeFileSync(indexPath, withIntegrity(withIntegrity(html, files.wasm, out.wasm), files.glue, out.glue));
  return out;
}

/** `text` with every character a RegExp gives a meaning to escaped. */
export const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The subresource-integrity digest of `content`, as an `integrity` attribute wants it. */
export const integrityOf = (content) => `sha384-${createHash("sha384").update(content).digest("base64")}`;

/** `html` with the integrity digest of every <link> naming `file` set to that of `content`. */
export function withIntegrity(html, file, content) {
  const digest = integrityOf(content);
  const href = new RegExp(`\\bhref=["']?(?:\\./)?${escapeRegExp(file)}["' >]`);
  return html.replace(/<link\b[^>]*>/gi, (tag) =>
    href.test(tag) ? tag.replace(/\bintegrity=(["']?)sha(?:256|384|512)-[A-Za-z0-9+/=]+\1/, `integrity=$1${digest}$1`) : tag,
  );
}

/** `source` minified by terser; `module` for an ES module (its exports are kept either way). */
export async function minifyJs(source, { module }) {
  const { code } = await minify(source, { module, compress: true, mangle: true, format: { comments: false } });
  return code;
}

/** Minifies `dir`/`file` in place; sizes in bytes. */
async function minifyFile(dir, file, { module }) {
  const before = readFileSync(path.join(dir, file), "utf8");
  const code = await minifyJs(before, { module });
  writeFileSync(path.join(dir, file), code);
  return { file, before: Buffer.byteLength(before), after: Buffer.byteLength(code), code };
}

/**
 * Minifies wasm-bindgen's glue in `dir` and updates its integrity digest in index.html.
 *
 * @returns {Promise<{ file: string, before: number, after: number }>} sizes in bytes
 */
export async function minifyGlue(dir) {
  const indexPath = path.join(dir, "index.html");
  const html = readFileSync(indexPath, "utf8");
  const { code, ...sizes } = await minifyFile(dir, glueModule(html), { module: true });
  writeFileSync(indexPath, withIntegrity(html, sizes.file, code));
  return sizes;
}

/** A release build's scripts, minified: the glue (see minifyGlue) and pwa.js (no integrity). */
export async function minifyScripts(dir) {
  const glue = await minifyGlue(dir);
  const { code, ...pwa } = await minifyFile(dir, "pwa.js", { module: false });
  return [glue, pwa];
}

/**
 * Adds the CSP to `dir`/index.html and writes `dir`/sw.js.
 *
 * @returns {{ version: string, precache: string[] | null, policy: string }}
 */
export function buildPwa(dir, { profile = "release", template = readFileSync(SW_TEMPLATE, "utf8") } = {}) {
  const indexPath = path.join(dir, "index.html");
  const { html, policy } = addCsp(readFileSync(indexPath, "utf8"));
  writeFileSync(indexPath, html);

  const files = emittedFiles(dir);
  const version = buildVersion(dir, files, template);
  const precache = profile === "debug" ? null : files.map((rel) => rel.split("/").map(encodeURIComponent).join("/"));
  writeFileSync(path.join(dir, SW_FILE), renderWorker(template, { version, precache }));
  return { version, precache, policy };
}

async function main() {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const dir = opt("--dir") ?? process.env.TRUNK_STAGING_DIR;
  const profile = opt("--profile") ?? process.env.TRUNK_PROFILE ?? "release";
  if (!dir) throw new Error("no folder: run as a Trunk hook (TRUNK_STAGING_DIR) or pass --dir DIR");
  if (profile !== "release" && profile !== "debug") throw new Error(`--profile wants release or debug, got ${profile}`);
  const split = await splitApp(path.resolve(dir), { wasm: await linkedWasm(profile) });
  if (split) {
    console.log(`pwa-build: ${split.main} split off ${split.modules.length} modules fetched when a screen first opens`);
    console.log(`pwa-build: glue classes nothing can make dropped: ${split.dropped.join(", ") || "none"}; ${split.unimported.length} glue functions the module no longer imports dropped`);
  } else {
    console.log("pwa-build: the wasm is split already");
  }
  if (profile === "release") {
    for (const { file, before, after } of await minifyScripts(path.resolve(dir))) {
      console.log(`pwa-build: ${file} minified, ${before} -> ${after} bytes`);
    }
  }
  const { version, precache } = buildPwa(path.resolve(dir), { profile });
  const what = precache ? `${precache.length} files precached` : "debug build: no offline copy";
  console.log(`pwa-build: sw.js version ${version} (${what}); CSP meta written to index.html`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`pwa-build: ${err.message}`);
    process.exit(1);
  });
}
