/* app: the state of the browser and the event loop. Keys change the state
 * (input.c), changes mark windows dirty, and each cycle redraws the dirty
 * windows from the state and updates the terminal once. */
#include "app.h"
#include "paperdeck/xalloc.h"
#include "term.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "paperdeck/marks.h"
#include "term.h"
#include "paperdeck/watch.h"

#define KEY_TIMEOUT_MS 100 /* how soon the loop notices a signal */
/* An editor's save can be several writes and a rename: load once the file
 * has been quiet this long. */
#define RELOAD_SETTLE_MS 150
#define LOADING_POLL_MS 15

/* --- state ------------------------------------------------------------- */

const entry *app_selected(const app *a)
{
    if (a->sel >= a->shown.n)
        return NULL;
    return &a->cat->entries[a->shown.ids[a->sel]];
}

ui_style app_style(const app *a, ui_role r)
{
    return theme_style(&a->theme, r);
}

void app_message(app *a, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->msg, sizeof a->msg, fmt, ap);
    va_end(ap);
    a->msg_error = error;
    a->dirty |= DIRTY_BOTTOM;
}

sort_key app_sort_key(const app *a)
{
    return a->sort_auto && a->ranked ? SORT_SCORE : a->sort;
}

bool app_sort_descending(const app *a)
{
    return a->sort_auto && a->ranked ? true : a->descending;
}

/* Grows v to hold n ids (view memory is malloc'd, as view_free expects). */
static void view_fit(view *v, uint32_t n)
{
    if (n <= v->cap)
        return;
    uint32_t *ids = realloc(v->ids, (n ? n : 1) * sizeof *ids);
    double *scores = ids ? realloc(v->scores, (n ? n : 1) * sizeof *scores) : NULL;
    if (!ids || !scores) {
        fputs("paperdeck: out of memory\n", stderr);
        abort();
    }
    v->ids = ids;
    v->scores = scores;
    v->cap = n;
}

/* Rows a new ranking puts in place past the screen: a few pages of j or
 * PgDn before the rest has to be ranked (index_rank_more ranks it all). */
#define RANK_AHEAD 100

static uint32_t screen_rows(const app *a)
{
    int rows = table_rows(a);
    return rows > 0 ? (uint32_t)rows : 0;
}

/* Best score first: the one order in which only the head of the table
 * needs to be in place (index_rank), which is what typing a fuzzy query
 * asks for on every keystroke. */
static bool ranks_head(const app *a)
{
    return a->ranked && app_sort_key(a) == SORT_SCORE && app_sort_descending(a);
}

/* Ranks shown's rows [0, upto) when only a shorter head is in place. */
static void rank_upto(app *a, uint32_t upto)
{
    view *v = &a->shown;
    if (v->nranked >= upto || v->nranked >= v->n)
        return;
    index_rank_more(a->ix, a->q, v, upto);
    a->shown_scored = v->nranked == v->n;
}

void app_rank_visible(app *a)
{
    uint32_t upto = a->top + screen_rows(a);
    if (upto < a->sel + 1)
        upto = a->sel + 1;
    rank_upto(a, upto);
}

static void resort(app *a)
{
    view *v = &a->shown;
    if (ranks_head(a) && !a->shown_scored) {
        index_rank(a->ix, a->q, v, a->top + screen_rows(a) + RANK_AHEAD);
        a->shown_scored = v->nranked == v->n;
        return;
    }
    sort_key k = app_sort_key(a);
    if (k == SORT_SCORE && a->ranked && !a->shown_scored) {
        v->nranked = 0; /* so index_rank_more scores every row */
        rank_upto(a, v->n);
    }
    /* even for order: a view sorted by another key before is not in
     * document order any more */
    index_sort(a->ix, v, k, app_sort_descending(a));
    v->nranked = v->n;
}

/* The table's view: the matches of the whole catalog inside the chosen
 * section, a range test since a section's entries are contiguous. */
static void rescope(app *a)
{
    uint32_t begin = 0, end = a->cat->nentries;
    if (a->section >= 0) {
        begin = a->cat->sections[a->section].entry_begin;
        end = a->cat->sections[a->section].entry_end;
    }
    view_fit(&a->shown, a->all.n);
    uint32_t n = 0;
    for (uint32_t k = 0; k < a->all.n; k++) {
        uint32_t id = a->all.ids[k];
        if (id >= begin && id < end) {
            a->shown.ids[n] = id;
            a->shown.scores[n] = a->all.scores[k];
            n++;
        }
    }
    a->shown.n = n;
    a->shown.nranked = 0;
    a->shown_scored = !a->ranked; /* `all` has no scores when ranked */
    resort(a);
}

