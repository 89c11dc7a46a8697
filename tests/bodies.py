"""Values and bodies for the tests of the emitted schemas and the C validators, derived
from a resource's model (attrc check --dump-model)."""
import random

SAMPLE = {
    "string": "x", "uuid": "3f1f8a3e-0c5d-4a57-9d8b-7a1e2f3c4d5e", "ip": "192.0.2.1",
    "cidr": "10.0.0.0/8", "mac": "00:11:22:33:44:55", "port-range": "80:443",
    "boolean": True, "integer": 1, "number": 0.5, "array": [], "object": {},
}
WRONG = {
    "string": 5, "uuid": 5, "ip": 5, "cidr": 5, "mac": 5, "port-range": 5,
    "boolean": "true", "integer": "1", "number": "0.5", "array": {}, "object": [],
}
BAD_FORMAT = {
    "uuid": ["not-a-uuid", "3f1f8a3e-0c5d-4a57-9d8b-7a1e2f3c4d5e\n"],
    "ip": ["192.0.2.256", "1::2::3", "192.0.2.1\n"],
    "cidr": ["10.0.0.0/33", "10.0.0.0"], "mac": ["00:11:22:33:44", "00-11-22-33-44-55"],
    "port-range": ["65536", "080", "1:2:3"],
}


def is_object(a):
    """Whether the attribute's value (or each item) is a dict: what members belong to."""
    t = a["type"]
    return t["base"] == "object" or (t["base"] == "array" and t.get("items") == "object")


def members_value(a):
    """A dict of the members of `a` (each written, with a value it takes; not those with an
    access of their own, which not every caller may write), or {}."""
    return {mm["name"]: value_for(mm) for mm in a.get("members", [])
            if not mm.get("own_access")}


def with_member(a, mm):
    """A value of attribute a that also writes its member mm, and mm's JSON Pointer below
    the attribute's."""
    d = dict(members_value(a), **{mm["name"]: value_for(mm)})
    if a["type"]["base"] == "array":
        return [d], "/0/" + mm["name"]
    return d, "/" + mm["name"]


def value_for(a):
    v = a["validation"]
    if is_object(a) and a.get("members"):
        return [members_value(a)] if a["type"]["base"] == "array" else members_value(a)
    if "enum" in v:
        return v["enum"][0]
    base = a["type"]["base"]
    fmt = v.get("format")
    if base == "string" and fmt in ("uuid", "ip", "ipv4"):
        return SAMPLE["uuid" if fmt == "uuid" else "ip"]
    if base == "string" and fmt == "ipv6":
        return "2001:db8::1"
    if base in ("integer", "number"):
        lo = v.get("minimum", v.get("exclusive_minimum", 0) + 1)
        return lo if base == "integer" else lo + 0.5 if "maximum" not in v or lo + 0.5 <= v["maximum"] else lo
    if base == "array":
        items = a["type"].get("items")
        return [SAMPLE[items]] if items and items != "object" else []
    return SAMPLE[base]


def invalid_values(a):
    """(why, value) pairs that the attribute must refuse."""
    base, v = a["type"]["base"], a["validation"]
    out = [("wrong type", WRONG[base])]
    if not a["type"]["nullable"]:
        out.append(("null", None))
    if "enum" in v and base == "string":
        out.append(("not in the enum", "zz-not-in-enum"))
    if "max_length" in v:
        out.append(("too long", "\u00e9" * (v["max_length"] + 1)))
    if "minimum" in v and base == "integer":
        out.append(("below the minimum", v["minimum"] - 1))
    if "maximum" in v and base == "integer":
        out.append(("above the maximum", v["maximum"] + 1))
    if "exclusive_maximum" in v:
        out.append(("at the exclusive maximum", v["exclusive_maximum"]))
    fmt = base if base in BAD_FORMAT else {"uuid": "uuid", "ip": "ip", "ipv4": "ip"}.get(v.get("format"))
    for s in BAD_FORMAT.get(fmt, []):
        out.append(("not a %s" % fmt, s))
    if is_object(a) and a.get("members"):
        good = members_value(a)
        wrap = (lambda d: [d]) if base == "array" else (lambda d: d)
        if not a.get("free_form"):
            out.append(("a dict with an unknown key", wrap(dict(good, zz_unknown=1))))
        for mm in a["members"]:
            for why, bad in invalid_values(mm):
                out.append(("%s: %s" % (mm["name"], why), wrap(dict(good, **{mm["name"]: bad}))))
            if mm["required"] and mm["name"] in good:
                body = dict(good)
                del body[mm["name"]]
                out.append(("%s left out" % mm["name"], wrap(body)))
    elif base == "object" and not a.get("free_form"):
        out.append(("a dict with a key", {"k": 1}))
    if base == "array" and a["type"].get("items") in BAD_FORMAT:
        out.append(("an item not a %s" % a["type"]["items"], [5]))
    return out


def pattern_strings(rng):
    """Strings near every format's edges, and random ones from its alphabet."""
    seeds = ["", "0", "00", "1", "255", "256", "01", "65535", "65536", "0:0", "1:0", "80:443",
             "10.0.0.0", "10.0.0.0/0", "10.0.0.0/32", "10.0.0.0/33", "10.0.0.0/08",
             "1.2.3.4", "01.2.3.4", "1.2.3", "1.2.3.4.5", "::", "::1", "1::", "1::2::3",
             ":1", "1:", "::ffff:1.2.3.4", "::ffff:1.2.3.04", "1:2:3:4:5:6:7:8",
             "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4",
             "2001:db8::/32", "2001:db8::/129", "fe80::1%eth0", "00:11:22:33:44:55",
             "00:11:22:33:44:5", "3f1f8a3e-0c5d-4a57-9d8b-7a1e2f3c4d5e",
             "3F1F8A3E-0C5D-4A57-9D8B-7A1E2F3C4D5E", "3f1f8a3e0c5d4a579d8b7a1e2f3c4d5e"]
    out = set(seeds)
    for s in seeds:
        out.add(s + "\n")
        out.add("\n" + s)
        out.add(s + " ")
    alphabet = "0123456789abcdefABCDEF:./-"
    for _ in range(4000):
        base = rng.choice(seeds)
        s = list(base)
        for _ in range(rng.randint(1, 3)):
            op = rng.randint(0, 2)
            i = rng.randint(0, len(s))
            if op == 0:
                s.insert(i, rng.choice(alphabet))
            elif s:
                i = min(i, len(s) - 1)
                if op == 1:
                    del s[i]
                else:
                    s[i] = rng.choice(alphabet)
        out.add("".join(s))
    return sorted(out)


