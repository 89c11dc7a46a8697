/* The outputs of attrc diff, one function per format (docs/diff.md "Outputs"): for
 * people (text, markdown), for tools (json, sarif), and for review systems (github
 * workflow commands, gerrit file comments as Zuul hands them on, junit). */
#include "diff.h"

#include "util.h"

#include <attrc/attrc.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* n[class]: the findings of each class; n[3]: how many of them are accepted */
static void count(const changes *c, int *n)
{
    n[0] = n[1] = n[2] = n[3] = 0;
    for (int k = 0; k < c->n; k++) {
        n[c->v[k].cls]++;
        n[3] += c->v[k].accepted != NULL;
    }
}

static void what(sbuf *b, const change *x)
{
    if (strcmp(x->kind, "not-compared") == 0) /* one side's: which */
        sb_printf(b, "%s side %s", x->old_value ? "OLD" : "NEW",
                  x->old_value ? x->old_value : x->new_value);
    else if (x->old_value && x->new_value)
        sb_printf(b, "%s -> %s", x->old_value, x->new_value);
    else if (x->old_value)
        sb_printf(b, "was %s", x->old_value);
    else if (x->new_value)
        sb_printf(b, "%s", x->new_value);
}

char *changes_text(const changes *c, const char *old_name, const char *new_name)
{
    sbuf b = {0};
    int n[4];
    count(c, n);
    sb_printf(&b, "attrc diff %s %s: %d breaking, %d warning, %d info", old_name, new_name,
              n[CH_BREAKING], n[CH_WARNING], n[CH_INFO]);
    if (n[3])
        sb_printf(&b, " (%d accepted)", n[3]);
    sb_putc(&b, '\n');
    const char *res = NULL;
    for (int k = 0; k < c->n; k++) {
        const change *x = &c->v[k];
        if (!res || strcmp(res, x->resource) != 0 || (k && c->v[k - 1].cls != x->cls)) {
            sb_printf(&b, "\n%s (%s):\n", x->resource, change_class_name(x->cls));
            res = x->resource;
        }
        sb_printf(&b, "  %-8s %s%s%s: ", change_class_name(x->cls), x->kind,
                  x->attribute ? " " : "", x->attribute ? x->attribute : "");
        what(&b, x);
        sb_printf(&b, "\n           %s (%s", x->reason, x->file);
        if (x->line > 0)
            sb_printf(&b, ":%d", x->line);
        sb_printf(&b, ") [%s]\n", x->fingerprint);
        if (x->accepted)
            sb_printf(&b, "           accepted: %s\n", x->accepted);
    }
    if (!c->n)
        sb_puts(&b, "no changes\n");
    return sb_take(&b);
}

/* Markdown table cells: "|" escaped, code spans for values. */
static void md_cell(sbuf *b, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '|')
            sb_puts(b, "\\|");
        else if (*s == '\n')
            sb_putc(b, ' ');
        else
            sb_putc(b, *s);
    }
}

static void md_code(sbuf *b, const char *s)
{
    if (!s) {
        sb_puts(b, "-");
        return;
    }
    int ticks = strchr(s, '`') ? 2 : 1;
    sb_put(b, "``", (size_t)ticks);
    if (ticks == 2)
        sb_putc(b, ' ');
    md_cell(b, s);
    if (ticks == 2)
        sb_putc(b, ' ');
    sb_put(b, "``", (size_t)ticks);
}

char *changes_markdown(const changes *c, const char *old_name, const char *new_name)
{
    sbuf b = {0};
    int n[4];
    count(c, n);
    sb_printf(&b, "### API changes: %s%d breaking%s, %d warning, %d info\n\n",
              n[CH_BREAKING] ? "**" : "", n[CH_BREAKING], n[CH_BREAKING] ? "**" : "",
              n[CH_WARNING], n[CH_INFO]);
    sb_puts(&b, "`attrc diff ");
    md_cell(&b, old_name);
    sb_putc(&b, ' ');
    md_cell(&b, new_name);
    sb_puts(&b, "`\n");
    if (!c->n) {
        sb_puts(&b, "\nNo change to the API.\n");
        return sb_take(&b);
    }
    const char *res = NULL;
    for (int k = 0; k < c->n; k++) {
        const change *x = &c->v[k];
        if (!res || strcmp(res, x->resource) != 0) {
            sb_puts(&b, "\n#### ");
            md_cell(&b, x->resource);
            sb_puts(&b, "\n\n| | change | attribute | old | new | why | where |\n"
                        "|---|---|---|---|---|---|---|\n");
            res = x->resource;
        }
        sb_printf(&b, "| %s%s | %s | ",
                  x->cls == CH_BREAKING ? ":x: breaking"
                  : x->cls == CH_WARNING ? ":warning: warning"
                                         : "info",
                  x->accepted ? " (accepted)" : "", x->kind);
        md_code(&b, x->attribute);
        sb_puts(&b, " | ");
        md_code(&b, x->old_value);
        sb_puts(&b, " | ");
        md_code(&b, x->new_value);
        sb_puts(&b, " | ");
        md_cell(&b, x->reason);
        sb_puts(&b, " | ");
        md_cell(&b, x->file);
        if (x->line > 0)
            sb_printf(&b, ":%d", x->line);
        sb_puts(&b, " |\n");
    }
    return sb_take(&b);
}

