/* Unit tests: a big list parsed on two threads gives the same catalog and
 * the same messages as a serial parse, whether or not the second part is
 * used (yaml_load_set_split_min, yaml_load_splits). */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paperdeck/catalog.h"
#include "check.h"
#include "paperdeck/diag.h"
#include "paperdeck/par.h"
#include "paperdeck/testhooks.h"
#include "paperdeck/yaml_load.h"

typedef struct text {
    char *s;
    size_t n, cap;
} text;

__attribute__((format(printf, 2, 3))) static void put(text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int need = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (t->n + (size_t)need + 1 > t->cap) {
        t->cap = (t->n + (size_t)need + 1) * 2;
        t->s = realloc(t->s, t->cap);
    }
    va_start(ap, fmt);
    vsnprintf(t->s + t->n, (size_t)need + 1, fmt, ap);
    va_end(ap);
    t->n += (size_t)need;
}

/* One entry of the big section; entry `odd` is written as `odd_text`
 * instead (an error, a duplicate...). */
static void put_entry(text *t, int i, const char *indent)
{
    put(t, "%s- title: \"Entry number %d of the big section\"\n", indent, i);
    put(t, "%s  venue: ICLR %d\n", indent, 2015 + i % 10);
    if (i % 3 == 0)
        put(t, "%s  arxiv: \"%02d%02d.%05d\"\n", indent, 15 + i % 10, 1 + i % 12, i);
    put(t, "%s  authors: [A. Author%d, B. Writer]\n", indent, i % 7);
    put(t, "%s  tags: [tag%d, shared]\n", indent, i % 5);
    if (i % 4 == 0)
        put(t, "%s  links:\n%s    - label: code\n%s      url: https://x.org/%d\n", indent, indent,
            indent, i);
    if (i % 5 == 0)
        put(t, "%s  notes: \"Note %d\"\n", indent, i);
}

typedef struct doc_opts {
    int n;                /* entries in the big section */
    int odd;              /* entry written as odd_text, -1 for none */
    const char *odd_text; /* indented by the caller's 10 spaces */
    const char *tail;     /* appended after the last section, may be NULL */
} doc_opts;

static char *make_doc(const doc_opts *o, size_t *len)
{
    text t = {0};
    put(&t, "# split test\npaperdeck: 1\ntitle: Split test\ndescription: Two threads\n");
    put(&t, "sections:\n  - name: Intro\n    entries:\n");
    for (int i = 0; i < 3; i++)
        put(&t, "      - title: \"Intro %d\"\n        year: 2020\n", i);
    put(&t, "  - name: Papers\n    sections:\n      - name: Small\n        entries:\n");
    put(&t, "          - title: Small one\n");
    put(&t, "      - name: Big\n        entries:\n");
    for (int i = 0; i < o->n; i++) {
        if (i == o->odd)
            put(&t, "%s", o->odd_text);
        else
            put_entry(&t, i, "          ");
    }
    put(&t, "      - name: After\n        entries:\n          - title: \"After one\"\n");
    put(&t, "  - name: Blogs\n    entries:\n      - title: \"A blog\"\n        kind: blog\n");
    if (o->tail)
        put(&t, "%s", o->tail);
    *len = t.n;
    return t.s;
}

static bool same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static void check_same_entry(const entry *a, const entry *b, uint32_t i)
{
    bool same = same_str(a->title, b->title) && same_str(a->venue, b->venue)
             && same_str(a->arxiv, b->arxiv) && same_str(a->url, b->url) && same_str(a->org, b->org)
             && same_str(a->notes, b->notes) && same_str(a->date, b->date)
             && a->nauthors == b->nauthors && a->ntags == b->ntags && a->nlinks == b->nlinks
             && a->section == b->section && a->line == b->line && a->year == b->year
             && a->kind == b->kind && a->flags == b->flags && a->file == b->file;
    for (uint32_t k = 0; same && k < a->nauthors; k++)
        same = same_str(a->authors[k], b->authors[k]);
    for (uint32_t k = 0; same && k < a->ntags; k++)
        same = same_str(a->tags[k], b->tags[k]);
    for (uint32_t k = 0; same && k < a->nlinks; k++)
        same = same_str(a->links[k].label, b->links[k].label)
            && same_str(a->links[k].url, b->links[k].url);
    if (!same)
        fprintf(stderr, "  entry %u differs (lines %u, %u)\n", i, a->line, b->line);
    CHECK(same);
}

