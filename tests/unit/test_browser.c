/* Unit tests: the browser model (filter, narrowing, sort keeping the
 * selection, scope, reload keeping filter/sort/section/selection) and the
 * list cursor every scrolling view uses. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "paperdeck/browser.h"
#include "paperdeck/catalog.h"
#include "paperdeck/index.h"
#include "paperdeck/list_cursor.h"
#include "../../src/search/index_internal.h"

typedef struct fx {
    int sec; /* 0: Papers/A, 1: Papers/B, 2: Blogs */
    const char *title;
    int year;
} fx;

static const fx first[] = {
    {0, "Linear Attention Is All You Need", 2021},
    {0, "banana split", 2003},
    {0, "Apple pie", 2020},
    {1, "cherry", 2019},
    {1, "Apple crumble", 2018},
    {1, "linear probes", 2019},
    {2, "blog on linear things", 2022},
    {2, "date only", 2020},
};

/* The same list edited: an entry added at the head of Papers/B, "banana
 * split" and "Apple crumble" gone, the rest moved about. */
static const fx second[] = {
    {0, "Apple pie", 2020},
    {0, "Linear Attention Is All You Need", 2021},
    {1, "a new linear paper", 2024},
    {1, "linear probes", 2019},
    {1, "cherry", 2019},
    {2, "date only", 2020},
    {2, "blog on linear things", 2022},
};

static catalog *build(const fx *f, int n)
{
    static const char *const names[] = {"A", "B", "Blogs"};
    catalog *c = catalog_new();
    catalog_set_title(c, "Test", NULL);
    int open = -1;
    for (int i = 0; i < n; i++) {
        if (f[i].sec != open) {
            if (open == 0 || open == 1)
                catalog_close_section(c); /* A or B */
            if (open == 1 || (open == 0 && f[i].sec == 2))
                catalog_close_section(c); /* Papers */
            if (open == 2)
                catalog_close_section(c);
            if (f[i].sec < 2 && (open < 0 || open == 2))
                catalog_open_section(c, "Papers", 1);
            catalog_open_section(c, names[f[i].sec], 2);
            open = f[i].sec;
        }
        entry *e = catalog_add_entry(c);
        e->title = arena_strdup(catalog_arena(c), f[i].title);
        e->year = (int16_t)f[i].year;
    }
    catalog_finish(c);
    return c;
}

typedef struct world {
    catalog *c;
    paper_index *ix;
    browser b;
} world;

static void world_open(world *w, const fx *f, int n)
{
    w->c = build(f, n);
    w->ix = index_build(w->c);
    browser_init(&w->b, w->ix, SORT_ORDER, false, false);
    browser_set_rows(&w->b, 3);
    CHECK_INT(browser_apply_query(&w->b, ""), BROWSER_OK);
}

static void world_close(world *w)
{
    browser_free(&w->b);
    index_free(w->ix);
    catalog_free(w->c);
}

/* A reload: the browser on c's index instead; the old index and catalog
 * go. True when browser_swap gave back the index it showed. */
static bool world_swap(world *w, catalog *c)
{
    paper_index *ix = index_build(c);
    paper_index *old = browser_swap(&w->b, ix);
    bool gave_back = old == w->ix;
    index_free(old);
    catalog_free(w->c);
    w->ix = ix;
    w->c = c;
    return gave_back;
}

static const char *sel_title(const browser *b)
{
    const entry *e = browser_selected(b);
    return e ? e->title : "(none)";
}

static int32_t section_named(const catalog *c, const char *path)
{
    return browser_section_by_path(c, path);
}

/* Selects the row showing title; false when no row does. */
static bool select_title(browser *b, const char *title)
{
    for (uint32_t k = 0; k < b->shown.n; k++) {
        if (strcmp(b->cat->entries[b->shown.ids[k]].title, title) == 0) {
            browser_rank_visible(b);
            return browser_select_row(b, k);
        }
    }
    return false;
}

