/* The CRUD API of one resource (api.h).
 *
 * Ownership: an api owns its store (a JSON object, id -> resource, in creation order),
 * the rule indices of each attribute and a scratch array; it borrows the resource and
 * the policy.  A call owns its credentials and a reference to the resource it names; a
 * reply owns its body. */
#define _POSIX_C_SOURCE 200809L
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

/* The example's own error codes, in attrc's error body (README.md "Errors"). */
#define E_UNAUTHENTICATED "not-authenticated" /* 401 */
#define E_NOT_FOUND "not-found"               /* 404 */
#define E_POLICY "policy-denied"              /* 403: a resource rule (create_R, ...) */
#define E_METHOD "method-not-allowed"         /* 405 */
#define E_MEDIA_TYPE "unsupported-media-type" /* 415 */
#define E_QUOTA "over-quota"                  /* 409 */
#define E_INTERNAL "internal-error"           /* 500: out of memory */

#define MAX_PROJECT_BYTES 255 /* X-Project-Id, X-User-Id */
#define MAX_ROLES 64

typedef struct attr_rules {
    int create, get, update; /* create_R:A, get_R:A, update_R:A; -1 when undefined */
} attr_rules;

struct api {
    const attrc_resource *res;
    const policy *pol;
    api_options opt;
    char *collection_path; /* PREFIX/COLLECTION */
    size_t collection_len;
    int rule_create, rule_get, rule_update, rule_delete, rule_admin;
    attr_rules *rules;    /* per attribute of res */
    unsigned char *sent;  /* scratch: per attribute, whether the request sets it */
    int has_project_id, has_tenant_id;
    json_t *store;
    api_stats stats;
};

static unsigned long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (unsigned long long)t.tv_sec * 1000000000ull + (unsigned long long)t.tv_nsec;
}

/* ---- replies ---- */

/* An error body in attrc_report_json's shape with one error of the example's own. */
static void fail(api_reply *out, int status, const char *code, const char *pointer,
                 const char *message)
{
    out->status = status;
    out->body = json_pack("{s:[{s:s, s:i, s:s, s:s}], s:i}", "errors", "code", code, "status",
                          status, "pointer", pointer, "message", message, "dropped", 0);
}

static void fail_report(api_reply *out, const attrc_report *rep)
{
    out->status = attrc_report_status(rep);
    out->body = attrc_report_json(rep);
    if (!out->body)
        fail(out, 500, E_INTERNAL, "", "out of memory");
}

/* Adds an error to a report as the library does (kept up to ATTRC_REPORT_MAX). */
static void report_add(attrc_report *rep, attrc_code code, const char *name, const char *msg)
{
    if (rep->count == ATTRC_REPORT_MAX) {
        rep->dropped++;
        return;
    }
    attrc_error *e = &rep->errors[rep->count++];
    e->code = code;
    e->status = attrc_code_status(code);
    /* "/" and the name, ~ and / escaped (RFC 6901), cut as the library cuts */
    size_t o = 0;
    e->pointer[o++] = '/';
    for (; *name && o + 2 < sizeof e->pointer - 3; name++) {
        if (*name == '~' || *name == '/') {
            e->pointer[o++] = '~';
            e->pointer[o++] = *name == '~' ? '0' : '1';
        } else
            e->pointer[o++] = *name;
    }
    if (*name) {
        memcpy(e->pointer + o, "...", 3);
        o += 3;
    }
    e->pointer[o] = 0;
    snprintf(e->message, sizeof e->message, "%s", msg);
}

/* 413 as attrc_parse_body says it, for a body refused before it was read whole. */
static void fail_too_large(api_reply *out, size_t total, size_t max)
{
    attrc_report rep;
    attrc_report_init(&rep);
    report_add(&rep, ATTRC_E_BODY_TOO_LARGE, "", "");
    rep.errors[0].pointer[0] = 0;
    snprintf(rep.errors[0].message, sizeof rep.errors[0].message,
             "the body is %zu bytes, more than the %zu accepted", total, max);
    fail_report(out, &rep);
}

/* {"MEMBER": resource} or {"COLLECTION": [...]}, stealing `v`. */
static void reply_wrapped(api_reply *out, int status, const char *key, json_t *v)
{
    out->status = status;
    out->body = v ? json_pack("{s:o}", key, v) : NULL;
    if (!out->body)
        fail(out, 500, E_INTERNAL, "", "out of memory");
}

/* ---- the caller ---- */

