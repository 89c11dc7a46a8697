/* The escapers of every output format (escape.h). */
#include "escape.h"

#include <attrc/attrc.h>

#include <string.h>

#define INVALID 0xFFFFFFFFu

/* The code point at s[i..n) and its length: util.c's decoder for the value, the
 * runtime's rule for what is valid UTF-8 (overlong forms, surrogates and values above
 * U+10FFFF are not); a byte that starts no valid character is one byte, INVALID. */
static int next_cp(const char *s, size_t n, size_t i, uint32_t *cp)
{
    int len = u8_decode(s + i, n - i, cp);
    if ((unsigned char)s[i] < 0x80 || attrc_utf8_length(s + i, (size_t)len) == 1)
        return len;
    *cp = INVALID;
    return 1;
}

int esc_is_unsafe(uint32_t cp)
{
    return (cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF ||
           (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF;
}

void esc_c_string(sbuf *b, const char *s, size_t n)
{
    sb_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\')
            sb_printf(b, "\\%c", ch);
        else if (ch >= 0x20 && ch < 0x7F && ch != '?') /* '?': no trigraphs */
            sb_putc(b, (char)ch);
        else
            sb_printf(b, "\\%03o", ch);
    }
    sb_putc(b, '"');
}

/* Whether s[i..] starts a trigraph ("??=" and the eight others), which a C compiler in an
 * ISO mode (-std=c99, -trigraphs) replaces before it reads comments or header names. */
static int trigraph_at(const char *s, size_t n, size_t i)
{
    return i + 2 < n && s[i] == '?' && s[i + 1] == '?' && strchr("=(/)'<!>-", s[i + 2]);
}

void esc_c_comment(sbuf *b, const char *s)
{
    size_t n = strlen(s);
    char last = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += (size_t)next_cp(s, n, i, &cp);
        if (cp >= 0x20 && cp < 0x7F) {
            /* neither "*" "/" (the end) nor "/" "*" (a nested start, which -Wcomment
             * warns of) */
            if ((last == '*' && cp == '/') || (last == '/' && cp == '*'))
                sb_putc(b, ' ');
            sb_putc(b, (char)cp);
            if (trigraph_at(s, n, i - 1))
                sb_putc(b, ' '); /* "? ?/": no trigraph, so no "\" at a line's end */
            last = (char)cp;
        } else {
            sb_printf(b, cp == INVALID ? "\\uFFFD" : cp > 0xFFFF ? "\\U%08X" : "\\u%04X",
                      (unsigned)cp);
            last = 'X';
        }
    }
    if (last == '\\' || last == '*' || last == '/')
        sb_putc(b, ' '); /* what follows (a "/" of "*" "/", a newline) stays apart */
}

int esc_c_header_name_ok(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        if (trigraph_at(s, n, i))
            return 0;
        i += (size_t)next_cp(s, n, i, &cp);
        if (cp == INVALID || cp == '"' || cp == '\\' || esc_is_unsafe(cp) || cp == '\t')
            return 0;
    }
    return 1;
}

/* One character of text that has no escapes of its own (a comment): unsafe ones, tabs
 * and invalid bytes as "\uXXXX", the rest as it is. */
static void put_text(sbuf *b, const char *s, int len, uint32_t cp)
{
    if (cp == INVALID)
        sb_puts(b, "\\uFFFD");
    else if (esc_is_unsafe(cp) || cp == '\t')
        sb_printf(b, "\\u%04X", (unsigned)cp);
    else
        sb_put(b, s, (size_t)len);
}

void esc_yaml_quoted(sbuf *b, const char *s)
{
    size_t n = strlen(s);
    sb_putc(b, '"');
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int len = next_cp(s, n, i, &cp);
        if (cp == '"' || cp == '\\') {
            sb_putc(b, '\\');
            sb_putc(b, (char)cp);
        } else if (cp == '\n') {
            sb_puts(b, "\\n");
        } else if (cp == '\t') {
            sb_puts(b, "\\t");
        } else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
            sb_printf(b, "\\x%02X", (unsigned)cp);
        } else {
            put_text(b, s + i, len, cp);
        }
        i += (size_t)len;
    }
    sb_putc(b, '"');
}

void esc_yaml_comment(sbuf *b, const char *s)
{
    while (*s) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        sb_puts(b, "# ");
        for (size_t i = 0; i < n;) {
            uint32_t cp;
            int len = next_cp(s, n, i, &cp);
            put_text(b, s + i, len, cp);
            i += (size_t)len;
        }
        sb_putc(b, '\n');
        s += n + (e ? 1 : 0);
    }
}

size_t esc_terminal(sbuf *b, const char *s, size_t n)
{
    size_t cols = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int len = next_cp(s, n, i, &cp);
        size_t before = b->n;
        if (cp == INVALID)
            sb_printf(b, "\\x%02X", (unsigned char)s[i]);
        else if (cp < 0x80 && (esc_is_unsafe(cp) || cp == '\t'))
            sb_printf(b, "\\x%02X", (unsigned)cp);
        else if (esc_is_unsafe(cp))
            sb_printf(b, "\\u%04X", (unsigned)cp);
        else {
            sb_put(b, s + i, (size_t)len);
            cols += cp_is_combining(cp) ? 0 : cp_is_wide(cp) ? 2 : 1;
            before = b->n;
        }
        cols += b->n - before; /* an escape: ASCII, one column a byte */
        i += (size_t)len;
    }
    return cols;
}

char *esc_utf8_valid(const char *s)
{
    size_t n = strlen(s);
    sbuf b = {0};
    sb_puts(&b, "");
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int len = next_cp(s, n, i, &cp);
        sb_put(&b, cp == INVALID ? "\xEF\xBF\xBD" : s + i, cp == INVALID ? 3 : (size_t)len);
        i += (size_t)len;
    }
    return sb_take(&b);
}

void esc_uri(sbuf *b, const char *s)
{
    sb_puts(b, "");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            sb_putc(b, (char)*p);
        else
            sb_printf(b, "%%%02X", *p);
    }
}

int esc_make_name(sbuf *b, const char *s)
{
    int rc = 0;
    for (; *s; s++) {
        if (*s == ' ' || *s == '#' || *s == '\\')
            sb_putc(b, '\\');
        if (*s == '$')
            sb_putc(b, '$');
        if ((unsigned char)*s < 0x20 || *s == 0x7F)
            rc = -1;
        sb_putc(b, *s);
    }
    return rc;
}

void esc_terminal_lines(sbuf *b, const char *s)
{
    sb_puts(b, "");
    while (*s) {
        size_t n = strcspn(s, "\n");
        esc_terminal(b, s, n);
        s += n;
        if (*s == '\n')
            sb_putc(b, *s++);
    }
}
