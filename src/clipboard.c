/* clipboard: OSC 52 copy; see clipboard.h.
 *
 * Inside tmux the plain sequence is what we send, not one wrapped in a DCS
 * passthrough (ESC P tmux; ... ESC \): with set-clipboard on (the default,
 * external, ignores applications), tmux 3.3 and later take OSC 52 from the
 * application themselves, keep the text as a paste buffer and forward it to
 * the outer terminal. Passthrough needs allow-passthrough, off by default
 * since 3.3, so a wrapped sequence is usually just dropped, and even when it
 * gets through it bypasses tmux's own buffers.
 *
 * tmux's default is set-clipboard external, though, which ignores an
 * application's OSC 52: inside tmux the text is also loaded into tmux's
 * buffer with tmux load-buffer, which reaches the outer clipboard either way,
 * and the message says what was done rather than "copied". */
#include "paperdeck/clipboard.h"

#include <stdlib.h>
#include <string.h>

#include "paperdeck/fileio.h"
#include "paperdeck/opener.h"
#include "paperdeck/xalloc.h"

enum { CLIPBOARD_MAX = 65536 };

static const char osc52_start[] = "\x1b]52;c;";
static const char osc52_end[] = "\x07";

/* Rejects C0 controls, DEL and C1 controls in their UTF-8 form (C2 80-9F):
 * the text is meant to be pasted somewhere, likely a shell. */
static bool text_printable(const unsigned char *s, size_t n, bool lines)
{
    for (size_t i = 0; i < n; i++) {
        if (lines && s[i] == '\n')
            continue;
        if (s[i] < 0x20 || s[i] == 0x7F)
            return false;
        if (s[i] == 0xC2 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F)
            return false;
    }
    return true;
}

static size_t base64_encode(const unsigned char *in, size_t n, char *out)
{
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0, i = 0;
    for (; i + 3 <= n; i += 3) {
        unsigned long v = (unsigned long)in[i] << 16 | (unsigned long)in[i + 1] << 8 | in[i + 2];
        out[o++] = digits[v >> 18 & 63];
        out[o++] = digits[v >> 12 & 63];
        out[o++] = digits[v >> 6 & 63];
        out[o++] = digits[v & 63];
    }
    if (n - i == 1) {
        unsigned long v = (unsigned long)in[i] << 16;
        out[o++] = digits[v >> 18 & 63];
        out[o++] = digits[v >> 12 & 63];
        out[o++] = '=';
        out[o++] = '=';
    } else if (n - i == 2) {
        unsigned long v = (unsigned long)in[i] << 16 | (unsigned long)in[i + 1] << 8;
        out[o++] = digits[v >> 18 & 63];
        out[o++] = digits[v >> 12 & 63];
        out[o++] = digits[v >> 6 & 63];
        out[o++] = '=';
    }
    return o;
}

static size_t osc52(const char *text, bool lines, char *buf, size_t size)
{
    if (!text || !buf)
        return 0;
    size_t n = strnlen(text, CLIPBOARD_MAX + 1);
    if (n > CLIPBOARD_MAX || !text_printable((const unsigned char *)text, n, lines))
        return 0;
    size_t head = sizeof osc52_start - 1, tail = sizeof osc52_end - 1;
    size_t len = head + (n + 2) / 3 * 4 + tail;
    if (len >= size)
        return 0;
    memcpy(buf, osc52_start, head);
    size_t o = head + base64_encode((const unsigned char *)text, n, buf + head);
    memcpy(buf + o, osc52_end, tail);
    buf[len] = '\0';
    return len;
}

size_t clipboard_osc52(const char *text, char *buf, size_t size)
{
    return osc52(text, false, buf, size);
}

size_t clipboard_osc52_lines(const char *text, char *buf, size_t size)
{
    return osc52(text, true, buf, size);
}

static int copy(int fd, const char *text, bool lines)
{
    if (!text)
        return -1;
    size_t n = strnlen(text, CLIPBOARD_MAX + 1);
    size_t size = sizeof osc52_start + (n + 2) / 3 * 4 + sizeof osc52_end;
    char *buf = xmalloc(size);
    size_t len = osc52(text, lines, buf, size);
    int rc = len > 0 ? fileio_write_all(fd, buf, len) : -1;
    free(buf);
    return rc;
}

int clipboard_copy(int fd, const char *text)
{
    return copy(fd, text, false);
}

int clipboard_copy_lines(int fd, const char *text)
{
    return copy(fd, text, true);
}

/* Loads text into tmux's paste buffer: -w also hands it to the outer
 * terminal's clipboard (tmux 3.2 and later; an older tmux refuses the flag,
 * and is asked again without it). */
static bool tmux_load(const char *text)
{
    const char *tmux = getenv("TMUX");
    if (!tmux || !tmux[0])
        return false;
    opener_command cmd = {.argv = {"tmux", "load-buffer", "-w", "-", NULL}, .argc = 4};
    size_t n = strlen(text);
    if (opener_run_with_input(&cmd, text, n) == 0)
        return true;
    opener_command old = {.argv = {"tmux", "load-buffer", "-", NULL}, .argc = 3};
    return opener_run_with_input(&old, text, n) == 0;
}

unsigned clipboard_put(int fd, const char *text, bool lines)
{
    if (copy(fd, text, lines) != 0)
        return 0; /* refused (or no terminal): nowhere else either */
    return CLIPBOARD_TERMINAL | (tmux_load(text) ? CLIPBOARD_TMUX : 0);
}

const char *clipboard_said(unsigned how)
{
    if (how & CLIPBOARD_TMUX)
        return "copied to tmux buffer and sent to terminal (OSC 52)";
    return "sent to terminal (OSC 52)";
}
