/* utf8: decoding, display width, truncation, case/accent folding and the
 * neutralising of control characters, for everything that measures or shows
 * text. Independent of the locale, so output is the same everywhere. */
#ifndef PAPERDECK_UTF8_H
#define PAPERDECK_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFDu

/* Decodes the code point at s (n > 0 bytes available) into *cp and returns
 * the bytes consumed (1-4). Invalid, truncated, overlong and surrogate
 * sequences yield U+FFFD and consume one byte, so decoding always advances. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encodes cp (U+FFFD if not a scalar value) into out; returns 1-4. */
size_t utf8_encode(uint32_t cp, char out[4]);
/* True when s[0..n) is valid UTF-8 (no overlongs, surrogates or NULs);
 * otherwise *bad (if not NULL) gets the offset of the first bad byte. */
bool utf8_validate(const char *s, size_t n, size_t *bad);
/* True when some code point of s[0..n), decoded as utf8_decode does, is one
 * that pred accepts (utf8_is_upper, utf8_is_control, ...). */
bool utf8_any(const char *s, size_t n, bool (*pred)(uint32_t cp));
/* s[0..n) without the bytes of a character cut at its end (what a byte
 * limit, snprintf's or "%.60s", leaves of the last one): its length. */
size_t utf8_whole(const char *s, size_t n);
/* Number of code points in s[0..n) as utf8_decode counts them. */
size_t utf8_length(const char *s, size_t n);

/* Columns a code point takes on a terminal: 0 for combining marks and
 * zero-width characters, 2 for East Asian wide/fullwidth and emoji, 1 for the
 * rest. Control characters count 1: they are shown as a visible substitute
 * (see utf8_visible). */
int utf8_cp_width(uint32_t cp);
/* Display width of s[0..n). */
size_t utf8_width(const char *s, size_t n);
/* Longest prefix of s[0..n) whose width is at most max_width, never
 * splitting a code point (zero-width marks stay with their base). Returns its
 * length in bytes; *width (if not NULL) gets its width. */
size_t utf8_fit(const char *s, size_t n, size_t max_width, size_t *width);

/* Lower case (simple mapping; Latin, Greek, Cyrillic). */
uint32_t utf8_lower(uint32_t cp);
/* Removes diacritics from a Latin letter: 'ö' -> 'o', 'Ç' -> 'C'. */
uint32_t utf8_strip_accent(uint32_t cp);
/* utf8_lower(utf8_strip_accent(cp)): what fuzzy matching compares. One code
 * point in, one out, so positions in folded text are positions in the text. */
uint32_t utf8_fold(uint32_t cp);
/* True for upper-case letters (smart case looks for these in a query). */
bool utf8_is_upper(uint32_t cp);

/* True for C0 controls, DEL and C1 controls. */
bool utf8_is_control(uint32_t cp);
/* The code point to show in place of cp: control characters become visible
 * pictures (ESC -> U+241B, DEL -> U+2421, C1 -> U+FFFD), tab and newline a
 * space; everything else is itself. Never lets a terminal control through. */
uint32_t utf8_visible(uint32_t cp);
/* Copies s[0..n) to out (at most size-1 bytes, NUL-terminated, never a
 * partial code point) with every code point passed through utf8_visible and
 * invalid bytes replaced by U+FFFD. Returns the bytes written. */
size_t utf8_sanitize(const char *s, size_t n, char *out, size_t size);

#endif
