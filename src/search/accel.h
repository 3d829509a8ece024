/* accel: the search core's private toolkit, what lets the index skip work:
 * per-title summaries and score bounds (fuzzy), letter masks, bounds,
 * implied groups and resumed matches (query), and the one match entry
 * point that takes them. Used by src/search/ and by the tests; nothing
 * outside the index needs it (query.h and fuzzy.h are the public parts). */
#ifndef PAPERDECK_SEARCH_ACCEL_H
#define PAPERDECK_SEARCH_ACCEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "paperdeck/arxiv_record.h"
#include "paperdeck/catalog.h"
#include "paperdeck/fuzzy.h"
#include "paperdeck/query.h"

/* --- fuzzy: summaries and score bounds ----------------------------------- */

/* What bounds a text's score, gathered in one pass: which pairs of adjacent
 * (folded) characters it has, hashed into 1024 bits (a needle letter whose
 * pair with the previous one is absent cannot earn the consecutive bonus
 * there), and the best bonus each letter and digit can earn where it occurs
 * (a letter that never starts a word earns nothing when it starts a run). */
typedef struct fuzzy_bigrams {
    uint64_t bits[16];
    uint64_t bonus;   /* fuzzy_bonus_mask of the text */
    const char *text; /* the text itself, for a substring test: it must
                         outlive the bound's use */
    size_t len;
} fuzzy_bigrams;

void fuzzy_bigrams_of(const char *text, size_t len, fuzzy_bigrams *out);
/* An upper bound of fuzzy_score_text for a text of text_cps code points with
 * these bigrams; never below the real score, usually close to it. */
fuzzy_score fuzzy_score_bound_text(const fuzzy_needle *nd, const fuzzy_bigrams *bg,
                                   size_t text_cps);
/* fuzzy_score_bound_text without building the bigrams: one pass over the
 * text finds which adjacent needle pairs it holds and whether the whole
 * needle occurs as one run, exactly (no hashing), so the bound is the same
 * or tighter, and never below the real score. bonus_mask is the text's
 * fuzzy_bonus_mask. Needles that are not scan_ok take the bigram path. */
fuzzy_score fuzzy_score_bound_scan(const fuzzy_needle *nd, const char *text, size_t len,
                                   uint64_t bonus_mask, size_t text_cps);
/* An upper bound of fuzzy_score_text for an ASCII text (text_cps code
 * points): the best placement of the needle's letters as the scorer
 * places them, with every gap at the cheapest rate; it reads only the
 * bytes that hold a needle letter. Where the letters lie scattered it is
 * far tighter than fuzzy_score_bound_scan (`venu` on 100k titles: 602
 * reach a score of 2.35 by it, 7458 by the scan). FUZZY_SCORE_MAX (no
 * bound) for a text outside ASCII, or a needle without sparse targets
 * (see fuzzy_needle); FUZZY_SCORE_MIN when the needle does not match. Like
 * the other bounds it may be below the score by a rounding error. */
fuzzy_score fuzzy_score_bound_placed(const fuzzy_needle *nd, const char *text, size_t len,
                                     size_t text_cps);
/* Which runs of three adjacent (folded) characters a text holds, hashed
 * into 256 bits: a needle with a run the set lacks cannot occur in the
 * text as one run, so some letter of it starts a run of its own (and
 * earns a start bonus, not the consecutive one). Every bit is set for a
 * text outside ASCII, whose letters may fold into a needle's. */
typedef struct fuzzy_trigrams {
    uint64_t bits[4];
} fuzzy_trigrams;
void fuzzy_trigrams_of(const char *text, size_t len, fuzzy_trigrams *out);
/* A needle's side of the test: the bits of its runs of three (in which
 * words of the set), and a table of what the needle can score, but for
 * the length's share, in a text that does not hold it as one run, by the
 * summary bits of fuzzy_run_key. */
#define FUZZY_RUN_KEYS 128
typedef struct fuzzy_run_test {
    uint32_t n;
    uint32_t nwords;
    uint8_t word[4];  /* the words of a fuzzy_trigrams holding need's bits */
    uint64_t need[4]; /* the bits, by nwords */
    uint32_t first;   /* value of the summary's first-letter field for letter 0 */
    uint64_t first_word, first_camel, later_word, later_camel, slash, digit;
    double gap; /* what each code point past n costs at least */
    double head[FUZZY_RUN_KEYS];
} fuzzy_run_test;
/* False for a needle it cannot test: fewer than 3 letters, case
 * sensitive, or not scan_ok. */
