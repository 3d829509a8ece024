/* md_table: GFM tables read by what their columns mean. */
#include "md_internal.h"

#include <stdlib.h>
#include <string.h>

#include "paperdeck/arxiv.h"
#include "paperdeck/ascii.h"
#include "paperdeck/utf8.h"
#include "paperdeck/xalloc.h"

/* Column headings by what they hold: the whole heading first (ASCII case
 * ignored), then a part of it. One role a row, as hand-laid data. */
typedef struct column_name {
    const char *text;
    int role;
} column_name;

/* clang-format off */
static const column_name column_exact[] = {
    {"title", COL_TITLE}, {"paper title", COL_TITLE}, {"name", COL_TITLE}, {"titles", COL_TITLE},
    {"method", COL_TITLE}, {"model", COL_TITLE}, {"标题", COL_TITLE}, {"题目", COL_TITLE},
    {"名称", COL_TITLE},
    {"venue", COL_VENUE}, {"pub", COL_VENUE}, {"pub.", COL_VENUE}, {"publication", COL_VENUE},
    {"published", COL_VENUE}, {"published in", COL_VENUE}, {"conference", COL_VENUE},
    {"conf", COL_VENUE}, {"conf.", COL_VENUE}, {"journal", COL_VENUE}, {"where", COL_VENUE},
    {"venue/year", COL_VENUE}, {"会议", COL_VENUE}, {"期刊", COL_VENUE}, {"发表", COL_VENUE},
    {"year", COL_YEAR}, {"年份", COL_YEAR}, {"年", COL_YEAR},
    {"date", COL_DATE}, {"time", COL_DATE}, {"release", COL_DATE}, {"month", COL_DATE},
    {"日期", COL_DATE}, {"时间", COL_DATE},
    {"preprint", COL_ARXIV}, {"arxiv", COL_ARXIV}, {"arxiv id", COL_ARXIV},
    {"paper link", COL_ARXIV}, {"pdf", COL_ARXIV},
    {"links", COL_URL}, {"link", COL_URL}, {"url", COL_URL}, {"homepage", COL_URL},
    {"website", COL_URL}, {"project page", COL_URL}, {"blog", COL_URL}, {"链接", COL_URL},
    {"code", COL_CODE}, {"github", COL_CODE}, {"repo", COL_CODE}, {"repository", COL_CODE},
    {"implementation", COL_CODE}, {"source", COL_CODE}, {"代码", COL_CODE},
    {"notes", COL_NOTES}, {"note", COL_NOTES}, {"description", COL_NOTES}, {"summary", COL_NOTES},
    {"tl;dr", COL_NOTES}, {"tldr", COL_NOTES}, {"abstract", COL_NOTES}, {"remarks", COL_NOTES},
    {"contribution", COL_NOTES}, {"备注", COL_NOTES}, {"说明", COL_NOTES}, {"简介", COL_NOTES},
    {"描述", COL_NOTES},
    {"supplementary", COL_SUPP}, {"supp", COL_SUPP}, {"supp.", COL_SUPP}, {"comments", COL_SUPP},
    {"comment", COL_SUPP}, {"misc", COL_SUPP}, {"others", COL_SUPP}, {"other", COL_SUPP},
    {"extra", COL_SUPP}, {"highlights", COL_SUPP}, {"remark", COL_SUPP},
    {"authors", COL_AUTHORS}, {"author", COL_AUTHORS}, {"作者", COL_AUTHORS},
    {"org", COL_ORG}, {"organization", COL_ORG}, {"organisation", COL_ORG},
    {"affiliation", COL_ORG}, {"institution", COL_ORG}, {"lab", COL_ORG}, {"team", COL_ORG},
    {"机构", COL_ORG}, {"单位", COL_ORG},
    {"tags", COL_TAGS}, {"tag", COL_TAGS}, {"keywords", COL_TAGS}, {"topics", COL_TAGS},
    {"标签", COL_TAGS}, {"关键词", COL_TAGS},
    {"kind", COL_KIND}, {"type", COL_KIND},
    {"#", COL_IGNORE}, {"no.", COL_IGNORE}, {"no", COL_IGNORE}, {"index", COL_IGNORE},
    {"id", COL_IGNORE}, {"stars", COL_IGNORE}, {"star", COL_IGNORE}, {"", COL_IGNORE},
};

