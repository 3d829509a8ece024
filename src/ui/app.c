/* app: the front end's state around the browser model, the mode stack,
 * the windows and the event loop. Keys change the state (input.c), the
 * handlers say what they dirtied, and each cycle redraws the dirty windows
 * from the state and updates the terminal once. */
#include "app.h"
#include "paperdeck/xalloc.h"

#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "paperdeck/marks.h"
#include "paperdeck/testhooks.h"
#include "term.h"
#include "paperdeck/watch.h"

#define KEY_TIMEOUT_MS 100 /* how soon the loop notices a signal */
/* An editor's save can be several writes and a rename: load once the file
 * has been quiet this long. */
#define RELOAD_SETTLE_MS 150
/* How long held keys may keep the screen's result behind the typing (see
 * typing_stale): three frames. */
#define TYPING_BEHIND_MAX_MS 50
#define OUTPUT_SETTLE_MS 1 /* after a frame, before idle work (run_loop) */
#define LOADING_POLL_MS 15
#define SORT_STEP_MS 8 /* a pending sort's work per turn of the loop */

static const pane_ops *const panes[FOCUS_COUNT_] = {
    [FOCUS_SIDEBAR] = &sidebar_pane,
    [FOCUS_TABLE] = &table_pane,
    [FOCUS_DETAIL] = &detail_pane,
};

const pane_ops *app_pane(ui_focus f)
{
    return panes[f];
}

/* --- state ------------------------------------------------------------- */

const entry *app_selected(const app *a)
{
    return browser_selected(&a->b);
}

ui_style app_style(const app *a, ui_role r)
{
    return theme_style(&a->theme, r);
}

void app_message(app *a, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->s.msg, sizeof a->s.msg, fmt, ap);
    va_end(ap);
    a->s.msg_error = error;
    a->s.dirty |= DIRTY_BOTTOM;
}

unsigned app_filter(app *a, const char *text)
{
    browser_status st = browser_apply_query(&a->b, text);
    if (st == BROWSER_BAD_QUERY) {
        a->m.prompt_error = true;
        return DIRTY_BOTTOM | DIRTY_STATUS; /* no newer result is coming */
    }
    if (st == BROWSER_ABANDONED) /* a key came: the loop reads it and filters again */
        return DIRTY_STATUS;
    a->m.prompt_error = false;
    a->m.filter_stale = false;
    if (st == BROWSER_STOPPED)
        app_message(a, true, "%s (showing the matches found before)", a->b.filter_error);
    a->p.detail.cur.top = 0;
    return DIRTY_ALL;
}

unsigned app_refilter(app *a)
{
    if (browser_refilter(&a->b) == BROWSER_STOPPED)
        app_message(a, true, "%s (showing the matches found before)", a->b.filter_error);
    a->m.prompt_error = false;
    a->m.filter_stale = false;
    a->p.detail.cur.top = 0;
    return DIRTY_ALL;
}

unsigned app_sorted(app *a)
{
    return DIRTY_TABLE | DIRTY_DETAIL | DIRTY_STATUS;
}

unsigned app_set_section(app *a, int32_t sec)
{
    if (!browser_set_section(&a->b, sec))
        return 0;
    a->p.detail.cur.top = 0;
    table_fit(a); /* the section column comes and goes */
    return DIRTY_TABLE | DIRTY_DETAIL | DIRTY_STATUS | DIRTY_SIDEBAR;
}

/* --- the mode stack ------------------------------------------------------ */

unsigned app_push_mode(app *a, const mode_ops *m)
{
    if (a->m.n < UI_MODE_MAX && !app_in_mode(a, m))
        a->m.stack[a->m.n++] = m;
    return DIRTY_ALL;
}

unsigned app_pop_mode(app *a, const mode_ops *m)
{
    int out = 0;
    for (int i = 0; i < a->m.n; i++)
        if (a->m.stack[i] != m)
            a->m.stack[out++] = a->m.stack[i];
    a->m.n = out;
    return DIRTY_ALL;
}

bool app_in_mode(const app *a, const mode_ops *m)
{
    for (int i = 0; i < a->m.n; i++)
        if (a->m.stack[i] == m)
            return true;
    return false;
}

