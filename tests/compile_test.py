#!/usr/bin/python3
"""attrc compile as a build uses it: what it writes, and what it does not.

- The layout: DIR/SPEC/MEMBER.schema.json, policy.yaml, policy.json as --emit says.
- Deterministic: two runs, and runs from another working folder with the same relative
  paths, give the same bytes.
- An output whose content does not change is not rewritten (same inode, same mtime);
  one that changes is replaced by a rename (new inode), no temporary file left behind.
- Input with errors: exit 1, nothing written, the previous outputs untouched.
- An output folder that cannot be written: exit 2, a message, no half-written file.
- --depfile names the stamp (or the outputs) and the spec, its attrc.yaml and its
  csv-table :file: data; --stamp is touched on success.
- Two specs with one name in one run are a usage error.
- The schema of a resource that is gone is removed from the spec's folder.

usage: compile_test.py ATTRC
"""
import os, shutil, subprocess, sys, tempfile

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def run(attrc, args, cwd):
    return subprocess.run([attrc, "compile"] + args, cwd=cwd, capture_output=True, text=True)


SPEC = """Lamp service
============

REST API impact
---------------

LAMP(/lamps)

.. csv-table::
   :header: Attribute,Type,Access,Default,Validation
   :file: lamp.csv
"""
CSV = 'id,uuid,"RO, all",generated,N/A\ncolor,string,"RW, admin",red,"\'red\', \'green\'"\n'


def snapshot(d):
    out = {}
    for root, _, files in os.walk(d):
        for f in files:
            p = os.path.join(root, f)
            st = os.stat(p)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, d)] = (st.st_ino, st.st_mtime_ns, fh.read())
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    attrc = os.path.abspath(sys.argv[1])
    w = tempfile.mkdtemp(prefix="attrc-compile-")
    try:
        src = os.path.join(w, "src")
        os.makedirs(src)
        with open(os.path.join(src, "lamps.rst"), "w") as f:
            f.write(SPEC)
        with open(os.path.join(src, "lamp.csv"), "w") as f:
            f.write(CSV)
        with open(os.path.join(src, "attrc.yaml"), "w") as f:
            f.write("types:\n  tristate: boolean\n")
        args = ["--emit", "schema,policy-yaml,policy-json", "-o", "out", "--depfile",
                "out.d", "--stamp", "out.stamp", "src/lamps.rst"]
        r = run(attrc, args, w)
        check(r.returncode == 0, "first run: exit %d %s" % (r.returncode, r.stderr))
        first = snapshot(os.path.join(w, "out"))
        check(sorted(first) == ["lamps/lamp.schema.json", "lamps/policy.json",
                                "lamps/policy.yaml"], "layout: %s" % sorted(first))
        with open(os.path.join(w, "out.d")) as f:
            dep = f.read()
        check(dep.startswith("out.stamp:"), "depfile target: %r" % dep[:40])
        for need in ("src/lamps.rst", "src/attrc.yaml", "src/lamp.csv"):
            check(need in dep, "depfile lacks %s: %r" % (need, dep))
        check(os.path.exists(os.path.join(w, "out.stamp")), "no stamp")
        stamp1 = os.stat(os.path.join(w, "out.stamp")).st_mtime_ns
        # same again: nothing rewritten, the stamp touched
        r = run(attrc, args, w)
        again = snapshot(os.path.join(w, "out"))
        check(again == first, "second run rewrote unchanged outputs")
        check(os.stat(os.path.join(w, "out.stamp")).st_mtime_ns >= stamp1, "stamp not touched")
        # from another folder, the same relative paths: the same bytes
        other = os.path.join(w, "elsewhere")
        shutil.copytree(src, os.path.join(other, "src"))
        r = run(attrc, args, other)
        there = snapshot(os.path.join(other, "out"))
        check({k: v[2] for k, v in there.items()} == {k: v[2] for k, v in first.items()},
              "output depends on the working folder")
        # a change: only what changes is replaced, by a rename
        with open(os.path.join(src, "lamp.csv"), "a") as f:
            f.write('watts,integer,"RW, all",40,1 to 200\n')
        r = run(attrc, args, w)
        changed = snapshot(os.path.join(w, "out"))
        s = "lamps/lamp.schema.json"
        check(changed[s][0] != first[s][0] and b"watts" in changed[s][2],
              "changed schema not replaced by a new file")
        check(not [f for f in os.listdir(os.path.join(w, "out", "lamps")) if f.startswith(".")],
              "temporary files left behind")
        # a resource that is gone: its schema goes too
        with open(os.path.join(w, "out", "lamps", "gone.schema.json"), "w") as f:
            f.write("{}\n")
        r = run(attrc, args, w)
        check(not os.path.exists(os.path.join(w, "out", "lamps", "gone.schema.json")),
              "the schema of a resource that is gone stayed")
        check(snapshot(os.path.join(w, "out")) == changed, "a run after the removal rewrote")
        # an error: nothing written, the previous outputs whole
        with open(os.path.join(src, "lamp.csv"), "a") as f:
            f.write('broken,strng,"RW, all",,\n')
        r = run(attrc, args, w)
        check(r.returncode == 1, "input with errors: exit %d" % r.returncode)
        check("unknown type 'strng'" in r.stderr, "no diagnostic: %s" % r.stderr)
        check(snapshot(os.path.join(w, "out")) == changed, "outputs touched by a failed run")
        r = run(attrc, ["-o", "fresh", "src/lamps.rst"], w)
        check(not os.path.exists(os.path.join(w, "fresh")), "a failed run created its folder")
        # -Werror: a warning is an error, nothing written
        with open(os.path.join(src, "lamp.csv"), "w") as f:
            f.write(CSV + 'depth,integer,"RW, all",Any,\n')
        r = run(attrc, ["-Werror", "-o", "werror", "src/lamps.rst"], w)
        check(r.returncode == 1 and not os.path.exists(os.path.join(w, "werror")),
              "-Werror: exit %d, written: %s" % (r.returncode, os.path.exists(os.path.join(w, "werror"))))
        # an output folder that cannot be written
        with open(os.path.join(src, "lamp.csv"), "w") as f:
            f.write(CSV)
        with open(os.path.join(w, "blocker"), "w") as f:
            f.write("a file where the folder would be\n")
        r = run(attrc, ["-o", "blocker", "src/lamps.rst"], w)
        check(r.returncode == 2 and "cannot write" in r.stderr,
              "unwritable output: exit %d %s" % (r.returncode, r.stderr))
        # two specs with one name
        os.makedirs(os.path.join(w, "src2"))
        shutil.copy(os.path.join(src, "lamps.rst"), os.path.join(w, "src2", "lamps.rst"))
        shutil.copy(os.path.join(src, "lamp.csv"), os.path.join(w, "src2", "lamp.csv"))
        r = run(attrc, ["-o", "two", "src/lamps.rst", "src2/lamps.rst"], w)
        check(r.returncode == 2 and "same folder" in r.stderr,
              "two specs of one name: exit %d %s" % (r.returncode, r.stderr))
    finally:
        shutil.rmtree(w)
    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print("compile: layout, determinism, no rewrite, rename, errors, depfile, stamp: all as "
          "documented")


main()
