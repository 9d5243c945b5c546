// Writes small wasm modules byte by byte for the tests of scripts/wasm-imports.mjs and
// scripts/wasm-exports.mjs. Its own LEB128 writer on purpose: the scripts' reader is what the
// tests check, so it must not be what writes their input.

/** `n` as an unsigned LEB128. */
export const leb = (n) => {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
};
/** A name: its length, then its UTF-8 bytes. */
export const str = (s) => [...leb(Buffer.byteLength(s)), ...Buffer.from(s)];
/** A section: its id, size and `body`. */
export const section = (id, body) => [id, ...leb(body.length), ...body];
/** A vector: its length, then its items. */
export const vec = (items) => [...leb(items.length), ...items.flat()];
/** A module of `sections`. */
export const wasmModule = (...sections) => Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...sections.flat()]);
