/* remote_bg: fetching the remote lists the browser shows, on a thread; see
 * remote.h. The thread only fetches (files are its only output); the
 * browser sees a new copy through its watch, as any changed list. */
#include "paperdeck/remote.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paperdeck/xalloc.h"

typedef struct bg_list {
    char *name;
    bool failed;     /* its last fetch failed */
    int64_t fetched; /* its copy's time, for the note */
    char err[512];
    remote_result res;
} bg_list;

struct remote_bg {
    bg_list *lists;
    int n;
    atomic_bool cancel;   /* set by remote_bg_free: the fetch under way stops */
    pthread_mutex_t lock; /* the fields below */
    pthread_cond_t idle;  /* signalled when busy turns false */
    pthread_t thread;
    bool busy, ended;
    unsigned flags;
};

remote_bg *remote_bg_new(const char *const *names, int n)
{
    remote_bg *b = xcalloc(1, sizeof *b);
    b->lists = xcalloc((size_t)(n > 0 ? n : 1), sizeof *b->lists);
    for (int i = 0; i < n; i++)
        if (remote_is_name(names[i]))
            b->lists[b->n++].name = xstrdup(names[i]);
    if (b->n == 0) {
        free(b->lists);
        free(b);
        return NULL;
    }
    pthread_mutex_init(&b->lock, NULL);
    pthread_cond_init(&b->idle, NULL);
    return b;
}

static void bg_destroy(remote_bg *b)
{
    for (int i = 0; i < b->n; i++)
        free(b->lists[i].name);
    free(b->lists);
    pthread_mutex_destroy(&b->lock);
    pthread_cond_destroy(&b->idle);
    free(b);
}

static void *bg_run(void *arg)
{
    remote_bg *b = arg;
    for (int i = 0; i < b->n && !atomic_load(&b->cancel); i++) {
        bg_list *l = &b->lists[i];
        char err[sizeof l->err];
        remote_result res;
        remote_info info;
        bool failed = remote_fetch(l->name, b->flags, &b->cancel, &res, err, sizeof err) != 0;
        char scratch[256];
        bool known = remote_info_of(l->name, &info, scratch, sizeof scratch) == 0;
        pthread_mutex_lock(&b->lock);
        l->failed = failed;
        l->res = res;
        l->fetched = known ? info.fetched : 0;
        if (failed)
            memcpy(l->err, err, sizeof err);
        pthread_mutex_unlock(&b->lock);
    }
    pthread_mutex_lock(&b->lock);
    b->busy = false;
    b->ended = true;
    pthread_cond_signal(&b->idle);
    pthread_mutex_unlock(&b->lock);
    return NULL;
}

bool remote_bg_start(remote_bg *b, unsigned flags)
{
    pthread_mutex_lock(&b->lock);
    bool start = !b->busy;
    if (start) {
        b->busy = true;
        b->ended = false;
        b->flags = flags;
        if (pthread_create(&b->thread, NULL, bg_run, b) != 0)
            start = b->busy = false;
        else
            pthread_detach(b->thread);
    }
    pthread_mutex_unlock(&b->lock);
    return start;
}

/* What a fetch of one list came to, for the bottom line. */
static void say_list(const bg_list *l, char *buf, size_t size)
{
    char age[32];
    remote_age_text(l->fetched, age, sizeof age);
    if (l->failed && l->fetched)
        snprintf(buf, size, "%s; showing the copy fetched %s ago", l->err, age);
    else if (l->failed)
        snprintf(buf, size, "%s", l->err);
    else if (l->res.changed)
        snprintf(buf, size, "%s: new version, %u entries, %u new", l->name, l->res.entries,
                 l->res.appeared);
    else
        snprintf(buf, size, "%s: up to date", l->name);
}

bool remote_bg_poll(remote_bg *b, char *msg, size_t size, bool *error)
{
    pthread_mutex_lock(&b->lock);
    bool ended = b->ended;
    b->ended = false;
    if (ended) {
        int failed = 0, first = -1;
        for (int i = 0; i < b->n; i++)
            if (b->lists[i].failed && failed++ == 0)
                first = i;
        say_list(&b->lists[first >= 0 ? first : 0], msg, size);
        size_t len = strlen(msg);
        if (failed > 1 && len < size)
            snprintf(msg + len, size - len, " (+%d more failed)", failed - 1);
        else if (b->n > 1 && !failed && len < size)
            snprintf(msg + len, size - len, " (and %d more)", b->n - 1);
        *error = failed > 0;
    }
    pthread_mutex_unlock(&b->lock);
    return ended;
}

void remote_bg_note(remote_bg *b, char *buf, size_t size)
{
    pthread_mutex_lock(&b->lock);
    int64_t oldest = 0;
    for (int i = 0; i < b->n; i++)
        if (b->lists[i].failed && b->lists[i].fetched && (!oldest || b->lists[i].fetched < oldest))
            oldest = b->lists[i].fetched;
    char age[32];
    remote_age_text(oldest, age, sizeof age);
    if (b->busy)
        snprintf(buf, size, "fetching");
    else if (oldest)
        snprintf(buf, size, "cached copy, %s old", age);
    else
        buf[0] = '\0';
    pthread_mutex_unlock(&b->lock);
}

/* A fetch under way is stopped and waited for (about a second at most:
 * http_request's cancel): left running, it would be inside libcurl and
 * OpenSSL while exit() tears them down. */
void remote_bg_free(remote_bg *b)
{
    if (!b)
        return;
    atomic_store(&b->cancel, true);
    pthread_mutex_lock(&b->lock);
    while (b->busy)
        pthread_cond_wait(&b->idle, &b->lock);
    pthread_mutex_unlock(&b->lock);
    bg_destroy(b);
}

const char *remote_watch_path(const char *name, char *buf, size_t size)
{
    remote_info info;
    char err[256];
    if (!remote_is_name(name) || remote_info_of(name, &info, err, sizeof err) != 0)
        return name;
    snprintf(buf, size, "%s", info.path);
    return buf;
}
