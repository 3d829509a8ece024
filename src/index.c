/* index: views over a catalog: filter, sort, section counts; see index.h.
 *
 * Sorting works on ranks: the first time a key is used, every entry of the
 * catalog is sorted once by that key and gets a dense rank (equal values,
 * equal rank). Sorting a view is then an integer sort of (missing, rank,
 * entry id) triples, which is fast, stable by construction (ties fall back to
 * the entry id, i.e. document order) and keeps "no value" last in either
 * direction. */
#include "paperdeck/index.h"
#include "paperdeck/xalloc.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "paperdeck/arxiv.h"
#include "paperdeck/fuzzy.h"
#include "paperdeck/under_valgrind.h"
#include "paperdeck/utf8.h"

#define RANK_MISSING UINT32_MAX
/* title_mask keeps the title's fuzzy_start_pairs above query_char_mask's
 * letters and digits (bits 0-35), which are all a query's mask asks for. */
#define PAIRS_SHIFT 36
#define PAIRS_OF(mask) ((uint32_t)((mask) >> PAIRS_SHIFT) & ((1u << FUZZY_PAIR_BITS) - 1))

/* Below this many candidates one thread is quicker than two. */
#define PARALLEL_MIN 20000
#define TITLE_CPS_CAP 1024 /* titles longer than this share one length bucket */
#define BOUND_STEP 0.002   /* width of a bucket of score bounds (rank_top) */
#define BOUND_BUCKETS 4096
#define BOUND_SLACK 1e-9   /* rounding room between a bound and a score */
#define RANK_ROUND_MIN 4096 /* matches rank_top's first round visits, at least */
#define PREFETCH_AHEAD 16  /* candidates between a prefetch and its use */
#define REGEX_BUDGET_MS 75 /* a regex search over the list gives up past this */
#define BUDGET_CHECK_EVERY 16
#define MERGE_HEAD_MAX 1024 /* an unordered head longer than this is radix sorted */
#define RESUME_END_MAX 4095 /* match ends kept in 12 bits (longer: not kept) */
#define RESUME_GENS 15      /* generations in the other 4 bits (0: none) */
#define RECENT_SLOTS 6      /* recent searches kept for a backspace (see recent) */

/* One recent search's result, kept so that typing back to its text (a
 * backspace after a typo) costs a copy instead of a search of the list. */
typedef struct recent {
    char *text;          /* query_text, NULL: an empty slot */
    int32_t scope;
    uint32_t *ids;       /* every match, in document order */
    uint16_t *ends;      /* parallel: its match end (ix->resume stamp, 0: none) */
    bool has_ends;       /* ends holds this result's (else it is only room) */
    uint32_t n, cap;
    uint32_t top;        /* the head was ranked for this top */
    uint32_t nhead;      /* head[0..nhead): the ranked head, best first */
    uint32_t *head_ids;
    double *head_scores;
    uint64_t used;       /* when last stored or reused (higher: later) */
} recent;

struct paper_index {
    const catalog *cat;
    uint32_t *ranks[SORT_KEY_COUNT]; /* per key, built on first use */
    /* Per entry, for skipping work: the letters and digits of the title
     * (query_char_mask) with its start pairs (PAIRS_SHIFT), and its
     * length in code points (capped). */
    uint64_t *title_mask;
    uint32_t *title_len;             /* bytes */
    uint16_t *title_cps;
    uint8_t *marks;                  /* per entry: MARK_* (is: terms test them) */
    query *worker_query;             /* the second thread's copy of a query */
    uint8_t *chosen;                 /* scratch: entries already ranked */
    uint64_t *title_bonus;           /* per entry: fuzzy_bonus_mask of the title */
    bool borrowed;                   /* the four arrays above are a cache's */
    /* Ranking scratch, kept from keystroke to keystroke (rank_reserve). */
    uint32_t *rank_order, *rank_start, *rank_pos;
    uint16_t *rank_key;
    double *rank_bound, *rank_tmp;
    uint32_t rank_cap;
    /* Per entry: where the last typed fuzzy term's greedy match ended (low
     * 12 bits, a byte offset), stamped with the generation of the search
     * that found it (high 4 bits), so the next keystroke, when that term
     * grew, goes on from there instead of matching it again. A stamp of
     * generation g was written by the search of generation g (or by the
     * reuse of a kept result, recent_restore_ends) since the stamps were
     * last cleared, which is what makes it safe to read. */
    uint16_t *resume;
    unsigned resume_gen;   /* the latest generation written, 0: none yet */
    char *resume_text;     /* that search's query */
    /* The last few searches' results (index_search_from), by query text;
     * they hold at most nentries ids between them. Forgotten when the
     * marks change (is: terms test them). */
    recent recent[RECENT_SLOTS];
    uint64_t recent_clock;
};

