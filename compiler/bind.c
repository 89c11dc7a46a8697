/* What the text around a table says about its resource: bind.h. */
#include "bind.h"

#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- English nouns ---- */

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Nouns whose plural no suffix rule gives, and nouns that are their own plural. */
static const struct {
    const char *one, *many;
} irregular[] = {
    {"alias", "aliases"},       {"analysis", "analyses"},   {"cache", "caches"},
    {"chassis", "chassis"},     {"child", "children"},      {"criterion", "criteria"},
    {"data", "data"},           {"equipment", "equipment"}, {"firmware", "firmware"},
    {"hardware", "hardware"},   {"index", "indexes"},       {"info", "info"},
    {"information", "information"}, {"leaf", "leaves"},     {"matrix", "matrices"},
    {"metadata", "metadata"},   {"person", "people"},       {"series", "series"},
    {"software", "software"},   {"species", "species"},     {"vertex", "vertices"},
    {"axis", "axes"},           {"bus", "buses"},           {"status", "statuses"},
    {"basis", "bases"},         {"niche", "niches"},        {"avalanche", "avalanches"},
};

/* The last "_"-separated word of a compound name: English applies to it alone. */
static size_t last_word(const char *s)
{
    const char *u = strrchr(s, '_');
    return u ? (size_t)(u + 1 - s) : 0;
}

/* Looks the last word of s up among the irregular nouns, in the column `from`, and
 * returns s with it in the other column, or NULL. */
static char *irregular_form(const char *s, int from_many)
{
    size_t w = last_word(s);
    for (size_t k = 0; k < sizeof irregular / sizeof irregular[0]; k++) {
        const char *a = from_many ? irregular[k].many : irregular[k].one;
        const char *b = from_many ? irregular[k].one : irregular[k].many;
        if (strcmp(s + w, a) == 0) {
            sbuf r = {0};
            sb_put(&r, s, w);
            sb_puts(&r, b);
            return sb_take(&r);
        }
    }
    return NULL;
}

char *plural_of(const char *m)
{
    char *irr = irregular_form(m, 0);
    if (irr)
        return irr;
    size_t n = strlen(m);
    sbuf b = {0};
    if (n > 1 && m[n - 1] == 'y' && !strchr("aeiou", m[n - 2])) {
        sb_put(&b, m, n - 1);
        sb_puts(&b, "ies");
    } else if (ends_with(m, "s") || ends_with(m, "x") || ends_with(m, "z") ||
               ends_with(m, "ch") || ends_with(m, "sh")) {
        sb_puts(&b, m);
        sb_puts(&b, "es");
    } else {
        sb_puts(&b, m);
        sb_putc(&b, 's');
    }
    return sb_take(&b);
}

char *singular_of(const char *c)
{
    char *irr = irregular_form(c, 1);
    if (irr)
        return irr;
    size_t n = strlen(c);
    sbuf b = {0};
    if (n > 3 && ends_with(c, "ies")) {
        sb_put(&b, c, n - 3);
        sb_putc(&b, 'y');
    } else if (n > 4 && (ends_with(c, "sses") || ends_with(c, "xes") || ends_with(c, "zes") ||
                         ends_with(c, "ches") || ends_with(c, "shes") || ends_with(c, "uses"))) {
        sb_put(&b, c, n - 2);
    } else if (n > 1 && c[n - 1] == 's' && !strchr("su", c[n - 2]) &&
               !(c[n - 2] == 'i' && n - last_word(c) > 3)) {
        /* "address", "status" and "chassis"-like "...is" are singular already */
        sb_put(&b, c, n - 1);
    } else {
        sb_puts(&b, c);
    }
    return sb_take(&b);
}

/* ---- resources named by the text before a table ---- */

void named_free(named *nm)
{
    for (int k = 0; k < nm->n; k++) {
        free(nm->member[k]);
        free(nm->collection[k]);
    }
    nm->n = 0;
}

void named_add(named *nm, char *member, char *collection)
{
    if (nm->n == 8) {
        free(member);
        free(collection);
        return;
    }
    nm->member[nm->n] = member;
    nm->collection[nm->n] = collection;
    nm->n++;
}

void named_noun(named *nm, const char *name)
{
    char *one = singular_of(name);
    if (strcmp(one, name) != 0) /* a plural: it names the collection */
        named_add(nm, one, xstrdup(name));
    else {
        named_add(nm, one, plural_of(name));
    }
}

/* The next "/"-separated segment of p[0..n) from *i: returns its start and sets *len,
 * or NULL at the end. */
