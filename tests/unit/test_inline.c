/* Inline markup to text, as docutils' astext() gives it. */
#include "helpers.h"
#include "inline.h"

static char *astext(const char *in, inline_ctx *cx)
{
    sbuf b = {0};
    inline_astext(&b, in, strlen(in), cx);
    return sb_take(&b);
}

#define CHECK(in, want)                                                                      \
    do {                                                                                     \
        char *got_ = astext((in), NULL);                                                     \
        ck_assert_msg(strcmp(got_, (want)) == 0, "%s -> [%s], want [%s]", (in), got_, (want)); \
        free(got_);                                                                          \
    } while (0)

START_TEST(delimiters_go)
{
    CHECK("``id``", "id");
    CHECK("*emphasis* and **strong**", "emphasis and strong");
    CHECK("`title`", "title");
    CHECK(":code:`x = 1`", "x = 1");
    CHECK(":ref:`flavors`", "flavors");
    CHECK("`text <http://example.invalid/a>`_", "text");
    CHECK("`<http://example.invalid/a>`_", "http://example.invalid/a");
    CHECK("_`inline target`", "inline target");
}
END_TEST

START_TEST(unmatched_and_quoted_start_strings_stay)
{
    CHECK("2 * 3 * 4", "2 * 3 * 4");
    CHECK("a*b", "a*b");
    CHECK("'*'", "'*'");
    CHECK("(*)", "(*)");
    CHECK("*unclosed", "*unclosed");
    CHECK("``", "``");
    CHECK("a_b_c", "a_b_c");
}
END_TEST

START_TEST(literals_keep_backslashes_elsewhere_escapes_resolve)
{
    CHECK("``a\\b``", "a\\b");
    CHECK("a\\*b", "a*b");
    CHECK("x\\ y", "xy");
    CHECK("\\`not interpreted\\`", "`not interpreted`");
}
END_TEST

START_TEST(unknown_roles_stay_as_written)
{
    CHECK(":bogus:`text`", ":bogus:`text`");
    CHECK(":RFC:`2616`", "2616");
}
END_TEST

START_TEST(dangling_references_stay_as_written)
{
    CHECK("see name_ here", "see name_ here");
    CHECK("`a phrase`_", "`a phrase`_");
    CHECK("[1]_ and [CIT]_", "[1]_ and [CIT]_");
    CHECK("|sub|", "|sub|");
    CHECK("anon__", "anon__");
}
END_TEST

START_TEST(references_that_resolve_read_as_text)
{
    inline_ctx cx = {.refs = refset_new(), .anon_ok = 1};
    refset_add(cx.refs, REF_NAME, "Name", 4, "http://x.invalid");
    refset_add(cx.refs, REF_NAME, "a  phrase", 9, "http://y.invalid");
    refset_add(cx.refs, REF_NAME, "1", 1, NULL);
    refset_add(cx.refs, REF_NAME, "CIT", 3, NULL);
    refset_add(cx.refs, REF_SUBST, "sub", 3, "replaced text");
    refset_add(cx.refs, REF_IMPLICIT, "Twice", 5, NULL);
    refset_add(cx.refs, REF_IMPLICIT, "Twice", 5, NULL);
    char *t = astext("name_ `a phrase`_ [1]_ [CIT]_ |sub| anon__ Twice_", &cx);
    ck_assert_str_eq(t, "name a phrase 1 CIT replaced text anon Twice_");
    free(t);
    refset_free(cx.refs);
}
END_TEST

