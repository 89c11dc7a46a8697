/* Request validation: the shared logic that generated code calls (include/attrc/attrc.h).
 * The checks follow the JSON Schema attrc emits (docs/artefacts.md) exactly, so that an
 * admin's verdict is the schema's; the caller-dependent checks come on top. */
#include "internal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    int status;
} codes[] = {
#define ATTRC_ROW_(id, name, status) {name, status},
    ATTRC_ERRORS(ATTRC_ROW_)
#undef ATTRC_ROW_
};

const char *attrc_code_name(attrc_code code)
{
    return (unsigned)code < ATTRC_NCODES ? codes[code].name : NULL;
}

int attrc_code_status(attrc_code code)
{
    return (unsigned)code < ATTRC_NCODES ? codes[code].status : 0;
}

void attrc_report_init(attrc_report *r)
{
    r->count = 0;
    r->dropped = 0;
}

int attrc_report_status(const attrc_report *r)
{
    int status = 0;
    for (int k = 0; k < r->count; k++)
        if (r->errors[k].status > status)
            status = r->errors[k].status;
    return status ? status : r->dropped ? 400 : 0;
}

/* Appends one RFC 6901 segment ("/" and the text, "~" as "~0", "/" as "~1") while it
 * fits in `cap`; returns 0 when it had to stop. */
static int segment(char *out, size_t *o, size_t cap, const char *s, size_t len)
{
    if (*o + 1 > cap)
        return 0;
    out[(*o)++] = '/';
    for (size_t i = 0; i < len; i++) {
        const char *rep = s[i] == '~' ? "~0" : s[i] == '/' ? "~1" : NULL;
        size_t n = rep ? 2 : 1;
        if (*o + n > cap)
            return 0;
        memcpy(out + *o, rep ? rep : s + i, n);
        *o += n;
    }
    return 1;
}

/* Ends `out` (o bytes) with "..." after a cut, not inside a UTF-8 sequence. */
static void cut(char *out, size_t o)
{
    while (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0x80)
        o--;
    if (o > 0 && (unsigned char)out[o - 1] >= 0xC0)
        o--;
    memcpy(out + o, "...", 4);
}

/* Whether a pointer of n bytes was cut (ends with "..."). */
static int was_cut(const char *p, size_t n) { return n >= 3 && memcmp(p + n - 3, "...", 3) == 0; }

int attrc_pointer_append_(char *out, size_t *o, size_t cap, const char *s, size_t len)
{
    if (was_cut(out, *o))
        return 0;
    size_t lim = cap - 4; /* room for "..." and the NUL */
    if (*o > lim || !segment(out, o, lim, s, len)) {
        cut(out, *o > lim ? lim : *o);
        *o = strlen(out);
        return 0;
    }
    out[*o] = 0;
    return 1;
}

/* The pointer of an attribute ("/name"), of one of its items ("/name/3") or of a key of
 * its object ("/name/key"), under `prefix` (escaped already); cut, ending with "...",
 * when it does not fit. */
static void pointer(char *out, const char *prefix, const char *name, size_t len, long item,
                    const char *key)
{
    size_t o = 0, cap = ATTRC_POINTER_MAX - 4; /* room for "..." and the NUL */
    if (prefix && *prefix) {
        size_t n = strlen(prefix);
        if (n >= ATTRC_POINTER_MAX)
            n = ATTRC_POINTER_MAX - 1;
        memcpy(out, prefix, n);
        out[n] = 0;
        if (was_cut(out, n))
            return;
        if (n > cap) {
            cut(out, cap);
            return;
        }
        o = n;
    }
    int ok = 1;
    if (name)
        ok = segment(out, &o, cap, name, len);
    if (ok && item >= 0) {
        char idx[24];
        int n = snprintf(idx, sizeof idx, "%ld", item);
        ok = segment(out, &o, cap, idx, (size_t)n);
    }
    if (ok && key)
        ok = segment(out, &o, cap, key, strlen(key));
    if (!ok) {
        cut(out, o);
        return;
    }
    out[o] = 0;
}

