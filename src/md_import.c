/* md_import: awesome-list markdown into a catalog; see md_import.h.
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
#include "paperdeck/md_import.h"
#include "paperdeck/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "paperdeck/arxiv.h"
#include "paperdeck/utf8.h"

#define NONE ((size_t)-1)
#define MAX_COLS 64
#define MAX_JOIN 3 /* continuation lines a broken table row may take */

/* ---- growable buffers --------------------------------------------------- */

/* Makes room for need elements of size elem in *p (capacity *cap). */
static void grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return;
    size_t c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    *p = xrealloc(*p, c * elem);
    *cap = c;
}

typedef struct strbuf {
    char *p;
    size_t n, cap;
} strbuf;

static void sb_put(strbuf *b, const char *s, size_t n)
{
    grow((void **)&b->p, &b->cap, b->n + n + 1, 1);
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void sb_putc(strbuf *b, char c)
{
    sb_put(b, &c, 1);
}

static void sb_clear(strbuf *b)
{
    b->n = 0;
    if (b->p)
        b->p[0] = '\0';
}

/* ---- characters --------------------------------------------------------- */

static bool is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(int c)
{
    return is_alpha(c) || is_digit(c);
}

static bool is_punct(int c)
{
    return c > 32 && c < 127 && !is_alnum(c);
}

static int to_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool eq_nocase(const char *a, size_t n, const char *b)
{
    size_t m = strlen(b);
    if (n != m)
        return false;
    for (size_t i = 0; i < n; i++)
        if (to_lower((unsigned char)a[i]) != to_lower((unsigned char)b[i]))
            return false;
    return true;
}

static bool prefix_nocase(const char *a, size_t n, const char *p)
{
    size_t m = strlen(p);
    return n >= m && eq_nocase(a, m, p);
}

/* Finds needle (lower-case ASCII) in s[0..n), case-insensitively. */
static bool contains_nocase(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (eq_nocase(s + i, m, needle))
            return true;
    return false;
}

/* memmem is not in POSIX. */
static bool has_substr(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(s + i, needle, m) == 0)
            return true;
    return false;
}

static void trim(const char **s, size_t *n)
{
    while (*n && is_space((unsigned char)**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && is_space((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

/* Separators around titles and venues: ASCII ones and the full-width
 * comma, colon and semicolon. Question and exclamation marks are kept. */
static size_t sep_len_at(const char *s, size_t n)
{
    static const char *const wide[] = {"，", "：", "；", "、", "–", "—", "·"};
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80)
        return strchr(" \t,.;:-|/", c) && c ? 1 : 0;
    for (size_t k = 0; k < sizeof wide / sizeof wide[0]; k++) {
        size_t m = strlen(wide[k]);
        if (n >= m && memcmp(s, wide[k], m) == 0)
            return m;
    }
    return 0;
}

static size_t sep_len_before(const char *s, size_t n)
{
    if (!n)
        return 0;
    unsigned char c = (unsigned char)s[n - 1];
    if (c < 0x80)
        return sep_len_at(s + n - 1, 1);
    size_t k = n - 1;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    size_t m = sep_len_at(s + k, n - k);
    return m == n - k ? m : 0;
}

static void trim_seps(const char **s, size_t *n)
{
    for (;;) {
        size_t k = *n ? sep_len_at(*s, *n) : 0;
        if (!k)
            break;
        *s += k;
        *n -= k;
    }
    for (;;) {
        size_t k = sep_len_before(*s, *n);
        if (!k)
            break;
        *n -= k;
    }
}

/* ---- link reference definitions ---------------------------------------- */

typedef struct ref_slot {
    uint32_t hash;
    uint32_t label, label_len, url, url_len; /* offsets into pool */
} ref_slot;

typedef struct ref_table {
    ref_slot *slots;
    size_t cap, n;
    strbuf pool;
} ref_table;

/* Labels match case-insensitively with runs of white space as one. */
static size_t ref_normalize(const char *s, size_t n, char *out, size_t size)
{
    size_t k = 0;
    bool space = false;
    trim(&s, &n);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_space(c)) {
            space = true;
            continue;
        }
        if (space && k < size)
            out[k++] = ' ';
        space = false;
        if (k < size)
            out[k++] = (char)to_lower(c);
    }
    return k < size ? k : NONE;
}

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h ? h : 1;
}

static const ref_slot *ref_find(const ref_table *t, const char *label, size_t n)
{
    char key[256];
    if (!t->n || n > 999) /* CommonMark's limit on labels; keeps "[[[[" linear */
        return NULL;
    size_t k = ref_normalize(label, n, key, sizeof key);
    if (k == NONE || k == 0)
        return NULL;
    uint32_t h = hash_bytes(key, k);
    for (size_t j = h & (t->cap - 1); t->slots[j].hash; j = (j + 1) & (t->cap - 1)) {
        const ref_slot *r = &t->slots[j];
        if (r->hash == h && r->label_len == k && memcmp(t->pool.p + r->label, key, k) == 0)
            return r;
    }
    return NULL;
}

static void ref_add(ref_table *t, const char *label, size_t n, const char *url, size_t un)
{
    char key[256];
    size_t k = ref_normalize(label, n, key, sizeof key);
    if (k == NONE || k == 0 || ref_find(t, label, n))
        return; /* the first definition wins */
    if ((t->n + 1) * 2 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        ref_slot *slots = xrealloc(NULL, cap * sizeof *slots);
        memset(slots, 0, cap * sizeof *slots);
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->slots[i].hash)
                continue;
            size_t j = t->slots[i].hash & (cap - 1);
            while (slots[j].hash)
                j = (j + 1) & (cap - 1);
            slots[j] = t->slots[i];
        }
        free(t->slots);
        t->slots = slots;
        t->cap = cap;
    }
    uint32_t h = hash_bytes(key, k);
    size_t j = h & (t->cap - 1);
    while (t->slots[j].hash)
        j = (j + 1) & (t->cap - 1);
    ref_slot *r = &t->slots[j];
    r->hash = h;
    r->label = (uint32_t)t->pool.n;
    r->label_len = (uint32_t)k;
    sb_put(&t->pool, key, k);
    r->url = (uint32_t)t->pool.n;
    r->url_len = (uint32_t)un;
    sb_put(&t->pool, url, un);
    t->n++;
}

/* A link destination in s[from, to): "<...>" or up to the next space, after
 * leading spaces. Sets [*start, *end); false when it is empty. */
static bool scan_destination(const char *s, size_t from, size_t to, size_t *start,
                             size_t *end)
{
    while (from < to && is_space((unsigned char)s[from]))
        from++;
    size_t e = from;
    if (from < to && s[from] == '<') {
        e = ++from;
        while (e < to && s[e] != '>')
            e++;
    } else {
        while (e < to && !is_space((unsigned char)s[e]))
            e++;
    }
    *start = from;
    *end = e;
    return e > from;
}

/* "[label]: url" (up to three spaces of indent). */
static bool ref_definition(const char *s, size_t n, ref_table *t)
{
    size_t i = 0;
    while (i < n && i < 3 && s[i] == ' ')
        i++;
    if (i >= n || s[i] != '[' || (i + 1 < n && s[i + 1] == '^'))
        return false;
    size_t start = ++i;
    while (i < n && s[i] != ']' && s[i] != '[') {
        if (s[i] == '\\' && i + 1 < n)
            i++;
        i++;
    }
    if (i + 1 >= n || s[i] != ']' || s[i + 1] != ':' || i == start || i - start > 200)
        return false;
    size_t lend = i, ustart, uend;
    if (!scan_destination(s, i + 2, n, &ustart, &uend))
        return false;
    if (t)
        ref_add(t, s + start, lend - start, s + ustart, uend - ustart);
    return true;
}

/* ---- inline renderer ---------------------------------------------------- */

/* A link or an emphasis found in a rendered text. */
typedef struct md_span {
    uint32_t start, end;   /* in the rendered text */
    uint32_t url, url_len; /* in renderer.urls (links) */
    bool emph;             /* emphasis rather than a link */
    bool image;            /* a link around an image: a badge or a logo */
    bool autolink;         /* <https://...> or a bare URL: no text of its own */
} md_span;

typedef struct delim {
    uint32_t out, len;     /* where the opening run was written */
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
    deletion *dels;
    size_t ndels, dels_cap;
    pending *pend;
    size_t npend, pend_cap;
    uint32_t *match;       /* matching ] or ) for each [ or ( of the source */
    size_t match_cap;
    uint32_t *stack;
    size_t stack_cap;
    uint32_t *map;         /* old -> new positions when compacting */
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

static void renderer_free(renderer *r)
{
    free(r->text.p);
    free(r->urls.p);
    free(r->spans);
    free(r->dels);
    free(r->pend);
    free(r->match);
    free(r->stack);
    free(r->map);
    for (int k = 0; k < 3; k++)
        free(r->emph[k]);
    memset(r, 0, sizeof *r);
}

static void out_char(renderer *r, char c)
{
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        if (!r->text.n || r->text.p[r->text.n - 1] == ' ')
            return;
        c = ' ';
    }
    sb_putc(&r->text, c);
}

static void out_bytes(renderer *r, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out_char(r, s[i]);
}

static md_span *span_push(renderer *r)
{
    grow((void **)&r->spans, &r->spans_cap, r->nspans + 1, sizeof *r->spans);
    md_span *sp = &r->spans[r->nspans++];
    memset(sp, 0, sizeof *sp);
    return sp;
}

/* Stores a URL (backslash escapes removed) and returns its offset. */
static uint32_t url_store(renderer *r, const char *s, size_t n, uint32_t *len)
{
    uint32_t off = (uint32_t)r->urls.n;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n && is_punct((unsigned char)s[i + 1]))
            i++;
        sb_putc(&r->urls, s[i]);
    }
    *len = (uint32_t)(r->urls.n - off);
    return off;
}

/* Pairs brackets and parentheses once per source, so that finding the end
 * of a link is O(1) and a megabyte of "[[[[" stays linear. */
static void match_brackets(renderer *r)
{
    const char *s = r->s;
    size_t n = r->n, nb = 0, np = 0;
    grow((void **)&r->match, &r->match_cap, n + 1, sizeof *r->match);
    grow((void **)&r->stack, &r->stack_cap, n + 1, sizeof *r->stack);
    /* Bracket openers grow from the bottom of the stack, parentheses from
     * the top; together they never exceed n. */
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\\' && i + 1 < n && is_punct((unsigned char)s[i + 1])) {
            i++;
        } else if (c == '[' || c == '(') {
            r->match[i] = UINT32_MAX;
            if (c == '[')
                r->stack[nb++] = (uint32_t)i;
            else
                r->stack[n - ++np] = (uint32_t)i;
        } else if (c == ']' && nb) {
            r->match[r->stack[--nb]] = (uint32_t)i;
        } else if (c == ')' && np) {
            r->match[r->stack[n - np--]] = (uint32_t)i;
        }
    }
}

static size_t match_of(const renderer *r, size_t i, size_t end)
{
    uint32_t m = r->match[i];
    return m == UINT32_MAX || m >= end ? NONE : m;
}

static void render_range(renderer *r, size_t i, size_t end, bool in_link);

/* The next run of exactly k backticks at or after pos (NONE if none); the
 * answer is cached per k, and pos only grows, so the scans stay linear. */
static size_t tick_run(renderer *r, size_t pos, size_t k)
{
    if (r->tick_from[k] != NONE && r->tick_from[k] <= pos
        && (r->tick_next[k] == NONE || r->tick_next[k] >= pos))
        return r->tick_next[k];
    size_t i = pos, found = NONE;
    while (i < r->n) {
        const char *p = memchr(r->s + i, '`', r->n - i);
        if (!p)
            break;
        size_t j = (size_t)(p - r->s), e = j;
        while (e < r->n && r->s[e] == '`')
            e++;
        if (e - j == k && (j == 0 || r->s[j - 1] != '`')) {
            found = j;
            break;
        }
        i = e;
    }
    r->tick_from[k] = pos;
    r->tick_next[k] = found;
    return found;
}

static size_t render_code(renderer *r, size_t i, size_t end)
{
    size_t k = 0;
    while (i + k < end && r->s[i + k] == '`')
        k++;
    size_t j = k <= 16 ? tick_run(r, i + k, k) : NONE;
    if (j == NONE || j + k > end) {
        out_bytes(r, r->s + i, k);
        return i + k;
    }
    const char *c = r->s + i + k;
    size_t n = j - (i + k);
    if (n >= 2 && c[0] == ' ' && c[n - 1] == ' ') {
        c++;
        n -= 2;
    }
    /* Escapes do not work in code, but in a table cell GFM turns "\|"
     * into a pipe before the code span is seen. */
    for (size_t x = 0; x < n; x++)
        if (!(c[x] == '\\' && x + 1 < n && c[x + 1] == '|'))
            out_char(r, c[x]);
    return j + k;
}

/* The destination of an inline link s[from..to): "<url>" or url, then an
 * optional title. */
static bool link_dest(renderer *r, size_t from, size_t to, uint32_t *off, uint32_t *len)
{
    size_t start, end;
    if (!scan_destination(r->s, from, to, &start, &end))
        return false;
    *off = url_store(r, r->s + start, end - start, len);
    return true;
}

