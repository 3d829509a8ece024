/* list_cursor: the one cursor of every scrolling thing the browser shows
 * (the table, the category pane, the detail, help and BibTeX views), as
 * htop's Panel moves once for all its lists.
 *
 * A list of n rows shows `rows` of them from `top`; a selecting list also
 * has `sel`, kept inside the shown rows. A text view only scrolls: its top
 * moves and its drawing clamps it to the text (cursor_clamp_scroll).
 * Curses-free, so it is unit-tested with the browser model. */
#ifndef PAPERDECK_LIST_CURSOR_H
#define PAPERDECK_LIST_CURSOR_H

#include <stdbool.h>
#include <stdint.h>

typedef enum cursor_motion {
    CURSOR_STAY,
    CURSOR_LINE_DOWN,
    CURSOR_LINE_UP,
    CURSOR_PAGE_DOWN,
    CURSOR_PAGE_UP,
    CURSOR_HALF_DOWN,
    CURSOR_HALF_UP,
    CURSOR_HOME,
    CURSOR_END,
} cursor_motion;

typedef struct list_cursor {
    uint32_t sel; /* the selected row (selecting lists only) */
    uint32_t top; /* the first row shown */
} list_cursor;

/* How far m moves from pos in a list of n showing page rows (page < 1
 * counts as 1): +1, -page, to 0 (-pos), to n (n - pos)... */
long cursor_delta(cursor_motion m, int page, uint32_t pos, uint32_t n);
/* pos + delta, kept in [0, n) (0 when n is 0). */
uint32_t cursor_step(uint32_t pos, long delta, uint32_t n);
/* Moves the selection by m; true when it moved. The top is not changed:
 * cursor_keep_visible follows. */
bool cursor_move(list_cursor *c, cursor_motion m, uint32_t n, int page);
/* Keeps sel inside [0, n) and inside the rows shown, with no blank rows
 * under the last one when the list is longer than the window. n 0: sel and
 * top 0. rows <= 0: only sel is clamped. */
void cursor_keep_visible(list_cursor *c, uint32_t n, int rows);
/* Scrolls a text view: top moves by m as if it were the selection of a
 * list of n rows, never below 0. The upper bound is the drawing's to set
 * (cursor_clamp_scroll), once it knows how many lines the text has. */
void cursor_scroll(list_cursor *c, cursor_motion m, uint32_t n, int page);
/* Keeps top where a text of `lines` lines fills `rows` rows; returns the
 * largest top (0 when it all fits). */
uint32_t cursor_clamp_scroll(list_cursor *c, uint32_t lines, int rows);
/* The mouse wheel: scrolls the window of `rows` rows by delta rows over n
 * and drags sel into it. False, changing nothing, when the whole list fits
 * (the caller moves the selection instead). */
bool cursor_wheel(list_cursor *c, uint32_t n, int rows, int delta);

#endif
