/* fuzzy: subsequence matching and fzy-style scoring.
 *
 * Scoring is a dynamic programme over needle x text with two values per
 * cell: D, the best score with needle[i] matched exactly at text[j], and M,
 * the best score with needle[0..i] placed anywhere in text[0..j]. A match
 * earns a bonus by the character before it (word starts) or, when it follows
 * the previous match directly, the larger consecutive bonus; every skipped
 * character costs a small gap penalty, so shorter texts win ties.
 *
 * Only the band of columns where needle[i] can take part in a full match is
 * computed: from its greedy left-most placement to its greedy right-most. */
#include "paperdeck/fuzzy.h"

#include <math.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
/* The subsequence test 32 bytes at a time where the processor has AVX2
 * (match_blocks, chosen at run time; the build assumes no more than SSE2). */
#if defined(__x86_64__) && defined(__GNUC__)
#define MATCH_BLOCKS 1
#include <immintrin.h>
#else
#define MATCH_BLOCKS 0
#endif

#include "paperdeck/utf8.h"
#include "accel.h"

/* Position in a title matters little; leading costs a bit more than
 * trailing so that, of equal placements, the earliest wins. */
#define GAP_LEADING (-0.003)
#define GAP_TRAILING (-0.002)
#define GAP_INNER (-0.01)
#define BONUS_CONSECUTIVE 1.0
#define BONUS_START 0.9 /* first character, or after '/' */
#define BONUS_WORD 0.8
#define BONUS_CAMEL 0.7 /* lower->Upper, or a letter after a digit */
#define BONUS_DOT 0.6

#define NEG (-INFINITY)

/* Character classes, for the bonus of the character that follows. */
enum {
    K_START, /* before the text */
    K_SLASH,
    K_WORD, /* separators that start a word */
    K_DOT,
    K_LOWER, /* also letters without case (CJK) */
    K_UPPER,
    K_DIGIT,
    K_OTHER,
    K_COUNT
};

#define ASCII_CLASS(c)                                                                    \
    ((c) == '/' ? K_SLASH                                                                 \
     : ((c) == ' ' || (c) == '\t' || (c) == '-' || (c) == '_' || (c) == ':' || (c) == '(' \
        || (c) == '[' || (c) == '{' || (c) == '"' || (c) == ',' || (c) == ';')            \
         ? K_WORD                                                                         \
     : (c) == '.'                 ? K_DOT                                                 \
     : ((c) >= 'a' && (c) <= 'z') ? K_LOWER                                               \
     : ((c) >= 'A' && (c) <= 'Z') ? K_UPPER                                               \
     : ((c) >= '0' && (c) <= '9') ? K_DIGIT                                               \
                                  : K_OTHER)
#define ASCII_LOWER(c) ((c) >= 'A' && (c) <= 'Z' ? (c) + 32 : (c))
#define ASCII_SAME(c) (c)

/* 128-entry tables from a per-character expression, at compile time. */
#define TAB4(F, c) F(c), F((c) + 1), F((c) + 2), F((c) + 3)
#define TAB16(F, c) TAB4(F, c), TAB4(F, (c) + 4), TAB4(F, (c) + 8), TAB4(F, (c) + 12)
#define TAB64(F, c) TAB16(F, c), TAB16(F, (c) + 16), TAB16(F, (c) + 32), TAB16(F, (c) + 48)
#define TAB128(F) TAB64(F, 0), TAB64(F, 64)

static const unsigned char ascii_class[128] = {TAB128(ASCII_CLASS)};
/* What ASCII bytes fold to, without and with smart case; accents are not
 * ASCII, so folding an ASCII byte is only (maybe) lower-casing it. */
static const unsigned char ascii_fold_ci[128] = {TAB128(ASCII_LOWER)};
static const unsigned char ascii_fold_cs[128] = {TAB128(ASCII_SAME)};

/* bonus[class of previous][class of current]: only letters and digits earn. */
static const float bonus_table[K_COUNT][K_COUNT] = {
    [K_START] = {[K_LOWER] = BONUS_START, [K_UPPER] = BONUS_START, [K_DIGIT] = BONUS_START},
    [K_SLASH] = {[K_LOWER] = BONUS_START, [K_UPPER] = BONUS_START, [K_DIGIT] = BONUS_START},
    [K_WORD] = {[K_LOWER] = BONUS_WORD, [K_UPPER] = BONUS_WORD, [K_DIGIT] = BONUS_WORD},
    [K_DOT] = {[K_LOWER] = BONUS_DOT, [K_UPPER] = BONUS_DOT, [K_DIGIT] = BONUS_DOT},
    [K_LOWER] = {[K_UPPER] = BONUS_CAMEL},
    [K_DIGIT] = {[K_LOWER] = BONUS_CAMEL, [K_UPPER] = BONUS_CAMEL},
};

static int wide_class(uint32_t cp)
{
    switch (cp) {
    case 0x00A0: /* no-break space */
    case 0x2013: /* en dash */
    case 0x2014: /* em dash */
    case 0x3000: /* ideographic space */
    case 0x3001: /* 、 */
    case 0x3002: /* 。 */
    case 0x300C: /* 「 */
    case 0x3010: /* 【 */
    case 0xFF08: /* （ */
    case 0xFF0C: /* ， */
    case 0xFF1A: /* ： */
    case 0xFF1F: /* ？ */
        return K_WORD;
    case UTF8_REPLACEMENT:
        return K_OTHER;
    default:
        return utf8_is_upper(cp) ? K_UPPER : K_LOWER;
    }
}

static inline uint32_t fold_wide(uint32_t cp, bool case_sensitive)
{
    return case_sensitive ? utf8_strip_accent(cp) : utf8_fold(cp);
}

/* The code point at text[i] folded as a needle folds it (fold is the ASCII
 * table for its case rule); returns the index after it. */
static inline size_t next_needle_cp(const char *text, size_t len, size_t i,
                                    const unsigned char *fold, bool case_sensitive, uint32_t *cp)
{
    unsigned char c = (unsigned char)text[i];
    if (c < 0x80) {
        *cp = fold[c];
        return i + 1;
    }
    i += utf8_decode(text + i, len - i, cp);
    *cp = fold_wide(*cp, case_sensitive);
    return i;
}

static inline uint32_t start_pair_bit(uint32_t a, uint32_t b)
{
    return (uint32_t)1 << ((a * 31u + b) % FUZZY_PAIR_BITS);
}

/* nd's sparse targets (see fuzzy_needle), from its at[] table. */
static void needle_sparse_targets(fuzzy_needle *nd)
{
    if (nd->case_sensitive)
        return;
    uint8_t letters[FUZZY_SPARSE_MAX] = {0}, others[FUZZY_SPARSE_MAX] = {0};
    unsigned nl = 0, no = 0;
    uint64_t seen = 0; /* needle letters already a target */
    for (uint32_t i = 0; i < nd->n; i++) {
        uint32_t cp = nd->cps[i];
        if (nd->at[cp] & seen)
            continue;
        seen |= nd->at[cp];
        if (nl + no == FUZZY_SPARSE_MAX)
            return;
        if (cp >= 'a' && cp <= 'z')
            letters[nl++] = (uint8_t)cp;
        else
            others[no++] = (uint8_t)cp;
    }
    memcpy(nd->sparse, letters, nl);
    memcpy(nd->sparse + nl, others, no);
    nd->nsparse = (uint8_t)(nl + no);
    nd->nsparse_letters = (uint8_t)nl;
}

