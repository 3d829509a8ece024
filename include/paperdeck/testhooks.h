/* testhooks: the knobs tests turn to reach states that are otherwise a
 * matter of timing (a writer killed mid-save, a load still running). They
 * are kept out of the modules' contracts; production code never sets them,
 * and each is inert unless a test does. */
#ifndef PAPERDECK_TESTHOOKS_H
#define PAPERDECK_TESTHOOKS_H

/* --- marks and lists ------------------------------------------------------ */

/* When set, marks calls it with the temporary file's path after the new
 * marks file is written and synced, just before it is renamed over the old
 * one (a test stops there and kills the writer). Defined in marks.c. */
extern void (*marks_test_before_rename)(const char *tmp_path);

/* PAPERDECK_TEST_SLOW_LOAD=MS in the environment: the background load of a
 * list shown head first starts MS milliseconds late, so that tests can act
 * on the head however fast the machine loads. Returns MS, 0 when unset.
 * Defined in lists.c. */
long testhooks_slow_load_ms(void);

#endif
