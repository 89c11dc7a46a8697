/* attrc compile: JSON Schema, oslo.policy files, C validators and OpenAPI for each spec,
 * through the table of emitters. */
#include "cli.h"

#include "bases.h"
#include "emit.h"
#include "escape.h"
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The emitters, a row each: the word of --emit, the files it writes (for --help), what
 * they are, whether --emit's default has it, whether its files define C identifiers (the
 * names are then checked across specs), the ending of the files a spec's folder keeps
 * only while the run writes them (a resource that is gone leaves no schema), and its
 * entry point.  This table drives the option, --help, the write loop and the depfile. */
typedef struct emitter {
    const char *name, *files, *what;
    int by_default, c_names;
    const char *stale;
    emit_fn emit;
} emitter;

static const emitter emitters[] = {
    {"schema", "MEMBER.schema.json", "a JSON Schema (draft 2020-12) per resource, and\n"
                                     "structures.schema.json of the spec's structures",
     1, 0, ".schema.json", emit_schema_files},
    {"policy-yaml", "policy.yaml", "the oslo.policy rules, YAML", 1, 0, NULL,
     emit_policy_yaml_files},
    {"policy-json", "policy.json", "the same rules, JSON", 0, 0, NULL, emit_policy_json_files},
    {"c", "SPEC.h, SPEC.c", "C validators for libattrc (with --flat:\nSPEC.h and SPEC.c)", 0,
     1, NULL, emit_c_files},
    {"openapi", "openapi.yaml", "an OpenAPI 3.1 document of the operations\n"
                                "(--openapi-format json: openapi.json)",
     0, 0, NULL, emit_openapi_files},
};
#define NEMITTERS (int)(sizeof emitters / sizeof emitters[0])

static const char help_head[] =
    "usage: attrc compile [--emit LIST] [-o DIR] [--flat] [--depfile FILE]\n"
    "                     [--stamp FILE] [--openapi-format yaml|json] [OPTIONS] FILE...\n"
    "\n"
    "Reads and checks each FILE as attrc check does, then writes, for each spec\n"
    "SPEC.rst, into DIR/SPEC/ (with --flat: into DIR, each name after \"SPEC.\"),\n"
    "what --emit names:\n"
    "  WORD         FILES               WHAT\n";

static const char help_tail[] =
    "docs/artefacts.md says what each holds. Nothing is written when any input has\n"
    "errors. Each file is written to a temporary file and renamed; a file whose\n"
    "content would not change is not rewritten; the schema of a resource that is\n"
    "gone is removed from DIR/SPEC/.\n"
    "\n"
    "Options:\n"
    "  --emit LIST                 what to write, comma-separated (default:\n"
    "                              %s)\n"
    "  --openapi-format FMT        yaml (default) or json: openapi.yaml or openapi.json\n"
    "  -o, --output DIR            the folder to write in (default: .)\n"
    "  --flat                      write DIR/SPEC.NAME instead of DIR/SPEC/NAME\n"
    "  --depfile FILE              write a Make-style depfile: the outputs (or the\n"
    "                              stamp) depend on the specs, their configuration\n"
    "                              and their csv-table :file: data\n"
    "  --stamp FILE                touch FILE when every output is up to date (a\n"
    "                              single output for meson and ninja)\n"
    "  --dialect NAME              strict (the default) or neutron: the schemas and\n"
    "                              validators accept what neutron-lib does, and the\n"
    "                              validators convert it (docs/validators.md)\n"
    "  -Werror, -v, --config FILE, --diagnostics-format FMT, --diagnostics-file FILE,\n"
    "  --section TITLE, --max-input-size SIZE, --max-errors N,\n"
    "  --max-table-cells N         as for attrc check\n"
    "  --stdin-name NAME           the file name of the spec read from \"-\" (needed:\n"
    "                              it names the output folder, $ids and C files)\n"
    "  -h, --help                  show this help\n"
    "\n"
    "Exit status: 0 written, 1 the input has errors (nothing written), 2 usage or\n"
    "I/O error.\n";