/* The per-character needle positions fuzzy_score_bound_scan reads. */
static void needle_scan_table(fuzzy_needle *nd)
{
    nd->first = nd->n ? utf8_fold(nd->cps[0]) : 0;
    nd->second = nd->n > 1 ? utf8_fold(nd->cps[1]) : 0;
    nd->start_pair = start_pair_bit(nd->first, nd->second);
    nd->scan_ok = nd->n <= 64;
    for (uint32_t i = 0; i < nd->n; i++)
        nd->scan_ok = nd->scan_ok && nd->cps[i] < 0x80;
    memset(nd->at, 0, sizeof nd->at);
    nd->nsparse = nd->nsparse_letters = 0;
    if (!nd->scan_ok)
        return;
    const unsigned char *fold = nd->case_sensitive ? ascii_fold_cs : ascii_fold_ci;
    for (unsigned c = 0; c < 128; c++)
        for (uint32_t i = 0; i < nd->n; i++)
            if (fold[c] == nd->cps[i])
                nd->at[c] |= (uint64_t)1 << i;
    needle_sparse_targets(nd);
}

bool fuzzy_needle_init(fuzzy_needle *nd, const char *q, size_t len)
{
    uint32_t n = 0;
    bool upper = false;
    nd->n = 0;
    nd->case_sensitive = false;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += utf8_decode(q + i, len - i, &cp);
        if (n == FUZZY_MAX_NEEDLE)
            return false;
        upper = upper || utf8_is_upper(cp);
        nd->cps[n++] = cp;
    }
    /* Smart case is known only once the whole query is seen. */
    for (uint32_t k = 0; k < n; k++)
        nd->cps[k] = fold_wide(nd->cps[k], upper);
    nd->n = n;
    nd->case_sensitive = upper;
    needle_scan_table(nd);
    return true;
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* Non-zero when some byte of w equals b (exact for "some", which is all
 * that is asked). */
static inline uint64_t word_has(uint64_t w, uint64_t b)
{
    uint64_t x = w ^ b * ONES;
    return (x - ONES) & ~x & HIGHS;
}

/* The bytes that can fold to want (a needle code point): its two cases, or
 * none of the ASCII ones (0x80) when want is not ASCII. */
static inline void want_bytes(uint32_t want, bool case_sensitive, uint64_t *a, uint64_t *b)
{
    if (want >= 0x80) {
        *a = *b = 0x80;
    } else {
        *a = want;
        *b = !case_sensitive && want >= 'a' && want <= 'z' ? want - 32 : want;
    }
}

bool fuzzy_match(const fuzzy_needle *nd, const char *text, size_t len)
{
    size_t end;
    return fuzzy_match_from(nd, text, len, 0, 0, &end);
}

#if MATCH_BLOCKS
/* fuzzy_match_from's walk for a needle of ASCII characters, 32 bytes of
 * the text at a time from byte *i: one compare finds the bytes that are
 * the wanted letter (a letter's byte with its 0x20 bit set, which folds
 * exactly the ASCII letters), the lowest past the last letter matched is
 * taken, and the block is left when it holds no more of the wanted one.
 * Blocks sit at 32-byte addresses where the text allows, so that one
 * never spans two cache lines: a search going on from a kept match end
 * has only that end's line fetched ahead (index.c), and a million titles
 * lie far apart. What is left under a block, and a block with a byte
 * outside ASCII (which may fold to the wanted letter), go to match_walk:
 * false, with *k letters matched up to byte *i. True on a match. */
__attribute__((target("avx2"))) static bool match_blocks(const fuzzy_needle *nd,
                                                         const unsigned char *s, size_t len,
                                                         uint32_t *k, size_t *i, size_t *end)
{
    uint32_t n = nd->n, want = nd->cps[*k];
    const __m256i case_bit = _mm256_set1_epi8(0x20);
    for (;;) {
        size_t before = (uintptr_t)(s + *i) & 31; /* bytes of the block before *i */
        if (before > *i)
            before = 0; /* it would start before the text */
        size_t base = *i - before;
        if (len - base < 32)
            return false;
        __m256i block = _mm256_loadu_si256((const __m256i *)(const void *)(s + base));
        uint32_t left = 0xffffffffu << before; /* the bytes past the last letter matched */
        if ((uint32_t)_mm256_movemask_epi8(block) & left)
            return false;
        __m256i folded = _mm256_or_si256(block, case_bit);
        for (;;) {
            bool letter = (want | 0x20) >= 'a' && (want | 0x20) <= 'z';
            __m256i hits = _mm256_cmpeq_epi8(letter && !nd->case_sensitive ? folded : block,
                                             _mm256_set1_epi8((char)want));
            uint32_t at = (uint32_t)_mm256_movemask_epi8(hits) & left;
            if (!at)
                break;
            unsigned j = (unsigned)__builtin_ctz(at);
            if (++*k == n) {
                *end = base + j + 1;
                return true;
            }
            want = nd->cps[*k];
            left &= ~(uint32_t)((2ull << j) - 1);
        }
        *i = base + 32;
    }
}
#endif

/* fuzzy_match_from's walk from byte i with k letters matched: eight ASCII
 * bytes at a time where it can, a character at a time elsewhere. */
static bool match_walk(const fuzzy_needle *nd, const char *text, size_t len, uint32_t k, size_t i,
                       size_t *end)
{
    uint32_t n = nd->n;
    const unsigned char *s = (const unsigned char *)text;
    bool cs = nd->case_sensitive;
    const unsigned char *fold = cs ? ascii_fold_cs : ascii_fold_ci;
    uint32_t want = nd->cps[k];
    uint64_t wa, wb;
    want_bytes(want, cs, &wa, &wb);
    while (i < len) {
        /* Eight ASCII bytes at a time: skip them when they hold neither case
         * of want, else jump to the first that does (the lowest flagged
         * byte of word_has is exact). Other bytes are walked one character
         * at a time. */
        size_t stop = len;
        if (len - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (!(w & HIGHS)) {
                uint64_t hit = word_has(w, wa) | word_has(w, wb);
                if (!hit) {
                    i += 8;
                    continue;
                }
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
                i += (size_t)__builtin_ctzll(hit) >> 3;
                if (++k == n) {
                    *end = i + 1;
                    return true;
                }
                want = nd->cps[k];
                want_bytes(want, cs, &wa, &wb);
                i++;
                continue;
#endif
            }
            stop = i + 8;
        }
        while (i < stop) {
            uint32_t cp;
            i = next_needle_cp(text, len, i, fold, cs, &cp);
            if (cp == want) {
                if (++k == n) {
                    *end = i;
                    return true;
                }
                want = nd->cps[k];
                want_bytes(want, cs, &wa, &wb);
            }
        }
    }
    return false;
}

bool fuzzy_match_from(const fuzzy_needle *nd, const char *text, size_t len, uint32_t letters,
                      size_t from, size_t *end)
{
    *end = from;
    if (letters >= nd->n)
        return true;
    if (len < nd->n || nd->n > FUZZY_MAX_NEEDLE) /* a code point takes at least a byte */
        return false;
#if MATCH_BLOCKS
    /* 1.2-1.5x quicker than the walk alone over a million titles as the
     * index holds them, `lo` to `attention` (bench/README.md) */
    if (nd->scan_ok && __builtin_cpu_supports("avx2")
        && match_blocks(nd, (const unsigned char *)text, len, &letters, &from, end))
        return true;
#endif
    return match_walk(nd, text, len, letters, from, end);
}

uint64_t fuzzy_letter_bit(uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z')
        cp += 'a' - 'A';
    if (cp >= 'a' && cp <= 'z')
        return (uint64_t)1 << (cp - 'a');
    if (cp >= '0' && cp <= '9')
        return (uint64_t)1 << (26 + cp - '0');
    return 0;
}

