/* libFuzzer target: the query grammar and the filter. The input is one or
 * two queries ("prev\nnext"); both are compiled and run over a small catalog
 * (accents, CJK, a long title, control characters). Besides "no crash, no
 * leak" it checks the contracts the index relies on:
 *   - query_match and query_match_with (the title's length given) agree;
 *   - a score is never above query_score_bound / query_score_bound_title;
 *   - when query_narrows(prev, next), every match of next matches prev;
 *   - a clone matches exactly what the original matches;
 *   - index_search finds the same entries as index_filter. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paperdeck/catalog.h"
#include "paperdeck/fuzzy.h"
#include "paperdeck/index.h"
#include "paperdeck/query.h"
#include "paperdeck/utf8.h"
#include "../../src/search/accel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_QUERY 4096

static const char *const titles[] = {
    "Transformers are RNNs: Fast Autoregressive Transformers with Linear Attention",
    "Nyströmformer: A Nyström-Based Algorithm for Approximating Self-Attention",
    "Generating Long Sequences with Sparse Transformers",
    "SparseGPT: Massive Language Models Can Be Accurately Pruned in One-Shot",
    "大模型推理加速：注意力机制的线性化",
    "Café au lait: a Résumé of attention/KV Tricks",
    "llama.cpp",
    "a\x1b[31mred\x07 title\xc2\x9b with controls",
    "",
};

static catalog *cat;
static paper_index *ix;

static void die(const char *what, const char *q)
{
    fprintf(stderr, "contract broken: %s (query [%s])\n", what, q);
    abort();
}

static void build_catalog(void)
{
    cat = catalog_new();
    catalog_set_title(cat, "Fuzz", NULL);
    catalog_open_section(cat, "Papers", 1);
    catalog_open_section(cat, "Attention", 2);
    size_t n = sizeof titles / sizeof titles[0];
    for (size_t i = 0; i <= n; i++) {
        entry *e = catalog_add_entry(cat);
        arena *a = catalog_arena(cat);
        if (i < n) {
            e->title = arena_strdup(a, titles[i]);
        } else { /* a title longer than FUZZY_MAX_TEXT */
            char *t = arena_alloc(a, 3001);
            for (size_t j = 0; j < 3000; j++)
                t[j] = "abcdefghij klmnop"[j % 17];
            t[3000] = '\0';
            e->title = t;
        }
        e->venue = i % 2 ? catalog_intern(cat, "ICML 2023", 9) : NULL;
        e->year = (int16_t)(i % 3 ? 2019 + (int)i : 0);
        e->arxiv = i % 3 == 1 ? catalog_intern(cat, "2106.09685", 10) : NULL;
        e->org = i % 4 == 0 ? catalog_intern(cat, "Meta AI", 7) : NULL;
        e->kind = (uint8_t)(i % KIND_COUNT);
        if (i == 3) {
            catalog_close_section(cat);
            catalog_open_section(cat, "Blogs", 3);
        }
    }
    catalog_close_section(cat);
    catalog_close_section(cat);
    catalog_finish(cat);
    ix = index_build(cat);
}

/* Runs q over every entry; bit i of the result says entry i matched. */
static uint64_t matches_of(const query *q, const char *text)
{
    uint64_t bits = 0;
    for (uint32_t i = 0; i < cat->nentries; i++) {
        const entry *e = &cat->entries[i];
        size_t tlen = strlen(e->title);
        double s1 = 0, s2 = 0;
        query_error err;
        query_result r1 = query_match(q, cat, e, &s1, &err);
        query_match_opts opts = {.tlen = tlen};
        query_result r2 = query_match_with(q, cat, e, &opts, &s2, &err);
        if (r1 != r2 || (r1 == QUERY_MATCH && s1 != s2))
            die("query_match and query_match_with differ", text);
        if (r1 != QUERY_MATCH)
            continue;
        bits |= UINT64_C(1) << i;
        uint32_t cps = (uint32_t)utf8_length(e->title, tlen);
        double tol = 1e-9 * (fabs(s1) + 1);
        if (s1 > query_score_bound(q, cps) + tol)
            die("score above query_score_bound", text);
        if (s1 > query_score_bound_title(q, e->title, tlen, cps) + tol)
            die("score above query_score_bound_title", text);
        uint32_t pos[64];
        size_t np = query_title_positions(q, e->title, pos, 64);
        for (size_t k = 0; k < np; k++)
            if (pos[k] >= cps || (k > 0 && pos[k] <= pos[k - 1]))
                die("title positions out of order or range", text);
    }
    return bits;
}

static uint64_t view_bits(const view *v)
{
    uint64_t bits = 0;
    for (uint32_t i = 0; i < v->n; i++)
        bits |= UINT64_C(1) << v->ids[i];
    return bits;
}

/* Compiles and checks one query; returns it (NULL when it did not compile). */
static query *check_one(const char *text, uint64_t *bits)
{
    query_error err;
    query *q = query_compile(text, &err);
    if (!q) {
        if (err.pos > strlen(text))
            die("error position past the end", text);
        return NULL;
    }
    (void)query_is_empty(q);
    (void)query_is_ranked(q);
    *bits = matches_of(q, text);

    query *clone = query_clone(q);
    if (matches_of(clone, text) != *bits)
        die("clone matches differently", text);
    query_free(clone);

    view all, top;
    view_init(&all);
    view_init(&top);
    int rf = index_filter(ix, q, -1, &all, &err);
    int rs = index_search(ix, q, -1, NULL, 3, &top, &err);
    if (rf == 0 && rs == 0 && view_bits(&all) != view_bits(&top))
        die("index_search and index_filter differ", text);
    if (rf == 0 && view_bits(&all) != *bits)
        die("index_filter differs from query_match", text);
    if (rs == 0)
        index_rank_more(ix, q, &top, top.n);
    index_sort(ix, &all, SORT_SCORE, true);
    view_free(&all);
    view_free(&top);
    return q;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!cat)
        build_catalog();
    if (size > MAX_QUERY)
        return 0;
    char *buf = malloc(size + 1);
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *next = memchr(buf, '\n', size);
    if (next)
        *next++ = '\0';

    uint64_t prev_bits = 0, next_bits = 0;
    query *prev = check_one(buf, &prev_bits);
    if (next) {
        query *nq = check_one(next, &next_bits);
        if (prev && nq && query_narrows(prev, nq) && (next_bits & ~prev_bits))
            die("query_narrows but next matches more than prev", next);
        query_free(nq);
    }
    query_free(prev);
    free(buf);
    return 0;
}
