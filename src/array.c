/* array: growable arrays and strings; see array.h. */
#include "paperdeck/array.h"

#include <stdint.h>
#include <string.h>

#include "paperdeck/xalloc.h"

void *array_grow(void *p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return p;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n = n > SIZE_MAX / 2 ? need : n * 2;
    if (elem && n > SIZE_MAX / elem)
        xalloc_fail();
    p = xrealloc(p, n * elem);
    *cap = n;
    return p;
}

void strbuf_add(strbuf *b, const char *s, size_t n)
{
    if (n >= SIZE_MAX - b->n)
        xalloc_fail();
    b->s = array_grow(b->s, &b->cap, b->n + n + 1, 1);
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

void strbuf_puts(strbuf *b, const char *s)
{
    strbuf_add(b, s, strlen(s));
}

const char *array_name_of(const char *const *names, size_t n, int k)
{
    return k >= 0 && (size_t)k < n ? names[k] : "?";
}

size_t array_lower_bound(const void *base, size_t n, size_t elem, const void *key,
                         int (*cmp)(const void *key, const void *element), bool *found)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp(key, (const char *)base + mid * elem);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c > 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = false;
    return lo;
}

int array_name_find(const char *const *names, size_t n, const char *s)
{
    for (size_t k = 0; k < n; k++)
        if (names[k] && strcmp(s, names[k]) == 0)
            return (int)k;
    return -1;
}
