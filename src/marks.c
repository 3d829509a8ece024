/* marks: stars and read marks, persisted atomically; see marks.h.
 *
 * The file is small (one line per marked paper), so every operation reads it
 * whole and every change rewrites it whole. What makes that safe:
 *  - readers never see a half-written file: a new version is written to a
 *    temporary file and renamed over the old one (rename is atomic);
 *  - writers are serialised by a lock on a separate file ("marks.lock"; the
 *    marks file itself is replaced on every write, so it cannot carry the
 *    lock), and under it they re-read the file and apply only their change;
 *  - fsync of the data before the rename and of the directory after it, so a
 *    crash leaves either the old or the new file, never an empty one. */
#include "paperdeck/marks.h"
#include "paperdeck/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "paperdeck/array.h"
#include "paperdeck/arxiv.h"
#include "paperdeck/ascii.h"
#include "paperdeck/errbuf.h"
#include "paperdeck/fileio.h"
#include "paperdeck/paths.h"
#include "paperdeck/testhooks.h"
#include "paperdeck/utf8.h"

#define MARKS_MAGIC "paperdeck-marks"
#define MARKS_VERSION 1
#define MARKS_FILE "marks"
#define MARKS_LOCK "marks.lock"
#define MARKS_TMP_PREFIX ".marks.tmp-"
#define MARKS_FILE_MAX (64u << 20) /* a bigger "marks" file is not ours */
#define LOCK_WAIT_MS 2000
#define LOCK_POLL_MS 10

void (*marks_test_before_rename)(const char *tmp_path);

typedef struct record {
    char *key;
    unsigned flags;
} record;

typedef struct record_set {
    record *r;
    size_t n, cap;
} record_set;

struct marks_store {
    char *dir, *path, *lock_path;
    record_set set;
    bool readonly;
    char why_readonly[MARKS_MSG_MAX];
};

/* What reading the file found. */
typedef enum load_status {
    LOAD_OK,
    LOAD_MISSING, /* no file yet: no marks_store */
    LOAD_CORRUPT, /* set it aside */
    LOAD_NEWER,   /* a format we do not know: leave it alone */
    LOAD_FAILED,  /* could not read it (permissions, I/O) */
} load_status;

static char *str_printf(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *s = xmalloc(n);
    snprintf(s, n, "%s/%s", a, b);
    return s;
}

/* --- the set of records ------------------------------------------------- */

static void set_free(record_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->r[i].key);
    free(s->r);
    memset(s, 0, sizeof *s);
}

/* Index of key, or where it would go (*found false). */
static size_t set_find(const record_set *s, const char *key, bool *found)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(s->r[mid].key, key);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = false;
    return lo;
}

/* Sets key's flags to flags (0 removes it). */
static void set_put(record_set *s, const char *key, unsigned flags)
{
    bool found;
    size_t i = set_find(s, key, &found);
    /* found means s->r[i] exists: the analyzer cannot follow set_find */
    if (found) {
        if (flags) {
            s->r[i].flags = flags; /* NOLINT(clang-analyzer-core.NullDereference) */
        } else {
            free(s->r[i].key); /* NOLINT(clang-analyzer-core.NullDereference) */
            memmove(s->r + i, s->r + i + 1, (s->n - i - 1) * sizeof *s->r);
            s->n--;
        }
        return;
    }
    if (!flags)
        return;
    ARRAY_RESERVE(s->r, s->cap, s->n + 1);
    memmove(s->r + i + 1, s->r + i, (s->n - i) * sizeof *s->r);
    s->r[i].key = xstrdup(key);
    s->r[i].flags = flags;
    s->n++;
}

static unsigned set_get(const record_set *s, const char *key)
{
    bool found;
    size_t i = set_find(s, key, &found);
    return found ? s->r[i].flags : 0; /* NOLINT(clang-analyzer-core.NullDereference) */
}

static void set_copy(record_set *dst, const record_set *src)
{
    set_free(dst);
    for (size_t i = 0; i < src->n; i++)
        set_put(dst, src->r[i].key, src->r[i].flags);
}