/* 1 << bit when c is in [lo, hi], else 0; the shift always in range (the
 * tables below are built from these at compile time). */
#define BIT_IF(c, lo, hi, bit) ((uint64_t)((c) >= (lo) && (c) <= (hi)) << (((unsigned)(bit)) & 63u))
#define LETTER_BIT(c)                                                                    \
    (BIT_IF(c, 'a', 'z', (unsigned)(c) - 'a') | BIT_IF(c, 'A', 'Z', (unsigned)(c) - 'A') \
     | BIT_IF(c, '0', '9', 26u + (unsigned)(c) - '0'))
/* fuzzy_letter_bit of an ASCII byte, case folded. */
static const uint64_t ascii_letter_bit[128] = {TAB128(LETTER_BIT)};

uint64_t fuzzy_follow_letters(const char *text, size_t len, size_t from)
{
    const unsigned char *s = (const unsigned char *)text;
    uint64_t bits = 0, odd = 0;
    for (size_t i = from; i < len;) {
        /* Eight ASCII bytes at a time, two chains of lookups: this runs
         * over the rest of every match while the user reads the screen. */
        if (len - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (!(w & HIGHS)) {
                bits |= ascii_letter_bit[s[i]] | ascii_letter_bit[s[i + 2]]
                      | ascii_letter_bit[s[i + 4]] | ascii_letter_bit[s[i + 6]];
                odd |= ascii_letter_bit[s[i + 1]] | ascii_letter_bit[s[i + 3]]
                     | ascii_letter_bit[s[i + 5]] | ascii_letter_bit[s[i + 7]];
                i += 8;
                continue;
            }
        }
        if (s[i] < 0x80) {
            bits |= ascii_letter_bit[s[i++]];
            continue;
        }
        /* folded as a caseless needle's letter is compared (accents too) */
        uint32_t cp;
        i = next_needle_cp(text, len, i, ascii_fold_ci, false, &cp);
        bits |= fuzzy_letter_bit(cp);
    }
    return bits | odd;
}

/* Left-to-right placement, for texts too long to score. */
static void greedy_positions(const fuzzy_needle *nd, const char *text, size_t len,
                             uint32_t *positions)
{
    uint32_t k = 0, idx = 0;
    const unsigned char *fold = nd->case_sensitive ? ascii_fold_cs : ascii_fold_ci;
    for (size_t i = 0; i < len && k < nd->n; idx++) {
        uint32_t cp;
        i = next_needle_cp(text, len, i, fold, nd->case_sensitive, &cp);
        if (cp == nd->cps[k])
            positions[k++] = idx;
    }
}

/* Folds text into t[] and the bonus of each position into bonus[], placing
 * the needle greedily on the way: lo[k] gets the left-most column needle[k]
 * can take, *placed how many letters found one. Returns the number of code
 * points, or FUZZY_MAX_TEXT + 1 when there are more. */
static size_t decode_text(const fuzzy_needle *nd, const char *text, size_t len, uint32_t *t,
                          float *bonus, uint16_t *lo, uint32_t *placed)
{
    const unsigned char *s = (const unsigned char *)text;
    const unsigned char *fold = nd->case_sensitive ? ascii_fold_cs : ascii_fold_ci;
    uint32_t k = 0, n = nd->n;
    int prev = K_START;
    size_t m = 0;
    for (size_t i = 0; i < len; m++) {
        if (m == FUZZY_MAX_TEXT)
            return FUZZY_MAX_TEXT + 1;
        int cls;
        uint32_t c;
        if (s[i] < 0x80) {
            cls = ascii_class[s[i]];
            c = fold[s[i]];
            i++;
        } else {
            uint32_t cp;
            i += utf8_decode(text + i, len - i, &cp);
            cls = wide_class(cp);
            c = fold_wide(cp, nd->case_sensitive);
        }
        t[m] = c;
        bonus[m] = bonus_table[prev][cls];
        prev = cls;
        if (k < n && c == nd->cps[k])
            lo[k++] = (uint16_t)m;
    }
    *placed = k;
    return m;
}

/* hi[k]: the right-most column where needle[k] can sit in a full match (the
 * needle is known to match). With lo[], the band worth computing. */
static void band_right(const fuzzy_needle *nd, const uint32_t *t, size_t m, uint16_t *hi)
{
    uint32_t k = nd->n;
    for (size_t j = m; j-- > 0 && k > 0;)
        if (t[j] == nd->cps[k - 1])
            hi[--k] = (uint16_t)j;
}

/* Backtrack records, one bit per cell, rows padded to whole words so a row
 * can be cleared without touching its neighbours. took_match: M[i][j] is
 * D[i][j] (needle[i] sits at j). consecutive: D[i][j] extends D[i-1][j-1]. */
typedef struct trace {
    uint64_t took_match[FUZZY_MAX_NEEDLE * FUZZY_MAX_TEXT / 64];
    uint64_t consecutive[FUZZY_MAX_NEEDLE * FUZZY_MAX_TEXT / 64];
    size_t stride; /* bits per row */
} trace;

static inline void trace_set(uint64_t *bits, size_t at)
{
    bits[at >> 6] |= (uint64_t)1 << (at & 63);
}

static inline bool trace_get(const uint64_t *bits, size_t at)
{
    return bits[at >> 6] >> (at & 63) & 1;
}

static void trace_clear_row(trace *tr, uint32_t i, size_t from, size_t to)
{
    size_t a = (i * tr->stride + from) >> 6, b = (i * tr->stride + to) >> 6;
    memset(tr->took_match + a, 0, (b - a + 1) * sizeof(uint64_t));
    memset(tr->consecutive + a, 0, (b - a + 1) * sizeof(uint64_t));
}

/* Computes row i of D and M in place over row i-1 (rolling arrays). Columns
 * lo..hi may hold a match; hi+1..end only carry M on with the gap. */
static void score_row(const fuzzy_needle *nd, uint32_t i, const uint32_t *t, const float *bonus,
                      size_t lo, size_t hi, size_t end, double *D, double *M, trace *tr)
{
    uint32_t c = nd->cps[i];
    double gap = i + 1 == nd->n ? GAP_TRAILING : GAP_INNER;
    double run = NEG; /* M[i][j-1] */
    /* Row i-1 at column j-1; the column left of the band is still row i-1. */
    double up_d = i ? D[lo - 1] : NEG, up_m = i ? M[lo - 1] : NEG;
    size_t row = tr ? i * tr->stride : 0;
    if (tr)
        trace_clear_row(tr, i, lo, hi);
    for (size_t j = lo; j <= hi; j++) {
        double next_d = NEG, next_m = NEG;
        if (i && j < hi) { /* row i-1 is valid up to hi[i]-1 */
            next_d = D[j];
            next_m = M[j];
        }
        double d = NEG;
        if (t[j] == c) {
            if (i == 0) {
                d = (double)j * GAP_LEADING + bonus[j];
            } else {
                double from_gap = up_m + bonus[j];
                double from_run = up_d + BONUS_CONSECUTIVE;
                d = from_run >= from_gap ? from_run : from_gap;
                if (tr && from_run >= from_gap && from_run > NEG)
                    trace_set(tr->consecutive, row + j);
            }
        }
        double carried = run + gap;
        if (d > NEG && d >= carried) {
            run = d;
            if (tr)
                trace_set(tr->took_match, row + j);
        } else {
            run = carried;
        }
        D[j] = d;
        M[j] = run;
        up_d = next_d;
        up_m = next_m;
    }
    for (size_t j = hi + 1; j <= end; j++) {
        run += gap;
        D[j] = NEG;
        M[j] = run;
    }
}

