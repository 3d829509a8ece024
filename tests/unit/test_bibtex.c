/* Unit tests: bibtex: citation keys, escaping, entry types, whole entries;
 * and `paperdeck list -f bibtex` (the real binary, on the built-in list and
 * a fixture of awkward cases) read back by a strict parser of the BibTeX
 * subset we write: balanced braces, unique keys, known types, the fields
 * each type requires, no raw LaTeX specials outside urls. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paperdeck/bibtex.h"
#include "paperdeck/catalog.h"
#include "check.h"

static catalog *cat;

static entry *add(const char *title, const char *venue, const char *arxiv, int year,
                  entry_kind kind, const char *author)
{
    entry *e = catalog_add_entry(cat);
    arena *ar = catalog_arena(cat);
    e->title = arena_strdup(ar, title);
    e->venue = venue ? arena_strdup(ar, venue) : NULL;
    e->arxiv = arxiv ? arena_strdup(ar, arxiv) : NULL;
    e->year = (int16_t)year;
    e->kind = (uint8_t)kind;
    if (author) {
        const char **a = arena_alloc(ar, sizeof *a);
        a[0] = arena_strdup(ar, author);
        e->authors = a;
        e->nauthors = 1;
    }
    return e;
}

static const char *key_of(const entry *e)
{
    static char k[BIBTEX_KEY_MAX];
    bibtex_key(e, k);
    return k;
}

static void test_keys(void)
{
    cat = catalog_new();
    catalog_open_section(cat, "S", 1);
    add("LoRA: Low-Rank Adaptation of Large Language Models", "ICLR 2022", "2106.09685", 2022,
        KIND_PAPER, "Edward J. Hu");
    add("LoRA: Low-Rank Adaptation of Large Language Models", NULL, NULL, 2022, KIND_PAPER, NULL);
    add("The Illustrated Transformer", NULL, NULL, 0, KIND_BLOG, NULL);
    add("On the Nyström Method", NULL, NULL, 2005, KIND_PAPER, "Drineas, Petros");
    add("Über Alles", NULL, NULL, 1999, KIND_PAPER, "Jörg Müller Jr.");
    add("线性Attention的探索：Attention必须有个Softmax吗？", NULL, NULL, 0, KIND_BLOG, "苏剑林");
    add("为节约而生", NULL, NULL, 2023, KIND_BLOG, NULL);
    add("A Very Very Long Titlewordthatgoesonandonandonforever Here", NULL, NULL, 2020, KIND_PAPER,
        "Supercalifragilisticexpialidocious-Smith");
    catalog_close_section(cat);
    catalog_finish(cat);
    const entry *e = cat->entries;
    CHECK_STR(key_of(&e[0]), "hu2022lora");
    CHECK_STR(key_of(&e[1]), "lora2022low");            /* no author: two title words */
    CHECK_STR(key_of(&e[2]), "illustratedtransformer"); /* no year */
    CHECK_STR(key_of(&e[3]), "drineas2005nystrom");     /* "Surname, Given"; accents folded */
    CHECK_STR(key_of(&e[4]), "muller1999uber");         /* the last word but a suffix */
    CHECK_STR(key_of(&e[5]), "attentionsoftmax");       /* non-Latin name: title words */
    CHECK_STR(key_of(&e[6]), "entry2023");
    CHECK_STR(key_of(&e[7]), "supercalifragilistic2020very"); /* words capped at 20 */

    /* deduplication within one output: b, c, ... */
    bibtex_keys *k = bibtex_keys_new();
    const char *want[] = {"hu2022lora", "hu2022lorab", "hu2022lorac"};
    for (int i = 0; i < 3; i++) {
        char *s = bibtex_entry(cat, &e[0], k);
        char expect[64];
        snprintf(expect, sizeof expect, "@inproceedings{%s,\n", want[i]);
        CHECK(strncmp(s, expect, strlen(expect)) == 0);
        free(s);
    }
    char *s = bibtex_entry(cat, &e[1], k);
    CHECK(strncmp(s, "@misc{lora2022low,\n", 19) == 0);
    free(s);
    bibtex_keys_free(k);
    /* without a key set there is no suffix */
    s = bibtex_entry(cat, &e[0], NULL);
    CHECK(strncmp(s, "@inproceedings{hu2022lora,\n", 27) == 0);
    free(s);
    catalog_free(cat);
}

