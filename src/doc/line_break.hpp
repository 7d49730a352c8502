// Line breaking for Chinese text set in a proportional font: the pure part of the PDF renderer.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace zhdj::doc {

// The advance width of one character (a Unicode code point) at the size being set.
using CharWidth = std::function<double(char32_t)>;

// The width of UTF-8 `text` set in one line. Invalid bytes count as U+FFFD.
double text_width(std::string_view text, const CharWidth& char_width);

// Splits UTF-8 `text` into lines at most `first_width` wide (the first line) and `width` wide
// (the others). Break opportunities follow UAX #14 (ICU's line BreakIterator for zh): between any
// two Chinese characters, but not inside a Latin word or a number, never before closing
// punctuation (，。、；：）」 …) and never after opening punctuation (（「“). A piece that is wider
// than a whole line on its own (a long number or address) is split where it overflows. A '\n'
// ends a line; spaces at the end of a line are dropped; a final '\n' adds no empty line.
// Empty `text` gives no lines.
std::vector<std::string> break_lines(std::string_view text, double first_width, double width,
                                     const CharWidth& char_width);

}  // namespace zhdj::doc