const mode_ops *app_mode_with(const app *a, unsigned flags)
{
    for (int i = a->m.n - 1; i >= 0; i--)
        if (a->m.stack[i]->flags & flags)
            return a->m.stack[i];
    return NULL;
}

/* The stack position of the topmost full-screen mode, -1 if none: what is
 * under it is hidden. */
static int body_mode(const app *a)
{
    for (int i = a->m.n - 1; i >= 0; i--)
        if (a->m.stack[i]->flags & MODE_FULL)
            return i;
    return -1;
}

/* --- windows ----------------------------------------------------------- */

static void free_windows(app *a)
{
    WINDOW **ws[] = {&a->s.status, &a->s.sidebar, &a->s.table, &a->s.detail,
                     &a->s.bottom, &a->s.full,    &a->s.help};
    for (size_t i = 0; i < sizeof ws / sizeof ws[0]; i++) {
        if (*ws[i])
            delwin(*ws[i]);
        *ws[i] = NULL;
    }
}

static WINDOW *window_for(ui_rect r)
{
    return r.h > 0 && r.w > 0 ? newwin(r.h, r.w, r.y, r.x) : NULL;
}

bool app_sidebar_shown(const app *a)
{
    return a->s.lay.sidebar.w > 0;
}

bool app_detail_pane_shown(const app *a)
{
    return a->s.lay.detail.h > 0;
}

unsigned app_focus(app *a, ui_focus f)
{
    a->p.focus = f;
    return DIRTY_SIDEBAR | DIRTY_TABLE | DIRTY_DETAIL;
}

/* How long a turn of the loop waits for a key: while the list loads, short
 * enough that the whole list shows as soon as it is ready. */
static int key_timeout(const app *a)
{
    if (a->b.sort_pending)
        return 0;
    return a->l.loading || fetch_running(a) ? LOADING_POLL_MS : KEY_TIMEOUT_MS;
}

void app_relayout(app *a)
{
    free_windows(a);
    layout_compute(a, LINES, COLS);
    a->s.status = window_for(a->s.lay.status);
    for (int f = 0; f < FOCUS_COUNT_; f++)
        a->s.pane[f] = window_for(a->s.lay.pane[f]);
    a->s.bottom = window_for(a->s.lay.bottom);
    a->s.full = window_for(a->s.lay.body);
    if (a->p.focus == FOCUS_SIDEBAR && !app_sidebar_shown(a))
        a->p.focus = FOCUS_TABLE;
    if (a->p.focus == FOCUS_DETAIL && !app_detail_pane_shown(a))
        a->p.focus = FOCUS_TABLE;
    browser_set_rows(&a->b, table_rows(a));
    table_fit(a);
    browser_keep_visible(&a->b);
    a->s.dirty = DIRTY_ALL;
}

static void refresh_window(WINDOW *w, bool redraw_all)
{
    if (!w)
        return;
    if (redraw_all)
        touchwin(w);
    wnoutrefresh(w);
}

/* Draws what is dirty, bottom of the stack up: the topmost full-screen
 * mode or else the panes, the status and bottom lines, the modes floating
 * above; then one doupdate for the whole screen. */
static void render(app *a)
{
    if (!a->s.dirty)
        return;
    unsigned d = a->s.dirty;
    browser_rank_visible(&a->b); /* the selected entry, whatever shows it */
    int base = body_mode(a);
    if (base >= 0) {
        a->m.stack[base]->draw(a, d);
    } else {
        for (int f = 0; f < FOCUS_COUNT_; f++)
            if ((d & panes[f]->dirty) && a->s.pane[f])
                panes[f]->draw(a);
    }
    if (d & DIRTY_STATUS)
        status_draw(a);
    if (d & DIRTY_BOTTOM)
        bottom_draw(a);
    for (int i = base + 1; i < a->m.n; i++)
        if (a->m.stack[i]->flags & MODE_OVERLAY)
            a->m.stack[i]->draw(a, d);

    bool all = (d & DIRTY_OVERLAY) != 0;
    refresh_window(a->s.status, all);
    if (base >= 0) {
        refresh_window(a->s.full, all);
    } else {
        for (int f = 0; f < FOCUS_COUNT_; f++)
            refresh_window(a->s.pane[f], all);
    }
    if (app_mode_with(a, MODE_OVERLAY))
        refresh_window(a->s.help, true); /* always over what changed below */
    const mode_ops *top = a->m.n ? a->m.stack[a->m.n - 1] : NULL;
    curs_set(top && (top->flags & MODE_BOTTOM) ? 1 : 0);
    /* last, so the terminal's cursor ends on the prompt */
    refresh_window(a->s.bottom, all || app_mode_with(a, MODE_BOTTOM));
    doupdate();
    a->s.dirty = 0;
}