/* --- the format ---------------------------------------------------------- */

static bool key_valid(const char *k, size_t n)
{
    size_t pre = 0;
    if (n > 6 && memcmp(k, "arxiv:", 6) == 0)
        pre = 6;
    else if (n > 6 && memcmp(k, "title:", 6) == 0)
        pre = 6;
    return pre && n < MARKS_KEY_MAX && utf8_validate(k, n, NULL)
        && !utf8_any(k, n, utf8_is_control);
}

static bool flags_parse(const char *s, size_t n, unsigned *flags)
{
    *flags = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned f = s[i] == 's' ? MARK_STARRED
                   : s[i] == 'r' ? MARK_READ
                   : s[i] == 'n' ? MARK_NEW
                                 : 0;
        if (!f || (*flags & f))
            return false;
        *flags |= f;
    }
    return *flags != 0;
}

static bool parse_count(const char *s, size_t n, unsigned long *out)
{
    if (n == 0 || n > 9)
        return false;
    unsigned long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!ascii_is_digit(s[i]))
            return false;
        v = v * 10 + (unsigned long)(s[i] - '0');
    }
    *out = v;
    return true;
}

/* Parses a whole file into s. On LOAD_CORRUPT or LOAD_NEWER, why says what
 * (with the line). */
static load_status parse_marks(const char *buf, size_t len, record_set *s, char *why, size_t wsize)
{
    size_t hl = strlen(MARKS_MAGIC);
    if (len == 0) {
        errf(why, wsize, "empty file");
        return LOAD_CORRUPT;
    }
    if (buf[len - 1] != '\n') {
        errf(why, wsize, "truncated (the last line is incomplete)");
        return LOAD_CORRUPT;
    }
    const char *nl = memchr(buf, '\n', len);
    unsigned long version = 0;
    if ((size_t)(nl - buf) <= hl + 1 || memcmp(buf, MARKS_MAGIC " ", hl + 1) != 0
        || !parse_count(buf + hl + 1, (size_t)(nl - buf) - hl - 1, &version)) {
        errf(why, wsize, "line 1: expected \"%s %d\"", MARKS_MAGIC, MARKS_VERSION);
        return LOAD_CORRUPT;
    }
    if (version != MARKS_VERSION) {
        errf(why, wsize, "format version %lu, this paperdeck reads version %d", version,
             MARKS_VERSION);
        return version > MARKS_VERSION ? LOAD_NEWER : LOAD_CORRUPT;
    }
    unsigned long records = 0, line = 1;
    for (const char *p = nl + 1; p < buf + len; p = nl + 1) {
        nl = memchr(p, '\n', (size_t)(buf + len - p));
        size_t n = (size_t)(nl - p);
        line++;
        unsigned long count;
        if (n > 4 && memcmp(p, "end ", 4) == 0 && parse_count(p + 4, n - 4, &count)) {
            if (nl + 1 != buf + len) {
                errf(why, wsize, "line %lu: text after the \"end\" line", line + 1);
                return LOAD_CORRUPT;
            }
            if (count != records) {
                errf(why, wsize, "line %lu: \"end %lu\" but %lu records", line, count, records);
                return LOAD_CORRUPT;
            }
            return LOAD_OK;
        }
        const char *tab = memchr(p, '\t', n);
        unsigned flags;
        if (!tab || !flags_parse(p, (size_t)(tab - p), &flags)) {
            errf(why, wsize, "line %lu: expected FLAGS (s, r, n or several), a tab and a key",
                 line);
            return LOAD_CORRUPT;
        }
        const char *key = tab + 1;
        size_t kn = (size_t)(nl - key);
        if (!key_valid(key, kn)) {
            errf(why, wsize, "line %lu: bad key (expected arxiv:ID or title:TEXT)", line);
            return LOAD_CORRUPT;
        }
        char kbuf[MARKS_KEY_MAX];
        memcpy(kbuf, key, kn);
        kbuf[kn] = '\0';
        set_put(s, kbuf, set_get(s, kbuf) | flags); /* a repeated key: both marks_store */
        records++;
    }
    errf(why, wsize, "truncated (no \"end\" line)");
    return LOAD_CORRUPT;
}