static void check_same_catalog(const catalog *a, const catalog *b)
{
    CHECK_STR(a->title, b->title);
    CHECK(same_str(a->description, b->description));
    CHECK_INT(a->nsections, b->nsections);
    CHECK_INT(a->nentries, b->nentries);
    CHECK_INT(a->nfiles, b->nfiles);
    if (a->nsections != b->nsections || a->nentries != b->nentries)
        return;
    for (uint32_t i = 0; i < a->nsections; i++) {
        const section *x = &a->sections[i], *y = &b->sections[i];
        CHECK_STR(x->name, y->name);
        CHECK_STR(x->path, y->path);
        CHECK_INT(x->parent, y->parent);
        CHECK_INT(x->depth, y->depth);
        CHECK_INT(x->end, y->end);
        CHECK_INT(x->entry_begin, y->entry_begin);
        CHECK_INT(x->entry_end, y->entry_end);
        CHECK_INT(x->line, y->line);
    }
    for (uint32_t i = 0; i < a->nentries; i++)
        check_same_entry(&a->entries[i], &b->entries[i], i);
}

static void check_same_msgs(const diag *a, const diag *b)
{
    CHECK_INT(a->n, b->n);
    CHECK_INT(a->errors, b->errors);
    for (size_t i = 0; i < a->n && i < b->n; i++) {
        char x[2048], y[2048];
        diag_format(&a->msgs[i], x, sizeof x);
        diag_format(&b->msgs[i], y, sizeof y);
        CHECK_STR(x, y);
    }
}

typedef struct loaded {
    catalog *c;
    diag d;
    int rc;
} loaded;

/* Loads buf (or the file at path when buf is NULL), after `first` when it
 * is not NULL, with the given split threshold. */
static loaded load(const char *path, const char *buf, size_t len, size_t split_min,
                   const char *first)
{
    loaded l = {catalog_new(), {0}, 0};
    diag_init(&l.d);
    size_t old = yaml_load_set_split_min(split_min);
    if (first)
        yaml_load_buffer(l.c, "first.yaml", first, strlen(first), false, &l.d);
    l.rc = buf ? yaml_load_buffer(l.c, "list.yaml", buf, len, false, &l.d)
               : yaml_load_file(l.c, path, false, &l.d);
    yaml_load_set_split_min(old);
    catalog_finish(l.c);
    return l;
}

static void unload(loaded *l)
{
    catalog_free(l->c);
    diag_free(&l->d);
}

/* Loads both ways, compares everything; returns the split load's messages
 * count and whether it used the second part. */
static bool compare(const char *path, const char *buf, size_t len, const char *first,
                    diag *msgs_out)
{
    loaded serial = load(path, buf, len, SIZE_MAX, first);
    unsigned long before = yaml_load_splits();
    loaded split = load(path, buf, len, 0, first);
    bool used = yaml_load_splits() > before;
    CHECK_INT(split.rc, serial.rc);
    check_same_catalog(serial.c, split.c);
    check_same_msgs(&serial.d, &split.d);
    if (msgs_out) {
        *msgs_out = split.d;
        diag_init(&split.d);
    }
    unload(&serial);
    unload(&split);
    return used;
}

static const char *msg_text(const diag *d, size_t i, char *buf, size_t size)
{
    if (i >= d->n)
        return "(none)";
    diag_format(&d->msgs[i], buf, size);
    return buf;
}

static void test_clean_list_splits(void)
{
    doc_opts o = {.n = 400, .odd = -1};
    size_t len;
    char *doc = make_doc(&o, &len);
    diag d;
    CHECK(compare(NULL, doc, len, NULL, &d));
    CHECK_INT(d.n, 0);
    diag_free(&d);
    /* Small files stay serial by default. */
    unsigned long before = yaml_load_splits();
    loaded l = load(NULL, doc, len, (size_t)1 << 20, NULL);
    CHECK_INT(yaml_load_splits(), before);
    CHECK_INT(l.c->nentries, 406);
    unload(&l);
    free(doc);
}

