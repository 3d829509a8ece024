/* md_rules: the entry recogniser's rules that read plain text. Each one
 * answers one question about a piece of a bullet or cell (is this a venue,
 * a list of people, a year label, a badge; what decorations does this title
 * carry) and has its own unit test in tests/unit/test_md_rules.c. The rules
 * that need the spans of a bullet live in md_bullet.c and call these. */
#include "md_internal.h"

#include <stdlib.h>
#include <string.h>

#include "paperdeck/ascii.h"
#include "paperdeck/utf8.h"

/* ---- emoji -------------------------------------------------------------- */

/* The code point at s (n > 0 bytes) and, in *len, its length. */
static uint32_t decode(const char *s, size_t n, size_t *len)
{
    uint32_t cp;
    *len = utf8_decode(s, n, &cp);
    return cp;
}

/* Pictographs, dingbats, arrows used as symbols, joiners and selectors. */
static bool is_emoji(uint32_t cp)
{
    return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF)
        || (cp >= 0x2B00 && cp <= 0x2BFF) || (cp >= 0x2190 && cp <= 0x21FF)
        || (cp >= 0x2300 && cp <= 0x23FF) || (cp >= 0x25A0 && cp <= 0x25FF) || cp == 0xFE0F
        || cp == 0xFE0E || cp == 0x200D || cp == 0x20E3 || (cp >= 0xE0020 && cp <= 0xE007F)
        || cp == 0x3030 || cp == 0x303D;
}

size_t md_strip_emoji(char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        size_t len, len2 = 0;
        uint32_t cp = decode(s + i, n - i, &len);
        uint32_t next = i + len < n ? decode(s + i + len, n - i - len, &len2) : 0;
        size_t after = i + len + len2;
        /* Keycaps ("1️⃣") and ©️/®️ presented as emoji go whole. */
        if ((cp < 0x80 || cp == 0xA9 || cp == 0xAE) && next == 0xFE0F) {
            size_t len3 = 0;
            uint32_t third = after < n ? decode(s + after, n - after, &len3) : 0;
            if (cp >= 0x80 || third == 0x20E3) {
                i = third == 0x20E3 ? after + len3 : after;
                continue;
            }
        }
        if (cp < 0x80 && next == 0x20E3) {
            i = after;
            continue;
        }
        if (is_emoji(cp)) {
            i += len;
            continue;
        }
        memmove(s + k, s + i, len);
        k += len;
        i += len;
    }
    return k;
}

size_t md_emoji_prefix_len(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t len;
        uint32_t cp = decode(s + i, n - i, &len);
        if (cp == ' ' || is_emoji(cp))
            i += len;
        else
            break;
    }
    return i;
}

/* Collapses runs of spaces and trims. */
static size_t squeeze(char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = ascii_is_space((unsigned char)s[i]) ? ' ' : s[i];
        if (c == ' ' && (k == 0 || s[k - 1] == ' '))
            continue;
        s[k++] = c;
    }
    while (k && s[k - 1] == ' ')
        k--;
    return k;
}

/* ---- titles ------------------------------------------------------------- */

/* ":star:" style shortcodes. */
static size_t strip_shortcodes(char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ':') {
            size_t j = i + 1;
            while (j < n
                   && (ascii_is_lower((unsigned char)s[j]) || ascii_is_digit((unsigned char)s[j])
                       || s[j] == '_' || s[j] == '+' || s[j] == '-'))
                j++;
            if (j < n && s[j] == ':' && j > i + 1 && (i == 0 || s[i - 1] == ' ')
                && (j + 1 == n || s[j + 1] == ' ')) {
                i = j;
                continue;
            }
        }
        s[k++] = s[i];
    }
    return k;
}

