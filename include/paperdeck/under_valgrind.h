/* under_valgrind: whether the program runs under valgrind (scripts/valgrind.sh).
 *
 * Code runs some 50 times slower there and JIT-compiled code is opaque to
 * it, so the few places that depend on either ask: regexes run in PCRE2's
 * interpreter, and time budgets stretch. Without valgrind's header at build
 * time the answer is always false. */
#ifndef PAPERDECK_UNDER_VALGRIND_H
#define PAPERDECK_UNDER_VALGRIND_H

#include <stdbool.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define PAPERDECK_HAVE_VALGRIND_H 1
#endif
#endif

/* How much slower valgrind runs code, for time budgets. */
#define UNDER_VALGRIND_SLOWDOWN 50

static inline bool under_valgrind(void)
{
#ifdef PAPERDECK_HAVE_VALGRIND_H
    return RUNNING_ON_VALGRIND != 0;
#else
    return false;
#endif
}

#endif
