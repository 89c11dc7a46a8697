#define _GNU_SOURCE /* mremap */
#include "source.h"

#include "diag.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define MAX_SHOWN_INVALID 20

/* Length of the valid UTF-8 sequence at s (> 0), or minus the length of the maximal
 * invalid subpart that Python's decoder replaces by one U+FFFD. */
static int utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    int need;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        need = 1;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return -1;
    for (int i = 1; i <= need; i++) {
        if ((size_t)i >= n)
            return -i;
        unsigned b = s[i];
        unsigned l = i == 1 ? lo : 0x80, h = i == 1 ? hi : 0xBF;
        if (b < l || b > h)
            return -i;
    }
    return need + 1;
}

typedef struct {
    size_t off[MAX_SHOWN_INVALID]; /* offsets in the pass-1 text */
    unsigned char byte[MAX_SHOWN_INVALID];
    int line[MAX_SHOWN_INVALID], col[MAX_SHOWN_INVALID];
    size_t count;
} invalid_log;

/* Pass 1, in place, never growing: BOM, line breaks, \v \f, trailing whitespace.
 * Returns the new length; sets *grow when pass 2 (tabs, invalid UTF-8) is needed. */
static size_t pass1(char *b, size_t len, int bom, int *grow, size_t *nl, invalid_log *inv)
{
    unsigned char *s = (unsigned char *)b;
    size_t r = 0, w = 0, keep = 0, line_start = 0;
    *grow = 0;
    *nl = 0;
    if (bom && len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        r = 3;
#define END_LINE()                                                                           \
    do {                                                                                     \
        w = keep;                                                                            \
        s[w++] = '\n';                                                                       \
        keep = line_start = w;                                                               \
        (*nl)++;                                                                             \
    } while (0)
    while (r < len) {
        /* Fast path: a whole line of printable ASCII without trailing blanks is left as
         * it is (and not even rewritten, so the pages of a mapped file stay shared). */
        if (w == line_start) {
            size_t e = r;
#ifdef __SSE2__
            /* 16 bytes at a time: a signed compare with 0x20 flags both the control
             * characters and every byte of a multi-byte sequence */
            const __m128i lo16 = _mm_set1_epi8(0x20);
            while (e + 16 <= len) {
                __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + e));
                int m = _mm_movemask_epi8(_mm_cmplt_epi8(x, lo16));
                if (m) {
                    e += (size_t)__builtin_ctz((unsigned)m);
                    break;
                }
                e += 16;
            }
#endif
            const uint64_t hi = 0x8080808080808080ull, lo = 0x2020202020202020ull;
            while (e + 8 <= len) {
                uint64_t x;
                memcpy(&x, s + e, 8);
                if (((x & hi) | ((x - lo) & ~x & hi)) != 0)
                    break;
                e += 8;
            }
            while (e < len && s[e] >= 0x20 && s[e] < 0x80)
                e++;
            if (e > r && (e == len || s[e] == '\n') && s[e - 1] != ' ') {
                if (w != r)
                    memmove(s + w, s + r, e - r);
                w += e - r;
                r = e;
                keep = w;
                if (r < len) {
                    if (w != r)
                        s[w] = '\n';
                    w++;
                    r++;
                    keep = line_start = w;
                    (*nl)++;
                }
                continue;
            }
        }
        unsigned c = s[r];
        if (c < 0x80) {
            r++;
            if (c == '\n' || (c >= 0x1C && c <= 0x1E)) {
                END_LINE();
            } else if (c == '\r') {
                if (r < len && s[r] == '\n')
                    r++;
                END_LINE();
            } else {
                if (c == '\v' || c == '\f')
                    c = ' ';
                s[w++] = (unsigned char)c;
                if (c == '\t')
                    *grow = 1;
                if (!py_isspace(c))
                    keep = w;
            }
            continue;
        }
        int k = utf8_seq(s + r, len - r);
        if (k > 0) {
            uint32_t cp;
            u8_decode(b + r, (size_t)k, &cp);
            if (cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
                r += (size_t)k;
                END_LINE();
                continue;
            }
            memmove(s + w, s + r, (size_t)k);
            w += (size_t)k;
            r += (size_t)k;
            if (!py_isspace(cp))
                keep = w;
        } else {
            if (inv->count < MAX_SHOWN_INVALID) {
                inv->off[inv->count] = w;
                inv->byte[inv->count] = s[r];
            }
            inv->count++;
            memmove(s + w, s + r, (size_t)-k);
            w += (size_t)-k;
            r += (size_t)-k;
            keep = w;
            *grow = 1;
        }
    }
    if (w > line_start)
        END_LINE();
