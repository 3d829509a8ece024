/* lists: loading the lists a command names, at once or head first.
 *
 * Head first: a list of a hundred thousand entries takes half a second to
 * parse (libyaml alone reads ~100 MB/s here) and a million take seconds, but
 * a screen shows fifty rows. So the browser starts on the first entries,
 * which take a few milliseconds, while a thread loads the whole list again
 * from the start and builds its index; the browser then swaps it in as a
 * reload does. Loading from the start, rather than going on from where the
 * head stopped, keeps one loader and one code path for every check. */
#include "paperdeck/lists.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "paperdeck/cache.h"
#include "paperdeck/embedded.h"
#include "paperdeck/fileio.h"
#include "paperdeck/remote.h"
#include "paperdeck/testhooks.h"
#include "paperdeck/xalloc.h"
#include "paperdeck/yaml_load.h"

/* Lists smaller than this load at once: they take ~20 ms, and their head
 * would be most of them. They are not worth a cache either. */
#define HEAD_MIN_BYTES (1u << 20)
#define CACHE_MIN_BYTES HEAD_MIN_BYTES

/* How much of a file without a telling name is read to sniff it: the first
 * line that is not a heading or a comment decides (md_sniff). */
#define SNIFF_BYTES 65536

static bool has_yaml_name(const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    return dot && (!slash || dot > slash)
        && (strcmp(dot, ".yaml") == 0 || strcmp(dot, ".yml") == 0);
}

/* LIST_MARKDOWN or LIST_YAML, by the name or by how the file starts;
 * LIST_UNREADABLE for what is not a regular file that can be opened (its
 * loader says why). */
enum { LIST_UNREADABLE = -1, LIST_YAML, LIST_MARKDOWN };

static int list_kind(const char *path)
{
    if (md_is_markdown_path(path))
        return LIST_MARKDOWN;
    /* only a regular file: reading a pipe to sniff it would eat its head */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return LIST_UNREADABLE;
    struct stat st;
    bool regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    size_t len = 0;
    char *buf = regular && !has_yaml_name(path) ? fileio_read_fd_max(fd, 0, SNIFF_BYTES, &len)
                                                : NULL;
    close(fd);
    int kind = !regular                         ? LIST_UNREADABLE
             : buf && len && md_sniff(buf, len) ? LIST_MARKDOWN
                                                : LIST_YAML;
    free(buf);
    return kind;
}

bool lists_is_markdown(const char *path)
{
    return list_kind(path) == LIST_MARKDOWN;
}

/* A YAML list where only markdown is taken (import): refused, with why. */
static int not_markdown(const char *name, diag *d)
{
    diag_add(d, DIAG_ERROR, name, 0, 0,
             "this is a YAML list (paperdeck's own format), not markdown: nothing to import; "
             "open it with 'paperdeck %s' or check it with 'paperdeck check %s'",
             name, name);
    return -1;
}

int lists_load_one(catalog *c, const char *path, bool as_group, bool markdown_only, diag *d,
                   md_stats *st)
{
    if (remote_is_name(path)) /* its cached copy; fetching is the command's */
        return remote_load(c, path, as_group, markdown_only, d, st);
    if (strcmp(path, "-") != 0) {
        int kind = list_kind(path);
        if (kind == LIST_YAML && markdown_only)
            return not_markdown(path, d);
        if (kind == LIST_MARKDOWN || markdown_only) /* the importer says why it cannot */
            return md_import_file(c, path, as_group, d, st);
        return yaml_load_file(c, path, as_group, d);
    }
    size_t len = 0;
    char *buf = fileio_read_stream(stdin, &len);
    if (!buf) {
        diag_add(d, DIAG_ERROR, "<stdin>", 0, 0, "cannot read: %s", strerror(errno));
        return -1;
    }
    int rc = md_sniff(buf, len) ? md_import_buffer(c, "<stdin>", buf, len, as_group, d, st)
           : markdown_only      ? not_markdown("-", d)
                                : yaml_load_buffer(c, "<stdin>", buf, len, as_group, d);
    free(buf);
    return rc;
}

/* The lists within limits (NULL: none). Returns a finished catalog, or NULL
 * on errors or when lim->cancel stopped the load; *cut tells whether
 * lim->max_entries did (then the catalog is a head). Markdown lists and
 * stdin always load whole. */
