/* filter: the `/` prompt, a mode that owns the bottom line. The filter
 * follows the text as it is typed (the loop applies it once the keys typed
 * ahead are in); Enter keeps it, Esc puts back the one from before. The
 * arrows and pages still move the table's selection. */
#include <stdio.h>
#include <string.h>

#include "app.h"

unsigned filter_open(app *a)
{
    a->m.prompt_error = false;
    snprintf(a->m.saved_query, sizeof a->m.saved_query, "%s", a->b.query_text);
    prompt_set(&a->m.pr, a->b.query_text);
    app_push_mode(a, &prompt_mode);
    return DIRTY_BOTTOM;
}

static unsigned filter_close(app *a, bool keep)
{
    unsigned dirty = 0;
    app_pop_mode(a, &prompt_mode);
    if (!keep)
        dirty |= app_filter(a, a->m.saved_query);
    else if (strcmp(a->m.pr.buf, a->b.query_text) != 0 /* typed ahead of the filter */
             || a->b.behind) /* or back to it: the text given up on is due no more */
        dirty |= app_filter(a, a->m.pr.buf);
    else if (a->m.filter_stale) /* the same filter over changed marks */
        dirty |= app_refilter(a);
    if (keep && a->m.prompt_error)
        app_message(a, true, "%s; kept the filter \"%s\"", a->b.perr.msg, a->b.query_text);
    else if (keep && a->b.filter_error[0])
        app_message(a, true, "%s (showing the matches found before)", a->b.filter_error);
    a->m.prompt_error = false;
    return dirty | DIRTY_BOTTOM | DIRTY_STATUS;
}

/* Every key stops here: the prompt's own, or an edit of the text. */
static unsigned filter_key(app *a, int key, ui_action act, int arg)
{
    switch (key) {
    case '\r':
    case '\n':
    case UI_FN(KEY_ENTER):
        return filter_close(a, true);
    case UI_ESC:
    case UI_CTRL('c'):
    case UI_CTRL('g'):
        return filter_close(a, false);
    case UI_FN(KEY_DOWN):
    case UI_CTRL('n'):
        return table_move(a, CURSOR_LINE_DOWN);
    case UI_FN(KEY_UP):
    case UI_CTRL('p'):
        return table_move(a, CURSOR_LINE_UP);
    case UI_FN(KEY_NPAGE):
        return table_move(a, CURSOR_PAGE_DOWN);
    case UI_FN(KEY_PPAGE):
        return table_move(a, CURSOR_PAGE_UP);
    default:
        break;
    }
    prompt_result r = prompt_key(&a->m.pr, key);
    if (r == PROMPT_IGNORED)
        return 0;
    return DIRTY_BOTTOM | (r == PROMPT_CHANGED ? REACT_TYPED : 0);
}

/* The prompt line: the text, and at the right why it does not compile (the
 * wrong character marked), why the filter stopped, or the keys. */
static void filter_draw(app *a, unsigned dirty)
{
    WINDOW *w = a->s.bottom;
    int width = a->s.lay.bottom.w;
    ui_style st = app_style(a, ROLE_NORMAL);
    int x = text_put(w, 0, 0, width, "/", app_style(a, ROLE_PROMPT));
    int field = width - x;
    char err[256] = "";
    size_t from = 0, to = 0;
    if (a->m.prompt_error) {
        snprintf(err, sizeof err, " %s %s", text_unicode() ? "\u2717" : "!", a->b.perr.msg);
        from = a->b.perr.pos;
        to = from < a->m.pr.len ? from + 1 : 0;
        while (to && to < a->m.pr.len && ((unsigned char)a->m.pr.buf[to] & 0xC0) == 0x80)
            to++;
        /* the message takes at most half the line, the text the rest */
        int ew = text_width(err);
        if (ew > width / 2)
            ew = width / 2;
        field -= ew;
        text_put(w, 0, width - ew, ew, err, app_style(a, ROLE_ERROR));
    } else if (a->b.filter_error[0]) {
        /* the query compiled but a regex gave up: say so while typing */
        snprintf(err, sizeof err, " %s %s", text_unicode() ? "\u2717" : "!", a->b.filter_error);
        int ew = text_width(err);
        if (ew > width / 2)
            ew = width / 2;
        field -= ew;
        text_put(w, 0, width - ew, ew, err, app_style(a, ROLE_ERROR));
    } else {
        const char *hint = "Enter keep  Esc restore ";
        int hw = text_width(hint);
        if (text_width(a->m.pr.buf) + hw + 8 < field) {
            field -= hw;
            text_put(w, 0, width - hw, hw, hint, app_style(a, ROLE_DIM));
        }
    }
    prompt_draw(&a->m.pr, w, 0, x, field, st, from, to, app_style(a, ROLE_ERROR), &a->s.cursor_x);
}

const mode_ops prompt_mode = {
    .flags = MODE_BOTTOM,
    .key = filter_key,
    .mouse = NULL,
    .draw = filter_draw,
};
