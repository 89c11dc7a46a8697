/* What the commands share (cli.h): reading options, the model stage, option parsing. */
#include "cli.h"

#include "bases.h"
#include "source.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

int cli_common_init(common *c, const char *cmd, int argc)
{
    memset(c, 0, sizeof *c);
    c->cmd = cmd;
    c->o.max_input = ATTRC_DEFAULT_MAX_INPUT;
    c->max_errors = ATTRC_DEFAULT_MAX_ERRORS;
    c->files = calloc((size_t)argc + 1, sizeof *c->files);
    return c->files ? 0 : -1;
}

int cli_usage_error(common *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "attrc %s: ", c->cmd);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(see attrc help %s)\n", c->cmd);
    cli_common_free(c);
    return EXIT_USAGE;
}

/* A reading option: 0 taken, 1 not one, EXIT_USAGE after a usage message. */
static int read_option(common *c, int id, const char *v)
{
    char *end = NULL;
    switch (id) {
    case OPT_SECTION:
        c->o.section = v;
        if (!*v)
            return cli_usage_error(c, "--section needs a title");
        return 0;
    case OPT_ALL:
        c->o.all = 1;
        return 0;
    case OPT_STDIN_NAME:
        c->stdin_name = v;
        if (!*v || strchr(v, '\n'))
            return cli_usage_error(c, "--stdin-name needs a file name (the spec's, such as "
                                      "gizmos.rst)");
        return 0;
    case OPT_MAX_INPUT:
        if (parse_size(v, &c->o.max_input) != 0)
            return cli_usage_error(c, "--max-input-size needs a size such as 64M (at most "
                                      "3.75G), not '%s'",
                                   v);
        return 0;
    case OPT_MAX_ERRORS: {
        long n = strtol(v, &end, 10);
        if (!*v || *end || n < 0 || n > 1000000)
            return cli_usage_error(c, "--max-errors needs a number, not '%s'", v);
        c->max_errors = (int)n;
        return 0;
    }
    case OPT_MAX_CELLS: {
        errno = 0;
        unsigned long long n = *v >= '0' && *v <= '9' ? strtoull(v, &end, 10) : 0;
        if (!end || *end || errno || n > SIZE_MAX / 2)
            return cli_usage_error(c, "--max-table-cells needs a number (0: no limit), not "
                                      "'%s'",
                                   v);
        c->o.max_cells = n ? (size_t)n : SIZE_MAX;
        return 0;
    }
    default:
        return 1;
    }
}

/* An option of the model stage: 0 taken, 1 not one, EXIT_USAGE after a usage message. */
static int stage_option(stage *st, int id, const char *v)
{
    switch (id) {
    case 'W':
        if (strcmp(v, "error") != 0)
            return cli_usage_error(&st->c, "unknown option '-W%s' (-Werror makes warnings "
                                           "errors)",
                                   v);
        st->werror = 1;
        return 0;
    case 'v':
        st->verbose = 1;
        return 0;
    case OPT_CONFIG:
        st->config_path = v;
        if (!*v)
            return cli_usage_error(&st->c, "--config needs a file");
        return 0;
    case OPT_DIAG_FILE:
        st->diag_file = v;
        if (!*v)
            return cli_usage_error(&st->c, "--diagnostics-file needs a file");
        return 0;
    case OPT_DIALECT:
        if (dialect_parse(v, &st->dialect) != 0)
            return cli_usage_error(&st->c, "--dialect is strict or neutron, not '%s'", v);
        st->dialect_set = 1;
        return 0;
    case OPT_DIAG_FORMAT:
        if (strcmp(v, "gcc") == 0)
            st->fmt = DIAG_GCC;
        else if (strcmp(v, "json") == 0)
            st->fmt = DIAG_JSON;
        else if (strcmp(v, "sarif") == 0)
            st->fmt = DIAG_SARIF;
        else
            return cli_usage_error(&st->c, "--diagnostics-format is gcc, json or sarif, not "
                                           "'%s'",
                                   v);
        return 0;
    default:
        return 1;
    }
}

/* The options of argv (getopt_long), argv[0] called "attrc CMD" meanwhile: 0, or -1 after
 * a message. */
static int parse_options(common *c, int argc, char **argv, const cli_spec *spec)
{
#if defined(__GLIBC__)
    optind = 0; /* a new scan, as glibc documents it */
#else
    optind = 1;
#endif
    opterr = 1;
    int id;
    while ((id = getopt_long(argc, argv, spec->shortopts, spec->longopts, NULL)) != -1) {
        if (id == 'h') {
            fputs(spec->cmd->help(), stdout);
            cli_common_free(c);
            return 1;
        }
        if (id == '?') {
            fprintf(stderr, "(see attrc help %s)\n", c->cmd);
            cli_common_free(c);
            return -1;
        }
        int r = read_option(c, id, optarg);
        if (r == 1 && spec->stage)
            r = stage_option((stage *)c, id, optarg);
        if (r == 1 && spec->own)
            r = spec->own(spec->ud, id, optarg);
        if (r == 1) /* in the table, but nobody's: a mistake of attrc's */
            r = cli_usage_error(c, "option id %d is not handled", id);
        if (r != 0)
            return -1;
    }
    return 0;
}

