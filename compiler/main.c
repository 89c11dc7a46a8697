/* attrc's command line: a thin layer over the stages. */
#include "bases.h"
#include "config.h"
#include "diag.h"
#include "diff.h"
#include "emit.h"
#include "escape.h"
#include "model.h"
#include "output.h"
#include "reader.h"
#include "source.h"
#include "util.h"

#include <attrc/attrc.h>

#include <errno.h>
#include <dirent.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
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
    "  compile   write JSON Schema, oslo.policy files and C validators for each spec\n"
    "  diff      classify the API changes between two versions of specs\n"
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
    "  --max-table-cells N    refuse a table of more than N cells (default 1000000;\n"
    "                         0: no limit)\n"
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
    "  --max-table-cells N         refuse a table of more than N cells (default\n"
    "                              1000000; 0: no limit)\n"
    "  -h, --help                  show this help\n"
    "\n"
    "Exit status: 0 no errors, 1 the input has errors, 2 usage or I/O error, or a\n"
    "configuration given with --config that cannot be read.\n";

static const char usage_compile[] =
    "usage: attrc compile [--emit LIST] [-o DIR] [--flat] [--depfile FILE]\n"
    "                     [--stamp FILE] [OPTIONS] FILE...\n"
    "\n"
    "Reads and checks each FILE as attrc check does, then writes, for each spec\n"
    "SPEC.rst, into DIR/SPEC/ (with --flat: into DIR, each name after \"SPEC.\"):\n"
    "  MEMBER.schema.json   a JSON Schema (draft 2020-12) per resource   (schema)\n"
    "  policy.yaml          the oslo.policy rules, YAML                  (policy-yaml)\n"
    "  policy.json          the same rules, JSON                         (policy-json)\n"
    "  SPEC.h, SPEC.c       C validators for libattrc (with --flat:      (c)\n"
    "                       SPEC.h, SPEC.c)\n"
    "docs/artefacts.md says what each holds. Nothing is written when any input has\n"
    "errors. Each file is written to a temporary file and renamed; a file whose\n"
    "content would not change is not rewritten; the schema of a resource that is\n"
    "gone is removed from DIR/SPEC/.\n"
    "\n"
    "Options:\n"
    "  --emit LIST                 what to write, comma-separated (default:\n"
    "                              schema,policy-yaml)\n"
    "  -o, --output DIR            the folder to write in (default: .)\n"
    "  --flat                      write DIR/SPEC.NAME instead of DIR/SPEC/NAME\n"
    "  --depfile FILE              write a Make-style depfile: the outputs (or the\n"
    "                              stamp) depend on the specs, their configuration\n"
    "                              and their csv-table :file: data\n"
    "  --stamp FILE                touch FILE when every output is up to date (a\n"
    "                              single output for meson and ninja)\n"
    "  -Werror, -v, --config FILE, --diagnostics-format FMT, --diagnostics-file FILE,\n"
    "  --section TITLE, --max-input-size SIZE, --max-errors N,\n"
    "  --max-table-cells N         as for attrc check\n"
    "  -h, --help                  show this help\n"
    "\n"
    "Exit status: 0 written, 1 the input has errors (nothing written), 2 usage or\n"
    "I/O error.\n";

