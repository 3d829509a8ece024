/* config: the settings file; see config.h. */
#include "paperdeck/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "paperdeck/remote.h"
#include "paperdeck/utf8.h"
#include "paperdeck/xalloc.h"

#define CONFIG_MAX_BYTES (1 << 20) /* a settings file is small; refuse a huge one */

static const char *const color_names[] = {"black", "red",     "green", "yellow",
                                          "blue",  "magenta", "cyan",  "white"};

void config_init(config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
}

void config_free(config *cfg)
{
    free(cfg->path);
    for (size_t i = 0; i < cfg->nlists; i++)
        free(cfg->lists[i]);
    free(cfg->lists);
    for (size_t i = 0; i < cfg->nfollows; i++)
        free(cfg->follows[i]);
    free(cfg->follows);
    for (size_t i = 0; i < cfg->ncolors; i++)
        free(cfg->colors[i].role);
    free(cfg->colors);
    for (size_t i = 0; i < cfg->nbinds; i++) {
        free(cfg->binds[i].key);
        free(cfg->binds[i].action);
    }
    free(cfg->binds);
    config_init(cfg);
}

static char *dup_n(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static char *dup_s(const char *s)
{
    return dup_n(s, strlen(s));
}

/* --- values ------------------------------------------------------------- */

bool config_parse_sort(const char *spec, sort_key *key, bool *descending)
{
    char name[32];
    const char *colon = strchr(spec, ':');
    size_t n = colon ? (size_t)(colon - spec) : strlen(spec);
    if (n == 0 || n >= sizeof name)
        return false;
    memcpy(name, spec, n);
    name[n] = '\0';
    if (!sort_key_parse(name, key))
        return false;
    if (!colon)
        *descending = *key == SORT_SCORE; /* best first unless asked otherwise */
    else if (strcmp(colon + 1, "desc") == 0)
        *descending = true;
    else if (strcmp(colon + 1, "asc") == 0)
        *descending = false;
    else
        return false;
    return true;
}

/* One colour: a name or 0-255. */
static bool parse_one_color(const char *w, int *out)
{
    if (strcasecmp(w, "default") == 0) {
        *out = CONFIG_COLOR_DEFAULT;
        return true;
    }
    for (size_t i = 0; i < sizeof color_names / sizeof color_names[0]; i++) {
        if (strcasecmp(w, color_names[i]) == 0) {
            *out = (int)i;
            return true;
        }
    }
    if (!isdigit((unsigned char)w[0]) || strlen(w) > 3)
        return false;
    int v = 0;
    for (const char *p = w; *p; p++) {
        if (!isdigit((unsigned char)*p))
            return false;
        v = v * 10 + (*p - '0');
    }
    if (v > 255)
        return false;
    *out = v;
    return true;
}

static bool parse_attr(const char *w, unsigned *attrs)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {
        {"bold", CONFIG_ATTR_BOLD},
        {"dim", CONFIG_ATTR_DIM},
        {"underline", CONFIG_ATTR_UNDERLINE},
        {"reverse", CONFIG_ATTR_REVERSE},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcasecmp(w, names[i].name) == 0) {
            *attrs |= names[i].bit;
            return true;
        }
    }
    return false;
}

