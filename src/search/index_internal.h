/* index_internal.h: the index's layout and the calls its files share
 * (index.c: build, filter and search; index_rank.c: the top-k ranking;
 * index_recent.c: the results kept for a backspace; index_settled.c: the
 * scores of a query's words but the last, kept between keys;
 * index_sort.c: ranks and sorting). Nothing outside src/search/ includes
 * it. */
#ifndef PAPERDECK_INDEX_INTERNAL_H
#define PAPERDECK_INDEX_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "paperdeck/index.h"
#include "accel.h"

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
#define BOUND_SLACK 1e-9     /* rounding room between a bound and a score */
#define RANK_ROUND_MIN 4096  /* matches rank_top's first round visits, at least */
#define RANK_BIG_LIST 200000 /* matches from which every round of rank_top takes both threads */
/* Letters of a needle ranked by title length first (rank_by_length): a
 * whole word's best titles are the short ones holding it, up to long
 * words (`attention` at 1M: 10.5 -> 1.4 ms a ranking with 16, from 8). */
#define SHORT_NEEDLE 16
#define BY_LENGTH_MIN 50000   /* matches from which rank_by_length beats the bounds of every one */
#define BY_LENGTH_BUDGET 4096 /* matches rank_by_length visits before it gives up */
#define PREFETCH_AHEAD 16     /* candidates between a prefetch and its use */
#define BOUND_PLAN_MIN 4096   /* matches from which bounds come from tables */
#define GROWN_MARGIN 0.5      /* summary bounds this far below the best take kept passes' */
#define GROW_HOT_MARGIN 0.25  /* the idle pass keeps these first: bounds this near the top */
#define GROW_ORDER_MIN 4096   /* matches from which the idle pass orders them (grow_order) */
#define REGEX_BUDGET_MS 75    /* a regex search over the list gives up past this */
#define BUDGET_CHECK_EVERY 16
#define RANK_MORE_MIN 64    /* rows index_rank_more ranks past twice what is asked */
#define RANK_MORE_ALL 4     /* asked for 1/this of a view or more: all of it is ranked */
#define MERGE_HEAD_MAX 1024 /* an unordered head longer than this is radix sorted */
#define RESUME_END_MAX 4095 /* match ends kept in 12 bits (longer: not kept) */
#define RESUME_GENS 15      /* generations in the other 4 bits (0: none) */
/* Recent searches kept for a backspace (see recent): a word typed on a big
 * list is a chain of results each nearly the list's size ("l", "li",
 * "lin" match most of a million titles), and backspacing over a long word
 * should find each of them kept. A slot keeps its matches as a bitmap of
 * the list and their match ends, with room for the whole list
 * (recent_reserve): RECENT_SLOTS * (2 + 1/8) bytes an entry, 34 MB at a
 * million. */
#define RECENT_SLOTS 16
#define VALUES_MIN_CANDIDATES 4096 /* a search of fewer tests value fields entry by entry */
#define STALE_CHECK_EVERY 4096     /* candidates between two looks at the generation */
#define FOLLOW_SHIFT 48            /* follow: where the match end is kept */
#define FOLLOW_VALID 0x1000u       /* ... with this bit, so 0 is no end */

/* A search that decided entries by their follow letters (paper_index's
 * grown). */
typedef struct grown_search {
    uint16_t in, out;
    uint32_t letters;
    uint32_t decided; /* entries it decided so (tests read it) */
} grown_search;

/* One recent search's result, kept so that typing back to its text (a
 * backspace after a typo) costs a copy instead of a search of the list. */
typedef struct recent {
    char *text; /* query_text, NULL: an empty slot */
    int32_t scope;
    uint64_t *member; /* every match: bit id of the list's entries */
    uint16_t *ends;   /* each match's end in document order (ix->resume stamp, 0: none) */
    bool has_ends;    /* ends holds this result's (else it is only room) */
    uint32_t n, cap;
    uint32_t top;   /* the head was ranked for this top */
    uint32_t nhead; /* head[0..nhead): the ranked head, best first */
    uint32_t *head_ids;
    double *head_scores;
    uint64_t used; /* when last stored or reused (higher: later) */
} recent;

/* A key's order over the whole catalog, built once (on first use, or by
 * index_prepare_sorts): sorting a big view is then a walk of ids keeping
 * the view's, with no comparison (index_sort.c). */
typedef struct key_order {
    uint32_t *ranks;  /* per entry: dense rank (equal values, equal rank),
                         RANK_MISSING without a value; NULL: not built */
    uint32_t *ids;    /* every entry by (missing, rank, id) */
    uint64_t *starts; /* bit k: ids[k] has another rank than ids[k - 1] */
    uint32_t nvalued; /* ids[nvalued..) have no value, in document order */
} key_order;

