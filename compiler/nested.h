/* Nested attributes (docs/spec-format.md "Nested attributes"): the members of a resource's
 * dict (or list of dicts) attribute, written in its Type cell (`list of dict: start,
 * end`), its Validation cell (`start: ip, end: ip`), its description (`'weight':Integer`),
 * a table the text just before it binds to the attribute, or attrc.yaml; and the marks
 * that make such an attribute free-form.  The members are mattr, each with the facets an
 * attribute has, kept in the attribute's `members` (model.h). */
#ifndef ATTRC_NESTED_H
#define ATTRC_NESTED_H

#include "model.h"

/* Whether attribute a's value is an object, or a list of objects: what members belong
 * to. */
int nested_is_object(const mattr *a);

/* Gives a's members without an access of their own a's access, at every depth (the
 * cells that declare them may come before the Access cell). */
void nested_access(mattr *a);

/* A Type cell that parse_type cannot read as a whole, read as a type and members:
 * `list of dict: start, end`, `dict (start, end)`, `dict with keys start, end`,
 * `dict {start: ip, end: ip}`, and the free-form marks `dict (free-form)`, `free-form
 * dict`.  Returns 1 and sets *head (a new string: the type) and *members (a new string,
 * or NULL for a free-form mark), *free_form and *bracketed (the members were in
 * brackets, not after ':' or "with keys"); 0 when the cell is none of these.  The caller
 * decides whether the head is a dict's. */
int nested_type_split(const char *cell, char **head, char **members, int *free_form,
                      int *bracketed);

/* Whether a Validation cell of an object attribute declares its members (`start: ip,
 * end: ip`, `{start, end}`, `keys: start, end`), marks it free-form (`free-form`, `any
 * keys`) or says it has none (`no keys`, `{}`): 1, setting *members (a new string, NULL
 * for a mark), *free_form and *no_keys; else 0. */
int nested_validation(const char *cell, char **members, int *free_form, int *no_keys);

/* Reads a list of members (`start, end`, `start: ip, end: ip (required)`, `type:
 * 'A','B', cookie_name: string`; with `quoted_only`, only the `'KEY':TYPE` pairs of a
 * description) into a's members, each placed at `at` in `file`; diagnostics (bad-member,
 * unknown-type) there.  Returns how many it read, -1 after an error. */
int nested_members(model *m, mattr *a, const char *text, const char *file, rpos at,
                   int quoted_only);

/* The attribute of a resource that a table's title or lead-in names as the one its rows
 * are members of ("Keys of allocation_pools:", "Members of subnet.allocation_pools",
 * "Each item of allocation_pools has these fields:"), or NULL; a path of members
 * (`pools.members`) names a member's members.  *line says where it was named. */
mattr *nested_target(model *m, const rtable *t, int *line);

/* At the end: the warnings for dicts that declare nothing (undeclared-dict). */
void nested_finish(model *m);

#endif
