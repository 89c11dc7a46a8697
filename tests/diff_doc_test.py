#!/usr/bin/python3
"""docs/diff.md shows a review: the markdown attrc diff prints for the two versions of
specs/endpoints.rst.  This checks that the docs show what attrc prints now.

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
print("docs/diff.md shows what attrc diff prints")