const char *next_segment(const char *p, size_t n, size_t *i, size_t *len)
{
    while (*i < n && p[*i] == '/')
        (*i)++;
    size_t a = *i;
    while (*i < n && p[*i] != '/')
        (*i)++;
    *len = *i - a;
    return *i > a ? p + a : NULL;
}

int path_param(const char *seg, size_t len)
{
    /* a parameter ({id}, <id>, :id, ID written in capitals is rare and kept) or a
     * version (v2, v2.0, v1.1) */
    if (len && strchr("{<:", seg[0]))
        return 1;
    if (len > 1 && (seg[0] == 'v' || seg[0] == 'V') && isdigit((unsigned char)seg[1])) {
        size_t i = 1;
        while (i < len && (isdigit((unsigned char)seg[i]) || seg[i] == '.'))
            i++;
        return i == len;
    }
    return 0;
}

void path_name(sbuf *b, const char *seg, size_t len)
{
    for (size_t i = 0; i < len; i++)
        sb_putc(b, seg[i] == '-' ? '_' : ascii_lower(seg[i]));
}

/* The resource of a path: its last segment that is neither a parameter nor a version;
 * a query or a ".json" after it is not part of it. */
int path_resource(const char *p, size_t n, named *nm)
{
    const char *q = memchr(p, '?', n);
    if (q)
        n = (size_t)(q - p);
    if (n > 5 && memcmp(p + n - 5, ".json", 5) == 0)
        n -= 5;
    const char *best = NULL;
    size_t bl = 0, i = 0, len;
    for (const char *seg; (seg = next_segment(p, n, &i, &len)) != NULL;)
        if (!path_param(seg, len))
            best = seg, bl = len;
    if (!best)
        return 0;
    for (size_t k = 0; k < bl; k++)
        if (!isalnum((unsigned char)best[k]) && !strchr("_-.", best[k]))
            return 0;
    sbuf coll = {0};
    path_name(&coll, best, bl);
    char *c = sb_take(&coll);
    named_add(nm, singular_of(c), c);
    return 1;
}

/* ---- words ---- */

static int word_char(char c) { return isalnum((unsigned char)c) || c == '_' || c == '-'; }

static int in_list(const char *w, const char *const *list)
{
    for (int k = 0; list[k]; k++)
        if (ascii_ieq(w, list[k]))
            return 1;
    return 0;
}

/* Words that are never part of a resource's name (docs/spec-format.md). */
static const char *const generic_words[] = {
    "the", "a", "an", "of", "for", "new", "added", "modified", "changed", "changes", "change",
    "extended", "extension", "extensions", "resource", "resources", "attribute", "attributes",
    "attr", "attrs", "table", "tables", "csvtable", "object", "objects", "model", "models",
    "data", "field", "fields", "api", "apis", "rest", "impact", "impacts", "proposed",
    "existing", "updated", "example", "examples", "following", "below", "above",
    "definition", "definitions", "parameters", "parameter", "properties", "property",
    "schema", "body", "request", "response", "details", "summary", "list", "to", "in",
    "with", "and", "on", "at", "by", "from", "under", "into", "current", "creation",
    "additional", "optional", "supported", "v2", "v2.0", "neutron", "openstack",
    NULL};

static int is_generic_word(const char *w) { return in_list(w, generic_words); }

/* Words that make a phrase a sentence, not a name: "The following attributes are
 * added:" names nothing. */
static const char *const sentence_words[] = {
    "is", "are", "be", "been", "being", "was", "were", "will", "would", "shall", "should",
    "can", "could", "may", "might", "must", "has", "have", "had", "do", "does", "did",
    "this", "that", "these", "those", "which", "who", "what", "it", "its", "they", "their",
    "there", "here", "not", "no", "we", "our", "you", "your", "as", "also", "only", "now",
    "all", "each", "every", "some", "any", "if", "when", "where", "how", "why", "then",
    "than", "so", "but", "or", "nor", "such", "via", "per", "about", "after", "before",
    "both", "either", "more", "most", "other", "same", "see", "use", "used", "using",
    "allow", "allows", "contain", "contains", "include", "includes", "including", "add",
    "adds", "need", "needs", "show", "shows", "lists", "describe", "describes",
    "summarize", "summarizes", "introduce", "introduced", "introduces", "become",
    "becomes", "get", "gets", "gain", "gains", "like", "please", "note", "one", "two",
    "three", "four", "five", "several", "many", "few", NULL};

