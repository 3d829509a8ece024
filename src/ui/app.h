/* app: the front end's one shared header: the state of the browser on the
 * screen, and the interfaces of the panes and modes that show it.
 *
 * What is shown comes from the curses-free model (browser.h: filter,
 * scope, sort, selection). Around it:
 *  - panes (table, categories, detail) tile the body; each is a pane_ops;
 *  - modes (help, the BibTeX view, the full-screen detail, the filter
 *    prompt) sit on a stack above them; each is a mode_ops.
 * A key goes to the top mode, then down the stack, then to the pane with
 * the focus (unless a full-screen mode hides the panes), then to the
 * action table's handler (input.c). The mouse and the drawing follow the
 * same stack (app.c). Handlers return what they dirtied (DIRTY_*); each
 * cycle redraws the dirty windows and updates the terminal once. */
#ifndef PAPERDECK_UI_APP_H
#define PAPERDECK_UI_APP_H

#include <stdbool.h>
#include <stdint.h>

#include <curses.h>

#include "paperdeck/browser.h"
#include "paperdeck/catalog.h"
#include "paperdeck/field.h"
#include "paperdeck/index.h"
#include "paperdeck/list_cursor.h"
#include "paperdeck/query.h"
#include "paperdeck/ui.h"
#include "keymap.h"
#include "prompt.h"
#include "theme.h"

/* opener_url_allowed takes at most 4096 bytes; one byte more, so a longer
 * URL cut to fit here is still refused as too long, never opened cut. */
#define UI_URL_MAX 4098
#define UI_MAX_LINKS 9   /* the links 1-9 open */
#define UI_MAX_MARKS 512 /* highlighted letters per title */
#define UI_MODE_MAX 4    /* deeper than any stack the keys can build */

/* The panes, in the order Tab visits them. */
typedef enum ui_focus { FOCUS_SIDEBAR, FOCUS_TABLE, FOCUS_DETAIL, FOCUS_COUNT_ } ui_focus;

/* What a handler did: the windows to redraw, and two signals for the
 * dispatcher. */
enum {
    DIRTY_STATUS = 1 << 0,
    DIRTY_SIDEBAR = 1 << 1,
    DIRTY_TABLE = 1 << 2,
    DIRTY_DETAIL = 1 << 3,
    DIRTY_BOTTOM = 1 << 4,
    DIRTY_OVERLAY = 1 << 5, /* a mode's window */
    DIRTY_ALL = (1 << 6) - 1,
    REACT_PASS = 1 << 8,  /* not handled here: offer it to the next layer */
    REACT_TYPED = 1 << 9, /* the prompt's text changed */
};

typedef struct ui_rect {
    int y, x, h, w; /* h or w 0: not shown */
} ui_rect;

typedef struct ui_layout {
    ui_rect status, bottom, body;
    union { /* by name, or by ui_focus */
        struct {
            ui_rect sidebar, table, detail;
        };
        ui_rect pane[FOCUS_COUNT_];
    };
} ui_layout;

/* Sidebar preference: follow the terminal width, or what the user chose. */
typedef enum side_pref { SIDE_AUTO, SIDE_SHOWN, SIDE_HIDDEN } side_pref;

typedef struct table_cols {
    bool shown[FIELD_COL_COUNT];
    int x[FIELD_COL_COUNT]; /* first column of the cell, relative to the window */
    int w[FIELD_COL_COUNT];
    int natural[FIELD_COL_COUNT]; /* widest value in the catalog, capped */
} table_cols;

typedef struct sidebar {
    bool *folded;  /* per section */
    int32_t *rows; /* visible rows: -1 for "All", else a section */
    uint32_t nrows;
    list_cursor cur; /* the row under the cursor, the first shown */
    int natural;     /* width that shows every name and count */
} sidebar;

/* A scrolled text (the detail, help and BibTeX views): its drawing counts
 * the lines and the rows that show them, and clamps the cursor's top. */
typedef struct text_view {
    list_cursor cur;
    int lines, rows;
} text_view;

typedef struct ui_link {
    const char *label;
    char url[UI_URL_MAX];
} ui_link;

