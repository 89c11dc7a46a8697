#!/usr/bin/python3
"""The generated C validators of specs/ (tests/validators/harness.c) against the JSON
Schemas attrc emits for the same specs, and against the access cells.

1. Differential: for each resource and each of create and update, thousands of request
   bodies from a generator (valid ones with random sets of attributes and values, and
   mutations: wrong types, null, unknown keys, out of range, out of enum, too long, bad
   formats, missing required, integers written as 1.0, deep nesting, huge strings and
   lists, unicode, broken envelopes) get the same verdict from the C validator (admin
   caller) and from python3-jsonschema on create_request / update_request.  Zero
   disagreements.  The harness reads each body's text (json.dumps, ASCII-escaped or not)
   through attrc_parse_body with the default limits, so a body that passes a limit (a
   string over 64 KiB, nesting over 64) or that jansson refuses (a lone surrogate) never
   reaches the validator: the test predicts which from the body itself and requires
   exactly that refusal, and the comparison with the schema is made on the others.
2. The access matrix: for every attribute, operation and caller (admin, owner, another
   project's member), setting it alone over a valid body is accepted or refused as the
   access cells say, with the error class (400 not-allowed, 403 forbidden).
3. Mass assignment: a non-admin setting every read-only and admin-only attribute at once
   is refused every time, one error per attribute.
4. The response filter leaves each caller exactly what it may see; create fills the
   defaults the model gives.

usage: validator_test.py ATTRC HARNESS [--count N] [--seed S] [--wrap VALGRIND]
"""
import argparse, json, os, random, subprocess, sys, tempfile

import jsonschema

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bodies import invalid_values, pattern_strings, value_for, with_member  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(here)

CALLERS = {"admin": (True, False), "owner": (False, True), "other": (False, False)}


def edge_values(a):
    """Values at the edges of attribute a's checks, valid or not by a hair."""
    v, base = a["validation"], a["type"]["base"]
    out = []
    if "max_length" in v:
        n = v["max_length"]
        out += ["\u00e9" * n, "\U0001f600" * n, "\u00e9" * (n + 1), "a" * n, "a" * (n + 1)]
    for k in ("minimum", "maximum", "exclusive_minimum", "exclusive_maximum"):
        if k in v:
            out += [v[k], v[k] - 1, v[k] + 1, float(v[k]), v[k] + 0.5]
    if base == "integer":
        out += [1.0, 1.5, -0.0, 0]
    if "enum" in v:
        out += list(v["enum"]) + [str(e).upper() for e in v["enum"]] + [str(e) for e in v["enum"]]
    return out


def random_value(rng, a, strings):
    """A value for attribute a: often valid, sometimes not, sometimes at an edge."""
    r = rng.random()
    if r < 0.45:
        return value_for(a)
    edges = edge_values(a)
    if r < 0.6 and edges:
        return rng.choice(edges)
    if r < 0.75:
        bad = invalid_values(a)
        return rng.choice(bad)[1] if bad else value_for(a)
    return rng.choice(wild_values(rng, strings))


def wild_values(rng, strings):
    deep = []
    for _ in range(rng.randint(1, 70)):  # past the depth limit (64) now and then
        deep = [deep] if rng.random() < 0.5 else {"k": deep}
    return [None, True, False, 0, -1, 1.0, 2.5, -0.0, 1e308, -1e308, 2**62, -2**62, "",
            "x" * rng.choice([1, 255, 256, 1025, 100000]), "\u00e9\u4e2d\U0001f600", "\ud800",
            "a\udfffb",
            rng.choice(strings), [], [rng.choice(strings)], ["3f1f8a3e-0c5d-4a57-9d8b-7a1e2f3c4d5e"],
            [1, 2, 3], {}, {"a": 1}, deep, [{}] * 3, [{"x": 1}], list(range(rng.randint(0, 500)))]


