/* A spec (or CSV) file loaded the way docutils' string2lines() sees it: UTF-8 without a
 * BOM, every line break ("\r\n", "\r", "\n" and the rest of str.splitlines()) turned
 * into "\n", form feeds and vertical tabs turned into spaces, tabs expanded to 8-column
 * stops, trailing whitespace stripped.  Invalid UTF-8 is reported at its line and column
 * and replaced by U+FFFD, as Python's errors="replace" does.
 *
 * Read whole (src_load), the text is normalised in place, so a file costs its own size
 * plus four bytes a line; read through a window (src_open), it costs its largest block. */
#ifndef ATTRC_SOURCE_H
#define ATTRC_SOURCE_H

#include <stddef.h>
#include <stdint.h>

struct diag;

typedef struct src {
    char *path;      /* as given on the command line ("-" is shown as "<stdin>"), or the
                      * name src_rename gave: what diagnostics and the model call it */
    char *disk;      /* after src_rename: where it was read from, for the files it names
                      * (a csv-table :file:); NULL: path */
    char *buf;       /* normalised text of the lines held, NUL-terminated */
    size_t len;
    uint32_t *lines; /* start offset of each line held; lines[nlines] == len */
    size_t nlines;   /* lines held */
    size_t first;    /* 0-based number of the first line held */
    size_t mapped;   /* size of the private mapping of buf, 0: heap */
    int eof;         /* every line has been read */
    int ref_syntax;  /* the text read so far may hold a reference (see source.c) */
    /* reading through a window (src_open): */
    int streaming, fd, started, reread, read_error;
    size_t rawlen;   /* bytes after buf[len] read that do not make a complete line yet */
    size_t cap_lines, cap_buf, total, max;
    size_t invalid_shown, invalid_hidden; /* invalid UTF-8 reported, and not */
    struct diag *d;
} src;

#define ATTRC_DEFAULT_MAX_INPUT ((size_t)64 << 20)
#define ATTRC_HARD_MAX_INPUT ((size_t)0xF0000000u) /* offsets are 32-bit */

/* Reads `path` ("-" for standard input) into `s`.  Problems (missing file, over `max`
 * bytes, invalid UTF-8) are reported through `d`, the file name used as location.
 * Returns 0 when the text is usable (invalid UTF-8 leaves it usable, replaced, with
 * errors counted in `d`), -1 when it could not be read at all. */
int src_load(src *s, const char *path, size_t max, struct diag *d);
/* Reads the file open at `fd` (from src_open_file; it is closed), named `path` in
 * diagnostics, as src_load does; fd -1: opens `path` as src_load does. */
int src_load_fd(src *s, int fd, const char *path, size_t max, struct diag *d);

/* Opens `path` (relative to the folder open at `dirfd`, or AT_FDCWD) to read it, without
 * blocking on a FIFO or a device.  With `beneath`, every step of the path, symbolic links
 * included, must stay inside that folder: the check is made on what is opened (by the
 * kernel's RESOLVE_BENEATH, or else by what the descriptor names in /proc/self/fd), so
 * that a file swapped for a link between a check and the open cannot leak.  Returns a
 * descriptor of a regular file, or -1 (errno set), SRC_NOT_REGULAR (errno EISDIR for a
 * folder, else 0), or SRC_OUTSIDE. */
#define SRC_NOT_REGULAR (-2)
#define SRC_OUTSIDE (-3)
int src_open_file(int dirfd, const char *path, int beneath);
/* Reports at `path` why src_open_file gave `fd` (< 0), errno having been `err`. */
void src_report_open(struct diag *d, const char *path, int fd, int err);

/* Opens `path` to be read through a window: lines are read as the reader asks for them
 * (src_has) and dropped when it is done with them (src_release), so a large file
 * costs the size of its largest block, not its own size.  Standard input and what is
 * not a regular file are read whole, as src_load does.  Same returns as src_load. */
int src_open(src *s, const char *path, size_t max, struct diag *d);
/* Whether line i exists, reading on as needed (a read error is reported once and ends
 * the text). */
int src_has(src *s, size_t i);
/* The reader needs no line before i any more. */
void src_release(src *s, size_t i);
/* Back to the first line, to read the text again (diagnostics are not repeated).
 * Returns 0, or -1 when the file cannot be read again. */
int src_rewind(src *s);
/* Same from memory (the tests' entry point); `text` is copied. */
int src_from_memory(src *s, const char *name, const char *text, size_t n, struct diag *d);
void src_free(src *s);
/* Calls the text `shown` from now on (diagnostics, the model), as a file read from a
 * git revision is called REV:path; the files it names are still looked for beside where
 * it was read from, unless that was standard input ("-"). */
void src_rename(src *s, const char *shown);

/* Line i (0-based, held: first <= i < first + nlines) and its length in bytes, no
 * terminator. */
static inline const char *src_line(const src *s, size_t i, size_t *len)
{
    i -= s->first;
    *len = (size_t)(s->lines[i + 1] - 1 - s->lines[i]);
    return s->buf + s->lines[i];
}

#endif
