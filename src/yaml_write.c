/* yaml_write: catalog -> YAML list format with libyaml's emitter; see
 * yaml_write.h. */
#include "paperdeck/yaml_write.h"
#include "paperdeck/fileio.h"
#include "paperdeck/xalloc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "paperdeck/errbuf.h"

typedef struct writer {
    yaml_emitter_t em;
    const catalog *c;
    section_groups g;  /* the view's entry ids grouped by section */
    uint32_t *own_min; /* per section: lowest entry id of its own, or of its subtree */
    uint32_t *sub_min;
    const char *error; /* first failure */
} writer;

/* Groups the view's ids by section and finds each section's document
 * order: a section whose own entries come after those of its sub-sections
 * (a bullet group in markdown) writes "sections" first. */
static void writer_group(writer *w, const view *v)
{
    const catalog *c = w->c;
    catalog_group(c, v ? v->ids : NULL, v ? v->n : c->nentries, &w->g);
    const section_groups *g = &w->g;
    w->own_min = xcalloc(c->nsections + 1, sizeof *w->own_min);
    w->sub_min = xcalloc(c->nsections + 1, sizeof *w->sub_min);
    for (uint32_t s = 0; s < c->nsections; s++) {
        w->own_min[s] = w->sub_min[s] = UINT32_MAX;
        for (uint32_t i = g->first[s]; i < g->first[s + 1]; i++)
            if (g->order[i] < w->own_min[s])
                w->own_min[s] = g->order[i];
    }
    for (uint32_t s = c->nsections; s-- > 0;) {
        int32_t p = c->sections[s].parent;
        if (p < 0)
            continue;
        uint32_t m = w->own_min[s] < w->sub_min[s] ? w->own_min[s] : w->sub_min[s];
        if (m < w->sub_min[p])
            w->sub_min[p] = m;
    }
}

static void writer_free(writer *w)
{
    section_groups_free(&w->g);
    free(w->own_min);
    free(w->sub_min);
}

static void emit(writer *w, yaml_event_t *ev, int ok)
{
    if (w->error) {
        if (ok)
            yaml_event_delete(ev);
        return;
    }
    if (!ok) {
        w->error = "invalid text (not UTF-8) in the list";
        return;
    }
    if (!yaml_emitter_emit(&w->em, ev))
        w->error = w->em.problem ? w->em.problem : "the YAML emitter failed";
}

/* Plain scalars that a YAML reader would take for something other than
 * this string (a number, a boolean, null) are quoted. */
static bool plain_ambiguous(const char *s)
{
    static const char *const words[] = {"null", "~",  "true", "false", "yes",
                                        "no",   "on", "off",  "y",     "n"};
    if (!s[0] || strchr("0123456789+-.", s[0]))
        return true;
    size_t n = strlen(s);
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        if (strlen(words[k]) != n)
            continue;
        bool same = true;
        for (size_t i = 0; i < n; i++)
            if ((s[i] | 0x20) != words[k][i])
                same = false;
        if (same)
            return true;
    }
    return false;
}

static void scalar_styled(writer *w, const char *s, yaml_scalar_style_t style, bool plain_ok)
{
    yaml_event_t ev;
    int ok = yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s),
                                          plain_ok, 1, style);
    emit(w, &ev, ok);
}

static void str(writer *w, const char *s)
{
    scalar_styled(w, s, YAML_ANY_SCALAR_STYLE, !plain_ambiguous(s));
}

static void key_str(writer *w, const char *key, const char *value)
{
    if (!value)
        return;
    str(w, key);
    str(w, value);
}

/* Opens a mapping or a sequence (kind YAML_MAPPING_NODE or
 * YAML_SEQUENCE_NODE), in flow style ([a, b]) or block style. */
static void collection_start(writer *w, yaml_node_type_t kind, bool flow)
{
    yaml_event_t ev;
    int ok = kind == YAML_SEQUENCE_NODE
               ? yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
                                                      flow ? YAML_FLOW_SEQUENCE_STYLE
                                                           : YAML_BLOCK_SEQUENCE_STYLE)
               : yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
                                                     flow ? YAML_FLOW_MAPPING_STYLE
                                                          : YAML_BLOCK_MAPPING_STYLE);
    emit(w, &ev, ok);
}

