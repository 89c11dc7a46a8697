#!/usr/bin/python3
"""attrc diff in review, as a reviewer's CI runs it on a git repository:

- --format github: one workflow command a finding (::error for breaking, ::warning,
  ::notice for info and accepted ones), file= the path in the repository (not REV:), line=
  the line a reviewer comments on: the old file's for a removal, the new file's for an
  addition or a change; --format gerrit: Zuul's file comments, {PATH: [{line, message}]};
  --format junit: XML that a JUnit reader parses, a failure a breaking finding.
- Fingerprints: the same finding keeps its fingerprint when unrelated edits move it
  (lines above it, another attribute, another resource); SARIF carries them as
  partialFingerprints and is valid SARIF 2.1.0.
- Accepted breaks: `accept:` in the new side's attrc.yaml, fingerprint and reason; an
  accepted finding is shown as accepted (SARIF: a suppression) and does not fail
  --fail-on; when all are accepted the exit status is 0; an entry that matches nothing is
  a warning at its line.

usage: diff_review_test.py ATTRC
"""
import json, os, re, shutil, subprocess, sys, tempfile
import xml.etree.ElementTree as ET

import jsonschema

from diff_git_test import git

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(here)

HEAD = """======
Gizmos
======

REST API impact
===============
"""

TABLE = """
The {Name} resource has these attributes:

.. csv-table::
   :header: Attribute,Type,Access,Default,Validation,Description

{rows}"""


def spec(resources, pad=0):
    """A spec of resources {name: [rows]}; `pad` blank paragraphs move every table down."""
    text = HEAD + "".join("\nPadding paragraph %d.\n" % k for k in range(pad))
    for name, rows in resources.items():
        text += TABLE.format(Name=name.capitalize(), rows="".join("   " + r + "\n" for r in rows))
    return text


GIZMO_OLD = ['id,uuid,"RO, all",generated,,identity', "name,string,\"RW, all\",'',max 32,name",
             'colour,string,"RW, all",red,"\'red\' or \'blue\'",colour',
             'legacy,string,"RW, all",\'\',,to be removed']
