/* browse: the terminal browser (the command when none is named). A long
 * list shows its head while the rest loads; the UI reloads the lists
 * through the callbacks below. */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "paperdeck/remote.h"
#include "paperdeck/testhooks.h"
#include "paperdeck/watch.h"
#include "paperdeck/xalloc.h"

#ifdef PAPERDECK_HAVE_UI
#include "paperdeck/ui.h"
#endif

/* The browser starts on this many entries of a long list while the rest
 * loads: a few screens, parsed in a few milliseconds. */
#define HEAD_ENTRIES 2000

/* What a load left out, else a summary of its warnings, for the bottom
 * line ("" when neither). */
static void load_note(const cmd_lists *l, const diag *d, char *buf, size_t size)
{
    cmd_left_note(l, buf, size);
    if (!buf[0])
        cmd_warning_summary(d, buf, size);
}

#ifdef PAPERDECK_HAVE_UI
/* NO_COLOR set and not empty (no-color.org). */
static bool no_color_set(void)
{
    const char *v = getenv("NO_COLOR");
    return v && v[0];
}

static void *load_whole(const char *const *files, int n, diag *d, void *ctx)
{
    (void)ctx;
    return lists_load(files, n, d);
}

/* Reloading for the browser: the same files, loaded the same way, with the
 * messages kept for the bottom line instead of printed under curses. */
static paper_index *reload_lists(void *ctx, char *err, size_t errsize)
{
    const cmd_args *a = ctx;
    diag d;
    diag_init(&d);
    cmd_lists l;
    catalog *c = cmd_load_lists(a, &l, load_whole, NULL, &d);
    paper_index *ix = NULL;
    if (c) {
        ix = index_build(c);
        load_note(&l, &d, err, errsize);
    } else {
        cmd_first_error(&d, err, errsize);
    }
    cmd_lists_free(&l);
    diag_free(&d);
    return ix;
}

/* Remote lists, for the browser: remote_bg behind ui_remote. */
static bool remote_refetch(void *ctx)
{
    return remote_bg_start(ctx, REMOTE_FORCE);
}

static bool remote_poll(void *ctx, char *msg, size_t size, bool *error)
{
    return remote_bg_poll(ctx, msg, size, error);
}

static void remote_note(void *ctx, char *buf, size_t size)
{
    remote_bg_note(ctx, buf, size);
}

static void release_index(void *ctx, paper_index *ix)
{
    (void)ctx;
    lists_release(ix);
}

/* The rest of a long list, loading while the browser shows its head; its
 * messages are printed once the terminal is given back. */
