/* index_sort: sorting views and counting them by section; see index.h.
 *
 * Sorting works on ranks: the first time a key is used, every entry of the
 * catalog is sorted once by that key and gets a dense rank (equal values,
 * equal rank). Sorting a view is then an integer sort of (missing, rank,
 * entry id) triples, which is fast, stable by construction (ties fall back to
 * the entry id, i.e. document order) and keeps "no value" last in either
 * direction. */
#include <stdlib.h>
#include <string.h>

#include "paperdeck/array.h"
#include "paperdeck/arxiv.h"
#include "paperdeck/par.h"
#include "paperdeck/utf8.h"
#include "paperdeck/xalloc.h"
#include "index_internal.h"

static const char *const sort_key_names[SORT_KEY_COUNT] = {
    "order", "title", "venue", "year", "date", "arxiv", "section", "score",
};

ARRAY_ENUM_NAME(sort_key_name, sort_key, sort_key_names)
ARRAY_ENUM_PARSE(sort_key_parse, sort_key, sort_key_names)

/* LSD radix sort on the 64-bit keys, a byte at a time, skipping bytes that
 * are the same in every key (most of them: ranks and ids are small). */
void index_radix_sort(sort_item *items, sort_item *tmp, uint32_t n)
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

/* --- ranks -------------------------------------------------------------- */

/* Compares two strings after case and accent folding, code point by code
 * point; exact bytes break ties so distinct strings never compare equal. */
