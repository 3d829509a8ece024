/* input: what keys and the mouse do to the state. Keys map to actions
 * through the keymap table; an action means what the pane with the focus
 * makes of it (j moves the table's selection, the category cursor, or
 * scrolls the detail view). */
#include <signal.h>
#include <string.h>

#include "app.h"
#include "term.h"

#define WHEEL_STEP 3

/* --- moving ------------------------------------------------------------- */

static uint32_t step(uint32_t pos, long delta, uint32_t n)
{
    if (n == 0)
        return 0;
    long p = (long)pos + delta;
    if (p < 0)
        p = 0;
    if (p >= (long)n)
        p = (long)n - 1;
    return (uint32_t)p;
}

/* How far an action moves, for a list showing `page` rows of n. */
static long motion(ui_action act, int page, uint32_t pos, uint32_t n)
{
    if (page < 1)
        page = 1;
    switch (act) {
    case ACT_DOWN: return 1;
    case ACT_UP: return -1;
    case ACT_PAGE_DOWN:
    case ACT_TOGGLE: return page;
    case ACT_PAGE_UP: return -page;
    case ACT_HALF_DOWN: return page / 2 > 0 ? page / 2 : 1;
    case ACT_HALF_UP: return -(page / 2 > 0 ? page / 2 : 1);
    case ACT_FIRST: return -(long)pos;
    case ACT_LAST: return (long)n - (long)pos;
    default: return 0;
    }
}

static void move_table(app *a, ui_action act)
{
    uint32_t old = a->sel;
    a->sel = step(a->sel, motion(act, table_rows(a), a->sel, a->shown.n), a->shown.n);
    if (a->sel != old) {
        a->detail_scroll = 0;
        table_keep_visible(a);
        app_rank_visible(a); /* before a key typed ahead acts on the selection */
        a->dirty |= DIRTY_TABLE | DIRTY_DETAIL;
    }
}

static void move_detail(app *a, ui_action act)
{
    int rows = a->detail_rows > 0 ? a->detail_rows : 1;
    long d = motion(act, rows, (uint32_t)a->detail_scroll, (uint32_t)(a->detail_lines + 1));
    a->detail_scroll += (int)d; /* detail_draw clamps */
    if (a->detail_scroll < 0)
        a->detail_scroll = 0;
    a->dirty |= DIRTY_DETAIL | (a->detail_full ? DIRTY_OVERLAY : 0);
}

static void set_focus(app *a, ui_focus f)
{
    a->focus = f;
    a->dirty |= DIRTY_SIDEBAR | DIRTY_TABLE | DIRTY_DETAIL;
}

static void sidebar_moved(app *a)
{
    sidebar_keep_visible(&a->side, a->lay.sidebar.h - 2);
    app_set_section(a, sidebar_current(&a->side));
    a->dirty |= DIRTY_SIDEBAR;
}

static void move_sidebar(app *a, ui_action act)
{
    sidebar *s = &a->side;
    s->cur = step(s->cur, motion(act, a->lay.sidebar.h - 2, s->cur, s->nrows), s->nrows);
    sidebar_moved(a);
}

static void fold(app *a, int32_t sec, bool folded)
{
    a->side.folded[sec] = folded;
    sidebar_rebuild(&a->side, a->cat);
    sidebar_moved(a);
}

static void sidebar_left(app *a)
{
    int32_t sec = sidebar_current(&a->side);
    if (sec >= 0 && sidebar_has_children(a->cat, sec) && !a->side.folded[sec]) {
        fold(a, sec, true);
        return;
    }
    int32_t parent = sec >= 0 ? a->cat->sections[sec].parent : -1;
    if (sec < 0)
        return;
    for (uint32_t r = 0; r < a->side.nrows; r++)
        if (a->side.rows[r] == parent)
            a->side.cur = r;
    sidebar_moved(a);
}

static void sidebar_right(app *a)
{
    int32_t sec = sidebar_current(&a->side);
    if (sec >= 0 && sidebar_has_children(a->cat, sec) && a->side.folded[sec])
        fold(a, sec, false);
    else
        set_focus(a, FOCUS_TABLE);
}

static void cycle_focus(app *a, int dir)
{
    ui_focus order[3];
    int n = 0;
    if (app_sidebar_shown(a))
        order[n++] = FOCUS_SIDEBAR;
    order[n++] = FOCUS_TABLE;
    if (app_detail_pane_shown(a))
        order[n++] = FOCUS_DETAIL;
    int i = 0;
    while (i < n && order[i] != a->focus)
        i++;
    set_focus(a, order[(i + n + dir) % n]);
}

