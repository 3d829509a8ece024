/* text: UTF-8 strings drawn at display width; see text.h. */
#include "text.h"

#include <string.h>
#include <wchar.h>

#include "paperdeck/utf8.h"

#define ELLIPSIS 0x2026u
#define MAX_MARKS_PER_CELL 4 /* combining marks kept with one base */

/* Whether the locale can show Unicode: set once by the app before drawing. */
static bool unicode_ok = true;

void text_set_unicode(bool on)
{
    unicode_ok = on;
}

bool text_unicode(void)
{
    return unicode_ok;
}

static void put_ascii(WINDOW *w, int y, int x, char ch, ui_style st)
{
    mvwaddch(w, y, x, (chtype)(unsigned char)ch | st.attr | COLOR_PAIR(st.pair));
}

/* Draws one character cell: a base code point and its zero-width marks,
 * taking cols columns. Where the C library would measure the character
 * differently than utf8_cp_width (or cannot show it), '?' stands in, so
 * curses' idea of the row always matches ours. */
static void put_cell(WINDOW *w, int y, int x, const uint32_t *cps, int ncps, int cols, ui_style st)
{
    uint32_t base = cps[0];
    if (base < 0x80 && ncps == 1) {
        put_ascii(w, y, x, (char)base, st);
        return;
    }
    if (unicode_ok && wcwidth((wchar_t)base) == cols) {
        wchar_t wc[MAX_MARKS_PER_CELL + 2];
        int k = 0;
        for (; k < ncps && k <= MAX_MARKS_PER_CELL; k++)
            wc[k] = (wchar_t)cps[k];
        wc[k] = L'\0';
        cchar_t cc;
        if (setcchar(&cc, wc, st.attr, st.pair, NULL) == OK) {
            mvwadd_wch(w, y, x, &cc);
            return;
        }
    }
    for (int i = 0; i < cols; i++)
        put_ascii(w, y, x + i, '?', st);
}

/* Decodes the cell at s[*i..n): its base and following zero-width marks.
 * Returns how many code points it holds (0 at the end); *cols gets its width
 * and *ncp the code points consumed (marks past the limit are dropped). */
static int next_cell(const char *s, size_t n, size_t *i, uint32_t *cps, int *cols, uint32_t *ncp)
{
    int k = 0;
    *cols = 0;
    *ncp = 0;
    while (*i < n) {
        uint32_t cp;
        size_t len = utf8_decode(s + *i, n - *i, &cp);
        uint32_t vis = utf8_visible(cp);
        int cw = utf8_cp_width(vis);
        if (k > 0 && cw != 0)
            break;
        *i += len;
        (*ncp)++;
        if (k == 0 && cw == 0)
            continue; /* a mark with no base: nothing to attach it to */
        if (k <= MAX_MARKS_PER_CELL)
            cps[k++] = vis;
        if (k == 1)
            *cols = cw;
    }
    return k;
}

static bool marked(const text_marks *m, size_t *cursor, uint32_t idx)
{
    if (!m)
        return false;
    while (*cursor < m->n && m->pos[*cursor] < idx)
        (*cursor)++;
    return *cursor < m->n && m->pos[*cursor] == idx;
}

int text_draw(WINDOW *w, int y, int x, int width, const char *s, size_t n, ui_style st,
              const text_marks *marks, uint32_t base, unsigned flags)
{
    if (!w || width <= 0 || y < 0 || x < 0)
        return 0;
    if (!s)
        n = 0;
    size_t limit = n;
    bool cut = false;
    if ((int)utf8_width(s ? s : "", n) > width) {
        size_t room = (size_t)width - ((flags & TEXT_ELLIPSIS) ? 1 : 0);
        limit = utf8_fit(s, n, room, NULL);
        cut = true;
    }
    int used = 0;
    size_t i = 0, mcur = 0;
    uint32_t idx = base;
    while (i < limit) {
        uint32_t cps[MAX_MARKS_PER_CELL + 1];
        int cols;
        uint32_t ncp;
        uint32_t first = idx;
        int k = next_cell(s, limit, &i, cps, &cols, &ncp);
        idx += ncp;
        if (k == 0)
            continue;
        if (used + cols > width)
            break;
        ui_style cs = marked(marks, &mcur, first) ? marks->style : st;
        put_cell(w, y, x + used, cps, k, cols, cs);
        used += cols;
    }
    if (cut && (flags & TEXT_ELLIPSIS) && used < width) {
        uint32_t e = unicode_ok ? ELLIPSIS : '~';
        put_cell(w, y, x + used, &e, 1, 1, st);
        used++;
    }
    if (flags & TEXT_PAD) {
        text_fill(w, y, x + used, width - used, st);
        used = width;
    }
    return used;
}

int text_put(WINDOW *w, int y, int x, int width, const char *s, ui_style st)
{
    return text_draw(w, y, x, width, s, s ? strlen(s) : 0, st, NULL, 0, TEXT_ELLIPSIS);
}

void text_fill(WINDOW *w, int y, int x, int width, ui_style st)
{
    for (int i = 0; w && i < width; i++)
        put_ascii(w, y, x + i, ' ', st);
}

int text_width(const char *s)
{
    return s ? (int)utf8_width(s, strlen(s)) : 0;
}

static const cchar_t *box_wacs(box_part part)
{
    switch (part) {
    case BOX_H:
        return WACS_HLINE;
    case BOX_V:
        return WACS_VLINE;
    case BOX_TL:
        return WACS_ULCORNER;
    case BOX_TR:
        return WACS_URCORNER;
    case BOX_BL:
        return WACS_LLCORNER;
    case BOX_BR:
        return WACS_LRCORNER;
    case BOX_TDOWN:
        return WACS_TTEE;
    case BOX_TUP:
        return WACS_BTEE;
    case BOX_TRIGHT:
        return WACS_LTEE;
    case BOX_TLEFT:
        return WACS_RTEE;
    case BOX_THUMB:
        return WACS_CKBOARD;
    }
    return WACS_HLINE;
}

void text_box(WINDOW *w, int y, int x, box_part part, ui_style st)
{
    if (!w || y < 0 || x < 0)
        return;
    if (part == BOX_THUMB && unicode_ok) {
        uint32_t heavy = 0x2503; /* ┃ */
        put_cell(w, y, x, &heavy, 1, 1, st);
        return;
    }
    cchar_t cc = *box_wacs(part);
    wchar_t wc[CCHARW_MAX + 1];
    attr_t a;
    short pair;
    if (getcchar(&cc, wc, &a, &pair, NULL) != ERR) {
        setcchar(&cc, wc, a | st.attr, st.pair, NULL);
        mvwadd_wch(w, y, x, &cc);
    }
}

void text_hline(WINDOW *w, int y, int x, int width, ui_style st)
{
    for (int i = 0; i < width; i++)
        text_box(w, y, x + i, BOX_H, st);
}

void text_rule(WINDOW *w, int y, int width, box_part left, box_part right, ui_style st)
{
    text_box(w, y, 0, left, st);
    text_hline(w, y, 1, width - 2, st);
    text_box(w, y, width - 1, right, st);
}

void text_frame(WINDOW *w, int h, int width, ui_style st)
{
    text_rule(w, 0, width, BOX_TL, BOX_TR, st);
    for (int y = 1; y < h - 1; y++) {
        text_box(w, y, 0, BOX_V, st);
        text_box(w, y, width - 1, BOX_V, st);
    }
    text_rule(w, h - 1, width, BOX_BL, BOX_BR, st);
}
