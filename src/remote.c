/* remote: remote list names, their cached copies and fetching them; see
 * remote.h. */
#include "paperdeck/remote.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "paperdeck/ascii.h"
#include "paperdeck/fileio.h"
#include "paperdeck/http.h"
#include "paperdeck/marks.h"
#include "paperdeck/paths.h"
#include "paperdeck/xalloc.h"
#include "paperdeck/yaml_load.h"

#define META_MAGIC "paperdeck-remote 1"
#define META_MAX 8192
#define VALIDATOR_MAX 512
/* A list bigger than this is not a curated list: refused, not cut. */
#define BODY_MAX (64u << 20)
#define FETCH_TIMEOUT_MS 20000
#define DEFAULT_GITHUB "https://raw.githubusercontent.com"

bool remote_is_name(const char *name)
{
    return strncmp(name, "gh:", 3) == 0 || strncmp(name, "https://", 8) == 0
        || strncmp(name, "http://", 7) == 0;
}

/* A gh: part (OWNER, REPO, REF, PATH's segments): no empty, no "." or
 * "..", nothing a URL would read otherwise. */
static bool gh_part_ok(const char *s, size_t n, bool slashes)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch <= ' ' || ch == 0x7f || ch == '?' || ch == '#' || ch == '%' || ch == '\\'
            || (ch == '/' && !slashes))
            return false;
    }
    for (size_t i = 0; i < n;) { /* every segment */
        size_t k = i;
        while (k < n && s[k] != '/')
            k++;
        size_t seg = k - i;
        if (seg == 0 || (seg == 1 && s[i] == '.') || (seg == 2 && s[i] == '.' && s[i + 1] == '.'))
            return false;
        i = k + 1;
    }
    return true;
}

/* gh:OWNER/REPO[/PATH][@REF] to $PAPERDECK_GITHUB_URL/OWNER/REPO/REF/PATH. */
static int gh_url(const char *name, char *url, size_t size, char *err, size_t errsize)
{
    const char *s = name + 3;
    const char *at = strrchr(s, '@');
    size_t body = at ? (size_t)(at - s) : strlen(s);
    const char *ref = at ? at + 1 : "HEAD";
    const char *slash = memchr(s, '/', body);
    const char *slash2 = slash ? memchr(slash + 1, '/', body - (size_t)(slash + 1 - s)) : NULL;
    size_t owner = slash ? (size_t)(slash - s) : body;
    size_t repo = slash ? (slash2 ? (size_t)(slash2 - slash - 1) : body - owner - 1) : 0;
    const char *path = slash2 ? slash2 + 1 : "README.md";
    size_t pathn = slash2 ? body - (size_t)(path - s) : strlen(path);
    if (!slash || !gh_part_ok(s, owner, false) || !gh_part_ok(slash + 1, repo, false)
        || !gh_part_ok(ref, strlen(ref), true) || !gh_part_ok(path, pathn, true)) {
        snprintf(err, errsize, "%.200s: expected gh:OWNER/REPO[/PATH][@REF]", name);
        return -1;
    }
    const char *base = http_base_url("PAPERDECK_GITHUB_URL", DEFAULT_GITHUB);
    size_t bn = strlen(base);
    while (bn > 0 && base[bn - 1] == '/')
        bn--;
    int n = snprintf(url, size, "%.*s/%.*s/%.*s/%s/%.*s", (int)bn, base, (int)owner, s, (int)repo,
                     slash + 1, ref, (int)pathn, path);
    if (n < 0 || (size_t)n >= size) {
        snprintf(err, errsize, "%.200s: name too long", name);
        return -1;
    }
    return 0;
}

/* err: the name and why; the network layer's reasons start with the URL,
 * which goes last for a gh: name (the reason is what matters) and once for
 * a URL. */
