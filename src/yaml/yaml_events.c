/* yaml_events: the loader's reader: bytes (UTF-8 checks, pages handed
 * back) and libyaml's events (lookahead, nesting, skipping a node, keys
 * and scalars, located messages); see yaml_internal.h. The schema walk
 * on top of it is yaml_load.c. */
#if !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* madvise: MADV_DONTNEED, which posix_madvise ignores */
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "paperdeck/arena.h"
#include "paperdeck/utf8.h"
#include "yaml_internal.h"

uint32_t mark_line(yaml_mark_t m)
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

static void ld_vmsg(loader *L, diag_level level, uint32_t line, uint32_t col, const char *fmt,
                    va_list ap)
{
    char text[1024];
    vsnprintf(text, sizeof text, fmt, ap);
    diag_add(L->d, level, L->name, line, col, "%s", text);
}

__attribute__((format(printf, 3, 4))) void ld_error(loader *L, yaml_mark_t at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ld_vmsg(L, DIAG_ERROR, mark_line(at), mark_col(L, at), fmt, ap);
    va_end(ap);
}

__attribute__((format(printf, 3, 4))) void ld_warning(loader *L, yaml_mark_t at, const char *fmt,
                                                      ...)
{
    va_list ap;
    va_start(ap, fmt);
    ld_vmsg(L, DIAG_WARNING, mark_line(at), mark_col(L, at), fmt, ap);
    va_end(ap);
}

/* Text from the file, fit for a message: control characters made visible
 * and cut after QUOTE_BYTES at a character boundary, so a 1 MB title makes
 * one readable line. */
const char *quote(char *out, size_t size, const char *s, size_t n)
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
                                              .type = (uint8_t)L->ev.type,
                                              .flow = flow};
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
void count_progress(loader *L, size_t at)
{
    /* while the second thread parses the second half, this one's progress
     * stands for both */
    size_t shown = L->job ? (at > L->len / 2 ? L->len : at * 2) : at;
    if (L->lim && L->lim->progress && shown > L->counted) {
        atomic_fetch_add_explicit(L->lim->progress, shown - L->counted, memory_order_relaxed);
        L->counted = shown;
    }
}

void yaml_release_pages(const char *buf, size_t from, size_t to)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    from = (from + page - 1) / page * page;
    to = to / page * page;
    if (to > from)
        madvise((char *)buf + from, to - from, MADV_DONTNEED);
}

static void release_behind(loader *L)
{
    size_t at = (size_t)(L->parser.input.string.current - (const unsigned char *)L->buf);
    if (at > L->released + RELEASE_STEP + RELEASE_SLACK) {
        yaml_release_pages(L->buf, L->released, at - RELEASE_SLACK);
        L->released = at - RELEASE_SLACK;
        count_progress(L, at);
    }
}

void ld_cut(loader *L)
{
    L->stop = true;
    L->cut = true;
}

bool ld_next(loader *L)
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

/* Plain empty, "~" and "null" are YAML's null: an absent value. */
bool ev_is_null(const yaml_event_t *ev)
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
void ld_skip(loader *L)
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
void ld_type_error(loader *L, const char *expected, const char *where, const char *key)
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
void ld_map_begin(loader *L, map_state *m)
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
int ld_key(loader *L, const keyset *ks, map_state *m)
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
    int k = n ? keys_find(ks, s, n) : -1;
    if (k < 0) {
        char q[QUOTE_SIZE];
        const char *hint = memchr(s, '\0', n) ? NULL : keys_suggest(ks, s, n);
        quote(q, sizeof q, s, n);
        if (hint)
            ld_error(L, ev->start_mark, "unknown key \"%s\" %s; did you mean \"%s\"?", q, ks->place,
                     hint);
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
bool ld_scalar(loader *L, const char *expected, const char *where, const char *key, const char **s,
               size_t *n)
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
const char *ld_string(loader *L, const char *key, bool intern)
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
const char *ld_required(loader *L, const char *key, yaml_mark_t *at, size_t *len)
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

/* Only blanks and comments (after an optional BOM): as empty as 0 bytes,
 * though libyaml would reject a line holding just a tab. */
bool blank_text(const char *s, size_t n)
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

void ld_utf8_error(const char *name, const char *buf, size_t len, size_t bad, diag *d)
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

size_t yaml_continuations(const char *s, size_t n)
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

bool yaml_validate(const char *buf, size_t from, size_t to, bool release, size_t *bad, size_t *cont)
{
    if (!release) {
        bool ok = utf8_validate(buf + from, to - from, bad);
        *bad += from;
        if (ok && cont)
            *cont = yaml_continuations(buf + from, to - from);
        return ok;
    }
    if (cont)
        *cont = 0;
    for (size_t off = from; off < to;) {
        size_t end = to - off > RELEASE_STEP ? off + RELEASE_STEP : to;
        /* End the piece on the first byte of a character. */
        for (int back = 0; back < 3 && end < to && ((unsigned char)buf[end] & 0xC0) == 0x80; back++)
            end--;
        if (!utf8_validate(buf + off, end - off, bad)) {
            *bad += off;
            return false;
        }
        if (cont)
            *cont += yaml_continuations(buf + off, end - off);
        yaml_release_pages(buf, off, end);
        off = end;
    }
    return true;
}
