/* JSON Schema 2020-12, one document per resource (docs/artefacts.md). */
#include "emit.h"

#include "bind.h"
#include "escape.h"
#include "util.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

/* The patterns.  Each is anchored with "^" and "$(?!\n)": Python's re (jsonschema) lets
 * "$" match before a final newline, ECMAScript's (ajv) does not; the lookahead makes
 * both refuse "x\n".  Groups do not capture; nothing depends on backreferences. */
#define DEC_OCTET "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
#define IPV4 DEC_OCTET "(?:\\." DEC_OCTET "){3}"
#define H16 "[0-9a-fA-F]{1,4}"
#define LS32 "(?:" H16 ":" H16 "|" IPV4 ")"
/* RFC 3986's IPv6address, alternative by alternative */
#define IPV6                                                                                  \
    "(?:(?:" H16 ":){6}" LS32 "|::(?:" H16 ":){5}" LS32 "|(?:" H16 ")?::(?:" H16 ":){4}" LS32 \
    "|(?:(?:" H16 ":){0,1}" H16 ")?::(?:" H16 ":){3}" LS32 "|(?:(?:" H16 ":){0,2}" H16        \
    ")?::(?:" H16 ":){2}" LS32 "|(?:(?:" H16 ":){0,3}" H16 ")?::" H16 ":" LS32 "|(?:(?:" H16 \
    ":){0,4}" H16 ")?::" LS32 "|(?:(?:" H16 ":){0,5}" H16 ")?::" H16 "|(?:(?:" H16            \
    ":){0,6}" H16 ")?::)"
#define PORT "(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3}|0)"
#define END "$(?!\\n)"

static const char uuid_re[] = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                              "[0-9a-fA-F]{12}" END;
static const char ip_re[] = "^(?:" IPV4 "|" IPV6 ")" END;
static const char ipv4_re[] = "^" IPV4 END;
static const char ipv6_re[] = "^" IPV6 END;
static const char cidr_re[] = "^(?:" IPV4 "/(?:3[0-2]|[12][0-9]|[0-9])|" IPV6
                              "/(?:12[0-8]|1[01][0-9]|[1-9][0-9]|[0-9]))" END;
static const char mac_re[] = "^[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}" END;
/* "N" or "N:M" with N <= M: a lookahead checks the form and the range of both numbers;
 * the alternatives then allow N alone, N shorter than M, N equal to M (a backreference),
 * and, for each length L of both and each length p of their common prefix (a
 * backreference), a first differing digit of N below M's.  Built once. */
static char port_range_re[4096];

static const char *port_range_pattern(void)
{
    if (port_range_re[0])
        return port_range_re;
    sbuf b = {0};
    sb_puts(&b, "^(?=" PORT "(?::" PORT ")?" END ")(?:[0-9]+");
    for (int a = 1; a < 5; a++)
        sb_printf(&b, "|[0-9]{%d}:[0-9]{%d,5}", a, a + 1);
    int g = 1;
    sb_puts(&b, "|([0-9]+):\\1");
    for (int len = 1; len <= 5; len++)
        for (int p = 0; p < len; p++) {
            int q = len - p - 1;
            char rest[16] = "";
            if (q)
                snprintf(rest, sizeof rest, "[0-9]{%d}", q);
            char back[16] = "";
            if (p) {
                g++;
                snprintf(back, sizeof back, "\\%d", g);
                sb_printf(&b, "|([0-9]{%d})(?:", p);
            } else {
                sb_puts(&b, "|(?:");
            }
            for (int d = 0; d < 9; d++)
                sb_printf(&b, "%s%d%s:%s[%d-9]", d ? "|" : "", d, rest, back, d + 1);
            sb_printf(&b, ")%s", rest);
        }
    sb_puts(&b, ")" END);
    snprintf(port_range_re, sizeof port_range_re, "%s", b.p);
    sb_free(&b);
    return port_range_re;
}

const char *schema_pattern(base_type b)
{
    switch (b) {
    case TY_UUID: return uuid_re;
    case TY_IP: return ip_re;
    case TY_CIDR: return cidr_re;
    case TY_MAC: return mac_re;
    case TY_PORT_RANGE: return port_range_pattern();
    default: return NULL;
    }
}

static json_t *number(double v)
{
    if (v == (double)(json_int_t)v && v > -9007199254740992.0 && v < 9007199254740992.0)
        return json_integer((json_int_t)v);
    return json_real(v);
}

