/* field: the columns of a paper table, listed once (as htop's
 * Process_fields[]): heading, name in the settings (columns = ...), the
 * query field that filters on it, the sort key that orders by it, how wide
 * it may grow in `paperdeck list` and in the browser, and its text for an
 * entry. output.c, config.c, the browser's table (src/ui/table.c) and the
 * command line read this table; a column is added here and nowhere else
 * (the browser gives it a colour role in table.c). No curses in here. */
#ifndef PAPERDECK_FIELD_H
#define PAPERDECK_FIELD_H

#include <stdbool.h>
#include <stddef.h>

#include "paperdeck/catalog.h"
#include "paperdeck/index.h"

/* In table order (left to right); also bits of config.columns. */
typedef enum field_col {
    FIELD_COL_TITLE,
    FIELD_COL_VENUE,
    FIELD_COL_YEAR,
    FIELD_COL_ARXIV,
    FIELD_COL_SECTION,
    FIELD_COL_COUNT
} field_col;

/* How much of a value: the section's path in `list`, its name in the
 * browser (whose category pane shows where it sits). */
typedef enum field_form { FIELD_FULL, FIELD_SHORT } field_form;

typedef struct field_info {
    field_col col;
    const char *label;       /* the heading: "arXiv" */
    const char *config_name; /* in the settings' columns = ...: "arxiv" */
    const char *query_name;  /* the query field on it: "cat" for cat:... */
    sort_key sort;           /* the sort key that orders by it */
    sort_key sort_also;      /* another sort shown on it (year: date), else itself */
    int cli_cap;             /* widest in `list -f table`; 0: takes the slack */
    int tui_cap;             /* widest in the browser; 0: takes the slack */
    int min;                 /* narrowest before it is dropped (browser) or
                                cut no more (list); 0: as wide as its values */
    /* The text of e in this column, never NULL ("" when e has none); buf
     * (size bytes) holds it when it has to be made. */
    const char *(*text)(const catalog *c, const entry *e, field_form form, char *buf, size_t size);
} field_info;

/* The field of column col (which must be < FIELD_COL_COUNT). */
const field_info *field_get(field_col col);

/* The column whose config_name is name, ignoring ASCII case; false when
 * there is none. */
bool field_parse_config(const char *name, field_col *out);

/* The column that shows sort key k (its sort or sort_also), or -1 for a
 * key no column shows (order, score). */
int field_of_sort(sort_key k);

/* The config names joined by sep ("title, venue, ..."), for messages;
 * cut short if buf is too small. Returns buf. */
const char *field_config_names(const char *sep, char *buf, size_t size);

#endif
