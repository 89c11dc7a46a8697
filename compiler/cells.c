/* Cell parsers: docs/spec-format.md is their specification, table by table. */
#include "cells.h"

#include "util.h"

#include <attrc/attrc.h>

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int msg(cellmsg *m, cm_level level, const char *code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int msg(cellmsg *m, cm_level level, const char *code, const char *fmt, ...)
{
    m->level = level;
    m->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->text, sizeof m->text, fmt, ap);
    va_end(ap);
    return level == CM_ERROR ? -1 : 0;
}

/* Lower case, whitespace collapsed, no space before "(" or after "(" and before ")". */
static char *norm(const char *s)
{
    sbuf b = {0};
    sb_put_collapsed(&b, s, strlen(s));
    char *t = sb_take(&b);
    size_t o = 0;
    for (size_t i = 0; t[i]; i++) {
        char c = ascii_lower(t[i]);
        if (c == ' ' && (t[i + 1] == '(' || t[i + 1] == ')' || (o && t[o - 1] == '(')))
            continue;
        t[o++] = c;
    }
    t[o] = 0;
    return t;
}

static int in(const char *s, const char *const *words)
{
    for (int k = 0; words[k]; k++)
        if (strcmp(s, words[k]) == 0)
            return 1;
    return 0;
}

int cell_unsaid(const char *cell)
{
    static const char *const dashes[] = {"", "-", "--", "\xe2\x80\x93", "\xe2\x80\x94", NULL};
    char *s = norm(cell);
    int unsaid = in(s, dashes);
    free(s);
    return unsaid;
}

/* ---- edit distance, for hints ---- */

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return (size_t)-1;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = ascii_lower(a[i - 1]) == ascii_lower(b[j - 1]) ? 0 : 1;
            size_t best = diag + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *nearest_word(const char *s, const char *const *words, int n)
{
    const char *best = NULL;
    size_t bd = (size_t)-1;
    for (int k = 0; k < n; k++) {
        size_t d = edit_distance(s, words[k]);
        if (d < bd) {
            bd = d;
            best = words[k];
        }
    }
    size_t len = strlen(s);
    size_t limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
    return bd <= limit ? best : NULL;
}

/* ---- types ---- */

static const char *const base_names[] = {"none",       "string",  "uuid",    "ip",
                                         "cidr",       "mac",     "port-range", "boolean",
                                         "integer",    "number",  "array",   "object"};

const char *base_type_name(base_type b) { return base_names[b]; }

int base_is_string(base_type b) { return b >= TY_STRING && b <= TY_PORT_RANGE; }

static const struct {
    const char *word;
    base_type base;
} type_words[] = {
    {"string", TY_STRING},         {"str", TY_STRING},           {"enum", TY_STRING},
    {"uuid", TY_UUID},             {"uuid-str", TY_UUID},        {"string(uuid)", TY_UUID},
    {"ip", TY_IP},                 {"ip address", TY_IP},        {"string(ip address)", TY_IP},
    {"string(ip)", TY_IP},         {"cidr", TY_CIDR},            {"subnet", TY_CIDR},
    {"string(cidr)", TY_CIDR},     {"mac", TY_MAC},              {"mac address", TY_MAC},
    {"string(mac)", TY_MAC},       {"port-range", TY_PORT_RANGE}, {"bool", TY_BOOLEAN},
    {"boolean", TY_BOOLEAN},       {"int", TY_INTEGER},          {"integer", TY_INTEGER},
    {"number", TY_NUMBER},         {"float", TY_NUMBER},         {"list", TY_ARRAY},
    {"array", TY_ARRAY},           {"dict", TY_OBJECT},          {"object", TY_OBJECT},
    {"dictionary", TY_OBJECT},     {"json", TY_OBJECT},
};
#define NTYPE_WORDS (int)(sizeof type_words / sizeof type_words[0])

static int type_word(const char *s, base_type *b)
{
    for (int k = 0; k < NTYPE_WORDS; k++)
        if (strcmp(s, type_words[k].word) == 0) {
            *b = type_words[k].base;
            return 1;
        }
    return 0;
}

/* An item type: a type word, or its plural ("uuids", "dicts"). */
static int item_word(const char *s, base_type *b)
{
    if (type_word(s, b))
        return 1;
    size_t n = strlen(s);
    if (n > 1 && s[n - 1] == 's') {
        char *t = xstrndup(s, n - 1);
        int ok = type_word(t, b);
        free(t);
        return ok;
    }
    return 0;
}

static const char *alias_of(const char *s, const type_alias *al, int nal)
{
    for (int k = 0; k < nal; k++) {
        char *a = norm(al[k].name);
        int eq = strcmp(a, s) == 0;
        free(a);
        if (eq)
            return al[k].type;
    }
    return NULL;
}

