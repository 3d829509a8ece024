/* bibtex: BibTeX entries from entry metadata; see bibtex.h. */
#include "paperdeck/bibtex.h"
#include "paperdeck/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "paperdeck/array.h"
#include "paperdeck/arxiv.h"
#include "paperdeck/utf8.h"

#define KEY_WORD_MAX 20 /* letters of one word in a key */

/* --- keys ---------------------------------------------------------------- */

struct bibtex_keys {
    char (*key)[BIBTEX_KEY_MAX];
    size_t n, cap;
};

bibtex_keys *bibtex_keys_new(void)
{
    return xcalloc(1, sizeof(bibtex_keys));
}

void bibtex_keys_free(bibtex_keys *k)
{
    if (!k)
        return;
    free(k->key);
    free(k);
}

static bool keys_have(const bibtex_keys *k, const char *key)
{
    for (size_t i = 0; i < k->n; i++)
        if (strcmp(k->key[i], key) == 0)
            return true;
    return false;
}

static void keys_add(bibtex_keys *k, const char *key)
{
    ARRAY_RESERVE(k->key, k->cap, k->n + 1);
    snprintf(k->key[k->n++], BIBTEX_KEY_MAX, "%s", key);
}

/* Makes key unique among keys: b, c, ... z, then z2, z3, ... */
static void keys_dedup(bibtex_keys *k, char key[BIBTEX_KEY_MAX])
{
    if (keys_have(k, key)) {
        char base[BIBTEX_KEY_MAX];
        size_t n = strlen(key);
        if (n > 50)
            n = 50; /* room for a suffix */
        memcpy(base, key, n);
        base[n] = '\0';
        for (unsigned i = 1;; i++) {
            if (i < 26)
                snprintf(key, BIBTEX_KEY_MAX, "%.50s%c", base, (char)('a' + i));
            else
                snprintf(key, BIBTEX_KEY_MAX, "%.50sz%u", base, (i - 24) % 100000);
            if (!keys_have(k, key))
                break;
        }
    }
    keys_add(k, key);
}

/* Words that do not make a title recognisable. */
static bool stopword(const char *w)
{
    /* clang-format off */
    static const char *const words[] = {
        "a", "an", "the", "on", "of", "in", "for", "and", "or", "to", "with", "is", "are",
        "at", "by", "from", "as", "into", "via", "towards", "toward", "do", "does", "can",
        "what", "how", "why", "when", "you", "your", "we", "our", "its", "be", "not", "all",
    };
    /* clang-format on */
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(w, words[i]) == 0)
            return true;
    return false;
}

/* The next run of ASCII letters and digits in s[*i..n) once accents are
 * stripped and case folded (other scripts separate words), into w (at most
 * KEY_WORD_MAX letters). False at the end. */
