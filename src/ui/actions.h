/* actions: the one table of what a key can do (tig's REQ_INFO). Each row
 * gives the action's id, the name "bind KEY = ACTION" takes (documented in
 * paperdeck(1), whose test reads them here; NULL: it cannot be bound, as
 * open-link, whose digit is the link), its group and text in the `?` help,
 * its label on the bottom line (NULL: not shown there), how it moves a list
 * (panes and views scroll by it), and the handler that does it when no mode
 * or pane took it first (NULL: only modes and panes act on it). It
 * generates the enum, the names, the help, the hints, the motions and
 * input.c's handler table. */
#ifndef PAPERDECK_UI_ACTIONS_H
#define PAPERDECK_UI_ACTIONS_H

#include <stdbool.h>

#include "paperdeck/list_cursor.h"

/* The groups of the `?` help, in its order, with their headings. */
#define UI_GROUPS(_)             \
    _(MOVE, "Moving")            \
    _(FILTER, "Filter and sort") \
    _(PANES, "Panes and views")  \
    _(OPEN, "Links")             \
    _(MARKS, "Marks and citing") \
    _(OTHER, "Other")

#define UI_GROUP_ENUM_(id, heading) GROUP_##id,
typedef enum key_group { UI_GROUPS(UI_GROUP_ENUM_) GROUP_COUNT_ } key_group;
#undef UI_GROUP_ENUM_

/* clang-format off */
#define UI_ACTIONS(_)                                                                              \
    _(DOWN, "down", MOVE, "next entry (or section)", NULL, LINE_DOWN, NULL)                        \
    _(UP, "up", MOVE, "previous entry (or section)", NULL, LINE_UP, NULL)                          \
    _(PAGE_DOWN, "page-down", MOVE, "page down", NULL, PAGE_DOWN, NULL)                            \
    _(PAGE_UP, "page-up", MOVE, "page up", NULL, PAGE_UP, NULL)                                    \
    _(HALF_DOWN, "half-page-down", MOVE, "half a page down", NULL, HALF_DOWN, NULL)                \
    _(HALF_UP, "half-page-up", MOVE, "half a page up", NULL, HALF_UP, NULL)                        \
    _(FIRST, "first", MOVE, "first entry", NULL, HOME, NULL)                                       \
    _(LAST, "last", MOVE, "last entry", NULL, END, NULL)                                           \
    _(NEXT_ENTRY, "next-entry", MOVE, "next entry, in the full-screen detail too", NULL, STAY,     \
      act_next_entry)                                                                              \
    _(PREV_ENTRY, "prev-entry", MOVE, "previous entry, in the full-screen detail too", NULL, STAY, \
      act_prev_entry)                                                                              \
    _(FILTER, "filter", FILTER, "filter (Enter keeps it, Esc restores)", "filter", STAY,           \
      act_filter)                                                                                  \
    _(CLEAR_FILTER, "clear-filter", FILTER, "clear the filter", NULL, STAY, act_clear_filter)      \
    _(SORT_NEXT, "sort-next", FILTER, "next sort key (or click a column header)", "sort", STAY,    \
      act_sort_next)                                                                               \
    _(SORT_REVERSE, "sort-reverse", FILTER, "reverse the sort", "reverse", STAY,                   \
      act_sort_reverse)                                                                            \
    _(NEXT_PANE, "next-pane", PANES, "next pane (categories, table, detail)", "pane", STAY,        \
      act_next_pane)                                                                               \
    _(PREV_PANE, "prev-pane", PANES, "previous pane", NULL, STAY, act_prev_pane)                   \
    _(LEFT, "left", PANES, "fold a section, go to its parent or the categories", NULL, STAY,       \
      NULL)                                                                                        \
    _(RIGHT, "right", PANES, "unfold a section, go to the table", NULL, STAY, NULL)                \
    _(TOGGLE, "toggle", PANES, "fold or unfold a section; page down in the table", NULL,           \
      PAGE_DOWN, NULL)                                                                             \
    _(ENTER, "enter", PANES, "show the entry full screen; in the detail, open it", "detail",       \
      STAY, NULL)                                                                                  \
    _(TOGGLE_SIDEBAR, "toggle-categories", PANES, "show or hide the category pane", NULL, STAY,    \
      act_toggle_sidebar)                                                                          \
    _(TOGGLE_DETAIL, "toggle-detail", PANES, "show or hide the detail pane", NULL, STAY,           \
      act_toggle_detail)                                                                           \
    _(BACK, "back", PANES, "close the full-screen view or this help", NULL, STAY, act_back)        \
    _(OPEN, "open", OPEN, "open the entry (arXiv page, else its url)", "open", STAY, act_open)     \
    _(OPEN_PDF, "open-pdf", OPEN, "open the arXiv PDF", NULL, STAY, act_open_pdf)                  \
    _(OPEN_LINK, NULL, OPEN, "open link 1-9 of the detail view", NULL, STAY, act_open_link)        \
    _(COPY, "copy", OPEN, "copy the link (OSC 52: works over ssh and tmux)", "copy", STAY,         \
      act_copy)                                                                                    \
    _(STAR, "star", MARKS, "star or unstar the entry (is:starred finds them)", NULL, STAY,         \
      act_star)                                                                                    \
    _(READ, "read", MARKS, "mark the entry read or unread (is:read, is:unread)", NULL, STAY,       \
      act_read)                                                                                    \
    _(BIBTEX, "bibtex", MARKS, "BibTeX of the entry, full screen (y copies it)", NULL, STAY,       \
      act_bibtex)                                                                                  \
    _(HELP, "help", OTHER, "this help", "help", STAY, act_help)                                    \
    _(RELOAD, "reload", OTHER, "reload the lists now, fetch remote ones again", NULL, STAY, act_reload)           \
    _(REDRAW, "redraw", OTHER, "redraw the screen", NULL, STAY, act_redraw)                        \
    _(SUSPEND, "suspend", OTHER, "suspend (fg to come back)", NULL, STAY, act_suspend)             \
    _(QUIT, "quit", OTHER, "quit (closes a full-screen view first)", "quit", STAY, act_quit)       \
    _(INTERRUPT, "quit-now", OTHER, "quit at once", NULL, STAY, act_interrupt)
/* clang-format on */

#define UI_ACTION_ENUM_(id, name, group, help, hint, motion, fn) ACT_##id,
typedef enum ui_action { ACT_NONE, UI_ACTIONS(UI_ACTION_ENUM_) ACT_COUNT_ } ui_action;
#undef UI_ACTION_ENUM_

/* Parses a binding's action name; false when there is none such. */
bool action_parse(const char *name, ui_action *out);
key_group action_group(ui_action act);
const char *action_help(ui_action act);
/* Its label among the bottom line's hints, NULL if it has none. */
const char *action_hint(ui_action act);
/* How it moves a list: CURSOR_STAY for actions that do not. */
cursor_motion action_motion(ui_action act);

#endif
