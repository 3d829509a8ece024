/* http.c: one GET through libcurl, with paperdeck's network policy (see
 * http.h). Redirects are followed here rather than by libcurl so that every
 * hop passes http_url_allowed: libcurl's own protocol filter cannot say
 * "http, but only to loopback". */
#include "paperdeck/http.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paperdeck/array.h"
#include "paperdeck/ascii.h"
#include "paperdeck/xalloc.h"

static pthread_once_t global_once = PTHREAD_ONCE_INIT;

static void global_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

const char *http_user_agent(void)
{
    return "paperdeck/" PAPERDECK_VERSION " (terminal browser for reading lists of papers)";
}

const char *http_base_url(const char *env_name, const char *fallback)
{
    const char *v = getenv(env_name);
    return v && *v ? v : fallback;
}

static void say(char *err, size_t errsize, const char *url, const char *what)
{
    if (err && errsize)
        snprintf(err, errsize, "%s: %s", url, what);
}

/* ---- which URLs may be fetched ------------------------------------------ */

/* Whether s is a dotted quad a.b.c.d (each 0-255, no sign, no spaces) whose
 * first number is 127: the loopback network. */
static bool is_loopback_quad(const char *s)
{
    for (int part = 0; part < 4; part++) {
        if (!ascii_is_digit((unsigned char)*s))
            return false;
        char *end;
        unsigned long v = strtoul(s, &end, 10);
        if (v > 255 || end - s > 3 || (part == 0 && v != 127))
            return false;
        s = end;
        if (part < 3 && *s++ != '.')
            return false;
    }
    return *s == '\0';
}

static bool host_is_loopback(const char *host)
{
    return (strlen(host) == 9 && ascii_eq_n(host, "localhost", 9)) || strcmp(host, "[::1]") == 0
        || strcmp(host, "::1") == 0 || is_loopback_quad(host);
}

int http_url_allowed(const char *url, char *err, size_t errsize)
{
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL;
    int rc = -1;
    if (!u)
        abort(); /* libcurl's only failure here is out of memory */
    if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK
        || curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK
        || curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
        say(err, errsize, url, "not a valid URL (expected https://HOST/PATH)");
    } else if (strcmp(scheme, "https") == 0) {
        rc = 0;
    } else if (strcmp(scheme, "http") == 0) {
        if (host_is_loopback(host))
            rc = 0;
        else
            say(err, errsize, url,
                "plain http is refused (only https, or http to 127.0.0.1, ::1 or localhost)");
    } else {
        say(err, errsize, url, "only https:// URLs can be fetched");
    }
    curl_free(scheme);
    curl_free(host);
    curl_url_cleanup(u);
    return rc;
}

/* ---- one exchange --------------------------------------------------------- */

typedef struct exchange {
    strbuf body;
    size_t max_bytes;
    bool too_big;
    http_response *resp;
} exchange;

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
    exchange *x = ctx;
    size_t len = size * n;
    if (x->body.n + len > x->max_bytes) {
        x->too_big = true;
        return 0; /* makes libcurl stop with CURLE_WRITE_ERROR */
    }
    strbuf_add(&x->body, data, len);
    return len;
}

/* A header's value with the name's colon and the surrounding blanks gone,
 * or NULL when line is not that header. */
static char *header_value(const char *line, size_t len, const char *name)
{
    size_t n = strlen(name);
    if (len <= n || line[n] != ':' || !ascii_eq_n(line, name, n))
        return NULL;
    const char *v = line + n + 1, *end = line + len;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
        end--;
    return xstrndup(v, (size_t)(end - v));
}

static long parse_retry_after(const char *v)
{
    char *end;
    long s = strtol(v, &end, 10);
    if (end != v && *end == '\0')
        return s < 0 ? 0 : s;
    time_t when = curl_getdate(v, NULL);
    if (when == -1)
        return -1;
    long wait = (long)(when - time(NULL));
    return wait < 0 ? 0 : wait;
}

static size_t on_header(char *line, size_t size, size_t n, void *ctx)
{
    http_response *r = ((exchange *)ctx)->resp;
    size_t len = size * n;
    char *v;
    if (len >= 5 && memcmp(line, "HTTP/", 5) == 0) {
        /* a new response (after a 100 Continue): forget the last one's */
        free(r->etag);
        free(r->last_modified);
        r->etag = r->last_modified = NULL;
        r->retry_after_s = -1;
    } else if ((v = header_value(line, len, "ETag"))) {
        free(r->etag);
        r->etag = v;
    } else if ((v = header_value(line, len, "Last-Modified"))) {
        free(r->last_modified);
        r->last_modified = v;
    } else if ((v = header_value(line, len, "Retry-After"))) {
        r->retry_after_s = parse_retry_after(v);
        free(v);
    }
    return len;
}

/* libcurl's progress call: a non-zero return stops the transfer. */
static int on_progress(void *cancel, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
    return atomic_load((const atomic_bool *)cancel) ? 1 : 0;
}