static bool next_word(const char *s, size_t n, size_t *i, char w[KEY_WORD_MAX + 1])
{
    size_t k = 0;
    while (*i < n) {
        uint32_t cp;
        size_t step = utf8_decode(s + *i, n - *i, &cp);
        if (cp >= 0x300 && cp <= 0x36F) { /* a combining accent inside a word */
            *i += step;
            continue;
        }
        cp = utf8_fold(cp);
        bool alnum = (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9');
        if (!alnum && k > 0)
            break;
        *i += step;
        if (alnum && k < KEY_WORD_MAX)
            w[k++] = (char)cp;
    }
    w[k] = '\0';
    return k > 0;
}

/* The first two significant (and different) words of the title. */
static void title_words(const char *title, char w1[KEY_WORD_MAX + 1], char w2[KEY_WORD_MAX + 1])
{
    size_t i = 0, n = strlen(title);
    char w[KEY_WORD_MAX + 1];
    w1[0] = w2[0] = '\0';
    while (next_word(title, n, &i, w)) {
        if (stopword(w))
            continue;
        if (!w1[0]) {
            memcpy(w1, w, sizeof w);
        } else if (strcmp(w, w1) != 0) {
            memcpy(w2, w, sizeof w);
            return;
        }
    }
}

static bool name_suffix(const char *w, size_t n)
{
    static const char *const suffixes[] = {"jr", "sr", "ii", "iii", "iv"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t k = strlen(suffixes[i]);
        if (k == n) {
            size_t j = 0;
            while (j < n && (w[j] | 0x20) == suffixes[i][j])
                j++;
            if (j == n)
                return true;
        }
    }
    return false;
}

/* The surname of a name: before the comma of "Surname, Given", else the last
 * word (but not a suffix: "Jr.", "III"). Folded to ASCII letters; "" when it
 * has none. */
static void surname(const char *name, char out[KEY_WORD_MAX + 1])
{
    size_t n = strlen(name);
    const char *comma = memchr(name, ',', n);
    size_t from = 0, to = comma ? (size_t)(comma - name) : n;
    for (int pass = 0; !comma && pass < 2; pass++) {
        while (to > 0 && (name[to - 1] == ' ' || name[to - 1] == '.'))
            to--;
        from = to;
        while (from > 0 && name[from - 1] != ' ')
            from--;
        if (from == 0 || !name_suffix(name + from, to - from))
            break;
        to = from; /* "Jr.", "III": the surname is the word before */
    }
    size_t i = from, k = 0;
    while (i < to) {
        uint32_t cp;
        i += utf8_decode(name + i, to - i, &cp);
        cp = utf8_fold(cp);
        if (((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) && k < KEY_WORD_MAX)
            out[k++] = (char)cp;
    }
    out[k] = '\0';
}

size_t bibtex_key(const entry *e, char buf[BIBTEX_KEY_MAX])
{
    char who[KEY_WORD_MAX + 1] = "", w1[KEY_WORD_MAX + 1], w2[KEY_WORD_MAX + 1];
    char year[8] = "";
    if (e->nauthors > 0 && e->authors && e->authors[0])
        surname(e->authors[0], who);
    title_words(e->title ? e->title : "", w1, w2);
    if (e->year > 0)
        snprintf(year, sizeof year, "%d", (int)e->year);
    const char *word = w1;
    if (!who[0]) { /* no usable author: the title twice over */
        memcpy(who, w1, sizeof w1);
        word = w2;
    }
    if (!who[0])
        snprintf(who, sizeof who, "entry");
    int n = snprintf(buf, BIBTEX_KEY_MAX, "%s%s%s", who, year, word);
    return n > 0 && n < BIBTEX_KEY_MAX ? (size_t)n : strlen(buf);
}

/* --- types --------------------------------------------------------------- */

/* s contains word, ASCII case-insensitively. */
static bool has_word(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (; *s; s++) {
        size_t k = 0;
        while (k < n && s[k] && (s[k] | 0x20) == (word[k] | 0x20))
            k++;
        if (k == n)
            return true;
    }
    return false;
}

static bool venue_is_journal(const char *v)
{
    /* clang-format off */
    static const char *const marks[] = {
        "journal", "transactions", "trans.", "letters", "jmlr", "tmlr", "tpami",
        "nature", "science", "review", "magazine",
    };
    /* clang-format on */
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (has_word(v, marks[i]))
            return true;
    return false;
}

/* A venue that only says "preprint" is no venue. */
static bool venue_is_preprint(const char *v)
{
    return has_word(v, "arxiv") || has_word(v, "preprint");
}

const char *bibtex_type(const entry *e)
{
    if (e->kind != KIND_PAPER || !e->venue || !e->venue[0] || venue_is_preprint(e->venue))
        return "misc";
    return venue_is_journal(e->venue) ? "article" : "inproceedings";
}

/* --- escaping ------------------------------------------------------------ */

/* The replacement of an ASCII character in LaTeX text, NULL if none. */
static const char *latex_special(char c)
{
    /* clang-format off */
    switch (c) {
    case '&': return "\\&";
    case '%': return "\\%";
    case '$': return "\\$";
    case '#': return "\\#";
    case '_': return "\\_";
    /* \{ would unbalance BibTeX's brace count: these keep it even */
    case '{': return "\\textbraceleft{}";
    case '}': return "\\textbraceright{}";
    case '~': return "\\textasciitilde{}";
    case '^': return "\\textasciicircum{}";
    case '\\': return "\\textbackslash{}";
    default: return NULL;
    }
    /* clang-format on */
}

/* Whether the word s[0..n) (no blanks) keeps its case: a capital after the
 * first letter, or letters and digits mixed. */
static bool word_needs_braces(const char *s, size_t n)
{
    bool letter = false, digit = false, inner_upper = false;
    size_t idx = 0;
    for (size_t i = 0; i < n; idx++) {
        uint32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
        if (cp >= '0' && cp <= '9') {
            digit = true;
        } else if (utf8_is_upper(cp) || utf8_lower(cp) != cp || (cp >= 'a' && cp <= 'z')) {
            letter = true;
            if (idx > 0 && utf8_is_upper(cp))
                inner_upper = true;
        }
    }
    return inner_upper || (letter && digit);
}

/* Word pieces for case protection end at blanks, hyphens, slashes and
 * colons: "Low-Rank" is two words, "GPT-3" one to brace ("GPT") and one not. */
static bool word_break(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '-' || c == '/' || c == ':' || c == ','
        || c == '(' || c == ')' || c == '.' || c == '?' || c == '!' || c == ';';
}

typedef struct out_text {
    char *out;
    size_t size, len; /* len: what the whole result needs */
    bool full;        /* stopped writing: the rest did not fit */
} out_text;

/* Appends piece whole or not at all (never half an escape or code point). */
static void out_add(out_text *o, const char *piece, size_t n)
{
    if (!o->full && o->len + n < o->size) {
        memcpy(o->out + o->len, piece, n);
        o->out[o->len + n] = '\0';
    } else {
        o->full = true;
    }
    o->len += n;
}

/* s[0..n) escaped, control characters as spaces. */
static void out_escaped(out_text *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t step = utf8_decode(s + i, n - i, &cp);
        const char *rep = cp < 0x80 ? latex_special((char)cp) : NULL;
        if (rep) {
            out_add(o, rep, strlen(rep));
        } else if (utf8_is_control(cp) || cp == UTF8_REPLACEMENT) {
            out_add(o, cp == UTF8_REPLACEMENT ? "?" : " ", 1);
        } else {
            out_add(o, s + i, step);
        }
        i += step;
    }
}

size_t bibtex_escape(const char *s, bool protect_case, char *out, size_t size)
{
    out_text o = {out, size, 0, size == 0};
    if (size)
        out[0] = '\0';
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        if (word_break(s[i])) {
            out_escaped(&o, s + i, 1);
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && !word_break(s[j]))
            j++;
        bool brace = protect_case && word_needs_braces(s + i, j - i);
        if (brace)
            out_add(&o, "{", 1);
        out_escaped(&o, s + i, j - i);
        if (brace)
            out_add(&o, "}", 1);
        i = j;
    }
    return o.len;
}

