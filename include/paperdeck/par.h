/* par: the one way the core uses a second core for a bounded piece of work.
 *
 * A job is split in two by the caller; par_run runs one half on a second
 * thread and the other on the calling thread, and returns when both are
 * done. There is no pool: a thread per call costs tens of microseconds,
 * which callers pay only above their own size thresholds. Long-lived
 * threads (lists' background load) are not this module's business. */
#ifndef PAPERDECK_PAR_H
#define PAPERDECK_PAR_H

#include <stdbool.h>

typedef void par_fn(void *job);

/* Runs fa(a) on the calling thread and fb(b) on a second thread; returns
 * when both have returned. When no thread can be started it runs fb(b),
 * then fa(a), on the calling thread: so fa may wait for something fb
 * publishes, never the other way round. Returns whether two threads ran. */
bool par_run(par_fn *fa, void *a, par_fn *fb, void *b);

/* par_run with one function for both halves. */
bool par_run2(par_fn *fn, void *a, void *b);

/* On the first member of a job struct whose two halves run side by side
 * (an array of two): each half on cache lines of its own. A field one
 * thread writes in its loop (a count) would otherwise bounce the line
 * the other thread reads its own fields from (a bounds pass at 1M: 6 ->
 * 15-27 ms). */
#define PAR_JOB_ALIGN _Alignas(64)

#endif
