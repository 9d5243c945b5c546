// The installable-app files and scripts/pwa-build.mjs: icons of the right sizes, a manifest that
// lists them, index.html wired to them, the CSP the build writes, the service worker's file list,
// the static server's CSP header, and the bundle bench leaving the service worker out.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { after, before, test } from "node:test";
import { measure } from "../../scripts/bench-bundle.mjs";
import { ICONS, fullBleed, pngSize } from "../../scripts/make-icons.mjs";
import {
  addCsp,
  appFiles,
  buildPwa,
  emittedFiles,
  glueModule,
  headerPolicy,
  inlineScripts,
  minifyGlue,
  minifyJs,
  readMetaPolicy,
  renderWorker,
  scriptHash,
} from "../../scripts/pwa-build.mjs";
import { startServer } from "../../scripts/static-server.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const read = (rel) => readFileSync(path.join(REPO, rel), "utf8");
let dir;
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), "waypoint-pwa-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("every committed icon is a PNG of its stated size", () => {
  for (const icon of ICONS) {
    const size = pngSize(readFileSync(path.join(REPO, "public/icons", icon.file)));
    assert.deepEqual(size, { width: icon.size, height: icon.size }, icon.file);
  }
  assert.equal(pngSize(Buffer.from("not a png at all, but long enough")), null);
});

test("the maskable and apple icons come from the same art on a full-bleed tile", () => {
  const svg = read("public/icon.svg");
  assert.match(svg, /<rect\b[^>]*\brx=/, "the source tile is rounded");
  assert.doesNotMatch(fullBleed(svg).match(/<rect\b[^>]*>/)[0], /\brx=/);
  assert.throws(() => fullBleed('<svg><rect width="1"/></svg>'), /no rx/);
});

test("the manifest is valid JSON, relative to where it is served, and lists the icons", () => {
  const manifest = JSON.parse(read("public/manifest.webmanifest"));
  assert.equal(manifest.name, "Waypoint");
  assert.equal(manifest.short_name, "Waypoint");
  assert.ok(manifest.description.length > 20);
  assert.equal(manifest.start_url, "./");
  assert.equal(manifest.scope, "./");
  assert.equal(manifest.display, "standalone");
  assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/);
  assert.match(manifest.background_color, /^#[0-9a-f]{6}$/);
  const listed = manifest.icons.map((i) => `${i.src} ${i.sizes} ${i.type} ${i.purpose}`);
  assert.deepEqual(listed, [
    "icons/icon-192.png 192x192 image/png any",
    "icons/icon-512.png 512x512 image/png any",
    "icons/icon-maskable-512.png 512x512 image/png maskable",
  ]);
  for (const icon of manifest.icons) {
    const size = pngSize(readFileSync(path.join(REPO, "public", icon.src)));
    assert.equal(`${size.width}x${size.height}`, icon.sizes, icon.src);
  }
});

test("index.html copies the manifest, icons and pwa.js into the build and links them", () => {
  const html = read("index.html");
  for (const copy of [
    '<link data-trunk rel="copy-file" href="public/manifest.webmanifest" />',
    '<link data-trunk rel="copy-dir" href="public/icons" />',
    '<link data-trunk rel="copy-file" href="public/pwa.js" />',
    '<link rel="manifest" href="manifest.webmanifest" />',
    '<link rel="apple-touch-icon" href="icons/apple-touch-icon.png" />',
    '<script src="pwa.js" defer></script>',
  ]) {
    assert.ok(html.includes(copy), `index.html lacks ${copy}`);
  }
  assert.ok(existsSync(path.join(REPO, "public/icons/apple-touch-icon.png")));
  assert.match(html, /<meta name="theme-color" content="#[0-9a-f]{6}" media="\(prefers-color-scheme: light\)" \/>/);
  assert.match(html, /<meta name="theme-color" content="#[0-9a-f]{6}" media="\(prefers-color-scheme: dark\)" \/>/);
  assert.match(read("Trunk.toml"), /\[\[hooks\]\]\nstage = "post_build"\ncommand = "node"\ncommand_arguments = \["scripts\/pwa-build.mjs"\]/);
});

