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

// An oracle independent of the reader's own UTF-8 repair: the reader promises valid UTF-8.
bool valid_utf8(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > text.size()) return false;
    std::uint32_t code = n == 1 ? b : b & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
      const auto c = static_cast<unsigned char>(text[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      code = (code << 6) | (c & 0x3F);
    }
    static constexpr std::uint32_t kLeast[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kLeast[n] || code > 0x10FFFF || (code >= 0xD800 && code < 0xE000)) return false;
    i += n;
  }
  return true;
}

void use(const zhdj::xlsx::Workbook& book) {
  for (const auto& sheet : book.sheets) {
    if (!valid_utf8(sheet.name)) std::abort();
    for (const auto& row : sheet.rows) {
      for (const auto& cell : row) {
        if (!valid_utf8(cell.text)) std::abort();
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
