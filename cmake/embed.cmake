# Turns INPUT into a C source defining the bytes of the embedded default list.
file(READ ${INPUT} _hex HEX)
string(LENGTH "${_hex}" _hexlen)
math(EXPR _len "${_hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," _bytes "${_hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" _bytes "${_bytes}")
file(WRITE ${OUTPUT}.tmp
"/* Generated from data/efficiency.yaml by cmake/embed.cmake; do not edit. */\n"
"#include <stddef.h>\n"
"const char embedded_list_name[] = \"efficiency.yaml\";\n"
"const unsigned char embedded_list_data[] = {\n${_bytes}0x00};\n"
"const size_t embedded_list_size = ${_len};\n")
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