json_t *changes_json(const changes *c, const char *old_name, const char *new_name)
{
    json_t *arr = json_array();
    for (int k = 0; k < c->n; k++) {
        const change *x = &c->v[k];
        json_t *o = json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s, s:s, s:i, s:s}", "class",
                              change_class_name(x->cls), "kind", x->kind, "resource",
                              x->resource, "attribute", x->attribute, "old", x->old_value,
                              "new", x->new_value, "reason", x->reason, "file", x->file,
                              "line", x->line, "fingerprint", x->fingerprint);
        if (x->accepted)
            json_object_set_new(o, "accepted", json_string(x->accepted));
        json_array_append_new(arr, o);
    }
    int n[4];
    count(c, n);
    return json_pack("{s:i, s:s, s:s, s:{s:i, s:i, s:i, s:i}, s:o}", "version", 1, "old",
                     old_name, "new", new_name, "summary", "breaking", n[CH_BREAKING],
                     "warning", n[CH_WARNING], "info", n[CH_INFO], "accepted", n[3], "changes",
                     arr);
}

json_t *changes_sarif(const changes *c)
{
    json_t *rules = json_array(), *ids = json_object(), *results = json_array();
    for (int k = 0; k < c->n; k++) {
        const change *x = &c->v[k];
        if (!json_object_get(ids, x->kind)) {
            json_object_set_new(ids, x->kind, json_integer((json_int_t)json_array_size(rules)));
            json_array_append_new(rules, json_pack("{s:s, s:{s:s}}", "id", x->kind,
                                                   "shortDescription", "text", x->reason));
        }
        sbuf m = {0};
        sb_printf(&m, "%s: %s%s%s: ", change_class_name(x->cls), x->resource,
                  x->attribute ? "." : "", x->attribute ? x->attribute : "");
        what(&m, x);
        sb_printf(&m, " (%s)", x->reason);
        json_t *region = x->line > 0 ? json_pack("{s:i}", "startLine", x->line) : NULL;
        json_t *phys = json_pack("{s:{s:o}}", "artifactLocation", "uri", diag_sarif_uri(x->file));
        if (region)
            json_object_set_new(phys, "region", region);
        json_t *r = json_pack("{s:s, s:O, s:s, s:{s:s}, s:[{s:o}], s:{s:s}}", "ruleId", x->kind,
                              "ruleIndex", json_object_get(ids, x->kind), "level",
                              x->cls == CH_BREAKING ? "error"
                              : x->cls == CH_WARNING ? "warning"
                                                     : "note",
                              "message", "text", m.p, "locations", "physicalLocation", phys,
                              "partialFingerprints", "attrcFinding/v1", x->fingerprint);
        if (x->accepted) /* SARIF 2.1.0 3.35: accepted in attrc.yaml, out of the source */
            json_object_set_new(r, "suppressions",
                                json_pack("[{s:s, s:s}]", "kind", "external", "justification",
                                          x->accepted));
        json_array_append_new(results, r);
        sb_free(&m);
    }
    json_decref(ids);
    return json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:o}}, s:o}]}", "$schema",
                     "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0",
                     "runs", "tool", "driver", "name", "attrc diff", "version",
                     attrc_version(), "informationUri", "https://opendev.org/attrc/attrc",
                     "rules", rules, "results", results);
}

/* ---- review systems ---- */

/* Where a finding is, as a review system names files: a side read from git is called
 * REV:PATH, and the system wants PATH (`strip`: the "REV:" prefixes of the two sides). */
static const char *repo_path(const change *x, const char *const *strip)
{
    for (int k = 0; k < 2; k++) {
        size_t n = strip[k] ? strlen(strip[k]) : 0;
        if (n && strncmp(x->file, strip[k], n) == 0)
            return x->file + n;
    }
    return x->file;
}

/* One line of a finding for a review comment: "breaking: gizmo.name: 32 -> 16 (why)". */
static void finding_line(sbuf *b, const change *x)
{
    sb_printf(b, "%s %s: %s%s%s: ", change_class_name(x->cls), x->kind, x->resource,
              x->attribute ? "." : "", x->attribute ? x->attribute : "");
    what(b, x);
    sb_printf(b, " (%s) [%s]", x->reason, x->fingerprint);
    if (x->accepted)
        sb_printf(b, " accepted: %s", x->accepted);
}

/* GitHub workflow commands: "%", CR and LF escaped in the message; in a property also
 * ":" and ",". */
