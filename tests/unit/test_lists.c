/* Unit tests: loading lists whole or head first (lists.c), and the limits of
 * yaml_load_file_limited behind it: a head is the first entries in document
 * order in closed sections, the whole load that follows equals a plain load,
 * errors anywhere are reported in full, and a load can be called off. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "check.h"
#include "paperdeck/lists.h"
#include "paperdeck/yaml_load.h"

/* Sections of the generated list: A [0, 1000), B/x [1000, 2000),
 * B/y [2000, 3000), C [3000, 7000); about 1.6 MB, over the size below which
 * lists load at once. */
#define BIG_N 7000

static void sleep_us(long us)
{
    struct timespec ts = {us / 1000000, us % 1000000 * 1000};
    nanosleep(&ts, NULL);
}

static char dir[] = "/tmp/paperdeck-test-lists-XXXXXX";

static void write_entries(FILE *f, int from, int to, const char *indent)
{
    for (int i = from; i < to; i++) {
        fprintf(f, "%s- title: \"Paper %d\"\n", indent, i);
        fprintf(f, "%s  arxiv: \"2101.%05d\"\n", indent, i);
        fprintf(f, "%s  notes: \"%s\"\n", indent,
                "Padding that makes the list long enough to load head first, "
                "like a real note on a paper would.");
    }
}

/* Writes the big list to dir/name, with extra (a YAML entry, may be "")
 * appended to section A's entries and to C's; returns its path (static). */
static const char *write_big(const char *name, const char *extra_a, const char *extra_c)
{
    static char path[4][256];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    fputs("paperdeck: 1\ntitle: Streaming\nsections:\n  - name: A\n    entries:\n", f);
    write_entries(f, 0, 1000, "      ");
    fputs(extra_a, f);
    fputs("  - name: B\n    sections:\n      - name: x\n        entries:\n", f);
    write_entries(f, 1000, 2000, "          ");
    fputs("      - name: y\n        entries:\n", f);
    write_entries(f, 2000, 3000, "          ");
    fputs("  - name: C\n    entries:\n", f);
    write_entries(f, 3000, BIG_N, "      ");
    fputs(extra_c, f);
    fclose(f);
    return p;
}

static const char *write_small(void)
{
    static char p[256];
    snprintf(p, sizeof p, "%s/small.yaml", dir);
    FILE *f = fopen(p, "w");
    fputs("paperdeck: 1\ntitle: Small\nsections:\n  - name: S\n    entries:\n"
          "      - title: \"Small one\"\n      - title: \"Small two\"\n",
          f);
    fclose(f);
    return p;
}

static void check_titles_in_order(const catalog *c, uint32_t n)
{
    uint32_t bad = 0;
    for (uint32_t i = 0; i < n && i < c->nentries; i++) {
        char want[32];
        snprintf(want, sizeof want, "Paper %u", i);
        bad += strcmp(c->entries[i].title, want) != 0;
    }
    CHECK_INT(bad, 0);
}

static void test_limited_head(void)
{
    const char *big = write_big("big.yaml", "", "");
    catalog *c = catalog_new();
    diag d;
    diag_init(&d);
    bool complete = true;
    yaml_load_limits lim = {.max_entries = 2500};
    CHECK_INT(yaml_load_file_limited(c, big, false, &lim, &complete, &d), 0);
    catalog_finish(c);
    CHECK(!complete);
    CHECK_INT(d.n, 0);
    CHECK_INT(c->nentries, 2500);
    check_titles_in_order(c, 2500);
    CHECK_STR(c->title, "Streaming");
    /* A, B, B/x, B/y: C is past the head; B/y is closed where the head ends */
    CHECK_INT(c->nsections, 4);
    if (c->nsections == 4) {
        CHECK_STR(c->sections[3].path, "B/y");
        CHECK_INT(c->sections[1].entry_begin, 1000);
        CHECK_INT(c->sections[1].entry_end, 2500);
        CHECK_INT(c->sections[3].entry_begin, 2000);
        CHECK_INT(c->sections[3].entry_end, 2500);
        CHECK_INT(c->sections[1].end, 4);
    }
    catalog_free(c);
    diag_free(&d);
}