GIZMO_NEW = ['id,uuid,"RO, all",generated,,identity', "name,string,\"RW, all\",'',max 16,name",
             'colour,string,"RW, all",red,"\'red\' or \'blue\'",colour',
             'size,integer,"RW, all",1,1 to 10,added']


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    attrc = os.path.abspath(sys.argv[1])
    failures = []
    repo = tempfile.mkdtemp(prefix="attrc-review-")

    def commit(text, config=None):
        os.makedirs(os.path.join(repo, "specs"), exist_ok=True)
        with open(os.path.join(repo, "specs", "gizmos.rst"), "w") as f:
            f.write(text)
        cfg = os.path.join(repo, "specs", "attrc.yaml")
        if config is not None:
            with open(cfg, "w") as f:
                f.write(config)
        elif os.path.exists(cfg):
            os.unlink(cfg)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "--allow-empty", "-m", "v")

    def diff(fmt, *extra):
        r = subprocess.run([attrc, "diff", "--format", fmt] + list(extra) +
                           ["HEAD~1:specs", "HEAD:specs"], cwd=repo, capture_output=True,
                           text=True)
        return r.returncode, r.stdout, r.stderr

    try:
        git(repo, "init", "-q")
        commit(spec({"gizmo": GIZMO_OLD}))
        commit(spec({"gizmo": GIZMO_NEW}))
        rc, js, _ = diff("json")
        found = {(c["kind"], c["attribute"]): c for c in json.loads(js)["changes"]}
        removed = found[("attribute-removed", "legacy")]
        tightened = found[("max-length-tightened", "name")]
        # the line a reviewer comments on: the old file's for a removal
        if (removed["file"], removed["line"]) != ("HEAD~1:specs/gizmos.rst", 16) or \
                (tightened["file"], tightened["line"]) != ("HEAD:specs/gizmos.rst", 14):
            failures.append("where: removal %s:%s, change %s:%s" % (
                removed["file"], removed["line"], tightened["file"], tightened["line"]))

        # github
        rc, out, _ = diff("github")
        lines = out.splitlines()
        pat = re.compile(r"^::(error|warning|notice) file=([^,]*),line=(\d+),title=([^:]*)::(.*)$")
        parsed = [pat.match(l) for l in lines]
        if rc != 1 or len(lines) != len(found) or not all(parsed):
            failures.append("github: exit %d, %r" % (rc, lines))
        else:
            where = {(m.group(2), int(m.group(3))) for m in parsed}
            if ("specs/gizmos.rst", 16) not in where or ("specs/gizmos.rst", 14) not in where:
                failures.append("github: the lines %r" % sorted(where))
            if not any(m.group(1) == "error" and "max-length-tightened" in m.group(4)
                       for m in parsed):
                failures.append("github: no ::error for the breaking change")
        # gerrit
        rc, out, _ = diff("gerrit")
        comments = json.loads(out)
        if list(comments) != ["specs/gizmos.rst"] or \
                sorted(c.get("line") for c in comments["specs/gizmos.rst"]) != \
                sorted(c["line"] for c in found.values()) or \
                not all(isinstance(c["message"], str) for c in comments["specs/gizmos.rst"]):
            failures.append("gerrit: %r" % comments)
        # junit
        rc, out, _ = diff("junit")
        suite = ET.fromstring(out).find("testsuite")
        cases = suite.findall("testcase")
        breaking = sum(1 for c in found.values() if c["class"] == "breaking")
        if len(cases) != len(found) or int(suite.get("failures")) != breaking or \
                len([c for c in cases if c.find("failure") is not None]) != breaking:
            failures.append("junit: %s" % out[:500])

        # fingerprints survive unrelated edits: lines move, another attribute and resource
        fps = {k: c["fingerprint"] for k, c in found.items()}
        commit(spec({"widget": ['id,uuid,"RO, all",generated,,other'],
                     "gizmo": GIZMO_OLD + ['extra,boolean,"RW, all",false,,unrelated']}, pad=3))
        commit(spec({"widget": ['id,uuid,"RO, all",generated,,other'],
                     "gizmo": GIZMO_NEW + ['extra,boolean,"RW, all",false,,unrelated']}, pad=5))
        rc, js, _ = diff("json")
        moved = {(c["kind"], c["attribute"]): c for c in json.loads(js)["changes"]}
        again = {k: c["fingerprint"] for k, c in moved.items() if k in fps}
        if again != fps or moved[("max-length-tightened", "name")]["line"] == 14:
            failures.append("fingerprints moved with unrelated edits: %r vs %r" % (again, fps))
        rc, out, _ = diff("sarif")
        sarif = json.loads(out)
        with open(os.path.join(here, "schemas", "sarif-schema-2.1.0.json")) as f:
            jsonschema.validate(sarif, json.load(f))
        got = {r["partialFingerprints"]["attrcFinding/v1"] for r in sarif["runs"][0]["results"]}
        if not set(fps.values()) <= got:
            failures.append("sarif: partialFingerprints %r" % got)

        # accepted breaks
        breaking_fps = [c["fingerprint"] for c in found.values() if c["class"] == "breaking"]
        accept = "accept:\n" + "".join(
            "  - fingerprint: %s\n    reason: the project decided so\n" % fp for fp in breaking_fps)
        commit(spec({"gizmo": GIZMO_OLD}))
        commit(spec({"gizmo": GIZMO_NEW}), accept + "  - fingerprint: 0123456789abcdef\n"
                                                    "    reason: no longer there\n")
        rc, out, err = diff("text")
        if rc != 0 or out.count("accepted: the project decided so") != len(breaking_fps) or \
                "HEAD:specs/attrc.yaml:" not in err or "[accepted-unused]" not in err:
            failures.append("accepted: exit %d\n%s\n%s" % (rc, out, err))
        rc, out, _ = diff("sarif")
        sup = [r for r in json.loads(out)["runs"][0]["results"] if r.get("suppressions")]
        if len(sup) != len(breaking_fps):
            failures.append("accepted in sarif: %d suppressions" % len(sup))
        rc, out, _ = diff("github")
        if rc != 0 or "::error" in out:
            failures.append("accepted in github: exit %d, %s" % (rc, out))
        rc, out, _ = diff("junit")
        if rc != 0 or ET.fromstring(out).find("testsuite").get("skipped") != str(len(breaking_fps)):
            failures.append("accepted in junit: %s" % out[:300])
        # one left out: it fails again
        commit(spec({"gizmo": GIZMO_OLD}))
        commit(spec({"gizmo": GIZMO_NEW}), "accept:\n  - fingerprint: %s\n    reason: r\n"
               % breaking_fps[0])
        rc, out, _ = diff("text")
        if rc != 1 or len(breaking_fps) > 1 and "(1 accepted)" not in out:
            failures.append("one accepted of several: exit %d\n%s" % (rc, out))
    finally:
        shutil.rmtree(repo, ignore_errors=True)
    for f in failures:
        print("FAIL: " + f)
    print("diff in review: %d failures" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
