/* attrc's command line: a thin layer over the stages. */
#include "diag.h"
#include "reader.h"
#include "source.h"
#include "util.h"

#include <attrc/attrc.h>

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

static const char usage_main[] =
    "usage: attrc [--help] [--version] COMMAND [ARGS...]\n"
    "\n"
    "attrc reads the attribute tables of the \"REST API impact\" section of\n"
    "OpenStack-style spec documents (reStructuredText) exactly as docutils reads them.\n"
    "\n"
    "Commands:\n"
    "  extract   print every table of the section as JSON Lines\n"
    "  help      show the help of a command: attrc help COMMAND\n"
    "\n"
    "Exit status:\n"
    "  0  fine (warnings may have been printed)\n"
    "  1  the input has errors (diagnostics on standard error)\n"
    "  2  usage error, or a file could not be read or written\n"
    "\n"
    "Diagnostics are \"file:line:col: error|warning|note: message\" on standard error,\n"
    "with the source line and a caret; colour on a terminal unless NO_COLOR is set.\n";

static const char usage_extract[] =
    "usage: attrc extract [--section TITLE | --all] [OPTIONS] FILE...\n"
    "\n"
    "Prints one JSON object per line for every table in the \"REST API impact\"\n"
    "section (any case, \"impacts\" too, with its subsections) of each FILE, in\n"
    "document order. FILE \"-\" reads standard input.\n"
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
    "  -h, --help             show this help\n"
    "\n"
    "Exit status: 0 fine, 1 the input has errors, 2 usage or I/O error.\n";

static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || errno)
        return -1;
    unsigned long long mul = 1;
    if (*end == 'K' || *end == 'k')
        mul = 1ULL << 10, end++;
    else if (*end == 'M' || *end == 'm')
        mul = 1ULL << 20, end++;
    else if (*end == 'G' || *end == 'g')
        mul = 1ULL << 30, end++;
    if (*end == 'i' && mul > 1)
        end++;
    if (*end == 'B')
        end++;
    if (*end || v == 0 || v > (unsigned long long)ATTRC_HARD_MAX_INPUT / mul)
        return -1;
    *out = (size_t)(v * mul);
    return 0;
}

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

static int cmd_extract(int argc, char **argv)
{
    reader_opts o = {.max_input = ATTRC_DEFAULT_MAX_INPUT};
    int max_errors = ATTRC_DEFAULT_MAX_ERRORS;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0, only_files = 0;
    if (!files)
        return EXIT_USAGE;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
            files[nfiles++] = a;
        } else if (strcmp(a, "--") == 0) {
            only_files = 1;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_extract, stdout);
            free(files);
            return EXIT_OK;
        } else if (strcmp(a, "--all") == 0) {
            o.all = 1;
        } else if (strcmp(a, "--section") == 0 || strncmp(a, "--section=", 10) == 0) {
            o.section = a[9] == '=' ? a + 10 : (i + 1 < argc ? argv[++i] : NULL);
            if (!o.section || !*o.section) {
                fputs("attrc extract: --section needs a title\n", stderr);
                free(files);
                return EXIT_USAGE;
            }
        } else if (strcmp(a, "--max-input-size") == 0 ||
                   strncmp(a, "--max-input-size=", 17) == 0) {
            const char *v = a[16] == '=' ? a + 17 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v || parse_size(v, &o.max_input) != 0) {
                fprintf(stderr, "attrc extract: --max-input-size needs a size such as 64M "
                                "(at most 3.75G)\n");
                free(files);
                return EXIT_USAGE;
            }
        } else if (strcmp(a, "--max-errors") == 0 || strncmp(a, "--max-errors=", 13) == 0) {
            const char *v = a[12] == '=' ? a + 13 : (i + 1 < argc ? argv[++i] : NULL);
            char *end;
            long n = v ? strtol(v, &end, 10) : -1;
            if (!v || *end || n < 0 || n > 1000000) {
                fputs("attrc extract: --max-errors needs a number\n", stderr);
                free(files);
                return EXIT_USAGE;
            }
            max_errors = (int)n;
        } else {
            fprintf(stderr, "attrc extract: unknown option '%s'\n(see attrc help extract)\n", a);
            free(files);
            return EXIT_USAGE;
        }
    }
    if (o.all && o.section) {
        fputs("attrc extract: --section and --all exclude each other\n", stderr);
        free(files);
        return EXIT_USAGE;
    }
    if (!nfiles) {
        fputs("attrc extract: no input files\n(see attrc help extract)\n", stderr);
        free(files);
        return EXIT_USAGE;
    }
    diag d;
    diag_init(&d, stderr);
    d.max_errors = max_errors;
    static char obuf[1 << 16];
    setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
    emit_ctx e = {stdout, 0, NULL, 0};
    int io_error = 0;
    for (int k = 0; k < nfiles && !d.stopped; k++) {
        src s;
        if (src_open(&s, files[k], o.max_input, &d) != 0) {
            io_error = 1;
            src_free(&s);
            continue;
        }
        read_tables(&s, &o, &d, emit_table, &e);
        src_free(&s);
    }
    free(files);
    free(e.buf);
    if (fflush(stdout) != 0 || e.write_failed || ferror(stdout)) {
        fprintf(stderr, "attrc extract: error writing standard output: %s\n", strerror(errno));
        return EXIT_USAGE;
    }
    if (io_error)
        return EXIT_USAGE;
    return d.nerrors ? EXIT_INPUT : EXIT_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_main, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        fputs(usage_main, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("attrc %s\n", attrc_version());
        return EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0) {
        if (argc < 3) {
            fputs(usage_main, stdout);
            return EXIT_OK;
        }
        if (strcmp(argv[2], "extract") == 0) {
            fputs(usage_extract, stdout);
            return EXIT_OK;
        }
        if (strcmp(argv[2], "help") == 0) {
            fputs(usage_main, stdout);
            return EXIT_OK;
        }
        fprintf(stderr, "attrc help: unknown command '%s'\n", argv[2]);
        return EXIT_USAGE;
    }
    if (strcmp(cmd, "extract") == 0)
        return cmd_extract(argc - 1, argv + 1);
    fprintf(stderr, "attrc: unknown command '%s'\n(see attrc --help)\n", cmd);
    return EXIT_USAGE;
}
