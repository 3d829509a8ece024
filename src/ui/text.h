/* text: drawing UTF-8 strings into curses windows at display width.
 *
 * Widths come from the project's utf8_* functions (locale independent), every
 * code point goes through utf8_visible so no control character reaches the
 * terminal, characters are never split, and cut text ends in an ellipsis. */
#ifndef PAPERDECK_UI_TEXT_H
#define PAPERDECK_UI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <curses.h>

typedef struct ui_style {
    attr_t attr;
    short pair;
} ui_style;

/* Code points to draw in another style: ascending code-point indices into the
 * whole string being drawn (a wrapped line passes its first index as base). */
typedef struct text_marks {
    const uint32_t *pos;
    size_t n;
    ui_style style;
} text_marks;

enum {
    TEXT_PAD = 1 << 0,      /* fill the rest of the width with blanks */
    TEXT_ELLIPSIS = 1 << 1, /* end cut text with an ellipsis */
};

/* Set once at start: false when the locale cannot show non-ASCII text, in
 * which case other characters are drawn as '?' (as wide as they are). */
void text_set_unicode(bool on);
bool text_unicode(void);

/* Draws s[0..n) on row y from column x within width columns. marks may be
 * NULL; base is the code-point index of s[0] for the marks. Returns the
 * columns drawn (including padding). Negative or zero widths draw nothing. */
int text_draw(WINDOW *w, int y, int x, int width, const char *s, size_t n, ui_style st,
              const text_marks *marks, uint32_t base, unsigned flags);
/* text_draw of a NUL-terminated string with TEXT_ELLIPSIS. */
int text_put(WINDOW *w, int y, int x, int width, const char *s, ui_style st);
/* Blanks width columns from (y, x). */
void text_fill(WINDOW *w, int y, int x, int width, ui_style st);
/* Display width of a NUL-terminated string (NULL counts 0). */
int text_width(const char *s);

typedef enum box_part {
    BOX_H,
    BOX_V,
    BOX_TL,
    BOX_TR,
    BOX_BL,
    BOX_BR,
    BOX_TDOWN,  /* top junction: a line goes down from it */
    BOX_TUP,    /* bottom junction */
    BOX_TRIGHT, /* left-side junction */
    BOX_TLEFT,  /* right-side junction */
    BOX_THUMB,  /* scroll bar thumb */
} box_part;

/* Line drawing, with the terminal's line characters (ACS where the locale
 * cannot show Unicode). */
void text_hline(WINDOW *w, int y, int x, int width, ui_style st);
void text_box(WINDOW *w, int y, int x, box_part part, ui_style st);
/* A horizontal border of width columns on row y from column 0: the left end
 * piece, a line, the right end piece. */
void text_rule(WINDOW *w, int y, int width, box_part left, box_part right, ui_style st);
/* A box around the whole of an h x width window. */
void text_frame(WINDOW *w, int h, int width, ui_style st);

#endif
