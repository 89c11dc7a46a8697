/* Where tables are looked for: sections and their levels, what is not a table
 * (literal blocks, comments, unknown directives), and where tables may sit. */
#include "helpers.h"

static const char grid[] = "+---+\n| x |\n+---+\n";

static int count_tables(const char *doc, const char *section, int all)
{
    readout r = read_text_opts(doc, section, all);
    int n = r.ntables;
    readout_free(&r);
    return n;
}

START_TEST(section_levels_decide_where_the_section_ends)
{
    const char *doc = "=====\nTitle\n=====\n\n"
                      "Intro\n-----\n\n+---+\n| 0 |\n+---+\n\n"
                      "REST API Impacts\n----------------\n\n+---+\n| 1 |\n+---+\n\n"
                      "Sub\n~~~\n\n+---+\n| 2 |\n+---+\n\n"
                      "Deeper\n^^^^^^\n\n+---+\n| 3 |\n+---+\n\n"
                      "Security impact\n---------------\n\n+---+\n| 4 |\n+---+\n";
    readout r = read_text(doc);
    ck_assert_int_eq(r.ntables, 3);
    ck_assert_contains(r.tables, "[[\"1\"]]");
    ck_assert_contains(r.tables, "[[\"3\"]]");
    ck_assert_msg(strstr(r.tables, "[[\"4\"]]") == NULL, "read past the section");
    readout_free(&r);
    ck_assert_int_eq(count_tables(doc, "security IMPACT", 0), 1);
    ck_assert_int_eq(count_tables(doc, NULL, 1), 5);
}
END_TEST

START_TEST(overlined_titles_are_their_own_style)
{
    const char *doc = "=======\nTitle\n=======\n\n"
                      "REST API impact\n===============\n\n+---+\n| 1 |\n+---+\n\n"
                      "=====\nOther\n=====\n\n+---+\n| 2 |\n+---+\n";
    /* "===" under a title is a new, deeper style than "===" over and under */
    readout r = read_text(doc);
    ck_assert_int_eq(r.ntables, 1);
    readout_free(&r);
}
END_TEST

START_TEST(short_underlines_and_inconsistent_levels)
{
    /* an underline shorter than 4 under a longer title is text, not a title */
    ck_assert_int_eq(count_tables("REST API impact\n---\n\n+---+\n| 1 |\n+---+\n", NULL, 0), 0);
    /* a long enough one works, with a warning */
    readout r = read_text("REST API impact\n-------\n\n+---+\n| 1 |\n+---+\n");
    ck_assert_int_eq(r.ntables, 1);
    ck_assert_contains(r.diags, "warning: title underline too short");
    readout_free(&r);
    /* a level that skips one is no section at all */
    r = read_text("A\n=\n\nB\n-\n\nREST API impact\n---------------\n\nC\n~\n\n"
                  "REST API impact\n^^^^^^^^^^^^^^^\n\n+---+\n| 1 |\n+---+\n");
    ck_assert_int_eq(r.ntables, 1);
    readout_free(&r);
}
END_TEST

START_TEST(literal_blocks_comments_and_unknown_directives_hide_tables)
{
    const char *blocks[] = {
        "Example::\n\n    +---+\n    | x |\n    +---+\n",
        "::\n\n    +---+\n    | x |\n    +---+\n",
        ".. code-block:: text\n\n   +---+\n   | x |\n   +---+\n",
        ".. code:: text\n\n   +---+\n   | x |\n   +---+\n",
        ".. a comment\n   +---+\n   | x |\n   +---+\n",
        "..\n   +---+\n   | x |\n   +---+\n",
        ".. seqdiag::\n\n   +---+\n   | x |\n   +---+\n",
        ".. no-such-directive:: arg\n\n   +---+\n   | x |\n   +---+\n",
        "Text\n+---+\n| x |\n+---+\n",
    };
    for (size_t k = 0; k < sizeof blocks / sizeof blocks[0]; k++) {
        readout r = read_section(blocks[k]);
        ck_assert_msg(r.ntables == 0, "block %zu gave a table", k);
        readout_free(&r);
    }
}
END_TEST

START_TEST(tables_in_quotes_lists_and_admonitions_are_read)
{
    const char *blocks[] = {
        "    +---+\n    | x |\n    +---+\n",
        "* item\n\n  +---+\n  | x |\n  +---+\n",
        "1. item\n\n   +---+\n   | x |\n   +---+\n",
        "term\n   +---+\n   | x |\n   +---+\n",
        ":field: value\n\n   +---+\n   | x |\n   +---+\n",
        ".. note::\n\n   +---+\n   | x |\n   +---+\n",
        "..\n\n   +---+\n   | x |\n   +---+\n",
    };
    for (size_t k = 0; k < sizeof blocks / sizeof blocks[0]; k++) {
        readout r = read_section(blocks[k]);
        ck_assert_msg(r.ntables == 1, "block %zu: %d tables\n%s", k, r.ntables, r.diags);
        ck_assert_contains(r.tables, "[[\"x\"]]");
        readout_free(&r);
    }
}
END_TEST

