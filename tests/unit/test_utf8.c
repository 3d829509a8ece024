/* Unit tests: utf8 decoding, widths, fitting, folding and sanitising. */
#include <string.h>

#include "check.h"
#include "paperdeck/utf8.h"

#define FFFD_BYTES "\xEF\xBF\xBD"

static void test_decode_lengths(void)
{
    static const struct {
        const char *s;
        size_t len;
        uint32_t cp;
    } ok[] = {
        {"A", 1, 'A'},
        {"\x7F", 1, 0x7F},
        {"\xC2\x80", 2, 0x80},
        {"\xC3\xA9", 2, 0xE9},
        {"\xDF\xBF", 2, 0x7FF},
        {"\xE0\xA0\x80", 3, 0x800},
        {"\xE7\xBA\xBF", 3, 0x7EBF}, /* 线 */
        {"\xED\x9F\xBF", 3, 0xD7FF},
        {"\xEE\x80\x80", 3, 0xE000},
        {"\xEF\xBF\xBD", 3, 0xFFFD}, /* a real U+FFFD is three bytes */
        {"\xEF\xBF\xBF", 3, 0xFFFF},
        {"\xF0\x90\x80\x80", 4, 0x10000},
        {"\xF0\x9F\x98\x80", 4, 0x1F600},
        {"\xF4\x8F\xBF\xBF", 4, 0x10FFFF},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        uint32_t cp = 0;
        CHECK_INT(utf8_decode(ok[i].s, strlen(ok[i].s), &cp), ok[i].len);
        CHECK_INT(cp, ok[i].cp);
    }
    /* A decoder bound by n: trailing bytes beyond it are not read. */
    uint32_t cp = 0;
    CHECK_INT(utf8_decode("ab", 2, &cp), 1);
    CHECK_INT(cp, 'a');
    CHECK_INT(utf8_decode("\xC3\xA9zz", 4, &cp), 2);
    CHECK_INT(cp, 0xE9);
}

static void test_decode_invalid(void)
{
    static const struct {
        const char *s;
        size_t n;
    } bad[] = {
        {"\xC0\x80", 2},             /* overlong 2-byte NUL */
        {"\xC1\xBF", 2},             /* overlong 2-byte 7F */
        {"\xE0\x80\x80", 3},         /* overlong 3-byte */
        {"\xE0\x9F\xBF", 3},         /* overlong 3-byte 7FF */
        {"\xF0\x80\x80\x80", 4},     /* overlong 4-byte */
        {"\xF0\x8F\xBF\xBF", 4},     /* overlong 4-byte FFFF */
        {"\xED\xA0\x80", 3},         /* surrogate D800 */
        {"\xED\xBF\xBF", 3},         /* surrogate DFFF */
        {"\xF4\x90\x80\x80", 4},     /* 110000 */
        {"\xF5\x80\x80\x80", 4},     /* lead beyond F4 */
        {"\xF8\x88\x80\x80\x80", 5}, /* old 5-byte form */
        {"\xFE", 1},
        {"\xFF", 1},
        {"\x80", 1}, /* stray continuation */
        {"\xBF\xBF", 2},
        {"\xC3", 1}, /* truncated at end */
        {"\xE7\xBA", 2},
        {"\xF0\x9F\x98", 3},
        {"\xC3\x41", 2}, /* continuation missing */
        {"\xE7\x41\xBF", 3},
        {"\xE7\xBA\x41", 3},
        {"\xF0\x9F\x41\x80", 4},
        {"\xF0\x9F\x98\x41", 4},
        {"\xE7\xBA\xBF", 2}, /* complete, but n cuts it */
        {"\xF0\x9F\x98\x80", 3},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint32_t cp = 0;
        CHECK_INT(utf8_decode(bad[i].s, bad[i].n, &cp), 1);
        CHECK_INT(cp, UTF8_REPLACEMENT);
        CHECK(!utf8_validate(bad[i].s, bad[i].n, NULL));
    }
    /* One byte at a time: "\xE7\xBA" + "x" is three code points. */
    CHECK_INT(utf8_length("\xE7\xBAx", 3), 3);
    CHECK_INT(utf8_length("a\xFF"
                          "b",
                          3),
              3);
    CHECK_INT(utf8_length("\xED\xA0\x80", 3), 3);
    CHECK_INT(utf8_length("Nyströmformer", strlen("Nyströmformer")), 13);
    CHECK_INT(utf8_length("线性😀", strlen("线性😀")), 3);
    CHECK_INT(utf8_length("", 0), 0);
}

