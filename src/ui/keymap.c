/* keymap: the key table; see keymap.h. */
#include "keymap.h"

#include <ctype.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "paperdeck/array.h"
#include "paperdeck/utf8.h"

#define K(key, name, action)                       \
    {                                              \
        key, name, action, GROUP_OTHER, NULL, NULL \
    }

/* The built-in bindings, an action's bindings next to each other and in
 * the order the help lists them. The live table starts as a copy (with
 * help and hints filled in from the action table) and the settings file's
 * bind and unbind lines change it. */
static const keybinding defaults[] = {
    K('j', "j", ACT_DOWN),
    K(UI_FN(KEY_DOWN), "\u2193", ACT_DOWN),
    K(UI_CTRL('n'), "Ctrl-N", ACT_DOWN),
    K('k', "k", ACT_UP),
    K(UI_FN(KEY_UP), "\u2191", ACT_UP),
    K(UI_CTRL('p'), "Ctrl-P", ACT_UP),
    K(UI_FN(KEY_NPAGE), "PgDn", ACT_PAGE_DOWN),
    K(UI_CTRL('f'), "Ctrl-F", ACT_PAGE_DOWN),
    K(UI_FN(KEY_PPAGE), "PgUp", ACT_PAGE_UP),
    K(UI_CTRL('b'), "Ctrl-B", ACT_PAGE_UP),
    K(UI_CTRL('d'), "Ctrl-D", ACT_HALF_DOWN),
    K(UI_CTRL('u'), "Ctrl-U", ACT_HALF_UP),
    K('g', "g", ACT_FIRST),
    K(UI_FN(KEY_HOME), "Home", ACT_FIRST),
    K('G', "G", ACT_LAST),
    K(UI_FN(KEY_END), "End", ACT_LAST),
    K('J', "J", ACT_NEXT_ENTRY),
    K('n', "n", ACT_NEXT_ENTRY),
    K('K', "K", ACT_PREV_ENTRY),

    K('/', "/", ACT_FILTER),
    K('\\', "\\", ACT_CLEAR_FILTER),
    K('s', "s", ACT_SORT_NEXT),
    K('S', "S", ACT_SORT_REVERSE),

    K('\t', "Tab", ACT_NEXT_PANE),
    K(UI_FN(KEY_BTAB), "Shift-Tab", ACT_PREV_PANE),
    K('h', "h", ACT_LEFT),
    K(UI_FN(KEY_LEFT), "\u2190", ACT_LEFT),
    K('l', "l", ACT_RIGHT),
    K(UI_FN(KEY_RIGHT), "\u2192", ACT_RIGHT),
    K(' ', "Space", ACT_TOGGLE),
    K('\r', "Enter", ACT_ENTER),
    K('\n', "Enter", ACT_ENTER),
    K(UI_FN(KEY_ENTER), "Enter", ACT_ENTER),
    K('c', "c", ACT_TOGGLE_SIDEBAR),
    K('d', "d", ACT_TOGGLE_DETAIL),
    K(UI_ESC, "Esc", ACT_BACK),

    K('o', "o", ACT_OPEN),
    K('p', "p", ACT_OPEN_PDF),
    K('1', "1", ACT_OPEN_LINK),
    K('2', "2", ACT_OPEN_LINK),
    K('3', "3", ACT_OPEN_LINK),
    K('4', "4", ACT_OPEN_LINK),
    K('5', "5", ACT_OPEN_LINK),
    K('6', "6", ACT_OPEN_LINK),
    K('7', "7", ACT_OPEN_LINK),
    K('8', "8", ACT_OPEN_LINK),
    K('9', "9", ACT_OPEN_LINK),
    K('y', "y", ACT_COPY),

    K('*', "*", ACT_STAR),
    K('r', "r", ACT_READ),
    K('b', "b", ACT_BIBTEX),

    K('?', "?", ACT_HELP),
    K(UI_FN(KEY_F(1)), "F1", ACT_HELP),
    K('R', "R", ACT_RELOAD),
    K(UI_CTRL('l'), "Ctrl-L", ACT_REDRAW),
    K(UI_CTRL('z'), "Ctrl-Z", ACT_SUSPEND),
    K('q', "q", ACT_QUIT),
    K(UI_CTRL('c'), "Ctrl-C", ACT_INTERRUPT),
};

#define NDEFAULTS (sizeof defaults / sizeof defaults[0])
#define KEYMAP_MAX (NDEFAULTS + 64)

static keybinding table[KEYMAP_MAX];
static char bound_names[KEYMAP_MAX][24]; /* names of keys bound by the settings */
static size_t ntable, nbound;

/* --- the action table (actions.h), read by column ------------------------ */

