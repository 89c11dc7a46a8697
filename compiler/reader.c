/* The reStructuredText block reader.  It follows docutils.parsers.rst.states (0.19)
 * closely enough that every table docutils sees is seen here, with the same extent and
 * the same cell text: sections and their levels, paragraphs and literal blocks ("::"),
 * block quotes, bullet, enumerated, definition and field lists, line blocks, doctest
 * blocks, comments, targets, footnotes, directives, and the four kinds of table.
 *
 * The same reader computes cell text: a cell's lines are parsed as a small document in
 * "text mode", where every element appends what docutils' astext() gives for it.
 *
 * Lines are reached through views: a range of lines of a base (the document, or lines
 * cut out of a table or a CSV field) with a number of characters stripped from the first
 * line and from the others.  Nested blocks are views of views, so nesting costs nothing
 * and no line is copied. */
#include "reader.h"

#include "csvread.h"
#include "inline.h"
#include "tables.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_DEPTH 64 /* nested block quotes, lists and directives */
#define MAX_STYLES 32

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

typedef struct view {
    const lbase *b;
    size_t start, end;
    int fstrip, strip;
} view;

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
} P;

const char *table_kind_name(table_kind k)
{
    static const char *names[] = {"grid", "simple", "csv", "list"};
    return names[k];
}

static int reporting(const P *p) { return p->o->all || p->active > 0; }

/* ---- what comes before a table ---- */

#define LEAD_MAX_BYTES 240 /* a longer paragraph does not name a resource */

static void lead_free(rlead *l)
{
    free(l->text);
    l->text = NULL;
}

/* Whether blocks read now are recorded: in the section read, outside cells, once. */
static int leading(const P *p) { return !p->text && !p->collect && reporting(p); }

static void lead_add(P *p, lead_kind kind, char *text, int line, int col)
{
    if (p->nlead == RLEAD_MAX) {
        lead_free(&p->lead[0]);
        memmove(p->lead, p->lead + 1, (RLEAD_MAX - 1) * sizeof *p->lead);
        p->nlead--;
    }
    p->lead[p->nlead++] = (rlead){kind, text, line, col};
}

static void lead_clear(P *p)
{
    for (int k = 0; k < p->nlead; k++)
        lead_free(&p->lead[k]);
    p->nlead = 0;
}
/* Whether problems with tables are reported here: in the section read, not inside a
 * cell's text, not in the passes that only collect targets or read again. */
static int speaks(const P *p) { return reporting(p) && !p->text && !p->quiet; }
/* Whether nested content matters: in text mode, or where tables are read. */
static int wanted(const P *p) { return p->text || reporting(p) || p->collect; }

#define OPEN ((size_t)-1) /* the end of the document's own view: not known until read */

/* Lines of a view whose end is known (every view but the document's own). */
static size_t vn(const view *v) { return v->end - v->start; }

/* Whether line i exists, reading on where the view is the document's. */
static int vhas(const view *v, size_t i)
{
    if (v->end != OPEN)
        return i < v->end - v->start;
    return src_has(v->b->doc, v->start + i);
}

static const char *vl(const view *v, size_t i, int *len)
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

static int vblank(const view *v, size_t i)
{
    int n;
    vl(v, i, &n);
    return n == 0;
}

/* 1-based line and column of character `off` of line i. */
static void vpos(const view *v, size_t i, int off, int *line, int *col)
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

static view subview(const view *v, size_t a, size_t b)
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

/* ---- text-mode output ---- */

static void put_raw(P *p, const char *s, size_t n)
{
    if (!p->text || p->collect)
        return;
    sb_putc(p->text, ' ');
    sb_put(p->text, s, n);
}

static void put_inline(P *p, const char *s, size_t n)
{
    if (!p->text)
        return;
    if (p->collect) { /* only the targets matter; keep no text */
        if (!memchr(s, '_', n))
            return; /* targets and anonymous references all have an underscore */
        sb_reset(p->text);
        inline_astext(p->text, s, n, &p->ix);
        sb_reset(p->text);
        return;
    }
    sb_putc(p->text, ' ');
    inline_astext(p->text, s, n, &p->ix);
}

/* Lines [a, b) of v joined by "\n", after cutting `cut` characters off the first. */
static void join_lines(const view *v, size_t a, size_t b, int cut, sbuf *out)
{
    for (size_t k = a; k < b; k++) {
        int n;
        const char *s = vl(v, k, &n);
        if (k == a && cut) {
            size_t c = u8_skip(s, (size_t)n, (size_t)cut);
            s += c;
            n -= (int)c;
        }
        if (k > a)
            sb_putc(out, '\n');
        sb_put(out, s, (size_t)n);
    }
}

static void put_lines(P *p, const view *v, size_t a, size_t b, int cut, int markup)
{
    if (!p->text || a >= b)
        return;
    sbuf t = {0};
    join_lines(v, a, b, cut, &t);
    if (markup)
        put_inline(p, t.p, t.n);
    else
        put_raw(p, t.p, t.n);
    sb_free(&t);
}

/* ---- StringList.get_indented() ---- */

static int indent_of(const char *s, int n)
{
    int k = 0;
    while (k < n && s[k] == ' ')
        k++;
    return k;
}

/* Lines from `start` that are blank or indented; block_indent >= 0 requires that much
 * indentation of every line after the first, first_indent >= 0 gives the first line's.
 * Returns the end (exclusive) and sets *out to the block with indentation removed. */
static size_t get_indented(const view *v, size_t start, int until_blank, int block_indent,
                           int first_indent, view *out)
{
    size_t end = start;
    int indent = block_indent;
    if (block_indent >= 0 && first_indent < 0)
        first_indent = block_indent;
    if (first_indent >= 0 && vhas(v, start))
        end++;
    while (vhas(v, end)) {
        int len;
        const char *s = vl(v, end, &len);
        if (len && (s[0] != ' ' || (block_indent >= 0 && indent_of(s, len) < block_indent)))
            break;
        if (!len) {
            if (until_blank)
                break;
        } else if (block_indent < 0) {
            int li = indent_of(s, len);
            if (indent < 0 || li < indent)
                indent = li;
        }
        end++;
    }
    if (indent < 0)
        indent = 0;
    *out = subview(v, start, end);
    out->fstrip += first_indent >= 0 ? first_indent : indent;
    out->strip += indent;
    return end;
}

/* ---- patterns ---- */

static int is_punct7(int c)
{
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
           (c >= '{' && c <= '~');
}

/* (punctuation)\1* *$ : a section adornment or transition */
static int is_adornment(const char *s, int n)
{
    while (n > 0 && s[n - 1] == ' ')
        n--;
    if (n == 0 || !is_punct7((unsigned char)s[0]))
        return 0;
    for (int i = 1; i < n; i++)
        if (s[i] != s[0])
            return 0;
    return 1;
}

static int rstrip_len(const char *s, int n)
{
    while (n > 0 && s[n - 1] == ' ')
        n--;
    return n;
}

/* Bullet "[-+*•‣⁃]( +|$)": returns the column after it and its spaces, or 0; sets the
 * bullet code point. */
static int bullet_at(const char *s, int n, uint32_t *b)
{
    if (n == 0)
        return 0;
    int k;
    uint32_t c;
    k = u8_decode(s, (size_t)n, &c);
    if (!(c == '-' || c == '+' || c == '*' || c == 0x2022 || c == 0x2023 || c == 0x2043))
        return 0;
    if (k < n && s[k] != ' ')
        return 0;
    *b = c;
    int col = 1;
    while (k < n && s[k] == ' ')
        k++, col++;
    return col;
}

/* ---- enumerated lists ---- */

static int roman_value(const char *s, int n, int upper)
{
    static const struct {
        const char *r;
        int v;
    } t[] = {{"m", 1000}, {"cm", 900}, {"d", 500}, {"cd", 400}, {"c", 100}, {"xc", 90},
             {"l", 50},   {"xl", 40},  {"x", 10},  {"ix", 9},   {"v", 5},   {"iv", 4},
             {"i", 1}};
    char low[32];
    if (n <= 0 || n >= (int)sizeof low)
        return -1;
    for (int i = 0; i < n; i++) {
        char c = s[i];
        if (upper) {
            if (c < 'A' || c > 'Z')
                return -1;
            c = (char)(c - 'A' + 'a');
        }
        low[i] = c;
    }
    low[n] = 0;
    int v = 0, i = 0;
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
        size_t l = strlen(t[k].r);
        int reps = 0;
        while (strncmp(low + i, t[k].r, l) == 0) {
            v += t[k].v;
            i += (int)l;
            reps++;
            if (reps > (l == 1 ? 4 : 1))
                return -1;
        }
    }
    if (low[i] || v == 0 || v > 4999)
        return -1;
    /* canonical form only, as roman.fromRoman's pattern demands */
    char back[32];
    int b = 0, x = v;
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++)
        while (x >= t[k].v && b < 28) {
            strcpy(back + b, t[k].r);
            b += (int)strlen(t[k].r);
            x -= t[k].v;
        }
    back[b] = 0;
    return strcmp(back, low) == 0 ? v : -1;
}

