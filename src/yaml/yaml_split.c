/* yaml_split: a big file parsed on two threads; see yaml_internal.h.
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

#if !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* memrchr */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paperdeck/testhooks.h"
#include "paperdeck/xalloc.h"
#include "yaml_internal.h"

static size_t split_min = (size_t)1 << 20;
static atomic_ulong splits_done;

size_t yaml_load_set_split_min(size_t bytes)
{
    size_t old = split_min;
    split_min = bytes;
    return old;
}

unsigned long yaml_load_splits(void)
{
    return atomic_load(&splits_done);
}

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

/* Start of the line before the one at `at` (a line start > 0). A plain
 * loop rather than memrchr: sanitizers check memrchr's whole range, from the
 * start of the file, on every call, which made the walk back quadratic. */
static size_t line_before(const char *buf, size_t at)
{
    size_t i = at - 1;
    while (i > 0 && buf[i - 1] != '\n')
        i--;
    return i;
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
            if (key < e && j->buf[key] != '#' && j->buf[key] != '\r' && build_header(j, at, in)) {
                j->split = at;
                j->key = key;
                j->key_index = yaml_continuations(j->buf + j->from, key - j->from);
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
            yaml_release_pages(j->buf, j->released, j->pos - RELEASE_SLACK);
            j->released = j->pos - RELEASE_SLACK;
        }
    }
    *got = n;
    return 1;
}

/* Second part: stop at the first message (the serial parse will say it), at
 * a cancel, or when the split entry went by outside a list of entries. */
bool tail_going(const loader *L)
{
    if (L->d->n || atomic_load_explicit(&L->tail->cancel, memory_order_relaxed))
        return false;
    return L->at_tail || L->ev.start_mark.index <= L->tail_key;
}

/* Second part, at the split entry: records the context, which must be the
 * header's sections, all open and nothing else. */
void tail_arrived(loader *L)
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

void tail_note_dups(loader *L, size_t title_len, yaml_mark_t title_at, yaml_mark_t arxiv_at)
{
    tail_job *j = L->tail;
    if (j->ndups == j->dups_cap) {
        j->dups_cap = j->dups_cap ? j->dups_cap * 2 : 256;
        j->dups = xrealloc(j->dups, j->dups_cap * sizeof *j->dups);
    }
    j->dups[j->ndups++] = (tail_dup){.entry = L->c->nentries - 1,
                                     .title_len = (uint32_t)title_len,
                                     .title_at = title_at,
                                     .arxiv_at = arxiv_at};
}

static void tail_parse(tail_job *j)
{
    j->c = catalog_new();
    loader L = {.c = j->c,
                .d = &j->d,
                .name = j->name,
                .buf = j->header,
                .len = j->header_len,
                .group = -1,
                .top_line = 1,
                .tail = j,
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

/* Sets done, which tail_wait waits for. */
static void tail_done(tail_job *j)
{
    pthread_mutex_lock(&j->mu);
    j->done = true;
    pthread_cond_broadcast(&j->cv);
    pthread_mutex_unlock(&j->mu);
}

void tail_run(void *job)
{
    tail_job *j = job;
    size_t bad = 0;
    bool valid = yaml_validate(j->buf, j->from, j->len, j->release, &bad, NULL);
    bool planned = valid && plan_split(j);
    pthread_mutex_lock(&j->mu);
    j->valid = valid;
    j->bad = bad;
    j->checked = true;
    pthread_cond_broadcast(&j->cv);
    pthread_mutex_unlock(&j->mu);
    if (planned)
        tail_parse(j);
    tail_done(j);
}

bool tail_prepare(tail_job *j, const char *name, const char *buf, size_t len, bool release)
{
    memset(j, 0, sizeof *j);
    if (len < split_min)
        return false;
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
    return true;
}

bool tail_checked(tail_job *j, size_t *bad)
{
    pthread_mutex_lock(&j->mu);
    while (!j->checked)
        pthread_cond_wait(&j->cv, &j->mu);
    bool valid = j->valid;
    *bad = j->bad;
    pthread_mutex_unlock(&j->mu);
    return valid;
}

/* Waits until tail_run is over: its catalog, messages and context are
 * then the first part's to read. */
static void tail_wait(tail_job *j)
{
    pthread_mutex_lock(&j->mu);
    while (!j->done)
        pthread_cond_wait(&j->cv, &j->mu);
    pthread_mutex_unlock(&j->mu);
}

void tail_cancel(tail_job *j)
{
    atomic_store(&j->cancel, true);
}

void tail_end(tail_job *j)
{
    pthread_mutex_destroy(&j->mu);
    pthread_cond_destroy(&j->cv);
    free(j->header);
    catalog_free(j->c);
    diag_free(&j->d);
    free(j->dups);
}

size_t tail_split_key(const tail_job *j)
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

void tail_reached(loader *L)
{
    tail_job *j = L->job;
    L->job = NULL;
    if (L->ev.type != YAML_MAPPING_START_EVENT || L->ev.start_mark.index != tail_split_key(j)) {
        atomic_store(&j->cancel, true);
        return;
    }
    tail_wait(j);
    if (!j->ok || !same_context(L, j))
        return;
    int64_t shift = (int64_t)L->ev.start_mark.line - (int64_t)j->line;
    uint32_t first = L->c->nentries;
    catalog_append_part(L->c, j->c, j->chain, shift, L->file);
    j->c = NULL;
    for (size_t i = 0; i < j->ndups; i++) {
        const tail_dup *t = &j->dups[i];
        ld_dups(L, &L->c->entries[first + t->entry], t->title_len, mark_shift(t->title_at, shift),
                mark_shift(t->arxiv_at, shift));
    }
    atomic_fetch_add(&splits_done, 1);
    L->merged = L->stop = true;
}
