#include <gtest/gtest.h>
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <cstring>
#include <filesystem>

#include "support/xlsx_samples.hpp"
#include "xlsx/messages.hpp"
#include "xlsx/reader.hpp"
#include "xlsx/writer.hpp"

using namespace zhdj;
using namespace zhdj::xlsx::samples;
using xlsx::CellKind;

namespace {

std::string ymd(std::optional<std::chrono::year_month_day> date) {
  if (!date) return "none";
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date->year()),
                static_cast<unsigned>(date->month()), static_cast<unsigned>(date->day()));
  return text;
}

// The Chinese message of the xlsx::Error that reading `bytes` throws, or "no error".
std::string read_error(const std::string& bytes, const xlsx::Limits& limits = {}) {
  try {
    xlsx::read(bytes, limits);
  } catch (const xlsx::Error& e) {
    return e.what();
  }
  return "no error";
}

xlsx::Workbook read_one_sheet(const std::string& rows, const std::string& after = {},
                              const std::string& shared_strings = {},
                              const std::string& styles = {}) {
  SampleWorkbook book;
  book.sheets.push_back({"Sheet1", sheet_xml(rows, after), ""});
  book.shared_strings = shared_strings;
  book.styles = styles;
  return xlsx::read(workbook_zip(book));
}

long max_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// A zip whose one part is `size` bytes of spaces, produced while libzip deflates it, so that the
// test itself never holds the part in memory.
std::string zip_of_spaces(const std::string& name, zip_uint64_t size) {
  struct Spaces {
    zip_uint64_t size;
    zip_uint64_t offset = 0;
  } spaces{size};
  auto callback = [](void* state, void* data, zip_uint64_t length,
                     zip_source_cmd_t command) -> zip_int64_t {
    auto* s = static_cast<Spaces*>(state);
    switch (command) {
      case ZIP_SOURCE_OPEN:
        s->offset = 0;
        return 0;
      case ZIP_SOURCE_READ: {
        zip_uint64_t n = std::min(length, s->size - s->offset);
        std::memset(data, ' ', n);
        s->offset += n;
        return static_cast<zip_int64_t>(n);
      }
      case ZIP_SOURCE_STAT: {
        auto* stat = static_cast<zip_stat_t*>(data);
        zip_stat_init(stat);
        stat->size = s->size;
        stat->valid |= ZIP_STAT_SIZE;
        return sizeof(zip_stat_t);
      }
      case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                              ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
                                              -1);
      case ZIP_SOURCE_CLOSE:
      case ZIP_SOURCE_FREE:
        return 0;
      default:
        return -1;
    }
  };
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(buffer);
  zip_t* zip = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  zip_source_t* source = zip_source_function(zip, callback, &spaces);
  zip_file_add(zip, name.c_str(), source, 0);
  EXPECT_EQ(zip_close(zip), 0);
  std::string bytes;
  zip_stat_t stat;
  zip_source_stat(buffer, &stat);
  zip_source_open(buffer);
  bytes.resize(stat.size);
  bytes.resize(static_cast<std::size_t>(zip_source_read(buffer, bytes.data(), bytes.size())));
  zip_source_close(buffer);
  zip_source_free(buffer);
  return bytes;
}