static void trace_back(const fuzzy_needle *nd, const trace *tr, const uint16_t *hi,
                       uint32_t *positions)
{
    size_t j = hi[nd->n - 1];
    bool forced = false; /* the previous needle letter must sit at j */
    for (uint32_t i = nd->n; i-- > 0;) {
        size_t row = i * tr->stride;
        if (!forced) {
            if (j > hi[i])
                j = hi[i];
            /* Terminates: the band's first column always takes its match. */
            while (!trace_get(tr->took_match, row + j))
                j--;
        }
        positions[i] = (uint32_t)j;
        forced = trace_get(tr->consecutive, row + j);
        j--;
    }
}

fuzzy_score fuzzy_score_text(const fuzzy_needle *nd, const char *text, size_t len,
                             uint32_t *positions)
{
    uint32_t n = nd->n;
    if (n == 0)
        return len == 0 ? FUZZY_SCORE_MAX : 0.0;
    if (n > FUZZY_MAX_NEEDLE)
        return FUZZY_SCORE_MIN;

    uint32_t t[FUZZY_MAX_TEXT];
    float bonus[FUZZY_MAX_TEXT];
    uint16_t lo[FUZZY_MAX_NEEDLE], hi[FUZZY_MAX_NEEDLE];
    uint32_t placed;
    size_t m = decode_text(nd, text, len, t, bonus, lo, &placed);
    if (m > FUZZY_MAX_TEXT) {
        if (positions)
            greedy_positions(nd, text, len, positions);
        return FUZZY_SCORE_MIN;
    }
    if (placed < n) /* not a match */
        return FUZZY_SCORE_MIN;
    if (m == n) { /* a match as long as the needle is the needle */
        if (positions)
            for (uint32_t k = 0; k < n; k++)
                positions[k] = k;
        return FUZZY_SCORE_MAX;
    }

    band_right(nd, t, m, hi);
    double D[FUZZY_MAX_TEXT], M[FUZZY_MAX_TEXT];
    trace tr_store;
    trace *tr = NULL;
    if (positions) {
        tr = &tr_store;
        tr->stride = (m + 63) & ~(size_t)63;
    }
    for (uint32_t i = 0; i < n; i++) {
        /* band_right filled hi[0..n) (n > 0): the analyzer loses track */
        /* NOLINTNEXTLINE(clang-analyzer-core.uninitialized.Assign,clang-analyzer-core.UndefinedBinaryOperatorResult) */
        size_t end = i + 1 < n ? (size_t)hi[i + 1] - 1 : hi[i];
        score_row(nd, i, t, bonus, lo[i], hi[i], end, D, M, tr);
    }
    size_t last = hi[n - 1];
    if (positions)
        trace_back(nd, tr, hi, positions);
    /* n > 0 here, so the loop above filled M up to hi[n - 1] */
    return M[last] + (double)(m - 1 - last) * GAP_TRAILING; /* cppcheck-suppress uninitvar */
}

fuzzy_score fuzzy_score_bound(const fuzzy_needle *nd, size_t text_cps)
{
    uint32_t n = nd->n;
    if (n == 0)
        return text_cps == 0 ? FUZZY_SCORE_MAX : 0.0;
    if (text_cps <= n)
        return FUZZY_SCORE_MAX; /* maybe the needle itself */
    /* The first letter earns at most a start bonus, each later one at most
     * the consecutive bonus, and every other character costs at least the
     * cheapest gap. */
    return BONUS_START + (double)(n - 1) * BONUS_CONSECUTIVE
         + (double)(text_cps - n) * GAP_TRAILING;
}

static inline uint32_t bigram_hash(uint32_t a, uint32_t b)
{
    return (a * 31u + b) & 1023u;
}

/* fuzzy_bigrams_of for a text whose fuzzy_bonus_mask is known: the pass
 * then only collects pairs. */
static void fuzzy_bigrams_with_mask(const char *text, size_t len, uint64_t bonus_mask,
                                    fuzzy_bigrams *out)
{
    memset(out->bits, 0, sizeof out->bits);
    out->bonus = bonus_mask;
    out->text = text;
    out->len = len;
    const unsigned char *s = (const unsigned char *)text;
    uint32_t prev = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        bool first = i == 0;
        if (s[i] < 0x80) {
            cp = ascii_fold_ci[s[i]];
            i++;
        } else {
            i += utf8_decode(text + i, len - i, &cp);
            cp = utf8_fold(cp);
        }
        if (!first) {
            uint32_t h = bigram_hash(prev, cp);
            out->bits[h >> 6] |= (uint64_t)1 << (h & 63);
        }
        prev = cp;
    }
}

void fuzzy_bigrams_of(const char *text, size_t len, fuzzy_bigrams *out)
{
    fuzzy_bigrams_with_mask(text, len, fuzzy_bonus_mask(text, len), out);
}

/* fuzzy_bonus_mask's layout (see fuzzy.h). */
#define BM_DIGIT ((uint64_t)1 << 26) /* a digit earns some bonus */
#define BM_FIRST_SHIFT 27            /* 5 bits: 1 + the text's first letter */
#define BM_CAMEL_SHIFT 32            /* letters with the camel or dot bonus */
#define BM_SLASH ((uint64_t)1 << 62) /* a letter follows a '/' */
#define BM_WIDE ((uint64_t)1 << 63)  /* letters outside ASCII */

/* A bonus as the score adds it: bonus_table holds floats, and 0.8f is a
 * little above 0.8, so a bound must take the larger of the two. */
static double as_scored(double b)
{
    double f = (double)(float)b;
    return f > b ? f : b;
}

/* The most a (folded) needle letter can earn where it starts a run, by a
 * text's fuzzy_bonus_mask. */
static double start_bonus_bound(uint64_t mask, uint32_t cp)
{
    if (cp >= 'a' && cp <= 'z') {
        uint64_t bit = (uint64_t)1 << (cp - 'a');
        if (((mask >> BM_FIRST_SHIFT) & 31) == cp - 'a' + 1)
            return as_scored(BONUS_START);
        if (mask & bit)
            return as_scored(mask & BM_SLASH ? BONUS_START : BONUS_WORD);
        return mask & (bit << BM_CAMEL_SHIFT) ? as_scored(BONUS_CAMEL) : 0.0;
    }
    if (cp >= '0' && cp <= '9')
        return mask & BM_DIGIT ? as_scored(BONUS_START) : 0.0;
    /* Other ASCII earns nothing; other letters are tracked as one. */
    return cp >= 0x80 && (mask & BM_WIDE) ? as_scored(BONUS_START) : 0.0;
}

/* True when the needle occurs in the text as one run of adjacent
 * characters (folded as fuzzy_score_text folds them). */
static bool contains_run(const fuzzy_needle *nd, const char *text, size_t len)
{
    const unsigned char *fold = nd->case_sensitive ? ascii_fold_cs : ascii_fold_ci;
    uint32_t k = 0;
    size_t run_start = 0; /* byte offset of the run's second character */
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i = next_needle_cp(text, len, i, fold, nd->case_sensitive, &cp);
        if (cp == nd->cps[k]) {
            if (k == 0)
                run_start = i;
            if (++k == nd->n)
                return true;
        } else if (k > 0) {
            /* Restart just after the run's first character. */
            k = 0;
            i = run_start;
        }
    }
    return false;
}

/* The bound of fuzzy_score_bound_text before the run test and the gaps:
 * the pairs of adjacent needle letters the text holds are read from bg's
 * hashed bigrams or, when bg is NULL, from bit i of pairs (letters i-1
 * and i). */