/* After the "]" at q: "(dest)", "[ref]", "[]" or a shortcut reference whose
 * label is s[label..q). Returns the index after the link, or NONE. */
static size_t link_target(renderer *r, size_t label, size_t q, size_t end, uint32_t *off,
                          uint32_t *len)
{
    const char *s = r->s;
    if (q + 1 < end && s[q + 1] == '(') {
        size_t p = match_of(r, q + 1, end);
        if (p != NONE && link_dest(r, q + 2, p, off, len))
            return p + 1;
        if (p != NONE && p == q + 2)
            return NONE;
    }
    size_t after = q + 1;
    const ref_slot *ref = NULL;
    if (q + 1 < end && s[q + 1] == '[') {
        size_t m = match_of(r, q + 1, end);
        if (m != NONE) {
            ref = m == q + 2 ? ref_find(r->refs, s + label, q - label)
                             : ref_find(r->refs, s + q + 2, m - (q + 2));
            after = m + 1;
        }
    }
    if (!ref) {
        ref = ref_find(r->refs, s + label, q - label);
        after = q + 1;
    }
    if (!ref)
        return NONE;
    *off = url_store(r, r->refs->pool.p + ref->url, ref->url_len, len);
    return after;
}

static size_t render_link(renderer *r, size_t i, size_t end, bool in_link)
{
    size_t q = match_of(r, i, end);
    if (q == NONE)
        return 0;
    uint32_t off, len;
    size_t url_mark = r->urls.n;
    size_t after = link_target(r, i + 1, q, end, &off, &len);
    if (after == NONE)
        return 0;
    if (in_link) {
        /* Links do not nest: the inner one is text. No recursion, so that
         * deep nesting cannot exhaust the stack: its "](...)" is skipped
         * when the loop reaches it. */
        r->urls.n = url_mark;
        grow((void **)&r->pend, &r->pend_cap, r->npend + 1, sizeof *r->pend);
        r->pend[r->npend++] = (pending){q, after};
        return i + 1;
    }
    uint32_t start = (uint32_t)r->text.n;
    r->image_seen = false;
    render_range(r, i + 1, q, true);
    md_span *sp = span_push(r);
    sp->start = start;
    sp->end = (uint32_t)r->text.n;
    sp->url = off;
    sp->url_len = len;
    sp->image = r->image_seen;
    return after;
}

/* Images (badges) are dropped; inside a link they mark it as a badge. */
static size_t render_image(renderer *r, size_t i, size_t end)
{
    size_t q = match_of(r, i + 1, end);
    if (q == NONE)
        return 0;
    uint32_t off, len;
    size_t url_mark = r->urls.n;
    size_t after = link_target(r, i + 2, q, end, &off, &len);
    r->urls.n = url_mark;
    if (after == NONE)
        return 0;
    r->image_seen = true;
    return after;
}

static size_t next_char(const char *s, size_t n, size_t pos, char c, size_t *from, size_t *next)
{
    if (*from != NONE && *from <= pos && (*next == NONE || *next >= pos))
        return *next;
    const char *p = pos < n ? memchr(s + pos, c, n - pos) : NULL;
    *from = pos;
    *next = p ? (size_t)(p - s) : NONE;
    return *next;
}

/* The next "-->" at or after pos, cached like the others. */
static size_t comment_end(renderer *r, size_t pos)
{
    if (r->cmt_from != NONE && r->cmt_from <= pos && (r->cmt_next == NONE || r->cmt_next >= pos))
        return r->cmt_next;
    size_t found = NONE;
    for (size_t i = pos; i + 3 <= r->n; i++) {
        const char *p = memchr(r->s + i, '-', r->n - i);
        if (!p)
            break;
        i = (size_t)(p - r->s);
        if (i + 3 <= r->n && memcmp(r->s + i, "-->", 3) == 0) {
            found = i;
            break;
        }
    }
    r->cmt_from = pos;
    r->cmt_next = found;
    return found;
}

/* The value of attribute name (lower-case) in tag s[0..n). */
static bool html_attr(const char *s, size_t n, const char *name, size_t *vs, size_t *vn)
{
    size_t m = strlen(name);
    for (size_t i = 1; i + m < n; i++) {
        if (!is_space((unsigned char)s[i - 1]) || !eq_nocase(s + i, m, name))
            continue;
        size_t j = i + m;
        while (j < n && s[j] == ' ')
            j++;
        if (j >= n || s[j] != '=')
            continue;
        j++;
        while (j < n && s[j] == ' ')
            j++;
        char q = j < n && (s[j] == '"' || s[j] == '\'') ? s[j] : 0;
        size_t start = q ? j + 1 : j, e = start;
        while (e < n && (q ? s[e] != q : !is_space((unsigned char)s[e]) && s[e] != '>'))
            e++;
        *vs = start;
        *vn = e - start;
        return true;
    }
    return false;
}

static void anchor_close(renderer *r)
{
    if (!r->anchor_open)
        return;
    md_span *sp = span_push(r);
    sp->start = r->anchor_start;
    sp->end = (uint32_t)r->text.n;
    sp->url = r->anchor_url;
    sp->url_len = r->anchor_url_len;
    sp->image = r->anchor_image;
    r->anchor_open = false;
}

/* "<...>": an HTML comment, an autolink or a tag. Tags are stripped; <a
 * href> makes a link, <img> a badge, <br> and block tags a space. */
static size_t render_angle(renderer *r, size_t i, size_t end, bool in_link)
{
    const char *s = r->s;
    if (i + 4 <= end && memcmp(s + i, "<!--", 4) == 0) {
        size_t e = comment_end(r, i + 4);
        return e != NONE && e + 3 <= end ? e + 3 : 0;
    }
    if (i + 1 >= end || !(is_alpha((unsigned char)s[i + 1]) || s[i + 1] == '/'))
        return 0;
    size_t g = next_char(s, r->n, i + 1, '>', &r->gt_from, &r->gt_next);
    if (g == NONE || g >= end)
        return 0;
    const char *t = s + i + 1;
    size_t tn = g - (i + 1);
    if (tn > 2048)
        return 0; /* no tag is that long; keeps "<a <a <a" linear */
    /* Autolink: scheme ":" and no spaces. */
    size_t k = 0;
    while (k < tn && (is_alnum((unsigned char)t[k]) || t[k] == '+' || t[k] == '.' || t[k] == '-'))
        k++;
    if (k >= 2 && k < tn && t[k] == ':' && is_alpha((unsigned char)t[0])) {
        bool ok = true;
        for (size_t j = 0; j < tn; j++)
            if (is_space((unsigned char)t[j]) || t[j] == '<')
                ok = false;
        if (ok) {
            if (in_link) {
                out_bytes(r, t, tn);
            } else {
                md_span *sp = span_push(r);
                sp->start = sp->end = (uint32_t)r->text.n;
                sp->url = url_store(r, t, tn, &sp->url_len);
                sp->autolink = true;
            }
            return g + 1;
        }
    }
    bool closing = t[0] == '/';
    size_t ns = closing ? 1 : 0, ne = ns;
    while (ne < tn && is_alnum((unsigned char)t[ne]))
        ne++;
    if (ne == ns || (ne < tn && !is_space((unsigned char)t[ne]) && t[ne] != '/'))
        return 0;
    const char *name = t + ns;
    size_t nn = ne - ns;
    if (eq_nocase(name, nn, "a")) {
        size_t vs, vn;
        if (closing) {
            if (!in_link)
                anchor_close(r);
        } else if (!in_link && !r->anchor_open && html_attr(t, tn, "href", &vs, &vn) && vn) {
            r->anchor_open = true;
            r->anchor_image = false;
            r->anchor_start = (uint32_t)r->text.n;
            r->anchor_url = url_store(r, t + vs, vn, &r->anchor_url_len);
        }
    } else if (eq_nocase(name, nn, "img")) {
        r->image_seen = true;
        r->anchor_image |= r->anchor_open;
    } else {
        static const char *const spacey[] = {"br", "p", "div", "td", "th", "tr", "li", "hr"};
        for (size_t j = 0; j < sizeof spacey / sizeof spacey[0]; j++)
            if (eq_nocase(name, nn, spacey[j]))
                out_char(r, ' ');
    }
    return g + 1;
}

static size_t render_entity(renderer *r, size_t i, size_t end)
{
    static const struct { const char *name; const char *text; } named[] = {
        {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"},
        {"nbsp", " "}, {"ndash", "–"}, {"mdash", "—"}, {"hellip", "…"}, {"middot", "·"},
        {"laquo", "«"}, {"raquo", "»"}, {"copy", "©"}, {"reg", "®"}, {"trade", "™"},
        {"emsp", " "}, {"ensp", " "}, {"thinsp", " "}, {"#124", "|"},
    };
    const char *s = r->s;
    size_t j = i + 1;
    while (j < end && j - i < 32 && (is_alnum((unsigned char)s[j]) || s[j] == '#'))
        j++;
    if (j >= end || s[j] != ';' || j == i + 1)
        return 0;
    const char *name = s + i + 1;
    size_t nn = j - i - 1;
    for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
        if (strlen(named[k].name) == nn && memcmp(named[k].name, name, nn) == 0) {
            out_bytes(r, named[k].text, strlen(named[k].text));
            return j + 1;
        }
    }
    if (name[0] == '#' && nn >= 2) {
        bool hex = name[1] == 'x' || name[1] == 'X';
        unsigned long cp = 0;
        size_t k = hex ? 2 : 1;
        if (k >= nn || nn - k > 7)
            return 0;
        for (; k < nn; k++) {
            int c = to_lower((unsigned char)name[k]);
            int v = is_digit(c) ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (v < 0)
                return 0;
            cp = cp * (hex ? 16 : 10) + (unsigned long)v;
        }
        if (cp == 0 || cp > 0x10FFFF || cp < 0x20 || cp == 0x7F)
            cp = UTF8_REPLACEMENT;
        char enc[4];
        out_bytes(r, enc, utf8_encode((uint32_t)cp, enc));
        return j + 1;
    }
    return 0;
}

/* Emphasis delimiters (*, _, ~~): flanking rules after CommonMark, paired
 * with the nearest opener of the same character; the pair is deleted from
 * the text and recorded as an emphasis span. Unpaired runs stay as text. */
static size_t render_delims(renderer *r, size_t i, size_t end)
{
    const char *s = r->s;
    char c = s[i];
    size_t k = 0;
    while (i + k < end && s[i + k] == c)
        k++;
    if (c == '~' && k < 2) {
        out_bytes(r, s + i, k);
        return i + k;
    }
    int prev = i > 0 ? (unsigned char)s[i - 1] : ' ';
    int next = i + k < end ? (unsigned char)s[i + k] : ' ';
    bool lf = !is_space(next) && (!is_punct(next) || is_space(prev) || is_punct(prev));
    bool rf = !is_space(prev) && (!is_punct(prev) || is_space(next) || is_punct(next));
    bool open = lf, close = rf;
    if (c == '_') {
        open = lf && (!rf || is_punct(prev));
        close = rf && (!lf || is_punct(next));
    }
    int t = c == '*' ? 0 : c == '_' ? 1 : 2;
    if (close && r->nemph[t] > r->emph_base[t]) {
        delim o = r->emph[t][--r->nemph[t]];
        grow((void **)&r->dels, &r->dels_cap, r->ndels + 1, sizeof *r->dels);
        r->dels[r->ndels++] = (deletion){o.out, o.len};
        md_span *sp = span_push(r);
        sp->start = o.out + o.len;
        sp->end = (uint32_t)r->text.n;
        sp->emph = true;
        return i + k;
    }
    if (open) {
        grow((void **)&r->emph[t], &r->emph_cap[t], r->nemph[t] + 1, sizeof(delim));
        r->emph[t][r->nemph[t]++] = (delim){(uint32_t)r->text.n, (uint32_t)k};
        sb_put(&r->text, s + i, k);
        return i + k;
    }
    out_bytes(r, s + i, k);
    return i + k;
}

/* A bare http(s):// or www. URL, as GitHub links them. */
static size_t render_bare_url(renderer *r, size_t i, size_t end)
{
    const char *s = r->s;
    if (i > 0 && !is_space((unsigned char)s[i - 1]) && !strchr("(*_~\"'", s[i - 1]))
        return 0;
    size_t rest = end - i;
    bool www = prefix_nocase(s + i, rest, "www.");
    if (!www && !prefix_nocase(s + i, rest, "http://") && !prefix_nocase(s + i, rest, "https://"))
        return 0;
    size_t e = i;
    while (e < end && !is_space((unsigned char)s[e]) && s[e] != '<' && s[e] != ']')
        e++;
    size_t open = 0, close = 0;
    for (size_t j = i; j < e; j++) {
        open += s[j] == '(';
        close += s[j] == ')';
    }
    for (;;) {
        if (e > i && strchr("?!.,:*_~'\"", s[e - 1])) {
            e--;
            continue;
        }
        if (e > i && s[e - 1] == ')' && close > open) {
            e--;
            close--;
            continue;
        }
        break;
    }
    size_t min = www ? 5 : 8;
    if (e - i < min)
        return 0;
    md_span *sp = span_push(r);
    sp->start = sp->end = (uint32_t)r->text.n;
    sp->url = (uint32_t)r->urls.n;
    if (www)
        sb_put(&r->urls, "http://", 7);
    uint32_t len;
    url_store(r, s + i, e - i, &len);
    sp->url_len = (uint32_t)(r->urls.n - sp->url);
    sp->autolink = true;
    return e;
}