static void test_limited_cancel_and_progress(void)
{
    const char *big = write_big("big.yaml", "", "");
    struct stat st;
    CHECK(stat(big, &st) == 0);
    diag d;
    diag_init(&d);

    /* called off before it starts: nothing read, and no error */
    atomic_bool cancel = true;
    catalog *c = catalog_new();
    bool complete = true;
    yaml_load_limits lim = {.cancel = &cancel};
    CHECK_INT(yaml_load_file_limited(c, big, false, &lim, &complete, &d), 0);
    CHECK(!complete);
    CHECK_INT(c->nentries, 0);
    catalog_free(c);

    /* a whole load counts every byte */
    atomic_store(&cancel, false);
    atomic_size_t parsed = 0;
    lim.progress = &parsed;
    c = catalog_new();
    CHECK_INT(yaml_load_file_limited(c, big, false, &lim, &complete, &d), 0);
    CHECK(complete);
    CHECK_INT(c->nentries, BIG_N);
    CHECK_INT(atomic_load(&parsed), st.st_size);
    CHECK_INT(d.n, 0);
    catalog_free(c);
    diag_free(&d);
}

/* Equal entries (titles, arXiv ids, lines) and sections (paths, ranges). */
static void check_same(const catalog *a, const catalog *b)
{
    CHECK_INT(a->nentries, b->nentries);
    CHECK_INT(a->nsections, b->nsections);
    uint32_t bad = 0;
    for (uint32_t i = 0; i < a->nentries && i < b->nentries; i++) {
        const entry *x = &a->entries[i], *y = &b->entries[i];
        bad += strcmp(x->title, y->title) != 0
            || strcmp(x->arxiv ? x->arxiv : "", y->arxiv ? y->arxiv : "") != 0 || x->line != y->line
            || x->section != y->section || x->year != y->year;
    }
    for (uint32_t s = 0; s < a->nsections && s < b->nsections; s++) {
        const section *x = &a->sections[s], *y = &b->sections[s];
        bad += strcmp(x->path, y->path) != 0 || x->entry_begin != y->entry_begin
            || x->entry_end != y->entry_end || x->end != y->end;
    }
    CHECK_INT(bad, 0);
}

static void test_head_then_whole(void)
{
    const char *files[] = {write_big("big.yaml", "", ""), write_small()};
    for (int nfiles = 1; nfiles <= 2; nfiles++) {
        diag d;
        diag_init(&d);
        catalog *head = NULL;
        lists_loading *l = lists_load_head(files, nfiles, 2000, &head, &d);
        CHECK(l != NULL);
        CHECK(head != NULL);
        if (!l || !head)
            return;
        CHECK_INT(head->nentries, 2000);
        check_titles_in_order(head, 2000);
        double f = -1;
        while (!lists_loading_done(l, &f))
            sleep_us(1000);
        lists_loading_done(l, &f);
        CHECK(f == 1.0);
        paper_index *ix = lists_loading_finish(l, &d);
        CHECK(ix != NULL);
        CHECK_INT(d.n, 0);
        catalog *whole = lists_load(files, nfiles, &d);
        if (ix && whole)
            check_same(index_catalog(ix), whole);
        /* two files: each its own group, the small one after the big one */
        CHECK_INT(whole->nentries, BIG_N + (nfiles == 2 ? 2 : 0));
        if (nfiles == 2)
            CHECK_STR(whole->sections[whole->nsections - 1].path, "Small/S");
        catalog_free(whole);
        if (ix)
            lists_release(ix);
        catalog_free(head);
        diag_free(&d);
    }
}

