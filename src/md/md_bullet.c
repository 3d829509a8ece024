/* md_bullet: a bullet item into a draft entry. */
#include "md_internal.h"

#include <stdlib.h>
#include <string.h>

#include "paperdeck/arxiv.h"
#include "paperdeck/ascii.h"
#include "paperdeck/utf8.h"
#include "paperdeck/xalloc.h"

static bool attach_to_last(md *m, size_t indent)
{
    if (m->last_entry < 0 || indent <= m->last_entry_indent)
        return false;
    renderer *r = &m->r;
    catalog *c = m->c;
    entry *e = &c->entries[m->last_entry];
    bool any = false;
    for (size_t k = 0; k < r->nspans; k++) {
        const md_span *sp = &r->spans[k];
        const char *t;
        size_t tn;
        if (sp->emph)
            continue;
        md_span_text(r, sp, &t, &tn);
        if (!md_is_generic_label(t, tn) && !sp->image)
            return false;
        any = true;
    }
    if (!any)
        return false;
    md_draft_reset(&m->dr);
    if (e->arxiv)
        snprintf(m->dr.arxiv, sizeof m->dr.arxiv, "%s", e->arxiv);
    for (size_t k = 0; k < r->nspans; k++)
        if (!r->spans[k].emph)
            md_take_link(m, &r->spans[k], true);
    arena *a = catalog_arena(c);
    if (!e->arxiv && m->dr.arxiv[0])
        e->arxiv = catalog_intern(c, m->dr.arxiv, strlen(m->dr.arxiv));
    if (m->dr.nlinks) {
        entry_link *links = arena_alloc(a, (e->nlinks + m->dr.nlinks) * sizeof *links);
        if (e->nlinks)
            memcpy(links, e->links, e->nlinks * sizeof *links);
        for (size_t i = 0; i < m->dr.nlinks; i++) {
            slice lb = m->dr.links[i].label;
            links[e->nlinks + i].label = lb.off == UINT32_MAX
                                           ? NULL
                                           : catalog_intern(c, md_pool_str(&m->dr, lb), lb.len);
            links[e->nlinks + i].url = arena_strndup(a, md_pool_str(&m->dr, m->dr.links[i].url),
                                                     m->dr.links[i].url.len);
        }
        e->links = links;
        e->nlinks += (uint32_t)m->dr.nlinks;
    }
    if (e->kind == KIND_LINK && e->arxiv)
        e->kind = (uint8_t)md_infer_kind(c, e->section, true, e->venue != NULL);
    return true;
}

/* Marks text[from..to) as not notes. */
static void mask_range(strbuf *mask, size_t from, size_t to)
{
    if (to > mask->n)
        to = mask->n;
    for (size_t i = from; i < to; i++)
        mask->s[i] = 1;
}

/* Brackets around a title, or left open at its start by broken markup:
 * "[[[Title" and "[Title]" both give "Title". */
static void strip_brackets(const char **s, size_t *n)
{
    for (int round = 0; round < 16; round++) { /* bounded: memchr is O(n) */
        if (!*n)
            return;
        char open = (*s)[0], close = open == '[' ? ']' : open == '(' ? ')' : 0;
        if (close && (*s)[*n - 1] == close) {
            (*s)++;
            *n -= 2;
        } else if (close && !memchr(*s, close, *n)) {
            (*s)++;
            (*n)--;
        } else {
            return;
        }
        md_trim(s, n);
    }
}

/* Removes the bracket pairs left empty (or holding only separators) once
 * links were taken out of notes text, in one pass: "[] [, ]" -> "". */
static size_t clean_rest(char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ']' || c == ')') {
            char open = c == ']' ? '[' : '(';
            size_t j = k;
            while (j > 0 && k - j < 8 && (s[j - 1] == ' ' || md_sep_len_at(s + j - 1, 1) == 1))
                j--;
            if (j > 0 && s[j - 1] == open) {
                k = j - 1;
                continue;
            }
        }
        if (c == ' ' && k && s[k - 1] == ' ')
            continue;
        s[k++] = c;
    }
    return k;
}

/* A bullet being read: its rendered text, where the title may start and
 * ends, which spans the rules took, and a mask of the text that is not
 * notes. */
