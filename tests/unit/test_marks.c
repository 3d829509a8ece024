/* Unit tests: marks: identity keys, the file format, atomic saves, merging
 * under the lock between processes, corrupt and truncated files set aside,
 * and a writer killed between writing and renaming. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "paperdeck/catalog.h"
#include "check.h"
#include "paperdeck/marks.h"
#include "paperdeck/testhooks.h"

static char base[256];
static int dir_counter;

/* A fresh directory for one test (nested, so marks_open has to make it). */
static void new_dir(char *out, size_t size)
{
    snprintf(out, size, "%s/t%d/state/paperdeck", base, ++dir_counter);
}

static void make_dirs(const char *dir)
{
    char path[300];
    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0700);
            *p = '/';
        }
    }
    mkdir(path, 0700);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

static void spit(const char *path, const char *text, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return;
    fwrite(text, 1, n, f);
    fclose(f);
}

static char *file_in(const char *dir, const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

/* Names in dir starting with prefix; the last one goes to last. */
static int count_prefixed(const char *dir, const char *prefix, char *last, size_t size)
{
    DIR *d = opendir(dir);
    int n = 0;
    if (!d)
        return -1;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strncmp(de->d_name, prefix, strlen(prefix)) == 0) {
            n++;
            if (last)
                snprintf(last, size, "%s/%s", dir, de->d_name);
        }
    }
    closedir(d);
    return n;
}

static entry make_entry(const char *title, const char *arxiv)
{
    entry e;
    memset(&e, 0, sizeof e);
    e.title = title;
    e.arxiv = arxiv;
    return e;
}

static void test_keys(void)
{
    char k[MARKS_KEY_MAX];
    entry e = make_entry("LoRA: Low-Rank Adaptation of Large Language Models", "2106.09685v2");
    CHECK_INT(marks_entry_key(&e, k, sizeof k), 16);
    CHECK_STR(k, "arxiv:2106.09685");
    e = make_entry("x", "cs/0112017");
    marks_entry_key(&e, k, sizeof k);
    CHECK_STR(k, "arxiv:cs/0112017");

    e = make_entry("LoRA: Low-Rank Adaptation of Large Language Models", NULL);
    marks_entry_key(&e, k, sizeof k);
    CHECK_STR(k, "title:lora low rank adaptation of large language models");
    /* accents (precomposed and combining), case, runs of punctuation */
    e = make_entry("  Nyströmformer:  A Nyström-Based   Algorithm!! ", NULL);
    marks_entry_key(&e, k, sizeof k);
    CHECK_STR(k, "title:nystromformer a nystrom based algorithm");
    e = make_entry("NYSTRO\xcc\x88MFORMER \xe2\x80\x94 a nystrom based ALGORITHM", NULL);
    marks_entry_key(&e, k, sizeof k);
    CHECK_STR(k, "title:nystromformer a nystrom based algorithm");
    /* CJK letters are words; fullwidth and CJK punctuation separate them */
    e = make_entry("线性Attention的探索\xef\xbc\x9a综述\xe3\x80\x82", NULL);
    marks_entry_key(&e, k, sizeof k);
    CHECK_STR(k, "title:线性attention的探索 综述");
    /* control characters never get into a key */
    e = make_entry("a\tb\x1b[31mc", NULL);
    marks_entry_key(&e, k, sizeof k);
    CHECK_STR(k, "title:a b 31mc");
    /* cut on a code point boundary */
    char small[20];
    e = make_entry("ééééééééééééééééé", NULL);
    CHECK_INT(marks_entry_key(&e, small, sizeof small), 19);
    CHECK_STR(small, "title:eeeeeeeeeeeee");
}

static void test_default_dir(void)
{
    char buf[512];
    setenv("PAPERDECK_STATE_DIR", "/x/override", 1);
    setenv("XDG_STATE_HOME", "/xdg", 1);
    setenv("HOME", "/home/u", 1);
    CHECK(marks_default_dir(buf, sizeof buf));
    CHECK_STR(buf, "/x/override");
    unsetenv("PAPERDECK_STATE_DIR");
    CHECK(marks_default_dir(buf, sizeof buf));
    CHECK_STR(buf, "/xdg/paperdeck");
    setenv("XDG_STATE_HOME", "relative", 1); /* ignored, as the spec says */
    CHECK(marks_default_dir(buf, sizeof buf));
    CHECK_STR(buf, "/home/u/.local/state/paperdeck");
    unsetenv("XDG_STATE_HOME");
    CHECK(marks_default_dir(buf, sizeof buf));
    CHECK_STR(buf, "/home/u/.local/state/paperdeck");
    unsetenv("HOME");
    CHECK(!marks_default_dir(buf, sizeof buf));
}