START_TEST(table_directive_gives_a_title_and_its_line)
{
    readout r = read_section("\n.. table:: Flavor *attributes*\n   :widths: auto\n\n   "
                             "+----+\n   | id |\n   +----+\n");
    ck_assert_str_eq(r.tables, "{\"line\":8,\"kind\":\"grid\",\"title\":\"Flavor attributes\","
                               "\"header\":[],\"rows\":[[\"id\"]]}\n");
    readout_free(&r);
    r = read_section(".. table:: T\n\n   +---+\n   | x |\n   +---+\n\n   extra text\n");
    ck_assert_int_eq(r.ntables, 0);
    ck_assert_contains(r.diags, "exactly one table");
    readout_free(&r);
}
END_TEST

START_TEST(list_tables)
{
    readout r = read_section(".. list-table:: Codes\n   :header-rows: 1\n   :widths: 10 30\n\n"
                             "   * - Code\n     - Meaning\n   * - 200\n     - ``OK``\n"
                             "   * - 404\n     - Not\n       found\n");
    ck_assert_int_eq(r.nerrors, 0);
    ck_assert_str_eq(r.tables, "{\"line\":7,\"kind\":\"list\",\"title\":\"Codes\",\"header\":[["
                               "\"Code\",\"Meaning\"]],\"rows\":[[\"200\",\"OK\"],[\"404\","
                               "\"Not found\"]]}\n");
    readout_free(&r);
    r = read_section(".. list-table::\n\n   * - a\n     - b\n   * - c\n");
    ck_assert_int_eq(r.ntables, 0);
    ck_assert_contains(r.diags, "row 2 has 1 cells, row 1 has 2");
    readout_free(&r);
    r = read_section(".. list-table::\n\n   * - a\n   text\n");
    ck_assert_int_eq(r.ntables, 0);
    ck_assert_contains(r.diags, "one bullet list of rows");
    readout_free(&r);
}
END_TEST

START_TEST(errors_stop_at_the_cap)
{
    sbuf doc = {0};
    sb_puts(&doc, "REST API impact\n---------------\n\n");
    for (int i = 0; i < 80; i++)
        sb_puts(&doc, "+---+\n| x |\n| y  |\n+---+\n\n");
    readout r = read_text(doc.p);
    ck_assert_int_eq(r.nerrors, ATTRC_DEFAULT_MAX_ERRORS);
    ck_assert_contains(r.diags, "too many errors (50), stopping");
    readout_free(&r);
    sb_free(&doc);
}
END_TEST

START_TEST(deep_nesting_is_bounded)
{
    sbuf doc = {0};
    sb_puts(&doc, "REST API impact\n---------------\n\n");
    for (int i = 0; i < 5000; i++) {
        for (int k = 0; k < i; k++)
            sb_putc(&doc, ' ');
        sb_puts(&doc, "x\n\n");
    }
    readout r = read_text(doc.p);
    ck_assert_int_eq(r.nerrors, 0);
    ck_assert_contains(r.diags, "nested more than 64 deep");
    readout_free(&r);
    sb_free(&doc);
}
END_TEST

START_TEST(grid_tables_need_a_blank_line_before_them)
{
    ck_assert_int_eq(count_tables(grid, NULL, 1), 1);
    /* "+--+" is too narrow for docutils' border pattern: a paragraph */
    ck_assert_int_eq(count_tables("+--+\n| x|\n+--+\n", NULL, 1), 0);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("reader");
    TCase *t = tcase_create("sections");
    tcase_add_test(t, section_levels_decide_where_the_section_ends);
    tcase_add_test(t, overlined_titles_are_their_own_style);
    tcase_add_test(t, short_underlines_and_inconsistent_levels);
    suite_add_tcase(s, t);
    TCase *b = tcase_create("blocks");
    tcase_add_test(b, literal_blocks_comments_and_unknown_directives_hide_tables);
    tcase_add_test(b, tables_in_quotes_lists_and_admonitions_are_read);
    tcase_add_test(b, table_directive_gives_a_title_and_its_line);
    tcase_add_test(b, list_tables);
    tcase_add_test(b, grid_tables_need_a_blank_line_before_them);
    suite_add_tcase(s, b);
    TCase *l = tcase_create("limits");
    tcase_add_test(l, errors_stop_at_the_cap);
    tcase_add_test(l, deep_nesting_is_bounded);
    tcase_set_timeout(l, 20);
    suite_add_tcase(s, l);
    return s;
}

RUN_SUITE(suite)