typedef struct {
    int fmt;      /* 0 "1.", 1 "(1)", 2 "1)" */
    int seq;      /* 0 '#', 1 arabic, 2 loweralpha, 3 upperalpha, 4 lowerroman, 5 upperroman */
    int ordinal;  /* -1: invalid */
    int end;      /* column after the enumerator and its spaces */
} enumr;

static int enum_at(const char *s, int n, enumr *e)
{
    int i = 0;
    e->fmt = 0;
    if (n > 0 && s[0] == '(') {
        e->fmt = 1;
        i = 1;
    }
    int ts = i;
    while (i < n && ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z') ||
                     (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '#'))
        i++;
    int tl = i - ts;
    if (tl == 0 || i >= n)
        return 0;
    if (e->fmt == 1) {
        if (s[i] != ')')
            return 0;
    } else if (s[i] == ')') {
        e->fmt = 2;
    } else if (s[i] != '.') {
        return 0;
    }
    i++;
    if (i < n && s[i] != ' ')
        return 0;
    while (i < n && s[i] == ' ')
        i++;
    e->end = i;
    const char *t = s + ts;
    int all_digit = 1, all_lower = 1, all_upper = 1, lrom = 1, urom = 1;
    for (int k = 0; k < tl; k++) {
        char c = t[k];
        all_digit &= c >= '0' && c <= '9';
        all_lower &= c >= 'a' && c <= 'z';
        all_upper &= c >= 'A' && c <= 'Z';
        lrom &= strchr("ivxlcdm", c) != NULL && c;
        urom &= strchr("IVXLCDM", c) != NULL && c;
    }
    if (tl == 1 && t[0] == '#') {
        e->seq = 0;
        e->ordinal = 1;
        return 1;
    }
    if (tl == 1 && t[0] == 'i')
        e->seq = 4;
    else if (tl == 1 && t[0] == 'I')
        e->seq = 5;
    else if (all_digit)
        e->seq = 1;
    else if (tl == 1 && all_lower)
        e->seq = 2;
    else if (tl == 1 && all_upper)
        e->seq = 3;
    else if (lrom)
        e->seq = 4;
    else if (urom)
        e->seq = 5;
    else
        return 0;
    if (e->seq == 1) {
        long v = 0;
        for (int k = 0; k < tl && v < 100000000; k++)
            v = v * 10 + (t[k] - '0');
        e->ordinal = (int)v;
    } else if (e->seq == 2 || e->seq == 3) {
        e->ordinal = (t[0] | 0x20) - 'a' + 1;
    } else {
        e->ordinal = roman_value(t, tl, e->seq == 5);
    }
    return 1;
}

static void make_enum(int seq, int fmt, int ordinal, char *out, char *autoe)
{
    char num[40] = "";
    if (seq == 0)
        strcpy(num, "#");
    else if (seq == 1)
        snprintf(num, sizeof num, "%d", ordinal);
    else if (seq == 2 || seq == 3) {
        if (ordinal > 26) {
            out[0] = autoe[0] = 0;
            return;
        }
        num[0] = (char)((seq == 2 ? 'a' : 'A') + ordinal - 1);
        num[1] = 0;
    } else {
        static const struct {
            const char *r;
            int v;
        } t[] = {{"m", 1000}, {"cm", 900}, {"d", 500}, {"cd", 400}, {"c", 100},
                 {"xc", 90},  {"l", 50},   {"xl", 40},  {"x", 10},  {"ix", 9},
                 {"v", 5},    {"iv", 4},   {"i", 1}};
        int x = ordinal, b = 0;
        if (x <= 0 || x > 4999) {
            out[0] = autoe[0] = 0;
            return;
        }
        for (size_t k = 0; k < sizeof t / sizeof t[0]; k++)
            while (x >= t[k].v && b < 36) {
                for (const char *r = t[k].r; *r; r++)
                    num[b++] = seq == 5 ? (char)(*r - 'a' + 'A') : *r;
                x -= t[k].v;
            }
        num[b] = 0;
    }
    const char *pre = fmt == 1 ? "(" : "", *suf = fmt == 0 ? "." : ")";
    sprintf(out, "%s%s%s ", pre, num, suf);
    sprintf(autoe, "%s#%s ", pre, suf);
}

/* Body.is_enumerated_list_item(): the second line decides. */
static int enum_is_item(const view *v, size_t i, const enumr *e)
{
    if (e->ordinal < 0)
        return 0;
    if (!vhas(v, i + 1))
        return 1;
    int n;
    const char *s = vl(v, i + 1, &n);
    if (n == 0 || s[0] == ' ')
        return 1;
    char next[64], autoe[16];
    make_enum(e->seq, e->fmt, e->ordinal + 1, next, autoe);
    if (!next[0])
        return 0;
    size_t ln = strlen(next), la = strlen(autoe);
    /* the line was right-stripped: "2." at its end still starts "2. " */
    if ((size_t)n + 1 == ln && memcmp(s, next, ln - 1) == 0)
        return 1;
    if ((size_t)n + 1 == la && memcmp(s, autoe, la - 1) == 0)
        return 1;
    return ((size_t)n >= ln && memcmp(s, next, ln) == 0) ||
           ((size_t)n >= la && memcmp(s, autoe, la) == 0);
}

/* ---- forward declarations ---- */

static void parse_body(P *p, const view *v, int titles);
static size_t text_element(P *p, const view *v, size_t i, int titles);
static size_t explicit_markup(P *p, const view *v, size_t i, int titles);

/* ---- sections ---- */

/* The text of inline markup s[0..n), whitespace collapsed (titles, directive arguments). */
static char *inline_text(P *p, const char *s, size_t n)
{
    sbuf t = {0}, o = {0};
    inline_astext(&t, s, n, &p->ix);
    sb_put_collapsed(&o, t.p ? t.p : "", t.n);
    sb_free(&t);
    return sb_take(&o);
}

/* Whether a title's text names the section read (any case). */
static int title_matches(const P *p, const char *text)
{
    if (p->want)
        return ascii_ieq(text, p->want);
    return ascii_ieq(text, "rest api impact") || ascii_ieq(text, "rest api impacts");
}

/* RSTState.check_subsection() and new_subsection(), as a level counter. */
static void section(P *p, const view *v, size_t i, size_t ti, const char *title, size_t tn,
                    uint32_t over, uint32_t under)
{
    int level = 0;
    for (int k = 0; k < p->nsty; k++)
        if (p->sty[k].over == over && p->sty[k].under == under)
            level = k + 1;
    if (!level) {
        if (p->nsty == p->level && p->nsty < MAX_STYLES) {
            p->sty[p->nsty].over = over;
            p->sty[p->nsty].under = under;
            level = ++p->nsty;
        }
    }
    if (!level || level > p->level + 1) {
        REPORT(p, v, i, 0, DIAG_WARNING,
               "section title level inconsistent with the titles before it; docutils does "
               "not start a section here");
        return;
    }
    p->level = level;
    char *text = inline_text(p, title, tn);
    if (p->collect)
        refset_add(p->ix.refs, REF_IMPLICIT, text, strlen(text), NULL);
    if (p->active && level <= p->active)
        p->active = 0;
    int starts = !p->active && title_matches(p, text);
    if (starts)
        p->active = level;
    if (!p->collect && level <= MAX_STYLES) {
        for (int k = level - 1; k < MAX_STYLES && p->titles[k].text; k++)
            lead_free(&p->titles[k]);
        int line, col;
        vpos(v, ti, 0, &line, &col);
        if (starts || !reporting(p)) {
            lead_clear(p);
        } else {
            p->titles[level - 1] = (rlead){LEAD_HEADING, xstrdup(text), line, col};
            lead_add(p, LEAD_HEADING, xstrdup(text), line, col);
        }
    }
    free(text);
}

/* ---- literal blocks ---- */

/* After a paragraph that ended with "::": an indented block, or a quoted one. */
static size_t literal_block(P *p, const view *v, size_t i)
{
    view lb;
    size_t end = get_indented(v, i, 0, -1, -1, &lb);
    size_t a = 0, b = vn(&lb);
    while (a < b && vblank(&lb, a))
        a++;
    while (b > a && vblank(&lb, b - 1))
        b--;
    if (a < b) {
        put_lines(p, &lb, a, b, 0, 0);
        return end;
    }
    /* quoted literal block: unindented lines that all start with the same punctuation */
    size_t k = end;
    if (!vhas(v, k))
        return end;
    int n;
    const char *s = vl(v, k, &n);
    if (n == 0 || !is_punct7((unsigned char)s[0]))
        return end;
    char q = s[0];
    size_t e = k;
    while (vhas(v, e)) {
        s = vl(v, e, &n);
        if (n == 0 || s[0] != q)
            break;
        e++;
    }
    put_lines(p, v, k, e, 0, 0);
    return e;
}

