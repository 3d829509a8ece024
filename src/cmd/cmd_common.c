/* cmd_common: what several commands share: the settings and the default
 * lists, --list-files, load reports, queries, sections, marks; see cmd.h. */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paperdeck/embedded.h"
#include "paperdeck/paths.h"

int cmd_run_on_lists(cmd_args *a, int (*run)(const cmd_args *a, paper_index *ix))
{
    int status = cmd_settings(a, NULL, 0); /* stderr has the settings' problems */
    if (status >= 0)
        return status;
    diag d;
    diag_init(&d);
    paper_index *ix = lists_index_cached(a->files, a->nfiles, &d);
    cmd_report_load(&d, !ix);
    diag_free(&d);
    if (!ix)
        return EXIT_USAGE;
    status = run(a, ix);
    lists_release(ix);
    return status;
}

void cmd_report_load(const diag *d, bool failed)
{
    diag_print(d, stderr);
    if (failed)
        fprintf(stderr, "paperdeck: %zu error%s, %zu warning%s\n", d->errors,
                d->errors == 1 ? "" : "s", d->warnings, d->warnings == 1 ? "" : "s");
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

/* With no FILE: the lists of the settings file, else those in the data
 * directory, else (nothing set: nfiles stays 0) the built-in list. */
static void default_lists(cmd_args *a)
{
    if (a->nfiles > 0)
        return;
    char dir[4096];
    if (a->cfg.nlists == 0 && paths_data_dir(dir, sizeof dir))
        paths_find_lists(dir, &a->found, &a->nfound);
    char **from = a->cfg.nlists ? a->cfg.lists : a->found;
    size_t n = a->cfg.nlists ? a->cfg.nlists : a->nfound;
    if (n == 0)
        return;
    const char **files = realloc(a->files, n * sizeof *files);
    if (!files)
        return; /* the built-in list, then */
    a->files = files;
    for (size_t i = 0; i < n; i++)
        a->files[a->nfiles++] = from[i];
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
            printf("  %s\n", found[i]);
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
