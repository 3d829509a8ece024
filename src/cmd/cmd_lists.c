/* cmd_lists: the lists a command loads: FILEs that are directories, the
 * directories' lists with errors left out, and what a load reports (errors,
 * warnings summed up per file); see cmd.h. */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "paperdeck/array.h"
#include "paperdeck/md_import.h"
#include "paperdeck/paths.h"
#include "paperdeck/xalloc.h"

/* The index after the run of messages about d->msgs[i].file. */
static size_t run_end(const diag *d, size_t i)
{
    const char *file = d->msgs[i].file;
    while (i < d->n && strcmp(d->msgs[i].file, file) == 0)
        i++;
    return i;
}

/* The summary of the warnings about d->msgs[i].file, in buf; returns the
 * index after the run of messages about that file. brief (the browser's
 * bottom line): the file is named once, in the command, with ~. */
static size_t file_summary(const diag *d, size_t i, char *buf, size_t size, bool brief)
{
    const char *file = d->msgs[i].file;
    size_t end = run_end(d, i), skipped = 0, others = 0;
    for (; i < end; i++) {
        if (d->msgs[i].level != DIAG_WARNING)
            continue;
        if (md_warning_skips_row(d->msgs[i].text))
            skipped++;
        else
            others++;
    }
    char shown[1024];
    bool stdin_file = strcmp(file, "<stdin>") == 0;
    if (brief && !stdin_file)
        file = paths_shorten(file, shown, sizeof shown);
    int n = brief && !stdin_file ? 0 : snprintf(buf, size, "%s: ", file);
    if (skipped && n >= 0 && (size_t)n < size)
        n += snprintf(buf + n, size - (size_t)n, "%zu row%s skipped%s", skipped,
                      skipped == 1 ? "" : "s", others ? ", " : "");
    if (others && n >= 0 && (size_t)n < size)
        n += snprintf(buf + n, size - (size_t)n, "%zu warning%s", others, others == 1 ? "" : "s");
    if (n >= 0 && (size_t)n < size) {
        if (stdin_file)
            snprintf(buf + n, size - (size_t)n, ": -v shows them");
        else
            snprintf(buf + n, size - (size_t)n, ": paperdeck check %s", file);
    }
    return i;
}

/* The next message at or after i that is a warning; d->n when none. */
static size_t next_warning(const diag *d, size_t i)
{
    while (i < d->n && d->msgs[i].level != DIAG_WARNING)
        i++;
    return i;
}

void cmd_warning_summary(const diag *d, char *buf, size_t size)
{
    buf[0] = '\0';
    size_t i = next_warning(d, 0);
    if (i == d->n)
        return;
    i = next_warning(d, file_summary(d, i, buf, size, true));
    size_t more = 0;
    for (; i < d->n; i = next_warning(d, run_end(d, i)))
        more++;
    size_t len = strlen(buf);
    if (more)
        snprintf(buf + len, size - len, " (+%zu more file%s)", more, more == 1 ? "" : "s");
}

void cmd_report_load(const diag *d, bool failed, bool verbose)
{
    if (failed || verbose) {
        diag_print(d, stderr);
    } else {
        char line[2048];
        for (size_t i = 0; i < d->n;) {
            if (d->msgs[i].level == DIAG_ERROR) {
                diag_format(&d->msgs[i++], line, sizeof line);
            } else {
                i = file_summary(d, i, line, sizeof line, false);
                fputs("paperdeck: ", stderr);
            }
            fprintf(stderr, "%s\n", line);
        }
    }
    if (failed)
        fprintf(stderr, "paperdeck: %zu error%s, %zu warning%s\n", d->errors,
                d->errors == 1 ? "" : "s", d->warnings, d->warnings == 1 ? "" : "s");
}

/* cmd_first_error; shorten: its file relative or with ~ (paths_shorten). */
static void first_error(const diag *d, char *buf, size_t size, bool shorten)
{
    char first[1024] = "cannot load the lists", shown[1024];
    for (size_t i = 0; i < d->n; i++) {
        if (d->msgs[i].level == DIAG_ERROR) {
            diag_msg m = d->msgs[i];
            if (shorten) {
                paths_shorten(m.file, shown, sizeof shown);
                m.file = shown;
            }
            diag_format(&m, first, sizeof first);
            break;
        }
    }
    if (d->errors > 1)
        snprintf(buf, size, "%s (+%zu more)", first, d->errors - 1);
    else
        snprintf(buf, size, "%s", first);
}

void cmd_first_error(const diag *d, char *buf, size_t size)
{
    first_error(d, buf, size, false);
}

/* --- directories ----------------------------------------------------------- */