static const char *const sort_key_names[SORT_KEY_COUNT] = {
    "order", "title", "venue", "year", "date", "arxiv", "section", "score",
};

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

/* The per-title summaries of entries [begin, end). */
typedef struct build_job {
    paper_index *ix;
    uint32_t begin, end;
} build_job;

/* One title's summaries. */
typedef struct title_summary {
    uint64_t mask, bonus;
    uint32_t len;
    uint16_t cps;
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
    return s;
}

static void *build_slice(void *arg)
{
    build_job *job = arg;
    paper_index *ix = job->ix;
    for (uint32_t i = job->begin; i < job->end; i++) {
        title_summary s = summarise(ix->cat->entries[i].title);
        ix->title_mask[i] = s.mask;
        ix->title_cps[i] = s.cps;
        ix->title_len[i] = s.len;
        ix->title_bonus[i] = s.bonus;
    }
    return NULL;
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
    return ix;
}

paper_index *index_build(const catalog *c)
{
    paper_index *ix = index_new(c);
    ix->title_mask = xmalloc(c->nentries * sizeof *ix->title_mask);
    ix->title_cps = xmalloc(c->nentries * sizeof *ix->title_cps);
    ix->title_len = xmalloc(c->nentries * sizeof *ix->title_len);
    ix->title_bonus = xmalloc(c->nentries * sizeof *ix->title_bonus);
    /* Two threads, each half of the titles. */
    build_job jobs[2] = {{ix, 0, c->nentries}, {ix, c->nentries / 2, c->nentries}};
    pthread_t thread;
    bool two = c->nentries >= PARALLEL_MIN
            && pthread_create(&thread, NULL, build_slice, &jobs[1]) == 0;
    if (two)
        jobs[0].end = jobs[1].begin;
    build_slice(&jobs[0]);
    if (two)
        pthread_join(thread, NULL);
    return ix;
}

static void recent_forget_one(recent *r)
{
    free(r->text);
    free(r->ids);
    free(r->ends);
    r->text = NULL;
    r->ids = NULL;
    r->ends = NULL;
    r->cap = 0;
}

/* Empties every slot of the recent results. */
static void recent_forget(paper_index *ix)
{
    for (int i = 0; i < RECENT_SLOTS; i++)
        recent_forget_one(&ix->recent[i]);
}

void index_forget_searches(paper_index *ix)
{
    recent_forget(ix);
}

void index_free(paper_index *ix)
{
    if (!ix)
        return;
    for (int k = 0; k < SORT_KEY_COUNT; k++)
        free(ix->ranks[k]);
    if (!ix->borrowed) {
        free(ix->title_mask);
        free(ix->title_cps);
        free(ix->title_len);
        free(ix->title_bonus);
    }
    free(ix->chosen);
    free(ix->rank_order);
    free(ix->rank_start);
    free(ix->rank_pos);
    free(ix->rank_key);
    free(ix->rank_bound);
    free(ix->rank_tmp);
    free(ix->marks);
    free(ix->resume);
    free(ix->resume_text);
    recent_forget(ix);
    for (int i = 0; i < RECENT_SLOTS; i++) {
        free(ix->recent[i].head_ids);
        free(ix->recent[i].head_scores);
    }
    query_free(ix->worker_query);
    free(ix);
}

/* The parts in this order: mask, bonus (8 bytes each), len (4), cps (2). */
size_t index_summary_item_size(int k)
{
    static const size_t sizes[INDEX_SUMMARY_PARTS] = {8, 8, 4, 2};
    return k >= 0 && k < INDEX_SUMMARY_PARTS ? sizes[k] : 0;
}

const void *index_summary_part(const paper_index *ix, int k)
{
    const void *parts[INDEX_SUMMARY_PARTS] = {ix->title_mask, ix->title_bonus, ix->title_len,
                                              ix->title_cps};
    return k >= 0 && k < INDEX_SUMMARY_PARTS ? parts[k] : NULL;
}

