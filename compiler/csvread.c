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

typedef struct {
    const csv_dialect *d;
    csv_result *r;
    int state;
    sbuf field;
    size_t field_chars;
    csv_rec cur;
    int have_rec;
    int quote_line, quote_col; /* where the open quoted field started */
    int line, col;
    int fstarted, fline, fcol; /* where the field being read started */
} rd;

static void put_char(sbuf *b, uint32_t c) { sb_putcp(b, c); }

static int add_char(rd *p, uint32_t c)
{
    if (++p->field_chars > FIELD_LIMIT) {
        snprintf(p->r->msg, sizeof p->r->msg, "csv field larger than %d characters",
                 FIELD_LIMIT);
        p->r->err_line = p->line;
        p->r->err_col = p->col;
        return -1;
    }
    put_char(&p->field, c);
    return 0;
}

static void begin_rec(rd *p)
{
    if (!p->have_rec) {
        memset(&p->cur, 0, sizeof p->cur);
        p->cur.line = p->line;
        p->cur.col = p->col;
        p->have_rec = 1;
    }
}

static void save_field(rd *p)
{
    begin_rec(p);
    size_t n = (size_t)p->cur.fields.n;
    p->cur.fline = xgrow(p->cur.fline, n, sizeof *p->cur.fline);
    p->cur.fcol = xgrow(p->cur.fcol, n, sizeof *p->cur.fcol);
    p->cur.fline[n] = p->fstarted ? p->fline : p->line;
    p->cur.fcol[n] = p->fstarted ? p->fcol : p->col;
    sv_push(&p->cur.fields, sb_take(&p->field));
    p->field_chars = 0;
    p->fstarted = 0;
}

static void end_rec(rd *p)
{
    begin_rec(p);
    csv_result *r = p->r;
    r->recs = xgrow(r->recs, (size_t)r->n, sizeof *r->recs);
    r->recs[r->n++] = p->cur;
    memset(&p->cur, 0, sizeof p->cur);
    p->have_rec = 0;
}

/* c == 0 is the end-of-line marker, as in _csv.c */
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
                end_rec(p);
        } else if (c == d->quote) {
            p->quote_line = p->line;
            p->quote_col = p->col;
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
                end_rec(p);
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
                end_rec(p);
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
            snprintf(p->r->msg, sizeof p->r->msg, "%s", m.p);
            sb_free(&m);
            p->r->err_line = p->line;
            p->r->err_col = p->col;
            return -1;
        }
        return 0;
    case EAT_CRNL:
        if (c == '\n' || c == '\r') {
        } else if (c == 0) {
            p->state = START_RECORD;
            end_rec(p);
        } else {
            snprintf(p->r->msg, sizeof p->r->msg, "new-line character seen in unquoted field");
            p->r->err_line = p->line;
            p->r->err_col = p->col;
            return -1;
        }
        return 0;
    }
    return 0;
}

int csv_read(const csv_dialect *d, const char *const *lines, const size_t *lens, int nlines,
             csv_result *r)
{
    memset(r, 0, sizeof *r);
    rd p = {.d = d, .r = r, .state = START_RECORD};
    int rc = 0;
    for (int i = 0; i < nlines && !rc; i++) {
        p.line = i;
        p.col = 0;
        const char *s = lines[i];
        size_t n = lens[i];
        for (size_t k = 0; k < n && !rc;) {
            uint32_t c;
            k += (size_t)u8_decode(s + k, n - k, &c);
            if (c == 0) {
                snprintf(r->msg, sizeof r->msg, "line contains a NUL character");
                r->err_line = i;
                r->err_col = p.col;
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
    if (!rc && (p.field.n || p.state == IN_QUOTED_FIELD || p.state == ESCAPE_IN_QUOTED_FIELD)) {
        snprintf(r->msg, sizeof r->msg,
                 "unterminated quoted field: this quote never closes (docutils reads no table)");
        r->err_line = p.quote_line;
        r->err_col = p.quote_col;
        rc = -1;
    }
    sb_free(&p.field);
    if (p.have_rec) {
        sv_free(&p.cur.fields);
        free(p.cur.fline);
        free(p.cur.fcol);
    }
    return rc;
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
