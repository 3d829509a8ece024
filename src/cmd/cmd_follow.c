/* follow, unfollow: the remote lists that update fetches and the browser
 * shows with no FILE, kept as "follow = NAME" lines of the settings file
 * (edited in place, atomically, every other line as it was). */
#include "cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paperdeck/array.h"
#include "paperdeck/fileio.h"
#include "paperdeck/paths.h"
#include "paperdeck/remote.h"
#include "paperdeck/xalloc.h"

/* Whether line (n bytes, no newline) is "follow = name", spaces aside. */
static bool is_follow_line(const char *line, size_t n, const char *name)
{
    const char *p = line, *end = line + n;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if ((size_t)(end - p) < 6 || memcmp(p, "follow", 6) != 0)
        return false;
    p += 6;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if (p == end || *p++ != '=')
        return false;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
        end--;
    return (size_t)(end - p) == strlen(name) && memcmp(p, name, strlen(name)) == 0;
}

/* The settings file's text ("" when it does not exist yet); NULL with
 * the reason in err. */
static char *read_settings(const char *path, size_t *len, char *err, size_t errsize)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        *len = 0;
        return xstrdup("");
    }
    char *text = fd >= 0 ? fileio_read_fd_max(fd, 0, 1u << 20, len) : NULL;
    if (!text)
        snprintf(err, errsize, "cannot read %.900s: %s", path, strerror(errno));
    if (fd >= 0)
        close(fd);
    return text;
}

/* Adds name's follow line (add), or removes every one. *changed says
 * whether the file had to change. 0, or -1 with the reason in err. */
static int edit_settings(const char *name, bool add, bool *changed, char *err, size_t errsize)
{
    char path[4096];
    *changed = false;
    if (!paths_config_file(path, sizeof path)) {
        snprintf(err, errsize, "no settings file (PAPERDECK_CONFIG is empty, or HOME is not set)");
        return -1;
    }
    /* a link (dotfiles kept elsewhere): its target is the file to edit */
    char *real = realpath(path, NULL);
    if (real && strlen(real) < sizeof path)
        strcpy(path, real);
    free(real);
    size_t len;
    char *text = read_settings(path, &len, err, errsize);
    if (!text)
        return -1;
    strbuf out = {0};
    bool found = false;
    for (size_t i = 0; i < len;) {
        size_t n = strcspn(text + i, "\n");
        bool match = is_follow_line(text + i, n, name);
        found |= match;
        if (add || !match)
            strbuf_add(&out, text + i, n + (i + n < len));
        i += n + 1;
    }
    if (add && !found) {
        if (out.n && out.s[out.n - 1] != '\n')
            strbuf_puts(&out, "\n");
        strbuf_puts(&out, "follow = ");
        strbuf_puts(&out, name);
        strbuf_puts(&out, "\n");
    }
    *changed = add != found;
    int rc = 0;
    char *slash = strrchr(path, '/');
    if (*changed && slash) {
        *slash = '\0';
        rc = paths_make_dirs(path);
        *slash = '/';
    }
    const char *step = "create";
    fileio_opts opts = {.keep_mode = true};
    if (*changed && (rc != 0 || fileio_replace_bytes_with(path, &opts, out.s, out.n, &step))) {
        snprintf(err, errsize, "cannot save %.900s (%s): %s", path, step, strerror(errno));
        rc = -1;
    }
    free(out.s);
    free(text);
    return rc;
}

/* follow with no NAME: the followed lists and their copies. */
static int print_follows(const cmd_args *a)
{
    for (size_t i = 0; i < a->cfg.nfollows; i++)
        cmd_print_follow(a->cfg.follows[i]);
    if (a->cfg.nfollows == 0)
        fprintf(stderr, "paperdeck: no list followed (paperdeck follow gh:OWNER/REPO)\n");
    return EXIT_OK;
}

static int follow_exec(cmd_args *a)
{
    bool named = a->nfiles > 0; /* before cmd_settings fills in the default lists */
    if (cmd_settings(a, NULL, 0) >= 0)
        return EXIT_USAGE;
    if (!named)
        return print_follows(a);
    int status = EXIT_OK;
    for (int i = 0; i < a->nfiles; i++) {
        const char *name = a->files[i];
        char err[1024];
        remote_result res;
        bool changed;
        if (!remote_is_name(name)) {
            fprintf(stderr,
                    "paperdeck: follow: '%s' is not a remote list: expected "
                    "gh:OWNER/REPO[/PATH][@REF] or an https:// URL\n",
                    name);
            status = EXIT_USAGE;
        } else if (remote_fetch(name, 0, NULL, &res, err, sizeof err) != 0
                   || edit_settings(name, true, &changed, err, sizeof err) != 0) {
            fprintf(stderr, "paperdeck: follow: %s\n", err);
            status = EXIT_USAGE;
        } else {
            printf("%s %s (%u entries)\n", changed ? "following" : "already following", name,
                   res.entries);
        }
    }
    return status;
}

static int unfollow_exec(cmd_args *a)
{
    if (a->nfiles == 0)
        return cmd_usage_error("%s: expected the NAME of a followed list", "unfollow");
    if (cmd_settings(a, NULL, 0) >= 0)
        return EXIT_USAGE;
    int status = EXIT_OK;
    for (int i = 0; i < a->nfiles; i++) {
        char err[1024];
        bool changed;
        if (edit_settings(a->files[i], false, &changed, err, sizeof err) != 0) {
            fprintf(stderr, "paperdeck: unfollow: %s\n", err);
            status = EXIT_USAGE;
        } else if (!changed) {
            fprintf(stderr, "paperdeck: unfollow: not following %s\n", a->files[i]);
            status = EXIT_USAGE;
        } else {
            printf("unfollowed %s\n", a->files[i]);
        }
    }
    return status;
}

CMD_ENTRY(follow, "follow [NAME...]", "follow remote lists (gh:OWNER/REPO, https://...)", 0);

CMD_ENTRY(unfollow, "unfollow NAME...", "stop following remote lists", 0);