/* The --emit words of the table, joined by `sep` (and `last` before the last one). */
static void emit_words(sbuf *b, int defaults_only, const char *sep, const char *last)
{
    int n = 0, total = 0;
    for (int k = 0; k < NEMITTERS; k++)
        total += !defaults_only || emitters[k].by_default;
    for (int k = 0; k < NEMITTERS; k++) {
        if (defaults_only && !emitters[k].by_default)
            continue;
        if (n)
            sb_puts(b, n == total - 1 ? last : sep);
        sb_puts(b, emitters[k].name);
        n++;
    }
}

/* The help, its list of files from the table: "  WORD  FILES  WHAT", WHAT's further
 * lines under its first. */
static const char *help(void)
{
    static char *text;
    if (text)
        return text;
    sbuf b = {0}, defaults = {0};
    sb_puts(&b, help_head);
    for (int k = 0; k < NEMITTERS; k++) {
        const emitter *e = &emitters[k];
        for (const char *w = e->what; *w;) {
            const char *nl = strchr(w, '\n');
            size_t n = nl ? (size_t)(nl - w) : strlen(w);
            int first = w == e->what;
            sb_printf(&b, "  %-12s %-19s %.*s\n", first ? e->name : "", first ? e->files : "",
                      (int)n, w);
            w += n + (nl != NULL);
        }
    }
    emit_words(&defaults, 1, ",", ",");
    sb_printf(&b, help_tail, defaults.p);
    sb_free(&defaults);
    text = sb_take(&b);
    return text;
}