bool config_parse_color(const char *spec, config_color *out, char *err, size_t errsize)
{
    char buf[256];
    if (strlen(spec) >= sizeof buf) {
        snprintf(err, errsize, "colour too long");
        return false;
    }
    memcpy(buf, spec, strlen(spec) + 1);
    int fg = CONFIG_COLOR_DEFAULT, bg = CONFIG_COLOR_DEFAULT;
    unsigned attrs = 0;
    int words = 0;
    bool want_bg = false, have_bg = false;
    char *save = NULL;
    for (char *w = strtok_r(buf, " \t", &save); w; w = strtok_r(NULL, " \t", &save), words++) {
        if (want_bg) {
            if (!parse_one_color(w, &bg)) {
                snprintf(err, errsize,
                         "unknown background colour '%s' (expected a name "
                         "such as blue, default, or 0-255)",
                         w);
                return false;
            }
            want_bg = false;
            have_bg = true;
        } else if (strcasecmp(w, "on") == 0) {
            if (have_bg) {
                snprintf(err, errsize, "two backgrounds");
                return false;
            }
            want_bg = true;
        } else if (parse_attr(w, &attrs)) {
            /* recorded */
        } else if (words == 0 && parse_one_color(w, &fg)) {
            /* the foreground comes first */
        } else {
            snprintf(err, errsize,
                     "unexpected '%s' (expected FG [on BG] [bold] [dim] "
                     "[underline] [reverse], colours by name or 0-255)",
                     w);
            return false;
        }
    }
    if (want_bg) {
        snprintf(err, errsize, "'on' needs a background colour");
        return false;
    }
    if (words == 0) {
        snprintf(err, errsize, "empty colour");
        return false;
    }
    out->fg = fg;
    out->bg = bg;
    out->attrs = attrs;
    return true;
}

/* "title, venue year": names separated by commas and/or blanks. */
static bool parse_columns(const char *value, unsigned *out, char *err, size_t errsize)
{
    char buf[256];
    if (strlen(value) >= sizeof buf) {
        snprintf(err, errsize, "column list too long");
        return false;
    }
    memcpy(buf, value, strlen(value) + 1);
    unsigned cols = 0;
    char *save = NULL;
    for (char *w = strtok_r(buf, ", \t", &save); w; w = strtok_r(NULL, ", \t", &save)) {
        field_col found;
        if (!field_parse_config(w, &found)) {
            char names[128];
            snprintf(err, errsize, "unknown column '%s' (expected %s)", w,
                     field_config_names(", ", names, sizeof names));
            return false;
        }
        if (cols & (1u << found)) {
            snprintf(err, errsize, "column '%s' given twice", w);
            return false;
        }
        cols |= 1u << found;
    }
    if (!cols) {
        snprintf(err, errsize, "no columns");
        return false;
    }
    if (!(cols & (1u << FIELD_COL_TITLE))) {
        snprintf(err, errsize, "the title column cannot be hidden");
        return false;
    }
    *out = cols;
    return true;
}

/* A list path: ~/ is the home directory, a relative path is relative to
 * the directory of the settings file. NULL (err set) when it cannot be. */
static char *resolve_list(const char *name, const char *value, char *err, size_t errsize)
{
    char url[REMOTE_URL_MAX];
    if (strcmp(value, "-") == 0) {
        snprintf(err, errsize, "a list cannot be stdin");
        return NULL;
    }
    if (remote_is_name(value))
        return remote_url(value, url, sizeof url, err, errsize) == 0 ? dup_s(value) : NULL;
    if (value[0] == '~' && (value[1] == '/' || value[1] == '\0')) {
        const char *home = getenv("HOME");
        if (!home || !home[0]) {
            snprintf(err, errsize, "'%s' needs HOME, which is not set", value);
            return NULL;
        }
        size_t n = strlen(home) + strlen(value) + 1;
        char *p = xmalloc(n);
        snprintf(p, n, "%s%s", home, value + 1);
        return p;
    }
    const char *slash = strrchr(name, '/');
    if (value[0] == '/' || !slash)
        return dup_s(value);
    size_t dir = (size_t)(slash - name);
    size_t n = dir + 1 + strlen(value) + 1;
    char *p = xmalloc(n);
    snprintf(p, n, "%.*s/%s", (int)dir, name, value);
    return p;
}

/* --- lines ---------------------------------------------------------------- */

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static void add_bind(config *cfg, const char *key, const char *action, uint32_t line)
{
    cfg->binds = xrealloc(cfg->binds, (cfg->nbinds + 1) * sizeof *cfg->binds);
    cfg->binds[cfg->nbinds++] = (config_bind){dup_s(key), action ? dup_s(action) : NULL, line};
}

