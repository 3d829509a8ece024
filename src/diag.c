/* diag: collected, located messages; see diag.h. */
#include "paperdeck/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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

static char *diag_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

void diag_add(diag *d, diag_level level, const char *file, uint32_t line,
              uint32_t col, const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);

    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        diag_msg *msgs = realloc(d->msgs, cap * sizeof *msgs);
        if (!msgs)
            return; /* keep the counts right even if the text is lost */
        d->msgs = msgs;
        d->cap = cap;
    }
    diag_msg *m = &d->msgs[d->n];
    m->level = level;
    m->file = diag_strdup(file ? file : "");
    m->text = diag_strdup(text);
    m->line = line;
    m->col = col;
    if (m->file && m->text)
        d->n++;
    else {
        free(m->file);
        free(m->text);
    }
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
