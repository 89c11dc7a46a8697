/* A small evaluator of the oslo.policy check language, for the policy files attrc writes
 * (and operators override).
 *
 * A policy is a JSON object of rules, name -> check string.  The language:
 *
 *   ""  and  "@"          allow;   "!" deny
 *   rule:NAME             the rule NAME (an undefined one is the rule "default", and
 *                         denies when there is no "default")
 *   role:NAME             the caller has the role NAME (ASCII case-insensitive)
 *   KEY:MATCH             the caller's credential KEY ("a.b": b inside a; a list
 *                         matches when one of its items does) equals MATCH
 *   'literal':MATCH, True:MATCH, None:MATCH, 42:MATCH   the literal equals MATCH
 *   A and B, A or B, not A, ( A )      "and" binds before "or"; keywords in any case
 *
 * where MATCH (and role's NAME) may hold %(KEY)s, replaced by the target's KEY (a
 * string as it is; true, false, null and integers as Python writes them: True, False,
 * None, 42; the check is false when the target has no KEY or, unlike oslo.policy, when
 * the value is a number with a fraction, a list or an object) and %% for '%'.
 *
 * oslo.policy denies, at each request and with a line in its log, a rule it cannot
 * parse; policy_load refuses it at start instead, naming the rule, as it refuses what
 * oslo.policy would raise an exception for at a request (a cycle of rule: references, a
 * '%' that is not %(KEY)s or %%) and the checks this evaluator does not have (http:,
 * https:, a KEY that is neither a credential path nor a literal).  Words are separated
 * by ASCII white space only. */
#ifndef SERVICE_POLICY_H
#define SERVICE_POLICY_H

#include <jansson.h>
#include <stddef.h>

typedef struct policy policy;

/* Reads the rules of `path` (a policy.json).  Returns a policy the caller frees with
 * policy_free, or NULL with a message in `err` (`errlen` bytes, always terminated) that
 * names the file and, for a bad rule, the rule. */
policy *policy_load(const char *path, char *err, size_t errlen);
/* The same from a JSON object (borrowed: the policy keeps copies of what it needs). */
policy *policy_from_json(const json_t *rules, char *err, size_t errlen);
void policy_free(policy *p);

/* The index of the rule `name` defined in the file, or -1. */
int policy_find(const policy *p, const char *name);
/* The index of the rule that decides `name`: its own, else "default"'s, else -1. */
int policy_resolve(const policy *p, const char *name);

/* 1 when rule `rule` (an index from policy_find or policy_resolve; -1 denies) allows a
 * caller with credentials `creds` (an object: roles, project_id, user_id, is_admin, ...)
 * on `target` (an object: the resource), else 0.  Neither allocates nor changes them. */
int policy_check(const policy *p, int rule, const json_t *target, const json_t *creds);
/* policy_check(p, policy_resolve(p, name), target, creds). */
int policy_enforce(const policy *p, const char *name, const json_t *target,
                   const json_t *creds);

#endif
