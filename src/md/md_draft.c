/* md_draft: sections, the draft entry, venue/year/date finders, kinds and
 * the commit of a draft to the catalog. */
#include "md_internal.h"

#include <stdlib.h>
#include <string.h>

#include "paperdeck/arxiv.h"
#include "paperdeck/ascii.h"
#include "paperdeck/utf8.h"
#include "paperdeck/xalloc.h"

void md_warn(md *m, size_t line_index, const char *fmt, const char *arg)
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
    if (m->explain)
        fprintf(m->explain, "%s:%zu: %s\n", m->name, line_index + 1, text);
}

/* -- sections -- */

void md_sec_push(md *m, const char *name, size_t n, uint32_t line, int level, size_t indent)
{
    m->secs = array_grow(m->secs, &m->secs_cap, m->nsecs + 1, sizeof *m->secs);
    sec_slot *s = &m->secs[m->nsecs++];
    memset(s, 0, sizeof *s);
    s->name = xrealloc(NULL, n + 1);
    memcpy(s->name, name, n);
    s->name[n] = '\0';
    s->line = line;
    s->level = level;
    s->indent = indent;
    s->year = md_year_label(name, n);
    static const char *const toc[] = {"contents", "table of contents", "toc", "目录", "index"};
    for (size_t k = 0; k < sizeof toc / sizeof toc[0]; k++)
        if (md_eq_nocase(name, n, toc[k]))
            s->toc = level < 7;
}

void md_sec_pop(md *m)
{
    sec_slot *s = &m->secs[--m->nsecs];
    if (s->opened)
        catalog_close_section(m->c);
    free(s->name);
}

void md_secs_open(md *m)
{
    for (size_t i = 0; i < m->nsecs; i++) {
        if (!m->secs[i].opened && !m->secs[i].label) {
            catalog_open_section(m->c, m->secs[i].name, m->secs[i].line);
            m->secs[i].opened = true;
        }
    }
}

bool md_in_toc(const md *m)
{
    for (size_t i = 0; i < m->nsecs; i++)
        if (m->secs[i].toc)
            return true;
    return false;
}

/* Groups headed by bullets end at a line indented no deeper than them. */
void md_pop_groups(md *m, size_t cols)
{
    while (m->nsecs && m->secs[m->nsecs - 1].level == 7 && m->secs[m->nsecs - 1].indent >= cols)
        md_sec_pop(m);
}

/* -- drafts -- */

slice md_pool_add(draft *d, const char *s, size_t n)
{
    slice sl = {(uint32_t)d->pool.n, (uint32_t)n};
    strbuf_add(&d->pool, s, n);
    return sl;
}

void md_draft_reset(draft *d)
{
    md_sb_clear(&d->pool);
    strbuf_add(&d->pool, "", 0);
    d->title = d->venue = d->url = d->org = d->date = (slice){0, 0};
    d->arxiv[0] = '\0';
    d->year = 0;
    d->kind = -1;
    d->nnotes = d->ntags = d->nauthors = d->nlinks = 0;
    memset(d->why, 0, sizeof d->why);
}

void md_why(draft *d, int field, const char *rule)
{
    d->why[field] = rule;
}

void md_draft_author(void *arg, const char *s, size_t n)
{
    draft *d = arg;
    md_trim(&s, &n);
    if (n)
        md_list_add(&d->authors, &d->nauthors, &d->authors_cap, md_pool_add(d, s, n));
}

void md_draft_title(md *m, const char *s, size_t n, const char *rule)
{
    draft *d = &m->dr;
    strbuf *b = &m->tbuf;
    md_sb_clear(b);
    strbuf_add(b, s, n);
    n = md_strip_title_decorations(b->s, b->n);
    size_t cut, vs, vn;
    int y;
    if (md_venue_year_tail(b->s, n, &cut, &vs, &vn, &y)) {
        if (!d->venue.len) {
            d->venue = md_pool_add(d, b->s + vs, vn);
            md_why(d, MD_F_VENUE, "venue_year_tail");
        }
        if (!d->year) {
            d->year = y;
            md_why(d, MD_F_YEAR, "venue_year_tail");
        }
        n = md_strip_title_decorations(b->s, cut);
    }
    d->title = md_pool_add(d, b->s, n);
    md_why(d, MD_F_TITLE, rule);
}

