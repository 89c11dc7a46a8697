/* The cell parsers, the string formats and the names the model derives. */
#include "bind.h"
#include "cells.h"
#include "helpers.h"
#include "model.h"

#include <attrc/attrc.h>

static mtype ty(const char *cell)
{
    mtype t;
    cellmsg m = {0};
    ck_assert_msg(parse_type(cell, NULL, 0, &t, &m) == 0, "type '%s': %s", cell, m.text);
    return t;
}

START_TEST(types_and_their_spellings)
{
    ck_assert_int_eq(ty("String").base, TY_STRING);
    ck_assert_int_eq(ty("string (UUID)").base, TY_UUID);
    ck_assert_int_eq(ty("string(UUID)").base, TY_UUID);
    ck_assert_int_eq(ty("uuid-str").base, TY_UUID);
    ck_assert_int_eq(ty("string (IP Address)").base, TY_IP);
    ck_assert_int_eq(ty("subnet").base, TY_CIDR);
    ck_assert_int_eq(ty("MAC address").base, TY_MAC);
    ck_assert_int_eq(ty("INT").base, TY_INTEGER);
    ck_assert_int_eq(ty("float").base, TY_NUMBER);
    ck_assert_int_eq(ty("json").base, TY_OBJECT);
    ck_assert_int_eq(ty("port-range").base, TY_PORT_RANGE);
    mtype e = ty("enum");
    ck_assert(e.base == TY_STRING && e.is_enum);
    const char *lists[] = {"list of uuid", "list(uuid)", "list[uuid]", "UUID list", "list of uuids"};
    for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++) {
        mtype l = ty(lists[k]);
        ck_assert_int_eq(l.base, TY_ARRAY);
        ck_assert_int_eq(l.items, TY_UUID);
    }
    ck_assert_int_eq(ty("list of dict").items, TY_OBJECT);
}
END_TEST

START_TEST(unknown_types_get_a_hint_and_aliases_apply)
{
    mtype t;
    cellmsg m = {0};
    ck_assert_int_eq(parse_type("strng", NULL, 0, &t, &m), -1);
    ck_assert_str_eq(m.code, "unknown-type");
    ck_assert_ptr_nonnull(strstr(m.text, "did you mean 'string'?"));
    ck_assert_int_eq(parse_type("list of list", NULL, 0, &t, &m), -1);
    ck_assert_int_eq(parse_type("sprocket", NULL, 0, &t, &m), -1);
    ck_assert_ptr_null(strstr(m.text, "did you mean"));
    type_alias al[] = {{"tristate", "boolean"}};
    memset(&m, 0, sizeof m);
    ck_assert_int_eq(parse_type("Tristate", al, 1, &t, &m), 0);
    ck_assert_int_eq(t.base, TY_BOOLEAN);
}
END_TEST

static maccess acc(const char *cell)
{
    maccess a;
    cellmsg m = {0};
    ck_assert_msg(parse_access(cell, &a, &m) == 0, "access '%s': %s", cell, m.text);
    return a;
}

#define ACCESS(cell, see_, write_, post_, put_)                                                 \
    do {                                                                                       \
        maccess a_ = acc(cell);                                                                \
        ck_assert_msg(a_.see == (see_) && a_.write == (write_) && a_.post == (post_) &&        \
                          a_.put == (put_),                                                    \
                      "access '%s' read as %s/%s/%d/%d", cell, who_name(a_.see),               \
                      who_name(a_.write), a_.post, a_.put);                                    \
    } while (0)