static void render_range(renderer *r, size_t i, size_t end, bool in_link)
{
    const char *s = r->s;
    size_t saved[3];
    for (int t = 0; t < 3; t++) {
        saved[t] = r->emph_base[t];
        r->emph_base[t] = r->nemph[t];
    }
    size_t pend_base = r->npend;
    while (i < end) {
        while (r->npend > pend_base && r->pend[r->npend - 1].q < i)
            r->npend--; /* jumped over (a code span ate it) */
        if (r->npend > pend_base && r->pend[r->npend - 1].q == i) {
            i = r->pend[--r->npend].after;
            continue;
        }
        unsigned char c = (unsigned char)s[i];
        size_t j = 0;
        switch (c) {
        case '\\':
            if (i + 1 < end && is_punct((unsigned char)s[i + 1])) {
                out_char(r, s[i + 1]);
                i += 2;
                continue;
            }
            break;
        case '`':
            i = render_code(r, i, end);
            continue;
        case '!':
            if (i + 1 < end && s[i + 1] == '[')
                j = render_image(r, i, end);
            break;
        case '[':
            j = render_link(r, i, end, in_link);
            break;
        case '<':
            j = render_angle(r, i, end, in_link);
            break;
        case '&':
            j = render_entity(r, i, end);
            break;
        case '*': case '_': case '~':
            i = render_delims(r, i, end);
            continue;
        case 'h': case 'H': case 'w': case 'W':
            if (!in_link)
                j = render_bare_url(r, i, end);
            break;
        case 0xC2: /* no-break space */
            if (i + 1 < end && (unsigned char)s[i + 1] == 0xA0) {
                out_char(r, ' ');
                i += 2;
                continue;
            }
            break;
        default:
            break;
        }
        if (j) {
            i = j;
            continue;
        }
        out_char(r, (char)c);
        i++;
    }
    r->npend = pend_base;
    for (int t = 0; t < 3; t++) {
        r->nemph[t] = r->emph_base[t];
        r->emph_base[t] = saved[t];
    }
}

static int del_cmp(const void *a, const void *b)
{
    const deletion *x = a, *y = b;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

/* Removes the paired emphasis delimiters and the spaces that become
 * doubled, leading or trailing, and moves every span along. */
static void compact(renderer *r)
{
    size_t n = r->text.n;
    grow((void **)&r->map, &r->map_cap, n + 1, sizeof *r->map);
    if (r->ndels)
        qsort(r->dels, r->ndels, sizeof *r->dels, del_cmp);
    char *t = r->text.p;
    size_t k = 0, d = 0;
    for (size_t i = 0; i < n; i++) {
        r->map[i] = (uint32_t)k;
        while (d < r->ndels && r->dels[d].pos + r->dels[d].len <= i)
            d++;
        if (d < r->ndels && r->dels[d].pos <= i)
            continue;
        if (t[i] == ' ' && (k == 0 || t[k - 1] == ' '))
            continue;
        t[k++] = t[i];
    }
    r->map[n] = (uint32_t)k;
    while (k && t[k - 1] == ' ')
        k--;
    r->text.n = k;
    if (t)
        t[k] = '\0';
    for (size_t i = 0; i < r->nspans; i++) {
        md_span *sp = &r->spans[i];
        sp->start = r->map[sp->start] > k ? (uint32_t)k : r->map[sp->start];
        sp->end = r->map[sp->end] > k ? (uint32_t)k : r->map[sp->end];
    }
}

static int span_cmp(const void *a, const void *b)
{
    const md_span *x = a, *y = b;
    if (x->start != y->start)
        return (x->start > y->start) - (x->start < y->start);
    return (x->emph > y->emph) - (x->emph < y->emph); /* links first */
}

/* Renders markdown s[0..n) to plain text with its links and emphasis. */
static void render(renderer *r, const char *s, size_t n)
{
    sb_clear(&r->text);
    sb_clear(&r->urls);
    sb_put(&r->text, "", 0);
    sb_put(&r->urls, "", 0);
    r->nspans = r->ndels = r->npend = 0;
    for (int t = 0; t < 3; t++)
        r->nemph[t] = r->emph_base[t] = 0;
    for (int k = 0; k < 17; k++)
        r->tick_from[k] = r->tick_next[k] = NONE;
    r->gt_from = r->gt_next = r->cmt_from = r->cmt_next = NONE;
    r->anchor_open = false;
    r->image_seen = false;
    r->s = s;
    r->n = n;
    match_brackets(r);
    render_range(r, 0, n, false);
    anchor_close(r);
    compact(r);
    if (r->nspans)
        qsort(r->spans, r->nspans, sizeof *r->spans, span_cmp);
}

static const char *span_url(const renderer *r, const md_span *sp)
{
    return r->urls.p + sp->url;
}

/* The text of a span, trimmed. */
static void span_text(const renderer *r, const md_span *sp, const char **s, size_t *n)
{
    *s = r->text.p + sp->start;
    *n = sp->end > sp->start ? sp->end - sp->start : 0;
    trim(s, n);
}

/* ---- lines -------------------------------------------------------------- */

typedef struct line {
    const char *s;
    uint32_t n;
} md_line;

/* Leading white space: bytes and columns (a tab to the next multiple of 4). */
static size_t indent_of(const char *s, size_t n, size_t *cols)
{
    size_t i = 0, c = 0;
    for (; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
        c = s[i] == '\t' ? (c + 4) & ~(size_t)3 : c + 1;
    if (cols)
        *cols = c;
    return i;
}

static bool is_blank(const md_line *l)
{
    for (uint32_t i = 0; i < l->n; i++)
        if (!is_space((unsigned char)l->s[i]))
            return false;
    return true;
}

static bool atx_heading(const char *s, size_t n, int *level, const char **text, size_t *tn)
{
    size_t cols, i = indent_of(s, n, &cols), k = 0;
    if (cols > 3)
        return false;
    while (i + k < n && s[i + k] == '#')
        k++;
    if (k < 1 || k > 6 || (i + k < n && s[i + k] != ' ' && s[i + k] != '\t'))
        return false;
    const char *t = s + i + k;
    size_t m = n - i - k;
    trim(&t, &m);
    /* A closing run of #s after a space is not part of the text. */
    size_t e = m;
    while (e && t[e - 1] == '#')
        e--;
    if (e < m && (e == 0 || t[e - 1] == ' ' || t[e - 1] == '\t')) {
        m = e;
        trim(&t, &m);
    }
    *level = (int)k;
    *text = t;
    *tn = m;
    return true;
}

static bool fence_open(const char *s, size_t n, char *ch, size_t *len)
{
    size_t cols, i = indent_of(s, n, &cols), k = 0;
    if (cols > 3 || i >= n || (s[i] != '`' && s[i] != '~'))
        return false;
    while (i + k < n && s[i + k] == s[i])
        k++;
    if (k < 3)
        return false;
    if (s[i] == '`' && memchr(s + i + k, '`', n - i - k))
        return false;
    *ch = s[i];
    *len = k;
    return true;
}

static bool fence_close(const char *s, size_t n, char ch, size_t len)
{
    size_t cols, i = indent_of(s, n, &cols), k = 0;
    if (cols > 3)
        return false;
    while (i + k < n && s[i + k] == ch)
        k++;
    if (k < len)
        return false;
    for (size_t j = i + k; j < n; j++)
        if (!is_space((unsigned char)s[j]))
            return false;
    return true;
}

/* "---", "***", "___" (spaces allowed between). */
static bool thematic_break(const char *s, size_t n)
{
    size_t cols, i = indent_of(s, n, &cols), count = 0;
    if (cols > 3 || i >= n || !strchr("-*_", s[i]))
        return false;
    char c = s[i];
    for (; i < n; i++) {
        if (s[i] == c)
            count++;
        else if (!is_space((unsigned char)s[i]))
            return false;
    }
    return count >= 3;
}

/* A list item marker: [-*+] or 1-9 digits and [.)], then a space or the end
 * of the line. *content is where its text starts. */
static bool bullet_marker(const char *s, size_t n, size_t *marker_col, size_t *content)
{
    size_t cols, i = indent_of(s, n, &cols);
    if (i >= n || thematic_break(s, n))
        return false;
    size_t j = i;
    if (s[i] == '-' || s[i] == '*' || s[i] == '+') {
        j = i + 1;
    } else {
        while (j < n && j - i < 9 && is_digit((unsigned char)s[j]))
            j++;
        if (j == i || j >= n || (s[j] != '.' && s[j] != ')'))
            return false;
        j++;
    }
    if (j < n && s[j] != ' ' && s[j] != '\t')
        return false;
    while (j < n && (s[j] == ' ' || s[j] == '\t'))
        j++;
    *marker_col = cols;
    *content = j;
    return true;
}

static bool pipe_unescaped(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\')
            i++;
        else if (s[i] == '|')
            return true;
    }
    return false;
}

static bool ends_with_pipe(const char *s, size_t n)
{
    trim(&s, &n);
    return n && s[n - 1] == '|' && (n < 2 || s[n - 2] != '\\');
}

static bool starts_with_pipe(const char *s, size_t n)
{
    trim(&s, &n);
    return n && s[0] == '|';
}

typedef struct cell {
    const char *s;
    size_t n;
} cell;

/* Splits a table row on unescaped pipes; the outer pipes are optional.
 * Returns the number of cells (at most max; the rest are counted in
 * *dropped). */
static size_t split_cells(const char *s, size_t n, cell *cells, size_t max, size_t *dropped)
{
    trim(&s, &n);
    if (n && s[0] == '|') {
        s++;
        n--;
    }
    if (n && s[n - 1] == '|' && (n < 2 || s[n - 2] != '\\'))
        n--;
    size_t k = 0, start = 0;
    *dropped = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] == '\\') {
            i++;
            continue;
        }
        if (i < n && s[i] != '|')
            continue;
        if (k < max) {
            cells[k].s = s + start;
            cells[k].n = (i < n ? i : n) - start;
            trim(&cells[k].s, &cells[k].n);
            k++;
        } else {
            (*dropped)++;
        }
        start = i + 1;
    }
    return k;
}

static bool delimiter_row(const char *s, size_t n)
{
    if (!pipe_unescaped(s, n) && !memchr(s, '-', n))
        return false;
    cell cells[MAX_COLS];
    size_t dropped, k = split_cells(s, n, cells, MAX_COLS, &dropped);
    if (!k)
        return false;
    for (size_t c = 0; c < k; c++) {
        const char *t = cells[c].s;
        size_t m = cells[c].n, dashes = 0;
        for (size_t i = 0; i < m; i++) {
            if (t[i] == '-')
                dashes++;
            else if (!(t[i] == ':' && (i == 0 || i == m - 1)))
                return false;
        }
        if (!dashes)
            return false;
    }
    return pipe_unescaped(s, n) || k > 0;
}

/* ---- the import --------------------------------------------------------- */

typedef struct slice {
    uint32_t off, len;
} slice;

typedef struct draft_link {
    slice label, url; /* label.len == 0 and label.off == UINT32_MAX: none */
} draft_link;

/* An entry being put together; every text lives in pool. */
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
} draft;

typedef struct sec_slot {
    char *name;
    uint32_t line;
    int level;     /* heading level; groups from bullets are 7 */
    size_t indent; /* groups: the bullet's column */
    bool opened, toc;
} sec_slot;

enum col_role {
    COL_IGNORE, COL_UNKNOWN, COL_TITLE, COL_VENUE, COL_YEAR, COL_DATE, COL_ARXIV, COL_CODE,
    COL_URL, COL_NOTES, COL_SUPP, COL_AUTHORS, COL_ORG, COL_TAGS, COL_KIND,
};

typedef struct table {
    bool active, after_blank;
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
    int title_h1;       /* line index of the title heading, -1 if none */
    bool as_group, description_done, in_title_area;
    strbuf description;
    int64_t last_entry;  /* index of the last entry from a bullet, -1 */
    size_t last_entry_indent;
} md;

static void warn(md *m, size_t line_index, const char *fmt, const char *arg)
    __attribute__((format(printf, 3, 0)));

static void warn(md *m, size_t line_index, const char *fmt, const char *arg)
{
    char text[400];
    char shown[300];
    if (arg) {
        size_t n = strlen(arg);
        size_t k = utf8_fit(arg, n, 240, NULL);
        utf8_sanitize(arg, k, shown, sizeof shown - 4);
        if (k < n)
            strcat(shown, "…");
    } else {
        shown[0] = '\0';
    }
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(text, sizeof text, fmt, shown);
#pragma GCC diagnostic pop
    diag_add(m->d, DIAG_WARNING, m->name, (uint32_t)(line_index + 1), 0, "%s", text);
}

/* -- sections -- */

static void sec_push(md *m, const char *name, size_t n, uint32_t line, int level, size_t indent)
{
    grow((void **)&m->secs, &m->secs_cap, m->nsecs + 1, sizeof *m->secs);
    sec_slot *s = &m->secs[m->nsecs++];
    memset(s, 0, sizeof *s);
    s->name = xrealloc(NULL, n + 1);
    memcpy(s->name, name, n);
    s->name[n] = '\0';
    s->line = line;
    s->level = level;
    s->indent = indent;
    static const char *const toc[] = {"contents", "table of contents", "toc", "目录", "index"};
    for (size_t k = 0; k < sizeof toc / sizeof toc[0]; k++)
        if (eq_nocase(name, n, toc[k]))
            s->toc = level < 7;
}

