/* arxiv: identifiers, the dates they encode, their URLs, and years in venue
 * text; see arxiv.h.
 *
 * Everything here works on byte ranges, never on NUL-terminated input alone,
 * because arxiv_parse is handed slices of larger texts. Character classes are
 * ASCII only: <ctype.h> would follow the locale. */
#include "paperdeck/arxiv.h"

#include <stdio.h>
#include <string.h>

#include "paperdeck/ascii.h"

/* Archives of the old scheme (until March 2007), as they appear in ids. */
/* clang-format off */
static const char *const archives[] = {
    "acc-phys", "adap-org", "alg-geom", "ao-sci",   "astro-ph", "atom-ph",
    "bayes-an", "chao-dyn", "chem-ph",  "cmp-lg",   "comp-gas", "cond-mat",
    "cs",       "dg-ga",    "funct-an", "gr-qc",    "hep-ex",   "hep-lat",
    "hep-ph",   "hep-th",   "math",     "math-ph",  "mtrl-th",  "nlin",
    "nucl-ex",  "nucl-th",  "patt-sol", "physics",  "plasm-ph", "q-alg",
    "q-bio",    "quant-ph", "solv-int", "supr-con",
};
/* clang-format on */

enum {
    VERSION_DIGITS_MAX = 3, /* v1..v999; real ids stay far below */
    SUBJECT_MAX = 16,       /* "mes-hall", "AG", "acc-ph" */
};

static size_t digits_at(const char *s, size_t n, size_t i)
{
    size_t j = i;
    while (j < n && ascii_is_digit((unsigned char)s[j]))
        j++;
    return j - i;
}

static int two_digits(const char *s)
{
    return (s[0] - '0') * 10 + (s[1] - '0');
}

/* "vN" with N >= 1 written without a leading zero; 0 when absent. */
static size_t version_at(const char *s, size_t n, size_t i)
{
    if (i >= n || s[i] != 'v')
        return 0;
    size_t d = digits_at(s, n, i + 1);
    if (d == 0 || d > VERSION_DIGITS_MAX || s[i + 1] == '0')
        return 0;
    return 1 + d;
}

/* YYMM.NNNN (April 2007 to 2014) or YYMM.NNNNN (2015 on). */
static size_t new_style_at(const char *s, size_t n, size_t i)
{
    if (digits_at(s, n, i) != 4 || i + 4 >= n || s[i + 4] != '.')
        return 0;
    int yy = two_digits(s + i), mm = two_digits(s + i + 2);
    if (mm < 1 || mm > 12 || yy < 7 || (yy == 7 && mm < 4))
        return 0;
    size_t want = yy >= 15 ? 5 : 4;
    if (digits_at(s, n, i + 5) != want)
        return 0;
    return 5 + want;
}

static size_t archive_at(const char *s, size_t n, size_t i)
{
    for (size_t k = 0; k < sizeof archives / sizeof archives[0]; k++) {
        size_t len = strlen(archives[k]);
        /* The name must end at '.' or '/', so "math" never matches "math-ph". */
        if (i + len < n && memcmp(s + i, archives[k], len) == 0
            && (s[i + len] == '.' || s[i + len] == '/'))
            return len;
    }
    return 0;
}

/* ".SUBJECT": letters and inner hyphens ("math.AG", "cond-mat.str-el"). */
static size_t subject_at(const char *s, size_t n, size_t i)
{
    if (i >= n || s[i] != '.')
        return 0;
    size_t j = i + 1;
    while (j < n && j - i - 1 < SUBJECT_MAX && (ascii_is_alpha((unsigned char)s[j]) || s[j] == '-'))
        j++;
    size_t len = j - i - 1;
    if (len < 2 || s[i + 1] == '-' || s[j - 1] == '-')
        return 0;
    return 1 + len;
}

/* archive[.SUBJECT]/YYMMNNN, 1991 to 2007. */
static size_t old_style_at(const char *s, size_t n, size_t i)
{
    size_t j = i + archive_at(s, n, i);
    if (j == i)
        return 0;
    if (s[j] == '.') {
        size_t sub = subject_at(s, n, j);
        if (!sub)
            return 0;
        j += sub;
    }
    if (j >= n || s[j] != '/')
        return 0;
    j++;
    if (digits_at(s, n, j) != 7)
        return 0;
    int yy = two_digits(s + j), mm = two_digits(s + j + 2);
    if (mm < 1 || mm > 12 || (yy > 7 && yy < 91))
        return 0;
    return j + 7 - i;
}

/* Length of the id starting at s[i], version included; 0 when none. */
static size_t id_at(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    size_t len = ascii_is_digit((unsigned char)s[i]) ? new_style_at(s, n, i)
                                                     : old_style_at(s, n, i);
    return len ? len + version_at(s, n, i + len) : 0;
}

/* An id in running text must be a token of its own: a letter or digit next
 * to it, or a dot followed by a digit ("1.2106.09685", "2106.09685.1"),
 * would make it part of something else. */
static bool bounded_before(const char *s, size_t i)
{
    if (i == 0)
        return true;
    int c = (unsigned char)s[i - 1];
    if (ascii_is_alnum(c))
        return false;
    if (c == '.' && i >= 2 && ascii_is_digit((unsigned char)s[i - 2]))
        return false;
    /* "xhep-th/..." or "foo.cs/...": an archive name only starts a word. */
    if (!ascii_is_digit((unsigned char)s[i]) && (c == '-' || c == '.'))
        return false;
    return true;
}

