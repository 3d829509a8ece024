/* index_rank: the best few matches of a search, found without scoring
 * them all (score bounds, buckets, two threads); see index_internal.h. */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "paperdeck/fuzzy.h"
#include "paperdeck/par.h"
#include "paperdeck/xalloc.h"
#include "accel.h"
#include "index_internal.h"

typedef struct scored {
    double score;
    uint32_t id;
} scored;

/* a ranks before b: higher score, then document order. */
static bool scored_before(scored a, scored b)
{
    return a.score != b.score ? a.score > b.score : a.id < b.id;
}

/* heap[0] is the worst of the best k kept so far. */
static void heap_sift_down(scored *heap, uint32_t n, uint32_t i)
{
    for (;;) {
        uint32_t l = 2 * i + 1, r = l + 1, worst = i;
        if (l < n && scored_before(heap[worst], heap[l]))
            worst = l;
        if (r < n && scored_before(heap[worst], heap[r]))
            worst = r;
        if (worst == i)
            return;
        scored t = heap[i];
        heap[i] = heap[worst];
        heap[worst] = t;
        i = worst;
    }
}

static void heap_offer(scored *heap, uint32_t *n, uint32_t k, scored s)
{
    if (*n < k) {
        uint32_t i = (*n)++;
        heap[i] = s;
        while (i > 0 && scored_before(heap[(i - 1) / 2], heap[i])) {
            scored t = heap[i];
            heap[i] = heap[(i - 1) / 2];
            heap[(i - 1) / 2] = t;
            i = (i - 1) / 2;
        }
    } else if (scored_before(s, heap[0])) {
        heap[0] = s;
        heap_sift_down(heap, *n, 0);
    }
}

static int scored_cmp(const void *pa, const void *pb)
{
    scored a = *(const scored *)pa, b = *(const scored *)pb;
    return scored_before(a, b) ? -1 : scored_before(b, a) ? 1 : 0;
}

/* The bucket of a bound, top the highest finite one: bucket b holds the
 * bounds in (top - (b + 1) * BOUND_STEP, top - b * BOUND_STEP], the last
 * one everything lower, bucket 0 also the unbounded. */
static uint32_t bound_bucket(double top, double b)
{
    double below = top - b;
    return below <= 0                                ? 0
         : below >= (BOUND_BUCKETS - 1) * BOUND_STEP ? BOUND_BUCKETS - 1
                                                     : (uint32_t)(below / BOUND_STEP);
}

typedef struct rank_job {
    PAR_JOB_ALIGN paper_index *ix;
    const query *q;
    const uint32_t *order;   /* matches, highest first bound first */
    const double *bound;     /* parallel: query_score_bound_pairs */
    double top_bound;        /* the bound of bucket 0 */
    uint32_t n, first, step; /* this job takes order[first], [first + step]... */
    uint32_t k;
    scored *heap;    /* the best k so far; heap[0] the worst of them */
    uint32_t n_kept; /* in the heap, kept from round to round */
    bool done;       /* out: a bucket's bound fell below the heap's worst */
    /* q's one ranked needle when it is ix->grow_needle and a letter: an
     * entry with kept fuzzy_grow is bounded from them, not its title */
    const fuzzy_grown_plan *grown;
    uint32_t n_grown; /* out: entries bounded so */
    bool stoppable;   /* looks at the stale hook now and then (rank_stale) */
    bool stopped;     /* out: it said a newer query is coming */
    /* q's words but its last, when the idle pass kept their scores: an
     * entry with a kept sum is bounded and scored by its last word alone */
    const settled_plan *settled;
    /* q's one ranked word (or its last, with settled): a match whose
     * other bounds reach the k-th best is bounded by where its letters
     * are (fuzzy_score_bound_placed) before it is scored; NULL: not */
    const fuzzy_needle *placed;
} rank_job;

/* Visits (or bounds) between two looks at the stale hook: well under a
 * millisecond of either. */
#define RANK_STALE_EVERY 1024
#define BOUND_STALE_EVERY 16384

/* Whether a stoppable ranking is to give up at its i-th step. */
static bool rank_stale(const paper_index *ix, bool stoppable, uint32_t i, uint32_t every)
{
    return stoppable && i % every == every - 1 && index_search_stale(ix);
}

/* query_score_bound_title_masked of entry id (cps code points), from what
 * the idle pass kept of it when it can: then the title is not read. */
static double title_bound(rank_job *job, uint32_t id, uint32_t cps)
{
    const paper_index *ix = job->ix;
    if (job->settled && settled_has(job->settled, id))
        return settled_bound_title(job->settled, id, ix->title[id], ix->title_len[id], cps,
                                   ix->title_bonus[id]);
    if (job->grown && ix->grow_stamp[id] == ix->grow_gen) {
        job->n_grown++;
        /* the one ranked group scores at least 0, as score_bound has it */
        double b = fuzzy_grown_plan_eval(job->grown, &ix->grow[id], ix->title_bonus[id], cps);
        return b > 0 ? b : 0;
    }
    return query_score_bound_title_masked(job->q, ix->title[id], ix->title_len[id], cps,
                                          ix->title_bonus[id]);
}

