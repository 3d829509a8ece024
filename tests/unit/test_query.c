/* Unit tests: the query grammar, matching against a small catalog, errors
 * with their positions, the regex limits, and highlight positions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "paperdeck/arena.h"
#include "paperdeck/catalog.h"
#include "check.h"
#include "paperdeck/fuzzy.h"
#include "paperdeck/marks.h"
#include "paperdeck/query.h"
#include "paperdeck/under_valgrind.h"
#include "../../src/search/accel.h"

static catalog *cat;

typedef struct spec {
    int section; /* index into sections[] */
    const char *title, *venue, *arxiv, *org;
    int year;
    entry_kind kind;
    const char *authors[3];
    const char *tags[3];
} spec;

static const char *const sections[] = {"Architecture", "Pruning", "Blogs", "Projects", "Links"};

/* In document order: entry i of the catalog is specs[i]. */
static const spec specs[] = {
    {0,
     "Transformers are RNNs: Fast Autoregressive Transformers with Linear Attention",
     "ICML 2020",
     "2006.16236",
     "Idiap",
     2020,
     KIND_PAPER,
     {"Angelos Katharopoulos", "Apoorv Vyas"},
     {"linear attention"}},
    {0,
     "Nyströmformer: A Nyström-Based Algorithm for Approximating Self-Attention",
     "AAAI 2021",
     "2102.03902",
     "UWM",
     2021,
     KIND_PAPER,
     {"Yunyang Xiong"},
     {"linear attention"}},
    {0,
     "Generating Long Sequences with Sparse Transformers",
     NULL,
     "1904.10509",
     "OpenAI",
     2019,
     KIND_PAPER,
     {"Rewon Child", "Scott Gray"},
     {"sparse attention"}},
    {0,
     "Longformer: The Long-Document Transformer",
     NULL,
     "2004.05150",
     "AllenAI",
     2020,
     KIND_PAPER,
     {"Iz Beltagy"},
     {"sparse attention", "long context"}},
    {0,
     "Linformer: Self-Attention with Linear Complexity",
     NULL,
     "2006.04768",
     "Meta",
     2020,
     KIND_PAPER,
     {"Sinong Wang"},
     {"linear attention"}},
    {0, "Mixture of Linear Experts", NULL, "cs/0112017", NULL, 2001, KIND_PAPER, {NULL}, {NULL}},
    {1,
     "SparseGPT: Massive Language Models Can Be Accurately Pruned in One-Shot",
     "ICML 2023",
     "2301.00774",
     "IST Austria",
     2023,
     KIND_PAPER,
     {"Elias Frantar", "Dan Alistarh"},
     {"pruning"}},
    {2, "The Illustrated Transformer", NULL, NULL, NULL, 0, KIND_BLOG, {"Jay Alammar"}, {NULL}},
    {3, "llama.cpp", NULL, NULL, "ggml", 0, KIND_PROJECT, {NULL}, {"inference", "C++"}},
    {4,
     "Café au lait: a Résumé of attention/KV Tricks",
     NULL,
     NULL,
     NULL,
     0,
     KIND_LINK,
     {"José Núñez"},
     {"misc"}},
};

static const char *str(catalog *c, const char *s)
{
    return s ? catalog_intern(c, s, strlen(s)) : NULL;
}

static const char *const *strs(catalog *c, const char *const *src, uint32_t *n)
{
    *n = 0;
    while (*n < 3 && src[*n])
        (*n)++;
    if (*n == 0)
        return NULL;
    const char **out = arena_alloc(catalog_arena(c), *n * sizeof *out);
    for (uint32_t i = 0; i < *n; i++)
        out[i] = str(c, src[i]);
    return out;
}

/* Sections: Papers/Architecture, Papers/Pruning, Blogs, Projects, Links. */
static catalog *build(void)
{
    catalog *c = catalog_new();
    catalog_set_title(c, "Test", NULL);
    int open = -1;
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        const spec *s = &specs[i];
        if (s->section != open) {
            if (open >= 0)
                catalog_close_section(c);
            if (open == 1) /* leaving Papers */
                catalog_close_section(c);
            if (s->section == 0)
                catalog_open_section(c, "Papers", 1);
            catalog_open_section(c, sections[s->section], 2);
            open = s->section;
        }
        entry *e = catalog_add_entry(c);
        e->title = arena_strdup(catalog_arena(c), s->title);
        e->venue = str(c, s->venue);
        e->arxiv = str(c, s->arxiv);
        e->org = str(c, s->org);
        e->year = (int16_t)s->year;
        e->kind = (uint8_t)s->kind;
        e->authors = strs(c, s->authors, &e->nauthors);
        e->tags = strs(c, s->tags, &e->ntags);
    }
    catalog_finish(c);
    return c;
}

/* The entries text matches, as "0 3 7", or "error POS: MSG". Matches with
 * and without a score must agree. */
