/* yaml_load: the YAML list format (docs/data-format.md) into a catalog, with
 * every problem located as file:line:column. */
#ifndef PAPERDECK_YAML_LOAD_H
#define PAPERDECK_YAML_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog.h"
#include "diag.h"

/* Loads the file at path into c. When as_group is true the list's sections
 * go under one new top-level section named after its title (several files
 * loaded together). Every error and warning goes to d. Returns 0 when the
 * file had no errors; otherwise -1, and c must be discarded (it may hold part
 * of the list). Missing files, directories, empty files and invalid UTF-8 are
 * errors like any other. */
int yaml_load_file(catalog *c, const char *path, bool as_group, diag *d);
/* The same for a buffer in memory; name is used in messages. */
int yaml_load_buffer(catalog *c, const char *name, const char *buf, size_t len,
                     bool as_group, diag *d);

/* Files of at least this many bytes are parsed on two threads, each half of
 * the file by its own libyaml parser; the catalog and every message are the
 * same as a serial parse's (when in doubt the loader parses serially).
 * 1 MiB by default; returns the previous value. For tests and benchmarks. */
size_t yaml_load_set_split_min(size_t bytes);
/* How many loads have used the second thread's part so far (tests). */
unsigned long yaml_load_splits(void);

#endif
