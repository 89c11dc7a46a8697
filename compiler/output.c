#include "output.h"

#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int mkdir_p(const char *dir)
{
    char *p = xstrdup(dir);
    int rc = 0;
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == 0) {
            char c = *s;
            *s = 0;
            struct stat st;
            if (stat(p, &st) != 0) {
                if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                    rc = -1;
                    break;
                }
            } else if (!S_ISDIR(st.st_mode)) {
                errno = ENOTDIR;
                rc = -1;
                break;
            }
            *s = c;
            if (!c)
                break;
        }
    }
    free(p);
    return rc;
}

/* Whether `path` holds exactly these bytes. */
static int same_content(const char *path, const char *data, size_t n)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return 0;
    struct stat st;
    int same = 0;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == n) {
        char buf[65536];
        size_t off = 0;
        same = 1;
        while (off < n) {
            ssize_t r = read(fd, buf, sizeof buf);
            if (r <= 0 || memcmp(buf, data + off, (size_t)r) != 0 || off + (size_t)r > n) {
                same = 0;
                break;
            }
            off += (size_t)r;
        }
    }
    close(fd);
    return same;
}

int write_file_atomic(const char *path, const char *data, size_t n)
{
    if (same_content(path, data, n))
        return 0;
    sbuf tmp = {0};
    const char *slash = strrchr(path, '/');
    if (slash)
        sb_put(&tmp, path, (size_t)(slash - path + 1));
    sb_printf(&tmp, ".%s.XXXXXX", slash ? slash + 1 : path);
    int fd = mkstemp(tmp.p);
    if (fd < 0) {
        sb_free(&tmp);
        return -1;
    }
    size_t off = 0;
    int err = 0;
    while (off < n) {
        ssize_t w = write(fd, data + off, n - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            err = errno;
            break;
        }
        off += (size_t)w;
    }
    /* the file's mode as a plain file would get it (mkstemp makes it 0600) */
    mode_t um = umask(0);
    umask(um);
    if (!err && fchmod(fd, 0666 & ~um) != 0)
        err = errno;
    if (close(fd) != 0 && !err)
        err = errno;
    if (!err && rename(tmp.p, path) != 0)
        err = errno;
    if (err) {
        unlink(tmp.p);
        sb_free(&tmp);
        errno = err;
        return -1;
    }
    sb_free(&tmp);
    return 1;
}