static int type_of_norm(const char *s, mtype *t)
{
    base_type b, it;
    memset(t, 0, sizeof *t);
    size_t sl = strlen(s);
    /* "tristate": true, false or null; "TYPE or None" */
    if (strcmp(s, "tristate") == 0) {
        t->base = TY_BOOLEAN;
        t->nullable = 1;
        return 1;
    }
    for (const char *const *o = (const char *const[]){" or none", " or null", NULL}; *o; o++)
        if (sl > strlen(*o) && strcmp(s + sl - strlen(*o), *o) == 0) {
            char *head = xstrndup(s, sl - strlen(*o));
            int ok = type_of_norm(head, t);
            free(head);
            t->nullable = ok;
            return ok;
        }
    if (type_word(s, &b)) {
        t->base = b;
        t->is_enum = strcmp(s, "enum") == 0;
        return 1;
    }
    /* "ENUM (A, B)": the values in the type cell (enum_values() reads them) */
    if (strncmp(s, "enum(", 5) == 0 && sl > 6 && s[sl - 1] == ')') {
        t->base = TY_STRING;
        t->is_enum = 1;
        return 1;
    }
    size_t n = strlen(s);
    const char *inner = NULL;
    char *tmp = NULL;
    if (strncmp(s, "list of ", 8) == 0)
        inner = s + 8;
    else if (strncmp(s, "array of ", 9) == 0)
        inner = s + 9;
    else if ((strncmp(s, "list(", 5) == 0 || strncmp(s, "list[", 5) == 0) && n > 6 &&
             s[n - 1] == (s[4] == '(' ? ')' : ']'))
        inner = tmp = xstrndup(s + 5, n - 6);
    else if (n > 5 && strcmp(s + n - 5, " list") == 0)
        inner = tmp = xstrndup(s, n - 5);
    int ok = 0;
    if (inner && item_word(inner, &it) && it != TY_ARRAY) {
        t->base = TY_ARRAY;
        t->items = it;
        ok = 1;
    }
    free(tmp);
    return ok;
}

int parse_type(const char *cell, const type_alias *aliases, int naliases, mtype *t,
               cellmsg *m)
{
    char *s = norm(cell);
    int rc = 0;
    const char *al = alias_of(s, aliases, naliases);
    if (al) {
        char *a = norm(al);
        if (!type_of_norm(a, t))
            rc = msg(m, CM_ERROR, "unknown-type",
                     "type alias '%s' of the configuration stands for '%s', which is not a "
                     "type",
                     cell, al);
        free(a);
    } else if (!*s) {
        rc = msg(m, CM_ERROR, "unknown-type", "empty type cell");
    } else if (!type_of_norm(s, t)) {
        const char *words[NTYPE_WORDS + 8];
        int nw = 0;
        for (int k = 0; k < NTYPE_WORDS; k++)
            words[nw++] = type_words[k].word;
        for (int k = 0; k < naliases && nw < NTYPE_WORDS + 8; k++)
            words[nw++] = aliases[k].name;
        const char *near = nearest_word(s, words, nw);
        if (near)
            rc = msg(m, CM_ERROR, "unknown-type", "unknown type '%s'; did you mean '%s'?", cell,
                     near);
        else
            rc = msg(m, CM_ERROR, "unknown-type",
                     "unknown type '%s'; the types are string, uuid, ip, cidr, mac, "
                     "port-range, boolean, integer, number, list (of X), dict and enum, or an "
                     "alias in attrc.yaml",
                     cell);
    }
    free(s);
    return rc;
}

/* ---- access ---- */

static const char *const who_names[] = {"nobody", "admin", "owner", "all"};
const char *who_name(who w) { return who_names[w]; }

static who who_max(who a, who b) { return a > b ? a : b; }

/* What a mode allows: create (POST), read, update (PUT). */
enum { OP_C = 1, OP_R = 2, OP_U = 4, OP_RW = OP_C | OP_R | OP_U };

/* The operations a mode word allows: RO and R read, RW and RWU all three, a word of CRUD
 * letters each at most once ("CRU", "cr") those it names (D is the resource's, not an
 * attribute's); 0 for another word. */
static int mode_ops(const char *w)
{
    if (strcmp(w, "ro") == 0)
        return OP_R;
    if (strcmp(w, "rw") == 0 || strcmp(w, "rwu") == 0)
        return OP_RW;
    static const char letters[] = "crud"; /* their bits: OP_C, OP_R, OP_U, then D's */
    int seen = 0;
    for (const char *p = w; *p; p++) {
        const char *at = strchr(letters, *p);
        int bit = at ? 1 << (at - letters) : 0;
        if (!bit || (seen & bit))
            return 0;
        seen |= bit;
    }
    return seen & OP_RW;
}

