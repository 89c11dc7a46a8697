/* Reading a request body within limits (include/attrc/attrc.h, docs/validators.md).
 *
 * jansson's reader and json_decref recurse once per level of nesting, and a body's size,
 * depth and strings are the sender's to choose; so the limits are checked on the bytes
 * first, in one pass that keeps no stack and allocates nothing, and only a body within
 * them reaches jansson. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

void attrc_limits_default(attrc_limits *limits)
{
    limits->max_body_bytes = ATTRC_MAX_BODY_BYTES_DEFAULT;
    limits->max_depth = ATTRC_MAX_DEPTH_DEFAULT;
    limits->max_string_bytes = ATTRC_MAX_STRING_BYTES_DEFAULT;
}

/* The value of the four hexadecimal digits at `s` (`n` bytes left), or -1. */
static long hex4(const char *s, size_t n)
{
    if (n < 4)
        return -1;
    long v = 0;
    for (int k = 0; k < 4; k++) {
        unsigned char d = (unsigned char)s[k], l = (unsigned char)(d | 0x20);
        int x = d >= '0' && d <= '9' ? d - '0' : l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
        if (x < 0)
            return -1;
        v = v << 4 | x;
    }
    return v;
}

/* The escape whose backslash is at `s` (`n` bytes left): sets *adv to the bytes it takes
 * and returns how many it stands for once decoded, as jansson decodes it: 1 for \" \\ \/
 * \b \f \n \r \t; for \uXXXX, the UTF-8 length of the code point, 2 for a surrogate (a
 * pair decodes to one 4-byte character).  A malformed escape counts 1: jansson refuses it
 * later, so its count only has to be finite. */
static size_t escape_bytes(const char *s, size_t n, size_t *adv)
{
    long cp = n >= 2 && s[1] == 'u' ? hex4(s + 2, n - 2) : -1;
    if (cp < 0) {
        *adv = n >= 2 ? 2 : 1;
        return 1;
    }
    *adv = 6;
    return cp < 0x80 ? 1 : cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) ? 2 : 3;
}

/* The string whose opening quote is at buf[i]: returns the index of its closing quote
 * (`len` when the body ends inside it) and sets *bytes to its length once decoded. */
static size_t scan_string(const char *buf, size_t len, size_t i, size_t *bytes)
{
    size_t n = 0, adv;
    for (i++; i < len && buf[i] != '"'; i += adv) {
        adv = 1;
        n += buf[i] == '\\' ? escape_bytes(buf + i, len - i, &adv) : 1;
    }
    *bytes = n;
    return i;
}

/* What the pre-scan found: the limit passed (ATTRC_NCODES: none) and the byte where. */
typedef struct scan_result {
    attrc_code code;
    size_t at;
} scan_result;

/* The one pass over the bytes.  Outside strings every bracket is structure, so counting
 * them is the nesting jansson would build; inside, escapes are skipped so that \" does
 * not end a string.  On text that is not JSON the count may differ from what jansson
 * sees, but only after the point where jansson stops with an error. */
static scan_result prescan(const char *buf, size_t len, const attrc_limits *l)
{
    size_t depth = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = buf[i];
        if (ch == '"') {
            size_t bytes, start = i;
            i = scan_string(buf, len, i, &bytes);
            if (bytes > l->max_string_bytes)
                return (scan_result){ATTRC_E_BODY_STRING, start};
        } else if (ch == '[' || ch == '{') {
            if (++depth > l->max_depth)
                return (scan_result){ATTRC_E_BODY_TOO_DEEP, i};
        } else if ((ch == ']' || ch == '}') && depth > 0) {
            depth--;
        }
    }
    return (scan_result){ATTRC_NCODES, 0};
}

/* Where byte `at` is, as jansson says it: line from 1, column in characters from 1. */
static void where(const char *buf, size_t at, size_t *line, size_t *column)
{
    *line = 1;
    *column = 0;
    for (size_t i = 0; i <= at; i++) {
        if (buf[i] == '\n') {
            ++*line;
            *column = 0;
        } else if (((unsigned char)buf[i] & 0xC0) != 0x80) {
            ++*column;
        }
    }
}

/* 1 when the string that starts at buf[at] is a key: a ':' follows it. */
static int is_key(const char *buf, size_t len, size_t at)
{
    size_t bytes, i = scan_string(buf, len, at, &bytes) + 1;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r'))
        i++;
    return i < len && buf[i] == ':';
}

static void limit_message(char *m, size_t cap, const char *buf, size_t len,
                          const attrc_limits *l, scan_result s)
{
    size_t line, column;
    where(buf, s.at, &line, &column);
    if (s.code == ATTRC_E_BODY_TOO_DEEP)
        snprintf(m, cap, "more than %zu arrays and objects inside one another, at line %zu, "
                 "column %zu", l->max_depth, line, column);
    else
        snprintf(m, cap, "a %s of more than %zu bytes, at line %zu, column %zu",
                 is_key(buf, len, s.at) ? "key" : "string", l->max_string_bytes, line, column);
}

/* Replaces with '?' every byte of `m` that is not UTF-8 (jansson quotes the body in its
 * messages, and snprintf may cut a character): the error body must be writable. */
static void clean(char *m)
{
    for (size_t i = 0, n = strlen(m); i < n; i++) {
        i += attrc_utf8_prefix_(m + i, n - i);
        if (i < n)
            m[i] = '?';
    }
}

static void jansson_message(char *m, size_t cap, const char *buf, size_t len,
                            const json_error_t *e)
{
    if (json_error_code(e) == json_error_out_of_memory) {
        snprintf(m, cap, "out of memory reading the body");
        return;
    }
    size_t line = e->line > 0 ? (size_t)e->line : 0;
    size_t column = e->column > 0 ? (size_t)e->column : 0;
    if (!line && json_error_code(e) == json_error_invalid_utf8) {
        /* jansson does not say where: the first byte that is not UTF-8 */
        size_t at = attrc_utf8_prefix_(buf, len);
        if (at < len)
            where(buf, at, &line, &column);
    }
    int o = line ? snprintf(m, cap, "invalid JSON at line %zu, column %zu: ", line, column)
                 : snprintf(m, cap, "invalid JSON: ");
    /* jansson's reason, as much of it as fits */
    size_t n = strlen(e->text), room = cap - 1 - (size_t)o;
    n = n < room ? n : room;
    memcpy(m + o, e->text, n);
    m[(size_t)o + n] = 0;
    clean(m);
}

static int refuse(attrc_report *report, attrc_code code, const char *message)
{
    attrc_add_error_(report, code, NULL, 0, -1, NULL, message);
    return -1;
}

int attrc_parse_body(const char *buf, size_t len, const attrc_limits *limits, json_t **out,
                     attrc_report *report)
{
    attrc_limits defaults;
    char m[sizeof report->errors[0].message];
    *out = NULL;
    if (!limits) {
        attrc_limits_default(&defaults);
        limits = &defaults;
    }
    if (len > limits->max_body_bytes) {
        snprintf(m, sizeof m, "the body is %zu bytes, more than the %zu accepted", len,
                 limits->max_body_bytes);
        return refuse(report, ATTRC_E_BODY_TOO_LARGE, m);
    }
    scan_result s = prescan(buf, len, limits);
    if (s.code != ATTRC_NCODES) {
        limit_message(m, sizeof m, buf, len, limits, s);
        return refuse(report, s.code, m);
    }
    json_error_t e;
    *out = json_loadb(buf, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &e);
    if (*out)
        return 0;
    jansson_message(m, sizeof m, buf, len, &e);
    return refuse(report, ATTRC_E_BODY, m);
}
