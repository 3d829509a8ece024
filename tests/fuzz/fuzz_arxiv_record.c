/* libFuzzer target: the arXiv API's Atom answer (arxiv_atom_parse), as the
 * network may bring it: cut, mutated, foreign. Besides "no crash, no leak"
 * it checks the contracts the fetch and the store rely on:
 *   - a failure leaves an empty feed and a one-line reason that is valid
 *     UTF-8 (it quotes the answer's text);
 *   - a success gives records with a valid arXiv id (no version), valid
 *     UTF-8 fields, no empty author or category, the primary one first;
 *   - the records go into a store and are found there by their id. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paperdeck/arxiv.h"
#include "paperdeck/arxiv_record.h"
#include "paperdeck/arxiv_store.h"
#include "paperdeck/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
    fprintf(stderr, "contract broken: %s\n", what);
    abort();
}

static void check_text(const char *s)
{
    if (s && (!*s || !utf8_validate(s, strlen(s), NULL)))
        die("an empty or invalid UTF-8 field");
}

static void check_record(const arxiv_record *r)
{
    if (!arxiv_valid(r->id) || arxiv_base_len(r->id) != strlen(r->id))
        die("a record without a valid base id");
    const char *const text[] = {r->title,   r->abstract,    r->published, r->updated,
                                r->comment, r->journal_ref, r->doi};
    for (size_t i = 0; i < sizeof text / sizeof *text; i++)
        check_text(text[i]);
    for (uint32_t i = 0; i < r->nauthors; i++)
        check_text(r->authors[i]);
    for (uint32_t i = 0; i < r->ncats; i++)
        check_text(r->cats[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arxiv_feed f;
    char err[256] = "";
    if (arxiv_atom_parse((const char *)data, size, 1700000000, &f, err, sizeof err) != 0) {
        if (f.n || f.recs || f.nerrors || f.errors)
            die("a failure that kept records");
        if (!err[0] || strchr(err, '\n') || !utf8_validate(err, strlen(err), NULL))
            die("a failure's reason is empty, not one line or not valid UTF-8");
        return 0;
    }
    for (size_t i = 0; i < f.nerrors; i++)
        check_text(f.errors[i]);
    arxiv_store *s = arxiv_store_new();
    for (size_t i = 0; i < f.n; i++) {
        check_record(&f.recs[i]);
        char id[ARXIV_ID_MAX];
        memcpy(id, f.recs[i].id, sizeof id);
        arxiv_store_put(s, &f.recs[i]);
        if (!arxiv_store_get(s, id))
            die("a record put in the store is not found by its id");
    }
    arxiv_store_free(s);
    arxiv_feed_free(&f);
    return 0;
}
