/* The directives of the reader: the table directives (csv-table, list-table, table),
 * each one function over the parts that parse_directive_block() gives (arguments,
 * options, content) and the option checks docutils makes, and the directives whose
 * content is body text (admonitions, topic, container, ...).  Every other directive's
 * content is skipped whole, as docutils skips what it does not know.
 *
 * A new table dialect is one function here and one row in table_directives[]. */
#include "directives.h"

#include "csvread.h"
#include "tables.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct dspec {
    int req, opt, final_ws, has_content;
    const char *const *opts; /* NULL: no options */
} dspec;

typedef struct dopt {
    char name[32];
    char *value; /* NULL: no value */
    size_t line; /* view line of the option */
    int col;
} dopt;

typedef struct dparts {
    char *args; /* NULL: none */
    view content;
    int has_content;
    dopt opts[24];
    int nopts;
} dparts;

/* What a table directive is handed: parse_directive_block()'s parts, with the options
 * every table directive checks alike already checked. */
typedef struct tdir {
    const view *blk;  /* the text after "::" and the indented lines */
    const view *dirv; /* the directive is line di of dirv, line dline of its file */
    size_t di;
    int dline;
    dparts d;
    int nwidths;          /* :widths: given as numbers: how many, else 0 */
    int header_rows, stub; /* :header-rows: and :stub-columns:, 0 when not given */
} tdir;

static void dparts_free(dparts *d)
{
    free(d->args);
    for (int k = 0; k < d->nopts; k++)
        free(d->opts[k].value);
}

static const dopt *dget(const dparts *d, const char *name)
{
    for (int k = 0; k < d->nopts; k++)
        if (strcmp(d->opts[k].name, name) == 0)
            return &d->opts[k];
    return NULL;
}

/* Parser.parse_directive_block(): arguments, options and content of a directive whose
 * block (text after "::" and the indented lines) is blk.  Reports and returns -1 where
 * docutils gives an error instead of the directive's output. */
static int directive_block(P *p, const view *blk, const char *name, const dspec *sp,
                           dparts *out)
{
    memset(out, 0, sizeof *out);
    size_t n = vn(blk), a = 0, b = n;
    if (a < b && vblank(blk, a))
        a++;
    while (b > a && vblank(blk, b - 1))
        b--;
    size_t ai = a, ae = a, ce = b, cs;
    if (sp->req || sp->opt || sp->opts) {
        size_t i = a;
        while (i < b && !vblank(blk, i))
            i++;
        ae = i;
        cs = i < b ? i + 1 : b;
    } else {
        cs = a;
    }
    size_t os = ae;
    if (sp->opts) {
        for (size_t k = ai; k < ae; k++) {
            int len;
            const char *s = vl(blk, k, &len);
            size_t n1, n2;
            if (field_marker(s, (size_t)len, &n1, &n2)) {
                os = k;
                break;
            }
        }
    }
    int rep = speaks(p);
    if (os > ai && !(sp->req || sp->opt)) {
        /* text where no arguments are taken is content */
        cs = os == ae ? ai : cs;
        ae = ai;
    } else if (sp->req || sp->opt) {
        sbuf t = {0};
        rd_join_lines(blk, ai, os, 0, &t);
        int words = 0, inw = 0;
        for (size_t k = 0; k < t.n; k++) {
            int sp_ = py_isspace((unsigned char)t.p[k]);
            if (!sp_ && !inw)
                words++;
            inw = !sp_;
        }
        if (words < sp->req) {
            if (rep)
                REPORT(p, blk, 0, 0, DIAG_ERROR, "the %s directive needs %d argument%s", name,
                       sp->req, sp->req > 1 ? "s" : "");
            sb_free(&t);
            return -1;
        }
        if (words > sp->req + sp->opt && !sp->final_ws) {
            if (rep)
                REPORT(p, blk, ai, 0, DIAG_ERROR,
                       "the %s directive takes at most %d argument%s; is a blank line missing "
                       "before its content?",
                       name, sp->req + sp->opt, sp->req + sp->opt == 1 ? "" : "s");
            sb_free(&t);
            return -1;
        }
        if (words) {
            size_t s0 = 0;
            while (s0 < t.n && py_isspace((unsigned char)t.p[s0]))
                s0++;
            out->args = xstrndup(t.p + s0, t.n - s0);
        }
        sb_free(&t);
    }
    /* options: a field list */
    for (size_t k = os; k < ae;) {
        int len;
        const char *s = vl(blk, k, &len);
        size_t n1, n2, me = field_marker(s, (size_t)len, &n1, &n2);
        if (!me) {
            if (rep)
                REPORT(p, blk, k, 0, DIAG_ERROR,
                       "invalid option block for the %s directive: expected ':option: value' "
                       "(is a blank line missing before the content?)",
                       name);
            return -1;
        }
        view body;
        size_t next = rd_get_indented(blk, k, 0, -1, (int)u8_count(s, me), &body);
        if (next > ae)
            next = ae;
        sbuf oname = {0};
        for (size_t q = n1; q < n2; q++) {
            if (s[q] == '\\' && q + 1 < n2)
                q++;
            char c = s[q];
            sb_putc(&oname, ascii_lower(c));
        }
        if (!oname.p || memchr(oname.p, ' ', oname.n)) {
            if (rep)
                REPORT(p, blk, k, 1, DIAG_ERROR,
                       "option name \"%s\" of the %s directive may not contain spaces", oname.p,
                       name);
            sb_free(&oname);
            return -1;
        }
        int known = 0;
        for (int q = 0; sp->opts[q]; q++)
            if (strcmp(sp->opts[q], oname.p) == 0)
                known = 1;
        if (!known || dget(out, oname.p) || out->nopts == 24 || oname.n >= 32) {
            if (rep)
                REPORT(p, blk, k, 1, DIAG_ERROR,
                       known ? "duplicate option \"%s\" in the %s directive"
                             : "unknown option \"%s\" for the %s directive",
                       oname.p, name);
            sb_free(&oname);
            return -1;
        }
        dopt *o = &out->opts[out->nopts++];
        snprintf(o->name, sizeof o->name, "%s", oname.p);
        sb_free(&oname);
        o->line = k;
        o->col = 0;
        view bv = subview(&body, 0, next - k);
        sbuf val = {0};
        rd_join_lines(&bv, 0, vn(&bv), 0, &val);
        size_t vs = 0, ve = val.n;
        while (vs < ve && py_isspace((unsigned char)val.p[vs]))
            vs++;
        while (ve > vs && py_isspace((unsigned char)val.p[ve - 1]))
            ve--;
        if (ve > vs) /* ExtensionOptions keeps the text raw: no markup, no escapes */
            o->value = xstrndup(val.p + vs, ve - vs);
        sb_free(&val);
        k = next;
    }
    while (cs < ce && vblank(blk, cs))
        cs++;
    if (cs < ce) {
        out->content = subview(blk, cs, ce);
        out->has_content = 1;
    }
    if (!sp->has_content && out->has_content) {
        if (rep)
            REPORT(p, blk, cs, 0, DIAG_ERROR, "the %s directive takes no content", name);
        return -1;
    }
    return 0;
}

