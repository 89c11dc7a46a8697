#!/usr/bin/python3
"""attrc check over the real specs of ../shared/corpus: every table of a REST API impact
section is bound to a resource, read as an operation, or skipped with a reason; every
attribute row reads cleanly or has a located diagnostic; nothing crashes.  Prints the
counts that docs/spec-format.md quotes.  Exit 77 (skip) where the corpus is absent.

usage: corpus_model.py ATTRC [CORPUS]
"""
import collections, json, os, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    attrc = sys.argv[1]
    corpus = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "..", "shared",
                                                                   "corpus")
    if not os.path.isdir(corpus):
        print("SKIP: %s is not here (it is beside the project's own clone only)" % corpus)
        sys.exit(77)
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(corpus) for f in fs
                   if f.endswith(".rst"))
    tables = attr_tables = skipped = ops_tables = param_tables = attrs = clean = 0
    by_code = collections.Counter()
    levels = collections.Counter()
    problems = []
    for path in files:
        ext = subprocess.run([attrc, "extract", path], capture_output=True, timeout=60)
        ntables = len(ext.stdout.splitlines())
        r = subprocess.run([attrc, "check", "-v", "--max-errors", "0", "--dump-model",
                            "--diagnostics-format", "json", path],
                           capture_output=True, timeout=60)
        if r.returncode not in (0, 1):
            problems.append("%s: exit status %d" % (path, r.returncode))
            continue
        diags = json.loads(r.stderr)["diagnostics"]
        model = json.loads(r.stdout)["specs"][0]
        bound_lines = {d["line"] for d in diags if d["code"] == "resource-bound"}
        skip_lines = {d["line"] for d in diags if d["code"] == "table-skipped"}
        op_lines = {d["line"] for d in diags if d["code"] == "operation"}
        bad_ops = {d["line"] for d in diags if d["code"] == "bad-method-table"}
        param_lines = {d["line"] for d in diags if d["code"] == "parameter"}
        unbound_params = {d["line"] for d in diags if d["code"] == "parameters-unbound"}
        accounted = (len(bound_lines) + len(skip_lines) + len(op_lines) + len(bad_ops) +
                     len(param_lines) + len(unbound_params))
        if accounted != ntables:
            problems.append("%s: %d tables, %d bound, skipped, read as operations or as "
                            "parameters" % (path, ntables, accounted))
        tables += ntables
        attr_tables += len(bound_lines)
        param_tables += len(param_lines)
        skipped += len(skip_lines) + len(bad_ops) + len(unbound_params)
        ops_tables += len(op_lines)
        located = collections.defaultdict(int)
        for d in diags:
            if d["level"] == "note":
                continue
            levels[d["level"]] += 1
            by_code[(d["level"], d["code"])] += 1
            if d["line"] <= 0:
                problems.append("%s: diagnostic without a line: %s" % (path, d["message"]))
            located[(d["file"], d["line"])] += 1
        for res in model["resources"]:
            for a in res["attributes"]:
                attrs += 1
                if not located.get((a["file"], a["line"])):
                    clean += 1
    print("files %d, tables %d: attribute tables %d, method tables %d, parameter tables %d, "
          "skipped %d" % (len(files), tables, attr_tables, ops_tables, param_tables, skipped))
    print("attributes %d: read cleanly %d, with a diagnostic %d" % (attrs, clean, attrs - clean))
    print("warnings %d, errors %d" % (levels["warning"], levels["error"]))
    for (level, code), n in sorted(by_code.items()):
        print("  %-8s %-28s %d" % (level, code, n))
    if problems:
        print("\n".join(problems))
        sys.exit(1)


main()
