/* From tables to resources: docs/spec-format.md says what each step decides. */
#include "model.h"

#include "bind.h"
#include "escape.h"
#include "nested.h"
#include "structs.h"
#include "util.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const c_keywords[] = {
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
    "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
    "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch",
    "typedef", "union", "unsigned", "void", "volatile", "while", "bool", "true", "false",
    /* C++, since generated code compiles as C++ too */
    "alignas", "alignof", "and", "asm", "catch", "class", "compl", "concept", "constexpr",
    "decltype", "delete", "explicit", "export", "friend", "mutable", "namespace", "new",
    "noexcept", "not", "nullptr", "operator", "or", "private", "protected", "public",
    "requires", "template", "this", "throw", "try", "typeid", "typename", "using", "virtual",
    "xor", NULL};

char *c_mangle(const char *name)
{
    sbuf b = {0};
    if (isdigit((unsigned char)name[0]))
        sb_puts(&b, "n_");
    for (const char *p = name; *p; p++)
        sb_putc(&b, (isalnum((unsigned char)*p) || *p == '_') ? *p : '_');
    for (int k = 0; c_keywords[k]; k++)
        if (b.p && strcmp(b.p, c_keywords[k]) == 0) {
            sb_putc(&b, '_');
            break;
        }
    return sb_take(&b);
}

void c_id_part(sbuf *b, const char *name)
{
    if (name[0] >= '0' && name[0] <= '9')
        sb_puts(b, "n_");
    for (const char *p = name; *p; p++) {
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        sb_putc(b, ok ? c : '_');
    }
}

char *c_join(const char *a, const char *b)
{
    sbuf s = {0};
    c_id_part(&s, a);
    sb_putc(&s, '_');
    c_id_part(&s, b);
    size_t o = 0;
    for (size_t i = 0; i < s.n; i++)
        if (!(s.p[i] == '_' && o > 0 && s.p[o - 1] == '_'))
            s.p[o++] = s.p[i];
    s.p[o] = 0;
    return s.p;
}

char *c_guard(const char *stem)
{
    char *g = c_join("ATTRC_GENERATED", stem), *guard = c_join(g, "H");
    free(g);
    for (char *p = guard; *p; p++)
        *p = (char)((*p >= 'a' && *p <= 'z') ? *p - 32 : *p);
    return guard;
}

char *spec_stem(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    if (strcmp(path, "-") == 0 || strcmp(path, "<stdin>") == 0)
        b = "stdin";
    const char *dot = strrchr(b, '.');
    return xstrndup(b, dot && dot != b ? (size_t)(dot - b) : strlen(b));
}

const char *stem_problem(const char *stem, int for_c)
{
    if (!*stem || strcmp(stem, ".") == 0 || strcmp(stem, "..") == 0 || strchr(stem, '/'))
        return "it cannot be empty, \".\" or \"..\"";
    char *valid = esc_utf8_valid(stem);
    int utf8 = strcmp(valid, stem) == 0;
    free(valid);
    for (const char *p = stem; utf8 && *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F)
            return "it cannot hold control characters";
    if (!utf8)
        return "it cannot hold bytes that are not UTF-8";
    if (for_c && !esc_c_header_name_ok(stem))
        return "C cannot #include a name that holds '\"', '\\', a trigraph ('?\?' and one of "
               "=(/)'<!>-), a line separator or a control character";
    return NULL;
}

/* A set of names (open addressing, FNV-1a), each with an int: the resources of a model by
 * member name, the names of a resource. */
typedef struct nameset {
    const char **key;
    int *val;
    size_t cap, n; /* n: keys held (nameset_put keeps it) */
} nameset;

