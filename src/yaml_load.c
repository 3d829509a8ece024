/* yaml_load: list files into a catalog over libyaml's event parser; see
 * yaml_load.h and docs/data-format.md.
 *
 * The document is walked as a stream of events with one event of lookahead,
 * never built as a tree, so memory stays flat for big lists and every node
 * keeps its mark for messages. A node of the wrong type is reported and
 * skipped as a balanced run of events, so one pass reports every error; only
 * a syntax error ends the walk early, since libyaml cannot resume after one. */
#if !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* madvise: MADV_DONTNEED, which posix_madvise ignores; memrchr */
#endif
#include "paperdeck/yaml_load.h"
#include "paperdeck/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
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
#include "paperdeck/mapguard.h"
#include "paperdeck/testhooks.h"
#include "paperdeck/arxiv.h"
#include "paperdeck/utf8.h"

enum {
    FORMAT_VERSION = 1,
    MAX_SECTION_DEPTH = 64,
    MAX_NESTING = 256,  /* sequences and mappings, in any place */
    QUOTE_BYTES = 60,   /* longest piece of a value repeated in a message */
    KEYS_MAX = 16,
    OPEN_MAX = 24,      /* collections tracked around the split point */
};

/* --- keys ---------------------------------------------------------------- */

typedef struct keydef {
    const char *name;
    size_t len;
} keydef;

#define KEY(s) {s, sizeof s - 1}

typedef struct keyset {
    const char *place; /* "in an entry": where these keys are valid */
    const keydef *keys;
    int n;
} keyset;

enum { TOP_VERSION, TOP_TITLE, TOP_DESCRIPTION, TOP_SECTIONS, TOP_N };
static const keydef top_names[TOP_N] = {
    KEY("paperdeck"), KEY("title"), KEY("description"), KEY("sections"),
};
static const keyset top_keys = {"at the top level", top_names, TOP_N};

enum { SEC_NAME, SEC_SECTIONS, SEC_ENTRIES, SEC_N };
static const keydef section_names[SEC_N] = {KEY("name"), KEY("sections"), KEY("entries")};
static const keyset section_keys = {"in a section", section_names, SEC_N};

enum {
    ENT_TITLE, ENT_KIND, ENT_VENUE, ENT_YEAR, ENT_ARXIV, ENT_URL, ENT_LINKS,
    ENT_AUTHORS, ENT_ORG, ENT_TAGS, ENT_NOTES, ENT_DATE, ENT_N
};
static const keydef entry_names[ENT_N] = {
    KEY("title"), KEY("kind"), KEY("venue"), KEY("year"), KEY("arxiv"), KEY("url"),
    KEY("links"), KEY("authors"), KEY("org"), KEY("tags"), KEY("notes"), KEY("date"),
};
static const keyset entry_keys = {"in an entry", entry_names, ENT_N};

enum { LINK_LABEL, LINK_URL, LINK_N };
static const keydef link_names[LINK_N] = {KEY("label"), KEY("url")};
static const keyset link_keys = {"in a link", link_names, LINK_N};

static int keyset_find(const keyset *ks, const char *s, size_t n)
{
    for (int i = 0; i < ks->n; i++) {
        const keydef *k = &ks->keys[i];
        if (k->len == n && k->name[0] == s[0] && memcmp(k->name, s, n) == 0)
            return i;
    }
    return -1;
}

/* Optimal string alignment distance (Levenshtein plus adjacent swaps), for
 * short strings only: both at most KEYS_MAX bytes. */
static int edit_distance(const char *a, size_t n, const char *b, size_t m)
{
    int d[KEYS_MAX + 1][KEYS_MAX + 1];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            int cost = a[i - 1] != b[j - 1];
            int best = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
                && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[n][m];
}

/* The valid key closest to s within distance 2, or NULL. The distance must
 * also be below the key's length, so "id" does not suggest "kind". */
static const char *keyset_suggest(const keyset *ks, const char *s, size_t n)
{
    if (n > KEYS_MAX)
        return NULL;
    const char *best = NULL;
    int best_d = 3;
    for (int i = 0; i < ks->n; i++) {
        int dist = edit_distance(s, n, ks->keys[i].name, ks->keys[i].len);
        if (dist < best_d && (size_t)dist < n) {
            best = ks->keys[i].name;
            best_d = dist;
        }
    }
    return best;
}

/* --- duplicate detection --------------------------------------------------- */

/* Open addressing over the entries of one "entries" sequence. A slot is 8
 * bytes (the hash, whose low bit is the kind, and a record number), so a
 * big section's table stays in cache; the records, written in order, are
 * read only when hashes match. Moving to the next section clears the slots,
 * or drops them when they are far more than that section needed: many small
 * sections after a big one cost little. */
typedef enum dup_kind { DUP_ARXIV, DUP_TITLE } dup_kind;

typedef struct dup_slot {
    uint32_t hash;
    uint32_t rec;    /* record + 1; 0 when empty */
} dup_slot;

typedef struct dup_rec {
    const char *s;   /* arena string of the first occurrence */
    uint32_t len, line;
} dup_rec;

typedef struct dup_table {
    dup_slot *slots;
    size_t cap, n;
    dup_rec *recs;
    size_t recs_cap;
} dup_table;

static void dup_reset(dup_table *t)
{
    if (t->n == 0)
        return;
    if (t->cap > 64 && t->n * 8 < t->cap) {
        free(t->slots);
        t->slots = NULL;
        t->cap = 0;
    } else {
        memset(t->slots, 0, t->cap * sizeof *t->slots);
    }
    t->n = 0;
}

static void dup_free(dup_table *t)
{
    free(t->slots);
    free(t->recs);
}

static unsigned char ascii_lower(unsigned char ch)
{
    return ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch + 32) : ch;
}

/* ASCII A-Z to a-z in eight bytes at once; other bytes are unchanged. */
static uint64_t lower8(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101u, high = ones * 0x80;
    uint64_t low7 = w & ~high;
    uint64_t ge_a = low7 + ones * (0x80 - 'A'); /* high bit set where byte >= 'A' */
    uint64_t gt_z = low7 + ones * (0x7F - 'Z'); /* high bit set where byte > 'Z' */
    uint64_t upper = (ge_a ^ gt_z) & ~w & high;
    return w | upper >> 2;
}

