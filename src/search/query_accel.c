/* query_accel: what the index asks of a query to skip work (letter masks,
 * score bounds, groups a previous query implies, where a grown fuzzy term
 * goes on from); see accel.h. */
#include "paperdeck/query.h"

#include <string.h>

#include "paperdeck/ascii.h"
#include "paperdeck/fuzzy.h"
#include "paperdeck/utf8.h"
#include "accel.h"
#include "query_internal.h"

/* The group term k belongs to; ngroups when none. */
static uint32_t group_of_term(const query *q, uint32_t k)
{
    uint32_t g = 0;
    while (g < q->ngroups && !(k >= q->groups[g].first && k < q->groups[g].first + q->groups[g].n))
        g++;
    return g;
}

int32_t query_resume_term(const query *q)
{
    if (!q || q->nterms == 0)
        return -1;
    uint32_t k = q->nterms - 1;
    const term *t = &q->terms[k];
    if (t->type != TERM_FUZZY || t->negated)
        return -1;
    uint32_t g = group_of_term(q, k);
    return g < q->ngroups && q->groups[g].n == 1 ? (int32_t)k : -1;
}

bool query_resume_from(const query *prev, const query *next, int32_t *term_out, uint32_t *letters)
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

uint32_t query_fuzzy_groups(const query *q)
{
    uint32_t n = 0;
    for (uint32_t g = 0; q && g < q->ngroups; g++)
        n += q->groups[g].fuzzy;
    return n;
}

int query_ranked_needles(const query *q, const fuzzy_needle **out, int max)
{
    int n = 0;
    for (uint32_t g = 0; q && g < q->ngroups; g++) {
        const group *gr = &q->groups[g];
        if (!gr->fuzzy)
            continue;
        /* a group's fuzzy flag means a positive fuzzy term: alone, it is
         * the group's score */
        if (gr->n != 1 || n == max)
            return -1;
        out[n++] = &q->terms[gr->first].u.needle;
    }
    return n;
}

int32_t query_lone_term(const query *q, uint64_t skip)
{
    if (!q || q->ngroups > 64)
        return -1;
    int32_t lone = -1;
    for (uint32_t g = 0; g < q->ngroups; g++) {
        if (skip >> g & 1)
            continue;
        const term *t = &q->terms[q->groups[g].first];
        if (lone >= 0 || q->groups[g].n != 1 || t->type != TERM_FUZZY || t->negated)
            return -1;
        lone = (int32_t)q->groups[g].first;
    }
    return lone;
}

const fuzzy_needle *query_term_needle(const query *q, int32_t k)
{
    if (!q || k < 0 || (uint32_t)k >= q->nterms || q->terms[k].type != TERM_FUZZY)
        return NULL;
    return &q->terms[k].u.needle;
}

uint64_t query_grown_letter(const query *q, int32_t k, uint32_t letters, uint64_t skip)
{
    const fuzzy_needle *nd = query_term_needle(q, k);
    if (!nd || nd->case_sensitive || nd->n != letters + 1 || q->ngroups > 64)
        return 0;
    /* Every other group must be known to hold: the letter decides alone. */
    uint64_t rest = query_groups_all(q) & ~((uint64_t)1 << group_of_term(q, (uint32_t)k));
    return (skip & rest) == rest ? fuzzy_letter_bit(nd->cps[letters]) : 0;
}

uint64_t query_char_mask(const char *s, size_t n)
{
    uint64_t mask = 0;
    for (size_t i = 0; i < n;) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) { /* ASCII folds by itself in fuzzy_letter_bit */
            mask |= fuzzy_letter_bit(b);
            i++;
            continue;
        }
        uint32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
        mask |= fuzzy_letter_bit(utf8_fold(cp));
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
         * smart case kept capitals, which fuzzy_letter_bit lowers). */
        if (t->type == TERM_FUZZY) {
            for (uint32_t k = 0; k < t->u.needle.n; k++)
                mask |= fuzzy_letter_bit(t->u.needle.cps[k]);
        } else if (t->type == TERM_TEXT && t->field == FIELD_TITLE) {
            for (size_t k = 0; k < t->u.text.n; k++)
                mask |= fuzzy_letter_bit(t->u.text.cps[k]);
        } else if (t->type == TERM_REGEX && t->field == FIELD_TITLE) {
            mask |= t->u.re.need;
        }
    }
    return mask;
}

bool query_title_starts(const query *q, uint32_t *letters)
{
    bool known = false;
    *letters = (1u << 26) - 1;
    for (uint32_t g = 0; q && g < q->ngroups; g++) {
        const term *t = &q->terms[q->groups[g].first];
        if (q->groups[g].n == 1 && !t->negated && t->type == TERM_REGEX && t->field == FIELD_TITLE
            && t->u.re.starts_known) {
            known = true;
            *letters &= t->u.re.starts;
        }
    }
    return known;
}

