/* par: run two halves of a job on two threads; see par.h. */
#include "paperdeck/par.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

#include "paperdeck/testhooks.h"

static atomic_bool serial_only; /* a test makes every start fail */

void par_test_serial(bool on)
{
    atomic_store(&serial_only, on);
}

typedef struct par_half {
    par_fn *fn;
    void *job;
} par_half;

static void *par_main(void *arg)
{
    par_half *h = arg;
    h->fn(h->job);
    return NULL;
}

bool par_run(par_fn *fa, void *a, par_fn *fb, void *b)
{
    par_half second = {fb, b};
    pthread_t thread;
    if (atomic_load_explicit(&serial_only, memory_order_relaxed)
        || pthread_create(&thread, NULL, par_main, &second) != 0) {
        /* Serial, second half first: fa may wait for what fb publishes. */
        fb(b);
        fa(a);
        return false;
    }
    fa(a);
    pthread_join(thread, NULL);
    return true;
}

bool par_run2(par_fn *fn, void *a, void *b)
{
    return par_run(fn, a, fn, b);
}
