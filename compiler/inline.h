/* Inline markup, read as docutils' Inliner reads it, reduced to the text that astext()
 * gives: ``literal``, *emphasis*, **strong**, `interpreted`, :role:`text`, `text <url>`_,
 * name_, [1]_, _`target` and |substitution| lose their delimiters; backslash escapes are
 * resolved; a start-string without its end-string stays as written, as does a role that
 * docutils would not know. */
#ifndef ATTRC_INLINE_H
#define ATTRC_INLINE_H

#include "util.h"

/* Appends the astext() of the inline text s[0..n) (lines joined by "\n") to out. */
void inline_astext(sbuf *out, const char *s, size_t n);

/* The field-marker test shared by field lists and directive options: returns the length
 * of ":name: " at the start of s (name in [*name_start, *name_end)), or 0. */
size_t field_marker(const char *s, size_t n, size_t *name_start, size_t *name_end);

/* docutils' simplename at s: returns its length (0 when none). */
size_t simplename_len(const char *s, size_t n);

#endif
