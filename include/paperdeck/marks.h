/* marks: the user's stars and read marks, persisted so that no mark is lost.
 *
 * Marks belong to a paper, not to a line of a list: they are keyed by a
 * stable identity (marks_entry_key), so they survive edits and re-ordering of
 * the list and follow a paper that appears in two lists.
 *
 * Where: $PAPERDECK_STATE_DIR if set, else $XDG_STATE_HOME/paperdeck, else
 * ~/.local/state/paperdeck; the file is "marks" in that directory.
 *
 * Format (UTF-8, one record a line, sorted by key):
 *
 *   paperdeck-marks 1                  header: magic and format version
 *   FLAGS<TAB>KEY                      FLAGS: "s" starred, "r" read, "n" new
 *                                      (remote.h), in that order: "sr", "sn"
 *   ...
 *   end N                              trailer: N = number of records
 *
 * KEY is "arxiv:ID" (the id without its version suffix) or "title:TEXT"
 * (the normalised title, see marks_entry_key). The trailer makes a file cut
 * short at a line boundary detectable: a file without it, with a bad line or
 * a count that does not match is corrupt.
 *
 * Safety:
 *  - every change is written at once: a temporary file in the same directory,
 *    fsync, rename over "marks", fsync of the directory;
 *  - a change is applied under an exclusive lock (fcntl on "marks.lock"):
 *    the file is read again and only that change is applied on top of what is
 *    on disk, so two instances never clobber each other's marks;
 *  - a corrupt file is renamed to "marks.corrupt-YYYYMMDDTHHMMSS[-N]" (never
 *    deleted), reported, and the marks start empty. */
#ifndef PAPERDECK_MARKS_H
#define PAPERDECK_MARKS_H

#include <stdbool.h>
#include <stddef.h>

#include "paperdeck/catalog.h"

/* Flags of a mark. */
enum {
    MARK_STARRED = 1 << 0,
    MARK_READ = 1 << 1,
    MARK_ALL = MARK_STARRED | MARK_READ,
    /* appeared in a remote list since its copy before (remote.h); set by
     * fetches, never by the user, and cleared when the paper is read */
    MARK_NEW = 1 << 2,
};

#define MARKS_KEY_MAX 1024 /* longest key, with its NUL; longer titles are cut */
#define MARKS_MSG_MAX 512  /* a message buffer that holds any report */

typedef struct marks_store marks_store;

/* The directory marks live in: paths_state_dir (see above). False when
 * none can be found (no HOME), with a reason in buf. */
bool marks_default_dir(char *buf, size_t size);

/* Loads the marks of dir (which the first marks_set creates, mode 0700).
 * Always returns a usable handle: when the file was corrupt it has been set
 * aside and the marks are empty; when it could not be read at all
 * (permissions, a newer format) or not locked (a read-only directory) the
 * handle is read-only. msg gets a one-line report when there is something to
 * tell the user, "" otherwise. */
marks_store *marks_open(const char *dir, char *msg, size_t size);
void marks_close(marks_store *m);

/* The file's path. */
const char *marks_file(const marks_store *m);
/* False when changes cannot be saved (see marks_open). */
bool marks_writable(const marks_store *m);
size_t marks_count(const marks_store *m);

/* The flags of key, 0 when unmarked. */
unsigned marks_get(const marks_store *m, const char *key);
/* Sets (on) or clears the flags `which` of key and saves at once, merged
 * with what other instances saved meanwhile (which are picked up as well).
 * Waits at most 2 s for the lock (another instance stopped while saving
 * must not freeze this one). Returns 0 when saved; -1 when not (msg says
 * why; the in-memory marks keep the disk state). msg may report a corrupt
 * file set aside even on success. */
int marks_set(marks_store *m, const char *key, unsigned which, bool on, char *msg, size_t size);
/* marks_set for n keys at once, under one lock and in one write. */
int marks_set_many(marks_store *m, const char *const *keys, size_t n, unsigned which, bool on,
                   char *msg, size_t size);
/* Reads the file again (what other instances saved). Same reports as
 * marks_open. Returns 0, or -1 when it could not be read. */
int marks_reload(marks_store *m, char *msg, size_t size);

/* The identity of an entry: "arxiv:" and its id without the version when it
 * has one, else "title:" and its title case-folded, accents stripped, and
 * every run of spaces and punctuation made one space (no space at either
 * end). Returns the length (cut at size - 1 on a code point boundary). */
size_t marks_entry_key(const entry *e, char *buf, size_t size);
/* marks_get(m, marks_entry_key(e)). */
unsigned marks_of_entry(const marks_store *m, const entry *e);

#endif
