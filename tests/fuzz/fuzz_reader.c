/* libFuzzer target: any bytes as a spec, read with every table reported (--all) and
 * with the default section, each table then read into the model (every cell parser, the
 * binding, the checks and the JSON dump), and models without errors through the JSON
 * Schema and policy emitters.  Build: meson setup build-fuzz -Dfuzz=true
 * (clang). */
#include "diag.h"
#include "emit.h"
#include "model.h"
#include "reader.h"
#include "source.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static void add(const rtable *t, void *ud) { model_add_table(ud, t); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *null;
    if (!null)
        null = fopen("/dev/null", "w");
    for (int all = 0; all < 2; all++) {
        diag d;
        diag_init(&d, null);
        d.max_errors = 0;
        src s;
        reader_opts o = {.all = all, .max_input = 1 << 20};
        model_opts mo = {.cfg = NULL, .verbose = 1};
        if (src_from_memory(&s, "fuzz.rst", (const char *)data, size, &d) == 0) {
            model m;
            model_init(&m, &s, &mo, &d);
            read_tables(&s, &o, &d, add, &m);
            model_finish(&m);
            json_t *j = model_json(&m);
            char *text = json_dumps(j, JSON_COMPACT);
            free(text);
            json_decref(j);
            /* the emitters, as attrc compile runs them: on models without errors */
            if (d.nerrors == 0) {
                for (int r = 0; r < m.nres; r++)
                    free(emit_schema(&m.res[r], "fuzz.rst"));
                prule *rules;
                int nr = policy_rules(&m, NULL, &rules);
                free(emit_policy_yaml(rules, nr, "fuzz.rst"));
                free(emit_policy_json(rules, nr));
                policy_rules_free(rules, nr);
                emit_files oa = {0}; /* the OpenAPI document, as YAML and as JSON */
                for (int json = 0; json < 2; json++) {
                    const emit_in in = {&m, "fuzz.rst", "fuzz", 0, json};
                    emit_openapi_files(&in, &oa);
                }
                emit_files_free(&oa);
            }
            model_free(&m);
        }
        src_free(&s);
    }
    return 0;
}
