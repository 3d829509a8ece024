/* main: the command line. Parses arguments, loads the lists, and hands the
 * index to the UI or to one of the non-interactive commands. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "paperdeck/cache.h"
#include "paperdeck/catalog.h"
#include "paperdeck/config.h"
#include "paperdeck/diag.h"
#include "paperdeck/embedded.h"
#include "paperdeck/index.h"
#include "paperdeck/lists.h"
#include "paperdeck/marks.h"
#include "paperdeck/md_import.h"
#include "paperdeck/output.h"
#include "paperdeck/paths.h"
#include "paperdeck/query.h"
#include "paperdeck/yaml_load.h"
#include "paperdeck/yaml_write.h"
#ifdef PAPERDECK_HAVE_UI
#include "paperdeck/ui.h"
#endif

/* Exit codes, documented in the README and --help. */
enum { EXIT_OK = 0, EXIT_NO_MATCH = 1, EXIT_USAGE = 2 };

/* The browser starts on this many entries of a long list while the rest
 * loads: a few screens, parsed in a few milliseconds. */
#define HEAD_ENTRIES 2000

typedef enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } color_mode;

typedef struct options {
    const char *command;      /* "browse", "list", "check", "import" */
    const char **files;
    int nfiles;
    const char *query;
    const char *section;
    sort_key sort;
    bool sort_given, descending;
    output_format format;
    color_mode color;
    const char *output;       /* import: -o OUT.yaml, NULL for stdout */
    bool list_files;          /* --list-files: say where lists are looked for */
    config cfg;               /* the settings file (browse, list) */
    char **found;             /* lists found in the data directory */
    size_t nfound;
} options;

static const char usage_text[] =
    "Usage: paperdeck [browse] [OPTIONS] [FILE...] browse lists in the terminal\n"
    "       paperdeck list [OPTIONS] [FILE...]     print the (filtered, sorted) entries\n"
    "       paperdeck check FILE...                validate lists, print every problem\n"
    "       paperdeck import LIST.md [-o OUT.yaml] convert a markdown list to YAML\n"
    "\n"
    "With no FILE, the lists named in the settings file are opened, else those in\n"
    "$XDG_DATA_HOME/paperdeck/ (*.yaml, *.md), else the built-in Efficiency list.\n"
    "FILE may be - for stdin.\n"
    "Several files are shown together, each as a top-level group. A FILE ending in\n"
    ".md or .markdown (or stdin that starts like markdown) is read as an\n"
    "awesome-list README: headings are sections, tables and bullets are entries.\n"
    "\n"
    "Options:\n"
    "  -q, --query QUERY        filter (see QUERIES)\n"
    "  -s, --sort KEY[:asc|:desc]\n"
    "                           sort by order, title, venue, year, date, arxiv,\n"
    "                           section or score (default: order; score when the\n"
    "                           query is fuzzy)\n"
    "  -c, --section PATH       only entries under this section (e.g. Papers/Pruning)\n"
    "  -f, --format FORMAT      list output: table (default), tsv, json or bibtex;\n"
    "                           or the list again: markdown (a README) or yaml\n"
    "  -o, --output FILE        import: write the YAML to FILE (atomically)\n"
    "                           instead of stdout\n"
    "      --color[=WHEN]       auto (default), always or never; NO_COLOR is honoured\n"
    "      --list-files         show the settings file and the lists paperdeck\n"
    "                           opens when no FILE is given, and exit\n"
    "  -h, --help               show this help and exit\n"
    "  -V, --version            show the version and exit\n"
    "\n"
    "QUERIES: space-separated terms must all hold.\n"
    "  words          fuzzy match on the title (smart case, accents ignored)\n"
    "  /regex/        PCRE2 regex on the title (caseless unless it has capitals)\n"
    "  'word          exact substring of the title\n"
    "  field:value    venue, year, org, tag, kind, cat, arxiv, author\n"
    "  year:>=2021    also year:2019..2021, year:<2020\n"
    "  !term          negation;   a | b   either;   \"two words\"   quoting\n"
    "\n"
    "Settings: $XDG_CONFIG_HOME/paperdeck/config (or $PAPERDECK_CONFIG), lines of\n"
    "key = value: sort, columns, theme, color.ROLE, list, bind KEY = ACTION, unbind.\n"
    "In the browser, ? lists the keys. See paperdeck(1).\n"
    "\n"
    "Exit status: 0 success, 1 no entry matched (list), 2 usage or data error.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fputs("paperdeck: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'paperdeck --help' for more information.\n", stderr);
    return EXIT_USAGE;
}