/* A word at a time: titles are hashed for every entry of a big list. */
static uint32_t dup_hash(dup_kind kind, const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15u ^ (uint64_t)kind ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (kind == DUP_TITLE)
            w = lower8(w);
        h = (h ^ w) * 0xFF51AFD7ED558CCDu;
        h ^= h >> 29;
    }
    for (; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        h = (h ^ (kind == DUP_TITLE ? ascii_lower(ch) : ch)) * 0x100000001B3u;
    }
    h ^= h >> 32;
    return (uint32_t)h;
}

static bool dup_equal(const dup_rec *r, dup_kind kind, const char *s, size_t n)
{
    if (r->len != n)
        return false;
    if (kind == DUP_ARXIV)
        return memcmp(r->s, s, n) == 0; /* NOLINT(clang-analyzer-core.NonNullParamChecker) */
    for (size_t i = 0; i < n; i++) {
        if (ascii_lower((unsigned char)r->s[i]) != ascii_lower((unsigned char)s[i]))
            return false;
    }
    return true;
}

static void dup_grow(dup_table *t)
{
    size_t cap = t->cap ? t->cap * 2 : 64;
    dup_slot *slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->slots[i].rec)
            continue;
        size_t j = t->slots[i].hash & (cap - 1);
        while (slots[j].rec)
            j = (j + 1) & (cap - 1);
        slots[j] = t->slots[i];
    }
    free(t->slots);
    t->slots = slots;
    t->cap = cap;
}

/* Returns the line of an earlier equal key in this section, or 0 after
 * recording this one at line. */
static uint32_t dup_check(dup_table *t, dup_kind kind, const char *s, size_t n, uint32_t line)
{
    if ((t->n + 1) * 2 > t->cap)
        dup_grow(t);
    uint32_t h = (dup_hash(kind, s, n) & ~1u) | (uint32_t)kind;
    size_t j = h & (t->cap - 1);
    for (; t->slots[j].rec; j = (j + 1) & (t->cap - 1)) {
        const dup_rec *r = &t->recs[t->slots[j].rec - 1];
        if (t->slots[j].hash == h && dup_equal(r, kind, s, n))
            return r->line;
    }
    if (t->n == t->recs_cap) {
        t->recs_cap = t->recs_cap ? t->recs_cap * 2 : 64;
        t->recs = xrealloc(t->recs, t->recs_cap * sizeof *t->recs);
    }
    t->recs[t->n] = (dup_rec){.s = s, .len = (uint32_t)n, .line = line};
    t->slots[j] = (dup_slot){.hash = h, .rec = (uint32_t)++t->n};
    return 0;
}

/* --- the loader -------------------------------------------------------------- */

/* A collection open around the current event. The open block collections
 * (their kind and column) are all that libyaml's scanner and parser carry
 * from one line to the next in block context, so two parses that agree on
 * them at the start of a line read the rest of the file the same way. */
typedef struct open_node {
    uint32_t column;
    uint8_t type; /* YAML_SEQUENCE_START_EVENT or YAML_MAPPING_START_EVENT */
    bool flow;
} open_node;

typedef struct tail_job tail_job;

typedef struct loader {
    catalog *c;
    diag *d;
    const char *name;        /* file name for messages */
    const char *buf;         /* the whole input, to locate reader errors */
    size_t len;
    bool release;            /* buf maps a file: hand back the pages parsed */
    size_t released;         /* buf[0..released) is handed back */
    uint16_t file;
    bool as_group;
    yaml_parser_t parser;
    yaml_event_t ev;         /* the current event: the next one to consume */
    bool have;               /* ev holds an event that must be deleted */
    bool stop;               /* no more events: syntax error, unknown version, too deep,
                              * or a limit reached (cut) */
    bool cut;                /* stopped by a limit of lim: not an error */
    const yaml_load_limits *lim; /* NULL: none */
    size_t counted;          /* buf[0..counted) is added to lim->progress */
    uint32_t nesting;        /* sequences and mappings open around ev */
    int32_t group;           /* the as_group section, -1 until opened */
    uint32_t top_line;
    const char *title;       /* arena copies; NULL when absent */
    const char *description;
    dup_table dups;
    const char **items;      /* authors or tags being read, reused */
    size_t items_cap;
    entry_link *links;       /* links being read, reused */
    size_t links_cap;
    open_node open[OPEN_MAX]; /* open[i]: the collection at nesting i + 1 */
    /* Splitting (see "two parts" below). The first part: */
    tail_job *job;           /* parses the rest of the file; NULL once reached */
    bool merged;             /* the rest of the file came from job */
    /* The second part: */
    tail_job *tail;          /* this loader parses the rest of the file */
    size_t tail_key;         /* mark index of the split entry in this parser's input */
    bool at_tail;            /* past the synthetic header */
    bool doubt;              /* the rest does not continue the header's context */
    uint32_t tail_section;   /* the section open at the split, + 1 */
} loader;

typedef struct map_state {
    yaml_mark_t start;
    uint32_t seen[KEYS_MAX]; /* line where each key was first given, 0 if not */
    bool synthetic;          /* second part: a mapping of the synthetic header */
} map_state;

enum { KEY_END = -1, KEY_SKIP = -2 };

static uint32_t mark_line(yaml_mark_t m)
{
    return m.line >= UINT32_MAX ? UINT32_MAX : (uint32_t)m.line + 1;
}

/* libyaml counts a leading BOM as a column of line 1; editors do not show it. */
static uint32_t mark_col(const loader *L, yaml_mark_t m)
{
    if (m.line == 0 && m.column > 0 && L->len >= 3 && memcmp(L->buf, "\xEF\xBB\xBF", 3) == 0)
        m.column--;
    return m.column >= UINT32_MAX ? UINT32_MAX : (uint32_t)m.column + 1;
}

static void ld_vmsg(loader *L, diag_level level, uint32_t line, uint32_t col,
                    const char *fmt, va_list ap)
{
    char text[1024];
    vsnprintf(text, sizeof text, fmt, ap);
    diag_add(L->d, level, L->name, line, col, "%s", text);
}