#undef END_LINE
    return w;
}

/* Output length of one line of pass-1 text once tabs are expanded and invalid
 * subparts replaced; with `out`, also writes it and logs invalid positions. */
static size_t expand_line(const char *b, size_t ls, size_t le, sbuf *out, invalid_log *inv,
                          int lineno)
{
    const unsigned char *s = (const unsigned char *)b;
    size_t col = 0, n = 0;
    for (size_t i = ls; i < le;) {
        unsigned c = s[i];
        if (c == '\t') {
            size_t sp = 8 - col % 8;
            if (out)
                for (size_t j = 0; j < sp; j++)
                    sb_putc(out, ' ');
            col += sp;
            n += sp;
            i++;
            continue;
        }
        int k = c < 0x80 ? 1 : utf8_seq(s + i, le - i);
        if (k < 0) {
            if (out) {
                sb_putcp(out, 0xFFFD);
                for (size_t j = 0; j < inv->count && j < MAX_SHOWN_INVALID; j++)
                    if (inv->off[j] == i) {
                        inv->line[j] = lineno;
                        inv->col[j] = (int)col + 1;
                    }
            }
            n += 3;
            i += (size_t)-k;
        } else {
            if (out)
                sb_put(out, b + i, (size_t)k);
            n += (size_t)k;
            i += (size_t)k;
        }
        col++;
    }
    return n;
}

/* Input buffers are anonymous mappings that may use transparent huge pages: on the
 * virtual machines attrc runs on, faulting in a large input 4 KiB at a time costs more
 * than reading it (docs/performance.md).  They grow with mremap, without copying. */
static size_t buf_size(size_t want)
{
    size_t pg = (size_t)sysconf(_SC_PAGESIZE);
    return (want + pg - 1) / pg * pg;
}

static char *buf_alloc(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        fputs("attrc: fatal: out of memory\n", stderr);
        exit(2);
    }
#ifdef MADV_HUGEPAGE
    if (size >= ((size_t)2 << 20))
        madvise(p, size, MADV_HUGEPAGE);
#endif
    return p;
}

static char *buf_grow(char *b, size_t old, size_t size)
{
    void *p = mremap(b, old, size, MREMAP_MAYMOVE);
    if (p == MAP_FAILED) {
        fputs("attrc: fatal: out of memory\n", stderr);
        exit(2);
    }
    return p;
}

static void release(char *b, size_t mapped)
{
    if (mapped)
        munmap(b, mapped);
    else
        free(b);
}

/* Normalises b[0..len) in place (growing it where tabs or invalid bytes need room):
 * afterwards every line ends with "\n".  `mapped` is the size of b's mapping, 0 when
 * it is from malloc.  Returns the new length, or (size_t)-1 when the text would be
 * too large; *nl gets the number of lines, inv the invalid sequences with their
 * 1-based lines in this block. */
static size_t expand_block(char **bp, size_t w, size_t *mapped, size_t nlines,
                           invalid_log *inv);

static size_t norm_block(char **bp, size_t len, size_t *mapped, int bom, size_t *nl,
                         invalid_log *inv)
{
    int grow;
    size_t w = pass1(*bp, len, bom, &grow, nl, inv);
    return grow ? expand_block(bp, w, mapped, *nl, inv) : w;
}

