#!/usr/bin/python3
"""The seed template's attribute tables (../shared/seeds/template.rst: one grid table and
one csv-table) give the model a reader of the semantics expects, table by table: id a
read-only, generated UUID; name a string with default ""; color an enum of red, yellow
and green, writable (and visible) only by admins, default red.  And attrc compile makes
of each the JSON Schema and the policy that reader expects: color an enum with default
red in the create body, writable only by admins (create_, update_ and get_ rules
admin_only); id read-only, in neither request body.  Skips (77) where the template is
absent.

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
            out = os.path.join(d, "out")
            subprocess.run([attrc, "compile", "--config", cfg, "--emit",
                            "schema,policy-json", "-o", out, template], check=True)
            stem = os.path.splitext(os.path.basename(template))[0]
            with open(os.path.join(out, stem, "t%d.schema.json" % n)) as f:
                defs = json.load(f)["$defs"]
            with open(os.path.join(out, stem, "policy.json")) as f:
                rules = json.load(f)
            color = defs["create"]["properties"]["color"]
            problems = []
            if color.get("enum") != ["red", "yellow", "green"] or color.get("default") != "red":
                problems.append("color in the create body: %s" % color)
            if "id" in defs["create"]["properties"] or "id" in defs["update"]["properties"]:
                problems.append("id may be written")
            if defs["resource"]["properties"]["id"].get("readOnly") is not True:
                problems.append("id is not readOnly")
            if defs["create"].get("required"):
                problems.append("required on create: %s" % defs["create"]["required"])
            for act in ("create", "update", "get"):
                if rules.get("%s_t%d:color" % (act, n)) != "rule:admin_only":
                    problems.append("%s_t%d:color is %r" % (act, n, rules.get("%s_t%d:color" % (act, n))))
            for a in ("id", "name"):
                if any(k.endswith(":" + a) for k in rules):
                    problems.append("a rule for %s, which everyone may see" % a)
            if problems:
                sys.exit("table %d (line %d): %s" % (n, lines[n - 1], "; ".join(problems)))
    print("template: %d tables, each: id, name, color as the semantics say, in the model, "
          "the schema and the policy" % len(lines))


main()
