/* index_settled: what the words of a query that are no longer being typed
 * score, kept from key to key.
 *
 * A query of several fuzzy words is typed a word at a time. While its last
 * word grows ("efficient sparse attention lo", "... lon"), the words before
 * it score each match the same on every key; yet ranking by the whole
 * query scores all of them for each match it visits, and bounds each match
 * by all of their bounds, which are loose: at 100k entries, the long
 * query's keys took 5-9 ms to rank ~5000 matches. The idle pass after a key
 * keeps, per match, the sum of the settled words' scores (settled_prepare);
 * the next key bounds a match by that sum plus its last word's bound, and
 * scores only the last word (settled_plan).
 *
 * A key that begins a new word settles the word before it: the pass adds
 * that word's score to each sum it kept rather than scoring every word
 * again. The sums add the words' scores in the order query_score does, so
 * a sum plus the last word's score is the query's score, bit for bit. */
#include <stdlib.h>
#include <string.h>

#include "paperdeck/ascii.h"
#include "paperdeck/fuzzy.h"
#include "paperdeck/par.h"
#include "paperdeck/xalloc.h"
#include "accel.h"
#include "index_internal.h"

/* The words of q whose scores the idle pass keeps: its ranked words but
 * the one being typed (its last term, when that is its last ranked word
 * and no blank follows it: after a blank the next key begins a word).
 * Their count, 0 when none or when some ranked group is not one word. */
static int settled_words_of(const query *q, const fuzzy_needle **words)
{
    int n = query_ranked_needles(q, words, SETTLED_WORDS_MAX);
    const char *text = query_text(q);
    size_t len = strlen(text);
    bool word_ended = len > 0 && ascii_is_space(text[len - 1]);
    if (n > 0 && !word_ended && words[n - 1] == query_term_needle(q, query_resume_term(q)))
        n--;
    return n > 0 ? n : 0;
}

/* A word as the signature keeps it: its length, its case, its letters. */
static uint32_t word_size(const fuzzy_needle *w)
{
    return 2 + w->n;
}

static bool word_is(const uint32_t *at, const fuzzy_needle *w)
{
    return at[0] == w->n && at[1] == (uint32_t)w->case_sensitive
        && memcmp(at + 2, w->cps, w->n * sizeof *w->cps) == 0;
}

/* How many of words[0..n), from the first, are the kept words. */
static uint32_t words_kept(const paper_index *ix, const fuzzy_needle *const *words, uint32_t n)
{
    uint32_t i = 0, at = 0;
    while (i < n && i < ix->settled_words && word_is(ix->settled_sig + at, words[i]))
        at += word_size(words[i++]);
    return i;
}

static void keep_words(paper_index *ix, const fuzzy_needle *const *words, uint32_t n)
{
    uint32_t size = 0;
    for (uint32_t i = 0; i < n; i++)
        size += word_size(words[i]);
    if (size > ix->settled_sig_cap) {
        ix->settled_sig = xrealloc(ix->settled_sig, size * sizeof *ix->settled_sig);
        ix->settled_sig_cap = size;
    }
    uint32_t *at = ix->settled_sig;
    for (uint32_t i = 0; i < n; i++) {
        at[0] = words[i]->n;
        at[1] = words[i]->case_sensitive;
        memcpy(at + 2, words[i]->cps, words[i]->n * sizeof *words[i]->cps);
        at += word_size(words[i]);
    }
    ix->settled_words = n;
}

typedef struct settled_job {
    PAR_JOB_ALIGN paper_index *ix;
    const fuzzy_needle *const *words;
    uint32_t n;
    const uint32_t *ids;
    uint32_t begin, end;
    /* the stamp of sums that lack only the last word (the kept words were
     * these but it): that word's score is added to them; 0: none */
    uint32_t add_last;
    bool abandoned;
} settled_job;

static void settled_slice(void *arg)
{
    settled_job *job = arg;
    paper_index *ix = job->ix;
    const fuzzy_needle *last = job->words[job->n - 1];
    for (uint32_t k = job->begin; k < job->end; k++) {
        if ((k - job->begin) % STALE_CHECK_EVERY == STALE_CHECK_EVERY - 1
            && index_search_stale(ix)) {
            job->abandoned = true;
            return;
        }
        uint32_t id = job->ids[k];
        uint32_t stamp = ix->settled_stamp[id];
        if (stamp == ix->settled_gen)
            continue;
        const char *title = ix->title[id];
        size_t len = ix->title_len[id];
        double sum;
        if (job->add_last && stamp == job->add_last) {
            sum = ix->settled[id] + fuzzy_score_text(last, title, len, NULL);
        } else {
            /* from 0, in order, as query_score sums (a match of the query
             * is a match of each word: each has a score) */
            sum = 0;
            for (uint32_t w = 0; w < job->n; w++)
                sum += fuzzy_score_text(job->words[w], title, len, NULL);
        }
        ix->settled[id] = sum;
        ix->settled_stamp[id] = ix->settled_gen;
    }
}

