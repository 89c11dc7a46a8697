/* The oslo.policy check language (policy.h): each rule parsed once at load into a flat
 * array of nodes, then evaluated per request without allocating.
 *
 * Ownership: a policy owns a copy of each rule's text (the nodes point into it, the
 * words cut out by writing NULs), its nodes, its children lists and its name index. */
#define _POSIX_C_SOURCE 200809L
#include "policy.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NESTING 32    /* parentheses and "not" inside one another, in one rule */
#define MAX_RULE_DEPTH 32 /* rule: references inside one another */
#define MAX_WORDS 4096    /* words of one rule */

typedef enum { N_TRUE, N_FALSE, N_RULE, N_ROLE, N_CREDS, N_LITERAL, N_AND, N_OR, N_NOT } ntype;

typedef struct node {
    ntype type;
    const char *a;    /* N_ROLE: the match; N_CREDS: the path; N_LITERAL: the literal;
                       * N_RULE: the name */
    size_t alen;      /* bytes of a */
    const char *match; /* N_CREDS, N_LITERAL: the match (NUL-terminated) */
    int rule;          /* N_RULE: the rule it names, resolved after parsing */
    int kid0, nkids;   /* N_AND, N_OR, N_NOT: children in p->kids[kid0 ..] */
} node;

struct policy {
    size_t nrules;
    char **names, **texts; /* texts: the copies the nodes point into */
    int *root;             /* per rule, its node */
    node *nodes;
    size_t nnodes, capnodes;
    int *kids;
    size_t nkids, capkids;
    json_t *index; /* name -> rule index (json integers) */
    int fallback;  /* the rule "default", or -1 */
};

/* ---- errors ---- */

static void say(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* ---- building ---- */

static int add_node(policy *p, node n)
{
    if (p->nnodes == p->capnodes) {
        size_t cap = p->capnodes ? 2 * p->capnodes : 64;
        node *m = realloc(p->nodes, cap * sizeof *m);
        if (!m)
            return -1;
        p->nodes = m;
        p->capnodes = cap;
    }
    p->nodes[p->nnodes] = n;
    return (int)p->nnodes++;
}

static int add_kids(policy *p, const int *k, size_t n)
{
    if (p->nkids + n > p->capkids) {
        size_t cap = p->capkids ? p->capkids : 64;
        while (cap < p->nkids + n)
            cap *= 2;
        int *m = realloc(p->kids, cap * sizeof *m);
        if (!m)
            return -1;
        p->kids = m;
        p->capkids = cap;
    }
    memcpy(p->kids + p->nkids, k, n * sizeof *k);
    p->nkids += n;
    return (int)(p->nkids - n);
}

/* ---- words ---- */

typedef enum { T_LP, T_RP, T_AND, T_OR, T_NOT, T_CHECK } ttype;
typedef struct token {
    ttype type;
    char *s; /* T_CHECK: the check, NUL-terminated in the rule's copy */
} token;

/* Python's \s on ASCII, which oslo.policy splits words on. */
static int is_space(int c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

static int word_is(const char *s, size_t n, const char *kw)
{
    if (strlen(kw) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)s[i]) != kw[i])
            return 0;
    return 1;
}

/* Cuts `text` into tokens as oslo.policy's _parse_tokenize does.  Returns the count, or
 * -1 with a message. */
static long tokenize(char *text, token *toks, size_t cap, char *why, size_t whylen)
{
    size_t n = 0;
    char *s = text;
    for (;;) {
        while (*s && is_space((unsigned char)*s))
            s++;
        if (!*s)
            return (long)n;
        char *w = s;
        while (*s && !is_space((unsigned char)*s))
            s++;
        char *end = s; /* the word is [w, end) */
        if (*s)
            *s++ = 0;
        while (w < end && *w == '(') {
            if (n == cap)
                goto too_many;
            toks[n++].type = T_LP;
            w++;
        }
        if (w == end)
            continue;
        char *clean_end = end;
        while (clean_end > w && clean_end[-1] == ')')
            clean_end--;
        size_t trail = (size_t)(end - clean_end);
        size_t len = (size_t)(clean_end - w);
        if (len) {
            if (n == cap)
                goto too_many;
            if (word_is(w, len, "and"))
                toks[n].type = T_AND;
            else if (word_is(w, len, "or"))
                toks[n].type = T_OR;
            else if (word_is(w, len, "not"))
                toks[n].type = T_NOT;
            else if (end - w >= 2 && (*w == '"' || *w == '\'') && end[-1] == *w) {
                say(why, whylen, "a quoted word, %s, is not a check", w);
                return -1;
            } else {
                toks[n].type = T_CHECK;
                toks[n].s = w;
            }
            n++;
        }
        *clean_end = 0;
        for (size_t i = 0; i < trail; i++) {
            if (n == cap)
                goto too_many;
            toks[n++].type = T_RP;
        }
    }
too_many:
    say(why, whylen, "more than %d words", MAX_WORDS);
    return -1;
}