void md_draft_free(draft *d)
{
    free(d->pool.s);
    free(d->notes);
    free(d->tags);
    free(d->authors);
    free(d->links);
}

void md_list_add(slice **arr, size_t *n, size_t *cap, slice s)
{
    *arr = array_grow(*arr, cap, *n + 1, sizeof **arr);
    (*arr)[(*n)++] = s;
}

void md_draft_note(draft *d, const char *s, size_t n)
{
    md_trim(&s, &n);
    if (n)
        md_list_add(&d->notes, &d->nnotes, &d->notes_cap, md_pool_add(d, s, n));
}

void md_draft_tag(draft *d, const char *s, size_t n, bool lower)
{
    md_trim(&s, &n);
    if (!n)
        return;
    slice sl = md_pool_add(d, s, n);
    if (lower) {
        /* Lower-case in place; utf8_lower maps within the same length for
         * the scripts it knows, otherwise the code point is kept. */
        char *p = d->pool.s + sl.off;
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
        if (d->tags[i].len == n && memcmp(d->pool.s + d->tags[i].off, d->pool.s + sl.off, n) == 0)
            return;
    md_list_add(&d->tags, &d->ntags, &d->tags_cap, sl);
}

void md_draft_link_add(draft *d, const char *label, size_t ln, const char *url, size_t un)
{
    for (size_t i = 0; i < d->nlinks; i++)
        if (d->links[i].url.len == un && memcmp(d->pool.s + d->links[i].url.off, url, un) == 0)
            return;
    d->links = array_grow(d->links, &d->links_cap, d->nlinks + 1, sizeof *d->links);
    draft_link *l = &d->links[d->nlinks++];
    l->label = label ? md_pool_add(d, label, ln) : (slice){UINT32_MAX, 0};
    l->url = md_pool_add(d, url, un);
}

bool md_is_arxiv_url(const char *u, size_t n, char id[ARXIV_ID_MAX])
{
    return (md_contains_nocase(u, n, "arxiv.org/") || md_prefix_nocase(u, n, "arxiv:"))
        && arxiv_parse(u, n, id);
}

bool md_is_code_host(const char *u, size_t n)
{
    return md_contains_nocase(u, n, "github.com") || md_contains_nocase(u, n, "gitlab.com")
        || md_contains_nocase(u, n, "bitbucket.org");
}

bool md_is_generic_label(const char *s, size_t n)
{
    static const char *const generic[] = {
        "code",          "github",       "paper",      "pdf",     "arxiv",    "link",
        "project",       "project page", "page",       "website", "homepage", "home",
        "blog",          "slides",       "video",      "demo",    "poster",   "talk",
        "bib",           "bibtex",       "openreview", "html",    "abs",      "abstract",
        "here",          "official",     "model",      "models",  "weights",  "dataset",
        "data",          "huggingface",  "hf",         "colab",   "notebook", "docs",
        "doc",           "repo",         "repository", "source",  "zhihu",    "知乎",
        "代码",          "论文",         "url",        "pytorch", "jax",      "tensorflow",
        "official code", "code & data",
    };
    while (n && (s[0] == '[' || s[0] == '(')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ']' || s[n - 1] == ')'))
        n--;
    md_trim(&s, &n);
    if (!n)
        return true;
    for (size_t k = 0; k < sizeof generic / sizeof generic[0]; k++)
        if (md_eq_nocase(s, n, generic[k]))
            return true;
    return false;
}

/* Adds a link found in a cell or bullet: arXiv links give the id (when none
 * is known yet), the others become entry links. code_label: label GitHub
 * links "code" whatever their text says. */
bool md_arxiv_unversion(char *id)
{
    size_t k = strlen(id), v = k;
    while (v > 0 && ascii_is_digit((unsigned char)id[v - 1]))
        v--;
    if (!(v > 1 && v < k && id[v - 1] == 'v'))
        return false;
    id[v - 1] = '\0';
    return true;
}

/* An arXiv link: the id without its version ("2501.12948v1" ->
 * "2501.12948"); a versioned link is kept as a link so the version is not
 * lost. False when the link is to another paper than the entry's. */
