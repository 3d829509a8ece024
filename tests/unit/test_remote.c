/* Unit tests for remote.c: names and their URLs, the cache's records, a
 * copy that is missing or another URL's, the age text. Fetching is tested
 * against the fixture server in tests/net. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "paperdeck/catalog.h"
#include "paperdeck/diag.h"
#include "paperdeck/remote.h"

/* The URL of name, or "ERR: reason". */
static const char *url_of(const char *name)
{
    static char buf[REMOTE_URL_MAX + 600];
    char url[REMOTE_URL_MAX], err[512];
    if (remote_url(name, url, sizeof url, err, sizeof err) != 0)
        snprintf(buf, sizeof buf, "ERR: %s", err);
    else
        snprintf(buf, sizeof buf, "%s", url);
    return buf;
}

static void test_names(void)
{
    CHECK(remote_is_name("gh:a/b"));
    CHECK(remote_is_name("https://x/y.md"));
    CHECK(remote_is_name("http://127.0.0.1/y.md"));
    CHECK(!remote_is_name("list.yaml"));
    CHECK(!remote_is_name("ftp://x/y"));
    CHECK(!remote_is_name("gh"));
}

static void test_gh(void)
{
    unsetenv("PAPERDECK_GITHUB_URL");
    CHECK_STR(url_of("gh:alice/papers"),
              "https://raw.githubusercontent.com/alice/papers/HEAD/README.md");
    CHECK_STR(url_of("gh:alice/papers/lists/x.yaml"),
              "https://raw.githubusercontent.com/alice/papers/HEAD/lists/x.yaml");
    CHECK_STR(url_of("gh:alice/papers@v1.2"),
              "https://raw.githubusercontent.com/alice/papers/v1.2/README.md");
    CHECK_STR(url_of("gh:alice/papers/docs/list.md@feature/x"),
              "https://raw.githubusercontent.com/alice/papers/feature/x/docs/list.md");
    setenv("PAPERDECK_GITHUB_URL", "http://127.0.0.1:8080/gh/", 1);
    CHECK_STR(url_of("gh:a/b"), "http://127.0.0.1:8080/gh/a/b/HEAD/README.md");
    setenv("PAPERDECK_GITHUB_URL", "http://example.com", 1); /* refused like any URL */
    CHECK(strstr(url_of("gh:a/b"), "ERR: gh:a/b: ") == url_of("gh:a/b"));
    CHECK(strstr(url_of("gh:a/b"), "plain http is refused") != NULL);
    unsetenv("PAPERDECK_GITHUB_URL");
    const char *bad[] = {"gh:",         "gh:alice",    "gh:alice/",    "gh:/papers",
                         "gh:a/b/",     "gh:a/b/../c", "gh:a/b/./c",   "gh:a/b@",
                         "gh:a b/c",    "gh:a/b?x=1",  "gh:a/b#x",     "gh:a/b/c//d",
                         "gh:a/b@../x", "gh:a\\b/c",   "gh:a/b/%2e%2e"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char want[200];
        snprintf(want, sizeof want, "ERR: %s: expected gh:OWNER/REPO[/PATH][@REF]", bad[i]);
        CHECK_STR(url_of(bad[i]), want);
    }
}

