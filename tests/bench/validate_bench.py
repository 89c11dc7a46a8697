#!/usr/bin/python3
"""The validators' benchmark: nanoseconds per validation of a realistic resource's
create attributes by

  - attrc's generated C validator (attrc_validate, admin caller), linked with libattrc;
  - a floor: a loop that only walks the same object's keys (jansson);
  - ajv 8, the schema compiled to standalone code, on node;
  - Blaze, the `jsonschema` CLI of npm's @sourcemeta/jsonschema (its Linux binary), as
    `jsonschema validate SCHEMA BODY --entrypoint /$defs/create --benchmark --loop N
    --fast`: its time per validation is taken as the difference of the wall times of a
    run of N and of a run of 1 (so its start, reading and compiling the schema are left
    out), over N - 1;
  - python3-jsonschema (Draft202012Validator.is_valid);

on the same bodies, in the same run, for two resources: `endpoint` of specs/endpoints.rst
(flat: 24 attributes, 21 writable on create) and `range` of specs/ranges.rst (nested:
lists of dicts, a dict inside a dict, a free-form dict).  The bodies of each: a valid one
with every writable attribute (so no default is inserted: the object does not change
between runs), and invalid ones (one error; several errors, nested ones deep in the
range).  Each figure is the median of ROUNDS rounds.

usage: tests/bench/validate_bench.py BUILD_DIR [--rounds N] [--iterations N]
       (BUILD_DIR: a release build, e.g. build-release; it holds attrc and validate_bench)
"""
import argparse, json, os, platform, statistics, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(os.path.dirname(here))
sys.path.insert(0, os.path.dirname(here))
from bodies import value_for  # noqa: E402


BLAZE = os.path.join(top, "tests", "node", "node_modules", ".bin", "jsonschema")


def blaze_ns(schema, body, loops, rounds):
    """Blaze's nanoseconds per validation (median of `rounds`), and its verdict."""
    def run(n):
        t0 = time.perf_counter_ns()
        p = subprocess.run([BLAZE, "validate", schema, body, "--entrypoint", "/$defs/create",
                            "--benchmark", "--loop", str(n), "--fast"],
                           capture_output=True, text=True)
        return time.perf_counter_ns() - t0, p.returncode == 0
    times, ok = [], None
    for _ in range(rounds):
        t1, ok = run(1)
        tn, okn = run(loops)
        if ok != okn:
            sys.exit("Blaze gives two verdicts on %s" % body)
        times.append((tn - t1) / (loops - 1))
    return statistics.median(times), ok


# The resources and their bodies: (spec, resource, {name: changes to the valid body}).
def flat_bodies(valid):
    return {"one error": dict(valid, weight=1000),
            "five errors": dict(valid, weight="heavy", network_id="not-a-uuid",
                                ports="443:80", name="n" * 300, zz_unknown=1)}


def nested_bodies(valid):
    pools = [dict(valid["allocation_pools"][0]) for _ in range(3)]
    pools[2]["start"] = "10.0.0.300"
    routes = [dict(valid["host_routes"][0]) for _ in range(2)]
    routes[1]["nexthop"] = 5
    del routes[0]["destination"]
    return {"one error": dict(valid, allocation_pools=pools),
            "five errors": dict(valid, allocation_pools=pools, host_routes=routes,
                                limits={"rate": 0, "window": {"burst": 1}},
                                persistence={"kind": "STICKY"})}


def nested_valid(valid):
    """The range's valid body, with lists of several items, as real ones have."""
    v = dict(valid)
    v["allocation_pools"] = [{"start": "10.0.%d.1" % i, "end": "10.0.%d.200" % i}
                             for i in range(3)]
    v["host_routes"] = [{"destination": "10.%d.0.0/16" % i, "nexthop": "10.0.0.1"}
                        for i in range(3)]
    v["profile"] = {"vendor": "x", "queues": 4}
    v["persistence"] = {"kind": "COOKIE", "cookie_name": "sid"}
    v["limits"] = {"rate": 10, "window": {"seconds": 5, "burst": 2}}
    return v


RESOURCES = [("endpoints.rst", "endpoint", lambda v: v, flat_bodies),
             ("ranges.rst", "range", nested_valid, nested_bodies)]


