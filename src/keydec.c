/* keydec: terminal input bytes to key events; see keydec.h.
 *
 * Each call decodes one event from the start of the bytes not yet decoded.
 * A parser returns the bytes its event takes, or 0 when the bytes end
 * before the event does (more may come). ECMA-48 shapes what is a whole
 * sequence: CSI is ESC [, parameter bytes 0x30-0x3F, intermediate bytes
 * 0x20-0x2F and one final byte 0x40-0x7E; SS3 is ESC O and one final byte.
 * Any other byte inside a sequence ends it as broken: the bytes before it
 * are dropped and it is decoded afresh (an ESC typed after a cut report
 * still counts). */
#include "paperdeck/keydec.h"

#include <string.h>

#include "paperdeck/ascii.h"
#include "paperdeck/utf8.h"

#define ESC 0x1b
#define MAX_PARAMS 4

static bool is_param(unsigned char c)
{
    return c >= 0x20 && c <= 0x3f; /* parameter or intermediate byte */
}

static bool is_final(unsigned char c)
{
    return c >= 0x40 && c <= 0x7e;
}

static size_t dropped(keydec_event *ev, size_t used)
{
    ev->kind = KEYDEC_DROPPED;
    return used;
}

static size_t named(keydec_event *ev, int key, unsigned mods, size_t used)
{
    ev->kind = KEYDEC_KEY;
    ev->key = key;
    ev->mods = mods;
    return used;
}

static size_t character(keydec_event *ev, uint32_t cp, unsigned mods, size_t used)
{
    ev->kind = KEYDEC_CHAR;
    ev->cp = cp;
    ev->mods = mods;
    return used;
}

/* The numbers of s[0..n) ("1;5"); false when it is anything else (':'
 * sub-parameters, private markers) or has more than MAX_PARAMS. An empty
 * parameter is 0. */
static bool parse_params(const unsigned char *s, size_t n, int p[MAX_PARAMS], int *np)
{
    *np = 0;
    if (n == 0)
        return true;
    int cur = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == ';') {
            if (*np == MAX_PARAMS)
                return false;
            p[(*np)++] = cur;
            cur = 0;
        } else if (s[i] >= '0' && s[i] <= '9') {
            if (cur < 100000)
                cur = cur * 10 + (s[i] - '0');
        } else {
            return false;
        }
    }
    return true;
}

/* xterm's modifier parameter (1 + shift 1, alt 2, ctrl 4, meta 8; meta
 * counts as Alt); -1 when out of range. */
static int modifiers(int param)
{
    if (param < 1 || param > 16)
        return -1;
    unsigned m = (unsigned)param - 1;
    return (int)((m & 7) | ((m & 8) ? KEYDEC_ALT : 0));
}

/* ESC [ n ~ : the keys of vt220, rxvt, linux and tmux, by their number. */
static int tilde_key(int n)
{
    switch (n) {
    case 1:
    case 7:
        return KEYDEC_HOME;
    case 2:
        return KEYDEC_INSERT;
    case 3:
        return KEYDEC_DELETE;
    case 4:
    case 8:
        return KEYDEC_END;
    case 5:
        return KEYDEC_PGUP;
    case 6:
        return KEYDEC_PGDN;
    default:
        break;
    }
    static const int fkeys[] = {11, 12, 13, 14, 15, 17, 18, 19, 20, 21, 23, 24};
    for (int i = 0; i < 12; i++)
        if (fkeys[i] == n)
            return KEYDEC_F(i + 1);
    return 0;
}

/* The final byte of CSI (and of SS3) for the cursor keys, Home, End. */
static int letter_key(unsigned char f)
{
    static const char letters[] = "ABCDHF";
    static const int keys[] = {KEYDEC_UP,   KEYDEC_DOWN, KEYDEC_RIGHT,
                               KEYDEC_LEFT, KEYDEC_HOME, KEYDEC_END};
    const char *at = f ? strchr(letters, f) : NULL;
    return at ? keys[at - letters] : 0;
}

static size_t mouse(keydec_event *ev, int code, int x, int y, bool release, size_t used)
{
    if (x < 0 || y < 0 || code < 0)
        return dropped(ev, used);
    ev->kind = KEYDEC_MOUSE;
    ev->button = code & ~28; /* without Shift, Meta, Ctrl */
    ev->release = release;
    ev->x = x;
    ev->y = y;
    return used;
}

/* ESC [ M b x y, the X10 report: three raw bytes, each 32 more than the
 * number (the cells from 1); a button let go is button 3. */