static void test_urls(void)
{
    CHECK_STR(url_of("https://example.com/list.md"), "https://example.com/list.md");
    CHECK_STR(url_of("http://127.0.0.1:9/list.md"), "http://127.0.0.1:9/list.md");
    CHECK_STR(url_of("http://localhost/list.md"), "http://localhost/list.md");
    CHECK_STR(url_of("http://[::1]:8/list.md"), "http://[::1]:8/list.md");
    const char *refused = "ERR: http://example.com/list.md: plain http is refused";
    CHECK(strncmp(url_of("http://example.com/list.md"), refused, strlen(refused)) == 0);
    CHECK(strncmp(url_of("http://10.0.0.1/list.md"), "ERR: ", 5) == 0);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* The cache: info, loading a copy (named by the remote name), records of
 * another URL. */
static char scratch_dir[64];

static void test_cache(void)
{
    const char *dir = scratch_dir;
    char cache[400];
    snprintf(cache, sizeof cache, "%s/cache", dir);
    setenv("XDG_CACHE_HOME", cache, 1);
    const char *name = "https://example.com/a/list.yaml";
    remote_info info;
    char err[512];
    CHECK_INT(remote_info_of(name, &info, err, sizeof err), 0);
    CHECK(!info.cached);
    CHECK(strncmp(info.path, cache, strlen(cache)) == 0);
    catalog *c = catalog_new();
    diag d;
    diag_init(&d);
    CHECK_INT(remote_load(c, name, false, false, &d, NULL), -1);
    CHECK_INT(d.errors, 1);
    CHECK(d.n && strstr(d.msgs[0].text, "not fetched yet") != NULL);
    diag_free(&d);
    catalog_free(c);

    /* a copy and its record, as a fetch leaves them */
    char sub[500], meta[600];
    snprintf(sub, sizeof sub, "%s/paperdeck/remote", cache);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", sub);
    CHECK_INT(system(cmd), 0);
    write_file(info.path, "paperdeck: 1\ntitle: T\nsections:\n  - name: S\n    entries:\n"
                          "      - title: One\n      - title: [broken\n");
    snprintf(meta, sizeof meta, "%.*smeta", (int)(strlen(info.path) - 4), info.path);
    char rec[800];
    snprintf(rec, sizeof rec,
             "paperdeck-remote 1\nurl %s\netag \"x\"\nlast-modified \nfetched %lld\nformat yaml\n",
             name, (long long)time(NULL) - 7200);
    write_file(meta, rec);
    CHECK_INT(remote_info_of(name, &info, err, sizeof err), 0);
    CHECK(info.cached);
    CHECK(info.yaml);
    char age[32];
    remote_age_text(info.fetched, age, sizeof age);
    CHECK_STR(age, "2 h");
    /* its messages name the list by its remote name */
    c = catalog_new();
    diag_init(&d);
    CHECK_INT(remote_load(c, name, false, false, &d, NULL), -1);
    CHECK(d.n && strcmp(d.msgs[0].file, name) == 0);
    CHECK_INT(d.msgs[0].line, 7);
    diag_free(&d);
    catalog_free(c);
    /* a record of another URL (a hash collision, a hand edit) is none */
    snprintf(rec, sizeof rec, "paperdeck-remote 1\nurl https://other/x\nfetched 1\n");
    write_file(meta, rec);
    CHECK_INT(remote_info_of(name, &info, err, sizeof err), 0);
    CHECK(!info.cached);
    unsetenv("XDG_CACHE_HOME");
    unsetenv("HOME");
    CHECK_INT(remote_info_of(name, &info, err, sizeof err), -1);
    CHECK(strstr(err, "no cache directory") != NULL);
}

static void test_age(void)
{
    char buf[32];
    time_t now = time(NULL);
    remote_age_text(now - 5, buf, sizeof buf);
    CHECK(strcmp(buf, "5 s") == 0 || strcmp(buf, "6 s") == 0);
    remote_age_text(now - 300, buf, sizeof buf);
    CHECK_STR(buf, "5 min");
    remote_age_text(now - 3 * 86400, buf, sizeof buf);
    CHECK_STR(buf, "3 days");
    remote_age_text(now + 100, buf, sizeof buf); /* a clock set back */
    CHECK_STR(buf, "0 s");
}

int main(void)
{
    snprintf(scratch_dir, sizeof scratch_dir, "/tmp/paperdeck-remote-test-XXXXXX");
    if (!check_scratch(scratch_dir))
        return 1;
    RUN(test_names);
    RUN(test_gh);
    RUN(test_urls);
    RUN(test_age);
    RUN(test_cache);
    if (check_failed == 0)
        check_remove_scratch(scratch_dir);
    return check_summary();
}
