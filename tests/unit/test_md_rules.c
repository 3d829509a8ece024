/* Unit tests: the entry recogniser's text rules (src/md/md_rules.c), one
 * test per rule. The rules that need a bullet's spans are tested through
 * the shape_* fixtures in test_md_import.c. */
#include <stdlib.h>
#include <string.h>

#include "../../src/md/md_internal.h"
#include "check.h"

/* Runs an in-place rule on a copy of s and returns the result (static). */
static const char *apply(size_t (*rule)(char *, size_t), const char *s)
{
    static char buf[512];
    size_t n = strlen(s);
    memcpy(buf, s, n);
    n = rule(buf, n);
    buf[n] = '\0';
    return buf;
}

static void test_strip_emoji(void)
{
    CHECK_STR(apply(md_strip_emoji, "🔥🔥 Title"), " Title");
    CHECK_STR(apply(md_strip_emoji, "1️⃣ Pruning"), " Pruning");
    CHECK_STR(apply(md_strip_emoji, "Notes 👇👇"), "Notes ");
    CHECK_STR(apply(md_strip_emoji, "back ©️"), "back ");
    CHECK_STR(apply(md_strip_emoji, "量化 2024 © ok"), "量化 2024 © ok");
    CHECK_INT(md_emoji_prefix_len("🔥 [x](u)", strlen("🔥 [x](u)")), strlen("🔥 "));
    CHECK_INT(md_emoji_prefix_len("Plain", 5), 0);
}

static void test_strip_title_decorations(void)
{
    CHECK_STR(apply(md_strip_title_decorations, "🔥 Tidal: Streaming"), "Tidal: Streaming");
    CHECK_STR(apply(md_strip_title_decorations, "[Ferry] Ferry: Split Serving"),
              "Ferry: Split Serving");
    CHECK_STR(apply(md_strip_title_decorations, "Serving(@PKU)"), "Serving");
    CHECK_STR(apply(md_strip_title_decorations, "Serving (@MIT etc)"), "Serving");
    CHECK_STR(apply(md_strip_title_decorations, "Big Model: Longer Inputs (60)"),
              "Big Model: Longer Inputs");
    CHECK_STR(apply(md_strip_title_decorations, "\"Quoted Title\""), "Quoted Title");
    CHECK_STR(apply(md_strip_title_decorations, "“Curly”"), "Curly");
    CHECK_STR(apply(md_strip_title_decorations, "Ends with a period."), "Ends with a period");
    CHECK_STR(apply(md_strip_title_decorations, "Wait..."), "Wait...");
    CHECK_STR(apply(md_strip_title_decorations, "Title []() :star:"), "Title");
    /* What is not decoration stays. */
    CHECK_STR(apply(md_strip_title_decorations, "GPT-4 (Technical Report)"),
              "GPT-4 (Technical Report)");
    CHECK_STR(apply(md_strip_title_decorations, "Is 2 (really) enough?"), "Is 2 (really) enough?");
    CHECK_STR(apply(md_strip_title_decorations, "Ratio 3:2:1"), "Ratio 3:2:1");
}

static void test_short_year(void)
{
    int y = 0;
    CHECK_INT(md_short_year("' 24", 4, &y), 4);
    CHECK_INT(y, 2024);
    CHECK_INT(md_short_year("'26 x", 5, &y), 3);
    CHECK_INT(y, 2026);
    CHECK_INT(md_short_year("’23", strlen("’23"), &y), strlen("’23"));
    CHECK_INT(md_short_year("'245", 4, &y), 0);
    CHECK_INT(md_short_year("24", 2, &y), 0);
}

static void test_venue_word(void)
{
    int y = -1;
    CHECK(md_venue_word("ICLR", 4, &y));
    CHECK_INT(y, 0);
    CHECK(md_venue_word("Arxiv 2024", 10, &y));
    CHECK_INT(y, 2024);
    CHECK(md_venue_word("SOSP' 24", 8, &y));
    CHECK_INT(y, 2024);
    CHECK(md_venue_word("ACL2025-findings", 16, &y));
    CHECK_INT(y, 2025);
    CHECK(md_venue_word("ICMLw", 5, NULL));
    CHECK(md_venue_word("NeurIPS 2023 (Oral)", 19, NULL));
    CHECK(!md_venue_word("PTQ", 3, NULL));
    CHECK(!md_venue_word("Extreme", 7, NULL));
    CHECK(!md_venue_word("ICLR is great", 13, NULL));
    CHECK(!md_venue_word("Code", 4, NULL));
}

static void test_year_label(void)
{
    CHECK_INT(md_year_label("2022", 4), 2022);
    CHECK_INT(md_year_label("Year 2024", 9), 2024);
    CHECK_INT(md_year_label(" 2023年", strlen(" 2023年")), 2023);
    CHECK_INT(md_year_label("WACV-2024-Papers", 16), 0);
    CHECK_INT(md_year_label("Papers 2024", 11), 0);
    CHECK_INT(md_year_label("12345", 5), 0);
}

