#!/usr/bin/python3
"""The JSON Schema of structures (structures.schema.json, docs/artefacts.md).

- The case spec tests/cases/structures/spec.rst: example bodies of its structures,
  valid and broken at every depth (an unknown key two levels down, a missing required
  member of a list's item, an empty list that must hold one, a wrong type deep down), get
  the verdict written here from python3-jsonschema and from ajv.
- Every spec of ../shared/corpus-nfv that compiles: its structures' schema is valid
  2020-12 (the meta-schema), and it and every $defs entry compile in ajv's strict mode
  (skipped, saying so, where ../shared is absent).

usage: structs_schema_test.py ATTRC
"""
import glob, json, os, shutil, subprocess, sys, tempfile

import jsonschema

import ajv

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(here)

# (structure, body, valid) for tests/cases/structures/spec.rst
EXAMPLES = [
    ("WatchCriteria", {"metric": "temp", "levels": [{"value": 80}], "callbackUri": "http://example.invalid/cb"}, True),
    ("WatchCriteria", {"metric": "temp", "levels": [{"value": 80, "since": "2026-12-03T10:00:00Z"},
                                                   {"value": 90.5}], "callbackUri": "http://example.invalid/cb",
                       "direction": "UP", "owner": {"any": "thing"}, "retries": 3,
                       "tags": []}, True),
    ("WatchCriteria", {"metric": "temp", "levels": [], "callbackUri": "http://example.invalid/cb"}, False),
    ("WatchCriteria", {"metric": "temp", "levels": [{"value": 80}], "direction": "SIDEWAYS",
                       "callbackUri": "http://example.invalid/cb"}, False),
    ("WatchCriteria", {"metric": "temp", "levels": [{"since": "2026-12-03T10:00:00Z"}],
                       "callbackUri": "http://example.invalid/cb"}, False),
    ("WatchCriteria", {"metric": "temp", "levels": [{"value": 80, "colour": "red"}],
                       "callbackUri": "http://example.invalid/cb"}, False),
    ("WatchCriteria", {"metric": "temp", "levels": [{"value": "80"}], "callbackUri": "http://example.invalid/cb"}, False),
    ("WatchCriteria", {"metric": "temp", "levels": [{"value": 80}]}, False),
    ("WatchCriteria", {"metric": "temp", "levels": [{"value": 80}], "callbackUri": "http://example.invalid/cb",
                       "extra": 1}, False),
    ("WatchCriteria", {"metric": "temp", "levels": [{"value": 80}], "callbackUri": "http://example.invalid/cb",
                       "tags": ["a", 2]}, False),
    ("CreateWatcherRequest", {"kettleId": "k1", "criteria": {"metric": "t", "levels": [{"value": 1}],
                                                            "callbackUri": "http://example.invalid/cb"},
                              "labels": {"free": "form", "n": 1}}, True),
    ("CreateWatcherRequest", {"kettleId": "k1", "criteria": {"metric": "t", "levels": [{"value": 1}],
                                                            "callbackUri": "http://example.invalid/cb", "x": 0}}, False),
    ("CreateWatcherRequest", {"kettleId": "k1"}, False),
]


def compile_schema(attrc, spec, out):
    r = subprocess.run([attrc, "compile", "--emit", "schema", "-o", out, spec],
                       capture_output=True, text=True)
    path = os.path.join(out, os.path.splitext(os.path.basename(spec))[0],
                        "structures.schema.json")
    return path if r.returncode == 0 and os.path.exists(path) else None


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    attrc = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="attrc-structs-")
    failures = []
    try:
        case = compile_schema(attrc, os.path.join(here, "cases", "structures", "spec.rst"),
                              os.path.join(work, "case"))
        if not case:
            sys.exit("the case spec did not compile")
        doc = json.load(open(case))
        for name, body, valid in EXAMPLES:
            schema = dict(doc, **{"$ref": "#/$defs/" + name})
            v = jsonschema.Draft202012Validator(schema)
            if v.is_valid(body) != valid:
                failures.append("jsonschema: %s %s: %s" % (name, json.dumps(body),
                                                           "valid" if not valid else "invalid"))
        schemas = [case]
        corpus = os.path.join(top, "..", "shared", "corpus-nfv")
        ncorpus = 0
        if os.path.isdir(corpus):
            for k, spec in enumerate(sorted(glob.glob(os.path.join(corpus, "**", "*.rst"),
                                                      recursive=True))):
                path = compile_schema(attrc, spec, os.path.join(work, "c%d" % k))
                if path:
                    schemas.append(path)
                    ncorpus += 1
        else:
            print("corpus-nfv skipped: ../shared/corpus-nfv is absent")
        for path in schemas:
            try:
                jsonschema.Draft202012Validator.check_schema(json.load(open(path)))
            except jsonschema.SchemaError as e:
                failures.append("%s: not a valid 2020-12 schema: %s" % (path, e.message))
        out, err = ajv.check(work, {"schemas": schemas,
                                    "examples": [{"schema": case, "def": n, "body": b,
                                                  "valid": v} for n, b, v in EXAMPLES]})
        print(out)
        if err:
            failures.append(err)
        print("structures' schemas: %d (the case and %d corpus-nfv specs), valid 2020-12; "
              "%d example bodies" % (len(schemas), ncorpus, len(EXAMPLES)))
    finally:
        shutil.rmtree(work)
    if failures:
        print("\n".join(failures[:40]))
        sys.exit(1)


main()
