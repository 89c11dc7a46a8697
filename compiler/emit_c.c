/* C validators (docs/validators.md): for each resource, one function per attribute that
 * checks a value, one runtime check per line with the spec line it comes from, and a
 * table the runtime's attrc_validate() walks.  The shared logic is in the runtime. */
#include "emit.h"

#include "escape.h"
#include "nested.h"
#include "structs.h"
#include "util.h"

#include <attrc/attrc.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void c_str(sbuf *b, const char *s) { esc_c_string(b, s, strlen(s)); }

static const char *type_const(base_type b)
{
    switch (b) {
    case TY_BOOLEAN: return "ATTRC_TYPE_BOOLEAN";
    case TY_INTEGER: return "ATTRC_TYPE_INTEGER";
    case TY_NUMBER: return "ATTRC_TYPE_NUMBER";
    case TY_ARRAY: return "ATTRC_TYPE_ARRAY";
    case TY_OBJECT: return "ATTRC_TYPE_OBJECT";
    case TY_NONE: return "ATTRC_TYPE_ANY";
    default: return "ATTRC_TYPE_STRING";
    }
}

/* The string format of base type b; the Neutron dialect's where it has its own. */
static const char *base_format(base_type b, int neutron)
{
    switch (b) {
    case TY_UUID: return neutron ? "ATTRC_FORMAT_UUID_LIKE" : "ATTRC_FORMAT_UUID";
    case TY_CIDR: return neutron ? "ATTRC_FORMAT_SUBNET" : "ATTRC_FORMAT_CIDR";
    case TY_IP: return "ATTRC_FORMAT_IP";
    case TY_MAC: return "ATTRC_FORMAT_MAC";
    case TY_PORT_RANGE: return "ATTRC_FORMAT_PORT_RANGE";
    default: return NULL;
    }
}

static const char *valid_format(vformat f, int neutron)
{
    switch (f) {
    case FMT_UUID: return neutron ? "ATTRC_FORMAT_UUID_LIKE" : "ATTRC_FORMAT_UUID";
    case FMT_IP: return "ATTRC_FORMAT_IP";
    case FMT_IPV4: return "ATTRC_FORMAT_IPV4";
    case FMT_IPV6: return "ATTRC_FORMAT_IPV6";
    default: return NULL;
    }
}

static const char *who_const(who w)
{
    static const char *const n[] = {"ATTRC_WHO_NOBODY", "ATTRC_WHO_ADMIN", "ATTRC_WHO_OWNER",
                                    "ATTRC_WHO_ALL"};
    return n[w];
}