/* Takes the value of an option given as "-q VALUE", "--query VALUE" or
 * "--query=VALUE". Returns NULL (and reports) when it is missing. */
static const char *option_value(int argc, char **argv, int *i, const char *eq)
{
    if (eq)
        return eq + 1;
    if (*i + 1 >= argc) {
        usage_error("option '%s' needs a value", argv[*i]);
        return NULL;
    }
    return argv[++*i];
}

static bool parse_sort(const char *arg, options *o)
{
    char key[32];
    const char *colon = strchr(arg, ':');
    size_t n = colon ? (size_t)(colon - arg) : strlen(arg);
    if (n >= sizeof key)
        return false;
    memcpy(key, arg, n);
    key[n] = '\0';
    if (!sort_key_parse(key, &o->sort))
        return false;
    o->descending = false;
    if (colon) {
        if (strcmp(colon + 1, "desc") == 0)
            o->descending = true;
        else if (strcmp(colon + 1, "asc") != 0)
            return false;
    } else if (o->sort == SORT_SCORE) {
        o->descending = true; /* best first unless asked otherwise */
    }
    o->sort_given = true;
    return true;
}

/* True when the argument a (its name being a[0..len)) is the option given
 * by its short or long spelling. */
static bool option_is(const char *a, size_t len, const char *short_name, const char *long_name)
{
    if (short_name && strcmp(a, short_name) == 0)
        return true;
    return strlen(long_name) == len && strncmp(a, long_name, len) == 0;
}

/* Returns -1 to go on, or an exit status (help, version, usage error). */
static int parse_args(int argc, char **argv, options *o)
{
    int first = 1;
    o->command = "browse";
    if (argc > 1 && (strcmp(argv[1], "list") == 0 || strcmp(argv[1], "check") == 0
                     || strcmp(argv[1], "import") == 0 || strcmp(argv[1], "browse") == 0)) {
        o->command = argv[1];
        first = 2;
    }
    o->files = calloc((size_t)argc, sizeof *o->files);
    if (!o->files)
        return EXIT_USAGE;
    bool only_files = false;
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
            o->files[o->nfiles++] = a;
            continue;
        }
        const char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
        size_t len = eq ? (size_t)(eq - a) : strlen(a);
#define IS(short_, long_) option_is(a, len, short_, long_)
        const char *val;
        if (strcmp(a, "--") == 0) {
            only_files = true;
        } else if (IS("-h", "--help")) {
            fputs(usage_text, stdout);
            return EXIT_OK;
        } else if (IS("-V", "--version")) {
            printf("paperdeck %s\n", PAPERDECK_VERSION);
            return EXIT_OK;
        } else if (IS("-q", "--query")) {
            if (!(val = option_value(argc, argv, &i, eq)))
                return EXIT_USAGE;
            o->query = val;
        } else if (IS("-c", "--section")) {
            if (!(val = option_value(argc, argv, &i, eq)))
                return EXIT_USAGE;
            o->section = val;
        } else if (IS("-s", "--sort")) {
            if (!(val = option_value(argc, argv, &i, eq)))
                return EXIT_USAGE;
            if (!parse_sort(val, o))
                return usage_error("invalid sort '%s': expected KEY[:asc|:desc] with KEY one of "
                                   "order, title, venue, year, date, arxiv, section, score", val);
        } else if (IS("-f", "--format")) {
            if (!(val = option_value(argc, argv, &i, eq)))
                return EXIT_USAGE;
            if (!output_format_parse(val, &o->format))
                return usage_error("invalid format '%s': expected table, tsv, json or "
                                   "bibtex (or markdown, yaml)", val);
        } else if (IS("-o", "--output")) {
            if (!(val = option_value(argc, argv, &i, eq)))
                return EXIT_USAGE;
            o->output = val;
        } else if (IS(NULL, "--list-files")) {
            o->list_files = true;
        } else if (IS(NULL, "--color") || IS(NULL, "--colour")) {
            val = eq ? eq + 1 : "always";
            if (strcmp(val, "auto") == 0)
                o->color = COLOR_AUTO;
            else if (strcmp(val, "always") == 0)
                o->color = COLOR_ALWAYS;
            else if (strcmp(val, "never") == 0)
                o->color = COLOR_NEVER;
            else
                return usage_error("invalid --color '%s': expected auto, always or never", val);
        } else {
            return usage_error("unknown option '%s'", a);
        }
