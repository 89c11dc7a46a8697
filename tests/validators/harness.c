/* The generated validators of specs/, driven from standard input for the tests
 * (tests/validator_test.py).  One JSON object per line:
 *
 *   {"resource": "endpoint", "op": "create"|"update"|"filter", "admin": BOOL,
 *    "owner": BOOL, "body": JSON}
 *
 * create/update: attrc_unwrap then attrc_validate on the body; prints
 *   {"ok": BOOL, "status": N, "errors": [[CODE, POINTER, STATUS], ...], "dropped": N,
 *    "attrs": THE ATTRIBUTES AFTER (defaults filled)}
 * filter: attrc_filter_response on the body (the attributes); prints {"attrs": ...}.
 * A line that jansson cannot read prints {"unreadable": MESSAGE}.
 *
 * The registries come from ATTRC_SPECS, a list X(stem) X(stem) ... given by the build. */
#include <attrc/attrc.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define X(stem) extern const attrc_resource *const stem##_resources[];
ATTRC_SPECS
#undef X

static const attrc_resource *find(const char *name)
{
    const attrc_resource *const *const registries[] = {
#define X(stem) stem##_resources,
        ATTRC_SPECS
#undef X
    };
    for (size_t k = 0; k < sizeof registries / sizeof registries[0]; k++) {
        const attrc_resource *r = attrc_find_resource(registries[k], name);
        if (r)
            return r;
    }
    return NULL;
}

int main(void)
{
    static char line[1 << 22];
    while (fgets(line, sizeof line, stdin)) {
        json_error_t err;
        json_t *in = json_loads(line, 0, &err);
        json_t *out = NULL;
        if (!in) {
            out = json_pack("{s:s}", "unreadable", err.text);
        } else {
            const attrc_resource *r =
                find(json_string_value(json_object_get(in, "resource")) ?
                         json_string_value(json_object_get(in, "resource")) : "");
            const char *op = json_string_value(json_object_get(in, "op"));
            attrc_caller who = {json_is_true(json_object_get(in, "admin")),
                                json_is_true(json_object_get(in, "owner"))};
            json_t *body = json_object_get(in, "body");
            if (!r || !op || !body) {
                fprintf(stderr, "harness: bad request line\n");
                return 2;
            }
            if (strcmp(op, "filter") == 0) {
                attrc_filter_response(r, body, &who);
                out = json_pack("{s:O}", "attrs", body);
            } else {
                attrc_report rep;
                attrc_report_init(&rep);
                json_t *attrs = NULL;
                int ok = attrc_unwrap(r, body, &attrs, &rep) == 0 &&
                         attrc_validate(r, strcmp(op, "create") == 0 ? ATTRC_CREATE
                                                                     : ATTRC_UPDATE,
                                        attrs, &who, &rep) == 0;
                json_t *errors = json_array();
                for (int k = 0; k < rep.count; k++)
                    json_array_append_new(errors, json_pack("[s, s, i]",
                                                            attrc_code_name(rep.errors[k].code),
                                                            rep.errors[k].pointer,
                                                            rep.errors[k].status));
                /* the error body must always be buildable */
                json_t *eb = attrc_report_json(&rep);
                if (!eb) {
                    fprintf(stderr, "harness: attrc_report_json failed\n");
                    return 2;
                }
                json_decref(eb);
                out = json_pack("{s:b, s:i, s:o, s:i, s:O?}", "ok", ok, "status",
                                attrc_report_status(&rep), "errors", errors, "dropped",
                                rep.dropped, "attrs", attrs);
            }
            json_decref(in);
        }
        if (!out) {
            fprintf(stderr, "harness: out of memory\n");
            return 2;
        }
        char *text = json_dumps(out, JSON_COMPACT | JSON_ENCODE_ANY);
        puts(text ? text : "null");
        free(text);
        json_decref(out);
        fflush(stdout);
    }
    return 0;
}
