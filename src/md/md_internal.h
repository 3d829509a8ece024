#ifndef PAPERDECK_MD_INTERNAL_H
#define PAPERDECK_MD_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "paperdeck/arxiv.h"
#include "paperdeck/array.h"
#include "paperdeck/catalog.h"
#include "paperdeck/diag.h"
#include "paperdeck/hashslots.h"
#include "paperdeck/md_import.h"

#define NONE ((size_t)-1)
#define MAX_COLS 64
#define MAX_JOIN 3

typedef struct ref_rec {
    uint32_t label, label_len, url, url_len; /* offsets into pool */
} ref_rec;

/* Link reference definitions by normalised label. */
typedef struct ref_table {
    hash_slots slots; /* slots.n: the definitions */
    ref_rec *recs;
    size_t recs_cap;
    strbuf pool;
} ref_table;

/* A link or an emphasis found in a rendered text. */
typedef struct md_span {
    uint32_t start, end;   /* in the rendered text */
    uint32_t url, url_len; /* in renderer.urls (links) */
    bool emph;             /* emphasis rather than a link */
    bool image;            /* a link around an image: a badge or a logo */
    bool autolink;         /* <https://...> or a bare URL: no text of its own */
} md_span;

/* An image: where it stood in the rendered text and its source. */
typedef struct md_img {
    uint32_t pos, url, url_len; /* url in renderer.urls */
} md_img;

typedef struct delim {
    uint32_t out, len; /* where the opening run was written */
} delim;

typedef struct deletion {
    uint32_t pos, len;
} deletion;

/* A link nested in link text: its "](...)" part, skipped when reached. */
typedef struct pending {
    size_t q, after;
} pending;

typedef struct renderer {
    strbuf text, urls;
    md_span *spans;
    size_t nspans, spans_cap;
    md_img *imgs;
    size_t nimgs, imgs_cap;
    deletion *dels;
    size_t ndels, dels_cap;
    pending *pend;
    size_t npend, pend_cap;
    uint32_t *match; /* matching ] or ) for each [ or ( of the source */
    size_t match_cap;
    uint32_t *stack;
    size_t stack_cap;
    uint32_t *map; /* old -> new positions when compacting */
    size_t map_cap;
    delim *emph[3];
    size_t nemph[3], emph_cap[3], emph_base[3];
    size_t tick_from[17], tick_next[17]; /* cached next backtick run of length k */
    size_t gt_from, gt_next, cmt_from, cmt_next;
    bool image_seen;
    bool anchor_open, anchor_image;
    uint32_t anchor_start, anchor_url, anchor_url_len;
    const char *s;
    size_t n;
    const ref_table *refs;
} renderer;

typedef struct line {
    const char *s;
    uint32_t n;
} md_line;

typedef struct cell {
    const char *s;
    size_t n;
} cell;

enum bullet_outcome { BULLET_ENTRY, BULLET_NOT_ENTRY, BULLET_SILENT, BULLET_ATTACHED };

/* ---- the import --------------------------------------------------------- */

typedef struct slice {
    uint32_t off, len;
} slice;

typedef struct draft_link {
    slice label, url; /* label.len == 0 and label.off == UINT32_MAX: none */
} draft_link;

/* An entry being put together; every text lives in pool. */
/* The fields whose rule --explain reports. */
enum md_field {
    MD_F_TITLE,
    MD_F_VENUE,
    MD_F_YEAR,
    MD_F_AUTHORS,
    MD_F_ORG,
    MD_F_ARXIV,
    MD_F_URL,
    MD_F_DATE,
    MD_F_TAGS,
    MD_F_KIND,
    MD_F_N,
};

typedef struct draft {
    strbuf pool;
    slice title, venue, url, org, date;
    char arxiv[ARXIV_ID_MAX];
    int year;
    int kind; /* -1: infer */
    slice *notes, *tags, *authors;
    size_t nnotes, ntags, nauthors, notes_cap, tags_cap, authors_cap;
    draft_link *links;
    size_t nlinks, links_cap;
    const char *why[MD_F_N]; /* the rule that gave each field (--explain) */
} draft;

typedef struct sec_slot {
    char *name;
    uint32_t line;
    int level;     /* heading level; groups from bullets are 7 */
    size_t indent; /* groups: the bullet's column */
    bool opened, toc;
    bool label; /* a bullet that only labels its children: not a section */
    int year;   /* the year the heading or label names, 0 if none */
    bool venue; /* the label names a venue */
} sec_slot;

enum col_role {
    COL_IGNORE,
    COL_UNKNOWN,
    COL_TITLE,
    COL_VENUE,
    COL_YEAR,
    COL_DATE,
    COL_ARXIV,
    COL_CODE,
    COL_URL,
    COL_NOTES,
    COL_SUPP,
    COL_AUTHORS,
    COL_ORG,
    COL_TAGS,
    COL_KIND,
};

