/* query_match: testing and scoring entries against a compiled query, and
 * the title positions a match highlights; see query.h and accel.h. */
#include "paperdeck/query.h"

#include <stdio.h>
#include <string.h>

#include <pcre2.h>

#include "paperdeck/ascii.h"
#include "paperdeck/fuzzy.h"
#include "paperdeck/utf8.h"
#include "accel.h"
#include "query_internal.h"

#define BYTES_01 0x0101010101010101ull
#define BYTES_80 0x8080808080808080ull

/* hay[at..) starts with the needle: 1, 0, or -2 at a byte outside ASCII. */
static int ascii_at(const unsigned char *hay, size_t at, const uint32_t *nd, size_t n,
                    bool caseless)
{
    for (size_t k = 0; k < n; k++) {
        unsigned d = hay[at + k];
        if (d >= 0x80)
            return -2;
        if (query_fold_cp(d, caseless) != nd[k])
            return 0;
    }
    return 1;
}

/* fold_find for the common hay, ASCII bytes only (where a byte is a code
 * point and folding is at most lowering it): a byte search, eight bytes a
 * step for the needle's first character. -2 when it meets a byte outside
 * ASCII before it can answer, which may fold to a needle's letter (é, e). */
static long ascii_find(const unsigned char *hay, size_t len, const uint32_t *nd, size_t n,
                       bool caseless)
{
    if (nd[0] >= 0x80)
        return -2;
    /* a caseless letter: a byte ORed with 0x20 is it only when it is it in
     * either case */
    uint64_t fold = caseless && ascii_is_lower((int)nd[0]) ? BYTES_01 * 0x20 : 0;
    uint64_t want = BYTES_01 * nd[0];
    size_t i = 0;
    for (; i + 8 <= len && i + n <= len; i += 8) {
        uint64_t x;
        memcpy(&x, hay + i, 8);
        if (x & BYTES_80)
            return -2;
        uint64_t z = (x | fold) ^ want;
        /* each byte of z that is zero sets its high bit (and maybe some
         * above it: every candidate is checked) */
        for (uint64_t m = (z - BYTES_01) & ~z & BYTES_80; m; m &= m - 1) {
            size_t at = i + (size_t)__builtin_ctzll(m) / 8;
            if (at + n > len)
                return -1;
            int r = ascii_at(hay, at, nd, n, caseless);
            if (r)
                return r > 0 ? (long)at : -2;
        }
    }
    for (; i + n <= len; i++) {
        if (hay[i] >= 0x80)
            return -2;
        int r = ascii_at(hay, i, nd, n, caseless);
        if (r)
            return r > 0 ? (long)i : -2;
    }
    /* the bytes left are fewer than the needle's code points */
    return -1;
}

/* Code-point index of the first occurrence of the folded needle in
 * hay[0..len) folded the same way, or -1. */
static long fold_find(const char *hay, size_t len, const uint32_t *nd, size_t n, bool caseless)
{
    if (n == 0)
        return 0;
    long found = ascii_find((const unsigned char *)hay, len, nd, n, caseless);
    if (found != -2)
        return found;
    long idx = 0;
    for (size_t i = 0; i < len; idx++) {
        uint32_t cp;
        size_t step = query_next_cp(hay + i, len - i, &cp);
        if (query_fold_cp(cp, caseless) == nd[0]) {
            size_t j = i + step, k = 1;
            while (k < n && j < len) {
                uint32_t c2;
                j += query_next_cp(hay + j, len - j, &c2);
                if (query_fold_cp(c2, caseless) != nd[k])
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

static void regex_gave_up(const query *q, const term *t, int rc, query_error *err)
{
    if (!err)
        return;
    const char *pat = q->text + t->u.re.off;
    int n = query_quote_len(pat, t->u.re.len);
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
        snprintf(err->msg, sizeof err->msg, "regex failed (%s) on \"%.*s\"", (const char *)msg, n,
                 pat);
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
    unsigned marks;             /* MARK_* of the entry */
    query_resume *rs;           /* NULL, or where fuzzy terms go on from / end */
    const arxiv_record *record; /* NULL, or the entry's arXiv record */
} subject;

/* The values of field f of e (tags and authors: all of them). */
static uint32_t field_values(const catalog *c, const entry *e, field_id f, const char **one,
                             char yearbuf[8], const char *const **list)
{
    *one = NULL;
    switch (f) {
    case FIELD_ABS:     /* the record's: record_values */
    case FIELD_SUBJECT: /* likewise */
        break;
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

/* The values of field f in the entry's arXiv record r. */
static uint32_t record_values(const arxiv_record *r, field_id f, const char *const **list)
{
    if (!r)
        return 0;
    if (f == FIELD_ABS) {
        *list = (const char *const *)&r->abstract;
        return r->abstract ? 1 : 0;
    }
    *list = (const char *const *)(f == FIELD_SUBJECT ? r->cats : r->authors);
    return f == FIELD_SUBJECT ? r->ncats : f == FIELD_AUTHOR ? r->nauthors : 0;
}

/* Whether t holds for one of list[0..n). */
static int values_test(const query *q, const term *t, const char *const *list, uint32_t n,
                       const subject *sub, query_error *err)
{
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

/* Text and regex terms on any field: 1, 0, or -1 when a regex gave up. */
static int field_test(const query *q, const term *t, const catalog *c, const entry *e,
                      const subject *sub, query_error *err)
{
    const char *one, *const *list;
    char yearbuf[8];
    uint32_t n = 1;
    if (t->field == FIELD_TITLE) /* the caller's pointer: the entry is not read */
        list = &sub->title;
    else
        n = field_values(c, e, t->field, &one, yearbuf, &list);
    int r = values_test(q, t, list, n, sub, err);
    if (r || !sub->record)
        return r;
    /* abs:, subject: and author: (the fetched authors too) */
    n = record_values(sub->record, t->field, &list);
    return values_test(q, t, list, n, sub, err);
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
        r = e->arxiv && ascii_eq_n(e->arxiv, t->u.prefix.s, t->u.prefix.n);
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
    query_match_opts opts = {.tlen = strlen(e->title)};
    return query_match_with(q, c, e, &opts, score, err);
}

query_result query_match_with(const query *q, const catalog *c, const entry *e,
                              const query_match_opts *opts, double *score, query_error *err)
{
    if (score)
        *score = 0;
    if (opts->resume)
        opts->resume->ended = false;
    if (!q)
        return QUERY_MATCH;
    subject sub = {opts->title ? opts->title : e->title, opts->tlen, opts->marks, opts->resume,
                   opts->record};
    uint64_t hit = 0, skip = opts->skip;
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

/* --- highlighting -------------------------------------------------------- */

/* Inserts v into the ascending pos[0..*n), keeping the max smallest. */
static void positions_add(uint32_t *pos, size_t *n, size_t max, uint32_t v)
{
    size_t lo = accel_lower_bound(pos, *n, v);
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
