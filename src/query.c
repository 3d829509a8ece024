/* query: the prompt grammar, compiled once and matched per entry; see query.h.
 *
 * Grammar
 *
 *   query  := blank* [ group { blank+ group } ] blank*   every group must hold
 *   group  := term { blank+ "|" blank+ term }             any term of it holds
 *   term   := [ "!" ] atom                                "!" negates any atom
 *   atom   := "/" REGEX "/" | "'" word | NAME ":" value | word
 *   value  := "/" REGEX "/" | word
 *   word   := runs to the next unquoted blank; "\" makes the next character
 *             plain; "..." quotes spaces (with "\" escapes inside)
 *
 * Blanks are spaces, tabs and line breaks. "|" is an operator only as a
 * token of its own ("a|b" is one word), and OR binds tighter than AND:
 * `lin | sparse att` is (lin OR sparse) AND att. A bare "|" at either end or
 * twice in a row is an error, as is a lone "!".
 *
 *   word        fuzzy on the title (fuzzy.h: smart case, accents folded), at
 *               most FUZZY_MAX_NEEDLE code points. The entry's score is
 *               the sum of its fuzzy terms' scores; an OR group adds its
 *               best matching alternative's (0 for a non-fuzzy one)
 *   /re/        PCRE2 on the title (UTF, UCP, JIT when available). The
 *               pattern runs to the first unescaped "/" (write "\/" inside)
 *               and may hold spaces. Caseless unless it has an upper-case
 *               letter outside escapes (\S, \W, \P{..}... do not count).
 *               Match and depth limits make a runaway pattern give up:
 *               query_match() returns QUERY_FAILED instead of hanging.
 *   'word       exact substring of the title, accents ignored, case ignored
 *               unless the word has an upper-case letter; '"a b" for spaces
 *   NAME:value  NAME is letters only (anything else is a word); one of
 *               venue, org, tag, author, cat, title: case- and
 *                 accent-insensitive substring (tag and author: any of
 *                 them; cat: the section path, "Papers/Architecture")
 *               arxiv: prefix of the id
 *               kind: paper, blog, project or link
 *               year: 2021  =2021  >=2021  >2021  <=2021  <2021
 *                 2019..2021 (inclusive)  2019..  ..2021
 *               is: starred, read or unread: the user's marks (marks.h),
 *                 as the caller passes them to query_match_marked
 *               NAME:/re/ is a regex on the field (the year as digits, the
 *               kind by name; not for is:). An entry without the field matches no
 *               positive term on it, so the negation matches it.
 *
 * Empty or blank text matches everything; at most QUERY_MAX_TERMS terms. */
#include "paperdeck/query.h"
#include "paperdeck/xalloc.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "paperdeck/fuzzy.h"
#include "paperdeck/under_valgrind.h"
#include "paperdeck/utf8.h"

#define QUERY_MAX_TERMS 64
#define REGEX_MATCH_LIMIT 100000
#define REGEX_DEPTH_LIMIT 1000
#define JIT_STACK_START (32 * 1024)
#define JIT_STACK_MAX (512 * 1024)
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
    FIELD_COUNT
} field_id;

/* In the order the unknown-field message lists them. */
static const char *const field_names[FIELD_COUNT] = {
    "venue", "year", "org", "tag", "kind", "cat", "arxiv", "author", "title", "is",
};

typedef enum term_type {
    TERM_FUZZY,  /* zero, so a zeroed term owns nothing */
    TERM_TEXT,   /* folded substring */
    TERM_PREFIX, /* arxiv id prefix */
    TERM_REGEX,
    TERM_YEAR,
    TERM_KIND,
    TERM_MARK,   /* is: the user's marks hold (marks & mask) == value */
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
    char *text;     /* the source, for messages */
    char *strings;  /* unescaped words */
    uint32_t *cps;  /* folded needles */
    size_t nstrings, ncps;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit_stack;
    uint32_t nterms, ngroups;
    bool ranked;
    term terms[QUERY_MAX_TERMS];
    group groups[QUERY_MAX_TERMS];
};

typedef struct parser {
    query *q;
    const char *s;
    size_t len, i;
    query_error *err;
} parser;

static void oom_check(const void *p)
{
    if (!p) {
        fputs("paperdeck: out of memory\n", stderr);
        abort();
    }
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static bool fail(parser *p, size_t pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err->msg, sizeof p->err->msg, fmt, ap);
    va_end(ap);
    p->err->pos = pos;
    return false;
}

/* Bytes of s[0..n) to quote back: at most QUOTE_MAX, never half a code point. */
static int quote_len(const char *s, size_t n)
{
    if (n <= QUOTE_MAX)
        return (int)n;
    n = QUOTE_MAX;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

static bool at_token_end(const parser *p)
{
    return p->i >= p->len || is_blank(p->s[p->i]);
}

static void skip_blanks(parser *p)
{
    while (p->i < p->len && is_blank(p->s[p->i]))
        p->i++;
}

/* --- folding and searching ---------------------------------------------- */

static inline size_t next_cp(const char *s, size_t n, uint32_t *cp)
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
static inline uint32_t fold_cp(uint32_t cp, bool caseless)
{
    if (cp < 0x80)
        return caseless && cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    return caseless ? utf8_fold(cp) : utf8_strip_accent(cp);
}

static bool has_upper(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += next_cp(s + i, n - i, &cp);
        if (utf8_is_upper(cp))
            return true;
    }
    return false;
}

/* Code-point index of the first occurrence of the folded needle in
 * hay[0..len) folded the same way, or -1. */
static long fold_find(const char *hay, size_t len, const uint32_t *nd, size_t n, bool caseless)
{
    if (n == 0)
        return 0;
    long idx = 0;
    for (size_t i = 0; i < len; idx++) {
        uint32_t cp;
        size_t step = next_cp(hay + i, len - i, &cp);
        if (fold_cp(cp, caseless) == nd[0]) {
            size_t j = i + step, k = 1;
            while (k < n && j < len) {
                uint32_t c2;
                j += next_cp(hay + j, len - j, &c2);
                if (fold_cp(c2, caseless) != nd[k])
                    break;
                k++;
            }
            if (k == n)
                return idx;
            if (j >= len)
                return -1; /* the rest is shorter than the needle */
        }
        i += step;
    }
    return -1;
}

