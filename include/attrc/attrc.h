/* attrc runtime library: the part of attrc that services link.
 *
 * Conventions: functions return 0 on success and -1 on failure unless documented
 * otherwise; strings returned as `const char *` are owned by the library and live for
 * the life of the process. */
#ifndef ATTRC_ATTRC_H
#define ATTRC_ATTRC_H

#include <jansson.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- versions ----
 *
 * The version of this header; attrc_version() gives the library's, which is the same
 * for a library built with it.  ATTRC_VERSION_HEX is 0xMMmmpp, to compare with >=. */
#define ATTRC_VERSION_MAJOR 0
#define ATTRC_VERSION_MINOR 2
#define ATTRC_VERSION_PATCH 0
#define ATTRC_VERSION_HEX                                                                    \
    ((ATTRC_VERSION_MAJOR << 16) | (ATTRC_VERSION_MINOR << 8) | ATTRC_VERSION_PATCH)

/* The ABI of the tables generated code fills (attrc_resource, attrc_attribute, through
 * ATTRC_RESOURCE and ATTRC_ATTRIBUTE below): raised whenever what a generated file says
 * in them changes meaning.  A generated file records the number it was made for; this
 * header builds, and this library reads, the files of ATTRC_ABI_MIN to ATTRC_ABI.  An
 * older or newer file is refused: at compile time by an #error in its header, at run
 * time by attrc_check_abi and by every function given one of its resources
 * (abi-mismatch, 500), never misread.  docs/validators.md has the soname policy. */
#define ATTRC_ABI 2
#define ATTRC_ABI_MIN 2

/* What the shared library exports: the functions declared here, nothing else (it is
 * built with hidden visibility). */
#if defined(__GNUC__) && __GNUC__ >= 4
#define ATTRC_API __attribute__((visibility("default")))
#else
#define ATTRC_API
#endif

/* The library's version, "MAJOR.MINOR.PATCH"; never NULL. */
ATTRC_API const char *attrc_version(void);

/* String formats (docs/spec-format.md).  Each takes `n` bytes at `s` (no terminator
 * needed) and returns 1 when they are in the format, else 0.
 *   uuid:       8-4-4-4-12 hexadecimal digits, either case
 *   ipv4:       dotted quad, each part 0-255 without leading zeros
 *   ipv6:       RFC 4291 text form ("::" once at most; an IPv4 tail allowed), no zone
 *   ip:         ipv4 or ipv6
 *   cidr:       an ipv4 or ipv6 address, "/", a prefix length (0-32 or 0-128)
 *   mac:        six pairs of hexadecimal digits separated by ':'
 *   port_range: "N" or "N:M", 0 <= N <= M <= 65535, no leading zeros */
ATTRC_API int attrc_is_uuid(const char *s, size_t n);
ATTRC_API int attrc_is_ipv4(const char *s, size_t n);
ATTRC_API int attrc_is_ipv6(const char *s, size_t n);
ATTRC_API int attrc_is_ip(const char *s, size_t n);
ATTRC_API int attrc_is_cidr(const char *s, size_t n);
ATTRC_API int attrc_is_mac(const char *s, size_t n);
ATTRC_API int attrc_is_port_range(const char *s, size_t n);
/* The Neutron dialect's formats (docs/validators.md "The Neutron dialect"), as
 * neutron-lib checks them:
 *   uuid_like:  oslo.utils' is_uuid_like: 32 hexadecimal digits once every "urn:", then
 *               every "uuid:", is removed, braces stripped from both ends and '-' dropped
 *               ("{12345678-1234-...}", "urn:uuid:...", "1234567812345678...")
 *   subnet:     validate_subnet: an IPv4 subnet as cidr; an IPv6 address, '/' and a
 *               prefix as Python's int() reads it (0-128: "064", "+64", "6_4") or a
 *               netmask or hostmask written as an IPv6 address; no white space */
ATTRC_API int attrc_is_uuid_like(const char *s, size_t n);
ATTRC_API int attrc_is_subnet(const char *s, size_t n);

/* The number of code points in `n` bytes of UTF-8, or -1 when they are not valid UTF-8
 * (overlong forms, surrogates and values above U+10FFFF are invalid). */
ATTRC_API long attrc_utf8_length(const char *s, size_t n);

