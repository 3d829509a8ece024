/* array: growable arrays and a growable string, with one growth policy
 * (capacity doubles, starting at 16) and xalloc's out-of-memory policy;
 * and the lookups of an enum's names in its table of strings.
 *
 *     item *v = NULL; size_t n = 0, cap = 0;
 *     ARRAY_RESERVE(v, cap, n + 1);
 *     v[n++] = x;
 */
#ifndef PAPERDECK_ARRAY_H
#define PAPERDECK_ARRAY_H

#include <stdbool.h>
#include <stddef.h>

/* Returns p, an array of *cap elements of elem bytes (NULL when *cap is 0),
 * grown so that it holds at least need elements; *cap gets the new capacity.
 * p itself is returned when it is already big enough. Aborts when the heap
 * is exhausted or the size overflows. */
void *array_grow(void *p, size_t *cap, size_t need, size_t elem);

/* Makes room for need elements in p (an lvalue pointer) whose capacity is
 * the lvalue cap, of any unsigned integer type: a narrower cap is kept at
 * what it can hold (at least need). */
#define ARRAY_RESERVE(p, cap, need)                                  \
    do {                                                             \
        if ((size_t)(need) > (size_t)(cap)) {                        \
            size_t array_cap_ = (cap);                               \
            (p) = array_grow((p), &array_cap_, (need), sizeof *(p)); \
            (cap) = array_cap_;                                      \
            if ((size_t)(cap) != array_cap_)                         \
                (cap) = (need);                                      \
        }                                                            \
    } while (0)

/* A growable NUL-terminated string. Zero-initialise it; s stays NULL until
 * the first append. Free s with free(). */
typedef struct strbuf {
    char *s;
    size_t n, cap; /* n excludes the NUL */
} strbuf;

/* Appends s[0..n) (or the string s) and keeps the buffer NUL-terminated. */
void strbuf_add(strbuf *b, const char *s, size_t n);
void strbuf_puts(strbuf *b, const char *s);

/* An enum's names, names[0..n) indexed by value: the name of value k, "?"
 * when it is out of range; the value named s (exactly), -1 when none (a
 * value with no name has a NULL entry). */
const char *array_name_of(const char *const *names, size_t n, int k);
int array_name_find(const char *const *names, size_t n, const char *s);

/* Define an enum's two lookups over its table of names (an array, indexed
 * by value, in scope where the macro stands):
 *     const char *NAME_FN(TYPE k)               array_name_of: "?" when out of range
 *     bool PARSE_FN(const char *s, TYPE *out)   true and *out set when s is a name,
 *                                               false (*out untouched) when not
 * e.g. ARRAY_ENUM_PARSE(sort_key_parse, sort_key, sort_key_names) */
#define ARRAY_NAMES_COUNT_(names) (sizeof(names) / sizeof((names)[0]))
#define ARRAY_ENUM_NAME(name_fn, type, names)                             \
    const char *name_fn(type k)                                           \
    {                                                                     \
        return array_name_of((names), ARRAY_NAMES_COUNT_(names), (int)k); \
    }
#define ARRAY_ENUM_PARSE(parse_fn, type, names)                                \
    bool parse_fn(const char *s, type *out)                                    \
    {                                                                          \
        int array_k_ = array_name_find((names), ARRAY_NAMES_COUNT_(names), s); \
        if (array_k_ >= 0)                                                     \
            *out = (type)array_k_;                                             \
        return array_k_ >= 0;                                                  \
    }

#endif