/* Whether kept summaries are this build's: the first titles, some spread
 * over the list and the last are summarised again and compared. */
#define SUMMARY_SAMPLE 64
static bool summaries_agree(const paper_index *ix)
{
    uint32_t n = ix->cat->nentries;
    for (uint32_t k = 0; k < SUMMARY_SAMPLE * 2 && k < n; k++) {
        uint32_t i = k < SUMMARY_SAMPLE ? k : (uint32_t)((uint64_t)n * (k - SUMMARY_SAMPLE) / SUMMARY_SAMPLE);
        if (k == SUMMARY_SAMPLE * 2 - 1)
            i = n - 1;
        title_summary s = summarise(ix->cat->entries[i].title);
        if (s.mask != ix->title_mask[i] || s.bonus != ix->title_bonus[i]
            || s.len != ix->title_len[i] || s.cps != ix->title_cps[i])
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
    for (uint32_t i = 0; i < ix->cat->nentries; i++)
        ix->marks[i] = (uint8_t)marks_of_entry(m, &ix->cat->entries[i]);
}

/* query_match with what the index knows of entry id: its title's length and
 * the user's marks. */
static query_result match_id(const paper_index *ix, const query *q, uint32_t id, double *score,
                             query_error *err)
{
    return query_match_marked(q, ix->cat, &ix->cat->entries[id], ix->title_len[id],
                              ix->marks[id], score, err);
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
    if (n <= v->cap && v->ids) /* an empty view still gets arrays */
        return;
    free(v->ids);
    free(v->scores);
    v->ids = xmalloc(n * sizeof *v->ids);
    v->scores = xmalloc(n * sizeof *v->scores);
    v->cap = n;
}

/* --- sorting helpers ---------------------------------------------------- */

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

/* --- matching ----------------------------------------------------------- */

/* One slice of the candidates, tested by one thread. */
typedef struct match_job {
    const paper_index *ix;
    const query *q;
    uint64_t need;            /* query_title_mask */
    bool need_decides;        /* query_title_mask_decides: no title is read */
    uint64_t skip;            /* groups known to hold (query_groups_implied) */
    bool timed;               /* a regex query: give up past REGEX_BUDGET_MS */
    double started_ms, started_cpu_ms; /* clocks when the slice began */
    uint16_t *resume;         /* ix->resume, or NULL: no term to go on with or keep */
    uint16_t gen_in, gen_out; /* stamps to go on from (0: none) and to write */
    int32_t resume_term, record_term; /* query_resume's term and record */
    uint32_t letters;         /* query_resume's letters */
    const uint32_t *list;     /* candidates by id, or NULL for a range */
    uint32_t begin, end;      /* slice of list, or the id range */
    uint32_t *out;            /* room for end - begin ids */
    uint32_t n;
    int failed;
    query_error err;
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

/* Tests entry id going on from where the previous search's match of the
 * grown term ended (when its stamp is that search's), and keeps where
 * this one's ends. */
static query_result test_resuming(match_job *job, uint32_t id)
{
    query_resume rs = {-1, 0, 0, job->record_term, false, 0};
    uint16_t stamp = job->resume[id];
    if (job->gen_in && stamp >> 12 == job->gen_in) {
        rs.term = job->resume_term;
        rs.letters = job->letters;
        rs.from = stamp & RESUME_END_MAX;
    }
    query_result r = query_test_resume(job->q, job->ix->cat, &job->ix->cat->entries[id],
                                       job->ix->title_len[id], job->ix->marks[id], job->skip,
                                       &rs, &job->err);
    if (r == QUERY_MATCH && rs.ended && rs.end <= RESUME_END_MAX)
        job->resume[id] = (uint16_t)(job->gen_out << 12 | rs.end);
    return r;
}

static void *match_slice(void *arg)
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
        /* The entries and their titles are far apart in memory: ask for
         * them a few candidates ahead, so the tests do not wait on them. */
        if (!job->need_decides && k + PREFETCH_AHEAD < job->end) {
            uint32_t ahead = job->list ? job->list[k + PREFETCH_AHEAD] : k + PREFETCH_AHEAD;
            __builtin_prefetch(&entries[ahead]);
            if (k + PREFETCH_AHEAD / 2 < job->end) {
                uint32_t near = job->list ? job->list[k + PREFETCH_AHEAD / 2]
                                          : k + PREFETCH_AHEAD / 2;
                __builtin_prefetch(entries[near].title);
            }
        }
        /* A regex can be slow on every title without ever reaching its
         * per-title limits: past the budget, the search gives up. */
        if (job->timed && (k - job->begin) % BUDGET_CHECK_EVERY == BUDGET_CHECK_EVERY - 1
            && over_budget(job)) {
            query_regex_timeout(job->q, REGEX_BUDGET_MS, &job->err);
            job->failed = 1;
            break;
        }
        if ((mask[id] & job->need) != job->need)
            continue;
        if (job->need_decides) {
            job->out[job->n++] = id;
            continue;
        }
        query_result r = job->resume ? test_resuming(job, id)
                                     : query_test_marked(job->q, job->ix->cat,
                                                         &job->ix->cat->entries[id],
                                                         job->ix->title_len[id],
                                                         job->ix->marks[id], job->skip,
                                                         &job->err);
        if (r == QUERY_FAILED) {
            job->failed = 1;
            break;
        }
        if (r == QUERY_MATCH)
            job->out[job->n++] = id;
    }
    return NULL;
}