static void say_why(const char *name, const char *url, const char *why, char *err, size_t errsize)
{
    size_t un = strlen(url);
    bool named = strncmp(why, url, un) == 0 && why[un] == ':' && why[un + 1] == ' ';
    if (named)
        why += un + 2;
    if (strcmp(name, url) == 0 || !named)
        snprintf(err, errsize, "%.200s: %s", name, why);
    else
        snprintf(err, errsize, "%.200s: %s (%s)", name, why, url);
}

int remote_url(const char *name, char *url, size_t size, char *err, size_t errsize)
{
    if (strncmp(name, "gh:", 3) == 0) {
        if (gh_url(name, url, size, err, errsize) != 0)
            return -1;
    } else if ((size_t)snprintf(url, size, "%s", name) >= size) {
        snprintf(err, errsize, "%.200s...: URL too long", name);
        return -1;
    }
    char why[512] = "";
    if (http_url_allowed(url, why, sizeof why) != 0) {
        say_why(name, url, why, err, errsize);
        return -1;
    }
    return 0;
}

/* --- the cache ----------------------------------------------------------- */

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    return h;
}

/* The directory and the files of url's copy: dir/KEY.list and dir/KEY.meta. */
static int cache_files(const char *url, char *dir, char *copy, char *meta, size_t size, char *err,
                       size_t errsize)
{
    char base[4096];
    if (!paths_cache_dir(base, sizeof base)) {
        snprintf(err, errsize, "no cache directory (neither XDG_CACHE_HOME nor HOME is set)");
        return -1;
    }
    unsigned long long key = (unsigned long long)fnv1a(url);
    int n = snprintf(dir, size, "%s/remote", base);
    int c = snprintf(copy, size, "%s/remote/%016llx.list", base, key);
    int m = snprintf(meta, size, "%s/remote/%016llx.meta", base, key);
    if (n < 0 || c < 0 || m < 0 || (size_t)c >= size || (size_t)m >= size) {
        snprintf(err, errsize, "cache directory path too long");
        return -1;
    }
    return 0;
}

/* A record: what remote_info says, and the validators to send back. */
typedef struct meta {
    char etag[VALIDATOR_MAX], last_modified[VALIDATOR_MAX];
    int64_t fetched;
    bool yaml;
    bool ok; /* read and valid */
} meta;

/* A header's value as it may go back into a request: one line, printable. */
static bool value_ok(const char *v)
{
    for (; *v; v++)
        if ((unsigned char)*v < ' ' || *v == 0x7f)
            return false;
    return true;
}

static void meta_read(const char *path, const char *url, meta *m)
{
    memset(m, 0, sizeof *m);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    size_t len;
    char *buf = fileio_read_fd_max(fd, 0, META_MAX, &len);
    close(fd);
    if (!buf)
        return;
    bool url_seen = false, magic = false;
    for (char *line = buf, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *sp = strchr(line, ' ');
        const char *v = sp ? sp + 1 : "";
        if (sp)
            *sp = '\0';
        if (strcmp(line, "paperdeck-remote") == 0)
            magic = strcmp(v, "1") == 0;
        else if (strcmp(line, "url") == 0)
            url_seen = strcmp(v, url) == 0;
        else if (strcmp(line, "etag") == 0 && strlen(v) < VALIDATOR_MAX)
            strcpy(m->etag, v);
        else if (strcmp(line, "last-modified") == 0 && strlen(v) < VALIDATOR_MAX)
            strcpy(m->last_modified, v);
        else if (strcmp(line, "fetched") == 0)
            m->fetched = strtoll(v, NULL, 10);
        else if (strcmp(line, "format") == 0)
            m->yaml = strcmp(v, "yaml") == 0;
    }
    free(buf);
    m->ok = magic && url_seen; /* another URL's record (a hash collision) is none */
}

