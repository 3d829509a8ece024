/* Unit tests: par runs both halves, on two threads when it can, serially
 * (second half first) when it cannot. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "check.h"
#include "paperdeck/par.h"
#include "paperdeck/testhooks.h"

typedef struct half {
    const int *in;
    int from, to;
    long sum;
    pthread_t ran_on;
    int calls;
} half;

static void sum_half(void *arg)
{
    half *h = arg;
    for (int i = h->from; i < h->to; i++)
        h->sum += h->in[i];
    h->ran_on = pthread_self();
    h->calls++;
}

static void run_halves(bool serial)
{
    static int in[1000];
    for (int i = 0; i < 1000; i++)
        in[i] = i;
    half a = {in, 0, 500, 0, 0, 0}, b = {in, 500, 1000, 0, 0, 0};
    par_test_serial(serial);
    bool two = par_run2(sum_half, &a, &b);
    par_test_serial(false);
    CHECK(two == !serial);
    CHECK_INT(a.calls, 1);
    CHECK_INT(b.calls, 1);
    CHECK_INT(a.sum + b.sum, 999L * 1000 / 2);
    CHECK(pthread_equal(a.ran_on, pthread_self()));
    CHECK(pthread_equal(b.ran_on, pthread_self()) == serial);
}

static void test_two_threads(void)
{
    run_halves(false);
}

static void test_serial_fallback(void)
{
    run_halves(true);
}

/* The first half waits for what the second publishes: it must come back
 * in both modes (the fallback runs the second half first). */
typedef struct mailbox {
    atomic_int value;
    int seen;
} mailbox;

static void publish(void *arg)
{
    atomic_store(&((mailbox *)arg)->value, 42);
}

static void wait_for_it(void *arg)
{
    mailbox *m = arg;
    while (atomic_load(&m->value) == 0)
        ;
    m->seen = atomic_load(&m->value);
}

static void run_waiting(bool serial)
{
    mailbox m = {0, 0};
    atomic_init(&m.value, 0);
    par_test_serial(serial);
    par_run(wait_for_it, &m, publish, &m);
    par_test_serial(false);
    CHECK_INT(m.seen, 42);
}

static void test_first_waits_for_second(void)
{
    run_waiting(false);
    run_waiting(true);
}

int main(void)
{
    RUN(test_two_threads);
    RUN(test_serial_fallback);
    RUN(test_first_waits_for_second);
    return check_summary();
}