/* ---- request validation ----
 *
 * `attrc compile --emit c` writes, for a spec SPEC.rst, SPEC.h and SPEC.c: one
 * attrc_resource per resource (SPEC_MEMBER) and a NULL-terminated registry
 * SPEC_resources[].  A service validates a request body with them:
 *
 *     attrc_report rep;
 *     json_t *attrs;
 *     const attrc_resource *r = attrc_find_resource(SPEC_resources, "flavor");
 *     if (attrc_unwrap(r, body, &attrs, &rep) != 0 ||
 *         attrc_validate(r, ATTRC_CREATE, attrs, &caller, &rep) != 0) {
 *         json_t *err = attrc_report_json(&rep);      // the error body
 *         respond(attrc_report_status(&rep), err);    // 400 or 403
 *     }
 *
 * where `body` comes from attrc_parse_body (below), which refuses, before jansson reads
 * them, bodies too large, too deep or with strings too long for the service.
 *
 * The verdict for an admin caller is the verdict of the JSON Schema attrc emits for the
 * same spec (create_request / update_request; under the Neutron dialect, where the schema
 * can say it: docs/validators.md); the other checks depend on the caller.
 * Nothing here allocates on the success path except the defaults attrc_validate inserts
 * and the values the Neutron dialect converts (attrc_neutron_unique: a table for a list of
 * over 1,024 items, freed before it returns); nothing recurses; every JSON value jansson
 * can hold is handled. */

typedef enum attrc_op { ATTRC_CREATE, ATTRC_UPDATE } attrc_op;

/* Who a caller is, as the service's authentication says. */
typedef struct attrc_caller {
    int is_admin; /* has the admin role */
    int is_owner; /* owns the resource (on create: creates it in its own project) */
} attrc_caller;

/* Error codes, with their names and HTTP status class, from this one list (new codes go
 * at its end, so that the values of the others stay). */
#define ATTRC_ERRORS(X)                                                                      \
    X(ATTRC_E_BODY, "invalid-body", 400)           /* not an object; envelope missing */    \
    X(ATTRC_E_UNKNOWN, "unknown-attribute", 400)   /* not an attribute of the resource */   \
    X(ATTRC_E_NOT_ALLOWED, "not-allowed", 400)     /* not writable in this operation */     \
    X(ATTRC_E_FORBIDDEN, "forbidden", 403)         /* only admins (or the owner) may */     \
    X(ATTRC_E_REQUIRED, "missing-required", 400)   /* required on create and absent */      \
    X(ATTRC_E_TYPE, "wrong-type", 400)             /* JSON type */                          \
    X(ATTRC_E_ENUM, "not-in-enum", 400)            /* not one of the allowed values */      \
    X(ATTRC_E_MINIMUM, "below-minimum", 400)       /* below (or at, if exclusive) */        \
    X(ATTRC_E_MAXIMUM, "above-maximum", 400)       /* above (or at, if exclusive) */        \
    X(ATTRC_E_MAX_LENGTH, "too-long", 400)         /* more code points than allowed */      \
    X(ATTRC_E_FORMAT, "bad-format", 400)           /* uuid, ip, cidr, mac, port range */    \
    X(ATTRC_E_UNKNOWN_KEY, "unknown-key", 400)         /* a key in a dict that has none */   \
    X(ATTRC_E_ENCODING, "invalid-encoding", 400)       /* a string that is not UTF-8 */      \
    X(ATTRC_E_BODY_TOO_LARGE, "body-too-large", 413)   /* over max_body_bytes */             \
    X(ATTRC_E_BODY_TOO_DEEP, "body-too-deep", 400)     /* nested over max_depth */           \
    X(ATTRC_E_BODY_STRING, "body-string-too-long", 400) /* over max_string_bytes */        \
    X(ATTRC_E_ABI, "abi-mismatch", 500) /* generated tables of another ABI: the service's */ \
    X(ATTRC_E_MIN_ITEMS, "too-few-items", 400) /* a list shorter than its least length */     \
    X(ATTRC_E_DUPLICATE, "duplicate-item", 400) /* an item twice (the Neutron dialect) */

typedef enum attrc_code {
#define ATTRC_ENUM_(id, name, status) id,
    ATTRC_ERRORS(ATTRC_ENUM_)
#undef ATTRC_ENUM_
    ATTRC_NCODES
} attrc_code;

/* "unknown-attribute" and so on; NULL for a value that is not a code. */
ATTRC_API const char *attrc_code_name(attrc_code code);
/* 400, 403, 413 or 500; 0 for a value that is not a code. */
ATTRC_API int attrc_code_status(attrc_code code);

