/* A spec (or CSV) file loaded the way docutils' string2lines() sees it: UTF-8 without a
 * BOM, every line break ("\r\n", "\r", "\n" and the rest of str.splitlines()) turned
 * into "\n", form feeds and vertical tabs turned into spaces, tabs expanded to 8-column
 * stops, trailing whitespace stripped.  Invalid UTF-8 is reported at its line and column
 * and replaced by U+FFFD, as Python's errors="replace" does.
 *
 * The text is normalised in place, so a file costs its own size plus four bytes a line. */
#ifndef ATTRC_SOURCE_H
#define ATTRC_SOURCE_H

#include <stddef.h>
#include <stdint.h>

struct diag;

typedef struct src {
    char *path;      /* as given on the command line ("-" is shown as "<stdin>") */
    char *buf;       /* normalised text, NUL-terminated */
    size_t len;
    uint32_t *lines; /* start offset of each line; lines[nlines] == len */
    size_t nlines;
    size_t mapped;   /* size of the private mapping of buf, 0: heap */
} src;

#define ATTRC_DEFAULT_MAX_INPUT ((size_t)64 << 20)
#define ATTRC_HARD_MAX_INPUT ((size_t)0xF0000000u) /* offsets are 32-bit */

/* Reads `path` ("-" for standard input) into `s`.  Problems (missing file, over `max`
 * bytes, invalid UTF-8) are reported through `d`, the file name used as location.
 * Returns 0 when the text is usable (invalid UTF-8 leaves it usable, replaced, with
 * errors counted in `d`), -1 when it could not be read at all. */
int src_load(src *s, const char *path, size_t max, struct diag *d);
/* Same from memory (the tests' entry point); `text` is copied. */
int src_from_memory(src *s, const char *name, const char *text, size_t n, struct diag *d);
void src_free(src *s);

/* Line i (0-based) and its length in bytes, no terminator. */
static inline const char *src_line(const src *s, size_t i, size_t *len)
{
    *len = (size_t)(s->lines[i + 1] - 1 - s->lines[i]);
    return s->buf + s->lines[i];
}

#endif
