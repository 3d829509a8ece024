/* detail: every field of the selected entry, wrapped, with its links
 * numbered as the keys 1-9 open them (1 is what `o` opens; 2 the PDF when
 * there is an arXiv id, what `p` opens).
 *
 * Drawing is one pass over the lines that counts them all and draws those
 * inside the scrolled window, so scrolling needs no stored layout. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "paperdeck/arxiv.h"
#include "paperdeck/paths.h"
#include "paperdeck/utf8.h"

#define LABEL_W 9   /* "Authors  " */
#define PAIR_MAX 48 /* the widest the left column of a pair of fields gets */

typedef struct dctx {
    app *a;
    WINDOW *w;
    int x, width; /* text area */
    int y0, rows; /* window rows for lines scroll .. scroll+rows */
    int scroll;
    int line; /* lines emitted so far */
    int label_w;
} dctx;

static void add_link(ui_link *out, int *n, int max, const char *label, const char *url)
{
    if (!url || !url[0] || *n >= max)
        return;
    for (int i = 0; i < *n; i++)
        if (strcmp(out[i].url, url) == 0)
            return;
    out[*n].label = label;
    snprintf(out[*n].url, sizeof out[*n].url, "%s", url);
    (*n)++;
}

int detail_links(const catalog *c, const entry *e, ui_link *out, int max)
{
    (void)c;
    int n = 0;
    char main_url[UI_URL_MAX], abs[UI_URL_MAX] = "", pdf[UI_URL_MAX] = "";
    if (e->arxiv) {
        arxiv_abs_url(e->arxiv, abs, sizeof abs);
        arxiv_pdf_url(e->arxiv, pdf, sizeof pdf);
    }
    if (entry_main_url(e, main_url, sizeof main_url))
        add_link(out, &n, max, strcmp(main_url, abs) == 0 ? "arXiv" : "page", main_url);
    add_link(out, &n, max, "PDF", pdf);
    add_link(out, &n, max, "page", e->url);
    for (uint32_t i = 0; i < e->nlinks; i++)
        add_link(out, &n, max, e->links[i].label ? e->links[i].label : "link", e->links[i].url);
    return n;
}

/* The window row of the line being emitted, -1 when scrolled out. */
static int row_of(const dctx *d)
{
    int r = d->line - d->scroll;
    return r >= 0 && r < d->rows ? d->y0 + r : -1;
}

static void blank_line(dctx *d)
{
    d->line++;
}

/* Where a line of s[i..) that fits `take` bytes ends: at the last blank,
 * or after the last '/' (paths, URLs), that leaves a word whole; take
 * itself when there is none (a word longer than the line). */
static size_t line_break(const char *s, size_t i, size_t take)
{
    size_t k = take;
    while (k > 0 && s[i + k] != ' ' && s[i + k - 1] != ' ' && s[i + k - 1] != '/')
        k--;
    return k > 0 ? k : take;
}

/* Emits s wrapped at blanks or after a '/' (or anywhere in a word longer
 * than a line) in columns [indent, width) of the text area; a newline in s
 * ends a line, so the paragraphs of a note stay. The first line starts
 * after `first_skip` columns already used by a label. */
static void emit_wrapped(dctx *d, int indent, int first_skip, const char *s, ui_style st,
                         const text_marks *marks)
{
    if (!s)
        s = "";
    size_t n = strlen(s), i = 0;
    uint32_t cp_index = 0;
    bool first = true, hard = true; /* hard: the line starts after a newline */
    do {
        int skip = first ? first_skip : 0;
        int tw = d->width - indent - skip;
        if (tw < 1)
            tw = 1;
        if (!hard)
            while (i < n && s[i] == ' ') { /* no blanks at the start of a line */
                i++;
                cp_index++;
            }
        size_t take = utf8_fit(s + i, n - i, (size_t)tw, NULL);
        const char *nl = memchr(s + i, '\n', take < n - i ? take + 1 : n - i);
        if (nl)
            take = (size_t)(nl - (s + i));
        else if (i + take < n)
            take = line_break(s, i, take);
        if (take == 0 && i < n && !nl) { /* a character wider than the line: skip it */
            uint32_t cp;
            take = utf8_decode(s + i, n - i, &cp);
        }
        int y = row_of(d);
        if (y >= 0)
            text_draw(d->w, y, d->x + indent + skip, tw, s + i, take, st, marks, cp_index, 0);
        cp_index += (uint32_t)utf8_length(s + i, take);
        i += take;
        if (nl) { /* the newline itself */
            i++;
            cp_index++;
        }
        hard = nl != NULL;
        d->line++;
        first = false;
    } while (i < n);
}

