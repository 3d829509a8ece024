/* diag: located error and warning messages, collected so that a loader can
 * report every problem in a file at once, printed as
 *   file:line:column: error: what was expected
 */
#ifndef PAPERDECK_DIAG_H
#define PAPERDECK_DIAG_H

#include <stdint.h>
#include <stdio.h>

typedef enum diag_level { DIAG_ERROR, DIAG_WARNING } diag_level;

typedef struct diag_msg {
    diag_level level;
    char *file;    /* owned copy */
    uint32_t line; /* 1-based; 0 when the message is about the whole file */
    uint32_t col;  /* 1-based; 0 when unknown */
    char *text;    /* owned copy */
} diag_msg;

typedef struct diag {
    diag_msg *msgs;
    size_t n, cap;
    size_t errors, warnings;
} diag;

void diag_init(diag *d);
void diag_free(diag *d);
void diag_add(diag *d, diag_level level, const char *file, uint32_t line, uint32_t col,
              const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Formats one message as "file:line:col: error: text" (parts that are 0 are
 * left out) into buf; returns the length it needed, as snprintf. */
int diag_format(const diag_msg *m, char *buf, size_t size);
/* Adds copies of every message of from to d, in order. */
void diag_append(diag *d, const diag *from);
/* Prints every message, one per line, in the order they were added. */
void diag_print(const diag *d, FILE *out);

#endif