static int ok_id(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > MAX_PROJECT_BYTES)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
            return 0;
    return 1;
}

/* The credentials of X-Project-Id, X-Roles ("admin,member") and X-User-Id, as
 * oslo.context's to_policy_values names them (tenant_id too, as Neutron's rules use it),
 * and is_admin: the policy's context_is_admin for them.  NULL: not authenticated. */
static json_t *credentials(const api *a, api_header_fn header, void *hcls, int *is_admin)
{
    const char *project = header(hcls, "X-Project-Id");
    const char *user = header(hcls, "X-User-Id");
    const char *roles = header(hcls, "X-Roles");
    const char *status = header(hcls, "X-Identity-Status");
    if (!ok_id(project) || (user && !ok_id(user)) ||
        (status && strcasecmp(status, "Confirmed") != 0))
        return NULL;
    json_t *creds = json_pack("{s:s, s:s, s:s?, s:[], s:b}", "project_id", project, "tenant_id",
                              project, "user_id", user, "roles", "is_admin", 0);
    json_t *list = creds ? json_object_get(creds, "roles") : NULL;
    if (!list)
        goto bad;
    for (const char *r = roles ? roles : ""; *r;) {
        const char *end = strchr(r, ',');
        size_t n = end ? (size_t)(end - r) : strlen(r);
        size_t s = 0;
        while (s < n && (r[s] == ' ' || r[s] == '\t'))
            s++;
        while (n > s && (r[n - 1] == ' ' || r[n - 1] == '\t'))
            n--;
        if (n > s) {
            if (json_array_size(list) == MAX_ROLES ||
                json_array_append_new(list, json_stringn(r + s, n - s)) != 0)
                goto bad; /* too many, or not UTF-8 */
        }
        r = end ? end + 1 : r + strlen(r);
    }
    /* Neutron's check_is_admin: the rule with the credentials as the target */
    *is_admin = policy_check(a->pol, a->rule_admin, creds, creds);
    if (json_object_set_new(creds, "is_admin", json_boolean(*is_admin)) != 0)
        goto bad;
    return creds;
bad:
    json_decref(creds);
    return NULL;
}

/* ---- the service ---- */

static int rule_of(const policy *p, const char *op, const char *member, const char *attr,
                   int resolve)
{
    char name[256];
    snprintf(name, sizeof name, attr ? "%s_%s:%s" : "%s_%s", op, member, attr ? attr : "");
    return resolve ? policy_resolve(p, name) : policy_find(p, name);
}

api *api_new(const attrc_resource *res, const policy *pol, const api_options *o, char *err,
             size_t errlen)
{
    api *a = calloc(1, sizeof *a);
    if (!a)
        goto oom;
    a->res = res;
    a->pol = pol;
    a->opt = *o;
    a->collection_len = strlen(o->prefix) + 1 + strlen(res->collection);
    a->collection_path = malloc(a->collection_len + 1);
    a->rules = calloc(res->nattributes + 1, sizeof *a->rules);
    a->sent = calloc(res->nattributes + 1, 1);
    a->store = json_object();
    if (!a->collection_path || !a->rules || !a->sent || !a->store)
        goto oom;
    snprintf(a->collection_path, a->collection_len + 1, "%s/%s", o->prefix, res->collection);
    /* an undefined resource rule is the default rule, as oslo.policy's enforce() has it;
     * an undefined attribute rule is not checked (Neutron checks the attributes it
     * marks, attrc's policy defines a rule for each restricted one) */
    a->rule_create = rule_of(pol, "create", res->member, NULL, 1);
    a->rule_get = rule_of(pol, "get", res->member, NULL, 1);
    a->rule_update = rule_of(pol, "update", res->member, NULL, 1);
    a->rule_delete = rule_of(pol, "delete", res->member, NULL, 1);
    a->rule_admin = policy_find(pol, "context_is_admin"); /* undefined: nobody is admin */
    for (size_t i = 0; i < res->nattributes; i++) {
        const char *n = res->attributes[i].name;
        a->rules[i].create = rule_of(pol, "create", res->member, n, 0);
        a->rules[i].get = rule_of(pol, "get", res->member, n, 0);
        a->rules[i].update = rule_of(pol, "update", res->member, n, 0);
        a->has_project_id |= !strcmp(n, "project_id");
        a->has_tenant_id |= !strcmp(n, "tenant_id");
    }
    return a;
oom:
    snprintf(err, errlen, "out of memory");
    api_free(a);
    return NULL;
}