/* A field's values (index_values.c): per entry the class of its value
 * (entries of a class have equal values), an entry of each class, and
 * scratch for a search's verdicts, per class a bit per group that holds. */
typedef struct value_classes {
    uint16_t *of; /* NULL: not built (a small list, or too many values) */
    uint32_t *rep;
    uint64_t *holds;
    uint32_t n;
} value_classes;

/* What a search knows of the groups on value fields before it reads an
 * entry: entry id passes field j's groups when
 * (t[j].holds[t[j].of[id]] & t[j].groups) == t[j].groups. */
typedef struct value_test {
    const uint16_t *of;
    uint64_t groups;
    const uint64_t *holds;
} value_test;
typedef struct value_filter {
    value_test t[QUERY_VALUE_COUNT];
    uint32_t n;
    uint64_t groups; /* all the groups decided so */
} value_filter;

struct paper_index {
    const catalog *cat;
    key_order sorts[SORT_KEY_COUNT]; /* per key but order and score */
    uint64_t *sort_member;           /* sorting scratch: a bit per entry */
    uint32_t *sort_ids;              /* sorting scratch: an id per entry */
    double *sort_score;              /* sorting scratch: a score per entry, NULL until needed */
    /* Per entry, for skipping work: the letters and digits of the title
     * (query_char_mask) with its start pairs (PAIRS_SHIFT), and its
     * length in code points (capped). */
    uint64_t *title_mask;
    uint32_t *title_len; /* bytes */
    /* Per entry: its title (the entry's pointer), read in id order by a
     * search without a cache miss on the entry before the title. */
    const char **title;
    uint16_t *title_cps;
    uint8_t *marks;               /* per entry: MARK_* (is: terms test them) */
    uint32_t nnew;                /* entries whose marks hold MARK_NEW */
    const arxiv_record **records; /* per entry: its arXiv record; NULL: none set */
    query *worker_query;          /* the second thread's copy of a query */
    uint8_t *chosen;              /* scratch: entries already ranked */
    /* NULL until index_warm: every entry, shortest title first (ties in
     * document order), and a bit per entry of scratch for the view being
     * ranked so (rank_by_length). */
    uint32_t *by_length;
    uint64_t *in_view;
    uint32_t ranked_by_length;          /* rankings done so (tests read it) */
    uint32_t recent_reused;             /* searches answered by a kept result (tests read it) */
    uint32_t heads_reused;              /* rankings answered by a kept head (tests read it) */
    uint32_t long_needle[SHORT_NEEDLE]; /* a needle it gave up on (remember_long) */
    uint32_t long_needle_n;
    uint64_t *title_bonus; /* per entry: fuzzy_bonus_mask of the title */
    /* per entry: fuzzy_trigrams_of the title, which tells a needle not in
     * it as one run without reading it (fuzzy_score_bound_broken), word w
     * of every entry's set in title_tri[w]: a needle's runs are in one or
     * two words, the only ones the bounds pass reads */
    uint64_t *title_tri[4];
    bool borrowed; /* the summary arrays are a cache's */
    /* Ranking scratch, kept from keystroke to keystroke (rank_reserve). */
    uint32_t *rank_order, *rank_start, *rank_pos;
    uint16_t *rank_key;
    double *rank_bound, *rank_tmp;
    uint32_t rank_cap;
    /* Per entry: where the last typed fuzzy term's greedy match ended (low
     * 12 bits, a byte offset), stamped with the generation of the search
     * that found it (high 4 bits), so the next keystroke, when that term
     * grew, goes on from there instead of matching it again. A stamp of
     * generation g was written for the search of generation g (by it, by
     * the reuse of a kept result, recent_restore_ends, or by the idle work
     * after it, index_prepare_growth) since the stamps were last
     * renumbered (out of generations, resume_read's become the first and
     * the others are cleared), which is what makes it safe to read. */
    uint16_t *resume;
    unsigned resume_gen; /* the latest generation written, 0: none yet */
    /* The generation that is resume_text's: resume_gen, except after a
     * search stopped half way for a key. Its stamps stay readable then, so
     * the next keystroke goes on from the last whole search's ends; the
     * stopped one's stamps (resume_gen) are read by none. */
    unsigned resume_read;
    char *resume_text; /* the query of generation resume_read's search */
    /* Per entry, NULL until index_prepare_growth first runs: the letters
     * after its match end (fuzzy_follow_letters, bits 0-35) and, in the
     * top bits (FOLLOW_SHIFT), that end with FOLLOW_VALID: a keystroke
     * that adds a letter to the term then tests a bit, not the title.
     * They depend on the title and the end only, so no generation. */
    uint64_t *follow;
    /* The latest search (of generation out) that decided entries by
     * follow: their stamps are still of generation in, where letters of
     * the term had matched. index_prepare_growth finishes their ends. */
    grown_search grown;
    /* Per entry, NULL until needed: what a pass over its title with the
     * last typed term kept (fuzzy_grow), valid when grow_stamp[id] is
     * grow_gen, so that ranking that term with a letter more bounds the
     * entry without reading its title again (index_prepare_growth). */
    fuzzy_grow *grow;
    uint8_t *grow_stamp;
    uint8_t grow_gen;         /* 0: none kept */
    fuzzy_needle grow_needle; /* the term they were kept for */
    uint32_t grow_bounded;    /* entries the last ranking bounded so (tests read it) */
    uint32_t broken_bounded;  /* entries whose bound its trigrams lowered (tests read it) */
    /* The order the idle pass leaves for the next letter
     * (grow_order_build, once the matches near the top are done and again
     * with them all): the matches it kept fuzzy_grow for, by their bound
     * for the term with any letter more (fuzzy_grown_any_bound, clamped at
     * 0 as a score is), highest first in buckets of BOUND_STEP below
     * grow_order_top, with that bound, as far as the buckets that hold
     * enough of them; grow_order_floor bounds every other match with a bit
     * in grow_order_has (those below the order, and those the pass has not
     * reached, as a whole). Valid while grow_order_gen is grow_gen: then
     * the term with a letter more is ranked by visiting the order
     * (rank_by_grow_order). */
    uint32_t *grow_order;
    double *grow_order_bound;
    uint64_t *grow_order_has;
    uint32_t grow_order_n, grow_order_cap;
    double grow_order_top, grow_order_floor;
    uint8_t grow_order_gen;        /* 0: none */
    uint32_t ranked_by_grow_order; /* rankings done so (tests read it) */
    uint32_t ranked_past_order;    /* rankings that went on past the order (tests read it) */
    /* What the ranked words of a query but the one being typed score
     * (index_settled.c), NULL until a query of two words or more: per
     * entry the sum of their scores, valid when settled_stamp[id] is
     * settled_gen (0: none kept); settled_sig holds those words, and
     * settled_words says how many. */
    double *settled;
    uint32_t *settled_stamp;
    uint32_t settled_gen;
    uint32_t *settled_sig;
    uint32_t settled_sig_cap, settled_words;
    uint32_t ranked_by_settled; /* rankings that used them (tests read it) */
    /* The last few searches' results (index_search_from), by query text;
     * they hold at most nentries ids between them. Forgotten when the
     * marks change (is: terms test them). */
    /* Per value field, built by index_warm (index_values_build): a
     * one-shot `paperdeck list` tests value fields entry by entry. */
    value_classes values[QUERY_VALUE_COUNT];
    bool values_built;
    uint32_t value_decided; /* entries the last search decided so (tests read it) */
    recent recent[RECENT_SLOTS];
    uint64_t recent_clock;
    /* Abandoning a search that is no longer wanted (index_abandon): a
     * search started under one generation stops when it changes. */
    atomic_uint generation;
    unsigned search_gen;   /* the generation the search in progress started in */
    index_stale_fn *stale; /* asked by the searching thread now and then */
    void *stale_arg;
};

