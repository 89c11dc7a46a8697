#!/usr/bin/python3
"""What the users of a service notice of attrc_parse_body's limits and of the validators'
UTF-8 rule (docs/validators.md, "Limits"), through the harness (tests/validators/harness.c)
on the `endpoint` resource of specs/endpoints.rst:

1. every limit, at its default and at a value the caller sets, at its edge: max - 1 and
   max are accepted, max + 1 gets the documented code and status; 0 and no limit (-1 in
   the harness, SIZE_MAX in C); the order the limits are checked in;
2. strings are measured once decoded (escapes, raw UTF-8, surrogate pairs), keys too, and
   brackets and escaped quotes inside strings are not structure;
3. duplicate keys (also spelled differently, "a" and "\\u0061"), invalid JSON and bytes
   that are not UTF-8 are refused as invalid-body with jansson's line and column;
4. strings that are not UTF-8, made with json_stringn_nocheck as a service can make
   them, are refused (invalid-encoding, 400) in a max-length attribute, a format
   attribute, an enum attribute and an item of a list, in every form of bad UTF-8, and
   the same attributes made with valid UTF-8 the same way are accepted;
5. bodies nested 10,000 and 100,000 deep are both refused as body-too-deep, and the
   harness's time and peak memory (ru_maxrss from wait4 of its child: harness --rusage)
   grow at most linearly from one to the other.

usage: limits_test.py HARNESS
"""
import json, os, subprocess, sys, tempfile, time

UUID = "3f1f8a3e-0c5d-4a57-9d8b-7a1e2f3c4d5e"
VALID = {"network_id": UUID, "priority": 1}
MAX_BODY, MAX_DEPTH, MAX_STRING = 1 << 20, 64, 1 << 16

failures = []
harness = None


def run(requests, rusage=False):
    """The harness's answers to requests; with rusage, also what the harness's child
    used: {"maxrss_kib", "user_s", "sys_s"} from wait4 (harness.c says why not this
    process's own os.wait4 of the harness), and "wall_s"."""
    with tempfile.TemporaryFile("w+") as fin:
        for q in requests:
            fin.write(json.dumps(q) + "\n")
        fin.seek(0)
        t0 = time.perf_counter()
        r = subprocess.run([harness] + ["--rusage"] * rusage, stdin=fin, capture_output=True,
                           text=True)
        wall = time.perf_counter() - t0
    if r.returncode:
        sys.exit("harness failed (%d): %s" % (r.returncode, r.stderr[-2000:]))
    answers = [json.loads(l) for l in r.stdout.splitlines()]
    if not rusage:
        return answers
    return answers, dict(json.loads(r.stderr.splitlines()[-1]), wall_s=wall)


def req(text=None, op="create", limits=None, nocheck=None, hexa=None):
    q = {"resource": "endpoint", "op": op, "admin": True, "owner": True}
    if hexa is not None:
        q["hex"] = hexa
    else:
        q["text"] = text
    if limits:
        q["limits"] = limits
    if nocheck:
        q["nocheck"] = nocheck
    return q


def create_text(attrs):
    return json.dumps({"endpoint": attrs})


class Cases:
    """Requests with what each must give: None (accepted), or (code, status, pointer,
    words the message must hold)."""

    def __init__(self):
        self.items = []

    def add(self, what, q, want):
        self.items.append((what, q, want))

    def check(self):
        answers = run([q for _, q, _ in self.items])
        for (what, q, want), ans in zip(self.items, answers):
            if want is None:
                if not ans["ok"]:
                    failures.append("%s: refused, expected accepted: %s %s" % (
                        what, ans["errors"][:3], ans["messages"][:1]))
                continue
            code, status, pointer, words = want
            got = [e for e in ans["errors"] if e[0] == code]
            if ans["ok"] or not got or got[0][2] != status or ans["status"] != status \
                    or got[0][1] != pointer:
                failures.append("%s: %s %s, expected %s %s at %r" % (
                    what, ans["status"], ans["errors"][:3], code, status, pointer))
                continue
            message = ans["messages"][ans["errors"].index(got[0])]
            for w in words:
                if w not in message:
                    failures.append("%s: the message %r does not say %r" % (what, message, w))
        return len(self.items)


def pad_to(text, size):
    """text and trailing spaces (JSON whitespace): `size` bytes in all."""
    n = len(text.encode())
    assert n <= size
    return text + " " * (size - n)


def nest(depth, kind="array"):
    if kind == "array":
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "1" + "}" * depth


