/* app: the state of the browser, shared by the modules of the front end.
 *
 * Data flows one way: keys change the state (input.c, links.c), the state
 * marks which windows are dirty, and each pane redraws its window from the
 * state alone (table.c, sidebar.c, detail.c, status.c, help.c); app.c runs
 * the loop, term.c keeps the terminal safe. */
#ifndef PAPERDECK_UI_APP_H
#define PAPERDECK_UI_APP_H

#include <stdbool.h>
#include <stdint.h>

#include <curses.h>

#include "paperdeck/catalog.h"
#include "paperdeck/field.h"
#include "paperdeck/index.h"
#include "keymap.h"
#include "prompt.h"
#include "paperdeck/query.h"
#include "theme.h"
#include "paperdeck/ui.h"

/* opener_url_allowed takes at most 4096 bytes; one byte more, so a longer
 * URL cut to fit here is still refused as too long, never opened cut. */
#define UI_URL_MAX 4098
#define UI_MAX_LINKS 9    /* the links 1-9 open */
#define UI_MAX_MARKS 512  /* highlighted letters per title */

typedef enum ui_focus { FOCUS_SIDEBAR, FOCUS_TABLE, FOCUS_DETAIL } ui_focus;

enum {
    DIRTY_STATUS = 1 << 0,
    DIRTY_SIDEBAR = 1 << 1,
    DIRTY_TABLE = 1 << 2,
    DIRTY_DETAIL = 1 << 3,
    DIRTY_BOTTOM = 1 << 4,
    DIRTY_OVERLAY = 1 << 5, /* help or full-screen detail */
    DIRTY_ALL = (1 << 6) - 1,
};

typedef struct ui_rect {
    int y, x, h, w; /* h or w 0: not shown */
} ui_rect;

typedef struct ui_layout {
    ui_rect status, bottom, sidebar, table, detail, body;
} ui_layout;

/* Sidebar preference: follow the terminal width, or what the user chose. */
typedef enum side_pref { SIDE_AUTO, SIDE_SHOWN, SIDE_HIDDEN } side_pref;

typedef struct table_cols {
    bool shown[FIELD_COL_COUNT];
    int x[FIELD_COL_COUNT];       /* first column of the cell, relative to the window */
    int w[FIELD_COL_COUNT];
    int natural[FIELD_COL_COUNT]; /* widest value in the catalog, capped */
} table_cols;

typedef struct sidebar {
    bool *folded;      /* per section */
    int32_t *rows;     /* visible rows: -1 for "All", else a section */
    uint32_t nrows;
    uint32_t cur, top;
    int natural;       /* width that shows every name and count */
} sidebar;

typedef struct ui_link {
    const char *label;
    char url[UI_URL_MAX];
} ui_link;

typedef struct app {
    paper_index *ix;
    paper_index **ixp;   /* the caller's pointer: follows reloads */
    const catalog *cat;
    ui_theme theme;

    /* the filter: the text that is applied and its compiled query */
    char query_text[PROMPT_MAX];
    query *q;
    bool ranked;
    view all;            /* matches in the whole catalog, in document order,
                            unscored when ranked: feeds the counts */
    view spare;          /* the next query's `all` is built here, narrowing
                            from `all` when it may (index_search_from) */
    bool narrowable;     /* `all` holds every match of q, with today's marks */
    view shown;          /* matches in the chosen section, sorted: the table.
                            Ranked by score, only shown.nranked rows at its
                            head are in place (app_rank_visible ranks more) */
    bool shown_scored;   /* every row of shown has its score */
    uint32_t *counts;    /* matches per section (subtree) */
    int32_t section;     /* -1: All */
    sort_key sort;
    bool descending;
    bool sort_auto;      /* rank by score while the query is fuzzy */

    uint32_t sel, top;   /* table selection and first visible row */
    int detail_scroll, detail_lines, detail_rows;
    bool detail_full;    /* full-screen detail view */
    bool detail_pref;    /* detail pane under the table when tall enough */
    ui_focus focus;
    side_pref side_pref;
    sidebar side;

    bool prompting;
    prompt pr;
    char saved_query[PROMPT_MAX];
    bool prompt_error;
    query_error perr;
    /* why the filter in force stopped early (a regex gave up on a title),
     * "" when it ran to the end: shown while the prompt is open and after */
    char filter_error[200];

    bool help;
    int help_scroll, help_lines;

    marks_store *marks;  /* NULL: marking is off */
    char *bib_text;      /* the BibTeX view's entry, NULL when it is closed */
    int bib_scroll, bib_lines;

    char msg[512];
    bool msg_error;

    WINDOW *w_status, *w_sidebar, *w_table, *w_detail, *w_bottom, *w_full, *w_help;
    ui_layout lay;
    table_cols cols;
    unsigned dirty;
    int cursor_x;        /* where the prompt's cursor goes, -1: hidden */

    int tty_fd;          /* for OSC 52 */

    /* the settings' table columns (1 << FIELD_COL_*), all when not set */
    unsigned col_allowed;
    /* reloading: where the lists come from, the watch on their files, and
     * when a change seen is to be loaded (0: none pending) */
    const ui_source *src;
    struct watch *watch;
    long long reload_due_ms;
    /* the rest of a long list, loading (NULL when the whole list is shown),
     * and how far it has got */
    const ui_loading *loading;
    double load_fraction;
    bool quit;
    int status;
} app;