#undef IS
    }
    if (strcmp(o->command, "check") == 0 && o->nfiles == 0)
        return usage_error("%s: no FILE given", "check");
    if (strcmp(o->command, "import") == 0 && o->nfiles != 1)
        return usage_error("%s: expected one markdown LIST (or - for stdin)", "import");
    if (o->output && strcmp(o->command, "import") != 0)
        return usage_error("%s: only 'import' writes to a file", "-o");
    return -1;
}

/* Prints a load's messages, and a count when it failed. */
static void report_load(const diag *d, bool failed)
{
    diag_print(d, stderr);
    if (failed)
        fprintf(stderr, "paperdeck: %zu error%s, %zu warning%s\n", d->errors,
                d->errors == 1 ? "" : "s", d->warnings, d->warnings == 1 ? "" : "s");
}

/* Loads the lists and indexes them, printing every message. With pending
 * (the browser), a long list loads head first: *pending is the rest's load,
 * NULL when the index is of the whole list. check reads the files
 * themselves (never a cache) and only says whether they are good: NULL. */
static paper_index *load_index(const options *o, bool check, lists_loading **pending,
                               bool *ok)
{
    diag d;
    diag_init(&d);
    catalog *c = NULL;
    paper_index *ix = NULL;
    if (pending)
        *pending = lists_load_head(o->files, o->nfiles, HEAD_ENTRIES, &c, &d);
    else if (check)
        c = lists_load(o->files, o->nfiles, &d);
    else
        ix = lists_index_cached(o->files, o->nfiles, &d);
    *ok = c || ix;
    report_load(&d, !*ok);
    if (check && c) {
        for (int i = 0; i < o->nfiles; i++)
            printf("%s: ok\n", o->files[i]);
        if (d.warnings)
            printf("%zu warning%s\n", d.warnings, d.warnings == 1 ? "" : "s");
        catalog_free(c);
    } else if (c) {
        ix = index_build(c);
    }
    diag_free(&d);
    return ix;
}

/* Finds a section by path or by name, case-insensitively; a path is tried
 * first so "Papers" and "Papers/Adapt" are never ambiguous. */
static int32_t find_section(const catalog *c, const char *want)
{
    for (uint32_t i = 0; i < c->nsections; i++)
        if (strcasecmp(c->sections[i].path, want) == 0)
            return (int32_t)i;
    int32_t found = -1;
    for (uint32_t i = 0; i < c->nsections; i++) {
        if (strcasecmp(c->sections[i].name, want) == 0) {
            if (found >= 0)
                return -2;
            found = (int32_t)i;
        }
    }
    return found;
}

static int section_error(const catalog *c, const char *want, bool ambiguous)
{
    fprintf(stderr, "paperdeck: %s section '%s'; sections are:\n",
            ambiguous ? "ambiguous" : "no", want);
    for (uint32_t i = 0; i < c->nsections; i++)
        fprintf(stderr, "  %s\n", c->sections[i].path);
    return EXIT_USAGE;
}

/* NO_COLOR set and not empty (no-color.org); read once. */
static bool no_color_set(void)
{
    const char *v = getenv("NO_COLOR");
    return v && v[0];
}

static int terminal_width(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    const char *cols = getenv("COLUMNS");
    if (!cols)
        return 0;
    /* a number of columns a terminal could have, else unknown (atoi would
     * make an out-of-range value undefined behaviour) */
    char *end;
    errno = 0;
    long n = strtol(cols, &end, 10);
    return errno == 0 && end != cols && *end == '\0' && n > 0 && n <= 100000 ? (int)n : 0;
}

static bool use_color(color_mode mode)
{
    if (mode != COLOR_AUTO)
        return mode == COLOR_ALWAYS;
    const char *no_color = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    return isatty(STDOUT_FILENO) && !(no_color && no_color[0])
        && !(term && strcmp(term, "dumb") == 0);
}

