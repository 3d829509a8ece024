/* yaml_load: list files into a catalog over libyaml's event parser; see
 * yaml_load.h and docs/data-format.md.
 *
 * The document is walked as a stream of events with one event of lookahead,
 * never built as a tree, so memory stays flat for big lists and every node
 * keeps its mark for messages. A node of the wrong type is reported and
 * skipped as a balanced run of events, so one pass reports every error; only
 * a syntax error ends the walk early, since libyaml cannot resume after one.
 * This file is the schema (document, sections, entries) and the public
 * calls; the event reader is yaml_events.c, a big file's second thread
 * yaml_split.c, key sets and duplicates yaml_keys.c. */
#if !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* madvise: MADV_SEQUENTIAL */
#endif
#include "paperdeck/yaml_load.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "paperdeck/arena.h"
#include "paperdeck/arxiv.h"
#include "paperdeck/fileio.h"
#include "paperdeck/mapguard.h"
#include "paperdeck/par.h"
#include "paperdeck/utf8.h"
#include "paperdeck/xalloc.h"
#include "yaml_internal.h"

/* --- keys ---------------------------------------------------------------- */

enum { TOP_VERSION, TOP_TITLE, TOP_DESCRIPTION, TOP_SECTIONS, TOP_N };
static const keydef top_names[TOP_N] = {
    KEY("paperdeck"),
    KEY("title"),
    KEY("description"),
    KEY("sections"),
};
static const keyset top_keys = {"at the top level", top_names, TOP_N};

enum { SEC_NAME, SEC_SECTIONS, SEC_ENTRIES, SEC_N };
static const keydef section_names[SEC_N] = {KEY("name"), KEY("sections"), KEY("entries")};
static const keyset section_keys = {"in a section", section_names, SEC_N};

enum {
    ENT_TITLE,
    ENT_KIND,
    ENT_VENUE,
    ENT_YEAR,
    ENT_ARXIV,
    ENT_URL,
    ENT_LINKS,
    ENT_AUTHORS,
    ENT_ORG,
    ENT_TAGS,
    ENT_NOTES,
    ENT_DATE,
    ENT_N
};
static const keydef entry_names[ENT_N] = {
    KEY("title"), KEY("kind"),    KEY("venue"), KEY("year"), KEY("arxiv"), KEY("url"),
    KEY("links"), KEY("authors"), KEY("org"),   KEY("tags"), KEY("notes"), KEY("date"),
};
static const keyset entry_keys = {"in an entry", entry_names, ENT_N};

enum { LINK_LABEL, LINK_URL, LINK_N };
static const keydef link_names[LINK_N] = {KEY("label"), KEY("url")};
static const keyset link_keys = {"in a link", link_names, LINK_N};

/* --- sections ---------------------------------------------------------------- */

/* Gives section i a name that arrived after it was opened (a "name" key after
 * "sections" or "entries", a title after the sections of a group): the paths
 * of i and of everything opened under it since are rebuilt. */
static void ld_rename(loader *L, uint32_t i, const char *name)
{
    catalog *c = L->c;
    c->sections[i].name = name;
    for (uint32_t k = i; k < c->nsections; k++) {
        section *s = &c->sections[k];
        if (s->parent < 0) {
            s->path = s->name;
            continue;
        }
        const char *pp = c->sections[s->parent].path;
        size_t plen = strlen(pp), nlen = strlen(s->name);
        char *path = arena_alloc(catalog_arena(c), plen + nlen + 2);
        memcpy(path, pp, plen);
        path[plen] = '/';
        memcpy(path + plen + 1, s->name, nlen + 1);
        s->path = path;
    }
}

static void ld_entries(loader *L);
static void ld_section(loader *L, uint32_t depth);

static void ld_sections(loader *L, uint32_t depth)
{
    if (ev_is_null(&L->ev)) {
        ld_next(L);
        return;
    }
    if (L->ev.type != YAML_SEQUENCE_START_EVENT) {
        ld_type_error(L, "a sequence", "for", "sections");
        return;
    }
    ld_next(L);
    while (!L->stop && L->ev.type != YAML_SEQUENCE_END_EVENT)
        ld_section(L, depth);
    ld_next(L);
}

static int32_t ld_open(loader *L, int32_t idx, const char *name, yaml_mark_t at)
{
    if (idx < 0)
        idx = (int32_t)catalog_open_section(L->c, name ? name : "", mark_line(at));
    return idx;
}