/* Pass 2: tabs expanded and invalid subparts replaced, in b[0..w) of nlines lines. */
static size_t expand_block(char **bp, size_t w, size_t *mapped, size_t nlines,
                           invalid_log *inv)
{
    char *b = *bp;
    {
        size_t total = 0;
        for (size_t ls = 0; ls < w;) {
            const char *e = memchr(b + ls, '\n', w - ls);
            size_t le = (size_t)(e - b);
            total += expand_line(b, ls, le, NULL, NULL, 0) + 1;
            ls = le + 1;
        }
        if (total > ATTRC_HARD_MAX_INPUT)
            return (size_t)-1;
        if (*mapped) {
            if (total + 1 > *mapped) {
                b = buf_grow(b, *mapped, buf_size(total + 1));
                *mapped = buf_size(total + 1);
            }
        } else if (total > w) {
            b = xrealloc(b, total + 1);
        }
        sbuf tmp = {0};
        size_t in_end = w, out_end = total;
        int lineno = (int)nlines;
        while (in_end > 0) {
            size_t le = in_end - 1, ls = le;
            while (ls > 0 && b[ls - 1] != '\n')
                ls--;
            sb_reset(&tmp);
            expand_line(b, ls, le, &tmp, inv, lineno);
            b[out_end - 1] = '\n';
            memmove(b + out_end - 1 - tmp.n, tmp.p ? tmp.p : "", tmp.n);
            out_end -= tmp.n + 1;
            in_end = ls;
            lineno--;
        }
        sb_free(&tmp);
        w = total;
    }
    *bp = b;
    return w;
}

/* Appends the offsets of the lines of buf[from..to) (each ending in "\n") to the
 * window's index, which starts with lines[0] == 0 and keeps lines[nlines] == len. */
static void index_lines(src *s, size_t from, size_t to, size_t nl)
{
    if (s->nlines + nl + 1 > s->cap_lines) {
        size_t cap = s->cap_lines ? s->cap_lines : 64;
        while (cap < s->nlines + nl + 1)
            cap *= 2;
        s->lines = xrealloc(s->lines, cap * sizeof *s->lines);
        s->cap_lines = cap;
    }
    size_t li = s->nlines;
    for (size_t i = from; i < to;) {
        s->lines[li++] = (uint32_t)i;
        const char *e = memchr(s->buf + i, '\n', to - i);
        i = (size_t)(e - s->buf) + 1;
    }
    s->nlines = li;
    s->lines[li] = (uint32_t)to; /* every line, the last too, ends with "\n" */
}

/* At the end of the text: how many invalid sequences were not shown, once. */
static void note_hidden(src *s, diag *d)
{
    if (s->invalid_hidden && !s->reread)
        diag_report(d, s, NULL, 0, 0, DIAG_NOTE, "%zu more invalid UTF-8 sequences not shown",
                    s->invalid_hidden);
    s->invalid_hidden = 0;
}

/* Reports the invalid sequences of a block whose first line is window line `base`: the
 * first MAX_SHOWN_INVALID of the file, then (at its end) how many more there were. */
static void report_invalid(src *s, const invalid_log *inv, size_t base, diag *d)
{
    for (size_t j = 0; j < inv->count; j++) {
        if (s->invalid_shown >= MAX_SHOWN_INVALID || j >= MAX_SHOWN_INVALID) {
            s->invalid_hidden++;
            continue;
        }
        s->invalid_shown++;
        diag_report(d, s, NULL, (int)(s->first + base) + inv->line[j], inv->col[j], DIAG_ERROR,
                    "invalid UTF-8: byte 0x%02X does not start a valid sequence (read as U+FFFD)",
                    inv->byte[j]);
    }
    if (s->eof)
        note_hidden(s, d);
}