static void test_encode(void)
{
    static const struct {
        uint32_t cp;
        const char *bytes;
    } cases[] = {
        {0x00, ""}, /* length 1, checked apart */
        {0x41, "A"},
        {0x7F, "\x7F"},
        {0x80, "\xC2\x80"},
        {0x7FF, "\xDF\xBF"},
        {0x800, "\xE0\xA0\x80"},
        {0xD7FF, "\xED\x9F\xBF"},
        {0xE000, "\xEE\x80\x80"},
        {0xFFFF, "\xEF\xBF\xBF"},
        {0x10000, "\xF0\x90\x80\x80"},
        {0x10FFFF, "\xF4\x8F\xBF\xBF"},
        {0xD800, FFFD_BYTES},
        {0xDBFF, FFFD_BYTES},
        {0xDFFF, FFFD_BYTES},
        {0x110000, FFFD_BYTES},
        {0xFFFFFFFF, FFFD_BYTES},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[4];
        size_t len = utf8_encode(cases[i].cp, out);
        size_t want = cases[i].cp == 0 ? 1 : strlen(cases[i].bytes);
        CHECK_INT(len, want);
        CHECK(memcmp(out, cases[i].cp == 0 ? "\0" : cases[i].bytes, want) == 0);
    }
    /* Every scalar value survives encode then decode, at the length its
     * range calls for; validate accepts it unless it is NUL. */
    size_t wrong = 0;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        char out[4];
        size_t len = utf8_encode(cp, out);
        size_t want = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        uint32_t back = 0;
        if (len != want || utf8_decode(out, len, &back) != len || back != cp
            || utf8_validate(out, len, NULL) != (cp != 0))
            wrong++;
    }
    CHECK_INT(wrong, 0);
}

static void test_validate(void)
{
    size_t bad = 99;
    CHECK(utf8_validate("", 0, &bad));
    CHECK(utf8_validate("Nyströmformer", strlen("Nyströmformer"), &bad));
    CHECK(utf8_validate("线性Attention的探索😀", strlen("线性Attention的探索😀"), NULL));
    CHECK(utf8_validate(FFFD_BYTES, 3, &bad));

    CHECK(!utf8_validate("abc\xC3", 4, &bad));
    CHECK_INT(bad, 3);
    CHECK(!utf8_validate("ab\0cd", 5, &bad));
    CHECK_INT(bad, 2);
    CHECK(!utf8_validate("\0", 1, &bad));
    CHECK_INT(bad, 0);
    CHECK(!utf8_validate("\xED\xA0\x80", 3, &bad));
    CHECK_INT(bad, 0);
    CHECK(!utf8_validate("ok\xE0\x80\x80", 5, &bad));
    CHECK_INT(bad, 2);
    CHECK(!utf8_validate("线\xFF", 4, &bad));
    CHECK_INT(bad, 3);
    CHECK(!utf8_validate("é\xC0\xAFx", 5, &bad));
    CHECK_INT(bad, 2);
    CHECK(!utf8_validate("😀\xF4\x90\x80\x80", 8, &bad));
    CHECK_INT(bad, 4);
    CHECK(!utf8_validate("a\x80", 2, NULL)); /* bad may be NULL */
    /* The bound n is respected: a sequence cut by it is bad. */
    CHECK(!utf8_validate("x线", 3, &bad));
    CHECK_INT(bad, 1);
    CHECK(utf8_validate("x线", 4, &bad));
}

/* What a byte limit leaves: a cut character goes, a whole one stays. */
static void test_whole(void)
{
    CHECK_INT(utf8_whole("", 0), 0);
    CHECK_INT(utf8_whole("abc", 3), 3);
    CHECK_INT(utf8_whole("x线", 4), 4);
    CHECK_INT(utf8_whole("x线", 3), 1);
    CHECK_INT(utf8_whole("x线", 2), 1);
    CHECK_INT(utf8_whole("é", 1), 0);
    CHECK_INT(utf8_whole("a😀", 5), 5);
    CHECK_INT(utf8_whole("a😀", 4), 1);
    CHECK_INT(utf8_whole("a\x80\x80", 3), 3); /* stray continuation bytes: not a cut */
    CHECK_INT(utf8_whole("\x80\x80\x80\x80\x80", 5), 5);
}

static size_t width_of(const char *s)
{
    return utf8_width(s, strlen(s));
}

