/* The model: the attribute tables of a spec as typed resources and attributes, and its
 * method tables as operations, with every check of docs/spec-format.md.
 *
 * Tables come from the reader one at a time (model_add_table); each row is read and its
 * cells checked at once, so diagnostics come in the order of the text.  model_finish()
 * then makes the checks that need every table (duplicates, C names, operations). */
#ifndef ATTRC_MODEL_H
#define ATTRC_MODEL_H

#include "cells.h"
#include "config.h"
#include "diag.h"
#include "reader.h"
#include "source.h"
#include "util.h"

#include <jansson.h>

typedef enum {
    COL_NAME,
    COL_TYPE,
    COL_ACCESS,
    COL_DEFAULT,
    COL_VALIDATION,
    COL_DESCRIPTION,
    COL_REQUIRED,
    COL_CRUD,
    NCOLKINDS,
    COL_NONE /* a column with no header word: its cells should be empty */
} col_kind;

typedef struct mattr {
    char *name, *c_name;
    mtype type;
    int nullable;
    maccess access;
    mcrud crud;
    int has_crud;
    int required; /* on POST */
    mdefault def;
    mvalid valid;
    char *description;
    char *file;   /* where its row is (a csv-table's :file: for rows read from it) */
    int line;     /* its row */
    int table;    /* the table (0-based, in the spec) */
    rpos at[NCOLKINDS]; /* where each cell is; line 0: no such column */
    /* The cells (1u << COL_*) that had errors: what they say is not known (a type that
     * did not read leaves the default and the validation unread too; ATTR_UNREAD_ALL: a
     * definition given twice).  attrc diff compares the rest. */
    unsigned unread;
    /* A structure (docs/spec-format.md "Structures"): an object, or a list of them, with
     * declared members (each with the facets an attribute has), or naming a structure of
     * the spec (ref) */
    struct mattr *members;
    int nmembers;
    char *ref;               /* the structure its type names, or NULL */
    int free_form;           /* an object whose keys are its own to choose */
    int no_keys;             /* a dict the spec says has no keys ("no keys", "{}"): {} */
    int own_access;          /* a member whose table gave it an access of its own (a
                              * sub-table with an Access or CRUD column); else it has its
                              * attribute's */
    int keyed;               /* map(X): an object of X (ref) by key */
    int min_items;           /* a list's least number of items (1..N: 1) */
    char *card;              /* the cardinality as written (structure tables), or NULL */
    char *data_type;         /* the data type as written (structure tables), or NULL */
    const char *format_name; /* a format the type names ("date-time", "uri"), or NULL */
    /* Checked as the Neutron dialect says (a resource's attribute in a spec read under
     * it): the emitters accept and convert what neutron-lib does (docs/validators.md) */
    int neutron;
} mattr;

/* A named structure: a request or response body, or a part of one (structs.c). */
typedef struct mstruct {
    char *name; /* from its table's header, "Attribute name (NAME)", or the text before
                 * it; NULL when neither names it */
    char *file;
    int line;   /* its table */
    mattr *members;
    int nmembers;
} mstruct;

#define ATTR_UNREAD_ALL (~0u)

/* A part of a spec its errors hid: a row or a table that was not read, or a file. */
typedef struct munread {
    char *file;
    int line;
    char *resource;  /* the resource it would have added to; NULL: not known (a table the
                      * reader refused, or that names no valid resource: any of them) */
    char *attribute; /* the row's attribute, where its name was read; NULL: any */
    char *code;      /* the diagnostic that said why */
} munread;

typedef struct mresource {
    char *member, *collection;
    char *c_name;   /* SPEC_MEMBER, the resource's identifier in the generated C */
    char *bound_by; /* "title", "paragraph", "heading", "term", "method table", "mention",
                     * "config", "file-name" */
    int line;       /* of the table that first named it */
    char *prefix;   /* the path before its collection: "/v2.0/", "/v1/", "/fw/" (finish) */
    /* An extension: the resource exists already (a core resource, or one another spec or
     * service defines) and the spec's tables list only what they add or change. */
    int extends;
    char *extends_by; /* what said so: "config", "core", or the text's kind ("title",
                       * "paragraph", "term", "heading"); NULL when not an extension */
    int extends_line; /* where (0 for config and core) */
    int defined;      /* a table of the spec defines it (says nothing of adding to it) */
    mattr *attrs;
    int nattrs;
    /* For compile, where the base of an extension is known (bases.c): its resource (in
     * another model of the run, or read from a schema named in attrc.yaml) and the $id of
     * its schema; all borrowed (bases.c owns the arrays), NULL when it is not known. */
    const struct mresource *base;
    const char *base_id;
    /* ... and the other extensions of the same base in the run, in the order given, with
     * the $ids of their schemas: the resource a service has is the base and all of them */
    const struct mresource **peers;
    const char **peer_ids;
    int npeers;
} mresource;

/* A parameter of an operation, from a parameter table (params.c): os-api-ref's `in`. */
typedef struct mparam {
    char *name;
    char *in; /* "query", "path", "header" or "body" */
    mtype type;
    int required;
    char *description;
    int line; /* its row */
} mparam;

typedef struct mop {
    char *method, *path;
    int success[8], nsuccess;
    int errors[16], nerrors;
    int line;
    char *resource; /* the member name it was bound to, or NULL */
    /* the structures (structs.c) of its request body and of its response's, named by
     * the text before a structure table ("POST /v1/watchers"); NULL when none */
    char *request, *response;
    mparam *params; /* from parameter tables, in their order */
    int nparams;
} mop;

