#!/usr/bin/env python3
"""The OpenAPI documents of attrc compile --emit openapi.

usage: openapi_test.py ATTRC

1. Compiles specs/, the specs of the tests/cases/openapi-* cases and every spec of
   ../shared/corpus and ../shared/corpus-nfv that compiles (each alone; the corpora are
   skipped, saying so, where ../shared is absent), as YAML, and specs/ as JSON too.
2. tests/node/openapi_check.mjs checks each document: valid OpenAPI 3.1
   (@seriousme/openapi-schema-validator), every schema compiles in ajv 8 strict mode,
   openapi-backend reads exactly the operations the model has (method, path,
   parameters, statuses: below, from attrc check --dump-model and the rules of
   docs/spec-format.md and docs/artefacts.md), and sample create requests get from openapi-backend's
   validateRequest the verdict MEMBER.schema.json gives.
   An extension compiled with its base carries the base's schema: no reference leaves
   the document.
3. The YAML and the JSON of a spec are the same document (PyYAML), and a second run
   writes the same bytes.
4. docs/artefacts.md shows the spec of tests/cases/openapi-derived and the document the
   case expects, as they are.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(here)
LIST_PARAMS = ["fields", "sort_key", "sort_dir", "limit", "marker", "page_reverse"]
SCALAR = {"string", "uuid", "ip", "cidr", "mac", "port-range", "boolean", "integer", "number"}
SUCCESS = {"POST": 201, "GET": 200, "PUT": 200, "DELETE": 204}
# the operations of a resource a spec does not list, and their error statuses
DERIVED = [("create", "POST", "", [400, 403]), ("get", "GET", "", []),
           ("get", "GET", "/{id}", [404]), ("update", "PUT", "/{id}", [400, 403, 404]),
           ("delete", "DELETE", "/{id}", [404])]
VALUES = {"uuid": "12345678-1234-1234-1234-123456789abc", "ip": "10.0.0.1",
          "cidr": "10.0.0.0/24", "mac": "fa:16:3e:00:00:01", "port-range": "80:90",
          "boolean": True, "integer": 1, "number": 1.5, "array": [], "object": {},
          "string": "x"}
WRONG = {"boolean": "yes", "integer": "one", "number": "one", "array": {}, "object": []}


def clean(path):
    path = re.split(r"[?# \t]", path)[0]
    return path if path.startswith("/") else "/" + path


def loose(s):
    return s.replace("-", "_")


def expected(spec):
    """The operations the document must have: (method, path) -> parameters, statuses."""
    model = spec
    res = {r["member"]: r for r in model["resources"]}
    ops, order = {}, []

    def add(method, path, r, statuses, given=(), response=None):
        key = (method, clean(path))
        if key in ops:
            return
        params = [p["in"] + ":" + p["name"] for p in given if p["in"] != "body"]
        params = list(dict.fromkeys(params + ["path:" + p for p in
                                              re.findall(r"\{([^}]*)\}", key[1])]))
        last = key[1].rsplit("/", 1)[-1]
        if r and method == "GET" and loose(last) == loose(r["collection"]):
            names = []
            for a in r["attributes"]:
                if a["access"]["visible_to"] == "nobody":
                    continue
                if (a["access"]["visible_to"] == "all" and a["type"]["base"] in SCALAR
                        and a["name"] not in LIST_PARAMS and "query:" + a["name"] not in params):
                    params.append("query:" + a["name"])
            params += ["query:" + p for p in LIST_PARAMS]
        ops[key] = {"method": method, "path": key[1], "parameters": params,
                    # a response structure the text names, without codes: 200 with it
                    "statuses": [str(s) for s in statuses] or (["200"] if response else
                                                               ["default"])}

    listed = set()  # (member, method, "" or "/{id}"): the spec gives it
    for o in model["operations"]:
        r = res.get(o["resource"]) if o.get("resource") else None
        add(o["method"], o["path"], r, o["success"] + o["errors"], o.get("parameters", []),
            o.get("response"))
        segs = clean(o["path"]).split("/")
        if r and loose(segs[-1]) == loose(r["collection"]):
            listed.add((r["member"], o["method"], ""))
        elif r and len(segs) > 2 and segs[-1].startswith("{") and \
                loose(segs[-2]) == loose(r["collection"]):
            listed.add((r["member"], o["method"], "/{id}"))
    # the derived operations, with the prefix docs/spec-format.md "Method tables" gives:
    # the path before the collection in the resource's own method tables, else in the
    # spec's first bound operation, else /v2.0/
    def before(o):
        r = res.get(o.get("resource") or "")
        segs = clean(o["path"]).split("/")
        at = [k for k, x in enumerate(segs) if r and loose(x) == loose(r["collection"])]
        return "/".join(segs[:at[-1]]) + "/" if at else None
    for r in model["resources"]:
        own = [before(o) for o in model["operations"] if o.get("resource") == r["member"]]
        bound = [before(o) for o in model["operations"] if o.get("resource")]
        prefix = next((p for p in own + bound if p), "/v2.0/")
        for act, method, suffix, errors in DERIVED:
            if (r["member"], method, suffix) not in listed:
                add(method, prefix + r["collection"] + suffix, r, [SUCCESS[method]] + errors)
    return list(ops.values())


def value(a):
    v = a.get("validation", {})
    if "enum" in v and v["enum"]:
        return v["enum"][0]
    if a["type"]["base"] in ("integer", "number") and "minimum" in v:
        return v["minimum"] + (1 if v.get("exclusive_minimum") else 0)
    return VALUES.get(a["type"]["base"], "x")


def samples(model, docdir, ops):
    """Create requests for each resource with a POST on its collection."""
    out = []
    for r in model["resources"]:
        schema = os.path.join(docdir, r["member"] + ".schema.json")
        post = [o for o in ops if o["method"] == "POST"
                and loose(o["path"].rsplit("/", 1)[-1]) == loose(r["collection"])]
        if not post or not os.path.exists(schema):
            continue
        path = re.sub(r"\{[^}]*\}", "abc", post[0]["path"])
        m = r["member"]
        writable = [a for a in r["attributes"] if a["access"]["post"]]
        good = {a["name"]: value(a) for a in writable if a["required"]}
        bodies = [{}, {m: {}}, {m: good}, {m: dict(good, not_an_attribute_of_it=1)}, [m]]
        for a in writable:
            bodies.append({m: dict(good, **{a["name"]: WRONG.get(a["type"]["base"], 12345)})})
            bodies.append({m: dict(good, **{a["name"]: value(a)})})
        # the schemas an extension's refers to: those of the run, beside its folder
        with open(schema) as fh:
            refs = [] if '"$ref": "urn:' not in fh.read() else [
                p for p in glob.glob(os.path.join(os.path.dirname(docdir), "*", "*.schema.json"))
                if p != schema]
        # openapi-backend's ajv runs draft-07 and ignores unevaluatedProperties, which an
        # extension's closed form over its base uses: what it accepts there is known
        with open(schema) as fh:
            blind = "unevaluatedProperties" in fh.read()
        out += [{"method": "POST", "path": path, "schema": schema, "refs": refs,
                 "def": "create_request", "body": b,
                 "known": "openapi-backend ignores unevaluatedProperties" if blind else None}
                for b in bodies]
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    attrc = os.path.abspath(sys.argv[1])
    node = shutil.which("node")
    checker = os.path.join(here, "node", "openapi_check.mjs")
    mods = os.path.join(here, "node", "node_modules")
    if not node or not all(os.path.isdir(os.path.join(mods, p)) for p in
                           ("ajv", "openapi-backend", "@seriousme/openapi-schema-validator")):
        sys.exit("node, ajv, openapi-backend or @seriousme/openapi-schema-validator is "
                 "missing: run tools/setup (npm ci in tests/node)")
    failures = []
    work = tempfile.mkdtemp(prefix="attrc-openapi-")
    try:
        specs = sorted(glob.glob(os.path.join(top, "specs", "*.rst")))
        inputs = [(s, os.path.join(work, "specs")) for s in specs]
        # the openapi cases' specs: parameter tables, method tables, derived operations
        for case in sorted(glob.glob(os.path.join(here, "cases", "openapi-*", "spec.rst"))):
            inputs.append((case, os.path.join(work, "cases",
                                              os.path.basename(os.path.dirname(case)))))
        skipped = []
        for name in ("corpus", "corpus-nfv"):
            corpus = os.path.join(top, "..", "shared", name)
            if not os.path.isdir(corpus):
                skipped.append(name)
                continue
            for d, _, fs in sorted(os.walk(corpus)):
                for f in sorted(fs):
                    if f.endswith(".rst"):
                        inputs.append((os.path.join(d, f), os.path.join(
                            work, name, os.path.relpath(d, corpus))))
        docs = []
        for spec, out in inputs:
            args = [attrc, "compile", "--emit", "schema,openapi", "-o", out]
            r = subprocess.run(args + [spec], capture_output=True, text=True)
            if r.returncode == 1:
                continue  # a spec with errors writes nothing
            if r.returncode != 0:
                failures.append("%s: exit status %d: %s" % (spec, r.returncode, r.stderr))
                continue
            docs.append((spec, os.path.join(out, os.path.basename(spec)[:-4])))
        # an extension compiled with its base: the base's schema is carried in the document
        ext = os.path.join(here, "cases", "extension-clash")
        out = os.path.join(work, "extension")
        subprocess.run([attrc, "compile", "--emit", "schema,openapi", "-o", out,
                        os.path.join(ext, "spec.rst"), os.path.join(ext, "sieve-rim.rst")],
                       check=True, capture_output=True)
        docs.append((os.path.join(ext, "sieve-rim.rst"), os.path.join(out, "sieve-rim")))
        with open(os.path.join(out, "sieve-rim", "openapi.yaml")) as fh:
            if re.search(r'"\$ref": "urn:', fh.read()):
                failures.append("sieve-rim: the document refers to a schema outside it")
        cases = []
        for spec, docdir in docs:
            model = json.loads(subprocess.run([attrc, "check", "--dump-model", spec],
                                              capture_output=True, text=True).stdout)["specs"][0]
            ops = expected(model)
            cases.append({"path": os.path.join(docdir, "openapi.yaml"), "operations": ops,
                          "samples": samples(model, docdir, ops)})
        # specs/ as JSON: the same document, and the same bytes again
        jdir = os.path.join(work, "json")
        for _ in range(2):
            subprocess.run([attrc, "compile", "--emit", "openapi", "--openapi-format", "json",
                            "-o", jdir] + specs, check=True)
        for spec in specs:
            stem = os.path.basename(spec)[:-4]
            jpath = os.path.join(jdir, stem, "openapi.json")
            with open(jpath) as fh:
                j = json.load(fh)
            with open(os.path.join(work, "specs", stem, "openapi.yaml")) as fh:
                text = fh.read()
            if yaml.safe_load(text) != j:
                failures.append("%s: openapi.yaml and openapi.json differ" % stem)
            again = os.path.join(work, "again")
            subprocess.run([attrc, "compile", "--emit", "openapi", "-o", again, spec], check=True)
            with open(os.path.join(again, stem, "openapi.yaml")) as fh:
                if fh.read() != text:
                    failures.append("%s: a second run wrote other bytes" % stem)
            cases.append({"path": jpath, "operations": None, "samples": []})
        case = os.path.join(here, "cases", "openapi-derived")
        with open(os.path.join(top, "docs", "artefacts.md")) as fh:
            doc = fh.read()
        for part in ("spec.rst", os.path.join("expected-files", "spec", "openapi.yaml")):
            with open(os.path.join(case, part)) as fh:
                if "\n" + fh.read() + "```" not in doc:
                    failures.append("docs/artefacts.md does not show %s of %s as it is" %
                                    (part, case))
        path = os.path.join(work, "cases.json")
        with open(path, "w") as fh:
            json.dump({"documents": cases}, fh)
        r = subprocess.run([node, checker, path], capture_output=True, text=True)
        sys.stdout.write(r.stdout)
        sys.stderr.write(r.stderr)
        if r.returncode != 0:
            failures.append("openapi_check.mjs failed")
        print("openapi: %d specs compiled (%d of specs/)%s" % (
            len(docs), len(specs), "; skipped, ../shared absent: " + ", ".join(skipped)
            if skipped else ""))
    finally:
        shutil.rmtree(work)
    for f in failures:
        print("FAIL: " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
