#!/usr/bin/python3
"""attrc's model of ../shared/corpus against what shipped: neutron-lib's API definitions.

Many specs of the corpus became a definition of neutron-lib (Debian's python3-neutron-lib
3.1.0): neutron_lib/api/definitions/MODULE.py, RESOURCE_ATTRIBUTE_MAP[COLLECTION].
tests/data/neutron_lib_map.json says, by hand, which attribute table (file, line as in
tests/data/corpus_reading.json) became which collection of which module, and which of the
spec's attributes is which of neutron-lib's (a table that extends an existing resource
maps only what it adds; an attribute that did not ship maps to null).  This test reads
each spec with `attrc check --dump-model` as corpus_reading.py does, finds each mapped
attribute among the model's rows of that table, and compares it with the definition facet
by facet: allow_post, allow_put, type family, required, default.  It prints the agreement
per facet and overall (`neutron-lib: N/M facets agree (P%)`), and with --verbose each
disagreement as `spec:line: resource.attr facet: attrc X, neutron-lib Y`.

Every disagreement is classified with the hand reading (tests/data/corpus_reading.json):
"spec-differs" where the reading agrees with attrc (the spec says what attrc read; the API
changed after the spec), "misread" where the reading agrees with neutron-lib (attrc read
the spec wrong), "other" otherwise.  A mapped attribute missing from attrc's model is a
disagreement on each facet (attrc <missing>), classified the same way.  The test fails
only when the overall agreement falls below the floor recorded here.  Skipped (77),
saying so, where ../shared/corpus is absent or neutron_lib does not import.

What neutron-lib says, facet by facet (the rules Neutron's API layer applies,
neutron_lib.api.attributes.AttributeInfo):
  allow_post, allow_put  the keys as written; for an entry of a dict attribute's
                         validator spec (a dotted name in the map), the dict's own.
  type family            from the validator (`validate` key, `type:` stripped), else from
                         `convert_to`: see VALIDATOR_FAMILY and CONVERTER_FAMILY below (one
                         they lack is a warning, and its own family).  A definition that
                         states neither leaves the facet unstated: it is not compared (and
                         counted apart).
  required, default      what a POST without the attribute does, through the API layer's
                         own code (AttributeInfo.fill_post_defaults, then convert_values):
                         it fails (no 'default' key; or a default the attribute's own
                         validator refuses, as port_chain's port_pair_groups: default None,
                         uuid_list_non_empty) - required, no default; or it stores a value
                         - that is the default (after convert_to and dict_populate_defaults:
                         None becomes [] under convert_none_to_empty_list, chain_parameters
                         becomes {correlation: mpls, symmetric: false}); or it stores
                         nothing (ATTR_NOT_SPECIFIED) - optional, no default.  The owner
                         (tenant_id, which the API doubles as project_id) is never required:
                         the API fills it from the token first (populate_project_id).  An
                         attribute not allowed on POST: not required, its 'default' if any.
                         A dict spec entry: its 'required' key, and its 'default' if any.
attrc's side is corpus_reading.facets() (the model's access.post/put, type.base with enum
where validation lists values, required, default value / null / <none>); defaults of all
three sides are compared after the attribute's convert_to, so 'DENY' and 'deny' agree where
the shipped API folds case, and null and [] where it turns None into an empty list.

usage: neutron_lib_test.py ATTRC [--verbose]
"""
import collections, copy, importlib, json, os, subprocess, sys, time

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(here)
sys.dont_write_bytecode = True
sys.path.insert(0, here)
from corpus_reading import facets, norm  # noqa: E402  (attrc's facets in the reading's terms)

# today's figure: raise it as attrc reads better, never lower it
FLOOR = 319 / 394  # 2026-12-02

FACETS = (("allow_post", "post"), ("allow_put", "put"), ("type", "type"),
          ("required", "required"), ("default", "default"))

