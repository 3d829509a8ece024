/* Unit tests: fuzzy matching, scoring order and highlighted positions. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "paperdeck/fuzzy.h"
#include "paperdeck/utf8.h"
#include "../../src/search/accel.h"

static fuzzy_needle needle_of(const char *q)
{
    fuzzy_needle nd;
    bool ok = fuzzy_needle_init(&nd, q, strlen(q));
    CHECK(ok);
    return nd;
}

static bool match(const char *q, const char *text)
{
    fuzzy_needle nd = needle_of(q);
    return fuzzy_match(&nd, text, strlen(text));
}

static fuzzy_score score(const char *q, const char *text)
{
    fuzzy_needle nd = needle_of(q);
    return fuzzy_score_text(&nd, text, strlen(text), NULL);
}

/* Positions of q in text, written as "i,j,k" into buf (empty on no match). */
static const char *positions(const char *q, const char *text, char *buf, size_t size)
{
    fuzzy_needle nd = needle_of(q);
    uint32_t pos[FUZZY_MAX_NEEDLE];
    buf[0] = '\0';
    if (!fuzzy_match(&nd, text, strlen(text)))
        return buf;
    fuzzy_score_text(&nd, text, strlen(text), pos);
    size_t used = 0;
    for (uint32_t k = 0; k < nd.n && used < size; k++)
        used += (size_t)snprintf(buf + used, size - used, k ? ",%u" : "%u", (unsigned)pos[k]);
    return buf;
}

static void test_match(void)
{
    CHECK(match("lora", "LoRA: Low-Rank Adaptation of Large Language Models"));
    CHECK(match("nystrom", "Nyströmformer: A Nyström-Based Algorithm"));
    CHECK(match("Nystrom", "Nyströmformer: A Nyström-Based Algorithm"));
    CHECK(!match("NYSTROM", "Nyströmformer: A Nyström-Based Algorithm"));
    CHECK(!match("nystrom", "Nystrxm: A Nystrxm-Based"));
    CHECK(match("nyström", "Nystromformer")); /* accents fold in the query too */
    CHECK(match("NYSTRÖM", "NYSTROM"));
    CHECK(!match("xyz", "LoRA: Low-Rank Adaptation of Large Language Models"));
    CHECK(match("", "anything"));
    CHECK(match("", ""));
    CHECK(!match("a", ""));
    CHECK(!match("loras", "lora"));
    CHECK(match("lora", "lora"));
    CHECK(!match("arol", "lora"));
    CHECK(match("lora", "l-o-r-a"));
    CHECK(!match("lora", "aro l"));
    CHECK(match("lin att", "Linear Attention"));
    CHECK(!match("lin att", "LinearAttention")); /* the space is a character */
    CHECK(match("LoRA", "LoRA: Low-Rank"));
    CHECK(!match("LoRA", "Lora: Low-Rank"));
    CHECK(match("注意", "基于注意力机制的高效模型"));
    CHECK(!match("意注", "基于注意力机制的高效模型"));
    CHECK(match("attention", "线性Attention的探索：Attention必须有个Softmax吗？"));

    fuzzy_needle nd = needle_of("Nystrom");
    CHECK(nd.case_sensitive);
    CHECK_INT(nd.n, 7);
    nd = needle_of("nyström");
    CHECK(!nd.case_sensitive);
    CHECK_INT(nd.n, 7);
    CHECK_INT(nd.cps[5], 'o');
    nd = needle_of("Ös");
    CHECK(nd.case_sensitive);
    CHECK_INT(nd.cps[0], 'O');
}

/* The letters after a match end: a needle grown by letter c goes on
 * from that end exactly when c's bit is set, for every end and every
 * letter, accents and upper case folded as a caseless needle folds them. */
static void test_follow_letters(void)
{
    static const char *const texts[] = {
        "Nyströmformer: A Nyström-Based Algorithm (2021) 8-bit",
        "ÉLAN Über-Fast Ω LoRA x2",
        "",
        "\xff\xfe broken \xc3 utf8 Z",
        "THE QUICK BROWN FOX Jumps over 0123456789 lazy dogs, eight bytes at a time", /* ASCII */
    };
    int wrong = 0, checked = 0;
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        const char *s = texts[t];
        size_t len = strlen(s);
        for (size_t from = 0; from <= len; from++) {
            if (from < len && ((unsigned char)s[from] & 0xC0) == 0x80)
                continue; /* a match ends between characters, never inside one */
            uint64_t bits = fuzzy_follow_letters(s, len, from);
            for (const char *c = "abcdefghijklmnopqrstuvwxyz0123456789"; *c; c++) {
                char q[2] = {*c, '\0'};
                fuzzy_needle nd = needle_of(q);
                size_t end;
                bool goes_on = fuzzy_match_from(&nd, s, len, 0, from, &end);
                wrong += goes_on != ((bits & fuzzy_letter_bit((uint32_t)*c)) != 0);
                checked++;
            }
        }
    }
    CHECK_INT(wrong, 0);
    CHECK(checked > 3000);
    CHECK(fuzzy_follow_letters("Nyström", 8, 4) & fuzzy_letter_bit('o')); /* after "Nyst" */
    CHECK(!(fuzzy_follow_letters("Nyström", 8, 4) & fuzzy_letter_bit('n')));
    CHECK(fuzzy_letter_bit('A') == fuzzy_letter_bit('a')); /* capitals fold, as in title masks */
    CHECK_INT(fuzzy_letter_bit('-'), 0);
    CHECK_INT(fuzzy_letter_bit(0xF6), 0);
}

/* fuzzy_match against the obvious definition, on random ASCII strings. */
static void test_match_random(void)
{
    static const char alpha[] = "abAB -";
    unsigned seed = 12345;
    int disagreements = 0, matches = 0;
    for (int round = 0; round < 2000; round++) {
        char q[6], t[24];
        size_t qn = 1 + (seed = seed * 1103515245u + 12345u) % 5;
        size_t tn = (seed = seed * 1103515245u + 12345u) % 23;
        for (size_t i = 0; i < qn; i++)
            q[i] = alpha[(seed = seed * 1103515245u + 12345u) >> 16 & 3];
        for (size_t i = 0; i < tn; i++)
            t[i] = alpha[((seed = seed * 1103515245u + 12345u) >> 16) % 6];
        q[qn] = t[tn] = '\0';
        bool cs = strpbrk(q, "AB") != NULL;
        size_t k = 0;
        for (size_t i = 0; i < tn && k < qn; i++) {
            char a = t[i], b = q[k];
            if (!cs) {
                a = (char)(a >= 'A' && a <= 'Z' ? a + 32 : a);
                b = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
            }
            k += a == b;
        }
        bool expect = k == qn, got = match(q, t);
        disagreements += expect != got;
        matches += got;
        if (got) { /* the placement must spell the needle, ascending */
            fuzzy_needle nd = needle_of(q);
            uint32_t pos[8];
            fuzzy_score_text(&nd, t, tn, pos);
            for (uint32_t j = 0; j < nd.n; j++) {
                bool ok = pos[j] < tn && (j == 0 || pos[j] > pos[j - 1]);
                char a = ok ? t[pos[j]] : 0;
                if (ok && !cs)
                    a = (char)(a >= 'A' && a <= 'Z' ? a + 32 : a);
                disagreements += !ok || (uint32_t)a != nd.cps[j];
            }
        }
    }
    CHECK_INT(disagreements, 0);
    CHECK(matches > 200); /* the sample exercises both outcomes */
    CHECK(matches < 1800);
}

