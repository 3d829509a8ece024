/* Unit tests: opener refuses what it must, builds argv without a shell, and
 * starts a fake browser (tests/fixtures/opener/fake-browser.sh) detached or
 * in the foreground. No network, no real browser. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "paperdeck/opener.h"

/* The calls return 0, or -1 with errno; these give 0 or that errno (-1 for
 * a failure that does not set it), so the checks below can name the failure
 * they expect. */
static int spawn_err(const opener_command *c)
{
    return opener_spawn_detached(c) == 0 ? 0 : errno ? errno : -1;
}

static int run_err(const opener_command *c)
{
    return opener_run_foreground(c) == 0 ? 0 : errno ? errno : -1;
}

static int open_err(const char *url, const opener_env *env, char *msg, size_t size)
{
    return opener_open(url, env, msg, size) == 0 ? 0 : errno ? errno : -1;
}

#ifndef SOURCE_DIR
#error "compile with -DSOURCE_DIR=\"<repo>\""
#endif

#define FIXTURE SOURCE_DIR "/tests/fixtures/opener/fake-browser.sh"

static char scratch[64];      /* mkdtemp directory */
static char fake[128];        /* executable copy of the fake browser */
static char record_path[128]; /* where the fake writes ($FAKE_BROWSER_OUT) */

/* ---- helpers --------------------------------------------------------------- */

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
        ;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    buf[len] = '\0';
    fclose(f);
    return buf;
}

static bool copy_file(const char *from, const char *to, mode_t mode)
{
    char *text = slurp(from);
    if (!text)
        return false;
    int fd = open(to, O_WRONLY | O_CREAT | O_TRUNC, mode);
    bool ok = fd != -1 && write(fd, text, strlen(text)) == (ssize_t)strlen(text);
    if (fd != -1)
        close(fd);
    chmod(to, mode);
    free(text);
    return ok;
}

/* Waits up to ms for path to appear; returns its contents or NULL. */
static char *wait_for_file(const char *path, long ms)
{
    for (long waited = 0;; waited += 20) {
        char *text = slurp(path);
        if (text || waited >= ms)
            return text;
        sleep_ms(20);
    }
}

/* A fresh record file name for each run of the fake. */
static void new_record(const char *tag)
{
    snprintf(record_path, sizeof record_path, "%s/%s.rec", scratch, tag);
    unlink(record_path);
    setenv("FAKE_BROWSER_OUT", record_path, 1);
}

/* The value of the idx-th "key=" line of a record (static buffer). */
static const char *rec_get(const char *rec, const char *key, int idx)
{
    static char val[8192];
    size_t klen = strlen(key);
    for (const char *line = rec; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > klen && strncmp(line, key, klen) == 0 && line[klen] == '=' && idx-- == 0) {
            len -= klen + 1;
            if (len >= sizeof val)
                len = sizeof val - 1;
            memcpy(val, line + klen + 1, len);
            val[len] = '\0';
            return val;
        }
        line = end ? end + 1 : NULL;
    }
    return NULL;
}

/* Session and process group from the recorded /proc/<pid>/stat line. */
static bool rec_stat(const char *rec, long *pgrp, long *session)
{
    const char *stat = rec_get(rec, "stat", 0);
    const char *paren = stat ? strrchr(stat, ')') : NULL;
    char state;
    long ppid;
    return paren && sscanf(paren + 1, " %c %ld %ld %ld", &state, &ppid, pgrp, session) == 4;
}

static opener_command make_cmd(const char *a0, const char *a1)
{
    opener_command c;
    memset(&c, 0, sizeof c);
    c.argv[c.argc++] = (char *)a0;
    if (a1)
        c.argv[c.argc++] = (char *)a1;
    c.argv[c.argc] = NULL;
    return c;
}

static bool no_children_left(void)
{
    return waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD;
}

static bool path_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void setup(void)
{
    snprintf(scratch, sizeof scratch, "/tmp/paperdeck-opener-XXXXXX");
    if (!mkdtemp(scratch)) {
        perror("mkdtemp");
        exit(1);
    }
    snprintf(fake, sizeof fake, "%s/fake-browser", scratch);
    if (!copy_file(FIXTURE, fake, 0755)) {
        fprintf(stderr, "cannot copy %s\n", FIXTURE);
        exit(1);
    }
    unsetenv("FAKE_BROWSER_FD");
    unsetenv("FAKE_BROWSER_KILL_PARENT");
    unsetenv("FAKE_BROWSER_EXIT");
}

static void teardown(void)
{
    DIR *d = opendir(scratch);
    if (d) {
        struct dirent *e;
        char path[512];
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            snprintf(path, sizeof path, "%s/%s", scratch, e->d_name);
            unlink(path);
        }
        closedir(d);
    }
    rmdir(scratch);
}

