/* md_import: awesome-list markdown (a GitHub README) into a catalog.
 *
 * Headings become the section tree (a lone "# Title" is the list's title);
 * tables are read by what their columns mean, in any order; bullets in the
 * common shapes become entries; a table of contents, badges and prose are
 * not entries. Whatever cannot be placed is a warning with its line number.
 * See the comment at the top of md_import.c for the rules in full. */
#ifndef PAPERDECK_MD_IMPORT_H
#define PAPERDECK_MD_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "paperdeck/catalog.h"
#include "paperdeck/diag.h"

/* What one import did, for the summary. */
typedef struct md_stats {
    uint32_t entries;  /* entries added */
    uint32_t skipped;  /* table rows and bullets that could not be placed */
    uint32_t repaired; /* rows split over several lines that were joined */
} md_stats;

/* Imports the markdown file at path into c, like yaml_load_file: when
 * as_group is true the list goes under one new top-level section named
 * after its title. Warnings and errors go to d; stats (may be NULL) gets
 * the counts. Returns 0, or -1 on an error (unreadable file, invalid UTF-8),
 * after which c must be discarded. */
int md_import_file(catalog *c, const char *path, bool as_group, diag *d, md_stats *stats);
/* The same for a buffer; name is used in messages. */
int md_import_buffer(catalog *c, const char *name, const char *buf, size_t len, bool as_group,
                     diag *d, md_stats *stats);

/* import --explain: imports buf (as md_import_buffer, into a scratch
 * catalog) and writes to out, in line order, each entry with every field
 * it got and the name of the rule that gave it ("venue ICLR
 * [venue_as_link_text]"), and each row or bullet that is not an entry with
 * its line and why; then a count. Warnings also go to d. Returns 0, or -1
 * on an error (invalid UTF-8). */
int md_import_explain(FILE *out, const char *name, const char *buf, size_t len, diag *d);
/* The same for the file at path ("-": stdin); an unreadable file is an
 * error in d. */
int md_explain_file(FILE *out, const char *path, diag *d);

/* True when path names a markdown file (.md, .markdown, .mdown, .mkd). */
bool md_is_markdown_path(const char *path);
/* Whether a warning's text (diag_msg.text) is one of a row or bullet the
 * importer skipped (counted in md_stats.skipped), for a summary made from
 * the messages alone (a cached list keeps its warnings, not its counts). */
bool md_warning_skips_row(const char *text);
/* True when buf looks like markdown rather than a YAML list. Lines starting
 * with '#' (a heading, or a YAML comment) are skipped; the first other
 * non-blank line decides: one of our YAML keys ("paperdeck:", "title:",
 * "description:", "sections:"), "---" or a directive is YAML; a line that
 * starts with '|', '-', '*', '+', '<', '[' or '!' is markdown, and so is
 * anything else after a '#' line (or nothing but '#' lines). */
bool md_sniff(const char *buf, size_t len);

/* The kind the importer gives an entry written in section sec: paper when
 * it has an arXiv id or a venue (its own evidence wins over its section's
 * name), else blog under a section named like "Blogs", project under
 * "Projects"/"Repos"/"Tools" (nearest such ancestor wins), else link.
 * md_export uses it to know when a Kind column is needed. */
entry_kind md_infer_kind(const catalog *c, uint32_t sec, bool has_arxiv, bool has_venue);

/* Prints "imported N entries from NAME", the entries per section (sections
 * with entries of their own, by path) and the rows skipped. */
void md_print_summary(FILE *out, const catalog *c, const char *name, const md_stats *stats);

#endif
