/* cmd_args: the one option table, getopt_long over it for the command
 * being run, and --help generated from it and from the commands; see cmd.h. */
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paperdeck/array.h"
#include "paperdeck/paths.h"
#include "paperdeck/query_grammar.h"

/* Long options are told apart from short ones by this offset. */
#define LONG_VAL 256
/* --help's option descriptions start in this column. */
#define HELP_COL 27

typedef struct opt_info {
    char short_name; /* 0: long only */
    const char *long_name;
    int has_arg;      /* no_argument, required_argument, optional_argument */
    const char *arg;  /* as --help shows it after the name */
    const char *help; /* --help lines, '\n' between them */
} opt_info;

static const opt_info options[CMD_OPT_COUNT] = {
    [CMD_OPT_QUERY] = {'q', "query", required_argument, " QUERY", "filter (see QUERIES)"},
    [CMD_OPT_SORT] = {'s', "sort", required_argument, " KEY[:asc|:desc]",
                      "sort by order, title, venue, year, date, arxiv,\n"
                      "section or score (default: order; score when the\n"
                      "query is fuzzy)"},
    [CMD_OPT_SECTION] = {'c', "section", required_argument, " PATH",
                         "only entries under this section (e.g. Papers/Pruning)"},
    [CMD_OPT_FORMAT] = {'f', "format", required_argument, " FORMAT",
                        "list output: table (default), tsv, json or bibtex;\n"
                        "or the list again: markdown (a README) or yaml"},
    [CMD_OPT_OUTPUT] = {'o', "output", required_argument, " FILE",
                        "import: write the YAML to FILE (atomically)\ninstead of stdout"},
    [CMD_OPT_EXPLAIN] = {0, "explain", no_argument, "",
                         "import: print, per entry, which rule gave each field\n"
                         "(and every row not read as an entry, with its line)"},
    [CMD_OPT_COLOR] = {0, "color", optional_argument, "[=WHEN]",
                       "auto (default), always or never; NO_COLOR is honoured"},
    [CMD_OPT_LIST_FILES] = {0, "list-files", no_argument, "",
                            "show the settings file and the lists paperdeck\n"
                            "opens when no FILE is given, and exit"},
    [CMD_OPT_VERBOSE] = {'v', "verbose", no_argument, "",
                         "print every warning of the lists, not one summary\n"
                         "line per file"},
    [CMD_OPT_HELP] = {'h', "help", no_argument, "", "show this help and exit"},
    [CMD_OPT_VERSION] = {'V', "version", no_argument, "", "show the version and exit"},
};

static const char files_text[] =
    "With no FILE, the lists named in the settings file are opened, else those in\n"
    "$XDG_DATA_HOME/paperdeck/ (*.yaml, *.yml, *.md, *.markdown), else the built-in\n"
    "Efficiency list. A FILE may be - for stdin, or a directory: its lists, read as\n"
    "the data directory's are (one with errors is left out, and the others shown).\n"
    "Several files are shown together, each as a top-level group. A FILE ending in\n"
    ".md or .markdown is read as an awesome-list README (headings are sections,\n"
    "tables and bullets are entries), one ending in .yaml or .yml as YAML, any\n"
    "other (and stdin) by how it starts.\n"
    "A FILE may be remote: gh:OWNER/REPO[/PATH][@REF] or an https:// URL, kept in\n"
    "$XDG_CACHE_HOME/paperdeck/remote/ and revalidated; followed ones show with no FILE.\n";

static const char settings_text[] =
    "Settings: $XDG_CONFIG_HOME/paperdeck/config (or $PAPERDECK_CONFIG), lines of\n"
    "key = value: sort, columns, theme, color.ROLE, list, follow, bind KEY = ACTION,\n"
    "unbind.\n"
    "In the browser, ? lists the keys. See paperdeck(1).\n"
    "\n"
    "Exit status: 0 success, 1 no entry matched (list), 2 usage or data error.\n";

int cmd_usage_error(const char *fmt, const char *arg)
{
    fputs("paperdeck: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'paperdeck --help' for more information.\n", stderr);
    return EXIT_USAGE;
}

