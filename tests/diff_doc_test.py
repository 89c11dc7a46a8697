#!/usr/bin/python3
"""docs/diff.md shows a review: the markdown attrc diff prints for the two versions of
specs/endpoints.rst.  This checks that the docs show what attrc prints now, and that every
rule of the docs' table is produced by a data-driven case (tests/cases/diff-*).

usage: diff_doc_test.py ATTRC
"""
import os, subprocess, sys

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
attrc = os.path.abspath(sys.argv[1])
doc = open(os.path.join(top, "docs", "diff.md"), encoding="utf-8").read()
start = "<!-- attrc diff output: tests/diff_doc_test.py checks that this is what attrc prints -->\n"
end = "\n<!-- end of attrc diff output -->"
shown = doc[doc.index(start) + len(start):doc.index(end)]
r = subprocess.run([attrc, "diff", "--format", "markdown", "specs/review/v1/endpoints.rst",
                    "specs/endpoints.rst"], cwd=top, capture_output=True, text=True)
if r.returncode != 1 or r.stdout.rstrip("\n") != shown:
    print("docs/diff.md shows:\n%s\nattrc prints (exit %d):\n%s" % (shown, r.returncode, r.stdout))
    sys.exit(1)
import glob, re
table = doc[doc.index("## The rules"):doc.index("## A review")]
kinds = set()
for cell in re.findall(r"^\| ([a-z, -]+) \| (?:breaking|warning|info) \|", table, re.M):
    kinds |= {k.strip() for k in cell.split(",")}
seen = "".join(open(f, encoding="utf-8").read()
               for f in glob.glob(os.path.join(top, "tests", "cases", "diff-*", "expected.jsonl")))
missing = sorted(k for k in kinds if k not in seen)
if len(kinds) < 30 or missing:
    print("rules of docs/diff.md no case produces: %s (%d rules read)" % (missing, len(kinds)))
    sys.exit(1)
print("docs/diff.md shows what attrc diff prints; its %d rules are all produced by cases" % len(kinds))
