/* Unit tests: the table columns (field.h): the table is in column order,
 * its names are the ones the settings, the sort keys and the query take,
 * and the accessors give each column's text. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "paperdeck/arena.h"
#include "paperdeck/field.h"
#include "paperdeck/index.h"
#include "paperdeck/query.h"

static void test_table(void)
{
    for (int c = 0; c < FIELD_COL_COUNT; c++) {
        const field_info *f = field_get((field_col)c);
        CHECK_INT(f->col, c);
        CHECK(f->label && f->label[0]);
        CHECK(f->text != NULL);
        /* the settings' name parses back, in any case */
        field_col back;
        CHECK(field_parse_config(f->config_name, &back));
        CHECK_INT(back, c);
        char upper[32];
        snprintf(upper, sizeof upper, "%s", f->config_name);
        for (char *p = upper; *p; p++)
            *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
        CHECK(field_parse_config(upper, &back) && back == (field_col)c);
        /* -s takes the column's name for the sort of the column */
        sort_key k;
        CHECK(sort_key_parse(f->config_name, &k));
        CHECK_INT(k, f->sort);
        CHECK_INT(field_of_sort(f->sort), c);
        CHECK_INT(field_of_sort(f->sort_also), c);
        /* the query takes its field (as a regex, which every field takes) */
        char probe[64];
        snprintf(probe, sizeof probe, "%s:/x/", f->query_name);
        query_error err;
        query *q = query_compile(probe, &err);
        CHECK(q != NULL);
        query_free(q);
        /* only the title takes the slack */
        CHECK((f->cli_cap == 0) == (c == FIELD_COL_TITLE));
        CHECK((f->tui_cap == 0) == (c == FIELD_COL_TITLE));
        for (int d = 0; d < c; d++) {
            CHECK(strcmp(field_get((field_col)d)->label, f->label) != 0);
            CHECK(strcmp(field_get((field_col)d)->config_name, f->config_name) != 0);
        }
    }
    field_col out;
    CHECK(!field_parse_config("height", &out));
    CHECK(!field_parse_config("", &out));
    CHECK(!field_parse_config("titles", &out));
    CHECK_INT(field_of_sort(SORT_ORDER), -1);
    CHECK_INT(field_of_sort(SORT_SCORE), -1);
    CHECK_INT(field_of_sort(SORT_DATE), FIELD_COL_YEAR);
    char names[128];
    CHECK_STR(field_config_names(", ", names, sizeof names), "title, venue, year, arxiv, section");
    char tiny[8];
    CHECK_STR(field_config_names(", ", tiny, sizeof tiny), "title, ");
}

static const char *text_of(const catalog *c, const entry *e, field_col col, field_form form)
{
    static char buf[32];
    return field_get(col)->text(c, e, form, buf, sizeof buf);
}

static void test_accessors(void)
{
    catalog *c = catalog_new();
    catalog_set_title(c, "T", NULL);
    catalog_open_section(c, "Papers", 1);
    catalog_open_section(c, "Adapt", 2);
    entry *e = catalog_add_entry(c);
    e->title = "LoRA";
    e->venue = "ICLR 2022";
    e->arxiv = "2106.09685";
    entry *bare = catalog_add_entry(c);
    bare->title = "Untitled draft";
    catalog_close_section(c);
    catalog_close_section(c);
    catalog_finish(c);
    e = &c->entries[0];
    bare = &c->entries[1];
    CHECK_STR(text_of(c, e, FIELD_COL_TITLE, FIELD_FULL), "LoRA");
    CHECK_STR(text_of(c, e, FIELD_COL_VENUE, FIELD_SHORT), "ICLR 2022");
    CHECK_STR(text_of(c, e, FIELD_COL_YEAR, FIELD_FULL), "2022"); /* derived from the venue */
    CHECK_STR(text_of(c, e, FIELD_COL_ARXIV, FIELD_FULL), "2106.09685");
    CHECK_STR(text_of(c, e, FIELD_COL_SECTION, FIELD_FULL), "Papers/Adapt");
    CHECK_STR(text_of(c, e, FIELD_COL_SECTION, FIELD_SHORT), "Adapt");
    /* a missing value is "", never NULL */
    CHECK_STR(text_of(c, bare, FIELD_COL_VENUE, FIELD_FULL), "");
    CHECK_STR(text_of(c, bare, FIELD_COL_YEAR, FIELD_FULL), "");
    CHECK_STR(text_of(c, bare, FIELD_COL_ARXIV, FIELD_FULL), "");
    catalog_free(c);
}

int main(void)
{
    RUN(test_table);
    RUN(test_accessors);
    return check_summary();
}