/* ---- paragraphs, definition lists, titles ---- */

/* Whether the paragraph [i, end) ends with an unescaped "::". */
static int ends_with_colons(const view *v, size_t end)
{
    int n;
    const char *s = vl(v, end - 1, &n);
    n = rstrip_len(s, n);
    if (n < 2 || s[n - 1] != ':' || s[n - 2] != ':')
        return 0;
    int bs = 0;
    while (bs < n - 2 && s[n - 3 - bs] == '\\')
        bs++;
    return bs % 2 == 0;
}

/* A short block's text, kept for the model: it may name the resource of a table after it. */
static void lead_block(P *p, lead_kind kind, const view *v, size_t i, size_t end)
{
    size_t bytes = 0;
    for (size_t k = i; k < end && bytes <= LEAD_MAX_BYTES; k++) {
        int n;
        vl(v, k, &n);
        bytes += (size_t)n + 1;
    }
    if (bytes > LEAD_MAX_BYTES)
        return;
    sbuf t = {0};
    join_lines(v, i, end, 0, &t);
    int line, col;
    vpos(v, i, 0, &line, &col);
    lead_add(p, kind, inline_text(p, t.p ? t.p : "", t.n), line, col);
    sb_free(&t);
}

static size_t paragraph(P *p, const view *v, size_t i, size_t end)
{
    if (!p->text) { /* only the literal block that may follow matters, and the lead */
        if (leading(p))
            lead_block(p, LEAD_PARAGRAPH, v, i, end);
        return ends_with_colons(v, end) ? literal_block(p, v, end) : end;
    }
    sbuf t = {0};
    join_lines(v, i, end, 0, &t);
    size_t n = t.n;
    while (n > 0 && py_isspace((unsigned char)t.p[n - 1]))
        n--;
    int literal = 0;
    if (n >= 2 && t.p[n - 1] == ':' && t.p[n - 2] == ':') {
        size_t bs = 0;
        while (bs < n - 2 && t.p[n - 3 - bs] == '\\')
            bs++;
        if (bs % 2 == 0) {
            literal = 1;
            if (n == 2)
                n = 0;
            else if (t.p[n - 3] == ' ' || t.p[n - 3] == '\n') {
                n -= 3;
                while (n > 0 && py_isspace((unsigned char)t.p[n - 1]))
                    n--;
            } else
                n -= 1;
        }
    }
    if (n && p->text)
        put_inline(p, t.p, n);
    sb_free(&t);
    return literal ? literal_block(p, v, end) : end;
}

/* A definition list item: the term line, then its indented definition. */
static size_t definition(P *p, const view *v, size_t i)
{
    if (p->text) {
        int n;
        const char *s = vl(v, i, &n);
        /* classifiers are split off at " : " and read as separate text */
        sbuf t = {0};
        for (int k = 0; k < n; k++) {
            if (s[k] == ' ') {
                int a = k;
                while (a < n && s[a] == ' ')
                    a++;
                if (a < n && s[a] == ':' && a + 1 < n && s[a + 1] == ' ') {
                    int b = a + 1;
                    while (b < n && s[b] == ' ')
                        b++;
                    sb_putc(&t, ' ');
                    k = b - 1;
                    continue;
                }
            }
            sb_putc(&t, s[k]);
        }
        put_inline(p, t.p ? t.p : "", t.n);
        sb_free(&t);
    } else if (leading(p)) {
        lead_block(p, LEAD_TERM, v, i, i + 1);
    }
    view dv;
    size_t end = get_indented(v, i + 1, 0, -1, -1, &dv);
    if (wanted(p))
        parse_body(p, &dv, 0);
    return end;
}

/* Text.text(): a paragraph from line i on, ending at a blank or an indented line. */
static size_t paragraph_from(P *p, const view *v, size_t i)
{
    size_t end = i + 1;
    while (vhas(v, end)) {
        int len;
        const char *s = vl(v, end, &len);
        if (len == 0 || s[0] == ' ')
            break;
        end++;
    }
    return paragraph(p, v, i, end);
}

/* Body.text then the Text state: the second line decides what the first starts. */
static size_t text_element(P *p, const view *v, size_t i, int titles)
{
    if (!vhas(v, i + 1))
        return paragraph(p, v, i, i + 1);
    int len, tl;
    const char *next = vl(v, i + 1, &len);
    const char *title = vl(v, i, &tl);
    if (len == 0)
        return paragraph(p, v, i, i + 1);
    if (next[0] == ' ')
        return definition(p, v, i);
    if (is_adornment(next, len)) {
        int ul = rstrip_len(next, len);
        /* a title is never wider than its bytes: most titles need no width count */
        int wide = tl > ul && (int)u8_width(title, (size_t)tl) > ul;
        if (!(wide && ul < 4)) {
            if (titles) {
                if (wide)
                    REPORT(p, v, i + 1, 0, DIAG_WARNING, "title underline too short");
                section(p, v, i, i, title, (size_t)tl, 0, (unsigned char)next[0]);
            }
            /* elsewhere docutils reports an unexpected title and drops both lines */
            return i + 2;
        }
    }
    return paragraph_from(p, v, i);
}

/* Body.line and the Line state: an overline title, a transition, or text. */
static size_t adornment_line(P *p, const view *v, size_t i, int titles)
{
    int len;
    const char *s = vl(v, i, &len);
    int ol = rstrip_len(s, len);
    if (!titles) {
        if ((ol == 2 && s[0] == ':' && s[1] == ':') || ol < 4)
            return text_element(p, v, i, titles);
        return i + 1; /* docutils: "Unexpected section title or transition" */
    }
    if (!vhas(v, i + 1) || vblank(v, i + 1))
        return ol < 4 ? text_element(p, v, i, titles) : i + 1; /* transition */
    int tl;
    const char *title = vl(v, i + 1, &tl);
    if (is_adornment(title, tl)) {
        if (ol < 4)
            return text_element(p, v, i, titles);
        REPORT(p, v, i, 0, DIAG_WARNING, "invalid section title or transition marker");
        return i + 2;
    }
    if (!vhas(v, i + 2)) {
        if (ol < 4)
            return text_element(p, v, i, titles);
        REPORT(p, v, i, 0, DIAG_WARNING, "incomplete section title");
        return i + 2;
    }
    int ul;
    const char *under = vl(v, i + 2, &ul);
    if (!is_adornment(under, ul) || rstrip_len(under, ul) != ol || memcmp(under, s, (size_t)ol)) {
        if (ol < 4)
            return text_element(p, v, i, titles);
        REPORT(p, v, i, 0, DIAG_WARNING,
               is_adornment(under, ul) ? "title overline and underline do not match"
                                       : "section title overline without a matching underline");
        return i + 3;
    }
    int lead = indent_of(title, tl);
    if (tl > ol && (int)u8_width(title, (size_t)tl) > ol) {
        if (ol < 4)
            return text_element(p, v, i, titles);
        REPORT(p, v, i, 0, DIAG_WARNING, "title overline too short");
    }
    section(p, v, i, i + 1, title + lead, (size_t)(tl - lead), (unsigned char)s[0],
            (unsigned char)under[0]);
    return i + 3;
}

/* ---- lists ---- */

/* Body.list_item(): the item's content starts at column `indent` of line i. */
static size_t list_item(const view *v, size_t i, int indent, view *item)
{
    int len;
    vl(v, i, &len);
    if (len > indent)
        return get_indented(v, i, 0, indent, -1, item);
    return get_indented(v, i, 0, -1, indent, item);
}

static size_t list_element(P *p, const view *v, size_t i, int indent)
{
    view item;
    size_t end = list_item(v, i, indent, &item);
    if (wanted(p))
        parse_body(p, &item, 0);
    return end;
}

/* ---- tables ---- */

/* The cells of a csv-table (rtable.store): every cell's text pointer and place in one
 * array each, sized once the table's size is known, and the text in blocks, so that a
 * table costs its text and 16 bytes a cell, not two allocations a cell. */
typedef struct sblk {
    struct sblk *next;
    size_t used, cap;
    char data[];
} sblk;

typedef struct rstore {
    char **cells;
    rpos *pos;
    sblk *text; /* newest first */
    char *empty; /* the text of every empty cell */
} rstore;

#define SBLK_MAX ((size_t)1 << 20)

static char *store_text(rstore *st, const char *s, size_t n)
{
    sblk *b = st->text;
    if (!b || b->cap - b->used < n + 1) {
        size_t cap = b ? 2 * b->cap : 4096;
        if (cap > SBLK_MAX)
            cap = SBLK_MAX;
        if (cap < n + 1)
            cap = n + 1;
        sblk *nb = xmalloc(sizeof *nb + cap);
        nb->next = b;
        nb->used = 0;
        nb->cap = cap;
        st->text = b = nb;
    }
    char *d = b->data + b->used;
    if (n)
        memcpy(d, s, n);
    d[n] = 0;
    b->used += n + 1;
    return d;
}