/* "bind KEY = ACTION" (rest is what follows "bind") or "unbind KEY". The
 * key is one blank-free word, so "bind = = open" binds '='. */
static bool parse_binding(config *cfg, char *rest, bool bind, uint32_t line, char *err,
                          size_t errsize)
{
    rest = trim(rest);
    size_t klen = strcspn(rest, " \t");
    if (klen == 0) {
        snprintf(err, errsize, "%s needs a key", bind ? "bind" : "unbind");
        return false;
    }
    char key[64];
    if (klen >= sizeof key) {
        snprintf(err, errsize, "key name too long");
        return false;
    }
    memcpy(key, rest, klen);
    key[klen] = '\0';
    char *after = trim(rest + klen);
    if (!bind) {
        if (after[0]) {
            snprintf(err, errsize, "unexpected '%s' after 'unbind %s'", after, key);
            return false;
        }
        add_bind(cfg, key, NULL, line);
        return true;
    }
    if (after[0] != '=') {
        snprintf(err, errsize, "expected 'bind KEY = ACTION'");
        return false;
    }
    char *action = trim(after + 1);
    if (!action[0] || strpbrk(action, " \t")) {
        snprintf(err, errsize, "expected one action name after 'bind %s ='", key);
        return false;
    }
    add_bind(cfg, key, action, line);
    return true;
}

static bool parse_setting(config *cfg, const char *name, const char *key, const char *value,
                          uint32_t line, char *err, size_t errsize)
{
    if (!value[0]) {
        snprintf(err, errsize, "'%s' needs a value", key);
        return false;
    }
    if (strcmp(key, "sort") == 0) {
        if (!config_parse_sort(value, &cfg->sort, &cfg->descending)) {
            snprintf(err, errsize,
                     "invalid sort '%s': expected KEY[:asc|:desc] with KEY one "
                     "of order, title, venue, year, date, arxiv, section, score",
                     value);
            return false;
        }
        cfg->sort_set = true;
    } else if (strcmp(key, "columns") == 0) {
        if (!parse_columns(value, &cfg->columns, err, errsize))
            return false;
    } else if (strcmp(key, "theme") == 0) {
        if (strcmp(value, "default") == 0)
            cfg->theme = CONFIG_THEME_DEFAULT;
        else if (strcmp(value, "mono") == 0)
            cfg->theme = CONFIG_THEME_MONO;
        else {
            snprintf(err, errsize, "unknown theme '%s' (expected default or mono)", value);
            return false;
        }
        cfg->theme_set = true;
    } else if (strcmp(key, "list") == 0) {
        char *path = resolve_list(name, value, err, errsize);
        if (!path)
            return false;
        cfg->lists = xrealloc(cfg->lists, (cfg->nlists + 1) * sizeof *cfg->lists);
        cfg->lists[cfg->nlists++] = path;
    } else if (strcmp(key, "follow") == 0) {
        char url[REMOTE_URL_MAX];
        if (!remote_is_name(value)) {
            snprintf(err, errsize, "follow takes gh:OWNER/REPO[/PATH][@REF] or an https:// URL");
            return false;
        }
        if (remote_url(value, url, sizeof url, err, errsize) != 0)
            return false;
        cfg->follows = xrealloc(cfg->follows, (cfg->nfollows + 1) * sizeof *cfg->follows);
        cfg->follows[cfg->nfollows++] = dup_s(value);
    } else if (strcmp(key, "fetch-on-update") == 0) {
        if (strcmp(value, "yes") != 0 && strcmp(value, "no") != 0) {
            snprintf(err, errsize, "fetch-on-update takes yes or no, not '%s'", value);
            return false;
        }
        cfg->fetch_on_update = strcmp(value, "yes") == 0;
    } else if (strncmp(key, "color.", 6) == 0 || strncmp(key, "colour.", 7) == 0) {
        const char *role = strchr(key, '.') + 1;
        config_color c = {0};
        if (!role[0]) {
            snprintf(err, errsize, "'%s' needs a role name after the dot", key);
            return false;
        }
        if (!config_parse_color(value, &c, err, errsize))
            return false;
        c.role = dup_s(role);
        c.line = line;
        cfg->colors = xrealloc(cfg->colors, (cfg->ncolors + 1) * sizeof *cfg->colors);
        cfg->colors[cfg->ncolors++] = c;
    } else {
        snprintf(err, errsize,
                 "unknown setting '%s' (expected sort, columns, theme, list, follow, "
                 "fetch-on-update, color.ROLE, bind or unbind)",
                 key);
        return false;
    }
    return true;
}