static size_t name_hash(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* The slot of `key`: holding it, or empty (key NULL) where it would go. */
static size_t nameset_slot(const nameset *ns, const char *key)
{
    size_t i = name_hash(key) & (ns->cap - 1);
    while (ns->key[i] && strcmp(ns->key[i], key) != 0)
        i = (i + 1) & (ns->cap - 1);
    return i;
}

static void nameset_init(nameset *ns, int n)
{
    ns->n = 0;
    ns->cap = 16;
    while (ns->cap < (size_t)n * 2)
        ns->cap *= 2;
    ns->key = xcalloc(ns->cap, sizeof *ns->key);
    ns->val = xcalloc(ns->cap, sizeof *ns->val);
}

static void nameset_free(nameset *ns)
{
    free(ns->key);
    free(ns->val);
}

/* Enters key (which must live as long as the set) with val, growing the set to keep it
 * at most half full; a key already there takes the new val. */
static void nameset_put(nameset *ns, const char *key, int val)
{
    if (!ns->cap)
        nameset_init(ns, 8);
    size_t slot = nameset_slot(ns, key);
    if (!ns->key[slot] && ns->n + 1 > ns->cap / 2) {
        nameset old = *ns;
        nameset_init(ns, (int)old.cap);
        for (size_t i = 0; i < old.cap; i++)
            if (old.key[i]) {
                size_t j = nameset_slot(ns, old.key[i]);
                ns->key[j] = old.key[i];
                ns->val[j] = old.val[i];
                ns->n++;
            }
        nameset_free(&old);
        slot = nameset_slot(ns, key);
    }
    ns->n += !ns->key[slot];
    ns->key[slot] = key;
    ns->val[slot] = val;
}

/* The value of key, or -1. */
static int nameset_get(const nameset *ns, const char *key)
{
    if (!ns->cap)
        return -1;
    size_t slot = nameset_slot(ns, key);
    return ns->key[slot] ? ns->val[slot] : -1;
}


/* ---- diagnostics at cells ---- */


/* The diagnostics given while a table with spans is read: a cell spanning rows is read
 * in each of them, and what it says wrong is said once. */
typedef struct said {
    nameset seen;
    strvec keys; /* the set's keys: "line:col:code:message" */
} said;

void model_report(model *m, const char *file, int line, int col, diag_level lvl,
                  const char *code, const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (m->said) {
        sbuf key = {0};
        sb_printf(&key, "%s:%d:%d:%s:%s", file ? file : "", line, col, code, text);
        if (m->said->seen.cap && nameset_get(&m->said->seen, key.p) >= 0) {
            free(key.p);
            return;
        }
        sv_push(&m->said->keys, key.p);
        nameset_put(&m->said->seen, key.p, 0);
    }
    /* the source line is shown where the spec itself is the file */
    const src *s = (!file || strcmp(file, m->s->path) == 0) ? m->s : NULL;
    m->reporting = 1; /* an error of the model's: it records itself what it hid */
    diag_report_code(m->d, s, s ? NULL : file, line, col, lvl, code, "%s", text);
    m->reporting = 0;
}

void model_unread(model *m, const char *file, int line, const char *resource,
                  const char *attribute, const char *code)
{
    m->unread = xgrow(m->unread, (size_t)m->nunread, sizeof *m->unread);
    m->unread[m->nunread++] = (munread){xstrdup(file ? file : m->file), line,
                                        resource ? xstrdup(resource) : NULL,
                                        attribute && *attribute ? xstrdup(attribute) : NULL,
                                        xstrdup(code ? code : "markup")};
}

/* Reports what a cell's reading said; an error marks the cells `unread` (1u << COL_*)
 * of attribute `a` as not known. */
static void report_msg(model *m, const char *file, rpos at, const cellmsg *cm, mattr *a,
                       unsigned unread)
{
    if (cm->level == CM_OK)
        return;
    if (cm->level == CM_ERROR)
        a->unread |= unread;
    model_report(m, file, at.line, at.col, cm->level == CM_ERROR ? DIAG_ERROR : DIAG_WARNING,
           cm->code, "%s", cm->text);
}

#define BIT(k) (1u << (k))

/* ---- header words ---- */

static const struct {
    const char *word;
    col_kind kind;
} header_words[] = {
    {"attribute", COL_NAME},
    {"attribute name", COL_NAME},
    {"name", COL_NAME},
    {"parameter", COL_NAME},
    {"parameter name", COL_NAME},
    {"field", COL_NAME},
    {"type", COL_TYPE},
    {"access", COL_ACCESS},
    {"default", COL_DEFAULT},
    {"default value", COL_DEFAULT},
    {"validation", COL_VALIDATION},
    {"validation conversion", COL_VALIDATION},
    {"validation constraint", COL_VALIDATION},
    {"validation constraints", COL_VALIDATION},
    {"constraints", COL_VALIDATION},
    {"description", COL_DESCRIPTION},
    {"notes", COL_DESCRIPTION},
    {"note", COL_DESCRIPTION},
    {"comment", COL_DESCRIPTION},
    {"comments", COL_DESCRIPTION},
    {"req", COL_REQUIRED},
    {"required", COL_REQUIRED},
    {"crud", COL_CRUD},
    {"access (crud)", COL_CRUD}, /* "Access (CRUD)": the letters C, R, U, D */
    {"access(crud)", COL_CRUD},
    {"access crud", COL_CRUD},   /* "Access/CRUD" */
    {"crud access", COL_CRUD},
};

static const char *const col_names[] = {"name",        "type",     "access", "default",
                                        "validation",  "description", "required", "crud"};

char *model_words(const char *s)
{
    sbuf b = {0};
    for (const char *p = s; *p; p++) {
        char c = ascii_lower(*p);
        if (c == '/' || c == '_' || c == '-' || c == ':' || py_isspace((unsigned char)c))
            c = ' ';
        if (c == ' ' && (b.n == 0 || b.p[b.n - 1] == ' '))
            continue;
        sb_putc(&b, c);
    }
    while (b.n && b.p[b.n - 1] == ' ')
        b.p[--b.n] = 0;
    return sb_take(&b);
}

/* Column kinds of a header; -1 for a word attrc does not read. */
static void header_kinds(const strvec *h, int *kinds)
{
    for (int c = 0; c < h->n; c++) {
        char *w = model_words(h->v[c]);
        kinds[c] = *w ? -1 : (int)COL_NONE;
        for (size_t k = 0; k < sizeof header_words / sizeof header_words[0]; k++)
            if (strcmp(w, header_words[k].word) == 0)
                kinds[c] = (int)header_words[k].kind;
        free(w);
    }
}

/* ---- the model ---- */

void model_init(model *m, const src *s, const model_opts *o, diag *d)
{
    memset(m, 0, sizeof *m);
    m->by_member = xcalloc(1, sizeof *m->by_member);
    m->file = xstrdup(s->path);
    m->s = s;
    m->o = o;
    m->d = d;
    m->dialect = o ? o->dialect : DIALECT_STRICT;
}

const mattr *mresource_attr(const mresource *r, const char *name)
{
    for (int k = 0; k < r->nattrs; k++)
        if (strcmp(r->attrs[k].name, name) == 0)
            return &r->attrs[k];
    return NULL;
}

static mresource *resource(model *m, const char *member, const char *collection,
                           const char *by, int line)
{
    int k = nameset_get(m->by_member, member);
    if (k >= 0)
        return &m->res[k];
    m->res = xgrow(m->res, (size_t)m->nres, sizeof *m->res);
    mresource *r = &m->res[m->nres++];
    memset(r, 0, sizeof *r);
    r->member = xstrdup(member);
    nameset_put(m->by_member, r->member, m->nres - 1); /* names outlive the index */
    r->collection = collection ? xstrdup(collection) : plural_of(member);
    r->bound_by = xstrdup(by);
    r->line = line;
    return r;
}

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

/* The configuration's binding for this table, if any. */
static cfg_binding *config_binding(model *m, const rtable *t)
{
    const config *c = m->o->cfg;
    if (!c)
        return NULL;
    for (int k = 0; k < c->nbind; k++) {
        cfg_binding *b = &c->bind[k];
        if (b->spec && strcmp(base_name(b->spec), base_name(m->file)) != 0)
            continue;
        if ((b->table && b->table == m->nattr_tables) || (b->line && b->line == t->line) ||
            (b->title && strcmp(b->title, t->title) == 0))
            return b;
    }
    return NULL;
}

static const char *lead_kind_name(lead_kind k)
{
    return k == LEAD_HEADING ? "heading" : k == LEAD_TERM ? "term" : "paragraph";
}

/* The resources Neutron's core API has: a table bound to one of them (or to a name
 * attrc.yaml lists under `core`) adds attributes to it. */
static const char *const core_resources[] = {
    "network", "port",  "subnet", "subnetpool", "router", "floatingip", "security_group",
    "security_group_rule", "address_scope", "agent", "quota", NULL};

static int core_count(const char *const *v)
{
    int n = 0;
    while (v[n])
        n++;
    return n;
}

/* The resource of the last method table read since the previous attribute table, in the
 * same section: "POST /v2.0/pools/{pool_id}/members" before "The fields added are:". */
static int method_table_names(model *m, const rtable *t, named *nm, int *line)
{
    int since = m->last_attr_line > t->heading.line ? m->last_attr_line : t->heading.line;
    /* operations come in the order of the text */
    for (int k = m->nops - 1; k >= 0 && m->ops[k].line > since; k--) {
        const mop *o = &m->ops[k];
        if (o->line >= t->line)
            continue;
        if (path_resource(o->path, strlen(o->path), nm)) {
            *line = o->line;
            return 1;
        }
    }
    return 0;
}

/* The table's resources by file name, when no text names one: the spec's stem, and for
 * a later table of the same spec stem_2, stem_3, ... (tables are one resource only where
 * the spec says so). */
static const char *file_stem_name(model *m, const rtable *t, named *nm)
{
    const char *b = base_name(m->file);
    const char *dot = strrchr(b, '.');
    sbuf stem = {0};
    /* a name by the one rule: other characters as "_", no leading digit or "_" */
    size_t n = dot ? (size_t)(dot - b) : strlen(b), i = 0;
    while (i < n && (isdigit((unsigned char)b[i]) || !isalnum((unsigned char)b[i])))
        i++;
    for (; i < n; i++)
        sb_putc(&stem, isalnum((unsigned char)b[i]) ? ascii_lower(b[i]) : '_');
    if (!stem.n)
        sb_puts(&stem, "resource");
    if (++m->nfile_named > 1)
        sb_printf(&stem, "_%d", m->nfile_named);
    named_noun(nm, stem.p);
    model_report(m, NULL, t->line, 0, DIAG_WARNING, "resource-from-file-name",
           "no title, heading, lead-in, path or attrc.yaml binding names the resource of this "
           "table; it is read as '%s' (from the file's name): name it in a heading or a "
           "sentence such as 'The Gizmo resource has these attributes:', or bind it in "
           "attrc.yaml",
           nm->member[nm->n - 1]);
    sb_free(&stem);
    return "file-name";
}

static int in_names(const char *w, const char *const *v, int n)
{
    for (int k = 0; k < n; k++)
        if (strcmp(w, v[k]) == 0)
            return 1;
    return 0;
}

/* Whether the table adds to resource r, which exists already: attrc.yaml's `extends:`
 * for the table, else r is a core resource, else the title or the lead-in just before the
 * table says so ("added to the ...", "the existing ...", "additional fields").  A
 * resource is an extension when one of its tables says so and none of the spec's tables
 * defines it (a table that says nothing of the kind); attrc.yaml decides over both. */
static void mark_extension(model *m, const rtable *t, const cfg_binding *cb, mresource *r,
                           const char *const *core, int ncore)
{
    const char *by = NULL;
    int line = 0, yes = 1;
    if (r->extends_by && strcmp(r->extends_by, "config") == 0)
        return;
    if (cb && cb->extends >= 0) {
        by = "config";
        yes = cb->extends;
    } else if (in_names(r->member, core, ncore)) {
        by = "core";
    } else if (t->title[0] && says_extends(t->title)) {
        by = "title";
        line = t->line;
    } else if (t->nlead && says_extends(t->lead[t->nlead - 1].text)) {
        by = lead_kind_name(t->lead[t->nlead - 1].kind);
        line = t->lead[t->nlead - 1].line;
    }
    if (!by) { /* this table defines the resource: it is not an extension */
        r->defined = 1;
        r->extends = 0;
        free(r->extends_by);
        r->extends_by = NULL;
        return;
    }
    if ((r->defined && strcmp(by, "config") != 0) || (r->extends && strcmp(by, "config") != 0))
        return;
    free(r->extends_by);
    r->extends = yes;
    r->extends_by = yes ? xstrdup(by) : xstrdup("config");
    r->extends_line = line;
    if (m->o->verbose && yes && line)
        model_report(m, NULL, t->line, 0, DIAG_NOTE, "resource-extends",
               "this table adds to '%s', which exists already (the %s at line %d says so): its "
               "schema, policy and validator hold what the spec adds",
               r->member, by, line);
    else if (m->o->verbose && yes)
        model_report(m, NULL, t->line, 0, DIAG_NOTE, "resource-extends",
               "this table adds to '%s', which exists already (%s): its schema, policy and "
               "validator hold what the spec adds",
               r->member, strcmp(by, "core") == 0 ? "a core resource" : "attrc.yaml says so");
}

/* Which resources the table describes; returns how many were named into `out`. */
static int bind_table(model *m, const rtable *t, int *out)
{
    named nm = {0};
    const char *by = NULL;
    int line = t->line, guess = 0;
    cfg_binding *cb = config_binding(m, t);
    int own = m->o->cfg && m->o->cfg->has_core;
    const char *const *core = own ? (const char *const *)m->o->cfg->core : core_resources;
    int ncore = own ? m->o->cfg->ncore : core_count(core_resources);
    if (cb) {
        cb->used = 1;
        for (int k = 0; k < cb->nres; k++)
            named_add(&nm, xstrdup(cb->member[k]),
                      cb->collection[k] ? xstrdup(cb->collection[k]) : plural_of(cb->member[k]));
        by = "config";
    } else if (t->title[0] && names_resources(t->title, 0, &nm)) {
        by = "title";
    } else {
        for (int k = t->nlead - 1; k >= 0 && !by; k--)
            if (names_resources(t->lead[k].text, t->lead[k].kind == LEAD_PARAGRAPH, &nm)) {
                by = lead_kind_name(t->lead[k].kind);
                line = t->lead[k].line;
            }
        if (!by && method_table_names(m, t, &nm, &line))
            by = "method table";
        if (!by && t->nlead && t->lead[t->nlead - 1].kind == LEAD_PARAGRAPH &&
            mentions(t->lead[t->nlead - 1].text, core, ncore, &nm)) {
            by = "mention";
            line = t->lead[t->nlead - 1].line;
            guess = 1;
        }
        if (!by && t->heading.text && names_resources(t->heading.text, 0, &nm)) {
            by = "heading";
            line = t->heading.line;
            /* the title of the section the table is in, with other text between */
            guess = 1;
        }
    }
    if (!by)
        by = file_stem_name(m, t, &nm);
    int n = 0;
    for (int k = 0; k < nm.n; k++) {
        /* a name from the text is a name by the one rule, or no resource (the
         * configuration's were checked when it was read) */
        const char *bad = !model_name_ok(nm.member[k])       ? nm.member[k]
                          : !model_name_ok(nm.collection[k]) ? nm.collection[k]
                                                             : NULL;
        if (bad) {
            model_unread(m, NULL, t->line, NULL, NULL, "bad-name");
            model_report(m, NULL, t->line, 0, DIAG_ERROR, "bad-name",
                   "the %s at line %d names the resource '%s', which is not a name (letters, "
                   "digits, '_', '-', '.' and ':', not first a digit); its rows are not read",
                   by, line, bad);
            continue;
        }
        mresource *r = resource(m, nm.member[k], nm.collection[k], by, line);
        out[n++] = (int)(r - m->res); /* an index: m->res may move */
        mark_extension(m, t, cb, r, core, ncore);
        char *one = singular_of(nm.collection[k]), *many = plural_of(nm.member[k]);
        if (strcmp(one, nm.member[k]) != 0 && strcmp(many, nm.collection[k]) != 0)
            model_report(m, NULL, t->line, 0, DIAG_WARNING, "resource-names-disagree",
                   "the %s at line %d names member '%s' and collection '%s', which are not one "
                   "noun's singular and plural; bind the table in attrc.yaml if either is "
                   "wrong",
                   by, line, nm.member[k], nm.collection[k]);
        free(one);
        free(many);
        if (guess && strcmp(by, "mention") == 0)
            model_report(m, NULL, t->line, 0, DIAG_WARNING, "resource-guessed",
                   "no heading or lead-in names the resource of this table; the paragraph at "
                   "line %d mentions '%s' and no other resource, so it is read as adding to "
                   "'%s': say so ('The following attributes are added to the %s resource:') "
                   "or bind it in attrc.yaml",
                   line, r->member, r->member, r->member);
        else if (guess)
            model_report(m, NULL, t->line, 0, DIAG_WARNING, "resource-guessed",
                   "no lead-in names the resource of this table; it is read as '%s' from the "
                   "title of the section it is in (line %d): name it just before the table, "
                   "or bind it in attrc.yaml",
                   r->member, line);
        if (m->o->verbose && strcmp(by, "config") == 0)
            model_report(m, NULL, t->line, 0, DIAG_NOTE, "resource-bound",
                   "attribute table of resource '%s' (collection '%s'), named by %s", r->member,
                   r->collection, m->o->cfg->path);
        else if (m->o->verbose)
            model_report(m, NULL, t->line, 0, DIAG_NOTE, "resource-bound",
                   "attribute table of resource '%s' (collection '%s'), named by the %s at line "
                   "%d",
                   r->member, r->collection, by, line);
    }
    named_free(&nm);
    m->last_attr_line = t->line;
    return n;
}

/* ---- operations ---- */

static int parse_codes(const char *s, int *codes, int max)
{
    int n = 0;
    for (const char *p = s; *p; p++) {
        if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
            isdigit((unsigned char)p[2]) && !isdigit((unsigned char)p[3]) &&
            (p == s || !isdigit((unsigned char)p[-1])) && p[0] >= '1' && p[0] <= '5') {
            if (n < max)
                codes[n++] = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
            p += 2;
        }
    }
    return n;
}

