/* Unit tests: the base layer (array.h, errbuf.h, fileio.h, hashslots.h,
 * xalloc.h), paths_state_dir and paths_shorten. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "paperdeck/array.h"
#include "paperdeck/errbuf.h"
#include "paperdeck/fileio.h"
#include "paperdeck/hashslots.h"
#include "paperdeck/paths.h"
#include "paperdeck/xalloc.h"

static char scratch[] = "/tmp/paperdeck-base-test-XXXXXX";

static char *in_scratch(const char *name)
{
    size_t n = strlen(scratch) + strlen(name) + 2;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/%s", scratch, name);
    return p;
}

static char *slurp(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    size_t len;
    char *s = fileio_read_fd(fd, 0, &len);
    close(fd);
    return s;
}

/* Files in the scratch directory whose name starts with prefix. */
static int count_prefixed(const char *prefix)
{
    DIR *d = opendir(scratch);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        n += strncmp(de->d_name, prefix, strlen(prefix)) == 0;
    closedir(d);
    return n;
}

/* --- arrays and strings --------------------------------------------------- */

static void test_array_grow(void)
{
    int *v = NULL;
    size_t n = 0, cap = 0;
    for (int i = 0; i < 1000; i++) {
        ARRAY_RESERVE(v, cap, n + 1);
        v[n++] = i;
    }
    CHECK(cap >= 1000);
    CHECK(cap < 2048); /* doubling, not growth by need alone */
    long sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    CHECK_INT(sum, 999 * 1000 / 2);
    /* big enough already: nothing moves */
    int *before = v;
    ARRAY_RESERVE(v, cap, 10);
    CHECK(v == before);
    /* a jump past twice the capacity gets at least what was asked */
    size_t old = cap;
    ARRAY_RESERVE(v, cap, old * 5 + 3);
    CHECK(cap >= old * 5 + 3);
    v[cap - 1] = 7;
    free(v);

    /* a narrower capacity type still ends up holding need */
    uint32_t *w = NULL;
    uint32_t wcap = 0;
    ARRAY_RESERVE(w, wcap, 5);
    CHECK(wcap >= 5 && wcap == 16);
    w[4] = 1;
    free(w);
}

static void test_strbuf(void)
{
    strbuf b = {0};
    CHECK(b.s == NULL);
    strbuf_puts(&b, "");
    CHECK_STR(b.s, "");
    CHECK_INT(b.n, 0);
    strbuf_puts(&b, "@article{");
    strbuf_add(&b, "key, and more", 3);
    CHECK_STR(b.s, "@article{key");
    for (int i = 0; i < 200; i++)
        strbuf_puts(&b, "0123456789");
    CHECK_INT(b.n, 12 + 2000);
    CHECK_INT(strlen(b.s), b.n);
    CHECK(b.cap > b.n);
    free(b.s);

    char *d = xstrndup("abcdef", 3);
    CHECK_STR(d, "abc");
    free(d);
    d = xstrdup("");
    CHECK_STR(d, "");
    free(d);
}

static void test_errf(void)
{
    char err[8] = "kept";
    errf(NULL, 64, "nobody asked: %d", 1); /* no crash */
    errf(err, 0, "no room: %d", 2);
    CHECK_STR(err, "kept");
    errf(err, sizeof err, "%s: %d", "ab", 12);
    CHECK_STR(err, "ab: 12");
    errf(err, sizeof err, "cannot save %s", "marks");
    CHECK_STR(err, "cannot "); /* truncated to 7 bytes and the NUL */
    /* never cut inside a character: "Görlitz" ends at a whole one */
    errf(err, sizeof err, "%s", "G\xc3\xb6rlitz");
    CHECK_STR(err, "G\xc3\xb6rlit");
    errf(err, sizeof err, "%s", "abcdef\xc3\xb6");
    CHECK_STR(err, "abcdef");
    errf(err, sizeof err, "%s", "abcde\xe2\x82\xac"); /* the euro sign, 3 bytes */
    CHECK_STR(err, "abcde");
    errf(err, sizeof err, "%s", "abcd\xf0\x9f\x98\x80"); /* 4 bytes */
    CHECK_STR(err, "abcd");
    errf(err, sizeof err, "%s", "abc\xf0\x9f\x98\x80x"); /* whole, then cut */
    CHECK_STR(err, "abc\xf0\x9f\x98\x80");
}

/* A table of the numbers 0..n-1 as a user of hashslots keeps it; colliding
 * hashes (k % 7) make every probe walk. */
static uint32_t slot_of(const hash_slots *t, const uint32_t *recs, uint32_t key, size_t *empty)
{
    uint32_t h = key % 7 + 1;
    size_t j = hash_slots_home(t, h);
    for (; t->v[j].rec; j = hash_slots_next(t, j))
        if (t->v[j].hash == h && recs[t->v[j].rec - 1] == key)
            return t->v[j].rec;
    *empty = j;
    return 0;
}