static bool starts_word(const char *s, const char *word)
{
    size_t n = strlen(word);
    return strncmp(s, word, n) == 0 && (s[n] == ' ' || s[n] == '\t');
}

/* One line (NUL-terminated, without its newline). */
static bool parse_line(config *cfg, const char *name, char *text, uint32_t line, char *err,
                       size_t errsize)
{
    char *s = trim(text);
    if (!s[0] || s[0] == '#')
        return true;
    if (starts_word(s, "bind"))
        return parse_binding(cfg, s + 4, true, line, err, errsize);
    if (starts_word(s, "unbind"))
        return parse_binding(cfg, s + 6, false, line, err, errsize);
    if (strcmp(s, "bind") == 0 || strcmp(s, "unbind") == 0) {
        snprintf(err, errsize, "%s needs a key", s);
        return false;
    }
    char *eq = strchr(s, '=');
    if (!eq) {
        snprintf(err, errsize, "expected 'key = value'");
        return false;
    }
    *eq = '\0';
    char *key = trim(s);
    if (!key[0]) {
        snprintf(err, errsize, "missing key before '='");
        return false;
    }
    return parse_setting(cfg, name, key, trim(eq + 1), line, err, errsize);
}

size_t config_parse(config *cfg, const char *name, const char *text, size_t len, diag *d)
{
    size_t bad = 0;
    uint32_t line = 0;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        line++;
        char err[512] = "";
        char *copy = dup_n(text + pos, n);
        bool ok;
        if (memchr(text + pos, '\0', n)) {
            snprintf(err, sizeof err, "NUL byte in the line");
            ok = false;
        } else if (!utf8_validate(copy, n, NULL)) {
            snprintf(err, sizeof err, "invalid UTF-8");
            ok = false;
        } else {
            ok = parse_line(cfg, name, copy, line, err, sizeof err);
        }
        free(copy);
        if (!ok) {
            diag_add(d, DIAG_ERROR, name, line, 0, "%s", err);
            bad++;
        }
        pos += n + (nl ? 1 : 0);
    }
    return bad;
}

size_t config_load(config *cfg, const char *path, diag *d)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT)
            return 0;
        diag_add(d, DIAG_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
        return 1;
    }
    char *buf = xmalloc(CONFIG_MAX_BYTES + 1);
    size_t n = fread(buf, 1, CONFIG_MAX_BYTES + 1, f);
    bool failed = ferror(f) != 0;
    int saved = errno;
    fclose(f);
    size_t bad;
    if (failed) {
        diag_add(d, DIAG_ERROR, path, 0, 0, "cannot read: %s", strerror(saved));
        bad = 1;
    } else if (n > CONFIG_MAX_BYTES) {
        diag_add(d, DIAG_ERROR, path, 0, 0, "too big for a settings file (over %d bytes)",
                 CONFIG_MAX_BYTES);
        bad = 1;
    } else {
        free(cfg->path);
        cfg->path = dup_s(path);
        bad = config_parse(cfg, path, buf, n, d);
    }
    free(buf);
    return bad;
}
