/* attrc.yaml, read with libyaml's document loader: every node keeps its place, so each
 * problem is reported at the line and column where it is. */
#include "config.h"

#include "model.h"
#include "source.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

typedef struct cl {
    config *c;
    diag *d;
    yaml_document_t doc;
    int bad;
} cl;

static void bad(cl *x, const yaml_node_t *n, const char *fmt, const char *a, const char *b)
{
    sbuf text = {0}; /* the values are the file's, of any length: never cut */
    sb_printf(&text, fmt, a ? a : "", b ? b : "");
    diag_report_code(x->d, NULL, x->c->path, n ? (int)n->start_mark.line + 1 : 0,
                     n ? (int)n->start_mark.column + 1 : 0, DIAG_ERROR, "config", "%s",
                     text.p ? text.p : "");
    sb_free(&text);
    x->bad = 1;
}

static const char *scalar(cl *x, const yaml_node_t *n, const char *what)
{
    if (!n || n->type != YAML_SCALAR_NODE) {
        bad(x, n, "%s must be a single value", what, NULL);
        return NULL;
    }
    return (const char *)n->data.scalar.value;
}

static int integer(cl *x, const yaml_node_t *n, const char *what, int *out)
{
    const char *s = scalar(x, n, what);
    if (!s)
        return -1;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno || v < 1 || v > 10000000) {
        bad(x, n, "%s must be a positive whole number, not '%s'", what, s);
        return -1;
    }
    *out = (int)v;
    return 0;
}

static yaml_node_t *node(cl *x, int id) { return yaml_document_get_node(&x->doc, id); }

/* A name that reaches file names, C and policy rules: the one rule of attribute names
 * (model_name_ok), or an error at its node. */
static const char *name_at(cl *x, yaml_node_t *n, const char *what)
{
    const char *s = scalar(x, n, what);
    if (s && !model_name_ok(s)) {
        bad(x, n, "%s is not a name: letters, digits, '_', '-', '.' and ':', not first a digit "
                  "(it names files, C identifiers and policy rules)",
            what, NULL);
        return NULL;
    }
    return s;
}

static void add_name(cl *x, yaml_node_t *n, char ***out, int *count, const char *what)
{
    const char *s = name_at(x, n, what);
    if (s) {
        *out = xgrow(*out, (size_t)*count, sizeof **out);
        (*out)[(*count)++] = xstrdup(s);
    }
}

/* One name or a list of names. */
static void names(cl *x, yaml_node_t *n, char ***out, int *count, const char *what)
{
    if (n && n->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = n->data.sequence.items.start;
             it < n->data.sequence.items.top; it++)
            add_name(x, node(x, *it), out, count, what);
        return;
    }
    add_name(x, n, out, count, what);
}

/* A YAML 1.1 boolean (true/false, yes/no, on/off, any case), or -1 with an error. */
static int boolean(cl *x, const yaml_node_t *n, const char *what)
{
    const char *s = scalar(x, n, what);
    if (!s)
        return -1;
    static const char *const yes[] = {"true", "yes", "on"}, *const no[] = {"false", "no", "off"};
    for (int k = 0; k < 3; k++) {
        if (ascii_ieq(s, yes[k]))
            return 1;
        if (ascii_ieq(s, no[k]))
            return 0;
    }
    bad(x, n, "%s is true or false, not '%s'", what, s);
    return -1;
}

