#!/usr/bin/python3
"""Extensions end to end: a spec that adds attributes to a resource another spec defines
(docs/spec-format.md "Extensions"), compiled as a project would compile it.

1. Alone, the extension's schema is an open fragment: what it adds is checked, the base's
   attributes pass; its policy holds the attribute rules only, never create_gizmo and the
   other rules of the base; compile says the base is unknown (extension-base-unknown).
2. Compiled with the base spec, or with the base's schema named under `bases:` in
   attrc.yaml (the same bytes either way), the schema is closed over base and extension:
   python3-jsonschema and ajv (strict) give the verdicts below on each request body.
   With another extension of the base in the run, each extension's schema is the base and
   both; an attribute both add is a warning (extension-clash).
   attrc diff reads two such schemas as what the extension adds, and sees the change.
3. The generated C, validated with attrc_validate_chain({base, extension}), gives the
   same verdicts as the closed schema; the extension alone (attrc_validate) those of the
   open fragment; a base schema that cannot be used is an error at its line in attrc.yaml,
   and nothing is written.

usage: extension_test.py ATTRC INCLUDE_DIR LIBATTRC_A [--sanitize LIST --family gcc|clang]
"""
import json, os, shutil, subprocess, sys, tempfile
import urllib.parse

import jsonschema
import yaml

from c_compile_test import build_args

here = os.path.dirname(os.path.abspath(__file__))

# python3-jsonschema 4.10 resolves a $ref with urllib's urljoin, which leaves "urn:" URIs
# alone: "#/$defs/uuid" inside a schema reached through "urn:attrc:gizmos.rst:gizmo#..."
# would be looked up in the referring document.  RFC 3986 resolves it against the urn, as
# ajv does; teach urljoin the same.
urllib.parse.uses_relative.append("urn")
urllib.parse.uses_fragment.append("urn")

BASE = """\
======
Gizmos
======

REST API impact
===============

The Gizmo resource has these attributes:

.. csv-table::
   :header: Attribute,Type,Access,Default,Validation,Description

   id,uuid,"RO, all",generated,,identity of the gizmo
   name,string,"RW, all",'',max 32,a name for people
   size,integer,"RW, all",1,1 to 10,how big it is
   project_id,uuid,"RW, all",,,the project that owns it
   hidden,string,"RW, admin",'',,only administrators see it
"""

def extension_spec(title, rows):
    """A spec that adds `rows` (csv lines) to the gizmo resource."""
    return ("=" * len(title) + "\n" + title + "\n" + "=" * len(title) + "\n\n"
            "REST API impact\n===============\n\n"
            "The following attributes are added to the gizmo resource:\n\n"
            ".. csv-table::\n"
            "   :header: Attribute,Type,Access,Default,Validation,Description\n\n" +
            "".join("   " + r + "\n" for r in rows))


EXTENSION = extension_spec("Gizmo colours", [
    """colour,string,"RW, all",red,"'red', 'green' or 'blue'",its colour""",
    """name,string,"RW, all",'',max 8,names are shorter from now on""",
    """secret,string,"RW, admin",'',,what only administrators see""",
    """made,string,"RO, all",generated,,when it was made""",
    """hidden,string,"RW, all",'',,everyone sees it now"""])

# a second extension of the same base, for the run that holds all three
WEIGHT = extension_spec("Gizmo weights", ["""weight,integer,"RW, all",0,0 to 100,its weight"""])

U = "11111111-2222-3333-4444-555555555555"
# (attributes of a create by an administrator, closed verdict, open verdict)
BODIES = [
    ({"project_id": U}, True, True),
    ({"project_id": U, "colour": "green", "size": 3, "name": "abc", "secret": "s"}, True, True),
    ({"project_id": U, "colour": "pink"}, False, False),           # the extension's enum
    ({"project_id": U, "bogus": 1}, False, True),                  # known to neither
    ({"project_id": U, "size": 0}, False, True),                   # the base's bound
    ({"colour": "red"}, False, True),                              # the base's required
    ({"project_id": "not-a-uuid"}, False, True),                   # the base's format
    ({"project_id": U, "name": "123456789"}, False, False),        # the extension's max 8
    ({"project_id": U, "name": "12345678"}, True, True),           # ... replaces the base's
    ({"project_id": U, "id": U}, False, True),                     # read-only in the base
    ({"project_id": U, "made": "now"}, False, False),              # read-only in the extension
]