/* No second thread to be had (par's fallback): the second part runs first
 * on this thread and the load is still the serial one's, split and all. */
static void test_without_a_thread(void)
{
    doc_opts o = {.n = 400, .odd = -1};
    size_t len;
    char *doc = make_doc(&o, &len);
    par_test_serial(true);
    CHECK(compare(NULL, doc, len, NULL, NULL));
    /* an error in the second half: the serial walk reports it */
    o.odd = 300;
    o.odd_text = "          - title: \"Bad year\"\n            year: 3000\n";
    char *bad = make_doc(&o, &len);
    diag d;
    compare(NULL, bad, len, NULL, &d);
    CHECK_INT(d.errors, 1);
    diag_free(&d);
    par_test_serial(false);
    free(bad);
    free(doc);
}

/* The second file of a catalog: its entries keep their file index. */
static void test_second_file(void)
{
    doc_opts o = {.n = 300, .odd = -1};
    size_t len;
    char *doc = make_doc(&o, &len);
    const char *first = "title: First\nsections:\n  - name: One\n    entries:\n"
                        "      - title: Only\n";
    CHECK(compare(NULL, doc, len, first, NULL));
    free(doc);
}

/* A duplicate title and a duplicate arXiv id in the second part of the
 * section, of entries in its first part: still warned about. */
static void test_duplicates_across_split(void)
{
    doc_opts o = {.n = 400,
                  .odd = 390,
                  .odd_text = "          - title: \"entry NUMBER 7 of the big section\"\n"
                              "          - title: \"Another\"\n"
                              "            arxiv: \"1501.00000\"\n"};
    size_t len;
    char *doc = make_doc(&o, &len);
    diag d;
    CHECK(compare(NULL, doc, len, NULL, &d));
    char m[2048];
    CHECK_INT(d.warnings, 2);
    CHECK(strstr(msg_text(&d, 0, m, sizeof m), "duplicate title \"entry NUMBER 7 of the big "
                                               "section\" in section \"Big\"")
          != NULL);
    CHECK(strstr(msg_text(&d, 1, m, sizeof m), "duplicate arXiv id 1501.00000") != NULL);
    diag_free(&d);
    free(doc);
}

/* An error in the first part: located there, and the second part is used. */
static void test_error_in_first_part(void)
{
    doc_opts o = {.n = 400,
                  .odd = 20,
                  .odd_text = "          - titel: \"Misspelt\"\n            title: x\n"};
    size_t len;
    char *doc = make_doc(&o, &len);
    diag d;
    CHECK(compare(NULL, doc, len, NULL, &d));
    CHECK_INT(d.errors, 1);
    diag_free(&d);
    free(doc);
}

/* A syntax error in the first part ends the parse there, as serially. */
static void test_syntax_error_in_first_part(void)
{
    doc_opts o = {.n = 400, .odd = 30, .odd_text = "          - title: [\"open\n"};
    size_t len;
    char *doc = make_doc(&o, &len);
    diag d;
    CHECK(!compare(NULL, doc, len, NULL, &d));
    char m[2048];
    CHECK(strstr(msg_text(&d, d.n - 1, m, sizeof m), "syntax error") != NULL);
    diag_free(&d);
    free(doc);
}

/* CRLF line ends: the header keeps them, the lines still count right. */
static void test_crlf(void)
{
    doc_opts o = {.n = 400,
                  .odd = 350,
                  .odd_text = "          - title: \"Entry number 9 of the big section\"\n"};
    size_t len;
    char *doc = make_doc(&o, &len);
    text t = {0};
    for (size_t i = 0; i < len; i++)
        put(&t, doc[i] == '\n' ? "\r\n" : "%c", doc[i]);
    diag d;
    CHECK(compare(NULL, t.s, t.n, NULL, &d));
    CHECK_INT(d.warnings, 1);
    diag_free(&d);
    free(t.s);
    free(doc);
}

