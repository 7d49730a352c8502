// Chinese text as people type it: normalisation of pasted input, pinyin for search and
// collation keys for sorting names in pinyin order (ICU), and dates written in everyday forms.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/time.hpp"
#include "common/utf8.hpp"  // is_valid_utf8, make_valid_utf8

namespace zhdj::text {

// Full-width digits and Latin letters (０-９, Ａ-Ｚ) to ASCII, the ideographic space to a space,
// then
// trims spaces, tabs, line breaks, no-break and zero-width spaces at both ends.
std::string normalize(std::string_view input);
// Number of Unicode code points (input is UTF-8).
size_t length(std::string_view utf8);
bool is_ascii_alnum(std::string_view s);

// GB18030 bytes (which include GBK and GB2312: what Excel and WPS save as "CSV" on Chinese
// Windows) as UTF-8, via ICU; undecodable bytes become U+FFFD.
std::string gb18030_to_utf8(std::string_view bytes);

struct Pinyin {
  std::string full;      // "zhangsan"
  std::string initials;  // "zs"
};
// The pinyin of a name, reading family names as names (单 → shan); letters and digits kept
// lower-cased, everything else dropped.
Pinyin pinyin(std::string_view name);

// A key that sorts Chinese names in pinyin order (ICU "zh" collation), as lowercase hex so it
// compares byte-wise the same in SQLite and in PostgreSQL's "C" collation.
std::string collation_key(std::string_view name);

// A date as people write it: 2021-07-01, 2021-7-1, 2021.07.01, 2021/7/1, 2021年7月1日, 20210701
// (full-width digits too). Nullopt for anything else or an impossible day.
std::optional<Date> parse_loose_date(std::string_view input);

}  // namespace zhdj::text