/* ---- URL policy ------------------------------------------------------------ */

static void test_url_allowed_good(void)
{
    static const char *const good[] = {
        "https://arxiv.org/abs/2106.09685",
        "http://example.com",
        "HTTPS://EXAMPLE.COM/PAPER.PDF",
        "HtTp://x",
        "https://x/$(touch${IFS}/tmp/pwned)",
        "https://x/`id`",
        "https://x/a;b;rm${IFS}-rf",
        "https://x/?q='a'&b=\"c\"|d>e<f",
        "https://user:pw@host.example:8080/p?x#frag",
        "https://[::1]:8080/",
        "https://ja.wikipedia.org/wiki/\xe6\x97\xa5\xe6\x9c\xac",
        "https://x/%s%%",
        "https://x/-option-like-path",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char why[256] = "untouched";
        bool ok = opener_url_allowed(good[i], why, sizeof why);
        if (!ok)
            fprintf(stderr, "  refused: %s (%s)\n", good[i], why);
        CHECK(ok);
        CHECK_STR(why, "untouched");
    }
    CHECK(opener_url_allowed("https://x", NULL, 0));
}

static void test_url_allowed_bad(void)
{
    static const struct {
        const char *url, *why;
    } bad[] = {
        {"", "empty link"},
        {"file:///etc/passwd", "only http and https links are opened (this one is file:)"},
        {"FILE:///etc/passwd", "only http and https links are opened (this one is file:)"},
        {"javascript:alert(1)", "only http and https links are opened (this one is javascript:)"},
        {"data:text/html,<script>x</script>",
         "only http and https links are opened (this one is data:)"},
        {"ftp://x/y", "only http and https links are opened (this one is ftp:)"},
        {"gopher://x/y", "only http and https links are opened"},
        {"httpx://x", "only http and https links are opened"},
        {"-https://x", "link starts with '-'"},
        {"--help", "link starts with '-'"},
        {"http://", "link has no host"},
        {"https:///path", "link has no host"},
        {"http://@/", "link has no host"},
        {"http://user@:80/", "link has no host"},
        {"http://:80/", "link has no host"},
        {"http://[]/", "link has no host"},
        {"http://?q", "link has no host"},
        {"https:/x", "malformed link (no // after the scheme)"},
        {"https:x", "malformed link (no // after the scheme)"},
        {"https//x", "not a web link (no http:// or https://)"},
        {"//x/y", "not a web link (no http:// or https://)"},
        {"arxiv.org/abs/1", "not a web link (no http:// or https://)"},
        {"https://x/$(touch /tmp/pwned)", "link contains spaces"},
        {" https://x", "link contains spaces"},
        {"https://x/a b", "link contains spaces"},
        {"https://x/\n", "link contains control characters"},
        {"https://x/\r", "link contains control characters"},
        {"https://x/\t", "link contains control characters"},
        {"https://x/\x1b[31m", "link contains control characters"},
        {"https://x/\x7f", "link contains control characters"},
        {"https://x/\xc2\x9b", "link contains control characters"},
        {"https://x/\xff", "link is not valid UTF-8"},
        {"https://x/\xc0\xaf", "link is not valid UTF-8"},
        {"https://x/\xed\xa0\x80", "link is not valid UTF-8"},
        {"https://x/\xe6\x97", "link is not valid UTF-8"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char why[256] = "";
        bool ok = opener_url_allowed(bad[i].url, why, sizeof why);
        if (ok)
            fprintf(stderr, "  allowed: %s\n", bad[i].url);
        CHECK(!ok);
        CHECK_STR(why, bad[i].why);
    }
    char why[256] = "";
    CHECK(!opener_url_allowed(NULL, why, sizeof why));
    CHECK_STR(why, "empty link");
    CHECK(!opener_url_allowed("file:///etc/passwd", NULL, 0));
}

static void test_url_allowed_length(void)
{
    char *url = malloc(5001);
    memcpy(url, "https://x/", 10);
    memset(url + 10, 'a', 4990);
    url[5000] = '\0';
    char why[256] = "";
    CHECK(!opener_url_allowed(url, why, sizeof why));
    CHECK_STR(why, "link too long (over 4096 bytes)");
    url[4097] = '\0';
    CHECK(!opener_url_allowed(url, NULL, 0));
    url[4096] = '\0';
    CHECK(opener_url_allowed(url, NULL, 0));
    free(url);
}

/* ---- plans ----------------------------------------------------------------- */

static const char *URL = "https://arxiv.org/abs/2106.09685";

static opener_env env_with(const char *browser, const char *display)
{
    opener_env env = {browser, display, NULL, false};
    return env;
}

/* Checks plan command i against the expected argv. */
static void check_argv(const opener_plan *p, int i, const char *const *want, int n)
{
    CHECK(i < p->ncommands);
    if (i >= p->ncommands)
        return;
    const opener_command *c = &p->commands[i];
    CHECK_INT(c->argc, n);
    for (int k = 0; k < n && k < c->argc; k++)
        CHECK_STR(c->argv[k], want[k]);
    CHECK(c->argv[c->argc] == NULL);
}

static void test_plan_default(void)
{
    opener_plan p;
    char why[256] = "";
    opener_env env = env_with(NULL, NULL);
    CHECK(opener_plan_for(URL, &env, &p, why, sizeof why));
    CHECK_INT(p.ncommands, 1);
    check_argv(&p, 0, (const char *const[]){"xdg-open", URL}, 2);
    CHECK(!p.commands[0].terminal);

    env.macos = true;
    CHECK(opener_plan_for(URL, &env, &p, why, sizeof why));
    CHECK_INT(p.ncommands, 1);
    check_argv(&p, 0, (const char *const[]){"open", URL}, 2);

    env = env_with("", NULL);
    CHECK(opener_plan_for(URL, &env, &p, why, sizeof why));
    check_argv(&p, 0, (const char *const[]){"xdg-open", URL}, 2);

    env = env_with(" :\t: ", NULL);
    CHECK(opener_plan_for(URL, &env, &p, why, sizeof why));
    CHECK_INT(p.ncommands, 1);
    check_argv(&p, 0, (const char *const[]){"xdg-open", URL}, 2);

    CHECK(opener_plan_for(URL, NULL, &p, why, sizeof why));
    check_argv(&p, 0, (const char *const[]){"xdg-open", URL}, 2);
}

static void test_plan_browser(void)
{
    opener_plan p;
    char why[256] = "";
    opener_env env = env_with("firefox", NULL);
    CHECK(opener_plan_for(URL, &env, &p, why, sizeof why));
    CHECK_INT(p.ncommands, 1);
    check_argv(&p, 0, (const char *const[]){"firefox", URL}, 2);
    CHECK(!p.commands[0].terminal);

    env.browser = "firefox --new-tab %s";
    CHECK(opener_plan_for(URL, &env, &p, why, sizeof why));
    check_argv(&p, 0, (const char *const[]){"firefox", "--new-tab", URL}, 3);

    env.browser = " \tfirefox\t --new-window   %s  ";
    CHECK(opener_plan_for(URL, &env, &p, why, sizeof why));
    check_argv(&p, 0, (const char *const[]){"firefox", "--new-window", URL}, 3);

    env.browser = "nonexistent-browser:/path/to/fake";
    CHECK(opener_plan_for(URL, &env, &p, why, sizeof why));
    CHECK_INT(p.ncommands, 2);
    check_argv(&p, 0, (const char *const[]){"nonexistent-browser", URL}, 2);
    check_argv(&p, 1, (const char *const[]){"/path/to/fake", URL}, 2);

    /* No shell: quotes, $, ; and globs are just bytes of words. */
    env.browser = "sh -c 'echo $HOME;*' %s";
    CHECK(opener_plan_for(URL, &env, &p, why, sizeof why));
    check_argv(&p, 0, (const char *const[]){"sh", "-c", "'echo", "$HOME;*'", URL}, 5);

    env.browser = "b --url=%s --x=%%s 100%% %d";
    CHECK(opener_plan_for(URL, &env, &p, why, sizeof why));
    check_argv(&p, 0,
               (const char *const[]){"b", "--url=https://arxiv.org/abs/2106.09685", "--x=%s",
                                     "100%", "%d"},
               5);

    /* Only the first %s of a word; any %s counts, so nothing is appended. */
    env.browser = "b a%sb%s";
    CHECK(opener_plan_for(URL, &env, &p, why, sizeof why));
    check_argv(&p, 0, (const char *const[]){"b", "ahttps://arxiv.org/abs/2106.09685b%s"}, 2);
    env.browser = "b %s %s";
    CHECK(opener_plan_for(URL, &env, &p, why, sizeof why));
    check_argv(&p, 0, (const char *const[]){"b", URL, URL}, 3);

    /* The URL is copied verbatim, never expanded again. */
    const char *tricky = "https://x/%s%%/$(id)`id`;'\"";
    env.browser = "b %s";
    CHECK(opener_plan_for(tricky, &env, &p, why, sizeof why));
    check_argv(&p, 0, (const char *const[]){"b", tricky}, 2);
}

static void test_plan_terminal(void)
{
    opener_plan p;
    char why[256] = "";
    opener_env env = env_with("w3m:lynx", NULL);
    CHECK(opener_plan_for(URL, &env, &p, why, sizeof why));
    CHECK_INT(p.ncommands, 2);
    check_argv(&p, 0, (const char *const[]){"w3m", URL}, 2);
    check_argv(&p, 1, (const char *const[]){"lynx", URL}, 2);
    CHECK(p.commands[0].terminal);
    CHECK(p.commands[1].terminal);

    env.display = "";
    CHECK(opener_plan_for(URL, &env, &p, why, sizeof why));
    CHECK(p.commands[0].terminal && p.commands[1].terminal);

    env.display = ":0";
    CHECK(opener_plan_for(URL, &env, &p, why, sizeof why));
    CHECK(!p.commands[0].terminal && !p.commands[1].terminal);

    env.display = NULL;
    env.wayland_display = "wayland-0";
    CHECK(opener_plan_for(URL, &env, &p, why, sizeof why));
    CHECK(!p.commands[0].terminal);

    env.wayland_display = NULL;
    env.macos = true;
    CHECK(opener_plan_for(URL, &env, &p, why, sizeof why));
    CHECK(!p.commands[0].terminal);

    env = env_with("/usr/bin/elinks -remote %s:links2:links:browsh:www-browser:"
                   "w3mx:firefox:xdg-open",
                   NULL);
    CHECK(opener_plan_for(URL, &env, &p, why, sizeof why));
    CHECK_INT(p.ncommands, 8);
    static const bool term[8] = {true, true, true, true, true, false, false, false};
    for (int i = 0; i < 8; i++)
        CHECK(p.commands[i].terminal == term[i]);
    check_argv(&p, 0, (const char *const[]){"/usr/bin/elinks", "-remote", URL}, 3);
}

static void test_plan_limits(void)
{
    opener_plan p;
    char why[256] = "";
    char browser[512] = "";
    opener_env env = env_with(browser, NULL);

    /* 31 words + the appended URL = 32: fits exactly. */
    browser[0] = '\0';
    for (int i = 0; i < 31; i++)
        strcat(browser, i ? " w" : "w");
    CHECK(opener_plan_for(URL, &env, &p, why, sizeof why));
    CHECK_INT(p.commands[0].argc, 32);
    CHECK_STR(p.commands[0].argv[31], URL);
    CHECK(p.commands[0].argv[32] == NULL);

    strcat(browser, " w"); /* 32 words: no room for the URL */
    why[0] = '\0';
    CHECK(!opener_plan_for(URL, &env, &p, why, sizeof why));
    CHECK_STR(why, "too many words in a $BROWSER command");
    CHECK_INT(p.ncommands, 0);

    strcat(browser, " %s"); /* 33 words */
    why[0] = '\0';
    CHECK(!opener_plan_for(URL, &env, &p, why, sizeof why));
    CHECK_STR(why, "too many words in a $BROWSER command");

    /* 8 commands fit, 9 do not. */
    strcpy(browser, "a:b:c:d:e:f:g:h");
    CHECK(opener_plan_for(URL, &env, &p, why, sizeof why));
    CHECK_INT(p.ncommands, 8);
    check_argv(&p, 7, (const char *const[]){"h", URL}, 2);
    strcat(browser, ":i");
    why[0] = '\0';
    CHECK(!opener_plan_for(URL, &env, &p, why, sizeof why));
    CHECK_STR(why, "too many commands in $BROWSER (at most 8)");
    strcpy(browser, "a::b: :c:d:e:f:g:h:"); /* blank entries do not count */
    CHECK(opener_plan_for(URL, &env, &p, why, sizeof why));
    CHECK_INT(p.ncommands, 8);

    /* Storage: two copies of a 4000-byte URL fit in 8192 bytes, three do not. */
    char *big = malloc(4001);
    memcpy(big, "https://x/", 10);
    memset(big + 10, 'p', 3990);
    big[4000] = '\0';
    strcpy(browser, "a:b");
    CHECK(opener_plan_for(big, &env, &p, why, sizeof why));
    CHECK_INT(p.ncommands, 2);
    CHECK_STR(p.commands[1].argv[1], big);
    strcpy(browser, "a:b:c");
    why[0] = '\0';
    CHECK(!opener_plan_for(big, &env, &p, why, sizeof why));
    CHECK_STR(why, "link too long for the $BROWSER commands");
    CHECK_INT(p.ncommands, 0);
    strcpy(browser, "a %s %s"); /* 8000 bytes */
    CHECK(opener_plan_for(big, &env, &p, why, sizeof why));
    strcpy(browser, "a %s %s %s");
    CHECK(!opener_plan_for(big, &env, &p, why, sizeof why));
    free(big);

    /* A refused URL makes no plan. */
    strcpy(browser, "firefox");
    why[0] = '\0';
    CHECK(!opener_plan_for("javascript:alert(1)", &env, &p, why, sizeof why));
    CHECK_STR(why, "only http and https links are opened (this one is javascript:)");
    CHECK_INT(p.ncommands, 0);
    CHECK(!opener_plan_for(URL, &env, NULL, why, sizeof why));
}

/* ---- spawning -------------------------------------------------------------- */

/* The hostile URL goes through spawn directly (it holds a space, which
 * opener_url_allowed refuses): one argv element, verbatim, no shell. */
static void test_spawn_detached_hostile(void)
{
    char pwned[64], url[256];
    snprintf(pwned, sizeof pwned, "/tmp/paperdeck-pwned-%ld", (long)getpid());
    snprintf(url, sizeof url, "https://x/$(touch %s)';id;`id`", pwned);
    unlink(pwned);

    /* An inherited descriptor without O_CLOEXEC must not reach the browser;
     * ignored signals and a blocked one must not either. */
    int leak = open("/dev/null", O_RDONLY);
    CHECK(leak != -1 && dup2(leak, 77) == 77);
    close(leak);
    setenv("FAKE_BROWSER_FD", "77", 1);
    struct sigaction ign, old_pipe, old_hup, old_int;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ign, &old_pipe);
    sigaction(SIGHUP, &ign, &old_hup);
    sigaction(SIGINT, &ign, &old_int);
    sigset_t usr1, old_mask;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, &old_mask);

    new_record("hostile");
    opener_command c = make_cmd(fake, url);
    CHECK_INT(spawn_err(&c), 0);
    CHECK(no_children_left());

    sigprocmask(SIG_SETMASK, &old_mask, NULL);
    sigaction(SIGPIPE, &old_pipe, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
    sigaction(SIGINT, &old_int, NULL);
    close(77);
    unsetenv("FAKE_BROWSER_FD");

    char *rec = wait_for_file(record_path, 5000);
    CHECK(rec != NULL);
    if (!rec)
        return;
    CHECK_STR(rec_get(rec, "argc", 0), "1");
    CHECK_STR(rec_get(rec, "arg", 0), url);
    CHECK(rec_get(rec, "arg", 1) == NULL);
    CHECK(!path_exists(pwned));
    unlink(pwned);

    CHECK_STR(rec_get(rec, "fd0", 0), "/dev/null");
    CHECK_STR(rec_get(rec, "fd1", 0), "/dev/null");
    CHECK_STR(rec_get(rec, "fd2", 0), "/dev/null");
    CHECK_STR(rec_get(rec, "leak", 0), "no");
    CHECK_STR(rec_get(rec, "sigign", 0), "0000000000000000");
    CHECK_STR(rec_get(rec, "sigblk", 0), "0000000000000000");

    /* Its own session, and not the session leader (so it can never take a
     * controlling terminal); its group is the session's. */
    long pgrp = 0, session = 0;
    const char *pid = rec_get(rec, "pid", 0);
    long fake_pid = pid ? atol(pid) : 0;
    CHECK(rec_stat(rec, &pgrp, &session));
    CHECK(session > 0 && session != (long)getsid(0));
    CHECK(session != fake_pid);
    CHECK_INT(pgrp, session);
    free(rec);
}

