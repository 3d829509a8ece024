/* arena: a bump allocator that owns every string and array of a catalog.
 *
 * Allocations are never freed one by one; arena_free() releases them all.
 * Memory comes in large chunks, so a catalog of a million entries costs a few
 * hundred mallocs, not millions. Allocation failure aborts (out of memory is
 * not bad input). */
#ifndef PAPERDECK_ARENA_H
#define PAPERDECK_ARENA_H

#include <stddef.h>

typedef struct arena arena;

arena *arena_new(void);
void arena_free(arena *a);

/* Returns size bytes aligned to 8, uninitialised. */
void *arena_alloc(arena *a, size_t size);
/* Returns size zeroed bytes aligned to 8. */
void *arena_zalloc(arena *a, size_t size);
/* Copies s[0..n) and appends a NUL; strings are packed, not aligned. */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);
/* Moves every allocation of from into a (they stay where they are) and
 * frees from. */
void arena_adopt(arena *a, arena *from);
/* Bytes handed out so far (for the memory figures of the benchmark). */
size_t arena_used(const arena *a);

#endif
