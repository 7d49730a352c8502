#include "xlsx/csv.hpp"

#include <array>

#include "common/text.hpp"
#include "xlsx/messages.hpp"

namespace zhdj::xlsx {

namespace {

// The separator the first line uses most (outside quotes); a comma when it uses none.
char separator_of(std::string_view text) {
  std::array<std::size_t, 3> counts{};
  constexpr std::array<char, 3> kSeparators = {',', '\t', ';'};
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (!quoted && (c == '\n' || c == '\r')) break;
    for (std::size_t k = 0; k < kSeparators.size(); ++k)
      if (!quoted && c == kSeparators[k]) ++counts[k];
  }
  std::size_t best = 0;
  for (std::size_t k = 1; k < counts.size(); ++k)
    if (counts[k] > counts[best]) best = k;
  return kSeparators[best];
}

}  // namespace

Sheet read_csv(std::string_view bytes, const Limits& limits) {
  if (bytes.size() > limits.max_file_bytes) throw Error(msg::kTooLarge);
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  std::string decoded;
  if (!text::is_valid_utf8(bytes)) {
    decoded = text::gb18030_to_utf8(bytes);
    bytes = decoded;
  }
  Sheet sheet;
  sheet.name = "CSV";
  const char sep = separator_of(bytes);
  std::vector<Cell> row;
  std::string field;
  bool quoted = false, field_started = false;
  std::size_t cells = 0;
  auto end_field = [&] {
    Cell cell;
    cell.text = std::move(field);
    cell.kind = cell.text.empty() ? CellKind::empty : CellKind::string;
    row.push_back(std::move(cell));
    field.clear();
    field_started = false;
    if (row.size() > limits.max_columns) throw Error(msg::kTooManyColumns);
    if (++cells > limits.max_cells) throw Error(msg::kTooManyCells);
  };
  auto end_row = [&] {
    end_field();
    while (!row.empty() && row.back().empty()) row.pop_back();
    sheet.rows.push_back(std::move(row));
    row.clear();
    if (sheet.rows.size() > limits.max_rows) throw Error(msg::kTooManyRows);
  };
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    char c = bytes[i];
    if (quoted) {
      if (c != '"') {
        field += c;
      } else if (i + 1 < bytes.size() && bytes[i + 1] == '"') {
        field += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"' && !field_started) {
      quoted = field_started = true;
    } else if (c == sep) {
      end_field();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') ++i;
      end_row();
    } else {
      field += c;
      field_started = true;
    }
  }
  if (field_started || !field.empty() || !row.empty()) end_row();
  while (!sheet.rows.empty() && sheet.rows.back().empty()) sheet.rows.pop_back();
  return sheet;
}

}  // namespace zhdj::xlsx
