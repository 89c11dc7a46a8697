/* Grid and simple table geometry: spans, multi-line cells, indentation, wide
 * characters, and the ways a table is malformed. */
#include "helpers.h"

START_TEST(grid_spans_and_multiline_cells)
{
    readout r = read_section("+-----+-----+-----+\n"
                             "| a   | b   | c   |\n"
                             "+=====+=====+=====+\n"
                             "| one | spans two |\n"
                             "| x   | columns   |\n"
                             "+-----+-----+-----+\n"
                             "| row | d   | e   |\n"
                             "| span+-----+-----+\n"
                             "|     | f   | g   |\n"
                             "+-----+-----+-----+\n");
    ck_assert_int_eq(r.nerrors, 0);
    ck_assert_str_eq(r.tables, "{\"line\":7,\"kind\":\"grid\",\"title\":\"\",\"header\":[[\"a\",\"b\","
                               "\"c\"]],\"rows\":[[\"one x\",\"spans two columns\"],[\"row span\","
                               "\"d\",\"e\"],[\"f\",\"g\"]]}\n");
    readout_free(&r);
}
END_TEST

START_TEST(grid_cell_indentation_is_relative)
{
    /* a cell's common indentation goes; what is left makes a block quote or a list */
    readout r = read_section("+------------+\n"
                             "|   - item 1 |\n"
                             "|   - item 2 |\n"
                             "+------------+\n");
    ck_assert_contains(r.tables, "\"rows\":[[\"item 1 item 2\"]]");
    readout_free(&r);
}
END_TEST

START_TEST(grid_east_asian_wide_characters_take_two_columns)
{
    readout r = read_section("+------+----+\n"
                             "| \xE5\x90\x8D\xE5\x89\x8D | id |\n"
                             "+------+----+\n");
    ck_assert_int_eq(r.nerrors, 0);
    ck_assert_contains(r.tables, "\"rows\":[[\"\xE5\x90\x8D\xE5\x89\x8D\",\"id\"]]");
    readout_free(&r);
}
END_TEST

START_TEST(grid_ragged_right_edge_is_an_error_at_the_line)
{
    ck_assert_no_table("+-----+-----+\n"
                             "| a   | b   |\n"
                             "| c   | d  |\n"
                             "+-----+-----+\n",
                       "t.rst:9:13: error: ragged right edge");
}
END_TEST

START_TEST(grid_cell_never_closed)
{
    /* "+== ==+" is no header separator, and no cell closes on it */
    ck_assert_no_table("+-----+-----+\n"
                             "| a   | b   |\n"
                             "+== ==+=====+\n"
                             "| c   | d   |\n"
                             "+-----+---|-+\n"
                             "| e     f   |\n"
                             "+-----+-----+\n",
                       "t.rst:11:1: error: malformed grid table: the cell starting here "
                                "is never closed");
}
END_TEST

START_TEST(grid_missing_separator_makes_a_row_span)
{
    /* docutils is lenient: a missing separator joins the cells above and below */
    readout r = read_section("+-----+-----+\n"
                             "| a   | b   |\n"
                             "+-----+     +\n"
                             "| c   | d   |\n"
                             "+-----+-----+\n");
    ck_assert_int_eq(r.nerrors, 0);
    ck_assert_contains(r.tables, "\"rows\":[[\"a\",\"b d\"],[\"c\"]]");
    readout_free(&r);
}
END_TEST

START_TEST(grid_without_bottom_border)
{
    ck_assert_no_table("+-----+\n"
                             "| a   |\n"
                             "| b   |\n",
                       "t.rst:9:1: error: grid table has no bottom border");
}
END_TEST

START_TEST(grid_two_header_separators)
{
    ck_assert_no_table("+---+\n| a |\n+===+\n| b |\n+===+\n| c |\n+---+\n",
                       "more than one header separator");
}
END_TEST

START_TEST(simple_table_with_spans_and_continuation_lines)
{
    readout r = read_section("=====  =====  ======\n"
                             "Col 1  Col 2  Col 3\n"
                             "=====  =====  ======\n"
                             "a      b      c\n"
                             "       more\n"
                             "a span over\n"
                             "------------  ------\n"
                             "x      y      z\n"
                             "=====  =====  ======\n");
    ck_assert_int_eq(r.nerrors, 0);
    ck_assert_contains(r.tables, "\"kind\":\"simple\"");
    ck_assert_contains(r.tables, "\"header\":[[\"Col 1\",\"Col 2\",\"Col 3\"]],\"rows\":[[\"a\","
                                 "\"b more\",\"c\"],[\"a span over\",\"\"],[\"x\",\"y\",\"z\"]]");
    readout_free(&r);
    r = read_section("=====  =====\nA      B\n=====  =====\nx      y\n---\n=====  =====\n");
    ck_assert_int_eq(r.ntables, 0);
    ck_assert_contains(r.diags, "t.rst:11:4: error: column span underline does not reach");
    readout_free(&r);
}
END_TEST