void attrc_add_error_(attrc_report *r, attrc_code code, const char *name, size_t len,
                      long item, const char *key, const char *message)
{
    attrc_add_error_at_(r, code, NULL, name, len, item, key, message);
}

void attrc_add_error_at_(attrc_report *r, attrc_code code, const char *prefix,
                         const char *name, size_t len, long item, const char *key,
                         const char *message)
{
    if (r->count == ATTRC_REPORT_MAX) {
        r->dropped++;
        return;
    }
    attrc_error *e = &r->errors[r->count++];
    e->code = code;
    e->status = codes[code].status;
    pointer(e->pointer, prefix, name, len, item, key);
    size_t n = strlen(message);
    if (n >= sizeof e->message)
        n = sizeof e->message - 1;
    memcpy(e->message, message, n);
    e->message[n] = 0;
}

/* "PREFIX N": N as an integer where it is one (the usual bound), else %.17g. */
static void bound_message(char *out, size_t cap, const char *prefix, double v)
{
    size_t o = strlen(prefix);
    memcpy(out, prefix, o);
    if (v == floor(v) && fabs(v) < 1e15) {
        char digits[24];
        int n = 0;
        long long x = (long long)v;
        unsigned long long u = x < 0 ? (unsigned long long)(-(x + 1)) + 1u : (unsigned long long)x;
        do {
            digits[n++] = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (x < 0)
            out[o++] = '-';
        while (n)
            out[o++] = digits[--n];
        out[o] = 0;
    } else {
        snprintf(out + o, cap - o, "%.17g", v);
    }
}

int attrc_fail_(attrc_ctx *c, attrc_code code, const char *message)
{
    char at[ATTRC_POINTER_MAX];
    c->failed = 1;
    attrc_add_error_at_(c->report, code, attrc_ctx_prefix_(c, at), c->name, c->name_len,
                        c->item, NULL, message);
    return 0;
}

json_t *attrc_report_json(const attrc_report *r)
{
    json_t *errors = json_array();
    if (!errors)
        return NULL;
    for (int k = 0; k < r->count; k++) {
        const attrc_error *e = &r->errors[k];
        /* a pointer or message cut inside a name may not be UTF-8 that jansson takes */
        json_t *o = json_pack("{s:s, s:i, s:s?, s:s}", "code", codes[e->code].name, "status",
                              e->status, "pointer", e->pointer, "message", e->message);
        if (!o)
            o = json_pack("{s:s, s:i, s:s, s:s}", "code", codes[e->code].name, "status",
                          e->status, "pointer", "", "message", e->message);
        if (!o || json_array_append_new(errors, o) != 0) {
            json_decref(errors);
            return NULL;
        }
    }
    return json_pack("{s:o, s:i}", "errors", errors, "dropped", r->dropped);
}

/* ---- checks of values ---- */

static int is_integral(const json_t *v)
{
    if (json_is_integer(v))
        return 1;
    if (!json_is_real(v))
        return 0;
    double d = json_real_value(v);
    return isfinite(d) && floor(d) == d;
}

static const char *type_message(attrc_type t)
{
    switch (t) {
    case ATTRC_TYPE_STRING: return "must be a string";
    case ATTRC_TYPE_BOOLEAN: return "must be true or false";
    case ATTRC_TYPE_INTEGER: return "must be an integer";
    case ATTRC_TYPE_NUMBER: return "must be a number";
    case ATTRC_TYPE_ARRAY: return "must be a list";
    case ATTRC_TYPE_OBJECT: return "must be an object";
    default: return "has the wrong type";
    }
}

static int type_ok(const json_t *v, attrc_type t)
{
    switch (t) {
    case ATTRC_TYPE_ANY: return 1;
    case ATTRC_TYPE_STRING: return json_is_string(v);
    case ATTRC_TYPE_BOOLEAN: return json_is_boolean(v);
    case ATTRC_TYPE_INTEGER: return is_integral(v);
    case ATTRC_TYPE_NUMBER: return json_is_number(v);
    case ATTRC_TYPE_ARRAY: return json_is_array(v);
    case ATTRC_TYPE_OBJECT: return json_is_object(v);
    }
    return 0;
}

/* 1 when the `n` bytes at `s` are UTF-8.  Most strings of a request are short and ASCII:
 * their bytes are ORed together eight at a time (the last eight overlapping the others)
 * and tested once; a string with other bytes goes to attrc_utf8_length. */
static int utf8_ok(const char *s, size_t n)
{
    uint64_t acc = 0, w;
    if (n >= 8) {
        for (size_t i = 0; i + 8 <= n; i += 8) {
            memcpy(&w, s + i, 8);
            acc |= w;
        }
        memcpy(&w, s + n - 8, 8);
        acc |= w;
    } else {
        for (size_t i = 0; i < n; i++)
            acc |= (unsigned char)s[i];
    }
    return !(acc & UINT64_C(0x8080808080808080)) || attrc_utf8_length(s, n) >= 0;
}

static str bytes_of(const json_t *v)
{
    str b = {json_string_value(v), json_string_length(v)};
    return b;
}

/* The bytes of the string v: those attrc_check_type kept when v is the value it passed. */
static str string_bytes(const attrc_ctx *c, const json_t *v)
{
    return v == c->seen ? c->seen_str : bytes_of(v);
}

#define ENCODING_MESSAGE "must be valid UTF-8"

int attrc_check_type(attrc_ctx *c, const json_t *v, attrc_type t)
{
    if (!type_ok(v, t))
        return attrc_fail_(c, ATTRC_E_TYPE, type_message(t));
    if (!json_is_string(v))
        return 1;
    /* parsed strings are always UTF-8, but a service can build one that is not with
     * json_stringn_nocheck; the format, enum and length checks take the bytes as UTF-8,
     * so such a string must not reach them */
    str b = bytes_of(v);
    if (!utf8_ok(b.s, b.n))
        return attrc_fail_(c, ATTRC_E_ENCODING, ENCODING_MESSAGE);
    c->seen = v;
    c->seen_str = b;
    return 1;
}

static int format_ok(str b, attrc_format f)
{
    const char *s = b.s;
    size_t n = b.n;
    switch (f) {
    case ATTRC_FORMAT_NONE: return 1;
    case ATTRC_FORMAT_UUID: return attrc_is_uuid(s, n);
    case ATTRC_FORMAT_IP: return attrc_is_ip(s, n);
    case ATTRC_FORMAT_IPV4: return attrc_is_ipv4(s, n);
    case ATTRC_FORMAT_IPV6: return attrc_is_ipv6(s, n);
    case ATTRC_FORMAT_CIDR: return attrc_is_cidr(s, n);
    case ATTRC_FORMAT_MAC: return attrc_is_mac(s, n);
    case ATTRC_FORMAT_PORT_RANGE: return attrc_is_port_range(s, n);
    case ATTRC_FORMAT_UUID_LIKE: return attrc_is_uuid_like(s, n);
    case ATTRC_FORMAT_SUBNET: return attrc_is_subnet(s, n);
    }
    return 0;
}

static const char *format_message(attrc_format f)
{
    static const char *const m[] = {"",
                                    "must be a UUID (8-4-4-4-12 hexadecimal digits)",
                                    "must be an IPv4 or IPv6 address",
                                    "must be an IPv4 address",
                                    "must be an IPv6 address",
                                    "must be an IPv4 or IPv6 prefix (address/length)",
                                    "must be a MAC address (six hexadecimal pairs with ':')",
                                    "must be a port or a range N:M (0-65535, N <= M)",
                                    "must be a UUID (32 hexadecimal digits, '-' anywhere)",
                                    "must be an IPv4 or IPv6 subnet (address/prefix)"};
    return (unsigned)f < sizeof m / sizeof m[0] ? m[f] : "has the wrong format";
}

int attrc_check_format(attrc_ctx *c, const json_t *v, attrc_format f)
{
    if (!json_is_string(v))
        return 1; /* formats apply to strings (the type check says the rest) */
    return format_ok(string_bytes(c, v), f) ? 1 : attrc_fail_(c, ATTRC_E_FORMAT, format_message(f));
}

int attrc_check_enum_strings(attrc_ctx *c, const json_t *v, const char *const *values,
                             size_t n)
{
    if (json_is_string(v)) {
        str b = string_bytes(c, v);
        for (size_t k = 0; k < n; k++)
            if (strlen(values[k]) == b.n && memcmp(values[k], b.s, b.n) == 0)
                return 1;
    }
    return attrc_fail_(c, ATTRC_E_ENUM, "must be one of the allowed values");
}

/* The number v is, or converts to (the Neutron dialect's conversion of the same value
 * before it: neutron.c); 0 when it is none. */
static int number_of(const attrc_ctx *c, const json_t *v, double *d)
{
    if (v == c->conv_of && v) {
        *d = (double)c->conv_int;
        return 1;
    }
    if (!json_is_number(v))
        return 0;
    *d = json_number_value(v);
    return 1;
}

int attrc_check_enum_numbers(attrc_ctx *c, const json_t *v, const double *values, size_t n)
{
    double d;
    if (number_of(c, v, &d)) {
        for (size_t k = 0; k < n; k++)
            if (d == values[k])
                return 1;
    }
    return attrc_fail_(c, ATTRC_E_ENUM, "must be one of the allowed values");
}

int attrc_check_enum_booleans(attrc_ctx *c, const json_t *v, int allow_true, int allow_false)
{
    if ((json_is_true(v) && allow_true) || (json_is_false(v) && allow_false))
        return 1;
    return attrc_fail_(c, ATTRC_E_ENUM, "must be one of the allowed values");
}

int attrc_check_minimum(attrc_ctx *c, const json_t *v, double min, int exclusive)
{
    double d;
    if (!number_of(c, v, &d))
        return 1;
    if (d > min || (!exclusive && d == min))
        return 1;
    char m[96];
    bound_message(m, sizeof m, exclusive ? "must be more than " : "must be at least ", min);
    return attrc_fail_(c, ATTRC_E_MINIMUM, m);
}

int attrc_check_maximum(attrc_ctx *c, const json_t *v, double max, int exclusive)
{
    double d;
    if (!number_of(c, v, &d))
        return 1;
    if (d < max || (!exclusive && d == max))
        return 1;
    char m[96];
    bound_message(m, sizeof m, exclusive ? "must be less than " : "must be at most ", max);
    return attrc_fail_(c, ATTRC_E_MAXIMUM, m);
}

int attrc_check_max_length(attrc_ctx *c, const json_t *v, long max)
{
    if (!json_is_string(v))
        return 1;
    str b = string_bytes(c, v);
    /* a string of no more bytes than the limit has no more code points either */
    if (b.n <= (size_t)max)
        return 1;
    long len = attrc_utf8_length(b.s, b.n);
    if (len < 0) /* not UTF-8: it has no length to compare, so it fails */
        return attrc_fail_(c, ATTRC_E_ENCODING, ENCODING_MESSAGE);
    if (len <= max)
        return 1;
    char m[96];
    bound_message(m, sizeof m, "must be at most ", (double)max);
    strcat(m, " characters");
    return attrc_fail_(c, ATTRC_E_MAX_LENGTH, m);
}

int attrc_check_empty_object(attrc_ctx *c, const json_t *v)
{
    if (!json_is_object(v) || json_object_size(v) == 0)
        return 1;
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)v, key, val)
    {
        (void)val;
        char at[ATTRC_POINTER_MAX];
        attrc_add_error_at_(c->report, ATTRC_E_UNKNOWN_KEY, attrc_ctx_prefix_(c, at), c->name,
                            c->name_len, c->item, key, "no keys are defined for this object");
        if (c->report->count == ATTRC_REPORT_MAX)
            break; /* the report is full: the other keys change nothing */
    }
    c->failed = 1;
    return 0;
}

