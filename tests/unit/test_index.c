/* Unit tests: index views: filter by query and section, stable sorts with
 * missing values last, section counts. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "paperdeck/catalog.h"
#include "check.h"
#include "paperdeck/index.h"
#include "paperdeck/marks.h"
#include "paperdeck/query.h"
#include "paperdeck/testhooks.h"
#include "paperdeck/under_valgrind.h"
#include "paperdeck/utf8.h"
#include "../../src/search/index_internal.h"

typedef struct fixture_entry {
    const char *title, *venue, *arxiv, *date;
    int year;
} fixture_entry;

/* Papers/A: 0-2, Papers/B: 3-5, Blogs: 6-7 */
static const fixture_entry fixture[] = {
    {"Linear Attention Is All You Need", "ICLR 2021", "2101.00001", NULL, 0},
    {"banana split", NULL, "2003.00002", NULL, 0},
    {"Ápple pie", "NeurIPS 2020", NULL, NULL, 0},
    {"cherry", "ICLR 2021", "1905.00003", NULL, 0},
    {"Apple crumble", NULL, NULL, NULL, 0},
    {"linear probes", "ACL 2019", "cs/0112017", NULL, 0},
    {"线性Attention的探索", NULL, NULL, "2020-03", 0},
    {"date only", NULL, NULL, "2020-03-05", 0},
};
enum { NFIX = sizeof fixture / sizeof fixture[0] };

static catalog *build(uint32_t *papers, uint32_t *a, uint32_t *b, uint32_t *blogs)
{
    catalog *c = catalog_new();
    catalog_set_title(c, "Test", NULL);
    *papers = catalog_open_section(c, "Papers", 1);
    for (int i = 0; i < NFIX; i++) {
        if (i == 0)
            *a = catalog_open_section(c, "A", 2);
        if (i == 3) {
            catalog_close_section(c);
            *b = catalog_open_section(c, "B", 3);
        }
        if (i == 6) {
            catalog_close_section(c);
            catalog_close_section(c);
            *blogs = catalog_open_section(c, "Blogs", 4);
        }
        entry *e = catalog_add_entry(c);
        arena *ar = catalog_arena(c);
        e->title = arena_strdup(ar, fixture[i].title);
        if (fixture[i].venue)
            e->venue = catalog_intern(c, fixture[i].venue, strlen(fixture[i].venue));
        if (fixture[i].arxiv)
            e->arxiv = arena_strdup(ar, fixture[i].arxiv);
        if (fixture[i].date)
            e->date = arena_strdup(ar, fixture[i].date);
        e->kind = i >= 6 ? KIND_BLOG : KIND_PAPER;
    }
    catalog_finish(c);
    return c;
}

/* The view's ids joined as "0 3 5". */
static const char *ids_of(const view *v)
{
    static char buf[256];
    size_t n = 0;
    buf[0] = '\0';
    for (uint32_t i = 0; i < v->n && n < sizeof buf - 12; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, i ? " %u" : "%u", v->ids[i]);
    return buf;
}

static void filter(paper_index *ix, const char *text, int32_t scope, view *v)
{
    query_error err;
    query *q = query_compile(text, &err);
    CHECK(q != NULL);
    if (!q)
        return;
    CHECK_INT(index_filter(ix, q, scope, v, &err), 0);
    query_free(q);
}

static void test_filter_and_scope(void)
{
    uint32_t papers, a, b, blogs;
    catalog *c = build(&papers, &a, &b, &blogs);
    paper_index *ix = index_build(c);
    CHECK(index_catalog(ix) == c);
    view v;
    view_init(&v);

    query_error err;
    CHECK_INT(index_filter(ix, NULL, -1, &v, &err), 0);
    CHECK_STR(ids_of(&v), "0 1 2 3 4 5 6 7");
    CHECK_INT(index_filter(ix, NULL, (int32_t)b, &v, &err), 0);
    CHECK_STR(ids_of(&v), "3 4 5");
    CHECK_INT(index_filter(ix, NULL, (int32_t)papers, &v, &err), 0);
    CHECK_STR(ids_of(&v), "0 1 2 3 4 5");

    filter(ix, "lin", -1, &v);
    CHECK_STR(ids_of(&v), "0 5");
    for (uint32_t i = 0; i < v.n; i++)
        CHECK(v.scores[i] != 0);
    filter(ix, "lin", (int32_t)b, &v);
    CHECK_STR(ids_of(&v), "5");
    filter(ix, "apple", -1, &v); /* accents fold: Ápple */
    CHECK_STR(ids_of(&v), "2 4");
    filter(ix, "venue:iclr", -1, &v);
    CHECK_STR(ids_of(&v), "0 3");
    filter(ix, "", -1, &v);
    CHECK_INT(v.n, NFIX);
    filter(ix, "zzzz", -1, &v);
    CHECK_INT(v.n, 0);

    /* A regex that gives up reports it rather than pretending no match. */
    catalog *big = catalog_new();
    catalog_open_section(big, "S", 0);
    entry *e = catalog_add_entry(big);
    char *t = arena_alloc(catalog_arena(big), 20001);
    memset(t, 'a', 20000);
    t[20000] = '\0';
    t[19999] = '!';
    e->title = t;
    catalog_finish(big);
    paper_index *bix = index_build(big);
    query *q = query_compile("/(a+)+$/", &err);
    CHECK(q != NULL);
    if (q) {
        CHECK_INT(index_filter(bix, q, -1, &v, &err), -1);
        CHECK(strlen(err.msg) > 0);
        query_free(q);
    }
    index_free(bix);
    catalog_free(big);

    view_free(&v);
    index_free(ix);
    catalog_free(c);
}

static void sorted(paper_index *ix, view *v, sort_key key, bool desc, const char *want)
{
    query_error err;
    index_filter(ix, NULL, -1, v, &err);
    index_sort(ix, v, key, desc);
    CHECK_STR(ids_of(v), want);
}

static void test_sorts(void)
{
    uint32_t papers, a, b, blogs;
    catalog *c = build(&papers, &a, &b, &blogs);
    paper_index *ix = index_build(c);
    view v;
    view_init(&v);
    /* years: 0:2021 1:2020(arxiv) 2:2020 3:2021 4:- 5:2019 6:2020(date) 7:2020(date) */
    sorted(ix, &v, SORT_ORDER, false, "0 1 2 3 4 5 6 7");
    sorted(ix, &v, SORT_ORDER, true, "7 6 5 4 3 2 1 0");
    /* Titles fold case and accents; ties impossible; CJK after Latin. */
    sorted(ix, &v, SORT_TITLE, false, "4 2 1 3 7 0 5 6");
    sorted(ix, &v, SORT_TITLE, true, "6 5 0 7 3 1 2 4");
    /* Equal years keep document order in both directions; no year last. */
    sorted(ix, &v, SORT_YEAR, false, "5 1 2 6 7 0 3 4");
    sorted(ix, &v, SORT_YEAR, true, "0 3 1 2 6 7 5 4");
    /* Venues: missing ones last either way, ties in document order. */
    sorted(ix, &v, SORT_VENUE, false, "5 0 3 2 1 4 6 7");
    sorted(ix, &v, SORT_VENUE, true, "2 0 3 5 1 4 6 7");
    /* arXiv ids by the month they encode: cs/0112017 is 2001-12. */
    sorted(ix, &v, SORT_ARXIV, false, "5 3 1 0 2 4 6 7");
    /* Dates: derived from arXiv ids, else written, else the year. */
    sorted(ix, &v, SORT_DATE, false, "5 3 2 1 6 7 0 4");
    sorted(ix, &v, SORT_SECTION, true, "6 7 3 4 5 0 1 2");

    /* Score: best first, ties in document order. */
    view_free(&v);
    filter(ix, "lin", -1, &v);
    index_sort(ix, &v, SORT_SCORE, true);
    CHECK_INT(v.n, 2);
    CHECK(v.scores[0] >= v.scores[1]);
    double best = v.scores[0];
    index_sort(ix, &v, SORT_SCORE, false);
    CHECK(v.scores[1] == best);
    /* Sorting a sorted view by another key keeps scores with their ids. */
    uint32_t id0 = v.ids[0];
    double s0 = v.scores[0];
    index_sort(ix, &v, SORT_ORDER, true);
    for (uint32_t i = 0; i < v.n; i++)
        if (v.ids[i] == id0)
            CHECK(v.scores[i] == s0);

    sort_key k;
    CHECK(sort_key_parse("year", &k) && k == SORT_YEAR);
    CHECK(!sort_key_parse("colour", &k));
    CHECK_STR(sort_key_name(SORT_ARXIV), "arxiv");
    view_free(&v);
    index_free(ix);
    catalog_free(c);
}

static catalog *build_big(uint32_t n);

static void test_counts(void)
{
    uint32_t papers, a, b, blogs;
    catalog *c = build(&papers, &a, &b, &blogs);
    paper_index *ix = index_build(c);
    view v;
    view_init(&v);
    uint32_t counts[8];
    CHECK_INT(c->nsections, 4);
    filter(ix, "", -1, &v);
    index_count_sections(ix, &v, counts);
    CHECK_INT(counts[papers], 6);
    CHECK_INT(counts[a], 3);
    CHECK_INT(counts[b], 3);
    CHECK_INT(counts[blogs], 2);
    filter(ix, "lin", -1, &v);
    index_count_sections(ix, &v, counts);
    CHECK_INT(counts[papers], 2);
    CHECK_INT(counts[a], 1);
    CHECK_INT(counts[b], 1);
    CHECK_INT(counts[blogs], 0);
    view_free(&v);
    index_free(ix);
    catalog_free(c);

    /* In document order (counted from the id ranges) and out of it (from
     * each entry's section), the same counts. */
    c = build_big(20000);
    ix = index_build(c);
    view_init(&v);
    uint32_t *in_order = calloc(c->nsections, sizeof *in_order);
    uint32_t *shuffled = calloc(c->nsections, sizeof *shuffled);
    static const char *const queries[] = {"", "lin", "zzz", "LoRA ada"};
    int diff = 0;
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        query_error err;
        query *q = query_compile(queries[i], &err);
        CHECK_INT(index_filter(ix, q, -1, &v, &err), 0);
        index_count_sections(ix, &v, in_order);
        for (uint32_t k = 0; k + 1 < v.n; k += 2) { /* swap pairs: out of order */
            uint32_t t = v.ids[k];
            v.ids[k] = v.ids[k + 1];
            v.ids[k + 1] = t;
        }
        index_count_sections(ix, &v, shuffled);
        uint32_t total = 0;
        for (uint32_t s = 0; s < c->nsections; s++) {
            diff += in_order[s] != shuffled[s];
            total += c->sections[s].parent < 0 ? in_order[s] : 0;
        }
        diff += total != v.n;
        query_free(q);
    }
    CHECK_INT(diff, 0);
    free(in_order);
    free(shuffled);
    view_free(&v);
    index_free(ix);
    catalog_free(c);
}