typedef struct model {
    char *file;
    char *title; /* the document's first section title, or NULL */
    mresource *res;
    int nres;
    mop *ops;
    int nops;
    int ntables, nattr_tables, nskipped;
    int nfile_named;    /* tables bound by the file's name so far */
    int last_attr_line; /* of the last attribute table */
    int last_param_line; /* of the last parameter table (params.c) */
    struct nameset *by_member; /* member name -> index in res (model.c) */
    mstruct *structs; /* the structure tables' structures, in the order of the text */
    int nstructs;
    char *body_name;  /* while it is built: the body a "Data type" table named (structs.c) */
    munread *unread; /* what its errors hid (attrc diff says so, and compares the rest) */
    int nunread;
    int reporting; /* while the model reports: its errors are recorded where they are */
    dialect dialect; /* what its schemas and validators accept (config.h) */
    /* while it is built: */
    struct said *said; /* while a table with spans is read: what was said (model.c) */
    const src *s;
    const struct model_opts *o;
    diag *d;
} model;

struct model_opts {
    const config *cfg;
    dialect dialect; /* of the run: --dialect, else the configuration's, else strict */
    int verbose; /* notes for skipped tables, bindings and operations */
};
typedef struct model_opts model_opts;

/* Starts the model of spec `s` (which must stay loaded while tables are added). */
void model_init(model *m, const src *s, const model_opts *o, diag *d);
void model_add_table(model *m, const rtable *t);
void model_finish(model *m);
/* Under the Neutron dialect, a resource's dict whose keys neither the spec nor attrc.yaml
 * declares (no members, not 'no keys') is free-form, as neutron-lib's type:dict without
 * a key spec; nested_finish calls it once attrc.yaml's dicts are in, before it warns of
 * undeclared dicts (model.c). */
void model_dialect_dicts(model *m);
void model_free(model *m);

/* A diagnostic of the model at a place of its spec (`file`: NULL for the spec); said
 * once where a table with spans repeats a cell. */
void model_report(model *m, const char *file, int line, int col, diag_level lvl,
                  const char *code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

/* A header (or type) cell's words: lower case, "/" "_" "-" ":" and runs of white space
 * as one space.  A new string. */
char *model_words(const char *s);

/* Frees what an attribute (or a structure's member) holds, its members too. */
void mattr_free(mattr *a);

/* For params.c, which reads parameter tables into the model's operations: the operation
 * of a method and a path (found, or added at `line`); whether a word is an HTTP method. */
mop *model_op(model *m, const char *method, const char *path, int line);
int model_is_method(const char *s);

/* Reads t as a parameter table when it is one (a name column and a Style or In column,
 * or a "URI query parameter" column): returns 1 (read, or refused with a warning), else
 * 0 (params.c). */
int param_table(model *m, const rtable *t);

/* Records that an error hid a part of the spec (resource and attribute NULL: any).
 * model.c records its own errors; stage_run records the rest (the reader's: tables it
 * refused) as they come, through the diagnostics' on_error. */
void model_unread(model *m, const char *file, int line, const char *resource,
                  const char *attribute, const char *code);

/* The attribute of r named `name`, or NULL. */
const mattr *mresource_attr(const mresource *r, const char *name);

/* The model as JSON (docs/spec-format.md "The model as JSON"). */
json_t *model_json(const model *m);

/* An attribute name mangled to a C identifier (a new string): see docs/spec-format.md. */
char *c_mangle(const char *name);
/* Appends a part of a composed identifier: letters and digits as they are, the rest
 * "_", "n_" before a leading digit; no keyword suffix, as it never stands alone. */
void c_id_part(sbuf *b, const char *name);
/* The identifier A_B of two names (SPEC and MEMBER in SPEC_MEMBER): each part's
 * characters other than letters and digits as "_", "n_" before a leading digit, and
 * "__" made "_" (C++ reserves names that hold it).  A new string. */
char *c_join(const char *a, const char *b);
/* The name of attribute a's check in the generated C: SPEC_MEMBER_check_ATTRIBUTE
 * (c_join of r's and a's C names: "__" made "_").  A new string. */
char *c_check_name(const mresource *r, const mattr *a);
/* The same for member a of the object `owner` (a structure's or a dict's C name):
 * OWNER_check_MEMBER.  A new string. */
char *c_member_check_name(const char *owner, const mattr *a);
/* The include guard of a spec's header, ATTRC_GENERATED_STEM_H (upper case, no "__").
 * A new string. */
char *c_guard(const char *stem);
/* A spec's stem: its file name without folder and without the last extension ("stdin"
 * for standard input); it names the spec's output folder and its C files.  New. */
char *spec_stem(const char *path);

/* Why a spec's stem cannot name its output folder (and, `for_c`, its C files and
 * #include line), or NULL when it can: an empty, "." or ".." stem would write outside
 * the output folder, control characters and bad UTF-8 make names no tool carries. */
const char *stem_problem(const char *stem, int for_c);

/* The one rule for every name that reaches a file name, a C identifier, a C comment or
 * a policy rule (attributes, resources, collections, base rules): ASCII letters,
 * digits, '_', '-', '.' and ':', and not first a digit. */
int model_name_ok(const char *name);

#endif
