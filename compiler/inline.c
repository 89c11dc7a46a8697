/* Inline markup recognition follows docutils.parsers.rst.states.Inliner (0.19): the same
 * start-string and end-string rules, tried in the same order at the leftmost position.
 * The input is first "escaped" as docutils does it: every backslash becomes a NUL byte
 * that marks the next character as escaped. */
#include "inline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Unicode punctuation that docutils lists among openers, closers and delimiters; the
 * ASCII members are tested separately below. */
static int uni_punct(uint32_t c)
{
    return c == 0xA1 || c == 0xA7 || c == 0xAB || c == 0xB6 || c == 0xB7 || c == 0xBB ||
           c == 0xBF || (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205E) ||
           (c >= 0x3001 && c <= 0x3003) || (c >= 0x3008 && c <= 0x3011) ||
           (c >= 0x3014 && c <= 0x301F) || (c >= 0xFE10 && c <= 0xFE19) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF01 && c <= 0xFF0F);
}

static int is_word(uint32_t c)
{
    if (c < 0x80)
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
               c == '_';
    return !py_isspace(c) && !uni_punct(c) && !cp_is_combining(c);
}

typedef struct {
    const char *s;
    size_t n;
} text;

static uint32_t cp_at(text t, size_t i)
{
    uint32_t c;
    if (i >= t.n)
        return 0;
    u8_decode(t.s + i, t.n - i, &c);
    return c;
}

static size_t next_i(text t, size_t i)
{
    uint32_t c;
    return i + (size_t)u8_decode(t.s + i, t.n - i, &c);
}

static uint32_t cp_before(text t, size_t i)
{
    if (i == 0)
        return 0;
    size_t j = i - 1;
    while (j > 0 && ((unsigned char)t.s[j] & 0xC0) == 0x80)
        j--;
    return cp_at(t, j);
}

/* start_string_prefix: start of text, whitespace, an opener or a delimiter before.
 * docutils goes on after each construct (and after each start-string it gave up on) with
 * the rest of the text as a new string, so `base`, where that rest begins, counts as the
 * start of text too. */
static int start_ok(text t, size_t i, size_t base)
{
    if (i == base)
        return 1;
    uint32_t c = cp_before(t, i);
    return py_isspace(c) || (c < 0x80 && strchr("'\"([{<-/:", (int)c) && c) || uni_punct(c);
}

/* end_string_suffix: end of text, whitespace, NUL, a closer or a delimiter after. */
static int end_ok(text t, size_t i)
{
    if (i >= t.n)
        return 1;
    uint32_t c = cp_at(t, i);
    return c == 0 || py_isspace(c) || (c < 0x80 && strchr("'\")]}>-/:\\.,;!?", (int)c)) ||
           uni_punct(c);
}

static int ws_at(text t, size_t i) { return i < t.n && py_isspace(cp_at(t, i)); }

/* Matching open/close pairs for the "quoted start-string" rule. */
static int match_chars(uint32_t a, uint32_t b)
{
    static const uint32_t pairs[][2] = {
        {'"', '"'},       {'\'', '\''},     {'(', ')'},       {'<', '>'},
        {'[', ']'},       {'{', '}'},       {0x2018, 0x2019}, {0x201C, 0x201D},
        {0xAB, 0xBB},     {0xBB, 0xAB},     {0x2039, 0x203A}, {0x201A, 0x2018},
        {0x201E, 0x201C}, {0x2019, 0x2019}, {0x201D, 0x201D}, {0x3008, 0x3009},
        {0x300C, 0x300D}, {0x300E, 0x300F}, {0xFF08, 0xFF09},
    };
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++)
        if (pairs[k][0] == a && pairs[k][1] == b)
            return 1;
    return 0;
}

static int quoted_start(text t, size_t start, size_t end, size_t base)
{
    if (start == base)
        return 0;
    if (end >= t.n)
        return 1;
    return match_chars(cp_before(t, start), cp_at(t, end));
}