/* The second thread's own copy of q: compiled PCRE2 match data is per
 * query, so two threads cannot share one. Kept while the text is the same. */
static const query *worker_query(paper_index *ix, const query *q)
{
    if (ix->worker_query && strcmp(query_text(ix->worker_query), query_text(q)) == 0)
        return ix->worker_query;
    query_free(ix->worker_query);
    ix->worker_query = query_clone(q);
    return ix->worker_query;
}

/* Starts a generation of match ends, written for text's search, and
 * returns it. */
static uint16_t resume_begin(paper_index *ix, const char *text)
{
    if (ix->resume_gen == RESUME_GENS) {
        /* Out of generations: forget every stamp. */
        memset(ix->resume, 0, ix->cat->nentries * sizeof *ix->resume);
        ix->resume_gen = 0;
    }
    free(ix->resume_text);
    size_t len = strlen(text) + 1;
    ix->resume_text = memcpy(xmalloc(len), text, len);
    return (uint16_t)++ix->resume_gen;
}

/* Sets up job's resume fields for a search of q whose candidates prev
 * matched (prev NULL: any candidates), and makes it ix's latest search. */
static void resume_setup(paper_index *ix, const query *q, const query *prev, match_job *job)
{
    job->resume = NULL;
    job->gen_in = job->gen_out = 0;
    job->resume_term = -1;
    job->letters = 0;
    job->record_term = query_resume_term(q);
    if (prev && ix->resume_gen && ix->resume_text
        && strcmp(ix->resume_text, query_text(prev)) == 0
        && query_resume_from(prev, q, &job->resume_term, &job->letters))
        job->gen_in = (uint16_t)ix->resume_gen;
    free(ix->resume_text);
    ix->resume_text = NULL; /* no stamps to read until a search writes some */
    if (job->record_term < 0)
        return;
    if (ix->resume_gen == RESUME_GENS)
        job->gen_in = 0; /* resume_begin forgets every stamp, this search's input too */
    job->gen_out = resume_begin(ix, query_text(q));
    job->resume = ix->resume;
}

/* Puts the ids q matches among the candidates (list[0..n) or, when list is
 * NULL, the ids [from, from + n)) into ids, in candidate order; prev, when
 * not NULL, matched every candidate. Returns the count, or -1 when a regex
 * gave up. */