static size_t x10_mouse(const unsigned char *s, size_t n, keydec_event *ev)
{
    if (n < 6)
        return 0;
    int code = s[3] - 32;
    bool release = (code & 3) == 3 && !(code & 64);
    return mouse(ev, code, s[4] - 33, s[5] - 33, release, 6);
}

/* A whole CSI, ESC [ ... final, of `used` bytes: what it means. */
static size_t csi_meaning(const unsigned char *s, size_t used, keydec_event *ev)
{
    size_t pend = 2;
    while (pend < used - 1 && s[pend] >= 0x30 && s[pend] <= 0x3f)
        pend++;
    unsigned char f = s[used - 1];
    if (pend != used - 1) /* intermediate bytes: none of ours have them */
        return dropped(ev, used);
    int p[MAX_PARAMS], np;
    if (s[2] == '<') { /* SGR 1006 mouse: ESC [ < b ; x ; y M (press) or m */
        if ((f != 'M' && f != 'm') || !parse_params(s + 3, pend - 3, p, &np) || np != 3)
            return dropped(ev, used);
        return mouse(ev, p[0], p[1] - 1, p[2] - 1, f == 'm', used);
    }
    if (!parse_params(s + 2, pend - 2, p, &np))
        return dropped(ev, used);
    int mods = np == 2 ? modifiers(p[1]) : np < 2 ? 0 : -1;
    if (mods < 0)
        return dropped(ev, used);
    int key = 0;
    if (f == '~' && np >= 1)
        key = tilde_key(p[0]);
    else if (f == 'Z' && np == 0)
        key = KEYDEC_BTAB;
    else if (np == 0 || (np == 2 && p[0] <= 1)) /* ESC [ A, ESC [ 1 ; 5 C */
        key = letter_key(f);
    return key ? named(ev, key, (unsigned)mods, used) : dropped(ev, used);
}

/* s starts with ESC [. */
static size_t csi(const unsigned char *s, size_t n, keydec_event *ev)
{
    if (n < 3)
        return 0;
    if (s[2] == 'M')
        return x10_mouse(s, n, ev);
    if (s[2] == '[') { /* the linux console's F1-F5: ESC [ [ A .. E */
        if (n < 4)
            return 0;
        if (s[3] >= 'A' && s[3] <= 'E')
            return named(ev, KEYDEC_F(s[3] - 'A' + 1), 0, 4);
        return dropped(ev, is_final(s[3]) ? 4 : 3);
    }
    size_t i = 2;
    while (i < n && is_param(s[i]) && !(s[i] == '$' && ascii_is_digit(s[2])))
        i++;
    if (i == n)
        return 0;
    if (s[i] == '$') /* rxvt ends its Shift- keys with it: ESC [ 2 $ */
        return dropped(ev, i + 1);
    if (!is_final(s[i])) /* broken by a control character: drop what came before */
        return dropped(ev, i);
    return csi_meaning(s, i + 1, ev);
}

/* s starts with ESC O: the cursor keys in application mode, F1-F4, the
 * keypad's Enter, rxvt's Ctrl-Left and Ctrl-Right; a modifier digit may
 * come first (ESC O 5 C). */
static size_t ss3(const unsigned char *s, size_t n, keydec_event *ev)
{
    size_t i = 2;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == n)
        return 0;
    if (!is_final(s[i]))
        return dropped(ev, i);
    int mods = i == 2 ? 0 : i == 3 ? modifiers(s[2] - '0') : -1;
    unsigned char f = s[i];
    int key = letter_key(f);
    if (f >= 'P' && f <= 'S')
        key = KEYDEC_F(f - 'P' + 1);
    else if (f == 'M')
        key = KEYDEC_KPENTER;
    else if (f == 'c' || f == 'd') { /* rxvt */
        key = f == 'c' ? KEYDEC_RIGHT : KEYDEC_LEFT;
        mods = mods == 0 ? KEYDEC_CTRL : -1;
    }
    return key && mods >= 0 ? named(ev, key, (unsigned)mods, i + 1) : dropped(ev, i + 1);
}

/* Bytes a UTF-8 character takes by its first byte; 0 for a byte that
 * cannot start one. */
static size_t utf8_need(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return 2;
    if (c >= 0xE0 && c <= 0xEF)
        return 3;
    if (c >= 0xF0 && c <= 0xF4)
        return 4;
    return 0;
}

