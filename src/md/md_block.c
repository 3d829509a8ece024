/* md_block: the block reader: lines into headings, fences, comments, tables,
 * bullet items and paragraphs, dispatched to the table and bullet readers. */
#include "md_internal.h"

#include <stdlib.h>
#include <string.h>

#include "paperdeck/arxiv.h"
#include "paperdeck/ascii.h"
#include "paperdeck/utf8.h"
#include "paperdeck/xalloc.h"

/* ---- lines -------------------------------------------------------------- */

/* Leading white space: bytes and columns (a tab to the next multiple of 4). */
size_t md_indent_of(const char *s, size_t n, size_t *cols)
{
    size_t i = 0, c = 0;
    for (; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
        c = s[i] == '\t' ? (c + 4) & ~(size_t)3 : c + 1;
    if (cols)
        *cols = c;
    return i;
}

bool md_is_blank(const md_line *l)
{
    for (uint32_t i = 0; i < l->n; i++)
        if (!ascii_is_space((unsigned char)l->s[i]))
            return false;
    return true;
}

bool md_atx_heading(const char *s, size_t n, int *level, const char **text, size_t *tn)
{
    size_t cols, i = md_indent_of(s, n, &cols), k = 0;
    if (cols > 3)
        return false;
    while (i + k < n && s[i + k] == '#')
        k++;
    if (k < 1 || k > 6 || (i + k < n && s[i + k] != ' ' && s[i + k] != '\t'))
        return false;
    const char *t = s + i + k;
    size_t m = n - i - k;
    md_trim(&t, &m);
    /* A closing run of #s after a space is not part of the text. */
    size_t e = m;
    while (e && t[e - 1] == '#')
        e--;
    if (e < m && (e == 0 || t[e - 1] == ' ' || t[e - 1] == '\t')) {
        m = e;
        md_trim(&t, &m);
    }
    *level = (int)k;
    *text = t;
    *tn = m;
    return true;
}

bool md_fence_open(const char *s, size_t n, char *ch, size_t *len)
{
    size_t cols, i = md_indent_of(s, n, &cols), k = 0;
    if (cols > 3 || i >= n || (s[i] != '`' && s[i] != '~'))
        return false;
    while (i + k < n && s[i + k] == s[i])
        k++;
    if (k < 3)
        return false;
    if (s[i] == '`' && memchr(s + i + k, '`', n - i - k))
        return false;
    *ch = s[i];
    *len = k;
    return true;
}

static bool fence_close(const char *s, size_t n, char ch, size_t len)
{
    size_t cols, i = md_indent_of(s, n, &cols), k = 0;
    if (cols > 3)
        return false;
    while (i + k < n && s[i + k] == ch)
        k++;
    if (k < len)
        return false;
    for (size_t j = i + k; j < n; j++)
        if (!ascii_is_space((unsigned char)s[j]))
            return false;
    return true;
}

/* "---", "***", "___" (spaces allowed between). */
static bool thematic_break(const char *s, size_t n)
{
    size_t cols, i = md_indent_of(s, n, &cols), count = 0;
    if (cols > 3 || i >= n || !strchr("-*_", s[i]))
        return false;
    char c = s[i];
    for (; i < n; i++) {
        if (s[i] == c)
            count++;
        else if (!ascii_is_space((unsigned char)s[i]))
            return false;
    }
    return count >= 3;
}

/* A list item marker: [-*+] or 1-9 digits and [.)], then a space or the end
 * of the line. *content is where its text starts. */
bool md_bullet_marker(const char *s, size_t n, size_t *marker_col, size_t *content)
{
    size_t cols, i = md_indent_of(s, n, &cols);
    if (i >= n || thematic_break(s, n))
        return false;
    size_t j = i;
    if (s[i] == '-' || s[i] == '*' || s[i] == '+') {
        j = i + 1;
    } else {
        while (j < n && j - i < 9 && ascii_is_digit((unsigned char)s[j]))
            j++;
        if (j == i || j >= n || (s[j] != '.' && s[j] != ')'))
            return false;
        j++;
    }
    if (j < n && s[j] != ' ' && s[j] != '\t')
        return false;
    while (j < n && (s[j] == ' ' || s[j] == '\t'))
        j++;
    *marker_col = cols;
    *content = j;
    return true;
}

bool md_pipe_unescaped(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\')
            i++;
        else if (s[i] == '|')
            return true;
    }
    return false;
}