static void test_query(void)
{
    world w;
    world_open(&w, first, 8);
    CHECK_INT(w.b.shown.n, 8);
    CHECK_STR(sel_title(&w.b), "Linear Attention Is All You Need");

    CHECK_INT(browser_apply_query(&w.b, "'linear"), BROWSER_OK);
    CHECK_STR(w.b.query_text, "'linear");
    CHECK_INT(w.b.shown.n, 3);
    CHECK_INT(w.b.counts[section_named(w.c, "Papers")], 2);
    CHECK_INT(w.b.counts[section_named(w.c, "Blogs")], 1);
    CHECK_INT(w.b.cur.sel, 0);

    /* a query that does not compile changes nothing */
    CHECK_INT(browser_apply_query(&w.b, "/(/"), BROWSER_BAD_QUERY);
    CHECK(w.b.perr.msg[0] != '\0');
    CHECK_STR(w.b.query_text, "'linear");
    CHECK_INT(w.b.shown.n, 3);

    /* fuzzy: ranked by score, best first, while the sort is automatic */
    CHECK_INT(browser_apply_query(&w.b, "lin"), BROWSER_OK);
    CHECK(w.b.ranked);
    CHECK_INT(browser_sort_key(&w.b), SORT_SCORE);
    CHECK(browser_sort_descending(&w.b));
    CHECK_INT(browser_apply_query(&w.b, ""), BROWSER_OK);
    CHECK_INT(browser_sort_key(&w.b), SORT_ORDER);
    world_close(&w);
}

static void test_narrowing(void)
{
    world w, fresh;
    world_open(&w, first, 8);
    world_open(&fresh, first, 8);
    browser_apply_query(&w.b, "lin");
    CHECK(w.b.narrowable);
    browser_apply_query(&w.b, "line");
    browser_apply_query(&w.b, "linea");
    browser_apply_query(&fresh.b, "linea");
    CHECK_INT(w.b.shown.n, fresh.b.shown.n);
    CHECK_INT(w.b.all.n, fresh.b.all.n);
    for (uint32_t k = 0; k < w.b.all.n && k < fresh.b.all.n; k++)
        CHECK_INT(w.b.all.ids[k], fresh.b.all.ids[k]);
    CHECK_STR(sel_title(&w.b), sel_title(&fresh.b));
    /* forgetting: the next query tests every entry again */
    browser_forget_matches(&w.b);
    CHECK(!w.b.narrowable);
    CHECK_INT(browser_apply_query(&w.b, "linear"), BROWSER_OK);
    CHECK(w.b.narrowable);
    world_close(&w);
    world_close(&fresh);
}

static bool always_stale(void *arg)
{
    (void)arg;
    return true;
}

/* all's ids equal fresh's. */
static bool same_matches(const browser *b, const browser *fresh)
{
    if (b->all.n != fresh->all.n)
        return false;
    for (uint32_t k = 0; k < b->all.n; k++)
        if (b->all.ids[k] != fresh->all.ids[k])
            return false;
    return true;
}

/* A key that comes after a search ran to the end but before its counts
 * and ranking: the screen keeps the last shown result, and the search is
 * kept to narrow from (ahead_q), only for a query that adds to it. */
static void test_typing_ahead(void)
{
    world w, fresh;
    world_open(&w, first, 8);
    world_open(&fresh, first, 8);
    CHECK_INT(browser_apply_query(&w.b, "li"), BROWSER_OK);
    browser_set_stale_check(&w.b, always_stale, NULL);
    CHECK_INT(browser_apply_query(&w.b, "lin"), BROWSER_ABANDONED);
    CHECK_INT(browser_apply_query(&w.b, "line"), BROWSER_ABANDONED);
    CHECK(w.b.behind);
    CHECK_STR(w.b.query_text, "li"); /* what the screen shows */
    CHECK(w.b.ahead_q != NULL);
    CHECK_STR(w.b.ahead_q ? query_text(w.b.ahead_q) : "", "line");
    browser_set_stale_check(&w.b, NULL, NULL);
    CHECK_INT(browser_apply_query(&w.b, "linea"), BROWSER_OK);
    CHECK(w.b.ahead_q == NULL);
    browser_apply_query(&fresh.b, "linea");
    CHECK(same_matches(&w.b, &fresh.b));
    CHECK_INT(w.b.shown.n, fresh.b.shown.n);
    /* a text that does not add to the one ahead does not narrow from it */
    browser_set_stale_check(&w.b, always_stale, NULL);
    CHECK_INT(browser_apply_query(&w.b, "linear"), BROWSER_ABANDONED);
    browser_set_stale_check(&w.b, NULL, NULL);
    CHECK_INT(browser_apply_query(&w.b, "l"), BROWSER_OK);
    browser_apply_query(&fresh.b, "l");
    CHECK(same_matches(&w.b, &fresh.b));
    CHECK(w.b.all.n > 3);
    /* nor does one after the matches were forgotten (marks changed) */
    browser_set_stale_check(&w.b, always_stale, NULL);
    CHECK_INT(browser_apply_query(&w.b, "lin"), BROWSER_ABANDONED);
    browser_forget_matches(&w.b);
    CHECK(w.b.ahead_q == NULL);
    browser_set_stale_check(&w.b, NULL, NULL);
    world_close(&w);
    world_close(&fresh);
}