static catalog *load_files(const char *const *files, int nfiles, const yaml_load_limits *lim,
                           diag *d, bool *cut)
{
    catalog *c = catalog_new();
    int failed = 0;
    *cut = false;
    if (nfiles == 0) {
        failed |= yaml_load_buffer(c, embedded_list_name, (const char *)embedded_list_data,
                                   embedded_list_size, false, d)
               != 0;
    }
    for (int i = 0; i < nfiles && !*cut; i++) {
        bool group = nfiles > 1, whole = true;
        if (lim && strcmp(files[i], "-") != 0 && !lists_is_markdown(files[i]))
            failed |= yaml_load_file_limited(c, files[i], group, lim, &whole, d) != 0;
        else
            failed |= lists_load_one(c, files[i], group, false, d, NULL) != 0;
        *cut = !whole;
    }
    bool cancelled = *cut && lim->cancel && atomic_load(lim->cancel);
    if (failed || d->errors || cancelled) {
        catalog_free(c);
        return NULL;
    }
    catalog_finish(c);
    return c;
}

/* A list rewritten while it is read (an editor saving in place, a script)
 * fails with errors that are not the file's, or comes out cut short: when
 * a failed load saw the files change under it, they are loaded again, up
 * to CHANGED_RETRIES times, once the writer has had CHANGED_SETTLE_MS to
 * finish, and only the last attempt's messages count. */
#define CHANGED_RETRIES 3
#define CHANGED_SETTLE_MS 100

static bool changed_since(const char *const *files, int nfiles, const cache_stamp *before)
{
    cache_stamp now;
    return !cache_stamp_files(files, nfiles, &now) || !cache_stamp_equal(&now, before);
}

static catalog *load_steady(const char *const *files, int nfiles, const yaml_load_limits *lim,
                            diag *d, bool *cut, cache_stamp *stamp, bool *stamped_out)
{
    for (int attempt = 0;; attempt++) {
        cache_stamp before;
        bool stamped = cache_stamp_files(files, nfiles, &before);
        if (stamp)
            *stamp = before;
        if (stamped_out)
            *stamped_out = stamped;
        diag tried;
        diag_init(&tried);
        catalog *c = load_files(files, nfiles, lim, &tried, cut);
        bool cancelled = lim && lim->cancel && atomic_load(lim->cancel);
        if (c || !stamped || cancelled || attempt == CHANGED_RETRIES
            || !changed_since(files, nfiles, &before)) {
            diag_append(d, &tried);
            diag_free(&tried);
            return c;
        }
        diag_free(&tried);
        struct timespec settle = {0, CHANGED_SETTLE_MS * 1000000L};
        nanosleep(&settle, NULL);
    }
}

catalog *lists_load(const char *const *files, int nfiles, diag *d)
{
    bool cut;
    return load_steady(files, nfiles, NULL, d, &cut, NULL, NULL);
}

/* The bytes of the files; 0 when one cannot be looked at or is stdin. */
static size_t total_bytes(const char *const *files, int nfiles, size_t *yaml);

/* load_files (whole, within lim's cancel) and index_build through the
 * cache: lists of CACHE_MIN_BYTES or more are mapped from it, with their
 * index's title summaries, when it is valid, and saved to it when it is
 * not (or when its summaries are another build's). */
static paper_index *load_indexed(const char *const *files, int nfiles, const yaml_load_limits *lim,
                                 diag *d)
{
    char path[4096];
    size_t yaml;
    cache_stamp stamp; /* the files as they are before they are read */
    bool cacheable = total_bytes(files, nfiles, &yaml) >= CACHE_MIN_BYTES
                  && cache_stamp_files(files, nfiles, &stamp)
                  && cache_path(files, nfiles, path, sizeof path);
    const void *parts[INDEX_SUMMARY_PARTS];
    catalog *c = cacheable ? cache_load(path, files, nfiles, parts, d) : NULL;
    paper_index *ix = c && parts[0] ? index_build_with(c, parts) : NULL;
    if (ix)
        return ix;
    if (!c) {
        bool cut, stamped;
        c = load_steady(files, nfiles, lim, d, &cut, &stamp, &stamped);
        if (!c)
            return NULL;
        cacheable &= stamped; /* stamp is of the load that succeeded */
    }
    ix = index_build(c);
    if (cacheable)
        cache_save(path, c, ix, d, &stamp); /* a failure only costs the next start */
    return ix;
}

paper_index *lists_index_cached(const char *const *files, int nfiles, diag *d)
{
    return load_indexed(files, nfiles, NULL, d);
}

void lists_release(paper_index *ix)
{
    catalog *c = (catalog *)index_catalog(ix);
    index_free(ix);
    catalog_free(c);
}

/* --- head first ------------------------------------------------------------ */

