/* oslo.policy files: the rules of a spec, as policy.yaml and policy.json
 * (docs/artefacts.md).  Rule names follow Neutron's: create_<member>, get_<member>,
 * update_<member>, delete_<member>, and <action>_<member>:<attribute>.  For an extension
 * (a resource that exists already) only the attribute rules. */
#include "emit.h"

#include "escape.h"
#include "util.h"

#include <attrc/attrc.h>

#include <jansson.h>
#include <string.h>

static const struct {
    const char *name, *check, *description;
} base_rules[] = {
    {"context_is_admin", "role:admin", "Callers with the admin role are administrators."},
    {"owner", "project_id:%(project_id)s", "The caller's project owns the resource."},
    {"admin_or_owner", "rule:context_is_admin or rule:owner",
     "An administrator, or the resource's owner."},
    {"admin_only", "rule:context_is_admin", "Administrators only."},
    {"regular_user", "", "Any authenticated caller."},
    {"default", "rule:admin_or_owner", "What a rule that is not defined here defaults to."},
};
#define NBASE (int)(sizeof base_rules / sizeof base_rules[0])

/* "a" or "an" before a word, by its first letter (an attribute name reads as written). */
static const char *article(const char *w) { return strchr("aeiouAEIOU", w[0]) && w[0] ? "an" : "a"; }

static void add(prule **r, int *n, const char *name, const char *check, const char *desc,
                const char *ops)
{
    *r = xgrow(*r, (size_t)*n, sizeof **r);
    (*r)[(*n)++] = (prule){xstrdup(name), xstrdup(check), xstrdup(desc), xstrdup(ops)};
}

const char *policy_action(const char *method)
{
    static const char *const map[][2] = {
        {"POST", "create"}, {"GET", "get"}, {"PUT", "update"}, {"PATCH", "update"},
        {"DELETE", "delete"},
    };
    for (size_t k = 0; k < sizeof map / sizeof map[0]; k++)
        if (strcmp(method, map[k][0]) == 0)
            return map[k][1];
    return NULL;
}

const derived_op derived_ops[] = {
    {"create", "POST", "", 201},   {"get", "GET", "", 200},         {"get", "GET", "/{id}", 200},
    {"update", "PUT", "/{id}", 200}, {"delete", "DELETE", "/{id}", 204}, {NULL, NULL, NULL, 0},
};

/* The operations of an action: the spec's method tables where they name the resource,
 * else the derived ones, the collection's paths with the prefix the spec's own paths
 * have. */
static char *ops_of(const model *m, const mresource *r, const char *action)
{
    sbuf b = {0};
    for (int k = 0; k < m->nops; k++) {
        const mop *o = &m->ops[k];
        const char *act = policy_action(o->method);
        if (!o->resource || strcmp(o->resource, r->member) != 0 || !act ||
            strcmp(act, action) != 0)
            continue;
        if (b.n)
            sb_putc(&b, '\n');
        sb_printf(&b, "%s  %s", o->method, o->path);
    }
    if (!b.n)
        for (int j = 0; derived_ops[j].action; j++) {
            if (strcmp(derived_ops[j].action, action) != 0)
                continue;
            if (b.n)
                sb_putc(&b, '\n');
            sb_printf(&b, "%s  %s%s%s", derived_ops[j].method, resource_prefix(r),
                      r->collection, derived_ops[j].suffix);
        }
    return sb_take(&b);
}

const char *resource_prefix(const mresource *r) { return r->prefix ? r->prefix : "/v2.0/"; }

/* The actions of a resource's rules, in the order of policy_rules' acts[] and of the
 * `act` of each attribute rule. */
static const char *const rule_actions[] = {"create", "get", "update", "delete"};

static void member_rules(prule **r, int *n, const mresource *res, const mattr *a,
                         const char *path, char *const *ops);

/* The rules of attribute a of res, named ACTION_MEMBER:`path` ("name", or for a member of
 * a dict "host_routes:metric"); `again`: also the rules nothing restricts.  Then those of
 * its members that have an access of their own, at any depth. */
