#!/usr/bin/python3
"""The property test behind fuzz_names: each input the fuzzer kept (STEM \\0 TITLE \\0
ATTRC.YAML \\0 DESCRIPTION, see fuzz_names.c) made into files, compiled by the real
attrc, and checked as its users would: nothing written outside -o (the whole temporary
folder is listed before and after), every JSON file parses, PyYAML reads policy.yaml to
exactly policy.json's rules, and the C compiles with cc -Wall -Wextra -Wpedantic
-Werror.  attrc may refuse an input (exit 1 or 2), never crash (a signal) or hang.

usage: names_check.py ATTRC INCLUDE_DIR CORPUS_DIR [MAX_INPUTS]
"""
import json, os, subprocess, sys, tempfile

import yaml

COMPILED = []  # the inputs attrc compiled (the others it refused, as it may)


def check(attrc, include, data, work):
    parts = (data.split(b"\0") + [b""] * 4)[:4]
    stem, title, cfg, desc = parts
    stem = stem.replace(b"/", b"_")
    if not stem or len(stem) > 200:
        stem = b"spec"
    title = title.replace(b"\n", b" ").replace(b"\r", b" ")
    desc = desc.replace(b"\n", b" ").replace(b"\r", b" ").replace(b'"', b'""')
    src = os.path.join(work.encode(), b"in")
    out = os.path.join(work.encode(), b"in", b"deep", b"out")
    os.makedirs(os.path.join(src, b"deep"))
    spec = (b"=====\nTitle\n=====\n\nREST API impact\n===============\n\n" + title + b"\n" +
            b"~" * max(len(title), 1) + b"\n\n.. csv-table::\n   :header: Attribute,Type,"
            b"Access,Default,Validation,Description\n\n   id,string,\"RW, all\",,,\"" + desc +
            b"\"\n   name,string,\"RW, admin\",,,x\n")
    path = os.path.join(src, stem + b".rst")
    try:
        with open(path, "wb") as f:
            f.write(spec)
        with open(os.path.join(src, b"attrc.yaml"), "wb") as f:
            f.write(cfg)
    except OSError:
        return None  # a name the file system refuses
    before = set(walk(work))
    try:
        r = subprocess.run([attrc, "compile", "--emit", "schema,policy-yaml,policy-json,c",
                            "-o", out, path], capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        return "attrc compile hangs"
    if r.returncode < 0 or r.returncode > 2:
        return "attrc compile: exit %d\n%s" % (r.returncode, r.stderr.decode("utf-8", "replace"))
    made = set(walk(work)) - before
    outside = [p for p in made if p != out and not p.startswith(out + b"/")]
    if outside:
        return "written outside -o: %r" % outside
    if r.returncode:
        return None if not made else "files written despite exit %d: %r" % (r.returncode, made)
    COMPILED.append(path)
    for p in made:
        if p.endswith(b".json"):
            with open(p, "rb") as f:
                json.loads(f.read().decode("utf-8"))
    folder = os.path.join(out, stem)
    with open(os.path.join(folder, b"policy.yaml"), "rb") as f:
        y = yaml.safe_load(f.read().decode("utf-8"))
    with open(os.path.join(folder, b"policy.json"), "rb") as f:
        j = json.load(f)
    if y != j:
        return "policy.yaml reads %r, policy.json says %r" % (y, j)
    c = os.path.join(folder, stem + b".c")
    if os.path.exists(c):
        cc = subprocess.run(["cc", "-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror",
                             "-fsyntax-only", "-I", include, c], capture_output=True, text=True)
        if cc.returncode:
            return "the C does not compile:\n" + cc.stderr
    return None


def walk(d):
    for root, dirs, files in os.walk(d.encode() if isinstance(d, str) else d):
        for n in files + dirs:
            yield os.path.join(root, n)


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    attrc, include, corpus = sys.argv[1:4]
    limit = int(sys.argv[4]) if len(sys.argv) == 5 else 300
    inputs = sorted(os.listdir(corpus))[:limit]
    bad = 0
    for n in inputs:
        with open(os.path.join(corpus, n), "rb") as f:
            data = f.read()
        with tempfile.TemporaryDirectory(prefix="attrc-names-") as work:
            try:
                why = check(os.path.abspath(attrc), include, data, work)
            except Exception as e:  # an output a reader refuses
                why = "%s: %s" % (type(e).__name__, e)
        if why:
            bad += 1
            print("names_check: %s: %s\n  input: %r" % (n, why, data[:300]))
    print("names_check: %d inputs through attrc compile (%d compiled, the rest refused), cc, "
          "PyYAML and json: %d failed" % (len(inputs), len(COMPILED), bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
