/* libFuzzer target for the paths by which names and text reach files: a spec's file
 * name, a table's title (which names its resource), an attrc.yaml and a cell, all from
 * the fuzzer's bytes.  The input is four parts separated by NUL bytes:
 *
 *     STEM \0 TITLE \0 ATTRC.YAML \0 DESCRIPTION
 *
 * The spec is one attribute table under TITLE; the configuration binds it as it says.
 * When attrc would compile it (no errors, a usable stem), every property below must
 * hold, and a broken one aborts (a crash for libFuzzer):
 *   - every output path, DIR/STEM/MEMBER.schema.json and the rest, stays inside DIR;
 *   - each schema and policy.json is JSON that jansson reads;
 *   - policy.yaml is YAML that libyaml reads, a mapping of exactly policy.json's rules,
 *     key by key and value by value, and every other line a comment;
 *   - the C header and source are ASCII, every comment and string literal closes on its
 *     own line, and nothing outside them but identifiers, numbers and punctuation.
 * tests/fuzz/names_check.py then runs the real attrc on the inputs this target kept, and
 * checks the same with cc and PyYAML.  Build: meson setup build-fuzz -Dfuzz=true. */
#include "config.h"
#include "diag.h"
#include "emit.h"
#include "model.h"
#include "reader.h"
#include "source.h"
#include "util.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define CHECK(cond, ...)                                                                     \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            fprintf(stderr, "fuzz_names: " __VA_ARGS__);                                     \
            fputc('\n', stderr);                                                             \
            abort();                                                                         \
        }                                                                                    \
    } while (0)

static void add(const rtable *t, void *ud) { model_add_table(ud, t); }

/* Whether DIR/rel stays inside DIR, by the path's own parts. */
static int inside(const char *rel)
{
    int depth = 0;
    if (rel[0] == '/')
        return 0;
    for (const char *s = rel; *s;) {
        size_t n = strcspn(s, "/");
        if (n == 2 && s[0] == '.' && s[1] == '.')
            depth--;
        else if (n && !(n == 1 && s[0] == '.'))
            depth++;
        if (depth < 0)
            return 0;
        s += n + (s[n] == '/');
    }
    return depth > 0;
}

/* The C: ASCII; comments and strings close on their line; nothing else but identifiers,
 * numbers, white space, punctuation and the one #include of the spec's header. */
static void check_c(const char *c)
{
    int in_comment = 0;
    for (const char *p = c; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        CHECK(ch == '\n' || (ch >= 0x20 && ch < 0x7F), "byte %02x in the C", ch);
        if (in_comment) {
            if (p[0] == '*' && p[1] == '/')
                in_comment = 0, p++;
            else
                CHECK(!(p[0] == '/' && p[1] == '*'), "a comment opens inside a comment");
            continue;
        }
        if (p[0] == '/' && p[1] == '*') {
            in_comment = 1;
            p++;
        } else if (ch == '"') {
            for (p++; *p != '"'; p++) {
                CHECK(*p && *p != '\n', "a string literal does not close on its line");
                if (*p == '\\')
                    p++;
            }
        } else {
            CHECK(ch != '\'' && ch != '\\' && ch != '`' && ch != '@' && ch != '$',
                  "'%c' outside comments and strings", ch);
            CHECK(!(p[0] == '*' && p[1] == '/'), "a comment closes outside a comment");
        }
    }
    CHECK(!in_comment, "a comment does not close");
}

/* policy.yaml read by libyaml: a mapping of the same rules as policy.json. */
static void check_yaml(const char *text, const char *json_text)
{
    json_error_t e;
    json_t *rules = json_loads(json_text, 0, &e);
    CHECK(rules && json_is_object(rules), "policy.json is not a JSON object: %s", e.text);
    yaml_parser_t p;
    yaml_document_t doc;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)text, strlen(text));
    CHECK(yaml_parser_load(&p, &doc), "policy.yaml is not YAML: %s", p.problem);
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    CHECK(root && root->type == YAML_MAPPING_NODE, "policy.yaml is not a mapping");
    size_t n = 0;
    for (yaml_node_pair_t *q = root->data.mapping.pairs.start; q < root->data.mapping.pairs.top;
         q++, n++) {
        yaml_node_t *k = yaml_document_get_node(&doc, q->key);
        yaml_node_t *v = yaml_document_get_node(&doc, q->value);
        CHECK(k->type == YAML_SCALAR_NODE && v->type == YAML_SCALAR_NODE, "a rule is not a pair");
        json_t *want = json_object_get(rules, (const char *)k->data.scalar.value);
        CHECK(want && strcmp(json_string_value(want), (const char *)v->data.scalar.value) == 0,
              "policy.yaml's rule '%s' is not policy.json's", k->data.scalar.value);
    }
    CHECK(n == json_object_size(rules), "policy.yaml has %zu rules, policy.json %zu", n,
          json_object_size(rules));
    yaml_document_delete(&doc);
    yaml_parser_delete(&p);
    json_decref(rules);
    /* every line that is not a rule is a comment or empty */
    for (const char *l = text; *l; l = strchr(l, '\n') + 1) {
        CHECK(*l == '#' || *l == '"' || *l == '\n', "a line of policy.yaml is neither a rule "
                                                    "nor a comment");
        CHECK(strchr(l, '\n'), "policy.yaml does not end with a newline");
    }
}