/* A list big enough for two threads, titles from a small vocabulary. */
static catalog *build_big(uint32_t n)
{
    static const char *const words[] = {
        "linear",   "attention",  "Transformer", "efficient", "sparse",   "LoRA",
        "model",    "language",   "large",       "Nyström",   "pruning",  "quantization",
        "fast",     "with",       "of",          "RNN",       "training", "inference",
        "low-rank", "adaptation", "memory",      "long",
    };
    enum { NWORDS = sizeof words / sizeof words[0] };
    catalog *c = catalog_new();
    uint64_t x = 88172645463325252u; /* xorshift: the same list every run */
    char title[256];
    for (uint32_t i = 0; i < n; i++) {
        if (i % (n / 4) == 0) {
            if (i)
                catalog_close_section(c);
            catalog_open_section(c, i ? "More" : "First", 0);
        }
        size_t len = 0;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int nw = 2 + (int)(x % 9);
        for (int w = 0; w < nw; w++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            len += (size_t)snprintf(title + len, sizeof title - len, w ? " %s" : "%s",
                                    words[x % NWORDS]);
        }
        entry *e = catalog_add_entry(c);
        e->title = arena_strdup(catalog_arena(c), title);
    }
    catalog_finish(c);
    return c;
}

/* index_search's top must equal the head of a full score sort, its other
 * matches must be the same set in document order, and narrowing from a
 * previous result must give what a fresh search gives. */
static void test_search_matches_full_sort(void)
{
    catalog *c = build_big(40000);
    paper_index *ix = index_build(c);
    static const char *const queries[] = {
        "l",
        "li",
        "lin",
        "lin att",
        "linear attention",
        "nystrom",
        "LoRA",
        "e",
        "/sparse|pruning/ fast",
        "'low-rank",
        "!linear att",
        "zzz",
        "lin | spa",
        "lora", /* titles without `lor` or `ora` are bounded by their trigrams */
        "ttent",
        "spars",
        "nce",
        "effat", /* in no title as one run */
        "lowrk",
        "sprsmod",
    };
    view full, fast, prev, again;
    view_init(&full);
    view_init(&fast);
    view_init(&prev);
    view_init(&again);
    query *last = NULL;
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        query_error err;
        query *q = query_compile(queries[i], &err);
        CHECK(q != NULL);
        if (!q)
            continue;
        CHECK_INT(index_filter(ix, q, -1, &full, &err), 0);
        if (query_is_ranked(q))
            index_sort(ix, &full, SORT_SCORE, true);
        CHECK_INT(index_search(ix, q, -1, NULL, 50, &fast, &err), 0);
        CHECK_INT(fast.n, full.n);
        uint32_t top = query_is_ranked(q) ? (full.n < 50 ? full.n : 50) : full.n;
        CHECK_INT(fast.nranked, top);
        int head_diff = 0, rest_unordered = 0;
        for (uint32_t k = 0; k < top && k < fast.n; k++)
            head_diff += fast.ids[k] != full.ids[k] || fast.scores[k] != full.scores[k];
        for (uint32_t k = top + 1; k < fast.n; k++)
            rest_unordered += fast.ids[k - 1] > fast.ids[k];
        CHECK_INT(head_diff, 0);
        CHECK_INT(rest_unordered, 0);
        if (strcmp(queries[i], "lora") == 0)
            CHECK(ix->broken_bounded > fast.n / 4);

        /* Narrowing from the previous query when it allows, with and
         * without skipping the groups the previous query implies. */
        if (last && query_narrows(last, q)) {
            for (int from = 0; from < 2; from++) {
                CHECK_INT(index_search_from(ix, q, from ? last : NULL, -1, &prev, 50, &again, &err),
                          0);
                CHECK_INT(again.n, fast.n);
                int diff = 0;
                for (uint32_t k = 0; k < again.n && k < fast.n; k++)
                    diff += again.ids[k] != fast.ids[k];
                CHECK_INT(diff, 0);
            }
        }
        /* Ranking a little more at a time (scrolling) grows the head
         * the full order has, the rest staying in document order. */
        for (uint32_t upto = 60; upto < fast.n && upto < 2000; upto *= 5) {
            index_rank_more(ix, q, &fast, upto);
            CHECK(fast.nranked >= upto);
            int grown_diff = 0, grown_rest = 0;
            for (uint32_t k = 0; k < fast.nranked; k++)
                grown_diff += fast.ids[k] != full.ids[k] || fast.scores[k] != full.scores[k];
            for (uint32_t k = fast.nranked + 1; k < fast.n; k++)
                grown_rest += fast.ids[k - 1] > fast.ids[k];
            CHECK_INT(grown_diff, 0);
            CHECK_INT(grown_rest, 0);
        }
        /* Ranking more later gives the full order. */
        index_rank_more(ix, q, &fast, fast.n);
        int more_diff = 0;
        for (uint32_t k = 0; k < fast.n; k++)
            more_diff += fast.ids[k] != full.ids[k];
        CHECK_INT(more_diff, 0);

        view t = prev;
        prev = fast;
        fast = t;
        index_search(ix, q, -1, NULL, 50, &prev, &err);
        query_free(last);
        last = q;
    }
    query_free(last);
    /* Scoped to a section. */
    query_error err;
    query *q = query_compile("lin", &err);
    CHECK_INT(index_search(ix, q, 1, NULL, 10, &fast, &err), 0);
    CHECK_INT(index_filter(ix, q, 1, &full, &err), 0);
    CHECK_INT(fast.n, full.n);
    for (uint32_t k = 0; k < fast.n; k++)
        CHECK(fast.ids[k] >= c->sections[1].entry_begin && fast.ids[k] < c->sections[1].entry_end);
    query_free(q);
    view_free(&full);
    view_free(&fast);
    view_free(&prev);
    view_free(&again);
    index_free(ix);
    catalog_free(c);
}

/* is: terms see the marks the index holds, in every path (filter, ranked
 * filter, top-k search). */
static void test_marks(void)
{
    uint32_t papers, a, b, blogs;
    catalog *c = build(&papers, &a, &b, &blogs);
    paper_index *ix = index_build(c);
    view v;
    view_init(&v);
    filter(ix, "is:starred", -1, &v);
    CHECK_STR(ids_of(&v), "");
    index_set_marks(ix, 0, MARK_STARRED);
    index_set_marks(ix, 5, MARK_STARRED | MARK_READ);
    index_set_marks(ix, 6, MARK_READ);
    index_set_marks(ix, 99, MARK_READ); /* out of range: ignored */
    CHECK_INT(index_marks(ix, 5), MARK_STARRED | MARK_READ);
    CHECK_INT(index_marks(ix, 99), 0);
    filter(ix, "is:starred", -1, &v);
    CHECK_STR(ids_of(&v), "0 5");
    filter(ix, "is:read", (int32_t)papers, &v);
    CHECK_STR(ids_of(&v), "5");
    filter(ix, "is:unread", -1, &v);
    CHECK_STR(ids_of(&v), "0 1 2 3 4 7");
    /* ranked: scores of starred matches only */
    filter(ix, "is:starred lin", -1, &v);
    CHECK_STR(ids_of(&v), "0 5");
    CHECK(v.n == 2 && v.scores[0] > 0 && v.scores[1] > 0);
    query_error err;
    query *q = query_compile("lin is:starred", &err);
    CHECK_INT(index_search(ix, q, -1, NULL, 1, &v, &err), 0);
    CHECK_INT(v.n, 2);
    CHECK_INT(v.nranked, 1);
    index_rank_more(ix, q, &v, 2);
    CHECK(v.n == 2 && v.scores[0] > 0 && v.scores[1] > 0);
    query_free(q);
    index_load_marks(ix, NULL);
    filter(ix, "is:starred | is:read", -1, &v);
    CHECK_STR(ids_of(&v), "");
    view_free(&v);
    index_free(ix);
    catalog_free(c);
}

/* index_count_new follows the marks: loaded ones that hold MARK_NEW (a
 * fetch sets it), and the user's marks, which clear it. */
static void test_count_new(void)
{
    uint32_t papers, a, b, blogs;
    catalog *c = build(&papers, &a, &b, &blogs);
    paper_index *ix = index_build(c);
    CHECK_INT(index_count_new(ix), 0);
    char dir[] = "/tmp/paperdeck-test-new-XXXXXX", msg[MARKS_MSG_MAX];
    CHECK(mkdtemp(dir) != NULL);
    marks_store *m = marks_open(dir, msg, sizeof msg);
    CHECK(m != NULL);
    char k1[MARKS_KEY_MAX], k4[MARKS_KEY_MAX];
    marks_entry_key(&c->entries[1], k1, sizeof k1);
    marks_entry_key(&c->entries[4], k4, sizeof k4);
    const char *keys[] = {k1, k4};
    CHECK_INT(marks_set_many(m, keys, 2, MARK_NEW, true, msg, sizeof msg), 0);
    CHECK_INT(marks_set(m, k1, MARK_STARRED, true, msg, sizeof msg), 0);
    index_load_marks(ix, m);
    CHECK_INT(index_count_new(ix), 2);
    index_load_marks(ix, m); /* again: counted afresh, not added to */
    CHECK_INT(index_count_new(ix), 2);
    index_set_marks(ix, 4, MARK_READ);
    CHECK_INT(index_count_new(ix), 1);
    index_set_marks(ix, 4, MARK_STARRED); /* no longer new either way */
    CHECK_INT(index_count_new(ix), 1);
    index_set_marks(ix, 1, MARK_STARRED); /* 1 was starred and new */
    CHECK_INT(index_count_new(ix), 0);
    index_load_marks(ix, NULL);
    CHECK_INT(index_count_new(ix), 0);
    char path[600];
    snprintf(path, sizeof path, "%s", marks_file(m));
    marks_close(m);
    remove(path);
    snprintf(path, sizeof path, "%s/marks.lock", dir);
    remove(path);
    CHECK_INT(rmdir(dir), 0); /* nothing else left behind */
    index_free(ix);
    catalog_free(c);
}

