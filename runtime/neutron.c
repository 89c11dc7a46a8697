/* The Neutron dialect (docs/validators.md "The Neutron dialect"): what neutron-lib's
 * converters and validators (python3-neutron-lib 3.1.0, oslo.utils, netaddr) accept for
 * each type, and the canonical value they convert it to.  Generated code of a spec
 * compiled with --dialect neutron calls these checks; attrc_validate_chain applies the
 * conversions once the whole body is valid (validate.c).  Each function says which
 * Python it follows; tests/neutron_dialect_test.py compares them with it. */
#include "internal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Python's text rules ---- */

/* The code point of the UTF-8 character at s (n > 0 bytes left), its length in *len;
 * the strings here passed attrc_check_type's UTF-8 check or are checked as they are read. */
static unsigned code_point(const unsigned char *s, size_t n, size_t *len)
{
    unsigned c = s[0];
    size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (k > n)
        k = n;
    unsigned cp = k == 1 ? c : k == 2 ? c & 0x1F : k == 3 ? c & 0x0F : c & 0x07;
    for (size_t i = 1; i < k; i++)
        cp = (cp << 6) | (s[i] & 0x3F);
    *len = k;
    return cp;
}

/* str.isspace() of a code point that is not ASCII (Python's white space: Unicode's Zs,
 * and the B and S bidirectional classes). */
static int py_space_nonascii(unsigned cp)
{
    return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* Python's white space: `all`, str.isspace() (str.strip()'s, re's \s), which takes
 * \x1c-\x1f too; else int()'s (ASCII " \t\n\v\f\r", and the white space that is not
 * ASCII). */
static int py_space(unsigned cp, int all)
{
    if (cp >= 0x80)
        return py_space_nonascii(cp);
    return cp == ' ' || (cp >= 9 && cp <= 13) || (all && cp >= 0x1C && cp <= 0x1F);
}

/* Cuts py_space(all) from both ends of *b. */
static void py_strip(str *b, int all)
{
    const unsigned char *u = (const unsigned char *)b->s;
    size_t i = 0, e = b->n;
    while (i < e) {
        size_t k;
        unsigned cp = code_point(u + i, e - i, &k);
        if (!py_space(cp, all))
            break;
        i += k;
    }
    while (e > i) {
        size_t j = e - 1; /* the start of the last character */
        while (j > i && (u[j] & 0xC0) == 0x80)
            j--;
        size_t k;
        unsigned cp = code_point(u + j, e - j, &k);
        if (!py_space(cp, all))
            break;
        e = j;
    }
    b->s += i;
    b->n = e - i;
}

/* str.lower() of an ASCII byte (the words compared are ASCII: no other character's
 * lower case is one of their letters whole). */
static char ascii_lower(char ch) { return ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch; }

static int hex_digit(int ch)
{
    return ch >= '0' && ch <= '9'   ? ch - '0'
           : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
           : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                    : -1;
}

/* Python's int(text) in base 10 for ASCII digits: white space around (int()'s), a sign,
 * digits with single '_' between them, at most 4300 digits (Python's limit), within
 * json_int_t.  0, or -1 when int() refuses it or it is beyond 64 bits. */
static int py_int(str b, json_int_t *out)
{
    py_strip(&b, 0);
    size_t i = 0, digits = 0;
    int neg = 0;
    if (i < b.n && (b.s[i] == '+' || b.s[i] == '-'))
        neg = b.s[i++] == '-';
    uint64_t v = 0, lim = neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;
    int big = 0;
    for (; i < b.n; i++) {
        char ch = b.s[i];
        if (ch == '_' && digits && i + 1 < b.n && b.s[i + 1] >= '0' && b.s[i + 1] <= '9')
            continue;
        if (ch < '0' || ch > '9')
            return -1;
        digits++;
        unsigned d = (unsigned)(ch - '0');
        if (v > (lim - d) / 10)
            big = 1;
        else
            v = v * 10 + d;
    }
    if (!digits || digits > 4300 || big)
        return -1;
    *out = neg ? (json_int_t)(0 - v) : (json_int_t)v;
    return 0;
}

/* ---- conversions ---- */