bool md_ends_with_pipe(const char *s, size_t n)
{
    md_trim(&s, &n);
    return n && s[n - 1] == '|' && (n < 2 || s[n - 2] != '\\');
}

bool md_starts_with_pipe(const char *s, size_t n)
{
    md_trim(&s, &n);
    return n && s[0] == '|';
}

/* Splits a table row on unescaped pipes; the outer pipes are optional.
 * Returns the number of cells (at most max; the rest are counted in
 * *dropped). */
size_t md_split_cells(const char *s, size_t n, cell *cells, size_t max, size_t *dropped)
{
    md_trim(&s, &n);
    if (n && s[0] == '|') {
        s++;
        n--;
    }
    if (n && s[n - 1] == '|' && (n < 2 || s[n - 2] != '\\'))
        n--;
    size_t k = 0, start = 0;
    *dropped = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] == '\\') {
            i++;
            continue;
        }
        if (i < n && s[i] != '|')
            continue;
        if (k < max) {
            cells[k].s = s + start;
            cells[k].n = (i < n ? i : n) - start;
            md_trim(&cells[k].s, &cells[k].n);
            k++;
        } else {
            (*dropped)++;
        }
        start = i + 1;
    }
    return k;
}

static bool delimiter_row(const char *s, size_t n)
{
    if (!md_pipe_unescaped(s, n) && !memchr(s, '-', n))
        return false;
    cell cells[MAX_COLS];
    size_t dropped, k = md_split_cells(s, n, cells, MAX_COLS, &dropped);
    if (!k)
        return false;
    for (size_t c = 0; c < k; c++) {
        const char *t = cells[c].s;
        size_t m = cells[c].n, dashes = 0;
        for (size_t i = 0; i < m; i++) {
            if (t[i] == '-')
                dashes++;
            else if (!(t[i] == ':' && (i == 0 || i == m - 1)))
                return false;
        }
        if (!dashes)
            return false;
    }
    return md_pipe_unescaped(s, n) || k > 0;
}

/* The rendered heading without in-page navigation ("(back to top)" and
 * other links to #anchors, when there is other text), emoji and keycaps;
 * rewrites m->r.text in place and returns its length. */
static size_t heading_text(md *m)
{
    renderer *r = &m->r;
    char *s = r->text.s;
    size_t n = r->text.n, k = 0, from = 0;
    /* One pass over the spans (sorted by start): copy what is not an
     * in-page link, unless the link is the whole heading. */
    for (size_t j = 0; j < r->nspans; j++) {
        const md_span *sp = &r->spans[j];
        if (sp->emph || !sp->url_len || md_span_url(r, sp)[0] != '#' || sp->start < from
            || sp->end > n || (sp->start == 0 && sp->end == n))
            continue;
        memmove(s + k, s + from, sp->start - from);
        k += sp->start - from;
        from = sp->end;
    }
    memmove(s + k, s + from, n - from);
    n = md_strip_heading_decorations(s, k + n - from);
    s[n] = '\0';
    r->text.n = n;
    return n;
}

void md_heading(md *m, size_t i, int level, const char *t, size_t tn)
{
    if ((int)i == m->title_h1) {
        m->in_title_area = true;
        return;
    }
    m->in_title_area = false;
    m->last_entry = -1;
    md_render(&m->r, t, tn);
    size_t nn = heading_text(m);
    const char *name = m->r.text.s;
    md_trim(&name, &nn);
    /* A table of contents ends at the next heading of any level: it is
     * never the parent of the sections after it. */
    while (m->nsecs && (m->secs[m->nsecs - 1].level >= level || m->secs[m->nsecs - 1].toc))
        md_sec_pop(m);
    if (!nn) {
        md_warn(m, i, "empty heading: ignored%s", "");
        return;
    }
    md_sec_push(m, name, nn, (uint32_t)(i + 1), level, 0);
}

static void paragraph(md *m, size_t i)
{
    if (!m->in_title_area || m->description_done || m->as_group)
        return;
    md_render(&m->r, m->lines[i].s, m->lines[i].n);
    if (!m->r.text.n)
        return; /* badges only */
    if (m->description.n)
        md_sb_putc(&m->description, ' ');
    strbuf_add(&m->description, m->r.text.s, m->r.text.n);
}

void md_end_paragraph(md *m)
{
    if (m->description.n)
        m->description_done = true;
}

/* HTML blocks: "<summary>2024</summary>" gives the entries of its
 * <details> that year (when they state none); "</details>" ends it. */
