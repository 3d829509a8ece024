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

/* Where clipboard_put's text went. */
enum { CLIPBOARD_TERMINAL = 1u, CLIPBOARD_TMUX = 2u };

/* Sends text to the terminal on fd (clipboard_copy, or clipboard_copy_lines
 * with lines) and, inside tmux (TMUX set), also loads it into tmux's paste
 * buffer (tmux load-buffer -w -; without -w on a tmux older than 3.2), which
 * works with tmux's default set-clipboard external, where OSC 52 from an
 * application is dropped. Returns the CLIPBOARD_* bits of where it went; 0
 * when the text was refused or the terminal could not be written. */
unsigned clipboard_put(int fd, const char *text, bool lines);

/* What clipboard_put did (how not 0), for a message: "copied to tmux buffer
 * and sent to terminal (OSC 52)", or "sent to terminal (OSC 52)" (which
 * reaches the clipboard only when the terminal takes OSC 52). */
const char *clipboard_said(unsigned how);

#endif
