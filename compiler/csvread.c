#include "csvread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIELD_LIMIT 131072 /* csv.field_size_limit()'s default */

enum {
    START_RECORD,
    START_FIELD,
    ESCAPED_CHAR,
    IN_FIELD,
    IN_QUOTED_FIELD,
    ESCAPE_IN_QUOTED_FIELD,
    QUOTE_IN_QUOTED_FIELD,
    EAT_CRNL,
    AFTER_ESCAPED_CRNL
};

/* The record being read is the only one held: its fields' text in one buffer, each
 * NUL-terminated, and arrays reused from one record to the next. */
typedef struct {
    const csv_dialect *d;
    csv_error *e;
    csv_row_fn fn;
    void *ud;
    int state;
    sbuf text;          /* the fields of the record read so far, and the current one */
    size_t fstart;      /* where the current field starts in text */
    size_t field_chars;
    size_t *off;        /* where each saved field starts in text */
    int *flines, *fcols;
    unsigned char *fquoted;
    const char **fields;
    int nf, capf;
    int have_rec, rec_line, rec_col;
    int quote_line, quote_col; /* where the open quoted field started */
    int line, col;
    int fstarted, fline, fcol; /* where the field being read started */
    int quoted;                /* and whether with a quote */
} rd;

static void put_char(sbuf *b, uint32_t c)
{
    if (c < 0x80 && b->n + 2 <= b->cap) { /* the common case, without a call */
        b->p[b->n++] = (char)c;
        b->p[b->n] = 0;
        return;
    }
    sb_putcp(b, c);
}

static void set_error(rd *p, int line, int col)
{
    p->e->line = line;
    p->e->col = col;
}

static int add_char(rd *p, uint32_t c)
{
    if (++p->field_chars > FIELD_LIMIT) {
        snprintf(p->e->msg, sizeof p->e->msg, "csv field larger than %d characters",
                 FIELD_LIMIT);
        set_error(p, p->line, p->col);
        return -1;
    }
    put_char(&p->text, c);
    return 0;
}

static void begin_rec(rd *p)
{
    if (!p->have_rec) {
        p->rec_line = p->line;
        p->rec_col = p->col;
        p->have_rec = 1;
    }
}

static void save_field(rd *p)
{
    begin_rec(p);
    if (p->nf == p->capf) {
        p->capf = p->capf ? 2 * p->capf : 16;
        p->off = xrealloc(p->off, (size_t)p->capf * sizeof *p->off);
        p->flines = xrealloc(p->flines, (size_t)p->capf * sizeof *p->flines);
        p->fcols = xrealloc(p->fcols, (size_t)p->capf * sizeof *p->fcols);
        p->fquoted = xrealloc(p->fquoted, (size_t)p->capf * sizeof *p->fquoted);
        p->fields = xrealloc(p->fields, (size_t)p->capf * sizeof *p->fields);
    }
    p->off[p->nf] = p->fstart;
    p->flines[p->nf] = p->fstarted ? p->fline : p->line;
    p->fcols[p->nf] = p->fstarted ? p->fcol : p->col;
    p->fquoted[p->nf] = (unsigned char)p->quoted;
    p->quoted = 0;
    p->nf++;
    sb_putc(&p->text, 0);
    p->fstart = p->text.n;
    p->field_chars = 0;
    p->fstarted = 0;
}

/* Hands the record over; 1 when the callback stops the reading. */
static int end_rec(rd *p)
{
    begin_rec(p);
    for (int k = 0; k < p->nf; k++)
        p->fields[k] = p->text.p + p->off[k];
    csv_row row = {p->nf, p->fields, p->flines, p->fcols, p->fquoted, p->rec_line, p->rec_col};
    int stop = p->fn(&row, p->ud);
    sb_reset(&p->text);
    p->fstart = 0;
    p->nf = 0;
    p->have_rec = 0;
    return stop ? 1 : 0;
}

/* c == 0 is the end-of-line marker, as in _csv.c.  Returns 0, -1 on an error, 1 when
 * the callback stopped the reading. */