static const column_name column_parts[] = {
    {"title", COL_TITLE},
    {"arxiv", COL_ARXIV}, {"preprint", COL_ARXIV},
    {"venue", COL_VENUE}, {"conference", COL_VENUE}, {"journal", COL_VENUE},
    {"publication", COL_VENUE},
    {"code", COL_CODE}, {"github", COL_CODE}, {"repo", COL_CODE},
    {"author", COL_AUTHORS},
    {"affiliation", COL_ORG}, {"organi", COL_ORG}, {"institut", COL_ORG},
    {"keyword", COL_TAGS}, {"tag", COL_TAGS},
    {"note", COL_NOTES}, {"descri", COL_NOTES}, {"summar", COL_NOTES},
    {"comment", COL_SUPP}, {"supplement", COL_SUPP},
    {"year", COL_YEAR},
    {"date", COL_DATE},
    {"link", COL_URL},
};
/* clang-format on */

static int column_role(const char *h, size_t n, bool *warn_unknown)
{
    *warn_unknown = false;
    for (size_t k = 0; k < sizeof column_exact / sizeof column_exact[0]; k++)
        if (md_eq_nocase(h, n, column_exact[k].text))
            return column_exact[k].role;
    for (size_t k = 0; k < sizeof column_parts / sizeof column_parts[0]; k++)
        if (md_contains_nocase(h, n, column_parts[k].text))
            return column_parts[k].role;
    *warn_unknown = true;
    return COL_UNKNOWN;
}

/* A table none of whose columns paperdeck knows and whose rows (from the
 * line after the delimiter row at header+1) hold no link is a legend
 * ("Explanation of the symbols"), not a list of entries. */
static bool rule_legend_table(md *m, size_t header, size_t known)
{
    if (known)
        return false;
    for (size_t j = header + 2; j < m->nlines && md_pipe_unescaped(m->lines[j].s, m->lines[j].n);
         j++)
        if (md_has_substr(m->lines[j].s, m->lines[j].n, "](")
            || md_contains_nocase(m->lines[j].s, m->lines[j].n, "http"))
            return false;
    m->tbl.legend = true;
    return true;
}

void md_table_begin(md *m, size_t i)
{
    table *t = &m->tbl;
    const md_line *l = &m->lines[i];
    cell cells[MAX_COLS];
    size_t dropped;
    t->ncols = md_split_cells(l->s, l->n, cells, MAX_COLS, &dropped);
    t->active = true;
    t->after_blank = false;
    if (dropped)
        md_warn(m, i, "table header has more than 64 columns; the rest are ignored%s", "");
    bool have_title = false, have_arxiv = false;
    int paper_cols[MAX_COLS];
    size_t npaper = 0, nknown = 0;
    t->legend = false;
    for (size_t k = 0; k < t->ncols; k++) {
        md_render(&m->r, cells[k].s, cells[k].n);
        const char *h = m->r.text.s;
        size_t hn = m->r.text.n;
        while (hn && h[hn - 1] == ':')
            hn--;
        md_trim(&h, &hn);
        size_t keep = hn < sizeof t->headers[k] - 1 ? hn : sizeof t->headers[k] - 1;
        /* not the bytes of a character the limit cut: the header goes
         * into notes, which are written out */
        keep = utf8_fit(h, utf8_whole(h, keep), keep, NULL);
        memcpy(t->headers[k], h, keep);
        t->headers[k][keep] = '\0';
        bool unknown;
        if (md_eq_nocase(h, hn, "paper") || md_eq_nocase(h, hn, "papers")
            || md_eq_nocase(h, hn, "论文")) {
            paper_cols[npaper++] = (int)k;
            t->roles[k] = COL_TITLE;
            continue;
        }
        t->roles[k] = (uint8_t)column_role(h, hn, &unknown);
        have_title |= t->roles[k] == COL_TITLE;
        have_arxiv |= t->roles[k] == COL_ARXIV;
        nknown += !unknown;
    }
    if (rule_legend_table(m, i, nknown + npaper)) {
        md_warn(m, i,
                "table with no column paperdeck knows and no links (a legend?): its rows are not "
                "entries%s",
                "");
        return;
    }
    for (size_t k = 0; k < t->ncols; k++)
        if (t->roles[k] == COL_UNKNOWN)
            md_warn(m, i, "table column \"%s\" is not one paperdeck knows; its cells go to notes",
                    t->headers[k]);
    /* "Paper" is the title unless another column is; then it is a link. */
    for (size_t p = 0; p < npaper; p++) {
        if (have_title)
            t->roles[paper_cols[p]] = have_arxiv ? COL_URL : COL_ARXIV;
        have_title = true;
    }
    if (!have_title && t->ncols) {
        t->roles[0] = COL_TITLE;
        md_warn(m, i, "table has no title column; its first column, \"%s\", is taken as the title",
                t->headers[0]);
    }
}

