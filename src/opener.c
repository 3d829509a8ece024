/* opener: open a URL in the system browser, safely; see opener.h.
 *
 * The URL never meets a shell: $BROWSER is split into words here, the URL is
 * put into one argv element, and execvp runs the result. Since an allowed URL
 * starts with "http", it cannot be taken for an option either. */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* pipe2 and close_range */
#endif

#include "paperdeck/opener.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "paperdeck/ascii.h"
#include "paperdeck/errbuf.h"

enum { URL_MAX = 4096 };

/* ---- URL policy ---------------------------------------------------------- */

/* Case-insensitive (ASCII only, locale-free) compare of s[0..n) with lower. */
static bool ascii_ieq(const char *s, size_t n, const char *lower)
{
    return strlen(lower) == n && ascii_eq_n(s, lower, n);
}

/* Length of the valid UTF-8 sequence at s, 0 if invalid; *cp gets the code
 * point. A NUL ends a sequence early, so reading stays inside the string. */
static int url_utf8(const unsigned char *s, uint32_t *cp)
{
    uint32_t c = s[0], min;
    int n;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2, c &= 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, c &= 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, c &= 0x07, min = 0x10000;
    } else {
        return 0;
    }
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = c << 6 | (s[i] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

/* Reasons for the schemes lists are most likely to hold; the reason is a
 * static string, so an unknown scheme gets the generic one. */
static const struct {
    const char *scheme, *why;
} url_schemes[] = {
    {"file", "only http and https links are opened (this one is file:)"},
    {"javascript", "only http and https links are opened (this one is javascript:)"},
    {"data", "only http and https links are opened (this one is data:)"},
    {"vbscript", "only http and https links are opened (this one is vbscript:)"},
    {"ftp", "only http and https links are opened (this one is ftp:)"},
    {"mailto", "only http and https links are opened (this one is mailto:)"},
    {"ssh", "only http and https links are opened (this one is ssh:)"},
};

static const char *url_check_scheme(const char *scheme, size_t n)
{
    for (size_t i = 0; i < sizeof url_schemes / sizeof url_schemes[0]; i++)
        if (ascii_ieq(scheme, n, url_schemes[i].scheme))
            return url_schemes[i].why;
    return "only http and https links are opened";
}

/* Bytes: printable ASCII or valid UTF-8 without C0/C1 controls or DEL, so
 * the URL can be echoed on the status line as it is. */
static const char *url_check_bytes(const unsigned char *s)
{
    while (*s) {
        uint32_t cp;
        int n = url_utf8(s, &cp);
        if (n == 0)
            return "link is not valid UTF-8";
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
            return "link contains control characters";
        if (cp == ' ')
            return "link contains spaces";
        s += n;
    }
    return NULL;
}

/* authority = [userinfo@]host[:port]; the host must not be empty. */
static const char *url_check_host(const char *auth)
{
    size_t n = strcspn(auth, "/?#");
    const char *host = auth;
    for (size_t i = 0; i < n; i++)
        if (auth[i] == '@')
            host = auth + i + 1;
    size_t hn = (size_t)(auth + n - host);
    if (hn > 0 && host[0] == '[') {
        const char *close = memchr(host, ']', hn);
        if (!close || close == host + 1)
            return "link has no host";
        return NULL;
    }
    const char *colon = memchr(host, ':', hn);
    if (colon)
        hn = (size_t)(colon - host);
    return hn == 0 ? "link has no host" : NULL;
}

static const char *url_check(const char *url)
{
    if (!url || !*url)
        return "empty link";
    if (strnlen(url, URL_MAX + 1) > URL_MAX)
        return "link too long (over 4096 bytes)";
    if (url[0] == '-')
        return "link starts with '-'";
    const char *why = url_check_bytes((const unsigned char *)url);
    if (why)
        return why;

    size_t n = 0;
    if (ascii_is_alpha((unsigned char)url[0])) {
        n = 1;
        while (ascii_is_alnum((unsigned char)url[n]) || url[n] == '+' || url[n] == '-'
               || url[n] == '.')
            n++;
    }
    if (n == 0 || url[n] != ':')
        return "not a web link (no http:// or https://)";
    if (!ascii_ieq(url, n, "http") && !ascii_ieq(url, n, "https"))
        return url_check_scheme(url, n);
    if (url[n + 1] != '/' || url[n + 2] != '/')
        return "malformed link (no // after the scheme)";
    return url_check_host(url + n + 3);
}

bool opener_url_allowed(const char *url, char *err, size_t errsize)
{
    const char *reason = url_check(url);
    if (reason)
        errf(err, errsize, "%s", reason);
    return reason == NULL;
}

/* ---- environment and plan ------------------------------------------------ */

void opener_env_from_process(opener_env *env)
{
    env->browser = getenv("BROWSER");
    env->display = getenv("DISPLAY");
    env->wayland_display = getenv("WAYLAND_DISPLAY");
#ifdef __APPLE__
    env->macos = true;
#else
    env->macos = false;
#endif
}

static bool env_set(const char *s)
{
    return s && *s;
}

static bool env_graphical(const opener_env *env)
{
    return env->macos || env_set(env->display) || env_set(env->wayland_display);
}

/* Browsers that draw in the terminal they were started from. */
static bool terminal_browser(const char *argv0)
{
    static const char *const names[] = {
        "w3m", "lynx", "links", "links2", "elinks", "browsh", "www-browser",
    };
    const char *slash = strrchr(argv0, '/');
    const char *base = slash ? slash + 1 : argv0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(base, names[i]) == 0)
            return true;
    return false;
}

