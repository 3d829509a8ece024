/* paths: where paperdeck looks for its files, after the XDG base directory
 * specification: $XDG_CONFIG_HOME (default ~/.config) for the settings,
 * $XDG_DATA_HOME (default ~/.local/share) for the user's lists,
 * $XDG_CACHE_HOME (~/.cache) for caches and $XDG_STATE_HOME
 * (~/.local/state) for marks. A relative XDG_* value is ignored, as the
 * specification says. */
#ifndef PAPERDECK_PATHS_H
#define PAPERDECK_PATHS_H

#include <stdbool.h>
#include <stddef.h>

/* The settings file: $PAPERDECK_CONFIG when set (empty: none at all), else
 * $XDG_CONFIG_HOME/paperdeck/config. Writes it into buf and returns true;
 * false when there is none (no HOME, or PAPERDECK_CONFIG is empty). */
bool paths_config_file(char *buf, size_t size);

/* The directory of the user's lists, $XDG_DATA_HOME/paperdeck. False when
 * it cannot be named (no HOME and no XDG_DATA_HOME). */
bool paths_data_dir(char *buf, size_t size);

/* The directory of caches, $XDG_CACHE_HOME/paperdeck (default
 * ~/.cache/paperdeck). False when it cannot be named. */
bool paths_cache_dir(char *buf, size_t size);

/* The directory of state (marks): $PAPERDECK_STATE_DIR when set and not
 * empty, else $XDG_STATE_HOME/paperdeck (default ~/.local/state/paperdeck).
 * False when it cannot be named, with the reason in buf ("neither
 * XDG_STATE_HOME nor HOME is set", or the path is too long). */
bool paths_state_dir(char *buf, size_t size);

/* Creates dir and its parents (mode 0700 for the ones it makes); 0, or -1
 * with errno set (ENOTDIR when dir is there but not a directory). */
int paths_make_dirs(const char *dir);

/* The lists in dir: regular files named *.yaml, *.yml, *.md or *.markdown,
 * full paths, sorted by name (so the order is stable). *out is NULL and *n
 * 0 when there are none or dir does not exist. Free with paths_free. */
void paths_find_lists(const char *dir, char ***out, size_t *n);
void paths_free(char **v, size_t n);

/* path as a person reads it: relative to the current directory when it is
 * inside it, else with ~ for $HOME when inside that, else as it is. Writes
 * it into buf (cut to size) and returns buf. */
const char *paths_shorten(const char *path, char *buf, size_t size);

#endif