HARNESS = r'''#include "gizmos.h"
#include "gizmo-colour.h"
#include <stdio.h>
#include <string.h>
/* argv[1]: "chain" or "alone": each line of standard input, the attributes of a create
 * by an administrator; "filter": each line, a resource as returned, filtered for a caller
 * who is neither administrator nor owner */
int main(int argc, char **argv)
{
    const attrc_resource *chain[] = {&gizmos_gizmo, &gizmo_colour_gizmo};
    int alone = argc > 1 && strcmp(argv[1], "alone") == 0;
    char line[4096];
    attrc_caller admin = {1, 1}, other = {0, 0};
    while (fgets(line, sizeof line, stdin)) {
        json_t *attrs = json_loads(line, 0, NULL);
        if (argc > 1 && strcmp(argv[1], "filter") == 0) {
            attrc_filter_response_chain(chain, 2, attrs, &other);
            char *after = json_dumps(attrs, JSON_SORT_KEYS | JSON_COMPACT);
            printf("%s\n", after);
            free(after);
            json_decref(attrs);
            continue;
        }
        attrc_report rep;
        attrc_report_init(&rep);
        int rc = alone ? attrc_validate(&gizmo_colour_gizmo, ATTRC_CREATE, attrs, &admin, &rep)
                       : attrc_validate_chain(chain, 2, ATTRC_CREATE, attrs, &admin, &rep);
        char *after = json_dumps(attrs, JSON_SORT_KEYS | JSON_COMPACT);
        printf("{\"ok\": %s, \"codes\": [", rc == 0 ? "true" : "false");
        for (int k = 0; k < rep.count; k++)
            printf("%s\"%s\"", k ? ", " : "", attrc_code_name(rep.errors[k].code));
        printf("], \"attrs\": %s}\n", after);
        free(after);
        json_decref(attrs);
    }
    return 0;
}
'''


def validator(doc, store, ref):
    """A 2020-12 validator of `ref` with the schemas of `store` ({$id: schema}) beside it:
    referencing's Registry where python3-jsonschema has it (4.18 and later), else the
    RefResolver of Debian 12's 4.10."""
    try:
        from referencing import Registry, Resource
    except ImportError:
        return jsonschema.Draft202012Validator(
            {"$ref": ref}, resolver=jsonschema.RefResolver.from_schema(doc, store=store))
    registry = Registry().with_resources(
        (i, Resource.from_contents(d)) for i, d in store.items())
    return jsonschema.Draft202012Validator({"$ref": ref}, registry=registry)


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, **kw)


def schema_verdicts(schema_path, refs, failures, what):
    """The verdict of python3-jsonschema on each body's create request."""
    with open(schema_path) as f:
        doc = json.load(f)
    store = {doc["$id"]: doc}
    for p in refs:
        with open(p) as f:
            d = json.load(f)
        store[d["$id"]] = d
    jsonschema.Draft202012Validator.check_schema(doc)
    v = validator(doc, store, doc["$id"] + "#/$defs/create_request")
    return [v.is_valid({"gizmo": body}) for body, _, _ in BODIES]


def ajv_verdicts(schema_path, refs, work, expect, failures, what):
    node = shutil.which("node") or shutil.which("nodejs")
    if not node or not os.path.isdir(os.path.join(here, "node", "node_modules", "ajv")):
        failures.append("node or ajv is missing: run tools/setup (npm ci in tests/node)")
        return
    cases = {"schemas": [schema_path], "refs": {schema_path: refs},
             "examples": [{"schema": schema_path, "def": "create_request",
                           "body": {"gizmo": body}, "valid": ok}
                          for (body, _, _), ok in zip(BODIES, expect)]}
    path = os.path.join(work, "ajv-%s.json" % what)
    with open(path, "w") as f:
        json.dump(cases, f)
    r = run([node, os.path.join(here, "node", "ajv_check.js"), path])
    print("  %s: %s" % (what, r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""))
    if r.returncode != 0:
        failures.append("ajv, %s:\n%s%s" % (what, r.stdout, r.stderr))