bool md_take_arxiv(md *m, const char *t, size_t tn, const char *u, size_t un, bool any_host)
{
    draft *d = &m->dr;
    char id[ARXIV_ID_MAX];
    if (!(any_host ? arxiv_parse(u, un, id) : md_is_arxiv_url(u, un, id)))
        return false;
    bool versioned = md_arxiv_unversion(id);
    if (d->arxiv[0] && strcmp(id, d->arxiv) != 0)
        return false;
    if (!d->arxiv[0]) {
        memcpy(d->arxiv, id, sizeof id);
        md_why(d, MD_F_ARXIV, versioned ? "arxiv_link (version dropped)" : "arxiv_link");
    }
    if (versioned)
        md_draft_link_add(d, tn && !md_is_generic_label(t, tn) ? t : "arXiv",
                          tn && !md_is_generic_label(t, tn) ? tn : 5, u, un);
    return true;
}

void md_take_link(md *m, const md_span *sp, bool code_label)
{
    draft *d = &m->dr;
    const char *u = md_span_url(&m->r, sp);
    size_t un = sp->url_len;
    const char *t;
    size_t tn;
    md_span_text(&m->r, sp, &t, &tn);
    if (!un || u[0] == '#')
        return;
    if (md_take_arxiv(m, t, tn, u, un, false))
        return;
    bool code = md_is_code_host(u, un);
    if ((code_label && code) || (!tn && code))
        md_draft_link_add(d, "code", 4, u, un);
    else if (tn && !(tn == un && memcmp(t, u, un) == 0)) {
        if (tn > 2 && t[0] == '[' && t[tn - 1] == ']') /* "[[Code]](url)" */
            t++, tn -= 2;
        md_draft_link_add(d, t, tn, u, un);
    } else
        md_draft_link_add(d, NULL, 0, u, un);
}

/* The entry's own page, from a title link; arXiv links give the id. */
void md_take_url(md *m, const md_span *sp)
{
    draft *d = &m->dr;
    const char *u = md_span_url(&m->r, sp);
    char id[ARXIV_ID_MAX];
    if (!sp->url_len || u[0] == '#')
        return;
    if (md_is_arxiv_url(u, sp->url_len, id) && !d->arxiv[0]) {
        md_take_arxiv(m, NULL, 0, u, sp->url_len, false);
        return;
    }
    if (!d->url.len) {
        d->url = md_pool_add(d, u, sp->url_len);
        md_why(d, MD_F_URL, "title_link");
    } else
        md_take_link(m, sp, false);
}

