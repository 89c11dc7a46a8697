/* libFuzzer target: any bytes as a spec, read with every table reported (--all) and
 * with the default section.  Build: meson setup build-fuzz -Dfuzz=true (clang). */
#include "diag.h"
#include "reader.h"
#include "source.h"

#include <stdint.h>
#include <stdio.h>

static void sink(const rtable *t, void *ud)
{
    (void)t;
    (void)ud;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *null;
    if (!null)
        null = fopen("/dev/null", "w");
    for (int all = 0; all < 2; all++) {
        diag d;
        diag_init(&d, null);
        d.max_errors = 0;
        src s;
        reader_opts o = {.all = all, .max_input = 1 << 20};
        if (src_from_memory(&s, "fuzz.rst", (const char *)data, size, &d) == 0)
            read_tables(&s, &o, &d, sink, NULL);
        src_free(&s);
    }
    return 0;
}