typedef struct bullet {
    const char *T;
    size_t n, pos, title_end;
    const md_span *title_link, *title_emph;
    bool quoted; /* the title was quoted after a short name */
    strbuf *mask;
} bullet;

static bool taken(const bullet *b, size_t at)
{
    return at < b->mask->n && b->mask->s[at];
}

/* "(2023-10)", "[2023-10]", "2023-10:", "2017-", "2019.04-": a date. */
static void rule_date_prefix(md *m, bullet *b)
{
    const char *T = b->T;
    size_t n = b->n, p = b->pos;
    bool bracket = p < n && (T[p] == '(' || T[p] == '[');
    char date[11];
    size_t k = md_parse_date(T + p + bracket, n - p - bracket, date);
    if (!k)
        return;
    size_t e = p + bracket + k;
    if (bracket && e < n && (T[e] == ')' || T[e] == ']'))
        e++;
    else if (bracket)
        return;
    while (e < n && (T[e] == ' ' || T[e] == ':' || T[e] == ',' || T[e] == '-'))
        e++;
    if (e >= n)
        return;
    m->dr.date = md_pool_add(&m->dr, date, strlen(date));
    md_why(&m->dr, MD_F_DATE, "date_prefix");
    b->pos = e;
    /* "2018-ICLR-[Title](url)": the venue between the date and the title. */
    size_t v = md_venue_token_prefix(T + e, n - e);
    for (size_t k2 = 0; v && k2 < m->r.nspans; k2++) {
        const md_span *sp = &m->r.spans[k2];
        if (!sp->emph && sp->start == e + v + 1) {
            m->dr.venue = md_pool_add(&m->dr, T + e, v);
            md_why(&m->dr, MD_F_VENUE, "date_venue_prefix");
            b->pos = e + v + 1;
            break;
        }
    }
}

/* "Paper: [Title](url)": the label before the linked title is skipped. */
static void rule_label_prefix(md *m, bullet *b)
{
    size_t k = md_label_prefix(b->T + b->pos, b->n - b->pos);
    if (!k)
        return;
    size_t p = b->pos + k;
    while (p < b->n && b->T[p] == ' ')
        p++;
    for (size_t i = 0; i < m->r.nspans; i++)
        if (!m->r.spans[i].emph && m->r.spans[i].start == p) {
            b->pos = p;
            return;
        }
}

/* "[[ICLR](https://arxiv.org/...)] Title": a link whose text is a venue is
 * the venue, and its target the paper; the title follows. */
static void rule_venue_as_link_text(md *m, bullet *b)
{
    size_t skip = b->pos;
    while (skip < b->n && (b->T[skip] == '[' || b->T[skip] == '('))
        skip++;
    for (size_t k = 0; k < m->r.nspans; k++) {
        const md_span *sp = &m->r.spans[k];
        if (sp->emph || sp->start < b->pos)
            continue;
        if (sp->start > skip || sp->end == sp->start)
            return;
        const char *t;
        size_t tn;
        int y;
        md_span_text(&m->r, sp, &t, &tn);
        if (!md_venue_word(t, tn, &y))
            return;
        size_t e = sp->end;
        while (e < b->n && (b->T[e] == ']' || b->T[e] == ')' || md_sep_len_at(b->T + e, b->n - e)))
            e++;
        if (e >= b->n)
            return;
        m->dr.venue = md_pool_add(&m->dr, t, tn);
        md_why(&m->dr, MD_F_VENUE, "venue_as_link_text");
        md_take_link(m, sp, false);
        mask_range(b->mask, b->pos, e);
        b->pos = e;
        return;
    }
}

/* shields.io badges: "25-ICML" or "ACL2025--findings" give the venue (the
 * first such badge) and "YY-" badges the year. */
static void rule_badge_venue(md *m, bullet *b)
{
    renderer *r = &m->r;
    draft *d = &m->dr;
    char text[160];
    (void)b;
    for (size_t k = 0; k < r->nimgs && !d->venue.len; k++) {
        size_t tn = md_badge_text(r->urls.s + r->imgs[k].url, r->imgs[k].url_len, text,
                                  sizeof text);
        size_t vs, vn;
        int y;
        if (!tn || !md_badge_venue(text, tn, &vs, &vn, &y))
            continue;
        d->venue = md_pool_add(d, text + vs, vn);
        md_why(d, MD_F_VENUE, "badge_venue");
        if (y && !d->year) {
            d->year = y;
            md_why(d, MD_F_YEAR, "badge_venue");
        }
    }
}