/* The bound of entry id by where its title holds the letters of the
 * word job->placed (with the kept sum of the others, when settled):
 * dearer than title_bound, half a score, so taken after it. */
static double placed_bound(const rank_job *job, uint32_t id, uint32_t cps)
{
    const paper_index *ix = job->ix;
    if (!job->placed)
        return FUZZY_SCORE_MAX;
    bool with_sum = job->settled != NULL;
    if (with_sum && !settled_has(job->settled, id))
        return FUZZY_SCORE_MAX;
    double b = fuzzy_score_bound_placed(job->placed, ix->title[id], ix->title_len[id], cps);
    if (b >= FUZZY_SCORE_MAX)
        return FUZZY_SCORE_MAX;
    return with_sum ? job->settled->sum[id] + b : b;
}

static void rank_slice(void *arg)
{
    rank_job *job = arg;
    const paper_index *ix = job->ix;
    uint32_t k = job->k, nheap = job->n_kept, visits = 0;
    for (uint32_t i = job->first; i < job->n; i += job->step) {
        if (rank_stale(ix, job->stoppable, visits++, RANK_STALE_EVERY)) {
            job->stopped = true;
            break;
        }
        uint32_t id = job->order[i];
        /* Most matches visited are skipped by their summary bound alone:
         * only those that may be read are fetched ahead, their title's
         * pointer first and the title once the pointer is near. */
        uint32_t ahead = i + PREFETCH_AHEAD * job->step, near = i + PREFETCH_AHEAD / 2 * job->step;
        double least = nheap == k ? job->heap[0].score - BOUND_SLACK : -INFINITY;
        if (!job->grown && ahead < job->n && job->bound[ahead] >= least)
            __builtin_prefetch(&ix->title[job->order[ahead]]);
        if (near < job->n && job->bound[near] >= least) {
            /* what title_bound reads before any title: a visit is in bound
             * order, so each of these is a miss of its own */
            uint32_t next = job->order[near];
            __builtin_prefetch(&ix->title_cps[next]);
            __builtin_prefetch(&ix->title_bonus[next]);
            if (job->grown) {
                __builtin_prefetch(&ix->grow_stamp[next]);
                __builtin_prefetch(&ix->grow[next]);
            } else {
                __builtin_prefetch(ix->title[next]);
            }
        }
        if (nheap == k) {
            /* A bound may fall below the score it bounds by a rounding
             * error (the score sums floats and doubles in another order):
             * a title that could tie the worst kept one is not skipped. */
            double worst = job->heap[0].score - BOUND_SLACK;
            /* Later titles are in this bucket or lower ones: none can enter.
             * (Bucket 0 also holds the unbounded: it is visited whole.) */
            uint32_t bucket = bound_bucket(job->top_bound, job->bound[i]);
            if (bucket > 0 && job->top_bound - bucket * BOUND_STEP < worst) {
                job->done = true;
                break;
            }
            if (job->bound[i] < worst)
                continue;
            /* One pass over this title gives a tighter bound than its
             * summary; only what passes it is scored. */
            uint32_t cps = ix->title_cps[id];
            if (cps < TITLE_CPS_CAP
                && (title_bound(job, id, cps) < worst || placed_bound(job, id, cps) < worst))
                continue;
        }
        double score = 0;
        if (job->settled && settled_has(job->settled, id))
            score = settled_score(job->settled, id, ix->title[id], ix->title_len[id]);
        else
            index_match_id(ix, job->q, id, &score, NULL);
        heap_offer(job->heap, &nheap, k, (scored){score, id});
    }
    job->n_kept = nheap;
}

/* Summary bounds of ids[begin..end) into bound[], and the highest finite
 * one. */
typedef struct bound_job {
    PAR_JOB_ALIGN const paper_index *ix;
    const query *q;
    const query_bound_plan *plan;  /* NULL: q's bounds one by one */
    const fuzzy_grown_plan *grown; /* NULL, or q's needle, bounded from ix->grow too */
    const settled_plan *settled;   /* NULL, or q's words but the last, kept */
    /* NULL, or q's one ranked word: a title whose trigrams show the word
     * is not in it as one run is bounded so too (fuzzy_score_bound_broken) */
    const fuzzy_run_test *run;
    const uint32_t *ids;
    double *bound;
    uint32_t begin, end;
    double top;
    uint32_t n_broken;       /* out: bounds the trigrams lowered */
    bool stoppable, stopped; /* as rank_job's */
} bound_job;

