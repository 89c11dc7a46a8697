#!/usr/bin/python3
"""The Neutron dialect against neutron-lib: the C validators of tests/cases/dialect-neutron
(compiled with --dialect neutron) and Debian's python3-neutron-lib, its validators and
converters called directly, on generated values of every type the dialect covers.

For each attribute of that spec, neutron-lib's pair (docs/validators.md "The Neutron
dialect": PAIRS below) runs as Neutron's API layer runs it (AttributeInfo.convert_values:
the converter, then the validator on what it gave; an exception is a refusal).  The C
program (built against libattrc) validates {ATTRIBUTE: value} as an update by an admin
and prints the verdict and the value as attrc_validate left it.  Both must agree on the
verdict and, when accepted, on the converted value (as JSON: true is not 1, 1 is not
1.0).  Bodies of several attributes check the rest of the design: a valid body has every
value converted, a body with one invalid value is refused and left exactly as it came.

The kinds of disagreement docs/validators.md lists (neutron-lib quirks attrc does not
copy) are counted apart by DOCUMENTED; any other fails the test.  The neutron-dialect JSON
Schema's verdicts (python3-jsonschema) are compared with neutron-lib's acceptance where
the schema can say it (schema_skip says where it cannot), and ajv's (strict mode) too.  Prints the figures: values
per type, agreements, documented and other disagreements.  Skipped (77), saying so, where
neutron_lib does not import.

usage: neutron_dialect_test.py ATTRC INCLUDE_DIR LIBATTRC_A [--sanitize LIST --family F]
"""
import collections, copy, json, os, random, shutil, subprocess, sys, tempfile, uuid

here = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, here)
import ajv  # noqa: E402

SPEC = os.path.join(here, "cases", "dialect-neutron", "spec.rst")

HARNESS = r"""
#include <attrc/attrc.h>
#include "spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char line[1 << 21];

/* each line an object of attributes: "ok ATTRS" (as attrc_validate left them) or
 * "no CODE SAME" (SAME: 1 when the attributes are as they came) */
int main(void)
{
    const attrc_caller admin = {1, 1};
    while (fgets(line, sizeof line, stdin)) {
        attrc_report rep;
        attrc_report_init(&rep);
        json_t *attrs = NULL;
        if (attrc_parse_body(line, strlen(line), NULL, &attrs, &rep) != 0) {
            printf("parse %s\n", attrc_code_name(rep.errors[0].code));
            continue;
        }
        json_t *before = json_deep_copy(attrs);
        if (attrc_validate(&spec_gizmo, ATTRC_UPDATE, attrs, &admin, &rep) == 0) {
            char *t = json_dumps(attrs, JSON_COMPACT | JSON_SORT_KEYS);
            printf("ok %s\n", t);
            free(t);
        } else {
            printf("no %s %d\n", attrc_code_name(rep.errors[0].code), json_equal(before, attrs));
        }
        json_decref(before);
        json_decref(attrs);
    }
    return 0;
}
"""


def skip(why):
    print("SKIP: " + why)
    sys.exit(77)


try:
    from neutron_lib.api import converters as C
    from neutron_lib.api import validators as V
except Exception as e:  # ImportError, or a broken install
    skip("neutron_lib does not import with %s (%s: %s); install python3-neutron-lib"
         % (sys.executable, type(e).__name__, e))