/* One later needle letter of bound_of_pairs: it follows the previous one
 * (paired: the consecutive bonus) or starts a run of its own (as_start,
 * its best start bonus with the inner gap's extra cost). */
static inline void bound_letter(bool paired, double as_start, double *score, double *least_loss,
                                bool *all_paired)
{
    if (paired) {
        *score += BONUS_CONSECUTIVE;
        if (BONUS_CONSECUTIVE - as_start < *least_loss)
            *least_loss = BONUS_CONSECUTIVE - as_start;
    } else {
        *score += as_start;
        *all_paired = false;
    }
}

static double bound_of_pairs(const fuzzy_needle *nd, uint64_t bonus, const fuzzy_bigrams *bg,
                             uint64_t pairs, bool *all_paired_out, double *least_loss_out)
{
    uint32_t n = nd->n;
    const double gap_extra = GAP_INNER - GAP_TRAILING;
    double score = start_bonus_bound(bonus, utf8_fold(nd->cps[0]));
    double least_loss = INFINITY; /* cheapest run break among paired letters */
    bool all_paired = true;
    uint32_t prev = utf8_fold(nd->cps[0]);
    for (uint32_t i = 1; i < n; i++) {
        uint32_t cp = utf8_fold(nd->cps[i]);
        uint32_t h = bigram_hash(prev, cp);
        double as_start = start_bonus_bound(bonus, cp) + gap_extra;
        bool paired = bg ? bg->bits[h >> 6] >> (h & 63) & 1 : pairs >> i & 1;
        bound_letter(paired, as_start, &score, &least_loss, &all_paired);
        prev = cp;
    }
    *all_paired_out = all_paired;
    *least_loss_out = least_loss;
    return score;
}

fuzzy_score fuzzy_score_bound_text(const fuzzy_needle *nd, const fuzzy_bigrams *bg, size_t text_cps)
{
    uint32_t n = nd->n;
    if (n == 0 || text_cps <= n)
        return fuzzy_score_bound(nd, text_cps);
    /* The first letter earns at most the best bonus it has anywhere. Each
     * later one either follows the previous one (the pair is in the text)
     * for the consecutive bonus, or starts a new run: at most its own best
     * bonus, and the characters skipped before it cost the inner gap rather
     * than the trailing one counted below. */
    bool all_paired;
    double least_loss;
    double score = bound_of_pairs(nd, bg->bonus, bg, 0, &all_paired, &least_loss);
    /* Every pair is there, but not the whole needle in one run: some
     * letter starts a second run. */
    if (all_paired && n > 1 && bg->text && !contains_run(nd, bg->text, bg->len))
        score -= least_loss;
    return score + (double)(text_cps - n) * GAP_TRAILING;
}

/* fuzzy_score_bound_scan once the pass found which adjacent needle pairs
 * the text holds (pairs, as bound_of_pairs reads them) and whether it
 * holds the whole needle as one run. */
static double bound_of_scan(const fuzzy_needle *nd, uint64_t bonus_mask, uint64_t pairs, bool whole,
                            size_t text_cps)
{
    uint32_t n = nd->n;
    bool all_paired;
    double least_loss;
    double score = bound_of_pairs(nd, bonus_mask, NULL, pairs, &all_paired, &least_loss);
    if (all_paired && n > 1 && !whole)
        score -= least_loss;
    return score + (double)(text_cps - n) * GAP_TRAILING;
}

fuzzy_score fuzzy_score_bound_scan(const fuzzy_needle *nd, const char *text, size_t len,
                                   uint64_t bonus_mask, size_t text_cps)
{
    uint32_t n = nd->n;
    if (n == 0 || text_cps <= n)
        return fuzzy_score_bound(nd, text_cps);
    if (!nd->scan_ok) {
        fuzzy_bigrams bg;
        fuzzy_bigrams_with_mask(text, len, bonus_mask, &bg);
        return fuzzy_score_bound_text(nd, &bg, text_cps);
    }
    /* pairs: bit i when needle letters i-1 and i are adjacent somewhere;
     * run: bit i when letters 0..i end at this character (shift-and), so
     * bit n-1 of any run is the whole needle in one run. */
    const unsigned char *s = (const unsigned char *)text;
    uint64_t pairs = 0, run = 0, whole = 0, before = 0;
    for (size_t i = 0; i < len;) {
        uint64_t here;
        if (s[i] < 0x80) {
            here = nd->at[s[i]];
            i++;
        } else {
            uint32_t cp;
            i += utf8_decode(text + i, len - i, &cp);
            cp = fold_wide(cp, nd->case_sensitive);
            here = cp < 0x80 ? nd->at[cp] : 0;
        }
        pairs |= here & (before << 1);
        run = ((run << 1) | 1) & here;
        whole |= run;
        before = here;
    }
    return bound_of_scan(nd, bonus_mask, pairs, whole >> (n - 1) & 1, text_cps);
}

/* A run of three folded characters' bit in a fuzzy_trigrams. */
static inline uint32_t trigram_bit(uint32_t a, uint32_t b, uint32_t c)
{
    return ((a * 1031u + b * 131u + c) * 2654435761u) >> 24;
}

void fuzzy_trigrams_of(const char *text, size_t len, fuzzy_trigrams *out)
{
    const unsigned char *s = (const unsigned char *)text;
    uint64_t bits[4] = {0, 0, 0, 0}; /* in registers: out is written once */
    unsigned seen = 0;
    uint32_t a = 0, b = 0;
    for (size_t i = 0; i < len; i++) {
        seen |= s[i];
        uint32_t c = ascii_fold_ci[s[i] & 0x7f];
        if (i >= 2) {
            uint32_t h = trigram_bit(a, b, c);
            bits[h >> 6] |= (uint64_t)1 << (h & 63);
        }
        a = b;
        b = c;
    }
    for (int w = 0; w < 4; w++)
        out->bits[w] = seen >= 0x80 ? ~(uint64_t)0 : bits[w];
}

static void letter_bits(uint32_t cp, uint64_t *word, uint64_t *camel, uint32_t *first);

/* Summary bits with the key bits of key (fuzzy_run_key) set. Where the
 * needle repeats its first letter later, the first letter's word or camel
 * bit is also a later letter's: a real text with it has both key bits,
 * and a key with only the later one takes the bonus for the first letter
 * too, which only loosens the bound. */
static uint64_t run_key_mask(const fuzzy_run_test *t, unsigned key)
{
    uint64_t mask = 0;
    if (key & 1 && t->first != 0xff)
        mask |= (uint64_t)t->first << BM_FIRST_SHIFT;
    mask |= key >> 1 & 1 ? t->first_word : 0;
    mask |= key >> 2 & 1 ? t->first_camel : 0;
    mask |= key >> 3 & 1 ? t->slash : 0;
    mask |= key >> 4 & 1 ? t->later_word : 0;
    mask |= key >> 5 & 1 ? t->later_camel : 0;
    mask |= key >> 6 & 1 ? t->digit : 0;
    return mask;
}

