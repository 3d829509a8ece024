/* theme: colour pairs and glyphs; see theme.h. */
#include "theme.h"

#include "paperdeck/array.h"
#include "paperdeck/config.h"

/* -1 is the terminal's default colour (use_default_colors). */
#define DEF (-1)

typedef struct role_spec {
    short fg256, bg256;
    attr_t attr256;
    short fg8, bg8;
    attr_t attr8;
    attr_t mono; /* attributes without colour */
} role_spec;

/* One line per role, in ui_role order. Backgrounds stay the terminal's own
 * except for bars, so the theme sits on light and dark terminals alike. */
static const role_spec specs[ROLE_COUNT_] = {
    [ROLE_NORMAL] = {DEF, DEF, A_NORMAL, DEF, DEF, A_NORMAL, A_NORMAL},
    [ROLE_DIM] = {245, DEF, A_NORMAL, DEF, DEF, A_DIM, A_DIM},
    [ROLE_STATUS] = {253, 236, A_NORMAL, COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_REVERSE},
    [ROLE_STATUS_TITLE] = {231, 236, A_BOLD, COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD},
    [ROLE_STATUS_QUERY] = {221, 236, A_BOLD, COLOR_YELLOW, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD},
    [ROLE_BORDER] = {240, DEF, A_NORMAL, DEF, DEF, A_DIM, A_NORMAL},
    [ROLE_BORDER_FOCUS] = {74, DEF, A_NORMAL, COLOR_CYAN, DEF, A_NORMAL, A_BOLD},
    [ROLE_HEADER] = {110, DEF, A_BOLD, COLOR_CYAN, DEF, A_BOLD, A_BOLD},
    [ROLE_HEADER_SORT] = {214, DEF, A_BOLD, COLOR_YELLOW, DEF, A_BOLD, A_BOLD | A_UNDERLINE},
    [ROLE_SEL] = {231, 25, A_BOLD, COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE},
    [ROLE_SEL_DIM] = {252, 238, A_NORMAL, COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE},
    [ROLE_MATCH] = {214, DEF, A_BOLD | A_UNDERLINE, COLOR_YELLOW, DEF, A_BOLD | A_UNDERLINE,
                    A_BOLD | A_UNDERLINE},
    [ROLE_MATCH_SEL] = {220, 25, A_BOLD | A_UNDERLINE, COLOR_YELLOW, COLOR_BLUE,
                        A_BOLD | A_UNDERLINE, A_REVERSE | A_BOLD | A_UNDERLINE},
    [ROLE_MATCH_SEL_DIM] = {220, 238, A_BOLD | A_UNDERLINE, COLOR_BLUE, COLOR_WHITE,
                            A_BOLD | A_UNDERLINE, A_REVERSE | A_BOLD | A_UNDERLINE},
    [ROLE_VENUE] = {151, DEF, A_NORMAL, COLOR_GREEN, DEF, A_NORMAL, A_NORMAL},
    [ROLE_YEAR] = {180, DEF, A_NORMAL, COLOR_YELLOW, DEF, A_NORMAL, A_NORMAL},
    [ROLE_ARXIV] = {146, DEF, A_NORMAL, COLOR_MAGENTA, DEF, A_NORMAL, A_NORMAL},
    [ROLE_SECTION] = {109, DEF, A_NORMAL, COLOR_CYAN, DEF, A_NORMAL, A_NORMAL},
    [ROLE_COUNT] = {250, DEF, A_NORMAL, DEF, DEF, A_NORMAL, A_NORMAL},
    [ROLE_COUNT_ZERO] = {239, DEF, A_NORMAL, DEF, DEF, A_DIM, A_DIM},
    [ROLE_LABEL] = {245, DEF, A_NORMAL, COLOR_CYAN, DEF, A_NORMAL, A_DIM},
    [ROLE_TITLE] = {231, DEF, A_BOLD, DEF, DEF, A_BOLD, A_BOLD},
    [ROLE_LINK] = {75, DEF, A_UNDERLINE, COLOR_BLUE, DEF, A_UNDERLINE, A_UNDERLINE},
    [ROLE_KEY] = {214, DEF, A_BOLD, COLOR_YELLOW, DEF, A_BOLD, A_BOLD},
    [ROLE_ERROR] = {203, DEF, A_BOLD, COLOR_RED, DEF, A_BOLD, A_BOLD},
    [ROLE_MESSAGE] = {114, DEF, A_NORMAL, COLOR_GREEN, DEF, A_NORMAL, A_NORMAL},
    [ROLE_PROMPT] = {214, DEF, A_BOLD, COLOR_YELLOW, DEF, A_BOLD, A_BOLD},
    [ROLE_SCROLL] = {74, DEF, A_NORMAL, COLOR_CYAN, DEF, A_NORMAL, A_BOLD},
};

