/* attrc diff: the changes between two models of a spec, each classified as breaking,
 * warning or info by the rules of docs/diff.md. */
#ifndef ATTRC_DIFF_H
#define ATTRC_DIFF_H

#include "config.h"
#include "diag.h"
#include "model.h"

#include <jansson.h>

typedef enum { CH_INFO, CH_WARNING, CH_BREAKING } change_class;

const char *change_class_name(change_class c);

typedef struct change {
    change_class cls;
    const char *kind;  /* the rule: "attribute-removed", "enum-values-removed", ... */
    char *resource;
    char *attribute;   /* NULL for a resource or an operation */
    char *old_value, *new_value; /* the cells or values, as text; NULL when none */
    char *reason;
    char *file;        /* where to show it: the NEW spec (the OLD one, and the old row,
                        * for a removal), and its line */
    int line;
    /* 16 hexadecimal digits from kind, resource, attribute and the two values: the same
     * for the same finding whatever else changes around it (lines, files, revisions) */
    char fingerprint[17];
    const char *accepted; /* the reason attrc.yaml gives for accepting it, or NULL */
} change;

typedef struct changes {
    change *v;
    int n;
} changes;

/* Compares the models of one spec.  `schema_only`: the models were read from JSON
 * Schemas, which say nothing of who may see an attribute or of operations. */
void diff_models(const model *old, const model *new_, int schema_only, changes *out);

/* All of a spec's resources added (old NULL) or removed (new NULL). */
void diff_whole(const model *old, const model *new_, changes *out);

void changes_sort(changes *c); /* breaking first, then by resource, attribute, kind */

/* Marks the changes that `accept:` in `cfg` lists by fingerprint as accepted; an entry
 * that matches none is a warning at its line (accepted-unused).  NULL cfg: none. */
void changes_accept(changes *c, config *cfg, diag *d);
void changes_free(changes *c);

/* The outputs (diff_out.c).  `strip`: for the review systems, the "REV:" prefixes of the
 * two sides' names (NULL where a side is not a git revision), which they do not want. */
char *changes_text(const changes *c, const char *old_name, const char *new_name);
char *changes_markdown(const changes *c, const char *old_name, const char *new_name);
json_t *changes_json(const changes *c, const char *old_name, const char *new_name);
json_t *changes_sarif(const changes *c);
/* GitHub workflow commands, one a finding: ::error (breaking), ::warning, ::notice (info,
 * and accepted findings), with file=, line= and title=. */
char *changes_github(const changes *c, const char *const *strip);
/* Gerrit file comments as a Zuul job returns them (zuul_return file_comments):
 * {"PATH": [{"line": N, "message": "..."}, ...]}. */
json_t *changes_gerrit(const changes *c, const char *const *strip);
/* JUnit XML: a test case a finding, failing where its class is at `fail_level` or above
 * (CH_WARNING, CH_BREAKING; above CH_BREAKING: never) and it is not accepted (skipped). */
char *changes_junit(const changes *c, int fail_level, const char *const *strip);

#endif
