// Splits the app's wasm so a phone's first visit downloads only what its first screen needs. A
// module for scripts/pwa-build.mjs (Trunk's post_build hook), which runs it on every build
// before the glue is minified (`node scripts/pwa-build.mjs --dir DIR` runs it on a built folder).
//
// The app marks its split points (src/ui/mod.rs, split_points!: each screen but the welcome, and
// the reader of stored records with Today's cards; built with
// `--features split`, and linked with --emit-relocs by build.rs). Trunk builds and
// binds the whole module as usual (index.html turns its wasm-opt off: that module is thrown
// away); this script then, from the linked module cargo left in target/:
// 1. cuts it with wasm-split-cli (wasm_split_cli_support, which scripts/setup.sh installs) into
//    the main module, one module per split point (split_<name>.wasm) and small shared ones
//    (chunk_<n>.wasm), plus __wasm_split.js, which fetches and links them when asked;
// 2. runs wasm-bindgen on the main module (as Trunk does, keeping the exports the other modules
//    link against), drops the glue's classes nothing can make an instance of with the exports
//    only they call (wasm-exports.mjs), runs wasm-opt on every module (WASM_OPT_FLAGS, the
//    flags Trunk had), then gives the functions the main module imports from the glue short
//    names (wasm-imports.mjs);
// 3. minifies the loader (pwa-build.mjs minifies the glue), and names every file after its
//    content: chunks after their own hash, and the three files that
//    name each other (glue, main wasm, loader) after one hash of all of them, so a changed
//    build never reuses a cached name; index.html is pointed at the new names, with their
//    integrity digests written anew (pwa-build.mjs writes the glue's again after minifying it).
// The service worker precaches every file in the folder, so once installed every screen opens
// offline; on a first visit a screen's modules are fetched the first time it opens.

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { appFiles, escapeRegExp, integrityOf, minifyJs, withIntegrity } from "./pwa-build.mjs";
import { dropDeadClasses } from "./wasm-exports.mjs";
import { minifyImportNames } from "./wasm-imports.mjs";

const execFileAsync = promisify(execFile);
/** Runs a tool; its output can be large (cargo metadata, wasm-split-cli's log). */
const run = (command, args, options = {}) => execFileAsync(command, args, { maxBuffer: 64 << 20, ...options });
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Runs `jobs` (functions that start a promise), `limit` at a time, and waits for all of them,
 * even after one fails, so nothing is still writing into a folder about to be removed. Each
 * wasm-opt is a Node process of about 170 MB: a hundred of them at once ran a 24 GB machine out
 * of memory.
 */
export async function inTurn(jobs, limit = Math.max(2, availableParallelism())) {
  const results = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]().then(
        (value) => ({ ok: true, value }),
        (error) => ({ ok: false, error }),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  const failed = results.find((r) => !r.ok);
  if (failed) throw failed.error;
  return results.map((r) => r.value);
}

/** wasm-opt's flags for every module: size first, then the wasm features rustc 1.95 targets by
 * default, which wasm-opt must be told it may keep. */
export const WASM_OPT_FLAGS = [
  "-Oz",
  "--enable-bulk-memory",
  "--enable-nontrapping-float-to-int",
  "--enable-sign-ext",
  "--enable-mutable-globals",
  "--enable-reference-types",
  "--enable-multivalue",
  // The linker puts the 1 MB stack first, so addresses under 1 KB are reached only by a stack
  // about to overflow; wasm-opt may then fold pointer arithmetic into load offsets (1.5 KB gzip).
  "--low-memory-unused",
];

/**
 * The screens' own stylesheet (src/ui/screens.css, copied by Trunk): what only screens from
 * modules use, off the first download's stylesheet. The loader fetches it beside the first
 * screen module it loads and hands that module over only once the styles are in (or failed:
 * a screen without them beats no screen), so no screen is drawn unstyled. Not with the crisis
 * lines' module: its picker is part of the welcome, styled by the first stylesheet, and a first
 * visit fetches the screens' styles only once the welcome is answered.
 */
export const SCREEN_STYLES = "screens.css";

/** The loader wasm-split-cli writes, and the name the main module imports it by. */
export const LOADER = "__wasm_split.js";

const shortHash = (...parts) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest("hex").slice(0, 16);
};

/**
 * A module's or chunk's name carries 6 hex digits of its content's SHA-256, where the main
 * module, glue and loader carry 16: the loader names every one of the 130-odd modules and
 * chunks, and hex hardly compresses (16 digits cost a first visit 0.75 KB more than 8, and 8
 * cost 0.2 KB more than 6). A name only has to change when the content does. The risk taken: a
 * new build whose chunk_11 differs in content but not in these 24 bits (one chance in 16
 * million for each chunk that changes) keeps the old name, and the service worker, which takes
 * content-named files from the HTTP cache (public/sw.js), could precache the old copy.
 */