/* Whether the text may hold a reference whose text depends on a target elsewhere in
 * the document: "name_", "`a phrase`_", "[1]_", "name__", "|name|".  A reference with
 * an embedded URI ("`text <url>`_") needs no target.  A false "yes" costs the reader a
 * second reading; a false "no" would read a reference wrong, so every form is caught. */
static int ref_syntax(const char *b, size_t len)
{
    const char *e = b + len;
    for (const char *q = b; (q = memchr(q, '|', (size_t)(e - q))); q++) {
        unsigned char c = q + 1 < e ? (unsigned char)q[1] : ' ';
        if (c == ' ' || c == '\n' || c == '|')
            continue;
        /* "|x ... y|": a grid table's "|cell   |" ends after a blank, so is none */
        const char *r = q + 1;
        while (r < e && *r != '|' && *r != '\n')
            r++;
        if (r >= e || *r == '\n' || r[-1] != ' ')
            return 1;
    }
    for (const char *q = b; (q = memchr(q, '_', (size_t)(e - q))); q++) {
        unsigned char c = q + 1 < e ? (unsigned char)q[1] : ' ';
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c >= 0x80)
            continue;
        const char *t = q;
        if (t > b && t[-1] == '_') /* "__": look at what precedes the pair */
            t--;
        if (t - b >= 2 && t[-1] == '`' && t[-2] == '>')
            continue; /* `text <url>`_ */
        return 1;
    }
    return 0;
}

/* Whole-buffer form: b (len bytes) becomes the text of s. */
static int normalise(src *s, char *b, size_t len, size_t mapped, diag *d)
{
    size_t nl;
    invalid_log inv = {.count = 0};
    size_t w = norm_block(&b, len, &mapped, 1, &nl, &inv);
    if (w == (size_t)-1) {
        release(b, mapped);
        diag_report(d, NULL, s->path, 0, 0, DIAG_ERROR,
                    "file is too large once tabs are expanded");
        return -1;
    }
    b[w] = 0;
    s->buf = b;
    s->mapped = mapped;
    s->len = w;
    s->eof = 1;
    index_lines(s, 0, w, nl);
    s->ref_syntax = ref_syntax(b, w);
    report_invalid(s, &inv, 0, d);
    return 0;
}

static void init_path(src *s, const char *path)
{
    memset(s, 0, sizeof *s);
    s->path = xstrdup(strcmp(path, "-") == 0 ? "<stdin>" : path);
}

int src_from_memory(src *s, const char *name, const char *text, size_t n, diag *d)
{
    init_path(s, name);
    char *b = xmalloc(n + 2); /* room for a final "\n" and the terminator */
    memcpy(b, text, n);
    return normalise(s, b, n, 0, d);
}

/* openat2(2) with RESOLVE_BENEATH (Linux 5.6): the kernel resolves the path, symbolic
 * links included, and refuses any step out of the folder.  -1 with ENOSYS where the
 * kernel or a sandbox lacks it. */
static int open_beneath(int dirfd, const char *path, int flags)
{
#ifdef SYS_openat2
    struct {
        uint64_t flags, mode, resolve;
    } how = {(uint64_t)flags, 0, 0x08 /* RESOLVE_BENEATH */ | 0x02 /* RESOLVE_NO_MAGICLINKS */};
    long fd = syscall(SYS_openat2, dirfd, path, &how, sizeof how);
    if (fd >= 0 || (errno != ENOSYS && errno != EPERM && errno != E2BIG))
        return (int)fd;
#else
    (void)dirfd, (void)path, (void)flags;
#endif
    errno = ENOSYS;
    return -1;
}

/* Whether the file open at fd is inside the folder open at dirfd, by what the kernel
 * says each descriptor names (/proc/self/fd): a check of the file opened, not of a name
 * that may have changed since. */
static int fd_inside(int fd, int dirfd)
{
    char a[64], b[64];
    snprintf(a, sizeof a, "/proc/self/fd/%d", fd);
    snprintf(b, sizeof b, "/proc/self/fd/%d", dirfd);
    char *rf = realpath(a, NULL), *rd = realpath(b, NULL);
    size_t n = rd ? strlen(rd) : 0;
    int in = rf && rd && strncmp(rf, rd, n) == 0 && (rf[n] == '/' || strcmp(rd, "/") == 0);
    free(rf);
    free(rd);
    return in;
}

