/* Unit tests: the settings file parser (every error case) and the XDG
 * paths and list search. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "paperdeck/config.h"
#include "paperdeck/paths.h"

/* Parses text; returns the bad-line count, the messages in *d. */
static size_t parse(config *cfg, diag *d, const char *text)
{
    config_init(cfg);
    diag_init(d);
    return config_parse(cfg, "/home/u/.config/paperdeck/config", text, strlen(text), d);
}

static const char *msg(const diag *d, size_t i, char *buf, size_t size)
{
    if (i >= d->n)
        return "(none)";
    diag_format(&d->msgs[i], buf, size);
    return buf;
}

static void test_good_file(void)
{
    config cfg;
    diag d;
    size_t bad = parse(&cfg, &d,
                       "# my settings\n"
                       "\n"
                       "sort = year:desc\n"
                       "  columns = title, venue,year   \n"
                       "theme = mono\r\n"
                       "list = ~/papers/a.yaml\n"
                       "list = b.md\n"
                       "list = /abs/c.yaml\n"
                       "color.venue = green\n"
                       "colour.sel = 231 on 25 bold underline\n"
                       "bind x = open\n"
                       "bind = = help\n"
                       "unbind q\n");
    CHECK_INT(bad, 0);
    CHECK_INT(d.n, 0);
    CHECK(cfg.sort_set);
    CHECK_INT(cfg.sort, SORT_YEAR);
    CHECK(cfg.descending);
    CHECK_INT(cfg.columns,
              (1u << FIELD_COL_TITLE) | (1u << FIELD_COL_VENUE) | (1u << FIELD_COL_YEAR));
    CHECK(cfg.theme_set);
    CHECK_INT(cfg.theme, CONFIG_THEME_MONO);
    CHECK_INT(cfg.nlists, 3);
    char want[512];
    snprintf(want, sizeof want, "%s/papers/a.yaml", getenv("HOME"));
    if (cfg.nlists == 3) {
        CHECK_STR(cfg.lists[0], want);
        CHECK_STR(cfg.lists[1], "/home/u/.config/paperdeck/b.md");
        CHECK_STR(cfg.lists[2], "/abs/c.yaml");
    }
    CHECK_INT(cfg.ncolors, 2);
    if (cfg.ncolors == 2) {
        CHECK_STR(cfg.colors[0].role, "venue");
        CHECK_INT(cfg.colors[0].fg, 2);
        CHECK_INT(cfg.colors[0].bg, CONFIG_COLOR_DEFAULT);
        CHECK_INT(cfg.colors[0].line, 9);
        CHECK_STR(cfg.colors[1].role, "sel");
        CHECK_INT(cfg.colors[1].fg, 231);
        CHECK_INT(cfg.colors[1].bg, 25);
        CHECK_INT(cfg.colors[1].attrs, CONFIG_ATTR_BOLD | CONFIG_ATTR_UNDERLINE);
    }
    CHECK_INT(cfg.nbinds, 3);
    if (cfg.nbinds == 3) {
        CHECK_STR(cfg.binds[0].key, "x");
        CHECK_STR(cfg.binds[0].action, "open");
        CHECK_INT(cfg.binds[0].line, 11);
        CHECK_STR(cfg.binds[1].key, "=");
        CHECK_STR(cfg.binds[1].action, "help");
        CHECK_STR(cfg.binds[2].key, "q");
        CHECK(cfg.binds[2].action == NULL);
    }
    config_free(&cfg);
    diag_free(&d);
}

static void test_sort_defaults(void)
{
    config cfg;
    diag d;
    CHECK_INT(parse(&cfg, &d, "sort = score"), 0);
    CHECK_INT(cfg.sort, SORT_SCORE);
    CHECK(cfg.descending); /* best first */
    config_free(&cfg);
    diag_free(&d);
    CHECK_INT(parse(&cfg, &d, "sort = title:asc\n"), 0);
    CHECK_INT(cfg.sort, SORT_TITLE);
    CHECK(!cfg.descending);
    config_free(&cfg);
    diag_free(&d);
}

