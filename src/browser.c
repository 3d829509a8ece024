/* browser: the browser's state without a screen; see browser.h. */
#include "paperdeck/browser.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paperdeck/marks.h"
#include "paperdeck/xalloc.h"

/* Rows a new ranking puts in place past the screen: a key ranks what the
 * screen shows and a few rows for j; scrolling further ranks a bigger top
 * then (index_rank_more), so that typing does not pay for pages not seen. */
#define RANK_AHEAD 10

static uint32_t screen_rows(const browser *b)
{
    return b->rows > 0 ? (uint32_t)b->rows : 0;
}

const entry *browser_selected(const browser *b)
{
    if (b->cur.sel >= b->shown.n)
        return NULL;
    return &b->cat->entries[b->shown.ids[b->cur.sel]];
}

/* The order the table takes, were its query ranked or not: an automatic
 * sort ranks by score, best first, while the query is fuzzy. */
static sort_key sort_key_when(const browser *b, bool ranked)
{
    return b->sort_auto && ranked ? SORT_SCORE : b->sort;
}

static bool descending_when(const browser *b, bool ranked)
{
    return b->sort_auto && ranked ? true : b->descending;
}

sort_key browser_sort_key(const browser *b)
{
    return sort_key_when(b, b->ranked);
}

bool browser_sort_is_auto(const browser *b)
{
    return b->sort_auto;
}

bool browser_sort_descending(const browser *b)
{
    return descending_when(b, b->ranked);
}

/* Best score first: the one order in which only the head of the table
 * needs to be in place (index_rank), which is what typing a fuzzy query
 * asks for on every keystroke. */
static bool ranks_head_when(const browser *b, bool ranked)
{
    return ranked && sort_key_when(b, ranked) == SORT_SCORE && descending_when(b, ranked);
}

static bool ranks_head(const browser *b)
{
    return ranks_head_when(b, b->ranked);
}

/* Ranks shown's rows [0, upto) when only a shorter head is in place. */
static void rank_upto(browser *b, uint32_t upto)
{
    view *v = &b->shown;
    /* a pending sort scores every row a slice at a time: not all at once */
    if (b->sort_pending || v->nranked >= upto || v->nranked >= v->n)
        return;
    index_rank_more(b->ix, b->q, v, upto);
    b->shown_scored = v->nranked == v->n;
}

void browser_rank_visible(browser *b)
{
    uint32_t upto = b->cur.top + screen_rows(b);
    if (upto < b->cur.sel + 1)
        upto = b->cur.sel + 1;
    rank_upto(b, upto);
}

static void resort(browser *b)
{
    view *v = &b->shown;
    b->sort_pending = false;
    if (ranks_head(b) && !b->shown_scored) {
        index_rank(b->ix, b->q, v, b->cur.top + screen_rows(b) + RANK_AHEAD);
        b->shown_scored = v->nranked == v->n;
        return;
    }
    sort_key k = browser_sort_key(b);
    if (k == SORT_SCORE && b->ranked && !b->shown_scored) {
        if (v->n > BROWSER_SORT_SLICE) { /* a second at 1M: browser_sort_step */
            b->sort_pending = true;
            b->sort_scored = 0;
            v->nranked = v->n; /* the rows stay as they are meanwhile */
            return;
        }
        v->nranked = 0; /* so index_rank_more scores every row */
        rank_upto(b, v->n);
    }
    /* even for order: a view sorted by another key before is not in
     * document order any more */
    index_sort(b->ix, v, k, browser_sort_descending(b));
    v->nranked = v->n;
}

/* The matches of all (of the whole catalog) inside the section in scope
 * into to, a range test since a section's entries are contiguous. */
static void scope_into(const browser *b, const view *all, view *to)
{
    uint32_t begin = 0, end = b->cat->nentries;
    if (b->section >= 0) {
        begin = b->cat->sections[b->section].entry_begin;
        end = b->cat->sections[b->section].entry_end;
    }
    view_reserve(to, all->n);
    uint32_t n = 0;
    if (begin == 0 && end == b->cat->nentries) { /* All: copies (a million rows) */
        n = all->n;
        if (n) {
            memcpy(to->ids, all->ids, n * sizeof *all->ids);
            memcpy(to->scores, all->scores, n * sizeof *all->scores);
        }
    } else {
        for (uint32_t k = 0; k < all->n; k++) {
            uint32_t id = all->ids[k];
            if (id >= begin && id < end) {
                to->ids[n] = id;
                to->scores[n] = all->scores[k];
                n++;
            }
        }
    }
    to->n = n;
    to->nranked = 0;
}

