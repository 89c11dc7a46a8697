#!/usr/bin/python3
"""Differential test: random specs built from the constructs attrc reads, read by attrc
and by docutils (docutils_tables.py); every table must come out identical.

usage: differential.py ATTRC [--count N] [--seed S] [--keep DIR]

The documents mix sections, paragraphs, literal blocks, block quotes, lists, comments,
directives, inline markup and all four table kinds, with randomly broken variants.  A
fixed seed makes the run repeatable; the suite runs a few hundred documents.
"""
import argparse, json, os, random, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))

WORDS = ["id", "name", "uuid", "string", "RO, all", "RW, admin", "N/A", "true", "0-65535",
         "port", "list of dict", "admin_state_up", "''", "generated", "None", "ip", "x"]
INLINE = ["``lit``", "*emph*", "**strong**", "`interp`", ":ref:`role`", ":unknown:`r`",
          "`link <http://a.invalid/x>`_", "name_", "[1]_", "[CIT]_", "|sub|", "a\\*b",
          "*", "``", "2 * 3 * 4", "(*)", "'*'", "_`target`", "a_b_c", "x__", "`a`_",
          "`<http://b.invalid>`_", "\\ ", "é", "日本", "http://c.invalid/*p*", "a::"]


def cell(rng):
    k = rng.random()
    if k < 0.5:
        return rng.choice(WORDS)
    if k < 0.85:
        return " ".join(rng.choice(WORDS + INLINE) for _ in range(rng.randint(1, 3)))
    return rng.choice(["- a", "1. b", "* c", "| l", ">>> x", "::", "a::", ":f: v", "#. z", "(a) q"])


def width(s):
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def grid(rng):
    ncol, nrow = rng.randint(1, 4), rng.randint(1, 4)
    cells = [[cell(rng) for _ in range(ncol)] for _ in range(nrow + 1)]
    w = [max(width(cells[r][c]) for r in range(nrow + 1)) + rng.randint(1, 3) for c in range(ncol)]
    def border(ch):
        return "+" + "+".join(ch * x for x in w) + "+"
    def row(r):
        return "|" + "|".join(" " + cells[r][c] + " " * (w[c] - width(cells[r][c]) - 1) for c in range(ncol)) + "|"
    lines = [border("-"), row(0), border("=" if rng.random() < 0.7 else "-")]
    for r in range(1, nrow + 1):
        lines.append(row(r))
        if rng.random() < 0.2 and ncol > 1:  # a horizontal span in the next row
            pass
        lines.append(border("-"))
    if rng.random() < 0.15:  # break it
        i = rng.randrange(len(lines))
        l = lines[i]
        j = rng.randrange(len(l))
        lines[i] = l[:j] + rng.choice(["", " ", "x", "+", "|"]) + l[j + 1:]
    if rng.random() < 0.15 and ncol >= 2 and nrow >= 1:  # merge the last row's cells
        body = "|" + " " + cells[-1][0] + " " * (sum(w) + ncol - 1 - width(cells[-1][0]) - 1) + "|"
        lines[-2] = body
    return "\n".join(lines)


def simple(rng):
    ncol, nrow = rng.randint(2, 4), rng.randint(1, 4)
    cells = [[cell(rng) for _ in range(ncol)] for _ in range(nrow + 1)]
    w = [max(width(cells[r][c]) for r in range(nrow + 1)) + rng.randint(0, 2) for c in range(ncol)]
    def border():
        return "  ".join("=" * x for x in w)
    def row(r):
        return "  ".join(cells[r][c] + " " * (w[c] - width(cells[r][c])) for c in range(ncol)).rstrip()
    lines = [border(), row(0), border()] + [row(r) for r in range(1, nrow + 1)]
    if rng.random() < 0.3:
        lines.insert(4 if len(lines) > 4 else 3, "-" * (sum(w) + 2 * (ncol - 1)))
    if rng.random() < 0.2:
        lines.insert(3, "")
    lines.append(border())
    if rng.random() < 0.1:
        lines[-1] = lines[-1][:-1]
    return "\n".join(lines)


def csvtab(rng):
    ncol = rng.randint(1, 4)
    opts = []
    if rng.random() < 0.7:
        opts.append("   :header: " + ", ".join('"%s"' % cell(rng).replace('"', "'") for _ in range(ncol + rng.choice([0, 0, 0, -1, 1]))))
    if rng.random() < 0.3:
        opts.append("   :header-rows: %d" % rng.randint(0, 2))
    if rng.random() < 0.3:
        opts.append("   :widths: " + ", ".join(str(rng.randint(1, 30)) for _ in range(ncol + rng.choice([0, 0, 1]))))
    if rng.random() < 0.1:
        opts.append("   :delim: " + rng.choice(["tab", "space", ";", "0x3b", "|"]))
    if rng.random() < 0.1:
        opts.append("   :quote: " + rng.choice(["'", '"']))
    if rng.random() < 0.1:
        opts.append("   :escape: \\")
    if rng.random() < 0.1:
        opts.append("   :keepspace:")
    if rng.random() < 0.05:
        opts.append("   :bogus: 1")
    rows = []
    for _ in range(rng.randint(0, 4)):
        fields = []
        for _ in range(ncol + rng.choice([0, 0, 0, -1, 1])):
            c = cell(rng)
            if "," in c or rng.random() < 0.3:
                c = '"' + c.replace('"', '""') + '"'
            fields.append(c)
        rows.append("   " + ",".join(fields))
    if rng.random() < 0.05:
        rows.append('   "unterminated, x')
    title = (" " + cell(rng)) if rng.random() < 0.5 else ""
    return ".. csv-table::" + title + "\n" + "\n".join(opts) + "\n\n" + "\n".join(rows)


