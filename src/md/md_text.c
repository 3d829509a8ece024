/* md_text: growable buffers, byte helpers and separators for the importer. */
#include "md_internal.h"

#include <stdlib.h>
#include <string.h>

#include "paperdeck/arxiv.h"
#include "paperdeck/ascii.h"
#include "paperdeck/utf8.h"
#include "paperdeck/xalloc.h"

/* ---- growable buffers --------------------------------------------------- */

/* The importer's text buffers are array.h's strbuf (strbuf_add); these add
 * what it lacks. */
void md_sb_putc(strbuf *b, char c)
{
    strbuf_add(b, &c, 1);
}

void md_sb_clear(strbuf *b)
{
    b->n = 0;
    if (b->s)
        b->s[0] = '\0';
}

/* ---- characters --------------------------------------------------------- */

bool md_is_punct(int c)
{
    return c > 32 && c < 127 && !ascii_is_alnum(c);
}

bool md_eq_nocase(const char *a, size_t n, const char *b)
{
    size_t m = strlen(b);
    if (n != m)
        return false;
    for (size_t i = 0; i < n; i++)
        if (ascii_lower((unsigned char)a[i]) != ascii_lower((unsigned char)b[i]))
            return false;
    return true;
}

bool md_prefix_nocase(const char *a, size_t n, const char *p)
{
    size_t m = strlen(p);
    return n >= m && md_eq_nocase(a, m, p);
}

/* Finds needle (lower-case ASCII) in s[0..n), case-insensitively. */
bool md_contains_nocase(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (md_eq_nocase(s + i, m, needle))
            return true;
    return false;
}

/* memmem is not in POSIX. */
bool md_has_substr(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(s + i, needle, m) == 0)
            return true;
    return false;
}

void md_trim(const char **s, size_t *n)
{
    while (*n && ascii_is_space((unsigned char)**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && ascii_is_space((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

/* Separators around titles and venues: ASCII ones and the full-width
 * comma, colon and semicolon. Question and exclamation marks are kept. */
size_t md_sep_len_at(const char *s, size_t n)
{
    static const char *const wide[] = {"，", "：", "；", "、", "–", "—", "·"};
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80)
        return strchr(" \t,.;:-|/", c) && c ? 1 : 0;
    for (size_t k = 0; k < sizeof wide / sizeof wide[0]; k++) {
        size_t m = strlen(wide[k]);
        if (n >= m && memcmp(s, wide[k], m) == 0)
            return m;
    }
    return 0;
}

size_t md_sep_len_before(const char *s, size_t n)
{
    if (!n)
        return 0;
    unsigned char c = (unsigned char)s[n - 1];
    if (c < 0x80)
        return md_sep_len_at(s + n - 1, 1);
    size_t k = n - 1;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    size_t m = md_sep_len_at(s + k, n - k);
    return m == n - k ? m : 0;
}

void md_trim_seps(const char **s, size_t *n)
{
    for (;;) {
        size_t k = *n ? md_sep_len_at(*s, *n) : 0;
        if (!k)
            break;
        *s += k;
        *n -= k;
    }
    for (;;) {
        size_t k = md_sep_len_before(*s, *n);
        if (!k)
            break;
        *n -= k;
    }
}