size_t simplename_len(const char *s, size_t n)
{
    text t = {s, n};
    size_t i = 0, good = 0;
    for (;;) {
        size_t k = i;
        while (k < n) {
            uint32_t c = cp_at(t, k);
            if (c == '_' || !is_word(c))
                break;
            k = next_i(t, k);
        }
        if (k == i)
            return good;
        good = k;
        if (k < n && strchr("-._+:", s[k]) && s[k]) {
            i = k + 1;
            continue;
        }
        return good;
    }
}

static void unescape_put(sbuf *out, const char *s, size_t n, int restore)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != 0) {
            sb_putc(out, s[i]);
        } else if (restore) {
            sb_putc(out, '\\');
        } else if (i + 1 < n && (s[i + 1] == ' ' || s[i + 1] == '\n')) {
            i++;
        }
    }
}

/* ---- targets ---- */

typedef struct ref_entry {
    char *name; /* kind byte + normalised name */
    char *text; /* a substitution's text, a target's URI */
    int count;
    int conflict; /* defined twice, differently: docutils refuses to resolve it */
    size_t note;  /* a "[#name]" footnote of this name: its index in refset.defs + 1 */
} ref_entry;

/* An auto-numbered footnote, and a reference to one. */
typedef struct autodef {
    char *key;   /* "[#name]": the name's key (REF_NAME); NULL for "[#]" */
    char *label; /* its number, once numbered */
} autodef;

typedef struct autoref {
    char *key;        /* "[#name]_": the name's key (REF_NAME); NULL for "[#]_" */
    const char *text; /* once numbered: what it reads as; NULL: as written */
} autoref;

struct refset {
    ref_entry *e;
    size_t cap, n;
    autodef *defs; /* in document order */
    size_t ndefs;
    autoref *refs;
    size_t nrefs;
    size_t nsyms; /* auto-symbol footnotes */
};

refset *refset_new(void) { return xcalloc(1, sizeof(refset)); }

void refset_free(refset *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->cap; i++) {
        free(r->e[i].name);
        free(r->e[i].text);
    }
    for (size_t i = 0; i < r->ndefs; i++) {
        free(r->defs[i].key);
        free(r->defs[i].label);
    }
    for (size_t i = 0; i < r->nrefs; i++)
        free(r->refs[i].key);
    free(r->defs);
    free(r->refs);
    free(r->e);
    free(r);
}

static char *ref_key(ref_kind k, const char *name, size_t n)
{
    sbuf b = {0};
    sb_putc(&b, (char)('0' + (int)k));
    sbuf t = {0};
    unescape_put(&t, name, n, 0);
    sb_put_collapsed(&b, t.p ? t.p : "", t.n);
    sb_free(&t);
    for (size_t i = 1; i < b.n; i++)
        b.p[i] = ascii_lower(b.p[i]);
    return sb_take(&b);
}

static size_t ref_hash(const char *s)
{
    size_t h = 1469598103934665603ull & SIZE_MAX;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * (1099511628211ull & SIZE_MAX);
    return h;
}

static ref_entry *ref_slot(const refset *r, const char *key)
{
    if (!r || !r->cap)
        return NULL;
    for (size_t i = ref_hash(key) & (r->cap - 1);; i = (i + 1) & (r->cap - 1)) {
        if (!r->e[i].name || strcmp(r->e[i].name, key) == 0)
            return &r->e[i];
    }
}

void refset_add(refset *r, ref_kind k, const char *name, size_t n, const char *text)
{
    if (2 * (r->n + 1) > r->cap) {
        ref_entry *old = r->e;
        size_t oc = r->cap;
        r->cap = oc ? oc * 2 : 64;
        r->e = xcalloc(r->cap, sizeof *r->e);
        for (size_t i = 0; i < oc; i++)
            if (old[i].name)
                *ref_slot(r, old[i].name) = old[i];
        free(old);
    }
    char *key = ref_key(k, name, n);
    ref_entry *e = ref_slot(r, key);
    if (e->name) {
        free(key);
        e->count++;
        /* the same URI twice is harmless; anything else makes the name ambiguous */
        if (!(k == REF_NAME && text && *text && e->text && strcmp(text, e->text) == 0))
            e->conflict = 1;
        return;
    }
    e->name = key;
    e->text = text ? xstrdup(text) : NULL;
    e->count = 1;
    r->n++;
}

