/* Loading: UTF-8, BOM, line breaks, tabs, trailing whitespace, invalid bytes. */
#include "helpers.h"

#include <unistd.h>

static src load(const char *text, size_t n, int *errors)
{
    diag d;
    FILE *null = fopen("/dev/null", "w");
    diag_init(&d, null);
    src s;
    ck_assert_int_eq(src_from_memory(&s, "x", text, n, &d), 0);
    fclose(null);
    if (errors)
        *errors = d.nerrors;
    return s;
}

static const char *line(const src *s, size_t i, char *out)
{
    size_t n;
    const char *p = src_line(s, i, &n);
    memcpy(out, p, n);
    out[n] = 0;
    return out;
}

START_TEST(tabs_expand_to_eight_column_stops)
{
    char b[64];
    static const char t[] = "a\tb\n\tc\n1234567\tx\n12345678\ty\n";
    src s = load(t, sizeof t - 1, NULL);
    ck_assert_uint_eq(s.nlines, 4);
    ck_assert_str_eq(line(&s, 0, b), "a       b");
    ck_assert_str_eq(line(&s, 1, b), "        c");
    ck_assert_str_eq(line(&s, 2, b), "1234567 x");
    ck_assert_str_eq(line(&s, 3, b), "12345678        y");
    src_free(&s);
}
END_TEST

START_TEST(tab_stops_count_characters_not_bytes)
{
    char b[64];
    /* "é" is two bytes but one column, as Python's expandtabs counts */
    src s = load("\xC3\xA9\tx\n", 5, NULL);
    ck_assert_str_eq(line(&s, 0, b), "\xC3\xA9       x");
    src_free(&s);
}
END_TEST

START_TEST(line_breaks_of_every_kind)
{
    char b[64];
    const char t[] = "a\r\nb\rc\nd\xE2\x80\xA8" "e\x1c" "f";
    src s = load(t, sizeof t - 1, NULL);
    ck_assert_uint_eq(s.nlines, 6);
    const char *want[] = {"a", "b", "c", "d", "e", "f"};
    for (int i = 0; i < 6; i++)
        ck_assert_str_eq(line(&s, (size_t)i, b), want[i]);
    src_free(&s);
}
END_TEST

START_TEST(bom_and_trailing_whitespace_go)
{
    char b[64];
    const char t[] = "\xEF\xBB\xBFtitle  \t\nx\xC2\xA0\n\v\fy\n";
    src s = load(t, sizeof t - 1, NULL);
    ck_assert_uint_eq(s.nlines, 3);
    ck_assert_str_eq(line(&s, 0, b), "title");
    ck_assert_str_eq(line(&s, 1, b), "x"); /* NBSP is whitespace to Python's rstrip */
    ck_assert_str_eq(line(&s, 2, b), "  y"); /* \v and \f become spaces */
    src_free(&s);
}
END_TEST

START_TEST(final_line_without_newline_and_empty_input)
{
    char b[8];
    src s = load("a\nb", 3, NULL);
    ck_assert_uint_eq(s.nlines, 2);
    ck_assert_str_eq(line(&s, 1, b), "b");
    src_free(&s);
    s = load("", 0, NULL);
    ck_assert_uint_eq(s.nlines, 0);
    src_free(&s);
    s = load("a\n   ", 5, NULL); /* a last line of blanks is still a line */
    ck_assert_uint_eq(s.nlines, 2);
    ck_assert_str_eq(line(&s, 1, b), "");
    src_free(&s);
}
END_TEST

START_TEST(invalid_utf8_is_an_error_at_its_column_and_replaced)
{
    readout r = read_text("ok\nab\xFF" "cd\n\tx\xC3(\n");
    ck_assert_int_eq(r.nerrors, 2);
    ck_assert_contains(r.diags, "t.rst:2:3: error: invalid UTF-8: byte 0xFF");
    ck_assert_contains(r.diags, "t.rst:3:10: error: invalid UTF-8: byte 0xC3");
    readout_free(&r);
    int errors;
    char b[32];
    src s = load("a\xE2\x82z", 4, &errors);
    ck_assert_int_eq(errors, 1);
    /* a truncated sequence is one U+FFFD, as Python's decoder gives */
    ck_assert_str_eq(line(&s, 0, b), "a\xEF\xBF\xBDz");
    src_free(&s);
}
END_TEST

START_TEST(overlong_and_surrogate_sequences_are_invalid)
{
    int errors;
    src s = load("\xC0\xAF \xED\xA0\x80 \xF4\x90\x80\x80", 12, &errors);
    /* one error per replaced subpart, exactly as many as Python's U+FFFDs */
    ck_assert_int_eq(errors, 9);
    src_free(&s);
}
END_TEST

START_TEST(input_size_limit_is_refused_with_a_diagnostic)
{
    char path[] = "/tmp/attrc-test-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq((int)write(fd, "0123456789", 10), 10);
    close(fd);
    char *dbuf = NULL;
    size_t dlen = 0;
    FILE *df = open_memstream(&dbuf, &dlen);
    diag d;
    diag_init(&d, df);
    src s;
    ck_assert_int_eq(src_load(&s, path, 9, &d), -1);
    src_free(&s);
    ck_assert_int_eq(src_load(&s, path, 10, &d), 0);
    src_free(&s);
    fclose(df);
    ck_assert_contains(dbuf, "over the input size limit of 9 bytes");
    free(dbuf);
    unlink(path);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("source");
    TCase *t = tcase_create("load");
    tcase_add_test(t, tabs_expand_to_eight_column_stops);
    tcase_add_test(t, tab_stops_count_characters_not_bytes);
    tcase_add_test(t, line_breaks_of_every_kind);
    tcase_add_test(t, bom_and_trailing_whitespace_go);
    tcase_add_test(t, final_line_without_newline_and_empty_input);
    tcase_add_test(t, invalid_utf8_is_an_error_at_its_column_and_replaced);
    tcase_add_test(t, overlong_and_surrogate_sequences_are_invalid);
    tcase_add_test(t, input_size_limit_is_refused_with_a_diagnostic);
    suite_add_tcase(s, t);
    return s;
}

RUN_SUITE(suite)
