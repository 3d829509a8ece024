/* index: views over a catalog: filter, sort, section counts; see index.h.
 *
 * Sorting works on ranks: the first time a key is used, every entry of the
 * catalog is sorted once by that key and gets a dense rank (equal values,
 * equal rank). Sorting a view is then an integer sort of (missing, rank,
 * entry id) triples, which is fast, stable by construction (ties fall back to
 * the entry id, i.e. document order) and keeps "no value" last in either
 * direction. */
#include "index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arxiv.h"
#include "utf8.h"

#define RANK_MISSING UINT32_MAX

struct paper_index {
    const catalog *cat;
    uint32_t *ranks[SORT_KEY_COUNT]; /* per key, built on first use */
};

static const char *const sort_key_names[SORT_KEY_COUNT] = {
    "order", "title", "venue", "year", "date", "arxiv", "section", "score",
};

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("paperdeck: out of memory\n", stderr);
        abort();
    }
    return p;
}

const char *sort_key_name(sort_key k)
{
    return (unsigned)k < SORT_KEY_COUNT ? sort_key_names[k] : "?";
}

bool sort_key_parse(const char *s, sort_key *out)
{
    for (int k = 0; k < SORT_KEY_COUNT; k++) {
        if (strcmp(s, sort_key_names[k]) == 0) {
            *out = (sort_key)k;
            return true;
        }
    }
    return false;
}

paper_index *index_build(const catalog *c)
{
    paper_index *ix = xmalloc(sizeof *ix);
    memset(ix, 0, sizeof *ix);
    ix->cat = c;
    return ix;
}

void index_free(paper_index *ix)
{
    if (!ix)
        return;
    for (int k = 0; k < SORT_KEY_COUNT; k++)
        free(ix->ranks[k]);
    free(ix);
}

const catalog *index_catalog(const paper_index *ix)
{
    return ix->cat;
}

void view_init(view *v)
{
    memset(v, 0, sizeof *v);
}

void view_free(view *v)
{
    free(v->ids);
    free(v->scores);
    view_init(v);
}

static void view_reserve(view *v, uint32_t n)
{
    if (n <= v->cap)
        return;
    free(v->ids);
    free(v->scores);
    v->ids = xmalloc(n * sizeof *v->ids);
    v->scores = xmalloc(n * sizeof *v->scores);
    v->cap = n;
}

int index_filter(paper_index *ix, const query *q, int32_t scope, view *out,
                 query_error *err)
{
    const catalog *c = ix->cat;
    uint32_t begin = 0, end = c->nentries;
    if (scope >= 0 && (uint32_t)scope < c->nsections) {
        begin = c->sections[scope].entry_begin;
        end = c->sections[scope].entry_end;
    }
    view_reserve(out, end - begin);
    out->n = 0;
    bool everything = !q || query_is_empty(q);
    bool ranked = !everything && query_is_ranked(q);
    for (uint32_t i = begin; i < end; i++) {
        double score = 0;
        if (!everything) {
            query_result r = query_match(q, c, &c->entries[i], ranked ? &score : NULL, err);
            if (r == QUERY_FAILED)
                return -1;
            if (r == QUERY_NO_MATCH)
                continue;
        }
        out->ids[out->n] = i;
        out->scores[out->n] = score;
        out->n++;
    }
    return 0;
}

/* --- ranks -------------------------------------------------------------- */

/* Compares two strings after case and accent folding, code point by code
 * point; exact bytes break ties so distinct strings never compare equal. */
static int folded_cmp(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b), i = 0, j = 0;
    while (i < na && j < nb) {
        uint32_t ca, cb;
        i += utf8_decode(a + i, na - i, &ca);
        j += utf8_decode(b + j, nb - j, &cb);
        ca = utf8_fold(ca);
        cb = utf8_fold(cb);
        if (ca != cb)
            return ca < cb ? -1 : 1;
    }
    if (i < na || j < nb)
        return i < na ? 1 : -1;
    return strcmp(a, b);
}

static int cmp_str(const char *a, const char *b)
{
    return folded_cmp(a, b);
}

/* arXiv ids order by the month they encode, then by the id itself. */
static long arxiv_month(const char *id)
{
    int y, m;
    return arxiv_date(id, &y, &m) ? y * 12L + m : 0;
}

static const catalog *rank_cat;
static sort_key rank_key;

static bool entry_has(const entry *e, sort_key key)
{
    switch (key) {
    case SORT_VENUE: return e->venue != NULL;
    case SORT_YEAR: return e->year != 0;
    case SORT_DATE: return e->date != NULL;
    case SORT_ARXIV: return e->arxiv != NULL;
    default: return true;
    }
}

/* Orders two entries that both have a value for rank_key; 0 when equal. */
static int entry_cmp_value(const entry *a, const entry *b)
{
    switch (rank_key) {
    case SORT_TITLE: return cmp_str(a->title, b->title);
    case SORT_VENUE: return cmp_str(a->venue, b->venue);
    case SORT_YEAR: return (a->year > b->year) - (a->year < b->year);
    case SORT_DATE: return strcmp(a->date, b->date);
    case SORT_ARXIV: {
        long ma = arxiv_month(a->arxiv), mb = arxiv_month(b->arxiv);
        if (ma != mb)
            return ma < mb ? -1 : 1;
        return strcmp(a->arxiv, b->arxiv);
    }
    case SORT_SECTION: return (a->section > b->section) - (a->section < b->section);
    default: return 0;
    }
}

static int rank_cmp(const void *pa, const void *pb)
{
    uint32_t ia = *(const uint32_t *)pa, ib = *(const uint32_t *)pb;
    int r = entry_cmp_value(&rank_cat->entries[ia], &rank_cat->entries[ib]);
    return r ? r : (ia > ib) - (ia < ib);
}

