/* paperdeck-bench: load time, memory, per-keystroke filter latency and sort
 * time of the core, on lists written by paperdeck-gen (or any list).
 *
 *   paperdeck-bench [--runs R] [--reps K] [--csv | --csv-file PATH] FILE.yaml...
 *
 * What each figure includes is printed with it; bench/README.md has the
 * method. Every time is CLOCK_MONOTONIC wall time on one thread of this
 * process (the core may use more threads inside a call). */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "paperdeck/browser.h"
#include "paperdeck/catalog.h"
#include "paperdeck/diag.h"
#include "paperdeck/index.h"
#include "paperdeck/query.h"
#include "paperdeck/testhooks.h"
#include "paperdeck/yaml_load.h"

#define SCREEN_ROWS 50
#define MB 1e6

/* --- time and samples ----------------------------------------------------- */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* CPU time of the whole process (every thread): unlike wall time, it does
 * not grow when other programs share the processors. */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

typedef struct samples {
    double *v;
    size_t n, cap;
} samples;

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fputs("paperdeck-bench: out of memory\n", stderr);
        abort();
    }
    return p;
}

static void samples_add(samples *s, double x)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->v = xrealloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n++] = x;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median (the mean of the middle two for an even count) and maximum. */
static void samples_stats(const samples *s, double *median, double *worst)
{
    if (s->n == 0) {
        *median = *worst = 0;
        return;
    }
    double *c = xrealloc(NULL, s->n * sizeof *c);
    memcpy(c, s->v, s->n * sizeof *c);
    qsort(c, s->n, sizeof *c, cmp_double);
    *median = s->n % 2 ? c[s->n / 2] : (c[s->n / 2 - 1] + c[s->n / 2]) / 2;
    *worst = c[s->n - 1];
    free(c);
}

