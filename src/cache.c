/* cache: a catalog saved where it maps back in as it is; see cache.h.
 *
 * Layout of a cache file (every pointer in it is the fixed base address at
 * which the file is mapped plus an offset into the file):
 *   header (4 KiB), the catalog struct, its sections, its file names array,
 *   its entries, the entries' arrays (links, authors, tags), every title one
 *   after another in document order (a filter scans them in that order), the
 *   other strings, the warnings the lists had, as text, and the index's
 *   summaries of the titles (so a cached list is indexed without reading them).
 * The writer knows every region's size before it writes (a first pass
 * counts), so it streams each region from its own cursor. */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* MAP_FIXED_NOREPLACE */
#endif
#include "paperdeck/cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "paperdeck/par.h"
#include "paperdeck/paths.h"
#include "paperdeck/xalloc.h"

#define CACHE_MAGIC "PDCACHE1"
#define CACHE_VERSION 3u
#define HEADER_SIZE 4096u
#define MAX_SOURCES CACHE_MAX_FILES
/* Caches map at one of 256 slots of 64 GiB from here: far above the heap
 * and the executable, below where Linux places mappings (and in the part
 * of the address space ASan leaves to the program). */
#define BASE_FIRST 0x500000000000ull
#define BASE_SLOT (1ull << 36)

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0 /* only a hint then: the address is checked */
#endif

typedef cache_source source_id;

typedef struct cache_header {
    char magic[8];
    uint32_t version, nsources;
    uint32_t entry_size, section_size, catalog_size, link_size;
    uint64_t layout;     /* layout_fingerprint() of the build that wrote it */
    uint64_t base, size; /* where the file maps; its length */
    uint64_t catalog_off;
    uint64_t warnings_off, warnings_len;
    uint64_t summaries_off; /* the index's title summaries, one part after
                             * another, each 64-aligned; 0: none */
    uint64_t summaries_len;
    uint32_t summary_item_size[INDEX_SUMMARY_PARTS];
    uint64_t body_sum; /* checksum of [HEADER_SIZE, size) */
    source_id src[MAX_SOURCES];
    uint64_t header_sum; /* checksum of the fields above */
} cache_header;

_Static_assert(sizeof(cache_header) <= HEADER_SIZE, "the header fits its page");

/* Four independent lanes of multiply-xor: fast enough to check a few
 * hundred MB in tens of milliseconds, and any changed byte changes it. Fed
 * in pieces whose sizes are multiples of 32 bytes but for the last. */
typedef struct hasher {
    uint64_t h[4];
} hasher;

static const uint64_t HASH_K = 0x9E3779B97F4A7C15ull;

static void hasher_init(hasher *hs, uint64_t n)
{
    hasher init = {{0x243F6A8885A308D3ull ^ n, 0x13198A2E03707344ull, 0xA4093822299F31D0ull,
                    0x082EFA98EC4E6C89ull}};
    *hs = init;
}

static void hasher_add(hasher *hs, const unsigned char *p, size_t n)
{
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        for (int l = 0; l < 4; l++) {
            uint64_t w;
            memcpy(&w, p + i + 8 * l, 8);
            hs->h[l] = (hs->h[l] ^ w) * HASH_K;
            hs->h[l] ^= hs->h[l] >> 29;
        }
    }
    for (; i < n; i++)
        hs->h[0] = (hs->h[0] ^ p[i]) * HASH_K;
}

static uint64_t hasher_end(const hasher *hs)
{
    uint64_t r = hs->h[0];
    for (int l = 1; l < 4; l++)
        r = (r ^ hs->h[l]) * HASH_K ^ (r >> 31);
    return r;
}

static uint64_t checksum(const unsigned char *p, size_t n)
{
    hasher hs;
    hasher_init(&hs, n);
    hasher_add(&hs, p, n);
    return hasher_end(&hs);
}

/* The body's checksum: its two halves (the first a multiple of 32 bytes)
 * hashed apart and combined, so that a big cache is checked on both cores. */
static uint64_t body_split(uint64_t n)
{
    return n / 2 / 32 * 32;
}

static uint64_t combine(uint64_t a, uint64_t b)
{
    return (a ^ (b * HASH_K + 0x632BE59BD9B4E019ull)) * HASH_K;
}