/* ---- checks ---- */

/* A match: only %(KEY)s and %% after a '%' (what Python's % would do otherwise is an
 * error at each request, or a conversion this evaluator does not make). */
static int valid_match(const char *m)
{
    for (; *m; m++) {
        if (*m != '%')
            continue;
        if (m[1] == '%') {
            m++;
            continue;
        }
        if (m[1] != '(')
            return 0;
        const char *close = strchr(m + 2, ')');
        if (!close || close[1] != 's')
            return 0;
        m = close + 1;
    }
    return 1;
}

/* A credential path: names ([A-Za-z_][A-Za-z0-9_]*) joined by '.'. */
static int valid_path(const char *s, size_t n)
{
    int start = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.' && !start) {
            start = 1;
            continue;
        }
        if (!(isalpha(c) || c == '_' || (!start && isdigit(c))))
            return 0;
        start = 0;
    }
    return n > 0 && !start;
}

/* A literal Python's ast.literal_eval reads and str() writes back as the same text:
 * 'x' or "x" (no backslash, no quote inside), True, False, None, an integer. */
static int literal(const char *s, size_t n, const char **val, size_t *vlen)
{
    if (n >= 2 && (s[0] == '\'' || s[0] == '"') && s[n - 1] == s[0]) {
        for (size_t i = 1; i + 1 < n; i++)
            if (s[i] == '\\' || s[i] == s[0])
                return -1;
        *val = s + 1;
        *vlen = n - 2;
        return 1;
    }
    if ((n == 4 && !memcmp(s, "True", 4)) || (n == 5 && !memcmp(s, "False", 5)) ||
        (n == 4 && !memcmp(s, "None", 4))) {
        *val = s;
        *vlen = n;
        return 1;
    }
    size_t i = (n && s[0] == '-') ? 1 : 0;
    if (i < n && (s[i] != '0' || (i + 1 == n && i == 0))) {
        size_t j = i;
        while (j < n && isdigit((unsigned char)s[j]))
            j++;
        if (j == n) {
            *val = s;
            *vlen = n;
            return 1;
        }
    }
    return 0;
}

static int parse_check(policy *p, char *w, char *why, size_t whylen)
{
    node n = {N_TRUE, NULL, 0, NULL, -1, 0, 0};
    if (!strcmp(w, "@"))
        return add_node(p, n);
    if (!strcmp(w, "!")) {
        n.type = N_FALSE;
        return add_node(p, n);
    }
    char *colon = strchr(w, ':');
    if (!colon) {
        say(why, whylen, "'%s' is not a check (KIND:MATCH, @ or !)", w);
        return -2;
    }
    *colon = 0;
    const char *kind = w, *match = colon + 1;
    size_t klen = (size_t)(colon - w);
    if (!strcmp(kind, "rule")) {
        n.type = N_RULE;
        n.a = match;
        n.alen = strlen(match);
        return add_node(p, n);
    }
    if (!strcmp(kind, "http") || !strcmp(kind, "https")) {
        say(why, whylen, "%s: checks are not supported here", kind);
        return -2;
    }
    if (!valid_match(match)) {
        say(why, whylen, "in '%s', a '%%' is neither %%(KEY)s nor %%%%", match);
        return -2;
    }
    n.match = match;
    if (!strcmp(kind, "role")) {
        n.type = N_ROLE;
        n.a = match;
        return add_node(p, n);
    }
    int lit = literal(kind, klen, &n.a, &n.alen);
    if (lit == 1) {
        n.type = N_LITERAL;
        return add_node(p, n);
    }
    if (lit == 0 && valid_path(kind, klen)) {
        n.type = N_CREDS;
        n.a = kind;
        n.alen = klen;
        return add_node(p, n);
    }
    say(why, whylen, "'%s' is neither a credential (a.b) nor a literal", kind);
    return -2;
}

/* ---- the grammar: or_expr := and_expr ("or" and_expr)*; and_expr := unary ("and"
 * unary)*; unary := "not" unary | "(" or_expr ")" | check ---- */

typedef struct parser {
    policy *p;
    token *toks;
    size_t n, at;
    int depth;
    char *why;
    size_t whylen;
} parser;

