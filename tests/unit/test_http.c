/* test_http.c: the HTTP layer against the fixture server
 * (tests/net/fixture_server.py) on 127.0.0.1: what is fetched, what is
 * refused before any connection, and the one-line reason of every fault. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "fixture.h"
#include "paperdeck/http.h"

static char scratch[] = "/tmp/paperdeck-http-XXXXXX";
static fixture_server server;

/* GETs base+path; returns http_get's result, the reason in err. */
static int get(const char *path, http_request req, http_response *resp, char *err, size_t n)
{
    char url[512];
    snprintf(url, sizeof url, "%s%s", server.base, path);
    req.url = url;
    err[0] = '\0';
    return http_get(&req, resp, err, n);
}

static void test_url_policy(void)
{
    char err[256];
    CHECK_INT(http_url_allowed("https://raw.githubusercontent.com/a/b/HEAD/README.md", err,
                               sizeof err),
              0);
    CHECK_INT(http_url_allowed("http://127.0.0.1:8080/x", err, sizeof err), 0);
    CHECK_INT(http_url_allowed("http://127.4.5.6/x", err, sizeof err), 0);
    CHECK_INT(http_url_allowed("http://localhost/x", err, sizeof err), 0);
    CHECK_INT(http_url_allowed("http://[::1]:9/x", err, sizeof err), 0);
    err[0] = '\0';
    CHECK_INT(http_url_allowed("http://example.com/list.md", err, sizeof err), -1);
    CHECK(strstr(err, "http://example.com/list.md: plain http is refused") == err);
    CHECK_INT(http_url_allowed("http://127.0.0.1.evil.example/x", err, sizeof err), -1);
    CHECK_INT(http_url_allowed("http://128.0.0.1/x", err, sizeof err), -1);
    CHECK_INT(http_url_allowed("ftp://127.0.0.1/x", err, sizeof err), -1);
    CHECK(strstr(err, "only https://") != NULL);
    CHECK_INT(http_url_allowed("file:///etc/passwd", err, sizeof err), -1);
    CHECK_INT(http_url_allowed("not a url", err, sizeof err), -1);
    CHECK(strstr(err, "not a valid URL") != NULL);
    CHECK_INT(http_url_allowed("https://x", NULL, 0), 0); /* err may be NULL */
}

static void test_get_and_revalidate(void)
{
    char err[512];
    http_response r;
    fixture_write(&server, "list.md", "# A list\n\n- [Paper](https://arxiv.org/abs/2401.00001)\n");
    CHECK_INT(get("/list.md", (http_request){0}, &r, err, sizeof err), 0);
    CHECK_INT(r.status, 200);
    CHECK_STR(r.body, "# A list\n\n- [Paper](https://arxiv.org/abs/2401.00001)\n");
    CHECK_INT(r.len, strlen(r.body));
    CHECK(r.etag != NULL && r.etag[0] == '"');
    CHECK(r.last_modified != NULL);
    CHECK(r.final_url && strstr(r.final_url, "/list.md"));

    char *etag = strdup(r.etag ? r.etag : "");
    http_response_free(&r);
    CHECK_INT(get("/list.md", (http_request){.if_none_match = etag}, &r, err, sizeof err), 0);
    CHECK_INT(r.status, 304);
    CHECK_INT(r.len, 0);
    CHECK_STR(r.body, "");
    http_response_free(&r);

    fixture_write(&server, "list.md", "# A list, changed\n");
    CHECK_INT(get("/list.md", (http_request){.if_none_match = etag}, &r, err, sizeof err), 0);
    CHECK_INT(r.status, 200);
    CHECK_STR(r.body, "# A list, changed\n");
    CHECK(r.etag && strcmp(r.etag, etag) != 0);
    http_response_free(&r);
    free(etag);

    /* the request names paperdeck */
    CHECK(strstr(fixture_read(server.log), "paperdeck/" PAPERDECK_VERSION));
}

static void test_status_errors(void)
{
    char err[512];
    http_response r;
    CHECK_INT(get("/missing.md", (http_request){0}, &r, err, sizeof err), -1);
    CHECK_INT(r.status, 404);
    CHECK(strstr(err, "/missing.md: not found (HTTP 404)") != NULL);
    http_response_free(&r);

    CHECK_INT(get("/fault/retry/429/7", (http_request){0}, &r, err, sizeof err), -1);
    CHECK_INT(r.status, 429);
    CHECK_INT(r.retry_after_s, 7);
    CHECK(strstr(err, "rate limited (HTTP 429), retry after 7 s") != NULL);
    http_response_free(&r);

    CHECK_INT(get("/fault/retry/503/2", (http_request){0}, &r, err, sizeof err), -1);
    CHECK_INT(r.retry_after_s, 2);
    CHECK(strstr(err, "service unavailable (HTTP 503)") != NULL);
    http_response_free(&r);

    CHECK_INT(get("/fault/status/500", (http_request){0}, &r, err, sizeof err), -1);
    CHECK(strstr(err, "HTTP 500") != NULL);
    CHECK_INT(r.retry_after_s, -1);
    http_response_free(&r);
}