/* One bad line: exactly one error, at that line, saying what. */
static void expect_error(const char *text, unsigned line, const char *want)
{
    config cfg;
    diag d;
    char buf[1024];
    size_t bad = parse(&cfg, &d, text);
    CHECK_INT(bad, 1);
    CHECK_INT(d.errors, 1);
    const char *m = msg(&d, 0, buf, sizeof buf);
    char prefix[128];
    snprintf(prefix, sizeof prefix, "/home/u/.config/paperdeck/config:%u: error: ", line);
    CHECK(strncmp(m, prefix, strlen(prefix)) == 0);
    if (!strstr(m, want)) {
        CHECK(strstr(m, want) != NULL);
        fprintf(stderr, "  message: %s\n  wanted:  %s\n", m, want);
    }
    config_free(&cfg);
    diag_free(&d);
}

static void test_errors(void)
{
    expect_error("sort year\n", 1, "expected 'key = value'");
    expect_error("# ok\n = year\n", 2, "missing key before '='");
    expect_error("sort =\n", 1, "'sort' needs a value");
    expect_error("sort = height\n", 1, "invalid sort 'height'");
    expect_error("sort = year:up\n", 1, "invalid sort 'year:up'");
    expect_error("sort = :desc\n", 1, "invalid sort");
    expect_error("columns = title, pages\n", 1, "unknown column 'pages'");
    expect_error("columns = title,year,year\n", 1, "column 'year' given twice");
    expect_error("columns = venue, year\n", 1, "the title column cannot be hidden");
    expect_error("columns = , ,\n", 1, "no columns");
    expect_error("theme = solarized\n", 1, "unknown theme 'solarized'");
    expect_error("list = -\n", 1, "a list cannot be stdin");
    expect_error("color. = red\n", 1, "needs a role name");
    expect_error("color.venue = purple\n", 1, "unexpected 'purple'");
    expect_error("color.venue = red on\n", 1, "'on' needs a background colour");
    expect_error("color.venue = red on mauve\n", 1, "unknown background colour 'mauve'");
    expect_error("color.venue = red on blue on green\n", 1, "two backgrounds");
    expect_error("color.venue = 256\n", 1, "unexpected '256'");
    expect_error("color.venue = bold red\n", 1, "unexpected 'red'");
    expect_error("colors = red\n", 1, "unknown setting 'colors'");
    expect_error("bind\n", 1, "bind needs a key");
    expect_error("unbind\n", 1, "unbind needs a key");
    expect_error("bind x open\n", 1, "expected 'bind KEY = ACTION'");
    expect_error("bind x =\n", 1, "expected one action name");
    expect_error("bind x = open pdf\n", 1, "expected one action name");
    expect_error("unbind q now\n", 1, "unexpected 'now'");
    expect_error(
        "bind xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx = open\n", 1,
        "key name too long");
    expect_error("title = \xff\xfe\n", 1, "invalid UTF-8");
    expect_error("sort = year\n\nfoo = bar\n", 3, "unknown setting 'foo'");

    char long_line[600];
    snprintf(long_line, sizeof long_line, "color.venue = red%0300d\n", 0);
    expect_error(long_line, 1, "colour too long");
    snprintf(long_line, sizeof long_line, "columns = title%0300d\n", 0);
    expect_error(long_line, 1, "column list too long");
    char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
    unsetenv("HOME");
    expect_error("list = ~/papers.yaml\n", 1, "'~/papers.yaml' needs HOME, which is not set");
    if (home) {
        setenv("HOME", home, 1);
        free(home);
    }
}

