// libxlsxwriter writes rows as they are added and assembles the file when the workbook is closed.
// The installed version (1.1.4) has no output_buffer option and writes only to a named file, so
// the file is a private temporary one, read back and removed by finish().
#include "xlsx/writer.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>

#include "xlsx/messages.hpp"

namespace zhdj::xlsx {

namespace {

// The hidden sheet holding drop-down lists too long to write inline.
constexpr const char* kChoicesSheet = "_choices";

// An inline list is written by libxlsxwriter 1.1.4 into a buffer of 258 bytes while its length is
// checked in characters (255), so a list of Chinese words could overflow it: inline lists must fit
// in 255 bytes.
constexpr std::size_t kMaxInlineListBytes = 255;
constexpr std::size_t kMaxHeaderFooterChars = 255;  // LXW_HEADER_FOOTER_MAX, counting "&C"
constexpr std::size_t kMaxCellChars = 32767;        // Excel's limit, checked by libxlsxwriter too

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// The values of a drop-down list; empty ones are dropped (Excel shows them as nothing).
std::vector<std::string> list_values(const std::vector<std::string>& choices) {
  std::vector<std::string> values;
  for (const auto& choice : choices) {
    if (!choice.empty()) values.push_back(choice);
  }
  return values;
}

// Whether a list can be written into the validation itself as "a,b,c".
bool fits_inline(const std::vector<std::string>& values) {
  std::size_t bytes = 0;
  for (const auto& value : values) {
    if (value.find_first_of(",\"") != std::string::npos) return false;
    bytes += value.size() + 1;
  }
  return bytes - 1 <= kMaxInlineListBytes;
}

// Centred page header or footer text; a literal "&" is written "&&" (other & codes are commands).
std::string header_footer_text(const std::string& text) {
  if (text.empty()) return {};
  std::string out = "&C";
  for (char c : text) {
    if (c == '&') out += '&';
    out += c;
  }
  if (utf8_length(out) > kMaxHeaderFooterChars) throw Error(msg::kHeaderFooterTooLong);
  return out;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

void check(lxw_error error) {
  if (error != LXW_NO_ERROR) throw Error(msg::kWriteFailed);
}

}  // namespace

void SheetWriter::add_row(const std::vector<std::string>& cells) {
  if (*finished_) throw std::logic_error("xlsx::SheetWriter used after Writer::finish()");
  if (next_row_ >= LXW_ROW_MAX) throw Error(msg::kTooManyRows);
  if (cells.size() > LXW_COL_MAX) throw Error(msg::kTooManyColumns);
  for (std::size_t col = 0; col < cells.size(); ++col) {
    const std::string& text = cells[col];
    lxw_format* format = col < column_formats_.size() ? column_formats_[col] : nullptr;
    if (text.empty() && !format) continue;
    if (text.size() > kMaxCellChars && utf8_length(text) > kMaxCellChars) {
      throw Error(msg::kCellTooLong);
    }
    check(worksheet_write_string(worksheet_, next_row_, static_cast<lxw_col_t>(col), text.c_str(),
                                 format));
  }
  ++next_row_;
}

struct Writer::Impl {
  std::filesystem::path path;
  lxw_workbook* workbook = nullptr;  // null once finish() has closed it
  bool finished = false;
  lxw_format* bold = nullptr;
  lxw_format* text = nullptr;
  std::vector<std::unique_ptr<SheetWriter>> sheets;
  std::vector<std::vector<std::string>> long_lists;  // columns of the hidden choices sheet
  std::string header;
  std::string footer;
  std::set<std::string> sheet_names{ascii_lower(kChoicesSheet)};  // lower case
};

Writer::Writer() : impl_(std::make_unique<Impl>()) {
  std::string pattern = (std::filesystem::temp_directory_path() / "zhdj-xlsx-XXXXXX").string();
  int fd = mkstemp(pattern.data());  // created 0600: nobody else reads the export
  if (fd < 0) throw Error(msg::kWriteFailed);
  ::close(fd);
  impl_->path = pattern;

  // constant_memory streams each row to a temporary file as the next one starts, with strings
  // inline: 30,000 × 25 cells take 9 MB instead of 99 MB and a little less time, and rows are
  // only ever added in order here. Sheet settings (validation, header, panes) are unaffected.
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  impl_->workbook = workbook_new_opt(impl_->path.c_str(), &options);
  if (!impl_->workbook) {
    std::error_code ignored;
    std::filesystem::remove(impl_->path, ignored);
    throw Error(msg::kWriteFailed);
  }
  impl_->bold = workbook_add_format(impl_->workbook);
  format_set_bold(impl_->bold);
  impl_->text = workbook_add_format(impl_->workbook);
  format_set_num_format(impl_->text, "@");
}

Writer::~Writer() {
  if (impl_->workbook) lxw_workbook_free(impl_->workbook);
  std::error_code ignored;
  std::filesystem::remove(impl_->path, ignored);
}

SheetWriter& Writer::add_sheet(const std::string& name, const std::vector<Column>& columns,
                               const SheetOptions& options) {
  if (!impl_->workbook) throw std::logic_error("xlsx::Writer used after finish()");
  if (columns.size() > LXW_COL_MAX) throw Error(msg::kTooManyColumns);
  // Excel compares sheet names without case; libxlsxwriter 1.1.4 does not.
  if (name.empty() || !impl_->sheet_names.insert(ascii_lower(name)).second ||
      workbook_validate_sheet_name(impl_->workbook, name.c_str()) != LXW_NO_ERROR) {
    throw Error(msg::kSheetName);
  }
  lxw_worksheet* worksheet = workbook_add_worksheet(impl_->workbook, name.c_str());
  if (!worksheet) throw Error(msg::kSheetName);

  std::vector<lxw_format*> formats;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const Column& column = columns[i];
    const auto col = static_cast<lxw_col_t>(i);
    lxw_format* format = column.text_format ? impl_->text : nullptr;
    formats.push_back(format);
    check(worksheet_set_column(worksheet, col, col,
                               column.width > 0 ? column.width : LXW_DEF_COL_WIDTH, format));
    check(worksheet_write_string(worksheet, 0, col, column.header.c_str(),
                                 options.bold_header ? impl_->bold : nullptr));

    auto values = list_values(column.choices);
    if (values.empty()) continue;
    lxw_data_validation validation{};
    std::vector<const char*> items;
    char range[LXW_MAX_CELL_RANGE_LENGTH + 16];
    std::string formula;
    if (fits_inline(values)) {
      for (const auto& value : values) items.push_back(value.c_str());
      items.push_back(nullptr);
      validation.validate = LXW_VALIDATION_TYPE_LIST;
      validation.value_list = const_cast<char**>(items.data());
    } else {
      const auto list_col = static_cast<lxw_col_t>(impl_->long_lists.size());
      if (list_col >= LXW_COL_MAX || values.size() > LXW_ROW_MAX) throw Error(msg::kTooManyColumns);
      lxw_rowcol_to_range_abs(range, 0, list_col, static_cast<lxw_row_t>(values.size() - 1),
                              list_col);
      formula = std::string("='") + kChoicesSheet + "'!" + range;
      validation.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
      validation.value_formula = formula.data();
      impl_->long_lists.push_back(std::move(values));
    }
    // Below the header, down to the last row Excel has, so that rows typed in later are checked.
    check(worksheet_data_validation_range(worksheet, 1, col, LXW_ROW_MAX - 1, col, &validation));
  }
  if (options.freeze_header) worksheet_freeze_panes(worksheet, 1, 0);

