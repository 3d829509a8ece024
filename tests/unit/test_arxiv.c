/* Unit tests: arXiv ids (parse, validate, dates, URLs) and years in text. */
#include <string.h>

#include "paperdeck/arxiv.h"
#include "check.h"

/* arxiv_parse over a whole C string; the id found, or "" when none. */
static const char *parse(const char *s)
{
    static char out[ARXIV_ID_MAX];
    if (!arxiv_parse(s, strlen(s), out))
        return out[0] ? "(false but written)" : "";
    return out;
}

static void test_valid_new_style(void)
{
    CHECK(arxiv_valid("2106.09685"));
    CHECK(arxiv_valid("2106.09685v2"));
    CHECK(arxiv_valid("2106.09685v12"));
    CHECK(arxiv_valid("1912.11637"));
    CHECK(arxiv_valid("1501.00001")); /* 2015: first month of 5 digits */
    CHECK(arxiv_valid("1412.6980"));  /* Adam: 2014, 4 digits */
    CHECK(arxiv_valid("1412.6980v9"));
    CHECK(arxiv_valid("0704.0001")); /* the very first new-style id */
    CHECK(arxiv_valid("0812.4567"));
    CHECK(arxiv_valid("9912.12345")); /* 2099 */
    CHECK(arxiv_valid("1706.03762"));
}

static void test_invalid_new_style(void)
{
    CHECK(!arxiv_valid("2100.09685")); /* month 00 */
    CHECK(!arxiv_valid("2113.09685")); /* month 13 */
    CHECK(!arxiv_valid("0703.0001"));  /* before April 2007 */
    CHECK(!arxiv_valid("0612.0001"));
    CHECK(!arxiv_valid("0001.0001"));
    CHECK(!arxiv_valid("2106.0968")); /* 4 digits after 2014 */
    CHECK(!arxiv_valid("1501.0001"));
    CHECK(!arxiv_valid("1412.69801")); /* 5 digits before 2015 */
    CHECK(!arxiv_valid("0704.00001"));
    CHECK(!arxiv_valid("2106.096851")); /* 6 digits */
    CHECK(!arxiv_valid("2106.096"));
    CHECK(!arxiv_valid("2106."));
    CHECK(!arxiv_valid("2106"));
    CHECK(!arxiv_valid("21060.9685"));
    CHECK(!arxiv_valid("210.609685"));
    CHECK(!arxiv_valid("2106-09685"));
    CHECK(!arxiv_valid("2106.09685v"));  /* "v" without digits */
    CHECK(!arxiv_valid("2106.09685v0")); /* versions start at 1 */
    CHECK(!arxiv_valid("2106.09685v01"));
    CHECK(!arxiv_valid("2106.09685v1234")); /* too long a version */
    CHECK(!arxiv_valid("2106.09685V2"));
    CHECK(!arxiv_valid("2106.09685v2v3"));
    CHECK(!arxiv_valid("2106.09685 "));
    CHECK(!arxiv_valid(" 2106.09685"));
    CHECK(!arxiv_valid("arXiv:2106.09685")); /* only the bare id is an id */
    CHECK(!arxiv_valid("https://arxiv.org/abs/2106.09685"));
    CHECK(!arxiv_valid(""));
    CHECK(!arxiv_valid(NULL));
    CHECK(!arxiv_valid("hello"));
    CHECK(!arxiv_valid("2106.09685"
                       "0000000000000000000000000000000000000000000000"));
}

static void test_valid_old_style(void)
{
    CHECK(arxiv_valid("cs/0112017"));
    CHECK(arxiv_valid("hep-th/9901001"));
    CHECK(arxiv_valid("math.AG/0601001"));
    CHECK(arxiv_valid("cond-mat/0207270v2"));
    CHECK(arxiv_valid("cond-mat.str-el/0101001"));
    CHECK(arxiv_valid("quant-ph/9508027"));
    CHECK(arxiv_valid("astro-ph/0703001"));
    CHECK(arxiv_valid("supr-con/9608003"));
    CHECK(arxiv_valid("q-alg/9701001"));
    CHECK(arxiv_valid("math-ph/0001001"));
    CHECK(arxiv_valid("physics.acc-ph/0512001"));
    CHECK(arxiv_valid("acc-phys/9411001"));
    CHECK(arxiv_valid("solv-int/9901001"));
}

