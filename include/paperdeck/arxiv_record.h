/* arxiv_record: one paper's record as the arXiv API gives it, and the
 * reader of the API's answer (an Atom feed, https://info.arxiv.org/help/api/
 * user-manual.html section 3.3). Pure: no network, no files. */
#ifndef PAPERDECK_ARXIV_RECORD_H
#define PAPERDECK_ARXIV_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "paperdeck/arxiv.h"

typedef struct arxiv_record {
    char id[ARXIV_ID_MAX]; /* without its version: "2106.09685", "cs/0112017" */
    uint32_t version;      /* the latest version's number (0: not given) */
    char *title;           /* NULL when absent; likewise every string below */
    char *abstract;        /* white space runs folded to one space */
    char *published;       /* the first version's date-time, as given (ISO 8601) */
    char *updated;         /* the latest version's */
    char *comment;
    char *journal_ref;
    char *doi;
    char **authors; /* names, in order */
    char **cats;    /* categories, the primary one first, no repeats */
    uint32_t nauthors, ncats;
    int64_t fetched; /* when it was fetched (seconds since the epoch), 0: unknown */
} arxiv_record;

void arxiv_record_free(arxiv_record *r);
/* The primary category, NULL when none. */
const char *arxiv_record_primary(const arxiv_record *r);
/* The year of the first version, 0 when the record has no date. */
int arxiv_record_year(const arxiv_record *r);

/* What arxiv_atom_parse found in a feed. */
typedef struct arxiv_feed {
    arxiv_record *recs; /* the papers, in feed order */
    size_t n;
    /* The feed's error entries ("incorrect id format for 1234.5"): the API
     * answers a bad id with one instead of a paper. Heap strings. */
    char **errors;
    size_t nerrors;
} arxiv_feed;

/* Reads an Atom feed xml[0..len) into out (zeroed first); every record's
 * fetched is set to now. Returns 0; on XML that is not well formed, or is
 * not an Atom feed, or an entry without a usable arXiv id, -1 with a one-
 * line reason in err ("malformed XML at line 3, column 7: mismatched tag")
 * and out empty. */
int arxiv_atom_parse(const char *xml, size_t len, int64_t now, arxiv_feed *out, char *err,
                     size_t errsize);
void arxiv_feed_free(arxiv_feed *f);

#endif