static void test_roundtrip(void)
{
    char dir[300], msg[MARKS_MSG_MAX];
    new_dir(dir, sizeof dir);
    marks_store *m = marks_open(dir, msg, sizeof msg);
    CHECK_STR(msg, "");
    CHECK(marks_writable(m));
    CHECK_INT(marks_count(m), 0);
    CHECK(access(dir, F_OK) != 0); /* reading makes nothing; the first save does */
    CHECK_INT(marks_set(m, "arxiv:2106.09685", MARK_STARRED, true, msg, sizeof msg), 0);
    CHECK_STR(msg, "");
    CHECK_INT(marks_set(m, "title:a blog post", MARK_READ, true, msg, sizeof msg), 0);
    CHECK_INT(marks_set(m, "arxiv:2106.09685", MARK_READ, true, msg, sizeof msg), 0);
    CHECK_INT(marks_get(m, "arxiv:2106.09685"), MARK_STARRED | MARK_READ);
    CHECK_INT(marks_get(m, "arxiv:9999.99999"), 0);
    CHECK_STR(slurp(marks_file(m), NULL), "paperdeck-marks 1\n"
                                          "sr\tarxiv:2106.09685\n"
                                          "r\ttitle:a blog post\n"
                                          "end 2\n");
    struct stat st;
    CHECK_INT(stat(dir, &st), 0);
    CHECK_INT(st.st_mode & 0777, 0700);
    marks_close(m);

    m = marks_open(dir, msg, sizeof msg);
    CHECK_STR(msg, "");
    CHECK_INT(marks_count(m), 2);
    CHECK_INT(marks_get(m, "title:a blog post"), MARK_READ);
    entry e = make_entry("LoRA", "2106.09685v1");
    CHECK_INT(marks_of_entry(m, &e), MARK_STARRED | MARK_READ);
    /* clearing every flag removes the record */
    CHECK_INT(marks_set(m, "title:a blog post", MARK_READ, false, msg, sizeof msg), 0);
    CHECK_INT(marks_set(m, "arxiv:2106.09685", MARK_STARRED, false, msg, sizeof msg), 0);
    CHECK_STR(slurp(marks_file(m), NULL), "paperdeck-marks 1\nr\tarxiv:2106.09685\nend 1\n");
    /* keys that could break the format are refused */
    CHECK_INT(marks_set(m, "title:a\nb", MARK_READ, true, msg, sizeof msg), -1);
    CHECK(strstr(msg, "not a valid key") != NULL);
    CHECK_INT(marks_set(m, "nokind", MARK_READ, true, msg, sizeof msg), -1);
    CHECK_INT(marks_count(m), 1);
    /* no temporary file is left behind */
    CHECK_INT(count_prefixed(dir, ".marks.tmp-", NULL, 0), 0);
    marks_close(m);
}

/* Sets aside what is in the file now; returns the message of marks_open. */
static void check_corrupt(const char *content, size_t n, const char *expect_why)
{
    char dir[300], msg[MARKS_MSG_MAX], aside[600] = "";
    new_dir(dir, sizeof dir);
    make_dirs(dir);
    spit(file_in(dir, "marks"), content, n);
    marks_store *m = marks_open(dir, msg, sizeof msg);
    CHECK(strstr(msg, "corrupt") != NULL);
    CHECK(strstr(msg, expect_why) != NULL);
    if (!strstr(msg, expect_why))
        fprintf(stderr, "  message: %s\n", msg);
    CHECK(marks_writable(m));
    CHECK_INT(marks_count(m), 0);
    /* kept aside byte for byte, named in the message, never deleted */
    CHECK_INT(count_prefixed(dir, "marks.corrupt-", aside, sizeof aside), 1);
    CHECK(strstr(msg, aside) != NULL);
    size_t len = 0;
    const char *kept = slurp(aside, &len);
    CHECK(kept && len == n && memcmp(kept, content, n) == 0);
    CHECK(access(file_in(dir, "marks"), F_OK) != 0);
    /* and the program carries on: a new mark is saved */
    CHECK_INT(marks_set(m, "arxiv:2001.00001", MARK_STARRED, true, msg, sizeof msg), 0);
    CHECK_STR(slurp(file_in(dir, "marks"), NULL),
              "paperdeck-marks 1\ns\tarxiv:2001.00001\nend 1\n");
    marks_close(m);
    /* a second corrupt file gets its own name */
    spit(file_in(dir, "marks"), "junk\n", 5);
    m = marks_open(dir, msg, sizeof msg);
    CHECK_INT(count_prefixed(dir, "marks.corrupt-", NULL, 0), 2);
    marks_close(m);
}

