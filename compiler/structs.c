/* Structure tables in the ETSI NFV-SOL style (docs/spec-format.md "Structures"):
 *
 *     Attribute name (Threshold) | Data type         | Cardinality | Description
 *     id                         | Identifier        | 1           | ...
 *     criteria                   | ThresholdCriteria | 1           | ...
 *     >performanceMetric         | String            | 1           | ...
 *
 * Each such table describes one named structure (the parenthesis, else the text just
 * before the table); a row of `>` signs is a member of the nearest row above with one
 * fewer; the data type maps to a type and format, or names a structure (resolved against
 * the spec's own when the model is finished); the cardinality says whether a member is
 * required and whether it is a list. */
#include "structs.h"

#include "util.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* What a cell holds between its first "(" and the ")" after it, without white space
 * ("Attribute name (Threshold)": "Threshold"; "map (VimConnectionInfo)"), or NULL. */
static char *inside_parens(const char *s)
{
    const char *o = strchr(s, '('), *e = o ? strchr(o, ')') : NULL;
    sbuf b = {0};
    for (const char *p = o ? o + 1 : s; o && p < e; p++)
        if (!py_isspace((unsigned char)*p))
            sb_putc(&b, *p);
    return sb_take(&b);
}

/* The columns of a structure table: name, data type, cardinality, description (-1: none). */
typedef struct scols {
    int name, type, card, desc;
    char *title; /* the NAME of "Attribute name (NAME)", or NULL */
} scols;

/* Whether header row h is a structure table's: a name column and a Cardinality column,
 * no Access or CRUD (an attribute table's), no Response Codes (a response table). */
static int struct_header(const strvec *h, scols *c)
{
    memset(c, 0, sizeof *c);
    c->name = c->type = c->card = c->desc = -1;
    int other = 0;
    for (int k = 0; k < h->n; k++) {
        char *w = model_words(h->v[k]);
        const char *paren = strchr(w, '(');
        size_t stem = paren ? (size_t)(paren - w) : strlen(w);
        while (stem && w[stem - 1] == ' ')
            stem--;
        if ((stem == 14 && strncmp(w, "attribute name", 14) == 0) ||
            (stem == 9 && strncmp(w, "attribute", 9) == 0) ||
            (stem == 4 && strncmp(w, "name", 4) == 0)) {
            if (c->name < 0) {
                c->name = k;
                c->title = inside_parens(h->v[k]);
            }
        } else if (strcmp(w, "data type") == 0 || strcmp(w, "type") == 0) {
            c->type = k;
        } else if (strcmp(w, "cardinality") == 0) {
            c->card = k;
        } else if (strstr(w, "description")) {
            c->desc = k;
        } else if (strstr(w, "access") || strstr(w, "crud") || strstr(w, "response")) {
            other = 1;
        }
        free(w);
    }
    if (c->name < 0 || c->card < 0 || other) {
        free(c->title);
        c->title = NULL;
        return 0;
    }
    return 1;
}

static const char *cell(const rtable *t, int r, int c)
{
    return c >= 0 && c < t->rows[r].n ? t->rows[r].v[c] : "";
}

/* A name as the text before the table gives it: the last short paragraph, term or title
 * since the previous table that is one word ("* ThresholdCriteria", "VnfInstance:"). */
static char *name_from_text(const rtable *t)
{
    for (int k = RLEAD_MAX - 1; k >= 0; k--) {
        const char *s = t->lead[k].text;
        if (!s)
            continue;
        while (*s == '*' || *s == '-' || *s == ' ')
            s++;
        size_t n = strlen(s);
        while (n && (s[n - 1] == ':' || s[n - 1] == ' ' || s[n - 1] == '.'))
            n--;
        int word = n > 0 && isalpha((unsigned char)s[0]);
        for (size_t i = 0; i < n && word; i++)
            word = isalnum((unsigned char)s[i]) || s[i] == '_';
        return word ? xstrndup(s, n) : NULL;
    }
    return NULL;
}

