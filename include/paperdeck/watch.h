/* watch: notices when files change on disk, so the browser can reload a
 * list being edited beside it. On Linux it uses inotify on the files'
 * directories (editors save by writing a new file and renaming it over the
 * old one, which a watch on the file itself would miss); elsewhere, or when
 * inotify is unavailable, it compares stat results at most every half
 * second. Never blocks. */
#ifndef PAPERDECK_WATCH_H
#define PAPERDECK_WATCH_H

#include <stdbool.h>

typedef struct watch watch;

/* Starts watching the n files at paths ("-" is skipped). Never NULL. */
watch *watch_new(const char *const *paths, int n);
void watch_free(watch *w);
/* A file descriptor that becomes readable on a change (for poll/select),
 * or -1 when this watch polls with stat. */
int watch_fd(const watch *w);
/* True when a watched file was written, replaced, created or removed since
 * the last call. */
bool watch_changed(watch *w);
/* "inotify" or "stat": how it watches, for messages and tests. */
const char *watch_method(const watch *w);

#endif