static void test_hash_slots(void)
{
    hash_slots t = {0};
    uint32_t recs[300];
    size_t j = 0;
    for (uint32_t k = 0; k < 300; k++) {
        hash_slots_reserve(&t);
        CHECK(t.cap >= 64 && (t.n + 1) * 2 <= t.cap);
        if (slot_of(&t, recs, k, &j) == 0) {
            recs[k] = k;
            hash_slots_put(&t, j, k % 7 + 1, k + 1);
        }
    }
    CHECK_INT(t.n, 300);
    CHECK_INT(t.cap, 1024); /* doubled from 64, never past half full */
    uint32_t found = 0;
    for (uint32_t k = 0; k < 300; k++)
        found += slot_of(&t, recs, k, &j) == k + 1;
    CHECK_INT(found, 300); /* all kept through the rehashes */
    CHECK_INT(slot_of(&t, recs, 300, &j), 0);

    hash_slots_clear(&t); /* 300 of 1024: kept, emptied */
    CHECK_INT(t.n, 0);
    CHECK_INT(t.cap, 1024);
    CHECK_INT(slot_of(&t, recs, 5, &j), 0);
    hash_slots_reserve(&t);
    slot_of(&t, recs, 5, &j);
    hash_slots_put(&t, j, 5 % 7 + 1, 5 + 1);
    hash_slots_clear(&t); /* 1 of 1024: dropped */
    CHECK(t.v == NULL && t.cap == 0 && t.n == 0);
    hash_slots_free(&t);
}

/* --- reading --------------------------------------------------------------- */

static void test_read_max(void)
{
    char *path = in_scratch("big");
    char text[5000];
    memset(text, 'x', sizeof text);
    CHECK_INT(fileio_replace_bytes(path, text, sizeof text, NULL), 0);
    int fd = open(path, O_RDONLY);
    size_t len = 0;
    char *s = fileio_read_fd_max(fd, 0, 1000, &len);
    CHECK_INT(len, 1000);
    CHECK_INT(strlen(s), 1000);
    free(s);
    close(fd);
    fd = open(path, O_RDONLY);
    s = fileio_read_fd_max(fd, sizeof text, sizeof text + 10, &len);
    CHECK_INT(len, sizeof text);
    free(s);
    close(fd);
    /* a read error comes back with its errno */
    fd = open(scratch, O_RDONLY | O_DIRECTORY);
    errno = 0;
    CHECK(fileio_read_fd(fd, 0, &len) == NULL);
    CHECK_INT(errno, EISDIR);
    close(fd);
    free(path);
}

static void test_read_stream_errno(void)
{
    FILE *f = fopen(scratch, "r"); /* a directory: fopen works, reading does not */
    CHECK(f != NULL);
    if (!f)
        return;
    size_t len;
    errno = 0;
    CHECK(fileio_read_stream(f, &len) == NULL);
    CHECK_INT(errno, EISDIR); /* the read's own, not a generic EIO */
    fclose(f);
}

/* --- replacing ------------------------------------------------------------ */

static int write_text(int fd, void *ctx)
{
    return fileio_write_all(fd, ctx, strlen(ctx));
}

static int write_fails(int fd, void *ctx)
{
    (void)fd;
    (void)ctx;
    errno = ENOSPC;
    return -1;
}

static char seen_tmp[600];

static void note_tmp(const char *tmp)
{
    snprintf(seen_tmp, sizeof seen_tmp, "%s", tmp);
    /* the temporary is complete when the hook runs */
    char *s = slurp(tmp);
    CHECK_STR(s, "new\n");
    free(s);
}

static void test_replace_with(void)
{
    char *path = in_scratch("list.yaml");
    CHECK_INT(fileio_replace_bytes(path, "old\n", 4, NULL), 0);
    CHECK_INT(chmod(path, 0640), 0);

    /* the caller's temporary name, the old mode kept, the hook before the
     * rename */
    char *tmp = in_scratch(".list.yaml.XXXXXX");
    fileio_opts o = {.tmp = tmp, .keep_mode = true, .before_rename = note_tmp};
    const char *step = "untouched";
    CHECK_INT(fileio_replace_with(path, &o, write_text, "new\n", &step), 0);
    CHECK_STR(step, "untouched");
    CHECK(strncmp(tmp, scratch, strlen(scratch)) == 0);
    CHECK(strstr(tmp, "/.list.yaml.") != NULL && !strstr(tmp, "XXXXXX"));
    CHECK_STR(seen_tmp, tmp);
    CHECK(access(tmp, F_OK) != 0); /* renamed away */
    char *s = slurp(path);
    CHECK_STR(s, "new\n");
    free(s);
    struct stat st;
    CHECK_INT(stat(path, &st), 0);
    CHECK_INT(st.st_mode & 07777, 0640);
    free(tmp);

    /* without keep_mode: mkstemp's 0600 */
    CHECK_INT(fileio_replace_bytes(path, "plain\n", 6, NULL), 0);
    CHECK_INT(stat(path, &st), 0);
    CHECK_INT(st.st_mode & 07777, 0600);

    /* a failing writer: the step, its errno, the old file intact and no
     * temporary left */
    tmp = in_scratch(".fail.XXXXXX");
    fileio_opts f = {.tmp = tmp};
    errno = 0;
    CHECK_INT(fileio_replace_with(path, &f, write_fails, NULL, &step), -1);
    CHECK_STR(step, "write");
    CHECK_INT(errno, ENOSPC);
    CHECK_INT(count_prefixed(".fail."), 0);
    s = slurp(path);
    CHECK_STR(s, "plain\n");
    free(s);
    free(tmp);

    /* a directory that does not exist: nothing can be created */
    char *nowhere = in_scratch("no/such/file");
    CHECK_INT(fileio_replace_bytes(nowhere, "x", 1, &step), -1);
    CHECK_STR(step, "create");
    CHECK_INT(errno, ENOENT);
    free(nowhere);

    /* renaming over a directory fails: the temporary goes away */
    char *dir = in_scratch("adir");
    CHECK_INT(mkdir(dir, 0700), 0);
    char *file = in_scratch("adir/inside");
    CHECK_INT(fileio_replace_bytes(file, "x", 1, NULL), 0);
    CHECK_INT(fileio_replace_bytes(dir, "x", 1, &step), -1);
    CHECK_STR(step, "rename");
    CHECK_INT(count_prefixed("adir.tmp."), 0);
    CHECK_INT(fileio_sync_dir(dir), 0);
    CHECK_INT(fileio_sync_dir(file), -1); /* not a directory */
    free(file);
    free(dir);
    free(path);
}