START_TEST(simple_table_text_in_margin)
{
    ck_assert_no_table("===  ===\n"
                             "a    b\n"
                             "xxxxx  c\n"
                             "===  ===\n",
                       "t.rst:9:4: error: text in the margin");
}
END_TEST

START_TEST(simple_table_last_column_may_overflow)
{
    readout r = read_section("===  ===\n"
                             "a    long text past the border\n"
                             "===  ===\n");
    ck_assert_int_eq(r.nerrors, 0);
    ck_assert_contains(r.tables, "[[\"a\",\"long text past the border\"]]");
    readout_free(&r);
}
END_TEST

START_TEST(simple_table_without_bottom)
{
    ck_assert_no_table("===  ===\n"
                             "a    b\n",
                       "error: simple table has no bottom border");
}
END_TEST

START_TEST(dense_and_random_grids_finish)
{
    /* tracing stays near linear in the table's area on shapes that make it backtrack */
    unsigned seed = 7;
    for (int shape = 0; shape < 2; shape++) {
        sbuf doc = {0};
        sb_puts(&doc, "REST API impact\n---------------\n\n+-");
        for (int c = 0; c < 396; c++)
            sb_putc(&doc, shape ? '+' : (c % 2 ? '+' : '-'));
        sb_puts(&doc, "-+\n");
        for (int r = 0; r < 300; r++) {
            sb_putc(&doc, '|');
            for (int c = 0; c < 398; c++) {
                seed = seed * 1103515245u + 12345u;
                sb_putc(&doc, shape ? '+' : "+-| "[(seed >> 16) & 3]);
            }
            sb_puts(&doc, "|\n");
        }
        sb_puts(&doc, "+-");
        for (int c = 0; c < 396; c++)
            sb_putc(&doc, c % 2 ? '+' : '-');
        sb_puts(&doc, "-+\n");
        readout r = read_text(doc.p);
        ck_assert_int_le(r.ntables, 1);
        readout_free(&r);
        sb_free(&doc);
    }
}
END_TEST

START_TEST(tall_tables_stay_linear)
{
    /* 20,000 rows of each kind: tracing, rows and records grow in linear time */
    sbuf g = {0}, sm = {0}, c = {0}, l = {0};
    sb_puts(&g, "+----+----+\n");
    sb_puts(&sm, "====  ====\n");
    sb_puts(&c, ".. csv-table::\n\n");
    sb_puts(&l, ".. list-table::\n\n");
    for (int r = 0; r < 20000; r++) {
        sb_puts(&g, "| a  | b  |\n+----+----+\n");
        sb_puts(&sm, "a     b\n");
        sb_puts(&c, "   a,b\n");
        sb_puts(&l, "   * - a\n     - b\n");
    }
    sb_puts(&sm, "====  ====\n");
    sbuf *docs[] = {&g, &sm, &c, &l};
    for (int k = 0; k < 4; k++) {
        readout r = read_section(docs[k]->p);
        ck_assert_int_eq(r.ntables, 1);
        ck_assert_int_eq(r.nerrors, 0);
        readout_free(&r);
        sb_free(docs[k]);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("tables");
    TCase *g = tcase_create("grid");
    tcase_add_test(g, grid_spans_and_multiline_cells);
    tcase_add_test(g, grid_cell_indentation_is_relative);
    tcase_add_test(g, grid_east_asian_wide_characters_take_two_columns);
    tcase_add_test(g, grid_ragged_right_edge_is_an_error_at_the_line);
    tcase_add_test(g, grid_cell_never_closed);
    tcase_add_test(g, grid_missing_separator_makes_a_row_span);
    tcase_add_test(g, grid_without_bottom_border);
    tcase_add_test(g, grid_two_header_separators);
    tcase_add_test(g, dense_and_random_grids_finish);
    tcase_add_test(g, tall_tables_stay_linear);
    tcase_set_timeout(g, 20);
    suite_add_tcase(s, g);
    TCase *t = tcase_create("simple");
    tcase_add_test(t, simple_table_with_spans_and_continuation_lines);
    tcase_add_test(t, simple_table_text_in_margin);
    tcase_add_test(t, simple_table_last_column_may_overflow);
    tcase_add_test(t, simple_table_without_bottom);
    suite_add_tcase(s, t);
    return s;
}

RUN_SUITE(suite)
