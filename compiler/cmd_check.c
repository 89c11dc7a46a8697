/* attrc check: the attribute tables read into resources, every cell checked. */
#include "cli.h"

#include "bases.h"

#include <errno.h>
#include <jansson.h>
#include <string.h>

static const char help_text[] =
    "usage: attrc check [-Werror] [-v] [--config FILE] [--dialect NAME] [--dump-model]\n"
    "                   [OPTIONS] FILE...\n"
    "\n"
    "Reads the attribute tables of the \"REST API impact\" section of each FILE into\n"
    "resources and attributes and checks every cell: names, types, access, CRUD,\n"
    "required, defaults and validations (docs/spec-format.md says what each cell may\n"
    "hold). Method tables are read as operations. Diagnostics only, unless --dump-model.\n"
    "A FILE that is a folder stands for its specs (*.rst, in its folders too, sorted);\n"
    "FILE \"-\" reads standard input.\n"
    "\n"
    "Options:\n"
    "  -Werror                     treat warnings as errors\n"
    "  -v, --verbose               also say which tables were skipped and why, which\n"
    "                              resource each table describes, and the operations\n"
    "  --config FILE               the project configuration (default: attrc.yaml\n"
    "                              beside each spec, when there is one)\n"
    "  --dump-model                print the model as JSON on standard output\n"
    "  --dialect NAME              strict (the default) or neutron: what compile's\n"
    "                              schemas and validators will accept, and convert\n"
    "                              (over the configuration's `dialect:`)\n"
    "  --diagnostics-format FMT    gcc (default), json or sarif (SARIF 2.1.0)\n"
    "  --diagnostics-file FILE     write the diagnostics to FILE, not standard error\n"
    "  --section TITLE             read the section with this title instead (any case)\n"
    "  --max-input-size SIZE       refuse files larger than SIZE bytes (default 64M)\n"
    "  --max-errors N              stop after N errors (default 50; 0: no limit)\n"
    "  --max-table-cells N         refuse a table of more than N cells (default\n"
    "                              1000000; 0: no limit)\n"
    "  --stdin-name NAME           the file name of the spec read from \"-\", for\n"
    "                              diagnostics, the model and a csv-table :file:\n"
    "  -h, --help                  show this help\n"
    "\n"
    "Exit status: 0 no errors, 1 the input has errors, 2 usage or I/O error, or a\n"
    "configuration given with --config that cannot be read.\n";

static int check_option(void *ud, int id, const char *arg)
{
    (void)arg;
    if (id != OPT_DUMP_MODEL)
        return 1;
    *(int *)ud = 1;
    return 0;
}

static int run_check(int argc, char **argv)
{
    stage st = {0};
    if (cli_common_init(&st.c, "check", argc) != 0)
        return EXIT_USAGE;
    int dump = 0;
    static const struct option opts[] = {CLI_READ_OPTIONS, CLI_STAGE_OPTIONS,
                                         {"dump-model", no_argument, NULL, OPT_DUMP_MODEL},
                                         {0, 0, 0, 0}};
    const cli_spec spec = {&cmd_check, "hvW:", opts, 1, check_option, &dump, 1};
    int r = cli_parse(&st.c, argc, argv, &spec);
    if (r != 0)
        return r > 0 ? EXIT_OK : EXIT_USAGE;
    if (!st.c.nfiles)
        return cli_usage_error(&st.c, "no input files");
    int rc = stage_run(&st);
    /* the bases of extensions, as compile finds them: a bad `bases:` entry or a clash is
     * said here too, before compile */
    bases bs = {0};
    if (rc == EXIT_OK && !st.d.nerrors)
        bases_resolve(st.models, st.nmodels, st.c.o.max_input, st.deps, &bs, &st.d);
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
    bases_free(&bs);
    return stage_end(&st, rc);
}

static const char *help(void) { return help_text; }

const command cmd_check = {"check", "read the attribute tables into resources and check every cell",
                           help, run_check};
