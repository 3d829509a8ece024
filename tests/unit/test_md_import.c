/* Unit tests: markdown import. Fixtures in tests/fixtures/md/: each X.md is
 * imported and written with yaml_write; the text must equal
 * X.expected.yaml, and the warnings X.expected.warnings. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "paperdeck/catalog.h"
#include "check.h"
#include "paperdeck/diag.h"
#include "paperdeck/md_import.h"
#include "paperdeck/under_valgrind.h"
#include "paperdeck/utf8.h"
#include "paperdeck/yaml_write.h"

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap + 1);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *bigger = realloc(buf, (cap *= 2) + 1);
            if (!bigger) {
                free(buf);
                buf = NULL;
            }
            buf = bigger;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

/* Imports a buffer into a finished catalog; warnings go to d. */
static catalog *import(const char *name, const char *text, diag *d, md_stats *st, int *rc)
{
    catalog *c = catalog_new();
    *rc = md_import_buffer(c, name, text, strlen(text), false, d, st);
    catalog_finish(c);
    return c;
}

static char *to_yaml(const catalog *c)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    char err[200];
    if (yaml_write(f, c, NULL, err, sizeof err) != 0)
        fprintf(stderr, "yaml_write: %s\n", err);
    fclose(f);
    return buf;
}

static char *warnings_text(const diag *d)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    diag_print(d, f);
    fclose(f);
    return buf;
}

/* Compares line by line so that a failure shows the first difference. */
static void check_same_text(const char *what, const char *got, const char *want)
{
    if (got && want && strcmp(got, want) == 0) {
        CHECK(1);
        return;
    }
    size_t line = 1, i = 0;
    while (got && want && got[i] && got[i] == want[i]) {
        line += got[i] == '\n';
        i++;
    }
    fprintf(stderr, "%s differs at line %zu\n  got:  %.80s\n  want: %.80s\n", what, line,
            got ? got + i - (i && got[i - 1] != '\n' ? 0 : 0) : "(null)",
            want ? want + i : "(null)");
    CHECK(!"text differs from the expected fixture");
}

static void check_fixture(const char *md_name, const char *expected_stem, const char *as_name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", SOURCE_DIR, md_name);
    size_t len;
    char *text = read_file(path, &len);
    CHECK(text != NULL);
    if (!text)
        return;
    diag d;
    diag_init(&d);
    catalog *c = catalog_new();
    md_stats st;
    int rc = md_import_buffer(c, as_name, text, len, false, &d, &st);
    catalog_finish(c);
    CHECK_INT(rc, 0);
    CHECK_INT(st.entries, c->nentries);
    char *yaml = to_yaml(c);
    char *warn = warnings_text(&d);
    snprintf(path, sizeof path, "%s/tests/fixtures/md/%s.expected.yaml", SOURCE_DIR, expected_stem);
    char *want_yaml = read_file(path, NULL);
    snprintf(path, sizeof path, "%s/tests/fixtures/md/%s.expected.warnings", SOURCE_DIR,
             expected_stem);
    char *want_warn = read_file(path, NULL);
    check_same_text(md_name, yaml, want_yaml);
    check_same_text("warnings", warn, want_warn);
    free(yaml);
    free(warn);
    free(want_yaml);
    free(want_warn);
    free(text);
    diag_free(&d);
    catalog_free(c);
}

static void test_fixtures(void)
{
    /* shape_*: one fixture per failure kind of issue 12 (real lists read
     * right), each with made-up entries in a shape real lists use. */
    static const char *const names[] = {
        "tables",
        "broken_rows",
        "bullets",
        "nasty",
        "cjk",
        "toc_prose",
        "shape_title_decorations",
        "shape_venue_tail",
        "shape_venue_link",
        "shape_name_colon",
        "shape_authors",
        "shape_badges_years",
        "shape_headings_kind",
        "shape_table_name_paper",
        "shape_table_title_authors",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char md[128], as[128];
        snprintf(md, sizeof md, "tests/fixtures/md/%s.md", names[i]);
        snprintf(as, sizeof as, "%s.md", names[i]);
        check_fixture(md, names[i], as);
    }
}

static const entry *find(const catalog *c, const char *title)
{
    for (uint32_t i = 0; i < c->nentries; i++)
        if (strcmp(c->entries[i].title, title) == 0)
            return &c->entries[i];
    return NULL;
}