/* Reads the file at path into s (emptied first). */
static load_status read_marks(const char *path, record_set *s, char *why, size_t wsize)
{
    set_free(s);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return LOAD_MISSING;
        errf(why, wsize, "%s", strerror(errno));
        return LOAD_FAILED;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)MARKS_FILE_MAX) {
        errf(why, wsize, "not a regular file of at most %u bytes", MARKS_FILE_MAX);
        close(fd);
        return LOAD_FAILED;
    }
    /* A file that grows while it is read stops at twice the limit. */
    size_t len;
    char *buf = fileio_read_fd_max(fd, (size_t)st.st_size, 2 * (size_t)MARKS_FILE_MAX, &len);
    if (!buf) {
        errf(why, wsize, "%s", strerror(errno));
        close(fd);
        return LOAD_FAILED;
    }
    close(fd);
    load_status st2 = parse_marks(buf, len, s, why, wsize);
    free(buf);
    if (st2 != LOAD_OK)
        set_free(s);
    return st2;
}

/* The file's text for s. */
static char *format_marks(const record_set *s, size_t *len)
{
    size_t cap = 64;
    for (size_t i = 0; i < s->n; i++)
        cap += strlen(s->r[i].key) + 5;
    char *buf = xmalloc(cap);
    size_t n = (size_t)snprintf(buf, cap, "%s %d\n", MARKS_MAGIC, MARKS_VERSION);
    for (size_t i = 0; i < s->n; i++) {
        const record *r = &s->r[i];
        n += (size_t)snprintf(buf + n, cap - n, "%s%s%s\t%s\n", r->flags & MARK_STARRED ? "s" : "",
                              r->flags & MARK_READ ? "r" : "", r->flags & MARK_NEW ? "n" : "",
                              r->key);
    }
    n += (size_t)snprintf(buf + n, cap - n, "end %zu\n", s->n);
    *len = n;
    return buf;
}

/* --- files, locks ------------------------------------------------------- */

/* Takes the lock, waiting at most LOCK_WAIT_MS for it: a writer holds it for
 * a moment, and one that is stopped (Ctrl-Z, a debugger) must not freeze the
 * browser. Returns its fd; -1 on error, with errno EAGAIN when another
 * process kept it (its pid in *holder). */