static void test_score_word_starts(void)
{
    CHECK(score("la", "Linear Attention") > score("la", "Lpppppppppa"));
    CHECK(score("la", "Linear Attention") > score("la", "Llama"));
    CHECK(score("rank", "Low-Rank") > score("rank", "Lowerank"));
    CHECK(score("ab", "x/ab") > score("ab", "xyab"));
    CHECK(score("js", "node.js") > score("js", "nodejs"));
    CHECK(score("nf", "NystromFormer") > score("nf", "Nystromformer"));
    CHECK(score("sa", "Self Attention") > score("sa", "Sparse Ops"));
    CHECK(score("b", "7B model") > score("b", "xb model"));
    CHECK(score("moe", "Sparse (MoE) layers") > score("moe", "Sparse amoe layers"));
    CHECK(score("att", "Self-Attention") > score("att", "Self-Flattener"));
    /* A word start after a full-width colon, in CJK text. */
    CHECK(score("att", "探索：Attention") > score("att", "探索的Attention"));
}

static void test_score_consecutive_and_length(void)
{
    CHECK(score("lin", "Linformer") > score("lin", "Lxxixxnxx"));
    CHECK(score("former", "Linformer") > score("former", "Fast Orthogonal Random Memory"));
    CHECK(score("lora", "LoRA")
          > score("lora", "LoRA: Low-Rank Adaptation of Large Language Models"));
    CHECK(score("lora", "LoRA: Low-Rank")
          > score("lora", "LoRA: Low-Rank Adaptation of Large Language Models"));
    CHECK(score("attention", "Attention") > score("attention", "Attention Is All You Need"));
    CHECK(score("a", "ab") > score("a", "abc"));
    CHECK(score("c", "abc") > score("c", "abbc"));

    CHECK(score("lora", "LoRA") == FUZZY_SCORE_MAX);
    CHECK(score("nystromformer", "Nyströmformer") == FUZZY_SCORE_MAX);
    CHECK(score("Nystromformer", "Nyströmformer") == FUZZY_SCORE_MAX);
    CHECK(score("", "") == FUZZY_SCORE_MAX);
    CHECK(score("lora", "LoRA:") < FUZZY_SCORE_MAX);
    CHECK(score("lora", "LoRA:") > 0);
    CHECK(score("xyz", "LoRA") == FUZZY_SCORE_MIN); /* not a match */
}

/* "lin att" over seed titles: only "Linear Attention" spelled as two word
 * starts followed through the space beats "Linformer ... Self-Attention". */
static void test_score_ranking(void)
{
    static const char *titles[] = {
        "Transformers are RNNs: Fast Autoregressive Transformers with Linear Attention",
        "Linformer: Self-Attention with Linear Complexity",
        "Efficient Attention: Attention with Linear Complexities",
        "Transformer Quality in Linear Time",
        "Longformer: The Long-Document Transformer",
    };
    fuzzy_needle nd = needle_of("lin att");
    fuzzy_score s[5];
    for (int i = 0; i < 5; i++)
        s[i] = fuzzy_match(&nd, titles[i], strlen(titles[i]))
                 ? fuzzy_score_text(&nd, titles[i], strlen(titles[i]), NULL)
                 : FUZZY_SCORE_MIN;
    CHECK(s[0] > s[1]);
    CHECK(s[1] > FUZZY_SCORE_MIN);
    /* No "att" after an l-i-n and a space in the others. */
    CHECK(s[2] == FUZZY_SCORE_MIN);
    CHECK(s[3] == FUZZY_SCORE_MIN);
    CHECK(s[4] == FUZZY_SCORE_MIN);

    /* "lin" alone: the title that starts with it comes first. */
    nd = needle_of("lin");
    fuzzy_score best = FUZZY_SCORE_MIN;
    int best_i = -1;
    for (int i = 0; i < 5; i++) {
        if (!fuzzy_match(&nd, titles[i], strlen(titles[i])))
            continue;
        fuzzy_score v = fuzzy_score_text(&nd, titles[i], strlen(titles[i]), NULL);
        if (v > best) {
            best = v;
            best_i = i;
        }
    }
    CHECK_INT(best_i, 1);
}

static void test_positions(void)
{
    char buf[512];
    CHECK_STR(positions("lora", "LoRA: Low-Rank", buf, sizeof buf), "0,1,2,3");
    CHECK_STR(positions("lora", "LoRA", buf, sizeof buf), "0,1,2,3");
    CHECK_STR(positions("nystrom", "Nyströmformer", buf, sizeof buf), "0,1,2,3,4,5,6");
    CHECK_STR(positions("former", "Nyströmformer", buf, sizeof buf), "7,8,9,10,11,12");
    CHECK_STR(positions("la", "Linear Attention", buf, sizeof buf), "0,7");
    CHECK_STR(positions("lr", "LoRA: Low-Rank", buf, sizeof buf), "0,10");
    CHECK_STR(positions("rank", "Low-Rank", buf, sizeof buf), "4,5,6,7");
    CHECK_STR(positions("c", "abcxc", buf, sizeof buf), "2"); /* the earlier of equals */
    CHECK_STR(positions("lin", "Lxxixxnxx", buf, sizeof buf), "0,3,6");
    CHECK_STR(positions("a b", "a xb", buf, sizeof buf), "0,1,3");
    /* The space and "Att" follow on from the match before them. */
    CHECK_STR(positions("lin att", "Linear Attention", buf, sizeof buf), "0,1,2,6,7,8,9");

    const char *t = "Transformers are RNNs: Fast Autoregressive Transformers with Linear Attention";
    unsigned at = (unsigned)(strstr(t, "Linear") - t);
    char want[64];
    snprintf(want, sizeof want, "%u,%u,%u,%u,%u,%u,%u", at, at + 1, at + 2, at + 6, at + 7, at + 8,
             at + 9);
    CHECK_STR(positions("lin att", t, buf, sizeof buf), want);

    /* Code-point indices in CJK text. */
    CHECK_STR(positions("注意", "基于注意力机制的高效模型", buf, sizeof buf), "2,3");
    CHECK_STR(positions("线性", "线性Attention的探索：Attention必须有个Softmax吗？", buf,
                        sizeof buf),
              "0,1");
    /* The second "Attention" opens a word after '：'. */
    CHECK_STR(positions("attention", "线性Attention的探索：Attention必须有个Softmax吗？", buf,
                        sizeof buf),
              "15,16,17,18,19,20,21,22,23");
    CHECK_STR(positions("softmax", "线性Attention的探索：Attention必须有个Softmax吗？", buf,
                        sizeof buf),
              "28,29,30,31,32,33,34");

    /* Positions without asking for them do not change the score. */
    fuzzy_needle nd = needle_of("lin att");
    uint32_t pos[8];
    CHECK(fuzzy_score_text(&nd, t, strlen(t), pos) == fuzzy_score_text(&nd, t, strlen(t), NULL));
}

