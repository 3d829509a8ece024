/* output: views as table, TSV and JSON; see output.h. */
#include "paperdeck/output.h"

#include <string.h>

#include "paperdeck/bibtex.h"
#include "paperdeck/columns.h"
#include "paperdeck/field.h"
#include "paperdeck/md_export.h"
#include "paperdeck/utf8.h"
#include "paperdeck/yaml_write.h"

#define SGR_RESET "\x1b[0m"
#define SGR_HEADER "\x1b[1m"
#define SGR_MATCH "\x1b[1;33m"
#define SGR_DIM "\x1b[2m"

/* The table's columns are field.h's: their headings, their texts, and the
 * widths (cli_cap) narrow columns never grow past; on a terminal, columns.h
 * cuts them before the title. */
#define NCOLS FIELD_COL_COUNT

bool output_format_parse(const char *s, output_format *out)
{
    static const struct {
        const char *name;
        output_format f;
    } formats[] = {
        {"table", OUTPUT_TABLE},       {"tsv", OUTPUT_TSV},     {"json", OUTPUT_JSON},
        {"markdown", OUTPUT_MARKDOWN}, {"md", OUTPUT_MARKDOWN}, {"yaml", OUTPUT_YAML},
        {"bibtex", OUTPUT_BIBTEX},     {"bib", OUTPUT_BIBTEX},
    };
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        if (strcmp(s, formats[i].name) == 0) {
            *out = formats[i].f;
            return true;
        }
    }
    return false;
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* The user's marks of entry id (MARK_*), 0 without an index to ask. */
static unsigned marks_of(const output_options *o, uint32_t id)
{
    return o->index ? index_marks(o->index, id) : 0;
}

/* The table's first column: a star and a read tick, two columns wide. */
#define MARK_CELL_WIDTH 2
static void put_mark_cell(FILE *out, unsigned m)
{
    fputs(m & MARK_STARRED ? "\u2605" : " ", out);
    fputs(m & MARK_READ ? "\u2713" : " ", out);
    fputc(' ', out);
}

/* TSV and the table agree on these words. */
static const char *mark_words(unsigned m)
{
    static const char *const words[4] = {"", "starred", "read", "starred,read"};
    return words[m & MARK_ALL];
}

/* The text of a table cell, before sanitising. */
static const char *cell_text(const catalog *c, const entry *e, int col, char *buf, size_t size)
{
    return field_get((field_col)col)->text(c, e, FIELD_FULL, buf, size);
}

/* The widest a column may grow; 0 for no limit. */
static size_t col_max(int col)
{
    return (size_t)field_get((field_col)col)->cli_cap;
}

static const char *col_name(int col)
{
    return field_get((field_col)col)->label;
}

/* Writes text with every control character made visible, at most max_width
 * columns (0: no limit), ending in an ellipsis when cut; the code points
 * whose indices are in hl[0..nhl) are highlighted. Returns columns used. */
static size_t put_cell(FILE *out, const char *text, size_t max_width, bool color,
                       const uint32_t *hl, size_t nhl)
{
    size_t n = strlen(text);
    size_t width = utf8_width(text, n);
    size_t limit = n, used = 0;
    bool cut = max_width && width > max_width;
    if (cut)
        limit = utf8_fit(text, n, max_width - 1, NULL);
    size_t k = 0;
    uint32_t index = 0;
    bool lit = false;
    for (size_t i = 0; i < limit; index++) {
        uint32_t cp;
        i += utf8_decode(text + i, n - i, &cp);
        /* hl is NULL only when nhl is 0 */
        while (k < nhl && hl[k] < index) /* cppcheck-suppress nullPointer */
            k++;
        bool want = color && k < nhl && hl[k] == index; /* cppcheck-suppress nullPointer */
        if (want != lit) {
            fputs(want ? SGR_MATCH : SGR_RESET, out);
            lit = want;
        }
        char enc[4];
        uint32_t shown = utf8_visible(cp);
        size_t enc_len = utf8_encode(shown, enc);
        fwrite(enc, 1, enc_len, out);
        used += (size_t)utf8_cp_width(shown);
    }
    if (lit)
        fputs(SGR_RESET, out);
    if (cut) {
        fputs("…", out);
        used++;
    }
    return used;
}

static void put_padding(FILE *out, size_t n)
{
    while (n--)
        fputc(' ', out);
}

