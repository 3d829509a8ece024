/* input: where a key or a mouse event goes. A key goes to the mode on top
 * of the stack, then down it, then to the pane with the focus (unless a
 * full-screen mode hides the panes), then to the action table's handler.
 * The handlers of the actions that mean the same wherever the focus is
 * are here; each returns the DIRTY_* bits of what it changed. */
#include <signal.h>
#include <string.h>

#include "app.h"
#include "term.h"

/* --- the global actions ------------------------------------------------- */

typedef unsigned (*action_fn)(app *a, int arg);

static unsigned cycle_focus(app *a, int dir)
{
    ui_focus order[FOCUS_COUNT_];
    int n = 0;
    if (app_sidebar_shown(a))
        order[n++] = FOCUS_SIDEBAR;
    order[n++] = FOCUS_TABLE;
    if (app_detail_pane_shown(a))
        order[n++] = FOCUS_DETAIL;
    int i = 0;
    while (i < n && order[i] != a->p.focus)
        i++;
    return app_focus(a, order[(i + n + dir) % n]);
}

static unsigned act_next_pane(app *a, int arg)
{
    return cycle_focus(a, 1);
}

static unsigned act_prev_pane(app *a, int arg)
{
    return cycle_focus(a, -1);
}

/* J and K: the selection moves, whatever shows the entry (the full-screen
 * view stays, on the next entry). */
static unsigned act_next_entry(app *a, int arg)
{
    return table_move(a, CURSOR_LINE_DOWN);
}

static unsigned act_prev_entry(app *a, int arg)
{
    return table_move(a, CURSOR_LINE_UP);
}

static unsigned act_filter(app *a, int arg)
{
    return filter_open(a);
}

static unsigned act_clear_filter(app *a, int arg)
{
    return app_filter(a, "");
}

static unsigned act_sort_next(app *a, int arg)
{
    browser_sort_next(&a->b);
    return app_sorted(a);
}

static unsigned act_sort_reverse(app *a, int arg)
{
    browser_sort_reverse(&a->b);
    return app_sorted(a);
}

static unsigned act_open(app *a, int arg)
{
    links_open(a, 1);
    return 0;
}

static unsigned act_open_pdf(app *a, int arg)
{
    links_open_pdf(a);
    return 0;
}

static unsigned act_open_link(app *a, int arg)
{
    links_open(a, arg);
    return 0;
}

static unsigned act_copy(app *a, int arg)
{
    links_copy(a);
    return 0;
}

static unsigned act_star(app *a, int arg)
{
    return marking_toggle(a, MARK_STARRED);
}

static unsigned act_read(app *a, int arg)
{
    return marking_toggle(a, MARK_READ);
}

static unsigned act_bibtex(app *a, int arg)
{
    return bibview_open(a);
}

static unsigned act_fetch(app *a, int arg)
{
    return fetch_start(a, false);
}

static unsigned act_fetch_view(app *a, int arg)
{
    return fetch_start(a, true);
}

static unsigned act_toggle_sidebar(app *a, int arg)
{
    a->p.side_pref = app_sidebar_shown(a) ? SIDE_HIDDEN : SIDE_SHOWN;
    app_relayout(a);
    /* the focus stays where it is (Tab or h moves it into the pane) */
    if (a->p.side_pref == SIDE_SHOWN && !app_sidebar_shown(a))
        app_message(a, true, "the terminal is too small for the category pane");
    return DIRTY_ALL;
}

static unsigned act_toggle_detail(app *a, int arg)
{
    a->p.detail_pref = !a->p.detail_pref;
    app_relayout(a);
    if (a->p.detail_pref && !app_detail_pane_shown(a))
        app_message(a, false, "the detail pane needs 30 lines; Enter shows the entry full screen");
    return DIRTY_ALL;
}

static unsigned act_help(app *a, int arg)
{
    return help_open(a);
}

/* Esc with no view to close: the focus leaves the detail pane. */
static unsigned act_back(app *a, int arg)
{
    if (a->p.focus == FOCUS_DETAIL)
        a->p.focus = FOCUS_TABLE;
    return DIRTY_ALL;
}

static unsigned act_reload(app *a, int arg)
{
    app_refetch(a);
    return 0;
}

static unsigned act_redraw(app *a, int arg)
{
    clearok(curscr, TRUE);
    return DIRTY_ALL;
}

static unsigned act_suspend(app *a, int arg)
{
    term_suspend();
    app_resync_size(a);
    return DIRTY_ALL;
}

static unsigned act_quit(app *a, int arg)
{
    a->l.quit = true;
    return 0;
}

static unsigned act_interrupt(app *a, int arg)
{
    a->l.quit = true;
    a->l.status = 128 + SIGINT;
    return 0;
}

#define HANDLER_(id, name, group, help, hint, motion, fn) [ACT_##id] = fn,
static const action_fn handlers[ACT_COUNT_] = {UI_ACTIONS(HANDLER_)};
#undef HANDLER_

unsigned input_global(app *a, ui_action act, int arg)
{
    if ((unsigned)act >= ACT_COUNT_ || !handlers[act])
        return 0;
    return handlers[act](a, arg);
}

/* --- dispatch ---------------------------------------------------------- */

static bool inside(ui_rect r, int y, int x)
{
    return r.h > 0 && y >= r.y && y < r.y + r.h && x >= r.x && x < r.x + r.w;
}

/* The top mode takes every mouse event; with none, the pane under it. */
static unsigned handle_mouse(app *a)
{
    int y, x, wheel;
    bool click;
    term_mouse(&y, &x, &wheel, &click);
    if (a->m.n > 0) {
        const mode_ops *top = a->m.stack[a->m.n - 1];
        return top->mouse ? top->mouse(a, wheel, click) : 0;
    }
    /* the table first: it is what a click on a shared border means */
    static const ui_focus order[] = {FOCUS_TABLE, FOCUS_SIDEBAR, FOCUS_DETAIL};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        ui_rect r = a->s.lay.pane[order[i]];
        if (inside(r, y, x))
            return app_pane(order[i])->mouse(a, y - r.y, x - r.x, wheel, click);
    }
    return 0;
}

/* A key down the layers: modes top to bottom, the focused pane, the
 * action's handler. */
static unsigned dispatch(app *a, int key)
{
    int arg = 0;
    ui_action act = keymap_lookup(key, &arg);
    unsigned r = 0;
    bool panes_hidden = false;
    for (int i = a->m.n - 1; i >= 0; i--) {
        const mode_ops *m = a->m.stack[i];
        r = m->key(a, key, act, arg);
        if (!(r & REACT_PASS))
            return r;
        r &= ~(unsigned)REACT_PASS;
        panes_hidden |= (m->flags & MODE_FULL) != 0;
    }
    if (!panes_hidden) {
        unsigned p = app_pane(a->p.focus)->action(a, act, arg);
        if (!(p & REACT_PASS))
            return r | p;
        r |= p & ~(unsigned)REACT_PASS;
    }
    return r | input_global(a, act, arg);
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
        a->s.dirty |= handle_mouse(a);
        return false;
    }
    if (a->s.msg[0]) { /* messages last until the next key */
        a->s.msg[0] = '\0';
        a->s.dirty |= DIRTY_BOTTOM;
    }
    unsigned r = dispatch(a, key);
    a->s.dirty |= r & DIRTY_ALL;
    return (r & REACT_TYPED) != 0;
}
