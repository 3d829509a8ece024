/* Unit tests for sorting a view (index_sort): a big view is sorted by
 * walking the key's order over the whole catalog, a small one by a radix
 * sort of its ranks. Both must give what a comparison sort gives: by the
 * key's value, equal values in document order in either direction, no
 * value last either way, scores kept with their ids. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "paperdeck/browser.h"
#include "paperdeck/catalog.h"
#include "paperdeck/index.h"

enum { N = 5000, BIG = 40000 /* over BROWSER_SORT_SLICE: a pending sort */ };

static uint64_t rng = 0x2545f4914f6cdd1du;

static uint32_t next_rand(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

/* Entries in four sections, with few distinct values (many ties) and
 * values missing at random. */
static catalog *build_list_of(uint32_t N_)
{
    static const char *const words[] = {"Linear", "attention", "ÉCOLE", "école", "zeta", "Alpha"};
    catalog *c = catalog_new();
    char text[64];
    for (uint32_t i = 0; i < N_; i++) {
        if (i % (N_ / 4) == 0) {
            if (i)
                catalog_close_section(c);
            snprintf(text, sizeof text, "S%u", 4 - i / (N_ / 4)); /* names out of order */
            catalog_open_section(c, text, 0);
        }
        entry *e = catalog_add_entry(c);
        snprintf(text, sizeof text, "%s %s", words[next_rand() % 6], words[next_rand() % 6]);
        e->title = arena_strdup(catalog_arena(c), text);
        if (next_rand() % 3)
            e->venue = arena_strdup(catalog_arena(c), words[next_rand() % 6]);
        if (next_rand() % 4)
            e->year = 2015 + (int)(next_rand() % 8);
        if (next_rand() % 3) {
            snprintf(text, sizeof text, "20%02u-%02u", 15 + next_rand() % 3, 1 + next_rand() % 3);
            e->date = arena_strdup(catalog_arena(c), text);
        }
    }
    catalog_finish(c);
    return c;
}

static catalog *build_list(void)
{
    return build_list_of(N);
}

/* -1, 0, 1 as a's value of key orders before, with, after b's; a missing
 * value after every other (the direction is the caller's). */
static int value_cmp(const catalog *c, uint32_t a, uint32_t b, sort_key key, bool *missing)
{
    const entry *x = &c->entries[a], *y = &c->entries[b];
    *missing = false;
    switch (key) {
    case SORT_YEAR:
        if (!x->year || !y->year)
            return (*missing = true), !x->year - !y->year;
        return (x->year > y->year) - (x->year < y->year);
    case SORT_DATE:
        if (!x->date || !y->date)
            return (*missing = true), !x->date - !y->date;
        return strcmp(x->date, y->date) > 0 ? 1 : strcmp(x->date, y->date) < 0 ? -1 : 0;
    case SORT_SECTION:
        return (x->section > y->section) - (x->section < y->section);
    default:
        return 0;
    }
}

/* Whether view v is in key's order by the comparison above. */
static int count_out_of_order(const catalog *c, const view *v, sort_key key, bool desc)
{
    int bad = 0;
    for (uint32_t k = 1; k < v->n; k++) {
        uint32_t a = v->ids[k - 1], b = v->ids[k];
        bool missing;
        int r = value_cmp(c, a, b, key, &missing);
        if (desc && !missing)
            r = -r;
        if (key == SORT_ORDER)
            r = desc ? (a < b) - (a > b) : (a > b) - (a < b);
        if (r > 0 || (r == 0 && a > b))
            bad++;
    }
    return bad;
}

/* The full view sorted by key, against the comparison: the walk over the
 * key's order, its runs of equal values reversed as wholes. */
static void test_full_view_by_comparison(void)
{
    catalog *c = build_list();
    paper_index *ix = index_build(c);
    static const sort_key keys[] = {SORT_ORDER, SORT_YEAR, SORT_DATE, SORT_SECTION};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        for (int desc = 0; desc < 2; desc++) {
            view v;
            view_init(&v);
            index_filter(ix, NULL, -1, &v, NULL);
            index_sort(ix, &v, keys[k], desc);
            CHECK_INT(v.n, N);
            CHECK_INT(count_out_of_order(c, &v, keys[k], desc), 0);
            view_free(&v);
        }
    }
    index_free(ix);
    catalog_free(c);
}