/* YYYY, YYYY-MM or YYYY-MM-DD (also with / or . between), normalised. */
size_t md_parse_date(const char *s, size_t n, char out[11])
{
    if (n < 4 || !ascii_is_digit((unsigned char)s[0]) || !ascii_is_digit((unsigned char)s[1])
        || !ascii_is_digit((unsigned char)s[2]) || !ascii_is_digit((unsigned char)s[3]))
        return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    if (y < 1900 || y > 2100 || (n > 4 && ascii_is_digit((unsigned char)s[4])))
        return 0;
    memcpy(out, s, 4);
    size_t len = 4, used = 4;
    for (int part = 0; part < 2; part++) {
        if (used + 2 >= n + 0 || !strchr("-/.", s[used])
            || !ascii_is_digit((unsigned char)s[used + 1]))
            break;
        size_t k = used + 1, v = 0, digits = 0;
        while (k < n && ascii_is_digit((unsigned char)s[k]) && digits < 3) {
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
    "NeurIPS",    "NIPS",        "ICLR",     "ICML",   "ACL",     "EMNLP",  "NAACL",
    "EACL",       "AACL",        "COLING",   "AAAI",   "IJCAI",   "CVPR",   "ICCV",
    "ECCV",       "WACV",        "BMVC",     "KDD",    "WWW",     "SIGIR",  "WSDM",
    "CIKM",       "TACL",        "JMLR",     "TMLR",   "TPAMI",   "TNNLS",  "COLM",
    "MLSys",      "OSDI",        "SOSP",     "NSDI",   "EuroSys", "ATC",    "ASPLOS",
    "ISCA",       "MICRO",       "HPCA",     "DAC",    "ICCAD",   "FPGA",   "SC",
    "PPoPP",      "Interspeech", "ICASSP",   "UAI",    "AISTATS", "CoRL",   "ICRA",
    "IROS",       "Findings",    "arXiv",    "Nature", "Science", "LREC",   "CoNLL",
    "SIGMOD",     "VLDB",        "ICDE",     "ICDM",   "SDM",     "IJCNN",  "INFOCOM",
    "SIGCOMM",    "MobiCom",     "ISSCC",    "VLSI",   "TCAD",    "TACO",   "HotChips",
    "SIGGRAPH",   "IJCV",        "TIP",      "TOG",    "TVCG",    "TCSVT",  "TMM",
    "ICME",       "ICIP",        "CICC",     "JSSC",   "ICCVW",   "CVPRW",  "ECCVW",
    "ICMLW",      "ICLRW",       "NeurIPSW", "MICCAI", "RSS",     "ACM MM", "Neurocomputing",
    "OpenReview", "PMLR",        "ICPR",     "ICASSP", "TASLP",   "NAACL",  "CoLLAs",
};

/* Length of the known venue name that s starts with (case-insensitive,
 * a whole word: "ICLR", "Arxiv", "ICMLw"), 0 if none; the longest wins. */
size_t md_venue_name_len(const char *s, size_t n)
{
    size_t best = 0;
    for (size_t k = 0; k < sizeof venue_names / sizeof venue_names[0]; k++) {
        size_t m = strlen(venue_names[k]);
        if (m <= best || m > n || !md_eq_nocase(s, m, venue_names[k]))
            continue;
        if (m < n && ascii_is_alpha((unsigned char)s[m])) {
            if ((s[m] == 'w' || s[m] == 'W')
                && (m + 1 == n || !ascii_is_alpha((unsigned char)s[m + 1])))
                m++;
            else
                continue;
        }
        best = m;
    }
    return best;
}

/* Venue names that are not everyday words count even without a year. */
static bool venue_distinctive(const char *name)
{
    static const char *const weak[] = {"ACL",      "ATC",   "SC",     "WWW",     "DAC",
                                       "Findings", "arXiv", "Nature", "Science", "MICRO",
                                       "SDM",      "VLSI",  "TACO",   "FPGA",    "UAI",
                                       "KDD",      "EACL",  "AACL",   "LREC"};
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
        && ascii_is_digit((unsigned char)s[i + 2]) && ascii_is_digit((unsigned char)s[i + 3])
        && (i + 4 == n || !ascii_is_alnum((unsigned char)s[i + 4])))
        return i + 4;
    size_t a = 0;
    if (i < n && s[i] == '\'')
        a = 1;
    else if (i + 3 <= n && memcmp(s + i, "’", 3) == 0)
        a = 3;
    if (a && i + a + 2 <= n && ascii_is_digit((unsigned char)s[i + a])
        && ascii_is_digit((unsigned char)s[i + a + 1])
        && (i + a + 2 == n || !ascii_is_alnum((unsigned char)s[i + a + 2])))
        return i + a + 2;
    return 0;
}

/* The first venue in s[0..n): a known name (whole word) with an optional
 * year. Returns false when there is none. */
bool md_find_venue(const char *s, size_t n, size_t *vs, size_t *vn)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && ascii_is_alnum((unsigned char)s[i - 1]))
            continue;
        if (!ascii_is_alpha((unsigned char)s[i]) || i + 1 >= n
            || !ascii_is_alpha((unsigned char)s[i + 1]))
            continue;
        for (size_t k = 0; k < sizeof venue_names / sizeof venue_names[0]; k++) {
            size_t m = strlen(venue_names[k]);
            if (i + m > n || !md_eq_nocase(s + i, m, venue_names[k]))
                continue;
            if (i + m < n && ascii_is_alpha((unsigned char)s[i + m]))
                continue;
            size_t y = venue_year_len(s + i + m, n - i - m);
            if (i + m < n && ascii_is_digit((unsigned char)s[i + m]) && !y)
                continue;
            /* Upper-case spellings only, unless written as listed, so that
             * "science" in a description is not a venue. */
            bool exact = memcmp(s + i, venue_names[k], m) == 0;
            bool upper = true;
            for (size_t j = 0; j < m; j++)
                if (ascii_is_alpha((unsigned char)s[i + j]) && s[i + j] >= 'a')
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
bool md_find_year(const char *s, size_t n, size_t *ys, int *year)
{
    for (size_t i = 0; i + 4 <= n; i++) {
        if (i > 0
            && (ascii_is_alnum((unsigned char)s[i - 1]) || s[i - 1] == '.' || s[i - 1] == '-'
                || s[i - 1] == '/'))
            continue;
        if (!((s[i] == '1' && s[i + 1] == '9') || (s[i] == '2' && s[i + 1] == '0'))
            || !ascii_is_digit((unsigned char)s[i + 2]) || !ascii_is_digit((unsigned char)s[i + 3]))
            continue;
        if (i + 4 < n && (ascii_is_alnum((unsigned char)s[i + 4]) || s[i + 4] == '.')
            && !(s[i + 4] == '.' && (i + 5 == n || !ascii_is_digit((unsigned char)s[i + 5]))))
            continue;
        *ys = i;
        *year = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10
              + (s[i + 3] - '0');
        return true;
    }
    return false;
}

size_t md_word_count(const char *s, size_t n)
{
    size_t w = 0;
    bool in = false;
    for (size_t i = 0; i < n; i++) {
        bool sp = ascii_is_space((unsigned char)s[i]);
        if (!sp && !in)
            w++;
        in = !sp;
    }
    return w;
}

bool md_has_letter_or_digit(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ascii_is_alnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)
            return true;
    return false;
}

