/* cmd_common: what several commands share: the settings and the default
 * lists, --list-files, queries, sections, marks; see cmd.h. */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paperdeck/embedded.h"
#include "paperdeck/paths.h"
#include "paperdeck/remote.h"

bool cmd_fetch_remote(const char *const *files, int nfiles, bool revalidate)
{
    bool ok = true;
    for (int i = 0; i < nfiles; i++) {
        if (!remote_is_name(files[i]))
            continue;
        char err[1024];
        remote_info info;
        remote_result res;
        if (remote_info_of(files[i], &info, err, sizeof err) != 0) {
            fprintf(stderr, "paperdeck: %s\n", err);
            ok = false;
        } else if ((!info.cached || revalidate)
                   && remote_fetch(files[i], 0, NULL, &res, err, sizeof err) != 0) {
            char age[32];
            remote_age_text(info.fetched, age, sizeof age);
            if (info.cached)
                fprintf(stderr, "paperdeck: %s; using the copy fetched %s ago\n", err, age);
            else
                fprintf(stderr, "paperdeck: %s\n", err);
            ok &= info.cached;
        }
    }
    return ok;
}

/* The settings file: a bad line is reported and skipped. Returns the first
 * problem in first, or "" when there was none; first may be NULL (size 0)
 * for a command that shows no bottom line. */
static void load_settings(cmd_args *a, char *first, size_t size)
{
    char path[4096];
    if (size)
        first[0] = '\0';
    if (!paths_config_file(path, sizeof path))
        return;
    diag d;
    diag_init(&d);
    config_load(&a->cfg, path, &d);
    diag_print(&d, stderr);
    if (d.n && size) {
        char msg[1024];
        diag_format(&d.msgs[0], msg, sizeof msg);
        snprintf(first, size, "%s%s", msg, d.n > 1 ? " (and more, see stderr)" : "");
    }
    diag_free(&d);
    if (!a->sort_given && a->cfg.sort_set) { /* the settings' sort acts like -s */
        a->sort = a->cfg.sort;
        a->descending = a->cfg.descending;
        a->sort_given = true;
    }
}

void cmd_print_follow(const char *name)
{
    remote_info info;
    char err[512], age[32];
    if (remote_info_of(name, &info, err, sizeof err) != 0) {
        printf("followed: %s (%s)\n", name, err);
    } else if (!info.cached) {
        printf("followed: %s (not fetched yet: paperdeck update)\n", name);
    } else {
        remote_age_text(info.fetched, age, sizeof age);
        printf("followed: %s (fetched %s ago, %s)\n", name, age, info.path);
    }
}

/* Whether a followed list has a copy to show: with no FILE, they open
 * from the cache and nothing goes over the network (update fetches). */
static bool follow_cached(const char *name)
{
    remote_info info;
    char err[512];
    return remote_info_of(name, &info, err, sizeof err) == 0 && info.cached;
}

/* With no FILE: the lists of the settings file, else those in the data
 * directory, and the followed lists fetched so far; else (nothing set:
 * nfiles stays 0) the built-in list. */
static void default_lists(cmd_args *a)
{
    if (a->nfiles > 0)
        return;
    char dir[4096];
    if (a->cfg.nlists == 0 && paths_data_dir(dir, sizeof dir))
        paths_find_lists(dir, &a->found, &a->nfound);
    char **from = a->cfg.nlists ? a->cfg.lists : a->found;
    size_t n = a->cfg.nlists ? a->cfg.nlists : a->nfound;
    if (n + a->cfg.nfollows == 0)
        return;
    const char **files = realloc(a->files, (n + a->cfg.nfollows) * sizeof *files);
    if (!files)
        return; /* the built-in list, then */
    a->files = files;
    for (size_t i = 0; i < n; i++)
        a->files[a->nfiles++] = from[i];
    for (size_t i = 0; i < a->cfg.nfollows; i++)
        if (follow_cached(a->cfg.follows[i]))
            a->files[a->nfiles++] = a->cfg.follows[i];
}