/* directives.nonnegative_int */
static int opt_uint(P *p, const view *blk, const dopt *o, const char *dname, int *out)
{
    const char *s = o->value ? o->value : "";
    while (*s == ' ')
        s++;
    if (*s == '+')
        s++;
    long v = 0;
    int digits = 0;
    while (*s >= '0' && *s <= '9') {
        if (v < INT_MAX / 10)
            v = v * 10 + (*s - '0');
        s++;
        digits++;
    }
    while (*s == ' ')
        s++;
    if (!digits || *s) {
        if (speaks(p))
            REPORT(p, blk, o->line, 0, DIAG_ERROR,
                   "option \"%s\" of the %s directive must be a non-negative integer, not "
                   "\"%s\"",
                   o->name, dname, o->value ? o->value : "");
        return -1;
    }
    *out = (int)v;
    return 0;
}

/* directives.positive_int_list, or one of the words allowed (auto, grid). Returns the
 * number of widths, 0 for a word, -1 on error. */
static int opt_widths(P *p, const view *blk, const dopt *o, const char *dname, int allow_grid)
{
    const char *s = o->value ? o->value : "";
    size_t k = 0;
    while (s[k] == ' ')
        k++;
    if (strcmp(s + k, "auto") == 0 || (allow_grid && strcmp(s + k, "grid") == 0))
        return 0;
    int count = 0, bad = !*s;
    int comma = strchr(s, ',') != NULL;
    const char *q = s;
    while (*q && !bad) {
        while (*q == ' ' || *q == '\n' || (!comma && *q == '\t'))
            q++;
        if (!*q)
            break;
        long v = 0;
        int digits = 0;
        while (*q >= '0' && *q <= '9') {
            if (v < 1000000)
                v = v * 10 + (*q - '0');
            q++;
            digits++;
        }
        while (*q == ' ' || *q == '\n')
            q++;
        if (!digits || v <= 0)
            bad = 1;
        if (comma) {
            if (*q == ',')
                q++;
            else if (*q)
                bad = 1;
        }
        count++;
    }
    if (bad || !count) {
        if (speaks(p))
            REPORT(p, blk, o->line, 0, DIAG_ERROR,
                   "option \"widths\" of the %s directive must be a list of positive integers "
                   "or \"auto\", not \"%s\"",
                   dname, o->value ? o->value : "");
        return -1;
    }
    return count;
}

/* directives.unicode_code + single_char_or_unicode (+ tab and space for :delim:). */
static int opt_char(P *p, const view *blk, const dopt *o, const char *dname, int ws_words,
                    uint32_t *out)
{
    const char *s = o->value;
    int rep = speaks(p);
    if (!s) {
        if (rep)
            REPORT(p, blk, o->line, 0, DIAG_ERROR, "option \"%s\" of the %s directive needs a value",
                   o->name, dname);
        return -1;
    }
    if (ws_words && strcmp(s, "tab") == 0) {
        *out = '\t';
        return 0;
    }
    if (ws_words && strcmp(s, "space") == 0) {
        *out = ' ';
        return 0;
    }
    size_t n = strlen(s);
    int all_digit = n > 0;
    for (size_t k = 0; k < n; k++)
        all_digit &= s[k] >= '0' && s[k] <= '9';
    uint32_t cp = 0;
    int ok = 0;
    if (all_digit) {
        unsigned long v = strtoul(s, NULL, 10);
        if (n <= 7 && v <= 0x10FFFF) {
            cp = (uint32_t)v;
            ok = 1;
        }
    } else {
        const char *h = NULL;
        char low[16] = "";
        size_t k;
        for (k = 0; k < n && k < sizeof low - 1; k++)
            low[k] = ascii_lower(s[k]);
        low[k] = 0;
        size_t hl = 0;
        if (strncmp(low, "0x", 2) == 0 || strncmp(low, "\\x", 2) == 0 ||
            strncmp(low, "u+", 2) == 0 || strncmp(low, "\\u", 2) == 0)
            h = s + 2, hl = n - 2;
        else if (low[0] == 'x' || low[0] == 'u')
            h = s + 1, hl = n - 1;
        else if (strncmp(low, "&#x", 3) == 0 && n > 4 && s[n - 1] == ';')
            h = s + 3, hl = n - 4;
        if (h && hl > 0 && hl <= 6) {
            unsigned long v = 0;
            size_t q;
            for (q = 0; q < hl; q++) {
                char c = h[q];
                int d = c >= '0' && c <= '9'   ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                               : -1;
                if (d < 0)
                    break;
                v = v * 16 + (unsigned long)d;
            }
            if (q == hl && v <= 0x10FFFF) {
                cp = (uint32_t)v;
                ok = 1;
            }
        }
        if (!ok && u8_count(s, n) == 1) {
            u8_decode(s, n, &cp);
            ok = 1;
        }
    }
    if (!ok) {
        if (rep)
            REPORT(p, blk, o->line, 0, DIAG_ERROR,
                   "option \"%s\" of the %s directive must be a single character or a Unicode "
                   "code (such as 0x2C)%s, not \"%s\"",
                   o->name, dname, ws_words ? ", \"tab\" or \"space\"" : "", s);
        return -1;
    }
    *out = cp;
    return 0;
}

