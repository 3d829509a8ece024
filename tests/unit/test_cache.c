/* Unit tests: the catalog cache (cache.c). A saved catalog maps back equal
 * in every field, with its warnings; a stale, truncated, corrupt or foreign
 * cache is refused; the index's title summaries come back with it and are
 * refused when they are not this build's; lists_index_cached writes the
 * cache once and maps it after. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "paperdeck/cache.h"
#include "check.h"
#include "paperdeck/lists.h"
#include "paperdeck/under_valgrind.h"
#include "paperdeck/xalloc.h"
#include "paperdeck/yaml_load.h"

static char dir[] = "/tmp/paperdeck-test-cache-XXXXXX";
static char list_path[300], cache_file[300];

/* A list with every kind of field, repeated venues and tags (interned), a
 * duplicate title (a warning) and enough entries for several buffers. */
static void write_list(const char *path, int n)
{
    FILE *f = fopen(path, "w");
    fputs("paperdeck: 1\ntitle: Cached\ndescription: every field\nsections:\n"
          "  - name: Top\n    sections:\n      - name: Inner\n        entries:\n",
          f);
    for (int i = 0; i < n; i++) {
        fprintf(f, "          - title: \"Paper %d \\u00e9t\\u00e9 attention\"\n",
                i % 50 == 7 ? 6 : i);
        fprintf(f, "            venue: %s\n", i % 3 ? "ICLR 2021" : "NeurIPS 2020");
        if (i % 2)
            fprintf(f, "            arxiv: \"2106.%05d\"\n", i);
        fprintf(f, "            authors: [A. Author%d, B. Second]\n", i % 7);
        fprintf(f, "            tags: [lora, t%d]\n", i % 5);
        if (i % 4 == 0)
            fprintf(f,
                    "            links:\n              - label: code\n"
                    "                url: https://example.org/%d\n              - url: "
                    "https://x.y/%d\n",
                    i, i);
        if (i % 5 == 0)
            fprintf(f, "            notes: \"note %d\"\n            org: Org%d\n", i, i % 3);
        if (i % 9 == 0)
            fprintf(f, "            kind: blog\n            url: https://blog.example/%d\n", i);
    }
    fputs("  - name: Last\n    entries:\n      - title: Alone\n        date: 2020-05-04\n", f);
    fclose(f);
}

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static uint32_t entry_differences(const entry *x, const entry *y)
{
    uint32_t bad = !same_str(x->title, y->title) + !same_str(x->venue, y->venue)
                 + !same_str(x->arxiv, y->arxiv) + !same_str(x->url, y->url)
                 + !same_str(x->org, y->org) + !same_str(x->notes, y->notes)
                 + !same_str(x->date, y->date);
    bad += x->nauthors != y->nauthors || x->ntags != y->ntags || x->nlinks != y->nlinks
        || x->section != y->section || x->line != y->line || x->year != y->year
        || x->kind != y->kind || x->flags != y->flags || x->file != y->file;
    for (uint32_t k = 0; k < x->nauthors && k < y->nauthors; k++)
        bad += !same_str(x->authors[k], y->authors[k]);
    for (uint32_t k = 0; k < x->ntags && k < y->ntags; k++)
        bad += !same_str(x->tags[k], y->tags[k]);
    for (uint32_t k = 0; k < x->nlinks && k < y->nlinks; k++)
        bad += !same_str(x->links[k].label, y->links[k].label)
             + !same_str(x->links[k].url, y->links[k].url);
    return bad;
}