static int64_t match_candidates(paper_index *ix, const query *q, const query *prev,
                                uint64_t skip, const uint32_t *list, uint32_t from, uint32_t n,
                                uint32_t *ids, query_error *err)
{
    /* Every group holds for every candidate (a space typed, say): they
     * are the result, without reading an entry. */
    uint64_t all = query_groups_all(q);
    if (list && all && (skip & all) == all) {
        memmove(ids, list + from, n * sizeof *ids);
        return n;
    }
    uint64_t need = query_title_mask(q);
    uint32_t base = list ? 0 : from;
    match_job jobs[2];
    int njobs = 1;
    const query *other = n >= PARALLEL_MIN ? worker_query(ix, q) : NULL;
    pthread_t thread;
    bool timed = query_has_regex(q);
    match_job resume;
    resume_setup(ix, q, prev, &resume);
    jobs[0] = (match_job){ix, q, need, query_title_mask_decides(q), skip, timed, 0, 0,
                          resume.resume, resume.gen_in,
                          resume.gen_out, resume.resume_term, resume.record_term,
                          resume.letters, list, base, base + n, ids, 0, 0, {0}};
    if (other) {
        uint32_t half = n / 2;
        jobs[0].end = base + half;
        jobs[1] = jobs[0];
        jobs[1].q = other;
        jobs[1].begin = base + half;
        jobs[1].end = base + n;
        jobs[1].out = ids + half;
        if (pthread_create(&thread, NULL, match_slice, &jobs[1]) == 0)
            njobs = 2;
        else
            jobs[0].end = base + n; /* no thread: do it all here */
    }
    match_slice(&jobs[0]);
    if (njobs == 2)
        pthread_join(thread, NULL);
    for (int j = 0; j < njobs; j++) {
        if (jobs[j].failed) {
            if (err)
                *err = jobs[j].err;
            return -1;
        }
    }
    uint32_t total = jobs[0].n;
    if (njobs == 2) {
        memmove(ids + total, jobs[1].out, jobs[1].n * sizeof *ids);
        total += jobs[1].n;
    }
    return total;
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

int index_filter(paper_index *ix, const query *q, int32_t scope, view *out,
                 query_error *err)
{
    const catalog *c = ix->cat;
    uint32_t begin, end;
    scope_range(c, scope, &begin, &end);
    view_reserve(out, end - begin);
    out->n = out->nranked = 0;
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
        return -1;
    out->n = out->nranked = (uint32_t)n;
    bool ranked = query_is_ranked(q);
    for (uint32_t k = 0; k < out->n; k++) {
        double score = 0;
        if (ranked)
            match_id(ix, q, out->ids[k], &score, NULL);
        out->scores[k] = score;
    }
    return 0;
}

/* --- ranking the best few ------------------------------------------------ */

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
    return below <= 0 ? 0
         : below >= (BOUND_BUCKETS - 1) * BOUND_STEP ? BOUND_BUCKETS - 1
         : (uint32_t)(below / BOUND_STEP);
}

typedef struct rank_job {
    paper_index *ix;
    const query *q;
    const uint32_t *order;    /* matches, highest first bound first */
    const double *bound;      /* parallel: query_score_bound_pairs */
    double top_bound;         /* the bound of bucket 0 */
    uint32_t n, first, step;  /* this job takes order[first], [first + step]... */
    uint32_t k;
    scored *heap;             /* the best k so far; heap[0] the worst of them */
    uint32_t n_kept;          /* in the heap, kept from round to round */
    bool done;                /* out: a bucket's bound fell below the heap's worst */
} rank_job;

static void *rank_slice(void *arg)
{
    rank_job *job = arg;
    const paper_index *ix = job->ix;
    const catalog *c = ix->cat;
    uint32_t k = job->k, nheap = job->n_kept;
    for (uint32_t i = job->first; i < job->n; i += job->step) {
        uint32_t id = job->order[i];
        uint32_t ahead = i + PREFETCH_AHEAD * job->step;
        if (ahead < job->n) {
            __builtin_prefetch(&c->entries[job->order[ahead]]);
            uint32_t near = i + PREFETCH_AHEAD / 2 * job->step;
            __builtin_prefetch(c->entries[job->order[near]].title);
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
                && query_score_bound_title_masked(job->q, c->entries[id].title,
                                                  ix->title_len[id], cps, ix->title_bonus[id])
                       < worst)
                continue;
        }
        double score = 0;
        match_id(ix, job->q, id, &score, NULL);
        heap_offer(job->heap, &nheap, k, (scored){score, id});
    }
    job->n_kept = nheap;
    return NULL;
}

/* Summary bounds of ids[begin..end) into bound[], and the highest finite
 * one. */
typedef struct bound_job {
    const paper_index *ix;
    const query *q;
    const uint32_t *ids;
    double *bound;
    uint32_t begin, end;
    double top;
} bound_job;