/* --- leaving curses and coming back ------------------------------------- */

/* After leaving curses for a while: pick up a size change made meanwhile. */
void app_resync_size(app *a)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0
        && is_term_resized(ws.ws_row, ws.ws_col)) {
        resize_term(ws.ws_row, ws.ws_col);
        app_relayout(a);
    }
    clearok(curscr, TRUE);
    a->s.dirty = DIRTY_ALL;
}

/* --- the loop ------------------------------------------------------------ */

/* Once per turn of the loop (at least every KEY_TIMEOUT_MS): drains the
 * watch without blocking, and reloads once the files have settled and the
 * whole list is in (its load may have read them before the change). */
static void watch_files(app *a)
{
    if (!a->l.src)
        return;
    long long now = term_now_ms();
    if (watch_changed(a->l.src->watch))
        a->l.reload_due_ms = now + RELOAD_SETTLE_MS;
    if (a->l.reload_due_ms && now >= a->l.reload_due_ms && !a->l.loading) {
        a->l.reload_due_ms = 0;
        app_reload(a);
    }
}

static void poll_loading(app *a);
static unsigned filter_typing(app *a, const char *text);
static void prepare_typing(app *a);

/* Once per turn: what a background fetch of the remote lists came to. A
 * new version comes in through the watch, as an edited file does. */
static void poll_remote(app *a)
{
    char msg[sizeof a->s.msg];
    bool error = false;
    if (a->l.remote && a->l.remote->poll(a->l.remote->ctx, msg, sizeof msg, &error)) {
        app_message(a, error, "%s", msg);
        a->s.dirty |= DIRTY_STATUS;
    }
}

/* The test knob's delay after a slice, cut short by a key. */
static void slow_sort_for_tests(void)
{
    static long ms = -1;
    if (ms < 0)
        ms = testhooks_env_ms("PAPERDECK_TEST_SLOW_SORT");
    for (long waited = 0; waited < ms && !term_key_waiting(); waited++)
        usleep(1000);
}

/* Once per turn: a pending sort (by score, every row scored) goes on for
 * a few milliseconds, or until a key comes, which is answered first; the
 * status line shows how far it is. */
static unsigned sort_steps(app *a)
{
    if (!a->b.sort_pending) {
        a->l.sort_since_ms = 0;
        return 0;
    }
    long long t0 = term_now_ms();
    if (!a->l.sort_since_ms)
        a->l.sort_since_ms = t0;
    while (browser_sort_step(&a->b)) {
        slow_sort_for_tests();
        if (term_now_ms() - t0 >= SORT_STEP_MS || term_key_waiting())
            return DIRTY_STATUS;
    }
    a->l.sort_since_ms = 0;
    return app_sorted(a);
}

static void run_loop(app *a)
{
    while (!a->l.quit) {
        if (term_quit_signal()) {
            a->l.status = 128 + term_quit_signal();
            break;
        }
        if (term_job_signals()) /* a SIGTSTP or SIGCONT from outside */
            app_resync_size(a);
        watch_files(a);
        poll_loading(a);
        fetch_poll(a);
        poll_remote(a);
        if (a->l.quit)
            break;
        a->s.dirty |= sort_steps(a);
        bool drew = a->s.dirty != 0;
        render(a);
        /* A frame reaches the terminal through the kernel's pty work on
         * this processor, which work started at once would hold back by
         * its own length (2 ms of a 3 ms key at 10k): the processor is
         * given up a moment first, a key that comes meanwhile answered. */
        if ((a->b.behind || a->b.typing_due) && !term_key_within(drew ? OUTPUT_SETTLE_MS : 0)) {
            if (!a->b.behind) {
                prepare_typing(a);
            } else {
                /* a search given up for a key that left the query as it
                 * was (an arrow): that key is on screen now, it goes on */
                a->s.dirty |= filter_typing(a, a->b.wanted_text);
                continue;
            }
        }
        int key;
        if (term_read_key(key_timeout(a), &key) == ERR) {
            if (term_hung_up()) { /* no one is left to read the screen */
                a->l.status = 128 + SIGHUP;
                break;
            }
            continue;
        }
        bool changed = input_key(a, key);
        /* Read what was typed ahead before filtering: pasting a query, or
         * typing fast on a big list, filters once. */
        while (!a->l.quit && !term_quit_signal() && term_read_key(0, &key) == OK)
            changed |= input_key(a, key);
        if (a->l.quit) /* at once: not after a search given up for a key */
            break;
        if (changed && app_in_mode(a, &prompt_mode))
            a->s.dirty |= filter_typing(a, a->m.pr.buf);
    }
}

