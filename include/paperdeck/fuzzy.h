/* fuzzy: subsequence matching and scoring of a query against a title.
 *
 * A query matches a text when its characters appear in the text in order.
 * Matching folds case and accents ("nystrom" finds "Nyströmformer") unless
 * the query holds an upper-case letter (smart case), in which case only
 * accents are folded. Scores prefer matches at word starts, consecutive
 * letters and shorter texts, after the dynamic programme fzy describes
 * (written anew here). The score bounds and title summaries that let the
 * index skip titles are private to the search core: src/search/accel.h. */
#ifndef PAPERDECK_FUZZY_H
#define PAPERDECK_FUZZY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FUZZY_MAX_NEEDLE 128 /* code points in one fuzzy term */
#define FUZZY_MAX_TEXT 1024  /* longer texts still match, with the minimum score */

typedef double fuzzy_score;
#define FUZZY_SCORE_MIN (-1e30)
#define FUZZY_SCORE_MAX (1e30)

typedef struct fuzzy_needle {
    uint32_t cps[FUZZY_MAX_NEEDLE]; /* folded (accents always; case unless case_sensitive) */
    uint32_t n;
    bool case_sensitive;
    /* For fuzzy_score_bound_scan, when every code point is ASCII and there
     * are at most 64: bit i of at[c] says that character c (folded as the
     * needle is) is needle letter i. */
    bool scan_ok;
    uint32_t first;      /* cps[0] with case folded too: what bonus summaries index */
    uint32_t second;     /* cps[1] likewise (0 when n < 2) */
    uint32_t start_pair; /* fuzzy_start_pairs' bit for first and second */
    uint64_t at[128];
    /* A caseless scan_ok needle's distinct characters, its letters first
     * (nsparse_letters of them), when there are at most FUZZY_SPARSE_MAX;
     * else nsparse is 0. What a scan looks for sixteen bytes at a time. */
    uint8_t sparse[8];
    uint8_t nsparse, nsparse_letters;
} fuzzy_needle;
#define FUZZY_SPARSE_MAX 8

/* Prepares q[0..len) for matching. False when it is longer than
 * FUZZY_MAX_NEEDLE code points. */
bool fuzzy_needle_init(fuzzy_needle *nd, const char *q, size_t len);
/* True when the needle is a subsequence of text[0..len). An empty needle
 * matches everything. */
bool fuzzy_match(const fuzzy_needle *nd, const char *text, size_t len);
/* fuzzy_match going on from a greedy match of the needle's first letters
 * that ended at byte from (0 letters: from 0): the match takes each
 * letter at its left-most place, so a needle that grew keeps its
 * prefix's placement. On a match *end is the byte after the last letter,
 * where a longer needle would go on. */
bool fuzzy_match_from(const fuzzy_needle *nd, const char *text, size_t len, uint32_t letters,
                      size_t from, size_t *end);
/* Scores a text that fuzzy_match accepted; higher is better. If positions
 * is not NULL it receives nd->n ascending code-point indices into text: the
 * best-scoring placement, for highlighting. A text equal to the needle (as
 * folded) scores FUZZY_SCORE_MAX. */
fuzzy_score fuzzy_score_text(const fuzzy_needle *nd, const char *text, size_t len,
                             uint32_t *positions);

#endif
