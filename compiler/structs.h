/* Structure tables in the ETSI NFV-SOL style (docs/spec-format.md "Structures"): named
 * structures whose members, nested with `>`, have a data type and a cardinality.  The
 * model hands each table with a header row to structs_table first. */
#ifndef ATTRC_STRUCTS_H
#define ATTRC_STRUCTS_H

#include "model.h"

/* Reads table t into a new structure of m when its header is a structure table's (a name
 * column and Cardinality, no Access, CRUD or Response Codes): returns 1 then, else 0. */
int structs_table(model *m, const rtable *t);

/* After every table: the structures' references to others, each one of the spec's or a
 * warning at its cell (unknown-structure). */
void structs_finish(model *m);

/* The structure of m named `name`, or NULL. */
const mstruct *structs_find(const model *m, const char *name);

/* A data type cell's type, format, enum, free form and reference set in a (a warning in
 * msg for one not understood). */
void structs_type(const char *cell, mattr *a, cellmsg *msg);

/* A cardinality ("1", "0..1", "0..N", "1..N", "2"): its bounds, -1 for N.  0, or -1 when
 * it is none. */
int structs_cardinality(const char *cell, long *lo, long *hi);

void structs_free(mstruct *v, int n);

/* The structures as JSON (docs/spec-format.md "The model as JSON"): a new array. */
json_t *structs_json(const model *m);

#endif