static bool prefix_caseless(const char *s, const char *prefix, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!s[i] || ascii_lower(s[i]) != ascii_lower(prefix[i]))
            return false;
    }
    return true;
}

/* --- parsing ------------------------------------------------------------- */

/* Reads a word at p->i into the string pool, resolving quotes and escapes. */
static bool parse_word(parser *p, const char **out, size_t *outlen)
{
    query *q = p->q;
    char *dst = q->strings + q->nstrings;
    size_t k = 0;
    while (p->i < p->len && !is_blank(p->s[p->i])) {
        char ch = p->s[p->i];
        if (ch == '\\' && p->i + 1 < p->len) {
            dst[k++] = p->s[p->i + 1];
            p->i += 2;
        } else if (ch == '"') {
            size_t open = p->i++;
            while (p->i < p->len && p->s[p->i] != '"') {
                if (p->s[p->i] == '\\' && p->i + 1 < p->len)
                    p->i++;
                dst[k++] = p->s[p->i++];
            }
            if (p->i >= p->len)
                return fail(p, open, "unclosed quote: expected a closing \"");
            p->i++;
        } else {
            dst[k++] = ch;
            p->i++;
        }
    }
    dst[k] = '\0';
    q->nstrings += k + 1;
    *out = dst;
    *outlen = k;
    return true;
}

/* Folds s[0..n) into the code-point pool for a TERM_TEXT. */
static void text_term(query *q, term *t, const char *s, size_t n, bool caseless)
{
    uint32_t *dst = q->cps + q->ncps;
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += next_cp(s + i, n - i, &cp);
        dst[k++] = fold_cp(cp, caseless);
    }
    q->ncps += k;
    t->type = TERM_TEXT;
    t->caseless = caseless;
    t->u.text.cps = dst;
    t->u.text.n = k;
}

/* The pattern at p->i (a '/'): runs to the next unescaped '/'. */
static bool parse_regex(parser *p, size_t *off, size_t *n)
{
    size_t open = p->i, j = open + 1;
    *off = open + 1;
    *n = 0;
    while (j < p->len && p->s[j] != '/')
        j += p->s[j] == '\\' && j + 1 < p->len ? 2 : 1;
    if (j >= p->len)
        return fail(p, open, "unclosed regex: expected a closing /");
    *n = j - open - 1;
    p->i = j + 1;
    if (*n == 0)
        return fail(p, open, "empty regex: expected /PATTERN/");
    return true;
}

/* Past "\x" in a pattern: the escape's name and arguments are not letters
 * the user typed as text ("\S", "\p{Lu}", "\x{C5}", "\k<Name>"). */
static size_t skip_escape(const char *s, size_t n, size_t i, bool *quoted)
{
    if (i + 1 >= n)
        return n;
    unsigned char c = (unsigned char)s[i + 1];
    if (c >= 0x80)
        return i + 1; /* an escaped literal: look at it as text */
    size_t j = i + 2;
    switch (c) {
    case 'Q':
        *quoted = true;
        return j;
    case 'c':
        return j < n ? j + 1 : n;
    case 'x':
        if (j < n && s[j] == '{')
            break;
        for (int k = 0; k < 2 && j < n && strchr("0123456789abcdefABCDEF", s[j]); k++)
            j++;
        return j;
    case 'p':
    case 'P':
        if (j < n && s[j] == '{')
            break;
        return j < n ? j + 1 : n;
    case 'o':
    case 'N':
    case 'g':
    case 'k':
        if (j < n && (s[j] == '{' || s[j] == '<' || s[j] == '\''))
            break;
        return j;
    default:
        return j;
    }
    char close = s[j] == '{' ? '}' : s[j] == '<' ? '>' : '\'';
    while (j < n && s[j] != close)
        j++;
    return j < n ? j + 1 : n;
}

/* Past "(*VERB)", "(?<name>", "(?P=name)", "(?i)", "(?#...)"... at s[i]:
 * verbs, names and option letters are not text. */
static size_t skip_group_head(const char *s, size_t n, size_t i)
{
    size_t j = i + 2;
    char close = 0;
    if (s[i + 1] == '*') {
        close = ')';
    } else if (j < n && (s[j] == '#' || s[j] == 'C' || s[j] == '&')) {
        close = ')';
    } else if (j < n && s[j] == 'P') {
        close = j + 1 < n && s[j + 1] == '<' ? '>' : ')';
    } else if (j < n && s[j] == '\'') {
        close = '\'';
        j++;
    } else if (j + 1 < n && s[j] == '<' && s[j + 1] != '=' && s[j + 1] != '!') {
        close = '>';
    }
    if (close) {
        while (j < n && s[j] != close)
            j++;
        return j < n ? j + 1 : n;
    }
    while (j < n && (is_alpha(s[j]) || s[j] == '^' || s[j] == '-'))
        j++;
    return j;
}

/* Smart case for patterns: an upper-case letter the user wrote as text. */
static bool regex_has_upper(const char *s, size_t n)
{
    bool quoted = false; /* inside \Q...\E letters are literal */
    for (size_t i = 0; i < n;) {
        if (quoted) {
            if (s[i] == '\\' && i + 1 < n && s[i + 1] == 'E') {
                quoted = false;
                i += 2;
                continue;
            }
        } else if (s[i] == '\\') {
            i = skip_escape(s, n, i, &quoted);
            continue;
        } else if (s[i] == '(' && i + 1 < n && (s[i + 1] == '*' || s[i + 1] == '?')) {
            i = skip_group_head(s, n, i);
            continue;
        }
        uint32_t cp;
        i += next_cp(s + i, n - i, &cp);
        if (utf8_is_upper(cp))
            return true;
    }
    return false;
}