static void bound_slice(void *arg)
{
    bound_job *job = arg;
    const paper_index *ix = job->ix;
    /* The job's fields in locals, read once; the count is written once at
     * the end (each job has its cache lines: PAR_JOB_ALIGN). */
    const settled_plan *settled = job->settled;
    const query_bound_plan *plan = job->plan;
    const fuzzy_grown_plan *grown = job->grown;
    const fuzzy_run_test *run = job->run;
    const uint64_t *const *tri = (const uint64_t *const *)ix->title_tri;
    const uint32_t *ids = job->ids;
    double *bound = job->bound;
    double top = -INFINITY;
    uint32_t broken = 0;
    for (uint32_t i = job->begin; i < job->end; i++) {
        if (rank_stale(ix, job->stoppable, i - job->begin, BOUND_STALE_EVERY)) {
            job->stopped = true;
            break;
        }
        uint32_t id = ids[i];
        uint64_t bonus = ix->title_bonus[id];
        uint32_t pairs = PAIRS_OF(ix->title_mask[id]), cps = ix->title_cps[id];
        double b = settled && settled_has(settled, id)
                     ? settled_bound(settled, id, bonus, pairs, cps)
                 : plan ? query_bound_plan_eval(plan, bonus, pairs, cps)
                        : query_score_bound_pairs(job->q, bonus, pairs, cps);
        if (run) {
            double r = fuzzy_score_bound_broken(run, tri, id, bonus, cps);
            broken += r < b;
            b = r < b ? r : b;
        }
        /* Only near the top: a match far below it is rarely visited, and
         * the tighter bound costs as much as the summary's (any subset of
         * the matches may take it: it only tightens). */
        if (grown && b >= top - GROWN_MARGIN && ix->grow_stamp[id] == ix->grow_gen) {
            /* what the idle pass kept bounds it tighter, as a pass over the
             * title would (the one ranked group scores at least 0) */
            double g = fuzzy_grown_plan_eval(grown, &ix->grow[id], bonus, cps);
            g = g > 0 ? g : 0;
            if (g < b)
                b = g;
        }
        bound[i] = b;
        if (b < FUZZY_SCORE_MAX && b > top)
            top = b;
    }
    job->top = top;
    job->n_broken = broken;
}

/* Whether the kept fuzzy_grow bound q's needle (see rank_job): then p is
 * its plan. */
static bool grown_plan(const paper_index *ix, const query *q, fuzzy_grown_plan *p)
{
    const fuzzy_needle *now = query_term_needle(q, query_resume_term(q));
    const fuzzy_needle *was = &ix->grow_needle;
    return ix->grow_gen && now && !now->case_sensitive && now->n == was->n + 1
        && memcmp(now->cps, was->cps, was->n * sizeof *was->cps) == 0 && query_fuzzy_groups(q) == 1
        && fuzzy_grown_plan_init(now, p);
}

/* The summary bounds of v's matches into bound[], half on the other core
 * for a long list; returns the highest finite one, NAN when stoppable and
 * the stale hook stopped it. */
static double rank_bounds(paper_index *ix, const query *q, const fuzzy_grown_plan *gp,
                          const settled_plan *sp, const fuzzy_needle *one_word, const view *v,
                          double *bound, bool stoppable)
{
    /* tables beat the bound's branches once there are enough titles */
    query_bound_plan plan;
    const query_bound_plan *p = v->n >= BOUND_PLAN_MIN && query_bound_plan_init(q, &plan) ? &plan
                                                                                          : NULL;
    /* the run test's table (128 entries) pays for itself on as many titles */
    fuzzy_run_test run;
    const fuzzy_run_test *r = p && one_word && fuzzy_run_test_init(one_word, &run) ? &run : NULL;
    bound_job halves[2] = {{ix, q, p, gp, sp, r, v->ids, bound, 0, v->n, -INFINITY, 0, stoppable,
                            false},
                           {ix, NULL, p, gp, sp, r, v->ids, bound, v->n / 2, v->n, -INFINITY, 0,
                            stoppable, false}};
    if (v->n >= PARALLEL_MIN && (halves[1].q = index_worker_query(ix, q)) != NULL) {
        halves[0].end = halves[1].begin;
        par_run2(bound_slice, &halves[0], &halves[1]);
        ix->broken_bounded = halves[0].n_broken + halves[1].n_broken;
        if (halves[0].stopped || halves[1].stopped)
            return NAN;
        return halves[1].top > halves[0].top ? halves[1].top : halves[0].top;
    }
    bound_slice(&halves[0]);
    ix->broken_bounded = halves[0].n_broken;
    return halves[0].stopped ? NAN : halves[0].top;
}

/* Grows the ranking scratch of ix to n matches (kept between keystrokes:
 * fresh memory costs a page fault per 4 KiB). */
void rank_reserve(paper_index *ix, uint32_t n)
{
    if (n <= ix->rank_cap)
        return;
    free(ix->rank_order);
    free(ix->rank_key);
    free(ix->rank_bound);
    free(ix->rank_tmp);
    ix->rank_order = xmalloc(n * sizeof *ix->rank_order);
    ix->rank_key = xmalloc(n * sizeof *ix->rank_key);
    ix->rank_bound = xmalloc(n * sizeof *ix->rank_bound);
    ix->rank_tmp = xmalloc(n * sizeof *ix->rank_tmp);
    ix->rank_cap = n;
}

/* True when no match whose bound is at most max can enter the best k:
 * one job's heap is full and its worst beats max (the best k of all are
 * at least as good as either job's). */