/* --- start and stop ------------------------------------------------------ */

static void select_section(app *a, const char *want)
{
    int32_t sec = catalog_find_section(a->b.cat, want); /* as `list -c` takes it */
    if (sec < 0) {
        app_message(a, true, "%s section '%s'",
                    sec == CATALOG_AMBIGUOUS_SECTION ? "ambiguous" : "no", want);
        return;
    }
    /* unfold its ancestors so the category pane can show it */
    for (int32_t p = a->b.cat->sections[sec].parent; p >= 0; p = a->b.cat->sections[p].parent)
        a->p.side.folded[p] = false;
    sidebar_rebuild(&a->p.side, a->b.cat);
    sidebar_point_at(&a->p.side, sec);
    a->s.dirty |= app_set_section(a, sec);
}

/* --- reloading ------------------------------------------------------------ */

/* A category pane for the catalog now shown, with the sections folded in
 * the old one (by path) still folded. */
static void refold(app *a, const catalog *old_cat)
{
    bool *old_folded = a->p.side.folded;
    a->p.side.folded = NULL;
    sidebar_free(&a->p.side);
    sidebar_init(&a->p.side, a->b.cat);
    for (uint32_t s = 0; s < old_cat->nsections; s++) {
        int32_t now = old_folded[s] ? browser_section_by_path(a->b.cat, old_cat->sections[s].path)
                                    : -1;
        if (now >= 0)
            a->p.side.folded[now] = true;
    }
    free(old_folded);
    sidebar_rebuild(&a->p.side, a->b.cat);
}

/* Shows ix instead of the index shown, which goes to release; the filter,
 * sort, section, folds and selected entry stay (browser_swap). */
static void swap_index(app *a, paper_index *ix, void (*release)(void *ctx, paper_index *ix),
                       void *release_ctx)
{
    if (a->marks) /* and pick up what other instances marked meanwhile */
        marks_reload(a->marks, NULL, 0);
    index_load_marks(ix, a->marks); /* marks follow papers, not positions */
    index_set_records(ix, a->records);
    if (a->ixp)
        *a->ixp = ix;
    const catalog *old_cat = a->b.cat;
    paper_index *old = browser_swap(&a->b, ix);
    refold(a, old_cat);
    release(release_ctx, old);
    table_measure(a);
    sidebar_point_at(&a->p.side, a->b.section);
    a->m.prompt_error = false;
    a->p.detail.cur.top = 0;
    if (a->b.filter_error[0])
        app_message(a, true, "%s (showing the matches found before)", a->b.filter_error);
    app_relayout(a); /* widths of names and columns may have changed */
}

void app_reload(app *a)
{
    if (!a->l.src) {
        app_message(a, false, "nothing to reload: this is the built-in list (or stdin)");
        return;
    }
    if (a->l.loading) {
        app_message(a, false, "still loading the list: it is read from disk as it is now");
        return;
    }
    const char *also = a->l.refetching ? "; fetching the remote lists again" : "";
    char err[1024] = "";
    paper_index *ix = a->l.src->reload(a->l.src->ctx, err, sizeof err);
    if (!ix) {
        app_message(a, true, "reload failed, showing the last good list: %s%s", err, also);
        return;
    }
    swap_index(a, ix, a->l.src->release, a->l.src->ctx);
    uint32_t n = a->b.cat->nentries;
    app_message(a, err[0] != '\0', "reloaded: %u entr%s%s%s%s", n, n == 1 ? "y" : "ies",
                err[0] ? "; " : "", err, also);
}

