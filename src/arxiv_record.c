/* arxiv_record: the arXiv API's Atom feed read with expat, which is small,
 * streaming (no document tree is built for a 100-entry answer) and a Debian
 * package (libexpat1). */
#include "paperdeck/arxiv_record.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "paperdeck/array.h"
#include "paperdeck/errbuf.h"
#include "paperdeck/ascii.h"
#include "paperdeck/utf8.h"
#include "paperdeck/xalloc.h"

#define NS_ATOM "http://www.w3.org/2005/Atom|"
#define NS_ARXIV "http://arxiv.org/schemas/atom|"

void arxiv_record_free(arxiv_record *r)
{
    if (!r)
        return;
    free(r->title);
    free(r->abstract);
    free(r->published);
    free(r->updated);
    free(r->comment);
    free(r->journal_ref);
    free(r->doi);
    for (uint32_t i = 0; i < r->nauthors; i++)
        free(r->authors[i]);
    free(r->authors);
    for (uint32_t i = 0; i < r->ncats; i++)
        free(r->cats[i]);
    free(r->cats);
    memset(r, 0, sizeof *r);
}

const char *arxiv_record_primary(const arxiv_record *r)
{
    return r->ncats ? r->cats[0] : NULL;
}

int arxiv_record_year(const arxiv_record *r)
{
    const char *d = r->published ? r->published : r->updated;
    if (!d || strlen(d) < 4)
        return 0;
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (!ascii_is_digit((unsigned char)d[i]))
            return 0;
        y = y * 10 + (d[i] - '0');
    }
    return y;
}

void arxiv_feed_free(arxiv_feed *f)
{
    for (size_t i = 0; i < f->n; i++)
        arxiv_record_free(&f->recs[i]);
    free(f->recs);
    for (size_t i = 0; i < f->nerrors; i++)
        free(f->errors[i]);
    free(f->errors);
    memset(f, 0, sizeof *f);
}

/* --- reading the feed ----------------------------------------------------- */

typedef struct reader {
    XML_Parser xp;
    arxiv_feed *out;
    size_t cap, errcap;
    uint32_t authors_cap, cats_cap;
    int depth;      /* of the element being read; the feed is 1 */
    bool in_entry;  /* inside an entry (depth 2) */
    bool in_author; /* inside an entry's author (depth 3) */
    bool collect;   /* text of the current element goes into text */
    strbuf text;
    arxiv_record cur;
    char *cur_id; /* the entry's <id>, checked when the entry ends */
    char *cur_summary;
    char problem[160]; /* set: stop with this reason */
    int64_t now;
} reader;

/* Text with its white space runs folded to one space and trimmed: titles
 * and abstracts come hard-wrapped. */
static char *folded(const char *s, size_t n)
{
    char *o = xmalloc(n + 1);
    size_t k = 0;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = k > 0;
            continue;
        }
        if (space)
            o[k++] = ' ';
        space = false;
        o[k++] = (char)c;
    }
    o[k] = '\0';
    return o;
}

static const char *attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2) {
        if (strcmp(atts[i], name) == 0)
            return atts[i + 1];
    }
    return NULL;
}

static void add_cat(reader *r, const char *term, bool primary)
{
    arxiv_record *c = &r->cur;
    if (!term || !*term)
        return;
    for (uint32_t i = 0; i < c->ncats; i++) {
        if (strcmp(c->cats[i], term) == 0) {
            if (primary && i > 0) { /* move it to the front */
                char *p = c->cats[i];
                memmove(c->cats + 1, c->cats, i * sizeof *c->cats);
                c->cats[0] = p;
            }
            return;
        }
    }
    ARRAY_RESERVE(c->cats, r->cats_cap, c->ncats + 1);
    if (primary) {
        memmove(c->cats + 1, c->cats, c->ncats * sizeof *c->cats);
        c->cats[0] = xstrdup(term);
    } else {
        c->cats[c->ncats] = xstrdup(term);
    }
    c->ncats++;
}

static void XMLCALL on_start(void *ud, const char *name, const char **atts)
{
    reader *r = ud;
    r->depth++;
    if (r->depth == 1) {
        if (strcmp(name, NS_ATOM "feed") != 0)
            snprintf(r->problem, sizeof r->problem, "not an Atom feed");
        return;
    }
    if (r->depth == 2) {
        if (strcmp(name, NS_ATOM "entry") == 0) {
            r->in_entry = true;
            memset(&r->cur, 0, sizeof r->cur);
            r->authors_cap = r->cats_cap = 0;
        }
        return;
    }
    if (!r->in_entry)
        return;
    if (r->depth == 3 && strcmp(name, NS_ATOM "author") == 0) {
        r->in_author = true;
        return;
    }
    if (r->depth == 3 && strcmp(name, NS_ATOM "category") == 0)
        add_cat(r, attr(atts, "term"), false);
    else if (r->depth == 3 && strcmp(name, NS_ARXIV "primary_category") == 0)
        add_cat(r, attr(atts, "term"), true);
    r->collect = (r->depth == 3 && !r->in_author) || (r->depth == 4 && r->in_author);
    r->text.n = 0;
    if (r->text.s)
        r->text.s[0] = '\0';
}

static void XMLCALL on_text(void *ud, const char *s, int len)
{
    reader *r = ud;
    if (r->collect)
        strbuf_add(&r->text, s, (size_t)len);
}