int cli_parse(common *c, int argc, char **argv, const cli_spec *spec)
{
    /* getopt's own messages ("unrecognized option '--x'", "option '--config' requires an
     * argument") start with argv[0]; it is the command's name again on every return */
    char prog[64];
    snprintf(prog, sizeof prog, "attrc %s", c->cmd);
    char *name = argv[0];
    argv[0] = prog;
    int r = parse_options(c, argc, argv, spec);
    argv[0] = name;
    if (r != 0)
        return r;
    /* the files; a folder stands for its specs */
    int cap = argc + 1;
    for (; optind < argc; optind++) {
        const char *a = argv[optind];
        struct stat st;
        if (!spec->folders || strcmp(a, "-") == 0 || stat(a, &st) != 0 || !S_ISDIR(st.st_mode)) {
            c->files[c->nfiles++] = a;
            continue;
        }
        strvec found = {0};
        cli_list_specs(a, &found);
        if (!found.n) {
            sv_free(&found);
            cli_usage_error(c, "%s: a folder with no spec (*.rst) in it", a);
            return -1;
        }
        cap += found.n;
        c->files = xrealloc(c->files, (size_t)cap * sizeof *c->files);
        for (int k = 0; k < found.n; k++) {
            sbuf p = {0};
            sb_printf(&p, "%s%s%s", a, a[strlen(a) - 1] == '/' ? "" : "/", found.v[k]);
            sv_push(&c->owned, sb_take(&p));
            c->files[c->nfiles++] = c->owned.v[c->owned.n - 1];
        }
        sv_free(&found);
    }
    return 0;
}

void cli_common_free(common *c)
{
    free(c->files);
    c->files = NULL;
    sv_free(&c->owned);
}

const char *cli_name(const common *c, const char *file)
{
    return strcmp(file, "-") == 0 && c->stdin_name ? c->stdin_name : file;
}

void cli_name_source(const common *c, const char *file, src *s)
{
    if (strcmp(file, "-") == 0 && c->stdin_name)
        src_rename(s, c->stdin_name);
}

/* cli_list_specs below dir/rel */
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
        size_t n = strlen(names.v[k]);
        /* a link to a folder is not followed: no loops */
        if (lstat(full.p, &st) == 0 && S_ISDIR(st.st_mode))
            list_specs(dir, r.p, out);
        else if (n > 4 && strcmp(names.v[k] + n - 4, ".rst") == 0 &&
                 (stat(full.p, &st) != 0 || !S_ISDIR(st.st_mode)))
            sv_push(out, sb_take(&r));
        sb_free(&r);
        sb_free(&full);
    }
    sv_free(&names);
    sb_free(&p);
}

void cli_list_specs(const char *dir, strvec *out) { list_specs(dir, "", out); }

const char *cli_base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return strcmp(path, "-") == 0 ? "stdin" : b ? b + 1 : path;
}

/* ---- the model stage: check and compile ---- */

/* The configuration for a spec: the one given, else attrc.yaml beside it (loaded once per
 * folder, kept in `cache`).  NULL when there is none; *bad when it could not be read. */
static const config *config_for(cfg_cache *cache, const char *given, const char *spec,
                                diag *d, int *bad)
{
    char *path = given ? xstrdup(given) : config_beside(spec);
    if (!path)
        return NULL;
    for (int k = 0; k < cache->n; k++)
        if (strcmp(cache->c[k]->path, path) == 0) {
            free(path);
            return cache->c[k];
        }
    /* each configuration where it stays: the models of the files read before keep
     * pointers to theirs while the cache grows */
    cache->c = xgrow(cache->c, (size_t)cache->n, sizeof *cache->c);
    config *c = xcalloc(1, sizeof *c);
    cache->c[cache->n++] = c;
    if (config_load(c, path, d) != 0)
        *bad = 1;
    free(path);
    return c;
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

/* An error not of the model's own (the reader's: a table it refused): what it hid is not
 * known, so the whole spec may lack anything (model.h, munread). */
static void unread_cb(void *ud, const char *file, int line, const char *code)
{
    model *m = ud;
    if (!m->reporting)
        model_unread(m, file, line, NULL, NULL, code ? code : "markup");
}

int stage_run(stage *st)
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
        cli_name_source(&st->c, file, &s);
        if (st->c.shown && st->c.shown[k])
            src_rename(&s, st->c.shown[k]);
        reader_opts o = st->c.o;
        if (!o.section && cfg && cfg->section)
            o.section = cfg->section;
        model_opts *mo = xmalloc(sizeof *mo); /* lives as long as the model */
        *mo = (model_opts){.cfg = cfg, .verbose = st->verbose};
        /* the command line over the configuration, strict where neither says */
        mo->dialect = st->dialect_set             ? st->dialect
                      : cfg && cfg->has_dialect ? cfg->dialect
                                                : DIALECT_STRICT;
        model *m = &st->models[st->nmodels];
        strvec *deps = &st->deps[st->nmodels];
        st->nmodels++;
        if (strcmp(file, "-") != 0) /* standard input is no file a build can watch */
            sv_push(deps, xstrdup(file));
        if (cfg && cfg->path)
            sv_push(deps, xstrdup(cfg->path));
        model_init(m, &s, mo, &st->d);
        o.title = &m->title;
        table_ctx x = {m, deps};
        st->d.on_error = unread_cb;
        st->d.on_error_ud = m;
        read_tables(&s, &o, &st->d, model_table_cb, &x);
        model_finish(m);
        st->d.on_error = NULL;
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

int stage_end(stage *st, int rc)
{
    for (int k = 0; k < st->nmodels; k++) {
        free((void *)st->models[k].o);
        model_free(&st->models[k]);
        sv_free(&st->deps[k]);
    }
    free(st->models);
    free(st->deps);
    for (int k = 0; k < st->cache.n; k++) {
        config_free(st->cache.c[k]);
        free(st->cache.c[k]);
    }
    free(st->cache.c);
    cli_common_free(&st->c);
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