/* A prompt typed into key by key, searched as the browser searches it. */
typedef struct typist {
    char text[64];
    size_t len;
    query *prev; /* the last text that compiled */
    view v[2];   /* v[cur]: prev's result */
    int cur;
    int narrowed; /* keystrokes that narrowed from the previous result */
} typist;

static void typist_start(typist *tp)
{
    memset(tp, 0, sizeof *tp);
    view_init(&tp->v[0]);
    view_init(&tp->v[1]);
}

static void typist_end(typist *tp)
{
    query_free(tp->prev);
    view_free(&tp->v[0]);
    view_free(&tp->v[1]);
}

/* The text does not compile (typist_search). */
#define TYPIST_BAD_TEXT 1

/* Types k ('\b' is a backspace) and searches the text for the top 50,
 * with ix's stale hook, narrowing from the last whole result when
 * query_narrows allows. Returns the search's code: 0, the result is
 * tp->v[tp->cur] and *out its query; INDEX_ABANDONED, the text stays
 * typed and the last whole result stays, as in the browser; or
 * TYPIST_BAD_TEXT. */
static int typist_search(typist *tp, paper_index *ix, char k, const query **out)
{
    if (k == '\b') {
        if (tp->len)
            tp->len--;
    } else if (tp->len + 1 < sizeof tp->text) {
        tp->text[tp->len++] = k;
    }
    tp->text[tp->len] = '\0';
    query_error err;
    query *q = query_compile(tp->text, &err);
    if (!q)
        return TYPIST_BAD_TEXT;
    const view *within = tp->prev && query_narrows(tp->prev, q) ? &tp->v[tp->cur] : NULL;
    int rc = index_search_from(ix, q, within ? tp->prev : NULL, -1, within, 50, &tp->v[!tp->cur],
                               &err);
    if (rc != 0) {
        query_free(q);
        return rc;
    }
    tp->narrowed += within != NULL;
    tp->cur = !tp->cur;
    query_free(tp->prev);
    tp->prev = q;
    *out = q;
    return 0;
}

/* typist_search with no stale hook: every search must end; NULL when the
 * text does not compile. */
static const query *typist_key(typist *tp, paper_index *ix, char k)
{
    const query *q = NULL;
    int rc = typist_search(tp, ix, k, &q);
    if (rc != TYPIST_BAD_TEXT)
        CHECK_INT(rc, 0);
    return q;
}

/* Typing letter by letter, with backspaces, as the browser does: every
 * keystroke narrows from the previous result when it may (skipping the
 * groups the previous query implies) and must give exactly what a fresh
 * filter and full score sort give: the same matches, the same top 50. */
static void test_typing_narrows_like_fresh(void)
{
    catalog *c = build_big(30000);
    paper_index *ix = index_build(c);
    static const char *const typed[] = {
        "linear attx\bention",
        "lox\bra",
        "eff trasn\b\bns",
        "lin | spa att",
        "'low att",
        "!lin att",
        "nys trom",
        "venue:iclr lin",
        "/sp.rse/ at",
    };
    int mismatches = 0, keystrokes = 0, narrowed = 0;
    for (size_t t = 0; t < sizeof typed / sizeof typed[0]; t++) {
        view full;
        view_init(&full);
        typist tp;
        typist_start(&tp);
        const char *text = tp.text;
        for (const char *k = typed[t]; *k; k++) {
            const query *q = typist_key(&tp, ix, *k);
            if (!q)
                continue;
            keystrokes++;
            query_error err;
            CHECK_INT(index_filter(ix, q, -1, &full, &err), 0);
            if (query_is_ranked(q))
                index_sort(ix, &full, SORT_SCORE, true);
            const view *got = &tp.v[tp.cur];
            if (got->n != full.n) {
                mismatches++;
                fprintf(stderr, "\"%s\": %u matches, fresh %u\n", text, got->n, full.n);
            } else {
                uint32_t head = query_is_ranked(q) ? got->nranked : got->n;
                for (uint32_t i = 0; i < head; i++)
                    if (got->ids[i] != full.ids[i]) {
                        mismatches++;
                        fprintf(stderr, "\"%s\": row %u differs\n", text, i);
                        break;
                    }
                /* The unranked rest in document order. */
                for (uint32_t i = head + 1; i < got->n; i++)
                    if (got->ids[i - 1] >= got->ids[i]) {
                        mismatches++;
                        fprintf(stderr, "\"%s\": rest out of order at %u\n", text, i);
                        break;
                    }
            }
        }
        narrowed += tp.narrowed;
        typist_end(&tp);
        view_free(&full);
    }
    CHECK(keystrokes > 60);
    CHECK(narrowed > 40);
    CHECK_INT(mismatches, 0);
    index_free(ix);
    catalog_free(c);
}

/* Typing goes on from where the previous keystroke's match of the grown
 * term ended (index.c keeps it per entry): the same matches as a fresh
 * filter on another index, when other searches (another scope, another
 * text) come between keystrokes, when smart case changes the needle, and
 * past the generations the kept ends are stamped with. */
static void test_typing_resumes_like_fresh(void)
{
    catalog *c = build_big(24000);
    paper_index *ix = index_build(c), *fresh = index_build(c);
    static const char *const typed[] = {
        "low-rank adaptation",
        "lorA",
        "nystromxformer",
        "linear attention model",
        "efficient sparse transnsformer",
        "lora ad",
    };
    int mismatches = 0, keystrokes = 0, narrowed = 0;
    view other;
    view_init(&other);
    for (size_t t = 0; t < sizeof typed / sizeof typed[0]; t++) {
        view full;
        view_init(&full);
        typist tp;
        typist_start(&tp);
        const char *text = tp.text;
        const view *v = tp.v;
        for (const char *k = typed[t]; *k; k++) {
            const query *q = typist_key(&tp, ix, *k);
            if (!q)
                continue;
            int cur = tp.cur;
            keystrokes++;
            query_error err;
            /* Something else between keystrokes, now and then: a section's
             * search, another text. */
            if (keystrokes % 3 == 0) {
                query *o = query_compile(keystrokes % 2 ? text : "model", &err);
                CHECK_INT(index_search(ix, o, 1, NULL, 50, &other, &err), 0);
                query_free(o);
            }
            CHECK_INT(index_filter(fresh, q, -1, &full, &err), 0);
            if (v[cur].n != full.n) {
                mismatches++;
                fprintf(stderr, "\"%s\": %u matches, fresh %u\n", text, v[cur].n, full.n);
            } else {
                /* The same set: mark the fresh ones, find every typed one. */
                uint8_t *seen = calloc(c->nentries, 1);
                for (uint32_t i = 0; seen && i < full.n; i++)
                    seen[full.ids[i]] = 1;
                for (uint32_t i = 0; seen && i < v[cur].n; i++)
                    if (!seen[v[cur].ids[i]]) {
                        mismatches++;
                        fprintf(stderr, "\"%s\": entry %u is not a match\n", text, v[cur].ids[i]);
                        break;
                    }
                free(seen);
            }
        }
        narrowed += tp.narrowed;
        typist_end(&tp);
        view_free(&full);
    }
    view_free(&other);
    CHECK(keystrokes > 70);
    CHECK(narrowed > 55);
    CHECK_INT(mismatches, 0);
    index_free(ix);
    index_free(fresh);
    catalog_free(c);
}

/* Mismatches of got, index_search's result for q in scope with top, with
 * what fresh gives by a full filter and score sort: the same count, the
 * same ranked head with the same scores, the others in document order. */
static int differs_from_fresh(const view *got, paper_index *fresh, const query *q, int32_t scope,
                              uint32_t top, const char *text)
{
    view full;
    view_init(&full);
    query_error err;
    int bad = 0;
    CHECK_INT(index_filter(fresh, q, scope, &full, &err), 0);
    uint32_t *docs = malloc((full.n + 1) * sizeof *docs);
    memcpy(docs, full.ids, full.n * sizeof *docs);
    bool ranked = query_is_ranked(q);
    if (ranked)
        index_sort(fresh, &full, SORT_SCORE, true);
    uint32_t head = !ranked ? full.n : top < full.n ? top : full.n;
    if (got->n != full.n || got->nranked != head) {
        fprintf(stderr, "\"%s\": %u matches (%u ranked), fresh %u (%u)\n", text, got->n,
                got->nranked, full.n, head);
        bad = 1;
    }
    for (uint32_t k = 0; !bad && ranked && k < head; k++)
        bad = got->ids[k] != full.ids[k] || got->scores[k] != full.scores[k];
    /* The rest: the fresh matches that are not in the head, in order. */
    const catalog *c = index_catalog(fresh);
    uint8_t *in_head = calloc(c->nentries + 1, 1);
    for (uint32_t k = 0; !bad && ranked && k < head; k++)
        in_head[got->ids[k]] = 1;
    uint32_t at = ranked ? head : 0;
    for (uint32_t k = 0; !bad && k < full.n; k++)
        if (!in_head[docs[k]])
            bad = at >= got->n || got->ids[at++] != docs[k];
    if (bad)
        fprintf(stderr, "\"%s\" (scope %d, top %u) differs from a fresh search\n", text, (int)scope,
                top);
    free(in_head);
    free(docs);
    view_free(&full);
    return bad;
}

/* A ranked head kept with a search's result ranks that result again by
 * a copy (a backspace back to its text), as index_rank would; not for
 * another top, another scope's share, or once the result is stored anew. */
