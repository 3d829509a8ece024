/* main: picks the command (browse when the first argument names none),
 * lets it read its options and runs it; the commands are in src/cmd/. */
#include <stddef.h>
#include <string.h>

#include "cmd/cmd.h"

/* In --help's order. */
static const cmd_entry *const commands[] = {
    &cmd_browse_entry, &cmd_list_entry,     &cmd_check_entry,  &cmd_import_entry,
    &cmd_follow_entry, &cmd_unfollow_entry, &cmd_update_entry,
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const cmd_entry *command_named(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    return NULL;
}

int main(int argc, char **argv)
{
    const cmd_entry *cmd = argc > 1 ? command_named(argv[1]) : NULL;
    int first = cmd ? 1 : 0; /* argv[first] stands where the program name does */
    if (!cmd)
        cmd = &cmd_browse_entry;
    cmd_args a = {0};
    int status = cmd_parse(cmd, argc - first, argv + first, &a, commands, NCOMMANDS);
    if (status < 0)
        status = cmd->exec(&a);
    cmd_args_free(&a);
    return status;
}