__attribute__((format(printf, 3, 4)))
static void ld_error(loader *L, yaml_mark_t at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ld_vmsg(L, DIAG_ERROR, mark_line(at), mark_col(L, at), fmt, ap);
    va_end(ap);
}

__attribute__((format(printf, 3, 4)))
static void ld_warning(loader *L, yaml_mark_t at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ld_vmsg(L, DIAG_WARNING, mark_line(at), mark_col(L, at), fmt, ap);
    va_end(ap);
}

/* Text from the file, fit for a message: control characters made visible
 * and cut after QUOTE_BYTES at a character boundary, so a 1 MB title makes
 * one readable line. */
static const char *quote(char *out, size_t size, const char *s, size_t n)
{
    size_t k = n;
    if (k > QUOTE_BYTES) {
        k = QUOTE_BYTES;
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
    }
    size_t w = utf8_sanitize(s, k, out, size > 4 ? size - 3 : size);
    if (k < n && w + 4 <= size)
        memcpy(out + w, "...", 4);
    return out;
}

enum { QUOTE_SIZE = QUOTE_BYTES * 3 + 8 };

/* Line and column (1-based, counting code points) of byte off of buf; a
 * leading BOM takes no column. */
static void locate_offset(const char *buf, size_t len, size_t off, uint32_t *line, uint32_t *col)
{
    uint32_t l = 1, c = 1;
    size_t i = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    for (; i < off && i < len; i++) {
        unsigned char ch = (unsigned char)buf[i];
        if (ch == '\n' || (ch == '\r' && (i + 1 >= len || buf[i + 1] != '\n'))) {
            l++;
            c = 1;
        } else if ((ch & 0xC0) != 0x80 && ch != '\r') {
            c++;
        }
    }
    *line = l;
    *col = c;
}

static void ld_syntax_error(loader *L)
{
    const yaml_parser_t *p = &L->parser;
    const char *problem = p->problem ? p->problem : "unknown problem";
    if (p->error == YAML_MEMORY_ERROR) {
        diag_add(L->d, DIAG_ERROR, L->name, 0, 0, "out of memory while parsing");
    } else if (p->error == YAML_READER_ERROR) {
        uint32_t line, col;
        locate_offset(L->buf, L->len, p->problem_offset, &line, &col);
        if (p->problem_value >= 0)
            diag_add(L->d, DIAG_ERROR, L->name, line, col, "syntax error: %s (U+%04X)", problem,
                     (unsigned)p->problem_value);
        else
            diag_add(L->d, DIAG_ERROR, L->name, line, col, "syntax error: %s", problem);
    } else if (p->context) {
        ld_error(L, p->problem_mark, "syntax error: %s (%s that starts at line %u)", problem,
                 p->context, mark_line(p->context_mark));
    } else {
        ld_error(L, p->problem_mark, "syntax error: %s", problem);
    }
}

static void ld_push(loader *L, bool flow)
{
    if (++L->nesting <= OPEN_MAX) {
        L->open[L->nesting - 1] = (open_node){.column = (uint32_t)L->ev.start_mark.column,
                                              .type = (uint8_t)L->ev.type, .flow = flow};
    }
}

/* Checks what any event may get wrong, wherever it is. False when the walk
 * must stop: libyaml's scanner does work proportional to the flow nesting
 * for every token, so a deeply nested line would take minutes to skip. */
static bool ld_check_event(loader *L)
{
    const yaml_event_t *ev = &L->ev;
    const yaml_char_t *anchor = NULL;
    switch (ev->type) {
    case YAML_ALIAS_EVENT:
        ld_error(L, ev->start_mark, "aliases are not supported");
        return true;
    case YAML_SCALAR_EVENT:
        anchor = ev->data.scalar.anchor;
        break;
    case YAML_SEQUENCE_START_EVENT:
        anchor = ev->data.sequence_start.anchor;
        ld_push(L, ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE);
        break;
    case YAML_MAPPING_START_EVENT:
        anchor = ev->data.mapping_start.anchor;
        ld_push(L, ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE);
        break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        L->nesting--;
        break;
    default:
        break;
    }
    if (anchor)
        ld_error(L, ev->start_mark, "anchors are not supported");
    if (L->nesting > MAX_NESTING) {
        ld_error(L, ev->start_mark, "sequences and mappings nested deeper than %d", MAX_NESTING);
        L->stop = true;
        return false;
    }
    return true;
}

/* Consumes the current event and reads the next. False (and L->stop) when
 * there is none: the stream is over or broken. */
/* Pages of a mapped file stay in this process's memory once read, as much
 * as the whole file: those the parser has passed are handed back (they are
 * read again from the page cache if a message needs them), so the peak is
 * about the catalog's size, not the catalog's plus the file's. */
/* Adds what the parser has passed since the last call to lim->progress. */
static void count_progress(loader *L, size_t at)
{
    /* while the second thread parses the second half, this one's progress
     * stands for both */
    size_t shown = L->job ? (at > L->len / 2 ? L->len : at * 2) : at;
    if (L->lim && L->lim->progress && shown > L->counted) {
        atomic_fetch_add_explicit(L->lim->progress, shown - L->counted, memory_order_relaxed);
        L->counted = shown;
    }
}

static void release_pages(const char *buf, size_t from, size_t to)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    from = (from + page - 1) / page * page;
    to = to / page * page;
    if (to > from)
        madvise((char *)buf + from, to - from, MADV_DONTNEED);
}

enum { RELEASE_STEP = 1 << 20, RELEASE_SLACK = 256 << 10 };

static void release_behind(loader *L)
{
    size_t at = (size_t)(L->parser.input.string.current - (const unsigned char *)L->buf);
    if (at > L->released + RELEASE_STEP + RELEASE_SLACK) {
        release_pages(L->buf, L->released, at - RELEASE_SLACK);
        L->released = at - RELEASE_SLACK;
        count_progress(L, at);
    }
}

static void ld_cut(loader *L)
{
    L->stop = true;
    L->cut = true;
}

static bool tail_going(const loader *L);

