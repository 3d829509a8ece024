/* query_grammar: the query terms as shown to people; see query_grammar.h.
 * The parser's own description is at the top of query.c. */
#include "paperdeck/query_grammar.h"

const char query_grammar_intro[] = "space-separated terms must all hold";

const query_grammar_term query_grammar[] = {
    {"word", "fuzzy on the title (smart case, accents ignored)"},
    {"/regex/", "PCRE2 regex on the title (caseless without capitals)"},
    {"'word", "exact substring of the title (smart case)"},
    {"venue:iclr", "substring of a field: venue org tag author title cat"},
    {"arxiv:2106", "prefix of the arXiv id"},
    {"kind:paper", "also kind:blog, kind:project, kind:link"},
    {"year:>=2021", "also year:2021, year:<2020, year:2019..2021"},
    {"is:starred", "your marks: also is:read, is:unread, is:new"},
    {"venue:/re/", "regex on a field (any but is:)"},
    {"!term", "negation"},
    {"a | b", "either"},
    {"\"two words\"", "quoting; \\ makes the next character plain"},
};

const size_t query_grammar_count = sizeof query_grammar / sizeof query_grammar[0];