/* A store for rows x cols cells. */
static rstore *store_new(size_t rows, size_t cols)
{
    rstore *st = xcalloc(1, sizeof *st);
    size_t n = rows * cols;
    if (n == 0)
        n = 1;
    st->cells = xcalloc(n, sizeof *st->cells);
    st->pos = xcalloc(n, sizeof *st->pos);
    st->empty = store_text(st, "", 0);
    return st;
}

static void store_free(rstore *st)
{
    if (!st)
        return;
    while (st->text) {
        sblk *next = st->text->next;
        free(st->text);
        st->text = next;
    }
    free(st->cells);
    free(st->pos);
    free(st);
}

/* --max-table-cells, or its default */
static size_t cell_limit(const P *p)
{
    return p->o->max_cells ? p->o->max_cells : ATTRC_DEFAULT_MAX_CELLS;
}

/* Whether a table of `cells` cells is over the limit; if so, says so at line i of v
 * (where the table or its directive starts). */
static int too_many_cells(P *p, const view *v, size_t i, const char *kind, size_t cells)
{
    size_t limit = cell_limit(p);
    if (cells <= limit)
        return 0;
    if (speaks(p))
        REPORT(p, v, i, 0, DIAG_ERROR,
               "%s has more than %zu cells (--max-table-cells); attrc reads no table this "
               "large (raise the limit, or 0 for none)",
               kind, limit);
    return 1;
}

static void tb_init(rtable *t, P *p, table_kind kind, int line)
{
    memset(t, 0, sizeof *t);
    t->file = p->doc->path;
    t->kind = kind;
    t->line = line;
    t->title = xstrdup("");
}

/* Adds a row; `pos` (row.n places, taken over) says where each cell starts. */
static void tb_row(rtable *t, strvec row, int line, rpos *pos)
{
    t->rows = xgrow(t->rows, (size_t)t->nrows, sizeof *t->rows);
    t->row_line = xgrow(t->row_line, (size_t)t->nrows, sizeof *t->row_line);
    t->pos = xgrow(t->pos, (size_t)t->nrows, sizeof *t->pos);
    t->rows[t->nrows] = row;
    t->row_line[t->nrows] = line;
    t->pos[t->nrows] = pos;
    t->nrows++;
}

static void tb_free(rtable *t)
{
    if (t->store) {
        store_free(t->store);
    } else {
        for (int r = 0; r < t->nrows; r++) {
            sv_free(&t->rows[r]);
            free(t->pos[r]);
        }
    }
    free(t->rows);
    free(t->row_line);
    free(t->pos);
    free(t->title);
    free(t->data_file);
    for (int k = 0; k < t->nlead; k++)
        lead_free(&t->lead[k]);
    lead_free(&t->heading);
    memset(t, 0, sizeof *t);
}

/* The blocks read since the previous table go with this one. */
static void tb_take_lead(P *p, rtable *t)
{
    memcpy(t->lead, p->lead, (size_t)p->nlead * sizeof *p->lead);
    t->nlead = p->nlead;
    p->nlead = 0;
    int inner = p->o->all ? p->level : (p->level > p->active ? p->level : 0);
    if (inner > 0 && inner <= MAX_STYLES && p->titles[inner - 1].text) {
        t->heading = p->titles[inner - 1];
        t->heading.text = xstrdup(t->heading.text);
    }
}

/* Hands a finished table on: its text in text mode, else to the callback. */
static void tb_emit(P *p, rtable *t)
{
    if (p->text) {
        if (t->title[0])
            put_raw(p, t->title, strlen(t->title));
        for (int r = 0; r < t->nrows; r++)
            for (int c = 0; c < t->rows[r].n; c++)
                put_raw(p, t->rows[r].v[c], strlen(t->rows[r].v[c]));
    } else if (reporting(p) && !p->collect) {
        tb_take_lead(p, t);
        if (p->skip) { /* read again: given out before the first reference */
            p->skip--;
        } else if (!p->ix.refs_seen || p->quiet) {
            /* no reference read yet: its text cannot depend on the targets */
            p->fn(t, p->ud);
            p->ntables++;
        } else {
            goto hold;
        }
        tb_free(t);
        return;
    hold:
        /* held: whether a reference in it reads right is known at the end */
        if (p->nheld == p->capheld) {
            p->capheld = p->capheld ? 2 * p->capheld : 16;
            p->held = xrealloc(p->held, (size_t)p->capheld * sizeof *p->held);
        }
        p->held[p->nheld++] = *t;
        memset(t, 0, sizeof *t);
        return;
    }
    tb_free(t);
}

static int plain_cell(const char *s, int n)
{
    if (n == 0)
        return 1;
    unsigned char c = (unsigned char)s[0];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
        return 0;
    /* what could start markup, an escape, a list or a literal, and NUL */
    static const unsigned char special[256] = {[0] = 1,    ['*'] = 1, ['`'] = 1, ['_'] = 1,
                                               ['|'] = 1,  ['['] = 1, ['\\'] = 1, [':'] = 1,
                                               ['<'] = 1,  ['.'] = 1, [')'] = 1};
    for (int k = 0; k < n; k++) {
        c = (unsigned char)s[k];
        if (c >= 0x80 || special[c])
            return 0;
    }
    return 1;
}

/* The astext() of lines parsed as a small document, whitespace collapsed. */
/* The astext() of a view read as a small document, whitespace collapsed. */
static char *view_text(P *p, const view *v)
{
    sbuf out = {0};
    sbuf *saved = p->text;
    p->text = &out;
    parse_body(p, v, 0);
    p->text = saved;
    out.n = out.p ? collapse_ws(out.p, out.n) : 0;
    return sb_take(&out);
}

/* The text of a cell's lines, into `out` (empty). */
static void cell_text_to(P *p, const src *file, mline *m, int n, sbuf *out)
{
    if (n == 0)
        return;
    if (n == 1 && plain_cell(m[0].s, m[0].len)) {
        sb_put_collapsed(out, m[0].s, (size_t)m[0].len);
        return;
    }
    lbase b = {.file = file, .m = m, .n = (size_t)n};
    view v = {.b = &b, .start = 0, .end = (size_t)n};
    sbuf *saved = p->text;
    p->text = out;
    parse_body(p, &v, 0);
    p->text = saved;
    out->n = out->p ? collapse_ws(out->p, out->n) : 0;
}

static char *cell_text(P *p, const src *file, mline *m, int n)
{
    sbuf o = {0};
    cell_text_to(p, file, m, n, &o);
    return sb_take(&o);
}

/* Cells of a parsed grid or simple table become rows of text. */
static void table_from_parsed(P *p, const view *v, size_t i, ptable *pt, int *col0, rtable *t)
{
    for (int r = 0; r < pt->nrows; r++) {
        strvec row = {0};
        int rline = 0;
        rpos *pos = xcalloc((size_t)(pt->rows[r].ncells > 0 ? pt->rows[r].ncells : 1), sizeof *pos);
        for (int k = 0; k < pt->rows[r].ncells; k++) {
            tcell *c = &pt->rows[r].cells[k];
            mline *m = xcalloc((size_t)(c->nlines > 0 ? c->nlines : 1), sizeof *m);
            for (int j = 0; j < c->nlines; j++) {
                int line, col;
                vpos(v, i + (size_t)c->line + (size_t)j, 0, &line, &col);
                m[j] = (mline){c->lines[j], c->lens[j], line, col - 1 + col0[c->line + j] + c->col};
            }
            int line, col;
            vpos(v, i + (size_t)c->line, 0, &line, &col);
            if (k == 0)
                rline = line;
            /* the cell's first character, else its top left corner */
            pos[k] = (rpos){line, col + col0[c->line] + c->col};
            for (int j = 0; j < c->nlines; j++) {
                int sp = indent_of(m[j].s, m[j].len);
                if (sp < m[j].len) {
                    pos[k] = (rpos){m[j].line, m[j].col + sp + 1};
                    break;
                }
            }
            sv_push(&row, cell_text(p, v->b->file, m, c->nlines));
            free(m);
        }
        tb_row(t, row, rline, pos);
    }
    t->nhead = pt->nhead;
    t->ncols = pt->ncols;
}

/* The cells a parsed grid or simple table holds (a spanning cell once). */
static size_t ptable_cells(const ptable *pt)
{
    size_t n = 0;
    for (int r = 0; r < pt->nrows; r++)
        n += (size_t)pt->rows[r].ncells;
    return n;
}

static void ublock_free(uline *u, int n)
{
    for (int k = 0; k < n; k++)
        uline_free(&u[k]);
    free(u);
}

