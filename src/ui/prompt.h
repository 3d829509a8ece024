/* prompt: a one-line editor for the filter, UTF-8 aware, with the editing
 * keys of readline (Ctrl-A/E/B/F/U/K/W/D, arrows, Home/End, Backspace,
 * Delete; by words Alt-B/F/D, Alt-Backspace, Ctrl-Left/Right). */
#ifndef PAPERDECK_UI_PROMPT_H
#define PAPERDECK_UI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

#include "text.h"

#define PROMPT_MAX 1024

typedef struct prompt {
    char buf[PROMPT_MAX]; /* NUL-terminated UTF-8 */
    size_t len;
    size_t cur; /* byte offset of the cursor, on a character boundary */
    int scroll; /* display columns hidden on the left */
} prompt;

typedef enum prompt_result {
    PROMPT_IGNORED, /* not an editing key */
    PROMPT_MOVED,   /* cursor moved, text unchanged */
    PROMPT_CHANGED, /* text changed */
} prompt_result;

void prompt_set(prompt *p, const char *text);
/* Handles one key (see keymap.h for the encoding). */
prompt_result prompt_key(prompt *p, int key);
/* Draws the text from column x within width columns, scrolled so the cursor
 * shows; the column of the cursor (relative to the window) goes to *cursor_x.
 * The byte range [err_from, err_to) is drawn in err_style (err_to 0: none). */
void prompt_draw(prompt *p, WINDOW *w, int y, int x, int width, ui_style st, size_t err_from,
                 size_t err_to, ui_style err_style, int *cursor_x);

#endif
