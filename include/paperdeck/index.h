/* index: the in-memory index over a catalog and the views it produces.
 *
 * A view is an array of entry indices (plus scores when ranked); filtering and
 * sorting never copy entries. Built once from a finished catalog. */
#ifndef PAPERDECK_INDEX_H
#define PAPERDECK_INDEX_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "paperdeck/arxiv_store.h"
#include "paperdeck/catalog.h"
#include "paperdeck/marks.h"
#include "paperdeck/query.h"

typedef enum sort_key {
    SORT_ORDER, /* as written in the file(s) */
    SORT_TITLE, /* case- and accent-folded */
    SORT_VENUE,
    SORT_YEAR,
    SORT_DATE,
    SORT_ARXIV,
    SORT_SECTION,
    SORT_SCORE, /* fuzzy score, best first when descending */
    SORT_KEY_COUNT
} sort_key;

typedef struct view {
    uint32_t *ids;  /* entry indices into the catalog */
    double *scores; /* parallel to ids; 0 when the query is not ranked */
    uint32_t n, cap;
    uint32_t nranked; /* ids[0..nranked) are in their final order (see
                         index_search); the rest in document order */
} view;

typedef struct paper_index paper_index;

paper_index *index_build(const catalog *c);

/* The per-title summaries index_build computes (letter and bonus masks,
 * lengths, trigram sets) are INDEX_SUMMARY_PARTS arrays of nentries items. A cache keeps
 * them (cache.h), so that a cached list gets its index without reading a
 * title. */
enum { INDEX_SUMMARY_PARTS = 8 };
/* The size in bytes of one item of part k. */
size_t index_summary_item_size(int k);
/* Part k of ix's summaries. */
const void *index_summary_part(const paper_index *ix, int k);
/* An index over c on summaries kept elsewhere, which must outlive it. NULL
 * when they are not what index_build computes (checked on a sample of
 * titles: a cache written by a build that summarised titles otherwise). */
paper_index *index_build_with(const catalog *c, const void *const parts[INDEX_SUMMARY_PARTS]);
void index_free(paper_index *ix);
/* Allocates and touches the scratch a keystroke's search and ranking use,
 * sized for the whole list, so that the first keystrokes on a big list do
 * not pay its page faults (tens of milliseconds at a million entries), and
 * groups the entries by the values of venue, org, section, kind and year
 * (a field term then tests each value once). */
void index_warm(paper_index *ix);
const catalog *index_catalog(const paper_index *ix);

/* The user's marks (MARK_* of marks.h) per entry, which is: terms test;
 * every entry is unmarked until they are set. */
void index_set_marks(paper_index *ix, uint32_t id, unsigned flags);
unsigned index_marks(const paper_index *ix, uint32_t id);
/* How many entries are marked MARK_NEW: none spares a pass over the
 * matches to count them. */
uint32_t index_count_new(const paper_index *ix);
/* Sets every entry's marks from m (NULL: all unmarked). */
void index_load_marks(paper_index *ix, const marks_store *m);
/* Looks up every entry's arXiv record in s (NULL: none), for abs:, subject:
 * and author: terms, the output and the detail view; s must outlive the
 * index or the next call. Forgets the kept searches. */
void index_set_records(paper_index *ix, const arxiv_store *s);
/* Entry id's arXiv record, NULL when it has none. */
const arxiv_record *index_record(const paper_index *ix, uint32_t id);

void view_init(view *v);
void view_free(view *v);
/* Makes room for n ids and scores in v; what it held is not kept. */
void view_reserve(view *v, uint32_t n);

/* Fills out with the entries of section scope's subtree (scope < 0: all) that q
 * (NULL: all) matches, in document order, with scores. Returns 0, or -1 with
 * err set when a regex gave up; out then holds the matches found before it. */
int index_filter(paper_index *ix, const query *q, int32_t scope, view *out, query_error *err);
/* What the browser does per keystroke: like index_filter, but
 *  - within (if not NULL) is a previous result that is known to hold every
 *    match (query_narrows said so), and only its entries are tested;
 *  - for a ranked query only the best `top` matches are scored and put first,
 *    best first (ties in document order), which is all a screen shows:
 *    out->nranked says how many; the other matches follow in document
 *    order, unscored, until index_rank_more is asked for them.
 * Unranked queries come back whole, in document order. Uses both cores on
 * big lists. Returns 0, or -1 with err set when a regex gave up. */
int index_search(paper_index *ix, const query *q, int32_t scope, const view *within, uint32_t top,
                 view *out, query_error *err);
/* The index keeps the results of its last few searches (index_search,
 * index_search_from) by query text and scope, holding at most one id per
 * entry between them: searching one of those texts again (typing back to
 * it with backspace) copies its result, ranked head included when top is
 * the same, instead of searching the list, and the next keystroke
 * narrowing from it goes on from its match ends. What comes back is
 * exactly what a search gives. Setting the marks forgets them (and so
 * does index_forget_searches of testhooks.h, for a benchmark). */
/* index_search narrowing from prev's result: within is what prev gave (and
 * query_narrows(prev, q) holds), so the groups of q that every match of
 * prev satisfies (query_groups_implied) are not tested again; prev NULL
 * is index_search. Both return INDEX_ABANDONED when they were abandoned
 * (see below). */