static bool rank_settled(const rank_job jobs[2], double max)
{
    for (int j = 0; j < 2; j++)
        if (jobs[j].n_kept == jobs[j].k && jobs[j].heap[0].score - BOUND_SLACK > max)
            return true;
    return false;
}

/* Puts the matches of v whose bucket (ix->rank_key) is in [lo, hi] into
 * ix->rank_order, bucket by bucket, with their bounds (ix->rank_bound);
 * ix->rank_start holds how many each bucket has. */
static void rank_gather(paper_index *ix, const view *v, uint32_t lo, uint32_t hi)
{
    const uint32_t *count = ix->rank_start;
    uint32_t *pos = ix->rank_pos;
    for (uint32_t b = lo, at = 0; b <= hi; b++) {
        pos[b] = at;
        at += count[b];
    }
    const uint16_t *key = ix->rank_key;
    const double *bound = ix->rank_tmp;
    uint32_t *order = ix->rank_order;
    double *order_bound = ix->rank_bound;
    for (uint32_t i = 0, n = v->n; i < n; i++) {
        uint32_t b = key[i];
        if (b < lo || b > hi)
            continue;
        uint32_t at = pos[b]++;
        order[at] = v->ids[i];
        order_bound[at] = bound[i];
    }
}

/* Visits one round's gathered matches, on two threads when two. */
static void rank_round(rank_job jobs[2], bool two)
{
    jobs[0].step = two ? 2 : 1;
    if (two)
        par_run2(rank_slice, &jobs[0], &jobs[1]);
    else
        rank_slice(&jobs[0]);
}

static void place_head(paper_index *ix, view *v, scored *heap, uint32_t nheap);

/* Whether q is ranked by one short needle (at most SHORT_NEEDLE letters):
 * then plan is its bound plan and *head_max the highest summary bound any
 * title can have but for the length's share; false for any other query. */
static bool short_needle(const query *q, query_bound_plan *plan, double *head_max)
{
    if (query_fuzzy_groups(q) != 1 || !query_bound_plan_init(q, plan) || plan->n != 1
        || plan->t[0].n > SHORT_NEEDLE)
        return false;
    const fuzzy_bound_table *t = &plan->t[0];
    double max = -INFINITY;
    for (unsigned key = 0; key < FUZZY_BOUND_KEYS; key++)
        if (t->head[key] > max)
            max = t->head[key];
    *head_max = max;
    return true;
}

/* The needle a query is ranked by when it is its last typed term, else
 * NULL. */
static const fuzzy_needle *typed_needle(const query *q)
{
    return query_term_needle(q, query_resume_term(q));
}

/* q's needle gave rank_by_length up: so will the words it grows into
 * (their best titles only get longer), which are not tried. */
static void remember_long(paper_index *ix, const query *q)
{
    const fuzzy_needle *nd = typed_needle(q);
    ix->long_needle_n = 0;
    if (nd && !nd->case_sensitive && nd->n <= SHORT_NEEDLE) {
        memcpy(ix->long_needle, nd->cps, nd->n * sizeof *nd->cps);
        ix->long_needle_n = nd->n;
    }
}

static bool grows_a_long_needle(const paper_index *ix, const query *q)
{
    const fuzzy_needle *nd = typed_needle(q);
    return nd && ix->long_needle_n && !nd->case_sensitive && nd->n >= ix->long_needle_n
        && memcmp(nd->cps, ix->long_needle, ix->long_needle_n * sizeof *nd->cps) == 0;
}

/* index_rank_top for a query ranked by one short needle (short_needle),
 * when ix->by_length is kept: a short needle's score is mostly its
 * title's length (a point of gap for each character past the match), so
 * the matches are visited shortest title first and the visit stops at the
 * first length at which even the best bound of any title falls below the
 * k-th best score: usually after a few thousand of a million, where the
 * summary bound of every match would cost a pass over them all. False,
 * having placed nothing, when BY_LENGTH_BUDGET matches did not settle it
 * (`lora`: its best are long titles with the word itself). */