static void binding(cl *x, yaml_node_t *n)
{
    if (n->type != YAML_MAPPING_NODE) {
        bad(x, n, "each entry of 'resources' is a mapping (table: N, member: NAME)", NULL, NULL);
        return;
    }
    cfg_binding b = {0};
    b.extends = -1;
    b.at_line = (int)n->start_mark.line + 1;
    b.at_col = (int)n->start_mark.column + 1;
    char **colls = NULL;
    int ncoll = 0;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(x, p->key), *v = node(x, p->value);
        const char *key = scalar(x, k, "a key");
        if (!key)
            continue;
        if (strcmp(key, "table") == 0) {
            integer(x, v, "'table'", &b.table);
        } else if (strcmp(key, "line") == 0) {
            integer(x, v, "'line'", &b.line);
        } else if (strcmp(key, "title") == 0) {
            const char *s = scalar(x, v, "'title'");
            if (s)
                b.title = xstrdup(s);
        } else if (strcmp(key, "spec") == 0) {
            const char *s = scalar(x, v, "'spec'");
            if (s)
                b.spec = xstrdup(s);
        } else if (strcmp(key, "member") == 0) {
            names(x, v, &b.member, &b.nres, "'member'");
        } else if (strcmp(key, "collection") == 0) {
            names(x, v, &colls, &ncoll, "'collection'");
        } else if (strcmp(key, "extends") == 0) {
            b.extends = boolean(x, v, "'extends'");
        } else {
            bad(x, k, "unknown key '%s' in a resource binding (table, line, title, spec, member, "
                      "collection, extends)",
                key, NULL);
        }
    }
    if (!b.table && !b.line && !b.title)
        bad(x, n, "a resource binding needs 'table', 'line' or 'title' to say which table", NULL,
            NULL);
    if (!b.nres)
        bad(x, n, "a resource binding needs 'member' (the resource's name)", NULL, NULL);
    if (ncoll && ncoll != b.nres)
        bad(x, n, "'collection' must give one name per 'member'", NULL, NULL);
    b.collection = xcalloc((size_t)(b.nres ? b.nres : 1), sizeof *b.collection);
    for (int k = 0; k < ncoll; k++) {
        if (k < b.nres)
            b.collection[k] = colls[k];
        else
            free(colls[k]);
    }
    free(colls);
    x->c->bind = xgrow(x->c->bind, (size_t)x->c->nbind, sizeof *x->c->bind);
    x->c->bind[x->c->nbind++] = b;
}

static void policy(cl *x, yaml_node_t *n)
{
    if (n->type != YAML_MAPPING_NODE) {
        bad(x, n, "'policy' is a mapping (base: {RULE: CHECK, ...})", NULL, NULL);
        return;
    }
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(x, p->key), *v = node(x, p->value);
        const char *key = scalar(x, k, "a key");
        if (!key)
            continue;
        if (strcmp(key, "base") != 0) {
            bad(x, k, "unknown key '%s' in 'policy' (base)", key, NULL);
            continue;
        }
        if (v->type != YAML_MAPPING_NODE) {
            bad(x, v, "'policy: base' is a mapping of rule names to checks", NULL, NULL);
            continue;
        }
        json_decref(x->c->policy_base);
        x->c->policy_base = json_object();
        for (yaml_node_pair_t *q = v->data.mapping.pairs.start; q < v->data.mapping.pairs.top;
             q++) {
            const char *rule = name_at(x, node(x, q->key), "a rule name");
            const char *check = scalar(x, node(x, q->value), "a rule's check");
            if (rule && check) {
                json_t *j = json_string(check);
                if (!j || json_object_set_new(x->c->policy_base, rule, j) != 0)
                    bad(x, node(x, q->key), "rule '%s' is not UTF-8", rule, NULL);
            }
        }
    }
}

/* bases: {MEMBER: SCHEMA, ...}: each path relative to the configuration's folder. */
static void bases(cl *x, yaml_node_t *n)
{
    if (n->type != YAML_MAPPING_NODE) {
        bad(x, n, "'bases' is a mapping of resources to their schemas (network: "
                  "schemas/network.schema.json)",
            NULL, NULL);
        return;
    }
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(x, p->key), *v = node(x, p->value);
        const char *member = name_at(x, k, "a base resource");
        const char *schema = scalar(x, v, "a base resource's schema");
        if (!member || !schema)
            continue;
        if (!*schema || strlen(schema) != v->data.scalar.length) {
            bad(x, v, "the schema of '%s' needs a path (without NUL)", member, NULL);
            continue;
        }
        /* relative to the configuration's folder; never "-" (standard input) */
        sbuf path = {0};
        const char *slash = strrchr(x->c->path, '/');
        if (schema[0] != '/' && slash)
            sb_put(&path, x->c->path, (size_t)(slash - x->c->path + 1));
        else if (schema[0] != '/')
            sb_puts(&path, "./");
        sb_puts(&path, schema);
        x->c->bases = xgrow(x->c->bases, (size_t)x->c->nbases, sizeof *x->c->bases);
        x->c->bases[x->c->nbases++] =
            (cfg_base){xstrdup(member), xstrdup(schema), sb_take(&path),
                       (int)v->start_mark.line + 1, (int)v->start_mark.column + 1};
    }
}