/* The value v of the current attribute converts to another (`kind`, with `i` or the
 * bytes of `s`): on the check pass counted (attrc_validate_chain then makes a second
 * pass), on that apply pass made and set in the attributes in v's place, which frees v:
 * the check then stops (returns 0). */
typedef enum { TO_TRUE, TO_FALSE, TO_INTEGER, TO_EMPTY_LIST, TO_STRING } conv_kind;

static int convert(attrc_ctx *c, conv_kind kind, json_int_t i, const char *s, size_t n)
{
    if (!c->apply) {
        c->pending++;
        return 1;
    }
    json_t *to = kind == TO_TRUE       ? json_true()
                 : kind == TO_FALSE    ? json_false()
                 : kind == TO_INTEGER  ? json_integer(i)
                 : kind == TO_EMPTY_LIST ? json_array()
                                         : json_stringn(s, n);
    if (!to || !c->obj || !c->iter || json_object_iter_set_new(c->obj, c->iter, to) != 0)
        attrc_fail_(c, ATTRC_E_BODY, "out of memory converting the value");
    return 0;
}

/* convert_to_boolean: oslo.utils' bool_from_string(strict=True).  A boolean as it is;
 * any other value as its str(): '1', 't', 'true', 'on', 'y', 'yes' (true), '0', 'f',
 * 'false', 'off', 'n', 'no' (false), any case, white space around (str.strip()); so the
 * integers 1 and 0, not 1.0. */
int attrc_neutron_boolean(attrc_ctx *c, const json_t *v)
{
    static const char *const words[] = {"1", "t", "true", "on", "y", "yes",
                                        "0", "f", "false", "off", "n", "no"};
    c->conv_of = NULL;
    if (json_is_boolean(v))
        return 1;
    int which = -1;
    if (json_is_integer(v) && (json_integer_value(v) == 0 || json_integer_value(v) == 1))
        which = json_integer_value(v) == 1 ? 0 : 6;
    if (json_is_string(v)) {
        if (!attrc_check_type(c, v, ATTRC_TYPE_STRING))
            return 0; /* not UTF-8 */
        str b = {json_string_value(v), json_string_length(v)};
        py_strip(&b, 1);
        for (int k = 0; k < 12 && which < 0; k++) {
            size_t n = strlen(words[k]), j = 0;
            while (j < n && j < b.n && ascii_lower(b.s[j]) == words[k][j])
                j++;
            if (n == b.n && j == n)
                which = k;
        }
    }
    if (which < 0)
        return attrc_fail_(c, ATTRC_E_TYPE, "must be a boolean (true, false, or 'true', 'yes', "
                                       "'on', '1', 'false', 'no', 'off', '0', ...)");
    return convert(c, which < 6 ? TO_TRUE : TO_FALSE, 0, NULL, 0);
}

/* convert_to_int: Python's int(value).  An integer as it is; a number with a fraction
 * cut toward zero (1.9 is 1); true 1, false 0; a string in base 10 (white space around,
 * a sign, '_' between digits: " 1_000" is 1000; not "1.0" or "0x10").  The checks after
 * it (bounds, values) look at the integer. */
