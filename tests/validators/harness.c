/* The generated validators of specs/, driven from standard input for the tests
 * (tests/validator_test.py, tests/limits_test.py).  One JSON object per line:
 *
 *   {"resource": "endpoint", "op": "create"|"update"|"filter"|"parse", "admin": BOOL,
 *    "owner": BOOL, "text": STRING or "hex": STRING or "body": JSON,
 *    "limits": {"max_body_bytes": N, "max_depth": N, "max_string_bytes": N},
 *    "nocheck": [[ATTRIBUTE, INDEX, HEX], ...]}
 *
 * The request body is the bytes of "text" (UTF-8), of "hex" (any bytes) or of "body"
 * written by jansson (compact), read by attrc_parse_body within "limits" (each one
 * absent: its default; -1: no limit), as a service reads one.  "nocheck" (create and update) then replaces, in the attributes,
 * ATTRIBUTE (INDEX -1) or its item INDEX by a string of the HEX bytes made with
 * json_stringn_nocheck, which need not be UTF-8: what a service can build.
 *
 * parse: attrc_parse_body only; prints
 *   {"ok": BOOL, "status": N, "errors": [[CODE, POINTER, STATUS], ...], "dropped": N,
 *    "messages": [MESSAGE, ...], "body": THE BODY READ, or null}
 * create/update: attrc_parse_body, attrc_unwrap, attrc_validate; prints the same with
 *   "attrs": THE ATTRIBUTES AFTER (defaults filled), instead of "body" (null when the
 *   body was refused, or had "nocheck").
 * filter: attrc_parse_body, then attrc_filter_response on the body (the attributes);
 *   prints {"attrs": ...}, or the errors as above when the body is refused.
 * struct: {"op": "struct", "struct": NAME, "body": JSON} (or "text"): attrc_parse_body,
 *   then attrc_validate_struct with the structure NAME of the specs; prints the report
 *   as above, with "body" (unchanged, as the validator must leave it).
 * A line that jansson cannot read prints {"unreadable": MESSAGE}.
 *
 * validate_harness --rusage: the same, in a child process whose resource use, as wait4
 * gives it, is written on standard error when it ends:
 *   {"maxrss_kib": N, "user_s": X, "sys_s": Y}
 * (the ru_maxrss of a child that the test starts itself would count the test's own size:
 * Linux keeps, across exec, the peak of the memory the process had before it, a copy of
 * its parent's).
 *
 * The registries come from ATTRC_SPECS, a list X(stem) X(stem) ... given by the build. */
#include <attrc/attrc.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define X(stem)                                                                             \
    extern const attrc_resource *const stem##_resources[];                                   \
    extern const attrc_struct *const stem##_structs[];
ATTRC_SPECS
#undef X

static const attrc_struct *find_struct(const char *name)
{
    const attrc_struct *const *const registries[] = {
#define X(stem) stem##_structs,
        ATTRC_SPECS
#undef X
    };
    for (size_t k = 0; name && k < sizeof registries / sizeof registries[0]; k++) {
        const attrc_struct *s = attrc_find_struct(registries[k], name);
        if (s)
            return s;
    }
    return NULL;
}

static const attrc_resource *find(const char *name)
{
    const attrc_resource *const *const registries[] = {
#define X(stem) stem##_resources,
        ATTRC_SPECS
#undef X
    };
    for (size_t k = 0; name && k < sizeof registries / sizeof registries[0]; k++) {
        const attrc_resource *r = attrc_find_resource(registries[k], name);
        if (r)
            return r;
    }
    return NULL;
}

static void die(const char *why)
{
    fprintf(stderr, "harness: %s\n", why);
    exit(2);
}

/* The bytes of a hexadecimal string, in a new buffer (*len of them). */
static char *unhex(const char *hex, size_t *len)
{
    size_t n = strlen(hex) / 2;
    char *out = malloc(n + 1);
    if (!out)
        die("out of memory");
    for (size_t i = 0; i < n; i++) {
        unsigned b;
        if (sscanf(hex + 2 * i, "%2x", &b) != 1)
            die("bad hex");
        out[i] = (char)b;
    }
    *len = n;
    return out;
}

/* The request body: a new buffer of *len bytes, from "text", "hex" or "body". */
static char *body_bytes(const json_t *in, size_t *len)
{
    const json_t *value = json_object_get(in, "body");
    if (value) {
        char *out = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
        if (!out)
            die("out of memory");
        *len = strlen(out);
        return out;
    }
    const json_t *text = json_object_get(in, "text");
    if (json_is_string(text)) {
        *len = json_string_length(text);
        char *out = malloc(*len + 1);
        if (!out)
            die("out of memory");
        memcpy(out, json_string_value(text), *len);
        return out;
    }
    const char *hex = json_string_value(json_object_get(in, "hex"));
    if (!hex)
        die("bad request line: no text, hex or body");
    return unhex(hex, len);
}

static void read_limits(const json_t *in, attrc_limits *l)
{
    static const char *const names[] = {"max_body_bytes", "max_depth", "max_string_bytes"};
    size_t *fields[] = {&l->max_body_bytes, &l->max_depth, &l->max_string_bytes};
    const json_t *given = json_object_get(in, "limits");
    attrc_limits_default(l);
    for (size_t k = 0; k < 3; k++) {
        const json_t *v = json_object_get(given, names[k]);
        if (json_is_integer(v))
            *fields[k] = json_integer_value(v) < 0 ? SIZE_MAX : (size_t)json_integer_value(v);
    }
}