static int is_method(const char *s)
{
    static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", NULL};
    for (int k = 0; methods[k]; k++)
        if (ascii_ieq(s, methods[k]))
            return 1;
    return 0;
}

static mop *new_op(model *m, const char *method, const char *path, int line)
{
    m->ops = xgrow(m->ops, (size_t)m->nops, sizeof *m->ops);
    mop *o = &m->ops[m->nops++];
    memset(o, 0, sizeof *o);
    o->method = xstrdup(method);
    for (char *q = o->method; *q; q++)
        *q = (char)toupper((unsigned char)*q);
    /* "``/fw/x``" reads as "/fw/x"; a path broken with "\ " joins */
    sbuf p = {0};
    for (const char *q = path; *q; q++)
        if (*q != ' ' && *q != '\\')
            sb_putc(&p, *q);
    o->path = sb_take(&p);
    o->line = line;
    return o;
}

/* A method table: returns 1 when read, -1 when it could not be (with a warning), 0 when
 * the table is not one.  Rows "Request Type | METHOD", "Endpoint | PATH", "Response Codes |
 * Success | 200", "Error | 401, 404"; or a header "Method | URI" and a row per method. */
static int method_table(model *m, const rtable *t)
{
    if (t->nrows == 0)
        return 0;
    const strvec *r0 = &t->rows[0];
    if (r0->n >= 2 && ascii_ieq(r0->v[0], "request type")) {
        const char *method = r0->v[1], *path = NULL;
        int success[8], ns = 0, errors[16], ne = 0;
        for (int r = 1; r < t->nrows; r++) {
            const strvec *row = &t->rows[r];
            if (row->n < 2)
                continue;
            if (ascii_ieq(row->v[0], "endpoint"))
                path = row->v[1];
            else if (ascii_ieq(row->v[0], "response codes") || ascii_ieq(row->v[0], "success"))
                ns += parse_codes(row->v[row->n - 1], success + ns, 8 - ns);
            else if (ascii_ieq(row->v[0], "error") || ascii_ieq(row->v[0], "errors"))
                ne += parse_codes(row->v[1], errors + ne, 16 - ne);
        }
        if (!is_method(method) || !path || path[0] == 0) {
            model_report(m, NULL, t->line, 0, DIAG_WARNING, "bad-method-table",
                   "method table without %s; no operation read",
                   !is_method(method) ? "a method (GET, POST, PUT, PATCH, DELETE)"
                                      : "an Endpoint row");
            return -1;
        }
        mop *o = new_op(m, method, path, t->line);
        memcpy(o->success, success, sizeof success);
        o->nsuccess = ns;
        memcpy(o->errors, errors, sizeof errors);
        o->nerrors = ne;
        return 1;
    }
    if (t->nhead > 0) {
        const strvec *h = &t->rows[t->nhead - 1];
        int mc = -1, pc = -1;
        for (int c = 0; c < h->n; c++) {
            char *w = model_words(h->v[c]);
            if (strcmp(w, "method") == 0 || strcmp(w, "request type") == 0 ||
                strcmp(w, "verb") == 0)
                mc = c;
            else if (strcmp(w, "uri") == 0 || strcmp(w, "url") == 0 || strcmp(w, "path") == 0 ||
                     strcmp(w, "endpoint") == 0 || strcmp(w, "resource") == 0)
                pc = c;
            free(w);
        }
        if (mc < 0 || pc < 0)
            return 0;
        for (int r = t->nhead; r < t->nrows; r++) {
            const strvec *row = &t->rows[r];
            if (row->n > mc && row->n > pc && is_method(row->v[mc]))
                new_op(m, row->v[mc], row->v[pc], t->row_line[r]);
        }
        return 1;
    }
    return 0;
}

/* ---- spans ---- */

/* A grid or simple table with spans, as the model reads its rows: a cell in every column.
 * A cell spanning rows is in each row it covers, with its text and its place (where it
 * starts), as a reviewer reads it; a cell spanning columns is in its first column, the
 * columns it covers are empty, and wide[] marks the rows it covers.  A body row with no
 * cell of its own, or only empty ones, has no cells (it is blank). */
typedef struct spread {
    rtable t;      /* the table's fields, with these rows */
    char **text;   /* nrows x ncols: the reader's text (not copied) */
    rpos *pos;     /* nrows x ncols */
    struct wide {  /* per row: the cell spanning columns that covers it; n 0: none */
        int col, n;
    } *wide;
} spread;

static void spread_init(spread *sp, const rtable *t)
{
    int nr = t->nrows, nc = t->ncols > 0 ? t->ncols : 1;
    size_t cells = (size_t)(nr > 0 ? nr : 1) * (size_t)nc;
    sp->t = *t;
    sp->t.span = NULL;
    sp->t.rows = xcalloc((size_t)(nr > 0 ? nr : 1), sizeof *sp->t.rows);
    sp->t.pos = xcalloc((size_t)(nr > 0 ? nr : 1), sizeof *sp->t.pos);
    sp->text = xmalloc(cells * sizeof *sp->text);
    sp->pos = xmalloc(cells * sizeof *sp->pos);
    sp->wide = xcalloc((size_t)(nr > 0 ? nr : 1), sizeof *sp->wide);
    /* per column: the last row its cell covers, and that cell's first column and width */
    int *until = xmalloc((size_t)nc * 3 * sizeof *until), *from = until + nc, *width = from + nc;
    for (int c = 0; c < nc; c++)
        until[c] = -1;
    for (int r = 0; r < nr; r++) {
        char **text = sp->text + (size_t)r * (size_t)nc;
        rpos *pos = sp->pos + (size_t)r * (size_t)nc;
        int blank = 1;
        for (int c = 0; c < nc; c++) { /* covered from above, or (a malformed table) not */
            int above = until[c] >= r && r > 0;
            text[c] = above ? text[c - nc] : "";
            pos[c] = above ? pos[c - nc] : (rpos){t->row_line[r], 0};
        }
        for (int k = 0; k < t->rows[r].n; k++) {
            rspan s = t->span[r][k];
            blank &= t->rows[r].v[k][0] == 0;
            for (int c = s.col; c < s.col + s.ncols && c < nc; c++) {
                text[c] = c == s.col ? t->rows[r].v[k] : "";
                pos[c] = t->pos[r][k];
                until[c] = r + s.nrows - 1;
                from[c] = s.col;
                width[c] = s.ncols;
            }
        }
        for (int c = 0; c < nc && !sp->wide[r].n; c++)
            if (until[c] >= r && width[c] > 1)
                sp->wide[r] = (struct wide){from[c], width[c]};
        sp->t.rows[r] = (strvec){text, blank && r >= t->nhead ? 0 : nc, nc};
        sp->t.pos[r] = pos;
    }
    free(until);
}

static void spread_free(spread *sp)
{
    free(sp->t.rows);
    free(sp->t.pos);
    free(sp->text);
    free(sp->pos);
    free(sp->wide);
}

/* ---- rows ---- */

/* A name broken over lines joins where the next part starts with "_" or the first ends
 * with "-"; markup is already gone (the reader gives astext()). */
static char *join_name(const char *cell)
{
    sbuf b = {0};
    for (const char *p = cell; *p; p++) {
        if (*p == ' ' && b.n && (p[1] == '_' || b.p[b.n - 1] == '-' || b.p[b.n - 1] == '_'))
            continue;
        sb_putc(&b, *p);
    }
    return sb_take(&b);
}

int model_name_ok(const char *n)
{
    if (!(isalpha((unsigned char)n[0]) || n[0] == '_'))
        return 0;
    for (const char *p = n; *p; p++)
        if (!(isalnum((unsigned char)*p) || strchr("_-.:", *p)))
            return 0;
    return 1;
}

void mattr_free(mattr *a)
{
    free(a->name);
    free(a->c_name);
    free(a->description);
    free(a->file);
    free(a->ref);
    free(a->card);
    free(a->data_type);
    json_decref(a->def.value);
    mvalid_free(&a->valid);
    for (int k = 0; k < a->nmembers; k++)
        mattr_free(&a->members[k]);
    free(a->members);
}

#define attr_free mattr_free

static void attr_copy(mattr *dst, const mattr *a)
{
    *dst = *a;
    dst->name = xstrdup(a->name);
    dst->c_name = xstrdup(a->c_name);
    dst->description = xstrdup(a->description);
    dst->file = xstrdup(a->file);
    dst->def.value = a->def.value ? json_deep_copy(a->def.value) : NULL;
    dst->valid.enumv = a->valid.enumv ? json_deep_copy(a->valid.enumv) : NULL;
    dst->valid.unparsed = a->valid.unparsed ? xstrdup(a->valid.unparsed) : NULL;
    dst->ref = a->ref ? xstrdup(a->ref) : NULL;
    dst->card = a->card ? xstrdup(a->card) : NULL;
    dst->data_type = a->data_type ? xstrdup(a->data_type) : NULL;
    dst->members = a->nmembers ? xcalloc((size_t)a->nmembers, sizeof *a->members) : NULL;
    for (int k = 0; k < a->nmembers; k++)
        attr_copy(&dst->members[k], &a->members[k]);
}

typedef struct tctx {
    int col[NCOLKINDS]; /* the column of each kind, -1: none */
    int ncols;
    int *kinds;
    const spread *sp; /* a table with spans: how its rows are spread; else NULL */
    const int *idx;   /* the resources its rows go to (indexes in m->res) */
    int nrs;
} tctx;

static const char *cell(const rtable *t, int r, int c)
{
    return c >= 0 && c < t->rows[r].n ? t->rows[r].v[c] : "";
}

static void crud_vs_access(model *m, mattr *a, const char *file)
{
    const maccess *ac = &a->access;
    const mcrud *cr = &a->crud;
    const char *why = NULL;
    if ((cr->c || cr->u) && ac->write == WHO_NOBODY)
        why = "CRUD lets clients write it, Access makes it read-only";
    else if (cr->u && ac->post && !ac->put)
        why = "CRUD allows update, Access allows writing on create only";
    else if (!cr->c && !cr->u && ac->write != WHO_NOBODY)
        why = "Access makes it writable, CRUD allows neither create nor update";
    else if (!cr->r)
        why = "CRUD hides it (no R), Access lets callers see it";
    if (!why) {
        /* CRUD narrows RW to the operations it names */
        a->access.post = ac->post && cr->c;
        a->access.put = ac->put && cr->u;
        return;
    }
    a->unread |= BIT(COL_CRUD) | BIT(COL_ACCESS);
    model_report(m, file, a->at[COL_CRUD].line, a->at[COL_CRUD].col, DIAG_ERROR,
           "crud-access-conflict", "CRUD contradicts Access: %s", why);
    model_report(m, file, a->at[COL_ACCESS].line, a->at[COL_ACCESS].col, DIAG_ERROR,
           "crud-access-conflict", "Access contradicts CRUD: %s", why);
}