/* The operation the text just before a table names ("POST /v1/watchers", a literal or a
 * sentence holding a method and then a path): its body is structure `name` (a request for
 * POST, PUT and PATCH, else a response).  Nothing when the text names none. */
static void lead_operation(model *m, const rtable *t, const char *name)
{
    if (!name || !t->nlead || t->lead[t->nlead - 1].kind == LEAD_HEADING)
        return;
    const rlead *l = &t->lead[t->nlead - 1];
    const char *s = l->text;
    for (const char *p = s; *p; p++) {
        if (p != s && isalnum((unsigned char)p[-1]))
            continue;
        size_t n = 0;
        while (isupper((unsigned char)p[n]))
            n++;
        if (n < 3 || p[n] != ' ' || p[n + 1] != '/')
            continue;
        char *method = xstrndup(p, n);
        if (!model_is_method(method)) {
            free(method);
            continue;
        }
        const char *path = p + n + 1;
        size_t pl = strcspn(path, " \t`'\",;");
        while (pl > 1 && (path[pl - 1] == '.' || path[pl - 1] == ':'))
            pl--;
        char *pt = xstrndup(path, pl);
        mop *o = model_op(m, method, pt, l->line);
        int request = strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
                      strcmp(method, "PATCH") == 0;
        char **slot = request ? &o->request : &o->response;
        if (!*slot)
            *slot = xstrdup(name);
        free(method);
        free(pt);
        return;
    }
}

/* ---- data types and cardinalities ---- */

void structs_type(const char *cell, mattr *a, cellmsg *msg)
{
    memset(msg, 0, sizeof *msg);
    char *w = model_words(cell);
    size_t n = strlen(w);
    base_type base = TY_NONE;
    a->free_form = 0;
    a->keyed = 0;
    a->format_name = NULL;
    a->type.is_enum = 0;
    static const struct {
        const char *word;
        base_type base;
        const char *format;
    } leaves[] = {
        {"identifier", TY_STRING, NULL},   {"identifierinvnf", TY_STRING, NULL},
        {"identifierinvim", TY_STRING, NULL}, {"identifierinns", TY_STRING, NULL},
        {"identifierinvnfd", TY_STRING, NULL}, {"identifierinpnf", TY_STRING, NULL},
        {"string", TY_STRING, NULL},       {"version", TY_STRING, NULL},
        {"macaddress", TY_STRING, NULL},   {"ipaddress", TY_STRING, NULL},
        {"uri", TY_STRING, "uri"},         {"datetime", TY_STRING, "date-time"},
        {"boolean", TY_BOOLEAN, NULL},     {"bool", TY_BOOLEAN, NULL},
        {"integer", TY_INTEGER, NULL},     {"int", TY_INTEGER, NULL},
        {"unsignedint", TY_INTEGER, NULL}, {"uint", TY_INTEGER, NULL},
        {"number", TY_NUMBER, NULL},       {"float", TY_NUMBER, NULL},
        {"structure", TY_OBJECT, NULL},    {"structure (inlined)", TY_OBJECT, NULL},
        {"structure(inlined)", TY_OBJECT, NULL}, {"object", TY_OBJECT, NULL},
        {"(any type)", TY_NONE, NULL},     {"any", TY_NONE, NULL},
        {"", TY_NONE, NULL},
    };
    size_t k = 0;
    for (; k < sizeof leaves / sizeof leaves[0]; k++)
        if (strcmp(w, leaves[k].word) == 0)
            break;
    if (k < sizeof leaves / sizeof leaves[0]) {
        base = leaves[k].base;
        a->format_name = leaves[k].format;
    } else if (strncmp(w, "keyvaluepairs", 13) == 0) {
        base = TY_OBJECT; /* "KeyValuePairs", "KeyValuePairs (inlined)": keys of its own */
        a->free_form = 1;
    } else if (strncmp(w, "enum", 4) == 0 || strcmp(w, "string (enum)") == 0) {
        base = TY_STRING; /* "Enum", "Enum (inlined)": values in the description */
        a->type.is_enum = 1;
    } else if (strncmp(w, "map", 3) == 0 && strchr(w, '(') && w[n - 1] == ')') {
        base = TY_OBJECT; /* map(X): X by key */
        a->keyed = 1;
        free(a->ref);
        a->ref = inside_parens(cell);
    } else {
        /* one word: a structure's name, or by ETSI's convention an enumeration when it
         * ends in "Type" (PerceivedSeverityType) */
        int word = isalpha((unsigned char)cell[0]);
        const char *s = cell;
        size_t len = strlen(s);
        while (len && py_isspace((unsigned char)s[len - 1]))
            len--;
        for (size_t i = 0; i < len && word; i++)
            word = isalnum((unsigned char)s[i]) || s[i] == '_';
        if (word && len > 4 && strcmp(w + n - 4, "type") == 0) {
            base = TY_STRING;
            a->type.is_enum = 1;
        } else if (word) {
            base = TY_OBJECT;
            free(a->ref);
            a->ref = xstrndup(s, len);
        } else {
            msg->level = CM_WARNING;
            msg->code = "unknown-type";
            snprintf(msg->text, sizeof msg->text,
                     "data type '%.200s' not understood: a type (String, Identifier, Integer, "
                     "Boolean, DateTime, KeyValuePairs, ...) or the name of a structure; read "
                     "as any type",
                     cell);
        }
    }
    a->type.base = base;
    free(w);
}

