/* attrc.yaml: the optional project configuration (docs/spec-format.md), read with
 * libyaml.  Problems are reported at the configuration's own line and column. */
#ifndef ATTRC_CONFIG_H
#define ATTRC_CONFIG_H

#include "cells.h"
#include "diag.h"

#include <jansson.h>

/* What the schemas and validators accept: exactly the spec's types (strict, the
 * default), or what Neutron's API layer (neutron-lib) accepts for them, converted to the
 * canonical value (docs/validators.md "The Neutron dialect"). */
typedef enum { DIALECT_STRICT, DIALECT_NEUTRON } dialect;

/* "strict" or "neutron". */
const char *dialect_name(dialect d);
/* The dialect named `s`: 0, or -1 when it names none. */
int dialect_parse(const char *s, dialect *out);

/* A table bound to resources by the configuration. */
typedef struct cfg_binding {
    char *spec;        /* a file name the binding is for (its last path part), or NULL */
    int table;         /* the N-th attribute table of the spec (1-based), or 0 */
    int line;          /* the table's first line, or 0 */
    char *title;       /* the table's title, or NULL */
    char **member;     /* the resources: member names ... */
    char **collection; /* ... and collection names (NULL: the member's plural) */
    int nres;
    int extends;       /* 1: the resources exist already and the table adds to them; 0:
                        * it defines them; -1: not said (the text and `core` decide) */
    int at_line, at_col; /* where the binding is in the configuration */
    int used;
} cfg_binding;

/* A base resource's schema, for the extensions of it (`bases:`). */
typedef struct cfg_base {
    char *member;
    char *schema;        /* the path as written, relative to the configuration's folder */
    char *path;          /* the path to open */
    int at_line, at_col; /* where it is in the configuration */
} cfg_base;

/* A finding of attrc diff that the project accepts (`accept:`). */
typedef struct cfg_accept {
    char *fingerprint; /* 16 hexadecimal digits, as diff prints them */
    char *reason;
    int at_line, at_col;
    int used;
} cfg_accept;

/* A dict attrc.yaml says what it holds (`dicts:`): an attribute, or a member, by its path
 * (RESOURCE.ATTRIBUTE[.MEMBER...] or STRUCTURE.MEMBER...), and a text read as a dict's
 * Validation cell is (nested.c: members, "free-form" or "no keys"). */
typedef struct cfg_dict {
    char *path;
    char *says;
    int at_line, at_col; /* where the text is in the configuration */
} cfg_dict;

typedef struct config {
    char *path; /* NULL: no configuration */
    char *section;
    type_alias *aliases;
    int naliases;
    cfg_binding *bind;
    int nbind;
    json_t *policy_base; /* object: rule name -> check string; NULL: the defaults */
    char **core; /* the existing resources tables add to (members) */
    int ncore;
    int has_core; /* `core:` given (an empty list too); else Neutron's */
    cfg_base *bases;
    int nbases;
    cfg_accept *accept;
    int naccept;
    cfg_dict *dicts;
    int ndicts;
    dialect dialect; /* `dialect:`, where has_dialect */
    int has_dialect;
} config;

/* The largest attrc.yaml read, in bytes. */
#define ATTRC_MAX_CONFIG (1 << 20)

/* Loads `path` (a regular file of at most ATTRC_MAX_CONFIG bytes).  Returns 0, or -1 with diagnostics (the config is then empty). */
int config_load(config *c, const char *path, diag *d);
/* The same from `n` bytes of text, `path` naming it in diagnostics. */
int config_load_text(config *c, const char *path, const char *text, size_t n, diag *d);
void config_free(config *c);

/* The configuration beside a spec: "attrc.yaml" in its folder, if there is one (a newly
 * allocated path, or NULL). */
char *config_beside(const char *spec_path);

#endif
