/* The reStructuredText block reader.  It follows docutils.parsers.rst.states (0.19)
 * closely enough that every table docutils sees is seen here, with the same extent and
 * the same cell text: sections and their levels, paragraphs and literal blocks ("::"),
 * block quotes, bullet, enumerated, definition and field lists, line blocks, doctest
 * blocks, comments, targets, footnotes, and grid and simple tables.  The directives
 * (csv-table, list-table, table, and those whose content is body text) are in
 * directives.c, which shares this file's state and views through directives.h.
 *
 * The same reader computes cell text: a cell's lines are parsed as a small document in
 * "text mode", where every element appends what docutils' astext() gives for it.
 *
 * Lines are reached through views: a range of lines of a base (the document, or lines
 * cut out of a table or a CSV field) with a number of characters stripped from the first
 * line and from the others.  Nested blocks are views of views, so nesting costs nothing
 * and no line is copied. */
#include "reader.h"

#include "directives.h"
#include "inline.h"
#include "tables.h"

#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64 /* nested block quotes, lists and directives */

const char *table_kind_name(table_kind k)
{
    static const char *names[] = {"grid", "simple", "csv", "list"};
    return names[k];
}

/* ---- what comes before a table ---- */

#define LEAD_MAX_BYTES 1200 /* a longer paragraph is not read for names */

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

/* ---- text-mode output ---- */

static void put_raw(P *p, const char *s, size_t n)
{
    if (!p->text || p->collect)
        return;
    sb_putc(p->text, ' ');
    sb_put(p->text, s, n);
}

void rd_put_inline(P *p, const char *s, size_t n)
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
void rd_join_lines(const view *v, size_t a, size_t b, int cut, sbuf *out)
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

void rd_put_lines(P *p, const view *v, size_t a, size_t b, int cut, int markup)
{
    if (!p->text || a >= b)
        return;
    sbuf t = {0};
    rd_join_lines(v, a, b, cut, &t);
    if (markup)
        rd_put_inline(p, t.p, t.n);
    else
        put_raw(p, t.p, t.n);
    sb_free(&t);
}

/* ---- footnote numbers ---- */

/* docutils numbers footnotes, and the references to them, in document order over the
 * whole document, but the reading that gives the held tables out reads little outside
 * them.  So the reading that collects the targets notes, where each table, paragraph
 * and definition of the section starts, how many footnotes and references came before
 * it (where any did), and the last reading starts each from there.  Inside a table's
 * cells both readings read everything, in the same order, so they count alike from
 * where the table starts (and the cells of a csv-table row share one place). */
typedef struct notemark {
    int line, col; /* in the document; line 0: a free slot */
    notecount n;
} notemark;

static notemark *mark_slot(notemark *m, size_t cap, int line, int col)
{
    size_t h = ((size_t)(unsigned)line * 0x9E3779B1u) ^ ((size_t)(unsigned)col * 0x85EBCA6Bu);
    for (size_t i = h & (cap - 1);; i = (i + 1) & (cap - 1))
        if (!m[i].line || (m[i].line == line && m[i].col == col))
            return &m[i];
}

