/* prompt: the filter line editor; see prompt.h. */
#include "prompt.h"

#include <string.h>

#include "keymap.h"
#include "paperdeck/ascii.h"
#include "paperdeck/utf8.h"

void prompt_set(prompt *p, const char *text)
{
    if (!text)
        text = "";
    size_t n = strlen(text);
    if (n >= PROMPT_MAX) { /* cut, but never in the middle of a character */
        n = PROMPT_MAX - 1;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(p->buf, text, n);
    p->buf[n] = '\0';
    p->len = p->cur = n;
    p->scroll = 0;
}

/* Start of the code point before byte offset i. */
static size_t prev_cp(const char *s, size_t i)
{
    while (i > 0) {
        i--;
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            break;
    }
    return i;
}

static size_t next_cp(const char *s, size_t n, size_t i)
{
    uint32_t cp;
    return i < n ? i + utf8_decode(s + i, n - i, &cp) : n;
}

static int cp_width_at(const char *s, size_t n, size_t i)
{
    uint32_t cp;
    utf8_decode(s + i, n - i, &cp);
    return utf8_cp_width(utf8_visible(cp));
}

/* Moves over whole characters: a base and its combining marks. */
static size_t prev_char(const prompt *p, size_t i)
{
    while (i > 0) {
        i = prev_cp(p->buf, i);
        if (cp_width_at(p->buf, p->len, i) != 0)
            break;
    }
    return i;
}

static size_t next_char(const prompt *p, size_t i)
{
    i = next_cp(p->buf, p->len, i);
    while (i < p->len && cp_width_at(p->buf, p->len, i) == 0)
        i = next_cp(p->buf, p->len, i);
    return i;
}

static void delete_range(prompt *p, size_t from, size_t to)
{
    memmove(p->buf + from, p->buf + to, p->len - to + 1);
    p->len -= to - from;
    p->cur = from;
}

static bool insert_cp(prompt *p, uint32_t cp)
{
    char enc[4];
    size_t n = utf8_encode(cp, enc);
    if (p->len + n >= PROMPT_MAX)
        return false;
    memmove(p->buf + p->cur + n, p->buf + p->cur, p->len - p->cur + 1);
    memcpy(p->buf + p->cur, enc, n);
    p->len += n;
    p->cur += n;
    return true;
}

/* Ctrl-W's words: what blanks separate. */
static bool in_blank_word(char c)
{
    return c != ' ' && c != '\t';
}

/* Alt-b, Alt-f, Alt-d's words, as readline's: letters and digits (any
 * character beyond ASCII counts as a letter). */
static bool in_word(char c)
{
    return ascii_is_alnum(c) || (unsigned char)c >= 0x80;
}

/* The start of the word before the cursor, over what is between. */
static size_t word_before(const prompt *p, bool (*word)(char))
{
    size_t i = p->cur;
    while (i > 0 && !word(p->buf[i - 1]))
        i--;
    while (i > 0 && word(p->buf[i - 1]))
        i--;
    return i;
}

/* The end of the word after the cursor (readline's forward-word). */
static size_t word_after(const prompt *p)
{
    size_t i = p->cur;
    while (i < p->len && !in_word(p->buf[i]))
        i++;
    while (i < p->len && in_word(p->buf[i]))
        i++;
    return i;
}

/* Moves the cursor to `to`, or deletes up to it. */
static prompt_result word_key(prompt *p, size_t to, bool delete)
{
    if (to == p->cur)
        return PROMPT_IGNORED;
    if (!delete) {
        p->cur = to;
        return PROMPT_MOVED;
    }
    delete_range(p, to < p->cur ? to : p->cur, to < p->cur ? p->cur : to);
    return PROMPT_CHANGED;
}

prompt_result prompt_key(prompt *p, int key)
{
    size_t old = p->cur;
    switch (key) {
    case UI_FN(KEY_LEFT):
    case UI_CTRL('b'):
        p->cur = prev_char(p, p->cur);
        return p->cur != old ? PROMPT_MOVED : PROMPT_IGNORED;
    case UI_FN(KEY_RIGHT):
    case UI_CTRL('f'):
        p->cur = next_char(p, p->cur);
        return p->cur != old ? PROMPT_MOVED : PROMPT_IGNORED;
    case UI_FN(KEY_HOME):
    case UI_CTRL('a'):
        p->cur = 0;
        return PROMPT_MOVED;
    case UI_FN(KEY_END):
    case UI_CTRL('e'):
        p->cur = p->len;
        return PROMPT_MOVED;
    case UI_FN(KEY_BACKSPACE):
    case 127:
    case UI_CTRL('h'):
        if (p->cur == 0)
            return PROMPT_IGNORED;
        delete_range(p, prev_char(p, p->cur), p->cur);
        return PROMPT_CHANGED;
    case UI_FN(KEY_DC):
    case UI_CTRL('d'):
        if (p->cur == p->len)
            return PROMPT_IGNORED;
        delete_range(p, p->cur, next_char(p, p->cur));
        return PROMPT_CHANGED;
    case UI_CTRL('u'):
        if (p->cur == 0)
            return PROMPT_IGNORED;
        delete_range(p, 0, p->cur);
        return PROMPT_CHANGED;
    case UI_CTRL('k'):
        if (p->cur == p->len)
            return PROMPT_IGNORED;
        p->buf[p->len = p->cur] = '\0';
        return PROMPT_CHANGED;
    case UI_CTRL('w'):
        return word_key(p, word_before(p, in_blank_word), true);
    case UI_ALT('b'):
    case UI_KEY_CTRL | UI_FN(KEY_LEFT):
    case UI_ALT(UI_FN(KEY_LEFT)):
        return word_key(p, word_before(p, in_word), false);
    case UI_ALT('f'):
    case UI_KEY_CTRL | UI_FN(KEY_RIGHT):
    case UI_ALT(UI_FN(KEY_RIGHT)):
        return word_key(p, word_after(p), false);
    case UI_ALT(UI_FN(KEY_BACKSPACE)):
    case UI_ALT(UI_CTRL('h')):
        return word_key(p, word_before(p, in_word), true);
    case UI_ALT('d'):
        return word_key(p, word_after(p), true);
    default:
        break;
    }
    if (key & UI_KEY_FN || key < 0 || key > 0x10FFFF || utf8_is_control((uint32_t)key))
        return PROMPT_IGNORED;
    return insert_cp(p, (uint32_t)key) ? PROMPT_CHANGED : PROMPT_IGNORED;
}

void prompt_draw(prompt *p, WINDOW *w, int y, int x, int width, ui_style st, size_t err_from,
                 size_t err_to, ui_style err_style, int *cursor_x)
{
    if (width <= 0) {
        *cursor_x = x;
        return;
    }
    /* Keep the cursor inside the field, one column spare for it at the end. */
    int before = (int)utf8_width(p->buf, p->cur);
    int total = (int)utf8_width(p->buf, p->len);
    if (before - p->scroll > width - 1)
        p->scroll = before - (width - 1);
    if (before < p->scroll)
        p->scroll = before;
    if (total - p->scroll < width - 1) /* room on the right: show more on the left */
        p->scroll = total - (width - 1);
    if (p->scroll < 0)
        p->scroll = 0;
    /* Skip the hidden columns, whole characters at a time. */
    size_t start = utf8_fit(p->buf, p->len, (size_t)p->scroll, NULL);
    int skipped = (int)utf8_width(p->buf, start);
    while (skipped < p->scroll && start < p->len) {
        start = next_char(p, start);
        skipped = (int)utf8_width(p->buf, start);
    }
    int col = x + skipped - p->scroll;
    text_fill(w, y, x, width, st);
    size_t i = start;
    while (i < p->len) {
        size_t j = next_char(p, i);
        int cw = (int)utf8_width(p->buf + i, j - i);
        if (col + cw > x + width)
            break;
        bool bad = err_to > err_from && i < err_to && j > err_from;
        text_draw(w, y, col, cw, p->buf + i, j - i, bad ? err_style : st, NULL, 0, 0);
        col += cw;
        i = j;
    }
    *cursor_x = x + before - p->scroll;
    if (*cursor_x > x + width - 1)
        *cursor_x = x + width - 1;
}