static void gh_escape(sbuf *b, const char *s, int property)
{
    for (; *s; s++) {
        if (*s == '%')
            sb_puts(b, "%25");
        else if (*s == '\r')
            sb_puts(b, "%0D");
        else if (*s == '\n')
            sb_puts(b, "%0A");
        else if (property && *s == ':')
            sb_puts(b, "%3A");
        else if (property && *s == ',')
            sb_puts(b, "%2C");
        else
            sb_putc(b, *s);
    }
}

char *changes_github(const changes *c, const char *const *strip)
{
    sbuf b = {0};
    for (int k = 0; k < c->n; k++) {
        const change *x = &c->v[k];
        const char *level = x->accepted                ? "notice"
                            : x->cls == CH_BREAKING ? "error"
                            : x->cls == CH_WARNING  ? "warning"
                                                    : "notice";
        sb_printf(&b, "::%s file=", level);
        gh_escape(&b, repo_path(x, strip), 1);
        if (x->line > 0)
            sb_printf(&b, ",line=%d", x->line);
        sb_puts(&b, ",title=");
        sbuf t = {0};
        sb_printf(&t, "attrc diff: %s %s", change_class_name(x->cls), x->kind);
        gh_escape(&b, t.p, 1);
        sb_free(&t);
        sb_puts(&b, "::");
        sbuf m = {0};
        finding_line(&m, x);
        gh_escape(&b, m.p, 0);
        sb_free(&m);
        sb_putc(&b, '\n');
    }
    if (!b.p)
        sb_puts(&b, "");
    return sb_take(&b);
}

json_t *changes_gerrit(const changes *c, const char *const *strip)
{
    json_t *files = json_object();
    for (int k = 0; k < c->n; k++) {
        const change *x = &c->v[k];
        const char *path = repo_path(x, strip);
        json_t *list = json_object_get(files, path);
        if (!list) {
            list = json_array();
            json_object_set_new(files, path, list);
        }
        sbuf m = {0};
        finding_line(&m, x);
        json_t *comment = json_pack("{s:s}", "message", m.p);
        if (x->line > 0) /* else a comment on the file */
            json_object_set_new(comment, "line", json_integer(x->line));
        json_array_append_new(list, comment);
        sb_free(&m);
    }
    return files;
}

/* XML text and attribute values: the five entities; control characters XML 1.0 cannot
 * hold as U+FFFD. */
static void xml_escape(sbuf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '&')
            sb_puts(b, "&amp;");
        else if (ch == '<')
            sb_puts(b, "&lt;");
        else if (ch == '>')
            sb_puts(b, "&gt;");
        else if (ch == '"')
            sb_puts(b, "&quot;");
        else if (ch == '\'')
            sb_puts(b, "&apos;");
        else if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')
            sb_puts(b, "\xEF\xBF\xBD");
        else
            sb_putc(b, (char)ch);
    }
}

char *changes_junit(const changes *c, int fail_level, const char *const *strip)
{
    int failures = 0, skipped = 0;
    for (int k = 0; k < c->n; k++) {
        skipped += c->v[k].accepted != NULL;
        failures += !c->v[k].accepted && (int)c->v[k].cls >= fail_level;
    }
    sbuf b = {0};
    sb_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"attrc diff\" "
                  "tests=\"%d\" failures=\"%d\" skipped=\"%d\">\n  <testsuite "
                  "name=\"attrc diff\" tests=\"%d\" failures=\"%d\" skipped=\"%d\">\n",
              c->n, failures, skipped, c->n, failures, skipped);
    for (int k = 0; k < c->n; k++) {
        const change *x = &c->v[k];
        sbuf name = {0}, m = {0};
        sb_printf(&name, "%s%s%s %s [%s]", x->resource, x->attribute ? "." : "",
                  x->attribute ? x->attribute : "", x->kind, x->fingerprint);
        sb_puts(&b, "    <testcase classname=\"");
        xml_escape(&b, x->resource);
        sb_puts(&b, "\" name=\"");
        xml_escape(&b, name.p);
        sb_puts(&b, "\" file=\"");
        xml_escape(&b, repo_path(x, strip));
        sb_printf(&b, "\" line=\"%d\"", x->line);
        finding_line(&m, x);
        if (x->accepted) {
            sb_puts(&b, ">\n      <skipped message=\"accepted: ");
            xml_escape(&b, x->accepted);
            sb_puts(&b, "\"/>\n    </testcase>\n");
        } else if ((int)x->cls >= fail_level) {
            sb_printf(&b, ">\n      <failure type=\"%s\" message=\"", change_class_name(x->cls));
            xml_escape(&b, m.p);
            sb_puts(&b, "\"/>\n    </testcase>\n");
        } else {
            sb_puts(&b, ">\n      <system-out>");
            xml_escape(&b, m.p);
            sb_puts(&b, "</system-out>\n    </testcase>\n");
        }
        sb_free(&name);
        sb_free(&m);
    }
    sb_puts(&b, "  </testsuite>\n</testsuites>\n");
    return sb_take(&b);
}
