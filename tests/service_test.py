#!/usr/bin/python3
"""The example service of docs/examples/service/, end to end: attrc installed from this
build into a temporary DESTDIR (as consumer_test.py does), the example built against it
with meson (in sanitizer builds, with the same sanitizers, and with this build's
compiler), run on a loopback port and driven with curl:

- create, read, list, update, delete, with the defaults filled and the server's
  attributes set;
- every kind of body the service refuses, with the exact status and the error body's
  codes and pointers;
- every read-only and admin-only attribute of the spec's model, on create and update,
  by a member and by an admin; what each caller sees of a resource;
- another project's resource (404 for a member; an admin's to see), unknown ids and
  paths, methods, callers without a project;
- an operator's policy file: loosened, tightened, and one that does not parse;
- at the end the same process still answers, and SIGTERM stops it with status 0
  (under ASan, with leak detection).

And the example's policy evaluator (service --check-policy) against python3-oslo.policy's
Enforcer: every rule of the generated policy and rules exercising the whole language,
for a set of credentials x targets, the same verdict.

usage: service_test.py BUILD_DIR [--sanitize address,undefined] [--family gcc|clang]
"""
import argparse, json, logging, os, re, shutil, signal, subprocess, sys, tempfile, warnings

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(here)
example = os.path.join(top, "docs", "examples", "service")
sys.path.insert(0, here)
from bodies import value_for  # noqa: E402
from consumer_test import install  # noqa: E402

SKIP = 77  # meson's "skipped"
PROJECT_A = "3f1f8a3e-0c5d-4a57-9d8b-7a1e2f3c4d5e"
PROJECT_B = "9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"
MEMBER_A = {"X-Project-Id": PROJECT_A, "X-Roles": "member"}
MEMBER_B = {"X-Project-Id": PROJECT_B, "X-Roles": "member"}
ADMIN = {"X-Project-Id": PROJECT_B, "X-Roles": "member, admin"}
NETADMIN_A = {"X-Project-Id": PROJECT_A, "X-Roles": "netadmin"}


def missing_tools():
    """Why the test cannot run here, or None."""
    if not shutil.which("curl"):
        return "curl is missing (tools/setup installs it)"
    if subprocess.run(["pkg-config", "--exists", "libmicrohttpd"]).returncode:
        return "libmicrohttpd is missing (tools/setup installs libmicrohttpd-dev)"
    return None


def build_example(build, work, buildtype="debug", sanitize="none", family=None, spec=None):
    """Installs attrc from `build`, builds the example against it in work/example.
    Returns (path of the service, environment to run it in)."""
    env, _, _ = install(build, work)
    if family == "clang":
        env["CC"] = "clang"
    out = os.path.join(work, "example")
    args = ["meson", "setup", out, example, "--buildtype=" + buildtype, "-Dwerror=true"]
    if sanitize and sanitize != "none":
        args += ["-Db_sanitize=" + sanitize, "-Db_lundef=false"]
    if spec:
        args.append("-Dspec=" + spec)
    for step in (args, ["ninja", "-C", out]):
        r = subprocess.run(step, env=env, capture_output=True, text=True)
        if r.returncode:
            sys.exit("%s:\n%s%s" % (" ".join(step[:2]), r.stdout[-4000:], r.stderr[-2000:]))
    env["ASAN_OPTIONS"] = "detect_leaks=1:halt_on_error=1"
    env["UBSAN_OPTIONS"] = "halt_on_error=1:print_stacktrace=1"
    return os.path.join(out, "service"), env


def start(exe, env, *args):
    """Starts the service on a free loopback port; returns (process, port)."""
    p = subprocess.Popen([exe, "--port", "0"] + list(args), env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    m = re.match(r"listening on 127\.0\.0\.1:(\d+) ", line)
    if not m:
        p.kill()
        sys.exit("the service did not start: %r %r" % (line, p.stderr.read()))
    return p, int(m.group(1))


def stop(p):
    """SIGTERM; returns (exit status, stdout, stderr)."""
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=60)
    return p.returncode, out, err


