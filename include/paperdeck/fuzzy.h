/* fuzzy: subsequence matching and scoring of a query against a title.
 *
 * A query matches a text when its characters appear in the text in order.
 * Matching folds case and accents ("nystrom" finds "Nyströmformer") unless
 * the query holds an upper-case letter (smart case), in which case only
 * accents are folded. Scores prefer matches at word starts, consecutive
 * letters and shorter texts, after the dynamic programme fzy describes
 * (written anew here). */
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
    uint32_t first;   /* cps[0] with case folded too: what bonus summaries index */
    uint32_t second;  /* cps[1] likewise (0 when n < 2) */
    uint32_t start_pair; /* fuzzy_start_pairs' bit for first and second */
    uint64_t at[128];
} fuzzy_needle;

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

/* What bounds a text's score, gathered in one pass: which pairs of adjacent
 * (folded) characters it has, hashed into 1024 bits (a needle letter whose
 * pair with the previous one is absent cannot earn the consecutive bonus
 * there), and the best bonus each letter and digit can earn where it occurs
 * (a letter that never starts a word earns nothing when it starts a run). */
typedef struct fuzzy_bigrams {
    uint64_t bits[16];
    uint64_t bonus;       /* fuzzy_bonus_mask of the text */
    const char *text;     /* the text itself, for a substring test: it must
                             outlive the bound's use */
    size_t len;
} fuzzy_bigrams;

void fuzzy_bigrams_of(const char *text, size_t len, fuzzy_bigrams *out);
/* The same for a text whose fuzzy_bonus_mask is known (an index keeps it):
 * the pass then only collects pairs. */
void fuzzy_bigrams_with_mask(const char *text, size_t len, uint64_t bonus_mask,
                             fuzzy_bigrams *out);
/* An upper bound of fuzzy_score_text for a text of text_cps code points with
 * these bigrams; never below the real score, usually close to it. */
fuzzy_score fuzzy_score_bound_text(const fuzzy_needle *nd, const fuzzy_bigrams *bg,
                                   size_t text_cps);
/* fuzzy_score_bound_text without building the bigrams: one pass over the
 * text finds which adjacent needle pairs it holds and whether the whole
 * needle occurs as one run, exactly (no hashing), so the bound is the same
 * or tighter, and never below the real score. bonus_mask is the text's
 * fuzzy_bonus_mask. Needles that are not scan_ok take the bigram path. */
fuzzy_score fuzzy_score_bound_scan(const fuzzy_needle *nd, const char *text, size_t len,
                                   uint64_t bonus_mask, size_t text_cps);
/* A summary of a text in 64 bits, for an index to keep per title: which
 * letters occur where they earn the word bonus (bits 0-25), the camel or
 * dot bonus (bits 32-57), which is the text's first letter (bits 27-31),
 * and flags for digits that earn a bonus, letters after a '/' and letters
 * outside ASCII (whose bonuses are not told apart). */
uint64_t fuzzy_bonus_mask(const char *text, size_t len);
/* An upper bound of fuzzy_score_text for a text of text_cps code points
 * with that summary: cheaper and looser than fuzzy_score_bound_text, since
 * only the first letter's bonus is known. */
fuzzy_score fuzzy_score_bound_mask(const fuzzy_needle *nd, uint64_t bonus_mask,
                                   size_t text_cps);
/* Which pairs (a character that starts a word, the character after it)
 * a text holds, hashed into FUZZY_PAIR_BITS bits: when a needle's first
 * two letters are not such a pair, its first letter cannot both earn a
 * word's bonus and have the second follow it. */
#define FUZZY_PAIR_BITS 28
uint32_t fuzzy_start_pairs(const char *text, size_t len);
/* fuzzy_score_bound_mask knowing the text's fuzzy_start_pairs too: the
 * same or tighter. */
fuzzy_score fuzzy_score_bound_pairs(const fuzzy_needle *nd, uint64_t bonus_mask,
                                    uint32_t start_pairs, size_t text_cps);
/* An upper bound of fuzzy_score_text for any text of text_cps code points,
 * so a ranker can skip texts that cannot reach its top results. */
fuzzy_score fuzzy_score_bound(const fuzzy_needle *nd, size_t text_cps);

#endif
