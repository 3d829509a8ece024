/* columns: the width of a table row shared out; see columns.h. */
#include "paperdeck/columns.h"

#include <limits.h>
#include <string.h>

#define SLOT_SIDE FIELD_COL_COUNT /* the category pane's slot in a fill */
#define NSLOTS (FIELD_COL_COUNT + 1)
#define ALL (INT_MAX / 4) /* a step that takes whatever is left */

/* One step of a fill: slot grows to upto; a block is a column coming in at
 * its narrowest (with its separator), whole or not at all. */
typedef struct step {
    int slot;
    int upto;
    bool block;
} step;

typedef struct fill {
    int room;
    int sep; /* a column's separator; the title and the pane have none */
    int w[NSLOTS];
    bool done; /* a block did not fit: nothing more is given */
} fill;

static void give(fill *f, step s)
{
    int want = s.upto - f->w[s.slot];
    if (f->done || want <= 0)
        return;
    if (s.block) {
        bool sep = f->w[s.slot] == 0 && s.slot != FIELD_COL_TITLE && s.slot != SLOT_SIDE;
        int cost = want + (sep ? f->sep : 0);
        f->done = cost > f->room;
        if (!f->done) {
            f->w[s.slot] = s.upto;
            f->room -= cost;
        }
        return;
    }
    int n = want < f->room ? want : f->room;
    if (n <= 0) /* no room: a row narrower than its fixed part */
        return;
    f->w[s.slot] += n;
    f->room -= n;
}

/* The title up to share, or up to its widest title when narrower. */
static step title_to(const columns_in *in, int share)
{
    int t = in->natural[FIELD_COL_TITLE];
    return (step){FIELD_COL_TITLE, t > 0 && t < share ? t : share, false};
}

/* Column c coming in at its narrowest, then growing to its natural width;
 * a column not wanted gives two empty steps. */
static void column_steps(const columns_in *in, int c, step *out)
{
    int nat = in->natural[c], min = field_get((field_col)c)->min;
    out[0] = (step){c, min > 0 && min < nat ? min : nat, true};
    out[1] = (step){c, nat, false};
}

static void run(fill *f, const step *s, int n)
{
    for (int i = 0; i < n; i++)
        give(f, s[i]);
}

static void finish(const fill *f, columns_out *out)
{
    memcpy(out->w, f->w, sizeof out->w);
    out->side = f->w[SLOT_SIDE];
}

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

void columns_fit_browser(const columns_in *in, columns_out *out)
{
    fill f = {.room = in->width - in->fixed, .sep = COLUMNS_BROWSER_SEP};
    int side_start = in->side ? clamp(in->side, COLUMNS_SIDE_MIN, COLUMNS_SIDE_START) : 0;
    if (in->side_forced && in->width >= 2 * COLUMNS_SIDE_MIN) {
        /* asked for: it comes first, in at most half the row */
        f.w[SLOT_SIDE] = clamp(in->side, COLUMNS_SIDE_MIN, in->width / 2);
        f.room -= f.w[SLOT_SIDE];
        side_start = 0;
    }
    step s[16];
    int n = 0;
    s[n++] = title_to(in, 24);
    column_steps(in, FIELD_COL_YEAR, s + n), n += 2;
    s[n++] = title_to(in, 28);
    column_steps(in, FIELD_COL_VENUE, s + n), n += 2;
    s[n++] = title_to(in, 32);
    s[n++] = (step){SLOT_SIDE, side_start, true};
    s[n++] = (step){SLOT_SIDE, side_start ? in->side : 0, false};
    s[n++] = title_to(in, 40);
    column_steps(in, FIELD_COL_ARXIV, s + n), n += 2;
    s[n++] = title_to(in, 44);
    column_steps(in, FIELD_COL_SECTION, s + n), n += 2;
    s[n++] = (step){FIELD_COL_TITLE, ALL, false};
    run(&f, s, n);
    finish(&f, out);
}

void columns_fit_list(const columns_in *in, columns_out *out)
{
    fill f = {.room = in->width > 0 ? in->width - in->fixed : ALL};
    /* every column at its narrowest first: `list` prints them all */
    step s[16];
    int n = 0;
    s[n++] = title_to(in, 10);
    for (int c = FIELD_COL_TITLE + 1; c < FIELD_COL_COUNT; c++) {
        step g[2];
        column_steps(in, c, g);
        g[0].block = false; /* printed even when it does not fit */
        s[n++] = g[0];
    }
    s[n++] = title_to(in, 30);
    for (int c = FIELD_COL_TITLE + 1; c < FIELD_COL_COUNT; c++)
        if (c != FIELD_COL_SECTION)
            s[n++] = (step){c, in->natural[c], false};
    s[n++] = title_to(in, 60);
    s[n++] = (step){FIELD_COL_SECTION, in->natural[FIELD_COL_SECTION], false};
    s[n++] = (step){FIELD_COL_TITLE,
                    in->natural[FIELD_COL_TITLE] ? in->natural[FIELD_COL_TITLE] : ALL, false};
    run(&f, s, n);
    /* too narrow even for that: the narrowest are printed all the same */
    for (int c = 0; c < FIELD_COL_COUNT; c++) {
        step g[2];
        column_steps(in, c, g);
        if (c == FIELD_COL_TITLE)
            g[0].upto = in->natural[c] > 0 && in->natural[c] < 10 ? in->natural[c] : 10;
        if (f.w[c] < g[0].upto)
            f.w[c] = g[0].upto;
    }
    finish(&f, out);
}