static void test_rank_kept(void)
{
    catalog *c = build_big(40000);
    paper_index *ix = index_build(c), *fresh = index_build(c);
    query_error err;
    query *q = query_compile("lora", &err), *other = query_compile("linear", &err);
    view v;
    view_init(&v);
    CHECK_INT(index_search_from(ix, q, NULL, -1, NULL, 0, &v, &err), 0);
    CHECK(!index_rank_kept(ix, q, -1, &v, 20)); /* the search kept a head for no rows */
    index_rank(ix, q, &v, 20);
    index_keep_ranked(ix, q, -1, &v, 20);
    CHECK_INT(index_search_from(ix, other, NULL, -1, NULL, 0, &v, &err), 0);
    CHECK_INT(index_search_from(ix, q, NULL, -1, NULL, 0, &v, &err), 0); /* a kept result */
    CHECK_INT(v.nranked, 0);
    CHECK(!index_rank_kept(ix, q, -1, &v, 21));     /* kept for fewer rows */
    CHECK(!index_rank_kept(ix, other, -1, &v, 20)); /* another text */
    uint32_t reused = ix->heads_reused;
    CHECK(index_rank_kept(ix, q, -1, &v, 20));
    CHECK_INT(ix->heads_reused - reused, 1);
    CHECK_INT(differs_from_fresh(&v, fresh, q, -1, 20, "lora kept"), 0);
    /* a section's share is not the whole result */
    view part;
    view_init(&part);
    CHECK_INT(index_search_from(ix, q, NULL, 1, NULL, 0, &part, &err), 0);
    CHECK(part.n < v.n);
    CHECK(!index_rank_kept(ix, q, -1, &part, 20));
    /* stored anew (searched again after being forgotten): its head is
     * the search's own, for no rows */
    index_forget_searches(ix);
    CHECK_INT(index_search_from(ix, q, NULL, -1, NULL, 0, &v, &err), 0);
    CHECK(!index_rank_kept(ix, q, -1, &v, 20));
    view_free(&part);
    view_free(&v);
    query_free(q);
    query_free(other);
    index_free(ix);
    index_free(fresh);
    catalog_free(c);
}

/* A stale hook that stops the work after its first few looks. */
static bool stale_after(void *arg)
{
    int *looks = arg;
    return --*looks < 0;
}

/* What typing a list of texts against fresh searches saw (type_like_fresh). */
typedef struct typed_run {
    int keystrokes;
    int bad;     /* keys whose result differed from a fresh search's */
    int grown;   /* keys whose search decided entries by follow letters */
    int bounded; /* keys whose ranking bounded entries by kept passes */
    int partial; /* idle passes stopped before their end */
} typed_run;

/* Types each of typed[0..n) letter by letter ('\b' a backspace) on ix,
 * checking every key's result against a fresh search on fresh, with the
 * idle pass after each key: stopped at its first look when the key's
 * number is 1 modulo stop_every, skipped when it is skip_every - 1 modulo
 * skip_every, whole otherwise (0: never stopped, never skipped). */
static typed_run type_like_fresh(paper_index *ix, paper_index *fresh, const char *const *typed,
                                 size_t n, int stop_every, int skip_every)
{
    typed_run r = {0};
    for (size_t t = 0; t < n; t++) {
        typist tp;
        typist_start(&tp);
        for (const char *k = typed[t]; *k; k++) {
            const query *q = typist_key(&tp, ix, *k);
            if (!q)
                continue;
            r.keystrokes++;
            r.grown += ix->grown.decided > 0;
            r.bounded += ix->grow_bounded > 0;
            r.bad += differs_from_fresh(&tp.v[tp.cur], fresh, q, -1, 50, tp.text);
            if (skip_every && r.keystrokes % skip_every == skip_every - 1)
                continue;
            int looks = stop_every && r.keystrokes % stop_every == 1 ? 1 : 1 << 30;
            index_set_stale_check(ix, stale_after, &looks);
            int rc = index_prepare_growth(ix, q, &tp.v[tp.cur]);
            index_set_stale_check(ix, NULL, NULL);
            CHECK(rc == 0 || rc == INDEX_ABANDONED);
            r.partial += rc == INDEX_ABANDONED;
        }
        typist_end(&tp);
    }
    return r;
}

/* With the idle work between keystrokes (index_prepare_growth, sometimes
 * stopped half way, sometimes skipped), a keystroke that adds a letter
 * decides entries by the letters that follow their match end, and the
 * ranking bounds them by what the pass kept, instead of reading titles:
 * still exactly a fresh filter's matches, and the ranked head a fresh
 * score sort's, with accents, digits, a second word and backspaces. */
static void test_typing_grows_like_fresh(void)
{
    catalog *c = build_big(40000);
    paper_index *ix = index_build(c), *fresh = index_build(c);
    static const char *const typed[] = {
        "low-rank adaptation", "nystrom transformer", "lora2 fast",  "lox\bra ad",
        "efficient spar",      "linear attention",    "quantizatio", "modl\bel 3",
    };
    /* Idle time: whole, stopped after a look or two, or none. */
    typed_run r = type_like_fresh(ix, fresh, typed, sizeof typed / sizeof typed[0], 3, 5);
    CHECK(r.keystrokes > 100);
    CHECK(r.grown > 40);
    CHECK(r.bounded > 20); /* rankings that bounded entries by kept passes */
    CHECK(r.partial > 10);
    CHECK(ix->ranked_by_grow_order > 10); /* by the order the idle pass left */
    CHECK_INT(r.bad, 0);
    index_free(ix);
    index_free(fresh);
    catalog_free(c);
}

/* A query of several words typed on, with the idle pass between keys
 * (whole, stopped after a look, or none): each key's ranking by the words
 * kept from before (index_settled.c) must give a fresh search's head,
 * score for score; words that change under it (a backspace over a word,
 * another order, another case, an OR, a negation, a field term) must not
 * be read as the kept ones. */
static void test_settled_words_like_fresh(void)
{
    catalog *c = build_big(30000);
    paper_index *ix = index_build(c), *fresh = index_build(c);
    static const char *const typed[] = {
        "efficient sparse attention for long context",
        "sparse efficient attention lo",
        "Efficient Sparse at",
        "lora zq\b\b\bx ad",
        "eff spa\b\b\bxyz\b\b\btra lin",
        "efficient  sparse\b\b\b\b\b\bmodel at",
        "venue:iclr lin att",
        "lin | spa att tra",
        "!lin att tra",
        "lin att /sp/ tr",
    };
    uint32_t before = ix->ranked_by_settled;
    typed_run r = type_like_fresh(ix, fresh, typed, sizeof typed / sizeof typed[0], 4, 7);
    CHECK(r.keystrokes > 200);
    CHECK(r.partial > 10);
    /* rankings by the kept words (85 of 214 keys: not a first word's, an
     * OR's or a negation's, nor a key after an idle pass stopped early) */
    CHECK(ix->ranked_by_settled - before > 60);
    CHECK_INT(r.bad, 0);
    index_free(ix);
    index_free(fresh);
    catalog_free(c);
}

/* Words kept for one query ("eff spa ") are not the start of another's
 * ("eff tra "): its sums are made again, not made from them, and the
 * next word ranks as a fresh search does. */
static void test_settled_words_replaced(void)
{
    catalog *c = build_big(30000);
    paper_index *ix = index_build(c), *fresh = index_build(c);
    static const char *const steps[] = {"eff spa ", "eff tra ", "eff tra lin"};
    for (int i = 0; i < 3; i++) {
        query_error err;
        query *q = query_compile(steps[i], &err);
        view v;
        view_init(&v);
        CHECK_INT(index_search(ix, q, -1, NULL, 50, &v, &err), 0);
        if (i < 2)
            CHECK_INT(index_prepare_growth(ix, q, &v), 0);
        else
            CHECK_INT(differs_from_fresh(&v, fresh, q, -1, 50, steps[i]), 0);
        view_free(&v);
        query_free(q);
    }
    CHECK(ix->ranked_by_settled > 0);
    index_free(ix);
    index_free(fresh);
    catalog_free(c);
}

/* A word whose letters lie scattered in most titles ("venue") scores far
 * below what the idle pass's order bounds it by: the visit of the order
 * does not settle its best, and the bounds of every match go on from the
 * best it found, past the matches it saw. Each key must still give a
 * fresh search's head, with no match twice. */
static void test_grow_order_carried(void)
{
    catalog *c = build_big(40000);
    paper_index *ix = index_build(c), *fresh = index_build(c);
    static const char *const typed[] = {"venue", "vqa", "neural attx"};
    typed_run r = type_like_fresh(ix, fresh, typed, sizeof typed / sizeof typed[0], 0, 0);
    CHECK_INT(r.partial, 0); /* every idle pass whole */
    CHECK(ix->ranked_past_order > 0);
    CHECK_INT(r.bad, 0);
    index_free(ix);
    index_free(fresh);
    catalog_free(c);
}

/* A catalog of one section, "All", open for entries. */
static catalog *one_section(void)
{
    catalog *c = catalog_new();
    catalog_open_section(c, "All", 0);
    return c;
}

static void add_titled(catalog *c, const char *title)
{
    entry *e = catalog_add_entry(c);
    e->title = arena_strdup(catalog_arena(c), title);
}

/* Starts tp and types text into it on ix, letter by letter: the last
 * query. */
static const query *type_into(typist *tp, paper_index *ix, const char *text)
{
    typist_start(tp);
    const query *q = NULL;
    for (const char *k = text; *k; k++)
        q = typist_key(tp, ix, *k);
    return q;
}

/* Runs the idle pass over v (under PARALLEL_MIN matches: one thread, its
 * looks counted) and stops it at its first look past the order built
 * after the matches near the top. Each pass over the matches looks every
 * STALE_CHECK_EVERY (the follow letters', the near ones'), the order's
 * every 16384: the next look is the first of the pass over the others. */
static void prepare_near_only(paper_index *ix, const query *q, const view *v)
{
    CHECK(v->n < PARALLEL_MIN);
    int looks = 2 * (int)(v->n / STALE_CHECK_EVERY) + (int)(v->n / 16384);
    index_set_stale_check(ix, stale_after, &looks);
    CHECK_INT(index_prepare_growth(ix, q, v), INDEX_ABANDONED);
    index_set_stale_check(ix, NULL, NULL);
    CHECK(ix->grow_order_gen == ix->grow_gen);
}

/* The order the idle pass leaves for the next letter keeps only its top
 * buckets (grow_order_keep). Here the top is full of short titles that
 * hold "lo" and an x far away (as far as any letter goes, each could earn
 * a run "lox": a high bound for any letter, a low score), and the titles
 * that rank first for "lox" are long ones below its floor: the ranking
 * must not stop at the order's end, and gives a fresh search's head. */