  impl_->sheets.push_back(
      std::unique_ptr<SheetWriter>(new SheetWriter(worksheet, formats, &impl_->finished)));
  return *impl_->sheets.back();
}

void Writer::set_properties(const Properties& properties) {
  if (!impl_->workbook) throw std::logic_error("xlsx::Writer used after finish()");
  // libxlsxwriter copies the strings; an empty one is left out of the file.
  auto field = [](const std::string& value) {
    return value.empty() ? nullptr : const_cast<char*>(value.c_str());
  };
  lxw_doc_properties props{};
  props.title = field(properties.title);
  props.subject = field(properties.subject);
  props.author = field(properties.author);
  props.company = field(properties.company);
  props.comments = field(properties.comments);
  check(workbook_set_properties(impl_->workbook, &props));
}

void Writer::set_header_footer(const std::string& header, const std::string& footer) {
  impl_->header = header_footer_text(header);
  impl_->footer = header_footer_text(footer);
}

std::string Writer::finish() {
  if (!impl_->workbook) throw std::logic_error("xlsx::Writer::finish() called twice");
  for (const auto& sheet : impl_->sheets) {
    if (!impl_->header.empty())
      check(worksheet_set_header(sheet->worksheet_, impl_->header.c_str()));
    if (!impl_->footer.empty())
      check(worksheet_set_footer(sheet->worksheet_, impl_->footer.c_str()));
  }
  if (!impl_->long_lists.empty()) {
    lxw_worksheet* choices = workbook_add_worksheet(impl_->workbook, kChoicesSheet);
    if (!choices) throw Error(msg::kWriteFailed);
    std::size_t rows = 0;
    for (const auto& list : impl_->long_lists) rows = std::max(rows, list.size());
    for (std::size_t row = 0; row < rows; ++row) {  // in row order: constant_memory needs it
      for (std::size_t col = 0; col < impl_->long_lists.size(); ++col) {
        const auto& list = impl_->long_lists[col];
        if (row >= list.size()) continue;
        check(worksheet_write_string(choices, static_cast<lxw_row_t>(row),
                                     static_cast<lxw_col_t>(col), list[row].c_str(), nullptr));
      }
    }
    worksheet_hide(choices);
  }

  lxw_error error = workbook_close(impl_->workbook);  // frees the workbook, even on failure
  impl_->workbook = nullptr;
  impl_->finished = true;
  if (error != LXW_NO_ERROR) throw Error(msg::kWriteFailed);

  std::error_code size_error;
  const auto size = std::filesystem::file_size(impl_->path, size_error);
  if (size_error || size == 0) throw Error(msg::kWriteFailed);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  std::ifstream file(impl_->path, std::ios::binary);
  if (!file.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
    throw Error(msg::kWriteFailed);
  }
  file.close();
  std::error_code ignored;
  std::filesystem::remove(impl_->path, ignored);
  return bytes;
}

}  // namespace zhdj::xlsx
