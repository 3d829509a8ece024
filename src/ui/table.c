/* table: the paper table, one row per entry of the shown view.
 *
 *   ┌ Title ▲ ────────────────┬ Venue ─────┬ Year ┬ arXiv ──────┐
 *   │▶Transformers are RNNs… │ ICML 2020  │ 2020 │ 2006.16236  ┃
 *   └─────────────────────────┴────────────┴──────┴───── 3/25 ───┘
 *
 * The title is the main column: the others come in as the terminal widens,
 * each only when the title keeps its share, so the title never narrows as
 * the terminal widens (columns.h; the category pane is one of the steps).
 * They keep the width of their widest value in the catalog, so they do not
 * jump while filtering. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "paperdeck/columns.h"
#include "paperdeck/utf8.h"

#define WHEEL_STEP 3 /* rows a turn of the mouse wheel scrolls */

/* The columns, their headings and widths are field.h's; the browser adds
 * their colours. */
static const ui_role col_role[FIELD_COL_COUNT] = {
    [FIELD_COL_TITLE] = ROLE_NORMAL,    [FIELD_COL_VENUE] = ROLE_VENUE,
    [FIELD_COL_YEAR] = ROLE_YEAR,       [FIELD_COL_ARXIV] = ROLE_ARXIV,
    [FIELD_COL_SECTION] = ROLE_SECTION,
};

static bool framed(const app *a)
{
    return a->s.lay.table.h >= 3 && a->s.lay.table.w >= 8;
}

int table_rows(const app *a)
{
    int h = a->s.lay.table.h - (framed(a) ? 2 : 0);
    return h > 0 ? h : 0;
}

static int cap_width(const char *s, int cap, int current)
{
    int w = text_width(s);
    if (w > cap)
        w = cap;
    return w > current ? w : current;
}

/* The widest value of column k (not the title) in the catalog, capped; 0
 * when no entry has one (a column of blanks is not shown). A column capped
 * at its heading's width needs a look only until a value; a section's name
 * is measured once per section, not once per entry. */
static int measure_column(const catalog *c, int k, int heading)
{
    const field_info *f = field_get((field_col)k);
    if (k == FIELD_COL_SECTION) {
        int w = heading;
        for (uint32_t s = 0; s < c->nsections; s++)
            w = cap_width(c->sections[s].name, f->tui_cap, w);
        return w;
    }
    char buf[32];
    int w = 0;
    for (uint32_t i = 0; i < c->nentries && w < f->tui_cap; i++) {
        const char *v = f->text(c, &c->entries[i], FIELD_SHORT, buf, sizeof buf);
        if (v[0])
            w = cap_width(v, f->tui_cap, w > heading ? w : heading);
    }
    return w;
}

/* The widest title, and the star before a starred one. */
static int measure_titles(const catalog *c, int heading)
{
    int w = heading;
    for (uint32_t i = 0; i < c->nentries; i++) {
        int t = text_width(c->entries[i].title) + 2;
        if (t > w)
            w = t;
    }
    return w;
}

void table_measure(app *a)
{
    int *nat = a->p.cols.natural;
    nat[FIELD_COL_TITLE] = measure_titles(a->b.cat, text_width(field_get(FIELD_COL_TITLE)->label));
    for (int k = FIELD_COL_TITLE + 1; k < FIELD_COL_COUNT; k++)
        nat[k] = measure_column(a->b.cat, k, text_width(field_get((field_col)k)->label));
}

/* The section column helps when the table mixes sections. */
static bool section_wanted(const app *a)
{
    if (a->b.section < 0)
        return a->b.cat->nsections > 1;
    return sidebar_has_children(a->b.cat, a->b.section);
}

/* The columns and the category pane for a body cols wide: the marker column
 * and the blank before the border are spent on every row, besides the
 * frame. */
