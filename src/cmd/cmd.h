/* cmd: the commands of the binary, one descriptor each (in the manner of
 * tmux's cmd_entry). A command names itself, says which options it takes
 * and how its synopsis reads; main() picks the command, cmd_parse() reads
 * its arguments through the one option table (cmd_args.c), and exec runs
 * it. The helpers below are shared by several commands (cmd_common.c). */
#ifndef PAPERDECK_CMD_H
#define PAPERDECK_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "paperdeck/arxiv_store.h"
#include "paperdeck/catalog.h"
#include "paperdeck/config.h"
#include "paperdeck/diag.h"
#include "paperdeck/index.h"
#include "paperdeck/lists.h"
#include "paperdeck/marks.h"
#include "paperdeck/output.h"
#include "paperdeck/query.h"

/* Exit codes, documented in the README and --help. */
enum { EXIT_OK = 0, EXIT_NO_MATCH = 1, EXIT_USAGE = 2 };

/* Every option of every command, once; a command takes a subset (its
 * cmd_entry.options, bits 1 << CMD_OPT_*). --help and --version are taken
 * by every command. */
typedef enum cmd_opt {
    CMD_OPT_QUERY,
    CMD_OPT_SORT,
    CMD_OPT_SECTION,
    CMD_OPT_FORMAT,
    CMD_OPT_OUTPUT,
    CMD_OPT_EXPLAIN,
    CMD_OPT_COLOR,
    CMD_OPT_LIST_FILES,
    CMD_OPT_HELP,
    CMD_OPT_VERSION,
    CMD_OPT_COUNT
} cmd_opt;

#define CMD_OPT(o) (1u << (o))

/* The options that choose which entries of the lists a command shows and
 * how: browse and list take the same ones, so that `list` prints what
 * `browse` would show. */
#define CMD_OPTS_VIEW                                                          \
    (CMD_OPT(CMD_OPT_QUERY) | CMD_OPT(CMD_OPT_SORT) | CMD_OPT(CMD_OPT_SECTION) \
     | CMD_OPT(CMD_OPT_COLOR) | CMD_OPT(CMD_OPT_LIST_FILES))

typedef enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } color_mode;

/* A command's arguments, as parsed; the files point into argv, or into
 * cfg/found once the default lists are filled in. */
typedef struct cmd_args {
    const char **files;
    int nfiles;
    const char *query;
    const char *section;
    sort_key sort;
    bool sort_given, descending;
    output_format format;
    color_mode color;
    const char *output; /* import: -o OUT.yaml, NULL for stdout */
    bool explain;       /* import --explain: which rule gave each field */
    bool list_files;    /* --list-files: say where lists are looked for */
    config cfg;         /* the settings file (browse, list) */
    char **found;       /* lists found in the data directory */
    size_t nfound;
} cmd_args;

typedef struct cmd_entry {
    const char *name;
    const char *synopsis;     /* the usage line after "paperdeck " */
    const char *summary;      /* what it does, one line of --help */
    unsigned options;         /* CMD_OPT(...) bits, besides help and version */
    int (*exec)(cmd_args *a); /* returns the exit status */
} cmd_entry;

extern const cmd_entry cmd_browse_entry;
extern const cmd_entry cmd_list_entry;
extern const cmd_entry cmd_check_entry;
extern const cmd_entry cmd_import_entry;
extern const cmd_entry cmd_fetch_entry;

/* --- cmd_args.c: options and usage -------------------------------------- */

/* Reads cmd's options and files from argv[1..argc) (argv[0] is the command
 * or the program name) into a, zeroed by the caller; table[0..n) are all
 * the commands, for --help. Returns -1 to go on, or the exit status when
 * done already: help or version printed, or a usage error reported. */
int cmd_parse(const cmd_entry *cmd, int argc, char **argv, cmd_args *a,
              const cmd_entry *const *table, size_t n);

/* Reports "paperdeck: " fmt (with one %s, arg) and the --help hint on
 * stderr; returns EXIT_USAGE. */
int cmd_usage_error(const char *fmt, const char *arg);

/* Frees what parsing and cmd_default_lists allocated. */
void cmd_args_free(cmd_args *a);

/* --- cmd_common.c: what several commands share --------------------------- */

/* The settings file and, with no FILE, the default lists (browse, list).
 * A bad settings line is reported on stderr and skipped; the first problem
 * is kept in first ("" when none) for the browser's bottom line (first may
 * be NULL with size 0 where nothing shows it). With
 * --list-files, says where lists are looked for and returns its status;
 * else returns -1 to go on. */
int cmd_settings(cmd_args *a, char *first, size_t size);

/* What list and fetch do: the settings and the default lists, then run on
 * the lists' index (a cache's when there is one); a list with errors is
 * reported and gives EXIT_USAGE. Returns the status. */
int cmd_run_on_lists(cmd_args *a, int (*run)(const cmd_args *a, paper_index *ix));

/* Prints a load's messages, and a count when it failed. */
void cmd_report_load(const diag *d, bool failed);

/* Compiles a->query ("" when none); a bad query is reported with a caret
 * under it and gives NULL. */
query *cmd_compile_query(const cmd_args *a);

/* The section want names (catalog_find_section) in *sec; else reports
 * that there is none or that the name is ambiguous, listing the sections,
 * and returns false. */
bool cmd_find_section(const catalog *c, const char *want, int32_t *sec);

/* The user's marks, put into the index for is: terms and the output. A
 * problem with the marks file goes to msg (size bytes, "" when none) and
 * never stops the command. */
marks_store *cmd_open_marks(paper_index *ix, char *msg, size_t size);

/* The fetched arXiv records (arxiv_store.h), put into the index for abs:,
 * subject: and author: terms and the output. A store that cannot be read
 * is reported on stderr and in msg, and is empty; never stops the command.
 * Free with arxiv_store_free after the index. */
arxiv_store *cmd_open_records(paper_index *ix, char *msg, size_t size);

#endif
