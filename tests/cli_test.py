#!/usr/bin/python3
"""attrc's command line behaves as GNU tools do (getopt_long, one option table per
command): "--opt=value" and "--opt value" alike, unambiguous abbreviations, "--" ending
the options, getopt's own messages for unknown options and missing values, followed by
"(see attrc help COMMAND)" and exit status 2; `attrc help COMMAND` and `attrc COMMAND
--help` print the same text; a mistyped command gets the nearest one's name.

usage: cli_test.py ATTRC
"""
import os, subprocess, sys, tempfile

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
               err="attrc diff: --format is text, markdown, json or sarif, not 'yaml'", cwd=d)
        # compile writes where -o, --output or --out says
        for opt in (["-o", "o1"], ["-oo2"], ["--output=o3"], ["--out", "o4"]):
            expect(["compile"] + opt + ["gizmos.rst"], 0, cwd=d)
        for k in range(1, 5):
            if not os.path.exists(os.path.join(d, "o%d" % k, "gizmos", "gizmo.schema.json")):
                failures.append("compile -o spelling %d wrote nothing" % k)
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