static void ld_section(loader *L, uint32_t depth)
{
    if (L->ev.type != YAML_MAPPING_START_EVENT) {
        ld_type_error(L, "a mapping", "for a section", NULL);
        return;
    }
    if (depth > MAX_SECTION_DEPTH) {
        ld_error(L, L->ev.start_mark, "sections nested deeper than %d", MAX_SECTION_DEPTH);
        ld_skip(L);
        return;
    }
    map_state m;
    ld_map_begin(L, &m);
    int32_t idx = -1;
    const char *name = NULL;
    yaml_mark_t at;
    int k;
    while ((k = ld_key(L, &section_keys, &m)) != KEY_END) {
        switch (k) {
        case SEC_NAME:
            name = ld_required(L, "name", &at, NULL);
            if (name && idx >= 0)
                ld_rename(L, (uint32_t)idx, name);
            break;
        case SEC_SECTIONS:
            idx = ld_open(L, idx, name, m.start);
            ld_sections(L, depth + 1);
            break;
        case SEC_ENTRIES:
            idx = ld_open(L, idx, name, m.start);
            ld_entries(L);
            break;
        default:
            break;
        }
    }
    if (L->stop) {
        if (idx >= 0)
            catalog_close_section(L->c);
        return;
    }
    if (!m.seen[SEC_NAME])
        ld_error(L, m.start, "missing \"name\" in a section");
    ld_open(L, idx, name, m.start);
    catalog_close_section(L->c);
}

/* --- entries ------------------------------------------------------------------- */

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
    }
    return n > 0;
}

static int two_digits(const char *s)
{
    return (s[0] - '0') * 10 + (s[1] - '0');
}

/* YYYY, YYYY-MM or YYYY-MM-DD with a month 1-12 and a day 1-31. */
static bool date_valid(const char *s, size_t n)
{
    if (n != 4 && n != 7 && n != 10)
        return false;
    if (!digits(s, 4))
        return false;
    if (n >= 7) {
        if (s[4] != '-' || !digits(s + 5, 2) || two_digits(s + 5) < 1 || two_digits(s + 5) > 12)
            return false;
    }
    if (n == 10) {
        if (s[7] != '-' || !digits(s + 8, 2) || two_digits(s + 8) < 1 || two_digits(s + 8) > 31)
            return false;
    }
    return true;
}

static void ld_year(loader *L, entry *e)
{
    const char *s;
    size_t n;
    if (!ld_scalar(L, "an integer 1900..2100", "for", "year", &s, &n))
        return;
    if (n == 0) {
        ld_next(L);
        return;
    }
    if (!digits(s, n)) {
        ld_type_error(L, "an integer 1900..2100", "for", "year");
        return;
    }
    long y = 0;
    for (size_t i = 0; i < n && y <= 2100; i++)
        y = y * 10 + (s[i] - '0');
    if (y < 1900 || y > 2100) {
        char q[QUOTE_SIZE];
        ld_error(L, L->ev.start_mark, "year %s out of range: expected an integer 1900..2100",
                 quote(q, sizeof q, s, n));
    } else {
        e->year = (int16_t)y;
    }
    ld_next(L);
}

static void ld_kind(loader *L, entry *e)
{
    const char *s;
    size_t n;
    if (!ld_scalar(L, "a string", "for", "kind", &s, &n))
        return;
    entry_kind k;
    if (n && entry_kind_parse(s, &k)) {
        e->kind = (uint8_t)k;
    } else if (n) {
        char q[QUOTE_SIZE];
        ld_error(L, L->ev.start_mark, "unknown kind \"%s\": expected paper, blog, project or link",
                 quote(q, sizeof q, s, n));
    }
    ld_next(L);
}

/* A checked text field: arxiv or date. Stored as written when valid. */
static const char *ld_checked(loader *L, const char *key, bool (*valid)(const char *, size_t),
                              const char *what, const char *expected, yaml_mark_t *at)
{
    *at = L->ev.start_mark;
    const char *s;
    size_t n;
    if (!ld_scalar(L, "a string", "for", key, &s, &n))
        return NULL;
    const char *copy = NULL;
    if (n && valid(s, n)) {
        copy = arena_strndup(catalog_arena(L->c), s, n);
    } else if (n) {
        char q[QUOTE_SIZE];
        ld_error(L, *at, "malformed %s \"%s\": expected %s", what, quote(q, sizeof q, s, n),
                 expected);
    }
    ld_next(L);
    return copy;
}

