/* catalog: building and sealing a list; see catalog.h. */
#if !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE /* madvise: MADV_DONTNEED */
#endif
#include "paperdeck/catalog.h"
#include "paperdeck/array.h"
#include "paperdeck/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "paperdeck/array.h"
#include "paperdeck/arxiv.h"
#include "paperdeck/ascii.h"

static const char *const kind_names[KIND_COUNT] = {"paper", "blog", "project", "link"};

/* Interning table: open addressing over arena strings, only alive while the
 * catalog is being built. */
typedef struct intern_table {
    const char **slots;
    uint64_t *hashes; /* the length in the high half, the hash in the low */
    size_t cap, n;
} intern_table;

static intern_table *intern_of(catalog *c);

ARRAY_ENUM_NAME(entry_kind_name, entry_kind, kind_names)
ARRAY_ENUM_PARSE(entry_kind_parse, entry_kind, kind_names)

/* The intern table hangs off a private struct behind the catalog so the
 * public struct stays plain data. */
typedef struct catalog_private {
    catalog pub;
    intern_table intern;
    int32_t implicit; /* section created for entries outside any section */
} catalog_private;

static intern_table *intern_of(catalog *c)
{
    return &((catalog_private *)c)->intern;
}

catalog *catalog_new(void)
{
    catalog_private *p = xcalloc(1, sizeof *p);
    p->pub.arena = arena_new();
    p->pub.title = "";
    p->pub.open = -1;
    p->implicit = -1;
    return &p->pub;
}

static void intern_release(intern_table *t)
{
    free(t->slots);
    free(t->hashes);
    memset(t, 0, sizeof *t);
}

void catalog_free(catalog *c)
{
    if (!c)
        return;
    if (c->mapping) {
        munmap(c->mapping, c->mapping_size);
        return;
    }
    intern_release(intern_of(c));
    free(c->entries);
    free(c->sections);
    free(c->files);
    arena_free(c->arena);
    free((catalog_private *)c);
}

arena *catalog_arena(catalog *c)
{
    return c->arena;
}

/* A word at a time: every venue, org, tag and author of a list is hashed. */
static uint32_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15u ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDu;
        h ^= h >> 29;
    }
    for (; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001B3u;
    h ^= h >> 32;
    return (uint32_t)h ? (uint32_t)h : 1;
}

static void intern_grow(intern_table *t)
{
    size_t cap = t->cap ? t->cap * 2 : 256;
    const char **slots = xcalloc(cap, sizeof *slots);
    uint64_t *hashes = xcalloc(cap, sizeof *hashes);
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->slots[i])
            continue;
        size_t j = (uint32_t)t->hashes[i] & (cap - 1);
        while (slots[j])
            j = (j + 1) & (cap - 1);
        slots[j] = t->slots[i];
        hashes[j] = t->hashes[i];
    }
    free(t->slots);
    free(t->hashes);
    t->slots = slots;
    t->hashes = hashes;
    t->cap = cap;
}

const char *catalog_intern(catalog *c, const char *s, size_t n)
{
    intern_table *t = intern_of(c);
    if ((t->n + 1) * 4 > t->cap * 3)
        intern_grow(t);
    uint32_t h = hash_bytes(s, n);
    /* equal keys: the slot's string is as long as s (a 4 GB one aside) */
    uint64_t key = (uint64_t)(n < UINT32_MAX ? n : UINT32_MAX) << 32 | h;
    size_t j = h & (t->cap - 1);
    for (; t->slots[j]; j = (j + 1) & (t->cap - 1)) {
        if (t->hashes[j] == key
            && (n < UINT32_MAX ? memcmp(t->slots[j], s, n) == 0
                               : strncmp(t->slots[j], s, n) == 0 && t->slots[j][n] == '\0'))
            return t->slots[j];
    }
    t->slots[j] = arena_strndup(c->arena, s, n);
    t->hashes[j] = key;
    t->n++;
    return t->slots[j];
}

void catalog_set_title(catalog *c, const char *title, const char *description)
{
    if (title)
        c->title = arena_strdup(c->arena, title);
    if (description)
        c->description = arena_strdup(c->arena, description);
}

uint16_t catalog_add_file(catalog *c, const char *name)
{
    ARRAY_RESERVE(c->files, c->files_cap, c->nfiles + 1);
    c->files[c->nfiles] = arena_strdup(c->arena, name);
    return (uint16_t)c->nfiles++;
}