static bool rank_by_length(paper_index *ix, const query *q, view *v, uint32_t k,
                           const query_bound_plan *plan, double head_max)
{
    const fuzzy_bound_table *t = &plan->t[0];
    uint32_t words = ix->cat->nentries / 64 + 1;
    uint64_t *in_view = ix->in_view;
    memset(in_view, 0, words * sizeof *in_view);
    for (uint32_t i = 0; i < v->n; i++)
        in_view[v->ids[i] / 64] |= (uint64_t)1 << (v->ids[i] % 64);
    scored *heap = xmalloc(k * sizeof *heap);
    uint32_t nheap = 0, visited = 0;
    for (uint32_t p = 0; p < ix->cat->nentries; p++) {
        uint32_t id = ix->by_length[p];
        if (!(in_view[id / 64] >> (id % 64) & 1))
            continue;
        if (++visited > BY_LENGTH_BUDGET) {
            /* the best are not among the short titles: bounds it is */
            free(heap);
            remember_long(ix, q);
            return false;
        }
        uint32_t cps = ix->title_cps[id];
        if (nheap == k) {
            double worst = heap[0].score - BOUND_SLACK;
            /* every later title is as long or longer: none can enter (a
             * title no longer than the needle may equal it: unbounded) */
            double best = head_max + (double)((int64_t)cps - t->n) * t->gap;
            if (cps > t->n && (best > 0 ? best : 0) < worst)
                break;
            double b = query_bound_plan_eval(plan, ix->title_bonus[id],
                                             PAIRS_OF(ix->title_mask[id]), cps);
            if (b < worst)
                continue;
            if (cps < TITLE_CPS_CAP
                && query_score_bound_title_masked(q, ix->title[id], ix->title_len[id], cps,
                                                  ix->title_bonus[id])
                       < worst)
                continue;
        }
        double score = 0;
        index_match_id(ix, q, id, &score, NULL);
        heap_offer(heap, &nheap, k, (scored){score, id});
    }
    ix->grow_bounded = 0;
    ix->ranked_by_length++;
    place_head(ix, v, heap, nheap);
    return true;
}

/* --- the order the idle pass leaves for the next letter (grow_order) --- */

/* Half of grow_order_build's matches: each one's bound for any letter
 * more into bound[] (NAN: nothing kept for it), the highest into top. */
typedef struct order_job {
    PAR_JOB_ALIGN const paper_index *ix;
    const fuzzy_grown_plan *plan; /* the kept term's own */
    const uint32_t *ids;
    double *bound;
    uint32_t begin, end;
    double top;
    bool stopped;
} order_job;

static void order_slice(void *arg)
{
    order_job *job = arg;
    const paper_index *ix = job->ix;
    double top = -INFINITY;
    for (uint32_t i = job->begin; i < job->end; i++) {
        if (rank_stale(ix, true, i - job->begin, BOUND_STALE_EVERY)) {
            job->stopped = true;
            break;
        }
        uint32_t id = job->ids[i];
        double b = NAN; /* a later ranking bounds it by its title */
        if (ix->grow_stamp[id] == ix->grow_gen) {
            b = fuzzy_grown_any_bound(job->plan, &ix->grow[id], ix->title_bonus[id],
                                      ix->title_cps[id]);
            b = b > 0 ? b : 0; /* as title_bound has it */
            if (b < FUZZY_SCORE_MAX && b > top)
                top = b;
        }
        job->bound[i] = b;
    }
    job->top = top;
}

/* Matches the order keeps, at least: the buckets from the top until they
 * hold this many (a ranking that needs more falls back to every bound). */
static uint32_t grow_order_keep(uint32_t n)
{
    return n / 8 > 4 * RANK_ROUND_MIN ? n / 8 : 4 * RANK_ROUND_MIN;
}

int grow_order_build(paper_index *ix, const view *v, const double *tier_bound, double cold_at)
{
    fuzzy_grown_plan plan;
    if (!fuzzy_grown_plan_init(&ix->grow_needle, &plan)) {
        ix->grow_order_gen = 0;
        return 0;
    }
    uint32_t n = v->n;
    rank_reserve(ix, n);
    double *bound = ix->rank_bound; /* (rank_tmp holds the tiers' bounds) */
    order_job halves[2] = {{ix, &plan, v->ids, bound, 0, n, -INFINITY, false},
                           {ix, &plan, v->ids, bound, n / 2, n, -INFINITY, false}};
    if (n >= PARALLEL_MIN) {
        halves[0].end = halves[1].begin;
        par_run2(order_slice, &halves[0], &halves[1]);
    } else {
        order_slice(&halves[0]);
    }
    if (halves[0].stopped || halves[1].stopped)
        return INDEX_ABANDONED; /* an order built before stays */
    ix->grow_order_gen = 0;
    double top = halves[1].top > halves[0].top ? halves[1].top : halves[0].top;
    uint32_t words = ix->cat->nentries / 64 + 1;
    if (!ix->grow_order_has)
        ix->grow_order_has = xmalloc(words * sizeof *ix->grow_order_has);
    uint64_t *has = ix->grow_order_has;
    memset(has, 0, words * sizeof *has);
    /* A match the pass has not reached, bounded below cold_at for the term
     * itself, scores less than cold_at + fuzzy_grow_gain_max with a letter
     * more: the whole tier is bounded so, but for a title no longer than
     * the term grown (which may equal it). */
    if (tier_bound) {
        for (uint32_t i = 0; i < n; i++) {
            uint32_t id = v->ids[i];
            if (isnan(bound[i]) && tier_bound[i] < cold_at && ix->title_cps[id] > plan.n + 1)
                has[id / 64] |= (uint64_t)1 << (id % 64);
        }
    }
    uint32_t *count = ix->rank_start, *pos = ix->rank_pos;
    uint16_t *key = ix->rank_key;
    memset(count, 0, BOUND_BUCKETS * sizeof *count);
    for (uint32_t i = 0; i < n; i++) {
        if (isnan(bound[i]))
            continue;
        key[i] = (uint16_t)bound_bucket(top, bound[i]);
        count[key[i]]++;
        has[v->ids[i] / 64] |= (uint64_t)1 << (v->ids[i] % 64);
    }
    /* the top buckets, each whole, until they hold enough */
    uint32_t last = 0, kept = count[0], keep = grow_order_keep(n);
    pos[0] = 0;
    while (kept < keep && last + 1 < BOUND_BUCKETS) {
        pos[++last] = kept;
        kept += count[last];
    }
    if (kept > ix->grow_order_cap) {
        free(ix->grow_order);
        free(ix->grow_order_bound);
        ix->grow_order = xmalloc(kept * sizeof *ix->grow_order);
        ix->grow_order_bound = xmalloc(kept * sizeof *ix->grow_order_bound);
        ix->grow_order_cap = kept;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (isnan(bound[i]) || key[i] > last)
            continue;
        uint32_t at = pos[key[i]]++;
        ix->grow_order[at] = v->ids[i];
        ix->grow_order_bound[at] = bound[i];
    }
    ix->grow_order_n = kept;
    ix->grow_order_top = top;
    /* what is below the order: bucket last + 1 and lower (the last one
     * holds everything lower) */
    ix->grow_order_floor = last + 1 < BOUND_BUCKETS ? top - (last + 1) * BOUND_STEP : -INFINITY;
    if (tier_bound) {
        double cold = cold_at + fuzzy_grow_gain_max();
        cold = cold > 0 ? cold : 0; /* as title_bound has it */
        if (cold > ix->grow_order_floor)
            ix->grow_order_floor = cold;
    }
    ix->grow_order_gen = ix->grow_gen;
    return 0;
}

