/* arxiv_store: the fetched records, sorted by id, in one text file:
 *
 *   paperdeck-arxiv-records 1
 *   ID \t VERSION \t FETCHED \t TITLE \t ABSTRACT \t PUBLISHED \t UPDATED \t
 *      COMMENT \t JOURNAL_REF \t DOI \t AUTHOR|AUTHOR... \t CAT|CAT...
 *   end N
 *
 * Fields escape \\ \t \n \r and | (\p); an empty field is an absent one.
 * The closing "end N" line tells a whole file from a cut one. */
#include "paperdeck/arxiv_store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "paperdeck/array.h"
#include "paperdeck/errbuf.h"
#include "paperdeck/fileio.h"
#include "paperdeck/paths.h"
#include "paperdeck/xalloc.h"

#define STORE_MAGIC "paperdeck-arxiv-records 1"
#define STORE_FIELDS 12
#define STORE_MAX_BYTES ((size_t)1 << 30)

struct arxiv_store {
    arxiv_record *r; /* sorted by id */
    size_t n, cap;
};

arxiv_store *arxiv_store_new(void)
{
    return xcalloc(1, sizeof(arxiv_store));
}

static void store_clear(arxiv_store *s)
{
    for (size_t i = 0; i < s->n; i++)
        arxiv_record_free(&s->r[i]);
    s->n = 0;
}

void arxiv_store_free(arxiv_store *s)
{
    if (!s)
        return;
    store_clear(s);
    free(s->r);
    free(s);
}

bool arxiv_store_path(char *buf, size_t size)
{
    char dir[4096];
    if (!paths_cache_dir(dir, sizeof dir))
        return false;
    int n = snprintf(buf, size, "%s/arxiv-records", dir);
    return n > 0 && (size_t)n < size;
}

size_t arxiv_store_count(const arxiv_store *s)
{
    return s->n;
}

static int record_cmp(const void *id, const void *r)
{
    return strcmp(id, ((const arxiv_record *)r)->id);
}

/* Where id (its base: no version) is or would go. */
static size_t find(const arxiv_store *s, const char *id, bool *found)
{
    return array_lower_bound(s->r, s->n, sizeof *s->r, id, record_cmp, found);
}

const arxiv_record *arxiv_store_get(const arxiv_store *s, const char *id)
{
    if (!s || !id || s->n == 0)
        return NULL;
    char base[ARXIV_ID_MAX];
    size_t len = arxiv_base_len(id);
    if (len >= sizeof base)
        return NULL;
    memcpy(base, id, len);
    base[len] = '\0';
    bool found;
    size_t at = find(s, base, &found);
    return found ? &s->r[at] : NULL;
}

bool arxiv_store_fresh(const arxiv_record *r, int64_t now)
{
    return r->fetched > 0 && now - r->fetched < ARXIV_REFRESH_SECONDS && r->fetched <= now + 86400;
}

void arxiv_store_put(arxiv_store *s, arxiv_record *r)
{
    bool found;
    size_t at = find(s, r->id, &found);
    /* s->r holds n + 1 records below: the analyzer cannot follow
     * ARRAY_RESERVE through a store that merge_from fills */
    ARRAY_RESERVE(s->r, s->cap, s->n + 1);
    if (found) {
        arxiv_record_free(&s->r[at]);
    } else {
        memmove(s->r + at + 1, s->r + at, /* NOLINT(clang-analyzer-core.NonNullParamChecker) */
                (s->n - at) * sizeof *s->r);
        s->n++;
    }
    s->r[at] = *r; /* NOLINT(clang-analyzer-core.NullDereference) */
    memset(r, 0, sizeof *r);
}

/* --- the file's text ------------------------------------------------------ */

static void put_escaped(strbuf *b, const char *v)
{
    for (const char *p = v ? v : ""; *p; p++) {
        const char *e = *p == '\\' ? "\\\\"
                      : *p == '\t' ? "\\t"
                      : *p == '\n' ? "\\n"
                      : *p == '\r' ? "\\r"
                      : *p == '|'  ? "\\p"
                                   : NULL;
        if (e)
            strbuf_puts(b, e);
        else
            strbuf_add(b, p, 1);
    }
}

