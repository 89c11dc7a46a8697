/* OpenAPI 3.1, one document per spec (docs/artefacts.md): the spec's operations, from its
 * method tables or derived from each resource's paths, with the resources' schemas inside
 * as emit_schema writes them (schema_json), their references rooted in the document. */
#include "emit.h"

#include "escape.h"
#include "structs.h"
#include "util.h"

#include <attrc/attrc.h>

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* ---- the schemas ---- */

/* A schema document carried inside the OpenAPI document: its $id and its key under
 * components/schemas. */
typedef struct carried {
    char *id, *key;
    int line; /* of the resource's table */
} carried;

typedef struct odoc {
    const emit_in *in;
    json_t *schemas; /* components/schemas */
    carried *c;
    int nc;
    json_t *paths;
    json_t *op_ids; /* operationIds used: {id: true} */
    const char *skey; /* the key of the spec's structures (structures.schema.json), or NULL */
} odoc;

/* A components/schemas key from a name: ASCII letters, digits, '.', '-' and '_', the
 * rest '_'; a key taken already gets "_2", "_3", ... */
static char *component_key(const odoc *d, const char *name)
{
    sbuf b = {0};
    for (const char *p = name; *p; p++)
        sb_putc(&b, (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                            (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_'
                        ? *p
                        : '_');
    if (!b.n)
        sb_putc(&b, '_');
    char *key = sb_take(&b);
    for (int n = 2; json_object_get(d->schemas, key); n++) {
        sbuf k = {0};
        sb_printf(&k, "%s_%d", name, n);
        free(key);
        key = component_key(d, k.p);
        sb_free(&k);
    }
    return key;
}

static const char *key_of_id(const odoc *d, const char *id, size_t n)
{
    for (int k = 0; k < d->nc; k++)
        if (strlen(d->c[k].id) == n && strncmp(d->c[k].id, id, n) == 0)
            return d->c[k].key;
    return NULL;
}

/* Roots every "$ref" of schema s in the document: "#/..." of its own document is
 * "#/components/schemas/KEY/...", "ID#/..." of another carried one likewise; a reference
 * to a document not carried stays as it is. */
static void reroot(const odoc *d, json_t *s, const char *key)
{
    if (json_is_array(s)) {
        size_t i;
        json_t *v;
        json_array_foreach(s, i, v) reroot(d, v, key);
        return;
    }
    if (!json_is_object(s))
        return;
    const char *k;
    json_t *v;
    json_object_foreach(s, k, v)
    {
        const char *ref = json_string_value(v);
        if (strcmp(k, "$ref") != 0 || !ref) {
            reroot(d, v, key);
            continue;
        }
        const char *hash = strchr(ref, '#');
        const char *to = hash == ref ? key : hash ? key_of_id(d, ref, (size_t)(hash - ref)) : NULL;
        if (!to)
            continue;
        sbuf b = {0};
        sb_puts(&b, "#/components/schemas/");
        sb_puts(&b, to);
        sb_puts(&b, hash + 1);
        json_object_set_new(s, k, json_string(b.p));
        sb_free(&b);
    }
}

static json_t *source(const char *file, int line)
{
    return json_pack("{s:s, s:i}", "file", file, "line", line);
}

/* Carries the schema of r (its $id `id`, from spec `spec`) under a new key, once. */
static void carry(odoc *d, const mresource *r, const char *id, const char *spec, int own)
{
    if (key_of_id(d, id, strlen(id)))
        return;
    d->c = xgrow(d->c, (size_t)d->nc, sizeof *d->c);
    sbuf name = {0};
    if (own)
        sb_puts(&name, r->member);
    else /* another spec's: urn:attrc:SPEC:MEMBER as SPEC.MEMBER */
        for (const char *p = strncmp(id, "urn:attrc:", 10) == 0 ? id + 10 : id; *p; p++)
            sb_putc(&name, *p == ':' ? '.' : *p);
    d->c[d->nc++] = (carried){xstrdup(id), component_key(d, name.p), r->line};
    sb_free(&name);
    json_object_set_new(d->schemas, d->c[d->nc - 1].key, schema_json(r, spec));
}

/* The spec an $id names: SPEC of "urn:attrc:SPEC:MEMBER", percent-decoded (new); the
 * $id itself where it is not attrc's. */
static char *spec_of_id(const char *id)
{
    const char *end = strrchr(id, ':');
    if (strncmp(id, "urn:attrc:", 10) != 0 || !end || end < id + 10)
        return xstrdup(id);
    sbuf b = {0};
    for (const char *p = id + 10; p < end; p++) {
        unsigned v;
        if (*p == '%' && p + 2 < end && sscanf(p + 1, "%2x", &v) == 1) {
            sb_putc(&b, (char)v);
            p += 2;
        } else {
            sb_putc(&b, *p);
        }
    }
    char *raw = sb_take(&b), *ok = esc_utf8_valid(raw ? raw : "");
    free(raw);
    return ok;
}

/* The schemas of the spec's resources, and of the bases and other extensions theirs
 * refer to; then each rooted here ($schema and $id go: the document's dialect is 2020-12
 * with OpenAPI's vocabulary, and the references are the document's; and the root's $ref,
 * below). */
static void add_schemas(odoc *d)
{
    const model *m = d->in->m;
    for (int r = 0; r < m->nres; r++) {
        char *id = schema_id(d->in->spec_name, m->res[r].member);
        carry(d, &m->res[r], id, d->in->spec_name, 1);
        free(id);
    }
    for (int r = 0; r < m->nres; r++) {
        const mresource *res = &m->res[r];
        if (res->base && res->base_id) {
            char *spec = spec_of_id(res->base_id);
            carry(d, res->base, res->base_id, spec, 0);
            free(spec);
        }
        for (int k = 0; k < res->npeers; k++) {
            char *spec = spec_of_id(res->peer_ids[k]);
            carry(d, res->peers[k], res->peer_ids[k], spec, 0);
            free(spec);
        }
    }
    for (int k = 0; k < d->nc; k++) {
        json_t *s = json_object_get(d->schemas, d->c[k].key);
        json_object_del(s, "$schema");
        json_object_del(s, "$id");
        /* the operations name the forms of $defs; a root "$ref" beside "$defs" is sound
         * 2020-12, but tools that inline references (the OpenAPI validators among them)
         * replace the whole schema with its target, and its $defs with it */
        json_object_del(s, "$ref");
        reroot(d, s, d->c[k].key);
        /* another spec's resource: that spec, and the line of its table (0: read from a
         * schema attrc.yaml names) */
        char *spec = k < m->nres ? xstrdup(d->in->spec_name) : spec_of_id(d->c[k].id);
        json_object_set_new(s, "x-attrc-source", source(spec, d->c[k].line));
        free(spec);
    }
    /* the spec's structures, as structures.schema.json has them: the bodies its
     * operations name refer into its $defs */
    if (m->nstructs) {
        char *key = component_key(d, "structures");
        json_t *s = structs_schema_json(m, d->in->spec_name);
        json_object_del(s, "$schema");
        json_object_del(s, "$id");
        reroot(d, s, key);
        json_object_set_new(s, "x-attrc-source", source(d->in->spec_name, m->structs[0].line));
        json_object_set_new(d->schemas, key, s);
        d->skey = key;
    }
    /* the error body every refused request gets (attrc_report_json); duplicate-item only
     * where the validators are the Neutron dialect's, the one place it comes from */
    json_t *codes = json_array();
#define ATTRC_CODE_(id, name, status)                                                        \
    if (id != ATTRC_E_DUPLICATE || m->dialect == DIALECT_NEUTRON)                            \
        json_array_append_new(codes, json_string(name));
    ATTRC_ERRORS(ATTRC_CODE_)
#undef ATTRC_CODE_
    json_t *err = json_pack(
        "{s:s, s:s, s:{s:{s:s, s:{s:s, s:{s:{s:s, s:o}, s:{s:s}, s:{s:[{s:s}, {s:s}]}, "
        "s:{s:s}}, s:[s, s, s, s], s:b}}, s:{s:s, s:i}}, s:[s], s:b}",
        "type", "object", "description",
        "attrc's error body (attrc_report_json): each error with its code, HTTP status, the "
        "JSON Pointer of the value (null when none) and a message; dropped counts the errors "
        "past the report's capacity.",
        "properties", "errors", "type", "array", "items", "type", "object", "properties",
        "code", "type", "string", "enum", codes, "status", "type", "integer", "pointer",
        "anyOf", "type", "string", "type", "null", "message", "type", "string", "required",
        "code", "status", "pointer", "message", "additionalProperties", 0, "dropped", "type",
        "integer", "minimum", 0, "required", "errors", "additionalProperties", 0);
    json_object_set_new(d->schemas, "attrc_error", err);
}

/* ---- the operations ---- */

/* The path a method table gives, as an OpenAPI path: its query cut, a "/" first. */
static char *clean_path(const char *p)
{
    sbuf b = {0};
    if (*p != '/')
        sb_putc(&b, '/');
    sb_put(&b, p, strcspn(p, "?# \t"));
    return sb_take(&b);
}

/* Whether segment [s, s+n) names collection c ("-" and "_" alike). */
static int names_collection(const char *s, size_t n, const char *c)
{
    if (strlen(c) != n)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (s[k] != c[k] && !((s[k] == '-' || s[k] == '_') && (c[k] == '-' || c[k] == '_')))
            return 0;
    return 1;
}

/* Whether path ends with r's collection (1), with the collection and one {parameter}
 * (2), or neither (0). */
static int path_kind(const char *path, const mresource *r)
{
    const char *last = strrchr(path, '/');
    if (!last)
        return 0;
    if (names_collection(last + 1, strlen(last + 1), r->collection))
        return 1;
    if (last[1] != '{' || last == path)
        return 0;
    const char *prev = last - 1;
    while (prev > path && *prev != '/')
        prev--;
    return *prev == '/' && names_collection(prev + 1, (size_t)(last - prev - 1), r->collection)
               ? 2
               : 0;
}

static const char *reason(int code)
{
    static const struct {
        int code;
        const char *text;
    } r[] = {{200, "OK"},           {201, "Created"},       {202, "Accepted"},
             {204, "No Content"},   {400, "Bad Request"},   {401, "Unauthorized"},
             {403, "Forbidden"},    {404, "Not Found"},     {405, "Method Not Allowed"},
             {409, "Conflict"},     {413, "Content Too Large"}, {415, "Unsupported Media Type"},
             {500, "Internal Server Error"}, {501, "Not Implemented"},
             {503, "Service Unavailable"}};
    for (size_t k = 0; k < sizeof r / sizeof r[0]; k++)
        if (r[k].code == code)
            return r[k].text;
    return code < 300 ? "Success" : code < 400 ? "Redirection" : code < 500 ? "Client error"
                                                                           : "Server error";
}

static json_t *ref(const char *key, const char *def)
{
    sbuf b = {0};
    sb_printf(&b, "#/components/schemas/%s%s%s", key, def ? "/$defs/" : "", def ? def : "");
    json_t *r = json_pack("{s:s}", "$ref", b.p);
    sb_free(&b);
    return r;
}

static json_t *json_content(json_t *schema)
{
    return json_pack("{s:{s:o}}", "application/json", "schema", schema);
}

/* Whether params holds a parameter `name` in `in`. */
static int has_param(const json_t *params, const char *name, const char *in)
{
    size_t i;
    json_t *p;
    json_array_foreach(params, i, p)
    {
        if (strcmp(json_string_value(json_object_get(p, "name")), name) == 0 &&
            strcmp(json_string_value(json_object_get(p, "in")), in) == 0)
            return 1;
    }
    return 0;
}

/* The query parameters of a list: Neutron's filters (one per attribute everyone may see
 * whose values are scalars: its schema as returned), fields, sorting and pagination. */
static void list_parameters(json_t *params, const mresource *r, const char *key)
{
    json_t *names = json_array();
    const char *form = r->extends ? "resource_added" : "resource";
    static const char *const own[] = {"fields", "sort_key", "sort_dir", "limit", "marker",
                                      "page_reverse", NULL};
    for (int k = 0; k < r->nattrs; k++) {
        const mattr *a = &r->attrs[k];
        if (a->access.see == WHO_NOBODY)
            continue;
        json_array_append_new(names, json_string(a->name));
        int taken = 0;
        for (int j = 0; own[j]; j++)
            taken |= strcmp(own[j], a->name) == 0;
        if (a->access.see != WHO_ALL || taken || has_param(params, a->name, "query") ||
            a->type.base == TY_ARRAY ||
            a->type.base == TY_OBJECT || a->type.base == TY_NONE)
            continue;
        sbuf p = {0}, desc = {0};
        sb_printf(&p, "#/components/schemas/%s/$defs/%s/properties/", key, form);
        schema_pointer_token(&p, a->name);
        sb_printf(&desc, "Only the %s whose %s is this value.", r->collection, a->name);
        json_array_append_new(params, json_pack("{s:s, s:s, s:s, s:{s:s}}", "name", a->name,
                                                "in", "query", "description", desc.p,
                                                "schema", "$ref", p.p));
        sb_free(&p);
        sb_free(&desc);
    }
    json_t *fields = json_pack("{s:s, s:s, s:s, s:{s:s, s:{s:s, s:O}}, s:b}", "name", "fields",
                               "in", "query", "description",
                               "Only these attributes in each item (repeat for more).",
                               "schema", "type", "array", "items", "type", "string", "enum",
                               names, "explode", 1);
    json_t *sort_key = json_pack("{s:s, s:s, s:s, s:{s:s, s:O}}", "name", "sort_key", "in",
                                 "query", "description", "The attribute to sort by.", "schema",
                                 "type", "string", "enum", names);
    json_array_append_new(params, fields);
    json_array_append_new(params, sort_key);
    json_array_append_new(params, json_pack("{s:s, s:s, s:s, s:{s:s, s:[s, s]}}", "name",
                                            "sort_dir", "in", "query", "description",
                                            "The direction of the sort.", "schema", "type",
                                            "string", "enum", "asc", "desc"));
    json_array_append_new(params, json_pack("{s:s, s:s, s:s, s:{s:s, s:i}}", "name", "limit",
                                            "in", "query", "description",
                                            "At most this many items (pagination).", "schema",
                                            "type", "integer", "minimum", 1));
    json_array_append_new(params, json_pack("{s:s, s:s, s:s, s:{s:s}}", "name", "marker", "in",
                                            "query", "description",
                                            "The id of the last item of the previous page.",
                                            "schema", "type", "string"));
    json_array_append_new(params, json_pack("{s:s, s:s, s:s, s:{s:s}}", "name", "page_reverse",
                                            "in", "query", "description",
                                            "Page backwards from the marker.", "schema", "type",
                                            "boolean"));
    json_decref(names);
}

/* One operation: method, path (as the spec writes it), its resource (NULL: none), its
 * status codes, the line that gives it (or the resource's table). */
typedef struct oop {
    const char *method, *path;
    const mresource *r;
    const int *success, *errors;
    int nsuccess, nerrors, line;
    const mparam *params; /* from the spec's parameter tables */
    int nparams;
    const char *request, *response; /* structures of its bodies (mop's), or NULL */
} oop;

/* A parameter's schema: its type's, with its description. */
static json_t *param_schema(const mparam *p)
{
    json_t *s = schema_of_type(&p->type);
    if (p->description && *p->description)
        json_object_set_new(s, "description", json_string(p->description));
    return s;
}


static void add_operation(odoc *d, const oop *o)
{
    char *path = clean_path(o->path);
    json_t *item = json_object_get(d->paths, path);
    if (!item) {
        item = json_object();
        json_object_set_new(d->paths, path, item);
    }
    char method[16];
    snprintf(method, sizeof method, "%s", o->method);
    for (char *p = method; *p; p++)
        *p = ascii_lower(*p);
    if (json_object_get(item, method)) { /* given twice: the first says it */
        free(path);
        return;
    }
    const mresource *r = o->r;
    const char *key = NULL;
    int kind = 0;
    for (int k = 0; r && k < d->nc; k++)
        if (k < d->in->m->nres && &d->in->m->res[k] == r)
            key = d->c[k].key;
    if (r)
        kind = path_kind(path, r);
    const char *action = r ? policy_action(o->method) : NULL;
    json_t *op = json_object();
    sbuf b = {0};
    if (action) {
        sb_printf(&b, "%s_%s", action, r->member);
        char *rule = xstrdup(b.p);
        if (strcmp(method, "get") == 0 && kind == 1)
            sb_puts(&b, ":list");
        else if (kind == 0) /* an action: RULE:LAST-SEGMENT */
            sb_printf(&b, ":%s", strrchr(path, '/') + 1);
        for (int n = 2; json_object_get(d->op_ids, b.p); n++) {
            sb_reset(&b);
            sb_printf(&b, "%s:%d", rule, n);
        }
        json_object_set_new(d->op_ids, b.p, json_true());
        json_object_set_new(op, "operationId", json_string(b.p));
        sb_reset(&b);
        sb_printf(&b, "%s %s%s", strcmp(method, "get") == 0 && kind == 1 ? "List" : o->method,
                  kind == 1 ? "the " : "", kind == 1 ? r->collection : r->member);
        json_object_set_new(op, "summary", json_string(b.p));
        json_object_set_new(op, "tags", json_pack("[s]", r->collection));
        json_object_set_new(op, "x-attrc-policy", json_string(rule));
        free(rule);
    }
    /* the spec's parameters (but the body's), the path's others, then a list's */
    json_t *params = json_array();
    for (int k = 0; k < o->nparams; k++) {
        const mparam *p = &o->params[k];
        if (strcmp(p->in, "body") == 0 || has_param(params, p->name, p->in))
            continue;
        json_t *x = json_pack("{s:s, s:s}", "name", p->name, "in", p->in);
        if (p->description && *p->description)
            json_object_set_new(x, "description", json_string(p->description));
        json_object_set_new(x, "required", json_boolean(p->required));
        json_object_set_new(x, "schema", schema_of_type(&p->type));
        json_array_append_new(params, x);
    }
    for (const char *p = strchr(path, '{'); p; p = strchr(p + 1, '{')) {
        const char *e = strchr(p, '}');
        if (!e)
            break;
        char *name = xstrndup(p + 1, (size_t)(e - p - 1));
        if (!has_param(params, name, "path"))
            json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:{s:s}}", "name", name, "in",
                                                "path", "required", 1, "schema", "type",
                                                "string"));
        free(name);
    }
    if (key && kind == 1 && strcmp(method, "get") == 0)
        list_parameters(params, r, key);
    if (json_array_size(params))
        json_object_set_new(op, "parameters", params);
    else
        json_decref(params);
    /* the body: the create envelope for a POST on the collection, the update envelope
     * for a PUT or PATCH of a member, with the spec's body parameters beside its member;
     * or the body parameters alone (an action) */
    int create = action && strcmp(action, "create") == 0 && kind == 1,
        update = action && strcmp(action, "update") == 0 && kind == 2;
    const char *envelope = !key ? NULL : create ? "create_request" : update ? "update_request"
                                                                           : NULL;
    json_t *bprops = json_object(), *breq = json_array();
    for (int k = 0; k < o->nparams; k++) {
        const mparam *p = &o->params[k];
        if (strcmp(p->in, "body") != 0 || json_object_get(bprops, p->name))
            continue;
        json_object_set_new(bprops, p->name, param_schema(p));
        if (p->required)
            json_array_append_new(breq, json_string(p->name));
    }
    json_t *body = NULL;
    if (json_object_size(bprops)) {
        if (envelope && !json_object_get(bprops, r->member)) {
            json_object_set_new(bprops, r->member, ref(key, create ? "create" : "update"));
            json_array_insert_new(breq, 0, json_string(r->member));
        }
        body = json_pack("{s:s, s:O}", "type", "object", "properties", bprops);
        if (json_array_size(breq))
            json_object_set(body, "required", breq);
        json_object_set_new(body, "additionalProperties", json_false());
    } else if (envelope) {
        body = ref(key, envelope);
    } else if (o->request && d->skey && structs_find(d->in->m, o->request)) {
        body = ref(d->skey, o->request); /* a structure the text names */
    }
    json_decref(bprops);
    json_decref(breq);
    if (body)
        json_object_set_new(op, "requestBody",
                            json_pack("{s:b, s:o}", "required", 1, "content", json_content(body)));
    json_t *resp = json_object();
    for (int k = 0; k < o->nsuccess; k++) {
        char code[8];
        snprintf(code, sizeof code, "%d", o->success[k]);
        json_t *x = json_pack("{s:s}", "description", reason(o->success[k]));
        int body = key && o->success[k] != 204 && o->success[k] < 300 &&
                   strcmp(method, "delete") != 0 && strcmp(method, "head") != 0;
        if (body && strcmp(method, "get") == 0 && kind == 1) {
            json_t *list = json_pack("{s:s, s:{s:{s:s, s:o}}, s:[s], s:b}", "type", "object",
                                     "properties", r->collection, "type", "array", "items",
                                     ref(key, "resource"), "required", r->collection,
                                     "additionalProperties", 0);
            json_object_set_new(x, "content", json_content(list));
        } else if (body) {
            json_object_set_new(x, "content", json_content(ref(key, "response")));
        }
        json_object_set_new(resp, code, x);
    }
    for (int k = 0; k < o->nerrors; k++) {
        char code[8];
        snprintf(code, sizeof code, "%d", o->errors[k]);
        json_object_set_new(resp, code,
                            json_pack("{s:s, s:o}", "description", reason(o->errors[k]),
                                      "content", json_content(ref("attrc_error", NULL))));
    }
    const mstruct *rs = o->response && d->skey ? structs_find(d->in->m, o->response) : NULL;
    if (rs && !json_object_size(resp)) /* a structure the text names: the answer's body */
        json_object_set_new(resp, "200",
                            json_pack("{s:s, s:o}", "description", reason(200), "content",
                                      json_content(ref(d->skey, o->response))));
    if (!json_object_size(resp)) /* a method table without codes */
        json_object_set_new(resp, "default", json_pack("{s:s}", "description", "The answer."));
    json_object_set_new(op, "responses", resp);
    json_object_set_new(op, "x-attrc-source", source(d->in->spec_name, o->line));
    json_object_set_new(item, method, op);
    sb_free(&b);
    free(path);
}

