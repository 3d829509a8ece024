/* fetch: the browser's background fetch of arXiv records (f: the selected
 * entry, F: every entry in view). A thread of its own runs arxiv_fetch on
 * a store of its own, saved to disk after each batch; the loop polls it and,
 * once it is done, loads the store again and shows the records. The UI never
 * waits on the network. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "paperdeck/arxiv_fetch.h"
#include "paperdeck/xalloc.h"

struct ui_fetch {
    pthread_t thread;
    char path[4096];
    char **ids;
    size_t n;
    atomic_bool cancel, done;
    atomic_size_t progress, failures;
    pthread_mutex_t lock;
    char first_failure[400]; /* under lock */
    size_t shown;            /* the progress the bottom line shows */
};

static void on_progress(void *ctx, size_t done, size_t total)
{
    ui_fetch *f = ctx;
    (void)total;
    atomic_store(&f->progress, done);
}

static void on_failure(void *ctx, const char *line)
{
    ui_fetch *f = ctx;
    pthread_mutex_lock(&f->lock);
    if (!f->first_failure[0])
        snprintf(f->first_failure, sizeof f->first_failure, "%s", line);
    pthread_mutex_unlock(&f->lock);
}

static void *fetch_thread(void *arg)
{
    ui_fetch *f = arg;
    arxiv_store *s = arxiv_store_new();
    char err[400];
    if (arxiv_store_load(s, f->path, err, sizeof err) != 0) {
        on_failure(f, err);
        atomic_store(&f->failures, f->n);
    } else {
        arxiv_fetch_opts o = {on_progress, on_failure, f, &f->cancel};
        atomic_store(&f->failures, arxiv_fetch(s, f->path, f->ids, f->n, &o));
    }
    arxiv_store_free(s);
    atomic_store(&f->done, true);
    return NULL;
}

static void fetch_free(ui_fetch *f)
{
    arxiv_ids_free(f->ids, f->n);
    pthread_mutex_destroy(&f->lock);
    free(f);
}

unsigned fetch_start(app *a, bool all_in_view)
{
    if (a->fetch) {
        app_message(a, false, "already fetching arXiv records: %zu/%zu done",
                    atomic_load(&a->fetch->progress), a->fetch->n);
        return 0;
    }
    if (!a->records) {
        app_message(a, true, "no place for arXiv records (neither XDG_CACHE_HOME nor HOME)");
        return 0;
    }
    const entry *sel = app_selected(a);
    const catalog *c = a->b.cat;
    uint32_t one = sel ? (uint32_t)(sel - c->entries) : 0;
    size_t n;
    /* f asks for the one entry again even when its record is fresh */
    char **ids = all_in_view ? arxiv_ids_to_fetch(c, a->b.shown.ids, a->b.shown.n, a->records,
                                                  (int64_t)time(NULL), &n)
                             : arxiv_ids_to_fetch(c, &one, sel ? 1 : 0, NULL, 0, &n);
    if (n == 0) {
        arxiv_ids_free(ids, n);
        app_message(a, false,
                    all_in_view ? "every entry in view has its arXiv record"
                                : "this entry has no arXiv id");
        return 0;
    }
    ui_fetch *f = xcalloc(1, sizeof *f);
    f->ids = ids;
    f->n = n;
    pthread_mutex_init(&f->lock, NULL);
    if (!arxiv_store_path(f->path, sizeof f->path)
        || pthread_create(&f->thread, NULL, fetch_thread, f) != 0) {
        fetch_free(f);
        app_message(a, true, "cannot start fetching arXiv records");
        return 0;
    }
    a->fetch = f;
    app_message(a, false, "fetching %zu arXiv record%s in the background...", n, n == 1 ? "" : "s");
    return DIRTY_BOTTOM;
}

/* Shows the records fetched: the store again from disk. */
static void take_records(app *a, const char *path)
{
    char err[400];
    if (arxiv_store_load(a->records, path, err, sizeof err) != 0)
        app_message(a, true, "%s", err);
    index_set_records(a->b.ix, a->records);
    a->s.dirty |= app_refilter(a) | DIRTY_DETAIL;
}

void fetch_poll(app *a)
{
    ui_fetch *f = a->fetch;
    if (!f)
        return;
    size_t done = atomic_load(&f->progress);
    if (!atomic_load(&f->done)) {
        if (done != f->shown && done < f->n)
            app_message(a, false, "fetching arXiv records: %zu/%zu done", done, f->n);
        f->shown = done;
        return;
    }
    pthread_join(f->thread, NULL);
    a->fetch = NULL;
    take_records(a, f->path);
    size_t failures = atomic_load(&f->failures);
    if (failures)
        app_message(a, true, "arXiv: %zu of %zu not fetched: %s", failures, f->n, f->first_failure);
    else
        app_message(a, false, "fetched %zu arXiv record%s", f->n, f->n == 1 ? "" : "s");
    fetch_free(f);
}

bool fetch_running(const app *a)
{
    return a->fetch != NULL;
}

void fetch_stop(app *a)
{
    ui_fetch *f = a->fetch;
    if (!f)
        return;
    atomic_store(&f->cancel, true);
    pthread_join(f->thread, NULL);
    a->fetch = NULL;
    fetch_free(f);
}