static const ref_entry *ref_get(const refset *r, ref_kind k, const char *name, size_t n)
{
    if (!r)
        return NULL;
    char *key = ref_key(k, name, n);
    const ref_entry *e = ref_slot(r, key);
    free(key);
    return e && e->name ? e : NULL;
}

static const ref_entry *ref_find(inline_ctx *cx, ref_kind k, const char *name, size_t n)
{
    if (cx)
        cx->refs_seen = 1;
    return cx ? ref_get(cx->refs, k, name, n) : NULL;
}

/* A name (a key of kind REF_NAME, restored on return) is in docutils' nameids: some
 * target has it, maybe more than one. */
static int key_named(const refset *r, char *key)
{
    const ref_entry *x = ref_slot(r, key);
    key[0] = (char)('0' + REF_IMPLICIT);
    const ref_entry *e = ref_slot(r, key);
    key[0] = (char)('0' + REF_NAME);
    return (x && x->name) || (e && e->name);
}

/* A reference to the name resolves: to an explicit target, or to an implicit one (a
 * section title) that is not ambiguous. */
static int key_resolves(const refset *r, char *key)
{
    const ref_entry *x = ref_slot(r, key);
    if (x && x->name)
        return !x->conflict;
    key[0] = (char)('0' + REF_IMPLICIT);
    const ref_entry *e = ref_slot(r, key);
    key[0] = (char)('0' + REF_NAME);
    return e && e->name && e->count == 1;
}

static int name_resolves(inline_ctx *cx, const char *name, size_t n)
{
    if (cx)
        cx->refs_seen = 1;
    if (!cx || !cx->refs)
        return 0;
    char *key = ref_key(REF_NAME, name, n);
    int ok = key_resolves(cx->refs, key);
    free(key);
    return ok;
}

/* ---- footnotes ---- */

/* The k-th auto-symbol footnote's label: docutils' ten symbols, then each doubled, and
 * so on. */
static void symbol_label(sbuf *out, size_t k)
{
    static const uint32_t symbols[] = {'*',    0x2020, 0x2021, 0xA7,   0xB6,
                                       '#',    0x2660, 0x2665, 0x2666, 0x2663};
    for (size_t j = 0; j <= k / 10; j++)
        sb_putcp(out, symbols[k % 10]);
}

void inline_footnote(sbuf *out, const char *label, size_t n, inline_ctx *cx)
{
    refset *r = cx->refs;
    int collect = cx->collect && r;
    if (n && label[0] == '*') {
        size_t k = cx->notes.symdefs++;
        cx->refs_seen = 1;
        if (collect)
            r->nsyms++;
        else if (out && r && k < INLINE_MAX_SYMBOLS)
            symbol_label(out, k);
        return;
    }
    if (n && label[0] == '#') {
        size_t k = cx->notes.autodefs++;
        cx->refs_seen = 1;
        if (collect) {
            r->defs = xgrow(r->defs, r->ndefs, sizeof *r->defs);
            autodef *d = &r->defs[r->ndefs++];
            *d = (autodef){NULL, NULL};
            if (n > 1) { /* "[#name]" is an explicit target of that name */
                refset_add(r, REF_NAME, label + 1, n - 1, NULL);
                d->key = ref_key(REF_NAME, label + 1, n - 1);
                ref_entry *e = ref_slot(r, d->key);
                if (!e->note)
                    e->note = r->ndefs;
            }
        } else if (out && r && k < r->ndefs && r->defs[k].label) {
            sb_puts(out, r->defs[k].label);
        }
        return;
    }
    if (collect)
        refset_add(r, REF_NAME, label, n, NULL);
    if (out)
        sb_put(out, label, n);
}

/* docutils' Footnotes transform: auto-numbered footnotes take the lowest numbers that
 * name no target, in document order; a "[#name]_" takes the number of the "[#name]"
 * footnote (if that name is not ambiguous), and every other reference, "[#]_" or
 * "[#name]_" alike, the number of the next "[#]" footnote, in document order.  Once
 * those run out, a "[#]_" stays as written and a "[#name]_" reads as empty when the
 * name is a target's, as written when not. */