static int lock_take(const marks_store *m, long *holder)
{
    int fd = open(m->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    struct flock fl;
    for (int waited = 0;; waited += LOCK_POLL_MS) {
        memset(&fl, 0, sizeof fl);
        fl.l_type = F_WRLCK;
        fl.l_whence = SEEK_SET;
        if (fcntl(fd, F_SETLK, &fl) == 0)
            return fd;
        if ((errno != EAGAIN && errno != EACCES && errno != EINTR) || waited >= LOCK_WAIT_MS)
            break;
        struct timespec ts = {0, LOCK_POLL_MS * 1000000L};
        nanosleep(&ts, NULL);
    }
    int e = errno == EACCES ? EAGAIN : errno;
    *holder = 0;
    if (e == EAGAIN && fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
        *holder = (long)fl.l_pid;
    close(fd);
    errno = e;
    return -1;
}

/* Why lock_take failed, for a message. */
static void say_lock_failed(const marks_store *m, long holder, char *msg, size_t size)
{
    if (errno == EAGAIN)
        errf(msg, size,
             "the marks file is locked by another process (pid %ld) for more than "
             "%d s; not saved",
             holder, LOCK_WAIT_MS / 1000);
    else
        errf(msg, size, "cannot lock %s: %s", m->lock_path, strerror(errno));
}

static void lock_release(int fd)
{
    if (fd >= 0)
        close(fd); /* closing drops the lock */
}

/* Renames the corrupt file to marks.corrupt-<UTC time>[-N]; the name it got
 * goes to aside. Under the lock. */
static int set_aside(const marks_store *m, char *aside, size_t size)
{
    time_t now = time(NULL);
    struct tm tm;
    char stamp[32];
    if (!gmtime_r(&now, &tm) || strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm) == 0)
        snprintf(stamp, sizeof stamp, "%lld", (long long)now);
    for (int k = 0; k < 1000; k++) {
        if (k == 0)
            snprintf(aside, size, "%s.corrupt-%s", m->path, stamp);
        else
            snprintf(aside, size, "%s.corrupt-%s-%d", m->path, stamp, k);
        struct stat st;
        if (lstat(aside, &st) == 0)
            continue; /* never overwrite an earlier one */
        if (rename(m->path, aside) != 0)
            return -1;
        fileio_sync_dir(m->dir);
        return 0;
    }
    errno = EEXIST;
    return -1;
}

/* Temporary files of writers that died between write and rename. Only
 * called under the lock, when no writer can be busy with one. */
static void remove_stale_temps(const marks_store *m)
{
    DIR *d = opendir(m->dir);
    if (!d)
        return;
    struct dirent *de;
    size_t pl = strlen(MARKS_TMP_PREFIX);
    while ((de = readdir(d)) != NULL) {
        if (strncmp(de->d_name, MARKS_TMP_PREFIX, pl) == 0) {
            char *p = str_printf(m->dir, de->d_name);
            unlink(p);
            free(p);
        }
    }
    closedir(d);
}

/* Reads the file under the lock into s; a corrupt file is set aside (and
 * reported in msg). */
static load_status load_locked(marks_store *m, record_set *s, char *msg, size_t size)
{
    char why[MARKS_MSG_MAX / 2] = "";
    load_status st = read_marks(m->path, s, why, sizeof why);
    if (st == LOAD_CORRUPT) {
        char aside[4200];
        if (set_aside(m, aside, sizeof aside) == 0)
            errf(msg, size, "marks file %s was corrupt (%s); kept it as %s and started afresh",
                 m->path, why, aside);
        else
            errf(msg, size, "marks file %s is corrupt (%s) and could not be set aside: %s", m->path,
                 why, strerror(errno));
    } else if (st == LOAD_NEWER) {
        errf(msg, size, "marks file %s: %s; marks are read-only", m->path, why);
    } else if (st == LOAD_FAILED) {
        errf(msg, size, "cannot read marks file %s: %s", m->path, why);
    }
    return st;
}

/* Writes s as the new file: temp, fsync, rename, fsync of the directory. */
static int write_marks(const marks_store *m, const record_set *s, char *msg, size_t size)
{
    size_t len;
    char *text = format_marks(s, &len);
    char *tmp = str_printf(m->dir, MARKS_TMP_PREFIX "XXXXXX");
    fileio_opts opts = {.tmp = tmp, .before_rename = marks_test_before_rename};
    const char *step = "";
    int rc = fileio_replace_bytes_with(m->path, &opts, text, len, &step);
    if (rc != 0 && strcmp(step, "create") == 0)
        errf(msg, size, "cannot save marks in %s: %s", m->dir, strerror(errno));
    else if (rc != 0 && strcmp(step, "rename") == 0)
        errf(msg, size, "cannot save marks: %s: %s", m->path, strerror(errno));
    else if (rc != 0 && strcmp(step, "sync") == 0)
        errf(msg, size, "saved marks, but could not sync %s: %s", m->dir, strerror(errno));
    else if (rc != 0)
        errf(msg, size, "cannot save marks: %s: %s", tmp, strerror(errno));
    free(tmp);
    free(text);
    return rc;
}

/* --- the contract ----------------------------------------------------------- */

bool marks_default_dir(char *buf, size_t size)
{
    return paths_state_dir(buf, size);
}

static void make_readonly(marks_store *m, const char *msg)
{
    m->readonly = true;
    snprintf(m->why_readonly, sizeof m->why_readonly, "%s", msg);
}

/* Without the lock: reading is still safe, the file is only ever replaced
 * whole, but a corrupt file stays where it is. busy: another process holds
 * the lock (a save will set the file aside later); else the lock cannot be
 * taken at all (a read-only directory) and marks are read-only. */
static load_status load_unlocked(marks_store *m, record_set *s, bool busy, char *msg, size_t size)
{
    char why[MARKS_MSG_MAX / 2] = "";
    load_status st = read_marks(m->path, s, why, sizeof why);
    if (busy) {
        if (st == LOAD_CORRUPT || st == LOAD_NEWER || st == LOAD_FAILED)
            errf(msg, size, "marks file %s: %s (locked by another process: left as it is)", m->path,
                 why);
        return st;
    }
    if (st == LOAD_CORRUPT || st == LOAD_NEWER || st == LOAD_FAILED) {
        errf(msg, size, "marks file %s: %s; cannot lock %s, marks are read-only", m->path, why,
             m->lock_path);
        return LOAD_FAILED;
    }
    make_readonly(m, "cannot lock the marks file");
    return st;
}

int marks_reload(marks_store *m, char *msg, size_t size)
{
    errf(msg, size, "%s", "");
    struct stat st_dir;
    if (stat(m->dir, &st_dir) != 0 && errno == ENOENT) {
        set_free(&m->set); /* nothing saved yet; marks_set makes the directory */
        return 0;
    }
    if (stat(m->dir, &st_dir) != 0 || !S_ISDIR(st_dir.st_mode)) {
        errf(msg, size, "the marks directory %s is not a directory", m->dir);
        make_readonly(m, msg);
        return -1;
    }
    record_set s = {0};
    load_status st;
    long holder = 0; /* lock_take leaves it unset when it cannot even open the lock */
    int lock = lock_take(m, &holder);
    if (lock >= 0) {
        st = load_locked(m, &s, msg, size);
        lock_release(lock);
    } else {
        st = load_unlocked(m, &s, errno == EAGAIN, msg, size);
    }
    if (st == LOAD_NEWER || st == LOAD_FAILED) {
        make_readonly(m, msg);
        set_free(&s);
        return -1;
    }
    set_free(&m->set);
    m->set = s;
    return 0;
}

marks_store *marks_open(const char *dir, char *msg, size_t size)
{
    marks_store *m = xcalloc(1, sizeof *m);
    m->dir = xstrdup(dir);
    m->path = str_printf(dir, MARKS_FILE);
    m->lock_path = str_printf(dir, MARKS_LOCK);
    marks_reload(m, msg, size);
    return m;
}

void marks_close(marks_store *m)
{
    if (!m)
        return;
    set_free(&m->set);
    free(m->dir);
    free(m->path);
    free(m->lock_path);
    free(m);
}

const char *marks_file(const marks_store *m)
{
    return m->path;
}

bool marks_writable(const marks_store *m)
{
    return !m->readonly;
}

size_t marks_count(const marks_store *m)
{
    return m ? m->set.n : 0;
}

unsigned marks_get(const marks_store *m, const char *key)
{
    return m ? set_get(&m->set, key) : 0;
}

int marks_set(marks_store *m, const char *key, unsigned which, bool on, char *msg, size_t size)
{
    return marks_set_many(m, &key, 1, which, on, msg, size);
}

/* The flags of a mark once which is set (on) or cleared: a paper read is
 * no longer new. */
static unsigned flags_changed(unsigned old, unsigned which, bool on)
{
    unsigned now = on ? old | which : old & ~which;
    return now & MARK_READ ? now & ~(unsigned)MARK_NEW : now;
}

int marks_set_many(marks_store *m, const char *const *keys, size_t n, unsigned which, bool on,
                   char *msg, size_t size)
{
    errf(msg, size, "%s", "");
    which &= MARK_ALL | MARK_NEW;
    if (m->readonly) {
        errf(msg, size, "marks cannot be saved: %s", m->why_readonly);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (!key_valid(keys[i], strlen(keys[i]))) {
            errf(msg, size, "cannot mark \"%.80s\": not a valid key", keys[i]);
            return -1;
        }
    }
    if (paths_make_dirs(m->dir) != 0) {
        errf(msg, size, "cannot create the marks directory %s: %s", m->dir, strerror(errno));
        return -1;
    }
    long holder = 0; /* lock_take leaves it unset when it cannot even open the lock */
    int lock = lock_take(m, &holder);
    if (lock < 0) {
        say_lock_failed(m, holder, msg, size);
        return -1;
    }
    record_set disk = {0}, before = {0};
    load_status st = load_locked(m, &disk, msg, size);
    int rc = -1;
    if (st == LOAD_NEWER || st == LOAD_FAILED) {
        make_readonly(m, msg);
        goto out;
    }
    /* A file set aside as corrupt: what this instance knew is the best
     * there is, so the change goes on top of that. */
    if (st == LOAD_CORRUPT)
        set_copy(&disk, &m->set);
    remove_stale_temps(m);
    set_copy(&before, &disk);
    for (size_t i = 0; i < n; i++)
        set_put(&disk, keys[i], flags_changed(set_get(&disk, keys[i]), which, on));
    char wmsg[MARKS_MSG_MAX];
    if (write_marks(m, &disk, wmsg, sizeof wmsg) == 0) {
        rc = 0;
    } else {
        errf(msg, size, "%s", wmsg);
        set_free(&disk);
        disk = before; /* what is on disk */
        before = (record_set){0};
    }
    set_free(&m->set);
    m->set = disk;
    disk = (record_set){0};
out:
    lock_release(lock);
    set_free(&disk);
    set_free(&before);
    return rc;
}

/* --- identity ------------------------------------------------------------ */

/* Letters and digits of any script make up a title's words; spaces,
 * punctuation and symbols only separate them. */
static bool is_word_cp(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    if (cp <= 0xBF || cp == 0xD7 || cp == 0xF7)
        return false; /* C1, Latin-1 punctuation and signs */
    if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x2E00 && cp <= 0x2E7F))
        return false; /* punctuation, arrows, math and other symbols */
    if ((cp >= 0x3000 && cp <= 0x3003) || (cp >= 0x3008 && cp <= 0x3011))
        return false; /* CJK spaces, commas, brackets */
    if ((cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF0F)
        || (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40)
        || (cp >= 0xFF5B && cp <= 0xFF65))
        return false; /* fullwidth punctuation */
    if (cp == UTF8_REPLACEMENT || utf8_is_control(cp))
        return false;
    return true;
}