int attrc_neutron_integer(attrc_ctx *c, const json_t *v)
{
    json_int_t i = 0;
    int ok = 1;
    c->conv_of = NULL;
    if (json_is_integer(v)) {
        return 1;
    } else if (json_is_real(v)) {
        double d = trunc(json_real_value(v));
        ok = isfinite(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0;
        if (ok)
            i = (json_int_t)d;
    } else if (json_is_boolean(v)) {
        i = json_is_true(v);
    } else if (json_is_string(v)) {
        if (!attrc_check_type(c, v, ATTRC_TYPE_STRING))
            return 0; /* not UTF-8 */
        str b = {json_string_value(v), json_string_length(v)};
        ok = py_int(b, &i) == 0;
    } else {
        ok = 0;
    }
    if (!ok)
        return attrc_fail_(c, ATTRC_E_TYPE, "must be an integer (or a string or number that "
                                       "converts to one)");
    c->conv_of = v;
    c->conv_int = i;
    if (!convert(c, TO_INTEGER, i, NULL, 0))
        return 0;
    return 1;
}

/* convert_none_to_empty_list: null is [], the rest goes on to the list's checks. */
int attrc_neutron_list(attrc_ctx *c, const json_t *v)
{
    c->conv_of = NULL;
    if (!json_is_null(v))
        return attrc_check_type(c, v, ATTRC_TYPE_ARRAY);
    convert(c, TO_EMPTY_LIST, 0, NULL, 0);
    return 0; /* [] passes the checks of any list's items */
}

/* netaddr's EUI-48 text forms (strategy/eui48.py, RE_MAC_FORMATS, any case): six groups
 * of 1-2 hexadecimal digits with ':' or '-', three of 1-4 with ':', '-' or '.', two of
 * 5-6 with '-' or ':', or 12 or 11 digits alone; Python's `$` also lets one "\n" end it.
 * The 48-bit value in *out: 0, or -1 when none of the forms matches. */
static int mac_value(str b, uint64_t *out)
{
    static const struct {
        int groups, least, most;
        const char *seps;
    } forms[] = {{6, 1, 2, ":-"}, {3, 1, 4, ":-."}, {2, 5, 6, "-:"}, {1, 12, 12, ""},
                 {1, 11, 11, ""}};
    if (b.n && b.s[b.n - 1] == '\n')
        b.n--;
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
        int width = 48 / forms[f].groups;
        const char *seps = forms[f].seps;
        for (const char *sep = seps; *sep || sep == seps; sep++) {
            uint64_t v = 0;
            size_t i = 0;
            int g = 0;
            for (; g < forms[f].groups; g++) {
                if (g) {
                    if (i >= b.n || b.s[i] != *sep)
                        break;
                    i++;
                }
                int k = 0;
                uint64_t w = 0;
                while (i < b.n && k < forms[f].most && hex_digit((unsigned char)b.s[i]) >= 0) {
                    w = w * 16 + (uint64_t)hex_digit((unsigned char)b.s[i++]);
                    k++;
                }
                if (k < forms[f].least)
                    break;
                v = (v << width) | w;
            }
            if (g == forms[f].groups && i == b.n) {
                *out = v;
                return 0;
            }
            if (!*sep)
                break;
        }
    }
    return -1;
}

/* convert_to_sanitized_mac_address, then type:mac_address: a string in one of netaddr's
 * forms (mac_value) becomes "xx:xx:xx:xx:xx:xx" (lower case), which must not be
 * 00:00:00:00:00:00 or ff:ff:ff:ff:ff:ff. */
int attrc_neutron_mac(attrc_ctx *c, const json_t *v)
{
    c->conv_of = NULL;
    if (!attrc_check_type(c, v, ATTRC_TYPE_STRING))
        return 0;
    str b = {json_string_value(v), json_string_length(v)};
    uint64_t mac;
    if (mac_value(b, &mac) != 0 || mac == 0 || mac == UINT64_C(0xFFFFFFFFFFFF))
        return attrc_fail_(c, ATTRC_E_FORMAT, "must be a MAC address (00:16:3e:aa:bb:cc, "
                                         "00-16-3E-AA-BB-CC, 0016.3eaa.bbcc, ...), not all "
                                         "zeros or all ones");
    char canon[18];
    for (int k = 0; k < 6; k++)
        snprintf(canon + 3 * k, 4, "%02x%s", (unsigned)(mac >> (40 - 8 * k)) & 0xFFu,
                 k < 5 ? ":" : "");
    if (b.n == 17 && memcmp(b.s, canon, 17) == 0)
        return 1;
    return convert(c, TO_STRING, 0, canon, 17);
}

/* ---- formats ---- */

/* Python's "text".replace(pat, "") streamed: the bytes that go on are passed to `next`. */
typedef struct cut_stage {
    const char *pat;
    size_t len;
    char held[8]; /* a prefix of pat, waiting for the bytes after it */
    size_t nheld;
} cut_stage;

/* The last stage of is_uuid_like: braces stripped from both ends, '-' dropped, the rest
 * 32 hexadecimal digits. */
typedef struct uuid_tail {
    int started; /* a byte other than a brace was seen */
    int closing; /* a brace after it: only braces may follow */
    int bad;
    size_t hex;
} uuid_tail;

