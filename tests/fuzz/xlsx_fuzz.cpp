// libFuzzer target for xlsx::read (tests/fuzz/run.sh builds and runs it).
// An input starting with "PK" is read as the .xlsx file it is; any other input is a package in
// text form (parts_text.hpp), zipped here without compression first. xlsx::Error is the only
// acceptable failure: any other exception, a crash, a leak or a sanitizer report is a finding.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz/parts_text.hpp"
#include "xlsx/reader.hpp"

namespace {

// Smaller than the defaults so that one input stays far below the 2 GB the fuzzer allows; the
// code paths are the same.
zhdj::xlsx::Limits fuzz_limits() {
  zhdj::xlsx::Limits limits;
  limits.max_part_bytes = 32u << 20;
  limits.max_total_bytes = 64u << 20;
  limits.max_cells = 2'000'000;
  limits.max_text_bytes = 64u << 20;
  limits.max_xml_memory = 256u << 20;
  return limits;
}

void use(const zhdj::xlsx::Workbook& book) {
  for (const auto& sheet : book.sheets) {
    for (const auto& row : sheet.rows) {
      for (const auto& cell : row) {
        if (cell.date_style) {
          (void)zhdj::xlsx::serial_to_date(std::strtod(cell.text.c_str(), nullptr), book.date1904);
        }
      }
    }
    for (const auto& range : sheet.merged) (void)sheet.cell(range.last_row, range.last_col);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const zhdj::xlsx::Limits limits = fuzz_limits();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string bytes;
  if (input.starts_with("PK")) {
    bytes = input;
  } else {
    try {
      bytes = zhdj::xlsx::samples::zip_parts(zhdj::xlsx::samples::parts_from_text(input), true);
    } catch (const std::runtime_error&) {
      return 0;  // libzip refused a part name: not an input for the reader
    }
  }
  try {
    auto book = zhdj::xlsx::read(bytes, limits);
    use(book);
    for (const auto& sheet : book.sheets) {
      if (!sheet.merged.empty()) {
        use(zhdj::xlsx::read(bytes, limits, {.fill_merged = false}));
        break;
      }
    }
  } catch (const zhdj::xlsx::Error&) {
  }
  return 0;
}