static void test_spawn_detached_failures(void)
{
    opener_command c = make_cmd("paperdeck-no-such-browser-xyz", URL);
    CHECK_INT(spawn_err(&c), ENOENT);
    c = make_cmd("/nonexistent/dir/browser", URL);
    CHECK_INT(spawn_err(&c), ENOENT);

    char noexec[160];
    snprintf(noexec, sizeof noexec, "%s/not-executable", scratch);
    CHECK(copy_file(FIXTURE, noexec, 0644));
    c = make_cmd(noexec, URL);
    CHECK_INT(spawn_err(&c), EACCES);
    CHECK(no_children_left());

    opener_command empty;
    memset(&empty, 0, sizeof empty);
    CHECK_INT(spawn_err(&empty), EINVAL);
    CHECK_INT(spawn_err(NULL), EINVAL);
    CHECK_INT(run_err(&empty), EINVAL);
}

/* With stdio closed in the parent, the error pipe must not land on 0-2,
 * where the child's /dev/null redirection would clobber it. */
static void test_spawn_with_stdio_closed(void)
{
    fflush(stdout);
    int saved0 = dup(0), saved1 = dup(1);
    close(0);
    close(1);
    new_record("nostdio");
    opener_command c = make_cmd(fake, URL);
    int ok = spawn_err(&c);
    c = make_cmd("paperdeck-no-such-browser-xyz", URL);
    int missing = spawn_err(&c);
    int fd0_free = fcntl(0, F_GETFD) == -1;
    dup2(saved0, 0);
    dup2(saved1, 1);
    close(saved0);
    close(saved1);
    CHECK_INT(ok, 0);
    CHECK_INT(missing, ENOENT);
    CHECK(fd0_free); /* nothing of ours was left on fd 0 */
    char *rec = wait_for_file(record_path, 5000);
    CHECK_STR(rec ? rec_get(rec, "fd0", 0) : NULL, "/dev/null");
    CHECK_STR(rec ? rec_get(rec, "fd1", 0) : NULL, "/dev/null");
    free(rec);
}

