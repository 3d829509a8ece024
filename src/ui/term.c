/* term: starting and stopping curses safely; see term.h. */
#include "term.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "keymap.h"
#include "paperdeck/keydec.h"
#include "paperdeck/mapguard.h"

/* Signal handlers cannot reach the app, so these few are global: the flags
 * the loop polls, and what the crash handler needs to give the terminal
 * back. */
static volatile sig_atomic_t quit_signal;
static volatile sig_atomic_t stop_asked; /* a SIGTSTP not yet acted on */
static volatile sig_atomic_t continued;  /* a SIGCONT since the last look */
static volatile sig_atomic_t resized;    /* a SIGWINCH since the last look */
static int guard_fd = -1;
static struct termios guard_termios;
static char guard_seq[256];
static size_t guard_len;
static bool curses_active;
static const struct sigaction *fatal_saved; /* what ran before on_fatal */

static const int quit_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
static const int job_signals[] = {SIGTSTP, SIGCONT, SIGWINCH}; /* and the size */
#define NQUIT (sizeof quit_signals / sizeof quit_signals[0])
#define NFATAL (sizeof fatal_signals / sizeof fatal_signals[0])
#define NJOB (sizeof job_signals / sizeof job_signals[0])
_Static_assert(NQUIT + NFATAL + NJOB <= sizeof((term *)0)->saved / sizeof(struct sigaction),
               "term.saved holds every handler replaced");

static void on_quit(int sig)
{
    quit_signal = sig;
}

/* SIGTSTP from outside (kill, a session manager): only noted. The loop
 * stops as Ctrl-Z does, between two screens: stopping here, as ncurses' own
 * handler does, would redraw and resize in the middle of a draw. */
static void on_stop(int sig)
{
    (void)sig;
    stop_asked = 1;
}

/* A SIGCONT calls off a stop not yet made (the job was continued before it
 * stopped) and asks for a redraw. */
static void on_cont(int sig)
{
    (void)sig;
    stop_asked = 0;
    continued = 1;
}

/* Installed before curses starts, so ncurses does not install its own: the
 * size is asked for again by term_read_key (ncurses did it in wgetch). */
static void on_winch(int sig)
{
    (void)sig;
    resized = 1;
}