/* What is wrong with an item of a list of `t` in format `f`: a code, or ATTRC_NCODES. */
static attrc_code item_problem(const json_t *item, attrc_type t, attrc_format f)
{
    if (!type_ok(item, t))
        return ATTRC_E_TYPE;
    if (json_is_string(item)) {
        str b = bytes_of(item);
        if (!utf8_ok(b.s, b.n)) /* as in attrc_check_type */
            return ATTRC_E_ENCODING;
        return f == ATTRC_FORMAT_NONE || format_ok(b, f) ? ATTRC_NCODES : ATTRC_E_FORMAT;
    }
    return t == ATTRC_TYPE_OBJECT && json_object_size(item) != 0 ? ATTRC_E_UNKNOWN_KEY
                                                                 : ATTRC_NCODES;
}

static const char *item_message(attrc_code code, attrc_type t, attrc_format f)
{
    switch (code) {
    case ATTRC_E_TYPE: return type_message(t);
    case ATTRC_E_ENCODING: return ENCODING_MESSAGE;
    case ATTRC_E_FORMAT: return format_message(f);
    default: return "no keys are defined for these objects";
    }
}

int attrc_check_items(attrc_ctx *c, const json_t *v, attrc_type t, attrc_format f)
{
    if (!json_is_array(v))
        return 1;
    int ok = 1;
    size_t i;
    json_t *item;
    json_array_foreach(v, i, item)
    {
        c->item = (long)i;
        attrc_code code = item_problem(item, t, f);
        if (code != ATTRC_NCODES)
            ok = attrc_fail_(c, code, item_message(code, t, f));
        if (!ok && c->report->count == ATTRC_REPORT_MAX)
            break; /* the report is full: the rest of a huge list changes nothing */
    }
    c->item = -1;
    return ok;
}