static void test_width(void)
{
    CHECK_INT(width_of(""), 0);
    CHECK_INT(width_of("hello, world"), 12);
    CHECK_INT(width_of("Nyströmformer"), 13);
    /* 12 CJK or fullwidth characters (线性 的探索 ： 必须有个 吗 ？) and
     * 25 ASCII letters (Attention, Attention, Softmax). */
    CHECK_INT(width_of("线性Attention的探索：Attention必须有个Softmax吗？"), 12 * 2 + 25);
    CHECK_INT(width_of("e\xCC\x81"), 1); /* e + U+0301 */
    CHECK_INT(width_of("😀"), 2);
    CHECK_INT(width_of("🚀ok"), 4);
    CHECK_INT(width_of("한국어"), 6);
    CHECK_INT(width_of("ｱｲ"), 2); /* halfwidth katakana */
    CHECK_INT(width_of("a\xFF"
                       "b"),
              3);                      /* an invalid byte shows as U+FFFD */
    CHECK_INT(width_of("\x1B[0m"), 4); /* ESC shown as one picture */

    CHECK_INT(utf8_cp_width('a'), 1);
    CHECK_INT(utf8_cp_width(0x1B), 1);
    CHECK_INT(utf8_cp_width(0x00), 1);
    CHECK_INT(utf8_cp_width(0x9B), 1);
    CHECK_INT(utf8_cp_width(0xAD), 1); /* soft hyphen */
    CHECK_INT(utf8_cp_width(0xE9), 1);
    CHECK_INT(utf8_cp_width(0x0300), 0);
    CHECK_INT(utf8_cp_width(0x036F), 0);
    CHECK_INT(utf8_cp_width(0x0370), 1);
    CHECK_INT(utf8_cp_width(0x05D0), 1); /* Hebrew alef */
    CHECK_INT(utf8_cp_width(0x05B0), 0); /* Hebrew point */
    CHECK_INT(utf8_cp_width(0x064B), 0);
    CHECK_INT(utf8_cp_width(0x0E31), 0);
    CHECK_INT(utf8_cp_width(0x0E33), 1);
    CHECK_INT(utf8_cp_width(0x0E34), 0);
    CHECK_INT(utf8_cp_width(0x1100), 2);
    CHECK_INT(utf8_cp_width(0x115F), 2);
    CHECK_INT(utf8_cp_width(0x1160), 0);
    CHECK_INT(utf8_cp_width(0x11FF), 0);
    CHECK_INT(utf8_cp_width(0x1AB0), 0);
    CHECK_INT(utf8_cp_width(0x1DC0), 0);
    CHECK_INT(utf8_cp_width(0x200B), 0);
    CHECK_INT(utf8_cp_width(0x200D), 0); /* ZWJ */
    CHECK_INT(utf8_cp_width(0x2060), 0);
    CHECK_INT(utf8_cp_width(0x20D0), 0);
    CHECK_INT(utf8_cp_width(0x2319), 1);
    CHECK_INT(utf8_cp_width(0x231A), 2); /* watch */
    CHECK_INT(utf8_cp_width(0x2E7F), 1);
    CHECK_INT(utf8_cp_width(0x2E80), 2);
    CHECK_INT(utf8_cp_width(0x3000), 2); /* ideographic space */
    CHECK_INT(utf8_cp_width(0x302A), 0); /* a mark inside a wide block */
    CHECK_INT(utf8_cp_width(0x303F), 1);
    CHECK_INT(utf8_cp_width(0x3099), 0);
    CHECK_INT(utf8_cp_width(0x4E00), 2);
    CHECK_INT(utf8_cp_width(0x9FFF), 2);
    CHECK_INT(utf8_cp_width(0xA4D0), 1);
    CHECK_INT(utf8_cp_width(0xAC00), 2);
    CHECK_INT(utf8_cp_width(0xD7A3), 2);
    CHECK_INT(utf8_cp_width(0xD7A4), 1);
    CHECK_INT(utf8_cp_width(0xFE0F), 0); /* variation selector 16 */
    CHECK_INT(utf8_cp_width(0xFE20), 0);
    CHECK_INT(utf8_cp_width(0xFE30), 2);
    CHECK_INT(utf8_cp_width(0xFEFF), 0);
    CHECK_INT(utf8_cp_width(0xFF01), 2);
    CHECK_INT(utf8_cp_width(0xFF60), 2);
    CHECK_INT(utf8_cp_width(0xFF61), 1);
    CHECK_INT(utf8_cp_width(0xFFE6), 2);
    CHECK_INT(utf8_cp_width(0xFFE7), 1);
    CHECK_INT(utf8_cp_width(0x1F004), 2);
    CHECK_INT(utf8_cp_width(0x1F1E6), 1); /* regional indicator */
    CHECK_INT(utf8_cp_width(0x1F600), 2);
    CHECK_INT(utf8_cp_width(0x1F93B), 1);
    CHECK_INT(utf8_cp_width(0x1F93C), 2);
    CHECK_INT(utf8_cp_width(0x1F9FF), 2);
    CHECK_INT(utf8_cp_width(0x1FAFF), 2);
    CHECK_INT(utf8_cp_width(0x20000), 2);
    CHECK_INT(utf8_cp_width(0x2FFFD), 2);
    CHECK_INT(utf8_cp_width(0x30000), 2);
    CHECK_INT(utf8_cp_width(0x3FFFE), 1);
    CHECK_INT(utf8_cp_width(0xE0100), 0);
    CHECK_INT(utf8_cp_width(0xE01EF), 0);
    CHECK_INT(utf8_cp_width(0xE01F0), 1);
    CHECK_INT(utf8_cp_width(0x10FFFF), 1);

    /* What utf8_visible puts on screen is exactly as wide as what was
     * measured, so columns computed before sanitising stay right. */
    size_t wrong = 0;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++)
        if (utf8_cp_width(utf8_visible(cp)) != utf8_cp_width(cp))
            wrong++;
    CHECK_INT(wrong, 0);
}

