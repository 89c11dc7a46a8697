/* The reader: finds the section of a spec that attrc reads ("REST API impact" by
 * default) and every table in it, cell by cell, as docutils reads them.
 *
 * Tables are handed to a callback in document order and freed when it returns, so a
 * large document never holds more than one table in memory. */
#ifndef ATTRC_READER_H
#define ATTRC_READER_H

#include "diag.h"
#include "source.h"
#include "util.h"

typedef enum { TABLE_GRID, TABLE_SIMPLE, TABLE_CSV, TABLE_LIST } table_kind;

const char *table_kind_name(table_kind k);

/* Where a cell's text starts: 1-based line and column. */
typedef struct rpos {
    int line, col;
} rpos;

/* Where a cell of a grid or simple table sits when the table has spans: the column it
 * starts in (0-based) and the columns and rows it covers.  A spanning cell is in the
 * row where it starts only (docutils' reading, which `attrc extract` prints). */
typedef struct rspan {
    int col, ncols, nrows;
} rspan;

/* A block read before a table, for the model to find the resource a table describes. */
typedef enum { LEAD_HEADING, LEAD_PARAGRAPH, LEAD_TERM } lead_kind;

typedef struct rlead {
    lead_kind kind;
    char *text; /* its text as docutils' astext() gives it, whitespace collapsed */
    int line, col;
} rlead;

#define RLEAD_MAX 8

typedef struct rtable {
    const char *file; /* the spec's path as given */
    int line;         /* 1-based line of the table or of its directive */
    table_kind kind;
    char *title;      /* "" when none */
    int nhead;        /* rows[0..nhead) are header rows */
    int nrows;
    int ncols;        /* columns of a grid or simple table (rows with spans have fewer cells) */
    strvec *rows;
    int *row_line;    /* source line of each row (for the model's diagnostics) */
    rpos **pos;       /* pos[r][c]: where the text of cell c of row r starts */
    /* span[r][c]: where cell c of row r sits, for a grid or simple table in which some
     * cell spans columns or rows; NULL for every other table (cell c is in column c).
     * The rows' places are one block, span[0]. */
    rspan **span;
    char *data_file;  /* a csv-table's :file: (as the reader opened it), else NULL; */
    int data_from;    /* rows from this one on were read from it */
    /* The short paragraphs, definition terms and section titles read since the previous
     * table of the section (the last RLEAD_MAX, oldest first), and the title of the
     * innermost section the table is in (text NULL: none below the section read). */
    rlead lead[RLEAD_MAX];
    int nlead;
    rlead heading;
    /* The reader's own: where the cells of a csv-table live (every text pointer and
     * place in one array each, the text in blocks) instead of an allocation per cell;
     * NULL for the other kinds. */
    struct rstore *store;
} rtable;

typedef void (*rtable_fn)(const rtable *t, void *ud);

/* Whether cell c of row r is a csv field written "" (two quote characters): its text is empty, as docutils
 * gives it and as an unquoted empty field's is, but the author wrote a value (the model
 * reads it as the empty string). */
int rt_quoted_empty(const rtable *t, int r, int c);

/* Tables with more cells than this (header rows included, a csv-table's short rows
 * counted as padded) are refused with an error before their cells are read. */
#define ATTRC_DEFAULT_MAX_CELLS ((size_t)1000000)

typedef struct reader_opts {
    const char *section; /* NULL: "REST API impact" (or "impacts"), any case */
    int all;             /* read the whole document */
    size_t max_input;    /* limit for :file: CSVs */
    size_t max_cells;    /* cells in one table at most; 0: ATTRC_DEFAULT_MAX_CELLS,
                          * SIZE_MAX: no limit (--max-table-cells 0) */
    char **title;        /* or NULL: where to put the document's first section title (a
                          * new string), when *title is NULL and the document has one */
} reader_opts;

/* Reads `s` (loaded whole or opened to be read through a window), calling fn for each
 * table found; diagnostics go to d.  Returns the number of tables handed to fn. */
int read_tables(src *s, const reader_opts *o, diag *d, rtable_fn fn, void *ud);

#endif