/* Checks every option's value that docutils checks, whatever the directive uses. */
static int common_options(P *p, const view *blk, const dparts *d, const char *dname,
                          int allow_grid, int *nwidths)
{
    int rep = speaks(p);
    *nwidths = 0;
    for (int k = 0; k < d->nopts; k++) {
        const dopt *o = &d->opts[k];
        if (strcmp(o->name, "widths") == 0) {
            *nwidths = opt_widths(p, blk, o, dname, allow_grid);
            if (*nwidths < 0)
                return -1;
        } else if (strcmp(o->name, "align") == 0) {
            const char *v = o->value ? o->value : "";
            if (strcmp(v, "left") && strcmp(v, "center") && strcmp(v, "right")) {
                if (rep)
                    REPORT(p, blk, o->line, 0, DIAG_ERROR,
                           "option \"align\" of the %s directive must be left, center or right, "
                           "not \"%s\"",
                           dname, v);
                return -1;
            }
        } else if (strcmp(o->name, "class") == 0 && !o->value) {
            if (rep)
                REPORT(p, blk, o->line, 0, DIAG_ERROR,
                       "option \"class\" of the %s directive needs a value", dname);
            return -1;
        } else if (strcmp(o->name, "width") == 0) {
            const char *v = o->value ? o->value : "";
            char *end;
            double x = strtod(v, &end);
            while (*end == ' ')
                end++;
            static const char *const units[] = {"", "em", "ex", "px", "in", "cm", "mm",
                                                "pt", "pc", "%", NULL};
            int unit_ok = 0;
            for (int q = 0; units[q]; q++)
                if (strcmp(end, units[q]) == 0)
                    unit_ok = 1;
            if (end == v || !unit_ok || x < 0) {
                if (rep)
                    REPORT(p, blk, o->line, 0, DIAG_ERROR,
                           "option \"width\" of the %s directive must be a length or a "
                           "percentage, not \"%s\"",
                           dname, v);
                return -1;
            }
        }
    }
    return 0;
}

static char *title_text(P *p, const char *args)
{
    return args ? rd_inline_text(p, args, strlen(args)) : xstrdup("");
}

/* check_table_dimensions() */
static int check_dimensions(P *p, const view *blk, size_t at, const char *dname, int nrows,
                            int header_rows, int stub, const int *rowlen)
{
    int rep = speaks(p);
    if (nrows < header_rows) {
        if (rep)
            REPORT(p, blk, at, 0, DIAG_ERROR,
                   "%d header row(s) specified but only %d row(s) of data in the %s table",
                   header_rows, nrows, dname);
        return -1;
    }
    if (nrows == header_rows && header_rows > 0) {
        if (rep)
            REPORT(p, blk, at, 0, DIAG_ERROR,
                   "the %s table has only header rows: no data remains for its body", dname);
        return -1;
    }
    for (int r = 0; r < nrows; r++) {
        if (rowlen[r] < stub || (rowlen[r] == stub && stub > 0)) {
            if (rep)
                REPORT(p, blk, at, 0, DIAG_ERROR,
                       "%d stub column(s) specified but row %d of the %s table has %d "
                       "column(s)",
                       stub, r + 1, dname, rowlen[r]);
            return -1;
        }
    }
    return 0;
}

/* Lines of one CSV field become the lines of a small document; its text goes to `out`
 * (emptied first). */
static void field_text_to(P *p, const src *file, const char *f, int line, int col, sbuf *out)
{
    int nl = 1;
    for (const char *q = f; *q; q++)
        if (*q == '\n' || *q == '\r')
            nl++;
    mline one[4], *m = nl <= 4 ? one : xcalloc((size_t)nl, sizeof *m);
    int k = 0;
    const char *s = f;
    for (;;) {
        const char *e = s;
        while (*e && *e != '\n' && *e != '\r')
            e++;
        int len = (int)(e - s);
        while (len > 0 && py_isspace((unsigned char)s[len - 1]))
            len--;
        m[k++] = (mline){s, len, line, col};
        if (!*e)
            break;
        if (*e == '\r' && e[1] == '\n')
            e++;
        s = e + 1;
        line++;
        col = 0;
    }
    sb_reset(out);
    rd_cell_text_to(p, file, m, k, out);
    if (m != one)
        free(m);
}

static const char *const csv_opts[] = {"header-rows", "stub-columns", "header", "width",
                                       "widths", "file", "url", "encoding", "class", "name",
                                       "align", "delim", "keepspace", "quote", "escape", NULL};

/* Whether a relative path climbs out of its folder ("../x", "a/../../x"). */
static int escapes_folder(const char *path)
{
    int depth = 0;
    const char *s = path;
    while (*s) {
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == 2 && s[0] == '.' && s[1] == '.') {
            if (--depth < 0)
                return 1;
        } else if (!(n == 0 || (n == 1 && s[0] == '.'))) {
            depth++;
        }
        s += n;
        if (*s == '/')
            s++;
    }
    return 0;
}

/* Resolves :file: against the spec's folder; refuses what leaves its tree, by its
 * name or through a symbolic link. */