static const char *esc(const char *s, bool protect)
{
    static char buf[512];
    size_t n = bibtex_escape(s, protect, buf, sizeof buf);
    CHECK_INT(n, strlen(buf));
    return buf;
}

static void test_escape(void)
{
    CHECK_STR(esc("a & b % c $ d # e _ f", false), "a \\& b \\% c \\$ d \\# e \\_ f");
    CHECK_STR(esc("{x} ~ ^ \\", false),
              "\\textbraceleft{}x\\textbraceright{} \\textasciitilde{} \\textasciicircum{} "
              "\\textbackslash{}");
    CHECK_STR(esc("Café Ωmega 线性", false), "Café Ωmega 线性"); /* UTF-8 kept */
    CHECK_STR(esc("tab\there\x1b[0m", false), "tab here [0m");   /* controls: blanks */
    /* case protection: inner capitals, letters with digits; not Title Case */
    CHECK_STR(esc("LoRA: Low-Rank Adaptation of GPT-3 and Llama2", true),
              "{LoRA}: Low-Rank Adaptation of {GPT}-3 and {Llama2}");
    CHECK_STR(esc("Transformers are RNNs", true), "Transformers are {RNNs}");
    CHECK_STR(esc("A Study", true), "A Study");
    CHECK_STR(esc("x_Y", true), "{x\\_Y}");
    CHECK_STR(esc("Nyströmformer: NYSTRÖM", true), "Nyströmformer: {NYSTRÖM}");
    /* the length of the whole result, and never half an escape */
    char small[6];
    CHECK_INT(bibtex_escape("ab&cd", false, small, sizeof small), 6);
    CHECK_STR(small, "ab\\&c");
    CHECK_INT(bibtex_escape("ab{", false, small, sizeof small), 18);
    CHECK_STR(small, "ab");
    CHECK_INT(bibtex_escape("éé", false, small, 4), 4);
    CHECK_STR(small, "é");
    CHECK_INT(bibtex_escape("x", false, NULL, 0), 1);
}

static void test_types_and_entries(void)
{
    cat = catalog_new();
    catalog_open_section(cat, "S", 1);
    add("P", "ICLR 2022", NULL, 2022, KIND_PAPER, NULL);
    add("P", "IEEE Transactions on Pattern Analysis", NULL, 2020, KIND_PAPER, NULL);
    add("P", "JMLR", NULL, 2020, KIND_PAPER, NULL);
    add("P", "arXiv preprint", "2301.00001", 2023, KIND_PAPER, NULL);
    add("P", NULL, "2301.00001", 2023, KIND_PAPER, NULL);
    add("B", "ICLR Blog Track", NULL, 2023, KIND_BLOG, NULL);
    add("Q", NULL, NULL, 0, KIND_PROJECT, NULL);
    entry *e = add("Linformer: Self-Attention with Linear Complexity", "NeurIPS 2020",
                   "2006.04768v3", 2020, KIND_PAPER, "Sinong Wang");
    e->url = "https://example.com/ignored-when-arxiv";
    catalog_close_section(cat);
    catalog_finish(cat);
    const entry *x = cat->entries;
    CHECK_STR(bibtex_type(&x[0]), "inproceedings");
    CHECK_STR(bibtex_type(&x[1]), "article");
    CHECK_STR(bibtex_type(&x[2]), "article");
    CHECK_STR(bibtex_type(&x[3]), "misc");
    CHECK_STR(bibtex_type(&x[4]), "misc");
    CHECK_STR(bibtex_type(&x[5]), "misc");
    CHECK_STR(bibtex_type(&x[6]), "misc");

    char *s = bibtex_entry(cat, &x[7], NULL);
    CHECK_STR(s, "@inproceedings{wang2020linformer,\n"
                 "  author = {Sinong Wang},\n"
                 "  title = {Linformer: Self-Attention with Linear Complexity},\n"
                 "  booktitle = {{NeurIPS} 2020},\n"
                 "  year = {2020},\n"
                 "  eprint = {2006.04768},\n"
                 "  archivePrefix = {arXiv},\n"
                 "  url = {https://arxiv.org/abs/2006.04768v3},\n"
                 "}\n");
    free(s);
    s = bibtex_entry(cat, &x[1], NULL);
    CHECK(strstr(s, "  journal = {IEEE Transactions on Pattern Analysis},\n") != NULL);
    CHECK(strstr(s, "booktitle") == NULL);
    free(s);
    s = bibtex_entry(cat, &x[3], NULL); /* the preprint venue says nothing eprint does not */
    CHECK(strstr(s, "note") == NULL);
    CHECK(strstr(s, "  eprint = {2301.00001},\n  archivePrefix = {arXiv},\n") != NULL);
    CHECK(strstr(s, "primaryClass") == NULL);
    free(s);
    s = bibtex_entry(cat, &x[5], NULL);
    CHECK(strstr(s, "  note = {Blog post, ICLR Blog Track},\n") != NULL);
    free(s);
    s = bibtex_entry(cat, &x[6], NULL);
    CHECK_STR(s, "@misc{q,\n  title = {Q},\n  note = {Software project},\n}\n");
    free(s);
    catalog_free(cat);
}

