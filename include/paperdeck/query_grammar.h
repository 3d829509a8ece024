/* query_grammar: the terms of the query language (query.h), listed once
 * for people. `paperdeck --help`, the browser's ? screen and the QUERIES
 * section of the manual page (docs/paperdeck.1, checked by
 * tests/cli/test_grammar.sh) all show this table; tests/unit/test_query_grammar.c
 * checks it against the parser: every syntax compiles with query_compile,
 * and every field name the parser takes is named here. */
#ifndef PAPERDECK_QUERY_GRAMMAR_H
#define PAPERDECK_QUERY_GRAMMAR_H

#include <stddef.h>

typedef struct query_grammar_term {
    const char *syntax;  /* a term as typed, itself a valid query: "year:>=2021";
                          * ASCII, at most 12 characters (--help's column) */
    const char *meaning; /* ASCII, at most 54 characters (the ? screen's room) */
} query_grammar_term;

/* What holds between terms, one line: "space-separated terms must all hold". */
extern const char query_grammar_intro[];
extern const query_grammar_term query_grammar[];
extern const size_t query_grammar_count;

#endif
