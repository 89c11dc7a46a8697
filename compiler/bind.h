/* What the text around a table says about the resource it describes: English plurals,
 * the resource a path names, and the names a title, heading or lead-in gives
 * (docs/spec-format.md "Which resource").  Pure functions of text; the model decides
 * which text to ask, in which order, and what to report. */
#ifndef ATTRC_BIND_H
#define ATTRC_BIND_H

#include <stddef.h>

/* English plural and singular, as Neutron forms collection and member names.  New
 * strings. */
char *plural_of(const char *member);
char *singular_of(const char *collection);

/* Resources named by a text: member and collection, each a new string the list owns. */
typedef struct named {
    char *member[8], *collection[8];
    int n;
} named;

void named_free(named *nm);
/* Takes ownership of both strings; a ninth name is dropped. */
void named_add(named *nm, char *member, char *collection);

/* The next "/"-separated segment of p[0..n) from *i: returns its start and sets *len,
 * or NULL at the end. */
const char *next_segment(const char *p, size_t n, size_t *i, size_t *len);

/* Adds the resource a path p[0..n) names (its last segment that is neither a parameter
 * nor a version); returns 0 when it names none. */
int path_resource(const char *p, size_t n, named *nm);

/* Adds the resources `text` names (a title, heading, term or paragraph); `strict` for a
 * paragraph, which must say what it names.  Returns 0 when it names none. */
int names_resources(const char *text, int strict, named *nm);

#endif