typedef struct plan_builder {
    opener_plan *plan;
    size_t used; /* bytes of plan->storage taken */
    const char *url;
} plan_builder;

static bool store_put(plan_builder *b, const char *s, size_t n)
{
    if (n > sizeof b->plan->storage - b->used)
        return false;
    memcpy(b->plan->storage + b->used, s, n);
    b->used += n;
    return true;
}

/* Copies one word into storage, "%%" -> "%" and the first "%s" -> the URL
 * (copied verbatim: a "%s" inside the URL is not expanded again). Returns
 * the stored string, or NULL when storage is full. */
static char *store_word(plan_builder *b, const char *w, size_t n, bool *had_url)
{
    char *start = b->plan->storage + b->used;
    bool subst = false, ok = true;
    for (size_t i = 0; ok && i < n; i++) {
        if (w[i] == '%' && i + 1 < n && w[i + 1] == '%') {
            ok = store_put(b, "%", 1);
            i++;
        } else if (w[i] == '%' && i + 1 < n && w[i + 1] == 's' && !subst) {
            ok = store_put(b, b->url, strlen(b->url));
            subst = true;
            i++;
        } else {
            ok = store_put(b, w + i, 1);
        }
    }
    if (!ok || !store_put(b, "", 1))
        return NULL;
    *had_url = *had_url || subst;
    return start;
}

static bool word_sep(char c)
{
    return c == ' ' || c == '\t';
}

/* Adds the command in cmd[0..len) (one element of $BROWSER) to the plan.
 * A blank command adds nothing. Returns why it cannot, or NULL. */
static const char *plan_add(plan_builder *b, const char *cmd, size_t len, const opener_env *env)
{
    size_t i = 0;
    while (i < len && word_sep(cmd[i]))
        i++;
    if (i == len)
        return NULL;
    opener_plan *p = b->plan;
    if (p->ncommands == OPENER_MAX_COMMANDS)
        return "too many commands in $BROWSER (at most 8)";
    opener_command *c = &p->commands[p->ncommands];
    c->argc = 0;
    bool had_url = false;
    while (i < len) {
        size_t start = i;
        while (i < len && !word_sep(cmd[i]))
            i++;
        if (c->argc == OPENER_MAX_ARGS)
            return "too many words in a $BROWSER command";
        c->argv[c->argc] = store_word(b, cmd + start, i - start, &had_url);
        if (!c->argv[c->argc])
            return "link too long for the $BROWSER commands";
        c->argc++;
        while (i < len && word_sep(cmd[i]))
            i++;
    }
    if (!had_url) {
        if (c->argc == OPENER_MAX_ARGS)
            return "too many words in a $BROWSER command";
        c->argv[c->argc] = store_word(b, "%s", 2, &had_url);
        if (!c->argv[c->argc])
            return "link too long for the $BROWSER commands";
        c->argc++;
    }
    c->argv[c->argc] = NULL;
    c->terminal = terminal_browser(c->argv[0]) && !env_graphical(env);
    p->ncommands++;
    return NULL;
}