/* Whether line i of v is a grid table border (the pattern is ASCII: bytes will do). */
static int border_at(const view *v, size_t i)
{
    int len;
    const char *s = vl(v, i, &len);
    return is_grid_border(s, len);
}

/* isolate_grid_table() and the grid parse.  Returns the line after the table; *ok says
 * whether `t` holds a table (only computed when wanted()). */
static size_t grid_table(P *p, const view *v, size_t i, rtable *t, int *ok)
{
    size_t e = i;
    *ok = 0;
    while (vhas(v, e)) {
        int len;
        const char *s = vl(v, e, &len);
        if (len == 0 || (e > i && s[0] == ' '))
            break;
        e++;
    }
    int cnt = (int)(e - i);
    uline *u = xcalloc((size_t)cnt, sizeof *u);
    int *lead = xcalloc((size_t)cnt, sizeof *lead);
    for (int k = 0; k < cnt; k++) {
        int len;
        const char *s = vl(v, i + (size_t)k, &len);
        uline_from_utf8(&u[k], s, (size_t)len);
        int a = 0, b = u[k].n;
        while (a < b && py_isspace(u[k].c[a]))
            a++;
        while (b > a && py_isspace(u[k].c[b - 1]))
            b--;
        memmove(u[k].c, u[k].c + a, (size_t)(b - a) * sizeof *u[k].c);
        u[k].n = b - a;
        lead[k] = a;
    }
    int total = cnt;
    int width = u[0].n;
    for (int k = 0; k < cnt; k++)
        if (u[k].n == 0 || (u[k].c[0] != '+' && u[k].c[0] != '|')) {
            cnt = k;
            break;
        }
    size_t next = i + (size_t)cnt;
    int good = 1;
    if (!border_at(v, i + (size_t)cnt - 1)) {
        int k;
        for (k = cnt - 2; k >= 2; k--)
            if (border_at(v, i + (size_t)k))
                break;
        if (k >= 2) {
            cnt = k + 1;
            /* docutils backs up two lines too far here (isolate_grid_table's
             * previous_line(len(block) - i + 1)): the line before the bottom border and
             * the border are read again after the table */
            next = i + (size_t)k - 1;
        } else {
            if (speaks(p))
                REPORT(p, v, i + (size_t)cnt - 1, 0, DIAG_ERROR,
                       "grid table has no bottom border: it needs a closing '+---+' line "
                       "(docutils reads no table)");
            good = 0;
        }
    }
    for (int k = 0; good && k < cnt; k++) {
        uint32_t last = u[k].n ? u[k].c[u[k].n - 1] : 0;
        if (u[k].n != width || (last != '+' && last != '|')) {
            if (speaks(p)) {
                if (u[k].n != width)
                    REPORT(p, v, i + (size_t)k, (u[k].n < width ? u[k].n : width) + lead[k],
                           DIAG_ERROR,
                           "ragged right edge: this grid table line is %d columns wide, "
                           "the top border %d (docutils reads no table)",
                           u[k].n, width);
                else
                    REPORT(p, v, i + (size_t)k, u[k].n - 1 + lead[k], DIAG_ERROR,
                           "grid table line must end with '|' or '+' (docutils reads no table)");
            }
            good = 0;
        }
    }
    if (good && wanted(p)) {
        ptable pt;
        if (grid_parse(u, cnt, &pt) == 0) {
            if (!too_many_cells(p, v, i, "grid table", ptable_cells(&pt))) {
                table_from_parsed(p, v, i, &pt, lead, t);
                *ok = 1;
            }
        } else if (speaks(p)) {
            int line = pt.err_line < cnt ? pt.err_line : cnt - 1;
            REPORT(p, v, i + (size_t)(line < 0 ? 0 : line),
                   (pt.err_col < 0 ? 0 : pt.err_col) + lead[line < 0 ? 0 : line], DIAG_ERROR,
                   "%s (docutils reads no table)", pt.msg);
        }
        ptable_free(&pt);
    }
    free(lead);
    ublock_free(u, total);
    return next;
}

/* isolate_simple_table() and the simple parse. */
static size_t simple_table(P *p, const view *v, size_t i, rtable *t, int *ok)
{
    *ok = 0;
    int len;
    const char *s = vl(v, i, &len);
    int toplen = (int)u8_count(s, (size_t)rstrip_len(s, len));
    int found = 0;
    size_t found_at = 0, k, end = 0;
    int complete = 0;
    const char *why = NULL;
    char whybuf[120];
    for (k = i + 1; vhas(v, k); k++) {
        s = vl(v, k, &len);
        if (len && s[0] == '=') {
            int b = 1;
            for (int q = 1; q < len; q++)
                if (s[q] != '=' && s[q] != ' ')
                    b = 0;
            if (!b)
                continue;
            int bl = (int)u8_count(s, (size_t)rstrip_len(s, len));
            if (bl != toplen) {
                snprintf(whybuf, sizeof whybuf,
                         "this simple table border is %d characters long, the top border %d",
                         bl, toplen);
                why = whybuf;
                end = k;
                break;
            }
            found++;
            found_at = k;
            if (found == 2 || !vhas(v, k + 1) || vblank(v, k + 1)) {
                end = k;
                complete = 1;
                break;
            }
        }
    }
    if (!complete && !why) {
        if (found) {
            why = "simple table has no bottom border, or no blank line after its bottom border";
            end = found_at;
        } else {
            why = "simple table has no bottom border";
            end = k - 1; /* the last line */
        }
    }
    if (!complete) {
        if (speaks(p))
            REPORT(p, v, end, 0, DIAG_ERROR, "%s (docutils reads no table)", why);
        return end + 1;
    }
    if (!wanted(p))
        return end + 1;
    int cnt = (int)(end - i + 1);
    uline *u = xcalloc((size_t)cnt, sizeof *u);
    int *lead = xcalloc((size_t)cnt, sizeof *lead);
    for (int q = 0; q < cnt; q++) {
        s = vl(v, i + (size_t)q, &len);
        uline_from_utf8(&u[q], s, (size_t)len);
    }
    ptable pt;
    if (simple_parse(u, cnt, &pt) == 0) {
        if (!too_many_cells(p, v, i, "simple table", ptable_cells(&pt))) {
            table_from_parsed(p, v, i, &pt, lead, t);
            *ok = 1;
        }
    } else if (speaks(p)) {
        REPORT(p, v, i + (size_t)pt.err_line, pt.err_col < 0 ? 0 : pt.err_col, DIAG_ERROR,
               "%s (docutils reads no table)", pt.msg);
    }
    ptable_free(&pt);
    free(lead);
    ublock_free(u, cnt);
    return end + 1;
}

static size_t table_element(P *p, const view *v, size_t i, table_kind kind)
{
    rtable t;
    int line, col, ok;
    vpos(v, i, 0, &line, &col);
    tb_init(&t, p, kind, line);
    size_t next = kind == TABLE_GRID ? grid_table(p, v, i, &t, &ok) : simple_table(p, v, i, &t, &ok);
    if (ok)
        tb_emit(p, &t);
    else
        tb_free(&t);
    return next;
}

/* ---- directives ---- */

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
        join_lines(blk, ai, os, 0, &t);
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
        size_t next = get_indented(blk, k, 0, -1, (int)u8_count(s, me), &body);
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
        join_lines(&bv, 0, vn(&bv), 0, &val);
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
    return args ? inline_text(p, args, strlen(args)) : xstrdup("");
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
    cell_text_to(p, file, m, k, out);
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
    const char *path = p->doc->path;
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
                   relc.p, dir.p);
        rc = -1;
    } else if (fd == -1 && err == ENOENT) {
        if (rep)
            REPORT(p, blk, o->line, 0, DIAG_ERROR, "csv-table :file: \"%s\" not found (looked for %s)",
                   relc.p, full.p);
        rc = -1;
    } else if (fd < 0) {
        if (rep && fd == -1)
            REPORT(p, blk, o->line, 0, DIAG_ERROR, "csv-table :file: \"%s\" cannot be opened: %s",
                   relc.p, strerror(err));
        else if (rep)
            src_report_open(p->d, full.p, fd, err); /* a folder, a FIFO: at the file */
        rc = -1;
    } else {
        reader_opts const *ro = p->o;
        if (src_load_fd(out, fd, full.p, ro->max_input ? ro->max_input : ATTRC_DEFAULT_MAX_INPUT,
                        p->d) != 0) {
            src_free(out); /* what src_load_fd set up before it failed */
            rc = -1;
        }
    }
    sb_free(&dir);
    sb_free(&full);
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
                        const int *fline, const int *fcol, int line, int col)
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
            cells[c] = store_text(st, x->cell.p, x->cell.n);
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
    csv_put_row(x, x->f, rec->n, rec->fields, rec->fline, rec->fcol, line, col);
    return 0;
}

