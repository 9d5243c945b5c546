// Helpers for the export and review suite (export.test.mjs): files the app offers as downloads,
// files handed to its file inputs, a laptop page for the therapist, a guard against script
// dialogs, a byte-for-byte snapshot of localStorage, an RFC 4180 CSV reader and a PDF page count.

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { phonePage } from "./harness.mjs";

/** A private temporary folder for this run's downloads and hand-made files; `clean()` removes it. */
export function tempFolder(prefix = "waypoint-export-") {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    /** Writes `content` (string or Buffer) to `name` inside the folder and returns its path. */
    write(name, content) {
      const file = path.join(dir, name);
      writeFileSync(file, content);
      return file;
    },
    clean: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Runs `action` (a tap or click) and returns the file the page offers as a download:
 * `{ name, file, text }`, saved into `folder`. Fails if no download starts within `timeout`
 * (the app falls back to a download when the Web Share API cannot share files, as in headless
 * Chromium on a desktop).
 */
export async function downloadFrom(page, folder, action, timeout = 5_000) {
  const started = page.waitForEvent("download", { timeout });
  await action();
  let download;
  try {
    download = await started;
  } catch (error) {
    assert.fail(`no download started within ${timeout} ms: ${error.message}`);
  }
  const name = download.suggestedFilename();
  const file = path.join(folder.dir, name);
  await download.saveAs(file);
  assert.equal(await download.failure(), null, `the download of ${name} failed`);
  return { name, file, text: readFileSync(file, "utf8") };
}

/**
 * A laptop-sized page (1280×800, mouse, not mobile) in a fresh context: the therapist's own
 * device. Same bookkeeping as the harness's phonePage (console errors, requests).
 */
export async function laptopPage(browser, opts = {}) {
  const { contextOptions = {}, ...rest } = opts;
  return phonePage(browser, {
    ...rest,
    contextOptions: {
      viewport: { width: 1280, height: 800 },
      deviceScaleFactor: 1,
      isMobile: false,
      hasTouch: false,
      ...contextOptions,
    },
  });
}

/**
 * Records every alert/confirm/prompt the page opens (and dismisses it), so a test can fail if a
 * script payload ever ran. Returns the list of messages, live.
 */
export function guardDialogs(page) {
  const dialogs = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss().catch(() => {});
  });
  return dialogs;
}

/** Every localStorage item of the page's origin, keys sorted: for byte-for-byte comparisons. */
export async function storageSnapshot(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      Object.keys(localStorage)
        .sort()
        .map((key) => [key, localStorage.getItem(key)]),
    ),
  );
}

/**
 * Parses CSV strictly by RFC 4180: records end in CRLF, fields are separated by commas, a field
 * holding a comma, quote or line break is quoted, and a quote inside is doubled. Anything else
 * (a bare quote in an unquoted field, text after a closing quote, a lone LF or CR) throws.
 * Returns the records as arrays of field strings; the final CRLF does not start a new record.
 */
export function parseCsv(text) {
  const records = [];
  let record = [];
  let i = 0;
  const n = text.length;
  const where = () => `at character ${i} (record ${records.length + 1})`;
  while (i < n) {
    let field = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) throw new Error(`unterminated quoted field ${where()}`);
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else {
          field += text[i++];
        }
      }
      if (i < n && text[i] !== "," && !(text[i] === "\r" && text[i + 1] === "\n")) {
        throw new Error(`text after a closing quote ${where()}`);
      }
    } else {
      while (i < n && text[i] !== "," && text[i] !== "\r" && text[i] !== "\n") {
        if (text[i] === '"') throw new Error(`a quote inside an unquoted field ${where()}`);
        field += text[i++];
      }
      if (i < n && (text[i] === "\n" || (text[i] === "\r" && text[i + 1] !== "\n"))) {
        throw new Error(`a line break that is not CRLF ${where()}`);
      }
    }
    record.push(field);
    if (i >= n) {
      records.push(record);
      record = null;
      break;
    }
    if (text[i] === ",") {
      i++;
      if (i >= n) {
        record.push("");
        records.push(record);
        record = null;
      }
      continue;
    }
    i += 2; // CRLF
    records.push(record);
    record = [];
  }
  if (record && record.length) records.push(record);
  return records;
}

/**
 * What a PDF made by Chromium holds: its page count and each page's size in points
 * (`/Type /Page` dictionaries and their `/MediaBox`, which Chromium writes uncompressed).
 */
export function pdfPages(buffer) {
  const text = Buffer.from(buffer).toString("latin1");
  assert.ok(text.startsWith("%PDF-"), "a PDF file");
  const pages = text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? [];
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => ({
    width: Number(m[3]) - Number(m[1]),
    height: Number(m[4]) - Number(m[2]),
  }));
  return { count: pages.length, boxes };
}

/**
 * Elements matching `selector` that the page still renders (a box on screen, not hidden by
 * their own or an ancestor's `display: none`), each described briefly.
 */
export async function renderedElements(page, selector) {
  return page.evaluate((sel) => {
    return [...document.querySelectorAll(sel)]
      .filter((el) => el.checkVisibility({ checkVisibilityCSS: true }) && el.getClientRects().length > 0)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className && typeof el.className === "string" ? `.${el.className.trim().replace(/\s+/g, ".")}` : ""} "${(el.textContent || "").trim().slice(0, 40)}"`);
  }, selector);
}

/** Every string in a JSON value that looks like an ISO instant, with where it was found. */
export function isoStrings(value, at = "$") {
  if (typeof value === "string") return /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value) ? [[at, value]] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => isoStrings(v, `${at}[${i}]`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => isoStrings(v, `${at}.${k}`));
  return [];
}