static bool never_stale(void *arg)
{
    (void)arg;
    return false;
}

/* Stale from its fourth look on (arg: the looks so far). */
static bool stale_from_fourth(void *arg)
{
    int *looks = arg;
    return ++*looks >= 4;
}

/* A backspace back to a text searched before copies its ranked head
 * (nothing is ranked again) and shows what a fresh search shows; a
 * section's share is ranked as before. A backspace back to the text on
 * screen, over a letter whose search was given up, is the screen as it
 * is: no search, the selection where it was, moves made meanwhile not
 * made twice. */
static void test_backspace_keeps_ranking(void)
{
    enum { N = 3 * STALE_CHECK_EVERY };
    static char titles[N][48];
    static fx many[N];
    static const char *const words[] = {"linear", "line search", "a linear probe", "online"};
    for (int i = 0; i < N; i++) {
        snprintf(titles[i], sizeof titles[i], "%s %d", words[i * 7 % 4], i);
        many[i] = (fx){i * 3 / N, titles[i], 2000 + i % 20};
    }
    world w, fresh;
    world_open(&w, many, N);
    world_open(&fresh, many, N);
    browser_set_stale_check(&w.b, never_stale, NULL); /* as the app types */
    browser_set_stale_check(&fresh.b, never_stale, NULL);
    CHECK_INT(browser_apply_query(&w.b, "lin"), BROWSER_OK);
    CHECK_INT(browser_apply_query(&w.b, "line"), BROWSER_OK);
    uint32_t heads = w.ix->heads_reused;
    CHECK_INT(browser_apply_query(&w.b, "lin"), BROWSER_OK);
    CHECK_INT(w.ix->heads_reused - heads, 1);
    CHECK_INT(browser_apply_query(&fresh.b, "lin"), BROWSER_OK);
    CHECK(w.b.shown.nranked >= 3);
    CHECK_INT(w.b.shown.n, fresh.b.shown.n);
    for (uint32_t k = 0; k < 3 + 10 && k < w.b.shown.nranked; k++) {
        CHECK_INT(w.b.shown.ids[k], fresh.b.shown.ids[k]);
        CHECK(w.b.shown.scores[k] == fresh.b.shown.scores[k]);
    }
    /* the order is not the list's: the test would not see a head lost */
    CHECK(w.b.shown.ids[0] != 0 || w.b.shown.ids[1] != 1);
    /* in a section, the share is ranked, not copied */
    CHECK(browser_set_section(&w.b, section_named(w.c, "Papers/B")));
    CHECK_INT(browser_apply_query(&w.b, "line"), BROWSER_OK);
    heads = w.ix->heads_reused;
    CHECK_INT(browser_apply_query(&w.b, "lin"), BROWSER_OK);
    CHECK_INT(w.ix->heads_reused - heads, 0);
    CHECK(browser_set_section(&fresh.b, section_named(fresh.c, "Papers/B")));
    CHECK_INT(browser_apply_query(&fresh.b, "lin"), BROWSER_OK);
    CHECK_INT(w.b.shown.ids[0], fresh.b.shown.ids[0]);
    CHECK_INT(w.b.shown.n, fresh.b.shown.n);
    CHECK(browser_set_section(&w.b, -1));
    /* back to the text on screen over a search given up after it ended
     * (stale from the look after the search: its three looks, one every
     * STALE_CHECK_EVERY of the N candidates, said no) */
    CHECK_INT(browser_apply_query(&w.b, "li"), BROWSER_OK);
    CHECK(browser_move(&w.b, CURSOR_LINE_DOWN));
    uint32_t row = w.b.cur.sel;
    while (browser_prepare_typing(&w.b)) /* the idle pass done: nothing due */
        ;
    CHECK(!w.b.typing_due);
    int looks = 0;
    browser_set_stale_check(&w.b, stale_from_fourth, &looks);
    CHECK_INT(browser_apply_query(&w.b, "lie"), BROWSER_ABANDONED); /* (not kept: searched) */
    CHECK(w.b.ahead_q != NULL); /* its search ended: its matches are kept */
    CHECK(w.ix->resume_text && strcmp(w.ix->resume_text, "lie") == 0);
    browser_set_stale_check(&w.b, always_stale, NULL);
    CHECK(browser_move(&w.b, CURSOR_LINE_DOWN)); /* on the rows shown, and kept to make again */
    uint32_t reused = w.ix->recent_reused;
    const uint32_t *shown_ids = w.b.all.ids; /* a search's result swaps in */
    CHECK_INT(browser_apply_query(&w.b, "li"), BROWSER_OK);
    CHECK(!w.b.behind);
    CHECK_INT(w.ix->recent_reused - reused, 0);
    CHECK(w.b.all.ids == shown_ids);
    CHECK_STR(w.b.query_text, "li");
    CHECK_INT(w.b.cur.sel, row + 1);
    /* the next key goes on from the screen's text, not the one given up */
    CHECK(w.b.ahead_q == NULL);
    CHECK(w.ix->resume_text && strcmp(w.ix->resume_text, "li") == 0);
    CHECK(w.b.typing_due);
    browser_set_stale_check(&w.b, never_stale, NULL);
    CHECK_INT(browser_apply_query(&w.b, "lin"), BROWSER_OK); /* and typing goes on */
    CHECK_INT(browser_apply_query(&fresh.b, "lin"), BROWSER_OK);
    CHECK(same_matches(&w.b, &fresh.b));
    world_close(&w);
    world_close(&fresh);
}