/* --- paths_state_dir ------------------------------------------------------ */

static void test_state_dir(void)
{
    char buf[512];
    setenv("PAPERDECK_STATE_DIR", "/x/override", 1);
    setenv("XDG_STATE_HOME", "/xdg", 1);
    setenv("HOME", "/home/u", 1);
    CHECK(paths_state_dir(buf, sizeof buf));
    CHECK_STR(buf, "/x/override");
    setenv("PAPERDECK_STATE_DIR", "", 1); /* empty: as if unset */
    CHECK(paths_state_dir(buf, sizeof buf));
    CHECK_STR(buf, "/xdg/paperdeck");
    unsetenv("PAPERDECK_STATE_DIR");
    setenv("XDG_STATE_HOME", "relative", 1);
    CHECK(paths_state_dir(buf, sizeof buf));
    CHECK_STR(buf, "/home/u/.local/state/paperdeck");
    char small[8];
    CHECK(!paths_state_dir(small, sizeof small));
    CHECK_STR(small, "the sta"); /* "the state directory's path is too long", cut */
    unsetenv("HOME");
    CHECK(!paths_state_dir(buf, sizeof buf));
    CHECK_STR(buf, "neither XDG_STATE_HOME nor HOME is set");
    setenv("XDG_STATE_HOME", "/only/xdg", 1);
    CHECK(paths_state_dir(buf, sizeof buf));
    CHECK_STR(buf, "/only/xdg/paperdeck");
}

/* --- paths_shorten ------------------------------------------------------- */

static void test_shorten(void)
{
    char buf[512], cwd[4096];
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    CHECK(chdir("/usr/share") == 0);
    setenv("HOME", "/home/u/", 1);
    CHECK_STR(paths_shorten("/usr/share/doc/x.yaml", buf, sizeof buf), "doc/x.yaml");
    CHECK_STR(paths_shorten("/usr/shared/x.yaml", buf, sizeof buf), "/usr/shared/x.yaml");
    CHECK_STR(paths_shorten("/home/u/lists/a.yaml", buf, sizeof buf), "~/lists/a.yaml");
    CHECK_STR(paths_shorten("/home/user/a.yaml", buf, sizeof buf), "/home/user/a.yaml");
    CHECK_STR(paths_shorten("rel/a.yaml", buf, sizeof buf), "rel/a.yaml");
    CHECK_STR(paths_shorten("/usr/share", buf, sizeof buf),
              "/usr/share");   /* the directory itself */
    setenv("HOME", "/usr", 1); /* inside both: the current directory wins */
    CHECK_STR(paths_shorten("/usr/share/a", buf, sizeof buf), "a");
    CHECK_STR(paths_shorten("/usr/lib/a", buf, sizeof buf), "~/lib/a");
    unsetenv("HOME");
    CHECK_STR(paths_shorten("/usr/lib/a", buf, sizeof buf), "/usr/lib/a");
    char small[6];
    CHECK_STR(paths_shorten("/usr/share/abcdefgh", small, sizeof small), "abcde");
    CHECK(chdir(cwd) == 0);
}

int main(void)
{
    if (!check_scratch(scratch))
        return 1;
    RUN(test_array_grow);
    RUN(test_strbuf);
    RUN(test_errf);
    RUN(test_hash_slots);
    RUN(test_read_max);
    RUN(test_read_stream_errno);
    RUN(test_replace_with);
    RUN(test_state_dir);
    RUN(test_shorten);
    CHECK(check_remove_scratch(scratch));
    return check_summary();
}