def bodies(rng, res, op, count, strings):
    """(attrs, envelope?) pairs; most wrapped in the member's envelope."""
    key = "post" if op == "create" else "put"
    attrs = res["attributes"]
    writable = [a for a in attrs if a["access"][key]]
    names = [a["name"] for a in attrs]
    out = []
    for i in range(count):
        body = {}
        for a in writable:
            if a["required"] and op == "create" and rng.random() < 0.97:
                body[a["name"]] = value_for(a)
            elif rng.random() < 0.5:
                body[a["name"]] = random_value(rng, a, strings) if rng.random() < 0.3 else value_for(a)
        r = rng.random()
        if r < 0.1:
            body[rng.choice(names)] = value_for(rng.choice(attrs))  # maybe not writable
        elif r < 0.15:
            body[rng.choice(["zz", "", "id ", "na/me", "~0", "x" * 300])] = 1
        elif r < 0.2 and body:
            del body[rng.choice(sorted(body))]
        envelope = {res["member"]: body}
        r = rng.random()
        if r < 0.03:
            envelope = body
        elif r < 0.05:
            envelope["extra"] = {}
        elif r < 0.07:
            envelope = {res["member"]: rng.choice([[], "x", None, 5])}
        elif r < 0.08:
            envelope = rng.choice([[], "x", None, 5, []])
        out.append(envelope)
    return out


WRAP = []

# attrc_parse_body's defaults (include/attrc/attrc.h)
MAX_BODY_BYTES, MAX_DEPTH, MAX_STRING_BYTES = 1 << 20, 64, 1 << 16
LIMIT_CODES = ("body-too-large", "body-too-deep", "body-string-too-long")


def decoded_bytes(s):
    """A string's bytes once jansson decodes it, as attrc_parse_body counts them (a lone
    surrogate, which jansson then refuses, 2)."""
    return sum(1 if c < 0x80 else 2 if c < 0x800 or 0xD800 <= c <= 0xDFFF else
               3 if c < 0x10000 else 4 for c in map(ord, s))


def first_limit(value, depth=0):
    """The limit of the pre-scan that the body passes first, in the order its text is
    written (depth and strings; keys are strings), or None."""
    if isinstance(value, str):
        return "body-string-too-long" if decoded_bytes(value) > MAX_STRING_BYTES else None
    if not isinstance(value, (list, dict)):
        return None
    if depth + 1 > MAX_DEPTH:
        return "body-too-deep"
    pairs = value.items() if isinstance(value, dict) else ((None, v) for v in value)
    for k, v in pairs:
        hit = (k is not None and first_limit(k, depth + 1)) or first_limit(v, depth + 1)
        if hit:
            return hit
    return None


def jansson_refuses(value):
    """What jansson's reader refuses in a text that json.dumps wrote: lone surrogates,
    "\\u0000" (without JSON_ALLOW_NUL), integers beyond 64 bits."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return "\0" in value
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return not -2**63 <= value < 2**63
    if isinstance(value, dict):
        return any(jansson_refuses(k) or jansson_refuses(v) for k, v in value.items())
    if isinstance(value, list):
        return any(jansson_refuses(v) for v in value)
    return False


def expected_refusal(body, text):
    """The code attrc_parse_body refuses the body's text with, or None: the size first,
    then the pre-scan, then jansson."""
    if len(text.encode("utf-8")) > MAX_BODY_BYTES:
        return "body-too-large"
    return first_limit(body) or ("invalid-body" if jansson_refuses(body) else None)


def parse_refusal(ans):
    """The code the harness's attrc_parse_body refused the body with, or None."""
    if len(ans["errors"]) == 1 and ans["errors"][0][1] == "":
        code = ans["errors"][0][0]
        if code in LIMIT_CODES or (code == "invalid-body"
                                   and ans["messages"][0].startswith("invalid JSON")):
            return code
    return None


