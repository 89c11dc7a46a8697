/* Helpers for the unit tests: read a spec from memory, get its tables as JSON Lines
 * (without "file") and its diagnostics as text. */
#ifndef ATTRC_TEST_HELPERS_H
#define ATTRC_TEST_HELPERS_H

#include "diag.h"
#include "reader.h"
#include "source.h"

#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *tables; /* one compact JSON object per line */
    char *diags;  /* diagnostics as printed */
    int nerrors, nwarnings, ntables;
} readout;

static inline void collect_table(const rtable *t, void *ud)
{
    sbuf *b = ud;
    json_t *o = json_object();
    json_object_set_new(o, "line", json_integer(t->line));
    json_object_set_new(o, "kind", json_string(table_kind_name(t->kind)));
    json_object_set_new(o, "title", json_string(t->title));
    json_t *h = json_array(), *r = json_array();
    for (int i = 0; i < t->nrows; i++) {
        json_t *row = json_array();
        for (int c = 0; c < t->rows[i].n; c++)
            json_array_append_new(row, json_string(t->rows[i].v[c]));
        json_array_append_new(i < t->nhead ? h : r, row);
    }
    json_object_set_new(o, "header", h);
    json_object_set_new(o, "rows", r);
    char *s = json_dumps(o, JSON_COMPACT);
    sb_puts(b, s);
    sb_putc(b, '\n');
    free(s);
    json_decref(o);
}

/* Reads a spec from memory (path NULL) or from the file at path with the options `o`,
 * diagnostics captured as text. */
static inline readout read_with(const char *text, const char *path, reader_opts o)
{
    readout ro = {0};
    char *dbuf = NULL;
    size_t dlen = 0;
    FILE *df = open_memstream(&dbuf, &dlen);
    diag d;
    diag_init(&d, df);
    d.color = 0;
    src s;
    sbuf tb = {0};
    int rc = path ? src_load(&s, path, o.max_input, &d)
                  : src_from_memory(&s, "t.rst", text, strlen(text), &d);
    if (rc == 0)
        ro.ntables = read_tables(&s, &o, &d, collect_table, &tb);
    src_free(&s);
    fclose(df);
    ro.tables = tb.p ? tb.p : xstrdup("");
    ro.diags = dbuf;
    ro.nerrors = d.nerrors;
    ro.nwarnings = d.nwarnings;
    return ro;
}

static inline readout read_spec(const char *text, const char *path, const char *section,
                                int all)
{
    return read_with(text, path, (reader_opts){.section = section, .all = all,
                                                .max_input = 1 << 20});
}

static inline readout read_text_opts(const char *text, const char *section, int all)
{
    return read_spec(text, NULL, section, all);
}

static inline readout read_text(const char *text) { return read_text_opts(text, NULL, 0); }

static inline void readout_free(readout *r)
{
    free(r->tables);
    free(r->diags);
}

/* The tables of a document whose REST API impact section is `body`, read with
 * reader_opts.max_cells (0: the default, SIZE_MAX: no limit). */
static inline readout read_section_cells(const char *body, size_t max_cells)
{
    sbuf t = {0};
    sb_puts(&t, "Spec\n====\n\nREST API impact\n---------------\n\n");
    sb_puts(&t, body);
    readout r = read_with(t.p, NULL, (reader_opts){.max_input = 1 << 20, .max_cells = max_cells});
    sb_free(&t);
    return r;
}

static inline readout read_section(const char *body) { return read_section_cells(body, 0); }

/* The REST API impact section `body` gives no table and a diagnostic with `diag`. */
#define ck_assert_no_table(body, diag)                                                      \
    do {                                                                                     \
        readout r_ = read_section(body);                                                     \
        ck_assert_msg(r_.ntables == 0, "read a table from\n%s", (body));                     \
        ck_assert_contains(r_.diags, (diag));                                                \
        readout_free(&r_);                                                                   \
    } while (0)

#define ck_assert_contains(hay, needle)                                                      \
    ck_assert_msg(strstr((hay), (needle)) != NULL, "expected to find\n  %s\nin\n%s", (needle), \
                  (hay))

#define RUN_SUITE(make)                                                                      \
    int main(void)                                                                           \
    {                                                                                        \
        SRunner *sr = srunner_create(make());                                                \
        srunner_run_all(sr, CK_NORMAL);                                                      \
        int failed = srunner_ntests_failed(sr);                                              \
        srunner_free(sr);                                                                    \
        return failed ? 1 : 0;                                                               \
    }

#endif