static void emit_field(dctx *d, const char *label, const char *value, ui_role role)
{
    if (!value || !value[0])
        return;
    ui_style ls = app_style(d->a, ROLE_LABEL);
    if (d->label_w == 0) { /* narrow: the label on a line of its own */
        int y = row_of(d);
        if (y >= 0)
            text_put(d->w, y, d->x, d->width, label, ls);
        d->line++;
        emit_wrapped(d, 0, 0, value, app_style(d->a, role), NULL);
        return;
    }
    int y = row_of(d);
    if (y >= 0)
        text_put(d->w, y, d->x, d->label_w - 1, label, ls);
    emit_wrapped(d, d->label_w, 0, value, app_style(d->a, role), NULL);
}

static void join(char *buf, size_t size, const char *const *items, uint32_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (uint32_t i = 0; i < n && len + 1 < size; i++) {
        int w = snprintf(buf + len, size - len, "%s%s", i ? ", " : "", items[i]);
        if (w < 0)
            break;
        len += (size_t)w;
    }
    if (len >= size) { /* cut inside a character: drop the partial one */
        len = size - 1;
        while (len > 0 && ((unsigned char)buf[len] & 0xC0) == 0x80)
            len--;
        buf[len] = '\0';
    }
}

static void emit_links(dctx *d, const entry *e)
{
    ui_link links[UI_MAX_LINKS];
    int n = detail_links(d->a->b.cat, e, links, UI_MAX_LINKS);
    if (n == 0)
        return;
    int lw = 0;
    for (int i = 0; i < n; i++)
        if (text_width(links[i].label) > lw)
            lw = text_width(links[i].label);
    if (lw > 14)
        lw = 14;
    int indent = d->label_w;
    if (indent == 0) {
        int y = row_of(d);
        if (y >= 0)
            text_put(d->w, y, d->x, d->width, "Links", app_style(d->a, ROLE_LABEL));
        d->line++;
    }
    for (int i = 0; i < n; i++) {
        int y = row_of(d);
        if (y >= 0) {
            if (i == 0 && indent > 0)
                text_put(d->w, y, d->x, indent - 1, "Links", app_style(d->a, ROLE_LABEL));
            char num[16];
            snprintf(num, sizeof num, "[%d]", i + 1);
            int x = d->x + indent;
            int room = d->width - indent;
            x += text_put(d->w, y, x, room, num, app_style(d->a, ROLE_KEY));
            text_put(d->w, y, x + 1, d->x + d->width - x - 1, links[i].label,
                     app_style(d->a, ROLE_LABEL));
        }
        int skip = 4 + lw + 2;
        if (skip > d->width - indent - 10) { /* no room beside: URL below */
            d->line++;
            emit_wrapped(d, indent + 4, 0, links[i].url, app_style(d->a, ROLE_LINK), NULL);
        } else {
            emit_wrapped(d, indent, skip, links[i].url, app_style(d->a, ROLE_LINK), NULL);
        }
    }
}

typedef struct field {
    const char *label;
    const char *value;
    ui_role role;
} field;

static void draw_field_at(dctx *d, int y, int x, int width, const field *f)
{
    text_put(d->w, y, x, d->label_w - 1, f->label, app_style(d->a, ROLE_LABEL));
    text_put(d->w, y, x + d->label_w, width - d->label_w, f->value, app_style(d->a, f->role));
}

static bool present(const field *f)
{
    return f->value && f->value[0];
}