/* The row of entry id (0 when it is not shown), ranking the rows up to it
 * when it is past the ranked head. */
static uint32_t find_row(app *a, uint32_t id)
{
    for (;;) {
        uint32_t k = 0;
        while (k < a->shown.n && a->shown.ids[k] != id)
            k++;
        if (k == a->shown.n)
            return 0;
        if (k < a->shown.nranked)
            return k;
        rank_upto(a, k + 1); /* ranks every row: the next turn returns */
    }
}

void app_apply_sort(app *a)
{
    const entry *e = app_selected(a);
    uint32_t id = e ? (uint32_t)(e - a->cat->entries) : 0;
    resort(a);
    if (e)
        a->sel = find_row(a, id);
    table_keep_visible(a);
    a->dirty |= DIRTY_TABLE | DIRTY_DETAIL | DIRTY_STATUS;
}

bool app_apply_query(app *a, const char *text)
{
    query_error err;
    memset(&err, 0, sizeof err);
    query *q = query_compile(text, &err);
    if (!q) {
        a->perr = err;
        a->prompt_error = true;
        a->dirty |= DIRTY_BOTTOM;
        return false;
    }
    a->prompt_error = false;
    /* A query that only adds to the last one (typing on) tests the last
     * one's matches alone; nothing is scored here: the counts need the
     * matches, and the table ranks only what it shows (rescope). */
    const view *within = a->narrowable && a->q && query_narrows(a->q, q) ? &a->all : NULL;
    int rc = index_search_from(a->ix, q, within ? a->q : NULL, -1, within, 0, &a->spare, &err);
    view t = a->all;
    a->all = a->spare;
    a->spare = t;
    a->narrowable = rc == 0;
    query_free(a->q);
    a->q = q;
    a->ranked = query_is_ranked(q);
    snprintf(a->query_text, sizeof a->query_text, "%s", text);
    a->filter_error[0] = '\0';
    if (rc != 0) {
        snprintf(a->filter_error, sizeof a->filter_error, "%s", err.msg);
        app_message(a, true, "%s (showing the matches found before)", err.msg);
    }
    index_count_sections(a->ix, &a->all, a->counts);
    a->sel = a->top = 0;
    rescope(a);
    a->detail_scroll = 0;
    a->dirty = DIRTY_ALL;
    return true;
}

void app_forget_matches(app *a)
{
    a->narrowable = false;
}

void app_set_section(app *a, int32_t sec)
{
    if (sec == a->section)
        return;
    a->section = sec;
    a->sel = a->top = 0;
    rescope(a);
    a->detail_scroll = 0;
    table_fit(a);
    a->dirty |= DIRTY_TABLE | DIRTY_DETAIL | DIRTY_STATUS | DIRTY_SIDEBAR;
}

/* --- windows ----------------------------------------------------------- */

