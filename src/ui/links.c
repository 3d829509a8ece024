/* links: opening the selected entry's links in the browser and copying
 * them, as the detail view numbers them. */
#include <errno.h>
#include <string.h>

#include "app.h"
#include "paperdeck/arxiv.h"
#include "paperdeck/clipboard.h"
#include "paperdeck/opener.h"
#include "term.h"

/* Tries the opener's commands in order. A terminal browser (no graphical
 * session) gets the terminal: curses steps aside and comes back after. */
static void open_url(app *a, const char *url)
{
    opener_env env;
    opener_env_from_process(&env);
    static opener_plan plan; /* 8 KiB of argv storage: kept off the stack */
    char why[256] = "cannot open this link";
    if (!opener_plan_for(url, &env, &plan, why, sizeof why)) {
        app_message(a, true, "%s", why);
        return;
    }
    int err = ENOENT;
    const char *tried = "no browser";
    for (int i = 0; i < plan.ncommands; i++) {
        const opener_command *cmd = &plan.commands[i];
        tried = cmd->argv[0];
        int rc;
        if (cmd->terminal) {
            term_leave();
            rc = opener_run_foreground(cmd);
            err = errno;
            term_return();
            app_resync_size(a);
        } else {
            rc = opener_spawn_detached(cmd);
            err = errno;
        }
        if (rc == 0) {
            app_message(a, false, "opened %s", url);
            return;
        }
    }
    app_message(a, true, "cannot open %s: %s: %s", url, tried, strerror(err));
}

bool links_get(app *a, int n, ui_link *out)
{
    const entry *e = app_selected(a);
    if (!e) {
        app_message(a, true, "no entry selected");
        return false;
    }
    ui_link links[UI_MAX_LINKS];
    int count = detail_links(a->b.cat, e, links, UI_MAX_LINKS);
    if (n < 1 || n > count) {
        if (count == 0)
            app_message(a, true, "this entry has no link");
        else
            app_message(a, true, "no link %d: this entry has %d", n, count);
        return false;
    }
    *out = links[n - 1];
    return true;
}

void links_open(app *a, int n)
{
    static ui_link l; /* a URL buffer of 4 KiB: off the stack too */
    if (links_get(a, n, &l))
        open_url(a, l.url);
}

void links_open_pdf(app *a)
{
    const entry *e = app_selected(a);
    if (!e) {
        app_message(a, true, "no entry selected");
        return;
    }
    if (!e->arxiv) {
        app_message(a, true, "no arXiv id, so no PDF link");
        return;
    }
    char url[UI_URL_MAX];
    arxiv_pdf_url(e->arxiv, url, sizeof url);
    open_url(a, url);
}

void links_copy(app *a)
{
    static ui_link l;
    if (!links_get(a, 1, &l))
        return;
    /* Written between two screen updates, so it never splits curses' output. */
    unsigned how = clipboard_put(a->tty_fd, l.url, false);
    if (how)
        app_message(a, false, "%s: %s", clipboard_said(how), l.url);
    else
        app_message(a, true, "cannot copy %s", l.url);
}
