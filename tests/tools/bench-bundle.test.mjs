// scripts/bench-bundle.mjs: which files count as the first load, and the budget's exit code.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { measure } from "../../scripts/bench-bundle.mjs";

const SCRIPT = fileURLToPath(new URL("../../scripts/bench-bundle.mjs", import.meta.url));
let dir;

// A dist/ shaped like trunk's: quoted (or minified, unquoted) references to hashed assets, a
// wasm-bindgen snippet imported from the JS, and files that are not part of the first load.
function makeDist(name, { minified = false, wasmBytes = 1000 } = {}) {
  const dist = path.join(dir, name);
  mkdirSync(path.join(dist, "snippets/waypoint-1/inline0"), { recursive: true });
  const href = (url) => (minified ? `href=${url}` : `href="${url}"`);
  writeFileSync(
    path.join(dist, "index.html"),
    `<!doctype html><html><head><link rel="manifest" ${href("./manifest.webmanifest")}>` +
      `<link rel="icon" ${href("./icon-1.svg")}><link rel=stylesheet ${href("./style-1.css")}>` +
      `<script type="module">import init from './app-1.js'; await init({ module_or_path: './app-1_bg.wasm' });</script>` +
      `</head><body></body></html>`,
  );
  writeFileSync(path.join(dist, "app-1.js"), `import { f } from './snippets/waypoint-1/inline0.js'; export default f;`);
  writeFileSync(path.join(dist, "snippets/waypoint-1/inline0.js"), "export const f = 1;");
  // Random bytes do not compress: the gzip size stays about the raw size.
  writeFileSync(path.join(dist, "app-1_bg.wasm"), Buffer.from(Array.from({ length: wasmBytes }, () => Math.floor(Math.random() * 256))));
  writeFileSync(path.join(dist, "style-1.css"), "main { color: red }");
  writeFileSync(path.join(dist, "manifest.webmanifest"), "{}");
  writeFileSync(path.join(dist, "icon-1.svg"), "<svg/>");
  writeFileSync(path.join(dist, "unreferenced.js"), "1");
  return dist;
}

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), "waypoint-bench-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("the first load is index.html and the html, js, wasm and css it pulls in", () => {
  for (const minified of [false, true]) {
    const result = measure(makeDist(`dist-${minified}`, { minified }));
    assert.deepEqual(
      result.first.map((r) => r.file),
      ["app-1_bg.wasm", "app-1.js", "index.html", "snippets/waypoint-1/inline0.js", "style-1.css"],
      `minified: ${minified}`,
    );
    assert.deepEqual(result.other.map((r) => r.file), ["icon-1.svg", "manifest.webmanifest", "unreferenced.js"]);
    assert.equal(result.total.raw, result.first.reduce((n, r) => n + r.raw, 0));
  }
});

test("split-off modules the loader fetches on demand are listed apart, not counted in the first load", () => {
  const dist = makeDist("dist-split");
  writeFileSync(path.join(dist, "app-1.js"), `import { f } from './snippets/waypoint-1/inline0.js'; import * as s from "./__wasm_split-1.js"; export default f;`);
  writeFileSync(
    path.join(dist, "__wasm_split-1.js"),
    `import{initSync as i}from"./app-1.js";const a=()=>fetch(new URL("./split_journal-1.wasm",import.meta.url)),b=()=>fetch(new URL( './chunk_6-1.wasm', import.meta.url));`,
  );
  writeFileSync(path.join(dist, "split_journal-1.wasm"), "j".repeat(500));
  writeFileSync(path.join(dist, "chunk_6-1.wasm"), "c");
  const result = measure(dist);
  assert.deepEqual(
    result.first.map((r) => r.file),
    ["__wasm_split-1.js", "app-1_bg.wasm", "app-1.js", "index.html", "snippets/waypoint-1/inline0.js", "style-1.css"],
  );
  assert.deepEqual(result.onDemand.map((r) => r.file), ["chunk_6-1.wasm", "split_journal-1.wasm"]);
  assert.equal(result.onDemandTotal.raw, 501);
  assert.ok(!result.other.some((r) => r.file.endsWith(".wasm")), "no module is left uncounted either way");
});

test("the budget fails the run only when the gzip total is over it", () => {
  const dist = makeDist("dist-budget", { wasmBytes: 20_000 });
  const under = spawnSync(process.execPath, [SCRIPT, "--dist", dist, "--budget-kb", "100"], { encoding: "utf8" });
  assert.equal(under.status, 0, under.stdout + under.stderr);
  assert.match(under.stdout, /within the budget/);
  const over = spawnSync(process.execPath, [SCRIPT, "--dist", dist, "--budget-kb", "10"], { encoding: "utf8" });
  assert.equal(over.status, 1, over.stdout + over.stderr);
  assert.match(over.stdout, /OVER the budget/);
});

test("a missing build is a clear error, not a zero", () => {
  const res = spawnSync(process.execPath, [SCRIPT, "--dist", path.join(dir, "nope")], { encoding: "utf8" });
  assert.equal(res.status, 2);
  assert.match(res.stderr, /index\.html is missing/);
});
