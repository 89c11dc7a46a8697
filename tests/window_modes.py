#!/usr/bin/python3
"""A large spec read through a window (a file) and whole (standard input) gives the same
tables and the same diagnostics (those about invalid UTF-8 come where the window reads
them, so the order may differ).

usage: window_modes.py ATTRC [--seed S]

The documents are several times the reader's 256 KiB chunk, so that lines, tables and
references cross chunk boundaries and the window is released and refilled: one built
from the differential test's random blocks (tables of every kind, broken ones,
references, CRLF, tabs, invalid UTF-8), and shapes that stress the window (one block
quote holding everything, CR line ends, one long line, a BOM with CRLF, tabs and
invalid bytes on every other line).
"""
import argparse, os, random, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import differential  # noqa: E402  (its document generator)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("attrc")
    ap.add_argument("--seed", type=int, default=5)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    parts = ["Big spec\n========\n", "REST API impact\n---------------\n"]
    size = 0
    while size < 3 << 20:
        b = differential.block(rng)
        if rng.random() < 0.02:
            b += "\n\nSub\n~~~\n"
        parts.append(b)
        size += len(b) + 2
    text = "\n\n".join(parts) + "\n.. _name: https://example.invalid\n"
    data = text.encode()
    # a few byte-level oddities at chunk edges: CRLF, a tab, an invalid byte
    data = data.replace(b"\nRW, admin", b"\r\nRW, admin", 50).replace(b" id ", b"\tid ", 50)
    data = data[: (1 << 18) + 7] + b"\xff" + data[(1 << 18) + 7:]
    tbl = b"+-----+------+\n| id  | uuid |\n+-----+------+\n"
    head = b"REST API impact\n===============\n\n"
    shapes = {
        "random blocks": data,
        "one block quote": head + b"".join(b"    p %d\n\n    " % i + tbl.replace(b"\n", b"\n    ")
                                           + b"\n" for i in range(20000)),
        "CR line ends": (head + tbl * 20000).replace(b"\n", b"\r"),
        "tabs and bad bytes": head + b"".join(b"\tline \xff %d\n\n" % i + tbl for i in range(20000)),
        "one long line": head + b"x" * 1500000,
        "BOM and CRLF": b"\xef\xbb\xbf" + (head + (tbl + b"\n") * 20000).replace(b"\n", b"\r\n"),
    }
    total_tables = 0
    with tempfile.TemporaryDirectory() as d:
        for name, blob in shapes.items():
            total_tables += compare(a.attrc, d, name, blob)
    print("window_modes: %d shapes of 1.5-3.3 MB, %d tables: window and whole readings agree"
          % (len(shapes), total_tables))


def compare(attrc, d, name, data):
    path = os.path.join(d, "big.rst")
    with open(path, "wb") as f:
        f.write(data)
    env = dict(os.environ, NO_COLOR="1")
    win = subprocess.run([attrc, "extract", "--max-errors", "0", path], capture_output=True,
                         env=env)
    with open(path, "rb") as f:
        whole = subprocess.run([attrc, "extract", "--max-errors", "0", "-"], stdin=f,
                               capture_output=True, env=env)
    out_w = win.stdout.replace(path.encode(), b"<stdin>")
    err_w = win.stderr.replace(path.encode(), b"<stdin>")
    tables = whole.stdout.count(b"\n")
    # diagnostics may come in another order (invalid UTF-8 is found as it is read)
    same_diags = sorted(err_w.splitlines()) == sorted(whole.stderr.splitlines())
    if win.returncode != whole.returncode or out_w != whole.stdout or not same_diags:
        print("%s: window and whole readings differ: exit %d/%d, %d/%d tables" % (
            name, win.returncode, whole.returncode, out_w.count(b"\n"), tables))
        for i, (x, y) in enumerate(zip(out_w.splitlines(), whole.stdout.splitlines())):
            if x != y:
                print("first difference at table %d:\n window: %s\n whole:  %s" % (
                    i + 1, x[:300], y[:300]))
                break
        sys.exit(1)
    return tables

main()
