/* Model against model: every rule of docs/diff.md, one function per kind of cell. */
#include "diff.h"

#include "bind.h"
#include "nested.h"
#include "util.h"

#include <attrc/attrc.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *change_class_name(change_class c)
{
    static const char *const n[] = {"info", "warning", "breaking"};
    return n[c];
}

static char *fmt(const char *f, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

static char *fmt(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(NULL, 0, f, ap);
    va_end(ap);
    char *s = xmalloc((size_t)n + 1);
    va_start(ap, f);
    vsnprintf(s, (size_t)n + 1, f, ap);
    va_end(ap);
    return s;
}

/* FNV-1a over the parts that say what a finding is (each with its terminator, so that
 * "a" + "bc" and "ab" + "c" differ); never where it is. */
static void fingerprint(change *x)
{
    const char *parts[] = {x->kind, x->resource, x->attribute, x->old_value, x->new_value};
    uint64_t h = 14695981039346656037u;
    for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
        const char *p = parts[k] ? parts[k] : "";
        for (; *p; p++)
            h = (h ^ (unsigned char)*p) * 1099511628211u;
        h = (h ^ (parts[k] ? 0x1Fu : 0x1Eu)) * 1099511628211u;
    }
    snprintf(x->fingerprint, sizeof x->fingerprint, "%016llx", (unsigned long long)h);
}

static void add(changes *out, change_class cls, const char *kind, const char *res,
                const char *attr, char *old_v, char *new_v, const char *file, int line,
                const char *reason)
{
    out->v = xgrow(out->v, (size_t)out->n, sizeof *out->v);
    change *x = &out->v[out->n++];
    *x = (change){cls, kind, xstrdup(res), attr ? xstrdup(attr) : NULL, old_v, new_v,
                  xstrdup(reason), xstrdup(file), line, {0}, NULL};
    fingerprint(x);
}

/* ---- values as text ---- */

static char *type_text(const mattr *a)
{
    base_type it = a->valid.items_format ? a->valid.items_format : a->type.items;
    if (a->type.base == TY_ARRAY && it)
        return fmt("list of %s%s", base_type_name(it), a->nullable ? ", or null" : "");
    return fmt("%s%s", base_type_name(a->type.base), a->nullable ? ", or null" : "");
}

static char *json_text(const json_t *v)
{
    char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    return s ? s : xstrdup("?");
}

static char *default_text(const mattr *a)
{
    if (a->def.kind == DEF_VALUE && a->def.value)
        return json_text(a->def.value);
    return xstrdup(def_kind_name(a->def.kind));
}

static char *bound_text(int has, double v, int excl, const char *lo_hi)
{
    if (!has)
        return xstrdup("none");
    return fmt("%s %.17g", excl ? (lo_hi[0] == 'm' && lo_hi[1] == 'i' ? ">" : "<")
                                : (lo_hi[0] == 'm' && lo_hi[1] == 'i' ? ">=" : "<="),
               v);
}

/* ---- what a side's errors hid ---- */

/* Whether model m's errors may have hidden attribute `attr` (NULL: any) of resource
 * `res` (NULL: something of no resource, an operation): the record that says so, or
 * NULL.  A record of no resource hides anything. */
static const munread *hidden(const model *m, const char *res, const char *attr)
{
    for (int k = 0; m && k < m->nunread; k++) {
        const munread *u = &m->unread[k];
        if (!u->resource ||
            (res && strcmp(u->resource, res) == 0 &&
             (!attr || !u->attribute || strcmp(u->attribute, attr) == 0)))
            return u;
    }
    return NULL;
}

#define BIT(k) (1u << (k))