/* Errors in the second part: the serial parse reports them. */
static void test_errors_in_second_part(void)
{
    const char *odd[] = {
        "          - title: \"Bad year\"\n            year: 3000\n",
        "          - title: \"Bad key\"\n            venu: ICML\n",
        "          - title: [\"syntax\"\n            venue: x\n",
        "          - title: \"Same key\"\n            title: again\n",
        "          - title: \"Anchor\"\n            venue: &v ICML\n",
        "          - kind: blog\n",
    };
    for (size_t i = 0; i < sizeof odd / sizeof *odd; i++) {
        doc_opts o = {.n = 400, .odd = 380, .odd_text = odd[i]};
        size_t len;
        char *doc = make_doc(&o, &len);
        diag d;
        CHECK(!compare(NULL, doc, len, NULL, &d));
        CHECK(d.errors >= 1);
        diag_free(&d);
        free(doc);
    }
}

/* Keys of the enclosing mappings after the split, a second document, text
 * after the list: the serial parse decides. */
static void test_tails(void)
{
    const char *tails[] = {
        "title: Again\n",
        "description: Later\n",
        "---\ntitle: Second\n",
        "  - name: Blogs\n    entries: []\n",
    };
    const size_t msgs[] = {1, 1, 1, 0};
    for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
        doc_opts o = {.n = 400, .odd = -1, .tail = tails[i]};
        size_t len;
        char *doc = make_doc(&o, &len);
        diag d;
        bool used = compare(NULL, doc, len, NULL, &d);
        CHECK_INT(used, msgs[i] == 0);
        CHECK_INT(d.n, msgs[i]);
        diag_free(&d);
        free(doc);
    }
}

/* A middle that is no plain entry line: flow and block scalars around it. */
static void test_odd_middles(void)
{
    text t = {0};
    put(&t, "title: Odd\nsections:\n  - name: A\n    entries:\n");
    for (int i = 0; i < 300; i++) {
        put(&t, "      - {title: \"Flow %d\", venue: ICML}\n", i);
        put(&t,
            "      - title: Block %d\n        notes: |\n          - title: not an entry\n"
            "          more\n",
            i);
    }
    diag d;
    compare(NULL, t.s, t.n, NULL, &d);
    CHECK_INT(d.n, 0);
    diag_free(&d);
    free(t.s);
}

/* Invalid UTF-8 in the second half: the same located error. */
static void test_bad_utf8_in_second_half(void)
{
    doc_opts o = {.n = 400, .odd = 350, .odd_text = "          - title: \"Bad \xC3\x28 byte\"\n"};
    size_t len;
    char *doc = make_doc(&o, &len);
    diag d;
    CHECK(!compare(NULL, doc, len, NULL, &d));
    CHECK_INT(d.errors, 1);
    char m[2048];
    CHECK(strstr(msg_text(&d, 0, m, sizeof m), "invalid UTF-8 byte 0xC3") != NULL);
    diag_free(&d);
    free(doc);
}

/* A mapped file big enough for pages to be handed back on both threads. */
static void test_big_file(void)
{
    doc_opts o = {.n = 20000,
                  .odd = 19000,
                  .odd_text = "          - title: \"Entry number 12 of the big section\"\n"};
    size_t len;
    char *doc = make_doc(&o, &len);
    char path[] = "/tmp/paperdeck-split-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    CHECK(write(fd, doc, len) == (ssize_t)len);
    close(fd);
    diag d;
    CHECK(compare(path, NULL, 0, NULL, &d));
    CHECK_INT(d.warnings, 1);
    char m[2048];
    CHECK(strstr(msg_text(&d, 0, m, sizeof m), "(first at line ") != NULL);
    diag_free(&d);
    unlink(path);
    free(doc);
}

int main(void)
{
    RUN(test_clean_list_splits);
    RUN(test_without_a_thread);
    RUN(test_second_file);
    RUN(test_duplicates_across_split);
    RUN(test_error_in_first_part);
    RUN(test_syntax_error_in_first_part);
    RUN(test_crlf);
    RUN(test_errors_in_second_part);
    RUN(test_tails);
    RUN(test_odd_middles);
    RUN(test_bad_utf8_in_second_half);
    RUN(test_big_file);
    return check_summary();
}
