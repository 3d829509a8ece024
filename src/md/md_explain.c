/* md_explain: import --explain, which rule gave each field of an entry, so
 * that a list's maintainer can see why a row was read as it was. */
#include "md_internal.h"

#include <string.h>

static void field(FILE *out, const char *name, const char *value, const char *rule)
{
    if (value && value[0])
        fprintf(out, "    %-8s %s  [%s]\n", name, value, rule ? rule : "?");
}

static void list_field(FILE *out, const char *name, const char *const *items, uint32_t n,
                       const char *rule)
{
    if (!n)
        return;
    fprintf(out, "    %-8s ", name);
    for (uint32_t i = 0; i < n; i++)
        fprintf(out, "%s%s", i ? ", " : "", items[i]);
    fprintf(out, "  [%s]\n", rule ? rule : "?");
}

void md_explain_entry(md *m, const entry *e, int derived)
{
    FILE *out = m->explain;
    const draft *d = &m->dr;
    const char *const *why = d->why;
    const catalog *c = m->c;
    fprintf(out, "%s:%u: entry\n", m->name, e->line);
    field(out, "title", e->title, why[MD_F_TITLE]);
    field(out, "venue", e->venue, why[MD_F_VENUE]);
    char year[16];
    if (e->year) {
        snprintf(year, sizeof year, "%d", e->year);
        field(out, "year", year, why[MD_F_YEAR]);
    } else if (derived) {
        snprintf(year, sizeof year, "%d", derived);
        field(out, "year", year, "derived from the venue, date or arXiv id");
    }
    list_field(out, "authors", e->authors, e->nauthors, why[MD_F_AUTHORS]);
    field(out, "org", e->org, why[MD_F_ORG]);
    field(out, "arxiv", e->arxiv, why[MD_F_ARXIV] ? why[MD_F_ARXIV] : "arxiv_link");
    field(out, "url", e->url, why[MD_F_URL] ? why[MD_F_URL] : "link");
    field(out, "date", e->date, why[MD_F_DATE] ? why[MD_F_DATE] : "date_cell");
    list_field(out, "tags", e->tags, e->ntags, why[MD_F_TAGS] ? why[MD_F_TAGS] : "tags");
    field(out, "kind", entry_kind_name((entry_kind)e->kind),
          why[MD_F_KIND] ? why[MD_F_KIND] : "md_infer_kind: own evidence, else section name");
    if (e->section < c->nsections)
        field(out, "section", c->sections[e->section].name, "heading");
    for (uint32_t i = 0; i < e->nlinks; i++) {
        char link[600];
        snprintf(link, sizeof link, "%s %s", e->links[i].label ? e->links[i].label : "-",
                 e->links[i].url);
        field(out, "link", link, "link after the title");
    }
    field(out, "notes", e->notes, "text no rule took");
}
