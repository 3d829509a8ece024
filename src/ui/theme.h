/* theme: what each part of the screen looks like, on 256-colour, 8-colour
 * and monochrome terminals (and with NO_COLOR), plus the glyphs used for
 * markers, with ASCII stand-ins when the locale cannot show Unicode. */
#ifndef PAPERDECK_UI_THEME_H
#define PAPERDECK_UI_THEME_H

#include <stdbool.h>

#include "text.h"

typedef enum ui_role {
    ROLE_NORMAL,
    ROLE_DIM,    /* secondary text */
    ROLE_STATUS, /* the top status line */
    ROLE_STATUS_TITLE,
    ROLE_STATUS_QUERY,
    ROLE_BORDER,
    ROLE_BORDER_FOCUS, /* the frame of the pane with the focus */
    ROLE_HEADER,       /* column and pane titles */
    ROLE_HEADER_SORT,  /* the column the table is sorted by */
    ROLE_SEL,          /* selection bar in the focused pane */
    ROLE_SEL_DIM,      /* selection bar in another pane */
    ROLE_MATCH,        /* matched letters of the query */
    ROLE_MATCH_SEL,
    ROLE_MATCH_SEL_DIM,
    ROLE_VENUE,
    ROLE_YEAR,
    ROLE_ARXIV,
    ROLE_SECTION,
    ROLE_COUNT, /* section counts */
    ROLE_COUNT_ZERO,
    ROLE_LABEL, /* field names in the detail view */
    ROLE_TITLE, /* the entry title in the detail view */
    ROLE_LINK,
    ROLE_KEY, /* keys in hints and help */
    ROLE_ERROR,
    ROLE_MESSAGE,
    ROLE_PROMPT,
    ROLE_SCROLL, /* scroll bar thumb and position */
    ROLE_COUNT_
} ui_role;

typedef struct ui_glyphs {
    const char *ellipsis, *up, *down, *marker, *folded, *unfolded, *dot, *arrow;
} ui_glyphs;

typedef struct ui_theme {
    ui_style style[ROLE_COUNT_];
    ui_glyphs glyph;
    int colors; /* 0 (none), 8 or 256 */
} ui_theme;

/* Sets up colour pairs (after curses has started) for the terminal's colours:
 * want_color false gives the monochrome theme. unicode picks the glyphs. */
void theme_init(ui_theme *t, bool want_color, bool unicode);

/* The role the settings file names ("venue", "selection"); false when no
 * role has that name. */
bool theme_role_parse(const char *name, ui_role *out);

/* Gives role r the colours fg on bg (0-255, -1 for the terminal's own) and
 * the attributes attrs (CONFIG_ATTR_* bits), after theme_init. Colours the
 * terminal does not have are ignored; without colours only the attributes
 * apply. */
void theme_set(ui_theme *t, ui_role r, int fg, int bg, unsigned attrs);

static inline ui_style theme_style(const ui_theme *t, ui_role r)
{
    return t->style[r];
}

#endif