static void check_json(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    CHECK(j, "a schema is not JSON: %s", e.text);
    json_decref(j);
}

/* Splits data into up to n NUL-separated parts (each a new string). */
static void split(const uint8_t *data, size_t size, char **part, int n)
{
    size_t at = 0;
    for (int k = 0; k < n; k++) {
        size_t e = at;
        while (e < size && data[e])
            e++;
        part[k] = xstrndup(at < size ? (const char *)data + at : "", e > at ? e - at : 0);
        at = e + 1;
    }
}

static void csv_field(sbuf *b, const char *s)
{
    sb_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            sb_putc(b, '"');
        if (*s != '\n' && *s != '\r')
            sb_putc(b, *s);
    }
    sb_putc(b, '"');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *null;
    if (!null)
        null = fopen("/dev/null", "w");
    char *part[4];
    split(data, size, part, 4);
    const char *stem = part[0], *title = part[1], *yaml = part[2], *desc = part[3];
    sbuf spec = {0}, name = {0};
    sb_printf(&spec, "=====\nTitle\n=====\n\nREST API impact\n===============\n\n%s\n", title);
    for (size_t k = 0, w = u8_width(title, strlen(title)); k < (w ? w : 1); k++)
        sb_putc(&spec, '~');
    sb_puts(&spec, "\n\n.. csv-table::\n   :header: Attribute,Type,Access,Default,Validation,"
                   "Description\n\n   id,string,\"RW, all\",,,");
    csv_field(&spec, desc);
    sb_puts(&spec, "\n   name,string,\"RW, admin\",,,x\n");
    sb_printf(&name, "%s.rst", stem);

    diag d;
    diag_init(&d, null);
    d.max_errors = 0;
    config cfg;
    int cfg_ok = config_load_text(&cfg, "attrc.yaml", yaml, strlen(yaml), &d) == 0;
    src s;
    if (cfg_ok && src_from_memory(&s, name.p, spec.p, spec.n, &d) == 0) {
        reader_opts o = {.max_input = 1 << 20};
        model_opts mo = {.cfg = &cfg, .verbose = 0};
        model m;
        model_init(&m, &s, &mo, &d);
        read_tables(&s, &o, &d, add, &m);
        model_finish(&m);
        char *st = spec_stem(m.file);
        int for_c = stem_problem(st, 1) == NULL;
        /* what attrc compile writes, when it would */
        if (d.nerrors == 0 && stem_problem(st, 0) == NULL) {
            for (int r = 0; r < m.nres; r++) {
                sbuf rel = {0};
                sb_printf(&rel, "%s/%s.schema.json", st, m.res[r].member);
                CHECK(inside(rel.p), "output %s leaves the output folder", rel.p);
                sb_free(&rel);
                char *schema = emit_schema(&m.res[r], name.p);
                check_json(schema);
                free(schema);
            }
            prule *rules;
            int nr = policy_rules(&m, &cfg, &rules);
            char *py = emit_policy_yaml(rules, nr, name.p), *pj = emit_policy_json(rules, nr);
            check_yaml(py, pj);
            free(py);
            free(pj);
            policy_rules_free(rules, nr);
            if (for_c) {
                char *h = emit_c_header(&m, name.p, st), *c = emit_c_source(&m, name.p, st);
                check_c(h);
                check_c(c);
                free(h);
                free(c);
            }
        }
        free(st);
        model_free(&m);
        src_free(&s);
    }
    config_free(&cfg);
    sb_free(&spec);
    sb_free(&name);
    for (int k = 0; k < 4; k++)
        free(part[k]);
    return 0;
}