static bool ld_next(loader *L)
{
    if (L->have) {
        yaml_event_delete(&L->ev);
        L->have = false;
    }
    if (L->lim && L->lim->cancel && atomic_load_explicit(L->lim->cancel, memory_order_relaxed))
        ld_cut(L);
    if (L->stop)
        return false;
    if (!yaml_parser_parse(&L->parser, &L->ev)) {
        ld_syntax_error(L);
        L->stop = true;
        return false;
    }
    L->have = true;
    if (L->release)
        release_behind(L);
    if (L->tail && !tail_going(L)) {
        L->stop = true;
        return false;
    }
    return ld_check_event(L);
}

static bool ev_is(const loader *L, yaml_event_type_t type)
{
    return !L->stop && L->ev.type == type;
}

/* Plain empty, "~" and "null" are YAML's null: an absent value. */
static bool ev_is_null(const yaml_event_t *ev)
{
    if (ev->type != YAML_SCALAR_EVENT || ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *s = (const char *)ev->data.scalar.value;
    switch (ev->data.scalar.length) {
    case 0:
        return true;
    case 1:
        return s[0] == '~';
    case 4:
        return strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
    default:
        return false;
    }
}

/* The input has no NUL byte, but a double-quoted "\0" makes one. */
static bool scalar_has_nul(const yaml_event_t *ev)
{
    return ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE
        && memchr(ev->data.scalar.value, '\0', ev->data.scalar.length);
}

/* What the current event is, for "found ..." */
static const char *ev_found(const loader *L, char *out, size_t size)
{
    const yaml_event_t *ev = &L->ev;
    switch (ev->type) {
    case YAML_MAPPING_START_EVENT:
        return "a mapping";
    case YAML_SEQUENCE_START_EVENT:
        return "a sequence";
    case YAML_ALIAS_EVENT:
        return "an alias";
    case YAML_SCALAR_EVENT:
        if (ev_is_null(ev))
            return "nothing";
        if (ev->data.scalar.length == 0)
            return "an empty string";
        if (scalar_has_nul(ev))
            return "a string with a NUL character";
        out[0] = '"';
        quote(out + 1, size - 2, (const char *)ev->data.scalar.value, ev->data.scalar.length);
        strcat(out, "\"");
        return out;
    default:
        return "nothing";
    }
}

/* Consumes one whole node, however deep, without recursion. */
static void ld_skip(loader *L)
{
    size_t depth = 0;
    do {
        if (L->stop)
            return;
        switch (L->ev.type) {
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            depth++;
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (depth == 0)
                return; /* not a node: leave it to the caller */
            depth--;
            break;
        case YAML_SCALAR_EVENT:
        case YAML_ALIAS_EVENT:
            break;
        default:
            return;
        }
        ld_next(L);
    } while (depth > 0);
}

/* Reports that the current node is not what was expected, and skips it:
 * "expected <expected> <where> "<key>", found ..." (no key: just <where>).
 * Aliases were reported when read, so they are skipped quietly. */
static void ld_type_error(loader *L, const char *expected, const char *where, const char *key)
{
    if (L->stop)
        return;
    if (L->ev.type != YAML_ALIAS_EVENT) {
        char buf[QUOTE_SIZE];
        const char *found = ev_found(L, buf, sizeof buf);
        if (key)
            ld_error(L, L->ev.start_mark, "expected %s %s \"%s\", found %s", expected, where, key,
                     found);
        else
            ld_error(L, L->ev.start_mark, "expected %s %s, found %s", expected, where, found);
    }
    ld_skip(L);
}

/* Consumes a MAPPING-START and prepares to read its keys. */
static void ld_map_begin(loader *L, map_state *m)
{
    m->start = L->ev.start_mark;
    memset(m->seen, 0, sizeof m->seen);
    m->synthetic = L->tail && !L->at_tail;
    ld_next(L);
}

/* Reads the next key of the mapping being walked. Returns its index in ks
 * with the current event at its value, KEY_SKIP when the key was bad (it and
 * its value were reported and skipped), KEY_END after the mapping's end or
 * when the stream stopped. */
static int ld_key(loader *L, const keyset *ks, map_state *m)
{
    if (L->stop)
        return KEY_END;
    const yaml_event_t *ev = &L->ev;
    if (ev->type == YAML_MAPPING_END_EVENT) {
        ld_next(L);
        return KEY_END;
    }
    if (m->synthetic && L->at_tail) {
        /* A key of an enclosing mapping after the split: its checks would
         * need what the first part saw of that mapping. */
        L->doubt = L->stop = true;
        return KEY_END;
    }
    if (ev->type != YAML_SCALAR_EVENT) {
        ld_type_error(L, "a key (a string)", ks->place, NULL);
        ld_skip(L);
        return KEY_SKIP;
    }
    const char *s = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    int k = n ? keyset_find(ks, s, n) : -1;
    if (k < 0) {
        char q[QUOTE_SIZE];
        const char *hint = memchr(s, '\0', n) ? NULL : keyset_suggest(ks, s, n);
        quote(q, sizeof q, s, n);
        if (hint)
            ld_error(L, ev->start_mark, "unknown key \"%s\" %s; did you mean \"%s\"?", q,
                     ks->place, hint);
        else
            ld_error(L, ev->start_mark, "unknown key \"%s\" %s", q, ks->place);
    } else if (m->seen[k]) {
        ld_error(L, ev->start_mark, "duplicate key \"%s\" %s (first at line %u)", ks->keys[k].name,
                 ks->place, m->seen[k]);
        k = -1;
    } else {
        m->seen[k] = mark_line(ev->start_mark);
    }
    if (!ld_next(L))
        return KEY_END;
    if (k < 0) {
        ld_skip(L);
        return KEY_SKIP;
    }
    return k;
}

/* Makes the current node a string: when it is a scalar, points *s and *n at
 * its text (n == 0 for null and "") and returns true; the caller copies what
 * it needs and calls ld_next. Otherwise reports, skips and returns false. */
static bool ld_scalar(loader *L, const char *expected, const char *where, const char *key,
                      const char **s, size_t *n)
{
    const yaml_event_t *ev = &L->ev;
    if (ev->type != YAML_SCALAR_EVENT || scalar_has_nul(ev)) {
        ld_type_error(L, expected, where, key);
        return false;
    }
    if (ev_is_null(ev)) {
        *s = "";
        *n = 0;
    } else {
        *s = (const char *)ev->data.scalar.value;
        *n = ev->data.scalar.length;
    }
    return true;
}

/* An optional string field: an arena copy (interned if asked), NULL when
 * null, empty or of the wrong type (reported). Consumes the node. */
static const char *ld_string(loader *L, const char *key, bool intern)
{
    const char *s;
    size_t n;
    if (!ld_scalar(L, "a string", "for", key, &s, &n))
        return NULL;
    const char *copy = NULL;
    if (n)
        copy = intern ? catalog_intern(L->c, s, n) : arena_strndup(catalog_arena(L->c), s, n);
    ld_next(L);
    return copy;
}

/* A required string field ("title", "name", "url"): like ld_string, but
 * null and "" are reported too. *at gets the value's mark, *len (if not
 * NULL) its length. */
static const char *ld_required(loader *L, const char *key, yaml_mark_t *at, size_t *len)
{
    *at = L->ev.start_mark;
    const char *s;
    size_t n;
    if (!ld_scalar(L, "a non-empty string", "for", key, &s, &n))
        return NULL;
    if (n == 0) {
        ld_type_error(L, "a non-empty string", "for", key);
        return NULL;
    }
    const char *copy = arena_strndup(catalog_arena(L->c), s, n);
    if (len)
        *len = n;
    ld_next(L);
    return copy;
}

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
static void ld_dups(loader *L, const entry *e, size_t title_len, yaml_mark_t title_at,
                    yaml_mark_t arxiv_at)
{
    const char *sec = L->c->sections[e->section].name;
    char name[QUOTE_SIZE], q[QUOTE_SIZE];
    bool warned = false;
    if (e->arxiv) {
        size_t n = arxiv_base_len(e->arxiv);
        uint32_t first = dup_check(&L->dups, DUP_ARXIV, e->arxiv, n, mark_line(arxiv_at));
        if (first) {
            ld_warning(L, arxiv_at, "duplicate arXiv id %.*s in section \"%s\" (first at line %u)",
                       (int)n, e->arxiv, quote(name, sizeof name, sec, strlen(sec)), first);
            warned = true;
        }
    }
    uint32_t first = dup_check(&L->dups, DUP_TITLE, e->title, title_len, mark_line(title_at));
    if (first && !warned) {
        ld_warning(L, title_at, "duplicate title \"%s\" in section \"%s\" (first at line %u)",
                   quote(q, sizeof q, e->title, title_len),
                   quote(name, sizeof name, sec, strlen(sec)), first);
    }
}

static void tail_note_dups(loader *L, size_t title_len, yaml_mark_t title_at,
                           yaml_mark_t arxiv_at);
static size_t split_key(const tail_job *j);
static void split_reached(loader *L);
static void tail_arrived(loader *L);

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
        case ENT_TITLE: title = ld_required(L, "title", &title_at, &title_len); break;
        case ENT_KIND: ld_kind(L, e); break;
        case ENT_VENUE: e->venue = ld_string(L, "venue", true); break;
        case ENT_YEAR: ld_year(L, e); break;
        case ENT_ARXIV:
            e->arxiv = ld_checked(L, "arxiv", arxiv_ok, "arXiv id",
                                  "YYMM.NNNNN or archive/YYMMNNN", &arxiv_at);
            break;
        case ENT_URL: e->url = ld_string(L, "url", false); break;
        case ENT_LINKS: ld_links(L, e); break;
        case ENT_AUTHORS: ld_names(L, "authors", true, &e->authors, &e->nauthors); break;
        case ENT_ORG: e->org = ld_string(L, "org", true); break;
        case ENT_TAGS: ld_names(L, "tags", true, &e->tags, &e->ntags); break;
        case ENT_NOTES: e->notes = ld_string(L, "notes", false); break;
        case ENT_DATE:
            e->date = ld_checked(L, "date", date_valid, "date", "YYYY, YYYY-MM or YYYY-MM-DD", &at);
            break;
        default: break;
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
    dup_reset(&L->dups);
    ld_next(L);
    while (!L->stop && L->ev.type != YAML_SEQUENCE_END_EVENT) {
        if (L->job && L->ev.start_mark.index >= split_key(L->job))
            split_reached(L);
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

/* What a loader holds once its parser is initialised. */
static void ld_free(loader *L)
{
    if (L->have)
        yaml_event_delete(&L->ev);
    yaml_parser_delete(&L->parser);
    dup_free(&L->dups);
    free(L->items);
    free(L->links);
}

static void ld_stream(loader *L)
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

/* Only blanks and comments (after an optional BOM): as empty as 0 bytes,
 * though libyaml would reject a line holding just a tab. */
static bool blank_text(const char *s, size_t n)
{
    size_t i = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    for (; i < n; i++) {
        if (s[i] == '#') {
            while (i < n && s[i] != '\n')
                i++;
        } else if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') {
            return false;
        }
    }
    return true;
}

static void ld_utf8_error(const char *name, const char *buf, size_t len, size_t bad, diag *d)
{
    uint32_t line, col;
    locate_offset(buf, len, bad, &line, &col);
    unsigned char ch = (unsigned char)buf[bad];
    if (ch == 0)
        diag_add(d, DIAG_ERROR, name, line, col, "NUL byte: expected UTF-8 text");
    else
        diag_add(d, DIAG_ERROR, name, line, col, "invalid UTF-8 byte 0x%02X: expected UTF-8 text",
                 ch);
}

/* UTF-8 continuation bytes in s[0..n): libyaml's marks count characters,
 * not bytes. */
static size_t continuations(const char *s, size_t n)
{
    size_t count = 0, i = 0;
    const uint64_t high = 0x8080808080808080u;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t cont = (w & ~(w << 1) & high) >> 7; /* 1 in each byte 10xxxxxx */
        count += (size_t)((cont * 0x0101010101010101u) >> 56);
    }
    for (; i < n; i++)
        count += ((unsigned char)s[i] & 0xC0) == 0x80;
    return count;
}

