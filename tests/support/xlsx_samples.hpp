// .xlsx packages built by hand, for the unit tests and the fuzzer's seed corpus: a zip of named
// parts made in memory with libzip, and the parts of small workbooks written the way Excel, WPS
// and other writers do (odd part names, relationship ids out of order, prefixes).
#pragma once

#include <zip.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace zhdj::xlsx::samples {

using Parts = std::vector<std::pair<std::string, std::string>>;  // part name, content; zip order

// The bytes of a zip holding `parts`, deflated, or stored as they are when `store` is set.
inline std::string zip_parts(const Parts& parts, bool store = false) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!buffer) throw std::runtime_error("zip_source_buffer_create");
  zip_source_keep(buffer);  // keep it past zip_close to read the archive back
  zip_t* zip = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (!zip) {
    zip_source_free(buffer);
    throw std::runtime_error("zip_open_from_source");
  }
  for (const auto& [name, content] : parts) {
    // libzip reads the content at zip_close, while `parts` is still alive.
    zip_source_t* source = zip_source_buffer(zip, content.data(), content.size(), 0);
    zip_int64_t index =
        source ? zip_file_add(zip, name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) : -1;
    if (index < 0) {
      if (source) zip_source_free(source);
      zip_discard(zip);
      zip_source_free(buffer);
      throw std::runtime_error("zip_file_add " + name);
    }
    if (store) zip_set_file_compression(zip, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
  }
  if (zip_close(zip) != 0) {
    zip_discard(zip);
    zip_source_free(buffer);
    throw std::runtime_error("zip_close");
  }
  std::string bytes;
  zip_stat_t stat;
  if (zip_source_stat(buffer, &stat) == 0 && zip_source_open(buffer) == 0) {
    bytes.resize(static_cast<std::size_t>(stat.size));
    zip_int64_t n = zip_source_read(buffer, bytes.data(), bytes.size());
    bytes.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  return bytes;
}

// The content of one part of a zip, or nullopt if it has no such part.
inline std::optional<std::string> unzip_part(const std::string& bytes, const std::string& name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* zip = source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
  if (!zip) {
    if (source) zip_source_free(source);
    return std::nullopt;
  }
  std::optional<std::string> content;
  zip_stat_t stat;
  if (zip_stat(zip, name.c_str(), 0, &stat) == 0) {
    if (zip_file_t* file = zip_fopen(zip, name.c_str(), 0)) {
      content.emplace(static_cast<std::size_t>(stat.size), '\0');
      zip_int64_t n = zip_fread(file, content->data(), content->size());
      content->resize(n > 0 ? static_cast<std::size_t>(n) : 0);
      zip_fclose(file);
    }
  }
  zip_discard(zip);
  return content;
}

// All parts of a zip, in zip order; empty if it is not a zip.
inline Parts unzip_parts(const std::string& bytes) {
  Parts parts;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* zip = source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
  if (!zip) {
    if (source) zip_source_free(source);
    return parts;
  }
  const zip_int64_t count = zip_get_num_entries(zip, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    const auto index = static_cast<zip_uint64_t>(i);
    zip_stat_t stat;
    if (zip_stat_index(zip, index, 0, &stat) != 0) continue;
    zip_file_t* file = zip_fopen_index(zip, index, 0);
    if (!file) continue;
    std::string content(static_cast<std::size_t>(stat.size), '\0');
    zip_int64_t n = zip_fread(file, content.data(), content.size());
    content.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    zip_fclose(file);
    parts.emplace_back(stat.name, std::move(content));
  }
  zip_discard(zip);
  return parts;
}

// A worksheet part: `rows` is the inside of <sheetData>, `after` follows it (e.g. <mergeCells>).
inline std::string sheet_xml(const std::string& rows, const std::string& after = {}) {
  return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
         R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
         R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
         "<sheetData>" +
         rows + "</sheetData>" + after + "</worksheet>";
}

inline std::string shared_strings_xml(const std::string& items) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>)"
         R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)" +
         items + "</sst>";
}