static bool arxiv_ok(const char *s, size_t n)
{
    return n < ARXIV_ID_MAX && arxiv_valid(s);
}

/* Authors or tags: a sequence of strings, or one string. */
static void ld_names(loader *L, const char *key, bool intern, const char *const **out,
                     uint32_t *count)
{
    if (L->ev.type == YAML_SCALAR_EVENT) {
        const char *one = ld_string(L, key, intern);
        if (one) {
            const char **arr = arena_alloc(catalog_arena(L->c), sizeof *arr);
            arr[0] = one;
            *out = arr;
            *count = 1;
        }
        return;
    }
    if (L->ev.type != YAML_SEQUENCE_START_EVENT) {
        ld_type_error(L, "a sequence or a string", "for", key);
        return;
    }
    size_t n = 0;
    ld_next(L);
    while (!L->stop && L->ev.type != YAML_SEQUENCE_END_EVENT) {
        const char *s;
        size_t len;
        if (!ld_scalar(L, "a non-empty string", "in", key, &s, &len))
            continue;
        if (len == 0) {
            ld_type_error(L, "a non-empty string", "in", key);
            continue;
        }
        if (n == L->items_cap) {
            L->items_cap = L->items_cap ? L->items_cap * 2 : 16;
            L->items = xrealloc(L->items, L->items_cap * sizeof *L->items);
        }
        L->items[n++] = intern ? catalog_intern(L->c, s, len)
                               : arena_strndup(catalog_arena(L->c), s, len);
        ld_next(L);
    }
    ld_next(L);
    if (n) {
        const char **arr = arena_alloc(catalog_arena(L->c), n * sizeof *arr);
        memcpy(arr, L->items, n * sizeof *arr);
        *out = arr;
        *count = (uint32_t)n;
    }
}

static void ld_link(loader *L, size_t *n)
{
    if (L->ev.type != YAML_MAPPING_START_EVENT) {
        ld_type_error(L, "a mapping", "for a link", NULL);
        return;
    }
    map_state m;
    ld_map_begin(L, &m);
    entry_link link = {NULL, NULL};
    yaml_mark_t at;
    int k;
    while ((k = ld_key(L, &link_keys, &m)) != KEY_END) {
        if (k == LINK_LABEL)
            link.label = ld_string(L, "label", false);
        else if (k == LINK_URL)
            link.url = ld_required(L, "url", &at, NULL);
    }
    if (L->stop)
        return;
    if (!m.seen[LINK_URL])
        ld_error(L, m.start, "missing \"url\" in a link");
    if (!link.url)
        return;
    if (*n == L->links_cap) {
        L->links_cap = L->links_cap ? L->links_cap * 2 : 8;
        L->links = xrealloc(L->links, L->links_cap * sizeof *L->links);
    }
    L->links[(*n)++] = link;
}

static void ld_links(loader *L, entry *e)
{
    if (ev_is_null(&L->ev)) {
        ld_next(L);
        return;
    }
    if (L->ev.type != YAML_SEQUENCE_START_EVENT) {
        ld_type_error(L, "a sequence", "for", "links");
        return;
    }
    size_t n = 0;
    ld_next(L);
    while (!L->stop && L->ev.type != YAML_SEQUENCE_END_EVENT)
        ld_link(L, &n);
    ld_next(L);
    if (n) {
        entry_link *arr = arena_alloc(catalog_arena(L->c), n * sizeof *arr);
        memcpy(arr, L->links, n * sizeof *arr);
        e->links = arr;
        e->nlinks = (uint32_t)n;
    }
}

/* Same arXiv id (without version) or same title (ASCII case-insensitive)
 * as an earlier entry of this section: a warning naming the first. */
