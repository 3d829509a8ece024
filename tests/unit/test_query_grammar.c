/* Unit tests: the query grammar's table (query_grammar.h) against the
 * parser: every term compiles, every field the parser takes is named, and
 * the texts fit where --help and the ? screen put them. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "paperdeck/field.h"
#include "paperdeck/query.h"
#include "paperdeck/query_grammar.h"

/* True when word stands in text as a word of its own (letters around it do
 * not count: "is" is not in "this"). */
static bool has_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = text; (p = strstr(p, word)) != NULL; p++) {
        bool start = p == text || !((p[-1] >= 'a' && p[-1] <= 'z') || p[-1] == '\'');
        char after = p[n];
        if (start && !(after >= 'a' && after <= 'z'))
            return true;
    }
    return false;
}

static bool in_table(const char *word)
{
    for (size_t i = 0; i < query_grammar_count; i++)
        if (has_word(query_grammar[i].syntax, word) || has_word(query_grammar[i].meaning, word))
            return true;
    return false;
}

static bool ascii_only(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return false;
    return true;
}

static void test_terms_compile(void)
{
    CHECK(query_grammar_count >= 10);
    for (size_t i = 0; i < query_grammar_count; i++) {
        const query_grammar_term *t = &query_grammar[i];
        query_error err;
        query *q = query_compile(t->syntax, &err);
        if (!q)
            fprintf(stderr, "  '%s': %s\n", t->syntax, err.msg);
        CHECK(q != NULL);
        query_free(q);
        CHECK(strlen(t->syntax) > 0 && strlen(t->syntax) <= 12);
        CHECK(strlen(t->meaning) > 0 && strlen(t->meaning) <= 54);
        CHECK(ascii_only(t->syntax) && ascii_only(t->meaning));
        /* --help and the ? screen tell syntax and meaning apart by a gap of
         * two blanks */
        CHECK(strstr(t->syntax, "  ") == NULL);
    }
    CHECK(strlen(query_grammar_intro) > 0);
}

/* The parser names every field it takes when it meets one it does not:
 * "unknown field "zzzz": expected venue, year, ... or is". Each must be in
 * the table, and must be a field indeed. */
static void test_every_field_named(void)
{
    query_error err;
    query *q = query_compile("zzzz:x", &err);
    CHECK(q == NULL);
    query_free(q);
    const char *list = strstr(err.msg, "expected ");
    CHECK(list != NULL);
    if (!list)
        return;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", list + strlen("expected "));
    buf[strcspn(buf, ";")] = '\0';
    int names = 0;
    char *save = NULL;
    for (char *w = strtok_r(buf, ", ", &save); w; w = strtok_r(NULL, ", ", &save)) {
        if (strcmp(w, "or") == 0)
            continue;
        names++;
        if (!in_table(w))
            fprintf(stderr, "  field '%s' of the parser is not in the grammar table\n", w);
        CHECK(in_table(w));
        char probe[64];
        snprintf(probe, sizeof probe, "%s:%s", w, strcmp(w, "is") == 0 ? "read" : "/x/");
        q = query_compile(probe, &err);
        CHECK(q != NULL);
        query_free(q);
    }
    CHECK(names >= 10);
}

/* The table columns' query fields are the grammar's too. */
static void test_column_fields_named(void)
{
    for (int c = 0; c < FIELD_COL_COUNT; c++)
        CHECK(in_table(field_get((field_col)c)->query_name));
}

int main(void)
{
    RUN(test_terms_compile);
    RUN(test_every_field_named);
    RUN(test_column_fields_named);
    return check_summary();
}
