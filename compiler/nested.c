/* Nested attributes: the members of a dict attribute, from its cells, a sub-table or
 * attrc.yaml (nested.h, docs/spec-format.md "Nested attributes"). */
#include "nested.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

void nested_access(mattr *a)
{
    for (int k = 0; k < a->nmembers; k++) {
        if (!a->members[k].own_access)
            a->members[k].access = a->access;
        nested_access(&a->members[k]);
    }
}

int nested_is_object(const mattr *a)
{
    return a->type.base == TY_OBJECT || (a->type.base == TY_ARRAY && a->type.items == TY_OBJECT);
}

static int key_char(char c) { return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.'; }

static int is_quote(char c) { return c == '\'' || c == '"'; }

/* The first of v[0..n) named `name` (a name written twice: the first, as the emitters
 * check it). */
static mattr *find_in(mattr *v, int n, const char *name, size_t len)
{
    for (int k = 0; k < n; k++)
        if (strlen(v[k].name) == len && memcmp(v[k].name, name, len) == 0)
            return &v[k];
    return NULL;
}

/* s without white space (and `also`) at both ends: a new string. */
static char *trim(const char *s, size_t n, const char *also)
{
    while (n && (isspace((unsigned char)*s) || strchr(also, *s))) {
        s++;
        n--;
    }
    while (n && (isspace((unsigned char)s[n - 1]) || strchr(also, s[n - 1])))
        n--;
    return xstrndup(s, n);
}

/* The words that mark an object free-form, in a cell. */
static int free_form_words(const char *s)
{
    static const char *const w[] = {"free-form", "free form", "freeform", "any keys",
                                    "any key", "arbitrary keys", "free-form dict",
                                    "free-form object"};
    char *t = trim(s, strlen(s), "()."), *p;
    for (p = t; *p; p++)
        *p = ascii_lower(*p);
    int hit = 0;
    for (size_t k = 0; k < sizeof w / sizeof w[0] && !hit; k++)
        hit = strcmp(t, w[k]) == 0;
    free(t);
    return hit;
}

/* Whether `s` (lower case) starts with word `w`, followed by the end or a non-letter. */
static int starts_word(const char *s, const char *w)
{
    size_t n = strlen(w);
    return ascii_strnieq(s, w, n) && !isalpha((unsigned char)s[n]);
}

int nested_type_split(const char *cell, char **head, char **members, int *free_form,
                      int *bracketed)
{
    *head = *members = NULL;
    *free_form = *bracketed = 0;
    size_t n = strlen(cell);
    /* "free-form dict", "free form object" */
    static const char *const ff[] = {"free-form ", "free form ", "freeform "};
    for (size_t k = 0; k < sizeof ff / sizeof ff[0]; k++)
        if (ascii_strnieq(cell, ff[k], strlen(ff[k]))) {
            *head = trim(cell + strlen(ff[k]), n - strlen(ff[k]), "");
            *free_form = 1;
            return 1;
        }
    /* the first ':', '(', '{' or " with keys" / " with members" / " with fields" ends the
     * type */
    size_t at = n, from = n;
    for (size_t i = 0; i < n && at == n; i++) {
        if (cell[i] == ':' || cell[i] == '(' || cell[i] == '{') {
            at = i;
            from = i + 1;
        } else if (cell[i] == ' ') {
            static const char *const with[] = {" with keys", " with members", " with fields",
                                               " with key", " keys", " having keys"};
            for (size_t k = 0; k < sizeof with / sizeof with[0] && at == n; k++)
                if (ascii_strnieq(cell + i, with[k], strlen(with[k])) &&
                    !isalpha((unsigned char)cell[i + strlen(with[k])])) {
                    at = i;
                    from = i + strlen(with[k]);
                }
        }
    }
    if (at == n || at == 0)
        return 0;
    size_t to = n;
    char open = cell[at];
    if ((open == '(' || open == '{') && n && cell[n - 1] == (open == '(' ? ')' : '}'))
        to = n - 1;
    if (open == '(' || open == '{') {
        /* the bracket closes at the end, or the cell is something else ("list(dict)") */
        if (to == n)
            return 0;
    }
    *bracketed = open == '(' || open == '{';
    char *rest = trim(cell + from, to - from, ":");
    if (!rest[0]) {
        free(rest);
        return 0;
    }
    *head = trim(cell, at, "");
    if (free_form_words(rest)) {
        *free_form = 1;
        free(rest);
    } else {
        *members = rest;
    }
    return 1;
}

/* The start of the next `KEY:` at or after i (a KEY at an item's start: the text's
 * start, or after white space, ',', ';', '{' or '('); sets the key and where its value
 * starts.  `quoted_only`: only 'KEY':.  Returns n when there is none. */
static size_t next_key(const char *s, size_t n, size_t i, int quoted_only, size_t *k0,
                       size_t *k1, size_t *val)
{
    for (; i < n; i++) {
        if (i && !strchr(" ,;{(", s[i - 1]))
            continue;
        size_t j = i;
        char q = is_quote(s[j]) ? s[j++] : 0;
        if (quoted_only && !q)
            continue;
        size_t a = j;
        if (j >= n || !(isalpha((unsigned char)s[j]) || s[j] == '_'))
            continue;
        while (j < n && key_char(s[j]))
            j++;
        size_t b = j;
        if (q) {
            if (j >= n || s[j] != q)
                continue;
            j++;
        }
        while (j < n && s[j] == ' ')
            j++;
        if (j < n && s[j] == ':' && (j + 1 >= n || s[j + 1] != ':')) {
            *k0 = a;
            *k1 = b;
            *val = j + 1;
            return i;
        }
    }
    return n;
}

/* A member named s[k0..k1) whose facets `spec` gives ("ip", "ip, required", "'A','B'",
 * "" for none): appended to a. */
static int add_member(model *m, mattr *a, const char *name, const char *spec,
                      const char *file, rpos at)
{
    if (!model_name_ok(name)) {
        model_report(m, file, at.line, at.col, DIAG_ERROR, "bad-member",
                     "'%s' is not a member name (letters, digits, '_', '-', '.' and ':', not "
                     "first a digit)",
                     name);
        return -1;
    }
    mattr v;
    memset(&v, 0, sizeof v);
    v.name = xstrdup(name);
    v.c_name = c_mangle(name);
    v.file = xstrdup(file ? file : m->file);
    v.line = at.line;
    v.at[COL_NAME] = v.at[COL_TYPE] = at;
    v.access = a->access;
    v.valid.max_len = -1;
    v.description = xstrdup("");
    int ok = 0, typed = 0;
    /* its facets: comma-separated words, quoted values, a type; "TYPE (required)" is
     * "TYPE, required" (a parenthesis after a space: "list(uuid)" stays) */
    json_t *values = NULL;
    char *flat = xstrdup(spec);
    int open[16], nopen = 0;
    for (size_t i = 0; flat[i]; i++) {
        if (flat[i] == '(' && nopen < 16) {
            open[nopen++] = i > 0 && flat[i - 1] == ' ';
            if (open[nopen - 1])
                flat[i] = ',';
        } else if (flat[i] == ')' && nopen > 0 && open[--nopen]) {
            flat[i] = ' ';
        }
    }
    spec = flat;
    size_t n = strlen(spec);
    for (size_t i = 0; i <= n;) {
        size_t j = i;
        int depth = 0;
        while (j < n && (depth || spec[j] != ',')) {
            depth += spec[j] == '(' ? 1 : spec[j] == ')' ? -1 : 0;
            j++;
        }
        char *w = trim(spec + i, j - i, "()");
        i = j + 1;
        if (!w[0]) {
            free(w);
            continue;
        }
        size_t wl = strlen(w);
        if (ascii_ieq(w, "required")) {
            v.required = 1;
        } else if (ascii_ieq(w, "optional")) {
            v.required = 0;
        } else if (free_form_words(w)) {
            v.type.base = TY_OBJECT;
            v.free_form = 1;
            typed = 1;
        } else if (wl >= 2 && is_quote(w[0]) && w[wl - 1] == w[0]) {
            if (!values)
                values = json_array();
            json_array_append_new(values, json_stringn(w + 1, wl - 2));
        } else if (typed) {
            model_report(m, file, at.line, at.col, DIAG_ERROR, "bad-member",
                         "member '%s' is given two types ('%s' is the second); write one, "
                         "and 'required' where it must be there",
                         name, w);
            ok = -1;
        } else {
            const config *cfg = m->o->cfg;
            cellmsg cm = {0};
            if (parse_type(w, cfg ? cfg->aliases : NULL, cfg ? cfg->naliases : 0, &v.type,
                           &cm) != 0) {
                model_report(m, file, at.line, at.col, DIAG_ERROR, cm.code,
                             "member '%s': %s", name, cm.text);
                ok = -1;
            }
            typed = 1;
        }
        free(w);
    }
    free(flat);
    if (values) {
        if (!typed)
            v.type.base = TY_STRING;
        if (!base_is_string(v.type.base)) {
            model_report(m, file, at.line, at.col, DIAG_ERROR, "bad-member",
                         "member '%s' lists quoted values, but its type is %s", name,
                         base_type_name(v.type.base));
            ok = -1;
            json_decref(values);
        } else {
            v.valid.enumv = values;
        }
    }
    v.nullable = v.type.nullable;
    a->members = xgrow(a->members, (size_t)a->nmembers, sizeof *a->members);
    a->members[a->nmembers++] = v;
    return ok;
}

int nested_members(model *m, mattr *a, const char *text, const char *file, rpos at,
                   int quoted_only)
{
    char *whole = trim(text, strlen(text), "");
    if (whole[0] == '{' && whole[strlen(whole) - 1] == '}') { /* "{start: ip, end: ip}" */
        char *inner = trim(whole + 1, strlen(whole) - 2, "");
        int rc = nested_members(m, a, inner, file, at, quoted_only);
        free(inner);
        free(whole);
        return rc;
    }
    free(whole);
    if (!quoted_only && (starts_word(text, "keys") || starts_word(text, "members"))) {
        /* "keys: start, end", "members: a: ip" */
        const char *rest = text + (starts_word(text, "keys") ? 4 : 7);
        while (*rest == ' ' || *rest == ':')
            rest++;
        return nested_members(m, a, rest, file, at, 0);
    }
    size_t n = strlen(text), k0, k1, val;
    size_t i = next_key(text, n, 0, quoted_only, &k0, &k1, &val);
    int count = 0, bad = 0;
    if (i < n) {
        /* KEY: SPEC, each up to the next KEY: */
        if (!quoted_only) {
            char *before = trim(text, i, "{(");
            int fine = !before[0] || ascii_ieq(before, "keys") || ascii_ieq(before, "members");
            free(before);
            if (!fine)
                return 0;
        }
        while (i < n) {
            size_t a0 = k0, a1 = k1, v0 = val, nk0, nk1, nval;
            size_t next = next_key(text, n, val, quoted_only, &nk0, &nk1, &nval);
            char *name = xstrndup(text + a0, a1 - a0);
            char *spec = trim(text + v0, next - v0, ",;.");
            int take = 1;
            if (quoted_only) { /* a description: the type word after the key only, and
                                * only where it is one (else it is prose: "{'type': <..>}") */
                size_t w = 0;
                while (spec[w] && !isspace((unsigned char)spec[w]) && spec[w] != ',')
                    w++;
                spec[w] = 0;
                mtype ty;
                cellmsg cm = {0};
                take = model_name_ok(name) &&
                       !find_in(a->members, a->nmembers, name, strlen(name)) &&
                       parse_type(spec, NULL, 0, &ty, &cm) == 0;
            }
            if (take) {
                bad |= add_member(m, a, name, spec, file, at) < 0;
                count++;
            }
            free(name);
            free(spec);
            i = next;
            k0 = nk0;
            k1 = nk1;
            val = nval;
        }
        return bad ? -1 : count;
    }
    if (quoted_only)
        return 0;
    /* KEY, KEY (SPEC), KEY and KEY */
    const char *s = text;
    if (starts_word(s, "keys") || starts_word(s, "members"))
        s += starts_word(s, "keys") ? 4 : 7;
    char *body = trim(s, strlen(s), "{}:");
    size_t bn = strlen(body);
    for (size_t p = 0; p <= bn;) {
        size_t q = p;
        int depth = 0;
        while (q < bn && (depth || (body[q] != ',' && body[q] != ';' &&
                                    !(body[q] == ' ' && ascii_strnieq(body + q, " and ", 5))))) {
            depth += body[q] == '(' ? 1 : body[q] == ')' ? -1 : 0;
            q++;
        }
        char *item = trim(body + p, q - p, "'\"");
        p = q + (q < bn && body[q] == ' ' ? 5 : 1);
        if (!item[0]) {
            free(item);
            continue;
        }
        char *paren = strchr(item, '(');
        char *spec = xstrdup("");
        if (paren && item[strlen(item) - 1] == ')') {
            free(spec);
            spec = xstrndup(paren + 1, strlen(paren + 1) - 1);
            *paren = 0;
        }
        char *name = trim(item, strlen(item), "'\"");
        bad |= add_member(m, a, name, spec, file, at) < 0;
        count++;
        free(name);
        free(spec);
        free(item);
    }
    free(body);
    return bad ? -1 : count;
}

int nested_validation(const char *cell, char **members, int *free_form, int *no_keys)
{
    *members = NULL;
    *free_form = *no_keys = 0;
    if (free_form_words(cell)) {
        *free_form = 1;
        return 1;
    }
    if (strcmp(cell, "{}") == 0 || ascii_ieq(cell, "no keys")) {
        *no_keys = 1;
        return 1;
    }
    size_t n = strlen(cell), k0, k1, val;
    size_t i = next_key(cell, n, 0, 0, &k0, &k1, &val);
    int listed = n && (cell[0] == '{' || starts_word(cell, "keys") ||
                       starts_word(cell, "members"));
    if (i < n) {
        char *before = trim(cell, i, "{(");
        listed = !before[0] || ascii_ieq(before, "keys") || ascii_ieq(before, "members");
        free(before);
    }
    if (!listed)
        return 0;
    *members = xstrdup(cell);
    return 1;
}

/* ---- sub-tables ---- */

/* Whether a lead-in introduces members: "Keys of", "Members of", "Fields of", "Entries
 * of" (then, later, the attribute: "Keys of each item of host_routes"). */
static int says_members(const char *text)
{
    static const char *const w[] = {"keys of ", "members of ", "fields of ", "entries of "};
    for (const char *p = text; *p; p++) {
        if (p != text && isalpha((unsigned char)p[-1]))
            continue;
        for (size_t k = 0; k < sizeof w / sizeof w[0]; k++)
            if (ascii_strnieq(p, w[k], strlen(w[k])))
                return 1;
    }
    return 0;
}


/* The object attribute (or member) a dotted path names among v[0..n): "pools",
 * "pools.members". */
static mattr *follow(mattr *v, int n, const char *path)
{
    mattr *hit = NULL;
    for (const char *p = path; *p;) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        hit = find_in(v, n, p, len);
        if (!hit || !nested_is_object(hit))
            return NULL;
        v = hit->members;
        n = hit->nmembers;
        p = dot ? dot + 1 : p + len;
    }
    return hit;
}