# neutron-lib's validators (the `type:` keys of `validate`) by type family, in the hand
# reading's family names (those of corpus_reading.json and corpus_reading.facets()).
VALIDATOR_FAMILY = {
    "uuid": "uuid", "uuid_or_none": "uuid", "subnetpool_id_or_none": "uuid",
    "string": "string", "string_or_none": "string", "not_empty_string": "string",
    "not_empty_string_or_none": "string",
    "values": "enum",
    "boolean": "boolean",
    "range": "integer", "range_or_none": "integer", "non_negative": "integer",
    "port_range": "port_range",
    "ip_address": "ip", "ip_address_or_none": "ip",
    "subnet": "cidr", "subnet_or_none": "cidr",
    "ip_or_subnet_or_none": "ip_or_cidr",  # attrc has no such type: a family of its own
    "mac_address": "mac", "mac_address_or_none": "mac",
    "dict": "dict", "dict_or_none": "dict", "dict_or_empty": "dict", "dict_or_nodata": "dict",
    "uuid_list": "list", "uuid_list_non_empty": "list", "subnet_list": "list",
    "fixed_ips": "list", "ip_pools": "list", "hostroutes": "list", "nameservers": "list",
    "list_of_regex_or_none": "list",
}
# ... and, where there is no validator, by the converter.
CONVERTER_FAMILY = {
    "convert_to_boolean": "boolean", "convert_to_int": "integer",
    "convert_to_int_if_not_none": "integer", "convert_to_protocol": "string",
    "convert_to_string": "string", "convert_to_list": "list",
    "convert_none_to_empty_list": "list", "convert_none_to_empty_dict": "dict",
}
NONE, MISSING, UNSTATED = "<none>", "<missing>", None
OWNER = ("tenant_id", "project_id")


def skip(why):
    print("SKIP: " + why)
    sys.exit(77)


def model_of(attrc, path):
    """corpus_reading's `attrc check --dump-model`, retried a few times when the output is
    not a model (a binary being rebuilt under the test)."""
    for attempt in range(4):
        r = subprocess.run([attrc, "check", "--dump-model", path], capture_output=True,
                           text=True, cwd=top)
        try:
            return json.loads(r.stdout)["specs"][0]
        except (ValueError, IndexError, KeyError):
            time.sleep(2 * attempt + 1)
    print("WARNING: %s: attrc printed no model (exit status %d)" % (path, r.returncode))
    return {"resources": []}


def family(spec, where):
    """The type family of a neutron-lib attribute (or dict spec entry), or UNSTATED."""
    rules = spec.get("validate", {}) if "validate" in spec or "allow_post" in spec else {
        k: v for k, v in spec.items() if k.startswith("type:")}
    for rule in rules:
        name = rule[len("type:"):]
        if name not in VALIDATOR_FAMILY:
            print("WARNING: %s: validator %s has no family (add it to VALIDATOR_FAMILY); "
                  "compared as %r" % (where, rule, name))
        return VALIDATOR_FAMILY.get(name, name)
    conv = getattr(spec.get("convert_to"), "__name__", None)
    if conv is None:
        return UNSTATED
    if conv not in CONVERTER_FAMILY:
        print("WARNING: %s: converter %s has no family (add it to CONVERTER_FAMILY); "
              "compared as %r" % (where, conv, conv))
    return CONVERTER_FAMILY.get(conv, conv)


def canon(value, spec):
    """A default as the shipped API stores it: through the attribute's convert_to."""
    if value in (NONE, MISSING) or not callable(spec.get("convert_to")):
        return value
    try:
        return spec["convert_to"](value)
    except Exception:  # the converter refuses it: compare as written
        return value


def same(a, b):
    """Equal as JSON values (True is not 1, a tuple is a list)."""
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True,
                                                                    default=str)


