/* status: the top status line (list, section, query, match count, sort) and
 * the bottom line (the filter prompt, a message, or key hints). */
#include <stdio.h>
#include <string.h>

#include "app.h"

/* Entries in the chosen section, filtered or not. */
static uint32_t scope_total(const app *a)
{
    if (a->section < 0)
        return a->cat->nentries;
    const section *s = &a->cat->sections[a->section];
    return s->entry_end - s->entry_begin;
}

void status_draw(app *a)
{
    WINDOW *w = a->w_status;
    if (!w)
        return;
    int width = a->lay.status.w;
    ui_style bar = app_style(a, ROLE_STATUS);
    text_fill(w, 0, 0, width, bar);

    /* From the right: sort, count, query; the list title takes what is left. */
    char count[48], sort[64];
    /* while the rest of a long list loads, the count is of its head */
    if (a->loading && a->load_fraction < 1)
        snprintf(count, sizeof count, "loading %d%%  %u/%u", (int)(a->load_fraction * 100),
                 a->shown.n, scope_total(a));
    else if (a->loading) /* parsed: the index is being built */
        snprintf(count, sizeof count, "indexing  %u/%u", a->shown.n, scope_total(a));
    else
        snprintf(count, sizeof count, "%u/%u", a->shown.n, scope_total(a));
    snprintf(sort, sizeof sort, "sort: %s %s", sort_key_name(app_sort_key(a)),
             app_sort_descending(a) ? a->theme.glyph.down : a->theme.glyph.up);
    int cw = text_width(count), sw = text_width(sort);
    int rx = width - 1;
    if (rx - sw - 2 - cw >= 12) {
        text_put(w, 0, rx - sw, sw, sort, bar);
        rx -= sw + 2;
    }
    if (rx - cw >= 0) {
        text_put(w, 0, rx - cw, cw, count, app_style(a, ROLE_STATUS_TITLE));
        rx -= cw + 2;
    }
    if (a->query_text[0] && rx - 7 - 4 >= 24) {
        int qw = text_width(a->query_text);
        if (qw > rx - 7 - 24)
            qw = rx - 7 - 24;
        int qx = rx - qw - 7;
        text_put(w, 0, qx, 7, "query: ", bar);
        text_put(w, 0, qx + 7, qw, a->query_text, app_style(a, ROLE_STATUS_QUERY));
        rx = qx - 2;
    }
    if (rx <= 1)
        return;
    int lx = 1 + text_put(w, 0, 1, rx - 1, "paperdeck", app_style(a, ROLE_STATUS_TITLE));
    char where[512];
    const char *title = a->cat->title && a->cat->title[0] ? a->cat->title : NULL;
    if (a->section >= 0)
        snprintf(where, sizeof where, " %s %s%s%s", a->theme.glyph.dot, title ? title : "",
                 title ? " / " : "", a->cat->sections[a->section].path);
    else if (title)
        snprintf(where, sizeof where, " %s %s", a->theme.glyph.dot, title);
    else
        where[0] = '\0';
    if (lx < rx)
        text_put(w, 0, lx, rx - lx, where, bar);
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

static void draw_prompt(app *a, WINDOW *w, int width)
{
    ui_style st = app_style(a, ROLE_NORMAL);
    int x = text_put(w, 0, 0, width, "/", app_style(a, ROLE_PROMPT));
    int field = width - x;
    char err[256] = "";
    size_t from = 0, to = 0;
    if (a->prompt_error) {
        snprintf(err, sizeof err, " %s %s", text_unicode() ? "\u2717" : "!", a->perr.msg);
        from = a->perr.pos;
        to = from < a->pr.len ? from + 1 : 0;
        while (to && to < a->pr.len && ((unsigned char)a->pr.buf[to] & 0xC0) == 0x80)
            to++;
        /* the message takes at most half the line, the text the rest */
        int ew = text_width(err);
        if (ew > width / 2)
            ew = width / 2;
        field -= ew;
        text_put(w, 0, width - ew, ew, err, app_style(a, ROLE_ERROR));
    } else if (a->filter_error[0]) {
        /* the query compiled but a regex gave up: say so while typing */
        snprintf(err, sizeof err, " %s %s", text_unicode() ? "\u2717" : "!", a->filter_error);
        int ew = text_width(err);
        if (ew > width / 2)
            ew = width / 2;
        field -= ew;
        text_put(w, 0, width - ew, ew, err, app_style(a, ROLE_ERROR));
    } else {
        const char *hint = "Enter keep  Esc restore ";
        int hw = text_width(hint);
        if (text_width(a->pr.buf) + hw + 8 < field) {
            field -= hw;
            text_put(w, 0, width - hw, hw, hint, app_style(a, ROLE_DIM));
        }
    }
    prompt_draw(&a->pr, w, 0, x, field, st, from, to, app_style(a, ROLE_ERROR), &a->cursor_x);
}

void bottom_draw(app *a)
{
    WINDOW *w = a->w_bottom;
    if (!w)
        return;
    int width = a->lay.bottom.w;
    text_fill(w, 0, 0, width, app_style(a, ROLE_NORMAL));
    a->cursor_x = -1;
    if (a->prompting)
        draw_prompt(a, w, width);
    else if (a->msg[0])
        text_put(w, 0, 1, width - 1, a->msg, app_style(a, a->msg_error ? ROLE_ERROR : ROLE_MESSAGE));
    else
        draw_hints(a, w, width);
    wmove(w, 0, a->cursor_x >= 0 ? a->cursor_x : 0);
}