static volatile sig_atomic_t reaped;

static void reap_all(int sig)
{
    (void)sig;
    int err = errno;
    while (waitpid(-1, NULL, WNOHANG) > 0)
        reaped++;
    errno = err;
}

static void test_spawn_sigchld(void)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGCHLD, &sa, &old);
    new_record("sigign");
    opener_command c = make_cmd(fake, URL);
    CHECK_INT(spawn_err(&c), 0);
    char *rec = wait_for_file(record_path, 5000);
    CHECK(rec != NULL);
    free(rec);
    c = make_cmd("paperdeck-no-such-browser-xyz", URL);
    CHECK_INT(spawn_err(&c), ENOENT);
    new_record("sigign-fg");
    c = make_cmd(fake, URL);
    CHECK_INT(run_err(&c), 0);
    CHECK(path_exists(record_path));

    /* A handler that reaps everything (no SA_RESTART: reads get EINTR). */
    sa.sa_handler = reap_all;
    sa.sa_flags = 0;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, NULL);
    reaped = 0;
    new_record("sighandler");
    c = make_cmd(fake, URL);
    CHECK_INT(spawn_err(&c), 0);
    rec = wait_for_file(record_path, 5000);
    CHECK(rec != NULL);
    free(rec);
    c = make_cmd("paperdeck-no-such-browser-xyz", URL);
    CHECK_INT(spawn_err(&c), ENOENT);
    new_record("sighandler-fg");
    c = make_cmd(fake, URL);
    CHECK_INT(run_err(&c), 0);
    CHECK(path_exists(record_path));
    sigaction(SIGCHLD, &old, NULL);
    CHECK(no_children_left());
}

