/* import: one markdown list to our YAML format, on stdout or atomically
 * to -o; warnings and the summary go to stderr. */
#include "cmd.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "paperdeck/md_import.h"
#include "paperdeck/remote.h"
#include "paperdeck/yaml_write.h"

/* The catalog c (imported from name) as YAML, to -o or stdout. */
static int write_yaml(const cmd_args *a, catalog *c)
{
    char err[512] = "";
    int rc;
    if (a->output)
        rc = yaml_write_file(a->output, c, NULL, err, sizeof err);
    else if ((rc = yaml_write(stdout, c, NULL, err, sizeof err)) == 0 && fflush(stdout) != 0)
        rc = -1;
    if (rc != 0) {
        fprintf(stderr, "paperdeck: %s\n", err[0] ? err : strerror(errno));
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

/* --explain: the rules behind each field instead of the YAML. */
static int explain(const char *path)
{
    diag d;
    diag_init(&d);
    remote_info info; /* a remote list: its cached copy */
    char err[512];
    if (remote_is_name(path) && remote_info_of(path, &info, err, sizeof err) == 0)
        path = info.path;
    int rc = md_explain_file(stdout, path, &d);
    diag_print(&d, stderr);
    diag_free(&d);
    return rc == 0 && fflush(stdout) == 0 ? EXIT_OK : EXIT_USAGE;
}

static int import_exec(cmd_args *a)
{
    if (a->nfiles != 1)
        return cmd_usage_error("%s: expected one markdown LIST (or - for stdin)", "import");
    const char *path = a->files[0];
    if (!cmd_fetch_remote(a->files, a->nfiles, true))
        return EXIT_USAGE;
    if (a->explain && strcmp(path, "-") != 0 && !remote_is_name(path) && !lists_is_markdown(path)) {
        fprintf(stderr, "paperdeck: %s: a YAML list, not markdown: nothing to explain\n", path);
        return EXIT_USAGE;
    }
    if (a->explain)
        return explain(path);
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
        status = write_yaml(a, c);
        if (status == EXIT_OK) /* a failed write imported nothing */
            md_print_summary(stderr, c, name, &st);
    }
    diag_free(&d);
    catalog_free(c);
    return status;
}

CMD_ENTRY(import, "import LIST.md [-o OUT.yaml | --explain]", "convert a markdown list to YAML",
          CMD_OPT(CMD_OPT_OUTPUT) | CMD_OPT(CMD_OPT_EXPLAIN));
