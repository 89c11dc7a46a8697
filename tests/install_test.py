#!/usr/bin/python3
"""meson install gives a service what it needs: the header, libattrc (static and
shared) and attrc.pc; a program built with `pkg-config --cflags --libs attrc` from the
installed files and the generated C of specs/endpoints.rst validates a request.

usage: install_test.py BUILD_DIR ATTRC
"""
import glob, os, shutil, subprocess, sys, tempfile

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAIN = r'''#include "endpoints.h"
#include <stdio.h>
int main(void)
{
    const attrc_resource *r = attrc_find_resource(endpoints_resources, "endpoint");
    json_t *body = json_loads("{\"endpoint\": {\"network_id\": "
                              "\"3f1f8a3e-0c5d-4a57-9d8b-7a1e2f3c4d5e\", \"priority\": 3}}", 0, NULL);
    json_t *attrs;
    attrc_report rep;
    attrc_report_init(&rep);
    attrc_caller who = {0, 1};
    if (!r || attrc_unwrap(r, body, &attrs, &rep) || attrc_validate(r, ATTRC_CREATE, attrs, &who, &rep))
        return 1;
    printf("%s %s\n", attrc_version(), json_object_get(attrs, "protocol") ? "defaults" : "none");
    json_decref(body);
    return 0;
}
'''


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    build, attrc = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    if not shutil.which("pkg-config"):
        sys.exit("pkg-config is missing (tools/setup installs it)")
    w = tempfile.mkdtemp(prefix="attrc-install-")
    try:
        dest = os.path.join(w, "root")
        subprocess.run(["meson", "install", "-C", build, "--destdir", dest, "--no-rebuild",
                        "--quiet"], check=True, capture_output=True)
        pcs = glob.glob(os.path.join(dest, "**", "attrc.pc"), recursive=True)
        heads = glob.glob(os.path.join(dest, "**", "attrc", "attrc.h"), recursive=True)
        libs = glob.glob(os.path.join(dest, "**", "libattrc.*"), recursive=True)
        if len(pcs) != 1 or len(heads) != 1 or not any(l.endswith(".a") for l in libs) \
                or not any(".so" in l for l in libs):
            sys.exit("installed: %s" % sorted(pcs + heads + libs))
        env = dict(os.environ, PKG_CONFIG_PATH=os.path.dirname(pcs[0]),
                   PKG_CONFIG_SYSROOT_DIR=dest)
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", "--static", "attrc"],
                               env=env, capture_output=True, text=True, check=True).stdout.split()
        gen = os.path.join(w, "gen")
        subprocess.run([attrc, "compile", "--emit", "c", "-o", gen,
                        os.path.join(top, "specs", "endpoints.rst")], check=True)
        d = os.path.join(gen, "endpoints")
        with open(os.path.join(d, "main.c"), "w") as f:
            f.write(MAIN)
        exe = os.path.join(w, "service")
        # the static library, so that the program does not need the shared one at run time
        r = subprocess.run(["cc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-o", exe,
                            os.path.join(d, "main.c"), os.path.join(d, "endpoints.c"),
                            "-I" + d] + [f for f in flags if not f.startswith("-l")] +
                           [glob.glob(os.path.join(dest, "**", "libattrc.a"), recursive=True)[0],
                            "-ljansson", "-lm"], capture_output=True, text=True)
        if r.returncode:
            sys.exit("building against the installed files: " + r.stderr)
        out = subprocess.run([exe], capture_output=True, text=True)
        if out.returncode or "defaults" not in out.stdout:
            sys.exit("the service program: %d %s" % (out.returncode, out.stdout + out.stderr))
        print("install: header, libattrc.a, libattrc.so, attrc.pc; a program built from them "
              "validates a request (%s)" % out.stdout.strip())
    finally:
        shutil.rmtree(w)


main()