/* "**Name**: Title", "***Name:*** Title", "[Name](url): Title" give
 * "Name: Title"; "**Name**: \"Title\", Venue" gives the quoted title, the
 * name becoming a tag. Returns true when it set the title. */
static bool rule_name_colon_rest(md *m, bullet *b, const md_span *sp)
{
    const char *T = b->T, *t;
    size_t n = b->n, tn;
    md_span_text(&m->r, sp, &t, &tn);
    size_t p = sp->end;
    while (p < n && T[p] == ' ')
        p++;
    bool colon = tn && (t[tn - 1] == ':' || (tn >= 3 && memcmp(t + tn - 3, "：", 3) == 0));
    if (!colon && p < n && T[p] == ':' && (p + 1 == n || T[p + 1] == ' '))
        colon = true, p++;
    if (!colon)
        return false;
    while (p < n && T[p] == ' ')
        p++;
    while (tn && (t[tn - 1] == ':' || t[tn - 1] == ' '))
        tn--;
    if (p + 1 < n && (T[p] == '"' || (p + 3 <= n && memcmp(T + p, "“", 3) == 0))) {
        size_t q = T[p] == '"' ? 1 : 3, close = p + q;
        while (close < n && T[close] != '"' && !(close + 3 <= n && memcmp(T + close, "”", 3) == 0))
            close++;
        if (close < n && close > p + q) {
            md_draft_title(m, T + p + q, close - p - q, "name_colon_quoted_title");
            md_draft_tag(&m->dr, t, tn, false);
            md_why(&m->dr, MD_F_TAGS, "name_colon_quoted_title");
            b->title_end = close + (T[close] == '"' ? 1 : 3);
            b->quoted = true;
            return true;
        }
    }
    size_t e = n;
    for (size_t k = 0; k < m->r.nspans; k++) {
        const md_span *o = &m->r.spans[k];
        if (!o->emph && o->start >= p && o->start < e)
            e = o->start;
    }
    size_t rest_end = e;
    while (rest_end > p
           && (T[rest_end - 1] == '[' || T[rest_end - 1] == '(' || T[rest_end - 1] == ' '))
        rest_end--;
    if (rest_end <= p || !md_has_letter_or_digit(T + p, rest_end - p))
        return false;
    strbuf *s = &m->left;
    md_sb_clear(s);
    /* "[LongBench](url): LongBench: A Benchmark" names itself once. */
    if (!(rest_end - p > tn && memcmp(T + p, t, tn) == 0 && T[p + tn] == ':')) {
        strbuf_add(s, t, tn);
        strbuf_add(s, ": ", 2);
    }
    strbuf_add(s, T + p, rest_end - p);
    md_draft_title(m, s->s, s->n, "name_colon_rest");
    b->title_end = rest_end;
    return true;
}

/* The title is plain text: it runs to the first link, emphasis, venue,
 * arXiv id or ", year" after a separator, whichever comes first. */
