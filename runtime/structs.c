/* Structures (include/attrc/attrc.h, docs/validators.md "Structures"): a body checked as a
 * tree of objects, each by its attrc_struct, without recursion.  The walk is depth-first
 * on a stack of ATTRC_STRUCT_DEPTH frames, one per object (or list of objects) between
 * the body and the value being checked: a frame stays while its children are walked, so
 * the stack is the path, and each frame keeps its own segment of it (a key, an item).
 * No JSON Pointer is built unless an error needs one (attrc_walk_pointer_). */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* An object of s, or a list of them, being walked. */
typedef struct frame {
    const json_t *v;
    const attrc_struct *s;
    int list;      /* v is a list of objects of s: item `next` is walked next */
    size_t next;
    void *it;      /* an object: its next key (jansson's iterator); NULL at the end */
    unsigned long long seen; /* an object: the members (of the first 64) met so far */
    /* its segment below the frame before it: a key (NULL: none) and an item (-1) */
    const char *key;
    size_t klen;
    long item;
} frame;

struct attrc_walk {
    const char *base; /* the pointer the walk starts under ("" or NULL: none) */
    int n;
    frame f[ATTRC_STRUCT_DEPTH];
};

static void put_segment(char *out, size_t *o, size_t cap, const char *s, size_t len, long item)
{
    if (s)
        attrc_pointer_append_(out, o, cap, s, len);
    if (item >= 0) {
        char idx[24];
        int k = snprintf(idx, sizeof idx, "%ld", item);
        attrc_pointer_append_(out, o, cap, idx, (size_t)k);
    }
}

const char *attrc_walk_pointer_(const struct attrc_walk *w, char *out, size_t cap)
{
    size_t o = 0;
    out[0] = 0;
    if (w->base && *w->base) {
        size_t n = strlen(w->base);
        if (n >= cap)
            n = cap - 1;
        memcpy(out, w->base, n);
        out[n] = 0;
        o = n;
    }
    for (int k = 0; k < w->n; k++)
        put_segment(out, &o, cap, w->f[k].key, w->f[k].klen, w->f[k].item);
    return out;
}

static int abi_ok(const attrc_struct *s) { return attrc_abi_ok_(s); }

const attrc_struct *attrc_find_struct(const attrc_struct *const *registry, const char *name)
{
    for (size_t k = 0; registry && registry[k]; k++)
        if (abi_ok(registry[k]) && strcmp(registry[k]->name, name) == 0)
            return registry[k];
    return NULL;
}

static int find_member(const attrc_struct *s, const char *key, size_t len)
{
    if (s->lookup)
        return s->lookup(key, len);
    for (size_t k = 0; k < s->nmembers; k++)
        if (strlen(s->members[k].name) == len && memcmp(s->members[k].name, key, len) == 0)
            return (int)k;
    return -1;
}

/* Pushes v (an object of s, or a list of them) at segment key/item; past the stack's end,
 * body-too-deep at it. */
static void push(attrc_ctx *c, const json_t *v, const attrc_struct *s, int list,
                 const char *key, size_t klen, long item)
{
    struct attrc_walk *w = c->walk;
    if (w->n == ATTRC_STRUCT_DEPTH) {
        char at[ATTRC_POINTER_MAX];
        c->failed = 1;
        attrc_add_error_at_(c->report, ATTRC_E_BODY_TOO_DEEP,
                            attrc_walk_pointer_(w, at, sizeof at), key, klen, item, NULL,
                            "objects nested too deep to be checked");
        return;
    }
    frame *f = &w->f[w->n++];
    f->v = v;
    f->s = s;
    f->list = list;
    f->next = 0;
    f->it = list ? NULL : json_object_iter((json_t *)v);
    f->seen = 0;
    f->key = key;
    f->klen = klen;
    f->item = item;
}

/* The message of a list shorter than its least length, into msg (64 bytes). */
static const char *too_few(char *msg, size_t min_items)
{
    snprintf(msg, 64, "must hold at least %zu item%s", min_items, min_items == 1 ? "" : "s");
    return msg;
}

/* An error at member `key` (item `item`, or -1) of the object on top of the walk. */
static void member_error(attrc_ctx *c, attrc_code code, const char *key, size_t len, long item,
                         const char *message)
{
    char at[ATTRC_POINTER_MAX];
    c->failed = 1;
    attrc_add_error_at_(c->report, code, attrc_walk_pointer_(c->walk, at, sizeof at), key, len,
                        item, NULL, message);
}

/* A member's value (one item of a list, `item` >= 0): an object of m->of is pushed (and
 * walked next), anything else is checked now by m->check.  Returns 1 when it pushed. */
static int member_value(attrc_ctx *c, const attrc_member *m, const char *key, size_t len,
                        const json_t *v, long item)
{
    if (m->of && !json_is_object(v)) {
        member_error(c, ATTRC_E_TYPE, key, len, item, "must be an object");
        return 0;
    }
    if (m->of) {
        push(c, v, m->of, 0, key, len, item);
        return 1;
    }
    if (m->check) {
        c->name = key;
        c->name_len = len;
        c->item = item;
        m->check(c, v);
        c->item = -1;
    }
    return 0;
}

/* The next step of the object on top (f, the walk's last frame): its keys, one at a time,
 * until one pushes a child; at the end, its required members, and it is popped. */
