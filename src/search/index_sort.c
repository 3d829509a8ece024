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

/* Dense ranks of every entry for key; RANK_MISSING for entries without a
 * value. */
static const uint32_t *ranks_for(paper_index *ix, sort_key key)
{
    if (ix->ranks[key])
        return ix->ranks[key];
    const catalog *c = ix->cat;
    rank_item *items = xmalloc((c->nentries ? c->nentries : 1) * sizeof *items);
    uint32_t *ranks = xmalloc((c->nentries ? c->nentries : 1) * sizeof *ranks);
    uint32_t n = 0;
    for (uint32_t i = 0; i < c->nentries; i++) {
        if (entry_has(&c->entries[i], key))
            items[n++] = rank_item_of(&c->entries[i], i, key);
        else
            ranks[i] = RANK_MISSING;
    }
    bool folded = key == SORT_TITLE || key == SORT_VENUE;
    int (*value_cmp)(const rank_item *, const rank_item *) = folded ? value_cmp_folded
                                                                    : value_cmp_plain;
    qsort(items, n, sizeof *items, folded ? rank_cmp_folded : rank_cmp_plain);
    uint32_t rank = 0;
    for (uint32_t k = 0; k < n; k++) {
        if (k > 0 && value_cmp(&items[k - 1], &items[k]) != 0)
            rank++;
        ranks[items[k].id] = rank;
    }
    free(items);
    ix->ranks[key] = ranks;
    return ranks;
}

/* --- sorting a view ----------------------------------------------------- */

/* A view's row by score: the score is carried (negated for best first), so
 * the comparator needs no state. */
typedef struct score_item {
    double score;
    uint32_t id;
    uint32_t pos; /* position in the view before sorting */
} score_item;

/* By score, then by entry id (document order) in either direction. */
static int score_item_cmp(const void *pa, const void *pb)
{
    const score_item *a = pa, *b = pb;
    if (a->score != b->score)
        return a->score < b->score ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

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

/* Best first when descending; equal scores in document order. */
static void sort_by_score(view *v, bool descending, uint32_t *pos)
{
    score_item *items = xmalloc(v->n * sizeof *items);
    for (uint32_t k = 0; k < v->n; k++)
        items[k] = (score_item){descending ? -v->scores[k] : v->scores[k], v->ids[k], k};
    qsort(items, v->n, sizeof *items, score_item_cmp);
    for (uint32_t k = 0; k < v->n; k++)
        pos[k] = items[k].pos;
    free(items);
}

/* By (missing, rank, id) as one integer: ranks_for's ranks, or the id for
 * SORT_ORDER. */
static void sort_by_rank(paper_index *ix, view *v, sort_key key, bool descending, uint32_t *pos)
{
    const uint32_t *ranks = key == SORT_ORDER ? NULL : ranks_for(ix, key);
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

void index_sort(paper_index *ix, view *v, sort_key key, bool descending)
{
    if (v->n < 2 || (unsigned)key >= SORT_KEY_COUNT)
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
    bool ascending = true;
    for (uint32_t k = 1; k < v->n && ascending; k++)
        ascending = v->ids[k - 1] < v->ids[k];
    if (ascending) {
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