/* One bound of a cardinality: a number, or N (many). */
static int bound(const char **p, long *v)
{
    while (**p == ' ')
        (*p)++;
    if (**p == 'N' || **p == 'n' || **p == '*') {
        (*p)++;
        *v = -1;
        return 1;
    }
    if (!isdigit((unsigned char)**p))
        return 0;
    char *end;
    *v = strtol(*p, &end, 10);
    *p = end;
    return 1;
}

/* The values a description lists after "Permitted values:" ("...: UNACKNOWLEDGED,
 * ACKNOWLEDGED."), each a word of letters, digits, '_', '-' and '.', separated by commas,
 * "or", "and", '*' or '-' bullets, up to the first word that is none of these: a new
 * array, or NULL when it lists none. */
static json_t *permitted_values(const char *d)
{
    const char *p = NULL;
    for (const char *s = d; *s && !p; s++)
        if (strncasecmp(s, "permitted values", 16) == 0 || strncasecmp(s, "possible values", 15) == 0)
            p = strchr(s, ':');
    if (!p)
        return NULL;
    json_t *values = json_array();
    p++;
    for (;;) {
        while (*p == ' ' || *p == ',' || *p == '*' || (*p == '-' && p[1] == ' '))
            p++;
        size_t n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.");
        while (n && p[n - 1] == '.') /* the sentence's full stop */
            n--;
        if (!n)
            break;
        char *w = xstrndup(p, n);
        if (strcmp(w, "or") != 0 && strcmp(w, "and") != 0) {
            int dup = 0;
            for (size_t k = 0; k < json_array_size(values); k++)
                dup |= strcmp(json_string_value(json_array_get(values, k)), w) == 0;
            if (!dup)
                json_array_append_new(values, json_string(w));
        }
        free(w);
        p += n;
        if (*p == '.' || (*p && *p != ' ' && *p != ','))
            break; /* the end of the sentence, or text that is no list */
    }
    if (!json_array_size(values)) {
        json_decref(values);
        return NULL;
    }
    return values;
}

int structs_cardinality(const char *cell, long *lo, long *hi)
{
    const char *p = cell;
    if (!bound(&p, lo))
        return -1;
    while (*p == ' ')
        p++;
    if (p[0] == '.' && p[1] == '.') {
        p += 2;
        if (!bound(&p, hi))
            return -1;
    } else {
        *hi = *lo;
    }
    if (*lo < 0) /* "N" alone: any number */
        *lo = 0;
    return 0;
}