static void samples_free(samples *s)
{
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* --- output --------------------------------------------------------------- */

typedef struct report {
    FILE *table; /* human-readable report, NULL with --csv */
    FILE *csv;   /* machine-readable rows, NULL unless asked */
    const char *file;
    uint32_t entries;
    long long bytes;
} report;

/* One CSV row: file,entries,file_bytes,metric,item,median,worst,count */
static void csv_row(const report *o, const char *metric, const char *item, double median,
                    double worst, long long count)
{
    if (!o->csv)
        return;
    fprintf(o->csv, "%s,%u,%lld,%s,\"", o->file, o->entries, o->bytes, metric);
    for (const char *p = item; *p; p++) {
        if (*p == '"')
            fputc('"', o->csv); /* CSV doubles quotes inside a quoted field */
        fputc(*p, o->csv);
    }
    fprintf(o->csv, "\",%.4f,%.4f,%lld\n", median, worst, count);
}

/* --- loading ------------------------------------------------------------- */

typedef struct loaded {
    catalog *cat;
    paper_index *ix;
} loaded;

/* File to ready index: parse, finish, build. Prints the diagnostics and
 * returns false when the list has errors. */
static bool load(const char *path, loaded *l)
{
    diag d;
    diag_init(&d);
    l->cat = catalog_new();
    l->ix = NULL;
    if (yaml_load_file(l->cat, path, false, &d) != 0) {
        diag_print(&d, stderr);
        diag_free(&d);
        catalog_free(l->cat);
        l->cat = NULL;
        return false;
    }
    catalog_finish(l->cat);
    l->ix = index_build(l->cat);
    diag_free(&d);
    return true;
}

static void unload(loaded *l)
{
    index_free(l->ix);
    catalog_free(l->cat);
    l->ix = NULL;
    l->cat = NULL;
}

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long size = 0, resident = 0;
    if (f) {
        if (fscanf(f, "%ld %ld", &size, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* Peak RSS of this process image: VmHWM of /proc/self/status. Not
 * getrusage's ru_maxrss, which Linux carries over fork and exec, so a child
 * would report the parent's high-water mark whenever that is higher. */
static long peak_rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = 0;
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
            break;
    fclose(f);
    return kb;
}

/* The child side of a fresh-process measurement (--load-once FILE): one
 * load, then "load_ms peak_kb steady_kb base_kb entries" on stdout. */
static int load_once(const char *path)
{
    long base = rss_kb();
    loaded l;
    double t0 = now_ms();
    if (!load(path, &l))
        return 1;
    double t1 = now_ms();
    long steady = rss_kb();
    printf("%.4f %ld %ld %ld %u\n", t1 - t0, peak_rss_kb(), steady, base, l.cat->nentries);
    unload(&l);
    return 0;
}

/* --counts FILE: the oracle of bench/keys.py. Loads FILE once, then reads
 * queries from stdin, one a line (spaces kept), and prints for each the
 * number of entries it matches over the whole list (what the browser's
 * status line shows), or "bad" when the query does not compile (the browser
 * then keeps the previous filter's matches). */
static int print_counts(const char *path)
{
    loaded l;
    if (!load(path, &l))
        return 1;
    view v;
    view_init(&v);
    char line[4096];
    int rc = 0;
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        query_error err;
        memset(&err, 0, sizeof err);
        query *q = query_compile(line, &err);
        if (!q) {
            puts("bad");
        } else if (index_search(l.ix, q, -1, NULL, 0, &v, &err) != 0) {
            printf("stopped %u\n", v.n);
        } else {
            printf("%u\n", v.n);
        }
        query_free(q);
        fflush(stdout);
    }
    if (ferror(stdin))
        rc = 1;
    view_free(&v);
    unload(&l);
    return rc;
}

typedef struct fresh {
    double load_ms;
    long peak_kb, steady_kb, base_kb;
    unsigned entries;
} fresh;

/* Runs one load in a new process (fork + exec of this binary), so that its
 * peak RSS and page faults are its own and not those of earlier runs. */
static bool load_fresh(const char *path, fresh *f)
{
    int fd[2];
    if (pipe(fd) != 0)
        return false;
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return false;
    }
    if (pid == 0) {
        dup2(fd[1], STDOUT_FILENO);
        close(fd[0]);
        close(fd[1]);
        char *argv[] = {"paperdeck-bench", "--load-once", (char *)path, NULL};
        execv("/proc/self/exe", argv);
        _exit(127);
    }
    close(fd[1]);
    FILE *in = fdopen(fd[0], "r");
    bool ok = in
           && fscanf(in, "%lf %ld %ld %ld %u", &f->load_ms, &f->peak_kb, &f->steady_kb, &f->base_kb,
                     &f->entries)
                  == 5;
    if (in)
        fclose(in);
    else
        close(fd[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* --- the per-keystroke path ------------------------------------------------ */

/* The browser's per-keystroke state: the previous query and its result,
 * which the next keystroke narrows from when query_narrows allows. */
typedef struct typing_state {
    query *prev;
    view views[2];
    int cur;
    uint32_t *counts; /* the category pane's section counts (browser path) */
} typing_state;

typedef struct typing {
    const char *label; /* the query as finally typed */
    const char *keys;  /* what is typed; '\b' is a backspace */
    bool close_regex;  /* prefixes get their closing '/', as if the prompt added it */
} typing;

static const typing typings[] = {
    {"linear attention", "linear attx\bention", false},
    {"lora", "lox\bra", false},
    {"efficient transformer", "efficient trasn\b\bnsformer", false},
    {"zqxjv", "zqxx\bjv", false},
    {"/line?ar\\s+att/", "/line?ar\\s+ax\btt", true},
    {"venue:iclr year:>=2021 att", "venue:iclr year:>=2021 ax\btt", false},
};

/* Patterns that backtrack on every title without reaching PCRE2's
 * per-title limits, and one that reaches them. */
static const char *const slow_regexes[] = {
    "/(.*a){8}/",
    "/(.*e){5}q/",
    "/(\\w+\\s?)+$/",
};

typedef struct key_result {
    samples ms;
    samples cpu;      /* CPU time of the same keystrokes, both threads */
    samples final_ms; /* the whole query, its last keystroke */
    samples idle_ms;  /* the idle work after each keystroke (not in ms) */
    double worst_ms;
    char worst_at[256]; /* the prefix that took longest */
    unsigned timed, skipped, failed;
    uint32_t final_count, final_rows;
} key_result;

typedef struct stroke {
    double ms, cpu, idle_ms;
    uint32_t count, rows;
    bool compiled, failed;
} stroke;

/* One keystroke, as the core can do it for a browser: compile, search
 * (narrowing from the previous result when query_narrows allows, without
 * testing again the groups the previous query implies), rank the first
 * screen (the top SCREEN_ROWS by score, index_search's top-k), count. */
static stroke keystroke(paper_index *ix, const char *text, typing_state *st)
{
    stroke s = {0};
    query_error err;
    double t0 = now_ms(), c0 = cpu_ms();
    query *q = query_compile(text, &err);
    if (!q)
        return s;
    view *prev = &st->views[st->cur], *next = &st->views[!st->cur];
    const view *within = st->prev && query_narrows(st->prev, q) ? prev : NULL;
    s.failed = index_search_from(ix, q, within ? st->prev : NULL, -1, within, SCREEN_ROWS, next,
                                 &err)
            != 0;
    s.rows = next->n < SCREEN_ROWS ? next->n : SCREEN_ROWS;
    s.count = next->n;
    s.ms = now_ms() - t0;
    s.cpu = cpu_ms() - c0;
    /* What the browser does before the next key comes, when it has time:
     * timed apart, as it is not what a key waits for. */
    double i0 = now_ms();
    if (!s.failed)
        index_prepare_growth(ix, q, next);
    s.idle_ms = now_ms() - i0;
    s.compiled = true;
    st->cur = !st->cur;
    query_free(st->prev);
    st->prev = q;
    return s;
}

/* One keystroke done the way the browser did it before the fast path: a
 * full filter that scores every match, the counts of the category pane, and
 * a full sort by score when the query is ranked. Kept for comparison. */
static stroke keystroke_ui(paper_index *ix, const char *text, typing_state *st)
{
    stroke s = {0};
    query_error err;
    double t0 = now_ms(), c0 = cpu_ms();
    query *q = query_compile(text, &err);
    if (!q)
        return s;
    view *v = &st->views[0];
    s.failed = index_filter(ix, q, -1, v, &err) != 0;
    index_count_sections(ix, v, st->counts);
    if (query_is_ranked(q))
        index_sort(ix, v, SORT_SCORE, true);
    s.rows = v->n < SCREEN_ROWS ? v->n : SCREEN_ROWS;
    s.count = v->n;
    s.ms = now_ms() - t0;
    s.cpu = cpu_ms() - c0;
    s.compiled = true;
    query_free(q);
    return s;
}

/* Types t->keys reps times, letter by letter, timing every prefix. */
static void type_query(paper_index *ix, const typing *t, int reps, bool ui, key_result *r)
{
    memset(r, 0, sizeof *r);
    typing_state st = {0};
    view_init(&st.views[0]);
    view_init(&st.views[1]);
    const catalog *c = index_catalog(ix);
    st.counts = xrealloc(NULL, (c->nsections ? c->nsections : 1) * sizeof *st.counts);
    char text[256];
    for (int rep = 0; rep < reps; rep++) {
        double last = -1;
        size_t len = 0;
        /* Every repetition types from scratch: not from results the index
         * kept from the last one. */
        index_forget_searches(ix);
        for (const char *k = t->keys; *k; k++) {
            if (*k == '\b') {
                if (len > 0)
                    len--;
            } else if (len + 2 < sizeof text) {
                text[len++] = *k;
            }
            text[len] = '\0';
            if (len == 0 || (t->close_regex && len == 1))
                continue;
            if (t->close_regex) {
                text[len] = '/';
                text[len + 1] = '\0';
            }
            stroke s = ui ? keystroke_ui(ix, text, &st) : keystroke(ix, text, &st);
            if (!s.compiled) {
                r->skipped++;
                continue;
            }
            r->timed++;
            r->failed += s.failed;
            r->final_count = s.count;
            r->final_rows = s.rows;
            samples_add(&r->ms, s.ms);
            samples_add(&r->cpu, s.cpu);
            samples_add(&r->idle_ms, s.idle_ms);
            last = s.ms;
            if (s.ms > r->worst_ms) {
                r->worst_ms = s.ms;
                snprintf(r->worst_at, sizeof r->worst_at, "%s", text);
            }
        }
        if (last >= 0)
            samples_add(&r->final_ms, last);
        query_free(st.prev); /* each repetition starts from an empty prompt */
        st.prev = NULL;
    }
    view_free(&st.views[0]);
    view_free(&st.views[1]);
    free(st.counts);
}

/* --sorts FILE: what each sort action costs the browser's thread at a
 * screen of SCREEN_ROWS rows, the key's ranks already built (as the loader
 * thread builds them): `s` through the whole cycle, `S` on each key, and a
 * query typed while a sort is applied. One line per action: wall and CPU
 * ms (CPU of every thread of the process). */
static void time_action(const char *what, browser *b, void (*act)(browser *), const char *text)
{
    double t0 = now_ms(), c0 = cpu_ms();
    if (act)
        act(b);
    else
        browser_apply_query(b, text);
    double wall = now_ms() - t0, cpu = cpu_ms() - c0;
    printf("  %-34s %-8s %s  %9.2f %9.2f  %u rows\n", what, sort_key_name(browser_sort_key(b)),
           browser_sort_descending(b) ? "desc" : "asc ", wall, cpu, b->shown.n);
    fflush(stdout);
}

/* A pending sort's steps (browser_sort_step), as the UI's loop runs them:
 * how many, the longest, the last (the sort itself), the whole. */
static void time_steps(browser *b)
{
    if (!b->sort_pending)
        return;
    int steps = 0;
    double longest = 0, last = 0, last_cpu = 0, all = 0, c0 = cpu_ms();
    bool more = true;
    while (more) {
        double t0 = now_ms(), lc0 = cpu_ms();
        more = browser_sort_step(b);
        last = now_ms() - t0;
        last_cpu = cpu_ms() - lc0;
        all += last;
        longest = last > longest ? last : longest;
        steps++;
    }
    printf("  %-34s %d steps: longest %.2f, last %.2f (%.2f cpu), whole %.2f wall, %.2f cpu\n",
           "  (pending sort, step by step)", steps, longest, last, last_cpu, all, cpu_ms() - c0);
}

static int print_sorts(const char *path)
{
    loaded l;
    if (!load(path, &l))
        return 1;
    index_prepare_sorts(l.ix, NULL);
    browser b;
    browser_init(&b, l.ix, SORT_ORDER, false, false);
    browser_set_rows(&b, SCREEN_ROWS);
    browser_apply_query(&b, "");
    printf("sort actions on %u entries, %d rows on screen (ms: wall, cpu):\n", l.cat->nentries,
           SCREEN_ROWS);
    for (int i = 0; i < 8; i++)
        time_action("s (next key)", &b, browser_sort_next, NULL);
    for (int i = 0; i < 7; i++) {
        time_action("s (next key)", &b, browser_sort_next, NULL);
        time_action("S (reverse)", &b, browser_sort_reverse, NULL);
        time_action("S (reverse back)", &b, browser_sort_reverse, NULL);
    }
    static const char *const queries[] = {"l", "li", "lin", "linear", "", "venue:iclr", ""};
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        char what[64];
        snprintf(what, sizeof what, "query '%s'", queries[i]);
        time_action(what, &b, NULL, queries[i]);
    }
    /* under a fuzzy query the cycle passes score: best first is its ranked
     * head alone, reversed is every match scored */
    time_action("query 'lin'", &b, NULL, "lin");
    for (int i = 0; i < 8 && browser_sort_key(&b) != SORT_SCORE; i++)
        time_action("s (next key)", &b, browser_sort_next, NULL);
    time_action("S (reverse)", &b, browser_sort_reverse, NULL);
    time_steps(&b);
    time_action("S (reverse back)", &b, browser_sort_reverse, NULL);
    time_action("s (next key)", &b, browser_sort_next, NULL);
    browser_free(&b);
    unload(&l);
    return 0;
}

/* --- sorting ---------------------------------------------------------------- */

static const sort_key sort_keys[] = {
    SORT_ORDER, SORT_TITLE, SORT_VENUE, SORT_YEAR, SORT_DATE, SORT_ARXIV, SORT_SECTION,
};

typedef struct sort_result {
    double first_ms;
    samples warm;
} sort_result;

/* Puts the view back in document order (scores are all 0: no query). */
static void view_restore(view *v, const uint32_t *orig)
{
    if (v->n)
        memcpy(v->ids, orig, v->n * sizeof *orig);
}

/* Sorts the full view by every key, from document order each time: the first
 * call on a fresh index builds the key's rank cache, later calls reuse it.
 * Warm calls alternate descending and ascending. */
static void bench_sorts(const catalog *c, int runs, sort_result *res)
{
    paper_index *ix = index_build(c);
    view v;
    view_init(&v);
    query_error err;
    index_filter(ix, NULL, -1, &v, &err);
    uint32_t *orig = xrealloc(NULL, (v.n ? v.n : 1) * sizeof *orig);
    if (v.n)
        memcpy(orig, v.ids, v.n * sizeof *orig);
    for (size_t k = 0; k < sizeof sort_keys / sizeof sort_keys[0]; k++) {
        sort_result *r = &res[k];
        memset(r, 0, sizeof *r);
        view_restore(&v, orig);
        double t0 = now_ms();
        index_sort(ix, &v, sort_keys[k], false);
        r->first_ms = now_ms() - t0;
        for (int i = 0; i < runs; i++) {
            view_restore(&v, orig);
            t0 = now_ms();
            index_sort(ix, &v, sort_keys[k], i % 2 == 0);
            samples_add(&r->warm, now_ms() - t0);
        }
    }
    free(orig);
    view_free(&v);
    index_free(ix);
}

/* --- one file ------------------------------------------------------------- */

typedef struct options {
    int runs, reps;
    bool csv_only;
    const char *csv_path;
} options;

static int bench_file(const char *path, const options *opt, FILE *csv)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "paperdeck-bench: %s: %s\n", path, strerror(errno));
        return -1;
    }
    report o = {opt->csv_only ? NULL : stdout, csv, path, 0, (long long)st.st_size};
    double file_mb = st.st_size / MB;

    /* Load and memory, each run in a fresh process. */
    samples fresh_ms = {0}, peak = {0}, steady = {0}, base = {0};
    for (int i = 0; i < opt->runs; i++) {
        fresh f;
        if (!load_fresh(path, &f)) {
            fprintf(stderr, "paperdeck-bench: %s: loading in a child process failed\n", path);
            samples_free(&fresh_ms);
            samples_free(&peak);
            samples_free(&steady);
            samples_free(&base);
            return -1;
        }
        o.entries = f.entries;
        samples_add(&fresh_ms, f.load_ms);
        samples_add(&peak, f.peak_kb * 1024.0 / MB);
        samples_add(&steady, f.steady_kb * 1024.0 / MB);
        samples_add(&base, f.base_kb * 1024.0 / MB);
    }
    double lm, lw, wm, ww, pm, pw, sm, sw, bm, bw;
    samples_stats(&fresh_ms, &lm, &lw);
    samples_stats(&peak, &pm, &pw);
    samples_stats(&steady, &sm, &sw);
    samples_stats(&base, &bm, &bw);
    samples_free(&fresh_ms);
    samples_free(&peak);
    samples_free(&steady);
    samples_free(&base);

    /* The same in this process, into a heap that earlier runs warmed up. */
    samples warm_ms = {0};
    loaded l = {0};
    for (int i = 0; i < opt->runs; i++) {
        if (l.cat)
            unload(&l);
        double t0 = now_ms();
        if (!load(path, &l)) {
            samples_free(&warm_ms);
            return -1;
        }
        samples_add(&warm_ms, now_ms() - t0);
    }
    samples_stats(&warm_ms, &wm, &ww);
    samples_free(&warm_ms);
    csv_row(&o, "load_ms", "fresh process", lm, lw, opt->runs);
    csv_row(&o, "load_ms", "in process", wm, ww, opt->runs);
    csv_row(&o, "peak_rss_mb", "", pm, pw, opt->runs);
    csv_row(&o, "steady_rss_mb", "", sm, sw, opt->runs);
    csv_row(&o, "base_rss_mb", "", bm, bw, opt->runs);
    if (o.table) {
        fprintf(o.table,
                "\n== %s: %u entries, %.1f MB ==\n"
                "load, file to ready index (yaml_load_file + catalog_finish + index_build),"
                " %d runs:\n"
                "  fresh process            median %8.1f ms   worst %8.1f ms   (%.0f MB/s)\n"
                "  in process, warm heap    median %8.1f ms   worst %8.1f ms\n"
                "memory (fresh process, whole-process RSS; %.1f MB of it before loading):\n"
                "  peak RSS   %7.1f MB  = %.2fx file, %.2fx without the base"
                "   (worst of runs; VmHWM)\n"
                "  steady RSS %7.1f MB  = %.2fx file, %.2fx without the base"
                "   (after loading; /proc/self/statm)\n",
                path, o.entries, file_mb, opt->runs, lm, lw, lm > 0 ? file_mb / (lm / 1e3) : 0, wm,
                ww, bm, pw, pw / file_mb, (pw - bm) / file_mb, sm, sm / file_mb,
                (sm - bm) / file_mb);
    }

    /* Typing, as the core allows and as the browser does it today. */
    for (int mode = 0; mode < 2; mode++) {
        bool ui = mode == 1;
        int reps = ui ? 1 : opt->reps;
        if (o.table && !ui)
            fprintf(o.table,
                    "per keystroke, core: query_compile + index_search_from (narrowing from the"
                    " previous result when allowed) + first screen (top %d, ranked) + count;\n"
                    "  every prefix typed, backspaces included, %d repetitions; whole = the last"
                    " keystroke (the full query) alone;\n  cpu = CPU time of the process (both"
                    " threads), which other programs on the machine do not inflate;\n  idle ="
                    " the work after a keystroke that readies the next (index_prepare_growth),"
                    " done while no key waits:\n",
                    SCREEN_ROWS, reps);
        else if (o.table)
            fprintf(o.table,
                    "per keystroke, full filter (the browser before the fast path): query_compile +"
                    " index_filter over all entries, scoring every match + section counts +"
                    " full sort by score; 1 repetition:\n");
        if (o.table)
            fprintf(o.table, "  %-28s %5s %10s %10s %10s %9s %9s %9s  %s\n", "query", "keys",
                    "median ms", "worst ms", "whole ms", "cpu med", "idle med", "matches",
                    "worst at");
        for (size_t i = 0; i < sizeof typings / sizeof typings[0]; i++) {
            key_result r;
            type_query(l.ix, &typings[i], reps, ui, &r);
            double m, w, fm, fw, cm, cw, im, iw;
            samples_stats(&r.ms, &m, &w);
            samples_stats(&r.idle_ms, &im, &iw);
            samples_stats(&r.final_ms, &fm, &fw);
            samples_stats(&r.cpu, &cm, &cw);
            csv_row(&o, ui ? "ui_key_ms" : "key_ms", typings[i].label, m, w, r.final_count);
            csv_row(&o, ui ? "ui_key_whole_ms" : "key_whole_ms", typings[i].label, fm, fw,
                    r.final_count);
            csv_row(&o, ui ? "ui_key_cpu_ms" : "key_cpu_ms", typings[i].label, cm, cw,
                    r.final_count);
            if (o.table) {
                fprintf(o.table, "  %-28s %5u %10.2f %10.2f %10.2f %9.2f %9.2f %9u  \"%s\"",
                        typings[i].label, r.timed / (unsigned)reps, m, w, fm, cm, im, r.final_count,
                        r.worst_at);
                if (typings[i].close_regex)
                    fputs(" (prefixes closed with '/')", o.table);
                if (r.skipped)
                    fprintf(o.table, " (%u prefixes did not compile)", r.skipped / (unsigned)reps);
                if (r.failed)
                    fprintf(o.table, " (%u regex give-ups)", r.failed);
                fputc('\n', o.table);
            }
            samples_free(&r.ms);
            samples_free(&r.cpu);
            samples_free(&r.final_ms);
            samples_free(&r.idle_ms);
        }
    }

    /* Regexes that are slow on every title: the search must give up. */
    if (o.table)
        fprintf(o.table, "pathological regex, one search over all entries (must give up"
                         " in <= 100 ms with a message):\n");
    for (size_t i = 0; i < sizeof slow_regexes / sizeof slow_regexes[0]; i++) {
        query_error err;
        memset(&err, 0, sizeof err);
        view v;
        view_init(&v);
        double t0 = now_ms();
        query *q = query_compile(slow_regexes[i], &err);
        int rc = q ? index_search(l.ix, q, -1, NULL, SCREEN_ROWS, &v, &err) : -1;
        double ms = now_ms() - t0;
        csv_row(&o, "regex_giveup_ms", slow_regexes[i], ms, ms, rc != 0);
        if (o.table)
            fprintf(o.table, "  %-28s %8.1f ms  %s\n", slow_regexes[i], ms,
                    rc != 0 ? err.msg : "finished (did not give up)");
        query_free(q);
        view_free(&v);
    }

    /* Sorting. */
    sort_result sorts[sizeof sort_keys / sizeof sort_keys[0]];
    bench_sorts(l.cat, opt->runs, sorts);
    if (o.table)
        fprintf(o.table,
                "sort, full view of %u rows (index_sort; first call on a fresh index builds"
                " the key's rank cache):\n  %-10s %10s %12s %12s\n",
                o.entries, "key", "first ms", "warm median", "warm worst");
    for (size_t k = 0; k < sizeof sorts / sizeof sorts[0]; k++) {
        double m, w;
        samples_stats(&sorts[k].warm, &m, &w);
        const char *name = sort_key_name(sort_keys[k]);
        csv_row(&o, "sort_first_ms", name, sorts[k].first_ms, sorts[k].first_ms, 1);
        csv_row(&o, "sort_warm_ms", name, m, w, opt->runs);
        if (o.table)
            fprintf(o.table, "  %-10s %10.2f %12.2f %12.2f\n", name, sorts[k].first_ms, m, w);
        samples_free(&sorts[k].warm);
    }
    unload(&l);
    if (o.table)
        fflush(o.table);
    if (csv)
        fflush(csv);
    return 0;
}