/* A random subset of every id, m of them, in random order, with scores. */
static void random_view(view *v, uint32_t m)
{
    uint32_t *all = malloc(N * sizeof *all);
    for (uint32_t i = 0; i < N; i++)
        all[i] = i;
    for (uint32_t i = N - 1; i > 0; i--) {
        uint32_t j = next_rand() % (i + 1), t = all[i];
        all[i] = all[j];
        all[j] = t;
    }
    view_reserve(v, m);
    for (uint32_t k = 0; k < m; k++) {
        v->ids[k] = all[k];
        v->scores[k] = all[k] % 7 ? 1.0 / (all[k] + 1) : 0;
    }
    v->n = v->nranked = m;
    free(all);
}

/* Any view, big (the walk) or small (the radix sort), sorted by any key
 * either way, is the whole list's order for that key with the other ids
 * left out, and every score stays with its id. */
static void test_views_agree_with_full_order(void)
{
    catalog *c = build_list();
    paper_index *ix = index_build(c);
    static const uint32_t sizes[] = {N, N / 2, N / 8, N / 40, 3, 1};
    for (int key = SORT_ORDER; key < SORT_SCORE; key++) {
        for (int desc = 0; desc < 2; desc++) {
            view full;
            view_init(&full);
            index_filter(ix, NULL, -1, &full, NULL);
            index_sort(ix, &full, (sort_key)key, desc);
            for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
                view v;
                view_init(&v);
                random_view(&v, sizes[s]);
                uint8_t *in = calloc(N, 1);
                for (uint32_t k = 0; k < v.n; k++)
                    in[v.ids[k]] = 1;
                index_sort(ix, &v, (sort_key)key, desc);
                uint32_t j = 0;
                int bad = 0;
                for (uint32_t k = 0; k < full.n; k++) {
                    uint32_t id = full.ids[k];
                    if (!in[id])
                        continue;
                    double want = id % 7 ? 1.0 / (id + 1) : 0;
                    if (j >= v.n || v.ids[j] != id || v.scores[j] != want)
                        bad++;
                    j++;
                }
                CHECK_INT(j, v.n);
                if (bad)
                    fprintf(stderr, "  key %s %s, %u rows: %d rows differ\n",
                            sort_key_name((sort_key)key), desc ? "desc" : "asc", sizes[s], bad);
                CHECK_INT(bad, 0);
                free(in);
                view_free(&v);
            }
            view_free(&full);
        }
    }
    index_free(ix);
    catalog_free(c);
}

/* Reversing twice gives the ascending order back, whatever came before. */
static void test_reverse_round_trip(void)
{
    catalog *c = build_list();
    paper_index *ix = index_build(c);
    for (int key = SORT_ORDER; key < SORT_SCORE; key++) {
        view a, b;
        view_init(&a);
        view_init(&b);
        index_filter(ix, NULL, -1, &a, NULL);
        index_filter(ix, NULL, -1, &b, NULL);
        index_sort(ix, &a, (sort_key)key, false);
        index_sort(ix, &b, SORT_TITLE, true);
        index_sort(ix, &b, (sort_key)key, true);
        index_sort(ix, &b, (sort_key)key, false);
        CHECK(a.n == b.n && memcmp(a.ids, b.ids, a.n * sizeof *a.ids) == 0);
        view_free(&a);
        view_free(&b);
    }
    index_free(ix);
    catalog_free(c);
}

/* By score, from any order: best first (or worst first), equal scores in
 * document order, as a comparison of (score, id) says. */