static void html_line(md *m, const char *s, size_t n)
{
    if (md_contains_nocase(s, n, "<summary")) {
        md_render(&m->r, s, n);
        int y = md_year_label(m->r.text.s, m->r.text.n);
        m->summary_year = y;
    }
    if (md_contains_nocase(s, n, "</details"))
        m->summary_year = 0;
}

/* A line that is not in a fence, comment, bullet item or table: a stray
 * table row, a reference definition, a setext heading, HTML or prose. */
static void other_line(md *m, size_t *index, size_t ind, size_t cols)
{
    size_t i = *index;
    const char *s = m->lines[i].s;
    size_t n = m->lines[i].n;
    if (md_starts_with_pipe(s, n) && !delimiter_row(s, n)) {
        md_warn(m, i, "table row outside a table (no header and delimiter row above): skipped%s",
                "");
        m->st.skipped++;
        return;
    }
    if (md_ref_definition(s, n, NULL) || thematic_break(s, n))
        return;
    /* Setext heading: a paragraph line underlined with = or -. */
    if (i + 1 < m->nlines && cols < 4) {
        const md_line *u = &m->lines[i + 1];
        const char *us = u->s;
        size_t un = u->n, k = 0;
        md_trim(&us, &un);
        while (k < un && us[k] == us[0])
            k++;
        if (un && k == un && (us[0] == '=' || us[0] == '-')) {
            md_end_paragraph(m);
            md_heading(m, i, us[0] == '=' ? 1 : 2, s + ind, n - ind);
            *index = i + 1;
            return;
        }
    }
    if (s[ind] == '<')
        html_line(m, s + ind, n - ind);
    if (s[ind] == '>' || s[ind] == '<') {
        md_end_paragraph(m);
        return;
    }
    paragraph(m, i);
}

typedef struct block_state {
    bool in_fence, in_comment;
    char fch;
    size_t flen;
} block_state;

/* Lines inside a fence or an HTML comment, and blank lines (which end a
 * table and mark a bullet item), need nothing more. */
static bool passive_line(md *m, const md_line *l, block_state *b)
{
    if (b->in_fence) {
        if (fence_close(l->s, l->n, b->fch, b->flen))
            b->in_fence = false;
        return true;
    }
    if (b->in_comment) {
        if (l->n >= 3 && md_has_substr(l->s, l->n, "-->"))
            b->in_comment = false;
        return true;
    }
    if (!md_is_blank(l))
        return false;
    if (m->it.active)
        m->it.blank_seen = true;
    if (m->tbl.active) {
        m->tbl.active = false;
        m->tbl.after_blank = true;
    }
    md_end_paragraph(m);
    return true;
}

void md_parse_blocks(md *m)
{
    block_state bs = {0};
    for (size_t i = 0; i < m->nlines; i++) {
        const md_line *l = &m->lines[i];
        const char *s = l->s;
        size_t n = l->n;
        if (passive_line(m, l, &bs))
            continue;
        size_t cols, ind = md_indent_of(s, n, &cols);
        int level;
        const char *ht;
        size_t hn, mc, content;
        bool is_bullet = md_bullet_marker(s, n, &mc, &content);
        bool is_heading = md_atx_heading(s, n, &level, &ht, &hn);
        bool fence = md_fence_open(s, n, &bs.fch, &bs.flen);
        bool pipe = md_pipe_unescaped(s, n);
        bool table_start = pipe && i + 1 < m->nlines
                        && delimiter_row(m->lines[i + 1].s, m->lines[i + 1].n)
                        && !delimiter_row(s, n);
        /* Continuation of the current bullet item. */
        if (m->it.active && !is_bullet && !is_heading && !fence && !table_start
            && !(m->tbl.active && pipe) && !thematic_break(s, n)
            && (!m->it.blank_seen || cols >= m->it.content_col)) {
            md_sb_putc(&m->it.text, ' ');
            strbuf_add(&m->it.text, s + ind, n - ind);
            continue;
        }
        md_item_flush(m, i);
        if (!(m->tbl.active && pipe))
            md_pop_groups(m, is_heading ? 0 : cols);
        if (fence) {
            bs.in_fence = true;
            m->tbl.active = m->tbl.after_blank = false;
            continue;
        }
        if (n - ind >= 4 && memcmp(s + ind, "<!--", 4) == 0) {
            if (!md_has_substr(s + ind + 4, n - ind - 4, "-->"))
                bs.in_comment = true;
            continue;
        }
        if (is_heading) {
            m->tbl.active = m->tbl.after_blank = false;
            md_end_paragraph(m);
            md_heading(m, i, level, ht, hn);
            continue;
        }
        if (table_start) {
            m->in_title_area = false;
            md_end_paragraph(m);
            md_table_begin(m, i);
            i++;
            continue;
        }
        if (pipe && (m->tbl.active || (m->tbl.after_blank && md_starts_with_pipe(s, n)))) {
            if (!m->tbl.active)
                md_warn(m, i, "table row after a blank line: taken as part of the table above%s",
                        "");
            m->tbl.active = true;
            m->tbl.after_blank = false;
            md_table_row(m, &i);
            continue;
        }
        m->tbl.active = m->tbl.after_blank = false;
        if (is_bullet) {
            m->in_title_area = false;
            md_end_paragraph(m);
            md_item_start(m, i, mc, content);
            continue;
        }
        other_line(m, &i, ind, cols);
    }
    md_item_flush(m, m->nlines);
}

