/* yaml_internal.h: what the files of the YAML loader share (yaml_load.c:
 * the schema walk and the public calls; yaml_split.c: the two-thread parse
 * of a big file; yaml_keys.c: key sets and duplicate detection). Nothing
 * outside src/yaml/ includes it. */
#ifndef PAPERDECK_YAML_INTERNAL_H
#define PAPERDECK_YAML_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <yaml.h>

#include "paperdeck/catalog.h"
#include "paperdeck/diag.h"
#include "paperdeck/hashslots.h"
#include "paperdeck/yaml_load.h"

enum {
    FORMAT_VERSION = 1,
    MAX_SECTION_DEPTH = 64,
    MAX_NESTING = 256, /* sequences and mappings, in any place */
    QUOTE_BYTES = 60,  /* longest piece of a value repeated in a message */
    KEYS_MAX = 16,
    OPEN_MAX = 24, /* collections tracked around the split point */
};

/* A mapped file's pages are handed back RELEASE_STEP at a time, keeping
 * RELEASE_SLACK behind the parser. */
enum { RELEASE_STEP = 1 << 20, RELEASE_SLACK = 256 << 10 };

/* --- keys (yaml_keys.c) */

typedef struct keydef {
    const char *name;
    size_t len;
} keydef;

#define KEY(s)          \
    {                   \
        s, sizeof s - 1 \
    }

typedef struct keyset {
    const char *place; /* "in an entry": where these keys are valid */
    const keydef *keys;
    int n;
} keyset;

/* Index of s[0..n) in ks, or -1. */
int keys_find(const keyset *ks, const char *s, size_t n);
/* The valid key closest to s within distance 2, or NULL. The distance must
 * also be below the key's length, so "id" does not suggest "kind". */
const char *keys_suggest(const keyset *ks, const char *s, size_t n);

/* --- duplicate detection (yaml_keys.c) */

/* Open addressing over the entries of one "entries" sequence. A slot is 8
 * bytes (the hash, whose low bit is the kind, and a record number), so a
 * big section's table stays in cache; the records, written in order, are
 * read only when hashes match. Moving to the next section clears the slots,
 * or drops them when they are far more than that section needed: many small
 * sections after a big one cost little. */
typedef enum dup_kind { DUP_ARXIV, DUP_TITLE } dup_kind;

typedef struct dup_rec {
    const char *s; /* arena string of the first occurrence */
    uint32_t len, line;
} dup_rec;

typedef struct dup_table {
    hash_slots slots; /* slots.n: the records of this section */
    dup_rec *recs;
    size_t recs_cap;
} dup_table;

/* Forgets the keys of the previous section. */
void dups_reset(dup_table *t);
void dups_free(dup_table *t);
/* Returns the line of an earlier equal key in this section, or 0 after
 * recording this one at line. s must live as long as the table's use. */
uint32_t dups_check(dup_table *t, dup_kind kind, const char *s, size_t n, uint32_t line);

/* --- the loader */

/* A collection open around the current event. The open block collections
 * (their kind and column) are all that libyaml's scanner and parser carry
 * from one line to the next in block context, so two parses that agree on
 * them at the start of a line read the rest of the file the same way. */
typedef struct open_node {
    uint32_t column;
    uint8_t type; /* YAML_SEQUENCE_START_EVENT or YAML_MAPPING_START_EVENT */
    bool flow;
} open_node;

typedef struct tail_job tail_job;

