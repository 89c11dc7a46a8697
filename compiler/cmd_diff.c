/* attrc diff: the API changes between two versions of specs, classified. */
#include "cli.h"

#include "diff.h"
#include "emit.h"
#include "escape.h"
#include "output.h"
#include "source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char help_text[] =
    "usage: attrc diff [--format FMT] [--fail-on LEVEL] [--config FILE] OLD NEW\n"
    "\n"
    "Compares the models of two versions of a spec, or of every spec of two folders\n"
    "(paired by their path in the folder), and classifies each change as breaking,\n"
    "warning or info (docs/diff.md). OLD and NEW are files, folders, or git\n"
    "revisions of them, REV:path (as in origin/main:specs/), read with git. Two JSON\n"
    "Schemas that attrc wrote compare the same way. Each finding has a fingerprint\n"
    "(in brackets) that stays the same across unrelated edits; `accept:` in the NEW\n"
    "side's attrc.yaml lists the findings a project accepts, each with a reason: they\n"
    "are shown as accepted and never fail the run. A side whose specs have errors is\n"
    "compared all the same: each part its errors hid is a not-compared warning.\n"
    "\n"
    "Options:\n"
    "  --format FMT       text (default; grouped by resource, breaking first),\n"
    "                     markdown (a review comment), json, sarif, github\n"
    "                     (workflow-command annotations), gerrit (file comments as a\n"
    "                     Zuul job returns them) or junit\n"
    "  --fail-on LEVEL    breaking (default), warning or never: which changes make\n"
    "                     the exit status 1\n"
    "  --config FILE      the project configuration for both sides, and its accepted\n"
    "                     findings (default: attrc.yaml beside each spec)\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit status: 0 no change at the --fail-on level, 1 such changes, 2 usage error,\n"
    "an input that cannot be read, or errors in NEW (diagnostics on stderr, the\n"
    "comparison printed all the same).\n";

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
    char *shown;  /* for REV:path, "REV:PATH" with PATH from the repository's top: what
                   * its files are called (never the temporary folder) */
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
    /* a file: its folder too, so that its csv-table :file: data and its attrc.yaml come
     * from the same revision (git lists the one entry "MODE blob OID\tFULL") */
    const char *tab = out.p ? memchr(out.p, '\t', out.n) : NULL;
    if (lrc == 0 && tab && strcmp(tab + 1, full) == 0 && strlen(out.p) + 1 == out.n &&
        strstr(out.p, " blob ")) {
        const char *slash = strrchr(full, '/');
        sb_reset(&pathspec);
        sb_printf(&pathspec, ":(top,literal)%.*s", slash ? (int)(slash - full) : 0, full);
        /* (at the top of the repository, only the files there, not the whole tree) */
        char *const lsdir[] = {(char *)"git", (char *)"ls-tree",
                               (char *)(slash ? "-r" : "--full-tree"), (char *)"-z",
                               (char *)"--full-name", commit.p, (char *)"--",
                               slash ? pathspec.p : NULL, NULL};
        sb_reset(&out);
        lrc = run_capture(lsdir, &out);
    }
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
    sb_printf(&spec, "%s:%s", rev, full);
    sd->shown = sb_take(&spec);
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
        cli_list_specs(sd->root, &sd->files);
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
    free(sd->shown);
    sv_free(&sd->files);
}

static int ends_with_json(const char *s)
{
    size_t n = strlen(s);
    return n > 5 && strcmp(s + n - 5, ".json") == 0;
}

/* A file of a side that gave no model at all: an empty one that says so. */
static void unreadable(model *m, const char *name, const char *code)
{
    memset(m, 0, sizeof *m);
    m->file = xstrdup(name);
    model_unread(m, name, 0, NULL, NULL, code);
}

/* Whether none of a side's files could be read at all: then there is no comparison. */
static int read_nothing(const model *m, int n)
{
    for (int k = 0; k < n; k++) {
        int whole = 0;
        for (int u = 0; u < m[k].nunread; u++)
            whole |= !m[k].unread[u].resource && m[k].unread[u].line == 0;
        if (!whole)
            return 0;
    }
    return n > 0;
}

/* The models of one side's files, one a file in their order: a JSON Schema read back into
 * a model, or the specs read by the same stage as attrc check (stage_run), its
 * diagnostics counted into d.  What errors hid is recorded in each model (munread: a file
 * that could not be read at all is an empty model that says so), and the rest is
 * compared.  Returns the number of errors (diagnostics given). */