static void test_long_inputs(void)
{
    /* A text over FUZZY_MAX_TEXT code points: matches, minimum score,
     * greedy positions. */
    size_t n = FUZZY_MAX_TEXT + 500;
    char *text = malloc(n + 1);
    CHECK(text != NULL);
    if (!text)
        return;
    memset(text, 'x', n);
    text[n] = '\0';
    text[10] = 'a';
    text[700] = 'b';
    text[1200] = 'c';
    text[1300] = 'c';
    fuzzy_needle nd = needle_of("abc");
    CHECK(fuzzy_match(&nd, text, n));
    uint32_t pos[3] = {0, 0, 0};
    CHECK(fuzzy_score_text(&nd, text, n, pos) == FUZZY_SCORE_MIN);
    CHECK_INT(pos[0], 10);
    CHECK_INT(pos[1], 700);
    CHECK_INT(pos[2], 1200);
    nd = needle_of("abd");
    CHECK(!fuzzy_match(&nd, text, n));

    /* Exactly FUZZY_MAX_TEXT code points still score. */
    nd = needle_of("ab");
    CHECK(fuzzy_score_text(&nd, text, FUZZY_MAX_TEXT, pos) > FUZZY_SCORE_MIN);
    CHECK_INT(pos[0], 10);
    CHECK_INT(pos[1], 700);
    CHECK(fuzzy_score_text(&nd, text, FUZZY_MAX_TEXT + 1, NULL) == FUZZY_SCORE_MIN);
    free(text);

    /* Needles: FUZZY_MAX_NEEDLE code points fit, one more does not. */
    char q[3 * FUZZY_MAX_NEEDLE + 4];
    memset(q, 'a', FUZZY_MAX_NEEDLE + 1);
    CHECK(fuzzy_needle_init(&nd, q, FUZZY_MAX_NEEDLE));
    CHECK_INT(nd.n, FUZZY_MAX_NEEDLE);
    CHECK(!fuzzy_needle_init(&nd, q, FUZZY_MAX_NEEDLE + 1));
    size_t bytes = 0;
    for (int i = 0; i < FUZZY_MAX_NEEDLE; i++) {
        memcpy(q + bytes, "ö", 2);
        bytes += 2;
    }
    CHECK(fuzzy_needle_init(&nd, q, bytes));
    CHECK_INT(nd.n, FUZZY_MAX_NEEDLE);
    memcpy(q + bytes, "ö", 2);
    CHECK(!fuzzy_needle_init(&nd, q, bytes + 2));

    /* A full needle against a full text: the whole matrix. */
    char big[FUZZY_MAX_TEXT];
    memset(big, 'a', sizeof big);
    uint32_t many[FUZZY_MAX_NEEDLE];
    CHECK(fuzzy_needle_init(&nd, big, FUZZY_MAX_NEEDLE));
    CHECK(fuzzy_match(&nd, big, sizeof big));
    CHECK(fuzzy_score_text(&nd, big, sizeof big, many) > FUZZY_SCORE_MIN);
    bool ascending = true;
    for (int i = 1; i < FUZZY_MAX_NEEDLE; i++)
        ascending = ascending && many[i] == many[i - 1] + 1;
    CHECK(ascending);
    CHECK(many[FUZZY_MAX_NEEDLE - 1] < FUZZY_MAX_TEXT);
}

static void test_invalid_utf8(void)
{
    /* Each bad byte is one code point, as utf8_decode counts them. */
    const char text[] = "\xff\xfe"
                        "ab\xc3"
                        "c\xe2\x82"
                        "d\xf0\x9f\x98";
    size_t len = sizeof text - 1;
    fuzzy_needle nd = needle_of("abcd");
    CHECK(fuzzy_match(&nd, text, len));
    uint32_t pos[4];
    CHECK(fuzzy_score_text(&nd, text, len, pos) > FUZZY_SCORE_MIN);
    CHECK_INT(pos[0], 2);
    CHECK_INT(pos[1], 3);
    CHECK_INT(pos[2], 5);
    CHECK_INT(pos[3], 8);
    /* A truncated sequence at the very end. */
    CHECK(!fuzzy_match(&nd, "abc\xe2", 4));
    CHECK(fuzzy_score_text(&nd, "abc\xe2", 4, NULL) == FUZZY_SCORE_MIN);
    /* An invalid query is accepted and matches only what it decodes to. */
    CHECK(fuzzy_needle_init(&nd, "a\xff", 2));
    CHECK_INT(nd.n, 2);
    CHECK(fuzzy_match(&nd, "xa\xfe", 3));
    CHECK(!fuzzy_match(&nd, "xa", 2));
    /* Embedded NUL bytes are ordinary characters. */
    nd = needle_of("ab");
    CHECK(fuzzy_match(&nd, "a\0b", 3));
}

