/* query: the one prompt grammar, compiled once and matched against entries.
 *
 *   lin att              every space-separated term must hold
 *   att                  bare term: fuzzy on the title
 *   /line?ar\s+att/      PCRE2 regex on the title (caseless unless it has
 *                        an upper-case letter)
 *   'word                exact substring of the title (smart case)
 *   venue:iclr           field: venue, year, org, tag, kind, cat (section
 *                        path), arxiv, author; text fields are substrings,
 *                        case-insensitive; field:/re/ is a regex on it
 *   year:>=2021  year:2019..2021  year:<2020  year:2021
 *   is:starred  is:read  is:unread    the user's marks (marks.h)
 *   is:new                            new in a remote list, not read yet
 *   !term                negation
 *   a | b                either
 *   "two words"          quoting for spaces (also 'exact with "...")
 *
 * A compiled query owns PCRE2 match data: use one query from one thread at a
 * time. What the index uses to skip work (masks, score bounds, implied
 * groups, resuming a grown term) is private to the search core:
 * src/search/accel.h. */
#ifndef PAPERDECK_QUERY_H
#define PAPERDECK_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "paperdeck/catalog.h"

typedef struct query query;

typedef struct query_error {
    size_t pos; /* byte offset in the query text (0-based) */
    char msg[200];
} query_error;

typedef enum query_result {
    QUERY_FAILED = -1, /* a regex gave up (match or depth limit); see err */
    QUERY_NO_MATCH = 0,
    QUERY_MATCH = 1,
} query_result;

/* Compiles text. NULL on a bad query, with err saying what and where. An
 * empty or all-blank text compiles to a query that matches everything. */
query *query_compile(const char *text, query_error *err);
void query_free(query *q);
bool query_is_empty(const query *q);
/* True when the query has a positive fuzzy term: results rank by score. */
bool query_is_ranked(const query *q);

/* Matches one entry of c, taking it as unmarked (is: terms see no marks;
 * the index passes them). On QUERY_MATCH *score (if not NULL) is the sum
 * of the fuzzy scores of the terms that matched (0 without fuzzy terms). */
query_result query_match(const query *q, const catalog *c, const entry *e, double *score,
                         query_error *err);

/* Code-point indices into title matched by the query's positive title terms
 * (fuzzy, exact and regex), ascending without repeats, at most max. For
 * highlighting; returns the count. */
size_t query_title_positions(const query *q, const char *title, uint32_t *pos, size_t max);

/* The text q was compiled from ("" for NULL). */
const char *query_text(const query *q);
/* True when every entry next matches, prev matches too (next only adds or
 * lengthens terms), so next can filter prev's result instead of the whole
 * list. False when unsure. */
bool query_narrows(const query *prev, const query *next);

#endif