int parse_access(const char *cell, maccess *a, cellmsg *m)
{
    memset(a, 0, sizeof *a);
    char *s = norm(cell);
    /* phrases first: they hold the separators */
    static const struct {
        const char *from, *to;
    } phrases[] = {{"(no update)", " !once "},     {"(post only)", " !once "},
                   {"(create only)", " !once "},   {"(no update) ", " !once "},
                   {"write on create", " rw !once "}, {"readonly after", " ro "},
                   {"read only", " ro "},          {"read-only", " ro "},
                   {"readonly", " ro "},           {"r/w", " rw "},
                   {"read/write", " rw "},         {"(admin)", " admin "},
                   {"(admin only)", " admin "},    {"(owner)", " owner "}};
    sbuf b = {0};
    for (size_t i = 0; s[i];) {
        int hit = 0;
        for (size_t k = 0; k < sizeof phrases / sizeof phrases[0]; k++) {
            size_t l = strlen(phrases[k].from);
            if (strncmp(s + i, phrases[k].from, l) == 0) {
                sb_puts(&b, phrases[k].to);
                i += l;
                hit = 1;
                break;
            }
        }
        if (!hit) {
            char c = s[i++];
            if (c == '(')
                sb_putc(&b, ' ');
            sb_putc(&b, (c == ',' || c == ';') ? ' ' : c);
        }
    }
    char *t = sb_take(&b);
    /* clauses MODE WHO; a mode is the operations it allows (RO is R, RW is CRU, CRUD
     * letters say theirs); "!once" marks the mode it follows or is in as create-only */
    enum { MAXC = 16 };
    typedef struct {
        int ops, group;
        who w;
    } clause;
    clause cl[MAXC];
    int ncl = 0, rc = 0, group = 0, mode = -1, used = 0;
    int once[MAXC + 1] = {0};
    char ignored[128] = "";
    char *save = NULL;
    for (char *w = strtok_r(t, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        who wh;
        int ops = mode_ops(w);
        if (ops) {
            if (mode >= 0 && !used && ncl < MAXC) /* "RW RO, admin": the first is for all */
                cl[ncl++] = (clause){mode, group, WHO_ALL};
            mode = ops;
            group = group < MAXC ? group + 1 : group;
            used = 0;
            continue;
        }
        if (strcmp(w, "!once") == 0) {
            once[group] = 1;
            continue;
        }
        if (strcmp(w, "only") == 0) /* "admin only" */
            continue;
        if (strcmp(w, "all") == 0 || strcmp(w, "everyone") == 0)
            wh = WHO_ALL;
        else if (strcmp(w, "admin") == 0 || strcmp(w, "admins") == 0)
            wh = WHO_ADMIN;
        else if (strcmp(w, "owner") == 0 || strcmp(w, "tenant") == 0 || strcmp(w, "project") == 0)
            wh = WHO_OWNER;
        else if (w[0] == '(') {
            /* a condition the model cannot hold: read without it, with a warning */
            size_t used_ = strlen(ignored);
            snprintf(ignored + used_, sizeof ignored - used_, "%s%s", used_ ? " " : "", w);
            while (w[strlen(w) - 1] != ')' && (w = strtok_r(NULL, " ", &save)) != NULL) {
                used_ = strlen(ignored);
                snprintf(ignored + used_, sizeof ignored - used_, " %s", w);
            }
            continue;
        } else {
            rc = msg(m, CM_ERROR, "bad-access",
                     "access '%s' not understood: '%s' is not RO, RW, CRUD letters, all, "
                     "admin or owner (write it as 'RO, all' or 'RW, admin')",
                     cell, w);
            goto out;
        }
        if (ncl < MAXC)
            cl[ncl++] = (clause){mode < 0 ? OP_RW : mode, group, wh}; /* no mode: RW */
        used = 1;
    }
    if (mode >= 0 && !used && ncl < MAXC) /* a mode alone: for all */
        cl[ncl++] = (clause){mode, group, WHO_ALL};
    for (int k = 0; k < ncl; k++) {
        if (cl[k].ops & OP_R)
            a->see = who_max(a->see, cl[k].w);
        if (cl[k].ops & (OP_C | OP_U))
            a->write = who_max(a->write, cl[k].w);
        if (cl[k].ops & OP_C)
            a->post = 1;
        if ((cl[k].ops & OP_U) && !once[cl[k].group])
            a->put = 1;
    }
    if (ncl && a->see == WHO_NOBODY) /* CRUD letters without R ("CU, all"): admins see it */
        a->see = WHO_ADMIN;
    if (!ncl) {
        if (*s)
            rc = msg(m, CM_ERROR, "bad-access",
                     "access '%s' not understood; write MODE, WHO as in 'RO, all' or 'RW, admin'",
                     cell);
        else
            rc = msg(m, CM_ERROR, "bad-access",
                     "empty access cell; write MODE, WHO as in 'RO, all' or 'RW, admin'");
    } else if (ignored[0]) {
        rc = msg(m, CM_WARNING, "access-condition",
                 "access '%s': the condition '%s' cannot be checked; read as if it were not "
                 "there",
                 cell, ignored);
    }
out:
    free(t);
    free(s);
    return rc;
}

/* ---- CRUD, required ---- */

int parse_crud(const char *cell, mcrud *c, cellmsg *m)
{
    memset(c, 0, sizeof *c);
    if (!*cell)
        return msg(m, CM_ERROR, "bad-crud", "empty CRUD cell; write the letters of C, R, U, D");
    for (const char *p = cell; *p; p++) {
        int *slot = NULL;
        switch (*p) {
        case 'C': case 'c': slot = &c->c; break;
        case 'R': case 'r': slot = &c->r; break;
        case 'U': case 'u': slot = &c->u; break;
        case 'D': case 'd': slot = &c->d; break;
        case ' ': case ',': continue;
        default: break;
        }
        if (!slot || *slot)
            return msg(m, CM_ERROR, "bad-crud",
                       "CRUD '%s' not understood: each of C, R, U and D at most once", cell);
        *slot = 1;
    }
    return 0;
}

int parse_required(const char *cell, int *req, cellmsg *m)
{
    char *s = norm(cell);
    static const char *const yes[] = {"yes", "y", "true", "required", "mandatory", NULL};
    static const char *const no[] = {"no", "n", "false", "optional", NULL};
    static const char *const na[] = {"", "n/a", "na", "-", NULL};
    int rc = 0;
    if (in(s, yes))
        *req = 1;
    else if (in(s, no))
        *req = 0;
    else if (in(s, na))
        *req = -1;
    else
        rc = msg(m, CM_ERROR, "bad-required", "required '%s' not understood; write Yes, No or N/A",
                 cell);
    free(s);
    return rc;
}

/* ---- literals ---- */

/* A number literal: 0, -1, 1.5, 1e3; *is_int says whether it is an integer. */
static int number_literal(const char *s, double *v, int *is_int)
{
    if (!*s)
        return 0;
    char *end;
    double d = strtod(s, &end);
    if (*end || !isfinite(d) || !(isdigit((unsigned char)s[0]) ||
                                  ((s[0] == '-' || s[0] == '+') && isdigit((unsigned char)s[1]))))
        return 0;
    *v = d;
    *is_int = strpbrk(s, ".eE") == NULL && fabs(d) < 9007199254740992.0;
    return 1;
}

static json_t *number_json(double v, int is_int)
{
    return is_int ? json_integer((json_int_t)v) : json_real(v);
}

/* 'x' or "x" (the whole text): the string inside. */
static char *quoted(const char *s)
{
    size_t n = strlen(s);
    if (n >= 2 && (s[0] == '\'' || s[0] == '"') && s[n - 1] == s[0]) {
        for (size_t i = 1; i + 1 < n; i++)
            if (s[i] == s[0])
                return NULL;
        return xstrndup(s + 1, n - 2);
    }
    return NULL;
}

static int is_bool_word(const char *s, int *b)
{
    char *t = norm(s);
    int ok = 1;
    if (strcmp(t, "true") == 0)
        *b = 1;
    else if (strcmp(t, "false") == 0)
        *b = 0;
    else
        ok = 0;
    free(t);
    return ok;
}

/* ---- defaults ---- */

static const char *const def_names[] = {"none", "generated", "null", "value", "project",
                                        "optional"};
const char *def_kind_name(def_kind k) { return def_names[k]; }

int parse_default(const char *cell, const mtype *t, mdefault *d, cellmsg *m)
{
    memset(d, 0, sizeof *d);
    char *s = norm(cell);
    static const char *const none[] = {"", "n/a", "na", "required", "(required)", "-", NULL};
    static const char *const gen[] = {"generated",           "auto",
                                      "auto-generated",      "autogenerated",
                                      "auto generated",      "automatically generated",
                                      "generated automatically", "allocated automatically",
                                      "server generated",    "generated by server",
                                      NULL};
    static const char *const nul[] = {"none", "null", NULL};
    static const char *const any[] = {"any", NULL};
    int rc = 0;
    if (in(s, none)) {
        d->kind = DEF_NONE;
    } else if (in(s, gen)) {
        d->kind = DEF_GENERATED;
    } else if (in(s, nul)) {
        d->kind = DEF_NULL;
    } else if (strcmp(s, "absent") == 0) {
        d->kind = DEF_OPTIONAL; /* optional: an absent attribute stays absent */
    } else if (base_is_string(t->base) &&
               (strcmp(s, "empty") == 0 || strcmp(s, "empty string") == 0)) {
        d->kind = DEF_VALUE;
        d->value = json_string("");
    } else if (in(s, any)) {
        d->kind = DEF_OPTIONAL;
        rc = msg(m, CM_WARNING, "default-guessed",
                 "default '%s' read as: optional, with no default value", cell);
    } else if ((strstr(s, "auth") && strstr(s, "token")) ||
               ((strstr(s, "current") || strstr(s, "caller")) &&
                (strstr(s, "project") || strstr(s, "tenant")))) {
        d->kind = DEF_PROJECT;
    } else {
        d->kind = DEF_VALUE;
        double num;
        int is_int, b;
        char *q = quoted(cell);
        int stringy = base_is_string(t->base);
        if (q) {
            d->value = json_string(q);
            free(q);
        } else if (cell[0] == '[' || cell[0] == '{') {
            json_error_t e;
            d->value = json_loads(cell, JSON_DECODE_ANY, &e);
            if (!d->value && (strcmp(s, "[]") == 0 || strcmp(s, "[ ]") == 0))
                d->value = json_array();
            if (!d->value && (strcmp(s, "{}") == 0 || strcmp(s, "{ }") == 0))
                d->value = json_object();
            if (!d->value)
                rc = msg(m, CM_ERROR, "bad-default",
                         "default '%s' is not a JSON array or object: %s", cell, e.text);
        } else if (stringy) {
            /* a string type takes the cell's text as it is: red, 200, IPv4 */
            d->value = json_string(cell);
        } else if (is_bool_word(cell, &b)) {
            d->value = json_boolean(b);
        } else if (number_literal(cell, &num, &is_int)) {
            d->value = number_json(num, is_int);
        } else {
            rc = msg(m, CM_ERROR, "bad-default",
                     "default '%s' is not a value of type %s (write it as JSON, or N/A, None, "
                     "generated)",
                     cell, base_type_name(t->base));
        }
        if (!d->value && rc == 0)
            rc = msg(m, CM_ERROR, "bad-default", "default '%s' not understood", cell);
    }
    free(s);
    return rc;
}

/* ---- validation ---- */

void mvalid_free(mvalid *v)
{
    json_decref(v->enumv);
    free(v->unparsed);
    memset(v, 0, sizeof *v);
    v->max_len = -1;
}

/* A bare enum item: a word of letters, digits, '_', '-', '.' (no spaces). */
static int bare_item(const char *s)
{
    if (!*s)
        return 0;
    for (const char *p = s; *p; p++)
        if (!(isalnum((unsigned char)*p) || *p == '_' || *p == '-' || *p == '.' || *p == ':'))
            return 0;
    return 1;
}

/* An enum: 'a', 'b', or 'c' / 'a','b' / a/b / true/false / 4/6.  Items are read for the
 * type; returns the array, or NULL when the cell is not an enum. */
static json_t *enum_values(const char *cell, const mtype *t, int *quoted_any)
{
    sbuf b = {0};
    /* " or " and ", or" separate like "," and "/" and "|" */
    for (size_t i = 0; cell[i];) {
        if ((cell[i] == ' ' && strncmp(cell + i, " or ", 4) == 0)) {
            sb_putc(&b, ',');
            i += 4;
        } else if (cell[i] == '/' || cell[i] == '|') {
            sb_putc(&b, ',');
            i++;
        } else {
            sb_putc(&b, cell[i++]);
        }
    }
    char *s = sb_take(&b);
    json_t *a = json_array();
    int ok = 1, nq = 0;
    char *save = NULL;
    for (char *w = strtok_r(s, ",", &save); w && ok; w = strtok_r(NULL, ",", &save)) {
        sbuf it = {0};
        sb_put_collapsed(&it, w, strlen(w));
        char *item = sb_take(&it);
        if (!*item) {
            free(item);
            continue;
        }
        char *q = quoted(item);
        double num;
        int is_int, bl;
        json_t *v = NULL;
        if (q) {
            nq++;
            if (base_is_string(t->base))
                v = json_string(q);
            free(q);
        } else if (!bare_item(item)) {
            ok = 0;
        } else if (t->base == TY_BOOLEAN && is_bool_word(item, &bl)) {
            v = json_boolean(bl);
        } else if ((t->base == TY_INTEGER || t->base == TY_NUMBER) &&
                   number_literal(item, &num, &is_int) && (is_int || t->base == TY_NUMBER)) {
            v = number_json(num, is_int);
        } else if (base_is_string(t->base)) {
            v = json_string(item);
        }
        if (!v)
            ok = 0;
        else
            json_array_append_new(a, v);
        free(item);
    }
    free(s);
    *quoted_any = nq;
    if (!ok || json_array_size(a) == 0) {
        json_decref(a);
        return NULL;
    }
    return a;
}

/* Bounds: "0-65535", "1 to 100", ">= 1", "< 256", "[1, 65535]", "0..100". */
static int bounds(const char *s, mvalid *v)
{
    double a, b;
    int ia, ib;
    char x[64], y[64];
    const char *ops[] = {">=", "<=", ">", "<", "=>", "=<"};
    for (int k = 0; k < 6; k++) {
        size_t l = strlen(ops[k]);
        if (strncmp(s, ops[k], l) == 0) {
            const char *r = s + l;
            while (*r == ' ')
                r++;
            if (!number_literal(r, &a, &ia))
                return 0;
            int lower = ops[k][0] == '>' || (ops[k][0] == '=' && ops[k][1] == '>');
            int strict = l == 1;
            if (lower)
                v->has_min = 1, v->min = a, v->min_excl = strict;
            else
                v->has_max = 1, v->max = a, v->max_excl = strict;
            return 1;
        }
    }
    if (sscanf(s, "[%63[^,], %63[^]]]", x, y) == 2 || sscanf(s, "%63s to %63s", x, y) == 2 ||
        sscanf(s, "between %63s and %63s", x, y) == 2) {
        size_t lx = strlen(x), ly = strlen(y);
        /* sscanf's %s stops at spaces only: the whole cell must have been read */
        char *back = xmalloc(lx + ly + 32);
        snprintf(back, lx + ly + 32, "[%s, %s]", x, y);
        int whole = strcmp(back, s) == 0;
        snprintf(back, lx + ly + 32, "%s to %s", x, y);
        whole |= strcmp(back, s) == 0;
        snprintf(back, lx + ly + 32, "between %s and %s", x, y);
        whole |= strcmp(back, s) == 0;
        free(back);
        if (whole && number_literal(x, &a, &ia) && number_literal(y, &b, &ib) && a <= b) {
            v->has_min = v->has_max = 1;
            v->min = a, v->max = b;
            return 1;
        }
        return 0;
    }
    /* N-M and N..M, N possibly negative */
    const char *p = s + (s[0] == '-' ? 1 : 0);
    while (isdigit((unsigned char)*p) || *p == '.')
        p++;
    if (p == s || (p[0] != '-' && !(p[0] == '.' && p[1] == '.')))
        return 0;
    size_t left = (size_t)(p - s);
    if (p[0] == '.' && left > 0 && s[left - 1] == '.')
        return 0;
    const char *q = p[0] == '-' ? p + 1 : p + 2;
    if (left >= sizeof x)
        return 0;
    memcpy(x, s, left);
    x[left] = 0;
    if (number_literal(x, &a, &ia) && number_literal(q, &b, &ib) && a <= b) {
        v->has_min = v->has_max = 1;
        v->min = a, v->max = b;
        return 1;
    }
    return 0;
}

/* Lengths: "max 255", "string, max 255", "max length 255", "maxLength 255", "255 chars". */
static int length(const char *s, mvalid *v)
{
    static const char *const pre[] = {"string, max length ", "string, max ", "max length ",
                                      "maxlength ",          "max len ",    "max ",
                                      "length <= ",          "len <= ",     "up to ",
                                      "string up to ",       "string, up to ", NULL};
    for (int k = 0; pre[k]; k++) {
        size_t l = strlen(pre[k]);
        if (strncmp(s, pre[k], l) == 0) {
            const char *r = s + l;
            char *end;
            long n = strtol(r, &end, 10);
            if (end == r || n < 0)
                return 0;
            while (*end == ' ')
                end++;
            if (*end && strcmp(end, "characters") && strcmp(end, "chars") &&
                strcmp(end, "characters long"))
                return 0;
            v->max_len = n;
            return 1;
        }
    }
    return 0;
}

int parse_validation(const char *cell, const mtype *t, mvalid *v, cellmsg *m)
{
    memset(v, 0, sizeof *v);
    v->max_len = -1;
    char *s = norm(cell);
    static const char *const nothing[] = {"", "n/a", "na", "none", "-", "no", NULL};
    static const char *const uuid[] = {"uuid", "uuid_pattern", "uuid-str", "string(uuid)",
                                       "uuid pattern", "uuid format", NULL};
    static const char *const ip[] = {"ipv4 or ipv6", "ipv6 or ipv4", "ip address", "ip",
                                     "ipv4/ipv6", "ipv4/6", NULL};
    int rc = 0, nq = 0;
    mtype vt;
    double num;
    int is_int;
    json_t *e = NULL;
    /* a WSME type, as Octavia's and Ironic's specs write them: "types.IPAddressType()" */
    const char *w = s;
    if (strncmp(w, "wtypes.", 7) == 0 || strncmp(w, "types.", 6) == 0)
        w = strchr(w, '.') + 1;
    size_t wn = strlen(w);
    static const struct {
        const char *name;
        vformat f;
    } wsme[] = {{"ipaddresstype", FMT_IP}, {"ipv4addresstype", FMT_IPV4},
                {"ipv6addresstype", FMT_IPV6}, {"uuidtype", FMT_UUID}};
    int wsme_f = -1;
    for (size_t k = 0; k < sizeof wsme / sizeof wsme[0] && w != s; k++)
        if (wn >= strlen(wsme[k].name) && strncmp(w, wsme[k].name, strlen(wsme[k].name)) == 0 &&
            (w[strlen(wsme[k].name)] == 0 || strcmp(w + strlen(wsme[k].name), "()") == 0))
            wsme_f = (int)wsme[k].f;
    if (wsme_f >= 0) {
        if (wsme_f == FMT_UUID && t->base == TY_ARRAY)
            v->items_format = TY_UUID;
        else
            v->format = (vformat)wsme_f;
    } else if (in(s, nothing)) {
    } else if (in(s, uuid) || strncmp(s, "uuid of ", 8) == 0) {
        if (t->base == TY_ARRAY)
            v->items_format = TY_UUID;
        else
            v->format = FMT_UUID;
    } else if (in(s, ip)) {
        v->format = FMT_IP;
    } else if (strcmp(s, "ipv4") == 0) {
        v->format = FMT_IPV4;
    } else if (strcmp(s, "ipv6") == 0) {
        v->format = FMT_IPV6;
    } else if (strcmp(s, "uuid list") == 0 || strcmp(s, "list of uuid") == 0 ||
               strcmp(s, "list of uuids") == 0) {
        v->items_format = TY_UUID;
    } else if (type_of_norm(s, &vt)) {
        /* a bare type word says nothing beyond the type */
    } else if (bounds(s, v) || length(s, v)) {
        if (t->base == TY_PORT_RANGE && v->has_min && v->has_max && v->min == 0 &&
            v->max == 65535 && !v->min_excl && !v->max_excl) {
            /* the range every port-range has: nothing to add */
            v->has_min = v->has_max = 0;
        } else if ((v->has_min || v->has_max) && t->base != TY_INTEGER && t->base != TY_NUMBER)
            rc = msg(m, CM_ERROR, "validation-type-mismatch",
                     "validation '%s' gives bounds, but the type is %s, not a number", cell,
                     base_type_name(t->base));
        else if (v->max_len >= 0 && !base_is_string(t->base))
            rc = msg(m, CM_ERROR, "validation-type-mismatch",
                     "validation '%s' gives a length, but the type is %s, not a string", cell,
                     base_type_name(t->base));
    } else if (!number_literal(cell, &num, &is_int) && (e = enum_values(cell, t, &nq)) &&
               (json_array_size(e) >= 2 || nq > 0)) {
        v->enumv = e;
        e = NULL;
    } else {
        v->unparsed = xstrdup(cell);
        rc = msg(m, CM_WARNING, "validation-not-understood",
                 "validation '%s' not understood; no check generated (the text goes into the "
                 "description)",
                 cell);
    }
    json_decref(e);
    free(s);
    return rc;
}

/* ---- values against types ---- */

static int fits_base(const json_t *v, base_type b, char *why, size_t wn)
{
    const char *s;
    size_t n;
    switch (b) {
    case TY_NONE:
        return 1;
    case TY_STRING:
    case TY_UUID:
    case TY_IP:
    case TY_CIDR:
    case TY_MAC:
    case TY_PORT_RANGE:
        if (!json_is_string(v)) {
            snprintf(why, wn, "it is not a string");
            return 0;
        }
        s = json_string_value(v);
        n = json_string_length(v);
        if ((b == TY_UUID && !attrc_is_uuid(s, n)) || (b == TY_IP && !attrc_is_ip(s, n)) ||
            (b == TY_CIDR && !attrc_is_cidr(s, n)) || (b == TY_MAC && !attrc_is_mac(s, n)) ||
            (b == TY_PORT_RANGE && !attrc_is_port_range(s, n))) {
            snprintf(why, wn, "'%s' is not a valid %s", s, base_type_name(b));
            return 0;
        }
        return 1;
    case TY_BOOLEAN:
        if (!json_is_boolean(v)) {
            snprintf(why, wn, "it is not a boolean");
            return 0;
        }
        return 1;
    case TY_INTEGER:
        if (!json_is_integer(v)) {
            snprintf(why, wn, "it is not an integer");
            return 0;
        }
        return 1;
    case TY_NUMBER:
        if (!json_is_number(v)) {
            snprintf(why, wn, "it is not a number");
            return 0;
        }
        return 1;
    case TY_ARRAY:
        if (!json_is_array(v)) {
            snprintf(why, wn, "it is not a list");
            return 0;
        }
        return 1;
    case TY_OBJECT:
        if (!json_is_object(v)) {
            snprintf(why, wn, "it is not a dict");
            return 0;
        }
        return 1;
    }
    return 0;
}

int value_fits(const json_t *v, const mtype *t, int nullable, const mvalid *val, char *why,
               size_t wn)
{
    if (json_is_null(v)) {
        if (nullable)
            return 1;
        snprintf(why, wn, "it is null");
        return 0;
    }
    if (!fits_base(v, t->base, why, wn))
        return 0;
    if (t->base == TY_ARRAY) {
        size_t i;
        json_t *it;
        base_type items = val && val->items_format ? val->items_format : t->items;
        json_array_foreach(v, i, it) if (!fits_base(it, items, why, wn)) return 0;
    }
    if (!val)
        return 1;
    if (val->enumv) {
        int found = 0;
        size_t i;
        json_t *e;
        json_array_foreach(val->enumv, i, e) found |= json_equal(e, (json_t *)v);
        if (!found) {
            char *txt = json_dumps(v, JSON_ENCODE_ANY);
            char *allowed = json_dumps(val->enumv, JSON_COMPACT);
            snprintf(why, wn, "%s is not one of %s", txt ? txt : "it", allowed ? allowed : "");
            free(txt);
            free(allowed);
            return 0;
        }
    }
    if (json_is_number(v)) {
        double d = json_number_value(v);
        if (val->has_min && (d < val->min || (val->min_excl && d == val->min))) {
            snprintf(why, wn, "%g is below the minimum %g", d, val->min);
            return 0;
        }
        if (val->has_max && (d > val->max || (val->max_excl && d == val->max))) {
            snprintf(why, wn, "%g is above the maximum %g", d, val->max);
            return 0;
        }
    }
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t n = json_string_length(v);
        if (val->max_len >= 0 && attrc_utf8_length(s, n) > val->max_len) {
            snprintf(why, wn, "it is longer than %ld characters", val->max_len);
            return 0;
        }
        if ((val->format == FMT_UUID && !attrc_is_uuid(s, n)) ||
            (val->format == FMT_IP && !attrc_is_ip(s, n)) ||
            (val->format == FMT_IPV4 && !attrc_is_ipv4(s, n)) ||
            (val->format == FMT_IPV6 && !attrc_is_ipv6(s, n))) {
            snprintf(why, wn, "'%s' is not in the format the validation asks for", s);
            return 0;
        }
    }
    return 1;
}

