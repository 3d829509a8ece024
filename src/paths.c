/* paths: XDG base directories and the list search; see paths.h. */
#include "paperdeck/paths.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paperdeck/array.h"
#include "paperdeck/xalloc.h"

/* $var if it is an absolute path, else $HOME/fallback; then /paperdeck[/leaf]. */
static bool xdg_path(const char *var, const char *fallback, const char *leaf, char *buf,
                     size_t size)
{
    const char *base = getenv(var);
    int n;
    const char *sep = leaf ? "/" : "";
    leaf = leaf ? leaf : "";
    if (base && base[0] == '/') {
        n = snprintf(buf, size, "%s/paperdeck%s%s", base, sep, leaf);
    } else {
        const char *home = getenv("HOME");
        if (!home || !home[0])
            return false;
        n = snprintf(buf, size, "%s/%s/paperdeck%s%s", home, fallback, sep, leaf);
    }
    return n > 0 && (size_t)n < size;
}

bool paths_config_file(char *buf, size_t size)
{
    const char *override = getenv("PAPERDECK_CONFIG");
    if (override) {
        if (!override[0] || strlen(override) >= size)
            return false;
        memcpy(buf, override, strlen(override) + 1);
        return true;
    }
    return xdg_path("XDG_CONFIG_HOME", ".config", "config", buf, size);
}

bool paths_data_dir(char *buf, size_t size)
{
    return xdg_path("XDG_DATA_HOME", ".local/share", NULL, buf, size);
}

bool paths_cache_dir(char *buf, size_t size)
{
    return xdg_path("XDG_CACHE_HOME", ".cache", NULL, buf, size);
}

bool paths_state_dir(char *buf, size_t size)
{
    const char *over = getenv("PAPERDECK_STATE_DIR");
    const char *xdg = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    if (over && over[0]) {
        int n = snprintf(buf, size, "%s", over);
        if (n >= 0 && (size_t)n < size)
            return true;
    } else if ((xdg && xdg[0] == '/') || (home && home[0])) {
        if (xdg_path("XDG_STATE_HOME", ".local/state", NULL, buf, size))
            return true;
    } else {
        snprintf(buf, size, "neither XDG_STATE_HOME nor HOME is set");
        return false;
    }
    snprintf(buf, size, "the state directory's path is too long");
    return false;
}

int paths_make_dirs(const char *dir)
{
    char path[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(path, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        char c = path[i];
        path[i] = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST)
            return -1;
        path[i] = c;
    }
    struct stat st;
    if (stat(dir, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

static bool is_list_name(const char *name)
{
    static const char *const exts[] = {".yaml", ".yml", ".md", ".markdown"};
    size_t n = strlen(name);
    if (name[0] == '.') /* editor swap and backup files */
        return false;
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t e = strlen(exts[i]);
        if (n > e && strcmp(name + n - e, exts[i]) == 0)
            return true;
    }
    return false;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void paths_find_lists(const char *dir, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return;
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!is_list_name(de->d_name))
            continue;
        size_t len = strlen(dir) + 1 + strlen(de->d_name) + 1;
        char *path = xmalloc(len);
        snprintf(path, len, "%s/%s", dir, de->d_name);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(path);
            continue;
        }
        ARRAY_RESERVE(*out, cap, *n + 1);
        (*out)[(*n)++] = path;
    }
    closedir(d);
    if (*n > 1)
        qsort(*out, *n, sizeof **out, compare_paths);
}

void paths_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* The rest of path after dir and a '/', NULL when path is not inside dir. */
static const char *inside(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    if (n == 0 || strncmp(path, dir, n) != 0 || path[n] != '/' || !path[n + 1])
        return NULL;
    return path + n + 1;
}

const char *paths_shorten(const char *path, char *buf, size_t size)
{
    char cwd[4096];
    const char *home = getenv("HOME");
    const char *rest = NULL;
    if (path[0] == '/' && getcwd(cwd, sizeof cwd) && (rest = inside(path, cwd)) != NULL)
        snprintf(buf, size, "%s", rest);
    else if (path[0] == '/' && home && home[0] == '/' && (rest = inside(path, home)) != NULL)
        snprintf(buf, size, "~/%s", rest);
    else
        snprintf(buf, size, "%s", path);
    return buf;
}
