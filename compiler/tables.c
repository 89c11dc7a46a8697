/* A transcription of docutils.parsers.rst.tableparser (0.19) with its failure modes kept
 * (docutils then reads no table) and its assertions turned into errors.  The grid
 * tracer is bounded: a table that would need more steps than a generous multiple of its
 * area is refused instead of being traced for minutes. */
#include "tables.h"

#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void uline_from_utf8(uline *u, const char *s, size_t n)
{
    u->c = xmalloc((2 * n + 1) * sizeof *u->c);
    int k = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += (size_t)u8_decode(s + i, n - i, &cp);
        u->c[k++] = cp;
        if (cp_is_wide(cp))
            u->c[k++] = TAB_PAD;
    }
    u->n = k;
}

void uline_free(uline *u)
{
    free(u->c);
    u->c = NULL;
    u->n = 0;
}

static int upy_space(uint32_t c) { return c != TAB_PAD && py_isspace(c); }

int is_grid_border(const char *s, int n)
{
    while (n > 0 && s[n - 1] == ' ')
        n--;
    /* at least "+-" "[-+]" "-+": five characters */
    if (n < 5 || s[0] != '+' || s[1] != '-' || s[n - 1] != '+' || s[n - 2] != '-')
        return 0;
    for (int i = 2; i < n - 2; i++)
        if (s[i] != '-' && s[i] != '+')
            return 0;
    return 1;
}

static int is_grid_head_sep(const uint32_t *c, int n)
{
    while (n > 0 && c[n - 1] == ' ')
        n--;
    if (n < 5 || c[0] != '+' || c[1] != '=' || c[n - 1] != '+' || c[n - 2] != '=')
        return 0;
    for (int i = 2; i < n - 2; i++)
        if (c[i] != '=' && c[i] != '+')
            return 0;
    return 1;
}

int is_simple_top(const char *s, int n)
{
    while (n > 0 && s[n - 1] == ' ')
        n--;
    int i = 0, groups = 0;
    while (i < n) {
        if (s[i] != '=')
            return 0;
        while (i < n && s[i] == '=')
            i++;
        groups++;
        if (i == n)
            break;
        if (s[i] != ' ')
            return 0;
        while (i < n && s[i] == ' ')
            i++;
    }
    return groups >= 2;
}

int is_simple_border(const uint32_t *c, int n)
{
    if (n < 1 || c[0] != '=')
        return 0;
    for (int i = 1; i < n; i++)
        if (c[i] != '=' && c[i] != ' ')
            return 0;
    return 1;
}

static void fail(ptable *t, int line, int col, const char *msg)
{
    snprintf(t->msg, sizeof t->msg, "%s", msg);
    t->err_line = line;
    t->err_col = col;
}

/* get_2D_block(): lines [top, bottom), columns [left, right), right-stripped, common
 * indentation removed, pads dropped. */
static void cut_cell(const uline *b, int top, int left, int bottom, int right, tcell *c)
{
    int n = bottom - top;
    c->line = top;
    c->nlines = n;
    c->lines = xcalloc((size_t)(n > 0 ? n : 1), sizeof *c->lines);
    c->lens = xcalloc((size_t)(n > 0 ? n : 1), sizeof *c->lens);
    int indent = right;
    int *from = xcalloc((size_t)(n > 0 ? n : 1), sizeof *from);
    int *to = xcalloc((size_t)(n > 0 ? n : 1), sizeof *to);
    for (int k = 0; k < n; k++) {
        const uline *l = &b[top + k];
        int s = left < l->n ? left : l->n, e = right < l->n ? right : l->n;
        if (e < s)
            e = s;
        while (e > s && upy_space(l->c[e - 1]))
            e--;
        from[k] = s;
        to[k] = e;
        if (e > s) {
            int ind = 0;
            while (s + ind < e && upy_space(l->c[s + ind]))
                ind++;
            if (ind < indent)
                indent = ind;
        }
    }
    int strip = (indent > 0 && indent < right) ? indent : 0;
    c->col = left + strip;
    sbuf sb = {0};
    for (int k = 0; k < n; k++) {
        const uline *l = &b[top + k];
        sb_reset(&sb);
        for (int j = from[k] + strip; j < to[k]; j++)
            if (l->c[j] != TAB_PAD)
                sb_putcp(&sb, l->c[j]);
        c->lens[k] = (int)sb.n;
        c->lines[k] = xstrndup(sb.p ? sb.p : "", sb.n);
    }
    sb_free(&sb);
    free(from);
    free(to);
}