static void *bound_slice(void *arg)
{
    bound_job *job = arg;
    const paper_index *ix = job->ix;
    double top = -INFINITY;
    for (uint32_t i = job->begin; i < job->end; i++) {
        uint32_t id = job->ids[i];
        double b = query_score_bound_pairs(job->q, ix->title_bonus[id],
                                           PAIRS_OF(ix->title_mask[id]), ix->title_cps[id]);
        job->bound[i] = b;
        if (b < FUZZY_SCORE_MAX && b > top)
            top = b;
    }
    job->top = top;
    return NULL;
}

/* Grows the ranking scratch of ix to n matches (kept between keystrokes:
 * fresh memory costs a page fault per 4 KiB). */
static void rank_reserve(paper_index *ix, uint32_t n)
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
    pthread_t thread;
    two = two && pthread_create(&thread, NULL, rank_slice, &jobs[1]) == 0;
    jobs[0].step = two ? 2 : 1;
    rank_slice(&jobs[0]);
    if (two)
        pthread_join(thread, NULL);
}

/* Moves the best k matches of v (by score, ties in document order) to its
 * front. Every match gets a bound from its title's bonus summary (no pass
 * over the title), and matches are visited highest bound first (bucketed
 * by BOUND_STEP, a counting sort): the first ones visited score high, and
 * once a bucket's bound is below the k-th best score, no later match can
 * enter and scoring stops. Within the visit, a match is scored only when
 * its own bounds reach the k-th best. */
static void rank_top(paper_index *ix, const query *q, view *v, uint32_t k)
{
    if (k > v->n)
        k = v->n;
    if (k == 0) {
        if (v->n)
            memset(v->scores, 0, v->n * sizeof *v->scores);
        v->nranked = 0;
        return;
    }
    rank_reserve(ix, v->n);
    double *bound = ix->rank_tmp;
    /* The summary bounds, half on the other core for a long list. */
    bound_job halves[2] = {{ix, q, v->ids, bound, 0, v->n, -INFINITY},
                           {ix, NULL, v->ids, bound, v->n / 2, v->n, -INFINITY}};
    pthread_t bound_thread;
    bool two_bounds = v->n >= PARALLEL_MIN && (halves[1].q = worker_query(ix, q)) != NULL
                   && pthread_create(&bound_thread, NULL, bound_slice, &halves[1]) == 0;
    if (two_bounds)
        halves[0].end = halves[1].begin;
    bound_slice(&halves[0]);
    double top = halves[0].top;
    if (two_bounds) {
        pthread_join(bound_thread, NULL);
        if (halves[1].top > top)
            top = halves[1].top;
    }
    /* How many matches each bucket holds; bucket 0 also the unbounded. */
    uint32_t *count = ix->rank_start;
    memset(count, 0, (BOUND_BUCKETS + 1) * sizeof *count);
    uint16_t *key = ix->rank_key;
    for (uint32_t i = 0; i < v->n; i++) {
        key[i] = (uint16_t)bound_bucket(top, bound[i]);
        count[key[i]]++;
    }
    /* Two threads take every other title, each keeping its own best k:
     * the best k of all are among the 2k they keep. */
    rank_job jobs[2] = {
        {ix, q, ix->rank_order, ix->rank_bound, top, 0, 0, 2, k, xmalloc(k * sizeof(scored)), 0,
         false},
        {ix, NULL, ix->rank_order, ix->rank_bound, top, 0, 1, 2, k,
         xmalloc(k * sizeof(scored)), 0, false},
    };
    bool two = v->n >= PARALLEL_MIN / 4 && (jobs[1].q = worker_query(ix, q)) != NULL;
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
        rank_round(jobs, two && n >= RANK_ROUND_MIN / 4);
        if (jobs[0].done || jobs[1].done)
            break;
        lo = hi + 1;
    }
    for (uint32_t i = 0; i < jobs[1].n_kept; i++)
        heap_offer(jobs[0].heap, &jobs[0].n_kept, k, jobs[1].heap[i]);
    free(jobs[1].heap);
    scored *heap = jobs[0].heap;
    uint32_t nheap = jobs[0].n_kept;
    qsort(heap, nheap, sizeof *heap, scored_cmp);

    /* The others keep their order behind the chosen: compact them to the
     * back, walking backwards so no id is overwritten before it is read. */
    for (uint32_t i = 0; i < nheap; i++)
        ix->chosen[heap[i].id] = 1;
    uint32_t dst = v->n;
    for (uint32_t i = v->n; i-- > 0;) {
        uint32_t id = v->ids[i];
        if (ix->chosen[id])
            ix->chosen[id] = 0;
        else
            v->ids[--dst] = id;
    }
    for (uint32_t i = 0; i < nheap; i++) {
        v->ids[i] = heap[i].id;
        v->scores[i] = heap[i].score;
    }
    for (uint32_t i = nheap; i < v->n; i++)
        v->scores[i] = 0;
    v->nranked = nheap;
    free(heap);
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