/* One warning for a row whose Type, Access or CRUD cells say nothing: the cells that say
 * nothing, and how each is read. */
static void unsaid_warning(model *m, const rtable *t, const tctx *x, int r, const char *file,
                           const char *name, unsigned unsaid)
{
    static const char *const reading[NCOLKINDS] = {
        [COL_TYPE] = "any type (no type check)",
        [COL_ACCESS] = "'RO, admin' (only admins see it; no client writes it)",
        [COL_CRUD] = "'RO, admin' (only admins see it; no client writes it)",
        [COL_DEFAULT] = "no default",
        [COL_VALIDATION] = "no check",
        [COL_REQUIRED] = "required as the default says",
    };
    const strvec *h = &t->rows[t->nhead - 1];
    sbuf names = {0}, as = {0};
    int first = -1, n = 0, total = 0;
    for (int c = 0; c < h->n; c++)
        if (x->kinds[c] >= 0 && x->kinds[c] < NCOLKINDS && x->col[x->kinds[c]] == c &&
            (unsaid & (1u << x->kinds[c])))
            total++;
    for (int c = 0; c < h->n; c++) {
        int k = x->kinds[c];
        if (k < 0 || k >= NCOLKINDS || x->col[k] != c || !(unsaid & (1u << k)))
            continue;
        if (first < 0)
            first = c;
        n++;
        sb_printf(&names, "%s%s", n == 1 ? "" : n == total ? " and " : ", ", h->v[c]);
        /* Access and CRUD both unsaid are one reading */
        if (!(k == COL_CRUD && (unsaid & (1u << COL_ACCESS))))
            sb_printf(&as, "%s%s: %s", as.n ? "; " : "", h->v[c], reading[k]);
    }
    model_report(m, file, t->pos[r][first].line, t->pos[r][first].col, DIAG_WARNING, "cells-unsaid",
           "'%s' says nothing in %s (empty or '-'); read as: %s; fill %s in to say what it is",
           name, names.p, as.p, total == 1 ? "it" : "them");
    free(names.p);
    free(as.p);
}

/* What the description states where the Validation (or Default) cell says nothing or
 * the table has no such column: values, a format, a default; each taken with a note that
 * names the cell to fill.  `unsaid` loses the Default cell when its default is taken. */
static void from_description(model *m, const rtable *t, const tctx *x, int r,
                             const char *file, mattr *a, unsigned *unsaid)
{
    const char *desc = cell(t, r, x->col[COL_DESCRIPTION]);
    const strvec *h = &t->rows[t->nhead - 1];
    rpos at = a->at[COL_DESCRIPTION];
    if (!*desc || !(x->col[COL_VALIDATION] < 0 || (*unsaid & (1u << COL_VALIDATION))))
        return;
    char where[160];
    if (x->col[COL_VALIDATION] >= 0)
        snprintf(where, sizeof where, "the %s cell", h->v[x->col[COL_VALIDATION]]);
    else
        snprintf(where, sizeof where, "a Validation column");
    const char *how = NULL;
    json_t *v = NULL;
    char why[300];
    if (!a->valid.enumv && (a->type.is_enum || a->type.base == TY_STRING) &&
        (v = description_enum(desc, &a->type, &how)) != NULL) {
        a->valid.enumv = v;
        if (a->def.kind == DEF_VALUE && a->def.value &&
            !value_fits(a->def.value, &a->type, a->type.nullable, &a->valid, why, sizeof why)) {
            a->valid.enumv = NULL; /* the Default cell says otherwise: not a clear list */
            json_decref(v);
            v = NULL;
        }
    }
    if (v) {
        char *txt = json_dumps(v, JSON_COMPACT);
        model_report(m, file, at.line, at.col, DIAG_NOTE, "taken-from-description",
               "'%s': the values %s are taken from the description (%s); write them in %s",
               a->name, txt ? txt : "", how, where);
        free(txt);
    }
    base_type f;
    if (a->type.base == TY_STRING && !a->type.is_enum && !a->valid.enumv &&
        a->valid.format == FMT_NONE && (f = description_format(desc, a->name)) != TY_NONE) {
        a->type.base = f;
        if (a->def.kind == DEF_VALUE && a->def.value &&
            !value_fits(a->def.value, &a->type, a->type.nullable, &a->valid, why, sizeof why))
            a->type.base = TY_STRING; /* the Default cell's value is no such thing */
        else
            model_report(m, file, at.line, at.col, DIAG_NOTE, "taken-from-description",
                   "'%s': the description names its format, read as type %s; write it in "
                   "the %s cell",
                   a->name, base_type_name(f),
                   x->col[COL_TYPE] >= 0 ? h->v[x->col[COL_TYPE]] : "Type");
    }
    char *dt;
    if ((x->col[COL_DEFAULT] < 0 || (*unsaid & (1u << COL_DEFAULT))) &&
        (dt = description_default(desc)) != NULL) {
        mdefault d;
        cellmsg cm = {0};
        if (parse_default(dt, &a->type, &d, &cm) == 0 && cm.level == CM_OK &&
            d.kind != DEF_NONE &&
            (d.kind != DEF_VALUE || value_fits(d.value, &a->type, a->type.nullable, &a->valid,
                                               why, sizeof why))) {
            json_decref(a->def.value);
            a->def = d;
            *unsaid &= ~(1u << COL_DEFAULT);
            model_report(m, file, at.line, at.col, DIAG_NOTE, "taken-from-description",
                   "'%s': the default '%s' is taken from the description; write it in %s",
                   a->name, dt,
                   x->col[COL_DEFAULT] >= 0 ? "the Default cell" : "a Default column");
        } else {
            json_decref(d.value);
        }
        free(dt);
    }
}

/* A dict's members its description lists, where its cells declare none: "Dict. of
 * parameters: 'correlation':String 'weight':Integer" (nested.c). */
static void members_from_description(model *m, const rtable *t, const tctx *x, int r,
                                     const char *file, mattr *a)
{
    const char *desc = cell(t, r, x->col[COL_DESCRIPTION]);
    rpos at = a->at[COL_DESCRIPTION];
    if (nested_is_object(a) && !a->nmembers && !a->free_form && !a->no_keys &&
        !a->valid.unparsed && nested_members(m, a, desc, file, at, 1) > 0)
        model_report(m, file, at.line, at.col, DIAG_NOTE, "taken-from-description",
                     "'%s': its members (%s%s) are taken from the description; write them "
                     "in the Type cell ('%s: %s, ...')",
                     a->name, a->members[0].name, a->nmembers > 1 ? ", ..." : "",
                     a->type.base == TY_ARRAY ? "list of dict" : "dict", a->members[0].name);
}

/* A type cell parse_type could not read, read as a dict (or list of dicts) and its
 * members or free-form mark (nested.c): 0 when it is one (its members added to a, with
 * their own diagnostics), else -1 (cm keeps parse_type's error). */
static int nested_type(model *m, mattr *a, const char *tc, const char *file)
{
    char *head, *members;
    int free_form, bracketed;
    if (!nested_type_split(tc, &head, &members, &free_form, &bracketed))
        return -1;
    const config *cfg = m->o->cfg;
    cellmsg hm = {0};
    mtype ty;
    int rc = -1;
    if (parse_type(head, cfg ? cfg->aliases : NULL, cfg ? cfg->naliases : 0, &ty, &hm) == 0) {
        /* a dict's head ("dict", "list of dicts"), or "list: start, end" (not
         * "list(port_id)", which is no type) */
        if (ty.base == TY_ARRAY && ty.items == TY_NONE && !bracketed)
            ty.items = TY_OBJECT;
        a->type = ty;
        if (nested_is_object(a) && !ty.nullable) {
            rc = 0;
            a->free_form = free_form;
            if (members && nested_members(m, a, members, file, a->at[COL_TYPE], 0) < 0)
                a->unread |= BIT(COL_TYPE);
        } else {
            memset(&a->type, 0, sizeof a->type);
        }
    }
    free(head);
    free(members);
    return rc;
}

/* Reads row r into *a; returns 0, 1 when some of its cells had errors (a->unread says
 * which), or -1 for a row that is not an attribute (blank, or not read for an error: what
 * it would have added is recorded as unread in the resources of the table). */
