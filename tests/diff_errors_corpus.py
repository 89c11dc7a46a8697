#!/usr/bin/python3
"""attrc diff on real specs with an error put in them: every spec of ../shared/corpus and
../shared/corpus-nfv that has attributes gets one cell broken at a time (the Type and the
Access cells of up to four of its attributes: the word there replaced by letters of the
same length, so that a grid table keeps its shape), and is diffed against the original
both ways.  Each diff must give a comparison in which nothing changed but
what the error hid: no finding other than `not-compared`, one of those naming the broken
attribute, on the side with the error; exit status 2 with the error in NEW, 0 with it in
OLD.  Skips, saying so, where ../shared is absent (a user's clone).

usage: diff_errors_corpus.py ATTRC
"""
import json, os, re, shutil, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
SKIP = 77


def run(attrc, *args):
    return subprocess.run([attrc] + list(args), capture_output=True, text=True)


def attributes(attrc, path):
    r = run(attrc, "check", "--dump-model", path)
    if not r.stdout:
        return []
    out = []
    for spec in json.loads(r.stdout)["specs"]:
        for res in spec["resources"]:
            for a in res["attributes"]:
                if a.get("file") == path:  # not a row of a csv-table :file:
                    out.append((res["member"], a))
    return out


def broken(text, line, col):
    """The text with the word at (line, col) (1-based, a line without tabs) made letters
    no type or access reads; None where there is no word there."""
    lines = text.split("\n")
    s = lines[line - 1]
    if "\t" in s:
        return None
    m = re.compile(r"[^A-Za-z]*([A-Za-z]+)").match(s, col - 1)
    if not m:
        return None
    a, b = m.span(1)
    lines[line - 1] = s[:a] + "qz" * ((b - a) // 2) + "q" * ((b - a) % 2) + s[b:]
    return "\n".join(lines)


def specs(dirs, tmp):
    """Each spec of the folders, as (its path in a copy under tmp/a, and in one under tmp/b
    where a broken version is written): the same file name (which may name a resource)
    and the same csv-table :file: data beside it."""
    for d in dirs:
        a, b = (os.path.join(tmp, side, os.path.basename(d)) for side in "ab")
        shutil.copytree(d, a)
        shutil.copytree(d, b)
        for root, _, files in sorted(os.walk(a)):
            for name in sorted(files):
                if name.endswith(".rst"):
                    rel = os.path.relpath(os.path.join(root, name), a)
                    yield os.path.join(a, rel), os.path.join(b, rel)


def compare(attrc, old, new, side, attr, what, want):
    """1 (after saying why) unless diff OLD NEW finds nothing but what `side`'s error hid,
    and exits `want`."""
    r = run(attrc, "diff", "--format", "json", old, new)
    if not r.stdout:
        print("%s in %s: no comparison (exit %d)" % (what, side.upper(), r.returncode))
        return 1
    ch = json.loads(r.stdout)["changes"]
    false = [c for c in ch if c["kind"] != "not-compared"]
    said = [c for c in ch if c["kind"] == "not-compared" and c.get(side)
            and c.get("attribute") in (attr, None)]
    if false or not said or r.returncode != want:
        print("%s in %s: exit %d (want %d), %d false findings %s, %s" % (
            what, side.upper(), r.returncode, want, len(false),
            [(c["kind"], c["resource"], c.get("attribute")) for c in false[:3]],
            "said not compared" if said else "not said not compared"))
        return 1
    return 0


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    attrc = os.path.abspath(sys.argv[1])
    dirs = [os.path.join(here, "..", "..", "shared", d) for d in ("corpus", "corpus-nfv")]
    dirs = [d for d in dirs if os.path.isdir(d)]
    if not dirs:
        print("skipped: ../shared/corpus is absent (it is not part of a user's clone)")
        sys.exit(SKIP)
    tmp = tempfile.mkdtemp(prefix="attrc-differr-")
    tried = skipped = failures = 0
    try:
        for orig, bad in specs(dirs, tmp):
            attrs = attributes(attrc, orig)
            errors = attrs and run(attrc, "check", orig).returncode == 1  # some have
            text = open(orig, encoding="utf-8", errors="surrogateescape").read()
            # the Type and the Access cell of up to four attributes spread over the spec
            step = max(1, len(attrs) // 4)
            picks = [(x, cell) for x in attrs[::step][:4] for cell in ("type", "access")]
            for (member, a), cell in picks:
                at = a.get("cells", {}).get(cell)
                new_text = broken(text, at[0], at[1]) if at else None
                if new_text is None:
                    continue
                with open(bad, "w", encoding="utf-8", errors="surrogateescape") as f:
                    f.write(new_text)
                if run(attrc, "check", bad).returncode != 1:
                    skipped += 1  # the letters read as something: no error, nothing hid
                else:
                    tried += 1
                    what = "%s: %s of %s.%s broken" % (os.path.relpath(orig, tmp), cell, member,
                                                       a["name"])
                    failures += compare(attrc, orig, bad, "new", a["name"], what, 2)
                    failures += compare(attrc, bad, orig, "old", a["name"], what,
                                        2 if errors else 0)
                shutil.copy(orig, bad)
    finally:
        shutil.rmtree(tmp)
    print("diff with an error put in real specs: %d broken cells, each diffed both ways "
          "(%d more read without an error), %d failures" % (tried, skipped, failures))
    if failures or not tried:
        sys.exit(1)


if __name__ == "__main__":
    main()