static void test_fit(void)
{
    const char *s = "ab线性cd";
    size_t n = strlen(s), w = 99;
    CHECK_INT(utf8_fit(s, n, 3, &w), 2); /* never half of 线 */
    CHECK_INT(w, 2);
    CHECK_INT(utf8_fit(s, n, 4, &w), 5);
    CHECK_INT(w, 4);
    CHECK(memcmp(s, "ab线", 5) == 0);
    CHECK_INT(utf8_fit(s, n, 5, &w), 5);
    CHECK_INT(w, 4);
    CHECK_INT(utf8_fit(s, n, 6, &w), 8);
    CHECK_INT(w, 6);
    CHECK_INT(utf8_fit(s, n, 8, &w), n);
    CHECK_INT(w, 8);
    CHECK_INT(utf8_fit(s, n, 100, &w), n);
    CHECK_INT(w, 8);
    CHECK_INT(utf8_fit(s, n, 0, &w), 0);
    CHECK_INT(w, 0);
    CHECK_INT(utf8_fit(s, n, 1, NULL), 1);
    CHECK_INT(utf8_fit("", 0, 5, &w), 0);
    CHECK_INT(w, 0);

    /* A combining mark stays with its base... */
    const char *cafe = "cafe\xCC\x81!"; /* café with U+0301 */
    CHECK_INT(utf8_fit(cafe, strlen(cafe), 4, &w), 6);
    CHECK_INT(w, 4);
    CHECK_INT(utf8_fit(cafe, strlen(cafe), 5, &w), 7);
    CHECK_INT(w, 5);
    CHECK_INT(utf8_fit("e\xCC\x81\xCC\x82x", 6, 1, &w), 5); /* two marks */
    CHECK_INT(w, 1);
    /* ...and goes when its base does not fit. */
    CHECK_INT(utf8_fit("a线\xCC\x81", 6, 2, &w), 1);
    CHECK_INT(w, 1);
    CHECK_INT(utf8_fit("😀a", 5, 1, &w), 0);
    CHECK_INT(w, 0);
    CHECK_INT(utf8_fit("😀a", 5, 2, &w), 4);
    CHECK_INT(w, 2);
    /* An invalid byte is one column, one byte. */
    CHECK_INT(utf8_fit("a\xFF"
                       "bc",
                       4, 2, &w),
              2);
    CHECK_INT(w, 2);
    /* The CJK title cut anywhere stays whole code points and in bounds. */
    const char *t = "线性Attention的探索：Attention必须有个Softmax吗？";
    size_t tn = strlen(t), bad = 0;
    for (size_t max = 0; max <= 60; max++) {
        size_t len = utf8_fit(t, tn, max, &w);
        uint32_t next = 0;
        if (len < tn)
            utf8_decode(t + len, tn - len, &next);
        if (w > max || !utf8_validate(t, len, NULL) || utf8_width(t, len) != w
            || (len < tn && w + (size_t)utf8_cp_width(next) <= max))
            bad++;
    }
    CHECK_INT(bad, 0);
}

/* Folds UTF-8 text code point by code point into out. */
static const char *fold_str(const char *s, char *out, size_t size)
{
    size_t n = strlen(s), o = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
        char enc[4];
        size_t len = utf8_encode(utf8_fold(cp), enc);
        if (o + len >= size)
            break;
        memcpy(out + o, enc, len);
        o += len;
    }
    out[o] = '\0';
    return out;
}