static int read_row(model *m, const rtable *t, const tctx *x, int r, mattr *a)
{
    const config *cfg = m->o->cfg;
    const char *file = (t->data_file && r >= t->data_from) ? t->data_file : t->file;
    const char *dropped_code = "row-spans-columns"; /* why a row is not read */
    int name_known = 0;                              /* ... and whether its name is */
    memset(a, 0, sizeof *a);
    a->valid.max_len = -1;
    a->line = t->row_line[r];
    a->table = m->ntables - 1;
    for (int k = 0; k < NCOLKINDS; k++)
        if (x->col[k] >= 0 && x->col[k] < t->rows[r].n)
            a->at[k] = t->pos[r][x->col[k]];
    /* a blank row is no attribute */
    int blank = 1;
    for (int c = 0; c < t->rows[r].n; c++)
        blank &= t->rows[r].v[c][0] == 0;
    if (blank)
        return -1;
    rpos at_name = a->at[COL_NAME];
    if (x->sp && x->sp->wide[r].n) {
        const struct wide *w = &x->sp->wide[r];
        const strvec *h = &t->rows[t->nhead - 1];
        rpos at = t->pos[r][w->col];
        const char *name = cell(t, r, x->col[COL_NAME]);
        model_report(m, file, at.line, at.col, DIAG_ERROR, "row-spans-columns",
               "row '%.60s' is not read: the cell '%.60s' spans %d columns ('%s' %s '%s'), and "
               "a cell that spans columns cannot be read as an attribute; give each column a "
               "cell of its own",
               name, t->rows[r].v[w->col], w->n, h->v[w->col], w->n == 2 ? "and" : "to",
               h->v[w->col + w->n - 1]);
        /* its name is its own cell's only where that cell spans nothing */
        name_known = x->col[COL_NAME] < w->col || x->col[COL_NAME] >= w->col + w->n;
        goto dropped;
    }
    if (t->rows[r].n < x->ncols) {
        model_report(m, file, a->line, t->pos[r][0].col, DIAG_ERROR, "row-spans-columns",
               "row has %d cells, the header %d: cells that span columns cannot be read as an "
               "attribute",
               t->rows[r].n, x->ncols);
        goto dropped;
    }
    a->file = xstrdup(file);
    a->name = join_name(cell(t, r, x->col[COL_NAME]));
    int ok = 1;
    if (!a->name[0]) {
        model_report(m, file, at_name.line, at_name.col, DIAG_ERROR, "bad-name",
               "attribute without a name");
        dropped_code = "bad-name";
        goto dropped;
    } else if (!model_name_ok(a->name + (a->name[0] == '@'))) { /* "@odata.id" */
        char *hint = c_mangle(a->name);
        a->unread = ATTR_UNREAD_ALL;
        model_report(m, file, at_name.line, at_name.col, DIAG_ERROR, "bad-name",
               "attribute name '%s' is not a property name (letters, digits, '_', '-', '.' "
               "and ':', not first a digit; '@' may come first)%s%s%s",
               a->name, strchr(a->name, ' ') ? "; did you mean '" : "",
               strchr(a->name, ' ') ? hint : "", strchr(a->name, ' ') ? "'?" : "");
        free(hint);
        ok = 0;
    }
    a->c_name = c_mangle(a->name);
    /* cells that say nothing ('-' or empty): read as below, with one warning for the row */
    unsigned unsaid = 0;
    for (int k = 0; k < NCOLKINDS; k++)
        if (k != COL_NAME && k != COL_DESCRIPTION && x->col[k] >= 0 &&
            cell_unsaid(cell(t, r, x->col[k])) &&
            !(k == COL_DEFAULT && rt_quoted_empty(t, r, x->col[k])))
            unsaid |= 1u << k;
    cellmsg cm = {0};
    /* type */
    if (unsaid & (1u << COL_TYPE)) {
        a->type.base = TY_NONE; /* any type: nothing to check */
    } else if (x->col[COL_TYPE] >= 0) {
        const char *tc = cell(t, r, x->col[COL_TYPE]);
        if (parse_type(tc, cfg ? cfg->aliases : NULL, cfg ? cfg->naliases : 0, &a->type,
                       &cm) != 0 &&
            nested_type(m, a, tc, file) == 0)
            cm.level = CM_OK; /* a dict with its members: "list of dict: start, end" */
        if (cm.level == CM_ERROR || (a->unread & BIT(COL_TYPE)))
            ok = 0;
        report_msg(m, file, a->at[COL_TYPE], &cm, a,
                   BIT(COL_TYPE) | BIT(COL_DEFAULT) | BIT(COL_VALIDATION));
    } else {
        a->type.base = TY_STRING;
    }
    int type_ok = cm.level != CM_ERROR;
    /* access and CRUD */
    int access_ok = 1;
    int said_access = x->col[COL_ACCESS] >= 0 && !(unsaid & (1u << COL_ACCESS));
    int said_crud = x->col[COL_CRUD] >= 0 && !(unsaid & (1u << COL_CRUD));
    if (said_access) {
        memset(&cm, 0, sizeof cm);
        if (parse_access(cell(t, r, x->col[COL_ACCESS]), &a->access, &cm) != 0)
            ok = access_ok = 0;
        report_msg(m, file, a->at[COL_ACCESS], &cm, a, BIT(COL_ACCESS));
    }
    if (said_crud) {
        const char *text = cell(t, r, x->col[COL_CRUD]);
        cellmsg as_access;
        memset(&cm, 0, sizeof cm);
        memset(&as_access, 0, sizeof as_access);
        if (parse_crud(text, &a->crud, &cm) == 0) {
            a->has_crud = 1;
        } else if (x->col[COL_ACCESS] < 0 && parse_access(text, &a->access, &as_access) == 0) {
            /* an access cell under a CRUD header: "CRU, all" or "RW, admin" in a column
             * headed "Access (CRUD)" */
            said_access = 1;
            cm = as_access;
        } else {
            ok = access_ok = 0;
        }
        report_msg(m, file, a->at[COL_CRUD], &cm, a, BIT(COL_CRUD) | BIT(COL_ACCESS));
    }
    if (!said_access && a->has_crud) {
        a->access.see = a->crud.r ? WHO_ALL : WHO_ADMIN;
        a->access.write = (a->crud.c || a->crud.u) ? WHO_ALL : WHO_NOBODY;
        a->access.post = a->crud.c;
        a->access.put = a->crud.u;
    } else if (x->col[COL_ACCESS] < 0 && x->col[COL_CRUD] < 0) {
        a->access = (maccess){WHO_ALL, WHO_ALL, 1, 1};
    } else if (!said_access && !said_crud) {
        /* nothing said: the narrowest reading, 'RO, admin' (a guess never widens) */
        a->access = (maccess){WHO_ADMIN, WHO_NOBODY, 0, 0};
    } else if (a->has_crud && access_ok) {
        crud_vs_access(m, a, file);
    }
    /* required */
    int req = -1;
    if (x->col[COL_REQUIRED] >= 0) {
        memset(&cm, 0, sizeof cm);
        if (parse_required(cell(t, r, x->col[COL_REQUIRED]), &req, &cm) != 0)
            ok = 0;
        report_msg(m, file, a->at[COL_REQUIRED], &cm, a, BIT(COL_REQUIRED));
    }
    /* the default, the validation, then whether the default satisfies both */
    int def_ok = 1;
    /* a csv field "" is the empty string: the reader gives its text as empty */
    const char *dc = rt_quoted_empty(t, r, x->col[COL_DEFAULT]) ? "\"\""
                                                                 : cell(t, r, x->col[COL_DEFAULT]);
    if (x->col[COL_DEFAULT] >= 0 && type_ok) {
        memset(&cm, 0, sizeof cm);
        if (parse_default(dc, &a->type, &a->def, &cm) != 0)
            ok = def_ok = 0;
        report_msg(m, file, a->at[COL_DEFAULT], &cm, a, BIT(COL_DEFAULT));
    }
    char *vmembers = NULL;
    int vfree = 0, vnone = 0;
    if (x->col[COL_VALIDATION] >= 0 && type_ok && nested_is_object(a) &&
        nested_validation(cell(t, r, x->col[COL_VALIDATION]), &vmembers, &vfree, &vnone)) {
        a->no_keys = vnone;
        /* a dict's members ("start: ip, end: ip") or its free-form mark */
        a->free_form |= vfree;
        if (vmembers && nested_members(m, a, vmembers, file, a->at[COL_VALIDATION], 0) < 0) {
            a->unread |= BIT(COL_VALIDATION);
            ok = 0;
        }
        free(vmembers);
    } else if (x->col[COL_VALIDATION] >= 0 && type_ok) {
        memset(&cm, 0, sizeof cm);
        if (parse_validation(cell(t, r, x->col[COL_VALIDATION]), &a->type, &a->valid, &cm) != 0)
            ok = 0;
        report_msg(m, file, a->at[COL_VALIDATION], &cm, a, BIT(COL_VALIDATION));
    }
    if (a->type.is_enum && type_ok && !a->valid.enumv)
        a->valid.enumv = type_cell_enum(cell(t, r, x->col[COL_TYPE]), &a->type); /* ENUM (A, B) */
    if (type_ok && def_ok)
        from_description(m, t, x, r, file, a, &unsaid);
    if (type_ok && x->col[COL_DESCRIPTION] >= 0)
        members_from_description(m, t, x, r, file, a);
    if (a->type.is_enum && type_ok && !a->valid.enumv) {
        rpos at = x->col[COL_VALIDATION] >= 0 ? a->at[COL_VALIDATION] : a->at[COL_TYPE];
        a->unread |= BIT(COL_TYPE) | BIT(COL_VALIDATION);
        model_report(m, file, at.line, at.col, DIAG_ERROR, "enum-without-values",
               "type enum, but the validation gives no values (write them as 'a', 'b' or "
               "'c')");
        ok = 0;
    }
    a->nullable = a->def.kind == DEF_NULL || a->type.nullable;
    if (a->def.kind == DEF_VALUE && def_ok && a->def.value) {
        char why[300];
        if (!value_fits(a->def.value, &a->type, a->nullable, &a->valid, why, sizeof why)) {
            a->unread |= BIT(COL_DEFAULT);
            model_report(m, file, a->at[COL_DEFAULT].line, a->at[COL_DEFAULT].col, DIAG_ERROR,
                   "default-mismatch", "default '%s' does not fit the attribute: %s", dc,
                   why);
            ok = 0;
        }
    }
    /* required on POST */
    if (req == 1) {
        a->required = 1;
        if (!a->access.post && access_ok) {
            a->unread |= BIT(COL_REQUIRED);
            model_report(m, file, a->at[COL_REQUIRED].line, a->at[COL_REQUIRED].col, DIAG_ERROR,
                   "required-read-only",
                   "'%s' is required, but its access lets no client write it on create",
                   a->name);
            ok = 0;
        }
    } else if (req == -1 && x->col[COL_DEFAULT] >= 0) {
        a->required = a->def.kind == DEF_NONE && a->access.post;
    }
    if ((unsaid & (1u << COL_TYPE)) ||
        ((x->col[COL_ACCESS] >= 0 || x->col[COL_CRUD] >= 0) && !said_access && !said_crud))
        unsaid_warning(m, t, x, r, file, a->name, unsaid);
    nested_access(a); /* (members in the Type cell came before the Access cell) */
    /* description, with a validation that was not understood */
    sbuf d = {0};
    sb_puts(&d, cell(t, r, x->col[COL_DESCRIPTION]));
    if (a->valid.unparsed) {
        if (d.n)
            sb_puts(&d, " ");
        sb_printf(&d, "(Validation: %s)", a->valid.unparsed);
    }
    a->description = sb_take(&d);
    return ok ? 0 : 1;
dropped:
    free(a->name);
    a->name = name_known ? join_name(cell(t, r, x->col[COL_NAME])) : NULL;
    for (int k = 0; k < x->nrs; k++)
        model_unread(m, file, a->line, m->res[x->idx[k]].member, a->name, dropped_code);
    attr_free(a);
    return -1;
}

/* Whether a row carries the words of an attribute table's header: an attribute column
 * and one of Type, Access and CRUD. */
static int attribute_header(const strvec *row)
{
    int *kinds = xcalloc((size_t)row->n + 1, sizeof *kinds), name = 0, other = 0;
    header_kinds(row, kinds);
    for (int c = 0; c < row->n; c++) {
        name |= kinds[c] == (int)COL_NAME;
        other |= kinds[c] == (int)COL_TYPE || kinds[c] == (int)COL_ACCESS ||
                 kinds[c] == (int)COL_CRUD;
    }
    free(kinds);
    return name && other;
}