static bool compile_regex(parser *p, term *t, size_t off, size_t n)
{
    query *q = p->q;
    uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF | PCRE2_NEVER_BACKSLASH_C;
    if (!regex_has_upper(p->s + off, n))
        opts |= PCRE2_CASELESS;
    t->type = TERM_REGEX;
    t->u.re.off = off;
    t->u.re.len = n;
    int code;
    PCRE2_SIZE where;
    t->u.re.code = pcre2_compile((PCRE2_SPTR)(p->s + off), n, opts, &code, &where, NULL);
    if (!t->u.re.code) {
        PCRE2_UCHAR msg[160];
        if (pcre2_get_error_message(code, msg, sizeof msg) < 0)
            snprintf((char *)msg, sizeof msg, "error %d", code);
        return fail(p, off + where, "regex: %s", (const char *)msg);
    }
    if (!q->mctx) {
        q->mctx = pcre2_match_context_create(NULL);
        oom_check(q->mctx);
        pcre2_set_match_limit(q->mctx, REGEX_MATCH_LIMIT);
        pcre2_set_depth_limit(q->mctx, REGEX_DEPTH_LIMIT);
    }
    /* Without JIT the interpreter runs the same pattern, only slower. */
    /* Under valgrind the regexes run in PCRE2's interpreter: valgrind cannot
     * see into JIT-compiled code, whose word-sized reads near the end of a
     * title it reports as uses of uninitialised memory. */
    t->u.re.jit = !under_valgrind() && pcre2_jit_compile(t->u.re.code, PCRE2_JIT_COMPLETE) == 0;
    if (t->u.re.jit && !q->jit_stack) {
        q->jit_stack = pcre2_jit_stack_create(JIT_STACK_START, JIT_STACK_MAX, NULL);
        if (q->jit_stack)
            pcre2_jit_stack_assign(q->mctx, NULL, q->jit_stack);
    }
    t->u.re.md = pcre2_match_data_create_from_pattern(t->u.re.code, NULL);
    oom_check(t->u.re.md);
    return true;
}

static int edit_distance(const char *a, size_t an, const char *b)
{
    int row[16];
    size_t bn = strlen(b);
    for (size_t j = 0; j <= bn; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= an; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= bn; j++) {
            int up = row[j];
            int best = diag + (ascii_lower(a[i - 1]) != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[bn];
}

static int field_lookup(const char *name, size_t n)
{
    for (int f = 0; f < FIELD_COUNT; f++) {
        const char *fn = field_names[f];
        if (strlen(fn) != n)
            continue;
        size_t k = 0;
        while (k < n && ascii_lower(name[k]) == fn[k])
            k++;
        if (k == n)
            return f;
    }
    return -1;
}

static bool unknown_field(parser *p, size_t at, size_t n)
{
    const char *name = p->s + at;
    int best = -1, dist = 3;
    for (int f = 0; f < FIELD_COUNT && n <= 32; f++) {
        int d = edit_distance(name, n, field_names[f]);
        if (d < dist) {
            dist = d;
            best = f;
        }
    }
    char hint[32] = "";
    if (best >= 0)
        snprintf(hint, sizeof hint, "; did you mean \"%s\"?", field_names[best]);
    return fail(p, at,
                "unknown field \"%.*s\": expected venue, year, org, tag, kind, cat, arxiv,"
                " author, title or is%s",
                quote_len(name, n), name, hint);
}

static bool year_number(const char *s, size_t n, int *out)
{
    if (n == 0 || n > 4)
        return false;
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* YEAR, =YEAR, >=YEAR, >YEAR, <=YEAR, <YEAR, FROM..TO, FROM.., ..TO */
static bool year_range(const char *s, size_t n, int *lo, int *hi)
{
    int a = 0, b = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] == '.' && s[i + 1] == '.') {
            size_t rn = n - i - 2;
            if ((i == 0 && rn == 0) || (i && !year_number(s, i, &a))
                || (rn && !year_number(s + i + 2, rn, &b)))
                return false;
            *lo = i ? a : INT_MIN;
            *hi = rn ? b : INT_MAX;
            return true;
        }
    }
    *lo = INT_MIN;
    *hi = INT_MAX;
    if (n >= 2 && s[1] == '=' && (s[0] == '>' || s[0] == '<')) {
        if (!year_number(s + 2, n - 2, &a))
            return false;
        *(s[0] == '>' ? lo : hi) = a;
        return true;
    }
    if (n >= 1 && (s[0] == '>' || s[0] == '<' || s[0] == '=')) {
        if (!year_number(s + 1, n - 1, &a))
            return false;
        if (s[0] == '>')
            *lo = a + 1;
        else if (s[0] == '<')
            *hi = a - 1;
        else
            *lo = *hi = a;
        return true;
    }
    if (!year_number(s, n, &a))
        return false;
    *lo = *hi = a;
    return true;
}

static bool year_term(parser *p, term *t, size_t at, const char *v, size_t n)
{
    if (!year_range(v, n, &t->u.year.lo, &t->u.year.hi))
        return fail(p, at, "bad year \"%.*s\": expected YEAR, >=YEAR, <YEAR or FROM..TO",
                    quote_len(v, n), v);
    if (t->u.year.lo > t->u.year.hi)
        return fail(p, at, "empty year range \"%.*s\": FROM is after TO", quote_len(v, n), v);
    t->type = TERM_YEAR;
    return true;
}

static bool kind_term(parser *p, term *t, size_t at, const char *v, size_t n)
{
    char lower[16];
    if (n < sizeof lower) {
        for (size_t i = 0; i < n; i++)
            lower[i] = ascii_lower(v[i]);
        lower[n] = '\0';
        entry_kind k;
        if (entry_kind_parse(lower, &k)) {
            t->type = TERM_KIND;
            t->u.kind = k;
            return true;
        }
    }
    char kinds[64] = "";
    size_t used = 0;
    for (int k = 0; k < KIND_COUNT; k++) {
        const char *sep = k == 0 ? "" : k == KIND_COUNT - 1 ? " or " : ", ";
        used += (size_t)snprintf(kinds + used, sizeof kinds - used, "%s%s", sep,
                                 entry_kind_name((entry_kind)k));
        if (used >= sizeof kinds)
            break;
    }
    return fail(p, at, "unknown kind \"%.*s\": expected %s", quote_len(v, n), v, kinds);
}

