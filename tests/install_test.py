#!/usr/bin/python3
"""meson install gives a service what it needs: the header, libattrc (static and
shared) and attrc.pc; a program built with `pkg-config --cflags --libs attrc` from the
installed files and the generated C of specs/endpoints.rst validates a request.

The runtime ABI (docs/validators.md "ABI"): the shared library exports the functions the
header marks ATTRC_API and nothing else, under the soname libattrc.so.ATTRC_ABI; its
version is the header's; attrc.pc asks for jansson >= 2.14.  A generated file of another
table ABI gets a clear error, never a misread: at compile time (the #error its header
carries), and, linked against the installed shared library, at run time (attrc_check_abi,
attrc_validate and attrc_unwrap refuse it with abi-mismatch, 500; attrc_find_resource does
not read it; attrc_filter_response shows nothing).

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

# A program with tables of another ABI (its numbers edited, as a file from an older attrc
# that an older header built would carry): every entry point refuses them, saying why.
ABI_MAIN = r'''#include "endpoints.h"
#include <stdio.h>
#include <string.h>
int main(void)
{
    attrc_report rep;
    attrc_report_init(&rep);
    if (attrc_check_abi(endpoints_resources, &rep) != -1 || rep.count != 1)
        return 10;
    printf("check_abi %d %s: %s\n", rep.errors[0].status,
           attrc_code_name(rep.errors[0].code), rep.errors[0].message);
    if (attrc_find_resource(endpoints_resources, "endpoint") != NULL)
        return 11;
    json_t *body = json_loads("{\"endpoint\": {\"priority\": 3}}", 0, NULL), *attrs = NULL;
    attrc_report_init(&rep);
    if (attrc_unwrap(&endpoints_endpoint, body, &attrs, &rep) != -1 ||
        attrc_report_status(&rep) != 500)
        return 12;
    attrc_report_init(&rep);
    attrc_caller admin = {1, 1};
    if (attrc_validate(&endpoints_endpoint, ATTRC_CREATE, json_object_get(body, "endpoint"),
                       &admin, &rep) != -1 || rep.errors[0].code != ATTRC_E_ABI)
        return 13;
    json_t *shown = json_pack("{s:s, s:i}", "name", "a", "priority", 3);
    attrc_filter_response(&endpoints_endpoint, shown, &admin);
    if (json_object_size(shown) != 0)
        return 14;
    printf("validate %d %s\n", attrc_report_status(&rep), attrc_code_name(rep.errors[0].code));
    json_decref(shown);
    json_decref(body);
    return 0;
}
'''
# The version macros and the library's version are one.
VERSION_MAIN = r'''#include <attrc/attrc.h>
#include <stdio.h>
#include <string.h>
int main(void)
{
    char v[32];
    snprintf(v, sizeof v, "%d.%d.%d", ATTRC_VERSION_MAJOR, ATTRC_VERSION_MINOR,
             ATTRC_VERSION_PATCH);
    if (strcmp(v, attrc_version()) != 0 ||
        ATTRC_VERSION_HEX != ((ATTRC_VERSION_MAJOR << 16) | (ATTRC_VERSION_MINOR << 8) |
                              ATTRC_VERSION_PATCH))
        return 1;
    printf("%s %06x abi %d\n", v, ATTRC_VERSION_HEX, ATTRC_ABI);
    return 0;
}
'''


def public_functions(header):
    """The functions the header marks ATTRC_API."""
    import re
    return set(re.findall(r"^ATTRC_API [^(]*?\b(attrc_\w+)\(", open(header).read(), re.M))


def abi_checks(w, dest, heads, env, gen_dir, flags):
    """The exported symbols, the soname, attrc.pc, and a file of another ABI (module doc)."""
    so = [l for l in glob.glob(os.path.join(dest, "**", "libattrc.so.*"), recursive=True)
          if not os.path.islink(l)]
    nm = subprocess.run(["nm", "-D", "--defined-only", so[0]], capture_output=True, text=True,
                        check=True).stdout.split("\n")
    exported = {l.split()[-1] for l in nm if len(l.split()) == 3 and l.split()[1] in "TDRB"}
    want = public_functions(heads[0])
    if exported != want:
        sys.exit("libattrc.so exports %s; the header's ATTRC_API functions are %s" % (
            sorted(exported - want), sorted(want - exported)))
    dyn = subprocess.run(["readelf", "-d", so[0]], capture_output=True, text=True).stdout
    header = open(heads[0]).read()
    abi = int(header.split("#define ATTRC_ABI ")[1].split()[0])
    if "libattrc.so.%d]" % abi not in dyn:
        sys.exit("the soname is not libattrc.so.%d (ATTRC_ABI): %s" % (
            abi, [l for l in dyn.split("\n") if "SONAME" in l]))
    req = subprocess.run(["pkg-config", "--print-requires", "attrc"], env=env,
                         capture_output=True, text=True, check=True).stdout
    if "jansson >= 2.14" not in req:
        sys.exit("attrc.pc requires %r, not jansson >= 2.14" % req)
    libdir = os.path.dirname(so[0])
    cflags = [f for f in flags if not f.startswith("-l")]
    # the version macros
    exe = os.path.join(w, "version")
    src = os.path.join(w, "version.c")
    with open(src, "w") as f:
        f.write(VERSION_MAIN)
    subprocess.run(["cc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-o", exe, src] + cflags +
                   ["-L" + libdir, "-lattrc", "-ljansson"], check=True)
    version = subprocess.run([exe], env=dict(os.environ, LD_LIBRARY_PATH=libdir),
                             capture_output=True, text=True)
    if version.returncode:
        sys.exit("the header's version macros are not the library's version")
    # an older header's file against this header: the #error of its own header, at once
    old = os.path.join(w, "old")
    shutil.copytree(gen_dir, old)
    h = os.path.join(old, "endpoints.h")
    text = open(h).read()
    open(h, "w").write(text.replace("ATTRC_ABI < %d || ATTRC_ABI_MIN > %d" % (abi, abi),
                                    "ATTRC_ABI < %d || ATTRC_ABI_MIN > %d" % (abi - 1, abi - 1))
                       .replace("for table ABI %d" % abi, "for table ABI %d" % (abi - 1)))
    r = subprocess.run(["cc", "-std=c99", "-c", "-o", os.path.join(w, "old.o"),
                        os.path.join(old, "endpoints.c"), "-I" + old] + cflags,
                       capture_output=True, text=True)
    if r.returncode == 0 or "generated by attrc" not in r.stderr or \
            "run attrc compile again" not in r.stderr:
        sys.exit("a generated file of ABI %d built against ABI %d's header: %s" % (
            abi - 1, abi, r.stderr or "no error"))
    # its tables, built, linked against the installed shared library: refused at run time
    c = os.path.join(old, "endpoints.c")
    source = open(c).read()
    if "ATTRC_RESOURCE(%d, " % abi not in source:
        sys.exit("no ATTRC_RESOURCE(%d, ...) in the generated C" % abi)
    open(c, "w").write(source.replace("ATTRC_RESOURCE(%d, " % abi,
                                      "ATTRC_RESOURCE(%d, " % (abi - 1)))
    open(h, "w").write(text)
    with open(os.path.join(old, "main.c"), "w") as f:
        f.write(ABI_MAIN)
    exe = os.path.join(w, "old-service")
    subprocess.run(["cc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-o", exe,
                    os.path.join(old, "main.c"), c, "-I" + old] + cflags +
                   ["-L" + libdir, "-lattrc", "-ljansson"], check=True)
    run = subprocess.run([exe], env=dict(os.environ, LD_LIBRARY_PATH=libdir),
                         capture_output=True, text=True)
    said = "generated for table ABI %d; libattrc" % (abi - 1)
    if run.returncode or said not in run.stdout or "500 abi-mismatch" not in run.stdout:
        sys.exit("tables of ABI %d with the ABI %d library: exit %d, %s" % (
            abi - 1, abi, run.returncode, run.stdout + run.stderr))
    return "%d exported functions, soname libattrc.so.%d, %s; ABI %d file: %s" % (
        len(exported), abi, version.stdout.strip(), abi - 1,
        run.stdout.strip().split("\n")[0])


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
        abi = abi_checks(w, dest, heads, env, d, flags)
        print("install: header, libattrc.a, libattrc.so, attrc.pc; a program built from them "
              "validates a request (%s); %s" % (out.stdout.strip(), abi))
    finally:
        shutil.rmtree(w)


main()
