/* The bases of extensions (bases.h). */
#include "bases.h"

#include "diff.h"
#include "emit.h"
#include "source.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The file name of a path, for schema ids (as compile names a spec's schemas). */
static const char *file_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

/* The resource `member` of the run that is not an extension (the first spec given that
 * defines it), or NULL; *k is set to its model. */
static const mresource *in_run(model *models, int n, const char *member, int *k)
{
    for (*k = 0; *k < n; (*k)++)
        for (int r = 0; r < models[*k].nres; r++)
            if (!models[*k].res[r].extends && strcmp(models[*k].res[r].member, member) == 0)
                return &models[*k].res[r];
    return NULL;
}

/* Whether id can stand before "#" in a $ref: an absolute URI ("urn:attrc:...",
 * "https://..."): a scheme, ':', then printable ASCII other than space, '"', '#', '<',
 * '>', '\\', '^', '`', '{', '|', '}'. */
static int id_ok(const char *id)
{
    const char *p = id;
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
        return 0;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
           *p == '+' || *p == '-' || *p == '.')
        p++;
    if (*p++ != ':' || !*p)
        return 0;
    for (; *p; p++)
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7F || strchr("\"#<>\\^`{|}", *p))
            return 0;
    return 1;
}

/* Why doc cannot be the base schema of `member`, or NULL: it must be one that attrc
 * wrote for that resource and not an extension's (model_from_schema reads it into m,
 * every property with its type), with an absolute $id and the three forms. */
static const char *base_problem(const json_t *doc, const char *path, const char *member,
                                model *m)
{
    const char *id = json_string_value(json_object_get(doc, "$id"));
    if (!id || !id_ok(id))
        return "its $id is not an absolute URI (attrc writes urn:attrc:SPEC:MEMBER)";
    const json_t *defs = json_object_get(doc, "$defs");
    static const char *const forms[] = {"create", "update", "resource"};
    for (int f = 0; f < 3; f++)
        if (!json_is_object(json_object_get(json_object_get(defs, forms[f]), "properties")))
            return "it has no $defs create, update and resource with their properties";
    FILE *devnull = fopen("/dev/null", "w");
    diag quiet; /* model_from_schema's complaints, summed up by the caller */
    diag_init(&quiet, devnull ? devnull : stderr);
    int bad = model_from_schema(m, path, doc, &quiet) != 0 || quiet.nerrors;
    if (devnull)
        fclose(devnull);
    if (bad || m->nres != 1)
        return "it is not a schema attrc wrote (a property without a type attrc writes)";
    if (strcmp(m->res[0].member, member) != 0)
        return "it is the schema of another resource (its title)";
    if (m->res[0].extends)
        return "it is an extension's schema, not its base's";
    return NULL;
}

/* The schema that the configuration names for `member`, read once: its index in
 * b->loaded, or -1 (none named), -2 (named, but not usable: an error given). */
static int from_config(const config *cfg, const char *member, size_t max, bases *b, diag *d)
{
    const cfg_base *cb = NULL;
    for (int k = 0; cfg && k < cfg->nbases && !cb; k++)
        if (strcmp(cfg->bases[k].member, member) == 0)
            cb = &cfg->bases[k];
    if (!cb)
        return -1;
    int at = -1;
    for (int k = 0; k < b->nloaded && at < 0; k++)
        if (strcmp(b->paths[k], cb->path) == 0)
            at = k;
    if (at < 0) {
        b->loaded = xgrow(b->loaded, (size_t)b->nloaded, sizeof *b->loaded);
        b->paths = xgrow(b->paths, (size_t)b->nloaded, sizeof *b->paths);
        at = b->nloaded++;
        model *m = &b->loaded[at];
        memset(m, 0, sizeof *m);
        b->paths[at] = xstrdup(cb->path);
        /* read as every input is: a regular file, within the size limit, never blocking
         * (a problem reading it is reported at the file too) */
        src s;
        memset(&s, 0, sizeof s);
        json_error_t e;
        json_t *doc = NULL;
        const char *why = NULL;
        if (src_load(&s, cb->path, max, d) != 0)
            why = "it cannot be read";
        else if (!(doc = json_loadb(s.buf, s.len, 0, &e)))
            why = e.text;
        else
            why = base_problem(doc, cb->path, member, m);
        if (why) {
            diag_report_code(d, NULL, cfg->path, cb->at_line, cb->at_col, DIAG_ERROR, "config",
                             "the base schema of '%s', %s, cannot be used: %s", member,
                             cb->schema, why);
            model_free(m);
            memset(m, 0, sizeof *m);
        } else {
            sv_push(&b->ids, xstrdup(json_string_value(json_object_get(doc, "$id"))));
            m->res[0].base_id = b->ids.v[b->ids.n - 1];
        }
        src_free(&s);
        json_decref(doc);
        return m->nres ? at : -2;
    }
    /* read before, maybe for another resource: one schema is one resource's */
    if (!b->loaded[at].nres)
        return -2;
    if (strcmp(b->loaded[at].res[0].member, member) != 0) {
        diag_report_code(d, NULL, cfg->path, cb->at_line, cb->at_col, DIAG_ERROR, "config",
                         "the base schema of '%s', %s, cannot be used: it is the schema of "
                         "'%s'",
                         member, cb->schema, b->loaded[at].res[0].member);
        return -2;
    }
    return at;
}