bool opener_plan_for(const char *url, const opener_env *env, opener_plan *plan, char *err,
                     size_t errsize)
{
    static const opener_env no_env;
    const char *reason = NULL;
    if (!env)
        env = &no_env;
    if (!plan)
        reason = "no plan to fill";
    else if ((reason = url_check(url)) != NULL)
        plan->ncommands = 0;
    else {
        plan_builder b = {plan, 0, url};
        plan->ncommands = 0;
        const char *s = env_set(env->browser) ? env->browser : "";
        while (!reason) {
            size_t n = strcspn(s, ":");
            reason = plan_add(&b, s, n, env);
            if (!s[n])
                break;
            s += n + 1;
        }
        if (!reason && plan->ncommands == 0) {
            const char *dflt = env->macos ? "open" : "xdg-open";
            reason = plan_add(&b, dflt, strlen(dflt), env);
        }
        if (reason)
            plan->ncommands = 0;
    }
    if (reason)
        errf(err, errsize, "%s", reason);
    return reason == NULL;
}

/* ---- spawning ------------------------------------------------------------ */

/* What a child resets before exec: what the UI may have caught or ignored
 * (ignored dispositions survive exec, caught ones would run our handlers in
 * the child between fork and exec). */
static const int child_signals[] = {
    SIGINT,   SIGTERM, SIGHUP,  SIGPIPE, SIGCHLD, SIGQUIT,
    SIGALRM,  SIGUSR1, SIGUSR2, SIGTSTP, SIGTTIN, SIGTTOU,
#ifdef SIGWINCH
    SIGWINCH,
#endif
};

/* Moves fd to 3 or above (keeping close-on-exec), so that pointing stdio at
 * /dev/null in the child cannot clobber it when the parent runs with 0, 1 or
 * 2 closed. */
static int fd_above_stdio(int fd)
{
    if (fd > 2)
        return fd;
    int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    int err = errno;
    close(fd);
    errno = err;
    return moved;
}

/* A close-on-exec pipe: the child's exec closes the write end, so EOF on the
 * read end means exec succeeded; on failure the child writes its errno. */
static int pipe_cloexec(int fds[2])
{
#ifdef __linux__
    if (pipe2(fds, O_CLOEXEC) == -1)
        return -1;
#else
    if (pipe(fds) == -1)
        return -1;
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
#endif
    fds[0] = fd_above_stdio(fds[0]);
    fds[1] = fd_above_stdio(fds[1]);
    if (fds[0] == -1 || fds[1] == -1) {
        int err = errno;
        if (fds[0] != -1)
            close(fds[0]);
        if (fds[1] != -1)
            close(fds[1]);
        errno = err;
        return -1;
    }
    return 0;
}

/* Everything below runs between fork and exec: async-signal-safe calls only. */

static void child_fail(int errfd, int err)
{
    ssize_t n;
    do
        n = write(errfd, &err, sizeof err);
    while (n == -1 && errno == EINTR);
    _exit(127);
}

static void child_default_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof child_signals / sizeof child_signals[0]; i++)
        sigaction(child_signals[i], &sa, NULL);
}

static void child_unblock_signals(void)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

static int child_stdio_to_null(void)
{
    /* No O_CLOEXEC: if 0, 1 or 2 was closed, the descriptor is used as is. */
    int fd = open("/dev/null", O_RDWR);
    if (fd == -1)
        return -1;
    for (int target = 0; target <= 2; target++)
        if (fd != target && dup2(fd, target) == -1)
            return -1;
    if (fd > 2)
        close(fd);
    return 0;
}

/* Closes what the parent left open without O_CLOEXEC (curses' tty, list
 * files), keeping errfd, which is close-on-exec anyway. */
static void child_close_inherited(int errfd, int maxfd)
{
#if defined(__GLIBC__) && defined(__linux__) \
    && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    if ((errfd == 3 || close_range(3, (unsigned)errfd - 1, 0) == 0)
        && close_range((unsigned)errfd + 1, ~0u, 0) == 0)
        return;
#endif
    for (int fd = 3; fd < maxfd; fd++)
        if (fd != errfd)
            close(fd);
}