static void csv_table(P *p, const view *blk, int dline, const view *dirv, size_t di)
{
    static const dspec sp = {0, 1, 1, 1, csv_opts};
    dparts d;
    int rep = speaks(p);
    if (directive_block(p, blk, "csv-table", &sp, &d) != 0) {
        dparts_free(&d);
        return;
    }
    int nwidths, header_rows = 0, stub = 0;
    csv_dialect dia = {',', '"', 0, 1, 1, 1};
    csv_dialect hdia = {',', '"', '\\', 0, 1, 1};
    const dopt *o;
    src file = {0};
    int have_file = 0;
    rtable t;
    csv_result head = {0};
    csvctx x = {0};
    tb_init(&t, p, TABLE_CSV, dline);
    if (common_options(p, blk, &d, "csv-table", 0, &nwidths) != 0)
        goto out;
    if ((o = dget(&d, "header-rows")) && opt_uint(p, blk, o, "csv-table", &header_rows))
        goto out;
    if ((o = dget(&d, "stub-columns")) && opt_uint(p, blk, o, "csv-table", &stub))
        goto out;
    if ((o = dget(&d, "delim")) && opt_char(p, blk, o, "csv-table", 1, &dia.delim))
        goto out;
    if ((o = dget(&d, "quote")) && opt_char(p, blk, o, "csv-table", 0, &dia.quote))
        goto out;
    if ((o = dget(&d, "escape"))) {
        if (opt_char(p, blk, o, "csv-table", 0, &dia.escape))
            goto out;
        dia.doublequote = 0;
    }
    if ((o = dget(&d, "keepspace"))) {
        if (o->value) {
            if (rep)
                REPORT(p, blk, o->line, 0, DIAG_ERROR,
                       "option \"keepspace\" of the csv-table directive takes no value");
            goto out;
        }
        dia.skipinitialspace = 0;
    }
    if ((o = dget(&d, "encoding")) && !encoding_supported(o->value ? o->value : "")) {
        if (rep)
            REPORT(p, blk, o->line, 0, DIAG_ERROR,
                   "encoding \"%s\" is not supported: attrc reads CSV files as UTF-8",
                   o->value ? o->value : "");
        goto out;
    }
    if ((o = dget(&d, "url"))) {
        if (rep)
            REPORT(p, blk, o->line, 0, DIAG_ERROR,
                   "csv-table :url: is refused: attrc never touches the network; save the CSV "
                   "beside the spec and use :file:");
        goto out;
    }
    /* docutils reads the title first, whatever happens to the data */
    t.title = (free(t.title), title_text(p, d.args));
    const dopt *fo = dget(&d, "file");
    if (fo && d.has_content) {
        if (rep)
            REPORT(p, blk, fo->line, 0, DIAG_ERROR,
                   "csv-table may not have both :file: and content");
        goto out;
    }
    if (!fo && !d.has_content) {
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
        dv = d.content;
        dfile = blk->b->file;
    }
    int nl = (int)vn(&dv);
    x.p = p;
    x.dv = &dv;
    x.limit = cell_limit(p);
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
        too_many_cells(p, dirv, di, "csv-table", (size_t)x.n * (size_t)x.maxf);
        goto out;
    }
    const dopt *ho = dget(&d, "header");
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
    if (too_many_cells(p, dirv, di, "csv-table", (size_t)total * (size_t)max_cols))
        goto out;
    if (check_dimensions(p, dirv, di, "csv-table", x.n, header_rows, stub, x.rowlen))
        goto out;
    if (nwidths > 0 && nwidths != max_cols) {
        if (rep)
            REPORT(p, blk, dget(&d, "widths")->line, 0, DIAG_ERROR,
                   ":widths: gives %d width(s) but the csv-table has %d column(s) (docutils "
                   "reads no table)",
                   nwidths, max_cols);
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
    for (int k = 0; k < header_rows && k < x.n; k++)
        if (x.rowlen[k] > hwidth)
            hwidth = x.rowlen[k];
    free(x.rowlen);
    x.rowlen = NULL;
    /* the rows: those of :header: (all placed at the option), then the data's, read
     * again */
    t.store = store_new((size_t)total, (size_t)max_cols);
    t.rows = xcalloc((size_t)total, sizeof *t.rows);
    t.row_line = xcalloc((size_t)total, sizeof *t.row_line);
    t.pos = xcalloc((size_t)total, sizeof *t.pos);
    t.nrows = total;
    t.nhead = head.n + header_rows < total ? head.n + header_rows : total;
    t.data_from = head.n;
    x.t = &t;
    x.ncols = max_cols;
    x.body_from = head.n + header_rows;
    x.hwidth = hwidth;
    x.has_header = nhead_opt + header_rows > 0;
    x.rep = rep;
    for (int r = 0; r < head.n; r++) {
        int line, col;
        vpos(blk, ho->line, 0, &line, &col);
        csv_put_row(&x, blk->b->file, head.recs[r].fields.n,
                    (const char *const *)head.recs[r].fields.v, NULL, NULL, line, col);
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
    dparts_free(&d);
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
        int col = bullet_at(s, len, &b);
        if (!col || (count && b != first)) {
            *bad = i;
            free(*items);
            *items = NULL;
            return -1;
        }
        first = b;
        *items = xgrow(*items, (size_t)count, sizeof **items);
        i = list_item(v, i, col, &(*items)[count]);
        count++;
    }
    return count;
}

static const char *const list_opts[] = {"header-rows", "stub-columns", "width", "widths",
                                        "class",       "name",         "align", NULL};