/* --- entries ------------------------------------------------------------- */

static void field_text(strbuf *b, const char *name, const char *value, bool protect_case)
{
    size_t need = bibtex_escape(value, protect_case, NULL, 0);
    char *esc = xmalloc(need + 1);
    bibtex_escape(value, protect_case, esc, need + 1);
    strbuf_puts(b, "  ");
    strbuf_puts(b, name);
    strbuf_puts(b, " = {");
    strbuf_puts(b, esc);
    strbuf_puts(b, "},\n");
    free(esc);
}

/* A URL as it is, but with what BibTeX or LaTeX would trip on encoded. */
static void field_url(strbuf *b, const char *url)
{
    strbuf_puts(b, "  url = {");
    for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
        if (*p == '{' || *p == '}' || *p == '\\' || *p <= ' ' || *p == 0x7f) {
            char hex[4];
            snprintf(hex, sizeof hex, "%%%02X", *p);
            strbuf_add(b, hex, 3);
        } else {
            strbuf_add(b, (const char *)p, 1);
        }
    }
    strbuf_puts(b, "},\n");
}

static void field_authors(strbuf *b, const entry *e)
{
    strbuf names = {0};
    for (uint32_t i = 0; i < e->nauthors; i++) {
        if (!e->authors[i] || !e->authors[i][0])
            continue;
        if (names.n)
            strbuf_puts(&names, " and ");
        /* a name that holds " and " would be split: keep it whole */
        bool whole = has_word(e->authors[i], " and ");
        if (whole)
            strbuf_puts(&names, "{");
        size_t need = bibtex_escape(e->authors[i], false, NULL, 0);
        char *esc = xmalloc(need + 1);
        bibtex_escape(e->authors[i], false, esc, need + 1);
        strbuf_puts(&names, esc);
        free(esc);
        if (whole)
            strbuf_puts(&names, "}");
    }
    if (names.n) {
        strbuf_puts(b, "  author = {");
        strbuf_puts(b, names.s);
        strbuf_puts(b, "},\n");
    }
    free(names.s);
}