def shipped(lib, spec, parent, name):
    """neutron-lib's facets of one attribute (parent: the dict attribute whose validator
    spec holds it, or None): a POST without it, through the API layer's own code."""
    C, AttributeInfo = lib
    post = (parent or spec)["allow_post"]
    put = (parent or spec)["allow_put"]
    has_default = "default" in spec and spec["default"] is not C.ATTR_NOT_SPECIFIED
    if parent is not None:  # an entry of a dict attribute's validator spec
        required = bool(spec.get("required", False))
        default = canon(spec["default"], spec) if has_default and not required else NONE
    elif name in OWNER:  # filled from the token before the defaults
        required, default = False, NONE
    elif not post:
        required = False
        default = canon(spec["default"], spec) if has_default else NONE
    else:
        info, body = AttributeInfo({name: copy.deepcopy(spec)}), {}
        try:
            info.fill_post_defaults(body)
            info.convert_values(body)
        except Exception:  # required, or a default the validator refuses
            required, default = True, NONE
        else:
            required = False
            value = body.get(name, C.ATTR_NOT_SPECIFIED)
            default = NONE if value is C.ATTR_NOT_SPECIFIED else value
    return {"post": post, "put": put, "type": family(spec, name), "required": required,
            "default": default}


def definition(lib, module, collection, name):
    """(spec, parent) of neutron-lib's attribute name (dotted: an entry of a dict
    attribute's validator spec), or None where the definition lacks it."""
    try:
        m = importlib.import_module("neutron_lib.api.definitions." + module)
    except ImportError:
        return None
    attrs = (getattr(m, "RESOURCE_ATTRIBUTE_MAP", None) or {}).get(collection, {})
    head, _, entry = name.partition(".")
    if head not in attrs:
        return None
    if not entry:
        return attrs[head], None
    for rule, sub in attrs[head].get("validate", {}).items():
        if isinstance(sub, dict) and entry in sub:
            return sub[entry], attrs[head]
    return None