static void *keep(bases *b, void *array)
{
    b->arrays = xgrow(b->arrays, (size_t)b->narrays, sizeof *b->arrays);
    b->arrays[b->narrays++] = array;
    return array;
}

/* The other extensions of res's base in the run (those with the same member, base known):
 * each with its schema's $id; an attribute that an earlier one defines too is a warning
 * at res's row, as a request must then pass both definitions. */
static void peers_of(model *models, int n, mresource *res, bases *b, diag *d)
{
    int cap = 0;
    for (int j = 0; j < n; j++)
        for (int r = 0; r < models[j].nres; r++)
            cap += models[j].res[r].extends && &models[j].res[r] != res &&
                   strcmp(models[j].res[r].member, res->member) == 0;
    if (!cap)
        return;
    res->peers = keep(b, xcalloc((size_t)cap, sizeof *res->peers));
    res->peer_ids = keep(b, xcalloc((size_t)cap, sizeof *res->peer_ids));
    int before = 1; /* the peers given before res, whose rows it meets second */
    for (int j = 0; j < n; j++)
        for (int r = 0; r < models[j].nres; r++) {
            const mresource *p = &models[j].res[r];
            if (p == res) {
                before = 0;
                continue;
            }
            if (!p->extends || strcmp(p->member, res->member) != 0)
                continue;
            sv_push(&b->ids, schema_id(file_name(models[j].file), p->member));
            res->peers[res->npeers] = p;
            res->peer_ids[res->npeers++] = b->ids.v[b->ids.n - 1];
            for (int a = 0; before && a < res->nattrs; a++)
                if (mresource_attr(p, res->attrs[a].name))
                    diag_report_code(d, NULL, res->attrs[a].file, res->attrs[a].line, 0,
                                     DIAG_WARNING, "extension-clash",
                                     "'%s' of '%s' is also added by %s, which extends '%s' "
                                     "too: a request must pass both definitions; keep one",
                                     res->attrs[a].name, res->member, models[j].file,
                                     res->member);
        }
    /* in the order of their ids, whatever the order of the command line (insertion: few) */
    for (int i = 1; i < res->npeers; i++)
        for (int j = i; j > 0 && strcmp(res->peer_ids[j - 1], res->peer_ids[j]) > 0; j--) {
            const char *id = res->peer_ids[j];
            const mresource *p = res->peers[j];
            res->peer_ids[j] = res->peer_ids[j - 1];
            res->peers[j] = res->peers[j - 1];
            res->peer_ids[j - 1] = id;
            res->peers[j - 1] = p;
        }
}

int bases_resolve(model *models, int n, size_t max, strvec *deps, bases *b, diag *d)
{
    int errors = d->nerrors;
    for (int k = 0; k < n; k++) {
        const config *cfg = models[k].o ? models[k].o->cfg : NULL;
        for (int r = 0; r < models[k].nres; r++) {
            mresource *res = &models[k].res[r];
            if (!res->extends)
                continue;
            int j;
            const mresource *base = in_run(models, n, res->member, &j);
            if (base) {
                res->base = base;
                sv_push(&b->ids, schema_id(file_name(models[j].file), base->member));
                res->base_id = b->ids.v[b->ids.n - 1];
                peers_of(models, n, res, b, d);
                continue;
            }
            int l = from_config(cfg, res->member, max, b, d);
            if (l >= 0) {
                res->base = &b->loaded[l].res[0];
                res->base_id = b->loaded[l].res[0].base_id;
                sv_push(&deps[k], xstrdup(b->paths[l]));
                peers_of(models, n, res, b, d);
            } else if (l == -1) {
                /* a guess from the text that opens the schema and the validator is a
                 * warning: a guess never widens what passes without a word */
                int guessed = strcmp(res->extends_by, "config") != 0 &&
                              strcmp(res->extends_by, "core") != 0;
                diag_report_code(d, NULL, models[k].file, res->line, 0,
                                 guessed ? DIAG_WARNING : DIAG_NOTE, "extension-base-unknown",
                                 "'%s' adds to a resource that exists already (%s), which this "
                                 "run does not define: its schema and validator check what the "
                                 "spec adds and let the rest through; compile it with the spec "
                                 "that defines '%s', or name that schema under 'bases:' in "
                                 "attrc.yaml%s",
                                 res->member,
                                 guessed ? "the text says so" : strcmp(res->extends_by, "core") == 0
                                                                    ? "a core resource"
                                                                    : "attrc.yaml says so",
                                 res->member,
                                 guessed ? ", or confirm it with 'extends: true' in its binding"
                                         : "");
            }
        }
    }
    return d->nerrors - errors;
}

void bases_free(bases *b)
{
    for (int k = 0; k < b->nloaded; k++) {
        model_free(&b->loaded[k]);
        free(b->paths[k]);
    }
    free(b->loaded);
    free(b->paths);
    sv_free(&b->ids);
    for (int k = 0; k < b->narrays; k++)
        free(b->arrays[k]);
    free(b->arrays);
    memset(b, 0, sizeof *b);
}