static void test_grow_order_floor(void)
{
    catalog *c = one_section();
    char title[400];
    uint32_t n = 40000;
    for (uint32_t i = 0; i < n; i++) {
        if (i % 8 == 0) /* lox, then a long tail: one run */
            snprintf(title, sizeof title, "lox %u %s", i,
                     "bbbb bbbb bbbb bbbb bbbb bbbb bbbb bbbb bbbb bbbb bbbb bbbb bbbb bbbb "
                     "bbbb bbbb bbbb bbbb bbbb bbbb bbbb bbbb bbbb bbbb bbbb bbbb bbbb bbbb");
        else /* lo, then the x far away: a short title */
            snprintf(title, sizeof title, "lo %u bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbx", i);
        add_titled(c, title);
    }
    catalog_finish(c);
    paper_index *ix = index_build(c), *fresh = index_build(c);
    typist tp;
    const query *q = type_into(&tp, ix, "lo");
    CHECK_INT(index_prepare_growth(ix, q, &tp.v[tp.cur]), 0);
    /* the order holds the short titles, the long ones are below it */
    CHECK(ix->grow_order_gen == ix->grow_gen);
    CHECK_INT(ix->grow_order_n, n - n / 8);
    q = typist_key(&tp, ix, 'x');
    CHECK_INT(tp.v[tp.cur].n, n);
    CHECK_INT(differs_from_fresh(&tp.v[tp.cur], fresh, q, -1, 50, tp.text), 0);
    CHECK(strncmp(c->entries[tp.v[tp.cur].ids[0]].title, "lox ", 4) == 0);
    typist_end(&tp);
    index_free(ix);
    index_free(fresh);
    catalog_free(c);
}

/* A match whose term ends past what a stamp holds (RESUME_END_MAX) gets
 * nothing from the idle pass and is outside its order: the next letter's
 * ranking visits it apart, and it takes its place in the head. */
static void test_grow_order_outside(void)
{
    catalog *c = one_section();
    char title[RESUME_END_MAX + 64];
    for (uint32_t i = 0; i < 5000; i++) {
        if (i % 200 == 7)
            snprintf(title, sizeof title, "lox %u", i);
        else if (i == 4000) /* the term past the stamp's reach */
            snprintf(title, sizeof title, "%0*d lox", RESUME_END_MAX + 8, 0);
        else
            snprintf(title, sizeof title, "lo %u", i);
        add_titled(c, title);
    }
    catalog_finish(c);
    paper_index *ix = index_build(c), *fresh = index_build(c);
    typist tp;
    const query *q = type_into(&tp, ix, "lo");
    CHECK_INT(index_prepare_growth(ix, q, &tp.v[tp.cur]), 0);
    CHECK(ix->grow_order_gen == ix->grow_gen);
    CHECK_INT(ix->grow_order_n, 4999);
    uint32_t by_order = ix->ranked_by_grow_order;
    q = typist_key(&tp, ix, 'x');
    CHECK_INT(ix->ranked_by_grow_order, by_order + 1);
    CHECK_INT(tp.v[tp.cur].n, 26);
    CHECK_INT(differs_from_fresh(&tp.v[tp.cur], fresh, q, -1, 50, tp.text), 0);
    typist_end(&tp);
    index_free(ix);
    index_free(fresh);
    catalog_free(c);
}

/* A ranking by the idle pass's order gives up for a key as any ranking
 * does (at its first look, after RANK_STALE_EVERY visits), the view as it
 * was; let run, it gives a fresh score sort's head. */
static void test_grow_order_stops(void)
{
    catalog *c = one_section();
    char title[64];
    for (uint32_t i = 0; i < 5000; i++) {
        snprintf(title, sizeof title, i % 2 ? "lox %u" : "lo %u", i);
        add_titled(c, title);
    }
    catalog_finish(c);
    paper_index *ix = index_build(c), *fresh = index_build(c);
    typist tp;
    const query *q = type_into(&tp, ix, "lo");
    CHECK_INT(index_prepare_growth(ix, q, &tp.v[tp.cur]), 0);
    q = typist_key(&tp, ix, 'x');
    const view *got = &tp.v[tp.cur];
    CHECK_INT(got->n, 2500);
    uint32_t by_order = ix->ranked_by_grow_order, top = 2000; /* every match visited */
    view v;
    view_init(&v);
    view_reserve(&v, got->n);
    memcpy(v.ids, got->ids, got->n * sizeof *v.ids);
    v.n = got->n;
    v.nranked = 0;
    int looks = 0;
    index_set_stale_check(ix, stale_after, &looks);
    CHECK(!index_rank_unless_stale(ix, q, &v, top));
    index_set_stale_check(ix, NULL, NULL);
    CHECK_INT(looks, -1);
    CHECK_INT(v.nranked, 0);
    CHECK(memcmp(v.ids, got->ids, got->n * sizeof *v.ids) == 0);
    CHECK_INT(ix->ranked_by_grow_order, by_order);
    index_rank(ix, q, &v, top); /* (the stopped one left the search stale) */
    CHECK_INT(ix->ranked_by_grow_order, by_order + 1);
    CHECK_INT(differs_from_fresh(&v, fresh, q, -1, top, "lox"), 0);
    view_free(&v);
    typist_end(&tp);
    index_free(ix);
    index_free(fresh);
    catalog_free(c);
}

/* Stopped after the matches near the top, the idle pass leaves an order of
 * them alone, the others bounded as a whole by what a letter can add to
 * their bound for the term (fuzzy_grow_gain_max). Here the short titles
 * near the top hold "lo" and an x after a number, the long ones "lox":
 * below the top for "lo", first for "lox", above any score of the short
 * ones. The ranking must see that the bound of the others reaches its
 * k-th best and rank them too: a fresh search's head. */