/* ---- the table ---- */

static void members_free(mattr *v, int n)
{
    for (int k = 0; k < n; k++)
        mattr_free(&v[k]);
    free(v);
}

void structs_free(mstruct *v, int n)
{
    for (int k = 0; k < n; k++) {
        free(v[k].name);
        free(v[k].file);
        members_free(v[k].members, v[k].nmembers);
    }
    free(v);
}

/* Appends a new member to the list (*v, *n); returns it, zeroed. */
static mattr *push(mattr **v, int *n)
{
    *v = xgrow(*v, (size_t)*n, sizeof **v);
    mattr *a = &(*v)[(*n)++];
    memset(a, 0, sizeof *a);
    a->valid.max_len = -1;
    return a;
}

/* Reads row r as a member: its name without the `>` signs (their number in *depth). */
static void read_member(model *m, const rtable *t, const scols *c, int r, mattr *a, int *depth)
{
    const char *file = (t->data_file && r >= t->data_from) ? t->data_file : t->file;
    const char *s = cell(t, r, c->name);
    int d = 0;
    while (*s == '>' || *s == ' ' || *s == '\\') {
        d += *s == '>';
        s++;
    }
    *depth = d;
    /* "id [1]": a footnote's number after the name is no part of it */
    size_t n = strcspn(s, " [");
    a->name = xstrndup(s, n);
    a->c_name = c_mangle(a->name);
    a->file = xstrdup(file);
    a->line = t->row_line[r];
    a->at[COL_NAME] = t->pos[r][c->name < t->rows[r].n ? c->name : 0];
    a->description = xstrdup(cell(t, r, c->desc));
    const char *type = cell(t, r, c->type), *card = cell(t, r, c->card);
    long lo = 1, hi = 1;
    int tc = c->type, cc = c->card;
    if (structs_cardinality(card, &lo, &hi) != 0 && structs_cardinality(type, &lo, &hi) == 0) {
        /* the two cells the other way round: read by what they say */
        const char *swap = type;
        type = card;
        card = swap;
        tc = c->card;
        cc = c->type;
        rpos at = t->pos[r][c->type < t->rows[r].n ? c->type : 0];
        model_report(m, file, at.line, at.col, DIAG_WARNING, "swapped-cells",
                     "'%.60s' under Data type and '%.60s' under Cardinality: read the other "
                     "way round",
                     card, type);
    }
    a->data_type = tc >= 0 ? xstrdup(type) : NULL;
    cellmsg msg;
    structs_type(type, a, &msg);
    if (tc >= 0 && tc < t->rows[r].n)
        a->at[COL_TYPE] = t->pos[r][tc];
    if (msg.level != CM_OK)
        model_report(m, file, a->at[COL_TYPE].line, a->at[COL_TYPE].col, DIAG_WARNING,
                     msg.code, "%s", msg.text);
    a->card = xstrdup(card);
    if (structs_cardinality(card, &lo, &hi) != 0) {
        rpos at = cc < t->rows[r].n ? t->pos[r][cc] : a->at[COL_NAME];
        model_report(m, file, at.line, at.col, DIAG_WARNING, "bad-cardinality",
               "cardinality '%.100s' not understood: 1, 0..1, 0..N, 1..N (read as 0..1)",
               card);
        lo = 0;
        hi = 1;
    }
    a->required = lo > 0;
    /* an enumeration's values, where the description lists them */
    if (a->type.base == TY_STRING && (a->valid.enumv = permitted_values(a->description)))
        a->type.is_enum = 1;
    if (hi < 0 || hi > 1) { /* a list of the type */
        a->type.items = a->type.base;
        a->type.base = TY_ARRAY;
        a->min_items = (int)lo;
    }
    a->access = (maccess){WHO_ALL, WHO_ALL, 1, 1};
    a->def.kind = a->required ? DEF_NONE : DEF_OPTIONAL;
}