void api_free(api *a)
{
    if (!a)
        return;
    json_decref(a->store);
    free(a->collection_path);
    free(a->rules);
    free(a->sent);
    free(a);
}

api_stats *api_get_stats(api *a)
{
    return &a->stats;
}

size_t api_max_body(const api *a)
{
    return a->opt.limits.max_body_bytes;
}

void api_call_clear(api_call *call)
{
    json_decref(call->creds);
    json_decref(call->resource);
    memset(call, 0, sizeof *call);
}

/* The attributes `caller` may see of `stored`: a shallow copy without those whose
 * get_R:A rule denies them (a new reference, NULL when out of memory). */
static json_t *visible(const api *a, const api_call *call, json_t *stored)
{
    json_t *copy = json_copy(stored);
    for (size_t i = 0; copy && i < a->res->nattributes; i++)
        if (a->rules[i].get >= 0 && !policy_check(a->pol, a->rules[i].get, stored, call->creds))
            json_object_del(copy, a->res->attributes[i].name);
    return copy;
}

/* ---- the request's first part ---- */

static int method_of(const char *m)
{
    return !strcmp(m, "GET")      ? API_GET
           : !strcmp(m, "POST")   ? API_POST
           : !strcmp(m, "PUT")    ? API_PUT
           : !strcmp(m, "DELETE") ? API_DELETE
                                  : API_OTHER;
}

/* application/json, with parameters or none; a body without a Content-Type is taken as
 * JSON too (as Neutron's WSGI layer does). */
static int json_media_type(const char *ct)
{
    if (!ct)
        return 1;
    while (*ct == ' ')
        ct++;
    size_t n = strlen("application/json");
    if (strncasecmp(ct, "application/json", n) != 0)
        return 0;
    ct += n;
    while (*ct == ' ')
        ct++;
    return *ct == 0 || *ct == ';';
}

int api_begin(api *a, api_call *call, const char *method, const char *url,
              api_header_fn header, void *hcls, api_reply *out)
{
    memset(call, 0, sizeof *call);
    memset(out, 0, sizeof *out);
    call->method = method_of(method);
    /* 1. who: keystonemiddleware in front has checked the token */
    call->creds = credentials(a, header, hcls, &call->is_admin);
    if (!call->creds) {
        fail(out, 401, E_UNAUTHENTICATED, "",
             "no valid X-Project-Id (or X-Identity-Status is not Confirmed)");
        return 1;
    }
    /* 2. where */
    if (strncmp(url, a->collection_path, a->collection_len) != 0) {
        fail(out, 404, E_NOT_FOUND, "", "no such path");
        return 1;
    }
    const char *rest = url + a->collection_len;
    if (*rest == 0)
        call->route = ROUTE_COLLECTION;
    else if (rest[0] == '/' && rest[1] && !strchr(rest + 1, '/') &&
             strlen(rest + 1) < sizeof call->id) {
        call->route = ROUTE_MEMBER;
        strcpy(call->id, rest + 1);
    } else {
        fail(out, 404, E_NOT_FOUND, "", "no such path");
        return 1;
    }
    /* 3. how */
    int m = call->method;
    if (call->route == ROUTE_COLLECTION ? (m != API_GET && m != API_POST)
                                        : (m != API_GET && m != API_PUT && m != API_DELETE)) {
        fail(out, 405, E_METHOD, "", "method not allowed here");
        out->allow = call->route == ROUTE_COLLECTION ? "GET, POST" : "DELETE, GET, PUT";
        return 1;
    }
    if (m == API_POST || m == API_PUT) {
        if (!json_media_type(header(hcls, "Content-Type"))) {
            fail(out, 415, E_MEDIA_TYPE, "", "the body must be application/json");
            return 1;
        }
        const char *cl = header(hcls, "Content-Length");
        if (cl) {
            char *end;
            unsigned long long n = strtoull(cl, &end, 10);
            if (end != cl && *end == 0 && n > a->opt.limits.max_body_bytes) {
                fail_too_large(out, (size_t)n, a->opt.limits.max_body_bytes);
                return 1;
            }
        }
    }
    /* 4. what: the resource, and whether the caller may see it (else it is not there
     * for them: 404, as for an id that is nobody's) and act on it */
    if (call->route == ROUTE_MEMBER) {
        call->resource = json_incref(json_object_get(a->store, call->id));
        if (!call->resource ||
            !policy_check(a->pol, a->rule_get, call->resource, call->creds)) {
            fail(out, 404, E_NOT_FOUND, "", "no such resource");
            return 1;
        }
        int rule = m == API_PUT ? a->rule_update : m == API_DELETE ? a->rule_delete : -2;
        if (rule != -2 && !policy_check(a->pol, rule, call->resource, call->creds)) {
            fail(out, 403, E_POLICY, "",
                 m == API_PUT ? "the policy does not allow this update"
                              : "the policy does not allow this delete");
            return 1;
        }
    }
    if (m == API_POST && json_object_size(a->store) >= a->opt.max_resources) {
        fail(out, 409, E_QUOTA, "", "the store is full");
        return 1;
    }
    return 0;
}