static void test_small_loads_at_once(void)
{
    const char *files[] = {write_small()};
    diag d;
    diag_init(&d);
    catalog *c = NULL;
    CHECK(lists_load_head(files, 1, 1, &c, &d) == NULL);
    CHECK(c != NULL);
    if (c)
        CHECK_INT(c->nentries, 2);
    catalog_free(c);
    diag_free(&d);
}

#define BAD_YEAR "      - title: \"Bad year\"\n        year: nineteen\n"

/* An error past the head: the head shows, the whole load fails with it. */
static void test_error_after_head(void)
{
    const char *files[] = {write_big("bad-end.yaml", "", BAD_YEAR)};
    diag d;
    diag_init(&d);
    catalog *head = NULL;
    lists_loading *l = lists_load_head(files, 1, 2000, &head, &d);
    CHECK(l != NULL);
    CHECK_INT(d.n, 0);
    if (!l)
        return;
    CHECK(lists_loading_finish(l, &d) == NULL);
    CHECK_INT(d.errors, 1);
    if (d.n == 1) {
        char msg[512];
        diag_format(&d.msgs[0], msg, sizeof msg);
        /* 5 lines before the entries, 8 between sections, 3 per entry, then
         * the bad entry's title and its year */
        char want[512];
        snprintf(want, sizeof want,
                 "%s:%d:15: error: expected an integer 1900..2100 for \"year\", found \"nineteen\"",
                 files[0], 5 + 8 + 3 * BIG_N + 2);
        CHECK_STR(msg, want);
    }
    catalog_free(head);
    diag_free(&d);
}

/* An error in the head: no head, and every error of the file is reported,
 * the one past the head too. */
static void test_error_in_head(void)
{
    const char *files[] = {write_big("bad-both.yaml", BAD_YEAR, BAD_YEAR)};
    diag d;
    diag_init(&d);
    catalog *head = (catalog *)1;
    CHECK(lists_load_head(files, 1, 2000, &head, &d) == NULL);
    CHECK(head == NULL);
    CHECK_INT(d.errors, 2);
    diag_free(&d);
}

static void test_cancel(void)
{
    const char *files[] = {write_big("big.yaml", "", "")};
    for (int wait_us = 0; wait_us <= 20000; wait_us += 10000) {
        diag d;
        diag_init(&d);
        catalog *head = NULL;
        lists_loading *l = lists_load_head(files, 1, 100, &head, &d);
        CHECK(l != NULL);
        sleep_us(wait_us);
        if (l)
            lists_loading_cancel(l); /* no leak, no crash (ASan) */
        CHECK_INT(d.n, 0);
        catalog_free(head);
        diag_free(&d);
    }
}

/* Stdin cannot be read twice: it always loads at once (here: empty). */
static void test_stdin_loads_at_once(void)
{
    const char *files[] = {write_big("big.yaml", "", ""), "-"};
    FILE *saved = stdin;
    stdin = fopen("/dev/null", "r");
    diag d;
    diag_init(&d);
    catalog *c = NULL;
    CHECK(lists_load_head(files, 2, 100, &c, &d) == NULL);
    CHECK(c == NULL); /* an empty stdin is an error */
    CHECK(d.errors >= 1);
    fclose(stdin);
    stdin = saved;
    diag_free(&d);
}

int main(void)
{
    if (!check_scratch(dir))
        return 1;
    /* the whole loads save caches of the big lists: here, not the user's */
    setenv("XDG_CACHE_HOME", dir, 1);
    RUN(test_limited_head);
    RUN(test_limited_cancel_and_progress);
    RUN(test_head_then_whole);
    RUN(test_small_loads_at_once);
    RUN(test_error_after_head);
    RUN(test_error_in_head);
    RUN(test_cancel);
    RUN(test_stdin_loads_at_once);
    if (!check_remove_scratch(dir))
        return 1;
    return check_summary();
}
