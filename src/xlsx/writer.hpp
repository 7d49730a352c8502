// Writing .xlsx workbooks: lists exported for printing or editing, and import templates whose
// columns offer drop-down choices. A thin builder over libxlsxwriter.
//
//   xlsx::Writer writer;
//   auto& sheet = writer.add_sheet("花名册", {{"姓名", 10}, {"身份证号", 20, {}, true}});
//   sheet.add_row({"张三", "110101199003070011"});
//   std::string bytes = writer.finish();
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "xlsx/reader.hpp"  // xlsx::Error

// libxlsxwriter's handles, opaque here (xlsxwriter.h stays inside writer.cpp).
struct lxw_worksheet;
struct lxw_format;

namespace zhdj::xlsx {

struct Column {
  std::string header{};
  double width = 0;  // in characters; 0 keeps Excel's default (8.43)
  // The values allowed in this column below the header, offered as a drop-down list. Long lists
  // (or values with commas or quotes) go to a hidden sheet that the validation refers to.
  std::vector<std::string> choices{};
  // Cells are text (format "@"): ID numbers and phone numbers keep their leading zeros, and so
  // do values a user types into the column later.
  bool text_format = false;
};

struct SheetOptions {
  bool bold_header = true;
  bool freeze_header = true;  // the header row stays in view while scrolling
};

// The document properties shown in Excel's File → Info and stored in docProps/.
struct Properties {
  std::string title;
  std::string subject;
  std::string author;
  std::string company;
  std::string comments;
};

// One worksheet under construction; its header row is already written. Owned by its Writer.
class SheetWriter {
 public:
  // Appends a row below the previous one. Cells beyond the sheet's columns are written unformatted.
  // Throws xlsx::Error past Excel's limits (1,048,576 rows, 16,384 columns, 32,767 characters),
  // std::logic_error after the Writer's finish().
  void add_row(const std::vector<std::string>& cells);

 private:
  friend class Writer;
  SheetWriter(lxw_worksheet* worksheet, std::vector<lxw_format*> column_formats,
              const bool* finished)
      : worksheet_(worksheet), finished_(finished), column_formats_(std::move(column_formats)) {}

  lxw_worksheet* worksheet_;                 // freed by finish()
  const bool* finished_;                     // the Writer's flag
  std::vector<lxw_format*> column_formats_;  // per column; null: no format
  std::uint32_t next_row_ = 1;               // row 0 is the header
};

// A workbook being written. Not thread-safe; one Writer per export.
class Writer {
 public:
  // Throws xlsx::Error if no private temporary file can be made in TMPDIR (the installed
  // libxlsxwriter writes only to files; finish() reads it back and removes it).
  Writer();
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Adds a sheet after the others and writes its header row. The reference stays valid until
  // the Writer is destroyed. Throws xlsx::Error for a name Excel refuses (empty, duplicate in any
  // case, over 31 characters, any of []:*?/\, ' at either end) and for "_choices", the hidden
  // sheet of long drop-down lists.
  SheetWriter& add_sheet(const std::string& name, const std::vector<Column>& columns,
                         const SheetOptions& options = {});

  void set_properties(const Properties& properties);

  // Printed page header and footer of every sheet, centred; "&" is printed as it is. Used as a
  // watermark: who exported the list, and when. Empty text: none. Throws xlsx::Error when a text
  // is longer than Excel allows (255 characters, each "&" counting twice).
  void set_header_footer(const std::string& header, const std::string& footer);

  // The .xlsx file. Call once; the Writer cannot be used afterwards.
  // Throws xlsx::Error if the file cannot be produced.
  std::string finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zhdj::xlsx