void ld_dups(loader *L, const entry *e, size_t title_len, yaml_mark_t title_at,
             yaml_mark_t arxiv_at)
{
    const char *sec = L->c->sections[e->section].name;
    char name[QUOTE_SIZE], q[QUOTE_SIZE];
    bool warned = false;
    if (e->arxiv) {
        size_t n = arxiv_base_len(e->arxiv);
        uint32_t first = dups_check(&L->dups, DUP_ARXIV, e->arxiv, n, mark_line(arxiv_at));
        if (first) {
            ld_warning(L, arxiv_at, "duplicate arXiv id %.*s in section \"%s\" (first at line %u)",
                       (int)n, e->arxiv, quote(name, sizeof name, sec, strlen(sec)), first);
            warned = true;
        }
    }
    uint32_t first = dups_check(&L->dups, DUP_TITLE, e->title, title_len, mark_line(title_at));
    if (first && !warned) {
        ld_warning(L, title_at, "duplicate title \"%s\" in section \"%s\" (first at line %u)",
                   quote(q, sizeof q, e->title, title_len),
                   quote(name, sizeof name, sec, strlen(sec)), first);
    }
}

static void ld_entry(loader *L)
{
    if (L->ev.type != YAML_MAPPING_START_EVENT) {
        ld_type_error(L, "a mapping", "for an entry", NULL);
        return;
    }
    entry *e = catalog_add_entry(L->c);
    e->file = L->file;
    e->line = mark_line(L->ev.start_mark);
    e->title = "";
    map_state m;
    ld_map_begin(L, &m);
    yaml_mark_t title_at = m.start, arxiv_at = m.start, at;
    const char *title = NULL;
    size_t title_len = 0;
    int k;
    while ((k = ld_key(L, &entry_keys, &m)) != KEY_END) {
        switch (k) {
        case ENT_TITLE:
            title = ld_required(L, "title", &title_at, &title_len);
            break;
        case ENT_KIND:
            ld_kind(L, e);
            break;
        case ENT_VENUE:
            e->venue = ld_string(L, "venue", true);
            break;
        case ENT_YEAR:
            ld_year(L, e);
            break;
        case ENT_ARXIV:
            e->arxiv = ld_checked(L, "arxiv", arxiv_ok, "arXiv id", "YYMM.NNNNN or archive/YYMMNNN",
                                  &arxiv_at);
            break;
        case ENT_URL:
            e->url = ld_string(L, "url", false);
            break;
        case ENT_LINKS:
            ld_links(L, e);
            break;
        case ENT_AUTHORS:
            ld_names(L, "authors", true, &e->authors, &e->nauthors);
            break;
        case ENT_ORG:
            e->org = ld_string(L, "org", true);
            break;
        case ENT_TAGS:
            ld_names(L, "tags", true, &e->tags, &e->ntags);
            break;
        case ENT_NOTES:
            e->notes = ld_string(L, "notes", false);
            break;
        case ENT_DATE:
            e->date = ld_checked(L, "date", date_valid, "date", "YYYY, YYYY-MM or YYYY-MM-DD", &at);
            break;
        default:
            break;
        }
    }
    if (title)
        e->title = title;
    if (L->stop)
        return;
    if (L->tail)
        catalog_derive(L->c, e); /* on the second thread: catalog_finish skips it */
    if (!m.seen[ENT_TITLE]) {
        ld_error(L, m.start, "missing \"title\" in an entry");
    } else if (title) {
        ld_dups(L, e, title_len, title_at, arxiv_at);
        if (L->tail && e->section + 1 == L->tail_section)
            tail_note_dups(L, title_len, title_at, arxiv_at);
    }
    if (L->lim && L->lim->max_entries && L->c->nentries >= L->lim->max_entries)
        ld_cut(L);
}

static void ld_entries(loader *L)
{
    if (ev_is_null(&L->ev)) {
        ld_next(L);
        return;
    }
    if (L->ev.type != YAML_SEQUENCE_START_EVENT) {
        ld_type_error(L, "a sequence", "for", "entries");
        return;
    }
    dups_reset(&L->dups);
    ld_next(L);
    while (!L->stop && L->ev.type != YAML_SEQUENCE_END_EVENT) {
        if (L->job && L->ev.start_mark.index >= tail_split_key(L->job))
            tail_reached(L);
        else if (L->tail && !L->at_tail && L->ev.start_mark.index == L->tail_key)
            tail_arrived(L);
        if (!L->stop)
            ld_entry(L);
    }
    ld_next(L);
}

/* --- the document ------------------------------------------------------------- */

/* "lists/second.yaml" -> "second": the group name of a list without title. */
static void base_name(const char *path, char *out, size_t size)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = strlen(b);
    const char *dot = strrchr(b, '.');
    if (dot && dot != b && (strcmp(dot, ".yaml") == 0 || strcmp(dot, ".yml") == 0))
        n = (size_t)(dot - b);
    if (n == 0) {
        b = "list";
        n = 4;
    }
    snprintf(out, size, "%.*s", (int)n, b);
}