/* is:starred, is:read, is:unread: the user's marks (marks.h). */
static bool mark_term(parser *p, term *t, size_t at, const char *v, size_t n)
{
    static const struct { const char *name; unsigned mask, value; } marks_named[] = {
        {"starred", MARK_STARRED, MARK_STARRED},
        {"read", MARK_READ, MARK_READ},
        {"unread", MARK_READ, 0},
    };
    for (size_t i = 0; i < sizeof marks_named / sizeof marks_named[0]; i++) {
        const char *name = marks_named[i].name;
        size_t k = 0;
        while (k < n && name[k] && ascii_lower(v[k]) == name[k])
            k++;
        if (k == n && !name[k]) {
            t->type = TERM_MARK;
            t->u.mark.mask = marks_named[i].mask;
            t->u.mark.value = marks_named[i].value;
            return true;
        }
    }
    return fail(p, at, "unknown mark \"%.*s\": expected is:starred, is:read or is:unread",
                quote_len(v, n), v);
}

/* NAME:value with NAME at p->s[at], n letters, then ':'. */
static bool parse_field(parser *p, term *t, size_t at, size_t n)
{
    int f = field_lookup(p->s + at, n);
    if (f < 0)
        return unknown_field(p, at, n);
    t->field = (field_id)f;
    p->i = at + n + 1;
    size_t vat = p->i;
    if (p->i < p->len && p->s[p->i] == '/') {
        size_t off = 0, len = 0;
        if (f == FIELD_IS)
            return fail(p, vat, "is: takes starred, read or unread, not a regex");
        return parse_regex(p, &off, &len) && compile_regex(p, t, off, len);
    }
    const char *v = NULL;
    size_t vn = 0;
    if (!parse_word(p, &v, &vn))
        return false;
    const char *name = field_names[f];
    if (vn == 0) {
        const char *what = f == FIELD_YEAR ? "YEAR" : f == FIELD_KIND ? "KIND"
                           : f == FIELD_ARXIV ? "ID" : f == FIELD_IS ? "starred" : "TEXT";
        return fail(p, vat, "empty value for %s: expected %s:%s", name, name, what);
    }
    switch (t->field) {
    case FIELD_YEAR:
        return year_term(p, t, vat, v, vn);
    case FIELD_KIND:
        return kind_term(p, t, vat, v, vn);
    case FIELD_IS:
        return mark_term(p, t, vat, v, vn);
    case FIELD_ARXIV:
        t->type = TERM_PREFIX;
        t->u.prefix.s = v;
        t->u.prefix.n = vn;
        return true;
    default:
        text_term(p->q, t, v, vn, true);
        return true;
    }
}

/* Letters then ':' at p->i: the length of the field name, else 0. */
static size_t field_name_len(const parser *p)
{
    size_t j = p->i;
    while (j < p->len && is_alpha(p->s[j]))
        j++;
    return j > p->i && j < p->len && p->s[j] == ':' ? j - p->i : 0;
}

static bool parse_atom(parser *p, term *t)
{
    size_t at = p->i, n;
    const char *v;
    if (p->s[at] == '/') {
        size_t off = 0;
        t->field = FIELD_TITLE;
        return parse_regex(p, &off, &n) && compile_regex(p, t, off, n);
    }
    if (p->s[at] == '\'') {
        p->i++;
        if (!parse_word(p, &v, &n))
            return false;
        if (n == 0)
            return fail(p, at, "expected text after '");
        t->field = FIELD_TITLE;
        text_term(p->q, t, v, n, !has_upper(v, n));
        return true;
    }
    if ((n = field_name_len(p)) > 0)
        return parse_field(p, t, at, n);
    if (!parse_word(p, &v, &n))
        return false;
    if (n == 0)
        return fail(p, at, "empty term: expected text between the quotes");
    t->type = TERM_FUZZY;
    t->field = FIELD_TITLE;
    if (!fuzzy_needle_init(&t->u.needle, v, n))
        return fail(p, at, "term too long: at most %d characters", FUZZY_MAX_NEEDLE);
    return true;
}

static bool parse_term(parser *p, bool joins_previous)
{
    query *q = p->q;
    size_t start = p->i;
    if (q->nterms == QUERY_MAX_TERMS)
        return fail(p, start, "too many terms: at most %d", QUERY_MAX_TERMS);
    uint32_t k = q->nterms++;
    term *t = &q->terms[k];
    if (p->s[p->i] == '!') {
        t->negated = true;
        p->i++;
        if (at_token_end(p))
            return fail(p, start, "expected a term after !");
    }
    if (!parse_atom(p, t))
        return false;
    if (!at_token_end(p))
        return fail(p, p->i, "expected a space after the closing /");
    if (joins_previous) {
        q->groups[q->ngroups - 1].n++;
    } else {
        q->groups[q->ngroups].first = k;
        q->groups[q->ngroups].n = 1;
        q->ngroups++;
    }
    return true;
}

static bool is_bar(const parser *p)
{
    return p->s[p->i] == '|' && (p->i + 1 >= p->len || is_blank(p->s[p->i + 1]));
}

static int term_cost(const term *t)
{
    switch (t->type) {
    case TERM_YEAR:
    case TERM_KIND:
    case TERM_MARK:
        return 0;
    case TERM_PREFIX:
        return 1;
    case TERM_TEXT:
        return t->field == FIELD_TITLE ? 3 : 2;
    case TERM_FUZZY:
        return 4;
    case TERM_REGEX:
        return 5;
    }
    return 5;
}

/* Cheap groups first (a stable sort: ties keep the user's order). */
static void query_plan(query *q)
{
    for (uint32_t g = 0; g < q->ngroups; g++) {
        group *gr = &q->groups[g];
        for (uint32_t k = gr->first; k < gr->first + gr->n; k++) {
            const term *t = &q->terms[k];
            int cost = term_cost(t);
            if (cost > gr->cost)
                gr->cost = cost;
            if (t->type == TERM_FUZZY && !t->negated)
                gr->fuzzy = q->ranked = true;
        }
    }
    for (uint32_t g = 1; g < q->ngroups; g++) {
        group gr = q->groups[g];
        uint32_t j = g;
        for (; j > 0 && q->groups[j - 1].cost > gr.cost; j--)
            q->groups[j] = q->groups[j - 1];
        q->groups[j] = gr;
    }
}

static bool query_parse(parser *p)
{
    bool pending_or = false;
    size_t bar = 0;
    skip_blanks(p);
    while (p->i < p->len) {
        if (is_bar(p)) {
            if (pending_or)
                return fail(p, bar, "expected a term after |");
            if (p->q->nterms == 0)
                return fail(p, p->i, "expected a term before |");
            pending_or = true;
            bar = p->i++;
        } else {
            if (!parse_term(p, pending_or))
                return false;
            pending_or = false;
        }
        skip_blanks(p);
    }
    if (pending_or)
        return fail(p, bar, "expected a term after |");
    return true;
}