/* The length of the separator at s[i] of a list in s[0..n), 0 when none:
 * ',' and ';', and each of extra (NULL-terminated; extra may be NULL). */
static size_t list_sep(const char *s, size_t n, size_t i, const char *const *extra)
{
    if (s[i] == ',' || s[i] == ';')
        return 1;
    for (; extra && *extra; extra++) {
        size_t k = strlen(*extra);
        if (i + k <= n && memcmp(s + i, *extra, k) == 0)
            return k;
    }
    return 0;
}

/* The next item, trimmed (maybe empty), of the list in s[0..n) from *pos,
 * which it moves past the separator; false after the last item. */
static bool list_next(const char *s, size_t n, size_t *pos, const char *const *extra,
                      const char **t, size_t *tn)
{
    size_t start = *pos, i = start, sep = 0;
    if (start > n)
        return false;
    while (i < n && !(sep = list_sep(s, n, i, extra)))
        i++;
    *t = s + start;
    *tn = i - start;
    md_trim(t, tn);
    *pos = i + (sep ? sep : 1);
    return true;
}

/* The Supplementary heuristic; see the top of the file. */
static void split_supplementary(md *m)
{
    renderer *r = &m->r;
    draft *d = &m->dr;
    for (size_t k = 0; k < r->nspans; k++)
        if (!r->spans[k].emph)
            md_take_link(m, &r->spans[k], true);
    /* The text without the links' own text, split on commas. */
    md_sb_clear(&m->scratch);
    size_t pos = 0;
    for (size_t k = 0; k < r->nspans; k++) {
        const md_span *sp = &r->spans[k];
        if (sp->emph || sp->start < pos)
            continue;
        strbuf_add(&m->scratch, r->text.s + pos, sp->start - pos);
        md_sb_putc(&m->scratch, ',');
        pos = sp->end;
    }
    strbuf_add(&m->scratch, r->text.s + pos, r->text.n - pos);
    cell items[256];
    size_t nitems = 0;
    const char *s = m->scratch.s;
    static const char *const cjk[] = {"，", "；", NULL};
    const char *t;
    size_t tn, at = 0;
    while (list_next(s, m->scratch.n, &at, cjk, &t, &tn)) {
        if (tn && nitems < sizeof items / sizeof items[0])
            items[nitems++] = (cell){t, tn};
        else if (tn)
            md_draft_note(d, t, tn);
    }
    if (nitems) {
        const cell *last = &items[nitems - 1];
        bool org = last->n <= 24 && !memchr(last->s, ' ', last->n);
        org = org
           && ((last->s[0] >= 'A' && last->s[0] <= 'Z')
               || ascii_is_digit((unsigned char)last->s[0]));
        for (size_t i = 0; org && i < last->n; i++)
            if (!ascii_is_alnum((unsigned char)last->s[i]) && !strchr("-&.", last->s[i]))
                org = false;
        if (org && !d->org.len) {
            d->org = md_pool_add(d, last->s, last->n);
            nitems--;
        }
    }
    for (size_t i = 0; i < nitems; i++) {
        if (md_word_count(items[i].s, items[i].n) <= 4 && items[i].n <= 40)
            md_draft_tag(d, items[i].s, items[i].n, true);
        else
            md_draft_note(d, items[i].s, items[i].n);
    }
}