static void print_option(const opt_info *o)
{
    char left[64];
    int n = o->short_name
              ? snprintf(left, sizeof left, "  -%c, --%s%s", o->short_name, o->long_name, o->arg)
              : snprintf(left, sizeof left, "      --%s%s", o->long_name, o->arg);
    fputs(left, stdout);
    if (n > HELP_COL - 2) {
        putchar('\n');
        n = 0;
    }
    for (const char *line = o->help; *line;) {
        size_t len = strcspn(line, "\n");
        printf("%*s%.*s\n", HELP_COL - n, "", (int)len, line);
        n = 0;
        line += len + (line[len] == '\n');
    }
}

static void print_usage(const cmd_entry *const *table, size_t n)
{
    for (size_t i = 0; i < n; i++)
        printf("%s paperdeck %-28s %s\n", i == 0 ? "Usage:" : "      ", table[i]->synopsis,
               table[i]->summary);
    printf("\n%s\nOptions:\n", files_text);
    for (int o = 0; o < CMD_OPT_COUNT; o++)
        print_option(&options[o]);
    printf("\nQUERIES: %s.\n", query_grammar_intro);
    for (size_t i = 0; i < query_grammar_count; i++)
        printf("  %-14s %s\n", query_grammar[i].syntax, query_grammar[i].meaning);
    printf("\n%s", settings_text);
}

static bool parse_sort(const char *arg, cmd_args *a)
{
    char key[32];
    const char *colon = strchr(arg, ':');
    size_t n = colon ? (size_t)(colon - arg) : strlen(arg);
    if (n >= sizeof key)
        return false;
    memcpy(key, arg, n);
    key[n] = '\0';
    if (!sort_key_parse(key, &a->sort))
        return false;
    a->descending = false;
    if (colon) {
        if (strcmp(colon + 1, "desc") == 0)
            a->descending = true;
        else if (strcmp(colon + 1, "asc") != 0)
            return false;
    } else if (a->sort == SORT_SCORE) {
        a->descending = true; /* best first unless asked otherwise */
    }
    a->sort_given = true;
    return true;
}

/* The sort keys, for the error text: "order, title, ..., score". */
static void sort_keys_text(char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int k = 0; k < SORT_KEY_COUNT && len < size; k++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", k ? ", " : "",
                                sort_key_name((sort_key)k));
}

static int sort_error(const char *val)
{
    char keys[160], fmt[256];
    sort_keys_text(keys, sizeof keys);
    snprintf(fmt, sizeof fmt, "invalid sort '%%s': expected KEY[:asc|:desc] with KEY one of %s",
             keys);
    return cmd_usage_error(fmt, val);
}

/* Takes the value of option o. Returns -1 to go on, else an exit status. */
static int take_option(cmd_opt o, const char *val, cmd_args *a, const cmd_entry *const *table,
                       size_t n)
{
    switch (o) {
    case CMD_OPT_HELP:
        print_usage(table, n);
        return EXIT_OK;
    case CMD_OPT_VERSION:
        printf("paperdeck %s\n", PAPERDECK_VERSION);
        return EXIT_OK;
    case CMD_OPT_QUERY:
        a->query = val;
        break;
    case CMD_OPT_SECTION:
        a->section = val;
        break;
    case CMD_OPT_OUTPUT:
        a->output = val;
        break;
    case CMD_OPT_LIST_FILES:
        a->list_files = true;
        break;
    case CMD_OPT_EXPLAIN:
        a->explain = true;
        break;
    case CMD_OPT_VERBOSE:
        a->verbose = true;
        break;
    case CMD_OPT_SORT:
        if (!parse_sort(val, a))
            return sort_error(val);
        break;
    case CMD_OPT_FORMAT:
        if (!output_format_parse(val, &a->format))
            return cmd_usage_error("invalid format '%s': expected table, tsv, json or "
                                   "bibtex (or markdown, yaml)",
                                   val);
        break;
    case CMD_OPT_COLOR: {
        static const char *const when[] = {
            [COLOR_AUTO] = "auto", [COLOR_ALWAYS] = "always", [COLOR_NEVER] = "never"};
        val = val ? val : "always";
        int c = array_name_find(when, sizeof when / sizeof when[0], val);
        if (c < 0)
            return cmd_usage_error("invalid --color '%s': expected auto, always or never", val);
        a->color = (color_mode)c;
        break;
    }
    case CMD_OPT_COUNT:
        break;
    }
    return -1;
}

