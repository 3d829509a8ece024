/* cache: a loaded list saved as a file that maps back in at once.
 *
 * Parsing a million entries of YAML takes seconds; mapping the same catalog
 * back from a file takes milliseconds. The cache is written where the
 * catalog's pointers will be valid when the file is mapped at a fixed
 * address, so nothing is fixed up on the way in: the catalog is used in
 * place. It is keyed by the lists' real paths and checked against each
 * file's device, inode, size and modification time, its own size, a
 * checksum of every byte, and the names the files were given (which its
 * messages use); a cache that is stale, corrupt, from another
 * version, or that cannot be mapped at its address is ignored (and then
 * rewritten by the next full load). Caches unused for 30 days are removed
 * when another is saved. The checksum is against accidents (a full disk, a
 * crash mid-write); the cache directory is trusted like the settings file. */
#ifndef PAPERDECK_CACHE_H
#define PAPERDECK_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "paperdeck/catalog.h"
#include "paperdeck/diag.h"
#include "paperdeck/index.h"

/* The cache file for these lists: $XDG_CACHE_HOME/paperdeck/ (else
 * ~/.cache/paperdeck/) and a hash of their real paths. False when they have
 * none: stdin among them, a file that cannot be resolved, no cache
 * directory, or PAPERDECK_CACHE=off in the environment. */
bool cache_path(const char *const *files, int nfiles, char *out, size_t size);

/* The catalog saved at path, when it is valid for files, named as they
 * are; else NULL (and nothing is reported: a missing or stale cache is
 * normal). The warnings the lists had when they were saved are added to
 * d. summaries gets the
 * index's title summaries saved with it (index_build_with), all NULL when
 * there are none; they live as long as the catalog. Free it with
 * catalog_free. */
catalog *cache_load(const char *path, const char *const *files, int nfiles,
                    const void *summaries[INDEX_SUMMARY_PARTS], diag *d);

/* The files' identities (device, inode, size, modification time). */
#define CACHE_MAX_FILES 16
typedef struct cache_source {
    uint64_t dev, ino, size;
    int64_t mtime_s, mtime_ns;
} cache_source;
typedef struct cache_stamp {
    int nfiles;
    cache_source src[CACHE_MAX_FILES];
} cache_stamp;

/* Takes the files' identities: before they are read, so that a file that
 * changes while it loads leaves a cache that is stale, not one that passes
 * for the file's new contents. False when a file is not a regular file or
 * there are more than CACHE_MAX_FILES. */
bool cache_stamp_files(const char *const *files, int nfiles, cache_stamp *out);
/* Whether two stamps are of the same files in the same state. */
bool cache_stamp_equal(const cache_stamp *a, const cache_stamp *b);

/* Saves c (finished), the title summaries of ix (its index; may be NULL)
 * and the warnings in d as the cache of the files stamp was taken of
 * (before c was loaded from them), written to a temporary file and renamed
 * over path, so a reader sees the old cache or the new one. False, leaving
 * nothing behind, on any failure. */
bool cache_save(const char *path, const catalog *c, const paper_index *ix, const diag *d,
                const cache_stamp *stamp);

#endif
