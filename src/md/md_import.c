/* md_import: awesome-list markdown into a catalog; see md_import.h.
 *
 * The importer is a pipeline, one file per concern (src/md/):
 *   md_text.c    buffers, byte classes, separators
 *   md_inline.c  link reference definitions and the inline renderer
 *                (a cell or bullet -> plain text + link/emphasis spans)
 *   md_block.c   lines -> headings, fences, tables, bullets, HTML blocks
 *   md_table.c   table rows read by what their columns mean
 *   md_bullet.c  a bullet's spans -> a draft entry
 *   md_rules.c   the entry recogniser's small named rules
 *   md_draft.c   sections, the draft entry and its commit to the catalog
 *   md_explain.c which rule gave each field (import --explain)
 *
 * Why hand-written and not libcmark-gfm. Debian's libcmark-gfm parses GFM
 * tables to the spec, and that is the problem: the files this reads are
 * broken in ways the spec has an answer for that is not what the author
 * meant. Run over the seed, cmark-gfm turns the Linformer row (split over
 * two lines) into two rows, "Linformer..." with three empty cells and a row
 * titled "Transformer" holding the arXiv id; cells beyond the header's count
 * are dropped without a trace (we must warn and keep them); a header whose
 * delimiter row has a different cell count makes the whole table a
 * paragraph. Every repair the issue asks for is a line-level heuristic
 * (join a row that continues on the next line, take a table row after a
 * stray blank line, read an indented table under a bullet as its group), so
 * with a spec parser we would first undo its block structure through source
 * positions and then re-parse lines anyway. What a library does do well,
 * the inline syntax, is small enough to write here with linear-time bracket
 * matching, and that also keeps a dependency out of the build. So: blocks
 * line by line, inlines by a small renderer that turns a cell or a bullet
 * into plain text plus the links and emphasis spans found in it.
 *
 * The rules, in short:
 * - Headings make the section tree; the only "# h1" is the list's title; a
 *   section named "Contents" / "Table of Contents" / "TOC" is a table of
 *   contents (its bullets are skipped), and so is any bullet whose links
 *   all point inside the page (#anchor). Sections that end up without
 *   entries are left out. Fenced code, HTML comments, quotes, prose and
 *   badges are not entries; the first paragraph under the title is the
 *   description.
 * - A table is a line with a pipe followed by a delimiter row. Columns are
 *   read by what their header means (see column_role), in any order.
 *   A row with fewer cells than the header that does not end in a pipe and
 *   is followed by a line that does not start with one continues on that
 *   line (the seed's Linformer row); the two parts of the broken cell are
 *   joined with a space, unless the second part is a single capitalised word
 *   after a title that reads complete, which is a stray fragment: it is
 *   dropped, with a warning that names it. Extra cells go to notes, with a
 *   warning. A row without a title is skipped, with a warning.
 * - "Supplementary"-like columns are split as a careful person would: links
 *   become entry links (label "code" for GitHub/GitLab, else the link
 *   text); the rest is split on commas; a last item that is one capitalised
 *   token ("Microsoft", "THU", "AI2") is the org; items of at most four
 *   words are tags (lower-cased); longer ones go to notes.
 * - Bullets: "[Title](url), Venue Year", "Title. *Venue*, 2021. [[paper](u)]
 *   [[code](u)]", "(2023-10) [Name](url), description", "Title text
 *   [site](url)" (the link is the entry's url and its text goes to notes).
 *   A bullet that is not an entry but has indented bullets or a table under
 *   it becomes a sub-section named by its text; an indented bullet with only
 *   generic links ("code", "paper") adds them to the entry above it.
 * - Kind: see md_infer_kind(). */
#include "md_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "paperdeck/arxiv.h"
#include "paperdeck/fileio.h"
#include "paperdeck/ascii.h"
#include "paperdeck/utf8.h"
#include "paperdeck/xalloc.h"

static char *stem_of(const char *name)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    size_t n = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && dot != base)
        n = (size_t)(dot - base);
    char *s = xrealloc(NULL, n + 1);
    memcpy(s, base, n);
    s[n] = '\0';
    return s;
}