/* --- recent results ------------------------------------------------------ */

/* The scope as a key: every scope that means the whole list is -1. */
static int32_t scope_key(const catalog *c, int32_t scope)
{
    return scope >= 0 && (uint32_t)scope < c->nsections ? scope : -1;
}

static recent *recent_find(paper_index *ix, const char *text, int32_t scope)
{
    for (int i = 0; i < RECENT_SLOTS; i++) {
        recent *r = &ix->recent[i];
        if (r->text && r->scope == scope && strcmp(r->text, text) == 0)
            return r;
    }
    return NULL;
}

/* An empty slot, else the one used longest ago. */
static recent *recent_victim(paper_index *ix)
{
    recent *oldest = &ix->recent[0];
    for (int i = 0; i < RECENT_SLOTS; i++) {
        recent *r = &ix->recent[i];
        if (!r->text)
            return r;
        if (r->used < oldest->used)
            oldest = r;
    }
    return oldest;
}

/* Keeps ids[0..n), document order, as the result of text in scope, in the
 * slot used longest ago, after dropping the oldest results until the kept
 * ids fit in one per entry. Returns the slot. */
static recent *recent_store(paper_index *ix, const char *text, int32_t scope,
                            const uint32_t *ids, uint32_t n)
{
    /* The slot: this text's, else an empty one, else the one used
     * longest ago; its buffers are reused (fresh memory costs a page
     * fault per 4 KiB). */
    recent *slot = recent_find(ix, text, scope);
    if (!slot)
        slot = recent_victim(ix);
    free(slot->text);
    slot->text = NULL;
    /* Then the oldest others go until the kept ids fit in one per entry. */
    for (;;) {
        uint64_t total = 0;
        recent *oldest = NULL;
        for (int i = 0; i < RECENT_SLOTS; i++) {
            recent *r = &ix->recent[i];
            if (!r->text)
                continue;
            total += r->n;
            if (!oldest || r->used < oldest->used)
                oldest = r;
        }
        if (total + n <= ix->cat->nentries)
            break;
        recent_forget_one(oldest); /* not NULL: total is not 0 */
    }
    /* A buffer much bigger than needed goes back: the kept results must
     * not hold on to a first letter's worth of memory each. */
    if (!slot->ids || slot->cap < n || slot->cap / 4 > n + 1024) {
        free(slot->ids);
        free(slot->ends);
        slot->ids = xmalloc((n ? n : 1) * sizeof *slot->ids);
        slot->ends = NULL;
        slot->cap = n;
    }
    if (n)
        memcpy(slot->ids, ids, n * sizeof *ids);
    /* The match ends this search wrote, so that typing on from here after
     * a backspace still goes on from them (recent_restore_ends). */
    bool ends = ix->resume_gen && ix->resume_text && strcmp(ix->resume_text, text) == 0;
    if (ends && !slot->ends)
        slot->ends = xmalloc((slot->cap ? slot->cap : 1) * sizeof *slot->ends);
    slot->has_ends = ends;
    for (uint32_t i = 0; ends && i < n; i++) {
        uint16_t stamp = ix->resume[ids[i]];
        slot->ends[i] = stamp >> 12 == ix->resume_gen ? stamp : 0;
    }
    size_t len = strlen(text) + 1;
    slot->text = memcpy(xmalloc(len), text, len);
    slot->scope = scope;
    slot->n = n;
    slot->nhead = 0;
    slot->top = UINT32_MAX; /* no head yet */
    slot->used = ++ix->recent_clock;
    return slot;
}

