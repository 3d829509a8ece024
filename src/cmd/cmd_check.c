/* check: validates lists, printing every problem; reads the files
 * themselves, never a cache. */
#include "cmd.h"

#include <stdio.h>

static int check_exec(cmd_args *a)
{
    if (a->nfiles == 0)
        return cmd_usage_error("%s: no FILE given", "check");
    if (!cmd_fetch_remote(a->files, a->nfiles, true))
        return EXIT_USAGE;
    diag d;
    diag_init(&d);
    catalog *c = lists_load(a->files, a->nfiles, &d);
    cmd_report_load(&d, !c);
    if (c) {
        for (int i = 0; i < a->nfiles; i++)
            printf("%s: ok\n", a->files[i]);
        if (d.warnings)
            printf("%zu warning%s\n", d.warnings, d.warnings == 1 ? "" : "s");
        catalog_free(c);
    }
    diag_free(&d);
    return c ? EXIT_OK : EXIT_USAGE;
}

const cmd_entry cmd_check_entry = {
    .name = "check",
    .synopsis = "check FILE...",
    .summary = "validate lists, print every problem",
    .options = 0,
    .exec = check_exec,
};
