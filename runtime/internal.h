/* What the files of libattrc share that is not part of its API (include/attrc/attrc.h).
 * Hidden from the shared library's symbols where the compiler can say so (the library is
 * built with hidden visibility too: only ATTRC_API is exported). */
#ifndef ATTRC_INTERNAL_H
#define ATTRC_INTERNAL_H

#include <attrc/attrc.h>

#if defined(__GNUC__) && !defined(_WIN32)
#define ATTRC_HIDDEN __attribute__((visibility("hidden")))
#else
#define ATTRC_HIDDEN
#endif

/* The bytes of a string value; jansson gives them through two calls into the library. */
typedef struct str {
    const char *s;
    size_t n;
} str;

struct attrc_ctx {
    attrc_report *report;
    const char *name; /* the attribute (or member) being checked */
    size_t name_len;
    long item;        /* the item of an array being checked, or -1 */
    int failed;
    /* the string attrc_check_type last passed, and its bytes: the checks after it are
     * given the same value, and read them here rather than from jansson again */
    const json_t *seen;
    str seen_str;
    /* the JSON Pointer every error's pointer starts with (NULL: none); inside a walk of
     * structures (structs.c, walk not NULL), the walk's path instead, built only for an
     * error (attrc_ctx_prefix_) */
    const char *prefix;
    struct attrc_walk *walk;
    /* what attrc_validate checks for (attrc_check_access); caller NULL outside it
     * (attrc_validate_struct knows no caller) */
    unsigned need; /* ATTRC_POST or ATTRC_PUT */
    const attrc_caller *caller;
    /* the Neutron dialect (neutron.c): the value the last conversion read, and the
     * integer it converts to, which the checks after it look at; the conversions found on
     * the check pass (pending), and on the apply pass (apply) the attributes and the
     * iterator at the value to replace */
    const json_t *conv_of;
    json_int_t conv_int;
    int pending, apply;
    json_t *obj;
    void *iter;
};

/* Adds an error at the value being checked (the current attribute, item, structure)
 * and marks the validation failed; returns 0. */
ATTRC_HIDDEN int attrc_fail_(attrc_ctx *c, attrc_code code, const char *message);

/* The pointer of the object a walk of structures is at (the segments of its stack, under
 * its base), written into out (cap bytes, cut with "..." when longer); returns out. */
ATTRC_HIDDEN const char *attrc_walk_pointer_(const struct attrc_walk *w, char *out,
                                             size_t cap);

/* The pointer the current errors of c go under: c->prefix, or the walk's path (into
 * buf, ATTRC_POINTER_MAX bytes). */
static inline const char *attrc_ctx_prefix_(const attrc_ctx *c, char *buf)
{
    return c->walk ? attrc_walk_pointer_(c->walk, buf, ATTRC_POINTER_MAX) : c->prefix;
}

/* Adds an error to `r` (or counts it when `r` is full) at the JSON Pointer made of the
 * attribute `name` (`len` bytes, or NULL for the whole body), the item `item` (or -1) and
 * the key `key` (or NULL); `message` is cut to fit. */
ATTRC_HIDDEN void attrc_add_error_(attrc_report *r, attrc_code code, const char *name,
                                   size_t len, long item, const char *key,
                                   const char *message);
/* The same under `prefix`, a JSON Pointer already escaped ("/a/0"; NULL or "": none). */
ATTRC_HIDDEN void attrc_add_error_at_(attrc_report *r, attrc_code code, const char *prefix,
                                      const char *name, size_t len, long item,
                                      const char *key, const char *message);
/* Whether a generated table (an attrc_resource or an attrc_struct, whose first field is
 * `abi` in every layout: the one field read before this says yes) is of an ABI this
 * library reads; and the abi-mismatch error of one that is not (`what`: "resource",
 * "structure", named when the table is NULL). */
ATTRC_HIDDEN int attrc_abi_ok_(const void *table);
ATTRC_HIDDEN void attrc_abi_error_(attrc_report *r, const void *table, const char *what);
/* Appends to `out` (o bytes of cap used) the pointer segment of `s` ("/" and its bytes,
 * "~" as "~0", "/" as "~1"); 0 when it did not fit (out then ends with "..."). */
ATTRC_HIDDEN int attrc_pointer_append_(char *out, size_t *o, size_t cap, const char *s,
                                       size_t len);

/* How many of the `n` bytes at `s` are UTF-8 from the start: n when they all are. */
ATTRC_HIDDEN size_t attrc_utf8_prefix_(const char *s, size_t n);

#endif