json_t *type_cell_enum(const char *cell, const mtype *t)
{
    const char *open = strchr(cell, '('), *close = strrchr(cell, ')');
    if (!open || !close || close < open)
        return NULL;
    char *inner = xstrndup(open + 1, (size_t)(close - open - 1));
    int quoted_any;
    json_t *v = enum_values(inner, t, &quoted_any);
    free(inner);
    return v;
}

/* ---- what a description states, where its cell says nothing ---- */

/* `s` in lower case, byte for byte (offsets into it are offsets into `s`). */
static char *lower_copy(const char *s)
{
    char *t = xstrdup(s);
    for (char *p = t; *p; p++)
        *p = ascii_lower(*p);
    return t;
}

/* The sentence of `s` (lower case) around offset `at`: [*from, *to). */
static void sentence_at(const char *s, size_t at, size_t *from, size_t *to)
{
    size_t a = at, b = at, n = strlen(s);
    while (a > 0 && !(a >= 2 && s[a - 1] == ' ' && s[a - 2] == '.'))
        a--;
    while (b < n && !(s[b] == '.' && (s[b + 1] == ' ' || s[b + 1] == 0)))
        b++;
    *from = a;
    *to = b;
}

/* Whether the words of a list of values come before `at` in its sentence. */
static int cued(const char *low, size_t at)
{
    static const char *const cues[] = {"can be", "one of", "either", "must be", "only",
                                       "valid values", "allowed values", "possible values",
                                       "values are", NULL};
    size_t a, b;
    sentence_at(low, at, &a, &b);
    for (int k = 0; cues[k]; k++) {
        const char *hit = strstr(low + a, cues[k]);
        if (hit && (size_t)(hit - low) < b)
            return 1;
    }
    return 0;
}