/* ---- foreground ------------------------------------------------------------ */

static volatile sig_atomic_t got_int;

static void on_int(int sig)
{
    (void)sig;
    got_int++;
}

static void test_run_foreground(void)
{
    char own_fd0[256] = "";
    ssize_t n = readlink("/proc/self/fd/0", own_fd0, sizeof own_fd0 - 1);
    own_fd0[n > 0 ? n : 0] = '\0';

    new_record("fg");
    opener_command c = make_cmd(fake, URL);
    CHECK_INT(run_err(&c), 0);
    char *rec = slurp(record_path); /* no waiting: it has finished */
    CHECK(rec != NULL);
    if (rec) {
        CHECK_STR(rec_get(rec, "argc", 0), "1");
        CHECK_STR(rec_get(rec, "arg", 0), URL);
        CHECK_STR(rec_get(rec, "fd0", 0), own_fd0);
        long pgrp, session;
        CHECK(rec_stat(rec, &pgrp, &session));
        CHECK_INT(session, getsid(0));
        CHECK_INT(pgrp, getpgrp());
    }
    free(rec);
    CHECK(no_children_left());

    /* Its exit status does not matter: it ran. */
    setenv("FAKE_BROWSER_EXIT", "3", 1);
    new_record("fg-exit");
    CHECK_INT(run_err(&c), 0);
    unsetenv("FAKE_BROWSER_EXIT");

    c = make_cmd("paperdeck-no-such-browser-xyz", URL);
    CHECK_INT(run_err(&c), ENOENT);
    CHECK(no_children_left());
}