static void ld_open_group(loader *L)
{
    if (L->group >= 0)
        return;
    char base[256];
    const char *name = L->title;
    if (!name) {
        base_name(L->name, base, sizeof base);
        name = base;
    }
    L->group = (int32_t)catalog_open_section(L->c, name, L->top_line);
}

static void ld_version(loader *L)
{
    const char *s;
    size_t n;
    if (!ld_scalar(L, "an integer", "for", "paperdeck", &s, &n))
        return;
    if (n && !(n == 1 && s[0] == '0' + FORMAT_VERSION)) {
        char q[QUOTE_SIZE];
        ld_error(L, L->ev.start_mark,
                 "unsupported format version %s: this paperdeck reads version %d",
                 quote(q, sizeof q, s, n), FORMAT_VERSION);
        /* The rest is in a format we do not know: its errors would be noise. */
        L->stop = true;
        return;
    }
    ld_next(L);
}

static void ld_top(loader *L)
{
    if (L->ev.type != YAML_MAPPING_START_EVENT) {
        ld_type_error(L, "a mapping", "at the top level", NULL);
        return;
    }
    L->top_line = mark_line(L->ev.start_mark);
    map_state m;
    ld_map_begin(L, &m);
    int k;
    while ((k = ld_key(L, &top_keys, &m)) != KEY_END) {
        switch (k) {
        case TOP_VERSION:
            ld_version(L);
            break;
        case TOP_TITLE:
            L->title = ld_string(L, "title", false);
            if (L->title && L->group >= 0)
                ld_rename(L, (uint32_t)L->group, L->title);
            break;
        case TOP_DESCRIPTION:
            L->description = ld_string(L, "description", false);
            break;
        case TOP_SECTIONS:
            if (L->as_group)
                ld_open_group(L);
            ld_sections(L, 1);
            break;
        default:
            break;
        }
    }
    if (L->as_group) {
        if (!L->stop)
            ld_open_group(L);
        if (L->group >= 0)
            catalog_close_section(L->c);
    } else if (L->file == 0 && (!L->stop || L->cut || L->merged)) {
        catalog_set_title(L->c, L->title, L->description);
    }
}

#define EMPTY_FILE "empty file: expected a mapping with \"title\" and \"sections\""

static void ld_empty(loader *L)
{
    diag_add(L->d, DIAG_ERROR, L->name, 0, 0, EMPTY_FILE);
}

void ld_free(loader *L)
{
    if (L->have)
        yaml_event_delete(&L->ev);
    yaml_parser_delete(&L->parser);
    dups_free(&L->dups);
    free(L->items);
    free(L->links);
}

void ld_stream(loader *L)
{
    /* STREAM-START, then DOCUMENT-START or, with no document, STREAM-END */
    if (!ld_next(L) || !ld_next(L))
        return;
    if (L->ev.type == YAML_STREAM_END_EVENT) {
        ld_empty(L);
        return;
    }
    if (!ld_next(L)) /* the root node */
        return;
    if (ev_is_null(&L->ev)) {
        ld_empty(L);
        ld_next(L);
    } else {
        ld_top(L);
    }
    if (!ev_is(L, YAML_DOCUMENT_END_EVENT) || !ld_next(L))
        return;
    if (L->ev.type == YAML_DOCUMENT_START_EVENT)
        ld_error(L, L->ev.start_mark, "expected one YAML document, found a second one");
}

/* One load of a buffer: what the first thread does with it. */
typedef struct head_job {
    catalog *c;
    const char *name, *buf;
    size_t len;
    uint16_t file;
    bool as_group, release;
    const yaml_load_limits *lim;
    bool *complete;
    diag *d;
    tail_job *tail; /* the second part (yaml_split.c), or NULL: serial */
} head_job;

/* The walk of h's buffer, after its UTF-8 check (the first half's here,
 * the second half's on the other thread when split). */