typedef struct app app;
typedef struct ui_fetch ui_fetch;

/* A pane: a part of the body, with the focus or not. */
typedef struct pane_ops {
    unsigned dirty; /* the DIRTY_* bit that redraws it */
    /* An action while it has the focus; REACT_PASS when it has none for it. */
    unsigned (*action)(app *a, ui_action act, int arg);
    /* A click or a wheel turn (-1 up, 1 down) at (y, x) in the pane. */
    unsigned (*mouse)(app *a, int y, int x, int wheel, bool click);
    void (*draw)(app *a);
} pane_ops;

enum {
    MODE_FULL = 1 << 0,    /* covers the body: the panes are neither drawn nor
                              offered keys */
    MODE_OVERLAY = 1 << 1, /* floats over the screen in its own window */
    MODE_BOTTOM = 1 << 2,  /* owns the bottom line, and the cursor is there */
};

/* A mode: a state on the stack that sees keys before the panes. */
typedef struct mode_ops {
    unsigned flags;
    /* A key, and the action the keymap makes of it; REACT_PASS sends it
     * down the stack. */
    unsigned (*key)(app *a, int key, ui_action act, int arg);
    /* A mouse event while it is on top (NULL: ignored). */
    unsigned (*mouse)(app *a, int wheel, bool click);
    /* Draws into its window (w_full, w_help, w_bottom) what dirty asks. */
    void (*draw)(app *a, unsigned dirty);
} mode_ops;

struct app {
    browser b;            /* what is shown: filter, scope, sort, selection */
    paper_index **ixp;    /* the caller's pointer: follows reloads */
    marks_store *marks;   /* NULL: marking is off */
    arxiv_store *records; /* the fetched arXiv records (the caller's); NULL: none */
    ui_fetch *fetch;      /* the background fetch running, NULL: none */
    ui_theme theme;
    int tty_fd; /* for OSC 52 */

    struct { /* the panes */
        ui_focus focus;
        side_pref side_pref;
        bool detail_pref; /* detail pane under the table when tall enough */
        sidebar side;
        table_cols cols;
        unsigned col_allowed; /* the settings' columns (1 << FIELD_COL_*) */
        text_view detail;     /* the selected entry, in the pane or full screen */
    } p;

    struct { /* the modes, and the state each keeps */
        const mode_ops *stack[UI_MODE_MAX];
        int n;
        prompt pr; /* the filter prompt */
        char saved_query[PROMPT_MAX];
        bool prompt_error; /* pr's text does not compile: b.perr says why */
        bool filter_stale; /* marks changed under an is: filter: the rows stay
                              until it is applied again (`/` Enter) */
        text_view help;
        char *bib_text; /* the BibTeX view's entry */
        text_view bib;
    } m;

    struct { /* the screen */
        WINDOW *status, *bottom, *full, *help;
        union {
            struct {
                WINDOW *sidebar, *table, *detail;
            };
            WINDOW *pane[FOCUS_COUNT_];
        };
        ui_layout lay;
        unsigned dirty;
        int cursor_x;  /* where the prompt's cursor goes, -1: hidden */
        char msg[512]; /* until the next key */
        bool msg_error;
    } s;

    struct {                       /* the loop: reloading, loading, quitting */
        const ui_source *src;      /* NULL: nothing to reload */
        long long reload_due_ms;   /* 0: no change pending */
        const ui_loading *loading; /* the rest of a long list, NULL when in */
        const ui_remote *remote;   /* remote lists fetched in the background */
        bool refetching;           /* app_refetch started a fetch: app_reload says so */
        double load_fraction;
        long long sort_since_ms;   /* when the pending sort began, 0: none */
        long long behind_since_ms; /* when the screen's result fell behind the typing */
        bool quit;
        int status;
    } l;
};

/* The panes, and by ui_focus; the modes. */
extern const pane_ops sidebar_pane, table_pane, detail_pane;
const pane_ops *app_pane(ui_focus f);
extern const mode_ops help_mode, bibtex_mode, full_detail_mode, prompt_mode;