static void test_grow_order_near_only(void)
{
    catalog *c = one_section();
    char title[256];
    uint32_t n = 19000; /* under PARALLEL_MIN: one thread, looks counted */
    for (uint32_t i = 0; i < n; i++) {
        if (i % 3 == 0)
            snprintf(
                title, sizeof title, "lox %u %.140s", i,
                "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
                "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
        else
            snprintf(title, sizeof title, "lo %ux", i);
        add_titled(c, title);
    }
    catalog_finish(c);
    paper_index *ix = index_build(c), *fresh = index_build(c);
    typist tp;
    const query *q = type_into(&tp, ix, "lo");
    const view *v = &tp.v[tp.cur];
    CHECK_INT(v->n, n);
    prepare_near_only(ix, q, v);
    uint32_t far = 0;
    for (uint32_t i = 0; i < n; i++)
        far += ix->grow_stamp[v->ids[i]] != ix->grow_gen;
    /* most of the long titles not reached (the first look came after
     * STALE_CHECK_EVERY matches) */
    CHECK(far > (n / 3) / 2 && far <= n / 3 + 1);
    q = typist_key(&tp, ix, 'x');
    CHECK_INT(differs_from_fresh(&tp.v[tp.cur], fresh, q, -1, 50, tp.text), 0);
    CHECK(strncmp(c->entries[tp.v[tp.cur].ids[0]].title, "lox ", 4) == 0);
    typist_end(&tp);
    index_free(ix);
    index_free(fresh);
    catalog_free(c);
}

/* The same stop, where the visit breaks inside the order: near the top
 * for "lor", a few titles score well for "lorx" and the others' bound
 * for any letter is low, so the visit stops at their bucket; the titles
 * not reached score better still. A break in the order says nothing of
 * them: only the order's floor does. */
static void test_grow_order_break_near_only(void)
{
    catalog *c = one_section();
    char title[256];
    uint32_t n = 19000; /* under PARALLEL_MIN: one thread, looks counted */
    for (uint32_t i = 0; i < n; i++) {
        if (i % 3 == 0)
            snprintf(
                title, sizeof title, "lorx %u %.140s", i,
                "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
                "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
        else if (i % 100 == 1)
            snprintf(title, sizeof title, "lo r x %u", i);
        else
            snprintf(title, sizeof title, "lobrbx %u", i);
        add_titled(c, title);
    }
    catalog_finish(c);
    paper_index *ix = index_build(c), *fresh = index_build(c);
    typist tp;
    const query *q = type_into(&tp, ix, "lor");
    const view *v = &tp.v[tp.cur];
    CHECK_INT(v->n, n);
    prepare_near_only(ix, q, v);
    q = typist_key(&tp, ix, 'x');
    CHECK_INT(differs_from_fresh(&tp.v[tp.cur], fresh, q, -1, 50, tp.text), 0);
    CHECK(strncmp(c->entries[tp.v[tp.cur].ids[0]].title, "lorx ", 5) == 0);
    typist_end(&tp);
    index_free(ix);
    index_free(fresh);
    catalog_free(c);
}

/* The idle pass keeps every match's follow letters before what ranks the
 * grown term: a key that stops it in that second pass still finds its
 * whole search decided by them, and the result is a fresh search's. */
static void test_prepare_follows_first(void)
{
    catalog *c = build_big(24000); /* "lin": under PARALLEL_MIN matches, one thread */
    paper_index *ix = index_build(c), *whole = index_build(c), *fresh = index_build(c);
    typist tp, tw;
    typist_start(&tp);
    typist_start(&tw);
    const query *q = NULL, *qw = NULL;
    for (const char *k = "lin"; *k; k++) {
        q = typist_key(&tp, ix, *k);
        qw = typist_key(&tw, whole, *k);
    }
    uint32_t n = tp.v[tp.cur].n;
    CHECK(n > 3 * STALE_CHECK_EVERY && n < PARALLEL_MIN);
    /* the first pass looks once every STALE_CHECK_EVERY matches; the
     * second is stopped at its second look */
    int looks = (int)(n / STALE_CHECK_EVERY) + 1;
    index_set_stale_check(ix, stale_after, &looks);
    CHECK_INT(index_prepare_growth(ix, q, &tp.v[tp.cur]), INDEX_ABANDONED);
    index_set_stale_check(ix, NULL, NULL);
    /* it was the second pass, the bounds', that stopped half way */
    uint32_t bounded = 0;
    for (uint32_t i = 0; i < n; i++)
        bounded += ix->grow_stamp[tp.v[tp.cur].ids[i]] == ix->grow_gen;
    CHECK(bounded > 0 && bounded < n / 2 + n / 4);
    CHECK_INT(index_prepare_growth(whole, qw, &tw.v[tw.cur]), 0);
    q = typist_key(&tp, ix, 'e');
    typist_key(&tw, whole, 'e');
    CHECK(whole->grown.decided > n / 2);
    CHECK_INT(ix->grown.decided, whole->grown.decided);
    CHECK_INT(differs_from_fresh(&tp.v[tp.cur], fresh, q, -1, 50, tp.text), 0);
    typist_end(&tp);
    typist_end(&tw);
    index_free(ix);
    index_free(whole);
    index_free(fresh);
    catalog_free(c);
}

/* The idle pass keeps what ranks the grown term for the matches whose
 * summary bound is near the top first (GROW_HOT_MARGIN): the ranking of
 * the next letter bounds only those from it, so a key that stops the pass
 * after them loses little. Stopped at the first look of the pass over the
 * others, every match near the top is done and some of the others not;
 * the next key's result is still a fresh search's. */
static void test_prepare_near_top_first(void)
{
    catalog *c = build_big(24000);
    paper_index *ix = index_build(c), *fresh = index_build(c);
    typist tp;
    typist_start(&tp);
    const query *q = NULL;
    for (const char *k = "lin"; *k; k++)
        q = typist_key(&tp, ix, *k);
    const view *v = &tp.v[tp.cur];
    uint32_t n = v->n;
    CHECK(n > 3 * STALE_CHECK_EVERY && n < PARALLEL_MIN);
    query_bound_plan plan;
    CHECK(query_bound_plan_init(q, &plan));
    double *bound = malloc(n * sizeof *bound), top = -INFINITY;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t id = v->ids[i];
        bound[i] = query_bound_plan_eval(&plan, ix->title_bonus[id], PAIRS_OF(ix->title_mask[id]),
                                         ix->title_cps[id]);
        if (bound[i] < FUZZY_SCORE_MAX && bound[i] > top)
            top = bound[i];
    }
    /* the follow letters' pass and the near matches' each look every
     * STALE_CHECK_EVERY matches; the next look is the others' first */
    int looks = 2 * (int)(n / STALE_CHECK_EVERY);
    index_set_stale_check(ix, stale_after, &looks);
    CHECK_INT(index_prepare_growth(ix, q, v), INDEX_ABANDONED);
    index_set_stale_check(ix, NULL, NULL);
    uint32_t near = 0, near_done = 0, far_done = 0;
    for (uint32_t i = 0; i < n; i++) {
        bool done = ix->grow_stamp[v->ids[i]] == ix->grow_gen;
        if (bound[i] >= top - GROW_HOT_MARGIN) {
            near++;
            near_done += done;
        } else {
            far_done += done;
        }
    }
    CHECK(near > 0 && near < n - n / 4); /* the order means something */
    CHECK_INT(near_done, near);
    CHECK(far_done < (n - near) / 2);
    q = typist_key(&tp, ix, 'e');
    CHECK(ix->grow_bounded > 0);
    CHECK_INT(differs_from_fresh(&tp.v[tp.cur], fresh, q, -1, 50, tp.text), 0);
    free(bound);
    typist_end(&tp);
    index_free(ix);
    index_free(fresh);
    catalog_free(c);
}

/* Backspacing over a long word finds every shorter text's result kept
 * (RECENT_SLOTS), the same as a fresh search's, and typing on from one
 * of them goes on from its kept match ends. */
static void test_backspace_keeps_long_word(void)
{
    catalog *c = build_big(40000);
    paper_index *ix = index_build(c), *fresh = index_build(c);
    static const char word[] = "quantization";
    typist tp;
    typist_start(&tp);
    for (const char *k = word; *k; k++)
        typist_key(&tp, ix, *k);
    uint32_t reused = ix->recent_reused;
    int bad = 0;
    for (size_t i = 2; i < sizeof word - 1; i++) { /* back to "qu" */
        const query *q = typist_key(&tp, ix, '\b');
        bad += differs_from_fresh(&tp.v[tp.cur], fresh, q, -1, 50, tp.text);
    }
    CHECK_INT(ix->recent_reused - reused, sizeof word - 3); /* every backspace */
    /* at "qu": its kept match ends are the ones to go on from (a first
     * letter has none: its search reads no title) ... */
    CHECK(ix->resume_text && strcmp(ix->resume_text, "qu") == 0);
    uint32_t readable = 0;
    for (uint32_t i = 0; i < tp.v[tp.cur].n; i++)
        readable += ix->resume[tp.v[tp.cur].ids[i]] >> 12 == ix->resume_read;
    CHECK(tp.v[tp.cur].n > 0);
    CHECK_INT(readable, tp.v[tp.cur].n);
    /* ... and a text not kept goes on from them */
    uint32_t narrowed = (uint32_t)tp.narrowed;
    for (const char *k = "iz"; *k; k++) {
        const query *q = typist_key(&tp, ix, *k);
        bad += differs_from_fresh(&tp.v[tp.cur], fresh, q, -1, 50, tp.text);
    }
    CHECK_INT((uint32_t)tp.narrowed - narrowed, 2);
    CHECK_INT(bad, 0);
    typist_end(&tp);
    index_free(ix);
    index_free(fresh);
    catalog_free(c);
}

/* Keys typed while the search runs stop it half way (as the browser's
 * typing does on a big list): the prompt has the letter, the result is
 * still the last whole search's, and the next key narrows from that one.
 * The stopped search overwrote some match ends; the others must still go
 * on from where the whole search left them, and every result that
 * completes must be a fresh filter's and score sort's. */
static void test_stopped_search_keeps_ends(void)
{
    catalog *c = build_big(40000);
    paper_index *ix = index_build(c), *fresh = index_build(c);
    static const char *const typed[] = {
        "low-rank adaptation", "linear attention", "efficient sparx\bse", "quantization aware",
        "nystrom tra",         "lora2 fast",       "modl\bel 3",          "transformer compression",
    };
    int bad = 0, stopped = 0, kept = 0, completed = 0;
    for (size_t t = 0; t < sizeof typed / sizeof typed[0]; t++) {
        typist tp;
        typist_start(&tp);
        for (const char *k = typed[t]; *k; k++) {
            /* two of three keys come while the search is a look or two in */
            int looks = (k - typed[t]) % 3 == 2 ? 1 << 30 : 1 + (int)(t & 1);
            const query *q = NULL;
            index_set_stale_check(ix, stale_after, &looks);
            int rc = typist_search(&tp, ix, *k, &q);
            index_set_stale_check(ix, NULL, NULL);
            if (rc == INDEX_ABANDONED) {
                stopped++;
                /* what the next key goes on from: the whole search's ends */
                kept += tp.prev && ix->resume_text
                     && strcmp(ix->resume_text, query_text(tp.prev)) == 0
                     && ix->resume_read != ix->resume_gen;
                continue;
            }
            if (rc == TYPIST_BAD_TEXT)
                continue;
            CHECK_INT(rc, 0);
            completed++;
            bad += differs_from_fresh(&tp.v[tp.cur], fresh, q, -1, 50, tp.text);
        }
        typist_end(&tp);
    }
    CHECK(stopped > 30);
    CHECK(kept > 15); /* stopped while going on from a whole search's ends */
    CHECK(completed > 40);
    CHECK_INT(bad, 0);
    index_free(ix);
    index_free(fresh);
    catalog_free(c);
}

/* Short needles on a big list are ranked shortest title first
 * (rank_by_length, once index_warm kept the order): the head must be a
 * fresh score sort's, ties in document order, in the whole list and in a
 * section, and every match must stay in the view. */
/* A word of 1 to 8 random letters at out (x the xorshift state), a
 * capital now and then when capitals; returns its length. */
static size_t random_word(char *out, uint64_t *x, bool capitals)
{
    *x ^= *x << 13, *x ^= *x >> 7, *x ^= *x << 17;
    size_t n = 1 + *x % 8;
    for (size_t l = 0; l < n; l++) {
        *x ^= *x << 13, *x ^= *x >> 7, *x ^= *x << 17;
        out[l] = capitals ? (char)((*x % 7 == 0 ? 'A' : 'a') + (int)(*x / 7 % 26))
                          : (char)('a' + (int)(*x % 26));
    }
    return n;
}

/* n titles of random letters in words of 1 to 8, 1 to 20 words: scores
 * that vary by a gap's worth from title to title, unlike build_big's. */
static catalog *build_random(uint32_t n)
{
    catalog *c = catalog_new();
    catalog_open_section(c, "Random", 0);
    uint64_t x = 2463534242u;
    char title[256];
    for (uint32_t i = 0; i < n; i++) {
        size_t len = 0;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int nw = 1 + (int)(x % 20);
        for (int w = 0; w < nw && len + 10 < sizeof title; w++) {
            if (w)
                title[len++] = ' ';
            len += random_word(title + len, &x, true);
        }
        title[len] = '\0';
        entry *e = catalog_add_entry(c);
        e->title = arena_strdup(catalog_arena(c), title);
    }
    catalog_finish(c);
    return c;
}

/* Random words as build_random's, with one of a few long words planted
 * among them in every title: each long word is in a third of the list,
 * in titles of every length. */
static catalog *build_planted(uint32_t n)
{
    static const char *const planted[] = {"attention", "Transformer", "quantization"};
    catalog *c = catalog_new();
    catalog_open_section(c, "Planted", 0);
    uint64_t x = 88172645463325252u;
    char title[256];
    for (uint32_t i = 0; i < n; i++) {
        size_t len = 0;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int nw = 2 + (int)(x % 12), at = (int)(x / 12 % (uint64_t)nw);
        for (int w = 0; w < nw; w++) {
            if (w)
                title[len++] = ' ';
            if (w == at) {
                len += (size_t)snprintf(title + len, sizeof title - len, "%s", planted[i % 3]);
                continue;
            }
            len += random_word(title + len, &x, false);
        }
        title[len] = '\0';
        entry *e = catalog_add_entry(c);
        e->title = arena_strdup(catalog_arena(c), title);
    }
    catalog_finish(c);
    return c;
}

/* The ranking of texts over c by a warm index and a fresh score sort:
 * how many (scope, top) differ. */
static int rank_warm_differs(catalog *c, const char *const *texts, size_t ntexts,
                             uint32_t *by_length)
{
    paper_index *ix = index_build(c), *fresh = index_build(c);
    index_warm(ix);
    int bad = 0;
    for (size_t t = 0; t < ntexts; t++) {
        query_error err;
        query *q = query_compile(texts[t], &err);
        for (int32_t scope = -1; scope < 1; scope++) {
            for (uint32_t top = 1; top <= 64; top *= 8) {
                view v;
                view_init(&v);
                CHECK_INT(index_search(ix, q, scope, NULL, top, &v, &err), 0);
                bad += differs_from_fresh(&v, fresh, q, scope, top, texts[t]);
                view_free(&v);
            }
        }
        query_free(q);
    }
    *by_length = ix->ranked_by_length;
    index_free(ix);
    index_free(fresh);
    return bad;
}

static void test_rank_by_length_like_fresh(void)
{
    static const char *const words[] = {"a", "l", "e", "at", "lo", "Ra", "q", "2", "zq", "lora"};
    static const char *const letters[] = {"a", "q", "x", "qu", "zx", "e", "ab", "Q", "ta"};
    /* words longer than eight letters, up to SHORT_NEEDLE, whole and
     * scattered */
    static const char *const long_words[] = {"attention", "transformer", "quantization",
                                             "atntion",   "trnsfrmer",   "quantizationx"};
    uint32_t by_words, by_letters, by_long;
    catalog *c = build_big(120000);
    CHECK_INT(rank_warm_differs(c, words, sizeof words / sizeof words[0], &by_words), 0);
    catalog_free(c);
    c = build_planted(180000);
    CHECK_INT(rank_warm_differs(c, long_words, sizeof long_words / sizeof long_words[0], &by_long),
              0);
    catalog_free(c);
    CHECK(by_long >= 6); /* (none when SHORT_NEEDLE was 8) */
    c = build_random(120000);
    CHECK_INT(rank_warm_differs(c, letters, sizeof letters / sizeof letters[0], &by_letters), 0);
    catalog_free(c);
    CHECK(by_words >= 12); /* the single letters and some pairs */
    CHECK(by_letters >= 12);
}

/* Backspaces reuse the results the index kept from the last searches
 * (and typing on after them goes on from their match ends): every
 * keystroke, and searches of the same texts with another top or scope,
 * give what a fresh index gives. Setting marks forgets kept results. */
static void test_backspace_reuses_exactly(void)
{
    catalog *c = build_big(30000);
    paper_index *ix = index_build(c), *fresh = index_build(c);
    static const char *const typed[] = {
        "lox\bra ad\b\baxx\b\bdapt",  "linear attx\b\b\b\bttention x\b\bs",
        "eff trasn\b\b\b\bansformer", "/sp.rse/ ax\b\bat",
        "lo\b\blox\b\b\bli",
    };
    int bad = 0, keystrokes = 0, narrowed = 0;
    view v, other;
    view_init(&v);
    view_init(&other);
    for (int round = 0; round < 3; round++) {
        for (size_t t = 0; t < sizeof typed / sizeof typed[0]; t++) {
            typist tp;
            typist_start(&tp);
            const char *text = tp.text;
            for (const char *k = typed[t]; *k; k++) {
                const query *q = typist_key(&tp, ix, *k);
                if (!q)
                    continue;
                keystrokes++;
                bad += differs_from_fresh(&tp.v[tp.cur], fresh, q, -1, 50, text);
                /* The same text with another top, or in a section. */
                if (keystrokes % 4 == 0) {
                    int32_t scope = keystrokes % 8 ? -1 : 1;
                    query_error err;
                    CHECK_INT(index_search(ix, q, scope, NULL, 7, &other, &err), 0);
                    bad += differs_from_fresh(&other, fresh, q, scope, 7, text);
                }
            }
            narrowed += tp.narrowed;
            typist_end(&tp);
        }
        if (round == 1)
            index_forget_searches(ix);
    }
    CHECK(keystrokes > 150);
    CHECK(narrowed > 60);
    CHECK_INT(bad, 0);
    /* Marks: a kept result of an is: query is not reused once they change. */
    query_error err;
    query *q = query_compile("is:starred li", &err);
    CHECK_INT(index_search(ix, q, -1, NULL, 50, &v, &err), 0);
    CHECK_INT(v.n, 0);
    for (uint32_t id = 0; id < c->nentries; id += 97) {
        index_set_marks(ix, id, MARK_STARRED);
        index_set_marks(fresh, id, MARK_STARRED);
    }
    CHECK_INT(index_search(ix, q, -1, NULL, 50, &v, &err), 0);
    CHECK(v.n > 0);
    CHECK_INT(differs_from_fresh(&v, fresh, q, -1, 50, "is:starred li"), 0);
    index_load_marks(ix, NULL);
    CHECK_INT(index_search(ix, q, -1, NULL, 50, &v, &err), 0);
    CHECK_INT(v.n, 0);
    query_free(q);
    view_free(&v);
    view_free(&other);
    index_free(ix);
    index_free(fresh);
    catalog_free(c);
}

/* A regex that backtracks on every title without reaching PCRE2's
 * per-title limits: the search gives up (with a message naming the regex)
 * instead of taking seconds. */
static void test_slow_regex_gives_up(void)
{
    if (under_valgrind()) /* a test of wall-clock time: meaningless there */
        return;
    catalog *c = catalog_new();
    catalog_open_section(c, "S", 0);
    char title[48];
    title[0] = 'b';
    memset(title + 1, 'a', 40);
    title[41] = '\0';
    for (int i = 0; i < 20000; i++)
        catalog_add_entry(c)->title = arena_strdup(catalog_arena(c), title);
    catalog_finish(c);
    paper_index *ix = index_build(c);
    query_error err;
    memset(&err, 0, sizeof err);
    query *q = query_compile("/(.*a){4}b/", &err);
    CHECK(q != NULL);
    view v;
    view_init(&v);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK_INT(index_filter(ix, q, -1, &v, &err), -1);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
    CHECK(strstr(err.msg, "slower than") != NULL);
    CHECK(strstr(err.msg, "(.*a){4}b") != NULL);
    CHECK_INT((int)err.pos, 0);
    CHECK(ms < 3000); /* about 90 ms on an idle machine */
    /* A fast regex on the same list is not cut short. */
    query *fast = query_compile("/^ba+$/", &err);
    CHECK_INT(index_filter(ix, fast, -1, &v, &err), 0);
    CHECK_INT(v.n, 20000);
    query_free(fast);
    query_free(q);
    view_free(&v);
    index_free(ix);
    catalog_free(c);
}

/* index_rank on one section's share of the whole list's matches (what the
 * browser ranks for its table) gives the head of a full score sort of that
 * section's filter; the rest keeps the order it came in, unscored. Input
 * out of document order ranks the same. */
static void test_rank_section_share(void)
{
    catalog *c = build_big(40000);
    paper_index *ix = index_build(c);
    static const char *const queries[] = {"lin", "lin att",      "LoRA ada", "e",
                                          "zzz", "venue:x | lo", "/sparse/", "!lin"};
    static const uint32_t tops[] = {0, 1, 50, 100000};
    view all, share, full;
    view_init(&all);
    view_init(&share);
    view_init(&full);
    int head_diff = 0, rest_diff = 0, count_diff = 0;
    unsigned char *in_head = malloc(c->nentries);
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        query_error err;
        query *q = query_compile(queries[i], &err);
        CHECK(q != NULL);
        if (!q)
            continue;
        CHECK_INT(index_search(ix, q, -1, NULL, 0, &all, &err), 0);
        for (int32_t sec = -1; sec < (int32_t)c->nsections; sec++) {
            CHECK_INT(index_filter(ix, q, sec, &full, &err), 0);
            if (query_is_ranked(q))
                index_sort(ix, &full, SORT_SCORE, true);
            uint32_t begin = sec < 0 ? 0 : c->sections[sec].entry_begin;
            uint32_t end = sec < 0 ? c->nentries : c->sections[sec].entry_end;
            for (size_t t = 0; t < sizeof tops / sizeof tops[0]; t++) {
                for (int reversed = 0; reversed < 2; reversed++) {
                    share.n = 0;
                    for (uint32_t k = 0; k < all.n; k++) {
                        uint32_t id = all.ids[reversed ? all.n - 1 - k : k];
                        if (id < begin || id >= end)
                            continue;
                        if (share.n == share.cap) {
                            share.cap = share.cap ? 2 * share.cap : 64;
                            share.ids = realloc(share.ids, share.cap * sizeof *share.ids);
                            share.scores = realloc(share.scores, share.cap * sizeof *share.scores);
                        }
                        share.ids[share.n] = id;
                        share.scores[share.n++] = 0;
                    }
                    uint32_t *before = malloc((share.n + 1) * sizeof *before);
                    memcpy(before, share.ids, share.n * sizeof *before);
                    index_rank(ix, q, &share, tops[t]);
                    count_diff += share.n != full.n;
                    uint32_t head = !query_is_ranked(q) ? share.n
                                  : tops[t] < share.n   ? tops[t]
                                                        : share.n;
                    count_diff += share.nranked != head;
                    for (uint32_t k = 0; k < head && k < full.n && query_is_ranked(q); k++)
                        head_diff += share.ids[k] != full.ids[k]
                                  || share.scores[k] != full.scores[k];
                    /* the rest: the input minus the head, in input order */
                    memset(in_head, 0, c->nentries);
                    for (uint32_t h = 0; h < head; h++)
                        in_head[share.ids[h]] = 1;
                    uint32_t r = head;
                    for (uint32_t k = 0; k < share.n; k++)
                        if (!in_head[before[k]])
                            rest_diff += r >= share.n || share.ids[r++] != before[k];
                    if (!query_is_ranked(q)) /* left as it was */
                        rest_diff += memcmp(before, share.ids, share.n * sizeof *before) != 0;
                    free(before);
                }
            }
        }
        query_free(q);
    }
    CHECK_INT(count_diff, 0);
    CHECK_INT(head_diff, 0);
    CHECK_INT(rest_diff, 0);
    free(in_head);
    /* NULL query: nothing to rank */
    share.n = 0;
    index_rank(ix, NULL, &share, 10);
    CHECK_INT(share.nranked, 0);
    view_free(&all);
    view_free(&share);
    view_free(&full);
    index_free(ix);
    catalog_free(c);
}