static query *compile_query(const options *o)
{
    query_error err;
    query *q = query_compile(o->query ? o->query : "", &err);
    if (!q) {
        fprintf(stderr, "paperdeck: bad query: %s\n  %s\n  %*s^\n", err.msg,
                o->query, (int)err.pos, "");
    }
    return q;
}

/* The user's marks, put into the index for is: terms and the output. A
 * problem with the marks file is reported and never stops the command. */
static marks_store *open_marks(paper_index *ix, char *msg, size_t size)
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

static int run_list(const options *o, paper_index *ix)
{
    const catalog *c = index_catalog(ix);
    int32_t sec = -1;
    if (o->section && (sec = find_section(c, o->section)) < 0)
        return section_error(c, o->section, sec == -2);
    query *q = compile_query(o);
    if (!q)
        return EXIT_USAGE;
    char mmsg[MARKS_MSG_MAX];
    marks_store *m = open_marks(ix, mmsg, sizeof mmsg);
    if (mmsg[0])
        fprintf(stderr, "paperdeck: %s\n", mmsg);
    view v;
    view_init(&v);
    query_error err;
    int status = EXIT_OK;
    if (index_filter(ix, q, sec, &v, &err) != 0) {
        fprintf(stderr, "paperdeck: %s\n", err.msg);
        status = EXIT_USAGE;
    } else {
        bool ranked = query_is_ranked(q);
        index_sort(ix, &v, o->sort_given ? o->sort : ranked ? SORT_SCORE : SORT_ORDER,
                   o->sort_given ? o->descending : ranked);
        bool tty = isatty(STDOUT_FILENO);
        output_options oo = {
            .format = o->format,
            .color = use_color(o->color),
            .highlight = q,
            .width = tty ? terminal_width() : 0,
            .index = ix,
        };
        if (output_view(stdout, c, &v, &oo) != 0 || fflush(stdout) != 0) {
            fprintf(stderr, "paperdeck: cannot write output: %s\n", strerror(errno));
            status = EXIT_USAGE;
        } else if (v.n == 0) {
            status = EXIT_NO_MATCH;
        }
    }
    view_free(&v);
    query_free(q);
    marks_close(m);
    return status;
}

#ifdef PAPERDECK_HAVE_UI
/* Reloading for the browser: the same files, loaded the same way, with the
 * messages kept for the bottom line instead of printed under curses. */
typedef struct reload_ctx {
    const options *o;
} reload_ctx;

static paper_index *reload_lists(void *ctx, char *err, size_t errsize)
{
    const options *o = ((reload_ctx *)ctx)->o;
    diag d;
    diag_init(&d);
    catalog *c = lists_load(o->files, o->nfiles, &d);
    paper_index *ix = NULL;
    if (c) {
        ix = index_build(c);
    } else {
        char first[1024] = "cannot load the lists";
        for (size_t i = 0; i < d.n; i++) {
            if (d.msgs[i].level == DIAG_ERROR) {
                diag_format(&d.msgs[i], first, sizeof first);
                break;
            }
        }
        if (d.errors > 1)
            snprintf(err, errsize, "%s (+%zu more)", first, d.errors - 1);
        else
            snprintf(err, errsize, "%s", first);
    }
    diag_free(&d);
    return ix;
}

static void release_index(void *ctx, paper_index *ix)
{
    (void)ctx;
    lists_release(ix);
}

/* The rest of a long list, loading while the browser shows its head; its
 * messages are printed once the terminal is given back. */
typedef struct pending_load {
    lists_loading *l; /* NULL once taken */
    diag d;           /* errors here: the whole list failed */
} pending_load;

static bool pending_done(void *ctx, double *fraction)
{
    return lists_loading_done(((pending_load *)ctx)->l, fraction);
}

static paper_index *pending_take(void *ctx)
{
    pending_load *p = ctx;
    paper_index *ix = lists_loading_finish(p->l, &p->d);
    p->l = NULL;
    return ix;
}

/* Waits for the rest of the list: the browser cannot start without it (a
 * section asked for is not in the head). Returns false on errors. */
static bool finish_now(pending_load *p, paper_index **ixp)
{
    paper_index *ix = pending_take(p);
    if (!ix)
        return false;
    lists_release(*ixp);
    *ixp = ix;
    return true;
}

