/* Small helpers shared by every stage: growable buffers, UTF-8, character classes.
 *
 * Conventions (see docs/design.md): functions return 0 on success and -1 on failure;
 * allocation failure is fatal (xmalloc prints and exits with status 2), since a compiler
 * that runs out of memory has nothing sensible left to do. */
#ifndef ATTRC_UTIL_H
#define ATTRC_UTIL_H

#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Room for element n of an array that grows one element at a time, doubling at each
 * power of two so that filling it costs linear time (no capacity to keep). */
void *xgrow(void *p, size_t n, size_t size);
char *xstrndup(const char *s, size_t n);
char *xstrdup(const char *s);

/* A growable byte buffer; p is always NUL-terminated once anything was added. */
typedef struct sbuf {
    char *p;
    size_t n, cap;
} sbuf;

void sb_grow(sbuf *b, size_t extra);
void sb_put(sbuf *b, const char *s, size_t n);
void sb_puts(sbuf *b, const char *s);
void sb_putc(sbuf *b, char c);
void sb_putcp(sbuf *b, uint32_t cp); /* UTF-8 encode one code point */
void sb_printf(sbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void sb_reset(sbuf *b);
void sb_free(sbuf *b);
/* Takes the contents (NUL-terminated, never NULL) and leaves b empty. */
char *sb_take(sbuf *b);

/* A vector of owned strings. */
typedef struct strvec {
    char **v;
    int n, cap;
} strvec;
void sv_push(strvec *sv, char *owned);
void sv_free(strvec *sv);

/* Decodes one code point from valid UTF-8 (the reader validates input first); returns
 * its length in bytes, 1 for a stray byte (decoded as that byte). */
int u8_decode(const char *s, size_t n, uint32_t *cp);
/* Byte offset after skipping `chars` code points of s[0..n), clamped to n. */
size_t u8_skip(const char *s, size_t n, size_t chars);
/* Number of code points in s[0..n). */
size_t u8_count(const char *s, size_t n);

/* Python's str.isspace(), which docutils' strip(), split() and \s use. */
int py_isspace_wide(uint32_t cp);
static inline int py_isspace(uint32_t c)
{
    if (c < 0x80)
        return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
    return py_isspace_wide(c);
}
/* East Asian Width W or F: docutils pads these to two columns in tables and counts
 * them twice in title widths. */
int cp_is_wide(uint32_t cp);
/* Combining characters (general category Mn/Me/Mc) count zero columns in titles. */
int cp_is_combining(uint32_t cp);
/* Display width as docutils.utils.column_width computes it. */
size_t u8_width(const char *s, size_t n);

/* ASCII case-insensitive equality of two strings, and the ASCII lower case of a
 * character: directive, option and role names, section titles. */
int ascii_ieq(const char *a, const char *b);
/* The same for the first n bytes at most (as strncmp: equal up to a NUL in both). */
int ascii_strnieq(const char *a, const char *b, size_t n);
static inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }

/* Appends s[0..n) with every run of Python whitespace collapsed to one space and the
 * ends trimmed: the normal form of a table cell. */
void sb_put_collapsed(sbuf *b, const char *s, size_t n);
/* In place: collapse and trim; returns the new length. */
size_t collapse_ws(char *s, size_t n);

#endif