# attribute -> (type, converter, validator, validator's argument): neutron-lib's pair for
# the attribute's row of the spec (its description names it)
PAIRS = {
    "network_id": ("uuid", None, V.validate_uuid, None),
    "qos_policy_id": ("uuid or None", None, V.validate_uuid_or_none, None),
    "name": ("string, max 8", None, V.validate_string, 8),
    "admin_state_up": ("boolean", C.convert_to_boolean, None, None),
    "mtu": ("integer 68-9000", C.convert_to_int, V.validate_range, [68, 9000]),
    "retries": ("integer >= 0 or None", C.convert_to_int_if_not_none, V.validate_range_or_none,
                [0, None]),
    "ip_version": ("integer 4/6", C.convert_to_int, V.validate_values, [4, 6]),
    "status": ("enum", None, V.validate_values, ["ACTIVE", "DOWN"]),
    "mac_address": ("mac", C.convert_to_sanitized_mac_address, V.validate_mac_address, None),
    "fixed_ip": ("ip or None", None, V.validate_ip_address_or_none, None),
    "cidr": ("subnet", None, V.validate_subnet, None),
    "security_groups": ("list of uuid", C.convert_none_to_empty_list, V.validate_uuid_list, None),
    "tags": ("list of string", C.convert_none_to_empty_list, V.validate_list_of_unique_strings,
             None),
    "subnets": ("list of subnet", C.convert_none_to_empty_list, V.validate_subnet_list, None),
    "binding_profile": ("dict", None, V.validate_dict, None),
}


def neutron(attr, value):
    """neutron-lib's verdict and converted value: (True, value) or (False, None)."""
    _, conv, val, arg = PAIRS[attr]
    v = copy.deepcopy(value)
    try:
        if conv:
            v = conv(v)
        if val and val(v, arg) is not None:
            return False, None
    except Exception:  # InvalidInput, or any error the API layer would answer with
        return False, None
    return True, v


def as_json(v):
    return json.dumps(v, sort_keys=True)


# ---- values ----

def py_digits():
    return ["\u0663", "\u0661\u0662\u0668", "\uff15"]  # Arabic-Indic, fullwidth


def values_common():
    return [None, True, False, 0, 1, -1, 2, 1.0, 0.0, 1.5, "", " ", [], {}, [1], {"a": 1}]


def values_boolean(rng):
    words = ["1", "t", "true", "on", "y", "yes", "0", "f", "false", "off", "n", "no"]
    out = values_common() + words + ["2", "truee", "tru", "yes!", "1.0", "0x1", "-1", "+1",
                                     "ye", "o", "of", "nope", "\u0661", "t\u200b", "\x11",
                                     "\x10", "\x14", "\x19\x05\x13", "TRUE\x00"[:4],
                                     "\u0130", "\u212a"]
    spaces = [" ", "\t", "\n", "\r\n", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0",
              "\u3000", "\u2028", "\u200b", "\ufeff", "\x00"[:0]]
    for _ in range(150):
        w = rng.choice(words + ["maybe", "yess", "nn"])
        w = "".join(ch.upper() if rng.random() < 0.5 else ch for ch in w)
        out.append(rng.choice(spaces) + w + rng.choice(spaces))
    return out


