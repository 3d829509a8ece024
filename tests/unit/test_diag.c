/* Unit tests: diag collects and formats located messages. */
#include <stdlib.h>

#include "check.h"
#include "paperdeck/diag.h"

static void test_format(void)
{
    diag d;
    diag_init(&d);
    diag_add(&d, DIAG_ERROR, "list.yaml", 12, 5, "expected a string for \"%s\", found a mapping",
             "venue");
    diag_add(&d, DIAG_WARNING, "list.yaml", 3, 0, "duplicate");
    diag_add(&d, DIAG_ERROR, "x.yaml", 0, 0, "empty file");
    diag_add(&d, DIAG_ERROR, NULL, 0, 0, "no file");
    CHECK_INT(d.n, 4);
    CHECK_INT(d.errors, 3);
    CHECK_INT(d.warnings, 1);
    char buf[256];
    diag_format(&d.msgs[0], buf, sizeof buf);
    CHECK_STR(buf, "list.yaml:12:5: error: expected a string for \"venue\", found a mapping");
    diag_format(&d.msgs[1], buf, sizeof buf);
    CHECK_STR(buf, "list.yaml:3: warning: duplicate");
    diag_format(&d.msgs[2], buf, sizeof buf);
    CHECK_STR(buf, "x.yaml: error: empty file");
    diag_format(&d.msgs[3], buf, sizeof buf);
    CHECK_STR(buf, "error: no file");
    diag_free(&d);
    CHECK_INT(d.n, 0);
}

static void test_many_and_print(void)
{
    diag d;
    diag_init(&d);
    for (int i = 1; i <= 1000; i++)
        diag_add(&d, DIAG_ERROR, "f", (uint32_t)i, 1, "e%d", i);
    CHECK_INT(d.n, 1000);
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    diag_print(&d, mem);
    fclose(mem);
    CHECK(len > 0 && text[len - 1] == '\n');
    size_t lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    CHECK_INT(lines, 1000);
    CHECK(strstr(text, "f:1000:1: error: e1000\n") != NULL);
    free(text);
    diag_free(&d);
}

int main(void)
{
    RUN(test_format);
    RUN(test_many_and_print);
    return check_summary();
}