const char *schema_type(base_type b)
{
    switch (b) {
    case TY_BOOLEAN: return "boolean";
    case TY_INTEGER: return "integer";
    case TY_NUMBER: return "number";
    case TY_ARRAY: return "array";
    case TY_OBJECT: return "object";
    case TY_NONE: return NULL;
    default: return "string";
    }
}

/* The $defs name of a string format, its pattern, and what it stands for in the model:
 * a type, or (base TY_NONE) a validation of a string.  The schema's reader
 * (model_from_schema, below) reads the names back through the same table. */
static const struct {
    const char *def, *pattern;
    base_type base;
    vformat fmt;
} formats[] = {
    {"uuid", uuid_re, TY_UUID, FMT_UUID},
    {"ip", ip_re, TY_IP, FMT_IP},
    {"ipv4", ipv4_re, TY_NONE, FMT_IPV4},
    {"ipv6", ipv6_re, TY_NONE, FMT_IPV6},
    {"cidr", cidr_re, TY_CIDR, FMT_NONE},
    {"mac", mac_re, TY_MAC, FMT_NONE},
    {"port_range", NULL, TY_PORT_RANGE, FMT_NONE}, /* port_range_pattern() */
};
#define NFORMATS (int)(sizeof formats / sizeof formats[0])

static int format_of_base(base_type b)
{
    for (int f = 0; f < NFORMATS && b != TY_NONE; f++)
        if (formats[f].base == b)
            return f;
    return -1;
}

static int format_of_valid(vformat v)
{
    for (int f = 0; f < NFORMATS && v != FMT_NONE; f++)
        if (formats[f].fmt == v)
            return f;
    return -1;
}

/* A reference to a string format; `used` collects which ones the document needs. */
static json_t *format_ref(int f, int *used)
{
    char ref[48];
    used[f] = 1;
    snprintf(ref, sizeof ref, "#/$defs/%s", formats[f].def);
    return json_pack("{s:s}", "$ref", ref);
}

/* Puts the format constraints of a string value into s: one $ref, or allOf when the
 * type and the validation each give one. */
static void add_formats(json_t *s, int f1, int f2, int *used)
{
    if (f1 >= 0 && f2 >= 0 && f1 != f2) {
        json_object_set_new(s, "allOf", json_pack("[o, o]", format_ref(f1, used),
                                                  format_ref(f2, used)));
        return;
    }
    int f = f1 >= 0 ? f1 : f2;
    if (f >= 0) {
        json_t *r = format_ref(f, used);
        json_object_set(s, "$ref", json_object_get(r, "$ref"));
        json_decref(r);
    }
}

/* A value of base type b (no null): type, format, and for objects no properties. */
static json_t *base_schema(base_type b, int *used)
{
    json_t *s = json_object();
    const char *t = schema_type(b);
    if (t)
        json_object_set_new(s, "type", json_string(t));
    add_formats(s, format_of_base(b), -1, used);
    if (b == TY_OBJECT)
        json_object_set_new(s, "additionalProperties", json_false());
    return s;
}

/* Replaces each reference to a string format in s by the format's own keywords. */
static void inline_formats(json_t *s)
{
    const char *k;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(s, tmp, k, v)
    {
        if (json_is_object(v)) {
            inline_formats(v);
            continue;
        }
        const char *ref = json_string_value(v);
        if (strcmp(k, "$ref") != 0 || !ref || strncmp(ref, "#/$defs/", 8) != 0)
            continue;
        for (int f = 0; f < NFORMATS; f++)
            if (strcmp(ref + 8, formats[f].def) == 0) {
                json_object_set_new(s, "pattern", json_string(formats[f].pattern
                                                                  ? formats[f].pattern
                                                                  : port_range_pattern()));
                if (f == 0)
                    json_object_set_new(s, "format", json_string("uuid"));
            }
        json_object_del(s, "$ref");
    }
}

json_t *schema_of_type(const mtype *t)
{
    int used[NFORMATS] = {0};
    json_t *s = base_schema(t->base, used);
    if (t->base == TY_ARRAY)
        json_object_set_new(s, "items", base_schema(t->items, used));
    inline_formats(s);
    return s;
}

/* ---- the Neutron dialect (docs/validators.md "The Neutron dialect") ----
 * What neutron-lib accepts before it converts, as far as a pattern can say it (the C
 * validators check the rest: docs/validators.md lists what the schema leaves out). */

