/* The CSV reader (Python csv semantics) and the csv-table options. */
#include "csvread.h"
#include "helpers.h"

#include <stdint.h>
#include <unistd.h>

static csv_result rd(const csv_dialect *d, const char *text)
{
    const char *lines[16];
    size_t lens[16];
    int n = 0;
    const char *s = text;
    while (*s && n < 16) {
        const char *e = strchr(s, '\n');
        if (!e)
            e = s + strlen(s);
        lines[n] = s;
        lens[n++] = (size_t)(e - s);
        s = *e ? e + 1 : e;
    }
    csv_result r;
    csv_read(d, lines, lens, n, &r);
    return r;
}

static const csv_dialect docutils = {',', '"', 0, 1, 1, 1};

START_TEST(quotes_spaces_and_empty_lines)
{
    csv_result r = rd(&docutils, "a, \"b, c\",d\n\n\"x \"\"y\"\"\",  z ,\n");
    ck_assert_int_eq(r.n, 3);
    ck_assert_int_eq(r.recs[0].fields.n, 3);
    ck_assert_str_eq(r.recs[0].fields.v[1], "b, c");
    ck_assert_int_eq(r.recs[1].fields.n, 0); /* a blank line is an empty row */
    ck_assert_str_eq(r.recs[2].fields.v[0], "x \"y\"");
    ck_assert_str_eq(r.recs[2].fields.v[1], "z "); /* only leading spaces are skipped */
    ck_assert_str_eq(r.recs[2].fields.v[2], "");
    ck_assert_int_eq(r.recs[2].line, 2);
    csv_result_free(&r);
}
END_TEST

START_TEST(quoted_fields_span_lines)
{
    csv_result r = rd(&docutils, "\"one\ntwo\",3\n");
    ck_assert_int_eq(r.n, 1);
    ck_assert_str_eq(r.recs[0].fields.v[0], "one\ntwo");
    csv_result_free(&r);
}
END_TEST

START_TEST(strict_quoting_errors)
{
    csv_result r;
    const char *lines[] = {"\"a\"b,c"};
    size_t lens[] = {6};
    ck_assert_int_eq(csv_read(&docutils, lines, lens, 1, &r), -1);
    ck_assert_int_eq(r.err_col, 3);
    csv_result_free(&r);
    const char *l2[] = {"a,\"open"};
    size_t n2[] = {7};
    ck_assert_int_eq(csv_read(&docutils, l2, n2, 1, &r), -1);
    ck_assert_int_eq(r.err_col, 2);
    ck_assert_msg(strstr(r.msg, "unterminated") != NULL, "%s", r.msg);
    csv_result_free(&r);
}
END_TEST

START_TEST(quote_inside_unquoted_field_is_text)
{
    csv_result r = rd(&docutils, "a \"b\" c,d\n");
    ck_assert_str_eq(r.recs[0].fields.v[0], "a \"b\" c");
    csv_result_free(&r);
}
END_TEST

START_TEST(escape_character_and_no_doubled_quotes)
{
    csv_dialect d = {';', '\'', '\\', 0, 0, 1};
    csv_result r = rd(&d, "a\\;b; 'c\\'d'\n");
    ck_assert_int_eq(r.recs[0].fields.n, 2);
    ck_assert_str_eq(r.recs[0].fields.v[0], "a;b");
    ck_assert_str_eq(r.recs[0].fields.v[1], " 'c'd'"); /* keepspace: no skipping */
    csv_result_free(&r);
}
END_TEST

START_TEST(directive_options_change_the_dialect)
{
    readout r = read_section(".. csv-table:: T\n"
                             "   :header: \"A\", \"B\"\n"
                             "   :delim: |\n"
                             "   :quote: '\n\n"
                             "   x|'y|z'\n");
    ck_assert_int_eq(r.nerrors, 0);
    ck_assert_contains(r.tables, "\"title\":\"T\",\"header\":[[\"A\",\"B\"]],\"rows\":[[\"x\","
                                 "\"y|z\"]]");
    readout_free(&r);
    r = read_section(".. csv-table::\n   :delim: 0x3b\n   :header-rows: 1\n\n   h1;h2\n   a;b\n");
    ck_assert_contains(r.tables, "\"header\":[[\"h1\",\"h2\"]],\"rows\":[[\"a\",\"b\"]]");
    readout_free(&r);
}
END_TEST

START_TEST(cells_are_parsed_as_rst)
{
    readout r = read_section(".. csv-table::\n\n   ``id``,\"* a\n   * b\",**x**\n");
    ck_assert_contains(r.tables, "\"rows\":[[\"id\",\"a b\",\"x\"]]");
    readout_free(&r);
}
END_TEST