/* Fields come in pairs, shown side by side where the pane is wide and both
 * are short (so a detail pane of a dozen lines shows every field and the
 * links), else one under the other. */
static void emit_fields(dctx *d, const field *f, int n)
{
    /* on a wide terminal the right column stays near the left one */
    int half = d->width / 2 < PAIR_MAX ? d->width / 2 : PAIR_MAX;
    bool two = d->label_w > 0 && d->width >= 72;
    for (int i = 0; i + 1 < n; i += 2) {
        const field *l = &f[i], *r = &f[i + 1];
        bool side = two && present(l) && present(r) && text_width(l->value) <= half - d->label_w - 2
                 && text_width(r->value) <= d->width - half - d->label_w;
        if (!side) {
            if (present(l))
                emit_field(d, l->label, l->value, l->role);
            if (present(r))
                emit_field(d, r->label, r->value, r->role);
            continue;
        }
        int y = row_of(d);
        if (y >= 0) {
            draw_field_at(d, y, d->x, half, l);
            draw_field_at(d, y, d->x + half, d->width - half, r);
        }
        d->line++;
    }
}

/* What the fetched arXiv record adds (paperdeck fetch, the fetch key):
 * subjects, versions, comment, journal, DOI and the abstract. */
static void emit_record(dctx *d, const arxiv_record *r)
{
    char cats[1024], versions[128] = "";
    join(cats, sizeof cats, (const char *const *)r->cats, r->ncats);
    if (r->published)
        snprintf(versions, sizeof versions, "v1 %.10s", r->published);
    if (r->version > 1 && r->updated)
        snprintf(versions + strlen(versions), sizeof versions - strlen(versions), "%sv%u %.10s",
                 versions[0] ? ", " : "", r->version, r->updated);
    const field fields[] = {
        {"Subjects", cats, ROLE_SECTION},
        {"Versions", versions, ROLE_YEAR},
        {"Journal", r->journal_ref, ROLE_VENUE},
        {"DOI", r->doi, ROLE_NORMAL},
    };
    emit_fields(d, fields, (int)(sizeof fields / sizeof fields[0]));
    emit_field(d, "Comment", r->comment, ROLE_DIM);
    if (r->abstract) {
        blank_line(d);
        emit_field(d, "Abstract", r->abstract, ROLE_NORMAL);
        blank_line(d);
    }
}