static void collection_end(writer *w, yaml_node_type_t kind)
{
    yaml_event_t ev;
    emit(w, &ev,
         kind == YAML_SEQUENCE_NODE ? yaml_sequence_end_event_initialize(&ev)
                                    : yaml_mapping_end_event_initialize(&ev));
}

static void key_list(writer *w, const char *key, const char *const *items, uint32_t n)
{
    if (!n)
        return;
    str(w, key);
    collection_start(w, YAML_SEQUENCE_NODE, true);
    for (uint32_t i = 0; i < n; i++)
        str(w, items[i]);
    collection_end(w, YAML_SEQUENCE_NODE);
}

static void write_entry(writer *w, const entry *e)
{
    collection_start(w, YAML_MAPPING_NODE, false);
    key_str(w, "title", e->title);
    if (e->kind != KIND_PAPER)
        key_str(w, "kind", entry_kind_name((entry_kind)e->kind));
    key_str(w, "venue", e->venue);
    if (e->year && !(e->flags & ENTRY_YEAR_DERIVED)) {
        char buf[16];
        snprintf(buf, sizeof buf, "%d", e->year);
        str(w, "year");
        scalar_styled(w, buf, YAML_PLAIN_SCALAR_STYLE, true);
    }
    if (e->arxiv) {
        str(w, "arxiv");
        scalar_styled(w, e->arxiv, YAML_DOUBLE_QUOTED_SCALAR_STYLE, false);
    }
    key_str(w, "url", e->url);
    if (e->nlinks) {
        str(w, "links");
        collection_start(w, YAML_SEQUENCE_NODE, false);
        for (uint32_t i = 0; i < e->nlinks; i++) {
            collection_start(w, YAML_MAPPING_NODE, false);
            key_str(w, "label", e->links[i].label);
            key_str(w, "url", e->links[i].url);
            collection_end(w, YAML_MAPPING_NODE);
        }
        collection_end(w, YAML_SEQUENCE_NODE);
    }
    key_list(w, "authors", e->authors, e->nauthors);
    key_str(w, "org", e->org);
    key_list(w, "tags", e->tags, e->ntags);
    key_str(w, "notes", e->notes);
    if (e->date && !(e->flags & ENTRY_DATE_DERIVED))
        key_str(w, "date", e->date);
    collection_end(w, YAML_MAPPING_NODE);
}

static void write_section(writer *w, uint32_t s)
{
    const catalog *c = w->c;
    const section *sec = &c->sections[s];
    collection_start(w, YAML_MAPPING_NODE, false);
    key_str(w, "name", sec->name);
    uint32_t own = w->g.first[s + 1] - w->g.first[s];
    bool sections_first = w->sub_min[s] < w->own_min[s];
    for (int pass = 0; pass < 2; pass++) {
        if (own && pass == sections_first) {
            str(w, "entries");
            collection_start(w, YAML_SEQUENCE_NODE, false);
            for (uint32_t i = w->g.first[s]; i < w->g.first[s + 1]; i++)
                write_entry(w, &c->entries[w->g.order[i]]);
            collection_end(w, YAML_SEQUENCE_NODE);
        }
        if (w->g.subtree[s] > own && pass != sections_first) {
            str(w, "sections");
            collection_start(w, YAML_SEQUENCE_NODE, false);
            for (uint32_t k = s + 1; k < sec->end; k = c->sections[k].end)
                if (w->g.subtree[k])
                    write_section(w, k);
            collection_end(w, YAML_SEQUENCE_NODE);
        }
    }
    collection_end(w, YAML_MAPPING_NODE);
}

static int yaml_out(void *data, unsigned char *buffer, size_t size)
{
    return fwrite(buffer, 1, size, (FILE *)data) == size;
}