/* The attribute a word names: RES.PATH, else PATH in a resource (the last first). */
/* The object attribute (or member) RES.PATH names, where RES is a resource of m (or,
 * `structures`, a structure); *known says whether RES is one of them. */
static mattr *rooted(model *m, const char *path, int structures, int *known)
{
    const char *dot = strchr(path, '.');
    size_t head = dot ? (size_t)(dot - path) : 0;
    mattr *a = NULL;
    *known = 0;
    for (int r = 0; dot && r < m->nres && !a; r++)
        if (strlen(m->res[r].member) == head && !strncmp(m->res[r].member, path, head)) {
            *known = 1;
            a = follow(m->res[r].attrs, m->res[r].nattrs, dot + 1);
        }
    for (int s = 0; dot && structures && s < m->nstructs && !a; s++)
        if (m->structs[s].name && strlen(m->structs[s].name) == head &&
            !strncmp(m->structs[s].name, path, head)) {
            *known = 1;
            a = follow(m->structs[s].members, m->structs[s].nmembers, dot + 1);
        }
    return a;
}

/* The attribute a word names: RES.PATH, else PATH in a resource (the last first). */
static mattr *named_attr(model *m, const char *word)
{
    int known;
    mattr *a = rooted(m, word, 0, &known);
    for (int r = m->nres - 1; r >= 0 && !a; r--)
        a = follow(m->res[r].attrs, m->res[r].nattrs, word);
    return a;
}