static void plain_title(md *m, bullet *b, const md_span *first_link, const md_span *first_emph)
{
    const char *T = b->T;
    size_t n = b->n, pos = b->pos, end = n;
    /* "\"Title\", Venue": a quoted title ends at its closing quote. */
    if (pos < n && T[pos] == '"') {
        const char *close = memchr(T + pos + 1, '"', n - pos - 1);
        if (close && close > T + pos + 1) {
            b->title_end = (size_t)(close - T) + 1;
            md_draft_title(m, T + pos + 1, b->title_end - pos - 2, "quoted_title");
            b->quoted = true;
            return;
        }
    }
    if (first_link && first_link->start < end)
        end = first_link->start;
    if (first_emph && first_emph->start > pos && first_emph->start < end)
        end = first_emph->start;
    size_t vs, vn, ys;
    int y;
    if (md_find_venue(T + pos, end - pos, &vs, &vn) && vs > 0 && md_sep_len_before(T + pos, vs))
        end = pos + vs;
    for (size_t j = pos + 1; j + 5 < end; j++) {
        char id[ARXIV_ID_MAX];
        if (md_eq_nocase(T + j, 5, "arxiv") && md_sep_len_before(T + pos, j - pos)
            && arxiv_parse(T + j, n - j, id)) {
            end = j;
            break;
        }
    }
    for (size_t from = pos; md_find_year(T + from, end - from, &ys, &y);) {
        size_t at = from + ys, k = at;
        while (k > pos && T[k - 1] == ' ')
            k--;
        if (k > pos && (T[k - 1] == ',' || T[k - 1] == '(' || T[k - 1] == '.')) {
            end = at;
            break;
        }
        from = at + 4;
    }
    const char *tt = T + pos;
    size_t tn = end - pos;
    md_trim_seps(&tt, &tn);
    while (tn && (tt[tn - 1] == '(' || tt[tn - 1] == '['))
        tn--;
    md_trim_seps(&tt, &tn);
    strip_brackets(&tt, &tn);
    b->title_end = end;
    if (tn)
        md_draft_title(m, tt, tn, "plain_title");
}

/* The title: a leading link or emphasis (with the name_colon_rest rule),
 * else the plain text up to the first thing that is not title. */
static void bullet_title(md *m, bullet *b)
{
    renderer *r = &m->r;
    const md_span *first_link = NULL, *first_emph = NULL;
    for (size_t k = 0; k < r->nspans; k++) {
        const md_span *sp = &r->spans[k];
        if (sp->start < b->pos
            || (sp->autolink && sp->start == b->pos && (m->dr.url.len || m->dr.arxiv[0])))
            continue;
        if (!sp->emph && !first_link)
            first_link = sp;
        if (sp->emph && !first_emph && sp->end > sp->start)
            first_emph = sp;
    }
    size_t skip = b->pos;
    while (skip < b->n && strchr("[(\"'", b->T[skip]))
        skip++;
    const char *tt;
    size_t tn;
    if (first_link && first_link->start <= skip && first_link->end > first_link->start) {
        md_span_text(r, first_link, &tt, &tn);
        if (!md_is_generic_label(tt, tn) && !first_link->image)
            b->title_link = first_link;
    }
    if (!b->title_link && first_emph && first_emph->start <= skip)
        b->title_emph = first_emph;
    const md_span *sp = b->title_link ? b->title_link : b->title_emph;
    if (!sp) {
        plain_title(m, b, first_link, first_emph);
        return;
    }
    if (b->title_link)
        md_take_url(m, b->title_link);
    b->title_end = sp->end;
    if (rule_name_colon_rest(m, b, sp))
        return;
    md_span_text(r, sp, &tt, &tn);
    md_draft_title(m, tt, tn, b->title_link ? "title_link" : "title_emphasis");
}

/* The links after the title. In the blog shape ("Title [site](url)") the
 * first one, right after the title, is the entry's own page. */
static void bullet_links(md *m, bullet *b)
{
    renderer *r = &m->r;
    draft *d = &m->dr;
    const char *T = b->T;
    for (size_t k = 0; k < r->nspans; k++) {
        const md_span *sp = &r->spans[k];
        if (sp->emph || sp == b->title_link || sp->start < b->title_end || taken(b, sp->start))
            continue;
        const char *lt;
        size_t ln;
        md_span_text(r, sp, &lt, &ln);
        mask_range(b->mask, sp->start, sp->end);
        bool adjacent = true;
        for (size_t j = b->title_end; j < sp->start; j++)
            if (!md_sep_len_at(T + j, b->n - j) && T[j] != '[' && T[j] != '(')
                adjacent = false;
        char id[ARXIV_ID_MAX];
        bool generic = md_is_generic_label(lt, ln);
        if (!b->title_link && !d->url.len && adjacent && !sp->image
            && !(generic && ln && md_is_code_host(md_span_url(r, sp), sp->url_len))
            && !md_is_arxiv_url(md_span_url(r, sp), sp->url_len, id)) {
            md_take_url(m, sp);
            if (!generic)
                md_draft_note(d, lt, ln);
            continue;
        }
        md_take_link(m, sp, false);
    }
}

