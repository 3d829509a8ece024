/* Unit tests: the terminal input decoder, fed byte by byte and whole. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "paperdeck/keydec.h"

static const char *const key_names[] = {
    [KEYDEC_UP] = "Up",         [KEYDEC_DOWN] = "Down",  [KEYDEC_RIGHT] = "Right",
    [KEYDEC_LEFT] = "Left",     [KEYDEC_HOME] = "Home",  [KEYDEC_END] = "End",
    [KEYDEC_INSERT] = "Insert", [KEYDEC_DELETE] = "Del", [KEYDEC_PGUP] = "PgUp",
    [KEYDEC_PGDN] = "PgDn",     [KEYDEC_BTAB] = "BTab",  [KEYDEC_KPENTER] = "KPEnter",
};

/* One event as a word: "j", "^M", "Home", "C-Left", "A-b", "drop",
 * "mouse:0@9,4" ("mouse-up:" when let go). */
static void describe(const keydec_event *ev, char *out, size_t size)
{
    char mods[16] = "";
    snprintf(mods, sizeof mods, "%s%s%s", ev->mods & KEYDEC_CTRL ? "C-" : "",
             ev->mods & KEYDEC_ALT ? "A-" : "", ev->mods & KEYDEC_SHIFT ? "S-" : "");
    switch (ev->kind) {
    case KEYDEC_CHAR:
        if (ev->cp < 0x20 || ev->cp == 0x7f)
            snprintf(out, size, "%s^%c", mods, (char)(ev->cp ^ 0x40));
        else if (ev->cp < 0x80)
            snprintf(out, size, "%s%c", mods, (char)ev->cp);
        else
            snprintf(out, size, "%sU+%04X", mods, (unsigned)ev->cp);
        break;
    case KEYDEC_KEY:
        if (ev->key >= KEYDEC_F1)
            snprintf(out, size, "%sF%d", mods, ev->key - KEYDEC_F1 + 1);
        else
            snprintf(out, size, "%s%s", mods, key_names[ev->key]);
        break;
    case KEYDEC_MOUSE:
        snprintf(out, size, "mouse%s:%d@%d,%d", ev->release ? "-up" : "", ev->button, ev->x, ev->y);
        break;
    case KEYDEC_DROPPED:
        snprintf(out, size, "drop");
        break;
    default:
        snprintf(out, size, "none");
        break;
    }
}

/* Appends the events decodable now (flush: also what waits for more). */
static void drain(keydec *d, bool flush, char *out, size_t size)
{
    keydec_event ev;
    for (;;) {
        keydec_kind k = keydec_next(d, false, &ev);
        if (k == KEYDEC_NONE && flush && keydec_wait_ms(d) > 0)
            k = keydec_next(d, true, &ev);
        if (k == KEYDEC_NONE)
            return;
        char word[64];
        describe(&ev, word, sizeof word);
        size_t len = strlen(out);
        snprintf(out + len, size - len, "%s%s", len ? " " : "", word);
    }
}

/* The events of bytes[0..n) fed `chunk` bytes at a time (0: all at once),
 * the wait then over. */
static const char *decode(const char *bytes, size_t n, size_t chunk)
{
    static char out[4096];
    static keydec d;
    keydec_init(&d);
    out[0] = '\0';
    if (chunk == 0)
        chunk = n ? n : 1;
    for (size_t i = 0; i < n;) {
        size_t k = n - i < chunk ? n - i : chunk;
        size_t took = keydec_feed(&d, bytes + i, k);
        CHECK(took == k || keydec_room(&d) == 0);
        i += took;
        drain(&d, false, out, sizeof out);
    }
    drain(&d, true, out, sizeof out);
    CHECK_INT(keydec_wait_ms(&d), 0);
    return out;
}

/* The events of the reads parts (NULL-terminated), the wait then over. */
static const char *reads(const char *const *parts)
{
    static char out[256];
    keydec d;
    keydec_init(&d);
    out[0] = '\0';
    for (; *parts; parts++) {
        keydec_feed(&d, *parts, strlen(*parts));
        drain(&d, false, out, sizeof out);
    }
    drain(&d, true, out, sizeof out);
    return out;
}

/* bytes give want, whole and byte by byte. */
#define CHECK_KEYS(bytes, want)                               \
    do {                                                      \
        CHECK_STR(decode(bytes, sizeof(bytes) - 1, 0), want); \
        CHECK_STR(decode(bytes, sizeof(bytes) - 1, 1), want); \
    } while (0)

/* bytes give want when they come in one read (as a terminal sends Alt-b),
 * and split when they come byte by byte (Esc typed, then b). */
#define CHECK_ALT(bytes, want, split)                          \
    do {                                                       \
        CHECK_STR(decode(bytes, sizeof(bytes) - 1, 0), want);  \
        CHECK_STR(decode(bytes, sizeof(bytes) - 1, 1), split); \
    } while (0)

