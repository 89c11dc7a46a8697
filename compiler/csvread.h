/* CSV records read with the semantics of Python's csv module (Modules/_csv.c), which is
 * what docutils' csv-table directive uses: the dialect's delimiter, quote and escape
 * characters, doubled quotes, skipinitialspace, strict quoting, and "unexpected end of
 * data" for a quote that never closes.  See docs/design.md for why this is not libcsv. */
#ifndef ATTRC_CSVREAD_H
#define ATTRC_CSVREAD_H

#include "util.h"

#include <stdint.h>

typedef struct csv_dialect {
    uint32_t delim, quote, escape; /* escape 0: none */
    int doublequote, skipinitialspace, strict;
} csv_dialect;

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

/* Reads the lines (each taken as if followed by "\n").  Returns 0, or -1 with msg and
 * the position of the problem set (records read before it stay in r). */
int csv_read(const csv_dialect *d, const char *const *lines, const size_t *lens, int nlines,
             csv_result *r);
void csv_result_free(csv_result *r);

#endif