class Client:
    def __init__(self, port, work):
        self.base = "http://127.0.0.1:%d" % port
        self.work = work

    def __call__(self, method, path, headers=None, body=None, raw=None,
                 content_type="application/json", extra=()):
        """(status, parsed body or None, headers) of one request made with curl."""
        hfile = os.path.join(self.work, "headers")
        argv = ["curl", "-s", "-S", "-X", method, "-D", hfile, "-w", "\n%{http_code}",
                "--max-time", "30"] + list(extra)
        for k, v in (headers or {}).items():
            argv += ["-H", "%s: %s" % (k, v)]
        data = raw if raw is not None else json.dumps(body) if body is not None else None
        if data is not None:
            path_ = os.path.join(self.work, "body")
            with open(path_, "wb") as f:
                f.write(data.encode() if isinstance(data, str) else data)
            argv += ["--data-binary", "@" + path_]
            if content_type:
                argv += ["-H", "Content-Type: " + content_type]
        r = subprocess.run(argv + [self.base + path], capture_output=True)
        text, _, status = r.stdout.decode().rpartition("\n")
        with open(hfile) as f:
            hdrs = {k.strip().lower(): v.strip() for k, _, v in
                    (line.partition(":") for line in f.read().splitlines()[1:] if ":" in line)}
        return int(status or 0), json.loads(text) if text else None, hdrs


class Checks:
    def __init__(self):
        self.count, self.failures = 0, []

    def __call__(self, ok, what):
        self.count += 1
        if not ok:
            self.failures.append(what)
        return ok

    def error(self, reply, status, errors, what):
        """The reply is `status` with attrc's error body holding exactly `errors`, a list
        of (code, pointer) (in any order)."""
        got_status, body, _ = reply
        shape = (isinstance(body, dict) and set(body) == {"errors", "dropped"} and
                 all(set(e) == {"code", "status", "pointer", "message"} and e["message"]
                     for e in body["errors"]))
        got = sorted((e["code"], e["pointer"]) for e in body["errors"]) if shape else None
        statuses_ok = shape and all(e["status"] in (400, 401, 403, 404, 405, 409, 413, 415)
                                    for e in body["errors"])
        self(got_status == status and shape and statuses_ok and got == sorted(errors),
             "%s: want %d %s, got %d %s" % (what, status, sorted(errors), got_status,
                                            json.dumps(body)[:400]))


def model_of(attrc, spec, env):
    out = subprocess.run([attrc, "check", "--dump-model", spec], env=env, capture_output=True,
                         check=True).stdout
    return json.loads(out)["specs"][0]["resources"][0]