static void fit(const app *a, int cols, bool frame, columns_out *out)
{
    columns_in in = {.width = cols, .fixed = frame ? 4 : 2};
    for (int k = 0; k < FIELD_COL_COUNT; k++) {
        bool want = k == FIELD_COL_TITLE || (a->p.col_allowed & (1u << k));
        if (k == FIELD_COL_SECTION)
            want = want && section_wanted(a);
        in.natural[k] = want ? a->p.cols.natural[k] : 0;
    }
    if (a->p.side_pref != SIDE_HIDDEN)
        in.side = a->p.side.natural;
    in.side_forced = a->p.side_pref == SIDE_SHOWN;
    columns_fit_browser(&in, out);
}

int table_side_width(const app *a, int cols)
{
    columns_out o;
    fit(a, cols, true, &o);
    return o.side;
}

void table_fit(app *a)
{
    table_cols *tc = &a->p.cols;
    columns_out o;
    fit(a, a->s.lay.body.w, framed(a), &o);
    int x = (framed(a) ? 1 : 0) + 1;
    tc->shown[FIELD_COL_TITLE] = true;
    tc->x[FIELD_COL_TITLE] = x;
    tc->w[FIELD_COL_TITLE] = o.w[FIELD_COL_TITLE];
    x += tc->w[FIELD_COL_TITLE];
    for (int k = FIELD_COL_TITLE + 1; k < FIELD_COL_COUNT; k++) {
        tc->shown[k] = o.w[k] > 0;
        tc->w[k] = o.w[k];
        tc->x[k] = x + 3;
        if (tc->shown[k])
            x += 3 + tc->w[k];
    }
}

static sort_key column_sort(int col)
{
    return field_get((field_col)col)->sort;
}

/* Header in the top border: " Title ▲ ───┬ Venue ──". */
static void draw_header(app *a, WINDOW *w, ui_style border)
{
    const table_cols *tc = &a->p.cols;
    int width = a->s.lay.table.w;
    text_rule(w, 0, width, BOX_TL, BOX_TR, border);
    int sorted = field_of_sort(browser_sort_key(&a->b));
    for (int k = 0; k < FIELD_COL_COUNT; k++) {
        if (!tc->shown[k] || tc->w[k] <= 0)
            continue;
        int start = k == FIELD_COL_TITLE ? 1 : tc->x[k] - 1;
        int end = tc->x[k] + tc->w[k] + 1; /* the junction after the cell */
        if (k != FIELD_COL_TITLE)
            text_box(w, 0, tc->x[k] - 2, BOX_TDOWN, border);
        int x = start + 1;
        int room = end - x;
        bool is_sorted = k == sorted;
        ui_style st = app_style(a, is_sorted ? ROLE_HEADER_SORT : ROLE_HEADER);
        text_fill(w, 0, start, 1, border);
        x += text_put(w, 0, x, room, field_get((field_col)k)->label, st);
        if (is_sorted) {
            const char *arrow = browser_sort_descending(&a->b) ? a->theme.glyph.down
                                                               : a->theme.glyph.up;
            if (end - x >= 3)
                x += text_put(w, 0, x, 1, " ", st);
            x += text_put(w, 0, x, end - x, arrow, st);
        }
        if (x < end)
            text_fill(w, 0, x, 1, border);
    }
}

/* The bottom border, or the junction with the detail pane under it, with the
 * position in the list at the right. */
static void draw_footer(app *a, WINDOW *w, ui_style border)
{
    const table_cols *tc = &a->p.cols;
    int width = a->s.lay.table.w, y = a->s.lay.table.h - 1;
    bool joined = a->s.lay.detail.h > 0;
    text_rule(w, y, width, joined ? BOX_TRIGHT : BOX_BL, joined ? BOX_TLEFT : BOX_BR, border);
    for (int k = FIELD_COL_TITLE + 1; k < FIELD_COL_COUNT; k++)
        if (tc->shown[k])
            text_box(w, y, tc->x[k] - 2, BOX_TUP, border);
    if (joined) {
        bool focus = a->p.focus == FOCUS_DETAIL;
        ui_style st = app_style(a, focus ? ROLE_HEADER_SORT : ROLE_HEADER);
        text_fill(w, y, 1, 1, border);
        int x = 2 + text_put(w, y, 2, width - 4, "Detail", st);
        text_fill(w, y, x, 1, border);
    }
    char pos[48];
    if (a->b.shown.n == 0)
        snprintf(pos, sizeof pos, " 0/0 ");
    else
        snprintf(pos, sizeof pos, " %u/%u ", a->b.cur.sel + 1, a->b.shown.n);
    int pw = text_width(pos);
    if (pw + 12 <= width)
        text_put(w, y, width - 2 - pw, pw, pos, app_style(a, ROLE_SCROLL));
}