static void table_widths(const catalog *c, const view *v, int width, size_t w[NCOLS])
{
    char buf[16];
    columns_in in = {.width = width, .fixed = MARK_CELL_WIDTH + 1 + 2 * (NCOLS - 1)};
    for (int col = 0; col < NCOLS; col++)
        in.natural[col] = (int)utf8_width(col_name(col), strlen(col_name(col)));
    for (uint32_t i = 0; i < v->n; i++) {
        const entry *e = &c->entries[v->ids[i]];
        for (int col = 0; col < NCOLS; col++) {
            const char *t = cell_text(c, e, col, buf, sizeof buf);
            size_t cw = utf8_width(t, strlen(t));
            if (col_max(col) && cw > col_max(col))
                cw = col_max(col);
            if (cw > (size_t)in.natural[col])
                in.natural[col] = (int)cw;
        }
    }
    /* the title is the main column: the others are cut first */
    columns_out out;
    columns_fit_list(&in, &out);
    for (int col = 0; col < NCOLS; col++)
        w[col] = (size_t)out.w[col];
}

static int output_table(FILE *out, const catalog *c, const view *v, const output_options *o)
{
    size_t w[NCOLS];
    table_widths(c, v, o->width, w);
    if (o->color)
        fputs(SGR_HEADER, out);
    put_padding(out, MARK_CELL_WIDTH + 1);
    for (int col = 0; col < NCOLS; col++) {
        size_t used = put_cell(out, col_name(col), 0, false, NULL, 0);
        if (col + 1 < NCOLS)
            put_padding(out, w[col] - used + 2);
    }
    if (o->color)
        fputs(SGR_RESET, out);
    fputc('\n', out);

    uint32_t hl[256];
    char buf[16];
    for (uint32_t i = 0; i < v->n; i++) {
        const entry *e = &c->entries[v->ids[i]];
        put_mark_cell(out, marks_of(o, v->ids[i]));
        for (int col = 0; col < NCOLS; col++) {
            const char *t = cell_text(c, e, col, buf, sizeof buf);
            size_t nhl = 0;
            if (col == FIELD_COL_TITLE && o->color && o->highlight)
                nhl = query_title_positions(o->highlight, t, hl, sizeof hl / sizeof hl[0]);
            size_t limit = col == FIELD_COL_TITLE || col_max(col) ? w[col] : 0;
            size_t used = put_cell(out, t, limit, o->color, hl, nhl);
            if (col + 1 < NCOLS)
                put_padding(out, w[col] > used ? w[col] - used + 2 : 2);
        }
        fputc('\n', out);
    }
    return 0;
}

/* TSV cells: sanitised, and the separators themselves become spaces. */
static void put_tsv(FILE *out, const char *s)
{
    char buf[4096];
    size_t n = s ? strlen(s) : 0;
    while (n) {
        /* Sanitise in slices; a slice never ends inside a code point because
         * utf8_sanitize stops before a partial one and reports what it read. */
        size_t take = n < 1024 ? n : 1024;
        while (take < n && ((unsigned char)s[take] & 0xC0) == 0x80)
            take++;
        utf8_sanitize(s, take, buf, sizeof buf);
        fputs(buf, out);
        s += take;
        n -= take;
    }
}

static void put_tsv_list(FILE *out, const char *const *items, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            fputs(", ", out);
        put_tsv(out, items[i]);
    }
}

static int output_tsv(FILE *out, const catalog *c, const view *v, const output_options *o)
{
    fputs("title\tvenue\tyear\tarxiv\tsection\tkind\turl\torg\ttags\tauthors\tdate\tnotes"
          "\tmarks\n",
          out);
    for (uint32_t i = 0; i < v->n; i++) {
        const entry *e = &c->entries[v->ids[i]];
        put_tsv(out, e->title);
        fputc('\t', out);
        put_tsv(out, e->venue);
        fputc('\t', out);
        if (e->year)
            fprintf(out, "%d", e->year);
        fputc('\t', out);
        put_tsv(out, e->arxiv);
        fputc('\t', out);
        put_tsv(out, c->sections[e->section].path);
        fprintf(out, "\t%s\t", entry_kind_name((entry_kind)e->kind));
        put_tsv(out, e->url);
        fputc('\t', out);
        put_tsv(out, e->org);
        fputc('\t', out);
        put_tsv_list(out, e->tags, e->ntags);
        fputc('\t', out);
        put_tsv_list(out, e->authors, e->nauthors);
        fputc('\t', out);
        put_tsv(out, e->date);
        fputc('\t', out);
        put_tsv(out, e->notes);
        fprintf(out, "\t%s\n", mark_words(marks_of(o, v->ids[i])));
    }
    return 0;
}