def bench(a, build, attrc, w, spec_file, resource, make_valid, make_bad):
    spec = os.path.join(top, "specs", spec_file)
    model = json.loads(subprocess.run([attrc, "check", "--dump-model", spec],
                                      capture_output=True, check=True).stdout)
    res = [r for r in model["specs"][0]["resources"] if r["member"] == resource][0]
    attrs = res["attributes"]
    valid = make_valid({x["name"]: value_for(x) for x in attrs if x["access"]["post"]})
    bodies = dict({"valid": valid}, **make_bad(valid))
    subprocess.run([attrc, "compile", "--emit", "schema", "-o", w, spec], check=True)
    schema = os.path.join(w, os.path.splitext(spec_file)[0], resource + ".schema.json")
    files = {}
    for name, body in bodies.items():
        files[name] = os.path.join(w, resource + "_" + name.replace(" ", "_") + ".json")
        with open(files[name], "w") as f:
            json.dump(body, f)
    order = list(files)
    c = subprocess.run([os.path.join(build, "validate_bench"), resource, str(a.rounds),
                        str(a.iterations)] + [files[n] for n in order],
                       capture_output=True, text=True, check=True)
    cres = [json.loads(l) for l in c.stdout.splitlines()]
    j = subprocess.run(["node", os.path.join(here, "validate_bench.js"), schema,
                        str(a.rounds), str(a.iterations)] + [files[n] for n in order],
                       capture_output=True, text=True, check=True)
    jres = [json.loads(l) for l in j.stdout.splitlines()]
    bres = [blaze_ns(schema, files[n], a.iterations * 4, max(3, a.rounds // 3)) for n in order]
    import jsonschema
    with open(schema) as f:
        doc = json.load(f)
    v = jsonschema.Draft202012Validator(dict(doc, **{"$ref": "#/$defs/create"}))
    pres = []
    piters = max(1, a.iterations // 100)
    for n in order:
        times = []
        for _ in range(max(3, a.rounds // 3)):
            t0 = time.perf_counter_ns()
            for _ in range(piters):
                ok = v.is_valid(bodies[n])
            times.append((time.perf_counter_ns() - t0) / piters)
        pres.append({"valid": ok, "ns": statistics.median(times)})
    for n, cr, jr, br, pr in zip(order, cres, jres, bres, pres):
        if not (cr["valid"] == jr["valid"] == br[1] == pr["valid"] == (n == "valid")):
            sys.exit("the validators disagree on the %s body of %s: C %s, ajv %s, Blaze %s, "
                     "jsonschema %s" % (n, resource, cr["valid"], jr["valid"], br[1],
                                        pr["valid"]))
    print("Resource `%s` of specs/%s (%d attributes, %d writable on create); median of %d "
          "rounds of %d validations (Blaze: %d rounds of %d; python3-jsonschema: %d "
          "rounds of %d); %s, %d cores.\n" % (
              resource, spec_file, len(attrs), len(valid), a.rounds, a.iterations,
              max(3, a.rounds // 3), a.iterations * 4, max(3, a.rounds // 3), piters,
              platform.machine(), os.cpu_count()))
    print("| body | floor (walk the keys) | attrc C | ajv 8 standalone | Blaze | "
          "python3-jsonschema | attrc / floor | ajv / attrc | Blaze / attrc |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n, cr, jr, br, pr in zip(order, cres, jres, bres, pres):
        print("| %s | %.0f ns | %.0f ns | %.0f ns | %.0f ns | %.0f ns | %.2f | %.2f | %.2f |" % (
            n, cr["floor_ns"], cr["validate_ns"], jr["ajv_ns"], br[0], pr["ns"],
            cr["validate_ns"] / cr["floor_ns"], jr["ajv_ns"] / cr["validate_ns"],
            br[0] / cr["validate_ns"]))
    print()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--iterations", type=int, default=20000)
    a = ap.parse_args()
    build = os.path.abspath(a.build)
    attrc = os.path.join(build, "compiler", "attrc")
    if not os.access(BLAZE, os.X_OK):
        sys.exit("no Blaze at %s: run npm ci in tests/node (tools/setup does)" % BLAZE)
    with tempfile.TemporaryDirectory() as w:
        for spec_file, resource, make_valid, make_bad in RESOURCES:
            bench(a, build, attrc, w, spec_file, resource, make_valid, make_bad)


main()