static void split_list(md *m, bool authors)
{
    draft *d = &m->dr;
    const char *s = m->r.text.s;
    static const char *const and_sep[] = {" and ", NULL};
    const char *t;
    size_t tn, pos = 0;
    while (list_next(s, m->r.text.n, &pos, authors ? and_sep : NULL, &t, &tn)) {
        if (authors && md_prefix_nocase(t, tn, "and "))
            t += 4, tn -= 4;
        if (authors && tn > 7
            && (md_eq_nocase(t + tn - 7, 7, " et al.") || md_eq_nocase(t + tn - 6, 6, " et al")))
            tn -= t[tn - 1] == '.' ? 7 : 6;
        if (tn && !(authors && (md_eq_nocase(t, tn, "et al.") || md_eq_nocase(t, tn, "et al")))) {
            if (authors)
                md_list_add(&d->authors, &d->nauthors, &d->authors_cap, md_pool_add(d, t, tn));
            else
                md_draft_tag(d, t, tn, false);
        }
    }
}

/* "| **Name** | [Full Title](arxiv-url) |": when the Paper column's link
 * text is a title, it is the title and the Name column's text a tag. */
static void rule_paper_cell_title(md *m, const md_span *sp)
{
    draft *d = &m->dr;
    const char *lt;
    size_t ln;
    md_span_text(&m->r, sp, &lt, &ln);
    if (sp->image || md_is_generic_label(lt, ln) || md_word_count(lt, ln) < 3
        || (d->title.len && md_word_count(md_pool_str(d, d->title), d->title.len) >= 3))
        return;
    if (d->title.len) { /* copied first: adding to the pool may move it */
        md_sb_clear(&m->tbuf);
        strbuf_add(&m->tbuf, md_pool_str(d, d->title), d->title.len);
        md_draft_tag(d, m->tbuf.s, m->tbuf.n, false);
    }
    d->title = md_pool_add(d, lt, ln);
    md_why(d, MD_F_TITLE, "paper_cell_title");
}

/* One function per column role; each fills the draft from a rendered cell.
 * They share one signature, so each marks what it does not use. */
/* "[Title](url) <br> A. Author, B. Author" in a title cell: the link text
 * is the title, the people after it the authors. */
static bool rule_title_link_authors(md *m)
{
    renderer *r = &m->r;
    const md_span *title = NULL;
    for (size_t k = 0; k < r->nspans && !title; k++)
        if (!r->spans[k].emph && !r->spans[k].image && r->spans[k].end > r->spans[k].start)
            title = &r->spans[k];
    if (!title)
        return false;
    const char *rest = r->text.s + title->end;
    size_t rn = r->text.n - title->end;
    md_trim_seps(&rest, &rn);
    if (!md_authors_like(rest, rn, false))
        return false;
    const char *tt;
    size_t ttn;
    md_span_text(r, title, &tt, &ttn);
    m->dr.title = md_pool_add(&m->dr, tt, ttn);
    md_why(&m->dr, MD_F_TITLE, "title_link_authors");
    md_authors_each(rest, rn, md_draft_author, &m->dr);
    md_why(&m->dr, MD_F_AUTHORS, "title_link_authors");
    return true;
}

/* One trimmed table cell, as every cell_* handler receives it. */
typedef struct md_cell {
    const char *t;
    size_t tn;
    bool dash; /* empty, "-", "n/a": the row has no value here */
    size_t col;
    size_t line_index;
} md_cell;

/* Copies the cell as a C string, cut to fit. */
static void cell_copy(const md_cell *c, char *buf, size_t size)
{
    size_t k = c->tn < size - 1 ? c->tn : size - 1;
    memcpy(buf, c->t, k);
    buf[k] = '\0';
}

/* The cell's links, but for emphasis, as links of the entry: a venue or
 * a note cell may carry the paper's link where the title cell has none. */
static void cell_take_links(md *m)
{
    renderer *r = &m->r;
    for (size_t k = 0; k < r->nspans; k++)
        if (!r->spans[k].emph)
            md_take_link(m, &r->spans[k], false);
}