def edges(c, name, make, limit, code, status, words, limits=None, op="create"):
    """max - 1 and max accepted, max + 1 refused."""
    for n in (limit - 1, limit, limit + 1):
        if n < 0:
            continue
        c.add("%s at %d (limit %d)" % (name, n, limit), req(make(n), op=op, limits=limits),
              None if n <= limit else (code, status, "", words))


def limit_cases(c):
    # the defaults, as a client meets them: a valid create body of the size, a valid
    # create with a string of the size (tags: strings of any length), nesting of the depth
    body = create_text(VALID)
    edges(c, "default body size", lambda n: pad_to(body, n), MAX_BODY, "body-too-large", 413,
          ["%d bytes" % (MAX_BODY + 1), "%d accepted" % MAX_BODY])
    edges(c, "default string size (ASCII)",
          lambda n: create_text(dict(VALID, tags=["x" * n])), MAX_STRING,
          "body-string-too-long", 400, ["string of more than %d bytes" % MAX_STRING,
                                        "line 1, column"])
    edges(c, "default depth (arrays)", lambda n: nest(n), MAX_DEPTH, "body-too-deep", 400,
          ["more than %d arrays and objects" % MAX_DEPTH, "line 1, column %d" % (MAX_DEPTH + 1)],
          op="parse")
    edges(c, "default depth (objects)", lambda n: nest(n, "object"), MAX_DEPTH,
          "body-too-deep", 400, ["more than %d" % MAX_DEPTH], op="parse")
    # strings are measured once decoded: é is 2 bytes written as \u00e9 (6) or raw (2);
    # 😀 is 4, written as a surrogate pair (12) or raw (4); \n is 1
    for label, unit, size, escape in (("\\u00e9", "\u00e9", 2, True), ("raw é", "\u00e9", 2, False),
                                      ("surrogate pair", "\U0001f600", 4, True),
                                      ("raw 😀", "\U0001f600", 4, False), ("\\n", "\n", 1, True)):
        def make(n, unit=unit, size=size, escape=escape):
            s = unit * (n // size) + "x" * (n % size)
            return json.dumps({"endpoint": dict(VALID, tags=[s])}, ensure_ascii=escape)
        edges(c, "default string size (%s)" % label, make, MAX_STRING, "body-string-too-long",
              400, ["%d bytes" % MAX_STRING])
    edges(c, "default key size", lambda n: json.dumps({"k" * n: 1}), MAX_STRING,
          "body-string-too-long", 400, ["key of more than"], op="parse")
    # limits the caller sets
    small = {"max_body_bytes": 100, "max_depth": 3, "max_string_bytes": 10}
    edges(c, "body size 100", lambda n: pad_to("[]", n), 100, "body-too-large", 413,
          ["more than the 100 accepted"], limits=small, op="parse")
    edges(c, "depth 3", lambda n: nest(n), 3, "body-too-deep", 400, ["more than 3 arrays"],
          limits=small, op="parse")
    edges(c, "string 10", lambda n: json.dumps(["y" * n]), 10, "body-string-too-long", 400,
          ["more than 10 bytes"], limits=small, op="parse")
    edges(c, "key 10", lambda n: json.dumps({"y" * n: 0}), 10, "body-string-too-long", 400,
          ["key of more than 10 bytes"], limits=small, op="parse")
    edges(c, "depth 3, a string on line 3", lambda n: "\n\n  " + nest(n), 3, "body-too-deep",
          400, ["line 3, column %d" % (3 + 3)], limits=small, op="parse")
    zero = {"max_body_bytes": 0, "max_depth": 0, "max_string_bytes": 0}
    c.add("max_body_bytes 0, the empty body", req("", op="parse", limits=zero),
          ("invalid-body", 400, "", ["invalid JSON"]))
    c.add("max_body_bytes 0, one byte", req("1", op="parse", limits=zero),
          ("body-too-large", 413, "", ["more than the 0 accepted"]))
    c.add("max_depth 0, a scalar", req('""', op="parse", limits=dict(zero, max_body_bytes=-1)),
          None)
    c.add("max_depth 0, []", req("[]", op="parse", limits=dict(zero, max_body_bytes=-1)),
          ("body-too-deep", 400, "", ["more than 0"]))
    c.add("max_string_bytes 0, a non-empty string",
          req('"a"', op="parse", limits=dict(zero, max_body_bytes=-1)),
          ("body-string-too-long", 400, "", ["more than 0 bytes"]))
    none = {"max_body_bytes": -1, "max_depth": -1, "max_string_bytes": -1}
    c.add("no limits, 2,000 deep", req(nest(2000), op="parse", limits=none), None)
    c.add("no limits, 3,000 deep: jansson's own bound", req(nest(3000), op="parse", limits=none),
          ("invalid-body", 400, "", ["maximum parsing depth"]))
    c.add("no limits, a 2 MiB string", req(json.dumps(["z" * (2 << 20)]), op="parse",
                                           limits=none), None)
    # the order: size, then depth and strings in the order of the text, then jansson
    c.add("too large and too deep: 413", req(nest(60), op="parse", limits=small),
          ("body-too-large", 413, "", []))
    c.add("too deep before a long string", req('[[[["' + "y" * 20 + '"]]]]', op="parse",
                                               limits=small), ("body-too-deep", 400, "", []))
    c.add("a long string before too deep", req('["' + "y" * 20 + '", [[[[]]]]]', op="parse",
                                               limits=small),
          ("body-string-too-long", 400, "", []))
    c.add("limits before invalid JSON", req('[[[[ nonsense', op="parse", limits=small),
          ("body-too-deep", 400, "", []))


def scanner_cases(c):
    """What is inside a string is not structure; escapes do not end strings."""
    small = {"max_depth": 3, "max_string_bytes": 60000}
    for what, text, want in (
            ("brackets in a string", '[["' + "[{" * 20000 + '"]]', None),
            ("an escaped quote, then brackets", '[["\\"[[[[[[[["]]', None),
            ("an escaped backslash ends the string", '[["\\\\", [[]]]]',
             ("body-too-deep", 400, "", ["line 1, column 10"])),
            ("\\/ and \\u005b are one byte each",
             '["' + "\\/" * 30000 + "\\u005b" * 30000 + '"]', None),
            ("... and one more", '["' + "\\/" * 30000 + "\\u005b" * 30001 + '"]',
             ("body-string-too-long", 400, "", ["60000"])),
            ("a key with brackets", '{"[[[[[": {"{{{{": 1}}', None)):
        c.add("scanner: " + what, req(text, op="parse", limits=small), want)


def json_cases(c):
    dup = ("invalid-body", 400, "", ["duplicate object key", "line 1, column"])
    c.add("duplicate attribute", req('{"endpoint": {"network_id": "%s", "priority": 1, '
                                     '"priority": 11}}' % UUID), dup)
    c.add("duplicate envelope", req('{"endpoint": {"priority": 11}, "endpoint": %s}' %
                                    json.dumps(VALID)), dup)
    c.add("duplicate key spelled two ways", req('{"endpoint": {"network_id": "%s", '
                                                '"priority": 1, "\\u0070riority": 11}}' % UUID),
          dup)
    c.add("duplicate key deep inside", req('{"a": [{"b": 1, "b": 1}]}', op="parse"), dup)
    c.add("invalid JSON, line 3", req('{"endpoint":\n  {"priority": 1,\n   "name": tru}}'),
          ("invalid-body", 400, "", ["invalid JSON at line 3, column", "invalid token"]))
    c.add("trailing text", req(create_text(VALID) + " x"),
          ("invalid-body", 400, "", ["end of file expected"]))
    c.add("empty body", req(""), ("invalid-body", 400, "", ["invalid JSON"]))
    c.add("\\u0000", req(create_text(dict(VALID, name="a\u0000b"))),
          ("invalid-body", 400, "", ["\\u0000 is not allowed"]))
    c.add("a lone surrogate", req(create_text(dict(VALID, name="\ud800"))),
          ("invalid-body", 400, "", ["invalid Unicode"]))
    raw = create_text(dict(VALID, name="aXb")).encode().replace(b"X", b"\xff")
    c.add("a byte that is not UTF-8", req(hexa=raw.hex()),
          ("invalid-body", 400, "", ["line 1, column", "0xff"]))
    c.add("an integer beyond 64 bits", req(create_text(dict(VALID, weight=2**64))),
          ("invalid-body", 400, "", ["too big integer"]))


BAD_UTF8 = {"a byte 0xff": "61ff62", "overlong '/'": "c0af", "a surrogate": "eda080",
            "above U+10FFFF": "f4908080", "cut short": "61e282", "a lone continuation": "80",
            "past the maximum length, then bad": "61" * 300 + "ff"}


def encoding_cases(c):
    base = dict(VALID, name="n", protocol="TCP", ports="80", tags=["t", "u"],
                security_group_ids=[UUID, UUID])
    text = create_text(base)
    places = (("name", -1, "/name", "max length"), ("protocol", -1, "/protocol", "enum"),
              ("ports", -1, "/ports", "format"), ("network_id", -1, "/network_id", "uuid"),
              ("tags", 1, "/tags/1", "list item"),
              ("security_group_ids", 0, "/security_group_ids/0", "uuid list item"))
    for attr, item, pointer, kind in places:
        for what, hexa in BAD_UTF8.items():
            c.add("not UTF-8 (%s) in %s (%s)" % (what, attr, kind),
                  req(text, nocheck=[[attr, item, hexa]]),
                  ("invalid-encoding", 400, pointer, ["must be valid UTF-8"]))
    # the same attributes made the same way, of valid UTF-8: accepted
    for attr, item, value in (("name", -1, "\u00e9\U0001f600"), ("protocol", -1, "UDP"),
                              ("ports", -1, "1:2"), ("network_id", -1, UUID),
                              ("tags", 1, "\u4e2d"), ("security_group_ids", 0, UUID)):
        c.add("valid UTF-8 made with nocheck in " + attr,
              req(text, nocheck=[[attr, item, value.encode().hex()]]), None)
    # for update too, and every such string is reported
    c.add("update, two bad strings",
          req(create_text({k: v for k, v in base.items() if k != "network_id"}), op="update",
              nocheck=[["name", -1, "ff"], ["tags", 0, "ff"]]),
          ("invalid-encoding", 400, "/name", []))


def deep_timing():
    """Bodies nested 10,000 and 100,000 deep (REPEAT of them per harness run): refused,
    and the harness's CPU time and peak memory (the least of ROUNDS runs: what noise on a
    busy machine only adds to) grow at most as the size does, 10 times, give or take
    SLACK (growth as the square of the size would be 100 times).  The harness itself
    reads each line, linear work; attrc_parse_body stops at the 65th bracket."""
    repeat, rounds, slack, out = 50, 5, 1.5, {}
    for depth in (10000, 100000):
        cpu, wall, mem = [], [], []
        for _ in range(rounds):
            answers, use = run([req(nest(depth), op="parse")] * repeat, rusage=True)
            for a in answers:
                if a["ok"] or a["errors"][0][0] != "body-too-deep" or a["status"] != 400:
                    failures.append("%d deep: %s, expected body-too-deep 400" % (
                        depth, a["errors"]))
                    break
            cpu.append(use["user_s"] + use["sys_s"])
            wall.append(use["wall_s"])
            mem.append(use["maxrss_kib"])
        out[depth] = [min(x) for x in (cpu, wall, mem)]
    answers = run([req(nest(100000, "object"), op="parse")])
    if answers[0]["ok"] or answers[0]["errors"][0][0] != "body-too-deep":
        failures.append("100,000 objects deep: %s" % answers[0]["errors"])
    (c1, w1, m1), (c2, w2, m2) = out[10000], out[100000]
    print("nested 10,000 deep: %.1f ms CPU (%.1f ms wall), %d KiB peak; 100,000 deep: "
          "%.1f ms CPU (%.1f ms wall), %d KiB peak; %d bodies per run, least of %d runs; "
          "ratios: CPU %.2f, wall %.2f, memory %.2f (the size: 10)" % (
              c1 * 1e3, w1 * 1e3, m1, c2 * 1e3, w2 * 1e3, m2, repeat, rounds,
              c2 / max(c1, 1e-6), w2 / w1, m2 / m1))
    # CPU time under 1 ms says little: then the wall time says it
    time_ratio = c2 / c1 if c1 >= 0.001 else w2 / w1
    if time_ratio > 10 * slack or m2 / m1 > 10 * slack:
        failures.append("from 10,000 to 100,000 deep, time grew %.2f times and memory %.2f "
                        "times: more than the size (10, x %.1f)" % (time_ratio, m2 / m1, slack))


def main():
    global harness
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    harness = os.path.abspath(sys.argv[1])
    sys.setrecursionlimit(10000)  # the answer to "no limits, 2,000 deep" holds the body
    c = Cases()
    limit_cases(c)
    scanner_cases(c)
    json_cases(c)
    encoding_cases(c)
    n = c.check()
    print("limits: %d requests at the edges of the limits, of JSON and of UTF-8" % n)
    deep_timing()
    if failures:
        print("\n".join(failures[:60]))
        print("%d failures" % len(failures))
        sys.exit(1)
    print("limits: as docs/validators.md says")


main()