static void test_invalid_old_style(void)
{
    CHECK(!arxiv_valid("foo/0112017")); /* unknown archive */
    CHECK(!arxiv_valid("hep/9901001"));
    CHECK(!arxiv_valid("CS/0112017"));  /* archives are lower case */
    CHECK(!arxiv_valid("cs/0100017"));  /* month 00 */
    CHECK(!arxiv_valid("cs/0113017"));  /* month 13 */
    CHECK(!arxiv_valid("cs/1001001"));  /* 2010 is after the old scheme */
    CHECK(!arxiv_valid("cs/9001001"));  /* 1990 is before it */
    CHECK(!arxiv_valid("cs/011201"));   /* 6 digits */
    CHECK(!arxiv_valid("cs/01120171")); /* 8 digits */
    CHECK(!arxiv_valid("cs0112017"));
    CHECK(!arxiv_valid("cs/"));
    CHECK(!arxiv_valid("math./0601001")); /* empty subject */
    CHECK(!arxiv_valid("math.A/0601001"));
    CHECK(!arxiv_valid("math.-AG/0601001"));
    CHECK(!arxiv_valid("math.AG-/0601001"));
    CHECK(!arxiv_valid("math.ABCDEFGHIJKLMNOPQ/0601001")); /* subject too long */
    CHECK(!arxiv_valid("cond-mat/0207270v"));
    CHECK(!arxiv_valid("cond-mat/0207270v0"));
    CHECK(!arxiv_valid("math-p/0001001"));
}

static void test_parse_bare_and_prefixed(void)
{
    CHECK_STR(parse("2106.09685"), "2106.09685");
    CHECK_STR(parse("2106.09685v3"), "2106.09685v3");
    CHECK_STR(parse("arXiv:2106.09685"), "2106.09685");
    CHECK_STR(parse("ARXIV:2106.09685v1"), "2106.09685v1");
    CHECK_STR(parse("arxiv:cs/0112017"), "cs/0112017");
    CHECK_STR(parse("arXiv: 2304.04052"), "2304.04052");
    CHECK_STR(parse("  2305.13048  "), "2305.13048");
    CHECK_STR(parse("hep-th/9901001"), "hep-th/9901001");
    CHECK_STR(parse("see math.AG/0601001v2, p. 3"), "math.AG/0601001v2");
    CHECK_STR(parse("LoRA (2106.09685), ICLR 2022"), "2106.09685");
    CHECK_STR(parse("end of sentence 2106.09685."), "2106.09685");
    CHECK_STR(parse("doi 10.48550/arXiv.2106.09685"), "2106.09685");
    CHECK_STR(parse("论文2106.09685。"), "2106.09685");
}

static void test_parse_urls(void)
{
    CHECK_STR(parse("https://arxiv.org/abs/2106.09685"), "2106.09685");
    CHECK_STR(parse("http://arxiv.org/abs/2106.09685v2"), "2106.09685v2");
    CHECK_STR(parse("https://www.arxiv.org/abs/2106.09685"), "2106.09685");
    CHECK_STR(parse("https://export.arxiv.org/abs/2106.09685"), "2106.09685");
    CHECK_STR(parse("https://arxiv.org/pdf/2106.09685"), "2106.09685");
    CHECK_STR(parse("https://arxiv.org/pdf/2106.09685.pdf"), "2106.09685");
    CHECK_STR(parse("https://arxiv.org/pdf/2106.09685v2.pdf"), "2106.09685v2");
    CHECK_STR(parse("https://arxiv.org/html/2106.09685v1"), "2106.09685v1");
    CHECK_STR(parse("https://arxiv.org/abs/2106.09685/"), "2106.09685");
    CHECK_STR(parse("https://arxiv.org/abs/2106.09685?context=cs"), "2106.09685");
    CHECK_STR(parse("https://arxiv.org/abs/2106.09685#section"), "2106.09685");
    CHECK_STR(parse("HTTPS://ArXiv.org/abs/2106.09685"), "2106.09685");
    CHECK_STR(parse("https://arxiv.org/abs/hep-th/9901001"), "hep-th/9901001");
    CHECK_STR(parse("https://arxiv.org/pdf/cs/0112017v1.pdf"), "cs/0112017v1");
    CHECK_STR(parse("https://arxiv.org/abs/math.AG/0601001"), "math.AG/0601001");
}

static void test_parse_in_text(void)
{
    CHECK_STR(parse("[2106.09685](https://arxiv.org/abs/2106.09685)"), "2106.09685");
    CHECK_STR(parse("| LoRA | ICLR 2022 | [2106.09685](https://arxiv.org/abs/2106.09685) |"),
              "2106.09685");
    CHECK_STR(parse("[paper](https://arxiv.org/abs/2202.10447)"), "2202.10447");
    CHECK_STR(parse("[cs/0112017](https://arxiv.org/abs/cs/0112017)"), "cs/0112017");
    /* An explicit marker wins over an earlier number that looks like an id. */
    CHECK_STR(parse("table 1204.5678, see arXiv:2106.09685"), "2106.09685");
    CHECK_STR(parse("1204.5678 https://arxiv.org/abs/2305.17888"), "2305.17888");
    /* A marker followed by garbage falls back to a bare id elsewhere. */
    CHECK_STR(parse("arXiv:2113.00001 or 2106.09685"), "2106.09685");
    /* Only the first n bytes are looked at. */
    char out[ARXIV_ID_MAX];
    const char *s = "2106.09685 2305.13048";
    CHECK(arxiv_parse(s + 11, 10, out));
    CHECK_STR(out, "2305.13048");
    CHECK(!arxiv_parse(s, 9, out));
    CHECK_STR(out, "");
    CHECK(arxiv_parse("2106.0968512", 10, out)); /* the digits after n do not count */
    CHECK_STR(out, "2106.09685");
}

