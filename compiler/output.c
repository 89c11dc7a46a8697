#include "output.h"

#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
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

/* Whether `path` holds exactly these bytes (it is a regular file: write_file_atomic
 * checked). */
static int same_content(const char *path, const char *data, size_t n)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
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
            if (r <= 0 || off + (size_t)r > n || memcmp(buf, data + off, (size_t)r) != 0) {
                same = 0;
                break;
            }
            off += (size_t)r;
        }
    }
    close(fd);
    return same;
}

/* Whether `name` (in a folder) is a temporary file of `base` that no running process
 * owns: ".BASE.PID.XXXXXX" whose PID is gone, or ".BASE.XXXXXX" (before 0.2). */
static int stale_temporary(const char *name, const char *base)
{
    size_t bl = strlen(base);
    if (name[0] != '.' || strncmp(name + 1, base, bl) != 0 || name[bl + 1] != '.')
        return 0;
    const char *p = name + bl + 2;
    const char *dot = strrchr(p, '.');
    const char *suffix = dot ? dot + 1 : p;
    if (strlen(suffix) != 6 || strspn(suffix, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                               "0123456789") != 6)
        return 0;
    if (!dot)
        return 1;
    char *end;
    errno = 0;
    long pid = strtol(p, &end, 10);
    if (end != dot || pid <= 0 || errno)
        return 0;
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Removes the stale temporaries of `base` in `dir` (regular files only). */
static void sweep_temporaries(const char *dir, const char *base)
{
    DIR *dh = opendir(dir);
    if (!dh)
        return;
    struct dirent *de;
    while ((de = readdir(dh)) != NULL) {
        struct stat st;
        if (stale_temporary(de->d_name, base) &&
            fstatat(dirfd(dh), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
            unlinkat(dirfd(dh), de->d_name, 0);
    }
    closedir(dh);
}

const char *output_strerror(int err)
{
    return err == EEXIST ? "it is not a regular file, and attrc replaces only regular files"
                         : strerror(err);
}

int write_file_atomic(const char *path, const char *data, size_t n)
{
    struct stat st;
    if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        errno = EEXIST;
        return -1;
    }
    if (same_content(path, data, n))
        return 0;
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    sbuf dir = {0}, tmp = {0};
    if (slash)
        sb_put(&dir, path, (size_t)(slash - path) ? (size_t)(slash - path) : 1);
    else
        sb_puts(&dir, ".");
    sweep_temporaries(dir.p, base);
    if (slash)
        sb_put(&tmp, path, (size_t)(slash - path + 1));
    sb_printf(&tmp, ".%s.%ld.XXXXXX", base, (long)getpid());
    sb_free(&dir);
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