#define ATTRC_REPORT_MAX 16   /* errors kept; more are counted */
#define ATTRC_POINTER_MAX 128 /* bytes of a JSON Pointer kept, with its NUL */

typedef struct attrc_error {
    attrc_code code;
    int status;                      /* 400, 403, 413 or 500 */
    char pointer[ATTRC_POINTER_MAX]; /* RFC 6901, into the attributes ("/name", "/tags/2");
                                      * a longer one is cut and ends with "..." */
    char message[128];               /* for people: "must be a string" */
} attrc_error;

typedef struct attrc_report {
    int count;   /* errors in `errors` */
    int dropped; /* errors found beyond ATTRC_REPORT_MAX */
    attrc_error errors[ATTRC_REPORT_MAX];
} attrc_report;

/* Empties a report (attrc_unwrap and attrc_validate add to it; neither empties it). */
ATTRC_API void attrc_report_init(attrc_report *r);
/* The HTTP status of the report: 0 when it holds no error; else the highest class of its
 * errors, so 500 (the service's own fault) before 413 before 403 before 400 (a body too
 * large says nothing of its contents). */
ATTRC_API int attrc_report_status(const attrc_report *r);
/* The report as an error body: {"errors": [{"code", "status", "pointer", "message"}],
 * "dropped": N}.  A new reference (the caller decrefs it), NULL when out of memory. */
ATTRC_API json_t *attrc_report_json(const attrc_report *r);

/* ---- reading a request body ----
 *
 * A body's size, nesting and strings are the sender's to choose, and jansson's reader
 * and json_decref recurse once per level of nesting; so attrc_parse_body checks the
 * limits below on the bytes, in one pass that does not recurse, before jansson reads
 * them.  Each limit is the largest value accepted (0 accepts none; SIZE_MAX is no
 * limit); docs/validators.md has the table. */
typedef struct attrc_limits {
    size_t max_body_bytes;   /* bytes of the body:                      413 body-too-large */
    size_t max_depth;        /* arrays and objects inside one another ({} is 1, a scalar
                              * 0; jansson itself refuses values more than 2048 levels
                              * deep, a scalar counting as one):        400 body-too-deep */
    size_t max_string_bytes; /* bytes of any string or key, escapes decoded (UTF-8):
                              *                                   400 body-string-too-long */
} attrc_limits;

#define ATTRC_MAX_BODY_BYTES_DEFAULT ((size_t)1 << 20)   /* 1 MiB */
#define ATTRC_MAX_DEPTH_DEFAULT ((size_t)64)
#define ATTRC_MAX_STRING_BYTES_DEFAULT ((size_t)1 << 16) /* 64 KiB */
/* An initializer: attrc_limits l = ATTRC_LIMITS_DEFAULT; */
#define ATTRC_LIMITS_DEFAULT                                                                 \
    {ATTRC_MAX_BODY_BYTES_DEFAULT, ATTRC_MAX_DEPTH_DEFAULT, ATTRC_MAX_STRING_BYTES_DEFAULT}

/* Sets every limit to its default. */
ATTRC_API void attrc_limits_default(attrc_limits *limits);

/* Reads the `len` bytes at `buf` (no terminator needed) as one JSON value, within
 * `limits` (NULL: the defaults).  On success sets *out to a new reference (the caller
 * decrefs it) and returns 0.  Otherwise sets *out to NULL, adds one error to `report`
 * and returns -1: body-too-large (413), body-too-deep or body-string-too-long (400), with
 * the line and column where the body went over; or invalid-body (400) for what jansson
 * refuses, with jansson's line, column and reason: not JSON, not UTF-8, a duplicate key
 * in an object (parsers that keep the first and the last of them disagree on what a body
 * says), "\u0000" in a string (C code would see the string cut short), an integer
 * beyond json_int_t; or out of memory. */
ATTRC_API int attrc_parse_body(const char *buf, size_t len, const attrc_limits *limits,
                               json_t **out, attrc_report *report);

/* What generated code describes. */
typedef enum attrc_type {
    ATTRC_TYPE_ANY,
    ATTRC_TYPE_STRING,
    ATTRC_TYPE_BOOLEAN,
    ATTRC_TYPE_INTEGER, /* a JSON number with no fraction (1.0 is one, as in JSON Schema) */
    ATTRC_TYPE_NUMBER,
    ATTRC_TYPE_ARRAY,
    ATTRC_TYPE_OBJECT /* a dict: with additionalProperties false and no properties, {} */
} attrc_type;