static int is_sep_word(const char *p, size_t *len)
{
    static const char *const seps[] = {", or ", ", and ", " or ", " and ", ", ", " / ", "/",
                                       ",", NULL};
    for (int k = 0; seps[k]; k++)
        if (strncmp(p, seps[k], strlen(seps[k])) == 0) {
            *len = strlen(seps[k]);
            return 1;
        }
    return 0;
}

/* 'a' or 'b', "a", "b" and "c": a run of two or more quoted words (or one, `min` 1). */
static json_t *quoted_run(const char *d, const mtype *t, int min, size_t *at)
{
    for (size_t i = 0; d[i]; i++) {
        char q = d[i];
        if ((q != '\'' && q != '"') || (i && isalnum((unsigned char)d[i - 1])))
            continue;
        json_t *a = json_array();
        size_t p = i;
        for (;;) {
            const char *end = d[p] == q ? strchr(d + p + 1, q) : NULL;
            if (!end || end == d + p + 1 || isalnum((unsigned char)end[1]))
                break;
            char *item = xstrndup(d + p + 1, (size_t)(end - d - p - 1));
            int ok = bare_item(item) && base_is_string(t->base);
            if (ok)
                json_array_append_new(a, json_string(item));
            free(item);
            if (!ok)
                break;
            p = (size_t)(end - d) + 1;
            size_t l;
            if (!is_sep_word(d + p, &l))
                break;
            p += l;
        }
        if ((int)json_array_size(a) >= min) {
            *at = i;
            return a;
        }
        json_decref(a);
    }
    return NULL;
}