static bool is_directory(const char *path)
{
    struct stat st;
    return strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A growing list of files. */
typedef struct file_list {
    const char **v;
    size_t n, cap;
} file_list;

static void file_list_add(file_list *fl, const char *f)
{
    ARRAY_RESERVE(fl->v, fl->cap, fl->n + 1);
    fl->v[fl->n++] = f;
}

/* Adds the lists in dir to a->found and, in order, to fl. Returns -1, or
 * EXIT_USAGE (reported) when there are none. */
static int add_dir(cmd_args *a, const char *dir, file_list *fl)
{
    char *trimmed = xstrdup(dir); /* "lists/" names its lists "lists/x.yaml" */
    for (size_t len = strlen(trimmed); len > 1 && trimmed[len - 1] == '/'; len--)
        trimmed[len - 1] = '\0';
    char **found;
    size_t nfound;
    paths_find_lists(trimmed, &found, &nfound);
    free(trimmed);
    if (nfound == 0)
        return cmd_usage_error("%s: a directory with no list in it "
                               "(*.yaml, *.yml, *.md, *.markdown)",
                               dir);
    a->found = xrealloc(a->found, (a->nfound + nfound) * sizeof *a->found);
    for (size_t k = 0; k < nfound; k++) {
        a->found[a->nfound++] = found[k];
        file_list_add(fl, found[k]);
    }
    free(found);
    return -1;
}

int cmd_expand_dirs(cmd_args *a)
{
    file_list fl = {0};
    bool any = false;
    for (int i = 0; i < a->nfiles; i++) {
        if (!is_directory(a->files[i])) {
            file_list_add(&fl, a->files[i]);
        } else if (add_dir(a, a->files[i], &fl) >= 0) {
            free(fl.v);
            return EXIT_USAGE;
        } else {
            any = true;
        }
    }
    if (!any) {
        free(fl.v);
        return -1;
    }
    free(a->files);
    a->files = fl.v;
    a->nfiles = (int)fl.n;
    return -1;
}

/* --- lists with errors left out -------------------------------------------- */

/* Whether f was found in a directory (the data directory, or a FILE that is
 * one): such a list is left out when it has errors. */
static bool found_in_directory(const cmd_args *a, const char *f)
{
    for (size_t i = 0; i < a->nfound; i++)
        if (a->found[i] == f)
            return true;
    return false;
}

static bool has_error_about(const diag *d, const char *file)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->msgs[i].level == DIAG_ERROR && strcmp(d->msgs[i].file, file) == 0)
            return true;
    return false;
}

/* Whether l->files[i] is a directory's list with errors in d. */
static bool to_leave_out(const cmd_lists *l, int i, const cmd_args *a, const diag *d)
{
    return found_in_directory(a, l->files[i]) && has_error_about(d, l->files[i]);
}

/* Leaves out of l the directory's lists that have errors in d, their
 * messages going to l->left, when some lists are left to load. Whether
 * any was. */
static bool leave_out(cmd_lists *l, const cmd_args *a, const diag *d)
{
    int bad = 0;
    for (int i = 0; i < l->nfiles; i++)
        bad += to_leave_out(l, i, a, d);
    if (bad == 0 || bad == l->nfiles)
        return false;
    int kept = 0;
    for (int i = 0; i < l->nfiles; i++) {
        const char *f = l->files[i];
        if (!to_leave_out(l, i, a, d)) {
            l->files[kept++] = f;
            continue;
        }
        for (size_t k = 0; k < d->n; k++)
            if (strcmp(d->msgs[k].file, f) == 0)
                diag_add(&l->left, d->msgs[k].level, f, d->msgs[k].line, d->msgs[k].col, "%s",
                         d->msgs[k].text);
        l->nleft++;
    }
    l->nfiles = kept;
    return true;
}

void *cmd_load_lists(const cmd_args *a, cmd_lists *l, cmd_loader load, void *ctx, diag *d)
{
    l->files = xmalloc(((size_t)a->nfiles + 1) * sizeof *l->files);
    memcpy(l->files, a->files, (size_t)a->nfiles * sizeof *l->files);
    l->nfiles = a->nfiles;
    l->nleft = 0;
    diag_init(&l->left);
    for (;;) {
        diag tried;
        diag_init(&tried);
        void *r = load(l->files, l->nfiles, &tried, ctx);
        if (r || !leave_out(l, a, &tried)) {
            if (!r) { /* failed all the same: every error is reported */
                diag_append(d, &l->left);
                diag_free(&l->left);
                diag_init(&l->left);
                l->nleft = 0;
            }
            diag_append(d, &tried);
            diag_free(&tried);
            /* cppcheck-suppress returnDanglingLifetime ; r is what load made, not a part of tried
             */
            return r;
        }
        diag_free(&tried);
    }
}

void cmd_lists_free(cmd_lists *l)
{
    free(l->files);
    diag_free(&l->left);
}

void cmd_report_left(const cmd_lists *l)
{
    if (!l->nleft)
        return;
    diag_print(&l->left, stderr);
    fprintf(stderr, "paperdeck: %d list%s with errors left out, the others shown\n", l->nleft,
            l->nleft == 1 ? "" : "s");
}

void cmd_left_note(const cmd_lists *l, char *buf, size_t size)
{
    buf[0] = '\0';
    if (!l->nleft)
        return;
    char first[1100];
    first_error(&l->left, first, sizeof first, true); /* the bottom line: short */
    if (l->nleft == 1)
        snprintf(buf, size, "left out %s", first);
    else
        snprintf(buf, size, "left out %d lists, the first: %s", l->nleft, first);
}
