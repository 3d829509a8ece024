/* list_cursor: selection and scrolling of a list; see list_cursor.h. */
#include "paperdeck/list_cursor.h"

long cursor_delta(cursor_motion m, int page, uint32_t pos, uint32_t n)
{
    if (page < 1)
        page = 1;
    long half = page / 2 > 0 ? page / 2 : 1;
    switch (m) {
    case CURSOR_LINE_DOWN:
        return 1;
    case CURSOR_LINE_UP:
        return -1;
    case CURSOR_PAGE_DOWN:
        return page;
    case CURSOR_PAGE_UP:
        return -page;
    case CURSOR_HALF_DOWN:
        return half;
    case CURSOR_HALF_UP:
        return -half;
    case CURSOR_HOME:
        return -(long)pos;
    case CURSOR_END:
        return (long)n - (long)pos;
    case CURSOR_STAY:
        break;
    }
    return 0;
}

uint32_t cursor_step(uint32_t pos, long delta, uint32_t n)
{
    if (n == 0)
        return 0;
    long p = (long)pos + delta;
    if (p < 0)
        p = 0;
    if (p >= (long)n)
        p = (long)n - 1;
    return (uint32_t)p;
}

bool cursor_move(list_cursor *c, cursor_motion m, uint32_t n, int page)
{
    uint32_t old = c->sel;
    c->sel = cursor_step(c->sel, cursor_delta(m, page, c->sel, n), n);
    return c->sel != old;
}

void cursor_keep_visible(list_cursor *c, uint32_t n, int rows)
{
    if (n == 0) {
        c->sel = c->top = 0;
        return;
    }
    if (c->sel >= n)
        c->sel = n - 1;
    if (rows <= 0)
        return;
    uint32_t r = (uint32_t)rows;
    if (c->sel < c->top)
        c->top = c->sel;
    if (c->sel >= c->top + r)
        c->top = c->sel - r + 1;
    if (c->top + r > n) /* no blank rows below the last one when it fits */
        c->top = n > r ? n - r : 0;
}

void cursor_scroll(list_cursor *c, cursor_motion m, uint32_t n, int page)
{
    long top = (long)c->top + cursor_delta(m, page, c->top, n);
    c->top = top > 0 ? (uint32_t)top : 0;
}

uint32_t cursor_clamp_scroll(list_cursor *c, uint32_t lines, int rows)
{
    uint32_t r = rows > 0 ? (uint32_t)rows : 0;
    uint32_t max = lines > r ? lines - r : 0;
    if (c->top > max)
        c->top = max;
    return max;
}

bool cursor_wheel(list_cursor *c, uint32_t n, int rows, int delta)
{
    uint32_t r = rows > 0 ? (uint32_t)rows : 0;
    if (n <= r)
        return false;
    c->top = cursor_step(c->top, delta, n - r + 1);
    if (c->sel < c->top)
        c->sel = c->top;
    if (c->sel >= c->top + r)
        c->sel = c->top + r - 1;
    return true;
}