static void check_equal(const catalog *a, const catalog *b)
{
    CHECK_STR(a->title, b->title);
    CHECK(same_str(a->description, b->description));
    CHECK_INT(a->nentries, b->nentries);
    CHECK_INT(a->nsections, b->nsections);
    CHECK_INT(a->nfiles, b->nfiles);
    uint32_t bad = 0;
    for (uint32_t i = 0; i < a->nentries && i < b->nentries; i++)
        bad += entry_differences(&a->entries[i], &b->entries[i]);
    for (uint32_t s = 0; s < a->nsections && s < b->nsections; s++) {
        const section *x = &a->sections[s], *y = &b->sections[s];
        bad += !same_str(x->name, y->name) || !same_str(x->path, y->path) || x->parent != y->parent
            || x->depth != y->depth || x->end != y->end || x->entry_begin != y->entry_begin
            || x->entry_end != y->entry_end || x->line != y->line;
    }
    for (uint32_t i = 0; i < a->nfiles && i < b->nfiles; i++)
        bad += !same_str(a->files[i], b->files[i]);
    CHECK_INT(bad, 0);
}

/* The identity of the one file files[0], taken now. */
static const cache_stamp *stamp_of(const char *const *files)
{
    static cache_stamp s;
    CHECK(cache_stamp_files(files, 1, &s));
    return &s;
}

static catalog *load_yaml(const char *path, diag *d)
{
    catalog *c = catalog_new();
    CHECK_INT(yaml_load_file(c, path, false, d), 0);
    catalog_finish(c);
    return c;
}

/* Maps the cache, or, under valgrind (which does not map at a fixed
 * address), says so and returns NULL. */
static catalog *mapped(const char *const *files, const void **parts, diag *d, bool *skip)
{
    catalog *c = cache_load(cache_file, files, 1, parts, d);
    *skip = !c && under_valgrind();
    return c;
}

static void check_summaries(const paper_index *orig_ix, const catalog *back,
                            const void *const *parts);

static void test_round_trip(void)
{
    const char *files[] = {list_path};
    diag d, d2;
    diag_init(&d);
    diag_init(&d2);
    catalog *orig = load_yaml(list_path, &d);
    paper_index *orig_ix = index_build(orig);
    CHECK(d.warnings > 1); /* duplicate titles */
    CHECK(cache_save(cache_file, orig, orig_ix, &d, stamp_of(files)));
    bool skip;
    const void *parts[INDEX_SUMMARY_PARTS];
    catalog *back = mapped(files, parts, &d2, &skip);
    if (!skip) {
        CHECK(back != NULL);
        if (back) {
            CHECK(back->mapping != NULL);
            check_equal(orig, back);
            check_summaries(orig_ix, back, parts);
            /* interned strings stay shared */
            CHECK(back->entries[1].venue == back->entries[2].venue);
            /* titles lie one after another, in document order */
            CHECK(back->entries[1].title
                  == back->entries[0].title + strlen(back->entries[0].title) + 1);
            /* a second mapping of the same cache cannot take its address */
            diag d3;
            diag_init(&d3);
            const void *more[INDEX_SUMMARY_PARTS];
            CHECK(cache_load(cache_file, files, 1, more, &d3) == NULL);
            diag_free(&d3);
        }
        CHECK_INT(d2.warnings, d.warnings);
        for (size_t i = 0; i < d.n && i < d2.n; i++) {
            char x[512], y[512];
            diag_format(&d.msgs[i], x, sizeof x);
            diag_format(&d2.msgs[i], y, sizeof y);
            CHECK_STR(y, x);
        }
    }
    catalog_free(back);
    index_free(orig_ix);
    catalog_free(orig);
    diag_free(&d);
    diag_free(&d2);
}

/* The summaries came back equal, and an index on them finds what the
 * original finds. */