/* Words a name follows in a sentence: "added to the network resource". */
static const char *const lead_words[] = {"the", "a", "an", "to", "of", "for", "each", "every",
                                         NULL};

/* Words after which a name ends: "the X resource", "the X model:". */
static const char *const marker_words[] = {
    "resource", "resources", "attribute", "attributes", "object", "objects", "table",
    "model", "models", "fields", "field", "properties", "extension", "api", NULL};

/* Product names written in CamelCase, which name no resource. */
static const char *const brand_words[] = {
    "OpenStack", "DevStack", "OpenFlow", "OpenDaylight", "JavaScript", "GitHub", "MySQL",
    "PostgreSQL", "RabbitMQ", "OpenAPI", "FWaaS", "LBaaS", "VPNaaS", "BGPVPN", "DHCPv6",
    "IPv4", "IPv6", "NetApp", "OpenContrail", "MidoNet", "OpenvSwitch", "OvS", "NFVaaS",
    "JSON", NULL};

/* Appends a word to a name, as snake case: "GizmoPair" as "gizmo_pair", "Port-Chain" as
 * "port_chain". */
static void snake_word(sbuf *b, const char *w, size_t n)
{
    if (b->n)
        sb_putc(b, '_');
    for (size_t i = 0; i < n; i++) {
        char c = w[i];
        int up = isupper((unsigned char)c);
        if (up && i > 0 && b->n && b->p[b->n - 1] != '_' &&
            (islower((unsigned char)w[i - 1]) || isdigit((unsigned char)w[i - 1]) ||
             (i + 1 < n && islower((unsigned char)w[i + 1]) && isupper((unsigned char)w[i - 1]))))
            sb_putc(b, '_');
        sb_putc(b, c == '-' ? '_' : ascii_lower(c));
    }
}

/* Whether w is written in CamelCase (two capitalised parts, not all capitals). */
static int camel_case(const char *w)
{
    int humps = 0, lower = 0;
    for (const char *p = w; *p; p++) {
        if (!isalnum((unsigned char)*p))
            return 0;
        if (isupper((unsigned char)*p) && (p == w || islower((unsigned char)p[-1])))
            humps++;
        lower |= islower((unsigned char)*p) != 0;
    }
    return humps >= 2 && lower && isupper((unsigned char)w[0]) && !in_list(w, brand_words);
}

/* A text cut into words (letters, digits, "_" and "-"), with the punctuation that ends
 * each; a path ("/v2.0/gizmos", "``/gizmos``" read as text) is one word. */
typedef struct words {
    char **w;
    char *end; /* the character after each word: ' ', ',', ':', '.', ... */
    int n;
} words;

static void words_free(words *ws)
{
    for (int k = 0; k < ws->n; k++)
        free(ws->w[k]);
    free(ws->w);
    free(ws->end);
}

static void words_of(const char *s, size_t n, words *ws)
{
    memset(ws, 0, sizeof *ws);
    size_t i = 0;
    while (i < n) {
        while (i < n && !word_char(s[i]) && s[i] != '/')
            i++;
        size_t a = i;
        if (i < n && s[i] == '/') {
            while (i < n && s[i] != ' ' && s[i] != ',' && s[i] != '`' && s[i] != '"' &&
                   s[i] != '\'' && s[i] != ')' && !(s[i] == ':' && (i + 1 == n || s[i + 1] == ' ')))
                i++;
            while (i > a + 1 && s[i - 1] == '.')
                i--;
        } else {
            while (i < n && (word_char(s[i]) || (s[i] == '.' && i + 1 < n &&
                                                 isdigit((unsigned char)s[i + 1]))))
                i++;
        }
        if (i == a) {
            i++;
            continue;
        }
        ws->w = xgrow(ws->w, (size_t)ws->n, sizeof *ws->w);
        ws->end = xgrow(ws->end, (size_t)ws->n, sizeof *ws->end);
        ws->w[ws->n] = xstrndup(s + a, i - a);
        /* the punctuation after it, else ' ' (another word follows), or 0 at the end */
        size_t e = i;
        while (e < n && s[e] == ' ')
            e++;
        ws->end[ws->n++] = e == n ? 0 : (word_char(s[e]) || s[e] == '/') ? ' ' : s[e];
    }
}

/* The name made of ws[a..b), generic words left out: 0 when a number, a path or (`any`
 * 0) a sentence word is among them, or when no word or more than four are left. */