static const char *which(const char *text)
{
    static char out[256];
    query_error err;
    query *q = query_compile(text, &err);
    if (!q) {
        snprintf(out, sizeof out, "error %zu: %s", err.pos, err.msg);
        return out;
    }
    size_t used = 0;
    out[0] = '\0';
    for (uint32_t i = 0; i < cat->nentries; i++) {
        double score = -1;
        query_result r = query_match(q, cat, &cat->entries[i], &score, &err);
        query_result unscored = query_match(q, cat, &cat->entries[i], NULL, &err);
        if (r != unscored || (r == QUERY_MATCH && !query_is_ranked(q) && score != 0)) {
            snprintf(out, sizeof out, "inconsistent on entry %u", i);
            break;
        }
        if (r == QUERY_FAILED) {
            snprintf(out, sizeof out, "failed: %s", err.msg);
            break;
        }
        if (r == QUERY_MATCH)
            used += (size_t)snprintf(out + used, sizeof out - used, "%s%u", used ? " " : "", i);
    }
    query_free(q);
    return out;
}

#define CHECK_WHICH(text, expected)                \
    do {                                           \
        const char *got_ = which(text);            \
        if (strcmp(got_, expected) != 0)           \
            fprintf(stderr, "  query %s\n", text); \
        CHECK_STR(got_, expected);                 \
    } while (0)

#define CHECK_ERROR(text, at, message)          \
    do {                                        \
        query_error err_ = {0};                 \
        query *q_ = query_compile(text, &err_); \
        CHECK(q_ == NULL);                      \
        query_free(q_);                         \
        CHECK_INT(err_.pos, at);                \
        CHECK_STR(err_.msg, message);           \
    } while (0)

static void test_empty(void)
{
    CHECK_WHICH("", "0 1 2 3 4 5 6 7 8 9");
    CHECK_WHICH("  \t ", "0 1 2 3 4 5 6 7 8 9");
    query_error err;
    query *q = query_compile("   ", &err);
    CHECK(q != NULL);
    CHECK(query_is_empty(q));
    CHECK(!query_is_ranked(q));
    double score = 5;
    CHECK_INT(query_match(q, cat, &cat->entries[3], &score, &err), QUERY_MATCH);
    CHECK(score == 0);
    query_free(q);
    q = query_compile("x", &err);
    CHECK(!query_is_empty(q));
    query_free(q);
}

static void test_fuzzy(void)
{
    CHECK_WHICH("nystrom", "1"); /* accents folded */
    CHECK_WHICH("NYSTRÖM", "");  /* smart case: capitals must match */
    CHECK_WHICH("Nystrom", "1");
    CHECK_WHICH("nyStrom", "");
    CHECK_WHICH("llama", "8");
    CHECK_WHICH("lin att", "0 1 2 4 6 9");
    CHECK_WHICH("linf", "1 2 4");
    CHECK_WHICH("zzz", "");
    /* Quoting and escapes make one term with a space in it. */
    CHECK_WHICH("of lin", "0 1 2 4 5 9");
    CHECK_WHICH("\"of lin\"", "0 1 4 5");
    CHECK_WHICH("of\\ lin", "0 1 4 5");
    CHECK_WHICH("\\!nystrom", "");
    CHECK_WHICH("\"llama.cpp\"", "8");
    CHECK_WHICH("lla\"ma.c\"pp", "8");
}

static void test_exact(void)
{
    CHECK_WHICH("'attention", "0 1 4 9");
    CHECK_WHICH("'Attention", "0 1 4"); /* smart case */
    CHECK_WHICH("'nystrom", "1");
    CHECK_WHICH("'Nystrom-Based", "1"); /* accents folded with case kept */
    CHECK_WHICH("'nyström-based", "1");
    CHECK_WHICH("'resume", "9");
    CHECK_WHICH("'RÉSUMÉ", "");
    CHECK_WHICH("'Résumé", "9");
    CHECK_WHICH("'\"long seq\"", "2");
    CHECK_WHICH("'long\\ seq", "2");
    CHECK_WHICH("'long\\ doc", "");
    CHECK_WHICH("'long doc", "3");
    CHECK_WHICH("'long-doc", "3");
    CHECK_WHICH("'a'b", ""); /* the second quote is text */
}

static void test_regex(void)
{
    CHECK_WHICH("/line?ar\\s+att/", "0");
    CHECK_WHICH("/linear att/", "0"); /* spaces inside a regex */
    CHECK_WHICH("/attention/", "0 1 4 9");
    CHECK_WHICH("/Attention/", "0 1 4");
    CHECK_WHICH("/\\Sttention/", "0 1 4 9"); /* \S is no capital */
    CHECK_WHICH("/\\bATT/", "");
    CHECK_WHICH("/\\batt/", "0 1 4 9");
    CHECK_WHICH("/\\p{L}ttention/", "0 1 4 9");
    CHECK_WHICH("/\\x{4C}inear att/", "0"); /* hex digits are no capitals */
    CHECK_WHICH("/(?<Name>ttention)/", "0 1 4 9");
    CHECK_WHICH("/(*UCP)ttention/", "0 1 4 9");
    CHECK_WHICH("/\\QATT\\E/", ""); /* quoted text is text */
    CHECK_WHICH("/attention\\/kv/", "9");
    CHECK_WHICH("/ström/", "1");
    CHECK_WHICH("/^l/", "3 4 8");
    CHECK_WHICH("/^\\w+ström/", "1"); /* UTF: one \w per code point */
    CHECK_WHICH("/^Ny.ström/", "");
    CHECK_WHICH("/\\bmixture of\\b/ /experts$/", "5");
}