// A styles part with the given custom number formats (<numFmt .../> elements) and cell formats
// (<xf .../> elements).
inline std::string styles_xml(const std::string& num_fmts, const std::string& xfs) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>)"
         R"(<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
         "<numFmts>" +
         num_fmts + "</numFmts><cellXfs>" + xfs + "</cellXfs></styleSheet>";
}

struct SampleSheet {
  std::string name;
  std::string xml;
  std::string state;  // "", "hidden" or "veryHidden"
};

struct SampleWorkbook {
  std::vector<SampleSheet> sheets;
  std::string shared_strings;  // the whole part, or empty for none
  std::string styles;          // the whole part, or empty for none
  bool date1904 = false;
};

// The parts of a workbook. Sheet parts are named xl/worksheets/data_N.xml, relationship ids run
// backwards and every other target is absolute, as real writers do: a reader must follow the
// relationships rather than guess names.
inline Parts workbook_parts(const SampleWorkbook& book) {
  const std::string rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  std::string sheets, rels, overrides;
  const std::size_t n = book.sheets.size();
  Parts sheet_parts;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& sheet = book.sheets[i];
    const std::string id = "rId" + std::to_string(n - i + 2);
    const std::string part = "xl/worksheets/data_" + std::to_string(i + 1) + ".xml";
    sheets += "<sheet name=\"" + sheet.name + "\" sheetId=\"" + std::to_string(i + 1) + "\"" +
              (sheet.state.empty() ? "" : " state=\"" + sheet.state + "\"") + " r:id=\"" + id +
              "\"/>";
    rels = "<Relationship Id=\"" + id + "\" Type=\"" + rel_ns + "/worksheet\" Target=\"" +
           (i % 2 ? "/" + part : part.substr(3)) + "\"/>" + rels;
    overrides += "<Override PartName=\"/" + part +
                 "\" ContentType=\"application/"
                 "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
    sheet_parts.emplace_back(part, sheet.xml);
  }
  if (!book.shared_strings.empty()) {
    rels += "<Relationship Id=\"rId1\" Type=\"" + rel_ns +
            "/sharedStrings\" Target=\"sharedStrings.xml\"/>";
  }
  if (!book.styles.empty()) {
    rels += "<Relationship Id=\"rId2\" Type=\"" + rel_ns + "/styles\" Target=\"styles.xml\"/>";
  }

  Parts parts;
  parts.emplace_back(
      "[Content_Types].xml",
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
      R"(<Default Extension="xml" ContentType="application/xml"/>)"
      R"(<Default Extension="rels" )"
      R"(ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
      R"(<Override PartName="/xl/workbook.xml" ContentType="application/)"
      R"(vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>)" +
          overrides + "</Types>");
  parts.emplace_back(
      "_rels/.rels",
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
      R"(<Relationship Id="rId1" Type=")" +
          rel_ns + R"(/officeDocument" Target="xl/workbook.xml"/></Relationships>)");
  parts.emplace_back(
      "xl/workbook.xml",
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r=")" +
          rel_ns + "\">" + (book.date1904 ? "<workbookPr date1904=\"1\"/>" : "<workbookPr/>") +
          "<sheets>" + sheets + "</sheets></workbook>");
  parts.emplace_back(
      "xl/_rels/workbook.xml.rels",
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)" +
          rels + "</Relationships>");
  if (!book.shared_strings.empty()) parts.emplace_back("xl/sharedStrings.xml", book.shared_strings);
  if (!book.styles.empty()) parts.emplace_back("xl/styles.xml", book.styles);
  for (auto& part : sheet_parts) parts.push_back(std::move(part));
  return parts;
}

inline std::string workbook_zip(const SampleWorkbook& book) {
  return zip_parts(workbook_parts(book));
}

}  // namespace zhdj::xlsx::samples
