/* index_values: the entries grouped by the value of a field many of them
 * share (venue, org, section, kind, year), so that a search tests a group
 * of terms on that field once a value instead of once an entry: `venue:i`
 * over a million entries reads a 2-byte class per entry and tests a few
 * hundred venues, where reading every entry's venue costs a cache miss on
 * the entry and a string search. See index_internal.h. */
#include <stdlib.h>
#include <string.h>

#include "paperdeck/xalloc.h"
#include "index_internal.h"

/* Past this many values (or one per VALUES_SHARED entries) a field is not
 * grouped: its tests would cost nearly as much as the entries'. */
#define VALUES_MAX 65535
#define VALUES_SHARED 8

/* Open addressing over the keys seen so far: slot -> class + 1 (0: free). */
typedef struct key_table {
    uintptr_t *keys;
    uint32_t *classes;
    uint32_t mask;
} key_table;

static uint32_t key_hash(uintptr_t key)
{
    uint64_t h = (uint64_t)key * 0x9E3779B97F4A7C15ull;
    return (uint32_t)(h >> 32);
}

/* One field's classes as they are built: the keys seen so far. */
typedef struct value_builder {
    key_table t;
    uint32_t limit;
    bool given_up;
} value_builder;

static void builder_init(value_builder *b, uint32_t limit)
{
    uint32_t size = 16;
    while (size < 2 * limit)
        size *= 2;
    b->t = (key_table){xmalloc(size * sizeof *b->t.keys), xcalloc(size, sizeof *b->t.classes),
                       size - 1};
    b->limit = limit;
    b->given_up = false;
}

/* Puts entry id's key into vc; false when it is one value too many. */
static bool builder_add(value_builder *b, value_classes *vc, uint32_t id, uintptr_t key)
{
    uint32_t slot = key_hash(key) & b->t.mask;
    while (b->t.classes[slot] && b->t.keys[slot] != key)
        slot = (slot + 1) & b->t.mask;
    if (!b->t.classes[slot]) {
        if (vc->n == b->limit)
            return false;
        b->t.keys[slot] = key;
        b->t.classes[slot] = ++vc->n;
        vc->rep[vc->n - 1] = id;
    }
    vc->of[id] = (uint16_t)(b->t.classes[slot] - 1);
    return true;
}

static void classes_drop(value_classes *vc)
{
    free(vc->of);
    free(vc->rep);
    free(vc->holds);
    memset(vc, 0, sizeof *vc);
}

void index_values_build(paper_index *ix)
{
    const catalog *c = ix->cat;
    if (ix->values_built || c->nentries < VALUES_MIN_CANDIDATES)
        return; /* searches this small test entry by entry */
    ix->values_built = true;
    uint32_t limit = c->nentries / VALUES_SHARED;
    if (limit > VALUES_MAX)
        limit = VALUES_MAX;
    value_builder b[QUERY_VALUE_COUNT];
    for (int f = 0; f < QUERY_VALUE_COUNT; f++) {
        builder_init(&b[f], limit);
        value_classes *vc = &ix->values[f];
        vc->of = xmalloc(c->nentries * sizeof *vc->of);
        vc->rep = xmalloc(limit * sizeof *vc->rep);
        vc->n = 0;
    }
    /* one pass: every field's value is on the entry's one or two lines */
    for (uint32_t id = 0; id < c->nentries; id++) {
        const entry *e = &c->entries[id];
        for (int f = 0; f < QUERY_VALUE_COUNT; f++)
            if (!b[f].given_up
                && !builder_add(&b[f], &ix->values[f], id,
                                query_value_key(e, (query_value_field)f)))
                b[f].given_up = true;
    }
    for (int f = 0; f < QUERY_VALUE_COUNT; f++) {
        value_classes *vc = &ix->values[f];
        free(b[f].t.keys);
        free(b[f].t.classes);
        if (b[f].given_up)
            classes_drop(vc);
        else
            vc->holds = xmalloc((vc->n ? vc->n : 1) * sizeof *vc->holds);
    }
}

int index_value_filter(paper_index *ix, const query *q, uint64_t skip, uint32_t candidates,
                       value_filter *vf, query_error *err)
{
    memset(vf, 0, sizeof *vf);
    if (!q || candidates < VALUES_MIN_CANDIDATES)
        return 0;
    uint64_t all = query_groups_all(q);
    for (uint32_t g = 0; g < 64 && (all >> g & 1); g++) {
        query_value_field f = (skip >> g & 1) ? QUERY_VALUE_COUNT : query_group_value_field(q, g);
        if (f == QUERY_VALUE_COUNT)
            continue;
        value_classes *vc = &ix->values[f];
        /* a value's test costs an entry's: only when values repeat */
        if (!vc->of || (uint64_t)vc->n * VALUES_SHARED > candidates)
            continue;
        uint32_t j = 0;
        while (j < vf->n && vf->t[j].of != vc->of)
            j++;
        if (j == vf->n) {
            vf->t[vf->n++] = (value_test){vc->of, 0, vc->holds};
            memset(vc->holds, 0, vc->n * sizeof *vc->holds);
        }
        for (uint32_t k = 0; k < vc->n; k++) {
            /* group g alone: every other one skipped */
            const entry *e = &ix->cat->entries[vc->rep[k]];
            query_match_opts alone = {.tlen = strlen(e->title), .skip = all & ~((uint64_t)1 << g)};
            query_result r = query_match_with(q, ix->cat, e, &alone, NULL, err);
            if (r == QUERY_FAILED)
                return -1;
            vc->holds[k] |= (uint64_t)(r == QUERY_MATCH) << g;
        }
        vf->t[j].groups |= (uint64_t)1 << g;
        vf->groups |= (uint64_t)1 << g;
    }
    return 0;
}

void index_values_free(paper_index *ix)
{
    for (int f = 0; f < QUERY_VALUE_COUNT; f++)
        classes_drop(&ix->values[f]);
}