static void test_fields(void)
{
    CHECK_STR(cat->sections[cat->entries[6].section].path, "Papers/Pruning");
    CHECK_WHICH("venue:icml", "0 6");
    CHECK_WHICH("Venue:ICML", "0 6");
    CHECK_WHICH("venue:aaai", "1");
    CHECK_WHICH("venue:/^ICML/", "0 6");
    CHECK_WHICH("venue:/^icml/", "0 6");
    CHECK_WHICH("venue:/^Icml/", "");
    CHECK_WHICH("org:openai", "2");
    CHECK_WHICH("org:\"ist austria\"", "6");
    CHECK_WHICH("org:ist\\ austria", "6");
    CHECK_WHICH("org:austria", "6");
    CHECK_WHICH("tag:linear", "0 1 4");
    CHECK_WHICH("tag:sparse", "2 3");
    CHECK_WHICH("tag:\"long context\"", "3");
    CHECK_WHICH("tag:c++", "8");
    CHECK_WHICH("tag:/^c\\+\\+$/", "8");
    CHECK_WHICH("tag:/^inference$/", "8");
    CHECK_WHICH("author:alistarh", "6");
    CHECK_WHICH("author:vyas", "0");
    CHECK_WHICH("author:nunez", "9"); /* accents folded in fields */
    CHECK_WHICH("author:/^Jay/", "7");
    CHECK_WHICH("kind:blog", "7");
    CHECK_WHICH("kind:Blog", "7");
    CHECK_WHICH("kind:project", "8");
    CHECK_WHICH("kind:link", "9");
    CHECK_WHICH("kind:paper", "0 1 2 3 4 5 6");
    CHECK_WHICH("kind:/^p/", "0 1 2 3 4 5 6 8");
    CHECK_WHICH("cat:architecture", "0 1 2 3 4 5");
    CHECK_WHICH("cat:papers", "0 1 2 3 4 5 6");
    CHECK_WHICH("cat:papers/pruning", "6");
    CHECK_WHICH("cat:/^Papers\\/Pruning$/", "6");
    CHECK_WHICH("cat:link", "9");
    CHECK_WHICH("arxiv:2006", "0 4");
    CHECK_WHICH("arxiv:2006.1", "0");
    CHECK_WHICH("arxiv:006", ""); /* a prefix, not a substring */
    CHECK_WHICH("arxiv:CS/", "5");
    CHECK_WHICH("arxiv:/^20\\d\\d\\.0/", "3 4");
    CHECK_WHICH("title:former", "0 1 2 3 4 7"); /* Transformer too */
    CHECK_WHICH("title:\"self-attention\"", "1 4");
    CHECK_WHICH("title:/former:/", "1 3 4");
    CHECK_WHICH("venue:icml year:2023", "6");
}

static void test_years(void)
{
    CHECK_WHICH("year:2020", "0 3 4");
    CHECK_WHICH("year:=2020", "0 3 4");
    CHECK_WHICH("year:>=2021", "1 6");
    CHECK_WHICH("year:>2021", "6");
    CHECK_WHICH("year:<=2019", "2 5");
    CHECK_WHICH("year:<2019", "5");
    CHECK_WHICH("year:2019..2020", "0 2 3 4");
    CHECK_WHICH("year:2021..", "1 6");
    CHECK_WHICH("year:..2001", "5");
    CHECK_WHICH("year:2020..2020", "0 3 4");
    CHECK_WHICH("!year:2020", "1 2 5 6 7 8 9"); /* entries without a year too */
    CHECK_WHICH("!year:..9999", "7 8 9");
    CHECK_WHICH("year:/^202/", "0 1 3 4 6");
}

static void test_negation(void)
{
    CHECK_WHICH("!nystrom", "0 2 3 4 5 6 7 8 9");
    CHECK_WHICH("!'attention", "2 3 5 6 7 8");
    CHECK_WHICH("!/attention/", "2 3 5 6 7 8");
    CHECK_WHICH("!kind:paper", "7 8 9");
    CHECK_WHICH("!tag:linear", "2 3 5 6 7 8 9");
    CHECK_WHICH("!venue:icml", "1 2 3 4 5 7 8 9");
    CHECK_WHICH("!arxiv:20", "1 2 5 6 7 8 9");
    CHECK_WHICH("!cat:papers", "7 8 9");
    CHECK_WHICH("!tag:/sparse/", "0 1 4 5 6 7 8 9");
    CHECK_WHICH("!year:/^202/", "2 5 7 8 9");
    CHECK_WHICH("kind:paper !year:2020 !'sparse", "1 5");
}