static void put_json_string(FILE *out, const char *s)
{
    /* The characters with a short escape, and the letter after the '\\'. */
    static const char specials[] = "\"\\\n\t\r", letters[] = "\"\\ntr";
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        const char *sp = strchr(specials, *p);
        if (sp) {
            fputc('\\', out);
            fputc(letters[sp - specials], out);
        } else if (*p < 0x20 || *p == 0x7f) {
            fprintf(out, "\\u%04x", *p);
        } else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
            /* a C1 control (U+0080-U+009F, e.g. the one-byte CSI): some
             * terminals act on it, so it is escaped like C0 */
            fprintf(out, "\\u%04x", p[1]);
            p++;
        } else {
            fputc(*p, out);
        }
    }
    fputc('"', out);
}

static void put_json_field(FILE *out, const char *key, const char *value)
{
    if (!value)
        return;
    fprintf(out, ", \"%s\": ", key);
    put_json_string(out, value);
}

static void put_json_array(FILE *out, const char *key, const char *const *items, uint32_t n)
{
    if (!n)
        return;
    fprintf(out, ", \"%s\": [", key);
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            fputs(", ", out);
        put_json_string(out, items[i]);
    }
    fputc(']', out);
}

/* What the entry's fetched arXiv record adds (paperdeck fetch). */
static void put_json_record(FILE *out, const arxiv_record *r)
{
    put_json_field(out, "abstract", r->abstract);
    put_json_field(out, "arxiv_title", r->title);
    put_json_array(out, "categories", (const char *const *)r->cats, r->ncats);
    put_json_field(out, "published", r->published);
    put_json_field(out, "updated", r->updated);
    put_json_field(out, "comment", r->comment);
    put_json_field(out, "journal_ref", r->journal_ref);
    put_json_field(out, "doi", r->doi);
}

static int output_json(FILE *out, const catalog *c, const view *v, const output_options *o)
{
    fputc('[', out);
    for (uint32_t i = 0; i < v->n; i++) {
        const entry *e = &c->entries[v->ids[i]];
        fputs(i ? ",\n  {" : "\n  {", out);
        fputs("\"title\": ", out);
        put_json_string(out, e->title);
        fprintf(out, ", \"kind\": \"%s\"", entry_kind_name((entry_kind)e->kind));
        put_json_field(out, "venue", e->venue);
        if (e->year)
            fprintf(out, ", \"year\": %d", e->year);
        put_json_field(out, "date", e->date);
        put_json_field(out, "arxiv", e->arxiv);
        put_json_field(out, "url", e->url);
        if (e->nlinks) {
            fputs(", \"links\": [", out);
            for (uint32_t k = 0; k < e->nlinks; k++) {
                fputs(k ? ", {" : "{", out);
                fputs("\"label\": ", out);
                put_json_string(out, or_empty(e->links[k].label));
                fputs(", \"url\": ", out);
                put_json_string(out, e->links[k].url);
                fputc('}', out);
            }
            fputc(']', out);
        }
        const arxiv_record *r = o->index ? index_record(o->index, v->ids[i]) : NULL;
        /* arXiv's authors are the whole list, in full: they win. */
        if (r && r->nauthors)
            put_json_array(out, "authors", (const char *const *)r->authors, r->nauthors);
        else
            put_json_array(out, "authors", e->authors, e->nauthors);
        if (r)
            put_json_record(out, r);
        put_json_field(out, "org", e->org);
        put_json_array(out, "tags", e->tags, e->ntags);
        put_json_field(out, "notes", e->notes);
        put_json_field(out, "section", c->sections[e->section].path);
        unsigned m = marks_of(o, v->ids[i]);
        fprintf(out, ", \"starred\": %s, \"read\": %s, \"new\": %s}",
                m & MARK_STARRED ? "true" : "false", m & MARK_READ ? "true" : "false",
                m & MARK_NEW ? "true" : "false");
    }
    fputs(v->n ? "\n]\n" : "]\n", out);
    return 0;
}

int output_view(FILE *out, const catalog *c, const view *v, const output_options *o)
{
    switch (o->format) {
    case OUTPUT_TSV:
        output_tsv(out, c, v, o);
        break;
    case OUTPUT_JSON:
        output_json(out, c, v, o);
        break;
    case OUTPUT_MARKDOWN:
        return md_export(out, c, v);
    case OUTPUT_YAML:
        return yaml_write(out, c, v, NULL, 0);
    case OUTPUT_BIBTEX:
        return bibtex_write(out, c, v, o->index);
    default:
        output_table(out, c, v, o);
        break;
    }
    return ferror(out) ? -1 : 0;
}