static const char usage_diff[] =
    "usage: attrc diff [--format text|markdown|json|sarif] [--fail-on LEVEL]\n"
    "                  [--config FILE] OLD NEW\n"
    "\n"
    "Compares the models of two versions of a spec, or of every spec of two folders\n"
    "(paired by their path in the folder), and classifies each change as breaking,\n"
    "warning or info (docs/diff.md). OLD and NEW are files, folders, or git\n"
    "revisions of them, REV:path (as in origin/main:specs/), read with git. Two JSON\n"
    "Schemas that attrc wrote compare the same way.\n"
    "\n"
    "Options:\n"
    "  --format FMT       text (default; grouped by resource, breaking first),\n"
    "                     markdown (a review comment), json, or sarif\n"
    "  --fail-on LEVEL    breaking (default), warning or never: which changes make\n"
    "                     the exit status 1\n"
    "  --config FILE      the project configuration for both sides (default:\n"
    "                     attrc.yaml beside each spec)\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit status: 0 no change at the --fail-on level, 1 such changes, 2 usage error\n"
    "or an input that cannot be read or has errors (its diagnostics are shown).\n";

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
    if (is_opt(a, "--max-table-cells")) {
        const char *v = opt_value(argc, argv, i, "--max-table-cells");
        char *end = NULL;
        errno = 0;
        unsigned long long n = v && *v >= '0' && *v <= '9' ? strtoull(v, &end, 10) : 0;
        if (!end || *end || errno || n > SIZE_MAX / 2) {
            fprintf(stderr, "attrc %s: --max-table-cells needs a number (0: no limit)\n",
                    c->cmd);
            return -1;
        }
        c->o.max_cells = n ? (size_t)n : SIZE_MAX;
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

/* ---- the model stage: check and compile ---- */

/* The configuration for a spec: the one given, else attrc.yaml beside it (loaded once per
 * folder, kept in `cache`).  NULL when there is none; *bad when it could not be read. */
typedef struct cfg_cache {
    config *c;
    int n;
} cfg_cache;

static const config *config_for(cfg_cache *cache, const char *given, const char *spec,
                                diag *d, int *bad)
{
    char *path = given ? xstrdup(given) : config_beside(spec);
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

/* What check and compile share: options, and the models of the files. */
typedef struct stage {
    common c;
    const char *config_path, *diag_file;
    int verbose, werror;
    diag_format fmt;
    diag d;
    FILE *dout;
    cfg_cache cache;
    model *models; /* one per file read */
    strvec *deps;  /* per model: the files it was made from (spec, config, csv) */
    int nmodels;
    int io_error, config_error;
} stage;

/* Returns 1 when argv[*i] was one of the stage's options, 0 when not, -1 after a usage
 * message. */
static int stage_opt(stage *st, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    if (strcmp(a, "-Werror") == 0) {
        st->werror = 1;
    } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
        st->verbose = 1;
    } else if (is_opt(a, "--config")) {
        st->config_path = opt_value(argc, argv, i, "--config");
        if (!st->config_path || !*st->config_path) {
            fprintf(stderr, "attrc %s: --config needs a file\n", st->c.cmd);
            return -1;
        }
    } else if (is_opt(a, "--diagnostics-file")) {
        st->diag_file = opt_value(argc, argv, i, "--diagnostics-file");
        if (!st->diag_file || !*st->diag_file) {
            fprintf(stderr, "attrc %s: --diagnostics-file needs a file\n", st->c.cmd);
            return -1;
        }
    } else if (is_opt(a, "--diagnostics-format")) {
        const char *v = opt_value(argc, argv, i, "--diagnostics-format");
        if (v && strcmp(v, "gcc") == 0)
            st->fmt = DIAG_GCC;
        else if (v && strcmp(v, "json") == 0)
            st->fmt = DIAG_JSON;
        else if (v && strcmp(v, "sarif") == 0)
            st->fmt = DIAG_SARIF;
        else {
            fprintf(stderr, "attrc %s: --diagnostics-format is gcc, json or sarif\n", st->c.cmd);
            return -1;
        }
    } else {
        return 0;
    }
    return 1;
}

/* One argument of check or compile: the options they share.  Returns 1 when it was one
 * (go on), 0 when the command must look at it, -1 for a usage error, 2 after the help
 * was printed (argv[*i] was -h or --help). */
static int stage_arg(stage *st, int argc, char **argv, int *i, const char *usage)
{
    int r = common_opt(&st->c, argc, argv, i);
    if (r == 0)
        r = stage_opt(st, argc, argv, i);
    if (r == 0 && (strcmp(argv[*i], "-h") == 0 || strcmp(argv[*i], "--help") == 0)) {
        fputs(usage, stdout);
        r = 2;
    }
    if (r < 0 || r == 2)
        free(st->c.files);
    return r;
}

typedef struct table_ctx {
    model *m;
    strvec *deps;
} table_ctx;

static void sv_add_unique(strvec *sv, const char *s)
{
    for (int k = 0; k < sv->n; k++)
        if (strcmp(sv->v[k], s) == 0)
            return;
    sv_push(sv, xstrdup(s));
}

static void model_table_cb(const rtable *t, void *ud)
{
    table_ctx *x = ud;
    if (t->data_file)
        sv_add_unique(x->deps, t->data_file);
    model_add_table(x->m, t);
}

/* Reads every file into a model.  Returns 0, or EXIT_USAGE when the diagnostics file
 * cannot be opened. */
static int stage_run(stage *st)
{
    st->dout = stderr;
    if (st->diag_file && !(st->dout = fopen(st->diag_file, "w"))) {
        fprintf(stderr, "attrc %s: cannot write %s: %s\n", st->c.cmd, st->diag_file,
                strerror(errno));
        return EXIT_USAGE;
    }
    diag_init(&st->d, st->dout);
    st->d.max_errors = st->c.max_errors;
    st->d.format = st->fmt;
    st->d.werror = st->werror;
    st->models = xcalloc((size_t)st->c.nfiles, sizeof *st->models);
    st->deps = xcalloc((size_t)st->c.nfiles, sizeof *st->deps);
    for (int k = 0; k < st->c.nfiles && !st->d.stopped; k++) {
        const char *file = st->c.files[k];
        const config *cfg = config_for(&st->cache, st->config_path, file, &st->d,
                                       &st->config_error);
        if (st->config_error && st->config_path)
            break;
        src s;
        if (src_load(&s, file, st->c.o.max_input, &st->d) != 0) {
            st->io_error = 1;
            src_free(&s);
            continue;
        }
        reader_opts o = st->c.o;
        if (!o.section && cfg && cfg->section)
            o.section = cfg->section;
        model_opts *mo = xmalloc(sizeof *mo); /* lives as long as the model */
        *mo = (model_opts){.cfg = cfg, .verbose = st->verbose};
        model *m = &st->models[st->nmodels];
        strvec *deps = &st->deps[st->nmodels];
        st->nmodels++;
        sv_push(deps, xstrdup(file));
        if (cfg && cfg->path)
            sv_push(deps, xstrdup(cfg->path));
        model_init(m, &s, mo, &st->d);
        table_ctx x = {m, deps};
        read_tables(&s, &o, &st->d, model_table_cb, &x);
        model_finish(m);
        if (cfg && cfg->path)
            for (int b = 0; b < cfg->nbind; b++) {
                cfg_binding *bd = &cfg->bind[b];
                const char *base = strrchr(file, '/');
                base = base ? base + 1 : file;
                if (!bd->used && bd->spec && strcmp(bd->spec, base) == 0)
                    diag_report_code(&st->d, NULL, cfg->path, bd->at_line, bd->at_col,
                                     DIAG_WARNING, "config-unused",
                                     "this binding matches no attribute table of %s", file);
            }
        m->s = NULL; /* the text goes; the model keeps copies of what it needs */
        src_free(&s);
    }
    return 0;
}

/* Writes the diagnostics (json, sarif) and frees the stage; returns the exit status from
 * `rc` and what was found. */
static int stage_end(stage *st, int rc)
{
    for (int k = 0; k < st->nmodels; k++) {
        free((void *)st->models[k].o);
        model_free(&st->models[k]);
        sv_free(&st->deps[k]);
    }
    free(st->models);
    free(st->deps);
    for (int k = 0; k < st->cache.n; k++)
        config_free(&st->cache.c[k]);
    free(st->cache.c);
    free(st->c.files);
    if (st->dout && (diag_finish(&st->d) != 0 || (st->diag_file && fclose(st->dout) != 0))) {
        fprintf(stderr, "attrc %s: error writing the diagnostics\n", st->c.cmd);
        rc = EXIT_USAGE;
    }
    if (rc == EXIT_OK && (st->io_error || (st->config_error && st->config_path)))
        rc = EXIT_USAGE;
    if (rc == EXIT_OK && st->d.nerrors)
        rc = EXIT_INPUT;
    return rc;
}

static int cmd_check(int argc, char **argv)
{
    stage st = {0};
    if (common_init(&st.c, "check", argc) != 0)
        return EXIT_USAGE;
    int dump = 0;
    for (int i = 1; i < argc; i++) {
        int r = stage_arg(&st, argc, argv, &i, usage_check);
        if (r < 0 || r == 2)
            return r < 0 ? EXIT_USAGE : EXIT_OK;
        if (r)
            continue;
        const char *a = argv[i];
        if (strcmp(a, "--dump-model") == 0) {
            dump = 1;
        } else {
            return usage_error(&st.c, "unknown option '%s'", a);
        }
    }
    if (!st.c.nfiles)
        return usage_error(&st.c, "no input files%s", "");
    int rc = stage_run(&st);
    if (rc == EXIT_OK && dump) {
        json_t *specs = json_array();
        for (int k = 0; k < st.nmodels; k++)
            json_array_append_new(specs, model_json(&st.models[k]));
        json_t *doc = json_pack("{s:i, s:o}", "attrc_model", 1, "specs", specs);
        if (json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
            fputc('\n', stdout) == EOF || fflush(stdout) != 0) {
            fprintf(stderr, "attrc check: error writing standard output: %s\n",
                    strerror(errno));
            rc = EXIT_USAGE;
        }
        json_decref(doc);
    }
    return stage_end(&st, rc);
}

/* ---- compile ---- */

enum { EMIT_SCHEMA = 1, EMIT_POLICY_YAML = 2, EMIT_POLICY_JSON = 4, EMIT_C = 8 };

static int parse_emit(const char *v, int *out)
{
    *out = 0;
    char *s = xstrdup(v), *save = NULL;
    int rc = 0;
    for (char *w = strtok_r(s, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        if (strcmp(w, "schema") == 0)
            *out |= EMIT_SCHEMA;
        else if (strcmp(w, "policy-yaml") == 0)
            *out |= EMIT_POLICY_YAML;
        else if (strcmp(w, "policy-json") == 0)
            *out |= EMIT_POLICY_JSON;
        else if (strcmp(w, "c") == 0)
            *out |= EMIT_C;
        else
            rc = -1;
    }
    free(s);
    return rc == 0 && *out ? 0 : -1;
}

static const char *base_of(const char *path)
{
    const char *b = strrchr(path, '/');
    return strcmp(path, "-") == 0 ? "stdin" : b ? b + 1 : path;
}

/* The stems of the specs name output folders and files (stem_problem says which ones
 * cannot); two specs with one stem would write one folder.  Returns 0, or -1 after a
 * usage message (files freed). */
static int check_stems(common *c, int for_c)
{
    int rc = 0;
    for (int a = 0; a < c->nfiles && rc == 0; a++) {
        char *sa = spec_stem(c->files[a]);
        const char *why = stem_problem(sa, for_c);
        if (why) {
            sbuf shown = {0};
            esc_terminal(&shown, c->files[a], strlen(c->files[a]));
            fprintf(stderr, "attrc %s: %s: the spec's name without its extension names its "
                            "output folder and files, and %s: rename the file\n",
                    c->cmd, shown.p, why);
            sb_free(&shown);
            rc = -1;
        }
        for (int b = 0; b < a && rc == 0; b++) {
            char *sb = spec_stem(c->files[b]);
            if (strcmp(sa, sb) == 0 && strcmp(c->files[a], c->files[b]) != 0) {
                fprintf(stderr, "attrc %s: two specs named '%s' would write the same folder; "
                                "compile them in separate runs with separate -o\n",
                        c->cmd, sa);
                rc = -1;
            }
            free(sb);
        }
        free(sa);
    }
    if (rc != 0) {
        fprintf(stderr, "(see attrc help %s)\n", c->cmd);
        free(c->files);
    }
    return rc;
}

typedef struct cid {
    char *name;
    int spec, line;
    const char *what;
} cid;

static int cid_cmp(const void *a, const void *b)
{
    const cid *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c)
        return c;
    return x->spec != y->spec ? (x->spec < y->spec ? -1 : 1) : (x->line > y->line) - (x->line < y->line);
}

/* The C identifiers every spec's files define (SPEC_MEMBER, SPEC_resources) and their
 * include guards, across the specs of one run: specs a-b.rst and a_b.rst both define
 * a_b_resources, and the C would not link.  Each clash is an error at both specs. */
static void c_names_across_specs(stage *st)
{
    cid *ids = NULL;
    size_t n = 0;
    for (int k = 0; k < st->nmodels; k++) {
        const model *m = &st->models[k];
        char *stem = spec_stem(m->file);
        ids = xgrow(ids, n, sizeof *ids);
        ids[n++] = (cid){c_guard(stem), k, 0, "the include guard"};
        ids = xgrow(ids, n, sizeof *ids);
        ids[n++] = (cid){c_join(stem, "resources"), k, 0, "the registry"};
        for (int r = 0; r < m->nres; r++) {
            ids = xgrow(ids, n, sizeof *ids);
            ids[n++] = (cid){xstrdup(m->res[r].c_name), k, m->res[r].line, "a resource"};
        }
        free(stem);
    }
    /* sorted by name, so that each clash is a run of neighbours */
    qsort(ids, n, sizeof *ids, cid_cmp);
    for (size_t i = 1; i < n; i++)
        if (strcmp(ids[i - 1].name, ids[i].name) == 0 && ids[i - 1].spec != ids[i].spec) {
            const cid *a = &ids[i - 1], *b = &ids[i];
            for (int side = 0; side < 2; side++) {
                const cid *x = side ? b : a, *y = side ? a : b;
                diag_report_code(&st->d, NULL, st->models[x->spec].file, x->line, 0, DIAG_ERROR,
                                 "c-name-clash",
                                 "%s of this spec and %s of %s have the same C name '%s'; the C "
                                 "of the two would not link together: rename one",
                                 x->what, y->what, st->models[y->spec].file, x->name);
            }
        }
    for (size_t i = 0; i < n; i++)
        free(ids[i].name);
    free(ids);
}

typedef struct outfile {
    char *path, *data;
} outfile;

/* DIR/SPEC/NAME, or DIR/SPEC.NAME with --flat. */
static void add_out(outfile **outs, int *n, const char *dir, const char *stem, int flat,
                    const char *name, char *data)
{
    sbuf p = {0};
    sb_printf(&p, "%s/%s%s%s", dir, stem, flat ? "." : "/", name);
    *outs = xgrow(*outs, (size_t)*n, sizeof **outs);
    (*outs)[(*n)++] = (outfile){sb_take(&p), data};
}

static int cmd_compile(int argc, char **argv)
{
    stage st = {0};
    if (common_init(&st.c, "compile", argc) != 0)
        return EXIT_USAGE;
    const char *outdir = ".", *depfile = NULL, *stamp = NULL;
    int emit = EMIT_SCHEMA | EMIT_POLICY_YAML, flat = 0;
    for (int i = 1; i < argc; i++) {
        int r = stage_arg(&st, argc, argv, &i, usage_compile);
        if (r < 0 || r == 2)
            return r < 0 ? EXIT_USAGE : EXIT_OK;
        if (r)
            continue;
        const char *a = argv[i];
        if (strcmp(a, "-o") == 0 || is_opt(a, "--output")) {
            outdir = strcmp(a, "-o") == 0 ? (i + 1 < argc ? argv[++i] : NULL)
                                          : opt_value(argc, argv, &i, "--output");
            if (!outdir || !*outdir)
                return usage_error(&st.c, "-o needs a folder%s", "");
        } else if (is_opt(a, "--emit")) {
            const char *v = opt_value(argc, argv, &i, "--emit");
            if (!v || parse_emit(v, &emit) != 0)
                return usage_error(&st.c, "--emit takes schema, policy-yaml, policy-json and c, "
                                          "separated by commas%s",
                                   "");
        } else if (strcmp(a, "--flat") == 0) {
            flat = 1;
        } else if (is_opt(a, "--depfile")) {
            depfile = opt_value(argc, argv, &i, "--depfile");
            if (!depfile || !*depfile)
                return usage_error(&st.c, "--depfile needs a file%s", "");
        } else if (is_opt(a, "--stamp")) {
            stamp = opt_value(argc, argv, &i, "--stamp");
            if (!stamp || !*stamp)
                return usage_error(&st.c, "--stamp needs a file%s", "");
        } else {
            return usage_error(&st.c, "unknown option '%s'", a);
        }
    }
    if (!st.c.nfiles)
        return usage_error(&st.c, "no input files%s", "");
    if (check_stems(&st.c, emit & EMIT_C) != 0)
        return EXIT_USAGE;
    int rc = stage_run(&st);
    if (rc == EXIT_OK && (emit & EMIT_C))
        c_names_across_specs(&st);
    bases bs = {0}; /* what extensions add to, for their schemas */
    if (rc == EXIT_OK && !st.d.nerrors)
        bases_resolve(st.models, st.nmodels, st.deps, &bs, &st.d);
    if (rc != EXIT_OK || st.d.nerrors || st.io_error || (st.config_error && st.config_path)) {
        bases_free(&bs);
        return stage_end(&st, rc); /* nothing is written when the input has errors */
    }
    /* every output in memory first, then written */
    outfile *outs = NULL;
    int nouts = 0;
    for (int k = 0; k < st.nmodels; k++) {
        const model *m = &st.models[k];
        char *stem = spec_stem(m->file);
        const char *name = base_of(m->file);
        char file[512];
        if (emit & EMIT_SCHEMA)
            for (int r = 0; r < m->nres; r++) {
                snprintf(file, sizeof file, "%s.schema.json", m->res[r].member);
                add_out(&outs, &nouts, outdir, stem, flat, file, emit_schema(&m->res[r], name));
            }
        if (emit & (EMIT_POLICY_YAML | EMIT_POLICY_JSON)) {
            prule *rules;
            int nr = policy_rules(m, m->o->cfg, &rules);
            if (emit & EMIT_POLICY_YAML)
                add_out(&outs, &nouts, outdir, stem, flat, "policy.yaml",
                        emit_policy_yaml(rules, nr, name));
            if (emit & EMIT_POLICY_JSON)
                add_out(&outs, &nouts, outdir, stem, flat, "policy.json",
                        emit_policy_json(rules, nr));
            policy_rules_free(rules, nr);
        }
        if (emit & EMIT_C) {
            snprintf(file, sizeof file, "%s.h", stem);
            add_out(&outs, &nouts, outdir, stem, flat, flat ? "h" : file,
                    emit_c_header(m, name, stem));
            snprintf(file, sizeof file, "%s.c", stem);
            add_out(&outs, &nouts, outdir, stem, flat, flat ? "c" : file,
                    emit_c_source(m, name, stem));
        }
        free(stem);
    }
    for (int k = 0; k < nouts && rc == EXIT_OK; k++) {
        char *dir = xstrdup(outs[k].path);
        *strrchr(dir, '/') = 0;
        if (mkdir_p(dir) != 0 || write_file_atomic(outs[k].path, outs[k].data,
                                                   strlen(outs[k].data)) < 0) {
            fprintf(stderr, "attrc compile: cannot write %s: %s\n", outs[k].path,
                    output_strerror(errno));
            rc = EXIT_USAGE;
        }
        free(dir);
    }
    /* a resource that is gone leaves no schema behind in its spec's folder */
    if (rc == EXIT_OK && (emit & EMIT_SCHEMA) && !flat)
        for (int k = 0; k < st.nmodels; k++) {
            char *stem = spec_stem(st.models[k].file);
            sbuf dir = {0};
            sb_printf(&dir, "%s/%s", outdir, stem);
            DIR *dh = opendir(dir.p);
            struct dirent *de;
            while (dh && (de = readdir(dh)) != NULL) {
                size_t l = strlen(de->d_name);
                if (l < 12 || strcmp(de->d_name + l - 12, ".schema.json") != 0)
                    continue;
                sbuf path = {0};
                sb_printf(&path, "%s/%s", dir.p, de->d_name);
                int ours = 0;
                for (int o = 0; o < nouts; o++)
                    ours |= strcmp(outs[o].path, path.p) == 0;
                if (!ours && unlink(path.p) != 0) {
                    fprintf(stderr, "attrc compile: cannot remove %s: %s\n", path.p,
                            strerror(errno));
                    rc = EXIT_USAGE;
                }
                sb_free(&path);
            }
            if (dh)
                closedir(dh);
            sb_free(&dir);
            free(stem);
        }
    /* the stamp's time says when the outputs were last brought up to date */
    if (rc == EXIT_OK && stamp &&
        (write_file_atomic(stamp, "", 0) < 0 ||
         utimensat(AT_FDCWD, stamp, NULL, AT_SYMLINK_NOFOLLOW) != 0)) {
        fprintf(stderr, "attrc compile: cannot write %s: %s\n", stamp, output_strerror(errno));
        rc = EXIT_USAGE;
    }
    if (rc == EXIT_OK && depfile) {
        sbuf b = {0};
        int bad = 0; /* a name a depfile cannot carry */
        if (stamp) {
            bad |= esc_make_name(&b, stamp);
        } else {
            for (int k = 0; k < nouts; k++) {
                if (k)
                    sb_putc(&b, ' ');
                bad |= esc_make_name(&b, outs[k].path);
            }
        }
        sb_putc(&b, ':');
        for (int k = 0; k < st.nmodels; k++)
            for (int j = 0; j < st.deps[k].n; j++) {
                sb_puts(&b, " \\\n  ");
                bad |= esc_make_name(&b, st.deps[k].v[j]);
            }
        sb_putc(&b, '\n');
        if (bad) {
            fprintf(stderr, "attrc compile: cannot write %s: a file it would name holds a "
                            "control character, which a depfile cannot carry\n",
                    depfile);
            rc = EXIT_USAGE;
        } else if (write_file_atomic(depfile, b.p, b.n) < 0) {
            fprintf(stderr, "attrc compile: cannot write %s: %s\n", depfile,
                    output_strerror(errno));
            rc = EXIT_USAGE;
        }
        sb_free(&b);
    }
    if (rc != EXIT_OK && stamp)
        fprintf(stderr, "attrc compile: %s not brought up to date\n", stamp);
    for (int k = 0; k < nouts; k++) {
        free(outs[k].path);
        free(outs[k].data);
    }
    free(outs);
    bases_free(&bs);
    return stage_end(&st, rc);
}

/* ---- diff ---- */

/* Runs argv (no shell), its standard output into *out.  Returns its exit status, or -1. */
static int run_capture(char *const *argv, sbuf *out)
{
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0)
            dup2(devnull, 2);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(fd[1]);
    char buf[65536];
    ssize_t n;
    while ((n = read(fd[0], buf, sizeof buf)) > 0)
        sb_put(out, buf, (size_t)n);
    close(fd[0]);
    int st;
    if (waitpid(pid, &st, 0) < 0)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* One side of a diff: a file or a folder on disk (for REV:path, a copy of the revision's
 * files in a temporary folder). */
typedef struct side {
    const char *arg;
    char *root;   /* the file or folder to read */
    char *tmp;    /* the temporary folder to remove, or NULL */
    int is_dir;
    strvec files; /* the specs (or schemas) under root, relative to it when is_dir */
} side;

static void rm_rf(const char *path)
{
    char *const argv[] = {(char *)"rm", (char *)"-rf", (char *)path, NULL};
    sbuf out = {0};
    run_capture(argv, &out);
    sb_free(&out);
}

static void list_specs(const char *dir, const char *rel, strvec *out)
{
    sbuf p = {0};
    sb_printf(&p, "%s%s%s", dir, rel[0] ? "/" : "", rel);
    DIR *dh = opendir(p.p);
    struct dirent *de;
    strvec names = {0};
    while (dh && (de = readdir(dh)) != NULL)
        if (de->d_name[0] != '.')
            sv_push(&names, xstrdup(de->d_name));
    if (dh)
        closedir(dh);
    /* sorted, so that the output does not depend on the file system's order */
    for (int i = 1; i < names.n; i++)
        for (int j = i; j > 0 && strcmp(names.v[j - 1], names.v[j]) > 0; j--) {
            char *t = names.v[j];
            names.v[j] = names.v[j - 1];
            names.v[j - 1] = t;
        }
    for (int k = 0; k < names.n; k++) {
        sbuf r = {0}, full = {0};
        sb_printf(&r, "%s%s%s", rel, rel[0] ? "/" : "", names.v[k]);
        sb_printf(&full, "%s/%s", dir, r.p);
        struct stat st;
        if (stat(full.p, &st) == 0 && S_ISDIR(st.st_mode))
            list_specs(dir, r.p, out);
        else if (strlen(names.v[k]) > 4 && strcmp(names.v[k] + strlen(names.v[k]) - 4, ".rst") == 0)
            sv_push(out, sb_take(&r));
        sb_free(&r);
        sb_free(&full);
    }
    sv_free(&names);
    sb_free(&p);
}

/* "REV:path" made a path from the top of the repository: the folder git says the
 * current one is (nothing in a bare repository), then `path`, with "." and ".." worked
 * out.  NULL when it leaves the repository. */
static char *git_full_path(const char *path)
{
    char *const argv[] = {(char *)"git", (char *)"rev-parse", (char *)"--show-prefix", NULL};
    sbuf prefix = {0}, full = {0};
    if (run_capture(argv, &prefix) != 0)
        sb_reset(&prefix);
    sb_puts(&prefix, "");
    while (prefix.n && prefix.p[prefix.n - 1] == '\n')
        prefix.p[--prefix.n] = 0;
    if (path[0] == '/') /* "REV:/a": from the top, as git reads it */
        sb_reset(&prefix);
    sb_puts(&prefix, "/");
    sb_puts(&prefix, path);
    sb_puts(&full, "");
    int ok = 1;
    char *save = NULL;
    for (char *c = strtok_r(prefix.p, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
        if (strcmp(c, ".") == 0)
            continue;
        if (strcmp(c, "..") == 0) {
            char *up = strrchr(full.p, '/');
            if (!full.n) {
                ok = 0;
                break;
            }
            full.n = up ? (size_t)(up - full.p) : 0;
            full.p[full.n] = 0;
            continue;
        }
        if (full.n)
            sb_putc(&full, '/');
        sb_puts(&full, c);
    }
    sb_free(&prefix);
    if (!ok)
        sb_free(&full);
    return ok ? sb_take(&full) : NULL;
}

/* Whether a path from git can be written under a folder of ours: no empty, "." or ".."
 * part, not absolute (git refuses such trees; a crafted object may still hold one). */
static int tree_path_ok(const char *p)
{
    if (!*p || p[0] == '/')
        return 0;
    for (const char *s = p; *s;) {
        size_t n = strcspn(s, "/");
        if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
            return 0;
        s += n;
        if (*s)
            s++;
        if (!*s && s[-1] == '/')
            return 0;
    }
    return 1;
}

/* Writes `data` to `tmp`/`rel` (rel checked by tree_path_ok), making its folders: only
 * new folders and a new file, never through a link.  Returns 0 or -1. */
static int write_under(const char *tmp, const char *rel, const char *data, size_t n)
{
    sbuf p = {0};
    sb_puts(&p, tmp);
    size_t base = p.n;
    sb_putc(&p, '/');
    sb_puts(&p, rel);
    int rc = 0;
    for (size_t i = base + 1; i < p.n && rc == 0; i++)
        if (p.p[i] == '/') {
            p.p[i] = 0;
            struct stat st;
            if (mkdir(p.p, 0700) != 0 &&
                !(errno == EEXIST && lstat(p.p, &st) == 0 && S_ISDIR(st.st_mode)))
                rc = -1;
            p.p[i] = '/';
        }
    int fd = rc ? -1 : open(p.p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    for (size_t off = 0; fd >= 0 && off < n;) {
        ssize_t w = write(fd, data + off, n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            rc = -1;
            break;
        }
        off += (size_t)w;
    }
    if (fd < 0 || close(fd) != 0)
        rc = -1;
    sb_free(&p);
    return rc;
}

/* A side read from git, REV:path: the revision's files under `path` (every blob, found
 * by `git ls-tree --full-name -z`, read by `git cat-file`, so that any folder of a work
 * tree, a bare repository and any file name work) copied into a new temporary folder,
 * and nowhere else.  Returns 0, or -1 with a diagnostic. */
static int side_from_git(side *sd, const char *arg, const char *colon, diag *d)
{
    char *rev = xstrndup(arg, (size_t)(colon - arg));
    char *full = git_full_path(colon[1] ? colon + 1 : ".");
    sbuf spec = {0}, commit = {0}, out = {0};
    int rc = -1;
    sb_printf(&spec, "%s^{commit}", rev);
    char *const check[] = {(char *)"git",          (char *)"rev-parse", (char *)"--verify",
                           (char *)"--quiet",      (char *)"--end-of-options", spec.p, NULL};
    if (rev[0] == '-' || run_capture(check, &commit) != 0 || commit.n < 41) {
        diag_report_code(d, NULL, arg, 0, 0, DIAG_ERROR, "diff-input",
                         "'%s' is not a file, and '%s' is not a git revision here", arg, rev);
        goto done;
    }
    commit.p[strcspn(commit.p, "\n")] = 0;
    if (!full) {
        diag_report_code(d, NULL, arg, 0, 0, DIAG_ERROR, "diff-input",
                         "'%s' is outside the repository", colon + 1);
        goto done;
    }
    sbuf pathspec = {0};
    sb_printf(&pathspec, ":(top,literal)%s", full);
    char *const ls[] = {(char *)"git", (char *)"ls-tree", (char *)"-r", (char *)"-z",
                        (char *)"--full-name", commit.p, (char *)"--",
                        full[0] ? pathspec.p : NULL, NULL};
    int lrc = run_capture(ls, &out);
    sb_free(&pathspec);
    char tmpl[] = "/tmp/attrc-diff-XXXXXX";
    sd->tmp = mkdtemp(tmpl) ? xstrdup(tmpl) : NULL;
    if (lrc != 0 || !sd->tmp || !out.n) {
        diag_report_code(d, NULL, arg, 0, 0, DIAG_ERROR, "diff-input",
                         "git has no '%s' at revision '%s'", full[0] ? full : ".", rev);
        goto done;
    }
    rc = 0;
    /* each entry: "MODE TYPE OID\tPATH\0" */
    for (size_t at = 0; at < out.n; at += strlen(out.p + at) + 1) {
        char *e = out.p + at, *tab = strchr(e, '\t');
        char mode[16], type[16], oid[80];
        if (!tab || sscanf(e, "%15s %15s %79s", mode, type, oid) != 3)
            continue;
        const char *path = tab + 1;
        if (strcmp(type, "blob") != 0 || strcmp(mode, "120000") == 0)
            continue; /* folders are walked, links and submodules are not specs */
        sbuf content = {0};
        char *const cat[] = {(char *)"git", (char *)"cat-file", (char *)"blob", oid, NULL};
        if (!tree_path_ok(path) || run_capture(cat, &content) != 0 ||
            write_under(sd->tmp, path, content.p ? content.p : "", content.n) != 0) {
            diag_report_code(d, NULL, arg, 0, 0, DIAG_ERROR, "diff-input",
                             "cannot read %s from git at revision '%s'", path, rev);
            rc = -1;
        }
        sb_free(&content);
    }
    sb_reset(&spec);
    sb_printf(&spec, "%s%s%s", sd->tmp, full[0] ? "/" : "", full);
    sd->root = sb_take(&spec);
done:
    free(rev);
    free(full);
    sb_free(&spec);
    sb_free(&commit);
    sb_free(&out);
    return rc;
}

/* Resolves a diff argument.  Returns 0, or -1 with a diagnostic. */
static int side_open(side *sd, const char *arg, diag *d)
{
    memset(sd, 0, sizeof *sd);
    sd->arg = arg;
    struct stat st;
    const char *colon = strchr(arg, ':');
    if (stat(arg, &st) != 0 && colon && colon != arg) {
        /* REV:path, read with git */
        if (side_from_git(sd, arg, colon, d) != 0)
            return -1;
        if (stat(sd->root, &st) != 0) {
            diag_report_code(d, NULL, arg, 0, 0, DIAG_ERROR, "diff-input", "cannot read %s", arg);
            return -1;
        }
    } else if (stat(arg, &st) != 0) {
        diag_report_code(d, NULL, arg, 0, 0, DIAG_ERROR, "diff-input", "cannot read: %s",
                         strerror(errno));
        return -1;
    } else {
        sd->root = xstrdup(arg);
    }
    for (size_t l = strlen(sd->root); l > 1 && sd->root[l - 1] == '/'; l--)
        sd->root[l - 1] = 0; /* "specs/" reads as "specs" */
    sd->is_dir = S_ISDIR(st.st_mode);
    if (sd->is_dir)
        list_specs(sd->root, "", &sd->files);
    else
        sv_push(&sd->files, xstrdup(sd->root));
    return 0;
}

static void side_close(side *sd)
{
    if (sd->tmp) {
        rm_rf(sd->tmp);
        free(sd->tmp);
    }
    free(sd->root);
    sv_free(&sd->files);
}

static int ends_with_json(const char *s)
{
    size_t n = strlen(s);
    return n > 5 && strcmp(s + n - 5, ".json") == 0;
}

/* The models of one side's files, read as attrc check reads them.  Returns 0, or -1
 * when a file had errors (diagnostics given). */
/* The models of one side's files: a JSON Schema read back into a model, or the specs read
 * by the same stage as attrc check (stage_run), its diagnostics counted into d.  Returns
 * 0, or -1 when a file could not be read or had errors (diagnostics given). */
static int side_models(side *sd, const char *config_path, diag *d, model **out, int *n)
{
    *n = sd->files.n;
    *out = xcalloc((size_t)(*n ? *n : 1), sizeof **out);
    if (!sd->is_dir && ends_with_json(sd->root)) {
        int errors = d->nerrors;
        json_error_t e;
        json_t *doc = json_load_file(sd->root, 0, &e);
        if (!doc) {
            diag_report_code(d, NULL, sd->root, e.line, e.column, DIAG_ERROR, "bad-schema",
                             "not JSON: %s", e.text);
            (*out)[0].file = xstrdup(sd->root);
        } else {
            model_from_schema(&(*out)[0], sd->root, doc, d);
            json_decref(doc);
        }
        return d->nerrors > errors ? -1 : 0;
    }
    strvec paths = {0};
    stage st = {0};
    common_init(&st.c, "diff", sd->files.n);
    for (int k = 0; k < sd->files.n; k++) {
        sbuf p = {0};
        if (sd->is_dir)
            sb_printf(&p, "%s/%s", sd->root, sd->files.v[k]);
        else
            sb_puts(&p, sd->files.v[k]);
        sv_push(&paths, sb_take(&p));
        st.c.files[st.c.nfiles++] = paths.v[k];
    }
    st.c.max_errors = 0;
    st.config_path = config_path;
    st.fmt = d->format;
    int rc = stage_run(&st);
    int bad = rc != 0 || st.io_error || st.config_error || st.d.nerrors ||
              st.nmodels != sd->files.n;
    /* the models go to the caller (in file order: every file was read when none is bad) */
    for (int k = 0; k < st.nmodels; k++) {
        free((void *)st.models[k].o);
        st.models[k].o = NULL;
        (*out)[k] = st.models[k];
        sv_free(&st.deps[k]); /* stage_end frees the rest, and no model now */
    }
    st.nmodels = 0;
    d->nerrors += st.d.nerrors + (st.config_error && !st.d.nerrors);
    d->nwarnings += st.d.nwarnings;
    stage_end(&st, EXIT_OK);
    sv_free(&paths);
    return bad ? -1 : 0;
}

static int cmd_diff(int argc, char **argv)
{
    common c;
    if (common_init(&c, "diff", argc) != 0)
        return EXIT_USAGE;
    const char *format = "text", *fail_on = "breaking", *config_path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_diff, stdout);
            free(c.files);
            return EXIT_OK;
        } else if (is_opt(a, "--format")) {
            format = opt_value(argc, argv, &i, "--format");
            if (!format || (strcmp(format, "text") && strcmp(format, "markdown") &&
                            strcmp(format, "json") && strcmp(format, "sarif")))
                return usage_error(&c, "--format is text, markdown, json or sarif%s", "");
        } else if (is_opt(a, "--fail-on")) {
            fail_on = opt_value(argc, argv, &i, "--fail-on");
            if (!fail_on || (strcmp(fail_on, "breaking") && strcmp(fail_on, "warning") &&
                             strcmp(fail_on, "never")))
                return usage_error(&c, "--fail-on is breaking, warning or never%s", "");
        } else if (is_opt(a, "--config")) {
            config_path = opt_value(argc, argv, &i, "--config");
            if (!config_path || !*config_path)
                return usage_error(&c, "--config needs a file%s", "");
        } else if (a[0] == '-' && a[1]) {
            return usage_error(&c, "unknown option '%s'", a);
        } else {
            c.files[c.nfiles++] = a;
        }
    }
    if (c.nfiles != 2)
        return usage_error(&c, "needs OLD and NEW%s", "");
    diag d;
    diag_init(&d, stderr);
    d.max_errors = 0;
    side o, n;
    int rc = EXIT_OK;
    int ok = side_open(&o, c.files[0], &d) == 0;
    ok = (side_open(&n, c.files[1], &d) == 0) && ok;
    if (ok && o.is_dir != n.is_dir) {
        diag_report_code(&d, NULL, c.files[0], 0, 0, DIAG_ERROR, "diff-input",
                         "OLD and NEW must both be files or both folders");
        ok = 0;
    }
    if (ok && !o.is_dir && ends_with_json(o.root) != ends_with_json(n.root)) {
        diag_report_code(&d, NULL, c.files[0], 0, 0, DIAG_ERROR, "diff-input",
                         "OLD and NEW must both be specs or both JSON Schemas");
        ok = 0;
    }
    model *mo = NULL, *mn = NULL;
    int no = 0, nn = 0;
    if (ok) {
        int a = side_models(&o, config_path, &d, &mo, &no);
        int b = side_models(&n, config_path, &d, &mn, &nn);
        ok = a == 0 && b == 0;
    }
    changes ch = {0};
    if (ok) {
        int schema = !o.is_dir && ends_with_json(o.root);
        if (!o.is_dir) {
            diff_models(&mo[0], &mn[0], schema, &ch);
        } else {
            for (int i = 0; i < no; i++) {
                int j = 0;
                while (j < nn && strcmp(o.files.v[i], n.files.v[j]) != 0)
                    j++;
                if (j < nn)
                    diff_models(&mo[i], &mn[j], 0, &ch);
                else
                    diff_whole(&mo[i], NULL, &ch);
            }
            for (int j = 0; j < nn; j++) {
                int i = 0;
                while (i < no && strcmp(o.files.v[i], n.files.v[j]) != 0)
                    i++;
                if (i == no)
                    diff_whole(NULL, &mn[j], &ch);
            }
        }
        changes_sort(&ch);
        char *text = NULL;
        if (strcmp(format, "text") == 0 || strcmp(format, "markdown") == 0) {
            /* names and values come from the specs: shown escaped, as diagnostics are */
            char *raw = strcmp(format, "text") == 0 ? changes_text(&ch, c.files[0], c.files[1])
                                                     : changes_markdown(&ch, c.files[0], c.files[1]);
            sbuf b = {0};
            esc_terminal_lines(&b, raw);
            text = sb_take(&b);
            free(raw);
        } else {
            json_t *j = strcmp(format, "json") == 0 ? changes_json(&ch, c.files[0], c.files[1])
                                                    : changes_sarif(&ch);
            text = json_document(j, 2);
        }
        if (fputs(text, stdout) == EOF || fflush(stdout) != 0)
            rc = EXIT_USAGE;
        free(text);
        int worst = -1;
        for (int k = 0; k < ch.n; k++)
            if ((int)ch.v[k].cls > worst)
                worst = (int)ch.v[k].cls;
        if (rc == EXIT_OK && ((strcmp(fail_on, "breaking") == 0 && worst >= CH_BREAKING) ||
                              (strcmp(fail_on, "warning") == 0 && worst >= CH_WARNING)))
            rc = EXIT_INPUT;
    } else {
        fprintf(stderr, "attrc diff: an input cannot be read (see above); no comparison made\n");
        rc = EXIT_USAGE;
    }
    changes_free(&ch);
    for (int k = 0; k < no; k++)
        model_free(&mo[k]);
    for (int k = 0; k < nn; k++)
        model_free(&mn[k]);
    free(mo);
    free(mn);
    side_close(&o);
    side_close(&n);
    free(c.files);
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
        if (strcmp(argv[2], "compile") == 0) {
            fputs(usage_compile, stdout);
            return EXIT_OK;
        }
        if (strcmp(argv[2], "diff") == 0) {
            fputs(usage_diff, stdout);
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
    if (strcmp(cmd, "compile") == 0)
        return cmd_compile(argc - 1, argv + 1);
    if (strcmp(cmd, "diff") == 0)
        return cmd_diff(argc - 1, argv + 1);
    fprintf(stderr, "attrc: unknown command '%s'\n(see attrc --help)\n", cmd);
    return EXIT_USAGE;
}
