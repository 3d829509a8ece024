/* Unit tests: arena, catalog builder, derivation of years and dates. */
#include <stdlib.h>
#include <string.h>

#include "paperdeck/arena.h"
#include "paperdeck/catalog.h"
#include "check.h"

static void test_arena_strings(void)
{
    arena *a = arena_new();
    char *s = arena_strdup(a, "hello");
    char *t = arena_strndup(a, "world!!", 5);
    CHECK_STR(s, "hello");
    CHECK_STR(t, "world");
    CHECK_INT((uintptr_t)arena_alloc(a, 3) % 8, 0);
    /* A request bigger than a chunk gets its own and keeps what was there. */
    char *big = arena_alloc(a, 1 << 20);
    memset(big, 'x', 1 << 20);
    char *after = arena_strdup(a, "after");
    CHECK_STR(s, "hello");
    CHECK_STR(after, "after");
    CHECK(arena_used(a) >= (1u << 20) + 16);
    unsigned char *z = arena_zalloc(a, 100);
    int nonzero = 0;
    for (int i = 0; i < 100; i++)
        nonzero += z[i] != 0;
    CHECK_INT(nonzero, 0);
    arena_free(a);
}

static entry *add(catalog *c, const char *title)
{
    entry *e = catalog_add_entry(c);
    e->title = arena_strdup(catalog_arena(c), title);
    return e;
}

static void test_sections_preorder(void)
{
    catalog *c = catalog_new();
    catalog_set_title(c, "Efficiency", "desc");
    uint32_t papers = catalog_open_section(c, "Papers", 3);
    uint32_t adapt = catalog_open_section(c, "Adapt", 4);
    add(c, "LoRA");
    catalog_close_section(c);
    uint32_t arch = catalog_open_section(c, "Architecture", 9);
    add(c, "RWKV");
    add(c, "Hyena");
    catalog_close_section(c);
    add(c, "Loose paper in Papers");
    catalog_close_section(c);
    uint32_t blogs = catalog_open_section(c, "Blogs", 20);
    add(c, "A blog");
    catalog_close_section(c);
    catalog_finish(c);

    CHECK_INT(c->nsections, 4);
    CHECK_INT(c->nentries, 5);
    CHECK_STR(c->title, "Efficiency");
    CHECK_STR(c->description, "desc");
    CHECK_STR(c->sections[adapt].path, "Papers/Adapt");
    CHECK_STR(c->sections[arch].path, "Papers/Architecture");
    CHECK_INT(c->sections[arch].depth, 1);
    CHECK_INT(c->sections[arch].parent, (int32_t)papers);
    CHECK_INT(c->sections[papers].parent, -1);
    CHECK_INT(c->sections[papers].end, blogs);
    CHECK_INT(c->sections[papers].entry_begin, 0);
    CHECK_INT(c->sections[papers].entry_end, 4);
    CHECK_INT(c->sections[arch].entry_begin, 1);
    CHECK_INT(c->sections[arch].entry_end, 3);
    CHECK_INT(c->sections[blogs].entry_begin, 4);
    CHECK_INT(c->sections[blogs].entry_end, 5);
    CHECK_INT(c->sections[blogs].line, 20);
    CHECK_INT(c->entries[3].section, papers);
    CHECK_INT(c->entries[1].section, arch);
    catalog_free(c);
}

static void test_implicit_section(void)
{
    catalog *c = catalog_new();
    catalog_set_title(c, "Loose", NULL);
    add(c, "one");
    add(c, "two");
    catalog_open_section(c, "Named", 0);
    add(c, "three");
    catalog_close_section(c);
    add(c, "four");
    catalog_finish(c);
    CHECK_INT(c->nsections, 3);
    CHECK_STR(c->sections[0].name, "Loose");
    CHECK_INT(c->sections[0].entry_end, 2);
    CHECK_INT(c->entries[3].section, 2);
    CHECK_INT(c->sections[2].entry_begin, 3);
    CHECK_INT(c->sections[2].entry_end, 4);
    catalog_free(c);
}

static void test_intern(void)
{
    catalog *c = catalog_new();
    const char *a = catalog_intern(c, "ICLR 2022", 9);
    const char *b = catalog_intern(c, "ICLR 2022 and more", 9);
    const char *d = catalog_intern(c, "ICLR", 4);
    CHECK(a == b);
    CHECK(a != d);
    CHECK_STR(d, "ICLR");
    /* Enough distinct strings to grow the table several times. */
    char buf[32];
    const char *first = NULL;
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(buf, sizeof buf, "venue %d", i);
        const char *s = catalog_intern(c, buf, (size_t)n);
        if (i == 0)
            first = s;
    }
    CHECK(catalog_intern(c, "venue 0", 7) == first);
    CHECK(catalog_intern(c, "ICLR 2022", 9) == a);
    catalog_free(c);
}