/* The bound a ranker prunes with is never below a real score. */
static void test_score_bound(void)
{
    static const char *const titles[] = {
        "LoRA",
        "LoRA: Low-Rank Adaptation of Large Language Models",
        "Linformer: Self-Attention with Linear Complexity",
        "lin",
        "l-i-n",
        "aLInear",
        "Transformers are RNNs: Fast Autoregressive Transformers with Linear Attention",
        "Nyströmformer: A Nyström-Based Algorithm",
        "x/lin/lin.lin",
        "LINLINLIN",
    };
    static const char *const needles[] = {"l", "lin", "LIN", "lora", "att", "nystrom", "ln"};
    int checked = 0, violations = 0;
    for (size_t a = 0; a < sizeof needles / sizeof needles[0]; a++) {
        fuzzy_needle nd;
        CHECK(fuzzy_needle_init(&nd, needles[a], strlen(needles[a])));
        for (size_t b = 0; b < sizeof titles / sizeof titles[0]; b++) {
            const char *t = titles[b];
            if (!fuzzy_match(&nd, t, strlen(t)))
                continue;
            fuzzy_score s = fuzzy_score_text(&nd, t, strlen(t), NULL);
            fuzzy_score bound = fuzzy_score_bound(&nd, utf8_length(t, strlen(t)));
            fuzzy_bigrams bg;
            fuzzy_bigrams_of(t, strlen(t), &bg);
            fuzzy_score tight = fuzzy_score_bound_text(&nd, &bg, utf8_length(t, strlen(t)));
            checked++;
            if (tight > bound + 1e-9 || s > tight + 1e-9) {
                violations++;
                fprintf(stderr, "tight bound %g vs score %g for %s in %s\n", tight, s, needles[a],
                        t);
            }
            if (s > bound + 1e-9) {
                violations++;
                fprintf(stderr, "bound %g < score %g for %s in %s\n", bound, s, needles[a], t);
            }
        }
    }
    CHECK(checked > 30);
    CHECK_INT(violations, 0);
    /* Longer texts have lower bounds; a text as long as the needle may be it. */
    fuzzy_needle nd;
    fuzzy_needle_init(&nd, "lin", 3);
    CHECK(fuzzy_score_bound(&nd, 10) > fuzzy_score_bound(&nd, 11));
    CHECK(fuzzy_score_bound(&nd, 3) == FUZZY_SCORE_MAX);
    /* Scattered letters have a much lower bound than a run of them. */
    fuzzy_bigrams run, scattered;
    fuzzy_bigrams_of("xx lin xx", 9, &run);
    fuzzy_bigrams_of("xl xi xn x", 10, &scattered);
    CHECK(fuzzy_score_bound_text(&nd, &scattered, 10)
          < fuzzy_score_bound_text(&nd, &run, 10) - 0.2);

    /* Every pair of "lora" is there, but not "lora" in one run: some letter
     * starts a second run, and none of them starts a word. */
    fuzzy_needle lora;
    fuzzy_needle_init(&lora, "lora", 4);
    const char *split = "xlox oraxx", *whole = "xloraxx xx";
    fuzzy_bigrams bs, bw;
    fuzzy_bigrams_of(split, 10, &bs);
    fuzzy_bigrams_of(whole, 10, &bw);
    CHECK(fuzzy_score_bound_text(&lora, &bs, 10) < fuzzy_score_bound_text(&lora, &bw, 10) - 0.1);
    CHECK(fuzzy_score_text(&lora, split, 10, NULL) <= fuzzy_score_bound_text(&lora, &bs, 10));
    /* The summary bound: a first letter that starts no word earns nothing. */
    uint64_t mid = fuzzy_bonus_mask("xlora yy", 8), start = fuzzy_bonus_mask("lora yyy", 8);
    CHECK(fuzzy_score_bound_mask(&lora, mid, 8) < fuzzy_score_bound_mask(&lora, start, 8) - 0.8);
    CHECK(fuzzy_score_text(&lora, "xlora yy", 8, NULL) <= fuzzy_score_bound_mask(&lora, mid, 8));
    CHECK(fuzzy_score_text(&lora, "lora yyy", 8, NULL) <= fuzzy_score_bound_mask(&lora, start, 8));
    /* The scorer adds float bonuses (0.8f is a little above 0.8): the
     * bounds must not fall below a word-start placement by that much
     * (found by fuzz_fuzzy; the text holds NULs and broken UTF-8). */
    {
        static const char text[] = "/((x$/\0/(a+)+$/\0\347\326a+)+$/\0\347\326\326";
        size_t tl = sizeof text - 1, cps = utf8_length(text, tl);
        fuzzy_needle slash;
        fuzzy_needle_init(&slash, "/(x$/", 5);
        CHECK(fuzzy_match(&slash, text, tl));
        fuzzy_score sc = fuzzy_score_text(&slash, text, tl, NULL);
        fuzzy_bigrams bt;
        fuzzy_bigrams_of(text, tl, &bt);
        double tol = 1e-9 * (sc + 1);
        CHECK(sc <= fuzzy_score_bound_text(&slash, &bt, cps) + tol);
        CHECK(sc <= fuzzy_score_bound_mask(&slash, fuzzy_bonus_mask(text, tl), cps) + tol);
    }
    /* No word starts with "lo": the first letter cannot both start a word
     * and lead the run, so the summary bound drops; it still holds. */
    {
        static const char *const texts[] = {"lxx ora yyy", "xlora yyy z", "Lo ra yyyyy",
                                            "FlashLoRA z", "lab low-ora", "Éloran yy z"};
        for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
            const char *t = texts[i];
            size_t tl = strlen(t), cps = utf8_length(t, tl);
            uint64_t bm = fuzzy_bonus_mask(t, tl);
            fuzzy_score b = fuzzy_score_bound_pairs(&lora, bm, fuzzy_start_pairs(t, tl), cps);
            CHECK(b <= fuzzy_score_bound_mask(&lora, bm, cps) + 1e-12);
            if (fuzzy_match(&lora, t, tl))
                CHECK(fuzzy_score_text(&lora, t, tl, NULL) <= b + 1e-9);
        }
        uint64_t bm = fuzzy_bonus_mask("lxxoxra yyy", 11);
        CHECK(fuzzy_score_bound_pairs(&lora, bm, fuzzy_start_pairs("lxxoxra yyy", 11), 11)
              < fuzzy_score_bound_mask(&lora, bm, 11) - 0.5);
        /* A word that starts "lo" keeps the loose bound. */
        bm = fuzzy_bonus_mask("xx lora yyy", 11);
        CHECK(fuzzy_score_bound_pairs(&lora, bm, fuzzy_start_pairs("xx lora yyy", 11), 11)
              == fuzzy_score_bound_mask(&lora, bm, 11));
    }
    /* Camel starts count: "XLoRA" lets 'l' earn the camel bonus. */
    uint64_t camel = fuzzy_bonus_mask("xxLoRA yy", 9);
    CHECK(fuzzy_score_bound_mask(&lora, camel, 9) > fuzzy_score_bound_mask(&lora, mid, 9) + 0.6);
    CHECK(fuzzy_score_text(&lora, "xxLoRA yy", 9, NULL) <= fuzzy_score_bound_mask(&lora, camel, 9));
}

/* Random texts over a small alphabet: the tight bound holds everywhere. */
/* xorshift64: the next of a reproducible sequence. */
static uint64_t next_random(uint64_t *x)
{
    *x ^= *x << 13, *x ^= *x >> 7, *x ^= *x << 17;
    return *x;
}

/* Appends m of pieces[0..n), picked at random, to text (room for them). */
static void append_random(char *text, const char *const *pieces, size_t n, size_t m, uint64_t *x)
{
    for (size_t i = 0; i < m; i++)
        strcat(text, pieces[next_random(x) % n]);
}