/* ---- resources ---- */

/* ---- the ABI of generated tables ---- */

int attrc_abi_ok_(const void *table)
{
    unsigned abi = table ? *(const unsigned *)table : 0; /* the first field */
    return table && abi >= ATTRC_ABI_MIN && abi <= ATTRC_ABI;
}

void attrc_abi_error_(attrc_report *report, const void *table, const char *what)
{
    char m[128];
    if (!table)
        snprintf(m, sizeof m, "no %s given (NULL)", what);
    else
        snprintf(m, sizeof m,
                 "validators generated for table ABI %u; libattrc %s reads ABI %d to %d: "
                 "run attrc compile again",
                 *(const unsigned *)table, attrc_version(), ATTRC_ABI_MIN, ATTRC_ABI);
    attrc_add_error_(report, ATTRC_E_ABI, NULL, 0, -1, NULL, m);
}

static int abi_ok(const attrc_resource *res) { return attrc_abi_ok_(res); }

static void abi_error(attrc_report *report, const attrc_resource *res)
{
    attrc_abi_error_(report, res, "resource");
}

/* abi_ok for each of a chain, the error for the first that is not. */
static int chain_ok(const attrc_resource *const *chain, size_t n, attrc_report *report)
{
    for (size_t i = 0; i < n; i++)
        if (!abi_ok(chain[i])) {
            if (report)
                abi_error(report, chain[i]);
            return 0;
        }
    return 1;
}

