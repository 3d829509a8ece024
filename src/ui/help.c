/* help: the `?` overlay, generated from the keymap table (so the keys it
 * lists are the keys that work) and the query grammar's table (the one
 * --help and the manual page show). */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "paperdeck/query_grammar.h"

#define KEYS_W_MAX 24

typedef struct hctx {
    app *a;
    WINDOW *w;
    int x, width, y0, rows, scroll, line;
} hctx;

static int row_of(const hctx *h)
{
    int r = h->line - h->scroll;
    return r >= 0 && r < h->rows ? h->y0 + r : -1;
}

static void emit_pair(hctx *h, int keys_w, const char *keys, ui_role key_role, const char *text)
{
    int y = row_of(h);
    if (y >= 0) {
        text_put(h->w, y, h->x + 2, keys_w, keys, app_style(h->a, key_role));
        text_put(h->w, y, h->x + 2 + keys_w + 2, h->width - keys_w - 4, text,
                 app_style(h->a, ROLE_NORMAL));
    }
    h->line++;
}

static void emit_heading(hctx *h, const char *text)
{
    int y = row_of(h);
    if (y >= 0)
        text_put(h->w, y, h->x, h->width, text, app_style(h->a, ROLE_HEADER));
    h->line++;
}

/* True when name is one of the blank-separated names in list. */
static bool has_name(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; (p = strstr(p, name)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

/* Joins the names of the bindings of the action starting at kb[i] into buf
 * (Enter is bound to several key codes but listed once); returns the index
 * after them. */
static size_t key_names(const keybinding *kb, size_t n, size_t i, char *buf, size_t size)
{
    size_t len = 0;
    ui_action act = kb[i].action;
    buf[0] = '\0';
    for (; i < n && kb[i].action == act; i++) {
        if (has_name(buf, kb[i].name) || len + strlen(kb[i].name) + 2 >= size)
            continue;
        len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? " " : "", kb[i].name);
    }
    return i;
}

static void emit_all(hctx *h, int keys_w)
{
    size_t n;
    const keybinding *kb = keymap_table(&n);
    h->line = 0;
    for (int g = 0; g < GROUP_COUNT_; g++) {
        emit_heading(h, keymap_group_name((key_group)g));
        for (size_t i = 0; i < n;) {
            char names[128];
            size_t next = key_names(kb, n, i, names, sizeof names);
            if (kb[i].group == (key_group)g && kb[i].help) {
                if (kb[i].action == ACT_OPEN_LINK) /* 1 2 3 ... 9 reads better as 1-9 */
                    snprintf(names, sizeof names, "1-9");
                emit_pair(h, keys_w, names, ROLE_KEY, kb[i].help);
            }
            i = next;
        }
        h->line++;
    }
    char heading[96];
    snprintf(heading, sizeof heading, "Filter queries (after /): %s", query_grammar_intro);
    emit_heading(h, heading);
    for (size_t i = 0; i < query_grammar_count; i++)
        emit_pair(h, keys_w, query_grammar[i].syntax, ROLE_ARXIV, query_grammar[i].meaning);
}

static int keys_width(void)
{
    size_t n;
    const keybinding *kb = keymap_table(&n);
    int w = 12;
    for (size_t i = 0; i < n;) {
        char names[128];
        size_t next = key_names(kb, n, i, names, sizeof names);
        if (kb[i].help && kb[i].action != ACT_OPEN_LINK && text_width(names) > w)
            w = text_width(names);
        i = next;
    }
    return w > KEYS_W_MAX ? KEYS_W_MAX : w;
}

static void help_draw(app *a)
{
    int lines = LINES, cols = COLS;
    int keys_w = keys_width();
    int want_w = keys_w + 62;
    int width = cols - 4 < want_w ? cols - 4 : want_w;
    int height = lines - 2;
    if (width < 16 || height < 3) { /* too small to frame: use the whole screen */
        width = cols;
        height = lines;
    }
    if (width < 1 || height < 1)
        return;
    if (keys_w > width / 2)
        keys_w = width / 2;

    hctx count = {.a = a, .width = width - 4};
    emit_all(&count, keys_w);
    a->m.help.lines = count.line;
    if (count.line + 2 < height)
        height = count.line + 2;

    int y = (lines - height) / 2, x = (cols - width) / 2;
    if (a->s.help) {
        int oh, ow;
        getmaxyx(a->s.help, oh, ow);
        if (oh != height || ow != width) {
            delwin(a->s.help);
            a->s.help = NULL;
        }
    }
    if (!a->s.help)
        a->s.help = newwin(height, width, y, x);
    if (!a->s.help)
        return;
    mvwin(a->s.help, y, x);
    WINDOW *w = a->s.help;
    werase(w);
    bool frame = height >= 3 && width >= 16;
    hctx h = {.a = a, .w = w, .x = frame ? 2 : 0, .width = width - (frame ? 4 : 0)};
    h.y0 = frame ? 1 : 0;
    h.rows = height - (frame ? 2 : 0);
    uint32_t max_scroll = cursor_clamp_scroll(&a->m.help.cur, (uint32_t)count.line, h.rows);
    h.scroll = (int)a->m.help.cur.top;
    emit_all(&h, keys_w);
    if (!frame)
        return;
    ui_style border = app_style(a, ROLE_BORDER_FOCUS);
    text_frame(w, height, width, border);
    char title[64];
    snprintf(title, sizeof title, " paperdeck %s help ", PAPERDECK_VERSION);
    text_put(w, 0, 2, width - 4, title, app_style(a, ROLE_HEADER));
    char foot[64];
    if (max_scroll > 0)
        snprintf(foot, sizeof foot, " j/k scroll %s q close ", a->theme.glyph.dot);
    else
        snprintf(foot, sizeof foot, " q close ");
    int fw = text_width(foot);
    if (fw + 4 <= width)
        text_put(w, height - 1, width - 2 - fw, fw, foot, app_style(a, ROLE_DIM));
}

/* --- the mode ------------------------------------------------------------- */

#define HELP_PAGE 10 /* lines a page key scrolls */

unsigned help_open(app *a)
{
    a->m.help.cur.top = 0;
    app_push_mode(a, &help_mode);
    return DIRTY_OVERLAY;
}

static unsigned help_close(app *a)
{
    a->m.help.cur.top = 0;
    if (a->s.help)
        delwin(a->s.help);
    a->s.help = NULL;
    return app_pop_mode(a, &help_mode);
}

/* The moves scroll it, Ctrl-C quits, any other key closes it. */
static unsigned help_key(app *a, int key, ui_action act, int arg)
{
    cursor_motion m = action_motion(act);
    if (m != CURSOR_STAY) {
        cursor_scroll(&a->m.help.cur, m, (uint32_t)(a->m.help.lines + 1), HELP_PAGE);
        return DIRTY_OVERLAY;
    }
    if (act == ACT_INTERRUPT)
        return input_global(a, act, arg);
    return help_close(a);
}

static unsigned help_mouse(app *a, int wheel, bool click)
{
    return click ? help_close(a) : 0;
}

static void help_mode_draw(app *a, unsigned dirty)
{
    help_draw(a);
}

const mode_ops help_mode = {
    .flags = MODE_OVERLAY,
    .key = help_key,
    .mouse = help_mouse,
    .draw = help_mode_draw,
};
