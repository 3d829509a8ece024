/* config: the user's settings file, $XDG_CONFIG_HOME/paperdeck/config.
 *
 * A line is "key = value"; blank lines and lines starting with '#' are
 * skipped. Settings:
 *
 *   sort = year:desc              default sort, KEY[:asc|:desc] as for -s
 *   columns = title,venue,year    table columns shown (title always is)
 *   list = ~/papers/reading.yaml  a list to open when no FILE is given;
 *                                 repeat the line for several (a remote
 *                                 name, remote.h, is taken as it is)
 *   follow = gh:OWNER/REPO        a followed remote list (paperdeck follow
 *                                 writes these lines; update fetches them)
 *   theme = default | mono        mono: attributes only, no colours
 *   color.ROLE = FG [on BG] [bold] [dim] [underline] [reverse]
 *                                 FG, BG: default, black, red, green, yellow,
 *                                 blue, magenta, cyan, white or 0-255
 *   bind KEY = ACTION             KEY does ACTION (keymap action names)
 *   unbind KEY                    KEY does nothing
 *
 * A bad line is reported as "file:line: error: ..." and skipped; the rest
 * of the file still applies. The core checks what it can know (the syntax,
 * sort keys, columns, colours); key, action and role names belong to the
 * front end, which checks them when it applies bindings and colours and
 * reports with the line kept here. No curses in here. */
#ifndef PAPERDECK_CONFIG_H
#define PAPERDECK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "paperdeck/diag.h"
#include "paperdeck/field.h"
#include "paperdeck/index.h"

typedef enum config_theme { CONFIG_THEME_DEFAULT, CONFIG_THEME_MONO } config_theme;

/* Attribute bits of a colour setting. */
enum {
    CONFIG_ATTR_BOLD = 1 << 0,
    CONFIG_ATTR_DIM = 1 << 1,
    CONFIG_ATTR_UNDERLINE = 1 << 2,
    CONFIG_ATTR_REVERSE = 1 << 3,
};

#define CONFIG_COLOR_DEFAULT (-1) /* the terminal's own colour */

typedef struct config_color {
    char *role;     /* as written after "color." */
    int fg, bg;     /* 0-255 or CONFIG_COLOR_DEFAULT */
    unsigned attrs; /* CONFIG_ATTR_* */
    uint32_t line;
} config_color;

typedef struct config_bind {
    char *key;    /* as written: "x", "Ctrl-F", "PgDn" */
    char *action; /* NULL: unbind */
    uint32_t line;
} config_bind;

typedef struct config {
    char *path; /* the file read; NULL when there was none */
    bool sort_set, descending;
    sort_key sort;
    unsigned columns; /* 1 << FIELD_COL_* (field.h); 0 when not set */
    bool theme_set;
    config_theme theme;
    char **lists; /* absolute or as given ("-" never) */
    size_t nlists;
    char **follows; /* followed remote names, in file order */
    size_t nfollows;
    bool fetch_on_update; /* update also fetches their arXiv records */
    config_color *colors;
    size_t ncolors;
    config_bind *binds; /* in file order: later lines win */
    size_t nbinds;
} config;

void config_init(config *cfg);
void config_free(config *cfg);

/* Reads the settings in text (len bytes) into cfg; name is the file name
 * used in messages and to resolve relative list paths (against its
 * directory). Bad lines go to d as errors and are skipped. Returns the
 * number of bad lines. */
size_t config_parse(config *cfg, const char *name, const char *text, size_t len, diag *d);

/* Reads the file at path. A file that does not exist is no error (returns
 * 0, cfg->path stays NULL); one that cannot be read is one error. */
size_t config_load(config *cfg, const char *path, diag *d);

/* Parses "FG [on BG] [bold] [dim] [underline] [reverse]" into out (role
 * and line untouched). False with a reason in err when it is not one. */
bool config_parse_color(const char *spec, config_color *out, char *err, size_t errsize);

/* Parses "KEY[:asc|:desc]" as -s does: score defaults to descending. */
bool config_parse_sort(const char *spec, sort_key *key, bool *descending);

#endif