/* The table's view: the matches in scope, sorted. */
static void rescope(browser *b)
{
    scope_into(b, &b->all, &b->shown);
    b->shown_scored = !b->ranked; /* `all` has no scores when ranked */
    resort(b);
}

/* The row of entry id, 0 when it is not shown or past the ranked head: a
 * re-sort by score on a big list puts only its head in place, and finding
 * one entry further down would score every match (a second at 1M). */
static uint32_t find_row(const browser *b, uint32_t id)
{
    for (uint32_t k = 0; k < b->shown.nranked && k < b->shown.n; k++)
        if (b->shown.ids[k] == id)
            return k;
    return 0;
}

static uint32_t entry_id(const browser *b, const entry *e)
{
    return (uint32_t)(e - b->cat->entries);
}

/* After a re-sort: e (the entry selected before, or NULL) selected again
 * where find_row finds it. */
static void reselect(browser *b, const entry *e)
{
    if (e)
        b->cur.sel = find_row(b, entry_id(b, e));
    browser_keep_visible(b);
}

/* Selects row k with the rows around it on screen: the middle of the
 * screen when the list is long enough. */
static void select_centred(browser *b, uint32_t k)
{
    uint32_t half = screen_rows(b) / 2;
    b->cur.sel = k;
    b->cur.top = k > half ? k - half : 0;
    browser_keep_visible(b);
}

/* The views and the index's scratch, sized for the whole list and
 * touched now: the first keystrokes on a big list then pay no page faults
 * (tens of milliseconds at a million entries). */
static void warm(browser *b)
{
    index_warm(b->ix);
    view *views[] = {&b->all, &b->spare, &b->shown, &b->next_shown, &b->ahead};
    for (size_t i = 0; i < sizeof views / sizeof views[0]; i++) {
        view *v = views[i];
        if (v->cap >= b->cat->nentries && v->ids)
            continue;
        view_reserve(v, b->cat->nentries); /* new arrays: the view is empty */
        memset(v->ids, 0, v->cap * sizeof *v->ids);
        memset(v->scores, 0, v->cap * sizeof *v->scores);
        v->n = v->nranked = 0;
    }
}

void browser_init(browser *b, paper_index *ix, sort_key sort, bool descending, bool sort_fixed)
{
    memset(b, 0, sizeof *b);
    b->ix = ix;
    b->cat = index_catalog(ix);
    b->counts = xcalloc(b->cat->nsections ? b->cat->nsections : 1, sizeof *b->counts);
    view_init(&b->all);
    view_init(&b->spare);
    view_init(&b->shown);
    view_init(&b->next_shown);
    view_init(&b->ahead);
    warm(b);
    b->section = -1;
    b->sort = sort < SORT_KEY_COUNT ? sort : SORT_ORDER;
    b->descending = descending;
    b->sort_auto = !sort_fixed && b->sort == SORT_ORDER && !b->descending;
}

void browser_free(browser *b)
{
    query_free(b->q);
    query_free(b->regex_guess);
    query_free(b->ahead_q);
    view_free(&b->all);
    view_free(&b->spare);
    view_free(&b->shown);
    view_free(&b->next_shown);
    view_free(&b->ahead);
    free(b->counts);
    memset(b, 0, sizeof *b);
}

static void drop_ahead(browser *b)
{
    query_free(b->ahead_q);
    b->ahead_q = NULL;
}

/* q's search ran to the end but is not shown (a key came): its matches,
 * spare, become the ahead ones. */
static void keep_ahead(browser *b, query *q)
{
    drop_ahead(b);
    b->ahead_q = q;
    view t = b->ahead;
    b->ahead = b->spare;
    b->spare = t;
}

/* The matches q's search may narrow from, with the query that found them
 * (*prev), or NULL: the ahead ones when q adds to their query, else the
 * shown query's. */
static const view *narrowing_base(const browser *b, const query *q, const query **prev)
{
    *prev = NULL;
    if (!b->narrowable)
        return NULL;
    if (b->ahead_q && query_narrows(b->ahead_q, q)) {
        *prev = b->ahead_q;
        return &b->ahead;
    }
    if (b->q && query_narrows(b->q, q)) {
        *prev = b->q;
        return &b->all;
    }
    return NULL;
}

/* A text that did not compile because a regex in it is not closed (err
 * points at its opening `/`) is a regex being typed: its search, as if
 * closed, is idle work (browser_prepare_typing), so that the closing `/`
 * costs a kept result's copy rather than a search of the whole list (18 ms
 * at 1M, the slowest key of typing a regex). */
