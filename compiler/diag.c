#include "diag.h"

#include "escape.h"
#include "source.h"
#include "util.h"

#include <attrc/attrc.h>

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Every diagnostic's name, with what it means: one definition for --help, the SARIF
 * rules and the docs (docs/spec-format.md repeats it; a test compares the two). */
static const struct {
    const char *code, *text;
} codes[] = {
    {"rst", "the reStructuredText of a table or around it cannot be read as docutils "
            "reads it"},
    {"table-skipped", "a table that is not an attribute table (a note, with -v; a warning "
                      "where it looks like one)"},
    {"header-row-missing", "a table without a header row whose first row is an attribute "
                           "table's header, read as its header"},
    {"resource-bound", "which resource a table describes, and what said so (a note, with -v)"},
    {"operation", "a method table read as an operation (a note, with -v)"},
    {"parameter", "a parameter table read as parameters of an operation (a note, with -v)"},
    {"parameters-unbound", "a parameter table whose operation no text or method table before "
                           "it names"},
    {"bad-parameter", "a row of a parameter table whose name, style or type cannot be read"},
    {"resource-from-file-name", "nothing names the resource of a table; the file's name is "
                                "used"},
    {"resource-guessed", "a table's resource is a guess: the section's title, or the one core "
                         "resource a paragraph mentions"},
    {"resource-names-disagree", "the member and collection named are not one noun's singular "
                                "and plural"},
    {"resource-renamed", "a resource named by text takes the name the spec's paths give it (a "
                         "note, with -v)"},
    {"resource-extends", "a table adds to a resource that exists already, and what said so (a "
                         "note, with -v)"},
    {"extension-base-unknown", "the resource an extension adds to is not known, so its schema "
                               "is an open fragment (a note; a warning where only the text "
                               "made it an extension)"},
    {"extension-clash", "compile: two extensions of one resource add the same attribute"},
    {"operation-unbound", "a method table's path names no resource of the spec"},
    {"unknown-column", "a column of an attribute table that attrc does not read"},
    {"bad-method-table", "a method table whose method, path or codes cannot be read"},
    {"row-spans-columns", "a row of an attribute table with cells that span columns"},
    {"bad-name", "an attribute or resource name that is empty, has spaces or is not a usable "
                 "JSON property name"},
    {"duplicate-attribute", "an attribute defined twice for a resource"},
    {"repeated-attribute", "an attribute defined again, identically, by another table"},
    {"c-name-clash", "two attributes, resources or specs whose C names (after mangling) are "
                     "the same, or any two identifiers of the generated C of a spec"},
    {"cells-unsaid", "a row whose Type, Access or CRUD cells say nothing (empty or '-'), read "
                     "as any type and 'RO, admin'"},
    {"taken-from-description", "values, a format or a default that only the description "
                               "states, read into the model (a note)"},
    {"unknown-type", "a type cell that names no known type"},
    {"structure", "a structure table read as a structure (a note, with -v)"},
    {"unknown-structure", "a data type that names no structure of the spec"},
    {"bad-cardinality", "a cardinality cell that cannot be read"},
    {"bad-nesting", "a member with more '>' signs than the row above allows"},
    {"swapped-cells", "a data type and a cardinality written the other way round"},
    {"duplicate-member", "a member written twice in one structure or dict (the first is "
                         "checked)"},
    {"members-bound", "a table read as the members of a dict attribute, and the text that "
                      "named it (a note, with -v)"},
    {"bad-member", "a member of a dict attribute that its cell cannot give"},
    {"undeclared-dict", "a dict attribute whose keys the spec neither declares nor marks "
                        "free-form (it accepts only {})"},
    {"bad-access", "an access cell that cannot be read"},
    {"access-condition", "an access cell with a condition that cannot be checked"},
    {"bad-crud", "a CRUD cell that cannot be read"},
    {"crud-access-conflict", "CRUD and Access cells that contradict each other"},
    {"bad-required", "a Req cell that cannot be read"},
    {"required-read-only", "a required attribute that no client may write on create"},
    {"bad-default", "a default cell that cannot be read"},
    {"default-guessed", "a default cell read by a guess"},
    {"default-mismatch", "a default that fails its own type or validation"},
    {"validation-not-understood", "a validation cell from which no check can be made"},
    {"validation-type-mismatch", "a validation that does not apply to the type"},
    {"enum-without-values", "an enum type whose validation gives no values"},
    {"config", "a configuration file (attrc.yaml) that cannot be read"},
    {"config-unused", "a binding of the configuration that matches no table"},
    {"accepted-unused", "diff: an accepted finding of attrc.yaml that the diff does not have"},
    {"bad-schema", "a JSON Schema given to attrc diff that attrc did not write"},
    {"diff-input", "an input of attrc diff that cannot be read (a file, a folder, a git "
                   "revision)"},
};