static void cell_title(md *m, const md_cell *c)
{
    renderer *r = &m->r;
    draft *d = &m->dr;
    bool first = true;
    for (size_t k = 0; k < r->nspans; k++) {
        const md_span *sp = &r->spans[k];
        if (sp->emph)
            continue;
        if (first && !sp->image && sp->end > sp->start)
            md_take_url(m, sp);
        else
            md_take_link(m, sp, false);
        first = false;
    }
    if (c->tn && !d->title.len && !rule_title_link_authors(m))
        /* As written: a table has columns for the venue and year, and
         * an exported list must import back the same. */
        d->title = md_pool_add(d, c->t, c->tn);
    if (d->title.len && !d->why[MD_F_TITLE])
        md_why(d, MD_F_TITLE, "title_cell");
}

static void cell_venue(md *m, const md_cell *c)
{
    draft *d = &m->dr;
    cell_take_links(m);
    if (!c->dash && !d->venue.len)
        d->venue = md_pool_add(d, c->t, c->tn);
}

static void cell_year(md *m, const md_cell *c)
{
    draft *d = &m->dr;
    char buf[64];
    cell_copy(c, buf, sizeof buf);
    int y = year_in_text(buf);
    if (y)
        d->year = y;
}

static void cell_date(md *m, const md_cell *c)
{
    draft *d = &m->dr;
    char date[11];
    if (md_parse_date(c->t, c->tn, date) == c->tn && c->tn) {
        d->date = md_pool_add(d, date, strlen(date));
    } else if (!c->dash) {
        char buf[64];
        cell_copy(c, buf, sizeof buf);
        int y = year_in_text(buf);
        if (y)
            d->year = y;
        else
            md_warn(m, c->line_index, "date \"%s\" is not YYYY, YYYY-MM or YYYY-MM-DD; ignored",
                    buf);
    }
}

static void cell_arxiv(md *m, const md_cell *c)
{
    renderer *r = &m->r;
    draft *d = &m->dr;
    for (size_t k = 0; k < r->nspans; k++) {
        const md_span *sp = &r->spans[k];
        char id[ARXIV_ID_MAX];
        if (sp->emph)
            continue;
        if (!d->arxiv[0] && arxiv_parse(md_span_url(r, sp), sp->url_len, id))
            memcpy(d->arxiv, id, sizeof id); /* as written: the list's own id field */
        else
            md_take_link(m, sp, false);
        rule_paper_cell_title(m, sp);
    }
    if (!d->arxiv[0] && c->tn) {
        char id[ARXIV_ID_MAX];
        if (arxiv_parse(c->t, c->tn, id)) {
            memcpy(d->arxiv, id, sizeof id);
            md_why(d, MD_F_ARXIV, "arxiv_cell");
        }
    }
}

static void cell_code(md *m, const md_cell *c)
{
    renderer *r = &m->r;
    draft *d = &m->dr;
    for (size_t k = 0; k < r->nspans; k++) {
        const md_span *sp = &r->spans[k];
        const char *lt;
        size_t ln;
        if (sp->emph || !sp->url_len)
            continue;
        md_span_text(r, sp, &lt, &ln);
        const char *u = md_span_url(r, sp);
        if (ln)
            md_draft_link_add(d, lt, ln, u, sp->url_len);
        else if (sp->autolink || !md_is_code_host(u, sp->url_len))
            md_draft_link_add(d, NULL, 0, u, sp->url_len);
        else
            md_draft_link_add(d, "code", 4, u, sp->url_len);
    }
}

static void cell_url(md *m, const md_cell *c)
{
    renderer *r = &m->r;
    for (size_t k = 0; k < r->nspans; k++)
        if (!r->spans[k].emph)
            md_take_url(m, &r->spans[k]);
}

static void cell_notes(md *m, const md_cell *c)
{
    draft *d = &m->dr;
    cell_take_links(m);
    if (c->tn)
        md_draft_note(d, c->t, c->tn);
}

static void cell_supp(md *m, const md_cell *c)
{
    split_supplementary(m);
}

static void cell_authors(md *m, const md_cell *c)
{
    split_list(m, true);
}

static void cell_org(md *m, const md_cell *c)
{
    draft *d = &m->dr;
    if (!c->dash)
        d->org = md_pool_add(d, c->t, c->tn);
}

static void cell_tags(md *m, const md_cell *c)
{
    split_list(m, false);
}

