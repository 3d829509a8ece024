/* keymap: the key table; see keymap.h. */
#include "keymap.h"

#include <ctype.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "paperdeck/utf8.h"

#define K(key, name, action, group, help, hint) {key, name, action, group, help, hint}

/* The built-in bindings. The live table starts as a copy and the settings
 * file's bind and unbind lines change it. */
static const keybinding defaults[] = {
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

    K('*', "*", ACT_STAR, GROUP_MARKS, "star or unstar the entry (is:starred finds them)",
      NULL),
    K('r', "r", ACT_READ, GROUP_MARKS, "mark the entry read or unread (is:read, is:unread)",
      NULL),
    K('b', "b", ACT_BIBTEX, GROUP_MARKS, "BibTeX of the entry, full screen (y copies it)",
      NULL),

    K('?', "?", ACT_HELP, GROUP_OTHER, "this help", "help"),
    K(UI_FN(KEY_F(1)), "F1", ACT_HELP, GROUP_OTHER, NULL, NULL),
    K('R', "R", ACT_RELOAD, GROUP_OTHER, "reload the lists from disk now", NULL),
    K(UI_CTRL('l'), "Ctrl-L", ACT_REDRAW, GROUP_OTHER, "redraw the screen", NULL),
    K(UI_CTRL('z'), "Ctrl-Z", ACT_SUSPEND, GROUP_OTHER, "suspend (fg to come back)", NULL),
    K('q', "q", ACT_QUIT, GROUP_OTHER, "quit (closes a full-screen view first)", "quit"),
    K(UI_CTRL('c'), "Ctrl-C", ACT_INTERRUPT, GROUP_OTHER, "quit at once", NULL),
};

#define NDEFAULTS (sizeof defaults / sizeof defaults[0])
#define KEYMAP_MAX (NDEFAULTS + 64)

static keybinding table[KEYMAP_MAX];
static char bound_names[KEYMAP_MAX][24]; /* names of keys bound by the settings */
static size_t ntable, nbound;

/* The names "bind KEY = ACTION" takes, documented in paperdeck(1). Actions
 * without a name (open-link: the digits' number is the link) cannot be
 * bound to other keys. */
static const char *const action_names[] = {
    [ACT_DOWN] = "down",
    [ACT_UP] = "up",
    [ACT_PAGE_DOWN] = "page-down",
    [ACT_PAGE_UP] = "page-up",
    [ACT_HALF_DOWN] = "half-page-down",
    [ACT_HALF_UP] = "half-page-up",
    [ACT_FIRST] = "first",
    [ACT_LAST] = "last",
    [ACT_LEFT] = "left",
    [ACT_RIGHT] = "right",
    [ACT_TOGGLE] = "toggle",
    [ACT_NEXT_PANE] = "next-pane",
    [ACT_PREV_PANE] = "prev-pane",
    [ACT_ENTER] = "enter",
    [ACT_FILTER] = "filter",
    [ACT_CLEAR_FILTER] = "clear-filter",
    [ACT_SORT_NEXT] = "sort-next",
    [ACT_SORT_REVERSE] = "sort-reverse",
    [ACT_OPEN] = "open",
    [ACT_OPEN_PDF] = "open-pdf",
    [ACT_COPY] = "copy",
    [ACT_TOGGLE_SIDEBAR] = "toggle-categories",
    [ACT_TOGGLE_DETAIL] = "toggle-detail",
    [ACT_HELP] = "help",
    [ACT_BACK] = "back",
    [ACT_RELOAD] = "reload",
    [ACT_STAR] = "star",
    [ACT_READ] = "read",
    [ACT_BIBTEX] = "bibtex",
    [ACT_REDRAW] = "redraw",
    [ACT_SUSPEND] = "suspend",
    [ACT_QUIT] = "quit",
    [ACT_INTERRUPT] = "quit-now",
};
#define NACTION_NAMES (sizeof action_names / sizeof action_names[0])

static void ensure_table(void)
{
    if (ntable == 0) {
        memcpy(table, defaults, sizeof defaults);
        ntable = NDEFAULTS;
    }
}

void keymap_reset(void)
{
    ntable = nbound = 0;
    ensure_table();
}

const keybinding *keymap_table(size_t *n)
{
    ensure_table();
    *n = ntable;
    return table;
}

const char *keymap_action_name(ui_action act)
{
    return (size_t)act < NACTION_NAMES && action_names[act] ? action_names[act] : NULL;
}

static bool parse_action(const char *name, ui_action *out)
{
    for (size_t i = 0; i < NACTION_NAMES; i++) {
        if (action_names[i] && strcmp(action_names[i], name) == 0) {
            *out = (ui_action)i;
            return true;
        }
    }
    return false;
}

/* Keys by name, as the help shows them and a few common spellings. */
static const struct {
    const char *name;
    int key;
} named_keys[] = {
    {"Up", UI_FN(KEY_UP)},         {"Down", UI_FN(KEY_DOWN)},
    {"Left", UI_FN(KEY_LEFT)},     {"Right", UI_FN(KEY_RIGHT)},
    {"PgUp", UI_FN(KEY_PPAGE)},    {"PageUp", UI_FN(KEY_PPAGE)},
    {"PgDn", UI_FN(KEY_NPAGE)},    {"PageDown", UI_FN(KEY_NPAGE)},
    {"Home", UI_FN(KEY_HOME)},     {"End", UI_FN(KEY_END)},
    {"Tab", '\t'},                 {"Shift-Tab", UI_FN(KEY_BTAB)},
    {"Space", ' '},                {"Esc", UI_ESC},
    {"Backspace", UI_FN(KEY_BACKSPACE)}, {"Delete", UI_FN(KEY_DC)},
    {"Insert", UI_FN(KEY_IC)},
};