static void attr_rules(prule **r, int *n, const mresource *res, const mattr *a,
                       const char *path, char *const *ops, int again)
{
    /* writes only admins may make; reads not everyone may */
    struct {
        int when, open; /* open: the rule when nothing restricts it */
        int act;
        const char *check, *what;
    } rules[] = {
        {a->access.post && a->access.write == WHO_ADMIN, 0, 0, "rule:admin_only",
         "Set %s of %s %s on create (administrators only)"},
        {0, a->access.post && a->access.write == WHO_OWNER, 0, "rule:admin_or_owner",
         "Set %s of %s %s on create (its owner and administrators)"},
        {0, a->access.post && a->access.write == WHO_ALL, 0, "rule:regular_user",
         "Set %s of %s %s on create (anyone who may create it)"},
        {a->access.see == WHO_ADMIN, 0, 1, "rule:admin_only",
         "See %s of %s %s (administrators only)"},
        {a->access.see == WHO_OWNER, 0, 1, "rule:admin_or_owner",
         "See %s of %s %s (its owner and administrators)"},
        {0, a->access.see == WHO_ALL, 1, "rule:regular_user",
         "See %s of %s %s (anyone who may see it)"},
        {a->access.put && a->access.write == WHO_ADMIN, 0, 2, "rule:admin_only",
         "Change %s of %s %s (administrators only)"},
        {0, a->access.put && a->access.write == WHO_OWNER, 2, "rule:admin_or_owner",
         "Change %s of %s %s (its owner and administrators)"},
        {0, a->access.put && a->access.write == WHO_ALL, 2, "rule:regular_user",
         "Change %s of %s %s (anyone who may change it)"},
    };
    sbuf name = {0}, desc = {0}, what = {0};
    /* a member reads as "metric of host_routes" */
    if (a->own_access && strchr(path, ':')) {
        const char *last = strrchr(path, ':');
        sb_printf(&what, "%s of %.*s", last + 1, (int)(last - path), path);
    } else {
        sb_puts(&what, path);
    }
    for (size_t j = 0; j < sizeof rules / sizeof rules[0]; j++) {
        if (!rules[j].when && !(again && rules[j].open))
            continue;
        sb_reset(&name);
        sb_reset(&desc);
        sb_printf(&name, "%s_%s:%s", rule_actions[rules[j].act], res->member, path);
        sb_printf(&desc, rules[j].what, what.p, article(res->member), res->member);
        add(r, n, name.p, rules[j].check, desc.p, ops[rules[j].act]);
    }
    sb_free(&name);
    sb_free(&desc);
    sb_free(&what);
    member_rules(r, n, res, a, path, ops);
}

/* The rules of a's members that have an access of their own, at any depth (a member
 * without one has its attribute's, and its attribute's rules). */
static void member_rules(prule **r, int *n, const mresource *res, const mattr *a,
                         const char *path, char *const *ops)
{
    sbuf name = {0};
    for (int k = 0; k < a->nmembers; k++) {
        const mattr *mm = &a->members[k];
        sb_reset(&name);
        sb_printf(&name, "%s:%s", path, mm->name);
        if (mm->own_access)
            attr_rules(r, n, res, mm, name.p, ops, 0);
        else
            member_rules(r, n, res, mm, name.p, ops);
    }
    sb_free(&name);
}

