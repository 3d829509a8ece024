/* Unit tests: the arXiv API's Atom answer (fields, error entries,
 * malformed, truncated and foreign XML) and the record store (round trip,
 * atomic save, merge with what another process saved, refresh age,
 * corrupt files refused). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paperdeck/arxiv_record.h"
#include "paperdeck/arxiv_store.h"
#include "paperdeck/bibtex.h"
#include "paperdeck/fileio.h"
#include "paperdeck/index.h"
#include "paperdeck/query.h"
#include "paperdeck/utf8.h"
#include "check.h"

#define FEED_HEAD                                                                           \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                          \
    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"                                        \
    "  <link href=\"http://arxiv.org/api/query?id_list=x\" rel=\"self\" "                   \
    "type=\"application/atom+xml\"/>\n"                                                     \
    "  <title type=\"html\">ArXiv Query: id_list=x</title>\n"                               \
    "  <id>http://arxiv.org/api/abc</id>\n"                                                 \
    "  <updated>2024-01-01T00:00:00-05:00</updated>\n"                                      \
    "  <opensearch:totalResults xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">" \
    "2</opensearch:totalResults>\n"
#define FEED_TAIL "</feed>\n"

#define ERROR_ENTRY                                                                  \
    "  <entry>\n"                                                                    \
    "    <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.5</id>\n"      \
    "    <title>Error</title>\n"                                                     \
    "    <summary>incorrect id format for 1234.5</summary>\n"                        \
    "    <updated>2024-01-01T00:00:00-05:00</updated>\n"                             \
    "    <link href=\"http://arxiv.org/api/errors#incorrect_id_format_for_1234.5\" " \
    "rel=\"alternate\" type=\"text/html\"/>\n"                                       \
    "    <author>\n      <name>arXiv api core</name>\n    </author>\n"               \
    "  </entry>\n"

static char *fixture(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/tests/fixtures/arxiv/%s", SOURCE_DIR, name);
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t len;
    char *s = fileio_read_stream(f, &len);
    fclose(f);
    return s;
}

/* FEED_HEAD, the two fixture entries, extra, FEED_TAIL. */
static char *feed_with(const char *extra)
{
    char *a = fixture("2006.16236.xml"), *b = fixture("2102.03902.xml");
    CHECK(a && b);
    size_t n = strlen(FEED_HEAD) + strlen(a ? a : "") + strlen(b ? b : "") + strlen(extra)
             + strlen(FEED_TAIL) + 1;
    char *s = malloc(n);
    snprintf(s, n, "%s%s%s%s%s", FEED_HEAD, a ? a : "", b ? b : "", extra, FEED_TAIL);
    free(a);
    free(b);
    return s;
}

static void test_parse_fields(void)
{
    char *xml = feed_with(ERROR_ENTRY);
    arxiv_feed f;
    char err[200] = "";
    CHECK_INT(arxiv_atom_parse(xml, strlen(xml), 1700000000, &f, err, sizeof err), 0);
    CHECK_INT(f.n, 2);
    CHECK_INT(f.nerrors, 1);
    if (f.n == 2 && f.nerrors == 1) {
        const arxiv_record *r = &f.recs[0];
        CHECK_STR(r->id, "2006.16236");
        CHECK_INT(r->version, 3);
        CHECK_STR(r->title,
                  "Transformers are RNNs: Fast Autoregressive Transformers with Linear Attention");
        CHECK(strncmp(r->abstract, "Transformers achieve remarkable performance in several", 54)
              == 0);
        CHECK(strstr(r->abstract, "kernel feature maps & make use") != NULL);
        CHECK(strchr(r->abstract, '\n') == NULL);
        CHECK_INT(r->nauthors, 4);
        CHECK_STR(r->authors[0], "Angelos Katharopoulos");
        CHECK_STR(r->authors[3], "François Fleuret");
        CHECK_STR(r->published, "2020-06-29T17:55:33Z");
        CHECK_STR(r->updated, "2020-08-31T08:22:55Z");
        CHECK_STR(r->doi, "10.5555/3524938.3525416");
        CHECK_STR(r->comment, "ICML 2020, project at https://linear-transformers.com/");
        CHECK(r->journal_ref && strstr(r->journal_ref, "Machine Learning, 2020"));
        CHECK_INT(r->ncats, 2);
        CHECK_STR(arxiv_record_primary(r), "cs.LG");
        CHECK_STR(r->cats[1], "stat.ML");
        CHECK_INT(r->fetched, 1700000000);
        CHECK_INT(arxiv_record_year(r), 2020);
        /* The primary category comes first even when listed second. */
        const arxiv_record *n = &f.recs[1];
        CHECK_STR(n->id, "2102.03902");
        CHECK_STR(arxiv_record_primary(n), "cs.CL");
        CHECK_STR(n->cats[1], "cs.LG");
        CHECK(n->doi == NULL && n->journal_ref == NULL);
        CHECK_STR(f.errors[0], "incorrect id format for 1234.5");
    }
    arxiv_feed_free(&f);
    free(xml);
}