int attrc_check_abi(const attrc_resource *const *registry, attrc_report *report)
{
    int rc = 0;
    for (size_t k = 0; registry && registry[k]; k++)
        if (!abi_ok(registry[k])) {
            abi_error(report, registry[k]);
            rc = -1;
        }
    return rc;
}

const attrc_resource *attrc_find_resource(const attrc_resource *const *registry,
                                          const char *name)
{
    for (size_t k = 0; registry && registry[k]; k++)
        if (abi_ok(registry[k]) && strcmp(registry[k]->member, name) == 0)
            return registry[k];
    return NULL;
}

/* The attribute's index, or -1: the generated lookup, else a walk. */
static int find_attr(const attrc_resource *res, const char *key, size_t len)
{
    if (res->lookup)
        return res->lookup(key, len);
    for (size_t k = 0; k < res->nattributes; k++) {
        const attrc_attribute *a = &res->attributes[k];
        if (strncmp(a->name, key, len) == 0 && a->name[len] == 0)
            return (int)k;
    }
    return -1;
}

static int may(attrc_who who, const attrc_caller *caller)
{
    switch (who) {
    case ATTRC_WHO_ALL: return 1;
    case ATTRC_WHO_OWNER: return caller->is_admin || caller->is_owner;
    case ATTRC_WHO_ADMIN: return caller->is_admin;
    default: return 0;
    }
}

