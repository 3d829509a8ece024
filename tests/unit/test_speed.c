/* Unit tests for the keystroke's speed work: abandoning stale searches
 * (index_abandon, the stale hook, BROWSER_ABANDONED); typing, backspacing
 * and abandoning at random on a list big enough for two threads giving
 * what a fresh full scan gives; and the sort ranks built by prefixes
 * (index_sort by title, venue, date, arXiv) ordering as a plain comparison
 * of folded strings does. */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "check.h"
#include "paperdeck/browser.h"
#include "paperdeck/catalog.h"
#include "paperdeck/index.h"
#include "paperdeck/testhooks.h"
#include "paperdeck/utf8.h"

#define BIG 60000 /* over the index's two-thread threshold */

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint32_t next_rand(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

/* Titles of 2-9 words from a small vocabulary, in three sections. */
static catalog *build_list(uint32_t n)
{
    static const char *const words[] = {"linear", "attention", "LoRA",     "sparse", "models",
                                        "large",  "language",  "Nyström",  "fast",   "pruning",
                                        "of",     "memory",    "training", "rank",   "Mamba"};
    enum { NWORDS = sizeof words / sizeof words[0] };
    catalog *c = catalog_new();
    char title[256];
    for (uint32_t i = 0; i < n; i++) {
        if (i % (n / 3) == 0 && i / (n / 3) < 3) {
            if (i)
                catalog_close_section(c);
            catalog_open_section(c, i ? (i < n / 2 ? "Two" : "Three") : "One", 0);
        }
        size_t len = 0;
        int nw = 2 + (int)(next_rand() % 8);
        for (int w = 0; w < nw; w++)
            len += (size_t)snprintf(title + len, sizeof title - len, w ? " %s" : "%s",
                                    words[next_rand() % NWORDS]);
        entry *e = catalog_add_entry(c);
        e->title = arena_strdup(catalog_arena(c), title);
    }
    catalog_finish(c);
    return c;
}

/* A hook that says "stale" on its nth call (0: never), counting calls;
 * with bump, it moves the generation instead (as another thread would). */
typedef struct hook {
    paper_index *ix;
    atomic_int calls; /* both threads of a search ask the hook */
    int stale_at;
    bool bump;
    pthread_t caller;        /* the thread that started the search */
    atomic_bool other_asked; /* the hook was asked from another thread */
} hook;

static bool hook_stale(void *arg)
{
    hook *h = arg;
    int calls = atomic_fetch_add(&h->calls, 1) + 1;
    if (!pthread_equal(pthread_self(), h->caller))
        atomic_store(&h->other_asked, true);
    if (h->stale_at && calls == h->stale_at) {
        if (!h->bump)
            return true;
        index_abandon(h->ix);
    }
    return false;
}

/* Stale only when the second thread of the search asks: the calling thread
 * may be done with its half and waiting, and a key must still stop it. */
static bool stale_from_other_thread(void *arg)
{
    hook *h = arg;
    atomic_fetch_add(&h->calls, 1);
    return !pthread_equal(pthread_self(), h->caller);
}

static bool same_view(const view *a, const view *b)
{
    if (a->n != b->n)
        return false;
    return memcmp(a->ids, b->ids, a->n * sizeof *a->ids) == 0;
}

static void copy_view(view *to, const view *from)
{
    view_reserve(to, from->n);
    to->n = from->n;
    memcpy(to->ids, from->ids, from->n * sizeof *to->ids);
}

/* A search that the hook or index_abandon stops gives INDEX_ABANDONED, keeps
 * nothing, and the same search afterwards gives the whole result. */
static void test_index_abandon(void)
{
    catalog *c = build_list(BIG);
    paper_index *ix = index_build(c);
    query_error err;
    query *q = query_compile("lin att", &err);
    view full, v;
    view_init(&full);
    view_init(&v);
    CHECK_INT(index_filter(ix, q, -1, &full, &err), 0);
    CHECK(full.n > 1000 && full.n < BIG);
    for (int bump = 0; bump < 2; bump++) {
        hook h = {.ix = ix, .stale_at = 2, .bump = bump, .caller = pthread_self()};
        index_forget_searches(ix); /* else the search is a copy of the last */
        index_set_stale_check(ix, hook_stale, &h);
        CHECK_INT(index_search(ix, q, -1, NULL, 50, &v, &err), INDEX_ABANDONED);
        CHECK(h.calls >= 2);
        h.calls = 0;
        CHECK_INT(index_filter(ix, q, -1, &v, &err), INDEX_ABANDONED);
        index_set_stale_check(ix, NULL, NULL);
        /* not kept as a result: searched again, whole */
        CHECK_INT(index_search(ix, q, -1, NULL, 50, &v, &err), 0);
        index_rank_more(ix, q, &v, v.n);
        CHECK_INT(v.n, full.n);
        CHECK(!index_stale(ix));
    }
    /* a hook that never says stale is asked, by both threads, and changes
     * nothing */
    hook never = {.ix = ix, .stale_at = 0, .bump = false, .caller = pthread_self()};
    index_set_stale_check(ix, hook_stale, &never);
    CHECK_INT(index_filter(ix, q, -1, &v, &err), 0);
    CHECK(never.calls > 0);
    CHECK(atomic_load(&never.other_asked));
    CHECK(same_view(&v, &full));
    /* the second thread's look alone stops the search */
    hook other = {.ix = ix, .stale_at = 0, .bump = false, .caller = pthread_self()};
    index_forget_searches(ix);
    index_set_stale_check(ix, stale_from_other_thread, &other);
    CHECK_INT(index_filter(ix, q, -1, &v, &err), INDEX_ABANDONED);
    index_set_stale_check(ix, NULL, NULL);
    view_free(&full);
    view_free(&v);
    query_free(q);
    index_free(ix);
    catalog_free(c);
}

/* b (20 rows) shows what a fresh browser over ix finds for b's query: the
 * same matches, and the same head ranked. */
static void check_like_fresh(const browser *b, paper_index *ix)
{
    browser fresh;
    browser_init(&fresh, ix, SORT_ORDER, false, false);
    browser_set_rows(&fresh, 20);
    index_forget_searches(ix);
    CHECK_INT(browser_apply_query(&fresh, b->query_text), BROWSER_OK);
    CHECK(same_view(&b->all, &fresh.all));
    CHECK_INT(b->shown.nranked, fresh.shown.nranked);
    for (uint32_t k = 0; k < 20 && k < b->shown.n; k++)
        CHECK_INT(b->shown.ids[k], fresh.shown.ids[k]);
    browser_free(&fresh);
}

/* The browser keeps its last complete result when a query is abandoned:
 * nothing it shows changes, and the next query narrows correctly. */
static void test_browser_abandon(void)
{
    catalog *c = build_list(BIG);
    paper_index *ix = index_build(c);
    browser b;
    browser_init(&b, ix, SORT_ORDER, false, false);
    browser_set_rows(&b, 20);
    CHECK_INT(browser_apply_query(&b, "li"), BROWSER_OK);
    view all, shown;
    view_init(&all);
    view_init(&shown);
    copy_view(&all, &b.all);
    copy_view(&shown, &b.shown);
    hook h = {.ix = ix, .stale_at = 3, .bump = false, .caller = pthread_self()};
    browser_set_stale_check(&b, hook_stale, &h);
    CHECK_INT(browser_apply_query(&b, "lin at"), BROWSER_ABANDONED);
    CHECK(b.behind);
    CHECK_STR(b.wanted_text, "lin at");
    CHECK_STR(b.query_text, "li");
    CHECK(same_view(&b.all, &all));
    CHECK(same_view(&b.shown, &shown));
    /* the search is not abandoned once the hook stops saying so */
    CHECK_INT(browser_apply_query(&b, b.wanted_text), BROWSER_OK);
    CHECK(!b.behind);
    CHECK_STR(b.query_text, "lin at");
    check_like_fresh(&b, ix);
    browser_free(&b);
    view_free(&all);
    view_free(&shown);
    index_free(ix);
    catalog_free(c);
}

/* The top the rankings below ask for: big enough that each thread visits
 * more than index_rank.c's RANK_STALE_EVERY (1024) matches between looks. */
#define RANK_TEST_TOP 3000

/* The looks of a ranking at the stale hook: count them with a hook that
 * never says stale; ranks v (a copy of found) with that hook. */
static int rank_looks(paper_index *ix, const query *q, const view *found, view *v)
{
    query_error err;
    view again;
    view_init(&again);
    index_forget_searches(ix);
    index_filter(ix, q, -1, &again, &err); /* a search: the ranking's generation */
    view_free(&again);
    hook never = {.ix = ix, .stale_at = 0, .bump = false, .caller = pthread_self()};
    copy_view(v, found);
    v->nranked = 0;
    index_set_stale_check(ix, hook_stale, &never);
    CHECK(index_rank_unless_stale(ix, q, v, RANK_TEST_TOP));
    index_set_stale_check(ix, NULL, NULL);
    return atomic_load(&never.calls);
}

/* Ranks a copy of found with a hook that says stale at its stale_at-th
 * look (or makes index_abandon then, with bump): it must give up, the view
 * as it was. */
static void rank_stopped_at(paper_index *ix, const query *q, const view *found, int stale_at,
                            bool bump)
{
    query_error err;
    view v;
    view_init(&v);
    index_forget_searches(ix);
    index_filter(ix, q, -1, &v, &err);
    copy_view(&v, found);
    v.nranked = 0;
    hook h = {.ix = ix, .stale_at = stale_at, .bump = bump, .caller = pthread_self()};
    index_set_stale_check(ix, hook_stale, &h);
    CHECK(!index_rank_unless_stale(ix, q, &v, RANK_TEST_TOP));
    index_set_stale_check(ix, NULL, NULL);
    CHECK(h.calls >= stale_at);
    CHECK(same_view(&v, &found[0]));
    CHECK_INT(v.nranked, 0);
    view_free(&v);
}

/* A ranking that the hook stops gives up with the view as it was, whether
 * it is stopped in its bounds pass or in its visits; one that it lets run
 * gives what index_rank gives. */
static void test_rank_abandon(void)
{
    catalog *c = build_list(BIG);
    paper_index *ix = index_build(c);
    query_error err;
    query *q = query_compile("la", &err);
    view found, v, ref;
    view_init(&found);
    view_init(&v);
    view_init(&ref);
    CHECK_INT(index_filter(ix, q, -1, &found, &err), 0);
    CHECK(found.n > 40000); /* both threads, several looks each */
    int looks = rank_looks(ix, q, &found, &v);
    copy_view(&ref, &found);
    index_rank(ix, q, &ref, RANK_TEST_TOP);
    CHECK_INT(v.nranked, ref.nranked);
    CHECK(same_view(&v, &ref));
    /* the bounds pass looks every 16384 matches (index_rank.c's
     * BOUND_STALE_EVERY), each thread over its half; the visits after it */
    uint32_t half = found.n / 2;
    int bound_looks = (int)(half / 16384 + (found.n - half) / 16384);
    CHECK(bound_looks >= 2);
    CHECK(looks > bound_looks);
    rank_stopped_at(ix, q, &found, 1, false);     /* in the bounds */
    rank_stopped_at(ix, q, &found, looks, false); /* in the visits: the last look */
    rank_stopped_at(ix, q, &found, 1, true);      /* index_abandon, from the hook */
    view_free(&found);
    view_free(&v);
    view_free(&ref);
    query_free(q);
    index_free(ix);
    catalog_free(c);
}

/* The browser ranks a new query's head before showing it: a key that
 * comes while it ranks gives the query up as one during the search does,
 * the screen's result kept, and the search's matches are kept for it. */
static void test_browser_abandon_ranking(void)
{
    catalog *c = build_list(BIG);
    paper_index *ix = index_build(c);
    browser b;
    browser_init(&b, ix, SORT_ORDER, false, false);
    browser_set_rows(&b, 20);
    CHECK_INT(browser_apply_query(&b, "la"), BROWSER_OK);
    CHECK_INT(browser_apply_query(&b, "l"), BROWSER_OK);
    view shown;
    view_init(&shown);
    copy_view(&shown, &b.shown);
    /* "la" again: its search is a copy of the one kept, which asks the
     * hook nothing; the look after it is one, the ranking's the rest */
    hook count = {.ix = ix, .caller = pthread_self()};
    browser_set_stale_check(&b, hook_stale, &count);
    CHECK_INT(browser_apply_query(&b, "la"), BROWSER_OK);
    CHECK(count.calls >= 3); /* both halves of the bounds, at least */
    CHECK_INT(browser_apply_query(&b, "l"), BROWSER_OK);
    CHECK(same_view(&b.shown, &shown));
    /* a screen taller than the head kept with "la" (a backspace back to
     * a text copies its head) ranks it again */
    browser_set_rows(&b, 40);
    hook late = {.ix = ix, .stale_at = 2, .caller = pthread_self()};
    browser_set_stale_check(&b, hook_stale, &late);
    CHECK_INT(browser_apply_query(&b, "la"), BROWSER_ABANDONED);
    CHECK(b.behind);
    CHECK_STR(b.query_text, "l");
    CHECK(same_view(&b.shown, &shown));
    CHECK(b.ahead_q != NULL); /* the search ran to the end: kept */
    late.stale_at = 0;
    browser_set_rows(&b, 20); /* (check_like_fresh's screen) */
    CHECK_INT(browser_apply_query(&b, b.wanted_text), BROWSER_OK);
    CHECK(!b.behind);
    check_like_fresh(&b, ix);
    browser_free(&b);
    view_free(&shown);
    index_free(ix);
    catalog_free(c);
}

static bool always_stale(void *arg)
{
    (void)arg;
    return true;
}

/* An arrow pressed while the screen is behind the typing moves the
 * selection on what is shown, and again on the result of the text it came
 * after when that shows; not on the result of a text typed on after it.
 * A text that does not compile ends being behind. */
static void test_moves_behind(void)
{
    catalog *c = build_list(BIG);
    paper_index *ix = index_build(c);
    browser b;
    browser_init(&b, ix, SORT_ORDER, false, false);
    browser_set_rows(&b, 20);
    CHECK_INT(browser_apply_query(&b, "l"), BROWSER_OK);
    browser_set_stale_check(&b, always_stale, NULL);
    CHECK_INT(browser_apply_query(&b, "la"), BROWSER_ABANDONED);
    CHECK(browser_move(&b, CURSOR_LINE_DOWN));
    CHECK(browser_move(&b, CURSOR_LINE_DOWN));
    CHECK_INT(b.cur.sel, 2);
    browser_set_stale_check(&b, NULL, NULL);
    CHECK_INT(browser_apply_query(&b, "la"), BROWSER_OK);
    CHECK_STR(b.query_text, "la");
    CHECK_INT(b.cur.sel, 2);
    /* typed on after the arrow: the new text's result starts at the top */
    CHECK_INT(browser_apply_query(&b, "l"), BROWSER_OK);
    browser_set_stale_check(&b, always_stale, NULL);
    CHECK_INT(browser_apply_query(&b, "la"), BROWSER_ABANDONED);
    CHECK(browser_move(&b, CURSOR_LINE_DOWN));
    CHECK_INT(browser_apply_query(&b, "lat"), BROWSER_ABANDONED);
    browser_set_stale_check(&b, NULL, NULL);
    CHECK_INT(browser_apply_query(&b, "lat"), BROWSER_OK);
    CHECK_INT(b.cur.sel, 0);
    /* a text that does not compile leaves nothing due: the text given up
     * before it is not searched again behind the error */
    browser_set_stale_check(&b, always_stale, NULL);
    CHECK_INT(browser_apply_query(&b, "la"), BROWSER_ABANDONED);
    CHECK(b.behind);
    CHECK_INT(browser_apply_query(&b, "la\""), BROWSER_BAD_QUERY);
    CHECK(!b.behind);
    CHECK_STR(b.query_text, "lat");
    browser_set_stale_check(&b, NULL, NULL);
    browser_free(&b);
    index_free(ix);
    catalog_free(c);
}

/* Random typing: letters and spaces appended, backspaces, and a third of
 * the keystrokes abandoned part way; after every complete keystroke the
 * browser's matches are what a fresh browser finds for the same text. */
static void test_random_typing(void)
{
    static const char letters[] = "linearttoLRAsmpg ";
    catalog *c = build_list(BIG);
    paper_index *ix = index_build(c);
    paper_index *ref_ix = index_build(c);
    browser b;
    browser_init(&b, ix, SORT_ORDER, false, false);
    browser_set_rows(&b, 20);
    hook h = {.ix = ix, .stale_at = 0, .bump = false, .caller = pthread_self()};
    browser_set_stale_check(&b, hook_stale, &h);
    char text[64] = "";
    int bad = 0, complete = 0, abandoned = 0;
    for (int key = 0; key < 160; key++) {
        size_t len = strlen(text);
        uint32_t r = next_rand() % 10;
        if ((r < 3 && len > 0) || len >= 12)
            text[len - 1] = '\0'; /* backspace */
        else if (r == 3 && len > 0)
            text[0] = '\0'; /* cleared */
        else
            text[len] = letters[next_rand() % (sizeof letters - 1)], text[len + 1] = '\0';
        h.calls = 0;
        h.stale_at = next_rand() % 3 == 0 ? 1 + (int)(next_rand() % 4) : 0;
        browser_status st = browser_apply_query(&b, text);
        if (st == BROWSER_ABANDONED) {
            abandoned++;
            continue;
        }
        CHECK_INT(st, BROWSER_OK);
        complete++;
        browser ref;
        browser_init(&ref, ref_ix, SORT_ORDER, false, false);
        browser_set_rows(&ref, 20);
        browser_apply_query(&ref, text);
        index_forget_searches(ref_ix);
        if (!same_view(&b.all, &ref.all)) {
            bad++;
            fprintf(stderr, "  \"%s\": %u matches, a fresh scan %u\n", text, b.all.n, ref.all.n);
        } else {
            /* the screen's head is the same too */
            browser_rank_visible(&b);
            browser_rank_visible(&ref);
            for (uint32_t k = 0; k < 20 && k < b.shown.n; k++)
                bad += b.shown.ids[k] != ref.shown.ids[k];
        }
        browser_free(&ref);
    }
    CHECK_INT(bad, 0);
    CHECK(complete > 60);
    CHECK(abandoned > 10);
    browser_free(&b);
    index_free(ix);
    index_free(ref_ix);
    catalog_free(c);
}

/* The order the sort promises, the plain way: code points folded one by
 * one, then the bytes. */
static int ref_folded_cmp(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b), i = 0, j = 0;
    while (i < na && j < nb) {
        uint32_t ca, cb;
        i += utf8_decode(a + i, na - i, &ca);
        j += utf8_decode(b + j, nb - j, &cb);
        if (utf8_fold(ca) != utf8_fold(cb))
            return utf8_fold(ca) < utf8_fold(cb) ? -1 : 1;
    }
    if (i < na || j < nb)
        return i < na ? 1 : -1;
    return strcmp(a, b);
}