void rd_notes_at(P *p, const view *v, size_t i)
{
    if (!(p->collect || p->quiet) || p->incell || v->b->file != p->doc || !reporting(p))
        return;
    int line, col;
    vpos(v, i, 0, &line, &col);
    notecount *n = &p->ix.notes;
    if (!p->collect) {
        notemark *m = p->capmarks ? mark_slot(p->marks, p->capmarks, line, col) : NULL;
        *n = m && m->line ? m->n : (notecount){0, 0, 0, 0};
        return;
    }
    if (!(n->autodefs || n->autorefs || n->symdefs || n->symrefs))
        return; /* none yet: a place not noted reads as none */
    if (2 * (p->nmarks + 1) > p->capmarks) {
        size_t oc = p->capmarks;
        notemark *old = p->marks;
        p->capmarks = oc ? 2 * oc : 64;
        p->marks = xcalloc(p->capmarks, sizeof *p->marks);
        for (size_t k = 0; k < oc; k++)
            if (old[k].line)
                *mark_slot(p->marks, p->capmarks, old[k].line, old[k].col) = old[k];
        free(old);
    }
    notemark *m = mark_slot(p->marks, p->capmarks, line, col);
    if (!m->line) { /* the first reading of a place counts: read again, it is not new */
        *m = (notemark){line, col, *n};
        p->nmarks++;
    }
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
size_t rd_get_indented(const view *v, size_t start, int until_blank, int block_indent,
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
int rd_bullet_at(const char *s, int n, uint32_t *b)
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

void rd_parse_body(P *p, const view *v, int titles);
static size_t text_element(P *p, const view *v, size_t i, int titles);
static size_t explicit_markup(P *p, const view *v, size_t i, int titles);

/* ---- sections ---- */

/* The text of inline markup s[0..n), whitespace collapsed (titles, directive arguments). */
char *rd_inline_text(P *p, const char *s, size_t n)
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
    char *text = rd_inline_text(p, title, tn);
    if (p->o->title && !*p->o->title && !p->collect)
        *p->o->title = xstrdup(text);
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
    size_t end = rd_get_indented(v, i, 0, -1, -1, &lb);
    size_t a = 0, b = vn(&lb);
    while (a < b && vblank(&lb, a))
        a++;
    while (b > a && vblank(&lb, b - 1))
        b--;
    if (a < b) {
        rd_put_lines(p, &lb, a, b, 0, 0);
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
    rd_put_lines(p, v, k, e, 0, 0);
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
    rd_join_lines(v, i, end, 0, &t);
    int line, col;
    vpos(v, i, 0, &line, &col);
    lead_add(p, kind, rd_inline_text(p, t.p ? t.p : "", t.n), line, col);
    sb_free(&t);
}

static size_t paragraph(P *p, const view *v, size_t i, size_t end)
{
    rd_notes_at(p, v, i);
    if (!p->text) { /* only the literal block that may follow matters, and the lead */
        if (leading(p))
            lead_block(p, LEAD_PARAGRAPH, v, i, end);
        return ends_with_colons(v, end) ? literal_block(p, v, end) : end;
    }
    sbuf t = {0};
    rd_join_lines(v, i, end, 0, &t);
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
        rd_put_inline(p, t.p, n);
    sb_free(&t);
    return literal ? literal_block(p, v, end) : end;
}

/* A definition list item: the term line, then its indented definition. */
static size_t definition(P *p, const view *v, size_t i)
{
    rd_notes_at(p, v, i);
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
        rd_put_inline(p, t.p ? t.p : "", t.n);
        sb_free(&t);
    } else if (leading(p)) {
        lead_block(p, LEAD_TERM, v, i, i + 1);
    }
    view dv;
    size_t end = rd_get_indented(v, i + 1, 0, -1, -1, &dv);
    if (wanted(p))
        rd_parse_body(p, &dv, 0);
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
size_t rd_list_item(const view *v, size_t i, int indent, view *item)
{
    int len;
    vl(v, i, &len);
    if (len > indent)
        return rd_get_indented(v, i, 0, indent, -1, item);
    return rd_get_indented(v, i, 0, -1, indent, item);
}

static size_t list_element(P *p, const view *v, size_t i, int indent)
{
    view item;
    size_t end = rd_list_item(v, i, indent, &item);
    if (wanted(p))
        rd_parse_body(p, &item, 0);
    return end;
}

/* ---- tables ---- */

/* The text blocks of a store (see rstore in directives.h). */
typedef struct sblk {
    struct sblk *next;
    size_t used, cap;
    char data[];
} sblk;

#define SBLK_MAX ((size_t)1 << 20)

char *rstore_text(rstore *st, const char *s, size_t n)
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
rstore *rstore_new(size_t rows, size_t cols)
{
    rstore *st = xcalloc(1, sizeof *st);
    size_t n = rows * cols;
    if (n == 0)
        n = 1;
    st->cells = xcalloc(n, sizeof *st->cells);
    st->pos = xcalloc(n, sizeof *st->pos);
    st->empty = rstore_text(st, "", 0);
    st->quoted_empty = rstore_text(st, "", 0);
    return st;
}

int rt_quoted_empty(const rtable *t, int r, int c)
{
    return t->store && r >= 0 && r < t->nrows && c >= 0 && c < t->rows[r].n &&
           t->rows[r].v[c] == t->store->quoted_empty;
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
size_t rd_cell_limit(const P *p)
{
    return p->o->max_cells ? p->o->max_cells : ATTRC_DEFAULT_MAX_CELLS;
}

/* Whether a table of `cells` cells is over the limit; if so, says so at line i of v
 * (where the table or its directive starts). */
int rd_too_many_cells(P *p, const view *v, size_t i, const char *kind, size_t cells)
{
    size_t limit = rd_cell_limit(p);
    if (cells <= limit)
        return 0;
    if (speaks(p))
        REPORT(p, v, i, 0, DIAG_ERROR,
               "%s has more than %zu cells (--max-table-cells); attrc reads no table this "
               "large (raise the limit, or 0 for none)",
               kind, limit);
    return 1;
}

void tb_init(rtable *t, P *p, table_kind kind, int line)
{
    memset(t, 0, sizeof *t);
    t->file = p->doc->path;
    t->kind = kind;
    t->line = line;
    t->title = xstrdup("");
}

/* Adds a row; `pos` (row.n places, taken over) says where each cell starts. */
void tb_row(rtable *t, strvec row, int line, rpos *pos)
{
    t->rows = xgrow(t->rows, (size_t)t->nrows, sizeof *t->rows);
    t->row_line = xgrow(t->row_line, (size_t)t->nrows, sizeof *t->row_line);
    t->pos = xgrow(t->pos, (size_t)t->nrows, sizeof *t->pos);
    t->rows[t->nrows] = row;
    t->row_line[t->nrows] = line;
    t->pos[t->nrows] = pos;
    t->nrows++;
}

void tb_free(rtable *t)
{
    if (t->store) {
        store_free(t->store);
    } else {
        for (int r = 0; r < t->nrows; r++) {
            sv_free(&t->rows[r]);
            free(t->pos[r]);
        }
    }
    if (t->span)
        free(t->span[0]);
    free(t->span);
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
void tb_emit(P *p, rtable *t)
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

/* The astext() of a view read as a small document (a cell), whitespace collapsed,
 * appended to `out` (empty). */
static void view_text_to(P *p, const view *v, sbuf *out)
{
    sbuf *saved = p->text;
    p->text = out;
    p->incell++;
    rd_parse_body(p, v, 0);
    p->incell--;
    p->text = saved;
    out->n = out->p ? collapse_ws(out->p, out->n) : 0;
}

char *rd_view_text(P *p, const view *v)
{
    sbuf out = {0};
    view_text_to(p, v, &out);
    return sb_take(&out);
}

/* The text of a cell's lines, into `out` (empty). */
void rd_cell_text_to(P *p, const src *file, mline *m, int n, sbuf *out)
{
    if (n == 0)
        return;
    if (n == 1 && plain_cell(m[0].s, m[0].len)) {
        sb_put_collapsed(out, m[0].s, (size_t)m[0].len);
        return;
    }
    lbase b = {.file = file, .m = m, .n = (size_t)n};
    view v = {.b = &b, .start = 0, .end = (size_t)n};
    view_text_to(p, &v, out);
}

static char *cell_text(P *p, const src *file, mline *m, int n)
{
    sbuf o = {0};
    rd_cell_text_to(p, file, m, n, &o);
    return sb_take(&o);
}

/* Cells of a parsed grid or simple table become rows of text. */
static void table_from_parsed(P *p, const view *v, size_t i, ptable *pt, int *col0, rtable *t)
{
    rspan *sp = NULL;
    if (pt->spans) {
        size_t n = 0;
        for (int r = 0; r < pt->nrows; r++)
            n += (size_t)pt->rows[r].ncells;
        sp = xmalloc((n ? n : 1) * sizeof *sp);
        t->span = xmalloc((size_t)(pt->nrows > 0 ? pt->nrows : 1) * sizeof *t->span);
        t->span[0] = sp;
    }
    for (int r = 0; r < pt->nrows; r++) {
        if (sp) {
            t->span[r] = sp;
            for (int k = 0; k < pt->rows[r].ncells; k++, sp++) {
                const tcell *c = &pt->rows[r].cells[k];
                *sp = (rspan){c->tcol, c->ncols, c->nrows};
            }
        }
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
size_t rd_grid_table(P *p, const view *v, size_t i, rtable *t, int *ok)
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
            if (!rd_too_many_cells(p, v, i, "grid table", ptable_cells(&pt))) {
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
size_t rd_simple_table(P *p, const view *v, size_t i, rtable *t, int *ok)
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
        if (!rd_too_many_cells(p, v, i, "simple table", ptable_cells(&pt))) {
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
    rd_notes_at(p, v, i);
    rtable t;
    int line, col, ok;
    vpos(v, i, 0, &line, &col);
    tb_init(&t, p, kind, line);
    size_t next = kind == TABLE_GRID ? rd_grid_table(p, v, i, &t, &ok)
                                     : rd_simple_table(p, v, i, &t, &ok);
    if (ok)
        tb_emit(p, &t);
    else
        tb_free(&t);
    return next;
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
    p->ix.subst_bad = 0;
    inline_astext(&t, raw.p, raw.n, &p->ix);
    sb_put_collapsed(text, t.p ? t.p : "", t.n);
    sb_free(&t);
    sb_free(&raw);
    return !p->ix.subst_bad; /* what it may not hold: docutils defines nothing */
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
            size_t end = rd_get_indented(v, i, 0, -1, (int)u8_count(s, (size_t)after), &blk);
            /* its label: as written, or the number or symbol docutils gives it */
            sbuf label = {0};
            inline_footnote(p->text && !p->collect ? &label : NULL, s + ls, (size_t)(q - ls),
                            &p->ix);
            if (label.n)
                put_raw(p, label.p, label.n);
            sb_free(&label);
            if (p->collect && s[ls] == '*' && p->ix.notes.symdefs == INLINE_MAX_SYMBOLS + 1) {
                int line, col;
                vpos(v, i, 0, &line, &col);
                diag_report(p->d, v->b->file, NULL, line, col, DIAG_WARNING,
                            "more than %d auto-symbol footnotes; attrc gives this one and the "
                            "ones after it no symbol, and references to them stay as written",
                            INLINE_MAX_SYMBOLS);
            }
            if (wanted(p))
                rd_parse_body(p, &blk, 0);
            return end;
        }
    }
    if (k > 2 && k < len && (s[k] == '_' || s[k] == '|') && k + 1 < len && s[k + 1] != ' ') {
        /* hyperlink target or substitution definition: no table, no text we show */
        size_t end = rd_get_indented(v, i, s[k] == '_', -1, (int)u8_count(s, (size_t)k), &blk);
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
            return rd_directive(p, v, i, s, k, (int)nl, after, titles);
        }
    }
    /* a comment */
    if (k >= len && (!vhas(v, i + 1) || vblank(v, i + 1)))
        return i + 1;
    size_t end = rd_get_indented(v, i, 0, -1, (int)u8_count(s, (size_t)k), &blk);
    if (p->text) {
        size_t b = vn(&blk);
        while (b > 0 && vblank(&blk, b - 1))
            b--;
        size_t a = 0;
        while (a < b && vblank(&blk, a))
            a++;
        rd_put_lines(p, &blk, a, b, 0, 0);
    }
    return end;
}

/* Body.line_block: "| " lines, continuation lines indented. */
static size_t line_block(P *p, const view *v, size_t i)
{
    size_t start = i;
    while (vhas(v, i)) {
        int len;
        const char *s = vl(v, i, &len);
        if (!len || s[0] != '|' || (len > 1 && s[1] != ' '))
            break;
        int k = 1;
        while (k < len && s[k] == ' ')
            k++;
        view lb;
        size_t end = rd_get_indented(v, i, 1, -1, k, &lb);
        rd_put_lines(p, &lb, 0, vn(&lb), 0, 1);
        i = end;
    }
    /* a lead as a paragraph is: "| **Method type**: GET" names an operation */
    if (!p->text && leading(p) && i > start)
        lead_block(p, LEAD_PARAGRAPH, v, start, i);
    return i;
}

/* ---- the body loop ---- */

void rd_parse_body(P *p, const view *v, int titles)
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
            size_t end = rd_get_indented(v, i, 0, -1, -1, &q);
            if (wanted(p))
                rd_parse_body(p, &q, 0);
            i = end;
            continue;
        }
        unsigned char c = (unsigned char)s[0];
        uint32_t b;
        int col;
        if ((col = rd_bullet_at(s, len, &b))) {
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
                rd_put_inline(p, s + n1, n2 - n1);
            i = list_element(p, v, i, (int)u8_count(s, fm));
            continue;
        }
        if (c == '>' && len >= 3 && s[1] == '>' && s[2] == '>' && (len == 3 || s[3] == ' ')) {
            size_t e2 = i;
            while (vhas(v, e2) && !vblank(v, e2))
                e2++;
            rd_put_lines(p, v, i, e2, 0, 0);
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
            i = rd_get_indented(v, i, 1, -1, k, &blk);
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
    p->ix.notes = (notecount){0, 0, 0, 0};
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
    /* Tables are given out as they are read until one holds a reference or a footnote;
     * from there on they are held, since a reference reads as docutils resolves it
     * against the whole document, and footnotes are numbered over the whole document. */
    rd_parse_body(&p, &v, 1);
    /* a footnote's number depends on the document too, and needs no reference syntax */
    int notes = p.ix.notes.autodefs || p.ix.notes.symdefs;
    if (p.nheld && (s->ref_syntax || notes) && src_rewind(s) == 0) {
        /* collect the targets and the footnotes, number the footnotes, then read again
         * and give out the held tables anew */
        drop_held(&p);
        p.ix.refs = refset_new();
        p.ix.collect = 1;
        p.collect = 1;
        sbuf sink = {0};
        p.text = &sink;
        reset_pass(&p);
        rd_parse_body(&p, &v, 1);
        sb_free(&sink);
        refset_number(p.ix.refs);
        /* anon_refs counted references up and anonymous targets down */
        p.ix.anon_ok = p.ix.anon_refs == 0;
        p.ix.collect = 0;
        p.collect = 0;
        p.text = NULL;
        p.quiet = 1;
        p.skip = p.ntables;
        reset_pass(&p);
        if (src_rewind(s) == 0)
            rd_parse_body(&p, &v, 1);
    }
    for (int k = 0; k < p.nheld; k++) {
        fn(&p.held[k], ud);
        p.ntables++;
    }
    drop_held(&p);
    free(p.held);
    reset_pass(&p);
    refset_free(p.ix.refs);
    free(p.marks);
    free(p.want);
    return p.ntables;
}
