// Short names for the functions a wasm module imports from wasm-bindgen's glue.
//
// wasm-bindgen names each JS function the module imports after the Rust binding and a hash
// (`__wbg_setAttribute_f75317b2b5cabfb4`), and writes each name twice: in the module's import
// section and as a key of the glue's imports object. The hashes are random to a compressor, so
// Waypoint's 150-odd imports cost 5 KB of the first load's gzip (153.7 KB to 148.7 KB). Renaming
// both copies to `a`, `b`, … `Z`, `aa`, … (as Emscripten minifies its import names) changes
// nothing else: the module is the same code, and the glue hands it the same functions under the
// new keys.
//
// The glue's functions the module no longer imports (wasm-opt drops an import once nothing calls
// it) are dropped from the glue on the way.
//
// scripts/split-build.mjs applies it to the app's main module before naming files by content;
// scripts/bench-counter.sh to the bare counter (minifyImportNamesIn), so the two compare alike.

import { escapeRegExp, rewriteApp } from "./pwa-build.mjs";

const IMPORT_SECTION = 2;

/** Reads an unsigned LEB128 at `at`: [value, next offset]. */
export function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    if (byte === undefined) throw new Error("wasm: truncated LEB128");
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

/** `value` as an unsigned LEB128. */
export function leb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Buffer.from(out);
}

/** Reads a name (length, then UTF-8) at `at`: [text, next offset]. */
export const utf8 = (bytes, at) => {
  const [length, start] = readLeb(bytes, at);
  return [Buffer.from(bytes.subarray(start, start + length)).toString("utf8"), start + length];
};
/** `text` as a name: its length, then its UTF-8 bytes. */
export const name = (text) => {
  const bytes = Buffer.from(text, "utf8");
  return Buffer.concat([leb(bytes.length), bytes]);
};

/** Skips an import's description (after its kind byte): [offset after it]. */
function skipDescription(bytes, kind, at) {
  const limits = (p) => {
    const [flags, q] = readLeb(bytes, p);
    let [, r] = readLeb(bytes, q); // minimum
    if (flags & 1) [, r] = readLeb(bytes, r); // maximum
    return r;
  };
  switch (kind) {
    case 0: // function: type index
      return readLeb(bytes, at)[1];
    case 1: // table: reference type, limits
      return limits(at + 1);
    case 2: // memory: limits
      return limits(at);
    case 3: // global: value type, mutability
      return at + 2;
    case 4: // tag: attribute, type index
      return readLeb(bytes, at + 1)[1];
    default:
      throw new Error(`wasm: unknown import kind ${kind}`);
  }
}

/** The module's sections: { id, header (its first byte), start (of its contents), end }. */
export function sections(bytes) {
  if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error("not a wasm module");
  const out = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = readLeb(bytes, at + 1);
    out.push({ id, header: at, start, end: start + size });
    at = start + size;
  }
  return out;
}

/**
 * The import section ({ id, header, start, end }, or null without one) and its imports in order,
 * each { module, name, kind, description (its bytes from the kind on) }.
 */
function readImports(bytes) {
  const section = sections(bytes).find((s) => s.id === IMPORT_SECTION);
  if (!section) return { section: null, imports: [] };
  const imports = [];
  let [count, at] = readLeb(bytes, section.start);
  while (count-- > 0) {
    let module, field;
    [module, at] = utf8(bytes, at);
    [field, at] = utf8(bytes, at);
    const kindAt = at;
    at = skipDescription(bytes, bytes[kindAt], kindAt + 1);
    imports.push({ module, name: field, kind: bytes[kindAt], description: bytes.subarray(kindAt, at) });
  }
  if (at !== section.end) throw new Error("wasm: the import section has bytes after its imports");
  return { section, imports };
}

/** Every import of a module, in order: { module, name, kind }. */
export function importsOf(bytes) {
  return readImports(bytes).imports.map(({ module, name: field, kind }) => ({ module, name: field, kind }));
}