static bool is_combining(uint32_t cp)
{
    return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF)
        || (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF)
        || (cp >= 0xFE20 && cp <= 0xFE2F);
}

static size_t title_key(const char *title, char *buf, size_t size)
{
    size_t n = (size_t)snprintf(buf, size, "title:");
    size_t len = strlen(title), start = n;
    bool gap = false;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += utf8_decode(title + i, len - i, &cp);
        if (is_combining(cp))
            continue; /* decomposed accents: "o" + U+0308 is "ö" is "o" */
        cp = utf8_fold(cp);
        if (!is_word_cp(cp)) {
            gap = true;
            continue;
        }
        char enc[4];
        size_t k = utf8_encode(cp, enc);
        size_t need = k + (gap && n > start);
        if (n + need >= size)
            break;
        if (gap && n > start)
            buf[n++] = ' ';
        memcpy(buf + n, enc, k);
        n += k;
        gap = false;
    }
    buf[n] = '\0';
    return n;
}

size_t marks_entry_key(const entry *e, char *buf, size_t size)
{
    if (size < 16) {
        if (size)
            buf[0] = '\0';
        return 0;
    }
    if (e->arxiv && e->arxiv[0]) {
        int n = snprintf(buf, size, "arxiv:%.*s", (int)arxiv_base_len(e->arxiv), e->arxiv);
        if (n > 0 && (size_t)n < size)
            return (size_t)n;
    }
    return title_key(e->title ? e->title : "", buf, size);
}

unsigned marks_of_entry(const marks_store *m, const entry *e)
{
    if (!m || !m->set.n)
        return 0;
    char key[MARKS_KEY_MAX];
    marks_entry_key(e, key, sizeof key);
    return marks_get(m, key);
}
