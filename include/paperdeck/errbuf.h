/* errbuf: the one-line reason of docs/style.md's error convention, written
 * into a caller's buffer (char *err, size_t errsize, the last parameters).
 *
 *     if (fd < 0) {
 *         errf(err, errsize, "cannot open %s: %s", path, strerror(errno));
 *         return -1;
 *     }
 */
#ifndef PAPERDECK_ERRBUF_H
#define PAPERDECK_ERRBUF_H

#include <stdarg.h>
#include <stddef.h>

/* Formats into err[0..errsize), truncating (never inside a UTF-8
 * character); does nothing when err is NULL
 * or errsize is 0 (the caller did not ask for the reason). */
void errf(char *err, size_t errsize, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void verrf(char *err, size_t errsize, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

#endif