/* The method tables' operations, in order; then each resource's derived ones that its
 * operations do not give (the same method on its collection, or on a member). */
static void add_operations(odoc *d)
{
    const model *m = d->in->m;
    for (int k = 0; k < m->nops; k++) {
        const mop *o = &m->ops[k];
        const mresource *r = NULL;
        for (int j = 0; o->resource && j < m->nres; j++)
            if (strcmp(m->res[j].member, o->resource) == 0)
                r = &m->res[j];
        oop x = {o->method,   o->path,  r,         o->success, o->errors,
                 o->nsuccess, o->nerrors, o->line, o->params,  o->nparams,
                 o->request,  o->response};
        add_operation(d, &x);
    }
    static const int body_errors[] = {400, 403}, member_errors[] = {404},
                     member_body_errors[] = {400, 403, 404};
    for (int j = 0; j < m->nres; j++) {
        const mresource *r = &m->res[j];
        for (int a = 0; derived_ops[a].action; a++) {
            const derived_op *dv = &derived_ops[a];
            /* listed: an operation of the spec with the method, on the collection (or a
             * member, for the derived operations of a member) */
            int listed = 0, kind = dv->suffix[0] ? 2 : 1;
            for (int k = 0; k < m->nops; k++) {
                char *p = clean_path(m->ops[k].path);
                listed |= m->ops[k].resource && strcmp(m->ops[k].resource, r->member) == 0 &&
                          strcmp(m->ops[k].method, dv->method) == 0 && path_kind(p, r) == kind;
                free(p);
            }
            if (listed)
                continue;
            sbuf path = {0};
            sb_printf(&path, "%s%s%s", resource_prefix(r), r->collection, dv->suffix);
            int member = dv->suffix[0] != 0, body = strcmp(dv->method, "POST") == 0 ||
                                                    strcmp(dv->method, "PUT") == 0;
            const int *errs = body ? (member ? member_body_errors : body_errors)
                                   : (member ? member_errors : NULL);
            int nerrs = body ? (member ? 3 : 2) : member;
            oop x = {dv->method, path.p, r, &dv->success, errs, 1, nerrs, r->line, NULL, 0,
                     NULL, NULL};
            add_operation(d, &x);
            sb_free(&path);
        }
    }
}