/* Python's white space: str.strip()'s (str.isspace()), and int()'s (not \x1c-\x1f) */
#define PY_SPACE "[\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"
#define INT_SPACE "[\\t-\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"
#define HX "[0-9a-fA-F]"
static const char n_bool_re[] = "^" PY_SPACE "*(?:[tT](?:[rR][uU][eE])?|[yY](?:[eE][sS])?|[oO]"
                                "(?:[nN]|[fF][fF])|1|[fF](?:[aA][lL][sS][eE])?|[nN][oO]?|0)"
                                PY_SPACE "*" END;
static const char n_int_re[] = "^" INT_SPACE "*[+-]?[0-9](?:_?[0-9])*" INT_SPACE "*" END;
static const char n_uuid_re[] = "^(?:urn:)?(?:uuid:)?[{}]*-*(?:" HX "-*){32}[{}]*" END;
static const char n_mac_re[] =
    "^(?![0:.-]+\\n?" END ")(?!(?:[fF]{2}[:-]){5}[fF]{2}\\n?" END "|[fF]{4}[:.-][fF]{4}[:.-]"
    "[fF]{4}\\n?" END "|[fF]{6}[:-][fF]{6}\\n?" END "|[fF]{12}\\n?" END ")(?:" HX "{1,2}(?::"
    HX "{1,2}){5}|" HX "{1,2}(?:-" HX "{1,2}){5}|" HX "{1,4}(?::" HX "{1,4}){2}|" HX "{1,4}"
    "(?:-" HX "{1,4}){2}|" HX "{1,4}(?:\\." HX "{1,4}){2}|" HX "{5,6}[:-]" HX "{5,6}|" HX
    "{11,12})\\n?" END;
static const char n_subnet_re[] =
    "^(?:" IPV4 "/(?:3[0-2]|[12][0-9]|[0-9])|" IPV6 "/(?:\\+?(?:0_?)*(?:1_?2_?[0-8]|1_?[01]_?"
    "[0-9]|[1-9]_?[0-9]|[0-9])|-(?:0_?)*0))" END;

static json_t *string_pattern(const char *re)
{
    return json_pack("{s:s, s:s}", "type", "string", "pattern", re);
}

/* The Neutron dialect's schema of a string format, or NULL where it is the strict one. */
static json_t *neutron_string(base_type b)
{
    switch (b) {
    case TY_UUID: return string_pattern(n_uuid_re);
    case TY_CIDR: return string_pattern(n_subnet_re);
    case TY_MAC: return string_pattern(n_mac_re);
    default: return NULL;
    }
}

/* The integers the bounds of v allow, inclusive (exclusive bounds made inclusive). */
static void int_bounds(const mvalid *v, double *lo, double *hi)
{
    *lo = !v->has_min ? -HUGE_VAL : v->min_excl ? floor(v->min) + 1 : ceil(v->min);
    *hi = !v->has_max ? HUGE_VAL : v->max_excl ? ceil(v->max) - 1 : floor(v->max);
}

/* Whether the integer i passes v's bounds and values. */
static int int_allowed(const mvalid *v, double i)
{
    double lo, hi;
    int_bounds(v, &lo, &hi);
    if (i < lo || i > hi)
        return 0;
    for (size_t k = 0; v->enumv && k < json_array_size(v->enumv); k++)
        if (json_number_value(json_array_get(v->enumv, k)) == i)
            return 1;
    return !v->enumv;
}

/* convert_to_int's inputs: an integer in the bounds (or values), a number whose integer
 * part is (bounds only), true (1) and false (0) where allowed, a string int() reads
 * (its value unchecked: the C validators check it). */
static json_t *neutron_integer(const mvalid *v)
{
    json_t *any = json_array(), *i = json_pack("{s:s}", "type", "integer");
    double lo, hi;
    int_bounds(v, &lo, &hi);
    if (v->enumv)
        json_object_set(i, "enum", v->enumv);
    if (v->has_min)
        json_object_set_new(i, "minimum", number(lo));
    if (v->has_max)
        json_object_set_new(i, "maximum", number(hi));
    json_array_append_new(any, i);
    if (!v->enumv) { /* int(x) cuts toward zero: lo <= int(x) <= hi */
        json_t *n = json_pack("{s:s}", "type", "number");
        if (v->has_min)
            json_object_set_new(n, lo <= 0 ? "exclusiveMinimum" : "minimum",
                                number(lo <= 0 ? lo - 1 : lo));
        if (v->has_max)
            json_object_set_new(n, hi >= 0 ? "exclusiveMaximum" : "maximum",
                                number(hi >= 0 ? hi + 1 : hi));
        json_array_append_new(any, n);
    }
    for (int b = 1; b >= 0; b--)
        if (int_allowed(v, b))
            json_array_append_new(any, json_pack("{s:b}", "const", b));
    json_array_append_new(any, string_pattern(n_int_re));
    return json_pack("{s:o}", "anyOf", any);
}

