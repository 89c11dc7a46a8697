#!/usr/bin/python3
"""SARIF output of attrc check validates against the SARIF 2.1.0 schema (a copy is in
tests/schemas/), and says what the JSON format says: the same findings, places and rules.

usage: sarif_valid.py ATTRC SPEC...
"""
import json, os, subprocess, sys

import jsonschema

here = os.path.dirname(os.path.abspath(__file__))


def run(attrc, fmt, spec):
    r = subprocess.run([attrc, "check", "--diagnostics-format", fmt, spec],
                       capture_output=True, timeout=60)
    if r.returncode not in (0, 1):
        sys.exit("%s: exit status %d\n%s" % (spec, r.returncode, r.stderr.decode()))
    return json.loads(r.stderr)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    attrc, specs = sys.argv[1], sys.argv[2:]
    with open(os.path.join(here, "schemas", "sarif-schema-2.1.0.json")) as f:
        schema = json.load(f)
    validator = jsonschema.Draft7Validator(schema)
    total = 0
    for spec in specs:
        sarif = run(attrc, "sarif", spec)
        errors = sorted(validator.iter_errors(sarif), key=str)
        if errors:
            sys.exit("%s: SARIF not valid: %s" % (spec, errors[0]))
        plain = run(attrc, "json", spec)["diagnostics"]
        results = sarif["runs"][0]["results"]
        rules = [r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]]
        if len(results) != len(plain):
            sys.exit("%s: %d SARIF results, %d diagnostics" % (spec, len(results), len(plain)))
        for res, d in zip(results, plain):
            loc = res["locations"][0]["physicalLocation"]
            region = loc.get("region", {})
            got = (res["ruleId"], rules[res["ruleIndex"]], res["level"], res["message"]["text"],
                   region.get("startLine", 0), region.get("startColumn", 0))
            want = (d["code"], d["code"], d["level"], d["message"], d["line"], d["column"])
            if got != want:
                sys.exit("%s: SARIF %r, JSON %r" % (spec, got, want))
            if not loc["artifactLocation"]["uri"]:
                sys.exit("%s: a result without a file" % spec)
        total += len(results)
    if total == 0:
        sys.exit("no findings at all: the inputs do not exercise the SARIF writer")
    # the SARIF of attrc diff, as the data-driven cases expect it
    cases = os.path.join(here, "cases")
    for case in sorted(os.listdir(cases)):
        args = os.path.join(cases, case, "args")
        if os.path.exists(args) and "sarif" in open(args).read().split() and \
                open(args).read().startswith("diff"):
            with open(os.path.join(cases, case, "expected.jsonl")) as f:
                doc = json.load(f)
            errors = sorted(validator.iter_errors(doc), key=str)
            if errors:
                sys.exit("%s: attrc diff's SARIF is not valid: %s" % (case, errors[0]))
            if not doc["runs"][0]["results"]:
                sys.exit("%s: no results" % case)
            total += len(doc["runs"][0]["results"])
    print("sarif: %d files, %d results, valid against SARIF 2.1.0" % (len(specs), total))


main()
