/* arxiv_fetch: fetching arXiv records through the arXiv API, as its terms of
 * use ask: ids in batches of up to ARXIV_BATCH, at most one request every
 * ARXIV_PACE_MS and one connection at a time, for every thread and every
 * paperdeck process of the user (a mutex and a lock file next to the store,
 * PATH.pace, holding when the last request ended, held across the pause
 * and the request), 429 and 503 answers waited out
 * (Retry-After, at least the pace) and retried ARXIV_RETRIES times. Runs
 * only when the user asks (paperdeck fetch, the browser's fetch key). */
#ifndef PAPERDECK_ARXIV_FETCH_H
#define PAPERDECK_ARXIV_FETCH_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "paperdeck/arxiv_store.h"
#include "paperdeck/catalog.h"

#define ARXIV_BATCH 100
#define ARXIV_PACE_MS 3000
#define ARXIV_RETRIES 3
#define ARXIV_MAX_WAIT_S 120 /* a longer Retry-After fails the batch instead */
#define ARXIV_DEFAULT_URL "https://export.arxiv.org/api/query"

typedef struct arxiv_fetch_opts {
    /* Called after each batch (and once before the first): how many ids
     * are done (stored or failed) of total. May be NULL. */
    void (*progress)(void *ctx, size_t done, size_t total);
    /* Called once per failure with a one-line reason ("2006.16236: ..."
     * for one id, "arXiv request for N ids (A ... B): ..." for a batch).
     * May be NULL. */
    void (*fail)(void *ctx, const char *line);
    void *ctx;
    atomic_bool *cancel; /* NULL, or set by another thread: stop before the
                            next request or pause */
} arxiv_fetch_opts;

/* The API endpoint: $PAPERDECK_ARXIV_URL, else ARXIV_DEFAULT_URL. */
const char *arxiv_fetch_url(void);

/* The distinct base ids of entries ids[0..n) of c (ids NULL: every entry)
 * that have no record in s fresh at now. Heap array of heap strings, in
 * entry order; *count gets their number. Free with arxiv_ids_free. */
char **arxiv_ids_to_fetch(const catalog *c, const uint32_t *ids, uint32_t n, const arxiv_store *s,
                          int64_t now, size_t *count);
void arxiv_ids_free(char **ids, size_t n);

/* Fetches the records of ids[0..n) into s, saving s to path after every
 * batch that brought records (so a kill keeps what was fetched, and a
 * failure never touches what is stored). Returns the number of failures
 * (0: every id stored); a cancelled fetch counts the ids it did not get
 * as one failure. */
size_t arxiv_fetch(arxiv_store *s, const char *path, char *const *ids, size_t n,
                   const arxiv_fetch_opts *o);

#endif