void ptable_free(ptable *t)
{
    for (int r = 0; r < t->nrows; r++) {
        for (int k = 0; k < t->rows[r].ncells; k++) {
            tcell *c = &t->rows[r].cells[k];
            for (int i = 0; i < c->nlines; i++)
                free(c->lines[i]);
            free(c->lines);
            free(c->lens);
        }
        free(t->rows[r].cells);
    }
    free(t->rows);
    t->rows = NULL;
    t->nrows = t->nhead = 0;
}

/* ---- grid tables ---- */

/* A list of row or column boundaries found by one tracing attempt.  docutils keeps them
 * in dictionaries; lists cost what the trace costs, where a mark per line would cost
 * the table's height on every attempt. */
typedef struct {
    int *v;
    int n, cap;
} ivec;

static void iv_push(ivec *a, int x)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 16;
        a->v = xrealloc(a->v, (size_t)a->cap * sizeof *a->v);
    }
    a->v[a->n++] = x;
}

static void iv_append(ivec *a, const ivec *b)
{
    for (int k = 0; k < b->n; k++)
        iv_push(a, b->v[k]);
}

typedef struct {
    uline *b;
    int bottom, right;
    int *done;
    char *rowsep, *colsep; /* boundaries seen */
    struct gcell {
        int top, left, bottom, right;
    } *cells;
    int ncells, capcells;
    long long budget;
    ivec rs_t, cs_t; /* what scan_left and scan_up find in one attempt */
} grid;

static int scan_up(grid *g, int top, int left, int bottom, ivec *rs)
{
    for (int i = bottom - 1; i > top; i--) {
        g->budget--;
        uint32_t c = g->b[i].c[left];
        if (c == '+')
            iv_push(rs, i);
        else if (c != '|')
            return 0;
    }
    return 1;
}

static int scan_left(grid *g, int top, int left, int bottom, int right, ivec *rs, ivec *cs)
{
    const uline *l = &g->b[bottom];
    for (int i = right - 1; i > left; i--) {
        g->budget--;
        if (l->c[i] == '+')
            iv_push(cs, i);
        else if (l->c[i] != '-')
            return 0;
    }
    if (l->c[left] != '+')
        return 0;
    return scan_up(g, top, left, bottom, rs);
}

/* Down the right edge from (top, right): every '+' is a row boundary, and the first from
 * which scan_left returns to the start closes the cell. */
static int scan_down(grid *g, int top, int left, int right, int *bottom, ivec *rs, ivec *cs)
{
    for (int i = top + 1; i <= g->bottom; i++) {
        g->budget--;
        uint32_t c = g->b[i].c[right];
        if (c == '+') {
            iv_push(rs, i);
            g->rs_t.n = g->cs_t.n = 0;
            if (scan_left(g, top, left, i, right, &g->rs_t, &g->cs_t)) {
                iv_append(rs, &g->rs_t);
                iv_append(cs, &g->cs_t);
                *bottom = i;
                return 1;
            }
            if (g->budget < 0)
                return 0;
        } else if (c != '|') {
            return 0;
        }
    }
    return 0;
}

/* Along the top edge from (top, left): every '+' is a column boundary, and the first
 * from which scan_down closes a cell is its top-right corner. */
static int scan_cell(grid *g, int top, int left, int *bottom, int *right, ivec *rs, ivec *cs)
{
    const uline *l = &g->b[top];
    ivec rs2 = {0}, cs2 = {0};
    int found = 0;
    for (int i = left + 1; i <= g->right && !found; i++) {
        g->budget--;
        if (l->c[i] == '+') {
            iv_push(cs, i); /* docutils keeps every '+' of the top border as a boundary */
            rs2.n = cs2.n = 0;
            if (scan_down(g, top, left, i, bottom, &rs2, &cs2)) {
                iv_append(rs, &rs2);
                iv_append(cs, &cs2);
                *right = i;
                found = 1;
            } else if (g->budget < 0) {
                break;
            }
        } else if (l->c[i] != '-') {
            break;
        }
    }
    free(rs2.v);
    free(cs2.v);
    return found;
}

/* A min-heap of corners ordered by (top, left), as docutils sorts its queue. */
typedef struct {
    long long *v;
    int n, cap;
} heap;