/* A table of bodies, "Data type | Cardinality | Description" (no name column): what its
 * first row names is the structure the next structure table describes, when that one's
 * header does not say. */
static void body_table(model *m, const rtable *t)
{
    const strvec *h = &t->rows[t->nhead - 1];
    int type = -1, card = -1;
    for (int k = 0; k < h->n; k++) {
        char *w = model_words(h->v[k]);
        if (strcmp(w, "data type") == 0)
            type = k;
        else if (strcmp(w, "cardinality") == 0)
            card = k;
        free(w);
    }
    if (type != 0 || card < 0 || t->nrows <= t->nhead)
        return;
    const char *first = cell(t, t->nhead, type);
    int word = isalpha((unsigned char)first[0]);
    for (const char *p = first; *p && word; p++)
        word = isalnum((unsigned char)*p) || *p == '_';
    free(m->body_name);
    m->body_name = word ? xstrdup(first) : NULL;
    lead_operation(m, t, m->body_name);
}

/* A member of no data type (a table without the column, "(any type)") that has members
 * of its own is an object of them. */
static void typed_by_members(mattr *v, int n)
{
    for (int k = 0; k < n; k++) {
        typed_by_members(v[k].members, v[k].nmembers);
        if (!v[k].nmembers)
            continue;
        if (v[k].type.base == TY_NONE)
            v[k].type.base = TY_OBJECT;
        else if (v[k].type.base == TY_ARRAY && v[k].type.items == TY_NONE)
            v[k].type.items = TY_OBJECT;
    }
}

int structs_table(model *m, const rtable *t)
{
    if (t->nhead < 1)
        return 0;
    scols c;
    if (!struct_header(&t->rows[t->nhead - 1], &c)) {
        body_table(m, t);
        return 0;
    }
    m->structs = xgrow(m->structs, (size_t)m->nstructs, sizeof *m->structs);
    mstruct *st = &m->structs[m->nstructs++];
    memset(st, 0, sizeof *st);
    if (c.title && c.title[0]) {
        st->name = c.title;
    } else { /* the body the table before named, else the text before it */
        free(c.title);
        st->name = m->body_name ? m->body_name : name_from_text(t);
        m->body_name = NULL;
    }
    st->file = xstrdup(t->file);
    st->line = t->line;
    lead_operation(m, t, st->name);
    /* the rows: a stack of the members each depth adds to */
    enum { DEPTH_MAX = 32 };
    mattr **list[DEPTH_MAX + 1];
    int *count[DEPTH_MAX + 1];
    list[0] = &st->members;
    count[0] = &st->nmembers;
    int top = 0; /* the deepest level open */
    for (int r = t->nhead; r < t->nrows; r++) {
        int blank = 1;
        for (int k = 0; k < t->rows[r].n; k++)
            blank &= t->rows[r].v[k][0] == 0;
        if (blank)
            continue;
        mattr tmp;
        memset(&tmp, 0, sizeof tmp);
        tmp.valid.max_len = -1;
        int depth;
        read_member(m, t, &c, r, &tmp, &depth);
        if (!tmp.name[0]) {
            model_report(m, tmp.file, tmp.line, tmp.at[COL_NAME].col, DIAG_WARNING,
                         "bad-name", "member without a name");
            mattr_free(&tmp);
            continue;
        }
        if (depth > top) {
            if (depth > top + 1 || depth > DEPTH_MAX)
                model_report(m, tmp.file, tmp.line, tmp.at[COL_NAME].col, DIAG_WARNING,
                             "bad-nesting",
                       "'%s' has %d '>' signs, but the row above has %d: read as a member "
                       "of that row",
                       tmp.name, depth, top);
            if (top >= DEPTH_MAX || *count[top] == 0) {
                depth = top; /* nothing above to nest in */
            } else {
                mattr *parent = &(*list[top])[*count[top] - 1];
                top++;
                list[top] = &parent->members;
                count[top] = &parent->nmembers;
                depth = top;
            }
        }
        top = depth;
        int again = 0; /* a name its structure has already: kept, the first is checked */
        for (int k = 0; k < *count[top] && !again; k++)
            again = strcmp((*list[top])[k].name, tmp.name) == 0;
        if (again)
            model_report(m, tmp.file, tmp.line, tmp.at[COL_NAME].col, DIAG_WARNING,
                         "duplicate-member",
                         "'%s' is a member of this structure already: the schema and the "
                         "validators check the first",
                         tmp.name);
        mattr *a = push(list[top], count[top]);
        *a = tmp;
    }
    typed_by_members(st->members, st->nmembers);
    return 1;
}