/* Dense ranks of every entry for key; RANK_MISSING for entries without a
 * value. qsort is not reentrant-friendly, hence the file-scope comparator
 * state; ranks are built on the UI thread only. */
static const uint32_t *ranks_for(paper_index *ix, sort_key key)
{
    if (ix->ranks[key])
        return ix->ranks[key];
    const catalog *c = ix->cat;
    uint32_t *order = xmalloc(c->nentries * sizeof *order);
    uint32_t *ranks = xmalloc(c->nentries * sizeof *ranks);
    uint32_t n = 0;
    for (uint32_t i = 0; i < c->nentries; i++) {
        if (entry_has(&c->entries[i], key))
            order[n++] = i;
        else
            ranks[i] = RANK_MISSING;
    }
    rank_cat = c;
    rank_key = key;
    qsort(order, n, sizeof *order, rank_cmp);
    uint32_t rank = 0;
    for (uint32_t k = 0; k < n; k++) {
        if (k > 0 && entry_cmp_value(&c->entries[order[k - 1]], &c->entries[order[k]]) != 0)
            rank++;
        ranks[order[k]] = rank;
    }
    free(order);
    ix->ranks[key] = ranks;
    return ranks;
}

/* --- sorting a view ----------------------------------------------------- */

typedef struct sort_item {
    uint64_t key;
    uint32_t pos; /* position in the view before sorting */
} sort_item;

/* LSD radix sort on the 64-bit keys, a byte at a time, skipping bytes that
 * are the same in every key (most of them: ranks and ids are small). */
static void radix_sort(sort_item *items, sort_item *tmp, uint32_t n)
{
    uint64_t all_or = 0, all_and = ~(uint64_t)0;
    for (uint32_t i = 0; i < n; i++) {
        all_or |= items[i].key;
        all_and &= items[i].key;
    }
    uint64_t varying = all_or ^ all_and;
    for (int shift = 0; shift < 64; shift += 8) {
        if (!((varying >> shift) & 0xFF))
            continue;
        uint32_t count[257] = {0};
        for (uint32_t i = 0; i < n; i++)
            count[((items[i].key >> shift) & 0xFF) + 1]++;
        for (int b = 0; b < 256; b++)
            count[b + 1] += count[b];
        for (uint32_t i = 0; i < n; i++)
            tmp[count[(items[i].key >> shift) & 0xFF]++] = items[i];
        memcpy(items, tmp, n * sizeof *items);
    }
}

static const double *score_of;
static int score_sign; /* -1: best first */

/* By score, then by entry id (document order) in either direction. */
static int score_item_cmp(const void *pa, const void *pb)
{
    const sort_item *a = pa, *b = pb;
    double sa = score_of[a->pos], sb = score_of[b->pos];
    if (sa != sb)
        return sa < sb ? -score_sign : score_sign;
    return (a->key > b->key) - (a->key < b->key);
}

/* Applies the permutation items[k].pos to the view. */
static void view_permute(view *v, const sort_item *items)
{
    uint32_t *ids = xmalloc(v->n * sizeof *ids);
    double *scores = xmalloc(v->n * sizeof *scores);
    for (uint32_t k = 0; k < v->n; k++) {
        ids[k] = v->ids[items[k].pos];
        scores[k] = v->scores[items[k].pos];
    }
    memcpy(v->ids, ids, v->n * sizeof *ids);
    memcpy(v->scores, scores, v->n * sizeof *scores);
    free(ids);
    free(scores);
}

void index_sort(const paper_index *cix, view *v, sort_key key, bool descending)
{
    if (v->n < 2 || (unsigned)key >= SORT_KEY_COUNT)
        return;
    paper_index *ix = (paper_index *)cix; /* ranks are a cache, not state */
    sort_item *items = xmalloc(v->n * sizeof *items);
    if (key == SORT_SCORE) {
        /* Best first when descending; equal scores in document order. */
        for (uint32_t k = 0; k < v->n; k++)
            items[k] = (sort_item){.key = v->ids[k], .pos = k};
        score_of = v->scores;
        score_sign = descending ? -1 : 1;
        qsort(items, v->n, sizeof *items, score_item_cmp);
    } else {
        const uint32_t *ranks = key == SORT_ORDER ? NULL : ranks_for(ix, key);
        for (uint32_t k = 0; k < v->n; k++) {
            uint32_t id = v->ids[k];
            uint64_t missing = 0, rank = id;
            if (ranks) {
                rank = ranks[id];
                missing = rank == RANK_MISSING;
                if (missing)
                    rank = 0;
                else if (descending)
                    rank = 0x7FFFFFFFu - rank;
            } else if (descending) {
                rank = 0x7FFFFFFFu - rank;
            }
            items[k] = (sort_item){.key = missing << 63 | rank << 32 | id, .pos = k};
        }
        sort_item *tmp = xmalloc(v->n * sizeof *tmp);
        radix_sort(items, tmp, v->n);
        free(tmp);
    }
    view_permute(v, items);
    free(items);
}

void index_count_sections(const paper_index *ix, const view *v, uint32_t *counts)
{
    const catalog *c = ix->cat;
    memset(counts, 0, c->nsections * sizeof *counts);
    for (uint32_t k = 0; k < v->n; k++)
        counts[c->entries[v->ids[k]].section]++;
    /* Sections are in pre-order, so children come after their parent:
     * walking backwards adds every subtree into its parent exactly once. */
    for (uint32_t s = c->nsections; s-- > 0;) {
        int32_t parent = c->sections[s].parent;
        if (parent >= 0)
            counts[parent] += counts[s];
    }
}