/* utf8_validate of buf[from..to), a few MB at a time when buf maps a file,
 * handing back each piece once checked. *bad is an offset in buf. When cont
 * is not NULL it gets the continuation bytes of valid text. */
static bool validate(const char *buf, size_t from, size_t to, bool release, size_t *bad,
                     size_t *cont)
{
    if (!release) {
        bool ok = utf8_validate(buf + from, to - from, bad);
        *bad += from;
        if (ok && cont)
            *cont = continuations(buf + from, to - from);
        return ok;
    }
    if (cont)
        *cont = 0;
    for (size_t off = from; off < to;) {
        size_t end = to - off > RELEASE_STEP ? off + RELEASE_STEP : to;
        /* End the piece on the first byte of a character. */
        for (int back = 0; back < 3 && end < to && ((unsigned char)buf[end] & 0xC0) == 0x80;
             back++)
            end--;
        if (!utf8_validate(buf + off, end - off, bad)) {
            *bad += off;
            return false;
        }
        if (cont)
            *cont += continuations(buf + off, end - off);
        release_pages(buf, off, end);
        off = end;
    }
    return true;
}

/* --- two parts ------------------------------------------------------------------
 *
 * A big file is parsed on two threads. The second thread validates the
 * second half of the file, looks there for a line that starts an entry
 * ("      - title: ..."), and parses from that line to the end under a
 * synthetic header: the lines of its ancestors ("sections:", "  - name: X",
 * "    entries:"), copied from the file. It builds its own catalog. The
 * first thread parses the file from the start; when it reaches that entry it
 * takes the second part only if both parses stand in the same context there
 * (the same open block collections at the same columns, the same open
 * sections) and the second part went to the end without a single message
 * and without a key for a mapping of the header. Otherwise it goes on
 * serially, so every error, warning and field is the serial parse's. The
 * duplicate checks of the section open at the split are replayed against the
 * first part's table. */