void refset_number(refset *r)
{
    const char **anon = xcalloc(r->ndefs ? r->ndefs : 1, sizeof *anon);
    size_t nanon = 0, next = 1;
    for (size_t k = 0; k < r->ndefs; k++) {
        char num[24];
        for (;;) {
            snprintf(num, sizeof num, "%zu", next++);
            char *key = ref_key(REF_NAME, num, strlen(num));
            int taken = key_named(r, key);
            free(key);
            if (!taken)
                break;
        }
        autodef *d = &r->defs[k];
        d->label = xstrdup(num);
        if (!d->key) { /* the number becomes its name */
            refset_add(r, REF_NAME, num, strlen(num), NULL);
            anon[nanon++] = d->label;
        }
    }
    size_t used = 0;
    for (size_t k = 0; k < r->nrefs; k++) {
        autoref *f = &r->refs[k];
        const ref_entry *e = f->key ? ref_slot(r, f->key) : NULL;
        if (e && e->name && e->note && !e->conflict)
            f->text = r->defs[e->note - 1].label;
        else if (used < nanon)
            f->text = anon[used++];
        else if (f->key && key_resolves(r, f->key))
            f->text = ""; /* resolved to another target: no number */
    }
    free(anon);
}

/* [label]_: a footnote or citation reference, as the document's footnotes and targets
 * resolve it; raw is the whole reference, as written.  While collecting, it reads as
 * docutils has it when it names a section: without the number it gets later, and not
 * yet known to dangle. */
static void note_ref(sbuf *out, const char *label, size_t n, const char *raw, size_t rawn,
                     inline_ctx *cx)
{
    refset *r = cx ? cx->refs : NULL;
    int collect = cx && cx->collect;
    const char *text = NULL; /* what it reads as; NULL: as written */
    if (cx) {
        cx->refs_seen = 1;
        cx->subst_bad = 1;
    }
    if (label[0] == '*') {
        size_t k = cx ? cx->notes.symrefs++ : 0;
        if (collect) {
            text = "";
        } else if (r && k < r->nsyms && k < INLINE_MAX_SYMBOLS) {
            symbol_label(out, k);
            return;
        }
    } else if (label[0] == '#') {
        size_t k = cx ? cx->notes.autorefs++ : 0;
        if (collect && r) {
            r->refs = xgrow(r->refs, r->nrefs, sizeof *r->refs);
            r->refs[r->nrefs++] = (autoref){n > 1 ? ref_key(REF_NAME, label + 1, n - 1) : NULL,
                                            NULL};
        }
        if (collect)
            text = "";
        else if (r && k < r->nrefs)
            text = r->refs[k].text;
    } else if (collect || name_resolves(cx, label, n)) {
        unescape_put(out, label, n, 0);
        return;
    }
    if (text)
        sb_puts(out, text);
    else
        unescape_put(out, raw, rawn, 1);
}

/* Records a target met in inline text (pre-pass); uri may be NULL. */
static void note(inline_ctx *cx, const char *name, size_t n, const char *uri, size_t un)
{
    if (!cx || !cx->collect || !cx->refs)
        return;
    char *u = uri ? xstrndup(uri, un) : NULL;
    refset_add(cx->refs, REF_NAME, name, n, u);
    free(u);
}

/* Roles whose text docutils (and the reference reader's Sphinx stand-ins) know. */
static int known_role(const char *r, size_t n)
{
    static const char *const roles[] = {
        "abbreviation", "ab", "acronym", "ac", "code", "emphasis", "literal", "math",
        "pep-reference", "pep", "rfc-reference", "rfc", "strong", "subscript", "sub",
        "superscript", "sup", "title-reference", "title", "t", "ref", "doc", "term",
        "command", "file", "program", "option", "envvar", "abbr", "samp", "class", "func",
        "meth", "mod", "attr", "py:class", "guilabel", "menuselection", "kbd", "download",
        "bug", "launchpad", "oslo.config:option", NULL};
    for (int k = 0; roles[k]; k++) {
        if (strlen(roles[k]) != n)
            continue;
        size_t j = 0;
        for (; j < n; j++) {
            if (ascii_lower(r[j]) != roles[k][j])
                break;
        }
        if (j == n)
            return 1;
    }
    return 0;
}

