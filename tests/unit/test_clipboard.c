/* Unit tests: clipboard builds exact OSC 52 sequences, refuses what it must,
 * and writes whole sequences even through interrupted, partial writes. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "paperdeck/clipboard.h"

#define OSC "\x1b]52;c;"
#define BEL "\x07"

static void check_seq(const char *text, const char *want)
{
    char buf[256];
    memset(buf, 'X', sizeof buf);
    size_t n = clipboard_osc52(text, buf, sizeof buf);
    CHECK_INT(n, strlen(want));
    CHECK_STR(buf, want);
}

static void test_vectors(void)
{
    /* RFC 4648 section 10, then UTF-8. */
    check_seq("", OSC BEL);
    check_seq("f", OSC "Zg==" BEL);
    check_seq("fo", OSC "Zm8=" BEL);
    check_seq("foo", OSC "Zm9v" BEL);
    check_seq("foob", OSC "Zm9vYg==" BEL);
    check_seq("fooba", OSC "Zm9vYmE=" BEL);
    check_seq("foobar", OSC "Zm9vYmFy" BEL);
    check_seq("\xe6\x97\xa5\xe6\x9c\xac", OSC "5pel5pys" BEL);
    check_seq("h\xc3\xa9llo w\xc3\xb6rld", OSC "aMOpbGxvIHfDtnJsZA==" BEL);
    check_seq("https://arxiv.org/abs/2106.09685",
              OSC "aHR0cHM6Ly9hcnhpdi5vcmcvYWJzLzIxMDYuMDk2ODU=" BEL);
    /* 0xFF bytes and '>' '?' exercise the top of the alphabet: + and /. */
    check_seq("\xff\xff\xfe", OSC "///+" BEL);
    check_seq(">>>???", OSC "Pj4+Pz8/" BEL);

    /* Exact bytes of the whole sequence. */
    char buf[32];
    size_t n = clipboard_osc52("hi", buf, sizeof buf);
    static const char want[] = {0x1b, ']', '5', '2', ';', 'c', ';', 'a', 'G', 'k', '=', 0x07, 0};
    CHECK_INT(n, 12);
    CHECK(memcmp(buf, want, sizeof want) == 0);
}

static int b64_value(char c)
{
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = c ? strchr(digits, c) : NULL;
    return p ? (int)(p - digits) : -1;
}

/* Independent decoder: round trip every length 0..200 of printable text. */
static void test_round_trip(void)
{
    char text[201], buf[512], out[201];
    for (int i = 0; i < 200; i++)
        text[i] = (char)(0x20 + (i * 37) % 95);
    bool all_ok = true;
    for (size_t len = 0; len <= 200; len++) {
        char saved = text[len];
        text[len] = '\0';
        size_t n = clipboard_osc52(text, buf, sizeof buf);
        text[len] = saved;
        size_t head = strlen(OSC);
        bool ok = n == head + (len + 2) / 3 * 4 + 1 && memcmp(buf, OSC, head) == 0
               && buf[n - 1] == '\x07' && buf[n] == '\0';
        size_t o = 0;
        for (size_t i = head; ok && i + 4 <= n - 1; i += 4) {
            int v[4];
            for (int k = 0; k < 4; k++)
                v[k] = buf[i + k] == '=' ? 0 : b64_value(buf[i + k]);
            ok = v[0] >= 0 && v[1] >= 0 && v[2] >= 0 && v[3] >= 0;
            unsigned long w = (unsigned long)v[0] << 18 | (unsigned long)v[1] << 12
                            | (unsigned long)v[2] << 6 | (unsigned long)v[3];
            char bytes[3] = {(char)(w >> 16), (char)(w >> 8 & 0xFF), (char)(w & 0xFF)};
            int keep = buf[i + 2] == '=' ? 1 : buf[i + 3] == '=' ? 2 : 3;
            for (int k = 0; k < keep && o < sizeof out; k++)
                out[o++] = bytes[k];
        }
        ok = ok && o == len && memcmp(out, text, len) == 0;
        if (!ok)
            fprintf(stderr, "  round trip failed at length %zu\n", len);
        all_ok = all_ok && ok;
    }
    CHECK(all_ok);
}