/* Bare words separated by commas, "or", "and", "/", up to the end of the text: "VLAN,
 * VxLAN, GRE"; NULL unless two or more, each a bare item (all upper case with `caps`). */
static json_t *bare_run(const char *s, const mtype *t, int caps)
{
    if (!base_is_string(t->base))
        return NULL;
    json_t *a = json_array();
    size_t p = 0, n = strlen(s);
    while (p < n) {
        size_t e = p, l = 0;
        while (e < n && !is_sep_word(s + e, &l))
            e++;
        char *item = xstrndup(s + p, e - p);
        int ok = bare_item(item) && (!caps || !strpbrk(item, "abcdefghijklmnopqrstuvwxyz"));
        if (ok)
            json_array_append_new(a, json_string(item));
        free(item);
        if (!ok) {
            json_decref(a);
            return NULL;
        }
        p = e + l;
    }
    if (json_array_size(a) < 2) {
        json_decref(a);
        return NULL;
    }
    return a;
}

json_t *description_enum(const char *desc, const mtype *t, const char **how)
{
    char *low = lower_copy(desc);
    json_t *v = NULL;
    size_t at = 0;
    /* 'IPv4' or 'IPv6', after "can be", "one of", ...; for a type enum, any such run */
    if ((v = quoted_run(desc, t, t->is_enum ? 1 : 2, &at)) != NULL &&
        !(t->is_enum || cued(low, at))) {
        json_decref(v);
        v = NULL;
    }
    if (v)
        *how = "the quoted values";
    /* (ALLOW, DENY, REJECT): every item upper case unless the type says enum */
    for (const char *o = strchr(desc, '('); !v && o; o = strchr(o + 1, '(')) {
        const char *c = strchr(o, ')');
        if (!c)
            break;
        char *inner = xstrndup(o + 1, (size_t)(c - o - 1));
        if (!strstr(low, "e.g") && !strstr(low, "such as") && !strstr(low, "for example"))
            v = bare_run(inner, t, !t->is_enum);
        free(inner);
        if (v)
            *how = "the list in parentheses";
    }
    /* One of VLAN, VxLAN, GRE.: only where the type says enum */
    static const char *const cues[] = {"one of ", "either ", "can be ", "values are ",
                                       "values: ", NULL};
    for (int k = 0; !v && t->is_enum && cues[k]; k++) {
        const char *hit = strstr(low, cues[k]);
        if (!hit)
            continue;
        size_t from = (size_t)(hit - low) + strlen(cues[k]), a, b;
        sentence_at(low, from, &a, &b);
        char *run = xstrndup(desc + from, b - from);
        v = bare_run(run, t, 0);
        free(run);
        if (v)
            *how = "the values it lists";
    }
    free(low);
    return v;
}