static void on_fatal(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    /* a list file cut short while it is read: not fatal (mapguard.h) */
    if (sig == SIGBUS && si && mapguard_fixup(si->si_addr))
        return;
    if (guard_fd >= 0) {
        ssize_t w = write(guard_fd, guard_seq, guard_len);
        (void)w;
        tcsetattr(guard_fd, TCSANOW, &guard_termios);
    }
    /* A fault (not a kill or abort) happens again when this returns, and
     * then goes to the handler that was there before: a sanitizer's, whose
     * report (with the stack of the fault) this would hide, or the default. */
    for (size_t i = 0; fatal_saved && si && si->si_code > 0 && i < NFATAL; i++) {
        if (fatal_signals[i] == sig && sig != SIGABRT) {
            sigaction(sig, &fatal_saved[i], NULL);
            return;
        }
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void exit_guard(void)
{
    if (curses_active && !isendwin())
        endwin();
}

int term_quit_signal(void)
{
    return quit_signal;
}

bool term_usable(void)
{
    if (!isatty(STDOUT_FILENO)) {
        fputs("paperdeck: the browser needs a terminal, and standard output is not one;\n"
              "use 'paperdeck list' to print the entries\n",
              stderr);
        return false;
    }
    const char *name = getenv("TERM");
    if (!name || !name[0] || strcmp(name, "dumb") == 0) {
        fprintf(stderr,
                "paperdeck: the browser needs a terminal that can move the cursor "
                "(TERM is %s);\nuse 'paperdeck list' to print the entries\n",
                name && name[0] ? "dumb" : "not set");
        return false;
    }
    return true;
}

/* Installed before curses starts, so ncurses leaves SIGINT, SIGTERM and
 * SIGTSTP alone (it only takes signals still at their default). No
 * SA_RESTART: a signal interrupts the wait for a key at once. */
static void signals_install(term *t)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_quit;
    for (size_t i = 0; i < NQUIT; i++)
        sigaction(quit_signals[i], &sa, &t->saved[i]);
    struct sigaction *job = &t->saved[NQUIT + NFATAL];
    sa.sa_handler = on_stop;
    sigaction(SIGTSTP, NULL, &job[0]);
    if (job[0].sa_handler != SIG_IGN) /* no job control: stays ignored */
        sigaction(SIGTSTP, &sa, NULL);
    sa.sa_handler = on_cont;
    sigaction(SIGCONT, &sa, &job[1]);
    sa.sa_handler = on_winch;
    sigaction(SIGWINCH, &sa, &job[2]);
    stop_asked = continued = resized = 0;
    fatal_saved = &t->saved[NQUIT];
    sa.sa_sigaction = on_fatal;
    sa.sa_flags = SA_SIGINFO; /* on_fatal resets the action itself */
    for (size_t i = 0; i < NFATAL; i++)
        sigaction(fatal_signals[i], &sa, &t->saved[NQUIT + i]);
}

static void signals_restore(const term *t)
{
    for (size_t i = 0; i < NQUIT + NFATAL; i++) {
        int sig = i < NQUIT ? quit_signals[i] : fatal_signals[i - NQUIT];
        sigaction(sig, &t->saved[i], NULL);
    }
    /* Ending for a quit signal, the program frees what it holds and exits
     * with 128 + that signal: a second one (a closed terminal sends its
     * hang-up again) must not cut that short. */
    if (quit_signal) {
        struct sigaction ignore;
        memset(&ignore, 0, sizeof ignore);
        ignore.sa_handler = SIG_IGN;
        sigemptyset(&ignore.sa_mask);
        for (size_t i = 0; i < NQUIT; i++)
            sigaction(quit_signals[i], &ignore, NULL);
    }
    for (size_t i = 0; i < NJOB; i++)
        sigaction(job_signals[i], &t->saved[NQUIT + NFATAL + i], NULL);
    fatal_saved = NULL;
}

static void guard_append(const char *cap)
{
    if (!cap || cap == (const char *)-1)
        return;
    size_t n = strlen(cap);
    if (guard_len + n < sizeof guard_seq) {
        memcpy(guard_seq + guard_len, cap, n);
        guard_len += n;
    }
}

/* What the crash handler writes: plain attributes, cursor shown, main
 * screen back, mouse reporting off. */
static void guard_prepare(int fd)
{
    guard_len = 0;
    guard_append(tigetstr("sgr0"));
    guard_append(tigetstr("cnorm"));
    guard_append(tigetstr("rmcup"));
    const char *kmous = tigetstr("kmous");
    if (kmous && kmous != (const char *)-1 && kmous[0])
        guard_append("\033[?1000l\033[?1002l\033[?1006l");
    guard_fd = fd;
}

static bool locale_is_utf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/* Where keys come from: the terminal, opened again so that its file
 * description is ours alone and can be non-blocking (a read never waits
 * for a report cut short). The terminal the shell shares with us stays
 * blocking, even if we crash. Falls back to stdin. Curses never reads it:
 * term_read_key does, and decodes the keys itself. */
static int keys_fd = -1;
static keydec keys_dec;
static keydec_event last_mouse;

static FILE *keys_open(void)
{
    /* the list may have come on stdin: keys then come from the terminal */
    const char *name = isatty(STDIN_FILENO) ? ttyname(STDIN_FILENO) : "/dev/tty";
    int fd = name ? open(name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC) : -1;
    FILE *in = fd >= 0 ? fdopen(fd, "r") : NULL;
    if (!in && fd >= 0)
        close(fd);
    if (!in && isatty(STDIN_FILENO))
        return stdin;
    return in ? in : fopen("/dev/tty", "r");
}

bool term_start(term *t)
{
    memset(t, 0, sizeof *t);
    quit_signal = 0;
    const char *cur = setlocale(LC_ALL, NULL);
    t->old_locale = strdup(cur ? cur : "C");
    setlocale(LC_ALL, "");
    t->unicode = locale_is_utf8();
    signals_install(t);

    t->in = keys_open();
    keys_fd = t->in ? fileno(t->in) : -1;
    if (!t->in) {
        fprintf(stderr, "paperdeck: cannot read keys from the terminal: %s\n", strerror(errno));
        return false;
    }
    if (tcgetattr(STDOUT_FILENO, &guard_termios) != 0
        || !(t->screen = newterm(NULL, stdout, t->in))) {
        fprintf(stderr, "paperdeck: cannot start the terminal UI (TERM=%s)\n", getenv("TERM"));
        return false;
    }
    set_term(t->screen);
    curses_active = true;
    static bool registered;
    if (!registered && atexit(exit_guard) == 0)
        registered = true;
    guard_prepare(STDOUT_FILENO);
    raw(); /* Ctrl-C and Ctrl-Z arrive as keys: quitting stays orderly */
    noecho();
    nonl();
    typeahead(-1); /* the loop reads every key typed ahead before it draws */
    /* ncurses 6.4 writes its buffer out after every cursor move until the screen
     * has been through endwin() once (its "initial" state): 60-120 write()s per
     * frame, which a terminal may show half drawn. One suspend and resume here,
     * before anything is drawn, makes each doupdate() one or two writes. */
    endwin();
    refresh();
    keydec_init(&keys_dec);
    curs_set(0);
    mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(0);
    return true;
}

void term_restore(void)
{
    if (curses_active) {
        curs_set(1);
        endwin();
        curses_active = false;
    }
    guard_fd = -1;
}

void term_stop(term *t)
{
    term_restore();
    if (t->screen)
        delscreen(t->screen);
    t->screen = NULL;
    signals_restore(t);
    if (t->in && t->in != stdin)
        fclose(t->in);
    t->in = NULL;
    if (t->old_locale) {
        setlocale(LC_ALL, t->old_locale);
        free(t->old_locale);
        t->old_locale = NULL;
    }
}

void term_leave(void)
{
    def_prog_mode();
    endwin();
}

void term_return(void)
{
    reset_prog_mode();
    clearok(curscr, TRUE); /* whatever ran meanwhile drew over the screen */
}

void term_suspend(void)
{
    term_leave();
    struct sigaction dfl, old;
    memset(&dfl, 0, sizeof dfl);
    sigemptyset(&dfl.sa_mask);
    dfl.sa_handler = SIG_DFL;
    sigaction(SIGTSTP, &dfl, &old);
    stop_asked = 0;
    raise(SIGTSTP); /* stops here until `fg`; ignored without job control */
    sigaction(SIGTSTP, &old, NULL);
    term_return();
    continued = 0; /* the caller redraws anyway */
}

/* --- keys -------------------------------------------------------------- */

long long term_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads what the terminal has sent, waiting at most ms: 1 when bytes came,
 * 0 when none came in time, -1 on a signal or at the end of input. */
static int keys_fill(int ms)
{
    struct pollfd p = {.fd = keys_fd, .events = POLLIN};
    int r = poll(&p, 1, ms);
    if (r <= 0)
        return r == 0 ? 0 : -1;
    unsigned char buf[KEYDEC_BUF];
    size_t room = keydec_room(&keys_dec);
    ssize_t n = read(keys_fd, buf, room < sizeof buf ? room : sizeof buf);
    if (n < 0)
        return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
    if (n == 0)
        return -1;
    keydec_feed(&keys_dec, buf, (size_t)n);
    return 1;
}

/* The key a decoded event is, false for none (a sequence swallowed, a
 * mouse report of no interest: a release, a motion, the other buttons). */
static bool event_key(const keydec_event *ev, int *key)
{
    static const int named[] = {
        [KEYDEC_UP] = KEY_UP,      [KEYDEC_DOWN] = KEY_DOWN, [KEYDEC_RIGHT] = KEY_RIGHT,
        [KEYDEC_LEFT] = KEY_LEFT,  [KEYDEC_HOME] = KEY_HOME, [KEYDEC_END] = KEY_END,
        [KEYDEC_INSERT] = KEY_IC,  [KEYDEC_DELETE] = KEY_DC, [KEYDEC_PGUP] = KEY_PPAGE,
        [KEYDEC_PGDN] = KEY_NPAGE, [KEYDEC_BTAB] = KEY_BTAB, [KEYDEC_KPENTER] = KEY_ENTER,
    };
    int mods = (ev->mods & KEYDEC_ALT ? UI_KEY_ALT : 0) | (ev->mods & KEYDEC_CTRL ? UI_KEY_CTRL : 0)
             | (ev->mods & KEYDEC_SHIFT ? UI_KEY_SHIFT : 0);
    switch (ev->kind) {
    case KEYDEC_CHAR: /* DEL is what Backspace sends (kbs of xterm, tmux, linux) */
        *key = (ev->cp == 0x7f ? UI_FN(KEY_BACKSPACE) : (int)ev->cp) | mods;
        return true;
    case KEYDEC_KEY:
        *key = UI_FN(ev->key >= KEYDEC_F1 ? KEY_F(ev->key - KEYDEC_F1 + 1) : named[ev->key]) | mods;
        return true;
    case KEYDEC_MOUSE:
        if (ev->release || (ev->button != 0 && ev->button != 64 && ev->button != 65))
            return false;
        last_mouse = *ev;
        *key = UI_FN(KEY_MOUSE);
        return true;
    default:
        return false;
    }
}

/* After a SIGWINCH: curses takes the terminal's size. */
static void take_size(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
        resize_term(ws.ws_row, ws.ws_col);
    clearok(curscr, TRUE);
}

int term_read_key(int timeout_ms, int *key)
{
    long long deadline = term_now_ms() + timeout_ms;
    while (!quit_signal) {
        if (resized) {
            resized = 0;
            take_size();
            *key = UI_FN(KEY_RESIZE);
            return OK;
        }
        keydec_event ev;
        if (keydec_next(&keys_dec, false, &ev) == KEYDEC_NONE) {
            /* the rest of a sequence gets its time even when the caller's is up */
            int wait = keydec_wait_ms(&keys_dec);
            long long left = deadline - term_now_ms();
            int r = keys_fill(wait > 0 ? wait : left > 0 ? (int)left : 0);
            if (r < 0 || (r == 0 && wait == 0))
                return ERR;
            if (r > 0)
                continue;
            keydec_next(&keys_dec, true, &ev); /* no more came: a lone ESC is Escape */
        }
        if (event_key(&ev, key))
            return OK;
    }
    return ERR;
}

void term_mouse(int *y, int *x, int *wheel, bool *click)
{
    *y = last_mouse.y;
    *x = last_mouse.x;
    *wheel = last_mouse.button == 64 ? -1 : last_mouse.button == 65 ? 1 : 0;
    *click = last_mouse.button == 0;
}

bool term_hung_up(void)
{
    struct pollfd p = {.fd = keys_fd, .events = POLLIN};
    return keys_fd >= 0 && poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

bool term_key_within(int ms)
{
    if (keys_dec.start != keys_dec.n) /* read by term_keys_peek */
        return true;
    struct pollfd p = {.fd = keys_fd, .events = POLLIN};
    return keys_fd >= 0 && poll(&p, 1, ms) == 1 && (p.revents & POLLIN)
        && !(p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

bool term_key_waiting(void)
{
    return term_key_within(0);
}

bool term_keys_peek(bool *edits)
{
    keys_fill(0);
    *edits = !keys_dec.skipping;
    for (size_t i = keys_dec.start; i < keys_dec.n; i++) {
        unsigned char c = keys_dec.buf[i]; /* DEL and ^H are Backspace */
        *edits &= c >= 0x20 || c == 0x08;
    }
    return keys_dec.start != keys_dec.n;
}

bool term_job_signals(void)
{
    bool redraw = continued != 0;
    continued = 0;
    if (stop_asked) {
        term_suspend();
        redraw = true;
    }
    return redraw;
}
