/* arxiv: arXiv identifiers (new style 2106.09685[v2], old style cs/0112017),
 * the dates they encode, their abs/pdf URLs, and years in venue text. */
#ifndef PAPERDECK_ARXIV_H
#define PAPERDECK_ARXIV_H

#include <stdbool.h>
#include <stddef.h>

#define ARXIV_ID_MAX 48

/* Finds the arXiv id in s[0..n): a bare id, "arXiv:ID", or an
 * arxiv.org/abs|pdf|html URL (".pdf" suffix allowed). Writes the id with its
 * version suffix, if any, to out. False when s holds no well-formed id
 * (month 01-12, 4 or 5 digit number for new ids, known archive for old). */
bool arxiv_parse(const char *s, size_t n, char out[ARXIV_ID_MAX]);
/* True when id is exactly a well-formed id (what the YAML loader accepts). */
bool arxiv_valid(const char *id);
/* Year (4 digits) and month encoded in a valid id. */
bool arxiv_date(const char *id, int *year, int *month);
/* Length of id without its version suffix ("2106.09685v2" -> 10). */
size_t arxiv_base_len(const char *id);
/* https://arxiv.org/abs/ID and https://arxiv.org/pdf/ID; snprintf semantics. */
int arxiv_abs_url(const char *id, char *buf, size_t size);
int arxiv_pdf_url(const char *id, char *buf, size_t size);
/* The year in free text: a 4-digit 19xx/20xx standing alone ("ICLR 2022",
 * "2023-10") or an apostrophe year ("NeurIPS'23"). 0 when there is none. */
int year_in_text(const char *s);

#endif
