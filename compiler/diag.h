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

/* gcc: printed as they come; json and sarif: collected, written by diag_finish(). */
typedef enum { DIAG_GCC, DIAG_JSON, DIAG_SARIF } diag_format;

typedef struct diag {
    FILE *out;
    int color;
    int max_errors;
    int nerrors, nwarnings;
    int stopped;
    diag_format format;
    int werror;     /* warnings are errors */
    void *results;  /* json and sarif: the diagnostics so far (a jansson array) */
    /* When set, called for each error as it is reported (file as shown, line, name or
     * NULL): attrc diff learns from it what a spec's errors hid. */
    void (*on_error)(void *ud, const char *file, int line, const char *code);
    void *on_error_ud;
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

/* The same with the diagnostic's name (docs/spec-format.md lists them): shown as
 * "[code]" after the message, and as the SARIF rule.  Reader diagnostics have none. */
void diag_report_code(diag *d, const struct src *s, const char *file, int line, int col,
                      diag_level level, const char *code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 8, 9)))
#endif
    ;

/* Writes what json and sarif collected to d->out and frees it; nothing for gcc.
 * Returns -1 when writing failed. */
int diag_finish(diag *d);

/* A path as a SARIF artifact URI (a jansson string): relative paths stay relative,
 * bytes outside RFC 3986's unreserved set and '/' are percent-encoded. */
struct json_t;
struct json_t *diag_sarif_uri(const char *path);

/* A short description of a diagnostic's name, NULL when it is not one. */
const char *diag_code_description(const char *code);

#endif