int src_open_file(int dirfd, const char *path, int beneath)
{
    int flags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
    int fd = -1;
    if (beneath) {
        fd = open_beneath(dirfd, path, flags);
        if (fd < 0 && errno == EXDEV)
            return SRC_OUTSIDE;
        if (fd < 0 && errno == ENOSYS) {
            fd = openat(dirfd, path, flags);
            if (fd >= 0 && !fd_inside(fd, dirfd)) {
                close(fd);
                return SRC_OUTSIDE;
            }
        }
    } else {
        fd = openat(dirfd, path, flags);
    }
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        errno = S_ISDIR(st.st_mode) ? EISDIR : 0;
        return SRC_NOT_REGULAR;
    }
    /* a regular file: reads block as they should */
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    return fd;
}

void src_report_open(struct diag *d, const char *path, int fd, int err)
{
    if (fd == SRC_NOT_REGULAR && err == EISDIR)
        diag_report(d, NULL, path, 0, 0, DIAG_ERROR, "is a directory, not a file");
    else if (fd == SRC_NOT_REGULAR)
        diag_report(d, NULL, path, 0, 0, DIAG_ERROR,
                    "is not a regular file (a FIFO, a socket or a device); attrc reads regular "
                    "files, and standard input as \"-\"");
    else
        diag_report(d, NULL, path, 0, 0, DIAG_ERROR, "cannot open: %s", strerror(err));
}

/* Opens path ("-": standard input) for s: reports a file that cannot be opened, one that
 * is not a regular file (a FIFO or a device would block or never end; standard input
 * may be anything), or a regular file over `max` bytes.  Returns the descriptor, or
 * -1.  `fd` >= 0: already open (by src_open_file); -1: to be opened. */
static int open_input(src *s, const char *path, int fd, size_t *max, struct stat *st,
                      int *have_st, diag *d)
{
    init_path(s, path);
    s->fd = -1;
    if (*max > ATTRC_HARD_MAX_INPUT)
        *max = ATTRC_HARD_MAX_INPUT;
    if (fd == -1)
        fd = strcmp(path, "-") == 0 ? 0 : src_open_file(AT_FDCWD, path, 0);
    if (fd < 0) {
        src_report_open(d, s->path, fd, errno);
        return -1;
    }
    *have_st = fstat(fd, st) == 0;
    if (*have_st && S_ISDIR(st->st_mode)) {
        diag_report(d, NULL, s->path, 0, 0, DIAG_ERROR, "is a directory, not a file");
    } else if (*have_st && S_ISREG(st->st_mode) && (uint64_t)st->st_size > *max) {
        diag_report(d, NULL, s->path, 0, 0, DIAG_ERROR,
                    "file is %lld bytes, over the input size limit of %zu bytes "
                    "(--max-input-size)",
                    (long long)st->st_size, *max);
    } else {
        return fd;
    }
    if (fd)
        close(fd);
    return -1;
}

