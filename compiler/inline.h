/* Inline markup, read as docutils' Inliner reads it, reduced to the text that astext()
 * gives: ``literal``, *emphasis*, **strong**, `interpreted`, :role:`text`, `text <url>`_,
 * name_, [1]_, _`target` and |substitution| lose their delimiters; backslash escapes are
 * resolved; a start-string without its end-string stays as written, as does a role that
 * docutils would not know. */
#ifndef ATTRC_INLINE_H
#define ATTRC_INLINE_H

#include "util.h"

/* The document's targets, which decide how references read: docutils shows a
 * reference that resolves as its text and one that dangles as written ("name_"). */
typedef enum { REF_NAME, REF_IMPLICIT, REF_FOOTNOTE, REF_CITATION, REF_SUBST } ref_kind;

typedef struct refset refset;
refset *refset_new(void);
void refset_free(refset *r);
/* Adds a name (normalised as docutils' normalize_name: whitespace collapsed, lower
 * case); `text` is a substitution's replacement. */
void refset_add(refset *r, ref_kind k, const char *name, size_t n, const char *text);

typedef struct inline_ctx {
    refset *refs;    /* targets of the document; NULL when it has none */
    int collect;     /* pre-pass: record inline targets, count anonymous references */
    int anon_refs;   /* anonymous references seen while collecting */
    int anon_ok;     /* anonymous references resolve (as many as anonymous targets) */
    int refs_seen;   /* a reference whose text depends on the document's targets was read */
} inline_ctx;

/* Appends the astext() of the inline text s[0..n) (lines joined by "\n") to out. */
void inline_astext(sbuf *out, const char *s, size_t n, inline_ctx *cx);

/* The field-marker test shared by field lists and directive options: returns the length
 * of ":name: " at the start of s (name in [*name_start, *name_end)), or 0. */
size_t field_marker(const char *s, size_t n, size_t *name_start, size_t *name_end);

/* docutils' simplename at s: returns its length (0 when none). */
size_t simplename_len(const char *s, size_t n);

#endif