const char *diag_code_description(const char *code)
{
    for (size_t k = 0; k < sizeof codes / sizeof codes[0]; k++)
        if (strcmp(codes[k].code, code) == 0)
            return codes[k].text;
    return NULL;
}

void diag_init(diag *d, FILE *out)
{
    memset(d, 0, sizeof *d);
    d->out = out;
    const char *nc = getenv("NO_COLOR");
    d->color = isatty(fileno(out)) && !(nc && *nc);
    d->max_errors = ATTRC_DEFAULT_MAX_ERRORS;
    d->nerrors = d->nwarnings = 0;
    d->stopped = 0;
}

static const char *level_name[] = {"note", "warning", "error"};
static const char *level_color[] = {"\033[1;36m", "\033[1;35m", "\033[1;31m"};

/* The source line, escaped as every text for the terminal is, and a caret under the
 * column (col is in characters of the line). */
static void show_line(diag *d, const src *s, int line, int col)
{
    size_t len;
    const char *t = src_line(s, (size_t)line - 1, &len);
    size_t before = u8_skip(t, len, (size_t)col - 1);
    sbuf b = {0};
    size_t pad = esc_terminal(&b, t, before);
    esc_terminal(&b, t + before, len - before);
    fprintf(d->out, "%6d | %s\n       | %*s", line, b.p ? b.p : "", (int)pad, "");
    fprintf(d->out, "%s^%s\n", d->color ? "\033[1;32m" : "", d->color ? "\033[0m" : "");
    sb_free(&b);
}

static void collect(diag *d, const char *file, int line, int col, diag_level level,
                    const char *code, const char *message)
{
    if (!d->results)
        d->results = json_array();
    json_t *o = json_object();
    char *f = esc_utf8_valid(file); /* a file name may be any bytes */
    json_object_set_new(o, "file", json_string(f));
    free(f);
    json_object_set_new(o, "line", json_integer(line));
    json_object_set_new(o, "column", json_integer(col));
    json_object_set_new(o, "level", json_string(level_name[level]));
    json_object_set_new(o, "code", json_string(code ? code : "rst"));
    char *m = esc_utf8_valid(message);
    json_object_set_new(o, "message", json_string(m));
    free(m);
    json_array_append_new(d->results, o);
}

static void vreport(diag *d, const src *s, const char *file, int line, int col,
                    diag_level level, const char *code, const char *fmt, va_list ap)
{
    if (d->stopped)
        return;
    int promoted = level == DIAG_WARNING && d->werror;
    if (promoted)
        level = DIAG_ERROR;
    if (level == DIAG_ERROR)
        d->nerrors++;
    else if (level == DIAG_WARNING)
        d->nwarnings++;
    if (!file)
        file = s ? s->path : "attrc";
    if (level == DIAG_ERROR && d->on_error)
        d->on_error(d->on_error_ud, file, line, code);
    /* the message whole, once: collected as it is (JSON escapes it), or shown escaped */
    sbuf m = {0};
    char first[512];
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(first, sizeof first, fmt, aq);
    va_end(aq);
    if (n < 0)
        n = 0;
    if ((size_t)n < sizeof first) {
        sb_put(&m, first, (size_t)n);
    } else {
        sb_grow(&m, (size_t)n + 1);
        vsnprintf(m.p, (size_t)n + 1, fmt, ap);
        m.n = (size_t)n;
    }
    if (d->format != DIAG_GCC) {
        if (promoted)
            sb_puts(&m, " [-Werror]");
        collect(d, file, line, col, level, code, m.p ? m.p : "");
        sb_free(&m);
        if (level == DIAG_ERROR && d->max_errors > 0 && d->nerrors >= d->max_errors)
            d->stopped = 1;
        return;
    }
    /* a file name, a message that quotes a cell: control characters and the like shown
     * escaped, never sent to the terminal */
    sbuf t = {0};
    esc_terminal(&t, file, strlen(file));
    if (d->color)
        fputs("\033[1m", d->out);
    fputs(t.p ? t.p : "", d->out);
    if (line > 0) {
        fprintf(d->out, ":%d", line);
        if (col > 0)
            fprintf(d->out, ":%d", col);
    }
    fputs(": ", d->out);
    if (d->color)
        fprintf(d->out, "%s%s:\033[0m ", level_color[level], level_name[level]);
    else
        fprintf(d->out, "%s: ", level_name[level]);
    sb_reset(&t);
    esc_terminal(&t, m.p ? m.p : "", m.n);
    fputs(t.p ? t.p : "", d->out);
    sb_free(&t);
    sb_free(&m);
    if (code || promoted)
        fprintf(d->out, " [%s%s%s]", promoted ? "-Werror" : "", promoted && code ? "," : "",
                code ? code : "");
    fputc('\n', d->out);
    /* the source line, when it is held (a file read through a window holds the lines
     * the reader is at) */
    if (s && line > 0 && col > 0 && (size_t)line - 1 >= s->first &&
        (size_t)line - 1 < s->first + s->nlines)
        show_line(d, s, line, col);
    if (level == DIAG_ERROR && d->max_errors > 0 && d->nerrors >= d->max_errors) {
        fprintf(d->out, "attrc: too many errors (%d), stopping\n", d->nerrors);
        d->stopped = 1;
    }
}