def crud(c, check, res, attrs):
    """Create, read, list, update, delete by a member, and what each caller sees."""
    coll, member = "/v2.0/" + res["collection"], res["member"]
    required = {a["name"]: value_for(a) for a in attrs if a["required"]}
    st, body, hdrs = c("POST", coll, MEMBER_A, {member: required})
    check(st == 201 and hdrs.get("content-type") == "application/json", "create: %d" % st)
    made = body[member] if st == 201 else {}
    check(re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
                       made.get("id", "")) is not None, "create: id %r" % made.get("id"))
    check(made.get("project_id") == PROJECT_A, "create: project_id %r" % made.get("project_id"))
    if any(a["name"] == "mac_address" for a in attrs):
        check(re.fullmatch(r"([0-9a-f]{2}:){5}[0-9a-f]{2}", made.get("mac_address", "")),
              "create: mac_address %r" % made.get("mac_address"))
    for a in attrs:  # defaults filled, the rest as the caller may see
        d = a["default"]
        if d["kind"] in ("value", "null") and a["access"]["visible_to"] == "all":
            want = d.get("value") if d["kind"] == "value" else None
            check(made.get(a["name"], "absent") == want,
                  "create: default of %s: %r" % (a["name"], made.get(a["name"], "absent")))
    rid = made.get("id", "none")
    path = coll + "/" + rid
    st, body, _ = c("GET", path, MEMBER_A)
    check(st == 200 and body == {member: made}, "read by its owner: %d %r" % (st, body))
    st, body, _ = c("GET", coll, MEMBER_A)
    check(st == 200 and made in body.get(res["collection"], []), "list: %d" % st)
    st, body, _ = c("PUT", path, MEMBER_A, {member: {"name": "renamed", "weight": 7}})
    check(st == 200 and body[member]["name"] == "renamed" and body[member]["weight"] == 7,
          "update: %d %r" % (st, body))
    st, body, _ = c("GET", path, MEMBER_A)
    check(st == 200 and body[member]["name"] == "renamed", "read after update: %d" % st)

    # what each caller sees: the get_R:A rules of the policy, for each visibility cell
    _, as_admin, _ = c("GET", path, ADMIN)
    _, as_owner, _ = c("GET", path, MEMBER_A)
    for a in attrs:
        if a["name"] not in as_admin[member]:
            continue  # an attribute the server does not set
        v = a["access"]["visible_to"]
        check(a["name"] in as_owner[member] if v in ("all", "owner")
              else a["name"] not in as_owner[member],
              "the owner (member) and %s (visible to %s)" % (a["name"], v))
    check(set(as_owner[member]) < set(as_admin[member]),
          "an admin sees more than the owner: %r" % sorted(set(as_admin[member]) -
                                                           set(as_owner[member])))

    # another project's resource: not there for a member of another project
    for method, b in (("GET", None), ("PUT", {member: {"name": "x"}}), ("DELETE", None)):
        check.error(c(method, path, MEMBER_B, b), 404, [("not-found", "")],
                    "%s of another project's resource" % method)
    st, body, _ = c("GET", coll, MEMBER_B)
    check(st == 200 and all(r["id"] != rid for r in body[res["collection"]]),
          "another project's list")
    st, body, _ = c("GET", coll, ADMIN)
    check(st == 200 and any(r["id"] == rid for r in body[res["collection"]]),
          "an admin's list has every project's")
    st, _, _ = c("DELETE", path, MEMBER_A)
    check(st == 204, "delete: %d" % st)
    check.error(c("GET", path, MEMBER_A), 404, [("not-found", "")], "read after delete")
    check.error(c("DELETE", path, MEMBER_A), 404, [("not-found", "")], "delete twice")
    return required


