/* fetch: the arXiv records of the lists' entries (those with an arXiv id and
 * no record younger than 30 days), through the arXiv API, into the record
 * store; see arxiv_fetch.h for the pacing. */
#include "cmd.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "paperdeck/arxiv_fetch.h"

typedef struct fetch_ui {
    bool bar; /* stderr is a terminal: a progress bar */
    struct timespec start;
} fetch_ui;

static double seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* [#####.....] done/total ETA m:ss, redrawn in place. */
static void show_progress(void *ctx, size_t done, size_t total)
{
    fetch_ui *u = ctx;
    if (!u->bar || total == 0)
        return;
    enum { WIDTH = 30 };
    size_t fill = done * WIDTH / total;
    char bar[WIDTH + 1];
    for (size_t i = 0; i < WIDTH; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[WIDTH] = '\0';
    /* Each batch takes at least the pace: what is left is at least that. */
    size_t left_batches = (total - done + ARXIV_BATCH - 1) / ARXIV_BATCH;
    double per = done ? seconds_since(&u->start) / (double)done * ARXIV_BATCH : 0;
    if (per < ARXIV_PACE_MS / 1000.0)
        per = ARXIV_PACE_MS / 1000.0;
    long eta = (long)(per * (double)left_batches + 0.5);
    fprintf(stderr, "\r[%s] %zu/%zu  ETA %ld:%02ld ", bar, done, total, eta / 60, eta % 60);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

static void show_failure(void *ctx, const char *line)
{
    fetch_ui *u = ctx;
    fprintf(stderr, "%spaperdeck: fetch: %s\n", u->bar ? "\r\033[K" : "", line);
}

/* The entries to fetch for: the whole lists, or what -q and -c leave. */
static int pick_entries(const cmd_args *a, paper_index *ix, view *v)
{
    int32_t sec = -1;
    if (a->section && !cmd_find_section(index_catalog(ix), a->section, &sec))
        return -1;
    query *q = cmd_compile_query(a);
    if (!q)
        return -1;
    query_error err;
    int rc = index_filter(ix, q, sec, v, &err);
    if (rc != 0)
        fprintf(stderr, "paperdeck: %s\n", err.msg);
    query_free(q);
    return rc;
}

int cmd_fetch_records(const cmd_args *a, paper_index *ix)
{
    char path[4096], msg[600];
    if (!arxiv_store_path(path, sizeof path)) {
        fprintf(stderr, "paperdeck: fetch: no place for the records (neither XDG_CACHE_HOME"
                        " nor HOME is set)\n");
        return EXIT_USAGE;
    }
    arxiv_store *s = arxiv_store_new();
    if (arxiv_store_load(s, path, msg, sizeof msg) != 0) {
        fprintf(stderr, "paperdeck: fetch: %s\n", msg);
        arxiv_store_free(s);
        return EXIT_USAGE;
    }
    view v;
    view_init(&v);
    int status = EXIT_USAGE;
    if (pick_entries(a, ix, &v) == 0) {
        size_t n;
        char **ids = arxiv_ids_to_fetch(index_catalog(ix), v.ids, v.n, s, (int64_t)time(NULL), &n);
        fetch_ui u = {.bar = isatty(STDERR_FILENO) && n > 0};
        clock_gettime(CLOCK_MONOTONIC, &u.start);
        arxiv_fetch_opts o = {.progress = show_progress, .fail = show_failure, .ctx = &u};
        size_t failures = n ? arxiv_fetch(s, path, ids, n, &o) : 0;
        printf("%zu to fetch, %zu failed; %zu records in %s\n", n, failures, arxiv_store_count(s),
               path);
        status = failures ? EXIT_NO_MATCH : EXIT_OK;
        arxiv_ids_free(ids, n);
    }
    view_free(&v);
    arxiv_store_free(s);
    return status;
}

static int fetch_exec(cmd_args *a)
{
    return cmd_run_on_lists(a, cmd_fetch_records);
}

CMD_ENTRY(fetch, "fetch [OPTIONS] [FILE...]", "fetch the entries' arXiv records (abstracts...)",
          CMD_OPT(CMD_OPT_QUERY) | CMD_OPT(CMD_OPT_SECTION) | CMD_OPT(CMD_OPT_LIST_FILES));
