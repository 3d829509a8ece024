/* libFuzzer target: keydec, the terminal's bytes to key events. The first
 * byte seeds how the rest arrives: reads of 1 to 64 bytes (never more than
 * keydec_room), and after some of them the wait runs out (flush). Besides
 * "no crash" it checks the decoder's contracts:
 *   - an event (not KEYDEC_NONE) always takes at least one byte, so the
 *     loop that reads them ends;
 *   - once the input is over and flushed, every byte has been taken and
 *     nothing is left waiting (keydec_wait_ms is 0);
 *   - a character is a Unicode scalar value, a key is a named one with
 *     known modifiers, a mouse cell is not negative. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "paperdeck/keydec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
    fprintf(stderr, "contract broken: %s\n", what);
    abort();
}

static size_t pending(const keydec *d)
{
    return d->n - d->start;
}

static void check_event(const keydec_event *ev)
{
    switch (ev->kind) {
    case KEYDEC_CHAR:
        if (ev->cp > 0x10FFFF || (ev->cp >= 0xD800 && ev->cp <= 0xDFFF))
            die("a character that is not a scalar value");
        break;
    case KEYDEC_KEY:
        if (ev->key < KEYDEC_UP || ev->key > KEYDEC_F(12))
            die("a key with no name");
        break;
    case KEYDEC_MOUSE:
        if (ev->x < 0 || ev->y < 0)
            die("a mouse report off the screen");
        break;
    default:
        break;
    }
    if (ev->mods & ~(unsigned)(KEYDEC_SHIFT | KEYDEC_ALT | KEYDEC_CTRL))
        die("unknown modifiers");
}

/* Takes every event there is now; flush: the wait ran out. */
static void drain(keydec *d, bool flush)
{
    keydec_event ev;
    for (;;) {
        size_t before = pending(d);
        if (keydec_next(d, flush, &ev) == KEYDEC_NONE)
            return;
        if (pending(d) >= before)
            die("an event that took no byte");
        check_event(&ev);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static keydec d;
    keydec_init(&d);
    uint32_t seed = data[0];
    data++, size--;
    size_t at = 0;
    while (at < size) {
        seed = seed * 1103515245u + 12345u;
        size_t chunk = 1 + (seed >> 16) % 64;
        if (chunk > size - at)
            chunk = size - at;
        size_t room = keydec_room(&d);
        if (room == 0) {
            drain(&d, true); /* a full buffer: the wait must empty it */
            if (keydec_room(&d) == 0)
                die("a full buffer that a flush did not empty");
            continue;
        }
        size_t took = keydec_feed(&d, data + at, chunk < room ? chunk : room);
        if (took == 0)
            die("feed took nothing with room left");
        at += took;
        drain(&d, (seed >> 8) % 4 == 0);
    }
    drain(&d, true);
    if (pending(&d) != 0 || keydec_wait_ms(&d) != 0)
        die("bytes left after the input ended and the wait ran out");
    return 0;
}
