/* The string formats of SEMANTICS.md, checked the same way by the compiler (defaults in a
 * spec) and by generated validators (values in a request). */
#include "internal.h"

#include <stddef.h>

/* 1 for the hexadecimal digits, either case */
static const unsigned char is_hex[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1};

static int hexval(unsigned char c) { return is_hex[c] ? 0 : -1; }

int attrc_is_uuid(const char *s, size_t n)
{
    if (n != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-')
        return 0;
    const unsigned char *u = (const unsigned char *)s;
    unsigned ok = 1;
    for (size_t i = 0; i < 36; i++)
        ok &= (i == 8 || i == 13 || i == 18 || i == 23) ? 1u : is_hex[u[i]];
    return (int)ok;
}

/* A decimal number 0..max without leading zeros; returns the characters read, 0 if none. */
static size_t dec(const char *s, size_t n, unsigned max, unsigned *out)
{
    size_t i = 0;
    unsigned v = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        if (i == 1 && s[0] == '0')
            return 0;
        v = v * 10 + (unsigned)(s[i] - '0');
        if (v > max)
            return 0;
        i++;
    }
    if (out)
        *out = v;
    return i;
}

int attrc_is_ipv4(const char *s, size_t n)
{
    size_t i = 0;
    for (int part = 0; part < 4; part++) {
        if (part) {
            if (i >= n || s[i] != '.')
                return 0;
            i++;
        }
        size_t k = dec(s + i, n - i, 255, NULL);
        if (!k)
            return 0;
        i += k;
    }
    return i == n;
}

int attrc_is_ipv6(const char *s, size_t n)
{
    int groups = 0, gap = -1;
    size_t i = 0;
    if (n >= 2 && s[0] == ':' && s[1] == ':') {
        gap = 0;
        i = 2;
        if (i == n)
            return 1;
    } else if (n && s[0] == ':') {
        return 0;
    }
    while (i < n) {
        /* an embedded IPv4 address ends the text */
        size_t k = 0;
        while (i + k < n && s[i + k] != ':' && s[i + k] != '.')
            k++;
        if (i + k < n && s[i + k] == '.') {
            if (groups + 2 > 8 || !attrc_is_ipv4(s + i, n - i))
                return 0;
            groups += 2;
            i = n;
            break;
        }
        if (k == 0 || k > 4)
            return 0;
        for (size_t j = 0; j < k; j++)
            if (hexval((unsigned char)s[i + j]) < 0)
                return 0;
        groups++;
        i += k;
        if (i == n)
            break;
        i++; /* ':' */
        if (i < n && s[i] == ':') {
            if (gap >= 0)
                return 0;
            gap = groups;
            i++;
            if (i == n)
                break;
        } else if (i == n) {
            return 0; /* a single trailing ':' */
        }
    }
    return gap >= 0 ? groups < 8 : groups == 8;
}

int attrc_is_ip(const char *s, size_t n) { return attrc_is_ipv4(s, n) || attrc_is_ipv6(s, n); }

int attrc_is_cidr(const char *s, size_t n)
{
    size_t slash = n;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '/')
            slash = i;
    if (slash == n || slash + 1 == n)
        return 0;
    int v4 = attrc_is_ipv4(s, slash);
    if (!v4 && !attrc_is_ipv6(s, slash))
        return 0;
    size_t k = dec(s + slash + 1, n - slash - 1, v4 ? 32 : 128, NULL);
    return k && slash + 1 + k == n;
}

int attrc_is_mac(const char *s, size_t n)
{
    if (n != 17)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (i % 3 == 2) {
            if (s[i] != ':')
                return 0;
        } else if (hexval((unsigned char)s[i]) < 0) {
            return 0;
        }
    }
    return 1;
}

int attrc_is_port_range(const char *s, size_t n)
{
    unsigned lo, hi;
    size_t k = dec(s, n, 65535, &lo);
    if (!k)
        return 0;
    if (k == n)
        return 1;
    if (s[k] != ':')
        return 0;
    size_t m = dec(s + k + 1, n - k - 1, 65535, &hi);
    return m && k + 1 + m == n && lo <= hi;
}

/* The bytes of the UTF-8 character that starts at `s` (`n` > 0 bytes left, s[0] not
 * ASCII), or 0 when they do not start one. */
static size_t utf8_char(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, cp = c & 0x07;
    else
        return 0;
    if (n < len)
        return 0;
    for (size_t j = 1; j < len; j++) {
        if ((s[j] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[j] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return len;
}

long attrc_utf8_length(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    long count = 0;
    for (size_t i = 0; i < n; count++) {
        size_t k = u[i] < 0x80 ? 1 : utf8_char(u + i, n - i);
        if (!k)
            return -1;
        i += k;
    }
    return count;
}

size_t attrc_utf8_prefix_(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t k = u[i] < 0x80 ? 1 : utf8_char(u + i, n - i);
        if (!k)
            break;
        i += k;
    }
    return i;
}