static void test_fold(void)
{
    char buf[128];
    CHECK_STR(fold_str("Nyströmformer", buf, sizeof buf), "nystromformer");
    CHECK_STR(fold_str("NYSTRÖMFORMER", buf, sizeof buf), "nystromformer");
    CHECK_STR(fold_str("Crème Brûlée", buf, sizeof buf), "creme brulee");
    CHECK_STR(fold_str("Łukasz Kaiser", buf, sizeof buf), "lukasz kaiser");
    CHECK_STR(fold_str("Dvořák Šťastný", buf, sizeof buf), "dvorak stastny");
    CHECK_STR(fold_str("Nguyễn Phương", buf, sizeof buf), "nguyen phuong");
    CHECK_STR(fold_str("ΣΟΦΙΑ", buf, sizeof buf), "σοφια");
    CHECK_STR(fold_str("ЖУРНАЛ", buf, sizeof buf), "журнал");
    CHECK_STR(fold_str("线性Attention", buf, sizeof buf), "线性attention");
    CHECK_STR(fold_str("Straße Æsir", buf, sizeof buf), "straße æsir");

    CHECK_INT(utf8_fold('A'), 'a');
    CHECK_INT(utf8_fold('z'), 'z');
    CHECK_INT(utf8_fold('0'), '0');
    CHECK_INT(utf8_fold(0xC9), 'e');    /* É */
    CHECK_INT(utf8_fold(0x141), 'l');   /* Ł */
    CHECK_INT(utf8_fold(0x142), 'l');   /* ł */
    CHECK_INT(utf8_fold(0x3A3), 0x3C3); /* Σ -> σ */
    CHECK_INT(utf8_fold(0x3C2), 0x3C2); /* final ς stays */
    CHECK_INT(utf8_fold(0x416), 0x436); /* Ж -> ж */
    CHECK_INT(utf8_fold(0x401), 0x451); /* Ё -> ё */
    CHECK_INT(utf8_fold(0x178), 'y');   /* Ÿ */
    CHECK_INT(utf8_fold(0x130), 'i');   /* İ */
    CHECK_INT(utf8_fold(0xC6), 0xE6);   /* Æ -> æ, not stripped */
    CHECK_INT(utf8_fold(0xD7), 0xD7);   /* × */
    CHECK_INT(utf8_fold(0xF7), 0xF7);   /* ÷ */
    CHECK_INT(utf8_fold(0xDF), 0xDF);   /* ß */
    CHECK_INT(utf8_fold(0xDE), 0xFE);   /* Þ -> þ */
    CHECK_INT(utf8_fold(0x7EBF), 0x7EBF);

    CHECK_INT(utf8_lower('Q'), 'q');
    CHECK_INT(utf8_lower(0xD6), 0xF6); /* Ö -> ö */
    CHECK_INT(utf8_lower(0xC0), 0xE0);
    CHECK_INT(utf8_lower(0xD7), 0xD7);
    CHECK_INT(utf8_lower(0x100), 0x101);
    CHECK_INT(utf8_lower(0x101), 0x101);
    CHECK_INT(utf8_lower(0x139), 0x13A); /* odd-based pairs */
    CHECK_INT(utf8_lower(0x17D), 0x17E);
    CHECK_INT(utf8_lower(0x1A0), 0x1A1); /* Ơ */
    CHECK_INT(utf8_lower(0x1AF), 0x1B0); /* Ư */
    CHECK_INT(utf8_lower(0x1CD), 0x1CE); /* Ǎ */
    CHECK_INT(utf8_lower(0x1C4), 0x1C6); /* DŽ */
    CHECK_INT(utf8_lower(0x1C5), 0x1C6); /* Dž */
    CHECK_INT(utf8_lower(0x218), 0x219); /* Ș */
    CHECK_INT(utf8_lower(0x386), 0x3AC); /* Ά */
    CHECK_INT(utf8_lower(0x38F), 0x3CE); /* Ώ */
    CHECK_INT(utf8_lower(0x391), 0x3B1);
    CHECK_INT(utf8_lower(0x3A9), 0x3C9);
    CHECK_INT(utf8_lower(0x3AB), 0x3CB); /* Ϋ */
    CHECK_INT(utf8_lower(0x3A2), 0x3A2); /* unassigned */
    CHECK_INT(utf8_lower(0x400), 0x450);
    CHECK_INT(utf8_lower(0x40F), 0x45F);
    CHECK_INT(utf8_lower(0x410), 0x430);
    CHECK_INT(utf8_lower(0x42F), 0x44F);
    CHECK_INT(utf8_lower(0x460), 0x461);
    CHECK_INT(utf8_lower(0x4D0), 0x4D1);
    CHECK_INT(utf8_lower(0x4C1), 0x4C2);
    CHECK_INT(utf8_lower(0x1EC4), 0x1EC5); /* Ễ */
    CHECK_INT(utf8_lower(0x1E9E), 0xDF);   /* ẞ */
    CHECK_INT(utf8_lower(0x7EBF), 0x7EBF);

    CHECK_INT(utf8_strip_accent(0xF6), 'o');    /* ö */
    CHECK_INT(utf8_strip_accent(0xC7), 'C');    /* Ç keeps its case */
    CHECK_INT(utf8_strip_accent(0xD8), 'O');    /* Ø */
    CHECK_INT(utf8_strip_accent(0xFF), 'y');    /* ÿ */
    CHECK_INT(utf8_strip_accent(0xC6), 0xC6);   /* Æ stays */
    CHECK_INT(utf8_strip_accent(0xD0), 0xD0);   /* Ð stays */
    CHECK_INT(utf8_strip_accent(0xFE), 0xFE);   /* þ stays */
    CHECK_INT(utf8_strip_accent(0x100), 'A');   /* Ā */
    CHECK_INT(utf8_strip_accent(0x107), 'c');   /* ć */
    CHECK_INT(utf8_strip_accent(0x10C), 'C');   /* Č */
    CHECK_INT(utf8_strip_accent(0x141), 'L');   /* Ł */
    CHECK_INT(utf8_strip_accent(0x142), 'l');   /* ł */
    CHECK_INT(utf8_strip_accent(0x131), 'i');   /* ı */
    CHECK_INT(utf8_strip_accent(0x151), 'o');   /* ő */
    CHECK_INT(utf8_strip_accent(0x159), 'r');   /* ř */
    CHECK_INT(utf8_strip_accent(0x160), 'S');   /* Š */
    CHECK_INT(utf8_strip_accent(0x17E), 'z');   /* ž */
    CHECK_INT(utf8_strip_accent(0x178), 'Y');   /* Ÿ */
    CHECK_INT(utf8_strip_accent(0x152), 0x152); /* Œ stays */
    CHECK_INT(utf8_strip_accent(0x1A1), 'o');   /* ơ */
    CHECK_INT(utf8_strip_accent(0x1B0), 'u');   /* ư */
    CHECK_INT(utf8_strip_accent(0x1CE), 'a');   /* ǎ */
    CHECK_INT(utf8_strip_accent(0x21B), 't');   /* ț */
    CHECK_INT(utf8_strip_accent(0x1EC5), 'e');  /* ễ */
    CHECK_INT(utf8_strip_accent(0x1EF9), 'y');  /* ỹ */
    CHECK_INT(utf8_strip_accent(0x3AC), 0x3AC); /* Greek is not Latin */
    CHECK_INT(utf8_strip_accent('e'), 'e');

    /* One scalar value in, one out; folding is idempotent, yields no upper
     * case and ignores case (X and lower(X) fold alike). */
    size_t wrong = 0;
    for (uint32_t cp = 0; cp < 0x20000; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        uint32_t f = utf8_fold(cp);
        if (f > 0x10FFFF || (f >= 0xD800 && f <= 0xDFFF) || utf8_fold(f) != f || utf8_is_upper(f)
            || utf8_fold(utf8_lower(cp)) != f)
            wrong++;
    }
    CHECK_INT(wrong, 0);
}