static mattr *text_target(model *m, const char *text)
{
    if (!text || !says_members(text))
        return NULL;
    for (const char *p = text; *p;) {
        while (*p && !(isalnum((unsigned char)*p) || *p == '_'))
            p++;
        const char *q = p;
        while (*q && (key_char(*q) || *q == ':'))
            q++;
        size_t len = (size_t)(q - p);
        while (len && strchr(".:-", p[len - 1]))
            len--;
        if (len && (memchr(p, '_', len) || memchr(p, '.', len) || memchr(p, ':', len) ||
                    len > 2)) {
            char *w = xstrndup(p, len);
            mattr *a = named_attr(m, w);
            free(w);
            if (a)
                return a;
        }
        p = q;
    }
    return NULL;
}

mattr *nested_target(model *m, const rtable *t, int *line)
{
    mattr *a = NULL;
    if (t->title[0] && (a = text_target(m, t->title)) != NULL) {
        *line = t->line;
        return a;
    }
    if (t->nlead && (a = text_target(m, t->lead[t->nlead - 1].text)) != NULL)
        *line = t->lead[t->nlead - 1].line;
    return a;
}

/* ---- the end ---- */

static int fits_members_one(const mattr *a, const json_t *v, char *why, size_t wn);

static void undeclared(model *m, const mresource *r, const mattr *v, int n, const char *path)
{
    for (int k = 0; k < n; k++) {
        const mattr *a = &v[k];
        if (!nested_is_object(a) || a->unread)
            continue;
        sbuf p = {0};
        sb_printf(&p, "%s%s%s", path, path[0] ? "." : "", a->name);
        if (!a->nmembers && !a->free_form && !a->no_keys && !a->ref) {
            rpos at = a->at[COL_TYPE].line ? a->at[COL_TYPE] : a->at[COL_NAME];
            model_report(m, a->file, at.line, at.col ? at.col : 1, DIAG_WARNING,
                         "undeclared-dict",
                         "'%s' of %s is a %s whose keys the spec does not declare, so it "
                         "accepts only {}: list its keys ('%s: key1, key2'), mark it "
                         "free-form ('%s (free-form)'), or say 'no keys' in its Validation "
                         "cell",
                         p.p, r->member, a->type.base == TY_ARRAY ? "list of dicts" : "dict",
                         a->type.base == TY_ARRAY ? "list of dict" : "dict",
                         a->type.base == TY_ARRAY ? "list of dict" : "dict");
        }
        undeclared(m, r, a->members, a->nmembers, p.p);
        sb_free(&p);
    }
}

