/* attrc runtime library: the part of attrc that services link.
 *
 * Conventions: functions return 0 on success and -1 on failure unless documented
 * otherwise; strings returned as `const char *` are owned by the library and live for
 * the life of the process. */
#ifndef ATTRC_ATTRC_H
#define ATTRC_ATTRC_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>

/* The library's version, "MAJOR.MINOR.PATCH"; never NULL. */
const char *attrc_version(void);

/* String formats (docs/spec-format.md).  Each takes `n` bytes at `s` (no terminator
 * needed) and returns 1 when they are in the format, else 0.
 *   uuid:       8-4-4-4-12 hexadecimal digits, either case
 *   ipv4:       dotted quad, each part 0-255 without leading zeros
 *   ipv6:       RFC 4291 text form ("::" once at most; an IPv4 tail allowed), no zone
 *   ip:         ipv4 or ipv6
 *   cidr:       an ipv4 or ipv6 address, "/", a prefix length (0-32 or 0-128)
 *   mac:        six pairs of hexadecimal digits separated by ':'
 *   port_range: "N" or "N:M", 0 <= N <= M <= 65535, no leading zeros */
int attrc_is_uuid(const char *s, size_t n);
int attrc_is_ipv4(const char *s, size_t n);
int attrc_is_ipv6(const char *s, size_t n);
int attrc_is_ip(const char *s, size_t n);
int attrc_is_cidr(const char *s, size_t n);
int attrc_is_mac(const char *s, size_t n);
int attrc_is_port_range(const char *s, size_t n);

/* The number of code points in `n` bytes of UTF-8, or -1 when they are not valid UTF-8
 * (overlong forms, surrogates and values above U+10FFFF are invalid). */
long attrc_utf8_length(const char *s, size_t n);

#ifdef __cplusplus
}
#endif

#endif
