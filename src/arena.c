/* arena: chunked bump allocation; see arena.h. */
#include "paperdeck/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "paperdeck/xalloc.h"

enum { ARENA_CHUNK = 256 * 1024 };

typedef struct chunk {
    struct chunk *next;
    size_t size, used;
    _Alignas(max_align_t) unsigned char data[];
} chunk;

struct arena {
    chunk *head;
    size_t used;
};

arena *arena_new(void)
{
    arena *a = xmalloc(sizeof *a);
    a->head = NULL;
    a->used = 0;
    return a;
}

void arena_free(arena *a)
{
    if (!a)
        return;
    for (chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(a);
}

/* size bytes at the given alignment (1 or 8). */
static void *arena_take(arena *a, size_t size, size_t align)
{
    chunk *c = a->head;
    if (c)
        c->used = (c->used + align - 1) & ~(align - 1);
    if (!c || c->used > c->size || c->size - c->used < size) {
        /* Big requests get a chunk of their own, so one long string does not
         * waste the rest of a regular chunk. */
        size_t cap = size > ARENA_CHUNK / 4 ? size : ARENA_CHUNK;
        chunk *n = xmalloc(sizeof *n + cap);
        n->size = cap;
        n->used = 0;
        if (c && cap != ARENA_CHUNK) {
            n->next = c->next;
            c->next = n;
        } else {
            n->next = c;
            a->head = n;
        }
        c = n;
    }
    void *p = c->data + c->used;
    c->used += size;
    a->used += size;
    return p;
}

void *arena_alloc(arena *a, size_t size)
{
    return arena_take(a, size, 8);
}

void *arena_zalloc(arena *a, size_t size)
{
    void *p = arena_alloc(a, size);
    memset(p, 0, size);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    /* Strings need no alignment: packed, a list's many short strings (ids,
     * authors, dates) do not each waste up to 7 bytes. */
    char *p = arena_take(a, n + 1, 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

void arena_adopt(arena *a, arena *from)
{
    if (!from)
        return;
    /* from's chunks go behind a's head, which goes on taking allocations. */
    chunk *last = from->head;
    while (last && last->next)
        last = last->next;
    if (last) {
        if (a->head) {
            last->next = a->head->next;
            a->head->next = from->head;
        } else {
            a->head = from->head;
        }
    }
    a->used += from->used;
    free(from);
}

size_t arena_used(const arena *a)
{
    return a->used;
}