/* Reads fd to its end into memory and normalises it as s's whole text; closes fd. */
static int read_whole(src *s, int fd, const struct stat *st, int have_st, size_t max, diag *d)
{
    size_t cap = 1 << 16, expect = (size_t)-1;
    if (have_st && S_ISREG(st->st_mode)) {
        expect = (size_t)st->st_size;
        cap = (size_t)st->st_size + 3; /* room to see EOF without growing */
    }
    /* small inputs live on the heap; large ones in huge-page mappings */
    size_t mapped = cap >= ((size_t)2 << 20) ? buf_size(cap) : 0;
    char *b = mapped ? buf_alloc(mapped) : xmalloc(cap);
    size_t n = 0;
    const char *err = NULL;
    for (;;) {
        if (n + 2 >= cap) { /* keep room for a final "\n" and the terminator */
            if (mapped) {
                b = buf_grow(b, mapped, buf_size(mapped * 2));
                mapped = cap = buf_size(mapped * 2);
            } else if (cap * 2 >= ((size_t)2 << 20)) {
                /* moving to a mapping once the input is large */
                size_t m = buf_size(cap * 2);
                char *nb = buf_alloc(m);
                memcpy(nb, b, n);
                free(b);
                b = nb;
                mapped = cap = m;
            } else {
                cap *= 2;
                b = xrealloc(b, cap);
            }
        }
        ssize_t k = read(fd, b + n, cap - n - 2);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            err = strerror(errno);
            break;
        }
        if (k == 0)
            break;
        n += (size_t)k;
        if (n == expect)
            break; /* a regular file read to its size: no read to see the end */
        if (n > max) {
            err = "";
            break;
        }
    }
    if (fd)
        close(fd);
    if (err) {
        if (*err)
            diag_report(d, NULL, s->path, 0, 0, DIAG_ERROR, "read error: %s", err);
        else
            diag_report(d, NULL, s->path, 0, 0, DIAG_ERROR,
                        "input is over the size limit of %zu bytes (--max-input-size)", max);
        release(b, mapped);
        return -1;
    }
    return normalise(s, b, n, mapped, d);
}

int src_load(src *s, const char *path, size_t max, diag *d)
{
    return src_load_fd(s, -1, path, max, d);
}

int src_load_fd(src *s, int fd, const char *path, size_t max, diag *d)
{
    struct stat st;
    int have_st;
    fd = open_input(s, path, fd, &max, &st, &have_st, d);
    return fd < 0 ? -1 : read_whole(s, fd, &st, have_st, max, d);
}

/* ---- reading through a window ---- */

#define CHUNK ((size_t)1 << 18)

int src_open(src *s, const char *path, size_t max, diag *d)
{
    struct stat st;
    int have_st;
    int fd = open_input(s, path, -1, &max, &st, &have_st, d);
    if (fd < 0)
        return -1;
    if (fd == 0 || !have_st || !S_ISREG(st.st_mode) || (size_t)st.st_size <= 4 * CHUNK)
        return read_whole(s, fd, &st, have_st, max, d); /* small, or not a file */
    s->fd = fd;
    s->max = max;
    s->d = d;
    s->streaming = 1;
    s->lines = xmalloc(64 * sizeof *s->lines);
    s->cap_lines = 64;
    s->lines[0] = 0;
    return 0;
}

/* Reads on to the next complete lines and normalises them where they land, at the end
 * of the window (bytes of a line not yet complete wait after it).  Returns 1 when lines
 * were added, 0 at the end of the file, -1 on a read error. */