typedef struct table {
    bool active, after_blank;
    bool legend; /* a key to symbols, not entries: rows are skipped */
    size_t ncols;
    uint8_t roles[MAX_COLS];
    char headers[MAX_COLS][48];
} table;

typedef struct item {
    bool active, blank_seen;
    uint32_t line;
    size_t indent, content_col;
    strbuf text;
} item;

typedef struct md {
    catalog *c;
    diag *d;
    const char *name;
    uint16_t file;
    md_stats st;
    md_line *lines;
    size_t nlines;
    ref_table refs;
    renderer r;
    draft dr;
    sec_slot *secs;
    size_t nsecs, secs_cap;
    table tbl;
    item it;
    strbuf scratch, row, left;
    char *title;
    int title_h1; /* line index of the title heading, -1 if none */
    bool as_group, description_done, in_title_area;
    strbuf description;
    int64_t last_entry; /* index of the last entry from a bullet, -1 */
    size_t last_entry_indent;
    int summary_year; /* <summary>YEAR</summary> of the open <details>, 0 */
    strbuf tbuf;      /* a title being put together */
    FILE *explain;    /* import --explain: where to say which rule gave what */
} md;

/* md_text.c */
void md_sb_putc(strbuf *b, char c);
void md_sb_clear(strbuf *b);
bool md_is_punct(int c);
bool md_eq_nocase(const char *a, size_t n, const char *b);
bool md_prefix_nocase(const char *a, size_t n, const char *p);
bool md_contains_nocase(const char *s, size_t n, const char *needle);
bool md_has_substr(const char *s, size_t n, const char *needle);
void md_trim(const char **s, size_t *n);
size_t md_sep_len_at(const char *s, size_t n);
size_t md_sep_len_before(const char *s, size_t n);
void md_trim_seps(const char **s, size_t *n);

/* md_inline.c */
bool md_ref_definition(const char *s, size_t n, ref_table *t);
void md_renderer_free(renderer *r);
void md_render(renderer *r, const char *s, size_t n);
const char *md_span_url(const renderer *r, const md_span *sp);
void md_span_text(const renderer *r, const md_span *sp, const char **s, size_t *n);

/* md_block.c */
size_t md_indent_of(const char *s, size_t n, size_t *cols);
bool md_is_blank(const md_line *l);
bool md_atx_heading(const char *s, size_t n, int *level, const char **text, size_t *tn);
bool md_fence_open(const char *s, size_t n, char *ch, size_t *len);
bool md_bullet_marker(const char *s, size_t n, size_t *marker_col, size_t *content);
bool md_pipe_unescaped(const char *s, size_t n);
bool md_ends_with_pipe(const char *s, size_t n);
bool md_starts_with_pipe(const char *s, size_t n);
size_t md_split_cells(const char *s, size_t n, cell *cells, size_t max, size_t *dropped);
void md_heading(md *m, size_t i, int level, const char *t, size_t tn);
void md_end_paragraph(md *m);
void md_parse_blocks(md *m);
void md_scan_lines(md *m, const char *buf, size_t len);

/* md_draft.c */
void md_warn(md *m, size_t line_index, const char *fmt, const char *arg)
    __attribute__((format(printf, 3, 0)));
void md_sec_push(md *m, const char *name, size_t n, uint32_t line, int level, size_t indent);
void md_sec_pop(md *m);
void md_secs_open(md *m);
bool md_in_toc(const md *m);
void md_pop_groups(md *m, size_t cols);
slice md_pool_add(draft *d, const char *s, size_t n);
void md_draft_reset(draft *d);
void md_draft_free(draft *d);
void md_list_add(slice **arr, size_t *n, size_t *cap, slice s);
void md_draft_note(draft *d, const char *s, size_t n);
void md_draft_tag(draft *d, const char *s, size_t n, bool lower);
void md_draft_link_add(draft *d, const char *label, size_t ln, const char *url, size_t un);
bool md_is_arxiv_url(const char *u, size_t n, char id[ARXIV_ID_MAX]);
bool md_is_code_host(const char *u, size_t n);
bool md_is_generic_label(const char *s, size_t n);
void md_take_link(md *m, const md_span *sp, bool code_label);
void md_take_url(md *m, const md_span *sp);
size_t md_parse_date(const char *s, size_t n, char out[11]);
bool md_find_venue(const char *s, size_t n, size_t *vs, size_t *vn);
bool md_find_year(const char *s, size_t n, size_t *ys, int *year);
size_t md_word_count(const char *s, size_t n);
bool md_has_letter_or_digit(const char *s, size_t n);
const char *md_pool_str(const draft *d, slice s);
void md_commit(md *m, size_t line_index);