/* The cells of an attribute that were not read, as words: "type, default". */
static char *unread_text(unsigned u)
{
    if (u == ATTR_UNREAD_ALL)
        return xstrdup("not read: its definition");
    static const struct {
        unsigned bits;
        const char *word;
    } parts[] = {{BIT(COL_TYPE), "type"},
                 {BIT(COL_ACCESS) | BIT(COL_CRUD), "access"},
                 {BIT(COL_REQUIRED), "required"},
                 {BIT(COL_DEFAULT), "default"},
                 {BIT(COL_VALIDATION), "validation"}};
    sbuf b = {0};
    sb_puts(&b, "not read: ");
    const char *sep = "";
    for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
        if (u & parts[k].bits) {
            sb_printf(&b, "%s%s", sep, parts[k].word);
            sep = ", ";
        }
    return sb_take(&b);
}

/* A part of one side that its errors hid: a warning, since a change may hide in it.
 * `is_old`: the OLD side's; `what` (taken): what was not read; `where`: "its row has
 * errors in these cells", "its row could not be read (row-spans-columns)", ... */
static void not_compared(changes *out, int is_old, const char *res, const char *attr,
                         char *what, const char *where, const char *file, int line)
{
    char *why = fmt("on the %s side, %s: not compared", is_old ? "OLD" : "NEW", where);
    add(out, CH_WARNING, "not-compared", res ? res : "(unknown)", attr, is_old ? what : NULL,
        is_old ? NULL : what, file, line, why);
    free(why);
}

/* The cells, rows, tables and files a side's errors hid (model.h, munread). */
static void unread_parts(const model *m, int is_old, changes *out)
{
    for (int r = 0; m && r < m->nres; r++)
        for (int k = 0; k < m->res[r].nattrs; k++) {
            const mattr *a = &m->res[r].attrs[k];
            if (a->unread)
                not_compared(out, is_old, m->res[r].member, a->name, unread_text(a->unread),
                             "its row has errors in these cells", a->file, a->line);
        }
    for (int k = 0; m && k < m->nunread; k++) {
        const munread *u = &m->unread[k];
        const char *part = u->resource ? "a row" : u->line ? "a table" : "the file";
        char *where = fmt("%s could not be read (%s)", part, u->code);
        not_compared(out, is_old, u->resource, u->attribute,
                     fmt("not read: %s", u->resource ? (u->attribute ? "its row" : "a row")
                                         : u->line   ? "a table, and what it names"
                                                     : "the file"),
                     where, u->file, u->line);
        free(where);
    }
}

/* ---- attribute against attribute ---- */

typedef struct actx {
    changes *out;
    const char *res, *file;
} actx;

static void attr_change(actx *x, const mattr *b, change_class cls, const char *kind, char *o,
                        char *n, const char *reason)
{
    add(x->out, cls, kind, x->res, b->name, o, n, x->file ? x->file : b->file, b->line, reason);
}

/* -1: new is narrower (fewer callers), 1: wider, 0: the same. */
static int who_cmp(who o, who n) { return n < o ? -1 : n > o ? 1 : 0; }

/* The values of `a` that `b` does not hold (a new array). */
static json_t *values_not_in(const json_t *a, const json_t *b)
{
    json_t *out = json_array();
    size_t i, j;
    json_t *v, *w;
    json_array_foreach(a, i, v)
    {
        int found = 0;
        json_array_foreach(b, j, w) found |= json_equal(v, w);
        if (!found)
            json_array_append(out, v);
    }
    return out;
}

static void compare_enum(actx *x, const mattr *a, const mattr *b)
{
    const json_t *eo = a->valid.enumv, *en = b->valid.enumv;
    if (!eo && !en)
        return;
    if (!eo) {
        attr_change(x, b, CH_BREAKING, "enum-added", xstrdup("any value"), json_text(en),
                    "requests with other values are refused");
        return;
    }
    if (!en) {
        attr_change(x, b, CH_INFO, "enum-removed", json_text(eo), xstrdup("any value"),
                    "more values are accepted");
        return;
    }
    json_t *gone = values_not_in(eo, en), *came = values_not_in(en, eo);
    /* each named: a value swapped for another is one removed and one added */
    if (json_array_size(gone))
        attr_change(x, b, CH_BREAKING, "enum-values-removed", json_text(gone), NULL,
                    "requests with the removed values are refused");
    if (json_array_size(came))
        attr_change(x, b, CH_WARNING, "enum-values-added", NULL, json_text(came),
                    "clients that read the resource may meet values they do not know");
    json_decref(gone);
    json_decref(came);
}