bool query_title_mask_decides(const query *q)
{
    if (!q || q->ngroups == 0)
        return false;
    for (uint32_t g = 0; g < q->ngroups; g++) {
        const group *gr = &q->groups[g];
        const term *t = &q->terms[gr->first];
        if (gr->n != 1 || t->negated || t->type != TERM_FUZZY || t->u.needle.n != 1
            || t->u.needle.case_sensitive || !fuzzy_letter_bit(t->u.needle.cps[0]))
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

bool query_bound_plan_init(const query *q, query_bound_plan *plan)
{
    plan->n = 0;
    for (uint32_t g = 0; q && g < q->ngroups; g++) {
        const group *gr = &q->groups[g];
        if (!gr->fuzzy)
            continue;
        const fuzzy_needle *nd = NULL;
        for (uint32_t k = gr->first; k < gr->first + gr->n; k++) {
            const term *t = &q->terms[k];
            if (t->type != TERM_FUZZY || t->negated)
                continue; /* scores 0, as the group's floor does */
            if (nd)
                return false; /* alternatives: score_bound takes their best */
            nd = &t->u.needle;
        }
        if (!nd || nd->n == 0 || plan->n == QUERY_PLAN_NEEDLES)
            return false;
        fuzzy_bound_table_init(nd, &plan->t[plan->n++]);
    }
    return true;
}

double query_score_bound(const query *q, uint32_t title_cps)
{
    return score_bound(q, NULL, NULL, title_cps);
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

double query_score_bound_title(const query *q, const char *title, size_t len, uint32_t title_cps)
{
    fuzzy_bigrams bg;
    fuzzy_bigrams_of(title, len, &bg);
    return score_bound(q, &bg, NULL, title_cps);
}

/* True when the code points a[0..an) contain b[0..bn) in order (contiguous
 * when substring is set). b is compared as folded with b_caseless. */
static bool cps_contain(const uint32_t *a, size_t an, const uint32_t *b, size_t bn, bool b_caseless,
                        bool substring)
{
    if (substring) {
        for (size_t i = 0; i + bn <= an; i++) {
            size_t k = 0;
            while (k < bn && query_fold_cp(a[i + k], b_caseless) == b[k])
                k++;
            if (k == bn)
                return true;
        }
        return bn == 0;
    }
    size_t k = 0;
    for (size_t i = 0; i < an && k < bn; i++)
        if (query_fold_cp(a[i], b_caseless) == b[k])
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
        return cps_contain(a->u.text.cps, a->u.text.n, b->u.text.cps, b->u.text.n, b->caseless,
                           true);
    case TERM_PREFIX:
        return a->u.prefix.n >= b->u.prefix.n
            && ascii_eq_n(a->u.prefix.s, b->u.prefix.s, b->u.prefix.n);
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

/* The value field term t reads, or QUERY_VALUE_COUNT when it reads the
 * title, a field of many values (tags, authors) or anything else. */
static query_value_field term_value_field(const term *t)
{
    if (t->type == TERM_YEAR)
        return QUERY_VALUE_YEAR;
    if (t->type == TERM_KIND)
        return QUERY_VALUE_KIND;
    if (t->type != TERM_TEXT && t->type != TERM_REGEX)
        return QUERY_VALUE_COUNT;
    switch (t->field) {
    case FIELD_VENUE:
        return QUERY_VALUE_VENUE;
    case FIELD_ORG:
        return QUERY_VALUE_ORG;
    case FIELD_CAT:
        return QUERY_VALUE_CAT;
    case FIELD_KIND:
        return QUERY_VALUE_KIND;
    case FIELD_YEAR:
        return QUERY_VALUE_YEAR;
    default:
        return QUERY_VALUE_COUNT;
    }
}

query_value_field query_group_value_field(const query *q, uint32_t g)
{
    const group *gr = &q->groups[g];
    query_value_field f = QUERY_VALUE_COUNT;
    for (uint32_t k = gr->first; k < gr->first + gr->n; k++) {
        query_value_field tf = term_value_field(&q->terms[k]);
        if (tf == QUERY_VALUE_COUNT || (k > gr->first && tf != f))
            return QUERY_VALUE_COUNT;
        f = tf;
    }
    return f;
}

uintptr_t query_value_key(const entry *e, query_value_field f)
{
    switch (f) {
    case QUERY_VALUE_VENUE:
        return (uintptr_t)e->venue;
    case QUERY_VALUE_ORG:
        return (uintptr_t)e->org;
    case QUERY_VALUE_CAT:
        return e->section;
    case QUERY_VALUE_KIND:
        return e->kind;
    case QUERY_VALUE_YEAR:
        return (uint16_t)e->year;
    case QUERY_VALUE_COUNT:
        break;
    }
    return 0;
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
