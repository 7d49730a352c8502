#include "members/personal.hpp"

#include <array>
#include <cctype>

#include "common/text.hpp"
#include "members/messages.hpp"

namespace zhdj::members {

std::optional<IdNumber> parse_id_number(std::string_view input, Date today, std::string* problem) {
  auto fail = [&](const char* message) -> std::optional<IdNumber> {
    if (problem) *problem = message;
    return std::nullopt;
  };
  std::string s;
  for (char c : text::normalize(input))
    if (c != ' ') s += static_cast<char>(c == 'x' ? 'X' : c);
  if (s.size() != 18) return fail(msg::kIdLength);
  for (size_t i = 0; i < 17; ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return fail(msg::kIdCharacters);
  if (!std::isdigit(static_cast<unsigned char>(s[17])) && s[17] != 'X')
    return fail(msg::kIdCharacters);
  int y = std::stoi(s.substr(6, 4)), m = std::stoi(s.substr(10, 2)), d = std::stoi(s.substr(12, 2));
  Date birth{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
             std::chrono::day(static_cast<unsigned>(d))};
  if (!birth.ok() || y < 1900 || std::chrono::sys_days(birth) > std::chrono::sys_days(today))
    return fail(msg::kIdBirthDate);
  static constexpr std::array<int, 17> weights{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += (s[i] - '0') * weights[i];
  int check = (12 - sum % 11) % 11;
  char expected = check == 10 ? 'X' : static_cast<char>('0' + check);
  if (s[17] != expected) return fail(msg::kIdCheckDigit);
  return IdNumber{s, birth, (s[16] - '0') % 2 == 1};
}

std::optional<std::string> parse_phone(std::string_view input) {
  std::string s;
  for (char c : text::normalize(input))
    if (c != ' ') s += c;
  if (s.size() == 11 && s[0] == '1') {
    for (char c : s)
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    return s;
  }
  // Landline: 0 + 2–3 digit area code, optional '-', 7–8 digits, optional '-' extension.
  size_t i = 0, digits = 0;
  if (s.empty() || s[0] != '0') return std::nullopt;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < s.size() && s[i] == '-') {
    if (digits < 3 || digits > 4) return std::nullopt;
    ++i;
    size_t local = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++local;
    if (local < 7 || local > 8) return std::nullopt;
  } else if (digits < 10 || digits > 12) {
    return std::nullopt;
  }
  if (i < s.size()) {
    if (s[i] != '-' || i + 1 == s.size()) return std::nullopt;
    for (size_t k = i + 1; k < s.size(); ++k)
      if (!std::isdigit(static_cast<unsigned char>(s[k]))) return std::nullopt;
    if (s.size() - i - 1 > 6) return std::nullopt;
  }
  return s;
}

std::string mask_id_number(std::string_view id) {
  if (id.size() < 10) return std::string(id.size(), '*');
  return std::string(id.substr(0, 6)) + std::string(id.size() - 10, '*') +
         std::string(id.substr(id.size() - 4));
}

std::string mask_phone(std::string_view phone) {
  if (phone.size() < 7) return std::string(phone.size(), '*');
  return std::string(phone.substr(0, 3)) + std::string(phone.size() - 7, '*') +
         std::string(phone.substr(phone.size() - 4));
}

std::string mask_address(std::string_view address) {
  std::string out;
  size_t i = 0, n = 0;
  while (i < address.size() && n < 6) {
    auto c = static_cast<unsigned char>(address[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    out.append(address.substr(i, len));
    i += len;
    ++n;
  }
  return i < address.size() ? out + "****" : out;
}

int age_on(Date birth, Date on) {
  int age = static_cast<int>(on.year()) - static_cast<int>(birth.year());
  auto bm = static_cast<unsigned>(birth.month()), om = static_cast<unsigned>(on.month());
  auto bd = static_cast<unsigned>(birth.day()), od = static_cast<unsigned>(on.day());
  if (bm == 2 && bd == 29 && !on.year().is_leap()) bm = 3, bd = 1;
  if (om < bm || (om == bm && od < bd)) --age;
  return age;
}

}  // namespace zhdj::members
