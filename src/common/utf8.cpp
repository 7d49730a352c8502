#include "common/utf8.hpp"

namespace zhdj::text {

namespace {

// The length of the UTF-8 sequence at text[i], or 0 if none starts there.
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t at) {
    return at < text.size() ? static_cast<unsigned char>(text[at]) : 0u;
  };
  const auto continuation = [&](std::size_t at) { return (byte(at) & 0xC0) == 0x80; };
  const unsigned b0 = byte(i), b1 = byte(i + 1);
  if (b0 < 0x80) return 1;
  if (b0 >= 0xC2 && b0 <= 0xDF) return continuation(i + 1) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    const bool ok = continuation(i + 1) && !(b0 == 0xE0 && b1 < 0xA0) &&  // overlong
                    !(b0 == 0xED && b1 >= 0xA0);                          // surrogate
    return ok && continuation(i + 2) ? 3 : 0;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    const bool ok = continuation(i + 1) && !(b0 == 0xF0 && b1 < 0x90) &&  // overlong
                    !(b0 == 0xF4 && b1 >= 0x90);                          // past U+10FFFF
    return ok && continuation(i + 2) && continuation(i + 3) ? 4 : 0;
  }
  return 0;
}

}  // namespace

bool is_valid_utf8(std::string_view bytes) {
  std::size_t i = 0;
  for (std::size_t n; i < bytes.size() && (n = utf8_sequence(bytes, i)) != 0;) i += n;
  return i == bytes.size();
}

void make_valid_utf8(std::string& text) {
  if (is_valid_utf8(text)) return;  // the common case
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (std::size_t n = utf8_sequence(text, i)) {
      out.append(text, i, n);
      i += n;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  text = std::move(out);
}

}  // namespace zhdj::text