static void test_or(void)
{
    /* OR binds tighter than AND: (lin OR sparse) AND att. "Mixture of
     * Linear Experts" (5) has l-i-n but no a-t-t, so it must not match. */
    CHECK_WHICH("lin | sparse att", "0 1 2 4 6 9");
    CHECK_WHICH("att lin | sparse", "0 1 2 4 6 9");
    CHECK_WHICH("lin | sparse", "0 1 2 4 5 6 9");
    CHECK_WHICH("'nyström | 'llama", "1 8");
    CHECK_WHICH("kind:blog | kind:project | year:2001", "5 7 8");
    CHECK_WHICH("kind:blog | !kind:paper", "7 8 9");
    CHECK_WHICH("a|b", ""); /* not an operator inside a word */
    CHECK_WHICH("l\\|a", "");
    CHECK_WHICH("\"|\"", "");

    query_error err;
    query *q = query_compile("lin | sparse att", &err);
    CHECK(query_is_ranked(q));
    fuzzy_needle lin, sparse, att;
    CHECK(fuzzy_needle_init(&lin, "lin", 3));
    CHECK(fuzzy_needle_init(&sparse, "sparse", 6));
    CHECK(fuzzy_needle_init(&att, "att", 3));
    const entry *e = &cat->entries[6]; /* SparseGPT: both alternatives hold */
    size_t n = strlen(e->title);
    double a = fuzzy_score_text(&lin, e->title, n, NULL);
    double b = fuzzy_score_text(&sparse, e->title, n, NULL);
    double want = (a > b ? a : b) + fuzzy_score_text(&att, e->title, n, NULL);
    double score = 0;
    CHECK_INT(query_match(q, cat, e, &score, &err), QUERY_MATCH);
    CHECK(score == want);
    query_free(q);

    /* A non-fuzzy alternative that holds scores 0. */
    q = query_compile("'llama | nystrom", &err);
    score = 1;
    CHECK_INT(query_match(q, cat, &cat->entries[8], &score, &err), QUERY_MATCH);
    CHECK(score == 0);
    fuzzy_needle ny;
    CHECK(fuzzy_needle_init(&ny, "nystrom", 7));
    e = &cat->entries[1];
    CHECK_INT(query_match(q, cat, e, &score, &err), QUERY_MATCH);
    CHECK(score == fuzzy_score_text(&ny, e->title, strlen(e->title), NULL));
    query_free(q);
}