/* --- sorting -------------------------------------------------------------- */

static void sort_next(app *a)
{
    sort_key k = app_sort_key(a);
    do
        k = (sort_key)((k + 1) % SORT_KEY_COUNT);
    while (k == SORT_SCORE && !a->ranked);
    a->sort = k;
    a->descending = k == SORT_SCORE; /* best first */
    a->sort_auto = false;
    app_apply_sort(a);
}

static void sort_reverse(app *a)
{
    a->sort = app_sort_key(a);
    a->descending = !app_sort_descending(a);
    a->sort_auto = false;
    app_apply_sort(a);
}

static void sort_by(app *a, sort_key k)
{
    if (app_sort_key(a) == k) {
        sort_reverse(a);
        return;
    }
    a->sort = k;
    a->descending = false;
    a->sort_auto = false;
    app_apply_sort(a);
}

/* --- the prompt ------------------------------------------------------------ */

static void prompt_open(app *a)
{
    a->prompting = true;
    a->prompt_error = false;
    snprintf(a->saved_query, sizeof a->saved_query, "%s", a->query_text);
    prompt_set(&a->pr, a->query_text);
    a->dirty |= DIRTY_BOTTOM;
}

static void prompt_close(app *a, bool keep)
{
    a->prompting = false;
    if (!keep)
        app_apply_query(a, a->saved_query);
    else if (strcmp(a->pr.buf, a->query_text) != 0) /* typed ahead of the filter */
        app_apply_query(a, a->pr.buf);
    if (keep && a->prompt_error)
        app_message(a, true, "%s; kept the filter \"%s\"", a->perr.msg, a->query_text);
    else if (keep && a->filter_error[0])
        app_message(a, true, "%s (showing the matches found before)", a->filter_error);
    a->prompt_error = false;
    a->dirty |= DIRTY_BOTTOM | DIRTY_STATUS;
}

/* Keys while the prompt is open. Returns true when the text changed. */
static bool prompt_handle(app *a, int key)
{
    switch (key) {
    case '\r':
    case '\n':
    case UI_FN(KEY_ENTER):
        prompt_close(a, true);
        return false;
    case UI_ESC:
    case UI_CTRL('c'):
    case UI_CTRL('g'):
        prompt_close(a, false);
        return false;
    case UI_FN(KEY_DOWN):
    case UI_CTRL('n'):
        move_table(a, ACT_DOWN);
        return false;
    case UI_FN(KEY_UP):
    case UI_CTRL('p'):
        move_table(a, ACT_UP);
        return false;
    case UI_FN(KEY_NPAGE):
        move_table(a, ACT_PAGE_DOWN);
        return false;
    case UI_FN(KEY_PPAGE):
        move_table(a, ACT_PAGE_UP);
        return false;
    default:
        break;
    }
    prompt_result r = prompt_key(&a->pr, key);
    if (r != PROMPT_IGNORED)
        a->dirty |= DIRTY_BOTTOM;
    return r == PROMPT_CHANGED;
}

/* --- actions ----------------------------------------------------------- */

static void do_enter(app *a)
{
    if (a->detail_full || a->focus == FOCUS_DETAIL) {
        links_open(a, 1);
    } else if (a->focus == FOCUS_SIDEBAR) {
        set_focus(a, FOCUS_TABLE);
    } else if (app_selected(a)) {
        a->detail_full = true;
        a->detail_scroll = 0;
        a->dirty |= DIRTY_ALL;
    }
}

static void close_overlay(app *a)
{
    if (a->help) {
        a->help = false;
        a->help_scroll = 0;
        if (a->w_help)
            delwin(a->w_help);
        a->w_help = NULL;
    } else if (a->detail_full) {
        a->detail_full = false;
        a->detail_scroll = 0;
    } else if (a->focus == FOCUS_DETAIL) {
        a->focus = FOCUS_TABLE;
    }
    a->dirty = DIRTY_ALL;
}

static void toggle_sidebar(app *a)
{
    a->side_pref = app_sidebar_shown(a) ? SIDE_HIDDEN : SIDE_SHOWN;
    app_relayout(a);
    if (a->side_pref == SIDE_SHOWN && !app_sidebar_shown(a))
        app_message(a, true, "the terminal is too small for the category pane");
    else if (app_sidebar_shown(a))
        a->focus = FOCUS_SIDEBAR;
}