/* The browser on *ixp (the head of a long list when pending is not NULL). */
static int browse(const options *o, paper_index **ixp, pending_load *pending,
                  const char *cfg_error)
{
    paper_index *ix = *ixp;
    if (o->query) {
        query *q = compile_query(o);
        if (!q)
            return EXIT_USAGE;
        query_free(q);
    }
    /* A bad -c gets the same error as for list, before curses starts. */
    int32_t sec;
    if (o->section && (sec = find_section(index_catalog(ix), o->section)) < 0)
        return section_error(index_catalog(ix), o->section, sec == -2);
    ui_options uo = {
        .query = o->query,
        .sort = o->sort_given ? o->sort : SORT_ORDER,
        .descending = o->descending,
        .color = o->color != COLOR_NEVER && !no_color_set(),
        .sort_fixed = o->sort_given,
        .section = o->section,
        .cfg = &o->cfg,
        .cfg_error = cfg_error,
    };
    /* stdin cannot be read twice: no reloading then */
    bool from_stdin = false;
    for (int i = 0; i < o->nfiles; i++)
        from_stdin |= strcmp(o->files[i], "-") == 0;
    reload_ctx rc = {o};
    ui_source src = {
        .files = o->files, .nfiles = o->nfiles,
        .reload = reload_lists, .release = release_index, .ctx = &rc,
    };
    if (!from_stdin)
        uo.source = &src;
    char mmsg[MARKS_MSG_MAX];
    uo.marks = open_marks(*ixp, mmsg, sizeof mmsg);
    uo.marks_msg = mmsg;
    ui_loading ul = {.done = pending_done, .take = pending_take, .release = release_index,
                     .ctx = pending};
    if (pending)
        uo.loading = &ul;
    int status = ui_run(ixp, &uo);
    marks_close(uo.marks);
    return status;
}
#endif

static int run_browse(const options *o, paper_index **ixp, lists_loading *loading,
                      const char *cfg_error)
{
#ifdef PAPERDECK_HAVE_UI
    pending_load pending = {.l = loading};
    diag_init(&pending.d);
    bool need_whole = o->section && loading
                   && find_section(index_catalog(*ixp), o->section) == -1;
    int status = need_whole && !finish_now(&pending, ixp)
                     ? EXIT_USAGE
                     : browse(o, ixp, pending.l ? &pending : NULL, cfg_error);
    if (pending.l)
        lists_loading_cancel(pending.l);
    bool failed = pending.d.errors > 0;
    report_load(&pending.d, failed);
    diag_free(&pending.d);
    return failed ? EXIT_USAGE : status;
#else
    (void)ixp;
    (void)o;
    (void)cfg_error;
    if (loading)
        lists_loading_cancel(loading);
    fputs("paperdeck: this build has no terminal UI; use 'paperdeck list'\n", stderr);
    return EXIT_USAGE;
#endif
}

/* import: one markdown list to our YAML format, on stdout or atomically
 * to -o; warnings and the summary go to stderr. */
static int run_import(const options *o)
{
    const char *path = o->files[0];
    /* path is never NULL: parse_args makes sure import has its file */
    /* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker) */
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    catalog *c = catalog_new();
    diag d;
    diag_init(&d);
    md_stats st = {0};
    int rc = lists_load_one(c, path, false, true, &d, &st);
    diag_print(&d, stderr);
    int status = EXIT_OK;
    if (rc != 0 || d.errors) {
        fprintf(stderr, "paperdeck: %zu error%s, nothing written\n", d.errors,
                d.errors == 1 ? "" : "s");
        status = EXIT_USAGE;
    } else {
        catalog_finish(c);
        char err[512] = "";
        if (o->output)
            rc = yaml_write_file(o->output, c, NULL, err, sizeof err);
        else if ((rc = yaml_write(stdout, c, NULL, err, sizeof err)) == 0 && fflush(stdout) != 0)
            rc = -1;
        if (rc != 0) {
            fprintf(stderr, "paperdeck: %s\n", err[0] ? err : strerror(errno));
            status = EXIT_USAGE;
        }
        md_print_summary(stderr, c, name, &st);
    }
    diag_free(&d);
    catalog_free(c);
    return status;
}

