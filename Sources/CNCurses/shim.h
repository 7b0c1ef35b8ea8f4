// ncursesw for the console. The wide-character API needs these before the header.
#ifndef REGISTRAR_CNCURSES_SHIM_H
#define REGISTRAR_CNCURSES_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// C globals and function-like macros, which Swift 6 cannot read or does not import.
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }
static inline attr_t cn_color_pair(short pair) { return (attr_t)COLOR_PAIR(pair); }
static inline attr_t cn_a_normal(void) { return A_NORMAL; }
static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cn_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cn_a_dim(void) { return A_DIM; }
static inline int cn_key_f(int n) { return KEY_F(n); }
static inline int cn_err(void) { return ERR; }
static inline int cn_key_code_yes(void) { return KEY_CODE_YES; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }
/// Writes one character in a colour pair of any number: the pair goes through setcchar's `opts`
/// pointer, which is how ncurses 6 takes pairs above 255 (extended colours).
static inline int cn_put_painted(int y, int x, wchar_t character, int pair) {
    cchar_t cell;
    wchar_t text[2] = { character, 0 };
    if (setcchar(&cell, text, A_NORMAL, 0, &pair) == ERR) return ERR;
    return mvadd_wch(y, x, &cell);
}
/// Whether the current locale's character set is UTF-8 (after setlocale).
static inline int cn_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (codeset[0] == 'U' || codeset[0] == 'u') && (codeset[1] == 'T' || codeset[1] == 't')
        && (codeset[2] == 'F' || codeset[2] == 'f');
}
#endif