query *query_compile(const char *text, query_error *err)
{
    query_error scratch;
    if (!err)
        err = &scratch;
    if (!text)
        text = "";
    err->pos = 0;
    err->msg[0] = '\0';
    size_t len = strlen(text);
    query *q = xcalloc(1, sizeof *q);
    q->text = xcalloc(len + 1, 1);
    memcpy(q->text, text, len);
    /* Each word unescapes to at most its source bytes plus a NUL. */
    q->strings = xcalloc(2 * len + 2, 1);
    q->cps = xcalloc(len + 1, sizeof *q->cps);
    parser p = {q, q->text, len, 0, err};
    if (!query_parse(&p)) {
        query_free(q);
        return NULL;
    }
    query_plan(q);
    return q;
}

void query_free(query *q)
{
    if (!q)
        return;
    for (uint32_t k = 0; k < q->nterms; k++) {
        if (q->terms[k].type == TERM_REGEX) {
            pcre2_match_data_free(q->terms[k].u.re.md);
            pcre2_code_free(q->terms[k].u.re.code);
        }
    }
    pcre2_jit_stack_free(q->jit_stack);
    pcre2_match_context_free(q->mctx);
    free(q->cps);
    free(q->strings);
    free(q->text);
    free(q);
}

bool query_is_empty(const query *q)
{
    return !q || q->nterms == 0;
}

bool query_is_ranked(const query *q)
{
    return q && q->ranked;
}

bool query_has_regex(const query *q)
{
    for (uint32_t k = 0; q && k < q->nterms; k++)
        if (q->terms[k].type == TERM_REGEX)
            return true;
    return false;
}

void query_regex_timeout(const query *q, unsigned budget_ms, query_error *err)
{
    if (!err)
        return;
    for (uint32_t k = 0; q && k < q->nterms; k++) {
        const term *t = &q->terms[k];
        if (t->type != TERM_REGEX)
            continue;
        const char *pat = q->text + t->u.re.off;
        int n = quote_len(pat, t->u.re.len);
        err->pos = t->u.re.off - 1;
        snprintf(err->msg, sizeof err->msg,
                 "regex gave up (slower than %u ms over the list) on \"%.*s\"", budget_ms, n, pat);
        return;
    }
    err->pos = 0;
    snprintf(err->msg, sizeof err->msg, "search gave up (slower than %u ms)", budget_ms);
}

/* --- matching ------------------------------------------------------------ */

static void regex_gave_up(const query *q, const term *t, int rc, query_error *err)
{
    if (!err)
        return;
    const char *pat = q->text + t->u.re.off;
    int n = quote_len(pat, t->u.re.len);
    err->pos = t->u.re.off - 1;
    const char *why = rc == PCRE2_ERROR_MATCHLIMIT ? "backtracking limit"
                      : rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT
                          ? "depth limit"
                      : rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_NOMEMORY ? "memory limit"
                                                                                 : NULL;
    if (why) {
        snprintf(err->msg, sizeof err->msg, "regex gave up (%s) on \"%.*s\"", why, n, pat);
    } else {
        PCRE2_UCHAR msg[120];
        if (pcre2_get_error_message(rc, msg, sizeof msg) < 0)
            snprintf((char *)msg, sizeof msg, "error %d", rc);
        snprintf(err->msg, sizeof err->msg, "regex failed (%s) on \"%.*s\"", (const char *)msg,
                 n, pat);
    }
}

/* 1 on a match, 0 without, -1 when the regex gave up. */
static int regex_run(const query *q, const term *t, const char *s, size_t n, query_error *err)
{
    /* pcre2_jit_match skips the checks pcre2_match makes on every call. */
    int rc = t->u.re.jit
               ? pcre2_jit_match(t->u.re.code, (PCRE2_SPTR)s, n, 0, 0, t->u.re.md, q->mctx)
               : pcre2_match(t->u.re.code, (PCRE2_SPTR)s, n, 0, 0, t->u.re.md, q->mctx);
    if (rc >= 0)
        return 1;
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    regex_gave_up(q, t, rc, err);
    return -1;
}

typedef struct subject {
    const char *title;
    size_t tlen;
    unsigned marks; /* MARK_* of the entry */
    query_resume *rs; /* NULL, or where fuzzy terms go on from / end */
} subject;

/* The values of field f of e (tags and authors: all of them). */
static uint32_t field_values(const catalog *c, const entry *e, field_id f, const char **one,
                             char yearbuf[8], const char *const **list)
{
    *one = NULL;
    switch (f) {
    case FIELD_TAG:
        *list = e->tags;
        return e->tags ? e->ntags : 0;
    case FIELD_AUTHOR:
        *list = e->authors;
        return e->authors ? e->nauthors : 0;
    case FIELD_VENUE:
        *one = e->venue;
        break;
    case FIELD_ORG:
        *one = e->org;
        break;
    case FIELD_ARXIV:
        *one = e->arxiv;
        break;
    case FIELD_TITLE:
        *one = e->title;
        break;
    case FIELD_CAT:
        if (c && e->section < c->nsections)
            *one = c->sections[e->section].path;
        break;
    case FIELD_KIND:
        if (e->kind < KIND_COUNT)
            *one = entry_kind_name((entry_kind)e->kind);
        break;
    case FIELD_YEAR:
        if (e->year) {
            snprintf(yearbuf, 8, "%d", (int)e->year);
            *one = yearbuf;
        }
        break;
    case FIELD_IS: /* marks are not text: only TERM_MARK tests them */
    case FIELD_COUNT:
        break;
    }
    *list = (const char *const *)one;
    return *one ? 1 : 0;
}