static void step_object(attrc_ctx *c, frame *f)
{
    const attrc_struct *s = f->s;
    struct attrc_walk *w = c->walk;
    int depth = w->n;
    while (f->it) {
        void *it = f->it;
        f->it = json_object_iter_next((json_t *)f->v, it);
        const char *key = json_object_iter_key(it);
        size_t len = json_object_iter_key_len(it);
        const json_t *v = json_object_iter_value(it);
        int idx = find_member(s, key, len);
        if (idx < 0) {
            if (!s->free_form) {
                char m[128];
                snprintf(m, sizeof m, "is not a member of %.80s", s->name);
                member_error(c, ATTRC_E_UNKNOWN, key, len, -1, m);
            }
            continue;
        }
        const attrc_member *m = &s->members[idx];
        if (idx < 64)
            f->seen |= 1ull << idx;
        /* a member whose access is its own: the check says whether the caller may write
         * it (a whole value: an object, a list of them, or null); a null of a nullable
         * member is then checked no further */
        int null = (m->flags & ATTRC_NULLABLE) && json_is_null(v);
        if (m->check && (m->of || null)) {
            c->name = key;
            c->name_len = len;
            c->item = -1;
            m->check(c, v);
        }
        if (null)
            continue;
        if (!(m->flags & ATTRC_LIST)) {
            if (member_value(c, m, key, len, v, -1))
                return; /* the child first; this object's next key after it */
            continue;
        }
        if (!json_is_array(v)) {
            member_error(c, ATTRC_E_TYPE, key, len, -1, "must be a list");
            continue;
        }
        if (json_array_size(v) < m->min_items) {
            char msg[64];
            member_error(c, ATTRC_E_MIN_ITEMS, key, len, -1, too_few(msg, m->min_items));
        }
        if (m->of) { /* one frame for the whole list, its items walked in turn */
            push(c, v, m->of, 1, key, len, -1);
            if (w->n > depth)
                return;
            continue;
        }
        for (size_t i = 0; i < json_array_size(v); i++) {
            member_value(c, m, key, len, json_array_get(v, i), (long)i);
            if (c->report->count == ATTRC_REPORT_MAX)
                break; /* the report is full: the rest of a long list changes nothing */
        }
    }
    for (size_t k = 0; k < s->nmembers; k++) {
        const attrc_member *m = &s->members[k];
        if ((m->flags & ATTRC_REQUIRED) &&
            (k < 64 ? !(f->seen & (1ull << k)) : !json_object_get(f->v, m->name)))
            member_error(c, ATTRC_E_REQUIRED, m->name, strlen(m->name), -1, "is required");
    }
    w->n--;
}

/* Walks what is on w's stack until it is empty (or the report is full of a body already
 * invalid). */
static void run(attrc_ctx *c, struct attrc_walk *w)
{
    attrc_report *report = c->report;
    while (w->n > 0 && !(c->failed && report->count == ATTRC_REPORT_MAX)) {
        frame *f = &w->f[w->n - 1];
        if (!f->list) {
            step_object(c, f);
            continue;
        }
        if (f->next >= json_array_size(f->v)) {
            w->n--;
            continue;
        }
        /* the next item of the list: an object pushed above it */
        size_t i = f->next++;
        const json_t *item = json_array_get(f->v, i);
        if (!json_is_object(item)) {
            char at[ATTRC_POINTER_MAX];
            c->failed = 1;
            attrc_add_error_at_(report, ATTRC_E_TYPE, attrc_walk_pointer_(w, at, sizeof at),
                                NULL, 0, (long)i, NULL, "must be an object");
            continue;
        }
        push(c, item, f->s, 0, NULL, 0, (long)i);
    }
    c->name = NULL;
    c->name_len = 0;
}

int attrc_validate_struct(const attrc_struct *s, const json_t *body, attrc_report *report)
{
    if (!abi_ok(s)) {
        attrc_abi_error_(report, s, "structure");
        return -1;
    }
    struct attrc_walk w;
    attrc_ctx c = {report, NULL, 0, -1, 0, NULL, {NULL, 0}, NULL, &w, 0, NULL,
                   NULL, 0, 0, 0, NULL, NULL};
    if (!json_is_object(body)) {
        attrc_add_error_(report, ATTRC_E_BODY, NULL, 0, -1, NULL, "the body must be an object");
        return -1;
    }
    w.base = NULL;
    w.n = 0;
    push(&c, body, s, 0, NULL, 0, -1);
    run(&c, &w);
    return c.failed ? -1 : 0;
}

int attrc_check_struct(attrc_ctx *c, const json_t *v, const attrc_struct *s, unsigned flags,
                       size_t min_items)
{
    if (!abi_ok(s)) {
        attrc_abi_error_(c->report, s, "structure");
        c->failed = 1;
        return 0;
    }
    int list = (flags & ATTRC_LIST) != 0;
    if (list ? !json_is_array(v) : !json_is_object(v))
        return 1; /* the type check said so already */
    int before = c->failed;
    c->failed = 0;
    if (list && json_array_size(v) < min_items) {
        char msg[64];
        attrc_fail_(c, ATTRC_E_MIN_ITEMS, too_few(msg, min_items));
    }
    /* the walk starts at the value's own pointer: the attribute's (an item's), under
     * the prefix the checks are under */
    struct attrc_walk w;
    struct attrc_walk *outer = c->walk;
    const char *prefix = c->prefix, *name = c->name;
    size_t name_len = c->name_len;
    long item = c->item;
    char base[ATTRC_POINTER_MAX];
    w.base = outer ? attrc_walk_pointer_(outer, base, sizeof base) : prefix;
    w.n = 0;
    c->walk = &w;
    push(c, v, s, list, name, name_len, item);
    run(c, &w);
    int ok = !c->failed;
    c->walk = outer;
    c->prefix = prefix;
    c->name = name;
    c->name_len = name_len;
    c->item = item;
    c->failed |= before;
    return ok;
}
