/* attrc's command line: a thin layer over the stages. */
#include "config.h"
#include "diag.h"
#include "model.h"
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
    "  check     read the attribute tables into resources and check every cell\n"
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

static const char usage_check[] =
    "usage: attrc check [-Werror] [-v] [--config FILE] [--dump-model] [OPTIONS] FILE...\n"
    "\n"
    "Reads the attribute tables of the \"REST API impact\" section of each FILE into\n"
    "resources and attributes and checks every cell: names, types, access, CRUD,\n"
    "required, defaults and validations (docs/spec-format.md says what each cell may\n"
    "hold). Method tables are read as operations. Diagnostics only, unless --dump-model.\n"
    "\n"
    "Options:\n"
    "  -Werror                     treat warnings as errors\n"
    "  -v, --verbose               also say which tables were skipped and why, which\n"
    "                              resource each table describes, and the operations\n"
    "  --config FILE               the project configuration (default: attrc.yaml\n"
    "                              beside each spec, when there is one)\n"
    "  --dump-model                print the model as JSON on standard output\n"
    "  --diagnostics-format FMT    gcc (default), json or sarif (SARIF 2.1.0)\n"
    "  --diagnostics-file FILE     write the diagnostics to FILE, not standard error\n"
    "  --section TITLE             read the section with this title instead (any case)\n"
    "  --max-input-size SIZE       refuse files larger than SIZE bytes (default 64M)\n"
    "  --max-errors N              stop after N errors (default 50; 0: no limit)\n"
    "  -h, --help                  show this help\n"
    "\n"
    "Exit status: 0 no errors, 1 the input has errors, 2 usage or I/O error, or a\n"
    "configuration given with --config that cannot be read.\n";

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

/* Options several commands share; returns 1 when argv[*i] was one (and consumed its
 * value), 0 when it is not, -1 after a usage message. */
typedef struct common {
    const char *cmd;
    reader_opts o;
    int max_errors;
    const char **files;
    int nfiles, only_files;
} common;

static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) == 0 && a[n] == '=')
        return a + n + 1;
    if (strcmp(a, name) == 0)
        return *i + 1 < argc ? argv[++*i] : NULL;
    return NULL;
}

static int is_opt(const char *a, const char *name)
{
    size_t n = strlen(name);
    return strncmp(a, name, n) == 0 && (a[n] == 0 || a[n] == '=');
}

static int common_opt(common *c, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    if (c->only_files || a[0] != '-' || strcmp(a, "-") == 0) {
        c->files[c->nfiles++] = a;
        return 1;
    }
    if (strcmp(a, "--") == 0) {
        c->only_files = 1;
        return 1;
    }
    if (is_opt(a, "--section")) {
        c->o.section = opt_value(argc, argv, i, "--section");
        if (!c->o.section || !*c->o.section) {
            fprintf(stderr, "attrc %s: --section needs a title\n", c->cmd);
            return -1;
        }
        return 1;
    }
    if (is_opt(a, "--max-input-size")) {
        const char *v = opt_value(argc, argv, i, "--max-input-size");
        if (!v || parse_size(v, &c->o.max_input) != 0) {
            fprintf(stderr, "attrc %s: --max-input-size needs a size such as 64M (at most "
                            "3.75G)\n",
                    c->cmd);
            return -1;
        }
        return 1;
    }
    if (is_opt(a, "--max-errors")) {
        const char *v = opt_value(argc, argv, i, "--max-errors");
        char *end;
        long n = v ? strtol(v, &end, 10) : -1;
        if (!v || *end || n < 0 || n > 1000000) {
            fprintf(stderr, "attrc %s: --max-errors needs a number\n", c->cmd);
            return -1;
        }
        c->max_errors = (int)n;
        return 1;
    }
    return 0;
}