bool fuzzy_run_test_init(const fuzzy_needle *nd, fuzzy_run_test *t)
{
    memset(t, 0, sizeof *t);
    if (nd->n < 3 || nd->case_sensitive || !nd->scan_ok)
        return false;
    uint32_t n = t->n = nd->n;
    uint64_t need[4] = {0, 0, 0, 0};
    for (uint32_t i = 2; i < n; i++) {
        uint32_t h = trigram_bit(nd->cps[i - 2], nd->cps[i - 1], nd->cps[i]);
        need[h >> 6] |= (uint64_t)1 << (h & 63);
    }
    for (uint8_t w = 0; w < 4; w++) {
        if (need[w]) {
            t->word[t->nwords] = w;
            t->need[t->nwords++] = need[w];
        }
    }
    letter_bits(nd->first, &t->first_word, &t->first_camel, &t->first);
    for (uint32_t i = 1; i < n; i++) {
        uint64_t word, camel;
        uint32_t first;
        letter_bits(nd->cps[i], &word, &camel, &first);
        /* a digit's bonus is BM_DIGIT's, a key bit of its own */
        if (word != BM_DIGIT)
            t->later_word |= word;
        t->later_camel |= camel;
    }
    t->slash = BM_SLASH;
    t->digit = BM_DIGIT;
    t->gap = GAP_TRAILING;
    for (unsigned key = 0; key < FUZZY_RUN_KEYS; key++) {
        /* Not one run: some letter after the first starts a run of its own,
         * earning at most the best start bonus any of them has in the text
         * (but for the text's first character, which no letter after the
         * first can be), with an inner gap before it; every other letter
         * as the summary's bound has it. (A start bonus is below the
         * consecutive one, so that letter is the one lost.) */
        uint64_t mask = run_key_mask(t, key);
        uint64_t elsewhere = mask & ~((uint64_t)31 << BM_FIRST_SHIFT);
        double as_start = 0.0;
        for (uint32_t i = 1; i < n; i++) {
            double b = start_bonus_bound(elsewhere, nd->cps[i]);
            if (b > as_start)
                as_start = b;
        }
        t->head[key] = start_bonus_bound(mask, nd->first) + (double)(n - 2) * BONUS_CONSECUTIVE
                     + as_start + (GAP_INNER - GAP_TRAILING);
    }
    return true;
}

uint32_t fuzzy_grow_class(uint32_t cp)
{
    if (cp >= 'a' && cp <= 'z')
        return (uint32_t)1 << (cp - 'a');
    return cp >= '0' && cp <= '9' ? FUZZY_GROW_DIGIT : FUZZY_GROW_OTHER;
}