def body_text(rng, b):
    """The body as a client writes it: ASCII with escapes, or UTF-8 where it can be."""
    text = json.dumps(b, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: only the escaped form can carry it
        return json.dumps(b)
    return text if rng.random() < 0.5 else json.dumps(b)


def run_harness(harness, requests):
    with tempfile.TemporaryFile("w+") as f:
        for q in requests:
            f.write(json.dumps(q) + "\n")
        f.seek(0)
        r = subprocess.run(WRAP + [harness], stdin=f, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("harness failed (%d): %s" % (r.returncode, r.stderr[-2000:]))
    return [json.loads(l) for l in r.stdout.splitlines()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("attrc")
    ap.add_argument("harness")
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=20261125)
    ap.add_argument("--wrap", help="run the harness under this (valgrind), which must exit "
                                   "0 only when it found nothing")
    a = ap.parse_args()
    if a.wrap:
        WRAP.extend([a.wrap, "--quiet", "--error-exitcode=99", "--leak-check=full",
                     "--errors-for-leak-kinds=definite,indirect"])
    attrc, harness = os.path.abspath(a.attrc), os.path.abspath(a.harness)
    rng = random.Random(a.seed)
    strings = pattern_strings(random.Random(a.seed))
    specs = sorted(os.path.join(top, "specs", f) for f in os.listdir(os.path.join(top, "specs"))
                   if f.endswith(".rst"))
    model = json.loads(subprocess.run([attrc, "check", "--dump-model"] + specs,
                                      capture_output=True, check=True).stdout)
    failures = []
    with tempfile.TemporaryDirectory() as work:
        subprocess.run([attrc, "compile", "--emit", "schema", "-o", work] + specs, check=True)
        # 1. differential
        n = agree_valid = 0
        refused = {}
        for spec in model["specs"]:
            stem = os.path.splitext(os.path.basename(spec["file"]))[0]
            for res in spec["resources"]:
                with open(os.path.join(work, stem, res["member"] + ".schema.json")) as f:
                    doc = json.load(f)
                for op in ("create", "update"):
                    v = jsonschema.Draft202012Validator(dict(doc, **{"$ref": "#/$defs/%s_request" % op}))
                    bs = bodies(rng, res, op, a.count, strings)
                    texts = [body_text(rng, b) for b in bs]
                    answers = run_harness(harness, [{"resource": res["member"], "op": op,
                                                     "admin": True, "owner": False, "text": t}
                                                    for t in texts])
                    for b, t, ans in zip(bs, texts, answers):
                        n += 1
                        if "unreadable" in ans:
                            failures.append("the harness could not read its line: %s" % ans)
                            continue
                        expect, got = expected_refusal(b, t), parse_refusal(ans)
                        if expect or got:
                            if expect != got:
                                failures.append("%s %s: attrc_parse_body refuses with %s, "
                                                "expected %s: %s -> %s" % (
                                                    res["member"], op, got, expect, t[:300],
                                                    ans["messages"][:1]))
                            refused[expect] = refused.get(expect, 0) + 1
                            continue
                        want = v.is_valid(b)
                        agree_valid += want
                        if ans["ok"] != want:
                            failures.append("%s %s: C says %s, jsonschema %s: %s -> %s" % (
                                res["member"], op, ans["ok"], want, json.dumps(b)[:300],
                                ans["errors"][:3]))
        print("differential: %d bodies (%d valid; refused by attrc_parse_body as predicted, "
              "so not compared: %s), %d disagreements" % (
                  n, agree_valid, ", ".join("%d %s" % (refused[k], k) for k in sorted(
                      refused, key=str)) or "none", len(failures)))
        # 2. the access matrix, and 3. mass assignment
        matrix = 0
        for spec in model["specs"]:
            for res in spec["resources"]:
                attrs = res["attributes"]
                for op, key in (("create", "post"), ("update", "put")):
                    base = {x["name"]: value_for(x) for x in attrs
                            if x["access"][key] and (x["required"] and op == "create")}
                    reqs, wants = [], []

                    def verdict(acc, adm, own):
                        if not acc[key]:
                            return (False, 400, "not-allowed")
                        if acc["writable_by"] == "admin" and not adm:
                            return (False, 403, "forbidden")
                        if acc["writable_by"] == "owner" and not (adm or own):
                            return (False, 403, "forbidden")
                        return (True, 0, None)
                    for x in attrs:
                        # the attribute, then each member with an access of its own in it
                        cells = [(value_for(x), "/" + x["name"], None)]
                        for mm in x.get("members", []):
                            if mm.get("own_access"):
                                v, ptr = with_member(x, mm)
                                cells.append((v, "/" + x["name"] + ptr, mm))
                        for value, ptr, mm in cells:
                            for who, (adm, own) in CALLERS.items():
                                body = dict(base, **{x["name"]: value})
                                want = verdict(x["access"], adm, own)
                                if want[0] and mm:
                                    want = verdict(mm["access"], adm, own)
                                else:
                                    ptr = "/" + x["name"]
                                reqs.append({"resource": res["member"], "op": op, "admin": adm,
                                             "owner": own,
                                             "text": json.dumps({res["member"]: body})})
                                wants.append((ptr, who, want))
                    for (ptr, who, want), ans in zip(wants, run_harness(harness, reqs)):
                        matrix += 1
                        name = ptr[1:]
                        got = (ans["ok"], ans["status"],
                               ans["errors"][0][0] if ans["errors"] else None)
                        if got != want or (ans["errors"] and ans["errors"][0][1] != ptr):
                            failures.append("matrix %s %s %s as %s: %s, expected %s" % (
                                res["member"], op, name, who, ans["errors"], want))
                    # mass assignment: every attribute a non-admin may not write, at once
                    for who in ("owner", "other"):
                        adm, own = CALLERS[who]
                        banned = [x for x in attrs if not x["access"][key]
                                  or x["access"]["writable_by"] == "admin"
                                  or (x["access"]["writable_by"] == "owner" and not own)]
                        if not banned:
                            continue
                        body = dict(base, **{x["name"]: value_for(x) for x in banned})
                        ans = run_harness(harness, [{"resource": res["member"], "op": op,
                                                     "admin": adm, "owner": own,
                                                     "text": json.dumps({res["member"]: body})}])[0]
                        flagged = {e[1][1:] for e in ans["errors"]}
                        if ans["ok"] or not {x["name"] for x in banned} <= flagged:
                            failures.append("mass assignment on %s %s as %s not refused "
                                            "attribute by attribute: %s" % (
                                                res["member"], op, who, ans["errors"]))
        print("access matrix: %d cells (attribute x operation x caller)" % matrix)
        # 4. the response filter and the defaults
        for spec in model["specs"]:
            for res in spec["resources"]:
                attrs = res["attributes"]
                full = {x["name"]: value_for(x) for x in attrs}
                for who, (adm, own) in CALLERS.items():
                    ans = run_harness(harness, [{"resource": res["member"], "op": "filter",
                                                 "admin": adm, "owner": own,
                                                 "text": json.dumps(full)}])[0]
                    sees = {x["name"] for x in attrs
                            if x["access"]["visible_to"] == "all"
                            or (x["access"]["visible_to"] == "owner" and (adm or own))
                            or (x["access"]["visible_to"] == "admin" and adm)}
                    if set(ans["attrs"]) != sees:
                        failures.append("filter %s as %s leaves %s, expected %s" % (
                            res["member"], who, sorted(ans["attrs"]), sorted(sees)))
                body = {x["name"]: value_for(x) for x in attrs
                        if x["access"]["post"] and x["required"]}
                ans = run_harness(harness, [{"resource": res["member"], "op": "create",
                                             "admin": True, "owner": True,
                                             "text": json.dumps({res["member"]: body})}])[0]
                want = dict(body)
                for x in attrs:
                    if x["access"]["post"] and x["name"] not in body:
                        if x["default"]["kind"] == "value":
                            want[x["name"]] = x["default"]["value"]
                        elif x["default"]["kind"] == "null":
                            want[x["name"]] = None
                if not ans["ok"] or ans["attrs"] != want:
                    failures.append("defaults of %s: %s, expected %s" % (
                        res["member"], ans.get("attrs"), want))
    if failures:
        print("\n".join(failures[:40]))
        print("%d failures" % len(failures))
        sys.exit(1)
    print("validators: as the schemas and the access cells say")


main()
