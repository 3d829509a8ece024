/* browser: what the browser shows, without a screen (as fzy's choices.c is
 * to its tty_interface.c): the filter and its matches, the section in
 * scope, the sort, and the selected entry, which stays the same entry
 * across a re-sort and a reload of the list.
 *
 * The front end draws a browser and turns keys into these calls; the unit
 * tests drive it directly (tests/unit/test_browser.c). Not thread-safe:
 * one browser belongs to one thread. */
#ifndef PAPERDECK_BROWSER_H
#define PAPERDECK_BROWSER_H

#include <stdbool.h>
#include <stdint.h>

#include "paperdeck/catalog.h"
#include "paperdeck/index.h"
#include "paperdeck/list_cursor.h"
#include "paperdeck/query.h"

#define BROWSER_QUERY_MAX 1024
#define BROWSER_MOVES_KEPT 16

typedef struct browser {
    paper_index *ix;    /* shown, not owned */
    const catalog *cat; /* ix's */

    /* the filter: the text that is applied and its compiled query */
    char query_text[BROWSER_QUERY_MAX];
    query *q;
    bool ranked;      /* q ranks by score */
    query_error perr; /* why the last text given did not compile */
    /* why the filter in force stopped early (a regex gave up on a title),
     * "" when it ran to the end */
    char filter_error[200];

    view all;        /* matches in the whole catalog, in document order,
                        unscored when ranked: feeds the counts */
    view spare;      /* the next query's `all` is built here, narrowing
                        from `all` when it may (index_search_from) */
    bool narrowable; /* `all` holds every match of q, with today's marks */
    /* A newer query whose search ran to the end while keys came (its
     * counts and ranking were given up for them), and its matches: the
     * next key narrows from them rather than from `all`. NULL: none. */
    query *ahead_q;
    view ahead;
    bool typing_due; /* browser_prepare_typing has work left (for q, or for
                        regex_guess below) */
    /* The text last given when it was a regex still being typed (`/^spa`)
     * and compiles with its closing `/`: that query, searched by
     * browser_prepare_typing so the closing key finds it kept. NULL: none. */
    query *regex_guess;
    view shown;        /* matches in the section in scope, sorted: the
                          table. Ranked by score, only shown.nranked rows
                          at its head are in place (browser_rank_visible
                          ranks more) */
    view next_shown;   /* the next query's shown is ranked here first,
                          while a key may still give it up */
    bool shown_scored; /* every row of shown has its score */
    uint32_t *counts;  /* matches per section (subtree) */
    int32_t section;   /* the scope; -1: All */

    sort_key sort;
    bool descending;
    bool sort_auto; /* rank by score while the query is fuzzy */
    /* A sort by score that must score every row of a big view is done a
     * slice at a time (browser_sort_step): until it is, shown keeps the
     * order it had and sort_scored rows of it are scored. */
    bool sort_pending;
    uint32_t sort_scored;

    /* Abandoning: the hook (browser_set_stale_check) that says a newer
     * query is coming; when it did, the last complete result stays shown,
     * behind is set and wanted_text is the text given up on. */
    index_stale_fn *stale;
    void *stale_arg;
    bool behind;
    char wanted_text[BROWSER_QUERY_MAX];
    /* Moves of the selection made while behind (an arrow pressed right
     * after the text): made again on wanted_text's result when it shows,
     * unless the text changes first. */
    cursor_motion moves_behind[BROWSER_MOVES_KEPT];
    int nmoves_behind;

    list_cursor cur; /* the selected row of shown and the first shown */
    int rows;        /* rows of shown on screen (0: none yet) */
} browser;

/* What applying a filter gave. */
typedef enum browser_status {
    BROWSER_OK,
    BROWSER_BAD_QUERY, /* did not compile: b->perr says why, nothing changed */
    BROWSER_STOPPED,   /* applied, but a regex gave up: b->filter_error says
                          why, the matches found before it are shown */
    BROWSER_ABANDONED, /* the stale hook said a newer query is coming: the
                          last complete result stays, b->behind is set */
} browser_status;

/* A browser over ix showing everything, sorted by sort (descending):
 * unless sort_fixed, an unsorted view (order, ascending) ranks by score
 * while the query is fuzzy. */