/* Reads table t's rows as the members of `parent`, which the text at `line` names. */
static void members_table(model *m, const rtable *t, tctx *x, mattr *parent, int line)
{
    int own = x->col[COL_ACCESS] >= 0 || x->col[COL_CRUD] >= 0;
    m->nattr_tables++;
    if (m->o->verbose)
        model_report(m, NULL, t->line, 0, DIAG_NOTE, "members-bound",
                     "table read as the members of '%s', named by the text at line %d",
                     parent->name, line);
    for (int r = t->nhead; r < t->nrows && !m->d->stopped; r++) {
        mattr a;
        if (read_row(m, t, x, r, &a) < 0)
            continue;
        /* an access of its own only where it says other than the attribute's */
        a.own_access = own && memcmp(&a.access, &parent->access, sizeof a.access) != 0;
        if (!a.own_access)
            a.access = parent->access;
        nested_access(&a);
        parent->members = xgrow(parent->members, (size_t)parent->nmembers,
                                sizeof *parent->members);
        parent->members[parent->nmembers++] = a;
    }
}

/* Adds table t: `orig` (the table as the reader gives it) is read as a method table, t
 * (its rows spread, when it has spans) as an attribute table. */
static void add_table(model *m, const rtable *t, const rtable *orig, const spread *sp)
{
    const strvec *h = t->nhead > 0 ? &t->rows[t->nhead - 1] : NULL;
    if (!h && t->nrows > 1 && attribute_header(&t->rows[0])) {
        /* a list-table (or a table) whose first row is plainly its header */
        model_report(m, NULL, t->line, 0, DIAG_WARNING, "header-row-missing",
               "this table has no header row, but its first row is an attribute table's "
               "header (%s, ...); it is read as the header: say so with ':header-rows: 1'",
               t->rows[0].v[0]);
        rtable with_head = *t, orig_head = *orig;
        with_head.nhead = orig_head.nhead = 1;
        add_table(m, &with_head, &orig_head, sp);
        return;
    }
    m->ntables++;
    if (!h) {
        int op = method_table(m, orig);
        if (op < 0) {
            m->nskipped++;
        } else if (op > 0) {
            if (m->o->verbose)
                model_report(m, NULL, t->line, 0, DIAG_NOTE, "operation",
                       "method table read as operation %s %s", m->ops[m->nops - 1].method,
                       m->ops[m->nops - 1].path);
        } else {
            m->nskipped++;
            if (m->o->verbose)
                model_report(m, NULL, t->line, 0, DIAG_NOTE, "table-skipped",
                       "table skipped: it has no header row, and is not a method table");
        }
        return;
    }
    if (param_table(m, orig)) /* a table of an operation's parameters (params.c) */
        return;
    if (structs_table(m, t)) { /* an ETSI-style structure table */
        if (m->o->verbose)
            model_report(m, NULL, t->line, 0, DIAG_NOTE, "structure",
                   "structure table read as '%s'",
                   m->structs[m->nstructs - 1].name ? m->structs[m->nstructs - 1].name : "?");
        return;
    }
    tctx x;
    x.sp = sp;
    x.idx = NULL;
    x.nrs = 0;
    for (int k = 0; k < NCOLKINDS; k++)
        x.col[k] = -1;
    x.ncols = h->n;
    x.kinds = xcalloc((size_t)h->n + 1, sizeof *x.kinds);
    header_kinds(h, x.kinds);
    int style = -1, unknown = -1;
    for (int c = 0; c < h->n; c++) {
        if (x.kinds[c] >= 0 && x.kinds[c] < NCOLKINDS && x.col[x.kinds[c]] < 0)
            x.col[x.kinds[c]] = c;
        if (x.kinds[c] == -1) {
            char *w = model_words(h->v[c]);
            if (strcmp(w, "style") == 0 || strcmp(w, "in") == 0)
                style = c;
            else if (unknown < 0)
                unknown = c;
            free(w);
        }
    }
    const char *why = NULL;
    if (x.col[COL_NAME] < 0)
        why = "its header names no attribute column (Attribute, Attribute Name, Name, "
              "Parameter)";
    else if (x.col[COL_TYPE] < 0 && x.col[COL_ACCESS] < 0 && x.col[COL_CRUD] < 0)
        why = "its header has none of Type, Access and CRUD";
    else if (style >= 0)
        why = "it has a Style column: a table of request parameters, not of attributes";
    if (why) {
        int op = method_table(m, orig);
        if (style >= 0 && op == 0) {
            /* it looks like an attribute table: say why it is not read, always */
            model_report(m, NULL, t->line, 0, DIAG_WARNING, "table-skipped",
                   "table skipped: %s; attrc does not read parameter tables (if this is an "
                   "attribute table, drop the Style column)",
                   why);
            m->nskipped++;
            free(x.kinds);
            return;
        }
        if (m->o->verbose && op >= 0) {
            if (op)
                model_report(m, NULL, t->line, 0, DIAG_NOTE, "operation",
                       "method table read as operations");
            else
                model_report(m, NULL, t->line, 0, DIAG_NOTE, "table-skipped",
                       "table skipped: %s", why);
        }
        if (op <= 0)
            m->nskipped++;
        free(x.kinds);
        return;
    }
    int at_line = 0;
    mattr *parent = nested_target(m, t, &at_line);
    if (parent) { /* the members of an attribute ("Keys of allocation_pools:") */
        members_table(m, t, &x, parent, at_line);
        free(x.kinds);
        return;
    }
    m->nattr_tables++;
    if (unknown >= 0)
        model_report(m, t->data_file && t->data_from == 0 ? t->data_file : NULL,
               t->pos[t->nhead - 1][unknown].line, t->pos[t->nhead - 1][unknown].col,
               DIAG_WARNING, "unknown-column",
               "column '%s' is not one attrc reads (its cells are ignored); the columns are "
               "Attribute, Type, Access, Default, Validation, Description, Req and CRUD",
               h->v[unknown]);
    if (x.col[COL_TYPE] < 0)
        model_report(m, NULL, t->line, 0, DIAG_WARNING, "unknown-column",
               "attribute table without a Type column: its attributes are read as strings");
    if (x.col[COL_ACCESS] < 0 && x.col[COL_CRUD] < 0)
        model_report(m, NULL, t->line, 0, DIAG_WARNING, "unknown-column",
               "attribute table with neither Access nor CRUD: its attributes are read as "
               "'RW, all'");
    int idx[8];
    int nrs = bind_table(m, t, idx);
    x.idx = idx;
    x.nrs = nrs;
    for (int r = t->nhead; r < t->nrows && !m->d->stopped; r++) {
        /* cells under a column without a header word */
        for (int c = 0; c < t->rows[r].n && c < h->n; c++)
            if (x.kinds[c] == (int)COL_NONE && t->rows[r].v[c][0] &&
                !(sp && r > t->nhead && t->rows[r].v[c] == t->rows[r - 1].v[c])) {
                const char *f = (t->data_file && r >= t->data_from) ? t->data_file : NULL;
                model_report(m, f, t->pos[r][c].line, t->pos[r][c].col, DIAG_WARNING,
                       "unknown-column", "cell '%s' is in a column without a header; ignored",
                       t->rows[r].v[c]);
            }
        mattr a;
        if (read_row(m, t, &x, r, &a) < 0)
            continue;
        for (int k = 0; k < nrs; k++) {
            mresource *res = &m->res[idx[k]];
            res->attrs = xgrow(res->attrs, (size_t)res->nattrs, sizeof *res->attrs);
            if (k + 1 == nrs)
                res->attrs[res->nattrs++] = a;
            else
                attr_copy(&res->attrs[res->nattrs++], &a);
        }
        if (nrs == 0)
            attr_free(&a);
    }
    free(x.kinds);
}

void model_add_table(model *m, const rtable *t)
{
    if (!t->span) {
        add_table(m, t, t, NULL);
        return;
    }
    spread sp;
    said s = {0};
    spread_init(&sp, t);
    m->said = &s;
    add_table(m, &sp.t, t, &sp);
    m->said = NULL;
    spread_free(&sp);
    nameset_free(&s.seen);
    sv_free(&s.keys);
}

/* Whether two definitions of an attribute say the same (all but the description and the
 * place). */
static int same_definition(const mattr *a, const mattr *b)
{
    /* "enum" and "string" with the same values are the same */
    return a->type.base == b->type.base && a->type.items == b->type.items &&
           a->nullable == b->nullable &&
           memcmp(&a->access, &b->access, sizeof a->access) == 0 &&
           a->required == b->required && a->def.kind == b->def.kind &&
           (a->def.value == b->def.value ||
            (a->def.value && b->def.value && json_equal(a->def.value, b->def.value))) &&
           (a->valid.enumv == b->valid.enumv ||
            (a->valid.enumv && b->valid.enumv && json_equal(a->valid.enumv, b->valid.enumv))) &&
           a->valid.has_min == b->valid.has_min && a->valid.has_max == b->valid.has_max &&
           a->valid.min == b->valid.min && a->valid.max == b->valid.max &&
           a->valid.max_len == b->valid.max_len && a->valid.format == b->valid.format &&
           a->valid.items_format == b->valid.items_format;
}

/* A set of names, by open addressing: name -> the index of the attribute that has it. */

/* Duplicate names and C names within a resource, in linear time: each attribute is
 * looked up among those before it.  The later of two duplicates goes. */
static void check_names(model *m, mresource *res)
{
    nameset names, cnames;
    nameset_init(&names, res->nattrs);
    nameset_init(&cnames, res->nattrs);
    int kept = 0;
    for (int i = 0; i < res->nattrs; i++) {
        mattr *a = &res->attrs[i];
        size_t slot = nameset_slot(&names, a->name);
        if (names.key[slot]) {
            mattr *b = &res->attrs[names.val[slot]];
            if (a->table != b->table && same_definition(a, b)) {
                model_report(m, a->file, a->at[COL_NAME].line, a->at[COL_NAME].col, DIAG_WARNING,
                       "repeated-attribute",
                       "attribute '%s' of '%s' is defined again, identically, by another "
                       "table (first at line %d); the first definition is used",
                       a->name, res->member, b->line);
            } else {
                b->unread = ATTR_UNREAD_ALL; /* which of the two is meant is not known */
                model_report(m, b->file, b->at[COL_NAME].line, b->at[COL_NAME].col, DIAG_ERROR,
                       "duplicate-attribute",
                       "attribute '%s' of '%s' is defined twice (again at line %d)", b->name,
                       res->member, a->line);
                model_report(m, a->file, a->at[COL_NAME].line, a->at[COL_NAME].col, DIAG_ERROR,
                       "duplicate-attribute",
                       "attribute '%s' of '%s' is defined twice (first at line %d)", a->name,
                       res->member, b->line);
            }
            attr_free(a);
            continue;
        }
        /* kept: moved down over the ones dropped, then entered */
        if (kept != i)
            res->attrs[kept] = *a;
        a = &res->attrs[kept];
        names.key[slot] = a->name;
        names.val[slot] = kept;
        size_t cs = nameset_slot(&cnames, a->c_name);
        if (cnames.key[cs]) {
            mattr *b = &res->attrs[cnames.val[cs]];
            model_report(m, b->file, b->at[COL_NAME].line, b->at[COL_NAME].col, DIAG_ERROR,
                   "c-name-clash", "attributes '%s' and '%s' of '%s' have the same C name '%s'",
                   b->name, a->name, res->member, a->c_name);
            model_report(m, a->file, a->at[COL_NAME].line, a->at[COL_NAME].col, DIAG_ERROR,
                   "c-name-clash", "attributes '%s' and '%s' of '%s' have the same C name '%s'",
                   a->name, b->name, res->member, a->c_name);
        } else {
            cnames.key[cs] = a->c_name;
            cnames.val[cs] = kept;
        }
        kept++;
    }
    res->nattrs = kept;
    nameset_free(&names);
    nameset_free(&cnames);
}

