/* What the text around a table says about its resource: bind.h. */
#include "bind.h"

#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

char *plural_of(const char *m)
{
    size_t n = strlen(m);
    sbuf b = {0};
    if (n > 1 && m[n - 1] == 'y' && !strchr("aeiou", m[n - 2])) {
        sb_put(&b, m, n - 1);
        sb_puts(&b, "ies");
    } else if (ends_with(m, "s") || ends_with(m, "x") || ends_with(m, "z") ||
               ends_with(m, "ch") || ends_with(m, "sh")) {
        sb_puts(&b, m);
        sb_puts(&b, "es");
    } else {
        sb_puts(&b, m);
        sb_putc(&b, 's');
    }
    return sb_take(&b);
}

char *singular_of(const char *c)
{
    size_t n = strlen(c);
    sbuf b = {0};
    if (n > 3 && ends_with(c, "ies")) {
        sb_put(&b, c, n - 3);
        sb_putc(&b, 'y');
    } else if (n > 4 && (ends_with(c, "sses") || ends_with(c, "xes") || ends_with(c, "zes") ||
                         ends_with(c, "ches") || ends_with(c, "shes") || ends_with(c, "uses"))) {
        sb_put(&b, c, n - 2);
    } else if (n > 1 && c[n - 1] == 's' && c[n - 2] != 's') {
        sb_put(&b, c, n - 1);
    } else {
        sb_puts(&b, c);
    }
    return sb_take(&b);
}

/* ---- resources named by the text before a table ---- */


void named_free(named *nm)
{
    for (int k = 0; k < nm->n; k++) {
        free(nm->member[k]);
        free(nm->collection[k]);
    }
    nm->n = 0;
}

void named_add(named *nm, char *member, char *collection)
{
    if (nm->n == 8) {
        free(member);
        free(collection);
        return;
    }
    nm->member[nm->n] = member;
    nm->collection[nm->n] = collection;
    nm->n++;
}

/* The next "/"-separated segment of p[0..n) from *i: returns its start and sets *len,
 * or NULL at the end. */
const char *next_segment(const char *p, size_t n, size_t *i, size_t *len)
{
    while (*i < n && p[*i] == '/')
        (*i)++;
    size_t a = *i;
    while (*i < n && p[*i] != '/')
        (*i)++;
    *len = *i - a;
    return *i > a ? p + a : NULL;
}

/* The resource of a path: its last segment that is not a parameter. */
int path_resource(const char *p, size_t n, named *nm)
{
    const char *best = NULL;
    size_t bl = 0, i = 0, len;
    for (const char *seg; (seg = next_segment(p, n, &i, &len)) != NULL;) {
        /* a parameter ({id}, <id>, :id) or a version (v2.0) names no resource */
        if (!strchr("{<:", seg[0]) && !(seg[0] == 'v' && len > 1 && isdigit((unsigned char)seg[1])))
            best = seg, bl = len;
    }
    if (!best)
        return 0;
    char *coll = xstrndup(best, bl);
    for (char *q = coll; *q; q++) {
        *q = ascii_lower(*q);
        if (*q == '-')
            *q = '_';
    }
    named_add(nm, singular_of(coll), coll);
    return 1;
}

static int word_char(char c) { return isalnum((unsigned char)c) || c == '_' || c == '-'; }

static const char *const generic_words[] = {
    "the",       "a",         "an",        "of",       "for",      "new",      "added",
    "modified",  "changed",   "changes",   "change",   "extended", "extension", "extensions",
    "resource",  "resources", "attribute", "attributes", "attr",   "attrs",    "table",
    "tables",    "csvtable",  "object",    "objects",  "model",    "data",     "field",
    "fields",    "api",       "apis",      "rest",     "impact",   "impacts",  "proposed",
    "existing",  "updated",   "example",   "examples", "following", "below",   "definition",
    "definitions", "parameters", "parameter", "properties", "property", "schema", "body",
    "request",   "response",  "details",   "summary",  "list",     "to",       "in",
    "with",      "and",       "on",        "at",       "by",       "from",     "under",
    "into",      NULL};

static int is_generic(const char *w)
{
    for (int k = 0; generic_words[k]; k++)
        if (ascii_ieq(w, generic_words[k]))
            return 1;
    return 0;
}