typedef enum attrc_format {
    ATTRC_FORMAT_NONE,
    ATTRC_FORMAT_UUID,
    ATTRC_FORMAT_IP,
    ATTRC_FORMAT_IPV4,
    ATTRC_FORMAT_IPV6,
    ATTRC_FORMAT_CIDR,
    ATTRC_FORMAT_MAC,
    ATTRC_FORMAT_PORT_RANGE,
    ATTRC_FORMAT_UUID_LIKE, /* the Neutron dialect: attrc_is_uuid_like */
    ATTRC_FORMAT_SUBNET     /* the Neutron dialect: attrc_is_subnet */
} attrc_format;

typedef enum attrc_who {
    ATTRC_WHO_NOBODY,
    ATTRC_WHO_ADMIN,
    ATTRC_WHO_OWNER,
    ATTRC_WHO_ALL
} attrc_who;

/* One validation in progress; generated checks pass it on to the runtime's checks. */
typedef struct attrc_ctx attrc_ctx;

/* The check of one attribute's value (generated: one runtime check per line). */
typedef void (*attrc_value_check)(attrc_ctx *c, const json_t *value);

#define ATTRC_POST 1u     /* writable on create */
#define ATTRC_PUT 2u      /* writable on update */
#define ATTRC_REQUIRED 4u /* required on create */

typedef struct attrc_attribute {
    const char *name;
    attrc_value_check check;
    unsigned flags;
    attrc_who visible_to, writable_by;
    const char *default_json; /* JSON text inserted on create when absent, or NULL */
    int line;                 /* in the spec */
} attrc_attribute;

typedef struct attrc_resource {
    unsigned abi; /* the ATTRC_ABI its file was generated for: first, whatever the layout */
    const char *member, *collection;
    const char *spec; /* the spec's file name */
    const attrc_attribute *attributes;
    size_t nattributes;
    /* The index in `attributes` of the attribute named by the `len` bytes at `key`, or -1
     * (generated: a switch on the length, then on the bytes). */
    int (*lookup)(const char *key, size_t len);
    /* 1: an extension, which adds attributes to a resource defined elsewhere (another
     * spec's validator, or the service's own code); attrc_validate then leaves the
     * attributes it does not know to that resource.  0: the resource is whole. */
    int extends;
} attrc_resource;

/* The initializers generated code writes its tables with (as flatcc's generated code
 * uses its runtime's macros): a header of another layout maps the same arguments onto
 * it, and `abi` says which ABI the arguments are of. */
#define ATTRC_ATTRIBUTE(name, check, flags, visible_to, writable_by, default_json, line)    \
    {(name), (check), (flags), (visible_to), (writable_by), (default_json), (line)}
#define ATTRC_RESOURCE(abi, member, collection, spec, attributes, nattributes, lookup,       \
                       extends)                                                              \
    {(abi), (member), (collection), (spec), (attributes), (nattributes), (lookup), (extends)}

/* ---- structures (docs/validators.md "Structures") ----
 *
 * A spec's structure tables (the ETSI NFV-SOL style) give named structures: request and
 * response bodies, and the objects inside them.  `attrc compile --emit c` writes one
 * attrc_struct per structure, and one for each object written inline in another
 * (SPEC_STRUCT, SPEC_STRUCT_MEMBER...), and a NULL-terminated registry SPEC_structs of
 * the named ones. */

#define ATTRC_LIST 8u      /* a member whose value is a list (of its type, or of `of`) */
#define ATTRC_NULLABLE 16u /* a member whose value may be null (then nothing else is
                            * checked: an older library refuses null, never misreads) */

struct attrc_struct;

typedef struct attrc_member {
    const char *name;
    attrc_value_check check;       /* checks a value (each item of a list); NULL: any; with
                                    * `of`, run once on the whole value first (a member
                                    * whose access is its own: attrc_check_access) */
    const struct attrc_struct *of; /* the structure of its value (each item), or NULL */
    unsigned flags;                /* ATTRC_REQUIRED, ATTRC_LIST, ATTRC_NULLABLE */
    size_t min_items;              /* a list's least length */
    int line;                      /* in the spec */
} attrc_member;

typedef struct attrc_struct {
    unsigned abi; /* the ATTRC_ABI its file was generated for: first, whatever the layout */
    const char *name, *spec;
    const attrc_member *members;
    size_t nmembers;
    int (*lookup)(const char *key, size_t len); /* as attrc_resource's */
    int free_form; /* 1: keys other than the members are its own to choose */
} attrc_struct;