uint32_t catalog_open_section(catalog *c, const char *name, uint32_t line)
{
    ARRAY_RESERVE(c->sections, c->sections_cap, c->nsections + 1);
    uint32_t i = c->nsections++;
    section *s = &c->sections[i];
    s->name = arena_strdup(c->arena, name);
    s->parent = c->open;
    s->line = line;
    if (c->open >= 0) {
        const section *p = &c->sections[c->open];
        size_t plen = strlen(p->path), nlen = strlen(name);
        char *path = arena_alloc(c->arena, plen + nlen + 2);
        memcpy(path, p->path, plen);
        path[plen] = '/';
        memcpy(path + plen + 1, name, nlen + 1);
        s->path = path;
        s->depth = p->depth + 1;
    } else {
        s->path = s->name;
        s->depth = 0;
    }
    s->entry_begin = s->entry_end = c->nentries;
    s->end = i + 1;
    c->open = (int32_t)i;
    return i;
}

void catalog_close_section(catalog *c)
{
    if (c->open < 0)
        return;
    section *s = &c->sections[c->open];
    s->entry_end = c->nentries;
    s->end = c->nsections;
    c->open = s->parent;
}

entry *catalog_add_entry(catalog *c)
{
    catalog_private *p = (catalog_private *)c;
    uint32_t sec;
    if (c->open >= 0) {
        sec = (uint32_t)c->open;
    } else {
        /* Entries outside any section gather in one section named after the
         * list, reused while nothing else has been added since. */
        if (p->implicit < 0 || (uint32_t)p->implicit != c->nsections - 1
            || c->sections[p->implicit].entry_end != c->nentries) {
            p->implicit = (int32_t)catalog_open_section(c, c->title[0] ? c->title : "Entries", 0);
            catalog_close_section(c);
        }
        sec = (uint32_t)p->implicit;
    }
    ARRAY_RESERVE(c->entries, c->entries_cap, (size_t)c->nentries + 1);
    entry *e = &c->entries[c->nentries++];
    memset(e, 0, sizeof *e);
    e->section = sec;
    if (c->open < 0)
        c->sections[sec].entry_end = c->nentries;
    return e;
}

static uint32_t shift_line(uint32_t line, int64_t by)
{
    return line ? (uint32_t)((int64_t)line + by) : 0;
}

/* Hands back the whole pages of p[from..to), a block still owned but whose
 * bytes are no longer needed: copying a big array then freeing it would hold
 * both copies at once. */
static void drop_pages(void *p, size_t from, size_t to)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t a = ((uintptr_t)p + from + page - 1) / page * page;
    uintptr_t b = ((uintptr_t)p + to) / page * page;
    if (b > a)
        madvise((void *)a, b - a, MADV_DONTNEED);
}

enum { COPY_STEP = 1 << 18 };

void catalog_append_part(catalog *c, catalog *part, uint32_t shared, int64_t line_shift,
                         uint16_t file)
{
    /* part's section k < shared is c's open section chain[k] */
    uint32_t *chain = xmalloc((shared ? shared : 1) * sizeof *chain);
    uint32_t k = shared;
    for (int32_t s = c->open; s >= 0 && k > 0; s = c->sections[s].parent)
        chain[--k] = (uint32_t)s;
    uint32_t s0 = c->nsections, n0 = c->nentries;
    uint32_t ns = s0 + part->nsections - shared, ne = n0 + part->nentries;
    if (ns > c->sections_cap) {
        c->sections_cap = ns;
        c->sections = xrealloc(c->sections, ns * sizeof *c->sections);
    }
    if (ne > c->entries_cap) {
        c->entries_cap = ne;
        c->entries = xrealloc(c->entries, ne * sizeof *c->entries);
    }
    for (uint32_t i = 0; i < part->nsections; i++) {
        const section *from = &part->sections[i];
        section *to = i < shared ? &c->sections[chain[i]] : &c->sections[s0 + i - shared];
        if (i >= shared) {
            *to = *from;
            to->parent = from->parent < 0 ? -1
                       : (uint32_t)from->parent < shared
                           ? (int32_t)chain[from->parent]
                           : (int32_t)(s0 + (uint32_t)from->parent - shared);
            to->entry_begin = n0 + from->entry_begin;
            to->line = shift_line(from->line, line_shift);
        }
        to->end = s0 + from->end - shared;
        to->entry_end = n0 + from->entry_end;
    }
    const uint32_t step = COPY_STEP / sizeof(entry);
    for (uint32_t i = 0; i < part->nentries; i++) {
        entry *e = &c->entries[n0 + i];
        *e = part->entries[i];
        e->section = e->section < shared ? chain[e->section] : s0 + e->section - shared;
        e->line = shift_line(e->line, line_shift);
        e->file = file;
        if ((i + 1) % step == 0)
            drop_pages(part->entries, (size_t)(i + 1 - step) * sizeof(entry),
                       (size_t)(i + 1) * sizeof(entry));
    }
    c->nsections = ns;
    c->nentries = ne;
    c->open = -1;
    arena_adopt(c->arena, part->arena);
    part->arena = NULL;
    free(chain);
    catalog_free(part);
}