static void test_score_sort(void)
{
    catalog *c = build_list();
    paper_index *ix = index_build(c);
    static const uint32_t sizes[] = {N, N / 40};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        for (int desc = 0; desc < 2; desc++) {
            view v;
            view_init(&v);
            random_view(&v, sizes[s]);
            for (uint32_t k = 0; k < v.n; k++) /* few values: many ties */
                v.scores[k] = (double)(v.ids[k] % 13) / 7 - 0.5;
            index_sort(ix, &v, SORT_SCORE, desc);
            int bad = 0;
            for (uint32_t k = 1; k < v.n; k++) {
                double a = v.scores[k - 1], b = v.scores[k];
                bool before = desc ? a > b : a < b;
                if (!before && !(a == b && v.ids[k - 1] < v.ids[k]))
                    bad++;
                if (v.scores[k] != (double)(v.ids[k] % 13) / 7 - 0.5)
                    bad++;
            }
            CHECK_INT(bad, 0);
            view_free(&v);
        }
    }
    index_free(ix);
    catalog_free(c);
}

/* A sort by score that must score every row of a big view is left
 * pending: the rows stay as they were until browser_sort_step has scored
 * them all, then the order is what sorting at once gives, and the
 * selected entry is still selected. Another sort meanwhile replaces it. */
static void test_pending_score_sort(void)
{
    catalog *c = build_list_of(BIG);
    paper_index *ix = index_build(c);
    browser b, ref;
    browser_init(&b, ix, SORT_TITLE, false, true);
    browser_set_rows(&b, 20);
    CHECK_INT(browser_apply_query(&b, "e"), BROWSER_OK);
    CHECK(b.shown.n > BROWSER_SORT_SLICE);
    for (int i = 0; i < 3; i++)
        browser_move(&b, CURSOR_LINE_DOWN);
    const entry *sel = browser_selected(&b);
    uint32_t *before = malloc(b.shown.n * sizeof *before);
    memcpy(before, b.shown.ids, b.shown.n * sizeof *before);
    browser_sort_by(&b, SORT_SCORE); /* worst first: every row scored */
    CHECK(b.sort_pending);
    CHECK(memcmp(before, b.shown.ids, b.shown.n * sizeof *before) == 0);
    CHECK(browser_selected(&b) == sel);
    int steps = 0;
    while (browser_sort_step(&b))
        steps++;
    CHECK(steps >= 1);
    CHECK(!b.sort_pending);
    CHECK(browser_sort_progress(&b) == 1);
    CHECK(browser_selected(&b) == sel);
    /* the same order as a view sorted at once */
    view all;
    view_init(&all);
    query_error err;
    query *q = query_compile("e", &err);
    index_filter(ix, q, -1, &all, &err);
    index_sort(ix, &all, SORT_SCORE, false);
    CHECK(all.n == b.shown.n && memcmp(all.ids, b.shown.ids, all.n * sizeof *all.ids) == 0);
    /* pending, then another sort: no longer pending, that sort's order */
    browser_sort_reverse(&b);
    browser_sort_reverse(&b);
    CHECK(!b.sort_pending); /* every row has its score now */
    browser_init(&ref, ix, SORT_TITLE, false, true);
    browser_apply_query(&ref, "e");
    browser_sort_by(&ref, SORT_SCORE);
    CHECK(ref.sort_pending);
    browser_sort_by(&ref, SORT_YEAR);
    CHECK(!ref.sort_pending);
    index_sort(ix, &all, SORT_YEAR, false);
    CHECK(all.n == ref.shown.n && memcmp(all.ids, ref.shown.ids, all.n * sizeof *all.ids) == 0);
    browser_free(&ref);
    query_free(q);
    view_free(&all);
    free(before);
    browser_free(&b);
    index_free(ix);
    catalog_free(c);
}

int main(void)
{
    RUN(test_full_view_by_comparison);
    RUN(test_views_agree_with_full_order);
    RUN(test_reverse_round_trip);
    RUN(test_score_sort);
    RUN(test_pending_score_sort);
    return check_summary();
}