static void test_refusals(void)
{
    char buf[256];
    static const char *const bad[] = {
        "line\nbreak",
        "tab\there",
        "\x1b]52;c;x\x07",
        "bell\x07",
        "del\x7f",
        ("csi\xc2\x9b"
         "31m"),
        "nel\xc2\x85",
        "\r",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        buf[0] = 'X';
        CHECK_INT(clipboard_osc52(bad[i], buf, sizeof buf), 0);
    }
    CHECK_INT(clipboard_osc52(NULL, buf, sizeof buf), 0);
    CHECK_INT(clipboard_osc52("x", NULL, 0), 0);
    /* the multi-line variant lets line feeds through, nothing else */
    CHECK_INT(clipboard_osc52_lines("a\nb\n", buf, sizeof buf), strlen(OSC "YQpiCg==" BEL));
    CHECK_STR(buf, OSC "YQpiCg==" BEL);
    for (size_t i = 1; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_INT(clipboard_osc52_lines(bad[i], buf, sizeof buf), 0);
    CHECK_INT(clipboard_osc52_lines("a\r\nb", buf, sizeof buf), 0);
    /* U+00A0 (C2 A0) is not a control character. */
    CHECK(clipboard_osc52("a\xc2\xa0"
                          "b",
                          buf, sizeof buf)
          > 0);

    /* The buffer must hold the sequence and its NUL. */
    size_t need = strlen(OSC "Zm9vYmFy" BEL);
    CHECK_INT(clipboard_osc52("foobar", buf, need + 1), need);
    CHECK_INT(clipboard_osc52("foobar", buf, need), 0);
    CHECK_INT(clipboard_osc52("foobar", buf, 0), 0);
    CHECK_INT(clipboard_osc52("", buf, strlen(OSC BEL)), 0);
    CHECK_INT(clipboard_osc52("", buf, strlen(OSC BEL) + 1), strlen(OSC BEL));

    /* 64 KiB is the limit. */
    char *big = malloc(65538);
    memset(big, 'a', 65537);
    big[65537] = '\0';
    size_t size = 8 + 65540 / 3 * 4 + 2 + 16;
    char *out = malloc(size);
    CHECK_INT(clipboard_osc52(big, out, size), 0);
    big[65536] = '\0';
    size_t n = clipboard_osc52(big, out, size);
    CHECK_INT(n, strlen(OSC) + 87384 + 1);
    CHECK(n > 0 && strncmp(out + strlen(OSC), "YWFh", 4) == 0 && out[n - 1] == '\x07');
    CHECK_INT(clipboard_copy(-1, big), -1);
    big[65536] = 'a';
    int fds[2];
    CHECK(pipe(fds) == 0);
    CHECK_INT(clipboard_copy(fds[1], big), -1);
    free(big);
    free(out);

    /* Refused text writes nothing. */
    CHECK_INT(clipboard_copy(fds[1], "a\nb"), -1);
    CHECK_INT(clipboard_copy(fds[1], NULL), -1);
    close(fds[1]);
    char c;
    CHECK_INT(read(fds[0], &c, 1), 0);
    close(fds[0]);
}

static void test_copy_pipe(void)
{
    int fds[2];
    CHECK(pipe(fds) == 0);
    CHECK_INT(clipboard_copy(fds[1], "https://arxiv.org/abs/2106.09685"), 0);
    close(fds[1]);
    char buf[256];
    ssize_t n = read(fds[0], buf, sizeof buf - 1);
    close(fds[0]);
    buf[n > 0 ? n : 0] = '\0';
    CHECK_STR(buf, OSC "aHR0cHM6Ly9hcnhpdi5vcmcvYWJzLzIxMDYuMDk2ODU=" BEL);
}

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
}

/* 64 KiB of text is 87 KiB of sequence, more than a pipe holds: a child
 * writes it while a timer interrupts it (no SA_RESTART) and the parent reads
 * slowly, so writes come back partial or with EINTR. */
static void test_copy_interrupted(void)
{
    size_t len = 65536;
    char *text = malloc(len + 1);
    for (size_t i = 0; i < len; i++)
        text[i] = (char)('a' + i % 26);
    text[len] = '\0';
    size_t size = 16 + (len + 2) / 3 * 4;
    char *want = malloc(size);
    size_t want_len = clipboard_osc52(text, want, size);
    CHECK(want_len > 65536);

    int fds[2];
    CHECK(pipe(fds) == 0);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_alarm;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGALRM, &sa, NULL);
        struct itimerval it = {{0, 1000}, {0, 1000}};
        setitimer(ITIMER_REAL, &it, NULL);
        int rc = clipboard_copy(fds[1], text);
        struct itimerval off = {{0, 0}, {0, 0}};
        setitimer(ITIMER_REAL, &off, NULL);
        _exit(rc == 0 && alarms > 0 ? 0 : 1);
    }
    close(fds[1]);
    char *got = malloc(want_len + 1);
    size_t have = 0;
    struct timespec pause = {0, 50 * 1000000L};
    nanosleep(&pause, NULL);
    for (;;) {
        /* never more than the buffer holds: one byte past the sequence
         * shows a writer that sends too much */
        size_t room = want_len + 1 - have;
        ssize_t n = read(fds[0], got + have, room < 4096 ? room : 4096);
        if (n == -1 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        have += (size_t)n;
        if (have > want_len)
            break;
        struct timespec tick = {0, 1000000L};
        nanosleep(&tick, NULL);
    }
    close(fds[0]);
    int status = -1;
    while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
        ;
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK_INT(have, want_len);
    CHECK(have == want_len && memcmp(got, want, want_len) == 0);
    free(got);
    free(want);
    free(text);
}

int main(void)
{
    RUN(test_vectors);
    RUN(test_round_trip);
    RUN(test_refusals);
    RUN(test_copy_pipe);
    RUN(test_copy_interrupted);
    return check_summary();
}