export const moduleHash = (bytes) => shortHash(bytes).slice(0, 6);

/** The wasm files the loader fetches (`new URL("./x.wasm", import.meta.url)`), in order. */
export function loaderFetches(loader) {
  const written = [...loader.matchAll(/new URL\(\s*["']\.\/([^"']+\.wasm)["']\s*,\s*import\.meta\.url\s*\)/g)].map((m) => m[1]);
  // Once compacted (compactLoader), a module is named by its file's stem alone.
  const compact = [...loader.matchAll(/["']((?:split|chunk)_\w+-[0-9a-f]{6})["']/g)].map((m) => `${m[1]}.wasm`);
  return [...written, ...compact];
}

/**
 * The loader with its fetches written once: wasm-split-cli writes the same five lines for each
 * of the 140-odd modules and chunks (fetch the file, ignore an early failure, instantiate it);
 * here each becomes `__fetched("chunk_11-0123abcd", deps)` and one function does the rest
 * (0.25 KB of a first visit's gzip), a screen's module waiting for [`SCREEN_STYLES`] as well.
 * Throws unless every fetch of `expected` files was written this way, so a change in
 * wasm-split-cli's output is noticed at build time.
 */
export function compactLoader(loader, expected) {
  const fetch = /makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)\.wasm", import\.meta\.url\)\);\s*src\.catch\(\(\) => \{\}\);\s*return async \(imports\) => \(WebAssembly\.instantiateStreaming\(src, imports\)\);\s*\}\s*,/g;
  let count = 0;
  const compact = loader.replace(fetch, (_, name) => {
    count += 1;
    return `__fetched(${JSON.stringify(name)},`;
  });
  if (count !== expected || /new URL\(\s*["']\.\/[^"']+\.wasm["']/.test(compact)) {
    throw new Error(`${LOADER}: expected ${expected} fetches in wasm-split-cli's form, found ${count}`);
  }
  return `${compact}
function __fetched(name, deps) {
    return makeLoad(() => {
        const src = fetch(new URL(\`./\${name}.wasm\`, import.meta.url));
        src.catch(() => {});
        const styled = name.startsWith("split_") && !name.startsWith("split_crisis") ? __screenStyles() : undefined;
        return async (imports) => {
            const module = await WebAssembly.instantiateStreaming(src, imports);
            await styled;
            return module;
        };
    }, deps);
}
let __styles;
function __screenStyles() {
    __styles ??= new Promise((done) => {
        const link = document.createElement("link");
        link.rel = "stylesheet";
        link.href = new URL("./${SCREEN_STYLES}", import.meta.url).href;
        link.onload = link.onerror = () => done();
        document.head.append(link);
    });
    return __styles;
}
`;
}

/** `text` with every quoted `./from` (single or double quotes) made `./to`; throws if none. */
export function renameQuoted(text, from, to) {
  const pattern = new RegExp(String.raw`(["'])\./${escapeRegExp(from)}\1`, "g");
  if (!pattern.test(text)) throw new Error(`expected a reference to ./${from}`);
  return text.replace(pattern, `$1./${to}$1`);
}

/**
 * `text` with every ES import of `./from` (`from "./from"`) made `./to`; throws if none. Only
 * the import specifiers: the glue also uses the loader's name as the key of the wasm's imports
 * object, which is the name inside the wasm and must stay.
 */
export function renameImport(text, from, to) {
  const pattern = new RegExp(String.raw`(\bfrom\s*)(["'])\./${escapeRegExp(from)}\2`, "g");
  if (!pattern.test(text)) throw new Error(`expected an import of ./${from}`);
  return text.replace(pattern, `$1$2./${to}$2`);
}

/** `name.ext` as `name-hash.ext`. */
export function contentName(file, hash) {
  const ext = path.extname(file);
  return `${file.slice(0, -ext.length)}-${hash}${ext}`;
}

/** The linked (not yet bound) wasm cargo built for the app, from cargo's target directory. */
export async function linkedWasm(profile = "release") {
  const { stdout } = await run("cargo", ["metadata", "--format-version", "1", "--no-deps", "--offline"], { cwd: REPO_ROOT });
  const target = JSON.parse(stdout).target_directory;
  return path.join(target, "wasm32-unknown-unknown", profile, "waypoint.wasm");
}

/**
 * Replaces the whole-app glue and wasm Trunk staged in `dir` by the split build of `wasm`; a
 * folder already split (its index.html preloads the loader) is left as it is.
 *
 * @returns {Promise<{ glue: string, main: string, loader: string, modules: string[], dropped: string[], unimported: string[] } | null>}
 *   the new file names, the glue classes dropped and the glue's functions the module no longer
 *   imports, or null when the folder was already split
 */
export async function splitApp(dir, { wasm }) {
  const indexPath = path.join(dir, "index.html");
  let html = readFileSync(indexPath, "utf8");
  if (/\b__wasm_split-[0-9a-f]+\.js\b/.test(html)) return null;
  const { glue: oldGlue, wasm: oldWasm, stem: oldStem, name: appName } = appFiles(html);
  const work = mkdtempSync(path.join(tmpdir(), "waypoint-split-"));
  try {
    // 1. Cut.
    await run("wasm-split-cli", [wasm, work, "--out-name", appName]);
    const modules = readdirSync(work).filter((f) => f.endsWith(".wasm") && f !== `${appName}.wasm`).sort();
    if (!modules.length) throw new Error(`wasm-split-cli found no split points in ${wasm} (built without --features split?)`);
    // 2. Bind the main module, optimise every module.
    const bound = path.join(work, "bound");
    await run("wasm-bindgen", ["--target", "web", "--no-typescript", "--keep-lld-exports", "--out-dir", bound, "--out-name", appName, path.join(work, `${appName}.wasm`)]);
    // The glue's classes nothing can make an instance of go, with the exports only they call,
    // before wasm-opt drops the code behind them (scripts/wasm-exports.mjs).
    const boundWasm = path.join(bound, `${appName}_bg.wasm`);
    const dead = dropDeadClasses(readFileSync(boundWasm), readFileSync(path.join(bound, `${appName}.js`), "utf8"));
    writeFileSync(boundWasm, dead.wasm); // for wasm-opt; the glue stays in memory
    const opt = (from, to) => run("wasm-opt", [...WASM_OPT_FLAGS, from, "-o", to]);
    await inTurn([
      () => opt(boundWasm, path.join(work, "main.opt")),
      ...modules.map((m) => () => opt(path.join(work, m), path.join(work, `${m}.opt`))),
    ]);
    // 3. Name by content, write into `dir`.
    let loader = readFileSync(path.join(work, LOADER), "utf8");
    if (!readdirSync(dir).includes(SCREEN_STYLES)) throw new Error(`${SCREEN_STYLES} is missing from ${dir}: the loader fetches it with every screen`);
    const fetched = loaderFetches(loader);
    const missing = modules.filter((m) => !fetched.includes(m));
    if (missing.length) throw new Error(`${LOADER} never fetches ${missing.join(", ")}`);
    const written = [];
    for (const m of modules) {
      const bytes = readFileSync(path.join(work, `${m}.opt`));
      const name = contentName(m, moduleHash(bytes));
      writeFileSync(path.join(dir, name), bytes);
      loader = renameQuoted(loader, m, name);
      written.push(name);
    }
    loader = await minifyJs(compactLoader(loader, modules.length), { module: true });
    // Short names for the functions the main module imports from the glue (scripts/wasm-imports.mjs).
    const { wasm: mainBytes, glue: shortGlue, dropped: unimported } = minifyImportNames(
      readFileSync(path.join(work, "main.opt")),
      dead.glue,
      `./${appName}_bg.js`,
    );
    let glue = shortGlue;
    const hash = shortHash(mainBytes, glue, loader);
    const names = { glue: `${appName}-${hash}.js`, main: `${appName}-${hash}_bg.wasm`, loader: contentName(LOADER, hash) };
    loader = renameImport(loader, `${appName}.js`, names.glue);
    glue = renameImport(glue, LOADER, names.loader);
    writeFileSync(path.join(dir, names.loader), loader);
    writeFileSync(path.join(dir, names.glue), glue);
    writeFileSync(path.join(dir, names.main), mainBytes);
    unlinkSync(path.join(dir, oldGlue));
    unlinkSync(path.join(dir, oldWasm));
    // index.html: the new names and their digests, and the loader preloaded beside the glue,
    // which imports it.
    html = html.split(oldStem).join(`${appName}-${hash}`);
    html = withIntegrity(html, names.main, mainBytes);
    html = withIntegrity(html, names.glue, glue); // written anew if the glue is then minified
    const preload = html.match(/<link\b[^>]*\brel=["']?modulepreload["']?[^>]*>/i);
    if (!preload) throw new Error("index.html has no <link rel=modulepreload> for the glue (has Trunk changed?)");
    const loaderLink = `<link rel="modulepreload" href="./${names.loader}" crossorigin integrity="${integrityOf(loader)}">`;
    html = html.replace(preload[0], `${preload[0]}${loaderLink}`);
    writeFileSync(indexPath, html);
    return { glue: names.glue, main: names.main, loader: names.loader, modules: written, dropped: dead.classes, unimported };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