static void toggle_detail(app *a)
{
    a->detail_pref = !a->detail_pref;
    app_relayout(a);
    if (a->detail_pref && !app_detail_pane_shown(a))
        app_message(a, false, "the detail pane needs 30 lines; Enter shows the entry full screen");
}

static void move_any(app *a, ui_action act)
{
    if (a->detail_full || a->focus == FOCUS_DETAIL)
        move_detail(a, act);
    else if (a->focus == FOCUS_SIDEBAR)
        move_sidebar(a, act);
    else
        move_table(a, act);
}

static void act(app *a, ui_action action, int arg)
{
    switch (action) {
    case ACT_DOWN:
    case ACT_UP:
    case ACT_PAGE_DOWN:
    case ACT_PAGE_UP:
    case ACT_HALF_DOWN:
    case ACT_HALF_UP:
    case ACT_FIRST:
    case ACT_LAST:
        move_any(a, action);
        break;
    case ACT_TOGGLE:
        if (!a->detail_full && a->focus == FOCUS_SIDEBAR) {
            int32_t sec = sidebar_current(&a->side);
            if (sec >= 0 && sidebar_has_children(a->cat, sec))
                fold(a, sec, !a->side.folded[sec]);
        } else {
            move_any(a, action);
        }
        break;
    case ACT_LEFT:
        if (a->detail_full)
            break;
        if (a->focus == FOCUS_SIDEBAR)
            sidebar_left(a);
        else if (app_sidebar_shown(a) && a->focus == FOCUS_TABLE)
            set_focus(a, FOCUS_SIDEBAR);
        else if (a->focus == FOCUS_DETAIL)
            set_focus(a, FOCUS_TABLE);
        break;
    case ACT_RIGHT:
        if (!a->detail_full && a->focus == FOCUS_SIDEBAR)
            sidebar_right(a);
        break;
    case ACT_NEXT_PANE:
    case ACT_PREV_PANE:
        if (!a->detail_full)
            cycle_focus(a, action == ACT_NEXT_PANE ? 1 : -1);
        break;
    case ACT_ENTER:
        do_enter(a);
        break;
    case ACT_FILTER:
        prompt_open(a);
        break;
    case ACT_CLEAR_FILTER:
        app_apply_query(a, "");
        break;
    case ACT_SORT_NEXT:
        sort_next(a);
        break;
    case ACT_SORT_REVERSE:
        sort_reverse(a);
        break;
    case ACT_OPEN:
        links_open(a, 1);
        break;
    case ACT_OPEN_PDF:
        links_open_pdf(a);
        break;
    case ACT_OPEN_LINK:
        links_open(a, arg);
        break;
    case ACT_COPY:
        links_copy(a);
        break;
    case ACT_STAR:
        marking_toggle(a, MARK_STARRED);
        break;
    case ACT_READ:
        marking_toggle(a, MARK_READ);
        break;
    case ACT_BIBTEX:
        bibview_open(a);
        break;
    case ACT_TOGGLE_SIDEBAR:
        toggle_sidebar(a);
        break;
    case ACT_TOGGLE_DETAIL:
        toggle_detail(a);
        break;
    case ACT_HELP:
        a->help = true;
        a->help_scroll = 0;
        a->dirty |= DIRTY_OVERLAY;
        break;
    case ACT_BACK:
        close_overlay(a);
        break;
    case ACT_RELOAD:
        app_reload(a);
        break;
    case ACT_REDRAW:
        clearok(curscr, TRUE);
        a->dirty = DIRTY_ALL;
        break;
    case ACT_SUSPEND:
        term_suspend();
        app_resync_size(a);
        break;
    case ACT_QUIT:
        if (a->detail_full)
            close_overlay(a);
        else
            a->quit = true;
        break;
    case ACT_INTERRUPT:
        a->quit = true;
        a->status = 128 + SIGINT;
        break;
    case ACT_NONE:
        break;
    }
}