static void put_list(strbuf *b, char *const *v, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            strbuf_puts(b, "|");
        put_escaped(b, v[i]);
    }
}

static void format_record(strbuf *b, const arxiv_record *r)
{
    char num[64];
    snprintf(num, sizeof num, "%u\t%lld", r->version, (long long)r->fetched);
    put_escaped(b, r->id);
    strbuf_puts(b, "\t");
    strbuf_puts(b, num);
    const char *const text[] = {r->title,   r->abstract,    r->published, r->updated,
                                r->comment, r->journal_ref, r->doi};
    for (size_t i = 0; i < sizeof text / sizeof *text; i++) {
        strbuf_puts(b, "\t");
        put_escaped(b, text[i]);
    }
    strbuf_puts(b, "\t");
    put_list(b, r->authors, r->nauthors);
    strbuf_puts(b, "\t");
    put_list(b, r->cats, r->ncats);
    strbuf_puts(b, "\n");
}

/* Unescapes s[0..n) into a heap string; NULL for an empty field. False on
 * an unknown escape. */
static bool unescape(const char *s, size_t n, char **out)
{
    *out = NULL;
    if (n == 0)
        return true;
    char *o = xmalloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\\') {
            o[k++] = s[i];
            continue;
        }
        char c = ++i < n ? s[i] : '\0';
        char v = c == '\\' ? '\\'
               : c == 't'  ? '\t'
               : c == 'n'  ? '\n'
               : c == 'r'  ? '\r'
               : c == 'p'  ? '|'
                           : 0;
        if (!v) {
            free(o);
            return false;
        }
        o[k++] = v;
    }
    o[k] = '\0';
    *out = o;
    return true;
}

/* A '|'-separated list field. */
static bool parse_list(const char *s, size_t n, char ***v, uint32_t *count)
{
    *v = NULL;
    *count = 0;
    size_t cap = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && s[j] != '|')
            j++;
        char *item;
        if (!unescape(s + i, j - i, &item))
            return false;
        if (item) {
            ARRAY_RESERVE(*v, cap, *count + 1);
            (*v)[(*count)++] = item;
        }
        i = j + 1;
    }
    return true;
}

static bool parse_number(const char *s, size_t n, long long *out)
{
    char buf[24];
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *end;
    errno = 0;
    *out = strtoll(buf, &end, 10);
    return errno == 0 && *end == '\0' && *out >= 0;
}

/* One record line s[0..n) into r (zeroed first). */
static bool parse_record(const char *s, size_t n, arxiv_record *r)
{
    memset(r, 0, sizeof *r);
    const char *f[STORE_FIELDS];
    size_t fl[STORE_FIELDS], nf = 0;
    for (size_t i = 0; nf < STORE_FIELDS;) {
        size_t j = i;
        while (j < n && s[j] != '\t')
            j++;
        f[nf] = s + i;
        fl[nf++] = j - i;
        if (j >= n)
            break;
        i = j + 1;
    }
    long long version, fetched;
    if (nf != STORE_FIELDS || f[STORE_FIELDS - 1] + fl[STORE_FIELDS - 1] != s + n || fl[0] == 0
        || fl[0] >= ARXIV_ID_MAX || !parse_number(f[1], fl[1], &version)
        || !parse_number(f[2], fl[2], &fetched) || version > UINT32_MAX)
        return false;
    memcpy(r->id, f[0], fl[0]);
    r->id[fl[0]] = '\0';
    r->version = (uint32_t)version;
    r->fetched = fetched;
    char **text[] = {&r->title,   &r->abstract,    &r->published, &r->updated,
                     &r->comment, &r->journal_ref, &r->doi};
    bool ok = arxiv_valid(r->id);
    for (size_t i = 0; ok && i < sizeof text / sizeof *text; i++)
        ok = unescape(f[3 + i], fl[3 + i], text[i]);
    ok = ok && parse_list(f[10], fl[10], &r->authors, &r->nauthors)
      && parse_list(f[11], fl[11], &r->cats, &r->ncats);
    if (!ok)
        arxiv_record_free(r);
    return ok;
}

