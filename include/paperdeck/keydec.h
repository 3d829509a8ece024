/* keydec: the bytes a terminal sends for keys and mouse reports, decoded
 * into events: characters (with Alt when ESC came first), the named keys
 * (arrows, Home, End, PgUp, ... in their xterm, rxvt, linux and tmux
 * spellings, with their modifiers), and mouse reports (X10 and SGR 1006).
 * A sequence it does not know (ESC [ 99 ~, a CSI with many parameters, an
 * unknown SS3) is swallowed whole and never runs as keys; so is a sequence
 * cut short. No curses, no I/O: the caller reads the bytes, feeds them, and
 * says when no more came within the wait (keydec_wait_ms). */
#ifndef PAPERDECK_KEYDEC_H
#define PAPERDECK_KEYDEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KEYDEC_BUF 4096

typedef enum keydec_kind {
    KEYDEC_NONE,    /* nothing whole yet: feed more, or flush once the wait is over */
    KEYDEC_CHAR,    /* a character, cp (a control character too: Enter is '\r') */
    KEYDEC_KEY,     /* a named key, key */
    KEYDEC_MOUSE,   /* a mouse report */
    KEYDEC_DROPPED, /* a sequence swallowed whole: unknown, cut short, or invalid UTF-8 */
} keydec_kind;

typedef enum keydec_key {
    KEYDEC_UP = 1,
    KEYDEC_DOWN,
    KEYDEC_RIGHT,
    KEYDEC_LEFT,
    KEYDEC_HOME,
    KEYDEC_END,
    KEYDEC_INSERT,
    KEYDEC_DELETE,
    KEYDEC_PGUP,
    KEYDEC_PGDN,
    KEYDEC_BTAB,    /* Shift-Tab */
    KEYDEC_KPENTER, /* the keypad's Enter */
    KEYDEC_F1,      /* F1 .. F12 follow */
} keydec_key;
#define KEYDEC_F(n) (KEYDEC_F1 + (n)-1)

/* Modifiers, as xterm numbers them (its parameter minus one). */
enum { KEYDEC_SHIFT = 1, KEYDEC_ALT = 2, KEYDEC_CTRL = 4 };

typedef struct keydec_event {
    keydec_kind kind;
    uint32_t cp;   /* KEYDEC_CHAR */
    int key;       /* KEYDEC_KEY: a keydec_key */
    unsigned mods; /* KEYDEC_CHAR, KEYDEC_KEY: KEYDEC_ALT ... */
    int button;    /* KEYDEC_MOUSE: 0-2 the buttons, 64/65 wheel up/down, +32 a motion */
    bool release;  /* KEYDEC_MOUSE: a button let go */
    int x, y;      /* KEYDEC_MOUSE: the cell, from 0 */
} keydec_event;

typedef struct keydec {
    unsigned char buf[KEYDEC_BUF];
    size_t start, n; /* the bytes not yet decoded: buf[start..n) */
    bool skipping;   /* inside a CSI too long for buf: dropped up to its final byte */
    bool esc_alone;  /* the ESC waiting at buf[start] was Escape (see keydec_feed) */
} keydec;

void keydec_init(keydec *d);
/* Room for keydec_feed: read at most this many bytes. */
size_t keydec_room(const keydec *d);
/* Appends bytes read from the terminal; returns how many it took (up to
 * keydec_room). Call it once per read: a terminal sends Alt-b as ESC b in
 * one write, so an ESC that ended the last read and a byte that cannot go
 * on a sequence ('[' or 'O') in this one are Escape and a key, as typed. */
size_t keydec_feed(keydec *d, const void *bytes, size_t n);
/* The next event. KEYDEC_NONE when the bytes run out, maybe inside a
 * sequence: feed more, or call again with flush once no more came within
 * keydec_wait_ms; then a lone ESC is Escape and a cut sequence is dropped. */
keydec_kind keydec_next(keydec *d, bool flush, keydec_event *ev);
/* How long to wait for the rest of what keydec_next left undecoded: 0 when
 * nothing is left, KEYDEC_ESC_MS after a lone ESC (Escape comes that late),
 * KEYDEC_SEQ_MS inside a longer sequence. A terminal writes a key's
 * sequence at once, so a lone ESC is nearly always Escape: the wait is for
 * a sequence cut by a slow link, and short enough that Escape is answered
 * within a frame (tmux's escape-time is 10 ms too). */
int keydec_wait_ms(const keydec *d);
#define KEYDEC_ESC_MS 10
#define KEYDEC_SEQ_MS 100

#endif
