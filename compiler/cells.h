/* The cells of an attribute table read into typed values, as docs/spec-format.md says
 * (the project's version of ../shared/SEMANTICS.md).  Each parser takes a cell's text
 * (as the reader gives it: whitespace collapsed) and fills its value; a cell it cannot
 * read, or reads only by a guess, gets a message with a hint in a cellmsg. */
#ifndef ATTRC_CELLS_H
#define ATTRC_CELLS_H

#include <jansson.h>

typedef enum {
    TY_NONE, /* an array's items when the cell does not say */
    TY_STRING,
    TY_UUID,
    TY_IP,
    TY_CIDR,
    TY_MAC,
    TY_PORT_RANGE,
    TY_BOOLEAN,
    TY_INTEGER,
    TY_NUMBER,
    TY_ARRAY,
    TY_OBJECT
} base_type;

const char *base_type_name(base_type b);
/* Strings in JSON: string and the string formats. */
int base_is_string(base_type b);

typedef struct mtype {
    base_type base;
    base_type items; /* arrays: the items' type, TY_NONE when not said */
    int is_enum;     /* the cell said "enum": the values must come from the validation */
    int nullable;    /* the cell said so: "tristate", "UUID or None" */
} mtype;

typedef enum { CM_OK, CM_WARNING, CM_ERROR } cm_level;

typedef struct cellmsg {
    cm_level level;
    const char *code; /* the diagnostic's name (docs/spec-format.md) */
    char text[512];
} cellmsg;

/* Whether a cell says nothing: empty, or a dash ('-', '--', an en or em dash).  The reader
 * gives a csv or grid cell holding only '-' or '*' (docutils: an empty bullet list) as
 * empty. */
int cell_unsaid(const char *cell);

/* Type aliases from the project configuration: a word and the type text it stands for. */
typedef struct type_alias {
    const char *name, *type;
} type_alias;

/* The values an "ENUM (A, B)" type cell lists, read as a validation cell's enum is (a new
 * reference), or NULL when it lists none. */
json_t *type_cell_enum(const char *cell, const mtype *t);

int parse_type(const char *cell, const type_alias *aliases, int naliases, mtype *t,
               cellmsg *m);

/* Who: ordered by how many callers it admits (owner means the owner or an admin). */
typedef enum { WHO_NOBODY, WHO_ADMIN, WHO_OWNER, WHO_ALL } who;
const char *who_name(who w);

typedef struct maccess {
    who see, write;
    int post, put;
} maccess;

int parse_access(const char *cell, maccess *a, cellmsg *m);

typedef struct mcrud {
    int c, r, u, d;
} mcrud;

int parse_crud(const char *cell, mcrud *c, cellmsg *m);

/* *req: 1 yes, 0 no, -1 not applicable or empty. */
int parse_required(const char *cell, int *req, cellmsg *m);

typedef enum {
    DEF_NONE,      /* no default: required on POST unless a Req cell says no */
    DEF_GENERATED, /* set by the server */
    DEF_NULL,      /* null: the type becomes nullable */
    DEF_VALUE,     /* value */
    DEF_PROJECT,   /* the caller's project */
    DEF_OPTIONAL   /* no default, yet optional ("Any") */
} def_kind;
const char *def_kind_name(def_kind k);

typedef struct mdefault {
    def_kind kind;
    json_t *value; /* DEF_VALUE: owned */
} mdefault;

int parse_default(const char *cell, const mtype *t, mdefault *d, cellmsg *m);

typedef enum { FMT_NONE, FMT_UUID, FMT_IP, FMT_IPV4, FMT_IPV6 } vformat;

typedef struct mvalid {
    json_t *enumv; /* array of values, or NULL */
    int has_min, has_max, min_excl, max_excl;
    double min, max;
    long max_len; /* code points; -1: none */
    vformat format;
    base_type items_format; /* "UUID list": the items' format */
    char *unparsed; /* a cell not understood (it goes into the description) */
} mvalid;

int parse_validation(const char *cell, const mtype *t, mvalid *v, cellmsg *m);
void mvalid_free(mvalid *v);

/* What a description states about the value, for an attribute whose own cell is silent
 * (docs/spec-format.md, "Taken from the description"); only clear patterns.
 * description_enum: the values it lists ("Can be 'IPv4' or 'IPv6' only.", "(ALLOW, DENY,
 * REJECT)", for a type enum also "One of VLAN, VxLAN, GRE."), a new reference or NULL, and
 * *how says which pattern; description_format: the string format it names, where the
 * attribute's name says the same (an "IP address" on `gateway_ip`), else TY_NONE;
 * description_default: the X of a sentence "Default: X." (malloc'd), or NULL. */
json_t *description_enum(const char *desc, const mtype *t, const char **how);
base_type description_format(const char *desc, const char *name);
char *description_default(const char *desc);

/* Whether a value satisfies a type and a validation; on failure `why` says how. */
int value_fits(const json_t *v, const mtype *t, int nullable, const mvalid *val, char *why,
               size_t wn);

/* The closest of `words` to `s` within a small edit distance, else NULL (for hints). */
const char *nearest_word(const char *s, const char *const *words, int n);

#endif