def refusals(c, check, res, attrs, required, max_body):
    """Every kind of body refused, on create (and some on update)."""
    coll, member = "/v2.0/" + res["collection"], res["member"]
    ok = {member: required}
    uuid = required.get("network_id", PROJECT_A)
    cases = [
        ("not JSON", '{"%s": {' % member, 400, [("invalid-body", "")]),
        ("empty", "", 400, [("invalid-body", "")]),
        ("not an object", "[1, 2]", 400, [("invalid-body", "")]),
        ("no envelope", json.dumps(required), 400, [("invalid-body", "")]),
        ("wrong envelope", json.dumps({"widget": required}), 400, [("invalid-body", "")]),
        ("more than the envelope", json.dumps(dict(ok, extra=1)), 400, [("invalid-body", "")]),
        ("envelope not an object", json.dumps({member: [required]}), 400,
         [("invalid-body", "/" + member)]),
        ("unknown attribute", json.dumps({member: dict(required, zz_unknown=1)}), 400,
         [("unknown-attribute", "/zz_unknown")]),
        ("wrong type", json.dumps({member: dict(required, priority="3")}), 400,
         [("wrong-type", "/priority")]),
        ("null where not nullable", json.dumps({member: dict(required, name=None)}), 400,
         [("wrong-type", "/name")]),
        ("bad format", json.dumps({member: dict(required, network_id="not-a-uuid")}), 400,
         [("bad-format", "/network_id")]),
        ("bad format in a list", json.dumps({member: dict(required, security_group_ids=[uuid, "x"])}),
         400, [("bad-format", "/security_group_ids/1")]),
        ("not in enum", json.dumps({member: dict(required, protocol="ICMP")}), 400,
         [("not-in-enum", "/protocol")]),
        ("above maximum", json.dumps({member: dict(required, weight=257)}), 400,
         [("above-maximum", "/weight")]),
        ("below minimum", json.dumps({member: dict(required, priority=0)}), 400,
         [("below-minimum", "/priority")]),
        ("too long", json.dumps({member: dict(required, name="\u00e9" * 256)}), 400,
         [("too-long", "/name")]),
        ("missing required", json.dumps({member: {"name": "n"}}), 400,
         [("missing-required", "/" + a["name"]) for a in attrs if a["required"]]),
        ("several errors", json.dumps({member: {"weight": "x", "zz": 1, "protocol": 1}}), 400,
         [("wrong-type", "/weight"), ("unknown-attribute", "/zz"), ("wrong-type", "/protocol")]
         + [("missing-required", "/" + a["name"]) for a in attrs if a["required"]]),
        ("duplicate keys", '{"%s": {"priority": 1, "priority": 2, "network_id": "%s"}}' % (
            member, uuid), 400, [("invalid-body", "")]),
        ("too deep", json.dumps({member: dict(required, options=json.loads(
            "[" * 20 + "]" * 20))}), 400, [("body-too-deep", "")]),
        ("string too long", json.dumps({member: dict(required, name="n" * 16385)}), 400,
         [("body-string-too-long", "")]),
        ("\\u0000 in a string", json.dumps({member: dict(required, name="a\u0000b")}), 400,
         [("invalid-body", "")]),
        ("too large", json.dumps({member: dict(required, description=" " * max_body)}), 413,
         [("body-too-large", "")]),
    ]
    for what, raw, status, errors in cases:
        check.error(c("POST", coll, MEMBER_A, raw=raw), status, errors, "create, " + what)
    # too large without a Content-Length (chunked): read up to the limit only, then 413
    check.error(c("POST", coll, MEMBER_A, raw="x" * (max_body + 1),
                  extra=["-H", "Transfer-Encoding: chunked"]), 413, [("body-too-large", "")],
                "create, too large, chunked")
    check.error(c("POST", coll, MEMBER_A, raw=json.dumps(ok), content_type="text/plain"), 415,
                [("unsupported-media-type", "")], "create, text/plain")
    st, _, _ = c("POST", coll, MEMBER_A, raw=json.dumps(ok),
                 content_type="application/json; charset=utf-8")
    check(st == 201, "create, application/json with a charset: %d" % st)

    st, body, _ = c("POST", coll, MEMBER_A, ok)
    path = coll + "/" + body[member]["id"]
    for what, raw, status, errors in [
            ("not JSON", "{", 400, [("invalid-body", "")]),
            ("wrong type", json.dumps({member: {"weight": "x"}}), 400, [("wrong-type", "/weight")]),
            ("create-only", json.dumps({member: {"network_id": uuid}}), 400,
             [("not-allowed", "/network_id")]),
            ("project_id", json.dumps({member: {"project_id": PROJECT_B}}), 400,
             [("not-allowed", "/project_id")]),
            ("too large", json.dumps({member: {"description": " " * max_body}}), 413,
             [("body-too-large", "")])]:
        check.error(c("PUT", path, MEMBER_A, raw=raw), status, errors, "update, " + what)
    check.error(c("PUT", path, MEMBER_A, raw="{}", content_type="text/plain"), 415,
                [("unsupported-media-type", "")], "update, text/plain")
    st, body, _ = c("GET", path, MEMBER_A)
    check(st == 200 and body[member]["weight"] == required.get("weight", 1) and
          body[member]["name"] == "", "refused updates changed nothing: %r" % body)