static int meta_write(const char *path, const char *url, const meta *m, const char **step)
{
    char buf[META_MAX];
    int n = snprintf(buf, sizeof buf,
                     "%s\nurl %s\netag %s\nlast-modified %s\nfetched %lld\n"
                     "format %s\n",
                     META_MAGIC, url, m->etag, m->last_modified, (long long)m->fetched,
                     m->yaml ? "yaml" : "markdown");
    if (n < 0 || (size_t)n >= sizeof buf) {
        *step = "format";
        errno = ENAMETOOLONG;
        return -1;
    }
    return fileio_replace_bytes(path, buf, (size_t)n, step);
}

/* Everything about name's copy, for the functions below. */
typedef struct located {
    char url[REMOTE_URL_MAX];
    char dir[4096], copy[4096], meta[4096];
    meta m;
    bool cached;
} located;

static int locate(const char *name, located *l, char *err, size_t errsize)
{
    if (remote_url(name, l->url, sizeof l->url, err, errsize) != 0
        || cache_files(l->url, l->dir, l->copy, l->meta, sizeof l->dir, err, errsize) != 0)
        return -1;
    meta_read(l->meta, l->url, &l->m);
    struct stat st;
    l->cached = l->m.ok && stat(l->copy, &st) == 0 && S_ISREG(st.st_mode);
    return 0;
}

int remote_info_of(const char *name, remote_info *info, char *err, size_t errsize)
{
    located *l = xmalloc(sizeof *l);
    int rc = locate(name, l, err, errsize);
    memset(info, 0, sizeof *info);
    if (rc == 0) {
        info->cached = l->cached;
        info->fetched = l->m.fetched;
        info->yaml = l->m.yaml;
        snprintf(info->path, sizeof info->path, "%s", l->copy);
    }
    free(l);
    return rc;
}

/* --- loading --------------------------------------------------------------- */

static int load_buffer(catalog *c, const char *name, const char *buf, size_t len, bool yaml,
                       bool as_group, diag *d, md_stats *st)
{
    return yaml ? yaml_load_buffer(c, name, buf, len, as_group, d)
                : md_import_buffer(c, name, buf, len, as_group, d, st);
}

/* The copy's bytes, NULL (errno set) when it cannot be read. */
static char *read_copy(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    char *buf = fileio_read_fd_max(fd, 0, BODY_MAX, len);
    int e = errno;
    close(fd);
    errno = e;
    return buf;
}

int remote_load(catalog *c, const char *name, bool as_group, bool markdown_only, diag *d,
                md_stats *st)
{
    char err[1024];
    located *l = xmalloc(sizeof *l);
    int rc = -1;
    if (locate(name, l, err, sizeof err) != 0) {
        diag_add(d, DIAG_ERROR, name, 0, 0, "%s", err);
    } else if (!l->cached) {
        diag_add(d, DIAG_ERROR, name, 0, 0, "not fetched yet (no copy in %s)", l->dir);
    } else if (l->m.yaml && markdown_only) {
        diag_add(d, DIAG_ERROR, name, 0, 0,
                 "this is a YAML list (paperdeck's own format), not markdown: nothing to import");
    } else {
        size_t len;
        char *buf = read_copy(l->copy, &len);
        if (!buf)
            diag_add(d, DIAG_ERROR, name, 0, 0, "cannot read the cached copy %s: %s", l->copy,
                     strerror(errno));
        else
            rc = load_buffer(c, name, buf, len, l->m.yaml, as_group, d, st);
        free(buf);
    }
    free(l);
    return rc;
}

/* --- fetching -------------------------------------------------------------- */

/* Whether url's path ends in ext (before a query or fragment). */
static bool url_ends_with(const char *url, const char *ext)
{
    size_t n = strcspn(url, "?#"), e = strlen(ext);
    return n >= e && ascii_eq_n(url + n - e, ext, e);
}

static bool body_is_yaml(const char *url, const char *body, size_t len)
{
    if (url_ends_with(url, ".yaml") || url_ends_with(url, ".yml"))
        return true;
    if (url_ends_with(url, ".md") || url_ends_with(url, ".markdown"))
        return false;
    return !md_sniff(body, len);
}

