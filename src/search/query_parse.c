/* query_parse: the prompt grammar, compiled once; see query.h. Matching is
 * in query_match.c, what the index asks of a query in query_accel.c.
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
 *               is: starred, read, unread or new: the user's marks (marks.h),
 *                 as the index passes them to query_match_with (accel.h)
 *               NAME:/re/ is a regex on the field (the year as digits, the
 *               kind by name; not for is:). An entry without the field matches no
 *               positive term on it, so the negation matches it.
 *
 * Empty or blank text matches everything; at most QUERY_MAX_TERMS terms. */
#include "paperdeck/query.h"
#include "paperdeck/query.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "paperdeck/ascii.h"
#include "paperdeck/errbuf.h"
#include "paperdeck/fuzzy.h"
#include "paperdeck/marks.h"
#include "paperdeck/under_valgrind.h"
#include "paperdeck/utf8.h"
#include "paperdeck/xalloc.h"
#include "accel.h"
#include "query_internal.h"

#define REGEX_MATCH_LIMIT 100000
#define REGEX_DEPTH_LIMIT 1000
#define JIT_STACK_START (32 * 1024)
#define JIT_STACK_MAX (512 * 1024)

typedef struct parser {
    query *q;
    const char *s;
    size_t len, i;
    query_error *err;
} parser;

__attribute__((format(printf, 3, 4))) static bool fail(parser *p, size_t pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verrf(p->err->msg, sizeof p->err->msg, fmt, ap);
    va_end(ap);
    p->err->pos = pos;
    return false;
}

/* Bytes of s[0..n) to quote back: at most QUOTE_MAX, never half a code point. */
int query_quote_len(const char *s, size_t n)
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

static bool at_token_end(const parser *p)
{
    return p->i >= p->len || is_blank(p->s[p->i]);
}

static void skip_blanks(parser *p)
{
    while (p->i < p->len && is_blank(p->s[p->i]))
        p->i++;
}

/* PCRE2 allocates through xalloc, so running out of memory ends the
 * program the one way the rest of paperdeck does. */
static void *pcre_alloc(PCRE2_SIZE size, void *data)
{
    (void)data;
    return xmalloc(size);
}

static void pcre_release(void *p, void *data)
{
    (void)data;
    free(p);
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
        i += query_next_cp(s + i, n - i, &cp);
        dst[k++] = query_fold_cp(cp, caseless);
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
    while (j < n && (ascii_is_alpha(s[j]) || s[j] == '^' || s[j] == '-'))
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
        i += query_next_cp(s + i, n - i, &cp);
        if (utf8_is_upper(cp))
            return true;
    }
    return false;
}

/* What PCRE2 tells of every match of t's pattern (see term.u.re). Caseless
 * k and s also match U+212A and U+017F, which the index's letters do not
 * fold to them: they are never needed. */
static void regex_summary(term *t)
{
    const pcre2_code *re = t->u.re.code;
    uint32_t type = 0, unit = 0, options = 0;
    if (pcre2_pattern_info(re, PCRE2_INFO_LASTCODETYPE, &type) == 0 && type == 1
        && pcre2_pattern_info(re, PCRE2_INFO_LASTCODEUNIT, &unit) == 0 && unit < 0x80) {
        int low = ascii_lower((int)unit);
        if (low != 'k' && low != 's')
            t->u.re.need = fuzzy_letter_bit((uint32_t)low);
    }
    if (pcre2_pattern_info(re, PCRE2_INFO_ALLOPTIONS, &options) != 0 || !(options & PCRE2_ANCHORED))
        return;
    const uint8_t *first = NULL;
    if (pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODETYPE, &type) == 0 && type == 1
        && pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODEUNIT, &unit) == 0) {
        t->u.re.starts_known = true;
        if (unit < 0x80 && ascii_is_alpha((int)unit))
            t->u.re.starts = 1u << (ascii_lower((int)unit) - 'a');
    } else if (pcre2_pattern_info(re, PCRE2_INFO_FIRSTBITMAP, &first) == 0 && first) {
        t->u.re.starts_known = true;
        for (int c = 'a'; c <= 'z'; c++) {
            int up = c - 'a' + 'A';
            if ((first[c / 8] >> (c % 8) & 1) || (first[up / 8] >> (up % 8) & 1))
                t->u.re.starts |= 1u << (c - 'a');
        }
    }
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
        q->gctx = pcre2_general_context_create(pcre_alloc, pcre_release, NULL);
        q->mctx = pcre2_match_context_create(q->gctx);
        pcre2_set_match_limit(q->mctx, REGEX_MATCH_LIMIT);
        pcre2_set_depth_limit(q->mctx, REGEX_DEPTH_LIMIT);
    }
    /* Without JIT the interpreter runs the same pattern, only slower. */
    /* Under valgrind the regexes run in PCRE2's interpreter: valgrind cannot
     * see into JIT-compiled code, whose word-sized reads near the end of a
     * title it reports as uses of uninitialised memory. */
    t->u.re.jit = !under_valgrind() && pcre2_jit_compile(t->u.re.code, PCRE2_JIT_COMPLETE) == 0;
    if (t->u.re.jit && !q->jit_stack) {
        q->jit_stack = pcre2_jit_stack_create(JIT_STACK_START, JIT_STACK_MAX, q->gctx);
        if (q->jit_stack)
            pcre2_jit_stack_assign(q->mctx, NULL, q->jit_stack);
    }
    t->u.re.md = pcre2_match_data_create_from_pattern(t->u.re.code, q->gctx);
    regex_summary(t);
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
            int best = diag + ((char)ascii_lower((unsigned char)a[i - 1]) != b[j - 1]);
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
        while (k < n && (char)ascii_lower((unsigned char)name[k]) == fn[k])
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
                " author, title, is, abs or subject%s",
                query_quote_len(name, n), name, hint);
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
                    query_quote_len(v, n), v);
    if (t->u.year.lo > t->u.year.hi)
        return fail(p, at, "empty year range \"%.*s\": FROM is after TO", query_quote_len(v, n), v);
    t->type = TERM_YEAR;
    return true;
}