/* Keeps the ranked head of v, ranked for top, with slot's matches. */
static void recent_store_head(recent *slot, const view *v, uint32_t top)
{
    slot->head_ids = xrealloc(slot->head_ids, (v->nranked + 1) * sizeof *slot->head_ids);
    slot->head_scores = xrealloc(slot->head_scores,
                                 (v->nranked + 1) * sizeof *slot->head_scores);
    if (v->nranked) {
        memcpy(slot->head_ids, v->ids, v->nranked * sizeof *v->ids);
        memcpy(slot->head_scores, v->scores, v->nranked * sizeof *v->scores);
    }
    slot->nhead = v->nranked;
    slot->top = top;
}

/* Makes r's search the latest one for the next keystroke's resume: its
 * kept match ends, stamped with a new generation. */
static void recent_restore_ends(paper_index *ix, const recent *r)
{
    if (!r->has_ends)
        return;
    if (ix->resume_text && strcmp(ix->resume_text, r->text) == 0)
        return; /* its own stamps are the latest already */
    uint16_t gen = resume_begin(ix, r->text);
    for (uint32_t i = 0; i < r->n; i++)
        ix->resume[r->ids[i]] = r->ends[i] ? (uint16_t)(gen << 12 | (r->ends[i] & RESUME_END_MAX))
                                           : 0;
}

/* Fills out from a kept result of q in scope, as a search would; false
 * when none is kept. */
static bool recent_reuse(paper_index *ix, const query *q, int32_t scope, uint32_t top,
                         view *out)
{
    recent *r = recent_find(ix, query_text(q), scope);
    if (!r)
        return false;
    r->used = ++ix->recent_clock;
    recent_restore_ends(ix, r);
    view_reserve(out, r->n);
    out->n = r->n;
    bool ranked = query_is_ranked(q);
    if (!ranked || r->top != top) {
        if (r->n)
            memcpy(out->ids, r->ids, r->n * sizeof *r->ids);
        if (ranked) {
            rank_top(ix, q, out, top);
        } else {
            if (r->n)
                memset(out->scores, 0, r->n * sizeof *out->scores);
            out->nranked = r->n;
        }
        return true;
    }
    /* The kept head, then the other matches in document order. */
    for (uint32_t i = 0; i < r->nhead; i++) {
        out->ids[i] = r->head_ids[i];
        out->scores[i] = r->head_scores[i];
        ix->chosen[r->head_ids[i]] = 1;
    }
    uint32_t at = r->nhead;
    for (uint32_t i = 0; i < r->n; i++) {
        uint32_t id = r->ids[i];
        if (ix->chosen[id]) {
            ix->chosen[id] = 0;
        } else {
            out->ids[at] = id;
            out->scores[at++] = 0;
        }
    }
    out->nranked = r->nhead;
    return true;
}

int index_search(paper_index *ix, const query *q, int32_t scope, const view *within,
                 uint32_t top, view *out, query_error *err)
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
        n = match_candidates(ix, q, prev, query_groups_implied(prev, q), within->ids, 0,
                             within->n, out->ids, err);
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
                radix_sort(items, tmp, (uint32_t)n);
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
        return -1;
    }
    out->n = (uint32_t)n;
    recent *kept = recent_store(ix, query_text(q), key, out->ids, out->n);
    if (query_is_ranked(q)) {
        rank_top(ix, q, out, top); /* sets every score */
        recent_store_head(kept, out, top);
    } else {
        if (out->n)
            memset(out->scores, 0, out->n * sizeof *out->scores);
        out->nranked = out->n;
    }
    return 0;
}

void index_rank(paper_index *ix, const query *q, view *v, uint32_t top)
{
    if (!q || !query_is_ranked(q)) {
        v->nranked = v->n;
        return;
    }
    rank_top(ix, q, v, top);
}

void index_rank_more(paper_index *ix, const query *q, view *v, uint32_t upto)
{
    if (v->nranked >= v->n || v->nranked >= upto)
        return;
    /* Past the first screens: rank everything once, best first. */
    for (uint32_t i = 0; i < v->n; i++)
        match_id(ix, q, v->ids[i], &v->scores[i], NULL);
    index_sort(ix, v, SORT_SCORE, true);
    v->nranked = v->n;
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

/* Where the first id >= id is in ids[0..n), ascending. */
static uint32_t lower_bound(const uint32_t *ids, uint32_t n, uint32_t id)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
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
            counts[s] = lower_bound(v->ids, v->n, c->sections[s].entry_end)
                      - lower_bound(v->ids, v->n, c->sections[s].entry_begin);
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
