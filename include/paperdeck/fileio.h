/* fileio: whole-file reads and crash-safe whole-file writes, the one copy
 * every module uses. Errors are returned as -1 (or NULL) with errno set;
 * the caller words the message, since only it knows what the file is. */
#ifndef PAPERDECK_FILEIO_H
#define PAPERDECK_FILEIO_H

#include <stdio.h>
#include <stddef.h>

/* Reads fd to its end into a NUL-terminated heap buffer (*len excludes the
 * NUL). size_hint, if not 0, is the expected length (st_size), so a regular
 * file is read without regrowing. NULL with errno on a read error. */
char *fileio_read_fd(int fd, size_t size_hint, size_t *len);

/* The same for a stdio stream (stdin). NULL with errno on a read error. */
char *fileio_read_stream(FILE *in, size_t *len);

/* Writes all n bytes, retrying short writes and EINTR. 0, or -1 with errno. */
int fileio_write_all(int fd, const void *buf, size_t n);

/* Writes a file's new contents so that a crash or kill at any moment leaves
 * either the old file or the new one, never a mix: a temporary in the same
 * directory, fsync, rename over path, fsync of the directory. write_cb
 * writes the contents to fd (0 on success, -1 with errno). On failure the
 * temporary is removed, path is untouched, and *step names what failed
 * ("create", "write", "rename", "sync"). */
typedef int (*fileio_writer)(int fd, void *ctx);
int fileio_replace(const char *path, fileio_writer write_cb, void *ctx, const char **step);

/* fileio_replace for contents already in memory. */
int fileio_replace_bytes(const char *path, const void *buf, size_t n, const char **step);

#endif