static void expect_parse_error(const char *xml, const char *want)
{
    arxiv_feed f;
    char err[200] = "";
    CHECK_INT(arxiv_atom_parse(xml, strlen(xml), 1, &f, err, sizeof err), -1);
    CHECK_INT(f.n, 0);
    CHECK(f.recs == NULL && f.errors == NULL);
    if (!strstr(err, want))
        fprintf(stderr, "  got \"%s\", wanted \"%s\"\n", err, want);
    CHECK(strstr(err, want) != NULL);
    CHECK(strchr(err, '\n') == NULL);
}

static void test_parse_errors(void)
{
    char *xml = feed_with("");
    /* Cut in the middle of the second entry. */
    char *cut = strdup(xml);
    cut[strlen(cut) * 3 / 4] = '\0';
    expect_parse_error(cut, "malformed XML at line");
    free(cut);
    expect_parse_error(FEED_HEAD "<entry><id>x</id></entri></feed>",
                       "malformed XML at line 8, column 20: mismatched tag");
    expect_parse_error("Rate exceeded.", "malformed XML");
    expect_parse_error("", "malformed XML");
    expect_parse_error("<html><body>Service unavailable</body></html>", "not an Atom feed");
    expect_parse_error(FEED_HEAD "<entry><id>http://example.com/nothing</id></entry>" FEED_TAIL,
                       "an entry has no arXiv id");
    /* the quoted id is cut at a whole character (60 bytes end inside the é) */
    const char *bad_id = FEED_HEAD
        "<entry><id>http://example.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "\xc3\xa9t\xc3\xa9</id></entry>" FEED_TAIL;
    char err[200];
    arxiv_feed bad;
    CHECK_INT(arxiv_atom_parse(bad_id, strlen(bad_id), 1, &bad, err, sizeof err), -1);
    CHECK(utf8_validate(err, strlen(err), NULL));
    CHECK(strstr(err, "aaaa</id>)") != NULL);
    free(xml);
    /* An empty feed (an id arXiv does not have) is fine. */
    arxiv_feed f;
    CHECK_INT(arxiv_atom_parse(FEED_HEAD FEED_TAIL, strlen(FEED_HEAD FEED_TAIL), 1, &f, NULL, 0),
              0);
    CHECK_INT(f.n + f.nerrors, 0);
    arxiv_feed_free(&f);
}

static char dir[64];

static arxiv_store *store_from_feed(int64_t now)
{
    char *xml = feed_with("");
    arxiv_feed f;
    arxiv_store *s = arxiv_store_new();
    CHECK_INT(arxiv_atom_parse(xml, strlen(xml), now, &f, NULL, 0), 0);
    for (size_t i = 0; i < f.n; i++)
        arxiv_store_put(s, &f.recs[i]);
    arxiv_feed_free(&f);
    free(xml);
    return s;
}