/** `bytes` with each import from `module` whose name `renames` maps renamed; all else as it was. */
export function renameImports(bytes, module, renames) {
  const { section, imports } = readImports(bytes);
  if (!section) throw new Error("wasm: no import section");
  const renamed = (i) => (i.module === module && renames.has(i.name) ? renames.get(i.name) : i.name);
  const parts = imports.flatMap((i) => [name(i.module), name(renamed(i)), i.description]);
  return replaceSection(bytes, section, Buffer.concat([leb(imports.length), ...parts]));
}

/** `bytes` with `section` (from `sections`) holding `contents` instead; all else as it was. */
export function replaceSection(bytes, section, contents) {
  return Buffer.concat([
    bytes.subarray(0, section.header),
    Buffer.from([section.id]),
    leb(contents.length),
    contents,
    bytes.subarray(section.end),
  ]);
}

/** The `n`th short name: a … z, A … Z, then aa, ab, …; valid as an unquoted JS property key. */
export function shortName(n) {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let out = "";
  let rest = n;
  do {
    out = letters[rest % letters.length] + out;
    rest = Math.floor(rest / letters.length) - 1;
  } while (rest >= 0);
  return out;
}

/**
 * The glue without the functions its imports object for `module` offers that are not in
 * `imported`: wasm-bindgen writes one for every import of the module it was given, and wasm-opt
 * then drops the imports nothing calls any more (scripts/wasm-exports.mjs leaves some such).
 * Each offered function is an entry `        name: function(…) {` as wasm-bindgen writes them,
 * up to the next one or the object's end.
 *
 * @returns {{ glue: string, dropped: string[] }}
 */
export function dropUnusedImports(glue, module, imported) {
  const variable = glue.match(new RegExp(String.raw`^\s*"${escapeRegExp(module)}": (\w+),$`, "m"))?.[1];
  const object = variable && glue.match(new RegExp(String.raw`^    const ${variable} = \{\n[\s\S]*?^    \};\n`, "m"))?.[0];
  if (!object) throw new Error(`the glue has no imports object for ${module} (has wasm-bindgen's glue changed?)`);
  const end = "    };\n";
  const [head, ...entries] = object.slice(0, -end.length).split(/^(?=        \w+: function\()/m);
  const dropped = [];
  const kept = entries.filter((entry) => {
    const key = entry.match(/^        (\w+): function\(/)[1];
    if (imported.has(key)) return true;
    dropped.push(key);
    return false;
  });
  return { glue: glue.replace(object, () => head + kept.join("") + end), dropped };
}

/**
 * Renames the functions `wasm` imports from the glue (module `module`, e.g. `./waypoint_bg.js`)
 * to short names, in the module and as keys of the glue's imports object, after dropping the
 * glue's functions the module no longer imports (dropUnusedImports). Throws unless each name is
 * a key of the glue exactly once, so a glue shaped otherwise fails the build instead of breaking
 * the app.
 *
 * @returns {{ wasm: Buffer, glue: string, renamed: number, dropped: string[] }}
 */
export function minifyImportNames(wasm, glue, module) {
  const names = importsOf(wasm)
    .filter((i) => i.module === module && i.kind === 0)
    .map((i) => i.name);
  if (!names.length) throw new Error(`wasm imports nothing from ${module}`);
  const renames = new Map(names.map((n, i) => [n, shortName(i)]));
  const { glue: used, dropped } = dropUnusedImports(glue, module, new Set(names));
  let out = used;
  for (const [from, to] of renames) {
    const key = new RegExp(String.raw`(^|[{,\s])${escapeRegExp(from)}(\s*:)`, "g");
    const found = out.match(key)?.length ?? 0;
    if (found !== 1) throw new Error(`the glue has ${found} keys ${from}, expected 1 (has wasm-bindgen's glue changed?)`);
    out = out.replace(key, `$1${to}$2`);
  }
  return { wasm: renameImports(wasm, module, renames), glue: out, renamed: renames.size, dropped };
}

/**
 * minifyImportNames on a Trunk build in `dir`, in place (pwa-build.mjs rewriteApp).
 */
export function minifyImportNamesIn(dir) {
  let before = 0;
  const out = rewriteApp(dir, (wasm, glue, { name: crate }) => {
    before = wasm.length;
    return minifyImportNames(wasm, glue, `./${crate}_bg.js`);
  });
  return { renamed: out.renamed, dropped: out.dropped, before, after: out.wasm.length };
}