/* The values of a's type under the Neutron dialect, with its checks; NULL where the type
 * is checked as the strict dialect checks it. */
static json_t *neutron_schema(const mattr *a)
{
    const mvalid *v = &a->valid;
    switch (a->type.base) {
    case TY_BOOLEAN:
        if (json_array_size(v->enumv) == 1)
            return NULL;
        return json_pack("{s:[{s:s}, {s:[i, i]}, o]}", "anyOf", "type", "boolean", "enum", 0, 1,
                         string_pattern(n_bool_re));
    case TY_INTEGER: return neutron_integer(v);
    case TY_ARRAY: {
        base_type it = v->items_format ? v->items_format : a->type.items;
        json_t *items = neutron_string(it);
        if (!items && base_is_string(it))
            items = string_pattern(schema_pattern(it) ? schema_pattern(it) : ".*");
        if (!items)
            return NULL;
        if (it == TY_STRING)
            json_object_del(items, "pattern");
        json_t *arr = json_pack("{s:s, s:o}", "type", "array", "items", items);
        if (it == TY_UUID || it == TY_STRING || it == TY_CIDR)
            json_object_set_new(arr, "uniqueItems", json_true());
        return json_pack("{s:[{s:s}, o]}", "anyOf", "type", "null", arr); /* null is [] */
    }
    default: return neutron_string(a->type.base);
    }
}

static json_t *attr_schema(const mattr *a, const char *as, int *used);
static int in_form(const mattr *a, const char *as);

/* The object of a dict attribute's members (docs/spec-format.md "Nested attributes"):
 * closed unless free-form; its required members are required wherever it is written,
 * and a member with an access of its own is in the forms its access puts it in. */
static json_t *members_schema(const mattr *a, const char *as, int *used)
{
    json_t *s = json_pack("{s:s}", "type", "object");
    json_t *props = json_object(), *req = json_array();
    for (int k = 0; k < a->nmembers; k++) {
        const mattr *mm = &a->members[k];
        if (json_object_get(props, mm->name) || (mm->own_access && !in_form(mm, as)))
            continue; /* a name written twice: the first */
        json_object_set_new(props, mm->name, attr_schema(mm, as, used));
        if (mm->required && strcmp(as, "resource") != 0)
            json_array_append_new(req, json_string(mm->name));
    }
    return schema_object_close(s, props, req, a->free_form);
}

json_t *schema_object_close(json_t *s, json_t *props, json_t *req, int free_form)
{
    if (json_object_size(props))
        json_object_set_new(s, "properties", props);
    else
        json_decref(props);
    if (json_array_size(req))
        json_object_set_new(s, "required", req);
    else
        json_decref(req);
    if (!free_form)
        json_object_set_new(s, "additionalProperties", json_false());
    return s;
}

/* The schema of the values of a's type with its checks, as the strict dialect says. */
static json_t *value_schema(const mattr *a, const char *as, int *used)
{
    const mvalid *v = &a->valid;
    json_t *s;
    if (base_is_string(a->type.base)) {
        s = json_pack("{s:s}", "type", "string");
        add_formats(s, format_of_base(a->type.base), format_of_valid(v->format), used);
    } else if (a->type.base == TY_OBJECT) {
        s = members_schema(a, as, used);
    } else {
        s = base_schema(a->type.base, used);
    }
    if (a->type.base == TY_ARRAY) {
        base_type it = v->items_format ? v->items_format : a->type.items;
        json_object_set_new(s, "items", it == TY_OBJECT ? members_schema(a, as, used)
                                                        : base_schema(it, used));
    }
    if (v->enumv)
        json_object_set(s, "enum", v->enumv);
    if (v->has_min)
        json_object_set_new(s, v->min_excl ? "exclusiveMinimum" : "minimum", number(v->min));
    if (v->has_max)
        json_object_set_new(s, v->max_excl ? "exclusiveMaximum" : "maximum", number(v->max));
    if (v->max_len >= 0)
        json_object_set_new(s, "maxLength", json_integer(v->max_len));
    if (a->nullable) {
        /* null, or a value: anyOf keeps ajv's strict mode (no union types) */
        json_t *n = json_pack("{s:[{s:s}, o]}", "anyOf", "type", "null", s);
        s = n;
    }
    return s;
}

