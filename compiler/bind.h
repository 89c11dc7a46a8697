/* What the text around a table says about the resource it describes: English plurals,
 * the resource a path names, and the names a title, heading or lead-in gives
 * (docs/spec-format.md "Which resource").  Pure functions of text; the model decides
 * which text to ask, in which order, and what to report. */
#ifndef ATTRC_BIND_H
#define ATTRC_BIND_H

#include "util.h"

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

/* Adds a resource by a name that may be a member or a collection: "gizmos" names member
 * gizmo, collection gizmos; "gizmo" the same. */
void named_noun(named *nm, const char *name);

/* The next "/"-separated segment of p[0..n) from *i: returns its start and sets *len,
 * or NULL at the end. */
const char *next_segment(const char *p, size_t n, size_t *i, size_t *len);

/* Whether a path segment seg[0..len) is a parameter ({id}, <id>, :id) or a version
 * (v2, v2.0), which name no resource. */
int path_param(const char *seg, size_t len);
/* Appends a path segment as a name: lower case, "-" as "_". */
void path_name(sbuf *b, const char *seg, size_t len);

/* Adds the resource a path p[0..n) names (its last segment that is neither a parameter
 * nor a version); returns 0 when it names none. */
int path_resource(const char *p, size_t n, named *nm);

/* Adds the resources `text` names (a title, heading, term or paragraph); `strict` for a
 * paragraph, which must say what it names.  Returns 0 when it names none. */
int names_resources(const char *text, int strict, named *nm);

/* Adds the one resource among names[0..n) that `text` mentions, in either number and
 * however it is spelt ("floating IPs" is floatingip); 0 when it mentions none or more
 * than one. */
int mentions(const char *text, const char *const *names, int n, named *nm);

/* Whether the last sentence of `text` says that what follows adds to a resource that
 * exists already: a word such as existing, current, extends, additional or already,
 * "added to the ..." (not "... the API"), "added" or "new" beside attribute(s), field(s),
 * property(ies), column(s) or key(s), "now has" / "also has"; and no negation (not, no,
 * ...) and no "new ... resource" in it. */
int says_extends(const char *text);

#endif