static void heap_push(heap *h, long long x)
{
    if (h->n == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 64;
        h->v = xrealloc(h->v, (size_t)h->cap * sizeof *h->v);
    }
    int i = h->n++;
    while (i > 0 && h->v[(i - 1) / 2] > x) {
        h->v[i] = h->v[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->v[i] = x;
}

static long long heap_pop(heap *h)
{
    long long top = h->v[0], x = h->v[--h->n];
    int i = 0;
    for (;;) {
        int c = 2 * i + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n && h->v[c + 1] < h->v[c])
            c++;
        if (h->v[c] >= x)
            break;
        h->v[i] = h->v[c];
        i = c;
    }
    h->v[i] = x;
    return top;
}

int grid_parse(uline *b, int n, ptable *t)
{
    memset(t, 0, sizeof *t);
    int width = b[0].n;
    int sep = -1;
    for (int i = 0; i < n; i++) {
        if (is_grid_head_sep(b[i].c, b[i].n)) {
            if (sep > 0) {
                char m[160];
                snprintf(m, sizeof m,
                         "more than one header separator ('+===+' at table lines %d and %d); "
                         "only one is allowed",
                         sep + 1, i + 1);
                fail(t, i, 0, m);
                return -1;
            }
            sep = i;
            for (int k = 0; k < b[i].n; k++)
                if (b[i].c[k] == '=')
                    b[i].c[k] = '-';
        }
    }
    if (sep == 0 || sep == n - 1) {
        fail(t, sep, 0, "the header separator ('+===+') may not be the first or last line");
        return -1;
    }
    grid g = {.b = b, .bottom = n - 1, .right = width - 1};
    g.budget = 64LL * n * width + 100000;
    g.done = xmalloc((size_t)width * sizeof *g.done);
    for (int i = 0; i < width; i++)
        g.done[i] = -1;
    g.rowsep = xcalloc((size_t)n, 1);
    g.colsep = xcalloc((size_t)width, 1);
    g.rowsep[0] = g.colsep[0] = 1;
    heap h = {0};
    heap_push(&h, 0);
    int rc = 0;
    ivec rs = {0}, cs = {0};
    while (h.n) {
        long long x = heap_pop(&h);
        int top = (int)(x / (width + 1)), left = (int)(x % (width + 1));
        if (top == g.bottom || left == g.right || top <= g.done[left])
            continue;
        rs.n = cs.n = 0;
        int bottom, right;
        if (!scan_cell(&g, top, left, &bottom, &right, &rs, &cs)) {
            if (g.budget < 0) {
                fail(t, top, left, "grid table too complex to trace; simplify its borders");
                rc = -1;
                break;
            }
            continue;
        }
        for (int k = 0; k < rs.n; k++)
            g.rowsep[rs.v[k]] = 1;
        for (int k = 0; k < cs.n; k++)
            g.colsep[cs.v[k]] = 1;
        for (int col = left; col < right; col++) {
            if (g.done[col] != top - 1) {
                fail(t, top, col, "cells overlap: a '+' corner does not line up");
                rc = -1;
                break;
            }
            g.done[col] = bottom - 1;
        }
        if (rc)
            break;
        if (g.ncells == g.capcells) {
            g.capcells = g.capcells ? g.capcells * 2 : 16;
            g.cells = xrealloc(g.cells, (size_t)g.capcells * sizeof *g.cells);
        }
        g.cells[g.ncells++] = (struct gcell){top, left, bottom, right};
        heap_push(&h, (long long)top * (width + 1) + right);
        heap_push(&h, (long long)bottom * (width + 1) + left);
    }
    free(rs.v);
    free(cs.v);
    free(g.rs_t.v);
    free(g.cs_t.v);
    free(h.v);
    if (!rc) {
        for (int col = 0; col < g.right; col++) {
            if (g.done[col] != g.bottom - 1) {
                int line = g.done[col] + 1;
                fail(t, line, col,
                     "malformed grid table: the cell starting here is never closed by a "
                     "'+' corner and a '+---+' border");
                rc = -1;
                break;
            }
        }
    }
    if (!rc) {
        int *rowidx = xmalloc((size_t)n * sizeof *rowidx), nr = 0;
        int *colidx = xmalloc((size_t)width * sizeof *colidx), nc = 0;
        for (int k = 0; k < n; k++)
            rowidx[k] = g.rowsep[k] ? nr++ : -1;
        for (int k = 0; k < width; k++)
            colidx[k] = g.colsep[k] ? nc++ : -1;
        nr--;
        nc--;
        /* grid[r][c]: the cell that starts there, or -1 */
        int *slot = xmalloc((size_t)(nr > 0 ? nr : 1) * (size_t)(nc > 0 ? nc : 1) * sizeof *slot);
        for (int k = 0; k < nr * nc; k++)
            slot[k] = -1;
        long long remaining = (long long)nr * nc;
        for (int k = 0; k < g.ncells && !rc; k++) {
            struct gcell *c = &g.cells[k];
            int r0 = rowidx[c->top], c0 = colidx[c->left];
            int r1 = rowidx[c->bottom], c1 = colidx[c->right];
            if (r0 < 0 || c0 < 0 || r1 < 0 || c1 < 0 || slot[r0 * nc + c0] != -1) {
                fail(t, c->top, c->left, "malformed grid table: cells overlap");
                rc = -1;
                break;
            }
            slot[r0 * nc + c0] = k;
            remaining -= (long long)(r1 - r0) * (c1 - c0);
        }
        if (!rc && remaining != 0) {
            fail(t, 0, 0, "malformed grid table: some cells are not enclosed");
            rc = -1;
        }
        if (!rc) {
            t->nrows = nr;
            t->ncols = nc;
            t->nhead = sep > 0 ? rowidx[sep] : 0;
            t->rows = xcalloc((size_t)(nr > 0 ? nr : 1), sizeof *t->rows);
            for (int r = 0; r < nr; r++) {
                trow *row = &t->rows[r];
                row->cells = xcalloc((size_t)(nc > 0 ? nc : 1), sizeof *row->cells);
                for (int c = 0; c < nc; c++) {
                    int k = slot[r * nc + c];
                    if (k < 0)
                        continue;
                    struct gcell *gc = &g.cells[k];
                    tcell *tc = &row->cells[row->ncells++];
                    cut_cell(b, gc->top + 1, gc->left + 1, gc->bottom, gc->right, tc);
                    tc->tcol = c;
                    tc->ncols = colidx[gc->right] - c;
                    tc->nrows = rowidx[gc->bottom] - r;
                    t->spans |= tc->ncols > 1 || tc->nrows > 1;
                }
            }
        }
        free(slot);
        free(rowidx);
        free(colidx);
    }
    free(g.done);
    free(g.rowsep);
    free(g.colsep);
    free(g.cells);
    return rc;
}

/* ---- simple tables ---- */

typedef struct {
    int start, end;
} span;

typedef struct {
    uline *b;
    int n;
    span *cols;
    int ncols;
    int border_end;
    ptable *t;
} simple;

static int is_span_line(const uline *l)
{
    if (l->n < 1 || l->c[0] != '-')
        return 0;
    for (int i = 1; i < l->n; i++)
        if (l->c[i] != '-' && l->c[i] != ' ')
            return 0;
    return 1;
}

static int find_from(const uline *l, uint32_t ch, int from)
{
    for (int i = from < 0 ? 0 : from; i < l->n; i++)
        if (l->c[i] == ch)
            return i;
    return -1;
}

/* parse_columns(): runs of '-' in a border or column-span underline. */
static int parse_columns(simple *s, const uline *l, int offset, span **out)
{
    span *cols = NULL;
    int n = 0, end = 0;
    for (;;) {
        int begin = find_from(l, '-', end);
        end = begin < 0 ? -1 : find_from(l, ' ', begin);
        if (begin < 0)
            break;
        if (end < 0)
            end = l->n;
        cols = xgrow(cols, (size_t)n, sizeof *cols);
        cols[n++] = (span){begin, end};
    }
    if (s->cols && n) {
        if (cols[n - 1].end != s->border_end) {
            fail(s->t, offset, cols[n - 1].end,
                 "column span underline does not reach the table's right border");
            free(cols);
            return -1;
        }
        cols[n - 1].end = s->cols[s->ncols - 1].end;
    }
    *out = cols;
    return n;
}

static int line_has_text(const uline *l, int from, int to)
{
    if (from < 0)
        from = 0;
    if (to > l->n)
        to = l->n;
    for (int i = from; i < to; i++)
        if (!upy_space(l->c[i]) && l->c[i] != TAB_PAD)
            return 1;
    return 0;
}

static int parse_row(simple *s, int start, int nlines, const uline *spanline, int spanoff)
{
    if (nlines == 0 && !spanline)
        return 0;
    span *cols;
    int ncols;
    if (spanline) {
        ncols = parse_columns(s, spanline, spanoff, &cols);
        if (ncols < 0)
            return -1;
    } else {
        ncols = s->ncols;
        cols = xmalloc((size_t)(ncols > 0 ? ncols : 1) * sizeof *cols);
        memcpy(cols, s->cols, (size_t)ncols * sizeof *cols);
    }
    /* check_columns(): text in a margin is an error; the last column may overflow. */
    int lastcol = ncols - 1;
    for (int i = 0; i < ncols; i++) {
        int st = cols[i].start, en = cols[i].end;
        int nextstart = i + 1 < ncols ? cols[i + 1].start : 1 << 30;
        for (int k = 0; k < nlines; k++) {
            const uline *l = &s->b[start + k];
            if (i == lastcol && line_has_text(l, en, l->n)) {
                int e = l->n;
                while (e > st && (upy_space(l->c[e - 1])))
                    e--;
                int new_end = e;
                int main_end = s->cols[s->ncols - 1].end;
                cols[i].end = main_end > new_end ? main_end : new_end;
                if (new_end > main_end)
                    s->cols[s->ncols - 1].end = new_end;
                en = cols[i].end;
            } else if (line_has_text(l, en, nextstart)) {
                int col = en;
                while (col < l->n && upy_space(l->c[col]))
                    col++;
                fail(s->t, start + k, col,
                     "text in the margin between two columns of a simple table");
                free(cols);
                return -1;
            }
        }
    }
    /* init_row(): map the spans onto the table's columns */
    int *first = xmalloc((size_t)(ncols > 0 ? ncols : 1) * 2 * sizeof *first);
    for (int i = 0, ci = 0; i < ncols; i++, ci++) {
        int ok = ci < s->ncols && cols[i].start == s->cols[ci].start;
        first[2 * i] = ci;
        while (ok && cols[i].end != s->cols[ci].end)
            ok = ++ci < s->ncols;
        first[2 * i + 1] = ci + 1 - first[2 * i];
        if (!ok) {
            fail(s->t, start + 1 < s->n ? start + 1 : start, cols[i].start,
                 "column span does not line up with the table's columns");
            free(first);
            free(cols);
            return -1;
        }
    }
    trow row = {0};
    row.cells = xcalloc((size_t)(ncols > 0 ? ncols : 1), sizeof *row.cells);
    for (int i = 0; i < ncols; i++) {
        cut_cell(s->b, start, cols[i].start, start + nlines, cols[i].end, &row.cells[i]);
        row.cells[i].tcol = first[2 * i];
        row.cells[i].ncols = first[2 * i + 1];
        row.cells[i].nrows = 1; /* a simple table's cells never span rows */
        s->t->spans |= row.cells[i].ncols > 1;
    }
    row.ncells = ncols;
    free(first);
    free(cols);
    s->t->rows = xgrow(s->t->rows, (size_t)s->t->nrows, sizeof *s->t->rows);
    s->t->rows[s->t->nrows++] = row;
    return 0;
}

int simple_parse(uline *b, int n, ptable *t)
{
    memset(t, 0, sizeof *t);
    /* setup(): the top and bottom borders become '-' lines */
    for (int k = 0; k < b[0].n; k++)
        if (b[0].c[k] == '=')
            b[0].c[k] = '-';
    for (int k = 0; k < b[n - 1].n; k++)
        if (b[n - 1].c[k] == '=')
            b[n - 1].c[k] = '-';
    int sep = -1;
    for (int i = 0; i < n; i++) {
        if (is_simple_border(b[i].c, b[i].n)) {
            if (sep > 0) {
                fail(t, i, 0, "more than one header separator ('===') in a simple table");
                return -1;
            }
            sep = i;
            for (int k = 0; k < b[i].n; k++)
                if (b[i].c[k] == '=')
                    b[i].c[k] = '-';
        }
    }
    simple s = {.b = b, .n = n, .t = t};
    span *cols;
    s.ncols = parse_columns(&s, &b[0], 0, &cols);
    s.cols = cols;
    if (s.ncols <= 0) {
        fail(t, 0, 0, "simple table border has no columns");
        free(cols);
        return -1;
    }
    s.border_end = s.cols[s.ncols - 1].end;
    int fs = s.cols[0].start, fe = s.cols[0].end;
    int start = 1, text_found = 0, rc = 0;
    for (int off = 1; off < n && !rc; off++) {
        const uline *l = &b[off];
        if (is_span_line(l)) {
            rc = parse_row(&s, start, off - start, l, off);
            start = off + 1;
            text_found = 0;
        } else if (line_has_text(l, fs, fe)) {
            if (text_found && off != start)
                rc = parse_row(&s, start, off - start, NULL, 0);
            start = off;
            text_found = 1;
        } else if (!text_found) {
            start = off + 1;
        }
    }
    free(s.cols);
    if (rc) {
        ptable_free(t);
        return -1;
    }
    int first_body = 0;
    if (sep > 0)
        for (int i = 0; i < t->nrows; i++)
            if (t->rows[i].ncells && t->rows[i].cells[0].line > sep) {
                first_body = i;
                break;
            }
    t->nhead = first_body;
    t->ncols = s.ncols;
    return 0;
}