/* The schema of an attribute's values.  `as` is "create", "update" or "resource". */
static json_t *attr_schema(const mattr *a, const char *as, int *used)
{
    /* a request under the Neutron dialect: what neutron-lib takes; a resource as returned
     * holds the converted values, which the strict schema describes */
    json_t *s = a->neutron && strcmp(as, "resource") != 0 ? neutron_schema(a) : NULL;
    if (s && a->valid.max_len >= 0 && a->type.base != TY_ARRAY)
        json_object_set_new(s, "maxLength", json_integer(a->valid.max_len));
    if (s && a->nullable && a->type.base != TY_ARRAY) /* (a list's null is []) */
        s = json_pack("{s:[{s:s}, o]}", "anyOf", "type", "null", s);
    if (!s)
        s = value_schema(a, as, used);
    if (a->neutron && strcmp(as, "resource") != 0 && a->type.base == TY_ARRAY &&
        !json_object_get(s, "anyOf")) /* a list of dicts, ...: null is [] too */
        s = json_pack("{s:[{s:s}, o]}", "anyOf", "type", "null", s);
    if (strcmp(as, "create") == 0) {
        if (a->def.kind == DEF_VALUE && a->def.value)
            json_object_set(s, "default", a->def.value);
        else if (a->def.kind == DEF_NULL)
            json_object_set_new(s, "default", json_null());
    }
    if (strcmp(as, "resource") == 0 && a->access.write == WHO_NOBODY)
        json_object_set_new(s, "readOnly", json_true());
    if (a->description[0])
        json_object_set_new(s, "description", json_string(a->description));
    return s;
}

/* Whether an attribute is in a form: "create" (writable on create), "update" (on
 * update) or "resource" (visible to someone). */
static int in_form(const mattr *a, const char *as)
{
    return strcmp(as, "create") == 0   ? a->access.post
           : strcmp(as, "update") == 0 ? a->access.put
                                       : a->access.see != WHO_NOBODY;
}

/* A form's object: its attributes, the required ones on create; `closed` adds
 * additionalProperties false (an extension's own part stays open, for allOf, and says
 * false to its attributes that are not in the form). */
static json_t *body(const mresource *r, const char *as, const char *what, int closed,
                    int *used)
{
    json_t *props = json_object(), *req = json_array();
    for (int k = 0; k < r->nattrs; k++) {
        const mattr *a = &r->attrs[k];
        if (!in_form(a, as)) {
            /* an extension's part is open (the base's attributes pass), but its own
             * attributes that are not in this form are not: read-only ones on create */
            if (!closed)
                json_object_set_new(props, a->name, json_false());
            continue;
        }
        json_object_set_new(props, a->name, attr_schema(a, as, used));
        if (strcmp(as, "create") == 0 && a->required)
            json_array_append_new(req, json_string(a->name));
    }
    json_t *s = json_pack("{s:s, s:s, s:o}", "type", "object", "description", what,
                          "properties", props);
    if (json_array_size(req))
        json_object_set_new(s, "required", req);
    else
        json_decref(req);
    if (closed)
        json_object_set_new(s, "additionalProperties", json_false());
    return s;
}

/* Whether the extension or one of its peers defines the attribute (its row replaces the
 * base's). */
static int redefined(const mresource *ext, const char *name)
{
    if (mresource_attr(ext, name))
        return 1;
    for (int k = 0; k < ext->npeers; k++)
        if (mresource_attr(ext->peers[k], name))
            return 1;
    return 0;
}

/* The base's part of an extension's form: each attribute of the base in that form (but
 * those the extensions redefine) as a $ref to its schema in the base's own document, and
 * the base's required ones. */
static json_t *base_part(const mresource *ext, const char *as)
{
    const mresource *base = ext->base;
    json_t *props = json_object(), *req = json_array();
    for (int k = 0; k < base->nattrs; k++) {
        const mattr *a = &base->attrs[k];
        if (!in_form(a, as) || redefined(ext, a->name))
            continue;
        sbuf ref = {0};
        sb_printf(&ref, "%s#/$defs/%s/properties/", ext->base_id, as);
        schema_pointer_token(&ref, a->name);
        json_object_set_new(props, a->name, json_pack("{s:s}", "$ref", ref.p));
        sb_free(&ref);
        if (strcmp(as, "create") == 0 && a->required)
            json_array_append_new(req, json_string(a->name));
    }
    json_t *s = json_pack("{s:s, s:o}", "type", "object", "properties", props);
    if (json_array_size(req))
        json_object_set_new(s, "required", req);
    else
        json_decref(req);
    return s;
}