static void tail_feed(uuid_tail *t, char ch)
{
    if (ch == '{' || ch == '}') {
        if (t->started)
            t->closing = 1;
        return;
    }
    if (t->closing) {
        t->bad = 1;
        return;
    }
    t->started = 1;
    if (ch == '-')
        return;
    if (hex_digit((unsigned char)ch) < 0)
        t->bad = 1;
    else
        t->hex++;
}

/* Adds ch to a stage; the bytes that cannot begin a match any more go to out (at most
 * the pattern's length), their number is returned. */
static size_t cut_push(cut_stage *s, char ch, char *out)
{
    size_t nout = 0;
    s->held[s->nheld++] = ch;
    /* the leftmost place a match can still start: what is before it goes on */
    while (s->nheld && memcmp(s->held, s->pat, s->nheld) != 0) {
        out[nout++] = s->held[0];
        memmove(s->held, s->held + 1, --s->nheld);
    }
    if (s->nheld == s->len)
        s->nheld = 0; /* a whole match: removed */
    return nout;
}

/* Passes the bytes in `in` through the second stage and the tail. */
static void uuid_rest(cut_stage *second, uuid_tail *t, const char *in, size_t n)
{
    char out[8];
    for (size_t i = 0; i < n; i++) {
        size_t m = cut_push(second, in[i], out);
        for (size_t j = 0; j < m; j++)
            tail_feed(t, out[j]);
    }
}

int attrc_is_uuid_like(const char *s, size_t n)
{
    /* oslo.utils: str(uuid.UUID(s)).replace('-', '') == s with every "urn:" then every
     * "uuid:" removed, braces stripped from both ends, '-' removed, lower case: so what
     * is left is 32 hexadecimal digits */
    cut_stage urn = {"urn:", 4, {0}, 0}, uuid = {"uuid:", 5, {0}, 0};
    uuid_tail t = {0, 0, 0, 0};
    char out[8];
    for (size_t i = 0; i < n && !t.bad; i++)
        uuid_rest(&uuid, &t, out, cut_push(&urn, s[i], out));
    uuid_rest(&uuid, &t, urn.held, urn.nheld); /* the end: what each stage holds goes on */
    for (size_t i = 0; i < uuid.nheld; i++)
        tail_feed(&t, uuid.held[i]);
    return !t.bad && t.hex == 32;
}

/* The 16 bytes of an IPv6 address that attrc_is_ipv6 took. */
static void ipv6_bytes(const char *s, size_t n, unsigned char out[16])
{
    uint16_t g[8] = {0};
    int ng = 0, gap = -1;
    size_t i = 0;
    if (n >= 2 && s[0] == ':' && s[1] == ':') {
        gap = 0;
        i = 2;
    }
    while (i < n) {
        size_t k = 0;
        while (i + k < n && s[i + k] != ':' && s[i + k] != '.')
            k++;
        if (i + k < n && s[i + k] == '.') { /* the IPv4 tail */
            unsigned q[4] = {0};
            for (int p = 0; p < 4; p++) {
                while (i < n && s[i] != '.')
                    q[p] = q[p] * 10 + (unsigned)(s[i++] - '0');
                i++;
            }
            g[ng++] = (uint16_t)(q[0] << 8 | q[1]);
            g[ng++] = (uint16_t)(q[2] << 8 | q[3]);
            break;
        }
        unsigned w = 0;
        for (size_t j = 0; j < k; j++)
            w = w * 16 + (unsigned)hex_digit((unsigned char)s[i + j]);
        g[ng++] = (uint16_t)w;
        i += k;
        if (i < n)
            i++;
        if (i < n && s[i] == ':') {
            gap = ng;
            i++;
        }
    }
    uint16_t full[8] = {0};
    int tail = gap >= 0 ? ng - gap : 0;
    for (int k = 0; k < ng - tail; k++)
        full[k] = g[k];
    for (int k = 0; k < tail; k++)
        full[8 - tail + k] = g[ng - tail + k];
    for (int k = 0; k < 8; k++) {
        out[2 * k] = (unsigned char)(full[k] >> 8);
        out[2 * k + 1] = (unsigned char)full[k];
    }
}

