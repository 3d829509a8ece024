/* field: the table columns, listed once; see field.h. */
#include "paperdeck/field.h"

#include <stdio.h>
#include <string.h>

#include "paperdeck/ascii.h"

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

static const char *title_text(const catalog *c, const entry *e, field_form form, char *buf,
                              size_t size)
{
    return e->title;
}

static const char *venue_text(const catalog *c, const entry *e, field_form form, char *buf,
                              size_t size)
{
    return or_empty(e->venue);
}

static const char *year_text(const catalog *c, const entry *e, field_form form, char *buf,
                             size_t size)
{
    if (e->year <= 0)
        return "";
    snprintf(buf, size, "%d", e->year);
    return buf;
}

static const char *arxiv_text(const catalog *c, const entry *e, field_form form, char *buf,
                              size_t size)
{
    return or_empty(e->arxiv);
}

static const char *section_text(const catalog *c, const entry *e, field_form form, char *buf,
                                size_t size)
{
    const section *s = &c->sections[e->section];
    return form == FIELD_SHORT ? s->name : s->path;
}

static const field_info fields[FIELD_COL_COUNT] = {
    {FIELD_COL_TITLE, "Title", "title", "title", SORT_TITLE, SORT_TITLE, 0, 0, 0, title_text},
    {FIELD_COL_VENUE, "Venue", "venue", "venue", SORT_VENUE, SORT_VENUE, 18, 16, 8, venue_text},
    {FIELD_COL_YEAR, "Year", "year", "year", SORT_YEAR, SORT_DATE, 4, 4, 0, year_text},
    {FIELD_COL_ARXIV, "arXiv", "arxiv", "arxiv", SORT_ARXIV, SORT_ARXIV, 16, 12, 0, arxiv_text},
    {FIELD_COL_SECTION, "Section", "section", "cat", SORT_SECTION, SORT_SECTION, 28, 14, 8,
     section_text},
};

const field_info *field_get(field_col col)
{
    return &fields[col];
}

bool field_parse_config(const char *name, field_col *out)
{
    size_t n = strlen(name);
    for (int c = 0; c < FIELD_COL_COUNT; c++) {
        if (strlen(fields[c].config_name) == n && ascii_eq_n(name, fields[c].config_name, n)) {
            *out = (field_col)c;
            return true;
        }
    }
    return false;
}

int field_of_sort(sort_key k)
{
    for (int c = 0; c < FIELD_COL_COUNT; c++)
        if (fields[c].sort == k || fields[c].sort_also == k)
            return c;
    return -1;
}

const char *field_config_names(const char *sep, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int c = 0; c < FIELD_COL_COUNT && len < size; c++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", c ? sep : "", fields[c].config_name);
    return buf;
}