/* fuzzy_match_from against a greedy walk of the folded characters, on
 * random texts of up to ~90 bytes (so every way a 32-byte block can
 * fall: whole, the last one read back over walked bytes, a short text
 * alone) with bytes that fold oddly with their 0x20 bit (@ [ ` {) and
 * accented letters (a block with one goes the slow way), going on from
 * every prefix of the needle as a kept match end would. */
typedef struct folded_piece {
    const char *text;
    char ci, cs; /* what it folds to without and with smart case */
} folded_piece;

static void test_match_from_blocks(void)
{
    /* the two outside ASCII last: left out of three texts in four */
    static const folded_piece pieces[] = {
        {"a", 'a', 'a'},        {"b", 'b', 'b'},       {"A", 'a', 'A'}, {"B", 'b', 'B'},
        {"x", 'x', 'x'},        {"-", '-', '-'},       {"@", '@', '@'}, {"[", '[', '['},
        {"`", '`', '`'},        {"{", '{', '{'},       {" ", ' ', ' '}, {"1", '1', '1'},
        {"z", 'z', 'z'},        {"Z", 'z', 'Z'},       {"e", 'e', 'e'}, {"E", 'e', 'E'},
        {"\xc3\xa9", 'e', 'e'}, {"\xc3\x89", 'e', 'E'}};
    static const char needle_chars[] = "abABxe-@{`1zE";
    const size_t npieces = sizeof pieces / sizeof pieces[0];
    uint64_t x = 0x9e3779b97f4a7c15ull;
    int disagreements = 0, matches = 0, resumed = 0;
    for (int round = 0; round < 20000; round++) {
        char text[256] = "", q[8];
        char folded[2][128];
        size_t ends[128], nchars = 0;
        size_t m = next_random(&x) % 48 + (round % 3 ? 0 : 20);
        for (size_t i = 0; i < m; i++) {
            const folded_piece *pc = &pieces[next_random(&x) % (round % 4 ? npieces - 2 : npieces)];
            strcat(text, pc->text);
            folded[0][nchars] = pc->ci;
            folded[1][nchars] = pc->cs;
            ends[nchars++] = strlen(text);
        }
        size_t qn = 1 + next_random(&x) % 6;
        for (size_t i = 0; i < qn; i++)
            q[i] = needle_chars[next_random(&x) % (sizeof needle_chars - 1)];
        q[qn] = '\0';
        bool cs = strpbrk(q, "ABE") != NULL;
        fuzzy_needle nd = needle_of(q);
        /* the greedy walk: where each needle letter's match ends */
        size_t want_end[8], k = 0;
        for (size_t c = 0; c < nchars && k < qn; c++) {
            char b = q[k];
            if (!cs && b >= 'A' && b <= 'Z')
                b = (char)(b + 32);
            if (folded[cs][c] == b)
                want_end[k++] = ends[c];
        }
        for (uint32_t letters = 0; letters <= k && letters < qn; letters++) {
            size_t from = letters ? want_end[letters - 1] : 0, end = 0;
            bool got = fuzzy_match_from(&nd, text, strlen(text), letters, from, &end);
            bool expect = k == qn;
            disagreements += got != expect || (got && end != want_end[qn - 1]);
            matches += got;
            resumed += letters > 0;
        }
    }
    CHECK_INT(disagreements, 0);
    CHECK(matches > 5000); /* both outcomes, and many matches going on */
    CHECK(resumed > 5000);
}

/* The bound tables give fuzzy_score_bound_pairs bit for bit, on the
 * summaries and start pairs of random texts (letters, digits, accents,
 * capitals, slashes) and for random needles, one to five letters. */
static void test_bound_table(void)
{
    static const char *const pieces[] = {"a", "b", "l", "o", "A", "Lo", "ö",  "Ö",
                                         "3", "-", " ", "/", ".", "bA", "9x", "lora"};
    static const char *const letters[] = {"a", "b", "l", "o", "r", "3", "ö", "-", "A", "L"};
    uint64_t x = 0x2545F4914F6CDD1Du;
    int differ = 0, compared = 0;
    for (int round = 0; round < 20000; round++) {
        char text[200] = "", needle[40] = "";
        next_random(&x);
        append_random(text, pieces, sizeof pieces / sizeof pieces[0], x % 24, &x);
        append_random(needle, letters, sizeof letters / sizeof letters[0], 1 + (x >> 20) % 5, &x);
        fuzzy_needle nd = needle_of(needle);
        fuzzy_bound_table t;
        fuzzy_bound_table_init(&nd, &t);
        size_t len = strlen(text), cps = utf8_length(text, len) + (x >> 40) % 3;
        if (cps <= nd.n)
            continue;
        uint64_t bmask = fuzzy_bonus_mask(text, len);
        uint32_t pairs = fuzzy_start_pairs(text, len);
        fuzzy_score want = fuzzy_score_bound_pairs(&nd, bmask, pairs, cps);
        fuzzy_score got = fuzzy_bound_table_eval(&t, bmask, pairs, (uint32_t)cps);
        differ += memcmp(&want, &got, sizeof want) != 0;
        compared++;
    }
    CHECK(compared > 15000);
    CHECK_INT(differ, 0);
}

/* A needle grown by a letter: its scan bound from what the pass with the
 * shorter needle kept equals the scan bound over the text (a letter), or
 * is never lower (a digit or another character). */
