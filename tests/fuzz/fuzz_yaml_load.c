/* libFuzzer target: any bytes as a YAML list. The loader must report
 * problems through diag and never crash, hang or leak. A list it accepts is
 * indexed, written in every output format, and its YAML written back must
 * load again (fuzz_common.h). */
#include <stdint.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    catalog *c = catalog_new();
    diag d;
    diag_init(&d);
    if (yaml_load_buffer(c, "fuzz.yaml", (const char *)data, size, false, &d) == 0 &&
        d.errors == 0) {
        catalog_finish(c);
        fuzz_exercise_catalog(c);
    }
    diag_free(&d);
    catalog_free(c);
    return 0;
}
