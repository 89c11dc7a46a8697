#!/usr/bin/python3
"""The C validators of structures and of nested resources against python3-jsonschema,
body by body.

For every named structure of the specs of specs/ (their structure tables, read with
`attrc check --dump-model`), and every resource of them with dict attributes that have
members (Neutron-style nested attributes: the `range` of specs/ranges.rst; its create
form, through attrc_unwrap and attrc_validate as an admin), random bodies are made from
the model: valid ones (every
required member, some optional ones, lists of their least length and more, free-form
objects with keys of their own), and broken ones, each broken in one place at a random
depth (an unknown member, a required one left out, a value of the wrong type or outside
its enumeration, a list shorter than its least length, a list or an object replaced by a
scalar).  Each body goes
through the generated C (the validators' harness: attrc_parse_body, then
attrc_validate_struct) and through python3-jsonschema with the structures' schema
(structures.schema.json, #/$defs/NAME); the two verdicts must be the same, and for a
broken body one of the C errors must point (JSON Pointer) at the place it was broken.

usage: struct_differential.py ATTRC HARNESS [--count N] [--seed N]
"""
import argparse, glob, json, os, random, subprocess, sys, tempfile, shutil

import jsonschema

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bodies import value_for  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(here)


def esc(seg):
    return str(seg).replace("~", "~0").replace("/", "~1")


def ptr(path):
    return "".join("/" + esc(p) for p in path)


class Gen:
    def __init__(self, rnd, structs, resource=None):
        self.r = rnd
        self.structs = structs  # name -> members
        self.resource = resource  # a resource's member name: its attributes are members

    def members_of(self, m):
        """The members an object value of member m has (None: not known, open)."""
        if self.resource and m["type"]["base"] != "object" and not (
                m["type"]["base"] == "array" and m["type"].get("items") == "object"):
            return None
        if m.get("members"):
            return m["members"]
        if m.get("ref") in self.structs:
            return self.structs[m["ref"]]
        return None

    def scalar(self, base, m=None):
        r = self.r
        if self.resource and m is not None and base not in ("object", "array", "none"):
            return value_for(dict(m, type=dict(m["type"], base=base)))  # formats, bounds
        if base == "string":
            return r.choice(["a", "kettle", "2026-12-03T10:00:00Z", "http://x.invalid/", ""])
        if base == "integer":
            return r.randint(-5, 500)
        if base == "number":
            return r.choice([r.randint(-5, 5), r.random() * 100])
        if base == "boolean":
            return r.choice([True, False])
        return r.choice([1, "x", None, [], {}])  # any

    def value(self, m, depth):
        base = m["type"]["base"]
        if base == "array":
            n = max(m.get("min_items", 0), self.r.randint(0, 3) if depth < 4 else 0)
            return [self.item(m, m["type"].get("items", "none"), depth) for _ in range(n)]
        return self.item(m, base, depth)

    def item(self, m, base, depth):
        if m["type"].get("values"):  # an enumeration: one of its values
            return self.r.choice(m["type"]["values"])
        if base == "object":
            mem = self.members_of(m)
            if mem is None or m.get("free_form"):
                obj = self.obj(mem or [], depth + 1) if mem else {}
                if m.get("free_form") or mem is None:
                    for k in range(self.r.randint(0, 2)):
                        obj.setdefault("own%d" % k, self.scalar("string"))
                return obj
            return self.obj(mem, depth + 1)
        return self.scalar(base, m)

    def obj(self, members, depth):
        out = {}
        for m in members:
            if m["required"] or self.r.random() < 0.5:
                out.setdefault(m["name"], self.value(m, depth))
        return out


def places(body, members, gen, path):
    """Every (path, value, member or None, members of the object it is in) of a body."""
    out = []
    for m in members:
        if m["name"] not in body:
            continue
        v = body[m["name"]]
        p = path + [m["name"]]
        out.append((p, v, m, members))
        items = list(enumerate(v)) if m["type"]["base"] == "array" and isinstance(v, list) else [(None, v)]
        for i, x in items:
            sub = gen.members_of(m)
            if isinstance(x, dict) and sub is not None and not m.get("free_form"):
                out += places(x, sub, gen, p + ([i] if i is not None else []))
    return out


def get(body, path):
    for p in path:
        body = body[p]
    return body