static void test_is_upper(void)
{
    CHECK(utf8_is_upper('A'));
    CHECK(utf8_is_upper('Z'));
    CHECK(!utf8_is_upper('a'));
    CHECK(!utf8_is_upper('1'));
    CHECK(!utf8_is_upper('@'));
    CHECK(utf8_is_upper(0xC0));   /* À */
    CHECK(utf8_is_upper(0xD6));   /* Ö */
    CHECK(!utf8_is_upper(0xD7));  /* × */
    CHECK(utf8_is_upper(0xDE));   /* Þ */
    CHECK(!utf8_is_upper(0xDF));  /* ß */
    CHECK(!utf8_is_upper(0xF6));  /* ö */
    CHECK(utf8_is_upper(0x141));  /* Ł */
    CHECK(!utf8_is_upper(0x142)); /* ł */
    CHECK(utf8_is_upper(0x160));  /* Š */
    CHECK(utf8_is_upper(0x1C4));  /* DŽ */
    CHECK(!utf8_is_upper(0x1C5)); /* Dž is title case */
    CHECK(utf8_is_upper(0x3A3));  /* Σ */
    CHECK(!utf8_is_upper(0x3C3)); /* σ */
    CHECK(utf8_is_upper(0x416));  /* Ж */
    CHECK(!utf8_is_upper(0x436)); /* ж */
    CHECK(!utf8_is_upper(0x7EBF));
    CHECK(!utf8_is_upper(0x1F600));
}

