// Page side of sw.js and the install prompt. Contract (window events): scripts/pwa-build.mjs.
(() => {
  const sw = navigator.serviceWorker;
  const fire = (name) => dispatchEvent(new Event(name));
  // Events wait for the app (Trunk's loader sets wasmBindings, then fires TrunkApplicationStarted).
  const early = new Set();
  const tell = (name) => (window.wasmBindings ? fire(name) : early.add(name));
  addEventListener("TrunkApplicationStarted", () => early.forEach(fire));
  const standalone = matchMedia("(display-mode: standalone)").matches || navigator.standalone;
  if (standalone) document.documentElement.dataset.standalone = "true";
  let prompt = null;
  addEventListener("beforeinstallprompt", (e) => {
    e.preventDefault();
    prompt = e;
    tell("waypoint-install-ready");
  });
  addEventListener("waypoint-install", () => {
    prompt?.prompt();
    prompt = null;
  });
  addEventListener("appinstalled", () => tell("waypoint-installed"));
  // The app could not start (its download failed on a poor connection, or this browser cannot
  // run it): index.html's shell says so, instead of "Opening Waypoint…" for ever. Until the app
  // runs, the only other promises are this file's, which handle their own rejections.
  // (Trunk's loader is a module script: its failed `await init()` is reported as an error.)
  const failed = () => {
    const shell = document.getElementById("shell");
    if (!shell || window.wasmBindings || shell.querySelector("button")) return;
    shell.querySelector("[role=status]").textContent =
      "Waypoint could not start. Check your connection, then try again. Nothing you saved is lost.";
    const retry = document.createElement("button");
    retry.type = "button";
    retry.className = "btn btn-primary btn-block";
    retry.textContent = "Try again";
    retry.addEventListener("click", () => location.reload());
    shell.querySelector(".screen").append(retry);
  };
  addEventListener("error", failed);
  addEventListener("unhandledrejection", failed);
  if (!sw) return;
  // Reload once when a new version takes over; the first install only claims the page.
  let mode = sw.controller ? "reload" : "claim";
  sw.addEventListener("controllerchange", () => {
    if (mode === "reload") location.reload();
    mode = mode === "claim" ? "reload" : "done";
  });
  const register = () =>
    sw.register("sw.js", { scope: "./" }).then((reg) => {
      const ready = () => reg.waiting && sw.controller && tell("waypoint-update-ready");
      ready();
      reg.onupdatefound = () => {
        const next = reg.installing;
        next.onstatechange = () => next.state === "installed" && ready();
      };
      addEventListener("waypoint-update-now", () => reg.waiting?.postMessage({ type: "SKIP_WAITING" }));
      document.addEventListener("visibilitychange", () => document.hidden || reg.update().catch(() => {}));
    }).catch((err) => console.warn("No offline copy:", err)); // never an unhandled rejection: see above
  // Once the app's first screen has what it needs ("waypoint-ready"): caching must not slow the
  // first load, and the worker's precaching then finds the modules that screen fetched in the
  // HTTP cache instead of racing the app for them (each would be downloaded twice).
  addEventListener("waypoint-ready", register, { once: true });
})();