int yaml_write(FILE *out, const catalog *c, const view *v, char *err, size_t errsize)
{
    writer w = {.c = c};
    errno = 0;
    if (!yaml_emitter_initialize(&w.em)) {
        errf(err, errsize, "cannot start the YAML emitter");
        return -1;
    }
    yaml_emitter_set_output(&w.em, yaml_out, out);
    yaml_emitter_set_unicode(&w.em, 1);
    yaml_emitter_set_width(&w.em, -1);
    yaml_emitter_set_indent(&w.em, 2);
    writer_group(&w, v);

    yaml_event_t ev;
    emit(&w, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
    emit(&w, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
    collection_start(&w, YAML_MAPPING_NODE, false);
    str(&w, "paperdeck");
    scalar_styled(&w, "1", YAML_PLAIN_SCALAR_STYLE, true);
    key_str(&w, "title", c->title ? c->title : "");
    key_str(&w, "description", c->description);
    str(&w, "sections");
    bool any = false;
    for (uint32_t s = 0; s < c->nsections; s = c->sections[s].end)
        any |= c->sections[s].parent < 0 && w.g.subtree[s];
    collection_start(&w, YAML_SEQUENCE_NODE, !any);
    for (uint32_t s = 0; s < c->nsections; s = c->sections[s].end)
        if (w.g.subtree[s])
            write_section(&w, s);
    collection_end(&w, YAML_SEQUENCE_NODE);
    collection_end(&w, YAML_MAPPING_NODE);
    emit(&w, &ev, yaml_document_end_event_initialize(&ev, 1));
    emit(&w, &ev, yaml_stream_end_event_initialize(&ev));
    int e = 0;
    if (!w.error && (!yaml_emitter_flush(&w.em) || fflush(out) != 0 || ferror(out))) {
        e = errno ? errno : EIO;
        w.error = "cannot write";
    }
    if (w.error && e)
        errf(err, errsize, "%s: %s", w.error, strerror(e));
    else if (w.error)
        errf(err, errsize, "%s", w.error);
    yaml_emitter_delete(&w.em);
    writer_free(&w);
    return w.error ? -1 : 0;
}

/* The directory part of path ("." when it has none). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    return xstrndup(path, slash == path ? 1 : (size_t)(slash - path)); /* "/file" */
}

/* What yaml_write_file's writer reports beyond errno. */
typedef struct file_job {
    const catalog *c;
    const view *v;
    const char *what; /* "cannot open" or "cannot write" */
    char yerr[256];
} file_job;

/* Writes through a stdio stream of its own (on a dup, so that fileio still
 * owns fd for the fsync and close). */
static int write_job(int fd, void *ctx)
{
    file_job *j = ctx;
    int dfd = dup(fd);
    FILE *f = dfd >= 0 ? fdopen(dfd, "w") : NULL;
    if (!f) {
        int e = errno;
        if (dfd >= 0)
            close(dfd);
        j->what = "cannot open";
        errno = e;
        return -1;
    }
    j->what = "cannot write";
    int rc = yaml_write(f, j->c, j->v, j->yerr, sizeof j->yerr);
    int e = errno;
    if (fflush(f) != 0 && rc == 0) {
        rc = -1;
        e = errno;
    }
    if (fclose(f) != 0 && rc == 0) {
        rc = -1;
        e = errno;
    }
    errno = e;
    return rc;
}

int yaml_write_file(const char *path, const catalog *c, const view *v, char *err, size_t errsize)
{
    char dummy[1];
    if (!err) {
        err = dummy;
        errsize = sizeof dummy;
    }
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (!base[0]) {
        errf(err, errsize, "%s: not a file name", path);
        return -1;
    }
    char *dir = dir_of(path);
    size_t tn = strlen(dir) + strlen(base) + 16;
    char *tmp = xcalloc(tn, 1);
    snprintf(tmp, tn, "%s/.%s.XXXXXX", dir, base);
    fileio_opts opts = {.tmp = tmp, .keep_mode = true};
    file_job job = {.c = c, .v = v, .what = "cannot write"};
    const char *step = "";
    int rc = fileio_replace_with(path, &opts, write_job, &job, &step);
    int e = errno;
    /* A directory that cannot be synced leaves the file replaced: success. */
    if (rc != 0 && strcmp(step, "sync") == 0)
        rc = 0;
    else if (rc != 0 && strcmp(step, "create") == 0)
        errf(err, errsize, "cannot create a temporary file in %s: %s", dir, strerror(e));
    else if (rc != 0) {
        const char *what = strcmp(step, "mode") == 0   ? "cannot set the mode of"
                         : strcmp(step, "rename") == 0 ? "cannot replace"
                                                       : job.what;
        if (job.yerr[0])
            errf(err, errsize, "%s %s: %s", what, path, job.yerr);
        else
            errf(err, errsize, "%s %s: %s", what, path, strerror(e ? e : EIO));
    }
    free(tmp);
    free(dir);
    return rc;
}