/* follow lines, and remote names as lists: taken as they are, checked. */
static void test_follow(void)
{
    config cfg;
    config_init(&cfg);
    diag d;
    diag_init(&d);
    const char *text = "follow = gh:alice/papers\nfollow = https://x.org/l.md\n"
                       "list = gh:bob/list@v2\n";
    CHECK_INT(config_parse(&cfg, "/home/u/.config/paperdeck/config", text, strlen(text), &d), 0);
    CHECK_INT(cfg.nfollows, 2);
    if (cfg.nfollows == 2) {
        CHECK_STR(cfg.follows[0], "gh:alice/papers");
        CHECK_STR(cfg.follows[1], "https://x.org/l.md");
    }
    CHECK(cfg.nlists == 1 && strcmp(cfg.lists[0], "gh:bob/list@v2") == 0);
    config_free(&cfg);
    diag_free(&d);
    expect_error("follow = papers.yaml\n", 1, "follow takes gh:OWNER/REPO[/PATH][@REF] or an");
    expect_error("follow = gh:alice\n", 1, "gh:alice: expected gh:OWNER/REPO[/PATH][@REF]");
    expect_error("follow = http://example.com/l.md\n", 1, "plain http is refused");
    expect_error("list = gh:a/b/../c\n", 1, "expected gh:OWNER/REPO[/PATH][@REF]");
}

static void test_too_big(void)
{
    char path[] = "/tmp/pd-config-big-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "w");
    for (int i = 0; i < (1 << 20) / 16 + 1; i++)
        fputs("# padding......\n", f);
    fclose(f);
    config cfg;
    diag d;
    config_init(&cfg);
    diag_init(&d);
    CHECK_INT(config_load(&cfg, path, &d), 1);
    char buf[512];
    CHECK(strstr(msg(&d, 0, buf, sizeof buf), "too big for a settings file") != NULL);
    CHECK(cfg.path == NULL);
    config_free(&cfg);
    diag_free(&d);
    unlink(path);
}

static void test_nul_and_good_lines_kept(void)
{
    config cfg;
    diag d;
    static const char text[] = "sort = title\nbad\0line\ncolumns = title\nnonsense\n";
    config_init(&cfg);
    diag_init(&d);
    size_t bad = config_parse(&cfg, "c", text, sizeof text - 1, &d);
    CHECK_INT(bad, 2);
    char buf[512];
    CHECK_STR(msg(&d, 0, buf, sizeof buf), "c:2: error: NUL byte in the line");
    CHECK_STR(msg(&d, 1, buf, sizeof buf), "c:4: error: expected 'key = value'");
    /* the good lines around them still count */
    CHECK(cfg.sort_set);
    CHECK_INT(cfg.sort, SORT_TITLE);
    CHECK_INT(cfg.columns, 1u << FIELD_COL_TITLE);
    config_free(&cfg);
    diag_free(&d);
}

static void test_color_spec(void)
{
    config_color c;
    char err[256];
    CHECK(config_parse_color("default on default reverse", &c, err, sizeof err));
    CHECK_INT(c.fg, CONFIG_COLOR_DEFAULT);
    CHECK_INT(c.bg, CONFIG_COLOR_DEFAULT);
    CHECK_INT(c.attrs, CONFIG_ATTR_REVERSE);
    CHECK(config_parse_color("bold", &c, err, sizeof err)); /* attributes alone */
    CHECK_INT(c.fg, CONFIG_COLOR_DEFAULT);
    CHECK_INT(c.attrs, CONFIG_ATTR_BOLD);
    CHECK(config_parse_color("WHITE on 0 dim", &c, err, sizeof err));
    CHECK_INT(c.fg, 7);
    CHECK_INT(c.bg, 0);
    CHECK(!config_parse_color("", &c, err, sizeof err));
    CHECK_STR(err, "empty colour");
}