static int step(rd *p, uint32_t c)
{
    const csv_dialect *d = p->d;
    int eol = c == '\n' || c == '\r' || c == 0;
    switch (p->state) {
    case START_RECORD:
        if (c == 0)
            return 0;
        if (c == '\n' || c == '\r') {
            begin_rec(p);
            p->state = EAT_CRNL;
            return 0;
        }
        begin_rec(p);
        p->state = START_FIELD;
        /* fall through */
    case START_FIELD:
        if (!p->fstarted && !(c == ' ' && d->skipinitialspace)) {
            p->fstarted = 1;
            p->fline = p->line;
            p->fcol = p->col;
        }
        if (eol) {
            save_field(p);
            p->state = c == 0 ? START_RECORD : EAT_CRNL;
            if (c == 0)
                return end_rec(p);
        } else if (c == d->quote) {
            p->quote_line = p->line;
            p->quote_col = p->col;
            p->quoted = 1;
            p->state = IN_QUOTED_FIELD;
        } else if (d->escape && c == d->escape) {
            p->state = ESCAPED_CHAR;
        } else if (c == ' ' && d->skipinitialspace) {
        } else if (c == d->delim) {
            save_field(p);
        } else {
            if (add_char(p, c))
                return -1;
            p->state = IN_FIELD;
        }
        return 0;
    case ESCAPED_CHAR:
        if (c == '\n' || c == '\r') {
            if (add_char(p, c))
                return -1;
            p->state = AFTER_ESCAPED_CRNL;
            return 0;
        }
        if (c == 0)
            c = '\n';
        if (add_char(p, c))
            return -1;
        p->state = IN_FIELD;
        return 0;
    case AFTER_ESCAPED_CRNL:
        if (c == 0)
            return 0;
        /* fall through */
    case IN_FIELD:
        if (eol) {
            save_field(p);
            p->state = c == 0 ? START_RECORD : EAT_CRNL;
            if (c == 0)
                return end_rec(p);
        } else if (d->escape && c == d->escape) {
            p->state = ESCAPED_CHAR;
        } else if (c == d->delim) {
            save_field(p);
            p->state = START_FIELD;
        } else if (add_char(p, c)) {
            return -1;
        }
        return 0;
    case IN_QUOTED_FIELD:
        if (c == 0) {
        } else if (d->escape && c == d->escape) {
            p->state = ESCAPE_IN_QUOTED_FIELD;
        } else if (c == d->quote) {
            p->state = d->doublequote ? QUOTE_IN_QUOTED_FIELD : IN_FIELD;
        } else if (add_char(p, c)) {
            return -1;
        }
        return 0;
    case ESCAPE_IN_QUOTED_FIELD:
        if (c == 0)
            c = '\n';
        if (add_char(p, c))
            return -1;
        p->state = IN_QUOTED_FIELD;
        return 0;
    case QUOTE_IN_QUOTED_FIELD:
        if (c == d->quote) {
            if (add_char(p, c))
                return -1;
            p->state = IN_QUOTED_FIELD;
        } else if (c == d->delim) {
            save_field(p);
            p->state = START_FIELD;
        } else if (eol) {
            save_field(p);
            p->state = c == 0 ? START_RECORD : EAT_CRNL;
            if (c == 0)
                return end_rec(p);
        } else if (!d->strict) {
            if (add_char(p, c))
                return -1;
            p->state = IN_FIELD;
        } else {
            sbuf m = {0};
            sb_puts(&m, "after a closing quote '");
            put_char(&m, d->quote);
            sb_puts(&m, "' only the delimiter '");
            if (d->delim == '\t')
                sb_puts(&m, "\\t");
            else
                put_char(&m, d->delim);
            sb_puts(&m, "' or the end of the line may follow (docutils reads no table)");
            snprintf(p->e->msg, sizeof p->e->msg, "%s", m.p);
            sb_free(&m);
            set_error(p, p->line, p->col);
            return -1;
        }
        return 0;
    case EAT_CRNL:
        if (c == '\n' || c == '\r') {
        } else if (c == 0) {
            p->state = START_RECORD;
            return end_rec(p);
        } else {
            snprintf(p->e->msg, sizeof p->e->msg, "new-line character seen in unquoted field");
            set_error(p, p->line, p->col);
            return -1;
        }
        return 0;
    }
    return 0;
}