typedef struct loader {
    catalog *c;
    diag *d;
    const char *name; /* file name for messages */
    const char *buf;  /* the whole input, to locate reader errors */
    size_t len;
    bool release;    /* buf maps a file: hand back the pages parsed */
    size_t released; /* buf[0..released) is handed back */
    uint16_t file;
    bool as_group;
    yaml_parser_t parser;
    yaml_event_t ev;             /* the current event: the next one to consume */
    bool have;                   /* ev holds an event that must be deleted */
    bool stop;                   /* no more events: syntax error, unknown version, too deep,
                                  * or a limit reached (cut) */
    bool cut;                    /* stopped by a limit of lim: not an error */
    const yaml_load_limits *lim; /* NULL: none */
    size_t counted;              /* buf[0..counted) is added to lim->progress */
    uint32_t nesting;            /* sequences and mappings open around ev */
    int32_t group;               /* the as_group section, -1 until opened */
    uint32_t top_line;
    const char *title; /* arena copies; NULL when absent */
    const char *description;
    dup_table dups;
    const char **items; /* authors or tags being read, reused */
    size_t items_cap;
    entry_link *links; /* links being read, reused */
    size_t links_cap;
    open_node open[OPEN_MAX]; /* open[i]: the collection at nesting i + 1 */
    /* Splitting (see "two parts" below). The first part: */
    tail_job *job; /* parses the rest of the file; NULL once reached */
    bool merged;   /* the rest of the file came from job */
    /* The second part: */
    tail_job *tail;        /* this loader parses the rest of the file */
    size_t tail_key;       /* mark index of the split entry in this parser's input */
    bool at_tail;          /* past the synthetic header */
    bool doubt;            /* the rest does not continue the header's context */
    uint32_t tail_section; /* the section open at the split, + 1 */
} loader;

/* --- yaml_events.c: the reader */

typedef struct map_state {
    yaml_mark_t start;
    uint32_t seen[KEYS_MAX]; /* line where each key was first given, 0 if not */
    bool synthetic;          /* second part: a mapping of the synthetic header */
} map_state;

enum { KEY_END = -1, KEY_SKIP = -2 };
enum { QUOTE_SIZE = QUOTE_BYTES * 3 + 8 }; /* room for quote() */

/* A mark's line, 1-based. */
uint32_t mark_line(yaml_mark_t m);
/* A located error or warning at mark at. */
__attribute__((format(printf, 3, 4))) void ld_error(loader *L, yaml_mark_t at, const char *fmt,
                                                    ...);
__attribute__((format(printf, 3, 4))) void ld_warning(loader *L, yaml_mark_t at, const char *fmt,
                                                      ...);
/* Text from the file, fit for a message (see yaml_events.c); returns out. */
const char *quote(char *out, size_t size, const char *s, size_t n);
/* Adds what the parser has passed (up to byte at) to lim->progress. */
void count_progress(loader *L, size_t at);
/* Stops the walk at a limit (not an error). */
void ld_cut(loader *L);
/* Consumes the current event and reads the next. False (and L->stop) when
 * there is none: the stream is over or broken. */
bool ld_next(loader *L);
static inline bool ev_is(const loader *L, yaml_event_type_t type)
{
    return !L->stop && L->ev.type == type;
}
/* Plain empty, "~" and "null" are YAML's null: an absent value. */
bool ev_is_null(const yaml_event_t *ev);
/* Consumes one whole node, however deep, without recursion. */
void ld_skip(loader *L);
/* Reports that the current node is not what was expected, and skips it:
 * "expected <expected> <where> "<key>", found ..." (no key: just <where>). */
void ld_type_error(loader *L, const char *expected, const char *where, const char *key);
/* Consumes a MAPPING-START and prepares to read its keys. */
void ld_map_begin(loader *L, map_state *m);
/* Reads the next key of the mapping being walked. Returns its index in ks
 * with the current event at its value, KEY_SKIP when the key was bad (it and
 * its value were reported and skipped), KEY_END after the mapping's end or
 * when the stream stopped. */
int ld_key(loader *L, const keyset *ks, map_state *m);
/* Makes the current node a string: when it is a scalar, points *s and *n at
 * its text (n == 0 for null and "") and returns true; the caller copies what
 * it needs and calls ld_next. Otherwise reports, skips and returns false. */
bool ld_scalar(loader *L, const char *expected, const char *where, const char *key, const char **s,
               size_t *n);
/* An optional string field: an arena copy (interned if asked), NULL when
 * null, empty or of the wrong type (reported). Consumes the node. */
const char *ld_string(loader *L, const char *key, bool intern);
/* A required string field: like ld_string, but null and "" are reported
 * too. *at gets the value's mark, *len (if not NULL) its length. */