static void test_ranked(void)
{
    static const struct {
        const char *text;
        bool ranked;
    } cases[] = {
        {"lin", true},      {"!lin", false},  {"'lin", false},       {"/lin/", false},
        {"venue:x", false}, {"'a | b", true}, {"year:2020 b", true}, {"!a | !b", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        query_error err;
        query *q = query_compile(cases[i].text, &err);
        CHECK(q != NULL);
        CHECK_INT(query_is_ranked(q), cases[i].ranked);
        query_free(q);
    }
    /* Scores are the sum of the fuzzy terms' scores. */
    query_error err;
    query *q = query_compile("lin year:2020 att", &err);
    fuzzy_needle lin, att;
    CHECK(fuzzy_needle_init(&lin, "lin", 3));
    CHECK(fuzzy_needle_init(&att, "att", 3));
    const entry *e = &cat->entries[0];
    size_t n = strlen(e->title);
    double score = 0;
    CHECK_INT(query_match(q, cat, e, &score, &err), QUERY_MATCH);
    CHECK(score
          == fuzzy_score_text(&lin, e->title, n, NULL) + fuzzy_score_text(&att, e->title, n, NULL));
    query_free(q);
}

static void test_errors(void)
{
    CHECK_ERROR("/(/", 2, "regex: missing closing parenthesis");
    CHECK_ERROR("lin /ab(c/", 9, "regex: missing closing parenthesis");
    CHECK_ERROR("tag:/a)/", 6, "regex: unmatched closing parenthesis");
    CHECK_ERROR("/abc", 0, "unclosed regex: expected a closing /");
    CHECK_ERROR("lin /ab\\/c", 4, "unclosed regex: expected a closing /");
    CHECK_ERROR("venue:/x", 6, "unclosed regex: expected a closing /");
    CHECK_ERROR("//", 0, "empty regex: expected /PATTERN/");
    CHECK_ERROR("/abc/x", 5, "expected a space after the closing /");
    CHECK_ERROR("vneue:x", 0,
                "unknown field \"vneue\": expected venue, year, org, tag, kind, cat, arxiv,"
                " author, title, is, abs or subject; did you mean \"venue\"?");
    CHECK_ERROR("lin !autor:x", 5,
                "unknown field \"autor\": expected venue, year, org, tag, kind, cat, arxiv,"
                " author, title, is, abs or subject; did you mean \"author\"?");
    CHECK_ERROR("foo:x", 0,
                "unknown field \"foo\": expected venue, year, org, tag, kind, cat, arxiv,"
                " author, title, is, abs or subject");
    CHECK_ERROR("year:20x1", 5, "bad year \"20x1\": expected YEAR, >=YEAR, <YEAR or FROM..TO");
    CHECK_ERROR("a year:>=", 7, "bad year \">=\": expected YEAR, >=YEAR, <YEAR or FROM..TO");
    CHECK_ERROR("year:..", 5, "bad year \"..\": expected YEAR, >=YEAR, <YEAR or FROM..TO");
    CHECK_ERROR("year:20211", 5, "bad year \"20211\": expected YEAR, >=YEAR, <YEAR or FROM..TO");
    CHECK_ERROR("year:2021..2019", 5, "empty year range \"2021..2019\": FROM is after TO");
    CHECK_ERROR("kind:bogus", 5, "unknown kind \"bogus\": expected paper, blog, project or link");
    CHECK_ERROR("venue:", 6, "empty value for venue: expected venue:TEXT");
    CHECK_ERROR("venue: iclr", 6, "empty value for venue: expected venue:TEXT");
    CHECK_ERROR("year:\"\"", 5, "empty value for year: expected year:YEAR");
    CHECK_ERROR("\"two words", 0, "unclosed quote: expected a closing \"");
    CHECK_ERROR("lin tag:\"x", 8, "unclosed quote: expected a closing \"");
    CHECK_ERROR("'\"ab", 1, "unclosed quote: expected a closing \"");
    CHECK_ERROR("!", 0, "expected a term after !");
    CHECK_ERROR("a ! b", 2, "expected a term after !");
    CHECK_ERROR("'", 0, "expected text after '");
    CHECK_ERROR("\"\"", 0, "empty term: expected text between the quotes");
    CHECK_ERROR("| a", 0, "expected a term before |");
    CHECK_ERROR("a |", 2, "expected a term after |");
    CHECK_ERROR("a | | b", 2, "expected a term after |");
    CHECK_ERROR("/a/ /(/", 6, "regex: missing closing parenthesis"); /* frees the first */

    /* 64 terms are fine, the 65th is one too many. */
    char text[256];
    size_t n = 0;
    for (int i = 0; i < 64; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "%sa", i ? " " : "");
    query_error err;
    query *q = query_compile(text, &err);
    CHECK(q != NULL);
    query_free(q);
    snprintf(text + n, sizeof text - n, " b");
    CHECK_ERROR(text, 128, "too many terms: at most 64");

    char long_term[FUZZY_MAX_NEEDLE + 8];
    memset(long_term, 'a', FUZZY_MAX_NEEDLE);
    long_term[FUZZY_MAX_NEEDLE] = '\0';
    q = query_compile(long_term, &err);
    CHECK(q != NULL);
    query_free(q);
    strcpy(long_term + FUZZY_MAX_NEEDLE, "a");
    CHECK_ERROR(long_term, 0, "term too long: at most 128 characters");

    /* A NULL error buffer is allowed. */
    CHECK(query_compile("/(/", NULL) == NULL);
}

static double elapsed_ms(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

static void test_regex_limit(void)
{
    catalog *c = catalog_new();
    catalog_open_section(c, "S", 0);
    entry *e = catalog_add_entry(c);
    char *title = arena_alloc(catalog_arena(c), 5002);
    memset(title, 'a', 5000);
    title[5000] = '!';
    title[5001] = '\0';
    e->title = title;
    e = catalog_add_entry(c);
    e->title = "short aaa title";
    catalog_finish(c);

    query_error err = {0};
    query *q = query_compile("lin | /(a+)+$/", &err);
    CHECK(q != NULL);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    query_result r = query_match(q, c, &c->entries[0], NULL, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    CHECK_INT(r, QUERY_FAILED);
    double ms = elapsed_ms(&t0, &t1);
    if (ms >= 100)
        fprintf(stderr, "  regex took %.1f ms\n", ms);
    CHECK(ms < 100 || under_valgrind()); /* times mean nothing under valgrind */
    CHECK(strncmp(err.msg, "regex gave up (", 15) == 0);
    CHECK(strstr(err.msg, ") on \"(a+)+$\"") != NULL);
    CHECK_INT(err.pos, 6);
    /* The same compiled query still works on an ordinary title. */
    CHECK_INT(query_match(q, c, &c->entries[1], NULL, &err), QUERY_NO_MATCH);
    query_free(q);

    q = query_compile("/a+ t/", &err);
    CHECK_INT(query_match(q, c, &c->entries[1], NULL, &err), QUERY_MATCH);
    CHECK_INT(query_match(q, c, &c->entries[0], NULL, &err), QUERY_NO_MATCH);
    query_free(q);
    catalog_free(c);
}

static const char *positions(const char *text, const char *title, size_t max)
{
    static char out[256];
    query_error err;
    query *q = query_compile(text, &err);
    if (!q)
        return "error";
    uint32_t pos[64];
    size_t n = query_title_positions(q, title, pos, max < 64 ? max : 64);
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(out + used, sizeof out - used, "%s%u", i ? " " : "", pos[i]);
    query_free(q);
    return out;
}

static void test_positions(void)
{
    /* N0 y1 s2 t3 r4 ö5 m6 f7 o8 r9 m10 e11 r12: ö is two bytes. */
    const char *t = "Nyströmformer";
    CHECK_STR(positions("nyf", t, 64), "0 1 7");
    CHECK_STR(positions("ömf", t, 64), "5 6 7");
    CHECK_STR(positions("'ström", t, 64), "2 3 4 5 6");
    CHECK_STR(positions("'STROM", t, 64), "");
    CHECK_STR(positions("title:ROM", t, 64), "4 5 6");
    CHECK_STR(positions("/former/", t, 64), "7 8 9 10 11 12");
    CHECK_STR(positions("/r/", t, 64), "4"); /* the first match only */
    CHECK_STR(positions("'r", t, 64), "4");  /* the first occurrence only */
    CHECK_STR(positions("nyf /orm/ 'er", t, 64), "0 1 7 8 9 10 11 12");
    CHECK_STR(positions("nyf /orm/ 'er", t, 4), "0 1 7 8");
    CHECK_STR(positions("/orm/ nyf 'ny", t, 64), "0 1 7 8 9 10");
    CHECK_STR(positions("nyf !'xyz !nys venue:x year:2020", t, 64), "0 1 7");
    CHECK_STR(positions("zzz | nyf", t, 64), "0 1 7");
    CHECK_STR(positions("", t, 64), "");
    CHECK_STR(positions("nyf", t, 0), "");
    CHECK_STR(positions("'Café /au/", "Café au lait", 64), "0 1 2 3 5 6");
}

static query *compiled(const char *text)
{
    query_error err;
    query *q = query_compile(text, &err);
    CHECK(q != NULL);
    return q;
}

/* narrows(a, b): b's matches are a subset of a's. */
static bool narrows(const char *a, const char *b)
{
    query *qa = compiled(a), *qb = compiled(b);
    bool r = qa && qb && query_narrows(qa, qb);
    query_free(qa);
    query_free(qb);
    return r;
}

static void test_narrows(void)
{
    CHECK(narrows("", "lin"));
    CHECK(narrows("l", "li"));
    CHECK(narrows("li", "lin"));
    CHECK(narrows("lin", "lin "));
    CHECK(narrows("lin", "lin a"));
    CHECK(narrows("lin att", "linear att"));
    CHECK(narrows("lin", "Lin")); /* capitals only add a condition */
    CHECK(narrows("Lin", "Linear"));
    CHECK(!narrows("Li", "lin"));      /* smart case off again: widens */
    CHECK(!narrows("lin", "li"));      /* backspace */
    CHECK(!narrows("lin", "lin | x")); /* either widens */
    CHECK(narrows("lin | x", "lin"));
    CHECK(!narrows("!li", "!lin")); /* a longer negation widens */
    CHECK(narrows("!lin", "!lin a"));
    CHECK(narrows("'att", "'atte"));
    CHECK(!narrows("'att", "'at"));
    CHECK(narrows("year:>=2020", "year:>=2021"));
    CHECK(!narrows("year:>=2021", "year:>=2020"));
    CHECK(narrows("year:2019..2023", "year:2020..2021"));
    CHECK(!narrows("/lin/", "/line/")); /* regexes only narrow when equal */
    CHECK(narrows("/lin/", "/lin/ x"));
    CHECK(narrows("venue:ic", "venue:iclr"));
    CHECK(!narrows("venue:ic", "org:iclr"));
    CHECK(narrows("arxiv:21", "arxiv:2106"));
    CHECK(narrows("kind:blog", "kind:blog x"));
    CHECK(!narrows("kind:blog", "kind:paper"));
}

/* The entries text matches when entry i has the marks flags[i] (as an
 * index passes them), as "0 3 7". */
static const char *which_marked(const char *text, const unsigned *flags)
{
    static char out[256];
    query_error err;
    query *q = query_compile(text, &err);
    if (!q) {
        snprintf(out, sizeof out, "error %zu: %s", err.pos, err.msg);
        return out;
    }
    size_t used = 0;
    out[0] = '\0';
    for (uint32_t i = 0; i < cat->nentries; i++) {
        const entry *e = &cat->entries[i];
        double score = -1;
        query_match_opts opts = {.tlen = strlen(e->title), .marks = flags[i]};
        query_result r = query_match_with(q, cat, e, &opts, &score, &err);
        if (r == QUERY_MATCH)
            used += (size_t)snprintf(out + used, sizeof out - used, "%s%u", used ? " " : "", i);
    }
    query_free(q);
    return out;
}

static void test_marks(void)
{
    unsigned flags[10] = {0};
    flags[1] = MARK_STARRED;
    flags[3] = MARK_STARRED | MARK_READ;
    flags[8] = MARK_READ;
    CHECK_STR(which_marked("is:starred", flags), "1 3");
    CHECK_STR(which_marked("is:read", flags), "3 8");
    CHECK_STR(which_marked("is:unread", flags), "0 1 2 4 5 6 7 9");
    CHECK_STR(which_marked("IS:Starred", flags), "1 3");
    CHECK_STR(which_marked("!is:starred", flags), "0 2 4 5 6 7 8 9");
    CHECK_STR(which_marked("is:starred is:unread", flags), "1");
    CHECK_STR(which_marked("is:starred | is:read", flags), "1 3 8");
    flags[5] = MARK_NEW; /* new in a remote list (remote.h) */
    flags[6] = MARK_NEW | MARK_STARRED;
    CHECK_STR(which_marked("is:new", flags), "5 6");
    CHECK_STR(which_marked("is:new is:starred", flags), "6");
    CHECK_STR(which_marked("is:unread", flags), "0 1 2 4 5 6 7 9");
    flags[5] = flags[6] = 0;
    CHECK_STR(which_marked("is:starred kind:blog", flags), "");
    /* with the other terms: ranked queries still need the mark */
    CHECK_STR(which_marked("is:starred tra", flags), "1 3");
    CHECK_STR(which_marked("is:starred 'Long", flags), "3");
    unsigned none[10] = {0};
    CHECK_STR(which_marked("is:starred", none), "");
    CHECK_STR(which_marked("is:unread", none), "0 1 2 3 4 5 6 7 8 9");
    /* query_match knows no marks: every entry is unmarked */
    CHECK_WHICH("is:starred", "");
    CHECK_WHICH("is:unread", "0 1 2 3 4 5 6 7 8 9");
    CHECK_ERROR("is:bogus", 3,
                "unknown mark \"bogus\": expected is:starred, is:read, is:unread or is:new");
    CHECK_ERROR("lin is:", 7, "empty value for is: expected is:starred");
    CHECK_ERROR("is:/star/", 3, "is: takes starred, read, unread or new, not a regex");
    CHECK_ERROR("is:star", 3,
                "unknown mark \"star\": expected is:starred, is:read, is:unread or is:new");
    /* narrowing: the same mark term narrows, a different one does not */
    query *a = compiled("is:starred"), *b = compiled("is:starred lin"), *c = compiled("is:read");
    CHECK(query_narrows(a, b));
    CHECK(!query_narrows(a, c));
    CHECK(!query_narrows(c, a));
    query_free(a);
    query_free(b);
    query_free(c);
    a = compiled("is:read");
    b = compiled("is:unread");
    CHECK(!query_narrows(a, b));
    CHECK(!query_narrows(b, a));
    CHECK(query_title_mask(a) == 0);
    query_free(a);
    query_free(b);
}

static void test_mask_and_bound(void)
{
    query *q = compiled("Lin '9x !zz a | q");
    uint64_t m = query_title_mask(q);
    CHECK(m == (query_char_mask("lin9x", 5)));
    CHECK(query_char_mask("Ärger 42", strlen("Ärger 42")) == query_char_mask("ager24", 6));
    CHECK(query_score_bound(q, 30) > query_score_bound(q, 40));
    CHECK(query_score_bound(q, 3) == FUZZY_SCORE_MAX);
    query_free(q);
    q = compiled("venue:iclr");
    CHECK(query_title_mask(q) == 0);
    CHECK(query_score_bound(q, 30) == 0);
    query *c = query_clone(q);
    CHECK(c != NULL && c != q && query_narrows(q, c) && query_narrows(c, q));
    query_free(c);
    query_free(q);
}

/* A first keystroke (one caseless letter or digit per group) is decided
 * by the title's letter mask alone: the mask holds the letter exactly
 * when fuzzy matching finds it, accents and odd capitals included. */
static void test_mask_decides(void)
{
    static const char *const yes[] = {"l", "7", "l a", "  e  ", "e s k", "\xc3\xa9"};
    static const char *const no[] = {"L", "li", "!l", "l | a", "/l/", "'l", "venue:l", "l is:read"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        query *q = compiled(yes[i]);
        CHECK(query_title_mask_decides(q));
        query_free(q);
    }
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
        query *q = compiled(no[i]);
        CHECK(!query_title_mask_decides(q));
        query_free(q);
    }
    static const char *const titles[] = {
        "\xc3\x89t\xc3\xa9 \xc3\xa0 Paris",
        "\xc3\x89"
        "COLE",
        "na\xc3\xaf"
        "ve Bayes",
        "Kelvin \xe2\x84\xaa",
        "\xc5\xbf"
        "trange",
        "\xc5\x81\xc3\xb3"
        "d\xc5\xba",
        "x7 Q9",
        "\xc4\xb0stanbul",
        "\xe7\xba\xbf\xe6\x80\xa7",
        "",
        "ZZZ zzz",
    };
    int wrong = 0;
    char text[4];
    for (int ch = 0; ch < 36; ch++) {
        snprintf(text, sizeof text, "%c", ch < 26 ? 'a' + ch : '0' + ch - 26);
        query *q = compiled(text);
        CHECK(query_title_mask_decides(q));
        uint64_t need = query_title_mask(q);
        for (size_t t = 0; t < sizeof titles / sizeof titles[0]; t++) {
            entry e;
            memset(&e, 0, sizeof e);
            e.title = titles[t];
            bool by_mask = (query_char_mask(e.title, strlen(e.title)) & need) == need;
            bool matched = query_match(q, NULL, &e, NULL, NULL) == QUERY_MATCH;
            if (by_mask != matched) {
                wrong++;
                fprintf(stderr, "\"%s\" on \"%s\": mask %d, match %d\n", text, e.title, by_mask,
                        matched);
            }
        }
        query_free(q);
    }
    CHECK_INT(wrong, 0);
}

/* Which groups of a narrower query the previous one already guarantees. */
static void test_groups_implied(void)
{
    query_error err;
    query *lin_att = query_compile("lin att", &err), *lin_atte = query_compile("lin atte", &err);
    query *same = query_compile("lin att", &err), *other = query_compile("sparse", &err);
    CHECK(lin_att && lin_atte && same && other);
    if (!lin_att || !lin_atte || !same || !other)
        return;
    CHECK_INT(__builtin_popcountll(query_groups_implied(lin_att, lin_atte)), 1);
    CHECK(query_groups_implied(lin_att, same) == 3);
    CHECK(query_groups_implied(lin_att, other) == 0);
    CHECK(query_groups_implied(NULL, other) == 0);
    /* Skipping the implied group: "lin" is not tested, "atte" still is. */
    catalog *c = catalog_new();
    catalog_open_section(c, "S", 1);
    entry *e = catalog_add_entry(c);
    e->title = "Sparse attention";
    catalog_finish(c);
    uint64_t skip = query_groups_implied(lin_att, lin_atte);
    query_match_opts none = {.tlen = 16}, implied = {.tlen = 16, .skip = skip},
                     others = {.tlen = 16, .skip = ~skip};
    CHECK_INT(query_match_with(lin_atte, c, &c->entries[0], &none, NULL, &err), QUERY_NO_MATCH);
    CHECK_INT(query_match_with(lin_atte, c, &c->entries[0], &implied, NULL, &err), QUERY_MATCH);
    CHECK_INT(query_match_with(lin_atte, c, &c->entries[0], &others, NULL, &err), QUERY_NO_MATCH);
    catalog_free(c);
    query_free(lin_att);
    query_free(lin_atte);
    query_free(same);
    query_free(other);
}

/* Whether nd is the needle of word (ASCII). */
static bool needle_is(const fuzzy_needle *nd, const char *word)
{
    if (!nd || nd->n != strlen(word))
        return false;
    for (uint32_t i = 0; i < nd->n; i++)
        if (nd->cps[i] != (uint32_t)word[i])
            return false;
    return true;
}

/* The term left to test once the groups a shorter text implies hold: a
 * lone positive fuzzy term only (the search tests it without
 * query_match_with's walk). */
static void test_lone_term(void)
{
    static const struct {
        const char *text, *typed_from; /* skip: the groups typed_from implies (NULL: none) */
        const char *lone;              /* NULL: none */
    } cases[] = {
        {"lora", NULL, "lora"},
        {"lora", "lor", "lora"},
        {"linear attention", NULL, NULL},                /* two groups left */
        {"linear attention", "linear att", "attention"}, /* "linear" holds */
        {"linear attention", "linear attention", NULL},  /* both hold: none left */
        {"venue:iclr lora", "venue:iclr lo", "lora"},
        {"venue:iclr lora", NULL, NULL},
        {"!lora", NULL, NULL},
        {"lora | qlora", NULL, NULL},
        {"lin lora | qlora", "lin lora", NULL},
        {"/lo.a/", NULL, NULL},
        {"'lora", NULL, NULL},
        {"year:2020", NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        query_error err;
        query *q = query_compile(cases[i].text, &err);
        query *from = cases[i].typed_from ? query_compile(cases[i].typed_from, &err) : NULL;
        CHECK(q != NULL && (from != NULL) == (cases[i].typed_from != NULL));
        uint64_t skip = from ? query_groups_implied(from, q) : 0;
        int32_t k = query_lone_term(q, skip);
        bool right = cases[i].lone ? needle_is(query_term_needle(q, k), cases[i].lone) : k == -1;
        if (!right)
            fprintf(stderr, "  \"%s\" after \"%s\": lone term %d\n", cases[i].text,
                    cases[i].typed_from ? cases[i].typed_from : "", (int)k);
        CHECK(right);
        query_free(q);
        query_free(from);
    }
    CHECK_INT(query_lone_term(NULL, 0), -1);
}

int main(void)
{
    RUN(test_groups_implied);
    RUN(test_lone_term);
    cat = build();
    RUN(test_empty);
    RUN(test_fuzzy);
    RUN(test_exact);
    RUN(test_regex);
    RUN(test_fields);
    RUN(test_years);
    RUN(test_negation);
    RUN(test_or);
    RUN(test_ranked);
    RUN(test_errors);
    RUN(test_regex_limit);
    RUN(test_positions);
    RUN(test_narrows);
    RUN(test_mask_and_bound);
    RUN(test_mask_decides);
    RUN(test_marks);
    catalog_free(cat);
    return check_summary();
}