/* An extension's form `as`: with its base known, the base's part and the added part
 * together, closed over both (2020-12: unevaluatedProperties sees through allOf); else
 * the added part alone, open, since the base's attributes are not known here. */
static json_t *extension_form(const mresource *r, const char *as, const char *what)
{
    char added[64];
    snprintf(added, sizeof added, "#/$defs/%s_added", as);
    if (!r->base) {
        sbuf d = {0};
        sb_printf(&d, "%s Only what this spec adds to %s: the attributes %s has already are "
                      "not known here, so they pass unchecked (docs/spec-format.md, "
                      "\"Extensions\").",
                  what, r->member, r->member);
        json_t *s = json_pack("{s:s, s:s}", "description", d.p, "$ref", added);
        sb_free(&d);
        return s;
    }
    sbuf d = {0};
    sb_printf(&d, "%s The attributes of %s (%s), what this spec adds%s, and nothing else.", what,
              r->member, r->base_id, r->npeers ? " and what the other extensions of the run add"
                                                : "");
    json_t *all = json_pack("[{s:s}]", "$ref", added);
    for (int k = 0; k < r->npeers; k++) {
        sbuf ref = {0};
        sb_printf(&ref, "%s#/$defs/%s_added", r->peer_ids[k], as);
        json_array_append_new(all, json_pack("{s:s}", "$ref", ref.p));
        sb_free(&ref);
    }
    json_array_append_new(all, base_part(r, as));
    json_t *s = json_pack("{s:s, s:s, s:o, s:b}", "type", "object", "description", d.p, "allOf",
                          all, "unevaluatedProperties", 0);
    sb_free(&d);
    return s;
}

static json_t *envelope(const char *member, const char *def, const char *what)
{
    char ref[64];
    snprintf(ref, sizeof ref, "#/$defs/%s", def);
    return json_pack("{s:s, s:s, s:{s:{s:s}}, s:[s], s:b}", "type", "object", "description",
                     what, "properties", member, "$ref", ref, "required", member,
                     "additionalProperties", 0);
}

char *schema_id(const char *spec_file, const char *member)
{
    sbuf id = {0};
    char *spec_name = esc_utf8_valid(spec_file);
    sb_puts(&id, "urn:attrc:");
    esc_uri(&id, spec_name);
    sb_putc(&id, ':');
    esc_uri(&id, member);
    free(spec_name);
    return sb_take(&id);
}

void schema_pointer_token(sbuf *b, const char *name)
{
    sbuf ptr = {0};
    for (const char *p = name; *p; p++) {
        if (*p == '~' || *p == '/')
            sb_puts(&ptr, *p == '~' ? "~0" : "~1");
        else
            sb_putc(&ptr, *p);
    }
    esc_uri(b, ptr.p ? ptr.p : "");
    sb_free(&ptr);
}