/* The settings file, for browse and list: a bad line is reported and
 * skipped. Returns the first problem (for the browser's bottom line) in buf,
 * or "" when there was none. */
static void load_settings(options *o, char *first, size_t size)
{
    char path[4096];
    first[0] = '\0';
    if (!paths_config_file(path, sizeof path))
        return;
    diag d;
    diag_init(&d);
    config_load(&o->cfg, path, &d);
    diag_print(&d, stderr);
    if (d.n) {
        char msg[1024];
        diag_format(&d.msgs[0], msg, sizeof msg);
        snprintf(first, size, "%s%s", msg, d.n > 1 ? " (and more, see stderr)" : "");
    }
    diag_free(&d);
    if (!o->sort_given && o->cfg.sort_set) { /* the settings' sort acts like -s */
        o->sort = o->cfg.sort;
        o->descending = o->cfg.descending;
        o->sort_given = true;
    }
}

/* With no FILE: the lists of the settings file, else those in the data
 * directory, else (nothing set: nfiles stays 0) the built-in list. */
static void default_lists(options *o)
{
    if (o->nfiles > 0)
        return;
    char dir[4096];
    if (o->cfg.nlists == 0 && paths_data_dir(dir, sizeof dir))
        paths_find_lists(dir, &o->found, &o->nfound);
    char **from = o->cfg.nlists ? o->cfg.lists : o->found;
    size_t n = o->cfg.nlists ? o->cfg.nlists : o->nfound;
    if (n == 0)
        return;
    const char **files = realloc(o->files, n * sizeof *files);
    if (!files)
        return; /* the built-in list, then */
    o->files = files;
    for (size_t i = 0; i < n; i++)
        o->files[o->nfiles++] = from[i];
}

/* --list-files: where paperdeck looks, what it found, what it opens. */
static int run_list_files(const options *o)
{
    char path[4096];
    if (paths_config_file(path, sizeof path))
        printf("settings: %s (%s)\n", path, o->cfg.path ? "read" : "not found");
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
    const char *why = o->nfiles == 0 ? "the built-in list"
                      : o->cfg.nlists ? "the lists of the settings file"
                                      : "the lists of the data directory";
    printf("with no FILE, paperdeck opens %s:\n", why);
    if (o->nfiles == 0)
        printf("  %s (built in)\n", embedded_list_name);
    for (int i = 0; i < o->nfiles; i++)
        printf("  %s\n", o->files[i]);
    return EXIT_OK;
}

static void free_options(options *o)
{
    free(o->files);
    config_free(&o->cfg);
    paths_free(o->found, o->nfound);
}

int main(int argc, char **argv)
{
    /* import --explain LIST.md: which rule gave each field (md_import.h). */
    if (argc == 4 && strcmp(argv[1], "import") == 0 && strcmp(argv[2], "--explain") == 0) {
        diag d;
        diag_init(&d);
        int rc = md_explain_file(stdout, argv[3], &d);
        if (d.errors)
            diag_print(&d, stderr);
        diag_free(&d);
        return rc == 0 ? EXIT_OK : EXIT_USAGE;
    }
    options o = {0};
    int status = parse_args(argc, argv, &o);
    if (status >= 0) {
        free(o.files);
        return status;
    }
    if (strcmp(o.command, "import") == 0) {
        status = run_import(&o);
        free(o.files);
        return status;
    }
    bool check = strcmp(o.command, "check") == 0;
    char cfg_error[1200] = "";
    if (!check) {
        if (o.list_files)
            o.nfiles = 0; /* --list-files tells about the defaults */
        load_settings(&o, cfg_error, sizeof cfg_error);
        default_lists(&o);
    }
    if (o.list_files) {
        status = run_list_files(&o);
        free_options(&o);
        return status;
    }
    bool browsing = !check && strcmp(o.command, "list") != 0;
    lists_loading *loading = NULL;
    bool ok;
    paper_index *ix = load_index(&o, check, browsing ? &loading : NULL, &ok);
    if (!ok || check) {
        free_options(&o);
        return ok ? EXIT_OK : EXIT_USAGE;
    }
    status = browsing ? run_browse(&o, &ix, loading, cfg_error[0] ? cfg_error : NULL)
                      : run_list(&o, ix);
    lists_release(ix);
    free_options(&o);
    return status;
}