/* ---- YAML ---- */

static void yaml_value(sbuf *b, const json_t *v, int indent);

/* A block mapping or sequence at `indent`; `inline_first`: its first line goes on the
 * current one (after "- "). */
static void yaml_block(sbuf *b, const json_t *v, int indent, int inline_first)
{
    int first = 1;
    if (json_is_object(v)) {
        const char *k;
        json_t *x;
        json_object_foreach((json_t *)v, k, x)
        {
            if (!first || !inline_first)
                sb_printf(b, "%*s", indent, "");
            first = 0;
            esc_yaml_quoted(b, k);
            sb_putc(b, ':');
            yaml_value(b, x, indent + 2);
        }
        return;
    }
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x)
    {
        if (!first || !inline_first)
            sb_printf(b, "%*s", indent, "");
        first = 0;
        sb_putc(b, '-');
        if ((json_is_object(x) && json_object_size(x)) ||
            (json_is_array(x) && json_array_size(x))) {
            sb_putc(b, ' ');
            yaml_block(b, x, indent + 2, 1);
        } else {
            yaml_value(b, x, indent + 2);
        }
    }
}

/* A value after "key:" or "-": a scalar on the line, a block on the lines below. */
static void yaml_value(sbuf *b, const json_t *v, int indent)
{
    if (json_is_object(v) || json_is_array(v)) {
        if (json_is_object(v) ? !json_object_size(v) : !json_array_size(v)) {
            sb_puts(b, json_is_object(v) ? " {}\n" : " []\n");
            return;
        }
        sb_putc(b, '\n');
        yaml_block(b, v, indent, 0);
        return;
    }
    sb_putc(b, ' ');
    if (json_is_string(v)) {
        esc_yaml_quoted(b, json_string_value(v));
    } else { /* numbers, booleans and null read the same in YAML 1.2's JSON schema */
        char *t = json_dumps(v, JSON_ENCODE_ANY);
        sb_puts(b, t ? t : "null");
        free(t);
    }
    sb_putc(b, '\n');
}

