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

/* Adds an error to `r` (or counts it when `r` is full) at the JSON Pointer made of the
 * attribute `name` (`len` bytes, or NULL for the whole body), the item `item` (or -1) and
 * the key `key` (or NULL); `message` is cut to fit. */
ATTRC_HIDDEN void attrc_add_error_(attrc_report *r, attrc_code code, const char *name,
                                   size_t len, long item, const char *key,
                                   const char *message);

/* How many of the `n` bytes at `s` are UTF-8 from the start: n when they all are. */
ATTRC_HIDDEN size_t attrc_utf8_prefix_(const char *s, size_t n);

#endif
