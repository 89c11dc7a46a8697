#!/usr/bin/python3
"""The seed template's attribute tables (../shared/seeds/template.rst: one grid table and
one csv-table) give the model a reader of the semantics expects, table by table: id a
read-only, generated UUID; name a string with default ""; color an enum of red, yellow
and green, writable (and visible) only by admins, default red.  Skips (77) where the
template is absent.

usage: template_model.py ATTRC [TEMPLATE]
"""
import json, os, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
WANT = {
    "id": {"type": {"base": "uuid", "nullable": False},
           "access": {"visible_to": "all", "writable_by": "nobody", "post": False, "put": False},
           "required": False, "default": {"kind": "generated"}, "validation": {}},
    "name": {"type": {"base": "string", "nullable": False},
             "access": {"visible_to": "all", "writable_by": "all", "post": True, "put": True},
             "required": False, "default": {"kind": "value", "value": ""}, "validation": {}},
    "color": {"type": {"base": "string", "nullable": False},
              "access": {"visible_to": "admin", "writable_by": "admin", "post": True,
                         "put": True},
              "required": False, "default": {"kind": "value", "value": "red"},
              "validation": {"enum": ["red", "yellow", "green"]}},
}


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    attrc = sys.argv[1]
    template = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        here, "..", "..", "shared", "seeds", "template.rst")
    if not os.path.exists(template):
        print("SKIP: %s is not here (it is beside the project's own clone only)" % template)
        sys.exit(77)
    tables = subprocess.run([attrc, "extract", template], capture_output=True, check=True)
    lines = [json.loads(l)["line"] for l in tables.stdout.splitlines()]
    if len(lines) < 2:
        sys.exit("expected the template's grid table and csv-table, found %d tables" % len(lines))
    # each table on its own: a configuration binds table N alone to resource tN
    for n in range(1, len(lines) + 1):
        with tempfile.TemporaryDirectory() as d:
            cfg = os.path.join(d, "attrc.yaml")
            with open(cfg, "w") as f:
                f.write("resources:\n")
                for k in range(1, len(lines) + 1):
                    f.write("  - table: %d\n    member: t%d\n" % (k, k))
            r = subprocess.run([attrc, "check", "-Werror", "--config", cfg, "--dump-model",
                                template], capture_output=True)
            if r.returncode != 0:
                sys.exit("attrc check failed on the template:\n" + r.stderr.decode())
            res = {x["member"]: x for x in json.loads(r.stdout)["specs"][0]["resources"]}
            got = {a["name"]: {k: a[k] for k in WANT["id"]} for a in res["t%d" % n]["attributes"]}
            if got != WANT:
                sys.exit("table %d (line %d) reads as\n%s" % (n, lines[n - 1],
                                                              json.dumps(got, indent=1)))
    print("template: %d tables, each: id, name, color as the semantics say" % len(lines))


main()
