#!/usr/bin/python3
"""What a hostile spec, file name, configuration or repository could make attrc do, each
attack of docs/reliability.md reproduced and its defence checked as a user would see it:
the exit status, the diagnostic, and what is (not) on disk afterwards.

usage: hardening_test.py ATTRC INCLUDE_DIR
"""
import json, os, signal, stat, subprocess, sys, tempfile, threading, time

import yaml

ATTRC = INCLUDE = None
FAILS = []

TABLE = """
{title}
{under}

.. csv-table::
   :header: Attribute,Type,Access,Default,Validation,Description

   id,string (UUID),"RO, all",generated,N/A,identity
   name,string,"RW, all","''","string, max 64",{desc}
"""


def spec(tables, extra=""):
    """A spec whose REST API impact section holds `tables` ([(title, description)])."""
    body = "".join(TABLE.format(title=t, under="~" * max(len(t), 1), desc=d) for t, d in tables)
    return "=====\nTitle\n=====\n\nREST API impact\n===============\n" + body + extra


def write(path, text, mode="w"):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, mode) as f:
        f.write(text)


def run(args, cwd=None, timeout=20, **kw):
    try:
        return subprocess.run([ATTRC] + args, cwd=cwd, capture_output=True, timeout=timeout,
                              env=dict(os.environ, NO_COLOR="1"), **kw)
    except subprocess.TimeoutExpired:
        return None


def expect(what, cond, detail=""):
    if not cond:
        FAILS.append("%s%s" % (what, (": " + str(detail)) if detail else ""))


def err(r):
    return r.stderr.decode("utf-8", "replace") if r else "(timed out)"


def tree(d):
    out = []
    for root, dirs, files in os.walk(d):
        out += [os.path.relpath(os.path.join(root, f), d) for f in files]
    return sorted(out)


# ---- 1. diff through git writes only under its own temporary folder ----

def git(repo, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid",
                    "-c", "commit.gpgsign=false"] + list(args), cwd=repo, check=True,
                   capture_output=True)


def diff_from_subfolder(work):
    repo = os.path.join(work, "repo")
    os.makedirs(os.path.join(repo, "sub"))
    git(repo, "init", "-q")
    write(os.path.join(repo, "specs", "gizmos.rst"), spec([("Gizmo resource:", "a name")]))
    write(os.path.join(repo, "specs", "\u00e9t\u00e9.rst"), spec([("Summer resource:", "x")]))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "one")
    # a breaking change: name becomes read-only
    write(os.path.join(repo, "specs", "gizmos.rst"),
          spec([("Gizmo resource:", "a name")]).replace('name,string,"RW, all"',
                                                        'name,string,"RO, all"'))
    git(repo, "commit", "-qam", "two")
    # a link planted where the old code wrote both sides (/tmp/specs/...)
    planted = "/tmp/specs"
    made = not os.path.lexists(planted)
    if made:
        os.symlink(os.path.join(work, "elsewhere"), planted)
    try:
        r = run(["diff", "--format", "json", "HEAD~1:../specs", "HEAD:../specs"],
                cwd=os.path.join(repo, "sub"))
        expect("diff from a subfolder finds the breaking change (exit 1)",
               r and r.returncode == 1, err(r))
        if r and r.returncode == 1:
            ch = json.loads(r.stdout)["changes"]
            expect("diff from a subfolder: the change is to gizmo.name",
                   any(c["resource"] == "gizmo" and c.get("attribute") == "name" for c in ch),
                   r.stdout.decode())
        expect("diff wrote nothing through a link at /tmp/specs",
               not os.path.exists(os.path.join(work, "elsewhere")))
    finally:
        if made:
            os.unlink(planted)
    r = run(["diff", "HEAD:specs/\u00e9t\u00e9.rst", "HEAD~1:specs/\u00e9t\u00e9.rst"], cwd=repo)
    expect("diff of a non-ASCII file name through git", r and r.returncode == 0, err(r))
    bare = os.path.join(work, "bare.git")
    subprocess.run(["git", "clone", "-q", "--bare", repo, bare], check=True)
    r = run(["diff", "HEAD~1:specs", "HEAD:specs"], cwd=bare)
    expect("diff in a bare repository finds the breaking change", r and r.returncode == 1, err(r))
    r = run(["diff", "HEAD:../../x", "HEAD:specs"], cwd=os.path.join(repo, "sub"))
    expect("diff of a path outside the repository is refused", r and r.returncode == 2, err(r))
    r = run(["diff", "--output=x:y", "HEAD:specs"], cwd=repo)
    expect("a revision that looks like an option is not passed to git as one",
           r and r.returncode == 2 and not os.path.exists(os.path.join(repo, "x")), err(r))