static int common_init(common *c, const char *cmd, int argc)
{
    memset(c, 0, sizeof *c);
    c->cmd = cmd;
    c->o.max_input = ATTRC_DEFAULT_MAX_INPUT;
    c->max_errors = ATTRC_DEFAULT_MAX_ERRORS;
    c->files = calloc((size_t)argc + 1, sizeof *c->files);
    return c->files ? 0 : -1;
}

static int usage_error(common *c, const char *fmt, const char *arg)
{
    fprintf(stderr, "attrc %s: ", c->cmd);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(see attrc help %s)\n", c->cmd);
    free(c->files);
    return EXIT_USAGE;
}

static int cmd_extract(int argc, char **argv)
{
    common c;
    if (common_init(&c, "extract", argc) != 0)
        return EXIT_USAGE;
    for (int i = 1; i < argc; i++) {
        int r = common_opt(&c, argc, argv, &i);
        if (r < 0) {
            free(c.files);
            return EXIT_USAGE;
        }
        if (r)
            continue;
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_extract, stdout);
            free(c.files);
            return EXIT_OK;
        } else if (strcmp(a, "--all") == 0) {
            c.o.all = 1;
        } else {
            return usage_error(&c, "unknown option '%s'", a);
        }
    }
    if (c.o.all && c.o.section)
        return usage_error(&c, "--section and --all exclude each other%s", "");
    if (!c.nfiles)
        return usage_error(&c, "no input files%s", "");
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
        read_tables(&s, &c.o, &d, emit_table, &e);
        src_free(&s);
    }
    free(c.files);
    free(e.buf);
    if (fflush(stdout) != 0 || e.write_failed || ferror(stdout)) {
        fprintf(stderr, "attrc extract: error writing standard output: %s\n", strerror(errno));
        return EXIT_USAGE;
    }
    if (io_error)
        return EXIT_USAGE;
    return d.nerrors ? EXIT_INPUT : EXIT_OK;
}

static void model_table_cb(const rtable *t, void *ud) { model_add_table(ud, t); }

/* The configuration for a spec: the one given, else attrc.yaml beside it (loaded once per
 * folder, kept in `cache`).  NULL when there is none; *bad when it could not be read. */
typedef struct cfg_cache {
    config *c;
    int n;
} cfg_cache;

static const config *config_for(cfg_cache *cache, const char *given, const char *spec,
                                diag *d, int *bad)
{
    char *path = given ? strdup(given) : config_beside(spec);
    if (!path)
        return NULL;
    for (int k = 0; k < cache->n; k++)
        if (strcmp(cache->c[k].path, path) == 0) {
            free(path);
            return &cache->c[k];
        }
    cache->c = xgrow(cache->c, (size_t)cache->n, sizeof *cache->c);
    config *c = &cache->c[cache->n++];
    if (config_load(c, path, d) != 0)
        *bad = 1;
    free(path);
    return c;
}