static int load_csv_file(P *p, const view *blk, const dopt *o, src *out)
{
    int rep = speaks(p);
    const char *rel = o->value ? o->value : "";
    if (!*rel) {
        if (rep)
            REPORT(p, blk, o->line, 0, DIAG_ERROR, "option \"file\" needs a path");
        return -1;
    }
    const char *path = p->doc->disk ? p->doc->disk : p->doc->path;
    const char *slash = strrchr(path, '/');
    sbuf dir = {0}, full = {0};
    if (strcmp(path, "<stdin>") == 0 || !slash)
        sb_puts(&dir, ".");
    else
        sb_put(&dir, path, (size_t)(slash - path) ? (size_t)(slash - path) : 1);
    /* docutils joins the path as written, spaces and newlines removed */
    sbuf relc = {0};
    for (const char *q = rel; *q; q++)
        if (*q != '\n')
            sb_putc(&relc, *q);
    if (!relc.p)
        sb_puts(&relc, "");
    if (relc.p[0] == '/')
        sb_puts(&full, relc.p);
    else
        sb_printf(&full, "%s/%s", dir.p, relc.p);
    /* a spec shown by another name than its file's (a git revision's, REV:PATH, read from
     * a temporary copy) shows its folder and data by the same: REV:DIR/REL */
    sbuf sdir = {0}, sfull = {0};
    if (p->doc->disk) {
        const char *sp = p->doc->path, *sl = strrchr(sp, '/'), *colon = strchr(sp, ':');
        sb_put(&sdir, sp, sl ? (size_t)(sl - sp) : colon ? (size_t)(colon - sp) + 1 : 0);
        sb_printf(&sfull, "%s%s%s", sdir.p ? sdir.p : "", sl ? "/" : "", relc.p);
    } else {
        sb_puts(&sdir, dir.p);
        sb_puts(&sfull, full.p);
    }
    int rc = 0;
    /* outside: by its name, or (as the kernel resolves it when it opens the file, so that
     * nothing can be swapped in between) through a symbolic link */
    int outside = relc.p[0] == '/' || escapes_folder(relc.p);
    int fd = -1, err = 0;
    if (!outside) {
        int dfd = open(dir.p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        fd = dfd < 0 ? -1 : src_open_file(dfd, relc.p, 1);
        err = errno;
        if (dfd >= 0)
            close(dfd);
        outside = fd == SRC_OUTSIDE;
    }
    if (outside) {
        if (rep)
            REPORT(p, blk, o->line, 0, DIAG_ERROR,
                   "csv-table :file: \"%s\" is outside the spec's folder; attrc only reads "
                   "files under %s",
                   relc.p, sdir.p);
        rc = -1;
    } else if (fd == -1 && err == ENOENT) {
        if (rep)
            REPORT(p, blk, o->line, 0, DIAG_ERROR, "csv-table :file: \"%s\" not found (looked for %s)",
                   relc.p, sfull.p);
        rc = -1;
    } else if (fd < 0) {
        if (rep && fd == -1)
            REPORT(p, blk, o->line, 0, DIAG_ERROR, "csv-table :file: \"%s\" cannot be opened: %s",
                   relc.p, strerror(err));
        else if (rep)
            src_report_open(p->d, sfull.p, fd, err); /* a folder, a FIFO: at the file */
        rc = -1;
    } else {
        reader_opts const *ro = p->o;
        if (src_load_fd(out, fd, sfull.p, ro->max_input ? ro->max_input : ATTRC_DEFAULT_MAX_INPUT,
                        p->d) != 0) {
            src_free(out); /* what src_load_fd set up before it failed */
            rc = -1;
        }
    }
    sb_free(&dir);
    sb_free(&full);
    sb_free(&sdir);
    sb_free(&sfull);
    sb_free(&relc);
    return rc;
}

static int encoding_supported(const char *e)
{
    char low[32];
    size_t k = 0;
    for (; k < sizeof low - 1 && e[k]; k++) {
        char c = e[k];
        low[k] = c == '_' ? '-' : ascii_lower(c);
    }
    low[k] = 0;
    static const char *const ok[] = {"utf-8", "utf8", "utf-8-sig", "ascii", "us-ascii", NULL};
    for (int q = 0; ok[q]; q++)
        if (strcmp(low, ok[q]) == 0)
            return 1;
    return 0;
}

/* What the two readings of a csv-table's data share: the first counts each record's
 * fields (and stops at the cell limit), the second makes the rows. */
typedef struct csvctx {
    P *p;
    const view *dv; /* the data's lines */
    size_t limit;
    int *rowlen;    /* fields of each record */
    int n, maxf, over;
    /* the second reading: */
    rtable *t;
    const src *f;   /* the data's file, for the warnings */
    int r;          /* the next row */
    int ncols, body_from, hwidth, has_header, rep;
    sbuf cell;
} csvctx;

static const char *csv_line(void *ud, int i, size_t *len)
{
    csvctx *x = ud;
    int n;
    const char *s = vl(x->dv, (size_t)i, &n);
    *len = (size_t)n;
    return s;
}

static int csv_count(const csv_row *rec, void *ud)
{
    csvctx *x = ud;
    if (rec->n > x->maxf)
        x->maxf = rec->n;
    x->rowlen = xgrow(x->rowlen, (size_t)x->n, sizeof *x->rowlen);
    x->rowlen[x->n++] = rec->n;
    if ((size_t)x->n * (size_t)x->maxf > x->limit) {
        x->over = 1;
        return 1;
    }
    return 0;
}

/* Row r of the table: the n fields (placed at fline and fcol of the data's lines, or
 * all at line:col when fline is NULL), padded with empty cells. */
static void csv_put_row(csvctx *x, const src *f, int n, const char *const *fields,
                        const int *fline, const int *fcol, const unsigned char *fquoted,
                        int line, int col)
{
    rtable *t = x->t;
    rstore *st = t->store;
    int r = x->r++;
    char **cells = st->cells + (size_t)r * (size_t)x->ncols;
    rpos *pos = st->pos + (size_t)r * (size_t)x->ncols;
    for (int c = 0; c < x->ncols; c++) {
        pos[c] = (rpos){line, col};
        cells[c] = st->empty;
        if (c >= n)
            continue;
        if (fline)
            vpos(x->dv, (size_t)fline[c], fcol[c], &pos[c].line, &pos[c].col);
        field_text_to(x->p, f, fields[c], line, col, &x->cell);
        if (x->cell.n)
            cells[c] = rstore_text(st, x->cell.p, x->cell.n);
        else if (fquoted && fquoted[c] && !fields[c][0])
            cells[c] = st->quoted_empty; /* "": empty text, but said (rt_quoted_empty) */
    }
    t->rows[r] = (strvec){cells, x->ncols, x->ncols};
    t->row_line[r] = line;
    t->pos[r] = pos;
}

static int csv_cells(const csv_row *rec, void *ud)
{
    csvctx *x = ud;
    P *p = x->p;
    int line, col;
    vpos(x->dv, (size_t)rec->line, rec->col, &line, &col);
    if (x->rep && x->r >= x->body_from) {
        /* rows are compared with the header where there is one, else with the widest
         * row */
        int nf = rec->n, ref = x->has_header ? x->hwidth : x->ncols;
        if (nf > ref)
            diag_report(p->d, x->f, NULL, line, col, DIAG_WARNING,
                        "csv row has %d fields, more than the %d of the header; docutils "
                        "pads the header with empty cells",
                        nf, ref);
        else if (nf < ref && nf > 0)
            diag_report(p->d, x->f, NULL, line, col, DIAG_WARNING,
                        "csv row has %d field%s, fewer than the %d %s; docutils pads it "
                        "with empty cells",
                        nf, nf == 1 ? "" : "s", ref,
                        x->has_header ? "of the header" : "columns of the table");
    }
    csv_put_row(x, x->f, rec->n, rec->fields, rec->fline, rec->fcol, rec->fquoted, line, col);
    return 0;
}

static void csv_table(P *p, const tdir *td)
{
    const view *blk = td->blk, *dirv = td->dirv;
    const dparts *d = &td->d;
    size_t di = td->di;
    int rep = speaks(p);
    csv_dialect dia = {',', '"', 0, 1, 1, 1};
    csv_dialect hdia = {',', '"', '\\', 0, 1, 1};
    const dopt *o;
    src file = {0};
    int have_file = 0;
    rtable t;
    csv_result head = {0};
    csvctx x = {0};
    tb_init(&t, p, TABLE_CSV, td->dline);
    if ((o = dget(d, "delim")) && opt_char(p, blk, o, "csv-table", 1, &dia.delim))
        goto out;
    if ((o = dget(d, "quote")) && opt_char(p, blk, o, "csv-table", 0, &dia.quote))
        goto out;
    if ((o = dget(d, "escape"))) {
        if (opt_char(p, blk, o, "csv-table", 0, &dia.escape))
            goto out;
        dia.doublequote = 0;
    }
    if ((o = dget(d, "keepspace"))) {
        if (o->value) {
            if (rep)
                REPORT(p, blk, o->line, 0, DIAG_ERROR,
                       "option \"keepspace\" of the csv-table directive takes no value");
            goto out;
        }
        dia.skipinitialspace = 0;
    }
    if ((o = dget(d, "encoding")) && !encoding_supported(o->value ? o->value : "")) {
        if (rep)
            REPORT(p, blk, o->line, 0, DIAG_ERROR,
                   "encoding \"%s\" is not supported: attrc reads CSV files as UTF-8",
                   o->value ? o->value : "");
        goto out;
    }
    if ((o = dget(d, "url"))) {
        if (rep)
            REPORT(p, blk, o->line, 0, DIAG_ERROR,
                   "csv-table :url: is refused: attrc never touches the network; save the CSV "
                   "beside the spec and use :file:");
        goto out;
    }
    /* docutils reads the title first, whatever happens to the data */
    t.title = (free(t.title), title_text(p, d->args));
    const dopt *fo = dget(d, "file");
    if (fo && d->has_content) {
        if (rep)
            REPORT(p, blk, fo->line, 0, DIAG_ERROR,
                   "csv-table may not have both :file: and content");
        goto out;
    }
    if (!fo && !d->has_content) {
        if (rep)
            REPORT(p, dirv, di, 0, DIAG_ERROR, "empty csv-table: it has no content and no :file:");
        goto out;
    }
    if (!wanted(p))
        goto out;
    /* the data, as lines with their places */
    const src *dfile;
    view dv;
    lbase fb;
    if (fo) {
        if (load_csv_file(p, blk, fo, &file) != 0)
            goto out;
        have_file = 1;
        t.data_file = xstrdup(file.path);
        fb = (lbase){.file = &file, .doc = &file};
        dv = (view){.b = &fb, .start = 0, .end = file.nlines};
        dfile = &file;
    } else {
        dv = d->content;
        dfile = blk->b->file;
    }
    int nl = (int)vn(&dv);
    x.p = p;
    x.dv = &dv;
    x.limit = rd_cell_limit(p);
    /* first reading: how many fields each record has, and no more than the limit
     * allows, before any cell is kept */
    csv_error err;
    int rc = csv_scan(&dia, nl, csv_line, csv_count, &x, &err);
    if (rc < 0) {
        if (rep)
            REPORT(p, &dv, (size_t)err.line, err.col, DIAG_ERROR, "%s", err.msg);
        goto out;
    }
    if (x.over) {
        rd_too_many_cells(p, dirv, di, "csv-table", (size_t)x.n * (size_t)x.maxf);
        goto out;
    }
    const dopt *ho = dget(d, "header");
    int nhead_opt = 0;
    if (ho) {
        const char *hv = ho->value ? ho->value : "";
        int hn = 1;
        for (const char *q = hv; *q; q++)
            hn += *q == '\n';
        const char **hl = xcalloc((size_t)hn, sizeof *hl);
        size_t *hlen = xcalloc((size_t)hn, sizeof *hlen);
        const char *s0 = hv;
        for (int k = 0; k < hn; k++) {
            const char *e = strchr(s0, '\n');
            if (!e)
                e = s0 + strlen(s0);
            hl[k] = s0;
            hlen[k] = (size_t)(e - s0);
            s0 = *e ? e + 1 : e;
        }
        rc = csv_read(&hdia, hl, hlen, hn, &head);
        free(hl);
        free(hlen);
        if (rc) {
            if (rep)
                REPORT(p, blk, ho->line, 0, DIAG_ERROR, "in the :header: option: %s", head.msg);
            goto out;
        }
        nhead_opt = head.n;
    }
    int max_cols = x.maxf, max_head = 0;
    for (int k = 0; k < head.n; k++)
        if (head.recs[k].fields.n > max_head)
            max_head = head.recs[k].fields.n;
    if (max_head > max_cols)
        max_cols = max_head;
    int total = head.n + x.n;
    if (rd_too_many_cells(p, dirv, di, "csv-table", (size_t)total * (size_t)max_cols))
        goto out;
    if (check_dimensions(p, dirv, di, "csv-table", x.n, td->header_rows, td->stub, x.rowlen))
        goto out;
    if (td->nwidths > 0 && td->nwidths != max_cols) {
        if (rep)
            REPORT(p, blk, dget(d, "widths")->line, 0, DIAG_ERROR,
                   ":widths: gives %d width(s) but the csv-table has %d column(s) (docutils "
                   "reads no table)",
                   td->nwidths, max_cols);
        goto out;
    }
    if (max_cols == 0) {
        if (rep)
            REPORT(p, dirv, di, 0, DIAG_ERROR, "empty csv-table: no data in it");
        goto out;
    }
    /* the header's width, for the "more fields than the header" check */
    int hwidth = 0;
    for (int k = 0; k < head.n; k++)
        if (head.recs[k].fields.n > hwidth)
            hwidth = head.recs[k].fields.n;
    for (int k = 0; k < td->header_rows && k < x.n; k++)
        if (x.rowlen[k] > hwidth)
            hwidth = x.rowlen[k];
    free(x.rowlen);
    x.rowlen = NULL;
    /* the rows: those of :header: (all placed at the option), then the data's, read
     * again */
    t.store = rstore_new((size_t)total, (size_t)max_cols);
    t.rows = xcalloc((size_t)total, sizeof *t.rows);
    t.row_line = xcalloc((size_t)total, sizeof *t.row_line);
    t.pos = xcalloc((size_t)total, sizeof *t.pos);
    t.nrows = total;
    t.nhead = head.n + td->header_rows < total ? head.n + td->header_rows : total;
    t.data_from = head.n;
    x.t = &t;
    x.ncols = max_cols;
    x.body_from = head.n + td->header_rows;
    x.hwidth = hwidth;
    x.has_header = nhead_opt + td->header_rows > 0;
    x.rep = rep;
    for (int r = 0; r < head.n; r++) {
        int line, col;
        vpos(blk, ho->line, 0, &line, &col);
        csv_put_row(&x, blk->b->file, head.recs[r].fields.n,
                    (const char *const *)head.recs[r].fields.v, NULL, NULL, NULL, line, col);
    }
    x.f = dfile;
    if (csv_scan(&dia, nl, csv_line, csv_cells, &x, &err) != 0 || x.r != total)
        goto out; /* cannot be: the same lines read the same way */
    tb_emit(p, &t);
out:
    tb_free(&t);
    free(x.rowlen);
    sb_free(&x.cell);
    csv_result_free(&head);
    if (have_file)
        src_free(&file);
}

/* Items of a bullet list that must fill the view alone: the item views, or -1 with the
 * offending line in *bad. */
static int bullet_items(const view *v, view **items, size_t *bad)
{
    size_t i = 0;
    int count = 0;
    uint32_t first = 0;
    *items = NULL;
    while (vhas(v, i)) {
        if (vblank(v, i)) {
            i++;
            continue;
        }
        int len;
        const char *s = vl(v, i, &len);
        uint32_t b;
        int col = rd_bullet_at(s, len, &b);
        if (!col || (count && b != first)) {
            *bad = i;
            free(*items);
            *items = NULL;
            return -1;
        }
        first = b;
        *items = xgrow(*items, (size_t)count, sizeof **items);
        i = rd_list_item(v, i, col, &(*items)[count]);
        count++;
    }
    return count;
}

static const char *const list_opts[] = {"header-rows", "stub-columns", "width", "widths",
                                        "class",       "name",         "align", NULL};

static void list_table(P *p, const tdir *td)
{
    const view *blk = td->blk, *dirv = td->dirv;
    const dparts *d = &td->d;
    size_t di = td->di;
    int rep = speaks(p);
    view *rows = NULL;
    rtable t;
    tb_init(&t, p, TABLE_LIST, td->dline);
    int *rowlen = NULL;
    if (!d->has_content) {
        if (rep)
            REPORT(p, dirv, di, 0, DIAG_ERROR, "empty list-table: it has no content");
        goto out;
    }
    t.title = (free(t.title), title_text(p, d->args)); /* docutils reads it first */
    size_t bad;
    int nrows;
    if (p->collect) {
        /* docutils parses the content first, so its targets are defined whatever comes
         * next; its anonymous references count only if the table is built */
        int anon = p->ix.anon_refs;
        rd_parse_body(p, &d->content, 0);
        int ok = (nrows = bullet_items(&d->content, &rows, &bad)) > 0;
        rowlen = xcalloc((size_t)(nrows > 0 ? nrows : 1), sizeof *rowlen);
        size_t ncells = 0;
        for (int r = 0; ok && r < nrows; r++) {
            view *cells = NULL;
            rowlen[r] = bullet_items(&rows[r], &cells, &bad);
            free(cells);
            ncells += (size_t)(rowlen[r] > 0 ? rowlen[r] : 0);
            ok = rowlen[r] > 0 && rowlen[r] == rowlen[0] && ncells <= rd_cell_limit(p);
        }
        ok = ok && !(td->nwidths > 0 && td->nwidths != rowlen[0]) &&
             !check_dimensions(p, dirv, di, "list-table", nrows, td->header_rows, td->stub, rowlen);
        if (!ok)
            p->ix.anon_refs = anon;
        goto out;
    }
    if (!wanted(p))
        goto out;
    nrows = bullet_items(&d->content, &rows, &bad);
    if (nrows <= 0) {
        if (rep) {
            if (nrows == 0)
                REPORT(p, dirv, di, 0, DIAG_ERROR, "empty list-table: it has no rows");
            else
                REPORT(p, &d->content, bad, 0, DIAG_ERROR,
                       "list-table content must be one bullet list of rows, each a bullet "
                       "list of cells (docutils reads no table)");
        }
        goto out;
    }
    view **cells = xcalloc((size_t)nrows, sizeof *cells);
    rowlen = xcalloc((size_t)nrows, sizeof *rowlen);
    int failed = 0;
    size_t ncells = 0;
    for (int r = 0; r < nrows && !failed; r++) {
        rowlen[r] = bullet_items(&rows[r], &cells[r], &bad);
        ncells += (size_t)(rowlen[r] > 0 ? rowlen[r] : 0);
        if (rd_too_many_cells(p, dirv, di, "list-table", ncells)) {
            failed = 1;
        } else if (rowlen[r] <= 0) {
            if (rep) {
                if (rowlen[r] == 0)
                    REPORT(p, &rows[r], 0, 0, DIAG_ERROR,
                           "list-table row %d is empty: each row must be a bullet list of cells",
                           r + 1);
                else
                    REPORT(p, &rows[r], bad, 0, DIAG_ERROR,
                           "list-table row %d must be a bullet list of cells and nothing else "
                           "(docutils reads no table)",
                           r + 1);
            }
            failed = 1;
        } else if (rowlen[r] != rowlen[0]) {
            if (rep)
                REPORT(p, &rows[r], 0, 0, DIAG_ERROR,
                       "list-table row %d has %d cells, row 1 has %d (docutils reads no table)",
                       r + 1, rowlen[r], rowlen[0]);
            failed = 1;
        }
    }
    if (!failed && td->nwidths > 0 && td->nwidths != rowlen[0]) {
        if (rep)
            REPORT(p, blk, dget(d, "widths")->line, 0, DIAG_ERROR,
                   ":widths: gives %d width(s) but the list-table has %d column(s) (docutils "
                   "reads no table)",
                   td->nwidths, rowlen[0]);
        failed = 1;
    }
    if (!failed && check_dimensions(p, dirv, di, "list-table", nrows, td->header_rows, td->stub,
                                    rowlen))
        failed = 1;
    if (!failed) {
        for (int r = 0; r < nrows; r++) {
            strvec row = {0};
            rpos *pos = xcalloc((size_t)(rowlen[r] > 0 ? rowlen[r] : 1), sizeof *pos);
            for (int c = 0; c < rowlen[r]; c++) {
                sv_push(&row, rd_view_text(p, &cells[r][c]));
                vpos(&cells[r][c], 0, 0, &pos[c].line, &pos[c].col);
            }
            int line, col;
            vpos(&rows[r], 0, 0, &line, &col);
            tb_row(&t, row, line, pos);
        }
        t.nhead = td->header_rows;
        tb_emit(p, &t);
    }
    for (int r = 0; r < nrows; r++)
        free(cells[r]);
    free(cells);
out:
    tb_free(&t);
    free(rowlen);
    free(rows);
}

static const char *const table_opts[] = {"class", "name", "align", "width", "widths", NULL};

/* The table directive: a title for exactly one grid or simple table. */
static void table_directive(P *p, const tdir *td)
{
    const view *blk = td->blk, *dirv = td->dirv;
    const dparts *d = &td->d;
    size_t di = td->di;
    int rep = speaks(p);
    if (!d->has_content) {
        if (rep)
            REPORT(p, dirv, di, 0, DIAG_WARNING, "table directive without content");
        return;
    }
    const view *c = &d->content;
    char *title = title_text(p, d->args); /* docutils reads it before the content */
    if (p->collect) {
        /* docutils parses the content first, so its targets are defined whatever comes
         * next; its anonymous references count only if it is one table */
        int anon = p->ix.anon_refs;
        rd_parse_body(p, c, 0);
        size_t k = 0, n = vn(c);
        while (k < n && vblank(c, k))
            k++;
        int len, ok = 0;
        const char *s0 = k < n ? vl(c, k, &len) : NULL;
        if (s0 && (is_grid_border(s0, len) || is_simple_top(s0, len))) {
            rtable t;
            tb_init(&t, p, TABLE_GRID, td->dline);
            /* the table's extent and validity only: nothing collected twice */
            sbuf *saved = p->text;
            notecount notes = p->ix.notes;
            int quiet = p->quiet, tok;
            p->text = NULL;
            p->quiet = 1;
            p->collect = p->ix.collect = 0;
            size_t next = is_grid_border(s0, len) ? rd_grid_table(p, c, k, &t, &tok)
                                                  : rd_simple_table(p, c, k, &t, &tok);
            p->collect = p->ix.collect = 1;
            p->quiet = quiet;
            p->text = saved;
            p->ix.notes = notes;
            tb_free(&t);
            while (next < n && vblank(c, next))
                next++;
            ok = tok && next >= n;
        }
        if (!ok)
            p->ix.anon_refs = anon;
        free(title);
        return;
    }
    size_t i = 0, n = vn(c);
    while (i < n && vblank(c, i))
        i++;
    int len;
    const char *s = vl(c, i, &len);
    int grid = is_grid_border(s, len), simple = !grid && is_simple_top(s, len);
    if ((!grid && !simple) || s[0] == ' ') {
        if (rep)
            REPORT(p, c, i, 0, DIAG_ERROR,
                   "the table directive must contain exactly one grid or simple table");
        free(title);
        return;
    }
    rtable t;
    int ok;
    tb_init(&t, p, grid ? TABLE_GRID : TABLE_SIMPLE, td->dline);
    size_t next = grid ? rd_grid_table(p, c, i, &t, &ok) : rd_simple_table(p, c, i, &t, &ok);
    while (next < n && vblank(c, next))
        next++;
    if (ok && next < n) {
        if (rep)
            REPORT(p, c, next, 0, DIAG_ERROR,
                   "the table directive must contain exactly one table; this follows it "
                   "(docutils reads no table)");
        ok = 0;
    }
    if (ok && td->nwidths > 0 && td->nwidths != t.ncols) {
        if (rep)
            REPORT(p, blk, dget(d, "widths")->line, 0, DIAG_ERROR,
                   ":widths: gives %d width(s) but the table has %d column(s) (docutils reads "
                   "no table)",
                   td->nwidths, t.ncols);
        ok = 0;
    }
    if (ok) {
        free(t.title);
        t.title = title;
        title = NULL;
        tb_emit(p, &t);
    }
    free(title);
    tb_free(&t);
}

/* Directives whose content docutils parses as body elements, and those whose content
 * is text; every other directive's content is skipped whole. */
enum { D_SKIP, D_BODY, D_TITLED, D_ARGS, D_LITERAL, D_PARSED, D_RUBRIC };

static int directive_kind(const char *name)
{
    static const struct {
        const char *n;
        int k;
    } t[] = {{"attention", D_BODY}, {"caution", D_BODY},       {"danger", D_BODY},
             {"error", D_BODY},     {"hint", D_BODY},          {"important", D_BODY},
             {"note", D_BODY},      {"tip", D_BODY},           {"warning", D_BODY},
             {"compound", D_BODY},  {"epigraph", D_BODY},      {"highlights", D_BODY},
             {"pull-quote", D_BODY}, {"admonition", D_TITLED}, {"topic", D_TITLED},
             {"sidebar", D_TITLED}, {"container", D_ARGS},     {"class", D_ARGS},
             {"figure", D_ARGS},    {"code", D_LITERAL},       {"parsed-literal", D_PARSED},
             {"math", D_LITERAL},   {"rubric", D_RUBRIC},      {NULL, 0}};
    for (int k = 0; t[k].n; k++)
        if (strcmp(t[k].n, name) == 0)
            return t[k].k;
    return D_SKIP;
}

static const char *const body_opts[] = {"class", "name", "number-lines", "force", "language",
                                        "figwidth", "figclass", "align", "alt", "height",
                                        "width", "scale", "target", "loading", NULL};

static void body_directive(P *p, const view *blk, const char *name, int kind)
{
    static const dspec none = {0, 0, 0, 1, body_opts}, titled = {1, 0, 1, 1, body_opts},
                       args = {0, 1, 1, 1, body_opts}, rubric = {1, 0, 1, 0, body_opts};
    const dspec *sp = kind == D_BODY ? &none : kind == D_TITLED ? &titled
                    : kind == D_RUBRIC ? &rubric : &args;
    dparts d;
    if (directive_block(p, blk, name, sp, &d) == 0) {
        if ((kind == D_TITLED || kind == D_RUBRIC) && d.args)
            rd_put_inline(p, d.args, strlen(d.args));
        if (d.has_content) {
            if (kind == D_LITERAL || kind == D_PARSED) /* a parsed-literal: with markup */
                rd_put_lines(p, &d.content, 0, vn(&d.content), 0, kind == D_PARSED);
            else
                rd_parse_body(p, &d.content, 0);
        }
    }
    dparts_free(&d);
}

typedef void (*table_fn)(P *p, const tdir *td);

/* The table directives: a new dialect is a function and a row here. */
static const struct {
    const char *name;
    const char *const *opts; /* the options it takes */
    int widths_grid;         /* :widths: grid is allowed */
    table_fn fn;
} table_directives[] = {
    {"csv-table", csv_opts, 0, csv_table},
    {"list-table", list_opts, 0, list_table},
    {"table", table_opts, 1, table_directive},
};

/* A table directive's block, arguments and options, read and checked as docutils does
 * before its run(): the directive reads no table when they fail. */
static void table_directive_at(P *p, size_t q, const view *blk, int dline, const view *dirv,
                               size_t di)
{
    const char *name = table_directives[q].name;
    const dspec sp = {0, 1, 1, 1, table_directives[q].opts};
    tdir td = {.blk = blk, .dirv = dirv, .di = di, .dline = dline};
    const dopt *o;
    if (directive_block(p, blk, name, &sp, &td.d) == 0 &&
        common_options(p, blk, &td.d, name, table_directives[q].widths_grid, &td.nwidths) == 0 &&
        !((o = dget(&td.d, "header-rows")) && opt_uint(p, blk, o, name, &td.header_rows)) &&
        !((o = dget(&td.d, "stub-columns")) && opt_uint(p, blk, o, name, &td.stub)))
        table_directives[q].fn(p, &td);
    dparts_free(&td.d);
}

/* ".. name::" */
size_t rd_directive(P *p, const view *v, size_t i, const char *s, int ns, int nl, int after,
                    int titles)
{
    char name[64];
    int k = 0;
    for (int q = 0; q < nl && k < 63; q++) {
        char c = s[ns + q];
        name[k++] = ascii_lower(c);
    }
    name[k] = 0;
    view blk;
    size_t end = rd_get_indented(v, i, 0, -1, (int)u8_count(s, (size_t)after), &blk);
    int line, col;
    vpos(v, i, 0, &line, &col);
    for (size_t q = 0; q < sizeof table_directives / sizeof table_directives[0]; q++) {
        if (strcmp(name, table_directives[q].name) == 0) {
            rd_notes_at(p, v, i);
            table_directive_at(p, q, &blk, line, v, i);
            return end;
        }
    }
    if (wanted(p)) {
        int kind = directive_kind(name);
        /* docutils refuses topics and sidebars inside body elements (and each other) */
        if (!titles && (strcmp(name, "topic") == 0 || strcmp(name, "sidebar") == 0))
            kind = D_SKIP;
        if (kind != D_SKIP)
            body_directive(p, &blk, name, kind);
    }
    return end;
}
