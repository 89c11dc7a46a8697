#!/usr/bin/python3
"""The JSON Schemas attrc compile writes, checked the ways their users will use them:

1. Every schema emitted for specs/ (and for each spec of ../shared/corpus that compiles,
   where it is present) is valid against the draft 2020-12 meta-schema
   (python3-jsonschema).
2. For each resource of specs/, example bodies derived from its model (a valid one with
   every writable attribute, and one per way to be invalid: unknown attribute, each
   required one missing, each attribute of the wrong type, null where it may not be, out
   of its enum, over its length, out of its bounds, not in its format, a dict with a key,
   the envelope missing or with an extra key, a read-only attribute in a write) are
   accepted or refused as expected by python3-jsonschema.
3. The string formats: for thousands of strings, the runtime's attrc_is_* functions
   (tests/formats_cli.c, linked with the runtime of the build under test), the schema's
   pattern under Python's re and under JavaScript's RegExp agree.
4. With node and ajv installed (tests/node: npm ci), every schema compiles in ajv 8
   strict mode (ajv/dist/2020, ajv-formats), every $defs entry, and ajv gives the same
   verdicts on the examples and patterns.  Without node or ajv the test fails: tools/setup
   installs them.

usage: schema_test.py ATTRC FORMATS_CLI
"""
import glob, json, os, random, shutil, subprocess, sys, tempfile

import jsonschema

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bodies import invalid_values, pattern_strings, value_for  # noqa: E402
import ajv  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(here)

def examples(model, schema_of):
    """Example bodies of every resource: (schema path, $defs name, body, valid, why)."""
    out = []
    for res in model["resources"]:
        path, m = schema_of[res["member"]], res["member"]
        attrs = res["attributes"]
        for op, key in (("create", "post"), ("update", "put")):
            writable = [a for a in attrs if a["access"][key]]
            good = {a["name"]: value_for(a) for a in writable}
            out.append((path, op, good, True, "every writable attribute"))
            out.append((path, op + "_request", {m: good}, True, "the envelope"))
            out.append((path, op + "_request", good, False, "no envelope"))
            out.append((path, op + "_request", {m: good, "x": 1}, False, "an extra key"))
            out.append((path, op, dict(good, zz_unknown=1), False, "an unknown attribute"))
            out.append((path, op, [good], False, "not an object"))
            for a in writable:
                for why, bad in invalid_values(a):
                    out.append((path, op, dict(good, **{a["name"]: bad}), False,
                                "%s: %s" % (a["name"], why)))
            for a in attrs:
                if not a["access"][key]:
                    out.append((path, op, dict(good, **{a["name"]: value_for(a)}), False,
                                "%s may not be written on %s" % (a["name"], op)))
            if op == "create":
                for a in writable:
                    body = dict(good)
                    del body[a["name"]]
                    out.append((path, op, body, not a["required"],
                                "%s left out" % a["name"]))
        visible = {a["name"]: value_for(a) for a in attrs if a["access"]["visible_to"] != "nobody"}
        out.append((path, "response", {m: visible}, True, "the resource as returned"))
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    attrc, libpath = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    failures = []
    work = tempfile.mkdtemp(prefix="attrc-schema-")
    try:
        specs = sorted(glob.glob(os.path.join(top, "specs", "*.rst")))
        subprocess.run([attrc, "compile", "--emit", "schema", "-o", work] + specs, check=True)
        corpus = os.path.join(top, "..", "shared", "corpus")
        ncorpus = 0
        if os.path.isdir(corpus):
            for d, _, fs in os.walk(corpus):
                for f in sorted(fs):
                    if not f.endswith(".rst"):
                        continue
                    out = os.path.join(work, "corpus", os.path.relpath(d, corpus))
                    r = subprocess.run([attrc, "compile", "--emit", "schema", "-o", out,
                                        os.path.join(d, f)], capture_output=True)
                    if r.returncode == 0:
                        ncorpus += 1
                    elif r.returncode != 1:
                        failures.append("%s: exit status %d" % (f, r.returncode))
        schemas = sorted(glob.glob(os.path.join(work, "**", "*.schema.json"), recursive=True))
        for path in schemas:
            with open(path) as fh:
                try:
                    jsonschema.Draft202012Validator.check_schema(json.load(fh))
                except jsonschema.SchemaError as e:
                    failures.append("%s: not a valid 2020-12 schema: %s" % (path, e.message))
        # examples for specs/
        model = json.loads(subprocess.run([attrc, "check", "--dump-model"] + specs,
                                          capture_output=True, check=True).stdout)
        exs = []
        for spec in model["specs"]:
            stem = os.path.splitext(os.path.basename(spec["file"]))[0]
            schema_of = {r["member"]: os.path.join(work, stem, r["member"] + ".schema.json")
                         for r in spec["resources"]}
            exs += examples(spec, schema_of)
        validators = {}
        for path, name, body, valid, why in exs:
            if path not in validators:
                with open(path) as fh:
                    doc = json.load(fh)
                validators[path] = doc
            doc = validators[path]
            schema = dict(doc, **{"$ref": "#/$defs/" + name})
            got = jsonschema.Draft202012Validator(schema).is_valid(body)
            if got != valid:
                failures.append("%s %s: jsonschema says %s for %s (%s)" % (
                    os.path.basename(path), name, "valid" if got else "invalid",
                    json.dumps(body), why))
        # the formats: C, Python, JavaScript
        rng = random.Random(20261125)
        strings = pattern_strings(rng)
        patterns = {}
        for path in schemas:
            with open(path) as fh:
                for name, d in json.load(fh)["$defs"].items():
                    if "pattern" in d:
                        patterns[name] = d["pattern"]
        import re
        pat_cases = []
        order = [(name, s) for name in sorted(patterns) for s in strings]
        r = subprocess.run([libpath], input="".join("%s %s\n" % (n, s.encode().hex())
                                                    for n, s in order),
                           capture_output=True, text=True, check=True)
        cverdict = dict(zip(order, (l == "1" for l in r.stdout.split())))
        for name, pat in sorted(patterns.items()):
            rx = re.compile(pat)
            for s in strings:
                c = cverdict[(name, s)]
                py = rx.search(s) is not None
                if c != py:
                    failures.append("%s: C says %s, Python's re %s, for %r" % (name, c, py, s))
                pat_cases.append({"pattern": pat, "string": s, "match": c})
        out, err = ajv.check(work, {"schemas": schemas,
                                    "examples": [{"schema": p, "def": n, "body": b, "valid": v}
                                                 for p, n, b, v, _ in exs],
                                    "patterns": pat_cases})
        print(out)
        if err:
            failures.append(err)
        print("schemas: %d (specs/ and %d corpus specs that compile), valid 2020-12; "
              "%d examples; %d format patterns x %d strings" % (
                  len(schemas), ncorpus, len(exs), len(patterns), len(strings)))
    finally:
        shutil.rmtree(work)
    if failures:
        print("\n".join(failures[:50]))
        print("%d failures" % len(failures))
        sys.exit(1)


main()
