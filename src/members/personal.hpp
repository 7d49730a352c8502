// Personal data of the registry that needs care (DOMAIN.md §8): the citizen ID number
// (公民身份号码, GB 11643), phone numbers and home addresses — validation and masking.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/time.hpp"

namespace zhdj::members {

struct IdNumber {
  std::string number;  // 18 characters, upper-case X
  Date birth_date;
  bool male = false;  // the 17th digit is odd
};

// Validates an ID number: 18 characters (after normalising full-width digits and spaces), 17
// digits and a check character, a real birth date not after `today`, and the ISO 7064
// MOD 11-2 check character. On failure returns nullopt and sets `problem` to a Chinese message.
std::optional<IdNumber> parse_id_number(std::string_view input, Date today, std::string* problem);

// A mainland mobile (11 digits starting with 1) or a landline (area code, optional dash,
// 7–8 digits, optional extension). Returns the normalised number or nullopt.
std::optional<std::string> parse_phone(std::string_view input);

std::string mask_id_number(std::string_view id);     // 110101********1234
std::string mask_phone(std::string_view phone);      // 138****5678
std::string mask_address(std::string_view address);  // the first 6 characters, then ****

// Whole years from `birth` to `on` (born on 02-29: a year older on 03-01 in other years).
int age_on(Date birth, Date on);

}  // namespace zhdj::members