const char *ld_required(loader *L, const char *key, yaml_mark_t *at, size_t *len);
/* Only blanks and comments (after an optional BOM). */
bool blank_text(const char *s, size_t n);
/* The error for invalid UTF-8 at byte bad of buf. */
void ld_utf8_error(const char *name, const char *buf, size_t len, size_t bad, diag *d);

/* --- yaml_load.c, for the second part */

/* Walks a whole stream into L->c. */
void ld_stream(loader *L);
/* What a loader holds once its parser is initialised. */
void ld_free(loader *L);
/* The duplicate checks of entry e (title_len bytes of title at title_at,
 * its arXiv id at arxiv_at) against its section's earlier entries. */
void ld_dups(loader *L, const entry *e, size_t title_len, yaml_mark_t title_at,
             yaml_mark_t arxiv_at);
/* madvise(DONTNEED) of the whole pages of buf[from..to). */
void yaml_release_pages(const char *buf, size_t from, size_t to);
/* UTF-8 continuation bytes in s[0..n): libyaml's marks count characters,
 * not bytes. */
size_t yaml_continuations(const char *s, size_t n);
/* utf8_validate of buf[from..to), a few MB at a time when buf maps a file
 * (release), handing back each piece once checked. *bad is an offset in
 * buf. When cont is not NULL it gets the continuation bytes of valid text. */
bool yaml_validate(const char *buf, size_t from, size_t to, bool release, size_t *bad,
                   size_t *cont);

/* --- yaml_split.c: the two parts */

typedef struct tail_dup {
    uint32_t entry; /* index among the second part's entries */
    uint32_t title_len;
    yaml_mark_t title_at, arxiv_at;
} tail_dup;

struct tail_job {
    const char *name;
    const char *buf;
    size_t len;
    size_t from; /* the second thread validates buf[from..len) */
    bool release;
    atomic_bool cancel;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool checked; /* under mu: set with valid, bad and the split below */
    bool done;    /* under mu: tail_run is over, the fields below are set */
    bool valid;
    size_t bad;
    size_t split;     /* the line the second part starts at, 0 if none */
    size_t key;       /* its entry's first key */
    size_t key_index; /* the second thread sets it to the continuation bytes in
                         buf[from..key), the first then to the key's mark index */
    char *header;
    size_t header_len;
    size_t header_pos, pos, released; /* reading header, then buf[split..len) */
    /* once done */
    bool ok;
    catalog *c;
    diag d;
    uint32_t nesting; /* the context at the split entry */
    open_node open[OPEN_MAX];
    size_t line;    /* the split entry's line in the second part */
    uint32_t chain; /* sections open there */
    tail_dup *dups;
    size_t ndups, dups_cap;
};

/* Sets j up to parse the half of buf after the line break nearest its
 * middle on a second thread (tail_run); false (and nothing to undo) when
 * buf is too short to split or has no such line break. */
bool tail_prepare(tail_job *j, const char *name, const char *buf, size_t len, bool release);
/* The second part's work (a par_fn): validate, find the split, parse. */
void tail_run(void *job);
/* Waits for the second half's UTF-8 check; false with *bad if it failed. */
bool tail_checked(tail_job *j, size_t *bad);
/* Tells the second part it is not needed any more (it stops soon). */
void tail_cancel(tail_job *j);
/* Frees what j holds, once tail_run has returned. */
void tail_end(tail_job *j);

/* Second part: whether the walk goes on (no message, no cancel, the split
 * entry not passed outside a list of entries). */
bool tail_going(const loader *L);
/* Second part, at the split entry: records the context there. */
void tail_arrived(loader *L);
/* Second part: keeps an entry's duplicate checks for the first to replay. */
void tail_note_dups(loader *L, size_t title_len, yaml_mark_t title_at, yaml_mark_t arxiv_at);
/* The mark index libyaml gives the split entry in the first part. */
size_t tail_split_key(const tail_job *j);
/* First part, at or past the split entry: takes the second part's catalog
 * when the contexts agree, and stops; otherwise goes on serially. */
void tail_reached(loader *L);

#endif