/* "(*Org*)" after the title: the organisation, not a venue or authors. */
static void rule_org_paren(md *m, bullet *b)
{
    renderer *r = &m->r;
    for (size_t k = 0; k < r->nspans; k++) {
        const md_span *sp = &r->spans[k];
        if (!sp->emph || sp->start < b->title_end || sp == b->title_emph || taken(b, sp->start)
            || sp->start == 0 || b->T[sp->start - 1] != '(' || sp->end >= b->n
            || b->T[sp->end] != ')')
            continue;
        const char *t;
        size_t tn;
        md_span_text(r, sp, &t, &tn);
        if (!tn || m->dr.org.len)
            continue;
        m->dr.org = md_pool_add(&m->dr, t, tn);
        md_why(&m->dr, MD_F_ORG, "org_paren");
        mask_range(b->mask, sp->start - 1, sp->end + 1);
    }
}

/* An emphasised list of people after the title ("*A. Author, B. Author*.",
 * an authors line under a bold title) is the authors. */
static void rule_authors_span(md *m, bullet *b)
{
    renderer *r = &m->r;
    for (size_t k = 0; k < r->nspans && !m->dr.nauthors; k++) {
        const md_span *sp = &r->spans[k];
        if (!sp->emph || sp->start < b->title_end || sp == b->title_emph || taken(b, sp->start))
            continue;
        const char *t;
        size_t tn;
        md_span_text(r, sp, &t, &tn);
        bool period = sp->end < b->n && b->T[sp->end] == '.';
        if (!md_authors_like(t, tn, period))
            continue;
        md_authors_each(t, tn, md_draft_author, &m->dr);
        md_why(&m->dr, MD_F_AUTHORS, "authors_span");
        mask_range(b->mask, sp->start, sp->end + period);
    }
}

/* Venue: an emphasised venue after the title, else a known name. */
static void bullet_venue(md *m, bullet *b)
{
    renderer *r = &m->r;
    draft *d = &m->dr;
    for (size_t k = 0; k < r->nspans && !d->venue.len; k++) {
        const md_span *sp = &r->spans[k];
        const char *et;
        size_t en, ys;
        int y;
        if (!sp->emph || sp->start < b->title_end || sp == b->title_emph || taken(b, sp->start))
            continue;
        md_span_text(r, sp, &et, &en);
        md_trim_seps(&et, &en);
        if (en && md_word_count(et, en) <= 8
            && (md_venue_name_len(et, en) || md_find_year(et, en, &ys, &y))) {
            d->venue = md_pool_add(d, et, en);
            md_why(d, MD_F_VENUE, "venue_emphasis");
            mask_range(b->mask, sp->start, sp->end);
        }
    }
    const char *rest = b->T + b->title_end;
    size_t rn = b->n - b->title_end, vs, vn;
    if (!d->venue.len && md_find_venue(rest, rn, &vs, &vn) && !taken(b, b->title_end + vs)) {
        d->venue = md_pool_add(d, rest + vs, vn);
        md_why(d, MD_F_VENUE, "known_venue");
        mask_range(b->mask, b->title_end + vs, b->title_end + vs + vn);
    }
}

/* A year standing alone in what is left (", 2023", "(2023)") is cut out;
 * one inside a phrase ("(Mar 2024)") stays in the note. */
static size_t cut_lone_year(char *s, size_t n, size_t ys)
{
    size_t a = ys, z = ys + 4;
    while (a && s[a - 1] == ' ')
        a--;
    while (z < n && s[z] == ' ')
        z++;
    bool before = !a || strchr(",;(|.", s[a - 1]);
    bool after = z == n || strchr(",;)|.", s[z]);
    if (!before || !after)
        return n;
    memmove(s + ys, s + ys + 4, n - ys - 4);
    return clean_rest(s, n - 4);
}

/* "Venue YYYY" or "Venue, YYYY" left after the title: the venue slot
 * ("Arxiv 2024" kept whole; "TPAMI, 2023" gives TPAMI and 2023). */