/* Whether value v fits the members of a (a dict, or a list of them): every key a member
 * (unless free-form), each member's value fitting it, the required ones there.  On
 * failure `why` says where and how. */
static int fits_members(const mattr *a, const json_t *v, char *why, size_t wn)
{
    if (a->type.base == TY_ARRAY) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item) if (!fits_members_one(a, item, why, wn)) return 0;
        return 1;
    }
    return fits_members_one(a, v, why, wn);
}

static int fits_members_one(const mattr *a, const json_t *v, char *why, size_t wn)
{
    if (!json_is_object(v)) {
        snprintf(why, wn, "'%s' must hold objects", a->name);
        return 0;
    }
    const char *key;
    json_t *x;
    json_object_foreach((json_t *)v, key, x)
    {
        const mattr *mm = find_in(a->members, a->nmembers, key, strlen(key));
        if (!mm) {
            if (a->free_form)
                continue;
            snprintf(why, wn, "'%s' is not a member of '%s'", key, a->name);
            return 0;
        }
        char sub[300];
        if (!value_fits(x, &mm->type, mm->nullable, &mm->valid, sub, sizeof sub) ||
            (nested_is_object(mm) && mm->nmembers && !json_is_null(x) &&
             !fits_members(mm, x, sub, sizeof sub))) {
            snprintf(why, wn, "member '%s': %s", key, sub);
            return 0;
        }
    }
    for (int k = 0; k < a->nmembers; k++)
        if (a->members[k].required && !json_object_get(v, a->members[k].name)) {
            snprintf(why, wn, "member '%s' is required", a->members[k].name);
            return 0;
        }
    return 1;
}