/* ---- the request's body ---- */

/* Records in a->sent which attributes of the resource `attrs` sets (the policy's
 * bookkeeping, not timed as validation). */
static void note_sent(api *a, const json_t *attrs)
{
    for (size_t i = 0; i < a->res->nattributes; i++)
        a->sent[i] = json_object_get(attrs, a->res->attributes[i].name) != NULL;
}

/* Reads, unwraps and validates a body; on error fills `out`, returns NULL.  Otherwise
 * returns the body (a new reference) and sets *attrs inside it.  a->sent says which
 * attributes the request itself sets (before defaults are filled).  The counters time
 * reading (parse_ns) and unwrapping + validating (validate_ns), nothing else. */
static json_t *read_body(api *a, const char *buf, size_t len, attrc_op op, json_t **attrs,
                         attrc_report *rep, api_reply *out)
{
    /* The policy says who may do what; the validators check the body as they would
     * for an administrator who owns the resource: everything but who (README.md). */
    static const attrc_caller any = {1, 1};
    json_t *body = NULL;
    attrc_report_init(rep);
    unsigned long long t0 = now_ns(), t1, t2;
    int bad;
    if (a->opt.validate) {
        bad = attrc_parse_body(buf, len, &a->opt.limits, &body, rep);
        t1 = now_ns();
        bad = bad || attrc_unwrap(a->res, body, attrs, rep) != 0;
    } else { /* --no-validate: jansson alone, the envelope looked up, nothing checked */
        json_error_t je;
        body = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
        t1 = now_ns();
        *attrs = body ? json_object_get(body, a->res->member) : NULL;
        bad = !json_is_object(*attrs);
        if (bad)
            report_add(rep, ATTRC_E_BODY, a->res->member, "not JSON, or no envelope");
    }
    t2 = now_ns();
    a->stats.parse_ns += t1 - t0;
    a->stats.validate_ns += t2 - t1;
    a->stats.bodies++;
    if (bad) {
        fail_report(out, rep); /* nothing to check the policy on */
        json_decref(body);
        return NULL;
    }
    note_sent(a, *attrs);
    if (a->opt.validate) {
        t1 = now_ns();
        attrc_validate(a->res, op, *attrs, &any, rep);
        a->stats.validate_ns += now_ns() - t1;
    }
    return body;
}

/* The attribute rules (create_R:A or update_R:A) of the attributes the request sets,
 * as `forbidden` errors in `rep`. */
static void check_attribute_rules(const api *a, const api_call *call, int create,
                                  const json_t *target, attrc_report *rep)
{
    for (size_t i = 0; i < a->res->nattributes; i++) {
        int rule = create ? a->rules[i].create : a->rules[i].update;
        if (a->sent[i] && rule >= 0 && !policy_check(a->pol, rule, target, call->creds))
            report_add(rep, ATTRC_E_FORBIDDEN, a->res->attributes[i].name,
                       "the policy does not allow this caller to set it");
    }
}

static void uuid4(char out[37])
{
    unsigned char b[16];
    if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b) { /* never with 16 bytes */
        static unsigned long long n;
        unsigned long long t = now_ns() ^ ++n;
        for (size_t i = 0; i < sizeof b; i++)
            b[i] = (unsigned char)(t >> (8 * (i % 8)));
    }
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
             b[13], b[14], b[15]);
}

/* What the server sets on create, where the resource has the attribute and the request
 * left it out: id, the caller's project, and, as Neutron does, status, mac_address and
 * host.  Other "generated" attributes are a real service's to compute. */