void browser_init(browser *b, paper_index *ix, sort_key sort, bool descending, bool sort_fixed);
void browser_free(browser *b);

/* Compiles and applies text as the filter, in the current scope, sorted,
 * the first row selected; an empty text (the filter cleared) keeps the
 * selected entry selected, in the middle of the screen. A query that only
 * adds to the last one (typing on) tests the last one's matches alone. */
browser_status browser_apply_query(browser *b, const char *text);
/* fn(arg) is asked now and then while browser_apply_query searches a big
 * list (the front end: is a key waiting?); when it says yes, the search
 * stops and the query is abandoned (BROWSER_ABANDONED). Reloads and
 * refilters are never abandoned. fn NULL: never. */
void browser_set_stale_check(browser *b, index_stale_fn *fn, void *arg);
/* Idle work for the next keystroke after a filter (index_prepare_growth
 * on its matches; after a regex typed up to its closing `/`, the search
 * of it closed), stopped by the stale hook as a search is; true while
 * some is left (b->typing_due). */
bool browser_prepare_typing(browser *b);
/* The filter must test every entry again (marks changed): the next
 * browser_apply_query does not narrow from the current matches. */
void browser_forget_matches(browser *b);
/* Applies the same filter again from scratch (the marks changed), keeping
 * the selected row and the scroll where they were: the entry itself may
 * have left the view. */
browser_status browser_refilter(browser *b);

/* Scope: the matches inside section sec's subtree (-1: all), the first row
 * selected. False when sec is the scope already (nothing changes). */
bool browser_set_section(browser *b, int32_t sec);
/* Entries in scope, filtered or not. */
uint32_t browser_scope_total(const browser *b);
/* The section whose path is path, -1 if none. */
int32_t browser_section_by_path(const catalog *c, const char *path);

/* The sort in force: score while ranking automatically. */
sort_key browser_sort_key(const browser *b);
/* The automatic sort: by score while the query ranks (a fuzzy one), in
 * list order otherwise. A state of its own, so the screen names it. */
bool browser_sort_is_auto(const browser *b);
bool browser_sort_descending(const browser *b);
/* Re-sorts, keeping the selected entry selected; the first row when the
 * new order is by score, best first, and the entry is past the ranked
 * head (ranking every match to find it takes a second at 1M). A sort that
 * must score every row of a big view (by score, worst first; or best
 * first once the head is not enough) is left pending (sort_pending) for
 * browser_sort_step, the rows shown as they were meanwhile. */
void browser_apply_sort(browser *b);
/* Rows a sort step scores at most (a few milliseconds of work). */
#define BROWSER_SORT_SLICE 16384
/* A pending sort (b->sort_pending) goes on for a slice of rows; when the
 * last row is scored the view is sorted and the selected entry kept (as
 * browser_apply_sort does). Returns whether it is still pending. */
bool browser_sort_step(browser *b);
/* How far a pending sort is, 0 to 1. */
double browser_sort_progress(const browser *b);
/* The next sort in the cycle auto, order, title, venue, year, date, arXiv,
 * section, score (only while ranked, best first), auto again. */
void browser_sort_next(browser *b);
void browser_sort_reverse(browser *b);
/* Sorts by k, ascending; by k already: reverses. */
void browser_sort_by(browser *b, sort_key k);

/* The selected entry, NULL when nothing is shown. */
const entry *browser_selected(const browser *b);
/* How many rows of shown the screen shows: ranking reaches that far. */
void browser_set_rows(browser *b, int rows);
/* Keeps the selection inside shown and on screen. */
void browser_keep_visible(browser *b);
/* Makes sure the rows shown and the selected row are ranked: to call once
 * the selection or the scroll moved. */
void browser_rank_visible(browser *b);
/* Moves the selection (kept on screen and ranked); true when it moved. */
bool browser_move(browser *b, cursor_motion m);
/* Selects the row k of shown when there is one; true when it did. */
bool browser_select_row(browser *b, uint32_t k);

/* Shows ix instead of the index shown, which is returned for the caller
 * to release: the filter, the sort, the section (by path) and the selected
 * entry (by marks_entry_key) stay; when that entry is gone, the selection
 * stays on its row. ix's marks must be loaded before (the filter may test
 * them). */
paper_index *browser_swap(browser *b, paper_index *ix);

#endif