static void draw_scrollbar(app *a, WINDOW *w, int rows, ui_style border)
{
    int x = a->s.lay.table.w - 1;
    uint32_t n = a->b.shown.n;
    int from = rows, len = 0;
    if (n > (uint32_t)rows && rows > 0) {
        len = (int)((uint64_t)rows * (uint32_t)rows / n);
        if (len < 1)
            len = 1;
        from = (int)((uint64_t)a->b.cur.top * (uint32_t)rows / n);
        if (a->b.cur.top + (uint32_t)rows >= n)
            from = rows - len;
    }
    for (int r = 0; r < rows; r++) {
        bool thumb = r >= from && r < from + len;
        text_box(w, 1 + r, x, thumb ? BOX_THUMB : BOX_V,
                 thumb ? app_style(a, ROLE_SCROLL) : border);
    }
}

static void draw_row(app *a, WINDOW *w, int y, uint32_t k, ui_style border)
{
    const table_cols *tc = &a->p.cols;
    int x0 = framed(a) ? 1 : 0;
    int inner = a->s.lay.table.w - (framed(a) ? 2 : 0);
    if (k >= a->b.shown.n) {
        text_fill(w, y, x0, inner, app_style(a, ROLE_NORMAL));
        return;
    }
    const entry *e = &a->b.cat->entries[a->b.shown.ids[k]];
    bool selected = k == a->b.cur.sel;
    bool focused = a->p.focus == FOCUS_TABLE;
    ui_style bar = app_style(a, focused ? ROLE_SEL : ROLE_SEL_DIM);
    ui_style base = selected ? bar : app_style(a, ROLE_NORMAL);
    text_fill(w, y, x0, inner, base);
    text_put(w, y, x0, 1, selected ? a->theme.glyph.marker : " ", base);

    uint32_t pos[UI_MAX_MARKS];
    text_marks marks = {pos, 0, app_style(a, ROLE_MATCH)};
    if (selected)
        marks.style = app_style(a, focused ? ROLE_MATCH_SEL : ROLE_MATCH_SEL_DIM);
    if (a->b.q && !query_is_empty(a->b.q))
        marks.n = query_title_positions(a->b.q, e->title, pos, UI_MAX_MARKS);
    /* The user's marks: a star before the title, read entries dimmed. */
    unsigned flags = index_marks(a->b.ix, a->b.shown.ids[k]);
    int tx = tc->x[FIELD_COL_TITLE], tw = tc->w[FIELD_COL_TITLE];
    if ((flags & MARK_STARRED) && tw > 4) {
        text_put(w, y, tx, 1, text_unicode() ? "\u2605" : "*",
                 selected ? base : app_style(a, ROLE_YEAR));
        tx += 2;
        tw -= 2;
    }
    if ((flags & MARK_NEW) && tw > 4) { /* new in a remote list (is:new) */
        text_put(w, y, tx, 1, "+", selected ? base : app_style(a, ROLE_MATCH));
        tx += 2;
        tw -= 2;
    }
    ui_style title_style = (flags & MARK_READ) && !selected ? app_style(a, ROLE_DIM) : base;
    text_draw(w, y, tx, tw, e->title, strlen(e->title), title_style, &marks, 0, TEXT_ELLIPSIS);

    char buf[32];
    for (int c = FIELD_COL_TITLE + 1; c < FIELD_COL_COUNT; c++) {
        if (!tc->shown[c])
            continue;
        text_box(w, y, tc->x[c] - 2, BOX_V, selected ? bar : border);
        const char *cell = field_get((field_col)c)->text(a->b.cat, e, FIELD_SHORT, buf, sizeof buf);
        text_put(w, y, tc->x[c], tc->w[c], cell, selected ? bar : app_style(a, col_role[c]));
    }
}