json_t *schema_json(const mresource *r, const char *spec_file)
{
    sbuf desc = {0}, t = {0};
    char *spec_name = esc_utf8_valid(spec_file); /* jansson takes UTF-8 only */
    char *id = schema_id(spec_file, r->member);
    if (r->extends)
        sb_printf(&desc, "What %s adds to the %s resource (collection %s), which exists "
                         "already.",
                  spec_name, r->member, r->collection);
    else
        sb_printf(&desc, "The %s resource (collection %s), from the attribute tables of %s.",
                  r->member, r->collection, spec_name);
    json_t *defs = json_object();
    int used[NFORMATS] = {0};
    static const char *const forms[] = {"create", "update", "resource"};
    for (int f = 0; f < 3; f++) {
        sb_reset(&t);
        if (f == 0)
            sb_puts(&t, "The body of a POST: the attributes a client may set on create.");
        else if (f == 1)
            sb_puts(&t, "The body of a PUT: the attributes a client may change.");
        else
            sb_printf(&t, "The %s as returned: every attribute, read-only ones marked.",
                      r->member);
        if (!r->extends) {
            json_object_set_new(defs, forms[f], body(r, forms[f], t.p, 1, used));
            continue;
        }
        json_object_set_new(defs, forms[f], extension_form(r, forms[f], t.p));
    }
    if (r->extends)
        for (int f = 0; f < 3; f++) {
            char name[32];
            snprintf(name, sizeof name, "%s_added", forms[f]);
            sb_reset(&t);
            sb_printf(&t, "What this spec adds to the %s form of %s.", forms[f], r->member);
            json_object_set_new(defs, name, body(r, forms[f], t.p, 0, used));
        }
    sb_reset(&t);
    sb_printf(&t, "A POST request: {\"%s\": {...}}.", r->member);
    json_object_set_new(defs, "create_request", envelope(r->member, "create", t.p));
    sb_reset(&t);
    sb_printf(&t, "A PUT request: {\"%s\": {...}}.", r->member);
    json_object_set_new(defs, "update_request", envelope(r->member, "update", t.p));
    sb_reset(&t);
    sb_printf(&t, "A response: {\"%s\": {...}}.", r->member);
    json_object_set_new(defs, "response", envelope(r->member, "resource", t.p));
    /* the string formats this resource uses, after the bodies */
    for (int f = 0; f < NFORMATS; f++) {
        if (!used[f])
            continue;
        const char *pat = formats[f].pattern ? formats[f].pattern : port_range_pattern();
        json_t *fs = json_pack("{s:s, s:s}", "type", "string", "pattern", pat);
        if (f == 0) /* an annotation; the pattern is what every validator checks */
            json_object_set_new(fs, "format", json_string("uuid"));
        json_object_set_new(defs, formats[f].def, fs);
    }
    json_t *doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "$schema",
                            "https://json-schema.org/draft/2020-12/schema", "$id", id,
                            "title", r->member, "description", desc.p, "$ref",
                            "#/$defs/resource", "$defs", defs);
    free(id);
    sb_free(&desc);
    sb_free(&t);
    free(spec_name);
    return doc;
}

char *emit_schema(const mresource *r, const char *spec_file)
{
    return json_document(schema_json(r, spec_file), 2);
}

void emit_schema_files(const emit_in *in, emit_files *out)
{
    for (int r = 0; r < in->m->nres; r++) {
        sbuf file = {0};
        sb_printf(&file, "%s.schema.json", in->m->res[r].member);
        emit_files_add(out, file.p, emit_schema(&in->m->res[r], in->spec_name));
        sb_free(&file);
    }
    if (in->m->nstructs) /* the spec's structures, one document of them all */
        emit_files_add(out, "structures.schema.json",
                       emit_structs_schema(in->m, in->spec_name));
}

void emit_files_add(emit_files *f, const char *name, char *data)
{
    f->v = xgrow(f->v, (size_t)f->n, sizeof *f->v);
    f->v[f->n++] = (emit_file){xstrdup(name), data};
}

void emit_files_free(emit_files *f)
{
    for (int k = 0; k < f->n; k++) {
        free(f->v[k].name);
        free(f->v[k].data);
    }
    free(f->v);
    f->v = NULL;
    f->n = 0;
}

char *json_document(json_t *doc, int indent)
{
    char *text = json_dumps(doc, JSON_INDENT(indent) | JSON_PRESERVE_ORDER);
    json_decref(doc);
    sbuf out = {0};
    sb_puts(&out, text ? text : "null");
    sb_putc(&out, '\n');
    free(text);
    return sb_take(&out);
}

/* ---- reading a schema back: the layout above, into a model ---- */

static int schema_base(const json_t *s, base_type *b, int *nullable, vformat *f)
{
    *nullable = 0;
    const json_t *any = json_object_get(s, "anyOf");
    if (json_is_array(any) && json_array_size(any) == 2) {
        *nullable = 1;
        s = json_array_get(any, 1);
    }
    const char *t = json_string_value(json_object_get(s, "type"));
    const char *ref = json_string_value(json_object_get(s, "$ref"));
    *f = FMT_NONE;
    if (!t)
        return -1;
    if (strcmp(t, "string") == 0) {
        *b = TY_STRING;
        for (int k = 0; ref && k < NFORMATS; k++)
            if (strncmp(ref, "#/$defs/", 8) == 0 && strcmp(ref + 8, formats[k].def) == 0) {
                if (formats[k].base != TY_NONE)
                    *b = formats[k].base;
                else
                    *f = formats[k].fmt;
            }
    } else if (strcmp(t, "boolean") == 0) {
        *b = TY_BOOLEAN;
    } else if (strcmp(t, "integer") == 0) {
        *b = TY_INTEGER;
    } else if (strcmp(t, "number") == 0) {
        *b = TY_NUMBER;
    } else if (strcmp(t, "array") == 0) {
        *b = TY_ARRAY;
    } else if (strcmp(t, "object") == 0) {
        *b = TY_OBJECT;
    } else {
        return -1;
    }
    return 0;
}