def listtab(rng):
    ncol, nrow = rng.randint(1, 3), rng.randint(1, 3)
    out = [".. list-table::" + ((" " + cell(rng)) if rng.random() < 0.5 else "")]
    if rng.random() < 0.5:
        out.append("   :header-rows: 1")
    out.append("")
    for r in range(nrow):
        n = ncol + (rng.choice([0, 0, 0, 1]) if r else 0)
        for c in range(n):
            out.append(("   * - " if c == 0 else "     - ") + cell(rng))
    return "\n".join(out)


def block(rng, depth=0):
    k = rng.random()
    if k < 0.18:
        return grid(rng)
    if k < 0.28:
        return simple(rng)
    if k < 0.42:
        return csvtab(rng)
    if k < 0.5:
        return listtab(rng)
    if k < 0.6:
        return " ".join(rng.choice(WORDS + INLINE) for _ in range(rng.randint(2, 8))) + rng.choice(["", "", "::"])
    if k < 0.66:
        return "Example::\n\n    +---+\n    | a |\n    +---+"
    if k < 0.72 and depth < 2:
        inner = block(rng, depth + 1)
        return "\n".join(("    " + l) if l else "" for l in inner.split("\n"))
    if k < 0.78 and depth < 2:
        inner = block(rng, depth + 1).split("\n")
        return "\n".join([("* " + inner[0])] + [("  " + l) if l else "" for l in inner[1:]])
    if k < 0.83:
        d = rng.choice(["note", "warning", "code-block", "unknown-thing", "table", "topic"])
        arg = " Title" if d in ("table", "topic") else (" json" if d == "code-block" else "")
        inner = grid(rng) if d == "table" else block(rng, 2)
        return ".. %s::%s\n\n" % (d, arg) + "\n".join(("   " + l) if l else "" for l in inner.split("\n"))
    if k < 0.88:
        return ".. a comment\n   +---+\n   | c |\n   +---+"
    if k < 0.92:
        t = rng.choice(["Sub section", "REST API impact", "Other", "REST API Impacts", "name"])
        u = rng.choice("-~^=") * (len(t) + rng.choice([0, 0, 2, -len(t) + 2]))
        if rng.random() < 0.25:
            return u + "\n" + t + "\n" + u
        return t + "\n" + u
    if k < 0.96:
        return rng.choice([
            ".. _name: http://t.invalid", ".. _a: http://t.invalid", ".. [1] a footnote",
            ".. [CIT] a citation", ".. |sub| replace:: repl *x*", "__ http://anon.invalid",
            ".. __: http://anon.invalid", "#. first\n#. second", "1) one\n2) two",
            "(a) x\n(b) y", ":field: value\n   more", "| line one\n| line two",
            ">>> print(1)\n1", "----------", "A. Einstein was here", "term : classifier\n   def",
            "\tindented with a tab", "ii. roman\niii. next"])
    return "term\n    definition " + cell(rng)


def document(rng):
    parts = ["Title\n=====", "Intro " + cell(rng)]
    if rng.random() < 0.9:
        parts.append("REST API impact\n" + rng.choice(["-", "="]) * 15)
    for _ in range(rng.randint(1, 8)):
        parts.append(block(rng))
    doc = "\n\n".join(parts) + "\n"
    if rng.random() < 0.1:
        doc = doc.replace("\n", "\r\n")
    return doc


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("attrc")
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", metavar="DIR", help="write the documents here and keep them")
    a = ap.parse_args()
    count, seed, keep, attrc = a.count, a.seed, a.keep, a.attrc
    try:
        import docutils  # noqa: F401
    except ImportError:
        print("SKIP: python3-docutils is not installed")
        sys.exit(77)
    rng = random.Random(seed)
    tmp = keep or tempfile.mkdtemp(prefix="attrc-diff-")
    os.makedirs(tmp, exist_ok=True)
    paths = []
    for i in range(count):
        p = os.path.join(tmp, "doc%04d.rst" % i)
        with open(p, "w", newline="") as f:
            f.write(document(rng))
        paths.append(p)
    ref = subprocess.run([sys.executable, os.path.join(here, "docutils_tables.py")] + paths,
                         capture_output=True, text=True, check=True).stdout
    want = {}
    for l in ref.splitlines():
        t = json.loads(l)
        want.setdefault(t["file"], []).append((t["title"], t["header"], t["rows"]))
    bad = 0
    tables = 0
    for p in paths:
        r = subprocess.run([attrc, "extract", "--max-errors", "0", p], capture_output=True, text=True)
        if r.returncode not in (0, 1):
            print("CRASH or usage error (%d) on %s: %s" % (r.returncode, p, r.stderr[-300:]))
            bad += 1
            continue
        got = [(t["title"], t["header"], t["rows"]) for t in map(json.loads, r.stdout.splitlines())]
        exp = want.get(p, [])
        tables += len(exp)
        if got != exp:
            bad += 1
            if bad <= 5:
                print("--- %s differs" % p)
                print("docutils:", json.dumps(exp, ensure_ascii=False)[:700])
                print("attrc   :", json.dumps(got, ensure_ascii=False)[:700])
    print("differential: %d documents, %d tables, %d documents differ" % (count, tables, bad))
    if not keep and not bad:
        for p in paths:
            os.unlink(p)
        os.rmdir(tmp)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
