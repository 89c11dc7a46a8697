#!/usr/bin/python3
"""attrc's command line behaves as GNU tools do (getopt_long, one option table per
command): folders stand for their specs, "-" is named by --stdin-name, "--opt=value" and
"--opt value" alike, unambiguous abbreviations, "--" ending
the options, getopt's own messages for unknown options and missing values, followed by
"(see attrc help COMMAND)" and exit status 2; `attrc help COMMAND` and `attrc COMMAND
--help` print the same text; a mistyped command gets the nearest one's name.

usage: cli_test.py ATTRC
"""
import json, os, subprocess, sys, tempfile

SPEC = """\
=====
Title
=====

REST API impact
===============

The Gizmo resource has these attributes:

.. csv-table::
   :header: Attribute,Type,Access,Default,Validation,Description

   id,uuid,"RO, all",generated,,identity
"""


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    attrc = os.path.abspath(sys.argv[1])
    failures = []

    def run(*args, cwd=None):
        r = subprocess.run([attrc] + list(args), capture_output=True, text=True, cwd=cwd,
                           env=dict(os.environ, NO_COLOR="1"))
        return r.returncode, r.stdout, r.stderr

    def expect(args, status, out=None, err=None, cwd=None):
        rc, o, e = run(*args, cwd=cwd)
        ok = rc == status and (out is None or out in o) and (err is None or err in e)
        if not ok:
            failures.append("attrc %s: exit %d (want %d)\nstdout: %s\nstderr: %s" % (
                " ".join(args), rc, status, o[:300], e[:300]))
        return o, e

    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "gizmos.rst"), "w") as f:
            f.write(SPEC)
        with open(os.path.join(d, "-x.rst"), "w") as f:
            f.write(SPEC)
        # the same option, three spellings, the same output
        outs = [expect(a, 0, cwd=d)[0] for a in (
            ["extract", "--section", "REST API impact", "gizmos.rst"],
            ["extract", "--section=REST API impact", "gizmos.rst"],
            ["extract", "--sec=REST API impact", "gizmos.rst"],
            ["extract", "gizmos.rst", "--section", "REST API impact"])]
        if len(set(outs)) != 1 or '"kind":"csv"' not in outs[0]:
            failures.append("--section spellings differ: %r" % outs)
        # "--" ends the options: a spec named -x.rst
        expect(["check", "--", "-x.rst"], 0, cwd=d)
        expect(["check", "-x.rst"], 2, err="invalid option -- 'x'", cwd=d)
        # getopt's messages, then where to look
        expect(["check", "--bogus", "gizmos.rst"], 2,
               err="attrc check: unrecognized option '--bogus'\n(see attrc help check)", cwd=d)
        expect(["compile", "gizmos.rst", "-o"], 2,
               err="attrc compile: option requires an argument -- 'o'", cwd=d)
        expect(["compile", "gizmos.rst", "--depfile"], 2,
               err="attrc compile: option '--depfile' requires an argument", cwd=d)
        expect(["check", "--dump-model=yes", "gizmos.rst"], 2,
               err="option '--dump-model' doesn't allow an argument", cwd=d)
        expect(["check", "--diag", "json", "gizmos.rst"], 2, err="is ambiguous", cwd=d)
        expect(["check", "-Wall", "gizmos.rst"], 2, err="unknown option '-Wall'", cwd=d)
        expect(["check", "-Werror", "-v", "gizmos.rst"], 0, err="[resource-bound]", cwd=d)
        expect(["extract", "--all", "--section", "X", "gizmos.rst"], 2,
               err="--section and --all exclude each other", cwd=d)
        expect(["check", "--all", "gizmos.rst"], 2, err="unrecognized option '--all'", cwd=d)
        # a value that is not one: the command's own message
        expect(["diff", "--format=yaml", "a", "b"], 2,
               err="attrc diff: --format is text, markdown, json, sarif, github, gerrit or junit, not 'yaml'", cwd=d)
        # compile writes where -o, --output or --out says
        for opt in (["-o", "o1"], ["-oo2"], ["--output=o3"], ["--out", "o4"]):
            expect(["compile"] + opt + ["gizmos.rst"], 0, cwd=d)
        for k in range(1, 5):
            if not os.path.exists(os.path.join(d, "o%d" % k, "gizmos", "gizmo.schema.json")):
                failures.append("compile -o spelling %d wrote nothing" % k)
        # a folder stands for its specs, in its folders too, sorted
        os.makedirs(os.path.join(d, "specs", "more"))
        os.makedirs(os.path.join(d, "empty"))
        for name in ("b.rst", "a.rst", "more/c.rst", "notes.txt"):
            with open(os.path.join(d, "specs", name), "w") as f:
                f.write(SPEC)
        out = expect(["extract", "specs"], 0, cwd=d)[0]
        files = [json.loads(l)["file"] for l in out.splitlines()]
        if files != ["specs/a.rst", "specs/b.rst", "specs/more/c.rst"]:
            failures.append("extract of a folder: %r" % files)
        expect(["check", "specs", "gizmos.rst"], 0, cwd=d)
        expect(["compile", "-o", "fo", "specs"], 0, cwd=d)
        for stem in ("a", "b", "c"):
            if not os.path.exists(os.path.join(d, "fo", stem, "gizmo.schema.json")):
                failures.append("compile of a folder: no %s/" % stem)
        expect(["check", "empty"], 2, err="empty: a folder with no spec (*.rst) in it", cwd=d)
        # two folders, each with its own attrc.yaml: each spec keeps its configuration
        # (the first one's pointer must survive the second one's loading: ASan builds)
        for sub, rule in (("p1", "role:one"), ("p2", "role:two")):
            os.makedirs(os.path.join(d, sub))
            with open(os.path.join(d, sub, sub + ".rst"), "w") as f:
                f.write(SPEC)
            with open(os.path.join(d, sub, "attrc.yaml"), "w") as f:
                f.write('policy:\n  base:\n    admin_only: "%s"\n' % rule)
        expect(["compile", "--emit", "policy-json", "-o", "pp", "p1", "p2"], 0, cwd=d)
        for sub, rule in (("p1", "role:one"), ("p2", "role:two")):
            with open(os.path.join(d, "pp", sub, "policy.json")) as f:
                if json.load(f).get("admin_only") != rule:
                    failures.append("%s lost its attrc.yaml" % sub)
        # standard input: named by --stdin-name, never <stdin>
        with open(os.path.join(d, "gizmos.rst")) as f:
            text = f.read()
        bad = text.replace("uuid", "blob")

        def feed(args, data, status, err=None):
            r = subprocess.run([attrc] + args, input=data, capture_output=True, text=True,
                               cwd=d, env=dict(os.environ, NO_COLOR="1"))
            if r.returncode != status or (err and err not in r.stderr):
                failures.append("attrc %s < spec: exit %d\n%s" % (" ".join(args), r.returncode,
                                                                  r.stderr[:400]))
            return r
        feed(["compile", "-o", "si", "-"], text, 2, "needs --stdin-name")
        feed(["compile", "-o", "si", "--stdin-name", "specs/piped.rst", "--depfile", "si.d",
              "-"], text, 0)
        if not os.path.exists(os.path.join(d, "si", "piped", "gizmo.schema.json")):
            failures.append("--stdin-name did not name the output folder")
        with open(os.path.join(d, "si", "piped", "gizmo.schema.json")) as f:
            if '"urn:attrc:piped.rst:gizmo"' not in f.read():
                failures.append("--stdin-name did not name the schema's $id")
        with open(os.path.join(d, "si.d")) as f:
            deps = f.read().split()
        if "-" in deps or "<stdin>" in deps or "specs/piped.rst" in deps or not deps:
            failures.append("the depfile names standard input: %r" % deps)
        r = feed(["check", "--stdin-name=specs/piped.rst", "-"], bad, 1,
                 "specs/piped.rst:13:")
        if "<stdin>" in r.stderr:
            failures.append("a diagnostic names <stdin>: " + r.stderr[:300])
        out = feed(["extract", "--stdin-name", "x/y.rst", "-"], text, 0).stdout
        if '"file":"x/y.rst"' not in out:
            failures.append("extract --stdin-name: " + out[:200])
    # help: one text per command, however asked
    for cmd in ("extract", "check", "compile", "diff"):
        a = expect(["help", cmd], 0)[0]
        b = expect([cmd, "--help"], 0)[0]
        c = expect([cmd, "-h"], 0)[0]
        if not (a == b == c and a.startswith("usage: attrc " + cmd)):
            failures.append("the help of %s differs by how it is asked" % cmd)
    top = expect(["--help"], 0)[0]
    for cmd in ("extract", "check", "compile", "diff", "help"):
        if "\n  %s " % cmd not in top:
            failures.append("attrc --help does not list %s" % cmd)
    expect(["chekc"], 2, err="unknown command 'chekc'; did you mean 'check'?")
    expect(["help", "compiel"], 2, err="did you mean 'compile'?")
    expect(["frobnicate"], 2, err="unknown command 'frobnicate'\n(see attrc --help)")
    for f in failures:
        print("FAIL: " + f)
    print("cli: %d failures" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