/* Strings that share long prefixes, differ in case and accents only, hold
 * non-ASCII letters at every position, or are prefixes of each other. */
static void random_text(char *out, size_t size)
{
    static const char *const parts[] = {
        "Towards ",   "towards ",  "TOWARDS ", "Efficient", "Éfficient",
        "efficient",  "Attention", "é",        "É",         "Ö",
        "o",          "z",         "注意",     "力",        "Z",
        "",           " ",         "-",        "a",         "Transformers for long sequences",
        "Transformer"};
    enum { NPARTS = sizeof parts / sizeof parts[0] };
    size_t len = 0;
    int n = 1 + (int)(next_rand() % 6);
    out[0] = '\0';
    static const char *const eighth[] = {"注", "力意", "z"};
    if (next_rand() % 4 == 0) /* the 8th code point not ASCII, nor the 9th */
        len = (size_t)snprintf(out, size, "Abcdefg%s", eighth[next_rand() % 3]);
    for (int k = 0; k < n; k++)
        len += (size_t)snprintf(out + len, size - len, "%s", parts[next_rand() % NPARTS]);
}

static void test_sort_ranks(void)
{
    enum { N = 6000 };
    catalog *c = catalog_new();
    catalog_open_section(c, "All", 0);
    char text[256];
    for (uint32_t i = 0; i < N; i++) {
        entry *e = catalog_add_entry(c);
        random_text(text, sizeof text);
        e->title = arena_strdup(catalog_arena(c), text[0] ? text : "x");
        if (next_rand() % 3) {
            random_text(text, sizeof text);
            e->venue = arena_strdup(catalog_arena(c), text);
        }
        if (next_rand() % 2) {
            snprintf(text, sizeof text, "20%02u-%02u-%02u", next_rand() % 25, 1 + next_rand() % 12,
                     1 + next_rand() % 28);
            e->date = arena_strdup(catalog_arena(c), text);
        }
        if (next_rand() % 2) {
            snprintf(text, sizeof text, "%02u%02u.%05u", 15 + next_rand() % 10,
                     1 + next_rand() % 12, next_rand() % 100000);
            e->arxiv = arena_strdup(catalog_arena(c), text);
        }
    }
    catalog_finish(c);
    paper_index *ix = index_build(c);
    atomic_bool cancel;
    atomic_init(&cancel, true);
    index_prepare_sorts(ix, &cancel); /* cancelled: built on the first sorts */
    paper_index *ahead = index_build(c);
    index_prepare_sorts(ahead, NULL); /* every key built before */
    static const sort_key keys[] = {SORT_TITLE, SORT_VENUE, SORT_DATE, SORT_ARXIV};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        view v;
        view_init(&v);
        CHECK_INT(index_filter(ix, NULL, -1, &v, NULL), 0);
        index_sort(ix, &v, keys[k], false);
        int bad = 0;
        for (uint32_t r = 1; r < v.n; r++) {
            const entry *a = &c->entries[v.ids[r - 1]], *b = &c->entries[v.ids[r]];
            const char *sa = keys[k] == SORT_TITLE ? a->title
                           : keys[k] == SORT_VENUE ? a->venue
                           : keys[k] == SORT_DATE  ? a->date
                                                   : a->arxiv;
            const char *sb = keys[k] == SORT_TITLE ? b->title
                           : keys[k] == SORT_VENUE ? b->venue
                           : keys[k] == SORT_DATE  ? b->date
                                                   : b->arxiv;
            if (!sb)
                continue; /* missing values last */
            int cmp = !sa ? 1
                    : keys[k] == SORT_ARXIV
                        ? (strncmp(sa, sb, 4) ? strncmp(sa, sb, 4) : strcmp(sa, sb))
                    : keys[k] == SORT_DATE ? strcmp(sa, sb)
                                           : ref_folded_cmp(sa, sb);
            if (cmp > 0 || (cmp == 0 && v.ids[r - 1] > v.ids[r])) {
                if (bad++ < 3)
                    fprintf(stderr, "  %s: \"%s\" before \"%s\"\n", sort_key_name(keys[k]),
                            sa ? sa : "(none)", sb);
            }
        }
        CHECK_INT(bad, 0);
        view w;
        view_init(&w);
        index_filter(ahead, NULL, -1, &w, NULL);
        index_sort(ahead, &w, keys[k], false);
        CHECK(same_view(&v, &w));
        view_free(&w);
        view_free(&v);
    }
    index_free(ahead);
    index_free(ix);
    catalog_free(c);
}

int main(void)
{
    RUN(test_sort_ranks);
    RUN(test_index_abandon);
    RUN(test_browser_abandon);
    RUN(test_rank_abandon);
    RUN(test_browser_abandon_ranking);
    RUN(test_moves_behind);
    RUN(test_random_typing);
    return check_summary();
}