#define GROW_CLASS(c)                                                        \
    ((uint32_t)(LETTER_BIT(c) & ((1u << 26) - 1) & 0xffffffffu)              \
     | (uint32_t)((c) >= '0' && (c) <= '9') * FUZZY_GROW_DIGIT               \
     | (uint32_t) !(((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') \
                    || ((c) >= '0' && (c) <= '9'))                           \
           * FUZZY_GROW_OTHER)
/* fuzzy_grow_class of an ASCII byte, case folded. */
static const uint32_t ascii_grow_class[128] = {TAB128(GROW_CLASS)};

/* The classes a fuzzy_grow keeps of the character (class cls) that
 * follows one whose needle letters are before, in a run of the needle's
 * letters run: after the last letter, after a whole run. */
static inline void grow_note_after(uint32_t cls, uint64_t before, uint64_t run, unsigned shift,
                                   uint32_t *after_last, uint32_t *after_run)
{
    *after_last |= cls & (0u - (uint32_t)(before >> shift & 1));
    *after_run |= cls & (0u - (uint32_t)(run >> shift & 1));
}

#if defined(__SSE2__)
/* A needle's sparse targets (see fuzzy_needle) as SSE2 registers. */
static void sparse_targets(const fuzzy_needle *nd, __m128i *target)
{
    for (uint32_t k = 0; k < nd->nsparse; k++)
        target[k] = _mm_set1_epi8((char)nd->sparse[k]);
}

/* Which of the sixteen bytes of s from base (those before len) are a
 * target, a bit each; false when one of them is outside ASCII. A letter
 * is compared with the byte's 0x20 bit set, which folds exactly the ASCII
 * letters; any other character as it is. */
static inline bool sparse_block(const fuzzy_needle *nd, const __m128i *target,
                                const unsigned char *s, size_t len, size_t base, unsigned *bits)
{
    __m128i v;
    if (len - base >= 16) {
        v = _mm_loadu_si128((const __m128i *)(s + base));
    } else {
        unsigned char tail[16] = {0}; /* a zero matches no target */
        memcpy(tail, s + base, len - base);
        v = _mm_loadu_si128((const __m128i *)tail);
    }
    if (_mm_movemask_epi8(v))
        return false;
    __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20)), hit = _mm_setzero_si128();
    for (uint32_t k = 0; k < nd->nsparse; k++)
        hit = _mm_or_si128(hit, _mm_cmpeq_epi8(k < nd->nsparse_letters ? folded : v, target[k]));
    *bits = (unsigned)_mm_movemask_epi8(hit);
    return true;
}
#endif

/* fuzzy_grow_scan's pass (follow letters aside) over an ASCII text,
 * visiting only the bytes that are needle letters, found sixteen at a
 * time, and the byte after each: any other byte only ends a run. A
 * title has a few of them in its eighty bytes, so this is several times
 * quicker than a step per byte. False, with nothing filled, for a text
 * with a byte outside ASCII or a needle without sparse targets (the
 * caller's pass then). */
static bool grow_scan_sparse(const fuzzy_needle *nd, const char *text, size_t len, fuzzy_grow *out)
{
#if defined(__SSE2__)
    if (!nd->nsparse)
        return false;
    __m128i target[FUZZY_SPARSE_MAX];
    sparse_targets(nd, target);
    const unsigned char *s = (const unsigned char *)text;
    const unsigned shift = nd->n - 1;
    uint64_t pairs = 0, here_was = 0, run_was = 0;
    uint32_t after_last = 0, after_run = 0;
    size_t was = SIZE_MAX; /* the last needle letter's byte, SIZE_MAX: none yet */
    for (size_t base = 0; base < len; base += 16) {
        unsigned bits;
        if (!sparse_block(nd, target, s, len, base, &bits))
            return false;
        for (; bits; bits &= bits - 1) {
            size_t i = base + (size_t)__builtin_ctz(bits);
            uint64_t here = nd->at[s[i]], before = 0, run = 0;
            if (was != SIZE_MAX && was + 1 == i) {
                before = here_was;
                run = run_was;
            } else if (was != SIZE_MAX) { /* the byte after the last letter is no letter */
                grow_note_after(ascii_grow_class[s[was + 1]], here_was, run_was, shift, &after_last,
                                &after_run);
            }
            grow_note_after(ascii_grow_class[s[i]], before, run, shift, &after_last, &after_run);
            pairs |= here & (before << 1);
            run_was = ((run << 1) | 1) & here;
            here_was = here;
            was = i;
        }
    }
    if (was != SIZE_MAX && was + 1 < len)
        grow_note_after(ascii_grow_class[s[was + 1]], here_was, run_was, shift, &after_last,
                        &after_run);
    out->pairs = pairs;
    out->after_last = after_last;
    out->after_run = after_run;
    return true;
#else
    (void)nd, (void)text, (void)len, (void)out;
    return false;
#endif
}

fuzzy_score fuzzy_score_bound_placed(const fuzzy_needle *nd, const char *text, size_t len,
                                     size_t text_cps)
{
#if defined(__SSE2__)
    uint32_t n = nd->n;
    if (!nd->nsparse || text_cps <= n)
        return FUZZY_SCORE_MAX;
    /* The scorer's recurrence with its gaps left out, at the bytes that
     * hold a needle letter only (found sixteen at a time, as
     * grow_scan_sparse finds them): best[k], the most letters 0..k earn
     * with k placed at or before the byte (M without its gaps); run[k],
     * what they earn with k at byte run_at[k] (D), for a run to go on. A
     * byte's letters go last to first, so letter k reads k - 1's values
     * of the bytes before. */
    double best[64], run[64];
    size_t run_at[64];
    for (uint32_t k = 0; k < n; k++) {
        best[k] = run[k] = NEG;
        run_at[k] = SIZE_MAX;
    }
    __m128i target[FUZZY_SPARSE_MAX];
    sparse_targets(nd, target);
    const unsigned char *s = (const unsigned char *)text;
    for (size_t base = 0; base < len; base += 16) {
        unsigned bits;
        if (!sparse_block(nd, target, s, len, base, &bits))
            return FUZZY_SCORE_MAX; /* outside ASCII: letters may fold to the needle's */
        for (; bits; bits &= bits - 1) {
            size_t i = base + (size_t)__builtin_ctz(bits);
            int prev = i ? ascii_class[s[i - 1]] : K_START;
            double bonus = bonus_table[prev][ascii_class[s[i]]];
            for (uint64_t here = nd->at[s[i]]; here;) {
                unsigned k = 63u - (unsigned)__builtin_clzll(here);
                here &= ~((uint64_t)1 << k);
                double got = bonus;
                if (k > 0) {
                    got = best[k - 1] + bonus;
                    if (run_at[k - 1] != SIZE_MAX && run_at[k - 1] + 1 == i
                        && run[k - 1] + BONUS_CONSECUTIVE > got)
                        got = run[k - 1] + BONUS_CONSECUTIVE;
                    if (got == NEG)
                        continue; /* the letters before k are not placed yet */
                }
                run[k] = got;
                run_at[k] = i;
                /* at[] holds bits below n only, filled above: the analyzer
                 * loses track */
                /* NOLINTNEXTLINE(clang-analyzer-core.UndefinedBinaryOperatorResult) */
                if (got > best[k])
                    best[k] = got;
            }
        }
    }
    /* NOLINTNEXTLINE(clang-analyzer-core.UndefinedBinaryOperatorResult): filled for k < n */
    if (best[n - 1] == NEG)
        return FUZZY_SCORE_MIN; /* not a match */
    /* each of the other characters costs at least the cheapest gap */
    return best[n - 1] + (double)(text_cps - n) * GAP_TRAILING;
#else
    (void)nd, (void)text, (void)len, (void)text_cps;
    return FUZZY_SCORE_MAX;
#endif
}

bool fuzzy_grow_scan(const fuzzy_needle *nd, const char *text, size_t len, size_t from,
                     fuzzy_grow *out, uint64_t *follow)
{
    uint32_t n = nd->n;
    if (!nd->scan_ok || n == 0 || nd->case_sensitive)
        return false;
    if (grow_scan_sparse(nd, text, len, out)) {
        if (follow)
            *follow = fuzzy_follow_letters(text, len, from);
        return true;
    }
    /* As fuzzy_score_bound_scan, and what follows the last letter and
     * every whole run (the letter that would be typed next); from `from`
     * on, fuzzy_follow_letters too. Branch-free for ASCII: this runs over
     * every match while the user reads the screen. */
    const unsigned char *s = (const unsigned char *)text;
    const unsigned shift = n - 1;
    uint64_t pairs = 0, run = 0, before = 0, letters = 0;
    uint32_t after_last = 0, after_run = 0;
    for (size_t i = 0; i < len;) {
        uint64_t here, bit;
        uint32_t cls;
        size_t at = i;
        if (s[i] < 0x80) {
            here = nd->at[s[i]];
            cls = ascii_grow_class[s[i]];
            bit = ascii_letter_bit[s[i]];
            i++;
        } else {
            uint32_t cp;
            i += utf8_decode(text + i, len - i, &cp);
            cp = fold_wide(cp, false);
            here = cp < 0x80 ? nd->at[cp] : 0;
            cls = fuzzy_grow_class(cp);
            bit = fuzzy_letter_bit(cp);
        }
        grow_note_after(cls, before, run, shift, &after_last, &after_run);
        letters |= bit & (0 - (uint64_t)(at >= from));
        pairs |= here & (before << 1);
        run = ((run << 1) | 1) & here;
        before = here;
    }
    out->pairs = pairs;
    out->after_last = after_last;
    out->after_run = after_run;
    if (follow)
        *follow = letters;
    return true;
}

/* The summary bits start_bonus_bound reads for needle letter cp: its word
 * (or digit, or wide) bit, its camel bit, and its value in the first
 * letter's field (0xff: none). */
static void letter_bits(uint32_t cp, uint64_t *word, uint64_t *camel, uint32_t *first)
{
    *word = *camel = 0;
    *first = 0xff;
    if (cp >= 'a' && cp <= 'z') {
        *word = (uint64_t)1 << (cp - 'a');
        *camel = *word << BM_CAMEL_SHIFT;
        *first = cp - 'a' + 1;
    } else if (cp >= '0' && cp <= '9') {
        *word = BM_DIGIT;
    } else if (cp >= 0x80) {
        *word = BM_WIDE;
    }
}

/* A key of the four summary bits start_bonus_bound reads for a letter
 * (letter_bits): first letter, word (digit, wide), slash, camel. */
static inline unsigned start_key(uint64_t mask, uint64_t word, uint64_t camel, uint32_t first)
{
    return (unsigned)(((mask >> BM_FIRST_SHIFT) & 31) == first)
         | (unsigned)((mask & word) != 0) << 1 | (unsigned)((mask & BM_SLASH) != 0) << 2
         | (unsigned)((mask & camel) != 0) << 3;
}

bool fuzzy_grown_plan_init(const fuzzy_needle *nd, fuzzy_grown_plan *p)
{
    p->n = nd->n;
    if (nd->n < 2 || nd->n > FUZZY_GROWN_PLAN_MAX)
        return false;
    const double gap_extra = GAP_INNER - GAP_TRAILING;
    p->last_class = fuzzy_grow_class(nd->cps[nd->n - 1]);
    for (uint32_t i = 0; i < nd->n; i++) {
        uint32_t cp = utf8_fold(nd->cps[i]);
        letter_bits(cp, &p->word[i], &p->camel[i], &p->first[i]);
        for (unsigned key = 0; key < 16; key++) {
            /* a summary with just the bits of key (one first letter) */
            uint64_t mask = (key & 1 && p->first[i] != 0xff
                                 ? (uint64_t)p->first[i] << BM_FIRST_SHIFT
                                 : 0)
                          | (key & 2 ? p->word[i] : 0) | (key & 4 ? BM_SLASH : 0)
                          | (key & 8 ? p->camel[i] : 0);
            double b = start_bonus_bound(mask, cp);
            p->start[i][key] = i == 0 ? b : b + gap_extra; /* as bound_of_pairs adds them */
        }
    }
    return true;
}

/* The sum bound_letter makes over p's first `letters` letters, each one
 * paired with the one before when its bit in pairs is set. */
static inline double grown_letters(const fuzzy_grown_plan *p, uint32_t letters, uint64_t pairs,
                                   uint64_t bonus_mask, double *least_loss, bool *all_paired)
{
    double score = p->start[0][start_key(bonus_mask, p->word[0], p->camel[0], p->first[0])];
    *least_loss = INFINITY;
    *all_paired = true;
    for (uint32_t i = 1; i < letters; i++)
        bound_letter(pairs >> i & 1,
                     p->start[i][start_key(bonus_mask, p->word[i], p->camel[i], p->first[i])],
                     &score, least_loss, all_paired);
    return score;
}

fuzzy_score fuzzy_grown_plan_eval(const fuzzy_grown_plan *p, const fuzzy_grow *g,
                                  uint64_t bonus_mask, uint32_t text_cps)
{
    uint32_t n = p->n;
    if (text_cps <= n)
        return FUZZY_SCORE_MAX;
    uint32_t c = p->last_class;
    uint64_t pairs = g->pairs | (g->after_last & c ? (uint64_t)1 << (n - 1) : 0);
    /* bound_of_pairs and bound_of_scan, with the bonuses from tables */
    double least_loss;
    bool all_paired;
    double score = grown_letters(p, n, pairs, bonus_mask, &least_loss, &all_paired);
    if (all_paired && !(g->after_run & c))
        score -= least_loss;
    return score + (double)(text_cps - n) * GAP_TRAILING;
}

double fuzzy_grow_gain_max(void)
{
    /* The best alignment of N and c, less c, is one of N: c, at q after
     * N's last letter at p, adds its bonus (at most the consecutive one:
     * BONUS_START and the others are lower) and turns the trailing gap
     * p+1..q-1 into an inner one, which costs more (GAP_INNER), and takes
     * q off the trailing gap. test_fuzzy checks it on the scorer. */
    return BONUS_CONSECUTIVE - GAP_TRAILING;
}

fuzzy_score fuzzy_grown_any_bound(const fuzzy_grown_plan *p, const fuzzy_grow *g,
                                  uint64_t bonus_mask, uint32_t text_cps)
{
    uint32_t n = p->n + 1; /* the needle grown */
    if (text_cps <= n)
        return FUZZY_SCORE_MAX;
    /* fuzzy_grown_plan_eval's sum over the needle's own letters, which the
     * letter typed next does not change */
    double least_loss;
    bool all_paired;
    double score = grown_letters(p, p->n, g->pairs, bonus_mask, &least_loss, &all_paired);
    /* The new letter earns at most the consecutive bonus (no start bonus
     * is higher), and a broken run only takes from the sum. */
    return score + BONUS_CONSECUTIVE + (double)(text_cps - n) * GAP_TRAILING;
}

/* The code point at text[i], case-folded, and its class; returns the index
 * after it. ASCII through the tables, the rest decoded. */
static inline size_t next_folded(const char *text, size_t len, size_t i, uint32_t *cp, int *cls)
{
    unsigned char c = (unsigned char)text[i];
    if (c < 0x80) {
        *cls = ascii_class[c];
        *cp = ascii_fold_ci[c];
        return i + 1;
    }
    i += utf8_decode(text + i, len - i, cp);
    *cls = wide_class(*cp);
    *cp = utf8_fold(*cp);
    return i;
}

uint64_t fuzzy_bonus_mask(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    uint64_t mask = 0;
    int prev_cls = K_START;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int cls;
        bool first = i == 0;
        bool wide = s[i] >= 0x80;
        i = next_folded(text, len, i, &cp, &cls);
        if (wide && (cls == K_LOWER || cls == K_UPPER))
            mask |= BM_WIDE;
        float b = bonus_table[prev_cls][cls];
        if (b > 0 && prev_cls == K_SLASH)
            mask |= BM_SLASH;
        prev_cls = cls;
        if (b <= 0)
            continue;
        if (cp >= '0' && cp <= '9') {
            mask |= BM_DIGIT;
        } else if (cp >= 'a' && cp <= 'z') {
            if (first)
                mask |= (uint64_t)(cp - 'a' + 1) << BM_FIRST_SHIFT;
            mask |= (uint64_t)1 << (cp - 'a' + (b < (float)BONUS_WORD ? BM_CAMEL_SHIFT : 0));
        }
    }
    return mask;
}

uint32_t fuzzy_bonus_first_ascii(uint64_t bonus_mask)
{
    return bonus_mask & BM_WIDE ? 0 : (uint32_t)(bonus_mask >> BM_FIRST_SHIFT) & 31;
}

fuzzy_score fuzzy_score_bound_mask(const fuzzy_needle *nd, uint64_t bonus_mask, size_t text_cps)
{
    return fuzzy_score_bound_pairs(nd, bonus_mask, (1u << FUZZY_PAIR_BITS) - 1, text_cps);
}

uint32_t fuzzy_start_pairs(const char *text, size_t len)
{
    uint32_t pairs = 0, starter = 0;
    bool after_start = false; /* the previous character earns a word's bonus */
    int prev_cls = K_START;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int cls;
        i = next_folded(text, len, i, &cp, &cls);
        if (after_start)
            pairs |= start_pair_bit(starter, cp);
        after_start = bonus_table[prev_cls][cls] >= (float)BONUS_WORD;
        starter = cp;
        prev_cls = cls;
    }
    return pairs;
}