/* Finds the end-string `end` (length m) after position from: the first place where it
 * stands after a non-whitespace (and, unless nul_ok, non-escape) character and before
 * an end_string_suffix.  Returns its position or (size_t)-1. */
static size_t find_end(text t, size_t from, const char *end, size_t m, int nul_ok)
{
    for (size_t j = from; j + m <= t.n; j++) {
        if (memcmp(t.s + j, end, m) != 0)
            continue;
        if (j == 0)
            continue;
        uint32_t b = cp_before(t, j);
        if (py_isspace(b) || (!nul_ok && b == 0))
            continue;
        if (end_ok(t, j + m))
            return j;
    }
    return (size_t)-1;
}

/* Phrase reference text: `text <target>`_ gives text, `<target>`_ the target. */
/* `text <target>`_ and `text`_: the text, or the whole construct (raw) when the
 * reference dangles.  anon: the reference ends in "__". */
static void phrase_text(sbuf *out, const char *e, size_t n, inline_ctx *cx, int anon,
                        const char *raw, size_t rawn)
{
    if (n >= 3 && e[n - 1] == '>') {
        size_t k = n - 1;
        while (k > 0) {
            k--;
            if ((e[k] == '<' || e[k] == '>') && !(k > 0 && e[k - 1] == 0))
                break;
        }
        if (e[k] == '<' && k + 2 < n && e[k + 1] != ' ' && e[k + 1] != '\n' &&
            e[n - 2] != ' ' && e[n - 2] != '\n' && e[n - 2] != 0 &&
            (k == 0 || e[k - 1] == ' ' || e[k - 1] == '\n')) {
            size_t ts = k;
            while (ts > 0 && (e[ts - 1] == ' ' || e[ts - 1] == '\n'))
                ts--;
            const char *a = e + k + 1;
            size_t an = n - 2 - k;
            int escaped_us = an >= 2 && a[an - 1] == '_' && a[an - 2] == 0;
            int alias = an && a[an - 1] == '_' && !escaped_us && !memchr(a, ':', an);
            if (alias && !name_resolves(cx, a, an - 1) && !(cx && cx->collect)) {
                unescape_put(out, raw, rawn, 1); /* <name_> that dangles */
                return;
            }
            if (!anon && !alias && cx) /* a target of its own, with an id */
                cx->subst_bad = 1;
            if (ts > 0) {
                if (!anon && !alias)
                    note(cx, e, ts, a, an);
                unescape_put(out, e, ts, 0);
                return;
            }
            if (alias) {
                /* <name_>: docutils shows the normalised (lower-cased) name */
                sbuf tmp = {0};
                unescape_put(&tmp, a, an - 1, 0);
                size_t m = collapse_ws(tmp.p ? tmp.p : (char *)"", tmp.n);
                for (size_t i = 0; i < m; i++) {
                    char c = tmp.p[i];
                    sb_putc(out, ascii_lower(c));
                }
                sb_free(&tmp);
                return;
            }
            /* a URI: whitespace removed; an e-mail address gets its mailto: */
            sbuf tmp = {0};
            unescape_put(&tmp, a, an, 0);
            int email = tmp.n && memchr(tmp.p, '@', tmp.n) && !memchr(tmp.p, ':', tmp.n);
            if (email)
                sb_puts(out, "mailto:");
            for (size_t i = 0; i < tmp.n; i++)
                if (!py_isspace((unsigned char)tmp.p[i]))
                    sb_putc(out, tmp.p[i]);
            if (out->n >= 2 && out->p[out->n - 2] == '\\' && out->p[out->n - 1] == '_') {
                out->p[out->n - 2] = '_';
                out->n--;
                out->p[out->n] = 0;
            }
            sb_free(&tmp);
            return;
        }
    }
    if (anon) {
        if (cx)
            cx->refs_seen = cx->subst_bad = 1;
        if (cx && cx->collect)
            cx->anon_refs++;
        if (cx && cx->anon_ok)
            unescape_put(out, e, n, 0);
        else
            unescape_put(out, raw, rawn, 1);
        return;
    }
    if (name_resolves(cx, e, n) || (cx && cx->collect))
        unescape_put(out, e, n, 0);
    else
        unescape_put(out, raw, rawn, 1);
}

#define NONE ((size_t)-1)

