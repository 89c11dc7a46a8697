/* The emitters: each takes a finished model (no errors) and gives the text of one
 * artefact.  docs/artefacts.md says what each holds, key by key.  attrc compile drives
 * them through one table (cmd_compile.c), a row an emitter: its --emit word, the files it
 * writes, and its entry point, which has the signature of emit_fn. */
#ifndef ATTRC_EMIT_H
#define ATTRC_EMIT_H

#include "config.h"
#include "model.h"

#include <jansson.h>

/* The JSON Schema (draft 2020-12) of one resource: the text, two-space indent, keys in
 * the documented order, a final newline.  An extension's schema holds what it adds, over
 * its base where r->base is set (docs/spec-format.md "Extensions").  `spec_name` is the spec's file name (no
 * folder), for the $id and the description. */
char *emit_schema(const mresource *r, const char *spec_name);
/* The JSON Schema of a spec's structures (structs.c): one $defs entry per named
 * structure, closed at every depth unless free-form; a document with no root constraint,
 * to validate a body against "#/$defs/NAME". */
char *emit_structs_schema(const model *m, const char *spec_name);
/* The same document as JSON (a new reference), for the OpenAPI document to carry. */
json_t *structs_schema_json(const model *m, const char *spec_name);
/* The $id of that schema: "urn:attrc:SPEC:MEMBER", each part percent-encoded.  New. */
char *schema_id(const char *spec_name, const char *member);

/* The JSON Schema type of a base type ("string" for the string formats), NULL for any. */
const char *schema_type(base_type b);

/* The string patterns the schemas use, the same checks as the runtime's attrc_is_*
 * functions (test_cells compares them on many strings). */
const char *schema_pattern(base_type b);

/* The oslo.policy rules of a spec, in order: the base rules (the configuration's, over
 * the defaults), then per resource create/get/update/delete and the attribute rules. */
typedef struct prule {
    char *name, *check;
    char *description; /* one line */
    char *ops;         /* "POST  /v2.0/widgets\nGET  ..." or "" */
} prule;

int policy_rules(const model *m, const config *cfg, prule **out);

/* The action of the policy rule an operation of `method` falls under: "create" (POST),
 * "get" (GET), "update" (PUT, PATCH), "delete" (DELETE); NULL for other methods.  The
 * operation's rule is ACTION_MEMBER. */
const char *policy_action(const char *method);

/* The operations of a resource the spec does not list in method tables: for each
 * action, the paths PREFIX COLLECTION SUFFIX (docs/spec-format.md "Method tables"); the
 * last entry's action is NULL. */
typedef struct derived_op {
    const char *action, *method, *suffix;
    int success; /* the status code of success */
} derived_op;
extern const derived_op derived_ops[];

/* The path before a resource's collection: its prefix, else "/v2.0/". */
const char *resource_prefix(const mresource *r);
void policy_rules_free(prule *r, int n);

/* policy.yaml (every key and value double-quoted, a comment before each rule) and
 * policy.json, with the same rules. */
char *emit_policy_yaml(const prule *r, int n, const char *spec_name);
char *emit_policy_json(const prule *r, int n);

/* The C validators of a spec: SPEC.h declares SPEC_MEMBER for each resource and the
 * registry SPEC_resources; SPEC.c defines them.  `stem` is the spec's file name without
 * ".rst" (SPEC, before mangling to a C identifier). */
char *emit_c_header(const model *m, const char *spec_name, const char *stem);
char *emit_c_source(const model *m, const char *spec_name, const char *stem);

/* What an emitter is given: one spec's finished model and the run's choices. */
typedef struct emit_in {
    const model *m;
    const char *spec_name; /* the spec's file name, no folder */
    const char *stem;      /* the spec's stem (spec_stem) */
    int flat;              /* --flat: the files are named SPEC.NAME */
    int openapi_json;      /* --openapi-format json */
} emit_in;

/* What it gives: files by their name in the spec's folder (after "SPEC." with --flat),
 * each with its text; both owned by the list. */
typedef struct emit_file {
    char *name, *data;
} emit_file;
typedef struct emit_files {
    emit_file *v;
    int n;
} emit_files;

/* Adds a file (takes `data`). */
void emit_files_add(emit_files *f, const char *name, char *data);
void emit_files_free(emit_files *f);

typedef void (*emit_fn)(const emit_in *in, emit_files *out);

/* The entry points of the emitter table, one per --emit word. */
void emit_schema_files(const emit_in *in, emit_files *out);      /* schema */
void emit_policy_yaml_files(const emit_in *in, emit_files *out); /* policy-yaml */
void emit_policy_json_files(const emit_in *in, emit_files *out); /* policy-json */
void emit_c_files(const emit_in *in, emit_files *out);           /* c */
void emit_openapi_files(const emit_in *in, emit_files *out);     /* openapi */

/* The document of emit_schema, as JSON (new reference): what emit_schema writes, for
 * emitters that carry the schema inside a document of their own (emit_openapi.c). */
json_t *schema_json(const mresource *r, const char *spec_name);

/* Puts an object's properties and required names (taking both references; each left out
 * when empty) into s, and additionalProperties false unless free-form; returns s. */
json_t *schema_object_close(json_t *s, json_t *props, json_t *req, int free_form);

/* The schema of a value of type t, standing alone: its string format's pattern inline
 * (for parameters, outside any resource's $defs).  New reference. */
json_t *schema_of_type(const mtype *t);

/* Appends `name` as a JSON Pointer token (RFC 6901: "~" as "~0", "/" as "~1"),
 * percent-encoded for a URI fragment. */
void schema_pointer_token(sbuf *b, const char *name);

/* A model from a JSON Schema attrc wrote (the layout emit_schema writes): the resource's
 * title, its create, update and resource bodies.  Returns 0, or -1 with a diagnostic
 * (bad-schema).  attrc diff compares schemas through it; bases.c reads the bases of
 * extensions with it. */
int model_from_schema(model *m, const char *path, const json_t *doc, diag *d);

/* A JSON document as attrc writes it: `indent` spaces, keys in their order, a final
 * newline.  Takes the reference to doc. */
char *json_document(json_t *doc, int indent);

#endif