START_TEST(footnotes_are_numbered_as_docutils_numbers_them)
{
    /* collect: "2" names a target; footnotes [#], [#b], [#], [*]; then the references */
    inline_ctx cx = {.refs = refset_new(), .collect = 1};
    refset_add(cx.refs, REF_NAME, "2", 1, "http://x.invalid");
    refset_add(cx.refs, REF_NAME, "tgt", 3, "http://y.invalid");
    const char *defs[] = {"#", "#b", "#", "*"};
    for (size_t k = 0; k < 4; k++)
        inline_footnote(NULL, defs[k], strlen(defs[k]), &cx);
    const char *text = "[#]_ [#B]_ [#]_ [#zz]_ [#tgt]_ [*]_ [*]_ [3]_ [4]_";
    free(astext(text, &cx));
    refset_number(cx.refs);
    /* read again: 2 is taken, so the footnotes are 1, 3 and 4; the second [#]_ has none
     * left; [#zz]_ names nothing; [#tgt]_ names a target, which has no number; 4 names
     * the second [#] footnote but 3 names nothing ([#b] has its own name) */
    cx.collect = 0;
    cx.notes = (notecount){0, 0, 0, 0};
    char *got = astext(text, &cx);
    ck_assert_str_eq(got, "1 3 4 [#zz]_  * [*]_ [3]_ 4");
    free(got);
    sbuf label = {0};
    cx.notes = (notecount){0, 0, 0, 0};
    for (size_t k = 0; k < 4; k++) {
        inline_footnote(&label, defs[k], strlen(defs[k]), &cx);
        sb_putc(&label, ' ');
    }
    ck_assert_str_eq(label.p, "1 3 4 * ");
    sb_free(&label);
    refset_free(cx.refs);
}
END_TEST

START_TEST(markup_at_the_start_of_what_remains)
{
    /* after a start-string docutils gave up on, the rest is a new text */
    CHECK("|`lit`` x", "|lit` x");
    CHECK("**a**b*c*", "**a**b*c*"); /* no end-string: "**" must end before text */
    CHECK("**a**, *c*", "a, c");
}
END_TEST

START_TEST(field_markers)
{
    size_t a, b;
    ck_assert_uint_eq(field_marker(":header: a,b", 12, &a, &b), 9);
    ck_assert_uint_eq(a, 1);
    ck_assert_uint_eq(b, 7);
    ck_assert_uint_eq(field_marker(":py:class: x", 12, &a, &b), 11);
    ck_assert_uint_eq(field_marker(":: x", 4, &a, &b), 0);
    ck_assert_uint_eq(field_marker(": x: y", 6, &a, &b), 0);
    ck_assert_uint_eq(field_marker(":x :y", 5, &a, &b), 0);
    ck_assert_uint_eq(field_marker(":flag:", 6, &a, &b), 6);
}
END_TEST

START_TEST(start_strings_without_end_stay_linear)
{
    /* docutils searches from each start-string; attrc must not, on a large cell */
    const char *units[] = {"*a ", "**a ", "``a ", "`a ", "|a ", "_`a ", "a-", ":a", "x:a:`"};
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        sbuf in = {0};
        for (int k = 0; k < 60000; k++)
            sb_puts(&in, units[u]);
        sbuf out = {0};
        inline_astext(&out, in.p, in.n, NULL);
        ck_assert_msg(out.n > 0, "unit %zu", u);
        sb_free(&in);
        sb_free(&out);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("inline");
    TCase *t = tcase_create("astext");
    tcase_add_test(t, delimiters_go);
    tcase_add_test(t, unmatched_and_quoted_start_strings_stay);
    tcase_add_test(t, literals_keep_backslashes_elsewhere_escapes_resolve);
    tcase_add_test(t, unknown_roles_stay_as_written);
    tcase_add_test(t, dangling_references_stay_as_written);
    tcase_add_test(t, references_that_resolve_read_as_text);
    tcase_add_test(t, footnotes_are_numbered_as_docutils_numbers_them);
    tcase_add_test(t, markup_at_the_start_of_what_remains);
    tcase_add_test(t, field_markers);
    tcase_add_test(t, start_strings_without_end_stay_linear);
    tcase_set_timeout(t, 10);
    suite_add_tcase(s, t);
    return s;
}

RUN_SUITE(suite)