/* The members of v (of attribute or member `what`) written twice; and the defaults that
 * do not fit their members. */
static void check_members(model *m, mattr *v, int n)
{
    for (int k = 0; k < n; k++) {
        mattr *a = &v[k];
        for (int j = 0; j < a->nmembers; j++)
            if (find_in(a->members, j, a->members[j].name, strlen(a->members[j].name)))
                model_report(m, a->members[j].file, a->members[j].line,
                             a->members[j].at[COL_NAME].col ? a->members[j].at[COL_NAME].col : 1,
                             DIAG_WARNING,
                             "duplicate-member",
                             "member '%s' of '%s' is written twice; the first is checked",
                             a->members[j].name, a->name);
        for (int j = 0; j < a->nmembers; j++)
            for (int i = 0; i < j; i++)
                if (strcmp(a->members[i].c_name, a->members[j].c_name) == 0 &&
                    strcmp(a->members[i].name, a->members[j].name) != 0) {
                    model_report(m, a->members[j].file, a->members[j].line,
                                 a->members[j].at[COL_NAME].col ? a->members[j].at[COL_NAME].col
                                                                : 1,
                                 DIAG_ERROR, "c-name-clash",
                                 "members '%s' and '%s' of '%s' have the same C name '%s'; "
                                 "rename one of them",
                                 a->members[i].name, a->members[j].name, a->name,
                                 a->members[j].c_name);
                    break;
                }
        char why[400];
        if (a->nmembers && a->def.kind == DEF_VALUE && a->def.value && !a->unread &&
            !fits_members(a, a->def.value, why, sizeof why)) {
            rpos at = a->at[COL_DEFAULT].line ? a->at[COL_DEFAULT] : a->at[COL_NAME];
            a->unread |= 1u << COL_DEFAULT;
            model_report(m, a->file, at.line, at.col ? at.col : 1, DIAG_ERROR,
                         "default-mismatch", "the default of '%s' does not fit its members: %s",
                         a->name, why);
        }
        check_members(m, a->members, a->nmembers);
    }
}

