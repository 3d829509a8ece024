/* query_internal.h: the compiled query's layout, shared by the files of
 * the query module (query_parse.c, query_match.c, query_accel.c) and by
 * nothing else. */
#ifndef PAPERDECK_QUERY_INTERNAL_H
#define PAPERDECK_QUERY_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pcre2.h>

#include "paperdeck/fuzzy.h"
#include "paperdeck/query.h"
#include "paperdeck/utf8.h"

#define QUERY_MAX_TERMS 64
#define QUOTE_MAX 60 /* bytes of user text quoted back in a message */

typedef enum field_id {
    FIELD_VENUE,
    FIELD_YEAR,
    FIELD_ORG,
    FIELD_TAG,
    FIELD_KIND,
    FIELD_CAT,
    FIELD_ARXIV,
    FIELD_AUTHOR,
    FIELD_TITLE,
    FIELD_IS,
    FIELD_ABS,     /* the fetched arXiv abstract */
    FIELD_SUBJECT, /* the fetched arXiv categories (cs.CL); cat: is the section */
    FIELD_COUNT
} field_id;

/* In the order the unknown-field message lists them. */
static const char *const field_names[FIELD_COUNT] = {
    "venue", "year",   "org",   "tag", "kind", "cat",
    "arxiv", "author", "title", "is",  "abs",  "subject",
};

typedef enum term_type {
    TERM_FUZZY,  /* zero, so a zeroed term owns nothing */
    TERM_TEXT,   /* folded substring */
    TERM_PREFIX, /* arxiv id prefix */
    TERM_REGEX,
    TERM_YEAR,
    TERM_KIND,
    TERM_MARK, /* is: the user's marks hold (marks & mask) == value */
} term_type;

typedef struct term {
    term_type type;
    field_id field;
    bool negated;
    bool caseless; /* TERM_TEXT: fold case as well as accents */
    union {
        fuzzy_needle needle;
        struct {
            const uint32_t *cps; /* folded as the text will be */
            size_t n;
        } text;
        struct {
            const char *s;
            size_t n;
        } prefix;
        struct {
            pcre2_code *code;
            pcre2_match_data *md;
            size_t off, len; /* the pattern in query.text */
            bool jit;        /* JIT-compiled: pcre2_jit_match runs it */
            /* What every match implies (regex_summary): a letter or digit
             * of the subject (fuzzy_letter_bit, 0: none known), and when
             * anchored at its start, the ASCII letters it may start with
             * (bit 0: a) */
            uint64_t need;
            bool starts_known;
            uint32_t starts;
        } re;
        struct {
            int lo, hi;
        } year;
        entry_kind kind;
        struct {
            unsigned mask, value;
        } mark;
    } u;
} term;

/* Alternatives joined by "|": terms[first, first + n). */
typedef struct group {
    uint32_t first, n;
    int cost;   /* groups are tested cheapest first */
    bool fuzzy; /* has a positive fuzzy term, so it adds to the score */
} group;

struct query {
    char *text;    /* the source, for messages */
    char *strings; /* unescaped words */
    uint32_t *cps; /* folded needles */
    size_t nstrings, ncps;
    pcre2_general_context *gctx; /* PCRE2 allocates through xalloc */
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit_stack;
    uint32_t nterms, ngroups;
    bool ranked;
    term terms[QUERY_MAX_TERMS];
    group groups[QUERY_MAX_TERMS];
};

/* Bytes of s[0..n) to quote back in a message: at most QUOTE_MAX, never
 * half a code point. */
int query_quote_len(const char *s, size_t n);

static inline size_t query_next_cp(const char *s, size_t n, uint32_t *cp)
{
    unsigned char b = (unsigned char)*s;
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    return utf8_decode(s, n, cp);
}

/* What exact and field terms compare: accents always stripped, case folded
 * when caseless. ASCII skips the tables. */
static inline uint32_t query_fold_cp(uint32_t cp, bool caseless)
{
    if (cp < 0x80)
        return caseless && cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    return caseless ? utf8_fold(cp) : utf8_strip_accent(cp);
}

#endif
