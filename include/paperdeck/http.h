/* http: one GET of one URL into memory, the only place paperdeck talks to
 * the network (libcurl). Nothing here runs unless a caller asks for a remote
 * list or a fetch.
 *
 * Policy, the same for every caller: https with verified TLS; plain http
 * only to a loopback host (127.0.0.0/8, ::1, localhost), so tests can run a
 * local server; redirects followed by hand, at most HTTP_MAX_REDIRECTS, each
 * hop checked against the same rule; every body capped; a connect and a
 * total timeout; a User-Agent naming paperdeck and its version; one
 * connection at a time per call (callers pace themselves).
 *
 * Thread-safe: each call has its own handle; libcurl's global set-up is run
 * once, the first time. */
#ifndef PAPERDECK_HTTP_H
#define PAPERDECK_HTTP_H

#include <stdatomic.h>
#include <stddef.h>

#define HTTP_DEFAULT_MAX_BYTES ((size_t)32 << 20)
#define HTTP_DEFAULT_TIMEOUT_MS 30000L
#define HTTP_DEFAULT_CONNECT_TIMEOUT_MS 10000L
#define HTTP_MAX_REDIRECTS 5

typedef struct http_request {
    const char *url;
    const char *if_none_match;     /* an ETag kept from before, or NULL */
    const char *if_modified_since; /* a Last-Modified kept from before, or NULL */
    size_t max_bytes;              /* cap on the body; 0: HTTP_DEFAULT_MAX_BYTES */
    long timeout_ms;               /* whole transfer; 0: HTTP_DEFAULT_TIMEOUT_MS */
    long connect_timeout_ms;       /* 0: HTTP_DEFAULT_CONNECT_TIMEOUT_MS */
    /* NULL, or a flag another thread sets to stop the transfer: http_get
     * then returns -1 ("cancelled") within about a second (libcurl's
     * progress calls come at least once a second), so a program that quits
     * does not wait out a slow server or exit under a running transfer. */
    const atomic_bool *cancel;
} http_request;

typedef struct http_response {
    long status; /* the last hop's status, 0 when none arrived */
    char *body;  /* NUL-terminated (len excludes it); never NULL after a call */
    size_t len;
    char *etag;          /* ETag header, or NULL */
    char *last_modified; /* Last-Modified header, or NULL */
    long retry_after_s;  /* Retry-After (seconds or a date) on any status, -1 without */
    char *final_url;     /* the URL the body came from, after redirects */
} http_response;

/* GETs req->url. Returns 0 for a 2xx or a 304 (status tells which; a 304's
 * body is empty), -1 for everything else with a one-line reason in err
 * naming the URL and what went wrong (refused URL, DNS, connect, TLS,
 * timeout, HTTP status, rate limited with the wait asked for, body over the
 * cap, truncated body, too many redirects, cancelled). resp is filled as far as the
 * exchange got (status, retry_after_s) and must be freed either way. */
int http_get(const http_request *req, http_response *resp, char *err, size_t errsize);

void http_response_free(http_response *resp);

/* Whether paperdeck may fetch url at all, decided before any connection:
 * https, or http to a loopback host. 0, or -1 with the reason in err. */
int http_url_allowed(const char *url, char *err, size_t errsize);

/* "paperdeck/VERSION (+https://...)", the User-Agent every request sends. */
const char *http_user_agent(void);

/* The environment variable name overrides every base URL gets: the value
 * of name, or fallback when it is unset or empty. */
const char *http_base_url(const char *env_name, const char *fallback);

#endif