static void test_any(void)
{
    CHECK(!utf8_any("", 0, utf8_is_upper));
    CHECK(!utf8_any("lower \xc3\xa9t\xc3\xa9", 10, utf8_is_upper));
    CHECK(utf8_any("lower \xc3\x89t\xc3\xa9", 10, utf8_is_upper)); /* É */
    CHECK(utf8_any("abc\x1b[m", 6, utf8_is_control));
    CHECK(!utf8_any("abc\x1b[m", 3, utf8_is_control)); /* only s[0..n) */
    CHECK(utf8_any("\xc2\x9b", 2, utf8_is_control));   /* C1 CSI */
    CHECK(!utf8_any("\xc2", 1, utf8_is_control));      /* U+FFFD, not a control */
}

static void test_visible(void)
{
    CHECK_INT(utf8_visible('a'), 'a');
    CHECK_INT(utf8_visible(' '), ' ');
    CHECK_INT(utf8_visible('~'), '~');
    CHECK_INT(utf8_visible(0x00), 0x2400);
    CHECK_INT(utf8_visible(0x07), 0x2407);
    CHECK_INT(utf8_visible(0x1B), 0x241B);
    CHECK_INT(utf8_visible(0x1F), 0x241F);
    CHECK_INT(utf8_visible('\t'), ' ');
    CHECK_INT(utf8_visible('\n'), ' ');
    CHECK_INT(utf8_visible('\r'), ' ');
    CHECK_INT(utf8_visible(0x7F), 0x2421);
    CHECK_INT(utf8_visible(0x80), UTF8_REPLACEMENT);
    CHECK_INT(utf8_visible(0x9B), UTF8_REPLACEMENT);
    CHECK_INT(utf8_visible(0x9F), UTF8_REPLACEMENT);
    CHECK_INT(utf8_visible(0xA0), 0xA0);
    CHECK_INT(utf8_visible(0xE9), 0xE9);
    CHECK_INT(utf8_visible(0x2028), UTF8_REPLACEMENT);
    CHECK_INT(utf8_visible(0x2029), UTF8_REPLACEMENT);
    CHECK_INT(utf8_visible(0x202A), UTF8_REPLACEMENT);
    CHECK_INT(utf8_visible(0x202E), UTF8_REPLACEMENT);
    CHECK_INT(utf8_visible(0x202F), 0x202F);
    CHECK_INT(utf8_visible(0x2066), UTF8_REPLACEMENT);
    CHECK_INT(utf8_visible(0x2069), UTF8_REPLACEMENT);
    CHECK_INT(utf8_visible(0x200B), 0x200B);
    CHECK_INT(utf8_visible(0x7EBF), 0x7EBF);
    CHECK_INT(utf8_visible(0x1F600), 0x1F600);

    CHECK(utf8_is_control(0x00));
    CHECK(utf8_is_control(0x1B));
    CHECK(utf8_is_control(0x1F));
    CHECK(utf8_is_control(0x7F));
    CHECK(utf8_is_control(0x80));
    CHECK(utf8_is_control(0x9F));
    CHECK(!utf8_is_control(' '));
    CHECK(!utf8_is_control('~'));
    CHECK(!utf8_is_control(0xA0));
    CHECK(!utf8_is_control(0x2400));

    size_t leaks = 0;
    for (uint32_t cp = 0; cp < 0x110000; cp++)
        if (utf8_is_control(utf8_visible(cp)))
            leaks++;
    CHECK_INT(leaks, 0);
}

/* True when out is valid UTF-8 carrying no control character and no
 * character that can reorder or break terminal lines. */
static bool inert(const char *out)
{
    size_t n = strlen(out);
    if (!utf8_validate(out, n, NULL))
        return false;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_decode(out + i, n - i, &cp);
        if (utf8_is_control(cp) || utf8_visible(cp) != cp)
            return false;
    }
    return true;
}

