/* opener: open a URL in the system browser, safely.
 *
 * Links come from lists other people wrote, so a URL is untrusted data: only
 * http and https URLs are opened, always as one element of an argument
 * vector (never through a shell), and the browser is started detached
 * (setsid) with stdin, stdout and stderr on /dev/null so nothing it prints
 * reaches the screen.
 *
 * The browser is chosen as newsboat users expect: $BROWSER (a colon-separated
 * list of commands, the first that runs wins; "%s" in a command is replaced
 * by the URL, else the URL is appended), else xdg-open, else open (macOS).
 * Without a graphical session (no DISPLAY or WAYLAND_DISPLAY, not macOS) a
 * terminal browser (w3m, lynx, links, elinks, ...) needs the terminal: the
 * plan says so and the caller leaves curses and runs it in the foreground. */
#ifndef PAPERDECK_OPENER_H
#define PAPERDECK_OPENER_H

#include <stdbool.h>
#include <stddef.h>

#define OPENER_MAX_ARGS 32
#define OPENER_MAX_COMMANDS 8

/* One candidate command: argv ready for execvp, URL already in place. */
typedef struct opener_command {
    char *argv[OPENER_MAX_ARGS + 1]; /* NULL-terminated; strings point into storage */
    int argc;
    bool terminal; /* a terminal browser that needs the tty */
} opener_command;

/* The candidates for one URL, in the order they are to be tried. */
typedef struct opener_plan {
    opener_command commands[OPENER_MAX_COMMANDS];
    int ncommands;
    char storage[8192]; /* backing store of every argv string */
} opener_plan;

/* Where the environment comes from; tests pass their own. NULL members mean
 * "unset". */
typedef struct opener_env {
    const char *browser;         /* $BROWSER */
    const char *display;         /* $DISPLAY */
    const char *wayland_display; /* $WAYLAND_DISPLAY */
    bool macos;
} opener_env;

/* Fills env from the process environment. */
void opener_env_from_process(opener_env *env);

/* True for an http:// or https:// URL (scheme case-insensitive) with a host,
 * no control characters, no spaces, at most 4096 bytes. Otherwise false, with
 * a short reason in err (when not NULL; left alone on success), e.g. "only
 * http and https links are opened (this one is file:)". */
bool opener_url_allowed(const char *url, char *err, size_t errsize);

/* Builds the candidate commands for url. False (with the reason in err, as
 * above) when the URL is not allowed or no command can be formed. */
bool opener_plan_for(const char *url, const opener_env *env, opener_plan *plan, char *err,
                     size_t errsize);

/* Starts cmd detached: double fork, setsid, stdio on /dev/null, execvp.
 * Returns 0 when exec succeeded (reported back through a close-on-exec
 * pipe), else -1 with errno (ENOENT when the command is missing, EINVAL for
 * an empty command). */
int opener_spawn_detached(const opener_command *cmd);

/* Runs cmd in the foreground on the current terminal and waits for it.
 * Returns 0 when it ran (whatever its exit status), else -1 with errno. The
 * caller must have left curses first. */
int opener_run_foreground(const opener_command *cmd);

/* Runs cmd with input[0..len) on its stdin, its stdout and stderr on
 * /dev/null, and waits for it (a helper such as tmux load-buffer). Returns
 * its exit status (128+N when signal N ended it), or -1 with errno when it
 * could not run (ENOENT when the command is missing). */
int opener_run_with_input(const opener_command *cmd, const char *input, size_t len);

/* Opens url: tries the plan's commands in order, detached, skipping
 * terminal ones (callers that can hand over the terminal use the plan
 * directly). Writes a message for the status line into msg, e.g.
 * "opened https://arxiv.org/abs/2106.09685" or why it failed. Returns 0 on
 * success, else -1 with errno: EINVAL (link refused), ENOENT (no browser
 * found), ENOTTY (only terminal browsers), or the last exec failure. */
int opener_open(const char *url, const opener_env *env, char *msg, size_t size);

#endif
