/* ui: the curses front end. Knows nothing of YAML: it browses an index. */
#ifndef PAPERDECK_UI_H
#define PAPERDECK_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "paperdeck/arxiv_store.h"
#include "paperdeck/config.h"
#include "paperdeck/index.h"
#include "paperdeck/marks.h"
#include "paperdeck/watch.h"

/* Where the lists come from, so the browser can load them again when a file
 * changes on disk (or on R). The UI knows nothing of files' formats: it
 * drains the watch and calls reload. */
typedef struct ui_source {
    /* The lists' files, watched since before they were read, so an edit
     * made while they load is not missed. The browser drains it; the caller
     * frees it. */
    watch *watch;
    /* Loads the lists again. NULL when they have errors, with the first
     * message and a count in err ("list.yaml:3:5: error: ... (+2 more)");
     * on success err may hold a notice (a list left out, warnings). */
    paper_index *(*reload)(void *ctx, char *err, size_t errsize);
    /* Gives back an index (with its catalog) the browser no longer shows. */
    void (*release)(void *ctx, paper_index *ix);
    void *ctx;
} ui_source;

/* The rest of a long list, loading on another thread while the browser
 * shows its head. The browser swaps the whole list in when it is ready, as
 * it does on a reload (the filter, sort, section and selection stay). */
typedef struct ui_loading {
    /* Whether the load has ended; never blocks. *fraction gets how far it
     * is, 0 to 1. */
    bool (*done)(void *ctx, double *fraction);
    /* The whole list's index, once done. NULL when the list has errors:
     * when they came with a change to the files made while they loaded
     * (err then says what failed, as reload's does), the browser keeps
     * what it shows, says so, and loads the lists again on the next change;
     * otherwise (err left empty) it quits with status 2, and the caller
     * reports them. With an index, err may hold a notice (a list left
     * out) for the bottom line. */
    paper_index *(*take)(void *ctx, char *err, size_t errsize);
    /* Gives back the head's index once the whole list is shown. */
    void (*release)(void *ctx, paper_index *ix);
    void *ctx;
} ui_loading;

/* Remote lists among the lists shown (remote.h): fetched again in the
 * background. A new version is written over the copy the browser watches
 * (ui_source's files), so it comes in as any changed file does. */
typedef struct ui_remote {
    /* Starts fetching them again (R); false when a fetch is under way. */
    bool (*refetch)(void *ctx);
    /* Never blocks; true once when a fetch has ended, with what came of it
     * in msg (error set when a list failed). */
    bool (*poll)(void *ctx, char *msg, size_t size, bool *error);
    /* What the status line says of them ("fetching", "cached copy, 3 h
     * old"), "" for nothing. */
    void (*note)(void *ctx, char *buf, size_t size);
    void *ctx;
} ui_remote;

typedef struct ui_options {
    const char *query; /* initial filter, NULL for none */
    sort_key sort;     /* initial sort key */
    bool descending;
    bool color;                /* false: monochrome (NO_COLOR, --color=never) */
    bool sort_fixed;           /* keep sort even for a fuzzy query; by default an
                                * unsorted (order, ascending) view ranks by score
                                * while the query is fuzzy */
    const char *section;       /* initial section, by path or name ("Papers/Adapt",
                                * "Blogs"), case-insensitive; NULL for all */
    const config *cfg;         /* the settings (columns, theme, colours, keys);
                                * NULL for none */
    const char *cfg_error;     /* first problem of the settings file, shown on
                                * the bottom line at start; NULL if none */
    const char *load_msg;      /* what the load left out, or its warnings in one
                                * line, shown at start; NULL or "" if none */
    const ui_source *source;   /* NULL: no reloading */
    marks_store *marks;        /* the user's stars and read marks (marks.h), already
                                * in the index; NULL: marking is off */
    const char *marks_msg;     /* a problem with the marks file (or why marking
                                * is off), shown on the bottom line at start */
    arxiv_store *records;      /* the fetched arXiv records (arxiv_store.h), the
                                * caller's; NULL: none, and no fetching */
    const ui_loading *loading; /* NULL: *ix is the whole list */
    const ui_remote *remote;   /* NULL: no remote list */
} ui_options;

/* Runs the browser on the terminal until the user quits. The terminal is
 * restored on every way out (quit, error, SIGINT/SIGTERM/SIGHUP). Returns the
 * process exit status (0 on a normal quit). *ix is the index shown; after a
 * reload it is the new one (the old went to source->release), and the
 * caller frees the one in *ix at the end. */
int ui_run(paper_index **ix, const ui_options *o);

#endif