struct lists_loading {
    const char *const *files; /* the caller's, alive until finish or cancel */
    int nfiles;
    pthread_t thread;
    atomic_bool cancel, done;
    atomic_size_t parsed;   /* bytes of YAML parsed */
    size_t total;           /* bytes of the YAML files */
    diag d;                 /* the thread's until done */
    paper_index *ix;        /* the result; NULL on errors */
    cache_stamp head_stamp; /* the files as the head was read from them */
    bool head_stamped;
    bool changed; /* a failed load saw the files changed since */
};

/* The test knob's delay (testhooks.h), cut short by a cancel. */
static void test_delay(const atomic_bool *cancel)
{
    long ms = testhooks_env_ms("PAPERDECK_TEST_SLOW_LOAD");
    for (long i = 0; i < ms / 10 && !atomic_load(cancel); i++) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}

static void *load_all(void *arg)
{
    lists_loading *l = arg;
    test_delay(&l->cancel);
    yaml_load_limits lim = {.cancel = &l->cancel, .progress = &l->parsed};
    l->ix = load_indexed(l->files, l->nfiles, &lim, &l->d);
    if (l->ix && !atomic_load(&l->cancel))
        index_prepare_sorts(l->ix, &l->cancel); /* here, not on the first sort's key */
    /* errors made by a change (a file rewritten, cut or deleted while it
     * loads) are not the errors of the list the head came from */
    l->changed = !l->ix && l->head_stamped && changed_since(l->files, l->nfiles, &l->head_stamp);
    atomic_store(&l->done, true);
    return NULL;
}

/* *yaml gets the bytes of the YAML files, which progress is counted
 * against. */
static size_t total_bytes(const char *const *files, int nfiles, size_t *yaml)
{
    size_t all = 0;
    *yaml = 0;
    for (int i = 0; i < nfiles; i++) {
        struct stat st;
        if (strcmp(files[i], "-") == 0 || stat(files[i], &st) != 0 || !S_ISREG(st.st_mode))
            return 0;
        all += (size_t)st.st_size;
        if (!lists_is_markdown(files[i]))
            *yaml += (size_t)st.st_size;
    }
    return all;
}

lists_loading *lists_load_head(const char *const *files, int nfiles, uint32_t head, catalog **out,
                               diag *d)
{
    size_t yaml;
    size_t all = total_bytes(files, nfiles, &yaml);
    if (all < HEAD_MIN_BYTES || yaml == 0 || head == 0) {
        *out = lists_load(files, nfiles, d);
        return NULL;
    }
    cache_stamp stamp;
    bool stamped = cache_stamp_files(files, nfiles, &stamp);
    diag hd; /* the head's messages: the whole load reports them again */
    diag_init(&hd);
    yaml_load_limits lim = {.max_entries = head};
    bool cut;
    catalog *c = load_files(files, nfiles, &lim, &hd, &cut);
    diag_free(&hd);
    if (!c || !cut) {
        /* errors, to be reported in full, or a list that was all head: the
         * whole load also checks what a head load leaves to libyaml */
        if (c)
            catalog_free(c);
        *out = lists_load(files, nfiles, d);
        return NULL;
    }
    lists_loading *l = xcalloc(1, sizeof *l);
    l->files = files;
    l->nfiles = nfiles;
    l->total = yaml;
    l->head_stamp = stamp;
    l->head_stamped = stamped;
    atomic_init(&l->cancel, false);
    atomic_init(&l->done, false);
    atomic_init(&l->parsed, 0);
    diag_init(&l->d);
    if (pthread_create(&l->thread, NULL, load_all, l) != 0) {
        free(l);
        catalog_free(c);
        *out = lists_load(files, nfiles, d);
        return NULL;
    }
    *out = c;
    return l;
}

bool lists_loading_done(lists_loading *l, double *fraction)
{
    if (fraction) {
        double f = (double)atomic_load_explicit(&l->parsed, memory_order_relaxed)
                 / (double)l->total;
        *fraction = f > 1 ? 1 : f;
    }
    return atomic_load(&l->done);
}

bool lists_loading_changed(const lists_loading *l)
{
    return atomic_load(&l->done) && l->changed;
}

paper_index *lists_loading_finish(lists_loading *l, diag *d)
{
    pthread_join(l->thread, NULL);
    diag_append(d, &l->d);
    diag_free(&l->d);
    paper_index *ix = l->ix;
    free(l);
    return ix;
}

void lists_loading_cancel(lists_loading *l)
{
    atomic_store(&l->cancel, true);
    diag d;
    diag_init(&d);
    paper_index *ix = lists_loading_finish(l, &d);
    if (ix)
        lists_release(ix);
    diag_free(&d);
}