/* A helper fed on its stdin (tmux load-buffer): it gets every byte, its
 * exit status comes back, a missing one is ENOENT, and one that exits
 * without reading does not end us with SIGPIPE. */
static void test_run_with_input(void)
{
    char out[160], script[256];
    snprintf(out, sizeof out, "%s/fed", scratch);
    snprintf(script, sizeof script, "cat > '%s'; exit 4", out);
    opener_command c = {.argv = {"sh", "-c", script, NULL}, .argc = 3};
    static char big[200000];
    memset(big, 'x', sizeof big);
    memcpy(big, "line one\nline two", 17);
    CHECK_INT(opener_run_with_input(&c, big, sizeof big), 4);
    char *got = slurp(out);
    CHECK(got && strlen(got) == sizeof big && memcmp(got, big, 17) == 0);
    free(got);
    opener_command quick = {.argv = {"true", NULL}, .argc = 1};
    CHECK_INT(opener_run_with_input(&quick, big, sizeof big), 0);
    opener_command none = {.argv = {"paperdeck-no-such-helper-xyz", NULL}, .argc = 1};
    errno = 0;
    CHECK_INT(opener_run_with_input(&none, "x", 1), -1);
    CHECK_INT(errno, ENOENT);
    CHECK(no_children_left());
}

