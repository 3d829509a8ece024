/* Unit tests: yaml_write (text, quoting, views) and yaml_write_file
 * (atomic replacement, mode kept, old file intact on failure). */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paperdeck/catalog.h"
#include "check.h"
#include "paperdeck/index.h"
#include "paperdeck/yaml_write.h"

static entry *add(catalog *c, const char *title)
{
    entry *e = catalog_add_entry(c);
    e->title = arena_strdup(catalog_arena(c), title);
    return e;
}

static catalog *sample(void)
{
    catalog *c = catalog_new();
    arena *a = catalog_arena(c);
    catalog_set_title(c, "Demo", "A demo list");
    catalog_open_section(c, "Papers", 1);
    entry *e = add(c, "LoRA: Low-Rank Adaptation");
    e->venue = "ICLR 2022";
    e->arxiv = "2106.09685";
    static const entry_link links[] = {{"code", "https://github.com/microsoft/LoRA"},
                                       {NULL, "https://x.org/y"}};
    e->links = links;
    e->nlinks = 2;
    static const char *const tags[] = {"lora", "adapter, low-rank"};
    e->tags = tags;
    e->ntags = 2;
    e = add(c, "null");
    e->venue = "2022";
    e->year = 2019;
    e->notes = arena_strdup(a, "line one\nline two: with colon");
    e->date = "2019-05";
    catalog_close_section(c);
    catalog_open_section(c, "Blogs", 5);
    e = add(c, "线性Attention的探索");
    e->kind = KIND_BLOG;
    e->url = "https://spaces.ac.cn/archives/7546";
    catalog_close_section(c);
    catalog_finish(c);
    return c;
}

static char *write_string(const catalog *c, const view *v, int *rc)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    char err[200];
    *rc = yaml_write(f, c, v, err, sizeof err);
    fclose(f);
    return buf;
}

static void test_text(void)
{
    catalog *c = sample();
    int rc;
    char *s = write_string(c, NULL, &rc);
    CHECK_INT(rc, 0);
    const char *want = "paperdeck: 1\n"
                       "title: Demo\n"
                       "description: A demo list\n"
                       "sections:\n"
                       "- name: Papers\n"
                       "  entries:\n"
                       "  - title: 'LoRA: Low-Rank Adaptation'\n"
                       "    venue: ICLR 2022\n"
                       "    arxiv: \"2106.09685\"\n"
                       "    links:\n"
                       "    - label: code\n"
                       "      url: https://github.com/microsoft/LoRA\n"
                       "    - url: https://x.org/y\n"
                       "    tags: [lora, 'adapter, low-rank']\n"
                       "  - title: 'null'\n"
                       "    venue: '2022'\n"
                       "    year: 2019\n"
                       "    notes: 'line one\n\n      line two: with colon'\n"
                       "    date: '2019-05'\n"
                       "- name: Blogs\n"
                       "  entries:\n"
                       "  - title: 线性Attention的探索\n"
                       "    kind: blog\n"
                       "    url: https://spaces.ac.cn/archives/7546\n";
    CHECK_STR(s, want);
    free(s);

    /* A view: its order within a section, sections without entries left
     * out; derived years are not written. */
    view v = {0};
    uint32_t ids[] = {2, 0};
    v.ids = ids;
    v.n = 2;
    s = write_string(c, &v, &rc);
    CHECK(strstr(s, "- name: Papers\n  entries:\n  - title: 'LoRA") != NULL);
    CHECK(strstr(s, "'null'") == NULL);
    CHECK(strstr(s, "year: 2022") == NULL);
    CHECK(strstr(s, "- name: Blogs") != NULL
          && strstr(s, "- name: Papers") < strstr(s, "- name: Blogs"));
    free(s);
    v.n = 0;
    s = write_string(c, &v, &rc);
    CHECK_STR(s, "paperdeck: 1\ntitle: Demo\ndescription: A demo list\nsections: []\n");
    free(s);
    catalog_free(c);
}

static void test_errors(void)
{
    catalog *c = sample();
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        char err[200] = "";
        CHECK_INT(yaml_write(full, c, NULL, err, sizeof err), -1);
        CHECK(err[0] != '\0');
        fclose(full);
    }
    /* Invalid UTF-8 makes the emitter fail half-way. */
    catalog *bad = catalog_new();
    catalog_open_section(bad, "S", 1);
    add(bad, "ok");
    add(bad, "bad \xff byte");
    catalog_close_section(bad);
    catalog_finish(bad);
    int rc;
    char *s = write_string(bad, NULL, &rc);
    CHECK_INT(rc, -1);
    free(s);
    catalog_free(bad);
    catalog_free(c);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *de;
    while (d && (de = readdir(d)))
        n += de->d_name[0] != '.' || (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."));
    if (d)
        closedir(d);
    return n;
}

static void test_file(void)
{
    char dir[] = "/tmp/paperdeck-yw-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256], err[512];
    snprintf(path, sizeof path, "%s/out.yaml", dir);
    catalog *c = sample();

    CHECK_INT(yaml_write_file(path, c, NULL, err, sizeof err), 0);
    char *got = slurp(path);
    CHECK(got && strncmp(got, "paperdeck: 1\ntitle: Demo\n", 25) == 0);
    CHECK_INT(count_files(dir), 1);

    /* Replacing keeps the old file's mode. */
    chmod(path, 0640);
    CHECK_INT(yaml_write_file(path, c, NULL, err, sizeof err), 0);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0640);

    /* A failure half-way leaves the old file as it was, and no temporary. */
    FILE *f = fopen(path, "w");
    fputs("old: content\n", f);
    fclose(f);
    catalog *bad = catalog_new();
    catalog_open_section(bad, "S", 1);
    add(bad, "bad \xff byte");
    catalog_close_section(bad);
    catalog_finish(bad);
    CHECK_INT(yaml_write_file(path, bad, NULL, err, sizeof err), -1);
    CHECK(strstr(err, "out.yaml") != NULL);
    CHECK_STR(slurp(path), "old: content\n");
    CHECK_INT(count_files(dir), 1);
    catalog_free(bad);

    /* OUT is a directory: rename fails, the directory stays. */
    char sub[300];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    mkdir(sub, 0755);
    CHECK_INT(yaml_write_file(sub, c, NULL, err, sizeof err), -1);
    CHECK(stat(sub, &st) == 0 && S_ISDIR(st.st_mode));
    CHECK_INT(count_files(dir), 2);
    rmdir(sub);

    /* A directory that does not exist. */
    snprintf(sub, sizeof sub, "%s/nowhere/out.yaml", dir);
    CHECK_INT(yaml_write_file(sub, c, NULL, err, sizeof err), -1);
    CHECK(strstr(err, "temporary") != NULL);

    unlink(path);
    rmdir(dir);
    catalog_free(c);
}

int main(void)
{
    RUN(test_text);
    RUN(test_errors);
    RUN(test_file);
    return check_summary();
}
