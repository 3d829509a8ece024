/* yaml_write: a catalog, or a view of it, written in our YAML list format
 * (docs: format version 1) with libyaml's emitter, so that yaml_load reads
 * back the same entries. Derived years and dates are left out (the loader
 * derives them again); a view's entries are grouped under their sections,
 * in the view's order within a section, and sections without any entry of
 * the view are left out. */
#ifndef PAPERDECK_YAML_WRITE_H
#define PAPERDECK_YAML_WRITE_H

#include <stddef.h>
#include <stdio.h>

#include "paperdeck/catalog.h"
#include "paperdeck/index.h"

/* Writes the entries of v (NULL: every entry) of c to out. Returns 0, or -1
 * with a message in err (when err is not NULL). */
int yaml_write(FILE *out, const catalog *c, const view *v, char *err, size_t errsize);

/* Writes to path atomically: a temporary file in the same directory,
 * flushed and fsync'ed, then renamed over path. On any failure path is left
 * as it was (the temporary file is removed) and -1 is returned with err
 * saying why. A new file gets mode 0666 less the umask; an existing file
 * keeps its mode. */
int yaml_write_file(const char *path, const catalog *c, const view *v, char *err, size_t errsize);

#endif