static size_t split_min = (size_t)1 << 20;
static unsigned long splits_done;

size_t yaml_load_set_split_min(size_t bytes)
{
    size_t old = split_min;
    split_min = bytes;
    return old;
}

unsigned long yaml_load_splits(void)
{
    return splits_done;
}

/* What the second part must replay of an entry in the section open at the
 * split: the duplicate checks against the first part's entries. */
typedef struct tail_dup {
    uint32_t entry; /* index among the second part's entries */
    uint32_t title_len;
    yaml_mark_t title_at, arxiv_at;
} tail_dup;

struct tail_job {
    const char *name;
    const char *buf;
    size_t len;
    size_t from;             /* the second thread validates buf[from..len) */
    bool release;
    pthread_t thread;
    atomic_bool cancel;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool checked;            /* under mu: set with valid, bad and the split below */
    bool valid;
    size_t bad;
    size_t split;            /* the line the second part starts at, 0 if none */
    size_t key;              /* its entry's first key */
    size_t key_index;        /* the second thread sets it to the continuation bytes in
                                buf[from..key), the first then to the key's mark index */
    char *header;
    size_t header_len;
    size_t header_pos, pos, released; /* reading header, then buf[split..len) */
    /* after the join */
    bool joined;
    bool ok;
    catalog *c;
    diag d;
    uint32_t nesting;        /* the context at the split entry */
    open_node open[OPEN_MAX];
    size_t line;             /* the split entry's line in the second part */
    uint32_t chain;          /* sections open there */
    tail_dup *dups;
    size_t ndups, dups_cap;
};

/* Bytes of indentation of the line at s (spaces only), or -1 when it is
 * blank, a comment, or indented with a tab. */
static long line_indent(const char *s, const char *end)
{
    const char *p = s;
    while (p < end && *p == ' ')
        p++;
    if (p == end || *p == '\n' || *p == '\r' || *p == '#' || *p == '\t')
        return -1;
    return p - s;
}

static size_t line_end(const char *buf, size_t len, size_t at)
{
    const char *nl = memchr(buf + at, '\n', len - at);
    return nl ? (size_t)(nl - buf) : len;
}

/* Start of the line before the one at `at` (a line start > 0). */
static size_t line_before(const char *buf, size_t at)
{
    const char *nl = at >= 2 ? memrchr(buf, '\n', at - 1) : NULL;
    return nl ? (size_t)(nl - buf) + 1 : 0;
}

/* "entries:" (after an optional "- "), then only blanks or a comment. */
static bool is_entries_key(const char *s, const char *end)
{
    while (s < end && *s == ' ')
        s++;
    if (end - s >= 2 && s[0] == '-' && s[1] == ' ')
        s += 2;
    while (s < end && *s == ' ')
        s++;
    if (end - s < 8 || memcmp(s, "entries:", 8) != 0)
        return false;
    for (s += 8; s < end && *s != '#'; s++) {
        if (*s != ' ' && *s != '\r')
            return false;
    }
    return true;
}

enum { SPLIT_SCAN_LINES = 4096 };

/* The header for a part that starts at the line at `at`: the lines of its
 * ancestors, outermost first, under a "sections:" key (the only way down to
 * an entry), up to the first top-level section item. False if the line does
 * not look like an entry of a section. */
static bool build_header(tail_job *j, size_t at, long indent)
{
    size_t anc[OPEN_MAX];
    size_t n = 0;
    long cur = indent;
    for (size_t ls = at; ls > 0 && n < OPEN_MAX;) {
        ls = line_before(j->buf, ls);
        long in = line_indent(j->buf + ls, j->buf + j->len);
        if (in < 0 || in >= cur)
            continue;
        if (n == 0 && !is_entries_key(j->buf + ls, j->buf + line_end(j->buf, j->len, ls)))
            return false;
        anc[n++] = ls;
        cur = in;
        if (in <= 2 && j->buf[ls + (size_t)in] == '-')
            break;
    }
    if (n < 2 || j->buf[anc[n - 1] + (size_t)cur] != '-')
        return false;
    size_t size = sizeof "sections:\n";
    for (size_t i = 0; i < n; i++)
        size += line_end(j->buf, j->len, anc[i]) - anc[i] + 1;
    char *h = xmalloc(size);
    size_t w = (size_t)snprintf(h, size, "sections:\n");
    for (size_t i = n; i-- > 0;) {
        size_t e = line_end(j->buf, j->len, anc[i]);
        memcpy(h + w, j->buf + anc[i], e - anc[i]);
        w += e - anc[i];
        h[w++] = '\n';
    }
    j->header = h;
    j->header_len = w;
    return true;
}

