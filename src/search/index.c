/* index: building the index and searching it (filter, narrow, resume);
 * see index.h. Ranking is in index_rank.c, the kept results in
 * index_recent.c, sorting in index_sort.c.
 *
 * Sorting works on ranks: the first time a key is used, every entry of the
 * catalog is sorted once by that key and gets a dense rank (equal values,
 * equal rank). Sorting a view is then an integer sort of (missing, rank,
 * entry id) triples, which is fast, stable by construction (ties fall back to
 * the entry id, i.e. document order) and keeps "no value" last in either
 * direction. */
#include "paperdeck/index.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "paperdeck/fuzzy.h"
#include "paperdeck/par.h"
#include "paperdeck/testhooks.h"
#include "paperdeck/under_valgrind.h"
#include "paperdeck/utf8.h"
#include "paperdeck/xalloc.h"
#include "accel.h"
#include "index_internal.h"

/* The per-title summaries of entries [begin, end). */
typedef struct build_job {
    PAR_JOB_ALIGN paper_index *ix;
    uint32_t begin, end;
} build_job;

/* One title's summaries. */
typedef struct title_summary {
    uint64_t mask, bonus;
    uint32_t len;
    uint16_t cps;
    fuzzy_trigrams tri;
} title_summary;

static title_summary summarise(const char *t)
{
    size_t n = strlen(t);
    size_t cps = utf8_length(t, n);
    title_summary s = {
        .mask = query_char_mask(t, n) | (uint64_t)fuzzy_start_pairs(t, n) << PAIRS_SHIFT,
        .bonus = fuzzy_bonus_mask(t, n),
        .len = (uint32_t)n,
        .cps = (uint16_t)(cps < TITLE_CPS_CAP ? cps : TITLE_CPS_CAP),
    };
    fuzzy_trigrams_of(t, n, &s.tri);
    return s;
}

static void build_slice(void *arg)
{
    build_job *job = arg;
    paper_index *ix = job->ix;
    for (uint32_t i = job->begin; i < job->end; i++) {
        title_summary s = summarise(ix->cat->entries[i].title);
        ix->title_mask[i] = s.mask;
        ix->title_cps[i] = s.cps;
        ix->title_len[i] = s.len;
        ix->title_bonus[i] = s.bonus;
        for (int w = 0; w < 4; w++)
            ix->title_tri[w][i] = s.tri.bits[w];
    }
}

/* An index with everything but the summaries. */
static paper_index *index_new(const catalog *c)
{
    paper_index *ix = xmalloc(sizeof *ix);
    memset(ix, 0, sizeof *ix);
    ix->cat = c;
    ix->chosen = xcalloc(c->nentries ? c->nentries : 1, 1);
    ix->rank_start = xmalloc((BOUND_BUCKETS + 1) * sizeof *ix->rank_start);
    ix->rank_pos = xmalloc((BOUND_BUCKETS + 1) * sizeof *ix->rank_pos);
    ix->marks = xcalloc(c->nentries ? c->nentries : 1, 1);
    ix->resume = xcalloc(c->nentries ? c->nentries : 1, sizeof *ix->resume);
    ix->title = xmalloc((c->nentries ? c->nentries : 1) * sizeof *ix->title);
    for (uint32_t i = 0; i < c->nentries; i++)
        ix->title[i] = c->entries[i].title;
    return ix;
}

paper_index *index_build(const catalog *c)
{
    paper_index *ix = index_new(c);
    ix->title_mask = xmalloc(c->nentries * sizeof *ix->title_mask);
    ix->title_cps = xmalloc(c->nentries * sizeof *ix->title_cps);
    ix->title_len = xmalloc(c->nentries * sizeof *ix->title_len);
    ix->title_bonus = xmalloc(c->nentries * sizeof *ix->title_bonus);
    for (int w = 0; w < 4; w++)
        ix->title_tri[w] = xmalloc(c->nentries * sizeof *ix->title_tri[w]);
    /* Two threads, each half of the titles. */
    uint32_t half = c->nentries / 2;
    build_job jobs[2] = {{ix, 0, half}, {ix, half, c->nentries}};
    if (c->nentries >= PARALLEL_MIN) {
        par_run2(build_slice, &jobs[0], &jobs[1]);
    } else {
        jobs[0].end = c->nentries;
        build_slice(&jobs[0]);
    }
    return ix;
}

/* ix->by_length: a counting sort of the entries by their titles' length. */
static void order_by_length(paper_index *ix)
{
    uint32_t n = ix->cat->nentries;
    uint32_t *start = xcalloc(TITLE_CPS_CAP + 2, sizeof *start);
    for (uint32_t i = 0; i < n; i++)
        start[ix->title_cps[i] + 1]++;
    for (uint32_t c = 1; c <= TITLE_CPS_CAP + 1; c++)
        start[c] += start[c - 1];
    ix->by_length = xmalloc((n ? n : 1) * sizeof *ix->by_length);
    for (uint32_t i = 0; i < n; i++)
        ix->by_length[start[ix->title_cps[i]]++] = i;
    free(start);
    ix->in_view = xcalloc(n / 64 + 1, sizeof *ix->in_view);
}

void index_warm(paper_index *ix)
{
    uint32_t n = ix->cat->nentries ? ix->cat->nentries : 1;
    if (!ix->by_length)
        order_by_length(ix);
    rank_reserve(ix, n);
    memset(ix->rank_order, 0, n * sizeof *ix->rank_order);
    memset(ix->rank_key, 0, n * sizeof *ix->rank_key);
    memset(ix->rank_bound, 0, n * sizeof *ix->rank_bound);
    memset(ix->rank_tmp, 0, n * sizeof *ix->rank_tmp);
    if (!ix->follow) /* calloc's pages are touched only when written */
        ix->follow = xmalloc(n * sizeof *ix->follow);
    memset(ix->follow, 0, n * sizeof *ix->follow);
    /* and the stamps, written by the first search */
    memset(ix->resume, 0, n * sizeof *ix->resume);
    /* what the idle pass keeps for a letter more (grow_begin), written by
     * the first word's passes: 17 MB at 1M, whose first touch made that
     * word's held letters the slowest of the held test (80-100 ms) */
    if (!ix->grow) { /* as follow: written now, so its pages are touched */
        ix->grow = xmalloc(n * sizeof *ix->grow);
        ix->grow_stamp = xmalloc(n);
        memset(ix->grow, 0, n * sizeof *ix->grow);
        memset(ix->grow_stamp, 0, n); /* 0: nothing kept */
    }
    recent_warm(ix);
    settled_warm(ix);
    index_values_build(ix);
}