def row_of(model, name, first, last):
    """The model's attribute of that name among the rows of the table at lines
    [first, last), whatever resource attrc bound it to."""
    for r in model["resources"]:
        for a in r["attributes"]:
            if norm(a["name"]) == norm(name) and first <= a["line"] < last:
                return a
    return None


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    verbose = "--verbose" in sys.argv
    if len(args) != 1:
        sys.exit(__doc__)
    attrc = os.path.abspath(args[0])
    if not os.path.isdir(os.path.join(top, "..", "shared", "corpus")):
        skip("../shared/corpus is absent")
    try:
        from neutron_lib import constants as C
        from neutron_lib.api.attributes import AttributeInfo
        importlib.import_module("neutron_lib.api.definitions")
    except Exception as e:  # ImportError, or a broken install
        skip("neutron_lib does not import with %s (%s: %s); install python3-neutron-lib"
             % (sys.executable, type(e).__name__, e))
    try:
        from importlib.metadata import version
        libversion = version("neutron-lib")
    except Exception:
        libversion = "?"
    lib = (C, AttributeInfo)
    with open(os.path.join(here, "data", "corpus_reading.json"), encoding="utf-8") as f:
        reading = json.load(f)["tables"]
    with open(os.path.join(here, "data", "neutron_lib_map.json"), encoding="utf-8") as f:
        mapping = json.load(f)

    hand = {(t["file"], t["line"]): t for t in reading}
    ends = {}  # a table's rows end where the file's next table starts
    for t in reading:
        later = [u["line"] for u in reading if u["file"] == t["file"] and u["line"] > t["line"]]
        ends[(t["file"], t["line"])] = min(later) if later else float("inf")
    mapped = {(t["file"], t["line"]) for t in mapping["tables"]}
    excluded = {(t["file"], t["line"]) for t in mapping["excluded"]}
    for t in reading:  # the map goes through every attribute table of the reading
        key = (t["file"], t["line"])
        if t["kind"] == "attribute" and key not in mapped | excluded:
            print("WARNING: %s:%d: attribute table neither mapped nor excluded in "
                  "neutron_lib_map.json" % key)

    models = {}
    agree = collections.Counter()
    total = collections.Counter()
    classes = collections.Counter()
    lines, unshipped, unstated = [], [], []
    nattrs = nmissing = 0
    for t in mapping["tables"]:
        key = (t["file"], t["line"])
        h = hand.get(key)
        if h is None:
            print("WARNING: %s:%d: no such attribute table in corpus_reading.json" % key)
            continue
        member = h["resources"][0]["member"]
        read = {norm(a["name"]): a for a in h["attributes"]}
        m = models.setdefault(t["file"], model_of(attrc, t["file"]))
        for pair in t["attributes"]:
            label = "%s.%s" % (member, pair["spec"])
            if pair["neutron"] is None:
                unshipped.append("%s:%d: %s: not in neutron-lib (%s)"
                                 % (t["file"], t["line"], label, pair.get("note", "")))
                continue
            found = definition(lib, t["module"], t["neutron_collection"], pair["neutron"])
            if found is None:  # the map names what this neutron-lib lacks
                print("WARNING: %s:%d: %s: neutron-lib's %s has no %s.%s" % (
                    t["file"], t["line"], label, t["module"], t["neutron_collection"],
                    pair["neutron"]))
                unshipped.append("%s:%d: %s: %s has no %s.%s" % (
                    t["file"], t["line"], label, t["module"], t["neutron_collection"],
                    pair["neutron"]))
                continue
            nattrs += 1
            spec, parent = found
            n = shipped(lib, spec, parent, pair["neutron"])
            a = row_of(m, pair["spec"], t["line"], ends[key])
            got = facets(a) if a else {k: MISSING for _, k in FACETS}
            nmissing += a is None
            r = read.get(norm(pair["spec"]), {})
            line = a["line"] if a else t["line"]
            for facet, k in FACETS:
                if k == "type" and n[k] is UNSTATED:
                    unstated.append("%s:%d: %s %s: neutron-lib states none (attrc %s)" % (
                        t["file"], line, label, facet, json.dumps(got[k])))
                    continue
                x, y, z = got[k], n[k], r.get(k, MISSING)
                if k == "type":
                    x, z = str(x).replace("-", "_"), str(z).replace("-", "_")
                elif k == "default":
                    x, z = canon(x, spec), canon(z, spec)
                total[facet] += 1
                if same(x, y):
                    agree[facet] += 1
                    continue
                cls = ("spec-differs" if same(z, x) else "misread" if same(z, y)
                       else "other")
                classes[cls] += 1
                lines.append("%s:%d: %s %s: attrc %s, neutron-lib %s; reading %s [%s]" % (
                    t["file"], line, label, facet, json.dumps(x, default=str),
                    json.dumps(y, default=str), json.dumps(z, default=str), cls))

    ok, alls = sum(agree.values()), sum(total.values())
    share = ok / max(alls, 1)
    if libversion != mapping["neutron_lib"]:
        print("NOTE: the map was made against neutron-lib %s; this is %s"
              % (mapping["neutron_lib"], libversion))
    print("neutron-lib %s: %d tables of %d specs, %d attributes compared (%d missing from "
          "attrc's model; %d more did not ship), %d facets (%d unstated by neutron-lib)"
          % (libversion, len(mapping["tables"]), len({t["file"] for t in mapping["tables"]}),
             nattrs, nmissing, len(unshipped), alls, len(unstated)))
    for facet, _ in FACETS:
        print("  %-10s %d/%d (%.1f%%)" % (facet, agree[facet], total[facet],
                                          100 * agree[facet] / max(total[facet], 1)))
    print("neutron-lib: %d/%d facets agree (%.1f%%)" % (ok, alls, 100 * share))
    print("disagreements: %d spec-differs, %d misread, %d other"
          % (classes["spec-differs"], classes["misread"], classes["other"]))
    if verbose:
        for line in lines + unshipped + unstated:
            print("  " + line)
    if share < FLOOR:
        print("FAIL: below the floor (%.4f)" % FLOOR)
        sys.exit(1)


if __name__ == "__main__":
    main()
