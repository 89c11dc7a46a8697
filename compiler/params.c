/* Parameter tables (docs/spec-format.md "Parameter tables"): the request parameters of an
 * operation, as nova-specs write them (Parameter | Style | Type | Description, Style
 * query, plain or body, path or template, header) and as tacker-specs do (URI query
 * parameter | Cardinality | ...), read into the operation the text before the table or the
 * method table before it names. */
#include "model.h"

#include "cells.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum { P_NAME, P_STYLE, P_TYPE, P_DESC, P_CARD, P_REQ, NPCOLS };

/* The column a header cell's words make, or -1. */
static int column_of(const char *w)
{
    static const struct {
        const char *word;
        int col;
    } words[] = {
        {"parameter", P_NAME},   {"parameter name", P_NAME}, {"name", P_NAME},
        {"uri query parameter", P_NAME}, {"style", P_STYLE},  {"in", P_STYLE},
        {"type", P_TYPE},        {"data type", P_TYPE},      {"description", P_DESC},
        {"notes", P_DESC},       {"note", P_DESC},           {"comment", P_DESC},
        {"comments", P_DESC},    {"cardinality", P_CARD},    {"req", P_REQ},
        {"required", P_REQ},
    };
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (strcmp(w, words[k].word) == 0)
            return words[k].col;
    return -1;
}

/* A Style cell as os-api-ref's `in`, or NULL. */
static const char *in_of(const char *cell)
{
    static const char *const map[][2] = {
        {"query", "query"}, {"plain", "body"},  {"body", "body"},    {"path", "path"},
        {"template", "path"}, {"header", "header"},
    };
    for (size_t k = 0; k < sizeof map / sizeof map[0]; k++)
        if (ascii_ieq(cell, map[k][0]))
            return map[k][1];
    return NULL;
}

/* A word of a text without the punctuation and markup around it. */
static char *bare_word(const char *s, size_t n)
{
    static const char trim[] = "`*\"'(),.:;[]";
    while (n && strchr(trim, *s) && *s) {
        s++;
        n--;
    }
    while (n && strchr(trim, s[n - 1]))
        n--;
    return xstrndup(s, n);
}

/* The operation a block of text names: an HTTP method (in capitals) and a path ("/..." or
 * "{apiRoot}/...", its query cut), the first of each.  Returns 1 with both (new). */
static int text_names_op(const char *text, char **method, char **path)
{
    *method = *path = NULL;
    const char *p = text;
    while (*p) {
        while (*p && isspace((unsigned char)*p))
            p++;
        size_t n = 0;
        while (p[n] && !isspace((unsigned char)p[n]))
            n++;
        if (!n)
            break;
        char *w = bare_word(p, n);
        const char *q = strncmp(w, "{apiRoot}/", 10) == 0 ? w + 9 : w;
        int upper = w[0] != 0;
        for (const char *c = w; *c; c++)
            upper &= *c >= 'A' && *c <= 'Z';
        if (!*method && upper && model_is_method(w))
            *method = xstrdup(w);
        else if (!*path && q[0] == '/' && q[1])
            *path = xstrndup(q, strcspn(q, "?"));
        free(w);
        p += n;
    }
    if (*method && *path)
        return 1;
    free(*method);
    free(*path);
    *method = *path = NULL;
    return 0;
}

/* The operation of table t: the nearest block before it that names a method and a path,
 * else the operation a method table read last, where none of the spec's attribute and
 * parameter tables comes between them. */
static mop *table_op(model *m, const rtable *t)
{
    for (int k = t->nlead - 1; k >= 0; k--) {
        char *method, *path;
        if (text_names_op(t->lead[k].text, &method, &path)) {
            mop *o = model_op(m, method, path, t->lead[k].line);
            free(method);
            free(path);
            return o;
        }
    }
    if (m->nops && m->ops[m->nops - 1].line > m->last_attr_line &&
        m->ops[m->nops - 1].line > m->last_param_line)
        return &m->ops[m->nops - 1];
    return NULL;
}

/* Cell c of row r, "" where the row has none. */
static const char *cell_at(const rtable *t, int r, int c)
{
    return c >= 0 && c < t->rows[r].n ? t->rows[r].v[c] : "";
}