/* Text and regex terms on any field: 1, 0, or -1 when a regex gave up. */
static int field_test(const query *q, const term *t, const catalog *c, const entry *e,
                      const subject *sub, query_error *err)
{
    const char *one, *const *list;
    char yearbuf[8];
    uint32_t n = field_values(c, e, t->field, &one, yearbuf, &list);
    for (uint32_t k = 0; k < n; k++) {
        const char *s = list[k];
        if (!s)
            continue;
        size_t len = t->field == FIELD_TITLE ? sub->tlen : strlen(s);
        int r;
        if (t->type == TERM_REGEX)
            r = regex_run(q, t, s, len, err);
        else
            r = fold_find(s, len, t->u.text.cps, t->u.text.n, t->caseless) >= 0;
        if (r)
            return r;
    }
    return 0;
}

/* Whether t holds for e, without scoring: 1, 0, or -1 (regex gave up). */
static int term_test(const query *q, const term *t, const catalog *c, const entry *e,
                     const subject *sub, query_error *err)
{
    int r = 0;
    switch (t->type) {
    case TERM_YEAR:
        r = e->year != 0 && e->year >= t->u.year.lo && e->year <= t->u.year.hi;
        break;
    case TERM_KIND:
        r = e->kind == t->u.kind;
        break;
    case TERM_MARK:
        r = (sub->marks & t->u.mark.mask) == t->u.mark.value;
        break;
    case TERM_PREFIX:
        r = e->arxiv && prefix_caseless(e->arxiv, t->u.prefix.s, t->u.prefix.n);
        break;
    case TERM_FUZZY: {
        query_resume *rs = sub->rs;
        if (!rs) {
            r = fuzzy_match(&t->u.needle, sub->title, sub->tlen);
            break;
        }
        int32_t k = (int32_t)(t - q->terms);
        size_t end;
        if (k == rs->term)
            r = fuzzy_match_from(&t->u.needle, sub->title, sub->tlen, rs->letters, rs->from, &end);
        else
            r = fuzzy_match_from(&t->u.needle, sub->title, sub->tlen, 0, 0, &end);
        if (r && k == rs->record) {
            rs->ended = true;
            rs->end = (uint32_t)end;
        }
        break;
    }
    case TERM_TEXT:
    case TERM_REGEX:
        r = field_test(q, t, c, e, sub, err);
        if (r < 0)
            return r;
        break;
    }
    return t->negated ? !r : r;
}

static double query_score(const query *q, const subject *sub, uint64_t hit)
{
    double sum = 0;
    for (uint32_t g = 0; g < q->ngroups; g++) {
        const group *gr = &q->groups[g];
        if (!gr->fuzzy)
            continue;
        double best = FUZZY_SCORE_MIN;
        bool any = false;
        for (uint32_t k = gr->first; k < gr->first + gr->n; k++) {
            if (!(hit >> k & 1))
                continue;
            const term *t = &q->terms[k];
            double s = 0;
            if (t->type == TERM_FUZZY && !t->negated)
                s = fuzzy_score_text(&t->u.needle, sub->title, sub->tlen, NULL);
            if (!any || s > best)
                best = s;
            any = true;
        }
        sum += best;
    }
    return sum;
}

query_result query_match(const query *q, const catalog *c, const entry *e, double *score,
                         query_error *err)
{
    return query_match_title(q, c, e, strlen(e->title), score, err);
}

query_result query_match_title(const query *q, const catalog *c, const entry *e, size_t tlen,
                               double *score, query_error *err)
{
    return query_match_marked(q, c, e, tlen, 0, score, err);
}

/* query_match_marked, not testing the groups in skip (score must then be
 * NULL: a skipped fuzzy group would not be scored). */
static query_result match_groups(const query *q, const catalog *c, const entry *e, size_t tlen,
                                 unsigned mark_flags, uint64_t skip, query_resume *rs,
                                 double *score, query_error *err)
{
    if (score)
        *score = 0;
    if (!q)
        return QUERY_MATCH;
    subject sub = {e->title, tlen, mark_flags, rs};
    uint64_t hit = 0;
    for (uint32_t g = 0; g < q->ngroups; g++) {
        if (skip >> g & 1)
            continue;
        const group *gr = &q->groups[g];
        /* Scoring an OR group needs every alternative that holds. */
        bool all = score && gr->fuzzy && gr->n > 1;
        bool any = false;
        for (uint32_t k = gr->first; k < gr->first + gr->n; k++) {
            int r = term_test(q, &q->terms[k], c, e, &sub, err);
            if (r < 0)
                return QUERY_FAILED;
            if (r) {
                hit |= (uint64_t)1 << k;
                any = true;
                if (!all)
                    break;
            }
        }
        if (!any)
            return QUERY_NO_MATCH;
    }
    if (score)
        *score = query_score(q, &sub, hit);
    return QUERY_MATCH;
}

query_result query_match_marked(const query *q, const catalog *c, const entry *e, size_t tlen,
                                unsigned mark_flags, double *score, query_error *err)
{
    return match_groups(q, c, e, tlen, mark_flags, 0, NULL, score, err);
}

query_result query_test_marked(const query *q, const catalog *c, const entry *e, size_t tlen,
                               unsigned mark_flags, uint64_t skip, query_error *err)
{
    return match_groups(q, c, e, tlen, mark_flags, skip, NULL, NULL, err);
}

query_result query_test_resume(const query *q, const catalog *c, const entry *e, size_t tlen,
                               unsigned mark_flags, uint64_t skip, query_resume *rs,
                               query_error *err)
{
    rs->ended = false;
    return match_groups(q, c, e, tlen, mark_flags, skip, rs, NULL, err);
}

int32_t query_resume_term(const query *q)
{
    if (!q || q->nterms == 0)
        return -1;
    uint32_t k = q->nterms - 1;
    const term *t = &q->terms[k];
    if (t->type != TERM_FUZZY || t->negated)
        return -1;
    for (uint32_t g = 0; g < q->ngroups; g++)
        if (k >= q->groups[g].first && k < q->groups[g].first + q->groups[g].n)
            return q->groups[g].n == 1 ? (int32_t)k : -1;
    return -1;
}

bool query_resume_from(const query *prev, const query *next, int32_t *term_out,
                       uint32_t *letters)
{
    int32_t a = query_resume_term(prev), b = query_resume_term(next);
    if (a < 0 || b < 0)
        return false;
    const fuzzy_needle *was = &prev->terms[a].u.needle, *now = &next->terms[b].u.needle;
    if (was->case_sensitive != now->case_sensitive || was->n > now->n
        || memcmp(was->cps, now->cps, was->n * sizeof *was->cps) != 0)
        return false;
    *term_out = b;
    *letters = was->n;
    return true;
}

