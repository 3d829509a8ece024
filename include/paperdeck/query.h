/* query: the one prompt grammar, compiled once and matched against entries.
 *
 *   lin att              every space-separated term must hold
 *   att                  bare term: fuzzy on the title
 *   /line?ar\s+att/      PCRE2 regex on the title (caseless unless it has
 *                        an upper-case letter)
 *   'word                exact substring of the title (smart case)
 *   venue:iclr           field: venue, year, org, tag, kind, cat (section
 *                        path), arxiv, author; text fields are substrings,
 *                        case-insensitive; field:/re/ is a regex on it
 *   year:>=2021  year:2019..2021  year:<2020  year:2021
 *   is:starred  is:read  is:unread    the user's marks (marks.h)
 *   !term                negation
 *   a | b                either
 *   "two words"          quoting for spaces (also 'exact with "...")
 *
 * A compiled query owns PCRE2 match data: use one query from one thread at a
 * time. */
#ifndef PAPERDECK_QUERY_H
#define PAPERDECK_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "paperdeck/catalog.h"
#include "paperdeck/marks.h"

typedef struct query query;

typedef struct query_error {
    size_t pos;       /* byte offset in the query text (0-based) */
    char msg[200];
} query_error;

typedef enum query_result {
    QUERY_FAILED = -1, /* a regex gave up (match or depth limit); see err */
    QUERY_NO_MATCH = 0,
    QUERY_MATCH = 1,
} query_result;

/* Compiles text. NULL on a bad query, with err saying what and where. An
 * empty or all-blank text compiles to a query that matches everything. */
query *query_compile(const char *text, query_error *err);
void query_free(query *q);
bool query_is_empty(const query *q);
/* True when the query has a positive fuzzy term: results rank by score. */
bool query_is_ranked(const query *q);

/* Matches one entry of c. On QUERY_MATCH *score (if not NULL) is the sum of
 * the fuzzy scores of the terms that matched (0 without fuzzy terms). */
query_result query_match(const query *q, const catalog *c, const entry *e,
                         double *score, query_error *err);

/* query_match for a caller that knows the title's length in bytes. */
query_result query_match_title(const query *q, const catalog *c, const entry *e, size_t tlen,
                               double *score, query_error *err);
/* query_match_title for an entry whose marks are known (mark_flags: MARK_*
 * of marks.h): what is:starred, is:read and is:unread test. The other two
 * take every entry as unmarked. */
query_result query_match_marked(const query *q, const catalog *c, const entry *e, size_t tlen,
                                unsigned mark_flags, double *score, query_error *err);

/* Code-point indices into title matched by the query's positive title terms
 * (fuzzy, exact and regex), ascending without repeats, at most max. For
 * highlighting; returns the count. */
size_t query_title_positions(const query *q, const char *title, uint32_t *pos,
                             size_t max);

/* --- for the index: cheap tests that let it skip work --------------------- */

/* True when q has a regex term: one that may be slow on every entry
 * without ever hitting its per-entry limits, so a search over the list
 * keeps a time budget for it. */
bool query_has_regex(const query *q);
/* Fills err for a search that gave up after budget_ms, pointing at the
 * first regex of q. */
void query_regex_timeout(const query *q, unsigned budget_ms, query_error *err);

/* The text q was compiled from. */
const char *query_text(const query *q);
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
/* A tighter bound for one title (title_cps code points in title[0..len)),
 * cheap next to scoring it: see fuzzy_score_bound_text. */
double query_score_bound_title(const query *q, const char *title, size_t len,
                               uint32_t title_cps);
/* query_score_bound_title for a title whose fuzzy_bonus_mask is known, by
 * fuzzy_score_bound_scan: the same bound or a tighter one. */
double query_score_bound_title_masked(const query *q, const char *title, size_t len,
                                      uint32_t title_cps, uint64_t bonus_mask);
/* A bound from the title's fuzzy_bonus_mask alone (no pass over the title):
 * looser than query_score_bound_title, tighter than query_score_bound. */
double query_score_bound_mask(const query *q, uint64_t bonus_mask, uint32_t title_cps);
/* The same knowing the title's fuzzy_start_pairs too: the same or tighter. */
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
/* query_match_marked without a score, not testing the groups in skip
 * (bits as query_groups_implied gives them). */
query_result query_test_marked(const query *q, const catalog *c, const entry *e, size_t tlen,
                               unsigned mark_flags, uint64_t skip, query_error *err);
/* Where a fuzzy term's greedy match ended in a title, so that a caller
 * testing a grown term (query_resume_from) goes on from there. */
typedef struct query_resume {
    int32_t term;     /* in: the term to go on with, -1: none */
    uint32_t letters; /* in: its first letters are matched, ending at byte from */
    uint32_t from;
    int32_t record;   /* in: the term whose match end to report, -1: none */
    bool ended;       /* out: record matched (and was tested), ending at byte end */
    uint32_t end;
} query_resume;
/* query_test_marked with rs (see query_resume). */
query_result query_test_resume(const query *q, const catalog *c, const entry *e, size_t tlen,
                               unsigned mark_flags, uint64_t skip, query_resume *rs,
                               query_error *err);
/* The term of q whose match ends are worth keeping for the next keystroke:
 * the last one typed, when it is a positive fuzzy term alone in its group
 * (every match holds it); -1 otherwise. */
int32_t query_resume_term(const query *q);
/* True when next's query_resume_term (*term_out) extends prev's (same letters
 * first, same case rule): its first *letters letters are placed where
 * prev's whole term was, in every title prev matched. */
bool query_resume_from(const query *prev, const query *next, int32_t *term_out,
                       uint32_t *letters);
/* True when every entry next matches, prev matches too (next only adds or
 * lengthens terms), so next can filter prev's result instead of the whole
 * list. False when unsure. */
bool query_narrows(const query *prev, const query *next);

#endif