#define ATTRC_MEMBER(name, check, of, flags, min_items, line)                               \
    {(name), (check), (of), (flags), (min_items), (line)}
#define ATTRC_STRUCT(abi, name, spec, members, nmembers, lookup, free_form)                  \
    {(abi), (name), (spec), (members), (nmembers), (lookup), (free_form)}

/* How many objects (and lists of them) inside one another attrc_validate_struct and
 * attrc_check_struct walk at most (no recursion: a stack of this many, the path from the
 * body to the value checked): past it, body-too-deep. */
#define ATTRC_STRUCT_DEPTH 128

/* The structure named `name` in a NULL-terminated registry, or NULL. */
ATTRC_API const attrc_struct *attrc_find_struct(const attrc_struct *const *registry,
                                                const char *name);

/* Checks `body` as structure `s`: an object of its members, at every depth (unknown
 * members: unknown-attribute, unless free-form; required ones; each value's type and
 * checks; lists and their least length, too-few-items), every error with the JSON Pointer
 * of its value (/criteria/levels/2/value).  Returns 0 when valid, -1 when not, with the
 * errors in `report`; the body is not changed.  No recursion, no allocation. */
ATTRC_API int attrc_validate_struct(const attrc_struct *s, const json_t *body,
                                    attrc_report *report);

/* Whether every resource of a NULL-terminated registry was generated for an ABI this
 * library reads: 0, or -1 with an abi-mismatch error (500) a resource in `report`, which
 * says which ABI the file has and which the library reads.  For a service's start-up:
 * the functions below refuse such a resource the same way, request by request. */
ATTRC_API int attrc_check_abi(const attrc_resource *const *registry, attrc_report *report);

/* The resource whose member name is `name` in a NULL-terminated registry, or NULL (a
 * resource of another ABI is never read: see attrc_check_abi). */
ATTRC_API const attrc_resource *attrc_find_resource(const attrc_resource *const *registry,
                                                    const char *name);

/* Checks a request's attributes (the object inside the envelope) for `op` and `caller`,
 * adding every error to `report` (up to ATTRC_REPORT_MAX, the rest counted).  Returns 0
 * when they are valid, -1 when not.  On ATTRC_CREATE, when valid, the defaults of absent
 * attributes are set in `attrs` (new references owned by attrs); -1 with an error if that
 * runs out of memory.  When valid, on either operation, the values that validators of the
 * Neutron dialect convert are replaced in `attrs` by their canonical values ("true" by
 * true, "5" by 5, null by []: docs/validators.md); out of memory there is -1 with an error,
 * with the attributes converted so far.  `attrs` is not changed otherwise: an invalid
 * body is left as it came. */
ATTRC_API int attrc_validate(const attrc_resource *res, attrc_op op, json_t *attrs,
                             const attrc_caller *caller, attrc_report *report);

/* The same for a resource and its extensions together: chain[0] is the resource (whole,
 * or itself an extension whose base the service checks on its own) and chain[1..n) add to
 * it.  Each attribute of `attrs` is checked by the last of them that knows it (an
 * extension's row replaces the base's), and is unknown-attribute when none does and
 * chain[0] is whole; required attributes and defaults come from all of them.
 * attrc_validate(ext, ...) alone is the chain {ext}.
 * chain[1..n) must be extensions (extends) of chain[0]'s member, else -1 with an
 * invalid-body error: two whole resources are no chain. */
ATTRC_API int attrc_validate_chain(const attrc_resource *const *chain, size_t n, attrc_op op,
                                   json_t *attrs, const attrc_caller *caller,
                                   attrc_report *report);

/* The attributes inside a request body {"MEMBER": {...}}: sets *attrs to a borrowed
 * reference into `body` and returns 0, or adds an invalid-body error and returns -1. */
ATTRC_API int attrc_unwrap(const attrc_resource *res, json_t *body, json_t **attrs,
                           attrc_report *report);

/* Removes from `attrs` (a resource as the service would return it) every attribute of
 * `res` the caller may not see; all of them where `res` is of another ABI (who may see
 * what is then not known). */
ATTRC_API void attrc_filter_response(const attrc_resource *res, json_t *attrs,
                                     const attrc_caller *caller);
/* The same for a resource and its extensions (as attrc_validate_chain): each attribute as
 * the last resource of the chain that knows it says. */
ATTRC_API void attrc_filter_response_chain(const attrc_resource *const *chain, size_t n,
                                           json_t *attrs, const attrc_caller *caller);

