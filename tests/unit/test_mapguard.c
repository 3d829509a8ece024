/* Unit tests: a mapped file cut short while it is read (mapguard.c). A
 * guarded mapping reads zeros past the new end and reports it; an unguarded
 * one still dies of SIGBUS; the YAML loader turns it into an error, and the
 * lists' loader loads a list that changed under it again. */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "paperdeck/lists.h"
#include "paperdeck/mapguard.h"
#include "paperdeck/under_valgrind.h"
#include "paperdeck/yaml_load.h"

static char dir[] = "/tmp/paperdeck-test-mapguard-XXXXXX";

static void write_bytes(const char *path, size_t n, char fill)
{
    FILE *f = fopen(path, "w");
    for (size_t i = 0; i < n; i++)
        fputc(fill, f);
    fclose(f);
}

static void test_guarded_reads_zeros(void)
{
    char path[300];
    snprintf(path, sizeof path, "%s/raw", dir);
    size_t size = 64 * 1024;
    write_bytes(path, size, 'x');
    FILE *f = fopen(path, "r");
    const volatile char *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fileno(f), 0);
    fclose(f);
    CHECK(map != MAP_FAILED);
    int g = mapguard_begin((const void *)map, size);
    CHECK(g >= 0);
    CHECK(map[size - 1] == 'x');
    CHECK(truncate(path, 100) == 0);
    /* past the new end: a page of zeros, not SIGBUS */
    CHECK(map[size - 1] == 0);
    CHECK(map[50] == 'x'); /* the page still in the file */
    CHECK(mapguard_end(g));
    munmap((void *)map, size);

    /* a guard nothing hit says so */
    write_bytes(path, size, 'y');
    f = fopen(path, "r");
    map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fileno(f), 0);
    fclose(f);
    g = mapguard_begin((const void *)map, size);
    CHECK(map[size - 1] == 'y');
    CHECK(!mapguard_end(g));
    munmap((void *)map, size);
}

/* Outside every guard SIGBUS keeps its meaning: the process dies of it. */
static void test_unguarded_still_fatal(void)
{
    char path[300];
    snprintf(path, sizeof path, "%s/raw2", dir);
    size_t size = 64 * 1024;
    write_bytes(path, size, 'z');
    int g = mapguard_begin(dir, 1); /* the handler is installed */
    mapguard_end(g);
    pid_t pid = fork();
    if (pid == 0) {
        FILE *f = fopen(path, "r");
        const volatile char *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fileno(f), 0);
        if (truncate(path, 10) != 0)
            _exit(3);
        _exit(map[size - 1] == 0 ? 4 : 5); /* must not get here */
    }
    int status = 0;
    waitpid(pid, &status, 0);
    /* SIGBUS itself, or, under ASan, the abort of its report (the guard
     * hands what is not its own to the handler that was there before) */
    CHECK(WIFSIGNALED(status));
    if (WIFSIGNALED(status))
        CHECK(WTERMSIG(status) == SIGBUS || WTERMSIG(status) == SIGABRT);
}

/* A list big enough to take a while to parse. */
static void write_list(const char *path, int n)
{
    FILE *f = fopen(path, "w");
    fputs("paperdeck: 1\ntitle: Cut\nsections:\n  - name: S\n    entries:\n", f);
    for (int i = 0; i < n; i++)
        fprintf(f,
                "      - title: \"Entry %d of a list that is cut short while it is read\"\n"
                "        notes: \"padding padding padding padding padding padding\"\n",
                i);
    fclose(f);
}

typedef struct cutter {
    const char *path;
    atomic_size_t *progress;
} cutter;

/* Cuts the file once the loader has parsed its first megabyte. */
static void *cut_when_started(void *arg)
{
    cutter *c = arg;
    while (atomic_load(c->progress) == 0) {
        struct timespec ts = {0, 100000};
        nanosleep(&ts, NULL);
    }
    if (truncate(c->path, 4096) != 0)
        perror("truncate");
    return NULL;
}

static void test_loader_reports_cut(void)
{
    char path[300];
    snprintf(path, sizeof path, "%s/cut.yaml", dir);
    write_list(path, 200000); /* ~24 MB */
    atomic_size_t progress = 0;
    yaml_load_limits lim = {.progress = &progress};
    cutter cut = {path, &progress};
    pthread_t t;
    CHECK(pthread_create(&t, NULL, cut_when_started, &cut) == 0);
    catalog *c = catalog_new();
    diag d;
    diag_init(&d);
    bool complete;
    int rc = yaml_load_file_limited(c, path, false, &lim, &complete, &d);
    pthread_join(t, NULL);
    CHECK_INT(rc, -1);
    bool said = false;
    for (size_t i = 0; i < d.n; i++)
        said |= strstr(d.msgs[i].text, "cut short while it was read") != NULL;
    CHECK(said);
    catalog_free(c);
    diag_free(&d);
}

/* The whole load of a list rewritten in place while it loads (cut, then
 * new contents) is done again: the result is the new list, with no error
 * from the cut one. */
static void test_lists_reload_changed(void)
{
    char path[300];
    snprintf(path, sizeof path, "%s/rewritten.yaml", dir);
    write_list(path, 200000);
    setenv("PAPERDECK_CACHE", "off", 1);
    const char *files[] = {path};
    diag d;
    diag_init(&d);
    catalog *head = NULL;
    lists_loading *l = lists_load_head(files, 1, 100, &head, &d);
    CHECK(l != NULL);
    if (!l)
        return;
    double f = 0;
    while (!lists_loading_done(l, &f) && f == 0) {
        struct timespec ts = {0, 100000};
        nanosleep(&ts, NULL);
    }
    FILE *out = fopen(path, "r+");
    CHECK(ftruncate(fileno(out), 0) == 0);
    fputs("paperdeck: 1\ntitle: New\nsections:\n  - name: S\n    entries:\n"
          "      - title: \"First of the new\"\n      - title: \"Second of the new\"\n",
          out);
    fclose(out);
    paper_index *ix = lists_loading_finish(l, &d);
    CHECK(ix != NULL);
    CHECK_INT(d.n, 0);
    if (d.n)
        diag_print(&d, stderr);
    if (ix) {
        CHECK_INT(index_catalog(ix)->nentries, 2);
        lists_release(ix);
    }
    catalog_free(head);
    diag_free(&d);
    unsetenv("PAPERDECK_CACHE");
}

int main(void)
{
    if (!check_scratch(dir))
        return 1;
    RUN(test_guarded_reads_zeros);
    RUN(test_unguarded_still_fatal);
    /* Valgrind cannot resume a fault inside libyaml's memmove once the
     * handler has put a page there (it writes past the destination): the
     * plain and ASan runs judge these two. */
    if (!under_valgrind()) {
        RUN(test_loader_reports_cut);
        RUN(test_lists_reload_changed);
    }
    if (!check_remove_scratch(dir))
        return 1;
    return check_summary();
}