static bool kind_term(parser *p, term *t, size_t at, const char *v, size_t n)
{
    char lower[16];
    if (n < sizeof lower) {
        for (size_t i = 0; i < n; i++)
            lower[i] = (char)ascii_lower((unsigned char)v[i]);
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
    return fail(p, at, "unknown kind \"%.*s\": expected %s", query_quote_len(v, n), v, kinds);
}

/* is:starred, is:read, is:unread: the user's marks (marks.h); is:new: what
 * appeared in a remote list (remote.h) and is not read yet. */
static bool mark_term(parser *p, term *t, size_t at, const char *v, size_t n)
{
    static const struct {
        const char *name;
        unsigned mask, value;
    } marks_named[] = {
        {"starred", MARK_STARRED, MARK_STARRED},
        {"read", MARK_READ, MARK_READ},
        {"unread", MARK_READ, 0},
        {"new", MARK_NEW, MARK_NEW},
    };
    for (size_t i = 0; i < sizeof marks_named / sizeof marks_named[0]; i++) {
        const char *name = marks_named[i].name;
        size_t k = 0;
        while (k < n && name[k] && (char)ascii_lower((unsigned char)v[k]) == name[k])
            k++;
        if (k == n && !name[k]) {
            t->type = TERM_MARK;
            t->u.mark.mask = marks_named[i].mask;
            t->u.mark.value = marks_named[i].value;
            return true;
        }
    }
    return fail(p, at, "unknown mark \"%.*s\": expected is:starred, is:read, is:unread or is:new",
                query_quote_len(v, n), v);
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
            return fail(p, vat, "is: takes starred, read, unread or new, not a regex");
        return parse_regex(p, &off, &len) && compile_regex(p, t, off, len);
    }
    const char *v = NULL;
    size_t vn = 0;
    if (!parse_word(p, &v, &vn))
        return false;
    const char *name = field_names[f];
    if (vn == 0) {
        const char *what = f == FIELD_YEAR  ? "YEAR"
                         : f == FIELD_KIND  ? "KIND"
                         : f == FIELD_ARXIV ? "ID"
                         : f == FIELD_IS    ? "starred"
                                            : "TEXT";
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
    while (j < p->len && ascii_is_alpha(p->s[j]))
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
        text_term(p->q, t, v, n, !utf8_any(v, n, utf8_is_upper));
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
    pcre2_general_context_free(q->gctx);
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
        int n = query_quote_len(pat, t->u.re.len);
        err->pos = t->u.re.off - 1;
        snprintf(err->msg, sizeof err->msg,
                 "regex gave up (slower than %u ms over the list) on \"%.*s\"", budget_ms, n, pat);
        return;
    }
    err->pos = 0;
    snprintf(err->msg, sizeof err->msg, "search gave up (slower than %u ms)", budget_ms);
}

const char *query_text(const query *q)
{
    return q ? q->text : "";
}

query *query_clone(const query *q)
{
    return q ? query_compile(q->text, NULL) : NULL;
}
