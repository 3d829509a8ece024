/* libFuzzer target: decoding, width, truncation and sanitising of any
 * bytes. Checks the contracts everything that draws text relies on:
 *   - utf8_decode always advances 1-4 bytes and yields a scalar value;
 *   - utf8_fit returns a prefix no wider than asked, on a code point
 *     boundary, with the width it reports;
 *   - utf8_sanitize writes valid UTF-8 with no control character (so no
 *     ESC, BEL or C1 reaches a terminal), NUL-terminated, within size;
 *   - utf8_validate agrees with decoding. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paperdeck/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
    fprintf(stderr, "contract broken: %s\n", what);
    abort();
}

static void check_decode(const char *s, size_t n)
{
    bool all_good = true;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        if (k < 1 || k > 4 || k > n - i)
            die("utf8_decode did not advance 1-4 bytes");
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            die("utf8_decode gave a non-scalar value");
        char enc[4];
        size_t m = utf8_encode(cp, enc);
        if (cp == UTF8_REPLACEMENT && (k != 3 || memcmp(enc, s + i, 3) != 0))
            all_good = false;
        if (cp == 0)
            all_good = false;
        if (cp != UTF8_REPLACEMENT && (m != k || memcmp(enc, s + i, k) != 0))
            die("decode and encode disagree");
        (void)utf8_cp_width(cp);
        (void)utf8_fold(cp);
        (void)utf8_visible(cp);
        i += k;
    }
    size_t bad;
    if (utf8_validate(s, n, &bad) != all_good)
        die("utf8_validate disagrees with utf8_decode");
}

static void check_fit(const char *s, size_t n, size_t max_width)
{
    size_t w = 0;
    size_t len = utf8_fit(s, n, max_width, &w);
    if (len > n || w > max_width)
        die("utf8_fit too long or too wide");
    if (utf8_width(s, len) != w)
        die("utf8_fit reports a width utf8_width does not measure");
    /* a boundary: decoding the prefix consumes exactly len bytes */
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
    }
    if (i != len)
        die("utf8_fit split a code point");
}

static void check_sanitize(const char *s, size_t n, size_t size)
{
    char *out = malloc(size);
    size_t w = utf8_sanitize(s, n, out, size);
    if (w >= size || out[w] != '\0' || strlen(out) != w)
        die("utf8_sanitize: bad length or termination");
    if (!utf8_validate(out, w, NULL))
        die("utf8_sanitize wrote invalid UTF-8");
    for (size_t i = 0; i < w;) {
        uint32_t cp;
        i += utf8_decode(out + i, w - i, &cp);
        if (utf8_is_control(cp))
            die("utf8_sanitize let a control character through");
    }
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t max_width = data[0];
    char *s = malloc(size - 1 ? size - 1 : 1); /* exact size: ASan sees overreads */
    memcpy(s, data + 1, size - 1);
    size_t n = size - 1;
    check_decode(s, n);
    (void)utf8_length(s, n);
    check_fit(s, n, max_width);
    check_fit(s, n, (size_t)-1);
    check_sanitize(s, n, 1 + max_width);
    check_sanitize(s, n, 4 * n + 1);
    free(s);
    return 0;
}
