/* attrc extract: every table of the section as JSON Lines, as docutils reads it. */
#include "cli.h"

#include "source.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char help_text[] =
    "usage: attrc extract [--section TITLE | --all] [OPTIONS] FILE...\n"
    "\n"
    "Prints one JSON object per line for every table in the \"REST API impact\"\n"
    "section (any case, \"impacts\" too, with its subsections) of each FILE, in\n"
    "document order. A FILE that is a folder stands for its specs (*.rst, in its\n"
    "folders too, sorted); FILE \"-\" reads standard input.\n"
    "\n"
    "  {\"file\": PATH, \"line\": N, \"kind\": \"grid\"|\"csv\"|\"list\"|\"simple\",\n"
    "   \"title\": TITLE, \"header\": [[CELL, ...], ...], \"rows\": [[CELL, ...], ...]}\n"
    "\n"
    "PATH is the file as given; N the 1-based line where the table (or its directive)\n"
    "starts; a cell's text is what docutils' astext() gives for it, whitespace\n"
    "collapsed. A cell spanning rows or columns appears once, where it starts.\n"
    "\n"
    "Options:\n"
    "  --section TITLE        read the section with this title instead (any case)\n"
    "  --all                  read the whole document\n"
    "  --max-input-size SIZE  refuse files larger than SIZE bytes (suffixes K, M, G;\n"
    "                         default 64M); applies to csv-table :file: too\n"
    "  --max-errors N         stop after N errors (default 50; 0: no limit)\n"
    "  --max-table-cells N    refuse a table of more than N cells (default 1000000;\n"
    "                         0: no limit)\n"
    "  --stdin-name NAME      the file name of the spec read from \"-\" (PATH above,\n"
    "                         and where a csv-table :file: is looked for)\n"
    "  -h, --help             show this help\n"
    "\n"
    "Exit status: 0 fine, 1 the input has errors, 2 usage or I/O error.\n";

static json_t *jstr(const char *s)
{
    json_t *j = json_string(s);
    return j ? j : json_string("\xEF\xBF\xBD");
}

static json_t *jrows(const rtable *t, int from, int to)
{
    json_t *a = json_array();
    for (int r = from; r < to; r++) {
        json_t *row = json_array();
        for (int c = 0; c < t->rows[r].n; c++)
            json_array_append_new(row, jstr(t->rows[r].v[c]));
        json_array_append_new(a, row);
    }
    return a;
}

typedef struct {
    FILE *out;
    int write_failed;
    char *buf;
    size_t cap;
} emit_ctx;

static void emit_table(const rtable *t, void *ud)
{
    emit_ctx *e = ud;
    json_t *o = json_object();
    json_object_set_new(o, "file", jstr(t->file));
    json_object_set_new(o, "line", json_integer(t->line));
    json_object_set_new(o, "kind", json_string(table_kind_name(t->kind)));
    json_object_set_new(o, "title", jstr(t->title));
    json_object_set_new(o, "header", jrows(t, 0, t->nhead));
    json_object_set_new(o, "rows", jrows(t, t->nhead, t->nrows));
    /* one write per table: jansson's dumpf would write token by token */
    size_t need = json_dumpb(o, e->buf, e->cap, JSON_COMPACT);
    if (need > e->cap) {
        free(e->buf);
        e->cap = need * 2;
        e->buf = xmalloc(e->cap);
        need = json_dumpb(o, e->buf, e->cap, JSON_COMPACT);
    }
    if (need == 0 || fwrite(e->buf, 1, need, e->out) != need || fputc('\n', e->out) == EOF)
        e->write_failed = 1;
    json_decref(o);
}

static int run_extract(int argc, char **argv)
{
    common c;
    if (cli_common_init(&c, "extract", argc) != 0)
        return EXIT_USAGE;
    static const struct option opts[] = {CLI_READ_OPTIONS,
                                         {"all", no_argument, NULL, OPT_ALL},
                                         {0, 0, 0, 0}};
    const cli_spec spec = {&cmd_extract, "h", opts, 0, NULL, NULL, 1};
    int r = cli_parse(&c, argc, argv, &spec);
    if (r != 0)
        return r > 0 ? EXIT_OK : EXIT_USAGE;
    if (c.o.all && c.o.section)
        return cli_usage_error(&c, "--section and --all exclude each other");
    if (!c.nfiles)
        return cli_usage_error(&c, "no input files");
    diag d;
    diag_init(&d, stderr);
    d.max_errors = c.max_errors;
    static char obuf[1 << 16];
    setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
    emit_ctx e = {stdout, 0, NULL, 0};
    int io_error = 0;
    for (int k = 0; k < c.nfiles && !d.stopped; k++) {
        src s;
        if (src_open(&s, c.files[k], c.o.max_input, &d) != 0) {
            io_error = 1;
            src_free(&s);
            continue;
        }
        cli_name_source(&c, c.files[k], &s);
        read_tables(&s, &c.o, &d, emit_table, &e);
        src_free(&s);
    }
    cli_common_free(&c);
    free(e.buf);
    if (fflush(stdout) != 0 || e.write_failed || ferror(stdout)) {
        fprintf(stderr, "attrc extract: error writing standard output: %s\n", strerror(errno));
        return EXIT_USAGE;
    }
    if (io_error)
        return EXIT_USAGE;
    return d.nerrors ? EXIT_INPUT : EXIT_OK;
}

static const char *help(void) { return help_text; }

const command cmd_extract = {"extract", "print every table of the section as JSON Lines", help,
                             run_extract};