int csv_scan(const csv_dialect *d, int nlines, csv_line_fn line_fn, csv_row_fn row_fn,
             void *ud, csv_error *e)
{
    memset(e, 0, sizeof *e);
    rd p = {.d = d, .e = e, .fn = row_fn, .ud = ud, .state = START_RECORD};
    int rc = 0;
    for (int i = 0; i < nlines && !rc; i++) {
        p.line = i;
        p.col = 0;
        size_t n;
        const char *s = line_fn(ud, i, &n);
        for (size_t k = 0; k < n && !rc;) {
            uint32_t c;
            k += (size_t)u8_decode(s + k, n - k, &c);
            if (c == 0) {
                snprintf(e->msg, sizeof e->msg, "line contains a NUL character");
                set_error(&p, i, p.col);
                rc = -1;
                break;
            }
            rc = step(&p, c);
            p.col++;
        }
        if (!rc)
            rc = step(&p, '\n');
        if (!rc)
            rc = step(&p, 0);
    }
    if (!rc && (p.text.n > p.fstart || p.state == IN_QUOTED_FIELD ||
                p.state == ESCAPE_IN_QUOTED_FIELD)) {
        snprintf(e->msg, sizeof e->msg,
                 "unterminated quoted field: this quote never closes (docutils reads no table)");
        set_error(&p, p.quote_line, p.quote_col);
        rc = -1;
    }
    sb_free(&p.text);
    free(p.off);
    free(p.flines);
    free(p.fcols);
    free(p.fquoted);
    free(p.fields);
    return rc;
}

/* csv_read: lines from arrays, every record copied */
typedef struct {
    const char *const *lines;
    const size_t *lens;
    csv_result *r;
} keep;

static const char *keep_line(void *ud, int i, size_t *len)
{
    keep *k = ud;
    *len = k->lens[i];
    return k->lines[i];
}

static int keep_row(const csv_row *row, void *ud)
{
    csv_result *r = ((keep *)ud)->r;
    r->recs = xgrow(r->recs, (size_t)r->n, sizeof *r->recs);
    csv_rec *c = &r->recs[r->n++];
    memset(c, 0, sizeof *c);
    c->line = row->line;
    c->col = row->col;
    if (row->n) {
        c->fline = xmalloc((size_t)row->n * sizeof *c->fline);
        c->fcol = xmalloc((size_t)row->n * sizeof *c->fcol);
        memcpy(c->fline, row->fline, (size_t)row->n * sizeof *c->fline);
        memcpy(c->fcol, row->fcol, (size_t)row->n * sizeof *c->fcol);
    }
    for (int k = 0; k < row->n; k++)
        sv_push(&c->fields, xstrdup(row->fields[k]));
    return 0;
}

int csv_read(const csv_dialect *d, const char *const *lines, const size_t *lens, int nlines,
             csv_result *r)
{
    memset(r, 0, sizeof *r);
    keep k = {lines, lens, r};
    csv_error e;
    int rc = csv_scan(d, nlines, keep_line, keep_row, &k, &e);
    if (rc) {
        memcpy(r->msg, e.msg, sizeof r->msg);
        r->err_line = e.line;
        r->err_col = e.col;
    }
    return rc ? -1 : 0;
}
void csv_result_free(csv_result *r)
{
    for (int i = 0; i < r->n; i++) {
        sv_free(&r->recs[i].fields);
        free(r->recs[i].fline);
        free(r->recs[i].fcol);
    }
    free(r->recs);
    r->recs = NULL;
    r->n = 0;
}