static void head_parse(void *job)
{
    head_job *h = job;
    tail_job *j = h->tail;
    /* a head load reads a few pages of what may be a huge file: UTF-8 is
     * left to libyaml's reader */
    bool head = h->lim && h->lim->max_entries;
    size_t bad = 0, cont = 0;
    bool valid = head || yaml_validate(h->buf, 0, j ? j->from : h->len, h->release, &bad, &cont);
    if (valid && j)
        valid = tail_checked(j, &bad);
    if (valid && j && j->split)
        j->key_index = j->key - (cont + j->key_index);
    if (!valid) {
        ld_utf8_error(h->name, h->buf, h->len, bad, h->d);
    } else if (blank_text(h->buf, h->len)) {
        diag_add(h->d, DIAG_ERROR, h->name, 0, 0, EMPTY_FILE);
    } else {
        loader L = {.c = h->c,
                    .d = h->d,
                    .name = h->name,
                    .buf = h->buf,
                    .len = h->len,
                    .release = h->release,
                    .file = h->file,
                    .as_group = h->as_group,
                    .group = -1,
                    .top_line = 1,
                    .job = j && j->split ? j : NULL,
                    .lim = h->lim};
        if (!yaml_parser_initialize(&L.parser)) {
            diag_add(h->d, DIAG_ERROR, h->name, 0, 0, "out of memory while parsing");
        } else {
            yaml_parser_set_encoding(&L.parser, YAML_UTF8_ENCODING);
            yaml_parser_set_input_string(&L.parser, (const unsigned char *)h->buf, h->len);
            ld_stream(&L);
            if (!L.cut)
                count_progress(&L, h->len);
            *h->complete = !L.cut;
            ld_free(&L);
        }
    }
    if (j)
        tail_cancel(j); /* whatever the second part still does is not needed */
}

static int load_buffer(catalog *c, const char *name, const char *buf, size_t len, bool as_group,
                       bool release, const yaml_load_limits *lim, bool *complete, diag *d)
{
    size_t errors = d->errors;
    *complete = true;
    head_job h = {c,   name,     buf, len, catalog_add_file(c, name), as_group, release,
                  lim, complete, d,   NULL};
    /* a head load is no split: the rest of the file is not read */
    tail_job tail;
    if (!(lim && lim->max_entries) && !as_group && tail_prepare(&tail, name, buf, len, release)) {
        h.tail = &tail;
        par_run(head_parse, &h, tail_run, &tail);
        tail_end(&tail);
    } else {
        head_parse(&h);
    }
    return d->errors > errors ? -1 : 0;
}

int yaml_load_buffer(catalog *c, const char *name, const char *buf, size_t len, bool as_group,
                     diag *d)
{
    bool complete;
    return load_buffer(c, name, buf, len, as_group, false, NULL, &complete, d);
}

int yaml_load_file(catalog *c, const char *path, bool as_group, diag *d)
{
    bool complete;
    return yaml_load_file_limited(c, path, as_group, NULL, &complete, d);
}

int yaml_load_file_limited(catalog *c, const char *path, bool as_group, const yaml_load_limits *lim,
                           bool *complete, diag *d)
{
    *complete = true;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        diag_add(d, DIAG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        diag_add(d, DIAG_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
        close(fd);
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        diag_add(d, DIAG_ERROR, path, 0, 0, "is a directory, expected a YAML file");
        close(fd);
        return -1;
    }
    /* A regular file is mapped, not read: no copy into fresh memory (the
     * first touch of each page costs a fault), and its pages can be handed
     * back as the parser passes them. */
    if (S_ISREG(st.st_mode) && st.st_size > 0 && (uintmax_t)st.st_size <= SIZE_MAX) {
        size_t size = (size_t)st.st_size;
        void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (map != MAP_FAILED) {
            close(fd);
            madvise(map, size, MADV_SEQUENTIAL);
            /* truncated meanwhile: zeros instead of SIGBUS, and an error */
            int guard = mapguard_begin(map, size);
            int rc = load_buffer(c, path, map, size, as_group, true, lim, complete, d);
            if (mapguard_end(guard)) {
                diag_add(d, DIAG_ERROR, path, 0, 0,
                         "the file was cut short while it was read: load it again");
                rc = -1;
            }
            munmap(map, size);
            return rc;
        }
    }
    size_t len = 0;
    char *buf = fileio_read_fd(fd, S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size : 0,
                               &len);
    int err = errno;
    close(fd);
    if (!buf) {
        diag_add(d, DIAG_ERROR, path, 0, 0, "cannot read: %s", strerror(err));
        return -1;
    }
    int rc = load_buffer(c, path, buf, len, as_group, false, lim, complete, d);
    free(buf);
    return rc;
}
