/* diag: collected, located messages; see diag.h. */
#include "paperdeck/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "paperdeck/array.h"
#include "paperdeck/xalloc.h"

void diag_init(diag *d)
{
    memset(d, 0, sizeof *d);
}

void diag_free(diag *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->msgs[i].file);
        free(d->msgs[i].text);
    }
    free(d->msgs);
    diag_init(d);
}

void diag_add(diag *d, diag_level level, const char *file, uint32_t line, uint32_t col,
              const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);

    ARRAY_RESERVE(d->msgs, d->cap, d->n + 1);
    diag_msg *m = &d->msgs[d->n++];
    m->level = level;
    m->file = xstrdup(file ? file : "");
    m->text = xstrdup(text);
    m->line = line;
    m->col = col;
    if (level == DIAG_ERROR)
        d->errors++;
    else
        d->warnings++;
}

int diag_format(const diag_msg *m, char *buf, size_t size)
{
    const char *level = m->level == DIAG_ERROR ? "error" : "warning";
    if (m->line && m->col)
        return snprintf(buf, size, "%s:%u:%u: %s: %s", m->file, m->line, m->col, level, m->text);
    if (m->line)
        return snprintf(buf, size, "%s:%u: %s: %s", m->file, m->line, level, m->text);
    if (m->file[0])
        return snprintf(buf, size, "%s: %s: %s", m->file, level, m->text);
    return snprintf(buf, size, "%s: %s", level, m->text);
}

void diag_append(diag *d, const diag *from)
{
    for (size_t i = 0; i < from->n; i++) {
        const diag_msg *m = &from->msgs[i];
        diag_add(d, m->level, m->file, m->line, m->col, "%s", m->text);
    }
}

void diag_print(const diag *d, FILE *out)
{
    char buf[2048];
    for (size_t i = 0; i < d->n; i++) {
        diag_format(&d->msgs[i], buf, sizeof buf);
        fprintf(out, "%s\n", buf);
    }
}