static int side_models(side *sd, const char *config_path, diag *d, model **out, int *n)
{
    *n = sd->files.n;
    *out = xcalloc((size_t)(*n ? *n : 1), sizeof **out);
    /* a side read from git is called REV:path, never its temporary folder */
    const char *name = sd->tmp ? sd->shown : sd->root;
    if (!sd->is_dir && ends_with_json(sd->root)) {
        int errors = d->nerrors;
        json_error_t e;
        json_t *doc = json_load_file(sd->root, 0, &e);
        if (!doc)
            diag_report_code(d, NULL, name, e.line, e.column, DIAG_ERROR, "bad-schema",
                             "not JSON: %s", e.text);
        else
            model_from_schema(&(*out)[0], name, doc, d);
        json_decref(doc);
        if (d->nerrors > errors) { /* a schema is read whole or not at all */
            model_free(&(*out)[0]);
            unreadable(&(*out)[0], name, "bad-schema");
        }
        return d->nerrors - errors;
    }
    strvec paths = {0}, shown = {0};
    stage st = {0};
    cli_common_init(&st.c, "diff", sd->files.n);
    if (sd->tmp)
        st.c.shown = xcalloc((size_t)sd->files.n + 1, sizeof *st.c.shown);
    for (int k = 0; k < sd->files.n; k++) {
        sbuf p = {0};
        if (sd->is_dir)
            sb_printf(&p, "%s/%s", sd->root, sd->files.v[k]);
        else
            sb_puts(&p, sd->files.v[k]);
        sv_push(&paths, sb_take(&p));
        st.c.files[st.c.nfiles++] = paths.v[k];
        if (!sd->tmp)
            continue;
        sbuf n = {0};
        const char *sh = sd->shown;
        if (sd->is_dir)
            sb_printf(&n, "%s%s%s", sh, sh[strlen(sh) - 1] == ':' ? "" : "/", sd->files.v[k]);
        else
            sb_puts(&n, sh);
        sv_push(&shown, sb_take(&n));
        st.c.shown[k] = shown.v[shown.n - 1];
    }
    st.c.max_errors = 0;
    st.config_path = config_path;
    st.fmt = d->format;
    stage_run(&st);
    /* the models go to the caller, in file order: a file that could not be loaded has
     * none (its diagnostic given), and is an empty model that says so */
    for (int k = 0, j = 0; k < sd->files.n; k++) {
        const char *want = sd->tmp ? st.c.shown[k] : paths.v[k];
        if (j < st.nmodels && strcmp(st.models[j].file, want) == 0) {
            free((void *)st.models[j].o);
            st.models[j].o = NULL;
            (*out)[k] = st.models[j];
            sv_free(&st.deps[j]); /* stage_end frees the rest, and no model now */
            if (st.config_error) /* read without its bindings: anything may be amiss */
                model_unread(&(*out)[k], (*out)[k].file, 0, NULL, NULL, "config");
            j++;
        } else {
            unreadable(&(*out)[k], want, st.config_error ? "config" : "diff-input");
        }
    }
    st.nmodels = 0;
    int errors = st.d.nerrors + (st.config_error && !st.d.nerrors);
    d->nerrors += errors;
    d->nwarnings += st.d.nwarnings;
    free(st.c.shown);
    st.c.shown = NULL;
    stage_end(&st, EXIT_OK);
    sv_free(&paths);
    sv_free(&shown);
    return errors;
}

/* The configuration whose `accept:` list applies: the one given, else the NEW side's
 * attrc.yaml (in its folder, or beside its file), named as the side is.  0 with `out`
 * loaded or empty (none), -1 when it cannot be read (diagnostics given). */
static int accept_config(const side *n, const char *given, config *out, diag *d)
{
    memset(out, 0, sizeof *out);
    char *path = NULL;
    if (given) {
        path = xstrdup(given);
    } else if (n->is_dir) {
        sbuf p = {0};
        sb_printf(&p, "%s/attrc.yaml", n->root);
        struct stat st;
        if (stat(p.p, &st) == 0 && S_ISREG(st.st_mode))
            path = sb_take(&p);
        else
            sb_free(&p);
    } else {
        path = config_beside(n->root);
    }
    if (!path)
        return 0;
    int rc = config_load(out, path, d);
    if (rc == 0 && !given && n->shown) { /* REV:PATH/attrc.yaml, not the temporary copy */
        const char *sh = n->shown, *slash = strrchr(sh, '/');
        sbuf p = {0};
        if (n->is_dir)
            sb_printf(&p, "%s%sattrc.yaml", sh, sh[strlen(sh) - 1] == ':' ? "" : "/");
        else if (slash)
            sb_printf(&p, "%.*s/attrc.yaml", (int)(slash - sh), sh);
        else
            sb_printf(&p, "%.*s:attrc.yaml", (int)strcspn(sh, ":"), sh);
        free(out->path);
        out->path = sb_take(&p);
    }
    free(path);
    return rc;
}

/* diff's options */
typedef struct diff_opts {
    common *c;
    const char *format, *fail_on, *config_path;
} diff_opts;