/* Which attributes a body holds, for the required and default passes: a bit each, on the
 * stack for chains of up to SEEN_MAX attributes (more: looked up again). */
#define SEEN_MAX 1024

/* attrc_check_access, inlined where attrc_validate_chain checks each attribute */
static inline int access_ok(attrc_ctx *c, unsigned flags, attrc_who writable_by)
{
    if ((flags & c->need) && writable_by == ATTRC_WHO_ALL)
        return 1; /* the usual case: anyone may write it in this operation */
    if (!c->caller)
        return 1; /* a structure's body: no caller, no operation */
    if (!(flags & c->need)) {
        attrc_fail_(c, ATTRC_E_NOT_ALLOWED, c->need == ATTRC_POST ? "may not be set on create"
                                                           : "may not be changed");
        return 0;
    }
    if (writable_by != ATTRC_WHO_ALL && !may(writable_by, c->caller)) {
        attrc_fail_(c, ATTRC_E_FORBIDDEN, writable_by == ATTRC_WHO_ADMIN
                                       ? "only administrators may set it"
                                       : "only the owner or administrators may set it");
        return 0;
    }
    return 1;
}

int attrc_check_access(attrc_ctx *c, unsigned flags, attrc_who writable_by)
{
    return access_ok(c, flags, writable_by);
}

/* The resource of the chain that owns an attribute: the last that knows it (an
 * extension's row replaces the base's); its index there, or -1, and *which. */
static int owner(const attrc_resource *const *chain, size_t n, const char *key, size_t len,
                 size_t *which)
{
    for (size_t i = n; i-- > 0;) {
        int idx = find_attr(chain[i], key, len);
        if (idx >= 0) {
            *which = i;
            return idx;
        }
    }
    return -1;
}

/* A default's JSON text (json_dumps' compact form, as attrc writes it) as a new value:
 * the forms most defaults take made directly, each exactly as json_loads would read it;
 * json_loads for the rest.  (Reading each default through json_loads on every create was
 * most of the validators' time on a create that leaves out a few: docs/performance.md.) */
static json_t *default_value(const char *text)
{
    size_t n = strlen(text);
    if (strcmp(text, "null") == 0)
        return json_null();
    if (strcmp(text, "true") == 0)
        return json_true();
    if (strcmp(text, "false") == 0)
        return json_false();
    if (strcmp(text, "[]") == 0)
        return json_array();
    if (strcmp(text, "{}") == 0)
        return json_object();
    if (n >= 2 && text[0] == '"' && text[n - 1] == '"' &&
        attrc_utf8_prefix_(text + 1, n - 2) == n - 2) {
        size_t k = 1;
        while (k < n - 1 && text[k] != '\\' && (unsigned char)text[k] >= 0x20)
            k++;
        if (k == n - 1) /* no escape, no control character: the bytes are the string */
            return json_stringn(text + 1, n - 2);
    }
    const char *digits = text + (text[0] == '-');
    size_t nd = strspn(digits, "0123456789");
    if (nd && nd <= 18 && digits[nd] == 0 && (digits[0] != '0' || nd == 1))
        return json_integer((json_int_t)strtoll(text, NULL, 10));
    return json_loads(text, JSON_DECODE_ANY, NULL);
}

