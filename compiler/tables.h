/* Grid and simple tables: docutils' tableparser algorithms, on lines of code points in
 * which every East Asian wide character is followed by a pad so that an index is a
 * display column.  The parsers find the cells; the caller turns each cell's lines into
 * text. */
#ifndef ATTRC_TABLES_H
#define ATTRC_TABLES_H

#include <stddef.h>
#include <stdint.h>

#define TAB_PAD 0x110000u /* not a code point: the pad after a wide character */

typedef struct uline {
    uint32_t *c;
    int n;
} uline;

/* One cell's content, cut out of the table as docutils' get_2D_block() does. */
typedef struct tcell {
    int line;   /* block-relative index of its first content line */
    int col;    /* column (in the block) of its content's left edge */
    int nlines;
    char **lines; /* UTF-8, pads removed */
    int *lens;
    int tcol;          /* the table column it starts in (0-based) */
    int ncols, nrows;  /* the columns and rows it spans (1 and 1 for most) */
} tcell;

typedef struct trow {
    int ncells;
    tcell *cells;
} trow;

typedef struct ptable {
    int nhead, nrows; /* header rows come first */
    int ncols;
    int spans;        /* whether some cell spans more than one column or row */
    trow *rows;
    /* on failure: */
    char msg[200];
    int err_line, err_col; /* block-relative, 0-based; col -1: unknown */
} ptable;

/* Converts UTF-8 to a padded line. */
void uline_from_utf8(uline *u, const char *s, size_t n);
void uline_free(uline *u);

/* Both return 0 and fill t, or -1 with t->msg and the error position set. */
int grid_parse(uline *block, int n, ptable *t);
int simple_parse(uline *block, int n, ptable *t);
void ptable_free(ptable *t);

/* The patterns that start a table, on a line's bytes (they are ASCII). */
int is_grid_border(const char *s, int n); /* \+-[-+]+-\+ *$ */
int is_simple_top(const char *s, int n);  /* =+( +=+)+ *$ */
int is_simple_border(const uint32_t *c, int n);     /* =+[ =]*$ */

#endif