def access(c, check, res, attrs, required):
    """Each read-only and admin-only attribute of the model, by a member and an admin."""
    coll, member = "/v2.0/" + res["collection"], res["member"]
    st, body, _ = c("POST", coll, MEMBER_A, {member: required})
    path = coll + "/" + body[member]["id"]
    tried = 0
    for a in attrs:
        name, acc, v = a["name"], a["access"], value_for(a)
        admin_only = acc["writable_by"] == "admin"
        for op, method, url, flag in (("create", "POST", coll, "post"),
                                      ("update", "PUT", path, "put")):
            send = {member: dict(required, **{name: v})} if op == "create" else {member: {name: v}}
            if not acc[flag]:  # read-only, or create-only on update
                tried += 1
                for who, caller in (("member", MEMBER_A), ("admin", ADMIN)):
                    check.error(c(method, url, caller, send), 400, [("not-allowed", "/" + name)],
                                "%s %s of read-only %s" % (who, op, name))
            elif admin_only:
                tried += 1
                check.error(c(method, url, MEMBER_A, send), 403, [("forbidden", "/" + name)],
                            "member %s of admin-only %s" % (op, name))
                st, body, _ = c(method, url, ADMIN, send)
                check(st == (201 if op == "create" else 200) and body[member].get(name) == v,
                      "admin %s of admin-only %s: %d %r" % (op, name, st, body))
                if op == "create" and st == 201:
                    c("DELETE", coll + "/" + body[member]["id"], ADMIN)
    check(tried >= 10, "the model has read-only and admin-only attributes (%d tried)" % tried)
    # the project: a member's own, or another only for an admin
    for k in ("project_id", "tenant_id"):
        if any(a["name"] == k for a in attrs):
            send = {member: dict(required, **{k: PROJECT_B})}
            check.error(c("POST", coll, MEMBER_A, send), 403, [("forbidden", "/" + k)],
                        "a member creating in another project")
            st, body, _ = c("POST", coll, ADMIN, dict(send, **{member: dict(send[member], **{
                k: PROJECT_A})}))
            check(st == 201 and body[member][k] == PROJECT_A,
                  "an admin creating in another project: %d" % st)
            st, _, _ = c("GET", coll + "/" + body[member]["id"], MEMBER_A)
            check(st == 200, "the project's member sees what an admin made for it: %d" % st)
    c("DELETE", path, MEMBER_A)
    return tried


def routes(c, check, res, required):
    coll, member = "/v2.0/" + res["collection"], res["member"]
    check.error(c("GET", coll + "/" + PROJECT_A, MEMBER_A), 404, [("not-found", "")], "unknown id")
    check.error(c("GET", coll + "/" + "x" * 200, MEMBER_A), 404, [("not-found", "")], "a long id")
    check.error(c("GET", "/v2.0/nothing", MEMBER_A), 404, [("not-found", "")], "unknown path")
    check.error(c("GET", coll + "/a/b", MEMBER_A), 404, [("not-found", "")], "a deeper path")
    for method, path, allow in (("DELETE", coll, "GET, POST"), ("PATCH", coll, "GET, POST"),
                                ("POST", coll + "/" + PROJECT_A, "DELETE, GET, PUT"),
                                ("PATCH", coll + "/" + PROJECT_A, "DELETE, GET, PUT")):
        r = c(method, path, MEMBER_A)
        check.error(r, 405, [("method-not-allowed", "")], "%s %s" % (method, path))
        check(r[2].get("allow") == allow, "Allow of %s %s: %r" % (method, path, r[2].get("allow")))
    for what, h in (("no headers", {}), ("no project", {"X-Roles": "admin"}),
                    ("an empty project", {"X-Project-Id": "", "X-Roles": "admin"}),
                    ("an invalid token", dict(ADMIN, **{"X-Identity-Status": "Invalid"}))):
        r = c("POST", coll, h, {member: required})
        check.error(r, 401, [("not-authenticated", "")], "create with " + what)
        check("www-authenticate" in r[2], "401 without WWW-Authenticate")