def breaks(gen, body, members):
    """One broken copy of body: (the body, the pointer of the place broken)."""
    r = gen.r
    b = json.loads(json.dumps(body))
    objs = [([], members)] + [(p + ([i] if i is not None else []), gen.members_of(m))
                              for p, v, m, _ in places(b, members, gen, [])
                              for i in (range(len(v)) if m["type"]["base"] == "array" and isinstance(v, list) else [None])
                              if gen.members_of(m) is not None and not m.get("free_form")
                              and isinstance(v[i] if i is not None else v, dict)]
    kinds = ["unknown", "required", "type", "short", "scalar"]
    for _ in range(20):
        kind = r.choice(kinds)
        if kind == "unknown":
            path, mem = r.choice(objs)
            get(b, path)["zz_unknown"] = 1
            return b, ptr(path + ["zz_unknown"])
        if kind == "required":
            cands = [(path, m) for path, mem in objs for m in mem
                     if m["required"] and m["name"] in get(b, path)]
            if cands:
                path, m = r.choice(cands)
                del get(b, path)[m["name"]]
                return b, ptr(path + [m["name"]])
        if kind in ("type", "scalar", "short"):
            cands = places(b, members, gen, [])
            if kind == "short":
                cands = [c for c in cands if c[2]["type"]["base"] == "array"
                         and c[2].get("min_items", 0) > 0]
            if not cands:
                continue
            path, v, m, _ = r.choice(cands)
            parent = get(b, path[:-1])
            base = m["type"]["base"]
            if kind == "short":
                parent[path[-1]] = []
            elif base in ("array", "object") or kind == "type":
                want = m["type"].get("items") if base == "array" else base
                if base == "array":
                    parent[path[-1]] = "not a list"
                elif want == "none":
                    continue
                elif m["type"].get("values") and r.random() < 0.5:
                    parent[path[-1]] = "not-one-of-them"  # outside the enumeration
                else:
                    parent[path[-1]] = {"integer": "5", "number": "5", "boolean": "true",
                                        "object": 7}.get(want, 5)  # 5: no string
            else:
                continue
            return b, ptr(path)
    return None, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("attrc")
    ap.add_argument("harness")
    ap.add_argument("--count", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=20261203)
    a = ap.parse_args()
    specs = sorted(glob.glob(os.path.join(top, "specs", "*.rst")))
    work = tempfile.mkdtemp(prefix="attrc-structdiff-")
    try:
        subprocess.run([a.attrc, "compile", "--emit", "schema", "-o", work] + specs, check=True,
                       capture_output=True)
        model = json.loads(subprocess.run([a.attrc, "check", "--dump-model"] + specs,
                                          capture_output=True, text=True, check=True).stdout)
        targets = []  # (name, members, validator)
        for spec in model["specs"]:
            structs = {s["name"]: s["members"] for s in spec.get("structures", []) if s["name"]}
            stem = os.path.splitext(os.path.basename(spec["file"]))[0]
            if structs:
                doc = json.load(open(os.path.join(work, stem, "structures.schema.json")))
            for name, members in structs.items():
                v = jsonschema.Draft202012Validator(dict(doc, **{"$ref": "#/$defs/" + name}))
                targets.append((name, members, v, Gen(None, structs)))
            for res in spec["resources"]:
                writable = [a for a in res["attributes"] if a["access"]["post"]]
                if not any(a.get("members") for a in writable):
                    continue
                doc = json.load(open(os.path.join(work, stem, res["member"] + ".schema.json")))
                v = jsonschema.Draft202012Validator(dict(doc, **{"$ref": "#/$defs/create"}))
                targets.append((res["member"], writable, v, Gen(None, structs, res["member"])))
        if not targets:
            sys.exit("no structures in specs/")
        rnd = random.Random(a.seed)
        lines, cases = [], []
        for k in range(a.count):
            name, members, v, gen = targets[k % len(targets)]
            gen.r = rnd
            body = gen.obj(members, 0)
            where = None
            if rnd.random() < 0.5:
                broken, where = breaks(gen, body, members)
                if broken is not None:
                    body = broken
            if gen.resource:
                lines.append(json.dumps({"op": "create", "resource": name, "admin": True,
                                         "owner": True, "body": {name: body}}))
            else:
                lines.append(json.dumps({"op": "struct", "struct": name, "body": body}))
            cases.append((name, body, v, where))
        r = subprocess.run([a.harness], input="\n".join(lines) + "\n", capture_output=True,
                           text=True)
        if r.returncode:
            sys.exit("harness: exit %d %s" % (r.returncode, r.stderr[-2000:]))
        outs = [json.loads(l) for l in r.stdout.splitlines()]
        if len(outs) != len(cases):
            sys.exit("harness: %d answers to %d bodies" % (len(outs), len(cases)))
        disagree, unpointed, valid, deepest = [], [], 0, 0
        per = {}  # name -> [bodies, valid]
        for (name, body, v, where), out in zip(cases, outs):
            py = v.is_valid(body)
            valid += py
            per.setdefault(name, [0, 0])
            per[name][0] += 1
            per[name][1] += py
            if out["ok"] != py:
                disagree.append("%s %s: C %s, jsonschema %s %s" % (
                    name, json.dumps(body)[:300], out["ok"], py, out["errors"][:3]))
                continue
            if "body" in out and out["body"] != body:
                disagree.append("%s: the validator changed the body" % name)
            if where is not None and not py:
                deepest = max(deepest, where.count("/"))
                if not any(e[1] == where for e in out["errors"]) and out["dropped"] == 0:
                    unpointed.append("%s broken at %s: C errors %s" % (
                        name, where, [e[:2] for e in out["errors"]]))
        print("structures: %d bodies of %d structures and nested resources of specs/ "
              "(%d valid, %d broken; "
              "broken up to %d levels deep): %d disagreements with python3-jsonschema, "
              "%d broken bodies whose C errors miss the place" % (
                  len(cases), len(targets), valid, len(cases) - valid, deepest,
                  len(disagree), len(unpointed)))
        print("  " + ", ".join("%s %d (%d valid)" % (n, c[0], c[1]) for n, c in sorted(per.items())))
        for line in (disagree + unpointed)[:20]:
            print("  " + line)
        if disagree or unpointed:
            sys.exit(1)
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