static void sec_pop(md *m)
{
    sec_slot *s = &m->secs[--m->nsecs];
    if (s->opened)
        catalog_close_section(m->c);
    free(s->name);
}

static void secs_open(md *m)
{
    for (size_t i = 0; i < m->nsecs; i++) {
        if (!m->secs[i].opened) {
            catalog_open_section(m->c, m->secs[i].name, m->secs[i].line);
            m->secs[i].opened = true;
        }
    }
}

static bool in_toc(const md *m)
{
    for (size_t i = 0; i < m->nsecs; i++)
        if (m->secs[i].toc)
            return true;
    return false;
}

/* Groups headed by bullets end at a line indented no deeper than them. */
static void pop_groups(md *m, size_t cols)
{
    while (m->nsecs && m->secs[m->nsecs - 1].level == 7 && m->secs[m->nsecs - 1].indent >= cols)
        sec_pop(m);
}

/* -- drafts -- */

static slice pool_add(draft *d, const char *s, size_t n)
{
    slice sl = {(uint32_t)d->pool.n, (uint32_t)n};
    sb_put(&d->pool, s, n);
    return sl;
}

static void draft_reset(draft *d)
{
    sb_clear(&d->pool);
    sb_put(&d->pool, "", 0);
    d->title = d->venue = d->url = d->org = d->date = (slice){0, 0};
    d->arxiv[0] = '\0';
    d->year = 0;
    d->kind = -1;
    d->nnotes = d->ntags = d->nauthors = d->nlinks = 0;
}

static void draft_free(draft *d)
{
    free(d->pool.p);
    free(d->notes);
    free(d->tags);
    free(d->authors);
    free(d->links);
}

static void list_add(slice **arr, size_t *n, size_t *cap, slice s)
{
    grow((void **)arr, cap, *n + 1, sizeof **arr);
    (*arr)[(*n)++] = s;
}

static void draft_note(draft *d, const char *s, size_t n)
{
    trim(&s, &n);
    if (n)
        list_add(&d->notes, &d->nnotes, &d->notes_cap, pool_add(d, s, n));
}

static void draft_tag(draft *d, const char *s, size_t n, bool lower)
{
    trim(&s, &n);
    if (!n)
        return;
    slice sl = pool_add(d, s, n);
    if (lower) {
        /* Lower-case in place; utf8_lower maps within the same length for
         * the scripts it knows, otherwise the code point is kept. */
        char *p = d->pool.p + sl.off;
        for (size_t i = 0; i < n;) {
            uint32_t cp;
            size_t k = utf8_decode(p + i, n - i, &cp);
            char enc[4];
            uint32_t lo = utf8_lower(cp);
            if (utf8_encode(lo, enc) == k)
                memcpy(p + i, enc, k);
            i += k;
        }
    }
    for (size_t i = 0; i < d->ntags; i++)
        if (d->tags[i].len == n && memcmp(d->pool.p + d->tags[i].off, d->pool.p + sl.off, n) == 0)
            return;
    list_add(&d->tags, &d->ntags, &d->tags_cap, sl);
}

static void draft_link_add(draft *d, const char *label, size_t ln, const char *url, size_t un)
{
    for (size_t i = 0; i < d->nlinks; i++)
        if (d->links[i].url.len == un && memcmp(d->pool.p + d->links[i].url.off, url, un) == 0)
            return;
    grow((void **)&d->links, &d->links_cap, d->nlinks + 1, sizeof *d->links);
    draft_link *l = &d->links[d->nlinks++];
    l->label = label ? pool_add(d, label, ln) : (slice){UINT32_MAX, 0};
    l->url = pool_add(d, url, un);
}

static bool is_arxiv_url(const char *u, size_t n, char id[ARXIV_ID_MAX])
{
    return (contains_nocase(u, n, "arxiv.org/") || prefix_nocase(u, n, "arxiv:"))
        && arxiv_parse(u, n, id);
}

static bool is_code_host(const char *u, size_t n)
{
    return contains_nocase(u, n, "github.com") || contains_nocase(u, n, "gitlab.com")
        || contains_nocase(u, n, "bitbucket.org");
}

static bool is_generic_label(const char *s, size_t n)
{
    static const char *const generic[] = {
        "code", "github", "paper", "pdf", "arxiv", "link", "project", "project page", "page",
        "website", "homepage", "home", "blog", "slides", "video", "demo", "poster", "talk",
        "bib", "bibtex", "openreview", "html", "abs", "abstract", "here", "official", "model",
        "models", "weights", "dataset", "data", "huggingface", "hf", "colab", "notebook",
        "docs", "doc", "repo", "repository", "source", "zhihu", "知乎", "代码", "论文", "url",
        "pytorch", "jax", "tensorflow", "official code", "code & data",
    };
    while (n && (s[0] == '[' || s[0] == '(')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ']' || s[n - 1] == ')'))
        n--;
    trim(&s, &n);
    if (!n)
        return true;
    for (size_t k = 0; k < sizeof generic / sizeof generic[0]; k++)
        if (eq_nocase(s, n, generic[k]))
            return true;
    return false;
}

/* Adds a link found in a cell or bullet: arXiv links give the id (when none
 * is known yet), the others become entry links. code_label: label GitHub
 * links "code" whatever their text says. */
static void take_link(md *m, const md_span *sp, bool code_label)
{
    draft *d = &m->dr;
    const char *u = span_url(&m->r, sp);
    size_t un = sp->url_len;
    const char *t;
    size_t tn;
    span_text(&m->r, sp, &t, &tn);
    if (!un || u[0] == '#')
        return;
    char id[ARXIV_ID_MAX];
    if (is_arxiv_url(u, un, id) && (!d->arxiv[0] || strcmp(id, d->arxiv) == 0)) {
        memcpy(d->arxiv, id, sizeof id);
        return;
    }
    bool code = is_code_host(u, un);
    if ((code_label && code) || (!tn && code))
        draft_link_add(d, "code", 4, u, un);
    else if (tn && !(tn == un && memcmp(t, u, un) == 0))
        draft_link_add(d, t, tn, u, un);
    else
        draft_link_add(d, NULL, 0, u, un);
}

/* The entry's own page, from a title link; arXiv links give the id. */
static void take_url(md *m, const md_span *sp)
{
    draft *d = &m->dr;
    const char *u = span_url(&m->r, sp);
    char id[ARXIV_ID_MAX];
    if (!sp->url_len || u[0] == '#')
        return;
    if (is_arxiv_url(u, sp->url_len, id) && !d->arxiv[0]) {
        memcpy(d->arxiv, id, sizeof id);
        return;
    }
    if (!d->url.len)
        d->url = pool_add(d, u, sp->url_len);
    else
        take_link(m, sp, false);
}

/* YYYY, YYYY-MM or YYYY-MM-DD (also with / or . between), normalised. */
static size_t parse_date(const char *s, size_t n, char out[11])
{
    if (n < 4 || !is_digit((unsigned char)s[0]) || !is_digit((unsigned char)s[1])
        || !is_digit((unsigned char)s[2]) || !is_digit((unsigned char)s[3]))
        return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    if (y < 1900 || y > 2100 || (n > 4 && is_digit((unsigned char)s[4])))
        return 0;
    memcpy(out, s, 4);
    size_t len = 4, used = 4;
    for (int part = 0; part < 2; part++) {
        if (used + 2 >= n + 0 || !strchr("-/.", s[used]) || !is_digit((unsigned char)s[used + 1]))
            break;
        size_t k = used + 1, v = 0, digits = 0;
        while (k < n && is_digit((unsigned char)s[k]) && digits < 3) {
            v = v * 10 + (size_t)(s[k] - '0');
            k++;
            digits++;
        }
        if (digits > 2 || v < 1 || v > (part ? 31u : 12u))
            break;
        out[len++] = '-';
        out[len++] = (char)('0' + v / 10);
        out[len++] = (char)('0' + v % 10);
        used = k;
    }
    out[len] = '\0';
    return used;
}

/* -- venues -- */

static const char *const venue_names[] = {
    "NeurIPS", "NIPS", "ICLR", "ICML", "ACL", "EMNLP", "NAACL", "EACL", "AACL", "COLING",
    "AAAI", "IJCAI", "CVPR", "ICCV", "ECCV", "WACV", "BMVC", "KDD", "WWW", "SIGIR", "WSDM",
    "CIKM", "TACL", "JMLR", "TMLR", "TPAMI", "TNNLS", "COLM", "MLSys", "OSDI", "SOSP", "NSDI",
    "EuroSys", "ATC", "ASPLOS", "ISCA", "MICRO", "HPCA", "DAC", "ICCAD", "FPGA", "SC",
    "PPoPP", "Interspeech", "ICASSP", "UAI", "AISTATS", "CoRL", "ICRA", "IROS", "Findings",
    "arXiv", "Nature", "Science", "LREC", "CoNLL", "SIGMOD", "VLDB", "ICDE", "ICDM", "SDM",
    "IJCNN", "INFOCOM", "SIGCOMM", "MobiCom", "ISSCC", "VLSI", "TCAD", "TACO", "HotChips",
};

/* Venue names that are not everyday words count even without a year. */
static bool venue_distinctive(const char *name)
{
    static const char *const weak[] = {"ACL", "ATC", "SC", "WWW", "DAC", "Findings", "arXiv",
                                       "Nature", "Science", "MICRO", "SDM", "VLSI", "TACO",
                                       "FPGA", "UAI", "KDD", "EACL", "AACL", "LREC"};
    for (size_t k = 0; k < sizeof weak / sizeof weak[0]; k++)
        if (strcmp(name, weak[k]) == 0)
            return false;
    return true;
}

/* Length of a year right after a venue name: " 2022", "2022", "-2022",
 * "'22", " '22", "’22". */
static size_t venue_year_len(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && (s[i] == ' ' || s[i] == '-'))
        i++;
    if (i + 4 <= n && (s[i] == '1' || s[i] == '2') && (s[i + 1] == '9' || s[i + 1] == '0')
        && is_digit((unsigned char)s[i + 2]) && is_digit((unsigned char)s[i + 3])
        && (i + 4 == n || !is_alnum((unsigned char)s[i + 4])))
        return i + 4;
    size_t a = 0;
    if (i < n && s[i] == '\'')
        a = 1;
    else if (i + 3 <= n && memcmp(s + i, "’", 3) == 0)
        a = 3;
    if (a && i + a + 2 <= n && is_digit((unsigned char)s[i + a])
        && is_digit((unsigned char)s[i + a + 1])
        && (i + a + 2 == n || !is_alnum((unsigned char)s[i + a + 2])))
        return i + a + 2;
    return 0;
}

/* The first venue in s[0..n): a known name (whole word) with an optional
 * year. Returns false when there is none. */
static bool find_venue(const char *s, size_t n, size_t *vs, size_t *vn)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && is_alnum((unsigned char)s[i - 1]))
            continue;
        if (!is_alpha((unsigned char)s[i]) || i + 1 >= n || !is_alpha((unsigned char)s[i + 1]))
            continue;
        for (size_t k = 0; k < sizeof venue_names / sizeof venue_names[0]; k++) {
            size_t m = strlen(venue_names[k]);
            if (i + m > n || !eq_nocase(s + i, m, venue_names[k]))
                continue;
            if (i + m < n && is_alpha((unsigned char)s[i + m]))
                continue;
            size_t y = venue_year_len(s + i + m, n - i - m);
            if (i + m < n && is_digit((unsigned char)s[i + m]) && !y)
                continue;
            /* Upper-case spellings only, unless written as listed, so that
             * "science" in a description is not a venue. */
            bool exact = memcmp(s + i, venue_names[k], m) == 0;
            bool upper = true;
            for (size_t j = 0; j < m; j++)
                if (is_alpha((unsigned char)s[i + j]) && s[i + j] >= 'a')
                    upper = false;
            if (!exact && !upper)
                continue;
            if (!y && !venue_distinctive(venue_names[k]))
                continue;
            *vs = i;
            *vn = m + y;
            return true;
        }
    }
    return false;
}

/* A year standing alone (19xx/20xx, not part of a longer number or id). */
static bool find_year(const char *s, size_t n, size_t *ys, int *year)
{
    for (size_t i = 0; i + 4 <= n; i++) {
        if (i > 0 && (is_alnum((unsigned char)s[i - 1]) || s[i - 1] == '.' || s[i - 1] == '-'
                      || s[i - 1] == '/'))
            continue;
        if (!((s[i] == '1' && s[i + 1] == '9') || (s[i] == '2' && s[i + 1] == '0'))
            || !is_digit((unsigned char)s[i + 2]) || !is_digit((unsigned char)s[i + 3]))
            continue;
        if (i + 4 < n && (is_alnum((unsigned char)s[i + 4]) || s[i + 4] == '.') &&
            !(s[i + 4] == '.' && (i + 5 == n || !is_digit((unsigned char)s[i + 5]))))
            continue;
        *ys = i;
        *year = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10
              + (s[i + 3] - '0');
        return true;
    }
    return false;
}

