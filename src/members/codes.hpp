// The coded values of the registry (DOMAIN.md §2) with their Chinese names. Codes are what the
// API and the database store; names are what people read and type (imports accept either).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace zhdj::members {

struct Code {
  const char* code;
  const char* name;
};
using CodeTable = std::span<const Code>;

namespace codes {
extern const CodeTable category;     // full, probationary, applicant, activist, development_target
extern const CodeTable status;       // active, suspended, transferred_out, withdrawn, ...
extern const CodeTable gender;       // male, female
extern const CodeTable identity;     // staff, undergraduate, graduate, retired
extern const CodeTable education;    // doctor ... junior
extern const CodeTable ethnicity;    // the 56 ethnic groups; code = name
extern const CodeTable lost_reason;  // DOMAIN.md §2 失联 reason codes
extern const CodeTable event_kind;   // status events
extern const CodeTable transfer_status;
}  // namespace codes

// The name of a code, or the code itself if unknown.
std::string name_of(CodeTable table, std::string_view code);
// A code given its code or its Chinese name; nullopt if neither.
std::optional<std::string> code_of(CodeTable table, std::string_view code_or_name);
bool is_code(CodeTable table, std::string_view code);

// Members proper (as opposed to people in the development pipeline).
inline bool is_party_member(std::string_view category) {
  return category == "full" || category == "probationary";
}

}  // namespace zhdj::members
