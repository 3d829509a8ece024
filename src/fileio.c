/* fileio: whole-file reads and crash-safe replacement (see fileio.h). */
#include "paperdeck/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paperdeck/xalloc.h"

char *fileio_read_fd(int fd, size_t size_hint, size_t *len)
{
    size_t cap = size_hint ? size_hint + 1 : 65536, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap)
            buf = xrealloc(buf, cap *= 2);
        ssize_t got = read(fd, buf + n, cap - 1 - n);
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

char *fileio_read_stream(FILE *in, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap)
            buf = xrealloc(buf, cap *= 2);
        size_t got = fread(buf + n, 1, cap - 1 - n, in);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(in)) {
        free(buf);
        errno = EIO;
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

/* fsync of the directory holding path, so the rename itself is durable. */
static int sync_parent(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    if (!dir)
        return -1;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int saved = errno;
    close(fd);
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

int fileio_replace(const char *path, fileio_writer write_cb, void *ctx, const char **step)
{
    size_t n = strlen(path);
    char *tmp = xmalloc(n + sizeof ".tmp.XXXXXX");
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".tmp.XXXXXX", sizeof ".tmp.XXXXXX");
    int rc = -1;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        rc = fail(step, "create", NULL);
    } else if (write_cb(fd, ctx) != 0 || fsync(fd) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        rc = fail(step, "write", tmp);
    } else if (close(fd) != 0) {
        rc = fail(step, "write", tmp);
    } else if (rename(tmp, path) != 0) {
        rc = fail(step, "rename", tmp);
    } else if (sync_parent(path) != 0) {
        rc = fail(step, "sync", NULL);
    } else {
        rc = 0;
    }
    free(tmp);
    return rc;
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

int fileio_replace_bytes(const char *path, const void *buf, size_t n, const char **step)
{
    struct bytes b = {buf, n};
    return fileio_replace(path, write_bytes, &b, step);
}
