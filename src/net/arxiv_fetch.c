/* arxiv_fetch: batches of ids through the arXiv API, paced for every
 * thread and process, into the record store. */
#include "paperdeck/arxiv_fetch.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "paperdeck/array.h"
#include "paperdeck/errbuf.h"
#include "paperdeck/hashslots.h"
#include "paperdeck/http.h"
#include "paperdeck/xalloc.h"

/* One connection at a time and the pause between requests, for every
 * thread of the process (the browser's background fetch and anything
 * else). */
static pthread_mutex_t pace_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t last_request_ms; /* when the last request ended, 0: none yet */

static int64_t clock_now_ms(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t now_ms(void)
{
    return clock_now_ms(CLOCK_MONOTONIC);
}

static bool cancelled(const arxiv_fetch_opts *o)
{
    return o->cancel && atomic_load(o->cancel);
}

static void nap(int64_t ms)
{
    struct timespec ts = {0, (long)(ms < 100 ? ms : 100) * 1000000L};
    nanosleep(&ts, NULL);
}

/* The other paperdecks: the lock file PATH.pace, locked across the pause
 * and the request, holds when the last request ended (ms since the epoch).
 * Without it (it cannot be made) only this process is paced. */
typedef struct pacer {
    int fd;        /* -1: none */
    int64_t stamp; /* the file's time, 0: none */
} pacer;

/* Takes the lock (waiting for another paperdeck's request); false when
 * cancelled meanwhile. */
static bool pacer_take(pacer *p, const char *store_path, const arxiv_fetch_opts *o)
{
    char path[4200], buf[32];
    snprintf(path, sizeof path, "%s.pace", store_path);
    p->stamp = 0;
    p->fd = arxiv_store_make_dir(store_path, NULL, 0) == 0
              ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)
              : -1;
    while (p->fd >= 0 && flock(p->fd, LOCK_EX | LOCK_NB) != 0) {
        if ((errno != EWOULDBLOCK && errno != EINTR) || cancelled(o)) {
            close(p->fd);
            p->fd = -1;
            return !cancelled(o);
        }
        nap(100);
    }
    ssize_t n = p->fd >= 0 ? pread(p->fd, buf, sizeof buf - 1, 0) : -1;
    if (n > 0) {
        buf[n] = '\0';
        p->stamp = strtoll(buf, NULL, 10);
    }
    return true;
}

/* Records that a request ended now, and lets the others go. */
static void pacer_release(pacer *p)
{
    if (p->fd < 0)
        return;
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%lld\n", (long long)clock_now_ms(CLOCK_REALTIME));
    /* pacing the next process is best effort: a failed write only loses
     * the stamp */
    if (ftruncate(p->fd, 0) == 0 && pwrite(p->fd, buf, (size_t)n, 0) != n)
        p->stamp = 0;
    close(p->fd); /* drops the lock */
    p->fd = -1;
}

/* Sleeps until ms after the last request of this process and of the
 * others (p's stamp; one from the future, a clock set back, counts as
 * now), in short steps so a cancel is seen; false when cancelled. */
static bool wait_after_last(const arxiv_fetch_opts *o, const pacer *p, int64_t ms)
{
    int64_t real_now = clock_now_ms(CLOCK_REALTIME);
    int64_t until_real = p->stamp ? p->stamp + ms : 0;
    if (until_real > real_now + ms)
        until_real = real_now + ms;
    int64_t until = now_ms() + (until_real > real_now ? until_real - real_now : 0);
    if (last_request_ms && last_request_ms + ms > until)
        until = last_request_ms + ms;
    for (;;) {
        if (cancelled(o))
            return false;
        int64_t left = until - now_ms();
        if (left <= 0)
            return true;
        nap(left);
    }
}

const char *arxiv_fetch_url(void)
{
    return http_base_url("PAPERDECK_ARXIV_URL", ARXIV_DEFAULT_URL);
}

static uint32_t id_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

char **arxiv_ids_to_fetch(const catalog *c, const uint32_t *ids, uint32_t n, const arxiv_store *s,
                          int64_t now, size_t *count)
{
    char **out = NULL;
    size_t k = 0, cap = 0;
    hash_slots seen = {0}; /* out's ids: a list's 100k ids are not compared pairwise */
    for (uint32_t i = 0; i < (ids ? n : c->nentries); i++) {
        const entry *e = &c->entries[ids ? ids[i] : i];
        if (!e->arxiv)
            continue;
        const arxiv_record *r = arxiv_store_get(s, e->arxiv);
        if (r && arxiv_store_fresh(r, now))
            continue;
        size_t len = arxiv_base_len(e->arxiv);
        uint32_t h = id_hash(e->arxiv, len);
        hash_slots_reserve(&seen);
        size_t j = hash_slots_home(&seen, h);
        for (; seen.v[j].rec; j = hash_slots_next(&seen, j)) {
            /* a slot in use names a record of out: the analyzer cannot tie the two */
            /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
            const char *o = out[seen.v[j].rec - 1];
            if (seen.v[j].hash == h && strlen(o) == len && memcmp(o, e->arxiv, len) == 0)
                break;
        }
        if (seen.v[j].rec)
            continue;
        ARRAY_RESERVE(out, cap, k + 1);
        out[k++] = xstrndup(e->arxiv, len);
        hash_slots_put(&seen, j, h, (uint32_t)k);
    }
    hash_slots_free(&seen);
    *count = k;
    return out;
}