static void guess_closed_regex(browser *b, const char *text, const query_error *err)
{
    char closed[BROWSER_QUERY_MAX];
    if (err->pos >= strlen(text) || text[err->pos] != '/'
        || (size_t)snprintf(closed, sizeof closed, "%s/", text) >= sizeof closed)
        return;
    query_error closed_err;
    b->regex_guess = query_compile(closed, &closed_err);
    if (b->regex_guess)
        b->typing_due = true;
}

/* Applies text; with may_abandon, gives up (BROWSER_ABANDONED, nothing
 * shown changed) when the stale hook says a newer query is coming. A
 * search that ran to the end is kept for the next key (keep_ahead). */
static browser_status apply_query(browser *b, const char *text, bool may_abandon)
{
    query_error err;
    memset(&err, 0, sizeof err);
    if (!(b->behind && strcmp(text, b->wanted_text) == 0))
        b->nmoves_behind = 0; /* moves made on a text typed on from */
    query_free(b->regex_guess);
    b->regex_guess = NULL;
    if (may_abandon && b->behind && b->narrowable && strcmp(text, b->query_text) == 0) {
        /* Typed back to what the screen shows (a backspace over a letter
         * whose search was given up): that is the result, as it is. Only
         * a whole result (narrowable: no regex stopped, no marks changed
         * since) is. The search given up may have ended: its matches and
         * match ends are another text's, so the next key goes on from the
         * screen's own (kept with the index's recent results), and the
         * idle pass prepares for it again. */
        b->behind = false;
        b->nmoves_behind = 0;
        drop_ahead(b);
        index_resume_kept(b->ix, b->q, -1, &b->all);
        b->typing_due = true;
        return BROWSER_OK;
    }
    query *q = query_compile(text, &err);
    if (!q) {
        b->perr = err;
        /* the text given up on is older than this one: nothing is due */
        b->behind = false;
        guess_closed_regex(b, text, &err);
        return BROWSER_BAD_QUERY;
    }
    /* Clearing the filter keeps the entry it found, now among its
     * neighbours (as a reload keeps it). */
    const entry *keep = query_is_empty(q) ? browser_selected(b) : NULL;
    /* Nothing is scored here: the counts need the matches, and the table
     * ranks only what it shows (rescope). */
    const query *prev = NULL;
    const view *within = narrowing_base(b, q, &prev);
    if (may_abandon)
        index_set_stale_check(b->ix, b->stale, b->stale_arg);
    int rc = index_search_from(b->ix, q, prev, -1, within, 0, &b->spare, &err);
    /* the counts and the ranking cost as much again on a big list: a key
     * that came during the search is worth more than them */
    bool abandoned = may_abandon && (rc == INDEX_ABANDONED || index_stale(b->ix));
    /* The new table's head is ranked before anything shown changes, and
     * the ranking is given up as the search is: a key that comes while a
     * big list is ranked (an arrow, Esc) is answered at once, the last
     * complete result kept. */
    bool ranked_ahead = may_abandon && !abandoned && b->stale
                     && ranks_head_when(b, query_is_ranked(q));
    if (ranked_ahead) {
        scope_into(b, &b->spare, &b->next_shown);
        /* A text typed back to (a backspace) copies the head it had. The
         * index keeps results of the whole list, so only a table showing
         * all of one (no section chosen, or one holding every match) can
         * keep or take a head. */
        uint32_t top = screen_rows(b) + RANK_AHEAD;
        bool whole = b->next_shown.n == b->spare.n;
        if (!(whole && index_rank_kept(b->ix, q, -1, &b->next_shown, top))) {
            abandoned = !index_rank_unless_stale(b->ix, q, &b->next_shown, top);
            if (!abandoned && whole)
                index_keep_ranked(b->ix, q, -1, &b->next_shown, top);
        }
    }
    index_set_stale_check(b->ix, NULL, NULL);
    if (abandoned) {
        if (rc == 0)
            keep_ahead(b, q);
        else
            query_free(q);
        if (text != b->wanted_text)
            snprintf(b->wanted_text, sizeof b->wanted_text, "%s", text);
        b->behind = true;
        return BROWSER_ABANDONED;
    }
    drop_ahead(b);
    if (may_abandon)
        b->behind = false; /* a reload or a refilter leaves wanted_text due */
    view t = b->all;
    b->all = b->spare;
    b->spare = t;
    b->narrowable = rc == 0;
    b->typing_due = b->narrowable;
    query_free(b->q);
    b->q = q;
    b->ranked = query_is_ranked(q);
    if (text != b->query_text)
        snprintf(b->query_text, sizeof b->query_text, "%s", text);
    b->filter_error[0] = '\0';
    if (rc != 0)
        snprintf(b->filter_error, sizeof b->filter_error, "%s", err.msg);
    index_count_sections(b->ix, &b->all, b->counts);
    b->cur.sel = b->cur.top = 0;
    if (ranked_ahead) {
        t = b->shown;
        b->shown = b->next_shown;
        b->next_shown = t;
        b->sort_pending = false;
        b->shown_scored = b->shown.nranked == b->shown.n;
    } else {
        rescope(b);
    }
    if (keep)
        select_centred(b, find_row(b, entry_id(b, keep)));
    int moves = b->nmoves_behind;
    b->nmoves_behind = 0;
    for (int i = 0; i < moves; i++)
        browser_move(b, b->moves_behind[i]);
    return rc != 0 ? BROWSER_STOPPED : BROWSER_OK;
}