/* md_table.c */
void md_table_begin(md *m, size_t i);
void md_table_row(md *m, size_t *index);

/* md_bullet.c */
void md_item_flush(md *m, size_t next);
void md_item_start(md *m, size_t i, size_t marker_col, size_t content);

/* md_explain.c */
/* Writes entry e and the rule behind each of its fields to m->explain;
 * derived is the year catalog_finish will give it when it has none. */
void md_explain_entry(md *m, const entry *e, int derived);

/* md_draft.c: provenance, authors, titles */
/* Drops a version suffix from an arXiv id in place ("2501.12948v1" ->
 * "2501.12948"); true if there was one. */
bool md_arxiv_unversion(char *id);
/* Takes an arXiv link u (any_host: any URL or text holding an id) as the
 * entry's id without its version; a versioned link is also kept as a link,
 * labelled by t or "arXiv". False when u holds no id or names another
 * paper than the entry's. */
bool md_take_arxiv(md *m, const char *t, size_t tn, const char *u, size_t un, bool any_host);
/* Records that rule gave field (shown by import --explain). */
void md_why(draft *d, int field, const char *rule);
/* Adds one author to the draft (arg is the draft; fits md_authors_each). */
void md_draft_author(void *arg, const char *s, size_t n);
/* Sets the title from s, decorations stripped; a venue and year at its end
 * go to venue and year when those are not known yet. */
void md_draft_title(md *m, const char *s, size_t n, const char *rule);
size_t md_venue_name_len(const char *s, size_t n);

/* md_rules.c: text rules of the entry recogniser (tests/unit/test_md_rules.c) */
/* Removes emoji, keycaps ("1️⃣") and emoji selectors/joiners in place; new length. */
size_t md_strip_emoji(char *s, size_t n);
/* The length of the emoji and spaces s starts with ("🔥🔥 [Title](url)"). */
size_t md_emoji_prefix_len(const char *s, size_t n);
/* Removes emoji, ":shortcodes:" and brackets left empty from a heading, in
 * place; collapses white space. Returns the new length. */
size_t md_strip_heading_decorations(char *s, size_t n);
/* Removes what a title carries that is not the title, in place: emoji,
 * ":shortcodes:", empty "[]()" left by links, a "[Name] " prefix, trailing
 * "(60)" counts and "(@Org)" affiliations, surrounding quotes, one trailing
 * period; collapses white space. Returns the new length. */
size_t md_strip_title_decorations(char *s, size_t n);
/* "' 24", "'24", "’24" (after an optional space): its length and the year
 * (20YY); 0 when s does not start with one. */
size_t md_short_year(const char *s, size_t n, int *year);
/* True when all of s is a venue slot: a known name with an optional year
 * and qualifier ("ICLR", "Arxiv 2024", "SOSP' 24", "ACL2025-findings",
 * "ICMLw"); *year (may be NULL) gets the year it states, or 0. */
bool md_venue_word(const char *s, size_t n, int *year);
/* The year a heading, <summary> or group label names ("2022", "Year 2024",
 * "2023年"), else 0. "WACV-2024-Papers" is not a year label. */
int md_year_label(const char *s, size_t n);
/* A title that ends in its venue and year ("... Models Arxiv 2024",
 * "... | SOSP' 24"): true with the title's new end *cut, the venue slot at
 * s[*vs..+*vn) ("Arxiv 2024" whole; "SOSP" without a "' 24" year) and *year. */
bool md_venue_year_tail(const char *s, size_t n, size_t *cut, size_t *vs, size_t *vn, int *year);
/* The text of a shields.io static badge URL ("…/badge/ACL2025--findings-orange")
 * decoded ("ACL2025-findings"): "--" -> "-", "_" -> " ", the colour dropped.
 * Returns its length (0: not such a badge). */
size_t md_badge_text(const char *url, size_t un, char *out, size_t size);
/* A badge text that names a venue: "25-ICML" (venue ICML, year 2025) or a
 * venue slot as md_venue_word reads it. */
bool md_badge_venue(const char *text, size_t n, size_t *vs, size_t *vn, int *year);
/* True when s lists people ("A Author, B Author", "A Author and B Author",
 * "A Author." when closed_by_period): capitalised names of 1-5 words. */
bool md_authors_like(const char *s, size_t n, bool closed_by_period);
/* Calls each(arg, name, len) for each person in s; returns how many. */
size_t md_authors_each(const char *s, size_t n, void (*each)(void *, const char *, size_t),
                       void *arg);
/* "Paper: ", "Title: " (a label before the linked title): its length, else 0. */
size_t md_label_prefix(const char *s, size_t n);
/* "ICLR-" in "2018-ICLR-[Title]": the venue token's length, else 0. */
size_t md_venue_token_prefix(const char *s, size_t n);

#endif
