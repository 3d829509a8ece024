/* libFuzzer target: the fuzzy scorer. The input is "needle\0text" (without
 * a NUL, the first byte gives the needle's length). Checks the contracts:
 *   - a text fuzzy_match accepts scores, with nd.n ascending positions
 *     inside the text;
 *   - the score is never above fuzzy_score_bound or fuzzy_score_bound_text;
 *   - the needle always matches itself. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paperdeck/fuzzy.h"
#include "../../src/search/accel.h"
#include "paperdeck/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
    fprintf(stderr, "contract broken: %s\n", what);
    abort();
}

static void check_pair(const fuzzy_needle *nd, const char *text, size_t len)
{
    if (!fuzzy_match(nd, text, len))
        return;
    uint32_t pos[FUZZY_MAX_NEEDLE];
    fuzzy_score s = fuzzy_score_text(nd, text, len, pos);
    fuzzy_score s2 = fuzzy_score_text(nd, text, len, NULL);
    if (s != s2)
        die("score depends on whether positions are asked for");
    size_t cps = utf8_length(text, len);
    for (uint32_t k = 0; k < nd->n; k++)
        if (pos[k] >= cps || (k > 0 && pos[k] <= pos[k - 1]))
            die("positions out of order or range");
    fuzzy_bigrams bg;
    fuzzy_bigrams_of(text, len, &bg);
    double tol = 1e-9 * (fabs(s) + 1);
    if (s > fuzzy_score_bound(nd, cps) + tol)
        die("score above fuzzy_score_bound");
    if (s > fuzzy_score_bound_text(nd, &bg, cps) + tol)
        die("score above fuzzy_score_bound_text");
    if (s > fuzzy_score_bound_pairs(nd, bg.bonus, fuzzy_start_pairs(text, len), cps) + tol)
        die("score above fuzzy_score_bound_pairs");
    double scan = fuzzy_score_bound_scan(nd, text, len, bg.bonus, cps);
    if (s > scan + tol)
        die("score above fuzzy_score_bound_scan");
    if (scan > fuzzy_score_bound_text(nd, &bg, cps) + tol)
        die("fuzzy_score_bound_scan looser than fuzzy_score_bound_text");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 8192)
        return 0;
    const char *in = (const char *)data;
    size_t nlen;
    const char *text;
    size_t tlen;
    const char *nul = memchr(in, '\0', size);
    if (nul) {
        nlen = (size_t)(nul - in);
        text = nul + 1;
        tlen = size - nlen - 1;
    } else {
        nlen = data[0] % (size < 64 ? size : 64);
        in++;
        size--;
        if (nlen > size)
            nlen = size;
        text = in + nlen;
        tlen = size - nlen;
    }
    /* copies, so ASan sees reads past the end */
    char *needle = malloc(nlen ? nlen : 1);
    char *hay = malloc(tlen ? tlen : 1);
    memcpy(needle, in, nlen);
    memcpy(hay, text, tlen);

    fuzzy_needle nd;
    if (fuzzy_needle_init(&nd, needle, nlen)) {
        check_pair(&nd, hay, tlen);
        if (!fuzzy_match(&nd, needle, nlen))
            die("a needle does not match itself");
        check_pair(&nd, needle, nlen);
    }
    free(needle);
    free(hay);
    return 0;
}