# ---- 2, 3, 5: names that would write outside -o or into code ----

def stems(work):
    d = os.path.join(work, "stems")
    out = os.path.join(d, "out")
    os.makedirs(out)
    write(os.path.join(d, "victim.schema.json"), "{}")  # a file in -o's parent
    for name in ("...rst", "..rst"):
        write(os.path.join(d, name), spec([("Gizmo resource:", "x")]))
        r = run(["compile", "-o", out, os.path.join(d, name)])
        expect("spec %r is refused with a usage error" % name, r and r.returncode == 2, err(r))
        expect("spec %r: the message names the problem" % name,
               "names its output folder" in err(r), err(r))
    expect("nothing written outside -o, nothing deleted there",
           tree(d) == sorted(["...rst", "..rst", "victim.schema.json"]), tree(d))
    write(os.path.join(d, "bad\x1b.rst"), spec([("Gizmo resource:", "x")]))
    r = run(["compile", "-o", out, os.path.join(d, "bad\x1b.rst")])
    expect("a spec whose name holds ESC is refused, the name shown escaped",
           r and r.returncode == 2 and "\x1b" not in err(r) and "\\x1B" in err(r), err(r))
    write(os.path.join(d, 'q"uote.rst'), spec([("Gizmo resource:", "x")]))
    r = run(["compile", "--emit", "c", "-o", out, os.path.join(d, 'q"uote.rst')])
    expect("a spec whose name holds '\"' cannot be #included: refused for C",
           r and r.returncode == 2, err(r))
    r = run(["compile", "--emit", "schema,policy-yaml", "-o", out, os.path.join(d, 'q"uote.rst')])
    expect("... and compiled for schema and policy", r and r.returncode == 0, err(r))


def config_names(work):
    cases = {
        "dotdot": "../../../x",
        "comment": '*/\nint evil = system("id");\n/*',
        "linesep": 'x\u2028"context_is_admin": "@"',
    }
    for label, member in cases.items():
        d = os.path.join(work, "cfg-" + label)
        write(os.path.join(d, "spec.rst"), spec([("Gizmo resource:", "x")]))
        write(os.path.join(d, "attrc.yaml"),
              "resources:\n  - table: 1\n    member: %s\n" % json.dumps(member))
        out = os.path.join(d, "a", "b", "c", "out")
        r = run(["compile", "--emit", "schema,policy-yaml,policy-json,c", "-o", out,
                 os.path.join(d, "spec.rst")])
        expect("attrc.yaml member %s: an error (exit 1)" % label, r and r.returncode == 1, err(r))
        expect("attrc.yaml member %s: located at the configuration" % label,
               "attrc.yaml:3:13: error: 'member' is not a name" in err(r), err(r))
        expect("attrc.yaml member %s: nothing written anywhere" % label,
               tree(d) == ["attrc.yaml", "spec.rst"], tree(d))


def c_clashes(work):
    d = os.path.join(work, "clash")
    write(os.path.join(d, "spec.rst"), spec([("/a.bs", "x"), ("/a_bs", "y")]))
    r = run(["check", os.path.join(d, "spec.rst")])
    expect("/a.bs and /a_bs: a C-name clash error", r and r.returncode == 1 and
           "have the same C name 'spec_a_b'" in err(r), err(r))
    write(os.path.join(d, "two", "a-b.rst"), spec([("Gizmo resource:", "x")]))
    write(os.path.join(d, "two", "a_b.rst"), spec([("Gadget resource:", "x")]))
    out = os.path.join(d, "out")
    r = run(["compile", "-Werror", "--emit", "c", "-o", out, os.path.join(d, "two", "a-b.rst"),
             os.path.join(d, "two", "a_b.rst")])
    expect("specs a-b.rst and a_b.rst: a clash of a_b_resources (exit 1)", r and
           r.returncode == 1 and "the registry of this spec and the registry of" in err(r) and
           "'a_b_resources'" in err(r), err(r))
    expect("... and nothing written", not os.path.exists(out))
    r = run(["compile", "--emit", "schema", "-o", out, os.path.join(d, "two", "a-b.rst"),
             os.path.join(d, "two", "a_b.rst")])
    expect("... which do not clash when no C is written", r and r.returncode == 0, err(r))


