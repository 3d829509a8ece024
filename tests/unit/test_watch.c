/* Unit tests: watch notices writes, rename-over saves, deletes and
 * re-creation of a watched file, and ignores its neighbours; with inotify
 * and with the stat fallback. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "paperdeck/watch.h"

static char dir[] = "/tmp/pd-watch-XXXXXX";
static char file[600], other[600], tmp[600];

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* Polls for up to 3 s, as the browser's loop would. */
static bool changed_soon(watch *w)
{
    for (int i = 0; i < 300; i++) {
        if (watch_changed(w))
            return true;
        nanosleep(&(struct timespec){0, 10000000}, NULL);
    }
    return false;
}

/* Polls a while and expects nothing (the stat method needs its interval). */
static bool quiet(watch *w)
{
    for (int i = 0; i < 70; i++) {
        if (watch_changed(w))
            return false;
        nanosleep(&(struct timespec){0, 10000000}, NULL);
    }
    return true;
}

static void exercise(const char *method)
{
    write_file(file, "title: a\n");
    const char *paths[] = {file, "-"};
    watch *w = watch_new(paths, 2);
    CHECK_STR(watch_method(w), method);
    CHECK(quiet(w));

    write_file(file, "title: bb\n"); /* written in place */
    CHECK(changed_soon(w));
    CHECK(quiet(w));

    write_file(other, "x"); /* a neighbour: not ours */
    CHECK(quiet(w));

    write_file(tmp, "title: ccc\n"); /* the editor's save: a new file renamed over */
    CHECK_INT(rename(tmp, file), 0);
    CHECK(changed_soon(w));
    CHECK(quiet(w));

    CHECK_INT(unlink(file), 0);
    CHECK(changed_soon(w));
    write_file(file, "title: dddd\n");
    CHECK(changed_soon(w));
    watch_free(w);
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    snprintf(file, sizeof file, "%s/list.yaml", dir);
    snprintf(other, sizeof other, "%s/other.yaml", dir);
    snprintf(tmp, sizeof tmp, "%s/.list.yaml.swp", dir);
#ifdef __linux__
    unsetenv("PAPERDECK_WATCH_STAT");
    exercise("inotify");
#endif
    setenv("PAPERDECK_WATCH_STAT", "1", 1);
    exercise("stat");
    /* nothing to watch: no fd, never a change */
    watch *w = watch_new(NULL, 0);
    CHECK(!watch_changed(w));
    watch_free(w);
    unlink(file);
    unlink(other);
    rmdir(dir);
    return check_summary();
}
