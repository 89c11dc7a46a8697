/* Structures (include/attrc/attrc.h, docs/validators.md "Structures"): a body checked as a
 * tree of objects, each by its attrc_struct, without recursion.  An object's members are
 * checked when it is walked; the objects inside it (a member of a structure, or a list
 * of them) wait on a stack of ATTRC_STRUCT_DEPTH frames, each with its JSON Pointer, and
 * are walked after it, the last pushed first. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* An object, or a list of objects, waiting to be walked. */
typedef struct frame {
    const json_t *v;
    const attrc_struct *s;
    int list;    /* v is a list of objects of s: item `next` is walked next */
    size_t next;
    char ptr[ATTRC_POINTER_MAX]; /* v's pointer ("" for the body) */
    size_t plen;
} frame;

struct attrc_walk {
    frame f[ATTRC_STRUCT_DEPTH];
    int n;
};

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

/* Pushes v (an object of s, or a list of them) with the pointer of `parent` and the
 * segments `name` and `item` (-1: none); past the stack's end, body-too-deep at it. */
static void push(attrc_ctx *c, const json_t *v, const attrc_struct *s, int list,
                 const frame *parent, const char *name, size_t len, long item)
{
    struct attrc_walk *w = c->walk;
    if (w->n == ATTRC_STRUCT_DEPTH) {
        c->failed = 1;
        attrc_add_error_at_(c->report, ATTRC_E_BODY_TOO_DEEP, parent->ptr, name, len, item,
                            NULL, "objects nested too deep to be checked");
        return;
    }
    frame *f = &w->f[w->n++];
    f->v = v;
    f->s = s;
    f->list = list;
    f->next = 0;
    memcpy(f->ptr, parent->ptr, parent->plen + 1);
    f->plen = parent->plen;
    attrc_pointer_append_(f->ptr, &f->plen, sizeof f->ptr, name, len);
    if (item >= 0) {
        char idx[24];
        int n = snprintf(idx, sizeof idx, "%ld", item);
        attrc_pointer_append_(f->ptr, &f->plen, sizeof f->ptr, idx, (size_t)n);
    }
}

/* A member's value (one item of a list, `item` >= 0): an object of m->of waits on the
 * stack, anything else is checked now by m->check. */
static void member_value(attrc_ctx *c, const frame *f, const attrc_member *m, const char *key,
                         size_t len, const json_t *v, long item)
{
    c->item = item;
    if (m->of && !json_is_object(v)) {
        attrc_add_error_at_(c->report, ATTRC_E_TYPE, f->ptr, key, len, item, NULL,
                            "must be an object");
        c->failed = 1;
    } else if (m->of) {
        push(c, v, m->of, 0, f, key, len, item);
    } else if (m->check) {
        m->check(c, v);
    }
    c->item = -1;
}

/* Walks the object obj of f->s (f's pointer is obj's): every key, then the required
 * members. */
static void walk_object(attrc_ctx *c, const frame *f, const json_t *obj)
{
    const attrc_struct *s = f->s;
    c->prefix = f->ptr;
    for (void *it = json_object_iter((json_t *)obj); it;
         it = json_object_iter_next((json_t *)obj, it)) {
        const char *key = json_object_iter_key(it);
        size_t len = json_object_iter_key_len(it);
        const json_t *v = json_object_iter_value(it);
        c->name = key;
        c->name_len = len;
        int idx = find_member(s, key, len);
        if (idx < 0) {
            if (!s->free_form) {
                char m[128];
                snprintf(m, sizeof m, "is not a member of %.80s", s->name);
                attrc_add_error_at_(c->report, ATTRC_E_UNKNOWN, f->ptr, key, len, -1, NULL, m);
                c->failed = 1;
            }
            continue;
        }
        const attrc_member *m = &s->members[idx];
        if (!(m->flags & ATTRC_LIST)) {
            member_value(c, f, m, key, len, v, -1);
            continue;
        }
        if (!json_is_array(v)) {
            attrc_add_error_at_(c->report, ATTRC_E_TYPE, f->ptr, key, len, -1, NULL,
                                "must be a list");
            c->failed = 1;
            continue;
        }
        if (json_array_size(v) < m->min_items) {
            char msg[64];
            snprintf(msg, sizeof msg, "must hold at least %zu item%s", m->min_items,
                     m->min_items == 1 ? "" : "s");
            attrc_add_error_at_(c->report, ATTRC_E_MIN_ITEMS, f->ptr, key, len, -1, NULL, msg);
            c->failed = 1;
        }
        if (m->of) { /* one frame for the whole list, not one an item */
            push(c, v, m->of, 1, f, key, len, -1);
            continue;
        }
        for (size_t i = 0; i < json_array_size(v); i++) {
            member_value(c, f, m, key, len, json_array_get(v, i), (long)i);
            if (c->report->count == ATTRC_REPORT_MAX)
                break; /* the report is full: the rest of a long list changes nothing */
        }
    }
    for (size_t k = 0; k < s->nmembers; k++) {
        const attrc_member *m = &s->members[k];
        if ((m->flags & ATTRC_REQUIRED) && !json_object_get(obj, m->name)) {
            attrc_add_error_at_(c->report, ATTRC_E_REQUIRED, f->ptr, m->name,
                                strlen(m->name), -1, NULL, "is required");
            c->failed = 1;
        }
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
    attrc_ctx c = {report, NULL, 0, -1, 0, NULL, {NULL, 0}, NULL, &w, NULL, 0, 0, 0, NULL, NULL};
    if (!json_is_object(body)) {
        attrc_add_error_(report, ATTRC_E_BODY, NULL, 0, -1, NULL, "the body must be an object");
        return -1;
    }
    w.n = 1;
    w.f[0] = (frame){body, s, 0, 0, "", 0};
    /* (once invalid with a full report, the rest of the body changes nothing) */
    while (w.n > 0 && !(c.failed && report->count == ATTRC_REPORT_MAX)) {
        frame *f = &w.f[w.n - 1];
        if (!f->list) {
            frame here = *f; /* its children go on the stack where it was */
            w.n--;
            walk_object(&c, &here, here.v);
            continue;
        }
        if (f->next >= json_array_size(f->v)) {
            w.n--;
            continue;
        }
        /* the next item of the list: walked now, the list staying for the rest */
        size_t i = f->next++;
        const json_t *item = json_array_get(f->v, i);
        frame here = *f;
        here.list = 0;
        char idx[24];
        int n = snprintf(idx, sizeof idx, "%zu", i);
        attrc_pointer_append_(here.ptr, &here.plen, sizeof here.ptr, idx, (size_t)n);
        if (!json_is_object(item)) {
            attrc_add_error_at_(report, ATTRC_E_TYPE, here.ptr, NULL, 0, -1, NULL,
                                "must be an object");
            c.failed = 1;
            continue;
        }
        walk_object(&c, &here, item);
    }
    return c.failed ? -1 : 0;
}