static void test_store_round_trip(void)
{
    char path[128], err[300] = "";
    snprintf(path, sizeof path, "%s/a/b/arxiv-records", dir);
    arxiv_store *s = store_from_feed(1700000000);
    CHECK_INT(arxiv_store_count(s), 2);
    /* Special characters survive. */
    arxiv_record odd = {.id = "cs/0112017", .version = 2, .fetched = 5};
    odd.title = strdup("tab\there | bar \\ back\nline");
    odd.authors = calloc(2, sizeof *odd.authors);
    odd.authors[0] = strdup("A|B");
    odd.authors[1] = strdup("C");
    odd.nauthors = 2;
    arxiv_store_put(s, &odd);
    CHECK_INT(arxiv_store_save(s, path, err, sizeof err), 0);
    CHECK_STR(err, "");
    arxiv_store *t = arxiv_store_new();
    CHECK_INT(arxiv_store_load(t, path, err, sizeof err), 0);
    CHECK_INT(arxiv_store_count(t), 3);
    const arxiv_record *r = arxiv_store_get(t, "2006.16236v1");
    CHECK(r != NULL);
    if (r) {
        CHECK_INT(r->version, 3);
        CHECK_STR(r->authors[3], "François Fleuret");
        CHECK_STR(r->cats[1], "stat.ML");
        CHECK_STR(r->abstract, arxiv_store_get(s, "2006.16236")->abstract);
        CHECK_INT(r->fetched, 1700000000);
    }
    const arxiv_record *o = arxiv_store_get(t, "cs/0112017");
    CHECK(o != NULL);
    if (o) {
        CHECK_STR(o->title, "tab\there | bar \\ back\nline");
        CHECK_INT(o->nauthors, 2);
        CHECK_STR(o->authors[0], "A|B");
        CHECK(o->abstract == NULL);
    }
    CHECK(arxiv_store_get(t, "2106.09685") == NULL);
    CHECK(arxiv_store_get(t, "2006.1623") == NULL);
    arxiv_store_free(s);
    arxiv_store_free(t);
}

static void test_store_fresh(void)
{
    arxiv_record r = {.id = "2006.16236", .fetched = 1000000};
    CHECK(arxiv_store_fresh(&r, 1000000));
    CHECK(arxiv_store_fresh(&r, 1000000 + 29 * 86400));
    CHECK(!arxiv_store_fresh(&r, 1000000 + 30 * 86400));
    r.fetched = 0;
    CHECK(!arxiv_store_fresh(&r, 1000000));
    r.fetched = 1000000 + 10 * 86400; /* a clock set back: from the future */
    CHECK(!arxiv_store_fresh(&r, 1000000));
}

/* Two stores saved one after the other: the second keeps the first's
 * records and the newer copy of a shared one wins. */