void diag_report(diag *d, const src *s, const char *file, int line, int col, diag_level level,
                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(d, s, file, line, col, level, NULL, fmt, ap);
    va_end(ap);
}

void diag_report_code(diag *d, const src *s, const char *file, int line, int col,
                      diag_level level, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(d, s, file, line, col, level, code, fmt, ap);
    va_end(ap);
}

/* A path as a SARIF artifact URI: relative paths stay relative (a URI reference), every
 * byte outside RFC 3986's unreserved set and '/' is percent-encoded. */
json_t *diag_sarif_uri(const char *path)
{
    sbuf b = {0};
    sb_puts(&b, path[0] == '/' ? "file://" : "");
    esc_uri(&b, path);
    json_t *j = json_string(b.p);
    sb_free(&b);
    return j;
}

static json_t *sarif(json_t *results)
{
    json_t *rules = json_array(), *out = json_array(), *ids = json_object();
    size_t i;
    json_t *r;
    /* the rules in the order of first use */
    json_array_foreach(results, i, r)
    {
        const char *code = json_string_value(json_object_get(r, "code"));
        if (json_object_get(ids, code))
            continue;
        json_object_set_new(ids, code, json_integer((json_int_t)json_array_size(rules)));
        const char *text = diag_code_description(code);
        json_array_append_new(rules, json_pack("{s:s, s:{s:s}}", "id", code, "shortDescription",
                                               "text", text ? text : code));
    }
    json_array_foreach(results, i, r)
    {
        const char *code = json_string_value(json_object_get(r, "code"));
        json_t *res = json_pack("{s:s, s:O, s:s, s:{s:O}}", "ruleId", code, "ruleIndex",
                                json_object_get(ids, code), "level",
                                json_string_value(json_object_get(r, "level")), "message",
                                "text", json_object_get(r, "message"));
        const char *file = json_string_value(json_object_get(r, "file"));
        json_int_t line = json_integer_value(json_object_get(r, "line"));
        json_int_t col = json_integer_value(json_object_get(r, "column"));
        if (strcmp(file, "attrc") != 0) {
            json_t *phys = json_pack("{s:{s:o}}", "artifactLocation", "uri", diag_sarif_uri(file));
            if (line > 0) {
                json_t *region = json_pack("{s:I}", "startLine", line);
                if (col > 0)
                    json_object_set_new(region, "startColumn", json_integer(col));
                json_object_set_new(phys, "region", region);
            }
            json_object_set_new(res, "locations",
                                json_pack("[{s:o}]", "physicalLocation", phys));
        }
        json_array_append_new(out, res);
    }
    json_decref(ids);
    return json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:o}}, s:o, s:s}]}", "$schema",
                     "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0",
                     "runs", "tool", "driver", "name", "attrc", "version", attrc_version(),
                     "informationUri", "https://opendev.org/attrc/attrc", "rules", rules,
                     "results", out, "columnKind", "unicodeCodePoints");
}

int diag_finish(diag *d)
{
    if (d->format == DIAG_GCC)
        return 0;
    json_t *results = d->results ? d->results : json_array();
    d->results = NULL;
    json_t *doc = d->format == DIAG_SARIF
                      ? sarif(results)
                      : json_pack("{s:i, s:O}", "version", 1, "diagnostics", results);
    json_decref(results);
    int rc = json_dumpf(doc, d->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0 &&
                     fputc('\n', d->out) != EOF
                 ? 0
                 : -1;
    json_decref(doc);
    return rc;
}
