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
    CMD_OPT_VERBOSE,
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
     | CMD_OPT(CMD_OPT_COLOR) | CMD_OPT(CMD_OPT_LIST_FILES) | CMD_OPT(CMD_OPT_VERBOSE))

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
    bool verbose;       /* -v: every warning, not a summary line per file */
    config cfg;         /* the settings file (browse, list) */
    char **found;       /* lists found in the data directory or in a FILE that
                         * is a directory: left out of a load when they have
                         * errors (cmd_load_lists) */
    size_t nfound;
} cmd_args;

typedef struct cmd_entry {
    const char *name;
    const char *synopsis;     /* the usage line after "paperdeck " */
    const char *summary;      /* what it does, one line of --help */
    unsigned options;         /* CMD_OPT(...) bits, besides help and version */
    int (*exec)(cmd_args *a); /* returns the exit status */
} cmd_entry;

/* Defines cmd_ID_entry, the command named "ID" that ID_exec runs: one line
 * per command, so that its name, descriptor and body cannot disagree. */
#define CMD_ENTRY(id, synopsis_, summary_, options_)           \
    const cmd_entry cmd_##id##_entry = {.name = #id,           \
                                        .synopsis = synopsis_, \
                                        .summary = summary_,   \
                                        .options = options_,   \
                                        .exec = id##_exec}

extern const cmd_entry cmd_browse_entry;
extern const cmd_entry cmd_list_entry;
extern const cmd_entry cmd_check_entry;
extern const cmd_entry cmd_import_entry;
extern const cmd_entry cmd_fetch_entry;
extern const cmd_entry cmd_follow_entry;
extern const cmd_entry cmd_unfollow_entry;
extern const cmd_entry cmd_update_entry;

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

/* The remote names (remote.h) among the files: fetched when there is no
 * copy yet, and when revalidate (conditionally) when there is one. A fetch
 * that fails with a copy there is a warning on stderr (the copy is used,
 * its age said); without one it is an error. Returns false on an error
 * (reported). */
bool cmd_fetch_remote(const char *const *files, int nfiles, bool revalidate);

/* "followed: NAME (fetched 3 h ago, PATH)", or why there is no copy. */
void cmd_print_follow(const char *name);

/* What list and fetch do: the settings and the default lists, then run on
 * the lists' index (a cache's when there is one); a list with errors is
 * reported and gives EXIT_USAGE. Returns the status. */
int cmd_run_on_lists(cmd_args *a, int (*run)(const cmd_args *a, paper_index *ix));
/* The second half of cmd_run_on_lists: loads a->files as they are (remote
 * names from their copies, no request) and runs run on their index. */
int cmd_run_loaded(cmd_args *a, int (*run)(const cmd_args *a, paper_index *ix));
/* fetch's work on the lists' index: the records of the entries a->query
 * and a->section leave (arxiv_fetch.h), with a progress bar on a terminal
 * and a line per failure. Returns the exit status. */
int cmd_fetch_records(const cmd_args *a, paper_index *ix);

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
/* --- cmd_lists.c: the lists a command loads, and its reports ------------- */

/* Replaces each FILE that is a directory by the lists in it, read as the
 * data directory's are. Returns -1 to go on, or EXIT_USAGE (reported) when
 * a directory holds no list. */
int cmd_expand_dirs(cmd_args *a);

/* Prints a load's messages and, when it failed, a count. Warnings are
 * printed one by one only when it failed or with verbose; else one line per
 * file sums them up (cmd_warning_summary). */
void cmd_report_load(const diag *d, bool failed, bool verbose);

/* "65 rows skipped, 12 warnings: paperdeck check ~/FILE" (the browser's
 * bottom line: the file named once, shortened) for the file of the first
 * warning in d, and "(+N more files)" when others have some; "" when d has
 * no warning. */
void cmd_warning_summary(const diag *d, char *buf, size_t size);

/* The first error of d and a count: "list.yaml:3:5: error: ... (+2 more)". */
void cmd_first_error(const diag *d, char *buf, size_t size);

/* The lists a load is tried on: a->files less those found in a directory
 * that have errors, as newsboat skips a bad feed. */
typedef struct cmd_lists {
    const char **files;
    int nfiles;
    diag left; /* the messages of the lists left out */
    int nleft;
} cmd_lists;

/* Loads files[0..n), returning NULL with errors in d. */
typedef void *(*cmd_loader)(const char *const *files, int n, diag *d, void *ctx);

/* Calls load on a->files (l set up here) and, while it fails with errors in
 * lists found in a directory, again without those; the last try's messages
 * go to d, the left-out lists' to l->left. Free l with cmd_lists_free. */
void *cmd_load_lists(const cmd_args *a, cmd_lists *l, cmd_loader load, void *ctx, diag *d);
void cmd_lists_free(cmd_lists *l);
/* Prints the errors of the lists left out and what became of them. */
void cmd_report_left(const cmd_lists *l);
/* For the browser's bottom line: "left out ~/list.yaml:3:5: error: ...
 * (+N more)" (the file relative or with ~); "" when nothing was left out. */
void cmd_left_note(const cmd_lists *l, char *buf, size_t size);

#endif
