/* xalloc: allocation that cannot fail, paperdeck's one out-of-memory
 * policy. paperdeck has nothing useful to do when the heap is exhausted, so
 * these print one line and abort instead of making every caller check for
 * NULL. Zero sizes are rounded up to one byte so a successful call never
 * returns NULL. */
#ifndef PAPERDECK_XALLOC_H
#define PAPERDECK_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* Heap copies of s and of s[0..n) (NUL-terminated). */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Prints "paperdeck: out of memory" and aborts: for a size that cannot even
 * be computed (an overflow), which is out of memory as well. */
_Noreturn void xalloc_fail(void);

#endif