/* dicts: {PATH: TEXT, ...}: what a dict holds, as its Validation cell would say it. */
static void dicts(cl *x, yaml_node_t *n)
{
    if (n->type != YAML_MAPPING_NODE) {
        bad(x, n, "'dicts' is a mapping of attributes to what they hold (range.profile: "
                  "free-form)",
            NULL, NULL);
        return;
    }
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(x, p->key), *v = node(x, p->value);
        const char *path = name_at(x, k, "a dict's path (RESOURCE.ATTRIBUTE)");
        const char *says = scalar(x, v, "what a dict holds");
        if (!path || !says)
            continue;
        if (!strchr(path, '.') || !*says || strlen(says) != v->data.scalar.length) {
            bad(x, strchr(path, '.') ? v : k,
                "'%s' needs RESOURCE.ATTRIBUTE and what it holds: its members (start: ip, "
                "end: ip), free-form or no keys",
                path, NULL);
            continue;
        }
        x->c->dicts = xgrow(x->c->dicts, (size_t)x->c->ndicts, sizeof *x->c->dicts);
        x->c->dicts[x->c->ndicts++] = (cfg_dict){xstrdup(path), xstrdup(says),
                                                 (int)v->start_mark.line + 1,
                                                 (int)v->start_mark.column + 1};
    }
}

/* accept: [{fingerprint: HEX16, reason: TEXT}, ...] */
static void accept(cl *x, yaml_node_t *n)
{
    if (n->type != YAML_SEQUENCE_NODE) {
        bad(x, n, "'accept' is a list of findings (- fingerprint: ..., reason: ...)", NULL, NULL);
        return;
    }
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        yaml_node_t *e = node(x, *it);
        if (!e || e->type != YAML_MAPPING_NODE) {
            bad(x, e, "each entry of 'accept' is a mapping (fingerprint, reason)", NULL, NULL);
            continue;
        }
        const char *fp = NULL, *reason = NULL;
        for (yaml_node_pair_t *p = e->data.mapping.pairs.start; p < e->data.mapping.pairs.top;
             p++) {
            yaml_node_t *k = node(x, p->key), *v = node(x, p->value);
            const char *key = scalar(x, k, "a key");
            if (!key)
                continue;
            if (strcmp(key, "fingerprint") == 0)
                fp = scalar(x, v, "'fingerprint'");
            else if (strcmp(key, "reason") == 0)
                reason = scalar(x, v, "'reason'");
            else
                bad(x, k, "unknown key '%s' in an accepted finding (fingerprint, reason)", key,
                    NULL);
        }
        int hex = fp && strlen(fp) == 16;
        for (int i = 0; hex && i < 16; i++)
            hex = (fp[i] >= '0' && fp[i] <= '9') || (fp[i] >= 'a' && fp[i] <= 'f');
        if (!hex) {
            bad(x, e, "an accepted finding needs its 'fingerprint': the 16 hexadecimal digits "
                      "attrc diff prints in brackets",
                NULL, NULL);
            continue;
        }
        if (!reason || !*reason) {
            bad(x, e, "an accepted finding needs a 'reason': why the project accepts it", NULL,
                NULL);
            continue;
        }
        x->c->accept = xgrow(x->c->accept, (size_t)x->c->naccept, sizeof *x->c->accept);
        x->c->accept[x->c->naccept++] =
            (cfg_accept){xstrdup(fp), xstrdup(reason), (int)e->start_mark.line + 1,
                         (int)e->start_mark.column + 1, 0};
    }
}