/* The seed (a copy of shared/seed/efficiency-list.md): all 25 entries, field by field against the
 * expected YAML, plus the facts the issue names spelled out here. */
static void test_seed(void)
{
    check_fixture("tests/fixtures/md/efficiency-list.md", "efficiency", "efficiency-list.md");
    char path[512];
    snprintf(path, sizeof path, "%s/tests/fixtures/md/efficiency-list.md", SOURCE_DIR);
    size_t len;
    char *text = read_file(path, &len);
    CHECK(text != NULL);
    if (!text)
        return;
    diag d;
    diag_init(&d);
    int rc;
    md_stats st;
    catalog *c = import("efficiency-list.md", text, &d, &st, &rc);
    CHECK_INT(rc, 0);
    CHECK_INT(c->nentries, 25);
    CHECK_INT(st.skipped, 0);
    CHECK_INT(st.repaired, 2);
    CHECK_INT(d.warnings, 2);
    CHECK_STR(c->title, "Efficiency");
    const entry *e = find(c, "Linformer: Self-Attention with Linear Complexity");
    CHECK(e != NULL);
    if (e) {
        CHECK_STR(e->arxiv, "2006.04768");
        CHECK_STR(e->org, "Meta");
        CHECK_STR(c->sections[e->section].path, "Papers/Architecture");
        CHECK_INT(e->line, 36);
    }
    e = find(c, "Explicit Sparse Transformer: Concentrated Attention Through Explicit Selection");
    CHECK(e && e->arxiv && strcmp(e->arxiv, "1912.11637") == 0);
    e = find(c, "LoRA: Low-Rank Adaptation of Large Language Models");
    CHECK(e != NULL);
    if (e) {
        CHECK_STR(e->venue, "ICLR 2022");
        CHECK_INT(e->year, 2022);
        CHECK_STR(e->org, "Microsoft");
        CHECK_INT(e->ntags, 1);
        CHECK_STR(e->tags[0], "lora");
        CHECK_INT(e->kind, KIND_PAPER);
    }
    e = find(c, "Transformer Quality in Linear Time");
    CHECK(e && e->nlinks == 1 && strcmp(e->links[0].label, "Su's blog") == 0);
    e = find(c, "线性Attention的探索：Attention必须有个Softmax吗？");
    CHECK(e != NULL);
    if (e) {
        CHECK_INT(e->kind, KIND_BLOG);
        CHECK_STR(e->url, "https://spaces.ac.cn/archives/7546");
        CHECK_STR(c->sections[e->section].path, "Blogs");
    }
    e = find(c, "MemGPT");
    CHECK(e != NULL);
    if (e) {
        CHECK_INT(e->kind, KIND_PROJECT);
        CHECK_STR(e->date, "2023-10");
        CHECK_INT(e->year, 2023);
        CHECK_STR(e->url, "https://github.com/cpacker/MemGPT");
    }
    char *summary = NULL;
    size_t sn = 0;
    FILE *f = open_memstream(&summary, &sn);
    md_print_summary(f, c, "efficiency-list.md", &st);
    fclose(f);
    CHECK(strstr(summary, "imported 25 entries from efficiency-list.md\n") != NULL);
    CHECK(strstr(summary, "  Papers/Architecture    17\n") != NULL);
    CHECK(strstr(summary, "  Projects                3\n") != NULL);
    CHECK(strstr(summary, "0 rows skipped, 2 split rows joined\n") != NULL);
    free(summary);
    free(text);
    diag_free(&d);
    catalog_free(c);
}

