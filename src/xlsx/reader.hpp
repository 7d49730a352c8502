// Reading .xlsx workbooks (Office Open XML spreadsheets, ECMA-376) into plain values.
// Used to import rosters that people made by hand in Excel or WPS: merged headers, hidden sheets,
// numbers stored as dates. The input is untrusted: every size is bounded by Limits, and any
// malformed input ends in xlsx::Error, never in a crash or an unbounded allocation.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace zhdj::xlsx {

// A file that cannot be read. what() is a short Chinese message that can be shown to the user
// as it is (xlsx/messages.hpp).
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class CellKind : std::uint8_t { empty, string, number, boolean, error };

struct Cell {
  // What the cell holds, as text: strings as they are (rich-text runs joined), numbers exactly as
  // written in the file ("0.1", "44378", "1E-3"), booleans "TRUE"/"FALSE", errors "#N/A".
  // A formula cell holds its cached value. Always valid UTF-8, as are sheet names: bytes of a
  // damaged file that are not UTF-8 read as U+FFFD.
  std::string text;
  CellKind kind = CellKind::empty;
  // A number shown as a date or time by its number format: text is an Excel serial date
  // (serial_to_date) rather than a quantity.
  bool date_style = false;

  bool empty() const { return kind == CellKind::empty; }
};

// A rectangle of cells, 0-based and inclusive: A1:B2 is {0, 0, 1, 1}.
struct Range {
  std::uint32_t first_row = 0;
  std::uint32_t first_col = 0;
  std::uint32_t last_row = 0;
  std::uint32_t last_col = 0;
};

struct Sheet {
  std::string name;
  bool hidden = false;  // state "hidden" or "veryHidden": the user does not see it in Excel
  // rows[r][c] is Excel's cell at row r + 1, column c + 1. Gaps are empty cells; trailing empty
  // cells of a row and trailing empty rows are left out, so rows may differ in length.
  std::vector<std::vector<Cell>> rows;
  std::vector<Range> merged;

  // The cell at (row, col), or an empty cell past the end of the data.
  const Cell& cell(std::size_t row, std::size_t col) const;
};

struct Workbook {
  std::vector<Sheet> sheets;  // in the order of the workbook's tabs, hidden ones included
  bool date1904 = false;      // serial dates count from 1904-01-01 (old Mac files)

  // The first sheet the user sees that has data (what an import reads); null if none.
  const Sheet* first_visible_sheet() const;
};

// What a read may cost. The defaults suit a server reading one upload at a time; a file over any
// of them is refused with xlsx::Error.
struct Limits {
  std::size_t max_file_bytes = 64u << 20;    // the .xlsx itself (compressed)
  std::size_t max_part_bytes = 256u << 20;   // one part (XML file inside the zip), uncompressed
  std::size_t max_total_bytes = 256u << 20;  // all parts read, uncompressed
  std::size_t max_entries = 10'000;          // files in the zip
  std::size_t max_rows = 1'048'576;          // Excel's own limits
  std::size_t max_columns = 16'384;
  std::size_t max_shared_strings = 2'000'000;
  // The result: cells of all sheets counting gaps and merged fills (about 40 bytes each), and the
  // bytes of their text (a shared string is counted once per cell that shows it).
  std::size_t max_cells = 10'000'000;
  std::size_t max_text_bytes = 256u << 20;
  // The parsed XML tree of one part, about 10 times the part's size (a sheet's rows are parsed
  // in fragments of about 1 MB, so in practice this bounds the shared strings part).
  std::size_t max_xml_memory = 1u << 30;
};

struct ReadOptions {
  // Copy the top-left value of each merged range into every cell of the range, so that a header
  // merged over two rows or columns reads the same in each of them.
  bool fill_merged = true;
};

// Reads a whole workbook from the bytes of an .xlsx file.
// Throws xlsx::Error when the bytes are not an .xlsx file, are damaged, or exceed `limits`.
// Thread-safe: reads share no state.
Workbook read(std::string_view bytes, const Limits& limits = {}, const ReadOptions& options = {});

// The civil date of an Excel serial date (the time of day is dropped).
// In the 1900 system serial 1 is 1900-01-01 and, as in Excel, serial 60 is the fictitious
// 1900-02-29 (nullopt here), so serial 61 is 1900-03-01. In the 1904 system serial 0 is
// 1904-01-01. Nullopt for serials before the first day or after 9999-12-31 (2958465).
std::optional<std::chrono::year_month_day> serial_to_date(double serial, bool date1904);

// Whether a custom number format (styles.xml <numFmt formatCode>) shows a date or time: it has
// a d, m, y, h or s outside "quoted text", [brackets] (colours, locales, elapsed [h]) and the
// \x, _x, *x escapes. "yyyy年m月d日" and "[h]:mm" are; "General", "0.00", "#,##0 \"元\"" are not.
bool is_date_format(std::string_view format_code);

}  // namespace zhdj::xlsx
