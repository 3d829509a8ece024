/* yaml_load: the YAML list format (docs/data-format.md) into a catalog, with
 * every problem located as file:line:column. */
#ifndef PAPERDECK_YAML_LOAD_H
#define PAPERDECK_YAML_LOAD_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "paperdeck/catalog.h"
#include "paperdeck/diag.h"

/* Loads the file at path into c. When as_group is true the list's sections
 * go under one new top-level section named after its title (several files
 * loaded together). Every error and warning goes to d. Returns 0 when the
 * file had no errors; otherwise -1, and c must be discarded (it may hold part
 * of the list). Missing files, directories, empty files and invalid UTF-8 are
 * errors like any other. */
int yaml_load_file(catalog *c, const char *path, bool as_group, diag *d);
/* The same for a buffer in memory; name is used in messages. */
int yaml_load_buffer(catalog *c, const char *name, const char *buf, size_t len, bool as_group,
                     diag *d);

/* What may cut a load short: the head of a long list is shown while the
 * whole of it loads on another thread, and that load may be called off. */
typedef struct yaml_load_limits {
    uint32_t max_entries;      /* stop once the catalog holds this many; 0: no limit */
    const atomic_bool *cancel; /* stop as soon as it is true; NULL: never */
    atomic_size_t *progress;   /* bytes of the file parsed, added as the parser
                                * goes (a few times per MB); NULL: not kept */
} yaml_load_limits;

/* yaml_load_file within limits. *complete is set to whether the whole file
 * was read. A load cut short by a limit is no error: the catalog holds the
 * entries read so far, in closed sections. Only the whole file is checked:
 * a head load leaves UTF-8 to libyaml's reader, which checks what it reads,
 * and the rest of the file may still hold errors. */
int yaml_load_file_limited(catalog *c, const char *path, bool as_group, const yaml_load_limits *lim,
                           bool *complete, diag *d);

/* Files of 1 MiB or more are parsed on two threads, each half of the file
 * by its own libyaml parser; the catalog and every message are the same
 * as a serial parse's (when in doubt the loader parses serially). The
 * threshold can be moved for tests (testhooks.h). */

#endif
