/* list: prints the (filtered, sorted) entries as a table, TSV, JSON,
 * BibTeX, or the list again as markdown or YAML. */
#include "cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int terminal_width(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    const char *cols = getenv("COLUMNS");
    if (!cols)
        return 0;
    /* a number of columns a terminal could have, else unknown (atoi would
     * make an out-of-range value undefined behaviour) */
    char *end;
    errno = 0;
    long n = strtol(cols, &end, 10);
    return errno == 0 && end != cols && *end == '\0' && n > 0 && n <= 100000 ? (int)n : 0;
}

static bool use_color(color_mode mode)
{
    if (mode != COLOR_AUTO)
        return mode == COLOR_ALWAYS;
    const char *no_color = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    return isatty(STDOUT_FILENO) && !(no_color && no_color[0])
        && !(term && strcmp(term, "dumb") == 0);
}

/* Sorts and prints the view v, filtered by q. */
static int print_view(const cmd_args *a, paper_index *ix, view *v, const query *q)
{
    bool ranked = query_is_ranked(q);
    index_sort(ix, v,
               a->sort_given ? a->sort
               : ranked      ? SORT_SCORE
                             : SORT_ORDER,
               a->sort_given ? a->descending : ranked);
    output_options oo = {
        .format = a->format,
        .color = use_color(a->color),
        .highlight = q,
        .width = isatty(STDOUT_FILENO) ? terminal_width() : 0,
        .index = ix,
    };
    if (output_view(stdout, index_catalog(ix), v, &oo) != 0 || fflush(stdout) != 0) {
        fprintf(stderr, "paperdeck: cannot write output: %s\n", strerror(errno));
        return EXIT_USAGE;
    }
    return v->n == 0 ? EXIT_NO_MATCH : EXIT_OK;
}

static int run_list(const cmd_args *a, paper_index *ix)
{
    int32_t sec = -1;
    if (a->section && !cmd_find_section(index_catalog(ix), a->section, &sec))
        return EXIT_USAGE;
    query *q = cmd_compile_query(a);
    if (!q)
        return EXIT_USAGE;
    char mmsg[MARKS_MSG_MAX];
    marks_store *m = cmd_open_marks(ix, mmsg, sizeof mmsg);
    if (mmsg[0])
        fprintf(stderr, "paperdeck: %s\n", mmsg);
    char rmsg[300];
    arxiv_store *records = cmd_open_records(ix, rmsg, sizeof rmsg);
    view v;
    view_init(&v);
    query_error err;
    int status;
    if (index_filter(ix, q, sec, &v, &err) != 0) {
        fprintf(stderr, "paperdeck: %s\n", err.msg);
        status = EXIT_USAGE;
    } else {
        status = print_view(a, ix, &v, q);
    }
    view_free(&v);
    query_free(q);
    marks_close(m);
    index_set_records(ix, NULL);
    arxiv_store_free(records);
    return status;
}

static void *load_indexed(const char *const *files, int n, diag *d, void *ctx)
{
    (void)ctx;
    return lists_index_cached(files, n, d);
}

int cmd_run_on_lists(cmd_args *a, int (*run)(const cmd_args *a, paper_index *ix))
{
    /* remote lists named on the command line (not followed ones opened by
     * default: update fetches those) */
    if (!a->list_files && !cmd_fetch_remote(a->files, a->nfiles, true))
        return EXIT_USAGE;
    int status = cmd_settings(a, NULL, 0); /* stderr has the settings' problems */
    if (status >= 0)
        return status;
    if (!cmd_fetch_remote(a->files, a->nfiles, false)) /* the settings' list lines */
        return EXIT_USAGE;
    return cmd_run_loaded(a, run);
}

int cmd_run_loaded(cmd_args *a, int (*run)(const cmd_args *a, paper_index *ix))
{
    diag d;
    diag_init(&d);
    cmd_lists l;
    paper_index *ix = cmd_load_lists(a, &l, load_indexed, NULL, &d);
    cmd_report_left(&l);
    cmd_lists_free(&l);
    cmd_report_load(&d, !ix, a->verbose);
    diag_free(&d);
    if (!ix)
        return EXIT_USAGE;
    int status = run(a, ix);
    lists_release(ix);
    return status;
}

static int list_exec(cmd_args *a)
{
    return cmd_run_on_lists(a, run_list);
}

CMD_ENTRY(list, "list [OPTIONS] [FILE...]", "print the (filtered, sorted) entries",
          CMD_OPTS_VIEW | CMD_OPT(CMD_OPT_FORMAT));