browser_status browser_apply_query(browser *b, const char *text)
{
    return apply_query(b, text, true);
}

void browser_set_stale_check(browser *b, index_stale_fn *fn, void *arg)
{
    b->stale = fn;
    b->stale_arg = arg;
}

/* browser_prepare_typing's search of b->regex_guess, kept by the index
 * among its recent searches (scratch: spare, free between keys). */
static bool search_regex_guess(browser *b)
{
    query_error err;
    index_set_stale_check(b->ix, b->stale, b->stale_arg);
    int rc = index_search_from(b->ix, b->regex_guess, NULL, -1, NULL, 0, &b->spare, &err);
    index_set_stale_check(b->ix, NULL, NULL);
    if (rc == INDEX_ABANDONED)
        return true;
    query_free(b->regex_guess);
    b->regex_guess = NULL;
    return false;
}

bool browser_prepare_typing(browser *b)
{
    if (b->regex_guess)
        return b->typing_due = search_regex_guess(b);
    if (!b->typing_due || !b->narrowable)
        return b->typing_due = false;
    index_set_stale_check(b->ix, b->stale, b->stale_arg);
    b->typing_due = index_prepare_growth(b->ix, b->q, &b->all) == INDEX_ABANDONED;
    index_set_stale_check(b->ix, NULL, NULL);
    return b->typing_due;
}

void browser_forget_matches(browser *b)
{
    b->narrowable = false;
    drop_ahead(b);
}

browser_status browser_refilter(browser *b)
{
    list_cursor was = b->cur;
    browser_forget_matches(b); /* the same query: it would narrow from stale marks */
    browser_status st = apply_query(b, b->query_text, false);
    b->cur.sel = b->shown.n ? (was.sel < b->shown.n ? was.sel : b->shown.n - 1) : 0;
    b->cur.top = was.top;
    browser_keep_visible(b);
    browser_rank_visible(b);
    return st;
}

bool browser_set_section(browser *b, int32_t sec)
{
    if (sec == b->section)
        return false;
    b->section = sec;
    b->cur.sel = b->cur.top = 0;
    rescope(b);
    return true;
}

uint32_t browser_scope_total(const browser *b)
{
    if (b->section < 0)
        return b->cat->nentries;
    const section *s = &b->cat->sections[b->section];
    return s->entry_end - s->entry_begin;
}

int32_t browser_section_by_path(const catalog *c, const char *path)
{
    for (uint32_t i = 0; i < c->nsections; i++)
        if (strcmp(c->sections[i].path, path) == 0)
            return (int32_t)i;
    return -1;
}

void browser_apply_sort(browser *b)
{
    const entry *e = browser_selected(b);
    resort(b);
    reselect(b, e);
}

bool browser_sort_step(browser *b)
{
    view *v = &b->shown;
    if (!b->sort_pending)
        return false;
    uint32_t to = v->n - b->sort_scored > BROWSER_SORT_SLICE ? b->sort_scored + BROWSER_SORT_SLICE
                                                             : v->n;
    index_score_rows(b->ix, b->q, v, b->sort_scored, to);
    b->sort_scored = to;
    if (to < v->n)
        return true;
    const entry *e = browser_selected(b);
    b->sort_pending = false;
    b->shown_scored = true;
    index_sort(b->ix, v, SORT_SCORE, browser_sort_descending(b));
    reselect(b, e);
    return false;
}

