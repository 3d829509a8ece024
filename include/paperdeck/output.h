/* output: a view written for scripts and people: an aligned table, TSV,
 * JSON or BibTeX (bibtex.h), or as a list again: an awesome-list README (md_export) or our YAML
 * format (yaml_write). Every string of the table, TSV and JSON is sanitised
 * (no control characters reach the terminal or the pipe). */
#ifndef PAPERDECK_OUTPUT_H
#define PAPERDECK_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "paperdeck/catalog.h"
#include "paperdeck/index.h"
#include "paperdeck/query.h"

typedef enum output_format {
    OUTPUT_TABLE,
    OUTPUT_TSV,
    OUTPUT_JSON,
    OUTPUT_MARKDOWN, /* md_export */
    OUTPUT_YAML,     /* yaml_write */
    OUTPUT_BIBTEX,   /* bibtex: a .bib of the entries */
} output_format;

typedef struct output_options {
    output_format format;
    bool color;               /* table only: bold header, highlighted matches */
    const query *highlight;   /* table with color: query whose matches to highlight */
    int width;                /* table: terminal width, 0 for unlimited */
    const paper_index *index; /* the user's marks (index_marks) for the table's
                                 mark column, TSV's "marks" and JSON's
                                 "starred"/"read"/"new"; NULL: all unmarked */
} output_options;

/* Returns 0, or -1 on a write error (errno set). */
int output_view(FILE *out, const catalog *c, const view *v, const output_options *o);
/* Parses "table", "tsv", "json", "markdown" (also "md"), "yaml", "bibtex"
 * (also "bib"). */
bool output_format_parse(const char *s, output_format *out);

#endif