/* --- a strict reader of what we write ------------------------------------ */

typedef struct bibcheck {
    char err[256];
    int entries;
    char keys[512][BIBTEX_KEY_MAX];
} bibcheck;

static int line_of(const char *start, const char *p)
{
    int n = 1;
    for (; start < p; start++)
        n += *start == '\n';
    return n;
}

static bool bad(bibcheck *b, const char *start, const char *p, const char *what)
{
    snprintf(b->err, sizeof b->err, "line %d: %s", line_of(start, p), what);
    return false;
}

/* A {...} value at *p: balanced, and outside url no raw special. */
static bool read_value(bibcheck *b, const char *start, const char **p, bool is_url)
{
    const char *s = *p;
    if (*s != '{')
        return bad(b, start, s, "expected {value}");
    int depth = 0;
    for (; *s; s++) {
        if (*s == '{') {
            depth++;
        } else if (*s == '}') {
            if (--depth == 0) {
                *p = s + 1;
                return true;
            }
        } else if (*s == '\\' && !is_url) {
            s++; /* \% \& ...; \textbraceleft{} keeps counting its own braces */
            if (*s == '{' || *s == '}')
                return bad(b, start, s, "\\{ or \\} unbalances BibTeX's brace count");
            if (!*s)
                break;
        } else if (!is_url && strchr("%&#_$~^", *s)) {
            return bad(b, start, s, "raw LaTeX special in a value");
        } else if ((unsigned char)*s < 0x20 && *s != '\n') {
            return bad(b, start, s, "control character in a value");
        } else if (is_url && (*s == ' ' || *s == '\\')) {
            return bad(b, start, s, "blank or backslash in a url");
        }
    }
    return bad(b, start, s, "unbalanced braces: the value does not end");
}

static bool has_field(char fields[][24], int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(fields[i], name) == 0)
            return true;
    return false;
}

