/* keymap: the key table; see keymap.h. */
#include "keymap.h"

#include <curses.h>

#define K(key, name, action, group, help, hint) {key, name, action, group, help, hint}

static const keybinding table[] = {
    K('j', "j", ACT_DOWN, GROUP_MOVE, "next entry (or section)", NULL),
    K(UI_FN(KEY_DOWN), "\u2193", ACT_DOWN, GROUP_MOVE, NULL, NULL),
    K(UI_CTRL('n'), "Ctrl-N", ACT_DOWN, GROUP_MOVE, NULL, NULL),
    K('k', "k", ACT_UP, GROUP_MOVE, "previous entry (or section)", NULL),
    K(UI_FN(KEY_UP), "\u2191", ACT_UP, GROUP_MOVE, NULL, NULL),
    K(UI_CTRL('p'), "Ctrl-P", ACT_UP, GROUP_MOVE, NULL, NULL),
    K(UI_FN(KEY_NPAGE), "PgDn", ACT_PAGE_DOWN, GROUP_MOVE, "page down", NULL),
    K(UI_CTRL('f'), "Ctrl-F", ACT_PAGE_DOWN, GROUP_MOVE, NULL, NULL),
    K(UI_FN(KEY_PPAGE), "PgUp", ACT_PAGE_UP, GROUP_MOVE, "page up", NULL),
    K(UI_CTRL('b'), "Ctrl-B", ACT_PAGE_UP, GROUP_MOVE, NULL, NULL),
    K(UI_CTRL('d'), "Ctrl-D", ACT_HALF_DOWN, GROUP_MOVE, "half a page down", NULL),
    K(UI_CTRL('u'), "Ctrl-U", ACT_HALF_UP, GROUP_MOVE, "half a page up", NULL),
    K('g', "g", ACT_FIRST, GROUP_MOVE, "first entry", NULL),
    K(UI_FN(KEY_HOME), "Home", ACT_FIRST, GROUP_MOVE, NULL, NULL),
    K('G', "G", ACT_LAST, GROUP_MOVE, "last entry", NULL),
    K(UI_FN(KEY_END), "End", ACT_LAST, GROUP_MOVE, NULL, NULL),

    K('/', "/", ACT_FILTER, GROUP_FILTER, "filter (Enter keeps it, Esc restores)", "filter"),
    K('\\', "\\", ACT_CLEAR_FILTER, GROUP_FILTER, "clear the filter", NULL),
    K('s', "s", ACT_SORT_NEXT, GROUP_FILTER, "next sort key (or click a column header)", "sort"),
    K('S', "S", ACT_SORT_REVERSE, GROUP_FILTER, "reverse the sort", "reverse"),

    K('\t', "Tab", ACT_NEXT_PANE, GROUP_PANES, "next pane (categories, table, detail)", "pane"),
    K(UI_FN(KEY_BTAB), "Shift-Tab", ACT_PREV_PANE, GROUP_PANES, "previous pane", NULL),
    K('h', "h", ACT_LEFT, GROUP_PANES, "fold a section, go to its parent or the categories",
      NULL),
    K(UI_FN(KEY_LEFT), "\u2190", ACT_LEFT, GROUP_PANES, NULL, NULL),
    K('l', "l", ACT_RIGHT, GROUP_PANES, "unfold a section, go to the table", NULL),
    K(UI_FN(KEY_RIGHT), "\u2192", ACT_RIGHT, GROUP_PANES, NULL, NULL),
    K(' ', "Space", ACT_TOGGLE, GROUP_PANES,
      "fold or unfold a section; page down in the table", NULL),
    K('\r', "Enter", ACT_ENTER, GROUP_PANES,
      "show the entry full screen; in the detail, open it", "detail"),
    K('\n', "Enter", ACT_ENTER, GROUP_PANES, NULL, NULL),
    K(UI_FN(KEY_ENTER), "Enter", ACT_ENTER, GROUP_PANES, NULL, NULL),
    K('c', "c", ACT_TOGGLE_SIDEBAR, GROUP_PANES, "show or hide the category pane", NULL),
    K('d', "d", ACT_TOGGLE_DETAIL, GROUP_PANES, "show or hide the detail pane", NULL),
    K(UI_ESC, "Esc", ACT_BACK, GROUP_PANES, "close the full-screen view or this help", NULL),

    K('o', "o", ACT_OPEN, GROUP_OPEN, "open the entry (arXiv page, else its url)", "open"),
    K('p', "p", ACT_OPEN_PDF, GROUP_OPEN, "open the arXiv PDF", NULL),
    K('1', "1", ACT_OPEN_LINK, GROUP_OPEN, "open link 1-9 of the detail view", NULL),
    K('2', "2", ACT_OPEN_LINK, GROUP_OPEN, NULL, NULL),
    K('3', "3", ACT_OPEN_LINK, GROUP_OPEN, NULL, NULL),
    K('4', "4", ACT_OPEN_LINK, GROUP_OPEN, NULL, NULL),
    K('5', "5", ACT_OPEN_LINK, GROUP_OPEN, NULL, NULL),
    K('6', "6", ACT_OPEN_LINK, GROUP_OPEN, NULL, NULL),
    K('7', "7", ACT_OPEN_LINK, GROUP_OPEN, NULL, NULL),
    K('8', "8", ACT_OPEN_LINK, GROUP_OPEN, NULL, NULL),
    K('9', "9", ACT_OPEN_LINK, GROUP_OPEN, NULL, NULL),
    K('y', "y", ACT_COPY, GROUP_OPEN, "copy the link (OSC 52: works over ssh and tmux)", "copy"),

    K('?', "?", ACT_HELP, GROUP_OTHER, "this help", "help"),
    K(UI_FN(KEY_F(1)), "F1", ACT_HELP, GROUP_OTHER, NULL, NULL),
    K(UI_CTRL('l'), "Ctrl-L", ACT_REDRAW, GROUP_OTHER, "redraw the screen", NULL),
    K(UI_CTRL('z'), "Ctrl-Z", ACT_SUSPEND, GROUP_OTHER, "suspend (fg to come back)", NULL),
    K('q', "q", ACT_QUIT, GROUP_OTHER, "quit (closes a full-screen view first)", "quit"),
    K(UI_CTRL('c'), "Ctrl-C", ACT_INTERRUPT, GROUP_OTHER, "quit at once", NULL),
};

const keybinding *keymap_table(size_t *n)
{
    *n = sizeof table / sizeof table[0];
    return table;
}

ui_action keymap_lookup(int key, int *arg)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (table[i].key == key) {
            if (arg)
                *arg = table[i].action == ACT_OPEN_LINK ? key - '0' : 0;
            return table[i].action;
        }
    }
    return ACT_NONE;
}

const char *keymap_group_name(key_group g)
{
    static const char *const names[GROUP_COUNT_] = {
        [GROUP_MOVE] = "Moving",
        [GROUP_PANES] = "Panes and views",
        [GROUP_FILTER] = "Filter and sort",
        [GROUP_OPEN] = "Links",
        [GROUP_OTHER] = "Other",
    };
    return (unsigned)g < GROUP_COUNT_ ? names[g] : "";
}
