/* keymap: the one table of keys the program dispatches from and the help
 * overlay is generated from, so the two can never drift apart. */
#ifndef PAPERDECK_UI_KEYMAP_H
#define PAPERDECK_UI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "actions.h"

/* A key: a Unicode character, or a curses key code (KEY_UP...) tagged with
 * KEY_FN, which keeps them apart from characters above U+00FF. */
#define UI_KEY_FN (1 << 24)
#define UI_FN(k) (UI_KEY_FN | (k))
/* Modifiers the terminal reports (term.c decodes them): Alt with a
 * character (ESC b is Alt-b) or a key, Ctrl and Shift with a named key
 * (Ctrl-Left). A key with them never equals the key without. */
#define UI_KEY_ALT (1 << 25)
#define UI_KEY_CTRL (1 << 26)
#define UI_KEY_SHIFT (1 << 27)
#define UI_ALT(k) (UI_KEY_ALT | (k))
#define UI_CTRL(c) ((c)&0x1f)
#define UI_ESC 27

typedef struct keybinding {
    int key;
    const char *name; /* as the help shows it: "j", "Ctrl-F", "PgDn" */
    ui_action action;
    /* From the action table, on the first binding of an action (NULL on
     * the others), so help and hints list each action once: */
    key_group group;
    const char *help;
    const char *hint; /* short label for the bottom line, NULL if not shown there */
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
/* The action bound to key, ACT_NONE if none. For ACT_OPEN_LINK, *arg gets
 * the link number. */
ui_action keymap_lookup(int key, int *arg);
const char *keymap_group_name(key_group g);

#endif