static CURL *handle_for(const http_request *req, const char *url, exchange *x,
                        struct curl_slist **headers, char *curl_err)
{
    CURL *h = curl_easy_init();
    if (!h)
        abort();
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_USERAGENT, http_user_agent());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, curl_err);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS,
                     req->timeout_ms > 0 ? req->timeout_ms : HTTP_DEFAULT_TIMEOUT_MS);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                     req->connect_timeout_ms > 0 ? req->connect_timeout_ms
                                                 : HTTP_DEFAULT_CONNECT_TIMEOUT_MS);
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->max_bytes);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
    if (req->cancel) {
        curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(h, CURLOPT_XFERINFODATA, (void *)req->cancel);
    }
    *headers = NULL;
    char line[1024];
    if (req->if_none_match) {
        snprintf(line, sizeof line, "If-None-Match: %s", req->if_none_match);
        *headers = curl_slist_append(*headers, line);
    }
    if (req->if_modified_since) {
        snprintf(line, sizeof line, "If-Modified-Since: %s", req->if_modified_since);
        *headers = curl_slist_append(*headers, line);
    }
    if (*headers)
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, *headers);
    return h;
}

/* The one-line reason for a transfer libcurl gave up on. */
static void say_transfer_error(char *err, size_t errsize, const char *url, CURLcode rc,
                               const exchange *x, const char *curl_err, long timeout_ms)
{
    char what[CURL_ERROR_SIZE + 64];
    switch (rc) {
    case CURLE_ABORTED_BY_CALLBACK:
        snprintf(what, sizeof what, "cancelled");
        break;
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
        snprintf(what, sizeof what, "response larger than the %zu-byte cap", x->max_bytes);
        break;
    case CURLE_COULDNT_RESOLVE_HOST:
        snprintf(what, sizeof what, "cannot resolve the host name (offline?)");
        break;
    case CURLE_COULDNT_CONNECT:
        snprintf(what, sizeof what, "cannot connect: %s", curl_err);
        break;
    case CURLE_OPERATION_TIMEDOUT:
        snprintf(what, sizeof what, "timed out after %.1f s", (double)timeout_ms / 1000.0);
        break;
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
        snprintf(what, sizeof what, "the connection closed before the whole response arrived");
        break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE:
        snprintf(what, sizeof what, "TLS failed: %s",
                 *curl_err ? curl_err : curl_easy_strerror(rc));
        break;
    default:
        snprintf(what, sizeof what, "%s", *curl_err ? curl_err : curl_easy_strerror(rc));
    }
    say(err, errsize, url, what);
}

static void say_status(char *err, size_t errsize, const char *url, const http_response *r)
{
    char what[128];
    if ((r->status == 429 || r->status == 503) && r->retry_after_s >= 0)
        snprintf(what, sizeof what, "%s (HTTP %ld), retry after %ld s",
                 r->status == 429 ? "rate limited" : "service unavailable", r->status,
                 r->retry_after_s);
    else if (r->status == 404)
        snprintf(what, sizeof what, "not found (HTTP 404)");
    else
        snprintf(what, sizeof what, "HTTP %ld", r->status);
    say(err, errsize, url, what);
}

/* One hop: 0 with the response in resp (any status), -1 when no response
 * came. *next is the Location of a redirect, or NULL. */
static int get_once(const http_request *req, const char *url, http_response *resp, char **next,
                    char *err, size_t errsize)
{
    exchange x = {.max_bytes = req->max_bytes ? req->max_bytes : HTTP_DEFAULT_MAX_BYTES,
                  .resp = resp};
    char curl_err[CURL_ERROR_SIZE] = "";
    struct curl_slist *headers;
    CURL *h = handle_for(req, url, &x, &headers, curl_err);
    CURLcode rc = curl_easy_perform(h);
    int result = 0;
    *next = NULL;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp->status);
    if (rc != CURLE_OK) {
        say_transfer_error(err, errsize, url, rc, &x, curl_err,
                           req->timeout_ms > 0 ? req->timeout_ms : HTTP_DEFAULT_TIMEOUT_MS);
        result = -1;
    } else if (resp->status >= 300 && resp->status < 400 && resp->status != 304) {
        char *location = NULL;
        curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &location);
        if (location)
            *next = xstrdup(location);
    }
    free(resp->body);
    strbuf_add(&x.body, "", 0); /* a body is always a string, even empty */
    resp->body = x.body.s;
    resp->len = x.body.n;
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    return result;
}

int http_get(const http_request *req, http_response *resp, char *err, size_t errsize)
{
    pthread_once(&global_once, global_init);
    *resp = (http_response){.retry_after_s = -1};
    char *url = xstrdup(req->url);
    for (int hop = 0;; hop++) {
        char *next;
        if (http_url_allowed(url, err, errsize) != 0
            || get_once(req, url, resp, &next, err, errsize) != 0) {
            free(url);
            return -1;
        }
        if (!next)
            break;
        if (hop == HTTP_MAX_REDIRECTS) {
            say(err, errsize, req->url, "too many redirects");
            free(next);
            free(url);
            return -1;
        }
        free(url);
        url = next;
    }
    resp->final_url = url;
    if (resp->status == 304 || (resp->status >= 200 && resp->status < 300))
        return 0;
    say_status(err, errsize, url, resp);
    return -1;
}

void http_response_free(http_response *resp)
{
    free(resp->body);
    free(resp->etag);
    free(resp->last_modified);
    free(resp->final_url);
    *resp = (http_response){.retry_after_s = -1};
}
