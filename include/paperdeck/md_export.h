/* md_export: a view written as an awesome-list README: "# Title", a table of
 * contents, a heading per section (nesting by depth, ## for top-level
 * sections), and per section a table with Title (linked to the entry's url),
 * Venue, Year, arXiv (linked), Code (the entry's links) and Notes, plus
 * Authors, Org, Tags, Date and Kind columns when some entry of that table
 * needs them. Text is escaped so that md_import reads back the same
 * entries. */
#ifndef PAPERDECK_MD_EXPORT_H
#define PAPERDECK_MD_EXPORT_H

#include <stdio.h>

#include "paperdeck/catalog.h"
#include "paperdeck/index.h"

/* Writes the entries of v (NULL: every entry) of c, grouped by section as
 * yaml_write does. Returns 0, or -1 on a write error (errno set). */
int md_export(FILE *out, const catalog *c, const view *v);

#endif