/* -- kinds -- */

static bool name_has_word(const char *s, const char *const *words, size_t nwords)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && ascii_is_alpha((unsigned char)s[i - 1]))
            continue;
        for (size_t k = 0; k < nwords; k++) {
            size_t m = strlen(words[k]);
            if (i + m <= n && md_eq_nocase(s + i, m, words[k])
                && (i + m == n || !ascii_is_alpha((unsigned char)s[i + m])
                    || ((s[i + m] == 's' || s[i + m] == 'S')
                        && (i + m + 1 == n || !ascii_is_alpha((unsigned char)s[i + m + 1])))))
                return true;
        }
    }
    return false;
}

entry_kind md_infer_kind(const catalog *c, uint32_t sec, bool has_arxiv, bool has_venue)
{
    static const char *const blog[] = {"blog", "post", "article", "博客", "文章"};
    static const char *const project[] = {"project",   "repo",     "repositorie",    "repository",
                                          "tool",      "toolkit",  "library",        "librarie",
                                          "framework", "software", "implementation", "system",
                                          "开源",      "项目"};
    /* The entry's own evidence first: an id or a venue makes a paper,
     * whatever its section is called ("... Systems"). */
    if (has_arxiv || has_venue)
        return KIND_PAPER;
    for (int64_t s = sec; s >= 0 && (uint64_t)s < c->nsections; s = c->sections[s].parent) {
        const char *name = c->sections[s].name;
        if (name_has_word(name, blog, sizeof blog / sizeof blog[0]))
            return KIND_BLOG;
        if (name_has_word(name, project, sizeof project / sizeof project[0]))
            return KIND_PROJECT;
    }
    return KIND_LINK;
}

/* -- commit -- */

const char *md_pool_str(const draft *d, slice s)
{
    return d->pool.s + s.off;
}

static const char *const *intern_list(catalog *c, const draft *d, const slice *items, size_t n)
{
    if (!n)
        return NULL;
    const char **arr = arena_alloc(catalog_arena(c), n * sizeof *arr);
    for (size_t i = 0; i < n; i++)
        arr[i] = catalog_intern(c, md_pool_str(d, items[i]), items[i].len);
    return arr;
}

/* Notes pieces joined with "; ". */
static const char *join_notes(md *m)
{
    draft *d = &m->dr;
    if (!d->nnotes)
        return NULL;
    md_sb_clear(&m->scratch);
    for (size_t i = 0; i < d->nnotes; i++) {
        if (i)
            strbuf_add(&m->scratch, "; ", 2);
        strbuf_add(&m->scratch, md_pool_str(d, d->notes[i]), d->notes[i].len);
    }
    return arena_strndup(catalog_arena(m->c), m->scratch.s, m->scratch.n);
}