# ---- 4. every emitter escapes what it writes ----

# what a cell can hold (docutils breaks lines at U+2028, U+0085 and the like, so those
# reach the emitters through file names)
HOSTILE = "\x01\x1b[2J\x7f\ufffe\u202e\u200f*/ /* \"'\\ ??/ # : -"


def csv_field(s):
    return '"' + s.replace('"', '""') + '"'


def escapes(work):
    d = os.path.join(work, "esc")
    # a method table's path goes into policy.yaml comments; a description into schemas
    methods = ("\nMethods:\n\n+--------+----------------------+---------+\n"
               "| Method | URL                  | Status  |\n"
               "+========+======================+=========+\n"
               "| POST   | /v2.0/gizmos/x\x1by\u202ez\x7f  | 201     |\n"
               "+--------+----------------------+---------+\n")
    name = "sp\u2028ec\u0085 \ufffe\u202e.rst"
    write(os.path.join(d, name), spec([("Gizmo resource:", csv_field(HOSTILE))], methods))
    out = os.path.join(d, "out")
    r = run(["compile", "--emit", "schema,policy-yaml,policy-json,openapi", "-o", out,
             os.path.join(d, name)])
    expect("a hostile file name, path and description compile", r and r.returncode == 0, err(r))
    r2 = run(["compile", "--emit", "openapi", "--openapi-format", "json", "-o",
              os.path.join(d, "out-json"), os.path.join(d, name)])
    if r and not r.returncode and r2 and not r2.returncode:
        with open(os.path.join(out, name[:-4], "openapi.yaml"), encoding="utf-8") as f:
            text = f.read()
        expect("openapi.yaml holds no raw line separator or control character",
               not any(c in text for c in "\x01\x1b\x7f\u0085\u2028\u2029\ufffe\u202e"))
        with open(os.path.join(d, "out-json", name[:-4], "openapi.json")) as f:
            expect("PyYAML reads openapi.yaml to exactly openapi.json",
                   yaml.safe_load(text) == json.load(f))
    if not r or r.returncode:
        return
    folder = os.path.join(out, name[:-4])
    with open(os.path.join(folder, "policy.yaml"), "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8")
    expect("policy.yaml holds no raw line separator or control character",
           not any(c in text for c in "\x01\x1b\x7f\u0085\u2028\u2029\ufffe\u202e"))
    y = yaml.safe_load(text)
    with open(os.path.join(folder, "policy.json")) as f:
        j = json.load(f)
    expect("PyYAML reads policy.yaml to exactly policy.json's rules", y == j,
           str(set(y) ^ set(j)))
    with open(os.path.join(folder, "gizmo.schema.json")) as f:
        s = json.load(f)
    expect("the schema holds the description as docutils reads it (\"\\ \" is nothing)",
           s["$defs"]["resource"]["properties"]["name"].get("description") ==
           HOSTILE.replace("\\ ", ""),
           repr(s["$defs"]["resource"]["properties"]["name"].get("description")))
    # C: a spec whose name is fine, with a hostile description and path: compiles
    cname = "gizmos.rst"
    write(os.path.join(d, cname), spec([("Gizmo resource:", csv_field(HOSTILE))], methods))
    r = run(["compile", "--emit", "c", "--flat", "-o", out, os.path.join(d, cname)])
    expect("C for a hostile description compiles", r and r.returncode == 0, err(r))
    cc = subprocess.run(["cc", "-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror",
                         "-fsyntax-only", "-I", INCLUDE, os.path.join(out, "gizmos.c")],
                        capture_output=True, text=True)
    expect("the generated C compiles with -Wall -Wextra -Wpedantic -Werror", cc.returncode == 0,
           cc.stderr)


# ---- 6. special files never block and are never replaced ----