/* A paragraph line underlined with "=". */
static bool setext_h1(const md *m, size_t i)
{
    if (i + 1 >= m->nlines || md_is_blank(&m->lines[i]))
        return false;
    const md_line *l = &m->lines[i];
    size_t mc, co, cols;
    md_indent_of(l->s, l->n, &cols);
    if (cols > 3 || md_bullet_marker(l->s, l->n, &mc, &co) || md_pipe_unescaped(l->s, l->n))
        return false;
    const char *u = m->lines[i + 1].s;
    size_t un = m->lines[i + 1].n, k = 0;
    md_trim(&u, &un);
    while (k < un && u[k] == '=')
        k++;
    return un && k == un;
}

/* Splits the buffer into lines, counts the h1s and collects link
 * reference definitions. */
/* Sets the list's title from line i (a heading or an HTML <h1> line). */
static bool title_from(md *m, int i, bool heading)
{
    int level;
    const char *t = m->lines[i].s;
    size_t tn = m->lines[i].n;
    if (!md_atx_heading(t, tn, &level, &t, &tn))
        md_trim(&t, &tn);
    md_render(&m->r, t, tn);
    char *s = m->r.text.s;
    size_t n = md_strip_heading_decorations(s, m->r.text.n);
    if (!n)
        return false;
    if (heading)
        m->title_h1 = i;
    m->title = xrealloc(NULL, n + 1);
    memcpy(m->title, s, n);
    m->title[n] = '\0';
    return true;
}

/* The document's title: the only H1, else an HTML <h1> above every
 * heading. Several H1s are all sections ("# Papers" after "# Contents"). */
static void find_title(md *m, size_t h1, int first, int html_h1)
{
    m->title_h1 = -1;
    if (h1 == 1 && title_from(m, first, true))
        return;
    if (html_h1 >= 0)
        title_from(m, html_h1, false);
}

void md_scan_lines(md *m, const char *buf, size_t len)
{
    size_t cap = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - buf) : len;
        size_t n = e - i;
        if (n && buf[i + n - 1] == '\r')
            n--;
        m->lines = array_grow(m->lines, &cap, m->nlines + 1, sizeof *m->lines);
        m->lines[m->nlines++] = (md_line){buf + i, (uint32_t)n};
        i = e + 1;
    }
    bool in_fence = false, heading_seen = false;
    char fch = 0;
    size_t flen = 0, h1 = 0;
    int first = -1, html_h1 = -1;
    for (size_t i = 0; i < m->nlines; i++) {
        const md_line *l = &m->lines[i];
        if (in_fence) {
            in_fence = !fence_close(l->s, l->n, fch, flen);
            continue;
        }
        if (md_fence_open(l->s, l->n, &fch, &flen)) {
            in_fence = true;
            continue;
        }
        int level;
        const char *t;
        size_t tn;
        bool atx = md_atx_heading(l->s, l->n, &level, &t, &tn);
        if ((atx && level == 1) || (!atx && setext_h1(m, i))) {
            if (!h1++)
                first = (int)i;
        }
        if (!heading_seen && html_h1 < 0 && !atx && md_contains_nocase(l->s, l->n, "<h1"))
            html_h1 = (int)i;
        heading_seen |= atx;
        md_ref_definition(l->s, l->n, &m->refs);
    }
    find_title(m, h1, first, html_h1);
}
