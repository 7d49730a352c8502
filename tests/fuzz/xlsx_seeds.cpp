// Writes the seed corpus of the xlsx fuzzer into the directory given as argument: files from
// xlsx::Writer, and hand-built workbooks both zipped and in the text form of parts_text.hpp.
#include <cstdio>
#include <fstream>
#include <string>

#include "fuzz/parts_text.hpp"
#include "xlsx/writer.hpp"

using namespace zhdj::xlsx;
using namespace zhdj::xlsx::samples;

namespace {

std::string directory;
int written = 0;

void save(const std::string& name, const std::string& bytes) {
  std::ofstream(directory + "/" + name, std::ios::binary) << bytes;
  ++written;
}

std::string roster() {
  Writer writer;
  std::vector<std::string> branches;
  for (int i = 1; i <= 40; ++i) branches.push_back("第" + std::to_string(i) + "党支部");
  auto& sheet = writer.add_sheet("花名册", {{"姓名", 10},
                                            {"身份证号", 20, {}, true},
                                            {"类别", 10, {"正式党员", "预备党员"}},
                                            {"支部", 16, branches}});
  sheet.add_row({"张三", "010101199003070011", "正式党员", "第1党支部"});
  sheet.add_row({"李四", "", "预备党员", "第2党支部", "多出的一列"});
  writer.add_sheet("说明", {{"填写说明"}}).add_row({"日期写作 2021-07-01"});
  writer.set_properties({"花名册", "党员", "组织部", "大学", "内部"});
  writer.set_header_footer("导出人 & 时间", "第 1 页");
  return writer.finish();
}

std::vector<SampleWorkbook> sample_workbooks() {
  std::vector<SampleWorkbook> books;

  SampleWorkbook strings;
  strings.shared_strings = shared_strings_xml(
      R"(<si><t>姓名</t></si><si><r><rPr><b/></rPr><t>中共</t></r><r><t xml:space="preserve"> 党员</t></r>)"
      R"(<rPh sb="0" eb="1"><t>x</t></rPh></si><si><t>a_x000D_b&amp;c_xD83D__xDE00_</t></si>)");
  strings.sheets.push_back(
      {"s",
       sheet_xml(
           R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>)"
           R"(<c r="C1" t="s"><v>2</v></c></row><row><c t="inlineStr"><is><t>王五</t></is></c>)"
           R"(<c t="str"><f>A1</f><v>x</v></c><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c>)"
           R"(<c t="d"><v>2021-07-01T00:00:00</v></c><c><v>1.5E-3</v></c></row>)"),
       ""});
  books.push_back(strings);

  SampleWorkbook layout;
  layout.sheets.push_back(
      {"名单",
       sheet_xml(
           R"(<row r="3"><c r="C3"><v>33</v></c><c r="A3"><v>31</v></c></row>)"
           R"(<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" )"
           R"(t="inlineStr"><is><t>联系方式</t></is></c></row><row r="2"><c r="B2"><v>1</v></c>)"
           R"(<!-- note --><c r="C2"><v><![CDATA[2]]></v></c></row>)",
           R"(<mergeCells count="2"><mergeCell ref="A1:A2"/><mergeCell ref="B1:C1"/></mergeCells>)"),
       ""});
  layout.sheets.push_back(
      {"字典", sheet_xml(R"(<row r="1"><c r="A1"><v>1</v></c></row>)"), "hidden"});
  layout.sheets.push_back({"宏", sheet_xml(""), "veryHidden"});
  books.push_back(layout);

  SampleWorkbook dates;
  dates.date1904 = true;
  dates.styles = styles_xml(
      R"x(<numFmt numFmtId="176" formatCode="yyyy年m月d日"/><numFmt numFmtId="177" formatCode="0.00_);[Red](0.00)"/>)x",
      R"(<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="177"/><xf numFmtId="47"/>)");
  dates.sheets.push_back(
      {"日期",
       sheet_xml(R"(<row r="1"><c r="A1" s="1"><v>42916</v></c><c r="B1" s="2"><v>60</v></c>)"
                 R"(<c r="C1" s="3"><v>1</v></c><c r="D1" s="4"><v>0.5</v></c></row>)"),
       ""});
  dates.sheets.push_back(
      {"前缀",
       R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>)"
       R"(<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>赵六</x:t></x:is></x:c></x:row>)"
       R"(</x:sheetData></x:worksheet>)",
       ""});
  books.push_back(dates);

  // Parts pugixml reads as a whole: a DOCTYPE, and UTF-16 text.
  SampleWorkbook unusual;
  unusual.sheets.push_back(
      {"doctype",
       "<?xml version=\"1.0\"?><!DOCTYPE worksheet><worksheet><sheetData><row r=\"1\"><c r=\"A1\">"
       "<v>1</v></c></row></sheetData></worksheet>",
       ""});
  std::string utf16 = "\xFF\xFE";
  for (char c : sheet_xml(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>)")) {
    utf16 += c;
    utf16 += '\0';
  }
  unusual.sheets.push_back({"utf16", utf16, ""});
  books.push_back(unusual);
  return books;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: xlsx_seeds DIRECTORY\n");
    return 2;
  }
  directory = argv[1];
  const std::string written_by_writer = roster();
  save("roster.xlsx", written_by_writer);
  save("roster.txt", parts_to_text(unzip_parts(written_by_writer)));
  const auto books = sample_workbooks();
  for (std::size_t i = 0; i < books.size(); ++i) {
    const auto parts = workbook_parts(books[i]);
    save("sample" + std::to_string(i) + ".xlsx", zip_parts(parts));
    save("sample" + std::to_string(i) + ".txt", parts_to_text(parts));
  }
  std::printf("%d seeds in %s\n", written, directory.c_str());
  return 0;
}
