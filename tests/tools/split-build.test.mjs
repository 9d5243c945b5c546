// scripts/split-build.mjs: how it renames the split build's files, and that index.html asks
// Trunk for exactly the build it expects (the split feature on, Trunk's own wasm-opt off).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { LOADER, WASM_OPT_FLAGS, compactLoader, contentName, inTurn, loaderFetches, moduleHash, renameImport, renameQuoted } from "../../scripts/split-build.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

// Shaped like wasm-split-cli's loader and wasm-bindgen's glue (web target).
const LOADER_TEXT = `import { initSync } from "./waypoint.js";
export const __wasm_split_load_journal = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_journal.wasm", import.meta.url));
}, [__chunk_6]));
const __chunk_6 = makeLoad(() => { const src = fetch(new URL("./chunk_6.wasm", import.meta.url)); }, []);
`;
const GLUE_TEXT = `import * as import1 from "./__wasm_split.js"
import * as import2 from "./__wasm_split.js"
function __wbg_get_imports() { return { "./__wasm_split.js": import2 }; }`;

test("the loader's fetches are found in order", () => {
  assert.deepEqual(loaderFetches(LOADER_TEXT), ["split_journal.wasm", "chunk_6.wasm"]);
  assert.deepEqual(loaderFetches(`fetch(new URL('./x.wasm',import.meta.url))`), ["x.wasm"], "minified, single quotes");
});

test("a fetched module is renamed wherever it is quoted, and a missing one is an error", () => {
  const out = renameQuoted(LOADER_TEXT, "chunk_6.wasm", "chunk_6-ab12.wasm");
  assert.deepEqual(loaderFetches(out), ["split_journal.wasm", "chunk_6-ab12.wasm"]);
  assert.throws(() => renameQuoted(LOADER_TEXT, "chunk_7.wasm", "x.wasm"), /expected a reference to \.\/chunk_7\.wasm/);
  assert.equal(renameQuoted(`"./a.wasm" "./ba.wasm"`, "a.wasm", "a-1.wasm"), `"./a-1.wasm" "./ba.wasm"`, "only the whole name");
});

test("renaming the loader changes the glue's imports but not the module name the wasm imports by", () => {
  const out = renameImport(GLUE_TEXT, LOADER, "__wasm_split-ab12.js");
  assert.equal(out.match(/from "\.\/__wasm_split-ab12\.js"/g).length, 2);
  assert.match(out, /\{ "\.\/__wasm_split\.js": import2 \}/, "the imports object keeps the wasm's name");
  assert.equal(renameImport(`import{a}from'./w.js'`, "w.js", "w-1.js"), `import{a}from'./w-1.js'`, "minified");
  assert.throws(() => renameImport(GLUE_TEXT, "other.js", "x.js"), /expected an import of \.\/other\.js/);
});

test("content names keep the file's name and extension", () => {
  assert.equal(contentName("split_journal.wasm", "0123abcd"), "split_journal-0123abcd.wasm");
  assert.equal(contentName(LOADER, "0123abcd"), "__wasm_split-0123abcd.js");
});

test("index.html builds the split feature and leaves wasm-opt to the split build", () => {
  const rust = readFileSync(path.join(REPO, "index.html"), "utf8").match(/<link data-trunk rel="rust"[^>]*>/)?.[0];
  assert.ok(rust, "index.html has Trunk's rust link");
  assert.match(rust, /data-cargo-features="split"/);
  assert.match(rust, /data-wasm-opt="0"/, "Trunk's wasm-opt would only optimise the module that is thrown away");
  assert.ok(WASM_OPT_FLAGS.includes("-Oz") && WASM_OPT_FLAGS.includes("--low-memory-unused"));
  const build = readFileSync(path.join(REPO, "build.rs"), "utf8");
  assert.match(build, /CARGO_FEATURE_SPLIT/);
  assert.match(build, /rustc-link-arg-bin=waypoint=--emit-relocs/, "wasm-split-cli needs the relocations");
});

test("jobs run a few at a time, in order of results, and a failure waits for the jobs under way", async () => {
  let running = 0;
  let most = 0;
  const finished = [];
  const job = (i, fail = false) => async () => {
    running++;
    most = Math.max(most, running);
    await new Promise((r) => setTimeout(r, 5 + (i % 3) * 5));
    running--;
    finished.push(i);
    if (fail) throw new Error(`job ${i} failed`);
    return i * 10;
  };
  assert.deepEqual(await inTurn([0, 1, 2, 3, 4, 5, 6].map((i) => job(i)), 3), [0, 10, 20, 30, 40, 50, 60]);
  assert.equal(most, 3, "never more than the limit at once");
  finished.length = 0;
  await assert.rejects(inTurn([job(0), job(1, true), job(2), job(3)], 2), /job 1 failed/);
  assert.equal(running, 0, "nothing is still running when the failure is reported");
  assert.deepEqual([...finished].sort(), [0, 1, 2, 3]);
});


test("a module's name carries 6 hex digits of its content's hash, the same for the same bytes", () => {
  const a = moduleHash(Buffer.from("module a"));
  assert.match(a, /^[0-9a-f]{6}$/);
  assert.equal(moduleHash(Buffer.from("module a")), a);
  assert.notEqual(moduleHash(Buffer.from("module b")), a);
});

test("the loader's fetches are written once: each module becomes __fetched(name, deps), and any other form is refused", () => {
  const entry = (name, deps) => `makeLoad(() => {
    const src = fetch(new URL("./${name}.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, [${deps}])`;
  const loader = `function makeLoad(fetcher, deps) { return () => [fetcher, deps]; }
const __chunk_11 = ${entry("chunk_11-0123ab", "")};
export const __wasm_split_load_today = wrapAsyncCb(${entry("split_today-89abcd", "__chunk_11")});`;
  const compact = compactLoader(loader, 2);
  assert.match(compact, /const __chunk_11 = __fetched\("chunk_11-0123ab", \[\]\);/);
  assert.match(compact, /wrapAsyncCb\(__fetched\("split_today-89abcd", \[__chunk_11\]\)\)/);
  assert.equal((compact.match(/fetch\(/g) || []).length, 1, "one fetch, in __fetched");
  assert.match(compact, /name\.startsWith\("split_"\) && !name\.startsWith\("split_crisis"\) \? __screenStyles\(\)/, "a screen's module waits for the screens' styles, a chunk and the welcome's crisis lines do not");
  assert.match(compact, /new URL\("\.\/screens\.css", import\.meta\.url\)/);
  assert.throws(() => compactLoader(loader, 3), /expected 3 fetches/);
  assert.throws(() => compactLoader(loader.replace("src.catch(() => {});", ""), 2), /expected 2 fetches/);
});