/* Ctrl-C while the browser runs reaches the browser, not us; afterwards our
 * handler is back. */
static void test_run_foreground_sigint(void)
{
    struct sigaction sa, old, old_quit, now;
    sigaction(SIGQUIT, NULL, &old_quit);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_int;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old);
    got_int = 0;
    setenv("FAKE_BROWSER_KILL_PARENT", "INT", 1);
    new_record("fg-int");
    opener_command c = make_cmd(fake, URL);
    CHECK_INT(run_err(&c), 0);
    CHECK_INT(got_int, 0);
    char *rec = slurp(record_path);
    CHECK_STR(rec ? rec_get(rec, "sigign", 0) : NULL, "0000000000000000");
    free(rec);

    setenv("FAKE_BROWSER_KILL_PARENT", "QUIT", 1);
    new_record("fg-quit");
    CHECK_INT(run_err(&c), 0); /* SIGQUIT's default would dump core */
    unsetenv("FAKE_BROWSER_KILL_PARENT");

    sigaction(SIGINT, NULL, &now);
    CHECK(now.sa_handler == on_int);
    sigaction(SIGQUIT, NULL, &now);
    CHECK(now.sa_handler == old_quit.sa_handler);
    raise(SIGINT);
    CHECK_INT(got_int, 1);
    sigaction(SIGINT, &old, NULL);
}

/* ---- opener_open ----------------------------------------------------------- */

static void test_open_fallthrough(void)
{
    char browser[256], msg[512];
    snprintf(browser, sizeof browser, "paperdeck-missing-cmd:%s", fake);
    opener_env env = env_with(browser, NULL);
    new_record("open");
    CHECK_INT(open_err(URL, &env, msg, sizeof msg), 0);
    CHECK_STR(msg, "opened https://arxiv.org/abs/2106.09685");
    char *rec = wait_for_file(record_path, 5000);
    CHECK_STR(rec ? rec_get(rec, "arg", 0) : NULL, URL);
    free(rec);

    /* Bare names are looked up in $PATH. */
    const char *old_path = getenv("PATH");
    char *saved = strdup(old_path ? old_path : "/usr/bin:/bin");
    char path[4096];
    snprintf(path, sizeof path, "%s:%s", scratch, saved);
    setenv("PATH", path, 1);
    env.browser = "paperdeck-missing-cmd --flag %s:fake-browser --new-tab %s";
    const char *hostile = "https://x/$(touch${IFS}/tmp/paperdeck-pwned)';id;`id`|sh";
    new_record("open-path");
    CHECK_INT(open_err(hostile, &env, msg, sizeof msg), 0);
    rec = wait_for_file(record_path, 5000);
    CHECK(rec != NULL);
    if (rec) {
        CHECK_STR(rec_get(rec, "argc", 0), "2");
        CHECK_STR(rec_get(rec, "arg", 0), "--new-tab");
        CHECK_STR(rec_get(rec, "arg", 1), hostile);
    }
    free(rec);
    setenv("PATH", saved, 1);
    free(saved);
    CHECK(!path_exists("/tmp/paperdeck-pwned"));
    CHECK(no_children_left());
}