int index_search_from(paper_index *ix, const query *q, const query *prev, int32_t scope,
                      const view *within, uint32_t top, view *out, query_error *err);
/* Abandoning stale work: a search (index_filter, index_search*) that
 * learns, while it runs, that its result is no longer wanted (a newer key
 * arrived) stops and returns INDEX_ABANDONED; out then holds nothing to
 * show and nothing is kept. index_abandon may be called from any thread:
 * the search running now stops at its next look (every few thousand
 * candidates, well under a millisecond). The hook set with
 * index_set_stale_check is asked, at the same looks, by both threads of a
 * search (the calling thread may finish its half first and then only wait
 * for the other: a key typed meanwhile must still stop the search), so it
 * must be safe to call from any thread: the browser's polls the key
 * descriptor. fn NULL: none. */
#define INDEX_ABANDONED (-2)
typedef bool index_stale_fn(void *arg);
void index_set_stale_check(paper_index *ix, index_stale_fn *fn, void *arg);
void index_abandon(paper_index *ix);
/* Whether the last search started is stale now (asking the hook once). */
bool index_stale(paper_index *ix);
/* Idle work after a search of q whose result is v: for every match, which
 * letters follow where the last typed term matched, so that the next
 * keystroke adding a letter to that term decides those entries without
 * reading their titles (a growing word on a big list costs a pass over
 * ids, not over titles); and, for a query of several words, what the words
 * but the one being typed score, so that the next keystroke ranks by the
 * last word alone. It stops when the stale hook says so, returning
 * INDEX_ABANDONED and keeping what it did; 0 when it is done or there is
 * nothing to do (another query searched since, no term to grow). */
int index_prepare_growth(paper_index *ix, const query *q, const view *v);

/* Ranks v, matches of q in any order (a part of another search's result,
 * such as one section's share of the whole list's matches), as
 * index_search ranks what it found: the best top first, best first (ties
 * in document order), v->nranked of them; the others follow unscored in
 * the order they had. For an unranked q (or NULL) v stays as it is, all of
 * it ranked. */
void index_rank(paper_index *ix, const query *q, view *v, uint32_t top);
/* index_rank that gives up, false with v as it was, when the last search
 * started is stale (index_stale: the hook says a newer query is coming, or
 * index_abandon): on a big list the ranking of a key costs as much as its
 * search, and a key typed meanwhile is answered sooner without it. */
bool index_rank_unless_stale(paper_index *ix, const query *q, view *v, uint32_t top);
/* v, the whole of what index_search_from gave for q in scope, ranked for
 * top (index_rank*): its head is kept with the result the index keeps for
 * q (if it still does), so that typing back to q ranks by a copy. */
void index_keep_ranked(paper_index *ix, const query *q, int32_t scope, const view *v, uint32_t top);
/* Ranks v, the whole of q's result in scope as index_search_from gave it
 * (document order: exactly the kept matches, which only their count is
 * checked against), by the head index_keep_ranked kept for top or more;
 * false, v as it was, when none is kept. Its first top rows are what
 * index_rank would give; more may be ranked (as many as were kept). */
bool index_rank_kept(paper_index *ix, const query *q, int32_t scope, view *v, uint32_t top);
/* Makes the result kept for q in scope, v (the whole of it, document
 * order), the search the next keystroke goes on from (its match ends), as
 * a backspace back to q that copies the kept result does: for a text
 * shown again without a search (a key given up and backspaced over). */
void index_resume_kept(paper_index *ix, const query *q, int32_t scope, const view *v);
/* Makes at least the first upto entries of a view from index_search ranked
 * (scoring the rest as needed): a bigger top while upto is a small part of
 * the view (the rest stays unscored, in document order), else every entry. */
void index_rank_more(paper_index *ix, const query *q, view *v, uint32_t upto);

/* Sorts v by key. Entries without a value for the key (no venue, no year...)
 * go last in either direction; ties keep document order, so the sort is
 * stable and repeatable. The first sort by a key builds its ranks in ix
 * (a cache over the whole catalog): ix is written, as by a search, so
 * one thread at a time. */
void index_sort(paper_index *ix, view *v, sort_key key, bool descending);
/* Scores rows [from, to) of v by q, a ranked query: what a sort by score
 * needs of every row, a slice at a time (the browser's browser_sort_step). */
void index_score_rows(paper_index *ix, const query *q, view *v, uint32_t from, uint32_t to);
/* Builds the ranks of every key now (on two threads), so that no first
 * sort pays for them: a loader's thread calls it before handing a long
 * list over (a title sort of a million entries needs seconds of ranks).
 * Stops soon after *cancel is set (NULL: never); the keys it did not
 * finish are built on their first sort. */
void index_prepare_sorts(paper_index *ix, const atomic_bool *cancel);
/* counts[s] = entries of v in the subtree of section s, for every section;
 * counts must hold catalog.nsections elements. */
void index_count_sections(const paper_index *ix, const view *v, uint32_t *counts);

const char *sort_key_name(sort_key k);
/* Parses a key name ("title", "year", ...); false when unknown. */
bool sort_key_parse(const char *s, sort_key *out);

#endif
