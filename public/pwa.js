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
    }, (err) => console.warn("No offline copy:", err));
  // After load: caching must not slow the first load.
  if (document.readyState === "complete") register();
  else addEventListener("load", register);
})();
