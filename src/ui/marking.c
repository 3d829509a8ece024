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

unsigned marking_toggle(app *a, unsigned flag)
{
    const entry *e = app_selected(a);
    if (!e) {
        app_message(a, true, "no entry selected");
        return 0;
    }
    if (!a->marks) {
        app_message(a, true, "marks are off (no state directory: set XDG_STATE_HOME or HOME)");
        return 0;
    }
    uint32_t id = (uint32_t)(e - a->b.cat->entries);
    char key[MARKS_KEY_MAX], msg[MARKS_MSG_MAX];
    marks_entry_key(e, key, sizeof key);
    bool on = !(index_marks(a->b.ix, id) & flag);
    int rc = marks_set(a->marks, key, flag, on, msg, sizeof msg);
    /* All entries: the same paper may be listed twice, and the save brought
     * in what other instances marked meanwhile. */
    index_load_marks(a->b.ix, a->marks);
    if (rc != 0) {
        app_message(a, true, "not saved: %s", msg);
        return 0;
    }
    unsigned dirty = DIRTY_TABLE | DIRTY_DETAIL | DIRTY_OVERLAY;
    if (flag == MARK_READ) /* reading clears new: the pane's +N counts change */
        dirty |= DIRTY_SIDEBAR;
    /* Under is:starred the row stays, so a mis-press can be undone with the
     * same key (as mutt and newsboat do); the filter tests the new marks
     * when it is applied again. */
    if (query_uses_marks(a->b.query_text)) {
        browser_forget_matches(&a->b);
        a->m.filter_stale = true;
    }
    if (msg[0]) { /* saved, but the old file was corrupt: say so */
        app_message(a, true, "%s", msg);
        return dirty;
    }
    const char *what = flag == MARK_STARRED ? (on ? "starred" : "unstarred")
                                            : (on ? "marked read" : "marked unread");
    app_message(a, false, "%s: %s", what, e->title);
    return dirty;
}

/* --- the BibTeX view ------------------------------------------------------ */

unsigned bibview_open(app *a)
{
    const entry *e = app_selected(a);
    if (!e) {
        app_message(a, true, "no entry selected");
        return 0;
    }
    free(a->m.bib_text);
    a->m.bib_text = bibtex_entry(a->b.cat, e, NULL);
    a->m.bib.cur.top = 0;
    return app_push_mode(a, &bibtex_mode);
}

static unsigned bibview_close(app *a)
{
    free(a->m.bib_text);
    a->m.bib_text = NULL;
    a->m.bib.cur.top = 0;
    return app_pop_mode(a, &bibtex_mode);
}

static void bibview_copy(app *a)
{
    /* Written between two screen updates, so it never splits curses' output. */
    unsigned how = clipboard_put(a->tty_fd, a->m.bib_text, true);
    if (how)
        app_message(a, false, "%s: the BibTeX entry (%zu bytes)", clipboard_said(how),
                    strlen(a->m.bib_text));
    else
        app_message(a, true, "cannot copy the BibTeX entry (too long, or odd characters)");
}

/* Every key stops here: y copies, Esc, q and b close, the moves (but half
 * pages) scroll, the rest do nothing. */
static unsigned bibview_key(app *a, int key, ui_action act, int arg)
{
    int page = a->s.lay.body.h > 3 ? a->s.lay.body.h - 2 : 1;
    cursor_motion m = action_motion(act);
    switch (act) {
    case ACT_COPY:
        bibview_copy(a);
        break;
    case ACT_BACK:
    case ACT_QUIT:
    case ACT_BIBTEX:
        return bibview_close(a);
    case ACT_INTERRUPT:
        a->l.quit = true;
        return bibview_close(a);
    case ACT_HALF_DOWN:
    case ACT_HALF_UP:
        return 0;
    case ACT_REDRAW:
        clearok(curscr, TRUE);
        break;
    default:
        if (m == CURSOR_STAY)
            return 0;
        cursor_scroll(&a->m.bib.cur, m, (uint32_t)a->m.bib.lines, page);
        break;
    }
    return DIRTY_OVERLAY;
}

/* Nothing under the view is clickable; the wheel scrolls it. */
static unsigned bibview_mouse(app *a, int wheel, bool click)
{
    if (!wheel)
        return 0;
    return bibview_key(a, 0, wheel > 0 ? ACT_DOWN : ACT_UP, 0);
}

static void bibview_draw(app *a, WINDOW *w)
{
    if (!w || !a->m.bib_text)
        return;
    int h, width;
    getmaxyx(w, h, width);
    werase(w);
    bool frame = h >= 3 && width >= 8;
    int x = frame ? 2 : 0, y0 = frame ? 1 : 0, rows = h - (frame ? 2 : 0);
    int cols = width - (frame ? 4 : 0);
    int lines = 0;
    for (const char *p = a->m.bib_text; *p; p++)
        lines += *p == '\n';
    a->m.bib.lines = lines;
    cursor_clamp_scroll(&a->m.bib.cur, (uint32_t)lines, rows);
    int top = (int)a->m.bib.cur.top;
    /* Long lines are cut, not wrapped: what is shown is what is copied. */
    const char *p = a->m.bib_text;
    for (int line = 0; *p && rows > 0; line++) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        int r = line - top;
        if (r >= 0 && r < rows)
            text_draw(w, y0 + r, x, cols, p, n, app_style(a, ROLE_NORMAL), NULL, 0, TEXT_ELLIPSIS);
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

static void bibview_mode_draw(app *a, unsigned dirty)
{
    if (dirty & (DIRTY_OVERLAY | DIRTY_DETAIL | DIRTY_TABLE))
        bibview_draw(a, a->s.full);
}

const mode_ops bibtex_mode = {
    .flags = MODE_FULL,
    .key = bibview_key,
    .mouse = bibview_mouse,
    .draw = bibview_mode_draw,
};