/* A regex typed up to its closing `/` is searched as if closed while
 * nothing is typed, and the closing key finds that search kept; a key
 * stops that search and leaves it due; a text whose error is not an open
 * regex (an unclosed quote, a lone `'`) leaves nothing due. */
static void test_regex_searched_before_closed(void)
{
    /* a list long enough that a search looks at the stale hook */
    enum { N = 3 * STALE_CHECK_EVERY };
    static char titles[N][32];
    static fx many[N];
    for (int i = 0; i < N; i++) {
        snprintf(titles[i], sizeof titles[i], "%s %d", i % 3 ? "linear probe" : "sparse net", i);
        many[i] = (fx){i * 3 / N, titles[i], 2000 + i % 20};
    }
    world w, fresh;
    world_open(&w, many, N);
    world_open(&fresh, many, N);
    while (browser_prepare_typing(&w.b))
        ;
    CHECK_INT(browser_apply_query(&w.b, "\"lin"), BROWSER_BAD_QUERY);
    CHECK(!w.b.typing_due);
    /* `'` with a `/` more compiles (an exact term), but is no regex */
    CHECK_INT(browser_apply_query(&w.b, "'"), BROWSER_BAD_QUERY);
    CHECK(!w.b.typing_due);
    CHECK_INT(browser_apply_query(&w.b, "title:/^spa"), BROWSER_BAD_QUERY);
    CHECK(w.b.typing_due);
    CHECK_INT(browser_apply_query(&w.b, "/^lin"), BROWSER_BAD_QUERY);
    CHECK(w.b.typing_due);
    browser_set_stale_check(&w.b, always_stale, NULL);
    CHECK(browser_prepare_typing(&w.b)); /* stopped: still due */
    browser_set_stale_check(&w.b, NULL, NULL);
    uint32_t reused = w.ix->recent_reused;
    CHECK_INT(browser_apply_query(&w.b, "/^lin/"), BROWSER_OK); /* not kept: searched */
    CHECK_INT(w.ix->recent_reused - reused, 0);
    CHECK_INT(browser_apply_query(&w.b, "/^line[a-z]*\\s+pr"), BROWSER_BAD_QUERY);
    CHECK(!browser_prepare_typing(&w.b));
    CHECK(!w.b.typing_due);
    reused = w.ix->recent_reused;
    CHECK_INT(browser_apply_query(&w.b, "/^line[a-z]*\\s+pr/"), BROWSER_OK);
    CHECK_INT(w.ix->recent_reused - reused, 1);
    CHECK_STR(w.b.query_text, "/^line[a-z]*\\s+pr/");
    CHECK_INT(browser_apply_query(&fresh.b, "/^line[a-z]*\\s+pr/"), BROWSER_OK);
    CHECK(same_matches(&w.b, &fresh.b));
    CHECK_INT(w.b.all.n, N - N / 3);
    CHECK_INT(w.b.shown.n, fresh.b.shown.n);
    CHECK_STR(sel_title(&w.b), sel_title(&fresh.b));
    world_close(&w);
    world_close(&fresh);
}