static void test_bound_grown(void)
{
    static const char *const pieces[] = {"lo", "Lo", "ra", "LoRA", "or", "a",  "ö",  "3",
                                         "-",  " ",  "/",  "lora", "xl", "ol", "r9", "é"};
    static const char letters[] = "loraxé3- ";
    uint64_t x = 0x9E3779B97F4A7C15u;
    int differ = 0, lower = 0, exact = 0, loose = 0, unplanned = 0, follow_differ = 0;
    int any_below = 0, any_checked = 0, gain_above = 0, gain_checked = 0, gain_reached = 0;
    for (int round = 0; round < 30000; round++) {
        char text[200] = "", needle[16] = "";
        next_random(&x);
        append_random(text, pieces, sizeof pieces / sizeof pieces[0], x % 20, &x);
        size_t n = 1 + (x >> 30) % 5, len = 0;
        for (size_t i = 0; i < n; i++) {
            size_t pick = next_random(&x) % (sizeof letters - 1);
            needle[len++] = letters[pick];
            if ((unsigned char)letters[pick] >= 0x80) /* the two bytes of é */
                needle[len++] = letters[pick + 1];
        }
        needle[len] = '\0';
        /* The last code point is the letter typed; the rest was the needle. */
        size_t cut = len - 1;
        while (cut > 0 && ((unsigned char)needle[cut] & 0xC0) == 0x80)
            cut--;
        if (cut == 0)
            continue;
        fuzzy_needle was, now = needle_of(needle);
        fuzzy_needle_init(&was, needle, cut);
        fuzzy_grow g;
        size_t tlen = strlen(text), cps = utf8_length(text, tlen);
        uint64_t follow;
        size_t from = (x >> 50) % (tlen + 1);
        while (from < tlen && ((unsigned char)text[from] & 0xC0) == 0x80)
            from++;
        if (!fuzzy_grow_scan(&was, text, tlen, from, &g, &follow))
            continue;
        follow_differ += follow != fuzzy_follow_letters(text, tlen, from);
        uint64_t bmask = fuzzy_bonus_mask(text, tlen);
        fuzzy_score want = fuzzy_score_bound_scan(&now, text, tlen, bmask, cps);
        fuzzy_grown_plan plan;
        bool planned = fuzzy_grown_plan_init(&now, &plan); /* 2 to 6 letters: always */
        unplanned += !planned;
        if (!planned)
            continue;
        fuzzy_score got = fuzzy_grown_plan_eval(&plan, &g, bmask, (uint32_t)cps);
        /* a letter adds at most fuzzy_grow_gain_max to the score itself */
        fuzzy_score score_was = fuzzy_score_text(&was, text, tlen, NULL);
        fuzzy_score score_now = fuzzy_score_text(&now, text, tlen, NULL);
        if (cps > now.n && score_now > FUZZY_SCORE_MIN && score_now < FUZZY_SCORE_MAX) {
            gain_above += score_now > score_was + fuzzy_grow_gain_max() + 1e-9;
            gain_checked++;
            /* the bound is reached: a letter right after a word starting
             * the text */
            gain_reached += score_now >= score_was + fuzzy_grow_gain_max() - 1e-9;
        }
        /* what orders the matches before the letter is typed is at least
         * the bound once it is, whichever letter it is */
        fuzzy_grown_plan was_plan;
        if (fuzzy_grown_plan_init(&was, &was_plan)) {
            any_below += fuzzy_grown_any_bound(&was_plan, &g, bmask, (uint32_t)cps) < got;
            any_checked++;
        }
        uint32_t c = now.cps[now.n - 1];
        if (c >= 'a' && c <= 'z') {
            differ += memcmp(&want, &got, sizeof want) != 0;
            exact++;
        } else {
            lower += got < want;
            loose++;
        }
    }
    CHECK(exact > 10000);
    CHECK(loose > 2000);
    CHECK_INT(differ, 0);
    CHECK_INT(lower, 0);
    CHECK_INT(unplanned, 0);
    CHECK_INT(follow_differ, 0); /* the same pass's follow letters */
    CHECK(any_checked > 8000);
    CHECK_INT(any_below, 0);
    CHECK(gain_checked > 2000);
    CHECK_INT(gain_above, 0);
    CHECK(gain_reached > 0); /* and it is the least bound that holds */
}

/* fuzzy_grow_scan on ASCII titles (which it scans sixteen bytes at a
 * time, looking only at the needle's letters) against a byte-by-byte pass
 * written here: the same pairs and classes after the last letter and
 * after whole runs, for needles of repeated letters, digits and
 * punctuation, runs that end at the title's end, titles of every length
 * around the 16-byte steps, and needles of more distinct characters than
 * the scan takes at once. */
static void test_grow_scan_ascii(void)
{
    static const char *const pieces[] = {"lo", "Lo", "ra", "LoRA", "or", "a",  "-",  " ",
                                         "/",  "l.", "9",  "x",    "R",  "oo", "ll", "LORA"};
    static const char *const needles[] = {"lora", "l",   "ll",  "o",  "ra",        "l.9", "a-",
                                          "oo",   "lor", "lla", "r9", "abcdefghi", "x/l"};
    uint64_t x = 0x2545F4914F6CDD1Du;
    int differ = 0, checked = 0;
    for (int round = 0; round < 20000; round++) {
        char text[300] = "";
        append_random(text, pieces, sizeof pieces / sizeof pieces[0], next_random(&x) % 40, &x);
        const char *q = needles[next_random(&x) % (sizeof needles / sizeof needles[0])];
        fuzzy_needle nd = needle_of(q);
        size_t len = strlen(text);
        fuzzy_grow g;
        uint64_t follow = 0;
        if (!fuzzy_grow_scan(&nd, text, len, 0, &g, round % 2 ? &follow : NULL))
            continue;
        uint64_t pairs = 0, before = 0, run = 0;
        uint32_t after_last = 0, after_run = 0, last = nd.n - 1;
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)text[i];
            uint64_t here = nd.at[c];
            uint32_t cls = fuzzy_grow_class(c >= 'A' && c <= 'Z' ? c + 32u : c);
            if (before >> last & 1)
                after_last |= cls;
            if (run >> last & 1)
                after_run |= cls;
            pairs |= here & (before << 1);
            run = ((run << 1) | 1) & here;
            before = here;
        }
        differ += g.pairs != pairs || g.after_last != after_last || g.after_run != after_run;
        if (round % 2)
            differ += follow != fuzzy_follow_letters(text, len, 0);
        checked++;
    }
    CHECK(checked > 19000);
    CHECK_INT(differ, 0);
}

static void test_score_bound_random(void)
{
    uint64_t x = 0x9E3779B97F4A7C15u;
    static const char alphabet[] = "abcAB -/.lin";
    int violations = 0, scored = 0;
    for (int round = 0; round < 20000; round++) {
        char text[64], needle[6];
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        size_t m = 1 + x % 40, n = 1 + (x >> 8) % 4;
        for (size_t i = 0; i < m; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            text[i] = alphabet[x % (sizeof alphabet - 1)];
        }
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            needle[i] = alphabet[x % 6];
        }
        fuzzy_needle nd;
        fuzzy_needle_init(&nd, needle, n);
        if (!fuzzy_match(&nd, text, m))
            continue;
        fuzzy_bigrams bg;
        fuzzy_bigrams_of(text, m, &bg);
        scored++;
        fuzzy_score s = fuzzy_score_text(&nd, text, m, NULL);
        if (s > fuzzy_score_bound_text(&nd, &bg, m) + 1e-9)
            violations++;
        if (s > fuzzy_score_bound_mask(&nd, fuzzy_bonus_mask(text, m), m) + 1e-9)
            violations++;
        /* The summary bound with the start pairs: sound, never looser. */
        uint64_t bmask = fuzzy_bonus_mask(text, m);
        fuzzy_score with_pairs = fuzzy_score_bound_pairs(&nd, bmask, fuzzy_start_pairs(text, m), m);
        if (s > with_pairs + 1e-9 || with_pairs > fuzzy_score_bound_mask(&nd, bmask, m) + 1e-9)
            violations++;
        /* The one-pass bound is sound and never looser than the bigrams'. */
        fuzzy_score scan = fuzzy_score_bound_scan(&nd, text, m, fuzzy_bonus_mask(text, m), m);
        if (s > scan + 1e-9 || scan > fuzzy_score_bound_text(&nd, &bg, m) + 1e-9)
            violations++;
    }
    CHECK(scored > 1000);
    CHECK_INT(violations, 0);
}