/* Where the text of entry element name goes; NULL for one not kept. */
static char **entry_slot(reader *r, const char *name)
{
    static const struct {
        const char *name;
        size_t off;
    } slots[] = {
        {NS_ATOM "title", offsetof(arxiv_record, title)},
        {NS_ATOM "published", offsetof(arxiv_record, published)},
        {NS_ATOM "updated", offsetof(arxiv_record, updated)},
        {NS_ARXIV "comment", offsetof(arxiv_record, comment)},
        {NS_ARXIV "journal_ref", offsetof(arxiv_record, journal_ref)},
        {NS_ARXIV "doi", offsetof(arxiv_record, doi)},
    };
    if (strcmp(name, NS_ATOM "id") == 0)
        return &r->cur_id;
    if (strcmp(name, NS_ATOM "summary") == 0)
        return &r->cur_summary;
    for (size_t i = 0; i < sizeof slots / sizeof *slots; i++) {
        if (strcmp(name, slots[i].name) == 0)
            return (char **)((char *)&r->cur + slots[i].off);
    }
    return NULL;
}

/* The id and version in an entry's <id> (http://arxiv.org/abs/ID[vN]). */
static bool entry_id(reader *r, const char *idtext)
{
    char id[ARXIV_ID_MAX];
    if (!idtext || !arxiv_parse(idtext, strlen(idtext), id)) {
        size_t n = idtext ? strnlen(idtext, 60) : 0;
        snprintf(r->problem, sizeof r->problem, "an entry has no arXiv id (<id>%.*s</id>)",
                 (int)utf8_whole(idtext, n), idtext ? idtext : "");
        return false;
    }
    size_t base = arxiv_base_len(id);
    r->cur.version = id[base] == 'v' ? (uint32_t)strtoul(id + base + 1, NULL, 10) : 0;
    id[base] = '\0';
    memcpy(r->cur.id, id, base + 1);
    return true;
}

static void end_entry(reader *r)
{
    arxiv_feed *f = r->out;
    r->in_entry = false;
    if (r->cur_id && strstr(r->cur_id, "/api/errors")) {
        ARRAY_RESERVE(f->errors, r->errcap, f->nerrors + 1);
        f->errors[f->nerrors++] = xstrdup(r->cur_summary ? r->cur_summary : r->cur_id);
        arxiv_record_free(&r->cur);
    } else if (entry_id(r, r->cur_id)) {
        r->cur.abstract = r->cur_summary;
        r->cur_summary = NULL;
        r->cur.fetched = r->now;
        ARRAY_RESERVE(f->recs, r->cap, f->n + 1);
        f->recs[f->n++] = r->cur;
        memset(&r->cur, 0, sizeof r->cur);
    } else {
        arxiv_record_free(&r->cur);
    }
    free(r->cur_id);
    free(r->cur_summary);
    r->cur_id = r->cur_summary = NULL;
}

static void XMLCALL on_end(void *ud, const char *name)
{
    reader *r = ud;
    int depth = r->depth--;
    if (!r->in_entry)
        return;
    if (depth == 2) {
        end_entry(r);
    } else if (depth == 3 && r->in_author) {
        r->in_author = false;
    } else if (r->collect) {
        r->collect = false;
        char *v = folded(r->text.s ? r->text.s : "", r->text.n);
        char **slot = depth == 3 ? entry_slot(r, name) : NULL;
        if (depth == 4 && strcmp(name, NS_ATOM "name") == 0 && *v) {
            arxiv_record *c = &r->cur;
            ARRAY_RESERVE(c->authors, r->authors_cap, c->nauthors + 1);
            c->authors[c->nauthors++] = v;
        } else if (slot && !*slot && *v) {
            *slot = v;
        } else {
            free(v);
        }
    }
    if (r->problem[0])
        XML_StopParser(r->xp, XML_FALSE);
}

int arxiv_atom_parse(const char *xml, size_t len, int64_t now, arxiv_feed *out, char *err,
                     size_t errsize)
{
    memset(out, 0, sizeof *out);
    reader r = {.out = out, .now = now};
    r.xp = XML_ParserCreateNS("UTF-8", '|');
    if (!r.xp)
        xalloc_fail();
    XML_SetUserData(r.xp, &r);
    XML_SetElementHandler(r.xp, on_start, on_end);
    XML_SetCharacterDataHandler(r.xp, on_text);
    enum XML_Status st = XML_STATUS_OK;
    /* XML_Parse takes an int length: feed big answers in pieces. */
    size_t off = 0;
    do {
        size_t part = len - off > (1u << 30) ? (1u << 30) : len - off;
        st = XML_Parse(r.xp, xml + off, (int)part, off + part == len);
        off += part;
    } while (st == XML_STATUS_OK && off < len && !r.problem[0]);
    if (st == XML_STATUS_OK && r.depth == 0 && !r.problem[0] && len == 0)
        snprintf(r.problem, sizeof r.problem, "empty answer");
    int rc = 0;
    if (r.problem[0] || st != XML_STATUS_OK) {
        if (r.problem[0])
            errf(err, errsize, "arXiv answer: %s", r.problem);
        else
            errf(err, errsize, "arXiv answer: malformed XML at line %lu, column %lu: %s",
                 (unsigned long)XML_GetCurrentLineNumber(r.xp),
                 (unsigned long)XML_GetCurrentColumnNumber(r.xp) + 1,
                 XML_ErrorString(XML_GetErrorCode(r.xp)));
        if (r.in_entry)
            arxiv_record_free(&r.cur);
        arxiv_feed_free(out);
        rc = -1;
    }
    free(r.cur_id);
    free(r.cur_summary);
    free(r.text.s);
    XML_ParserFree(r.xp);
    return rc;
}
