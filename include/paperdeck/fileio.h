/* fileio: whole-file reads and crash-safe whole-file writes, the one copy
 * every module uses. Errors are returned as -1 (or NULL) with errno set;
 * the caller words the message, since only it knows what the file is. */
#ifndef PAPERDECK_FILEIO_H
#define PAPERDECK_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Reads fd to its end into a NUL-terminated heap buffer (*len excludes the
 * NUL). size_hint, if not 0, is the expected length (st_size), so a regular
 * file is read without regrowing. NULL with errno on a read error. */
char *fileio_read_fd(int fd, size_t size_hint, size_t *len);

/* fileio_read_fd that stops after max bytes (a file growing while it is read
 * must not take all memory); *len is then max. */
char *fileio_read_fd_max(int fd, size_t size_hint, size_t max, size_t *len);

/* The same for a stdio stream (stdin). NULL with errno on a read error (the
 * read's own, or EIO when the stream does not say). */
char *fileio_read_stream(FILE *in, size_t *len);

/* Writes all n bytes, retrying short writes and EINTR. 0, or -1 with errno. */
int fileio_write_all(int fd, const void *buf, size_t n);

/* Writes a file's new contents so that a crash or kill at any moment leaves
 * either the old file or the new one, never a mix: a temporary in the same
 * directory, fsync, rename over path, fsync of the directory. write_cb
 * writes the contents to fd (0 on success, -1 with errno). Returns 0, or -1
 * with errno and *step naming what failed: "create", "write" (write_cb, the
 * fsync or the close), "rename": the temporary is removed and path is
 * untouched; "sync": path has been replaced, but the directory could not be
 * synced, so a crash might still bring the old file back. A file system
 * that cannot sync a directory at all (EINVAL) is not a failure. */
typedef int (*fileio_writer)(int fd, void *ctx);
int fileio_replace(const char *path, fileio_writer write_cb, void *ctx, const char **step);

/* How fileio_replace_with names and shapes the new file; zero is the
 * default of fileio_replace. */
typedef struct fileio_opts {
    /* A writable mkstemp template for the temporary, in path's directory and
     * ending in "XXXXXX"; it is left holding the name used (for messages).
     * NULL: path followed by ".tmp.XXXXXX". */
    char *tmp;
    /* Give the new file the mode of the file it replaces, or 0666 less the
     * umask when there is none, rather than mkstemp's 0600. A failure to set
     * it is the step "mode". */
    bool keep_mode;
    /* When set, called with the temporary's name once it is written and
     * synced, just before the rename: tests use it to stop a writer there
     * (see testhooks.h). */
    void (*before_rename)(const char *tmp);
} fileio_opts;

/* fileio_replace and fileio_replace_bytes with options (NULL: none). */
int fileio_replace_with(const char *path, const fileio_opts *opts, fileio_writer write_cb,
                        void *ctx, const char **step);
int fileio_replace_bytes_with(const char *path, const fileio_opts *opts, const void *buf, size_t n,
                              const char **step);

/* fsync of a directory, so that a rename in it is durable. 0, or -1 with
 * errno; a file system that cannot sync a directory (EINVAL) counts as 0. */
int fileio_sync_dir(const char *dir);

/* fileio_replace for contents already in memory. */
int fileio_replace_bytes(const char *path, const void *buf, size_t n, const char **step);

#endif