static void test_venue_year_tail(void)
{
    size_t cut, vs, vn;
    int y;
    const char *s = "Quantised Adapters for LLMs Arxiv 2024";
    CHECK(md_venue_year_tail(s, strlen(s), &cut, &vs, &vn, &y));
    CHECK_INT(cut, strlen("Quantised Adapters for LLMs"));
    CHECK_INT(vn, strlen("Arxiv 2024"));
    CHECK_INT(y, 2024);
    s = "Cutting Idle Power | SOSP' 24";
    CHECK(md_venue_year_tail(s, strlen(s), &cut, &vs, &vn, &y));
    CHECK_INT(cut, strlen("Cutting Idle Power"));
    CHECK_INT(vn, 4);
    CHECK_INT(y, 2024);
    s = "An Analog Chip CICC 2025";
    CHECK(md_venue_year_tail(s, strlen(s), &cut, &vs, &vn, &y));
    s = "Scaling Laws of 2024";
    CHECK(!md_venue_year_tail(s, strlen(s), &cut, &vs, &vn, &y));
    s = "ICLR 2024";
    CHECK(!md_venue_year_tail(s, strlen(s), &cut, &vs, &vn, &y)); /* no title left */
}

static void test_badges(void)
{
    char text[128];
    size_t vs, vn;
    int y;
    const char *u = "https://img.shields.io/badge/ACL2025--findings-orange";
    CHECK_INT(md_badge_text(u, strlen(u), text, sizeof text), strlen("ACL2025-findings"));
    CHECK_STR(text, "ACL2025-findings");
    CHECK(md_badge_venue(text, strlen(text), &vs, &vn, &y));
    CHECK_INT(y, 2025);
    u = "https://img.shields.io/badge/25-ICML-blue";
    CHECK(md_badge_text(u, strlen(u), text, sizeof text));
    CHECK_STR(text, "25-ICML");
    CHECK(md_badge_venue(text, strlen(text), &vs, &vn, &y));
    CHECK_INT(vs, 3);
    CHECK_INT(vn, 4);
    CHECK_INT(y, 2025);
    u = "https://img.shields.io/badge/Self--Draft:_multi--layer_heads-green";
    CHECK(md_badge_text(u, strlen(u), text, sizeof text));
    CHECK_STR(text, "Self-Draft: multi-layer heads");
    CHECK(!md_badge_venue(text, strlen(text), &vs, &vn, &y));
    u = "https://img.shields.io/badge/Arxiv-orange.svg?style=flat";
    CHECK(md_badge_text(u, strlen(u), text, sizeof text));
    CHECK_STR(text, "Arxiv");
    CHECK(md_badge_venue(text, strlen(text), &vs, &vn, &y));
    u = "https://img.shields.io/github/stars/a/b.svg?style=social";
    CHECK_INT(md_badge_text(u, strlen(u), text, sizeof text), 0);
    u = "https://img.shields.io/badge/pdf-thecvf-7395C5.svg";
    CHECK(md_badge_text(u, strlen(u), text, sizeof text));
    CHECK(!md_badge_venue(text, strlen(text), &vs, &vn, &y));
}

static void collect(void *arg, const char *s, size_t n)
{
    char *out = arg;
    if (*out)
        strcat(out, "|");
    strncat(out, s, n);
}

static void test_authors(void)
{
    const char *s = "Ana Lima, Bo Chen, Carla Diaz.";
    CHECK(md_authors_like(s, strlen(s), false));
    char got[256] = "";
    CHECK_INT(md_authors_each(s, strlen(s), collect, got), 3);
    CHECK_STR(got, "Ana Lima|Bo Chen|Carla Diaz");
    s = "Hana Ito and Jun van der Berg";
    got[0] = '\0';
    CHECK(md_authors_like(s, strlen(s), false));
    CHECK_INT(md_authors_each(s, strlen(s), collect, got), 2);
    CHECK_STR(got, "Hana Ito|Jun van der Berg");
    s = "Kim Lee et al.";
    CHECK(md_authors_like(s, strlen(s), false));
    s = "Wanyun Cui";
    CHECK(!md_authors_like(s, strlen(s), false)); /* one name: only when closed by '.' */
    CHECK(md_authors_like(s, strlen(s), true));
    CHECK(!md_authors_like("NeurIPS 2023", 12, true));
    CHECK(!md_authors_like("PTQ", 3, true));
    s = "a method for caching, and more";
    CHECK(!md_authors_like(s, strlen(s), true));
    s = "Ana Lima, Yingyan (Celine)Lin.";
    CHECK(md_authors_like(s, strlen(s), false));
    s = "Tel Aviv (Oral)";
    CHECK(!md_authors_like(s, strlen(s), true));
}

static void test_prefixes(void)
{
    CHECK_INT(md_label_prefix("Paper: [T](u)", 13), 6);
    CHECK_INT(md_label_prefix("Title ： x", strlen("Title ： x")), strlen("Title ："));
    CHECK_INT(md_label_prefix("Paperless: x", 12), 0);
    CHECK_INT(md_venue_token_prefix("ICLR-Title", 10), 4);
    CHECK_INT(md_venue_token_prefix("ICMLw-Title", 11), 5);
    CHECK_INT(md_venue_token_prefix("foo-bar", 7), 0);
    CHECK_INT(md_venue_token_prefix("ICLR Title", 10), 0);
}

static void test_arxiv_unversion(void)
{
    char id[ARXIV_ID_MAX] = "2501.12948v1";
    CHECK(md_arxiv_unversion(id));
    CHECK_STR(id, "2501.12948");
    CHECK(!md_arxiv_unversion(id));
    char old[ARXIV_ID_MAX] = "cs/0112017v2";
    CHECK(md_arxiv_unversion(old));
    CHECK_STR(old, "cs/0112017");
}

int main(void)
{
    RUN(test_strip_emoji);
    RUN(test_strip_title_decorations);
    RUN(test_short_year);
    RUN(test_venue_word);
    RUN(test_year_label);
    RUN(test_venue_year_tail);
    RUN(test_badges);
    RUN(test_authors);
    RUN(test_prefixes);
    RUN(test_arxiv_unversion);
    return check_summary();
}