/* attrc.yaml's `dicts:`: each path of a resource (or a structure) of this spec gets what
 * its text says, read as a dict's Validation cell. */
static void config_dicts(model *m)
{
    const config *cfg = m->o->cfg;
    for (int k = 0; cfg && k < cfg->ndicts; k++) {
        const cfg_dict *cd = &cfg->dicts[k];
        int known;
        mattr *a = rooted(m, cd->path, 1, &known);
        if (!known)
            continue; /* another spec's (one attrc.yaml serves a folder) */
        rpos at = {cd->at_line, cd->at_col};
        char *members;
        int free_form, no_keys;
        if (!a) {
            model_report(m, cfg->path, at.line, at.col, DIAG_ERROR, "config",
                         "'%s' names no dict (or list of dicts) of this spec", cd->path);
        } else if (!nested_validation(cd->says, &members, &free_form, &no_keys)) {
            model_report(m, cfg->path, at.line, at.col, DIAG_ERROR, "config",
                         "'%s': '%s' is not what a dict holds: its members (start: ip, end: "
                         "ip), free-form or no keys",
                         cd->path, cd->says);
        } else {
            a->free_form |= free_form;
            a->no_keys |= no_keys;
            if (members)
                nested_members(m, a, members, cfg->path, at, 0);
            free(members);
        }
    }
}

void nested_finish(model *m)
{
    config_dicts(m);
    model_dialect_dicts(m); /* the Neutron dialect's free-form dicts */
    for (int r = 0; r < m->nres; r++) {
        check_members(m, m->res[r].attrs, m->res[r].nattrs);
        undeclared(m, &m->res[r], m->res[r].attrs, m->res[r].nattrs, "");
    }
}