def operator_policy(exe, env, work, check, res, attrs, required):
    """The policy file is what operators change: the service follows it, both ways."""
    coll, member = "/v2.0/" + res["collection"], res["member"]
    with open(os.path.join(os.path.dirname(exe), "endpoints.policy.json")) as f:
        rules = json.load(f)
    m = member
    rules.update({"create_%s:gateway" % m: "role:netadmin or rule:admin_only",
                  "update_%s:name" % m: "rule:admin_only",
                  "get_%s:host" % m: "@",
                  "delete_%s" % m: "rule:admin_only"})
    path = os.path.join(work, "operator.json")
    with open(path, "w") as f:
        json.dump(rules, f)
    p, port = start(exe, env, "--policy", path)
    c = Client(port, work)
    st, body, _ = c("POST", coll, NETADMIN_A, {member: dict(required, gateway="192.0.2.1")})
    check(st == 201, "loosened: a netadmin sets the gateway: %d %r" % (st, body))
    check(body and "host" in body.get(member, {}), "loosened: host visible to all")
    rpath = coll + "/" + body[member]["id"] if st == 201 else coll + "/none"
    check.error(c("PUT", rpath, MEMBER_A, {member: {"name": "x"}}), 403, [("forbidden", "/name")],
                "tightened: a member renames")
    check.error(c("DELETE", rpath, MEMBER_A), 403, [("policy-denied", "")],
                "tightened: a member deletes")
    rc, out, err = stop(p)
    check(rc == 0 and "ERROR" not in err, "operator's policy: exit %d %s" % (rc, err[-2000:]))
    # a policy that does not parse: refused at start, naming the rule
    for bad, rule in (({"get_%s" % m: "role:admin and"}, "get_%s" % m),
                      ({"owner": "rule:admin_or_owner"}, "owner"),
                      ({"x": "http:https://example.org/check"}, "x"),
                      ({"y": "project_id:%(project_id)d"}, "y")):
        with open(path, "w") as f:
            json.dump(dict(rules, **bad), f)
        r = subprocess.run([exe, "--port", "0", "--policy", path], env=env, capture_output=True,
                           text=True, timeout=60)
        check(r.returncode == 1 and ("rule %s" % rule) in r.stderr and not r.stdout,
              "a bad policy %r: %d %r" % (bad, r.returncode, r.stderr))


# ---- the evaluator against oslo.policy ----

EXTRA_RULES = {
    "t_not": "not role:admin",
    "t_parens": "(role:member or role:reader) and not project_id:%(project_id)s",
    "t_precedence": "role:a or role:member and project_id:%(project_id)s",
    "t_keywords": "role:a OR (role:member AND NOT is_admin:True)",
    "t_is_admin": "is_admin:True",
    "t_deny": "!",
    "t_allow": "@",
    "t_empty": "",
    "t_undefined": "rule:no_such_rule",
    "t_user": "user_id:%(user_id)s",
    "t_role_from_target": "role:%(role)s",
    "t_role_case": "role:ADMIN",
    "t_literal": "'x':%(name)s",
    "t_literal_dq": "\"renamed\":%(name)s",
    "t_true": "True:%(enabled)s",
    "t_none": "None:%(address)s",
    "t_int": "7:%(weight)s",
    "t_percent": "'x%':%(name)s%%",
    "t_dotted": "nested.k:%(name)s",
    "t_list": "roles:member",
    "t_missing_key": "project_id:%(no_such_key)s",
    "t_nested_parens": "((role:member)) and ((not (role:admin)))",
    "t_chain": "rule:t_not and rule:admin_or_owner",
}