/* The body as a list: a finished catalog, NULL with the first error in err. */
static catalog *parse_body(const char *name, const char *body, size_t len, bool yaml, char *err,
                           size_t errsize)
{
    catalog *c = catalog_new();
    diag d;
    diag_init(&d);
    int rc = load_buffer(c, name, body, len, yaml, false, &d, NULL);
    if (rc == 0 && !d.errors && c->nentries == 0) /* an error page, a README of prose */
        diag_add(&d, DIAG_ERROR, name, 0, 0, "no entry in it");
    if (rc != 0 || d.errors) {
        char first[900] = "not a list";
        for (size_t i = 0; i < d.n; i++)
            if (d.msgs[i].level == DIAG_ERROR) {
                diag_format(&d.msgs[i], first, sizeof first);
                break;
            }
        snprintf(err, errsize, "%s%s", first, d.errors > 1 ? " (and more)" : "");
        catalog_free(c);
        c = NULL;
    } else {
        catalog_finish(c);
    }
    diag_free(&d);
    return c;
}

static int key_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries' marks keys, sorted. */
static char **entry_keys(const catalog *c)
{
    char **keys = xcalloc(c->nentries + 1, sizeof *keys);
    for (uint32_t i = 0; i < c->nentries; i++) {
        char key[MARKS_KEY_MAX];
        marks_entry_key(&c->entries[i], key, sizeof key);
        keys[i] = xstrdup(key);
    }
    qsort(keys, c->nentries, sizeof *keys, key_cmp);
    return keys;
}

static void keys_free(char **keys, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
}

/* Marks the entries of now that old (the copy before) had not as new;
 * returns how many. A problem with the marks is not the fetch's failure:
 * the entries are simply not marked. */
static uint32_t mark_appeared(const catalog *old, const catalog *now)
{
    char **was = entry_keys(old), **is = entry_keys(now);
    const char **fresh = xcalloc(now->nentries + 1, sizeof *fresh);
    size_t n = 0;
    for (uint32_t i = 0; i < now->nentries; i++)
        if ((i == 0 || strcmp(is[i], is[i - 1]) != 0)
            && !bsearch(&is[i], was, old->nentries, sizeof *was, key_cmp))
            fresh[n++] = is[i];
    char dir[4096], msg[MARKS_MSG_MAX];
    if (n && marks_default_dir(dir, sizeof dir)) {
        marks_store *m = marks_open(dir, msg, sizeof msg);
        marks_set_many(m, fresh, n, MARK_NEW, true, msg, sizeof msg);
        marks_close(m);
    }
    free(fresh);
    keys_free(was, old->nentries);
    keys_free(is, now->nentries);
    return (uint32_t)n;
}

/* The record for a body that came with 200 now. */
static void meta_of(const http_response *resp, bool yaml, meta *m)
{
    memset(m, 0, sizeof *m);
    m->fetched = (int64_t)time(NULL);
    m->yaml = yaml;
    m->ok = true;
    if (resp->etag && value_ok(resp->etag) && strlen(resp->etag) < VALIDATOR_MAX)
        strcpy(m->etag, resp->etag);
    if (resp->last_modified && value_ok(resp->last_modified)
        && strlen(resp->last_modified) < VALIDATOR_MAX)
        strcpy(m->last_modified, resp->last_modified);
}

/* Saves a body that came with 200: the copy (unless it is the same
 * bytes), then the record; marks what appeared. */