static void test_derivation(void)
{
    catalog *c = catalog_new();
    catalog_open_section(c, "S", 0);
    entry *e = add(c, "venue year");
    e->venue = "ICLR 2022";
    e->arxiv = "2106.09685";
    e = add(c, "arxiv year");
    e->arxiv = "2305.13048";
    e = add(c, "old style");
    e->arxiv = "cs/0112017";
    e = add(c, "explicit");
    e->year = 2019;
    e->date = "2019-05-01";
    e->arxiv = "2106.09685";
    e = add(c, "nothing");
    e = add(c, "year only");
    e->venue = "NeurIPS'23";
    catalog_close_section(c);
    catalog_finish(c);

    const entry *x = c->entries;
    CHECK_INT(x[0].year, 2022);
    CHECK(x[0].flags & ENTRY_YEAR_DERIVED);
    CHECK_STR(x[0].date, "2021-06");
    CHECK(x[0].flags & ENTRY_DATE_DERIVED);
    CHECK_INT(x[1].year, 2023);
    CHECK_STR(x[1].date, "2023-05");
    CHECK_INT(x[2].year, 2001);
    CHECK_STR(x[2].date, "2001-12");
    CHECK_INT(x[3].year, 2019);
    CHECK_STR(x[3].date, "2019-05-01");
    CHECK_INT(x[3].flags, 0);
    CHECK_INT(x[4].year, 0);
    CHECK(x[4].date == NULL);
    CHECK_INT(x[5].year, 2023);
    CHECK_STR(x[5].date, "2023");
    catalog_free(c);
}

static void test_kinds_and_urls(void)
{
    entry_kind k;
    CHECK(entry_kind_parse("project", &k) && k == KIND_PROJECT);
    CHECK(!entry_kind_parse("Paper", &k));
    CHECK_STR(entry_kind_name(KIND_BLOG), "blog");

    char buf[256];
    entry e = {.title = "t", .arxiv = "2106.09685", .kind = KIND_PAPER, .url = "https://x.org"};
    CHECK(entry_main_url(&e, buf, sizeof buf));
    CHECK_STR(buf, "https://arxiv.org/abs/2106.09685");
    e.kind = KIND_PROJECT;
    CHECK(entry_main_url(&e, buf, sizeof buf));
    CHECK_STR(buf, "https://x.org");
    entry_link links[] = {{"code", "https://github.com/a/b"}};
    entry f = {.title = "t", .kind = KIND_LINK, .links = links, .nlinks = 1};
    CHECK(entry_main_url(&f, buf, sizeof buf));
    CHECK_STR(buf, "https://github.com/a/b");
    entry g = {.title = "t"};
    CHECK(!entry_main_url(&g, buf, sizeof buf));
}

/* A path wins, then a unique name; a name two sections have is ambiguous. */
static void test_find_section(void)
{
    catalog *c = catalog_new();
    catalog_set_title(c, "T", NULL);
    uint32_t papers = catalog_open_section(c, "Papers", 1);
    uint32_t p_adapt = catalog_open_section(c, "Adapt", 2);
    add(c, "A");
    catalog_close_section(c);
    uint32_t pruning = catalog_open_section(c, "Pruning", 3);
    add(c, "B");
    catalog_close_section(c);
    catalog_close_section(c);
    uint32_t blogs = catalog_open_section(c, "Blogs", 4);
    uint32_t b_adapt = catalog_open_section(c, "Adapt", 5);
    add(c, "C");
    catalog_close_section(c);
    uint32_t b_papers = catalog_open_section(c, "Papers", 6);
    add(c, "D");
    catalog_close_section(c);
    catalog_close_section(c);
    catalog_finish(c);
    CHECK_INT(catalog_find_section(c, "Papers/Adapt"), (int)p_adapt);
    CHECK_INT(catalog_find_section(c, "blogs/ADAPT"), (int)b_adapt);
    CHECK_INT(catalog_find_section(c, "pruning"), (int)pruning);
    CHECK_INT(catalog_find_section(c, "Blogs"), (int)blogs);
    /* "Papers" is a path (the top-level section) and the name of
     * Blogs/Papers: the path wins */
    CHECK_INT(catalog_find_section(c, "papers"), (int)papers);
    CHECK_INT(catalog_find_section(c, "Blogs/Papers"), (int)b_papers);
    CHECK_INT(catalog_find_section(c, "Adapt"), CATALOG_AMBIGUOUS_SECTION);
    CHECK_INT(catalog_find_section(c, "adapt"), CATALOG_AMBIGUOUS_SECTION);
    CHECK_INT(catalog_find_section(c, "Prun"), CATALOG_NO_SECTION);
    CHECK_INT(catalog_find_section(c, ""), CATALOG_NO_SECTION);
    CHECK_INT(catalog_find_section(c, "Papers/"), CATALOG_NO_SECTION);
    catalog_free(c);
}

int main(void)
{
    RUN(test_find_section);
    RUN(test_arena_strings);
    RUN(test_sections_preorder);
    RUN(test_implicit_section);
    RUN(test_intern);
    RUN(test_derivation);
    RUN(test_kinds_and_urls);
    return check_summary();
}
