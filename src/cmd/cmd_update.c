/* update: fetches every followed list, one at a time and politely (a
 * conditional GET each, a pause between requests to one host, a server's
 * Retry-After honoured once), with a progress line per list; entries that
 * appeared since the copy before are marked new (is:new). With
 * fetch-on-update = yes in the settings, the arXiv records of the updated
 * lists' entries are fetched after (as paperdeck fetch does). */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "paperdeck/remote.h"
#include "paperdeck/xalloc.h"

/* Between two requests to the same host. */
#define PAUSE_MS 250
/* The longest Retry-After waited for; a longer one skips the list. */
#define RETRY_WAIT_MAX_S 30

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

/* The host part of name's URL ("" when it has none), to pace by. */
static void host_of(const char *name, char *host, size_t size)
{
    char url[REMOTE_URL_MAX], err[256];
    host[0] = '\0';
    if (remote_url(name, url, sizeof url, err, sizeof err) != 0)
        return;
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    snprintf(host, size, "%.*s", (int)strcspn(p, "/?#"), p);
}

/* Fetches one list, once more after the wait a 429 or 503 asked for. */
static int fetch_politely(const char *name, remote_result *res, char *err, size_t errsize)
{
    int rc = remote_fetch(name, 0, NULL, res, err, errsize);
    if (rc != 0 && (res->status == 429 || res->status == 503) && res->retry_after_s >= 0
        && res->retry_after_s <= RETRY_WAIT_MAX_S) {
        fprintf(stderr, "  %s: the server asks to wait %ld s\n", name, res->retry_after_s);
        sleep_ms(res->retry_after_s * 1000);
        rc = remote_fetch(name, 0, NULL, res, err, errsize);
    }
    return rc;
}

static int update_exec(cmd_args *a)
{
    bool named = a->nfiles > 0; /* before cmd_settings fills in the default lists */
    if (cmd_settings(a, NULL, 0) >= 0)
        return EXIT_USAGE;
    /* the named lists, or every followed one */
    const char *const *names = named ? a->files : (const char *const *)a->cfg.follows;
    size_t n = named ? (size_t)a->nfiles : a->cfg.nfollows;
    if (n == 0) {
        fprintf(stderr, "paperdeck: update: no list followed (paperdeck follow gh:OWNER/REPO)\n");
        return EXIT_USAGE;
    }
    char last_host[256] = "";
    size_t failed = 0, appeared = 0;
    const char **updated = xmalloc(n * sizeof *updated); /* for fetch-on-update */
    for (size_t i = 0; i < n; i++) {
        char host[256], err[1024];
        host_of(names[i], host, sizeof host);
        if (i > 0 && strcmp(host, last_host) == 0)
            sleep_ms(PAUSE_MS);
        snprintf(last_host, sizeof last_host, "%s", host);
        remote_result res;
        if (fetch_politely(names[i], &res, err, sizeof err) != 0) {
            fprintf(stderr, "[%zu/%zu] failed: %s\n", i + 1, n, err);
            failed++;
            continue;
        }
        appeared += res.appeared;
        updated[i - failed] = names[i];
        if (res.changed)
            fprintf(stderr, "[%zu/%zu] %s: %u entries, %u new\n", i + 1, n, names[i], res.entries,
                    res.appeared);
        else
            fprintf(stderr, "[%zu/%zu] %s: unchanged (%u entries)\n", i + 1, n, names[i],
                    res.entries);
    }
    fprintf(stderr, "updated %zu of %zu list%s: %zu new entr%s%s\n", n - failed, n,
            n == 1 ? "" : "s", appeared, appeared == 1 ? "y" : "ies",
            appeared ? " (is:new finds them)" : "");
    int status = failed ? EXIT_USAGE : EXIT_OK;
    free(a->files);
    a->files = updated;
    a->nfiles = (int)(n - failed);
    if (a->cfg.fetch_on_update && a->nfiles > 0) {
        /* the settings say so: the arXiv records of the lists just updated */
        fprintf(stderr, "fetching their arXiv records (fetch-on-update = yes)\n");
        int fetched = cmd_run_loaded(a, cmd_fetch_records);
        if (status == EXIT_OK)
            status = fetched;
    }
    return status;
}

CMD_ENTRY(update, "update [NAME...]", "fetch the followed lists, mark new entries", 0);