static bool rule_venue_comma_year(md *m, bullet *b, const char *lt, size_t ln, size_t ys)
{
    draft *d = &m->dr;
    if (d->venue.len || ys + 4 != ln)
        return false;
    const char *v = lt;
    size_t vn = ys;
    md_trim(&v, &vn);
    bool comma = vn && v[vn - 1] == ',';
    md_trim_seps(&v, &vn);
    size_t w = md_word_count(v, vn);
    if (!vn || w > 5
        || !(b->quoted || md_venue_name_len(v, vn) || ascii_is_upper((unsigned char)v[0])))
        return false;
    if (comma)
        d->venue = md_pool_add(d, v, vn);
    else
        d->venue = md_pool_add(d, v, ln - (size_t)(v - lt));
    md_why(d, MD_F_VENUE, "venue_comma_year");
    return true;
}

/* What no rule took: a venue slot with its year, a lone year, an arXiv id;
 * the rest is notes. */
static void bullet_rest(md *m, bullet *b)
{
    draft *d = &m->dr;
    strbuf *left = &m->left;
    md_sb_clear(left);
    strbuf_add(left, "", 0);
    for (size_t i = b->title_end; i < b->n; i++)
        if (!taken(b, i))
            md_sb_putc(left, b->T[i]);
    const char *lt = left->s;
    size_t ln = clean_rest(left->s, left->n), ys;
    ln = md_strip_heading_decorations(left->s, ln); /* ":star:", emoji */
    md_trim_seps(&lt, &ln);
    int y;
    if (ln && md_find_year(lt, ln, &ys, &y) && md_word_count(lt, ln) <= 8) {
        bool comma = rule_venue_comma_year(m, b, lt, ln, ys);
        if (comma && lt[ys ? ys - 1 : 0] == ' ' && ys >= 2 && lt[ys - 2] == ',' && !d->year) {
            d->year = y;
            md_why(d, MD_F_YEAR, "venue_comma_year");
        }
        if (comma)
            ln = 0;
        if (ln && !d->year) {
            d->year = y;
            md_why(d, MD_F_YEAR, "lone_year");
        }
        if (ln) {
            ln = cut_lone_year((char *)lt, ln, ys);
            md_trim_seps(&lt, &ln);
        }
    }
    char date[11];
    if (ln && !d->date.len && md_parse_date(lt, ln, date) == ln) {
        d->date = md_pool_add(d, date, strlen(date));
        md_why(d, MD_F_DATE, "date_in_rest");
        ln = 0;
    }
    if (ln && !d->venue.len && md_venue_word(lt, ln, NULL)) {
        d->venue = md_pool_add(d, lt, ln);
        md_why(d, MD_F_VENUE, "venue_alone");
        ln = 0;
    }
    if (!d->arxiv[0] && ln) {
        char id[ARXIV_ID_MAX];
        if (arxiv_parse(lt, ln, id) && (md_contains_nocase(lt, ln, "arxiv") || ln <= 24)) {
            md_arxiv_unversion(id);
            memcpy(d->arxiv, id, sizeof id);
            md_why(d, MD_F_ARXIV, "arxiv_in_text");
            ln = 0;
        }
    }
    if (ln > 2 && lt[0] == '(' && lt[ln - 1] == ')' && !memchr(lt + 1, '(', ln - 2)) {
        lt++;
        ln -= 2;
    }
    if (ln && md_has_letter_or_digit(lt, ln))
        md_draft_note(d, lt, ln);
}