bool fuzzy_run_test_init(const fuzzy_needle *nd, fuzzy_run_test *t);
static inline unsigned fuzzy_run_key(const fuzzy_run_test *t, uint64_t bonus_mask)
{
    uint32_t first = (uint32_t)(bonus_mask >> 27) & 31;
    return (unsigned)(first == t->first) | (unsigned)((bonus_mask & t->first_word) != 0) << 1
         | (unsigned)((bonus_mask & t->first_camel) != 0) << 2
         | (unsigned)((bonus_mask & t->slash) != 0) << 3
         | (unsigned)((bonus_mask & t->later_word) != 0) << 4
         | (unsigned)((bonus_mask & t->later_camel) != 0) << 5
         | (unsigned)((bonus_mask & t->digit) != 0) << 6;
}
/* An upper bound of fuzzy_score_text for a text of text_cps code points
 * with that summary, whose trigram set's words are tri[0..3] (tri[w]
 * read only for the words the needle's runs are in), when the set shows
 * the needle is not in it as one run; FUZZY_SCORE_MAX (no bound) when it
 * may be. Like the summary's bound it reads no title; the two are taken
 * together (the lower holds). */
static inline double fuzzy_score_bound_broken(const fuzzy_run_test *t, const uint64_t *const tri[4],
                                              uint32_t id, uint64_t bonus_mask, uint32_t text_cps)
{
    uint64_t missing = 0;
    for (uint32_t j = 0; j < t->nwords; j++)
        missing |= t->need[j] & ~tri[t->word[j]][id];
    if (!missing || text_cps <= t->n)
        return FUZZY_SCORE_MAX;
    return t->head[fuzzy_run_key(t, bonus_mask)] + (double)(text_cps - t->n) * t->gap;
}
/* What a pass over a text with a needle N keeps so that the bound of
 * fuzzy_score_bound_scan for N and one letter more needs no pass: N's
 * adjacent pairs (bit i: letters i-1 and i), and the classes
 * (fuzzy_grow_class) of the characters right after N's last letter and
 * right after each whole run of N. */
typedef struct fuzzy_grow {
    uint64_t pairs;
    uint32_t after_last, after_run;
} fuzzy_grow;
#define FUZZY_GROW_DIGIT ((uint32_t)1 << 26) /* any digit */
#define FUZZY_GROW_OTHER ((uint32_t)1 << 27) /* anything else */
/* A folded character's class: its letter's bit, or one of the two above
 * (a digit or other character typed next is tested loosely, never wrongly). */
uint32_t fuzzy_grow_class(uint32_t cp);
/* Fills out for a caseless needle of at most 64 ASCII letters (scan_ok),
 * and *follow (unless NULL) with fuzzy_follow_letters(text, len, from);
 * false for any other needle (nothing filled). */
bool fuzzy_grow_scan(const fuzzy_needle *nd, const char *text, size_t len, size_t from,
                     fuzzy_grow *out, uint64_t *follow);
/* For nd, the needle a fuzzy_grow was made with and one letter more: the
 * bound of fuzzy_score_bound_scan over that text without a pass over it,
 * the letters' bonuses from tables; the same bound, bit for bit, when the
 * letter is a letter, never lower otherwise. */
#define FUZZY_GROWN_PLAN_MAX 32
typedef struct fuzzy_grown_plan {
    uint32_t n, last_class;
    uint64_t word[FUZZY_GROWN_PLAN_MAX], camel[FUZZY_GROWN_PLAN_MAX];
    uint32_t first[FUZZY_GROWN_PLAN_MAX];
    double start[FUZZY_GROWN_PLAN_MAX][16]; /* a letter's start bonus bound by its summary bits */
} fuzzy_grown_plan;
/* False for a needle of fewer than 2 or more than FUZZY_GROWN_PLAN_MAX
 * letters (the text's own scan then). */
bool fuzzy_grown_plan_init(const fuzzy_needle *nd, fuzzy_grown_plan *p);
fuzzy_score fuzzy_grown_plan_eval(const fuzzy_grown_plan *p, const fuzzy_grow *g,
                                  uint64_t bonus_mask, uint32_t text_cps);
/* With p the plan of a needle N itself (fuzzy_grown_plan_init(N)) and g
 * kept for N: at least fuzzy_grown_plan_eval for N and any one letter more,
 * whichever it is, so the idle pass orders the matches by it before the
 * letter is typed (grow_order_build). */
