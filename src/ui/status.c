/* status: the top status line (list, section, query, match count, sort) and
 * the bottom line (a message, or key hints; the prompt mode's when open). */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "term.h"

#define SORT_PROGRESS_MS 100 /* a sort shows its progress once it took this long */

#define NAME_W 9    /* "paperdeck" */
#define QUERY_MIN 4 /* the fewest columns of the query worth showing */

/* " · " at x, within end; returns the columns drawn. */
static int put_dot(app *a, WINDOW *w, int x, int end, ui_style bar)
{
    int x0 = x;
    x += text_put(w, 0, x, end - x, " ", bar);
    x += text_put(w, 0, x, end - x, a->theme.glyph.dot, bar);
    x += text_put(w, 0, x, end - x, " ", bar);
    return x - x0;
}

/* " · List title / Section/Path · note" in width columns from x: the
 * section is what the user is looking at, so the list's title is cut first,
 * then dropped, then the note, and only then the path is cut. */
static void draw_where(app *a, WINDOW *w, int x, int width, const char *note, ui_style bar)
{
    const char *title = a->b.cat->title && a->b.cat->title[0] ? a->b.cat->title : "";
    const char *path = a->b.section >= 0 ? a->b.cat->sections[a->b.section].path : "";
    int end = x + width, dw = text_width(a->theme.glyph.dot);
    int pw = path[0] ? text_width(path) : 0;
    int nw = note[0] ? 2 + dw + text_width(note) : 0; /* " · note" */
    if (nw && 2 + dw + pw + nw > width)
        nw = 0;
    if ((!title[0] && !path[0] && !nw) || width < 3 + QUERY_MIN)
        return;
    int right = end - nw; /* the note's place */
    x += put_dot(a, w, x, right, bar);
    /* the room the title has before " / " and the whole path */
    int room = right - x - (path[0] ? 3 + pw : 0);
    if (title[0] && (!path[0] || room >= 4 || room >= text_width(title))) {
        x += text_put(w, 0, x, room, title, bar);
        if (path[0])
            x += text_put(w, 0, x, right - x, " / ", bar);
    }
    x += text_put(w, 0, x, right - x, path, bar);
    if (nw) {
        x += put_dot(a, w, x, end, bar);
        text_put(w, 0, x, end - x, note, bar);
    }
}

void status_draw(app *a)
{
    WINDOW *w = a->s.status;
    if (!w)
        return;
    int width = a->s.lay.status.w;
    ui_style bar = app_style(a, ROLE_STATUS);
    text_fill(w, 0, 0, width, bar);

    /* From the right: sort, count, query; the list title takes what is left. */
    char count[48], sort[64];
    /* while the rest of a long list loads, the count is of its head */
    if (a->l.loading && a->l.load_fraction < 1)
        snprintf(count, sizeof count, "loading %d%%  %u/%u", (int)(a->l.load_fraction * 100),
                 a->b.shown.n, browser_scope_total(&a->b));
    else if (a->l.loading) /* parsed: the index is being built */
        snprintf(count, sizeof count, "indexing  %u/%u", a->b.shown.n, browser_scope_total(&a->b));
    else /* behind: a newer query's matches are coming (typing on a big list) */
        snprintf(count, sizeof count, "%s%u/%u", a->b.behind ? a->theme.glyph.ellipsis : "",
                 a->b.shown.n, browser_scope_total(&a->b));
    /* the automatic sort says so (the same order chosen by hand does not
     * turn to score when a fuzzy query comes); a sort that takes long
     * (scoring every row) says how far it is */
    bool sorting = a->b.sort_pending && term_now_ms() - a->l.sort_since_ms >= SORT_PROGRESS_MS;
    char done[16] = "";
    if (sorting)
        snprintf(done, sizeof done, " %d%%", (int)(browser_sort_progress(&a->b) * 100));
    snprintf(sort, sizeof sort, "%s: %s %s%s%s", sorting ? "sorting" : "sort",
             sort_key_name(browser_sort_key(&a->b)),
             browser_sort_descending(&a->b) ? a->theme.glyph.down : a->theme.glyph.up,
             browser_sort_is_auto(&a->b) ? " (auto)" : "", done);
    int cw = text_width(count), sw = text_width(sort);
    int rx = width - 1;
    /* the sort goes before the query would have to */
    int qmin = 0;
    if (a->b.query_text[0]) {
        int qw = text_width(a->b.query_text);
        qmin = 7 + (qw < QUERY_MIN + 8 ? qw : QUERY_MIN + 8) + 2;
    }
    if (rx - sw - 2 - cw - qmin >= 12) {
        text_put(w, 0, rx - sw, sw, sort, bar);
        rx -= sw + 2;
    }
    if (rx - cw >= 0) {
        text_put(w, 0, rx - cw, cw, count, app_style(a, ROLE_STATUS_TITLE));
        rx -= cw + 2;
    }
    /* The query tells what the table shows: it is cut only when even
     * "paperdeck" would not fit beside it, the list title and the path
     * (draw_where) give way first. */
    int room = rx - 1 - 7; /* after the leading blank and "query: " */
    if (a->b.query_text[0] && room >= QUERY_MIN) {
        int qw = text_width(a->b.query_text);
        int keep = room - NAME_W - 2; /* with "paperdeck" and a gap beside it */
        if (qw > keep)
            qw = keep >= QUERY_MIN + 8 ? keep : qw < room ? qw : room;
        int qx = rx - qw - 7;
        text_put(w, 0, qx, 7, "query: ", bar);
        text_put(w, 0, qx + 7, qw, a->b.query_text, app_style(a, ROLE_STATUS_QUERY));
        rx = qx - 2;
    }
    if (rx - 1 < NAME_W) /* given to the query */
        return;
    int lx = 1 + text_put(w, 0, 1, rx - 1, "paperdeck", app_style(a, ROLE_STATUS_TITLE));
    char note[128] = ""; /* remote lists: fetching, or the age of a copy kept */
    if (a->l.remote)
        a->l.remote->note(a->l.remote->ctx, note, sizeof note);
    draw_where(a, w, lx, rx - lx, note, bar);
}

static void draw_hints(app *a, WINDOW *w, int width)
{
    size_t n;
    const keybinding *kb = keymap_table(&n);
    int x = 1;
    for (size_t i = 0; i < n; i++) {
        if (!kb[i].hint)
            continue;
        int need = text_width(kb[i].name) + 1 + text_width(kb[i].hint) + 2;
        if (x + need > width)
            break;
        x += text_put(w, 0, x, width - x, kb[i].name, app_style(a, ROLE_KEY));
        x += 1;
        x += text_put(w, 0, x, width - x, kb[i].hint, app_style(a, ROLE_DIM));
        x += 2;
    }
}

void bottom_draw(app *a)
{
    WINDOW *w = a->s.bottom;
    if (!w)
        return;
    int width = a->s.lay.bottom.w;
    text_fill(w, 0, 0, width, app_style(a, ROLE_NORMAL));
    a->s.cursor_x = -1;
    const mode_ops *owner = app_mode_with(a, MODE_BOTTOM); /* the prompt */
    if (owner)
        owner->draw(a, DIRTY_BOTTOM);
    else if (a->s.msg[0])
        text_put(w, 0, 1, width - 1, a->s.msg,
                 app_style(a, a->s.msg_error ? ROLE_ERROR : ROLE_MESSAGE));
    else
        draw_hints(a, w, width);
    wmove(w, 0, a->s.cursor_x >= 0 ? a->s.cursor_x : 0);
}