double browser_sort_progress(const browser *b)
{
    return b->sort_pending && b->shown.n ? (double)b->sort_scored / b->shown.n : 1;
}

void browser_sort_next(browser *b)
{
    /* auto, order, title, ..., section, score (while ranked), auto again */
    sort_key k = b->sort_auto ? SORT_ORDER : (sort_key)(b->sort + 1);
    if (k == SORT_SCORE && !b->ranked)
        k = SORT_KEY_COUNT;
    b->sort_auto = k == SORT_KEY_COUNT;
    b->sort = b->sort_auto ? SORT_ORDER : k;
    b->descending = k == SORT_SCORE; /* best first */
    browser_apply_sort(b);
}

void browser_sort_reverse(browser *b)
{
    b->sort = browser_sort_key(b);
    b->descending = !browser_sort_descending(b);
    b->sort_auto = false;
    browser_apply_sort(b);
}

void browser_sort_by(browser *b, sort_key k)
{
    if (browser_sort_key(b) == k) {
        browser_sort_reverse(b);
        return;
    }
    b->sort = k;
    b->descending = false;
    b->sort_auto = false;
    browser_apply_sort(b);
}

void browser_set_rows(browser *b, int rows)
{
    b->rows = rows > 0 ? rows : 0;
}

void browser_keep_visible(browser *b)
{
    cursor_keep_visible(&b->cur, b->shown.n, b->rows);
}

bool browser_move(browser *b, cursor_motion m)
{
    if (b->behind && b->nmoves_behind < BROWSER_MOVES_KEPT)
        b->moves_behind[b->nmoves_behind++] = m;
    if (!cursor_move(&b->cur, m, b->shown.n, b->rows))
        return false;
    browser_keep_visible(b);
    browser_rank_visible(b); /* before a key typed ahead acts on the selection */
    return true;
}

bool browser_select_row(browser *b, uint32_t k)
{
    if (k >= b->shown.n)
        return false;
    b->cur.sel = k;
    return true;
}

/* The row of the first entry whose key is key, ranking the rows past the
 * ranked head (they are in document order) when it is found there and
 * the view is short; -1 when none has it, or it is past the head of a long
 * view. */
static long row_of_key(browser *b, const char *key)
{
    for (int pass = 0; pass < 2; pass++) {
        uint32_t k = 0;
        for (; k < b->shown.n; k++) {
            char other[MARKS_KEY_MAX];
            marks_entry_key(&b->cat->entries[b->shown.ids[k]], other, sizeof other);
            if (strcmp(other, key) == 0)
                break;
        }
        if (k == b->shown.n)
            return -1;
        if (k < b->shown.nranked)
            return (long)k;
        /* Past the ranked head, its row is known only once every match
         * is scored: a second at 1M, when a long list's load ends with a
         * query (-q) typed. Only a short view is worth it. */
        if (b->shown.n > BROWSER_SORT_SLICE)
            return -1;
        rank_upto(b, b->shown.n);
    }
    return -1;
}

paper_index *browser_swap(browser *b, paper_index *ix)
{
    /* what to find again in the new list: by path and by identity, since
     * indices mean nothing across loads */
    char sel_key[MARKS_KEY_MAX] = "", sec_path[1024] = "";
    const entry *sel = browser_selected(b);
    if (sel)
        marks_entry_key(sel, sel_key, sizeof sel_key);
    if (b->section >= 0)
        snprintf(sec_path, sizeof sec_path, "%s", b->cat->sections[b->section].path);
    uint32_t sel_row = b->cur.sel;

    paper_index *old = b->ix;
    b->ix = ix;
    b->cat = index_catalog(ix);
    free(b->counts);
    b->counts = xcalloc(b->cat->nsections ? b->cat->nsections : 1, sizeof *b->counts);
    b->section = -1;
    b->shown.n = 0;            /* nor is `shown` a view of the new list */
    browser_forget_matches(b); /* `all` holds ids of the old list */
    warm(b);
    apply_query(b, b->query_text, false); /* it compiled before: it still does */
    int32_t sec = sec_path[0] ? browser_section_by_path(b->cat, sec_path) : -1;
    if (sec >= 0)
        browser_set_section(b, sec);
    uint32_t n = b->shown.n;
    b->cur.sel = n ? (sel_row < n ? sel_row : n - 1) : 0;
    long k = sel_key[0] ? row_of_key(b, sel_key) : -1;
    if (k >= 0)
        b->cur.sel = (uint32_t)k;
    return old;
}
