#!/usr/bin/python3
"""attrc used from another meson project (tests/consumer/), the ways docs/building.md
shows, each built and run:

1. installed: `meson install` of this build (into a temporary DESTDIR); the consumer's
   find_program('attrc') finds the program on PATH and dependency('libattrc') the library
   through pkg-config; the manual page is installed and `man -l` renders it.
2. as a subproject (subprojects/attrc, a copy of this source tree): the consumer finds
   the program and the library by the same names (meson.override_find_program and
   override_dependency); none of attrc's own tests, benchmarks or spec targets is there.

In each, the service built from the generated validators answers a valid and an invalid
body; and, from ninja's own record (.ninja_log), changing one cell of one spec rebuilds
exactly that spec's outputs and what is made from them, nothing of the other spec, and a
second ninja has nothing to do.

usage: consumer_test.py BUILD_DIR
"""
import glob, json, os, shutil, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(here)


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, **kw)


def ninja_log(build):
    """The outputs of each entry of .ninja_log, in order."""
    with open(os.path.join(build, ".ninja_log")) as f:
        return [line.rstrip("\n").split("\t")[3] for line in f if not line.startswith("#")]


def exercise(src, build, env, failures, what):
    """Builds the consumer in `build`, runs its service, edits one cell, checks the rebuild."""
    r = run(["ninja", "-C", build], env=env)
    if r.returncode:
        failures.append("%s: the consumer does not build:\n%s" % (what, r.stdout[-3000:]))
        return
    service = os.path.join(build, "service")
    ok = run([service, "gizmo", '{"gizmo": {"name": "g", "size": 3}}'], env=env)
    bad = run([service, "widget", '{"widget": {"colour": "green"}}'], env=env)
    if ok.returncode or not ok.stdout.startswith("201 ") or '"size":3' not in ok.stdout:
        failures.append("%s: a valid gizmo: %r" % (what, ok.stdout + ok.stderr))
    if bad.returncode != 1 or not bad.stdout.startswith("400 ") or "not-in-enum" not in bad.stdout:
        failures.append("%s: an invalid widget: %r" % (what, bad.stdout + bad.stderr))
    before = len(ninja_log(build))
    spec = os.path.join(src, "specs", "gizmos.rst")
    with open(spec) as f:
        text = f.read()
    with open(spec, "w") as f:
        f.write(text.replace("max 16", "max 2"))
    r = run(["ninja", "-C", build], env=env)
    rebuilt = set(ninja_log(build)[before:])
    want = {"gizmos.c", "gizmos.h", "gizmos.policy.yaml", "gizmos.gizmo.schema.json"}
    if r.returncode or not want <= rebuilt or any(o.startswith("widgets") for o in rebuilt) \
            or "service" not in rebuilt:
        failures.append("%s: after one cell of gizmos.rst, ninja rebuilt %s" % (
            what, sorted(rebuilt)))
    again = run(["ninja", "-C", build], env=env)
    if "no work to do" not in again.stdout:
        failures.append("%s: a second ninja still works:\n%s" % (what, again.stdout[-1000:]))
    ok = run([service, "gizmo", '{"gizmo": {"name": "ggg"}}'], env=env)
    if ok.returncode != 1 or "too-long" not in ok.stdout:
        failures.append("%s: the rebuilt service does not have the new cell: %r" % (
            what, ok.stdout))
    print("  %s: built, served, and one cell rebuilt %d of its outputs (%s)" % (
        what, len(rebuilt), ", ".join(sorted(rebuilt))))


def install(build, work):
    """`meson install` of `build` into work/root (a DESTDIR).  Returns the environment in
    which a meson project finds the installed attrc (PATH) and libattrc (pkg-config, and
    the shared library at run time), the program's path and the manual page's."""
    dest = os.path.join(work, "root")
    r = run(["meson", "install", "-C", build, "--destdir", dest, "--no-rebuild", "--quiet"])
    if r.returncode:
        sys.exit("meson install: " + r.stdout + r.stderr)
    exe = glob.glob(os.path.join(dest, "**", "bin", "attrc"), recursive=True)
    pcs = glob.glob(os.path.join(dest, "**", "pkgconfig", "libattrc.pc"), recursive=True)
    sos = glob.glob(os.path.join(dest, "**", "libattrc.so"), recursive=True)
    man = glob.glob(os.path.join(dest, "**", "man1", "attrc.1"), recursive=True)
    if len(exe) != 1 or len(pcs) != 1 or len(sos) != 1 or len(man) != 1:
        sys.exit("installed: %r" % (exe + pcs + sos + man))
    env = dict(os.environ, PATH=os.path.dirname(exe[0]) + os.pathsep + os.environ["PATH"],
               PKG_CONFIG_PATH=os.path.dirname(pcs[0]), PKG_CONFIG_SYSROOT_DIR=dest,
               LD_LIBRARY_PATH=os.path.dirname(sos[0]))
    return env, exe[0], man[0]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    build = os.path.abspath(sys.argv[1])
    for tool in ("meson", "ninja", "pkg-config"):
        if not shutil.which(tool):
            sys.exit("%s is missing (tools/setup installs it)" % tool)
    failures = []
    work = tempfile.mkdtemp(prefix="attrc-consumer-")
    try:
        # 1. installed
        env, exe, man = install(build, work)
        if shutil.which("man"):
            page = run(["man", "-l", man], env=dict(os.environ, MANWIDTH="80", MAN_KEEP_FORMATTING="0"))
            if page.returncode or "attrc compile" not in page.stdout or "--emit" not in page.stdout:
                failures.append("man -l attrc.1: %d %r" % (page.returncode, page.stdout[:300]))
        else:
            failures.append("man is missing (tools/setup installs man-db)")
        src = os.path.join(work, "installed")
        shutil.copytree(os.path.join(here, "consumer"), src)
        cb = os.path.join(src, "build")
        r = run(["meson", "setup", cb, src, "-Dattrc=installed"], env=env)
        if r.returncode:
            failures.append("installed: meson setup:\n" + r.stdout[-3000:])
        else:
            with open(os.path.join(cb, "meson-logs", "meson-log.txt")) as f:
                log = f.read()
            if exe not in log:
                failures.append("installed: find_program did not find %s" % exe)
            exercise(src, cb, env, failures, "installed")

        # 2. subproject
        src = os.path.join(work, "sub")
        shutil.copytree(os.path.join(here, "consumer"), src)
        shutil.copytree(top, os.path.join(src, "subprojects", "attrc"), ignore=shutil.ignore_patterns(
            "build*", ".git", "node_modules", "__pycache__", "out"))
        cb = os.path.join(src, "build")
        r = run(["meson", "setup", cb, src, "-Dattrc=subproject"])
        if r.returncode:
            failures.append("subproject: meson setup:\n" + r.stdout[-3000:])
        else:
            tests = json.loads(run(["meson", "introspect", cb, "--tests"]).stdout or "[]")
            targets = run(["ninja", "-C", cb, "-t", "targets", "all"]).stdout
            if tests or "specs.stamp" in targets or "validate_bench" in targets:
                failures.append("subproject: attrc's own work is there: tests %r" % [
                    t["name"] for t in tests][:5])
            exercise(src, cb, dict(os.environ), failures, "subproject")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL: " + f)
    print("consumer: %d failures" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