/* One bound: 1 tightened, -1 loosened, 0 the same.  `lower`: a minimum. */
static int bound_cmp(int ho, double o, int eo, int hn, double n, int en, int lower)
{
    if (!ho && !hn)
        return 0;
    if (!ho)
        return 1;
    if (!hn)
        return -1;
    if (o == n)
        return en == eo ? 0 : en ? 1 : -1;
    return lower ? (n > o ? 1 : -1) : (n < o ? 1 : -1);
}

/* A permission that went (`gone`, breaking) or came (`came`, info). */
/* One part of an attribute's access, before and after. */
typedef struct access_part {
    int changed, narrowed;
    const char *kind, *why, *old_v, *new_v;
} access_part;

/* Access as text: "see all; write admin (create, update)". */
static char *access_text(const maccess *a, int schema_only)
{
    const char *when = a->post && a->put ? " (create, update)"
                       : a->post         ? " (create)"
                       : a->put          ? " (update)"
                                         : "";
    if (schema_only) /* a schema says when, not who */
        return fmt("write%s", *when ? when : " (never)");
    return fmt("see %s; write %s%s", who_name(a->see),
               a->post || a->put ? who_name(a->write) : "nobody", when);
}

static void compare_attr(actx *x, const mattr *a, const mattr *b, int schema_only);

static const mattr *member_of(const mattr *a, const char *name)
{
    for (int k = 0; k < a->nmembers; k++)
        if (strcmp(a->members[k].name, name) == 0)
            return &a->members[k];
    return NULL;
}

/* A dict's members, old a against new b, each named by its path ("pools.start"), and
 * whether it is free-form (docs/spec-format.md "Nested attributes"). */
static void compare_members(actx *x, const mattr *a, const mattr *b, int schema_only)
{
    if (!nested_is_object(a) || !nested_is_object(b))
        return; /* a type that changed says it all */
    if (a->free_form != b->free_form)
        attr_change(x, b, a->free_form ? CH_BREAKING : CH_INFO,
                    a->free_form ? "free-form-removed" : "free-form-added",
                    xstrdup(a->free_form ? "free-form" : "closed"),
                    xstrdup(b->free_form ? "free-form" : "closed"),
                    a->free_form ? "requests with keys it does not declare are refused"
                                 : "keys it does not declare are accepted");
    for (int k = 0; k < a->nmembers; k++) {
        const mattr *mo = &a->members[k], *mn = member_of(b, mo->name);
        if (member_of(a, mo->name) != mo)
            continue; /* written twice: the first */
        mattr po = *mo, pn;
        po.name = fmt("%s.%s", a->name, mo->name);
        if (mn) {
            pn = *mn;
            pn.name = po.name;
            compare_attr(x, &po, &pn, schema_only);
        } else {
            pn = po;
            pn.line = b->line;
            attr_change(x, &pn, b->free_form ? CH_INFO : CH_BREAKING, "member-removed",
                        type_text(mo), NULL,
                        b->free_form ? "the dict is free-form: the key is still accepted"
                                     : "requests that send it are refused, and readers miss it");
        }
        free(po.name);
    }
    for (int k = 0; k < b->nmembers; k++) {
        const mattr *mn = &b->members[k];
        if (member_of(a, mn->name) || member_of(b, mn->name) != mn)
            continue;
        mattr pn = *mn;
        pn.name = fmt("%s.%s", b->name, mn->name);
        attr_change(x, &pn, mn->required ? CH_BREAKING : CH_INFO, "member-added", NULL,
                    type_text(mn),
                    mn->required ? "it is required: requests that send the dict without it "
                                   "are refused"
                                 : "an optional member: existing requests still pass");
        free(pn.name);
    }
}

