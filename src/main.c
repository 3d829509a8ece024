/* main: placeholder until the command line lands. */
#include <stdio.h>
int main(void)
{
    puts("paperdeck");
    return 0;
}
