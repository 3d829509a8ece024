/* libFuzzer target: any bytes as awesome-list markdown. The importer must
 * warn about what it cannot place and never crash, hang or leak; what it
 * imports is indexed, written in every format, and its YAML must load again
 * (fuzz_common.h). */
#include <stdint.h>

#include "fuzz_common.h"
#include "paperdeck/md_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    (void)md_sniff(buf, size);
    catalog *c = catalog_new();
    diag d;
    diag_init(&d);
    md_stats stats;
    bool as_group = size > 0 && (data[size - 1] & 1);
    if (md_import_buffer(c, "fuzz.md", buf, size, as_group, &d, &stats) == 0) {
        catalog_finish(c);
        md_print_summary(fuzz_devnull(), c, "fuzz.md", &stats);
        fuzz_exercise_catalog(c);
    }
    diag_free(&d);
    catalog_free(c);
    return 0;
}