static int cmd_check(int argc, char **argv)
{
    common c;
    if (common_init(&c, "check", argc) != 0)
        return EXIT_USAGE;
    const char *config_path = NULL, *diag_file = NULL;
    int dump = 0, verbose = 0, werror = 0;
    diag_format fmt = DIAG_GCC;
    for (int i = 1; i < argc; i++) {
        int r = common_opt(&c, argc, argv, &i);
        if (r < 0) {
            free(c.files);
            return EXIT_USAGE;
        }
        if (r)
            continue;
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_check, stdout);
            free(c.files);
            return EXIT_OK;
        } else if (strcmp(a, "-Werror") == 0) {
            werror = 1;
        } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
            verbose = 1;
        } else if (strcmp(a, "--dump-model") == 0) {
            dump = 1;
        } else if (is_opt(a, "--config")) {
            config_path = opt_value(argc, argv, &i, "--config");
            if (!config_path || !*config_path)
                return usage_error(&c, "--config needs a file%s", "");
        } else if (is_opt(a, "--diagnostics-file")) {
            diag_file = opt_value(argc, argv, &i, "--diagnostics-file");
            if (!diag_file || !*diag_file)
                return usage_error(&c, "--diagnostics-file needs a file%s", "");
        } else if (is_opt(a, "--diagnostics-format")) {
            const char *v = opt_value(argc, argv, &i, "--diagnostics-format");
            if (v && strcmp(v, "gcc") == 0)
                fmt = DIAG_GCC;
            else if (v && strcmp(v, "json") == 0)
                fmt = DIAG_JSON;
            else if (v && strcmp(v, "sarif") == 0)
                fmt = DIAG_SARIF;
            else
                return usage_error(&c, "--diagnostics-format is gcc, json or sarif%s", "");
        } else {
            return usage_error(&c, "unknown option '%s'", a);
        }
    }
    if (!c.nfiles)
        return usage_error(&c, "no input files%s", "");
    FILE *dout = stderr;
    if (diag_file && !(dout = fopen(diag_file, "w"))) {
        fprintf(stderr, "attrc check: cannot write %s: %s\n", diag_file, strerror(errno));
        free(c.files);
        return EXIT_USAGE;
    }
    diag d;
    diag_init(&d, dout);
    d.max_errors = c.max_errors;
    d.format = fmt;
    d.werror = werror;
    json_t *specs = json_array();
    cfg_cache cache = {0};
    int io_error = 0, config_error = 0;
    for (int k = 0; k < c.nfiles && !d.stopped; k++) {
        const config *cfg = config_for(&cache, config_path, c.files[k], &d, &config_error);
        if (config_error && config_path)
            break;
        src s;
        if (src_load(&s, c.files[k], c.o.max_input, &d) != 0) {
            io_error = 1;
            src_free(&s);
            continue;
        }
        reader_opts o = c.o;
        if (!o.section && cfg && cfg->section)
            o.section = cfg->section;
        model_opts mo = {.cfg = cfg, .verbose = verbose};
        model m;
        model_init(&m, &s, &mo, &d);
        read_tables(&s, &o, &d, model_table_cb, &m);
        model_finish(&m);
        if (cfg && cfg->path)
            for (int b = 0; b < cfg->nbind; b++) {
                cfg_binding *bd = &cfg->bind[b];
                const char *base = strrchr(c.files[k], '/');
                base = base ? base + 1 : c.files[k];
                if (!bd->used && bd->spec && strcmp(bd->spec, base) == 0)
                    diag_report_code(&d, NULL, cfg->path, bd->at_line, bd->at_col,
                                     DIAG_WARNING, "config-unused",
                                     "this binding matches no attribute table of %s",
                                     c.files[k]);
            }
        if (dump)
            json_array_append_new(specs, model_json(&m));
        model_free(&m);
        src_free(&s);
    }
    for (int k = 0; k < cache.n; k++)
        config_free(&cache.c[k]);
    free(cache.c);
    free(c.files);
    int rc = EXIT_OK;
    if (dump) {
        json_t *doc = json_pack("{s:i, s:o}", "attrc_model", 1, "specs", specs);
        if (json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
            fputc('\n', stdout) == EOF || fflush(stdout) != 0) {
            fprintf(stderr, "attrc check: error writing standard output: %s\n",
                    strerror(errno));
            rc = EXIT_USAGE;
        }
        json_decref(doc);
    } else {
        json_decref(specs);
    }
    if (diag_finish(&d) != 0 || (diag_file && fclose(dout) != 0)) {
        fprintf(stderr, "attrc check: error writing the diagnostics\n");
        rc = EXIT_USAGE;
    }
    if (rc == EXIT_OK && (io_error || (config_error && config_path)))
        rc = EXIT_USAGE;
    if (rc == EXIT_OK && d.nerrors)
        rc = EXIT_INPUT;
    return rc;
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
        if (strcmp(argv[2], "check") == 0) {
            fputs(usage_check, stdout);
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
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc - 1, argv + 1);
    fprintf(stderr, "attrc: unknown command '%s'\n(see attrc --help)\n", cmd);
    return EXIT_USAGE;
}