static void compare_attr(actx *x, const mattr *a, const mattr *b, int schema_only)
{
    /* what either side could not read is not compared (unread_parts says so) */
    unsigned u = a->unread | b->unread;
    if (u == ATTR_UNREAD_ALL)
        return;
    if (u & BIT(COL_TYPE)) {
        /* the type, and with it the default and the validation: not known */
    } else if (a->type.base != b->type.base ||
        (a->type.base == TY_ARRAY &&
         (a->valid.items_format ? a->valid.items_format : a->type.items) !=
             (b->valid.items_format ? b->valid.items_format : b->type.items))) {
        attr_change(x, b, CH_BREAKING, "type-changed", type_text(a), type_text(b),
                    "values of the old type are refused, and readers get another type");
    } else if (a->nullable != b->nullable && !(u & BIT(COL_DEFAULT))) {
        if (a->nullable)
            attr_change(x, b, CH_BREAKING, "nullability-removed", type_text(a), type_text(b),
                        "requests with null are refused");
        else
            attr_change(x, b, CH_WARNING, "nullability-added", type_text(a), type_text(b),
                        "clients that read the resource may get null");
    }
    /* access: one finding that says what each caller loses (RW to RO is writers, create
     * and update at once), or the one part that changed */
    int no_access = (u & (BIT(COL_ACCESS) | BIT(COL_CRUD))) != 0;
    int v = schema_only || no_access ? 0 : who_cmp(a->access.see, b->access.see);
    int w = schema_only || no_access ? 0 : who_cmp(a->access.write, b->access.write);
    access_part parts[] = {
        {v != 0, v < 0, v < 0 ? "visibility-narrowed" : "visibility-widened",
         v < 0 ? "callers who could see it no longer can" : "more callers may see it",
         who_name(a->access.see), who_name(b->access.see)},
        {w != 0, w < 0, w < 0 ? "writers-narrowed" : "writers-widened",
         w < 0 ? "callers who could write it are refused" : "more callers may write it",
         who_name(a->access.write), who_name(b->access.write)},
        {!no_access && a->access.post != b->access.post, a->access.post,
         a->access.post ? "post-removed" : "post-added",
         a->access.post ? "create requests that set it are refused"
                        : "it may now be set on create",
         a->access.post ? "yes" : "no", b->access.post ? "yes" : "no"},
        {!no_access && a->access.put != b->access.put, a->access.put,
         a->access.put ? "put-removed" : "put-added",
         a->access.put ? "update requests that change it are refused"
                       : "it may now be changed on update",
         a->access.put ? "yes" : "no", b->access.put ? "yes" : "no"},
    };
    int nparts = (int)(sizeof parts / sizeof parts[0]), changed = 0, narrowed = 0;
    for (int k = 0; k < nparts; k++) {
        changed += parts[k].changed;
        narrowed |= parts[k].changed && parts[k].narrowed;
    }
    if (changed > 1) {
        sbuf why = {0};
        for (int k = 0; k < nparts; k++)
            if (parts[k].changed)
                sb_printf(&why, "%s%s", why.n ? "; " : "", parts[k].why);
        attr_change(x, b, narrowed ? CH_BREAKING : CH_INFO, "access-changed",
                    access_text(&a->access, schema_only), access_text(&b->access, schema_only),
                    why.p);
        sb_free(&why);
    }
    for (int k = 0; k < nparts && changed == 1; k++)
        if (parts[k].changed)
            attr_change(x, b, parts[k].narrowed ? CH_BREAKING : CH_INFO, parts[k].kind,
                        xstrdup(parts[k].old_v), xstrdup(parts[k].new_v), parts[k].why);
    /* required comes from the Req cell, or from the default and the access */
    if (a->required != b->required &&
        !(u & (BIT(COL_REQUIRED) | BIT(COL_DEFAULT) | BIT(COL_ACCESS) | BIT(COL_CRUD))))
        attr_change(x, b, b->required ? CH_BREAKING : CH_INFO,
                    b->required ? "required-added" : "required-removed",
                    xstrdup(a->required ? "yes" : "no"), xstrdup(b->required ? "yes" : "no"),
                    b->required ? "create requests without it are refused"
                                : "create requests may leave it out");
    if (!(u & (BIT(COL_DEFAULT) | BIT(COL_TYPE))) &&
        (a->def.kind != b->def.kind ||
         (a->def.value && b->def.value && !json_equal(a->def.value, b->def.value))))
        attr_change(x, b, CH_WARNING, "default-changed", default_text(a), default_text(b),
                    "clients that leave it out get another value");
    if (!(u & BIT(COL_TYPE)))
        compare_members(x, a, b, schema_only);
    if (u & (BIT(COL_TYPE) | BIT(COL_VALIDATION)))
        return; /* the enum, the bounds, the length and the format */
    compare_enum(x, a, b);
    const mvalid *o = &a->valid, *n = &b->valid;
    int lo = bound_cmp(o->has_min, o->min, o->min_excl, n->has_min, n->min, n->min_excl, 1);
    int hi = bound_cmp(o->has_max, o->max, o->max_excl, n->has_max, n->max, n->max_excl, 0);
    if (lo)
        attr_change(x, b, lo > 0 ? CH_BREAKING : CH_INFO,
                    lo > 0 ? "minimum-tightened" : "minimum-loosened",
                    bound_text(o->has_min, o->min, o->min_excl, "min"),
                    bound_text(n->has_min, n->min, n->min_excl, "min"),
                    lo > 0 ? "requests with the smallest values are refused"
                           : "smaller values are accepted");
    if (hi)
        attr_change(x, b, hi > 0 ? CH_BREAKING : CH_INFO,
                    hi > 0 ? "maximum-tightened" : "maximum-loosened",
                    bound_text(o->has_max, o->max, o->max_excl, "max"),
                    bound_text(n->has_max, n->max, n->max_excl, "max"),
                    hi > 0 ? "requests with the largest values are refused"
                           : "larger values are accepted");
    if (o->max_len != n->max_len) {
        int tight = n->max_len >= 0 && (o->max_len < 0 || n->max_len < o->max_len);
        attr_change(x, b, tight ? CH_BREAKING : CH_INFO,
                    tight ? "max-length-tightened" : "max-length-loosened",
                    o->max_len >= 0 ? fmt("%ld", o->max_len) : xstrdup("none"),
                    n->max_len >= 0 ? fmt("%ld", n->max_len) : xstrdup("none"),
                    tight ? "requests with the longest values are refused"
                          : "longer values are accepted");
    }
    if (o->format != n->format) {
        static const char *const fn[] = {"none", "uuid", "ip", "ipv4", "ipv6"};
        int tight = n->format != FMT_NONE &&
                    !(o->format == FMT_IPV4 && n->format == FMT_IP) &&
                    !(o->format == FMT_IPV6 && n->format == FMT_IP);
        attr_change(x, b, tight ? CH_BREAKING : CH_INFO,
                    tight ? "format-tightened" : "format-loosened", xstrdup(fn[o->format]),
                    xstrdup(fn[n->format]),
                    tight ? "requests in the old format are refused" : "more values are accepted");
    }
}