static void test_load(void)
{
    char dir[] = "/tmp/pd-config-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[512];
    snprintf(path, sizeof path, "%s/config", dir);
    config cfg;
    diag d;
    config_init(&cfg);
    diag_init(&d);
    /* missing: no error, no path */
    CHECK_INT(config_load(&cfg, path, &d), 0);
    CHECK(cfg.path == NULL);
    CHECK_INT(d.n, 0);
    FILE *f = fopen(path, "w");
    fputs("sort = venue\nlist = mine.yaml\n", f);
    fclose(f);
    CHECK_INT(config_load(&cfg, path, &d), 0);
    CHECK_STR(cfg.path, path);
    CHECK_INT(cfg.sort, SORT_VENUE);
    char want[600];
    snprintf(want, sizeof want, "%s/mine.yaml", dir);
    CHECK(cfg.nlists == 1 && strcmp(cfg.lists[0], want) == 0);
    config_free(&cfg);
    /* a directory cannot be read */
    config_init(&cfg);
    CHECK_INT(config_load(&cfg, dir, &d), 1);
    CHECK_INT(d.errors, 1);
    config_free(&cfg);
    diag_free(&d);
    unlink(path);
    rmdir(dir);
}

static void touch(const char *dir, const char *name)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    if (f)
        fclose(f);
}

static void test_paths(void)
{
    char buf[512];
    setenv("HOME", "/home/u", 1);
    unsetenv("PAPERDECK_CONFIG");
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("XDG_DATA_HOME");
    CHECK(paths_config_file(buf, sizeof buf));
    CHECK_STR(buf, "/home/u/.config/paperdeck/config");
    CHECK(paths_data_dir(buf, sizeof buf));
    CHECK_STR(buf, "/home/u/.local/share/paperdeck");
    setenv("XDG_CONFIG_HOME", "/x/conf", 1);
    setenv("XDG_DATA_HOME", "/x/data", 1);
    CHECK(paths_config_file(buf, sizeof buf));
    CHECK_STR(buf, "/x/conf/paperdeck/config");
    CHECK(paths_data_dir(buf, sizeof buf));
    CHECK_STR(buf, "/x/data/paperdeck");
    /* relative XDG values are ignored, as the specification says */
    setenv("XDG_DATA_HOME", "rel", 1);
    CHECK(paths_data_dir(buf, sizeof buf));
    CHECK_STR(buf, "/home/u/.local/share/paperdeck");
    setenv("PAPERDECK_CONFIG", "/tmp/pc", 1);
    CHECK(paths_config_file(buf, sizeof buf));
    CHECK_STR(buf, "/tmp/pc");
    setenv("PAPERDECK_CONFIG", "", 1);
    CHECK(!paths_config_file(buf, sizeof buf));
    unsetenv("PAPERDECK_CONFIG");
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("HOME");
    CHECK(!paths_config_file(buf, sizeof buf));
    unsetenv("XDG_DATA_HOME");

    char dir[] = "/tmp/pd-lists-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    touch(dir, "b.yaml");
    touch(dir, "a.md");
    touch(dir, "c.yml");
    touch(dir, "d.markdown");
    touch(dir, "notes.txt");
    touch(dir, ".hidden.yaml");
    touch(dir, "x.yaml~");
    char sub[600];
    snprintf(sub, sizeof sub, "%s/sub.yaml", dir);
    mkdir(sub, 0700);
    char **lists;
    size_t n;
    paths_find_lists(dir, &lists, &n);
    CHECK_INT(n, 4);
    const char *want[] = {"a.md", "b.yaml", "c.yml", "d.markdown"};
    for (size_t i = 0; i < n && i < 4; i++) {
        snprintf(buf, sizeof buf, "%s/%s", dir, want[i]);
        CHECK_STR(lists[i], buf);
    }
    paths_free(lists, n);
    paths_find_lists("/nonexistent/paperdeck", &lists, &n);
    CHECK_INT(n, 0);
    CHECK(lists == NULL);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK_INT(system(cmd), 0);
}

int main(void)
{
    RUN(test_good_file);
    RUN(test_sort_defaults);
    RUN(test_errors);
    RUN(test_nul_and_good_lines_kept);
    RUN(test_color_spec);
    RUN(test_load);
    RUN(test_too_big);
    RUN(test_paths);
    RUN(test_follow);
    return check_summary();
}