void settled_warm(paper_index *ix)
{
    uint32_t n = ix->cat->nentries ? ix->cat->nentries : 1;
    if (!ix->settled) {
        ix->settled = xmalloc(n * sizeof *ix->settled);
        ix->settled_stamp = xmalloc(n * sizeof *ix->settled_stamp);
    }
    /* touched: the first query of two words pays no page faults */
    memset(ix->settled, 0, n * sizeof *ix->settled);
    memset(ix->settled_stamp, 0, n * sizeof *ix->settled_stamp);
    ix->settled_gen = 0;
    ix->settled_words = 0;
}

int settled_prepare(paper_index *ix, const query *q, const view *v)
{
    const fuzzy_needle *words[SETTLED_WORDS_MAX];
    uint32_t n = (uint32_t)settled_words_of(q, words);
    if (n == 0 || v->n == 0)
        return 0;
    if (!ix->settled)
        settled_warm(ix);
    uint32_t add_last = 0;
    uint32_t kept = words_kept(ix, words, n);
    if (kept != n || ix->settled_words != n) {
        /* other words: a generation of their own; sums of the same words
         * but the last are kept on (the query's words but the one typed
         * become the words settled as a word is begun) */
        if (kept == n - 1 && ix->settled_words == n - 1)
            add_last = ix->settled_gen;
        if (++ix->settled_gen == 0) { /* out of generations: none is kept */
            memset(ix->settled_stamp, 0, ix->cat->nentries * sizeof *ix->settled_stamp);
            ix->settled_gen = 1;
            add_last = 0;
        }
        keep_words(ix, words, n);
    }
    ix->search_gen = atomic_load(&ix->generation);
    settled_job job = {ix, words, n, v->ids, 0, v->n, add_last, false};
    settled_job jobs[2] = {job, job};
    if (v->n >= PARALLEL_MIN) {
        jobs[0].end = jobs[1].begin = v->n / 2;
        par_run2(settled_slice, &jobs[0], &jobs[1]);
    } else {
        settled_slice(&jobs[0]);
    }
    return jobs[0].abandoned || jobs[1].abandoned ? INDEX_ABANDONED : 0;
}

bool settled_plan_init(const paper_index *ix, const query *q, settled_plan *p)
{
    const fuzzy_needle *words[SETTLED_WORDS_MAX];
    int n = ix->settled_gen ? query_ranked_needles(q, words, SETTLED_WORDS_MAX) : -1;
    if (n < 2 || words[n - 1]->n == 0 || ix->settled_words != (uint32_t)n - 1
        || words_kept(ix, words, (uint32_t)n - 1) != (uint32_t)n - 1)
        return false;
    p->sum = ix->settled;
    p->stamp = ix->settled_stamp;
    p->gen = ix->settled_gen;
    p->last = words[n - 1];
    fuzzy_bound_table_init(p->last, &p->last_bound);
    return true;
}

double settled_bound(const settled_plan *p, uint32_t id, uint64_t bonus_mask, uint32_t start_pairs,
                     uint32_t title_cps)
{
    /* query_bound_plan_eval for the last word alone */
    const fuzzy_bound_table *t = &p->last_bound;
    if (title_cps <= t->n)
        return FUZZY_SCORE_MAX;
    double b = fuzzy_bound_table_eval(t, bonus_mask, start_pairs, title_cps);
    return p->sum[id] + (b > 0 ? b : 0);
}

double settled_bound_title(const settled_plan *p, uint32_t id, const char *title, size_t len,
                           uint32_t title_cps, uint64_t bonus_mask)
{
    double b = fuzzy_score_bound_scan(p->last, title, len, bonus_mask, title_cps);
    if (b >= FUZZY_SCORE_MAX)
        return FUZZY_SCORE_MAX;
    return p->sum[id] + (b > 0 ? b : 0);
}

double settled_score(const settled_plan *p, uint32_t id, const char *title, size_t len)
{
    return p->sum[id] + fuzzy_score_text(p->last, title, len, NULL);
}

void settled_free(paper_index *ix)
{
    free(ix->settled);
    free(ix->settled_stamp);
    free(ix->settled_sig);
}