/* docutils searches for an end-string from every start-string, which is quadratic on a
 * cell full of start-strings that never end ("*a *a *a ...").  Whether an end-string is
 * valid at a position does not depend on where the search began, so each kind of
 * search remembers its last answer: "the first valid end at or after `from` is `at`"
 * answers every later search from a position between the two.  Searches then cover the
 * text once per kind, whatever the markup. */
typedef struct {
    size_t from, at;
} ecache;

/* The simplename chain around a position, remembered for the same reason: starts after
 * each "-" or ":" of "a-b-c-..." share the chain's end and its best reference end. */
typedef struct {
    size_t start, end;  /* [start, end): a simplename */
    size_t ref, refend; /* the longest "name_" / "name__" in it: '_' position, 1 or 2 */
} chain;

typedef struct {
    text t;
    ecache e[7];
    chain ch;
} scan;

static size_t chain_end(scan *sc, size_t pos)
{
    chain *c = &sc->ch;
    if (c->start != NONE && pos >= c->start && pos < c->end)
        return c->end;
    text t = sc->t;
    c->start = pos;
    c->end = pos + simplename_len(t.s + pos, t.n - pos);
    c->ref = NONE;
    /* the longest name followed by "_" or "__" and an end_string_suffix */
    for (size_t q = c->end; q > pos && c->ref == NONE; q--) {
        if (q >= t.n || t.s[q] != '_')
            continue;
        size_t re = (q + 1 < t.n && t.s[q + 1] == '_') ? 2 : 1;
        for (; re >= 1; re--)
            if (end_ok(t, q + re)) {
                c->ref = q;
                c->refend = re;
                break;
            }
    }
    return c->end;
}

/* The position after a role ":name:" at i (the caller checks the backquote), or 0. */
static size_t role_at(scan *sc, size_t i, size_t *rs, size_t *rn)
{
    text t = sc->t;
    if (i + 1 >= t.n || t.s[i] != ':')
        return 0;
    size_t e = chain_end(sc, i + 1);
    if (e == i + 1 || e >= t.n || t.s[e] != ':')
        return 0;
    *rs = i + 1;
    *rn = e - i - 1;
    return e + 1;
}

/* |name| ends at q, with 0 to 2 underscores after it (*us). */
static int subst_end_at(text t, size_t q, size_t *us)
{
    if (t.s[q] != '|' || py_isspace(cp_before(t, q)) || cp_before(t, q) == 0)
        return 0;
    size_t u = 0;
    while (u < 2 && q + 1 + u < t.n && t.s[q + 1 + u] == '_')
        u++;
    for (;; u--) {
        if (end_ok(t, q + 1 + u)) {
            *us = u;
            return 1;
        }
        if (u == 0)
            return 0;
    }
}

typedef struct {
    size_t textend, srs, srn;
    int refend;
} interp_end;

/* `text` ends at q: a backquote after no unescaped whitespace, then an optional
 * :role: and "_" or "__", then an end_string_suffix. */
static int interp_end_at(scan *sc, size_t q, interp_end *ie)
{
    text t = sc->t;
    if (t.s[q] != '`')
        return 0;
    uint32_t b = cp_before(t, q);
    if ((py_isspace(b) || b == 0) && !(q >= 2 && cp_before(t, q - 1) == 0))
        return 0;
    size_t rs2 = 0, rn2 = 0;
    size_t r2 = role_at(sc, q + 1, &rs2, &rn2);
    size_t bases[2] = {r2, q + 1};
    for (int v = r2 ? 0 : 1; v < 2; v++) {
        size_t base = bases[v];
        for (int us = 2; us >= 0; us--) {
            int ok = 1;
            for (int u = 0; u < us; u++)
                if (base + (size_t)u >= t.n || t.s[base + (size_t)u] != '_')
                    ok = 0;
            if (ok && end_ok(t, base + (size_t)us)) {
                ie->textend = base + (size_t)us;
                ie->refend = us;
                ie->srs = v == 0 ? rs2 : 0;
                ie->srn = v == 0 ? rn2 : 0;
                return 1;
            }
        }
    }
    return 0;
}