static bool check_entry(bibcheck *b, const char *start, const char **pp)
{
    const char *p = *pp + 1;
    char type[32];
    int n = 0;
    while (islower((unsigned char)*p) && n < 31)
        type[n++] = *p++;
    type[n] = '\0';
    bool article = strcmp(type, "article") == 0, inproc = strcmp(type, "inproceedings") == 0;
    if (!article && !inproc && strcmp(type, "misc") != 0)
        return bad(b, start, p, "unknown entry type");
    if (*p++ != '{')
        return bad(b, start, p, "expected { after the type");
    char key[BIBTEX_KEY_MAX];
    n = 0;
    while ((islower((unsigned char)*p) || isdigit((unsigned char)*p)) && n < BIBTEX_KEY_MAX - 1)
        key[n++] = *p++;
    key[n] = '\0';
    if (n == 0 || *p++ != ',')
        return bad(b, start, p, "expected KEY, (lower-case letters and digits)");
    for (int i = 0; i < b->entries && i < 512; i++)
        if (strcmp(b->keys[i], key) == 0)
            return bad(b, start, p, "duplicate key");
    if (b->entries < 512)
        snprintf(b->keys[b->entries], BIBTEX_KEY_MAX, "%s", key);
    char fields[32][24];
    int nf = 0;
    bool arxiv_prefix = false;
    for (;;) {
        while (isspace((unsigned char)*p))
            p++;
        if (*p == '}')
            break;
        char name[24];
        n = 0;
        while (isalpha((unsigned char)*p) && n < 23)
            name[n++] = *p++;
        name[n] = '\0';
        if (n == 0)
            return bad(b, start, p, "expected a field name or }");
        if (has_field(fields, nf, name))
            return bad(b, start, p, "duplicate field");
        if (nf < 32)
            snprintf(fields[nf++], sizeof fields[0], "%s", name);
        if (strncmp(p, " = ", 3) != 0)
            return bad(b, start, p, "expected \" = \"");
        p += 3;
        const char *v = p;
        if (!read_value(b, start, &p, strcmp(name, "url") == 0))
            return false;
        if (strcmp(name, "archivePrefix") == 0)
            arxiv_prefix = p - v == 7 && strncmp(v, "{arXiv}", 7) == 0;
        if (strcmp(name, "year") == 0 && !(p - v == 6 && isdigit((unsigned char)v[1])))
            return bad(b, start, v, "year is not {YYYY}");
        if (*p != ',' || p[1] != '\n')
            return bad(b, start, p, "expected , and a newline after a value");
        p += 2;
    }
    if (!has_field(fields, nf, "title"))
        return bad(b, start, p, "no title");
    if (article && !(has_field(fields, nf, "journal") && has_field(fields, nf, "year")))
        return bad(b, start, p, "@article without journal and year");
    if (inproc && !(has_field(fields, nf, "booktitle") && has_field(fields, nf, "year")))
        return bad(b, start, p, "@inproceedings without booktitle and year");
    if (has_field(fields, nf, "eprint") && !arxiv_prefix)
        return bad(b, start, p, "eprint without archivePrefix = {arXiv}");
    b->entries++;
    *pp = p + 1;
    return true;
}

static bool check_bib(bibcheck *b, const char *text)
{
    const char *p = text;
    b->entries = 0;
    b->err[0] = '\0';
    for (;;) {
        while (isspace((unsigned char)*p))
            p++;
        if (!*p)
            return true;
        if (*p != '@')
            return bad(b, text, p, "text between entries");
        if (!check_entry(b, text, &p))
            return false;
    }
}

static char *run_list(const char *args)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "XDG_STATE_HOME=/nonexistent '%s' list -f bibtex %s", PAPERDECK_BIN,
             args);
    FILE *f = popen(cmd, "r");
    if (!f)
        return NULL;
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - 1 - n, f)) > 0)
        n += r;
    int status = pclose(f);
    if (buf)
        buf[n] = '\0';
    if (status != 0) {
        fprintf(stderr, "  %s: status %d\n", cmd, status);
        free(buf);
        return NULL;
    }
    return buf;
}

/* A fetched record: its authors replace the list's, its first version's
 * year replaces one the list did not write (none, or derived from the id),
 * never one it did, and it adds primaryClass and doi. */
static void test_with_record(void)
{
    cat = catalog_new();
    catalog_open_section(cat, "S", 1);
    add("Transformers are RNNs", NULL, "2006.16236", 0, KIND_PAPER, "Someone Else");
    add("Transformers are RNNs", NULL, "2006.16236", 2018, KIND_PAPER, NULL);
    catalog_close_section(cat);
    catalog_finish(cat);
    char *authors[] = {"Angelos Katharopoulos", "Apoorv Vyas"}, *cats[] = {"cs.LG", "stat.ML"};
    arxiv_record r = {.id = "2006.16236",
                      .published = "2019-06-29T17:55:05Z",
                      .doi = "10.5555/1",
                      .authors = authors,
                      .nauthors = 2,
                      .cats = cats,
                      .ncats = 2};
    char *b = bibtex_entry_with(cat, &cat->entries[0], &r, NULL);
    CHECK(strstr(b, "{katharopoulos2019transformers,") != NULL);
    CHECK(strstr(b, "author = {Angelos Katharopoulos and Apoorv Vyas},") != NULL);
    CHECK(strstr(b, "Someone") == NULL);
    CHECK(strstr(b, "year = {2019},") != NULL);
    CHECK(strstr(b, "primaryClass = {cs.LG},") != NULL);
    CHECK(strstr(b, "doi = {10.5555/1},") != NULL);
    free(b);
    b = bibtex_entry_with(cat, &cat->entries[1], &r, NULL);
    CHECK(strstr(b, "year = {2018},") != NULL); /* the list's own year stays */
    free(b);
    b = bibtex_entry(cat, &cat->entries[0], NULL); /* no record: the list's author */
    CHECK(strstr(b, "author = {Someone Else},") != NULL);
    CHECK(strstr(b, "year = {2020},") != NULL); /* derived from the id */
    free(b);
    catalog_free(cat);
}

