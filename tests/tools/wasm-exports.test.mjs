// scripts/wasm-exports.mjs: which glue classes can never have an instance, and what dropping them
// leaves of the glue (an ES module that still loads) and of the module (which still runs).
import assert from "node:assert/strict";
import { test } from "node:test";
import { deadClasses, dropDeadClasses, exportsOf, removeExports } from "../../scripts/wasm-exports.mjs";
import { section, str, vec, wasmModule } from "./wasm-bytes.mjs";

// --- A small module and a glue shaped like wasm-bindgen's ---------------------------------------

/**
 * Functions returning 1, 2 and 3, exported as `keep`, `dead_pull` and `__wbg_dead_free`, and a
 * memory exported as `memory`: every kind of export the reader must step over.
 */
function moduleBytes() {
  const types = section(1, vec([[0x60, 0, 1, 0x7f]]));
  const functions = section(3, vec([[0], [0], [0]]));
  const memory = section(5, vec([[0, 1]]));
  const exports = section(
    7,
    vec([
      [...str("keep"), 0, 0],
      [...str("dead_pull"), 0, 1],
      [...str("memory"), 2, 0],
      [...str("__wbg_dead_free"), 0, 2],
    ]),
  );
  const body = (n) => [4, 0, 0x41, n, 0x0b]; // size, no locals, i32.const n, end
  const code = section(10, vec([body(1), body(2), body(3)]));
  return wasmModule(types, functions, memory, exports, code);
}

/**
 * `Dead` can never exist (no constructor, no `__wrap`, named nowhere else); `Made` comes from
 * Rust (`__wrap`), `Built` from its constructor, and `Named` is named elsewhere, so they stay.
 */
const GLUE = `let wasm;
export class Built {
    constructor() {
        const ret = wasm.built_new();
        this.__wbg_ptr = ret >>> 0;
    }
}
export class Dead {
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        DeadFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_dead_free(ptr, 0);
    }
    /**
     * @returns {number}
     */
    pull() {
        const ret = wasm.dead_pull(this.__wbg_ptr);
        return ret;
    }
}
if (Symbol.dispose) Dead.prototype[Symbol.dispose] = Dead.prototype.free;

export class Made {
    static __wrap(ptr) {
        const obj = Object.create(Made.prototype);
        obj.__wbg_ptr = ptr;
        return obj;
    }
}
export class Named {
    free() {
        wasm.named_free(this.__wbg_ptr);
    }
}
export function isNamed(x) {
    return x instanceof Named;
}
export function keep() {
    return wasm.keep();
}
const DeadFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_dead_free(ptr, 1));
export function __set(instance) {
    wasm = instance.exports;
}
`;

/** Loads `glue` as the ES module it is, bound to an instance of `wasm`. */
async function load(wasm, glue) {
  const glueModule = await import(`data:text/javascript;base64,${Buffer.from(glue).toString("base64")}`);
  const { instance } = await WebAssembly.instantiate(wasm);
  glueModule.__set(instance);
  return glueModule;
}

// --- Tests --------------------------------------------------------------------------------------

test("a module's exports are read in order, with their kinds and indices", () => {
  assert.deepEqual(exportsOf(moduleBytes()), [
    { name: "keep", kind: 0, index: 0 },
    { name: "dead_pull", kind: 0, index: 1 },
    { name: "memory", kind: 2, index: 0 },
    { name: "__wbg_dead_free", kind: 0, index: 2 },
  ]);
});

test("removing exports keeps the others, and the module still runs; a name it lacks is refused", async () => {
  const out = removeExports(moduleBytes(), new Set(["dead_pull", "__wbg_dead_free"]));
  assert.deepEqual(WebAssembly.Module.exports(new WebAssembly.Module(out)).map((e) => e.name), ["keep", "memory"]);
  const { instance } = await WebAssembly.instantiate(out);
  assert.equal(instance.exports.keep(), 1);
  assert.deepEqual(removeExports(moduleBytes(), new Set()), moduleBytes(), "nothing asked: the same bytes");
  assert.throws(() => removeExports(moduleBytes(), new Set(["nope"])), /no export nope/);
});

test("only a class with no constructor, no __wrap and no other mention is dead, with what it calls", () => {
  const dead = deadClasses(GLUE);
  assert.deepEqual(dead.map((d) => d.name), ["Dead"]);
  assert.deepEqual([...dead[0].exports].sort(), ["__wbg_dead_free", "dead_pull"]);
  assert.equal(dead[0].pieces.length, 3, "the class, its Symbol.dispose line, its FinalizationRegistry");
});

test("dropping dead classes leaves a glue that loads and a module that runs without them", async () => {
  const before = await load(moduleBytes(), GLUE);
  assert.equal(typeof before.Dead, "function");

  const out = dropDeadClasses(moduleBytes(), GLUE);
  assert.deepEqual(out.classes, ["Dead"]);
  assert.deepEqual(out.exports.sort(), ["__wbg_dead_free", "dead_pull"]);
  assert.doesNotMatch(out.glue, /Dead|dead_/, "nothing of the class is left in the glue");
  assert.deepEqual(WebAssembly.Module.exports(new WebAssembly.Module(out.wasm)).map((e) => e.name), ["keep", "memory"]);
  const after = await load(out.wasm, out.glue);
  assert.deepEqual(Object.keys(after).sort(), ["Built", "Made", "Named", "__set", "isNamed", "keep"]);
  assert.equal(after.keep(), 1, "the glue still reaches the module");
});

test("a glue that calls a dead class's export from elsewhere is refused", () => {
  const sneaky = GLUE.replace("export function keep() {", "export function sneaky() {\n    return wasm.dead_pull(0);\n}\nexport function keep() {");
  assert.throws(() => dropDeadClasses(moduleBytes(), sneaky), /the glue still calls dead_pull/);
  assert.deepEqual(dropDeadClasses(moduleBytes(), GLUE.replace(/^export class Dead[\s\S]*?^\}\n/m, "")).classes, [], "no class to drop: none dropped");
});