/* Small cases, field by field. */
static void test_cells(void)
{
    diag d;
    diag_init(&d);
    int rc;
    md_stats st;
    catalog *c = import(
        "t.md",
        "## S\n\n| Code | Title | arXiv | Notes |\n|-|-|-|-|\n"
        "| [code](https://github.com/a/b) | A \\| B `x\\|y` *em* __strong__ snake_case | "
        "<a href=\"https://arxiv.org/abs/2106.09685v2\">pdf</a> | see <https://x.org/y> &amp; more "
        "|\n",
        &d, &st, &rc);
    CHECK_INT(rc, 0);
    CHECK_INT(c->nentries, 1);
    CHECK_INT(d.warnings, 0);
    if (c->nentries) {
        const entry *e = &c->entries[0];
        CHECK_STR(e->title, "A | B x|y em strong snake_case");
        CHECK_STR(e->arxiv, "2106.09685v2");
        CHECK_STR(e->notes, "see & more");
        CHECK_INT(e->nlinks, 2);
        if (e->nlinks == 2) {
            CHECK_STR(e->links[0].label, "code");
            CHECK_STR(e->links[0].url, "https://github.com/a/b");
            CHECK(e->links[1].label == NULL);
            CHECK_STR(e->links[1].url, "https://x.org/y");
        }
    }
    catalog_free(c);
    diag_free(&d);

    diag_init(&d);
    c = import("t.md",
               "| Title | Venue | Preprint |\n|---|---|---|\n"
               "| **Bold** *Title* with_underscores and 5 * 3 | NeurIPS'23 | "
               "https://arxiv.org/pdf/2301.00001v3.pdf |\n"
               "| [![badge](https://img.shields.io/x)](https://github.com/o/r) Linked Title | | "
               "arXiv:cs/0112017 |\n",
               &d, &st, &rc);
    CHECK_INT(c->nentries, 2);
    if (c->nentries == 2) {
        CHECK_STR(c->entries[0].title, "Bold Title with_underscores and 5 * 3");
        CHECK_STR(c->entries[0].venue, "NeurIPS'23");
        CHECK_INT(c->entries[0].year, 2023);
        CHECK_STR(c->entries[0].arxiv, "2301.00001v3");
        CHECK_STR(c->entries[1].title, "Linked Title");
        CHECK_STR(c->entries[1].arxiv, "cs/0112017");
        CHECK_STR(c->entries[1].date, "2001-12");
        CHECK(c->entries[1].nlinks == 1 && strcmp(c->entries[1].links[0].label, "code") == 0);
        /* No heading: the implicit section is named after the list. */
        CHECK_STR(c->sections[c->entries[0].section].name, "t");
    }
    catalog_free(c);
    diag_free(&d);
}

/* A column header longer than the importer keeps is cut before a
 * character the limit would split (found by fuzz_md_import: the header
 * goes into the notes, and a cut character made the list unwritable). */
static void test_long_header_cut(void)
{
    diag d;
    diag_init(&d);
    int rc;
    md_stats st;
    /* 45 ASCII bytes, then three-byte characters across the 47-byte limit */
    catalog *c = import("t.md",
                        "| Title | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa会议会议 |\n|-|-|\n"
                        "| A Paper | some note |\n",
                        &d, &st, &rc);
    CHECK_INT(rc, 0);
    CHECK_INT(c->nentries, 1);
    if (c->nentries) {
        const entry *e = &c->entries[0];
        size_t bad;
        CHECK(e->notes && utf8_validate(e->notes, strlen(e->notes), &bad));
        CHECK(e->notes && strstr(e->notes, "some note"));
    }
    char *yaml = to_yaml(c);
    CHECK(yaml && strstr(yaml, "A Paper"));
    free(yaml);
    catalog_free(c);
    diag_free(&d);
}

static void test_errors(void)
{
    diag d;
    diag_init(&d);
    catalog *c = catalog_new();
    const char bad[] = "# T\n\n- [ok](https://x.org), ICLR 2020\n- caf\xe9 latin-1\n";
    CHECK_INT(md_import_buffer(c, "bad.md", bad, sizeof bad - 1, false, &d, NULL), -1);
    CHECK_INT(d.errors, 1);
    if (d.n) {
        CHECK_INT(d.msgs[0].line, 4);
        CHECK_INT(d.msgs[0].col, 6);
    }
    catalog_free(c);
    diag_free(&d);

    diag_init(&d);
    c = catalog_new();
    CHECK_INT(md_import_file(c, SOURCE_DIR "/tests/fixtures/md/no-such.md", false, &d, NULL), -1);
    CHECK(d.n == 1 && strstr(d.msgs[0].text, "cannot open") != NULL);
    catalog_free(c);
    diag_free(&d);

    /* A group: the list goes under a section named after its title. */
    diag_init(&d);
    c = catalog_new();
    CHECK_INT(md_import_file(c, SOURCE_DIR "/tests/fixtures/md/cjk.md", true, &d, NULL), 0);
    catalog_finish(c);
    CHECK(c->nsections > 0 && strcmp(c->sections[0].name, "大模型高效推理") == 0);
    CHECK(c->nentries > 0
          && strncmp(c->sections[c->entries[0].section].path, "大模型高效推理/",
                     strlen("大模型高效推理/"))
                 == 0);
    catalog_free(c);
    diag_free(&d);
}