/* The prefix length of an IPv6 netmask (ones, then zeros) or hostmask (zeros, then
 * ones), as netaddr reads a mask after '/', or -1. */
static int ipv6_mask_prefix(const unsigned char m[16])
{
    int ones = 0, k = 0;
    while (k < 128 && (m[k / 8] >> (7 - k % 8) & 1))
        k++;
    ones = k;
    while (k < 128 && !(m[k / 8] >> (7 - k % 8) & 1))
        k++;
    if (k == 128)
        return ones; /* a netmask (all zeros: 0) */
    for (k = 0; k < 128 && !(m[k / 8] >> (7 - k % 8) & 1); k++)
        ;
    int zeros = k;
    while (k < 128 && (m[k / 8] >> (7 - k % 8) & 1))
        k++;
    return k == 128 ? zeros : -1; /* a hostmask: the zeros are the prefix */
}

int attrc_is_subnet(const char *s, size_t n)
{
    /* validate_subnet: netaddr.IPNetwork(s), no white space, a '/' in it; an IPv4 one
     * must print back as given (so attrc_is_cidr's form); IPv6: the address before the
     * first '/', then a prefix that Python's int() reads (0-128), or a netmask or
     * hostmask written as an IPv6 address */
    const char *slash = memchr(s, '/', n);
    if (!slash)
        return 0;
    for (size_t i = 0; i < n; i++) {
        size_t k;
        unsigned cp = code_point((const unsigned char *)s + i, n - i, &k);
        if (py_space(cp, 1))
            return 0; /* validate_no_whitespace: re's \s */
        i += k - 1;
    }
    if (attrc_is_cidr(s, n) && attrc_is_ipv4(s, (size_t)(slash - s)))
        return 1;
    size_t a = (size_t)(slash - s);
    if (!attrc_is_ipv6(s, a))
        return 0;
    str p = {slash + 1, n - a - 1};
    json_int_t len;
    if (py_int(p, &len) == 0)
        return len >= 0 && len <= 128;
    if (!attrc_is_ipv6(p.s, p.n))
        return 0;
    unsigned char m[16];
    ipv6_bytes(p.s, p.n, m);
    return ipv6_mask_prefix(m) >= 0;
}

/* ---- lists ---- */

static uint64_t fnv(const char *s, size_t n)
{
    uint64_t h = UINT64_C(1469598103934665603);
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * UINT64_C(1099511628211);
    return h;
}

#define UNIQUE_STACK 2048 /* slots of the table on the stack: lists of up to half */

/* _validate_list_of_items' duplicate check: no two string items equal (each item's own
 * checks come from attrc_check_items).  A list of more than UNIQUE_STACK / 2 items takes
 * a table from the heap for the time of the check (docs/validators.md). */
int attrc_neutron_unique(attrc_ctx *c, const json_t *v)
{
    if (!json_is_array(v))
        return 1;
    size_t n = json_array_size(v), cap = UNIQUE_STACK;
    while (cap < 2 * n)
        cap *= 2;
    uint32_t stack[UNIQUE_STACK], *slot = stack;
    if (cap > UNIQUE_STACK && !(slot = calloc(cap, sizeof *slot))) {
        return attrc_fail_(c, ATTRC_E_BODY, "out of memory checking the list");
    }
    if (slot == stack)
        memset(stack, 0, sizeof stack);
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++) {
        const json_t *it = json_array_get(v, i);
        if (!json_is_string(it))
            continue;
        const char *s = json_string_value(it);
        size_t len = json_string_length(it);
        size_t h = (size_t)fnv(s, len) & (cap - 1);
        for (; slot[h]; h = (h + 1) & (cap - 1)) {
            const json_t *o = json_array_get(v, slot[h] - 1);
            if (json_string_length(o) == len && memcmp(json_string_value(o), s, len) == 0) {
                c->item = (long)i;
                ok = attrc_fail_(c, ATTRC_E_DUPLICATE, "is in the list already");
                c->item = -1;
                break;
            }
        }
        if (ok)
            slot[h] = (uint32_t)(i + 1);
    }
    if (slot != stack)
        free(slot);
    return ok;
}