fuzzy_score fuzzy_grown_any_bound(const fuzzy_grown_plan *p, const fuzzy_grow *g,
                                  uint64_t bonus_mask, uint32_t text_cps);
/* The most a letter typed after a needle N adds to a text's score, for a
 * text longer than N and the letter (fuzzy_score_text(N + c) <=
 * fuzzy_score_text(N) + this), with no pass over anything. */
double fuzzy_grow_gain_max(void);
/* A summary of a text in 64 bits, for an index to keep per title: which
 * letters occur where they earn the word bonus (bits 0-25), the camel or
 * dot bonus (bits 32-57), which is the text's first letter (bits 27-31),
 * and flags for digits that earn a bonus, letters after a '/' and letters
 * outside ASCII (whose bonuses are not told apart). */
uint64_t fuzzy_bonus_mask(const char *text, size_t len);
/* The text's first character, from its fuzzy_bonus_mask, when that is an
 * ASCII letter and no letter of the text is outside ASCII: 1 + its place
 * in a-z; 0 when not known so. */
uint32_t fuzzy_bonus_first_ascii(uint64_t bonus_mask);
/* An upper bound of fuzzy_score_text for a text of text_cps code points
 * with that summary: cheaper and looser than fuzzy_score_bound_text, since
 * only the first letter's bonus is known. */
fuzzy_score fuzzy_score_bound_mask(const fuzzy_needle *nd, uint64_t bonus_mask, size_t text_cps);
/* Which pairs (a character that starts a word, the character after it)
 * a text holds, hashed into FUZZY_PAIR_BITS bits: when a needle's first
 * two letters are not such a pair, its first letter cannot both earn a
 * word's bonus and have the second follow it. */
#define FUZZY_PAIR_BITS 28
uint32_t fuzzy_start_pairs(const char *text, size_t len);
/* fuzzy_score_bound_mask knowing the text's fuzzy_start_pairs too: the
 * same or tighter. */
fuzzy_score fuzzy_score_bound_pairs(const fuzzy_needle *nd, uint64_t bonus_mask,
                                    uint32_t start_pairs, size_t text_cps);
/* fuzzy_score_bound_pairs for many texts: it reads eight bits of the
 * summaries (fuzzy_bound_key), so a needle's bounds, but for the length's
 * share, are a table of FUZZY_BOUND_KEYS, filled once per needle. */
#define FUZZY_BOUND_KEYS 256
typedef struct fuzzy_bound_table {
    uint32_t n;          /* the needle's letters (0: use fuzzy_score_bound) */
    double gap;          /* what each code point past n costs at least */
    uint64_t slash;      /* the summary's bit for a letter after a '/' */
    uint64_t word[2];    /* bits for the first two letters: word bonus, */
    uint64_t camel[2];   /* camel bonus, */
    uint32_t first[2];   /* value of the summary's first-letter field */
    uint32_t start_pair; /* fuzzy_start_pairs' bit for the two */
    double head[FUZZY_BOUND_KEYS];
} fuzzy_bound_table;
void fuzzy_bound_table_init(const fuzzy_needle *nd, fuzzy_bound_table *t);
static inline unsigned fuzzy_bound_key(const fuzzy_bound_table *t, uint64_t bonus_mask,
                                       uint32_t start_pairs)
{
    uint32_t first = (uint32_t)(bonus_mask >> 27) & 31;
    return (unsigned)(first == t->first[0]) | (unsigned)((bonus_mask & t->word[0]) != 0) << 1
         | (unsigned)((bonus_mask & t->camel[0]) != 0) << 2
         | (unsigned)((bonus_mask & t->slash) != 0) << 3 | (unsigned)(first == t->first[1]) << 4
         | (unsigned)((bonus_mask & t->word[1]) != 0) << 5
         | (unsigned)((bonus_mask & t->camel[1]) != 0) << 6
         | (unsigned)((start_pairs & t->start_pair) != 0) << 7;
}
/* fuzzy_score_bound_pairs(nd, bonus_mask, start_pairs, text_cps) for the
 * needle the table was made for, exactly, when text_cps > t->n > 0. */
static inline double fuzzy_bound_table_eval(const fuzzy_bound_table *t, uint64_t bonus_mask,
                                            uint32_t start_pairs, uint32_t text_cps)
{
    return t->head[fuzzy_bound_key(t, bonus_mask, start_pairs)]
         + (double)(text_cps - t->n) * t->gap;
}
/* An upper bound of fuzzy_score_text for any text of text_cps code points,
 * so a ranker can skip texts that cannot reach its top results. */