typedef struct pending_load {
    lists_loading *l;    /* NULL once taken */
    diag d;              /* errors here: the whole list failed */
    const cmd_args *a;   /* the lists, to leave a directory's bad one out */
    const cmd_lists *ls; /* the lists the head came from */
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
static void *load_indexed(const char *const *files, int n, diag *d, void *ctx)
{
    (void)ctx;
    return lists_index_cached(files, n, d);
}

/* A directory's list with errors past the head (the head load never got to
 * them): loaded again without it, as at the start; err gets the note. */
static paper_index *leave_out_late(pending_load *p, char *err, size_t errsize)
{
    diag d;
    diag_init(&d);
    cmd_lists l;
    paper_index *ix = cmd_load_lists(p->a, &l, load_indexed, NULL, &d);
    if (ix && l.nleft > p->ls->nleft) {
        load_note(&l, &d, err, errsize);
        diag_free(&p->d);
        diag_init(&p->d);
    } else if (ix) { /* nothing to leave out: the errors stand */
        lists_release(ix);
        ix = NULL;
    }
    cmd_lists_free(&l);
    diag_free(&d);
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
    if (!ix && !changed)
        ix = leave_out_late(p, err, errsize);
    if (!ix && changed) {
        cmd_first_error(&p->d, err, errsize);
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

/* What the browser starts with besides the list: the settings' error, the
 * load's note for the status line, and bg, which fetches the remote lists
 * named on the command line again (may be NULL). */
typedef struct browse_start {
    const cmd_lists *ls;
    const char *cfg_error;
    const char *load_msg;
    remote_bg *bg;
    watch *watch; /* the lists' files; NULL: nothing to reload */
} browse_start;

/* The browser on *ixp (the head of a long list when pending is not NULL). */
static int browse(cmd_args *a, paper_index **ixp, pending_load *pending, const browse_start *bs)
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
        .cfg_error = bs->cfg_error,
        .load_msg = bs->load_msg,
    };
    ui_source src = {
        .watch = bs->watch,
        .reload = reload_lists,
        .release = release_index,
        .ctx = a,
    };
    if (bs->watch)
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
    ui_remote ur = {.refetch = remote_refetch,
                    .poll = remote_poll,
                    .note = remote_note,
                    .ctx = bs->bg};
    if (bs->bg)
        uo.remote = &ur;
    int status = ui_run(ixp, &uo);
    marks_close(uo.marks);
    index_set_records(*ixp, NULL);
    arxiv_store_free(uo.records);
    return status;
}

static int run_browse(cmd_args *a, paper_index **ixp, lists_loading *loading,
                      const browse_start *bs)
{
    pending_load pending = {.l = loading, .a = a, .ls = bs->ls};
    diag_init(&pending.d);
    bool need_whole = a->section && loading
                   && catalog_find_section(index_catalog(*ixp), a->section) == CATALOG_NO_SECTION;
    int status = need_whole && !finish_now(&pending, ixp)
                   ? EXIT_USAGE
                   : browse(a, ixp, pending.l ? &pending : NULL, bs);
    if (pending.l)
        lists_loading_cancel(pending.l);
    bool failed = pending.d.errors > 0;
    cmd_report_load(&pending.d, failed, a->verbose);
    diag_free(&pending.d);
    return failed ? EXIT_USAGE : status;
}
#else
static int run_browse(cmd_args *a, paper_index **ixp, lists_loading *loading,
                      const browse_start *bs)
{
    (void)a;
    (void)bs;
    (void)ixp;
    if (loading)
        lists_loading_cancel(loading);
    fputs("paperdeck: this build has no terminal UI; use 'paperdeck list'\n", stderr);
    return EXIT_USAGE;
}
#endif

/* The head of the lists (all of them when short); ctx is where the load
 * of the rest goes. */
static void *load_head(const char *const *files, int n, diag *d, void *ctx)
{
    catalog *c = NULL;
    *(lists_loading **)ctx = lists_load_head(files, n, HEAD_ENTRIES, &c, d);
    return c;
}

/* The lists' files (a remote one by its copy), watched from before they
 * are read, so an edit made while they load is seen. NULL when there is
 * nothing to reload: the built-in list, or stdin, which cannot be read
 * twice. */
static watch *watch_lists(const cmd_args *a)
{
    if (a->nfiles == 0)
        return NULL;
    for (int i = 0; i < a->nfiles; i++)
        if (strcmp(a->files[i], "-") == 0)
            return NULL;
    char(*bufs)[4096] = xcalloc((size_t)a->nfiles, sizeof *bufs);
    const char **paths = xcalloc((size_t)a->nfiles, sizeof *paths);
    for (int i = 0; i < a->nfiles; i++)
        paths[i] = remote_watch_path(a->files[i], bufs[i], sizeof bufs[i]);
    watch *w = watch_new(paths, a->nfiles);
    free(paths);
    free(bufs);
    return w;
}

static int browse_exec(cmd_args *a)
{
    /* remote lists named on the command line: fetched now when there is no
     * copy, else shown from it at once and fetched again in the background
     * (followed lists opened by default wait for update or R) */
    bool revalidate = false; /* a copy shown is checked; one fetched now need not be */
    for (int i = 0; i < a->nfiles; i++) {
        remote_info info;
        char err[512];
        revalidate |= remote_is_name(a->files[i])
                   && remote_info_of(a->files[i], &info, err, sizeof err) == 0 && info.cached;
    }
    char cfg_error[1200];
    int status = cmd_settings(a, cfg_error, sizeof cfg_error);
    if (status >= 0)
        return status;
    /* remote lists without a copy (named, or list lines of the settings) */
    if (!cmd_fetch_remote(a->files, a->nfiles, false))
        return EXIT_USAGE;
    watch *w = watch_lists(a);
    diag d;
    diag_init(&d);
    cmd_lists l;
    lists_loading *loading = NULL;
    catalog *c = cmd_load_lists(a, &l, load_head, &loading, &d);
    cmd_report_left(&l);
    cmd_report_load(&d, !c, a->verbose);
    char note[1400];
    load_note(&l, &d, note, sizeof note);
    diag_free(&d);
    if (!c) {
        if (loading)
            lists_loading_cancel(loading);
        cmd_lists_free(&l);
        watch_free(w);
        return EXIT_USAGE;
    }
    paper_index *ix = index_build(c);
    remote_bg *bg = remote_bg_new(a->files, a->nfiles);
    if (bg && revalidate)
        remote_bg_start(bg, 0);
    browse_start bs = {.ls = &l,
                       .cfg_error = cfg_error[0] ? cfg_error : NULL,
                       .load_msg = note,
                       .bg = bg,
                       .watch = w};
    long slow = testhooks_env_ms("PAPERDECK_TEST_SLOW_START");
    if (slow > 0)
        nanosleep(&(struct timespec){slow / 1000, slow % 1000 * 1000000}, NULL);
    status = run_browse(a, &ix, loading, &bs);
    watch_free(w);
    remote_bg_free(bg);
    lists_release(ix);
    cmd_lists_free(&l); /* the load of the rest, ended by now, read its files */
    return status;
}

CMD_ENTRY(browse, "[browse] [OPTIONS] [FILE...]", "browse lists in the terminal", CMD_OPTS_VIEW);