/* getopt_long's tables for the whole option table: "-:" returns files in
 * order (as 1) and reports a missing value as ':'. */
static void getopt_tables(char *shorts, struct option *longs)
{
    char *s = shorts;
    *s++ = '-';
    *s++ = ':';
    int k = 0;
    for (int o = 0; o < CMD_OPT_COUNT; o++) {
        const opt_info *oi = &options[o];
        if (oi->short_name) {
            *s++ = oi->short_name;
            if (oi->has_arg == required_argument)
                *s++ = ':';
        }
        longs[k++] = (struct option){oi->long_name, oi->has_arg, NULL, LONG_VAL + o};
    }
    /* the British spelling, not shown in --help */
    longs[k++] = (struct option){"colour", optional_argument, NULL, LONG_VAL + CMD_OPT_COLOR};
    longs[k] = (struct option){0};
    *s = '\0';
}

static int option_of(int c)
{
    if (c >= LONG_VAL)
        return c - LONG_VAL;
    for (int o = 0; o < CMD_OPT_COUNT; o++)
        if (options[o].short_name && options[o].short_name == c)
            return o;
    return -1;
}

/* The unknown or incomplete option getopt_long stopped at, for a message. */
static const char *bad_option(char **argv, char *buf, size_t size)
{
    if (optopt && optopt < LONG_VAL && strncmp(argv[optind - 1], "--", 2) != 0) {
        snprintf(buf, size, "-%c", optopt);
        return buf;
    }
    return argv[optind - 1];
}

/* An option of the table that this command does not take: says which
 * commands do. */
static int not_taken(const cmd_entry *cmd, int o, const cmd_entry *const *table, size_t n)
{
    char fmt[160], name[32];
    int len = snprintf(fmt, sizeof fmt, "%.20s takes no option '%%s'", cmd->name);
    int takers = 0;
    for (size_t i = 0; i < n && len < (int)sizeof fmt - 32; i++)
        if (table[i]->options & CMD_OPT(o))
            len += snprintf(fmt + len, sizeof fmt - (size_t)len, "%s%s", takers++ ? " and " : " (",
                            table[i]->name);
    if (takers)
        snprintf(fmt + len, sizeof fmt - (size_t)len, " %s)", takers > 1 ? "do" : "does");
    if (options[o].short_name)
        snprintf(name, sizeof name, "-%c", options[o].short_name);
    else
        snprintf(name, sizeof name, "--%s", options[o].long_name);
    return cmd_usage_error(fmt, name);
}

int cmd_parse(const cmd_entry *cmd, int argc, char **argv, cmd_args *a,
              const cmd_entry *const *table, size_t n)
{
    char shorts[2 * CMD_OPT_COUNT + 3];
    struct option longs[CMD_OPT_COUNT + 2];
    getopt_tables(shorts, longs);
    a->files = calloc((size_t)argc + 1, sizeof *a->files);
    if (!a->files)
        return EXIT_USAGE;
    opterr = 0;
    optind = 0; /* start afresh (glibc) */
    unsigned takes = cmd->options | CMD_OPT(CMD_OPT_HELP) | CMD_OPT(CMD_OPT_VERSION);
    char buf[8];
    int c;
    while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        if (c == 1) {
            a->files[a->nfiles++] = optarg;
            continue;
        }
        if (c == '?')
            return cmd_usage_error("unknown option '%s'", bad_option(argv, buf, sizeof buf));
        if (c == ':')
            return cmd_usage_error("option '%s' needs a value", bad_option(argv, buf, sizeof buf));
        int o = option_of(c);
        if (o < 0)
            return cmd_usage_error("unknown option '%s'", argv[optind - 1]);
        if (!(takes & CMD_OPT(o)))
            return not_taken(cmd, o, table, n);
        int status = take_option((cmd_opt)o, optarg, a, table, n);
        if (status >= 0)
            return status;
    }
    while (optind < argc) /* after "--" */
        a->files[a->nfiles++] = argv[optind++];
    return -1;
}

void cmd_args_free(cmd_args *a)
{
    free(a->files);
    config_free(&a->cfg);
    paths_free(a->found, a->nfound);
}