/* An item of an integer sort: a 64-bit key and where it came from. */
typedef struct sort_item {
    uint64_t key;
    uint32_t pos; /* position in the view before sorting */
} sort_item;

/* --- index.c */

/* The second thread's own copy of q (PCRE2 match data is per query). */
const query *index_worker_query(paper_index *ix, const query *q);
/* query_match with what the index knows of entry id: its title's length
 * and the user's marks. */
query_result index_match_id(const paper_index *ix, const query *q, uint32_t id, double *score,
                            query_error *err);
/* Whether the search in progress is stale: the generation moved since it
 * started, or the stale hook says so now, which moves it. Both threads of
 * a search ask it. */
bool index_search_stale(const paper_index *ix);
/* Starts a generation of match ends, written for text's search; returns it. */
uint16_t index_resume_begin(paper_index *ix, const char *text);

/* --- index_rank.c */

/* Grows the ranking scratch of ix to n matches. */
void rank_reserve(paper_index *ix, uint32_t n);
/* The order of v, the term's matches (see grow_order), from what the idle
 * pass kept so far: with tier_bound (v's summary bounds for the term), the
 * matches it has not reached whose bound is below cold_at are bounded as
 * a whole, the order's floor at least what they may score with a letter
 * more. INDEX_ABANDONED when the stale hook stopped it, the order built
 * before left as it was. */
int grow_order_build(paper_index *ix, const view *v, const double *tier_bound, double cold_at);
/* Moves the best k matches of v (by score, ties in document order) to its
 * front, scored, with v->nranked = their count; the others keep their
 * order behind them, unscored. */