static int phrase_name(const words *ws, int a, int b, int any, sbuf *name)
{
    int kept = 0;
    sb_reset(name);
    for (int k = a; k < b; k++) {
        const char *w = ws->w[k];
        if (w[0] == '/' || (!any && in_list(w, sentence_words)) || isdigit((unsigned char)w[0]))
            return 0;
        if (is_generic_word(w) || in_list(w, brand_words))
            continue;
        snake_word(name, w, strlen(w));
        kept++;
    }
    return kept >= 1 && kept <= 4;
}

/* ---- what a text names ---- */

/* "NAME (/path)": the path names the collection; NAME the member, whatever its case and
 * number ("GIZMOS (/gizmos)" is gizmo, gizmos). */
static int name_and_path(const char *s, size_t n, named *nm)
{
    const char *open = memchr(s, '(', n);
    if (!open || s[n - 1] != ')' || open[1] != '/')
        return -1;
    size_t ml = (size_t)(open - s);
    while (ml && s[ml - 1] == ' ')
        ml--;
    for (size_t i = 0; i < ml; i++)
        if (!word_char(s[i]) && s[i] != ' ')
            return 0;
    named path = {0};
    if (ml == 0 || !path_resource(open + 1, (size_t)(s + n - 1 - (open + 1)), &path)) {
        named_free(&path);
        return 0;
    }
    words ws;
    words_of(s, ml, &ws);
    sbuf name = {0};
    int ok = phrase_name(&ws, 0, ws.n, 1, &name);
    words_free(&ws);
    if (ok) {
        char *mem = singular_of(name.p);
        /* the member of the path where NAME is it in either number */
        if (strcmp(mem, path.member[0]) == 0 || strcmp(name.p, path.collection[0]) == 0) {
            free(mem);
            mem = xstrdup(path.member[0]);
        }
        named_add(nm, mem, xstrdup(path.collection[0]));
    }
    sb_free(&name);
    named_free(&path);
    return ok;
}

/* A sentence's clue, by the forms docs/spec-format.md lists: a path in it, "the X
 * resource" (any marker word), a CamelCase model name, "... to X:" at its end. */
static int sentence_names(const words *ws, int a, int colon, named *nm)
{
    sbuf name = {0};
    int ok = 0;
    /* a path, where the sentence introduces the table */
    for (int k = ws->n - 1; k >= a && colon && !ok; k--)
        if (ws->w[k][0] == '/' && ws->w[k][1])
            ok = path_resource(ws->w[k], strlen(ws->w[k]), nm);
    /* "the X resource", "the current XModel model", "the X API" */
    for (int k = ws->n - 1; k > a && !ok; k--) {
        if (!in_list(ws->w[k], marker_words))
            continue;
        int s = k;
        while (s > a && k - s < 4 && !in_list(ws->w[s - 1], sentence_words) &&
               ws->w[s - 1][0] != '/' && !in_list(ws->w[s - 1], lead_words) &&
               ws->end[s - 1] == ' ')
            s--;
        /* a name stands after "the", "to", ... or first: not after a verb ("are two
         * resources") */
        if (s < k && (s == a || in_list(ws->w[s - 1], lead_words)) &&
            phrase_name(ws, s, k, 0, &name)) {
            named_noun(nm, name.p);
            ok = 1;
        }
    }
    /* a CamelCase name: "... to create and manipulate SubnetPools." */
    for (int k = ws->n - 1; k >= a && !ok; k--)
        if (camel_case(ws->w[k])) {
            sb_reset(&name);
            snake_word(&name, ws->w[k], strlen(ws->w[k]));
            named_noun(nm, name.p);
            ok = 1;
        }
    /* "... are added to networks:", "... for each port pair:" */
    for (int k = ws->n - 1; k > a && colon && !ok; k--) {
        const char *w = ws->w[k];
        if (!(ascii_ieq(w, "to") || ascii_ieq(w, "for") || ascii_ieq(w, "on") ||
              ascii_ieq(w, "of")))
            continue;
        int s = k + 1;
        while (s < ws->n && (ascii_ieq(ws->w[s], "the") || ascii_ieq(ws->w[s], "each") ||
                             ascii_ieq(ws->w[s], "every") || ascii_ieq(ws->w[s], "all")))
            s++;
        if (s < ws->n && ws->n - s <= 3 && phrase_name(ws, s, ws->n, 0, &name)) {
            named_noun(nm, name.p);
            ok = 1;
        }
        break;
    }
    sb_free(&name);
    return ok;
}

