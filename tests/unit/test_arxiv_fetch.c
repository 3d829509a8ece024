/* test_arxiv_fetch.c: arxiv_fetch against the fixture server's arXiv API
 * (tests/net/fixture_server.py, started by fixture.h): a batch brings one
 * record and one of arXiv's error entries, and each failure comes back as
 * one line, cut at a whole character however long arXiv's reason is. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "fixture.h"
#include "paperdeck/arxiv_fetch.h"
#include "paperdeck/arxiv_store.h"
#include "paperdeck/catalog.h"
#include "paperdeck/fileio.h"
#include "paperdeck/utf8.h"

static char scratch[] = "/tmp/paperdeck-arxiv-fetch-XXXXXX";
static fixture_server server;

typedef struct failures {
    char *lines[8];
    int n;
} failures;

static void on_fail(void *ctx, const char *line)
{
    failures *f = ctx;
    if (f->n < 8)
        f->lines[f->n++] = strdup(line);
}

/* tests/fixtures/arxiv/NAME into the server's arXiv directory. */
static bool serve_fixture(const char *name)
{
    char path[512], dest[512];
    snprintf(path, sizeof path, "%s/tests/fixtures/arxiv/%s", SOURCE_DIR, name);
    snprintf(dest, sizeof dest, "arxiv/%s", name);
    FILE *in = fopen(path, "r");
    size_t len;
    char *text = in ? fileio_read_stream(in, &len) : NULL;
    if (in)
        fclose(in);
    bool ok = text && fixture_write(&server, dest, text);
    free(text);
    return ok;
}

static void test_record_and_long_error(void)
{
    /* arXiv's reason for 2401.00001, long enough that its line (600 bytes
     * at most) ends inside an é */
    char reason[1200];
    int n = snprintf(reason, sizeof reason, "no such id 2401.00001 ");
    memset(reason + n, 'x', 564);
    strcpy(reason + n + 564, "\xc3\xa9\xc3\xa9\xc3\xa9 and more\n");
    CHECK(fixture_write(&server, "arxiv/2401.00001.error", reason));
    CHECK(serve_fixture("2006.16236.xml"));

    char url[128], path[128];
    snprintf(url, sizeof url, "%s/arxiv/ok/query", server.base);
    setenv("PAPERDECK_ARXIV_URL", url, 1);
    snprintf(path, sizeof path, "%s/records", scratch);
    arxiv_store *s = arxiv_store_new();
    failures f = {0};
    arxiv_fetch_opts o = {.fail = on_fail, .ctx = &f};
    char *ids[] = {"2006.16236", "2401.00001"};
    CHECK_INT(arxiv_fetch(s, path, ids, 2, &o), 1);
    CHECK(arxiv_store_get(s, "2006.16236") != NULL);
    CHECK(arxiv_store_get(s, "2401.00001") == NULL);
    CHECK_INT(f.n, 1);
    if (f.n == 1) {
        CHECK(strncmp(f.lines[0], "2401.00001: no such id 2401.00001 xxx", 37) == 0);
        CHECK(utf8_validate(f.lines[0], strlen(f.lines[0]), NULL));
    }
    for (int i = 0; i < f.n; i++)
        free(f.lines[i]);
    arxiv_store_free(s);

    /* what was fetched was saved */
    s = arxiv_store_new();
    CHECK_INT(arxiv_store_load(s, path, NULL, 0), 0);
    CHECK(arxiv_store_get(s, "2006.16236") != NULL);
    arxiv_store_free(s);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The ids to fetch: each base id once, in entry order, versions aside; and
 * quickly on a big list (the browser asks on its own thread: quadratic, 84k
 * ids took 48 s). */
static void test_ids_to_fetch(void)
{
    catalog *c = catalog_new();
    catalog_open_section(c, "Papers", 1);
    const char *const small[] = {"2401.00002v2", NULL,           "2401.00001",
                                 "2401.00002",   "2401.00001v3", "cs/0112017"};
    for (size_t i = 0; i < sizeof small / sizeof *small; i++) {
        entry *e = catalog_add_entry(c);
        e->title = arena_strdup(catalog_arena(c), "t");
        e->arxiv = small[i] ? catalog_intern(c, small[i], strlen(small[i])) : NULL;
    }
    enum { BIG = 50000 };
    for (int i = 0; i < BIG; i++) {
        char id[32];
        snprintf(id, sizeof id, "%02d%02d.%05d", 15 + i % 10, 1 + i % 12, i);
        entry *e = catalog_add_entry(c);
        e->title = arena_strdup(catalog_arena(c), "t");
        e->arxiv = catalog_intern(c, id, strlen(id));
    }
    catalog_close_section(c);
    catalog_finish(c);
    size_t n;
    double t0 = now_s();
    char **ids = arxiv_ids_to_fetch(c, NULL, 0, NULL, 0, &n);
    double took = now_s() - t0;
    CHECK_INT(n, 3 + BIG);
    if (n == 3 + BIG) {
        CHECK_STR(ids[0], "2401.00002");
        CHECK_STR(ids[1], "2401.00001");
        CHECK_STR(ids[2], "cs/0112017");
        CHECK_STR(ids[3], "1501.00000");
    }
    CHECK(took < 10.0);
    if (took >= 10.0)
        fprintf(stderr, "  %d ids took %.1f s\n", BIG, took);
    arxiv_ids_free(ids, n);
    /* the ids of some entries only */
    uint32_t some[] = {4, 3, 0};
    ids = arxiv_ids_to_fetch(c, some, 3, NULL, 0, &n);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(ids[0], "2401.00001");
        CHECK_STR(ids[1], "2401.00002");
    }
    arxiv_ids_free(ids, n);
    catalog_free(c);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    if (!check_scratch(scratch) || !fixture_start(&server, scratch))
        return 1;
    RUN(test_ids_to_fetch);
    RUN(test_record_and_long_error);
    fixture_stop(&server);
    check_remove_scratch(scratch);
    return check_summary();
}
