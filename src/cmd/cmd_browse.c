/* browse: the terminal browser (the command when none is named). A long
 * list shows its head while the rest loads; the UI reloads the lists
 * through the callbacks below. */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef PAPERDECK_HAVE_UI
#include "paperdeck/ui.h"
#endif

/* The browser starts on this many entries of a long list while the rest
 * loads: a few screens, parsed in a few milliseconds. */
#define HEAD_ENTRIES 2000

#ifdef PAPERDECK_HAVE_UI
/* NO_COLOR set and not empty (no-color.org). */
static bool no_color_set(void)
{
    const char *v = getenv("NO_COLOR");
    return v && v[0];
}

/* The first error and a count, for the bottom line. */
static void first_error(const diag *d, char *err, size_t errsize)
{
    char first[1024] = "cannot load the lists";
    for (size_t i = 0; i < d->n; i++) {
        if (d->msgs[i].level == DIAG_ERROR) {
            diag_format(&d->msgs[i], first, sizeof first);
            break;
        }
    }
    if (d->errors > 1)
        snprintf(err, errsize, "%s (+%zu more)", first, d->errors - 1);
    else
        snprintf(err, errsize, "%s", first);
}

/* Reloading for the browser: the same files, loaded the same way, with the
 * messages kept for the bottom line instead of printed under curses. */
static paper_index *reload_lists(void *ctx, char *err, size_t errsize)
{
    const cmd_args *a = ctx;
    diag d;
    diag_init(&d);
    catalog *c = lists_load(a->files, a->nfiles, &d);
    paper_index *ix = NULL;
    if (c)
        ix = index_build(c);
    else
        first_error(&d, err, errsize);
    diag_free(&d);
    return ix;
}

static void release_index(void *ctx, paper_index *ix)
{
    (void)ctx;
    lists_release(ix);
}

/* The rest of a long list, loading while the browser shows its head; its
 * messages are printed once the terminal is given back. */
typedef struct pending_load {
    lists_loading *l; /* NULL once taken */
    diag d;           /* errors here: the whole list failed */
} pending_load;

static bool pending_done(void *ctx, double *fraction)
{
    return lists_loading_done(((pending_load *)ctx)->l, fraction);
}

static paper_index *pending_take(void *ctx)
{
    pending_load *p = ctx;
    paper_index *ix = lists_loading_finish(p->l, &p->d);
    p->l = NULL;
    return ix;
}

/* For the browser: errors that came with a change made while the list
 * loaded go to its bottom line (it keeps the head, as a failed reload keeps
 * the last good list), not to the report after it. */
static paper_index *pending_take_ui(void *ctx, char *err, size_t errsize)
{
    pending_load *p = ctx;
    bool changed = lists_loading_changed(p->l);
    paper_index *ix = pending_take(p);
    if (!ix && changed) {
        first_error(&p->d, err, errsize);
        diag_free(&p->d);
        diag_init(&p->d);
    }
    return ix;
}

/* Waits for the rest of the list: the browser cannot start without it (a
 * section asked for is not in the head). Returns false on errors. */
static bool finish_now(pending_load *p, paper_index **ixp)
{
    paper_index *ix = pending_take(p);
    if (!ix)
        return false;
    lists_release(*ixp);
    *ixp = ix;
    return true;
}

/* The browser on *ixp (the head of a long list when pending is not NULL). */
static int browse(cmd_args *a, paper_index **ixp, pending_load *pending, const char *cfg_error)
{
    if (a->query) {
        query *q = cmd_compile_query(a);
        if (!q)
            return EXIT_USAGE;
        query_free(q);
    }
    /* A bad -c gets the same error as for list, before curses starts. */
    int32_t sec;
    if (a->section && !cmd_find_section(index_catalog(*ixp), a->section, &sec))
        return EXIT_USAGE;
    ui_options uo = {
        .query = a->query,
        .sort = a->sort_given ? a->sort : SORT_ORDER,
        .descending = a->descending,
        .color = a->color != COLOR_NEVER && !no_color_set(),
        .sort_fixed = a->sort_given,
        .section = a->section,
        .cfg = &a->cfg,
        .cfg_error = cfg_error,
    };
    /* stdin cannot be read twice: no reloading then */
    bool from_stdin = false;
    for (int i = 0; i < a->nfiles; i++)
        from_stdin |= strcmp(a->files[i], "-") == 0;
    ui_source src = {
        .files = a->files,
        .nfiles = a->nfiles,
        .reload = reload_lists,
        .release = release_index,
        .ctx = a,
    };
    if (!from_stdin)
        uo.source = &src;
    char mmsg[MARKS_MSG_MAX];
    uo.marks = cmd_open_marks(*ixp, mmsg, sizeof mmsg);
    uo.marks_msg = mmsg;
    char rmsg[300];
    uo.records = cmd_open_records(*ixp, rmsg, sizeof rmsg);
    ui_loading ul = {.done = pending_done,
                     .take = pending_take_ui,
                     .release = release_index,
                     .ctx = pending};
    if (pending)
        uo.loading = &ul;
    int status = ui_run(ixp, &uo);
    marks_close(uo.marks);
    index_set_records(*ixp, NULL);
    arxiv_store_free(uo.records);
    return status;
}

static int run_browse(cmd_args *a, paper_index **ixp, lists_loading *loading, const char *cfg_error)
{
    pending_load pending = {.l = loading};
    diag_init(&pending.d);
    bool need_whole = a->section && loading
                   && catalog_find_section(index_catalog(*ixp), a->section) == CATALOG_NO_SECTION;
    int status = need_whole && !finish_now(&pending, ixp)
                   ? EXIT_USAGE
                   : browse(a, ixp, pending.l ? &pending : NULL, cfg_error);
    if (pending.l)
        lists_loading_cancel(pending.l);
    bool failed = pending.d.errors > 0;
    cmd_report_load(&pending.d, failed);
    diag_free(&pending.d);
    return failed ? EXIT_USAGE : status;
}
#else
static int run_browse(cmd_args *a, paper_index **ixp, lists_loading *loading, const char *cfg_error)
{
    (void)a;
    (void)ixp;
    (void)cfg_error;
    if (loading)
        lists_loading_cancel(loading);
    fputs("paperdeck: this build has no terminal UI; use 'paperdeck list'\n", stderr);
    return EXIT_USAGE;
}
#endif

static int browse_exec(cmd_args *a)
{
    char cfg_error[1200];
    int status = cmd_settings(a, cfg_error, sizeof cfg_error);
    if (status >= 0)
        return status;
    diag d;
    diag_init(&d);
    catalog *c = NULL;
    lists_loading *loading = lists_load_head(a->files, a->nfiles, HEAD_ENTRIES, &c, &d);
    cmd_report_load(&d, !c);
    diag_free(&d);
    if (!c) {
        if (loading)
            lists_loading_cancel(loading);
        return EXIT_USAGE;
    }
    paper_index *ix = index_build(c);
    status = run_browse(a, &ix, loading, cfg_error[0] ? cfg_error : NULL);
    lists_release(ix);
    return status;
}

const cmd_entry cmd_browse_entry = {
    .name = "browse",
    .synopsis = "[browse] [OPTIONS] [FILE...]",
    .summary = "browse lists in the terminal",
    .options = CMD_OPTS_VIEW,
    .exec = browse_exec,
};