static void check_summaries(const paper_index *orig_ix, const catalog *back,
                            const void *const *parts)
{
    uint32_t n = back->nentries;
    for (int k = 0; k < INDEX_SUMMARY_PARTS; k++) {
        CHECK(parts[k] != NULL);
        if (parts[k])
            CHECK(memcmp(parts[k], index_summary_part(orig_ix, k), n * index_summary_item_size(k))
                  == 0);
    }
    if (!parts[0])
        return;
    paper_index *ix = index_build_with(back, parts);
    CHECK(ix != NULL);
    if (!ix)
        return;
    const char *queries[] = {"att", "paper 6", "/Pap.r 1[0-9]/", "venue:iclr att"};
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        query_error err;
        query *q = query_compile(queries[i], &err);
        view a, b;
        view_init(&a);
        view_init(&b);
        CHECK_INT(index_filter((paper_index *)orig_ix, q, -1, &a, &err), 0);
        CHECK_INT(index_filter(ix, q, -1, &b, &err), 0);
        CHECK_INT(a.n, b.n);
        CHECK(a.n > 0);
        CHECK(a.n == b.n && memcmp(a.ids, b.ids, a.n * sizeof *a.ids) == 0);
        CHECK(a.n == b.n && memcmp(a.scores, b.scores, a.n * sizeof *a.scores) == 0);
        view_free(&a);
        view_free(&b);
        query_free(q);
    }
    index_free(ix);
}

/* Summaries that are not this build's (here: one changed before saving,
 * as a build that summarised titles otherwise would have written them) do
 * not make an index; the catalog is still good. */
static void test_foreign_summaries(void)
{
    const char *files[] = {list_path};
    diag d;
    diag_init(&d);
    catalog *orig = load_yaml(list_path, &d);
    paper_index *orig_ix = index_build(orig);
    ((uint64_t *)index_summary_part(orig_ix, 0))[3] ^= 1; /* the mask of entry 3 */
    CHECK(cache_save(cache_file, orig, orig_ix, &d, stamp_of(files)));
    bool skip;
    const void *parts[INDEX_SUMMARY_PARTS];
    catalog *back = mapped(files, parts, &d, &skip);
    if (!skip) {
        CHECK(back != NULL);
        CHECK(parts[0] != NULL);
        if (back && parts[0])
            CHECK(index_build_with(back, parts) == NULL);
    }
    catalog_free(back);
    index_free(orig_ix);
    catalog_free(orig);
    diag_free(&d);
}

/* Overwrites one byte of the cache file at off. */
static void poke(long off, unsigned char byte)
{
    int fd = open(cache_file, O_WRONLY);
    CHECK(pwrite(fd, &byte, 1, off) == 1);
    close(fd);
}

static unsigned char peek(long off)
{
    unsigned char byte = 0;
    int fd = open(cache_file, O_RDONLY);
    CHECK(pread(fd, &byte, 1, off) == 1);
    close(fd);
    return byte;
}

static void save_fresh(void)
{
    const char *files[] = {list_path};
    diag d;
    diag_init(&d);
    catalog *c = load_yaml(list_path, &d);
    CHECK(cache_save(cache_file, c, NULL, &d, stamp_of(files)));
    catalog_free(c);
    diag_free(&d);
}

/* Expects the cache to be refused (NULL), without a crash. */
static void expect_refused(const char *why)
{
    const char *files[] = {list_path};
    diag d;
    diag_init(&d);
    const void *parts[INDEX_SUMMARY_PARTS];
    catalog *c = cache_load(cache_file, files, 1, parts, &d);
    if (c)
        fprintf(stderr, "cache accepted: %s\n", why);
    CHECK(c == NULL);
    CHECK_INT(d.n, 0);
    catalog_free(c);
    diag_free(&d);
}

