/* mapguard: SIGBUS on a truncated mapping turned into zeros; see mapguard.h.
 *
 * A few slots, claimed and released with atomics, so that the handler can
 * read them at any moment from any thread without a lock. */
#if !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#endif
#include "paperdeck/mapguard.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define SLOTS 8

typedef struct slot {
    atomic_uintptr_t start; /* 0: free */
    atomic_uintptr_t end;
    atomic_bool hit;
} slot;

static slot slots[SLOTS];
static struct sigaction previous;
static pthread_once_t installed = PTHREAD_ONCE_INIT;

bool mapguard_fixup(void *addr)
{
    uintptr_t a = (uintptr_t)addr;
    for (int i = 0; i < SLOTS; i++) {
        uintptr_t start = atomic_load(&slots[i].start), end = atomic_load(&slots[i].end);
        if (start && a >= start && a < end) {
            uintptr_t page = a & ~((uintptr_t)sysconf(_SC_PAGESIZE) - 1);
            void *z = mmap((void *)page, (size_t)sysconf(_SC_PAGESIZE), PROT_READ,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
            if (z == MAP_FAILED)
                return false;
            atomic_store(&slots[i].hit, true);
            return true;
        }
    }
    return false;
}

/* Not ours: what would have happened without us (the previous handler, or
 * the default action: the program ends with SIGBUS). */
static void on_sigbus(int sig, siginfo_t *si, void *ctx)
{
    if (mapguard_fixup(si->si_addr))
        return;
    if (previous.sa_flags & SA_SIGINFO && previous.sa_sigaction) {
        previous.sa_sigaction(sig, si, ctx);
        return;
    }
    if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN && previous.sa_handler) {
        previous.sa_handler(sig);
        return;
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_sigaction = on_sigbus;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGBUS, &sa, &previous);
}

int mapguard_begin(const void *start, size_t len)
{
    pthread_once(&installed, install);
    for (int i = 0; i < SLOTS; i++) {
        uintptr_t free_slot = 0;
        if (atomic_compare_exchange_strong(&slots[i].start, &free_slot, UINTPTR_MAX)) {
            atomic_store(&slots[i].hit, false);
            atomic_store(&slots[i].end, (uintptr_t)start + len);
            atomic_store(&slots[i].start, (uintptr_t)start);
            return i;
        }
    }
    return -1;
}

bool mapguard_end(int handle)
{
    if (handle < 0 || handle >= SLOTS)
        return false;
    bool hit = atomic_load(&slots[handle].hit);
    atomic_store(&slots[handle].end, 0);
    atomic_store(&slots[handle].start, 0);
    return hit;
}
