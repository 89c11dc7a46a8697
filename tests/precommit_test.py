#!/usr/bin/python3
"""The pre-commit hook of .pre-commit-hooks.yaml: the file holds what pre-commit needs of
a hook (id, name, entry, language; files a regex that matches specs and nothing else),
and its entry, run as pre-commit runs it (the changed files appended, attrc on PATH),
passes on good specs and fails, with the diagnostics, on a bad one.

usage: precommit_test.py ATTRC
"""
import os, re, shlex, subprocess, sys, tempfile

import yaml

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(here)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    attrc = os.path.abspath(sys.argv[1])
    failures = []
    with open(os.path.join(top, ".pre-commit-hooks.yaml")) as f:
        hooks = yaml.safe_load(f)
    hook = [h for h in hooks if h.get("id") == "attrc-check"]
    if len(hook) != 1 or not all(hook[0].get(k) for k in ("id", "name", "entry", "language")):
        sys.exit("FAIL: .pre-commit-hooks.yaml: %r" % hooks)
    hook = hook[0]
    files = re.compile(hook["files"])
    if not files.search("specs/gizmos.rst") or files.search("README.md") or \
            files.search("specs/data/x.csv"):
        failures.append("the files regex %r" % hook["files"])
    env = dict(os.environ, PATH=os.path.dirname(attrc) + os.pathsep + os.environ["PATH"],
               NO_COLOR="1")
    argv = shlex.split(hook["entry"])
    specs = sorted(os.path.join("specs", f) for f in os.listdir(os.path.join(top, "specs"))
                   if files.search(f))
    r = subprocess.run(argv + specs, cwd=top, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        failures.append("on specs/: exit %d\n%s" % (r.returncode, r.stderr))
    with tempfile.TemporaryDirectory() as d:
        bad = os.path.join(d, "bad.rst")
        with open(bad, "w") as f:
            f.write("===\nBad\n===\n\nREST API impact\n===============\n\nThe Gizmo resource "
                    "has these attributes:\n\n.. csv-table::\n   :header: Attribute,Type,Access"
                    "\n\n   id,blob,\"RO, all\"\n")
        r = subprocess.run(argv + [bad], env=env, capture_output=True, text=True)
        if r.returncode != 1 or "[unknown-type]" not in r.stderr:
            failures.append("on a bad spec: exit %d\n%s" % (r.returncode, r.stderr))
    for f in failures:
        print("FAIL: " + f)
    print("pre-commit hook: %d failures" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