test("pwa.js stays small as shipped (minified) and never evaluates strings", async () => {
  const js = readFileSync(path.join(REPO, "public/pwa.js"), "utf8");
  const shipped = Buffer.byteLength(await minifyJs(js, { module: false }));
  assert.ok(shipped < 2048, `pwa.js ships as ${shipped} bytes; keep it under 2 KB`);
  assert.doesNotMatch(js, /\beval\(|new Function|setTimeout\(\s*["'`]/);
});

// A staged build shaped like Trunk's minified output.
const LOADER = "import init, * as bindings from './app-1.js';\nconst wasm = await init({ module_or_path: './app-1_bg.wasm' });\n";
const STAGED_HTML =
  "<!doctype html><html lang=en><meta charset=utf-8><title>Waypoint</title>" +
  `<script type=module>${LOADER}</script><link href=./style-1.css rel=stylesheet><script defer src=pwa.js></script>` +
  "<link crossorigin href=./app-1.js rel=modulepreload></head><body></body></html>";

test("the CSP allows exactly the inline loader, by its sha256, and sits right after <meta charset>", () => {
  const { html, policy } = addCsp(STAGED_HTML);
  const expected = `sha256-${createHash("sha256").update(LOADER).digest("base64")}`;
  assert.equal(scriptHash(LOADER), expected);
  assert.equal(scriptHash(LOADER.replace(/\n/g, "\r\n")), expected, "hashed as the browser sees it, CRLF as LF");
  assert.deepEqual(inlineScripts(html).map((s) => s.text), [LOADER], "pwa.js (with src) is not inline");
  assert.equal(
    policy,
    `default-src 'none'; script-src 'self' 'wasm-unsafe-eval' '${expected}'; style-src 'self'; img-src 'self'; ` +
      "connect-src 'self'; manifest-src 'self'; worker-src 'self'; font-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'",
  );
  assert.doesNotMatch(policy, /unsafe-inline|'unsafe-eval'|data:|\*/);
  assert.ok(html.startsWith(`<!doctype html><html lang=en><meta charset=utf-8><meta http-equiv="Content-Security-Policy" content="${policy}">`));
  assert.equal(readMetaPolicy(html), policy);
  assert.equal(addCsp(html).html, html, "running it again changes nothing");
  assert.equal(headerPolicy(policy), `${policy}; frame-ancestors 'none'`);
});

test("a build whose HTML the policy would break fails, naming what to change", () => {
  assert.throws(() => addCsp(STAGED_HTML.replace("<body>", '<body onload="go()">')), /inline event handler \(onload=\)/);
  assert.throws(() => addCsp(STAGED_HTML.replace("<body>", '<body style="margin:0">')), /inline style/);
  assert.throws(() => addCsp(STAGED_HTML.replace("</head>", "<style>p{}</style></head>")), /<style> element/);
  assert.throws(() => addCsp(STAGED_HTML.replace("<meta charset=utf-8>", "")), /no <meta charset>/);
});

function stagedBuild(name) {
  const staged = path.join(dir, name);
  mkdirSync(path.join(staged, "icons"), { recursive: true });
  mkdirSync(path.join(staged, ".stage"), { recursive: true });
  writeFileSync(path.join(staged, "index.html"), STAGED_HTML);
  writeFileSync(path.join(staged, "app-1.js"), "export default 1;");
  writeFileSync(path.join(staged, "app-1_bg.wasm"), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
  writeFileSync(path.join(staged, "style-1.css"), "main{}");
  writeFileSync(path.join(staged, "pwa.js"), 'navigator.serviceWorker.register("sw.js");');
  writeFileSync(path.join(staged, "manifest.webmanifest"), "{}");
  writeFileSync(path.join(staged, "icons", "icon 192.png"), "png");
  writeFileSync(path.join(staged, ".stage", "leftover.js"), "1");
  return staged;
}

test("sw.js precaches every emitted file, under a version that any change moves", () => {
  const staged = stagedBuild("release");
  const first = buildPwa(staged, { profile: "release" });
  assert.deepEqual(first.precache, [
    "app-1.js",
    "app-1_bg.wasm",
    "icons/icon%20192.png",
    "index.html",
    "manifest.webmanifest",
    "pwa.js",
    "style-1.css",
  ]);
  const sw = readFileSync(path.join(staged, "sw.js"), "utf8");
  assert.match(sw, new RegExp(`^const VERSION = "${first.version}";$`, "m"));
  assert.deepEqual(JSON.parse(sw.match(/^const PRECACHE = (\[[\s\S]*?\]);$/m)[1]), first.precache);
  assert.match(sw, /^\/\/ Generated by scripts\/pwa-build\.mjs/);

  assert.equal(buildPwa(staged, { profile: "release" }).version, first.version, "a second run is the same build");
  writeFileSync(path.join(staged, "icons", "icon 192.png"), "png, redrawn");
  const second = buildPwa(staged, { profile: "release" }).version;
  assert.notEqual(second, first.version, "a changed file");
  const template = `${read("public/sw.js")}\n// a fix in the worker\n`;
  assert.notEqual(buildPwa(staged, { profile: "release", template }).version, second, "a changed worker");
  assert.deepEqual(emittedFiles(staged), first.precache.map(decodeURIComponent), "sw.js never lists itself");
});

test("the wasm-bindgen glue is minified, still works, and its preload's integrity matches", async () => {
  const staged = stagedBuild("glue");
  const glue = [
    "// wasm-bindgen's glue: long names, comments and blank lines.",
    "let cachedTextDecoderForTheExample = null;",
    "",
    "/** Adds two numbers the long way round. */",
    "export function addTwoNumbers(firstNumber, secondNumber) {",
    "    const theSumOfBoth = firstNumber + secondNumber;",
    "    return theSumOfBoth;",
    "}",
    "",
    "export const imports = { wbg: { __wbg_log_1234: function(message) { return `said ${message}`; } } };",
    "export default async function __wbg_init(options) { cachedTextDecoderForTheExample = options; return 42; }",
    "",
  ].join("\n");
  writeFileSync(path.join(staged, "app-1.js"), glue);
  const stale = "sha384-" + "A".repeat(64);
  const html = STAGED_HTML.replace("rel=modulepreload>", `integrity=${stale} rel=modulepreload>`);
  writeFileSync(path.join(staged, "index.html"), html);
  assert.equal(glueModule(html), "app-1.js");
  assert.deepEqual(appFiles(html), { glue: "app-1.js", wasm: "app-1_bg.wasm", stem: "app-1", name: "app" });

  const { file, before: was, after: now } = await minifyGlue(staged);
  assert.deepEqual([file, was], ["app-1.js", Buffer.byteLength(glue)]);
  const code = readFileSync(path.join(staged, "app-1.js"));
  assert.equal(code.length, now);
  assert.ok(now < was / 2, `minified to ${now} of ${was} bytes`);
  assert.doesNotMatch(code.toString(), /the long way round|firstNumber/);
  const digest = `sha384-${createHash("sha384").update(code).digest("base64")}`;
  const written = readFileSync(path.join(staged, "index.html"), "utf8");
  assert.ok(written.includes(`href=./app-1.js integrity=${digest} rel=modulepreload>`), written);
  assert.ok(!written.includes(stale));

  // Exports, and the names the wasm module imports by, survive.
  const minified = await import(`${pathToFileURL(path.join(staged, "app-1.js")).href}?minified`);
  assert.equal(minified.addTwoNumbers(2, 3), 5);
  assert.equal(minified.imports.wbg.__wbg_log_1234("hi"), "said hi");
  assert.equal(await minified.default({}), 42);

  assert.throws(() => glueModule(STAGED_HTML.replace(LOADER, "console.log(1)")), /no loader importing/);
});

test("a debug build's worker has no offline copy", () => {
  const staged = stagedBuild("debug");
  assert.equal(buildPwa(staged, { profile: "debug" }).precache, null);
  assert.match(readFileSync(path.join(staged, "sw.js"), "utf8"), /^const PRECACHE = null;$/m);
});

test("the template must hold each constant once", () => {
  assert.throws(() => renderWorker("const PRECACHE = null;", { version: "1", precache: [] }), /VERSION/);
  assert.throws(() => renderWorker("const VERSION = 1;\nconst VERSION = 2;\nconst PRECACHE = null;", { version: "1", precache: [] }), /found 2/);
});

test("the static server sends the built page's policy as a header, with frame-ancestors", async () => {
  const staged = stagedBuild("served");
  const { policy } = buildPwa(staged, { profile: "release" });
  const server = await startServer({ root: staged, port: 0, csp: true });
  try {
    for (const file of ["", "app-1.js", "missing"]) {
      const res = await fetch(new URL(file, server.url));
      assert.equal(res.headers.get("content-security-policy"), `${policy}; frame-ancestors 'none'`, file || "/");
    }
  } finally {
    await server.close();
  }
  const bare = path.join(dir, "no-meta");
  mkdirSync(bare);
  writeFileSync(path.join(bare, "index.html"), "<!doctype html><meta charset=utf-8>");
  await assert.rejects(startServer({ root: bare, port: 0, csp: true }), /no Content-Security-Policy <meta>/);
});

test("the bundle bench counts pwa.js as first load and lists sw.js, the manifest and icons apart", () => {
  const staged = stagedBuild("bench");
  buildPwa(staged, { profile: "release" });
  const result = measure(staged);
  assert.deepEqual(result.first.map((r) => r.file), ["app-1_bg.wasm", "app-1.js", "index.html", "pwa.js", "style-1.css"]);
  assert.deepEqual(result.other.map((r) => r.file), [".stage/leftover.js", "icons/icon 192.png", "manifest.webmanifest", "sw.js"]);
});
