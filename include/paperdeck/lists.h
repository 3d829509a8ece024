/* lists: the lists a command names (YAML or markdown files, stdin as "-",
 * or the embedded list when there are none) loaded into one finished
 * catalog, at once or, for a long list, head first with the rest loading on
 * another thread. */
#ifndef PAPERDECK_LISTS_H
#define PAPERDECK_LISTS_H

#include <stdbool.h>
#include <stdint.h>

#include "paperdeck/catalog.h"
#include "paperdeck/diag.h"
#include "paperdeck/index.h"
#include "paperdeck/md_import.h"

/* Whether the list at path is markdown: by its name (.md, .markdown, ...),
 * YAML by its name (.yaml, .yml), else by how it starts, as stdin is
 * (md_sniff: a README saved without its name). A file that cannot be read
 * counts as YAML, whose loader then says why. */
bool lists_is_markdown(const char *path);

/* Loads one list into c: markdown or YAML as lists_is_markdown says (stdin,
 * "-", by its first lines); a remote name (remote.h) from its cached copy,
 * fetching being the command's job. With markdown_only, a YAML list is refused with
 * an error in d (import). st (may be NULL) gets the markdown importer's
 * counts. Returns 0, or -1 on errors (in d). */
int lists_load_one(catalog *c, const char *path, bool as_group, bool markdown_only, diag *d,
                   md_stats *st);

/* Loads the files (the embedded list when nfiles is 0) into a finished
 * catalog, every message into d. NULL when any file had an error: a list
 * with errors is never shown in part. Several files each become a group. */
catalog *lists_load(const char *const *files, int nfiles, diag *d);

/* lists_load and index_build through the cache (cache.h) for lists of 1 MB
 * or more: mapped from it, index summaries and all, when it is valid for
 * the files (their warnings replayed into d), else loaded, indexed and
 * saved to it. NULL when the files have errors. */
paper_index *lists_index_cached(const char *const *files, int nfiles, diag *d);

/* Frees an index and the catalog under it. */
void lists_release(paper_index *ix);

/* --- head first ------------------------------------------------------------ */

typedef struct lists_loading lists_loading;

/* Loads the first head entries of the files, in document order, into *out
 * (a finished catalog; its warnings are not reported, the whole load's are).
 * When the files hold more than that, starts loading all of them (through
 * the cache, as lists_index_cached), and building their index, on a thread,
 * and returns it; otherwise returns NULL
 * and *out is everything. On an error in the head, the files are loaded
 * whole, at once, so that d holds every error, and *out is NULL. Stdin is
 * never loaded twice: with "-" among the files, everything loads at once. */
lists_loading *lists_load_head(const char *const *files, int nfiles, uint32_t head, catalog **out,
                               diag *d);
/* Whether the thread has finished (never blocks); *fraction (may be NULL)
 * gets the share of the bytes parsed so far, 0 to 1. */
bool lists_loading_done(lists_loading *l, double *fraction);
/* Once the thread has finished: whether its load failed with the files
 * changed since the head was read from them (rewritten, cut short,
 * deleted). Those errors are the change's, not the errors of the list the
 * head shows. */
bool lists_loading_changed(const lists_loading *l);
/* Waits for the thread and frees l. Returns the whole list's index, or NULL
 * when the files have errors; every message goes into d. */
paper_index *lists_loading_finish(lists_loading *l, diag *d);
/* Calls the load off (it stops within an entry), waits for it, frees l. */
void lists_loading_cancel(lists_loading *l);

#endif