static void test_sniff(void)
{
    CHECK(md_is_markdown_path("README.md"));
    CHECK(md_is_markdown_path("dir.v2/list.Markdown"));
    CHECK(!md_is_markdown_path("list.yaml"));
    CHECK(!md_is_markdown_path("dir.md/list"));
    CHECK(md_sniff("\n\n# Title\n", 10));
    CHECK(md_sniff("| a | b |\n", 10));
    CHECK(md_sniff("- [x](y)\n", 9));
    CHECK(!md_sniff("paperdeck: 1\n", 13));
    CHECK(!md_sniff("title: X\n", 9));
    CHECK(!md_sniff("# a YAML comment\n\npaperdeck: 1\n", 31));
    CHECK(md_sniff("# Title\n\nSome prose.\n", 21));
    CHECK(md_sniff("#comment\n", 9));
    CHECK(!md_sniff("---\ntitle: x\n", 13));
    CHECK(!md_sniff("", 0));
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* 10 000 rows, generated here: every one imported, in well under a second
 * (the limit is loose for sanitizer builds; the figure is printed). */
static void test_big_table(void)
{
    enum { ROWS = 10000 };
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    fputs("# Big\n\n## Papers\n\n| Title | Pub | Preprint | Supplementary |\n|---|---|---|---|\n",
          f);
    for (int i = 0; i < ROWS; i++)
        fprintf(f,
                "| Paper %d: on [efficient](https://e.org/%d) things | ICLR %d | "
                "[%04d.%05d](https://arxiv.org/abs/%04d.%05d) | tag%d, linear attention, "
                "[code](https://github.com/o/r%d), Google |\n",
                i, i, 2000 + i % 25, 2101 + i % 9, i, 2101 + i % 9, i, i % 7, i);
    fclose(f);
    diag d;
    diag_init(&d);
    catalog *c = catalog_new();
    md_stats st;
    double t0 = now();
    int rc = md_import_buffer(c, "big.md", buf, n, false, &d, &st);
    catalog_finish(c);
    double dt = now() - t0;
    printf("10k-row table: %.3f s\n", dt);
    CHECK_INT(rc, 0);
    CHECK_INT(c->nentries, ROWS);
    CHECK_INT(d.warnings, 0);
    CHECK(dt < 3.0 || under_valgrind()); /* times mean nothing under valgrind */
    int bad = 0;
    for (int i = 0; i < ROWS && c->nentries == ROWS; i++) {
        const entry *e = &c->entries[i];
        char title[64], arxiv[32], venue[16], url[64];
        snprintf(title, sizeof title, "Paper %d: on efficient things", i);
        snprintf(arxiv, sizeof arxiv, "%04d.%05d", 2101 + i % 9, i);
        snprintf(venue, sizeof venue, "ICLR %d", 2000 + i % 25);
        snprintf(url, sizeof url, "https://e.org/%d", i);
        bad += strcmp(e->title, title) != 0 || !e->arxiv || strcmp(e->arxiv, arxiv) != 0
            || strcmp(e->venue, venue) != 0 || !e->url || strcmp(e->url, url) != 0 || !e->org
            || strcmp(e->org, "Google") != 0 || e->ntags != 2 || e->nlinks != 1;
    }
    CHECK_INT(bad, 0);
    free(buf);
    diag_free(&d);
    catalog_free(c);
}

/* Megabyte lines of broken markup: no crash, no quadratic blow-up. */
static void test_malformed(void)
{
    static const char *const units[] = {"[",     "(",         "`",  "<a ", "*_",      "![", "<!--",
                                        "[a](b", "[`*_<!--(", "\\", "&#",  "http://", "](", "|"};
    size_t n = 1 << 20;
    char *line = malloc(n + 1);
    char *doc = malloc(3 * n + 256);
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        size_t k = strlen(units[u]);
        for (size_t i = 0; i < n; i++)
            line[i] = units[u][i % k];
        line[n] = '\0';
        int len = sprintf(doc, "# T\n\n## S\n\n| Title | Venue |\n|---|---|\n| %s | x |\n- %s\n",
                          line, line);
        diag d;
        diag_init(&d);
        catalog *c = catalog_new();
        double t0 = now();
        md_import_buffer(c, "bad.md", doc, (size_t)len, false, &d, NULL);
        catalog_finish(c);
        double dt = now() - t0;
        if (dt > 5.0)
            fprintf(stderr, "unit \"%s\": %.2f s\n", units[u], dt);
        CHECK(dt < 5.0 || under_valgrind());
        CHECK(c->nentries <= 2);
        diag_free(&d);
        catalog_free(c);
    }
    /* Deeply nested links and brackets. */
    size_t half = n / 8, len = 0;
    len += (size_t)sprintf(doc, "## S\n\n- ");
    for (size_t i = 0; i < half; i++)
        doc[len++] = '[';
    doc[len++] = 'x';
    for (size_t i = 0; i < half; i++)
        len += (size_t)sprintf(doc + len, "](u)");
    doc[len++] = '\n';
    diag d;
    diag_init(&d);
    catalog *c = catalog_new();
    double t0 = now();
    md_import_buffer(c, "nest.md", doc, len, false, &d, NULL);
    CHECK(now() - t0 < 5.0);
    diag_free(&d);
    catalog_free(c);
    free(line);
    free(doc);
}