static void test_corrupt(void)
{
    const char *cases[][2] = {
        {"\x7f"
         "ELF garbage\n",
         "line 1"},
        {"paperdeck-marks one\nend 0\n", "line 1"},
        {"paperdeck-marks 1\nq\tarxiv:1\nend 1\n", "line 2"},
        {"paperdeck-marks 1\ns arxiv:2106.09685\nend 1\n", "line 2"},
        {"paperdeck-marks 1\ns\tbogus\nend 1\n", "bad key"},
        {"paperdeck-marks 1\ns\tarxiv:a\x01b\nend 1\n", "bad key"},
        {"paperdeck-marks 1\ns\ttitle:\xff\xfe\nend 1\n", "bad key"},
        {"paperdeck-marks 1\nend 0\ns\tarxiv:2106.09685\n", "after the \"end\" line"},
        {"paperdeck-marks 0\nend 0\n", "version 0"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_corrupt(cases[i][0], strlen(cases[i][0]), cases[i][1]);
    check_corrupt("", 0, "empty");
}

static void test_count_mismatch(void)
{
    const char *text = "paperdeck-marks 1\ns\tarxiv:2106.09685\nend 2\n";
    check_corrupt(text, strlen(text), "\"end 2\" but 1 records");
}

static void test_truncated(void)
{
    const char *good = "paperdeck-marks 1\ns\tarxiv:2106.09685\nr\ttitle:x y\nend 2\n";
    size_t n = strlen(good);
    /* cut inside a line, and cut cleanly after a record (no trailer) */
    check_corrupt(good, n - 3, "last line is incomplete");
    check_corrupt(good, n - 6, "no \"end\" line");
    check_corrupt(good, 18, "no \"end\" line");
    check_corrupt(good, 10, "last line is incomplete");
}

static void test_newer_format(void)
{
    char dir[300], msg[MARKS_MSG_MAX];
    new_dir(dir, sizeof dir);
    make_dirs(dir);
    const char *v2 = "paperdeck-marks 2\nwhatever the future holds\n";
    spit(file_in(dir, "marks"), v2, strlen(v2));
    marks_store *m = marks_open(dir, msg, sizeof msg);
    CHECK(strstr(msg, "version 2") != NULL);
    CHECK(!marks_writable(m));
    CHECK_INT(marks_set(m, "arxiv:2001.00001", MARK_STARRED, true, msg, sizeof msg), -1);
    CHECK(strstr(msg, "cannot be saved") != NULL);
    CHECK_STR(slurp(file_in(dir, "marks"), NULL), v2); /* left alone */
    CHECK_INT(count_prefixed(dir, "marks.corrupt-", NULL, 0), 0);
    marks_close(m);
}

/* Another instance saved meanwhile: a change merges with it. */
static void test_merge_two_handles(void)
{
    char dir[300], msg[MARKS_MSG_MAX];
    new_dir(dir, sizeof dir);
    marks_store *a = marks_open(dir, msg, sizeof msg);
    marks_store *b = marks_open(dir, msg, sizeof msg);
    CHECK_INT(marks_set(a, "arxiv:2001.00001", MARK_STARRED, true, msg, sizeof msg), 0);
    CHECK_INT(marks_set(b, "arxiv:2001.00002", MARK_READ, true, msg, sizeof msg), 0);
    CHECK_INT(marks_get(b, "arxiv:2001.00001"), MARK_STARRED); /* picked up */
    /* a's view is stale; its change to the same key keeps b's flag */
    CHECK_INT(marks_set(a, "arxiv:2001.00002", MARK_STARRED, true, msg, sizeof msg), 0);
    CHECK_INT(marks_get(a, "arxiv:2001.00002"), MARK_STARRED | MARK_READ);
    CHECK_INT(marks_count(a), 2);
    CHECK_INT(marks_get(b, "arxiv:2001.00002"), MARK_READ);
    CHECK_INT(marks_reload(b, msg, sizeof msg), 0);
    CHECK_INT(marks_get(b, "arxiv:2001.00002"), MARK_STARRED | MARK_READ);
    marks_close(a);
    marks_close(b);
}

/* The file went bad under a running instance: it is set aside and the
 * instance's marks plus the change are saved. */
static void test_corrupt_at_save(void)
{
    char dir[300], msg[MARKS_MSG_MAX];
    new_dir(dir, sizeof dir);
    marks_store *m = marks_open(dir, msg, sizeof msg);
    CHECK_INT(marks_set(m, "arxiv:2001.00001", MARK_STARRED, true, msg, sizeof msg), 0);
    spit(file_in(dir, "marks"), "paperdeck-marks 1\ns\tarx", 24);
    CHECK_INT(marks_set(m, "arxiv:2001.00002", MARK_READ, true, msg, sizeof msg), 0);
    CHECK(strstr(msg, "corrupt") != NULL);
    CHECK_INT(count_prefixed(dir, "marks.corrupt-", NULL, 0), 1);
    CHECK_STR(slurp(file_in(dir, "marks"), NULL),
              "paperdeck-marks 1\ns\tarxiv:2001.00001\nr\tarxiv:2001.00002\nend 2\n");
    marks_close(m);
}

enum { PER_CHILD = 40 };

/* Child `who` of the race: opens the marks before the start signal (so its
 * view is stale for every later write) and sets PER_CHILD keys of its own. */
static void race_child(const char *dir, int who, int start_fd)
{
    char msg[MARKS_MSG_MAX], key[64];
    marks_store *m = marks_open(dir, msg, sizeof msg);
    char c;
    if (read(start_fd, &c, 1) != 1)
        _exit(3);
    int failed = 0;
    for (int i = 0; i < PER_CHILD; i++) {
        snprintf(key, sizeof key, "arxiv:2%03d.%05d", who, i);
        failed |= marks_set(m, key, who == 0 ? MARK_STARRED : MARK_READ, true, msg, sizeof msg)
               != 0;
        /* both also mark one shared key with their own flag */
        if (i == PER_CHILD / 2)
            failed |= marks_set(m, "arxiv:1999.00001", who == 0 ? MARK_STARRED : MARK_READ, true,
                                msg, sizeof msg)
                   != 0;
    }
    marks_close(m);
    _exit(failed ? 1 : 0);
}

static void test_two_processes(void)
{
    char dir[300], msg[MARKS_MSG_MAX], key[64];
    new_dir(dir, sizeof dir);
    marks_store *m = marks_open(dir, msg, sizeof msg);
    CHECK_INT(marks_set(m, "title:there before", MARK_READ, true, msg, sizeof msg), 0);
    int start[2];
    CHECK_INT(pipe(start), 0);
    fflush(NULL);
    pid_t kids[2];
    for (int who = 0; who < 2; who++) {
        kids[who] = fork();
        if (kids[who] == 0) {
            close(start[1]);
            race_child(dir, who, start[0]);
        }
    }
    close(start[0]);
    CHECK_INT(write(start[1], "go", 2), 2); /* both start at once */
    close(start[1]);
    for (int who = 0; who < 2; who++) {
        int status = -1;
        CHECK_INT(waitpid(kids[who], &status, 0), kids[who]);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    CHECK_INT(marks_reload(m, msg, sizeof msg), 0);
    CHECK_INT(marks_count(m), 2 * PER_CHILD + 2);
    int missing = 0;
    for (int who = 0; who < 2; who++) {
        for (int i = 0; i < PER_CHILD; i++) {
            snprintf(key, sizeof key, "arxiv:2%03d.%05d", who, i);
            missing += marks_get(m, key) != (who == 0 ? MARK_STARRED : MARK_READ);
        }
    }
    CHECK_INT(missing, 0);
    CHECK_INT(marks_get(m, "arxiv:1999.00001"), MARK_STARRED | MARK_READ);
    CHECK_INT(marks_get(m, "title:there before"), MARK_READ);
    marks_close(m);
}

/* --- killed between writing the new file and renaming it ----------------- */

static int hook_fd = -1;

static void pause_before_rename(const char *tmp)
{
    (void)tmp;
    if (write(hook_fd, "w", 1) != 1)
        _exit(4);
    for (;;)
        pause(); /* until SIGKILL */
}

static void test_killed_mid_write(void)
{
    char dir[300], msg[MARKS_MSG_MAX], tmp[600];
    new_dir(dir, sizeof dir);
    marks_store *m = marks_open(dir, msg, sizeof msg);
    CHECK_INT(marks_set(m, "arxiv:2106.09685", MARK_STARRED, true, msg, sizeof msg), 0);
    size_t oldlen;
    char before[512];
    const char *old = slurp(marks_file(m), &oldlen);
    CHECK(old && oldlen < sizeof before);
    before[0] = '\0';
    if (old && oldlen < sizeof before)
        memcpy(before, old, oldlen + 1);

    int p[2];
    CHECK_INT(pipe(p), 0);
    fflush(NULL);
    pid_t kid = fork();
    if (kid == 0) {
        close(p[0]);
        hook_fd = p[1];
        marks_test_before_rename = pause_before_rename;
        marks_set(m, "arxiv:2001.00001", MARK_READ, true, msg, sizeof msg);
        _exit(5); /* not reached */
    }
    close(p[1]);
    char c;
    CHECK_INT(read(p[0], &c, 1), 1);
    close(p[0]);

    /* The child has written and synced its new file and holds the lock. */
    CHECK_INT(count_prefixed(dir, ".marks.tmp-", tmp, sizeof tmp), 1);
    CHECK(strstr(slurp(tmp, NULL), "arxiv:2001.00001") != NULL);
    int lfd = open(file_in(dir, "marks.lock"), O_RDWR);
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    CHECK_INT(fcntl(lfd, F_GETLK, &fl), 0);
    CHECK_INT(fl.l_type, F_WRLCK);
    CHECK_INT(fl.l_pid, kid);
    close(lfd);

    /* Meanwhile another instance waits a while for the lock, then reads the
     * old file without it, and a change of its own is refused, not lost
     * silently, with the holder named. */
    char busy_msg[MARKS_MSG_MAX];
    marks_store *busy = marks_open(dir, busy_msg, sizeof busy_msg);
    CHECK_STR(busy_msg, "");
    CHECK_INT(marks_count(busy), 1);
    CHECK(marks_writable(busy));
    CHECK_INT(marks_set(busy, "arxiv:2001.00003", MARK_READ, true, busy_msg, sizeof busy_msg), -1);
    char holder[64];
    snprintf(holder, sizeof holder, "locked by another process (pid %ld)", (long)kid);
    CHECK(strstr(busy_msg, holder) != NULL);
    marks_close(busy);

    CHECK_INT(kill(kid, SIGKILL), 0);
    int status = 0;
    CHECK_INT(waitpid(kid, &status, 0), kid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

    /* The old file is intact, byte for byte. */
    CHECK_STR(slurp(file_in(dir, "marks"), NULL), before);
    marks_store *again = marks_open(dir, msg, sizeof msg);
    CHECK_STR(msg, "");
    CHECK_INT(marks_count(again), 1);
    CHECK_INT(marks_get(again, "arxiv:2001.00001"), 0);
    /* The lock died with the child: the next save goes through and sweeps
     * the dead writer's temporary file. */
    CHECK_INT(marks_set(again, "arxiv:2001.00002", MARK_READ, true, msg, sizeof msg), 0);
    CHECK_INT(count_prefixed(dir, ".marks.tmp-", NULL, 0), 0);
    CHECK_INT(marks_count(again), 2);
    marks_close(again);
    marks_close(m);
}

static void test_unwritable_dir(void)
{
    char msg[MARKS_MSG_MAX], dir[300];
    snprintf(dir, sizeof dir, "%s/file-not-dir", base);
    spit(dir, "x", 1);
    marks_store *m = marks_open(dir, msg, sizeof msg);
    CHECK(strstr(msg, "is not a directory") != NULL);
    CHECK(!marks_writable(m));
    CHECK_INT(marks_count(m), 0);
    CHECK_INT(marks_set(m, "arxiv:2001.00001", MARK_READ, true, msg, sizeof msg), -1);
    CHECK(strstr(msg, "cannot be saved") != NULL);
    marks_close(m);
    /* below a file: the directory cannot be made */
    snprintf(dir, sizeof dir, "%s/file-not-dir/sub", base);
    m = marks_open(dir, msg, sizeof msg);
    CHECK(strstr(msg, "is not a directory") != NULL);
    CHECK_INT(marks_set(m, "arxiv:2001.00001", MARK_READ, true, msg, sizeof msg), -1);
    marks_close(m);
    /* a directory that cannot be made: reported when saving */
    snprintf(dir, sizeof dir, "/proc/paperdeck-marks-test/state");
    m = marks_open(dir, msg, sizeof msg);
    CHECK_STR(msg, ""); /* nothing there yet is not an error */
    CHECK(marks_writable(m));
    CHECK_INT(marks_set(m, "arxiv:2001.00001", MARK_READ, true, msg, sizeof msg), -1);
    CHECK(strstr(msg, "cannot create the marks directory") != NULL);
    CHECK_INT(marks_count(m), 0);
    marks_close(m);
}

/* New (MARK_NEW, set by remote fetches) many at once; reading clears it. */
static void test_new(void)
{
    char dir[300], msg[MARKS_MSG_MAX];
    new_dir(dir, sizeof dir);
    marks_store *m = marks_open(dir, msg, sizeof msg);
    CHECK_INT(marks_set(m, "arxiv:2001.00002", MARK_STARRED | MARK_READ, true, msg, sizeof msg), 0);
    const char *keys[] = {"arxiv:2001.00001", "arxiv:2001.00002", "title:x"};
    CHECK_INT(marks_set_many(m, keys, 3, MARK_NEW, true, msg, sizeof msg), 0);
    CHECK_STR(msg, "");
    /* a paper already read is not new */
    CHECK_STR(slurp(marks_file(m), NULL), "paperdeck-marks 1\n"
                                          "n\tarxiv:2001.00001\n"
                                          "sr\tarxiv:2001.00002\n"
                                          "n\ttitle:x\n"
                                          "end 3\n");
    CHECK_INT(marks_set(m, "title:x", MARK_STARRED, true, msg, sizeof msg), 0);
    CHECK_INT(marks_get(m, "title:x"), MARK_STARRED | MARK_NEW);
    CHECK_INT(marks_set(m, "title:x", MARK_READ, true, msg, sizeof msg), 0);
    CHECK_INT(marks_get(m, "title:x"), MARK_STARRED | MARK_READ);
    marks_close(m);
    m = marks_open(dir, msg, sizeof msg); /* "n" reads back */
    CHECK_STR(msg, "");
    CHECK_INT(marks_get(m, "arxiv:2001.00001"), MARK_NEW);
    /* one bad key: nothing is written */
    const char *bad[] = {"arxiv:2001.00003", "no kind"};
    CHECK_INT(marks_set_many(m, bad, 2, MARK_NEW, true, msg, sizeof msg), -1);
    CHECK(strstr(msg, "not a valid key") != NULL);
    CHECK_INT(marks_get(m, "arxiv:2001.00003"), 0);
    marks_close(m);
}

int main(void)
{
    snprintf(base, sizeof base, "/tmp/paperdeck-marks-test-XXXXXX");
    if (!mkdtemp(base)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(test_keys);
    RUN(test_default_dir);
    RUN(test_roundtrip);
    RUN(test_corrupt);
    RUN(test_count_mismatch);
    RUN(test_truncated);
    RUN(test_newer_format);
    RUN(test_merge_two_handles);
    RUN(test_corrupt_at_save);
    RUN(test_two_processes);
    RUN(test_killed_mid_write);
    RUN(test_unwritable_dir);
    RUN(test_new);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
    if (check_failed == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", base);
    return check_summary();
}