/* fuzzy_score_bound_scan on what the random texts lack: accents that fold
 * to ASCII, smart case, needles past its table (non-ASCII, over 64). */
static void test_score_bound_scan(void)
{
    static const char *const titles[] = {
        "Bézier Curves for LoRA",
        "xlox oraxx",
        "xloraxx xx",
        "FlashLoRA: Low-Rank",
        "Nyströmformer: A Nyström-Based Algorithm",
        "线性Attention的探索：Attention必须有个Softmax吗？",
        "lin lin lin",
        "aLInear LINear",
    };
    static const char *const needles[] = {"bez",   "bé",  "lora", "LoRA", "LOR",  "nystrom",
                                          "ström", "att", "lin",  "LIN",  "ra lo"};
    int checked = 0, violations = 0;
    for (size_t a = 0; a < sizeof needles / sizeof needles[0]; a++) {
        fuzzy_needle nd;
        CHECK(fuzzy_needle_init(&nd, needles[a], strlen(needles[a])));
        for (size_t b = 0; b < sizeof titles / sizeof titles[0]; b++) {
            const char *t = titles[b];
            size_t len = strlen(t), cps = utf8_length(t, len);
            if (!fuzzy_match(&nd, t, len))
                continue;
            checked++;
            fuzzy_score s = fuzzy_score_text(&nd, t, len, NULL);
            fuzzy_bigrams bg;
            fuzzy_bigrams_of(t, len, &bg);
            fuzzy_score scan = fuzzy_score_bound_scan(&nd, t, len, bg.bonus, cps);
            if (s > scan + 1e-9 || scan > fuzzy_score_bound_text(&nd, &bg, cps) + 1e-9) {
                violations++;
                fprintf(stderr, "scan bound %g, score %g, bigram bound %g for %s in %s\n", scan, s,
                        fuzzy_score_bound_text(&nd, &bg, cps), needles[a], t);
            }
        }
    }
    CHECK(checked > 12);
    CHECK_INT(violations, 0);
    fuzzy_needle nd;
    fuzzy_needle_init(&nd, "lora", 4);
    CHECK(nd.scan_ok);
    /* Every pair but not the run: the second run costs, as with bigrams. */
    uint64_t bm = fuzzy_bonus_mask("xlox oraxx", 10);
    CHECK(fuzzy_score_bound_scan(&nd, "xlox oraxx", 10, bm, 10)
          < fuzzy_score_bound_scan(&nd, "xloraxx xx", 10, fuzzy_bonus_mask("xloraxx xx", 10), 10)
                - 0.1);
    /* A pair split by a character is not a pair (hashing could say it is). */
    CHECK(fuzzy_score_bound_scan(&nd, "xlxora xxx", 10, fuzzy_bonus_mask("xlxora xxx", 10), 10)
          < fuzzy_score_bound_scan(&nd, "xlora xxxx", 10, fuzzy_bonus_mask("xlora xxxx", 10), 10)
                - 0.5);
    /* An accented letter folds to the needle's: "bez" runs in "Bézier". */
    fuzzy_needle_init(&nd, "bez", 3);
    const char *bez = "Bézier Curves";
    CHECK(fuzzy_score_text(&nd, bez, strlen(bez), NULL)
          <= fuzzy_score_bound_scan(&nd, bez, strlen(bez), fuzzy_bonus_mask(bez, strlen(bez)),
                                    utf8_length(bez, strlen(bez))));
    /* Needles the table cannot hold take the bigram path. */
    fuzzy_needle_init(&nd, "bé", strlen("bé")); /* accents fold: ASCII */
    CHECK(nd.scan_ok);
    fuzzy_needle_init(&nd, "注意", strlen("注意"));
    CHECK(!nd.scan_ok);
    const char *cjk = "基于注意力机制的高效模型";
    size_t cjk_len = strlen(cjk), cjk_cps = utf8_length(cjk, cjk_len);
    CHECK(fuzzy_score_text(&nd, cjk, cjk_len, NULL)
          <= fuzzy_score_bound_scan(&nd, cjk, cjk_len, fuzzy_bonus_mask(cjk, cjk_len), cjk_cps));
    char long_q[70];
    memset(long_q, 'a', sizeof long_q);
    fuzzy_needle_init(&nd, long_q, 65);
    CHECK(!nd.scan_ok);
    fuzzy_needle_init(&nd, long_q, 64);
    CHECK(nd.scan_ok);
    char long_t[80];
    memset(long_t, 'a', sizeof long_t);
    long_t[0] = ' ';
    CHECK(fuzzy_score_text(&nd, long_t, sizeof long_t, NULL)
          <= fuzzy_score_bound_scan(&nd, long_t, sizeof long_t,
                                    fuzzy_bonus_mask(long_t, sizeof long_t), sizeof long_t));
}

/* A random case for a bound: text, of 1 to max_pieces pieces, and the
 * needle returned, of min_letters to min_letters + spread - 1 letters. */
static fuzzy_needle random_case(uint64_t *x, const char *const *pieces, size_t npieces,
                                unsigned max_pieces, const char *const *letters, size_t nletters,
                                unsigned min_letters, unsigned spread, char text[300])
{
    char needle[40] = "";
    text[0] = '\0';
    next_random(x);
    append_random(text, pieces, npieces, 1 + *x % max_pieces, x);
    append_random(needle, letters, nletters, min_letters + (*x >> 20) % spread, x);
    return needle_of(needle);
}

/* The placed bound is never below the score (but for a rounding error) on
 * random ASCII texts and needles, and is reached exactly by some: it is the
 * score with the gaps at the cheapest rate. Where the letters lie apart it
 * is far below the scan bound. It gives no bound for a text outside ASCII
 * (an accent may fold to a needle letter) nor for a needle with case. */