/* A list of the data directory, and why it is left out when it is. */
static void print_found(const char *path)
{
    diag d;
    diag_init(&d);
    const char *one[] = {path};
    catalog *c = lists_load(one, 1, &d);
    if (c) {
        printf("  %s\n", path);
        catalog_free(c);
    } else {
        char first[1100];
        cmd_first_error(&d, first, sizeof first);
        printf("  %s (left out: %s)\n", path, first);
    }
    diag_free(&d);
}

/* --list-files: where paperdeck looks, what it found, what it opens. */
static int list_files(const cmd_args *a)
{
    char path[4096];
    if (paths_config_file(path, sizeof path))
        printf("settings: %s (%s)\n", path, a->cfg.path ? "read" : "not found");
    else
        printf("settings: none (PAPERDECK_CONFIG is empty, or HOME is not set)\n");
    if (paths_data_dir(path, sizeof path)) {
        printf("data directory: %s/ (*.yaml, *.yml, *.md, *.markdown): ", path);
        char **found;
        size_t n;
        paths_find_lists(path, &found, &n);
        printf("%zu list%s\n", n, n == 1 ? "" : "s");
        for (size_t i = 0; i < n; i++)
            print_found(found[i]);
        paths_free(found, n);
    } else {
        printf("data directory: none (neither XDG_DATA_HOME nor HOME is set)\n");
    }
    const char *caching = getenv("PAPERDECK_CACHE");
    if (caching && strcmp(caching, "off") == 0)
        printf("cache: off (PAPERDECK_CACHE=off)\n");
    else if (paths_cache_dir(path, sizeof path))
        printf("cache directory: %s/ (lists of 1 MB or more)\n", path);
    else
        printf("cache: none (neither XDG_CACHE_HOME nor HOME is set)\n");
    for (size_t i = 0; i < a->cfg.nfollows; i++)
        cmd_print_follow(a->cfg.follows[i]);
    const char *why = a->nfiles == 0 ? "the built-in list"
                    : a->cfg.nlists  ? "the lists of the settings file"
                                     : "the lists of the data directory";
    printf("with no FILE, paperdeck opens %s:\n", why);
    if (a->nfiles == 0)
        printf("  %s (built in)\n", embedded_list_name);
    for (int i = 0; i < a->nfiles; i++)
        printf("  %s\n", a->files[i]);
    return EXIT_OK;
}

int cmd_settings(cmd_args *a, char *first, size_t size)
{
    if (a->list_files)
        a->nfiles = 0; /* --list-files tells about the defaults */
    load_settings(a, first, size);
    int status = cmd_expand_dirs(a);
    if (status >= 0)
        return status;
    default_lists(a);
    return a->list_files ? list_files(a) : -1;
}

query *cmd_compile_query(const cmd_args *a)
{
    query_error err;
    query *q = query_compile(a->query ? a->query : "", &err);
    if (!q) {
        fprintf(stderr, "paperdeck: bad query: %s\n  %s\n  %*s^\n", err.msg, a->query, (int)err.pos,
                "");
    }
    return q;
}

bool cmd_find_section(const catalog *c, const char *want, int32_t *sec)
{
    *sec = catalog_find_section(c, want);
    if (*sec >= 0)
        return true;
    fprintf(stderr, "paperdeck: %s section '%s'; sections are:\n",
            *sec == CATALOG_AMBIGUOUS_SECTION ? "ambiguous" : "no", want);
    for (uint32_t i = 0; i < c->nsections; i++)
        fprintf(stderr, "  %s\n", c->sections[i].path);
    return false;
}

arxiv_store *cmd_open_records(paper_index *ix, char *msg, size_t size)
{
    char path[4096];
    arxiv_store *s = arxiv_store_new();
    msg[0] = '\0';
    if (arxiv_store_path(path, sizeof path) && arxiv_store_load(s, path, msg, size) != 0)
        fprintf(stderr, "paperdeck: %s\n", msg);
    index_set_records(ix, s);
    return s;
}

marks_store *cmd_open_marks(paper_index *ix, char *msg, size_t size)
{
    char dir[4096];
    marks_store *m = NULL;
    msg[0] = '\0';
    if (!marks_default_dir(dir, sizeof dir))
        snprintf(msg, size, "no marks: %.200s", dir);
    else
        m = marks_open(dir, msg, size);
    index_load_marks(ix, m);
    return m;
}
