#!/usr/bin/python3
"""The example service (docs/examples/service/) under load: wrk on loopback against a
release build of the service, POST of a valid and of an invalid create body, with the
validators on and off (--no-validate: jansson reads the body, nothing is checked).

For each scenario: requests per second and latency p50 / p99 (wrk --latency), and, from
the service's own counters (--stats, printed on SIGTERM), the time per request spent
reading the body (attrc_parse_body) and validating it (attrc_unwrap + attrc_validate),
against the time in the request handler and the service's whole CPU time.  Each figure
is the median of ROUNDS rounds, the scenarios interleaved in each round so that the
machine's drift falls on all of them alike.

usage: tests/bench/service_load.py BUILD_DIR [--rounds N] [--seconds S] [--connections N]
       tests/bench/service_load.py BUILD_DIR --smoke     (a second of load a scenario; the suite)
       (BUILD_DIR: attrc's build to install, a release one for figures: build-release)
"""
import argparse, datetime, json, os, platform, re, shutil, statistics, subprocess, sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
tests = os.path.dirname(here)
sys.path.insert(0, tests)
from bodies import value_for  # noqa: E402
from service_test import (MEMBER_A, SKIP, build_example, missing_tools, model_of, start,  # noqa: E402
                          stop, top)

LUA = """wrk.method = "POST"
wrk.body = %s
wrk.headers["Content-Type"] = "application/json"
%s
"""


def wrk(port, collection, body, seconds, connections, work):
    script = os.path.join(work, "load.lua")
    headers = "\n".join('wrk.headers["%s"] = "%s"' % kv for kv in MEMBER_A.items())
    with open(script, "w") as f:
        f.write(LUA % (json.dumps(json.dumps(body)), headers))
    r = subprocess.run(["wrk", "-t1", "-c%d" % connections, "-d%ds" % seconds, "--latency",
                        "-s", script, "http://127.0.0.1:%d/v2.0/%s" % (port, collection)],
                       capture_output=True, text=True, timeout=seconds + 60)
    if r.returncode:
        sys.exit("wrk: " + r.stderr)
    out = r.stdout

    def us(label):
        m = re.search(r"^\s*%s\s+([\d.]+)(us|ms|s)\s*$" % re.escape(label), out, re.M)
        return float(m.group(1)) * {"us": 1, "ms": 1e3, "s": 1e6}[m.group(2)]
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": us("50%"), "p99": us("99%"), "completed": total,
            "non2xx": int(non2xx.group(1)) if non2xx else 0}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=int, default=2)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--smoke", action="store_true")
    a = ap.parse_args()
    why = missing_tools() or (None if shutil.which("wrk") else "wrk is missing (tools/setup)")
    if why:
        print("service-load: skipped: " + why)
        sys.exit(SKIP)
    if a.smoke:
        a.rounds, a.seconds, a.connections = 1, 1, 4
    work = tempfile.mkdtemp(prefix="attrc-load-")
    try:
        exe, env = build_example(os.path.abspath(a.build), work, buildtype="release")
        attrc = shutil.which("attrc", path=env["PATH"])
        res = model_of(attrc, os.path.join(top, "specs", "endpoints.rst"), env)
        member = res["member"]
        # every attribute a member may write on create: a full, realistic body
        valid = {x["name"]: value_for(x) for x in res["attributes"]
                 if x["access"]["post"] and x["access"]["writable_by"] in ("all", "owner")}
        bodies = {"valid": {member: valid}, "invalid": {member: dict(valid, weight=1000)}}
        scenarios = [(b, v) for b in ("valid", "invalid") for v in (True, False)]
        runs = {s: [] for s in scenarios}
        for _ in range(a.rounds):
            for body, validate in scenarios:
                args = ["--stats", "--max-resources", "100000000"]
                p, port = start(exe, env, *(args + ([] if validate else ["--no-validate"])))
                w = wrk(port, res["collection"], bodies[body], a.seconds, a.connections, work)
                rc, out, err = stop(p)
                if rc:
                    sys.exit("the service exited with %d: %s" % (rc, err))
                w.update(json.loads(out.strip().splitlines()[-1]))
                # every answer 201, or 400 for the invalid body when validating ("completed":
                # wrk's count; "requests" and "bodies": the service's, a few more, as wrk
                # stops with requests in flight)
                want = w["completed"] if (body == "invalid" and validate) else 0
                if w["non2xx"] != want or w["completed"] == 0 or w["bodies"] < w["completed"]:
                    sys.exit("%s body, validation %s: %d of %d answers not 2xx (want %d), "
                             "%d answered" % (body, "on" if validate else "off", w["non2xx"],
                                              w["completed"], want, w["bodies"]))
                runs[(body, validate)].append(w)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def med(s, f):
        return statistics.median(f(w) for w in runs[s])
    if a.smoke:
        print("service-load: smoke: %s" % ", ".join(
            "%s %s %.0f req/s" % (b, "on" if v else "off", med((b, v), lambda w: w["rps"]))
            for b, v in scenarios))
        return
    print("`tests/bench/service_load.py %s --rounds %d --seconds %d --connections %d`; "
          "%s; %s, %d cores; median of %d rounds; wrk -t1 -c%d on loopback, the service's "
          "one thread.\n" % (a.build, a.rounds, a.seconds, a.connections,
                             datetime.date.today().isoformat(), platform.machine(),
                             os.cpu_count(), a.rounds, a.connections))
    print("| body | validation | requests/s | p50 | p99 | on/off req/s | read body | "
          "validate | handler | service CPU | (read + validate) / CPU | validate / CPU |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for body, validate in scenarios:
        s = (body, validate)
        per = lambda k: med(s, lambda w: w[k] / max(w["bodies"], 1))  # noqa: E731
        ratio = med(s, lambda w: w["rps"]) / med((body, False), lambda w: w["rps"])
        print("| %s | %s | %.0f | %.0f µs | %.0f µs | %s | %.0f ns | %.0f ns | %.0f ns | "
              "%.0f ns | %.1f %% | %.1f %% |" % (
                  body, "on" if validate else "off", med(s, lambda w: w["rps"]),
                  med(s, lambda w: w["p50"]), med(s, lambda w: w["p99"]),
                  "%.2f" % ratio if validate else "-", per("parse_ns"), per("validate_ns"),
                  per("handler_ns"), per("cpu_ns"),
                  100 * med(s, lambda w: (w["parse_ns"] + w["validate_ns"]) / w["cpu_ns"]),
                  100 * med(s, lambda w: w["validate_ns"] / w["cpu_ns"])))
    for body in ("valid", "invalid"):
        on, off = (body, True), (body, False)
        cost_on = 1e9 / med(on, lambda w: w["rps"])
        cost_off = 1e9 / med(off, lambda w: w["rps"])
        print("\n%s bodies: a request costs %.0f ns with validation, %.0f ns without "
              "(1 / requests per second): validation's share by difference %.1f %%" % (
                  body, cost_on, cost_off, 100 * (cost_on - cost_off) / cost_on), end="")
    print()


if __name__ == "__main__":
    main()
