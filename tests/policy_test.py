#!/usr/bin/python3
"""The policy files attrc compile writes, loaded by oslo.policy (Debian's
python3-oslo.policy) as a service would load them.

For each spec of specs/: policy.yaml and policy.json load in an Enforcer each; PyYAML
reads policy.yaml to exactly the rules of policy.json, in the same order; and for a table
of callers (an admin of another project, the owner, a member of another project) and
every action, the Enforcer's answer is the one the access cells say, worked out here from
the model (attrc check --dump-model), not from the rules:

  create_R                  anyone
  get_R, update_R, delete_R admins and the owner
  create_R:A, update_R:A    admins, where only admins may write A on POST / PUT
  get_R:A                   admins where only admins see A; admins and the owner where
                            the owner sees it

and an attribute rule exists exactly where the access cell calls for one.

usage: policy_test.py ATTRC
"""
import glob, json, logging, os, shutil, subprocess, sys, tempfile, warnings

import yaml
from oslo_config import cfg
from oslo_policy import policy

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(here)

CALLERS = {
    "admin": {"roles": ["admin"], "project_id": "p-admin", "user_id": "u0"},
    "owner": {"roles": ["member"], "project_id": "p-owner", "user_id": "u1"},
    "other": {"roles": ["member"], "project_id": "p-other", "user_id": "u2"},
}
TARGET = {"project_id": "p-owner"}


logging.getLogger("oslo_policy").setLevel(logging.CRITICAL)  # deprecation notes, odd rules

TRICKY = {  # base rules from attrc.yaml whose YAML must be quoted to survive
    "context_is_admin": "role:admin or role:\"super\\user\"",
    "regular_user": "!",
    "default": "@",
    "odd:name-1.x": "# not a comment",
    "multi": "line one\nline two\ttab \u00e9 \u2028",
}


def tricky_rules(attrc, work):
    """A configuration's base rules with !, @, #, quotes, colons and control characters:
    written to policy.yaml, read back by PyYAML and by oslo.policy, the same strings."""
    d = os.path.join(work, "tricky")
    os.makedirs(d)
    with open(os.path.join(d, "spec.rst"), "w") as f:
        f.write("T\n=\n\nREST API impact\n---------------\n\nThing resource:\n\n"
                ".. csv-table::\n   :header: Attribute,Type,Access\n\n   a,string,\"RW, all\"\n")
    with open(os.path.join(d, "attrc.yaml"), "w") as f:
        f.write("policy:\n  base:\n")
        for k, v in TRICKY.items():
            f.write("    %s: %s\n" % (json.dumps(k), json.dumps(v)))
    subprocess.run([attrc, "compile", "--emit", "policy-yaml,policy-json", "-o", d,
                    os.path.join(d, "spec.rst")], check=True)
    with open(os.path.join(d, "spec", "policy.yaml")) as f:
        y = yaml.safe_load(f)
    fails = ["%s: YAML reads %r, attrc.yaml said %r" % (k, y.get(k), v)
             for k, v in TRICKY.items() if y.get(k) != v]
    e = enforcer(os.path.join(d, "spec", "policy.yaml"))
    if e.enforce("regular_user", {}, CALLERS["admin"]):
        fails.append("'!' did not load as the check that refuses everyone")
    if not e.enforce("default", {}, CALLERS["other"]):
        fails.append("'@' did not load as the check that allows everyone")
    # a rule name is a name by the one rule of attribute names: an error at its place
    with open(os.path.join(d, "attrc.yaml"), "w") as f:
        f.write("policy:\n  base:\n    \"odd: name\": \"@\"\n")
    r = subprocess.run([attrc, "compile", "--emit", "policy-yaml", "-o", d + "/bad",
                        os.path.join(d, "spec.rst")], capture_output=True, text=True)
    if r.returncode != 1 or "attrc.yaml:3:5: error: a rule name is not a name" not in r.stderr:
        fails.append("rule name 'odd: name' not refused at its place: %d %s" % (r.returncode, r.stderr))
    if os.path.exists(d + "/bad"):
        fails.append("a refused configuration wrote %s/bad" % d)
    return fails