static int diff_option(void *ud, int id, const char *v)
{
    diff_opts *o = ud;
    switch (id) {
    case OPT_FORMAT:
        o->format = v;
        if (strcmp(v, "text") && strcmp(v, "markdown") && strcmp(v, "json") &&
            strcmp(v, "sarif") && strcmp(v, "github") && strcmp(v, "gerrit") && strcmp(v, "junit"))
            return cli_usage_error(o->c, "--format is text, markdown, json, sarif, github, "
                                         "gerrit or junit, not '%s'",
                                   v);
        return 0;
    case OPT_FAIL_ON:
        o->fail_on = v;
        if (strcmp(v, "breaking") && strcmp(v, "warning") && strcmp(v, "never"))
            return cli_usage_error(o->c, "--fail-on is breaking, warning or never, not '%s'", v);
        return 0;
    case OPT_CONFIG:
        o->config_path = v;
        if (!*v)
            return cli_usage_error(o->c, "--config needs a file");
        return 0;
    default:
        return 1;
    }
}

static int run_diff(int argc, char **argv)
{
    common c;
    if (cli_common_init(&c, "diff", argc) != 0)
        return EXIT_USAGE;
    diff_opts opt = {&c, "text", "breaking", NULL};
    static const struct option opts[] = {{"format", required_argument, NULL, OPT_FORMAT},
                                         {"fail-on", required_argument, NULL, OPT_FAIL_ON},
                                         {"config", required_argument, NULL, OPT_CONFIG},
                                         {"help", no_argument, NULL, 'h'},
                                         {0, 0, 0, 0}};
    const cli_spec spec = {&cmd_diff, "h", opts, 0, diff_option, &opt, 0};
    int r = cli_parse(&c, argc, argv, &spec);
    if (r != 0)
        return r > 0 ? EXIT_OK : EXIT_USAGE;
    const char *format = opt.format, *fail_on = opt.fail_on, *config_path = opt.config_path;
    if (c.nfiles != 2)
        return cli_usage_error(&c, "needs OLD and NEW");
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
    int no = 0, nn = 0, old_errors = 0, new_errors = 0;
    if (ok) { /* errors in a side: what they hide is said, the rest compared */
        old_errors = side_models(&o, config_path, &d, &mo, &no);
        new_errors = side_models(&n, config_path, &d, &mn, &nn);
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
        /* findings the project accepts: --config, else the NEW side's attrc.yaml */
        config acc = {0};
        if (accept_config(&n, config_path, &acc, &d) == 0)
            changes_accept(&ch, &acc, &d);
        int level = strcmp(fail_on, "breaking") == 0  ? CH_BREAKING
                    : strcmp(fail_on, "warning") == 0 ? CH_WARNING
                                                      : CH_BREAKING + 1;
        const char *strip[2];
        sbuf s0 = {0}, s1 = {0};
        if (o.shown)
            sb_printf(&s0, "%.*s:", (int)strcspn(o.shown, ":"), o.shown);
        if (n.shown)
            sb_printf(&s1, "%.*s:", (int)strcspn(n.shown, ":"), n.shown);
        strip[0] = s0.p;
        strip[1] = s1.p;
        char *text = NULL;
        if (strcmp(format, "text") == 0 || strcmp(format, "markdown") == 0) {
            /* names and values come from the specs: shown escaped, as diagnostics are */
            char *raw = strcmp(format, "text") == 0 ? changes_text(&ch, c.files[0], c.files[1])
                                                     : changes_markdown(&ch, c.files[0], c.files[1]);
            sbuf b = {0};
            esc_terminal_lines(&b, raw);
            text = sb_take(&b);
            free(raw);
        } else if (strcmp(format, "github") == 0) {
            text = changes_github(&ch, strip);
        } else if (strcmp(format, "junit") == 0) {
            text = changes_junit(&ch, level, strip);
        } else {
            json_t *j = strcmp(format, "json") == 0     ? changes_json(&ch, c.files[0], c.files[1])
                        : strcmp(format, "gerrit") == 0 ? changes_gerrit(&ch, strip)
                                                        : changes_sarif(&ch);
            text = json_document(j, 2);
        }
        sb_free(&s0);
        sb_free(&s1);
        if (fputs(text, stdout) == EOF || fflush(stdout) != 0)
            rc = EXIT_USAGE;
        free(text);
        /* an accepted finding never fails the run */
        for (int k = 0; k < ch.n; k++)
            if (rc == EXIT_OK && !ch.v[k].accepted && (int)ch.v[k].cls >= level)
                rc = EXIT_INPUT;
        config_free(&acc); /* the accepted reasons were borrowed from it */
        if (old_errors || new_errors)
            fprintf(stderr,
                    "attrc diff: %s%s%s %s errors (see above); what they hide is not compared "
                    "(not-compared)\n",
                    old_errors ? "OLD" : "", old_errors && new_errors ? " and " : "",
                    new_errors ? "NEW" : "", old_errors && new_errors ? "have" : "has");
        /* the new side's errors are the change's to fix, as in check; an old side of which
         * nothing could be read leaves nothing compared */
        if (new_errors || (old_errors && read_nothing(mo, no)))
            rc = EXIT_USAGE;
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
    cli_common_free(&c);
    return rc;
}

static const char *help(void) { return help_text; }

const command cmd_diff = {"diff", "classify the API changes between two versions of specs", help,
                          run_diff};
