/* arxiv_store: the arXiv records fetched so far, keyed by arXiv id (without
 * version), kept in one file under XDG_CACHE_HOME. A side store: the lists
 * are never changed; output, the detail view and the query look records up
 * by an entry's id.
 *
 * The file is text, one record per line, replaced whole and atomically
 * (fileio_replace), so a kill at any moment leaves the old records or the
 * new ones. Saving merges with what is on disk under a lock, so two
 * paperdeck processes fetching at once lose nothing. Not thread-safe: one
 * thread per store (the browser's background fetch works on its own). */
#ifndef PAPERDECK_ARXIV_STORE_H
#define PAPERDECK_ARXIV_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "paperdeck/arxiv_record.h"

/* A record older than this is fetched again. */
#define ARXIV_REFRESH_SECONDS (30 * 24 * 3600)

typedef struct arxiv_store arxiv_store;

arxiv_store *arxiv_store_new(void);
void arxiv_store_free(arxiv_store *s);

/* The store's file, $XDG_CACHE_HOME/paperdeck/arxiv-records (default
 * ~/.cache/paperdeck/...). False when it cannot be named. */
bool arxiv_store_path(char *buf, size_t size);

/* Replaces s's records with the file's. A missing file is an empty store.
 * -1 with "PATH:LINE: ..." in err when the file cannot be read or a line is
 * not a record; s is then empty. */
int arxiv_store_load(arxiv_store *s, const char *path, char *err, size_t errsize);
/* Writes s to path, first taking in the records on disk that s lacks or has
 * older versions of (so s ends up holding both). The directory is made
 * when missing. -1 with a one-line reason in err; the file is then as it
 * was. */
int arxiv_store_save(arxiv_store *s, const char *path, char *err, size_t errsize);

/* Makes the directory of the store's file path when missing. 0, or -1
 * with a one-line reason in err. */
int arxiv_store_make_dir(const char *path, char *err, size_t errsize);

size_t arxiv_store_count(const arxiv_store *s);
/* The record of id (with or without its version), NULL when there is none. */
const arxiv_record *arxiv_store_get(const arxiv_store *s, const char *id);
/* True when r was fetched less than ARXIV_REFRESH_SECONDS before now. */
bool arxiv_store_fresh(const arxiv_record *r, int64_t now);
/* Takes r's contents in (r is zeroed), replacing the record of its id. */
void arxiv_store_put(arxiv_store *s, arxiv_record *r);

#endif