def main():
    attrc, inc, lib, sanflags, family = build_args(sys.argv[1:], __doc__)
    failures = []
    work = tempfile.mkdtemp(prefix="attrc-ext-")
    try:
        for name, text in (("gizmos.rst", BASE), ("gizmo-colour.rst", EXTENSION)):
            os.makedirs(os.path.join(work, "specs"), exist_ok=True)
            with open(os.path.join(work, "specs", name), "w") as f:
                f.write(text)
        specs = os.path.join(work, "specs")
        base, ext = os.path.join(specs, "gizmos.rst"), os.path.join(specs, "gizmo-colour.rst")
        closed = [c for _, c, _ in BODIES]
        opened = [o for _, _, o in BODIES]

        # the model: the extension is marked, and says why
        r = run([attrc, "check", "-v", "--dump-model", ext])
        res = json.loads(r.stdout)["specs"][0]["resources"][0]
        if (res["member"], res["extends"], res.get("extends_by")) != ("gizmo", True, "paragraph"):
            failures.append("model: %r" % res)
        if "[resource-extends]" not in r.stderr:
            failures.append("check -v says nothing of the extension:\n" + r.stderr)

        # 1. alone: an open fragment, the attribute rules only
        alone = os.path.join(work, "alone")
        r = run([attrc, "compile", "-o", alone, ext])
        if r.returncode != 0 or "[extension-base-unknown]" not in r.stderr:
            failures.append("compile alone: exit %d, no extension-base-unknown note:\n%s"
                            % (r.returncode, r.stderr))
        frag = os.path.join(alone, "gizmo-colour", "gizmo.schema.json")
        got = schema_verdicts(frag, [], failures, "alone")
        if got != opened:
            failures.append("jsonschema, the fragment: %r, want %r" % (got, opened))
        ajv_verdicts(frag, [], work, opened, failures, "fragment")
        with open(os.path.join(alone, "gizmo-colour", "policy.yaml")) as f:
            rules = yaml.safe_load(f)
        for rule in ("create_gizmo", "get_gizmo", "update_gizmo", "delete_gizmo"):
            if rule in rules:
                failures.append("the extension's policy redefines %s" % rule)
        for rule in ("create_gizmo:secret", "get_gizmo:secret", "update_gizmo:secret"):
            if rules.get(rule) != "rule:admin_only":
                failures.append("the extension's policy lacks %s" % rule)
        if "context_is_admin" in rules or "owner" in rules:
            failures.append("the extension's policy redefines the base's shared rules")

        # 2. with the base in the run, and with the base's schema in attrc.yaml
        both = os.path.join(work, "both")
        r = run([attrc, "compile", "--emit", "schema,c,policy-yaml", "-o", both, base, ext])
        with open(os.path.join(both, "gizmo-colour", "policy.yaml")) as f:
            rules = yaml.safe_load(f)
        # 'hidden' is the base's, admins only; the extension opens it: rules that say so
        for rule in ("create_gizmo:hidden", "get_gizmo:hidden", "update_gizmo:hidden"):
            if rules.get(rule) != "rule:regular_user":
                failures.append("with the base: %s is %r" % (rule, rules.get(rule)))
        if r.returncode != 0 or "extension-base-unknown" in r.stderr:
            failures.append("compile with the base: exit %d\n%s" % (r.returncode, r.stderr))
        base_schema = os.path.join(both, "gizmos", "gizmo.schema.json")
        ext_schema = os.path.join(both, "gizmo-colour", "gizmo.schema.json")
        got = schema_verdicts(ext_schema, [base_schema], failures, "both")
        if got != closed:
            failures.append("jsonschema, closed over the base: %r, want %r" % (got, closed))
        ajv_verdicts(ext_schema, [base_schema], work, closed, failures, "closed")

        # with a second extension in the run, each one's schema is the whole resource
        three = os.path.join(work, "three")
        weight = os.path.join(work, "gizmo-weight.rst")
        with open(weight, "w") as f:
            f.write(WEIGHT)
        r = run([attrc, "compile", "-o", three, base, ext, weight])
        bodies = [({"project_id": U, "colour": "blue", "weight": 5}, True),
                  ({"project_id": U, "weight": 500}, False), ({"project_id": U, "colour": "x"}, False),
                  ({"project_id": U, "size": 11}, False), ({"project_id": U, "bogus": 1}, False)]
        schemas = [os.path.join(three, d, "gizmo.schema.json")
                   for d in ("gizmos", "gizmo-colour", "gizmo-weight")]
        for one in schemas[1:]:
            with open(one) as f:
                doc = json.load(f)
            store = {}
            for p in schemas:
                with open(p) as f:
                    d = json.load(f)
                store[d["$id"]] = d
            v = validator(doc, store, doc["$id"] + "#/$defs/create_request")
            got = [v.is_valid({"gizmo": b}) for b, _ in bodies]
            if r.returncode != 0 or got != [ok for _, ok in bodies]:
                failures.append("two extensions, %s: %r (exit %d)" % (one, got, r.returncode))
        with open(weight, "a") as f:
            f.write('   colour,string,"RW, all",red,"\'red\' or \'black\'",again\n')
        r = run([attrc, "compile", "-o", three, base, ext, weight])
        if r.returncode != 0 or "gizmo-weight.rst:14: warning:" not in r.stderr or \
                "[extension-clash]" not in r.stderr:
            failures.append("two extensions adding colour: exit %d\n%s" % (r.returncode, r.stderr))

        # diff reads an extension's schema back: what it adds, and what changed in it
        with open(ext, "w") as f:
            f.write(EXTENSION.replace("max 8", "max 6"))
        later = os.path.join(work, "later")
        run([attrc, "compile", "-o", later, base, ext])
        with open(ext, "w") as f:
            f.write(EXTENSION)
        r = run([attrc, "diff", "--format", "json", ext_schema,
                 os.path.join(later, "gizmo-colour", "gizmo.schema.json")])
        kinds = [(c["kind"], c["attribute"]) for c in json.loads(r.stdout)["changes"]] \
            if r.stdout.startswith("{") else r.stdout + r.stderr
        if r.returncode != 1 or kinds != [("max-length-tightened", "name")]:
            failures.append("diff of two extension schemas: exit %d, %r" % (r.returncode, kinds))

        cfgdir = os.path.join(work, "cfg")
        os.makedirs(os.path.join(cfgdir, "schemas"))
        shutil.copy(ext, cfgdir)
        shutil.copy(base_schema, os.path.join(cfgdir, "schemas", "gizmo.schema.json"))
        with open(os.path.join(cfgdir, "attrc.yaml"), "w") as f:
            f.write("bases:\n  gizmo: schemas/gizmo.schema.json\n")
        out = os.path.join(work, "viacfg")
        r = run([attrc, "compile", "-o", out, "--depfile", os.path.join(work, "d"),
                 os.path.join(cfgdir, "gizmo-colour.rst")])
        with open(ext_schema, "rb") as f1, open(os.path.join(out, "gizmo-colour",
                                                            "gizmo.schema.json"), "rb") as f2:
            if r.returncode != 0 or f1.read() != f2.read():
                failures.append("the schema through bases: differs from the run's (exit %d)\n%s"
                                % (r.returncode, r.stderr))
        with open(os.path.join(work, "d")) as f:
            if "schemas/gizmo.schema.json" not in f.read():
                failures.append("the depfile does not name the base schema")
        # a base schema that cannot be used: an error at its line, nothing written
        with open(os.path.join(cfgdir, "schemas", "stub.json"), "w") as f:
            json.dump({"$id": "urn:x:y", "title": "gizmo",
                       "$defs": {"resource": {"properties": {}}}}, f)
        with open(os.path.join(cfgdir, "schemas", "badid.json"), "w") as f:
            with open(base_schema) as g:
                doc = json.load(g)
            doc["$id"] = "urn:attrc:giz#mos.rst:gizmo"
            json.dump(doc, f)
        for text, want in (("bases:\n  gizmo: schemas/none.json\n", "attrc.yaml:2:10: error"),
                           ("bases:\n  gizmo: attrc.yaml\n", "attrc.yaml:2:10: error"),
                           ("bases:\n  gizmo: schemas/stub.json\n", "no $defs create"),
                           ("bases:\n  gizmo: schemas/badid.json\n", "not an absolute URI"),
                           ('bases:\n  gizmo: "-"\n', "attrc.yaml:2:10: error")):
            with open(os.path.join(cfgdir, "attrc.yaml"), "w") as f:
                f.write(text)
            bad = os.path.join(work, "bad")
            # from the configuration's own folder: "-" is a file there, not standard input
            r = subprocess.run([attrc, "compile", "-o", bad, "gizmo-colour.rst"], cwd=cfgdir,
                               capture_output=True, text=True, stdin=subprocess.PIPE,
                               timeout=30)
            if r.returncode != 1 or want not in r.stderr or os.path.exists(bad):
                failures.append("a bad base (%r): exit %d, written %s\n%s" % (
                    text, r.returncode, os.path.exists(bad), r.stderr))

        # 3. the C: the chain as the closed schema, the extension alone as the fragment
        cc = "clang" if family == "clang" else "gcc"
        flags = ["-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-O1"]
        with open(os.path.join(both, "main.c"), "w") as f:
            f.write(HARNESS)
        srcs = [os.path.join(both, "main.c"), os.path.join(both, "gizmos", "gizmos.c"),
                os.path.join(both, "gizmo-colour", "gizmo-colour.c")]
        exe = os.path.join(both, "t")
        r = run([cc] + flags + sanflags + ["-I" + inc, "-I" + os.path.join(both, "gizmos"),
                                          "-I" + os.path.join(both, "gizmo-colour"), "-o", exe]
                + srcs + [lib, "-ljansson", "-lm"])
        if r.returncode != 0:
            failures.append("the C does not build:\n" + r.stderr[:3000])
        else:
            lines = "".join(json.dumps(b) + "\n" for b, _, _ in BODIES)
            for mode, want in (("chain", closed), ("alone", opened)):
                r = run([exe, mode], input=lines)
                outs = [json.loads(l) for l in r.stdout.splitlines()]
                got = [o["ok"] for o in outs]
                if r.returncode != 0 or got != want:
                    failures.append("C, %s: %r, want %r\n%s" % (mode, got, want, r.stderr))
                    continue
                # defaults of both, once valid: the base's size 1, the extension's colour
                first = outs[0]["attrs"]
                exp = {"project_id": U, "colour": "red", "name": "", "secret": "", "hidden": ""}
                if mode == "chain":
                    exp["size"] = 1
                if first != exp:
                    failures.append("C, %s: defaults %r, want %r" % (mode, first, exp))
                codes = outs[3]["codes"]
                if mode == "chain" and codes != ["unknown-attribute"]:
                    failures.append("C, chain: %r for an unknown attribute" % codes)
            # the response filter: the extension's row says who sees 'hidden' (all), the
            # base's who sees 'secret'... of the extension (admins)
            r = run([exe, "filter"], input=json.dumps(
                {"id": U, "name": "n", "hidden": "h", "secret": "s", "colour": "red"}) + "\n")
            got = json.loads(r.stdout) if r.stdout else None
            want = {"id": U, "name": "n", "hidden": "h", "colour": "red"}
            if got != want:
                failures.append("C, filter: %r, want %r" % (got, want))
        n = len(BODIES)
        print("extensions: %d bodies, each through jsonschema, ajv and the C, alone and over "
              "the base" % n)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL: " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
