/* The bases of extensions: for each resource that adds to one that exists already
 * (mresource.extends), the resource it adds to, where attrc knows it: a resource of
 * another spec of the same run that is not itself an extension, or the schema that
 * attrc.yaml names under `bases:` (docs/spec-format.md "Extensions"). */
#ifndef ATTRC_BASES_H
#define ATTRC_BASES_H

#include "diag.h"
#include "model.h"
#include "util.h"

/* What bases_resolve read and made; the resources' base and base_id point into it (or
 * into the run's models), so it lives as long as they are used. */
typedef struct bases {
    model *loaded; /* one per base schema read */
    char **paths;  /* the schema each was read from */
    int nloaded;
    strvec ids;    /* the $id strings of bases and peers in the run */
    void **arrays; /* the peers arrays of the resources */
    int narrays;
} bases;

/* Sets base and base_id of every extension of models[0..n), and its peers: the other
 * extensions of the same base in the run, in the order of their $ids (an attribute two
 * of them define is a warning, extension-clash, at the later one).  A base schema is
 * read once (a regular file of at most `max` bytes, that attrc wrote for that resource,
 * with an absolute "$id") and added to deps[k] of each model k that uses it; a problem
 * with it is an error at its place in attrc.yaml.  An extension whose base stays unknown
 * gets a note (extension-base-unknown).  Returns the number of errors. */
int bases_resolve(model *models, int n, size_t max, strvec *deps, bases *b, diag *d);
void bases_free(bases *b);

#endif
