/* fixture.h: the tests' web server (tests/net/fixture_server.py) for the
 * unit tests that fetch. fixture_start runs it on 127.0.0.1 on a port the
 * system chooses, serving SCRATCH/root (arXiv entries from SCRATCH/root/arxiv)
 * and logging every request to SCRATCH/log; fixture_stop ends it. Header
 * only, as check.h, so any tests/unit/test_*.c may include it. */
#ifndef PAPERDECK_FIXTURE_H
#define PAPERDECK_FIXTURE_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    pid_t pid;      /* the server; 0 once stopped */
    char base[64];  /* "http://127.0.0.1:PORT", no slash at the end */
    char root[512]; /* the served directory */
    char log[512];  /* the request log, one JSON line a request */
} fixture_server;

/* The text of path (at most 64 KiB, in a static buffer); "" if unreadable. */
static inline const char *fixture_read(const char *path)
{
    static char buf[1 << 16];
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = '\0';
    return buf;
}

/* Writes text to ROOT/name (name may be "arxiv/ID.xml"); false on failure. */
static inline bool fixture_write(const fixture_server *s, const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", s->root, name);
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    bool ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok;
}

static inline void fixture_stop(fixture_server *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        waitpid(s->pid, NULL, 0);
    }
    s->pid = 0;
}

/* Starts the server with its files under scratch and waits (10 s at most)
 * until it listens; false, with the reason on stderr, if it never does.
 * With tls_pem (a certificate and key in one PEM) it serves https. */
static inline bool fixture_start_tls(fixture_server *s, const char *scratch, const char *tls_pem)
{
    char portfile[512], arxiv[600];
    snprintf(s->root, sizeof s->root, "%s/root", scratch);
    snprintf(s->log, sizeof s->log, "%s/log", scratch);
    snprintf(portfile, sizeof portfile, "%s/port%s", scratch, tls_pem ? "-tls" : "");
    snprintf(arxiv, sizeof arxiv, "%s/arxiv", s->root);
    mkdir(s->root, 0755);
    mkdir(arxiv, 0755);
    fflush(NULL);
    s->pid = fork();
    if (s->pid == 0) {
        execlp("python3", "python3", SOURCE_DIR "/tests/net/fixture_server.py", "--root", s->root,
               "--port-file", portfile, "--log", s->log, tls_pem ? "--tls" : (char *)NULL, tls_pem,
               (char *)NULL);
        _exit(127);
    }
    for (int i = 0; s->pid > 0 && i < 200; i++) {
        int port = atoi(fixture_read(portfile));
        if (port > 0) {
            snprintf(s->base, sizeof s->base, "%s://127.0.0.1:%d", tls_pem ? "https" : "http",
                     port);
            return true;
        }
        struct timespec tick = {0, 50 * 1000000L};
        nanosleep(&tick, NULL);
    }
    fprintf(stderr, "the fixture server did not start (python3?)\n");
    fixture_stop(s);
    return false;
}

static inline bool fixture_start(fixture_server *s, const char *scratch)
{
    return fixture_start_tls(s, scratch, NULL);
}

#endif