/* ---- after every table ---- */

const mstruct *structs_find(const model *m, const char *name)
{
    for (int k = 0; k < m->nstructs; k++)
        if (m->structs[k].name && strcmp(m->structs[k].name, name) == 0)
            return &m->structs[k];
    return NULL;
}

static void resolve(model *m, mattr *v, int n)
{
    for (int k = 0; k < n; k++) {
        mattr *a = &v[k];
        if (a->ref && !a->nmembers && !structs_find(m, a->ref))
            model_report(m, a->file, a->at[COL_TYPE].line, a->at[COL_TYPE].col, DIAG_WARNING,
                         "unknown-structure",
                   "'%s' names no structure of this spec (add its table): its members "
                   "are not known, and not checked",
                   a->ref);
        resolve(m, a->members, a->nmembers);
    }
}

void structs_finish(model *m)
{
    for (int k = 0; k < m->nstructs; k++)
        resolve(m, m->structs[k].members, m->structs[k].nmembers);
}

/* ---- as JSON ---- */

static json_t *members_json(const mattr *v, int n)
{
    json_t *arr = json_array();
    for (int k = 0; k < n; k++) {
        const mattr *a = &v[k];
        json_t *ty = json_pack("{s:s}", "base", base_type_name(a->type.base));
        if (a->type.base == TY_ARRAY)
            json_object_set_new(ty, "items", json_string(base_type_name(a->type.items)));
        if (a->type.is_enum)
            json_object_set_new(ty, "enum", json_true());
        if (a->valid.enumv)
            json_object_set(ty, "values", a->valid.enumv);
        json_t *o = json_pack("{s:s, s:o, s:b, s:b}", "name", a->name, "type", ty, "required",
                              a->required, "free_form", a->free_form);
        if (a->format_name)
            json_object_set_new(o, "format", json_string(a->format_name));
        if (a->ref)
            json_object_set_new(o, "ref", json_string(a->ref));
        if (a->type.base == TY_ARRAY)
            json_object_set_new(o, "min_items", json_integer(a->min_items));
        if (a->data_type)
            json_object_set_new(o, "data_type", json_string(a->data_type));
        json_object_set_new(o, "cardinality", json_string(a->card ? a->card : ""));
        json_object_set_new(o, "description", json_string(a->description));
        json_object_set_new(o, "file", json_string(a->file));
        json_object_set_new(o, "line", json_integer(a->line));
        json_object_set_new(o, "members", members_json(a->members, a->nmembers));
        json_array_append_new(arr, o);
    }
    return arr;
}

json_t *structs_json(const model *m)
{
    json_t *arr = json_array();
    for (int k = 0; k < m->nstructs; k++) {
        const mstruct *s = &m->structs[k];
        json_array_append_new(arr, json_pack("{s:o, s:s, s:i, s:o}", "name",
                                             s->name ? json_string(s->name) : json_null(),
                                             "file", s->file, "line", s->line, "members",
                                             members_json(s->members, s->nmembers)));
    }
    return arr;
}