const char *dialect_name(dialect d) { return d == DIALECT_NEUTRON ? "neutron" : "strict"; }

int dialect_parse(const char *s, dialect *out)
{
    for (int d = DIALECT_STRICT; d <= DIALECT_NEUTRON; d++)
        if (strcmp(s, dialect_name((dialect)d)) == 0) {
            *out = (dialect)d;
            return 0;
        }
    return -1;
}

static void top(cl *x, yaml_node_t *root)
{
    if (!root)
        return; /* an empty file: no settings */
    if (root->type != YAML_MAPPING_NODE) {
        bad(x, root, "the configuration is a mapping (section, resources, types, policy, core, "
                     "bases, accept, dicts, dialect)",
            NULL, NULL);
        return;
    }
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = node(x, p->key), *v = node(x, p->value);
        const char *key = scalar(x, k, "a key");
        if (!key)
            continue;
        if (strcmp(key, "section") == 0) {
            const char *s = scalar(x, v, "'section'");
            if (s && *s) {
                free(x->c->section);
                x->c->section = xstrdup(s);
            } else if (s) {
                bad(x, v, "'section' needs a title", NULL, NULL);
            }
        } else if (strcmp(key, "resources") == 0) {
            if (v->type != YAML_SEQUENCE_NODE) {
                bad(x, v, "'resources' is a list of bindings", NULL, NULL);
                continue;
            }
            for (yaml_node_item_t *it = v->data.sequence.items.start;
                 it < v->data.sequence.items.top; it++)
                binding(x, node(x, *it));
        } else if (strcmp(key, "types") == 0) {
            if (v->type != YAML_MAPPING_NODE) {
                bad(x, v, "'types' is a mapping of aliases to types (tristate: boolean)", NULL,
                    NULL);
                continue;
            }
            for (yaml_node_pair_t *q = v->data.mapping.pairs.start;
                 q < v->data.mapping.pairs.top; q++) {
                const char *name = scalar(x, node(x, q->key), "a type alias");
                const char *type = scalar(x, node(x, q->value), "a type");
                if (!name || !type)
                    continue;
                mtype t;
                cellmsg m;
                if (parse_type(type, NULL, 0, &t, &m) != 0) {
                    bad(x, node(x, q->value), "%s", m.text, NULL);
                    continue;
                }
                x->c->aliases = xgrow(x->c->aliases, (size_t)x->c->naliases,
                                      sizeof *x->c->aliases);
                x->c->aliases[x->c->naliases++] = (type_alias){xstrdup(name), xstrdup(type)};
            }
        } else if (strcmp(key, "policy") == 0) {
            policy(x, v);
        } else if (strcmp(key, "core") == 0) {
            for (int i = 0; i < x->c->ncore; i++)
                free(x->c->core[i]);
            x->c->ncore = 0;
            x->c->has_core = 1; /* core: [] says there are none */
            names(x, v, &x->c->core, &x->c->ncore, "a core resource");
        } else if (strcmp(key, "bases") == 0) {
            bases(x, v);
        } else if (strcmp(key, "accept") == 0) {
            accept(x, v);
        } else if (strcmp(key, "dicts") == 0) {
            dicts(x, v);
        } else if (strcmp(key, "dialect") == 0) {
            const char *s = scalar(x, v, "'dialect'");
            if (s && dialect_parse(s, &x->c->dialect) == 0)
                x->c->has_dialect = 1;
            else if (s)
                bad(x, v, "'dialect' is strict or neutron, not '%s'", s, NULL);
        } else {
            bad(x, k,
                "unknown key '%s' (section, resources, types, policy, core, bases, accept, "
                "dicts, dialect)",
                key, NULL);
        }
    }
}