static void test_sort_keeps_selection(void)
{
    world w;
    world_open(&w, first, 8);
    CHECK(select_title(&w.b, "cherry"));
    CHECK_INT(w.b.cur.sel, 3);
    browser_sort_by(&w.b, SORT_TITLE);
    CHECK_INT(browser_sort_key(&w.b), SORT_TITLE);
    CHECK(!browser_sort_descending(&w.b));
    CHECK_STR(sel_title(&w.b), "cherry");
    CHECK_STR(w.b.cat->entries[w.b.shown.ids[0]].title, "Apple crumble");
    /* the selection stays on screen: 3 rows from top */
    CHECK(w.b.cur.sel >= w.b.cur.top && w.b.cur.sel < w.b.cur.top + 3);
    browser_sort_by(&w.b, SORT_TITLE); /* again: reverses */
    CHECK(browser_sort_descending(&w.b));
    CHECK_STR(sel_title(&w.b), "cherry");
    browser_sort_next(&w.b); /* title -> venue, ascending */
    CHECK_INT(browser_sort_key(&w.b), SORT_VENUE);
    CHECK_STR(sel_title(&w.b), "cherry");
    browser_sort_reverse(&w.b);
    CHECK(browser_sort_descending(&w.b));
    CHECK_STR(sel_title(&w.b), "cherry");
    /* score is only offered while the query ranks */
    for (int i = 0; i < SORT_KEY_COUNT; i++) {
        browser_sort_next(&w.b);
        CHECK(browser_sort_key(&w.b) != SORT_SCORE);
    }
    world_close(&w);
}

static void test_scope(void)
{
    world w;
    world_open(&w, first, 8);
    int32_t b = section_named(w.c, "Papers/B");
    browser_move(&w.b, CURSOR_END);
    CHECK_INT(w.b.cur.sel, 7);
    CHECK(browser_set_section(&w.b, b));
    CHECK(!browser_set_section(&w.b, b));
    CHECK_INT(w.b.shown.n, 3);
    CHECK_INT(browser_scope_total(&w.b), 3);
    CHECK_INT(w.b.cur.sel, 0);
    CHECK_STR(sel_title(&w.b), "cherry");
    /* the filter applies inside the scope; the counts are of everything */
    browser_apply_query(&w.b, "'linear");
    CHECK_INT(w.b.shown.n, 1);
    CHECK_INT(w.b.counts[section_named(w.c, "Papers/A")], 1);
    CHECK(browser_set_section(&w.b, -1));
    CHECK_INT(w.b.shown.n, 3);
    CHECK_INT(browser_scope_total(&w.b), 8);
    world_close(&w);
}

static void test_reload_keeps_state(void)
{
    world w;
    world_open(&w, first, 8);
    browser_set_section(&w.b, section_named(w.c, "Papers"));
    browser_apply_query(&w.b, "'e");
    browser_sort_by(&w.b, SORT_YEAR);
    CHECK(select_title(&w.b, "linear probes"));

    catalog *c2 = build(second, 7);
    CHECK(world_swap(&w, c2));
    CHECK(w.b.cat == c2);
    CHECK_STR(w.b.query_text, "'e");
    CHECK_INT(browser_sort_key(&w.b), SORT_YEAR);
    CHECK_INT(w.b.section, section_named(c2, "Papers"));
    CHECK_STR(sel_title(&w.b), "linear probes");
    CHECK_INT(w.b.shown.n, 5);
    world_close(&w);
}