START_TEST(access_table_of_semantics)
{
    ACCESS("RO, all", WHO_ALL, WHO_NOBODY, 0, 0);
    ACCESS("RO, admin", WHO_ADMIN, WHO_NOBODY, 0, 0);
    ACCESS("RW, all", WHO_ALL, WHO_ALL, 1, 1);
    ACCESS("RW", WHO_ALL, WHO_ALL, 1, 1);
    ACCESS("RW,all", WHO_ALL, WHO_ALL, 1, 1);
    ACCESS("RW, owner", WHO_OWNER, WHO_OWNER, 1, 1);
    ACCESS("RW, tenant", WHO_OWNER, WHO_OWNER, 1, 1);
    ACCESS("RW, admin", WHO_ADMIN, WHO_ADMIN, 1, 1);
    ACCESS("admin", WHO_ADMIN, WHO_ADMIN, 1, 1);
    ACCESS("RO, all RW, admin", WHO_ALL, WHO_ADMIN, 1, 1);
    ACCESS("RW, all (No Update)", WHO_ALL, WHO_ALL, 1, 0);
    ACCESS("RW(POST only), all", WHO_ALL, WHO_ALL, 1, 0);
    ACCESS("write on create, all readonly after, all", WHO_ALL, WHO_ALL, 1, 0);
}
END_TEST

START_TEST(access_that_cannot_be_read)
{
    maccess a;
    cellmsg m = {0};
    ck_assert_int_eq(parse_access("", &a, &m), -1);
    ck_assert_int_eq(parse_access("same as cidr", &a, &m), -1);
    ck_assert_str_eq(m.code, "bad-access");
    memset(&m, 0, sizeof m);
    ck_assert_int_eq(parse_access("RO, all (if True); RW, admin", &a, &m), 0);
    ck_assert_int_eq(m.level, CM_WARNING);
    ck_assert_int_eq(a.write, WHO_ADMIN);
}
END_TEST

START_TEST(crud_and_required)
{
    mcrud c;
    cellmsg m = {0};
    ck_assert_int_eq(parse_crud("CRU", &c, &m), 0);
    ck_assert(c.c && c.r && c.u && !c.d);
    ck_assert_int_eq(parse_crud("CRC", &c, &m), -1);
    ck_assert_int_eq(parse_crud("", &c, &m), -1);
    int req;
    ck_assert_int_eq(parse_required("Yes", &req, &m), 0);
    ck_assert_int_eq(req, 1);
    ck_assert_int_eq(parse_required("no", &req, &m), 0);
    ck_assert_int_eq(req, 0);
    ck_assert_int_eq(parse_required("N/A", &req, &m), 0);
    ck_assert_int_eq(req, -1);
    ck_assert_int_eq(parse_required("maybe", &req, &m), -1);
}
END_TEST

static mdefault dflt(const char *cell, const char *type)
{
    mtype t = ty(type);
    mdefault d;
    cellmsg m = {0};
    ck_assert_msg(parse_default(cell, &t, &d, &m) == 0, "default '%s': %s", cell, m.text);
    return d;
}

static void dflt_value(const char *cell, const char *type, const char *json)
{
    mdefault d = dflt(cell, type);
    ck_assert_int_eq(d.kind, DEF_VALUE);
    json_t *want = json_loads(json, JSON_DECODE_ANY, NULL);
    ck_assert_msg(json_equal(d.value, want), "default '%s' of %s", cell, type);
    json_decref(want);
    json_decref(d.value);
}

START_TEST(defaults_of_semantics)
{
    ck_assert_int_eq(dflt("generated", "uuid").kind, DEF_GENERATED);
    ck_assert_int_eq(dflt("auto", "uuid").kind, DEF_GENERATED);
    ck_assert_int_eq(dflt("N/A", "string").kind, DEF_NONE);
    ck_assert_int_eq(dflt("", "string").kind, DEF_NONE);
    ck_assert_int_eq(dflt("required", "string").kind, DEF_NONE);
    ck_assert_int_eq(dflt("None", "uuid").kind, DEF_NULL);
    ck_assert_int_eq(dflt("NULL", "integer").kind, DEF_NULL);
    ck_assert_int_eq(dflt("from auth token", "uuid").kind, DEF_PROJECT);
    ck_assert_int_eq(dflt("Current project_id", "uuid").kind, DEF_PROJECT);
    dflt_value("''", "string", "\"\"");
    dflt_value("'red'", "string", "\"red\"");
    dflt_value("red", "string", "\"red\"");
    dflt_value("True", "bool", "true");
    dflt_value("FALSE", "boolean", "false");
    dflt_value("-1", "integer", "-1");
    dflt_value("1.5", "number", "1.5");
    dflt_value("[]", "list", "[]");
    dflt_value("{}", "dict", "{}");
    mtype t = ty("dict");
    mdefault d;
    cellmsg m = {0};
    ck_assert_int_eq(parse_default("mpls", &t, &d, &m), -1);
    ck_assert_str_eq(m.code, "bad-default");
}
END_TEST