def cross_check(exe, env, work, check, res):
    try:
        from policy_test import enforcer
    except ImportError:
        check(False, "python3-oslo.policy is missing (tools/setup installs it)")
        return 0
    policy_json = os.path.join(os.path.dirname(exe), "endpoints.policy.json")
    with open(policy_json) as f:
        rules = json.load(f)
    rules.update(EXTRA_RULES)
    path = os.path.join(work, "cross.json")
    with open(path, "w") as f:
        json.dump(rules, f)
    # the same rules as YAML for oslo.policy (which deprecates JSON files); JSON strings
    # are YAML double-quoted scalars
    yaml_path = os.path.join(work, "cross.yaml")
    with open(yaml_path, "w") as f:
        f.writelines("%s: %s\n" % (json.dumps(k), json.dumps(v)) for k, v in rules.items())
    logging.getLogger("oslo_policy").setLevel(logging.ERROR)  # t_undefined is on purpose
    e = enforcer(yaml_path)
    creds = []
    for project in (PROJECT_A, PROJECT_B):
        for roles in ([], ["member"], ["admin"], ["Admin", "member"], ["reader", "netadmin"]):
            for is_admin in (False, True):
                creds.append({"project_id": project, "tenant_id": project, "user_id": "u1",
                              "roles": roles, "is_admin": is_admin, "nested": {"k": "x"}})
    targets = [{}, {"project_id": PROJECT_A, "user_id": "u1", "name": "x", "role": "member",
                    "enabled": True, "address": None, "weight": 7},
               {"project_id": PROJECT_B, "user_id": "u2", "name": "renamed", "role": "admin",
                "enabled": False, "address": "192.0.2.1", "weight": 3}]
    cases = [(r, t, cr) for r in list(rules) + ["no_such_rule"] for t in targets for cr in creds]
    lines = "".join(json.dumps({"rule": r, "target": t, "creds": cr}) + "\n" for r, t, cr in cases)
    out = subprocess.run([exe, "--check-policy", "--policy", path], input=lines, env=env,
                         capture_output=True, text=True, timeout=120)
    mine = out.stdout.split()
    if not check(out.returncode == 0 and len(mine) == len(cases),
                 "--check-policy: %d, %d answers: %s" % (out.returncode, len(mine), out.stderr)):
        return 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        differ = [(r, t, cr, m) for (r, t, cr), m in zip(cases, mine)
                  if bool(e.enforce(r, t, cr)) != (m == "1")]
    check(not differ, "%d verdicts differ from oslo.policy's, e.g. %r" % (
        len(differ), differ[:3]))
    allowed = sum(m == "1" for m in mine)
    check(0 < allowed < len(cases), "the cases allow some and deny some: %d" % allowed)
    return len(cases)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--sanitize", default="none")
    ap.add_argument("--family", default=None)
    a = ap.parse_args()
    why = missing_tools()
    if why:
        print("service: skipped: " + why)
        sys.exit(SKIP)
    check = Checks()
    work = tempfile.mkdtemp(prefix="attrc-service-")
    try:
        exe, env = build_example(os.path.abspath(a.build), work, sanitize=a.sanitize,
                                 family=a.family)
        attrc = shutil.which("attrc", path=env["PATH"])
        res = model_of(attrc, os.path.join(top, "specs", "endpoints.rst"), env)
        attrs = res["attributes"]
        max_body = 65536
        p, port = start(exe, env, "--max-body", str(max_body))
        c = Client(port, work)
        required = crud(c, check, res, attrs)
        refusals(c, check, res, attrs, required, max_body)
        tried = access(c, check, res, attrs, required)
        routes(c, check, res, required)
        # still the same process, still answering
        check(p.poll() is None, "the service stopped: %r" % (p.poll(),))
        st, body, _ = c("POST", "/v2.0/" + res["collection"], MEMBER_A, {res["member"]: required})
        check(st == 201, "after all that, a create: %d" % st)
        st, body, _ = c("GET", "/v2.0/" + res["collection"], MEMBER_A)
        check(st == 200 and len(body[res["collection"]]) >= 1, "after all that, a list: %d" % st)
        rc, out, err = stop(p)
        check(rc == 0, "SIGTERM: exit status %d" % rc)
        check("Sanitizer" not in err and "runtime error" not in err, "sanitizers: " + err[-3000:])
        operator_policy(exe, env, work, check, res, attrs, required)
        ncases = cross_check(exe, env, work, check, res)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for f in check.failures:
        print("FAIL: " + f)
    print("service: %d checks (%d attributes tried read-only or admin-only; %d policy verdicts "
          "compared with oslo.policy), %d failures%s" % (
              check.count, tried, ncases, len(check.failures),
              "" if a.sanitize == "none" else " (under " + a.sanitize + ")"))
    sys.exit(1 if check.failures else 0)


if __name__ == "__main__":
    main()