static void test_transfer_faults(void)
{
    char err[512];
    http_response r;
    fixture_write(&server, "slow.md", "slow\n");
    CHECK_INT(get("/fault/slow/3/slow.md", (http_request){.timeout_ms = 400}, &r, err, sizeof err),
              -1);
    CHECK(strstr(err, "timed out after 0.4 s") != NULL);
    http_response_free(&r);

    CHECK_INT(get("/fault/truncated", (http_request){0}, &r, err, sizeof err), -1);
    CHECK(strstr(err, "closed before the whole response arrived") != NULL);
    http_response_free(&r);

    /* the cap holds whether or not the size is announced */
    CHECK_INT(get("/fault/big/3", (http_request){.max_bytes = 1 << 20}, &r, err, sizeof err), -1);
    CHECK(strstr(err, "larger than the 1048576-byte cap") != NULL);
    CHECK(r.len <= 1 << 20);
    http_response_free(&r);
    CHECK_INT(get("/fault/big-chunked/3", (http_request){.max_bytes = 1 << 20}, &r, err,
                  sizeof err),
              -1);
    CHECK(strstr(err, "larger than the 1048576-byte cap") != NULL);
    http_response_free(&r);
    CHECK_INT(get("/fault/big/1", (http_request){.max_bytes = 2 << 20}, &r, err, sizeof err), 0);
    CHECK_INT(r.len, 1 << 20);
    http_response_free(&r);
}

static void test_redirects(void)
{
    char err[512], path[512];
    http_response r;
    fixture_write(&server, "target.md", "arrived\n");
    snprintf(path, sizeof path, "/fault/redirect?to=%s/target.md", server.base);
    CHECK_INT(get(path, (http_request){0}, &r, err, sizeof err), 0);
    CHECK_STR(r.body, "arrived\n");
    CHECK(r.final_url && strstr(r.final_url, "/target.md") != NULL);
    http_response_free(&r);

    CHECK_INT(get("/fault/redirect?to=/target.md", (http_request){0}, &r, err, sizeof err), 0);
    CHECK_STR(r.body, "arrived\n");
    http_response_free(&r);

    CHECK_INT(get("/fault/loop", (http_request){0}, &r, err, sizeof err), -1);
    CHECK(strstr(err, "too many redirects") != NULL);
    http_response_free(&r);

    /* a hop to plain http elsewhere is refused before connecting to it */
    CHECK_INT(get("/fault/redirect?to=http://example.invalid/x", (http_request){0}, &r, err,
                  sizeof err),
              -1);
    CHECK(strstr(err, "http://example.invalid/x: plain http is refused") != NULL);
    http_response_free(&r);
}

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void *cancel_later(void *flag)
{
    struct timespec wait = {0, 300 * 1000000L};
    nanosleep(&wait, NULL);
    atomic_store((atomic_bool *)flag, true);
    return NULL;
}

/* A transfer whose cancel flag another thread sets stops within about a
 * second (libcurl's progress calls), with its own reason, not when the
 * server at last answers (20 s) or the timeout ends it. */
static void test_cancel(void)
{
    char err[512];
    http_response r;
    atomic_bool cancel = false;
    pthread_t t;
    fixture_write(&server, "slow.md", "slow\n");
    CHECK_INT(pthread_create(&t, NULL, cancel_later, &cancel), 0);
    long long start = now_ms();
    CHECK_INT(get("/fault/slow/20/slow.md", (http_request){.cancel = &cancel}, &r, err, sizeof err),
              -1);
    long long took = now_ms() - start;
    pthread_join(t, NULL);
    CHECK(took >= 300 && took < 3000);
    CHECK(strstr(err, "/fault/slow/20/slow.md: cancelled") != NULL);
    http_response_free(&r);
    /* set before the call: nothing is fetched */
    CHECK_INT(get("/list.md", (http_request){.cancel = &cancel}, &r, err, sizeof err), -1);
    CHECK(strstr(err, "cancelled") != NULL);
    http_response_free(&r);
}

/* TLS is verified: a server whose certificate no one signed is refused
 * with a one-line reason, and nothing is read from it. */
static void test_tls_verified(void)
{
    char url[128], err[512];
    fixture_server tls = {0};
    CHECK(fixture_start_tls(&tls, scratch, SOURCE_DIR "/tests/net/selfsigned.pem"));
    fixture_write(&tls, "secret.md", "should not be read\n");
    snprintf(url, sizeof url, "%s/secret.md", tls.base);
    http_response r;
    CHECK_INT(http_get(&(http_request){.url = url}, &r, err, sizeof err), -1);
    CHECK(strstr(err, "/secret.md: TLS failed: ") != NULL);
    CHECK(strchr(err, '\n') == NULL);
    CHECK_STR(r.body, "");
    http_response_free(&r);
    fixture_stop(&tls);
}

/* A host name that cannot resolve (.invalid never does, RFC 6761). */
static void test_dns(void)
{
    char err[512];
    http_response r;
    CHECK_INT(http_get(&(http_request){.url = "https://paperdeck-test.invalid/list.md"}, &r, err,
                       sizeof err),
              -1);
    CHECK(strstr(err, "https://paperdeck-test.invalid/list.md: cannot resolve the host name")
          != NULL);
    http_response_free(&r);
}

static void test_no_server(void)
{
    char err[512];
    http_response r;
    /* a port nothing listens on: the server's port after it is gone */
    fixture_stop(&server);
    CHECK_INT(get("/list.md", (http_request){0}, &r, err, sizeof err), -1);
    CHECK(strstr(err, "cannot connect") != NULL);
    CHECK_INT(r.status, 0);
    http_response_free(&r);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    if (!check_scratch(scratch))
        return 1;
    RUN(test_url_policy);
    if (!fixture_start(&server, scratch))
        return 1;
    RUN(test_get_and_revalidate);
    RUN(test_status_errors);
    RUN(test_transfer_faults);
    RUN(test_redirects);
    RUN(test_cancel);
    RUN(test_tls_verified);
    RUN(test_dns);
    RUN(test_no_server);
    fixture_stop(&server);
    check_remove_scratch(scratch);
    return check_summary();
}