/* Markdown lists must be UTF-8: an error at the first bad byte's line and
 * column otherwise. */
static bool valid_utf8(const char *name, const char *buf, size_t len, diag *d)
{
    size_t bad;
    if (utf8_validate(buf, len, &bad))
        return true;
    uint32_t line = 1, col = 1;
    for (size_t i = 0; i < bad; i++) {
        if (buf[i] == '\n') {
            line++;
            col = 1;
        } else if (((unsigned char)buf[i] & 0xC0) != 0x80) {
            col++;
        }
    }
    diag_add(d, DIAG_ERROR, name, line, col,
             buf[bad] ? "invalid UTF-8 (byte 0x%02X): markdown lists must be UTF-8"
                      : "NUL byte (0x%02X): markdown lists must be UTF-8 text",
             (unsigned char)buf[bad]);
    return false;
}

static int import_run(catalog *c, const char *name, const char *buf, size_t len, bool as_group,
                      diag *d, md_stats *stats, FILE *explain)
{
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        buf += 3;
        len -= 3;
    }
    if (!valid_utf8(name, buf, len, d))
        return -1;
    md *m = xrealloc(NULL, sizeof *m);
    memset(m, 0, sizeof *m);
    m->c = c;
    m->d = d;
    m->name = name;
    m->as_group = as_group;
    m->explain = explain;
    m->last_entry = -1;
    m->r.refs = &m->refs;
    m->file = catalog_add_file(c, name);
    size_t errors_before = d->errors;
    md_scan_lines(m, buf, len);
    if (!m->title)
        m->title = strcmp(name, "<stdin>") == 0 ? strcpy(xrealloc(NULL, 1), "") : stem_of(name);
    if (as_group) {
        const char *g = m->title[0] ? m->title : "List";
        md_sec_push(m, g, strlen(g), 0, 0, 0);
        md_secs_open(m);
    } else if (!c->title[0]) {
        catalog_set_title(c, m->title, NULL);
    }
    m->in_title_area = m->title_h1 >= 0 || !as_group;
    md_parse_blocks(m);
    md_end_paragraph(m);
    if (m->description.n && !as_group && !c->description)
        catalog_set_title(c, NULL, m->description.s);
    while (m->nsecs)
        md_sec_pop(m);
    if (stats)
        *stats = m->st;
    md_renderer_free(&m->r);
    md_draft_free(&m->dr);
    hash_slots_free(&m->refs.slots);
    free(m->refs.recs);
    free(m->refs.pool.s);
    free(m->lines);
    free(m->secs);
    free(m->it.text.s);
    free(m->scratch.s);
    free(m->row.s);
    free(m->left.s);
    free(m->tbuf.s);
    free(m->description.s);
    free(m->title);
    free(m);
    return d->errors > errors_before ? -1 : 0;
}

int md_import_buffer(catalog *c, const char *name, const char *buf, size_t len, bool as_group,
                     diag *d, md_stats *stats)
{
    return import_run(c, name, buf, len, as_group, d, stats, NULL);
}

int md_import_explain(FILE *out, const char *name, const char *buf, size_t len, diag *d)
{
    catalog *c = catalog_new();
    md_stats st = {0};
    int rc = import_run(c, name, buf, len, false, d, &st, out);
    if (rc == 0)
        fprintf(out, "%s: %u entries, %u rows not read as entries\n", name, st.entries, st.skipped);
    catalog_free(c);
    return rc;
}

/* Reads a list whole, "-" being stdin where dash_is_stdin; NULL, with the
 * reason in d, when it cannot be opened or read. */