static int parse_or(parser *ps);

/* Returns a node index, -1 out of memory, -2 a syntax error (in ps->why). */
static int parse_unary(parser *ps)
{
    if (ps->at == ps->n) {
        say(ps->why, ps->whylen, "a check is missing at the end");
        return -2;
    }
    token *t = &ps->toks[ps->at];
    if (t->type == T_CHECK) {
        ps->at++;
        return parse_check(ps->p, t->s, ps->why, ps->whylen);
    }
    if (t->type != T_NOT && t->type != T_LP) {
        say(ps->why, ps->whylen, "'%s' where a check should be",
            t->type == T_RP ? ")" : t->type == T_AND ? "and" : "or");
        return -2;
    }
    if (++ps->depth > MAX_NESTING) {
        say(ps->why, ps->whylen, "more than %d parentheses and 'not' inside one another",
            MAX_NESTING);
        return -2;
    }
    ps->at++;
    int k;
    if (t->type == T_NOT) {
        k = parse_unary(ps);
        if (k >= 0) {
            int kid = add_kids(ps->p, &k, 1);
            node n = {N_NOT, NULL, 0, NULL, -1, kid, 1};
            k = kid < 0 ? -1 : add_node(ps->p, n);
        }
    } else {
        k = parse_or(ps);
        if (k >= 0 && (ps->at == ps->n || ps->toks[ps->at].type != T_RP)) {
            say(ps->why, ps->whylen, "a '(' is not closed");
            k = -2;
        }
        ps->at++;
    }
    ps->depth--;
    return k;
}

/* One of and_expr (op T_AND, below T_NOT...) or or_expr (op T_OR). */
static int parse_list(parser *ps, ttype op)
{
    int kids[64];
    size_t nk = 0;
    int first = -1;
    for (;;) {
        int k = op == T_OR ? parse_list(ps, T_AND) : parse_unary(ps);
        if (k < 0)
            return k;
        if (nk == 0)
            first = k;
        if (nk == sizeof kids / sizeof *kids) {
            say(ps->why, ps->whylen, "more than %zu checks joined by '%s'", nk,
                op == T_OR ? "or" : "and");
            return -2;
        }
        kids[nk++] = k;
        if (ps->at == ps->n || ps->toks[ps->at].type != op)
            break;
        ps->at++;
    }
    if (nk == 1)
        return first;
    int kid = add_kids(ps->p, kids, nk);
    if (kid < 0)
        return -1;
    node n = {op == T_OR ? N_OR : N_AND, NULL, 0, NULL, -1, kid, (int)nk};
    return add_node(ps->p, n);
}

static int parse_or(parser *ps)
{
    return parse_list(ps, T_OR);
}

/* Parses rule `r` (its text already copied into p->texts[r]). */
static int parse_rule(policy *p, size_t r, char *why, size_t whylen)
{
    char *text = p->texts[r];
    node t = {N_TRUE, NULL, 0, NULL, -1, 0, 0};
    if (!*text) { /* "" allows; white space alone is a rule oslo.policy cannot parse */
        p->root[r] = add_node(p, t);
        return p->root[r] < 0 ? -1 : 0;
    }
    token *toks = malloc(MAX_WORDS * sizeof *toks);
    if (!toks)
        return -1;
    long n = tokenize(text, toks, MAX_WORDS, why, whylen);
    int k = -2;
    if (n == 0)
        say(why, whylen, "only white space (oslo.policy denies it; write \"\" to allow)");
    else if (n > 0) {
        parser ps = {p, toks, (size_t)n, 0, 0, why, whylen};
        k = parse_or(&ps);
        if (k >= 0 && ps.at != ps.n) {
            say(why, whylen, "'%s' after a complete check",
                toks[ps.at].type == T_RP ? ")" : toks[ps.at].type == T_CHECK ? toks[ps.at].s
                                                                              : "a word");
            k = -2;
        }
    }
    free(toks);
    if (k == -1)
        say(why, whylen, "out of memory");
    p->root[r] = k;
    return k < 0 ? -1 : 0;
}

/* ---- references ---- */

/* Resolves the rule: checks under node k, and checks that the rules they name, through
 * `default` for undefined ones, end within MAX_RULE_DEPTH without a cycle.  state[r]: 0
 * not seen, 1 being walked, 2 fine. */
static int walk_rule(policy *p, size_t r, char *state, int depth, char *why, size_t whylen);

