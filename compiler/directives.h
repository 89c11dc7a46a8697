/* Inside the reader: what the block reader (reader.c) shares with its directives
 * (directives.c).  reader.c owns the reader's state (P), the views through which lines
 * are read, and the building of tables (tb_*); directives.c owns the directives, the
 * table directives among them (csv-table, list-table, table), and hands the tables it
 * builds back through tb_emit().  Not for use outside the reader. */
#ifndef ATTRC_DIRECTIVES_H
#define ATTRC_DIRECTIVES_H

#include "inline.h"
#include "reader.h"

#include <string.h>

#define MAX_STYLES 32

/* A line of a base that is not the document: cut out of a table or a CSV field. */
typedef struct mline {
    const char *s;
    int len;
    int line; /* 1-based line in `file` */
    int col;  /* 0-based column of s[0] */
} mline;

typedef struct lbase {
    const src *file;  /* for diagnostics */
    src *doc;         /* lines of the document (read through a window), or: */
    const mline *m;
    size_t n;
} lbase;

/* Lines [start, end) of a base, with fstrip characters cut off the first and strip off
 * the others. */
typedef struct view {
    const lbase *b;
    size_t start, end;
    int fstrip, strip;
} view;

/* The reader's state, for one document. */
typedef struct P {
    diag *d;
    const reader_opts *o;
    const src *doc;
    rtable_fn fn;
    void *ud;
    struct {
        uint32_t over, under;
    } sty[MAX_STYLES];
    int nsty, level, active;
    sbuf *text; /* text mode: where astext() goes */
    int incell; /* reading a cell's text (within a table) */
    int depth, deep_warned;
    int ntables;
    int collect;    /* the pass that collects targets: reports and emits nothing */
    int quiet;      /* the pass that reads again with the targets: reports nothing */
    inline_ctx ix;  /* targets, for the text of references */
    rtable *held;   /* tables after the first reference, held to the document's end */
    int nheld, capheld;
    int skip;       /* tables the second reading passes over: given out already */
    char *want;     /* --section's title, whitespace collapsed; NULL: REST API impact */
    rlead lead[RLEAD_MAX]; /* blocks read since the last table (see rtable) */
    int nlead;
    rlead titles[MAX_STYLES]; /* the title of the current section at each level */
    struct notemark *marks;   /* footnotes counted where blocks start (rd_notes_at) */
    size_t nmarks, capmarks;
} P;

static inline int reporting(const P *p) { return p->o->all || p->active > 0; }
/* Whether problems with tables are reported here: in the section read, not inside a
 * cell's text, not in the passes that only collect targets or read again. */
static inline int speaks(const P *p) { return reporting(p) && !p->text && !p->quiet; }
/* Whether nested content matters: in text mode, or where tables are read. */
static inline int wanted(const P *p) { return p->text || reporting(p) || p->collect; }

/* ---- views ---- */

#define OPEN ((size_t)-1) /* the end of the document's own view: not known until read */

/* Lines of a view whose end is known (every view but the document's own). */
static inline size_t vn(const view *v) { return v->end - v->start; }

/* Whether line i exists, reading on where the view is the document's. */
static inline int vhas(const view *v, size_t i)
{
    if (v->end != OPEN)
        return i < v->end - v->start;
    return src_has(v->b->doc, v->start + i);
}

static inline const char *vl(const view *v, size_t i, int *len)
{
    size_t idx = v->start + i, n;
    const char *s;
    if (v->b->doc) {
        s = src_line(v->b->doc, idx, &n);
    } else {
        s = v->b->m[idx].s;
        n = (size_t)v->b->m[idx].len;
    }
    int strip = i == 0 ? v->fstrip : v->strip;
    if (strip) {
        size_t k = u8_skip(s, n, (size_t)strip);
        s += k;
        n -= k;
    }
    *len = (int)n;
    return s;
}

static inline int vblank(const view *v, size_t i)
{
    int n;
    vl(v, i, &n);
    return n == 0;
}

/* 1-based line and column of character `off` of line i. */
static inline void vpos(const view *v, size_t i, int off, int *line, int *col)
{
    size_t idx = v->start + i;
    int strip = i == 0 ? v->fstrip : v->strip;
    if (v->b->doc) {
        *line = (int)idx + 1;
        *col = strip + off + 1;
    } else {
        *line = v->b->m[idx].line;
        *col = v->b->m[idx].col + strip + off + 1;
    }
}

