#!/usr/bin/python3
"""attrc diff through git revisions gives what it gives on files and folders: each pair of
spec versions of the diff-* cases (old.rst/new.rst, or old/ and new/ folders) is
committed twice in a temporary repository (OLD, then NEW, under one path), and
`attrc diff HEAD~1:PATH HEAD:PATH` must list the same changes (class, kind, resource,
attribute, values) as `attrc diff OLD NEW`; and `attrc diff HEAD:PATH PATH` (the working
tree) lists none.  A csv-table :file: and an attrc.yaml are read from the revision too.
In every format, and from a subfolder, findings and diagnostics name REV:PATH (PATH from
the repository's top), never the temporary folder a revision is read into.  A side with
errors is compared all the same (exit 2 for errors in NEW), and a history whose middle
revisions have errors gives a comparison at every step.

usage: diff_git_test.py ATTRC
"""
import json, os, shutil, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))


def changes(attrc, old, new, cwd):
    r = subprocess.run([attrc, "diff", "--format", "json", "--fail-on", "never", old, new],
                       cwd=cwd, capture_output=True, text=True)
    if r.returncode not in (0, 2) or not r.stdout:  # 2: NEW has errors, compared still
        sys.exit("attrc diff %s %s: exit %d\n%s" % (old, new, r.returncode, r.stderr))
    return sorted((c["class"], c["kind"], c["resource"], c.get("attribute") or "",
                   c.get("old") or "", c.get("new") or "")
                  for c in json.loads(r.stdout)["changes"])


def git(repo, *args):
    subprocess.run(["git", "-c", "user.name=attrc", "-c", "user.email=attrc@example.invalid",
                    "-c", "commit.gpgsign=false"] + list(args), cwd=repo, check=True,
                   capture_output=True)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    attrc = os.path.abspath(sys.argv[1])
    if not shutil.which("git"):
        sys.exit("git is missing")
    cases = os.path.join(here, "cases")
    pairs = []
    for c in sorted(os.listdir(cases)):
        d = os.path.join(cases, c)
        expected = os.path.join(d, "expected.jsonl")
        if not c.startswith("diff-") or not os.path.exists(expected) or not open(expected).read():
            continue  # not a diff case, or an input error: no comparison to repeat
        if os.path.exists(os.path.join(d, "old.rst")):
            pairs.append((c, os.path.join(d, "old.rst"), os.path.join(d, "new.rst"), False))
        elif os.path.isdir(os.path.join(d, "old")):
            pairs.append((c, os.path.join(d, "old"), os.path.join(d, "new"), True))
    # and one with a csv-table :file: and a configuration, in a folder
    extra = tempfile.mkdtemp(prefix="attrc-diffgit-src-")
    for side, rows in (("old", "id,uuid,\"RO, all\"\nlevel,tristate,\"RW, all\"\n"),
                       ("new", "id,uuid,\"RO, all\"\nlevel,tristate,\"RO, all\"\n")):
        os.makedirs(os.path.join(extra, side, "data"))
        with open(os.path.join(extra, side, "valves.rst"), "w") as f:
            f.write("Valves\n======\n\nREST API impact\n---------------\n\nValve resource:\n\n"
                    ".. csv-table::\n   :header: Attribute,Type,Access\n   :file: data/valve.csv\n")
        with open(os.path.join(extra, side, "data", "valve.csv"), "w") as f:
            f.write(rows)
        with open(os.path.join(extra, side, "attrc.yaml"), "w") as f:
            f.write("types:\n  tristate: boolean\n")
    pairs.append(("file-and-config", os.path.join(extra, "old"), os.path.join(extra, "new"), True))
    failures = 0
    try:
        for name, old, new, is_dir in pairs:
            want = changes(attrc, old, new, here)
            repo = tempfile.mkdtemp(prefix="attrc-diffgit-")
            try:
                git(repo, "init", "-q")
                target = os.path.join(repo, "api") if is_dir else os.path.join(repo, "api.rst")
                for version in (old, new):
                    if os.path.isdir(target):
                        shutil.rmtree(target)
                    if is_dir:
                        shutil.copytree(version, target, copy_function=shutil.copy)
                    else:
                        shutil.copy(version, target)
                    git(repo, "add", "-A")
                    git(repo, "commit", "-q", "--allow-empty", "-m", "version")
                rel = "api" if is_dir else "api.rst"
                got = changes(attrc, "HEAD~1:" + rel, "HEAD:" + rel, repo)
                # the same version on both sides: nothing changed (what its errors hide
                # is said, on each side)
                none = [c for c in changes(attrc, "HEAD:" + rel, rel, repo)
                        if c[1] != "not-compared"]
                if got != want:
                    print("%s: through git %s\n  on files %s" % (name, got, want))
                    failures += 1
                if none:
                    print("%s: HEAD against the working tree: %s" % (name, none))
                    failures += 1
                if name == "file-and-config" and not want:
                    print("file-and-config: no change found")
                    failures += 1
                # every output names REV:path (from the repository's top), never the
                # temporary folder the revision was read into; diagnostics too
                os.makedirs(os.path.join(repo, "sub"), exist_ok=True)
                for fmt in ("text", "markdown", "json", "sarif"):
                    for cwd, arg in ((repo, rel), (os.path.join(repo, "sub"), "../" + rel)):
                        r = subprocess.run([attrc, "diff", "--format", fmt, "--fail-on",
                                            "never", "HEAD~1:" + arg, "HEAD:" + arg], cwd=cwd,
                                           capture_output=True, text=True)
                        out = r.stdout + r.stderr
                        named = ("HEAD:" + rel in out or "HEAD%3A" + rel in out
                                 or "HEAD~1:" + rel in out or "HEAD~1%3A" + rel in out)
                        if "attrc-diff-" in out or (want and not named):
                            print("%s: --format %s from %s names %s" % (
                                name, fmt, os.path.relpath(cwd, repo),
                                "a temporary folder" if "attrc-diff-" in out else "no REV:path"))
                            failures += 1
                if name == "file-and-config":  # last: it commits to the repository
                    failures += one_file(attrc, repo, want)
            finally:
                shutil.rmtree(repo)
    finally:
        shutil.rmtree(extra)
    failures += history(attrc)
    if failures:
        sys.exit(1)
    print("diff through git: %d pairs, the same changes as on files; a history with errors "
          "compared at every step" % len(pairs))


