/* Unit tests: md_export. The README it writes is checked as text, and
 * importing it must give the same list back (compared as YAML text). */
#include <stdlib.h>
#include <string.h>

#include "paperdeck/catalog.h"
#include "check.h"
#include "paperdeck/index.h"
#include "paperdeck/md_export.h"
#include "paperdeck/md_import.h"
#include "paperdeck/yaml_write.h"

static char *export_string(const catalog *c, const view *v)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    CHECK_INT(md_export(f, c, v), 0);
    fclose(f);
    return buf;
}

static char *yaml_string(const catalog *c)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    CHECK_INT(yaml_write(f, c, NULL, NULL, 0), 0);
    fclose(f);
    return buf;
}

/* Exports c, imports the result, and compares both as YAML. */
static void check_round_trip(const catalog *c, const char *what)
{
    char *md = export_string(c, NULL);
    diag d;
    diag_init(&d);
    catalog *back = catalog_new();
    CHECK_INT(md_import_buffer(back, "export.md", md, strlen(md), false, &d, NULL), 0);
    catalog_finish(back);
    if (d.n)
        diag_print(&d, stderr);
    CHECK_INT(d.n, 0);
    char *a = yaml_string(c), *b = yaml_string(back);
    if (strcmp(a, b) != 0)
        fprintf(stderr, "%s: round trip differs\n--- markdown:\n%s--- want:\n%s--- got:\n%s", what,
                md, a, b);
    CHECK_STR(b, a);
    free(a);
    free(b);
    free(md);
    diag_free(&d);
    catalog_free(back);
}

static entry *add(catalog *c, const char *title)
{
    entry *e = catalog_add_entry(c);
    e->title = arena_strdup(catalog_arena(c), title);
    return e;
}

static catalog *tricky(void)
{
    catalog *c = catalog_new();
    catalog_set_title(c, "Tricky | list", "1. Not a list item: *stars*, _under_ and <tags>");
    catalog_open_section(c, "Papers", 1);
    catalog_open_section(c, "C# & [brackets]", 2);
    entry *e = add(c, "A | B [not a link](x) *not em* `not code` \\ back & amp; &amp;");
    e->venue = "NeurIPS'23";
    e->arxiv = "2106.09685v2";
    e->url = "https://en.wikipedia.org/wiki/Foo_(bar)|x";
    static const entry_link links[] = {{"code", "https://github.com/o/r"},
                                       {NULL, "https://x.org/y"},
                                       {"pdf [v2]", "https://x.org/(unbalanced"}};
    e->links = links;
    e->nlinks = 3;
    static const char *const authors[] = {"Edward J. Hu", "Yelong Shen"};
    e->authors = authors;
    e->nauthors = 2;
    e->org = "Microsoft";
    static const char *const tags[] = {"LoRA", "low rank"};
    e->tags = tags;
    e->ntags = 2;
    e->notes = "see https://x.org and www.example.org, 5 * 3 = 15";
    e = add(c, "(2023-10) starts like a date, ICLR 2020");
    e->kind = KIND_BLOG;
    e->year = 1999; /* explicit, nothing to derive it from */
    catalog_open_section(c, "Deep", 3);
    catalog_open_section(c, "Deeper", 4);
    e = add(c, "线性Attention的探索：Attention必须有个Softmax吗？");
    e->kind = KIND_LINK;
    e->url = "https://spaces.ac.cn/archives/7546";
    e->date = "2023-10-01";
    catalog_close_section(c);
    catalog_close_section(c);
    catalog_close_section(c);
    catalog_close_section(c);
    catalog_open_section(c, "Blogs", 9);
    e = add(c, "A paper in Blogs");
    e->kind = KIND_PAPER;
    e->venue = "ICML 2020";
    catalog_close_section(c);
    catalog_finish(c);
    return c;
}