static void emit_entry(dctx *d, const entry *e)
{
    app *a = d->a;
    const catalog *c = a->b.cat;
    uint32_t pos[UI_MAX_MARKS];
    text_marks marks = {pos, 0, app_style(a, ROLE_MATCH)};
    if (a->b.q && !query_is_empty(a->b.q))
        marks.n = query_title_positions(a->b.q, e->title, pos, UI_MAX_MARKS);
    emit_wrapped(d, 0, 0, e->title, app_style(a, ROLE_TITLE), &marks);
    const arxiv_record *r = index_record(a->b.ix, (uint32_t)(e - c->entries));
    if (r && r->title && strcmp(r->title, e->title) != 0) {
        char alt[1024];
        snprintf(alt, sizeof alt, "arXiv: %s", r->title);
        emit_wrapped(d, 0, 0, alt, app_style(a, ROLE_DIM), NULL);
    }
    blank_line(d);

    char year[32] = "", date[48] = "", source[512] = "", authors[2048], tags[1024];
    if (e->year > 0)
        snprintf(year, sizeof year, "%d%s", e->year,
                 (e->flags & ENTRY_YEAR_DERIVED) ? " (derived)" : "");
    if (e->date)
        snprintf(date, sizeof date, "%s%s", e->date,
                 (e->flags & ENTRY_DATE_DERIVED) ? " (derived)" : "");
    if (c->nfiles > 1 || e->line > 0) {
        char shown[sizeof source - 16];
        const char *file = e->file < c->nfiles
                             ? paths_shorten(c->files[e->file], shown, sizeof shown)
                             : "";
        if (e->line > 0)
            snprintf(source, sizeof source, "%s:%u", file, e->line);
        else
            snprintf(source, sizeof source, "%s", file);
    }
    if (r && r->nauthors) /* arXiv's are the whole list, in full */
        join(authors, sizeof authors, (const char *const *)r->authors, r->nauthors);
    else
        join(authors, sizeof authors, e->authors, e->nauthors);
    join(tags, sizeof tags, e->tags, e->ntags);
    const field fields[] = {
        /* in pairs: left, right */
        {"Venue", e->venue, ROLE_VENUE},
        {"Year", year, ROLE_YEAR},
        {"arXiv", e->arxiv, ROLE_ARXIV},
        {"Date", date, ROLE_YEAR},
        {"Org", e->org, ROLE_NORMAL},
        {"Tags", tags, ROLE_SECTION},
        {"Kind", entry_kind_name((entry_kind)e->kind), ROLE_NORMAL},
        {"Section", c->sections[e->section].path, ROLE_SECTION},
        {"Authors", authors, ROLE_NORMAL},
        {"Source", source, ROLE_DIM},
    };
    emit_fields(d, fields, (int)(sizeof fields / sizeof fields[0]));
    if (r)
        emit_record(d, r);
    unsigned flags = index_marks(a->b.ix, (uint32_t)(e - c->entries));
    if (flags) {
        const char *star = text_unicode() ? "\u2605 starred" : "* starred";
        const char *sep = text_unicode() ? " \u00b7 " : ", ";
        char line[64];
        snprintf(line, sizeof line, "%s%s%s%s%s", flags & MARK_STARRED ? star : "",
                 flags & MARK_STARRED && flags & (MARK_READ | MARK_NEW) ? sep : "",
                 flags & MARK_READ ? "read" : "", flags & MARK_NEW ? "new" : "",
                 flags & MARK_NEW ? " (is:new)" : "");
        emit_field(d, "Marks", line, ROLE_YEAR);
    }
    emit_links(d, e);
    if (e->notes && e->notes[0])
        emit_field(d, "Notes", e->notes, ROLE_NORMAL);
}

static void emit_all(dctx *d)
{
    const entry *e = app_selected(d->a);
    d->line = 0;
    if (e) {
        emit_entry(d, e);
    } else {
        int y = row_of(d);
        if (y >= 0)
            text_put(d->w, y, d->x, d->width, "no entry selected", app_style(d->a, ROLE_DIM));
        d->line++;
    }
}

/* Frame of the full-screen view: title with the position, keys at the
 * bottom. */
static void draw_full_frame(app *a, WINDOW *w, int h, int width, ui_style border)
{
    text_frame(w, h, width, border);
    char title[64];
    snprintf(title, sizeof title, " Entry %u/%u ", a->b.shown.n ? a->b.cur.sel + 1 : 0,
             a->b.shown.n);
    text_put(w, 0, 1, width - 3, title, app_style(a, ROLE_HEADER));
    const char *keys = " Esc back  J/K entry  j/k scroll  o open  p pdf  1-9 links ";
    if (text_width(keys) + 4 <= width)
        text_put(w, h - 1, 2, width - 4, keys, app_style(a, ROLE_DIM));
}

static void detail_draw(app *a, WINDOW *w, bool full)
{
    if (!w)
        return;
    int h, width;
    getmaxyx(w, h, width);
    bool frame = full ? h >= 3 && width >= 8 : width >= 6;
    werase(w);
    ui_style border = app_style(a, a->p.focus == FOCUS_DETAIL || full ? ROLE_BORDER_FOCUS
                                                                      : ROLE_BORDER);
    dctx d = {.a = a, .w = w, .x = frame ? 2 : 0, .width = width - (frame ? 4 : 0)};
    d.y0 = full && frame ? 1 : 0;
    d.rows = h - (frame ? (full ? 2 : 1) : 0);
    if (d.width < 1 || d.rows < 1)
        return;
    d.label_w = d.width >= 30 ? LABEL_W : 0;
    /* A counting pass, to keep the scroll inside the text. */
    dctx count = d;
    count.rows = 0;
    emit_all(&count);
    text_view *v = &a->p.detail;
    cursor_clamp_scroll(&v->cur, (uint32_t)count.line, d.rows);
    v->lines = count.line;
    v->rows = d.rows;
    d.scroll = (int)v->cur.top;
    emit_all(&d);
    if (!frame)
        return;
    if (full) {
        draw_full_frame(a, w, h, width, border);
    } else {
        for (int y = 0; y < h - 1; y++) {
            text_box(w, y, 0, BOX_V, border);
            text_box(w, y, width - 1, BOX_V, border);
        }
        text_rule(w, h - 1, width, BOX_BL, BOX_BR, border);
    }
    if (count.line > d.rows) {
        char more[48];
        int last = d.scroll + d.rows < count.line ? d.scroll + d.rows : count.line;
        snprintf(more, sizeof more, " %d-%d/%d %s ", d.scroll + 1, last, count.line,
                 last < count.line ? a->theme.glyph.down : a->theme.glyph.up);
        int mw = text_width(more);
        if (mw + 4 <= width)
            text_put(w, h - 1, width - 2 - mw, mw, more, app_style(a, ROLE_SCROLL));
    }
}