/* The conversions the check pass found (the Neutron dialect: neutron.c), made once the
 * body is known to be valid, so that an invalid one is left as it was: each attribute's
 * check again, which now sets the converted value in place of the value.  0, or -1 when
 * out of memory (the error is in the report). */
static int apply_conversions(attrc_ctx *c, const attrc_resource *const *chain, size_t n,
                             json_t *attrs)
{
    if (!c->pending)
        return 0;
    c->apply = 1;
    c->obj = attrs;
    for (void *it = json_object_iter(attrs); it; it = json_object_iter_next(attrs, it)) {
        const char *key = json_object_iter_key(it);
        size_t len = json_object_iter_key_len(it), which = 0;
        int idx = owner(chain, n, key, len, &which);
        if (idx < 0)
            continue;
        c->name = key;
        c->name_len = len;
        c->iter = it;
        c->conv_of = NULL;
        chain[which]->attributes[idx].check(c, json_object_iter_value(it));
    }
    c->apply = 0;
    c->name = NULL;
    return c->failed ? -1 : 0;
}

int attrc_validate_chain(const attrc_resource *const *chain, size_t n, attrc_op op,
                         json_t *attrs, const attrc_caller *caller, attrc_report *report)
{
    static const attrc_caller nobody = {0, 0};
    if (!caller)
        caller = &nobody;
    attrc_ctx c = {report, NULL, 0, -1, 0, NULL, {NULL, 0}, NULL, NULL, 0, caller,
                   NULL, 0, 0, 0, NULL, NULL};
    if (!chain_ok(chain, n, report))
        return -1;
    if (!json_is_object(attrs) || !n) {
        attrc_add_error_(report, ATTRC_E_BODY, NULL, 0, -1, NULL,
                         n ? "the attributes must be an object" : "no resource to check with");
        return -1;
    }
    for (size_t i = 1; i < n; i++)
        if (!chain[i]->extends || strcmp(chain[i]->member, chain[0]->member) != 0) {
            /* a service's mistake, not the client's: two whole resources are no chain */
            attrc_add_error_(report, ATTRC_E_BODY, NULL, 0, -1, NULL,
                             "the chain's resources after the first must extend it");
            return -1;
        }
    /* seen bit of attribute k of chain[i]: first[i] + k */
    unsigned char seen[SEEN_MAX / 8];
    size_t first[16], total = 0;
    for (size_t i = 0; i < n; i++) {
        if (i < sizeof first / sizeof first[0])
            first[i] = total;
        total += chain[i]->nattributes;
    }
    int use_seen = total <= SEEN_MAX && n <= sizeof first / sizeof first[0];
    if (use_seen)
        memset(seen, 0, (total + 7) / 8);
    unsigned need = op == ATTRC_CREATE ? ATTRC_POST : ATTRC_PUT;
    c.need = need;
    /* the iterator, not json_object_foreach: that looks each key up again */
    for (void *it = json_object_iter(attrs); it; it = json_object_iter_next(attrs, it)) {
        const char *key = json_object_iter_key(it);
        size_t len = json_object_iter_key_len(it);
        json_t *value = json_object_iter_value(it);
        size_t which = 0;
        int idx = owner(chain, n, key, len, &which);
        c.name = key;
        c.name_len = len;
        if (idx < 0) {
            if (!chain[0]->extends) /* else the base the service checks knows it */
                attrc_fail_(&c, ATTRC_E_UNKNOWN, "is not an attribute of this resource");
            continue;
        }
        const attrc_attribute *a = &chain[which]->attributes[idx];
        if (use_seen) {
            size_t bit = first[which] + (size_t)idx;
            seen[bit / 8] |= (unsigned char)(1u << (bit % 8));
        }
        if (!access_ok(&c, a->flags, a->writable_by) && !(a->flags & need))
            continue; /* not writable in this operation: its value is not checked */
        c.conv_of = NULL;
        a->check(&c, value);
    }
    c.name = NULL;
    if (op != ATTRC_CREATE)
        return c.failed || apply_conversions(&c, chain, n, attrs) != 0 ? -1 : 0;
    /* required and defaults: of each attribute's owner only */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            const attrc_resource *res = chain[i];
            for (size_t k = 0; k < res->nattributes; k++) {
                const attrc_attribute *a = &res->attributes[k];
                unsigned want = pass == 0 ? (a->flags & ATTRC_REQUIRED)
                                          : a->default_json && (a->flags & ATTRC_POST);
                if (!want)
                    continue;
                size_t which = i;
                if (i + 1 < n && owner(chain, n, a->name, strlen(a->name), &which) >= 0 &&
                    which != i)
                    continue; /* a later resource of the chain redefines it */
                size_t bit = use_seen ? first[i] + k : 0;
                int present = use_seen ? (seen[bit / 8] >> (bit % 8)) & 1
                                       : json_object_get(attrs, a->name) != NULL;
                if (present)
                    continue;
                if (pass == 0) {
                    c.name = a->name;
                    c.name_len = strlen(a->name);
                    attrc_fail_(&c, ATTRC_E_REQUIRED, "is required");
                    continue;
                }
                json_t *d = default_value(a->default_json);
                if (!d || json_object_set_new(attrs, a->name, d) != 0) {
                    attrc_add_error_(report, ATTRC_E_BODY, a->name, strlen(a->name), -1, NULL,
                                     "out of memory setting the default");
                    return -1;
                }
            }
        }
        if (pass == 0 && (c.failed || apply_conversions(&c, chain, n, attrs) != 0))
            return -1;
    }
    return 0;
}

