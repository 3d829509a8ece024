/* arxiv_fetch: batches of ids through the arXiv API, paced for the whole
 * process, into the record store. */
#include "paperdeck/arxiv_fetch.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "paperdeck/array.h"
#include "paperdeck/http.h"
#include "paperdeck/xalloc.h"

/* One connection at a time and the pause between requests, for every
 * thread of the process (the browser's background fetch and anything
 * else). */
static pthread_mutex_t pace_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t last_request_ms; /* when the last request ended, 0: none yet */

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool cancelled(const arxiv_fetch_opts *o)
{
    return o->cancel && atomic_load(o->cancel);
}

/* Sleeps until ms after the last request, in short steps so a cancel is
 * seen; false when cancelled. */
static bool wait_after_last(const arxiv_fetch_opts *o, int64_t ms)
{
    for (;;) {
        if (cancelled(o))
            return false;
        int64_t left = last_request_ms ? last_request_ms + ms - now_ms() : 0;
        if (left <= 0)
            return true;
        struct timespec ts = {0, (long)(left < 100 ? left : 100) * 1000000L};
        nanosleep(&ts, NULL);
    }
}

const char *arxiv_fetch_url(void)
{
    return http_base_url("PAPERDECK_ARXIV_URL", ARXIV_DEFAULT_URL);
}

char **arxiv_ids_to_fetch(const catalog *c, const uint32_t *ids, uint32_t n, const arxiv_store *s,
                          int64_t now, size_t *count)
{
    char **out = NULL;
    size_t k = 0, cap = 0;
    for (uint32_t i = 0; i < (ids ? n : c->nentries); i++) {
        const entry *e = &c->entries[ids ? ids[i] : i];
        if (!e->arxiv)
            continue;
        const arxiv_record *r = arxiv_store_get(s, e->arxiv);
        if (r && arxiv_store_fresh(r, now))
            continue;
        size_t len = arxiv_base_len(e->arxiv);
        bool seen = false;
        for (size_t j = 0; j < k && !seen; j++)
            seen = strlen(out[j]) == len && memcmp(out[j], e->arxiv, len) == 0;
        if (seen)
            continue;
        ARRAY_RESERVE(out, cap, k + 1);
        out[k++] = xstrndup(e->arxiv, len);
    }
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
    snprintf(line, sizeof line, fmt, a, c);
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

/* The GET of url, with 429 and 503 waited out and retried. The lock is
 * held. 0 with resp filled, or -1 with why set (resp freed). */
static int get_paced(const batch *b, const char *url, http_response *resp, char *why, size_t size)
{
    http_request req = {.url = url};
    int64_t wait_ms = ARXIV_PACE_MS;
    for (int attempt = 0;; attempt++) {
        if (!wait_after_last(b->o, wait_ms)) {
            snprintf(why, size, "cancelled");
            return -1;
        }
        memset(resp, 0, sizeof *resp);
        int rc = http_get(&req, resp, why, size);
        last_request_ms = now_ms();
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
    int rc = get_paced(b, url.s, &resp, why, sizeof why);
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