static void cell_kind(md *m, const md_cell *c)
{
    draft *d = &m->dr;
    char buf[16];
    entry_kind kind;
    size_t k = c->tn < sizeof buf - 1 ? c->tn : sizeof buf - 1;
    for (size_t j = 0; j < k; j++)
        buf[j] = (char)ascii_lower((unsigned char)c->t[j]);
    buf[k] = '\0';
    if (entry_kind_parse(buf, &kind)) {
        d->kind = (int)kind;
        md_why(d, MD_F_KIND, "kind_column");
    } else if (!c->dash) {
        /* "W", "F", "Survey": the list's own types are tags, not kinds. */
        md_draft_tag(d, c->t, c->tn, false);
        md_why(d, MD_F_TAGS, "type_column_tag");
    }
}

static void cell_unknown(md *m, const md_cell *c)
{
    draft *d = &m->dr;
    cell_take_links(m);
    if (c->tn) {
        md_sb_clear(&m->scratch);
        strbuf_add(&m->scratch, m->tbl.headers[c->col], strlen(m->tbl.headers[c->col]));
        strbuf_add(&m->scratch, ": ", 2);
        strbuf_add(&m->scratch, c->t, c->tn);
        md_draft_note(d, m->scratch.s, m->scratch.n);
    }
}

/* Fills the draft from one rendered cell of the given role; a table by
 * role, so that a new column kind is one handler and one row. */
static void table_cell(md *m, size_t col, size_t line_index)
{
    static void (*const handlers[])(md *, const md_cell *) = {
        [COL_UNKNOWN] = cell_unknown, [COL_TITLE] = cell_title,     [COL_VENUE] = cell_venue,
        [COL_YEAR] = cell_year,       [COL_DATE] = cell_date,       [COL_ARXIV] = cell_arxiv,
        [COL_CODE] = cell_code,       [COL_URL] = cell_url,         [COL_NOTES] = cell_notes,
        [COL_SUPP] = cell_supp,       [COL_AUTHORS] = cell_authors, [COL_ORG] = cell_org,
        [COL_TAGS] = cell_tags,       [COL_KIND] = cell_kind,
    };
    enum col_role role = m->tbl.roles[col];
    if ((size_t)role >= sizeof handlers / sizeof handlers[0] || !handlers[role])
        return; /* COL_IGNORE */
    md_cell c = {.t = m->r.text.s, .tn = m->r.text.n, .col = col, .line_index = line_index};
    md_trim(&c.t, &c.tn);
    c.dash = c.tn == 0 || (c.tn <= 3 && !md_has_letter_or_digit(c.t, c.tn))
          || md_eq_nocase(c.t, c.tn, "n/a");
    handlers[role](m, &c);
}

static const char *const connectives[] = {
    "a",    "an",      "the", "of",  "for", "with",   "and",     "or",
    "to",   "in",      "on",  "via", "by",  "from",   "at",      "as",
    "into", "without", "is",  "are", "vs",  "versus", "towards", "through",
};

/* A cell broken by a row split: joined, or its stray second part dropped
 * (copied to dropped, which then is not empty). */
static void repair_cell(cell *cl, size_t nl_at, bool title, char *dropped, size_t size)
{
    const char *head = cl->s, *frag = cl->s + nl_at + 1;
    size_t hn = nl_at, fn = cl->n - nl_at - 1;
    md_trim(&head, &hn);
    md_trim(&frag, &fn);
    bool one_word = fn && !memchr(frag, ' ', fn) && !memchr(frag, '\t', fn);
    bool capital = fn && frag[0] >= 'A' && frag[0] <= 'Z';
    bool complete = hn && !md_sep_len_before(head, hn) && head[hn - 1] != '('
                 && head[hn - 1] != '&';
    size_t w = hn;
    while (w && !ascii_is_space((unsigned char)head[w - 1]))
        w--;
    for (size_t k = 0; complete && k < sizeof connectives / sizeof connectives[0]; k++)
        if (md_eq_nocase(head + w, hn - w, connectives[k]))
            complete = false;
    if (title && one_word && capital && complete) {
        size_t k = fn < size - 1 ? fn : size - 1;
        k = utf8_fit(frag, k, k, NULL);
        memcpy(dropped, frag, k);
        dropped[k] = '\0';
        cl->n = (size_t)(head + hn - cl->s);
        return;
    }
    /* Join in place: the newline and the white space around it become one
     * space. The cell points into m->row, which we own. */
    char *p = (char *)cl->s;
    size_t out = (size_t)(head + hn - cl->s);
    p[out++] = ' ';
    memmove(p + out, frag, fn);
    cl->n = out + fn;
}

