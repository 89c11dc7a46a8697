#!/usr/bin/python3
"""attrc's model of ../shared/corpus against a human reading of its tables.

tests/data/corpus_reading.json holds, for every table of the corpus's REST API impact
sections, what a careful reviewer reads in the table and the text around it (by hand, not
by attrc): for attribute tables the resources (member, collection), whether the table
extends an existing resource, and per attribute writable on create (post), on update
(put), visible to, type family, required and default.  This test reads each spec with
`attrc check --dump-model`, finds each attribute of the reading in the model (same file,
same name, the nearest row at or after the table's line), and prints the agreement:
bindings (member and collection both right), extensions (the resource marked as adding to
an existing one, or not, as the reading says) and facets.  It fails when any falls
below the floor recorded here, so that the reading can only get better; the aim
(issue 10) is every binding and 97% of facets.  Skipped, saying so, where ../shared is
absent.

usage: corpus_reading.py ATTRC [--verbose]
"""
import json, os, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(here)

# today's figures: raise them as the reading improves, never lower them
FLOOR_BINDINGS = 25 / 25  # 2026-12-02
FLOOR_FACETS = 904 / 954
FLOOR_EXTENDS = 23 / 25  # 2026-12-03: both lbaas-tls listener tables say nothing near them

FAMILY = {"array": "list", "object": "dict"}


def model_of(attrc, path):
    r = subprocess.run([attrc, "check", "--dump-model", path], capture_output=True,
                       text=True, cwd=top)
    try:
        return json.loads(r.stdout)["specs"][0]
    except (ValueError, IndexError, KeyError):
        return {"resources": []}


def norm(name):
    """Names as the reading may spell them (it writes default-tls-container-id, which the
    spec's own examples spell with "_", as default_tls_container_id)."""
    return name.replace("-", "_").replace(" ", "_").lower()


def find(attrs, name, line):
    """The model's attribute of that name: the nearest row at or after the table's line,
    else (a table that repeats an earlier one, whose first definition is kept) any."""
    cand = [a for a in attrs if norm(a["name"]) == norm(name)]
    after = [a for a in cand if a["line"] >= line]
    return min(after or cand, key=lambda a: a["line"]) if cand else None


def facets(a):
    """The facets of a model attribute, in the reading's terms."""
    v = a.get("validation", {})
    # the model writes port-range, the reading port_range: one type; a string validated as
    # an IP address (or a UUID) is that type, as the schema and the validator check it
    t = "enum" if "enum" in v else FAMILY.get(a["type"]["base"], a["type"]["base"]).replace("-", "_")
    if t == "string" and v.get("format") in ("ip", "ipv4", "ipv6", "uuid", "cidr", "mac"):
        t = {"ipv4": "ip", "ipv6": "ip"}.get(v["format"], v["format"])
    d = a["default"]
    default = d.get("value") if d["kind"] == "value" else None if d["kind"] == "null" else "<none>"
    acc = a["access"]
    return {"post": acc["post"], "put": acc["put"], "visible_to": acc["visible_to"],
            "type": t, "required": a["required"], "default": default}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    verbose = "--verbose" in sys.argv
    if len(args) != 1:
        sys.exit(__doc__)
    attrc = os.path.abspath(args[0])
    with open(os.path.join(here, "data", "corpus_reading.json"), encoding="utf-8") as f:
        reading = json.load(f)["tables"]
    if not os.path.isdir(os.path.join(top, "..", "shared", "corpus")):
        print("SKIP: ../shared/corpus is absent")
        sys.exit(77)
    models = {}
    bind_ok = bind_all = facet_ok = facet_all = ext_ok = ext_all = 0
    misses = []
    for t in reading:
        if t["kind"] != "attribute":
            continue
        m = models.setdefault(t["file"], model_of(attrc, t["file"]))
        for want in t["resources"]:
            bind_all += 1
            got = None
            for r in m["resources"]:
                if find(r["attributes"], t["attributes"][0]["name"], t["line"]):
                    if got is None or (r["member"], r["collection"]) == (want["member"],
                                                                         want["collection"]):
                        got = r
            ok = got is not None and (got["member"], got["collection"]) == (
                want["member"], want["collection"])
            bind_ok += ok
            if not ok:
                misses.append("%s:%d: binding: read %s, attrc %s" % (
                    t["file"], t["line"], (want["member"], want["collection"]),
                    (got["member"], got["collection"]) if got else None))
            if "extends" in t:
                ext_all += 1
                got_ext = bool(got and got.get("extends"))
                ext_ok += got_ext == t["extends"]
                if got_ext != t["extends"]:
                    misses.append("%s:%d: extends: read %s, attrc %s" % (
                        t["file"], t["line"], t["extends"], got_ext))
            for h in t["attributes"]:
                a = find((got or {"attributes": []})["attributes"], h["name"], t["line"])
                f = facets(a) if a else {}
                for k in ("post", "put", "visible_to", "type", "required", "default"):
                    facet_all += 1
                    if a and f[k] == h[k]:
                        facet_ok += 1
                    elif verbose:
                        misses.append("%s:%d: %s.%s: read %r, attrc %r" % (
                            t["file"], t["line"], h["name"], k, h[k], f.get(k)))
    b, fa = bind_ok / max(bind_all, 1), facet_ok / max(facet_all, 1)
    ex = ext_ok / max(ext_all, 1)
    print("corpus reading: bindings %d/%d (%.1f%%), extensions %d/%d, facets %d/%d (%.1f%%)"
          % (bind_ok, bind_all, 100 * b, ext_ok, ext_all, facet_ok, facet_all, 100 * fa))
    for line in misses:
        print("  " + line)
    if b < FLOOR_BINDINGS or fa < FLOOR_FACETS or ex < FLOOR_EXTENDS:
        print("FAIL: below the floor (bindings %.3f, extensions %.3f, facets %.3f)"
              % (FLOOR_BINDINGS, FLOOR_EXTENDS, FLOOR_FACETS))
        sys.exit(1)


if __name__ == "__main__":
    main()
