/* The escapers (compiler/escape.c): each one fed every class of character, alone and
 * between letters, and its output read back by the rules of its own format. */
#include "escape.h"
#include "helpers.h"

#include <attrc/attrc.h>

#include <string.h>

/* Every class: each byte alone (ASCII, controls, stray continuation and lead bytes),
 * code points that break lines or reorder text, noncharacters, wide and combining
 * characters, invalid sequences, and the sequences that end or open a comment or
 * splice a line. */
static const char *const classes[] = {
    "\x01", "\x07", "\x08", "\t", "\n", "\x0B", "\x0C", "\r", "\x1B", "\x1B[2J",
    "\x1B]0;title\x07", "\x7F", "\"", "\\", "'", "?", "?\?/", "?\?\?\?>", "*/", "/*", "*", "/", "\\\n",
    "#", ": ", "- ", "{", "}", "%", "\xC2\x80", "\xC2\x85", "\xC2\x9F", "\xC2\xA0",
    "\xD8\x9C", "\xE2\x80\x8E", "\xE2\x80\x8F", "\xE2\x80\xA8", "\xE2\x80\xA9",
    "\xE2\x80\xAA", "\xE2\x80\xAE", "\xE2\x81\xA6", "\xE2\x81\xA9", "\xEF\xBB\xBF",
    "\xEF\xBF\xBE", "\xEF\xBF\xBF", "\xEF\xBF\xBD", "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF",
    "\xE4\xB8\xAD", "e\xCC\x81", "\xC3\xA9",
    /* invalid: stray continuation, overlong, surrogate, above U+10FFFF, truncated */
    "\x80", "\xBF", "\xC0\x80", "\xC1\xBF", "\xED\xA0\x80", "\xF5\x80\x80\x80", "\xFF",
    "\xE2\x80", "\xF0\x90\x80",
    /* overlong forms of NUL, '/' and '.' in three and four bytes */
    "\xE0\x80\x80", "\xE0\x80\xAF", "\xF0\x80\x80\xAE",
};
#define NCLASSES (sizeof classes / sizeof classes[0])

/* Each class alone, and between letters. */
static void each_input(void (*check)(const char *in))
{
    char buf[64];
    for (size_t k = 0; k < NCLASSES; k++) {
        check(classes[k]);
        snprintf(buf, sizeof buf, "a%sb", classes[k]);
        check(buf);
    }
    for (int c = 1; c < 256; c++) {
        buf[0] = (char)c;
        buf[1] = 0;
        check(buf);
    }
}

static int valid_utf8(const char *s, size_t n) { return attrc_utf8_length(s, n) >= 0; }

/* No raw character a line-oriented reader would act on. */
static int has_unsafe(const char *s)
{
    for (size_t i = 0, n = strlen(s); i < n;) {
        uint32_t cp;
        int len = u8_decode(s + i, n - i, &cp);
        if (esc_is_unsafe(cp))
            return 1;
        i += (size_t)len;
    }
    return 0;
}

/* ---- C string: ASCII, and read back by C's rules to the same bytes ---- */

static void c_string_one(const char *in)
{
    sbuf b = {0};
    esc_c_string(&b, in, strlen(in));
    ck_assert(b.n >= 2 && b.p[0] == '"' && b.p[b.n - 1] == '"');
    sbuf back = {0};
    sb_puts(&back, "");
    for (size_t i = 1; i + 1 < b.n; i++) {
        unsigned char c = (unsigned char)b.p[i];
        ck_assert_msg(c >= 0x20 && c < 0x7F && c != '?', "raw byte %02x", c);
        ck_assert(c != '"');
        if (c != '\\') {
            sb_putc(&back, (char)c);
            continue;
        }
        c = (unsigned char)b.p[++i];
        if (c == '"' || c == '\\') {
            sb_putc(&back, (char)c);
        } else {
            ck_assert(c >= '0' && c <= '7');
            int v = (c - '0') * 64 + (b.p[i + 1] - '0') * 8 + (b.p[i + 2] - '0');
            i += 2;
            sb_putc(&back, (char)v);
        }
    }
    ck_assert_str_eq(back.p, in);
    sb_free(&b);
    sb_free(&back);
}