static void test_reload_selected_gone(void)
{
    world w;
    world_open(&w, first, 8);
    CHECK(select_title(&w.b, "Apple crumble"));
    uint32_t row = w.b.cur.sel;
    world_swap(&w, build(second, 7));
    CHECK_INT(w.b.cur.sel, row); /* the entry is gone: its row stays */
    CHECK_STR(sel_title(&w.b), "cherry");
    /* gone from a short list: the last row */
    browser_move(&w.b, CURSOR_END);
    CHECK(select_title(&w.b, "blog on linear things"));
    world_swap(&w, build(first, 3));
    CHECK_INT(w.b.section, -1);
    CHECK_INT(w.b.cur.sel, 2);
    CHECK_STR(sel_title(&w.b), "Apple pie");
    world_close(&w);
}

/* A list longer than a sort slice, every title matching "e": first `best`
 * titles that are just "E" (the best score there is), then the others. */
static catalog *build_long(uint32_t n, uint32_t best)
{
    catalog *c = catalog_new();
    catalog_set_title(c, "Long", NULL);
    catalog_open_section(c, "All", 1);
    for (uint32_t i = 0; i < best + n; i++) {
        char title[64];
        if (i < best)
            snprintf(title, sizeof title, "E");
        else
            snprintf(title, sizeof title, "%s paper %u", (i - best) % 3 ? "Some" : "Efficient",
                     i - best);
        entry *e = catalog_add_entry(c);
        e->title = arena_strdup(catalog_arena(c), title);
    }
    catalog_close_section(c);
    catalog_finish(c);
    return c;
}

/* A long view sorted by score has only its head ranked: a reload (or the
 * end of a long list's load) that finds the selected entry past that head
 * keeps its row, and does not score every match to find the entry's (a
 * second at 1M). */
static void test_reload_long_keeps_head_ranked(void)
{
    const uint32_t n = BROWSER_SORT_SLICE + 1000;
    world w = {build_long(n, 0), NULL, {0}};
    w.ix = index_build(w.c);
    browser_init(&w.b, w.ix, SORT_SCORE, true, true);
    browser_set_rows(&w.b, 3);
    CHECK_INT(browser_apply_query(&w.b, "e"), BROWSER_OK);
    CHECK_INT(w.b.shown.n, n);
    CHECK(w.b.shown.nranked < n);
    browser_move(&w.b, CURSOR_LINE_DOWN);
    browser_move(&w.b, CURSOR_LINE_DOWN);
    uint32_t row = w.b.cur.sel;
    /* the selected entry, now behind 2000 better ones: past the head */
    world_swap(&w, build_long(n, 2000));
    CHECK_INT(w.b.shown.n, n + 2000);
    CHECK(w.b.shown.nranked < 2000); /* only the head, as before */
    CHECK_INT(w.b.cur.sel, row);
    CHECK_STR(sel_title(&w.b), "E");
    world_close(&w);
}

static void test_refilter_keeps_row(void)
{
    world w;
    world_open(&w, first, 8);
    browser_apply_query(&w.b, "'a");
    browser_move(&w.b, CURSOR_LINE_DOWN);
    browser_move(&w.b, CURSOR_LINE_DOWN);
    uint32_t row = w.b.cur.sel;
    CHECK_INT(browser_refilter(&w.b), BROWSER_OK);
    CHECK_INT(w.b.cur.sel, row);
    CHECK_STR(w.b.query_text, "'a");
    world_close(&w);
}

/* Clearing the filter keeps the entry it found, with its neighbours on
 * screen around it; a new filter starts at its first row. */
