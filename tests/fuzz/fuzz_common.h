/* Shared by the fuzz targets: checks on a catalog a loader accepted. */
#ifndef PAPERDECK_FUZZ_COMMON_H
#define PAPERDECK_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>

#include "paperdeck/catalog.h"
#include "paperdeck/diag.h"
#include "paperdeck/index.h"
#include "paperdeck/output.h"
#include "paperdeck/yaml_load.h"

static inline FILE *fuzz_devnull(void)
{
    static FILE *devnull;
    if (!devnull)
        devnull = fopen("/dev/null", "w");
    return devnull;
}

/* Writes v in every format to /dev/null: the table, TSV, JSON and
 * markdown writers must cope with whatever a loader let through. */
static inline void fuzz_write_all_formats(const catalog *c, const view *v)
{
    static const output_format formats[] = {OUTPUT_TABLE, OUTPUT_TSV, OUTPUT_JSON,
                                            OUTPUT_MARKDOWN};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        output_options o = {.format = formats[i], .color = true, .width = 80};
        output_view(fuzz_devnull(), c, v, &o);
    }
}

/* The YAML that yaml_write makes of a catalog must load again, without
 * errors and with the same number of entries; aborts (a fuzzer finding)
 * otherwise. */
static inline void fuzz_check_yaml_round_trip(const catalog *c, const view *v)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    output_options o = {.format = OUTPUT_YAML};
    output_view(mem, c, v, &o);
    fclose(mem);
    catalog *again = catalog_new();
    diag d;
    diag_init(&d);
    int rc = yaml_load_buffer(again, "round-trip.yaml", buf, len, false, &d);
    if (rc != 0 || d.errors != 0 || again->nentries != c->nentries) {
        fprintf(stderr, "round trip failed: rc %d, %zu errors, %u entries (was %u)\n", rc,
                d.errors, again->nentries, c->nentries);
        diag_print(&d, stderr);
        fwrite(buf, 1, len, stderr);
        abort();
    }
    diag_free(&d);
    catalog_free(again);
    free(buf);
}

/* Indexes a finished catalog, writes it in every format and checks the
 * YAML round trip. */
static inline void fuzz_exercise_catalog(const catalog *c)
{
    paper_index *ix = index_build(c);
    view v;
    view_init(&v);
    index_filter(ix, NULL, -1, &v, NULL);
    index_sort(ix, &v, SORT_TITLE, false);
    fuzz_write_all_formats(c, &v);
    index_sort(ix, &v, SORT_ORDER, false);
    fuzz_check_yaml_round_trip(c, &v);
    view_free(&v);
    index_free(ix);
}

#endif