int names_resources(const char *text, int strict, named *nm)
{
    int colon = 0;
    for (size_t e = strlen(text); e && (text[e - 1] == ':' || text[e - 1] == ' '); e--)
        colon |= text[e - 1] == ':';
    size_t n = strlen(text);
    while (n && (text[n - 1] == ':' || text[n - 1] == '.' || text[n - 1] == ' '))
        n--;
    if (n == 0)
        return 0;
    int ok = name_and_path(text, n, nm);
    if (ok >= 0)
        return ok;
    words ws;
    words_of(text, n, &ws);
    ok = 0;
    /* paths only, joined by "and", "or", "," or "&" */
    if (text[0] == '/') {
        named tmp = {0};
        int all = 1;
        for (int k = 0; k < ws.n && all; k++)
            if (!ascii_ieq(ws.w[k], "and") && !ascii_ieq(ws.w[k], "or"))
                all = ws.w[k][0] == '/' && path_resource(ws.w[k], strlen(ws.w[k]), &tmp);
        if (all && tmp.n) {
            for (int k = 0; k < tmp.n; k++)
                named_add(nm, tmp.member[k], tmp.collection[k]);
            tmp.n = 0;
            ok = 1;
        }
        named_free(&tmp);
        words_free(&ws);
        return ok;
    }
    /* a short phrase: a heading, a term, a title; in a paragraph it must say what it is
     * ("Port resource:", "Flavor attributes") or introduce the table ("On networks:") */
    int marker = 0, prep = ws.n > 0 && (ascii_ieq(ws.w[0], "on") || ascii_ieq(ws.w[0], "for") ||
                                         ascii_ieq(ws.w[0], "to"));
    for (int k = 0; k < ws.n; k++)
        marker |= in_list(ws.w[k], marker_words);
    int plain = 1;
    for (size_t i = 0; i < n; i++)
        plain &= word_char(text[i]) || text[i] == ' ' || text[i] == ',' || text[i] == ':';
    sbuf name = {0};
    if (plain && ws.n <= 6 && n <= 120 && (!strict || marker || (prep && colon)) &&
        phrase_name(&ws, 0, ws.n, 0, &name)) {
        named_noun(nm, name.p);
        ok = 1;
    }
    sb_free(&name);
    /* a sentence: its last one says what follows */
    if (!ok && strict) {
        int a = 0;
        for (int k = 0; k + 1 < ws.n; k++)
            if (ws.end[k] == '.' || ws.end[k] == '!' || ws.end[k] == '?')
                a = k + 1;
        ok = sentence_names(&ws, a, colon, nm);
    }
    words_free(&ws);
    return ok;
}

/* ---- resources a text mentions ---- */

int mentions(const char *text, const char *const *names, int nnames, named *nm)
{
    /* each name as one run of letters ("security_group" as "securitygroup"), once */
    char **flat = xcalloc((size_t)nnames + 1, sizeof *flat);
    for (int j = 0; j < nnames; j++) {
        sbuf f = {0};
        for (const char *p = names[j]; *p; p++)
            if (*p != '_')
                sb_putc(&f, *p);
        flat[j] = f.p ? sb_take(&f) : xstrdup("");
    }
    words ws;
    words_of(text, strlen(text), &ws);
    int found = -1;
    sbuf run = {0};
    for (int k = 0; k < ws.n && found != -2; k++) {
        sb_reset(&run);
        for (int len = 1; len <= 3 && k + len <= ws.n && found != -2; len++) {
            /* "floating IPs", "security-groups", "subnetpool": one run of letters */
            for (const char *p = ws.w[k + len - 1]; *p; p++)
                if (*p != '_' && *p != '-')
                    sb_putc(&run, ascii_lower(*p));
            if (!run.n) /* "_" or "--" alone: nothing to compare */
                continue;
            char *one = singular_of(run.p);
            for (int j = 0; j < nnames; j++)
                if (flat[j][0] && (strcmp(flat[j], run.p) == 0 || strcmp(flat[j], one) == 0))
                    found = found < 0 || found == j ? j : -2;
            free(one);
        }
    }
    sb_free(&run);
    words_free(&ws);
    for (int j = 0; j < nnames; j++)
        free(flat[j]);
    free(flat);
    if (found < 0)
        return 0;
    named_noun(nm, names[found]);
    return 1;
}

/* ---- whether a text says the resource exists already ---- */

/* Words that say so by themselves: "the existing network", "the current MeteringLabel
 * model", "additional fields", "extends the router", "already exists". */
