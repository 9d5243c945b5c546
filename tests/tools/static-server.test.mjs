// scripts/static-server.mjs: the server the e2e suite and `scripts/serve.sh` use.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { startServer } from "../../scripts/static-server.mjs";

let dir, server;
before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "waypoint-static-"));
  const root = path.join(dir, "root");
  mkdirSync(path.join(root, "sub"), { recursive: true });
  writeFileSync(path.join(root, "index.html"), "<!doctype html><main>Waypoint</main>");
  writeFileSync(path.join(root, "app-1a2b_bg.wasm"), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
  writeFileSync(path.join(root, "app-1a2b.js"), "export default 1;");
  writeFileSync(path.join(root, "style.css"), "main{}");
  writeFileSync(path.join(root, "manifest.webmanifest"), "{}");
  writeFileSync(path.join(root, "data.json"), "{}");
  writeFileSync(path.join(root, "icon.png"), "png");
  writeFileSync(path.join(root, "icon.svg"), "<svg/>");
  writeFileSync(path.join(root, "sub", "page.html"), "sub");
  writeFileSync(path.join(dir, "secret.txt"), "outside the root");
  symlinkSync(path.join(dir, "secret.txt"), path.join(root, "link.txt"));
  server = await startServer({ root, port: 0, headers: { "Content-Security-Policy": "default-src 'self'" } });
});
after(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

// A raw request, so the path reaches the server exactly as written (fetch would normalise "..").
function get(rawPath, method = "GET") {
  const { port } = server;
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: rawPath, method }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("the root path serves index.html", async () => {
  const res = await get("/");
  assert.equal(res.status, 200);
  assert.equal(res.headers["content-type"], "text/html; charset=utf-8");
  assert.match(res.body, /Waypoint/);
});

test("each kind of asset gets its MIME type", async () => {
  const expected = {
    "/app-1a2b_bg.wasm": "application/wasm",
    "/app-1a2b.js": "text/javascript; charset=utf-8",
    "/style.css": "text/css; charset=utf-8",
    "/manifest.webmanifest": "application/manifest+json",
    "/data.json": "application/json",
    "/icon.png": "image/png",
    "/icon.svg": "image/svg+xml",
  };
  for (const [url, type] of Object.entries(expected)) {
    const res = await get(url);
    assert.equal(res.status, 200, url);
    assert.equal(res.headers["content-type"], type, url);
  }
});

test("configured headers are on every response, 404s included", async () => {
  for (const url of ["/", "/style.css", "/missing"]) {
    assert.equal((await get(url)).headers["content-security-policy"], "default-src 'self'", url);
  }
});

test("directories are never listed", async () => {
  assert.equal((await get("/sub/")).status, 404);
  assert.equal((await get("/sub")).status, 404);
  assert.equal((await get("/sub/page.html")).status, 200);
});

test("no path reaches a file outside the root", async () => {
  for (const url of ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/sub/..%2f..%2fsecret.txt", "/..%5csecret.txt", "/link.txt", "/index.html%00.png", "/%E0%A4%A"]) {
    const res = await get(url);
    assert.equal(res.status, 404, url);
    assert.doesNotMatch(res.body, /outside the root/, url);
  }
});

test("only GET and HEAD are served", async () => {
  assert.equal((await get("/", "HEAD")).status, 200);
  assert.equal((await get("/", "POST")).status, 405);
});

test("a base path mounts the app under a sub-path", async () => {
  const sub = await startServer({ root: path.join(dir, "root"), port: 0, base: "/clinic/waypoint/" });
  try {
    assert.ok(sub.url.endsWith("/clinic/waypoint/"));
    const res = await fetch(sub.url);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Waypoint/);
    assert.equal((await fetch(new URL("/index.html", sub.url))).status, 404);
    const bare = await fetch(sub.url.slice(0, -1), { redirect: "manual" });
    assert.equal(bare.status, 301);
  } finally {
    await sub.close();
  }
});
