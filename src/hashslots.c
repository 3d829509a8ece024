/* hashslots: open-addressing slots; see hashslots.h. */
#include "paperdeck/hashslots.h"

#include <stdlib.h>
#include <string.h>

#include "paperdeck/xalloc.h"

void hash_slots_grow(hash_slots *t)
{
    size_t cap = t->cap ? t->cap * 2 : 64;
    hash_slot *v = xcalloc(cap, sizeof *v);
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->v[i].rec)
            continue;
        size_t j = t->v[i].hash & (cap - 1);
        while (v[j].rec)
            j = (j + 1) & (cap - 1);
        v[j] = t->v[i];
    }
    free(t->v);
    t->v = v;
    t->cap = cap;
}

void hash_slots_clear(hash_slots *t)
{
    if (t->n == 0)
        return;
    if (t->cap > 64 && t->n * 8 < t->cap) {
        free(t->v);
        t->v = NULL;
        t->cap = 0;
    } else {
        memset(t->v, 0, t->cap * sizeof *t->v);
    }
    t->n = 0;
}

void hash_slots_free(hash_slots *t)
{
    free(t->v);
    *t = (hash_slots){0};
}
