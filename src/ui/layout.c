/* layout: pane geometry from the terminal size.
 *
 *   row 0        status line
 *   rows 1..L-2  [categories] table, and under it the detail pane when tall
 *   row L-1      prompt, message or key hints
 *
 * Every size is guarded: a pane that does not fit gets h = w = 0 and is not
 * drawn, so a 20x6 (or 1x1) terminal shows what fits. */
#include "app.h"

#define DETAIL_MIN_LINES 30 /* a detail pane needs a tall terminal */
#define TABLE_MIN_ROWS 8

static ui_rect rect(int y, int x, int h, int w)
{
    if (h <= 0 || w <= 0)
        return (ui_rect){0, 0, 0, 0};
    return (ui_rect){y, x, h, w};
}

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

void layout_compute(app *a, int lines, int cols)
{
    ui_layout *l = &a->s.lay;
    *l = (ui_layout){0};
    if (lines <= 0 || cols <= 0)
        return;
    if (lines == 1) {
        l->bottom = rect(0, 0, 1, cols);
        return;
    }
    l->status = rect(0, 0, 1, cols);
    l->bottom = rect(lines - 1, 0, 1, cols);
    int body = lines - 2;
    l->body = rect(1, 0, body, cols);
    if (body < 3) { /* no room for a frame: the table draws bare rows */
        l->table = l->body;
        return;
    }
    int sw = table_side_width(a, cols);
    l->sidebar = rect(1, 0, body, sw);
    int tx = sw, tw = cols - sw;
    int dh = 0;
    if (a->p.detail_pref && lines >= DETAIL_MIN_LINES) {
        dh = clamp(body / 3 + 1, 8, 16);
        if (body - dh < TABLE_MIN_ROWS)
            dh = 0;
    }
    l->table = rect(1, tx, body - dh, tw);
    l->detail = rect(1 + body - dh, tx, dh, tw);
}