static void test_parse_rejects(void)
{
    CHECK_STR(parse(""), "");
    CHECK_STR(parse("no id here"), "");
    CHECK_STR(parse("ICLR 2022"), "");
    CHECK_STR(parse("2100.09685"), "");  /* month 00 */
    CHECK_STR(parse("2113.09685"), "");  /* month 13 */
    CHECK_STR(parse("2106.0968"), "");   /* too few digits */
    CHECK_STR(parse("2106.096851"), ""); /* too many: a longer number */
    CHECK_STR(parse("1412.69801"), "");
    CHECK_STR(parse("12106.09685"), "");   /* digit before */
    CHECK_STR(parse("x2106.09685"), "");   /* letter before */
    CHECK_STR(parse("1.2106.09685"), "");  /* dot-digit before */
    CHECK_STR(parse("2106.09685.1"), "");  /* dot-digit after */
    CHECK_STR(parse("2106.09685abc"), ""); /* letter after */
    CHECK_STR(parse("2106.09685v"), "");   /* "v" without digits */
    CHECK_STR(parse("https://arxiv.org/abs/2106.09685v"), "");
    CHECK_STR(parse("2106.09685v0"), "");
    CHECK_STR(parse("arXiv:2113.09685"), "");
    CHECK_STR(parse("foo/0112017"), ""); /* unknown archive */
    CHECK_STR(parse("xcs/0112017"), ""); /* archive inside a word */
    CHECK_STR(parse("q-cs/0112017"), "");
    CHECK_STR(parse("cs/01120171"), "");
    CHECK_STR(parse("cs/0113017"), "");
    CHECK_STR(parse("https://github.com/thunlp/MoEfication"), "");
    CHECK_STR(parse("version 3.10.2106"), "");
    char out[ARXIV_ID_MAX] = "junk";
    CHECK(!arxiv_parse(NULL, 0, out));
    CHECK_STR(out, "");
}

static void test_parse_never_overflows(void)
{
    /* The longest well-formed id still fits with its NUL. */
    const char *longest = "cond-mat.abcdefghijklmnop/0207270v999";
    CHECK(arxiv_valid(longest));
    CHECK(strlen(longest) < ARXIV_ID_MAX);
    char buf[200];
    memset(buf, '9', sizeof buf);
    memcpy(buf, "2106.09685v", 11);
    CHECK(!arxiv_parse(buf, sizeof buf, (char[ARXIV_ID_MAX]){0}));
    /* Input that is not NUL-terminated is read only up to n. */
    char raw[10];
    memcpy(raw, "2106.09685", 10);
    char out[ARXIV_ID_MAX];
    CHECK(arxiv_parse(raw, sizeof raw, out));
    CHECK_STR(out, "2106.09685");
}

static void test_dates(void)
{
    int y = 0, m = 0;
    CHECK(arxiv_date("2106.09685", &y, &m));
    CHECK_INT(y, 2021);
    CHECK_INT(m, 6);
    CHECK(arxiv_date("2106.09685v2", &y, &m));
    CHECK_INT(y, 2021);
    CHECK(arxiv_date("0704.0001", &y, &m));
    CHECK_INT(y, 2007);
    CHECK_INT(m, 4);
    CHECK(arxiv_date("1812.01243", &y, &m));
    CHECK_INT(y, 2018);
    CHECK_INT(m, 12);
    CHECK(arxiv_date("cs/0112017", &y, &m));
    CHECK_INT(y, 2001);
    CHECK_INT(m, 12);
    CHECK(arxiv_date("hep-th/9901001", &y, &m));
    CHECK_INT(y, 1999);
    CHECK_INT(m, 1);
    CHECK(arxiv_date("math.AG/0601001", &y, &m));
    CHECK_INT(y, 2006);
    CHECK_INT(m, 1);
    CHECK(arxiv_date("cond-mat/0207270v2", &y, &m));
    CHECK_INT(y, 2002);
    CHECK_INT(m, 7);
    CHECK(arxiv_date("acc-phys/9411001", &y, &m));
    CHECK_INT(y, 1994);
    CHECK_INT(m, 11);
    y = m = -1;
    CHECK(!arxiv_date("2113.09685", &y, &m));
    CHECK(!arxiv_date("garbage", &y, &m));
    CHECK_INT(y, -1);
    CHECK_INT(m, -1);
}

