// Helpers for the offline/installable (pwa.test.mjs) and Content-Security-Policy (csp.test.mjs)
// suites: the built app served with its CSP header, and waits on the service worker.

import { DIST, assertBuilt } from "./harness.mjs";
import { startServer } from "../../scripts/static-server.mjs";
export { pngSize } from "../../scripts/make-icons.mjs";

/**
 * Serves a build like the harness's startApp, with the Content-Security-Policy response header
 * on (`csp: true`: the policy in the build's index.html <meta>, plus frame-ancestors), as
 * scripts/serve.sh serves it.
 */
export async function serveApp({ base = "/", root = DIST, csp = true } = {}) {
  assertBuilt(root);
  const server = await startServer({ root, port: 0, base, csp });
  return {
    ...server,
    origin: new URL(server.url).origin,
    route: (name) => `${server.url}#/${String(name).replace(/^[#/]+/, "")}`,
  };
}

/** Waits until the app has rendered a screen (its <h1> inside <main>). */
export async function appReady(page) {
  await page.locator("main#main h1").first().waitFor({ state: "visible", timeout: 15_000 });
}

/**
 * Waits until a service worker controls the page. The first install claims the open page (no
 * reload needed), once pwa.js has registered sw.js after `load` and every file is cached.
 */
export async function controlled(page) {
  await page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, { timeout: 30_000 });
  return page.evaluate(() => navigator.serviceWorker.controller.scriptURL);
}

/** The names of the Cache Storage caches the page's origin holds, sorted. */
export function cacheNames(page) {
  return page.evaluate(async () => (await caches.keys()).sort());
}

/** The VERSION constant of a built sw.js. */
export function workerVersion(swText) {
  const m = swText.match(/^const VERSION = "([^"]+)";$/m);
  if (!m) throw new Error("sw.js has no VERSION line: was it written by scripts/pwa-build.mjs?");
  return m[1];
}