static bool bounded_after(const char *s, size_t n, size_t j)
{
    if (j >= n)
        return true;
    int c = (unsigned char)s[j];
    if (ascii_is_alnum(c))
        return false;
    return !(c == '.' && j + 1 < n && ascii_is_digit((unsigned char)s[j + 1]));
}

static bool has_prefix_nocase(const char *s, size_t n, size_t i, const char *p)
{
    size_t len = strlen(p);
    if (n - i < len)
        return false;
    return ascii_eq_n(s + i, p, len); /* p is lower case */
}

static bool emit(const char *s, size_t len, char out[ARXIV_ID_MAX])
{
    if (len >= ARXIV_ID_MAX)
        return false;
    memcpy(out, s, len);
    out[len] = '\0';
    return true;
}

/* Where an explicit marker promises an id: after "arXiv:" or an arxiv.org
 * abs/pdf/html path. Returns the id's offset, or n when none is there. */
static size_t marked_id_at(const char *s, size_t n, size_t i)
{
    static const char *const markers[] = {
        "arxiv.org/abs/",
        "arxiv.org/pdf/",
        "arxiv.org/html/",
        "arxiv:",
    };
    for (size_t k = 0; k < sizeof markers / sizeof markers[0]; k++) {
        if (!has_prefix_nocase(s, n, i, markers[k]))
            continue;
        size_t len = strlen(markers[k]), j = i + len;
        /* "arXiv: 2106.09685" is common enough in prose. */
        while (markers[k][len - 1] == ':' && j < n && s[j] == ' ')
            j++;
        return j;
    }
    return n;
}

bool arxiv_parse(const char *s, size_t n, char out[ARXIV_ID_MAX])
{
    if (out)
        out[0] = '\0';
    if (!s || !out)
        return false;
    /* An id the text points at explicitly beats a bare number that merely
     * looks like one ("table 1204.5678, see arXiv:2106.09685"). */
    for (size_t i = 0; i < n; i++) {
        size_t j = marked_id_at(s, n, i);
        size_t len = id_at(s, n, j);
        if (len && bounded_after(s, n, j + len))
            return emit(s + j, len, out);
    }
    for (size_t i = 0; i < n; i++) {
        if (!bounded_before(s, i))
            continue;
        size_t len = id_at(s, n, i);
        if (len && bounded_after(s, n, i + len))
            return emit(s + i, len, out);
    }
    return false;
}

bool arxiv_valid(const char *id)
{
    if (!id)
        return false;
    size_t n = strlen(id);
    return n < ARXIV_ID_MAX && n > 0 && id_at(id, n, 0) == n;
}

bool arxiv_date(const char *id, int *year, int *month)
{
    if (!arxiv_valid(id))
        return false;
    const char *d = ascii_is_digit((unsigned char)id[0]) ? id : strchr(id, '/') + 1;
    int yy = two_digits(d);
    if (year)
        *year = d == id ? 2000 + yy : yy >= 91 ? 1900 + yy : 2000 + yy;
    if (month)
        *month = two_digits(d + 2);
    return true;
}

size_t arxiv_base_len(const char *id)
{
    size_t n = strlen(id), j = n;
    while (j > 0 && ascii_is_digit((unsigned char)id[j - 1]))
        j--;
    /* A version is "v" and digits after the digits of the number. */
    if (j < n && j >= 2 && id[j - 1] == 'v' && ascii_is_digit((unsigned char)id[j - 2]))
        return j - 1;
    return n;
}

int arxiv_abs_url(const char *id, char *buf, size_t size)
{
    return snprintf(buf, size, "https://arxiv.org/abs/%s", id);
}

int arxiv_pdf_url(const char *id, char *buf, size_t size)
{
    return snprintf(buf, size, "https://arxiv.org/pdf/%s", id);
}

/* End of the number starting at s[i]: digits, and ".digits" continuing it,
 * so "2006.16236" is one number and not the year 2006. */
static size_t number_end(const char *s, size_t i)
{
    while (ascii_is_digit((unsigned char)s[i])
           || (s[i] == '.' && ascii_is_digit((unsigned char)s[i + 1])))
        i++;
    return i;
}

/* Bytes of an apostrophe at s: ' or U+2019 (what smart quotes produce). */
static size_t apostrophe_len(const char *s)
{
    if (s[0] == '\'')
        return 1;
    if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x99)
        return 3;
    return 0;
}

int year_in_text(const char *s)
{
    if (!s)
        return 0;
    size_t i = 0;
    while (s[i]) {
        if (ascii_is_digit((unsigned char)s[i])) {
            size_t j = number_end(s, i);
            bool four_digits = j - i == 4 && ascii_is_digit((unsigned char)s[i + 3])
                            && ascii_is_digit((unsigned char)s[i + 2])
                            && ascii_is_digit((unsigned char)s[i + 1]);
            if (four_digits && (memcmp(s + i, "19", 2) == 0 || memcmp(s + i, "20", 2) == 0))
                return two_digits(s + i) * 100 + two_digits(s + i + 2);
            i = j;
            continue;
        }
        size_t q = apostrophe_len(s + i);
        if (!q) {
            i++;
            continue;
        }
        /* '23 but not 5'11 (feet and inches) nor '2023 (a plain year). */
        size_t d = i + q;
        if ((i == 0 || !ascii_is_digit((unsigned char)s[i - 1]))
            && ascii_is_digit((unsigned char)s[d]) && number_end(s, d) == d + 2) {
            int yy = two_digits(s + d);
            return yy <= 69 ? 2000 + yy : 1900 + yy;
        }
        i = d;
    }
    return 0;
}
