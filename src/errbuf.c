/* errbuf: reasons into a caller's buffer; see errbuf.h. */
#include "paperdeck/errbuf.h"

#include <stdio.h>

void verrf(char *err, size_t errsize, const char *fmt, va_list ap)
{
    if (err && errsize)
        vsnprintf(err, errsize, fmt, ap);
}

void errf(char *err, size_t errsize, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verrf(err, errsize, fmt, ap);
    va_end(ap);
}