/* fuzzy_score_bound_pairs but for the length's share (n > 0 letters). */
static double pairs_head(const fuzzy_needle *nd, uint64_t bonus_mask, uint32_t start_pairs)
{
    uint32_t n = nd->n;
    /* Every later letter may follow its previous one (1.0 each); the first
     * earns at most the best bonus it has in the text. */
    double first = start_bonus_bound(bonus_mask, nd->first);
    double rest = (double)(n - 1) * BONUS_CONSECUTIVE;
    uint32_t a = nd->first;
    if (n > 1 && a >= 'a' && a <= 'z') {
        uint32_t b = nd->second;
        if (!(start_pairs & nd->start_pair)) {
            /* Where the first letter earns a word's bonus (or the start's),
             * the second does not follow it: it starts a run of its own.
             * Elsewhere the first earns at most the camel or dot bonus. */
            double second_starts = first + start_bonus_bound(bonus_mask, b)
                                 + (GAP_INNER - GAP_TRAILING);
            double elsewhere = bonus_mask & ((uint64_t)1 << (a - 'a' + BM_CAMEL_SHIFT))
                                 ? as_scored(BONUS_CAMEL)
                                 : 0.0;
            elsewhere += BONUS_CONSECUTIVE;
            double both = second_starts > elsewhere ? second_starts : elsewhere;
            return both + (double)(n - 2) * BONUS_CONSECUTIVE;
        }
    }
    return first + rest;
}

fuzzy_score fuzzy_score_bound_pairs(const fuzzy_needle *nd, uint64_t bonus_mask,
                                    uint32_t start_pairs, size_t text_cps)
{
    uint32_t n = nd->n;
    if (n == 0 || text_cps <= n)
        return fuzzy_score_bound(nd, text_cps);
    return pairs_head(nd, bonus_mask, start_pairs) + (double)(text_cps - n) * GAP_TRAILING;
}

void fuzzy_bound_table_init(const fuzzy_needle *nd, fuzzy_bound_table *t)
{
    memset(t, 0, sizeof *t);
    t->n = nd->n;
    t->gap = GAP_TRAILING;
    t->slash = BM_SLASH;
    t->start_pair = nd->start_pair;
    letter_bits(nd->first, &t->word[0], &t->camel[0], &t->first[0]);
    if (nd->n > 1)
        letter_bits(nd->second, &t->word[1], &t->camel[1], &t->first[1]);
    else
        t->first[1] = 0xff;
    if (nd->n == 0)
        return;
    for (unsigned key = 0; key < FUZZY_BOUND_KEYS; key++) {
        /* A summary with exactly the bits of key (fuzzy_bound_key). */
        uint64_t mask = 0, first = 0;
        for (int k = 0; k < 2; k++) {
            if (key >> (4 * k) & 1 && t->first[k] != 0xff && !first)
                first = t->first[k]; /* a text has one first letter */
            mask |= key >> (4 * k + 1) & 1 ? t->word[k] : 0;
            mask |= key >> (4 * k + 2) & 1 ? t->camel[k] : 0;
        }
        mask |= key >> 3 & 1 ? BM_SLASH : 0;
        mask |= first << BM_FIRST_SHIFT;
        t->head[key] = pairs_head(nd, mask, key >> 7 & 1 ? nd->start_pair : 0);
    }
}
