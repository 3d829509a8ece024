/* bibtex: a BibTeX entry for a paper, built offline from its metadata.
 *
 *   @inproceedings{lora2022low,
 *     title = {{LoRA}: Low-Rank Adaptation of Large Language Models},
 *     booktitle = {ICLR 2022},
 *     year = {2022},
 *     eprint = {2106.09685},
 *     archivePrefix = {arXiv},
 *     url = {https://arxiv.org/abs/2106.09685},
 *   }
 *
 * Entry type: a paper with a journal-like venue ("Transactions", "Journal",
 * JMLR, TMLR...) is an @article (journal = venue); a paper with any other
 * venue an @inproceedings (booktitle = venue); everything else (a preprint
 * without a venue, a blog, a project, a link) @misc, where a venue goes to
 * note. arXiv papers get eprint (the id without its version) and
 * archivePrefix; primaryClass and doi come from the fetched arXiv record,
 * when there is one (left out without).
 *
 * Citation key: lower-case ASCII letters and digits: the first author's
 * surname, the year and the first significant title word ("hu2022lora");
 * without authors the first significant title word takes the surname's place
 * and the second the word's ("lora2022low"). Within one output a repeated key
 * gets a suffix: b, c, ... (the first keeps the bare key).
 *
 * Text fields are escaped for LaTeX (& % $ # _ become \& ..., { } ~ ^ \
 * become \textbraceleft{} ...), so braces in every value balance, which
 * BibTeX needs; non-ASCII text stays UTF-8 (biber and bibtex8/bibtexu read
 * it). In titles, words with capitals after their first letter or mixed
 * letters and digits ("LoRA", "GPT", "Llama2") are braced so styles keep
 * their case. URLs are written as they are, with braces, backslashes and
 * blanks percent-encoded. */
#ifndef PAPERDECK_BIBTEX_H
#define PAPERDECK_BIBTEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "paperdeck/arxiv_record.h"
#include "paperdeck/catalog.h"
#include "paperdeck/index.h"

#define BIBTEX_KEY_MAX 64

/* The keys used so far in one output, for deduplication. */
typedef struct bibtex_keys bibtex_keys;
bibtex_keys *bibtex_keys_new(void);
void bibtex_keys_free(bibtex_keys *k);

/* The citation key of e before deduplication; returns its length. */
size_t bibtex_key(const entry *e, char buf[BIBTEX_KEY_MAX]);

/* "article", "inproceedings" or "misc", as chosen above. */
const char *bibtex_type(const entry *e);

/* Appends s escaped for a BibTeX brace-delimited LaTeX field to out
 * (NUL-terminated, at most size - 1 bytes, never a partial escape or code
 * point). protect_case braces the words described above. Returns the length
 * the whole result needs (like snprintf). */
size_t bibtex_escape(const char *s, bool protect_case, char *out, size_t size);

/* One entry, ending in a newline; keys (may be NULL) deduplicates the key
 * and records it. Returns a malloc'd string. */
char *bibtex_entry(const catalog *c, const entry *e, bibtex_keys *keys);
/* bibtex_entry with e's fetched arXiv record r (NULL: none): its authors
 * replace the list's, its first version's year a year the list did not
 * write, and it adds primaryClass and doi. */
char *bibtex_entry_with(const catalog *c, const entry *e, const arxiv_record *r, bibtex_keys *keys);

/* The entries of v, in order, separated by blank lines, with the arXiv
 * records ix holds (ix may be NULL). 0, or -1 on a write error. */
int bibtex_write(FILE *out, const catalog *c, const view *v, const paper_index *ix);

#endif