/* Matches of v outside the idle pass's bounds from which
 * rank_by_grow_order leaves the ranking to the bounds of every match. */
#define GROW_ORDER_EXTRA_MAX 4096

/* rank_top for q, the kept term with a letter more, when the idle pass
 * left its order (grow_order): the matches in it are visited in that
 * order, as rank_top's rounds visit theirs (rank_slice), and the visit
 * stops at the first bucket whose bound for any letter is below the k-th
 * best score: after a few thousand of a million, where the bounds of
 * every match would be a pass over them all. The matches the idle pass
 * did not bound are visited first. 1: ranked; 0: not taken (no order, too
 * many matches outside it, or the best k not settled above its floor),
 * nothing placed; -1: stopped for a key, v as it was. When the visit ran
 * and did not settle, *carried is its best k, the scores the bounds of
 * every match go on from (carry[0..*carried), room for k), and the bit of
 * ix->in_view is cleared for each match it visited or ruled out. */
static int rank_by_grow_order(paper_index *ix, const query *q, view *v, uint32_t k,
                              const fuzzy_grown_plan *grown, bool stoppable, scored *carry,
                              uint32_t *carried)
{
    *carried = 0;
    if (!grown || !ix->grow_order_gen || ix->grow_order_gen != ix->grow_gen)
        return 0;
    uint32_t words = ix->cat->nentries / 64 + 1;
    if (!ix->in_view)
        ix->in_view = xmalloc(words * sizeof *ix->in_view);
    uint64_t *in_view = ix->in_view;
    const uint64_t *has = ix->grow_order_has;
    memset(in_view, 0, words * sizeof *in_view);
    rank_reserve(ix, v->n);
    uint32_t *order = ix->rank_order, n = 0;
    double *order_bound = ix->rank_bound;
    for (uint32_t i = 0; i < v->n; i++) {
        uint32_t id = v->ids[i];
        in_view[id / 64] |= (uint64_t)1 << (id % 64);
        if (!(has[id / 64] >> (id % 64) & 1)) {
            if (n == GROW_ORDER_EXTRA_MAX)
                return 0;
            order[n] = id;
            order_bound[n++] = FUZZY_SCORE_MAX; /* bucket 0: always visited */
        }
    }
    for (uint32_t i = 0; i < ix->grow_order_n; i++) {
        uint32_t id = ix->grow_order[i];
        if (in_view[id / 64] >> (id % 64) & 1) {
            order[n] = id;
            order_bound[n++] = ix->grow_order_bound[i];
        }
    }
    /* What is left in the view once the visit is over: the matches the
     * idle pass bounded by the floor alone. A visited match is scored or
     * skipped by its bound; one skipped at a break is below the k-th best
     * too. */
    for (uint32_t i = 0; i < n; i++)
        in_view[order[i] / 64] &= ~((uint64_t)1 << (order[i] % 64));
    double top = ix->grow_order_top;
    rank_job jobs[2] = {
        {ix, q, order, order_bound, top, n, 0, 2, k, xmalloc(k * sizeof(scored)), 0, false, grown,
         0, stoppable, false, NULL, typed_needle(q)},
        {ix, NULL, order, order_bound, top, n, 1, 2, k, xmalloc(k * sizeof(scored)), 0, false,
         grown, 0, stoppable, false, NULL, typed_needle(q)},
    };
    bool two = n >= RANK_ROUND_MIN * 2 && (jobs[1].q = index_worker_query(ix, q)) != NULL;
    rank_round(jobs, two);
    /* The matches outside the order are bounded by its floor alone (a
     * break in the order says nothing of those the idle pass has not
     * reached): a best k not settled above it leaves them unbounded. */
    bool stopped = jobs[0].stopped || jobs[1].stopped;
    bool settled = ix->grow_order_floor == -INFINITY || rank_settled(jobs, ix->grow_order_floor);
    if (stopped || !settled) {
        if (!stopped) {
            for (uint32_t i = 0; i < jobs[1].n_kept; i++)
                heap_offer(jobs[0].heap, &jobs[0].n_kept, k, jobs[1].heap[i]);
            memcpy(carry, jobs[0].heap, jobs[0].n_kept * sizeof *carry);
            *carried = jobs[0].n_kept;
            ix->ranked_past_order++;
        }
        free(jobs[0].heap);
        free(jobs[1].heap);
        return stopped ? -1 : 0;
    }
    ix->grow_bounded = jobs[0].n_grown + jobs[1].n_grown;
    ix->ranked_by_grow_order++;
    for (uint32_t i = 0; i < jobs[1].n_kept; i++)
        heap_offer(jobs[0].heap, &jobs[0].n_kept, k, jobs[1].heap[i]);
    free(jobs[1].heap);
    place_head(ix, v, jobs[0].heap, jobs[0].n_kept);
    return 1;
}

