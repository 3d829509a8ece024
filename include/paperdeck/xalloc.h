/* xalloc: allocation that cannot fail. paperdeck has nothing useful to do
 * when the heap is exhausted, so these print one line and abort instead of
 * making every caller check for NULL. Zero sizes are rounded up to one byte so
 * a successful call never returns NULL. */
#ifndef PAPERDECK_XALLOC_H
#define PAPERDECK_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);

#endif