/* --- the pane, and the full-screen view ---------------------------------- */

/* Scrolls by m; the view clamps the scroll to the text as it draws. */
static void detail_scroll(app *a, cursor_motion m)
{
    text_view *v = &a->p.detail;
    cursor_scroll(&v->cur, m, (uint32_t)(v->lines + 1), v->rows > 0 ? v->rows : 1);
}

static unsigned pane_action(app *a, ui_action act, int arg)
{
    cursor_motion m = action_motion(act);
    if (m != CURSOR_STAY) {
        detail_scroll(a, m);
        return DIRTY_DETAIL;
    }
    switch (act) {
    case ACT_LEFT:
        return app_focus(a, FOCUS_TABLE);
    case ACT_RIGHT:
        return 0;
    case ACT_ENTER:
        links_open(a, 1);
        return 0;
    default:
        return REACT_PASS;
    }
}

static unsigned pane_mouse(app *a, int y, int x, int wheel, bool click)
{
    if (wheel) {
        detail_scroll(a, wheel > 0 ? CURSOR_LINE_DOWN : CURSOR_LINE_UP);
        return DIRTY_DETAIL;
    }
    return click ? app_focus(a, FOCUS_DETAIL) : 0;
}

static void pane_draw(app *a)
{
    detail_draw(a, a->s.detail, false);
}

const pane_ops detail_pane = {
    .dirty = DIRTY_DETAIL,
    .action = pane_action,
    .mouse = pane_mouse,
    .draw = pane_draw,
};

/* The full-screen view takes the moves, Enter (open), and Esc and q
 * (close); the panes' own keys do nothing under it; the rest are global. */
static unsigned full_key(app *a, int key, ui_action act, int arg)
{
    cursor_motion m = action_motion(act);
    if (m != CURSOR_STAY) {
        detail_scroll(a, m);
        return DIRTY_DETAIL | DIRTY_OVERLAY;
    }
    switch (act) {
    case ACT_LEFT:
    case ACT_RIGHT:
    case ACT_NEXT_PANE:
    case ACT_PREV_PANE:
        return 0;
    case ACT_ENTER:
        links_open(a, 1);
        return 0;
    case ACT_BACK:
    case ACT_QUIT:
        a->p.detail.cur.top = 0;
        return app_pop_mode(a, &full_detail_mode);
    default:
        return REACT_PASS;
    }
}

static unsigned full_mouse(app *a, int wheel, bool click)
{
    if (!wheel)
        return 0;
    detail_scroll(a, wheel > 0 ? CURSOR_LINE_DOWN : CURSOR_LINE_UP);
    return DIRTY_DETAIL | DIRTY_OVERLAY;
}

static void full_draw(app *a, unsigned dirty)
{
    if (dirty & (DIRTY_OVERLAY | DIRTY_DETAIL | DIRTY_TABLE))
        detail_draw(a, a->s.full, true);
}

const mode_ops full_detail_mode = {
    .flags = MODE_FULL,
    .key = full_key,
    .mouse = full_mouse,
    .draw = full_draw,
};