/* Parses the file's text into s (emptied first). */
static int parse_store(arxiv_store *s, const char *path, const char *text, size_t len, char *err,
                       size_t errsize)
{
    store_clear(s);
    size_t line = 0, records = 0;
    bool ended = false;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (text + i)) : len - i;
        const char *l = text + i;
        line++;
        i += n + 1;
        char endline[40];
        snprintf(endline, sizeof endline, "end %zu", records);
        const char *why = NULL;
        arxiv_record r;
        if (ended)
            why = "text after the end line";
        else if (line == 1)
            why = n == strlen(STORE_MAGIC) && memcmp(l, STORE_MAGIC, n) == 0
                    ? NULL
                    : "not a paperdeck arXiv record file (or a newer version)";
        else if (n == strlen(endline) && memcmp(l, endline, n) == 0)
            ended = true;
        else if (!nl || !parse_record(l, n, &r))
            why = "not a record";
        else {
            arxiv_store_put(s, &r);
            records++;
        }
        if (why) {
            errf(err, errsize, "%s:%zu: %s", path, line, why);
            store_clear(s);
            return -1;
        }
    }
    if (!ended && len > 0) {
        errf(err, errsize, "%s: cut short (no end line)", path);
        store_clear(s);
        return -1;
    }
    return 0;
}

int arxiv_store_load(arxiv_store *s, const char *path, char *err, size_t errsize)
{
    store_clear(s);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return 0;
        errf(err, errsize, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    size_t len;
    char *text = fileio_read_fd_max(fd, 0, STORE_MAX_BYTES, &len);
    int e = errno;
    close(fd);
    if (!text) {
        errf(err, errsize, "cannot read %s: %s", path, strerror(e));
        return -1;
    }
    int rc = parse_store(s, path, text, len, err, errsize);
    free(text);
    return rc;
}

/* Takes in the records of disk that s lacks or holds older copies of. */
static void merge_from(arxiv_store *s, arxiv_store *disk)
{
    for (size_t i = 0; i < disk->n; i++) {
        const arxiv_record *mine = arxiv_store_get(s, disk->r[i].id);
        if (!mine || mine->fetched < disk->r[i].fetched)
            arxiv_store_put(s, &disk->r[i]);
    }
}

static int write_locked(arxiv_store *s, const char *path, char *err, size_t errsize)
{
    arxiv_store *disk = arxiv_store_new();
    int rc = arxiv_store_load(disk, path, err, errsize);
    if (rc == 0) {
        merge_from(s, disk);
        strbuf b = {0};
        strbuf_puts(&b, STORE_MAGIC "\n");
        for (size_t i = 0; i < s->n; i++)
            format_record(&b, &s->r[i]);
        char end[40];
        snprintf(end, sizeof end, "end %zu\n", s->n);
        strbuf_puts(&b, end);
        const char *step = "write";
        rc = fileio_replace_bytes(path, b.s, b.n, &step);
        if (rc != 0)
            errf(err, errsize, "cannot save %s (%s): %s", path, step, strerror(errno));
        free(b.s);
    }
    arxiv_store_free(disk);
    return rc;
}

int arxiv_store_make_dir(const char *path, char *err, size_t errsize)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        if (paths_make_dirs(dir) != 0) {
            errf(err, errsize, "cannot make %s: %s", dir, strerror(errno));
            return -1;
        }
    }
    return 0;
}

int arxiv_store_save(arxiv_store *s, const char *path, char *err, size_t errsize)
{
    if (arxiv_store_make_dir(path, err, errsize) != 0)
        return -1;
    char lock[4200];
    snprintf(lock, sizeof lock, "%s.lock", path);
    int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 || flock(fd, LOCK_EX) != 0) {
        errf(err, errsize, "cannot lock %s: %s", lock, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    int rc = write_locked(s, path, err, errsize);
    close(fd); /* drops the lock */
    return rc;
}
