/* testhooks: calls that exist for tests and benchmarks only. Nothing in
 * the program calls them; each says which module it reaches into. */
#ifndef PAPERDECK_TESTHOOKS_H
#define PAPERDECK_TESTHOOKS_H

#include <stdbool.h>
#include <stddef.h>

/* search and yaml_load */

typedef struct paper_index paper_index;

/* Files of at least this many bytes are parsed on two threads, each half of
 * the file by its own libyaml parser; the catalog and every message are the
 * same as a serial parse's (when in doubt the loader parses serially).
 * 1 MiB by default; returns the previous value. */
size_t yaml_load_set_split_min(size_t bytes);
/* How many loads have used the second thread's part so far. */
unsigned long yaml_load_splits(void);
/* Forgets the results index_search_from keeps for a backspace (a benchmark
 * that types the same text again measures a search, not a copy). */
void index_forget_searches(paper_index *ix);
/* While on, par_run starts no thread, as when pthread_create fails: both
 * halves run serially on the caller. */
void par_test_serial(bool on);

#endif