static mvalid val(const char *cell, const char *type)
{
    mtype t = ty(type);
    mvalid v;
    cellmsg m = {0};
    ck_assert_msg(parse_validation(cell, &t, &v, &m) == 0 && m.level == CM_OK,
                  "validation '%s': %s", cell, m.text);
    return v;
}

START_TEST(validations_of_semantics)
{
    mvalid v = val("'red', 'yellow', or 'green'", "string");
    ck_assert_int_eq(json_array_size(v.enumv), 3);
    mvalid_free(&v);
    v = val("'TCP','HTTP'", "string");
    ck_assert_int_eq(json_array_size(v.enumv), 2);
    mvalid_free(&v);
    v = val("4/6", "integer");
    ck_assert(json_is_integer(json_array_get(v.enumv, 1)));
    mvalid_free(&v);
    v = val("true/false", "bool");
    ck_assert(json_is_true(json_array_get(v.enumv, 0)));
    mvalid_free(&v);
    v = val("0-65535", "integer");
    ck_assert(v.has_min && v.has_max && v.min == 0 && v.max == 65535);
    v = val("1 to 100", "integer");
    ck_assert(v.min == 1 && v.max == 100);
    v = val(">= 1", "integer");
    ck_assert(v.has_min && !v.min_excl && !v.has_max);
    v = val("< 256", "integer");
    ck_assert(v.has_max && v.max_excl && v.max == 256);
    v = val("string, max 255", "string");
    ck_assert_int_eq(v.max_len, 255);
    v = val("max length 64", "string");
    ck_assert_int_eq(v.max_len, 64);
    ck_assert_int_eq(val("UUID_PATTERN", "string").format, FMT_UUID);
    ck_assert_int_eq(val("uuid of a network", "string").format, FMT_UUID);
    ck_assert_int_eq(val("IPv4 or IPv6", "string").format, FMT_IP);
    v = val("N/A", "string");
    ck_assert(!v.enumv && !v.has_min && v.max_len < 0 && !v.format);
    v = val("bool", "bool");
    ck_assert(!v.enumv);
    mtype t = ty("string");
    cellmsg m = {0};
    ck_assert_int_eq(parse_validation("must be a host name", &t, &v, &m), 0);
    ck_assert_int_eq(m.level, CM_WARNING);
    ck_assert_str_eq(v.unparsed, "must be a host name");
    mvalid_free(&v);
}
END_TEST

START_TEST(defaults_are_checked_against_type_and_validation)
{
    char why[200];
    mtype s = ty("string"), i = ty("integer"), u = ty("uuid");
    mvalid v = val("'red', 'yellow', or 'green'", "string");
    json_t *red = json_string("red"), *purple = json_string("purple");
    ck_assert(value_fits(red, &s, 0, &v, why, sizeof why));
    ck_assert(!value_fits(purple, &s, 0, &v, why, sizeof why));
    mvalid_free(&v);
    json_t *obj = json_object(), *big = json_integer(70000), *nul = json_null();
    ck_assert(!value_fits(obj, &s, 0, NULL, why, sizeof why));
    v = val("0-65535", "integer");
    ck_assert(!value_fits(big, &i, 0, &v, why, sizeof why));
    ck_assert(!value_fits(nul, &u, 0, NULL, why, sizeof why));
    ck_assert(value_fits(nul, &u, 1, NULL, why, sizeof why));
    json_t *len = json_string("\xc3\xa9\xc3\xa9\xc3\xa9"); /* 3 code points, 6 bytes */
    v = val("max 3", "string");
    ck_assert(value_fits(len, &s, 0, &v, why, sizeof why));
    json_decref(red), json_decref(purple), json_decref(obj), json_decref(big);
    json_decref(nul), json_decref(len);
}
END_TEST

#define YES(f, s) ck_assert_msg(f(s, strlen(s)), #f "(\"%s\") should hold", s)
#define NO(f, s) ck_assert_msg(!f(s, strlen(s)), #f "(\"%s\") should not hold", s)

