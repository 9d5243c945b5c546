#!/usr/bin/env python3
"""Validates FHIR R4 JSON files against the R4 (4.0.1) specification, with the models of
`fhir.resources` 6.4 (the last release line whose models are R4; 6.5 and later are R4B and R5),
installed by scripts/setup.sh into .venv-fhir.

`fhir.resources` checks each resource's structure: known elements only, types, cardinality,
required elements, one value per choice element. On top of that, from the same models' own
metadata, this script checks what those models describe but do not enforce: a code in a
required binding (`enum_values`, e.g. Bundle.type, Observation.status) and the specification's
pattern for each primitive (`regex`, e.g. a dateTime with seconds and an offset). Within a
Bundle, every fullUrl is unique and every reference resolves to one of them.

Usage: fhir-validate.py FILE...   exits 0 when every file is valid, 1 with the reasons otherwise.
"""
import json
import sys

import fhir.resources
from fhir.resources import get_fhir_model_class
from fhir.resources.core.fhirabstractmodel import FHIRAbstractModel

assert fhir.resources.__fhir_version__ == "4.0.1", fhir.resources.__fhir_version__


def field_by_name(model_cls, name):
    for field in model_cls.__fields__.values():
        if field.alias == name:
            return field
    return None


def check(model_cls, raw, path, problems):
    """Walks the raw JSON `raw` of a `model_cls` beside its model definition."""
    for name, value in raw.items():
        if name == "resourceType" or name.startswith("_"):
            continue
        field = field_by_name(model_cls, name)
        if field is None:
            continue  # pydantic has refused it already
        values = value if isinstance(value, list) else [value]
        enum = field.field_info.extra.get("enum_values")
        for i, item in enumerate(values):
            where = f"{path}.{name}" + (f"[{i}]" if isinstance(value, list) else "")
            kind = field.type_
            if isinstance(item, dict):
                # Complex types are named by fhirtypes' wrappers (`BundleEntryType`), a contained
                # resource by its own resourceType.
                model = item.get("resourceType") or getattr(kind, "__resource_type__", None)
                kind = get_fhir_model_class(model) if model else kind
            if isinstance(item, dict) and isinstance(kind, type) and issubclass(kind, FHIRAbstractModel):
                check(kind, item, where, problems)
                continue
            if enum and item not in enum:
                problems.append(f"{where}: {item!r} is not one of {enum}")
            regex = getattr(kind, "regex", None)
            if regex is not None and isinstance(item, str) and not regex.fullmatch(item):
                problems.append(f"{where}: {item!r} is not a valid {getattr(kind, '__visit_name__', kind.__name__)}")


def references(raw):
    if isinstance(raw, dict):
        for key, value in raw.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:
                yield from references(value)
    elif isinstance(raw, list):
        for item in raw:
            yield from references(item)


def validate(path):
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    model_cls = get_fhir_model_class(raw.get("resourceType", ""))
    problems = []
    try:
        model_cls.parse_obj(raw)
    except Exception as e:  # pydantic's ValidationError lists every problem
        problems.append(str(e))
    check(model_cls, raw, raw.get("resourceType", "?"), problems)
    if raw.get("resourceType") == "Bundle":
        urls = [e.get("fullUrl") for e in raw.get("entry", [])]
        if len(set(urls)) != len(urls):
            problems.append("Bundle: a fullUrl is given twice")
        for ref in references(raw):
            if ref not in urls:
                problems.append(f"Bundle: the reference {ref} resolves to no entry")
    return problems


def main(paths):
    if not paths:
        print(__doc__)
        return 2
    failed = 0
    for path in paths:
        problems = validate(path)
        if problems:
            failed += 1
            print(f"{path}: INVALID")
            for p in problems:
                print(f"  {p}")
        else:
            print(f"{path}: valid FHIR R4 ({fhir.resources.__fhir_version__})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