/* Keys while the help overlay is up: scroll it, anything else closes it. */
static void help_handle(app *a, ui_action action)
{
    switch (action) {
    case ACT_DOWN:
    case ACT_UP:
    case ACT_PAGE_DOWN:
    case ACT_PAGE_UP:
    case ACT_TOGGLE:
    case ACT_HALF_DOWN:
    case ACT_HALF_UP:
    case ACT_FIRST:
    case ACT_LAST:
        a->help_scroll += (int)motion(action, 10, (uint32_t)a->help_scroll,
                                      (uint32_t)(a->help_lines + 1));
        if (a->help_scroll < 0)
            a->help_scroll = 0;
        a->dirty |= DIRTY_OVERLAY;
        break;
    case ACT_INTERRUPT:
        act(a, action, 0);
        break;
    default:
        close_overlay(a);
        break;
    }
}

/* --- mouse ------------------------------------------------------------- */

static bool inside(ui_rect r, int y, int x)
{
    return r.h > 0 && y >= r.y && y < r.y + r.h && x >= r.x && x < r.x + r.w;
}

static void wheel_table(app *a, int dir)
{
    uint32_t rows = (uint32_t)table_rows(a), n = a->shown.n;
    if (n <= rows) {
        move_table(a, dir > 0 ? ACT_DOWN : ACT_UP);
        return;
    }
    a->top = step(a->top, dir * WHEEL_STEP, n - rows + 1);
    if (a->sel < a->top)
        a->sel = a->top;
    if (a->sel >= a->top + rows)
        a->sel = a->top + rows - 1;
    app_rank_visible(a);
    a->dirty |= DIRTY_TABLE | DIRTY_DETAIL;
}

static void handle_mouse(app *a)
{
    MEVENT me;
    if (getmouse(&me) != OK)
        return;
    int wheel = (me.bstate & BUTTON4_PRESSED) ? -1 : (me.bstate & BUTTON5_PRESSED) ? 1 : 0;
    bool click = (me.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) != 0;
    if (a->help) {
        if (click)
            close_overlay(a);
        return;
    }
    if (a->bib_text) { /* nothing under the BibTeX view is clickable */
        if (wheel)
            bibview_key(a, wheel > 0 ? ACT_DOWN : ACT_UP);
        return;
    }
    if (a->detail_full) {
        if (wheel)
            move_detail(a, wheel > 0 ? ACT_DOWN : ACT_UP);
        return;
    }
    const ui_layout *l = &a->lay;
    if (inside(l->table, me.y, me.x)) {
        if (wheel) {
            wheel_table(a, wheel);
        } else if (click) {
            int col;
            set_focus(a, FOCUS_TABLE);
            if (table_click(a, me.y - l->table.y, me.x - l->table.x, &col))
                a->detail_scroll = 0;
            else if (col >= 0)
                sort_by(a, (sort_key)col);
        }
    } else if (inside(l->sidebar, me.y, me.x)) {
        if (wheel) {
            move_sidebar(a, wheel > 0 ? ACT_DOWN : ACT_UP);
        } else if (click) {
            int row = sidebar_row_at(a, me.y - l->sidebar.y);
            set_focus(a, FOCUS_SIDEBAR);
            if (row >= 0) {
                a->side.cur = (uint32_t)row;
                int32_t sec = sidebar_current(&a->side);
                if (me.x - l->sidebar.x == 1 && sec >= 0 && sidebar_has_children(a->cat, sec))
                    fold(a, sec, !a->side.folded[sec]);
                else
                    sidebar_moved(a);
            }
        }
    } else if (inside(l->detail, me.y, me.x)) {
        if (wheel) {
            move_detail(a, wheel > 0 ? ACT_DOWN : ACT_UP);
        } else if (click) {
            set_focus(a, FOCUS_DETAIL);
        }
    }
}

/* One key. Returns true when the prompt's text changed (the filter is
 * applied once the keys typed ahead are all read). */
bool input_key(app *a, int key)
{
    if (key == UI_FN(KEY_RESIZE)) {
        app_relayout(a);
        return false;
    }
    if (key == UI_FN(KEY_MOUSE)) {
        if (!a->prompting)
            handle_mouse(a);
        return false;
    }
    if (a->msg[0]) { /* messages last until the next key */
        a->msg[0] = '\0';
        a->dirty |= DIRTY_BOTTOM;
    }
    if (a->prompting)
        return prompt_handle(a, key);
    int arg = 0;
    ui_action action = keymap_lookup(key, &arg);
    if (a->help)
        help_handle(a, action);
    else if (a->bib_text)
        bibview_key(a, action);
    else
        act(a, action, arg);
    return false;
}