static size_t word_count(const char *s, size_t n)
{
    size_t w = 0;
    bool in = false;
    for (size_t i = 0; i < n; i++) {
        bool sp = is_space((unsigned char)s[i]);
        if (!sp && !in)
            w++;
        in = !sp;
    }
    return w;
}

static bool has_letter_or_digit(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_alnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)
            return true;
    return false;
}

/* -- kinds -- */

static bool name_has_word(const char *s, const char *const *words, size_t nwords)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && is_alpha((unsigned char)s[i - 1]))
            continue;
        for (size_t k = 0; k < nwords; k++) {
            size_t m = strlen(words[k]);
            if (i + m <= n && eq_nocase(s + i, m, words[k])
                && (i + m == n || !is_alpha((unsigned char)s[i + m])
                    || ((s[i + m] == 's' || s[i + m] == 'S')
                        && (i + m + 1 == n || !is_alpha((unsigned char)s[i + m + 1])))))
                return true;
        }
    }
    return false;
}

entry_kind md_infer_kind(const catalog *c, uint32_t sec, bool has_arxiv, bool has_venue)
{
    static const char *const blog[] = {"blog", "post", "article", "博客", "文章"};
    static const char *const project[] = {"project", "repo", "repositorie", "repository",
                                          "tool", "toolkit", "library", "librarie",
                                          "framework", "software", "implementation", "system",
                                          "开源", "项目"};
    for (int64_t s = sec; s >= 0 && (uint64_t)s < c->nsections; s = c->sections[s].parent) {
        const char *name = c->sections[s].name;
        if (name_has_word(name, blog, sizeof blog / sizeof blog[0]))
            return KIND_BLOG;
        if (name_has_word(name, project, sizeof project / sizeof project[0]))
            return KIND_PROJECT;
    }
    return has_arxiv || has_venue ? KIND_PAPER : KIND_LINK;
}

/* -- commit -- */

static const char *pool_str(const draft *d, slice s)
{
    return d->pool.p + s.off;
}

static const char *const *intern_list(catalog *c, const draft *d, const slice *items, size_t n)
{
    if (!n)
        return NULL;
    const char **arr = arena_alloc(catalog_arena(c), n * sizeof *arr);
    for (size_t i = 0; i < n; i++)
        arr[i] = catalog_intern(c, pool_str(d, items[i]), items[i].len);
    return arr;
}

/* Notes pieces joined with "; ". */
static const char *join_notes(md *m)
{
    draft *d = &m->dr;
    if (!d->nnotes)
        return NULL;
    sb_clear(&m->scratch);
    for (size_t i = 0; i < d->nnotes; i++) {
        if (i)
            sb_put(&m->scratch, "; ", 2);
        sb_put(&m->scratch, pool_str(d, d->notes[i]), d->notes[i].len);
    }
    return arena_strndup(catalog_arena(m->c), m->scratch.p, m->scratch.n);
}

/* The year catalog_finish would derive: from the venue, the date, the id. */
static int derived_year(const draft *d)
{
    char buf[128];
    int y = 0, month;
    const slice *from[2] = {&d->venue, &d->date};
    for (int k = 0; k < 2 && !y; k++) {
        size_t n = from[k]->len < sizeof buf - 1 ? from[k]->len : sizeof buf - 1;
        memcpy(buf, d->pool.p + from[k]->off, n);
        buf[n] = '\0';
        y = n ? year_in_text(buf) : 0;
    }
    if (!y && d->arxiv[0] && !arxiv_date(d->arxiv, &y, &month))
        y = 0;
    return y;
}

static void commit(md *m, size_t line_index)
{
    draft *d = &m->dr;
    catalog *c = m->c;
    arena *a = catalog_arena(c);
    /* A year the venue, date or id already says is left to be derived, so
     * that a list exported with its Year column imports back the same. */
    if (d->year && d->year == derived_year(d))
        d->year = 0;
    secs_open(m);
    entry *e = catalog_add_entry(c);
    e->title = arena_strndup(a, pool_str(d, d->title), d->title.len);
    if (d->venue.len)
        e->venue = catalog_intern(c, pool_str(d, d->venue), d->venue.len);
    if (d->arxiv[0])
        e->arxiv = catalog_intern(c, d->arxiv, strlen(d->arxiv));
    if (d->url.len)
        e->url = arena_strndup(a, pool_str(d, d->url), d->url.len);
    if (d->org.len)
        e->org = catalog_intern(c, pool_str(d, d->org), d->org.len);
    if (d->date.len)
        e->date = catalog_intern(c, pool_str(d, d->date), d->date.len);
    e->notes = join_notes(m);
    e->tags = intern_list(c, d, d->tags, d->ntags);
    e->ntags = (uint32_t)d->ntags;
    e->authors = intern_list(c, d, d->authors, d->nauthors);
    e->nauthors = (uint32_t)d->nauthors;
    if (d->nlinks) {
        entry_link *links = arena_alloc(a, d->nlinks * sizeof *links);
        for (size_t i = 0; i < d->nlinks; i++) {
            slice l = d->links[i].label;
            links[i].label = l.off == UINT32_MAX ? NULL : catalog_intern(c, pool_str(d, l), l.len);
            links[i].url = arena_strndup(a, pool_str(d, d->links[i].url), d->links[i].url.len);
        }
        e->links = links;
        e->nlinks = (uint32_t)d->nlinks;
    }
    e->year = (int16_t)d->year;
    e->line = (uint32_t)(line_index + 1);
    e->file = m->file;
    e->kind = (uint8_t)(d->kind >= 0 ? (entry_kind)d->kind
                                     : md_infer_kind(c, e->section, d->arxiv[0], d->venue.len));
    m->st.entries++;
}

/* -- tables -- */

static int column_role(const char *h, size_t n, bool *warn_unknown)
{
    static const struct { const char *name; int role; } exact[] = {
        {"title", COL_TITLE}, {"paper title", COL_TITLE}, {"name", COL_TITLE},
        {"titles", COL_TITLE}, {"method", COL_TITLE}, {"model", COL_TITLE},
        {"venue", COL_VENUE}, {"pub", COL_VENUE}, {"pub.", COL_VENUE},
        {"publication", COL_VENUE}, {"published", COL_VENUE}, {"published in", COL_VENUE},
        {"conference", COL_VENUE}, {"conf", COL_VENUE}, {"conf.", COL_VENUE},
        {"journal", COL_VENUE}, {"where", COL_VENUE}, {"venue/year", COL_VENUE},
        {"year", COL_YEAR}, {"date", COL_DATE}, {"time", COL_DATE}, {"release", COL_DATE},
        {"month", COL_DATE}, {"preprint", COL_ARXIV}, {"arxiv", COL_ARXIV},
        {"arxiv id", COL_ARXIV}, {"paper link", COL_ARXIV}, {"pdf", COL_ARXIV},
        {"links", COL_URL}, {"link", COL_URL}, {"url", COL_URL}, {"homepage", COL_URL},
        {"website", COL_URL}, {"project page", COL_URL}, {"blog", COL_URL},
        {"code", COL_CODE}, {"github", COL_CODE}, {"repo", COL_CODE},
        {"repository", COL_CODE}, {"implementation", COL_CODE}, {"source", COL_CODE},
        {"notes", COL_NOTES}, {"note", COL_NOTES}, {"description", COL_NOTES},
        {"summary", COL_NOTES}, {"tl;dr", COL_NOTES}, {"tldr", COL_NOTES},
        {"abstract", COL_NOTES}, {"remarks", COL_NOTES}, {"contribution", COL_NOTES},
        {"supplementary", COL_SUPP}, {"supp", COL_SUPP}, {"supp.", COL_SUPP},
        {"comments", COL_SUPP}, {"comment", COL_SUPP}, {"misc", COL_SUPP},
        {"others", COL_SUPP}, {"other", COL_SUPP}, {"extra", COL_SUPP},
        {"highlights", COL_SUPP}, {"remark", COL_SUPP},
        {"authors", COL_AUTHORS}, {"author", COL_AUTHORS}, {"org", COL_ORG},
        {"organization", COL_ORG}, {"organisation", COL_ORG}, {"affiliation", COL_ORG},
        {"institution", COL_ORG}, {"lab", COL_ORG}, {"team", COL_ORG}, {"tags", COL_TAGS},
        {"tag", COL_TAGS}, {"keywords", COL_TAGS}, {"topics", COL_TAGS}, {"kind", COL_KIND},
        {"type", COL_KIND}, {"#", COL_IGNORE}, {"no.", COL_IGNORE}, {"no", COL_IGNORE},
        {"index", COL_IGNORE}, {"id", COL_IGNORE}, {"stars", COL_IGNORE},
        {"star", COL_IGNORE}, {"", COL_IGNORE},
        {"标题", COL_TITLE}, {"题目", COL_TITLE}, {"名称", COL_TITLE}, {"会议", COL_VENUE},
        {"期刊", COL_VENUE}, {"发表", COL_VENUE}, {"年份", COL_YEAR}, {"年", COL_YEAR},
        {"日期", COL_DATE}, {"时间", COL_DATE}, {"链接", COL_URL}, {"代码", COL_CODE},
        {"备注", COL_NOTES}, {"说明", COL_NOTES}, {"简介", COL_NOTES}, {"描述", COL_NOTES},
        {"作者", COL_AUTHORS}, {"机构", COL_ORG}, {"单位", COL_ORG}, {"标签", COL_TAGS},
        {"关键词", COL_TAGS},
    };
    *warn_unknown = false;
    for (size_t k = 0; k < sizeof exact / sizeof exact[0]; k++)
        if (eq_nocase(h, n, exact[k].name))
            return exact[k].role;
    static const struct { const char *part; int role; } parts[] = {
        {"title", COL_TITLE}, {"arxiv", COL_ARXIV}, {"preprint", COL_ARXIV},
        {"venue", COL_VENUE}, {"conference", COL_VENUE}, {"journal", COL_VENUE},
        {"publication", COL_VENUE}, {"code", COL_CODE}, {"github", COL_CODE},
        {"repo", COL_CODE}, {"author", COL_AUTHORS}, {"affiliation", COL_ORG},
        {"organi", COL_ORG}, {"institut", COL_ORG}, {"keyword", COL_TAGS},
        {"tag", COL_TAGS}, {"note", COL_NOTES}, {"descri", COL_NOTES},
        {"summar", COL_NOTES}, {"comment", COL_SUPP}, {"supplement", COL_SUPP},
        {"year", COL_YEAR}, {"date", COL_DATE}, {"link", COL_URL},
    };
    for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
        if (contains_nocase(h, n, parts[k].part))
            return parts[k].role;
    *warn_unknown = true;
    return COL_UNKNOWN;
}

static void table_begin(md *m, size_t i)
{
    table *t = &m->tbl;
    const md_line *l = &m->lines[i];
    cell cells[MAX_COLS];
    size_t dropped;
    t->ncols = split_cells(l->s, l->n, cells, MAX_COLS, &dropped);
    t->active = true;
    t->after_blank = false;
    if (dropped)
        warn(m, i, "table header has more than 64 columns; the rest are ignored%s", "");
    bool have_title = false, have_arxiv = false;
    int paper_cols[MAX_COLS];
    size_t npaper = 0;
    for (size_t k = 0; k < t->ncols; k++) {
        render(&m->r, cells[k].s, cells[k].n);
        const char *h = m->r.text.p;
        size_t hn = m->r.text.n;
        while (hn && h[hn - 1] == ':')
            hn--;
        trim(&h, &hn);
        size_t keep = hn < sizeof t->headers[k] - 1 ? hn : sizeof t->headers[k] - 1;
        keep = utf8_fit(h, keep, keep, NULL);
        memcpy(t->headers[k], h, keep);
        t->headers[k][keep] = '\0';
        bool unknown;
        if (eq_nocase(h, hn, "paper") || eq_nocase(h, hn, "papers") || eq_nocase(h, hn, "论文")) {
            paper_cols[npaper++] = (int)k;
            t->roles[k] = COL_TITLE;
            continue;
        }
        t->roles[k] = (uint8_t)column_role(h, hn, &unknown);
        have_title |= t->roles[k] == COL_TITLE;
        have_arxiv |= t->roles[k] == COL_ARXIV;
        if (unknown)
            warn(m, i, "table column \"%s\" is not one paperdeck knows; its cells go to notes",
                 t->headers[k]);
    }
    /* "Paper" is the title unless another column is; then it is a link. */
    for (size_t p = 0; p < npaper; p++) {
        if (have_title)
            t->roles[paper_cols[p]] = have_arxiv ? COL_URL : COL_ARXIV;
        have_title = true;
    }
    if (!have_title && t->ncols) {
        t->roles[0] = COL_TITLE;
        warn(m, i, "table has no title column; its first column, \"%s\", is taken as the title",
             t->headers[0]);
    }
}

