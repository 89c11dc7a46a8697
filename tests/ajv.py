"""ajv from the suite's tests: tests/node/ajv_check.js on a set of schemas, example bodies
and patterns (its usage says the shape of `cases`)."""
import json, os, shutil, subprocess

here = os.path.dirname(os.path.abspath(__file__))


def check(work, cases):
    """Runs ajv_check.js on `cases` (written into folder `work`): its output, and an error
    message, or None when every schema compiled and every example had its verdict."""
    node = shutil.which("node")
    if not node or not os.path.isdir(os.path.join(here, "node", "node_modules", "ajv")):
        return "", "node or ajv is missing: run tools/setup (npm ci in tests/node)"
    path = os.path.join(work, "ajv-cases.json")
    with open(path, "w") as fh:
        json.dump(cases, fh)
    r = subprocess.run([node, os.path.join(here, "node", "ajv_check.js"), path],
                       capture_output=True, text=True)
    return r.stdout.strip(), ("ajv:\n" + r.stdout + r.stderr) if r.returncode else None