START_TEST(string_formats)
{
    YES(attrc_is_uuid, "3f1f8a3e-0c5d-4a57-9d8b-7a1e2f3c4d5e");
    YES(attrc_is_uuid, "3F1F8A3E-0C5D-4A57-9D8B-7A1E2F3C4D5E");
    NO(attrc_is_uuid, "3f1f8a3e0c5d4a579d8b7a1e2f3c4d5e");
    NO(attrc_is_uuid, "3f1f8a3e-0c5d-4a57-9d8b-7a1e2f3c4d5g");
    YES(attrc_is_ipv4, "192.168.0.1");
    NO(attrc_is_ipv4, "192.168.0.01");
    NO(attrc_is_ipv4, "256.1.1.1");
    NO(attrc_is_ipv4, "1.2.3");
    YES(attrc_is_ipv6, "::");
    YES(attrc_is_ipv6, "::1");
    YES(attrc_is_ipv6, "fe80::1:2");
    YES(attrc_is_ipv6, "2001:db8:0:0:0:0:2:1");
    YES(attrc_is_ipv6, "::ffff:192.0.2.1");
    NO(attrc_is_ipv6, "1::2::3");
    NO(attrc_is_ipv6, "12345::");
    NO(attrc_is_ipv6, "1:2:3:4:5:6:7");
    NO(attrc_is_ipv6, "1:");
    YES(attrc_is_cidr, "10.0.0.0/8");
    YES(attrc_is_cidr, "2001:db8::/32");
    NO(attrc_is_cidr, "10.0.0.0/33");
    NO(attrc_is_cidr, "10.0.0.0");
    YES(attrc_is_mac, "00:1a:2B:3c:4d:5e");
    NO(attrc_is_mac, "00-1a-2b-3c-4d-5e");
    YES(attrc_is_port_range, "80");
    YES(attrc_is_port_range, "0:65535");
    NO(attrc_is_port_range, "443:80");
    NO(attrc_is_port_range, "65536");
    NO(attrc_is_port_range, "080");
    ck_assert_int_eq(attrc_utf8_length("a\xc3\xa9\xe2\x82\xac", 6), 3);
    ck_assert_int_eq(attrc_utf8_length("\xed\xa0\x80", 3), -1); /* a surrogate */
    ck_assert_int_eq(attrc_utf8_length("\xc0\xaf", 2), -1);     /* overlong */
}
END_TEST

START_TEST(names_plural_singular_and_c)
{
    const char *pairs[][2] = {{"flavor", "flavors"}, {"policy", "policies"},
                              {"address", "addresses"}, {"key", "keys"}, {"match", "matches"}};
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
        char *p = plural_of(pairs[k][0]), *s = singular_of(pairs[k][1]);
        ck_assert_str_eq(p, pairs[k][1]);
        ck_assert_str_eq(s, pairs[k][0]);
        free(p), free(s);
    }
    const char *mangled[][2] = {{"default-tls-container-id", "default_tls_container_id"},
                                {"default", "default_"},
                                {"class", "class_"},
                                {"2fa", "n_2fa"},
                                {"a.b:c", "a_b_c"}};
    for (size_t k = 0; k < sizeof mangled / sizeof mangled[0]; k++) {
        char *c = c_mangle(mangled[k][0]);
        ck_assert_str_eq(c, mangled[k][1]);
        free(c);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("cells");
    TCase *t = tcase_create("cells");
    tcase_add_test(t, types_and_their_spellings);
    tcase_add_test(t, unknown_types_get_a_hint_and_aliases_apply);
    tcase_add_test(t, access_table_of_semantics);
    tcase_add_test(t, access_that_cannot_be_read);
    tcase_add_test(t, crud_and_required);
    tcase_add_test(t, defaults_of_semantics);
    tcase_add_test(t, validations_of_semantics);
    tcase_add_test(t, defaults_are_checked_against_type_and_validation);
    tcase_add_test(t, string_formats);
    tcase_add_test(t, names_plural_singular_and_c);
    suite_add_tcase(s, t);
    return s;
}

RUN_SUITE(suite)