/* Moves the best k matches of v (by score, ties in document order) to its
 * front. Every match gets a bound from its title's bonus summary (no pass
 * over the title), and matches are visited highest bound first (bucketed
 * by BOUND_STEP, a counting sort): the first ones visited score high, and
 * once a bucket's bound is below the k-th best score, no later match can
 * enter and scoring stops. Within the visit, a match is scored only when
 * its own bounds reach the k-th best. */
bool rank_top(paper_index *ix, const query *q, view *v, uint32_t k, bool stoppable)
{
    if (k > v->n)
        k = v->n;
    ix->broken_bounded = 0;
    if (k == 0) {
        if (v->n)
            memset(v->scores, 0, v->n * sizeof *v->scores);
        v->nranked = 0;
        return true;
    }
    fuzzy_grown_plan plan;
    const fuzzy_grown_plan *grown = grown_plan(ix, q, &plan) ? &plan : NULL;
    /* A visit of the idle pass's order that did not settle leaves its best
     * k: the bounds of every match go on from them, past what it visited. */
    scored *carry = xmalloc(k * sizeof *carry);
    uint32_t carried;
    int by_order = rank_by_grow_order(ix, q, v, k, grown, stoppable, carry, &carried);
    if (by_order != 0) {
        free(carry);
        return by_order > 0;
    }
    query_bound_plan short_plan;
    double head_max;
    /* (a sparse view would leave most of the order to skip) */
    if (!carried && ix->by_length && v->n >= BY_LENGTH_MIN
        && (uint64_t)v->n * 4 >= ix->cat->nentries && short_needle(q, &short_plan, &head_max)
        && !grows_a_long_needle(ix, q) && rank_by_length(ix, q, v, k, &short_plan, head_max)) {
        free(carry);
        return true;
    }
    settled_plan settled_words;
    const settled_plan *settled = settled_plan_init(ix, q, &settled_words) ? &settled_words : NULL;
    const fuzzy_needle *one_word;
    const fuzzy_needle *placed = settled                                    ? settled->last
                               : query_ranked_needles(q, &one_word, 1) == 1 ? one_word
                                                                            : NULL;
    if (settled)
        ix->ranked_by_settled++;
    rank_reserve(ix, v->n);
    double *bound = ix->rank_tmp;
    double top = rank_bounds(ix, q, grown, settled, settled ? NULL : placed, v, bound, stoppable);
    if (isnan(top)) {
        free(carry);
        return false;
    }
    /* How many matches each bucket holds; bucket 0 also the unbounded.
     * The matches the order's visit saw go in none (BOUND_BUCKETS). */
    uint32_t *count = ix->rank_start;
    memset(count, 0, (BOUND_BUCKETS + 1) * sizeof *count);
    uint16_t *key = ix->rank_key;
    const uint64_t *left = ix->in_view;
    for (uint32_t i = 0; i < v->n; i++) {
        uint32_t id = v->ids[i];
        key[i] = carried && !(left[id / 64] >> (id % 64) & 1)
                   ? BOUND_BUCKETS
                   : (uint16_t)bound_bucket(top, bound[i]);
        count[key[i]]++;
    }
    /* Two threads take every other title, each keeping its own best k:
     * the best k of all are among the 2k they keep. */
    rank_job jobs[2] = {
        {ix, q, ix->rank_order, ix->rank_bound, top, 0, 0, 2, k, xmalloc(k * sizeof(scored)),
         carried, false, grown, 0, stoppable, false, settled, placed},
        {ix, NULL, ix->rank_order, ix->rank_bound, top, 0, 1, 2, k, xmalloc(k * sizeof(scored)),
         carried, false, grown, 0, stoppable, false, settled, placed},
    };
    /* both threads start from the carried best (a heap already), each
     * skipping what cannot beat it; they are offered once at the end */
    for (int j = 0; j < 2; j++)
        memcpy(jobs[j].heap, carry, carried * sizeof *carry);
    for (uint32_t i = 0; i < carried; i++)
        ix->chosen[carry[i].id] = 1;
    /* A second thread pays for itself only on big rounds: each thread's
     * own k-th best is looser than one shared one, so two visit and score
     * more, and the thread costs its start. Measured (paperdeck-bench,
     * medians per key): rounds under 8192 matches alone cut 10k's keys by
     * a third, 100k's moved within the noise; 1M's big rounds keep both
     * (one thread for them made its slowest keys half as slow again).
     * From RANK_BIG_LIST matches every round takes both: at 1M the first
     * round on one thread made `lora` 61 ms a key against 50 (four
     * alternated runs each). */
    bool two = v->n >= PARALLEL_MIN && (jobs[1].q = index_worker_query(ix, q)) != NULL;
    /* Rounds, highest bounds first: each sorts (by bucket) and visits only
     * the matches of the next few buckets, four times as many as the last
     * round, so that when the first few thousand settle the top k the
     * others are never moved. */
    uint64_t want = RANK_ROUND_MIN > 64 * (uint64_t)k ? RANK_ROUND_MIN : 64 * (uint64_t)k;
    for (uint32_t lo = 0; lo < BOUND_BUCKETS; want *= 4) {
        if (lo > 0 && rank_settled(jobs, top - lo * BOUND_STEP))
            break;
        uint32_t hi = lo, n = count[lo];
        while (hi + 1 < BOUND_BUCKETS && n < want)
            n += count[++hi];
        rank_gather(ix, v, lo, hi);
        jobs[0].n = jobs[1].n = n;
        rank_round(jobs, two && (n >= RANK_ROUND_MIN * 2 || v->n >= RANK_BIG_LIST));
        if (jobs[0].stopped || jobs[1].stopped) {
            for (uint32_t i = 0; i < carried; i++)
                ix->chosen[carry[i].id] = 0;
            free(carry);
            free(jobs[0].heap);
            free(jobs[1].heap);
            return false;
        }
        if (jobs[0].done || jobs[1].done)
            break;
        lo = hi + 1;
    }
    ix->grow_bounded = jobs[0].n_grown + jobs[1].n_grown;
    for (uint32_t i = 0; i < jobs[1].n_kept; i++)
        if (!ix->chosen[jobs[1].heap[i].id]) /* a carried one: in jobs[0]'s, or beaten there */
            heap_offer(jobs[0].heap, &jobs[0].n_kept, k, jobs[1].heap[i]);
    for (uint32_t i = 0; i < carried; i++)
        ix->chosen[carry[i].id] = 0;
    free(carry);
    free(jobs[1].heap);
    place_head(ix, v, jobs[0].heap, jobs[0].n_kept);
    return true;
}