/* A character at s[0..n) (Alt in mods), `extra` bytes before it. */
static size_t utf8_char(const unsigned char *s, size_t n, unsigned mods, size_t extra,
                        keydec_event *ev)
{
    size_t need = utf8_need(s[0]);
    if (need == 0)
        return dropped(ev, extra + 1);
    for (size_t i = 1; i < need && i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return dropped(ev, extra + i); /* cut by a byte that starts something else */
    if (n < need)
        return 0;
    uint32_t cp;
    size_t used = utf8_decode((const char *)s, need, &cp);
    if (used != need) /* overlong, surrogate, beyond U+10FFFF */
        return dropped(ev, extra + need);
    return character(ev, cp, mods, extra + used);
}

/* s starts with ESC; n > 1. */
static size_t escape(const unsigned char *s, size_t n, bool flush, keydec_event *ev)
{
    if (s[1] == '[')
        return csi(s, n, ev);
    if (s[1] == 'O')
        return ss3(s, n, ev);
    if (s[1] == ESC) { /* ESC ESC [ A: Alt-Up in rxvt; else Escape, then what follows */
        if (n == 2 && !flush)
            return 0;
        if (n > 2 && (s[2] == '[' || s[2] == 'O')) {
            size_t used = escape(s + 1, n - 1, flush, ev);
            if (used == 0)
                return 0;
            if (ev->kind == KEYDEC_KEY)
                ev->mods |= KEYDEC_ALT;
            return used + 1;
        }
        return character(ev, ESC, 0, 1);
    }
    return utf8_char(s + 1, n - 1, KEYDEC_ALT, 1, ev);
}

void keydec_init(keydec *d)
{
    memset(d, 0, sizeof *d);
}

size_t keydec_room(const keydec *d)
{
    return KEYDEC_BUF - (d->n - d->start);
}

size_t keydec_feed(keydec *d, const void *bytes, size_t n)
{
    if (d->start > 0) {
        memmove(d->buf, d->buf + d->start, d->n - d->start);
        d->n -= d->start;
        d->start = 0;
    }
    if (n > KEYDEC_BUF - d->n)
        n = KEYDEC_BUF - d->n;
    const unsigned char *b = bytes;
    if (d->n == 1 && d->buf[0] == ESC && n > 0 && b[0] != '[' && b[0] != 'O')
        d->esc_alone = true;
    memcpy(d->buf + d->n, bytes, n);
    d->n += n;
    return n;
}

/* The rest of a CSI too long for the buffer: up to its final byte. */
static size_t skip_rest(keydec *d, bool flush)
{
    size_t i = d->start;
    while (i < d->n && is_param(d->buf[i]))
        i++;
    if (i < d->n) {
        if (is_final(d->buf[i]))
            i++;
        d->skipping = false;
    } else if (flush) {
        d->skipping = false;
    }
    return i - d->start;
}

static size_t decode(const unsigned char *s, size_t n, bool flush, keydec_event *ev)
{
    if (s[0] != ESC)
        return s[0] < 0x80 ? character(ev, s[0], 0, 1) : utf8_char(s, n, 0, 0, ev);
    if (n == 1)
        return flush ? character(ev, ESC, 0, 1) : 0;
    return escape(s, n, flush, ev);
}

keydec_kind keydec_next(keydec *d, bool flush, keydec_event *ev)
{
    memset(ev, 0, sizeof *ev);
    size_t used = d->skipping ? skip_rest(d, flush) : 0;
    if (d->esc_alone) {
        d->esc_alone = false;
        used = character(ev, ESC, 0, 1);
    } else if (used > 0) {
        ev->kind = KEYDEC_DROPPED;
    } else if (d->start < d->n) {
        used = decode(d->buf + d->start, d->n - d->start, flush, ev);
        if (used == 0) {
            if (!flush && keydec_room(d) > 0)
                return KEYDEC_NONE;
            /* cut short; or a CSI longer than the buffer, whose rest is dropped as it comes */
            d->skipping = !flush;
            used = d->n - d->start;
            ev->kind = KEYDEC_DROPPED;
        }
    }
    d->start += used;
    if (d->start == d->n)
        d->start = d->n = 0;
    return ev->kind;
}

int keydec_wait_ms(const keydec *d)
{
    if (d->skipping)
        return KEYDEC_SEQ_MS;
    if (d->start == d->n)
        return 0;
    for (size_t i = d->start; i < d->n; i++)
        if (d->buf[i] != ESC)
            return KEYDEC_SEQ_MS;
    return KEYDEC_ESC_MS;
}