/* A trailing "(60)" count or "(@Org ...)" affiliation; its start, or n. */
static size_t paren_suffix(const char *s, size_t n)
{
    if (n < 3 || s[n - 1] != ')')
        return n;
    size_t o = n - 2;
    while (o > 0 && s[o] != '(' && s[o] != ')')
        o--;
    if (s[o] != '(' || o == 0)
        return n;
    bool digits = true;
    for (size_t i = o + 1; i < n - 1; i++)
        digits &= ascii_is_digit((unsigned char)s[i]) != 0;
    if ((digits && n - o - 2 > 0 && n - o - 2 <= 6) || s[o + 1] == '@')
        return o;
    return n;
}

/* Empty links and the brackets left by what was taken out: "[]()", "( )". */
static size_t strip_empty_brackets(char *s, size_t n)
{
    size_t k = 0; /* one pass: a closer that meets its opener drops both */
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ']' || c == ')') {
            size_t j = k;
            while (j > 0 && s[j - 1] == ' ')
                j--;
            if (j > 0 && s[j - 1] == (c == ']' ? '[' : '(')) {
                k = j - 1;
                continue;
            }
        }
        s[k++] = c;
    }
    return squeeze(s, k);
}

size_t md_strip_heading_decorations(char *s, size_t n)
{
    n = md_strip_emoji(s, n);
    n = strip_shortcodes(s, n);
    return strip_empty_brackets(s, n);
}

size_t md_strip_title_decorations(char *s, size_t n)
{
    n = md_strip_heading_decorations(s, n);
    for (int round = 0; round < 4; round++) { /* bounded: each is O(n) */
        size_t cut = paren_suffix(s, n);
        if (cut == n)
            break;
        n = squeeze(s, cut);
    }
    /* "[Name] Name: rest": a bracketed short name before the title. */
    if (n > 2 && s[0] == '[') {
        const char *close = memchr(s, ']', n);
        size_t c = close ? (size_t)(close - s) : n;
        if (c + 2 < n && s[c + 1] == ' ' && c < 40 && !memchr(s + 1, '[', c - 1)) {
            memmove(s, s + c + 2, n - c - 2);
            n -= c + 2;
        }
    }
    /* Surrounding quotes. */
    static const char *const quotes[][2] = {{"\"", "\""}, {"“", "”"}, {"«", "»"}};
    for (size_t q = 0; q < 3; q++) {
        size_t a = strlen(quotes[q][0]), b = strlen(quotes[q][1]);
        if (n > a + b && memcmp(s, quotes[q][0], a) == 0 && memcmp(s + n - b, quotes[q][1], b) == 0
            && !memchr(s + a, quotes[q][1][0], n - a - b)) {
            memmove(s, s + a, n - a - b);
            n -= a + b;
        }
    }
    /* One trailing period ("Title."), not an ellipsis. */
    if (n > 1 && s[n - 1] == '.' && s[n - 2] != '.')
        n--;
    return squeeze(s, n);
}

/* ---- venues and years --------------------------------------------------- */

