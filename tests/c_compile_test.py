#!/usr/bin/python3
"""The C that attrc compile --emit c writes compiles and links against the runtime:
for specs/ and every spec of ../shared/corpus and ../shared/corpus-nfv that compiles,
with gcc and clang as C99 and with g++ and clang++ as C++11, each with -Wall -Wextra
-Wpedantic -Werror, and links (with a main that looks every resource and every structure
up in its registry, and checks {} as each structure) against libattrc.

In a sanitizer build (--sanitize LIST), the library is instrumented: every compiler still
compiles the code, and the ones of the build's family (--family gcc|clang) link it with
the same -fsanitize options.

usage: c_compile_test.py ATTRC INCLUDE_DIR LIBATTRC_A [--sanitize LIST --family gcc|clang]
"""
import glob, os, shutil, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(here)
COMPILERS = [("gcc", ["-x", "c", "-std=c99"]), ("clang", ["-x", "c", "-std=c99"]),
             ("g++", ["-x", "c++", "-std=c++11"]), ("clang++", ["-x", "c++", "-std=c++11"])]
FLAGS = ["-Wall", "-Wextra", "-Wpedantic", "-Werror", "-O1"]

MAIN = r'''#include "%(stem)s.h"
#include <stdio.h>
int main(void)
{
    int n = 0, ns = 0;
    for (const attrc_resource *const *r = %(ident)s_resources; *r; r++, n++)
        if (attrc_find_resource(%(ident)s_resources, (*r)->member) != *r)
            return 1;
    for (const attrc_struct *const *s = %(ident)s_structs; *s; s++, ns++) {
        attrc_report rep;
        attrc_report_init(&rep);
        json_t *empty = json_object();
        int rc = attrc_validate_struct(*s, empty, &rep);
        json_decref(empty);
        /* {} is valid exactly when the structure has no required member */
        int required = 0;
        for (size_t k = 0; k < (*s)->nmembers; k++)
            required |= ((*s)->members[k].flags & ATTRC_REQUIRED) != 0;
        if (attrc_find_struct(%(ident)s_structs, (*s)->name) != *s || (rc != 0) != required)
            return 1;
    }
    printf("%%d %%d\n", n, ns);
    return 0;
}
'''


def c_ident(stem):
    """SPEC as attrc names it in SPEC_resources, SPEC_structs (docs/validators.md)."""
    s = "".join(c if c.isascii() and (c.isalnum()) else "_" for c in stem)
    s = "n_" + s if s[0].isdigit() else s
    while "__" in s:
        s = s.replace("__", "_")
    return s


def build_args(argv, usage):
    """ATTRC INCLUDE_DIR LIBATTRC_A [--sanitize LIST --family gcc|clang], as the build gives
    them: the three paths, the -fsanitize flags of the build ([] for none) and its compiler
    family (None when not given)."""
    args = list(argv)
    sanitize, family = None, None
    if "--sanitize" in args:
        i = args.index("--sanitize")
        sanitize = args[i + 1]
        del args[i:i + 2]
    if "--family" in args:
        i = args.index("--family")
        family = args[i + 1]
        del args[i:i + 2]
    if len(args) != 3:
        sys.exit(usage)
    attrc, inc, lib = (os.path.abspath(x) for x in args)
    san = ["-fsanitize=" + sanitize] if sanitize and sanitize != "none" else []
    return attrc, inc, lib, san, family


def main():
    attrc, inc, lib, san, family = build_args(sys.argv[1:], __doc__)
    specs = sorted(glob.glob(os.path.join(top, "specs", "*.rst")))
    for name in ("corpus", "corpus-nfv"):
        corpus = os.path.join(top, "..", "shared", name)
        if os.path.isdir(corpus):
            specs += sorted(os.path.join(d, f) for d, _, fs in os.walk(corpus) for f in fs
                            if f.endswith(".rst"))
    compilers = [(cc, opts) for cc, opts in COMPILERS if shutil.which(cc)]
    missing = [cc for cc, _ in COMPILERS if not shutil.which(cc)]
    if missing:
        sys.exit("missing compilers: %s (tools/setup installs them)" % ", ".join(missing))
    failures, built, with_resources, with_structs, empty_done = [], 0, 0, 0, False
    work = tempfile.mkdtemp(prefix="attrc-c-")
    try:
        for i, spec in enumerate(specs):
            out = os.path.join(work, str(i))
            r = subprocess.run([attrc, "compile", "--emit", "c", "-o", out, spec],
                               capture_output=True, text=True)
            if r.returncode == 1:
                continue  # a spec with errors writes nothing
            if r.returncode != 0:
                failures.append("%s: exit status %d %s" % (spec, r.returncode, r.stderr))
                continue
            stem = os.path.splitext(os.path.basename(spec))[0]
            d = os.path.join(out, stem)
            with open(os.path.join(d, stem + ".c")) as f:
                text = f.read()
                empty = "_resources[] = {NULL};" in text and "_structs[] = {NULL};" in text
            if empty and empty_done:
                continue  # one spec without resources is enough for that case
            empty_done |= empty
            with open(os.path.join(d, "main.c"), "w") as f:
                f.write(MAIN % {"stem": stem, "ident": c_ident(stem)})
            expect = None
            for cc, opts in compilers:
                exe = os.path.join(d, "t-" + cc)
                objs = []
                for src in (stem + ".c", "main.c"):
                    obj = os.path.join(d, src + "." + cc + ".o")
                    r = subprocess.run([cc] + opts + FLAGS + san + ["-I" + inc, "-I" + d, "-c",
                                       os.path.join(d, src), "-o", obj],
                                       capture_output=True, text=True)
                    if r.returncode:
                        failures.append("%s with %s: %s" % (spec, cc, r.stderr[:2000]))
                    objs.append(obj)
                if san and ("clang" if cc.startswith("clang") else "gcc") != family:
                    continue  # another family's sanitizer runtime: compiled, not linked
                r = subprocess.run([cc, "-o", exe] + san + objs + [lib, "-ljansson", "-lm"],
                                   capture_output=True, text=True)
                if r.returncode:
                    failures.append("%s: linking with %s: %s" % (spec, cc, r.stderr[:2000]))
                    continue
                r = subprocess.run([exe], capture_output=True, text=True)
                if r.returncode:
                    failures.append("%s: the registry of %s is wrong" % (spec, cc))
                expect = r.stdout.strip()
            built += 1
            with_resources += expect is not None and expect.split()[0] != "0"
            with_structs += expect is not None and expect.split()[-1] != "0"
    finally:
        shutil.rmtree(work)
    if failures:
        print("\n".join(failures[:20]))
        sys.exit(1)
    print("generated C: %d specs (%d with resources, %d with structures) compiled by %s and "
          "linked" % (built, with_resources, with_structs,
                      ", ".join(cc for cc, _ in compilers)))


if __name__ == "__main__":
    main()