/* Looks from j->from on for a line "<spaces>- <key>" that follows a line
 * indented deeper (not the first item of its sequence). */
static bool plan_split(tail_job *j)
{
    size_t at = j->from;
    long prev = -1;
    for (int lines = 0; at < j->len && lines < SPLIT_SCAN_LINES; lines++) {
        size_t e = line_end(j->buf, j->len, at);
        long in = line_indent(j->buf + at, j->buf + e);
        if (in > 0 && prev > in && (size_t)in + 2 < e - at && j->buf[at + (size_t)in] == '-'
            && j->buf[at + (size_t)in + 1] == ' ') {
            size_t key = at + (size_t)in + 2;
            while (key < e && j->buf[key] == ' ')
                key++;
            if (key < e && j->buf[key] != '#' && j->buf[key] != '\r'
                && build_header(j, at, in)) {
                j->split = at;
                j->key = key;
                j->key_index = continuations(j->buf + j->from, key - j->from);
                j->pos = j->released = at;
                return true;
            }
        }
        if (in >= 0)
            prev = in;
        at = e + 1;
    }
    return false;
}

/* libyaml's input for the second part: the header, then the file's rest. */
static int tail_read(void *data, unsigned char *out, size_t size, size_t *got)
{
    tail_job *j = data;
    size_t n;
    if (j->header_pos < j->header_len) {
        n = j->header_len - j->header_pos < size ? j->header_len - j->header_pos : size;
        memcpy(out, j->header + j->header_pos, n);
        j->header_pos += n;
    } else {
        n = j->len - j->pos < size ? j->len - j->pos : size;
        memcpy(out, j->buf + j->pos, n);
        j->pos += n;
        if (j->release && j->pos > j->released + RELEASE_STEP + RELEASE_SLACK) {
            release_pages(j->buf, j->released, j->pos - RELEASE_SLACK);
            j->released = j->pos - RELEASE_SLACK;
        }
    }
    *got = n;
    return 1;
}

/* Second part: stop at the first message (the serial parse will say it), at
 * a cancel, or when the split entry went by outside a list of entries. */
static bool tail_going(const loader *L)
{
    if (L->d->n || atomic_load_explicit(&L->tail->cancel, memory_order_relaxed))
        return false;
    return L->at_tail || L->ev.start_mark.index <= L->tail_key;
}

/* Second part, at the split entry: records the context, which must be the
 * header's sections, all open and nothing else. */
static void tail_arrived(loader *L)
{
    tail_job *j = L->tail;
    const catalog *c = L->c;
    uint32_t chain = 0;
    for (int32_t s = c->open; s >= 0; s = c->sections[s].parent)
        chain++;
    L->at_tail = true;
    if (L->ev.type != YAML_MAPPING_START_EVENT || L->nesting > OPEN_MAX || chain == 0
        || chain != c->nsections || c->nentries != 0) {
        L->doubt = L->stop = true;
        return;
    }
    j->nesting = L->nesting;
    memcpy(j->open, L->open, sizeof j->open);
    j->line = L->ev.start_mark.line;
    j->chain = chain;
    L->tail_section = chain;
}

static void tail_note_dups(loader *L, size_t title_len, yaml_mark_t title_at,
                           yaml_mark_t arxiv_at)
{
    tail_job *j = L->tail;
    if (j->ndups == j->dups_cap) {
        j->dups_cap = j->dups_cap ? j->dups_cap * 2 : 256;
        j->dups = xrealloc(j->dups, j->dups_cap * sizeof *j->dups);
    }
    j->dups[j->ndups++] = (tail_dup){.entry = L->c->nentries - 1, .title_len = (uint32_t)title_len,
                                     .title_at = title_at, .arxiv_at = arxiv_at};
}

static void tail_parse(tail_job *j)
{
    j->c = catalog_new();
    loader L = {.c = j->c, .d = &j->d, .name = j->name, .buf = j->header,
                .len = j->header_len, .group = -1, .top_line = 1, .tail = j,
                .tail_key = j->header_len + (j->key - j->split)};
    L.file = catalog_add_file(j->c, j->name);
    if (!yaml_parser_initialize(&L.parser))
        return;
    yaml_parser_set_encoding(&L.parser, YAML_UTF8_ENCODING);
    yaml_parser_set_input(&L.parser, tail_read, j);
    ld_stream(&L);
    bool at_end = L.have && L.ev.type == YAML_STREAM_END_EVENT;
    ld_free(&L);
    j->ok = at_end && L.at_tail && !L.doubt && j->d.n == 0 && !atomic_load(&j->cancel);
}

static void *tail_main(void *arg)
{
    tail_job *j = arg;
    size_t bad = 0;
    bool valid = validate(j->buf, j->from, j->len, j->release, &bad, NULL);
    bool planned = valid && plan_split(j);
    pthread_mutex_lock(&j->mu);
    j->valid = valid;
    j->bad = bad;
    j->checked = true;
    pthread_cond_signal(&j->cv);
    pthread_mutex_unlock(&j->mu);
    if (planned)
        tail_parse(j);
    return NULL;
}

/* Starts the second thread on the half of buf after the line break nearest
 * its middle; false (and nothing to undo) when there is none. */
static bool tail_start(tail_job *j, const char *name, const char *buf, size_t len, bool release)
{
    memset(j, 0, sizeof *j);
    const char *nl = memchr(buf + len / 2, '\n', len - len / 2);
    if (!nl || (size_t)(nl - buf) + 1 >= len)
        return false;
    j->name = name;
    j->buf = buf;
    j->len = len;
    j->from = (size_t)(nl - buf) + 1;
    j->release = release;
    atomic_init(&j->cancel, false);
    diag_init(&j->d);
    pthread_mutex_init(&j->mu, NULL);
    pthread_cond_init(&j->cv, NULL);
    if (pthread_create(&j->thread, NULL, tail_main, j) != 0) {
        pthread_mutex_destroy(&j->mu);
        pthread_cond_destroy(&j->cv);
        return false;
    }
    return true;
}

