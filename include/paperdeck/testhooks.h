/* testhooks: the knobs tests turn to reach states that are otherwise a
 * matter of timing (a writer killed mid-save, a load still running). They
 * are kept out of the modules' contracts; production code never sets them,
 * and each is inert unless a test does. */
#ifndef PAPERDECK_TESTHOOKS_H
#define PAPERDECK_TESTHOOKS_H

#include <stdbool.h>
#include <stddef.h>

/* --- search and yaml_load ----------------------------------------------- */

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

/* --- marks and lists ------------------------------------------------------ */

/* When set, marks calls it with the temporary file's path after the new
 * marks file is written and synced, just before it is renamed over the old
 * one (a test stops there and kills the writer). Defined in marks.c. */
extern void (*marks_test_before_rename)(const char *tmp_path);

/* The knobs that slow one step by MS milliseconds, read from the
 * environment (PAPERDECK_TEST_SLOW_...=MS), so that tests see a state
 * however fast the machine is:
 *   _LOAD    the background load of a list shown head first starts late,
 *            so tests can act on the head (lists.c);
 *   _SEARCH  each search that matches candidates (index_search_from) starts
 *            late, stopping as it would when it goes stale (search/index.c);
 *   _START   the browser starts late after its lists are read, so tests
 *            can edit a list in between (cmd/cmd_browse.c);
 *   _SORT    each slice of a pending sort by score (browser_sort_step)
 *            ends late, a key cutting the wait short (ui/app.c).
 * testhooks_env_ms returns MS for the variable name, 0 when unset. */
long testhooks_env_ms(const char *name);

#endif