void index_forget_searches(paper_index *ix)
{
    recent_forget(ix);
}

void index_free(paper_index *ix)
{
    if (!ix)
        return;
    index_free_sorts(ix);
    if (!ix->borrowed) {
        free(ix->title_mask);
        free(ix->title_cps);
        free(ix->title_len);
        free(ix->title_bonus);
        for (int w = 0; w < 4; w++)
            free(ix->title_tri[w]);
    }
    free(ix->chosen);
    free(ix->title);
    free(ix->rank_order);
    free(ix->rank_start);
    free(ix->rank_pos);
    free(ix->rank_key);
    free(ix->rank_bound);
    free(ix->rank_tmp);
    free(ix->marks);
    free(ix->records);
    free(ix->resume);
    free(ix->follow);
    free(ix->grow);
    free(ix->grow_stamp);
    free(ix->grow_order);
    free(ix->grow_order_bound);
    free(ix->grow_order_has);
    free(ix->by_length);
    free(ix->in_view);
    free(ix->resume_text);
    settled_free(ix);
    recent_free(ix);
    index_values_free(ix);
    query_free(ix->worker_query);
    free(ix);
}

/* The parts in this order: mask, bonus (8 bytes each), len (4), cps (2),
 * the four words of the trigram sets (8 each). */
size_t index_summary_item_size(int k)
{
    static const size_t sizes[INDEX_SUMMARY_PARTS] = {8, 8, 4, 2, 8, 8, 8, 8};
    return k >= 0 && k < INDEX_SUMMARY_PARTS ? sizes[k] : 0;
}

const void *index_summary_part(const paper_index *ix, int k)
{
    const void *parts[INDEX_SUMMARY_PARTS] = {ix->title_mask,   ix->title_bonus,  ix->title_len,
                                              ix->title_cps,    ix->title_tri[0], ix->title_tri[1],
                                              ix->title_tri[2], ix->title_tri[3]};
    return k >= 0 && k < INDEX_SUMMARY_PARTS ? parts[k] : NULL;
}

/* Whether kept summaries are this build's: the first titles, some spread
 * over the list and the last are summarised again and compared. */
#define SUMMARY_SAMPLE 64
static bool summaries_agree(const paper_index *ix)
{
    uint32_t n = ix->cat->nentries;
    for (uint32_t k = 0; k < SUMMARY_SAMPLE * 2 && k < n; k++) {
        uint32_t i = k < SUMMARY_SAMPLE
                       ? k
                       : (uint32_t)((uint64_t)n * (k - SUMMARY_SAMPLE) / SUMMARY_SAMPLE);
        if (k == SUMMARY_SAMPLE * 2 - 1)
            i = n - 1;
        title_summary s = summarise(ix->cat->entries[i].title);
        if (s.mask != ix->title_mask[i] || s.bonus != ix->title_bonus[i]
            || s.len != ix->title_len[i] || s.cps != ix->title_cps[i])
            return false;
        for (int w = 0; w < 4; w++)
            if (s.tri.bits[w] != ix->title_tri[w][i])
                return false;
    }
    return true;
}

paper_index *index_build_with(const catalog *c, const void *const parts[INDEX_SUMMARY_PARTS])
{
    paper_index *ix = index_new(c);
    ix->borrowed = true;
    ix->title_mask = (uint64_t *)parts[0];
    ix->title_bonus = (uint64_t *)parts[1];
    ix->title_len = (uint32_t *)parts[2];
    ix->title_cps = (uint16_t *)parts[3];
    for (int w = 0; w < 4; w++)
        ix->title_tri[w] = (uint64_t *)parts[4 + w];
    if (!summaries_agree(ix)) {
        index_free(ix);
        return NULL;
    }
    return ix;
}

const catalog *index_catalog(const paper_index *ix)
{
    return ix->cat;
}

void index_set_marks(paper_index *ix, uint32_t id, unsigned flags)
{
    if (id < ix->cat->nentries && ix->marks[id] != (uint8_t)(flags & MARK_ALL)) {
        ix->nnew -= (ix->marks[id] & MARK_NEW) != 0; /* the user's marks hold no MARK_NEW */
        ix->marks[id] = (uint8_t)(flags & MARK_ALL);
        recent_forget(ix);
    }
}

unsigned index_marks(const paper_index *ix, uint32_t id)
{
    return id < ix->cat->nentries ? ix->marks[id] : 0;
}

void index_load_marks(paper_index *ix, const marks_store *m)
{
    recent_forget(ix);
    ix->nnew = 0;
    for (uint32_t i = 0; i < ix->cat->nentries; i++) {
        ix->marks[i] = (uint8_t)marks_of_entry(m, &ix->cat->entries[i]);
        ix->nnew += (ix->marks[i] & MARK_NEW) != 0;
    }
}

uint32_t index_count_new(const paper_index *ix)
{
    return ix->nnew;
}

void index_set_records(paper_index *ix, const arxiv_store *s)
{
    recent_forget(ix);
    free(ix->records);
    ix->records = NULL;
    if (!s || arxiv_store_count(s) == 0)
        return;
    ix->records = xcalloc(ix->cat->nentries ? ix->cat->nentries : 1, sizeof(const arxiv_record *));
    for (uint32_t i = 0; i < ix->cat->nentries; i++)
        ix->records[i] = arxiv_store_get(s, ix->cat->entries[i].arxiv);
}