static char *read_list(const char *path, bool dash_is_stdin, size_t *n, diag *d)
{
    bool in = dash_is_stdin && strcmp(path, "-") == 0;
    FILE *f = in ? stdin : fopen(path, "rb");
    if (!f) {
        diag_add(d, DIAG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    *n = 0;
    char *buf = fileio_read_stream(f, n);
    int e = errno;
    if (!in)
        fclose(f);
    if (!buf)
        diag_add(d, DIAG_ERROR, path, 0, 0, "cannot read: %s", strerror(e ? e : EIO));
    return buf;
}

int md_explain_file(FILE *out, const char *path, diag *d)
{
    size_t n;
    char *buf = read_list(path, true, &n, d);
    if (!buf)
        return -1;
    int rc = md_import_explain(out, strcmp(path, "-") == 0 ? "<stdin>" : path, buf, n, d);
    free(buf);
    return rc;
}

int md_import_file(catalog *c, const char *path, bool as_group, diag *d, md_stats *stats)
{
    size_t n;
    char *buf = read_list(path, false, &n, d);
    if (!buf)
        return -1;
    if (n == 0) {
        diag_add(d, DIAG_ERROR, path, 0, 0, "empty file: expected a markdown list");
        free(buf);
        return -1;
    }
    int rc = md_import_buffer(c, path, buf, n, as_group, d, stats);
    free(buf);
    return rc;
}

bool md_is_markdown_path(const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return false;
    static const char *const exts[] = {".md", ".markdown", ".mdown", ".mkd", ".mkdn"};
    for (size_t k = 0; k < sizeof exts / sizeof exts[0]; k++)
        if (md_eq_nocase(dot, strlen(dot), exts[k]))
            return true;
    return false;
}

bool md_warning_skips_row(const char *text)
{
    /* the warnings of the rows counted in md_stats.skipped (md_block.c,
     * md_table.c, md_bullet.c) end so */
    static const char *const ends[] = {": skipped", ": not an entry"};
    size_t n = strlen(text);
    for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++) {
        size_t e = strlen(ends[k]);
        if (n >= e && memcmp(text + n - e, ends[k], e) == 0)
            return true;
    }
    return false;
}

bool md_sniff(const char *buf, size_t len)
{
    /* "# ..." is a heading in markdown and a comment in YAML, so such
     * lines only count when the first other line does not decide. */
    static const char *const keys[] = {"paperdeck:", "title:", "description:", "sections:"};
    bool hash = false;
    size_t i = 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len) {
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - buf) : len;
        const char *s = buf + i;
        size_t n = e - i;
        i = e + 1;
        md_trim(&s, &n);
        if (!n)
            continue;
        if (s[0] == '#') {
            hash = true;
            continue;
        }
        if ((n >= 3 && memcmp(s, "---", 3) == 0) || s[0] == '%')
            return false;
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
            if (md_prefix_nocase(s, n, keys[k]))
                return false;
        return hash || strchr("|-*+<[!", s[0]) != NULL;
    }
    return hash;
}

void md_print_summary(FILE *out, const catalog *c, const char *name, const md_stats *st)
{
    fprintf(out, "imported %u entr%s from %s\n", st->entries, st->entries == 1 ? "y" : "ies", name);
    uint32_t *counts = xrealloc(NULL, (c->nsections + 1) * sizeof *counts);
    memset(counts, 0, (c->nsections + 1) * sizeof *counts);
    for (uint32_t i = 0; i < c->nentries; i++)
        if (c->entries[i].section < c->nsections)
            counts[c->entries[i].section]++;
    size_t width = 0;
    for (uint32_t s = 0; s < c->nsections; s++)
        if (counts[s] && utf8_width(c->sections[s].path, strlen(c->sections[s].path)) > width)
            width = utf8_width(c->sections[s].path, strlen(c->sections[s].path));
    for (uint32_t s = 0; s < c->nsections; s++) {
        if (!counts[s])
            continue;
        const char *p = c->sections[s].path;
        size_t w = utf8_width(p, strlen(p));
        fprintf(out, "  %s%*s %5u\n", p, (int)(width - w), "", counts[s]);
    }
    free(counts);
    fprintf(out, "%u row%s skipped", st->skipped, st->skipped == 1 ? "" : "s");
    if (st->repaired)
        fprintf(out, ", %u split row%s joined", st->repaired, st->repaired == 1 ? "" : "s");
    fputc('\n', out);
}