/* The first valid end of `kind` at or after `from` (NONE: none), remembered. */
static size_t find_kind(scan *sc, int kind, size_t from)
{
    ecache *c = &sc->e[kind];
    if (c->from != NONE && c->from <= from && (c->at == NONE || c->at >= from))
        return c->at;
    text t = sc->t;
    size_t at = NONE;
    static const char *const ends[] = {NULL, "*", "**", "``", "`"};
    if (kind <= 4) {
        at = find_end(t, from, ends[kind], strlen(ends[kind]), kind == 3);
    } else {
        for (size_t q = from; q < t.n && at == NONE; q++) {
            size_t us;
            interp_end ie;
            if (kind == 5 ? subst_end_at(t, q, &us) : interp_end_at(sc, q, &ie))
                at = q;
        }
    }
    c->from = from;
    c->at = at;
    return at;
}

static void parse_escaped(sbuf *out, text t, inline_ctx *cx)
{
    scan sc = {.t = t};
    for (int k = 0; k < 7; k++)
        sc.e[k].from = NONE;
    sc.ch.start = NONE;
    size_t plain = 0; /* start of text not yet written */
    size_t i = 0, base = 0;
    while (i < t.n) {
        if (i != base && !start_ok(t, i, base)) {
            i = next_i(t, i);
            continue;
        }
        char c = t.s[i];
        char c1 = i + 1 < t.n ? t.s[i + 1] : 0;
        /* 1. simple start-strings */
        size_t sl = 0;
        int kind = 0; /* 1 emphasis, 2 strong, 3 literal, 4 target, 5 substitution */
        if (c == '*' && c1 == '*')
            kind = 2, sl = 2;
        else if (c == '*')
            kind = 1, sl = 1;
        else if (c == '`' && c1 == '`')
            kind = 3, sl = 2;
        else if (c == '_' && c1 == '`')
            kind = 4, sl = 2;
        else if (c == '|' && c1 != '|')
            kind = 5, sl = 1;
        if (kind && ws_at(t, i + sl))
            kind = 0;
        if (kind) {
            size_t after = i + sl;
            if (quoted_start(t, i, after, base)) {
                i = base = after;
                continue;
            }
            size_t j = find_kind(&sc, kind, after);
            if (j == NONE || j == after) {
                i = base = after; /* start-string without end-string: stays as text */
                continue;
            }
            unescape_put(out, t.s + plain, i - plain, 0);
            if (kind == 5) {
                size_t us = 0;
                subst_end_at(t, j, &us);
                const ref_entry *e = ref_find(cx, REF_SUBST, t.s + after, j - after);
                if (e && e->text)
                    sb_puts(out, e->text);
                else
                    unescape_put(out, t.s + i, j + 1 + us - i, 1);
                i = j + 1 + us;
            } else {
                if (kind == 4) {
                    note(cx, t.s + after, j - after, NULL, 0);
                    if (cx)
                        cx->subst_bad = 1;
                }
                unescape_put(out, t.s + after, j - after, kind == 3);
                i = j + (kind == 1 || kind == 4 ? 1 : 2);
            }
            plain = base = i;
            continue;
        }
        /* 2. whole constructs: name_ / name__ and [label]_ */
        uint32_t cp = cp_at(t, i);
        if (is_word(cp) && cp != '_') {
            chain_end(&sc, i);
            size_t q = sc.ch.ref;
            if (q != NONE && q > i) {
                size_t re = sc.ch.refend;
                unescape_put(out, t.s + plain, i - plain, 0);
                int ok = re == 2 ? (cx && cx->anon_ok)
                                 : (name_resolves(cx, t.s + i, q - i) || (cx && cx->collect));
                if (re == 2 && cx && cx->collect)
                    cx->anon_refs++;
                if (re == 2 && cx)
                    cx->refs_seen = cx->subst_bad = 1;
                unescape_put(out, t.s + i, ok ? q - i : q + re - i, !ok);
                i = q + re;
                plain = base = i;
                continue;
            }
        }
        if (c == '[') {
            size_t k = i + 1, ls = k;
            if (k < t.n && t.s[k] >= '0' && t.s[k] <= '9') {
                while (k < t.n && t.s[k] >= '0' && t.s[k] <= '9')
                    k++;
            } else if (k < t.n && t.s[k] == '#') {
                k++;
                k += simplename_len(t.s + k, t.n - k);
            } else if (k < t.n && t.s[k] == '*') {
                k++;
            } else {
                k += simplename_len(t.s + k, t.n - k);
            }
            if (k > ls && k + 1 < t.n && t.s[k] == ']' && t.s[k + 1] == '_' &&
                end_ok(t, k + 2)) {
                unescape_put(out, t.s + plain, i - plain, 0);
                note_ref(out, t.s + ls, k - ls, t.s + i, k + 2 - i, cx);
                i = k + 2;
                plain = base = i;
                continue;
            }
        }
        /* 3. interpreted text and phrase references, with an optional role */
        size_t rs = 0, rn = 0, bq = i;
        size_t ra = role_at(&sc, i, &rs, &rn);
        if (ra)
            bq = ra;
        if (bq < t.n && t.s[bq] == '`' && !(bq + 1 < t.n && t.s[bq + 1] == '`') &&
            !ws_at(t, bq + 1)) {
            size_t after = bq + 1;
            if (!ra && quoted_start(t, bq, after, base)) {
                i = base = after;
                continue;
            }
            size_t j = find_kind(&sc, 6, after);
            if (j == NONE || j == after) {
                i = base = after;
                continue;
            }
            interp_end ie;
            interp_end_at(&sc, j, &ie);
            size_t textend = ie.textend, srs = ie.srs, srn = ie.srn;
            int refend = ie.refend;
            unescape_put(out, t.s + plain, (ra ? i : bq) - plain, 0);
            size_t rawstart = ra ? i : bq;
            if ((ra && srn) || ((ra || srn) && refend)) {
                unescape_put(out, t.s + rawstart, textend - rawstart, 1);
            } else if (refend) {
                phrase_text(out, t.s + after, j - after, cx, refend == 2, t.s + bq,
                            textend - bq);
            } else {
                const char *role = ra ? t.s + rs : t.s + srs;
                size_t rlen = ra ? rn : srn;
                if (rlen == 0 || known_role(role, rlen))
                    unescape_put(out, t.s + after, j - after, 0);
                else
                    unescape_put(out, t.s + rawstart, textend - rawstart, 1);
            }
            i = textend;
            plain = base = i;
            continue;
        }
        i = next_i(t, i);
    }
    unescape_put(out, t.s + plain, t.n - plain, 0);
}

