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

static int list_exec(cmd_args *a)
{
    return cmd_run_on_lists(a, run_list);
}

const cmd_entry cmd_list_entry = {
    .name = "list",
    .synopsis = "list [OPTIONS] [FILE...]",
    .summary = "print the (filtered, sorted) entries",
    .options = CMD_OPTS_VIEW | CMD_OPT(CMD_OPT_FORMAT),
    .exec = list_exec,
};