void app_refetch(app *a)
{
    /* a new version comes in through the watch, as an edited file does */
    a->l.refetching = a->l.remote && a->l.remote->refetch(a->l.remote->ctx);
    a->s.dirty |= DIRTY_STATUS;
    app_reload(a);
    a->l.refetching = false;
}

/* Once per turn of the loop: swaps the whole list in when its load has
 * ended, and keeps the progress the status line shows. */
static void poll_loading(app *a)
{
    if (!a->l.loading)
        return;
    double f = 0;
    bool done = a->l.loading->done(a->l.loading->ctx, &f);
    if (!done) {
        if ((int)(f * 100) != (int)(a->l.load_fraction * 100))
            a->s.dirty |= DIRTY_STATUS;
        a->l.load_fraction = f;
        return;
    }
    const ui_loading *l = a->l.loading;
    a->l.loading = NULL;
    char err[1024] = "";
    paper_index *ix = l->take(l->ctx, err, sizeof err);
    if (!ix && err[0]) { /* as a failed reload: the next change retries */
        app_message(a, true, "loading failed, showing the first %u entries: %s", a->b.cat->nentries,
                    err);
        a->s.dirty |= DIRTY_STATUS;
        return;
    }
    if (!ix) { /* the caller prints the errors once the terminal is back */
        a->l.status = 2;
        a->l.quit = true;
        return;
    }
    swap_index(a, ix, l->release, l->ctx);
    if (err[0]) /* a list left out */
        app_message(a, true, "%s", err);
    a->s.dirty |= DIRTY_ALL;
}

/* --- settings ------------------------------------------------------------- */

/* The columns, colours and keys of the settings file. What only the front
 * end can check (key, action and role names) is reported here, in the same
 * file:line form as the rest. */
static void check_key_settings(const config *cfg, diag *d)
{
    keymap_reset();
    for (size_t i = 0; i < cfg->nbinds; i++) {
        char err[512];
        const config_bind *b = &cfg->binds[i];
        if (!keymap_bind(b->key, b->action, err, sizeof err))
            diag_add(d, DIAG_ERROR, cfg->path, b->line, 0, "%s", err);
    }
    for (size_t i = 0; i < cfg->ncolors; i++) {
        ui_role r;
        if (!theme_role_parse(cfg->colors[i].role, &r))
            diag_add(d, DIAG_ERROR, cfg->path, cfg->colors[i].line, 0,
                     "unknown colour role '%s' (see COLOURS in paperdeck(1))", cfg->colors[i].role);
    }
}

static void apply_colors(app *a, const config *cfg)
{
    for (size_t i = 0; i < cfg->ncolors; i++) {
        const config_color *c = &cfg->colors[i];
        ui_role r;
        if (theme_role_parse(c->role, &r))
            theme_set(&a->theme, r, c->fg, c->bg, c->attrs);
    }
}

/* The settings' columns are bits of field.h's columns, as the table's are. */
static unsigned allowed_columns(const config *cfg)
{
    return cfg && cfg->columns ? cfg->columns : ~0u;
}

/* Whether a search as the prompt's text changes is stale: a key is
 * waiting. Except when the screen has been behind the typing for
 * TYPING_BEHIND_MAX_MS and the keys waiting only type or delete text: then
 * this search finishes and shows (the next one goes on from its result
 * when the text grew). Otherwise keys held at 30 a second over a list
 * whose search takes longer than 33 ms stop every search until the typing
 * pauses. Esc, Enter and the arrows always stop it. Both search threads
 * ask; one at a time reads the keys. */
static bool typing_stale(void *arg)
{
    static pthread_mutex_t one_reader = PTHREAD_MUTEX_INITIALIZER;
    const app *a = arg;
    if (pthread_mutex_trylock(&one_reader) != 0)
        return false; /* the other thread is looking */
    bool edits;
    bool stale = term_keys_peek(&edits)
              && !(edits && term_now_ms() - a->l.behind_since_ms >= TYPING_BEHIND_MAX_MS);
    pthread_mutex_unlock(&one_reader);
    return stale;
}

/* Stops idle work at any key (both threads of it ask; one at a time looks). */
static bool any_key_stale(void *arg)
{
    static pthread_mutex_t one_reader = PTHREAD_MUTEX_INITIALIZER;
    (void)arg;
    if (pthread_mutex_trylock(&one_reader) != 0)
        return false;
    bool waiting = term_key_waiting();
    pthread_mutex_unlock(&one_reader);
    return waiting;
}

