/* catalog: the loaded list(s): a tree of sections and the entries in it.
 *
 * A catalog is built once by a loader (yaml_load, md_import) through the
 * builder calls below, finished with catalog_finish(), and is immutable after
 * that. Every string and array is owned by the catalog's arena; one
 * catalog_free() releases everything.
 *
 * Sections are stored in pre-order and entries in document order, so the
 * descendants of section s are the sections (s, s.end) and the entries of s's
 * whole subtree are [s.entry_begin, s.entry_end): scoping a view to a section
 * is a range test. */
#ifndef PAPERDECK_CATALOG_H
#define PAPERDECK_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "paperdeck/arena.h"

typedef enum entry_kind { KIND_PAPER, KIND_BLOG, KIND_PROJECT, KIND_LINK, KIND_COUNT } entry_kind;

/* Flags of entry.flags: which fields were derived rather than written. */
enum {
    ENTRY_YEAR_DERIVED = 1 << 0,
    ENTRY_DATE_DERIVED = 1 << 1,
};

typedef struct entry_link {
    const char *label; /* may be NULL */
    const char *url;
} entry_link;

typedef struct entry {
    const char *title; /* never NULL */
    const char *venue; /* NULL when absent; likewise every field below */
    const char *arxiv; /* as validated by arxiv_parse, e.g. "2106.09685", "cs/0112017" */
    const char *url;   /* the entry's own page (blog post, repository, ...) */
    const char *org;
    const char *notes;
    const char *date; /* "YYYY", "YYYY-MM" or "YYYY-MM-DD" */
    const char *const *authors;
    const char *const *tags;
    const entry_link *links;
    uint32_t nauthors, ntags, nlinks;
    uint32_t section; /* the section the entry is written in */
    uint32_t line;    /* 1-based line in its source file, 0 if unknown */
    int16_t year;     /* 0 when unknown */
    uint8_t kind;     /* entry_kind */
    uint8_t flags;    /* ENTRY_*_DERIVED */
    uint16_t file;    /* index into catalog.files */
} entry;

typedef struct section {
    const char *name;
    const char *path;     /* names joined by '/', e.g. "Papers/Architecture" */
    int32_t parent;       /* -1 for a top-level section */
    uint32_t depth;       /* 0 for top level */
    uint32_t end;         /* descendants are sections (index, end) */
    uint32_t entry_begin; /* entries of the whole subtree: [entry_begin, entry_end) */
    uint32_t entry_end;
    uint32_t line; /* where it is defined, 0 if unknown */
} section;

typedef struct catalog {
    const char *title;       /* the list's title ("" if none) */
    const char *description; /* NULL when absent */
    entry *entries;
    uint32_t nentries;
    section *sections;
    uint32_t nsections;
    const char **files; /* source names, for messages */
    uint32_t nfiles;

    /* Set when the catalog lives in a mapped cache file (cache.h): then
     * catalog_free unmaps it, and there is no builder state. */
    void *mapping;
    size_t mapping_size;

    /* builder state; not for readers */
    arena *arena;
    uint32_t entries_cap, sections_cap, files_cap;
    int32_t open; /* innermost open section, -1 if none */
    bool finished;
} catalog;

const char *entry_kind_name(entry_kind k);
/* Parses "paper", "blog", "project", "link"; false if it is none of them. */
bool entry_kind_parse(const char *s, entry_kind *out);

catalog *catalog_new(void);
void catalog_free(catalog *c);

/* --- builder (loaders only) --------------------------------------------- */

arena *catalog_arena(catalog *c);
/* Returns a canonical arena copy of s[0..n): equal strings share storage
 * (venues, orgs and tags repeat a lot). */
const char *catalog_intern(catalog *c, const char *s, size_t n);
void catalog_set_title(catalog *c, const char *title, const char *description);
/* Records a source file name; returns its index for entry.file. */
uint16_t catalog_add_file(catalog *c, const char *name);
/* Opens a section as a child of the innermost open one (top level if none)
 * and returns its index. Every open must be matched by a close. */
uint32_t catalog_open_section(catalog *c, const char *name, uint32_t line);
void catalog_close_section(catalog *c);
/* Appends a zeroed entry to the innermost open section, or, when none is
 * open, to an implicit top-level section named after the list. The pointer
 * is valid until the next catalog_add_entry. */
entry *catalog_add_entry(catalog *c);
/* Derives e's missing year and date now, from its own fields, which must
 * be final (catalog_finish does it for every entry; a loader can do it as
 * it goes, on its own thread). */
void catalog_derive(catalog *c, entry *e);
/* Appends part, the catalog of the rest of a file parsed on its own: part's
 * first `shared` sections (outermost first) stand for c's open sections,
 * which part closes; its other sections and its entries follow c's, lines
 * moved by line_shift, entries from c's file `file`. Frees part. */
void catalog_append_part(catalog *c, catalog *part, uint32_t shared, int64_t line_shift,
                         uint16_t file);
/* Derives missing years and dates (from the venue, then the arXiv id) and
 * seals the catalog. Call once, after the last add. */
void catalog_finish(catalog *c);

/* --- readers ------------------------------------------------------------ */

/* Entries grouped by the section they are written in, as writers
 * (yaml_write, md_export) walk them. */
typedef struct section_groups {
    uint32_t *order;   /* the ids, grouped by section, in their given order within one */
    uint32_t *first;   /* section s's ids are order[first[s], first[s + 1]) */
    uint32_t *subtree; /* per section: how many of the ids lie in its whole subtree */
} section_groups;

/* Groups the n entry ids (ids NULL: the ids 0 to n - 1) by section. Free
 * with section_groups_free. */
void catalog_group(const catalog *c, const uint32_t *ids, uint32_t n, section_groups *g);
void section_groups_free(section_groups *g);

/* catalog_find_section's answers when it finds no one section. */
enum { CATALOG_NO_SECTION = -1, CATALOG_AMBIGUOUS_SECTION = -2 };

/* The section want names, ignoring ASCII case: its path ("Papers/Adapt")
 * first, so a path is never ambiguous; else its name ("adapt") when
 * exactly one section has it. Returns the section's index, or
 * CATALOG_NO_SECTION, or CATALOG_AMBIGUOUS_SECTION when several sections
 * have that name (and none that path). */
int32_t catalog_find_section(const catalog *c, const char *want);

/* Best link to open for an entry: the arXiv abstract page for a paper with
 * an id, else its url, else its first link. Writes into buf; returns false
 * if the entry has nothing to open. */
bool entry_main_url(const entry *e, char *buf, size_t size);

#endif