/* The first child: a new session, then a grandchild that does the work while
 * this one exits at once, so the browser is adopted by init and never
 * becomes our zombie. */
static void detached_child(const opener_command *cmd, int errfd, int maxfd)
{
    child_default_signals();
    if (setsid() == -1)
        child_fail(errfd, errno);
    pid_t pid = fork();
    if (pid == -1)
        child_fail(errfd, errno);
    if (pid > 0)
        _exit(0);
    if (child_stdio_to_null() == -1)
        child_fail(errfd, errno);
    child_close_inherited(errfd, maxfd);
    child_unblock_signals();
    execvp(cmd->argv[0], cmd->argv);
    child_fail(errfd, errno);
}

static void foreground_child(const opener_command *cmd, int errfd)
{
    child_default_signals();
    child_unblock_signals();
    execvp(cmd->argv[0], cmd->argv);
    child_fail(errfd, errno);
}

/* The child of opener_run_with_input: stdin from the pipe, the rest quiet. */
static void piped_child(const opener_command *cmd, int in, int errfd, int maxfd)
{
    child_default_signals();
    if (child_stdio_to_null() == -1 || dup2(in, 0) == -1)
        child_fail(errfd, errno);
    child_close_inherited(errfd, maxfd);
    child_unblock_signals();
    execvp(cmd->argv[0], cmd->argv);
    child_fail(errfd, errno);
}

/* End of the child side. */

static bool command_valid(const opener_command *cmd)
{
    return cmd && cmd->argc > 0 && cmd->argc <= OPENER_MAX_ARGS && cmd->argv[0]
        && cmd->argv[cmd->argc] == NULL;
}

static int open_max(void)
{
    long n = sysconf(_SC_OPEN_MAX);
    if (n < 0)
        return 1024;
    return n > 65536 ? 65536 : (int)n;
}

/* The child's exec result: 0 on EOF (exec closed the pipe), else its errno. */
static int read_exec_error(int fd)
{
    int err = 0;
    size_t got = 0;
    while (got < sizeof err) {
        ssize_t n = read(fd, (char *)&err + got, sizeof err - got);
        if (n == 0)
            break;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        got += (size_t)n;
    }
    if (got == 0)
        return 0;
    return got < sizeof err || err == 0 ? EIO : err;
}

/* Waits for pid. ECHILD is fine: with SIGCHLD ignored the kernel reaps it,
 * and a SIGCHLD handler of the caller's may have reaped it first. */
static void wait_child(pid_t pid)
{
    while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
        ;
}

/* Forks with every signal blocked, so no handler of ours runs in the child
 * before it has reset them. Returns the pid as fork does. */
static pid_t fork_quiet(void)
{
    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    pid_t pid = fork();
    int err = errno;
    if (pid != 0)
        sigprocmask(SIG_SETMASK, &old, NULL);
    errno = err;
    return pid;
}

/* 0, or -1 with errno e: exec's failure comes back as a number. */
static int errno_result(int e)
{
    if (e == 0)
        return 0;
    errno = e;
    return -1;
}

int opener_spawn_detached(const opener_command *cmd)
{
    if (!command_valid(cmd))
        return errno_result(EINVAL);
    int maxfd = open_max();
    int errpipe[2];
    if (pipe_cloexec(errpipe) == -1)
        return -1;
    pid_t pid = fork_quiet();
    if (pid == 0) {
        close(errpipe[0]);
        detached_child(cmd, errpipe[1], maxfd);
    }
    int err = errno;
    close(errpipe[1]);
    if (pid == -1) {
        close(errpipe[0]);
        return errno_result(err);
    }
    wait_child(pid);
    err = read_exec_error(errpipe[0]);
    close(errpipe[0]);
    return errno_result(err);
}

int opener_run_foreground(const opener_command *cmd)
{
    if (!command_valid(cmd))
        return errno_result(EINVAL);
    int errpipe[2];
    if (pipe_cloexec(errpipe) == -1)
        return -1;
    /* Ctrl-C and Ctrl-\ are for the browser; we only wait. */
    struct sigaction ign, old_int, old_quit;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGINT, &ign, &old_int);
    sigaction(SIGQUIT, &ign, &old_quit);
    pid_t pid = fork_quiet();
    if (pid == 0) {
        close(errpipe[0]);
        foreground_child(cmd, errpipe[1]);
    }
    int err = errno;
    close(errpipe[1]);
    if (pid != -1) {
        err = read_exec_error(errpipe[0]);
        wait_child(pid);
    }
    close(errpipe[0]);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    return errno_result(err);
}

