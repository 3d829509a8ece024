/* embedded: the default list compiled into the binary (data/efficiency.yaml,
 * turned into C by cmake/embed.cmake at build time). */
#ifndef PAPERDECK_EMBEDDED_H
#define PAPERDECK_EMBEDDED_H

#include <stddef.h>

extern const char embedded_list_name[];
extern const unsigned char embedded_list_data[];
extern const size_t embedded_list_size;

#endif
