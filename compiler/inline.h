/* Inline markup, read as docutils' Inliner reads it, reduced to the text that astext()
 * gives: ``literal``, *emphasis*, **strong**, `interpreted`, :role:`text`, `text <url>`_,
 * name_, [1]_, _`target` and |substitution| lose their delimiters; footnote references
 * ([#]_, [#label]_, [*]_) read as the numbers and symbols docutils gives them; backslash
 * escapes are resolved; a start-string without its end-string stays as written, as does
 * a role that docutils would not know. */
#ifndef ATTRC_INLINE_H
#define ATTRC_INLINE_H

#include "util.h"

/* The document's targets, which decide how references read: docutils shows a
 * reference that resolves as its text and one that dangles as written ("name_").
 * Explicit targets, footnotes and citations share one namespace (REF_NAME), as in
 * docutils' nameids; section titles are implicit targets (REF_IMPLICIT). */
typedef enum { REF_NAME, REF_IMPLICIT, REF_SUBST } ref_kind;

typedef struct refset refset;
refset *refset_new(void);
void refset_free(refset *r);
/* Adds a name (normalised as docutils' normalize_name: whitespace collapsed, lower
 * case); `text` is a substitution's replacement or a target's URI. */
void refset_add(refset *r, ref_kind k, const char *name, size_t n, const char *text);

/* Footnotes and the references to them are counted in document order: the n-th
 * auto-numbered footnote ("[#]", "[#label]"), the n-th reference to one ("[#]_",
 * "[#label]_"), and the same for auto-symbol footnotes ("[*]", "[*]_"). */
typedef struct notecount {
    size_t autodefs, autorefs, symdefs, symrefs;
} notecount;

/* Auto-symbol footnotes past this many get no symbol, and references to them stay as
 * written: docutils' n-th symbol is n/10 + 1 characters long, which would make the text
 * grow as the square of the document. */
#define INLINE_MAX_SYMBOLS 1000

typedef struct inline_ctx {
    refset *refs;    /* targets of the document; NULL when it has none */
    int collect;     /* pre-pass: record targets and footnotes, count anonymous references */
    int anon_refs;   /* anonymous references seen while collecting */
    int anon_ok;     /* anonymous references resolve (as many as anonymous targets) */
    int refs_seen;   /* a reference whose text depends on the document's targets was read */
    int subst_bad;   /* something docutils refuses in a substitution definition was read: a
                      * footnote or citation reference, an anonymous reference, an inline
                      * target, a reference with an embedded URI */
    notecount notes; /* footnotes and references read so far */
} inline_ctx;

/* Once the pre-pass has read the whole document: numbers its footnotes as docutils'
 * Footnotes transform does, so that references and footnotes read next show their
 * numbers and symbols. */
void refset_number(refset *r);

/* A footnote or citation ".. [label]" (label as written: digits, "#", "#name", "*" or a
 * citation's name), in document order: counted, recorded while collecting, and the text
 * of its label as docutils shows it (its number or symbol, once numbered) appended to
 * out when out is not NULL. */
void inline_footnote(sbuf *out, const char *label, size_t n, inline_ctx *cx);

/* Appends the astext() of the inline text s[0..n) (lines joined by "\n") to out. */
void inline_astext(sbuf *out, const char *s, size_t n, inline_ctx *cx);

/* The field-marker test shared by field lists and directive options: returns the length
 * of ":name: " at the start of s (name in [*name_start, *name_end)), or 0. */
size_t field_marker(const char *s, size_t n, size_t *name_start, size_t *name_end);

/* docutils' simplename at s: returns its length (0 when none). */
size_t simplename_len(const char *s, size_t n);

#endif