/* 20000 entries in four sections with a venue from a few (or none), a
 * year, a kind, and an org of their own (too many values to group). */
static catalog *build_venues(uint32_t n)
{
    static const char *const venues[] = {"ICLR 2021", "ICLR 2022", "NeurIPS 2020", "ACL 2019",
                                         "ICML 2023", "Nature",    "arXiv",        NULL};
    static const char *const words[] = {"linear", "attention", "sparse", "LoRA", "model", "fast"};
    catalog *c = catalog_new();
    uint64_t x = 0x9E3779B97F4A7C15u;
    char buf[128];
    for (uint32_t i = 0; i < n; i++) {
        if (i % (n / 4) == 0) {
            if (i)
                catalog_close_section(c);
            catalog_open_section(c, i ? "More" : "First", 0);
        }
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        entry *e = catalog_add_entry(c);
        snprintf(buf, sizeof buf, "%s %s", words[x % 6], words[(x >> 8) % 6]);
        e->title = arena_strdup(catalog_arena(c), buf);
        const char *v = venues[(x >> 16) % 8];
        if (v)
            e->venue = catalog_intern(c, v, strlen(v));
        snprintf(buf, sizeof buf, "org %u", i);
        e->org = catalog_intern(c, buf, strlen(buf));
        e->year = (int16_t)(2018 + (x >> 24) % 6);
        e->kind = (x >> 32) % 5 == 0 ? KIND_BLOG : KIND_PAPER;
    }
    catalog_finish(c);
    return c;
}