static void test_plain(void)
{
    CHECK_KEYS("jq1", "j q 1");
    CHECK_KEYS("\r\t\x7f\x08\x03", "^M ^I ^? ^H ^C");
    CHECK_KEYS("\xc3\xa9\xe4\xb8\xad\xf0\x9f\x99\x82", "U+00E9 U+4E2D U+1F642");
    /* invalid UTF-8 is dropped, never read as other keys */
    CHECK_KEYS("\xff"
               "a\xc3q\x80",
               "drop a drop q drop");
    CHECK_KEYS("\xc3", "drop");
}

/* Every spelling of Home, End, Delete, PgUp, PgDn the issue lists. */
static void test_named_keys(void)
{
    CHECK_KEYS("\x1b[1~\x1b[7~\x1b[H\x1bOH", "Home Home Home Home");
    CHECK_KEYS("\x1b[4~\x1b[8~\x1b[F\x1bOF", "End End End End");
    CHECK_KEYS("\x1b[3~\x1b[5~\x1b[6~\x1b[2~", "Del PgUp PgDn Insert");
    CHECK_KEYS("\x1b[A\x1b[B\x1b[C\x1b[D", "Up Down Right Left");
    CHECK_KEYS("\x1bOA\x1bOB\x1bOC\x1bOD\x1bOM", "Up Down Right Left KPEnter");
    CHECK_KEYS("\x1b[Z", "BTab");
    CHECK_KEYS("\x1bOP\x1b[15~\x1b[24~\x1b[[A", "F1 F5 F12 F1");
}

static void test_modifiers(void)
{
    CHECK_KEYS("\x1b[1;5D\x1b[1;5C\x1bOd\x1bOc", "C-Left C-Right C-Left C-Right");
    CHECK_KEYS("\x1b[1;3D\x1b[3;5~\x1b[1;2H", "A-Left C-Del S-Home");
    CHECK_ALT("\x1b\x1b[A", "A-Up", "^[ Up");
}

static void test_alt(void)
{
    CHECK_ALT("\x1b"
              "b\x1b"
              "f\x1bq\x1b\x7f\x1b"
              "d",
              "A-b A-f A-q A-^? A-d", "^[ b ^[ f ^[ q ^[ ^? ^[ d");
    CHECK_ALT("\x1b\xc3\xa9", "A-U+00E9", "^[ U+00E9");
    CHECK_ALT("\x1b\r", "A-^M", "^[ ^M");
}

/* Unknown sequences go whole: the key after them is itself. */
static void test_unknown_swallowed(void)
{
    CHECK_KEYS("\x1b[99~j", "drop j");
    CHECK_KEYS("\x1b[1;5Pj", "drop j");
    CHECK_KEYS("\x1b[1;2;3;4;5;6;7;8;9;10;11;12~j", "drop j");
    CHECK_KEYS("\x1bOxj\x1bO5Zq", "drop j drop q");
    CHECK_KEYS("\x1b[?1;2cj", "drop j"); /* a terminal's answer */
    CHECK_KEYS("\x1b[1:5Aq\x1b[1;99Dq", "drop q drop q");
    CHECK_KEYS("\x1b[2$j\x1b[7^q\x1b[?1;2$yj", "drop j drop q drop j"); /* rxvt's Shift-Insert */
    CHECK_KEYS("\x1b[[zj", "drop j");
    /* a CSI longer than the buffer: dropped to its final byte */
    static char big[3 * KEYDEC_BUF];
    size_t n = 0;
    big[n++] = 0x1b;
    big[n++] = '[';
    while (n < sizeof big - 3) {
        big[n++] = '1';
        big[n++] = ';';
    }
    big[n++] = '~';
    big[n++] = 'q';
    const char *got = decode(big, n, 0);
    CHECK(strstr(got, "q") == got + strlen(got) - 1); /* one q, last */
    CHECK(strspn(got, "drop ") == strlen(got) - 1);
    got = decode(big, n, 1000);
    CHECK(strstr(got, "q") == got + strlen(got) - 1);
    CHECK(strspn(got, "drop ") == strlen(got) - 1);
}

/* A sequence cut short goes whole; a control character inside one ends it
 * (and is decoded afresh). */
static void test_cut(void)
{
    CHECK_KEYS("\x1b[1", "drop");
    CHECK_KEYS("\x1b[", "drop");
    CHECK_KEYS("\x1bO", "drop");
    CHECK_KEYS("\x1b[1\x1b[4~", "drop End");
    CHECK_KEYS("\x1b[<0;1\rq", "drop ^M q");
}

