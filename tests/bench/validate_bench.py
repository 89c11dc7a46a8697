#!/usr/bin/python3
"""The validators' benchmark: nanoseconds per validation of a realistic resource's
create attributes (the `endpoint` of specs/endpoints.rst: 24 attributes, 21 writable on
create) by

  - attrc's generated C validator (attrc_validate, admin caller), linked with libattrc;
  - a floor: a loop that only walks the same object's keys (jansson);
  - ajv 8, the schema compiled to standalone code, on node;
  - python3-jsonschema (Draft202012Validator.is_valid);

on the same bodies, in the same run: a valid body with every writable attribute (so no
default is inserted: the object does not change between runs), and invalid bodies (one
error, several errors).  Each figure is the median of ROUNDS rounds.

usage: tests/bench/validate_bench.py BUILD_DIR [--rounds N] [--iterations N]
       (BUILD_DIR: a release build, e.g. build-release; it holds attrc and validate_bench)
"""
import argparse, json, os, platform, statistics, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(os.path.dirname(here))
sys.path.insert(0, os.path.dirname(here))
from bodies import value_for  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--iterations", type=int, default=20000)
    ap.add_argument("--resource", default="endpoint")
    a = ap.parse_args()
    build = os.path.abspath(a.build)
    attrc = os.path.join(build, "compiler", "attrc")
    spec = os.path.join(top, "specs", "endpoints.rst")
    model = json.loads(subprocess.run([attrc, "check", "--dump-model", spec],
                                      capture_output=True, check=True).stdout)
    res = [r for r in model["specs"][0]["resources"] if r["member"] == a.resource][0]
    attrs = res["attributes"]
    valid = {x["name"]: value_for(x) for x in attrs if x["access"]["post"]}
    one = dict(valid, weight=1000)
    many = dict(valid, weight="heavy", network_id="not-a-uuid", ports="443:80",
                name="n" * 300, zz_unknown=1)
    with tempfile.TemporaryDirectory() as w:
        subprocess.run([attrc, "compile", "--emit", "schema", "-o", w, spec], check=True)
        schema = os.path.join(w, "endpoints", a.resource + ".schema.json")
        files = {}
        for name, body in (("valid", valid), ("one error", one), ("five errors", many)):
            files[name] = os.path.join(w, name.replace(" ", "_") + ".json")
            with open(files[name], "w") as f:
                json.dump(body, f)
        order = list(files)
        c = subprocess.run([os.path.join(build, "validate_bench"), a.resource, str(a.rounds),
                            str(a.iterations)] + [files[n] for n in order],
                           capture_output=True, text=True, check=True)
        cres = [json.loads(l) for l in c.stdout.splitlines()]
        j = subprocess.run(["node", os.path.join(here, "validate_bench.js"), schema,
                            str(a.rounds), str(a.iterations)] + [files[n] for n in order],
                           capture_output=True, text=True, check=True)
        jres = [json.loads(l) for l in j.stdout.splitlines()]
        import jsonschema
        with open(schema) as f:
            doc = json.load(f)
        v = jsonschema.Draft202012Validator(dict(doc, **{"$ref": "#/$defs/create"}))
        pres = []
        piters = max(1, a.iterations // 100)
        for n in order:
            with open(files[n]) as f:
                body = json.load(f)
            times = []
            for _ in range(max(3, a.rounds // 3)):
                t0 = time.perf_counter_ns()
                for _ in range(piters):
                    ok = v.is_valid(body)
                times.append((time.perf_counter_ns() - t0) / piters)
            pres.append({"valid": ok, "ns": statistics.median(times)})
    for n, cr, jr, pr in zip(order, cres, jres, pres):
        if not (cr["valid"] == jr["valid"] == pr["valid"]):
            sys.exit("the validators disagree on the %s body: C %s, ajv %s, jsonschema %s" % (
                n, cr["valid"], jr["valid"], pr["valid"]))
    print("Resource `%s` of specs/endpoints.rst (%d attributes, %d writable on create); "
          "median of %d rounds of %d validations (python3-jsonschema: %d rounds of %d); "
          "%s, %d cores.\n" % (a.resource, len(attrs), len(valid), a.rounds, a.iterations,
                               max(3, a.rounds // 3), piters, platform.machine(),
                               os.cpu_count()))
    print("| body | floor (walk the keys) | attrc C | ajv 8 standalone | python3-jsonschema | attrc / floor | ajv / attrc |")
    print("|---|---|---|---|---|---|---|")
    for n, cr, jr, pr in zip(order, cres, jres, pres):
        print("| %s | %.0f ns | %.0f ns | %.0f ns | %.0f ns | %.2f | %.2f |" % (
            n, cr["floor_ns"], cr["validate_ns"], jr["ajv_ns"], pr["ns"],
            cr["validate_ns"] / cr["floor_ns"], jr["ajv_ns"] / cr["validate_ns"]))


main()