static int walk_node(policy *p, int k, char *state, int depth, char *why, size_t whylen)
{
    node *n = &p->nodes[k];
    if (n->type == N_RULE) {
        char name[256];
        if (n->alen >= sizeof name) {
            say(why, whylen, "rule:%.40s...: a name longer than %zu bytes", n->a,
                sizeof name - 1);
            return -1;
        }
        memcpy(name, n->a, n->alen);
        name[n->alen] = 0;
        n->rule = policy_resolve(p, name);
        return n->rule < 0 ? 0 : walk_rule(p, (size_t)n->rule, state, depth + 1, why, whylen);
    }
    for (int i = 0; i < n->nkids; i++)
        if (walk_node(p, p->kids[n->kid0 + i], state, depth, why, whylen) != 0)
            return -1;
    return 0;
}

static int walk_rule(policy *p, size_t r, char *state, int depth, char *why, size_t whylen)
{
    if (state[r] == 2)
        return 0;
    if (state[r] == 1) {
        say(why, whylen, "refers to itself through rule:%s", p->names[r]);
        return -1;
    }
    if (depth > MAX_RULE_DEPTH) {
        say(why, whylen, "rule: references more than %d deep", MAX_RULE_DEPTH);
        return -1;
    }
    state[r] = 1;
    if (walk_node(p, p->root[r], state, depth, why, whylen) != 0)
        return -1;
    state[r] = 2;
    return 0;
}

/* ---- loading ---- */

policy *policy_from_json(const json_t *rules, char *err, size_t errlen)
{
    if (!json_is_object(rules)) {
        say(err, errlen, "a policy is a JSON object of rules");
        return NULL;
    }
    policy *p = calloc(1, sizeof *p);
    size_t n = json_object_size(rules);
    char why[256] = "";
    if (!p)
        goto oom;
    p->fallback = -1;
    p->index = json_object();
    p->names = calloc(n + 1, sizeof *p->names);
    p->texts = calloc(n + 1, sizeof *p->texts);
    p->root = calloc(n + 1, sizeof *p->root);
    char *state = calloc(n + 1, 1);
    if (!p->index || !p->names || !p->texts || !p->root || !state)
        goto oom_state;
    const char *name;
    json_t *check;
    json_object_foreach((json_t *)rules, name, check) {
        size_t r = p->nrules++;
        if (!json_is_string(check)) {
            say(err, errlen, "rule %s: its check is not a string", name);
            goto fail;
        }
        p->names[r] = strdup(name);
        p->texts[r] = strdup(json_string_value(check));
        if (!p->names[r] || !p->texts[r] ||
            json_object_set_new(p->index, name, json_integer((json_int_t)r)) != 0)
            goto oom_state;
        if (parse_rule(p, r, why, sizeof why) != 0) {
            say(err, errlen, "rule %s: \"%s\": %s", name, json_string_value(check), why);
            goto fail;
        }
    }
    p->fallback = policy_find(p, "default");
    for (size_t r = 0; r < p->nrules; r++)
        if (walk_rule(p, r, state, 0, why, sizeof why) != 0) {
            say(err, errlen, "rule %s: %s", p->names[r], why);
            goto fail;
        }
    free(state);
    return p;
oom_state:
    say(err, errlen, "out of memory reading the policy");
fail:
    free(state);
    policy_free(p);
    return NULL;
oom:
    say(err, errlen, "out of memory reading the policy");
    return NULL;
}

policy *policy_load(const char *path, char *err, size_t errlen)
{
    json_error_t je;
    json_t *rules = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!rules) {
        say(err, errlen, "%s:%d:%d: %s", path, je.line, je.column, je.text);
        return NULL;
    }
    char why[512];
    policy *p = policy_from_json(rules, why, sizeof why);
    json_decref(rules);
    if (!p)
        say(err, errlen, "%s: %s", path, why);
    return p;
}

void policy_free(policy *p)
{
    if (!p)
        return;
    for (size_t r = 0; r < p->nrules; r++) {
        free(p->names[r]);
        free(p->texts[r]);
    }
    free(p->names);
    free(p->texts);
    free(p->root);
    free(p->nodes);
    free(p->kids);
    json_decref(p->index);
    free(p);
}

int policy_find(const policy *p, const char *name)
{
    json_t *i = json_object_get(p->index, name);
    return i ? (int)json_integer_value(i) : -1;
}

int policy_resolve(const policy *p, const char *name)
{
    int r = policy_find(p, name);
    return r >= 0 ? r : p->fallback;
}

/* ---- evaluation ---- */

/* The text Python's str() gives a scalar: strings as they are, True, False, None,
 * integers; 0 for the rest. */