int model_from_schema(model *m, const char *path, const json_t *doc, diag *d)
{
    memset(m, 0, sizeof *m);
    m->file = xstrdup(path);
    const json_t *defs = json_object_get(doc, "$defs");
    const char *title = json_string_value(json_object_get(doc, "title"));
    /* an extension's own attributes are in the *_added forms (docs/artefacts.md) */
    int ext = json_object_get(defs, "resource_added") != NULL;
    const json_t *res = json_object_get(defs, ext ? "resource_added" : "resource");
    const json_t *props = json_object_get(res, "properties");
    if (!title || !json_is_object(props)) {
        diag_report_code(d, NULL, path, 0, 0, DIAG_ERROR, "bad-schema",
                         "not a JSON Schema attrc wrote: no title or $defs/resource");
        return -1;
    }
    const json_t *create = json_object_get(defs, ext ? "create_added" : "create");
    const json_t *cprops = json_object_get(create, "properties");
    const json_t *uprops =
        json_object_get(json_object_get(defs, ext ? "update_added" : "update"), "properties");
    const json_t *req = json_object_get(create, "required");
    m->res = xcalloc(1, sizeof *m->res);
    m->nres = 1;
    mresource *r = &m->res[0];
    r->member = xstrdup(title);
    r->collection = plural_of(title);
    r->bound_by = xstrdup("schema");
    r->extends = ext;
    r->extends_by = ext ? xstrdup("schema") : NULL;
    const char *name;
    json_t *p;
    json_object_foreach((json_t *)props, name, p)
    {
        if (json_is_false(p))
            continue; /* an extension's own attribute that is not in this form */
        mattr a;
        memset(&a, 0, sizeof a);
        a.valid.max_len = -1;
        if (schema_base(p, &a.type.base, &a.nullable, &a.valid.format) != 0) {
            diag_report_code(d, NULL, path, 0, 0, DIAG_ERROR, "bad-schema",
                             "property '%s' has no type attrc writes", name);
            continue;
        }
        const json_t *any = json_object_get(p, "anyOf");
        const json_t *v = any ? json_array_get(any, 1) : p;
        if (a.type.base == TY_ARRAY) {
            base_type it = TY_NONE;
            int nul;
            vformat f;
            if (schema_base(json_object_get(v, "items"), &it, &nul, &f) == 0)
                a.type.items = it;
        }
        if (json_object_get(v, "enum"))
            a.valid.enumv = json_deep_copy(json_object_get(v, "enum"));
        const json_t *x;
        if ((x = json_object_get(v, "minimum")) || (x = json_object_get(v, "exclusiveMinimum"))) {
            a.valid.has_min = 1;
            a.valid.min = json_number_value(x);
            a.valid.min_excl = json_object_get(v, "exclusiveMinimum") != NULL;
        }
        if ((x = json_object_get(v, "maximum")) || (x = json_object_get(v, "exclusiveMaximum"))) {
            a.valid.has_max = 1;
            a.valid.max = json_number_value(x);
            a.valid.max_excl = json_object_get(v, "exclusiveMaximum") != NULL;
        }
        if ((x = json_object_get(v, "maxLength")))
            a.valid.max_len = (long)json_integer_value(x);
        a.name = xstrdup(name);
        a.c_name = c_mangle(name);
        const char *desc = json_string_value(json_object_get(p, "description"));
        a.description = xstrdup(desc ? desc : "");
        a.file = xstrdup(path);
        a.access.see = WHO_ALL;
        a.access.post = json_is_object(json_object_get(cprops, name));
        a.access.put = json_is_object(json_object_get(uprops, name));
        a.access.write = (a.access.post || a.access.put) ? WHO_ALL : WHO_NOBODY;
        size_t i;
        json_t *rn;
        json_array_foreach(req, i, rn) a.required |= json_is_string(rn) &&
                                                     strcmp(json_string_value(rn), name) == 0;
        const json_t *cp = json_object_get(cprops, name);
        const json_t *dv = cp ? json_object_get(cp, "default") : NULL;
        if (dv && json_is_null(dv))
            a.def.kind = DEF_NULL;
        else if (dv) {
            a.def.kind = DEF_VALUE;
            a.def.value = json_deep_copy(dv);
        }
        r->attrs = xgrow(r->attrs, (size_t)r->nattrs, sizeof *r->attrs);
        r->attrs[r->nattrs++] = a;
    }
    return 0;
}