static const char *kind_note(const entry *e)
{
    switch (e->kind) {
    case KIND_BLOG:
        return "Blog post";
    case KIND_PROJECT:
        return "Software project";
    case KIND_LINK:
        return "Web page";
    default:
        return NULL;
    }
    /* clang-format on */
}

char *bibtex_entry(const catalog *c, const entry *e, bibtex_keys *keys)
{
    return bibtex_entry_with(c, e, NULL, keys);
}

char *bibtex_entry_with(const catalog *c, const entry *given, const arxiv_record *r,
                        bibtex_keys *keys)
{
    (void)c;
    entry fetched = *given;
    const entry *e = &fetched;
    if (r && r->nauthors) {
        fetched.authors = (const char *const *)r->authors;
        fetched.nauthors = r->nauthors;
    }
    int ryear = r ? arxiv_record_year(r) : 0;
    if (ryear && (!fetched.year || (fetched.flags & ENTRY_YEAR_DERIVED)))
        fetched.year = (int16_t)ryear;
    strbuf b = {0};
    char key[BIBTEX_KEY_MAX];
    bibtex_key(e, key);
    if (keys)
        keys_dedup(keys, key);
    const char *type = bibtex_type(e);
    strbuf_puts(&b, "@");
    strbuf_puts(&b, type);
    strbuf_puts(&b, "{");
    strbuf_puts(&b, key);
    strbuf_puts(&b, ",\n");
    field_authors(&b, e);
    field_text(&b, "title", e->title ? e->title : "", true);
    bool has_venue = e->venue && e->venue[0];
    if (strcmp(type, "article") == 0)
        field_text(&b, "journal", e->venue, false);
    else if (strcmp(type, "inproceedings") == 0)
        field_text(&b, "booktitle", e->venue, true);
    if (e->year > 0) {
        char year[32];
        snprintf(year, sizeof year, "  year = {%d},\n", (int)e->year);
        strbuf_puts(&b, year);
    }
    if (e->arxiv && e->arxiv[0]) {
        char id[ARXIV_ID_MAX];
        snprintf(id, sizeof id, "%.*s", (int)arxiv_base_len(e->arxiv), e->arxiv);
        field_text(&b, "eprint", id, false);
        strbuf_puts(&b, "  archivePrefix = {arXiv},\n");
        if (r && arxiv_record_primary(r))
            field_text(&b, "primaryClass", arxiv_record_primary(r), false);
    }
    if (r && r->doi)
        field_text(&b, "doi", r->doi, false);
    char url[4200];
    if (entry_main_url(e, url, sizeof url))
        field_url(&b, url);
    /* what did not fit a field of its own */
    const char *kind = kind_note(e);
    char note[1024] = "";
    bool venue_said = has_venue && venue_is_preprint(e->venue) && e->arxiv; /* by eprint */
    if (strcmp(type, "misc") == 0 && has_venue && !venue_said)
        snprintf(note, sizeof note, "%s%s%s", kind ? kind : "", kind ? ", " : "", e->venue);
    else if (kind)
        snprintf(note, sizeof note, "%s", kind);
    if (note[0])
        field_text(&b, "note", note, false);
    strbuf_puts(&b, "}\n");
    return b.s;
}

int bibtex_write(FILE *out, const catalog *c, const view *v, const paper_index *ix)
{
    bibtex_keys *keys = bibtex_keys_new();
    for (uint32_t i = 0; i < v->n; i++) {
        const arxiv_record *r = ix ? index_record(ix, v->ids[i]) : NULL;
        char *s = bibtex_entry_with(c, &c->entries[v->ids[i]], r, keys);
        if (i)
            fputc('\n', out);
        fputs(s, out);
        free(s);
    }
    bibtex_keys_free(keys);
    return ferror(out) ? -1 : 0;
}