static int year4(const char *s)
{
    if (!((s[0] == '1' && s[1] == '9') || (s[0] == '2' && s[1] == '0'))
        || !ascii_is_digit((unsigned char)s[2]) || !ascii_is_digit((unsigned char)s[3]))
        return 0;
    return (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
}

size_t md_short_year(const char *s, size_t n, int *year)
{
    size_t i = 0;
    if (i < n && s[i] == ' ')
        i++;
    size_t a = 0;
    if (i < n && s[i] == '\'')
        a = 1;
    else if (i + 3 <= n && memcmp(s + i, "’", 3) == 0)
        a = 3;
    if (!a)
        return 0;
    i += a;
    if (i < n && s[i] == ' ')
        i++;
    if (i + 2 > n || !ascii_is_digit((unsigned char)s[i])
        || !ascii_is_digit((unsigned char)s[i + 1])
        || (i + 2 < n && ascii_is_alnum((unsigned char)s[i + 2])))
        return 0;
    *year = 2000 + (s[i] - '0') * 10 + (s[i + 1] - '0');
    return i + 2;
}

/* Words that may follow a venue name inside its slot. */
static bool venue_suffix_word(const char *s, size_t n)
{
    static const char *const words[] = {"findings", "workshop", "workshops", "oral",   "spotlight",
                                        "main",     "short",    "long",      "poster", "demo",
                                        "track",    "w",        "preprint"};
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (md_eq_nocase(s, n, words[k]))
            return true;
    return false;
}

bool md_venue_word(const char *s, size_t n, int *year)
{
    md_trim(&s, &n);
    size_t m = md_venue_name_len(s, n);
    int y = 0;
    if (!m)
        return false;
    for (size_t i = m; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t k;
        if (c == ' ' || c == '-' || c == '_' || c == '.' || c == ',' || c == '(' || c == ')') {
            i++;
        } else if ((k = md_short_year(s + i, n - i, &y))) {
            i += k;
        } else if (i + 4 <= n && year4(s + i)) {
            y = year4(s + i);
            i += 4;
        } else if (ascii_is_digit(c) && i + 2 <= n && ascii_is_digit((unsigned char)s[i + 1])
                   && (i + 2 == n || !ascii_is_alnum((unsigned char)s[i + 2]))) {
            y = 2000 + (c - '0') * 10 + (s[i + 1] - '0');
            i += 2;
        } else if (ascii_is_alpha(c)) {
            size_t j = i;
            while (j < n && ascii_is_alpha((unsigned char)s[j]))
                j++;
            if (!venue_suffix_word(s + i, j - i))
                return false;
            i = j;
        } else {
            return false;
        }
    }
    if (year)
        *year = y;
    return true;
}

int md_year_label(const char *s, size_t n)
{
    md_trim_seps(&s, &n);
    if (n >= 4 && md_prefix_nocase(s, n, "year")) {
        s += 4;
        n -= 4;
        md_trim_seps(&s, &n);
    }
    if (n >= 3 && memcmp(s + n - 3, "年", 3) == 0)
        n -= 3;
    md_trim(&s, &n);
    return n == 4 ? year4(s) : 0;
}

bool md_venue_year_tail(const char *s, size_t n, size_t *cut, size_t *vs, size_t *vn, int *year)
{
    /* Walk back over the year, then over one venue token. */
    size_t e = n;
    while (e && (s[e - 1] == ' ' || s[e - 1] == '.' || s[e - 1] == ')'))
        e--;
    size_t ys;
    int y = 0;
    bool long_year = false;
    if (e >= 4 && year4(s + e - 4) && (e == 4 || !ascii_is_alnum((unsigned char)s[e - 5]))) {
        y = year4(s + e - 4);
        ys = e - 4;
        long_year = true;
    } else if (e >= 3 && ascii_is_digit((unsigned char)s[e - 1])
               && ascii_is_digit((unsigned char)s[e - 2])) {
        ys = e - 2;
        while (ys && (s[ys - 1] == ' ' || s[ys - 1] == '\''))
            ys--;
        if (ys >= 3 && memcmp(s + ys - 3, "’", 3) == 0)
            ys -= 3;
        int yy;
        if (ys == e - 2 || !md_short_year(s + ys, e - ys, &yy))
            return false;
        y = yy;
    } else {
        return false;
    }
    size_t b = ys;
    while (b && (s[b - 1] == ' ' || s[b - 1] == '-' || s[b - 1] == ','))
        b--;
    size_t a = b;
    while (a && (ascii_is_alnum((unsigned char)s[a - 1]) || s[a - 1] == '&'))
        a--;
    if (a == b || !md_venue_name_len(s + a, b - a) || md_venue_name_len(s + a, b - a) != b - a)
        return false;
    size_t t = a;
    while (t
           && (s[t - 1] == ' ' || s[t - 1] == '|' || s[t - 1] == ',' || s[t - 1] == '('
               || s[t - 1] == '-' || s[t - 1] == '['))
        t--;
    if (!t)
        return false; /* the whole text is a venue, not a title with one */
    *cut = t;
    *vs = a;
    *vn = long_year ? e - a : b - a;
    *year = y;
    return true;
}

/* ---- badges ------------------------------------------------------------- */

static int hexval(int c)
{
    return ascii_is_digit(c)                  ? c - '0'
         : (c | 32) >= 'a' && (c | 32) <= 'f' ? (c | 32) - 'a' + 10
                                              : -1;
}

size_t md_badge_text(const char *url, size_t un, char *out, size_t size)
{
    static const char host[] = "img.shields.io/badge/";
    size_t h = 0;
    for (; h + sizeof host - 1 <= un; h++)
        if (memcmp(url + h, host, sizeof host - 1) == 0)
            break;
    if (h + sizeof host - 1 > un || size < 2)
        return 0;
    const char *p = url + h + sizeof host - 1;
    size_t pn = un - h - (sizeof host - 1);
    for (size_t i = 0; i < pn; i++)
        if (p[i] == '?' || p[i] == '#')
            pn = i;
    if (pn > 4 && (memcmp(p + pn - 4, ".svg", 4) == 0 || memcmp(p + pn - 4, ".png", 4) == 0))
        pn -= 4;
    /* Unescape, marking the single dashes that separate the parts. */
    size_t k = 0, last_sep = (size_t)-1;
    for (size_t i = 0; i < pn && k + 1 < size; i++) {
        char c = p[i];
        if (c == '%' && i + 2 < pn && hexval((unsigned char)p[i + 1]) >= 0
            && hexval((unsigned char)p[i + 2]) >= 0) {
            c = (char)(hexval((unsigned char)p[i + 1]) * 16 + hexval((unsigned char)p[i + 2]));
            i += 2;
        } else if ((c == '-' || c == '_') && i + 1 < pn && p[i + 1] == c) {
            i++;
        } else if (c == '_') {
            c = ' ';
        } else if (c == '-') {
            last_sep = k;
            c = '\x1f';
        }
        out[k++] = c;
    }
    if (last_sep == (size_t)-1)
        return 0;
    k = last_sep; /* the colour goes */
    for (size_t i = 0; i < k; i++)
        if (out[i] == '\x1f')
            out[i] = '-';
    out[k] = '\0';
    return k;
}

bool md_badge_venue(const char *text, size_t n, size_t *vs, size_t *vn, int *year)
{
    int y = 0;
    if (n > 3 && ascii_is_digit((unsigned char)text[0]) && ascii_is_digit((unsigned char)text[1])
        && text[2] == '-') {
        y = 2000 + (text[0] - '0') * 10 + (text[1] - '0');
        if (!md_has_letter_or_digit(text + 3, n - 3) || !ascii_is_alpha((unsigned char)text[3]))
            return false;
        *vs = 3;
        *vn = n - 3;
        *year = y;
        return true;
    }
    if (!md_venue_word(text, n, &y))
        return false;
    *vs = 0;
    *vn = n;
    *year = y;
    return true;
}

/* ---- authors ------------------------------------------------------------ */

static bool name_particle(const char *s, size_t n)
{
    static const char *const p[] = {"van", "von", "de",  "der", "den", "di",  "da", "del", "la",
                                    "le",  "du",  "dos", "bin", "al",  "al.", "et", "and"};
    for (size_t k = 0; k < sizeof p / sizeof p[0]; k++)
        if (md_eq_nocase(s, n, p[k]) && ascii_is_lower((unsigned char)s[0]))
            return true;
    return false;
}

/* One person: 1 to 5 words, each capitalised (or a particle, or not ASCII). */
static bool person_like(const char *s, size_t n, size_t *words)
{
    md_trim(&s, &n);
    *words = 0;
    if (!n)
        return false;
    for (size_t i = 0; i < n;) {
        while (i < n && s[i] == ' ')
            i++;
        size_t j = i;
        while (j < n && s[j] != ' ')
            j++;
        if (j == i)
            break;
        unsigned char c = (unsigned char)s[i];
        if (!(ascii_is_upper(c) || c >= 0x80 || name_particle(s + i, j - i) || c == '('))
            return false;
        for (size_t k = i; k < j; k++)
            if (ascii_is_digit((unsigned char)s[k]) || s[k] == ':' || s[k] == '/')
                return false;
        ++*words;
        i = j;
    }
    return *words >= 1 && *words <= 5;
}

/* Calls each(name) for each person in s; returns the number of people. */
static size_t authors_walk(const char *s, size_t n, void (*each)(void *, const char *, size_t),
                           void *arg, bool *multi_word)
{
    size_t count = 0;
    *multi_word = false;
    while (n && (s[n - 1] == '.' || s[n - 1] == ' ' || s[n - 1] == ','))
        n--;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && s[j] != ',' && s[j] != ';'
               && !(j + 5 <= n && memcmp(s + j, " and ", 5) == 0)
               && !(j + 3 <= n && memcmp(s + j, " & ", 3) == 0))
            j++;
        const char *p = s + i;
        size_t pn = j - i, words;
        md_trim(&p, &pn);
        if (pn >= 4 && memcmp(p, "and ", 4) == 0) {
            p += 4;
            pn -= 4;
        }
        if (pn) {
            if (!person_like(p, pn, &words))
                return 0;
            *multi_word |= words >= 2;
            if (each)
                each(arg, p, pn);
            count++;
        }
        i = j < n ? j + (s[j] == ' ' ? (s[j + 1] == '&' ? 3 : 5) : 1) : n;
    }
    return count;
}