static int save_body(const char *name, located *l, const http_response *resp, remote_result *res,
                     char *err, size_t errsize)
{
    bool yaml = body_is_yaml(l->url, resp->body, resp->len);
    char why[900];
    catalog *now = parse_body(name, resp->body, resp->len, yaml, why, sizeof why);
    if (!now) {
        snprintf(err, errsize, "%.200s: fetched, but it is not a list: %s", name, why);
        return -1;
    }
    size_t oldlen = 0;
    char *oldbuf = l->cached ? read_copy(l->copy, &oldlen) : NULL;
    bool same = oldbuf && oldlen == resp->len && memcmp(oldbuf, resp->body, oldlen) == 0;
    catalog *old = oldbuf && !same ? parse_body(name, oldbuf, oldlen, l->m.yaml, why, sizeof why)
                                   : NULL;
    free(oldbuf);
    const char *step = "create";
    int rc = 0;
    if (!same
        && (paths_make_dirs(l->dir) != 0
            || fileio_replace_bytes(l->copy, resp->body, resp->len, &step) != 0)) {
        snprintf(err, errsize, "%.200s: cannot save %s (%s): %s", name, l->copy, step,
                 strerror(errno));
        rc = -1;
    }
    if (rc == 0) {
        meta m;
        meta_of(resp, yaml, &m);
        /* a record that cannot be written leaves the old validators: the
         * next fetch is then a whole one, which is harmless */
        meta_write(l->meta, l->url, &m, &step);
        res->changed = !same;
        res->entries = now->nentries;
        res->appeared = old ? mark_appeared(old, now) : 0;
    }
    if (old)
        catalog_free(old);
    catalog_free(now);
    return rc;
}

/* A 304: the copy is current; the record says so from now. */
static int confirm(const char *name, located *l, remote_result *res)
{
    l->m.fetched = (int64_t)time(NULL);
    const char *step;
    meta_write(l->meta, l->url, &l->m, &step);
    size_t len;
    char *buf = read_copy(l->copy, &len);
    char why[256];
    catalog *c = buf ? parse_body(name, buf, len, l->m.yaml, why, sizeof why) : NULL;
    free(buf);
    if (c) {
        res->entries = c->nentries;
        catalog_free(c);
    }
    return 0;
}

int remote_fetch(const char *name, unsigned flags, const atomic_bool *cancel, remote_result *res,
                 char *err, size_t errsize)
{
    memset(res, 0, sizeof *res);
    res->retry_after_s = -1;
    located *l = xmalloc(sizeof *l);
    if (locate(name, l, err, errsize) != 0) {
        free(l);
        return -1;
    }
    bool conditional = l->cached && !(flags & REMOTE_FORCE);
    http_request req = {
        .url = l->url,
        .if_none_match = conditional && l->m.etag[0] ? l->m.etag : NULL,
        .if_modified_since = conditional && l->m.last_modified[0] ? l->m.last_modified : NULL,
        .max_bytes = BODY_MAX,
        .timeout_ms = FETCH_TIMEOUT_MS,
        .cancel = cancel,
    };
    http_response resp;
    memset(&resp, 0, sizeof resp);
    char why[1024] = "";
    int rc = http_get(&req, &resp, why, sizeof why);
    res->status = (int)resp.status;
    res->retry_after_s = resp.retry_after_s;
    if (rc == 0 && resp.status == 304 && !l->cached) { /* not asked for */
        snprintf(why, sizeof why, "HTTP 304 without a copy to revalidate");
        rc = -1;
    }
    if (rc != 0)
        say_why(name, l->url, why, err, errsize);
    else if (resp.status == 304)
        rc = confirm(name, l, res);
    else
        rc = save_body(name, l, &resp, res, err, errsize);
    http_response_free(&resp);
    free(l);
    return rc;
}

void remote_age_text(int64_t t, char *buf, size_t size)
{
    int64_t s = (int64_t)time(NULL) - t;
    if (s < 0)
        s = 0;
    if (s < 60)
        snprintf(buf, size, "%lld s", (long long)s);
    else if (s < 3600)
        snprintf(buf, size, "%lld min", (long long)(s / 60));
    else if (s < 2 * 86400)
        snprintf(buf, size, "%lld h", (long long)(s / 3600));
    else
        snprintf(buf, size, "%lld days", (long long)(s / 86400));
}