/* app.c */
/* Compiles and applies text as the filter; false (with a->perr set) when it
 * does not compile, and then the last good result stays. */
bool app_apply_query(app *a, const char *text);
/* Makes sure the rows the table shows and the selected row are ranked
 * (see shown): to call once the selection or the scroll moved. */
void app_rank_visible(app *a);
/* The filter must test every entry again (marks changed): the next
 * app_apply_query does not narrow from the current matches. */
void app_forget_matches(app *a);
/* Re-sorts, keeping the selected entry selected. */
void app_apply_sort(app *a);
void app_set_section(app *a, int32_t sec);
/* Windows for the terminal's size (after a resize, a pane toggled...). */
void app_relayout(app *a);
/* After another program had the terminal: catch up with its size. */
void app_resync_size(app *a);
bool app_sidebar_shown(const app *a);
bool app_detail_pane_shown(const app *a);
const entry *app_selected(const app *a);
ui_style app_style(const app *a, ui_role r);
void app_message(app *a, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Loads the lists again, keeping the filter, the sort, the section and the
 * selected entry (by identity); on errors the message says so and the last
 * good list stays. */
void app_reload(app *a);
/* Effective sort key: score while ranking automatically. */
sort_key app_sort_key(const app *a);
bool app_sort_descending(const app *a);

/* input.c: one key (or KEY_MOUSE, KEY_RESIZE). Returns true when the
 * prompt's text changed: the loop filters once the keys typed ahead are in. */
bool input_key(app *a, int key);

/* links.c: the selected entry's links, numbered as the detail view shows
 * them (1 is the main link). */
bool links_get(app *a, int n, ui_link *out);
void links_open(app *a, int n);
void links_open_pdf(app *a);
void links_copy(app *a);

/* layout.c */
void layout_compute(app *a, int lines, int cols);

/* table.c */
void table_measure(app *a);          /* natural column widths, once */
void table_fit(app *a);              /* columns for the current width */
void table_draw(app *a);
int table_rows(const app *a);        /* entry rows that fit */
void table_keep_visible(app *a);
/* A click at (y, x) relative to the table window: selects a row (true) or
 * sorts by a header column (*sort_col set). */
bool table_click(app *a, int y, int x, int *sort_col);

/* sidebar.c */
void sidebar_init(sidebar *s, const catalog *c);
void sidebar_free(sidebar *s);
void sidebar_rebuild(sidebar *s, const catalog *c);
void sidebar_draw(app *a);
int32_t sidebar_current(const sidebar *s);
bool sidebar_has_children(const catalog *c, int32_t sec);
void sidebar_keep_visible(sidebar *s, int rows);
/* Row under a click at y (relative to the window), -1 if none. */
int sidebar_row_at(const app *a, int y);

/* detail.c */
int detail_links(const catalog *c, const entry *e, ui_link *out, int max);
void detail_draw(app *a, WINDOW *w, bool full);

/* status.c */
void status_draw(app *a);
void bottom_draw(app *a);

/* help.c */
void help_draw(app *a);

/* marking.c: the keys that mark and cite the selected entry */
void marking_toggle(app *a, unsigned flag);   /* MARK_STARRED or MARK_READ */
void bibview_open(app *a);
void bibview_close(app *a);
void bibview_key(app *a, ui_action action);   /* while the view is open */
void bibview_draw(app *a, WINDOW *w);

#endif
