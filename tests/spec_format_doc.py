#!/usr/bin/python3
"""docs/spec-format.md lists the diagnostics' names with their meanings; the compiler has
one definition of them (compiler/diag.c).  The two must agree, name for name and word for
word, and every name must be produced by at least one data-driven case (tests/cases).

usage: spec_format_doc.py
"""
import os, re, sys

top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
src = open(os.path.join(top, "compiler", "diag.c"), encoding="utf-8").read()
table = src[src.index("} codes[] = {"):src.index("};", src.index("} codes[] = {"))]
# C string literals, adjacent ones joined
entries = re.findall(r'\{\s*"([a-z-]+)",\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\}', table)
code = {name: "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', text)) for name, text in entries}
doc = open(os.path.join(top, "docs", "spec-format.md"), encoding="utf-8").read()
section = doc[doc.index("## Diagnostics"):doc.index("## The model as JSON")]
documented = dict(re.findall(r"^\| ([a-z-]+) \| (.+?) \|$", section, re.M))
documented.pop("name", None)
if not code:
    sys.exit("no diagnostic names found in compiler/diag.c")
if code != documented:
    for k in sorted(set(code) | set(documented)):
        if code.get(k) != documented.get(k):
            print("%s: compiler %r, docs %r" % (k, code.get(k), documented.get(k)))
    sys.exit(1)
seen = set()
cases = os.path.join(top, "tests", "cases")
for case in os.listdir(cases):
    for name in ("expected.stderr", "expected.jsonl"):
        path = os.path.join(cases, case, name)
        if os.path.exists(path):
            text = open(path, encoding="utf-8").read()
            seen |= set(re.findall(r"\[(?:-Werror,)?([a-z-]+)\]$", text, re.M))
            seen |= set(re.findall(r'"(?:code|ruleId)": "([a-z-]+)"', text))
            if "error:" in text or "warning:" in text:
                seen.add("rst")
missing = sorted(set(code) - seen)
if missing:
    sys.exit("no case produces: %s" % ", ".join(missing))
print("spec-format.md lists the %d diagnostic names of the compiler; every one is produced "
      "by a case" % len(code))