static inline view subview(const view *v, size_t a, size_t b)
{
    view s = *v;
    s.start = v->start + a;
    s.end = v->start + b;
    s.fstrip = a == 0 ? v->fstrip : v->strip;
    return s;
}

#define REPORT(p, v, i, off, lvl, ...)                                                       \
    do {                                                                                     \
        int l_, c_;                                                                          \
        if ((p)->collect || (p)->quiet)                                                      \
            break;                                                                           \
        vpos((v), (i), (off), &l_, &c_);                                                     \
        diag_report((p)->d, (v)->b->file, NULL, l_, c_, (lvl), __VA_ARGS__);                 \
    } while (0)

/* ---- the block reader (reader.c) ---- */

/* Body elements of v, in text mode where p->text is set. */
void rd_parse_body(P *p, const view *v, int titles);
/* StringList.get_indented(): lines from `start` that are blank or indented; returns the
 * end (exclusive) and sets *out to the block with the indentation removed. */
size_t rd_get_indented(const view *v, size_t start, int until_blank, int block_indent,
                       int first_indent, view *out);
/* Lines [a, b) of v joined by "\n", after cutting `cut` characters off the first. */
void rd_join_lines(const view *v, size_t a, size_t b, int cut, sbuf *out);
/* In text mode: appends lines [a, b) of v, as inline markup or as they are. */
void rd_put_lines(P *p, const view *v, size_t a, size_t b, int cut, int markup);
void rd_put_inline(P *p, const char *s, size_t n);
/* The text of inline markup s[0..n), whitespace collapsed (caller frees). */
char *rd_inline_text(P *p, const char *s, size_t n);
/* A bullet at the start of s: the column after it and its spaces (0: none), the bullet
 * in *b; and the item from line i whose content starts at column `indent`. */
int rd_bullet_at(const char *s, int n, uint32_t *b);
size_t rd_list_item(const view *v, size_t i, int indent, view *item);

/* Where a table or a block starts (line i of v): the reading that collects the targets
 * notes how many footnotes and references came before, the last reading takes that up
 * (footnotes are numbered over the whole document; see reader.c). */
void rd_notes_at(P *p, const view *v, size_t i);

/* ---- tables (reader.c) ---- */

/* A table is started with tb_init, filled, and handed on with tb_emit (which takes it
 * over, or leaves it to tb_free); tb_free is always safe after tb_init. */
void tb_init(rtable *t, P *p, table_kind kind, int line);
/* Adds a row; `pos` (row.n places, taken over) says where each cell starts. */
void tb_row(rtable *t, strvec row, int line, rpos *pos);
void tb_emit(P *p, rtable *t);
void tb_free(rtable *t);
/* The cells of a csv-table (rtable.store): every cell's text pointer and place in one
 * array each, sized once the table's size is known, and the text in blocks, so that a
 * table costs its text and 16 bytes a cell, not two allocations a cell.  rstore_new
 * makes one for rows x cols cells, rstore_text copies s[0..n) into it; tb_free frees
 * it with its table. */
typedef struct rstore {
    char **cells;
    rpos *pos;
    struct sblk *text; /* newest first */
    char *empty;       /* the text of every empty cell */
    char *quoted_empty; /* the same text, for a csv field that was "" */
} rstore;

rstore *rstore_new(size_t rows, size_t cols);
char *rstore_text(rstore *st, const char *s, size_t n);
/* --max-table-cells, or its default; and whether a table of `cells` cells is over it
 * (if so, says so at line i of v, where the table or its directive starts). */
size_t rd_cell_limit(const P *p);
int rd_too_many_cells(P *p, const view *v, size_t i, const char *kind, size_t cells);
/* A grid or simple table at line i of v: returns the line after it; *ok says whether
 * t holds the table. */
size_t rd_grid_table(P *p, const view *v, size_t i, rtable *t, int *ok);
size_t rd_simple_table(P *p, const view *v, size_t i, rtable *t, int *ok);
/* The text of a cell: lines read as a small document, whitespace collapsed. */
void rd_cell_text_to(P *p, const src *file, mline *m, int n, sbuf *out);
char *rd_view_text(P *p, const view *v);

/* ---- directives (directives.c) ---- */

/* ".. name:: ..." at line i of v: s[ns..ns+nl) is the name, the directive's block starts
 * at character `after` of the line.  Reads it (a table directive, a directive whose
 * content is body text, or one skipped whole) and returns the line after its block. */
size_t rd_directive(P *p, const view *v, size_t i, const char *s, int ns, int nl, int after,
                    int titles);

#endif
