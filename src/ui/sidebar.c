/* sidebar: the category pane, the section tree with live counts.
 *
 *   ┌ Categories ─────┐
 *   │ All          25 │
 *   │▾Papers       20 │
 *   │   Adapt       1 │
 *
 * Rows are "All" and every section not inside a folded one, in the
 * catalog's pre-order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "paperdeck/xalloc.h"

static int digits(uint32_t n)
{
    int d = 1;
    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

bool sidebar_has_children(const catalog *c, int32_t sec)
{
    if (sec < 0)
        return c->nsections > 0;
    return c->sections[sec].end > (uint32_t)sec + 1;
}

void sidebar_init(sidebar *s, const catalog *c)
{
    memset(s, 0, sizeof *s);
    s->folded = xcalloc(c->nsections, sizeof *s->folded);
    s->rows = xcalloc(c->nsections + 1, sizeof *s->rows);
    int count_w = digits(c->nentries);
    int w = text_width("Categories") + 2 - (count_w + 2); /* the title fits too */
    for (uint32_t i = 0; i < c->nsections; i++) {
        int need = 1 + 2 * (int)c->sections[i].depth + text_width(c->sections[i].name);
        if (need > w)
            w = need;
    }
    s->natural = 2 + w + 1 + count_w + 1; /* borders, name, gap, count, pad */
    if (s->natural > 36)
        s->natural = 36;
    sidebar_rebuild(s, c);
}

void sidebar_free(sidebar *s)
{
    free(s->folded);
    free(s->rows);
    memset(s, 0, sizeof *s);
}

void sidebar_rebuild(sidebar *s, const catalog *c)
{
    int32_t current = s->nrows ? sidebar_current(s) : -1;
    s->nrows = 0;
    s->rows[s->nrows++] = -1;
    for (uint32_t i = 0; i < c->nsections;) {
        s->rows[s->nrows++] = (int32_t)i;
        /* a folded section hides its whole subtree (i, end) */
        i = s->folded[i] ? c->sections[i].end : i + 1;
    }
    s->cur.sel = 0;
    sidebar_point_at(s, current);
    if (s->cur.top >= s->nrows)
        s->cur.top = 0;
}

int32_t sidebar_current(const sidebar *s)
{
    return s->nrows ? s->rows[s->cur.sel] : -1;
}

void sidebar_point_at(sidebar *s, int32_t sec)
{
    for (uint32_t r = 0; r < s->nrows; r++)
        if (s->rows[r] == sec)
            s->cur.sel = r;
}

/* New entries (MARK_NEW, remote.h) among the matches, per section
 * subtree in fresh[] (nsections + 1, the last for All); NULL when there are
 * none. */
static uint32_t *count_new(const app *a)
{
    const catalog *c = a->b.cat;
    uint32_t *fresh = NULL;
    if (index_count_new(a->b.ix) == 0) /* most lists: no pass over a million matches */
        return NULL;
    for (uint32_t i = 0; i < a->b.all.n; i++) {
        uint32_t id = a->b.all.ids[i];
        if (!(index_marks(a->b.ix, id) & MARK_NEW))
            continue;
        if (!fresh)
            fresh = xcalloc(c->nsections + 1, sizeof *fresh);
        fresh[c->nsections]++;
        for (int32_t s = c->entries[id].section; s >= 0; s = c->sections[s].parent)
            fresh[s]++;
    }
    return fresh;
}

static void draw_row(app *a, WINDOW *w, int y, uint32_t r, int width, const uint32_t *fresh)
{
    const catalog *c = a->b.cat;
    const sidebar *s = &a->p.side;
    int inner = width - 2;
    if (r >= s->nrows) {
        text_fill(w, y, 1, inner, app_style(a, ROLE_NORMAL));
        return;
    }
    int32_t sec = s->rows[r];
    uint32_t count = sec < 0 ? a->b.all.n : a->b.counts[sec];
    bool selected = r == s->cur.sel;
    ui_style bar = app_style(a, a->p.focus == FOCUS_SIDEBAR ? ROLE_SEL : ROLE_SEL_DIM);
    ui_style name_st = selected ? bar : app_style(a, count ? ROLE_NORMAL : ROLE_DIM);
    ui_style count_st = selected ? bar : app_style(a, count ? ROLE_COUNT : ROLE_COUNT_ZERO);
    text_fill(w, y, 1, inner, selected ? bar : app_style(a, ROLE_NORMAL));

    const char *marker = " ";
    if (sec >= 0 && sidebar_has_children(c, sec))
        marker = s->folded[sec] ? a->theme.glyph.folded : a->theme.glyph.unfolded;
    text_put(w, y, 1, 1, marker, name_st);

    char num[16];
    snprintf(num, sizeof num, "%u", count);
    int nw = text_width(num);
    int indent = sec < 0 ? 0 : 2 * (int)c->sections[sec].depth;
    int name_x = 2 + indent;
    int count_x = width - 2 - nw;
    int room = count_x - 1 - name_x; /* keep a blank between name and count */
    if (room > 0)
        text_put(w, y, name_x, room, sec < 0 ? "All" : c->sections[sec].name, name_st);
    if (count_x >= 2)
        text_put(w, y, count_x, nw, num, count_st);
    uint32_t nfresh = fresh ? fresh[sec < 0 ? c->nsections : (uint32_t)sec] : 0;
    char plus[16];
    int pw = snprintf(plus, sizeof plus, "+%u", nfresh);
    /* the new ones before the count, where the name leaves room */
    if (nfresh && room - pw - 1 >= text_width(sec < 0 ? "All" : c->sections[sec].name))
        text_put(w, y, count_x - pw - 1, pw, plus, selected ? bar : app_style(a, ROLE_MATCH));
}