int attrc_validate(const attrc_resource *res, attrc_op op, json_t *attrs,
                   const attrc_caller *caller, attrc_report *report)
{
    return attrc_validate_chain(&res, 1, op, attrs, caller, report);
}

int attrc_unwrap(const attrc_resource *res, json_t *body, json_t **attrs, attrc_report *report)
{
    *attrs = NULL;
    if (!chain_ok(&res, 1, report))
        return -1;
    json_t *inner = json_is_object(body) ? json_object_get(body, res->member) : NULL;
    if (!inner || json_object_size(body) != 1) {
        char m[128];
        snprintf(m, sizeof m, "the body must be {\"%.64s\": {...}} and nothing else",
                 res->member);
        attrc_add_error_(report, ATTRC_E_BODY, NULL, 0, -1, NULL, m);
        return -1;
    }
    if (!json_is_object(inner)) {
        attrc_add_error_(report, ATTRC_E_BODY, res->member, strlen(res->member), -1, NULL,
                         "must be an object of attributes");
        return -1;
    }
    *attrs = inner;
    return 0;
}

void attrc_filter_response_chain(const attrc_resource *const *chain, size_t n, json_t *attrs,
                                 const attrc_caller *caller)
{
    static const attrc_caller nobody = {0, 0};
    if (!caller)
        caller = &nobody;
    if (!json_is_object(attrs))
        return;
    if (!chain_ok(chain, n, NULL)) {
        json_object_clear(attrs); /* who may see what is not known: nothing is shown */
        return;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < chain[i]->nattributes; k++) {
            const attrc_attribute *a = &chain[i]->attributes[k];
            size_t which = i;
            if (i + 1 < n && owner(chain, n, a->name, strlen(a->name), &which) >= 0 &&
                which != i)
                continue; /* a later resource of the chain says who sees it */
            if (!may(a->visible_to, caller))
                json_object_del(attrs, a->name);
        }
}

void attrc_filter_response(const attrc_resource *res, json_t *attrs, const attrc_caller *caller)
{
    attrc_filter_response_chain(&res, 1, attrs, caller);
}