/* The year catalog_finish would derive: from the venue, the date, the id. */
static int derived_year(const draft *d)
{
    char buf[128];
    int y = 0, month;
    const slice *from[2] = {&d->venue, &d->date};
    for (int k = 0; k < 2 && !y; k++) {
        size_t n = from[k]->len < sizeof buf - 1 ? from[k]->len : sizeof buf - 1;
        memcpy(buf, d->pool.s + from[k]->off, n);
        buf[n] = '\0';
        y = n ? year_in_text(buf) : 0;
    }
    if (!y && d->arxiv[0] && !arxiv_date(d->arxiv, &y, &month))
        y = 0;
    return y;
}

/* What the enclosing group labels, <summary> and headings say: a venue
 * label gives a venue the entry lacks, a topic label a tag, a year label
 * (innermost first: labels, <summary>, headings) the year when the entry's
 * own text states none. The entry's own text wins over all of them. */
static void apply_context(md *m)
{
    draft *d = &m->dr;
    int year = 0;
    for (size_t i = m->nsecs; i-- > 0;) {
        const sec_slot *s = &m->secs[i];
        if (!s->label)
            continue;
        if (s->year && !year)
            year = s->year;
        else if (s->venue && !d->venue.len) {
            d->venue = md_pool_add(d, s->name, strlen(s->name));
            md_why(d, MD_F_VENUE, "group_label_venue");
        } else if (!s->year && !s->venue) {
            md_draft_tag(d, s->name, strlen(s->name), false);
            md_why(d, MD_F_TAGS, "group_label_topic");
        }
    }
    if (!year)
        year = m->summary_year;
    for (size_t i = m->nsecs; i-- > 0 && !year;)
        if (!m->secs[i].label)
            year = m->secs[i].year;
    if (!year || d->year)
        return;
    /* the year the entry's own text gives, without its arXiv id's */
    char saved = d->arxiv[0];
    d->arxiv[0] = '\0';
    int own = derived_year(d);
    d->arxiv[0] = saved;
    if (!own) {
        d->year = year;
        md_why(d, MD_F_YEAR, "section_year");
    }
}

void md_commit(md *m, size_t line_index)
{
    draft *d = &m->dr;
    catalog *c = m->c;
    arena *a = catalog_arena(c);
    apply_context(m);
    /* A year the venue, date or id already says is left to be derived, so
     * that a list exported with its Year column imports back the same. */
    if (d->year && d->year == derived_year(d))
        d->year = 0;
    md_secs_open(m);
    entry *e = catalog_add_entry(c);
    e->title = arena_strndup(a, md_pool_str(d, d->title), d->title.len);
    if (d->venue.len)
        e->venue = catalog_intern(c, md_pool_str(d, d->venue), d->venue.len);
    if (d->arxiv[0])
        e->arxiv = catalog_intern(c, d->arxiv, strlen(d->arxiv));
    if (d->url.len)
        e->url = arena_strndup(a, md_pool_str(d, d->url), d->url.len);
    if (d->org.len)
        e->org = catalog_intern(c, md_pool_str(d, d->org), d->org.len);
    if (d->date.len)
        e->date = catalog_intern(c, md_pool_str(d, d->date), d->date.len);
    e->notes = join_notes(m);
    e->tags = intern_list(c, d, d->tags, d->ntags);
    e->ntags = (uint32_t)d->ntags;
    e->authors = intern_list(c, d, d->authors, d->nauthors);
    e->nauthors = (uint32_t)d->nauthors;
    if (d->nlinks) {
        entry_link *links = arena_alloc(a, d->nlinks * sizeof *links);
        for (size_t i = 0; i < d->nlinks; i++) {
            slice l = d->links[i].label;
            links[i].label = l.off == UINT32_MAX ? NULL
                                                 : catalog_intern(c, md_pool_str(d, l), l.len);
            links[i].url = arena_strndup(a, md_pool_str(d, d->links[i].url), d->links[i].url.len);
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
    if (m->explain)
        md_explain_entry(m, e, e->year ? 0 : derived_year(d));
}

/* -- tables -- */