/* ---- resource against resource ---- */

static void resource_diff(const mresource *ro, const mresource *rn, const model *mo,
                          const model *mn, int schema_only, changes *out)
{
    actx x = {out, rn->member, mn->file};
    int *renamed_old = xcalloc((size_t)ro->nattrs + 1, sizeof *renamed_old);
    int *renamed_new = xcalloc((size_t)rn->nattrs + 1, sizeof *renamed_new);
    /* renames: an attribute gone and one come, same type, same (non-empty) description */
    for (int i = 0; i < ro->nattrs; i++) {
        const mattr *a = &ro->attrs[i];
        if (mresource_attr(rn, a->name) || !a->description[0] || a->unread ||
            hidden(mn, rn->member, a->name))
            continue;
        for (int j = 0; j < rn->nattrs; j++) {
            const mattr *b = &rn->attrs[j];
            if (renamed_new[j] || mresource_attr(ro, b->name) || a->type.base != b->type.base ||
                strcmp(a->description, b->description) != 0 || b->unread ||
                hidden(mo, ro->member, b->name))
                continue;
            renamed_old[i] = renamed_new[j] = 1;
            add(out, CH_BREAKING, "attribute-renamed", rn->member, b->name, xstrdup(a->name),
                xstrdup(b->name), mn->file, b->line,
                "clients that send or read the old name break");
            break;
        }
    }
    for (int i = 0; i < ro->nattrs; i++) {
        const mattr *a = &ro->attrs[i];
        const mattr *b = mresource_attr(rn, a->name);
        if (b)
            compare_attr(&x, a, b, schema_only);
        else if (!renamed_old[i] && !hidden(mn, rn->member, a->name))
            /* where a reviewer comments on a removal: the old row */
            add(out, CH_BREAKING, "attribute-removed", rn->member, a->name, type_text(a), NULL,
                a->file ? a->file : mn->file, a->file ? a->line : rn->line,
                "clients that send or read it break");
    }
    for (int j = 0; j < rn->nattrs; j++) {
        const mattr *b = &rn->attrs[j];
        if (mresource_attr(ro, b->name) || renamed_new[j] || hidden(mo, ro->member, b->name))
            continue;
        add(out, b->required ? CH_BREAKING : CH_INFO, "attribute-added", rn->member, b->name,
            NULL, type_text(b), mn->file, b->line,
            b->required ? "it is required on create: create requests without it are refused"
                        : "an optional attribute: existing requests still pass");
    }
    free(renamed_old);
    free(renamed_new);
}