/* Puts the strings of "nocheck" into the attributes. */
static void apply_nocheck(const json_t *in, json_t *attrs)
{
    size_t i;
    const json_t *e;
    json_array_foreach(json_object_get(in, "nocheck"), i, e)
    {
        const char *name = json_string_value(json_array_get(e, 0));
        json_int_t item = json_integer_value(json_array_get(e, 1));
        const char *hex = json_string_value(json_array_get(e, 2));
        if (!name || !hex || !json_is_integer(json_array_get(e, 1)))
            die("bad request line: nocheck");
        size_t n;
        char *bytes = unhex(hex, &n);
        json_t *s = json_stringn_nocheck(bytes, n);
        free(bytes);
        int bad = item < 0 ? json_object_set_new(attrs, name, s)
                           : json_array_set_new(json_object_get(attrs, name), (size_t)item, s);
        if (bad)
            die("bad request line: nocheck has no place to go");
    }
}

/* The report as the output line: ok, status, errors, dropped, messages. */
static json_t *report_out(int ok, const attrc_report *rep)
{
    json_t *errors = json_array(), *messages = json_array();
    for (int k = 0; k < rep->count; k++) {
        const attrc_error *e = &rep->errors[k];
        json_array_append_new(errors, json_pack("[s, s, i]", attrc_code_name(e->code),
                                                e->pointer, e->status));
        json_array_append_new(messages, json_string(e->message));
    }
    /* the error body must always be buildable */
    json_t *eb = attrc_report_json(rep);
    if (!eb)
        die("attrc_report_json failed");
    json_decref(eb);
    json_t *out = json_pack("{s:b, s:i, s:o, s:i, s:o}", "ok", ok, "status",
                            attrc_report_status(rep), "errors", errors, "dropped",
                            rep->dropped, "messages", messages);
    if (!out)
        die("out of memory");
    return out;
}

/* A "struct" line: the body read, then checked as the structure. */
static json_t *run_struct(const json_t *in)
{
    const attrc_struct *s = find_struct(json_string_value(json_object_get(in, "struct")));
    if (!s)
        die("bad request line: no such structure");
    attrc_limits limits;
    read_limits(in, &limits);
    attrc_report rep;
    attrc_report_init(&rep);
    size_t len;
    char *bytes = body_bytes(in, &len);
    json_t *body;
    int ok = attrc_parse_body(bytes, len, &limits, &body, &rep) == 0;
    free(bytes);
    ok = ok && attrc_validate_struct(s, body, &rep) == 0;
    json_t *out = report_out(ok, &rep);
    json_object_set(out, "body", body ? body : json_null());
    json_decref(body);
    return out;
}

/* One request line: its output line (a new reference). */
static json_t *run(const json_t *in)
{
    const char *op = json_string_value(json_object_get(in, "op"));
    if (op && strcmp(op, "struct") == 0)
        return run_struct(in);
    const attrc_resource *r = find(json_string_value(json_object_get(in, "resource")));
    if (!op || (!r && strcmp(op, "parse") != 0))
        die("bad request line");
    attrc_caller who = {json_is_true(json_object_get(in, "admin")),
                        json_is_true(json_object_get(in, "owner"))};
    attrc_limits limits;
    read_limits(in, &limits);
    attrc_report rep;
    attrc_report_init(&rep);
    size_t len;
    char *bytes = body_bytes(in, &len);
    json_t *body, *attrs = NULL, *out;
    int ok = attrc_parse_body(bytes, len, &limits, &body, &rep) == 0;
    free(bytes);
    if (ok && strcmp(op, "filter") == 0) {
        attrc_filter_response(r, body, &who);
        out = json_pack("{s:o}", "attrs", body);
        if (!out)
            die("out of memory");
        return out;
    }
    if (ok && strcmp(op, "parse") != 0) {
        ok = attrc_unwrap(r, body, &attrs, &rep) == 0;
        if (ok)
            apply_nocheck(in, attrs);
        ok = ok && attrc_validate(r, strcmp(op, "create") == 0 ? ATTRC_CREATE : ATTRC_UPDATE,
                                  attrs, &who, &rep) == 0;
    }
    out = report_out(ok, &rep);
    if (strcmp(op, "parse") == 0)
        json_object_set(out, "body", body ? body : json_null());
    else /* strings made by nocheck are not UTF-8 jansson can write */
        json_object_set(out, "attrs", attrs && !json_object_get(in, "nocheck") ? attrs
                                                                                : json_null());
    json_decref(body);
    return out;
}

/* --rusage: returns in the child; the parent waits for it, reports and exits. */
static void fork_measured(void)
{
    pid_t pid = fork();
    if (pid < 0)
        die("fork failed");
    if (pid == 0)
        return;
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid)
        die("wait4 failed");
    fprintf(stderr, "{\"maxrss_kib\": %ld, \"user_s\": %.6f, \"sys_s\": %.6f}\n",
            ru.ru_maxrss, (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6,
            (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6);
    exit(WIFEXITED(status) ? WEXITSTATUS(status) : 2);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--rusage") == 0)
        fork_measured();
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, stdin) > 0) {
        json_error_t err;
        json_t *in = json_loads(line, 0, &err);
        json_t *out = in ? run(in) : json_pack("{s:s}", "unreadable", err.text);
        json_decref(in);
        if (!out)
            die("out of memory");
        char *text = json_dumps(out, JSON_COMPACT | JSON_ENCODE_ANY);
        if (!text)
            die("cannot write the output line");
        puts(text);
        free(text);
        json_decref(out);
        fflush(stdout);
    }
    free(line);
    return 0;
}