fuzzy_score fuzzy_score_bound(const fuzzy_needle *nd, size_t text_cps);

/* Which ASCII letters and digits (bits 0-25 'a'-'z', 26-35 '0'-'9') occur
 * in text[from..len) as a caseless needle sees them, accents folded: a
 * greedy match that ended at from goes on with letter c exactly when
 * fuzzy_letter_bit(c) is set. */
uint64_t fuzzy_follow_letters(const char *text, size_t len, size_t from);
/* That bit for a letter (either case) or digit; 0 for any other code
 * point. The bits of query_char_mask too. */
uint64_t fuzzy_letter_bit(uint32_t cp);

/* --- query: what the index asks of a compiled query ---------------------- */

/* True when q has a regex term: one that may be slow on every entry
 * without ever hitting its per-entry limits, so a search over the list
 * keeps a time budget for it. */
bool query_has_regex(const query *q);
/* Fills err for a search that gave up after budget_ms, pointing at the
 * first regex of q. */
void query_regex_timeout(const query *q, unsigned budget_ms, query_error *err);

/* Compiles q's text again: a query whose PCRE2 match data another thread may
 * use. NULL only when out of memory. */
query *query_clone(const query *q);
/* Letters and digits (bits 0-25 'a'-'z', 26-35 '0'-'9', case-folded) that
 * every title the query matches must contain; see query_char_mask. */
uint64_t query_title_mask(const query *q);
/* The same bits for a text: what an index stores per title. */
uint64_t query_char_mask(const char *s, size_t n);
/* True when a title matches q exactly when its query_char_mask holds
 * query_title_mask(q): every group is one letter or digit typed alone
 * (a first keystroke), caseless. Case and accents fold alike in both. */
bool query_title_mask_decides(const query *q);
/* An upper bound of the score query_match can give a title of title_cps
 * code points (FUZZY_SCORE_MAX when it could be an exact match). */
double query_score_bound(const query *q, uint32_t title_cps);
/* query_score_bound_pairs by tables (fuzzy_bound_table), for ranking
 * many titles: query_bound_plan_init says whether q has a plan (at most
 * QUERY_PLAN_NEEDLES fuzzy groups of one positive fuzzy term each), and
 * query_bound_plan_eval gives the same bound, bit for bit. */
#define QUERY_PLAN_NEEDLES 4
typedef struct query_bound_plan {
    uint32_t n;
    fuzzy_bound_table t[QUERY_PLAN_NEEDLES]; /* one per fuzzy group, in order */
} query_bound_plan;
bool query_bound_plan_init(const query *q, query_bound_plan *plan);
static inline double query_bound_plan_eval(const query_bound_plan *plan, uint64_t bonus_mask,
                                           uint32_t start_pairs, uint32_t title_cps)
{
    double sum = 0;
    for (uint32_t i = 0; i < plan->n; i++) {
        const fuzzy_bound_table *t = &plan->t[i];
        if (title_cps <= t->n)
            return FUZZY_SCORE_MAX; /* maybe the needle itself */
        double b = fuzzy_bound_table_eval(t, bonus_mask, start_pairs, title_cps);
        sum += b > 0 ? b : 0; /* a group scores at least 0 */
    }
    return sum;
}
/* A tighter bound for one title (title_cps code points in title[0..len)),
 * cheap next to scoring it: see fuzzy_score_bound_text. */
double query_score_bound_title(const query *q, const char *title, size_t len, uint32_t title_cps);
/* query_score_bound_title for a title whose fuzzy_bonus_mask is known, by
 * fuzzy_score_bound_scan: the same bound or a tighter one. */
double query_score_bound_title_masked(const query *q, const char *title, size_t len,
                                      uint32_t title_cps, uint64_t bonus_mask);
/* A bound from the title's fuzzy_bonus_mask and fuzzy_start_pairs alone (no
 * pass over the title): looser than query_score_bound_title, tighter than
 * query_score_bound. */
double query_score_bound_pairs(const query *q, uint64_t bonus_mask, uint32_t start_pairs,
                               uint32_t title_cps);
/* For a caller that tests only the entries prev matched (query_narrows
 * said it may): bit g is set when group g of next holds for every entry
 * prev matches (a group of prev implies it), so it need not be tested
 * again. Groups past the 64th are never set. */
uint64_t query_groups_implied(const query *prev, const query *next);
/* Every group of q as query_groups_implied sets them (0 past 64 groups:
 * then never all of them). */