#define NAME_(id, name, group, help, hint, motion, fn) [ACT_##id] = name,
#define GROUP_(id, name, group, help, hint, motion, fn) [ACT_##id] = GROUP_##group,
#define HELP_(id, name, group, help, hint, motion, fn) [ACT_##id] = help,
#define HINT_(id, name, group, help, hint, motion, fn) [ACT_##id] = hint,
#define MOTION_(id, name, group, help, hint, motion, fn) [ACT_##id] = CURSOR_##motion,

static const char *const action_names[ACT_COUNT_] = {UI_ACTIONS(NAME_)};
static const key_group action_groups[ACT_COUNT_] = {[ACT_NONE] = GROUP_OTHER, UI_ACTIONS(GROUP_)};
static const char *const action_helps[ACT_COUNT_] = {UI_ACTIONS(HELP_)};
static const char *const action_hints[ACT_COUNT_] = {UI_ACTIONS(HINT_)};
static const cursor_motion action_motions[ACT_COUNT_] = {UI_ACTIONS(MOTION_)};

static bool valid(ui_action act)
{
    return (unsigned)act < ACT_COUNT_;
}

ARRAY_ENUM_PARSE(action_parse, ui_action, action_names)

key_group action_group(ui_action act)
{
    return valid(act) ? action_groups[act] : GROUP_OTHER;
}

const char *action_help(ui_action act)
{
    return valid(act) ? action_helps[act] : NULL;
}

const char *action_hint(ui_action act)
{
    return valid(act) ? action_hints[act] : NULL;
}

cursor_motion action_motion(ui_action act)
{
    return valid(act) ? action_motions[act] : CURSOR_STAY;
}

/* --- the key table -------------------------------------------------------- */

static void renumber_help(void);

static void ensure_table(void)
{
    if (ntable == 0) {
        memcpy(table, defaults, sizeof defaults);
        ntable = NDEFAULTS;
        renumber_help();
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

/* Keys by name, as the help shows them and a few common spellings. */
static const struct {
    const char *name;
    int key;
} named_keys[] = {
    {"Up", UI_FN(KEY_UP)},
    {"Down", UI_FN(KEY_DOWN)},
    {"Left", UI_FN(KEY_LEFT)},
    {"Right", UI_FN(KEY_RIGHT)},
    {"PgUp", UI_FN(KEY_PPAGE)},
    {"PageUp", UI_FN(KEY_PPAGE)},
    {"PgDn", UI_FN(KEY_NPAGE)},
    {"PageDown", UI_FN(KEY_NPAGE)},
    {"Home", UI_FN(KEY_HOME)},
    {"End", UI_FN(KEY_END)},
    {"Tab", '\t'},
    {"Shift-Tab", UI_FN(KEY_BTAB)},
    {"Space", ' '},
    {"Esc", UI_ESC},
    {"Backspace", UI_FN(KEY_BACKSPACE)},
    {"Delete", UI_FN(KEY_DC)},
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
    if ((name[0] == 'F' || name[0] == 'f') && len >= 2 && len <= 3
        && isdigit((unsigned char)name[1]) && (len == 2 || isdigit((unsigned char)name[2]))) {
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
 * action table), whichever key that is now; every binding its group. */
static void renumber_help(void)
{
    for (size_t i = 0; i < ntable; i++) {
        bool first = true;
        for (size_t j = 0; j < i; j++)
            first &= table[j].action != table[i].action;
        table[i].group = action_group(table[i].action);
        table[i].help = first ? action_help(table[i].action) : NULL;
        table[i].hint = first ? action_hint(table[i].action) : NULL;
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

bool keymap_bind(const char *key_name, const char *action_name, char *err, size_t errsize)
{
    ensure_table();
    int keys[3];
    char canon[24];
    int nkeys = keymap_parse_key(key_name, keys, canon, sizeof canon);
    if (nkeys == 0) {
        snprintf(err, errsize,
                 "unknown key '%s' (a character, Ctrl-X, F1-F12, or Up, Down, "
                 "Left, Right, PgUp, PgDn, Home, End, Tab, Shift-Tab, Enter, "
                 "Space, Esc, Backspace, Delete, Insert)",
                 key_name);
        return false;
    }
    ui_action act = ACT_NONE;
    if (action_name && !action_parse(action_name, &act)) {
        snprintf(err, errsize, "unknown action '%s' (see ACTIONS in paperdeck(1))", action_name);
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
            table[at] = (keybinding){keys[k], slot, act, action_group(act), NULL, NULL};
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
#define HEADING_(id, heading) [GROUP_##id] = heading,
    static const char *const headings[GROUP_COUNT_] = {UI_GROUPS(HEADING_)};
#undef HEADING_
    return (unsigned)g < GROUP_COUNT_ ? headings[g] : "";
}