static void table_draw(app *a)
{
    WINDOW *w = a->s.table;
    if (!w)
        return;
    browser_keep_visible(&a->b);
    browser_rank_visible(&a->b);
    bool frame = framed(a);
    ui_style border = app_style(a, a->p.focus == FOCUS_TABLE ? ROLE_BORDER_FOCUS : ROLE_BORDER);
    int rows = table_rows(a);
    if (frame) {
        draw_header(a, w, border);
        draw_footer(a, w, border);
        for (int r = 0; r < rows; r++)
            text_box(w, 1 + r, 0, BOX_V, border);
        draw_scrollbar(a, w, rows, border);
    }
    int y0 = frame ? 1 : 0;
    for (int r = 0; r < rows; r++)
        draw_row(a, w, y0 + r, a->b.cur.top + (uint32_t)r, border);
    if (a->b.shown.n == 0 && rows > 0) {
        const char *why = a->b.query_text[0] ? "no entry matches the filter" : "no entries here";
        text_put(w, y0, (frame ? 1 : 0) + 2, a->s.lay.table.w - (frame ? 4 : 2), why,
                 app_style(a, ROLE_DIM));
    }
}

/* A click at (y, x): selects a row (true) or sorts by a header column
 * (*sort_col set). */
static bool table_click(app *a, int y, int x, int *sort_col)
{
    *sort_col = -1;
    bool frame = framed(a);
    if (frame && y == 0) {
        for (int k = 0; k < FIELD_COL_COUNT; k++) {
            if (!a->p.cols.shown[k])
                continue;
            int start = k == FIELD_COL_TITLE ? 0 : a->p.cols.x[k] - 2;
            if (x >= start && x < a->p.cols.x[k] + a->p.cols.w[k] + 1)
                *sort_col = (int)column_sort(k);
        }
        return false;
    }
    int r = y - (frame ? 1 : 0);
    if (r < 0 || r >= table_rows(a))
        return false;
    return browser_select_row(&a->b, a->b.cur.top + (uint32_t)r);
}

/* --- the pane ------------------------------------------------------------- */

unsigned table_move(app *a, cursor_motion m)
{
    if (!browser_move(&a->b, m))
        return 0;
    a->p.detail.cur.top = 0;
    return DIRTY_TABLE | DIRTY_DETAIL;
}

static unsigned table_action(app *a, ui_action act, int arg)
{
    cursor_motion m = action_motion(act);
    if (m != CURSOR_STAY)
        return table_move(a, m);
    switch (act) {
    case ACT_LEFT:
        return app_sidebar_shown(a) ? app_focus(a, FOCUS_SIDEBAR) : 0;
    case ACT_RIGHT:
        return 0;
    case ACT_ENTER:
        if (!app_selected(a))
            return 0;
        a->p.detail.cur.top = 0;
        return app_push_mode(a, &full_detail_mode);
    default:
        return REACT_PASS;
    }
}

static unsigned table_mouse(app *a, int y, int x, int wheel, bool click)
{
    if (wheel) {
        if (!cursor_wheel(&a->b.cur, a->b.shown.n, table_rows(a), wheel * WHEEL_STEP))
            return table_move(a, wheel > 0 ? CURSOR_LINE_DOWN : CURSOR_LINE_UP);
        browser_rank_visible(&a->b);
        return DIRTY_TABLE | DIRTY_DETAIL;
    }
    if (!click)
        return 0;
    unsigned r = app_focus(a, FOCUS_TABLE);
    int col;
    if (table_click(a, y, x, &col)) {
        a->p.detail.cur.top = 0;
    } else if (col >= 0) {
        browser_sort_by(&a->b, (sort_key)col);
        r |= app_sorted(a);
    }
    return r;
}

const pane_ops table_pane = {
    .dirty = DIRTY_TABLE,
    .action = table_action,
    .mouse = table_mouse,
    .draw = table_draw,
};
