/* md_export: a view as an awesome-list README; see md_export.h. The text is
 * escaped for md_import: every character the importer's inline parser
 * gives a meaning to is written with a backslash, "://" and "www." are
 * broken up so that they are not taken for bare links, and URLs escape the
 * characters that would end them. */
#include "paperdeck/md_export.h"
#include "paperdeck/xalloc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "paperdeck/ascii.h"
#include "paperdeck/md_import.h"
#include "paperdeck/utf8.h"

/* Text in a cell, a heading or a paragraph; an absent field (NULL) writes
 * nothing. */
static void put_text(FILE *out, const char *s)
{
    for (size_t i = 0; s && s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n' || c == '\t' || c == '\r') {
            fputc(' ', out);
        } else if (c < 0x20 || c == 0x7f
                   || (c == 0xc2 && (unsigned char)s[i + 1] >= 0x80
                       && (unsigned char)s[i + 1] <= 0x9f)) {
            /* a README has no way to escape a terminal control (ESC, BEL,
             * a C1 such as U+009B): it is written as its visible picture */
            uint32_t cp = c == 0xc2 ? (unsigned char)s[++i] : c;
            char enc[4];
            size_t enc_len = utf8_encode(utf8_visible(cp), enc);
            fwrite(enc, 1, enc_len, out);
        } else if (strchr("\\|[]*_`<>&~#!", c)) {
            fputc('\\', out);
            fputc(c, out);
        } else if (c == ':' && s[i + 1] == '/' && s[i + 2] == '/') {
            fputs("\\:", out);
        } else if ((c == 'w' || c == 'W') && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '(')
                   && strncmp(s + i + 1, "ww.", 3) == 0) {
            fputc(c, out);
            fputs("ww\\.", out);
            i += 3;
        } else {
            fputc(c, out);
        }
    }
}

/* A paragraph must not start like a list item, a heading or a quote. */
static void put_paragraph(FILE *out, const char *s)
{
    size_t d = 0;
    while (s[d] >= '0' && s[d] <= '9')
        d++;
    if (strchr("-+=>", s[0]) && s[0])
        fputc('\\', out);
    else if (d && (s[d] == '.' || s[d] == ')')) {
        fwrite(s, 1, d, out);
        fputc('\\', out);
        s += d;
    }
    put_text(out, s);
}

static void put_url(FILE *out, const char *u)
{
    for (size_t i = 0; u[i]; i++) {
        unsigned char c = (unsigned char)u[i];
        if (strchr("\\|()[]<>", c))
            fprintf(out, "\\%c", c);
        else if (c <= ' ' || c == 0x7f)
            fprintf(out, "%%%02X", c);
        else
            fputc(c, out);
    }
}

static bool autolink_ok(const char *u)
{
    const char *colon = strchr(u, ':');
    if (!colon || colon == u || strpbrk(u, " <>\t\n\r\\|"))
        return false;
    for (const char *p = u; p < colon; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')
              || *p == '+' || *p == '.' || *p == '-'))
            return false;
    return colon - u >= 2;
}

static void put_list(FILE *out, const char *const *items, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            fputs(", ", out);
        put_text(out, items[i]);
    }
}

enum {
    C_TITLE,
    C_VENUE,
    C_YEAR,
    C_ARXIV,
    C_CODE,
    C_AUTHORS,
    C_ORG,
    C_TAGS,
    C_DATE,
    C_KIND,
    C_NOTES,
    C_COUNT
};

static const char *const col_names[C_COUNT] = {"Title", "Venue", "Year", "arXiv", "Code", "Authors",
                                               "Org",   "Tags",  "Date", "Kind",  "Notes"};

/* [text](url) */
static void put_link(FILE *out, const char *text, const char *url)
{
    fputc('[', out);
    put_text(out, text);
    fputs("](", out);
    put_url(out, url);
    fputc(')', out);
}

static void put_cell(FILE *out, const catalog *c, const entry *e, int col)
{
    switch (col) {
    case C_TITLE:
        if (e->url)
            put_link(out, e->title, e->url);
        else
            put_text(out, e->title);
        break;
    case C_VENUE:
        put_text(out, e->venue);
        break;
    case C_YEAR:
        if (e->year)
            fprintf(out, "%d", e->year);
        break;
    case C_ARXIV:
        if (e->arxiv) {
            fprintf(out, "[%s](https://arxiv.org/abs/", e->arxiv);
            put_url(out, e->arxiv);
            fputc(')', out);
        }
        break;
    case C_CODE:
        for (uint32_t i = 0; i < e->nlinks; i++) {
            const entry_link *l = &e->links[i];
            if (i)
                fputs(", ", out);
            if (!l->label && autolink_ok(l->url)) {
                fprintf(out, "<%s>", l->url);
                continue;
            }
            put_link(out, l->label ? l->label : l->url, l->url);
        }
        break;
    case C_AUTHORS:
        put_list(out, e->authors, e->nauthors);
        break;
    case C_ORG:
        put_text(out, e->org);
        break;
    case C_TAGS:
        put_list(out, e->tags, e->ntags);
        break;
    case C_DATE:
        if (e->date && !(e->flags & ENTRY_DATE_DERIVED))
            put_text(out, e->date);
        break;
    case C_KIND:
        if (e->kind != md_infer_kind(c, e->section, e->arxiv != NULL, e->venue != NULL))
            fputs(entry_kind_name((entry_kind)e->kind), out);
        break;
    default:
        put_text(out, e->notes);
        break;
    }
}

