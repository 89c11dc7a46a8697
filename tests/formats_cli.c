/* For tests/schema_test.py: the runtime's format checks on strings from standard input,
 * one per line as "FORMAT HEX" (the string's bytes in hexadecimal, so that any byte can
 * be given); prints 1 or 0 per line.  A program rather than ctypes, so that it runs
 * under the sanitizers of the build it comes from. */
#include <attrc/attrc.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int main(void)
{
    static char line[1 << 16], bytes[1 << 15];
    static const struct {
        const char *name;
        int (*f)(const char *, size_t);
    } fmts[] = {{"uuid", attrc_is_uuid}, {"ip", attrc_is_ip},     {"ipv4", attrc_is_ipv4},
                {"ipv6", attrc_is_ipv6}, {"cidr", attrc_is_cidr}, {"mac", attrc_is_mac},
                {"port_range", attrc_is_port_range}};
    while (fgets(line, sizeof line, stdin)) {
        char *sp = strchr(line, ' ');
        if (!sp)
            return 2;
        *sp = 0;
        size_t n = 0;
        for (char *p = sp + 1; hexval(p[0]) >= 0 && hexval(p[1]) >= 0; p += 2)
            bytes[n++] = (char)(hexval(p[0]) * 16 + hexval(p[1]));
        int (*f)(const char *, size_t) = NULL;
        for (size_t k = 0; k < sizeof fmts / sizeof fmts[0]; k++)
            if (strcmp(fmts[k].name, line) == 0)
                f = fmts[k].f;
        if (!f)
            return 2;
        printf("%d\n", f(bytes, n));
    }
    return 0;
}
