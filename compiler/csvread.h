/* CSV records read with the semantics of Python's csv module (Modules/_csv.c), which is
 * what docutils' csv-table directive uses: the dialect's delimiter, quote and escape
 * characters, doubled quotes, skipinitialspace, strict quoting, and "unexpected end of
 * data" for a quote that never closes.  See docs/design.md for why this is not libcsv.
 *
 * csv_scan hands the records over one at a time and keeps only the one being read, so
 * that a large csv-table costs the cells the caller keeps, not a copy of its data;
 * csv_read keeps them all (for small data, such as the :header: option). */
#ifndef ATTRC_CSVREAD_H
#define ATTRC_CSVREAD_H

#include "util.h"

#include <stdint.h>

typedef struct csv_dialect {
    uint32_t delim, quote, escape; /* escape 0: none */
    int doublequote, skipinitialspace, strict;
} csv_dialect;

/* Where a problem is: 0-based input line index and character column. */
typedef struct csv_error {
    char msg[200];
    int line, col;
} csv_error;

/* One record as csv_scan hands it over: everything it points to is the reader's and
 * lasts until the callback returns. */
typedef struct csv_row {
    int n;                     /* fields */
    const char *const *fields; /* their text, each NUL-terminated */
    const int *fline, *fcol;   /* where each field's text starts (after skipped spaces,
                                * at an opening quote) */
    const unsigned char *fquoted; /* whether each field began with a quote ("" is a
                                   * quoted empty field, which Python reads as '') */
    int line, col;             /* where the record starts */
} csv_row;

/* Line i of the input (0 <= i < nlines) and its length in bytes; each line is taken as
 * if followed by "\n". */
typedef const char *(*csv_line_fn)(void *ud, int i, size_t *len);
/* Called for each record in order; a non-zero return stops the reading. */
typedef int (*csv_row_fn)(const csv_row *row, void *ud);

/* Reads the lines, calling row_fn for each record.  Returns 0 when every line was read,
 * 1 when row_fn stopped it, or -1 with e set (the records before the problem have been
 * handed over). */
int csv_scan(const csv_dialect *d, int nlines, csv_line_fn line_fn, csv_row_fn row_fn,
             void *ud, csv_error *e);

/* csv_read's records, each a copy it owns. */
typedef struct csv_rec {
    strvec fields;
    int line, col;      /* where the record starts: input line index, 0-based char column */
    int *fline, *fcol;  /* where each field's text starts (after skipped spaces, at an
                         * opening quote) */
} csv_rec;

typedef struct csv_result {
    csv_rec *recs;
    int n;
    /* on error: */
    char msg[200];
    int err_line, err_col;
} csv_result;

/* Reads the lines (each taken as if followed by "\n") and keeps every record.  Returns
 * 0, or -1 with msg and the position of the problem set (records read before it stay in
 * r). */
int csv_read(const csv_dialect *d, const char *const *lines, const size_t *lens, int nlines,
             csv_result *r);
void csv_result_free(csv_result *r);

#endif
