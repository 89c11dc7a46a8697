/* The command line: one file per command (cmd_extract.c, cmd_check.c, cmd_compile.c,
 * cmd_diff.c), the table of them in main.c, and here what they share: the options of
 * reading (common), the model stage of check and compile (stage), and the parsing of
 * options with getopt_long, so that "--opt=value", "--opt value", abbreviations, "--"
 * and the error messages behave as in every GNU tool. */
#ifndef ATTRC_CLI_H
#define ATTRC_CLI_H

#include "config.h"
#include "diag.h"
#include "model.h"
#include "reader.h"
#include "source.h"
#include "util.h"

#include <getopt.h>
#include <stdio.h>

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

/* A command: its name, its line in `attrc --help`, its help (`attrc help NAME`, `attrc
 * NAME --help` and the manual page), and what runs it (argv[0] is the name). */
typedef struct command {
    const char *name, *summary;
    const char *(*help)(void);
    int (*run)(int argc, char **argv);
} command;

extern const command cmd_extract, cmd_check, cmd_compile, cmd_diff;

/* The ids of long options that have no short form (short ones are their letter). */
enum {
    OPT_SECTION = 0x100,
    OPT_ALL,
    OPT_MAX_INPUT,
    OPT_MAX_ERRORS,
    OPT_MAX_CELLS,
    OPT_CONFIG,
    OPT_DIAG_FORMAT,
    OPT_DIAG_FILE,
    OPT_DUMP_MODEL,
    OPT_EMIT,
    OPT_FLAT,
    OPT_DEPFILE,
    OPT_STAMP,
    OPT_FORMAT,
    OPT_FAIL_ON,
    OPT_STDIN_NAME,
    OPT_OPENAPI_FORMAT,
    OPT_DIALECT
};

/* The options of reading, which extract, check and compile take. */
#define CLI_READ_OPTIONS                                                                     \
    {"section", required_argument, NULL, OPT_SECTION},                                       \
        {"max-input-size", required_argument, NULL, OPT_MAX_INPUT},                          \
        {"max-errors", required_argument, NULL, OPT_MAX_ERRORS},                             \
        {"max-table-cells", required_argument, NULL, OPT_MAX_CELLS},                         \
        {"stdin-name", required_argument, NULL, OPT_STDIN_NAME},                             \
        {"help", no_argument, NULL, 'h'}
/* ... and those of the model stage, which check and compile take (with -W error and -v). */
#define CLI_STAGE_OPTIONS                                                                    \
    {"verbose", no_argument, NULL, 'v'}, {"config", required_argument, NULL, OPT_CONFIG},    \
        {"diagnostics-format", required_argument, NULL, OPT_DIAG_FORMAT},                    \
        {"diagnostics-file", required_argument, NULL, OPT_DIAG_FILE},                        \
        {"dialect", required_argument, NULL, OPT_DIALECT}

/* What every command parses: the reading options and the files. */
typedef struct common {
    const char *cmd;
    reader_opts o;
    int max_errors;
    const char **files; /* the arguments that are not options, in order, a folder's
                         * specs (*.rst, recursively, sorted) in its place */
    int nfiles;
    const char *stdin_name; /* --stdin-name: what "-" (standard input) is called */
    const char **shown;     /* or NULL: what each file is called, where not as given
                             * (diff: REV:path for a file read from git) */
    strvec owned;           /* the paths made from folders */
} common;

/* The configuration of each spec, loaded once per file. */
typedef struct cfg_cache {
    config **c; /* each allocated once: models point to them */
    int n;
} cfg_cache;

/* What check and compile share: options, and the models of the files. */
typedef struct stage {
    common c;
    const char *config_path, *diag_file;
    int verbose, werror;
    diag_format fmt;
    dialect dialect; /* --dialect, where dialect_set: over the configuration's */
    int dialect_set;
    diag d;
    FILE *dout;
    cfg_cache cache;
    model *models; /* one per file read */
    strvec *deps;  /* per model: the files it was made from (spec, config, csv, base) */
    int nmodels;
    int io_error, config_error;
} stage;

/* How a command parses its arguments. */
typedef struct cli_spec {
    const command *cmd;
    const char *shortopts;         /* getopt's: "hvW:o:" */
    const struct option *longopts; /* ends with {0} */
    int stage;                     /* the stage's options too (c is a stage's) */
    /* The command's own options: returns 0 when taken, 1 when not its own, or what
     * cli_usage_error returns (EXIT_USAGE) after a usage message. */
    int (*own)(void *ud, int id, const char *arg);
    void *ud;
    int folders; /* a folder argument stands for its specs */
} cli_spec;

/* Starts `c` for command `cmd` (argc: the most files there can be).  Returns 0, or -1
 * when out of memory. */
int cli_common_init(common *c, const char *cmd, int argc);

/* Parses argv[1..argc) as `spec` says; the arguments that are not options go to
 * c->files.  Returns 0; 1 after the help was printed (-h, --help); -1 after a usage
 * message.  In the last two cases c->files is freed. */
int cli_parse(common *c, int argc, char **argv, const cli_spec *spec);

/* "attrc CMD: MESSAGE" and "(see attrc help CMD)" on standard error; frees c->files and
 * returns EXIT_USAGE. */
int cli_usage_error(common *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Reads every file of the stage into a model.  Returns 0, or EXIT_USAGE when the
 * diagnostics file cannot be opened. */
int stage_run(stage *st);
/* Writes the diagnostics (json, sarif) and frees the stage; returns the exit status from
 * `rc` and what was found. */
int stage_end(stage *st, int rc);

/* A spec's file name without its folder ("stdin" for "-"). */
const char *cli_base_name(const char *path);

/* The name a file goes by: --stdin-name for "-" where it was given, else the file. */
const char *cli_name(const common *c, const char *file);
/* A spec read from "-" takes the name --stdin-name gives (in diagnostics, the model, the
 * outputs); nothing for other files. */
void cli_name_source(const common *c, const char *file, struct src *s);

/* The specs under folder dir: the *.rst files of it and of its folders (a link to a
 * folder not followed), as paths relative to dir, sorted, added to out. */
void cli_list_specs(const char *dir, strvec *out);

/* Frees what cli_parse kept (the files, the paths made from folders). */
void cli_common_free(common *c);

#endif