static void test_checker_catches(void)
{
    static bibcheck b;
    CHECK(check_bib(&b, "@misc{a,\n  title = {x},\n}\n"));
    CHECK(!check_bib(&b, "@misc{a,\n  title = {x},\n}\n@misc{a,\n  title = {y},\n}\n"));
    CHECK(strstr(b.err, "duplicate key") != NULL);
    CHECK(!check_bib(&b, "@misc{a,\n  title = {x{},\n}\n"));
    CHECK(!check_bib(&b, "@misc{a,\n  title = {50% off},\n}\n"));
    CHECK(!check_bib(&b, "@misc{a,\n  title = {\\{},\n}\n"));
    CHECK(!check_bib(&b, "@inproceedings{a,\n  title = {x},\n  year = {2020},\n}\n"));
    CHECK(!check_bib(&b, "@misc{a,\n  title = {x},\n  eprint = {1},\n}\n"));
    CHECK(!check_bib(&b, "@book{a,\n  title = {x},\n}\n"));
    CHECK(!check_bib(&b, "@misc{a,\n  url = {a b},\n  title = {x},\n}\n"));
    CHECK(!check_bib(&b, "junk @misc{a,\n  title = {x},\n}\n"));
}

static void test_cli_output(void)
{
    static bibcheck b;
    char *out = run_list("");
    CHECK(out != NULL);
    if (out) {
        bool ok = check_bib(&b, out);
        if (!ok)
            fprintf(stderr, "  built-in list: %s\n", b.err);
        CHECK(ok);
        CHECK_INT(b.entries, 25);
        CHECK(strstr(out, "@inproceedings{lora2022low,\n") != NULL);
        free(out);
    }
    out = run_list("-q 'venue:icml' -s year");
    if (out) {
        CHECK(check_bib(&b, out));
        CHECK_INT(b.entries, 5);
        free(out);
    }
    out = run_list("'" SOURCE_DIR "/tests/fixtures/bibtex/nasty.yaml'");
    CHECK(out != NULL);
    if (out) {
        bool ok = check_bib(&b, out);
        if (!ok)
            fprintf(stderr, "  nasty.yaml: %s\n", b.err);
        CHECK(ok);
        CHECK_INT(b.entries, 7);
        CHECK_STR(b.keys[0], "hu2022lora");
        CHECK_STR(b.keys[1], "hu2022lorab");
        CHECK_STR(b.keys[2], "nunez2020journal");
        CHECK(strstr(out, "  author = {Núñez, José and {Barnes and Noble}},\n") != NULL);
        CHECK(strstr(out, "  title = {50\\% of {\\$GPU\\_time} \\& \\#1 \\textbraceleft{}braces"
                          "\\textbraceright{} \\textasciitilde{}tilde\\textasciicircum{} "
                          "back\\textbackslash{}slash},\n")
              != NULL);
        CHECK(strstr(out, "  url = {https://example.com/a%20b%7Bc%7D%5Cd},\n") != NULL);
        CHECK(strstr(out, "  eprint = {2106.09685},\n") != NULL); /* no version */
        free(out);
    }
}

int main(void)
{
    RUN(test_keys);
    RUN(test_escape);
    RUN(test_types_and_entries);
    RUN(test_with_record);
    RUN(test_checker_catches);
    RUN(test_cli_output);
    return check_summary();
}