static void test_refused(void)
{
    struct stat st;
    save_fresh();
    CHECK(stat(cache_file, &st) == 0);
    long size = (long)st.st_size;

    /* a byte of the body changed (a title's letter, then the last byte) */
    unsigned char b = peek(size / 2);
    poke(size / 2, (unsigned char)(b ^ 0x20));
    expect_refused("a body byte flipped");
    save_fresh();
    poke(size - 1, (unsigned char)(peek(size - 1) ^ 1));
    expect_refused("the last byte flipped");

    /* the header changed: its version, its base address */
    save_fresh();
    poke(8, (unsigned char)(peek(8) + 1));
    expect_refused("another version");
    save_fresh();
    poke(37, (unsigned char)(peek(37) ^ 0x10)); /* base: bytes 32..39 */
    expect_refused("another base");

    /* truncated, empty, garbage */
    save_fresh();
    CHECK(truncate(cache_file, size - 100) == 0);
    expect_refused("truncated");
    CHECK(truncate(cache_file, 0) == 0);
    expect_refused("empty");
    FILE *f = fopen(cache_file, "w");
    for (int i = 0; i < 10000; i++)
        fputc(i * 7919 % 251, f);
    fclose(f);
    expect_refused("garbage");

    /* the list changed on disk: a new mtime, then a new size */
    save_fresh();
    struct timespec times[2] = {{0, UTIME_OMIT}, {1000000000, 0}};
    CHECK(utimensat(AT_FDCWD, list_path, times, 0) == 0);
    expect_refused("the list's mtime changed");
    save_fresh();
    f = fopen(list_path, "a");
    fputs("# a comment\n", f);
    fclose(f);
    expect_refused("the list grew");

    /* another set of files; the file by another name (messages name it) */
    save_fresh();
    const char *two[] = {list_path, list_path};
    diag d;
    diag_init(&d);
    const void *parts[INDEX_SUMMARY_PARTS];
    CHECK(cache_load(cache_file, two, 2, parts, &d) == NULL);
    char other[400];
    snprintf(other, sizeof other, "%s/./list.yaml", dir);
    const char *renamed[] = {other};
    CHECK(cache_load(cache_file, renamed, 1, parts, &d) == NULL);
    CHECK_INT(d.n, 0);
    diag_free(&d);
    /* no cache file at all */
    unlink(cache_file);
    expect_refused("missing");
}

/* A list that changes while it loads (an editor saves it meanwhile): the
 * cache must not pass for the list as it is now. */
static void test_changed_while_loading(void)
{
    const char *files[] = {list_path};
    diag d;
    diag_init(&d);
    const cache_stamp before = *stamp_of(files);
    catalog *c = load_yaml(list_path, &d);
    FILE *f = fopen(list_path, "a");
    fputs("  - name: Added\n    entries:\n      - title: Added meanwhile\n", f);
    fclose(f);
    CHECK(cache_save(cache_file, c, NULL, &d, &before));
    expect_refused("the list changed while it loaded");
    catalog_free(c);
    diag_free(&d);
    write_list(list_path, 700);
}

/* Saves c with one warning, its text n letters, and no summaries; returns
 * the cache's size. */
static long save_warned(const catalog *c, size_t n)
{
    const char *files[] = {list_path};
    char *text = xmalloc(n + 1);
    memset(text, 'x', n);
    text[n] = '\0';
    diag d;
    diag_init(&d);
    diag_add(&d, DIAG_WARNING, "pad.yaml", 1, 1, "%s", text);
    CHECK(cache_save(cache_file, c, NULL, &d, stamp_of(files)));
    struct stat st;
    CHECK(stat(cache_file, &st) == 0);
    diag_free(&d);
    free(text);
    return (long)st.st_size;
}

/* The warnings are read back within the file: here they end it, at a page
 * boundary, with nothing mapped after them (no summaries). */
static void test_warnings_end_the_file(void)
{
    const char *files[] = {list_path};
    diag d;
    diag_init(&d);
    catalog *c = load_yaml(list_path, &d);
    long size = save_warned(c, 1);
    CHECK_INT(save_warned(c, 1 + (size_t)((4096 - size % 4096) % 4096)) % 4096, 0);
    diag back;
    diag_init(&back);
    bool skip;
    const void *parts[INDEX_SUMMARY_PARTS];
    catalog *m = mapped(files, parts, &back, &skip);
    if (!skip) {
        CHECK(m != NULL);
        CHECK_INT(back.warnings, 1);
    }
    catalog_free(m);
    catalog_free(c);
    diag_free(&back);
    diag_free(&d);
}

