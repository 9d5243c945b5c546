// scripts/wasm-imports.mjs: the import names it shortens, in a module Node compiles and runs, and
// the glue shapes it refuses.
import assert from "node:assert/strict";
import { test } from "node:test";
import { dropUnusedImports, importsOf, minifyImportNames, renameImports, shortName } from "../../scripts/wasm-imports.mjs";
import { leb, section, str, vec, wasmModule } from "./wasm-bytes.mjs";

// --- A small module, written byte by byte -------------------------------------------------------

const GLUE_MODULE = "./m_bg.js";
const ADD = "__wbg_add_0123456789abcdef";
const LOG = "__wbg_log_fedcba9876543210";
/** A function the glue offers and the module does not import (wasm-opt dropped its last call). */
const GONE = "__wbg_gone_00112233445566778";

/**
 * Imports `add(i32, i32) -> i32` and `log(i32) -> i32` from the glue, a function from the split
 * loader, a memory, a table and a global (every kind of description the parser must step over);
 * exports `run(a, b) = log(add(a, b))`.
 */
function moduleBytes() {
  const types = section(1, vec([[0x60, 2, 0x7f, 0x7f, 1, 0x7f], [0x60, 1, 0x7f, 1, 0x7f]]));
  const imports = section(
    2,
    vec([
      [...str(GLUE_MODULE), ...str(ADD), 0, 0],
      [...str("./__wasm_split.js"), ...str("__wasm_split_load_x"), 0, 0],
      [...str(GLUE_MODULE), ...str(LOG), 0, 1],
      [...str("env"), ...str("memory"), 2, 0, 1],
      [...str("env"), ...str("table"), 1, 0x70, 1, 1, 2],
      [...str("env"), ...str("g"), 3, 0x7f, 0],
    ]),
  );
  const functions = section(3, vec([[0]]));
  const exports = section(7, vec([[...str("run"), 0, 3]]));
  const body = [0, 0x20, 0, 0x20, 1, 0x10, 0, 0x10, 2, 0x0b]; // no locals; log(add(a, b))
  const code = section(10, vec([[...leb(body.length), ...body]]));
  return wasmModule(types, imports, functions, exports, code);
}

/** Shaped like wasm-bindgen's web-target glue: the imports object, keys as it writes them. */
const GLUE = `function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        ${ADD}: function(arg0, arg1) {
            return arg0 + arg1;
        },
        ${LOG}: function(arg0) {
            return arg0 * 10;
        },
        ${GONE}: function() { return handleError(function (arg0) {
            return arg0;
        }, arguments); },
    };
    return {
        __proto__: null,
        "${GLUE_MODULE}": import0,
    };
}
return __wbg_get_imports();`;

/** Instantiates `wasm` with the imports `glue` builds, and runs `run(2, 3)`. */
async function run(wasm, glue) {
  const imports = new Function(glue)();
  imports["./__wasm_split.js"] = { __wasm_split_load_x: () => 0 };
  imports.env = {
    memory: new WebAssembly.Memory({ initial: 1 }),
    table: new WebAssembly.Table({ initial: 1, maximum: 2, element: "anyfunc" }),
    g: new WebAssembly.Global({ value: "i32", mutable: false }, 0),
  };
  const { instance } = await WebAssembly.instantiate(wasm, imports);
  return instance.exports.run(2, 3);
}

// --- Tests --------------------------------------------------------------------------------------

test("the module's imports are read in order, every kind of them", () => {
  assert.deepEqual(
    importsOf(moduleBytes()).map((i) => `${i.module} ${i.name} ${i.kind}`),
    [`${GLUE_MODULE} ${ADD} 0`, "./__wasm_split.js __wasm_split_load_x 0", `${GLUE_MODULE} ${LOG} 0`, "env memory 2", "env table 1", "env g 3"],
  );
});

test("the glue's functions get short names in the module and the glue, and the module runs as before", async () => {
  const wasm = moduleBytes();
  assert.equal(await run(wasm, GLUE), 50, "the module as written");

  const out = minifyImportNames(wasm, GLUE, GLUE_MODULE);
  assert.equal(out.renamed, 2);
  assert.deepEqual(
    WebAssembly.Module.imports(new WebAssembly.Module(out.wasm)).map((i) => `${i.module} ${i.name}`),
    [`${GLUE_MODULE} a`, "./__wasm_split.js __wasm_split_load_x", `${GLUE_MODULE} b`, "env memory", "env table", "env g"],
    "only the glue's imports are renamed, in place",
  );
  assert.ok(!out.glue.includes(ADD) && !out.glue.includes(LOG), "no long name is left in the glue");
  assert.deepEqual(out.dropped, [GONE], "the function the module does not import is dropped");
  assert.ok(!out.glue.includes("handleError"), `nothing of it is left: ${out.glue}`);
  // The names shrink to one letter each (the section's size may take a byte less to write).
  assert.ok(wasm.length - out.wasm.length >= ADD.length + LOG.length - 2, `${wasm.length} -> ${out.wasm.length} bytes`);
  assert.equal(await run(out.wasm, out.glue), 50, "the same functions reach the module under the new names");
});

test("a glue that does not hold each import once as a key is refused", () => {
  const wasm = moduleBytes();
  assert.throws(() => minifyImportNames(wasm, GLUE.replace(`${LOG}:`, "other:"), GLUE_MODULE), /has 0 keys __wbg_log_/);
  const twice = GLUE.replace("    };", `    };\n    const again = { ${ADD}: null };`);
  assert.throws(() => minifyImportNames(wasm, twice, GLUE_MODULE), /has 2 keys __wbg_add_/);
  assert.throws(() => minifyImportNames(wasm, GLUE, "./other_bg.js"), /imports nothing from \.\/other_bg\.js/);
});

test("the glue's functions the module does not import are dropped, wherever they stand", () => {
  const imported = (...names) => dropUnusedImports(GLUE, GLUE_MODULE, new Set(names));
  const all = imported(ADD, LOG, GONE);
  assert.equal(all.glue, GLUE, "all imported: the glue as it was");
  assert.deepEqual(all.dropped, []);
  for (const [keep, drop] of [[[LOG, GONE], [ADD]], [[ADD, GONE], [LOG]], [[ADD], [LOG, GONE]], [[], [ADD, LOG, GONE]]]) {
    const out = imported(...keep);
    assert.deepEqual(out.dropped, drop);
    const offered = Object.keys(new Function(out.glue)()[GLUE_MODULE]);
    assert.deepEqual(offered, keep, `the glue still parses and offers just ${keep.join(", ")}`);
  }
  assert.throws(() => dropUnusedImports(GLUE, "./other_bg.js", new Set()), /no imports object for \.\/other_bg\.js/);
});

test("renaming leaves a module's other bytes alone, and a name not asked for as it was", () => {
  const wasm = moduleBytes();
  assert.deepEqual(renameImports(wasm, GLUE_MODULE, new Map()), wasm);
  const one = renameImports(wasm, GLUE_MODULE, new Map([[LOG, "zz"]]));
  assert.deepEqual(
    importsOf(one).map((i) => i.name),
    [ADD, "__wasm_split_load_x", "zz", "memory", "table", "g"],
  );
});

test("short names run a–z, A–Z, then two letters, never repeating", () => {
  assert.deepEqual([0, 25, 26, 51, 52, 53, 103, 104].map(shortName), ["a", "z", "A", "Z", "aa", "ab", "aZ", "ba"]);
  const names = Array.from({ length: 3000 }, (_, i) => shortName(i));
  assert.equal(new Set(names).size, names.length);
  assert.ok(names.every((n) => /^[A-Za-z]+$/.test(n)));
});
