#include "common/text.hpp"

#include <unicode/coll.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <cctype>
#include <memory>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "common/crypto.hpp"

namespace zhdj::text {

namespace {

// Decodes one UTF-8 code point at `i`, advancing it; invalid bytes come back as U+FFFD.
char32_t next_code_point(std::string_view s, size_t& i) {
  auto c = static_cast<unsigned char>(s[i]);
  int extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
  if (extra < 0 || i + extra >= s.size() + (extra == 0 ? 1 : 0)) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k <= extra; ++k) {
    auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  i += extra + 1;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_blank(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0xA0 || cp == 0x3000 ||
         cp == 0x200B || cp == 0xFEFF;
}

// ICU objects are not safe to share between threads: one of each per thread.
icu::Transliterator& to_latin() {
  thread_local std::unique_ptr<icu::Transliterator> t = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> p(icu::Transliterator::createInstance(
        "Han-Latin/Names; Latin-ASCII; Lower", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) throw std::runtime_error("ICU Han-Latin transliterator unavailable");
    return p;
  }();
  return *t;
}

icu::Collator& collator() {
  thread_local std::unique_ptr<icu::Collator> c = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Collator> p(icu::Collator::createInstance(icu::Locale("zh"), status));
    if (U_FAILURE(status)) throw std::runtime_error("ICU zh collator unavailable");
    return p;
  }();
  return *c;
}

}  // namespace

std::string gb18030_to_utf8(std::string_view bytes) {
  icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()), "GB18030");
  std::string out;
  u.toUTF8String(out);
  make_valid_utf8(out);
  return out;
}

std::string normalize(std::string_view input) {
  std::string out;
  out.reserve(input.size());
  for (size_t i = 0; i < input.size();) {
    char32_t cp = next_code_point(input, i);
    // Full-width digits and Latin letters (not punctuation: "，" stays a Chinese comma).
    if ((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
        (cp >= 0xFF41 && cp <= 0xFF5A))
      cp -= 0xFEE0;
    if (cp == 0x3000 || cp == 0xA0) cp = ' ';
    if (cp == 0x200B || cp == 0xFEFF) continue;
    append_utf8(out, cp);
  }
  // Byte-wise trimming of ASCII blanks only: the other blanks were turned into spaces above,
  // and a byte such as 0xA0 is the tail of many characters (忠 is E5 BF A0), not a space.
  auto ascii_blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  size_t b = 0, e = out.size();
  while (b < e && ascii_blank(out[b])) ++b;
  while (e > b && ascii_blank(out[e - 1])) --e;
  return out.substr(b, e - b);
}

size_t length(std::string_view utf8) {
  size_t n = 0;
  for (size_t i = 0; i < utf8.size();) {
    next_code_point(utf8, i);
    ++n;
  }
  return n;
}

bool is_ascii_alnum(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  return true;
}

namespace {
icu::Transliterator& han_to_latin() {
  thread_local std::unique_ptr<icu::Transliterator> t = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> p(icu::Transliterator::createInstance(
        "Han-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) throw std::runtime_error("ICU Han-Latin transliterator unavailable");
    return p;
  }();
  return *t;
}

// The ASCII letters of one character's reading; the first character of a name is read as a
// family name (单 → shan). Cached per thread: transliterating is the slow part of an import.
const std::string& reading(char32_t cp, bool family_name) {
  thread_local std::unordered_map<char32_t, std::string> cache[2];
  auto& c = cache[family_name ? 1 : 0];
  auto it = c.find(cp);
  if (it != c.end()) return it->second;
  icu::UnicodeString u(static_cast<UChar32>(cp));
  (family_name ? to_latin() : han_to_latin()).transliterate(u);
  std::string latin, letters;
  u.toUTF8String(latin);
  for (char ch : latin)
    if (std::isalnum(static_cast<unsigned char>(ch)))
      letters += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (c.size() > 50000) c.clear();
  return c.emplace(cp, std::move(letters)).first->second;
}
}  // namespace

Pinyin pinyin(std::string_view name) {
  Pinyin out;
  bool word_start = true, first = true;
  for (size_t i = 0; i < name.size();) {
    char32_t cp = next_code_point(name, i);
    if (cp < 0x80) {
      auto uc = static_cast<unsigned char>(cp);
      if (std::isalnum(uc)) {
        char l = static_cast<char>(std::tolower(uc));
        out.full += l;
        if (word_start) out.initials += l;
        word_start = std::isdigit(uc);
      } else {
        word_start = true;
      }
      first = false;
      continue;
    }
    const std::string& r = reading(cp, first);
    first = false;
    if (r.empty()) {  // punctuation such as the middle dot of 买买提·艾力
      word_start = true;
      continue;
    }
    out.full += r;
    out.initials += r[0];
    word_start = true;
  }
  return out;
}

std::string collation_key(std::string_view name) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), name.size()));
  auto& c = collator();
  int32_t n = c.getSortKey(u, nullptr, 0);
  std::vector<uint8_t> key(static_cast<size_t>(n));
  c.getSortKey(u, key.data(), n);
  while (!key.empty() && key.back() == 0) key.pop_back();  // the terminating zero
  return crypto::to_hex(key.data(), key.size());
}

std::optional<Date> parse_loose_date(std::string_view input) {
  std::string s = normalize(input);
  // Split into runs of digits; everything else (. / - 年 月 日 spaces) separates.
  std::vector<std::string> parts;
  std::string cur;
  std::string rest;  // non-digit text, to reject things like "2021年7月1日下午"
  for (size_t i = 0; i < s.size();) {
    size_t start = i;
    char32_t cp = next_code_point(s, i);
    if (cp >= '0' && cp <= '9') {
      cur += static_cast<char>(cp);
      continue;
    }
    if (!cur.empty()) parts.push_back(std::move(cur)), cur.clear();
    bool separator = cp == '.' || cp == '/' || cp == '-' || cp == ' ' || cp == 0xFF0E ||
                     cp == 0xFF0F || cp == 0xFF0D || cp == 0x3002 /*。*/ || cp == 0x5E74 /*年*/ ||
                     cp == 0x6708 /*月*/ || cp == 0x65E5 /*日*/ || cp == 0x53F7 /*号*/;
    if (!separator) return std::nullopt;
    (void)start;
  }
  if (!cur.empty()) parts.push_back(std::move(cur));
  int y = 0, m = 0, d = 0;
  if (parts.size() == 1 && parts[0].size() == 8) {
    y = std::stoi(parts[0].substr(0, 4));
    m = std::stoi(parts[0].substr(4, 2));
    d = std::stoi(parts[0].substr(6, 2));
  } else if (parts.size() == 3 && parts[0].size() == 4 && parts[1].size() <= 2 &&
             parts[2].size() <= 2 && !parts[1].empty() && !parts[2].empty()) {
    y = std::stoi(parts[0]);
    m = std::stoi(parts[1]);
    d = std::stoi(parts[2]);
  } else {
    return std::nullopt;
  }
  Date date{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
            std::chrono::day(static_cast<unsigned>(d))};
  if (!date.ok() || y < 1900 || y > 2200) return std::nullopt;
  return date;
}

}  // namespace zhdj::text
