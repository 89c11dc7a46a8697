#!/usr/bin/python3
"""Writes a large, deterministic spec for the reader benchmark.

usage: gen_spec.py OUT [--mb N] [--tables N]

The document has a long introduction, then a "REST API impact" section with N tables
(grid, simple, csv-table and list-table in turn, some with spans, markup, multi-line
cells and literal blocks) separated by long prose, until it reaches N MB.
"""
import random, sys

def words(rng, n):
    vocab = ("the attribute resource value network port policy request response server "
             "client admin owner project default validation schema field table update "
             "create delete list show member collection pool listener flavor quota").split()
    return " ".join(rng.choice(vocab) for _ in range(n))

def prose(rng, lines):
    out = []
    for _ in range(lines):
        out.append(words(rng, 12) + ".")
    return "\n".join(out) + "\n\n"

def grid(rng, i):
    rows = [("id", "string (UUID)", "RO, all", "generated", "N/A", "identity of %d" % i),
            ("name_%d" % i, "string", "RW, all", "''", "string, max 255", "**human** name"),
            ("enabled", "bool", "RW, admin", "true", "true/false", "``admin`` switch")]
    w = [16, 15, 11, 11, 17, 22]
    def line(ch):
        return "+" + "+".join(ch * x for x in w) + "+"
    def row(cells):
        return "|" + "|".join(c.ljust(x) for c, x in zip(cells, w)) + "|"
    out = [line("-"), row(("Attribute", "Type", "Access", "Default", "Validation", "Description")),
           row(("Name", "", "", "Value", "Conversion", "")), line("=")]
    for r in rows:
        out += [row(r), line("-")]
    return "\n".join(out) + "\n\n"

def simple(rng, i):
    return ("=========  =======  ==========\n"
            "Method     Path     Codes\n"
            "=========  =======  ==========\n"
            "GET        /r%-5d  200, 404\n"
            "a spanning note about *item* %d\n"
            "------------------------------\n"
            "POST       /r%-5d  201\n"
            "=========  =======  ==========\n\n" % (i, i, i))

def csv(rng, i):
    return (".. csv-table:: Resource %d\n"
            "   :header: Attribute,Type,Access,Default,Validation,Description\n"
            "   :widths: 10,10,10,10,10,30\n\n"
            "   id,uuid,\"RO, all\",generated,N/A,\"identity, quoted\"\n"
            "   size_%d,int,\"RW, all\",0,0-65535,\"a \"\"size\"\" in GB\"\n"
            "   tags,list of string,\"RW, owner\",[],N/A,\"multi\n   line cell\"\n\n" % (i, i))

def lst(rng, i):
    return (".. list-table:: Codes %d\n"
            "   :header-rows: 1\n\n"
            "   * - Code\n"
            "     - Meaning\n"
            "   * - 200\n"
            "     - `OK <https://example.invalid/%d>`_\n"
            "   * - 404\n"
            "     - Not found; see the literal::\n\n"
            "         GET /r/%d\n\n" % (i, i, i))

def main():
    args = sys.argv[1:]
    mb, tables = 100, 10000
    if "--mb" in args:
        k = args.index("--mb"); mb = float(args[k + 1]); del args[k:k + 2]
    if "--tables" in args:
        k = args.index("--tables"); tables = int(args[k + 1]); del args[k:k + 2]
    if len(args) != 1:
        sys.exit(__doc__)
    rng = random.Random(42)
    target = int(mb * 1024 * 1024)
    kinds = [grid, simple, csv, lst]
    head = "=============\nA large spec\n=============\n\nProblem description\n===================\n\n"
    tables_bytes = sum(len(k(random.Random(0), 0)) for k in kinds) // 4 * tables
    per_gap = max(1, (target - tables_bytes) // (tables + 1))
    gap_lines = max(1, per_gap // 90)
    with open(args[0], "w") as f:
        f.write(head)
        f.write(prose(rng, gap_lines))
        f.write("REST API impact\n===============\n\n")
        for i in range(tables):
            f.write(prose(rng, gap_lines))
            f.write(kinds[i % 4](rng, i))
        f.write("Security impact\n===============\n\n" + prose(rng, 10))

main()
