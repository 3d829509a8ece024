/* check.h: the unit tests' minimal harness. Each CHECK records a pass or a
 * failure with file:line and the values involved; check_summary() prints
 * "N passed, N failed" and gives the exit status. */
#ifndef PAPERDECK_CHECK_H
#define PAPERDECK_CHECK_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (cond) {                                                            \
            check_passed++;                                                    \
        } else {                                                               \
            check_failed++;                                                    \
            fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                      \
    } while (0)

#define CHECK_INT(a, b)                                                                         \
    do {                                                                                        \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);                         \
        if (check_a_ == check_b_) {                                                             \
            check_passed++;                                                                     \
        } else {                                                                                \
            check_failed++;                                                                     \
            fprintf(stderr, "%s:%d: FAILED: %s == %s (%lld != %lld)\n", __FILE__, __LINE__, #a, \
                    #b, check_a_, check_b_);                                                    \
        }                                                                                       \
    } while (0)

#define CHECK_STR(a, b)                                                                         \
    do {                                                                                        \
        const char *check_a_ = (a), *check_b_ = (b);                                            \
        if (check_a_ && check_b_ && strcmp(check_a_, check_b_) == 0) {                          \
            check_passed++;                                                                     \
        } else {                                                                                \
            check_failed++;                                                                     \
            fprintf(stderr, "%s:%d: FAILED: %s == %s (\"%s\" != \"%s\")\n", __FILE__, __LINE__, \
                    #a, #b, check_a_ ? check_a_ : "(null)", check_b_ ? check_b_ : "(null)");    \
        }                                                                                       \
    } while (0)

#define RUN(test)                                \
    do {                                         \
        int check_before_ = check_failed;        \
        test();                                  \
        if (check_failed != check_before_)       \
            fprintf(stderr, "  in %s\n", #test); \
    } while (0)

/* A scratch directory for a test's files: tmpl ends in XXXXXX (mkdtemp). */
static inline bool check_scratch(char *tmpl)
{
    if (mkdtemp(tmpl))
        return true;
    perror("mkdtemp");
    return false;
}

/* Removes a scratch directory and everything in it; false on failure. */
static inline bool check_remove_scratch(const char *dir)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0;
}

static inline int check_summary(void)
{
    printf("%d passed, %d failed\n", check_passed, check_failed);
    return check_failed == 0 && check_passed > 0 ? 0 : 1;
}

#endif