/* The emitters --emit names, as bits of the table's rows. */
static int parse_emit(const char *v, unsigned *out)
{
    *out = 0;
    char *s = xstrdup(v), *save = NULL;
    int rc = 0;
    for (char *w = strtok_r(s, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        int k = 0;
        while (k < NEMITTERS && strcmp(w, emitters[k].name) != 0)
            k++;
        if (k == NEMITTERS)
            rc = -1;
        else
            *out |= 1u << k;
    }
    free(s);
    return rc == 0 && *out ? 0 : -1;
}

/* The stems of the specs name output folders and files (stem_problem says which ones
 * cannot); two specs with one stem would write one folder.  Returns 0, or -1 after a
 * usage message (files freed). */
static int check_stems(common *c, int for_c)
{
    int rc = 0;
    for (int a = 0; a < c->nfiles && rc == 0; a++) {
        char *sa = spec_stem(cli_name(c, c->files[a]));
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
            char *sb = spec_stem(cli_name(c, c->files[b]));
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
        cli_common_free(c);
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

/* DIR/SPEC/NAME, or DIR/SPEC.NAME with --flat (takes data). */
static void add_out(outfile **outs, int *n, const char *dir, const char *stem, int flat,
                    const char *name, char *data)
{
    sbuf p = {0};
    sb_printf(&p, "%s/%s%s%s", dir, stem, flat ? "." : "/", name);
    *outs = xgrow(*outs, (size_t)*n, sizeof **outs);
    (*outs)[(*n)++] = (outfile){sb_take(&p), data};
}

/* compile's own options */
typedef struct compile_opts {
    common *c;
    const char *outdir, *depfile, *stamp;
    unsigned emit; /* 1u << the row of each emitter to run */
    int flat, openapi_json;
} compile_opts;

static int compile_option(void *ud, int id, const char *v)
{
    compile_opts *o = ud;
    switch (id) {
    case 'o':
        o->outdir = v;
        if (!*v)
            return cli_usage_error(o->c, "-o needs a folder");
        return 0;
    case OPT_EMIT:
        if (parse_emit(v, &o->emit) != 0) {
            sbuf words = {0};
            emit_words(&words, 0, ", ", " and ");
            int rc = cli_usage_error(o->c, "--emit takes %s, separated by commas, not '%s'",
                                     words.p, v);
            sb_free(&words);
            return rc;
        }
        return 0;
    case OPT_OPENAPI_FORMAT:
        if (strcmp(v, "yaml") != 0 && strcmp(v, "json") != 0)
            return cli_usage_error(o->c, "--openapi-format takes yaml or json, not '%s'", v);
        o->openapi_json = strcmp(v, "json") == 0;
        return 0;
    case OPT_FLAT:
        o->flat = 1;
        return 0;
    case OPT_DEPFILE:
        o->depfile = v;
        if (!*v)
            return cli_usage_error(o->c, "--depfile needs a file");
        return 0;
    case OPT_STAMP:
        o->stamp = v;
        if (!*v)
            return cli_usage_error(o->c, "--stamp needs a file");
        return 0;
    default:
        return 1;
    }
}

static int run_compile(int argc, char **argv)
{
    stage st = {0};
    if (cli_common_init(&st.c, "compile", argc) != 0)
        return EXIT_USAGE;
    compile_opts co = {&st.c, ".", NULL, NULL, 0, 0, 0};
    for (int k = 0; k < NEMITTERS; k++)
        co.emit |= emitters[k].by_default ? 1u << k : 0;
    static const struct option opts[] = {CLI_READ_OPTIONS,
                                         CLI_STAGE_OPTIONS,
                                         {"output", required_argument, NULL, 'o'},
                                         {"emit", required_argument, NULL, OPT_EMIT},
                                         {"flat", no_argument, NULL, OPT_FLAT},
                                         {"depfile", required_argument, NULL, OPT_DEPFILE},
                                         {"stamp", required_argument, NULL, OPT_STAMP},
                                         {"openapi-format", required_argument, NULL,
                                          OPT_OPENAPI_FORMAT},
                                         {0, 0, 0, 0}};
    const cli_spec spec = {&cmd_compile, "hvW:o:", opts, 1, compile_option, &co, 1};
    int r = cli_parse(&st.c, argc, argv, &spec);
    if (r != 0)
        return r > 0 ? EXIT_OK : EXIT_USAGE;
    const char *outdir = co.outdir, *depfile = co.depfile, *stamp = co.stamp;
    unsigned emit = co.emit;
    int flat = co.flat, c_names = 0;
    for (int k = 0; k < NEMITTERS; k++)
        c_names |= (emit >> k & 1u) && emitters[k].c_names;
    if (!st.c.nfiles)
        return cli_usage_error(&st.c, "no input files");
    for (int k = 0; k < st.c.nfiles; k++)
        if (strcmp(st.c.files[k], "-") == 0 && !st.c.stdin_name)
            return cli_usage_error(&st.c, "a spec from standard input needs --stdin-name NAME: "
                                          "its file name names its output folder, its "
                                          "schemas' $id and its C files");
    if (check_stems(&st.c, c_names) != 0)
        return EXIT_USAGE;
    int rc = stage_run(&st);
    if (rc == EXIT_OK && c_names)
        c_names_across_specs(&st);
    bases bs = {0}; /* what extensions add to, for their schemas */
    if (rc == EXIT_OK && !st.d.nerrors)
        bases_resolve(st.models, st.nmodels, st.c.o.max_input, st.deps, &bs, &st.d);
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
        const emit_in in = {m, cli_base_name(m->file), stem, flat, co.openapi_json};
        for (int e = 0; e < NEMITTERS; e++) {
            if (!(emit >> e & 1u))
                continue;
            emit_files files = {0};
            emitters[e].emit(&in, &files);
            for (int f = 0; f < files.n; f++) {
                add_out(&outs, &nouts, outdir, stem, flat, files.v[f].name, files.v[f].data);
                files.v[f].data = NULL; /* outs has it */
            }
            emit_files_free(&files);
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
    for (int e = 0; e < NEMITTERS; e++) {
        const char *stale = emitters[e].stale;
        if (rc != EXIT_OK || !stale || !(emit >> e & 1u) || flat)
            continue;
        size_t sl = strlen(stale);
        for (int k = 0; k < st.nmodels; k++) {
            char *stem = spec_stem(st.models[k].file);
            sbuf dir = {0};
            sb_printf(&dir, "%s/%s", outdir, stem);
            DIR *dh = opendir(dir.p);
            struct dirent *de;
            while (dh && (de = readdir(dh)) != NULL) {
                size_t l = strlen(de->d_name);
                if (l < sl || strcmp(de->d_name + l - sl, stale) != 0)
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

const command cmd_compile = {"compile",
                             "write JSON Schema, oslo.policy files, C validators and OpenAPI "
                             "for each spec",
                             help, run_compile};
