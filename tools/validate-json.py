#!/usr/bin/env python3
"""Validates JSON documents against Dudao's committed JSON Schemas (draft 2020-12).

Usage: validate-json.py SCHEMAS_DIR SCHEMA=INSTANCE [SCHEMA=INSTANCE ...]

SCHEMA is a path under SCHEMAS_DIR (e.g. output/status.schema.json), INSTANCE a JSON file.
Every *.schema.json under SCHEMAS_DIR is loaded, so a schema may refer to another by its
$id (or by a path relative to it). Prints one line per error, "INSTANCE: $.path: message",
and exits 1 when any instance is invalid, 2 when a schema itself is invalid.
An independent check of what the Swift code prints: it shares no code with Dudao.
"""
import json
import pathlib
import sys

import jsonschema


def load_schemas(root):
    schemas = {}
    for path in sorted(root.rglob("*.schema.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        schemas[path.relative_to(root).as_posix()] = (document.get("$id") or path.resolve().as_uri(), document)
    return schemas


def validator_for(schema, schemas):
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    cls.check_schema(schema)
    checker = cls.FORMAT_CHECKER if hasattr(cls, "FORMAT_CHECKER") else jsonschema.FormatChecker()
    try:  # jsonschema >= 4.18
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012
        registry = Registry().with_resources(
            (uri, Resource.from_contents(doc, default_specification=DRAFT202012)) for uri, doc in schemas.values())
        return cls(schema, registry=registry, format_checker=checker)
    except ImportError:  # older releases, e.g. Debian's python3-jsonschema 4.10
        store = {uri: doc for uri, doc in schemas.values()}
        resolver = jsonschema.RefResolver(schema.get("$id", ""), schema, store=store)
        return cls(schema, resolver=resolver, format_checker=checker)


def path_of(error):
    text = "$"
    for part in error.absolute_path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 64
    root = pathlib.Path(argv[1])
    schemas = load_schemas(root)
    failed = False
    for pair in argv[2:]:
        name, _, instance_path = pair.partition("=")
        if name not in schemas:
            print(f"{instance_path}: no schema {name} under {root}")
            failed = True
            continue
        try:
            validator = validator_for(schemas[name][1], schemas)
        except jsonschema.SchemaError as error:
            print(f"{name}: the schema is invalid: {error.message}")
            return 2
        instance = json.loads(pathlib.Path(instance_path).read_text(encoding="utf-8"))
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path))):
            print(f"{instance_path}: {path_of(error)}: {error.message[:300]}")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
