/* test_http.c: the HTTP layer against the fixture server
 * (tests/net/fixture_server.py) on 127.0.0.1: what is fetched, what is
 * refused before any connection, and the one-line reason of every fault. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "paperdeck/http.h"

static char scratch[] = "/tmp/paperdeck-http-XXXXXX";
static char base[64];
static pid_t server;

static void write_file(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/root/%s", scratch, name);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static char *slurp(const char *path)
{
    static char buf[1 << 16];
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = '\0';
    return buf;
}

/* Starts the fixture server (over https with tls, a PEM, when not NULL)
 * as *pid; its base URL in url. */
static bool start_server_as(const char *tls, pid_t *pid, char *url, size_t size)
{
    char root[512], portfile[512], log[512], script[512];
    snprintf(root, sizeof root, "%s/root", scratch);
    snprintf(portfile, sizeof portfile, "%s/port%s", scratch, tls ? "-tls" : "");
    snprintf(log, sizeof log, "%s/log", scratch);
    snprintf(script, sizeof script, "%s/tests/net/fixture_server.py", SOURCE_DIR);
    mkdir(root, 0755);
    fflush(NULL);
    *pid = fork();
    if (*pid == 0) {
        execlp("python3", "python3", script, "--root", root, "--port-file", portfile, "--log", log,
               tls ? "--tls" : (char *)NULL, tls, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 200; i++) { /* 10 s */
        int port = atoi(slurp(portfile));
        if (port > 0) {
            snprintf(url, size, "%s://127.0.0.1:%d", tls ? "https" : "http", port);
            return true;
        }
        struct timespec tick = {0, 50 * 1000000L};
        nanosleep(&tick, NULL);
    }
    return false;
}

static bool start_server(void)
{
    return start_server_as(NULL, &server, base, sizeof base);
}

/* GETs base+path; returns http_get's result, the reason in err. */
static int get(const char *path, http_request req, http_response *resp, char *err, size_t n)
{
    char url[512];
    snprintf(url, sizeof url, "%s%s", base, path);
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
    write_file("list.md", "# A list\n\n- [Paper](https://arxiv.org/abs/2401.00001)\n");
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

    write_file("list.md", "# A list, changed\n");
    CHECK_INT(get("/list.md", (http_request){.if_none_match = etag}, &r, err, sizeof err), 0);
    CHECK_INT(r.status, 200);
    CHECK_STR(r.body, "# A list, changed\n");
    CHECK(r.etag && strcmp(r.etag, etag) != 0);
    http_response_free(&r);
    free(etag);

    /* the request names paperdeck */
    CHECK(strstr(slurp(strcat(strcpy(err, scratch), "/log")), "paperdeck/" PAPERDECK_VERSION));
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
    write_file("slow.md", "slow\n");
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
    write_file("target.md", "arrived\n");
    snprintf(path, sizeof path, "/fault/redirect?to=%s/target.md", base);
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

/* TLS is verified: a server whose certificate no one signed is refused
 * with a one-line reason, and nothing is read from it. */
static void test_tls_verified(void)
{
    char pem[512], url[64], err[512];
    pid_t tls;
    snprintf(pem, sizeof pem, "%s/tests/net/selfsigned.pem", SOURCE_DIR);
    CHECK(start_server_as(pem, &tls, url, sizeof url));
    write_file("secret.md", "should not be read\n");
    strcat(url, "/secret.md");
    http_response r;
    CHECK_INT(http_get(&(http_request){.url = url}, &r, err, sizeof err), -1);
    CHECK(strstr(err, "/secret.md: TLS failed: ") != NULL);
    CHECK(strchr(err, '\n') == NULL);
    CHECK_STR(r.body, "");
    http_response_free(&r);
    kill(tls, SIGTERM);
    waitpid(tls, NULL, 0);
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
    kill(server, SIGTERM);
    waitpid(server, NULL, 0);
    server = 0;
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
    if (!start_server()) {
        fprintf(stderr, "test_http: the fixture server did not start (python3?)\n");
        return 1;
    }
    RUN(test_get_and_revalidate);
    RUN(test_status_errors);
    RUN(test_transfer_faults);
    RUN(test_redirects);
    RUN(test_tls_verified);
    RUN(test_dns);
    RUN(test_no_server);
    if (server > 0) {
        kill(server, SIGTERM);
        waitpid(server, NULL, 0);
    }
    check_remove_scratch(scratch);
    return check_summary();
}