/* Calls fn for each segment of an operation's path that may name a collection, as a
 * name ("gizmo-pairs" as "gizmo_pairs"); stops where fn returns nonzero. */
static void path_collections(const mop *o, int (*fn)(const char *coll, size_t at, void *ud),
                             void *ud)
{
    sbuf seg = {0};
    size_t i = 0, len, n = strlen(o->path);
    for (const char *p; (p = next_segment(o->path, n, &i, &len)) != NULL;) {
        if (path_param(p, len))
            continue;
        sb_reset(&seg);
        path_name(&seg, p, len);
        if (fn(seg.p, (size_t)(p - o->path), ud))
            break;
    }
    sb_free(&seg);
}

struct bind_walk {
    const nameset *by_coll;
    int found;
    size_t at; /* where the found collection's segment starts */
};

static int op_segment(const char *coll, size_t at, void *ud)
{
    struct bind_walk *w = ud;
    int r = nameset_get(w->by_coll, coll);
    if (r >= 0) {
        w->found = r;
        w->at = at;
    }
    return 0;
}

/* An operation belongs to the resource whose collection is the last of its path's
 * segments to be one, whatever the path's version prefix or its "-" and "_". */
static void bind_operations(model *m)
{
    /* by collection, the last resource that has it (as a walk of the list would find) */
    nameset by_coll = {0};
    for (int r = 0; r < m->nres; r++)
        nameset_put(&by_coll, m->res[r].collection, r);
    const char *spec_prefix = NULL;
    for (int k = 0; k < m->nops; k++) {
        mop *o = &m->ops[k];
        struct bind_walk w = {&by_coll, -1, 0};
        path_collections(o, op_segment, &w);
        if (w.found >= 0) {
            mresource *res = &m->res[w.found];
            o->resource = xstrdup(res->member);
            /* the path before the collection: "/v1/", "/v2.0/lbaas/pools/{pool_id}/" */
            if (!res->prefix)
                res->prefix = xstrndup(o->path, w.at);
            if (!spec_prefix && !strchr(res->prefix, '{') && !strchr(res->prefix, '<'))
                spec_prefix = res->prefix;
        } else if (!o->request && !o->response) /* (a structure's is a body of its own) */
            model_report(m, NULL, o->line, 0, DIAG_WARNING, "operation-unbound",
                   "operation %s %s names no resource of this spec (no segment of its path is "
                   "a collection an attribute table describes); it is left out of the policy",
                   o->method, o->path);
    }
    /* a resource the method tables leave out: the spec's own prefix, else Neutron's */
    for (int r = 0; r < m->nres; r++)
        if (!m->res[r].prefix)
            m->res[r].prefix = xstrdup(spec_prefix ? spec_prefix : "/v2.0/");
    nameset_free(&by_coll);
}

/* A resource the text named "firewall_address_group" whose spec's paths say
 * "/address_groups" is the address group: the path is the API's own name.  Renamed where
 * exactly one collection of the paths, named by no table, ends its collection. */
static int last_collection(const char *coll, size_t at, void *ud)
{
    (void)at;
    char **last = ud;
    free(*last);
    *last = xstrdup(coll);
    return 0;
}

static void names_from_paths(model *m)
{
    strvec old = {0};
    nameset by_coll = {0}, free_coll = {0};
    for (int r = 0; r < m->nres; r++)
        nameset_put(&by_coll, m->res[r].collection, r);
    /* the collections the paths end with that no table names */
    strvec colls = {0};
    for (int k = 0; k < m->nops; k++) {
        char *c = NULL;
        path_collections(&m->ops[k], last_collection, &c);
        if (c && nameset_get(&by_coll, c) < 0 && nameset_get(&free_coll, c) < 0) {
            sv_push(&colls, c);
            nameset_put(&free_coll, c, colls.n - 1);
        } else {
            free(c);
        }
    }
    for (int r = 0; r < m->nres && colls.n; r++) {
        mresource *res = &m->res[r];
        if (strcmp(res->bound_by, "config") == 0 || strcmp(res->bound_by, "method table") == 0)
            continue;
        /* each tail after a "_": "address_groups" of "firewall_address_groups" */
        const char *to = NULL;
        int ambiguous = 0;
        for (const char *u = strchr(res->collection, '_'); u; u = strchr(u + 1, '_')) {
            int c = nameset_get(&free_coll, u + 1);
            if (c >= 0 && to && strcmp(to, colls.v[c]) != 0)
                ambiguous = 1;
            if (c >= 0 && !to)
                to = colls.v[c];
        }
        char *member = to && !ambiguous ? singular_of(to) : NULL;
        if (member && nameset_get(m->by_member, member) < 0) {
            if (m->o->verbose)
                model_report(m, NULL, res->line, 0, DIAG_NOTE, "resource-renamed",
                       "resource '%s' is '%s' (collection '%s'), as the spec's paths name it",
                       res->member, member, to);
            /* the old names stay in the indexes until they are built again */
            sv_push(&old, res->member);
            sv_push(&old, res->collection);
            res->member = member;
            res->collection = xstrdup(to);
            nameset_put(m->by_member, res->member, r);
            member = NULL;
        }
        free(member);
    }
    nameset_free(&by_coll);
    nameset_free(&free_coll);
    sv_free(&colls);
    if (old.n) {
        nameset_free(m->by_member);
        memset(m->by_member, 0, sizeof *m->by_member);
        for (int r = 0; r < m->nres; r++)
            nameset_put(m->by_member, m->res[r].member, r);
    }
    sv_free(&old);
}

char *c_check_name(const mresource *r, const mattr *a)
{
    return c_member_check_name(r->c_name, a);
}

char *c_member_check_name(const char *owner, const mattr *a)
{
    char *check = c_join(owner, "check"), *fn = c_join(check, a->c_name);
    free(check);
    return fn;
}

/* The identifiers the generated C defines for a spec (docs/validators.md): its registry
 * SPEC_resources, and for each resource SPEC_MEMBER, SPEC_MEMBER_attributes,
 * SPEC_MEMBER_lookup and SPEC_MEMBER_check_ATTRIBUTE.  Two that are one would not compile
 * or link: an error at the later one's line. */
typedef struct c_ids {
    nameset seen;
    strvec names, what; /* each identifier and what it is for, by index */
    int *lines;         /* ... and where */
    const mattr **attr; /* ... and the attribute whose check it is, or NULL */
} c_ids;