static int server_set(const api *a, const api_call *call, json_t *attrs, const char *id)
{
    char mac[18];
    unsigned char m[5] = {0};
    if (getrandom(m, sizeof m, 0) != (ssize_t)sizeof m)
        memset(m, 0, sizeof m);
    snprintf(mac, sizeof mac, "fa:16:3e:%02x:%02x:%02x", m[0], m[1], m[2]);
    const char *project = json_string_value(json_object_get(call->creds, "project_id"));
    struct { const char *name, *value; } set[] = {
        {"project_id", project}, {"tenant_id", project}, {"status", "ACTIVE"},
        {"mac_address", mac}, {"host", "localhost"}};
    if (json_object_set_new(attrs, "id", json_string(id)) != 0)
        return -1;
    for (size_t k = 0; k < sizeof set / sizeof *set; k++) {
        if (json_object_get(attrs, set[k].name))
            continue;
        for (size_t i = 0; i < a->res->nattributes; i++)
            if (!strcmp(a->res->attributes[i].name, set[k].name) &&
                json_object_set_new(attrs, set[k].name, json_string(set[k].value)) != 0)
                return -1;
    }
    return 0;
}

/* On create: the project check and what the server sets (the target of the rules is
 * then the resource as it would be stored).  -1 when out of memory. */
static int prepare_create(const api *a, const api_call *call, json_t *attrs, char id[37],
                          attrc_report *rep)
{
    /* naming another project is for admins (as Neutron's _validate_tenant_id says) */
    const char *project = json_string_value(json_object_get(call->creds, "project_id"));
    for (int k = 0; k < 2; k++) {
        const char *name = k ? "tenant_id" : "project_id";
        json_t *given = (k ? a->has_tenant_id : a->has_project_id) ? json_object_get(attrs, name)
                                                                    : NULL;
        if (json_is_string(given) && strcmp(json_string_value(given), project) != 0 &&
            !call->is_admin)
            report_add(rep, ATTRC_E_FORBIDDEN, name,
                       "only administrators may create in another project");
    }
    uuid4(id);
    return server_set(a, call, attrs, id);
}

/* POST (create) and PUT (update) of a body. */
static void do_write(api *a, api_call *call, const char *buf, size_t len, attrc_op op,
                     api_reply *out)
{
    attrc_report rep;
    json_t *attrs = NULL;
    json_t *body = read_body(a, buf, len, op, &attrs, &rep, out);
    if (!body)
        return;
    int create = op == ATTRC_CREATE;
    char id[37] = "";
    json_t *target = create ? attrs : call->resource;
    if (create && prepare_create(a, call, attrs, id, &rep) != 0) {
        fail(out, 500, E_INTERNAL, "", "out of memory");
        json_decref(body);
        return;
    }
    check_attribute_rules(a, call, create, target, &rep);
    if (rep.count || rep.dropped)
        fail_report(out, &rep);
    else if (create && !policy_check(a->pol, a->rule_create, attrs, call->creds))
        fail(out, 403, E_POLICY, "", "the policy does not allow this create");
    else if (create ? json_object_set(a->store, id, attrs) != 0
                    : json_object_update(call->resource, attrs) != 0)
        fail(out, 500, E_INTERNAL, "", "out of memory");
    else
        reply_wrapped(out, create ? 201 : 200, a->res->member, visible(a, call, target));
    json_decref(body);
}

static void do_list(api *a, api_call *call, api_reply *out)
{
    json_t *list = json_array();
    const char *id;
    json_t *r;
    json_object_foreach(a->store, id, r) {
        if (!list)
            break;
        if (policy_check(a->pol, a->rule_get, r, call->creds) &&
            json_array_append_new(list, visible(a, call, r)) != 0) {
            json_decref(list);
            list = NULL;
        }
    }
    reply_wrapped(out, 200, a->res->collection, list);
}

void api_finish(api *a, api_call *call, const char *body, size_t len, size_t total,
                api_reply *out)
{
    memset(out, 0, sizeof *out);
    int m = call->method;
    if ((m == API_POST || m == API_PUT) && total > a->opt.limits.max_body_bytes)
        fail_too_large(out, total, a->opt.limits.max_body_bytes);
    else if (m == API_POST || m == API_PUT)
        do_write(a, call, body, len, m == API_POST ? ATTRC_CREATE : ATTRC_UPDATE, out);
    else if (m == API_DELETE) {
        if (json_object_del(a->store, call->id) != 0)
            fail(out, 404, E_NOT_FOUND, "", "no such resource");
        else
            out->status = 204;
    } else if (call->route == ROUTE_MEMBER)
        reply_wrapped(out, 200, a->res->member, visible(a, call, call->resource));
    else
        do_list(a, call, out);
}