START_TEST(c_strings_read_back_to_their_bytes) { each_input(c_string_one); }
END_TEST

/* ---- C comment: ASCII, never ends or opens a comment, never splices a line ---- */

static void c_comment_one(const char *in)
{
    sbuf b = {0};
    sb_puts(&b, "/* ");
    esc_c_comment(&b, in);
    sb_puts(&b, " */");
    for (size_t i = 0; i < b.n; i++)
        ck_assert_msg((unsigned char)b.p[i] >= 0x20 && (unsigned char)b.p[i] < 0x7F,
                      "raw byte %02x for input '%s'", (unsigned char)b.p[i], in);
    const char *inner = b.p + 2;
    size_t n = b.n - 4;
    for (size_t i = 0; i + 1 < n; i++) {
        ck_assert_msg(!(inner[i] == '*' && inner[i + 1] == '/'), "comment ends early: %s", b.p);
        ck_assert_msg(!(inner[i] == '/' && inner[i + 1] == '*'), "comment nests: %s", b.p);
        ck_assert_msg(!(i + 2 < n && inner[i] == '?' && inner[i + 1] == '?' &&
                        strchr("=(/)'<!>-", inner[i + 2])),
                      "trigraph: %s", b.p);
    }
    sb_free(&b);
}

START_TEST(c_comments_stay_comments) { each_input(c_comment_one); }
END_TEST

START_TEST(c_header_names)
{
    ck_assert(esc_c_header_name_ok("widgets"));
    ck_assert(esc_c_header_name_ok("my spec-v2.1"));
    ck_assert(esc_c_header_name_ok("caf\xC3\xA9"));
    ck_assert(!esc_c_header_name_ok("a\"b"));
    ck_assert(!esc_c_header_name_ok("a\\b"));
    ck_assert(!esc_c_header_name_ok("a\nb"));
    ck_assert(!esc_c_header_name_ok("a\tb"));
    ck_assert(!esc_c_header_name_ok("a\xE2\x80\xA8"));
    ck_assert(!esc_c_header_name_ok("a\xFF"));
    /* found by names_check: an ISO-mode compiler reads "?\?>" as "}" */
    ck_assert(!esc_c_header_name_ok("?\?\?\?>?\?\?giz1m(n?\?"));
    ck_assert(!esc_c_header_name_ok("a?\?/b"));
    ck_assert(esc_c_header_name_ok("what?\?"));
    ck_assert(esc_c_header_name_ok("a?\?b"));
}
END_TEST

/* ---- YAML: valid UTF-8, nothing unsafe raw, escapes that read back ---- */

static void yaml_quoted_one(const char *in)
{
    sbuf b = {0};
    esc_yaml_quoted(&b, in);
    ck_assert(valid_utf8(b.p, b.n));
    ck_assert(!has_unsafe(b.p));
    ck_assert(!strchr(b.p, '\n') && !strchr(b.p, '\t'));
    ck_assert(b.p[0] == '"' && b.p[b.n - 1] == '"');
    for (size_t i = 1; i + 1 < b.n; i++) {
        if (b.p[i] == '\\')
            i++; /* the escaped character */
        else
            ck_assert_msg(b.p[i] != '"', "a raw quote in %s", b.p);
    }
    sb_free(&b);
}

START_TEST(yaml_scalars_are_safe) { each_input(yaml_quoted_one); }
END_TEST

static void yaml_comment_one(const char *in)
{
    sbuf b = {0};
    esc_yaml_comment(&b, in);
    ck_assert(valid_utf8(b.p ? b.p : "", b.n));
    /* every line is a comment: "# " after each line break the escaper wrote */
    for (size_t i = 0; i < b.n; i++) {
        if (i == 0 || b.p[i - 1] == '\n')
            ck_assert_msg(b.n - i >= 2 && b.p[i] == '#' && b.p[i + 1] == ' ', "not a comment: %s",
                          b.p);
        ck_assert((unsigned char)b.p[i] >= 0x20 || b.p[i] == '\n');
    }
    ck_assert(!b.n || b.p[b.n - 1] == '\n');
    if (b.p) {
        /* no break other than the escaper's own "\n" */
        for (size_t i = 0, n = b.n; i < n;) {
            uint32_t cp;
            int len = u8_decode(b.p + i, n - i, &cp);
            ck_assert(cp == '\n' || !esc_is_unsafe(cp));
            i += (size_t)len;
        }
    }
    sb_free(&b);
}