static void c_id_add(model *m, c_ids *ids, char *id, const mattr *a, const char *file,
                     int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

/* Enters `id` (taken), for what `fmt` says (the check of attribute `a`, or NULL); reports
 * a clash with an earlier one, but for two attributes of one C name: check_names said
 * so. */
static void c_id_add(model *m, c_ids *ids, char *id, const mattr *a, const char *file,
                     int line, const char *fmt, ...)
{
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    size_t slot = nameset_slot(&ids->seen, id);
    if (ids->seen.key[slot]) {
        int k = ids->seen.val[slot];
        if (a && ids->attr[k] && strcmp(a->c_name, ids->attr[k]->c_name) == 0) {
            free(id);
            return;
        }
        model_report(m, file, line, 0, DIAG_ERROR, "c-name-clash",
               "%s and %s (line %d) have the same C name '%s'; rename one of them",
               what, ids->what.v[k], ids->lines[k], id);
        free(id);
        return;
    }
    ids->lines = xgrow(ids->lines, (size_t)ids->names.n, sizeof *ids->lines);
    ids->lines[ids->names.n] = line;
    ids->attr = xgrow(ids->attr, (size_t)ids->names.n, sizeof *ids->attr);
    ids->attr[ids->names.n] = a;
    sv_push(&ids->names, id);
    sv_push(&ids->what, xstrdup(what));
    nameset_put(&ids->seen, id, ids->names.n - 1); /* (it grows: structures add more) */
}

/* The identifiers of a structure's C (emit_c.c): CNAME, CNAME_members, CNAME_lookup, a
 * CNAME_check_MEMBER each, and those of the objects written inline in it. */
static void c_struct_ids(model *m, c_ids *ids, const char *cname, const char *what,
                         const mattr *v, int n, int line)
{
    c_id_add(m, ids, xstrdup(cname), NULL, NULL, line, "structure %s", what);
    c_id_add(m, ids, c_join(cname, "members"), NULL, NULL, line, "the members of %s", what);
    c_id_add(m, ids, c_join(cname, "lookup"), NULL, NULL, line, "the lookup of %s", what);
    for (int k = 0; k < n; k++) {
        char *sub = c_join(cname, v[k].c_name);
        if (v[k].nmembers) {
            sbuf w = {0};
            sb_printf(&w, "%s.%s", what, v[k].name);
            c_struct_ids(m, ids, sub, w.p, v[k].members, v[k].nmembers, v[k].line);
            sb_free(&w);
        }
        free(sub);
        c_id_add(m, ids, c_member_check_name(cname, &v[k]), &v[k], v[k].file, v[k].line,
                 "the check of '%s' of %s", v[k].name, what);
    }
}

static void c_identifiers(model *m)
{
    char *stem = spec_stem(m->file);
    c_ids ids = {0};
    int n = 1;
    for (int r = 0; r < m->nres; r++)
        n += 3 + m->res[r].nattrs;
    nameset_init(&ids.seen, n);
    c_id_add(m, &ids, c_join(stem, "resources"), NULL, NULL, 0,
             "the spec's registry of resources");
    c_id_add(m, &ids, c_join(stem, "structs"), NULL, NULL, 0,
             "the spec's registry of structures");
    for (int r = 0; r < m->nres; r++) {
        mresource *res = &m->res[r];
        res->c_name = c_join(stem, res->member);
        c_id_add(m, &ids, xstrdup(res->c_name), NULL, NULL, res->line, "resource '%s'",
                 res->member);
        c_id_add(m, &ids, c_join(res->c_name, "attributes"), NULL, NULL, res->line,
                 "the attribute table of '%s'", res->member);
        c_id_add(m, &ids, c_join(res->c_name, "lookup"), NULL, NULL, res->line,
                 "the attribute lookup of '%s'", res->member);
        for (int k = 0; k < res->nattrs; k++) {
            const mattr *a = &res->attrs[k];
            c_id_add(m, &ids, c_check_name(res, a), a, a->file, a->line,
                     "the check of '%s' of '%s'", a->name, res->member);
            if (nested_is_object(a) && (a->nmembers || a->free_form)) {
                char *cname = c_join(res->c_name, a->c_name);
                sbuf w = {0};
                sb_printf(&w, "'%s.%s'", res->member, a->name);
                c_struct_ids(m, &ids, cname, w.p, a->members, a->nmembers, a->line);
                sb_free(&w);
                free(cname);
            }
        }
    }
    for (int k = 0; k < m->nstructs; k++) {
        const mstruct *st = &m->structs[k];
        /* (a second table of one name is not emitted) */
        if (st->name && st->name[0] && structs_find(m, st->name) == st) {
            char *cname = c_join(stem, st->name);
            sbuf w = {0};
            sb_printf(&w, "'%s'", st->name);
            c_struct_ids(m, &ids, cname, w.p, st->members, st->nmembers, st->line);
            sb_free(&w);
            free(cname);
        }
    }
    nameset_free(&ids.seen);
    sv_free(&ids.names);
    sv_free(&ids.what);
    free(ids.lines);
    free(ids.attr);
    free(stem);
}

/* Under the Neutron dialect every attribute of a resource is checked as neutron-lib
 * checks it (docs/validators.md "The Neutron dialect"). */
static void dialect_finish(model *m)
{
    if (m->dialect != DIALECT_NEUTRON)
        return;
    for (int r = 0; r < m->nres; r++)
        for (int k = 0; k < m->res[r].nattrs; k++)
            m->res[r].attrs[k].neutron = 1;
}

void model_dialect_dicts(model *m)
{
    if (m->dialect != DIALECT_NEUTRON)
        return;
    for (int r = 0; r < m->nres; r++)
        for (int k = 0; k < m->res[r].nattrs; k++) {
            mattr *a = &m->res[r].attrs[k];
            if (a->type.base == TY_OBJECT && !a->nmembers && !a->no_keys && !a->ref)
                a->free_form = 1;
        }
}

void model_finish(model *m)
{
    dialect_finish(m);
    names_from_paths(m);
    for (int r = 0; r < m->nres; r++)
        check_names(m, &m->res[r]);
    nested_finish(m); /* (attrc.yaml's dicts first: their members have C names too) */
    c_identifiers(m);
    bind_operations(m);
    structs_finish(m);
}

void model_free(model *m)
{
    free(m->title);
    for (int r = 0; r < m->nres; r++) {
        for (int k = 0; k < m->res[r].nattrs; k++)
            attr_free(&m->res[r].attrs[k]);
        free(m->res[r].attrs);
        free(m->res[r].member);
        free(m->res[r].c_name);
        free(m->res[r].collection);
        free(m->res[r].bound_by);
        free(m->res[r].extends_by);
        free(m->res[r].prefix);
    }
    free(m->res);
    if (m->by_member) {
        nameset_free(m->by_member);
        free(m->by_member);
    }
    for (int k = 0; k < m->nops; k++) {
        free(m->ops[k].method);
        free(m->ops[k].path);
        free(m->ops[k].resource);
        free(m->ops[k].request);
        free(m->ops[k].response);
        for (int j = 0; j < m->ops[k].nparams; j++) {
            free(m->ops[k].params[j].name);
            free(m->ops[k].params[j].in);
            free(m->ops[k].params[j].description);
        }
        free(m->ops[k].params);
    }
    free(m->ops);
    structs_free(m->structs, m->nstructs);
    free(m->body_name);
    for (int k = 0; k < m->nunread; k++) {
        free(m->unread[k].file);
        free(m->unread[k].resource);
        free(m->unread[k].attribute);
        free(m->unread[k].code);
    }
    free(m->unread);
    free(m->file);
    memset(m, 0, sizeof *m);
}

/* ---- JSON ---- */

static json_t *pos_json(rpos p) { return json_pack("[i, i]", p.line, p.col); }

static json_t *number(double v)
{
    if (v == (double)(json_int_t)v && v > -9007199254740992.0 && v < 9007199254740992.0)
        return json_integer((json_int_t)v);
    return json_real(v);
}

static const char *format_name(vformat f)
{
    static const char *const names[] = {NULL, "uuid", "ip", "ipv4", "ipv6"};
    return names[f];
}

static json_t *attr_json(const mattr *a)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(a->name));
    json_object_set_new(o, "c_name", json_string(a->c_name));
    json_t *ty = json_pack("{s:s}", "base", base_type_name(a->type.base));
    if (a->type.base == TY_ARRAY) {
        base_type it = a->valid.items_format ? a->valid.items_format : a->type.items;
        json_object_set_new(ty, "items", it ? json_string(base_type_name(it)) : json_null());
    }
    if (a->type.is_enum)
        json_object_set_new(ty, "enum", json_true());
    json_object_set_new(ty, "nullable", json_boolean(a->nullable));
    json_object_set_new(o, "type", ty);
    json_object_set_new(o, "access",
                        json_pack("{s:s, s:s, s:b, s:b}", "visible_to", who_name(a->access.see),
                                  "writable_by", who_name(a->access.write), "post",
                                  a->access.post, "put", a->access.put));
    json_object_set_new(o, "required", json_boolean(a->required));
    json_t *def = json_pack("{s:s}", "kind", def_kind_name(a->def.kind));
    if (a->def.kind == DEF_VALUE && a->def.value)
        json_object_set(def, "value", a->def.value);
    json_object_set_new(o, "default", def);
    json_t *v = json_object();
    if (a->valid.enumv)
        json_object_set(v, "enum", a->valid.enumv);
    if (a->valid.has_min)
        json_object_set_new(v, a->valid.min_excl ? "exclusive_minimum" : "minimum",
                            number(a->valid.min));
    if (a->valid.has_max)
        json_object_set_new(v, a->valid.max_excl ? "exclusive_maximum" : "maximum",
                            number(a->valid.max));
    if (a->valid.max_len >= 0)
        json_object_set_new(v, "max_length", json_integer(a->valid.max_len));
    if (a->valid.format)
        json_object_set_new(v, "format", json_string(format_name(a->valid.format)));
    if (a->valid.unparsed)
        json_object_set_new(v, "not_understood", json_string(a->valid.unparsed));
    json_object_set_new(o, "validation", v);
    json_object_set_new(o, "description", json_string(a->description));
    json_object_set_new(o, "file", json_string(a->file));
    json_object_set_new(o, "line", json_integer(a->line));
    json_t *cells = json_object();
    for (int k = 0; k < NCOLKINDS; k++)
        if (a->at[k].line)
            json_object_set_new(cells, col_names[k], pos_json(a->at[k]));
    json_object_set_new(o, "cells", cells);
    if (nested_is_object(a)) {
        json_object_set_new(o, "free_form", json_boolean(a->free_form));
        if (a->no_keys)
            json_object_set_new(o, "no_keys", json_true());
        json_t *mv = json_array();
        for (int k = 0; k < a->nmembers; k++) {
            json_t *mo = attr_json(&a->members[k]);
            json_object_set_new(mo, "own_access", json_boolean(a->members[k].own_access));
            json_array_append_new(mv, mo);
        }
        json_object_set_new(o, "members", mv);
    }
    return o;
}

json_t *model_json(const model *m)
{
    json_t *res = json_array();
    for (int r = 0; r < m->nres; r++) {
        const mresource *rs = &m->res[r];
        json_t *attrs = json_array();
        for (int k = 0; k < rs->nattrs; k++)
            json_array_append_new(attrs, attr_json(&rs->attrs[k]));
        json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:b}", "member", rs->member, "collection",
                              rs->collection, "named_by", rs->bound_by, "line", rs->line,
                              "extends", rs->extends);
        if (rs->extends) {
            json_object_set_new(o, "extends_by", json_string(rs->extends_by));
            json_object_set_new(o, "extends_line", json_integer(rs->extends_line));
        }
        json_object_set_new(o, "attributes", attrs);
        json_array_append_new(res, o);
    }
    json_t *ops = json_array();
    for (int k = 0; k < m->nops; k++) {
        const mop *o = &m->ops[k];
        json_t *s = json_array(), *e = json_array();
        for (int i = 0; i < o->nsuccess; i++)
            json_array_append_new(s, json_integer(o->success[i]));
        for (int i = 0; i < o->nerrors; i++)
            json_array_append_new(e, json_integer(o->errors[i]));
        json_t *op = json_pack("{s:s, s:s, s:o, s:o, s:o, s:i}", "method", o->method, "path",
                               o->path, "resource",
                               o->resource ? json_string(o->resource) : json_null(), "success",
                               s, "errors", e, "line", o->line);
        if (o->request)
            json_object_set_new(op, "request", json_string(o->request));
        if (o->response)
            json_object_set_new(op, "response", json_string(o->response));
        if (o->nparams) {
            json_t *ps = json_array();
            for (int i = 0; i < o->nparams; i++) {
                const mparam *p = &o->params[i];
                json_t *ty = json_pack("{s:s}", "base", base_type_name(p->type.base));
                if (p->type.base == TY_ARRAY && p->type.items)
                    json_object_set_new(ty, "items", json_string(base_type_name(p->type.items)));
                json_array_append_new(ps, json_pack("{s:s, s:s, s:o, s:b, s:s, s:i}", "name",
                                                    p->name, "in", p->in, "type", ty,
                                                    "required", p->required, "description",
                                                    p->description, "line", p->line));
            }
            json_object_set_new(op, "parameters", ps);
        }
        json_array_append_new(ops, op);
    }
    json_t *o = json_pack("{s:s, s:o, s:o}", "file", m->file, "resources", res, "operations", ops);
    if (m->dialect != DIALECT_STRICT) /* only where a spec is read under another */
        json_object_set_new(o, "dialect", json_string(dialect_name(m->dialect)));
    if (m->nstructs) /* only where the spec has structure tables */
        json_object_set_new(o, "structures", structs_json(m));
    return o;
}

mop *model_op(model *m, const char *method, const char *path, int line)
{
    mop *o = new_op(m, method, path, line);
    for (int k = 0; k < m->nops - 1; k++)
        if (strcmp(m->ops[k].method, o->method) == 0 && strcmp(m->ops[k].path, o->path) == 0) {
            free(o->method);
            free(o->path);
            m->nops--;
            return &m->ops[k];
        }
    return o;
}

int model_is_method(const char *s) { return is_method(s); }

