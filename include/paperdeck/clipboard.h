/* clipboard: copy text to the system clipboard with OSC 52, the terminal
 * escape that works over ssh and inside tmux (set-clipboard on) and screen. */
#ifndef PAPERDECK_CLIPBOARD_H
#define PAPERDECK_CLIPBOARD_H

#include <stdbool.h>
#include <stddef.h>

/* Writes ESC ] 52 ; c ; BASE64(text) BEL into buf (NUL-terminated).
 * Returns the length, or 0 when buf is too small or text is longer than
 * 64 KiB or holds control characters (it never emits anything but base64
 * between the introducer and the terminator). */
size_t clipboard_osc52(const char *text, char *buf, size_t size);

/* Sends the sequence for text to the terminal on fd. Returns 0, or -1. */
int clipboard_copy(int fd, const char *text);

/* The same for text of several lines (a BibTeX entry): line feeds are
 * allowed, every other control character is still refused. */
size_t clipboard_osc52_lines(const char *text, char *buf, size_t size);
int clipboard_copy_lines(int fd, const char *text);

#endif