/* The runtime's checks, for generated code: each reports at the current attribute and
 * returns 1 when the value passed.  Enum values are given as arrays.  A value's check
 * starts with attrc_check_type, which also refuses (invalid-encoding) a string that is not
 * UTF-8: jansson's reader makes none, but json_stringn_nocheck can, and the checks after
 * it take the bytes as UTF-8.  attrc_check_items checks the encoding of string items;
 * attrc_check_max_length refuses, never passes, a long string it cannot count. */
ATTRC_API int attrc_check_type(attrc_ctx *c, const json_t *v, attrc_type t);
ATTRC_API int attrc_check_format(attrc_ctx *c, const json_t *v, attrc_format f);
ATTRC_API int attrc_check_enum_strings(attrc_ctx *c, const json_t *v, const char *const *values,
                                       size_t n);
ATTRC_API int attrc_check_enum_numbers(attrc_ctx *c, const json_t *v, const double *values,
                                       size_t n);
ATTRC_API int attrc_check_enum_booleans(attrc_ctx *c, const json_t *v, int allow_true,
                                        int allow_false);
ATTRC_API int attrc_check_minimum(attrc_ctx *c, const json_t *v, double min, int exclusive);
ATTRC_API int attrc_check_maximum(attrc_ctx *c, const json_t *v, double max, int exclusive);
ATTRC_API int attrc_check_max_length(attrc_ctx *c, const json_t *v, long max);
ATTRC_API int attrc_check_empty_object(attrc_ctx *c, const json_t *v);
/* Each item of an array: of type t (objects: empty), in format f. */
ATTRC_API int attrc_check_items(attrc_ctx *c, const json_t *v, attrc_type t, attrc_format f);
/* Whether the caller may write the current member in this operation (a member of a
 * dict attribute with an access of its own, docs/validators.md "Nested attributes"):
 * `flags` holds ATTRC_POST and ATTRC_PUT as the member's access allows; not-allowed (400)
 * or forbidden (403) at the member's pointer when not.  Always 1 inside
 * attrc_validate_struct, which knows no caller. */
ATTRC_API int attrc_check_access(attrc_ctx *c, unsigned flags, attrc_who writable_by);
/* A value of structure s (an attribute with declared members, a free-form object), or
 * with ATTRC_LIST in `flags` a list of them holding at least `min_items`: walked as
 * attrc_validate_struct walks a body (no recursion), each error's pointer under the
 * value's own (/allocation_pools/2/start).  A value of another JSON type passes here (the
 * type check before it says so). */
ATTRC_API int attrc_check_struct(attrc_ctx *c, const json_t *v, const attrc_struct *s,
                                 unsigned flags, size_t min_items);

/* The Neutron dialect's checks (docs/validators.md "The Neutron dialect"), which generated
 * code of a spec compiled with --dialect neutron calls in place of attrc_check_type.  Each
 * accepts what neutron-lib's converter and validator for the type accept; where that is
 * not the canonical value, attrc_validate sets the converted value in its place, once the
 * whole body is valid (an invalid body is not changed).  Each returns 1 when the checks
 * after it are to look at the value (attrc_check_minimum, _maximum and _enum_numbers see
 * the integer it converts to), 0 when it failed or nothing is left to check.
 *   boolean:  convert_to_boolean: true, false, 1, 0, and the strings of oslo.utils'
 *             bool_from_string (any case, white space around): "true", "yes", "on", "t",
 *             "y", "1", "false", ... become true or false
 *   integer:  convert_to_int: Python's int(): 1.9 becomes 1, true 1, " +1_000 " 1000
 *   list:     convert_none_to_empty_list: null becomes []; else attrc_check_type(ARRAY)
 *   mac:      convert_to_sanitized_mac_address and type:mac_address: a string in one of
 *             netaddr's forms becomes "xx:xx:xx:xx:xx:xx" (lower case); not all zeros or
 *             all ones
 *   unique:   the duplicate check of neutron-lib's lists: no string item twice
 *             (duplicate-item) */
ATTRC_API int attrc_neutron_boolean(attrc_ctx *c, const json_t *v);
ATTRC_API int attrc_neutron_integer(attrc_ctx *c, const json_t *v);
ATTRC_API int attrc_neutron_list(attrc_ctx *c, const json_t *v);
ATTRC_API int attrc_neutron_mac(attrc_ctx *c, const json_t *v);
ATTRC_API int attrc_neutron_unique(attrc_ctx *c, const json_t *v);

#ifdef __cplusplus
}
#endif

#endif