void catalog_derive(catalog *c, entry *e)
{
    if (e->year && e->date)
        return;
    int year = 0, month = 0;
    bool have_arxiv_date = e->arxiv && arxiv_date(e->arxiv, &year, &month);
    if (e->year == 0) {
        int y = e->venue ? year_in_text(e->venue) : 0;
        if (!y && e->date)
            y = year_in_text(e->date);
        if (!y && have_arxiv_date)
            y = year;
        if (y) {
            e->year = (int16_t)y;
            e->flags |= ENTRY_YEAR_DERIVED;
        }
    }
    if (!e->date) {
        char buf[16];
        if (have_arxiv_date)
            snprintf(buf, sizeof buf, "%04d-%02d", year, month);
        else if (e->year)
            snprintf(buf, sizeof buf, "%04d", e->year);
        else
            return;
        /* a few hundred distinct values for the whole list */
        e->date = catalog_intern(c, buf, strlen(buf));
        e->flags |= ENTRY_DATE_DERIVED;
    }
}

void catalog_finish(catalog *c)
{
    if (c->finished)
        return;
    while (c->open >= 0)
        catalog_close_section(c);
    for (uint32_t i = 0; i < c->nentries; i++)
        catalog_derive(c, &c->entries[i]);
    intern_release(intern_of(c));
    c->finished = true;
}

void catalog_group(const catalog *c, const uint32_t *ids, uint32_t n, section_groups *g)
{
    g->order = xcalloc(n, sizeof *g->order);
    g->first = xcalloc(c->nsections + 1, sizeof *g->first);
    g->subtree = xcalloc(c->nsections + 1, sizeof *g->subtree);
    for (uint32_t i = 0; i < n; i++)
        g->first[c->entries[ids ? ids[i] : i].section + 1]++;
    for (uint32_t s = 0; s < c->nsections; s++) {
        g->subtree[s] = g->first[s + 1];
        g->first[s + 1] += g->first[s];
    }
    /* a counting sort keeps the given order within a section */
    uint32_t *fill = xcalloc(c->nsections + 1, sizeof *fill);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t id = ids ? ids[i] : i;
        uint32_t s = c->entries[id].section;
        g->order[g->first[s] + fill[s]++] = id;
    }
    free(fill);
    for (uint32_t s = c->nsections; s-- > 0;)
        if (c->sections[s].parent >= 0)
            g->subtree[c->sections[s].parent] += g->subtree[s];
}

void section_groups_free(section_groups *g)
{
    free(g->order);
    free(g->first);
    free(g->subtree);
    memset(g, 0, sizeof *g);
}

static bool same_text(const char *a, const char *b)
{
    size_t n = strlen(a);
    return strlen(b) == n && ascii_eq_n(a, b, n);
}

int32_t catalog_find_section(const catalog *c, const char *want)
{
    for (uint32_t i = 0; i < c->nsections; i++)
        if (same_text(c->sections[i].path, want))
            return (int32_t)i;
    int32_t found = CATALOG_NO_SECTION;
    for (uint32_t i = 0; i < c->nsections; i++) {
        if (same_text(c->sections[i].name, want)) {
            if (found >= 0)
                return CATALOG_AMBIGUOUS_SECTION;
            found = (int32_t)i;
        }
    }
    return found;
}

bool entry_main_url(const entry *e, char *buf, size_t size)
{
    if (e->arxiv && (e->kind == KIND_PAPER || (!e->url && !e->nlinks))) {
        arxiv_abs_url(e->arxiv, buf, size);
        return true;
    }
    const char *url = e->url ? e->url : e->nlinks ? e->links[0].url : NULL;
    if (!url && e->arxiv) {
        arxiv_abs_url(e->arxiv, buf, size);
        return true;
    }
    if (!url)
        return false;
    snprintf(buf, size, "%s", url);
    return true;
}
