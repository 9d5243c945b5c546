// Drops the classes wasm-bindgen's glue exports that nothing can ever make an instance of, with
// the module's exports that only they call.
//
// Leptos always builds the browser client of server functions (server_fn's `browser` feature),
// and with it wasm-streams, whose three stream adapters (IntoUnderlyingSource,
// IntoUnderlyingByteSource, IntoUnderlyingSink) are `#[wasm_bindgen]` types. Their methods are
// exports of the module, so neither the linker nor wasm-opt may remove them or the code behind
// them, and the glue carries a class for each. Waypoint has no server. An instance of a glue
// class only ever comes from Rust handing one to JS (the class's `static __wrap`, which
// wasm-bindgen writes only when some import needs it) or from JS calling its constructor; a class
// with neither, named nowhere else in the glue, can never exist, and nor can a call to one of its
// methods. So the class leaves the glue and its exports leave the module, before wasm-opt, which
// then drops the code behind them.
//
// scripts/split-build.mjs applies it to the app's main module; scripts/bench-counter.sh to the
// bare counter (dropDeadClassesIn), so the two compare alike.

import { escapeRegExp, rewriteApp } from "./pwa-build.mjs";
import { leb, name, readLeb, replaceSection, sections, utf8 } from "./wasm-imports.mjs";

const EXPORT_SECTION = 7;

/** Every export of a module, in order: { name, kind, index }. */
export function exportsOf(bytes) {
  const section = sections(bytes).find((s) => s.id === EXPORT_SECTION);
  if (!section) return [];
  const out = [];
  let [count, at] = readLeb(bytes, section.start);
  while (count-- > 0) {
    let field, index;
    [field, at] = utf8(bytes, at);
    const kind = bytes[at];
    [index, at] = readLeb(bytes, at + 1);
    out.push({ name: field, kind, index });
  }
  if (at !== section.end) throw new Error("wasm: the export section has bytes after its exports");
  return out;
}

/** `bytes` without the exports named in `names`, each of which it must have; all else as it was. */
export function removeExports(bytes, names) {
  const section = sections(bytes).find((s) => s.id === EXPORT_SECTION);
  const all = exportsOf(bytes);
  const missing = [...names].filter((n) => !all.some((e) => e.name === n));
  if (!section || missing.length) throw new Error(`wasm: no export ${missing.join(", ")}`);
  const kept = all.filter((e) => !names.has(e.name));
  const contents = Buffer.concat([
    leb(kept.length),
    ...kept.flatMap((e) => [name(e.name), Buffer.from([e.kind]), leb(e.index)]),
  ]);
  return replaceSection(bytes, section, contents);
}

/**
 * The glue's classes that can never have an instance, each as the pieces of text that are all of
 * it (the class, the line that gives it `Symbol.dispose`, its FinalizationRegistry) and the
 * exports those pieces call: [{ name, pieces, exports }].
 */
export function deadClasses(glue) {
  const out = [];
  for (const match of glue.matchAll(/^export class (\w+) \{\n[\s\S]*?^\}\n/gm)) {
    const [block, className] = match;
    if (/^\s*(constructor|static __wrap)\(/m.test(block)) continue;
    const c = escapeRegExp(className);
    const pieces = [
      block,
      glue.match(new RegExp(String.raw`^if \(Symbol\.dispose\) ${c}\.prototype\[Symbol\.dispose\] = ${c}\.prototype\.free;\n`, "m"))?.[0],
      glue.match(new RegExp(String.raw`^const ${c}Finalization = [^;]*;\n`, "m"))?.[0],
    ].filter(Boolean);
    let rest = glue;
    for (const piece of pieces) rest = rest.replace(piece, "");
    if (new RegExp(String.raw`\b${c}`).test(rest)) continue; // named elsewhere: leave it be
    const exports = new Set(pieces.flatMap((p) => [...p.matchAll(/\bwasm\.(\w+)\(/g)].map((m) => m[1])));
    out.push({ name: className, pieces, exports });
  }
  return out;
}

/**
 * `wasm` and its `glue` without the glue's dead classes (deadClasses) and the exports only they
 * call. Throws if the rest of the glue still calls one of those exports, so a glue shaped
 * otherwise fails the build instead of breaking the app.
 *
 * @returns {{ wasm: Buffer, glue: string, classes: string[], exports: string[] }}
 */
export function dropDeadClasses(wasm, glue) {
  const dead = deadClasses(glue);
  let rest = glue;
  for (const piece of dead.flatMap((d) => d.pieces)) rest = rest.replace(piece, "");
  const exports = new Set(dead.flatMap((d) => [...d.exports]));
  const stillCalled = [...exports].filter((e) => new RegExp(String.raw`\bwasm\.${escapeRegExp(e)}\b`).test(rest));
  if (stillCalled.length) throw new Error(`the glue still calls ${stillCalled.join(", ")} (has wasm-bindgen's glue changed?)`);
  return {
    wasm: exports.size ? removeExports(wasm, exports) : wasm,
    glue: rest,
    classes: dead.map((d) => d.name),
    exports: [...exports],
  };
}

/**
 * dropDeadClasses on a Trunk build in `dir`, in place (pwa-build.mjs rewriteApp). The module must
 * then go through wasm-opt for the code behind the exports to go too.
 */
export function dropDeadClassesIn(dir) {
  return rewriteApp(dir, dropDeadClasses);
}
