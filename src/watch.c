/* watch: file change notification; see watch.h. */
#include "paperdeck/watch.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifdef __linux__
#include <sys/inotify.h>
#endif

#include "paperdeck/xalloc.h"

#define STAT_INTERVAL_NS 500000000LL

typedef struct watched {
    char *path;
    const char *base; /* the name within its directory */
    int wd;           /* inotify watch of the directory, -1 if none */
    struct stat st;   /* last seen (stat method) */
    bool exists;
} watched;

struct watch {
    watched *files;
    int n;
    int fd; /* inotify, or -1 */
    int64_t next_stat;
};

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static char *dup_n(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static void take_stat(watched *f)
{
    f->exists = stat(f->path, &f->st) == 0;
}

static bool stat_differs(const watched *f)
{
    struct stat st;
    bool exists = stat(f->path, &st) == 0;
    if (exists != f->exists)
        return true;
    if (!exists)
        return false;
    return st.st_ino != f->st.st_ino || st.st_dev != f->st.st_dev || st.st_size != f->st.st_size
        || st.st_mtim.tv_sec != f->st.st_mtim.tv_sec || st.st_mtim.tv_nsec != f->st.st_mtim.tv_nsec;
}

#ifdef __linux__
static void start_inotify(watch *w)
{
    w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (w->fd < 0)
        return;
    const uint32_t mask = IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE
                        | IN_DELETE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF;
    for (int i = 0; i < w->n; i++) {
        watched *f = &w->files[i];
        const char *slash = strrchr(f->path, '/');
        char *dir = slash ? dup_n(f->path, slash == f->path ? 1 : (size_t)(slash - f->path))
                          : dup_n(".", 1);
        f->wd = inotify_add_watch(w->fd, dir, mask);
        free(dir);
        if (f->wd < 0) { /* one directory we cannot watch: stat for all */
            close(w->fd);
            w->fd = -1;
            return;
        }
    }
}

/* Reads every pending event; true when one is about a watched name. */
static bool drain_inotify(watch *w)
{
    char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
    bool changed = false;
    for (;;) {
        ssize_t len = read(w->fd, buf, sizeof buf);
        if (len <= 0) {
            if (len < 0 && errno == EINTR)
                continue;
            break;
        }
        for (char *p = buf; p < buf + len;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            if (ev->mask & (IN_Q_OVERFLOW | IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED))
                changed = true;
            for (int i = 0; i < w->n && !changed; i++)
                changed = w->files[i].wd == ev->wd && ev->len
                       && strcmp(ev->name, w->files[i].base) == 0;
            p += sizeof *ev + ev->len;
        }
    }
    return changed;
}
#endif

watch *watch_new(const char *const *paths, int n)
{
    watch *w = xcalloc(1, sizeof *w);
    w->fd = -1;
    w->files = xcalloc((size_t)(n > 0 ? n : 1), sizeof *w->files);
    for (int i = 0; i < n; i++) {
        if (strcmp(paths[i], "-") == 0)
            continue;
        watched *f = &w->files[w->n++];
        f->path = dup_n(paths[i], strlen(paths[i]));
        const char *slash = strrchr(f->path, '/');
        f->base = slash ? slash + 1 : f->path;
        f->wd = -1;
        take_stat(f);
    }
#ifdef __linux__
    if (w->n > 0 && !getenv("PAPERDECK_WATCH_STAT"))
        start_inotify(w);
#endif
    w->next_stat = now_ns() + STAT_INTERVAL_NS;
    return w;
}

void watch_free(watch *w)
{
    if (!w)
        return;
    if (w->fd >= 0)
        close(w->fd);
    for (int i = 0; i < w->n; i++)
        free(w->files[i].path);
    free(w->files);
    free(w);
}

int watch_fd(const watch *w)
{
    return w->fd;
}

const char *watch_method(const watch *w)
{
    return w->fd >= 0 ? "inotify" : "stat";
}

bool watch_changed(watch *w)
{
#ifdef __linux__
    if (w->fd >= 0)
        return drain_inotify(w);
#endif
    int64_t now = now_ns();
    if (now < w->next_stat)
        return false;
    w->next_stat = now + STAT_INTERVAL_NS;
    bool changed = false;
    for (int i = 0; i < w->n; i++) {
        if (stat_differs(&w->files[i])) {
            take_stat(&w->files[i]);
            changed = true;
        }
    }
    return changed;
}
