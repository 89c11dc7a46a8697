/* attrc diff: the changes between two models of a spec, each classified as breaking,
 * warning or info by the rules of docs/diff.md. */
#ifndef ATTRC_DIFF_H
#define ATTRC_DIFF_H

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
    char *file;        /* where to show it: the NEW spec (the OLD one for a removal of a
                        * resource), and its line */
    int line;
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
void changes_free(changes *c);

/* A model from a JSON Schema attrc wrote (docs/artefacts.md): the resource's title,
 * its create, update and resource bodies.  Returns 0, or -1 with a diagnostic. */
int model_from_schema(model *m, const char *path, const json_t *doc, diag *d);

/* The outputs. */
char *changes_text(const changes *c, const char *old_name, const char *new_name);
char *changes_markdown(const changes *c, const char *old_name, const char *new_name);
json_t *changes_json(const changes *c, const char *old_name, const char *new_name);
json_t *changes_sarif(const changes *c);

#endif
