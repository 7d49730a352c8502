// The fields of a registry record (DOMAIN.md §2): one table drives validation, storage, the
// change history, corrections, the Excel template, import and export.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.hpp"
#include "members/codes.hpp"

namespace zhdj::members {

enum class FieldType { text, code, date, flag, id_number, phone, address, org };

struct Field {
  const char* key;    // API and history name
  const char* label;  // Chinese column header
  FieldType type;
  const CodeTable* codes = nullptr;
  size_t max_chars = 60;
  bool editable = true;  // by PATCH, import and corrections (status fields change by events)
};

const std::vector<Field>& fields();
const Field* find_field(std::string_view key);
// Matches an Excel header: the label, the key, or a common variant ("身份证号", "手机号", ...).
const Field* find_field_by_header(std::string_view header);
inline bool is_sensitive(const Field& f) {
  return f.type == FieldType::id_number || f.type == FieldType::phone ||
         f.type == FieldType::address;
}

// Field values in canonical text form: codes as codes, dates YYYY-MM-DD, flags "1"/"0",
// sensitive values in clear (only ever in memory). An empty string means "not filled in".
using Values = std::map<std::string, std::string, std::less<>>;

struct FieldError {
  std::string field;
  std::string message;
};

// The canonical form of one typed value; a Chinese message when it is not acceptable.
// Accepts what people type: Chinese names of codes, 是/否, loose dates, full-width digits.
std::optional<std::string> canonical(const Field& f, std::string_view raw, Date today,
                                     std::string* problem);

// Checks a whole record after merging changes, filling derived values: birth date and sex
// come from the ID number when left empty and must agree with it otherwise; applicants must
// be 18; members need an entry date; conversion is after entry.
std::vector<FieldError> check_record(Values& v, Date today);

// The masked form of a field value for display and history.
std::string masked(const Field& f, std::string_view value);
// A display form of a canonical value (code names, 是/否).
std::string display(const Field& f, std::string_view value);

}  // namespace zhdj::members