bool md_authors_like(const char *s, size_t n, bool closed_by_period)
{
    md_trim(&s, &n);
    if (!n || md_venue_word(s, n, NULL))
        return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '[' || s[i] == '"')
            return false;
        /* "(Oral)" is a note; "Yingyan (Celine)Lin" is a name as written. */
        if (s[i] == ')' && (i + 1 == n || !ascii_is_alpha((unsigned char)s[i + 1])))
            return false;
    }
    bool multi;
    size_t people = authors_walk(s, n, NULL, NULL, &multi);
    if (!people || !multi)
        return false;
    return people >= 2 || closed_by_period || (n && s[n - 1] == '.');
}

size_t md_authors_each(const char *s, size_t n, void (*each)(void *, const char *, size_t),
                       void *arg)
{
    bool multi;
    md_trim(&s, &n);
    return authors_walk(s, n, each, arg, &multi);
}

/* ---- labels ------------------------------------------------------------- */

size_t md_label_prefix(const char *s, size_t n)
{
    static const char *const labels[] = {"paper", "title", "link", "pdf", "arxiv", "论文"};
    for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++) {
        size_t m = strlen(labels[k]);
        if (n > m + 1 && md_eq_nocase(s, m, labels[k])) {
            size_t i = m;
            while (i < n && s[i] == ' ')
                i++;
            if (i < n && s[i] == ':')
                return i + 1;
            if (i + 3 <= n && memcmp(s + i, "：", 3) == 0)
                return i + 3;
        }
    }
    return 0;
}

size_t md_venue_token_prefix(const char *s, size_t n)
{
    size_t i = 0;
    if (!n || !ascii_is_alpha((unsigned char)s[0]))
        return 0;
    while (i < n && i < 16 && (ascii_is_alnum((unsigned char)s[i]) || s[i] == '&'))
        i++;
    if (i < 2 || i >= n || s[i] != '-')
        return 0;
    /* A capitalised token: "ICLR", "ICMLw", "NeurIPS", not "foo". */
    if (!ascii_is_upper((unsigned char)s[0]) && !md_venue_name_len(s, i))
        return 0;
    return i;
}