static void sidebar_draw(app *a)
{
    WINDOW *w = a->s.sidebar;
    if (!w)
        return;
    int h = a->s.lay.sidebar.h, width = a->s.lay.sidebar.w;
    bool focus = a->p.focus == FOCUS_SIDEBAR;
    ui_style border = app_style(a, focus ? ROLE_BORDER_FOCUS : ROLE_BORDER);
    text_rule(w, 0, width, BOX_TL, BOX_TR, border);
    text_fill(w, 0, 1, 1, border);
    int x = 2 + text_put(w, 0, 2, width - 4, "Categories", app_style(a, ROLE_HEADER));
    if (x < width - 1)
        text_fill(w, 0, x, 1, border);
    int rows = h - 2;
    cursor_keep_visible(&a->p.side.cur, a->p.side.nrows, rows);
    uint32_t *fresh = count_new(a);
    for (int r = 0; r < rows; r++) {
        text_box(w, 1 + r, 0, BOX_V, border);
        text_box(w, 1 + r, width - 1, BOX_V, border);
        draw_row(a, w, 1 + r, a->p.side.cur.top + (uint32_t)r, width, fresh);
    }
    free(fresh);
    text_rule(w, h - 1, width, BOX_BL, BOX_BR, border);
}

/* --- the pane ------------------------------------------------------------- */

/* Row under a click at y (relative to the window), -1 if none. */
static int row_at(const app *a, int y)
{
    int r = y - 1;
    if (r < 0 || r >= a->s.lay.sidebar.h - 2)
        return -1;
    uint32_t row = a->p.side.cur.top + (uint32_t)r;
    return row < a->p.side.nrows ? (int)row : -1;
}

/* The cursor moved: the table shows the section under it. */
static unsigned moved(app *a)
{
    cursor_keep_visible(&a->p.side.cur, a->p.side.nrows, a->s.lay.sidebar.h - 2);
    return app_set_section(a, sidebar_current(&a->p.side)) | DIRTY_SIDEBAR;
}

static unsigned fold(app *a, int32_t sec, bool folded)
{
    a->p.side.folded[sec] = folded;
    sidebar_rebuild(&a->p.side, a->b.cat);
    return moved(a);
}

/* Folds an unfolded section with children; the cursor on the other rows
 * (or the All row) does nothing. */
static unsigned toggle(app *a)
{
    int32_t sec = sidebar_current(&a->p.side);
    if (sec >= 0 && sidebar_has_children(a->b.cat, sec))
        return fold(a, sec, !a->p.side.folded[sec]);
    return 0;
}

static unsigned go_left(app *a)
{
    int32_t sec = sidebar_current(&a->p.side);
    if (sec >= 0 && sidebar_has_children(a->b.cat, sec) && !a->p.side.folded[sec])
        return fold(a, sec, true);
    if (sec < 0)
        return 0;
    sidebar_point_at(&a->p.side, a->b.cat->sections[sec].parent);
    return moved(a);
}

static unsigned go_right(app *a)
{
    int32_t sec = sidebar_current(&a->p.side);
    if (sec >= 0 && sidebar_has_children(a->b.cat, sec) && a->p.side.folded[sec])
        return fold(a, sec, false);
    return app_focus(a, FOCUS_TABLE);
}

static unsigned move_cursor(app *a, cursor_motion m)
{
    sidebar *s = &a->p.side;
    cursor_move(&s->cur, m, s->nrows, a->s.lay.sidebar.h - 2);
    return moved(a);
}

static unsigned sidebar_action(app *a, ui_action act, int arg)
{
    switch (act) {
    case ACT_TOGGLE:
        return toggle(a);
    case ACT_LEFT:
        return go_left(a);
    case ACT_RIGHT:
        return go_right(a);
    case ACT_ENTER:
        return app_focus(a, FOCUS_TABLE);
    default:
        break;
    }
    cursor_motion m = action_motion(act);
    return m != CURSOR_STAY ? move_cursor(a, m) : REACT_PASS;
}

static unsigned sidebar_mouse(app *a, int y, int x, int wheel, bool click)
{
    if (wheel)
        return move_cursor(a, wheel > 0 ? CURSOR_LINE_DOWN : CURSOR_LINE_UP);
    if (!click)
        return 0;
    int row = row_at(a, y);
    unsigned r = app_focus(a, FOCUS_SIDEBAR);
    if (row < 0)
        return r;
    a->p.side.cur.sel = (uint32_t)row;
    int32_t sec = sidebar_current(&a->p.side);
    if (x == 1 && sec >= 0 && sidebar_has_children(a->b.cat, sec))
        return r | fold(a, sec, !a->p.side.folded[sec]);
    return r | moved(a);
}

const pane_ops sidebar_pane = {
    .dirty = DIRTY_SIDEBAR,
    .action = sidebar_action,
    .mouse = sidebar_mouse,
    .draw = sidebar_draw,
};