/* The Supplementary heuristic; see the top of the file. */
static void split_supplementary(md *m)
{
    renderer *r = &m->r;
    draft *d = &m->dr;
    for (size_t k = 0; k < r->nspans; k++)
        if (!r->spans[k].emph)
            take_link(m, &r->spans[k], true);
    /* The text without the links' own text, split on commas. */
    sb_clear(&m->scratch);
    size_t pos = 0;
    for (size_t k = 0; k < r->nspans; k++) {
        const md_span *sp = &r->spans[k];
        if (sp->emph || sp->start < pos)
            continue;
        sb_put(&m->scratch, r->text.p + pos, sp->start - pos);
        sb_putc(&m->scratch, ',');
        pos = sp->end;
    }
    sb_put(&m->scratch, r->text.p + pos, r->text.n - pos);
    cell items[256];
    size_t nitems = 0;
    const char *s = m->scratch.p;
    size_t n = m->scratch.n, start = 0;
    for (size_t i = 0; i <= n; i++) {
        size_t sep = 0;
        if (i < n && (s[i] == ',' || s[i] == ';'))
            sep = 1;
        else if (i + 3 <= n && (memcmp(s + i, "，", 3) == 0 || memcmp(s + i, "；", 3) == 0))
            sep = 3;
        if (i < n && !sep)
            continue;
        const char *t = s + start;
        size_t tn = i - start;
        trim(&t, &tn);
        if (tn && nitems < sizeof items / sizeof items[0])
            items[nitems++] = (cell){t, tn};
        else if (tn)
            draft_note(d, t, tn);
        start = i + (sep ? sep : 1);
        if (sep)
            i += sep - 1;
    }
    if (nitems) {
        const cell *last = &items[nitems - 1];
        bool org = last->n <= 24 && !memchr(last->s, ' ', last->n);
        org = org && ((last->s[0] >= 'A' && last->s[0] <= 'Z') || is_digit((unsigned char)last->s[0]));
        for (size_t i = 0; org && i < last->n; i++)
            if (!is_alnum((unsigned char)last->s[i]) && !strchr("-&.", last->s[i]))
                org = false;
        if (org && !d->org.len) {
            d->org = pool_add(d, last->s, last->n);
            nitems--;
        }
    }
    for (size_t i = 0; i < nitems; i++) {
        if (word_count(items[i].s, items[i].n) <= 4 && items[i].n <= 40)
            draft_tag(d, items[i].s, items[i].n, true);
        else
            draft_note(d, items[i].s, items[i].n);
    }
}

static void split_list(md *m, bool authors)
{
    draft *d = &m->dr;
    const char *s = m->r.text.p;
    size_t n = m->r.text.n, start = 0;
    for (size_t i = 0; i <= n; i++) {
        size_t sep = 0;
        if (i < n && (s[i] == ',' || s[i] == ';'))
            sep = 1;
        else if (authors && i + 5 <= n && memcmp(s + i, " and ", 5) == 0)
            sep = 5;
        if (i < n && !sep)
            continue;
        const char *t = s + start;
        size_t tn = i - start;
        trim(&t, &tn);
        if (authors && prefix_nocase(t, tn, "and "))
            t += 4, tn -= 4;
        if (authors && tn > 7 && (eq_nocase(t + tn - 7, 7, " et al.") || eq_nocase(t + tn - 6, 6, " et al")))
            tn -= t[tn - 1] == '.' ? 7 : 6;
        if (tn && !(authors && (eq_nocase(t, tn, "et al.") || eq_nocase(t, tn, "et al")))) {
            if (authors)
                list_add(&d->authors, &d->nauthors, &d->authors_cap, pool_add(d, t, tn));
            else
                draft_tag(d, t, tn, false);
        }
        start = i + (sep ? sep : 1);
        if (sep)
            i += sep - 1;
    }
}

/* Fills the draft from one rendered cell of the given role. */
static void table_cell(md *m, size_t col, size_t line_index)
{
    renderer *r = &m->r;
    draft *d = &m->dr;
    const char *t = r->text.p;
    size_t tn = r->text.n;
    trim(&t, &tn);
    bool dash = tn == 0 || (tn <= 3 && !has_letter_or_digit(t, tn)) || eq_nocase(t, tn, "n/a");
    switch (m->tbl.roles[col]) {
    case COL_TITLE: {
        bool first = true;
        for (size_t k = 0; k < r->nspans; k++) {
            const md_span *sp = &r->spans[k];
            if (sp->emph)
                continue;
            if (first && !sp->image && sp->end > sp->start)
                take_url(m, sp);
            else
                take_link(m, sp, false);
            first = false;
        }
        if (tn && !d->title.len)
            d->title = pool_add(d, t, tn);
        break;
    }
    case COL_VENUE:
        for (size_t k = 0; k < r->nspans; k++)
            if (!r->spans[k].emph)
                take_link(m, &r->spans[k], false);
        if (!dash && !d->venue.len)
            d->venue = pool_add(d, t, tn);
        break;
    case COL_YEAR: {
        char buf[64];
        size_t k = tn < sizeof buf - 1 ? tn : sizeof buf - 1;
        memcpy(buf, t, k);
        buf[k] = '\0';
        int y = year_in_text(buf);
        if (y)
            d->year = y;
        break;
    }
    case COL_DATE: {
        char date[11];
        if (parse_date(t, tn, date) == tn && tn) {
            d->date = pool_add(d, date, strlen(date));
        } else if (!dash) {
            char buf[64];
            size_t k = tn < sizeof buf - 1 ? tn : sizeof buf - 1;
            memcpy(buf, t, k);
            buf[k] = '\0';
            int y = year_in_text(buf);
            if (y)
                d->year = y;
            else
                warn(m, line_index, "date \"%s\" is not YYYY, YYYY-MM or YYYY-MM-DD; ignored", buf);
        }
        break;
    }
    case COL_ARXIV:
        for (size_t k = 0; k < r->nspans; k++) {
            const md_span *sp = &r->spans[k];
            char id[ARXIV_ID_MAX];
            if (sp->emph)
                continue;
            if (!d->arxiv[0] && arxiv_parse(span_url(r, sp), sp->url_len, id))
                memcpy(d->arxiv, id, sizeof id);
            else
                take_link(m, sp, false);
        }
        if (!d->arxiv[0] && tn) {
            char id[ARXIV_ID_MAX];
            if (arxiv_parse(t, tn, id))
                memcpy(d->arxiv, id, sizeof id);
        }
        break;
    case COL_CODE:
        for (size_t k = 0; k < r->nspans; k++) {
            const md_span *sp = &r->spans[k];
            const char *lt;
            size_t ln;
            if (sp->emph || !sp->url_len)
                continue;
            span_text(r, sp, &lt, &ln);
            const char *u = span_url(r, sp);
            if (ln)
                draft_link_add(d, lt, ln, u, sp->url_len);
            else if (sp->autolink || !is_code_host(u, sp->url_len))
                draft_link_add(d, NULL, 0, u, sp->url_len);
            else
                draft_link_add(d, "code", 4, u, sp->url_len);
        }
        break;
    case COL_URL:
        for (size_t k = 0; k < r->nspans; k++)
            if (!r->spans[k].emph)
                take_url(m, &r->spans[k]);
        break;
    case COL_NOTES:
        for (size_t k = 0; k < r->nspans; k++)
            if (!r->spans[k].emph)
                take_link(m, &r->spans[k], false);
        if (tn)
            draft_note(d, t, tn);
        break;
    case COL_SUPP:
        split_supplementary(m);
        break;
    case COL_AUTHORS:
        split_list(m, true);
        break;
    case COL_ORG:
        if (!dash)
            d->org = pool_add(d, t, tn);
        break;
    case COL_TAGS:
        split_list(m, false);
        break;
    case COL_KIND: {
        char buf[16];
        entry_kind kind;
        size_t k = tn < sizeof buf - 1 ? tn : sizeof buf - 1;
        for (size_t j = 0; j < k; j++)
            buf[j] = (char)to_lower((unsigned char)t[j]);
        buf[k] = '\0';
        if (entry_kind_parse(buf, &kind))
            d->kind = (int)kind;
        else if (tn)
            warn(m, line_index, "unknown kind \"%s\" (expected paper, blog, project or link); ignored", buf);
        break;
    }
    case COL_UNKNOWN:
        for (size_t k = 0; k < r->nspans; k++)
            if (!r->spans[k].emph)
                take_link(m, &r->spans[k], false);
        if (tn) {
            sb_clear(&m->scratch);
            sb_put(&m->scratch, m->tbl.headers[col], strlen(m->tbl.headers[col]));
            sb_put(&m->scratch, ": ", 2);
            sb_put(&m->scratch, t, tn);
            draft_note(d, m->scratch.p, m->scratch.n);
        }
        break;
    default:
        break;
    }
}

static const char *const connectives[] = {
    "a", "an", "the", "of", "for", "with", "and", "or", "to", "in", "on", "via", "by",
    "from", "at", "as", "into", "without", "is", "are", "vs", "versus", "towards", "through",
};

/* A cell broken by a row split: joined, or its stray second part dropped
 * (copied to dropped, which then is not empty). */
static void repair_cell(cell *cl, size_t nl_at, bool title, char *dropped, size_t size)
{
    const char *head = cl->s, *frag = cl->s + nl_at + 1;
    size_t hn = nl_at, fn = cl->n - nl_at - 1;
    trim(&head, &hn);
    trim(&frag, &fn);
    bool one_word = fn && !memchr(frag, ' ', fn) && !memchr(frag, '\t', fn);
    bool capital = fn && frag[0] >= 'A' && frag[0] <= 'Z';
    bool complete = hn && !sep_len_before(head, hn) && head[hn - 1] != '(' && head[hn - 1] != '&';
    size_t w = hn;
    while (w && !is_space((unsigned char)head[w - 1]))
        w--;
    for (size_t k = 0; complete && k < sizeof connectives / sizeof connectives[0]; k++)
        if (eq_nocase(head + w, hn - w, connectives[k]))
            complete = false;
    if (title && one_word && capital && complete) {
        size_t k = fn < size - 1 ? fn : size - 1;
        k = utf8_fit(frag, k, k, NULL);
        memcpy(dropped, frag, k);
        dropped[k] = '\0';
        cl->n = (size_t)(head + hn - cl->s);
        return;
    }
    /* Join in place: the newline and the white space around it become one
     * space. The cell points into m->row, which we own. */
    char *p = (char *)cl->s;
    size_t out = (size_t)(head + hn - cl->s);
    p[out++] = ' ';
    memmove(p + out, frag, fn);
    cl->n = out + fn;
}