/* While nothing is typed, the work that makes the next letter typed on
 * the query cheap (browser_prepare_typing); a key stops it. */
static void prepare_typing(app *a)
{
    browser_set_stale_check(&a->b, any_key_stale, NULL);
    browser_prepare_typing(&a->b);
    browser_set_stale_check(&a->b, NULL, NULL);
}

/* The filter as the prompt's text changes: a key that comes while it runs
 * on a big list stops it (the loop reads the key and filters again), as
 * typing_stale says. Other filters (`\`, Enter, Esc) run to the end: the
 * keys typed after them act on their result. */
static unsigned filter_typing(app *a, const char *text)
{
    if (!a->b.behind) /* the screen was the typing's until this key */
        a->l.behind_since_ms = term_now_ms();
    browser_set_stale_check(&a->b, typing_stale, a);
    unsigned dirty = app_filter(a, text);
    browser_set_stale_check(&a->b, NULL, NULL);
    return dirty;
}

static void app_init(app *a, paper_index *ix, const ui_options *o)
{
    memset(a, 0, sizeof *a);
    a->marks = o->marks;
    a->records = o->records;
    index_load_marks(ix, a->marks);
    index_set_records(ix, a->records);
    browser_init(&a->b, ix, o->sort, o->descending, o->sort_fixed);
    a->p.col_allowed = allowed_columns(o->cfg);
    a->p.focus = FOCUS_TABLE;
    a->p.detail_pref = true;
    a->p.side_pref = SIDE_AUTO;
    a->tty_fd = STDOUT_FILENO;
    sidebar_init(&a->p.side, a->b.cat);
    table_measure(a);
    a->s.dirty |= app_filter(a, o->query ? o->query : "");
    if (a->m.prompt_error) {
        app_message(a, true, "bad query: %s", a->b.perr.msg);
        a->m.prompt_error = false;
        app_filter(a, "");
    }
    if (o->section && o->section[0])
        select_section(a, o->section);
}

static void app_free(app *a)
{
    fetch_stop(a);
    free_windows(a);
    free(a->m.bib_text);
    browser_free(&a->b);
    sidebar_free(&a->p.side);
}

int ui_run(paper_index **ixp, const ui_options *o)
{
    if (!term_usable())
        return 2;
    /* settings problems go to stderr before the screen is taken, and the
     * first one to the bottom line */
    char cfg_msg[1400] = "";
    if (o->cfg) {
        diag d;
        diag_init(&d);
        check_key_settings(o->cfg, &d);
        diag_print(&d, stderr);
        if (d.n) {
            char first[1024];
            diag_format(&d.msgs[0], first, sizeof first);
            snprintf(cfg_msg, sizeof cfg_msg, "%s", first);
        }
        diag_free(&d);
    }
    if (o->cfg_error)
        snprintf(cfg_msg, sizeof cfg_msg, "%s", o->cfg_error);
    bool color = o->color && !(o->cfg && o->cfg->theme_set && o->cfg->theme == CONFIG_THEME_MONO);
    term t;
    int status = 2;
    app *a = xcalloc(1, sizeof *a);
    if (term_start(&t)) {
        text_set_unicode(t.unicode);
        app_init(a, *ixp, o);
        a->ixp = ixp;
        a->l.loading = o->loading;
        a->l.remote = o->remote;
        a->l.src = o->source;
        if (a->l.src && !a->l.src->watch)
            a->l.src = NULL; /* the built-in list never changes */
        theme_init(&a->theme, color, t.unicode);
        if (o->cfg)
            apply_colors(a, o->cfg);
        if (cfg_msg[0])
            app_message(a, true, "settings: %s", cfg_msg);
        else if (o->load_msg && o->load_msg[0])
            app_message(a, true, "%s", o->load_msg);
        else if (o->marks_msg && o->marks_msg[0])
            app_message(a, true, "%s", o->marks_msg);
        app_relayout(a);
        run_loop(a);
        status = a->l.status;
    }
    /* the terminal first (the user sees the quit at once), then the list
     * and the windows, which go before the screen they belong to */
    term_restore();
    app_free(a);
    free(a);
    term_stop(&t);
    return status;
}