static void test_score_bound_placed(void)
{
    static const char *const pieces[] = {"v", "e", "n",  "u",  "V", "En", "venue", " ", "-",
                                         "/", "x", "ue", "Nu", "3", ".",  "ven",   "aB"};
    static const char *const letters[] = {"v", "e", "n", "u", "x", "3", "-"};
    uint64_t x = 0x9E3779B97F4A7C15u;
    int below = 0, checked = 0, reached = 0;
    for (int round = 0; round < 30000; round++) {
        char text[300];
        fuzzy_needle nd = random_case(&x, pieces, sizeof pieces / sizeof pieces[0], 30, letters,
                                      sizeof letters / sizeof letters[0], 1, 6, text);
        size_t len = strlen(text);
        if (!fuzzy_match(&nd, text, len) || len <= nd.n)
            continue;
        checked++;
        fuzzy_score sc = fuzzy_score_text(&nd, text, len, NULL);
        fuzzy_score b = fuzzy_score_bound_placed(&nd, text, len, len);
        below += b < sc - 1e-9;
        reached += b < sc + 1e-9;
    }
    CHECK(checked > 10000);
    CHECK_INT(below, 0);
    CHECK(reached > 100);
    /* scattered letters: the scan bound counts the pairs ve, en, nu, ue
     * as runs; no placement holds them together */
    fuzzy_needle nd = needle_of("venue");
    const char *apart = "Wavelet Attention Menu Queues via Evaluation";
    size_t n = strlen(apart);
    fuzzy_score placed = fuzzy_score_bound_placed(&nd, apart, n, n);
    CHECK(fuzzy_score_text(&nd, apart, n, NULL) <= placed + 1e-9);
    CHECK(placed < fuzzy_score_bound_scan(&nd, apart, n, fuzzy_bonus_mask(apart, n), n) - 1.0);
    CHECK(fuzzy_score_bound_placed(&nd, "xxx venux", 9, 9) == FUZZY_SCORE_MIN);
    const char *accent = "Vénue of a Venue";
    CHECK(fuzzy_score_bound_placed(&nd, accent, strlen(accent), utf8_length(accent, strlen(accent)))
          == FUZZY_SCORE_MAX);
    nd = needle_of("Venue");
    CHECK(nd.case_sensitive);
    CHECK(fuzzy_score_bound_placed(&nd, "a Venue x", 9, 9) == FUZZY_SCORE_MAX);
}

/* The bound of a text that cannot hold the needle as one run (its
 * trigram set lacks a run of the needle's) is never below the score on
 * random ASCII texts and needles of letters, digits and other characters,
 * and is reached by some; a text holding the run, or one outside ASCII
 * (whose accents may fold into the needle's letters), gets none. */
/* fuzzy_score_bound_broken of one text's set, as an index's arrays */
static double broken_of(const fuzzy_run_test *t, const fuzzy_trigrams *set, uint64_t bonus_mask,
                        uint32_t text_cps)
{
    const uint64_t *const tri[4] = {&set->bits[0], &set->bits[1], &set->bits[2], &set->bits[3]};
    return fuzzy_score_bound_broken(t, tri, 0, bonus_mask, text_cps);
}

static void test_score_bound_broken(void)
{
    static const char *const pieces[] = {"l",  "o",  "r",  "a",   "L",  "Or", "lora", " ",
                                         "-",  "/",  "x",  "ra",  "Lo", "3",  ".",    "lor",
                                         "aB", "2a", "o3", "/ra", "/o", "/3"};
    static const char *const letters[] = {"l", "o", "r", "a", "x", "3", "-"};
    uint64_t x = 0x2545F4914F6CDD1Du;
    int below = 0, checked = 0, bounded = 0, reached = 0;
    for (int round = 0; round < 80000; round++) {
        char text[300];
        fuzzy_needle nd = random_case(&x, pieces, sizeof pieces / sizeof pieces[0], 24, letters,
                                      sizeof letters / sizeof letters[0], 3, 5, text);
        fuzzy_run_test t;
        size_t len = strlen(text);
        if (!fuzzy_run_test_init(&nd, &t) || !fuzzy_match(&nd, text, len) || len <= nd.n)
            continue;
        checked++;
        fuzzy_trigrams set;
        fuzzy_trigrams_of(text, len, &set);
        fuzzy_score sc = fuzzy_score_text(&nd, text, len, NULL);
        fuzzy_score b = broken_of(&t, &set, fuzzy_bonus_mask(text, len), (uint32_t)len);
        if (b >= FUZZY_SCORE_MAX)
            continue;
        bounded++;
        below += b < sc - 1e-9;
        reached += b < sc + 0.02; /* (the gaps are taken at their cheapest) */
    }
    CHECK(checked > 10000);
    CHECK(bounded > 3000);
    CHECK_INT(below, 0);
    CHECK(reached > 30);
    /* the run is there: no bound; it is not: below the summary's bound */
    fuzzy_needle nd = needle_of("lora");
    fuzzy_run_test t;
    CHECK(fuzzy_run_test_init(&nd, &t));
    fuzzy_trigrams set;
    const char *with = "Low-Rank Adapters: LoRA for All";
    size_t n = strlen(with);
    fuzzy_trigrams_of(with, n, &set);
    CHECK(broken_of(&t, &set, fuzzy_bonus_mask(with, n), (uint32_t)n) == FUZZY_SCORE_MAX);
    const char *without = "Long Range Attention for Low Resource Tasks";
    n = strlen(without);
    fuzzy_trigrams_of(without, n, &set);
    uint64_t bm = fuzzy_bonus_mask(without, n);
    fuzzy_score broken = broken_of(&t, &set, bm, (uint32_t)n);
    CHECK(fuzzy_score_text(&nd, without, n, NULL) <= broken + 1e-9);
    CHECK(broken < fuzzy_score_bound_pairs(&nd, bm, fuzzy_start_pairs(without, n), n) - 0.15);
    const char *accent = "Lóra and Long Range Attention";
    n = strlen(accent);
    fuzzy_trigrams_of(accent, n, &set);
    CHECK(broken_of(&t, &set, fuzzy_bonus_mask(accent, n), (uint32_t)utf8_length(accent, n))
          == FUZZY_SCORE_MAX);
    /* needles it cannot test */
    nd = needle_of("lo");
    CHECK(!fuzzy_run_test_init(&nd, &t));
    nd = needle_of("LoRA");
    CHECK(!fuzzy_run_test_init(&nd, &t));
}

int main(void)
{
    RUN(test_score_bound);
    RUN(test_score_bound_random);
    RUN(test_bound_table);
    RUN(test_bound_grown);
    RUN(test_grow_scan_ascii);
    RUN(test_score_bound_scan);
    RUN(test_score_bound_broken);
    RUN(test_score_bound_placed);
    RUN(test_match);
    RUN(test_match_random);
    RUN(test_match_from_blocks);
    RUN(test_follow_letters);
    RUN(test_score_word_starts);
    RUN(test_score_consecutive_and_length);
    RUN(test_score_ranking);
    RUN(test_positions);
    RUN(test_long_inputs);
    RUN(test_invalid_utf8);
    return check_summary();
}