static int folded_cmp(const char *a, const char *b)
{
    /* ASCII on both sides (most titles, and every prefix two titles
     * share) folds by itself: no decoding, no length */
    size_t p = 0;
    for (; (unsigned char)a[p] < 0x80 && (unsigned char)b[p] < 0x80; p++) {
        uint32_t ca = utf8_fold((unsigned char)a[p]), cb = utf8_fold((unsigned char)b[p]);
        if (ca != cb)
            return ca < cb ? -1 : 1;
        if (!a[p])
            return strcmp(a, b);
    }
    size_t na = p + strlen(a + p), nb = p + strlen(b + p), i = p, j = p;
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

/* arXiv ids order by the month they encode, then by the id itself. */
static long arxiv_month(const char *id)
{
    int y, m;
    return arxiv_date(id, &y, &m) ? y * 12L + m : 0;
}

/* An entry with its value for the key being ranked, carried in the item so
 * the comparators need no state: num, then str (folded for titles and
 * venues, as bytes otherwise). */
typedef struct rank_item {
    int64_t num;
    const char *str;
    uint32_t id;
} rank_item;

static bool entry_has(const entry *e, sort_key key)
{
    switch (key) {
    case SORT_VENUE:
        return e->venue != NULL;
    case SORT_YEAR:
        return e->year != 0;
    case SORT_DATE:
        return e->date != NULL;
    case SORT_ARXIV:
        return e->arxiv != NULL;
    default:
        return true;
    }
}

/* The value of key for e, which has one (entry_has). */
static rank_item rank_item_of(const entry *e, uint32_t id, sort_key key)
{
    rank_item it = {0, NULL, id};
    switch (key) {
    case SORT_TITLE:
        it.str = e->title;
        break;
    case SORT_VENUE:
        it.str = e->venue;
        break;
    case SORT_YEAR:
        it.num = e->year;
        break;
    case SORT_DATE:
        it.str = e->date;
        break;
    case SORT_ARXIV:
        it.num = arxiv_month(e->arxiv);
        it.str = e->arxiv;
        break;
    case SORT_SECTION:
        it.num = e->section;
        break;
    default:
        break;
    }
    return it;
}

/* Two values of a key that folds (title, venue); 0 when equal. */
static int value_cmp_folded(const rank_item *a, const rank_item *b)
{
    return folded_cmp(a->str, b->str);
}

/* Two values of any other key; 0 when equal. */
static int value_cmp_plain(const rank_item *a, const rank_item *b)
{
    if (a->num != b->num)
        return a->num < b->num ? -1 : 1;
    return a->str && b->str ? strcmp(a->str, b->str) : 0;
}

static int id_cmp(const rank_item *a, const rank_item *b)
{
    return (a->id > b->id) - (a->id < b->id);
}

static int rank_cmp_folded(const void *pa, const void *pb)
{
    int r = value_cmp_folded(pa, pb);
    return r ? r : id_cmp(pa, pb);
}

static int rank_cmp_plain(const void *pa, const void *pb)
{
    int r = value_cmp_plain(pa, pb);
    return r ? r : id_cmp(pa, pb);
}

/* The 8 folded code points of s from byte *at on while they are ASCII, a
 * byte each, big-endian, moving *at past them: where two such keys differ,
 * they order as folded_cmp does (a non-ASCII code point, above every ASCII
 * one, is 0x80 and ends the key; the end of s is 0, below every code
 * point). Equal keys say nothing. */
static uint64_t folded_prefix(const char *s, size_t *at)
{
    size_t n = *at + strlen(s + *at), i = *at;
    uint64_t key = 0;
    for (int b = 0; b < 8; b++) {
        uint32_t cp = 0;
        if (i < n) {
            i += utf8_decode(s + i, n - i, &cp);
            cp = utf8_fold(cp);
        }
        if (cp >= 0x80) {
            key = (key << 8 | 0x80) << 8 * (7 - b);
            break;
        }
        key = key << 8 | cp;
    }
    *at = i;
    return key;
}

/* The first 8 bytes of s, big-endian: strcmp's order where keys differ. */
static uint64_t bytes_prefix(const char *s)
{
    uint64_t key = 0;
    int b = 0;
    for (; b < 8 && s[b]; b++)
        key = key << 8 | (uint8_t)s[b];
    return b ? key << 8 * (8 - b) : 0;
}

/* An integer whose order is the value's where two differ: the folded or
 * bytes prefix of a string key, the number otherwise (arXiv: its month).
 * For a folded key, it->num becomes where its next prefix starts (the
 * number is not used). */
static uint64_t rank_prefix(rank_item *it, sort_key key)
{
    if (key == SORT_TITLE || key == SORT_VENUE) {
        size_t at = 0;
        uint64_t k = folded_prefix(it->str, &at);
        it->num = (int64_t)at;
        return k;
    }
    if (key == SORT_DATE)
        return bytes_prefix(it->str);
    return (uint64_t)it->num ^ (UINT64_C(1) << 63); /* signed order */
}

#define RUN_SORTED_BY_CMP 16 /* a run of equal prefixes this short: qsort */

/* Sorts it[0..n), titles or venues whose first 8 * depth folded code points
 * are the same ASCII (key: the last 8 of them), by the next 8 and so on;
 * the comparator sorts what the prefixes do not tell apart. it[k].num is
 * where each string's next prefix starts. */
static void sort_folded_run(rank_item *it, uint32_t n, uint64_t key, int depth)
{
    if (n < 2)
        return;
    uint8_t last = (uint8_t)key;
    if (n <= RUN_SORTED_BY_CMP || last == 0 || last == 0x80 || depth >= 32) {
        qsort(it, n, sizeof *it, rank_cmp_folded);
        return;
    }
    sort_item *order = xmalloc(n * sizeof *order), *tmp = xmalloc(n * sizeof *tmp);
    for (uint32_t k = 0; k < n; k++) {
        size_t at = (size_t)it[k].num;
        order[k] = (sort_item){folded_prefix(it[k].str, &at), k};
        it[k].num = (int64_t)at;
    }
    index_radix_sort(order, tmp, n);
    rank_item *copy = xmalloc(n * sizeof *copy);
    memcpy(copy, it, n * sizeof *copy);
    for (uint32_t k = 0; k < n; k++)
        it[k] = copy[order[k].pos];
    free(copy);
    free(tmp);
    for (uint32_t k = 0; k < n;) {
        uint32_t run = k + 1;
        while (run < n && order[run].key == order[k].key)
            run++;
        sort_folded_run(it + k, run - k, order[k].key, depth + 1);
        k = run;
    }
    free(order);
}

/* Dense ranks of every entry for key (RANK_MISSING for entries without a
 * value), and every entry in that order. An integer radix sort on
 * rank_prefix, then the comparator only inside runs of equal prefixes
 * (titles that begin alike): a million titles in a fraction of a second
 * where a comparison sort of them all took seconds. Leaves out alone when
 * cancelled. */
static void key_order_build(const catalog *c, sort_key key, const atomic_bool *cancel,
                            key_order *out)
{
    uint32_t cap = c->nentries ? c->nentries : 1;
    rank_item *items = xmalloc(cap * sizeof *items);
    sort_item *order = xmalloc(cap * sizeof *order);
    sort_item *tmp = xmalloc(cap * sizeof *tmp); /* the radix sort's */
    uint32_t *ranks = xmalloc(cap * sizeof *ranks);
    bool folded = key == SORT_TITLE || key == SORT_VENUE;
    uint32_t n = 0;
    for (uint32_t i = 0; i < c->nentries; i++) {
        if (entry_has(&c->entries[i], key)) {
            items[n] = rank_item_of(&c->entries[i], i, key);
            order[n] = (sort_item){rank_prefix(&items[n], key), n};
            n++;
        } else {
            ranks[i] = RANK_MISSING;
        }
    }
    index_radix_sort(order, tmp, n);
    free(tmp);
    rank_item *sorted = xmalloc(cap * sizeof *sorted); /* in prefix order */
    for (uint32_t k = 0; k < n; k++)
        sorted[k] = items[order[k].pos];
    free(items);
    int (*value_cmp)(const rank_item *, const rank_item *) = folded ? value_cmp_folded
                                                                    : value_cmp_plain;
    /* the number decides a year or a section; a string may differ past
     * its prefix (or an arXiv id within its month) */
    bool exact = key == SORT_YEAR || key == SORT_SECTION;
    bool cancelled = false;
    for (uint32_t k = 0; k < n && !exact && !cancelled;) {
        cancelled = cancel && atomic_load_explicit(cancel, memory_order_relaxed);
        uint32_t run = k + 1;
        while (run < n && order[run].key == order[k].key)
            run++;
        if (folded)
            sort_folded_run(sorted + k, run - k, order[k].key, 1);
        else if (run - k > 1)
            qsort(sorted + k, run - k, sizeof *sorted, rank_cmp_plain);
        k = run;
    }
    if (cancelled) {
        free(ranks);
        free(sorted);
        free(order);
        return;
    }
    uint32_t *ids = xmalloc(cap * sizeof *ids);
    uint64_t *starts = xcalloc(cap / 64 + 1, sizeof *starts);
    uint32_t rank = 0;
    for (uint32_t k = 0; k < n; k++) {
        if (k > 0 && (order[k - 1].key != order[k].key || value_cmp(&sorted[k - 1], &sorted[k]))) {
            rank++;
            starts[k >> 6] |= UINT64_C(1) << (k & 63);
        }
        ranks[sorted[k].id] = rank;
        ids[k] = sorted[k].id;
    }
    free(sorted);
    free(order);
    out->nvalued = n;
    for (uint32_t i = 0; i < c->nentries; i++)
        if (ranks[i] == RANK_MISSING)
            ids[n++] = i;
    if (out->nvalued < c->nentries)
        starts[out->nvalued >> 6] |= UINT64_C(1) << (out->nvalued & 63);
    out->ids = ids;
    out->starts = starts;
    out->ranks = ranks;
}

static const key_order *order_for(paper_index *ix, sort_key key)
{
    if (!ix->sorts[key].ranks)
        key_order_build(ix->cat, key, NULL, &ix->sorts[key]);
    return &ix->sorts[key];
}

void index_free_sorts(paper_index *ix)
{
    for (int k = 0; k < SORT_KEY_COUNT; k++) {
        free(ix->sorts[k].ranks);
        free(ix->sorts[k].ids);
        free(ix->sorts[k].starts);
    }
    free(ix->sort_member);
    free(ix->sort_ids);
    free(ix->sort_score);
}

/* Some keys' orders built ahead, until cancel is set. */
typedef struct prepare_job {
    PAR_JOB_ALIGN paper_index *ix;
    sort_key first, last; /* [first, last) */
    const atomic_bool *cancel;
} prepare_job;

static void prepare_keys(void *arg)
{
    prepare_job *job = arg;
    for (sort_key k = job->first; k < job->last; k++)
        if (!job->ix->sorts[k].ranks && !(job->cancel && atomic_load(job->cancel)))
            key_order_build(job->ix->cat, k, job->cancel, &job->ix->sorts[k]);
}

void index_prepare_sorts(paper_index *ix, const atomic_bool *cancel)
{
    /* the titles take as long as all the others together */
    prepare_job title = {ix, SORT_TITLE, SORT_VENUE, cancel};
    prepare_job others = {ix, SORT_VENUE, SORT_SCORE, cancel};
    par_run2(prepare_keys, &title, &others);
}

/* --- sorting a view ----------------------------------------------------- */

/* Applies the permutation pos[k] (the row to put at k) to the view. */
static void view_permute(view *v, const uint32_t *pos)
{
    uint32_t *ids = xmalloc(v->n * sizeof *ids);
    double *scores = xmalloc(v->n * sizeof *scores);
    for (uint32_t k = 0; k < v->n; k++) {
        ids[k] = v->ids[pos[k]];
        scores[k] = v->scores[pos[k]];
    }
    memcpy(v->ids, ids, v->n * sizeof *ids);
    memcpy(v->scores, scores, v->n * sizeof *scores);
    free(ids);
    free(scores);
}

/* A score as an integer of the same order (best first: reversed); 0 and
 * -0 alike. */
static uint64_t score_key(double d, bool descending)
{
    uint64_t u;
    if (d == 0)
        d = 0;
    memcpy(&u, &d, sizeof u);
    u = u >> 63 ? ~u : u | UINT64_C(1) << 63;
    return descending ? ~u : u;
}

/* Best first when descending, by a radix sort of the scores' bits, which
 * is stable: v is in document order, equal scores stay in it. */
static void sort_by_score(view *v, bool descending, uint32_t *pos)
{
    sort_item *items = xmalloc(v->n * sizeof *items);
    for (uint32_t k = 0; k < v->n; k++)
        items[k] = (sort_item){score_key(v->scores[k], descending), k};
    sort_item *tmp = xmalloc(v->n * sizeof *tmp);
    index_radix_sort(items, tmp, v->n);
    free(tmp);
    for (uint32_t k = 0; k < v->n; k++)
        pos[k] = items[k].pos;
    free(items);
}

void index_score_rows(paper_index *ix, const query *q, view *v, uint32_t from, uint32_t to)
{
    for (uint32_t k = from; k < to && k < v->n; k++)
        index_match_id(ix, q, v->ids[k], &v->scores[k], NULL);
}

/* By (missing, rank, id) as one integer: the key's ranks, or the id for
 * SORT_ORDER. */
static void sort_by_rank(paper_index *ix, view *v, sort_key key, bool descending, uint32_t *pos)
{
    const uint32_t *ranks = key == SORT_ORDER ? NULL : order_for(ix, key)->ranks;
    sort_item *items = xmalloc(v->n * sizeof *items);
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
    index_radix_sort(items, tmp, v->n);
    free(tmp);
    for (uint32_t k = 0; k < v->n; k++)
        pos[k] = items[k].pos;
    free(items);
}

/* A view holding at least 1/WALK_SHARE of the catalog is sorted by walking
 * the key's order over the whole catalog and keeping the view's ids (a
 * bit per entry says which): O(catalog) with no comparison and no pass
 * per byte, a few milliseconds for a million rows. A smaller view costs
 * less by the radix sort of its ranks. */
#define WALK_SHARE 16

/* Appends the ids of order[a, b) that are members to out[n..); returns
 * the new count. */
static uint32_t keep_members(const uint32_t *order, uint32_t a, uint32_t b, const uint64_t *member,
                             uint32_t *out, uint32_t n)
{
    for (uint32_t k = a; k < b; k++) {
        uint32_t id = order[k];
        out[n] = id;
        n += (uint32_t)(member[id >> 6] >> (id & 63) & 1);
    }
    return n;
}

/* Where the run of equal ranks that ends at end (> 0) starts: the last
 * start bit below end, or 0. */
static uint32_t run_start(const uint64_t *starts, uint32_t end)
{
    uint32_t last = end - 1, w = last >> 6;
    uint64_t bits = starts[w] & (~UINT64_C(0) >> (63 - (last & 63)));
    while (!bits) {
        if (w == 0)
            return 0;
        bits = starts[--w];
    }
    return w * 64 + 63 - (uint32_t)__builtin_clzll(bits);
}

/* The members in ko's order into out: descending, the runs of equal rank
 * from the last one, each in document order; no value last either way. */
static uint32_t walk_key(const key_order *ko, uint32_t total, bool descending,
                         const uint64_t *member, uint32_t *out)
{
    if (!descending)
        return keep_members(ko->ids, 0, total, member, out, 0);
    uint32_t n = 0;
    for (uint32_t end = ko->nvalued; end > 0;) {
        uint32_t start = run_start(ko->starts, end);
        n = keep_members(ko->ids, start, end, member, out, n);
        end = start;
    }
    return keep_members(ko->ids, ko->nvalued, total, member, out, n);
}

/* The members in document order (descending: reversed) into out. */
static uint32_t walk_document(const uint64_t *member, uint32_t total, bool descending,
                              uint32_t *out)
{
    uint32_t words = (total + 63) / 64, n = 0;
    for (uint32_t i = 0; i < words; i++) {
        uint32_t w = descending ? words - 1 - i : i;
        for (uint64_t bits = member[w]; bits;) {
            int b = descending ? 63 - __builtin_clzll(bits) : __builtin_ctzll(bits);
            out[n++] = w * 64 + (uint32_t)b;
            bits &= ~(UINT64_C(1) << b);
        }
    }
    return n;
}

/* Sorts v by walking key's order (SORT_ORDER: the ids themselves); false,
 * v unchanged, when v holds an id twice (no view does). */
static bool sort_by_walk(paper_index *ix, view *v, sort_key key, bool descending)
{
    uint32_t total = ix->cat->nentries, words = (total + 63) / 64;
    if (!ix->sort_member) {
        ix->sort_member = xmalloc((words + 1) * sizeof *ix->sort_member);
        ix->sort_ids = xmalloc((total + 1) * sizeof *ix->sort_ids);
    }
    uint64_t *member = ix->sort_member;
    memset(member, 0, words * sizeof *member);
    bool scored = false;
    for (uint32_t k = 0; k < v->n; k++) {
        uint32_t id = v->ids[k];
        member[id >> 6] |= UINT64_C(1) << (id & 63);
        scored |= v->scores[k] != 0;
    }
    if (scored) { /* carried by id (a ranked query's view sorted by a key) */
        if (!ix->sort_score)
            ix->sort_score = xmalloc((total + 1) * sizeof *ix->sort_score);
        for (uint32_t k = 0; k < v->n; k++)
            ix->sort_score[v->ids[k]] = v->scores[k];
    }
    uint32_t *out = ix->sort_ids;
    uint32_t n = key == SORT_ORDER ? walk_document(member, total, descending, out)
                                   : walk_key(order_for(ix, key), total, descending, member, out);
    if (n != v->n)
        return false;
    memcpy(v->ids, out, n * sizeof *out);
    for (uint32_t k = 0; k < n; k++)
        v->scores[k] = scored ? ix->sort_score[out[k]] : 0;
    return true;
}

/* Whether v's ids are in document order (ascending). */
static bool in_document_order(const view *v)
{
    for (uint32_t k = 1; k < v->n; k++)
        if (v->ids[k - 1] > v->ids[k])
            return false;
    return true;
}

void index_sort(paper_index *ix, view *v, sort_key key, bool descending)
{
    if (v->n < 2 || (unsigned)key >= SORT_KEY_COUNT)
        return;
    /* a search's result, unsorted (the query cleared on a big list) */
    if (key == SORT_ORDER && !descending && in_document_order(v))
        return;
    if (key == SORT_SCORE) /* equal scores in document order */
        index_sort(ix, v, SORT_ORDER, false);
    else if (v->n >= ix->cat->nentries / WALK_SHARE && sort_by_walk(ix, v, key, descending))
        return;
    uint32_t *pos = xmalloc(v->n * sizeof *pos);
    if (key == SORT_SCORE)
        sort_by_score(v, descending, pos);
    else
        sort_by_rank(ix, v, key, descending, pos);
    view_permute(v, pos);
    free(pos);
}

void index_count_sections(const paper_index *ix, const view *v, uint32_t *counts)
{
    const catalog *c = ix->cat;
    /* In document order (a search's result before ranking), a subtree's
     * entries are a range of ids: two binary searches per section, and no
     * entry read, which on a big list is a cache miss per match. */
    if (in_document_order(v)) {
        for (uint32_t s = 0; s < c->nsections; s++)
            counts[s] = (uint32_t)(accel_lower_bound(v->ids, v->n, c->sections[s].entry_end)
                                   - accel_lower_bound(v->ids, v->n, c->sections[s].entry_begin));
        return;
    }
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
