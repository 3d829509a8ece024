/* ui: the curses front end. Knows nothing of YAML: it browses an index. */
#ifndef PAPERDECK_UI_H
#define PAPERDECK_UI_H

#include <stdbool.h>

#include "index.h"

typedef struct ui_options {
    const char *query;     /* initial filter, NULL for none */
    sort_key sort;         /* initial sort key */
    bool descending;
    bool color;            /* false: monochrome (NO_COLOR, --color=never) */
    bool sort_fixed;       /* keep sort even for a fuzzy query; by default an
                            * unsorted (order, ascending) view ranks by score
                            * while the query is fuzzy */
    const char *section;   /* initial section, by path or name ("Papers/Adapt",
                            * "Blogs"), case-insensitive; NULL for all */
} ui_options;

/* Runs the browser on the terminal until the user quits. The terminal is
 * restored on every way out (quit, error, SIGINT/SIGTERM/SIGHUP). Returns the
 * process exit status (0 on a normal quit). */
int ui_run(paper_index *ix, const ui_options *o);

#endif