int keymap_parse_key(const char *name, int keys[3], char *canon, size_t size)
{
    size_t len = strlen(name);
    if (len == 0)
        return 0;
    if (strcasecmp(name, "Enter") == 0 || strcasecmp(name, "Return") == 0) {
        keys[0] = '\r';
        keys[1] = '\n';
        keys[2] = UI_FN(KEY_ENTER);
        snprintf(canon, size, "Enter");
        return 3;
    }
    for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++) {
        if (strcasecmp(name, named_keys[i].name) == 0) {
            keys[0] = named_keys[i].key;
            snprintf(canon, size, "%s", named_keys[i].name);
            return 1;
        }
    }
    if ((name[0] == 'F' || name[0] == 'f') && len >= 2 && len <= 3 && isdigit((unsigned char)name[1])
        && (len == 2 || isdigit((unsigned char)name[2]))) {
        int n = name[1] - '0';
        if (len == 3)
            n = n * 10 + (name[2] - '0');
        if (n < 1 || n > 12)
            return 0;
        keys[0] = UI_FN(KEY_F(n));
        snprintf(canon, size, "F%d", n);
        return 1;
    }
    if (len == 6 && strncasecmp(name, "Ctrl-", 5) == 0 && isalpha((unsigned char)name[5])) {
        keys[0] = UI_CTRL(name[5]);
        snprintf(canon, size, "Ctrl-%c", toupper((unsigned char)name[5]));
        return 1;
    }
    uint32_t cp;
    size_t used = utf8_decode(name, len, &cp);
    if (used == len && cp >= 0x21 && cp != 0x7f && utf8_cp_width(cp) > 0) {
        keys[0] = (int)cp;
        snprintf(canon, size, "%s", name);
        return 1;
    }
    return 0;
}

/* The first binding of each action carries its help and hint (from the
 * built-in table), whichever key that is now. */
static void renumber_help(void)
{
    for (size_t i = 0; i < ntable; i++) {
        bool first = true;
        for (size_t j = 0; j < i; j++)
            first &= table[j].action != table[i].action;
        table[i].help = table[i].hint = NULL;
        if (!first)
            continue;
        for (size_t d = 0; d < NDEFAULTS; d++) {
            if (defaults[d].action == table[i].action && defaults[d].help) {
                table[i].help = defaults[d].help;
                table[i].hint = defaults[d].hint;
                break;
            }
        }
    }
}

static void remove_key(int key)
{
    size_t out = 0;
    for (size_t i = 0; i < ntable; i++)
        if (table[i].key != key)
            table[out++] = table[i];
    ntable = out;
}

/* Where a new binding of act goes: after the others of its action, else
 * where the action stands in the built-in table, so the help keeps its
 * order. */
static size_t insert_point(ui_action act)
{
    size_t at = ntable;
    for (size_t i = 0; i < ntable; i++)
        if (table[i].action == act)
            at = i + 1;
    if (at < ntable || (ntable && table[ntable - 1].action == act))
        return at;
    size_t rank = 0;
    while (rank < NDEFAULTS && defaults[rank].action != act)
        rank++;
    for (size_t i = 0; i < ntable; i++) {
        size_t r = 0;
        while (r < NDEFAULTS && defaults[r].action != table[i].action)
            r++;
        if (r > rank)
            return i;
    }
    return ntable;
}

static key_group group_of(ui_action act)
{
    for (size_t d = 0; d < NDEFAULTS; d++)
        if (defaults[d].action == act)
            return defaults[d].group;
    return GROUP_OTHER;
}

bool keymap_bind(const char *key_name, const char *action_name, char *err, size_t errsize)
{
    ensure_table();
    int keys[3];
    char canon[24];
    int nkeys = keymap_parse_key(key_name, keys, canon, sizeof canon);
    if (nkeys == 0) {
        snprintf(err, errsize, "unknown key '%s' (a character, Ctrl-X, F1-F12, or Up, Down, "
                               "Left, Right, PgUp, PgDn, Home, End, Tab, Shift-Tab, Enter, "
                               "Space, Esc, Backspace, Delete, Insert)", key_name);
        return false;
    }
    ui_action act = ACT_NONE;
    if (action_name && !parse_action(action_name, &act)) {
        snprintf(err, errsize, "unknown action '%s' (see ACTIONS in paperdeck(1))",
                 action_name);
        return false;
    }
    for (int k = 0; k < nkeys; k++)
        remove_key(keys[k]);
    if (action_name) {
        for (int k = 0; k < nkeys; k++) {
            if (ntable >= KEYMAP_MAX || nbound >= KEYMAP_MAX) {
                snprintf(err, errsize, "too many key bindings");
                renumber_help();
                return false;
            }
            size_t at = insert_point(act);
            memmove(table + at + 1, table + at, (ntable - at) * sizeof *table);
            /* the name must live as long as the table */
            char *slot = bound_names[nbound++];
            snprintf(slot, sizeof bound_names[0], "%s", canon);
            table[at] = (keybinding){keys[k], slot, act, group_of(act), NULL, NULL};
            ntable++;
        }
    }
    renumber_help();
    return true;
}

ui_action keymap_lookup(int key, int *arg)
{
    ensure_table();
    for (size_t i = 0; i < ntable; i++) {
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
        [GROUP_MARKS] = "Marks and citing",
        [GROUP_OTHER] = "Other",
    };
    return (unsigned)g < GROUP_COUNT_ ? names[g] : "";
}