static void list_table(P *p, const view *blk, int dline, const view *dirv, size_t di)
{
    static const dspec sp = {0, 1, 1, 1, list_opts};
    dparts d;
    int rep = speaks(p);
    if (directive_block(p, blk, "list-table", &sp, &d) != 0) {
        dparts_free(&d);
        return;
    }
    int nwidths, header_rows = 0, stub = 0;
    const dopt *o;
    view *rows = NULL;
    rtable t;
    tb_init(&t, p, TABLE_LIST, dline);
    int *rowlen = NULL;
    if (common_options(p, blk, &d, "list-table", 0, &nwidths) != 0)
        goto out;
    if ((o = dget(&d, "header-rows")) && opt_uint(p, blk, o, "list-table", &header_rows))
        goto out;
    if ((o = dget(&d, "stub-columns")) && opt_uint(p, blk, o, "list-table", &stub))
        goto out;
    if (!d.has_content) {
        if (rep)
            REPORT(p, dirv, di, 0, DIAG_ERROR, "empty list-table: it has no content");
        goto out;
    }
    t.title = (free(t.title), title_text(p, d.args)); /* docutils reads it first */
    size_t bad;
    int nrows;
    if (p->collect) {
        /* docutils parses the content first, so its targets are defined whatever comes
         * next; its anonymous references count only if the table is built */
        int anon = p->ix.anon_refs;
        parse_body(p, &d.content, 0);
        int ok = (nrows = bullet_items(&d.content, &rows, &bad)) > 0;
        rowlen = xcalloc((size_t)(nrows > 0 ? nrows : 1), sizeof *rowlen);
        size_t ncells = 0;
        for (int r = 0; ok && r < nrows; r++) {
            view *cells = NULL;
            rowlen[r] = bullet_items(&rows[r], &cells, &bad);
            free(cells);
            ncells += (size_t)(rowlen[r] > 0 ? rowlen[r] : 0);
            ok = rowlen[r] > 0 && rowlen[r] == rowlen[0] && ncells <= cell_limit(p);
        }
        ok = ok && !(nwidths > 0 && nwidths != rowlen[0]) &&
             !check_dimensions(p, dirv, di, "list-table", nrows, header_rows, stub, rowlen);
        if (!ok)
            p->ix.anon_refs = anon;
        goto out;
    }
    if (!wanted(p))
        goto out;
    nrows = bullet_items(&d.content, &rows, &bad);
    if (nrows <= 0) {
        if (rep) {
            if (nrows == 0)
                REPORT(p, dirv, di, 0, DIAG_ERROR, "empty list-table: it has no rows");
            else
                REPORT(p, &d.content, bad, 0, DIAG_ERROR,
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
        if (too_many_cells(p, dirv, di, "list-table", ncells)) {
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
    if (!failed && nwidths > 0 && nwidths != rowlen[0]) {
        if (rep)
            REPORT(p, blk, dget(&d, "widths")->line, 0, DIAG_ERROR,
                   ":widths: gives %d width(s) but the list-table has %d column(s) (docutils "
                   "reads no table)",
                   nwidths, rowlen[0]);
        failed = 1;
    }
    if (!failed && check_dimensions(p, dirv, di, "list-table", nrows, header_rows, stub, rowlen))
        failed = 1;
    if (!failed) {
        for (int r = 0; r < nrows; r++) {
            strvec row = {0};
            rpos *pos = xcalloc((size_t)(rowlen[r] > 0 ? rowlen[r] : 1), sizeof *pos);
            for (int c = 0; c < rowlen[r]; c++) {
                sv_push(&row, view_text(p, &cells[r][c]));
                vpos(&cells[r][c], 0, 0, &pos[c].line, &pos[c].col);
            }
            int line, col;
            vpos(&rows[r], 0, 0, &line, &col);
            tb_row(&t, row, line, pos);
        }
        t.nhead = header_rows;
        tb_emit(p, &t);
    }
    for (int r = 0; r < nrows; r++)
        free(cells[r]);
    free(cells);
out:
    tb_free(&t);
    free(rowlen);
    free(rows);
    dparts_free(&d);
}

static const char *const table_opts[] = {"class", "name", "align", "width", "widths", NULL};

/* The table directive: a title for exactly one grid or simple table. */
static void table_directive(P *p, const view *blk, int dline, const view *dirv, size_t di)
{
    static const dspec sp = {0, 1, 1, 1, table_opts};
    dparts d;
    int rep = speaks(p);
    if (directive_block(p, blk, "table", &sp, &d) != 0) {
        dparts_free(&d);
        return;
    }
    int nwidths;
    if (common_options(p, blk, &d, "table", 1, &nwidths) != 0 || !d.has_content) {
        if (!d.has_content && rep)
            REPORT(p, dirv, di, 0, DIAG_WARNING, "table directive without content");
        dparts_free(&d);
        return;
    }
    const view *c = &d.content;
    char *title = title_text(p, d.args); /* docutils reads it before the content */
    if (p->collect) {
        /* docutils parses the content first, so its targets are defined whatever comes
         * next; its anonymous references count only if it is one table */
        int anon = p->ix.anon_refs;
        parse_body(p, c, 0);
        size_t k = 0, n = vn(c);
        while (k < n && vblank(c, k))
            k++;
        int len, ok = 0;
        const char *s0 = k < n ? vl(c, k, &len) : NULL;
        if (s0 && (is_grid_border(s0, len) || is_simple_top(s0, len))) {
            rtable t;
            tb_init(&t, p, TABLE_GRID, dline);
            /* the table's extent and validity only: nothing collected twice */
            sbuf *saved = p->text;
            int quiet = p->quiet, tok;
            p->text = NULL;
            p->quiet = 1;
            p->collect = p->ix.collect = 0;
            size_t next = is_grid_border(s0, len) ? grid_table(p, c, k, &t, &tok)
                                                  : simple_table(p, c, k, &t, &tok);
            p->collect = p->ix.collect = 1;
            p->quiet = quiet;
            p->text = saved;
            tb_free(&t);
            while (next < n && vblank(c, next))
                next++;
            ok = tok && next >= n;
        }
        if (!ok)
            p->ix.anon_refs = anon;
        free(title);
        dparts_free(&d);
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
        dparts_free(&d);
        return;
    }
    rtable t;
    int ok;
    tb_init(&t, p, grid ? TABLE_GRID : TABLE_SIMPLE, dline);
    size_t next = grid ? grid_table(p, c, i, &t, &ok) : simple_table(p, c, i, &t, &ok);
    while (next < n && vblank(c, next))
        next++;
    if (ok && next < n) {
        if (rep)
            REPORT(p, c, next, 0, DIAG_ERROR,
                   "the table directive must contain exactly one table; this follows it "
                   "(docutils reads no table)");
        ok = 0;
    }
    if (ok && nwidths > 0 && nwidths != t.ncols) {
        if (rep)
            REPORT(p, blk, dget(&d, "widths")->line, 0, DIAG_ERROR,
                   ":widths: gives %d width(s) but the table has %d column(s) (docutils reads "
                   "no table)",
                   nwidths, t.ncols);
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
    dparts_free(&d);
}

/* Directives whose content docutils parses as body elements, and those whose content
 * is text; every other directive's content is skipped whole. */
enum { D_SKIP, D_BODY, D_TITLED, D_ARGS, D_LITERAL, D_RUBRIC };

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
             {"figure", D_ARGS},    {"code", D_LITERAL},       {"parsed-literal", D_LITERAL},
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
            put_inline(p, d.args, strlen(d.args));
        if (d.has_content) {
            if (kind == D_LITERAL)
                put_lines(p, &d.content, 0, vn(&d.content), 0, 0);
            else
                parse_body(p, &d.content, 0);
        }
    }
    dparts_free(&d);
}

/* ".. name::" */
static size_t directive(P *p, const view *v, size_t i, const char *s, int ns, int nl, int after,
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
    size_t end = get_indented(v, i, 0, -1, (int)u8_count(s, (size_t)after), &blk);
    int line, col;
    vpos(v, i, 0, &line, &col);
    if (strcmp(name, "csv-table") == 0)
        csv_table(p, &blk, line, v, i);
    else if (strcmp(name, "list-table") == 0)
        list_table(p, &blk, line, v, i);
    else if (strcmp(name, "table") == 0)
        table_directive(p, &blk, line, v, i);
    else if (wanted(p)) {
        int kind = directive_kind(name);
        /* docutils refuses topics and sidebars inside body elements (and each other) */
        if (!titles && (strcmp(name, "topic") == 0 || strcmp(name, "sidebar") == 0))
            kind = D_SKIP;
        if (kind != D_SKIP)
            body_directive(p, &blk, name, kind);
    }
    return end;
}

/* A substitution definition "|name| directive:: data" (s starts at "|"; blk is the
 * construct's block): its name, and in text the text docutils gives it (a replace::
 * paragraph's text; empty for other directives).  Returns 0 when it defines nothing. */
static int subst_def(P *p, const view *blk, const char *s, int n, const char **name, size_t *nn,
                     sbuf *text)
{
    int e = 1;
    while (e < n && s[e] != '|')
        e++;
    if (e >= n)
        return 0;
    *name = s + 1;
    *nn = (size_t)(e - 1);
    int k = e + 1;
    while (k < n && s[k] == ' ')
        k++;
    if (!(n - k >= 9 && strncmp(s + k, "replace::", 9) == 0))
        return 1;
    /* the replacement must be one paragraph, or docutils defines nothing */
    size_t b = vn(blk);
    while (b > 1 && vblank(blk, b - 1))
        b--;
    for (size_t q = 1; q < b; q++)
        if (vblank(blk, q))
            return 0;
    sbuf raw = {0};
    sb_put(&raw, s + k + 9, (size_t)(n - k - 9));
    for (size_t q = 1; q < b; q++) {
        int len;
        const char *l = vl(blk, q, &len);
        sb_putc(&raw, '\n');
        sb_put(&raw, l, (size_t)len);
    }
    sbuf t = {0};
    inline_astext(&t, raw.p, raw.n, &p->ix);
    sb_put_collapsed(text, t.p ? t.p : "", t.n);
    sb_free(&t);
    sb_free(&raw);
    return 1;
}

/* Records what an explicit target or substitution definition defines (pre-pass).
 * s starts at "_" or "|"; blk is the construct's block. */
static void note_target(P *p, const view *blk, const char *s, int n)
{
    if (s[0] == '_') {
        if (n >= 3 && s[1] == '_' && s[2] == ':') { /* .. __: anonymous */
            p->ix.anon_refs--; /* balanced against references: see read_tables */
            return;
        }
        int a = 1, e;
        if (a < n && s[a] == '`') {
            for (e = a + 1; e < n && s[e] != '`'; e++)
                ;
            if (e < n)
                refset_add(p->ix.refs, REF_NAME, s + a + 1, (size_t)(e - a - 1), NULL);
            return;
        }
        for (e = a; e < n; e++) {
            if (s[e] == '\\') {
                e++;
                continue;
            }
            if (s[e] == ':' && (e + 1 == n || s[e + 1] == ' '))
                break;
        }
        int ne = e;
        while (ne > a && s[ne - 1] == ' ')
            ne--;
        if (e < n) {
            /* the URI: the rest of the first line, then the block's other lines */
            sbuf uri = {0};
            for (int q = e + 1; q < n; q++)
                if (s[q] != ' ')
                    sb_putc(&uri, s[q]);
            for (size_t q = 1; q < vn(blk); q++) {
                int len;
                const char *l = vl(blk, q, &len);
                for (int c = 0; c < len; c++)
                    if (l[c] != ' ')
                        sb_putc(&uri, l[c]);
            }
            refset_add(p->ix.refs, REF_NAME, s + a, (size_t)(ne - a), uri.p ? uri.p : "");
            sb_free(&uri);
        }
        return;
    }
    /* |name| directive:: data */
    const char *name;
    size_t nn;
    sbuf text = {0};
    if (subst_def(p, blk, s, n, &name, &nn, &text))
        refset_add(p->ix.refs, REF_SUBST, name, nn, text.p ? text.p : "");
    sb_free(&text);
}

/* Body.explicit_markup: footnotes, citations, targets, substitutions, directives and
 * comments. */
static size_t explicit_markup(P *p, const view *v, size_t i, int titles)
{
    int len;
    const char *s = vl(v, i, &len);
    int k = 2;
    while (k < len && s[k] == ' ')
        k++;
    view blk;
    if (k > 2 && k < len && s[k] == '[') {
        int q = k + 1, ls = q;
        if (q < len && s[q] >= '0' && s[q] <= '9')
            while (q < len && s[q] >= '0' && s[q] <= '9')
                q++;
        else if (q < len && s[q] == '#')
            q += 1 + (int)simplename_len(s + q + 1, (size_t)(len - q - 1));
        else if (q < len && s[q] == '*')
            q++;
        else
            q += (int)simplename_len(s + q, (size_t)(len - q));
        if (q > ls && q < len && s[q] == ']' && (q + 1 == len || s[q + 1] == ' ')) {
            int after = q + 1;
            while (after < len && s[after] == ' ')
                after++;
            size_t end = get_indented(v, i, 0, -1, (int)u8_count(s, (size_t)after), &blk);
            if (p->collect && !(s[ls] == '#' || s[ls] == '*'))
                refset_add(p->ix.refs, s[ls] >= '0' && s[ls] <= '9' ? REF_FOOTNOTE : REF_CITATION,
                           s + ls, (size_t)(q - ls), NULL);
            if (p->text && !(s[ls] == '#' || s[ls] == '*'))
                put_raw(p, s + ls, (size_t)(q - ls));
            if (wanted(p))
                parse_body(p, &blk, 0);
            return end;
        }
    }
    if (k > 2 && k < len && (s[k] == '_' || s[k] == '|') && k + 1 < len && s[k + 1] != ' ') {
        /* hyperlink target or substitution definition: no table, no text we show */
        size_t end = get_indented(v, i, s[k] == '_', -1, (int)u8_count(s, (size_t)k), &blk);
        if (p->collect) {
            note_target(p, &blk, s + k, len - k);
        } else if (p->text && s[k] == '|') { /* a definition in a cell shows its text */
            const char *name;
            size_t nn;
            sbuf text = {0};
            if (subst_def(p, &blk, s + k, len - k, &name, &nn, &text) && text.n)
                put_raw(p, text.p, text.n);
            sb_free(&text);
        }
        return end;
    }
    if (k > 2) {
        size_t nl = simplename_len(s + k, (size_t)(len - k));
        int q = k + (int)nl;
        if (nl && q < len && s[q] == ' ')
            q++;
        if (nl && q + 1 < len && s[q] == ':' && s[q + 1] == ':' &&
            (q + 2 == len || s[q + 2] == ' ')) {
            int after = q + 2;
            while (after < len && s[after] == ' ')
                after++;
            return directive(p, v, i, s, k, (int)nl, after, titles);
        }
    }
    /* a comment */
    if (k >= len && (!vhas(v, i + 1) || vblank(v, i + 1)))
        return i + 1;
    size_t end = get_indented(v, i, 0, -1, (int)u8_count(s, (size_t)k), &blk);
    if (p->text) {
        size_t b = vn(&blk);
        while (b > 0 && vblank(&blk, b - 1))
            b--;
        size_t a = 0;
        while (a < b && vblank(&blk, a))
            a++;
        put_lines(p, &blk, a, b, 0, 0);
    }
    return end;
}

/* Body.line_block: "| " lines, continuation lines indented. */
static size_t line_block(P *p, const view *v, size_t i)
{
    while (vhas(v, i)) {
        int len;
        const char *s = vl(v, i, &len);
        if (!len || s[0] != '|' || (len > 1 && s[1] != ' '))
            break;
        int k = 1;
        while (k < len && s[k] == ' ')
            k++;
        view lb;
        size_t end = get_indented(v, i, 1, -1, k, &lb);
        put_lines(p, &lb, 0, vn(&lb), 0, 1);
        i = end;
    }
    return i;
}

/* ---- the body loop ---- */

static void parse_body(P *p, const view *v, int titles)
{
    if (p->depth >= MAX_DEPTH) {
        if (!p->deep_warned) {
            REPORT(p, v, 0, 0, DIAG_WARNING,
                   "blocks nested more than %d deep; attrc reads nothing deeper", MAX_DEPTH);
            p->deep_warned = 1;
        }
        return;
    }
    p->depth++;
    size_t i = 0;
    while (!p->d->stopped && vhas(v, i)) {
        if (v->end == OPEN) /* the document itself: what is before i is read */
            src_release(v->b->doc, v->start + i);
        int len;
        const char *s = vl(v, i, &len);
        if (len == 0) {
            i++;
            continue;
        }
        if (s[0] == ' ') { /* block quote */
            view q;
            size_t end = get_indented(v, i, 0, -1, -1, &q);
            if (wanted(p))
                parse_body(p, &q, 0);
            i = end;
            continue;
        }
        unsigned char c = (unsigned char)s[0];
        uint32_t b;
        int col;
        if ((col = bullet_at(s, len, &b))) {
            i = list_element(p, v, i, col);
            continue;
        }
        enumr e;
        if (((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
             c == '#' || c == '(') &&
            enum_at(s, len, &e) && enum_is_item(v, i, &e)) {
            i = list_element(p, v, i, e.end);
            continue;
        }
        size_t n1, n2, fm;
        if (c == ':' && (fm = field_marker(s, (size_t)len, &n1, &n2))) {
            if (p->text)
                put_inline(p, s + n1, n2 - n1);
            i = list_element(p, v, i, (int)u8_count(s, fm));
            continue;
        }
        if (c == '>' && len >= 3 && s[1] == '>' && s[2] == '>' && (len == 3 || s[3] == ' ')) {
            size_t e2 = i;
            while (vhas(v, e2) && !vblank(v, e2))
                e2++;
            put_lines(p, v, i, e2, 0, 0);
            i = e2;
            continue;
        }
        if (c == '|' && (len == 1 || s[1] == ' ')) {
            i = line_block(p, v, i);
            continue;
        }
        if (c == '+' && len >= 5 && is_grid_border(s, len)) {
            i = table_element(p, v, i, TABLE_GRID);
            continue;
        }
        if (c == '=' && is_simple_top(s, len)) {
            i = table_element(p, v, i, TABLE_SIMPLE);
            continue;
        }
        if (c == '.' && len >= 2 && s[1] == '.' && (len == 2 || s[2] == ' ')) {
            i = explicit_markup(p, v, i, titles);
            continue;
        }
        if (c == '_' && len >= 2 && s[1] == '_' && (len == 2 || s[2] == ' ')) {
            view blk;
            int k = 2;
            while (k < len && s[k] == ' ')
                k++;
            i = get_indented(v, i, 1, -1, k, &blk);
            if (p->collect)
                p->ix.anon_refs--;
            continue;
        }
        if (is_adornment(s, len)) {
            i = adornment_line(p, v, i, titles);
            continue;
        }
        i = text_element(p, v, i, titles);
    }
    p->depth--;
}

static void drop_held(P *p)
{
    for (int k = 0; k < p->nheld; k++)
        tb_free(&p->held[k]);
    p->nheld = 0;
}

static void reset_pass(P *p)
{
    p->nsty = p->level = p->active = 0;
    p->depth = p->deep_warned = 0;
    lead_clear(p);
    for (int k = 0; k < MAX_STYLES; k++)
        lead_free(&p->titles[k]);
}

int read_tables(src *s, const reader_opts *o, diag *d, rtable_fn fn, void *ud)
{
    P p = {.d = d, .o = o, .doc = s, .fn = fn, .ud = ud};
    if (o->section) {
        sbuf w = {0};
        sb_put_collapsed(&w, o->section, strlen(o->section));
        p.want = sb_take(&w);
    }
    lbase b = {.file = s, .doc = s};
    view v = {.b = &b, .start = 0, .end = OPEN};
    /* Tables are given out as they are read until one holds a reference; from there on
     * they are held, since a reference reads as docutils resolves it against the whole
     * document. */
    parse_body(&p, &v, 1);
    if (p.nheld && s->ref_syntax && src_rewind(s) == 0) {
        /* collect the targets, then read again and give out the held tables anew */
        drop_held(&p);
        p.ix.refs = refset_new();
        p.ix.collect = 1;
        p.collect = 1;
        sbuf sink = {0};
        p.text = &sink;
        reset_pass(&p);
        parse_body(&p, &v, 1);
        sb_free(&sink);
        /* anon_refs counted references up and anonymous targets down */
        p.ix.anon_ok = p.ix.anon_refs == 0;
        p.ix.collect = 0;
        p.collect = 0;
        p.text = NULL;
        p.quiet = 1;
        p.skip = p.ntables;
        reset_pass(&p);
        if (src_rewind(s) == 0)
            parse_body(&p, &v, 1);
    }
    for (int k = 0; k < p.nheld; k++) {
        fn(&p.held[k], ud);
        p.ntables++;
    }
    drop_held(&p);
    free(p.held);
    reset_pass(&p);
    refset_free(p.ix.refs);
    free(p.want);
    return p.ntables;
}
