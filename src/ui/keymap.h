/* keymap: the one table of keys the program dispatches from and the help
 * overlay is generated from, so the two can never drift apart. */
#ifndef PAPERDECK_UI_KEYMAP_H
#define PAPERDECK_UI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

/* A key: a Unicode character, or a curses key code (KEY_UP...) tagged with
 * KEY_FN, which keeps them apart from characters above U+00FF. */
#define UI_KEY_FN (1 << 24)
#define UI_FN(k) (UI_KEY_FN | (k))
#define UI_CTRL(c) ((c) & 0x1f)
#define UI_ESC 27

typedef enum ui_action {
    ACT_NONE,
    ACT_DOWN,
    ACT_UP,
    ACT_PAGE_DOWN,
    ACT_PAGE_UP,
    ACT_HALF_DOWN,
    ACT_HALF_UP,
    ACT_FIRST,
    ACT_LAST,
    ACT_LEFT,        /* fold a section, or to the parent / category pane */
    ACT_RIGHT,       /* unfold a section, or to the table */
    ACT_TOGGLE,      /* fold or unfold the section under the cursor */
    ACT_NEXT_PANE,
    ACT_PREV_PANE,
    ACT_ENTER,       /* table: full-screen detail; detail: open; categories: table */
    ACT_FILTER,
    ACT_CLEAR_FILTER,
    ACT_SORT_NEXT,
    ACT_SORT_REVERSE,
    ACT_OPEN,
    ACT_OPEN_PDF,
    ACT_OPEN_LINK,   /* 1-9: the numbered links of the detail view */
    ACT_COPY,
    ACT_TOGGLE_SIDEBAR,
    ACT_TOGGLE_DETAIL,
    ACT_HELP,
    ACT_BACK,        /* close the detail or help view */
    ACT_RELOAD,      /* load the lists from disk again */
    ACT_STAR,        /* star or unstar the selected entry */
    ACT_READ,        /* mark it read or unread */
    ACT_BIBTEX,      /* its BibTeX entry, full screen */
    ACT_REDRAW,
    ACT_SUSPEND,
    ACT_QUIT,
    ACT_INTERRUPT,   /* Ctrl-C */
} ui_action;

typedef enum key_group {
    GROUP_MOVE,
    GROUP_FILTER,
    GROUP_PANES,
    GROUP_OPEN,
    GROUP_MARKS,
    GROUP_OTHER,
    GROUP_COUNT_
} key_group;

typedef struct keybinding {
    int key;
    const char *name;  /* as the help shows it: "j", "Ctrl-F", "PgDn" */
    ui_action action;
    key_group group;
    const char *help;  /* on the first binding of an action; NULL on the others */
    const char *hint;  /* short label for the bottom line, NULL if not shown there */
} keybinding;

/* The table, bindings of one action next to each other. */
const keybinding *keymap_table(size_t *n);
/* Back to the built-in bindings. */
void keymap_reset(void);
/* Binds the key named key_name ("x", "Ctrl-F", "PgDn", "Enter", "F5") to
 * the action named action_name ("open", "sort-next"; NULL: unbind it),
 * replacing what the key did. False with the reason in err when the key or
 * the action has no such name. */
bool keymap_bind(const char *key_name, const char *action_name, char *err, size_t errsize);
/* The key codes a key name stands for (Enter is three) and its name as the
 * help writes it; returns how many codes, 0 when the name is not a key. */
int keymap_parse_key(const char *name, int keys[3], char *canon, size_t size);
/* The name bindings use for an action; NULL when it cannot be bound. */
const char *keymap_action_name(ui_action act);
/* The action bound to key, ACT_NONE if none. For ACT_OPEN_LINK, *arg gets
 * the link number. */
ui_action keymap_lookup(int key, int *arg);
const char *keymap_group_name(key_group g);

#endif
