/* The JSON Schema (draft 2020-12) of a spec's structures (docs/artefacts.md,
 * "structures.schema.json"): one $defs entry per named structure, each object closed at
 * every depth (additionalProperties false) unless the spec makes it free-form. */
#include "emit.h"

#include "escape.h"
#include "structs.h"
#include "util.h"

#include <jansson.h>
#include <string.h>

/* "#/$defs/NAME", the name escaped as a JSON Pointer's segment ("~0", "~1"). */
static json_t *def_ref(const char *name)
{
    sbuf b = {0};
    sb_puts(&b, "#/$defs/");
    for (const char *p = name; *p; p++) {
        if (*p == '~')
            sb_puts(&b, "~0");
        else if (*p == '/')
            sb_puts(&b, "~1");
        else
            sb_putc(&b, *p);
    }
    json_t *r = json_pack("{s:s%}", "$ref", b.p, b.n);
    sb_free(&b);
    return r;
}

static json_t *object_schema(const model *m, const mattr *v, int n, int free_form);

/* The schema of one value of member a (an item, for a list). */
static json_t *value_schema(const model *m, const mattr *a, base_type b)
{
    if (b == TY_OBJECT && a->ref && !a->nmembers) {
        if (structs_find(m, a->ref)) {
            json_t *r = def_ref(a->ref);
            if (!a->keyed)
                return r;
            return json_pack("{s:s, s:o}", "type", "object", "additionalProperties", r);
        }
        /* a structure the spec does not describe: what it holds is not known */
        char *name = esc_utf8_valid(a->ref);
        json_t *s = json_pack("{s:s, s:s+}", "type", "object", "description", name,
                              ": not described in this spec, so not checked");
        free(name);
        return s;
    }
    if (b == TY_OBJECT)
        return object_schema(m, a->members, a->nmembers, a->free_form);
    json_t *s = json_object();
    const char *t = schema_type(b);
    if (t)
        json_object_set_new(s, "type", json_string(t));
    if (a->format_name)
        json_object_set_new(s, "format", json_string(a->format_name));
    if (a->valid.enumv) /* the values its description permits */
        json_object_set(s, "enum", a->valid.enumv);
    return s;
}

static json_t *member_schema(const model *m, const mattr *a)
{
    json_t *s;
    if (a->type.base == TY_ARRAY) {
        s = json_pack("{s:s, s:o}", "type", "array", "items",
                      value_schema(m, a, a->type.items));
        if (a->min_items > 0)
            json_object_set_new(s, "minItems", json_integer(a->min_items));
    } else {
        s = value_schema(m, a, a->type.base);
    }
    if (a->description && a->description[0]) {
        char *d = esc_utf8_valid(a->description);
        if (!json_object_get(s, "description"))
            json_object_set_new(s, "description", json_string(d));
        free(d);
    }
    return s;
}

/* An object of members v: its properties, the required ones, and closed unless free. */
static json_t *object_schema(const model *m, const mattr *v, int n, int free_form)
{
    json_t *s = json_pack("{s:s}", "type", "object");
    json_t *props = json_object(), *req = json_array();
    for (int k = 0; k < n; k++) {
        char *name = esc_utf8_valid(v[k].name);
        if (!json_object_get(props, name)) { /* a name written twice: the first */
            json_object_set_new(props, name, member_schema(m, &v[k]));
            if (v[k].required)
                json_array_append_new(req, json_string(name));
        }
        free(name);
    }
    return schema_object_close(s, props, req, free_form);
}

char *emit_structs_schema(const model *m, const char *spec_file)
{
    return json_document(structs_schema_json(m, spec_file), 2);
}

json_t *structs_schema_json(const model *m, const char *spec_file)
{
    json_t *defs = json_object();
    for (int k = 0; k < m->nstructs; k++) {
        const mstruct *st = &m->structs[k];
        if (!st->name || json_object_get(defs, st->name))
            continue; /* unnamed, or a second table of one name: the first */
        json_t *s = object_schema(m, st->members, st->nmembers, 0);
        sbuf where = {0};
        sb_printf(&where, "from the table at %s:%d", spec_file, st->line);
        char *w = esc_utf8_valid(where.p);
        json_object_set_new(s, "$comment", json_string(w)); /* a keyword every validator
                                                             * knows, strict ajv too */
        free(w);
        sb_free(&where);
        json_object_set_new(defs, st->name, s);
    }
    char *id = schema_id(spec_file, "structures");
    char *spec_name = esc_utf8_valid(spec_file);
    sbuf desc = {0};
    sb_printf(&desc, "The structures of %s, one in $defs each, from its structure tables; "
                     "validate a body against #/$defs/NAME.",
              spec_name);
    json_t *doc = json_pack("{s:s, s:s, s:s, s:s, s:o}", "$schema",
                            "https://json-schema.org/draft/2020-12/schema", "$id", id, "title",
                            "structures", "description", desc.p, "$defs", defs);
    free(id);
    free(spec_name);
    sb_free(&desc);
    return doc;
}
