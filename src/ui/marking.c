/* marking: what `*`, `r` and `b` do to the selected entry: star it, mark it
 * read (saved at once, see marks.h), or show its BibTeX full screen, where
 * `y` copies it (OSC 52). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "paperdeck/bibtex.h"
#include "paperdeck/clipboard.h"

/* Whether the filter tests marks, so a change can move entries in or out. */
static bool query_uses_marks(const char *text)
{
    for (const char *p = text; p[0] && p[1] && p[2]; p++)
        if ((p[0] | 0x20) == 'i' && (p[1] | 0x20) == 's' && p[2] == ':')
            return true;
    return false;
}

/* Filters again after a mark changed, keeping the selection where it was
 * (by row: the entry itself may have left the view). */
static void refilter(app *a)
{
    uint32_t sel = a->sel, top = a->top;
    int32_t sec = a->section;
    char text[PROMPT_MAX];
    snprintf(text, sizeof text, "%s", a->query_text);
    app_forget_matches(a); /* the same query: it would narrow from stale marks */
    app_apply_query(a, text);
    if (sec != a->section)
        app_set_section(a, sec);
    a->sel = a->shown.n ? (sel < a->shown.n ? sel : a->shown.n - 1) : 0;
    a->top = top;
    table_keep_visible(a);
    app_rank_visible(a);
}

void marking_toggle(app *a, unsigned flag)
{
    const entry *e = app_selected(a);
    if (!e) {
        app_message(a, true, "no entry selected");
        return;
    }
    if (!a->marks) {
        app_message(a, true, "marks are off (no state directory: set XDG_STATE_HOME or HOME)");
        return;
    }
    uint32_t id = (uint32_t)(e - a->cat->entries);
    char key[MARKS_KEY_MAX], msg[MARKS_MSG_MAX];
    marks_entry_key(e, key, sizeof key);
    bool on = !(index_marks(a->ix, id) & flag);
    int rc = marks_set(a->marks, key, flag, on, msg, sizeof msg);
    /* All entries: the same paper may be listed twice, and the save brought
     * in what other instances marked meanwhile. */
    index_load_marks(a->ix, a->marks);
    if (rc != 0) {
        app_message(a, true, "not saved: %s", msg);
        return;
    }
    if (query_uses_marks(a->query_text))
        refilter(a);
    a->dirty |= DIRTY_TABLE | DIRTY_DETAIL | DIRTY_OVERLAY;
    if (msg[0]) { /* saved, but the old file was corrupt: say so */
        app_message(a, true, "%s", msg);
        return;
    }
    const char *what = flag == MARK_STARRED ? (on ? "starred" : "unstarred")
                                            : (on ? "marked read" : "marked unread");
    app_message(a, false, "%s: %s", what, e->title);
}

/* --- the BibTeX view ------------------------------------------------------ */

void bibview_open(app *a)
{
    const entry *e = app_selected(a);
    if (!e) {
        app_message(a, true, "no entry selected");
        return;
    }
    free(a->bib_text);
    a->bib_text = bibtex_entry(a->cat, e, NULL);
    a->bib_scroll = 0;
    a->dirty = DIRTY_ALL;
}

void bibview_close(app *a)
{
    free(a->bib_text);
    a->bib_text = NULL;
    a->bib_scroll = 0;
    a->dirty = DIRTY_ALL;
}

static void bibview_copy(app *a)
{
    /* Written between two screen updates, so it never splits curses' output. */
    if (clipboard_copy_lines(a->tty_fd, a->bib_text) == 0)
        app_message(a, false, "copied the BibTeX entry (%zu bytes)", strlen(a->bib_text));
    else
        app_message(a, true, "cannot copy the BibTeX entry (too long, or odd characters)");
}

void bibview_key(app *a, ui_action action)
{
    int page = a->lay.body.h > 3 ? a->lay.body.h - 2 : 1;
    switch (action) {
    case ACT_COPY:
        bibview_copy(a);
        break;
    case ACT_BACK:
    case ACT_QUIT:
    case ACT_BIBTEX:
        bibview_close(a);
        break;
    case ACT_INTERRUPT:
        bibview_close(a);
        a->quit = true;
        break;
    case ACT_DOWN: a->bib_scroll++; break;
    case ACT_UP: a->bib_scroll--; break;
    case ACT_PAGE_DOWN:
    case ACT_TOGGLE: a->bib_scroll += page; break;
    case ACT_PAGE_UP: a->bib_scroll -= page; break;
    case ACT_FIRST: a->bib_scroll = 0; break;
    case ACT_LAST: a->bib_scroll = a->bib_lines; break;
    case ACT_REDRAW:
        clearok(curscr, TRUE);
        break;
    default:
        return;
    }
    a->dirty |= DIRTY_OVERLAY;
}

void bibview_draw(app *a, WINDOW *w)
{
    if (!w || !a->bib_text)
        return;
    int h, width;
    getmaxyx(w, h, width);
    werase(w);
    bool frame = h >= 3 && width >= 8;
    int x = frame ? 2 : 0, y0 = frame ? 1 : 0, rows = h - (frame ? 2 : 0);
    int cols = width - (frame ? 4 : 0);
    int lines = 0;
    for (const char *p = a->bib_text; *p; p++)
        lines += *p == '\n';
    a->bib_lines = lines;
    int max_scroll = lines > rows ? lines - rows : 0;
    if (a->bib_scroll > max_scroll)
        a->bib_scroll = max_scroll;
    if (a->bib_scroll < 0)
        a->bib_scroll = 0;
    /* Long lines are cut, not wrapped: what is shown is what is copied. */
    const char *p = a->bib_text;
    for (int line = 0; *p && rows > 0; line++) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        int r = line - a->bib_scroll;
        if (r >= 0 && r < rows)
            text_draw(w, y0 + r, x, cols, p, n, app_style(a, ROLE_NORMAL), NULL, 0,
                      TEXT_ELLIPSIS);
        p += n + (nl ? 1 : 0);
    }
    if (!frame)
        return;
    ui_style border = app_style(a, ROLE_BORDER_FOCUS);
    text_frame(w, h, width, border);
    text_put(w, 0, 1, width - 3, " BibTeX ", app_style(a, ROLE_HEADER));
    const char *keys = " y copy  Esc/q back  j/k scroll ";
    if (text_width(keys) + 4 <= width)
        text_put(w, h - 1, 2, width - 4, keys, app_style(a, ROLE_DIM));
}
