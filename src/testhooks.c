/* testhooks: the test knobs read from the environment; see testhooks.h. */
#include "paperdeck/testhooks.h"

#include <stdlib.h>

long testhooks_env_ms(const char *name)
{
    const char *v = getenv(name);
    return v ? strtol(v, NULL, 10) : 0;
}
