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
            links[e->nlinks + i].label =
                lb.off == UINT32_MAX ? NULL : catalog_intern(c, md_pool_str(&m->dr, lb), lb.len);
            links[e->nlinks + i].url =
                arena_strndup(a, md_pool_str(&m->dr, m->dr.links[i].url), m->dr.links[i].url.len);
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
        mask->p[i] = 1;
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

static int parse_bullet(md *m, const char *raw, size_t rn, size_t line_index, size_t indent,
                        bool has_children)
{
    renderer *r = &m->r;
    draft *d = &m->dr;
    /* Task list boxes. */
    if (rn >= 3 && raw[0] == '[' && (raw[1] == ' ' || raw[1] == 'x' || raw[1] == 'X') && raw[2] == ']')
        raw += 3, rn -= 3;
    md_render(r, raw, rn);
    md_draft_reset(d);
    const char *T = r->text.p;
    size_t n = r->text.n;

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

    size_t pos = 0;
    while (pos < n && (T[pos] == ' '))
        pos++;
    /* "(2023-10)", "[2023-10]", "2023-10:" */
    {
        size_t p = pos;
        bool bracket = p < n && (T[p] == '(' || T[p] == '[');
        char date[11];
        size_t k = md_parse_date(T + p + bracket, n - p - bracket, date);
        if (k) {
            size_t e = p + bracket + k;
            if (bracket && e < n && (T[e] == ')' || T[e] == ']'))
                e++;
            else if (bracket)
                k = 0;
            if (k) {
                while (e < n && (T[e] == ' ' || T[e] == ':' || T[e] == ',' || T[e] == '-'))
                    e++;
                if (e < n) {
                    d->date = md_pool_add(d, date, strlen(date));
                    pos = e;
                }
            }
        }
    }
    /* Everything outside the title is notes unless taken by something. */
    strbuf *mask = &m->scratch;
    md_sb_clear(mask);
    md_grow((void **)&mask->p, &mask->cap, n + 1, 1);
    memset(mask->p, 0, n + 1);
    mask->n = n;
    mask_range(mask, 0, pos);

    /* A bare URL in front of the title ("https://... The Title") is the
     * entry's page. */
    for (size_t k = 0; k < r->nspans; k++) {
        const md_span *sp = &r->spans[k];
        if (sp->emph || !sp->autolink || sp->start != pos)
            continue;
        md_take_url(m, sp);
        break;
    }
    const md_span *first_link = NULL, *first_emph = NULL;
    for (size_t k = 0; k < r->nspans; k++) {
        const md_span *sp = &r->spans[k];
        if (sp->start < pos || (sp->autolink && sp->start == pos && (d->url.len || d->arxiv[0])))
            continue;
        if (!sp->emph && !first_link)
            first_link = sp;
        if (sp->emph && !first_emph && sp->end > sp->start)
            first_emph = sp;
    }
    size_t skip = pos;
    while (skip < n && strchr("[(\"'", T[skip]))
        skip++;
    const md_span *title_link = NULL, *title_emph = NULL;
    size_t title_end;
    const char *tt = NULL;
    size_t tn = 0;
    if (first_link && first_link->start <= skip && first_link->end > first_link->start) {
        md_span_text(r, first_link, &tt, &tn);
        if (!md_is_generic_label(tt, tn) && !first_link->image)
            title_link = first_link;
    }
    if (!title_link && first_emph && first_emph->start <= skip) {
        title_emph = first_emph;
        md_span_text(r, first_emph, &tt, &tn);
    }
    if (title_link || title_emph) {
        title_end = (title_link ? title_link : title_emph)->end;
        if (title_link)
            md_take_url(m, title_link);
    } else {
        /* The title runs to the first link, emphasis, venue or year after
         * a separator, whichever comes first. */
        title_end = n;
        if (first_link && first_link->start < title_end)
            title_end = first_link->start;
        if (first_emph && first_emph->start > pos && first_emph->start < title_end)
            title_end = first_emph->start;
        size_t vs, vn, ys;
        int y;
        if (md_find_venue(T + pos, title_end - pos, &vs, &vn) && vs > 0
            && md_sep_len_before(T + pos, vs) && pos + vs < title_end)
            title_end = pos + vs;
        for (size_t j = pos + 1; j + 5 < title_end; j++) {
            char id[ARXIV_ID_MAX];
            if (md_eq_nocase(T + j, 5, "arxiv") && md_sep_len_before(T + pos, j - pos)
                && arxiv_parse(T + j, n - j, id)) {
                title_end = j;
                break;
            }
        }
        size_t from = pos;
        while (md_find_year(T + from, title_end - from, &ys, &y)) {
            size_t at = from + ys;
            size_t b = at;
            while (b > pos && T[b - 1] == ' ')
                b--;
            if (b > pos && (T[b - 1] == ',' || T[b - 1] == '(' || T[b - 1] == '.')) {
                title_end = at;
                break;
            }
            from = at + 4;
        }
        tt = T + pos;
        tn = title_end - pos;
        md_trim_seps(&tt, &tn);
        while (tn && (tt[tn - 1] == '(' || tt[tn - 1] == '['))
            tn--;
        md_trim_seps(&tt, &tn);
        strip_brackets(&tt, &tn);
    }
    mask_range(mask, pos, title_end);
    if (tn)
        d->title = md_pool_add(d, tt, tn);

    /* The links after the title. In the blog shape ("Title [site](url)")
     * the first one, right after the title, is the entry's own page. */
    for (size_t k = 0; k < r->nspans; k++) {
        const md_span *sp = &r->spans[k];
        if (sp->emph || sp == title_link || sp->start < title_end)
            continue;
        const char *lt;
        size_t ln;
        md_span_text(r, sp, &lt, &ln);
        mask_range(mask, sp->start, sp->end);
        bool adjacent = true;
        for (size_t j = title_end; j < sp->start; j++)
            if (!md_sep_len_at(T + j, n - j) && T[j] != '[' && T[j] != '(')
                adjacent = false;
        char id[ARXIV_ID_MAX];
        bool generic = md_is_generic_label(lt, ln);
        if (!title_link && !d->url.len && adjacent && !sp->image
            && !(generic && ln && md_is_code_host(md_span_url(r, sp), sp->url_len))
            && !md_is_arxiv_url(md_span_url(r, sp), sp->url_len, id)) {
            md_take_url(m, sp);
            if (!generic)
                md_draft_note(d, lt, ln);
            continue;
        }
        md_take_link(m, sp, false);
    }
    /* Venue: an emphasised span after the title, else a known name. */
    const char *rest = T + title_end;
    size_t rn2 = n - title_end;
    size_t vs, vn;
    bool venue = false;
    for (size_t k = 0; k < r->nspans && !venue; k++) {
        const md_span *sp = &r->spans[k];
        const char *et;
        size_t en;
        if (!sp->emph || sp->start < title_end || sp == title_emph || mask->p[sp->start])
            continue;
        md_span_text(r, sp, &et, &en);
        if (en && md_word_count(et, en) <= 8) {
            md_trim_seps(&et, &en);
            d->venue = md_pool_add(d, et, en);
            mask_range(mask, sp->start, sp->end);
            venue = true;
        }
    }
    if (!venue && md_find_venue(rest, rn2, &vs, &vn) && !mask->p[title_end + vs]) {
        d->venue = md_pool_add(d, rest + vs, vn);
        mask_range(mask, title_end + vs, title_end + vs + vn);
        venue = true;
    }
    /* A short rest that ends in a year is a venue: ", Nature Machine
     * Intelligence 2022". A lone year is the year. */
    {
        strbuf *left = &m->left;
        md_sb_clear(left);
        md_sb_put(left, "", 0);
        for (size_t i = title_end; i < n; i++)
            if (!mask->p[i])
                md_sb_putc(left, T[i]);
        const char *lt = left->p;
        size_t ln = clean_rest(left->p, left->n);
        md_trim_seps(&lt, &ln);
        size_t ys;
        int y;
        if (ln && md_find_year(lt, ln, &ys, &y) && md_word_count(lt, ln) <= 8) {
            if (!venue && ys + 4 == ln && md_word_count(lt, ln) >= 2 && md_word_count(lt, ln) <= 5
                && lt[0] >= 'A' && lt[0] <= 'Z') {
                d->venue = md_pool_add(d, lt, ln);
                ln = 0;
            } else {
                d->year = y;
                /* Drop the year from what is left. */
                memmove((char *)lt + ys, lt + ys + 4, ln - ys - 4);
                ln -= 4;
                ln = clean_rest((char *)lt, ln);
                md_trim_seps(&lt, &ln);
            }
        }
        if (!d->arxiv[0] && ln) {
            char id[ARXIV_ID_MAX];
            if (arxiv_parse(lt, ln, id) && (md_contains_nocase(lt, ln, "arxiv") || ln <= 24)) {
                memcpy(d->arxiv, id, sizeof id);
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
    if (!d->title.len || !md_has_letter_or_digit(md_pool_str(d, d->title), d->title.len)) {
        if (attach_to_last(m, indent))
            return BULLET_ATTACHED;
        return BULLET_NOT_ENTRY;
    }
    bool substance = d->url.len || d->nlinks || d->arxiv[0] || d->venue.len || d->year || d->date.len;
    if (!substance) {
        if (!has_children && attach_to_last(m, indent))
            return BULLET_ATTACHED;
        return BULLET_NOT_ENTRY;
    }
    (void)line_index;
    return BULLET_ENTRY;
}

/* The item is complete: the line at next (or the end) is not part of it. */
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
        if (cols > it->indent && (md_bullet_marker(l->s, l->n, &mc, &co) || md_pipe_unescaped(l->s, l->n)))
            children = true;
        break;
    }
    int out = parse_bullet(m, it->text.p, it->text.n, li, it->indent, children);
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
            md_sec_push(m, t, tn, (uint32_t)(li + 1), 7, it->indent);
            m->last_entry = -1;
            return;
        }
    }
    if (out == BULLET_NOT_ENTRY) {
        char shown[64];
        size_t n = it->text.n < 48 ? it->text.n : 48;
        n = utf8_fit(it->text.p, n, n, NULL);
        memcpy(shown, it->text.p, n);
        shown[n] = '\0';
        md_warn(m, li, "bullet \"%s\" has no title with a link, arXiv id, venue or year: not an entry",
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
    it->content_col = marker_col + (content - md_indent_of(l->s, l->n, NULL)) ;
    md_sb_clear(&it->text);
    md_sb_put(&it->text, l->s + content, l->n - content);
}

/* -- the block loop -- */
