/* remote: lists named by a URL or by gh:OWNER/REPO[/PATH][@REF], fetched
 * over HTTPS and kept in the cache.
 *
 * A remote name is a list's name wherever a FILE is taken (browse, list,
 * check, import, the settings' list and follow lines). gh:OWNER/REPO/PATH@REF
 * reads $PAPERDECK_GITHUB_URL/OWNER/REPO/REF/PATH (default base
 * https://raw.githubusercontent.com, REF HEAD, PATH README.md). https:// is
 * taken for any host; http:// only for a loopback host (127.0.0.0/8, ::1,
 * localhost), and any other is refused before a connection is made.
 *
 * Every fetched list is kept in $XDG_CACHE_HOME/paperdeck/remote/: the
 * copy (KEY.md or KEY.yaml, KEY a hash of the URL) and its record (KEY.meta:
 * the URL, the ETag and Last-Modified the server sent, when the copy was
 * last fetched or confirmed). Both are replaced atomically, the copy first:
 * a fetch that fails, is cut short or is refused leaves the copy that was
 * there. Loading a remote name reads its copy; nothing goes over the
 * network unless remote_fetch is called.
 *
 * A fetch that brings a new version of a list the cache held marks the
 * entries it has that the old copy had not as new (MARK_NEW in marks.h),
 * so that is:new finds them until they are read. */
#ifndef PAPERDECK_REMOTE_H
#define PAPERDECK_REMOTE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "paperdeck/catalog.h"
#include "paperdeck/diag.h"
#include "paperdeck/md_import.h"

#define REMOTE_URL_MAX 2048

/* Whether name is a remote name (starts with gh:, http:// or https://);
 * says nothing of whether it is a valid one. */
bool remote_is_name(const char *name);

/* The URL name reads, in url (size bytes). -1 with a one-line reason in
 * err when the name is malformed or its URL is refused (http:// to a host
 * that is not loopback, another scheme). */
int remote_url(const char *name, char *url, size_t size, char *err, size_t errsize);

/* What the cache knows of a remote list. */
typedef struct remote_info {
    bool cached;     /* a copy is there */
    int64_t fetched; /* when the server last sent or confirmed it (Unix time) */
    bool yaml;       /* the copy is YAML (the URL ends in .yaml or .yml) */
    char path[4096]; /* the copy's file */
} remote_info;

/* Fills *info for name. -1 with a reason in err when the name is not a
 * valid remote name or there is no cache directory. */
int remote_info_of(const char *name, remote_info *info, char *err, size_t errsize);

/* How a fetch ended. */
typedef struct remote_result {
    int status;         /* HTTP status: 200, 304, or the error's; 0 when none came */
    bool changed;       /* a new version was saved over the copy */
    uint32_t entries;   /* entries of the list now cached (0 when unknown) */
    uint32_t appeared;  /* of them, new since the copy before (marked MARK_NEW) */
    long retry_after_s; /* the server's Retry-After on a 429 or 503, else -1 */
} remote_result;

enum {
    REMOTE_FORCE = 1 << 0, /* fetch whole, without If-None-Match/If-Modified-Since */
};

/* Fetches name (conditionally, with the validators of the copy, unless
 * REMOTE_FORCE), checks that the body is a list that loads without errors,
 * and saves it and its record. -1 with a one-line reason in err ("gh:a/b:
 * HTTP 404 Not Found", "gh:a/b: README.md:3:1: error: ...") when it failed:
 * the copy and record that were there are untouched. Safe to call on a
 * thread other than the browser's (it touches no shared state but files);
 * cancel, when not NULL, stops it from another thread (http_request's). */
int remote_fetch(const char *name, unsigned flags, const atomic_bool *cancel, remote_result *res,
                 char *err, size_t errsize);

/* Loads name's cached copy into c, as lists_load_one loads a file (the
 * messages name the list by name); with markdown_only a YAML copy is
 * refused (import). An error in d when there is no copy ("not fetched
 * yet"). */
int remote_load(catalog *c, const char *name, bool as_group, bool markdown_only, diag *d,
                md_stats *st);

/* "12 s", "5 min", "3 h", "2 days": how long ago t was. */
void remote_age_text(int64_t t, char *buf, size_t size);

#endif

/* --- in the background (the browser) ---------------------------------------- */

typedef struct remote_bg remote_bg;

/* The remote names among names[0..n) (copied), to be fetched on a thread.
 * NULL when there are none. */
remote_bg *remote_bg_new(const char *const *names, int n);
/* Starts fetching them all, one after the other, on a thread (flags as
 * remote_fetch's). False when a fetch is already under way. */
bool remote_bg_start(remote_bg *b, unsigned flags);
/* Never blocks. True once when a fetch has ended, with what came of it in
 * msg ("gh:a/b: 3 entries, 1 new"; a failure's reason and the age of the
 * copy kept) and *error set when a list failed. A new version has been
 * written over its copy by then. */
bool remote_bg_poll(remote_bg *b, char *msg, size_t size, bool *error);
/* For the status line: "fetching" while a fetch runs; after a failed one
 * "cached copy, 3 h old" (the oldest copy of a list that failed); ""
 * when every list is as its server last said. */
void remote_bg_note(remote_bg *b, char *buf, size_t size);
/* Frees b; a fetch under way is cancelled and waited for, which takes
 * about a second at most (quitting never waits out a slow server). */
void remote_bg_free(remote_bg *b);

/* The file to watch for name: its copy for a remote name, else name
 * itself; in buf (size bytes). */
const char *remote_watch_path(const char *name, char *buf, size_t size);
