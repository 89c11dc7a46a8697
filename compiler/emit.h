/* The emitters: each takes a finished model (no errors) and gives the text of one
 * artefact.  docs/artefacts.md says what each holds, key by key. */
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

/* A JSON document as attrc writes it: `indent` spaces, keys in their order, a final
 * newline.  Takes the reference to doc. */
char *json_document(json_t *doc, int indent);

#endif