static int parse_bullet(md *m, const char *raw, size_t rn, size_t indent, bool has_children)
{
    renderer *r = &m->r;
    draft *d = &m->dr;
    /* Task list boxes. */
    if (rn >= 3 && raw[0] == '[' && (raw[1] == ' ' || raw[1] == 'x' || raw[1] == 'X')
        && raw[2] == ']')
        raw += 3, rn -= 3;
    md_render(r, raw, rn);
    md_draft_reset(d);
    /* Links that all point inside the page: a table of contents. */
    size_t nlinks = 0, anchors = 0;
    for (size_t k = 0; k < r->nspans; k++) {
        if (r->spans[k].emph)
            continue;
        nlinks++;
        anchors += r->spans[k].url_len && md_span_url(r, &r->spans[k])[0] == '#';
    }
    if (md_in_toc(m) || (nlinks && anchors == nlinks))
        return BULLET_SILENT;
    bullet b = {.T = r->text.s, .n = r->text.n, .mask = &m->scratch};
    b.pos = md_emoji_prefix_len(b.T, b.n);
    md_sb_clear(b.mask);
    b.mask->s = array_grow(b.mask->s, &b.mask->cap, b.n + 1, 1);
    memset(b.mask->s, 0, b.n + 1);
    b.mask->n = b.n;
    rule_date_prefix(m, &b);
    rule_label_prefix(m, &b);
    rule_venue_as_link_text(m, &b);
    mask_range(b.mask, 0, b.pos);
    /* A bare URL in front of the title ("https://... The Title") is the
     * entry's page. */
    for (size_t k = 0; k < r->nspans; k++)
        if (!r->spans[k].emph && r->spans[k].autolink && r->spans[k].start == b.pos) {
            md_take_url(m, &r->spans[k]);
            break;
        }
    rule_badge_venue(m, &b);
    bullet_title(m, &b);
    mask_range(b.mask, b.pos, b.title_end);
    bullet_links(m, &b);
    rule_org_paren(m, &b);
    rule_authors_span(m, &b);
    bullet_venue(m, &b);
    bullet_rest(m, &b);
    if (!d->title.len || !md_has_letter_or_digit(md_pool_str(d, d->title), d->title.len))
        return attach_to_last(m, indent) ? BULLET_ATTACHED : BULLET_NOT_ENTRY;
    bool substance = d->url.len || d->nlinks || d->arxiv[0] || d->venue.len || d->year
                  || d->date.len;
    if (!substance)
        return !has_children && attach_to_last(m, indent) ? BULLET_ATTACHED : BULLET_NOT_ENTRY;
    return BULLET_ENTRY;
}

void md_item_flush(md *m, size_t next)
{
    item *it = &m->it;
    if (!it->active)
        return;
    it->active = false;
    size_t li = it->line;
    bool children = false;
    for (size_t j = next; j < m->nlines; j++) {
        const md_line *l = &m->lines[j];
        if (md_is_blank(l))
            continue;
        size_t mc, co, cols;
        md_indent_of(l->s, l->n, &cols);
        if (cols > it->indent
            && (md_bullet_marker(l->s, l->n, &mc, &co) || md_pipe_unescaped(l->s, l->n)))
            children = true;
        break;
    }
    int out = parse_bullet(m, it->text.s, it->text.n, it->indent, children);
    if (out == BULLET_ENTRY) {
        md_commit(m, li);
        m->last_entry = (int64_t)m->c->nentries - 1;
        m->last_entry_indent = it->indent;
        return;
    }
    if (out == BULLET_NOT_ENTRY && children && m->dr.title.len) {
        const char *t = md_pool_str(&m->dr, m->dr.title);
        size_t tn = m->dr.title.len;
        md_trim_seps(&t, &tn);
        if (tn) {
            /* A group label: its children get its year, venue or topic
             * (a tag); sections come from headings only. */
            md_sec_push(m, t, tn, (uint32_t)(li + 1), 7, it->indent);
            m->secs[m->nsecs - 1].label = true;
            m->secs[m->nsecs - 1].venue = md_venue_word(t, tn, NULL);
            m->last_entry = -1;
            return;
        }
    }
    if (out == BULLET_NOT_ENTRY) {
        char shown[64];
        size_t n = it->text.n < 48 ? it->text.n : 48;
        n = utf8_fit(it->text.s, n, n, NULL);
        memcpy(shown, it->text.s, n);
        shown[n] = '\0';
        md_warn(m, li,
                "bullet \"%s\" has no title with a link, arXiv id, venue or year: not an entry",
                shown);
        m->st.skipped++;
    }
}

void md_item_start(md *m, size_t i, size_t marker_col, size_t content)
{
    item *it = &m->it;
    const md_line *l = &m->lines[i];
    it->active = true;
    it->blank_seen = false;
    it->line = (uint32_t)i;
    it->indent = marker_col;
    size_t cols;
    md_indent_of(l->s, l->n, &cols);
    it->content_col = marker_col + (content - md_indent_of(l->s, l->n, NULL));
    md_sb_clear(&it->text);
    strbuf_add(&it->text, l->s + content, l->n - content);
}

/* -- the block loop -- */