const arxiv_record *index_record(const paper_index *ix, uint32_t id)
{
    return ix->records && id < ix->cat->nentries ? ix->records[id] : NULL;
}

query_result index_match_id(const paper_index *ix, const query *q, uint32_t id, double *score,
                            query_error *err)
{
    query_match_opts opts = {.tlen = ix->title_len[id],
                             .marks = ix->marks[id],
                             .record = index_record(ix, id),
                             .title = ix->title[id]};
    return query_match_with(q, ix->cat, &ix->cat->entries[id], &opts, score, err);
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

void view_reserve(view *v, uint32_t n)
{
    if (n <= v->cap && v->ids) /* an empty view still gets arrays */
        return;
    free(v->ids);
    free(v->scores);
    v->ids = xmalloc(n * sizeof *v->ids);
    v->scores = xmalloc(n * sizeof *v->scores);
    v->cap = n;
}

/* --- matching ----------------------------------------------------------- */

/* One slice of the candidates, tested by one thread. */
typedef struct match_job {
    PAR_JOB_ALIGN const paper_index *ix;
    const query *q;
    uint64_t need;                     /* query_title_mask */
    bool need_decides;                 /* query_title_mask_decides: no title is read */
    uint64_t skip;                     /* groups known to hold (query_groups_implied) */
    bool timed;                        /* a regex query: give up past REGEX_BUDGET_MS */
    double started_ms, started_cpu_ms; /* clocks when the slice began */
    uint16_t *resume;                  /* ix->resume, or NULL: no term to go on with or keep */
    uint16_t gen_in, gen_out;          /* stamps to go on from (0: none) and to write */
    int32_t resume_term, record_term;  /* query_resume's term and record */
    uint32_t letters;                  /* query_resume's letters */
    const uint32_t *list;              /* candidates by id, or NULL for a range */
    uint32_t begin, end;               /* slice of list, or the id range */
    uint32_t *out;                     /* room for end - begin ids */
    uint32_t n;
    int failed;
    bool abandoned; /* stopped: the search is stale */
    query_error err;
    /* query_grown_letter's bit, 0: none; then an entry whose follow holds
     * its kept end is decided by that bit (ix->follow) */
    uint64_t grown_bit;
    const uint64_t *follow;
    uint32_t n_grown; /* candidates decided so */
    /* groups on value fields, tested once a value (index_value_filter) */
    const value_filter *values;
    uint64_t all;      /* query_groups_all */
    uint32_t n_values; /* candidates that passed them */
    bool reads_title;  /* a test may read the title (else none is fetched ahead) */
    /* query_title_starts: a title whose first letter is known (by its
     * summary) and not one of these is no match */
    bool starts_known;
    uint32_t starts;
    /* query_lone_term: the one term left to test, NULL when more are; then
     * lone_term is its number */
    const fuzzy_needle *lone;
    int32_t lone_term;
} match_job;

static double clock_ms(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Past the budget in wall time (cheap to read), and not only because
 * other programs took the processor: this thread itself has used most of
 * it (its CPU time costs a system call, so it is read only then). */
static bool over_budget(const match_job *job)
{
    /* valgrind is that much slower: the same search must not give up there */
    double budget = REGEX_BUDGET_MS * (under_valgrind() ? UNDER_VALGRIND_SLOWDOWN : 1);
    return clock_ms(CLOCK_MONOTONIC) - job->started_ms > budget
        && clock_ms(CLOCK_THREAD_CPUTIME_ID) - job->started_cpu_ms > budget * 2 / 3;
}

/* True when entry id's stamp is the previous search's: then *from is
 * where its match of the grown term ended. */
static inline bool kept_end(const match_job *job, uint32_t id, uint32_t *from)
{
    uint16_t stamp = job->resume ? job->resume[id] : 0;
    if (!job->gen_in || stamp >> 12 != job->gen_in)
        return false;
    *from = stamp & RESUME_END_MAX;
    return true;
}

/* Stamps entry id with where this search's match ends (when a stamp can
 * hold it), for the next key to go on from. */
static inline void keep_end(match_job *job, uint32_t id, size_t end)
{
    if (end <= RESUME_END_MAX)
        job->resume[id] = (uint16_t)(job->gen_out << 12 | end);
}

/* Tests entry id going on from where the previous search's match of the
 * grown term ended (when its stamp is that search's), and keeps where
 * this one's ends. */
static query_result test_resuming(match_job *job, uint32_t id, uint64_t skip)
{
    query_resume rs = {-1, 0, 0, job->record_term, false, 0};
    if (kept_end(job, id, &rs.from)) {
        rs.term = job->resume_term;
        rs.letters = job->letters;
    }
    query_match_opts opts = {job->ix->title_len[id],    job->ix->marks[id], skip, &rs,
                             index_record(job->ix, id), job->ix->title[id]};
    query_result r = query_match_with(job->q, job->ix->cat, &job->ix->cat->entries[id], &opts, NULL,
                                      &job->err);
    if (r == QUERY_MATCH && rs.ended)
        keep_end(job, id, rs.end);
    return r;
}

/* test_resuming for a search with one fuzzy term left to test (job->lone):
 * the same test and the same match end kept, without query_match_with's
 * walk of the groups and terms, which costs as much as the test of a
 * short word at 1M titles. */
static bool lone_matches(match_job *job, uint32_t id)
{
    uint32_t letters = 0, from = 0;
    size_t end;
    if (job->resume_term == job->lone_term && kept_end(job, id, &from))
        letters = job->letters;
    if (!fuzzy_match_from(job->lone, job->ix->title[id], job->ix->title_len[id], letters, from,
                          &end))
        return false;
    if (job->resume && job->record_term == job->lone_term)
        keep_end(job, id, end);
    return true;
}

/* True when entry id's letters after its kept match end are known
 * (index_prepare_growth): its stamp is the previous search's, and follow
 * was taken at that end. */
static inline bool grown_decides(const match_job *job, uint32_t id)
{
    uint16_t stamp = job->resume[id];
    return stamp >> 12 == job->gen_in
        && job->follow[id] >> FOLLOW_SHIFT == ((stamp & RESUME_END_MAX) | FOLLOW_VALID);
}

/* False when entry id's title starts with a letter no match starts with
 * (query_title_starts), which its summary tells without the title. */
static inline bool starts_pass(const match_job *job, uint32_t id)
{
    if (!job->starts_known)
        return true;
    uint32_t first = fuzzy_bonus_first_ascii(job->ix->title_bonus[id]);
    return !first || (job->starts >> (first - 1) & 1);
}

/* Where the test of entry id reads its title first: where a resumed
 * match goes on from; NULL when its follow letters or its first letter
 * decide it, which reads no title. */
static inline const char *title_read_at(const match_job *job, uint32_t id)
{
    if ((job->grown_bit && grown_decides(job, id)) || !starts_pass(job, id))
        return NULL;
    uint32_t from = 0; /* kept_end leaves it when there is none */
    kept_end(job, id, &from);
    return job->ix->title[id] + from;
}

/* Whether entry id passes the groups values decides. */
static inline bool values_pass(const value_filter *values, uint32_t id)
{
    for (uint32_t j = 0; j < values->n; j++) {
        const value_test *t = &values->t[j];
        if ((t->holds[t->of[id]] & t->groups) != t->groups)
            return false;
    }
    return true;
}

static void match_slice(void *arg)
{
    match_job *job = arg;
    if (job->timed) {
        job->started_ms = clock_ms(CLOCK_MONOTONIC);
        job->started_cpu_ms = clock_ms(CLOCK_THREAD_CPUTIME_ID);
    }
    const uint64_t *mask = job->ix->title_mask;
    const entry *entries = job->ix->cat->entries;
    for (uint32_t k = job->begin; k < job->end; k++) {
        uint32_t id = job->list ? job->list[k] : k;
        /* The titles are far apart in memory: ask for one a few
         * candidates ahead, so its test does not wait on it. (In the loop:
         * GCC drops a call to a function that only prefetches.) */
        if (job->reads_title && k + PREFETCH_AHEAD < job->end) {
            const char *ahead = title_read_at(job, job->list ? job->list[k + PREFETCH_AHEAD]
                                                             : k + PREFETCH_AHEAD);
            if (ahead)
                __builtin_prefetch(ahead);
        }
        /* A regex can be slow on every title without ever reaching its
         * per-title limits: past the budget, the search gives up. */
        if (job->timed && (k - job->begin) % BUDGET_CHECK_EVERY == BUDGET_CHECK_EVERY - 1
            && over_budget(job)) {
            query_regex_timeout(job->q, REGEX_BUDGET_MS, &job->err);
            job->failed = 1;
            break;
        }
        if ((k - job->begin) % STALE_CHECK_EVERY == STALE_CHECK_EVERY - 1
            && index_search_stale(job->ix)) {
            job->abandoned = true;
            break;
        }
        if (job->need && (mask[id] & job->need) != job->need) /* 8 bytes an entry */
            continue;
        if (!starts_pass(job, id))
            continue;
        uint64_t skip = job->skip;
        if (job->values->n) {
            if (!values_pass(job->values, id))
                continue;
            job->n_values++;
            skip |= job->values->groups;
            if ((skip & job->all) == job->all) { /* nothing but values to test */
                job->out[job->n++] = id;
                continue;
            }
        }
        if (job->need_decides) {
            job->out[job->n++] = id;
            continue;
        }
        if (job->grown_bit && grown_decides(job, id)) {
            job->n_grown++;
            if (job->follow[id] & job->grown_bit)
                job->out[job->n++] = id;
            continue;
        }
        if (job->lone) {
            if (lone_matches(job, id))
                job->out[job->n++] = id;
            continue;
        }
        query_result r;
        if (job->resume) {
            r = test_resuming(job, id, skip);
        } else {
            query_match_opts opts = {job->ix->title_len[id],    job->ix->marks[id], skip, NULL,
                                     index_record(job->ix, id), job->ix->title[id]};
            r = query_match_with(job->q, job->ix->cat, &entries[id], &opts, NULL, &job->err);
        }
        if (r == QUERY_FAILED) {
            job->failed = 1;
            break;
        }
        if (r == QUERY_MATCH)
            job->out[job->n++] = id;
    }
}

void index_set_stale_check(paper_index *ix, index_stale_fn *fn, void *arg)
{
    ix->stale = fn;
    ix->stale_arg = arg;
}

void index_abandon(paper_index *ix)
{
    atomic_fetch_add(&ix->generation, 1);
}

bool index_search_stale(const paper_index *ix)
{
    /* the generation is the one thing another thread writes */
    atomic_uint *gen = (atomic_uint *)&ix->generation;
    if (ix->stale && ix->stale(ix->stale_arg))
        atomic_fetch_add(gen, 1);
    return atomic_load_explicit(gen, memory_order_relaxed) != ix->search_gen;
}

bool index_stale(paper_index *ix)
{
    return index_search_stale(ix);
}

/* The second thread's own copy of q: compiled PCRE2 match data is per
 * query, so two threads cannot share one. Kept while the text is the same. */
const query *index_worker_query(paper_index *ix, const query *q)
{
    if (ix->worker_query && strcmp(query_text(ix->worker_query), query_text(q)) == 0)
        return ix->worker_query;
    query_free(ix->worker_query);
    ix->worker_query = query_clone(q);
    return ix->worker_query;
}

/* No match ends to read until a search writes some (index_resume_begin),
 * and no entry decided by its follow letters. */
static void resume_forget(paper_index *ix)
{
    free(ix->resume_text);
    ix->resume_text = NULL;
    ix->grown.out = 0;
    ix->grown.decided = 0;
}

/* Starts a generation of match ends, written for text's search, and
 * returns it. */
uint16_t index_resume_begin(paper_index *ix, const char *text)
{
    if (ix->resume_gen == RESUME_GENS) {
        /* Out of generations: the readable one's stamps become the first
         * generation's, every other stamp is forgotten. */
        for (uint32_t i = 0; i < ix->cat->nentries; i++) {
            uint16_t stamp = ix->resume[i];
            ix->resume[i] = ix->resume_read && stamp >> 12 == ix->resume_read
                              ? (uint16_t)(1u << 12 | (stamp & RESUME_END_MAX))
                              : 0;
        }
        ix->resume_gen = 1;
    }
    /* a search that decides entries by their follow letters says so after */
    resume_forget(ix);
    ix->resume_text = xstrdup(text);
    ix->resume_read = ++ix->resume_gen;
    return (uint16_t)ix->resume_gen;
}

/* After a search stopped half way: the one before it, prev, is the latest
 * whole search again, its stamps (generation gen) readable as before, and
 * what it decided by follow letters when grown (what ix->grown was before
 * the stopped search) is its; the stopped search's stamps are of a
 * generation none reads. gen 0: prev left no stamps to read. */
static void resume_back_to(paper_index *ix, const query *prev, uint16_t gen,
                           const grown_search *grown)
{
    resume_forget(ix);
    if (!prev || !gen)
        return;
    ix->resume_text = xstrdup(query_text(prev));
    ix->resume_read = gen;
    if (grown->out == gen)
        ix->grown = *grown;
}

/* Sets up job's resume fields for a search of q whose candidates prev
 * matched (prev NULL: any candidates), and makes it ix's latest search. */
static void resume_setup(paper_index *ix, const query *q, const query *prev, uint64_t skip,
                         match_job *job)
{
    job->resume = NULL;
    job->gen_in = job->gen_out = 0;
    job->resume_term = -1;
    job->letters = 0;
    job->record_term = query_resume_term(q);
    job->grown_bit = 0;
    job->follow = ix->follow;
    if (prev && ix->resume_read && ix->resume_text && strcmp(ix->resume_text, query_text(prev)) == 0
        && query_resume_from(prev, q, &job->resume_term, &job->letters))
        job->gen_in = (uint16_t)ix->resume_read;
    resume_forget(ix);
    if (job->record_term < 0)
        return;
    if (ix->resume_gen == RESUME_GENS && job->gen_in)
        job->gen_in = 1; /* resume_begin renumbers the readable stamps so */
    job->gen_out = index_resume_begin(ix, query_text(q));
    job->resume = ix->resume;
    if (job->gen_in && ix->follow && job->resume_term == job->record_term)
        job->grown_bit = query_grown_letter(q, job->resume_term, job->letters, skip);
}

/* The test knob's delay before a search; false when it went stale. */
static bool slow_search_for_tests(paper_index *ix)
{
    static long ms = -1;
    if (ms < 0)
        ms = testhooks_env_ms("PAPERDECK_TEST_SLOW_SEARCH");
    for (long waited = 0; waited < ms; waited++) {
        if (index_search_stale(ix))
            return false;
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    }
    return true;
}

/* Puts the ids q matches among the candidates (list[0..n) or, when list is
 * NULL, the ids [from, from + n)) into ids, in candidate order; prev, when
 * not NULL, matched every candidate. Returns the count, -1 when a regex
 * gave up, or INDEX_ABANDONED. */
static int64_t match_candidates(paper_index *ix, const query *q, const query *prev, uint64_t skip,
                                const uint32_t *list, uint32_t from, uint32_t n, uint32_t *ids,
                                query_error *err)
{
    ix->value_decided = 0;
    if (!slow_search_for_tests(ix))
        return INDEX_ABANDONED;
    /* Every group holds for every candidate (a space typed, say): they
     * are the result, without reading an entry. */
    uint64_t all = query_groups_all(q);
    if (list && all && (skip & all) == all) {
        memmove(ids, list + from, n * sizeof *ids);
        /* No match ends were found; index_prepare_growth finds them for
         * a term to go on with ("linear a" after "linear "). */
        resume_forget(ix);
        if (query_resume_term(q) >= 0)
            index_resume_begin(ix, query_text(q));
        return n;
    }
    uint64_t need = query_title_mask(q);
    value_filter values;
    if (index_value_filter(ix, q, skip, n, &values, err) < 0)
        return -1;
    uint32_t base = list ? 0 : from;
    match_job jobs[2];
    int njobs = 1;
    const query *other = n >= PARALLEL_MIN ? index_worker_query(ix, q) : NULL;
    bool timed = query_has_regex(q);
    match_job resume;
    grown_search grown_before = ix->grown;
    resume_setup(ix, q, prev, skip, &resume);
    bool need_decides = query_title_mask_decides(q);
    int32_t lone_term = query_lone_term(q, skip | (values.n ? values.groups : 0));
    uint32_t starts;
    bool starts_known = query_title_starts(q, &starts);
    jobs[0] = (match_job){ix,
                          q,
                          need,
                          need_decides,
                          skip,
                          timed,
                          0,
                          0,
                          resume.resume,
                          resume.gen_in,
                          resume.gen_out,
                          resume.resume_term,
                          resume.record_term,
                          resume.letters,
                          list,
                          base,
                          base + n,
                          ids,
                          0,
                          0,
                          false,
                          {0},
                          resume.grown_bit,
                          resume.follow,
                          0,
                          &values,
                          all,
                          0,
                          !need_decides && ((skip | values.groups) & all) != all,
                          starts_known,
                          starts,
                          query_term_needle(q, lone_term),
                          lone_term};
    if (other) {
        uint32_t half = n / 2;
        jobs[0].end = base + half;
        jobs[1] = jobs[0];
        jobs[1].q = other;
        jobs[1].lone = query_term_needle(other, jobs[1].lone_term);
        jobs[1].begin = base + half;
        jobs[1].end = base + n;
        jobs[1].out = ids + half;
        par_run2(match_slice, &jobs[0], &jobs[1]);
        njobs = 2;
    } else {
        match_slice(&jobs[0]);
    }
    if (jobs[0].abandoned || (njobs == 2 && jobs[1].abandoned)) {
        /* The match ends it wrote are not a whole search's: the next key
         * goes on from prev's, those this one did not overwrite. */
        resume_back_to(ix, prev, resume.gen_in, &grown_before);
        return INDEX_ABANDONED;
    }
    for (int j = 0; j < njobs; j++) {
        if (jobs[j].failed) {
            if (err)
                *err = jobs[j].err;
            return -1;
        }
    }
    ix->value_decided = jobs[0].n_values + (njobs == 2 ? jobs[1].n_values : 0);
    if (resume.grown_bit) {
        ix->grown.in = resume.gen_in;
        ix->grown.out = resume.gen_out;
        ix->grown.letters = resume.letters;
        ix->grown.decided = jobs[0].n_grown + (njobs == 2 ? jobs[1].n_grown : 0);
    }
    uint32_t total = jobs[0].n;
    if (njobs == 2) {
        memmove(ids + total, jobs[1].out, jobs[1].n * sizeof *ids);
        total += jobs[1].n;
    }
    return total;
}

/* --- preparing the next keystroke --------------------------------------- */

typedef struct prepare_job {
    PAR_JOB_ALIGN paper_index *ix;
    const fuzzy_needle *nd; /* the term a keystroke would grow */
    /* The first pass keeps each match's follow letters, which decide the
     * next letter's search; the second also what ranks the term grown
     * (ix->grow), which costs three times as much. */
    bool grow;
    const uint32_t *ids;
    uint32_t begin, end;
    bool abandoned;
    /* The first pass also puts each match's summary bound for the term
     * (plan, NULL: none) in bound[k], and the highest finite one in top;
     * a later one takes only the matches whose bound is at least hot_at
     * (tier 1) or below it (tier 2), or all of them (tier 0). */
    const query_bound_plan *plan;
    double *bound;
    double top, hot_at;
    int tier;
} prepare_job;

/* Where entry id's match of the term ends, stamped for the latest search:
 * kept by that search, or found going on from where an earlier one ended
 * (a search that decided the entry by its follow letters left it there);
 * false when the end is past what a stamp holds. */
static bool prepared_end(paper_index *ix, const fuzzy_needle *nd, uint32_t id, size_t *end)
{
    uint16_t stamp = ix->resume[id];
    unsigned gen = ix->resume_read;
    if (stamp >> 12 == gen) {
        *end = stamp & RESUME_END_MAX;
        return true;
    }
    size_t from = 0;
    uint32_t letters = 0;
    if (ix->grown.out == gen && ix->grown.in && stamp >> 12 == ix->grown.in) {
        from = stamp & RESUME_END_MAX;
        letters = ix->grown.letters;
    }
    /* every match holds the term: this only finds where */
    if (!fuzzy_match_from(nd, ix->title[id], ix->title_len[id], letters, from, end)
        || *end > RESUME_END_MAX)
        return false;
    ix->resume[id] = (uint16_t)(gen << 12 | *end);
    return true;
}

static void prepare_slice(void *arg)
{
    prepare_job *job = arg;
    paper_index *ix = job->ix;
    for (uint32_t k = job->begin; k < job->end; k++) {
        if ((k - job->begin) % STALE_CHECK_EVERY == STALE_CHECK_EVERY - 1
            && index_search_stale(ix)) {
            job->abandoned = true;
            return;
        }
        /* A tier skips titles here and there, which the processor does not
         * see coming: the title a few matches ahead is asked for, when
         * this pass will read it. */
        if (job->tier && k + PREFETCH_AHEAD < job->end
            && (job->bound[k + PREFETCH_AHEAD] >= job->hot_at) == (job->tier == 1))
            __builtin_prefetch(ix->title[job->ids[k + PREFETCH_AHEAD]]);
        uint32_t id = job->ids[k];
        if (job->plan) {
            double b = query_bound_plan_eval(job->plan, ix->title_bonus[id],
                                             PAIRS_OF(ix->title_mask[id]), ix->title_cps[id]);
            job->bound[k] = b;
            if (b < FUZZY_SCORE_MAX && b > job->top)
                job->top = b;
        } else if (job->tier && (job->bound[k] >= job->hot_at) != (job->tier == 1)) {
            continue;
        }
        size_t end;
        if (!prepared_end(ix, job->nd, id, &end))
            continue;
        uint64_t at = (uint64_t)(end | FOLLOW_VALID) << FOLLOW_SHIFT, letters;
        bool follow_kept = (ix->follow[id] & ~(((uint64_t)1 << FOLLOW_SHIFT) - 1)) == at;
        if (job->grow) {
            /* the first pass kept the follow letters, unless a search
             * moved the end since */
            if (ix->grow_stamp[id] != ix->grow_gen
                && fuzzy_grow_scan(job->nd, ix->title[id], ix->title_len[id], end, &ix->grow[id],
                                   follow_kept ? NULL : &letters)) {
                ix->grow_stamp[id] = ix->grow_gen;
                if (!follow_kept)
                    ix->follow[id] = at | letters;
            }
        } else if (!follow_kept) {
            ix->follow[id] = at | fuzzy_follow_letters(ix->title[id], ix->title_len[id], end);
        }
    }
}

/* Whether the idle pass keeps what ranks nd grown by a letter: only for a
 * query ranked by nd alone (its one fuzzy group) and a needle
 * fuzzy_grow_scan takes. Kept results of another needle are dropped (a
 * new stamp); those of nd (a pass stopped half way) stay. */
static bool grow_begin(paper_index *ix, const query *q, const fuzzy_needle *nd)
{
    if (!nd->scan_ok || nd->n == 0 || nd->case_sensitive || query_fuzzy_groups(q) != 1)
        return false;
    if (!ix->grow) {
        ix->grow = xmalloc(ix->cat->nentries * sizeof *ix->grow);
        ix->grow_stamp = xcalloc(ix->cat->nentries, 1);
    }
    if (ix->grow_gen && ix->grow_needle.n == nd->n
        && memcmp(ix->grow_needle.cps, nd->cps, nd->n * sizeof *nd->cps) == 0)
        return true;
    if (ix->grow_gen == UINT8_MAX) {
        memset(ix->grow_stamp, 0, ix->cat->nentries);
        ix->grow_gen = 0;
        ix->grow_order_gen = 0; /* its generation may come again */
    }
    ix->grow_gen++;
    ix->grow_needle = *nd;
    return true;
}

/* The term being typed's part of index_prepare_growth: its matches' ends
 * and follow letters, what a pass over each title keeps for the term with
 * a letter more, and the order the next letter's ranking visits. */
static int prepare_typed_term(paper_index *ix, const query *q, const view *v)
{
    int32_t term = query_resume_term(q);
    const fuzzy_needle *nd = query_term_needle(q, term);
    /* The stamps must be this query's: its search was the latest. */
    if (!nd || nd->case_sensitive || !ix->resume_read || !ix->resume_text
        || strcmp(ix->resume_text, query_text(q)) != 0 || v->n == 0)
        return 0;
    if (!ix->follow)
        ix->follow = xcalloc(ix->cat->nentries, sizeof *ix->follow);
    bool grow = grow_begin(ix, q, nd);
    ix->search_gen = atomic_load(&ix->generation);
    /* With a plan, the bounds pass goes near the top first: the next
     * letter's ranking bounds only those from what it keeps, so a key
     * that comes before the pass ends finds them done. */
    query_bound_plan plan;
    bool tiers = grow && v->n >= BOUND_PLAN_MIN && query_bound_plan_init(q, &plan);
    if (tiers) /* the bounds go in the ranking's scratch, free between keys */
        rank_reserve(ix, v->n);
    double top = -INFINITY;
    /* follow letters for every match first: a key that comes before the
     * second pass ends still finds its search decided */
    for (int pass = 0; pass < (grow ? (tiers ? 3 : 2) : 1); pass++) {
        prepare_job job = {ix,
                           nd,
                           pass > 0,
                           v->ids,
                           0,
                           v->n,
                           false,
                           tiers && pass == 0 ? &plan : NULL,
                           ix->rank_tmp,
                           -INFINITY,
                           top - GROW_HOT_MARGIN,
                           tiers ? pass : 0};
        prepare_job jobs[2] = {job, job};
        if (v->n >= PARALLEL_MIN) {
            jobs[0].end = jobs[1].begin = v->n / 2;
            par_run2(prepare_slice, &jobs[0], &jobs[1]);
        } else {
            prepare_slice(&jobs[0]);
        }
        if (jobs[0].abandoned || jobs[1].abandoned)
            return INDEX_ABANDONED;
        if (pass == 0)
            top = jobs[0].top > jobs[1].top ? jobs[0].top : jobs[1].top;
        /* The order the next letter's ranking visits the matches in: once
         * the matches near the top are done (the others bounded as a
         * whole, which usually settles the ranking), then with them all. */
        if (pass > 0 && v->n >= GROW_ORDER_MIN) {
            bool near_only = tiers && pass == 1;
            if (grow_order_build(ix, v, near_only ? ix->rank_tmp : NULL, top - GROW_HOT_MARGIN)
                != 0)
                return INDEX_ABANDONED;
        }
    }
    return 0;
}

int index_prepare_growth(paper_index *ix, const query *q, const view *v)
{
    int rc = prepare_typed_term(ix, q, v);
    return rc != 0 ? rc : settled_prepare(ix, q, v);
}

static void scope_range(const catalog *c, int32_t scope, uint32_t *begin, uint32_t *end)
{
    *begin = 0;
    *end = c->nentries;
    if (scope >= 0 && (uint32_t)scope < c->nsections) {
        *begin = c->sections[scope].entry_begin;
        *end = c->sections[scope].entry_end;
    }
}

int index_filter(paper_index *ix, const query *q, int32_t scope, view *out, query_error *err)
{
    const catalog *c = ix->cat;
    uint32_t begin, end;
    scope_range(c, scope, &begin, &end);
    view_reserve(out, end - begin);
    out->n = out->nranked = 0;
    ix->search_gen = atomic_load(&ix->generation);
    if (!q || query_is_empty(q)) {
        for (uint32_t i = begin; i < end; i++) {
            out->ids[out->n] = i;
            out->scores[out->n++] = 0;
        }
        out->nranked = out->n;
        return 0;
    }
    int64_t n = match_candidates(ix, q, NULL, 0, NULL, begin, end - begin, out->ids, err);
    if (n < 0)
        return (int)n;
    out->n = out->nranked = (uint32_t)n;
    bool ranked = query_is_ranked(q);
    for (uint32_t k = 0; k < out->n; k++) {
        double score = 0;
        if (ranked)
            index_match_id(ix, q, out->ids[k], &score, NULL);
        out->scores[k] = score;
    }
    return 0;
}

/* The scope as a key: every scope that means the whole list is -1. */
static int32_t scope_key(const catalog *c, int32_t scope)
{
    return scope >= 0 && (uint32_t)scope < c->nsections ? scope : -1;
}

/* ids[0..head) in any order, ids[head..n) ascending: sorts the head
 * (insertion sort: it is a screenful) and merges it in from the back. */
static void merge_head(uint32_t *ids, uint32_t head, uint32_t n)
{
    uint32_t tmp[MERGE_HEAD_MAX];
    for (uint32_t i = 0; i < head; i++) {
        uint32_t v = ids[i], j = i;
        for (; j > 0 && tmp[j - 1] > v; j--)
            tmp[j] = tmp[j - 1];
        tmp[j] = v;
    }
    /* Merge tmp[0..head) with ids[head..n) into ids[0..n), smallest first:
     * the write position w = a + b - head never passes the read position b
     * (it reaches it only once tmp is used up). */
    uint32_t a = 0, b = head, w = 0;
    while (a < head) {
        if (b < n && ids[b] < tmp[a])
            ids[w++] = ids[b++];
        else
            ids[w++] = tmp[a++];
    }
}

int index_search(paper_index *ix, const query *q, int32_t scope, const view *within, uint32_t top,
                 view *out, query_error *err)
{
    return index_search_from(ix, q, NULL, scope, within, top, out, err);
}

int index_search_from(paper_index *ix, const query *q, const query *prev, int32_t scope,
                      const view *within, uint32_t top, view *out, query_error *err)
{
    if (!q || query_is_empty(q))
        return index_filter(ix, q, scope, out, err);
    const catalog *c = ix->cat;
    int32_t key = scope_key(c, scope);
    ix->search_gen = atomic_load(&ix->generation);
    if (recent_reuse(ix, q, key, top, out))
        return 0;
    /* Nothing to narrow from and nothing to rank: a plain filter. */
    if (!within && !query_is_ranked(q)) {
        int rc = index_filter(ix, q, scope, out, err);
        if (rc == 0)
            recent_store(ix, query_text(q), key, out->ids, out->n);
        return rc;
    }
    uint32_t begin, end;
    scope_range(c, scope, &begin, &end);
    int64_t n;
    if (within) {
        view_reserve(out, within->n);
        n = match_candidates(ix, q, prev, query_groups_implied(prev, q), within->ids, 0, within->n,
                             out->ids, err);
        if (n >= 0) {
            /* A ranked previous result is out of document order. */
            uint32_t kept = 0;
            for (uint32_t i = 0; i < (uint32_t)n; i++)
                if (out->ids[i] >= begin && out->ids[i] < end)
                    out->ids[kept++] = out->ids[i];
            n = kept;
            /* Usually only the ranked head is out of order: sort it alone
             * and merge it into the rest. */
            uint32_t suffix = kept ? kept - 1 : 0;
            while (suffix > 0 && out->ids[suffix - 1] < out->ids[suffix])
                suffix--;
            bool in_order = suffix == 0;
            if (!in_order && suffix <= MERGE_HEAD_MAX) {
                merge_head(out->ids, suffix, kept);
                in_order = true;
            }
            if (!in_order) {
                sort_item *items = xmalloc((size_t)n * sizeof *items + 1);
                sort_item *tmp = xmalloc((size_t)n * sizeof *tmp + 1);
                for (uint32_t i = 0; i < (uint32_t)n; i++)
                    items[i] = (sort_item){.key = out->ids[i], .pos = i};
                index_radix_sort(items, tmp, (uint32_t)n);
                for (uint32_t i = 0; i < (uint32_t)n; i++)
                    out->ids[i] = (uint32_t)items[i].key;
                free(items);
                free(tmp);
            }
        }
    } else {
        view_reserve(out, end - begin);
        n = match_candidates(ix, q, NULL, 0, NULL, begin, end - begin, out->ids, err);
    }
    if (n < 0) {
        out->n = out->nranked = 0;
        return (int)n;
    }
    out->n = (uint32_t)n;
    recent *kept = recent_store(ix, query_text(q), key, out->ids, out->n);
    if (query_is_ranked(q)) {
        index_rank_top(ix, q, out, top); /* sets every score */
        recent_store_head(kept, out, top);
    } else {
        if (out->n)
            memset(out->scores, 0, out->n * sizeof *out->scores);
        out->nranked = out->n;
    }
    return 0;
}

/* index_rank, stoppable or not (index_rank_unless_stale). */
static bool rank_view(paper_index *ix, const query *q, view *v, uint32_t top, bool stoppable)
{
    if (!q || !query_is_ranked(q)) {
        v->nranked = v->n;
        return true;
    }
    return rank_top(ix, q, v, top, stoppable);
}

void index_rank(paper_index *ix, const query *q, view *v, uint32_t top)
{
    rank_view(ix, q, v, top, false);
}

bool index_rank_unless_stale(paper_index *ix, const query *q, view *v, uint32_t top)
{
    return rank_view(ix, q, v, top, true);
}

void index_keep_ranked(paper_index *ix, const query *q, int32_t scope, const view *v, uint32_t top)
{
    recent_keep_ranked(ix, q, scope_key(ix->cat, scope), v, top);
}

bool index_rank_kept(paper_index *ix, const query *q, int32_t scope, view *v, uint32_t top)
{
    return recent_rank_kept(ix, q, scope_key(ix->cat, scope), v, top);
}

void index_resume_kept(paper_index *ix, const query *q, int32_t scope, const view *v)
{
    recent_resume_kept(ix, q, scope_key(ix->cat, scope), v);
}

void index_rank_more(paper_index *ix, const query *q, view *v, uint32_t upto)
{
    if (v->nranked >= v->n || v->nranked >= upto)
        return;
    /* A few screens more: the best of a bigger top, twice what is asked
     * (scrolling on asks again rarely). Its head holds the head ranked
     * before (the best k of a total order are among the best 2k), and the
     * rest keeps its document order. */
    uint64_t k = 2 * (uint64_t)upto + RANK_MORE_MIN;
    if (q && query_is_ranked(q) && k * RANK_MORE_ALL < v->n) {
        index_rank_top(ix, q, v, (uint32_t)k);
        return;
    }
    /* Past the first screens: rank everything once, best first. */
    for (uint32_t i = 0; i < v->n; i++)
        index_match_id(ix, q, v->ids[i], &v->scores[i], NULL);
    index_sort(ix, v, SORT_SCORE, true);
    v->nranked = v->n;
}
