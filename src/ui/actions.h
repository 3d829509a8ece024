/* actions: the one table of what a key can do (tig's REQ_INFO). Each row
 * gives the action's id, its group and text in the `?` help, its label on
 * the bottom line (NULL: not shown there), how it moves a list (panes and
 * views scroll by it), and the handler that does it when no mode or pane
 * took it first (NULL: only modes and panes act on it). It generates the
 * enum, the help, the hints, the motions and input.c's handler table.
 * The name `bind` takes is keymap.c's action_names[], next to the keys:
 * the man page test reads the names there. */
#ifndef PAPERDECK_UI_ACTIONS_H
#define PAPERDECK_UI_ACTIONS_H

#include <stdbool.h>

#include "paperdeck/list_cursor.h"

typedef enum key_group {
    GROUP_MOVE,
    GROUP_FILTER,
    GROUP_PANES,
    GROUP_OPEN,
    GROUP_MARKS,
    GROUP_OTHER,
    GROUP_COUNT_
} key_group;

/* clang-format off */
#define UI_ACTIONS(_)                                                                              \
    _(DOWN, MOVE, "next entry (or section)", NULL, LINE_DOWN, NULL)                                \
    _(UP, MOVE, "previous entry (or section)", NULL, LINE_UP, NULL)                                \
    _(PAGE_DOWN, MOVE, "page down", NULL, PAGE_DOWN, NULL)                                         \
    _(PAGE_UP, MOVE, "page up", NULL, PAGE_UP, NULL)                                               \
    _(HALF_DOWN, MOVE, "half a page down", NULL, HALF_DOWN, NULL)                                  \
    _(HALF_UP, MOVE, "half a page up", NULL, HALF_UP, NULL)                                        \
    _(FIRST, MOVE, "first entry", NULL, HOME, NULL)                                                \
    _(LAST, MOVE, "last entry", NULL, END, NULL)                                                   \
    _(NEXT_ENTRY, MOVE, "next entry, in the full-screen detail too", NULL, STAY,                   \
      act_next_entry)                                                                              \
    _(PREV_ENTRY, MOVE, "previous entry, in the full-screen detail too", NULL, STAY,               \
      act_prev_entry)                                                                              \
    _(FILTER, FILTER, "filter (Enter keeps it, Esc restores)", "filter", STAY,                     \
      act_filter)                                                                                  \
    _(CLEAR_FILTER, FILTER, "clear the filter", NULL, STAY, act_clear_filter)                      \
    _(SORT_NEXT, FILTER, "next sort key (or click a column header)", "sort", STAY,                 \
      act_sort_next)                                                                               \
    _(SORT_REVERSE, FILTER, "reverse the sort", "reverse", STAY,                                   \
      act_sort_reverse)                                                                            \
    _(NEXT_PANE, PANES, "next pane (categories, table, detail)", "pane", STAY,                     \
      act_next_pane)                                                                               \
    _(PREV_PANE, PANES, "previous pane", NULL, STAY, act_prev_pane)                                \
    _(LEFT, PANES, "fold a section, go to its parent or the categories", NULL, STAY,               \
      NULL)                                                                                        \
    _(RIGHT, PANES, "unfold a section, go to the table", NULL, STAY, NULL)                         \
    _(TOGGLE, PANES, "fold or unfold a section; page down in the table", NULL,                     \
      PAGE_DOWN, NULL)                                                                             \
    _(ENTER, PANES, "show the entry full screen; in the detail, open it", "detail",                \
      STAY, NULL)                                                                                  \
    _(TOGGLE_SIDEBAR, PANES, "show or hide the category pane", NULL, STAY,                         \
      act_toggle_sidebar)                                                                          \
    _(TOGGLE_DETAIL, PANES, "show or hide the detail pane", NULL, STAY,                            \
      act_toggle_detail)                                                                           \
    _(BACK, PANES, "close the full-screen view or this help", NULL, STAY, act_back)                \
    _(OPEN, OPEN, "open the entry (arXiv page, else its url)", "open", STAY, act_open)             \
    _(OPEN_PDF, OPEN, "open the arXiv PDF", NULL, STAY, act_open_pdf)                              \
    _(OPEN_LINK, OPEN, "open link 1-9 of the detail view", NULL, STAY, act_open_link)              \
    _(COPY, OPEN, "copy the link (OSC 52: works over ssh and tmux)", "copy", STAY,                 \
      act_copy)                                                                                    \
    _(STAR, MARKS, "star or unstar the entry (is:starred finds them)", NULL, STAY,                 \
      act_star)                                                                                    \
    _(READ, MARKS, "mark the entry read or unread (is:read, is:unread)", NULL, STAY,               \
      act_read)                                                                                    \
    _(BIBTEX, MARKS, "BibTeX of the entry, full screen (y copies it)", NULL, STAY,                 \
      act_bibtex)                                                                                  \
    _(FETCH, OPEN, "fetch the entry's arXiv record (abstract...)", NULL, STAY, act_fetch)          \
    _(FETCH_VIEW, OPEN, "fetch the arXiv records of every entry in view", NULL, STAY,              \
      act_fetch_view)                                                                              \
    _(HELP, OTHER, "this help", "help", STAY, act_help)                                            \
    _(RELOAD, OTHER, "reload the lists from disk now", NULL, STAY, act_reload)                     \
    _(REDRAW, OTHER, "redraw the screen", NULL, STAY, act_redraw)                                  \
    _(SUSPEND, OTHER, "suspend (fg to come back)", NULL, STAY, act_suspend)                        \
    _(QUIT, OTHER, "quit (closes a full-screen view first)", "quit", STAY, act_quit)               \
    _(INTERRUPT, OTHER, "quit at once", NULL, STAY, act_interrupt)
/* clang-format on */

#define UI_ACTION_ENUM_(id, group, help, hint, motion, fn) ACT_##id,
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