static int stream_more(src *s)
{
    if (s->eof)
        return 0;
    size_t cut = 0; /* bytes of complete lines after s->len */
    for (;;) {
        size_t need = s->len + s->rawlen + CHUNK + 3;
        if (need > s->cap_buf) {
            size_t cap = s->cap_buf ? s->cap_buf * 2 : 4 * CHUNK;
            while (cap < need)
                cap *= 2;
            s->buf = xrealloc(s->buf, cap);
            s->cap_buf = cap;
        }
        ssize_t k = read(s->fd, s->buf + s->len + s->rawlen, CHUNK);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            if (!s->reread)
                diag_report(s->d, NULL, s->path, 0, 0, DIAG_ERROR, "read error: %s",
                            strerror(errno));
            s->eof = s->read_error = 1;
            return -1;
        }
        if (k == 0) {
            s->eof = 1;
            cut = s->rawlen;
            break;
        }
        s->total += (size_t)k;
        if (s->total > s->max) {
            if (!s->reread)
                diag_report(s->d, NULL, s->path, 0, 0, DIAG_ERROR,
                            "input is over the size limit of %zu bytes (--max-input-size)",
                            s->max);
            s->eof = s->read_error = 1;
            return -1;
        }
        char *fresh = s->buf + s->len + s->rawlen;
        const char *nlp = memrchr(fresh, '\n', (size_t)k);
        s->rawlen += (size_t)k;
        if (nlp) {
            cut = (size_t)(nlp - (s->buf + s->len)) + 1;
            break;
        }
    }
    if (cut == 0) {
        note_hidden(s, s->d);
        return 0;
    }
    size_t carry = s->rawlen - cut, nl;
    int grow;
    invalid_log inv = {.count = 0};
    size_t w = pass1(s->buf + s->len, cut, !s->started, &grow, &nl, &inv);
    s->started = 1;
    if (grow) { /* tabs or invalid bytes: expanded in a block of their own */
        char *blk = xmalloc(w + 1);
        memcpy(blk, s->buf + s->len, w);
        size_t mapped = 0, w2 = expand_block(&blk, w, &mapped, nl, &inv);
        if (w2 == (size_t)-1) {
            free(blk);
            if (!s->reread)
                diag_report(s->d, NULL, s->path, 0, 0, DIAG_ERROR,
                            "file is too large once tabs are expanded");
            s->eof = s->read_error = 1;
            return -1;
        }
        if (s->len + w2 + carry + 1 > s->cap_buf) {
            size_t cap = s->cap_buf * 2;
            while (cap < s->len + w2 + carry + 1)
                cap *= 2;
            s->buf = xrealloc(s->buf, cap);
            s->cap_buf = cap;
        }
        memmove(s->buf + s->len + w2, s->buf + s->len + cut, carry);
        memcpy(s->buf + s->len, blk, w2);
        free(blk);
        w = w2;
    } else {
        memmove(s->buf + s->len + w, s->buf + s->len + cut, carry);
    }
    size_t from = s->len, base = s->nlines;
    s->len += w;
    s->rawlen = carry;
    index_lines(s, from, s->len, nl);
    s->ref_syntax |= ref_syntax(s->buf + from, w);
    if (!s->reread)
        report_invalid(s, &inv, base, s->d);
    return nl > 0 ? 1 : !s->eof;
}

int src_has(src *s, size_t i)
{
    if (i < s->first)
        return 1; /* released: the reader never asks for these */
    while (i >= s->first + s->nlines && !s->eof)
        if (stream_more(s) < 0)
            break;
    return i < s->first + s->nlines;
}

void src_release(src *s, size_t i)
{
    if (!s->streaming || i <= s->first)
        return;
    size_t k = i - s->first;
    if (k > s->nlines)
        k = s->nlines;
    size_t dead = s->lines[k];
    /* move the live text down once the dead part is most of the window */
    if (dead < CHUNK || dead < s->len - dead)
        return;
    memmove(s->buf, s->buf + dead, s->len - dead + s->rawlen); /* with the waiting bytes */
    for (size_t j = 0; j + k <= s->nlines; j++)
        s->lines[j] = s->lines[j + k] - (uint32_t)dead;
    s->nlines -= k;
    s->first += k;
    s->len -= dead;
}

int src_rewind(src *s)
{
    if (!s->streaming)
        return 0;
    if (lseek(s->fd, 0, SEEK_SET) != 0)
        return -1;
    s->first = s->nlines = s->len = s->rawlen = s->total = 0;
    s->lines[0] = 0;
    s->eof = s->started = 0;
    s->reread = 1;
    return 0;
}

void src_rename(src *s, const char *shown)
{
    if (!s->disk && strcmp(s->path, "<stdin>") != 0)
        s->disk = s->path;
    else
        free(s->path);
    s->path = xstrdup(shown);
}

void src_free(src *s)
{
    free(s->disk);
    free(s->path);
    if (s->buf)
        release(s->buf, s->mapped);
    if (s->streaming && s->fd >= 0)
        close(s->fd);
    free(s->lines);
    memset(s, 0, sizeof *s);
}