static const mresource *find_res(const model *m, const char *member)
{
    for (int k = 0; m && k < m->nres; k++)
        if (strcmp(m->res[k].member, member) == 0)
            return &m->res[k];
    return NULL;
}

static int same_op(const mop *a, const mop *b)
{
    return strcmp(a->method, b->method) == 0 && strcmp(a->path, b->path) == 0;
}

/* Whether two resources have the same attributes by name, one at least of them not one
 * every resource has (id, name, project_id, ...): two resources of only an id are not
 * one renamed. */
static int same_names(const mresource *a, const mresource *b)
{
    static const char *const common[] = {"id", "name", "description", "project_id",
                                         "tenant_id", "created_at", "updated_at", "status",
                                         NULL};
    if (a->nattrs != b->nattrs)
        return 0;
    int own = 0;
    for (int k = 0; k < a->nattrs; k++) {
        if (!mresource_attr(b, a->attrs[k].name))
            return 0;
        int is_common = 0;
        for (int c = 0; common[c]; c++)
            is_common |= strcmp(a->attrs[k].name, common[c]) == 0;
        own |= !is_common;
    }
    return own;
}

void diff_models(const model *old, const model *new_, int schema_only, changes *out)
{
    /* a resource gone and one come with the same attributes: a rename (its attributes
     * compared as well), not a removal and an addition */
    int *paired = xcalloc((size_t)new_->nres + 1, sizeof *paired);
    for (int k = 0; k < old->nres; k++) {
        const mresource *ro = &old->res[k], *rn = find_res(new_, ro->member);
        if (rn) {
            resource_diff(ro, rn, old, new_, schema_only, out);
            continue;
        }
        if (hidden(new_, ro->member, NULL))
            continue; /* perhaps in what the new side could not read */
        int j = 0;
        while (j < new_->nres && (paired[j] || find_res(old, new_->res[j].member) ||
                                  !same_names(ro, &new_->res[j])))
            j++;
        if (j < new_->nres) {
            paired[j] = 1;
            rn = &new_->res[j];
            add(out, CH_BREAKING, "resource-renamed", rn->member, NULL,
                fmt("%s (%s)", ro->member, ro->collection),
                fmt("%s (%s)", rn->member, rn->collection), new_->file, rn->line,
                "clients of the old name, its paths and its request bodies break");
            resource_diff(ro, rn, old, new_, schema_only, out);
            continue;
        }
        add(out, CH_BREAKING, "resource-removed", ro->member, NULL, xstrdup(ro->collection),
            NULL, old->file, ro->line, "clients of the resource break");
    }
    for (int k = 0; k < new_->nres; k++)
        if (!paired[k] && !find_res(old, new_->res[k].member) &&
            !hidden(old, new_->res[k].member, NULL))
            add(out, CH_INFO, "resource-added", new_->res[k].member, NULL, NULL,
                xstrdup(new_->res[k].collection), new_->file, new_->res[k].line,
                "a new resource: nothing that exists changes");
    free(paired);
    unread_parts(old, 1, out);
    unread_parts(new_, 0, out);
    if (schema_only)
        return;
    for (int k = 0; k < old->nops; k++) {
        int found = 0;
        for (int j = 0; j < new_->nops && !found; j++)
            found = same_op(&old->ops[k], &new_->ops[j]);
        if (!found && !hidden(new_, NULL, NULL))
            add(out, CH_BREAKING, "operation-removed",
                old->ops[k].resource ? old->ops[k].resource : "(none)", NULL,
                fmt("%s %s", old->ops[k].method, old->ops[k].path), NULL, old->file,
                old->ops[k].line, "clients that call it break");
    }
    for (int j = 0; j < new_->nops; j++) {
        int found = 0;
        for (int k = 0; k < old->nops && !found; k++)
            found = same_op(&old->ops[k], &new_->ops[j]);
        if (!found && !hidden(old, NULL, NULL))
            add(out, CH_INFO, "operation-added",
                new_->ops[j].resource ? new_->ops[j].resource : "(none)", NULL, NULL,
                fmt("%s %s", new_->ops[j].method, new_->ops[j].path), new_->file,
                new_->ops[j].line, "a new operation");
    }
}

