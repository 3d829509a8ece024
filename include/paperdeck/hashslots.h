/* hashslots: the slot array of an open-addressing hash table (linear
 * probing; a power-of-two capacity, doubled from 64 before it is more than
 * half full), for a table that keeps its records in an array of its own and
 * compares keys itself. A slot holds a record's 32-bit hash and the record's
 * index plus one; 0 marks an empty slot.
 *
 *     hash_slots_reserve(&t->slots);       // room for the key, should it be new
 *     size_t j = hash_slots_home(&t->slots, h);
 *     for (; t->slots.v[j].rec; j = hash_slots_next(&t->slots, j))
 *         if (t->slots.v[j].hash == h && same(&t->recs[t->slots.v[j].rec - 1], key))
 *             return found;
 *     ... append the record as t->recs[nrecs] ...
 *     hash_slots_put(&t->slots, j, h, ++nrecs);
 */
#ifndef PAPERDECK_HASHSLOTS_H
#define PAPERDECK_HASHSLOTS_H

#include <stddef.h>
#include <stdint.h>

typedef struct hash_slot {
    uint32_t hash;
    uint32_t rec; /* record index + 1; 0 when empty */
} hash_slot;

/* Zero-initialise; v stays NULL (cap 0) until the first hash_slots_reserve. */
typedef struct hash_slots {
    hash_slot *v;
    size_t cap, n; /* n: slots in use */
} hash_slots;

/* Rehashes into an array twice as large (64 slots the first time). */
void hash_slots_grow(hash_slots *t);

/* Makes room for one more slot (inline: it runs once per key looked up). */
static inline void hash_slots_reserve(hash_slots *t)
{
    if ((t->n + 1) * 2 > t->cap)
        hash_slots_grow(t);
}

/* Where the probe for h starts, and the slot after j (cap must be > 0). */
static inline size_t hash_slots_home(const hash_slots *t, uint32_t h)
{
    return h & (t->cap - 1);
}
static inline size_t hash_slots_next(const hash_slots *t, size_t j)
{
    return (j + 1) & (t->cap - 1);
}

/* Fills the empty slot j (the one a probe for h stopped at) with record
 * number rec (index + 1, never 0). */
static inline void hash_slots_put(hash_slots *t, size_t j, uint32_t h, uint32_t rec)
{
    t->v[j] = (hash_slot){.hash = h, .rec = rec};
    t->n++;
}

/* Empties the table; frees the array when it is far larger than what it
 * held, so that many small uses after a big one cost little. */
void hash_slots_clear(hash_slots *t);
void hash_slots_free(hash_slots *t);

#endif