static void test_mouse(void)
{
    CHECK_KEYS("\x1b[<0;10;5M\x1b[<0;10;5m", "mouse:0@9,4 mouse-up:0@9,4");
    CHECK_KEYS("\x1b[<64;1;1M\x1b[<65;200;100M", "mouse:64@0,0 mouse:65@199,99");
    CHECK_KEYS("\x1b[<16;3;3M", "mouse:0@2,2"); /* Ctrl-click */
    CHECK_KEYS("\x1b[M !!\x1b[M#!!\x1b[Ma%*", "mouse:0@0,0 mouse-up:3@0,0 mouse:65@4,9");
    CHECK_KEYS("\x1b[<0;5Mj", "drop j");
    CHECK_KEYS("\x1b[<", "drop");
    CHECK_KEYS("\x1b[M", "drop");
    CHECK_KEYS("\x1b[M \xc8\xc8", "mouse:0@167,167"); /* raw bytes, not UTF-8 */
    CHECK_KEYS("\x1b[<0;0;5M", "drop");
}

/* The wait: a lone ESC is Escape once no more came; a sequence cut across
 * reads goes on where it stopped. */
static void test_wait(void)
{
    keydec d;
    keydec_event ev;
    keydec_init(&d);
    CHECK_INT(keydec_wait_ms(&d), 0);
    CHECK_INT(keydec_next(&d, false, &ev), KEYDEC_NONE);
    keydec_feed(&d, "\x1b", 1);
    CHECK_INT(keydec_next(&d, false, &ev), KEYDEC_NONE);
    CHECK_INT(keydec_wait_ms(&d), KEYDEC_ESC_MS);
    CHECK_INT(keydec_next(&d, true, &ev), KEYDEC_CHAR);
    CHECK_INT(ev.cp, 0x1b);
    CHECK_INT(ev.mods, 0);
    CHECK_INT(keydec_wait_ms(&d), 0);

    keydec_feed(&d, "\x1b[", 2);
    CHECK_INT(keydec_next(&d, false, &ev), KEYDEC_NONE);
    CHECK_INT(keydec_wait_ms(&d), KEYDEC_SEQ_MS);
    keydec_feed(&d, "1", 1);
    CHECK_INT(keydec_next(&d, false, &ev), KEYDEC_NONE);
    keydec_feed(&d, "~j", 2);
    CHECK_INT(keydec_next(&d, false, &ev), KEYDEC_KEY);
    CHECK_INT(ev.key, KEYDEC_HOME);
    CHECK_INT(keydec_next(&d, false, &ev), KEYDEC_CHAR);
    CHECK_INT(ev.cp, 'j');
    CHECK_INT(keydec_next(&d, false, &ev), KEYDEC_NONE);

    /* Esc, then a key typed after the wait: two keys */
    keydec_feed(&d, "\x1b", 1);
    CHECK_INT(keydec_next(&d, true, &ev), KEYDEC_CHAR);
    keydec_feed(&d, "q", 1);
    CHECK_INT(keydec_next(&d, false, &ev), KEYDEC_CHAR);
    CHECK_INT(ev.cp, 'q');
    CHECK_INT(ev.mods, 0);
    /* Esc, then a key from another read (typed, not sent with it): two keys;
     * the rest of a sequence in another read goes on with it */
    CHECK_STR(reads((const char *[]){"\x1b", "q", NULL}), "^[ q");
    CHECK_STR(reads((const char *[]){"\x1b", "\x1b[A", NULL}), "^[ Up");
    CHECK_STR(reads((const char *[]){"\x1b", "O", "H", NULL}), "Home");
    CHECK_STR(reads((const char *[]){"\x1b[", "1", "~j", NULL}), "Home j");
    CHECK_STR(reads((const char *[]){"\x1b[<0;1", "0;5M", NULL}), "mouse:0@9,4");
    /* two Escapes */
    CHECK_STR(decode("\x1b\x1b", 2, 0), "^[ ^[");
    CHECK_STR(decode("\x1b\x1bq", 3, 0), "^[ A-q");

    /* the buffer takes what fits, and more once it is decoded */
    static char many[KEYDEC_BUF + 10];
    memset(many, 'x', sizeof many);
    keydec_init(&d);
    CHECK_INT(keydec_feed(&d, many, sizeof many), KEYDEC_BUF);
    CHECK_INT(keydec_room(&d), 0);
    CHECK_INT(keydec_next(&d, false, &ev), KEYDEC_CHAR);
    CHECK_INT(keydec_room(&d), 1);
    CHECK_INT(keydec_feed(&d, many, 10), 1);
}

int main(void)
{
    RUN(test_plain);
    RUN(test_named_keys);
    RUN(test_modifiers);
    RUN(test_alt);
    RUN(test_unknown_swallowed);
    RUN(test_cut);
    RUN(test_mouse);
    RUN(test_wait);
    return check_summary();
}
