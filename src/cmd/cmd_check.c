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
    int status = cmd_expand_dirs(a); /* every list in it, each checked */
    if (status >= 0)
        return status;
    diag d;
    diag_init(&d);
    catalog *c = lists_load(a->files, a->nfiles, &d);
    cmd_report_load(&d, !c, true);
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

CMD_ENTRY(check, "check FILE|DIR...", "validate lists, print every problem", 0);