static void test_paths(void)
{
    const char *files[] = {list_path};
    char p[4096], q[4096];
    setenv("XDG_CACHE_HOME", dir, 1);
    CHECK(cache_path(files, 1, p, sizeof p));
    CHECK(strncmp(p, dir, strlen(dir)) == 0);
    /* the same file by another name is the same cache */
    char other[400];
    snprintf(other, sizeof other, "%s/./list.yaml", dir);
    const char *again[] = {other};
    CHECK(cache_path(again, 1, q, sizeof q));
    CHECK_STR(q, p);
    const char *with_stdin[] = {list_path, "-"};
    CHECK(!cache_path(with_stdin, 2, q, sizeof q));
    const char *missing[] = {"/nonexistent/list.yaml"};
    CHECK(!cache_path(missing, 1, q, sizeof q));
    setenv("PAPERDECK_CACHE", "off", 1);
    CHECK(!cache_path(files, 1, q, sizeof q));
    unsetenv("PAPERDECK_CACHE");
}

/* Through lists: a big list is saved by its first load, mapped by the next,
 * and the two are equal. */
static void test_lists_cached(void)
{
    char big[400];
    snprintf(big, sizeof big, "%s/big.yaml", dir);
    write_list(big, 6000); /* over 1 MB */
    const char *files[] = {big};
    setenv("XDG_CACHE_HOME", dir, 1);
    char p[4096];
    CHECK(cache_path(files, 1, p, sizeof p));
    unlink(p);
    diag d1, d2;
    diag_init(&d1);
    diag_init(&d2);
    paper_index *first_ix = lists_index_cached(files, 1, &d1);
    const catalog *first = first_ix ? index_catalog(first_ix) : NULL;
    CHECK(first && !first->mapping);
    CHECK(access(p, R_OK) == 0);
    paper_index *second_ix = lists_index_cached(files, 1, &d2);
    const catalog *second = second_ix ? index_catalog(second_ix) : NULL;
    CHECK(second != NULL);
    if (first && second) {
        CHECK(second->mapping != NULL || under_valgrind());
        check_equal(first, second);
    }
    CHECK_INT(d1.warnings, d2.warnings);
    CHECK(d1.warnings > 0);
    if (first_ix)
        lists_release(first_ix);
    if (second_ix)
        lists_release(second_ix);
    diag_free(&d1);
    diag_free(&d2);
}

/* Saving removes caches unused for over 30 days and day-old temporary
 * files, and keeps the rest. */
static void test_prune(void)
{
    char old[400], recent[400], tmp[400], other[400];
    snprintf(old, sizeof old, "%s/0000000000000001.cache", dir);
    snprintf(recent, sizeof recent, "%s/0000000000000002.cache", dir);
    snprintf(tmp, sizeof tmp, "%s/x.cache.99.tmp", dir);
    snprintf(other, sizeof other, "%s/notes.txt", dir);
    const char *made[] = {old, recent, tmp, other};
    time_t now = time(NULL);
    time_t ages[] = {now - 40 * 86400, now - 20 * 86400, now - 2 * 86400, now - 90 * 86400};
    for (int i = 0; i < 4; i++) {
        FILE *f = fopen(made[i], "w");
        fputs("x", f);
        fclose(f);
        struct timespec t[2] = {{ages[i], 0}, {ages[i], 0}};
        CHECK(utimensat(AT_FDCWD, made[i], t, 0) == 0);
    }
    save_fresh();
    CHECK(access(old, F_OK) != 0);
    CHECK(access(tmp, F_OK) != 0);
    CHECK(access(recent, F_OK) == 0);
    CHECK(access(other, F_OK) == 0);
    CHECK(access(cache_file, F_OK) == 0);
}

int main(void)
{
    if (!check_scratch(dir))
        return 1;
    snprintf(list_path, sizeof list_path, "%s/list.yaml", dir);
    snprintf(cache_file, sizeof cache_file, "%s/list.cache", dir);
    write_list(list_path, 700);
    RUN(test_round_trip);
    RUN(test_foreign_summaries);
    RUN(test_refused);
    RUN(test_changed_while_loading);
    RUN(test_warnings_end_the_file);
    RUN(test_paths);
    RUN(test_prune);
    RUN(test_lists_cached);
    if (!check_remove_scratch(dir))
        return 1;
    return check_summary();
}
