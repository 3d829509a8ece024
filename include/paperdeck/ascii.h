/* ascii: locale-independent character classes and case for bytes. Lists
 * are UTF-8, so these look at ASCII only and leave every other byte (a
 * continuation byte, a lead byte) alone: is_* are false for them and
 * ascii_lower returns them unchanged. Takes int like <ctype.h>, but any
 * value is safe (no EOF or negative-char undefined behaviour). */
#ifndef PAPERDECK_ASCII_H
#define PAPERDECK_ASCII_H

#include <stdbool.h>
#include <stddef.h>

static inline bool ascii_is_digit(int c)
{
    return c >= '0' && c <= '9';
}
static inline bool ascii_is_upper(int c)
{
    return c >= 'A' && c <= 'Z';
}
static inline bool ascii_is_lower(int c)
{
    return c >= 'a' && c <= 'z';
}
static inline bool ascii_is_alpha(int c)
{
    return ascii_is_upper(c) || ascii_is_lower(c);
}
static inline bool ascii_is_alnum(int c)
{
    return ascii_is_alpha(c) || ascii_is_digit(c);
}
static inline bool ascii_is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
static inline int ascii_lower(int c)
{
    return ascii_is_upper(c) ? c + ('a' - 'A') : c;
}
static inline int ascii_upper(int c)
{
    return ascii_is_lower(c) ? c - ('a' - 'A') : c;
}

/* Case-insensitive (ASCII) comparison of the first n bytes; true if equal. */
static inline bool ascii_eq_n(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ascii_lower((unsigned char)a[i]) != ascii_lower((unsigned char)b[i]))
            return false;
    return true;
}

#endif