typedef struct half_job {
    PAR_JOB_ALIGN const unsigned char *p;
    size_t n;
    uint64_t sum;
} half_job;

static void hash_half(void *arg)
{
    half_job *j = arg;
    j->sum = checksum(j->p, j->n);
}

#define TWO_THREADS_MIN (16u << 20)

static uint64_t mapped_body_checksum(const unsigned char *p, uint64_t n)
{
    uint64_t split = body_split(n);
    half_job halves[2] = {{p, (size_t)split, 0}, {p + split, (size_t)(n - split), 0}};
    if (n >= TWO_THREADS_MIN) {
        par_run2(hash_half, &halves[0], &halves[1]);
    } else {
        hash_half(&halves[0]);
        hash_half(&halves[1]);
    }
    return combine(halves[0].sum, halves[1].sum);
}

static uint64_t align_up(uint64_t n, uint64_t a)
{
    return (n + a - 1) / a * a;
}

/* Where the summaries' part k starts, after the parts before it (n items
 * each), every part 64-aligned from off. */
static uint64_t summary_part_at(uint64_t off, uint32_t n, int k)
{
    for (int i = 0; i < k; i++)
        off = align_up(off, 64) + (uint64_t)n * index_summary_item_size(i);
    return align_up(off, 64);
}

/* Where every field of the mapped structs lies: a build whose structs are
 * laid out otherwise (a field added, moved or resized, even at the same
 * total size) does not take another's cache for its own. */
static uint64_t layout_fingerprint(void)
{
    static const size_t fields[] = {
        offsetof(entry, title),
        offsetof(entry, venue),
        offsetof(entry, arxiv),
        offsetof(entry, url),
        offsetof(entry, org),
        offsetof(entry, notes),
        offsetof(entry, date),
        offsetof(entry, authors),
        offsetof(entry, tags),
        offsetof(entry, links),
        offsetof(entry, nauthors),
        offsetof(entry, ntags),
        offsetof(entry, nlinks),
        offsetof(entry, section),
        offsetof(entry, line),
        offsetof(entry, year),
        offsetof(entry, kind),
        offsetof(entry, flags),
        offsetof(entry, file),
        sizeof(entry),
        offsetof(section, name),
        offsetof(section, path),
        offsetof(section, parent),
        offsetof(section, depth),
        offsetof(section, end),
        offsetof(section, entry_begin),
        offsetof(section, entry_end),
        offsetof(section, line),
        sizeof(section),
        offsetof(catalog, title),
        offsetof(catalog, description),
        offsetof(catalog, entries),
        offsetof(catalog, nentries),
        offsetof(catalog, sections),
        offsetof(catalog, nsections),
        offsetof(catalog, files),
        offsetof(catalog, nfiles),
        offsetof(catalog, mapping),
        offsetof(catalog, mapping_size),
        offsetof(catalog, arena),
        offsetof(catalog, open),
        offsetof(catalog, finished),
        sizeof(catalog),
        offsetof(entry_link, label),
        offsetof(entry_link, url),
        sizeof(entry_link),
    };
    return checksum((const unsigned char *)fields, sizeof fields);
}

static uint64_t header_checksum(const cache_header *h)
{
    return checksum((const unsigned char *)h, offsetof(cache_header, header_sum));
}