static void test_clear_keeps_selection(void)
{
    world w;
    world_open(&w, first, 8);
    CHECK_INT(browser_apply_query(&w.b, "date only"), BROWSER_OK);
    CHECK_STR(sel_title(&w.b), "date only");
    CHECK_INT(browser_apply_query(&w.b, ""), BROWSER_OK);
    CHECK_INT(w.b.shown.n, 8);
    CHECK_STR(sel_title(&w.b), "date only");
    CHECK_INT(w.b.cur.sel, 7);
    CHECK_INT(w.b.cur.top, 5); /* the last row: the rows before it show */
    CHECK_INT(browser_apply_query(&w.b, "'i"), BROWSER_OK);
    CHECK_INT(w.b.cur.sel, 0);
    /* in a section, sorted: the entry is found where the sort put it */
    CHECK(browser_set_section(&w.b, section_named(w.b.cat, "Papers")));
    browser_sort_by(&w.b, SORT_TITLE);
    CHECK_INT(browser_apply_query(&w.b, "crumble"), BROWSER_OK);
    CHECK_STR(sel_title(&w.b), "Apple crumble");
    browser_set_rows(&w.b, 5);
    CHECK_INT(browser_apply_query(&w.b, ""), BROWSER_OK);
    CHECK_STR(sel_title(&w.b), "Apple crumble");
    CHECK_INT(w.b.cur.sel, 0);
    CHECK_INT(w.b.cur.top, 0);
    CHECK(select_title(&w.b, "linear probes"));
    CHECK_INT(browser_apply_query(&w.b, ""), BROWSER_OK); /* cleared again: stays */
    CHECK_STR(sel_title(&w.b), "linear probes");
    CHECK_INT(w.b.cur.sel, 5);
    CHECK_INT(w.b.cur.top, 1); /* as much of the list as fits: 5 rows of 6 */
    world_close(&w);
}

/* The automatic sort is a state of the cycle the status line can name:
 * `order` chosen by hand stays order under a fuzzy query. */
static void test_sort_auto_cycle(void)
{
    world w;
    world_open(&w, first, 8);
    CHECK(browser_sort_is_auto(&w.b));
    CHECK_INT(browser_sort_key(&w.b), SORT_ORDER);
    CHECK_INT(browser_apply_query(&w.b, "lin"), BROWSER_OK);
    CHECK_INT(browser_sort_key(&w.b), SORT_SCORE); /* auto ranks */
    CHECK(browser_sort_descending(&w.b));
    browser_sort_next(&w.b); /* auto -> order, by hand */
    CHECK(!browser_sort_is_auto(&w.b));
    CHECK_INT(browser_sort_key(&w.b), SORT_ORDER);
    CHECK(!browser_sort_descending(&w.b));
    CHECK_INT(browser_apply_query(&w.b, "lin a"), BROWSER_OK);
    CHECK_INT(browser_sort_key(&w.b), SORT_ORDER); /* no hidden switch to score */
    static const sort_key cycle[] = {SORT_TITLE, SORT_VENUE,   SORT_YEAR, SORT_DATE,
                                     SORT_ARXIV, SORT_SECTION, SORT_SCORE};
    for (size_t i = 0; i < sizeof cycle / sizeof cycle[0]; i++) {
        browser_sort_next(&w.b);
        CHECK(!browser_sort_is_auto(&w.b));
        CHECK_INT(browser_sort_key(&w.b), cycle[i]);
    }
    CHECK(browser_sort_descending(&w.b)); /* score: best first */
    browser_sort_next(&w.b);              /* back to auto: score while fuzzy */
    CHECK(browser_sort_is_auto(&w.b));
    CHECK_INT(browser_sort_key(&w.b), SORT_SCORE);
    CHECK_INT(browser_apply_query(&w.b, "'linear"), BROWSER_OK); /* exact: unranked */
    CHECK_INT(browser_sort_key(&w.b), SORT_ORDER);
    CHECK(browser_sort_is_auto(&w.b));
    /* unranked, the cycle skips score: section -> auto */
    browser_sort_by(&w.b, SORT_SECTION);
    browser_sort_next(&w.b);
    CHECK(browser_sort_is_auto(&w.b));
    /* reversing or choosing a key leaves auto */
    browser_sort_reverse(&w.b);
    CHECK(!browser_sort_is_auto(&w.b));
    world_close(&w);
}