void inline_astext(sbuf *out, const char *s, size_t n, inline_ctx *cx)
{
    /* Fast path: nothing that could start markup or an escape. */
    static const unsigned char special[256] = {['*'] = 1, ['`'] = 1, ['_'] = 1,
                                               ['|'] = 1, ['['] = 1, ['\\'] = 1};
    size_t k = 0;
    while (k < n && !special[(unsigned char)s[k]])
        k++;
    if (k == n) {
        sb_put(out, s, n);
        return;
    }
    sbuf e = {0};
    sb_grow(&e, n);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\') {
            sb_putc(&e, 0);
            if (i + 1 < n) {
                /* the escaped character, whole if multi-byte */
                size_t j = i + 2;
                while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80)
                    j++;
                sb_put(&e, s + i + 1, j - i - 1);
                i = j - 1;
            }
        } else {
            sb_putc(&e, s[i]);
        }
    }
    text t = {e.p, e.n};
    parse_escaped(out, t, cx);
    sb_free(&e);
}

size_t field_marker(const char *s, size_t n, size_t *ns, size_t *ne)
{
    if (n < 3 || s[0] != ':' || s[1] == ':' || s[1] == ' ')
        return 0;
    size_t j = 1;
    while (j < n) {
        if (s[j] == '\\') {
            if (j + 1 >= n)
                return 0;
            j += 2;
            continue;
        }
        if (s[j] == ':') {
            if (j + 1 == n || s[j + 1] == ' ') {
                if (s[j - 1] == ' ')
                    return 0;
                *ns = 1;
                *ne = j;
                size_t k = j + 1;
                while (k < n && s[k] == ' ')
                    k++;
                return k;
            }
            if (s[j + 1] == '`')
                return 0;
        }
        j++;
    }
    return 0;
}
