// scripts/fhir-validate.py, the FHIR R4 validator the suite runs (fhir.resources 6.4 in the
// .venv-fhir that setup.sh makes): the native fixture's bundle (tests/fixtures/fhir-bundle.json,
// which src/domain/fhir.rs's test pins byte for byte) is valid, and each kind of damage the
// validator exists to catch is refused and named.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PYTHON = process.env.WAYPOINT_FHIR_PYTHON || path.join(REPO, ".venv-fhir/bin/python");
const SCRIPT = path.join(REPO, "scripts/fhir-validate.py");
const FIXTURE = path.join(REPO, "tests/fixtures/fhir-bundle.json");

/** Runs the validator on `bundle` (an object), returning its exit code and output. */
function validate(bundle) {
  const dir = mkdtempSync(path.join(tmpdir(), "fhir-"));
  const file = path.join(dir, "bundle.json");
  writeFileSync(file, JSON.stringify(bundle));
  const run = spawnSync(PYTHON, [SCRIPT, file], { encoding: "utf8" });
  return { code: run.status, out: run.stdout + run.stderr };
}

const fixture = () => JSON.parse(readFileSync(FIXTURE, "utf8"));

test("the validator is fhir.resources at its R4 (4.0.1) release line", () => {
  const version = execFileSync(PYTHON, ["-c", "import fhir.resources as f; print(f.__version__, f.__fhir_version__)"], { encoding: "utf8" });
  assert.equal(version.trim(), "6.4.0 4.0.1");
});

test("the native fixture's FHIR bundle validates against R4", () => {
  const { code, out } = validate(fixture());
  assert.equal(code, 0, out);
  assert.match(out, /valid FHIR R4/);
});

const damages = [
  ["an element R4 does not have", (b) => { b.entry[1].resource.score = 3; }, /extra fields not permitted/],
  ["a required element missing", (b) => { delete b.entry[2].resource.status; }, /status[\s\S]*field required/],
  ["a code outside a required binding", (b) => { b.type = "bundle"; }, /Bundle\.type: 'bundle' is not one of/],
  ["a dateTime without seconds", (b) => { b.entry[2].resource.effectiveDateTime = "2026-11-13T08:00+00:00"; }, /is not a valid dateTime/],
  ["a reference to nothing in the bundle", (b) => { b.entry[2].resource.derivedFrom[0].reference = "urn:uuid:00000000-0000-0000-0000-000000000000"; }, /resolves to no entry/],
  ["two values for one choice element", (b) => { b.entry[2].resource.valueString = "11"; }, /value\[x\]|only one|mutually exclusive|Any of one field value is expected/i],
];

for (const [what, damage, reason] of damages) {
  test(`a bundle with ${what} is refused`, () => {
    const bundle = fixture();
    damage(bundle);
    const { code, out } = validate(bundle);
    assert.equal(code, 1, out);
    assert.match(out, reason);
  });
}