void index_rank_top(paper_index *ix, const query *q, view *v, uint32_t k)
{
    rank_top(ix, q, v, k, false);
}

void view_set_head(paper_index *ix, view *v, const uint32_t *head_ids, const double *head_scores,
                   uint32_t nhead)
{
    /* The others keep their order behind the head: compact them to the
     * back, walking backwards so no id is overwritten before it is read. */
    for (uint32_t i = 0; i < nhead; i++)
        ix->chosen[head_ids[i]] = 1;
    uint32_t dst = v->n;
    for (uint32_t i = v->n; i-- > 0;) {
        uint32_t id = v->ids[i];
        if (ix->chosen[id])
            ix->chosen[id] = 0;
        else
            v->ids[--dst] = id;
    }
    assert(dst == nhead); /* each head id was in v once */
    for (uint32_t i = 0; i < nhead; i++) {
        v->ids[i] = head_ids[i];
        v->scores[i] = head_scores[i];
    }
    for (uint32_t i = nhead; i < v->n; i++)
        v->scores[i] = 0;
    v->nranked = nhead;
}

/* Puts heap's matches (the best of v) at v's front, best first, and the
 * others behind them in their order, unscored; frees heap. */
static void place_head(paper_index *ix, view *v, scored *heap, uint32_t nheap)
{
    qsort(heap, nheap, sizeof *heap, scored_cmp);
    uint32_t *ids = xmalloc((nheap + 1) * sizeof *ids);
    double *scores = xmalloc((nheap + 1) * sizeof *scores);
    for (uint32_t i = 0; i < nheap; i++) {
        ids[i] = heap[i].id;
        scores[i] = heap[i].score;
    }
    view_set_head(ix, v, ids, scores, nheap);
    free(ids);
    free(scores);
    free(heap);
}

/* ids[0..head) in any order, ids[head..n) ascending: sorts the head
 * (insertion sort: it is a screenful) and merges it in from the back. */