def special_files(work):
    d = os.path.join(work, "special")
    os.makedirs(d)
    os.mkfifo(os.path.join(d, "data.csv"))
    write(os.path.join(d, "spec.rst"), "=====\nTitle\n=====\n\nREST API impact\n"
          "===============\n\n.. csv-table::\n   :file: data.csv\n")
    r = run(["extract", os.path.join(d, "spec.rst")], timeout=10)
    expect("a :file: FIFO is refused, without blocking", r is not None and r.returncode == 1 and
           "is not a regular file" in err(r), err(r))
    r = run(["check", os.path.join(d, "data.csv")], timeout=10)
    expect("a FIFO given as a spec is refused, without blocking",
           r is not None and r.returncode == 2, err(r))
    good = os.path.join(d, "good", "spec.rst")
    write(good, spec([("Gizmo resource:", "x")]))
    os.mkfifo(os.path.join(d, "stamp"))
    r = run(["compile", "-o", os.path.join(d, "o"), "--stamp", os.path.join(d, "stamp"), good],
            timeout=10)
    expect("--stamp naming a FIFO is an error, without blocking",
           r is not None and r.returncode == 2 and "not a regular file" in err(r), err(r))
    expect("... and the FIFO is still there", stat.S_ISFIFO(os.lstat(os.path.join(d, "stamp")).st_mode))
    os.symlink("/dev/null", os.path.join(d, "dep"))
    r = run(["compile", "-o", os.path.join(d, "o"), "--depfile", os.path.join(d, "dep"), good])
    expect("--depfile naming a link to a device is an error",
           r is not None and r.returncode == 2, err(r))
    expect("... the link is untouched and /dev/null is still a device",
           os.path.islink(os.path.join(d, "dep")) and stat.S_ISCHR(os.stat("/dev/null").st_mode))
    if os.geteuid() == 0:  # a device of our own, where the old code replaced /dev/null
        dev = os.path.join(d, "null")
        os.mknod(dev, 0o600 | stat.S_IFCHR, os.makedev(1, 3))
        r = run(["compile", "-o", os.path.join(d, "o"), "--depfile", dev, good])
        expect("--depfile naming a character device is an error",
               r is not None and r.returncode == 2 and "not a regular file" in err(r), err(r))
        expect("... and the device is still a device", stat.S_ISCHR(os.lstat(dev).st_mode))


# ---- 7. :file: checked on what is opened ----

def file_race(work):
    d = os.path.join(work, "race")
    os.makedirs(d)
    secret = os.path.join(work, "secret.csv")
    write(secret, "SECRET-CONTENT,1\n")
    write(os.path.join(d, "real.csv"), "inside,1\n")
    write(os.path.join(d, "spec.rst"), "=====\nTitle\n=====\n\nREST API impact\n"
          "===============\n\n.. csv-table::\n   :file: data.csv\n")
    os.symlink(secret, os.path.join(d, "data.csv"))
    r = run(["extract", os.path.join(d, "spec.rst")])
    expect("a :file: link to outside is refused", r and r.returncode == 1 and
           b"SECRET" not in r.stdout and "outside the spec's folder" in err(r), err(r))
    os.unlink(os.path.join(d, "data.csv"))
    os.symlink("real.csv", os.path.join(d, "data.csv"))
    r = run(["extract", os.path.join(d, "spec.rst")])
    expect("a :file: link inside the folder is read", r and r.returncode == 0 and
           b"inside" in r.stdout, err(r))
    # a file swapped for a link to the secret, over and over, while attrc reads it
    stop = threading.Event()

    def swap():
        link, real = os.path.join(d, "swap.lnk"), os.path.join(d, "swap.real")
        write(real, "inside,1\n")
        os.symlink(secret, link)
        target = os.path.join(d, "data.csv")
        while not stop.is_set():
            os.replace(real, target)
            write(real, "inside,1\n")
            os.replace(link, target)
            os.symlink(secret, link)

    os.unlink(os.path.join(d, "data.csv"))
    t = threading.Thread(target=swap)
    t.start()
    leaks = 0
    try:
        for _ in range(300):
            r = run(["extract", os.path.join(d, "spec.rst")])
            leaks += r is not None and b"SECRET" in r.stdout
    finally:
        stop.set()
        t.join()
    expect("300 reads while the file is swapped for a link: the secret never leaks",
           leaks == 0, "%d leaks" % leaks)


# ---- 8. temporaries of killed runs ----

def free_pid():
    for pid in range(4000000, 3000000, -7919):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
    return None