int policy_rules(const model *m, const config *cfg, prule **out)
{
    prule *r = NULL;
    int n = 0;
    const json_t *over = cfg ? cfg->policy_base : NULL;
    /* the shared rules belong to the policy that defines a resource: one of only
     * extensions leaves them to its bases' (context_is_admin, owner, ...) */
    int defines = m->nres == 0;
    for (int i = 0; i < m->nres; i++)
        defines |= !m->res[i].extends;
    for (int k = 0; k < NBASE && defines; k++) {
        const json_t *c = over ? json_object_get(over, base_rules[k].name) : NULL;
        add(&r, &n, base_rules[k].name, c ? json_string_value(c) : base_rules[k].check,
            base_rules[k].description, "");
    }
    if (over && defines) {
        const char *key;
        json_t *v;
        json_object_foreach((json_t *)over, key, v)
        {
            int known = 0;
            for (int k = 0; k < NBASE; k++)
                known |= strcmp(key, base_rules[k].name) == 0;
            if (!known)
                add(&r, &n, key, json_string_value(v), "A base rule of the project's attrc.yaml.",
                    "");
        }
    }
    for (int i = 0; i < m->nres; i++) {
        const mresource *res = &m->res[i];
        struct {
            const char *action, *check, *verb;
        } acts[] = {
            {rule_actions[0], "rule:regular_user", "Create"},
            {rule_actions[1], "rule:admin_or_owner", "Show or list"},
            {rule_actions[2], "rule:admin_or_owner", "Update"},
            {rule_actions[3], "rule:admin_or_owner", "Delete"},
        };
        char *ops[4];
        sbuf name = {0}, desc = {0};
        for (int k = 0; k < 4; k++) {
            ops[k] = ops_of(m, res, acts[k].action);
            sb_reset(&name);
            sb_reset(&desc);
            sb_printf(&name, "%s_%s", acts[k].action, res->member);
            if (k == 1)
                sb_printf(&desc, "%s %s", acts[k].verb, res->collection);
            else
                sb_printf(&desc, "%s %s %s", acts[k].verb, article(res->member), res->member);
            /* an extension's base has these rules already: the policy of the resource's
             * own spec or service defines them, and redefining them here would change
             * them for every caller */
            if (!res->extends)
                add(&r, &n, name.p, acts[k].check, desc.p, ops[k]);
        }
        for (int k = 0; k < res->nattrs; k++) {
            const mattr *a = &res->attrs[k];
            /* an attribute an extension redefines gets its rules whatever they are: the
             * base's (admin only, say) would stand otherwise */
            int again = res->extends && res->base && mresource_attr(res->base, a->name) != NULL;
            attr_rules(&r, &n, res, a, a->name, ops, again);
        }
        for (int k = 0; k < 4; k++)
            free(ops[k]);
        sb_free(&name);
        sb_free(&desc);
    }
    *out = r;
    return n;
}

void policy_rules_free(prule *r, int n)
{
    for (int k = 0; k < n; k++) {
        free(r[k].name);
        free(r[k].check);
        free(r[k].description);
        free(r[k].ops);
    }
    free(r);
}

char *emit_policy_yaml(const prule *r, int n, const char *spec_name)
{
    sbuf b = {0};
    sbuf head = {0};
    sb_printf(&head, "oslo.policy rules for the API of %s, written by attrc %s from its\n"
                     "attribute tables. Every key and value is double-quoted.",
              spec_name, attrc_version());
    esc_yaml_comment(&b, head.p);
    sb_free(&head);
    for (int k = 0; k < n; k++) {
        sb_putc(&b, '\n');
        esc_yaml_comment(&b, r[k].description);
        esc_yaml_comment(&b, r[k].ops);
        esc_yaml_quoted(&b, r[k].name);
        sb_puts(&b, ": ");
        esc_yaml_quoted(&b, r[k].check);
        sb_putc(&b, '\n');
    }
    return sb_take(&b);
}

char *emit_policy_json(const prule *r, int n)
{
    json_t *o = json_object();
    for (int k = 0; k < n; k++)
        json_object_set_new(o, r[k].name, json_string(r[k].check));
    return json_document(o, 4);
}

void emit_policy_yaml_files(const emit_in *in, emit_files *out)
{
    prule *rules;
    int n = policy_rules(in->m, in->m->o->cfg, &rules);
    emit_files_add(out, "policy.yaml", emit_policy_yaml(rules, n, in->spec_name));
    policy_rules_free(rules, n);
}

void emit_policy_json_files(const emit_in *in, emit_files *out)
{
    prule *rules;
    int n = policy_rules(in->m, in->m->o->cfg, &rules);
    emit_files_add(out, "policy.json", emit_policy_json(rules, n));
    policy_rules_free(rules, n);
}