/* Waits for the second half's UTF-8 check; false with *bad if it failed. */
static bool tail_checked(tail_job *j, size_t *bad)
{
    pthread_mutex_lock(&j->mu);
    while (!j->checked)
        pthread_cond_wait(&j->cv, &j->mu);
    bool valid = j->valid;
    *bad = j->bad;
    pthread_mutex_unlock(&j->mu);
    return valid;
}

static void tail_join(tail_job *j)
{
    if (!j->joined) {
        pthread_join(j->thread, NULL);
        j->joined = true;
    }
}

static void tail_end(tail_job *j)
{
    atomic_store(&j->cancel, true);
    tail_join(j);
    pthread_mutex_destroy(&j->mu);
    pthread_cond_destroy(&j->cv);
    free(j->header);
    catalog_free(j->c);
    diag_free(&j->d);
    free(j->dups);
}

/* The mark index libyaml gives the split entry in the first part. */
static size_t split_key(const tail_job *j)
{
    return j->key_index;
}

/* Both parts stand in the same place: the same open collections, all block
 * ones, and the same open sections, all named. */
static bool same_context(const loader *L, const tail_job *j)
{
    if (L->nesting != j->nesting || L->nesting > OPEN_MAX)
        return false;
    for (uint32_t i = 0; i < L->nesting; i++) {
        const open_node *a = &L->open[i], *b = &j->open[i];
        if (a->flow || b->flow || a->type != b->type || a->column != b->column)
            return false;
    }
    const catalog *c = L->c;
    uint32_t k = j->chain;
    for (int32_t s = c->open; s >= 0; s = c->sections[s].parent) {
        if (k == 0 || !c->sections[s].name[0]
            || strcmp(c->sections[s].name, j->c->sections[k - 1].name) != 0)
            return false;
        k--;
    }
    return k == 0;
}

static yaml_mark_t mark_shift(yaml_mark_t m, int64_t lines)
{
    m.line = (size_t)((int64_t)m.line + lines);
    return m;
}

/* First part, at or past the split entry: takes the second part's catalog
 * when the contexts agree, and stops; otherwise goes on serially. */
static void split_reached(loader *L)
{
    tail_job *j = L->job;
    L->job = NULL;
    if (L->ev.type != YAML_MAPPING_START_EVENT || L->ev.start_mark.index != split_key(j)) {
        atomic_store(&j->cancel, true);
        return;
    }
    tail_join(j);
    if (!j->ok || !same_context(L, j))
        return;
    int64_t shift = (int64_t)L->ev.start_mark.line - (int64_t)j->line;
    uint32_t first = L->c->nentries;
    catalog_append_part(L->c, j->c, j->chain, shift, L->file);
    j->c = NULL;
    for (size_t i = 0; i < j->ndups; i++) {
        const tail_dup *t = &j->dups[i];
        ld_dups(L, &L->c->entries[first + t->entry], t->title_len,
                mark_shift(t->title_at, shift), mark_shift(t->arxiv_at, shift));
    }
    splits_done++;
    L->merged = L->stop = true;
}

static int load_buffer(catalog *c, const char *name, const char *buf, size_t len,
                       bool as_group, bool release, const yaml_load_limits *lim,
                       bool *complete, diag *d)
{
    size_t errors = d->errors;
    uint16_t file = catalog_add_file(c, name);
    *complete = true;
    /* a head load reads a few pages of what may be a huge file: no second
     * thread, and UTF-8 is left to libyaml's reader */
    bool head = lim && lim->max_entries;
    tail_job job;
    bool split = !head && !as_group && len >= split_min
              && tail_start(&job, name, buf, len, release);
    size_t bad = 0, cont = 0;
    bool valid = head || validate(buf, 0, split ? job.from : len, release, &bad, &cont);
    if (valid && split)
        valid = tail_checked(&job, &bad);
    if (valid && split && job.split)
        job.key_index = job.key - (cont + job.key_index);
    if (!valid) {
        ld_utf8_error(name, buf, len, bad, d);
    } else if (blank_text(buf, len)) {
        diag_add(d, DIAG_ERROR, name, 0, 0, EMPTY_FILE);
    } else {
        loader L = {.c = c, .d = d, .name = name, .buf = buf, .len = len, .release = release,
                    .file = file, .as_group = as_group, .group = -1, .top_line = 1,
                    .job = split && job.split ? &job : NULL, .lim = lim};
        if (!yaml_parser_initialize(&L.parser)) {
            diag_add(d, DIAG_ERROR, name, 0, 0, "out of memory while parsing");
        } else {
            yaml_parser_set_encoding(&L.parser, YAML_UTF8_ENCODING);
            yaml_parser_set_input_string(&L.parser, (const unsigned char *)buf, len);
            ld_stream(&L);
            if (!L.cut)
                count_progress(&L, len);
            *complete = !L.cut;
            ld_free(&L);
        }
    }
    if (split)
        tail_end(&job);
    return d->errors > errors ? -1 : 0;
}

int yaml_load_buffer(catalog *c, const char *name, const char *buf, size_t len,
                     bool as_group, diag *d)
{
    bool complete;
    return load_buffer(c, name, buf, len, as_group, false, NULL, &complete, d);
}

/* The whole file in one malloc: one read for a regular file (its size from
 * fstat), growing reads for pipes and the like. */
static char *read_all(int fd, const struct stat *st, size_t *len)
{
    size_t cap = S_ISREG(st->st_mode) && st->st_size > 0 ? (size_t)st->st_size + 1 : 65536;
    size_t n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    for (;;) {
        if (n == cap) {
            cap *= 2;
            char *bigger = realloc(buf, cap);
            if (!bigger) {
                free(buf);
                errno = ENOMEM;
                return NULL;
            }
            buf = bigger;
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int err = errno;
            free(buf);
            errno = err;
            return NULL;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    *len = n;
    return buf;
}

int yaml_load_file(catalog *c, const char *path, bool as_group, diag *d)
{
    bool complete;
    return yaml_load_file_limited(c, path, as_group, NULL, &complete, d);
}

int yaml_load_file_limited(catalog *c, const char *path, bool as_group,
                           const yaml_load_limits *lim, bool *complete, diag *d)
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
    char *buf = read_all(fd, &st, &len);
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
