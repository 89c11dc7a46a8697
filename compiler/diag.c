#include "diag.h"

#include "source.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

void diag_init(diag *d, FILE *out)
{
    d->out = out;
    const char *nc = getenv("NO_COLOR");
    d->color = isatty(fileno(out)) && !(nc && *nc);
    d->max_errors = ATTRC_DEFAULT_MAX_ERRORS;
    d->nerrors = d->nwarnings = 0;
    d->stopped = 0;
}

static const char *level_name[] = {"note", "warning", "error"};
static const char *level_color[] = {"\033[1;36m", "\033[1;35m", "\033[1;31m"};

static void show_line(diag *d, const src *s, int line, int col)
{
    size_t len;
    const char *t = src_line(s, (size_t)line - 1, &len);
    fprintf(d->out, "%6d | %.*s\n       | ", line, (int)len, t);
    /* Pad to the caret with the display width of what comes before it. */
    size_t i = 0;
    for (int c = 1; c < col && i < len; c++) {
        uint32_t cp;
        i += (size_t)u8_decode(t + i, len - i, &cp);
        fputs(cp_is_wide(cp) ? "  " : " ", d->out);
    }
    fprintf(d->out, "%s^%s\n", d->color ? "\033[1;32m" : "", d->color ? "\033[0m" : "");
}

void diag_report(diag *d, const src *s, const char *file, int line, int col, diag_level level,
                 const char *fmt, ...)
{
    if (d->stopped)
        return;
    if (level == DIAG_ERROR)
        d->nerrors++;
    else if (level == DIAG_WARNING)
        d->nwarnings++;
    if (!file)
        file = s ? s->path : "attrc";
    if (d->color)
        fputs("\033[1m", d->out);
    fputs(file, d->out);
    if (line > 0) {
        fprintf(d->out, ":%d", line);
        if (col > 0)
            fprintf(d->out, ":%d", col);
    }
    fputs(": ", d->out);
    if (d->color)
        fprintf(d->out, "%s%s:\033[0m ", level_color[level], level_name[level]);
    else
        fprintf(d->out, "%s: ", level_name[level]);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(d->out, fmt, ap);
    va_end(ap);
    fputc('\n', d->out);
    /* the source line, when it is held (a file read through a window holds the lines
     * the reader is at) */
    if (s && line > 0 && col > 0 && (size_t)line - 1 >= s->first &&
        (size_t)line - 1 < s->first + s->nlines)
        show_line(d, s, line, col);
    if (level == DIAG_ERROR && d->max_errors > 0 && d->nerrors >= d->max_errors) {
        fprintf(d->out, "attrc: too many errors (%d), stopping\n", d->nerrors);
        d->stopped = 1;
    }
}