/* Whether `text` names resources (docs/spec-format.md "Which resource"): NAME(/path),
 * paths alone ("/networks and /routers"), or a short phrase of words that are not all
 * generic ("Port Chain resource:", "Firewall Rules"). */
static int is_marker(const char *w)
{
    static const char *const markers[] = {"resource", "resources", "attribute", "attributes",
                                          "object",   "objects",   "table",     "model",
                                          "fields",   "field",     "properties", NULL};
    for (int k = 0; markers[k]; k++)
        if (ascii_ieq(w, markers[k]))
            return 1;
    return 0;
}

int names_resources(const char *text, int strict, named *nm)
{
    int colon = 0;
    for (size_t e = strlen(text); e && (text[e - 1] == ':' || text[e - 1] == ' '); e--)
        colon |= text[e - 1] == ':';
    size_t n = strlen(text);
    while (n && (text[n - 1] == ':' || text[n - 1] == '.' || text[n - 1] == ' '))
        n--;
    if (n == 0 || n > 120)
        return 0;
    char *s = xstrndup(text, n);
    int ok = 0;
    /* NAME(/path) */
    char *open = strchr(s, '(');
    if (open && s[n - 1] == ')' && open[1] == '/') {
        size_t ml = (size_t)(open - s);
        while (ml && s[ml - 1] == ' ')
            ml--;
        int words_ok = ml > 0;
        for (size_t i = 0; i < ml; i++)
            words_ok &= word_char(s[i]) || s[i] == ' ';
        named tmp = {0};
        if (words_ok && path_resource(open + 1, (size_t)(s + n - 1 - (open + 1)), &tmp)) {
            char *mem = xstrndup(s, ml);
            for (char *q = mem; *q; q++)
                *q = (*q == ' ' || *q == '-') ? '_' : ascii_lower(*q);
            free(tmp.member[0]);
            named_add(nm, mem, tmp.collection[0]);
            ok = 1;
        } else {
            named_free(&tmp);
        }
        free(s);
        return ok;
    }
    /* paths only, joined by "and", "or", "," or "&" */
    if (s[0] == '/') {
        named tmp = {0};
        int all = 1;
        char *save = NULL;
        for (char *w = strtok_r(s, " ,&", &save); w; w = strtok_r(NULL, " ,&", &save)) {
            if (strcmp(w, "and") == 0 || strcmp(w, "or") == 0)
                continue;
            if (w[0] != '/' || !path_resource(w, strlen(w), &tmp)) {
                all = 0;
                break;
            }
        }
        if (all && tmp.n) {
            for (int k = 0; k < tmp.n; k++)
                named_add(nm, tmp.member[k], tmp.collection[k]);
            tmp.n = 0;
            ok = 1;
        }
        named_free(&tmp);
        free(s);
        return ok;
    }
    /* a short phrase; in a paragraph it must say what it is ("Port resource:", "Flavor
     * attributes") or introduce the table ("On networks:") */
    sbuf name = {0};
    int words = 0, kept = 0, marker = 0, prep = 0;
    char *save = NULL;
    for (char *w = strtok_r(s, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        words++;
        size_t wl = strlen(w);
        while (wl && (w[wl - 1] == ':' || w[wl - 1] == ','))
            w[--wl] = 0;
        for (size_t i = 0; i < wl; i++)
            if (!word_char(w[i]))
                goto no;
        marker |= is_marker(w);
        if (words == 1 && (ascii_ieq(w, "on") || ascii_ieq(w, "for") || ascii_ieq(w, "to")))
            prep = 1;
        if (!wl || is_generic(w))
            continue;
        if (kept++)
            sb_putc(&name, '_');
        for (size_t i = 0; i < wl; i++)
            sb_putc(&name, w[i] == '-' ? '_' : ascii_lower(w[i]));
    }
    if (words <= 6 && kept >= 1 && kept <= 4 && (!strict || marker || (prep && colon))) {
        char *nmtext = sb_take(&name);
        size_t l = strlen(nmtext);
        if (l > 1 && nmtext[l - 1] == 's' && nmtext[l - 2] != 's')
            named_add(nm, singular_of(nmtext), nmtext);
        else
            named_add(nm, nmtext, plural_of(nmtext));
        ok = 1;
    }
no:
    sb_free(&name);
    free(s);
    return ok;
}