def values_integer(rng, lo, hi):
    out = values_common() + [lo, hi, lo - 1, hi + 1, lo + 0.5, lo - 0.5, hi + 0.99, hi + 1.0,
                             lo - 1.0 + 0.01, -0.5, -1.5, 4, 6, 4.0, 6.9, 5, 3.99, 1e300,
                             -1e300, 9.2e18, 2 ** 62, -(2 ** 62)]
    texts = ["%d" % lo, "%d" % hi, " %d " % lo, "+%d" % hi, "-%d" % lo, "0%d" % lo,
             "%d_0" % (lo // 10 or 1), "_%d" % lo, "%d_" % lo, "1__0", "0x10", "1e3", "1.0",
             "4", "6", " 6\n", "\t4\r", "\xa04", "4\u3000", "\x1c4", "4\x1f", "4 4", "--4",
             "+-4", "0" * 4300 + "4", "0" * 4301 + "4", "9" * 19, "9" * 25,
             "-" + "9" * 19] + py_digits()
    out += texts
    for _ in range(120):
        n = rng.randint(-20000, 20000)
        s = str(n)
        r = rng.random()
        if r < 0.2:
            s = " " * rng.randint(0, 2) + s + "\t" * rng.randint(0, 2)
        elif r < 0.35 and len(s.lstrip("-")) > 1:
            d = s.lstrip("-")
            k = rng.randint(1, len(d) - 1)
            s = ("-" if n < 0 else "") + d[:k] + "_" + d[k:]
        elif r < 0.5:
            s = s + ".0"
        out.append(s if rng.random() < 0.7 else (n + rng.random() if rng.random() < 0.5 else n))
    return out


def values_uuid(rng):
    out = values_common()
    for _ in range(60):
        u = uuid.UUID(int=rng.getrandbits(128))
        s = str(u)
        forms = [s, s.upper(), "{%s}" % s, "urn:uuid:" + s, "uuid:" + s, "urn:" + s, u.hex,
                 u.hex.upper(), "{{%s}}" % s, "{" + s, s + "}", "}" + s + "{",
                 s.replace("-", "--"), "-" + s, s + "-", "-{" + s + "}", s[:-1],
                 s + "0", s[:8] + "g" + s[9:], " " + s, s + "\n", "0x" + u.hex[2:],
                 u.hex[:10] + "_" + u.hex[11:], "+" + u.hex[1:], s[:9] + "urn:" + s[9:],
                 "uurn:uid:" + s, "uuid:urn:" + s, "urn:urn:" + s, "URN:UUID:" + s,
                 s[:4] + "-" + s[4:], u.hex[:16] + "\u0663" + u.hex[17:], "{-" + s + "-}",
                 "{" + s + "-}", "urn:{" + s + "}"]
        out += rng.sample(forms, 8)
    return out


def values_string(rng):
    out = values_common() + ["a", "12345678", "123456789", "\u00e9" * 8, "\u00e9" * 9,
                             "\U0001f600" * 8, "\U0001f600" * 9, "  ", "\n"]
    for _ in range(40):
        out.append("".join(rng.choice("ab\u00e9\u65e5 ") for _ in range(rng.randint(0, 11))))
    return out


def values_enum():
    return values_common() + ["ACTIVE", "DOWN", "active", " ACTIVE", "ACTIVE ", "UP", "DOWN\n"]


def mac_forms(rng, v):
    b = ["%02x" % ((v >> (40 - 8 * k)) & 255) for k in range(6)]
    w4 = ["%04x" % ((v >> (32 - 16 * k)) & 0xFFFF) for k in range(3)]
    w6 = ["%06x" % ((v >> (24 - 24 * k)) & 0xFFFFFF) for k in range(2)]
    short = ["%x" % int(x, 16) for x in b]
    forms = [":".join(b), "-".join(b), ".".join(w4), ":".join(w4), "-".join(w4), "-".join(w6),
             ":".join(w6), "".join(b), ":".join(short), "-".join(short),
             ".".join("%x" % int(x, 16) for x in w4), "".join(b)[1:], ":".join(b) + "\n",
             ":".join(b) + "\r", ":".join(b) + "\n\n", " " + ":".join(b), ":".join(b)[:-1],
             ":".join(b) + ":00", ".".join(b), "".join(b) + "0", ":".join(b[:3]) + "-" +
             "-".join(b[3:]), ":".join(w6) + "0", "0" + "-".join(w6)]
    return [f.upper() if rng.random() < 0.3 else f for f in forms]


def values_mac(rng):
    out = values_common() + [5, 2 ** 47, 2 ** 48, 2 ** 48 - 1, "00:00:00:00:00:00",
                             "ff:ff:ff:ff:ff:ff", "FF-FF-FF-FF-FF-FF", "ffff.ffff.ffff",
                             "ffffffffffff", "0:0:0:0:0:0", "f:f:f:f:f:f", "fffff:ffffff",
                             "00163e123456", "0163e123456", "00:16:3e:12:34:5g",
                             "00:16:3E:12:34:56", "123", " 5 ", "0", "-0", "+7", "1_0",
                             "281474976710655", "281474976710654", "281474976710656"]
    for _ in range(50):
        out += rng.sample(mac_forms(rng, rng.getrandbits(48)), 6)
    return out


def ipv6(rng):
    g = [rng.choice([0, 0, 1, 0xff, rng.getrandbits(16)]) for _ in range(8)]
    full = ":".join("%x" % x for x in g)
    r = rng.random()
    if r < 0.3:
        k = rng.randint(0, 7)
        m = rng.randint(k + 1, 8)
        return ":".join("%x" % x for x in g[:k]) + "::" + ":".join("%x" % x for x in g[m:])
    if r < 0.45:
        return ":".join("%x" % x for x in g[:6]) + ":%d.%d.%d.%d" % tuple(
            rng.randint(0, 255) for _ in range(4))
    if r < 0.55:
        return ":".join("%04X" % x for x in g)
    return full


def values_ip(rng):
    out = values_common() + ["1.2.3.4", "01.2.3.4", "1.2.3.04", "256.1.1.1", "1.2.3",
                             "1.2.3.4.5", "1", "0x1.2.3.4", "::", "::1", "1::", ":::",
                             "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1::2:3:4:5:6:7",
                             "1:2:3:4:5:6:7::", "::ffff:1.2.3.4", "::ffff:1.2.3.04",
                             "fe80::1%eth0", "[::1]", "00001::", "1.2.3.4\n", " ::1",
                             "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "A::B"]
    for _ in range(80):
        r = rng.random()
        if r < 0.4:
            q = [rng.randint(0, 300) for _ in range(4)]
            s = ".".join(("0" if rng.random() < 0.1 else "") + str(x) for x in q)
        else:
            s = ipv6(rng)
        out.append(s)
    return out


def values_subnet(rng):
    out = values_common() + ["1.2.3.4/24", "1.2.3.0/24", "1.2.3.4/33", "1.2.3.4/024",
                             "10/8", "1.2.3.4", "1.2.3.4/255.0.0.0", "::/0", "::/024",
                             "::/+24", "::/1_2", "::/-0", "::/-1", "::/129", "::/128",
                             "::/ffff::", "::/::ff", "::/::", "::/ffff::1", "::/0x10", "::/",
                             "::/ 1", "::/1 ", "1::5/64", "::/\u0663", "::/1__2", "::/_1",
                             "::ffff:1.2.3.4/96", "::/64/1", "1.2.3.4/24/1", "::/0_0_0",
                             "::/00000000000000000000000128", "::/+0", "::/--1",
                             "ffff:ffff:ffff:ffff::/ffff:ffff::", "::/" + "f" * 4]
    for _ in range(80):
        if rng.random() < 0.4:
            q = [rng.randint(0, 256) for _ in range(4)]
            s = "%d.%d.%d.%d/%d" % (tuple(q) + (rng.randint(0, 34),))
        else:
            p = rng.choice(["%d" % rng.randint(0, 130), "0%d" % rng.randint(0, 130),
                            "+%d" % rng.randint(0, 130), "%d_%d" % (rng.randint(1, 9),
                                                                    rng.randint(0, 9))])
            s = ipv6(rng) + "/" + p
        out.append(s)
    return out


def values_list(rng, item):
    out = values_common() + ["x", [None], [1], [[]], [{}]]
    for _ in range(40):
        n = rng.randint(0, 5)
        items = [item() for _ in range(n)]
        if items and rng.random() < 0.3:
            items.append(rng.choice(items))  # a duplicate
        out.append(items)
    # long lists: the duplicate check's table past the stack's (docs/validators.md)
    long = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(3000)]
    out += [long, long + [long[1234]], ["%d" % k for k in range(2500)] + ["7"]]
    return out


def values_dict(rng):
    out = values_common() + [{"a": [1, {"b": None}]}, {"": ""}, {"k": "v", "x": 1.5},
                             "{}", [{}], {"a/b~c": {"d": {"e": []}}}]
    leaves = [None, True, 0, -1.5, "s", "", [], {}, [1, "x"], {"k": None}]
    for _ in range(40):
        out.append({"k%d" % i: rng.choice(leaves) for i in range(rng.randint(0, 5))})
    return out


def generate(rng):
    u = lambda: rng.choice([str(uuid.UUID(int=rng.getrandbits(128))), "x", 1,
                            str(uuid.UUID(int=7)).upper()])
    s = lambda: rng.choice(["a", "b", "", "c d", 1, None])
    sub = lambda: rng.choice(["10.0.0.0/8", "10.0.0.1/8", "::/0", "1.2.3.4", 5])
    return {
        "network_id": values_uuid(rng),
        "qos_policy_id": values_uuid(rng)[:120],
        "name": values_string(rng),
        "admin_state_up": values_boolean(rng),
        "mtu": values_integer(rng, 68, 9000),
        "retries": values_integer(rng, 0, 50)[:150],
        "ip_version": values_integer(rng, 4, 6)[:150],
        "status": values_enum(),
        "mac_address": values_mac(rng),
        "fixed_ip": values_ip(rng),
        "cidr": values_subnet(rng),
        "security_groups": values_list(rng, u),
        "tags": values_list(rng, s),
        "subnets": values_list(rng, sub),
        "binding_profile": values_dict(rng),
    }


# ---- what docs/validators.md lists ----

def non_ascii_digit(v):
    return isinstance(v, str) and any(ch.isdecimal() and ord(ch) > 127 for ch in v)


def mac_text(v):
    """Whether v is in one of netaddr's EUI-48 text forms."""
    from netaddr.strategy import eui48
    return isinstance(v, str) and eui48.valid_str(v)


INT64 = (-(2 ** 63), 2 ** 63 - 1)

# kind -> (does this disagreement belong to it: attr, value, neutron's verdict, converted)
DOCUMENTED = {
    "a MAC given as a number, or as a string of a decimal number (netaddr's EUI() reads "
    "the 48-bit value; attrc takes netaddr's text forms only)":
        lambda a, v, ok, conv: a == "mac_address" and ok and not mac_text(v),
    "an integer beyond 64 bits (Python's int is unbounded; attrc's json_int_t is not)":
        lambda a, v, ok, conv: ok and isinstance(conv, int) and not isinstance(conv, bool) and
        not INT64[0] <= conv <= INT64[1],
    "digits that are not ASCII (Python's int() reads them; attrc does not)":
        lambda a, v, ok, conv: ok and non_ascii_digit(v),
}


def documented(attr, value, ok, conv):
    for kind, test in DOCUMENTED.items():
        if test(attr, value, ok, conv):
            return kind
    return None


def schema_skip(attr, value):
    """Why the schema cannot say neutron-lib's verdict on this value, or None."""
    ty = PAIRS[attr][0]
    if ty.startswith("integer") and isinstance(value, str):
        return "an integer's string: its value"
    if ty.startswith("integer") and "/" in ty and isinstance(value, float):
        return "a fraction with an enumeration"
    if ty == "boolean" and isinstance(value, float):
        return "1.0 and 0.0 are 1 and 0 to JSON Schema"
    if ty.startswith("uuid") and isinstance(value, str):
        rest = value
        for p in ("urn:", "uuid:"):
            rest = rest[len(p):] if rest.startswith(p) else rest
        if "urn:" in rest or "uuid:" in rest:
            return "urn: or uuid: inside"
    if ty == "subnet" and isinstance(value, str) and ":" in value.partition("/")[2]:
        return "an IPv6 netmask or hostmask"
    if non_ascii_digit(value):
        return "digits that are not ASCII"
    if ty == "mac" and not mac_text(value) and neutron(attr, value)[0]:
        return "a MAC given as a number"
    if ty.startswith("integer") and isinstance(value, float) and abs(value) > 2 ** 63:
        return "an integer beyond 64 bits"
    return None


def main():
    args, opts = [], {}
    it = iter(sys.argv[1:])
    for a in it:
        if a in ("--sanitize", "--family"):
            opts[a] = next(it, None)
        else:
            args.append(a)
    if len(args) != 3:
        sys.exit(__doc__)
    attrc, inc, lib = (os.path.abspath(x) for x in args)
    san = opts.get("--sanitize")
    sanflags = ["-fsanitize=" + san] if san and san != "none" else []
    family = opts.get("--family")
    try:
        import jsonschema
    except ImportError:
        jsonschema = None
    rng = random.Random(11)
    work = tempfile.mkdtemp(prefix="attrc-neutron-")
    failures = []
    try:
        # the spec alone (not its attrc.yaml): the dialect from the command line
        spec = os.path.join(work, "spec.rst")
        shutil.copy(SPEC, spec)
        r = subprocess.run([attrc, "compile", "--dialect", "neutron", "--emit", "c,schema",
                            "-o", work, spec], capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("attrc compile failed:\n" + r.stderr)
        out = os.path.join(work, "spec")
        src = open(os.path.join(out, "spec.c"), encoding="utf-8").read()
        free_form = "attrc_check_empty_object" not in src.split("check_binding_profile")[1]
        with open(os.path.join(work, "main.c"), "w") as f:
            f.write(HARNESS)
        exe = os.path.join(work, "t")
        cc = "clang" if family == "clang" else "gcc"
        flags = ["-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-O1"]
        r = subprocess.run([cc] + flags + sanflags + ["-I" + inc, "-I" + out, "-o", exe,
                                                      os.path.join(work, "main.c"),
                                                      os.path.join(out, "spec.c"), lib,
                                                      "-ljansson", "-lm"],
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("the C does not build:\n" + r.stderr[:3000])
        # ... and as C++ (the generated file, as tests/c_compile_test.py does for specs/)
        cxx = "clang++" if family == "clang" else "g++"
        r = subprocess.run([cxx, "-std=c++11", "-x", "c++", "-Wall", "-Wextra", "-Wpedantic",
                            "-Werror", "-I" + inc, "-I" + out, "-c", "-o",
                            os.path.join(work, "spec.o"), os.path.join(out, "spec.c")],
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("the C does not build as C++:\n" + r.stderr[:3000])

        values = generate(rng)
        if not free_form:
            print("dict: not compared: the C emitter does not honour free_form yet (it checks "
                  "binding_profile as an empty object)")
            del values["binding_profile"]
        cases = []  # (attrs, expected verdict, expected attrs or None, [(attr, value)])
        for attr, vs in values.items():
            for v in vs:
                v = json.loads(json.dumps(v))  # what the C reads
                cases.append(({attr: v}, attr, v))
        # bodies of several attributes: all valid (every value converted), or one invalid
        # among valid ones (refused, left as it came)
        singles = [(a, v) for a, vs in values.items() for v in vs]
        good = [(a, v) for a, v in singles if neutron(a, v)[0]]
        bad = [(a, v) for a, v in singles if not neutron(a, v)[0]]
        bodies = []
        for _ in range(300):
            picks = rng.sample(good, 4)
            if rng.random() < 0.5:
                picks.append(rng.choice(bad))
            body = {}
            for a, v in picks:
                body[a] = json.loads(json.dumps(v))
            bodies.append(body)

        lines = [json.dumps(c[0]) for c in cases] + [json.dumps(b) for b in bodies]
        r = subprocess.run([exe], input="\n".join(lines) + "\n", capture_output=True,
                           text=True, timeout=600)
        if r.returncode != 0:
            sys.exit("the C program failed (%d):\n%s" % (r.returncode, r.stderr[-3000:]))
        outs = r.stdout.splitlines()
        if len(outs) != len(lines):
            sys.exit("the C program answered %d of %d lines" % (len(outs), len(lines)))

        per = collections.Counter()
        agree = collections.Counter()
        doc_kinds = collections.Counter()
        other = []
        for (attrs, attr, v), o in zip(cases, outs):
            ty = PAIRS[attr][0]
            per[ty] += 1
            ok, conv = neutron(attr, v)
            c_ok = o.startswith("ok ")
            same = c_ok == ok and (not ok or as_json(json.loads(o[3:])) == as_json({attr: conv}))
            if o.startswith("parse"):
                failures.append("%s: %r: attrc_parse_body refused the line (%s)" % (attr, v, o))
                continue
            if not c_ok and not o.endswith(" 1"):
                failures.append("%s: %r: refused, but the attributes changed" % (attr, v))
            if same:
                agree[ty] += 1
                continue
            kind = documented(attr, v, ok, conv)
            if kind:
                doc_kinds[kind] += 1
            else:
                other.append("%s (%s): %r: neutron-lib %s, attrc %s" % (
                    attr, ty, v, ("accepts as " + as_json(conv)) if ok else "refuses", o))
        body_fail = 0
        for body, o in zip(bodies, outs[len(cases):]):
            results = {a: neutron(a, v) for a, v in body.items()}
            ok = all(x[0] for x in results.values())
            if any(documented(a, v, *results[a]) for a, v in body.items()):
                continue
            want = {a: x[1] for a, x in results.items()}
            if ok != o.startswith("ok ") or (ok and as_json(json.loads(o[3:])) != as_json(want)) \
                    or (not ok and not o.endswith(" 1")):
                body_fail += 1
                other.append("body %s: neutron-lib %s, attrc %s" % (
                    json.dumps(body)[:300], as_json(want) if ok else "refuses", o[:300]))

        # the schema's verdicts, before conversion, where it can say them
        schema_fig = "python3-jsonschema not installed: schema not compared"
        if jsonschema:
            doc = json.load(open(os.path.join(out, "gizmo.schema.json"), encoding="utf-8"))
            doc["$ref"] = "#/$defs/update"
            val = jsonschema.Draft202012Validator(doc)
            compared = skipped = 0
            sdis = []
            for attrs, attr, v in cases:
                if schema_skip(attr, v):
                    skipped += 1
                    continue
                compared += 1
                if val.is_valid(attrs) != neutron(attr, v)[0]:
                    sdis.append("schema: %s: %r: neutron-lib %s, the schema %s" % (
                        attr, v, neutron(attr, v)[0], val.is_valid(attrs)))
            schema_fig = ("schema: %d values compared, %d the schema cannot say; "
                          "%d disagreements" % (compared, skipped, len(sdis)))
            other += sdis
        # ajv: the schema compiles in strict mode and gives the same verdicts
        examples = [{"schema": os.path.join(out, "gizmo.schema.json"), "def": "update",
                     "body": attrs, "valid": neutron(attr, v)[0]}
                    for attrs, attr, v in cases if not schema_skip(attr, v)]
        got, err = ajv.check(work, {"schemas": [examples[0]["schema"]], "examples": examples})
        if err and "missing" in err:
            schema_fig += "; " + err
        elif err:
            other.append(err[:3000])
        else:
            schema_fig += "; ajv (strict mode): " + got

        total = sum(per.values())
        print("neutron dialect: %d values of %d types, %d bodies of several attributes" % (
            total, len(per), len(bodies)))
        for ty in sorted(per):
            print("  %-22s %4d values, %4d agree" % (ty, per[ty], agree[ty]))
        print("agree: %d of %d values (verdict and converted value)" % (sum(agree.values()),
                                                                         total))
        print("documented disagreements: %d" % sum(doc_kinds.values()))
        for kind, n in sorted(doc_kinds.items()):
            print("  %4d %s" % (n, kind))
        print(schema_fig)
        print("other disagreements: %d (bodies: %d)" % (len(other), body_fail))
        for line in other[:60]:
            print("  " + line)
        failures += other
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print("FAIL: %d" % len(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