/* app.c: model glue */
/* Applies text as the filter; DIRTY_ALL, or DIRTY_BOTTOM with
 * m.prompt_error set when it does not compile (the last good result stays). */
unsigned app_filter(app *a, const char *text);
/* The filter again from scratch (marks changed), keeping the row. */
unsigned app_refilter(app *a);
/* After the model's sort changed: the table, detail and status redraw. */
unsigned app_sorted(app *a);
unsigned app_set_section(app *a, int32_t sec);
const entry *app_selected(const app *a);
/* Loads the lists again, keeping the filter, the sort, the section and the
 * selected entry (by identity); on errors the message says so and the last
 * good list stays. */
void app_reload(app *a);
/* R: the remote lists fetched again in the background, and app_reload. */
void app_refetch(app *a);

/* fetch.c: fetching arXiv records in the background */
/* Starts fetching the selected entry's record (or, all_in_view, those of
 * the entries in view that have none fresh); says so on the bottom line. */
unsigned fetch_start(app *a, bool all_in_view);
/* Once per turn of the loop: progress on the bottom line; when done, the
 * records are loaded and shown. */
void fetch_poll(app *a);
bool fetch_running(const app *a);
/* Cancels a fetch under way and waits for its thread. */
void fetch_stop(app *a);

/* app.c: the screen */
/* Windows for the terminal's size (after a resize, a pane toggled...). */
void app_relayout(app *a);
/* After another program had the terminal: catch up with its size. */
void app_resync_size(app *a);
bool app_sidebar_shown(const app *a);
bool app_detail_pane_shown(const app *a);
unsigned app_focus(app *a, ui_focus f);
ui_style app_style(const app *a, ui_role r);
void app_message(app *a, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* app.c: the mode stack */
unsigned app_push_mode(app *a, const mode_ops *m);
/* Takes m off the stack (wherever it is); DIRTY_ALL. */
unsigned app_pop_mode(app *a, const mode_ops *m);
bool app_in_mode(const app *a, const mode_ops *m);
/* The topmost mode with one of flags set, NULL if none. */
const mode_ops *app_mode_with(const app *a, unsigned flags);

/* input.c: one key (or KEY_MOUSE, KEY_RESIZE). Returns true when the
 * prompt's text changed: the loop filters once the keys typed ahead are in. */
bool input_key(app *a, int key);
/* What an action does when no mode or pane took it. */
unsigned input_global(app *a, ui_action act, int arg);

/* links.c: the selected entry's links, numbered as the detail view shows
 * them (1 is the main link). */
bool links_get(app *a, int n, ui_link *out);
void links_open(app *a, int n);
void links_open_pdf(app *a);
void links_copy(app *a);

/* layout.c */
void layout_compute(app *a, int lines, int cols);

/* table.c */
void table_measure(app *a); /* natural column widths, once */
void table_fit(app *a);     /* columns for the current width */
/* The category pane's width on a terminal cols wide (0: not shown): it
 * comes in as one of the table's columns (columns.h). */
int table_side_width(const app *a, int cols);
int table_rows(const app *a); /* entry rows that fit */
/* Moves the selection; the table and detail redraw when it moved. */
unsigned table_move(app *a, cursor_motion m);

/* sidebar.c */
void sidebar_init(sidebar *s, const catalog *c);
void sidebar_free(sidebar *s);
void sidebar_rebuild(sidebar *s, const catalog *c);
int32_t sidebar_current(const sidebar *s);
bool sidebar_has_children(const catalog *c, int32_t sec);
/* Puts the cursor on section sec (-1: All) when it has a row. */
void sidebar_point_at(sidebar *s, int32_t sec);

/* detail.c */
int detail_links(const catalog *c, const entry *e, ui_link *out, int max);

/* status.c */
void status_draw(app *a);
void bottom_draw(app *a);

/* filter.c: the prompt mode */
unsigned filter_open(app *a);

/* marking.c: the keys that mark and cite the selected entry */
unsigned marking_toggle(app *a, unsigned flag); /* MARK_STARRED or MARK_READ */
unsigned bibview_open(app *a);

/* help.c */
unsigned help_open(app *a);

#endif
