/* term: the terminal's safety. Curses starts only on a real terminal, and
 * every way out gives the terminal back: a normal quit, Ctrl-C, SIGINT,
 * SIGTERM, SIGHUP, SIGQUIT (the loop notices a flag and stops), exit()
 * (an atexit guard) and crashes (a handler that restores the tty with
 * async-signal-safe calls only, then dies of the same signal; a fault goes
 * on to the handler installed before, so a sanitizer still reports it).
 * SIGTSTP and SIGCONT only set flags: the loop acts on them (see
 * term_job_signals); ncurses' own SIGTSTP handler would draw inside the
 * signal handler. */
#ifndef PAPERDECK_UI_TERM_H
#define PAPERDECK_UI_TERM_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include <curses.h>

typedef struct term {
    FILE *in; /* where keys come from: stdin or /dev/tty */
    SCREEN *screen;
    struct sigaction saved[12]; /* handlers to put back */
    char *old_locale;
    bool unicode; /* the locale can show UTF-8 */
} term;

/* Checks that there is a terminal to draw on; if not, says why on stderr
 * and returns false (nothing is touched). */
bool term_usable(void);
/* Sets the locale, installs the signal handlers and starts curses (raw
 * mode, mouse reports). False, with a message on stderr, when it cannot;
 * term_stop must be called either way. */
bool term_start(term *t);
/* Gives the terminal back (cursor, modes, the main screen) and keeps
 * curses' memory, so a quit shows at once while a big list is still being
 * freed; term_stop, after it or alone, frees the rest. */
void term_restore(void);
void term_stop(term *t);

/* The next key, in keymap.h's encoding, waiting for it at most timeout_ms
 * (and, inside an escape sequence, a little longer for its rest). ERR when
 * none came, or a signal did. Keys are decoded here (keydec.h), not by
 * curses: whatever TERM says, every spelling of a key is that key, and a
 * sequence not known is swallowed whole, never run as the keys it is made
 * of. UI_FN(KEY_MOUSE): term_mouse says what it was; UI_FN(KEY_RESIZE):
 * curses has the terminal's new size. */
int term_read_key(int timeout_ms, int *key);
/* The monotonic clock, in milliseconds. */
long long term_now_ms(void);
/* The last mouse report: its cell, the wheel (-1 up, 1 down, else 0) and
 * whether it was a press of the first button. */
void term_mouse(int *y, int *x, int *wheel, bool *click);

/* The signal that asked to quit, 0 if none. */
int term_quit_signal(void);

/* Leaves curses so another program can use the terminal, and comes back. */
void term_leave(void);
void term_return(void);
/* Ctrl-Z: stops the process as the shell's job control expects; returns
 * once it is continued (at once where there is no job control). */
void term_suspend(void);
/* Once per turn of the loop, between two screens: a SIGTSTP from outside
 * (kill -TSTP, a job-control shell) stops the process as Ctrl-Z does (a
 * SIGCONT before then calls it off). Returns true when the screen must be
 * redrawn (after a stop, or a SIGCONT: the terminal may have changed). */
bool term_job_signals(void);
/* The terminal keys come from has gone (its window closed, an ssh link
 * dropped) without a SIGHUP reaching us, as when we are not in its
 * foreground process group: reads see end of file, at once and forever. */
bool term_hung_up(void);
/* A key (a byte of one) is waiting to be read. */
bool term_key_waiting(void);
/* term_key_waiting, waiting up to ms for one: the processor is given up
 * meanwhile. */
bool term_key_within(int ms);
/* Reads what is waiting without taking a key: whether a key is waiting,
 * and in *edits whether every byte waiting edits the prompt's text at its
 * end: printable text or Backspace (no other control key, no Escape, no
 * sequence). */
bool term_keys_peek(bool *edits);

#endif
