#!/usr/bin/env python3
"""Validates SARIF files against the SARIF 2.1.0 JSON schema.

Usage: validate_sarif.py SCHEMA FILE...
Exits 1 and lists the errors when a file does not conform.
"""
import json
import sys

import jsonschema


def main():
    schema_path, files = sys.argv[1], sys.argv[2:]
    with open(schema_path) as f:
        schema = json.load(f)
    validator = jsonschema.Draft7Validator(schema)
    failed = False
    for path in files:
        with open(path) as f:
            log = json.load(f)
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
        results = sum(len(run.get("results", [])) for run in log.get("runs", []))
        if errors:
            failed = True
            for e in errors[:20]:
                print(f"{path}: {'/'.join(map(str, e.path))}: {e.message}")
        else:
            print(f"{path}: valid SARIF 2.1.0 ({results} results)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
