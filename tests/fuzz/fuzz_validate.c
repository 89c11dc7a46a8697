/* libFuzzer target: any bytes, read by jansson as a request body, through the generated
 * validators of specs/ for every resource, both operations and three callers, then the
 * error body and the response filter.  Build: meson setup build-fuzz -Dfuzz=true (clang);
 * tools/test runs it for a bounded time. */
#include <attrc/attrc.h>

#include <stdint.h>
#include <stdlib.h>

#define X(stem) extern const attrc_resource *const stem##_resources[];
ATTRC_SPECS
#undef X

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *body = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
    if (!body)
        return 0;
    const attrc_resource *const *const registries[] = {
#define X(stem) stem##_resources,
        ATTRC_SPECS
#undef X
    };
    static const attrc_caller callers[] = {{1, 0}, {0, 1}, {0, 0}};
    for (size_t g = 0; g < sizeof registries / sizeof registries[0]; g++)
        for (const attrc_resource *const *r = registries[g]; *r; r++)
            for (int op = 0; op < 2; op++)
                for (int c = 0; c < 3; c++) {
                    json_t *copy = json_deep_copy(body);
                    attrc_report rep;
                    attrc_report_init(&rep);
                    json_t *attrs = NULL;
                    /* the body as a whole request, and as the attributes themselves */
                    if (attrc_unwrap(*r, copy, &attrs, &rep) == 0)
                        attrc_validate(*r, op ? ATTRC_UPDATE : ATTRC_CREATE, attrs,
                                       &callers[c], &rep);
                    attrc_validate(*r, op ? ATTRC_UPDATE : ATTRC_CREATE, copy, &callers[c],
                                   &rep);
                    if (attrc_report_status(&rep) != 0 && rep.count == 0 && rep.dropped == 0)
                        abort(); /* a status without an error */
                    json_t *err = attrc_report_json(&rep);
                    if (!err)
                        abort();
                    char *text = json_dumps(err, JSON_COMPACT);
                    if (!text)
                        abort(); /* an error body that cannot be written */
                    free(text);
                    json_decref(err);
                    attrc_filter_response(*r, copy, &callers[c]);
                    json_decref(copy);
                }
    json_decref(body);
    return 0;
}