static void test_store_merge(void)
{
    char path[128], err[300] = "";
    snprintf(path, sizeof path, "%s/merge/arxiv-records", dir);
    arxiv_store *a = store_from_feed(2000);
    arxiv_store *b = arxiv_store_new();
    arxiv_record x = {.id = "1706.03762", .fetched = 3000};
    x.title = strdup("Attention Is All You Need");
    arxiv_store_put(b, &x);
    arxiv_record old = {.id = "2006.16236", .fetched = 1000};
    old.title = strdup("old title");
    arxiv_store_put(b, &old);
    CHECK_INT(arxiv_store_save(a, path, err, sizeof err), 0);
    CHECK_INT(arxiv_store_save(b, path, err, sizeof err), 0);
    arxiv_store *c = arxiv_store_new();
    CHECK_INT(arxiv_store_load(c, path, err, sizeof err), 0);
    CHECK_INT(arxiv_store_count(c), 3);
    const arxiv_record *r = arxiv_store_get(c, "2006.16236");
    CHECK(r && r->fetched == 2000 && strncmp(r->title, "Transformers", 12) == 0);
    CHECK(arxiv_store_get(c, "1706.03762") != NULL);
    CHECK_INT(arxiv_store_count(b), 3); /* b took in what it lacked */
    arxiv_store_free(a);
    arxiv_store_free(b);
    arxiv_store_free(c);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static void expect_load_error(const char *text, const char *want)
{
    char path[128], err[300] = "";
    snprintf(path, sizeof path, "%s/bad", dir);
    write_file(path, text);
    arxiv_store *s = store_from_feed(1);
    CHECK_INT(arxiv_store_load(s, path, err, sizeof err), -1);
    CHECK_INT(arxiv_store_count(s), 0);
    if (!strstr(err, want))
        fprintf(stderr, "  got \"%s\", wanted \"%s\"\n", err, want);
    CHECK(strstr(err, want) != NULL);
    /* A save does not overwrite a file it cannot read. */
    arxiv_store *t = store_from_feed(1);
    CHECK_INT(arxiv_store_save(t, path, err, sizeof err), -1);
    FILE *f = fopen(path, "r");
    size_t len;
    char *now = fileio_read_stream(f, &len);
    fclose(f);
    CHECK_STR(now, text);
    free(now);
    arxiv_store_free(s);
    arxiv_store_free(t);
}

static void test_store_corrupt(void)
{
    expect_load_error("something else\n", "bad:1: not a paperdeck arXiv record file");
    expect_load_error("paperdeck-arxiv-records 1\n2006.16236\t1\t5\n", "bad:2: not a record");
    expect_load_error("paperdeck-arxiv-records 1\n"
                      "2006.16236\t1\t5\tt\t\t\t\t\t\t\t\t\n",
                      "bad: cut short (no end line)");
    expect_load_error("paperdeck-arxiv-records 1\n"
                      "2006.16236\t1\t5\tt\\q\t\t\t\t\t\t\t\t\nend 1\n",
                      "bad:2: not a record");
    expect_load_error("paperdeck-arxiv-records 1\nend 0\nmore\n", "bad:3: text after the end");
    /* A missing file is an empty store. */
    char path[128];
    snprintf(path, sizeof path, "%s/none", dir);
    arxiv_store *s = store_from_feed(1);
    CHECK_INT(arxiv_store_load(s, path, NULL, 0), 0);
    CHECK_INT(arxiv_store_count(s), 0);
    arxiv_store_free(s);
}

/* Titles of the entries q matches in ix, joined by '|'. */
static void matches(paper_index *ix, const char *text, char *out, size_t size)
{
    query_error err;
    query *q = query_compile(text, &err);
    CHECK(q != NULL);
    view v;
    view_init(&v);
    out[0] = '\0';
    if (q && index_search(ix, q, -1, NULL, 10, &v, &err) == 0) {
        for (uint32_t i = 0; i < v.n; i++)
            snprintf(out + strlen(out), size - strlen(out), "%s%s", i ? "|" : "",
                     index_catalog(ix)->entries[v.ids[i]].title);
    }
    view_free(&v);
    query_free(q);
}

/* abs:, subject: and author: see the records the index was given, and
 * only them; the kept searches are forgotten when the records change. */
static void test_index_terms(void)
{
    catalog *c = catalog_new();
    catalog_set_title(c, "T", NULL);
    catalog_open_section(c, "Papers", 1);
    const char *titles[] = {"Linear", "Nystrom", "Plain"};
    const char *ids[] = {"2006.16236v2", "2102.03902", NULL};
    const char *own_author = "Someone Listed";
    for (int i = 0; i < 3; i++) {
        entry *e = catalog_add_entry(c);
        e->title = arena_strdup(catalog_arena(c), titles[i]);
        if (ids[i])
            e->arxiv = arena_strdup(catalog_arena(c), ids[i]);
        if (i == 1) {
            e->authors = &own_author;
            e->nauthors = 1;
        }
    }
    catalog_close_section(c);
    catalog_finish(c);
    paper_index *ix = index_build(c);
    char got[256];
    matches(ix, "abs:quadratic", got, sizeof got);
    CHECK_STR(got, "");
    arxiv_store *s = store_from_feed(1);
    index_set_records(ix, s);
    CHECK(index_record(ix, 0) != NULL && index_record(ix, 2) == NULL);
    static const struct {
        const char *query, *want;
    } cases[] = {
        {"abs:quadratic", "Linear"},
        {"abs:/O\\(n\\) complexity/", "Nystrom"},
        {"!abs:quadratic", "Nystrom|Plain"},
        {"subject:stat", "Linear"},
        {"subject:cs.lg", "Linear|Nystrom"},
        {"author:vyas", "Linear"},
        {"author:listed | author:xiong", "Nystrom"},
        {"cat:papers subject:/^cs\\.CL$/", "Nystrom"}, /* cat: stays the section */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        matches(ix, cases[i].query, got, sizeof got);
        CHECK_STR(got, cases[i].want);
    }
    /* BibTeX with the record: its authors and primaryClass */
    char *bib = bibtex_entry_with(c, &c->entries[0], index_record(ix, 0), NULL);
    CHECK(strstr(bib, "author = {Angelos Katharopoulos and Apoorv Vyas") != NULL);
    CHECK(strstr(bib, "year = {2020}") != NULL);
    CHECK(strstr(bib, "primaryClass = {cs.LG}") != NULL);
    free(bib);
    index_set_records(ix, NULL);
    matches(ix, "abs:quadratic", got, sizeof got);
    CHECK_STR(got, "");
    index_free(ix);
    arxiv_store_free(s);
    catalog_free(c);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/pd-arxiv-XXXXXX");
    if (!check_scratch(dir))
        return 1;
    RUN(test_parse_fields);
    RUN(test_parse_errors);
    RUN(test_store_round_trip);
    RUN(test_store_fresh);
    RUN(test_store_merge);
    RUN(test_store_corrupt);
    RUN(test_index_terms);
    check_remove_scratch(dir);
    return check_summary();
}