/* --- highlighting -------------------------------------------------------- */

/* Inserts v into the ascending pos[0..*n), keeping the max smallest. */
static void positions_add(uint32_t *pos, size_t *n, size_t max, uint32_t v)
{
    size_t lo = 0, hi = *n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pos[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < *n && pos[lo] == v)
        return;
    if (*n == max) {
        if (lo == *n)
            return;
        (*n)--;
    }
    memmove(pos + lo + 1, pos + lo, (*n - lo) * sizeof *pos);
    pos[lo] = v;
    (*n)++;
}

static void positions_add_range(uint32_t *pos, size_t *n, size_t max, size_t from, size_t to)
{
    for (size_t v = from; v < to && v <= UINT32_MAX; v++)
        positions_add(pos, n, max, (uint32_t)v);
}

size_t query_title_positions(const query *q, const char *title, uint32_t *pos, size_t max)
{
    size_t n = 0, len = strlen(title);
    if (!q || max == 0)
        return 0;
    for (uint32_t k = 0; k < q->nterms; k++) {
        const term *t = &q->terms[k];
        if (t->negated || t->field != FIELD_TITLE)
            continue;
        if (t->type == TERM_FUZZY) {
            if (!fuzzy_match(&t->u.needle, title, len))
                continue;
            uint32_t buf[FUZZY_MAX_NEEDLE];
            for (uint32_t i = 0; i < t->u.needle.n; i++)
                buf[i] = UINT32_MAX;
            fuzzy_score_text(&t->u.needle, title, len, buf);
            for (uint32_t i = 0; i < t->u.needle.n; i++) {
                if (buf[i] != UINT32_MAX)
                    positions_add(pos, &n, max, buf[i]);
            }
        } else if (t->type == TERM_TEXT) {
            long at = fold_find(title, len, t->u.text.cps, t->u.text.n, t->caseless);
            if (at >= 0)
                positions_add_range(pos, &n, max, (size_t)at, (size_t)at + t->u.text.n);
        } else if (t->type == TERM_REGEX) {
            int rc = pcre2_match(t->u.re.code, (PCRE2_SPTR)title, len, 0, 0, t->u.re.md, q->mctx);
            if (rc < 0)
                continue;
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(t->u.re.md);
            if (ov[0] > ov[1] || ov[1] > len)
                continue; /* \K can put the start after the end */
            size_t from = utf8_length(title, ov[0]);
            size_t span = utf8_length(title + ov[0], ov[1] - ov[0]);
            positions_add_range(pos, &n, max, from, from + span);
        }
    }
    return n;
}

/* --- what the index asks of a query -------------------------------------- */

const char *query_text(const query *q)
{
    return q ? q->text : "";
}

query *query_clone(const query *q)
{
    return q ? query_compile(q->text, NULL) : NULL;
}

/* Bit of an ASCII letter or digit in a title mask (see query_title_mask). */
static uint64_t mask_bit(uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z')
        cp += 'a' - 'A';
    if (cp >= 'a' && cp <= 'z')
        return (uint64_t)1 << (cp - 'a');
    if (cp >= '0' && cp <= '9')
        return (uint64_t)1 << (26 + cp - '0');
    return 0;
}

uint64_t query_char_mask(const char *s, size_t n)
{
    uint64_t mask = 0;
    for (size_t i = 0; i < n;) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) { /* ASCII folds by itself in mask_bit */
            mask |= mask_bit(b);
            i++;
            continue;
        }
        uint32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
        mask |= mask_bit(utf8_fold(cp));
    }
    return mask;
}

uint64_t query_title_mask(const query *q)
{
    uint64_t mask = 0;
    if (!q)
        return 0;
    for (uint32_t g = 0; g < q->ngroups; g++) {
        const group *gr = &q->groups[g];
        const term *t = &q->terms[gr->first];
        if (gr->n != 1 || t->negated)
            continue;
        /* Needles and exact words are folded already (lower-cased unless
         * smart case kept capitals, which mask_bit lowers). */
        if (t->type == TERM_FUZZY) {
            for (uint32_t k = 0; k < t->u.needle.n; k++)
                mask |= mask_bit(t->u.needle.cps[k]);
        } else if (t->type == TERM_TEXT && t->field == FIELD_TITLE) {
            for (size_t k = 0; k < t->u.text.n; k++)
                mask |= mask_bit(t->u.text.cps[k]);
        }
    }
    return mask;
}

bool query_title_mask_decides(const query *q)
{
    if (!q || q->ngroups == 0)
        return false;
    for (uint32_t g = 0; g < q->ngroups; g++) {
        const group *gr = &q->groups[g];
        const term *t = &q->terms[gr->first];
        if (gr->n != 1 || t->negated || t->type != TERM_FUZZY || t->u.needle.n != 1
            || t->u.needle.case_sensitive || !mask_bit(t->u.needle.cps[0]))
            return false;
    }
    return true;
}

/* What a bound may read of the title: its text with its summary, its
 * bigrams, only the index's summary bits (pairs), or nothing (any title of
 * that length). */
typedef struct bound_title {
    const char *text;
    size_t len;
    uint64_t bonus_mask;
    bool pairs_only;
    uint32_t start_pairs;
} bound_title;

static double needle_bound(const fuzzy_needle *nd, const fuzzy_bigrams *bg,
                           const bound_title *title, uint32_t title_cps)
{
    if (bg)
        return fuzzy_score_bound_text(nd, bg, title_cps);
    if (!title)
        return fuzzy_score_bound(nd, title_cps);
    if (title->pairs_only)
        return fuzzy_score_bound_pairs(nd, title->bonus_mask, title->start_pairs, title_cps);
    return fuzzy_score_bound_scan(nd, title->text, title->len, title->bonus_mask, title_cps);
}