static void free_windows(app *a)
{
    WINDOW **ws[] = {&a->w_status, &a->w_sidebar, &a->w_table, &a->w_detail,
                     &a->w_bottom, &a->w_full, &a->w_help};
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

static WINDOW *input_window(const app *a)
{
    return a->w_bottom ? a->w_bottom : stdscr;
}

bool app_sidebar_shown(const app *a)
{
    return a->lay.sidebar.w > 0;
}

bool app_detail_pane_shown(const app *a)
{
    return a->lay.detail.h > 0;
}

/* How long a turn of the loop waits for a key: while the list loads, short
 * enough that the whole list shows as soon as it is ready. */
static int key_timeout(const app *a)
{
    return a->loading ? LOADING_POLL_MS : KEY_TIMEOUT_MS;
}

void app_relayout(app *a)
{
    free_windows(a);
    layout_compute(a, LINES, COLS);
    a->w_status = window_for(a->lay.status);
    a->w_sidebar = window_for(a->lay.sidebar);
    a->w_table = window_for(a->lay.table);
    a->w_detail = window_for(a->lay.detail);
    a->w_bottom = window_for(a->lay.bottom);
    a->w_full = window_for(a->lay.body);
    WINDOW *in = input_window(a);
    keypad(in, TRUE);
    wtimeout(in, key_timeout(a));
    if (a->focus == FOCUS_SIDEBAR && !app_sidebar_shown(a))
        a->focus = FOCUS_TABLE;
    if (a->focus == FOCUS_DETAIL && !app_detail_pane_shown(a))
        a->focus = FOCUS_TABLE;
    table_fit(a);
    table_keep_visible(a);
    a->dirty = DIRTY_ALL;
}

static void refresh_window(WINDOW *w, bool redraw_all)
{
    if (!w)
        return;
    if (redraw_all)
        touchwin(w);
    wnoutrefresh(w);
}

/* Draws what is dirty, then one doupdate for the whole screen. */
static void render(app *a)
{
    if (!a->dirty)
        return;
    unsigned d = a->dirty;
    app_rank_visible(a); /* the selected entry, whatever shows it */
    if (a->bib_text) {
        if (d & (DIRTY_OVERLAY | DIRTY_DETAIL | DIRTY_TABLE))
            bibview_draw(a, a->w_full);
    } else if (a->detail_full) {
        if (d & (DIRTY_OVERLAY | DIRTY_DETAIL | DIRTY_TABLE))
            detail_draw(a, a->w_full, true);
    } else {
        if ((d & DIRTY_SIDEBAR) && a->w_sidebar)
            sidebar_draw(a);
        if ((d & DIRTY_TABLE) && a->w_table) {
            table_keep_visible(a);
            app_rank_visible(a);
            table_draw(a);
        }
        if ((d & DIRTY_DETAIL) && a->w_detail)
            detail_draw(a, a->w_detail, false);
    }
    if (d & DIRTY_STATUS)
        status_draw(a);
    if (d & DIRTY_BOTTOM)
        bottom_draw(a);
    if (a->help)
        help_draw(a);

    bool all = (d & DIRTY_OVERLAY) != 0;
    refresh_window(a->w_status, all);
    if (a->detail_full || a->bib_text) {
        refresh_window(a->w_full, all);
    } else {
        refresh_window(a->w_sidebar, all);
        refresh_window(a->w_table, all);
        refresh_window(a->w_detail, all);
    }
    if (a->help)
        refresh_window(a->w_help, true); /* always over what changed below */
    curs_set(a->prompting && !a->help ? 1 : 0);
    /* last, so the terminal's cursor ends on the prompt */
    refresh_window(a->w_bottom, all || a->prompting);
    doupdate();
    a->dirty = 0;
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
    a->dirty = DIRTY_ALL;
}

/* --- the loop ------------------------------------------------------------ */

static int read_key(app *a, int *key)
{
    wint_t wc;
    int r = wget_wch(input_window(a), &wc);
    if (r == ERR)
        return ERR;
    *key = r == KEY_CODE_YES ? UI_FN((int)wc) : (int)wc;
    return OK;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Once per turn of the loop (at least every KEY_TIMEOUT_MS): drains the
 * watch without blocking, and reloads once the files have settled and the
 * whole list is in (its load may have read them before the change). */
static void watch_files(app *a)
{
    if (!a->watch)
        return;
    long long now = now_ms();
    if (watch_changed(a->watch))
        a->reload_due_ms = now + RELOAD_SETTLE_MS;
    if (a->reload_due_ms && now >= a->reload_due_ms && !a->loading) {
        a->reload_due_ms = 0;
        app_reload(a);
    }
}

static void poll_loading(app *a);

static void run_loop(app *a)
{
    while (!a->quit) {
        if (term_quit_signal()) {
            a->status = 128 + term_quit_signal();
            break;
        }
        if (term_job_signals()) /* a SIGTSTP or SIGCONT from outside */
            app_resync_size(a);
        watch_files(a);
        poll_loading(a);
        if (a->quit)
            break;
        render(a);
        int key;
        if (read_key(a, &key) == ERR)
            continue;
        bool changed = input_key(a, key);
        /* Read what was typed ahead before filtering: pasting a query, or
         * typing fast on a big list, filters once. */
        wtimeout(input_window(a), 0);
        while (!a->quit && !term_quit_signal() && read_key(a, &key) == OK) {
            changed |= input_key(a, key);
            wtimeout(input_window(a), 0); /* a resize makes a new window */
        }
        wtimeout(input_window(a), key_timeout(a));
        if (changed && a->prompting)
            app_apply_query(a, a->pr.buf);
    }
}

/* --- start and stop ------------------------------------------------------ */

/* A section by path, else by name, ignoring case (as `list -c` takes it). */
static int32_t find_section(const catalog *c, const char *want)
{
    for (uint32_t i = 0; i < c->nsections; i++)
        if (strcasecmp(c->sections[i].path, want) == 0)
            return (int32_t)i;
    for (uint32_t i = 0; i < c->nsections; i++)
        if (strcasecmp(c->sections[i].name, want) == 0)
            return (int32_t)i;
    return -1;
}

static void select_section(app *a, const char *want)
{
    int32_t sec = find_section(a->cat, want);
    if (sec < 0) {
        app_message(a, true, "no section '%s'", want);
        return;
    }
    /* unfold its ancestors so the category pane can show it */
    for (int32_t p = a->cat->sections[sec].parent; p >= 0; p = a->cat->sections[p].parent)
        a->side.folded[p] = false;
    sidebar_rebuild(&a->side, a->cat);
    for (uint32_t r = 0; r < a->side.nrows; r++)
        if (a->side.rows[r] == sec)
            a->side.cur = r;
    app_set_section(a, sec);
}

/* --- reloading ------------------------------------------------------------ */

static int32_t section_by_path(const catalog *c, const char *path)
{
    for (uint32_t i = 0; i < c->nsections; i++)
        if (strcmp(c->sections[i].path, path) == 0)
            return (int32_t)i;
    return -1;
}

/* Shows ix instead of the index shown, which goes to release; the filter,
 * sort, section, folds and selected entry stay. */
static void swap_index(app *a, paper_index *ix,
                       void (*release)(void *ctx, paper_index *ix), void *release_ctx)
{
    /* what to find again in the new list: by path and by identity, since
     * indices mean nothing across loads */
    char sel_key[512] = "", sec_path[1024] = "";
    const entry *sel = app_selected(a);
    if (sel)
        marks_entry_key(sel, sel_key, sizeof sel_key);
    if (a->section >= 0)
        snprintf(sec_path, sizeof sec_path, "%s", a->cat->sections[a->section].path);
    uint32_t sel_row = a->sel;
    const catalog *old_cat = a->cat;
    bool *old_folded = a->side.folded;
    a->side.folded = NULL;

    paper_index *old = a->ix;
    a->ix = ix;
    a->cat = index_catalog(ix);
    if (a->marks) /* and pick up what other instances marked meanwhile */
        marks_reload(a->marks, NULL, 0);
    index_load_marks(ix, a->marks); /* marks follow papers, not positions */
    if (a->ixp)
        *a->ixp = ix;
    free(a->counts);
    a->counts = xcalloc(a->cat->nsections, sizeof *a->counts);
    sidebar_free(&a->side);
    sidebar_init(&a->side, a->cat);
    for (uint32_t s = 0; s < old_cat->nsections; s++) { /* sections stay folded */
        int32_t now = old_folded[s] ? section_by_path(a->cat, old_cat->sections[s].path) : -1;
        if (now >= 0)
            a->side.folded[now] = true;
    }
    free(old_folded);
    sidebar_rebuild(&a->side, a->cat);
    release(release_ctx, old);

    table_measure(a);
    a->section = -1;
    a->side.cur = 0;
    app_forget_matches(a); /* `all` holds ids of the old list */
    char query_text[PROMPT_MAX];
    snprintf(query_text, sizeof query_text, "%s", a->query_text);
    app_apply_query(a, query_text); /* the query compiled before: it still does */
    int32_t sec = sec_path[0] ? section_by_path(a->cat, sec_path) : -1;
    if (sec >= 0) {
        for (uint32_t r = 0; r < a->side.nrows; r++)
            if (a->side.rows[r] == sec)
                a->side.cur = r;
        app_set_section(a, sec);
    }
    a->sel = a->shown.n ? (sel_row < a->shown.n ? sel_row : a->shown.n - 1) : 0;
    /* found past the ranked head (rows there are in document order):
     * rank the rest and look again, for the first row with the key */
    for (uint32_t pass = 0; sel_key[0] && pass < 2; pass++) {
        uint32_t k = 0;
        for (; k < a->shown.n; k++) {
            char key[512];
            marks_entry_key(&a->cat->entries[a->shown.ids[k]], key, sizeof key);
            if (strcmp(key, sel_key) == 0)
                break;
        }
        if (k < a->shown.nranked || k == a->shown.n) {
            if (k < a->shown.n)
                a->sel = k;
            break;
        }
        rank_upto(a, a->shown.n);
    }
    app_relayout(a); /* widths of names and columns may have changed */
}

void app_reload(app *a)
{
    if (!a->src) {
        app_message(a, false, "nothing to reload: this is the built-in list (or stdin)");
        return;
    }
    if (a->loading) {
        app_message(a, false, "still loading the list: it is read from disk as it is now");
        return;
    }
    char err[1024] = "";
    paper_index *ix = a->src->reload(a->src->ctx, err, sizeof err);
    if (!ix) {
        app_message(a, true, "reload failed, showing the last good list: %s", err);
        return;
    }
    swap_index(a, ix, a->src->release, a->src->ctx);
    app_message(a, false, "reloaded: %u entries", a->cat->nentries);
}

/* Once per turn of the loop: swaps the whole list in when its load has
 * ended, and keeps the progress the status line shows. */
static void poll_loading(app *a)
{
    if (!a->loading)
        return;
    double f = 0;
    bool done = a->loading->done(a->loading->ctx, &f);
    if (!done) {
        if ((int)(f * 100) != (int)(a->load_fraction * 100))
            a->dirty |= DIRTY_STATUS;
        a->load_fraction = f;
        return;
    }
    const ui_loading *l = a->loading;
    a->loading = NULL;
    char err[1024] = "";
    paper_index *ix = l->take(l->ctx, err, sizeof err);
    if (!ix && err[0]) { /* as a failed reload: the next change retries */
        app_message(a, true, "loading failed, showing the first %u entries: %s",
                    a->cat->nentries, err);
        a->dirty |= DIRTY_STATUS;
        return;
    }
    if (!ix) { /* the caller prints the errors once the terminal is back */
        a->status = 2;
        a->quit = true;
        return;
    }
    swap_index(a, ix, l->release, l->ctx);
    a->dirty |= DIRTY_ALL;
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
                     "unknown colour role '%s' (see COLOURS in paperdeck(1))",
                     cfg->colors[i].role);
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

static unsigned allowed_columns(const config *cfg)
{
    static const int col_of[CONFIG_COL_COUNT] = {
        [CONFIG_COL_TITLE] = COL_TITLE, [CONFIG_COL_VENUE] = COL_VENUE,
        [CONFIG_COL_YEAR] = COL_YEAR,   [CONFIG_COL_ARXIV] = COL_ARXIV,
        [CONFIG_COL_SECTION] = COL_SECTION,
    };
    if (!cfg || !cfg->columns)
        return ~0u;
    unsigned m = 0;
    for (int c = 0; c < CONFIG_COL_COUNT; c++)
        if (cfg->columns & (1u << c))
            m |= 1u << col_of[c];
    return m;
}

static void app_init(app *a, paper_index *ix, const ui_options *o)
{
    memset(a, 0, sizeof *a);
    a->ix = ix;
    a->marks = o->marks;
    index_load_marks(ix, a->marks);
    a->col_allowed = allowed_columns(o->cfg);
    a->cat = index_catalog(ix);
    a->counts = xcalloc(a->cat->nsections, sizeof *a->counts);
    view_init(&a->all);
    view_init(&a->spare);
    view_init(&a->shown);
    a->section = -1;
    a->sort = o->sort < SORT_KEY_COUNT ? o->sort : SORT_ORDER;
    a->descending = o->descending;
    a->sort_auto = !o->sort_fixed && a->sort == SORT_ORDER && !a->descending;
    a->focus = FOCUS_TABLE;
    a->detail_pref = true;
    a->side_pref = SIDE_AUTO;
    a->tty_fd = STDOUT_FILENO;
    sidebar_init(&a->side, a->cat);
    table_measure(a);
    if (!app_apply_query(a, o->query ? o->query : "")) {
        app_message(a, true, "bad query: %s", a->perr.msg);
        a->prompt_error = false;
        app_apply_query(a, "");
    }
    if (o->section && o->section[0])
        select_section(a, o->section);
}

static void app_free(app *a)
{
    free_windows(a);
    watch_free(a->watch);
    free(a->bib_text);
    query_free(a->q);
    view_free(&a->all);
    view_free(&a->spare);
    view_free(&a->shown);
    free(a->counts);
    sidebar_free(&a->side);
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
        a->loading = o->loading;
        a->src = o->source;
        if (a->src && a->src->nfiles > 0)
            a->watch = watch_new(a->src->files, a->src->nfiles);
        else
            a->src = NULL; /* the built-in list never changes */
        theme_init(&a->theme, color, t.unicode);
        if (o->cfg)
            apply_colors(a, o->cfg);
        if (cfg_msg[0])
            app_message(a, true, "settings: %s", cfg_msg);
        else if (o->marks_msg && o->marks_msg[0])
            app_message(a, true, "%s", o->marks_msg);
        app_relayout(a);
        run_loop(a);
        status = a->status;
    }
    app_free(a); /* its windows go before the screen they belong to */
    free(a);
    term_stop(&t);
    return status;
}