def temporaries(work):
    d = os.path.join(work, "tmps")
    good = os.path.join(d, "spec.rst")
    write(good, spec([("Gizmo resource:", "x")]))
    out = os.path.join(d, "out", "spec")
    os.makedirs(out)
    dead = free_pid()
    stale = [".gizmo.schema.json.%d.AbC123" % dead, ".policy.yaml.Xy9z0Q"]
    live = ".gizmo.schema.json.%d.LiVe01" % os.getpid()
    other = ".notes.txt.%d.AbC123" % dead
    for n in stale + [live, other]:
        write(os.path.join(out, n), "partial")
    r = run(["compile", "-o", os.path.join(d, "out"), good])
    expect("compile with stale temporaries beside its outputs", r and r.returncode == 0, err(r))
    left = set(os.listdir(out))
    expect("the temporaries of dead runs are removed", not (set(stale) & left), str(left))
    expect("a running process's temporary and other files are kept", {live, other} <= left,
           str(left))
    # a real run killed while it writes leaves at most its temporaries, and the next
    # run removes them
    big = os.path.join(d, "big.rst")
    rows = "".join("   a%d,string,\"RW, all\",,,row\n" % k for k in range(150000))
    write(big, "=====\nTitle\n=====\n\nREST API impact\n===============\n\nBig resource:\n\n"
          ".. csv-table::\n   :header: Attribute,Type,Access,Default,Validation,Description\n\n"
          + rows)
    for _ in range(5):
        p = subprocess.Popen([ATTRC, "compile", "--emit", "schema,c", "-o", os.path.join(d, "o2"),
                              big], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3)
        p.send_signal(signal.SIGKILL)
        p.wait()
    r = run(["compile", "--emit", "schema,c", "-o", os.path.join(d, "o2"), big], timeout=120)
    expect("after killed runs, compile succeeds", r and r.returncode == 0, err(r))
    temps = [n for n in tree(os.path.join(d, "o2")) if os.path.basename(n).startswith(".")]
    expect("... and no temporary is left", not temps, str(temps))


# ---- 10. terminal escapes in diagnostics ----

def terminal(work):
    d = os.path.join(work, "term")
    write(os.path.join(d, "spec.rst"),
          "=====\nTitle\n=====\n\nREST API impact\n===============\n\nGizmo resource:\n\n"
          ".. csv-table::\n   :header: Attribute,Type,Access\n\n"
          "   a,\x1b]0;owned\x07strng,\"RW, all\"\n   b,\x1b[2Jint,\"RW, all\"\n")
    r = run(["check", os.path.join(d, "spec.rst")])
    text = err(r)
    expect("diagnostics quoting cells with ESC: an error each", r and r.returncode == 1, text)
    expect("no raw ESC or BEL reaches the terminal", "\x1b" not in text and "\x07" not in text,
           repr(text))
    expect("the cell is shown escaped, in the message and the source line",
           text.count("\\x1B]0;owned\\x07strng") >= 2, text)
    # attrc diff's text and markdown name values from the specs: escaped the same way
    for side, values in (("old", "'x' or 'y'"), ("new", "'x' or '\x1b[2Jz\x1b]0;t\x07'")):
        write(os.path.join(d, side + ".rst"),
              "=====\nTitle\n=====\n\nREST API impact\n===============\n\nGizmo resource:\n\n"
              ".. csv-table::\n   :header: Attribute,Type,Access,Validation\n\n"
              "   a,enum,\"RW, all\",\"%s\"\n" % values)
    for fmt in ("text", "markdown"):
        r = run(["diff", "--format", fmt, os.path.join(d, "old.rst"), os.path.join(d, "new.rst")])
        out = r.stdout.decode("utf-8", "replace") if r else ""
        expect("attrc diff --format %s: the changed enum shown, escaped" % fmt,
               r and r.returncode == 1 and "\x1b" not in out and "\x07" not in out and
               "[2Jz" in out, out + err(r))


def main():
    global ATTRC, INCLUDE
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    ATTRC, INCLUDE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    with tempfile.TemporaryDirectory(prefix="attrc-hardening-") as work:
        for t in (diff_from_subfolder, stems, config_names, c_clashes, escapes, special_files,
                  file_race, temporaries, terminal):
            n = len(FAILS)
            try:
                t(work)
            except Exception as e:  # an output a reader refuses, say
                FAILS.append("%s: %s: %s" % (t.__name__, type(e).__name__, e))
            print("%-20s %s" % (t.__name__, "ok" if len(FAILS) == n else "FAILED"))
    for f in FAILS:
        print("FAIL:", f)
    sys.exit(1 if FAILS else 0)


if __name__ == "__main__":
    main()
