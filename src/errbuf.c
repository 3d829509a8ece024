/* errbuf: reasons into a caller's buffer; see errbuf.h. */
#include "paperdeck/errbuf.h"

#include <stdio.h>

#include "paperdeck/utf8.h"

void verrf(char *err, size_t errsize, const char *fmt, va_list ap)
{
    if (!err || !errsize)
        return;
    int n = vsnprintf(err, errsize, fmt, ap);
    if (n >= 0 && (size_t)n >= errsize) /* cut: not inside a character */
        err[utf8_whole(err, errsize - 1)] = '\0';
}

void errf(char *err, size_t errsize, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verrf(err, errsize, fmt, ap);
    va_end(ap);
}