uint64_t query_groups_all(const query *q);
/* The ASCII letters (bit 0: a) a title may start with for q to match it,
 * from its regexes anchored at the title's start; false when they allow
 * any (or there are none). */
bool query_title_starts(const query *q, uint32_t *letters);
/* Fields whose value many entries share (a million entries, a few hundred
 * venues): a group whose terms read only one of them holds for every entry
 * with a value or for none, so an index may test it once a value
 * (index_values.c). */
typedef enum query_value_field {
    QUERY_VALUE_VENUE,
    QUERY_VALUE_ORG,
    QUERY_VALUE_CAT, /* the section */
    QUERY_VALUE_KIND,
    QUERY_VALUE_YEAR,
    QUERY_VALUE_COUNT /* none: the group reads anything else */
} query_value_field;
/* The one such field every term of group g of q reads, or QUERY_VALUE_COUNT. */
query_value_field query_group_value_field(const query *q, uint32_t g);
/* e's value of f as a key: entries with equal keys have equal values (an
 * interned string's pointer, a section's number, the year...). */
uintptr_t query_value_key(const entry *e, query_value_field f);
/* Where a fuzzy term's greedy match ended in a title, so that a caller
 * testing a grown term (query_resume_from) goes on from there. */
typedef struct query_resume {
    int32_t term;     /* in: the term to go on with, -1: none */
    uint32_t letters; /* in: its first letters are matched, ending at byte from */
    uint32_t from;
    int32_t record; /* in: the term whose match end to report, -1: none */
    bool ended;     /* out: record matched (and was tested), ending at byte end */
    uint32_t end;
} query_resume;
/* The term of q whose match ends are worth keeping for the next keystroke:
 * the last one typed, when it is a positive fuzzy term alone in its group
 * (every match holds it); -1 otherwise. */
int32_t query_resume_term(const query *q);
/* True when next's query_resume_term (*term_out) extends prev's (same letters
 * first, same case rule): its first *letters letters are placed where
 * prev's whole term was, in every title prev matched. */
bool query_resume_from(const query *prev, const query *next, int32_t *term_out, uint32_t *letters);

/* How many groups of q rank (hold a fuzzy term). */
uint32_t query_fuzzy_groups(const query *q);
/* The needles of q's ranked groups, in the order its score sums them, when
 * each of those groups is one fuzzy term: their count (at most max), else
 * -1. */
int query_ranked_needles(const query *q, const fuzzy_needle **out, int max);
/* The needle of q's fuzzy term number k; NULL for any other term. */
const fuzzy_needle *query_term_needle(const query *q, int32_t k);
/* The term a title is tested on when the groups in skip are known to hold:
 * the one other group's only term, when it is a positive fuzzy term; -1
 * otherwise (more groups left, none, or another kind of term). */
int32_t query_lone_term(const query *q, uint64_t skip);
/* For a search of q going on from a match of term's first letters (as
 * query_resume_from said) in which the groups in skip are known to hold:
 * when term k has one letter more and nothing else is left to test, the
 * fuzzy_letter_bit of that letter (caseless needles only), so an entry
 * whose fuzzy_follow_letters after its kept match end are known matches
 * exactly when they hold it; 0 otherwise. */
uint64_t query_grown_letter(const query *q, int32_t k, uint32_t letters, uint64_t skip);

/* How query_match_with sees an entry: what the index knows of it beyond
 * the entry itself. */
typedef struct query_match_opts {
    size_t tlen;                /* the title's length in bytes */
    unsigned marks;             /* MARK_* of marks.h: what is: terms test */
    uint64_t skip;              /* groups not to test (query_groups_implied); with
                                   any set, score must be NULL (a skipped fuzzy
                                   group would not be scored) */
    query_resume *resume;       /* NULL, or where fuzzy terms go on from and end;
                                   its ended is reset first */
    const arxiv_record *record; /* NULL, or the entry's arXiv record (abs:,
                                   subject:, author:) */
    const char *title;          /* e->title, or NULL: read from e (the index
                                   passes its own pointer, so that testing a
                                   title does not read the entry) */
} query_match_opts;
/* query_match for the index: every entry point of matching is this one. */
query_result query_match_with(const query *q, const catalog *c, const entry *e,
                              const query_match_opts *opts, double *score, query_error *err);

/* --- sorted ids ---------------------------------------------------------- */

/* Where the first value >= x is in the ascending v[0..n): the one binary
 * search of the view's ids (section counts) and of highlight positions. */
static inline size_t accel_lower_bound(const uint32_t *v, size_t n, uint32_t x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

#endif
