/* Diagnostics in GCC's format: "file:line:col: error: message", then the source line and
 * a caret under the column.  Lines are 1-based; columns are 1-based characters with tabs
 * expanded to 8-column stops, as docutils counts them.  Colour only on a terminal and
 * never when NO_COLOR is set.  After `max_errors` errors the engine reports once that it
 * stops and sets `stopped`, which every stage checks to end its work early. */
#ifndef ATTRC_DIAG_H
#define ATTRC_DIAG_H

#include <stdio.h>

struct src;

typedef enum { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR } diag_level;

typedef struct diag {
    FILE *out;
    int color;
    int max_errors;
    int nerrors, nwarnings;
    int stopped;
} diag;

#define ATTRC_DEFAULT_MAX_ERRORS 50

/* Colour is decided from `out` (a terminal) and the environment (NO_COLOR). */
void diag_init(diag *d, FILE *out);

/* Reports at line/col of `s` (line 0: the whole file; col 0: the whole line).  `file`
 * overrides the name shown (NULL: s->path).  Either may be NULL, not both. */
void diag_report(diag *d, const struct src *s, const char *file, int line, int col,
                 diag_level level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

#endif