static void test_text(void)
{
    catalog *c = catalog_new();
    catalog_set_title(c, "Demo", NULL);
    catalog_open_section(c, "Papers", 1);
    catalog_open_section(c, "Adapt", 2);
    entry *e = add(c, "LoRA");
    e->venue = "ICLR 2022";
    e->arxiv = "2106.09685";
    catalog_close_section(c);
    catalog_close_section(c);
    catalog_open_section(c, "Papers", 3); /* a second section of the same name */
    e = add(c, "Other");
    e->url = "https://o.org";
    e->org = "Org";
    catalog_close_section(c);
    catalog_finish(c);
    char *md = export_string(c, NULL);
    CHECK_STR(
        md, "# Demo\n\n"
            "## Contents\n\n"
            "- [Papers](#papers)\n"
            "  - [Adapt](#adapt)\n"
            "- [Papers](#papers-1)\n\n"
            "## Papers\n\n"
            "### Adapt\n\n"
            "| Title | Venue | Year | arXiv | Code | Notes |\n"
            "| --- | --- | --- | --- | --- | --- |\n"
            "| LoRA | ICLR 2022 | 2022 | [2106.09685](https://arxiv.org/abs/2106.09685) |  |  |\n\n"
            "## Papers\n\n"
            "| Title | Venue | Year | arXiv | Code | Org | Kind | Notes |\n"
            "| --- | --- | --- | --- | --- | --- | --- | --- |\n"
            "| [Other](https://o.org) |  |  |  |  | Org | paper |  |\n\n");
    free(md);
    /* A view of one entry: the other section is left out. */
    view v = {0};
    uint32_t id = 1;
    v.ids = &id;
    v.n = 1;
    md = export_string(c, &v);
    CHECK(strstr(md, "Adapt") == NULL && strstr(md, "[Other](https://o.org)") != NULL);
    free(md);
    check_round_trip(c, "demo");
    catalog_free(c);
}

static void test_round_trips(void)
{
    catalog *c = tricky();
    check_round_trip(c, "tricky");
    catalog_free(c);

    diag d;
    diag_init(&d);
    static const char *const fixtures[] = {"efficiency-list", "tables", "broken_rows", "cjk",
                                           "toc_prose"};
    for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/tests/fixtures/md/%s.md", SOURCE_DIR, fixtures[i]);
        c = catalog_new();
        CHECK_INT(md_import_file(c, path, false, &d, NULL), 0);
        catalog_finish(c);
        check_round_trip(c, fixtures[i]);
        catalog_free(c);
    }
    diag_free(&d);
}

/* A README cannot escape terminal controls: ESC, BEL, DEL and C1 controls
 * (U+009B, the one-byte CSI) become their visible pictures, never raw. */
static void test_controls(void)
{
    catalog *c = catalog_new();
    catalog_set_title(c, "List \x1b]0;pwned\x07", NULL);
    catalog_open_section(c, "Sec\x1b[31mtion", 1);
    entry *e = add(c, "Red \x1b[31mtitle\x7f and \xc2\x9b"
                      "1m C1");
    e->notes = "bell\x07\x07";
    catalog_close_section(c);
    catalog_finish(c);
    char *md = export_string(c, NULL);
    CHECK(strchr(md, '\x1b') == NULL);
    CHECK(strchr(md, '\x07') == NULL);
    CHECK(strchr(md, '\x7f') == NULL);
    CHECK(strstr(md, "\xc2\x9b") == NULL);
    CHECK(strstr(md, "Red \xe2\x90\x9b\\[31mtitle\xe2\x90\xa1 and \xef\xbf\xbd"
                     "1m C1")
          != NULL);
    CHECK(strstr(md, "bell\xe2\x90\x87\xe2\x90\x87") != NULL);
    CHECK(strstr(md, "# List \xe2\x90\x9b\\]0;pwned\xe2\x90\x87") != NULL);
    free(md);
    catalog_free(c);
}

static void test_write_error(void)
{
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        return;
    catalog *c = tricky();
    setvbuf(full, NULL, _IONBF, 0);
    CHECK_INT(md_export(full, c, NULL), -1);
    fclose(full);
    catalog_free(c);
}

int main(void)
{
    RUN(test_text);
    RUN(test_round_trips);
    RUN(test_controls);
    RUN(test_write_error);
    return check_summary();
}
