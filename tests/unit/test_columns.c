/* Unit tests: a table row's width shared out (columns.h). The title is the
 * main column: over every terminal width from 40 to 300 it never narrows
 * as the width grows, nor does a column or the category pane go; the row
 * never overflows; `list` cuts the section path before the title. */
#include <stdbool.h>

#include "check.h"
#include "paperdeck/columns.h"

/* The built-in list's widths (title with its star, venue, year, arXiv,
 * section name), and a list of long titles and long section names. */
static const int builtin[FIELD_COL_COUNT] = {97, 12, 4, 10, 12};
static const int long_titles[FIELD_COL_COUNT] = {240, 16, 4, 12, 14};
static const int short_titles[FIELD_COL_COUNT] = {20, 9, 4, 10, 8};

static int row_width(const columns_out *o, int fixed)
{
    int w = fixed + o->side + o->w[FIELD_COL_TITLE];
    for (int c = FIELD_COL_TITLE + 1; c < FIELD_COL_COUNT; c++)
        if (o->w[c])
            w += COLUMNS_BROWSER_SEP + o->w[c];
    return w;
}

/* Widths 40..300: nothing shrinks or goes as the terminal widens. */
static void monotone(const int *natural, int side, bool forced)
{
    columns_out prev = {{0}, 0};
    for (int width = 40; width <= 300; width++) {
        columns_in in = {.width = width, .fixed = 4, .side = side, .side_forced = forced};
        for (int c = 0; c < FIELD_COL_COUNT; c++)
            in.natural[c] = natural[c];
        columns_out o;
        columns_fit_browser(&in, &o);
        if (width > 40) {
            CHECK(o.w[FIELD_COL_TITLE] >= prev.w[FIELD_COL_TITLE]);
            if (o.w[FIELD_COL_TITLE] < prev.w[FIELD_COL_TITLE])
                fprintf(stderr, "  title %d at %d, %d at %d\n", prev.w[FIELD_COL_TITLE], width - 1,
                        o.w[FIELD_COL_TITLE], width);
            for (int c = 1; c < FIELD_COL_COUNT; c++)
                CHECK(o.w[c] >= prev.w[c]);
            CHECK(o.side >= prev.side);
        }
        CHECK(row_width(&o, 4) <= width);
        /* the title's first share comes before anything but a pane the
         * user asked for */
        int share = natural[FIELD_COL_TITLE] < 24 ? natural[FIELD_COL_TITLE] : 24;
        CHECK(forced || o.w[FIELD_COL_TITLE] >= share);
        for (int c = 1; c < FIELD_COL_COUNT; c++)
            CHECK(o.w[c] <= natural[c]);
        prev = o;
    }
    /* at 300 everything is in, at its natural width */
    for (int c = 1; c < FIELD_COL_COUNT; c++)
        CHECK_INT(prev.w[c], natural[c]);
    if (side)
        CHECK_INT(prev.side, side);
}

static void test_browser_monotone(void)
{
    monotone(builtin, 21, false);
    monotone(long_titles, 36, false);
    monotone(short_titles, 16, false);
    monotone(builtin, 0, false);     /* pane hidden */
    monotone(long_titles, 30, true); /* pane shown by the user */
}

/* The numbers: the title had 33 columns at 80 and 25 at 100. */
static void test_browser_sizes(void)
{
    int title[3];
    const int widths[3] = {80, 100, 200};
    for (int i = 0; i < 3; i++) {
        columns_in in = {.width = widths[i], .fixed = 4, .side = 21};
        for (int c = 0; c < FIELD_COL_COUNT; c++)
            in.natural[c] = builtin[c];
        columns_out o;
        columns_fit_browser(&in, &o);
        title[i] = o.w[FIELD_COL_TITLE];
        CHECK_INT(o.side, 21); /* the category pane at 80 already */
        CHECK_INT(o.w[FIELD_COL_YEAR], 4);
    }
    CHECK(title[0] >= 32);
    CHECK(title[1] >= 40);
    CHECK(title[2] >= 97); /* the widest title whole */
    /* a column not wanted takes nothing */
    columns_in in = {.width = 120, .fixed = 4, .side = 21};
    for (int c = 0; c < FIELD_COL_COUNT; c++)
        in.natural[c] = builtin[c];
    in.natural[FIELD_COL_VENUE] = 0;
    columns_out o;
    columns_fit_browser(&in, &o);
    CHECK_INT(o.w[FIELD_COL_VENUE], 0);
    CHECK(o.w[FIELD_COL_SECTION] > 0);
}

/* Narrower than the frame and the marker (a tiny terminal): no width is
 * negative, and the title takes only the room there is. */
static void test_browser_tiny(void)
{
    for (int width = 0; width <= 40; width++) {
        columns_in in = {.width = width, .fixed = 4, .side = 21};
        for (int c = 0; c < FIELD_COL_COUNT; c++)
            in.natural[c] = builtin[c];
        columns_out o;
        columns_fit_browser(&in, &o);
        for (int c = 0; c < FIELD_COL_COUNT; c++)
            CHECK(o.w[c] >= 0);
        CHECK(o.side >= 0);
        CHECK(o.w[FIELD_COL_TITLE] <= (width > 4 ? width - 4 : 0));
    }
}

/* `list` at 80 columns: the title gets most of the room, the section path
 * is cut to its narrowest instead; on a wide terminal all is whole, and
 * with no width (a pipe) every column is natural. */
static void test_list(void)
{
    const int nat[FIELD_COL_COUNT] = {93, 12, 4, 10, 28};
    const int fixed = 3 + 2 * (FIELD_COL_COUNT - 1);
    columns_in in = {.width = 80, .fixed = fixed};
    for (int c = 0; c < FIELD_COL_COUNT; c++)
        in.natural[c] = nat[c];
    columns_out o;
    columns_fit_list(&in, &o);
    CHECK(o.w[FIELD_COL_TITLE] >= 35);
    CHECK_INT(o.w[FIELD_COL_SECTION], field_get(FIELD_COL_SECTION)->min);
    int sum = fixed;
    for (int c = 0; c < FIELD_COL_COUNT; c++) {
        CHECK(o.w[c] > 0); /* every column printed */
        sum += o.w[c];
    }
    CHECK(sum <= 80);
    int last = 0;
    for (int width = 20; width <= 300; width++) {
        in.width = width;
        columns_fit_list(&in, &o);
        CHECK(o.w[FIELD_COL_TITLE] >= last);
        last = o.w[FIELD_COL_TITLE];
    }
    CHECK_INT(o.w[FIELD_COL_TITLE], 93);
    CHECK_INT(o.w[FIELD_COL_SECTION], 28);
    in.width = 0;
    columns_fit_list(&in, &o);
    for (int c = 0; c < FIELD_COL_COUNT; c++)
        CHECK_INT(o.w[c], nat[c]);
    /* too narrow for the narrowest: printed at their narrowest anyway */
    in.width = 10;
    columns_fit_list(&in, &o);
    CHECK_INT(o.w[FIELD_COL_TITLE], 10);
    CHECK_INT(o.w[FIELD_COL_VENUE], field_get(FIELD_COL_VENUE)->min);
    CHECK_INT(o.w[FIELD_COL_ARXIV], 10);
}

int main(void)
{
    RUN(test_browser_monotone);
    RUN(test_browser_sizes);
    RUN(test_browser_tiny);
    RUN(test_list);
    return check_summary();
}