/* One check, on its line, with where the spec says it. */
static void check_line(sbuf *b, const char *spec, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void check_line(sbuf *b, const char *spec, int line, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    sb_printf(b, "    %-72s /* ", text);
    esc_c_comment(b, spec);
    sb_printf(b, ":%d */\n", line);
}

static void number_literal(char *out, size_t n, double v)
{
    snprintf(out, n, "%.17g", v);
    if (!strpbrk(out, ".eEn")) /* a double literal, so that C++ reads the same type */
        strncat(out, ".0", n - strlen(out) - 1);
}

/* The runtime check that converts a value of a's type under the Neutron dialect
 * (docs/validators.md), or NULL: that type is checked as the strict dialect does. */
static const char *neutron_conversion(const mattr *a)
{
    if (!a->neutron)
        return NULL;
    switch (a->type.base) {
    case TY_BOOLEAN: /* an enumeration of one value is checked strictly */
        return json_array_size(a->valid.enumv) == 1 ? NULL : "attrc_neutron_boolean";
    case TY_INTEGER: return "attrc_neutron_integer";
    case TY_ARRAY: return "attrc_neutron_list";
    case TY_MAC: return "attrc_neutron_mac";
    default: return NULL;
    }
}

/* A member with an access of its own (a sub-table's Access cell): whether the caller may
 * write it, first. */
static void access_line(sbuf *b, const char *spec, const mattr *a)
{
    if (!a->own_access)
        return;
    sbuf f = {0};
    if (a->access.post)
        sb_puts(&f, "ATTRC_POST");
    if (a->access.put)
        sb_printf(&f, "%sATTRC_PUT", f.n ? " | " : "");
    check_line(b, spec, a->at[COL_ACCESS].line ? a->at[COL_ACCESS].line : a->line,
               "if (!attrc_check_access(c, %s, %s)) return;", f.n ? f.p : "0",
               who_const(a->access.write));
    sb_free(&f);
}

/* The value check of one attribute: a function of one runtime check per line, each
 * citing `spec`, the file its row is in (a csv-table :file: for rows read from one).
 * `of`: the attrc_struct of its members (a dict, or each item of a list of dicts), or
 * NULL. */
static void attr_function(sbuf *b, const char *spec, const char *fn, const mattr *a,
                          const char *of)
{
    const mvalid *v = &a->valid;
    int tl = a->at[COL_TYPE].line ? a->at[COL_TYPE].line : a->line;
    int vl = a->at[COL_VALIDATION].line ? a->at[COL_VALIDATION].line : tl;
    sb_puts(b, "/* ");
    esc_c_comment(b, a->name);
    sb_puts(b, ": ");
    esc_c_comment(b, base_type_name(a->type.base));
    if (a->valid.unparsed) {
        sb_puts(b, "; validation not understood: ");
        esc_c_comment(b, a->valid.unparsed);
    }
    sb_printf(b, " */\nstatic void %s(attrc_ctx *c, const json_t *v)\n{\n", fn);
    access_line(b, spec, a);
    /* the Neutron dialect's conversion, in place of the type check, where it has one */
    const char *conv = neutron_conversion(a);
    if (a->nullable && !(conv && a->type.base == TY_ARRAY)) /* (it makes null []) */
        check_line(b, spec, a->at[COL_DEFAULT].line ? a->at[COL_DEFAULT].line : a->line,
                   "if (json_is_null(v)) return;");
    if (conv)
        check_line(b, spec, tl, "if (!%s(c, v)) return;", conv);
    else
        check_line(b, spec, tl, "if (!attrc_check_type(c, v, %s)) return;",
                   type_const(a->type.base));
    const char *f1 = base_format(a->type.base, a->neutron), *f2 = valid_format(v->format,
                                                                                a->neutron);
    if (f1 && !(conv && a->type.base == TY_MAC)) /* (which checks the form) */
        check_line(b, spec, tl, "attrc_check_format(c, v, %s);", f1);
    if (f2 && (!f1 || strcmp(f1, f2) != 0))
        check_line(b, spec, vl, "attrc_check_format(c, v, %s);", f2);
    if (a->type.base == TY_ARRAY && of) {
        check_line(b, spec, tl, "attrc_check_struct(c, v, &%s, ATTRC_LIST, %d);", of,
                   a->min_items);
    } else if (a->type.base == TY_ARRAY) {
        base_type it = v->items_format ? v->items_format : a->type.items;
        const char *itf = base_format(it, a->neutron);
        int il = v->items_format ? vl : tl;
        check_line(b, spec, il, "attrc_check_items(c, v, %s, %s);", type_const(it),
                   itf ? itf : "ATTRC_FORMAT_NONE");
        if (a->neutron && (it == TY_UUID || it == TY_STRING || it == TY_CIDR))
            check_line(b, spec, il, "attrc_neutron_unique(c, v);"); /* uuid_list, ... */
    }
    if (a->type.base == TY_OBJECT && of)
        check_line(b, spec, tl, "attrc_check_struct(c, v, &%s, 0, 0);", of);
    else if (a->type.base == TY_OBJECT)
        check_line(b, spec, tl, "attrc_check_empty_object(c, v);");
    if (v->enumv) {
        size_t n = json_array_size(v->enumv);
        json_t *first = json_array_get(v->enumv, 0);
        if (json_is_string(first)) {
            sbuf arr = {0};
            sb_puts(&arr, "static const char *const values[] = {");
            for (size_t k = 0; k < n; k++) {
                json_t *e = json_array_get(v->enumv, k);
                if (k)
                    sb_puts(&arr, ", ");
                esc_c_string(&arr, json_string_value(e), json_string_length(e));
            }
            sb_puts(&arr, "};");
            sb_printf(b, "    %s\n", arr.p);
            sb_free(&arr);
            check_line(b, spec, vl, "attrc_check_enum_strings(c, v, values, %zu);", n);
        } else if (json_is_boolean(first) && conv) {
            /* true and false: what the conversion makes */
        } else if (json_is_boolean(first)) {
            int t = 0, f = 0;
            for (size_t k = 0; k < n; k++) {
                t |= json_is_true(json_array_get(v->enumv, k));
                f |= json_is_false(json_array_get(v->enumv, k));
            }
            check_line(b, spec, vl, "attrc_check_enum_booleans(c, v, %d, %d);", t, f);
        } else {
            sbuf arr = {0};
            sb_puts(&arr, "static const double values[] = {");
            for (size_t k = 0; k < n; k++) {
                char num[64];
                number_literal(num, sizeof num, json_number_value(json_array_get(v->enumv, k)));
                sb_printf(&arr, "%s%s", k ? ", " : "", num);
            }
            sb_puts(&arr, "};");
            sb_printf(b, "    %s\n", arr.p);
            sb_free(&arr);
            check_line(b, spec, vl, "attrc_check_enum_numbers(c, v, values, %zu);", n);
        }
    }
    char num[64];
    if (v->has_min) {
        number_literal(num, sizeof num, v->min);
        check_line(b, spec, vl, "attrc_check_minimum(c, v, %s, %d);", num, v->min_excl);
    }
    if (v->has_max) {
        number_literal(num, sizeof num, v->max);
        check_line(b, spec, vl, "attrc_check_maximum(c, v, %s, %d);", num, v->max_excl);
    }
    if (v->max_len >= 0)
        check_line(b, spec, vl, "attrc_check_max_length(c, v, %ld);", v->max_len);
    sb_puts(b, "}\n\n");
}

/* The lookup `fn` of the names of v: the index of the name of `len` bytes at `key`, or
 * -1; a switch on the length, then memcmp (the first of a name written twice). */
static void lookup_function(sbuf *b, const char *fn, const mattr *v, int n)
{
    sb_printf(b, "static int %s(const char *key, size_t len)\n{\n    switch (len) {\n", fn);
    int maxlen = 0;
    for (int k = 0; k < n; k++)
        if ((int)strlen(v[k].name) > maxlen)
            maxlen = (int)strlen(v[k].name);
    for (int l = 1; l <= maxlen; l++) {
        int any = 0;
        for (int k = 0; k < n; k++) {
            if ((int)strlen(v[k].name) != l)
                continue;
            if (!any)
                sb_printf(b, "    case %d:\n", l);
            any = 1;
            sb_puts(b, "        if (memcmp(key, ");
            c_str(b, v[k].name);
            sb_printf(b, ", %d) == 0) return %d;\n", l, k);
        }
        if (any)
            sb_puts(b, "        return -1;\n");
    }
    sb_puts(b, "    default:\n        return -1;\n    }\n}\n\n");
}

/* Where a row is, as its checks cite it: its file relative to the spec's folder
 * ("data/gadgets.csv" for a csv-table :file:, "gadgets.rst" for the spec), so that the
 * comments do not depend on the folder attrc ran in.  A new string. */
static char *row_file(const model *m, const mattr *a, const char *spec_name)
{
    if (!a->file || strcmp(a->file, m->file) == 0)
        return xstrdup(spec_name);
    const char *slash = strrchr(m->file, '/');
    size_t dir = slash ? (size_t)(slash - m->file) + 1 : 0;
    if (dir && strncmp(a->file, m->file, dir) == 0)
        return xstrdup(a->file + dir);
    return xstrdup(a->file);
}

/* The banner of both files: what made them, no date. */
static void banner(sbuf *b, const char *spec_name, const char *last)
{
    sb_puts(b, "/* Request validators for the API of ");
    esc_c_comment(b, spec_name);
    sb_printf(b, ", generated by attrc %s from its\n"
                 " * attribute tables.  Do not edit: change the spec and run attrc compile.\n"
                 " * %s */\n",
              attrc_version(), last);
}

/* ---- structures ---- */

/* Whether the (named) structures of m are emitted: the named ones with members. */
static int struct_named(const mstruct *st) { return st->name && st->name[0]; }

/* Opens the check function of member a of the object `cname`, after a comment saying
 * `what` it checks; returns its name (SPEC_STRUCT_check_MEMBER, a new string). */
static char *member_function(sbuf *b, const char *cname, const mattr *a, const char *what)
{
    char *check = c_member_check_name(cname, a);
    sb_puts(b, "/* ");
    esc_c_comment(b, a->name);
    sb_printf(b, ": %s */\nstatic void %s(attrc_ctx *c, const json_t *v)\n{\n", what, check);
    return check;
}

/* The checks, members, lookup and attrc_struct `cname` of an object of members v (a
 * structure of the spec, `named`, or one written inline), after those of the objects
 * written inline in it, which its members' table points to. */
static void struct_tables(sbuf *b, const model *m, const char *stem, const char *cname,
                          const char *name, const mattr *all, int nall, int free_form,
                          int named, const char *spec_name)
{
    /* a member written twice (duplicate-member): the first */
    mattr *v = xcalloc((size_t)nall + 1, sizeof *v); /* shallow copies, borrowed */
    int n = 0;
    for (int k = 0; k < nall; k++) {
        int again = 0;
        for (int j = 0; j < k && !again; j++)
            again = strcmp(all[j].name, all[k].name) == 0;
        if (!again)
            v[n++] = all[k];
    }
    for (int k = 0; k < n; k++)
        if (v[k].nmembers && (v[k].type.base == TY_ARRAY ? v[k].type.items
                                                          : v[k].type.base) == TY_OBJECT) {
            char *sub = c_join(cname, v[k].c_name);
            struct_tables(b, m, stem, sub, v[k].name, v[k].members, v[k].nmembers,
                          v[k].free_form, 0, spec_name);
            free(sub);
        }
    sbuf rows = {0};
    for (int k = 0; k < n; k++) {
        const mattr *a = &v[k];
        int list = a->type.base == TY_ARRAY;
        base_type t = list ? a->type.items : a->type.base;
        char *where = row_file(m, a, spec_name);
        char *check = NULL, *of = NULL;
        const mstruct *ref = a->ref && !a->nmembers ? structs_find(m, a->ref) : NULL;
        if (t == TY_OBJECT && a->nmembers) {
            of = c_join(cname, a->c_name);
            if (a->own_access) { /* the caller's right to write it, once */
                check = member_function(b, cname, a, "who may write it");
                sb_puts(b, "    (void)v;\n");
                access_line(b, where, a);
                sb_puts(b, "}\n\n");
            }
        } else if (t == TY_OBJECT && ref && struct_named(ref) && !a->keyed) {
            of = c_join(stem, ref->name);
        } else if (t != TY_NONE) {
            int open = a->free_form || a->keyed || (a->ref && !a->nmembers);
            mattr one = *a; /* the check of one value: an item, for a list */
            one.type.base = t;
            one.type.items = TY_NONE;
            if (t == TY_OBJECT && open) {
                check = member_function(b, cname, a, "an object of its own keys");
                access_line(b, where, a);
                check_line(b, where, a->at[COL_TYPE].line ? a->at[COL_TYPE].line : a->line,
                           "attrc_check_type(c, v, ATTRC_TYPE_OBJECT);");
                sb_puts(b, "}\n\n");
            } else {
                check = c_member_check_name(cname, a);
                attr_function(b, where, check, &one, NULL);
            }
        }
        sb_puts(&rows, "    ATTRC_MEMBER(");
        c_str(&rows, a->name);
        sbuf fl = {0};
        if (a->required)
            sb_puts(&fl, "ATTRC_REQUIRED");
        if (list)
            sb_printf(&fl, "%sATTRC_LIST", fl.n ? " | " : "");
        if (a->nullable)
            sb_printf(&fl, "%sATTRC_NULLABLE", fl.n ? " | " : "");
        sb_printf(&rows, ", %s, %s%s, %s, %d, %d), /* ", check ? check : "NULL",
                  of ? "&" : "", of ? of : "NULL", fl.n ? fl.p : "0",
                  list ? a->min_items : 0, a->line);
        sb_free(&fl);
        esc_c_comment(&rows, where);
        sb_printf(&rows, ":%d */\n", a->line);
        free(where);
        free(check);
        free(of);
    }
    char *members = c_join(cname, "members"), *lookup = c_join(cname, "lookup");
    if (n) {
        sb_printf(b, "static const attrc_member %s[] = {\n", members);
        sb_puts(b, "    /* ATTRC_MEMBER(name, check, structure, flags, least items, line) */\n");
        sb_puts(b, rows.p);
        sb_puts(b, "};\n\n");
        lookup_function(b, lookup, v, n);
    }
    sb_free(&rows);
    sb_printf(b, "%sconst attrc_struct %s = ATTRC_STRUCT(%d, ", named ? "" : "static ", cname,
              ATTRC_ABI);
    c_str(b, name);
    sb_puts(b, ", ");
    c_str(b, spec_name);
    if (n)
        sb_printf(b, ", %s, %d, %s", members, n, lookup);
    else
        sb_puts(b, ", NULL, 0, NULL");
    sb_printf(b, ", %d);\n\n", free_form);
    free(members);
    free(lookup);
    free(v);
}

/* Every structure of m, and the registry SPEC_structs of the named ones. */
static void structs_source(sbuf *b, const model *m, const char *spec_name, const char *stem)
{
    char *reg = c_join(stem, "structs");
    sbuf list = {0};
    for (int k = 0; k < m->nstructs; k++) {
        const mstruct *st = &m->structs[k];
        if (!struct_named(st) || structs_find(m, st->name) != st)
            continue; /* unnamed, or a second table of one name: the first */
        char *cname = c_join(stem, st->name);
        sb_puts(b, "/* ---- structure ");
        esc_c_comment(b, st->name);
        sb_puts(b, " ---- */\n\n");
        struct_tables(b, m, stem, cname, st->name, st->members, st->nmembers, 0, 1, spec_name);
        sb_printf(&list, "&%s, ", cname);
        free(cname);
    }
    sb_printf(b, "const attrc_struct *const %s[] = {%sNULL};\n", reg, list.p ? list.p : "");
    sb_free(&list);
    free(reg);
}

static void structs_header(sbuf *b, const model *m, const char *spec_name, const char *stem)
{
    for (int k = 0; k < m->nstructs; k++) {
        const mstruct *st = &m->structs[k];
        if (!struct_named(st) || structs_find(m, st->name) != st)
            continue;
        char *cname = c_join(stem, st->name);
        sb_puts(b, "/* structure ");
        esc_c_comment(b, st->name);
        sb_printf(b, ": attrc_validate_struct(&%s, body, &report) */\nextern const attrc_struct "
                     "%s;\n",
                  cname, cname);
        free(cname);
    }
    char *reg = c_join(stem, "structs");
    sb_puts(b, "\n/* Every structure of ");
    esc_c_comment(b, spec_name);
    sb_printf(b, " by name, then NULL (attrc_find_struct). */\nextern const attrc_struct "
                 "*const %s[];\n",
              reg);
    free(reg);
}

char *emit_c_header(const model *m, const char *spec_name, const char *stem)
{
    sbuf b = {0};
    banner(&b, spec_name, "Link with libattrc (pkg-config attrc); see <attrc/attrc.h>.");
    char *guard = c_guard(stem);
    sb_printf(&b, "#ifndef %s\n#define %s\n\n", guard, guard);
    sb_puts(&b, "#include <attrc/attrc.h>\n\n");
    /* a header that cannot build these tables says so, here, rather than misbuild them */
    sb_printf(&b, "/* The tables of ATTRC_ABI %d, which <attrc/attrc.h> must build. */\n"
                  "#if !defined(ATTRC_ABI) || ATTRC_ABI < %d || ATTRC_ABI_MIN > %d\n"
                  "#error \"",
              ATTRC_ABI, ATTRC_ABI, ATTRC_ABI);
    sb_puts(&b, stem); /* checked as for the #include: no quote, backslash or trigraph */
    sb_printf(&b, ".h: generated by attrc %s for table ABI %d, which this <attrc/attrc.h> "
                  "does not build; run attrc compile again\"\n#endif\n\n",
              attrc_version(), ATTRC_ABI);
    sb_puts(&b, "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n");
    for (int r = 0; r < m->nres; r++) {
        const char *name = m->res[r].c_name;
        sb_puts(&b, "/* ");
        esc_c_comment(&b, m->res[r].member);
        sb_puts(&b, " (collection ");
        esc_c_comment(&b, m->res[r].collection);
        if (m->res[r].extends) {
            sb_puts(&b, "): adds to a resource that exists already; validate with\n * "
                        "attrc_validate_chain((const attrc_resource *[]){&BASE, &");
            sb_printf(&b, "%s}, 2, ...)\n * where BASE is ", name);
            esc_c_comment(&b, m->res[r].member);
            sb_puts(&b, "'s own attrc_resource, or alone with attrc_validate");
        } else {
            sb_puts(&b, ")");
        }
        sb_printf(&b, " */\nextern const attrc_resource %s;\n", name);
    }
    char *reg = c_join(stem, "resources");
    sb_puts(&b, "\n/* Every resource of ");
    esc_c_comment(&b, spec_name);
    sb_printf(&b, ", then NULL. */\nextern const attrc_resource *const %s[];\n", reg);
    if (m->nstructs)
        sb_putc(&b, '\n');
    structs_header(&b, m, spec_name, stem); /* (its registry, empty or not) */
    sb_puts(&b, "\n#ifdef __cplusplus\n}\n#endif\n\n#endif\n");
    free(guard);
    free(reg);
    return sb_take(&b);
}

char *emit_c_source(const model *m, const char *spec_name, const char *stem)
{
    sbuf b = {0};
    banner(&b, spec_name,
           "Each check says which line of the spec (or of its csv-table data) asks for it.");
    /* the stem was checked (esc_c_header_name_ok): a quoted header name has no escapes */
    sb_printf(&b, "#include \"%s.h\"\n\n#include <stddef.h>\n#include <string.h>\n\n", stem);
    for (int r = 0; r < m->nres; r++) {
        const mresource *res = &m->res[r];
        sb_puts(&b, "/* ---- ");
        esc_c_comment(&b, res->member);
        sb_puts(&b, " ---- */\n\n");
        for (int k = 0; k < res->nattrs; k++) {
            const mattr *a = &res->attrs[k];
            char *fn = c_check_name(res, a);
            char *where = row_file(m, a, spec_name);
            char *of = NULL;
            if (nested_is_object(a) && (a->nmembers || a->free_form)) {
                /* its members' structure, before the check that walks it */
                of = c_join(res->c_name, a->c_name);
                sbuf name = {0};
                sb_printf(&name, "%s.%s", res->member, a->name);
                struct_tables(&b, m, stem, of, name.p, a->members, a->nmembers, a->free_form,
                              0, spec_name);
                sb_free(&name);
            }
            attr_function(&b, where, fn, a, of);
            free(of);
            free(where);
            free(fn);
        }
        const char *name = res->c_name;
        /* its table and lookup, named as the clash check names them (model.c) */
        char *table = c_join(name, "attributes"), *lookup = c_join(name, "lookup");
        if (res->nattrs) {
            sb_printf(&b, "static const attrc_attribute %s[] = {\n", table);
            sb_puts(&b, "    /* ATTRC_ATTRIBUTE(name, check, flags, visible to, writable by, "
                        "default on create, line) */\n");
            for (int k = 0; k < res->nattrs; k++) {
                const mattr *a = &res->attrs[k];
                char *fn = c_check_name(res, a);
                char *where = row_file(m, a, spec_name);
                sbuf flags = {0}, def = {0};
                if (a->access.post)
                    sb_puts(&flags, "ATTRC_POST");
                if (a->access.put)
                    sb_printf(&flags, "%sATTRC_PUT", flags.n ? " | " : "");
                if (a->required)
                    sb_printf(&flags, "%sATTRC_REQUIRED", flags.n ? " | " : "");
                if (!flags.n)
                    sb_puts(&flags, "0");
                if (a->def.kind == DEF_VALUE && a->def.value && a->access.post) {
                    char *j = json_dumps(a->def.value, JSON_ENCODE_ANY | JSON_COMPACT);
                    c_str(&def, j ? j : "null");
                    free(j);
                } else if (a->def.kind == DEF_NULL && a->access.post) {
                    sb_puts(&def, "\"null\"");
                } else {
                    sb_puts(&def, "NULL");
                }
                sb_puts(&b, "    ATTRC_ATTRIBUTE(");
                c_str(&b, a->name);
                sb_printf(&b, ", %s, %s, %s, %s, %s, %d), /* ", fn, flags.p,
                          who_const(a->access.see), who_const(a->access.write), def.p, a->line);
                esc_c_comment(&b, where);
                sb_printf(&b, ":%d */\n", a->line);
                sb_free(&flags);
                sb_free(&def);
                free(where);
                free(fn);
            }
            sb_puts(&b, "};\n\n");
        }
        if (res->nattrs)
            lookup_function(&b, lookup, res->attrs, res->nattrs);
        /* the ABI these arguments are of, then what the resource is; an extension leaves
         * what it does not know to its base (attrc_validate_chain) */
        sb_printf(&b, "const attrc_resource %s = ATTRC_RESOURCE(%d, ", name, ATTRC_ABI);
        c_str(&b, res->member);
        sb_puts(&b, ", ");
        c_str(&b, res->collection);
        sb_puts(&b, ", ");
        c_str(&b, spec_name);
        if (res->nattrs)
            sb_printf(&b, ", %s, %d, %s", table, res->nattrs, lookup);
        else
            sb_puts(&b, ", NULL, 0, NULL");
        sb_printf(&b, ", %d);\n\n", res->extends);
        free(table);
        free(lookup);
    }
    char *reg = c_join(stem, "resources");
    sb_printf(&b, "const attrc_resource *const %s[] = {", reg);
    free(reg);
    for (int r = 0; r < m->nres; r++) {
        sb_printf(&b, "&%s, ", m->res[r].c_name);
    }
    sb_puts(&b, "NULL};\n");
    sb_putc(&b, '\n');
    structs_source(&b, m, spec_name, stem); /* (its registry, empty or not) */
    return sb_take(&b);
}

void emit_c_files(const emit_in *in, emit_files *out)
{
    sbuf h = {0}, c = {0};
    sb_printf(&h, "%s.h", in->stem);
    sb_printf(&c, "%s.c", in->stem);
    /* with --flat, SPEC.h and SPEC.c: the names after "SPEC." */
    emit_files_add(out, in->flat ? "h" : h.p, emit_c_header(in->m, in->spec_name, in->stem));
    emit_files_add(out, in->flat ? "c" : c.p, emit_c_source(in->m, in->spec_name, in->stem));
    sb_free(&h);
    sb_free(&c);
}