// Writes a 32-bit little-endian value at `at`.
void put_u32(std::string& bytes, std::size_t at, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

// Changes the uncompressed size that both the local header and the central directory declare for
// every entry of a zip (no data descriptors, no zip64: small zips from libzip).
void declare_uncompressed_size(std::string& zip, std::uint32_t size) {
  for (std::size_t at = 0; (at = zip.find("PK\x03\x04", at)) != std::string::npos; at += 4) {
    put_u32(zip, at + 22, size);
  }
  for (std::size_t at = 0; (at = zip.find("PK\x01\x02", at)) != std::string::npos; at += 4) {
    put_u32(zip, at + 24, size);
  }
}

std::vector<std::string> texts(const std::vector<xlsx::Cell>& row) {
  std::vector<std::string> out;
  for (const auto& cell : row) out.push_back(cell.text);
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Writer → reader

TEST(XlsxRoundTrip, ChineseTextAndLeadingZerosSurvive) {
  xlsx::Writer writer;
  auto& sheet = writer.add_sheet(
      "花名册", {{"姓名", 10}, {"身份证号", 22, {}, true}, {"手机", 14, {}, true}, {"备注"}});
  sheet.add_row({"张三", "010101199003070011", "013800138000", "入党积极分子 & 团员"});
  sheet.add_row({"李四", "", "0", "第一行\n第二行"});
  sheet.add_row({"王五·阿卜杜拉", "11010119900307001X"});

  auto book = xlsx::read(writer.finish());
  ASSERT_EQ(book.sheets.size(), 1u);
  const auto& read = book.sheets[0];
  EXPECT_EQ(read.name, "花名册");
  EXPECT_FALSE(read.hidden);
  ASSERT_EQ(read.rows.size(), 4u);
  EXPECT_EQ(texts(read.rows[0]), (std::vector<std::string>{"姓名", "身份证号", "手机", "备注"}));
  EXPECT_EQ(texts(read.rows[1]), (std::vector<std::string>{"张三", "010101199003070011",
                                                           "013800138000", "入党积极分子 & 团员"}));
  EXPECT_EQ(read.rows[1][1].kind, CellKind::string);
  EXPECT_EQ(texts(read.rows[2]), (std::vector<std::string>{"李四", "", "0", "第一行\n第二行"}));
  EXPECT_TRUE(read.rows[2][1].empty());
  EXPECT_EQ(texts(read.rows[3]), (std::vector<std::string>{"王五·阿卜杜拉", "11010119900307001X"}));
}

TEST(XlsxRoundTrip, PropertiesAndPrintedHeaderFooterAreInTheFile) {
  xlsx::Writer writer;
  writer.add_sheet("党员", {{"姓名"}}).add_row({"张三"});
  writer.add_sheet("预备党员", {{"姓名"}}).add_row({"李四"});
  writer.set_properties({"党员名单", "第一党支部", "组织部 王老师", "某某大学", "仅限内部使用"});
  writer.set_header_footer("导出人：王老师 & 李老师", "导出时间：2026-11-24 10:30");
  auto bytes = writer.finish();

  auto core = unzip_part(bytes, "docProps/core.xml");
  ASSERT_TRUE(core);
  EXPECT_NE(core->find("<dc:title>党员名单</dc:title>"), std::string::npos) << *core;
  EXPECT_NE(core->find("<dc:subject>第一党支部</dc:subject>"), std::string::npos);
  EXPECT_NE(core->find("<dc:creator>组织部 王老师</dc:creator>"), std::string::npos);
  EXPECT_NE(core->find("<dc:description>仅限内部使用</dc:description>"), std::string::npos);
  auto app = unzip_part(bytes, "docProps/app.xml");
  ASSERT_TRUE(app);
  EXPECT_NE(app->find("<Company>某某大学</Company>"), std::string::npos);

  // Every sheet prints the watermark; the literal "&" is doubled so Excel prints it.
  for (const char* part : {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"}) {
    auto sheet = unzip_part(bytes, part);
    ASSERT_TRUE(sheet) << part;
    EXPECT_NE(sheet->find("<oddHeader>&amp;C导出人：王老师 &amp;&amp; 李老师</oddHeader>"),
              std::string::npos)
        << *sheet;
    EXPECT_NE(sheet->find("<oddFooter>&amp;C导出时间：2026-11-24 10:30</oddFooter>"),
              std::string::npos);
  }
}

TEST(XlsxRoundTrip, HeaderRowIsFrozenAndBold) {
  xlsx::Writer writer;
  writer.add_sheet("名单", {{"姓名"}, {"支部"}}).add_row({"张三", "一支部"});
  writer.add_sheet("plain", {{"a"}}, {.bold_header = false, .freeze_header = false});
  auto bytes = writer.finish();
  auto sheet = unzip_part(bytes, "xl/worksheets/sheet1.xml");
  ASSERT_TRUE(sheet);
  EXPECT_NE(sheet->find(R"(<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft")"),
            std::string::npos)
      << *sheet;
  EXPECT_NE(unzip_part(bytes, "xl/styles.xml")->find("<b/>"), std::string::npos);
  EXPECT_EQ(unzip_part(bytes, "xl/worksheets/sheet2.xml")->find("<pane"), std::string::npos);
}

TEST(XlsxRoundTrip, ShortChoicesAreAnInlineDropDown) {
  xlsx::Writer writer;
  writer.add_sheet("花名册", {{"姓名"}, {"类别", 12, {"正式党员", "预备党员", ""}}});
  auto bytes = writer.finish();
  auto sheet = unzip_part(bytes, "xl/worksheets/sheet1.xml");
  ASSERT_TRUE(sheet);
  EXPECT_NE(sheet->find(R"(<dataValidation type="list" allowBlank="1" showInputMessage="1" )"
                        R"(showErrorMessage="1" sqref="B2:B1048576">)"
                        R"(<formula1>"正式党员,预备党员"</formula1>)"),
            std::string::npos)
      << *sheet;
  EXPECT_EQ(xlsx::read(bytes).sheets.size(), 1u);  // no hidden sheet needed
}

TEST(XlsxRoundTrip, LongChoicesLiveOnAHiddenSheet) {
  // 60 branch names are far over the 255 characters an inline list may have.
  std::vector<std::string> branches;
  for (int i = 1; i <= 60; ++i) branches.push_back("第" + std::to_string(i) + "党支部");
  xlsx::Writer writer;
  auto& sheet =
      writer.add_sheet("花名册", {{"姓名"}, {"支部", 20, branches}, {"学号", 12, {"a,b"}}});
  sheet.add_row({"张三", "第7党支部", "a,b"});
  auto bytes = writer.finish();

  auto xml = unzip_part(bytes, "xl/worksheets/sheet1.xml");
  ASSERT_TRUE(xml);
  EXPECT_NE(xml->find(R"(sqref="B2:B1048576"><formula1>'_choices'!$A$1:$A$60</formula1>)"),
            std::string::npos)
      << *xml;
  // A value with a comma cannot be written inline either.
  EXPECT_NE(xml->find(R"(sqref="C2:C1048576"><formula1>'_choices'!$B$1</formula1>)"),
            std::string::npos);

  auto book = xlsx::read(bytes);
  ASSERT_EQ(book.sheets.size(), 2u);
  EXPECT_FALSE(book.sheets[0].hidden);
  const auto& choices = book.sheets[1];
  EXPECT_EQ(choices.name, "_choices");
  EXPECT_TRUE(choices.hidden);
  ASSERT_EQ(choices.rows.size(), 60u);
  EXPECT_EQ(choices.cell(0, 0).text, "第1党支部");
  EXPECT_EQ(choices.cell(0, 1).text, "a,b");
  EXPECT_EQ(choices.cell(59, 0).text, "第60党支部");
}

TEST(XlsxWriter, RefusesSheetNamesExcelRefuses) {
  xlsx::Writer writer;
  writer.add_sheet("花名册", {});
  EXPECT_THROW(writer.add_sheet("花名册", {}), xlsx::Error);
  writer.add_sheet("Sheet", {});
  EXPECT_THROW(writer.add_sheet("SHEET", {}), xlsx::Error);  // Excel ignores case
  EXPECT_THROW(writer.add_sheet("_choices", {}), xlsx::Error);
  EXPECT_THROW(writer.add_sheet("'quoted'", {}), xlsx::Error);
  EXPECT_THROW(writer.add_sheet("", {}), xlsx::Error);
  EXPECT_THROW(writer.add_sheet("a/b", {}), xlsx::Error);
  EXPECT_THROW(writer.add_sheet(std::string(32, 'x'), {}), xlsx::Error);
  try {
    writer.add_sheet("[x]", {});
    FAIL();
  } catch (const xlsx::Error& e) {
    EXPECT_STREQ(e.what(), xlsx::msg::kSheetName);
  }
}

TEST(XlsxWriter, RefusesOverlongCellsAndHeaders) {
  xlsx::Writer writer;
  auto& sheet = writer.add_sheet("s", {{"a"}});
  EXPECT_THROW(sheet.add_row({std::string(32768, 'x')}), xlsx::Error);
  sheet.add_row({std::string(32767, 'x')});
  EXPECT_THROW(writer.set_header_footer(std::string(254, 'x'), ""), xlsx::Error);
  EXPECT_THROW(writer.set_header_footer(std::string(127, '&'), ""), xlsx::Error);
  writer.set_header_footer(std::string(253, 'x'), std::string(126, '&'));
  EXPECT_EQ(xlsx::read(writer.finish()).sheets[0].cell(1, 0).text.size(), 32767u);
}

TEST(XlsxWriter, CannotBeUsedAfterFinish) {
  xlsx::Writer writer;
  auto& sheet = writer.add_sheet("s", {{"a"}});
  writer.finish();
  EXPECT_THROW(sheet.add_row({"x"}), std::logic_error);
  EXPECT_THROW(writer.add_sheet("t", {}), std::logic_error);
  EXPECT_THROW(writer.finish(), std::logic_error);
}

TEST(XlsxWriter, LeavesNoTemporaryFileBehind) {
  // A private TMPDIR, so that other processes' files do not count.
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old ? old : "";
  std::string dir = (std::filesystem::temp_directory_path() / "zhdj-xlsx-test-XXXXXX").string();
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  setenv("TMPDIR", dir.c_str(), 1);
  {
    xlsx::Writer writer;
    writer.add_sheet("s", {{"a"}});
    EXPECT_FALSE(std::filesystem::is_empty(dir));  // the file libxlsxwriter writes to
    writer.finish();
  }
  {
    xlsx::Writer abandoned;
    abandoned.add_sheet("s", {{"a"}});
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  if (old) {
    setenv("TMPDIR", saved.c_str(), 1);
  } else {
    unsetenv("TMPDIR");
  }
  std::filesystem::remove_all(dir);
}

// ---------------------------------------------------------------------------------------------
// Hand-built workbooks

TEST(XlsxReader, SharedStringsJoinRichTextRunsAndSkipPhoneticGuides) {
  auto book =
      read_one_sheet(R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>)"
                     R"(<c r="C1" t="s"><v>2</v></c></row>)",
                     {},
                     shared_strings_xml(R"(<si><t>支部书记</t></si>)"
                                        R"(<si><r><rPr><b/></rPr><t>中共</t></r>)"
                                        R"(<r><t xml:space="preserve"> 党员</t></r>)"
                                        R"(<rPh sb="0" eb="2"><t>ちゅうきょう</t></rPh></si>)"
                                        R"(<si><t>a_x000D_b&amp;c</t></si>)"));
  const auto& row = book.sheets.at(0).rows.at(0);
  EXPECT_EQ(texts(row), (std::vector<std::string>{"支部书记", "中共 党员", "a\rb&c"}));
  EXPECT_EQ(row[1].kind, CellKind::string);
}

TEST(XlsxReader, InlineStringsAndCachedFormulaValues) {
  auto book = read_one_sheet(
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>王五</t></is></c>)"
      R"(<c r="B1" t="inlineStr"><is><r><t>第一</t></r><r><t>支部</t></r></is></c>)"
      R"(<c r="C1" t="str"><f>A1&amp;B1</f><v>王五第一支部</v></c>)"
      R"(<c r="D1"><f>1+1</f><v>2</v></c><c r="E1" t="b"><v>1</v></c><c r="F1" t="b"><v>0</v></c>)"
      R"(<c r="G1" t="e"><v>#N/A</v></c><c r="H1"><v>1.50</v></c><c r="I1"><v>1E-3</v></c>)"
      R"(<c r="J1" s="0"><f>A1</f></c></row>)");
  const auto& row = book.sheets.at(0).rows.at(0);
  EXPECT_EQ(texts(row), (std::vector<std::string>{"王五", "第一支部", "王五第一支部", "2", "TRUE",
                                                  "FALSE", "#N/A", "1.50", "1E-3"}));
  EXPECT_EQ(row[0].kind, CellKind::string);
  EXPECT_EQ(row[2].kind, CellKind::string);
  EXPECT_EQ(row[3].kind, CellKind::number);
  EXPECT_EQ(row[4].kind, CellKind::boolean);
  EXPECT_EQ(row[6].kind, CellKind::error);
  EXPECT_EQ(row[7].kind, CellKind::number);
}

TEST(XlsxReader, TextIsAlwaysValidUtf8) {
  // A stray byte, a surrogate, a truncated sequence, an overlong form, a code point past U+10FFFF.
  SampleWorkbook book;
  book.sheets.push_back(
      {"名\xFF"
       "单",
       sheet_xml("<row><c t=\"inlineStr\"><is><t>a\xFF"
                 "b&#xD800;c\xE4\xB8</t></is></c>"
                 "<c t=\"e\"><v>#\xC0\xAF</v></c>"
                 "<c><v>\xF4\x90\x80\x80</v></c></row>"),
       ""});
  auto read = xlsx::read(workbook_zip(book));
  const std::string bad = "\xEF\xBF\xBD";
  EXPECT_EQ(read.sheets[0].name, "名" + bad + "单");
  EXPECT_EQ(read.sheets[0].cell(0, 0).text, "a" + bad + "b" + bad + bad + bad + "c" + bad + bad);
  EXPECT_EQ(read.sheets[0].cell(0, 1).text, "#" + bad + bad);
  EXPECT_EQ(read.sheets[0].cell(0, 2).text, bad + bad + bad + bad);
}

TEST(XlsxReader, SparseAndOutOfOrderCellsLandWhereTheirReferencesSay) {
  auto book = read_one_sheet(
      R"(<row r="3"><c r="C3"><v>33</v></c><c r="A3"><v>31</v></c></row>)"
      R"(<row r="1"><c><v>11</v></c><c><v>12</v></c><c r="E1"><v>15</v></c><c><v>16</v></c></row>)"
      R"(<row><c r="B2" s="1"/><c><v>23</v></c></row>)"  // no r: follows row 1
      R"(<row r="6"><c r="B6" s="2"/></row>)");          // styled but empty: trimmed
  const auto& sheet = book.sheets.at(0);
  ASSERT_EQ(sheet.rows.size(), 3u);
  EXPECT_EQ(texts(sheet.rows[0]), (std::vector<std::string>{"11", "12", "", "", "15", "16"}));
  EXPECT_TRUE(sheet.rows[0][2].empty());
  EXPECT_EQ(texts(sheet.rows[1]), (std::vector<std::string>{"", "", "23"}));
  EXPECT_EQ(texts(sheet.rows[2]), (std::vector<std::string>{"31", "", "33"}));
  EXPECT_EQ(sheet.cell(2, 2).text, "33");
  EXPECT_TRUE(sheet.cell(100, 100).empty());
}

TEST(XlsxReader, MergedHeaderCellsAreFilledFromTheirTopLeft) {
  // 姓名 spans two header rows; 联系方式 spans two columns above 手机 and 邮箱.
  const std::string rows = R"(<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c>)"
                           R"(<c r="B1" t="inlineStr"><is><t>联系方式</t></is></c></row>)"
                           R"(<row r="2"><c r="B2" t="inlineStr"><is><t>手机</t></is></c>)"
                           R"(<c r="C2" t="inlineStr"><is><t>邮箱</t></is></c></row>)"
                           R"(<row r="3"><c r="A3" t="inlineStr"><is><t>张三</t></is></c></row>)";
  const std::string merges = R"(<mergeCells count="3"><mergeCell ref="A1:A2"/>)"
                             R"(<mergeCell ref="B1:C1"/><mergeCell ref="E5:F6"/></mergeCells>)";
  auto filled = read_one_sheet(rows, merges);
  const auto& sheet = filled.sheets.at(0);
  ASSERT_EQ(sheet.merged.size(), 3u);
  EXPECT_EQ(sheet.merged[0].first_row, 0u);
  EXPECT_EQ(sheet.merged[0].last_row, 1u);
  EXPECT_EQ(sheet.merged[1].last_col, 2u);
  EXPECT_EQ(texts(sheet.rows[0]), (std::vector<std::string>{"姓名", "联系方式", "联系方式"}));
  EXPECT_EQ(texts(sheet.rows[1]), (std::vector<std::string>{"姓名", "手机", "邮箱"}));
  EXPECT_EQ(sheet.rows.size(), 3u);  // E5:F6 has nothing to copy

  SampleWorkbook book;
  book.sheets.push_back({"s", sheet_xml(rows, merges), ""});
  auto plain = xlsx::read(workbook_zip(book), {}, {.fill_merged = false});
  EXPECT_EQ(texts(plain.sheets[0].rows[0]), (std::vector<std::string>{"姓名", "联系方式"}));
  EXPECT_EQ(texts(plain.sheets[0].rows[1]), (std::vector<std::string>{"", "手机", "邮箱"}));
}

TEST(XlsxReader, SheetsComeInTabOrderWithHiddenOnesFlagged) {
  SampleWorkbook book;
  book.sheets.push_back({"说明", sheet_xml(R"(<row r="1"><c r="A1"><v>1</v></c></row>)"), ""});
  book.sheets.push_back(
      {"字典", sheet_xml(R"(<row r="1"><c r="A1"><v>2</v></c></row>)"), "hidden"});
  book.sheets.push_back({"花名册", sheet_xml(R"(<row r="1"><c r="A1"><v>3</v></c></row>)"), ""});
  book.sheets.push_back({"宏", sheet_xml(""), "veryHidden"});
  auto read = xlsx::read(workbook_zip(book));
  ASSERT_EQ(read.sheets.size(), 4u);
  EXPECT_EQ(read.sheets[0].name, "说明");
  EXPECT_FALSE(read.sheets[0].hidden);
  EXPECT_EQ(read.sheets[1].name, "字典");
  EXPECT_TRUE(read.sheets[1].hidden);
  EXPECT_EQ(read.sheets[1].cell(0, 0).text, "2");
  EXPECT_EQ(read.sheets[2].cell(0, 0).text, "3");
  EXPECT_TRUE(read.sheets[3].hidden);
  EXPECT_TRUE(read.sheets[3].rows.empty());
}

TEST(XlsxReader, PrefixedElementsAndMissingOptionalPartsAreRead) {
  SampleWorkbook book;
  book.sheets.push_back(
      {"s",
       R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
       R"(<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>赵六</x:t></x:is></x:c>)"
       R"(</x:row></x:sheetData></x:worksheet>)",
       ""});
  auto read = xlsx::read(workbook_zip(book));  // no sharedStrings.xml, no styles.xml
  EXPECT_EQ(read.sheets.at(0).cell(0, 0).text, "赵六");
}

TEST(XlsxReader, SheetsInUtf16OrWithADoctypeAreRead) {
  SampleWorkbook book;
  book.sheets.push_back({"doctype",
                         "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ELEMENT worksheet ANY>]>"
                         "<worksheet><sheetData><row r=\"1\"><c r=\"B1\"><v>7</v></c></row>"
                         "</sheetData></worksheet>",
                         ""});
  std::string utf16 = "\xFF\xFE";  // UTF-16LE with its byte order mark
  for (char c : sheet_xml(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>ok</t></is></c></row>)")) {
    utf16 += c;
    utf16 += '\0';
  }
  book.sheets.push_back({"utf16", utf16, ""});
  auto read = xlsx::read(workbook_zip(book));
  EXPECT_EQ(read.sheets.at(0).cell(0, 1).text, "7");
  EXPECT_EQ(read.sheets.at(1).cell(0, 0).text, "ok");
}

TEST(XlsxReader, NumbersInDateFormatsAreMarkedAsDates) {
  // xf 0 General, 1 built-in 14 (m/d/yyyy), 2 custom yyyy年m月d日, 3 custom 0.00, 4 built-in 22,
  // 5 built-in 49 (text), 6 custom with "元" quoted.
  auto styles = styles_xml(R"(<numFmt numFmtId="176" formatCode="yyyy年m月d日"/>)"
                           R"(<numFmt numFmtId="177" formatCode="0.00"/>)"
                           R"(<numFmt numFmtId="178" formatCode="#,##0 &quot;元&quot;"/>)",
                           R"(<xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/>)"
                           R"(<xf numFmtId="176"/><xf numFmtId="177"/><xf numFmtId="22"/>)"
                           R"(<xf numFmtId="49"/><xf numFmtId="178"/>)");
  auto book = read_one_sheet(
      R"(<row r="1"><c r="A1" s="1"><v>44378</v></c><c r="B1" s="2"><v>44378</v></c>)"
      R"(<c r="C1" s="3"><v>44378</v></c><c r="D1" s="0"><v>44378</v></c><c r="E1"><v>44378</v></c>)"
      R"(<c r="F1" s="4"><v>44378.5</v></c><c r="G1" s="5"><v>44378</v></c>)"
      R"(<c r="H1" s="6"><v>44378</v></c><c r="I1" s="99"><v>44378</v></c>)"
      R"(<c r="J1" s="1" t="inlineStr"><is><t>2021-07-01</t></is></c></row>)",
      {}, {}, styles);
  const auto& row = book.sheets.at(0).rows.at(0);
  std::vector<bool> dates;
  for (const auto& cell : row) dates.push_back(cell.date_style);
  EXPECT_EQ(dates,
            (std::vector<bool>{true, true, false, false, false, true, false, false, false, false}));
  EXPECT_EQ(ymd(xlsx::serial_to_date(std::stod(row[1].text), book.date1904)), "2021-07-01");
  EXPECT_FALSE(book.date1904);
}

TEST(XlsxReader, CustomFormatsAreDatesWhenTheyShowDayMonthYearOrTime) {
  EXPECT_TRUE(xlsx::is_date_format("yyyy年m月d日"));
  EXPECT_TRUE(xlsx::is_date_format("yyyy\"年\"m\"月\"d\"日\""));
  EXPECT_TRUE(xlsx::is_date_format("[$-804]yyyy-mm-dd;@"));
  EXPECT_TRUE(xlsx::is_date_format("[DBNum1][$-804]yyyy\"年\"m\"月\""));
  EXPECT_TRUE(xlsx::is_date_format("hh:mm:ss AM/PM"));
  EXPECT_TRUE(xlsx::is_date_format("[h]:mm"));
  EXPECT_TRUE(xlsx::is_date_format("D-MMM-YY"));
  EXPECT_FALSE(xlsx::is_date_format("General"));
  EXPECT_FALSE(xlsx::is_date_format("0.00"));
  EXPECT_FALSE(xlsx::is_date_format("#,##0 \"元\""));
  EXPECT_FALSE(xlsx::is_date_format("0.00_);[Red](0.00)"));
  EXPECT_FALSE(xlsx::is_date_format("0\\d"));
  EXPECT_FALSE(xlsx::is_date_format("[h]"));
  EXPECT_FALSE(xlsx::is_date_format("@"));
  EXPECT_FALSE(xlsx::is_date_format("0.00E+00"));
}

TEST(XlsxReader, Date1904WorkbooksAreFlagged) {
  SampleWorkbook book;
  book.sheets.push_back({"s", sheet_xml(R"(<row r="1"><c r="A1"><v>42916</v></c></row>)"), ""});
  book.date1904 = true;
  auto read = xlsx::read(workbook_zip(book));
  EXPECT_TRUE(read.date1904);
  EXPECT_EQ(ymd(xlsx::serial_to_date(std::stod(read.sheets[0].cell(0, 0).text), read.date1904)),
            "2021-07-01");
}

TEST(XlsxSerialDate, FollowsExcelsCalendarIncludingItsFake1900LeapDay) {
  EXPECT_EQ(ymd(xlsx::serial_to_date(1, false)), "1900-01-01");
  EXPECT_EQ(ymd(xlsx::serial_to_date(59, false)), "1900-02-28");
  EXPECT_EQ(ymd(xlsx::serial_to_date(60, false)), "none");  // 1900-02-29 never was
  EXPECT_EQ(ymd(xlsx::serial_to_date(61, false)), "1900-03-01");
  EXPECT_EQ(ymd(xlsx::serial_to_date(44378, false)), "2021-07-01");
  EXPECT_EQ(ymd(xlsx::serial_to_date(44378.99, false)), "2021-07-01");  // time of day dropped
  EXPECT_EQ(ymd(xlsx::serial_to_date(2958465, false)), "9999-12-31");
  EXPECT_EQ(ymd(xlsx::serial_to_date(2958466, false)), "none");
  EXPECT_EQ(ymd(xlsx::serial_to_date(0.5, false)), "none");
  EXPECT_EQ(ymd(xlsx::serial_to_date(-1, false)), "none");
  EXPECT_EQ(ymd(xlsx::serial_to_date(1e300, false)), "none");
  EXPECT_EQ(ymd(xlsx::serial_to_date(std::nan(""), false)), "none");
  EXPECT_EQ(ymd(xlsx::serial_to_date(0, true)), "1904-01-01");
  EXPECT_EQ(ymd(xlsx::serial_to_date(59, true)), "1904-02-29");
  EXPECT_EQ(ymd(xlsx::serial_to_date(44378 - 1462, true)), "2021-07-01");
  EXPECT_EQ(ymd(xlsx::serial_to_date(2958465 - 1462, true)), "9999-12-31");
  EXPECT_EQ(ymd(xlsx::serial_to_date(2958465 - 1461, true)), "none");
}

// ---------------------------------------------------------------------------------------------
// Files that are not .xlsx, damaged or hostile

TEST(XlsxReader, RefusesFilesThatAreNotXlsx) {
  EXPECT_EQ(read_error(""), xlsx::msg::kNotXlsx);
  EXPECT_EQ(read_error("姓名,身份证号\n张三,0101\n"), xlsx::msg::kNotXlsx);
  EXPECT_EQ(read_error(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0')),
            xlsx::msg::kLegacyOrEncrypted);
  // A zip, but a Word document.
  EXPECT_EQ(read_error(zip_parts({{"word/document.xml", "<document/>"}})), xlsx::msg::kNotXlsx);
}

TEST(XlsxReader, RefusesAWorkbookWithoutWorkbookXml) {
  SampleWorkbook book;
  book.sheets.push_back({"s", sheet_xml(""), ""});
  Parts parts;
  for (auto& part : workbook_parts(book)) {
    if (part.first != "xl/workbook.xml") parts.push_back(part);
  }
  EXPECT_EQ(read_error(zip_parts(parts)), xlsx::msg::kNotXlsx);
}

TEST(XlsxReader, RefusesMalformedXml) {
  SampleWorkbook book;
  book.sheets.push_back({"s", sheet_xml(R"(<row r="1"><c r="A1"><v>1</v></row>)"), ""});
  EXPECT_EQ(read_error(workbook_zip(book)), xlsx::msg::kCorrupt);
  book.sheets[0].xml = "";
  EXPECT_EQ(read_error(workbook_zip(book)), xlsx::msg::kCorrupt);
  book.sheets[0].xml = sheet_xml(R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)");
  EXPECT_EQ(read_error(workbook_zip(book)), xlsx::msg::kCorrupt);  // no shared string 0
  book.sheets[0].xml = sheet_xml(R"(<row r="1"><c r="1A"><v>0</v></c></row>)");
  EXPECT_EQ(read_error(workbook_zip(book)), xlsx::msg::kCorrupt);
}

TEST(XlsxReader, RefusesAZipBombWithoutInflatingIt) {
  // 300 MiB of spaces deflate to about 300 KiB; the part's declared size is over the limit.
  const auto bomb = zip_of_spaces("xl/workbook.xml", 300u << 20);
  ASSERT_LT(bomb.size(), 1u << 20);
  const long before = max_rss_kib();
  EXPECT_EQ(read_error(bomb), xlsx::msg::kTooLarge);
  EXPECT_LT(max_rss_kib() - before, 32 * 1024);

  xlsx::Limits small;
  small.max_part_bytes = 1 << 20;
  EXPECT_EQ(read_error(zip_of_spaces("xl/workbook.xml", 2u << 20), small), xlsx::msg::kTooLarge);
}

TEST(XlsxReader, APartLargerThanItsDeclaredSizeIsCorrupt) {
  // The directory says 100 bytes, the data inflates to 64 MiB: reading stops after 101 bytes.
  auto liar = zip_of_spaces("xl/workbook.xml", 64u << 20);
  declare_uncompressed_size(liar, 100);
  const long before = max_rss_kib();
  EXPECT_EQ(read_error(liar), xlsx::msg::kCorrupt);
  EXPECT_LT(max_rss_kib() - before, 32 * 1024);

  // And one that inflates to less than it declares.
  SampleWorkbook book;
  book.sheets.push_back({"s", sheet_xml(""), ""});
  auto short_part = workbook_zip(book);
  declare_uncompressed_size(short_part, 5000);
  EXPECT_EQ(read_error(short_part), xlsx::msg::kCorrupt);
}

TEST(XlsxReader, RefusesSheetsPastTheLimits) {
  SampleWorkbook book;
  book.sheets.push_back({"s", sheet_xml(R"(<row r="1"><c r="XFE1"><v>1</v></c></row>)"), ""});
  EXPECT_EQ(read_error(workbook_zip(book)), xlsx::msg::kTooManyColumns);  // past column XFD

  xlsx::Limits narrow;
  narrow.max_columns = 30;
  book.sheets[0].xml = sheet_xml(R"(<row r="1"><c r="AE1"><v>1</v></c></row>)");
  EXPECT_EQ(read_error(workbook_zip(book), narrow), xlsx::msg::kTooManyColumns);
  book.sheets[0].xml = sheet_xml(R"(<row r="1"><c r="AD1"><v>1</v></c></row>)");
  EXPECT_EQ(read_error(workbook_zip(book), narrow), "no error");

  book.sheets[0].xml = sheet_xml(R"(<row r="1048577"><c><v>1</v></c></row>)");
  EXPECT_EQ(read_error(workbook_zip(book)), xlsx::msg::kTooManyRows);

  // A merge over the whole sheet would fill 17 billion cells.
  xlsx::Limits few;
  few.max_cells = 1'000'000;
  book.sheets[0].xml = sheet_xml(R"(<row r="1"><c r="A1"><v>1</v></c></row>)",
                                 R"(<mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>)");
  EXPECT_EQ(read_error(workbook_zip(book), few), xlsx::msg::kTooManyCells);
  // So would cells at two corners, without the merge.
  book.sheets[0].xml = sheet_xml(
      R"(<row r="1"><c r="XFD1"><v>1</v></c></row><row r="500"><c r="XFD500"><v>1</v></c></row>)");
  EXPECT_EQ(read_error(workbook_zip(book), few), "no error");
  std::string rows;
  for (int r = 1; r <= 100; ++r)
    rows += "<row><c r=\"XFD" + std::to_string(r) + "\"><v>1</v></c></row>";
  book.sheets[0].xml = sheet_xml(rows);
  EXPECT_EQ(read_error(workbook_zip(book), few), xlsx::msg::kTooManyCells);

  xlsx::Limits tiny;
  tiny.max_file_bytes = 100;
  EXPECT_EQ(read_error(workbook_zip(book), tiny), xlsx::msg::kTooLarge);
}

TEST(XlsxReader, ASharedStringRepeatedInEveryCellCountsAgainstTheTextLimit) {
  std::string rows;
  for (int r = 1; r <= 100; ++r) {
    rows += "<row r=\"" + std::to_string(r) + "\">";
    for (int c = 0; c < 10; ++c) rows += R"(<c t="s"><v>0</v></c>)";
    rows += "</row>";
  }
  SampleWorkbook book;
  book.sheets.push_back({"s", sheet_xml(rows), ""});
  book.shared_strings = shared_strings_xml("<si><t>" + std::string(10000, 'x') + "</t></si>");
  xlsx::Limits limits;
  limits.max_text_bytes = 5'000'000;  // 1000 cells × 10 KB = 10 MB
  EXPECT_EQ(read_error(workbook_zip(book), limits), xlsx::msg::kTooManyCells);
  limits.max_text_bytes = 10'000'000;
  EXPECT_EQ(read_error(workbook_zip(book), limits), "no error");
}

// ---------------------------------------------------------------------------------------------
// A roster of 30,000 members with 25 columns round-trips whole (the sheet is parsed in
// fragments). How long it takes is measured by bench/, not asserted here.

TEST(XlsxLarge, ThirtyThousandRowRosterRoundTrips) {
  std::vector<xlsx::Column> columns;
  for (int c = 0; c < 25; ++c) columns.push_back({"字段" + std::to_string(c), 12, {}, c == 1});
  columns[3].choices = {"正式党员", "预备党员"};
  xlsx::Writer writer;
  auto& sheet = writer.add_sheet("花名册", columns);
  std::vector<std::string> row(25);
  for (int r = 0; r < 30'000; ++r) {
    for (int c = 0; c < 25; ++c) {
      row[c] = c == 0   ? "党员" + std::to_string(r)
               : c == 1 ? "0101011990" + std::to_string(10'000'000 + r)
               : c == 3 ? (r % 3 ? "正式党员" : "预备党员")
                        : "第" + std::to_string(r % 50) + "党支部" + std::to_string(c);
    }
    sheet.add_row(row);
  }
  const auto book = xlsx::read(writer.finish());
  ASSERT_EQ(book.sheets.at(0).rows.size(), 30'001u);
  EXPECT_EQ(book.sheets[0].cell(30'000, 0).text, "党员29999");
  EXPECT_EQ(book.sheets[0].cell(30'000, 1).text, "010101199010029999");
  EXPECT_EQ(book.sheets[0].cell(15'002, 3).text, "正式党员");
}