static void table_row(md *m, size_t *index)
{
    size_t i = *index;
    table *t = &m->tbl;
    const md_line *l = &m->lines[i];
    /* Join a row that goes on over the next lines. */
    sb_clear(&m->row);
    sb_put(&m->row, l->s, l->n);
    size_t joins = 0;
    cell cells[MAX_COLS];
    size_t dropped, ncells = split_cells(m->row.p, m->row.n, cells, MAX_COLS, &dropped);
    while (ncells < t->ncols && !ends_with_pipe(m->row.p, m->row.n) && joins < MAX_JOIN
           && i + 1 < m->nlines) {
        const md_line *nx = &m->lines[i + 1];
        int lv;
        const char *ht;
        size_t hn, mc, co;
        char fc;
        size_t fl;
        if (is_blank(nx) || starts_with_pipe(nx->s, nx->n) || atx_heading(nx->s, nx->n, &lv, &ht, &hn)
            || bullet_marker(nx->s, nx->n, &mc, &co) || fence_open(nx->s, nx->n, &fc, &fl))
            break;
        sb_putc(&m->row, '\n');
        sb_put(&m->row, nx->s, nx->n);
        ncells = split_cells(m->row.p, m->row.n, cells, MAX_COLS, &dropped);
        i++;
        joins++;
    }
    char stray[80] = "";
    for (size_t k = 0; k < ncells; k++) {
        const char *nl;
        while ((nl = memchr(cells[k].s, '\n', cells[k].n)) != NULL)
            repair_cell(&cells[k], (size_t)(nl - cells[k].s),
                        k < t->ncols && t->roles[k] == COL_TITLE, stray, sizeof stray);
    }
    if (joins) {
        char msg[300];
        m->st.repaired++;
        snprintf(msg, sizeof msg, "table row split over lines %zu-%zu: joined%s%s%s", *index + 1,
                 i + 1, stray[0] ? "; the stray \"" : "", stray,
                 stray[0] ? "\" after its complete title was dropped" : "");
        warn(m, *index, "%s", msg);
    }
    *index = i;

    draft_reset(&m->dr);
    bool any = false;
    for (size_t k = 0; k < ncells; k++)
        any |= cells[k].n > 0;
    if (!any)
        return; /* an empty row: nothing to place, nothing lost */
    size_t line_index = i - joins;
    /* Title first, so that links elsewhere know whether a url is taken. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < ncells && k < t->ncols; k++) {
            if ((t->roles[k] == COL_TITLE) != (pass == 0))
                continue;
            render(&m->r, cells[k].s, cells[k].n);
            table_cell(m, k, line_index);
        }
    }
    if (ncells > t->ncols || dropped) {
        for (size_t k = t->ncols; k < ncells; k++) {
            render(&m->r, cells[k].s, cells[k].n);
            draft_note(&m->dr, m->r.text.p, m->r.text.n);
            for (size_t s = 0; s < m->r.nspans; s++)
                if (!m->r.spans[s].emph)
                    take_link(m, &m->r.spans[s], false);
        }
        char msg[32];
        snprintf(msg, sizeof msg, "%zu", ncells + dropped);
        warn(m, line_index, "table row has %s cells, more than its header: the extra cells went to notes", msg);
    }
    if (!m->dr.title.len) {
        warn(m, line_index, "table row without a title: skipped%s", "");
        m->st.skipped++;
        return;
    }
    commit(m, line_index);
}

/* -- bullets -- */

/* A child bullet with generic links only ("[code](...)") belongs to the
 * entry above it. */
static bool attach_to_last(md *m, size_t indent)
{
    if (m->last_entry < 0 || indent <= m->last_entry_indent)
        return false;
    renderer *r = &m->r;
    catalog *c = m->c;
    entry *e = &c->entries[m->last_entry];
    bool any = false;
    for (size_t k = 0; k < r->nspans; k++) {
        const md_span *sp = &r->spans[k];
        const char *t;
        size_t tn;
        if (sp->emph)
            continue;
        span_text(r, sp, &t, &tn);
        if (!is_generic_label(t, tn) && !sp->image)
            return false;
        any = true;
    }
    if (!any)
        return false;
    draft_reset(&m->dr);
    if (e->arxiv)
        snprintf(m->dr.arxiv, sizeof m->dr.arxiv, "%s", e->arxiv);
    for (size_t k = 0; k < r->nspans; k++)
        if (!r->spans[k].emph)
            take_link(m, &r->spans[k], true);
    arena *a = catalog_arena(c);
    if (!e->arxiv && m->dr.arxiv[0])
        e->arxiv = catalog_intern(c, m->dr.arxiv, strlen(m->dr.arxiv));
    if (m->dr.nlinks) {
        entry_link *links = arena_alloc(a, (e->nlinks + m->dr.nlinks) * sizeof *links);
        if (e->nlinks)
            memcpy(links, e->links, e->nlinks * sizeof *links);
        for (size_t i = 0; i < m->dr.nlinks; i++) {
            slice lb = m->dr.links[i].label;
            links[e->nlinks + i].label =
                lb.off == UINT32_MAX ? NULL : catalog_intern(c, pool_str(&m->dr, lb), lb.len);
            links[e->nlinks + i].url =
                arena_strndup(a, pool_str(&m->dr, m->dr.links[i].url), m->dr.links[i].url.len);
        }
        e->links = links;
        e->nlinks += (uint32_t)m->dr.nlinks;
    }
    if (e->kind == KIND_LINK && e->arxiv)
        e->kind = (uint8_t)md_infer_kind(c, e->section, true, e->venue != NULL);
    return true;
}

/* Marks text[from..to) as not notes. */
static void mask_range(strbuf *mask, size_t from, size_t to)
{
    if (to > mask->n)
        to = mask->n;
    for (size_t i = from; i < to; i++)
        mask->p[i] = 1;
}

/* Brackets around a title, or left open at its start by broken markup:
 * "[[[Title" and "[Title]" both give "Title". */
static void strip_brackets(const char **s, size_t *n)
{
    for (int round = 0; round < 16; round++) { /* bounded: memchr is O(n) */
        if (!*n)
            return;
        char open = (*s)[0], close = open == '[' ? ']' : open == '(' ? ')' : 0;
        if (close && (*s)[*n - 1] == close) {
            (*s)++;
            *n -= 2;
        } else if (close && !memchr(*s, close, *n)) {
            (*s)++;
            (*n)--;
        } else {
            return;
        }
        trim(s, n);
    }
}

enum bullet_outcome { BULLET_ENTRY, BULLET_NOT_ENTRY, BULLET_SILENT, BULLET_ATTACHED };

/* Removes the bracket pairs left empty (or holding only separators) once
 * links were taken out of notes text, in one pass: "[] [, ]" -> "". */
static size_t clean_rest(char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ']' || c == ')') {
            char open = c == ']' ? '[' : '(';
            size_t j = k;
            while (j > 0 && k - j < 8 && (s[j - 1] == ' ' || sep_len_at(s + j - 1, 1) == 1))
                j--;
            if (j > 0 && s[j - 1] == open) {
                k = j - 1;
                continue;
            }
        }
        if (c == ' ' && k && s[k - 1] == ' ')
            continue;
        s[k++] = c;
    }
    return k;
}

static int parse_bullet(md *m, const char *raw, size_t rn, size_t line_index, size_t indent,
                        bool has_children)
{
    renderer *r = &m->r;
    draft *d = &m->dr;
    /* Task list boxes. */
    if (rn >= 3 && raw[0] == '[' && (raw[1] == ' ' || raw[1] == 'x' || raw[1] == 'X') && raw[2] == ']')
        raw += 3, rn -= 3;
    render(r, raw, rn);
    draft_reset(d);
    const char *T = r->text.p;
    size_t n = r->text.n;

    /* Links that all point inside the page: a table of contents. */
    size_t nlinks = 0, anchors = 0;
    for (size_t k = 0; k < r->nspans; k++) {
        if (r->spans[k].emph)
            continue;
        nlinks++;
        anchors += r->spans[k].url_len && span_url(r, &r->spans[k])[0] == '#';
    }
    if (in_toc(m) || (nlinks && anchors == nlinks))
        return BULLET_SILENT;

    size_t pos = 0;
    while (pos < n && (T[pos] == ' '))
        pos++;
    /* "(2023-10)", "[2023-10]", "2023-10:" */
    {
        size_t p = pos;
        bool bracket = p < n && (T[p] == '(' || T[p] == '[');
        char date[11];
        size_t k = parse_date(T + p + bracket, n - p - bracket, date);
        if (k) {
            size_t e = p + bracket + k;
            if (bracket && e < n && (T[e] == ')' || T[e] == ']'))
                e++;
            else if (bracket)
                k = 0;
            if (k) {
                while (e < n && (T[e] == ' ' || T[e] == ':' || T[e] == ',' || T[e] == '-'))
                    e++;
                if (e < n) {
                    d->date = pool_add(d, date, strlen(date));
                    pos = e;
                }
            }
        }
    }
    /* Everything outside the title is notes unless taken by something. */
    strbuf *mask = &m->scratch;
    sb_clear(mask);
    grow((void **)&mask->p, &mask->cap, n + 1, 1);
    memset(mask->p, 0, n + 1);
    mask->n = n;
    mask_range(mask, 0, pos);

    /* A bare URL in front of the title ("https://... The Title") is the
     * entry's page. */
    for (size_t k = 0; k < r->nspans; k++) {
        const md_span *sp = &r->spans[k];
        if (sp->emph || !sp->autolink || sp->start != pos)
            continue;
        take_url(m, sp);
        break;
    }
    const md_span *first_link = NULL, *first_emph = NULL;
    for (size_t k = 0; k < r->nspans; k++) {
        const md_span *sp = &r->spans[k];
        if (sp->start < pos || (sp->autolink && sp->start == pos && (d->url.len || d->arxiv[0])))
            continue;
        if (!sp->emph && !first_link)
            first_link = sp;
        if (sp->emph && !first_emph && sp->end > sp->start)
            first_emph = sp;
    }
    size_t skip = pos;
    while (skip < n && strchr("[(\"'", T[skip]))
        skip++;
    const md_span *title_link = NULL, *title_emph = NULL;
    size_t title_end;
    const char *tt = NULL;
    size_t tn = 0;
    if (first_link && first_link->start <= skip && first_link->end > first_link->start) {
        span_text(r, first_link, &tt, &tn);
        if (!is_generic_label(tt, tn) && !first_link->image)
            title_link = first_link;
    }
    if (!title_link && first_emph && first_emph->start <= skip) {
        title_emph = first_emph;
        span_text(r, first_emph, &tt, &tn);
    }
    if (title_link || title_emph) {
        title_end = (title_link ? title_link : title_emph)->end;
        if (title_link)
            take_url(m, title_link);
    } else {
        /* The title runs to the first link, emphasis, venue or year after
         * a separator, whichever comes first. */
        title_end = n;
        if (first_link && first_link->start < title_end)
            title_end = first_link->start;
        if (first_emph && first_emph->start > pos && first_emph->start < title_end)
            title_end = first_emph->start;
        size_t vs, vn, ys;
        int y;
        if (find_venue(T + pos, title_end - pos, &vs, &vn) && vs > 0
            && sep_len_before(T + pos, vs) && pos + vs < title_end)
            title_end = pos + vs;
        for (size_t j = pos + 1; j + 5 < title_end; j++) {
            char id[ARXIV_ID_MAX];
            if (eq_nocase(T + j, 5, "arxiv") && sep_len_before(T + pos, j - pos)
                && arxiv_parse(T + j, n - j, id)) {
                title_end = j;
                break;
            }
        }
        size_t from = pos;
        while (find_year(T + from, title_end - from, &ys, &y)) {
            size_t at = from + ys;
            size_t b = at;
            while (b > pos && T[b - 1] == ' ')
                b--;
            if (b > pos && (T[b - 1] == ',' || T[b - 1] == '(' || T[b - 1] == '.')) {
                title_end = at;
                break;
            }
            from = at + 4;
        }
        tt = T + pos;
        tn = title_end - pos;
        trim_seps(&tt, &tn);
        while (tn && (tt[tn - 1] == '(' || tt[tn - 1] == '['))
            tn--;
        trim_seps(&tt, &tn);
        strip_brackets(&tt, &tn);
    }
    mask_range(mask, pos, title_end);
    if (tn)
        d->title = pool_add(d, tt, tn);

    /* The links after the title. In the blog shape ("Title [site](url)")
     * the first one, right after the title, is the entry's own page. */
    for (size_t k = 0; k < r->nspans; k++) {
        const md_span *sp = &r->spans[k];
        if (sp->emph || sp == title_link || sp->start < title_end)
            continue;
        const char *lt;
        size_t ln;
        span_text(r, sp, &lt, &ln);
        mask_range(mask, sp->start, sp->end);
        bool adjacent = true;
        for (size_t j = title_end; j < sp->start; j++)
            if (!sep_len_at(T + j, n - j) && T[j] != '[' && T[j] != '(')
                adjacent = false;
        char id[ARXIV_ID_MAX];
        bool generic = is_generic_label(lt, ln);
        if (!title_link && !d->url.len && adjacent && !sp->image
            && !(generic && ln && is_code_host(span_url(r, sp), sp->url_len))
            && !is_arxiv_url(span_url(r, sp), sp->url_len, id)) {
            take_url(m, sp);
            if (!generic)
                draft_note(d, lt, ln);
            continue;
        }
        take_link(m, sp, false);
    }
    /* Venue: an emphasised span after the title, else a known name. */
    const char *rest = T + title_end;
    size_t rn2 = n - title_end;
    size_t vs, vn;
    bool venue = false;
    for (size_t k = 0; k < r->nspans && !venue; k++) {
        const md_span *sp = &r->spans[k];
        const char *et;
        size_t en;
        if (!sp->emph || sp->start < title_end || sp == title_emph || mask->p[sp->start])
            continue;
        span_text(r, sp, &et, &en);
        if (en && word_count(et, en) <= 8) {
            trim_seps(&et, &en);
            d->venue = pool_add(d, et, en);
            mask_range(mask, sp->start, sp->end);
            venue = true;
        }
    }
    if (!venue && find_venue(rest, rn2, &vs, &vn) && !mask->p[title_end + vs]) {
        d->venue = pool_add(d, rest + vs, vn);
        mask_range(mask, title_end + vs, title_end + vs + vn);
        venue = true;
    }
    /* A short rest that ends in a year is a venue: ", Nature Machine
     * Intelligence 2022". A lone year is the year. */
    {
        strbuf *left = &m->left;
        sb_clear(left);
        sb_put(left, "", 0);
        for (size_t i = title_end; i < n; i++)
            if (!mask->p[i])
                sb_putc(left, T[i]);
        const char *lt = left->p;
        size_t ln = clean_rest(left->p, left->n);
        trim_seps(&lt, &ln);
        size_t ys;
        int y;
        if (ln && find_year(lt, ln, &ys, &y) && word_count(lt, ln) <= 8) {
            if (!venue && ys + 4 == ln && word_count(lt, ln) >= 2 && word_count(lt, ln) <= 5
                && lt[0] >= 'A' && lt[0] <= 'Z') {
                d->venue = pool_add(d, lt, ln);
                ln = 0;
            } else {
                d->year = y;
                /* Drop the year from what is left. */
                memmove((char *)lt + ys, lt + ys + 4, ln - ys - 4);
                ln -= 4;
                ln = clean_rest((char *)lt, ln);
                trim_seps(&lt, &ln);
            }
        }
        if (!d->arxiv[0] && ln) {
            char id[ARXIV_ID_MAX];
            if (arxiv_parse(lt, ln, id) && (contains_nocase(lt, ln, "arxiv") || ln <= 24)) {
                memcpy(d->arxiv, id, sizeof id);
                ln = 0;
            }
        }
        if (ln > 2 && lt[0] == '(' && lt[ln - 1] == ')' && !memchr(lt + 1, '(', ln - 2)) {
            lt++;
            ln -= 2;
        }
        if (ln && has_letter_or_digit(lt, ln))
            draft_note(d, lt, ln);
    }
    if (!d->title.len || !has_letter_or_digit(pool_str(d, d->title), d->title.len)) {
        if (attach_to_last(m, indent))
            return BULLET_ATTACHED;
        return BULLET_NOT_ENTRY;
    }
    bool substance = d->url.len || d->nlinks || d->arxiv[0] || d->venue.len || d->year || d->date.len;
    if (!substance) {
        if (!has_children && attach_to_last(m, indent))
            return BULLET_ATTACHED;
        return BULLET_NOT_ENTRY;
    }
    (void)line_index;
    return BULLET_ENTRY;
}

