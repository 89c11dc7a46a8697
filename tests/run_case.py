#!/usr/bin/python3
"""Runs one data-driven case: tests/cases/NAME/ holds

  spec.rst          the input (other files beside it, such as CSVs, as the case needs)
  args              optional: the command line after "attrc", one argument per line
                    (default: "extract" and "spec.rst"); "{stdin}" feeds spec.rst to
                    standard input; "{tmp}" is a new empty folder, removed after
  expected.jsonl    what attrc prints on standard output
  expected.stderr   optional: the diagnostics, exactly (NO_COLOR, paths as given)
  status            optional: the exit status (default 0)
  no-docutils       optional: skip the comparison with docutils (say why inside)
  expected-files/   optional: every file the command writes into "{tmp}", at the same
                    place below it (and no other file)

Unless no-docutils is there, the tables are also compared with what docutils reads
(tests/docutils_tables.py), so every case checks attrc against docutils too.

usage: run_case.py CASEDIR ATTRC [--update]
"""
import difflib, json, os, shutil, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))


def read(path, default=None):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        return default


def main():
    args = sys.argv[1:]
    update = "--update" in args
    args = [a for a in args if a != "--update"]
    if len(args) != 2:
        sys.exit(__doc__)
    case, attrc = os.path.abspath(args[0]), os.path.abspath(args[1])
    argv = (read(os.path.join(case, "args")) or "extract\nspec.rst\n").splitlines()
    stdin = None
    if "{stdin}" in argv:
        argv = ["-" if a == "{stdin}" else a for a in argv]
        stdin = open(os.path.join(case, "spec.rst"), "rb").read()
    env = dict(os.environ, NO_COLOR="1")
    # "{tmp}": a new empty folder, removed after (where compile writes in a case)
    tmp = tempfile.mkdtemp(prefix="attrc-case-") if "{tmp}" in argv else None
    argv = [tmp if a == "{tmp}" else a for a in argv]
    files_dir = os.path.join(case, "expected-files")
    written = {}  # what the command wrote into {tmp}: relative path -> text
    try:
        r = subprocess.run([attrc] + argv, cwd=case, input=stdin, capture_output=True, env=env,
                           timeout=60)
        for d, _, fs in os.walk(tmp) if tmp and os.path.isdir(files_dir) else ():
            for f in fs:
                with open(os.path.join(d, f), encoding="utf-8") as fh:
                    written[os.path.relpath(os.path.join(d, f), tmp)] = fh.read()
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    out, err = r.stdout.decode("utf-8"), r.stderr.decode("utf-8")
    if update:
        with open(os.path.join(case, "expected.jsonl"), "w") as f:
            f.write(out)
        if err:
            with open(os.path.join(case, "expected.stderr"), "w") as f:
                f.write(err)
        elif os.path.exists(os.path.join(case, "expected.stderr")):
            os.unlink(os.path.join(case, "expected.stderr"))
        if r.returncode:
            with open(os.path.join(case, "status"), "w") as f:
                f.write("%d\n" % r.returncode)
        elif os.path.exists(os.path.join(case, "status")):
            os.unlink(os.path.join(case, "status"))
        if os.path.isdir(files_dir):
            shutil.rmtree(files_dir)
            for rel, text in written.items():
                os.makedirs(os.path.dirname(os.path.join(files_dir, rel)), exist_ok=True)
                with open(os.path.join(files_dir, rel), "w", encoding="utf-8") as fh:
                    fh.write(text)
        print("updated", case)
        return
    failed = []
    want_status = int((read(os.path.join(case, "status")) or "0").strip())
    if r.returncode != want_status:
        failed.append("exit status %d, expected %d" % (r.returncode, want_status))
    for name, got in (("expected.jsonl", out), ("expected.stderr", err)):
        want = read(os.path.join(case, name), "")
        if got != want:
            diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                                name, "actual"))
            failed.append("%s differs:\n%s" % (name, diff))
    if os.path.isdir(files_dir):
        want_files = {}
        for d, _, fs in os.walk(files_dir):
            for f in fs:
                want_files[os.path.relpath(os.path.join(d, f), files_dir)] = \
                    read(os.path.join(d, f))
        for rel in sorted(set(want_files) | set(written)):
            want, got = want_files.get(rel), written.get(rel)
            if want is None or got is None:
                failed.append("%s: %s" % (rel, "not written" if got is None else "not expected"))
            elif want != got:
                diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                                    rel, "actual"))
                failed.append("%s differs:\n%s" % (rel, diff))
    if not os.path.exists(os.path.join(case, "no-docutils")) and argv and argv[0] == "extract":
        try:
            import docutils  # noqa: F401
            have = True
        except ImportError:
            have = False
            print("note: python3-docutils missing; not compared with docutils")
        if have and "spec.rst" in argv:
            opts = [a for a in argv[1:] if a in ("--all",)]
            if "--section" in argv:
                k = argv.index("--section")
                opts += argv[k:k + 2]
            ref = subprocess.run([sys.executable, os.path.join(here, "docutils_tables.py")] +
                                 opts + ["spec.rst"], cwd=case, capture_output=True, text=True)
            want = [(t["title"], t["header"], t["rows"]) for t in map(json.loads, ref.stdout.splitlines())]
            got = [(t["title"], t["header"], t["rows"]) for t in map(json.loads, out.splitlines())]
            if want != got:
                failed.append("docutils reads differently:\n docutils: %s\n attrc:    %s" %
                              (json.dumps(want, ensure_ascii=False), json.dumps(got, ensure_ascii=False)))
    if failed:
        print("FAIL %s\n%s" % (os.path.basename(case), "\n".join(failed)))
        sys.exit(1)
    print("ok %s" % os.path.basename(case))


main()
