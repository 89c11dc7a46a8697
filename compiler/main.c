/* attrc's command line: the table of commands, which drives dispatch, `attrc --help`,
 * `attrc help COMMAND` and the suggestion for a mistyped command.  Each command is a file
 * of its own (cmd_*.c); what they share is cli.c. */
#include "cli.h"

#include <attrc/attrc.h>

#include <stdio.h>
#include <string.h>

static const command *const commands[] = {&cmd_check, &cmd_compile, &cmd_diff, &cmd_extract};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const char usage_head[] =
    "usage: attrc [--help] [--version] COMMAND [ARGS...]\n"
    "\n"
    "attrc reads the attribute tables of the \"REST API impact\" section of\n"
    "OpenStack-style spec documents (reStructuredText) exactly as docutils reads them.\n"
    "\n"
    "Commands:\n";

static const char usage_tail[] =
    "  help      show the help of a command: attrc help COMMAND\n"
    "\n"
    "Exit status:\n"
    "  0  fine (warnings may have been printed)\n"
    "  1  the input has errors (diagnostics on standard error)\n"
    "  2  usage error, or a file could not be read or written\n"
    "\n"
    "Diagnostics are \"file:line:col: error|warning|note: message\" on standard error,\n"
    "with the source line and a caret; colour on a terminal unless NO_COLOR is set.\n";

static void usage(FILE *out)
{
    fputs(usage_head, out);
    for (size_t k = 0; k < NCOMMANDS; k++)
        fprintf(out, "  %-9s %s\n", commands[k]->name, commands[k]->summary);
    fputs(usage_tail, out);
}

static const command *find(const char *name)
{
    for (size_t k = 0; k < NCOMMANDS; k++)
        if (strcmp(commands[k]->name, name) == 0)
            return commands[k];
    return NULL;
}

/* The edit distance of a and b (insertions, deletions, substitutions, swaps of two
 * neighbours), at most 3: command names are short. */
static int distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 32 || m > 32)
        return 3;
    int d[33][33];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            int best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[n][m] < 3 ? d[n][m] : 3;
}

/* "unknown command", with the nearest command's name when one is near. */
static int unknown(const char *who, const char *name)
{
    const char *near = NULL;
    int best = 3;
    for (size_t k = 0; k < NCOMMANDS; k++) {
        int dist = distance(name, commands[k]->name);
        if (dist < best) {
            best = dist;
            near = commands[k]->name;
        }
    }
    fprintf(stderr, "%s: unknown command '%s'", who, name);
    if (near && best <= 2)
        fprintf(stderr, "; did you mean '%s'?", near);
    fputs("\n(see attrc --help)\n", stderr);
    return EXIT_USAGE;
}

/* Text as roff lines in a no-fill block: "\\" as "\\e", "-" as "\\-" (a minus, as options
 * are written), a line starting with "." or "'" guarded with "\\&". */
static void roff_text(const char *t)
{
    int start = 1;
    for (; *t; t++) {
        if (start && (*t == '.' || *t == '\''))
            fputs("\\&", stdout);
        start = *t == '\n';
        if (*t == '\\')
            fputs("\\e", stdout);
        else if (*t == '-')
            fputs("\\-", stdout);
        else
            putchar(*t);
    }
}

/* The manual page, attrc(1), from the same texts as `attrc --help` and `attrc help
 * COMMAND` (meson builds and installs it: `attrc help --man`). */
static int manual(void)
{
    printf(".TH ATTRC 1 \"\" \"attrc %s\" \"User Commands\"\n", attrc_version());
    puts(".SH NAME\nattrc \\- read, check, compile and compare the attribute tables of REST "
         "API specs");
    puts(".SH SYNOPSIS\n.B attrc\n[\\-\\-help] [\\-\\-version]\n.I COMMAND\n[ARGS...]");
    puts(".SH DESCRIPTION\n.nf");
    roff_text(usage_head);
    for (size_t k = 0; k < NCOMMANDS; k++) {
        char line[128];
        snprintf(line, sizeof line, "  %-9s %s\n", commands[k]->name, commands[k]->summary);
        roff_text(line);
    }
    roff_text(usage_tail);
    puts(".fi\n.SH COMMANDS");
    for (size_t k = 0; k < NCOMMANDS; k++) {
        printf(".SS attrc %s\n.nf\n", commands[k]->name);
        roff_text(commands[k]->help());
        puts(".fi");
    }
    puts(".SH ENVIRONMENT\n.TP\n.B NO_COLOR\nno colour in diagnostics, even on a terminal");
    puts(".SH FILES\n.TP\n.B attrc.yaml\nthe project configuration beside a spec "
         "(docs/spec-format.md)");
    puts(".SH SEE ALSO\nThe documents in docs/ of attrc's source: usage.md, spec-format.md, "
         "artefacts.md, validators.md, diff.md, building.md.");
    return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_OK : EXIT_USAGE;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(name, "--version") == 0) {
        printf("attrc %s\n", attrc_version());
        return EXIT_OK;
    }
    if (strcmp(name, "help") == 0) {
        if (argc == 3 && strcmp(argv[2], "--man") == 0)
            return manual();
        if (argc < 3 || strcmp(argv[2], "help") == 0) {
            usage(stdout);
            return EXIT_OK;
        }
        const command *c = find(argv[2]);
        if (!c)
            return unknown("attrc help", argv[2]);
        fputs(c->help(), stdout);
        return EXIT_OK;
    }
    const command *c = find(name);
    if (!c)
        return unknown("attrc", name);
    return c->run(argc - 1, argv + 1);
}
