#!/usr/bin/python3
"""attrc and docutils read the same tables from the given specs.

usage: agree.py ATTRC FILE...   (used for the project's own specs/)
"""
import json, os, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
attrc, files = sys.argv[1], sys.argv[2:]
try:
    import docutils  # noqa: F401
except ImportError:
    print("SKIP: python3-docutils is not installed")
    sys.exit(77)
bad = 0
for f in files:
    a = subprocess.run([attrc, "extract", f], capture_output=True, text=True)
    d = subprocess.run([sys.executable, os.path.join(here, "docutils_tables.py"), f],
                       capture_output=True, text=True, check=True)
    got = [(t["title"], t["header"], t["rows"]) for t in map(json.loads, a.stdout.splitlines())]
    want = [(t["title"], t["header"], t["rows"]) for t in map(json.loads, d.stdout.splitlines())]
    if a.returncode != 0 or got != want:
        bad += 1
        print("%s: attrc (exit %d) and docutils read differently:\n attrc:    %s\n docutils: %s"
              % (f, a.returncode, json.dumps(got)[:400], json.dumps(want)[:400]))
    else:
        print("%s: %d tables, as docutils reads them" % (f, len(got)))
sys.exit(1 if bad else 0)