void index_rank_top(paper_index *ix, const query *q, view *v, uint32_t k);
/* index_rank_top that, when stoppable, gives up (false, v as it was) once
 * the search it ranks is stale (index_search_stale). */
bool rank_top(paper_index *ix, const query *q, view *v, uint32_t k, bool stoppable);

/* Puts head_ids[0..nhead) (matches of v) at v's front with their scores,
 * the other matches behind them in their order, unscored (index_rank.c). */
void view_set_head(paper_index *ix, view *v, const uint32_t *head_ids, const double *head_scores,
                   uint32_t nhead);

/* --- index_settled.c */

#define SETTLED_WORDS_MAX 64 /* a query's terms, at most */
/* Keeps, for each match in v of q, what q's ranked words but the one being
 * typed score (none: nothing to keep). INDEX_ABANDONED when the stale hook
 * stopped it; what it kept until then is valid. */
int settled_prepare(paper_index *ix, const query *q, const view *v);
/* Gives the kept sums room for every entry, touched, none kept. */
void settled_warm(paper_index *ix);
/* A ranking of q by the kept sums: when q's ranked words are the kept
 * words and one more (its last), settled_plan_init fills p and says so.
 * For an entry with a kept sum (settled_has), the calls below give what
 * query_score_bound_pairs, query_score_bound_title_masked and query_score
 * give for q, reading one word instead of them all; the score is the same
 * bit for bit, the bounds the same or tighter. */
typedef struct settled_plan {
    const double *sum;
    const uint32_t *stamp;
    uint32_t gen;
    const fuzzy_needle *last;
    fuzzy_bound_table last_bound;
} settled_plan;
bool settled_plan_init(const paper_index *ix, const query *q, settled_plan *p);
static inline bool settled_has(const settled_plan *p, uint32_t id)
{
    return p->stamp[id] == p->gen;
}
double settled_bound(const settled_plan *p, uint32_t id, uint64_t bonus_mask, uint32_t start_pairs,
                     uint32_t title_cps);
double settled_bound_title(const settled_plan *p, uint32_t id, const char *title, size_t len,
                           uint32_t title_cps, uint64_t bonus_mask);
double settled_score(const settled_plan *p, uint32_t id, const char *title, size_t len);
void settled_free(paper_index *ix);

/* --- index_values.c */

/* Fills vf for a search of q over candidates entries (the groups in skip
 * known to hold): the groups on one value field each (venue:, year:...)
 * tested once a value, when the field has few enough values for that to
 * pay. Returns -1 when a regex gave up (err says why), else 0. */
int index_value_filter(paper_index *ix, const query *q, uint64_t skip, uint32_t candidates,
                       value_filter *vf, query_error *err);
/* Groups the entries by each value field's values: one pass over them,
 * once (index_warm calls it). */
void index_values_build(paper_index *ix);
void index_values_free(paper_index *ix);

/* --- index_recent.c */

/* Empties every slot of the recent results (their buffers stay). */
void recent_forget(paper_index *ix);
/* Frees every slot's buffers. */
void recent_free(paper_index *ix);
/* Gives every slot room for the whole list, touched: no search pays page
 * faults for the results it keeps. */
void recent_warm(paper_index *ix);
/* Keeps ids[0..n), document order, as the result of text in scope (a
 * scope key: -1 for the whole list), dropping the oldest results until
 * the kept ids fit in RECENT_IDS_PER_ENTRY per entry. Returns the slot. */
recent *recent_store(paper_index *ix, const char *text, int32_t scope, const uint32_t *ids,
                     uint32_t n);
/* Keeps the ranked head of v, ranked for top, with slot's matches. */
void recent_store_head(recent *slot, const view *v, uint32_t top);
/* Fills out from a kept result of q in scope, as a search would; false
 * when none is kept. */
bool recent_reuse(paper_index *ix, const query *q, int32_t scope, uint32_t top, view *out);
/* index_keep_ranked, index_rank_kept and index_resume_kept, by scope key. */
void recent_keep_ranked(paper_index *ix, const query *q, int32_t scope, const view *v,
                        uint32_t top);
bool recent_rank_kept(paper_index *ix, const query *q, int32_t scope, view *v, uint32_t top);
void recent_resume_kept(paper_index *ix, const query *q, int32_t scope, const view *v);

/* --- index_sort.c */

/* LSD radix sort of items[0..n) on their keys (tmp: room for n). */
void index_radix_sort(sort_item *items, sort_item *tmp, uint32_t n);
/* Frees the keys' orders and the sorting scratch. */
void index_free_sorts(paper_index *ix);

#endif
