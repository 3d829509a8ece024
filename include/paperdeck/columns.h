/* columns: how a row of a paper table shares its width (as htop's and
 * tig's do): the title is the main column. The room goes out in a fixed
 * order of steps: the title up to a share, then a column at its narrowest,
 * then that column up to its natural width, the title up to a larger share,
 * the next column... A column that does not fit stops the handing out (the
 * rest of the row stays blank), so what a narrower row gave stays given:
 * no width shrinks and no column goes as the row widens. The browser and
 * `paperdeck list -f table` have their own orders (the browser drops
 * columns, `list` shrinks them); the widths come from field.h's table.
 * No curses in here. */
#ifndef PAPERDECK_COLUMNS_H
#define PAPERDECK_COLUMNS_H

#include <stdbool.h>

#include "paperdeck/field.h"

typedef struct columns_in {
    int width; /* of the whole row: the terminal's, or `list`'s output */
    int fixed; /* columns spent whatever is shown: borders, the marker */
    /* Each column's widest value, capped (field.h's caps); for the title,
     * its widest title (0: unknown). 0 for another column: not wanted. */
    int natural[FIELD_COL_COUNT];
    int side;         /* browser: the category pane's natural width (0: hidden) */
    bool side_forced; /* browser: the user showed the pane: it comes first */
} columns_in;

typedef struct columns_out {
    int w[FIELD_COL_COUNT]; /* the cell widths; 0: not shown (the title: no room) */
    int side;               /* the category pane's width, 0: not shown */
} columns_out;

/* Columns a browser table spends on a cell besides its width: " │ ". */
#define COLUMNS_BROWSER_SEP 3
/* The narrowest the category pane is drawn, and the widest it starts at. */
#define COLUMNS_SIDE_MIN 12
#define COLUMNS_SIDE_START 20

/* The browser: the title, then year, venue, the category pane (unless
 * forced or hidden), arXiv and section, each only when the title keeps its
 * share; the separators are COLUMNS_BROWSER_SEP each. */
void columns_fit_browser(const columns_in *in, columns_out *out);

/* `list -f table`: every wanted column is printed (in->fixed counts their
 * separators); the others shrink to field.h's min, the section path first,
 * before the title goes under its share. width 0: every column natural. */
void columns_fit_list(const columns_in *in, columns_out *out);

#endif