/* Writes input to fd with SIGPIPE ignored: a command that exits without
 * reading it must not end the caller. */
static void feed(int fd, const char *input, size_t len)
{
    struct sigaction ign, old;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, &old);
    while (len > 0) {
        ssize_t n = write(fd, input, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        input += n;
        len -= (size_t)n;
    }
    sigaction(SIGPIPE, &old, NULL);
}

int opener_run_with_input(const opener_command *cmd, const char *input, size_t len)
{
    if (!command_valid(cmd))
        return errno_result(EINVAL);
    int maxfd = open_max();
    int errpipe[2], in[2];
    if (pipe_cloexec(errpipe) == -1)
        return -1;
    if (pipe_cloexec(in) == -1) {
        close(errpipe[0]);
        close(errpipe[1]);
        return -1;
    }
    pid_t pid = fork_quiet();
    if (pid == 0) {
        close(errpipe[0]);
        close(in[1]);
        piped_child(cmd, in[0], errpipe[1], maxfd);
    }
    int err = errno;
    close(errpipe[1]);
    close(in[0]);
    if (pid == -1) {
        close(errpipe[0]);
        close(in[1]);
        return errno_result(err);
    }
    err = read_exec_error(errpipe[0]);
    close(errpipe[0]);
    if (err == 0)
        feed(in[1], input, len);
    close(in[1]);
    int status = 0;
    pid_t w;
    while ((w = waitpid(pid, &status, 0)) == -1 && errno == EINTR)
        ;
    if (err != 0)
        return errno_result(err);
    if (w == -1)
        return -1; /* reaped by someone else: its status is lost */
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* ---- opening ------------------------------------------------------------- */

/* Formats the status message: ASCII controls become '?' (the URL has none,
 * but $BROWSER and strerror are not ours), and truncation never leaves half
 * a UTF-8 sequence. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
msg_set(char *msg, size_t size, const char *fmt, ...)
{
    if (!msg || size == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, size, fmt, ap);
    va_end(ap);
    if (n < 0) {
        msg[0] = '\0';
        return;
    }
    size_t len = strlen(msg);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)msg[i] < 0x20 || msg[i] == 0x7F)
            msg[i] = '?';
    if ((size_t)n < size)
        return;
    size_t lead = len;
    while (lead > 0 && ((unsigned char)msg[lead - 1] & 0xC0) == 0x80)
        lead--;
    if (lead == 0 || (unsigned char)msg[lead - 1] < 0xC0)
        return;
    unsigned char c = (unsigned char)msg[lead - 1];
    size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (len - (lead - 1) < need)
        msg[lead - 1] = '\0';
}

/* See opener.h: 0, or -1 with errno saying which way it failed. */
int opener_open(const char *url, const opener_env *env, char *msg, size_t size)
{
    opener_plan plan;
    char why[256] = "cannot open link";
    if (!opener_plan_for(url, env, &plan, why, sizeof why)) {
        msg_set(msg, size, "%s", why);
        return errno_result(EINVAL);
    }
    int err = ENOENT, tried = 0;
    const char *failed = NULL, *terminal = NULL;
    for (int i = 0; i < plan.ncommands; i++) {
        const opener_command *c = &plan.commands[i];
        if (c->terminal) {
            terminal = terminal ? terminal : c->argv[0];
            continue;
        }
        tried++;
        if (opener_spawn_detached(c) == 0) {
            msg_set(msg, size, "opened %s", url);
            return 0;
        }
        if (errno != ENOENT) {
            err = errno;
            failed = c->argv[0];
        }
    }
    if (failed) {
        msg_set(msg, size, "cannot open %s: %s: %s", url, failed, strerror(err));
        return errno_result(err);
    }
    if (tried == 0 && terminal) {
        msg_set(msg, size, "cannot open %s: %s needs the terminal", url, terminal);
        return errno_result(ENOTTY);
    }
    msg_set(msg, size, "cannot open %s: no browser found (set $BROWSER)", url);
    return errno_result(ENOENT);
}