static void test_cursor(void)
{
    list_cursor c = {0, 0};
    CHECK(cursor_move(&c, CURSOR_PAGE_DOWN, 100, 10));
    CHECK_INT(c.sel, 10);
    cursor_keep_visible(&c, 100, 10);
    CHECK_INT(c.top, 1);
    CHECK(cursor_move(&c, CURSOR_HALF_UP, 100, 10));
    CHECK_INT(c.sel, 5);
    CHECK(cursor_move(&c, CURSOR_END, 100, 10));
    CHECK_INT(c.sel, 99);
    CHECK(!cursor_move(&c, CURSOR_LINE_DOWN, 100, 10));
    cursor_keep_visible(&c, 100, 10);
    CHECK_INT(c.top, 90);
    cursor_keep_visible(&c, 5, 10); /* the list shrank: no blank rows */
    CHECK_INT(c.sel, 4);
    CHECK_INT(c.top, 0);
    cursor_keep_visible(&c, 0, 10);
    CHECK_INT(c.sel, 0);
    CHECK(!cursor_move(&c, CURSOR_LINE_DOWN, 0, 10));

    /* a text view: top scrolls, never below 0; the drawing clamps it */
    list_cursor t = {0, 0};
    cursor_scroll(&t, CURSOR_LINE_UP, 50, 10);
    CHECK_INT(t.top, 0);
    cursor_scroll(&t, CURSOR_END, 51, 10);
    CHECK_INT(t.top, 51);
    CHECK_INT(cursor_clamp_scroll(&t, 50, 10), 40);
    CHECK_INT(t.top, 40);
    CHECK_INT(cursor_clamp_scroll(&t, 5, 10), 0);
    CHECK_INT(t.top, 0);

    /* the wheel drags the selection into the window */
    list_cursor wl = {2, 0};
    CHECK(cursor_wheel(&wl, 100, 10, 3));
    CHECK_INT(wl.top, 3);
    CHECK_INT(wl.sel, 3);
    CHECK(!cursor_wheel(&wl, 8, 10, 3));
}

/* Scrolling a long ranked list row by row and page by page shows the
 * rows of a full sort by score: the ranked head grows on demand. */
static void test_scroll_ranks_on_demand(void)
{
    static const char *const words[] = {"linear", "attention", "sparse", "fast",     "LoRA",
                                        "models", "of",        "long",   "inference"};
    enum { N = 6000, NW = sizeof words / sizeof words[0] };
    catalog *c = catalog_new();
    catalog_open_section(c, "All", 0);
    char title[128];
    for (uint32_t i = 0; i < N; i++) {
        snprintf(title, sizeof title, "%s %s %s %u", words[i % NW], words[i / NW % NW],
                 words[i / (NW * NW) % NW], i % 17);
        catalog_add_entry(c)->title = arena_strdup(catalog_arena(c), title);
    }
    catalog_close_section(c);
    catalog_finish(c);
    paper_index *ix = index_build(c);
    browser b;
    browser_init(&b, ix, SORT_ORDER, false, false);
    browser_set_rows(&b, 7);
    CHECK_INT(browser_apply_query(&b, "lin at"), BROWSER_OK);
    browser_rank_visible(&b);
    CHECK(b.shown.nranked < b.shown.n); /* only a head is ranked */

    view full;
    view_init(&full);
    query_error err;
    query *q = query_compile("lin at", &err);
    CHECK_INT(index_filter(ix, q, -1, &full, &err), 0);
    index_sort(ix, &full, SORT_SCORE, true);
    CHECK_INT(b.shown.n, full.n);
    int wrong = 0;
    uint32_t rows = 0;
    for (int step = 0; step < 900 && browser_selected(&b); step++) {
        uint32_t sel = b.cur.sel;
        wrong += sel >= full.n || browser_selected(&b) != &c->entries[full.ids[sel]];
        rows++;
        if (!browser_move(&b, step % 3 ? CURSOR_LINE_DOWN : CURSOR_PAGE_DOWN))
            break;
    }
    CHECK_INT(wrong, 0);
    CHECK(rows > 300);
    CHECK_INT(b.cur.sel, full.n - 1); /* scrolled to the end */
    /* a sort by score ascending and back ranks every row */
    browser_sort_reverse(&b);
    browser_sort_reverse(&b);
    CHECK_INT(b.shown.nranked, b.shown.n);
    query_free(q);
    view_free(&full);
    browser_free(&b);
    index_free(ix);
    catalog_free(c);
}

int main(void)
{
    RUN(test_query);
    RUN(test_narrowing);
    RUN(test_typing_ahead);
    RUN(test_regex_searched_before_closed);
    RUN(test_backspace_keeps_ranking);
    RUN(test_sort_keeps_selection);
    RUN(test_scope);
    RUN(test_reload_long_keeps_head_ranked);
    RUN(test_reload_keeps_state);
    RUN(test_reload_selected_gone);
    RUN(test_refilter_keeps_row);
    RUN(test_clear_keeps_selection);
    RUN(test_sort_auto_cycle);
    RUN(test_cursor);
    RUN(test_scroll_ranks_on_demand);
    return check_summary();
}