def enforcer(path):
    conf = cfg.ConfigOpts()
    conf([], project="attrc-policy-test", default_config_files=[], default_config_dirs=[])
    e = policy.Enforcer(conf, policy_file=path, use_conf=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        e.load_rules(force_reload=True)
    return e


def expected(model):
    """rule name -> set of callers allowed, from the access cells."""
    out = {}
    everyone, admin_owner, admins = set(CALLERS), {"admin", "owner"}, {"admin"}
    for r in model["resources"]:
        m = r["member"]
        out["create_" + m] = everyone
        for act in ("get", "update", "delete"):
            out["%s_%s" % (act, m)] = admin_owner
        # each attribute, and each member of a dict with an access of its own (its rule
        # named ACTION_MEMBER:ATTRIBUTE:MEMBER, as Neutron names them), at any depth
        todo = [(a["name"], a) for a in r["attributes"]]
        while todo:
            path, a = todo.pop()
            todo += [(path + ":" + mm["name"], mm) for mm in a.get("members", [])]
            if ":" in path and not a.get("own_access"):
                continue
            acc = a["access"]
            if acc["post"] and acc["writable_by"] == "admin":
                out["create_%s:%s" % (m, path)] = admins
            if acc["put"] and acc["writable_by"] == "admin":
                out["update_%s:%s" % (m, path)] = admins
            if acc["visible_to"] == "admin":
                out["get_%s:%s" % (m, path)] = admins
            elif acc["visible_to"] == "owner":
                out["get_%s:%s" % (m, path)] = admin_owner
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    attrc = os.path.abspath(sys.argv[1])
    failures, checked = [], 0
    work = tempfile.mkdtemp(prefix="attrc-policy-")
    try:
        specs = sorted(glob.glob(os.path.join(top, "specs", "*.rst")))
        subprocess.run([attrc, "compile", "--emit", "policy-yaml,policy-json", "-o", work]
                       + specs, check=True)
        models = json.loads(subprocess.run([attrc, "check", "--dump-model"] + specs,
                                           capture_output=True, check=True).stdout)["specs"]
        for spec, model in zip(specs, models):
            stem = os.path.splitext(os.path.basename(spec))[0]
            ypath = os.path.join(work, stem, "policy.yaml")
            jpath = os.path.join(work, stem, "policy.json")
            with open(ypath) as f:
                y = yaml.safe_load(f)
            with open(jpath) as f:
                j = json.load(f)
            if list(y.items()) != list(j.items()):
                failures.append("%s: policy.yaml and policy.json differ" % stem)
            if any(not isinstance(v, str) for v in y.values()):
                failures.append("%s: a rule that YAML does not read as a string" % stem)
            want = expected(model)
            attr_rules = {k for k in j if ":" in k}
            if attr_rules != {k for k in want if ":" in k}:
                failures.append("%s: attribute rules %s, the access cells call for %s" % (
                    stem, sorted(attr_rules), sorted(k for k in want if ":" in k)))
            for path in (ypath, jpath):
                e = enforcer(path)
                for rule, allowed in sorted(want.items()):
                    if rule not in e.rules:
                        failures.append("%s: no rule %s" % (os.path.basename(path), rule))
                        continue
                    for who, creds in CALLERS.items():
                        got = e.enforce(rule, TARGET, creds)
                        checked += 1
                        if got != (who in allowed):
                            failures.append("%s %s: %s is %s" % (
                                stem + "/" + os.path.basename(path), rule, who,
                                "allowed" if got else "refused"))
        failures += tricky_rules(attrc, work)
    finally:
        shutil.rmtree(work)
    print("policy: %d specs, %d answers of the Enforcer checked (YAML and JSON)" % (
        len(specs), checked))
    if failures:
        print("\n".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