int param_table(model *m, const rtable *t)
{
    if (t->nhead == 0)
        return 0;
    const strvec *h = &t->rows[t->nhead - 1];
    int col[NPCOLS], query_only = 0;
    for (int k = 0; k < NPCOLS; k++)
        col[k] = -1;
    for (int c = 0; c < h->n; c++) {
        char *w = model_words(h->v[c]);
        int k = column_of(w);
        if (k >= 0 && col[k] < 0)
            col[k] = c;
        query_only |= k == P_NAME && strcmp(w, "uri query parameter") == 0;
        free(w);
    }
    if (col[P_NAME] < 0 || (col[P_STYLE] < 0 && !query_only))
        return 0;
    mop *o = table_op(m, t);
    m->last_param_line = t->line;
    if (!o) {
        model_report(m, NULL, t->line, 0, DIAG_WARNING, "parameters-unbound",
                     "parameter table skipped: no text before it names its operation (a method "
                     "and a path, such as 'POST /v2.1/servers/{server_id}/action') and no "
                     "method table comes before it");
        m->nskipped++;
        return 1;
    }
    /* o may move as rows are read: none adds an operation */
    int n = 0;
    const config *cfg = m->o->cfg;
    for (int r = t->nhead; r < t->nrows; r++) {
        rpos at = t->pos[r][col[P_NAME] < t->rows[r].n ? col[P_NAME] : 0];
        const char *name_cell = cell_at(t, r, col[P_NAME]);
        if (!*name_cell)
            continue;
        /* "name (optional)": os-api-ref's mark of a parameter that is not required */
        size_t len = strlen(name_cell);
        int optional = 0;
        const char *paren = strrchr(name_cell, '(');
        if (paren && ascii_ieq(paren, "(optional)")) {
            optional = 1;
            len = (size_t)(paren - name_cell);
            while (len && name_cell[len - 1] == ' ')
                len--;
        }
        char *name = xstrndup(name_cell, len);
        const char *in = query_only ? "query" : in_of(cell_at(t, r, col[P_STYLE]));
        if (!model_name_ok(name) || !in) {
            model_report(m, NULL, at.line, at.col, DIAG_WARNING, "bad-parameter",
                         !in ? "parameter '%s' has the style '%s', which is none of query, "
                               "plain, body, path, template and header; row skipped"
                             : "parameter name '%s' is not a usable name; row skipped",
                         name, cell_at(t, r, col[P_STYLE]));
            free(name);
            continue;
        }
        mparam p = {name, xstrdup(in), {TY_STRING, TY_NONE, 0, 0}, !optional, NULL,
                    t->row_line[r]};
        const char *ty = cell_at(t, r, col[P_TYPE]);
        cellmsg cm = {CM_OK, NULL, ""};
        if (*ty && parse_type(ty, cfg ? cfg->aliases : NULL, cfg ? cfg->naliases : 0, &p.type,
                              &cm) != 0) {
            rpos tat = t->pos[r][col[P_TYPE]];
            model_report(m, NULL, tat.line, tat.col, DIAG_WARNING, "bad-parameter",
                         "parameter '%s': %s; read as a string", name, cm.text);
            p.type = (mtype){TY_STRING, TY_NONE, 0, 0};
        }
        const char *card = cell_at(t, r, col[P_CARD]);
        if (*card)
            p.required = card[0] != '0';
        int req = -1;
        cellmsg rm = {CM_OK, NULL, ""};
        if (col[P_REQ] >= 0 && parse_required(cell_at(t, r, col[P_REQ]), &req, &rm) == 0 &&
            req >= 0)
            p.required = req;
        if (strcmp(in, "path") == 0)
            p.required = 1; /* a path has every one of its parameters */
        p.description = xstrdup(cell_at(t, r, col[P_DESC]));
        o->params = xgrow(o->params, (size_t)o->nparams, sizeof *o->params);
        o->params[o->nparams++] = p;
        n++;
    }
    if (m->o->verbose)
        model_report(m, NULL, t->line, 0, DIAG_NOTE, "parameter",
                     "parameter table read as %d parameter%s of %s %s", n, n == 1 ? "" : "s",
                     o->method, o->path);
    return 1;
}