/* ---- the document ---- */

static char *version_of(const model *m)
{
    const char *p = m->nres ? resource_prefix(&m->res[0]) : "";
    while (*p == '/')
        p++;
    size_t n = strlen(p);
    while (n && p[n - 1] == '/')
        n--;
    return n ? xstrndup(p, n) : xstrdup("unversioned");
}

void emit_openapi_files(const emit_in *in, emit_files *out)
{
    const model *m = in->m;
    char *spec_name = esc_utf8_valid(in->spec_name);
    emit_in own = *in;
    own.spec_name = spec_name;
    odoc d = {&own, json_object(), NULL, 0, json_object(), json_object(), NULL};
    add_schemas(&d);
    add_operations(&d);
    sbuf desc = {0};
    sb_printf(&desc, "The API of %s, from its attribute and method tables (attrc %s).",
              spec_name, attrc_version());
    char *version = version_of(m);
    json_t *doc = json_pack(
        "{s:s, s:{s:s, s:s, s:s, s:o}, s:o, s:{s:o}}", "openapi", "3.1.0", "info", "title",
        m->title && *m->title ? m->title : spec_name, "version", version, "description", desc.p,
        "x-attrc-source", source(spec_name, 1), "paths", d.paths, "components", "schemas",
        d.schemas);
    free(version);
    sb_free(&desc);
    for (int k = 0; k < d.nc; k++) {
        free(d.c[k].id);
        free(d.c[k].key);
    }
    free(d.c);
    free((char *)d.skey);
    json_decref(d.op_ids);
    if (in->openapi_json) {
        emit_files_add(out, "openapi.json", json_document(doc, 2));
    } else {
        sbuf b = {0}, head = {0};
        sb_printf(&head, "OpenAPI 3.1 document of the API of %s, written by attrc %s from its\n"
                         "tables. Every key and string is double-quoted.",
                  spec_name, attrc_version());
        esc_yaml_comment(&b, head.p);
        yaml_block(&b, doc, 0, 0);
        sb_free(&head);
        json_decref(doc);
        emit_files_add(out, "openapi.yaml", sb_take(&b));
    }
    free(spec_name);
}
