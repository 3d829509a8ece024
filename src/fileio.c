/* fileio: whole-file reads and crash-safe replacement (see fileio.h). */
#include "paperdeck/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paperdeck/xalloc.h"

char *fileio_read_fd_max(int fd, size_t size_hint, size_t max, size_t *len)
{
    size_t cap = size_hint && size_hint < max ? size_hint + 1 : 65536, n = 0;
    char *buf = xmalloc(cap);
    while (n < max) {
        if (n + 1 >= cap)
            buf = xrealloc(buf, cap *= 2);
        size_t want = cap - 1 - n < max - n ? cap - 1 - n : max - n;
        ssize_t got = read(fd, buf + n, want);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int saved = errno;
            free(buf);
            errno = saved;
            return NULL;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

char *fileio_read_fd(int fd, size_t size_hint, size_t *len)
{
    return fileio_read_fd_max(fd, size_hint, SIZE_MAX - 1, len);
}

char *fileio_read_stream(FILE *in, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *buf = xmalloc(cap);
    int err = 0;
    for (;;) {
        if (n + 1 >= cap)
            buf = xrealloc(buf, cap *= 2);
        errno = 0;
        size_t got = fread(buf + n, 1, cap - 1 - n, in);
        err = errno;
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(in)) {
        free(buf);
        errno = err ? err : EIO;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

int fileio_write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = EIO;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int fileio_sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    /* Some file systems cannot sync a directory; the rename stands there. */
    if (rc != 0 && (errno == EINVAL || errno == EBADF))
        rc = 0;
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

/* fileio_sync_dir of the directory holding path. */
static int sync_parent(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
    int rc = fileio_sync_dir(dir);
    int saved = errno;
    free(dir);
    errno = saved;
    return rc;
}

static int fail(const char **step, const char *what, const char *tmp)
{
    int saved = errno;
    if (tmp)
        unlink(tmp);
    if (step)
        *step = what;
    errno = saved;
    return -1;
}

/* The mode a replacement keeps: the old file's, else what open(2) gives. */
static mode_t replaced_mode(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0)
        return st.st_mode & 07777;
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

/* Writes, syncs and closes the temporary fd; its failure is the "write" step. */
static int write_temp(int fd, fileio_writer write_cb, void *ctx)
{
    if (write_cb(fd, ctx) != 0 || fsync(fd) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return close(fd);
}

static int replace_via(const char *path, char *tmp, const fileio_opts *o, fileio_writer write_cb,
                       void *ctx, const char **step)
{
    int fd = mkstemp(tmp);
    if (fd < 0)
        return fail(step, "create", NULL);
    if (o->keep_mode && fchmod(fd, replaced_mode(path)) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return fail(step, "mode", tmp);
    }
    if (write_temp(fd, write_cb, ctx) != 0)
        return fail(step, "write", tmp);
    if (o->before_rename)
        o->before_rename(tmp);
    if (rename(tmp, path) != 0)
        return fail(step, "rename", tmp);
    if (sync_parent(path) != 0)
        return fail(step, "sync", NULL);
    return 0;
}

int fileio_replace_with(const char *path, const fileio_opts *opts, fileio_writer write_cb,
                        void *ctx, const char **step)
{
    static const fileio_opts none;
    const fileio_opts *o = opts ? opts : &none;
    if (o->tmp)
        return replace_via(path, o->tmp, o, write_cb, ctx, step);
    size_t n = strlen(path);
    char *tmp = xmalloc(n + sizeof ".tmp.XXXXXX");
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".tmp.XXXXXX", sizeof ".tmp.XXXXXX");
    int rc = replace_via(path, tmp, o, write_cb, ctx, step);
    int saved = errno;
    free(tmp);
    errno = saved;
    return rc;
}

int fileio_replace(const char *path, fileio_writer write_cb, void *ctx, const char **step)
{
    return fileio_replace_with(path, NULL, write_cb, ctx, step);
}

struct bytes {
    const void *buf;
    size_t n;
};

static int write_bytes(int fd, void *ctx)
{
    const struct bytes *b = ctx;
    return fileio_write_all(fd, b->buf, b->n);
}

int fileio_replace_bytes_with(const char *path, const fileio_opts *opts, const void *buf, size_t n,
                              const char **step)
{
    struct bytes b = {buf, n};
    return fileio_replace_with(path, opts, write_bytes, &b, step);
}

int fileio_replace_bytes(const char *path, const void *buf, size_t n, const char **step)
{
    return fileio_replace_bytes_with(path, NULL, buf, n, step);
}