/* The item is complete: the line at next (or the end) is not part of it. */
static void item_flush(md *m, size_t next)
{
    item *it = &m->it;
    if (!it->active)
        return;
    it->active = false;
    size_t li = it->line;
    bool children = false;
    for (size_t j = next; j < m->nlines; j++) {
        const md_line *l = &m->lines[j];
        if (is_blank(l))
            continue;
        size_t mc, co, cols;
        indent_of(l->s, l->n, &cols);
        if (cols > it->indent && (bullet_marker(l->s, l->n, &mc, &co) || pipe_unescaped(l->s, l->n)))
            children = true;
        break;
    }
    int out = parse_bullet(m, it->text.p, it->text.n, li, it->indent, children);
    if (out == BULLET_ENTRY) {
        commit(m, li);
        m->last_entry = (int64_t)m->c->nentries - 1;
        m->last_entry_indent = it->indent;
        return;
    }
    if (out == BULLET_NOT_ENTRY && children && m->dr.title.len) {
        const char *t = pool_str(&m->dr, m->dr.title);
        size_t tn = m->dr.title.len;
        trim_seps(&t, &tn);
        if (tn) {
            sec_push(m, t, tn, (uint32_t)(li + 1), 7, it->indent);
            m->last_entry = -1;
            return;
        }
    }
    if (out == BULLET_NOT_ENTRY) {
        char shown[64];
        size_t n = it->text.n < 48 ? it->text.n : 48;
        n = utf8_fit(it->text.p, n, n, NULL);
        memcpy(shown, it->text.p, n);
        shown[n] = '\0';
        warn(m, li, "bullet \"%s\" has no title with a link, arXiv id, venue or year: not an entry",
             shown);
        m->st.skipped++;
    }
}

static void item_start(md *m, size_t i, size_t marker_col, size_t content)
{
    item *it = &m->it;
    const md_line *l = &m->lines[i];
    it->active = true;
    it->blank_seen = false;
    it->line = (uint32_t)i;
    it->indent = marker_col;
    size_t cols;
    indent_of(l->s, l->n, &cols);
    it->content_col = marker_col + (content - indent_of(l->s, l->n, NULL)) ;
    sb_clear(&it->text);
    sb_put(&it->text, l->s + content, l->n - content);
}

/* -- the block loop -- */

static void heading(md *m, size_t i, int level, const char *t, size_t tn)
{
    if ((int)i == m->title_h1) {
        m->in_title_area = true;
        return;
    }
    m->in_title_area = false;
    m->last_entry = -1;
    render(&m->r, t, tn);
    const char *name = m->r.text.p;
    size_t nn = m->r.text.n;
    trim(&name, &nn);
    while (m->nsecs && m->secs[m->nsecs - 1].level >= level)
        sec_pop(m);
    if (!nn) {
        warn(m, i, "empty heading: ignored%s", "");
        return;
    }
    sec_push(m, name, nn, (uint32_t)(i + 1), level, 0);
}

static void paragraph(md *m, size_t i)
{
    if (!m->in_title_area || m->description_done || m->as_group)
        return;
    render(&m->r, m->lines[i].s, m->lines[i].n);
    if (!m->r.text.n)
        return; /* badges only */
    if (m->description.n)
        sb_putc(&m->description, ' ');
    sb_put(&m->description, m->r.text.p, m->r.text.n);
}

static void end_paragraph(md *m)
{
    if (m->description.n)
        m->description_done = true;
}

static void parse_blocks(md *m)
{
    bool in_fence = false, in_comment = false;
    char fch = 0;
    size_t flen = 0;
    for (size_t i = 0; i < m->nlines; i++) {
        const md_line *l = &m->lines[i];
        const char *s = l->s;
        size_t n = l->n;
        if (in_fence) {
            if (fence_close(s, n, fch, flen))
                in_fence = false;
            continue;
        }
        if (in_comment) {
            if (n >= 3 && has_substr(s, n, "-->"))
                in_comment = false;
            continue;
        }
        if (is_blank(l)) {
            if (m->it.active)
                m->it.blank_seen = true;
            if (m->tbl.active) {
                m->tbl.active = false;
                m->tbl.after_blank = true;
            }
            end_paragraph(m);
            continue;
        }
        size_t cols, ind = indent_of(s, n, &cols);
        int level;
        const char *ht;
        size_t hn, mc, content;
        bool is_bullet = bullet_marker(s, n, &mc, &content);
        bool is_heading = atx_heading(s, n, &level, &ht, &hn);
        bool fence = fence_open(s, n, &fch, &flen);
        bool pipe = pipe_unescaped(s, n);
        bool table_start = pipe && i + 1 < m->nlines
                        && delimiter_row(m->lines[i + 1].s, m->lines[i + 1].n)
                        && !delimiter_row(s, n);
        /* Continuation of the current bullet item. */
        if (m->it.active && !is_bullet && !is_heading && !fence && !table_start
            && !(m->tbl.active && pipe) && !thematic_break(s, n)
            && (!m->it.blank_seen || cols >= m->it.content_col)) {
            sb_putc(&m->it.text, ' ');
            sb_put(&m->it.text, s + ind, n - ind);
            continue;
        }
        item_flush(m, i);
        if (!(m->tbl.active && pipe))
            pop_groups(m, is_heading ? 0 : cols);
        if (fence) {
            in_fence = true;
            m->tbl.active = m->tbl.after_blank = false;
            continue;
        }
        if (n - ind >= 4 && memcmp(s + ind, "<!--", 4) == 0) {
            if (!has_substr(s + ind + 4, n - ind - 4, "-->"))
                in_comment = true;
            continue;
        }
        if (is_heading) {
            m->tbl.active = m->tbl.after_blank = false;
            end_paragraph(m);
            heading(m, i, level, ht, hn);
            continue;
        }
        if (table_start) {
            m->in_title_area = false;
            end_paragraph(m);
            table_begin(m, i);
            i++;
            continue;
        }
        if (pipe && (m->tbl.active || (m->tbl.after_blank && starts_with_pipe(s, n)))) {
            if (!m->tbl.active)
                warn(m, i, "table row after a blank line: taken as part of the table above%s", "");
            m->tbl.active = true;
            m->tbl.after_blank = false;
            table_row(m, &i);
            continue;
        }
        m->tbl.active = m->tbl.after_blank = false;
        if (is_bullet) {
            m->in_title_area = false;
            end_paragraph(m);
            item_start(m, i, mc, content);
            continue;
        }
        if (starts_with_pipe(s, n) && !delimiter_row(s, n)) {
            warn(m, i, "table row outside a table (no header and delimiter row above): skipped%s", "");
            m->st.skipped++;
            continue;
        }
        if (ref_definition(s, n, NULL) || thematic_break(s, n))
            continue;
        /* Setext heading: a paragraph line underlined with = or -. */
        if (i + 1 < m->nlines && cols < 4) {
            const md_line *u = &m->lines[i + 1];
            const char *us = u->s;
            size_t un = u->n, k = 0;
            trim(&us, &un);
            while (k < un && us[k] == us[0])
                k++;
            if (un && k == un && (us[0] == '=' || us[0] == '-')) {
                end_paragraph(m);
                heading(m, i, us[0] == '=' ? 1 : 2, s + ind, n - ind);
                i++;
                continue;
            }
        }
        if (s[ind] == '>' || s[ind] == '<') {
            end_paragraph(m);
            continue;
        }
        paragraph(m, i);
    }
    item_flush(m, m->nlines);
}

/* A paragraph line underlined with "=". */
static bool setext_h1(const md *m, size_t i)
{
    if (i + 1 >= m->nlines || is_blank(&m->lines[i]))
        return false;
    const md_line *l = &m->lines[i];
    size_t mc, co, cols;
    indent_of(l->s, l->n, &cols);
    if (cols > 3 || bullet_marker(l->s, l->n, &mc, &co) || pipe_unescaped(l->s, l->n))
        return false;
    const char *u = m->lines[i + 1].s;
    size_t un = m->lines[i + 1].n, k = 0;
    trim(&u, &un);
    while (k < un && u[k] == '=')
        k++;
    return un && k == un;
}

/* Splits the buffer into lines, counts the h1s and collects link
 * reference definitions. */
static void scan_lines(md *m, const char *buf, size_t len)
{
    size_t cap = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - buf) : len;
        size_t n = e - i;
        if (n && buf[i + n - 1] == '\r')
            n--;
        grow((void **)&m->lines, &cap, m->nlines + 1, sizeof *m->lines);
        m->lines[m->nlines++] = (md_line){buf + i, (uint32_t)n};
        i = e + 1;
    }
    bool in_fence = false;
    char fch = 0;
    size_t flen = 0, h1 = 0;
    int first = -1;
    for (size_t i = 0; i < m->nlines; i++) {
        const md_line *l = &m->lines[i];
        if (in_fence) {
            in_fence = !fence_close(l->s, l->n, fch, flen);
            continue;
        }
        if (fence_open(l->s, l->n, &fch, &flen)) {
            in_fence = true;
            continue;
        }
        int level;
        const char *t;
        size_t tn;
        if (atx_heading(l->s, l->n, &level, &t, &tn) && level == 1) {
            if (!h1++)
                first = (int)i;
        } else if (setext_h1(m, i)) {
            if (!h1++)
                first = (int)i;
        }
        ref_definition(l->s, l->n, &m->refs);
    }
    m->title_h1 = -1;
    if (h1 == 1) {
        int level;
        const char *t = m->lines[first].s;
        size_t tn = m->lines[first].n;
        if (!atx_heading(t, tn, &level, &t, &tn))
            trim(&t, &tn);
        render(&m->r, t, tn);
        if (m->r.text.n) {
            m->title_h1 = first;
            m->title = xrealloc(NULL, m->r.text.n + 1);
            memcpy(m->title, m->r.text.p, m->r.text.n + 1);
        }
    }
}

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

int md_import_buffer(catalog *c, const char *name, const char *buf, size_t len, bool as_group,
                     diag *d, md_stats *stats)
{
    size_t bad;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        buf += 3;
        len -= 3;
    }
    if (!utf8_validate(buf, len, &bad)) {
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
        return -1;
    }
    md *m = xrealloc(NULL, sizeof *m);
    memset(m, 0, sizeof *m);
    m->c = c;
    m->d = d;
    m->name = name;
    m->as_group = as_group;
    m->last_entry = -1;
    m->r.refs = &m->refs;
    m->file = catalog_add_file(c, name);
    size_t errors_before = d->errors;
    scan_lines(m, buf, len);
    if (!m->title)
        m->title = strcmp(name, "<stdin>") == 0 ? strcpy(xrealloc(NULL, 1), "") : stem_of(name);
    if (as_group) {
        const char *g = m->title[0] ? m->title : "List";
        sec_push(m, g, strlen(g), 0, 0, 0);
        secs_open(m);
    } else if (!c->title[0]) {
        catalog_set_title(c, m->title, NULL);
    }
    m->in_title_area = m->title_h1 >= 0 || !as_group;
    parse_blocks(m);
    end_paragraph(m);
    if (m->description.n && !as_group && !c->description)
        catalog_set_title(c, NULL, m->description.p);
    while (m->nsecs)
        sec_pop(m);
    if (stats)
        *stats = m->st;
    renderer_free(&m->r);
    draft_free(&m->dr);
    free(m->refs.slots);
    free(m->refs.pool.p);
    free(m->lines);
    free(m->secs);
    free(m->it.text.p);
    free(m->scratch.p);
    free(m->row.p);
    free(m->left.p);
    free(m->description.p);
    free(m->title);
    free(m);
    return d->errors > errors_before ? -1 : 0;
}

int md_import_file(catalog *c, const char *path, bool as_group, diag *d, md_stats *stats)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_add(d, DIAG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    size_t cap = 65536, n = 0;
    char *buf = xrealloc(NULL, cap);
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap) {
            if (ferror(f)) {
                int e = errno;
                diag_add(d, DIAG_ERROR, path, 0, 0, "cannot read: %s", strerror(e ? e : EIO));
                fclose(f);
                free(buf);
                return -1;
            }
            break;
        }
        buf = xrealloc(buf, cap *= 2);
    }
    fclose(f);
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
        if (eq_nocase(dot, strlen(dot), exts[k]))
            return true;
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
        trim(&s, &n);
        if (!n)
            continue;
        if (s[0] == '#') {
            hash = true;
            continue;
        }
        if ((n >= 3 && memcmp(s, "---", 3) == 0) || s[0] == '%')
            return false;
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
            if (prefix_nocase(s, n, keys[k]))
                return false;
        return hash || strchr("|-*+<[!", s[0]) != NULL;
    }
    return hash;
}

void md_print_summary(FILE *out, const catalog *c, const char *name, const md_stats *st)
{
    fprintf(out, "imported %u entr%s from %s\n", st->entries, st->entries == 1 ? "y" : "ies",
            name);
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