static const char *const extension_words[] = {
    "existing", "current", "extend", "extends", "extended", "extending", "additional",
    "extra", "already", "augment", "augments", "augmented", NULL};

/* What an added thing is: "Added Fields", "the attributes are added", "new attributes". */
static const char *const added_things[] = {
    "attribute", "attributes", "field", "fields", "property", "properties", "column",
    "columns", "key", "keys", NULL};

/* Words that may follow "added to" when it says where: "added to the network resource",
 * "added to their JSON body"; not "added to create pools", a purpose. */
static const char *const added_to_what[] = {
    "the", "a", "an", "each", "every", "all", "its", "their", "existing", "current", NULL};

/* A sentence with one of these says what is not so: "Existing deployments are not
 * affected." */
static const char *const negations[] = {"not", "no", "never", "without", "nothing", "none",
                                        "nor", NULL};

/* What a new thing is when the sentence is about a new resource: "A new Gizmo resource
 * is added to the API" (not "The new extension adds ... to the gizmo resource"). */
static const char *const new_wholes[] = {"resource", "resources", NULL};

/* Where something added is not a resource: "added to the API". */
static const char *const not_resources[] = {"api", "apis", "rest", "service", "services",
                                            "extension", "extensions", NULL};

/* The verbs of "the attributes are added". */
static const char *const be_words[] = {"is", "are", "was", "were", "be", "been", NULL};

/* Whether ws[k] is followed, within `within` words of its clause, by one of list. */
static int followed_by(const words *ws, int k, int within, const char *const *list)
{
    for (int j = k + 1; j < ws->n && j <= k + within; j++) {
        if (ws->end[j - 1] != ' ')
            break; /* punctuation between: another clause */
        if (in_list(ws->w[j], list))
            return 1;
    }
    return 0;
}

/* Whether ws[j] is one of list and no punctuation stands between it and ws[k]. */
static int same_clause_word(const words *ws, int j, int k, const char *const *list)
{
    if (j < 0 || j >= ws->n || j == k || !in_list(ws->w[j], list))
        return 0;
    for (int i = j < k ? j : k; i < (j < k ? k : j); i++)
        if (ws->end[i] != ' ')
            return 0;
    return 1;
}

int says_extends(const char *text)
{
    words ws;
    words_of(text, strlen(text), &ws);
    /* the last sentence: what leads into the table */
    int a = 0;
    for (int k = 1; k < ws.n; k++)
        if (ws.end[k - 1] == '.' || ws.end[k - 1] == '!' || ws.end[k - 1] == '?')
            a = k;
    int yes = 0, no = 0;
    for (int k = a; k < ws.n && !no; k++) {
        const char *w = ws.w[k];
        if (in_list(w, negations) ||
            (ascii_ieq(w, "new") && followed_by(&ws, k, 3, new_wholes))) {
            no = 1;
        } else if (in_list(w, extension_words)) {
            yes = 1;
        } else if (ascii_ieq(w, "new") && followed_by(&ws, k, 2, added_things)) {
            yes = 1; /* "New attributes of the Gizmo resource:" */
        } else if ((ascii_ieq(w, "now") || ascii_ieq(w, "also")) && k + 1 < ws.n &&
                   ws.end[k] == ' ' &&
                   in_list(ws.w[k + 1], (const char *const[]){"has", "have", "gets", "get",
                                                              "takes", "carries", NULL})) {
            yes = 1; /* "Gizmo now also has these attributes:" */
        } else if (ascii_ieq(w, "added") || ascii_ieq(w, "add") || ascii_ieq(w, "adds")) {
            /* "added to the network resource"; "adds the following attributes to the
             * gizmo resource" */
            for (int j = k + 1; j + 2 < ws.n && j <= k + 5 && !yes && ws.end[j - 1] == ' '; j++)
                if (ascii_ieq(ws.w[j], "to") && ws.end[j] == ' ' &&
                    in_list(ws.w[j + 1], added_to_what) && ws.end[j + 1] == ' ' &&
                    !in_list(ws.w[j + 2], not_resources))
                    yes = 1;
            /* "Added Fields", "fields added", "the attributes are added" (one clause: not
             * "these attributes, added in 2.1") */
            if (same_clause_word(&ws, k - 1, k, added_things) ||
                same_clause_word(&ws, k + 1, k, added_things) ||
                (same_clause_word(&ws, k - 2, k, added_things) &&
                 same_clause_word(&ws, k - 1, k, be_words)))
                yes = 1;
        }
    }
    words_free(&ws);
    return yes && !no;
}