static bool source_of(const char *file, source_id *out)
{
    struct stat st;
    if (stat(file, &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    memset(out, 0, sizeof *out);
    out->dev = (uint64_t)st.st_dev;
    out->ino = (uint64_t)st.st_ino;
    out->size = (uint64_t)st.st_size;
    out->mtime_s = (int64_t)st.st_mtim.tv_sec;
    out->mtime_ns = (int64_t)st.st_mtim.tv_nsec;
    return true;
}

bool cache_stamp_files(const char *const *files, int nfiles, cache_stamp *out)
{
    if (nfiles <= 0 || nfiles > MAX_SOURCES)
        return false;
    memset(out, 0, sizeof *out);
    out->nfiles = nfiles;
    for (int i = 0; i < nfiles; i++)
        if (!source_of(files[i], &out->src[i]))
            return false;
    return true;
}

bool cache_stamp_equal(const cache_stamp *a, const cache_stamp *b)
{
    if (a->nfiles != b->nfiles)
        return false;
    for (int i = 0; i < a->nfiles && i < CACHE_MAX_FILES; i++) {
        const cache_source *x = &a->src[i], *y = &b->src[i];
        if (x->dev != y->dev || x->ino != y->ino || x->size != y->size || x->mtime_s != y->mtime_s
            || x->mtime_ns != y->mtime_ns)
            return false;
    }
    return true;
}

bool cache_path(const char *const *files, int nfiles, char *out, size_t size)
{
    const char *off = getenv("PAPERDECK_CACHE");
    if ((off && strcmp(off, "off") == 0) || nfiles <= 0 || nfiles > MAX_SOURCES)
        return false;
    uint64_t key = (uint64_t)nfiles;
    for (int i = 0; i < nfiles; i++) {
        char real[PATH_MAX];
        if (strcmp(files[i], "-") == 0 || !realpath(files[i], real))
            return false;
        key = key * 0x100000001B3ull ^ checksum((const unsigned char *)real, strlen(real) + 1);
    }
    char dir[PATH_MAX];
    if (!paths_cache_dir(dir, sizeof dir))
        return false;
    int n = snprintf(out, size, "%s/%016llx.cache", dir, (unsigned long long)key);
    return n > 0 && (size_t)n < size;
}

/* --- loading ------------------------------------------------------------- */

static bool header_valid(const cache_header *h, const char *const *files, int nfiles)
{
    if (memcmp(h->magic, CACHE_MAGIC, 8) != 0 || h->version != CACHE_VERSION
        || h->header_sum != header_checksum(h) || h->nsources != (uint32_t)nfiles
        || h->layout != layout_fingerprint() || h->entry_size != sizeof(entry)
        || h->section_size != sizeof(section) || h->catalog_size != sizeof(catalog)
        || h->link_size != sizeof(entry_link) || h->size < HEADER_SIZE
        || h->catalog_off + sizeof(catalog) > h->size || h->warnings_off + h->warnings_len > h->size
        || h->warnings_off < HEADER_SIZE)
        return false;
    for (int k = 0; h->summaries_off && k < INDEX_SUMMARY_PARTS; k++)
        if (h->summary_item_size[k] != index_summary_item_size(k))
            return false;
    if (h->summaries_off + h->summaries_len > h->size)
        return false;
    for (int i = 0; i < nfiles; i++) {
        source_id now;
        if (!source_of(files[i], &now) || memcmp(&now, &h->src[i], sizeof now) != 0)
            return false;
    }
    return true;
}

/* A number then a tab, at *s in a line that ends at nl; moves *s past
 * them. Not sscanf: it would look for a NUL, past the line and maybe past
 * the mapping, once per line (the warnings of a list can be many). */
static bool take_number(const char **s, const char *nl, unsigned *out)
{
    const char *p = *s;
    unsigned long v = 0;
    while (p < nl && p - *s < 10 && *p >= '0' && *p <= '9')
        v = v * 10 + (unsigned long)(*p++ - '0');
    if (p == *s || p == nl || *p != '\t' || v > UINT_MAX)
        return false;
    *out = (unsigned)v;
    *s = p + 1;
    return true;
}

/* Warnings are lines "line\tcol\tfile\ttext". */
static void replay_warnings(const char *s, size_t n, diag *d)
{
    const char *end = s + n;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        if (!nl)
            break;
        unsigned line = 0, col = 0;
        const char *p = s, *tab;
        char file[PATH_MAX];
        if (take_number(&p, nl, &line) && take_number(&p, nl, &col)
            && (tab = memchr(p, '\t', (size_t)(nl - p))) != NULL
            && (size_t)(tab - p) < sizeof file) {
            memcpy(file, p, (size_t)(tab - p));
            file[tab - p] = '\0';
            diag_add(d, DIAG_WARNING, file, line, col, "%.*s", (int)(nl - tab - 1), tab + 1);
        }
        s = nl + 1;
    }
}

/* Whether c's files were given the names files are: messages name them
 * so, and the same file by another name (relative, from another directory)
 * would be misnamed. */
static bool named_as(const catalog *c, const char *const *files, int nfiles)
{
    if (c->nfiles != (uint32_t)nfiles)
        return false;
    for (int i = 0; i < nfiles; i++)
        if (strcmp(c->files[i], files[i]) != 0)
            return false;
    return true;
}

catalog *cache_load(const char *path, const char *const *files, int nfiles,
                    const void *summaries[INDEX_SUMMARY_PARTS], diag *d)
{
    for (int k = 0; k < INDEX_SUMMARY_PARTS; k++)
        summaries[k] = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    cache_header h;
    struct stat st;
    if (pread(fd, &h, sizeof h, 0) != (ssize_t)sizeof h || fstat(fd, &st) != 0
        || (uint64_t)st.st_size != h.size || !header_valid(&h, files, nfiles)) {
        close(fd);
        return NULL;
    }
    void *want = (void *)(uintptr_t)h.base;
    void *map = mmap(want, h.size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED_NOREPLACE, fd,
                     0);
    /* used now: pruning goes by modification time (atime may not be kept) */
    if (map != MAP_FAILED)
        futimens(fd, NULL);
    close(fd);
    if (map == MAP_FAILED)
        return NULL;
    const unsigned char *bytes = map;
    if (map != want
        || mapped_body_checksum(bytes + HEADER_SIZE, h.size - HEADER_SIZE) != h.body_sum) {
        munmap(map, h.size);
        return NULL;
    }
    catalog *c = (catalog *)(bytes + h.catalog_off);
    if (!named_as(c, files, nfiles)) {
        munmap(map, h.size);
        return NULL;
    }
    const int last = INDEX_SUMMARY_PARTS - 1;
    uint64_t end = summary_part_at(h.summaries_off, c->nentries, last)
                 + (uint64_t)c->nentries * index_summary_item_size(last);
    if (h.summaries_off && end <= h.summaries_off + h.summaries_len) {
        for (int k = 0; k < INDEX_SUMMARY_PARTS; k++)
            summaries[k] = bytes + summary_part_at(h.summaries_off, c->nentries, k);
    }
    replay_warnings((const char *)bytes + h.warnings_off, h.warnings_len, d);
    return c;
}

/* --- saving -------------------------------------------------------------- */

/* One region of the file, written from its own cursor through a buffer. */
typedef struct stream {
    int fd;
    uint64_t pos; /* file offset of the next byte */
    size_t n;     /* bytes buffered, to go at pos - n */
    bool *failed;
    unsigned char buf[1 << 16];
} stream;

static void st_flush(stream *s)
{
    size_t done = 0;
    while (done < s->n && !*s->failed) {
        ssize_t w = pwrite(s->fd, s->buf + done, s->n - done, (off_t)(s->pos - s->n + done));
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            *s->failed = true;
        else
            done += (size_t)w;
    }
    s->n = 0;
}

/* Appends n bytes; returns their file offset. */
static uint64_t st_put(stream *s, const void *p, size_t n)
{
    uint64_t at = s->pos;
    const unsigned char *b = p;
    while (n) {
        if (s->n == sizeof s->buf)
            st_flush(s);
        size_t k = sizeof s->buf - s->n < n ? sizeof s->buf - s->n : n;
        memcpy(s->buf + s->n, b, k);
        s->n += k;
        s->pos += k;
        b += k;
        n -= k;
    }
    return at;
}

/* Interned strings (venues, orgs, tags) are written once: source pointer
 * to file offset, open addressing. */
typedef struct seen_map {
    const char **keys;
    uint64_t *offs;
    size_t cap, n;
} seen_map;

typedef struct writer {
    uint64_t base;
    stream *meta, *arrays, *titles, *strings;
    seen_map seen;
} writer;

static void *as_ptr(const writer *w, uint64_t off)
{
    return (void *)(uintptr_t)(w->base + off);
}

static const char *put_string(writer *w, stream *s, const char *str)
{
    return str ? as_ptr(w, st_put(s, str, strlen(str) + 1)) : NULL;
}

static size_t seen_slot(const seen_map *m, const char *key)
{
    size_t j = ((uintptr_t)key >> 3) * 0x9E3779B97F4A7C15ull & (m->cap - 1);
    while (m->keys[j] && m->keys[j] != key)
        j = (j + 1) & (m->cap - 1);
    return j;
}

static const char *put_interned(writer *w, const char *str)
{
    if (!str)
        return NULL;
    seen_map *m = &w->seen;
    if ((m->n + 1) * 2 > m->cap) {
        seen_map bigger = {xcalloc(m->cap ? m->cap * 2 : 256, sizeof *bigger.keys),
                           xcalloc(m->cap ? m->cap * 2 : 256, sizeof *bigger.offs),
                           m->cap ? m->cap * 2 : 256, m->n};
        for (size_t i = 0; i < m->cap; i++) {
            if (m->keys[i]) {
                size_t j = seen_slot(&bigger, m->keys[i]);
                bigger.keys[j] = m->keys[i];
                bigger.offs[j] = m->offs[i];
            }
        }
        free(m->keys);
        free(m->offs);
        *m = bigger;
    }
    size_t j = seen_slot(m, str);
    if (!m->keys[j]) {
        m->keys[j] = str;
        m->offs[j] = st_put(w->strings, str, strlen(str) + 1);
        m->n++;
    }
    return as_ptr(w, m->offs[j]);
}

static const char *const *put_names(writer *w, const char *const *names, uint32_t n, bool interned)
{
    if (!names)
        return NULL;
    uint64_t at = w->arrays->pos;
    for (uint32_t i = 0; i < n; i++) {
        const char *p = interned ? put_interned(w, names[i]) : put_string(w, w->strings, names[i]);
        st_put(w->arrays, &p, sizeof p);
    }
    return as_ptr(w, at);
}

static void put_entry(writer *w, stream *entries, const entry *e)
{
    entry x;
    memcpy(&x, e, sizeof x); /* padding too: the file gets no stray bytes */
    x.title = put_string(w, w->titles, e->title);
    x.venue = put_interned(w, e->venue);
    x.org = put_interned(w, e->org);
    x.arxiv = put_string(w, w->strings, e->arxiv);
    x.url = put_string(w, w->strings, e->url);
    x.notes = put_string(w, w->strings, e->notes);
    x.date = put_string(w, w->strings, e->date);
    x.authors = put_names(w, e->authors, e->nauthors, false);
    x.tags = put_names(w, e->tags, e->ntags, true);
    if (e->links) {
        uint64_t at = w->arrays->pos;
        for (uint32_t i = 0; i < e->nlinks; i++) {
            entry_link l = {put_string(w, w->strings, e->links[i].label),
                            put_string(w, w->strings, e->links[i].url)};
            st_put(w->arrays, &l, sizeof l);
        }
        x.links = as_ptr(w, at);
    }
    st_put(entries, &x, sizeof x);
}

/* Warnings as lines "line\tcol\tfile\ttext", tabs and newlines in the text
 * made spaces. */
static void put_warnings(stream *s, const diag *d)
{
    for (size_t i = 0; d && i < d->n; i++) {
        const diag_msg *m = &d->msgs[i];
        if (m->level != DIAG_WARNING || strchr(m->file, '\t') || strchr(m->file, '\n'))
            continue;
        char head[64];
        int n = snprintf(head, sizeof head, "%u\t%u\t", m->line, m->col);
        st_put(s, head, (size_t)n);
        st_put(s, m->file, strlen(m->file));
        st_put(s, "\t", 1);
        for (const char *t = m->text; *t; t++) {
            char ch = *t == '\t' || *t == '\n' ? ' ' : *t;
            st_put(s, &ch, 1);
        }
        st_put(s, "\n", 1);
    }
}

/* Where the file's regions start: every size is known before writing. */
typedef struct layout {
    uint64_t sections, files, entries, arrays, titles, strings;
} layout;

static layout plan(const catalog *c)
{
    uint64_t arrays = 0, titles = 0;
    for (uint32_t i = 0; i < c->nentries; i++) {
        const entry *e = &c->entries[i];
        arrays += (uint64_t)(e->nauthors + e->ntags) * sizeof(char *)
                + (uint64_t)e->nlinks * sizeof(entry_link);
        titles += strlen(e->title) + 1;
    }
    layout l;
    l.sections = align_up(HEADER_SIZE + sizeof(catalog), 64);
    l.files = l.sections + (uint64_t)c->nsections * sizeof(section);
    l.entries = align_up(l.files + (uint64_t)c->nfiles * sizeof(char *), 64);
    l.arrays = l.entries + (uint64_t)c->nentries * sizeof(entry);
    l.titles = l.arrays + arrays;
    l.strings = l.titles + titles;
    return l;
}

/* Writes every region of c through w; *out gets the catalog struct as it is
 * to be stored (its pointers into the file). */
static void write_regions(writer *w, const catalog *c, const layout *l, stream *entries,
                          catalog *out)
{
    catalog x;
    memcpy(&x, c, sizeof x);
    x.title = put_string(w, w->strings, c->title);
    x.description = put_string(w, w->strings, c->description);
    x.sections = as_ptr(w, l->sections);
    x.files = as_ptr(w, l->files);
    x.entries = as_ptr(w, l->entries);
    for (uint32_t i = 0; i < c->nsections; i++) {
        section s;
        memcpy(&s, &c->sections[i], sizeof s);
        s.name = put_string(w, w->strings, s.name);
        s.path = put_string(w, w->strings, s.path);
        st_put(w->meta, &s, sizeof s);
    }
    for (uint32_t i = 0; i < c->nfiles; i++) {
        const char *f = put_string(w, w->strings, c->files[i]);
        st_put(w->meta, &f, sizeof f);
    }
    for (uint32_t i = 0; i < c->nentries; i++)
        put_entry(w, entries, &c->entries[i]);
    /* read-only from here on: no builder, nothing to grow */
    x.arena = NULL;
    x.entries_cap = x.nentries;
    x.sections_cap = x.nsections;
    x.files_cap = x.nfiles;
    x.open = -1;
    x.finished = true;
    memcpy(out, &x, sizeof x);
}

/* The checksum of what was written, read back a piece at a time: mapping
 * the whole file would count it in the process's memory on top of the
 * catalog it was written from. The same as mapped_body_checksum. */
#define READ_PIECE (8u << 20) /* a multiple of 32 */

/* checksum() of the file's bytes [from, from + n), read a piece at a time. */
static bool hash_range(int fd, unsigned char *buf, uint64_t from, uint64_t n, uint64_t *sum)
{
    hasher hs;
    hasher_init(&hs, n);
    for (uint64_t at = 0; at < n;) {
        size_t want = n - at < READ_PIECE ? (size_t)(n - at) : READ_PIECE;
        ssize_t got = pread(fd, buf, want, (off_t)(from + at));
        if (got < 0 && errno == EINTR)
            continue;
        if (got != (ssize_t)want)
            return false;
        hasher_add(&hs, buf, want);
        at += want;
    }
    *sum = hasher_end(&hs);
    return true;
}

static bool body_checksum(int fd, uint64_t size, uint64_t *sum)
{
    uint64_t n = size - HEADER_SIZE, split = body_split(n), first = 0, second = 0;
    unsigned char *buf = xmalloc(READ_PIECE);
    bool ok = hash_range(fd, buf, HEADER_SIZE, split, &first)
           && hash_range(fd, buf, HEADER_SIZE + split, n - split, &second);
    free(buf);
    *sum = combine(first, second);
    return ok;
}

/* The index's summaries from off on, each part 64-aligned; returns the end. */
static uint64_t put_summaries(stream *s, const paper_index *ix, uint32_t n, uint64_t off)
{
    static const unsigned char zeros[64];
    for (int k = 0; k < INDEX_SUMMARY_PARTS; k++) {
        uint64_t at = summary_part_at(off, n, k);
        st_put(s, zeros, (size_t)(at - s->pos));
        st_put(s, index_summary_part(ix, k), (size_t)n * index_summary_item_size(k));
    }
    return s->pos;
}

static bool save_to(int fd, const cache_stamp *stamp, const catalog *c, const paper_index *ix,
                    const diag *d, uint64_t base)
{
    bool failed = false;
    layout l = plan(c);
    stream *s = xcalloc(5, sizeof *s);
    uint64_t starts[5] = {l.sections, l.entries, l.arrays, l.titles, l.strings};
    for (int i = 0; i < 5; i++)
        s[i] = (stream){.fd = fd, .pos = starts[i], .failed = &failed};
    writer w = {.base = base, .meta = &s[0], .arrays = &s[2], .titles = &s[3], .strings = &s[4]};
    catalog x;
    write_regions(&w, c, &l, &s[1], &x);
    cache_header h;
    memset(&h, 0, sizeof h);
    h.warnings_off = s[4].pos;
    put_warnings(&s[4], d);
    h.warnings_len = s[4].pos - h.warnings_off;
    if (ix) {
        h.summaries_off = s[4].pos;
        h.summaries_len = put_summaries(&s[4], ix, c->nentries, h.summaries_off) - h.summaries_off;
        for (int k = 0; k < INDEX_SUMMARY_PARTS; k++)
            h.summary_item_size[k] = (uint32_t)index_summary_item_size(k);
    }
    h.size = s[4].pos;
    x.mapping = (void *)(uintptr_t)base;
    x.mapping_size = h.size;
    bool regions_met = s[0].pos <= l.entries && s[1].pos == l.arrays && s[2].pos == l.titles
                    && s[3].pos == l.strings;
    for (int i = 0; i < 5; i++)
        st_flush(&s[i]);
    free(s);
    free(w.seen.keys);
    free(w.seen.offs);
    if (failed || !regions_met || pwrite(fd, &x, sizeof x, HEADER_SIZE) != (ssize_t)sizeof x
        || ftruncate(fd, (off_t)h.size) != 0)
        return false;

    if (!body_checksum(fd, h.size, &h.body_sum))
        return false;
    memcpy(h.magic, CACHE_MAGIC, 8);
    h.version = CACHE_VERSION;
    h.nsources = (uint32_t)stamp->nfiles;
    h.layout = layout_fingerprint();
    h.entry_size = sizeof(entry);
    h.section_size = sizeof(section);
    h.catalog_size = sizeof(catalog);
    h.link_size = sizeof(entry_link);
    h.base = base;
    h.catalog_off = HEADER_SIZE;
    memcpy(h.src, stamp->src, sizeof h.src);
    h.header_sum = header_checksum(&h);
    return pwrite(fd, &h, sizeof h, 0) == (ssize_t)sizeof h;
}

/* Removes the caches nobody has used for CACHE_MAX_AGE_DAYS (lists moved
 * or deleted) and temporary files a writer left a day ago, so the cache
 * directory does not grow without end. */
#define CACHE_MAX_AGE_DAYS 30
static void prune(const char *dirname)
{
    DIR *dir = opendir(dirname);
    if (!dir)
        return;
    time_t now = time(NULL);
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        size_t n = strlen(de->d_name);
        bool is_cache = n > 6 && strcmp(de->d_name + n - 6, ".cache") == 0;
        bool is_tmp = n > 4 && strcmp(de->d_name + n - 4, ".tmp") == 0;
        struct stat st;
        if ((!is_cache && !is_tmp) || fstatat(dirfd(dir), de->d_name, &st, 0) != 0)
            continue;
        double age_days = difftime(now, st.st_mtim.tv_sec) / 86400;
        if (age_days > (is_cache ? CACHE_MAX_AGE_DAYS : 1))
            unlinkat(dirfd(dir), de->d_name, 0);
    }
    closedir(dir);
}

bool cache_save(const char *path, const catalog *c, const paper_index *ix, const diag *d,
                const cache_stamp *stamp)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    if (stamp->nfiles <= 0 || stamp->nfiles > MAX_SOURCES || !c->finished || !slash
        || paths_make_dirs(dir) != 0)
        return false;
    /* Not fileio_replace: a cache is disposable and checksummed, so it
     * needs no fsync (hundreds of MB on the load path), and it is written
     * with pwrite and read back through the same descriptor. A temporary
     * and a rename still keep readers from seeing half a file. */
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid()) >= (int)sizeof tmp)
        return false;
    int fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return false;
    /* the slot comes from the path, so two lists' caches map side by side */
    const char *name = strrchr(path, '/');
    uint64_t slot = checksum((const unsigned char *)name, strlen(name)) & 0xFF;
    bool ok = save_to(fd, stamp, c, ix, d, BASE_FIRST + slot * BASE_SLOT);
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return false;
    }
    prune(dir);
    return true;
}
