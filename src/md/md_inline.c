/* md_inline: link reference definitions and the inline renderer: markdown
 * inline syntax into plain text plus link and emphasis spans, in linear time. */
#include "md_internal.h"

#include <stdlib.h>
#include <string.h>

#include "paperdeck/array.h"
#include "paperdeck/arxiv.h"
#include "paperdeck/ascii.h"
#include "paperdeck/hashslots.h"
#include "paperdeck/utf8.h"

/* ---- link reference definitions ---------------------------------------- */

/* Labels match case-insensitively with runs of white space as one. */
static size_t ref_normalize(const char *s, size_t n, char *out, size_t size)
{
    size_t k = 0;
    bool space = false;
    md_trim(&s, &n);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (ascii_is_space(c)) {
            space = true;
            continue;
        }
        if (space && k < size)
            out[k++] = ' ';
        space = false;
        if (k < size)
            out[k++] = (char)ascii_lower(c);
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

static const ref_rec *ref_find(const ref_table *t, const char *label, size_t n)
{
    char key[256];
    const hash_slots *hs = &t->slots;
    if (!hs->n || n > 999) /* CommonMark's limit on labels; keeps "[[[[" linear */
        return NULL;
    size_t k = ref_normalize(label, n, key, sizeof key);
    if (k == NONE || k == 0)
        return NULL;
    uint32_t h = hash_bytes(key, k);
    for (size_t j = hash_slots_home(hs, h); hs->v[j].rec; j = hash_slots_next(hs, j)) {
        const ref_rec *r = &t->recs[hs->v[j].rec - 1];
        if (hs->v[j].hash == h && r->label_len == k && memcmp(t->pool.s + r->label, key, k) == 0)
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
    hash_slots *hs = &t->slots;
    hash_slots_reserve(hs);
    uint32_t h = hash_bytes(key, k);
    size_t j = hash_slots_home(hs, h);
    while (hs->v[j].rec)
        j = hash_slots_next(hs, j);
    size_t nrecs = hs->n;
    ARRAY_RESERVE(t->recs, t->recs_cap, nrecs + 1);
    ref_rec *r = &t->recs[nrecs];
    r->label = (uint32_t)t->pool.n;
    r->label_len = (uint32_t)k;
    strbuf_add(&t->pool, key, k);
    r->url = (uint32_t)t->pool.n;
    r->url_len = (uint32_t)un;
    strbuf_add(&t->pool, url, un);
    hash_slots_put(hs, j, h, (uint32_t)nrecs + 1);
}

/* A link destination in s[from, to): "<...>" or up to the next space, after
 * leading spaces. Sets [*start, *end); false when it is empty. */
static bool scan_destination(const char *s, size_t from, size_t to, size_t *start, size_t *end)
{
    while (from < to && ascii_is_space((unsigned char)s[from]))
        from++;
    size_t e = from;
    if (from < to && s[from] == '<') {
        e = ++from;
        while (e < to && s[e] != '>')
            e++;
    } else {
        while (e < to && !ascii_is_space((unsigned char)s[e]))
            e++;
    }
    *start = from;
    *end = e;
    return e > from;
}

/* "[label]: url" (up to three spaces of indent). */
bool md_ref_definition(const char *s, size_t n, ref_table *t)
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

void md_renderer_free(renderer *r)
{
    free(r->text.s);
    free(r->urls.s);
    free(r->spans);
    free(r->imgs);
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
        if (!r->text.n || r->text.s[r->text.n - 1] == ' ')
            return;
        c = ' ';
    }
    md_sb_putc(&r->text, c);
}

static void out_bytes(renderer *r, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out_char(r, s[i]);
}

static md_span *span_push(renderer *r)
{
    r->spans = array_grow(r->spans, &r->spans_cap, r->nspans + 1, sizeof *r->spans);
    md_span *sp = &r->spans[r->nspans++];
    memset(sp, 0, sizeof *sp);
    return sp;
}

/* Stores a URL (backslash escapes removed) and returns its offset. */
static uint32_t url_store(renderer *r, const char *s, size_t n, uint32_t *len)
{
    uint32_t off = (uint32_t)r->urls.n;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n && md_is_punct((unsigned char)s[i + 1]))
            i++;
        md_sb_putc(&r->urls, s[i]);
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
    r->match = array_grow(r->match, &r->match_cap, n + 1, sizeof *r->match);
    r->stack = array_grow(r->stack, &r->stack_cap, n + 1, sizeof *r->stack);
    /* Bracket openers grow from the bottom of the stack, parentheses from
     * the top; together they never exceed n. */
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\\' && i + 1 < n && md_is_punct((unsigned char)s[i + 1])) {
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
    const ref_rec *ref = NULL;
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
    *off = url_store(r, r->refs->pool.s + ref->url, ref->url_len, len);
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
        r->pend = array_grow(r->pend, &r->pend_cap, r->npend + 1, sizeof *r->pend);
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

/* Images (badges) have no text; inside a link they mark it as a badge. */
static size_t render_image(renderer *r, size_t i, size_t end)
{
    size_t q = match_of(r, i + 1, end);
    if (q == NONE)
        return 0;
    uint32_t off, len;
    size_t url_mark = r->urls.n;
    size_t after = link_target(r, i + 2, q, end, &off, &len);
    if (after == NONE) {
        r->urls.n = url_mark;
        return 0;
    }
    /* Kept by its source and position: a badge can say the venue. */
    r->imgs = array_grow(r->imgs, &r->imgs_cap, r->nimgs + 1, sizeof *r->imgs);
    r->imgs[r->nimgs++] = (md_img){(uint32_t)r->text.n, off, len};
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
        if (!ascii_is_space((unsigned char)s[i - 1]) || !md_eq_nocase(s + i, m, name))
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
        while (e < n && (q ? s[e] != q : !ascii_is_space((unsigned char)s[e]) && s[e] != '>'))
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
    if (i + 1 >= end || !(ascii_is_alpha((unsigned char)s[i + 1]) || s[i + 1] == '/'))
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
    while (k < tn
           && (ascii_is_alnum((unsigned char)t[k]) || t[k] == '+' || t[k] == '.' || t[k] == '-'))
        k++;
    if (k >= 2 && k < tn && t[k] == ':' && ascii_is_alpha((unsigned char)t[0])) {
        bool ok = true;
        for (size_t j = 0; j < tn; j++)
            if (ascii_is_space((unsigned char)t[j]) || t[j] == '<')
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
    while (ne < tn && ascii_is_alnum((unsigned char)t[ne]))
        ne++;
    if (ne == ns || (ne < tn && !ascii_is_space((unsigned char)t[ne]) && t[ne] != '/'))
        return 0;
    const char *name = t + ns;
    size_t nn = ne - ns;
    if (md_eq_nocase(name, nn, "a")) {
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
    } else if (md_eq_nocase(name, nn, "img")) {
        size_t vs, vn;
        if (html_attr(t, tn, "src", &vs, &vn) && vn) {
            uint32_t len, off = url_store(r, t + vs, vn, &len);
            r->imgs = array_grow(r->imgs, &r->imgs_cap, r->nimgs + 1, sizeof *r->imgs);
            r->imgs[r->nimgs++] = (md_img){(uint32_t)r->text.n, off, len};
        }
        r->image_seen = true;
        r->anchor_image |= r->anchor_open;
    } else {
        static const char *const spacey[] = {"br", "p", "div", "td", "th", "tr", "li", "hr"};
        for (size_t j = 0; j < sizeof spacey / sizeof spacey[0]; j++)
            if (md_eq_nocase(name, nn, spacey[j]))
                out_char(r, ' ');
    }
    return g + 1;
}

static size_t render_entity(renderer *r, size_t i, size_t end)
{
    static const struct {
        const char *name;
        const char *text;
    } named[] = {
        {"amp", "&"},   {"lt", "<"},    {"gt", ">"},     {"quot", "\""},  {"apos", "'"},
        {"nbsp", " "},  {"ndash", "–"}, {"mdash", "—"},  {"hellip", "…"}, {"middot", "·"},
        {"laquo", "«"}, {"raquo", "»"}, {"copy", "©"},   {"reg", "®"},    {"trade", "™"},
        {"emsp", " "},  {"ensp", " "},  {"thinsp", " "}, {"#124", "|"},
    };
    const char *s = r->s;
    size_t j = i + 1;
    while (j < end && j - i < 32 && (ascii_is_alnum((unsigned char)s[j]) || s[j] == '#'))
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
            int c = ascii_lower((unsigned char)name[k]);
            int v = ascii_is_digit(c) ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
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
    bool lf = !ascii_is_space(next)
           && (!md_is_punct(next) || ascii_is_space(prev) || md_is_punct(prev));
    bool rf = !ascii_is_space(prev)
           && (!md_is_punct(prev) || ascii_is_space(next) || md_is_punct(next));
    bool open = lf, close = rf;
    if (c == '_') {
        open = lf && (!rf || md_is_punct(prev));
        close = rf && (!lf || md_is_punct(next));
    }
    int t = c == '*' ? 0 : c == '_' ? 1 : 2;
    if (close && r->nemph[t] > r->emph_base[t]) {
        delim o = r->emph[t][--r->nemph[t]];
        r->dels = array_grow(r->dels, &r->dels_cap, r->ndels + 1, sizeof *r->dels);
        r->dels[r->ndels++] = (deletion){o.out, o.len};
        md_span *sp = span_push(r);
        sp->start = o.out + o.len;
        sp->end = (uint32_t)r->text.n;
        sp->emph = true;
        return i + k;
    }
    if (open) {
        r->emph[t] = array_grow(r->emph[t], &r->emph_cap[t], r->nemph[t] + 1, sizeof(delim));
        r->emph[t][r->nemph[t]++] = (delim){(uint32_t)r->text.n, (uint32_t)k};
        strbuf_add(&r->text, s + i, k);
        return i + k;
    }
    out_bytes(r, s + i, k);
    return i + k;
}

/* A bare http(s):// or www. URL, as GitHub links them. */
static size_t render_bare_url(renderer *r, size_t i, size_t end)
{
    const char *s = r->s;
    if (i > 0 && !ascii_is_space((unsigned char)s[i - 1]) && !strchr("(*_~\"'", s[i - 1]))
        return 0;
    size_t rest = end - i;
    bool www = md_prefix_nocase(s + i, rest, "www.");
    if (!www && !md_prefix_nocase(s + i, rest, "http://")
        && !md_prefix_nocase(s + i, rest, "https://"))
        return 0;
    size_t e = i;
    while (e < end && !ascii_is_space((unsigned char)s[e]) && s[e] != '<' && s[e] != ']')
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
        strbuf_add(&r->urls, "http://", 7);
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
            if (i + 1 < end && md_is_punct((unsigned char)s[i + 1])) {
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
        case '*':
        case '_':
        case '~':
            i = render_delims(r, i, end);
            continue;
        case 'h':
        case 'H':
        case 'w':
        case 'W':
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
    r->map = array_grow(r->map, &r->map_cap, n + 1, sizeof *r->map);
    if (r->ndels)
        qsort(r->dels, r->ndels, sizeof *r->dels, del_cmp);
    char *t = r->text.s;
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
    for (size_t i = 0; i < r->nimgs; i++)
        r->imgs[i].pos = r->map[r->imgs[i].pos] > k ? (uint32_t)k : r->map[r->imgs[i].pos];
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
void md_render(renderer *r, const char *s, size_t n)
{
    md_sb_clear(&r->text);
    md_sb_clear(&r->urls);
    strbuf_add(&r->text, "", 0);
    strbuf_add(&r->urls, "", 0);
    r->nspans = r->ndels = r->npend = r->nimgs = 0;
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

const char *md_span_url(const renderer *r, const md_span *sp)
{
    return r->urls.s + sp->url;
}

/* The text of a span, trimmed. */
void md_span_text(const renderer *r, const md_span *sp, const char **s, size_t *n)
{
    *s = r->text.s + sp->start;
    *n = sp->end > sp->start ? sp->end - sp->start : 0;
    md_trim(s, n);
}
