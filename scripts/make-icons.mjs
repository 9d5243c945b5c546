#!/usr/bin/env node
// Renders Waypoint's PNG icons from the SVG source in the repo, with headless Chromium (Debian's,
// through playwright-core). Run it after changing public/icon.svg and commit the PNGs: a normal
// build only copies them, so it never needs a browser.
//
//   public/icon.svg                    the source: a rounded dark tile, the favicon as is
//   public/icons/icon-192.png          manifest, purpose "any" (corners stay transparent)
//   public/icons/icon-512.png          manifest, purpose "any"
//   public/icons/icon-maskable-512.png manifest, purpose "maskable": the same art on a full-bleed
//                                      square (the launcher cuts its own shape; the art sits well
//                                      inside the central 80% safe zone, see ICONS below)
//   public/icons/apple-touch-icon.png  180x180, full bleed: iOS rounds it itself and would show
//                                      transparent corners as black
//
// usage: node scripts/make-icons.mjs [--out DIR]

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SOURCE = path.join(REPO_ROOT, "public/icon.svg");
const CHROMIUM = process.env.WAYPOINT_CHROMIUM || "/usr/bin/chromium";

/**
 * Every PNG, its size, and whether it keeps the tile's rounded (transparent) corners.
 * The pin's farthest point from the centre is 174 of 256 units (68% of the half-width), so on
 * the full-bleed tile it lies inside the maskable safe circle (radius 80% of the half-width).
 */
export const ICONS = Object.freeze([
  { file: "icon-192.png", size: 192, fullBleed: false },
  { file: "icon-512.png", size: 512, fullBleed: false },
  { file: "icon-maskable-512.png", size: 512, fullBleed: true },
  { file: "apple-touch-icon.png", size: 180, fullBleed: true },
]);

/** The source SVG with its background tile's rounded corners removed (a full-bleed square). */
export function fullBleed(svg) {
  const out = svg.replace(/(<rect\b[^>]*?)\s+rx="[^"]*"/, "$1");
  if (out === svg) throw new Error("make-icons: the icon's first <rect> has no rx to remove");
  return out;
}

/** Width and height from a PNG's IHDR chunk, or null when the bytes are not a PNG. */
export function pngSize(buf) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (buf.length < 24 || !buf.subarray(0, 8).equals(signature) || buf.toString("latin1", 12, 16) !== "IHDR") return null;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

async function main() {
  const outIndex = process.argv.indexOf("--out");
  const outDir = outIndex > 0 ? path.resolve(process.argv[outIndex + 1]) : path.join(REPO_ROOT, "public/icons");
  const svg = readFileSync(SOURCE, "utf8");
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    mkdirSync(outDir, { recursive: true });
    for (const icon of ICONS) {
      const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size }, deviceScaleFactor: 1 });
      const source = icon.fullBleed ? fullBleed(svg) : svg;
      const src = `data:image/svg+xml;base64,${Buffer.from(source).toString("base64")}`;
      await page.setContent(
        `<!doctype html><html><body style="margin:0;background:transparent">` +
          `<img src="${src}" width="${icon.size}" height="${icon.size}" style="display:block"></body></html>`,
      );
      await page.locator("img").evaluate((img) => img.decode());
      // Rounded tiles keep transparent corners; full-bleed ones are opaque anyway.
      const png = await page.screenshot({ omitBackground: !icon.fullBleed, clip: { x: 0, y: 0, width: icon.size, height: icon.size } });
      writeFileSync(path.join(outDir, icon.file), png);
      console.log(`${path.relative(REPO_ROOT, path.join(outDir, icon.file))}: ${icon.size}x${icon.size}, ${png.length} bytes`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`make-icons: ${err.stack ?? err}`);
    process.exit(1);
  });
}