START_TEST(yaml_comments_stay_comments) { each_input(yaml_comment_one); }
END_TEST

/* ---- terminal: no escape sequence, no control, valid UTF-8; caret columns ---- */

static void terminal_one(const char *in)
{
    sbuf b = {0};
    esc_terminal(&b, in, strlen(in));
    const char *s = b.p ? b.p : "";
    ck_assert(valid_utf8(s, b.n));
    for (size_t i = 0, n = b.n; i < n;) {
        uint32_t cp;
        int len = u8_decode(s + i, n - i, &cp);
        ck_assert_msg(!esc_is_unsafe(cp) && cp != '\t' && cp != 0x1B, "raw U+%04X for '%s'", cp,
                      in);
        i += (size_t)len;
    }
    sb_free(&b);
}

START_TEST(terminal_text_is_inert) { each_input(terminal_one); }
END_TEST

START_TEST(terminal_columns)
{
    sbuf b = {0};
    ck_assert_uint_eq(esc_terminal(&b, "abc", 3), 3);
    sb_reset(&b);
    ck_assert_uint_eq(esc_terminal(&b, "\x1B[2J", 4), 7); /* \x1B[2J */
    ck_assert_str_eq(b.p, "\\x1B[2J");
    sb_reset(&b);
    ck_assert_uint_eq(esc_terminal(&b, "\xE4\xB8\xAD", 3), 2); /* wide */
    sb_reset(&b);
    ck_assert_uint_eq(esc_terminal(&b, "e\xCC\x81", 3), 1); /* combining */
    sb_reset(&b);
    ck_assert_uint_eq(esc_terminal(&b, "\xE2\x80\xAE", 3), 6); /* \u202E */
    ck_assert_str_eq(b.p, "\\u202E");
    sb_free(&b);
}
END_TEST

/* ---- valid UTF-8 for jansson: every input becomes valid, and valid input stays ---- */

static void utf8_valid_one(const char *in)
{
    char *v = esc_utf8_valid(in);
    ck_assert_msg(valid_utf8(v, strlen(v)), "not UTF-8 for an input of %zu bytes", strlen(in));
    if (valid_utf8(in, strlen(in)))
        ck_assert_str_eq(v, in);
    free(v);
    ck_assert(!esc_c_header_name_ok(in) || valid_utf8(in, strlen(in)));
}

START_TEST(utf8_is_made_valid) { each_input(utf8_valid_one); }
END_TEST

START_TEST(utf8_and_uri)
{
    char *v = esc_utf8_valid("a\xFF" "b\xC3\xA9");
    ck_assert_str_eq(v, "a\xEF\xBF\xBD" "b\xC3\xA9");
    free(v);
    sbuf b = {0};
    esc_uri(&b, "specs/a b\xC3\xA9:x");
    ck_assert_str_eq(b.p, "specs/a%20b%C3%A9%3Ax");
    sb_free(&b);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("escape");
    TCase *t = tcase_create("escape");
    tcase_add_test(t, c_strings_read_back_to_their_bytes);
    tcase_add_test(t, c_comments_stay_comments);
    tcase_add_test(t, c_header_names);
    tcase_add_test(t, yaml_scalars_are_safe);
    tcase_add_test(t, yaml_comments_stay_comments);
    tcase_add_test(t, terminal_text_is_inert);
    tcase_add_test(t, terminal_columns);
    tcase_add_test(t, utf8_is_made_valid);
    tcase_add_test(t, utf8_and_uri);
    suite_add_tcase(s, t);
    return s;
}

RUN_SUITE(suite)