static void test_open_failures(void)
{
    char msg[512], browser[512];
    opener_env env = env_with("paperdeck-missing-a:paperdeck-missing-b", NULL);
    CHECK_INT(open_err(URL, &env, msg, sizeof msg), ENOENT);
    CHECK_STR(msg, "cannot open https://arxiv.org/abs/2106.09685: no browser found (set $BROWSER)");

    /* Refused links never start anything. */
    env.browser = fake;
    static const char *const refused[] = {
        "file:///etc/passwd", "javascript:alert(1)", "-https://x", "http://", "",
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        new_record("refused");
        char why[256] = "";
        CHECK(!opener_url_allowed(refused[i], why, sizeof why));
        CHECK_INT(open_err(refused[i], &env, msg, sizeof msg), EINVAL);
        CHECK_STR(msg, why);
    }
    CHECK_INT(open_err(NULL, &env, msg, sizeof msg), EINVAL);
    CHECK_STR(msg, "empty link");
    sleep_ms(300);
    CHECK(!path_exists(record_path));
    CHECK(no_children_left());

    /* A command that exists but cannot run is reported by name. */
    char noexec[160];
    snprintf(noexec, sizeof noexec, "%s/not-executable", scratch);
    CHECK(copy_file(FIXTURE, noexec, 0644));
    snprintf(browser, sizeof browser, "paperdeck-missing-a:%s", noexec);
    env.browser = browser;
    CHECK_INT(open_err(URL, &env, msg, sizeof msg), EACCES);
    char want[512];
    snprintf(want, sizeof want, "cannot open %s: %s: %s", URL, noexec, strerror(EACCES));
    CHECK_STR(msg, want);

    /* Terminal browsers are left to the caller without a graphical session. */
    char w3m[160];
    snprintf(w3m, sizeof w3m, "%s/w3m", scratch);
    CHECK(copy_file(FIXTURE, w3m, 0755));
    env.browser = w3m;
    new_record("w3m");
    CHECK_INT(open_err(URL, &env, msg, sizeof msg), ENOTTY);
    snprintf(want, sizeof want, "cannot open %s: %s needs the terminal", URL, w3m);
    CHECK_STR(msg, want);
    sleep_ms(200);
    CHECK(!path_exists(record_path));
    env.display = ":0";
    CHECK_INT(open_err(URL, &env, msg, sizeof msg), 0);
    char *rec = wait_for_file(record_path, 5000);
    CHECK(rec != NULL);
    free(rec);

    /* A terminal one is skipped, the next is tried. */
    snprintf(browser, sizeof browser, "%s:%s", w3m, fake);
    env = env_with(browser, NULL);
    new_record("skip-w3m");
    CHECK_INT(open_err(URL, &env, msg, sizeof msg), 0);
    rec = wait_for_file(record_path, 5000);
    CHECK(rec != NULL);
    free(rec);
}

static void test_open_message_truncation(void)
{
    opener_env env = env_with(fake, NULL);
    const char *url = "https://x/\xe6\x97\xa5\xe6\x9c\xac";
    char msg[19];
    new_record("trunc");
    CHECK_INT(open_err(url, &env, msg, sizeof msg), 0);
    CHECK_STR(msg, "opened https://x/"); /* not half of the first character */
    char *rec = wait_for_file(record_path, 5000);
    CHECK_STR(rec ? rec_get(rec, "arg", 0) : NULL, url);
    free(rec);
    char big[64];
    new_record("trunc2");
    CHECK_INT(open_err(url, &env, big, sizeof big), 0);
    CHECK_STR(big, "opened https://x/\xe6\x97\xa5\xe6\x9c\xac");
    rec = wait_for_file(record_path, 5000);
    free(rec);
    char one[1] = {'x'};
    env.browser = "paperdeck-missing-a";
    CHECK_INT(open_err(url, &env, one, sizeof one), ENOENT);
    CHECK_INT(one[0], '\0');
    CHECK_INT(open_err(url, &env, NULL, 0), ENOENT);
}

static void test_env_from_process(void)
{
    setenv("BROWSER", "firefox:w3m", 1);
    setenv("DISPLAY", ":1", 1);
    unsetenv("WAYLAND_DISPLAY");
    opener_env env;
    opener_env_from_process(&env);
    CHECK_STR(env.browser, "firefox:w3m");
    CHECK_STR(env.display, ":1");
    CHECK(env.wayland_display == NULL);
#ifdef __APPLE__
    CHECK(env.macos);
#else
    CHECK(!env.macos);
#endif
    unsetenv("BROWSER");
    unsetenv("DISPLAY");
}

int main(void)
{
    RUN(test_url_allowed_good);
    RUN(test_url_allowed_bad);
    RUN(test_url_allowed_length);
    RUN(test_plan_default);
    RUN(test_plan_browser);
    RUN(test_plan_terminal);
    RUN(test_plan_limits);
    RUN(test_env_from_process);
    setup();
    RUN(test_spawn_detached_hostile);
    RUN(test_spawn_detached_failures);
    RUN(test_spawn_with_stdio_closed);
    RUN(test_spawn_sigchld);
    RUN(test_run_foreground);
    RUN(test_run_foreground_sigint);
    RUN(test_run_with_input);
    RUN(test_open_fallthrough);
    RUN(test_open_failures);
    RUN(test_open_message_truncation);
    teardown();
    return check_summary();
}
