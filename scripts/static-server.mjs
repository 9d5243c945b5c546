#!/usr/bin/env node
// A small static file server for the built app (dist/), with no dependencies.
//
// - `/` (or the base path) serves index.html; no directory is ever listed.
// - A request can only reach files inside `root`: the path is decoded, resolved, checked
//   against the root's prefix, then resolved again through symlinks and checked again.
// - Extra response headers (a Content-Security-Policy, say) are added to every response.
// - With `csp: true` (--csp), every response carries the Content-Security-Policy that
//   scripts/pwa-build.mjs wrote into root/index.html's <meta>, plus frame-ancestors 'none' (which
//   a <meta> cannot carry): the built page stays the one source of the policy.
//
// Library:  import { startServer } from "./static-server.mjs";
//           const { url, close } = await startServer({ root: "dist", port: 0 });
// CLI:      node scripts/static-server.mjs [dir] [--port N] [--host H] [--base /sub/]
//                [--header "Name: value"]... [--csp]  (PORT in the environment sets the port)

import { createServer } from "node:http";
import { createReadStream } from "node:fs";
import { readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { headerPolicy, readMetaPolicy } from "./pwa-build.mjs";

export const MIME_TYPES = Object.freeze({
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".webmanifest": "application/manifest+json",
  ".json": "application/json",
  ".map": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".txt": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".woff2": "font/woff2",
});

/** The Content-Type for a file name; unknown kinds are served as opaque bytes. */
export function mimeType(fileName) {
  return MIME_TYPES[path.extname(fileName).toLowerCase()] ?? "application/octet-stream";
}

/**
 * Serves `root` over HTTP.
 *
 * @param {object} options
 * @param {string} options.root      directory to serve (files outside it are never served)
 * @param {number} [options.port=0]  0 picks a free port
 * @param {string} [options.host="127.0.0.1"]
 * @param {Record<string,string>} [options.headers]  added to every response
 * @param {string} [options.base="/"]  URL prefix the app is mounted at, e.g. "/waypoint/"
 * @param {boolean} [options.log=false]  log each request to stderr
 * @param {boolean} [options.csp=false]  send root/index.html's CSP <meta> policy as a header,
 *        with frame-ancestors 'none' added (re-read whenever index.html changes)
 * @returns {Promise<{url: string, port: number, server: import("node:http").Server, close: () => Promise<void>}>}
 *          `url` is the app's address, ending in the base path.
 */
export async function startServer({
  root,
  port = 0,
  host = "127.0.0.1",
  headers = {},
  base = "/",
  log = false,
  csp = false,
} = {}) {
  if (!root) throw new Error("startServer: `root` is required");
  const rootReal = await realpath(path.resolve(root));
  if (!(await stat(rootReal)).isDirectory()) throw new Error(`startServer: ${root} is not a directory`);
  const basePath = `/${base.replace(/^\/+|\/+$/g, "")}/`.replace(/^\/\/$/, "/");

  // The policy from the built index.html, re-read when the file changes (a rebuild).
  const indexFile = path.join(rootReal, "index.html");
  let policy = { mtimeMs: -1, value: null };
  async function cspHeader() {
    if (!csp) return {};
    const { mtimeMs } = await stat(indexFile);
    if (mtimeMs !== policy.mtimeMs) {
      const meta = readMetaPolicy(await readFile(indexFile, "utf8"));
      if (!meta) throw new Error(`startServer: csp is on but ${indexFile} has no Content-Security-Policy <meta> (build with scripts/pwa-build.mjs)`);
      policy = { mtimeMs, value: headerPolicy(meta) };
    }
    return { "Content-Security-Policy": policy.value };
  }
  await cspHeader(); // fail at start, not on the first request

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) send(res, 500, "Internal Server Error\n");
      else res.destroy(err);
    });
  });

  function send(res, status, body, extra = {}) {
    res.writeHead(status, {
      ...headers,
      ...res.csp,
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Length": Buffer.byteLength(body),
      "X-Content-Type-Options": "nosniff",
      ...extra,
    });
    res.end(res.req.method === "HEAD" ? undefined : body);
  }

  // The file a URL path names, or null when it is outside root, hidden or not a plain file.
  async function resolveFile(urlPath) {
    if (!urlPath.startsWith(basePath)) {
      // Let "/waypoint" reach "/waypoint/", as a browser would expect.
      return urlPath === basePath.slice(0, -1) ? { redirect: basePath } : null;
    }
    let rel;
    try {
      rel = decodeURIComponent(urlPath.slice(basePath.length));
    } catch {
      return null; // malformed %-escape
    }
    if (rel.includes("\0") || rel.includes("\\")) return null;
    if (rel === "") rel = "index.html";
    const candidate = path.resolve(rootReal, rel);
    if (!isInside(rootReal, candidate)) return null;
    let real;
    try {
      real = await realpath(candidate);
    } catch {
      return null;
    }
    if (!isInside(rootReal, real)) return null; // a symlink pointing out of root
    const info = await stat(real);
    if (!info.isFile()) return null; // directories are never listed nor served
    return { file: real, size: info.size, mtime: info.mtime };
  }

  async function handle(req, res) {
    if (log) process.stderr.write(`${req.method} ${req.url}\n`);
    res.csp = await cspHeader();
    if (req.method !== "GET" && req.method !== "HEAD") {
      return send(res, 405, "Method Not Allowed\n", { Allow: "GET, HEAD" });
    }
    const urlPath = new URL(req.url, "http://localhost").pathname;
    const found = await resolveFile(urlPath);
    if (!found) return send(res, 404, "Not Found\n");
    if (found.redirect) return send(res, 301, "Moved\n", { Location: found.redirect });

    res.writeHead(200, {
      ...headers,
      ...res.csp,
      "Content-Type": mimeType(found.file),
      "Content-Length": found.size,
      "Last-Modified": found.mtime.toUTCString(),
      // Trunk hashes asset names, but index.html keeps its name: always revalidate.
      "Cache-Control": "no-cache",
      "X-Content-Type-Options": "nosniff",
    });
    if (req.method === "HEAD") return res.end();
    createReadStream(found.file)
      .on("error", (err) => res.destroy(err))
      .pipe(res);
  }

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const actualPort = server.address().port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${actualPort}${basePath}`,
    port: actualPort,
    server,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections?.();
      }),
  };
}

function isInside(root, candidate) {
  return candidate === root || candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

function parseArgs(argv) {
  const opts = { root: "dist", port: Number(process.env.PORT ?? 8080), host: "127.0.0.1", headers: {}, base: "/", log: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === "--port" || arg === "-p") opts.port = Number(value());
    else if (arg === "--host") opts.host = value();
    else if (arg === "--base") opts.base = value();
    else if (arg === "--log") opts.log = true;
    else if (arg === "--csp") opts.csp = true;
    else if (arg === "--header" || arg === "-H") {
      const h = value();
      const colon = h.indexOf(":");
      if (colon < 1) throw new Error(`--header wants "Name: value", got ${JSON.stringify(h)}`);
      opts.headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
    } else if (arg === "--help" || arg === "-h") {
      opts.help = true;
    } else if (arg.startsWith("-")) throw new Error(`unknown option ${arg}`);
    else opts.root = arg;
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error("the port must be 0-65535");
  return opts;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`static-server: ${err.message}`);
    process.exit(2);
  }
  if (opts.help) {
    console.log("usage: node scripts/static-server.mjs [dir=dist] [--port N] [--host H] [--base /sub/] [--header 'Name: value']... [--csp] [--log]");
    process.exit(0);
  }
  try {
    const { url, close } = await startServer(opts);
    console.log(`Serving ${path.resolve(opts.root)} at ${url}  (Ctrl-C stops)`);
    const stop = () => close().finally(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  } catch (err) {
    console.error(`static-server: ${err.message}`);
    process.exit(1);
  }
}