base_type description_format(const char *desc, const char *name)
{
    static const struct {
        const char *words, *name_end;
        base_type b;
    } forms[] = {
        {"ip address", "ip", TY_IP},         {"ip address", "address", TY_IP},
        {"cidr", "cidr", TY_CIDR},           {"mac address", "mac", TY_MAC},
        {"mac address", "mac_address", TY_MAC}, {"uuid", "id", TY_UUID},
    };
    char *low = norm(desc);
    size_t nl = strlen(name);
    base_type found = TY_NONE;
    int n = 0;
    for (size_t k = 0; k < sizeof forms / sizeof forms[0]; k++) {
        size_t el = strlen(forms[k].name_end);
        int name_says = nl >= el && strcmp(name + nl - el, forms[k].name_end) == 0 &&
                        (nl == el || name[nl - el - 1] == '_');
        if (name_says && strstr(low, forms[k].words) && found != forms[k].b) {
            found = forms[k].b;
            n++;
        }
    }
    /* a description that names two formats ("an IP address or a CIDR") is no reading */
    int named = !!strstr(low, "ip address") + !!strstr(low, "cidr") +
                !!strstr(low, "mac address") + !!strstr(low, "uuid");
    if (n != 1 || named != 1)
        found = TY_NONE;
    free(low);
    return found;
}

char *description_default(const char *desc)
{
    static const char *const lead[] = {"default: ", "default is ", "defaults to ",
                                       "default value is ", "default value: ", NULL};
    char *low = lower_copy(desc);
    char *out = NULL;
    for (int k = 0; lead[k] && !out; k++) {
        for (const char *hit = strstr(low, lead[k]); hit; hit = strstr(hit + 1, lead[k])) {
            size_t at = (size_t)(hit - low), a, b;
            sentence_at(low, at, &a, &b);
            if (a != at) /* the sentence must start with it */
                continue;
            size_t from = at + strlen(lead[k]);
            if (b <= from || b - from > 48)
                continue;
            out = xstrndup(desc + from, b - from);
            break;
        }
    }
    free(low);
    return out;
}