static void test_kind(void)
{
    catalog *c = catalog_new();
    catalog_open_section(c, "Blog posts", 1);
    uint32_t inner = catalog_open_section(c, "Chinese", 2);
    catalog_close_section(c);
    catalog_close_section(c);
    uint32_t tools = catalog_open_section(c, "Tools & Repos", 3);
    catalog_close_section(c);
    uint32_t papers = catalog_open_section(c, "Papers", 4);
    catalog_close_section(c);
    catalog_finish(c);
    /* The section's name decides only without evidence of the entry's own:
     * an arXiv id or a venue makes a paper even under "Blogs" or "Tools". */
    CHECK_INT(md_infer_kind(c, inner, false, false), KIND_BLOG);
    CHECK_INT(md_infer_kind(c, tools, false, false), KIND_PROJECT);
    CHECK_INT(md_infer_kind(c, inner, true, false), KIND_PAPER);
    CHECK_INT(md_infer_kind(c, tools, true, true), KIND_PAPER);
    CHECK_INT(md_infer_kind(c, tools, false, true), KIND_PAPER);
    CHECK_INT(md_infer_kind(c, papers, false, true), KIND_PAPER);
    CHECK_INT(md_infer_kind(c, papers, false, false), KIND_LINK);
    catalog_free(c);
}

/* import --explain: each field with its rule, and rows that are not
 * entries with their line. */
static void test_explain(void)
{
    const char *md =
        "# L\n\n## S\n\n"
        "- [[ICLR](https://arxiv.org/abs/2301.40404)] Gannet: Skipping Layers\n"
        "- Just words, no entry here\n"
        "- **Tern: Drafts**  \n  *Ana Lima, Bo Chen*. [[pdf](https://arxiv.org/pdf/2405.50505)]\n";
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    diag d;
    diag_init(&d);
    CHECK_INT(md_import_explain(f, "x.md", md, strlen(md), &d), 0);
    fclose(f);
    CHECK(buf && strstr(buf, "x.md:5: entry\n"));
    CHECK(buf && strstr(buf, "title    Gannet: Skipping Layers  [plain_title]"));
    CHECK(buf && strstr(buf, "venue    ICLR  [venue_as_link_text]"));
    CHECK(buf && strstr(buf, "x.md:6: bullet \"Just words, no entry here\" has no title"));
    CHECK(buf && strstr(buf, "authors  Ana Lima, Bo Chen  [authors_span]"));
    CHECK(buf && strstr(buf, "x.md: 2 entries, 1 rows not read as entries"));
    CHECK_INT(d.warnings, 1);
    free(buf);
    diag_free(&d);
}

int main(void)
{
    RUN(test_explain);
    RUN(test_fixtures);
    RUN(test_seed);
    RUN(test_cells);
    RUN(test_long_header_cut);
    RUN(test_errors);
    RUN(test_sniff);
    RUN(test_kind);
    RUN(test_big_table);
    RUN(test_malformed);
    return check_summary();
}