int config_load(config *c, const char *path, diag *d)
{
    /* a regular file, and not a large one: attrc.yaml beside a spec comes with the spec */
    int fd = src_open_file(AT_FDCWD, path, 0);
    struct stat st;
    const char *why = NULL;
    char *text = NULL;
    size_t n = 0;
    if (fd == SRC_NOT_REGULAR)
        why = "not a regular file";
    else if (fd < 0 || fstat(fd, &st) != 0)
        why = strerror(errno);
    else if (st.st_size > ATTRC_MAX_CONFIG)
        why = "over the configuration's size limit of 1 MiB";
    if (!why) {
        text = xmalloc((size_t)st.st_size + 1);
        while (n < (size_t)st.st_size) {
            ssize_t r = read(fd, text + n, (size_t)st.st_size - n);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0)
                why = strerror(errno);
            if (r <= 0)
                break;
            n += (size_t)r;
        }
    }
    if (fd >= 0)
        close(fd);
    if (why) {
        memset(c, 0, sizeof *c);
        c->path = xstrdup(path);
        diag_report_code(d, NULL, path, 0, 0, DIAG_ERROR, "config", "cannot read: %s", why);
        free(text);
        return -1;
    }
    int rc = config_load_text(c, path, text, n, d);
    free(text);
    return rc;
}

int config_load_text(config *c, const char *path, const char *text, size_t n, diag *d)
{
    memset(c, 0, sizeof *c);
    c->path = xstrdup(path);
    cl x = {.c = c, .d = d};
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)text, n);
    if (!yaml_parser_load(&p, &x.doc)) {
        const yaml_mark_t *mk = p.problem ? &p.problem_mark : &p.context_mark;
        diag_report_code(d, NULL, path, (int)mk->line + 1, (int)mk->column + 1, DIAG_ERROR,
                         "config", "not YAML: %s%s%s", p.problem ? p.problem : "error",
                         p.context ? " " : "", p.context ? p.context : "");
        yaml_parser_delete(&p);
        return -1;
    }
    top(&x, yaml_document_get_root_node(&x.doc));
    yaml_document_delete(&x.doc);
    yaml_parser_delete(&p);
    return x.bad ? -1 : 0;
}

void config_free(config *c)
{
    for (int k = 0; k < c->nbind; k++) {
        cfg_binding *b = &c->bind[k];
        for (int i = 0; i < b->nres; i++) {
            free(b->member[i]);
            free(b->collection[i]);
        }
        free(b->member);
        free(b->collection);
        free(b->spec);
        free(b->title);
    }
    free(c->bind);
    for (int k = 0; k < c->naliases; k++) {
        free((char *)c->aliases[k].name);
        free((char *)c->aliases[k].type);
    }
    free(c->aliases);
    for (int k = 0; k < c->ncore; k++)
        free(c->core[k]);
    free(c->core);
    for (int k = 0; k < c->ndicts; k++) {
        free(c->dicts[k].path);
        free(c->dicts[k].says);
    }
    free(c->dicts);
    for (int k = 0; k < c->nbases; k++) {
        free(c->bases[k].member);
        free(c->bases[k].schema);
        free(c->bases[k].path);
    }
    free(c->bases);
    for (int k = 0; k < c->naccept; k++) {
        free(c->accept[k].fingerprint);
        free(c->accept[k].reason);
    }
    free(c->accept);
    free(c->section);
    free(c->path);
    json_decref(c->policy_base);
    memset(c, 0, sizeof *c);
}

char *config_beside(const char *spec)
{
    if (strcmp(spec, "-") == 0)
        return NULL;
    const char *slash = strrchr(spec, '/');
    sbuf b = {0};
    if (slash)
        sb_put(&b, spec, (size_t)(slash - spec + 1));
    sb_puts(&b, "attrc.yaml");
    struct stat st;
    if (stat(b.p, &st) == 0 && S_ISREG(st.st_mode))
        return sb_take(&b);
    sb_free(&b);
    return NULL;
}
