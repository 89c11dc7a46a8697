/* libFuzzer target: any bytes, read as a request body by attrc_parse_body, through the
 * generated validators of specs/ for every resource, both operations and three callers,
 * then the error body and the response filter; and through every structure
 * (attrc_validate_struct), which must leave the body as it was.  With them, the Neutron
 * dialect's validators of tests/cases/dialect-neutron, which convert values: a refused
 * body must be left as it came, and an accepted update, validated again, must pass and
 * stay as it is (the converted values are canonical).  Build: meson setup build-fuzz
 * -Dfuzz=true (clang); tools/test runs it for a bounded time.
 *
 * Besides the sanitizers, it checks attrc_parse_body against jansson alone: the pre-scan
 * only adds the limits, so a body it reads jansson reads, and a body it refuses as
 * invalid-body jansson refuses; and limits only take away: what tight limits accept,
 * the defaults accept. */
#include <attrc/attrc.h>

#include <stdint.h>
#include <stdlib.h>

#define X(stem)                                                                             \
    extern const attrc_resource *const stem##_resources[];                                   \
    extern const attrc_struct *const stem##_structs[];
ATTRC_SPECS
#undef X

/* The body through every structure of the specs: a verdict the report says, the body
 * unchanged, an error body that can be written. */
static void structures(const json_t *body)
{
    const attrc_struct *const *const registries[] = {
#define X(stem) stem##_structs,
        ATTRC_SPECS
#undef X
    };
    json_t *before = json_deep_copy(body);
    for (size_t g = 0; g < sizeof registries / sizeof registries[0]; g++)
        for (const attrc_struct *const *s = registries[g]; *s; s++) {
            attrc_report rep;
            attrc_report_init(&rep);
            int rc = attrc_validate_struct(*s, body, &rep);
            if ((rc == 0) != (rep.count == 0 && rep.dropped == 0))
                abort(); /* a verdict that the report does not say */
            json_t *err = attrc_report_json(&rep);
            if (!err)
                abort();
            json_decref(err);
        }
    if (!json_equal(before, body))
        abort(); /* the validator changed the body */
    json_decref(before);
}

static int parse(const uint8_t *data, size_t size, const attrc_limits *limits, json_t **body,
                 attrc_code *code)
{
    attrc_report rep;
    attrc_report_init(&rep);
    int ok = attrc_parse_body((const char *)data, size, limits, body, &rep) == 0;
    if (ok ? rep.count != 0 || *body == NULL
           : rep.count != 1 || *body != NULL || attrc_report_status(&rep) == 0)
        abort(); /* a verdict that the report does not say */
    *code = ok ? ATTRC_NCODES : rep.errors[0].code;
    return ok;
}

/* attrc_parse_body with tight and default limits, against json_loadb. */
static json_t *read_body(const uint8_t *data, size_t size)
{
    static const attrc_limits tight = {4096, 8, 64};
    json_t *body;
    attrc_code code;
    int tight_ok = parse(data, size, &tight, &body, &code);
    json_decref(body);
    int ok = parse(data, size, NULL, &body, &code);
    if (tight_ok && !ok)
        abort(); /* tighter limits accepted more */
    /* jansson alone stops at its own depth (2048), so this recursion is bounded */
    json_t *plain = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES,
                               NULL);
    if ((ok && !plain) || (code == ATTRC_E_BODY && plain))
        abort(); /* the pre-scan and jansson disagree on what is JSON */
    json_decref(plain);
    return body;
}

/* attrc_validate, which leaves a body it refuses as it came; an update it accepts is
 * accepted again and left as it is (what a conversion makes is canonical). */
static void validate(const attrc_resource *r, attrc_op op, json_t *attrs,
                     const attrc_caller *caller, attrc_report *rep)
{
    json_t *before = json_deep_copy(attrs);
    int rc = attrc_validate(r, op, attrs, caller, rep);
    if (rc != 0 && before && !json_equal(before, attrs))
        abort(); /* a refused body changed */
    if (rc == 0 && op == ATTRC_UPDATE) {
        json_t *after = json_deep_copy(attrs);
        attrc_report again;
        attrc_report_init(&again);
        if (attrc_validate(r, op, attrs, caller, &again) != 0 ||
            (after && !json_equal(after, attrs)))
            abort(); /* a converted value that is not canonical */
        json_decref(after);
    }
    json_decref(before);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *body = read_body(data, size);
    if (!body)
        return 0;
    structures(body);
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
                        validate(*r, op ? ATTRC_UPDATE : ATTRC_CREATE, attrs, &callers[c],
                                 &rep);
                    validate(*r, op ? ATTRC_UPDATE : ATTRC_CREATE, copy, &callers[c], &rep);
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