void md_table_row(md *m, size_t *index)
{
    size_t i = *index;
    table *t = &m->tbl;
    const md_line *l = &m->lines[i];
    if (t->legend)
        return;
    /* Join a row that goes on over the next lines. */
    md_sb_clear(&m->row);
    strbuf_add(&m->row, l->s, l->n);
    size_t joins = 0;
    cell cells[MAX_COLS];
    size_t dropped, ncells = md_split_cells(m->row.s, m->row.n, cells, MAX_COLS, &dropped);
    while (ncells < t->ncols && !md_ends_with_pipe(m->row.s, m->row.n) && joins < MAX_JOIN
           && i + 1 < m->nlines) {
        const md_line *nx = &m->lines[i + 1];
        int lv;
        const char *ht;
        size_t hn, mc, co;
        char fc;
        size_t fl;
        if (md_is_blank(nx) || md_starts_with_pipe(nx->s, nx->n)
            || md_atx_heading(nx->s, nx->n, &lv, &ht, &hn)
            || md_bullet_marker(nx->s, nx->n, &mc, &co) || md_fence_open(nx->s, nx->n, &fc, &fl))
            break;
        md_sb_putc(&m->row, '\n');
        strbuf_add(&m->row, nx->s, nx->n);
        ncells = md_split_cells(m->row.s, m->row.n, cells, MAX_COLS, &dropped);
        i++;
        joins++;
    }
    char stray[80] = "";
    for (size_t k = 0; k < ncells; k++) {
        const char *nl;
        while ((nl = memchr(cells[k].s, '\n', cells[k].n)) != NULL)
            repair_cell(&cells[k], (size_t)(nl - cells[k].s),
                        k < t->ncols && t->roles[k] == COL_TITLE, stray, sizeof stray);
    }
    if (joins) {
        char msg[300];
        m->st.repaired++;
        snprintf(msg, sizeof msg, "table row split over lines %zu-%zu: joined%s%s%s", *index + 1,
                 i + 1, stray[0] ? "; the stray \"" : "", stray,
                 stray[0] ? "\" after its complete title was dropped" : "");
        md_warn(m, *index, "%s", msg);
    }
    *index = i;

    md_draft_reset(&m->dr);
    bool any = false;
    for (size_t k = 0; k < ncells; k++)
        any |= cells[k].n > 0;
    if (!any)
        return; /* an empty row: nothing to place, nothing lost */
    size_t line_index = i - joins;
    /* Title first, so that links elsewhere know whether a url is taken. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < ncells && k < t->ncols; k++) {
            if ((t->roles[k] == COL_TITLE) != (pass == 0))
                continue;
            md_render(&m->r, cells[k].s, cells[k].n);
            table_cell(m, k, line_index);
        }
    }
    if (ncells > t->ncols || dropped) {
        for (size_t k = t->ncols; k < ncells; k++) {
            md_render(&m->r, cells[k].s, cells[k].n);
            md_draft_note(&m->dr, m->r.text.s, m->r.text.n);
            for (size_t s = 0; s < m->r.nspans; s++)
                if (!m->r.spans[s].emph)
                    md_take_link(m, &m->r.spans[s], false);
        }
        char msg[32];
        snprintf(msg, sizeof msg, "%zu", ncells + dropped);
        md_warn(m, line_index,
                "table row has %s cells, more than its header: the extra cells went to notes", msg);
    }
    if (!m->dr.title.len) {
        md_warn(m, line_index, "table row without a title: skipped%s", "");
        m->st.skipped++;
        return;
    }
    md_commit(m, line_index);
}

/* -- bullets -- */

/* A child bullet with generic links only ("[code](...)") belongs to the
 * entry above it. */
