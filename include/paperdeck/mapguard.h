/* mapguard: reading a mapped file that shrinks while it is read.
 *
 * The loader maps a list instead of reading it (no copy, pages handed back
 * as it goes). When the file is truncated meanwhile (an editor saving in
 * place, a script rewriting it), touching a page past its new end raises
 * SIGBUS, which would kill the program. A guarded mapping gets a page of
 * zeros there instead, and its reader learns that the file changed. */
#ifndef PAPERDECK_MAPGUARD_H
#define PAPERDECK_MAPGUARD_H

#include <stdbool.h>
#include <stddef.h>

/* Guards [start, start + len), a mapping of a file; returns a handle for
 * mapguard_end, or -1 when every slot is taken (then it is not guarded).
 * Installs the SIGBUS handler on first use (a handler installed later, such
 * as the terminal's, must call mapguard_fixup first). */
int mapguard_begin(const void *start, size_t len);
/* Ends the guard (before the mapping is unmapped); true when a page of it
 * had to be replaced: the file changed while it was read. */
bool mapguard_end(int handle);
/* For a SIGBUS handler: when addr lies in a guarded mapping, replaces its
 * page with zeros, notes it, and returns true (return from the handler and
 * the read goes on); false otherwise. Async-signal-safe. */
bool mapguard_fixup(void *addr);

#endif
