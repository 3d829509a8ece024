/* yaml_keys: the loader's key sets (finding a key, suggesting the one a
 * typo meant) and its duplicate detection within a section; see
 * yaml_internal.h. */
#include <stdlib.h>
#include <string.h>

#include "paperdeck/array.h"
#include "paperdeck/ascii.h"
#include "paperdeck/hashslots.h"
#include "yaml_internal.h"

int keys_find(const keyset *ks, const char *s, size_t n)
{
    for (int i = 0; i < ks->n; i++) {
        const keydef *k = &ks->keys[i];
        if (k->len == n && k->name[0] == s[0] && memcmp(k->name, s, n) == 0)
            return i;
    }
    return -1;
}

/* Optimal string alignment distance (Levenshtein plus adjacent swaps), for
 * short strings only: both at most KEYS_MAX bytes. */
static int edit_distance(const char *a, size_t n, const char *b, size_t m)
{
    int d[KEYS_MAX + 1][KEYS_MAX + 1];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            int cost = a[i - 1] != b[j - 1];
            int best = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
                && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[n][m];
}

const char *keys_suggest(const keyset *ks, const char *s, size_t n)
{
    if (n > KEYS_MAX)
        return NULL;
    const char *best = NULL;
    int best_d = 3;
    for (int i = 0; i < ks->n; i++) {
        int dist = edit_distance(s, n, ks->keys[i].name, ks->keys[i].len);
        if (dist < best_d && (size_t)dist < n) {
            best = ks->keys[i].name;
            best_d = dist;
        }
    }
    return best;
}

void dups_reset(dup_table *t)
{
    hash_slots_clear(&t->slots);
}

void dups_free(dup_table *t)
{
    hash_slots_free(&t->slots);
    free(t->recs);
}

/* ASCII A-Z to a-z in eight bytes at once; other bytes are unchanged. */
static uint64_t lower8(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101u, high = ones * 0x80;
    uint64_t low7 = w & ~high;
    uint64_t ge_a = low7 + ones * (0x80 - 'A'); /* high bit set where byte >= 'A' */
    uint64_t gt_z = low7 + ones * (0x7F - 'Z'); /* high bit set where byte > 'Z' */
    uint64_t upper = (ge_a ^ gt_z) & ~w & high;
    return w | upper >> 2;
}

/* A word at a time: titles are hashed for every entry of a big list. */
static uint32_t dup_hash(dup_kind kind, const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15u ^ (uint64_t)kind ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (kind == DUP_TITLE)
            w = lower8(w);
        h = (h ^ w) * 0xFF51AFD7ED558CCDu;
        h ^= h >> 29;
    }
    for (; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        h = (h ^ (kind == DUP_TITLE ? ascii_lower(ch) : ch)) * 0x100000001B3u;
    }
    h ^= h >> 32;
    return (uint32_t)h;
}

static bool dup_equal(const dup_rec *r, dup_kind kind, const char *s, size_t n)
{
    if (r->len != n)
        return false;
    if (kind == DUP_ARXIV)
        return memcmp(r->s, s, n) == 0; /* NOLINT(clang-analyzer-core.NonNullParamChecker) */
    return ascii_eq_n(r->s, s, n);
}

uint32_t dups_check(dup_table *t, dup_kind kind, const char *s, size_t n, uint32_t line)
{
    hash_slots *hs = &t->slots;
    hash_slots_reserve(hs);
    uint32_t h = (dup_hash(kind, s, n) & ~1u) | (uint32_t)kind;
    size_t j = hash_slots_home(hs, h);
    for (; hs->v[j].rec; j = hash_slots_next(hs, j)) {
        const dup_rec *r = &t->recs[hs->v[j].rec - 1];
        if (hs->v[j].hash == h && dup_equal(r, kind, s, n))
            return r->line;
    }
    size_t nrecs = hs->n;
    ARRAY_RESERVE(t->recs, t->recs_cap, nrecs + 1);
    t->recs[nrecs] = (dup_rec){.s = s, .len = (uint32_t)n, .line = line};
    hash_slots_put(hs, j, h, (uint32_t)nrecs + 1);
    return 0;
}