/* Which optional columns some entry of the table needs. */
static void table_columns(const catalog *c, const uint32_t *ids, uint32_t n, bool use[C_COUNT])
{
    for (int k = 0; k < C_COUNT; k++)
        use[k] = k <= C_CODE || k == C_NOTES;
    for (uint32_t i = 0; i < n; i++) {
        const entry *e = &c->entries[ids[i]];
        use[C_AUTHORS] |= e->nauthors > 0;
        use[C_ORG] |= e->org != NULL;
        use[C_TAGS] |= e->ntags > 0;
        use[C_DATE] |= e->date && !(e->flags & ENTRY_DATE_DERIVED);
        use[C_KIND] |= e->kind != md_infer_kind(c, e->section, e->arxiv != NULL, e->venue != NULL);
    }
}

static void put_table(FILE *out, const catalog *c, const uint32_t *ids, uint32_t n)
{
    bool use[C_COUNT];
    table_columns(c, ids, n, use);
    for (int k = 0; k < C_COUNT; k++)
        if (use[k])
            fprintf(out, "| %s ", col_names[k]);
    fputs("|\n", out);
    for (int k = 0; k < C_COUNT; k++)
        if (use[k])
            fputs("| --- ", out);
    fputs("|\n", out);
    for (uint32_t i = 0; i < n; i++) {
        const entry *e = &c->entries[ids[i]];
        for (int k = 0; k < C_COUNT; k++) {
            if (!use[k])
                continue;
            fputs("| ", out);
            put_cell(out, c, e, k);
            fputc(' ', out);
        }
        fputs("|\n", out);
    }
}

/* GitHub's heading anchors: lower case, punctuation dropped, spaces as
 * hyphens, a -N suffix for repeats. */
static char *slug_of(const char *name, char **used, size_t nused)
{
    size_t n = strlen(name);
    char *s = xcalloc(n + 16, 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c == ' ')
            s[k++] = '-';
        else if (ascii_is_alnum(c) || c == '-' || c == '_' || c >= 0x80)
            s[k++] = (char)ascii_lower(c);
    }
    size_t base = k;
    for (unsigned dup = 1;; dup++) {
        bool taken = false;
        for (size_t i = 0; i < nused && !taken; i++)
            taken = strcmp(used[i], s) == 0;
        if (!taken)
            return s;
        snprintf(s + base, 16, "-%u", dup);
    }
}

int md_export(FILE *out, const catalog *c, const view *v)
{
    section_groups g;
    catalog_group(c, v ? v->ids : NULL, v ? v->n : c->nentries, &g);
    const uint32_t *order = g.order, *first = g.first, *subtree = g.subtree;

    if (c->title && c->title[0]) {
        fputs("# ", out);
        put_text(out, c->title);
        fputs("\n\n", out);
    }
    if (c->description && c->description[0]) {
        put_paragraph(out, c->description);
        fputs("\n\n", out);
    }
    /* Table of contents, with the anchors GitHub gives the headings. */
    char **slugs = xcalloc(c->nsections + 1, sizeof *slugs);
    size_t nslugs = 0;
    slugs[nslugs++] = slug_of("Contents", slugs, 0);
    bool any = false;
    for (uint32_t s = 0; s < c->nsections; s++)
        any |= subtree[s] > 0;
    if (any) {
        fputs("## Contents\n\n", out);
        for (uint32_t s = 0; s < c->nsections; s++) {
            if (!subtree[s])
                continue;
            char *slug = slug_of(c->sections[s].name, slugs, nslugs);
            slugs[nslugs++] = slug;
            fprintf(out, "%*s- [", (int)(2 * c->sections[s].depth), "");
            put_text(out, c->sections[s].name);
            fprintf(out, "](#%s)\n", slug);
        }
        fputc('\n', out);
    }
    for (uint32_t s = 0; s < c->nsections; s++) {
        if (!subtree[s])
            continue;
        int level = (int)c->sections[s].depth + 2;
        fprintf(out, "%.*s ", level > 6 ? 6 : level, "######");
        put_text(out, c->sections[s].name);
        fputs("\n\n", out);
        if (first[s + 1] > first[s]) {
            put_table(out, c, order + first[s], first[s + 1] - first[s]);
            fputc('\n', out);
        }
    }
    for (size_t i = 0; i < nslugs; i++)
        free(slugs[i]);
    free(slugs);
    section_groups_free(&g);
    return ferror(out) ? -1 : 0;
}