void diff_whole(const model *old, const model *new_, changes *out)
{
    model empty = {0};
    empty.file = (char *)(old ? old->file : new_->file);
    diff_models(old ? old : &empty, new_ ? new_ : &empty, 0, out);
}

static int ch_cmp(const void *x, const void *y)
{
    const change *a = x, *b = y;
    if (a->cls != b->cls)
        return a->cls > b->cls ? -1 : 1;
    int c = strcmp(a->resource, b->resource);
    if (c)
        return c;
    /* the resource itself, then its attributes, then operations */
    int ra = strncmp(a->kind, "resource-", 9) == 0 ? 0 : a->attribute ? 1 : 2;
    int rb = strncmp(b->kind, "resource-", 9) == 0 ? 0 : b->attribute ? 1 : 2;
    if (ra != rb)
        return ra - rb;
    c = strcmp(a->attribute ? a->attribute : "", b->attribute ? b->attribute : "");
    if (c)
        return c;
    c = strcmp(a->kind, b->kind);
    if (c)
        return c;
    return strcmp(a->new_value ? a->new_value : "", b->new_value ? b->new_value : "");
}

void changes_sort(changes *c)
{
    if (c->n)
        qsort(c->v, (size_t)c->n, sizeof *c->v, ch_cmp);
}

void changes_free(changes *c)
{
    for (int k = 0; k < c->n; k++) {
        change *x = &c->v[k];
        free(x->resource);
        free(x->attribute);
        free(x->old_value);
        free(x->new_value);
        free(x->reason);
        free(x->file);
    }
    free(c->v);
    c->v = NULL;
    c->n = 0;
}

void changes_accept(changes *c, config *cfg, diag *d)
{
    for (int a = 0; cfg && a < cfg->naccept; a++) {
        cfg_accept *e = &cfg->accept[a];
        for (int k = 0; k < c->n; k++)
            if (strcmp(c->v[k].fingerprint, e->fingerprint) == 0) {
                c->v[k].accepted = e->reason;
                e->used = 1;
            }
        if (!e->used)
            diag_report_code(d, NULL, cfg->path, e->at_line, e->at_col, DIAG_WARNING,
                             "accepted-unused",
                             "no finding of this diff has the fingerprint %s: the change it "
                             "accepted is gone or differs now; remove the entry",
                             e->fingerprint);
    }
}