/* Sum over ranked groups of the best bound of their fuzzy alternatives. */
static double score_bound(const query *q, const fuzzy_bigrams *bg, const bound_title *title,
                          uint32_t title_cps)
{
    double sum = 0;
    if (!q)
        return 0;
    for (uint32_t g = 0; g < q->ngroups; g++) {
        const group *gr = &q->groups[g];
        if (!gr->fuzzy)
            continue;
        double best = 0; /* a non-fuzzy alternative scores 0 */
        for (uint32_t k = gr->first; k < gr->first + gr->n; k++) {
            const term *t = &q->terms[k];
            if (t->type != TERM_FUZZY || t->negated)
                continue;
            double b = needle_bound(&t->u.needle, bg, title, title_cps);
            if (b > best)
                best = b;
        }
        if (best >= FUZZY_SCORE_MAX)
            return FUZZY_SCORE_MAX;
        sum += best;
    }
    return sum;
}

double query_score_bound(const query *q, uint32_t title_cps)
{
    return score_bound(q, NULL, NULL, title_cps);
}

double query_score_bound_mask(const query *q, uint64_t bonus_mask, uint32_t title_cps)
{
    return query_score_bound_pairs(q, bonus_mask, (1u << FUZZY_PAIR_BITS) - 1, title_cps);
}

double query_score_bound_pairs(const query *q, uint64_t bonus_mask, uint32_t start_pairs,
                               uint32_t title_cps)
{
    bound_title bt = {.bonus_mask = bonus_mask, .pairs_only = true, .start_pairs = start_pairs};
    return score_bound(q, NULL, &bt, title_cps);
}

double query_score_bound_title_masked(const query *q, const char *title, size_t len,
                                      uint32_t title_cps, uint64_t bonus_mask)
{
    /* One pass per needle, exact, instead of hashing every pair of the
     * title once: cheaper for the few terms a query has. */
    bound_title bt = {.text = title, .len = len, .bonus_mask = bonus_mask};
    return score_bound(q, NULL, &bt, title_cps);
}

double query_score_bound_title(const query *q, const char *title, size_t len,
                               uint32_t title_cps)
{
    fuzzy_bigrams bg;
    fuzzy_bigrams_of(title, len, &bg);
    return score_bound(q, &bg, NULL, title_cps);
}

/* True when the code points a[0..an) contain b[0..bn) in order (contiguous
 * when substring is set). b is compared as folded with b_caseless. */
static bool cps_contain(const uint32_t *a, size_t an, const uint32_t *b, size_t bn,
                        bool b_caseless, bool substring)
{
    if (substring) {
        for (size_t i = 0; i + bn <= an; i++) {
            size_t k = 0;
            while (k < bn && fold_cp(a[i + k], b_caseless) == b[k])
                k++;
            if (k == bn)
                return true;
        }
        return bn == 0;
    }
    size_t k = 0;
    for (size_t i = 0; i < an && k < bn; i++)
        if (fold_cp(a[i], b_caseless) == b[k])
            k++;
    return k == bn;
}

/* True when every entry that a (positive) matches, b (positive) matches. */
static bool term_implies(const query *qa, const term *a, const query *qb, const term *b)
{
    if (a->type != b->type || a->field != b->field)
        return false;
    switch (a->type) {
    case TERM_FUZZY:
        /* A case-sensitive b needs the capitals a may not have. */
        if (b->u.needle.case_sensitive && !a->u.needle.case_sensitive)
            return false;
        return cps_contain(a->u.needle.cps, a->u.needle.n, b->u.needle.cps, b->u.needle.n,
                           !b->u.needle.case_sensitive, false);
    case TERM_TEXT:
        if (!b->caseless && a->caseless)
            return false;
        return cps_contain(a->u.text.cps, a->u.text.n, b->u.text.cps, b->u.text.n,
                           b->caseless, true);
    case TERM_PREFIX:
        return a->u.prefix.n >= b->u.prefix.n
            && prefix_caseless(a->u.prefix.s, b->u.prefix.s, b->u.prefix.n);
    case TERM_REGEX:
        return a->u.re.len == b->u.re.len
            && memcmp(qa->text + a->u.re.off, qb->text + b->u.re.off, a->u.re.len) == 0;
    case TERM_YEAR:
        return a->u.year.lo >= b->u.year.lo && a->u.year.hi <= b->u.year.hi;
    case TERM_KIND:
        return a->u.kind == b->u.kind;
    case TERM_MARK:
        return a->u.mark.mask == b->u.mark.mask && a->u.mark.value == b->u.mark.value;
    }
    return false;
}

/* Negated terms only imply themselves: "!lin" does not narrow "!li". */
static bool term_implies_signed(const query *qa, const term *a, const query *qb, const term *b)
{
    if (a->negated != b->negated)
        return false;
    if (!a->negated)
        return term_implies(qa, a, qb, b);
    return term_implies(qa, a, qb, b) && term_implies(qb, b, qa, a);
}

/* Every alternative of ga implies some alternative of gb. */
static bool group_implies(const query *qa, const group *ga, const query *qb, const group *gb)
{
    for (uint32_t i = ga->first; i < ga->first + ga->n; i++) {
        bool some = false;
        for (uint32_t j = gb->first; j < gb->first + gb->n && !some; j++)
            some = term_implies_signed(qa, &qa->terms[i], qb, &qb->terms[j]);
        if (!some)
            return false;
    }
    return true;
}

uint64_t query_groups_implied(const query *prev, const query *next)
{
    uint64_t implied = 0;
    if (!prev || !next)
        return 0;
    for (uint32_t h = 0; h < next->ngroups && h < 64; h++)
        for (uint32_t g = 0; g < prev->ngroups; g++)
            if (group_implies(prev, &prev->groups[g], next, &next->groups[h])) {
                implied |= (uint64_t)1 << h;
                break;
            }
    return implied;
}

uint64_t query_groups_all(const query *q)
{
    if (!q || q->ngroups > 64)
        return 0;
    return q->ngroups == 64 ? ~(uint64_t)0 : ((uint64_t)1 << q->ngroups) - 1;
}

bool query_narrows(const query *prev, const query *next)
{
    if (query_is_empty(prev))
        return true;
    if (!next)
        return false;
    /* Every group of prev must be implied by some group of next. */
    for (uint32_t g = 0; g < prev->ngroups; g++) {
        bool implied = false;
        for (uint32_t h = 0; h < next->ngroups && !implied; h++)
            implied = group_implies(next, &next->groups[h], prev, &prev->groups[g]);
        if (!implied)
            return false;
    }
    return true;
}