static void test_sanitize(void)
{
    char out[256];
    /* ESC sequences, BEL, an OSC 52 clipboard write, the C1 CSI (as its
     * UTF-8 form C2 9B), an RTL override and an invalid byte. */
    const char *evil = "x\x1B[31mred\x07\xC2\x9B"
                       "2J\x1B]52;c;aGk=\x07"
                       "\xE2\x80\xAE"
                       "end\xFF";
    size_t n = strlen(evil);
    size_t len = utf8_sanitize(evil, n, out, sizeof out);
    CHECK_STR(out, "x\xE2\x90\x9B[31mred\xE2\x90\x87" FFFD_BYTES
                   "2J\xE2\x90\x9B]52;c;aGk=\xE2\x90\x87" FFFD_BYTES "end" FFFD_BYTES);
    CHECK_INT(len, strlen(out));
    CHECK(inert(out));
    CHECK(strchr(out, 0x1B) == NULL);
    CHECK(strchr(out, 0x07) == NULL);
    CHECK(strstr(out, "\xC2\x9B") == NULL);
    CHECK(strstr(out, "\xE2\x80\xAE") == NULL);

    CHECK_INT(utf8_sanitize("a\tb\nc\r", 6, out, sizeof out), 6);
    CHECK_STR(out, "a b c ");
    CHECK_INT(utf8_sanitize("a\0b", 3, out, sizeof out), 5);
    CHECK_STR(out, "a\xE2\x90\x80"
                   "b");
    CHECK_INT(utf8_sanitize("\x7F", 1, out, sizeof out), 3);
    CHECK_STR(out, "\xE2\x90\xA1");
    CHECK_INT(utf8_sanitize("\xED\xA0\x80", 3, out, sizeof out), 9);
    CHECK_STR(out, FFFD_BYTES FFFD_BYTES FFFD_BYTES);
    CHECK_INT(utf8_sanitize("Nyströmformer 线性", strlen("Nyströmformer 线性"), out, sizeof out),
              strlen("Nyströmformer 线性"));
    CHECK_STR(out, "Nyströmformer 线性");
    CHECK_INT(utf8_sanitize("", 0, out, sizeof out), 0);
    CHECK_STR(out, "");
    /* n bounds the input: the NUL-free tail past it is not read. */
    CHECK_INT(utf8_sanitize("abcdef", 3, out, sizeof out), 3);
    CHECK_STR(out, "abc");

    /* Tiny buffers: NUL-terminated, never a partial code point, nothing
     * written past size. */
    static const struct {
        const char *s;
        size_t size;
        const char *want;
    } tiny[] = {
        {"线", 1, ""},
        {"线", 2, ""},
        {"线", 3, ""},
        {"线", 4, "线"},
        {"ab", 1, ""},
        {"ab", 2, "a"},
        {"ab", 3, "ab"},
        {"a\x1B", 2, "a"},
        {"a\x1B", 3, "a"},
        {"a\x1B", 4, "a"},
        {"a\x1B", 5, "a\xE2\x90\x9B"},
        {"\xFF", 3, ""},
        {"\xFF", 4, FFFD_BYTES},
        {"é", 2, ""},
        {"é", 3, "é"},
        {"😀", 4, ""},
        {"😀", 5, "😀"},
        {"a😀b", 3, "a"},
        {"\xC2\x9B"
         "x",
         3, ""},
    };
    for (size_t i = 0; i < sizeof tiny / sizeof tiny[0]; i++) {
        char small[8];
        memset(small, 'Z', sizeof small);
        size_t got = utf8_sanitize(tiny[i].s, strlen(tiny[i].s), small, tiny[i].size);
        CHECK(memchr(small, '\0', tiny[i].size) != NULL);
        CHECK_STR(small, tiny[i].want);
        CHECK_INT(got, strlen(tiny[i].want));
        for (size_t k = tiny[i].size; k < sizeof small; k++)
            CHECK(small[k] == 'Z');
    }
    /* size 0: nothing is written at all. */
    char none = 'Z';
    CHECK_INT(utf8_sanitize("abc", 3, &none, 0), 0);
    CHECK(none == 'Z');

    /* Every one- and two-byte input comes out inert, and so does every
     * cut of the hostile string into a small buffer. */
    size_t bad = 0;
    for (unsigned a = 0; a < 256; a++) {
        for (unsigned b = 0; b < 256; b++) {
            char in[2] = {(char)a, (char)b};
            char o[16];
            size_t got = utf8_sanitize(in, 2, o, sizeof o);
            if (got != strlen(o) || !inert(o))
                bad++;
        }
    }
    for (size_t size = 1; size < 40; size++) {
        char o[40];
        size_t got = utf8_sanitize(evil, n, o, size);
        if (got >= size || got != strlen(o) || !inert(o))
            bad++;
    }
    CHECK_INT(bad, 0);
}

int main(void)
{
    RUN(test_decode_lengths);
    RUN(test_decode_invalid);
    RUN(test_encode);
    RUN(test_validate);
    RUN(test_whole);
    RUN(test_width);
    RUN(test_fit);
    RUN(test_fold);
    RUN(test_is_upper);
    RUN(test_any);
    RUN(test_visible);
    RUN(test_sanitize);
    return check_summary();
}