void arxiv_ids_free(char **ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
}

typedef struct batch {
    char *const *ids;
    size_t n;
    const arxiv_fetch_opts *o;
    size_t failures;
} batch;

static void failed(batch *b, const char *fmt, const char *a, const char *c)
{
    char line[600];
    errf(line, sizeof line, fmt, a, c); /* cut at a whole character: c may be arXiv's text */
    if (b->o->fail)
        b->o->fail(b->o->ctx, line);
    b->failures++;
}

/* A batch's failure: one line naming its ids. */
static void batch_failed(batch *b, const char *why)
{
    char what[200];
    if (b->n == 1)
        snprintf(what, sizeof what, "%s", b->ids[0]);
    else
        snprintf(what, sizeof what, "arXiv request for %zu ids (%s ... %s)", b->n, b->ids[0],
                 b->ids[b->n - 1]);
    failed(b, "%s: %s", what, why);
}

/* The GET of url, with 429 and 503 waited out and retried. The mutex is
 * held. 0 with resp filled, or -1 with why set (resp freed). */
static int get_paced(const batch *b, const char *path, const char *url, http_response *resp,
                     char *why, size_t size)
{
    http_request req = {.url = url, .cancel = b->o->cancel};
    int64_t wait_ms = ARXIV_PACE_MS;
    for (int attempt = 0;; attempt++) {
        pacer p;
        if (!pacer_take(&p, path, b->o) || !wait_after_last(b->o, &p, wait_ms)) {
            pacer_release(&p);
            snprintf(why, size, "cancelled");
            return -1;
        }
        memset(resp, 0, sizeof *resp);
        int rc = http_get(&req, resp, why, size);
        last_request_ms = now_ms();
        pacer_release(&p);
        if (rc == 0)
            return 0;
        long status = resp->status, after = resp->retry_after_s;
        http_response_free(resp);
        if ((status != 429 && status != 503) || attempt == ARXIV_RETRIES)
            return -1;
        if (after > ARXIV_MAX_WAIT_S)
            return -1; /* why already says how long arXiv asked to wait */
        wait_ms = after * 1000 > ARXIV_PACE_MS ? after * 1000 : ARXIV_PACE_MS;
    }
}

/* The ids of b that the feed did not bring, each with arXiv's error for
 * it when it gave one. */
static void report_missing(batch *b, const arxiv_feed *f)
{
    for (size_t i = 0; i < b->n; i++) {
        bool got = false;
        for (size_t k = 0; k < f->n && !got; k++)
            got = strcmp(f->recs[k].id, b->ids[i]) == 0;
        if (got)
            continue;
        const char *why = "arXiv has no record of it";
        for (size_t k = 0; k < f->nerrors; k++) {
            if (strstr(f->errors[k], b->ids[i]))
                why = f->errors[k];
        }
        failed(b, "%s: %s", b->ids[i], why);
    }
}

static void fetch_batch(batch *b, arxiv_store *s, const char *path)
{
    strbuf url = {0};
    char num[32];
    strbuf_puts(&url, arxiv_fetch_url());
    strbuf_puts(&url, strchr(url.s, '?') ? "&id_list=" : "?id_list=");
    for (size_t i = 0; i < b->n; i++) {
        if (i)
            strbuf_puts(&url, ",");
        strbuf_puts(&url, b->ids[i]);
    }
    snprintf(num, sizeof num, "&max_results=%zu", b->n);
    strbuf_puts(&url, num);
    http_response resp;
    char why[400];
    pthread_mutex_lock(&pace_lock);
    int rc = get_paced(b, path, url.s, &resp, why, sizeof why);
    pthread_mutex_unlock(&pace_lock);
    free(url.s);
    if (rc != 0) {
        batch_failed(b, why);
        return;
    }
    arxiv_feed f;
    rc = arxiv_atom_parse(resp.body, resp.len, (int64_t)time(NULL), &f, why, sizeof why);
    http_response_free(&resp);
    if (rc != 0) {
        batch_failed(b, why);
        return;
    }
    report_missing(b, &f);
    size_t got = f.n;
    for (size_t k = 0; k < f.n; k++)
        arxiv_store_put(s, &f.recs[k]);
    arxiv_feed_free(&f);
    if (got && arxiv_store_save(s, path, why, sizeof why) != 0)
        batch_failed(b, why);
}

size_t arxiv_fetch(arxiv_store *s, const char *path, char *const *ids, size_t n,
                   const arxiv_fetch_opts *o)
{
    size_t failures = 0;
    if (o->progress)
        o->progress(o->ctx, 0, n);
    for (size_t at = 0; at < n; at += ARXIV_BATCH) {
        batch b = {ids + at, n - at < ARXIV_BATCH ? n - at : ARXIV_BATCH, o, 0};
        if (cancelled(o)) {
            b.n = n - at;
            batch_failed(&b, "cancelled");
            return failures + b.failures;
        }
        fetch_batch(&b, s, path);
        failures += b.failures;
        if (o->progress)
            o->progress(o->ctx, at + b.n, n);
    }
    return failures;
}