def one_file(attrc, repo, want):
    """REV:api/valves.rst, one file of a folder: its csv-table :file: data and its
    attrc.yaml come from the same revision (the same changes as the folders'), and an
    error in its data names REV:api/data/valve.csv, never the temporary copy."""
    failures = 0
    got = changes(attrc, "HEAD~1:api/valves.rst", "HEAD:api/valves.rst", repo)
    if got != want:
        print("one file of a revision: %s\n  as folders: %s" % (got, want))
        failures += 1
    csv = os.path.join(repo, "api", "data", "valve.csv")
    with open(csv, "a") as f:
        f.write("broken,strng,\"RW, all\"\n")
    git(repo, "commit", "-q", "-am", "a bad type in the data")
    r = subprocess.run([attrc, "diff", "--format", "json", "HEAD~1:api/valves.rst",
                        "HEAD:api/valves.rst"], cwd=repo, capture_output=True, text=True)
    where = [c["file"] for c in json.loads(r.stdout)["changes"]] if r.stdout else []
    if r.returncode != 2 or "HEAD:api/data/valve.csv:3:" not in r.stderr or \
            "attrc-diff-" in r.stdout + r.stderr or "HEAD:api/data/valve.csv" not in where:
        print("an error in a revision's csv-table data: exit %d, %s %s" % (
            r.returncode, where, r.stderr))
        failures += 1
    return failures


def history(attrc):
    """Five revisions of a spec, the middle three with errors (a spec being fixed): each
    step diffs, its findings and what it could not compare named REV:api.rst."""
    case = os.path.join(here, "cases", "diff-side-errors")
    good, broken = (open(os.path.join(case, n)).read() for n in ("old.rst", "new.rst"))
    half = broken.replace("strng", "string")  # one error of three fixed
    revisions = [good, broken, half, broken, good]
    repo = tempfile.mkdtemp(prefix="attrc-diffgit-history-")
    failures = 0
    try:
        git(repo, "init", "-q")
        for text in revisions:
            with open(os.path.join(repo, "api.rst"), "w") as f:
                f.write(text)
            git(repo, "add", "-A")
            git(repo, "commit", "-q", "--allow-empty", "-m", "version")
        n = len(revisions)
        for k in range(1, n):
            old, new = "HEAD~%d:api.rst" % (n - k), "HEAD~%d:api.rst" % (n - 1 - k)
            new = new.replace("HEAD~0", "HEAD")
            r = subprocess.run([attrc, "diff", "--format", "json", old, new], cwd=repo,
                               capture_output=True, text=True)
            doc = json.loads(r.stdout) if r.stdout else None
            want_status = 2 if revisions[k] != good else 0  # an OLD with errors fails nothing
            if doc is None or r.returncode != want_status:
                print("history step %d: exit %d (want %d), %s" % (
                    k, r.returncode, want_status, "no comparison" if doc is None else "compared"))
                failures += 1
                continue
            kinds = {c["kind"] for c in doc["changes"]}
            files = {c["file"] for c in doc["changes"]}
            side_errors = revisions[k] != good or revisions[k - 1] != good
            if side_errors and "not-compared" not in kinds:
                print("history step %d: errors on a side, but nothing is said not compared" % k)
                failures += 1
            if not files <= {old, new} or (side_errors and new.split(":")[0] + ":api.rst"
                                             not in r.stderr and revisions[k] != good):
                print("history step %d: findings or diagnostics not named REV:api.rst: %s" % (
                    k, sorted(files)))
                failures += 1
    finally:
        shutil.rmtree(repo)
    return failures


if __name__ == "__main__":
    main()