static void test_base_len(void)
{
    CHECK_INT(arxiv_base_len("2106.09685v2"), 10);
    CHECK_INT(arxiv_base_len("2106.09685"), 10);
    CHECK_INT(arxiv_base_len("2106.09685v12"), 10);
    CHECK_INT(arxiv_base_len("1412.6980v9"), 9);
    CHECK_INT(arxiv_base_len("cs/0112017"), 10);
    CHECK_INT(arxiv_base_len("cond-mat/0207270v2"), 16);
    CHECK_INT(arxiv_base_len("math.AG/0601001v1"), 15);
    CHECK_INT(arxiv_base_len(""), 0);
}

static void test_urls(void)
{
    char buf[64];
    CHECK_INT(arxiv_abs_url("2106.09685", buf, sizeof buf), 32);
    CHECK_STR(buf, "https://arxiv.org/abs/2106.09685");
    arxiv_pdf_url("2106.09685v2", buf, sizeof buf);
    CHECK_STR(buf, "https://arxiv.org/pdf/2106.09685v2");
    arxiv_abs_url("hep-th/9901001", buf, sizeof buf);
    CHECK_STR(buf, "https://arxiv.org/abs/hep-th/9901001");
    arxiv_pdf_url("cs/0112017", buf, sizeof buf);
    CHECK_STR(buf, "https://arxiv.org/pdf/cs/0112017");
    /* snprintf semantics: truncated, terminated, full length returned. */
    char small[10];
    CHECK_INT(arxiv_abs_url("2106.09685", small, sizeof small), 32);
    CHECK_STR(small, "https://a");
    CHECK_INT(arxiv_pdf_url("2106.09685", NULL, 0), 32);
}

static void test_year_in_text(void)
{
    CHECK_INT(year_in_text("ICLR 2022"), 2022);
    CHECK_INT(year_in_text("NeurIPS 2020"), 2020);
    CHECK_INT(year_in_text("2023-10"), 2023);
    CHECK_INT(year_in_text("2019-05-01"), 2019);
    CHECK_INT(year_in_text("2021"), 2021);
    CHECK_INT(year_in_text("Proc. 1998"), 1998);
    CHECK_INT(year_in_text("ICML2023"), 2023);
    CHECK_INT(year_in_text("2022a"), 2022);
    CHECK_INT(year_in_text("(2020)"), 2020);
    CHECK_INT(year_in_text("12022"), 0);
    CHECK_INT(year_in_text("20223"), 0);
    CHECK_INT(year_in_text("2106.09685"), 0); /* a number with a fraction */
    CHECK_INT(year_in_text("v1.2020"), 0);
    CHECK_INT(year_in_text("2020.5"), 0);
    CHECK_INT(year_in_text("20.50"), 0);
    CHECK_INT(year_in_text("1899"), 0);
    CHECK_INT(year_in_text("2100"), 0);
    CHECK_INT(year_in_text("ACL 2022."), 2022);
    CHECK_INT(year_in_text("NeurIPS'23"), 2023);
    CHECK_INT(year_in_text("ICML '19"), 2019);
    CHECK_INT(year_in_text("NeurIPS\xe2\x80\x99"
                           "23"),
              2023); /* U+2019 */
    CHECK_INT(year_in_text("ICCV '99"), 1999);
    CHECK_INT(year_in_text("'69"), 2069);
    CHECK_INT(year_in_text("'70"), 1970);
    CHECK_INT(year_in_text("SIGIR '2021"), 2021);
    CHECK_INT(year_in_text("'230"), 0);
    CHECK_INT(year_in_text("'2"), 0);
    CHECK_INT(year_in_text("5'11"), 0); /* feet and inches */
    CHECK_INT(year_in_text("'.5"), 0);
    CHECK_INT(year_in_text("it's 7"), 0);
    CHECK_INT(year_in_text("WACV 2021 (oral) 2020"), 2021);
    CHECK_INT(year_in_text("arXiv 2305.13048, 2023"), 2023);
    CHECK_INT(year_in_text("\xe2\x80"), 0); /* truncated UTF-8 */
    CHECK_INT(year_in_text("'"), 0);
    CHECK_INT(year_in_text(""), 0);
    CHECK_INT(year_in_text(NULL), 0);
}

int main(void)
{
    RUN(test_valid_new_style);
    RUN(test_invalid_new_style);
    RUN(test_valid_old_style);
    RUN(test_invalid_old_style);
    RUN(test_parse_bare_and_prefixed);
    RUN(test_parse_urls);
    RUN(test_parse_in_text);
    RUN(test_parse_rejects);
    RUN(test_parse_never_overflows);
    RUN(test_dates);
    RUN(test_base_len);
    RUN(test_urls);
    RUN(test_year_in_text);
    return check_summary();
}
