/* Every string attrc writes into a file or onto a terminal goes through the escaper of
 * that format, here and nowhere else: a spec's titles, paths and file names come from
 * whoever opened the review, and an emitter that writes one raw can end a comment, break
 * a line inside YAML or move a terminal's cursor.
 *
 * Each function appends to `b` and never fails; the input is any bytes (`n` of them,
 * or up to the NUL): invalid UTF-8 is written as U+FFFD, or escaped where the format
 * has a way to say a byte.  Every output is valid UTF-8.  docs/reliability.md lists what
 * each one guarantees; tests/unit/test_escape.c feeds each every class of character. */
#ifndef ATTRC_ESCAPE_H
#define ATTRC_ESCAPE_H

#include "util.h"

#include <stddef.h>
#include <stdint.h>

/* A code point that a line-oriented format must not carry raw: C0 controls but tab,
 * DEL, the C1 controls (U+0085 among them), U+2028, U+2029, the bidirectional controls
 * (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069, which reorder what a reader
 * sees), U+FEFF, surrogates and the noncharacters U+FFFE and U+FFFF. */
int esc_is_unsafe(uint32_t cp);

/* A C string literal with its quotes: printable ASCII as it is, every other byte an
 * octal escape (the source stays ASCII; "?" escaped, so no trigraph). */
void esc_c_string(sbuf *b, const char *s, size_t n);
/* The text of a C block comment (no delimiters): printable ASCII as it is, other
 * characters as "\uXXXX" text, a "*" before "/" and a "/" before "*" separated by a
 * space, so the comment neither ends nor nests; no backslash at the end (no line
 * splice); "??" before a trigraph's third character as "? ?". */
void esc_c_comment(sbuf *b, const char *s);
/* Whether `s` can be the name in #include "...": 0 when it holds a character no quoted
 * header name can carry ('"', '\\', a control character, invalid UTF-8) or a trigraph
 * ("??>"), which an ISO-mode compiler would replace. */
int esc_c_header_name_ok(const char *s);

/* A YAML double-quoted scalar with its quotes (YAML 1.1 and 1.2 read the escapes
 * alike). */
void esc_yaml_quoted(sbuf *b, const char *s);
/* YAML comment lines: "# " and one line of `s` per line ("\n" separates them), unsafe
 * characters as "\uXXXX" text, since a comment has no escapes. */
void esc_yaml_comment(sbuf *b, const char *s);

/* Text for a terminal or a plain-text report: unsafe characters and ESC as "\xXX" or
 * "\uXXXX", invalid bytes as "\xXX"; everything else as it is.  Returns the display
 * columns written (wide characters count two) so that a caret can line up under it. */
size_t esc_terminal(sbuf *b, const char *s, size_t n);

/* Text for a URI: bytes outside RFC 3986's unreserved set and '/' percent-encoded. */
void esc_uri(sbuf *b, const char *s);

/* A file name in a Make-style depfile (as ninja and make read them): ' ', '#' and '\\'
 * after a backslash, '$' doubled.  Returns 0, or -1 (after writing it anyway) when `s`
 * holds a control character, which no depfile can carry. */
int esc_make_name(sbuf *b, const char *s);

/* Text of several lines for a terminal or a review comment: each line as esc_terminal
 * writes it, the "\n" between them kept. */
void esc_terminal_lines(sbuf *b, const char *s);

/* A copy of `s` that is valid UTF-8 (invalid bytes as U+FFFD), for jansson, which
 * refuses strings that are not. */
char *esc_utf8_valid(const char *s);

#endif