static int scalar_text(const json_t *v, char *buf, size_t cap, const char **s, size_t *n)
{
    if (json_is_string(v)) {
        *s = json_string_value(v);
        *n = json_string_length(v);
        return 1;
    }
    if (json_is_integer(v)) {
        snprintf(buf, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        *s = buf;
    } else if (json_is_true(v))
        *s = "True";
    else if (json_is_false(v))
        *s = "False";
    else if (json_is_null(v))
        *s = "None";
    else
        return 0;
    *n = strlen(*s);
    return 1;
}

static int same(const char *a, const char *b, size_t n, int fold)
{
    if (!fold)
        return memcmp(a, b, n) == 0;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
            return 0;
    return 1;
}

/* 1 when the match `m`, its %(KEY)s replaced from `target`, is the `n` bytes at `want`
 * (ASCII case folded when `fold`); 0 otherwise, and when a KEY is absent. */
static int match_is(const char *m, const json_t *target, const char *want, size_t n, int fold)
{
    size_t at = 0;
    while (*m) {
        if (*m != '%') {
            if (at == n || !same(m, want + at, 1, fold))
                return 0;
            at++;
            m++;
            continue;
        }
        if (m[1] == '%') {
            if (at == n || want[at] != '%')
                return 0;
            at++;
            m += 2;
            continue;
        }
        const char *key = m + 2, *close = strchr(key, ')');
        json_t *v = json_is_object(target) ? json_object_getn(target, key, (size_t)(close - key))
                                           : NULL;
        char buf[32];
        const char *s;
        size_t len;
        if (!v || !scalar_text(v, buf, sizeof buf, &s, &len) || len > n - at ||
            !same(s, want + at, len, fold))
            return 0;
        at += len;
        m = close + 2;
    }
    return at == n;
}

/* oslo.policy's GenericCheck._find_in_dict: the credential at `path` (dotted, `len`
 * bytes) inside `v`; where a step of the path is a list, one of its items must match. */
static int creds_match(const json_t *v, const char *path, size_t len, const char *m,
                       const json_t *target)
{
    char buf[32];
    const char *s;
    size_t n;
    if (len == 0)
        return scalar_text(v, buf, sizeof buf, &s, &n) && match_is(m, target, s, n, 0);
    const char *dot = memchr(path, '.', len);
    size_t seg = dot ? (size_t)(dot - path) : len;
    const char *rest = dot ? dot + 1 : path + len;
    size_t rlen = dot ? len - seg - 1 : 0;
    json_t *next = json_is_object(v) ? json_object_getn(v, path, seg) : NULL;
    if (!json_is_array(next))
        return next && creds_match(next, rest, rlen, m, target);
    size_t i;
    const json_t *item;
    json_array_foreach(next, i, item) if (creds_match(item, rest, rlen, m, target)) return 1;
    return 0;
}

static int eval(const policy *p, int k, const json_t *target, const json_t *creds)
{
    const node *n = &p->nodes[k];
    switch (n->type) {
    case N_TRUE:
        return 1;
    case N_FALSE:
        return 0;
    case N_RULE:
        return n->rule >= 0 && eval(p, p->root[n->rule], target, creds);
    case N_ROLE: {
        const json_t *roles = json_object_get(creds, "roles");
        size_t i;
        const json_t *role;
        json_array_foreach(roles, i, role) if (json_is_string(role) &&
                                               match_is(n->a, target, json_string_value(role),
                                                        json_string_length(role), 1)) return 1;
        return 0;
    }
    case N_LITERAL:
        return match_is(n->match, target, n->a, n->alen, 0);
    case N_CREDS:
        return creds_match(creds, n->a, n->alen, n->match, target);
    case N_NOT:
        return !eval(p, p->kids[n->kid0], target, creds);
    case N_AND:
        for (int i = 0; i < n->nkids; i++)
            if (!eval(p, p->kids[n->kid0 + i], target, creds))
                return 0;
        return 1;
    case N_OR:
        for (int i = 0; i < n->nkids; i++)
            if (eval(p, p->kids[n->kid0 + i], target, creds))
                return 1;
        return 0;
    }
    return 0;
}

int policy_check(const policy *p, int rule, const json_t *target, const json_t *creds)
{
    return rule >= 0 && (size_t)rule < p->nrules && eval(p, p->root[rule], target, creds);
}

int policy_enforce(const policy *p, const char *name, const json_t *target,
                   const json_t *creds)
{
    return policy_check(p, policy_resolve(p, name), target, creds);
}