/* Groups on a field many entries share (venue:, year:, kind:, cat:) are
 * tested once a value (index_values.c): every query must match exactly
 * the entries query_match says, whole or narrowed from a previous one,
 * and the index must have decided them by value where it can. */
static void test_value_fields_like_entries(void)
{
    catalog *c = build_venues(20000);
    paper_index *ix = index_build(c);
    index_warm(ix); /* the value classes */
    static const char *const texts[] = {
        "venue:iclr",
        "!venue:iclr",
        "venue:/^N/",
        "venue:icl | venue:acl",
        "venue:iclr year:>=2021",
        "venue:iclr lin",
        "year:2020..2021 kind:blog",
        "cat:more",
        "venue:icl | org:17",
        "org:17",
        "venue:2021 !year:2021",
        "kind:/blo/ venue:nature sparse",
        "venue:i",
        "venue:ic",
        "venue:ic lo",
    };
    int mismatches = 0, by_value = 0;
    view v, prev;
    view_init(&v);
    view_init(&prev);
    query *last = NULL;
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        query_error err;
        query *q = query_compile(texts[t], &err);
        CHECK(q != NULL);
        if (!q)
            continue;
        /* narrowed from the previous text when it may be, else whole */
        bool narrows = last && query_narrows(last, q);
        CHECK_INT(index_search_from(ix, q, narrows ? last : NULL, -1, narrows ? &prev : NULL, 0, &v,
                                    &err),
                  0);
        by_value += ix->value_decided > 0;
        uint32_t k = 0;
        bool same = true;
        for (uint32_t id = 0; id < c->nentries; id++) {
            if (query_match(q, c, &c->entries[id], NULL, &err) != QUERY_MATCH)
                continue;
            same &= k < v.n && v.ids[k] == id;
            k++;
        }
        if (!same || k != v.n) {
            mismatches++;
            fprintf(stderr, "\"%s\": %u matches, entry by entry %u\n", texts[t], v.n, k);
        }
        view t2 = prev;
        prev = v;
        v = t2;
        query_free(last);
        last = q;
    }
    CHECK_INT(mismatches, 0);
    CHECK(by_value >= 10);
    CHECK(ix->values[QUERY_VALUE_VENUE].of != NULL);
    CHECK(ix->values[QUERY_VALUE_ORG].of == NULL); /* one org an entry: not grouped */
    query_free(last);
    view_free(&v);
    view_free(&prev);
    index_free(ix);
    catalog_free(c);
}

/* Titles for the exact-word and regex fast paths: words of mixed case,
 * some with letters outside ASCII (é folds to e, K, the Kelvin sign, and
 * ſ match k and s caselessly in a regex) at the start, in the middle and
 * at the end, of lengths around the 8-byte steps. */
static catalog *build_tricky(uint32_t n)
{
    static const char *const words[] = {
        "Sparse", "sparse",      "SPARSE", "spärse",      "Éfficient", "efficient", "zq",
        "ZQ",     "\u212Aernel", "kernel", "\u017Fparse", "lora",      "LoRA",      "a",
        "x1",     "“quoted”",    "2021",   "é",           "S",         "spar",
    };
    enum { NWORDS = sizeof words / sizeof words[0] };
    catalog *c = catalog_new();
    catalog_open_section(c, "Tricky", 0);
    uint64_t x = 0x2545F4914F6CDD1Du;
    char title[256];
    for (uint32_t i = 0; i < n; i++) {
        size_t len = 0;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int nw = 1 + (int)(x % 6);
        for (int w = 0; w < nw; w++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            len += (size_t)snprintf(title + len, sizeof title - len, w ? " %s" : "%s",
                                    words[x % NWORDS]);
        }
        entry *e = catalog_add_entry(c);
        e->title = arena_strdup(catalog_arena(c), title);
    }
    catalog_finish(c);
    return c;
}

/* Whether the folded needle occurs in title, the slow way: every code
 * point decoded and folded (query.h: accents ignored, case too when
 * caseless). */
static bool folded_has(const char *title, const char *needle, bool caseless)
{
    uint32_t t[256], nd[64];
    size_t nt = 0, nn = 0;
    for (size_t i = 0, len = strlen(title); i < len && nt < 256;) {
        i += utf8_decode(title + i, len - i, &t[nt]);
        t[nt] = caseless ? utf8_fold(t[nt]) : utf8_strip_accent(t[nt]);
        nt++;
    }
    for (size_t i = 0, len = strlen(needle); i < len && nn < 64;) {
        i += utf8_decode(needle + i, len - i, &nd[nn]);
        nd[nn] = caseless ? utf8_fold(nd[nn]) : utf8_strip_accent(nd[nn]);
        nn++;
    }
    for (size_t i = 0; i + nn <= nt; i++)
        if (memcmp(t + i, nd, nn * sizeof *nd) == 0)
            return true;
    return false;
}

/* The search's shortcuts for exact words ('word: a byte search on ASCII
 * titles) and regexes (a letter every match holds, the letters a title may
 * start with when anchored) give what the slow ways give: a code point at
 * a time for words, PCRE2 on every title for regexes (query_match, which
 * takes no shortcut). */
static void test_word_and_regex_shortcuts(void)
{
    catalog *c = build_tricky(6000);
    paper_index *ix = index_build(c);
    static const struct {
        const char *text, *needle; /* needle: an exact word's, else a regex */
        bool caseless;
    } cases[] = {
        {"'sparse", "sparse", true},
        {"'Sparse", "Sparse", false},
        {"'spar", "spar", true},
        {"'efficient", "efficient", true},
        {"'\"zq zq\"", "zq zq", true},
        {"'kernel", "kernel", true},
        {"'a", "a", true},
        {"'\"x1 2021\"", "x1 2021", true},
        {"'é", "é", true},
        {"'s", "s", true},
        {"'\"parse lora\"", "parse lora", true},
        {"/^sparse/", NULL, false},
        {"/^Sparse/", NULL, false},
        {"/^k/", NULL, false},
        {"/^s/", NULL, false},
        {"/^(sp|zq)/", NULL, false},
        {"/^\\d/", NULL, false},
        {"/^[^a-z]/", NULL, false},
        {"/zq$/", NULL, false},
        {"/ora/", NULL, false},
        {"/(?m)^lora/", NULL, false},
        {"/^é/", NULL, false},
        {"/^e/", NULL, false},
        {"/^.parse/", NULL, false},
        {"/kernel/", NULL, false},
        {"/^x1 /", NULL, false},
    };
    int mismatches = 0;
    uint32_t total = 0;
    view v;
    view_init(&v);
    for (size_t t = 0; t < sizeof cases / sizeof cases[0]; t++) {
        query_error err;
        query *q = query_compile(cases[t].text, &err);
        CHECK(q != NULL);
        if (!q)
            continue;
        CHECK_INT(index_filter(ix, q, -1, &v, &err), 0);
        uint32_t k = 0;
        bool same = true;
        for (uint32_t id = 0; id < c->nentries; id++) {
            const char *title = c->entries[id].title;
            bool want = cases[t].needle
                          ? folded_has(title, cases[t].needle, cases[t].caseless)
                          : query_match(q, c, &c->entries[id], NULL, &err) == QUERY_MATCH;
            if (!want)
                continue;
            same &= k < v.n && v.ids[k] == id;
            k++;
        }
        if (!same || k != v.n) {
            mismatches++;
            fprintf(stderr, "\"%s\": %u matches, the slow way %u\n", cases[t].text, v.n, k);
        }
        total += k;
        query_free(q);
    }
    CHECK_INT(mismatches, 0);
    CHECK(total > 6000); /* the cases match something */
    view_free(&v);
    index_free(ix);
    catalog_free(c);
}

int main(void)
{
    RUN(test_search_matches_full_sort);
    RUN(test_rank_section_share);
    RUN(test_typing_narrows_like_fresh);
    RUN(test_typing_resumes_like_fresh);
    RUN(test_typing_grows_like_fresh);
    RUN(test_settled_words_like_fresh);
    RUN(test_settled_words_replaced);
    RUN(test_grow_order_floor);
    RUN(test_grow_order_carried);
    RUN(test_grow_order_outside);
    RUN(test_grow_order_stops);
    RUN(test_grow_order_near_only);
    RUN(test_grow_order_break_near_only);
    RUN(test_prepare_follows_first);
    RUN(test_prepare_near_top_first);
    RUN(test_backspace_keeps_long_word);
    RUN(test_rank_kept);
    RUN(test_stopped_search_keeps_ends);
    RUN(test_rank_by_length_like_fresh);
    RUN(test_backspace_reuses_exactly);
    RUN(test_slow_regex_gives_up);
    RUN(test_filter_and_scope);
    RUN(test_sorts);
    RUN(test_counts);
    RUN(test_marks);
    RUN(test_count_new);
    RUN(test_value_fields_like_entries);
    RUN(test_word_and_regex_shortcuts);
    return check_summary();
}