START_TEST(long_and_short_rows_are_padded_with_a_warning)
{
    readout r = read_section(".. csv-table::\n   :header: a, b\n\n   1, 2, 3\n   4\n");
    ck_assert_int_eq(r.nerrors, 0);
    ck_assert_int_eq(r.nwarnings, 2);
    ck_assert_contains(r.tables, "\"header\":[[\"a\",\"b\",\"\"]],\"rows\":[[\"1\",\"2\",\"3\"],"
                                 "[\"4\",\"\",\"\"]]");
    ck_assert_contains(r.diags, "t.rst:10:4: warning: csv row has 3 fields, more than the 2 of "
                                "the header");
    ck_assert_contains(r.diags, "t.rst:11:4: warning: csv row has 1 field, fewer than the 2");
    readout_free(&r);
}
END_TEST

START_TEST(bad_options_are_errors_and_no_table)
{
    const char *cases[][2] = {
        {".. csv-table::\n   :bogus: 1\n\n   a\n", "unknown option \"bogus\""},
        {".. csv-table::\n   :header-rows: x\n\n   a\n", "must be a non-negative integer"},
        {".. csv-table::\n   :widths: 1, 2\n\n   a\n", ":widths: gives 2 width(s) but"},
        {".. csv-table::\n   :delim: ab\n\n   a\n", "must be a single character"},
        {".. csv-table::\n   :url: http://x.invalid/a.csv\n", "never touches the network"},
        {".. csv-table::\n   :header: a\n", "empty csv-table"},
        {".. csv-table::\n   :header-rows: 2\n\n   a\n", "2 header row(s) specified"},
        {".. csv-table::\n   :file: /etc/passwd\n", "outside the spec's folder"},
        {".. csv-table::\n   :file: missing.csv\n", "not found"},
        {".. csv-table::\n   :encoding: latin-9\n\n   a\n", "is not supported"},
        {".. csv-table::\n\n   a,\"b\n", "unterminated quoted field"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        readout r = read_section(cases[k][0]);
        ck_assert_msg(r.ntables == 0, "case %zu read a table", k);
        ck_assert_msg(r.nerrors == 1, "case %zu: %d errors\n%s", k, r.nerrors, r.diags);
        ck_assert_contains(r.diags, cases[k][1]);
        readout_free(&r);
    }
}
END_TEST

START_TEST(file_option_reads_inside_the_folder_only)
{
    char dir[] = "/tmp/attrc-csv-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[256], outside[256], link[256], data[256];
    snprintf(path, sizeof path, "%s/spec.rst", dir);
    snprintf(data, sizeof data, "%s/data.csv", dir);
    snprintf(outside, sizeof outside, "%s-outside.csv", dir);
    snprintf(link, sizeof link, "%s/link.csv", dir);
    FILE *f = fopen(data, "w");
    fputs("a,b\n1,2\n", f);
    fclose(f);
    f = fopen(outside, "w");
    fputs("secret\n", f);
    fclose(f);
    ck_assert_int_eq(symlink(outside, link), 0);
    f = fopen(path, "w");
    fputs("REST API impact\n===============\n\n"
          ".. csv-table::\n   :file: data.csv\n   :header-rows: 1\n\n"
          ".. csv-table::\n   :file: link.csv\n",
          f);
    fclose(f);
    readout r = read_spec(NULL, path, NULL, 0);
    ck_assert_int_eq(r.ntables, 1);
    ck_assert_contains(r.tables, "\"header\":[[\"a\",\"b\"]],\"rows\":[[\"1\",\"2\"]]");
    ck_assert_contains(r.diags, "\"link.csv\" is outside the spec's folder");
    ck_assert_int_eq(r.nerrors, 1);
    readout_free(&r);
    unlink(link);
    unlink(data);
    unlink(path);
    unlink(outside);
    rmdir(dir);
}
END_TEST

/* csv_scan: records one at a time, the callback can stop the reading */
typedef struct {
    int n, stop_at;
    sbuf seen;
} scan_seen;

static const char *scan_line(void *ud, int i, size_t *len)
{
    (void)ud;
    static const char *const lines[] = {"a, b", "", "\"c", "d\",e", "f"};
    *len = strlen(lines[i]);
    return lines[i];
}

static int scan_row(const csv_row *row, void *ud)
{
    scan_seen *s = ud;
    sb_printf(&s->seen, "[%d:%d", row->line, row->col);
    for (int k = 0; k < row->n; k++)
        sb_printf(&s->seen, " %s@%d:%d", row->fields[k], row->fline[k], row->fcol[k]);
    sb_puts(&s->seen, "]");
    return ++s->n == s->stop_at;
}

START_TEST(scan_hands_records_over_one_at_a_time)
{
    scan_seen s = {0};
    csv_error e;
    ck_assert_int_eq(csv_scan(&docutils, 5, scan_line, scan_row, &s, &e), 0);
    ck_assert_int_eq(s.n, 4);
    ck_assert_str_eq(s.seen.p, "[0:0 a@0:0 b@0:3][1:0][2:0 c\nd@2:0 e@3:3][4:0 f@4:0]");
    sb_free(&s.seen);
    scan_seen t = {.stop_at = 2};
    ck_assert_int_eq(csv_scan(&docutils, 5, scan_line, scan_row, &t, &e), 1);
    ck_assert_str_eq(t.seen.p, "[0:0 a@0:0 b@0:3][1:0]");
    sb_free(&t.seen);
}
END_TEST

START_TEST(tables_over_the_cell_limit_are_refused)
{
    /* 3 rows of 2: at a limit of 6 read, at 5 refused at the directive */
    const char *csv = ".. csv-table::\n   :header: a, b\n\n   1, 2\n   3\n";
    readout r = read_section_cells(csv, 6);
    ck_assert_int_eq(r.ntables, 1);
    ck_assert_int_eq(r.nerrors, 0);
    readout_free(&r);
    r = read_section_cells(csv, 5);
    ck_assert_int_eq(r.ntables, 0);
    ck_assert_int_eq(r.nerrors, 1);
    ck_assert_contains(r.diags, "t.rst:7:1: error: csv-table has more than 5 cells "
                                "(--max-table-cells); attrc reads no table this large");
    readout_free(&r);
    r = read_section_cells(csv, SIZE_MAX); /* --max-table-cells 0 */
    ck_assert_int_eq(r.ntables, 1);
    readout_free(&r);
    /* every kind: a table of 4 cells at a limit of 3 */
    const char *kinds[][2] = {
        {"+---+---+\n| a | b |\n+---+---+\n| c | d |\n+---+---+\n", "grid table has more"},
        {"===  ===\na    b\nc    d\n===  ===\n", "simple table has more"},
        {".. list-table::\n\n   * - a\n     - b\n   * - c\n     - d\n", "list-table has more"},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        r = read_section_cells(kinds[k][0], 4);
        ck_assert_msg(r.ntables == 1 && r.nerrors == 0, "kind %zu: %s", k, r.diags);
        readout_free(&r);
        r = read_section_cells(kinds[k][0], 3);
        ck_assert_msg(r.ntables == 0 && r.nerrors == 1, "kind %zu: %s", k, r.diags);
        ck_assert_contains(r.diags, "t.rst:7:1: error: ");
        ck_assert_contains(r.diags, kinds[k][1]);
        readout_free(&r);
    }
}
END_TEST

START_TEST(the_default_cell_limit_is_a_million)
{
    /* 500,000 rows of 2 cells are read; one row more is refused */
    sbuf b = {0};
    sb_puts(&b, ".. csv-table::\n\n");
    for (int k = 0; k < 500000; k++)
        sb_puts(&b, "   a,b\n");
    readout r = read_section_cells(b.p, 0);
    ck_assert_int_eq(r.nerrors, 0);
    ck_assert_int_eq(r.ntables, 1);
    readout_free(&r);
    sb_puts(&b, "   a,b\n");
    r = read_section_cells(b.p, 0);
    ck_assert_int_eq(r.ntables, 0);
    ck_assert_contains(r.diags, "csv-table has more than 1000000 cells");
    readout_free(&r);
    sb_free(&b);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("csv");
    TCase *t = tcase_create("reader");
    tcase_add_test(t, quotes_spaces_and_empty_lines);
    tcase_add_test(t, quoted_fields_span_lines);
    tcase_add_test(t, strict_quoting_errors);
    tcase_add_test(t, quote_inside_unquoted_field_is_text);
    tcase_add_test(t, escape_character_and_no_doubled_quotes);
    tcase_add_test(t, scan_hands_records_over_one_at_a_time);
    suite_add_tcase(s, t);
    TCase *d = tcase_create("directive");
    tcase_add_test(d, directive_options_change_the_dialect);
    tcase_add_test(d, cells_are_parsed_as_rst);
    tcase_add_test(d, long_and_short_rows_are_padded_with_a_warning);
    tcase_add_test(d, bad_options_are_errors_and_no_table);
    tcase_add_test(d, file_option_reads_inside_the_folder_only);
    tcase_add_test(d, tables_over_the_cell_limit_are_refused);
    tcase_add_test(d, the_default_cell_limit_is_a_million);
    tcase_set_timeout(d, 60);
    suite_add_tcase(s, d);
    return s;
}

RUN_SUITE(suite)