/* --- main ------------------------------------------------------------------ */

static int usage(void)
{
    fputs("usage: paperdeck-bench [--runs R] [--reps K] [--csv | --csv-file PATH] FILE.yaml...\n"
          "  --runs R       loads (each in a fresh process, then in process) and warm sorts"
          " per file (default 5)\n"
          "  --reps K       times each query is typed (default 3)\n"
          "  --csv          CSV on stdout instead of the tables\n"
          "  --csv-file P   the tables on stdout and CSV into P\n"
          "       paperdeck-bench --counts FILE.yaml  < QUERIES\n"
          "  prints each query's match count over FILE (bench/keys.py's oracle)\n"
          "       paperdeck-bench --sorts FILE.yaml\n"
          "  times each sort action of the browser (s, S, a query under a sort) on FILE\n",
          stderr);
    return 2;
}

static bool parse_count(const char *s, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < 1 || v > 100000)
        return false;
    *out = (int)v;
    return true;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--load-once") == 0)
        return load_once(argv[2]);
    if (argc == 3 && strcmp(argv[1], "--counts") == 0)
        return print_counts(argv[2]);
    if (argc == 3 && strcmp(argv[1], "--sorts") == 0)
        return print_sorts(argv[2]);
    options opt = {.runs = 5, .reps = 3};
    int first_file = argc;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--runs") == 0 && i + 1 < argc) {
            if (!parse_count(argv[++i], &opt.runs))
                return usage();
        } else if (strcmp(a, "--reps") == 0 && i + 1 < argc) {
            if (!parse_count(argv[++i], &opt.reps))
                return usage();
        } else if (strcmp(a, "--csv") == 0) {
            opt.csv_only = true;
        } else if (strcmp(a, "--csv-file") == 0 && i + 1 < argc) {
            opt.csv_path = argv[++i];
        } else if (strcmp(a, "--") == 0) {
            first_file = i + 1;
            break;
        } else if (a[0] == '-') {
            return usage();
        } else {
            first_file = i;
            break;
        }
    }
    if (first_file >= argc || (opt.csv_only && opt.csv_path))
        return usage();

    FILE *csv = opt.csv_only ? stdout : NULL;
    if (opt.csv_path && !(csv = fopen(opt.csv_path, "w"))) {
        fprintf(stderr, "paperdeck-bench: cannot create %s: %s\n", opt.csv_path, strerror(errno));
        return 1;
    }
    if (csv)
        fputs("file,entries,file_bytes,metric,item,median,worst,count\n", csv);
    int failed = 0;
    for (int i = first_file; i < argc; i++)
        failed |= bench_file(argv[i], &opt, csv) != 0;
    if (opt.csv_path && fclose(csv) != 0) {
        fprintf(stderr, "paperdeck-bench: cannot write %s\n", opt.csv_path);
        failed = 1;
    }
    return failed;
}
