#include "doc/line_break.hpp"

#include <unicode/brkiter.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <memory>
#include <stdexcept>

namespace zhdj::doc {

namespace {

// Widths are sums of floats; a line that fits exactly must not be pushed over by rounding.
constexpr double kTolerance = 1e-6;

// One iterator per thread: creating one loads the rules (slow), setText on it is cheap.
icu::BreakIterator& line_iterator() {
  thread_local std::unique_ptr<icu::BreakIterator> iterator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(
        icu::BreakIterator::createLineInstance(icu::Locale::getChinese(), status));
    if (U_FAILURE(status) || !it)
      throw std::runtime_error(std::string("ICU line break iterator: ") + u_errorName(status));
    return it;
  }();
  return *iterator;
}

// Calls f(code point, byte offset, byte length) for each character of `text`.
template <class F>
void for_each_char(std::string_view text, F&& f) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto n = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < n;) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    f(c < 0 ? char32_t{0xFFFD} : static_cast<char32_t>(c), start, i - start);
  }
}

bool is_line_end(char c) {
  return c == '\n' || c == '\r';
}

// Fills lines greedily with the pieces between break opportunities.
class LineFiller {
 public:
  LineFiller(double first_width, double width, const CharWidth& char_width)
      : first_width_(first_width), width_(width), char_width_(char_width) {}

  void add_piece(std::string_view piece, bool hard_break) {
    while (!piece.empty() && is_line_end(piece.back())) piece.remove_suffix(1);
    std::string_view visible = piece;
    while (!visible.empty() && visible.back() == ' ') visible.remove_suffix(1);
    const double visible_width = text_width(visible, char_width_);
    if (!line_.empty() && line_width_ + visible_width > available() + kTolerance) end_line();
    if (line_.empty() && visible_width > available() + kTolerance) {
      split_overlong(piece);
    } else {
      line_ += piece;
      line_width_ += text_width(piece, char_width_);
    }
    if (hard_break) end_line(/*keep_empty=*/true);
  }

  std::vector<std::string> finish() {
    end_line();
    return std::move(lines_);
  }

 private:
  double available() const { return lines_.empty() ? first_width_ : width_; }

  void end_line(bool keep_empty = false) {
    while (!line_.empty() && line_.back() == ' ') line_.pop_back();
    if (!line_.empty() || keep_empty) lines_.push_back(std::move(line_));
    line_.clear();
    line_width_ = 0;
  }

  // Character by character, with at least one character per line so that we always progress.
  void split_overlong(std::string_view piece) {
    for_each_char(piece, [&](char32_t c, int32_t offset, int32_t length) {
      const double w = char_width_(c);
      if (!line_.empty() && line_width_ + w > available() + kTolerance) end_line();
      line_ += piece.substr(offset, length);
      line_width_ += w;
    });
  }

  double first_width_;
  double width_;
  const CharWidth& char_width_;
  std::vector<std::string> lines_;
  std::string line_;
  double line_width_ = 0;
};

}  // namespace

double text_width(std::string_view text, const CharWidth& char_width) {
  double width = 0;
  for_each_char(text, [&](char32_t c, int32_t, int32_t) { width += char_width(c); });
  return width;
}

std::vector<std::string> break_lines(std::string_view text, double first_width, double width,
                                     const CharWidth& char_width) {
  LineFiller filler(first_width, width, char_width);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UText, decltype(&utext_close)> utext(
      utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status),
      &utext_close);
  auto& it = line_iterator();
  it.setText(utext.get(), status);
  if (U_FAILURE(status))
    throw std::runtime_error(std::string("ICU line breaking: ") + u_errorName(status));
  int32_t start = it.first();
  for (int32_t end = it.next(); end != icu::BreakIterator::DONE; start = end, end = it.next())
    filler.add_piece(text.substr(start, end - start), it.getRuleStatus() >= UBRK_LINE_HARD);
  // The iterator keeps a pointer to `utext`; let go of it before the UText is closed.
  it.setText(icu::UnicodeString());
  return filler.finish();
}

}  // namespace zhdj::doc