/* Each glyph in Unicode and its ASCII stand-in, side by side. */
/* clang-format off */
#define GLYPHS(X)               \
    X(ellipsis, "\u2026", "~")  \
    X(up,       "\u25b2", "^")  \
    X(down,     "\u25bc", "v")  \
    X(marker,   "\u25b6", ">")  \
    X(folded,   "\u25b8", "+")  \
    X(unfolded, "\u25be", "-")  \
    X(dot,      "\u00b7", "|")  \
    X(arrow,    "\u203a", ">")
/* clang-format on */
#define UNICODE_(field, unicode, ascii) .field = unicode,
#define ASCII_(field, unicode, ascii) .field = ascii,
static const ui_glyphs unicode_glyphs = {GLYPHS(UNICODE_)};
static const ui_glyphs ascii_glyphs = {GLYPHS(ASCII_)};

void theme_init(ui_theme *t, bool want_color, bool unicode)
{
    t->glyph = unicode ? unicode_glyphs : ascii_glyphs;
    t->colors = 0;
    if (want_color && has_colors() && start_color() == OK) {
        t->colors = COLORS >= 256 ? 256 : COLORS >= 8 ? 8 : 0;
        if (t->colors && use_default_colors() != OK)
            t->colors = 0; /* no default background: keep it plain */
    }
    for (int r = 0; r < ROLE_COUNT_; r++) {
        const role_spec *s = &specs[r];
        if (t->colors == 0) {
            t->style[r] = (ui_style){s->mono, 0};
            continue;
        }
        short pair = (short)(r + 1);
        short fg = t->colors == 256 ? s->fg256 : s->fg8;
        short bg = t->colors == 256 ? s->bg256 : s->bg8;
        init_pair(pair, fg, bg);
        t->style[r] = (ui_style){t->colors == 256 ? s->attr256 : s->attr8, pair};
    }
}

static const char *const role_names[ROLE_COUNT_] = {
    [ROLE_NORMAL] = "normal",
    [ROLE_DIM] = "dim",
    [ROLE_STATUS] = "status",
    [ROLE_STATUS_TITLE] = "status-title",
    [ROLE_STATUS_QUERY] = "status-query",
    [ROLE_BORDER] = "border",
    [ROLE_BORDER_FOCUS] = "border-focus",
    [ROLE_HEADER] = "header",
    [ROLE_HEADER_SORT] = "header-sort",
    [ROLE_SEL] = "selection",
    [ROLE_SEL_DIM] = "selection-dim",
    [ROLE_MATCH] = "match",
    [ROLE_MATCH_SEL] = "match-selection",
    [ROLE_MATCH_SEL_DIM] = "match-selection-dim",
    [ROLE_VENUE] = "venue",
    [ROLE_YEAR] = "year",
    [ROLE_ARXIV] = "arxiv",
    [ROLE_SECTION] = "section",
    [ROLE_COUNT] = "count",
    [ROLE_COUNT_ZERO] = "count-zero",
    [ROLE_LABEL] = "label",
    [ROLE_TITLE] = "title",
    [ROLE_LINK] = "link",
    [ROLE_KEY] = "key",
    [ROLE_ERROR] = "error",
    [ROLE_MESSAGE] = "message",
    [ROLE_PROMPT] = "prompt",
    [ROLE_SCROLL] = "scroll",
};

ARRAY_ENUM_PARSE(theme_role_parse, ui_role, role_names)

void theme_set(ui_theme *t, ui_role r, int fg, int bg, unsigned attrs)
{
    if ((unsigned)r >= ROLE_COUNT_)
        return;
    attr_t a = A_NORMAL;
    if (attrs & CONFIG_ATTR_BOLD)
        a |= A_BOLD;
    if (attrs & CONFIG_ATTR_DIM)
        a |= A_DIM;
    if (attrs & CONFIG_ATTR_UNDERLINE)
        a |= A_UNDERLINE;
    if (attrs & CONFIG_ATTR_REVERSE)
        a |= A_REVERSE;
    t->style[r].attr = a;
    if (t->colors == 0)
        return;
    /* a colour this terminal lacks falls back to its default */
    if (fg >= t->colors)
        fg = DEF;
    if (bg >= t->colors)
        bg = DEF;
    short pair = (short)(r + 1);
    init_pair(pair, (short)fg, (short)bg);
    t->style[r].pair = pair;
}
