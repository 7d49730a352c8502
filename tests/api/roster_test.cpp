// Excel import and export of the roster through the API: a messy real-world file previews
// row by row with Chinese errors, applies all or nothing, is idempotent, creates accounts with
// a forced password change; exports are watermarked and audited.
#include <fmt/format.h>

#include "harness.hpp"
#include "support/xlsx_samples.hpp"
#include "xlsx/reader.hpp"

using namespace zhdj::testing;
using namespace zhdj::xlsx::samples;

namespace {

const char* kBranch = "计算机科学与技术学院本科生第一党支部";

std::string id_number(const std::string& birth, bool male, int seq) {
  std::string s = "320102" + birth + fmt::format("{:02d}{}", seq % 100, male ? 1 : 2);
  const int w[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (s[i] - '0') * w[i];
  return s + "10X98765432"[sum % 11];
}

std::string cell(const std::string& ref, const std::string& text) {
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">" + text +
         "</t></is></c>";
}

// A roster as a branch secretary makes it: a hidden instructions sheet first, a title merged
// over the columns, headers with spaces and other names, a full-width digit, dates typed four
// ways and one real Excel date.
std::string messy_roster(const std::string& bad_check_row_id) {
  std::string ids[4] = {id_number("20030115", true, 11), id_number("20021130", false, 12),
                        id_number("19850704", true, 13), bad_check_row_id};
  // A full-width ７ somewhere in the first number.
  std::string first = ids[0];
  auto pos = first.find('0', 6);
  std::string fw = first.substr(0, pos) + "\xEF\xBC\x90" + first.substr(pos + 1);
  auto row = [&](int r, const std::string& name, const std::string& id, const std::string& joined,
                 const std::string& category, const std::string& no, const std::string& identity) {
    std::string n = std::to_string(r);
    return "<row r=\"" + n + "\">" + cell("A" + n, name) + cell("B" + n, id) + joined +
           cell("D" + n, category) + cell("E" + n, no) + cell("F" + n, identity) +
           cell("G" + n, "13900000" + n.substr(0, 1) + "00") + "</row>";
  };
  std::string rows =
      "<row r=\"1\">" + cell("A1", "计算机学院本科生第一党支部 党员花名册") + "</row>" +
      "<row r=\"2\">" + cell("A2", " 姓名 ") + cell("B2", "身份证号") + cell("C2", "入党时间") +
      cell("D2", "人员类别") + cell("E2", "学号") + cell("F2", "身份") + cell("G2", "手机号") +
      cell("H2", "备注") + "</row>" +
      row(3, "  欧阳晓婷 ", fw, cell("C3", "2023.07.01"), "正式党员", "2021010101", "本科生") +
      row(4, "宋忠", ids[1], cell("C4", "2024年6月5日"), "预备党员", "2021010102", "本科生") +
      row(5, "单宏伟", ids[2], "<c r=\"C5\" s=\"1\"><v>44378</v></c>", "正式党员", "T88001",
          "教职工") +
      row(6, "丁一", ids[3], cell("C6", "20240701"), "正式党员", "2021010104", "本科生");
  SampleWorkbook book;
  book.sheets.push_back(
      {"说明", sheet_xml("<row r=\"1\">" + cell("A1", "姓名") + cell("B1", "身份证号") + "</row>"),
       "hidden"});
  book.sheets.push_back(
      {"花名册",
       sheet_xml(rows, "<mergeCells count=\"1\"><mergeCell ref=\"A1:H1\"/></mergeCells>")});
  book.styles = styles_xml("", "<xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/>");
  return workbook_zip(book);
}

std::string wrong_check(const std::string& id) {
  return id.substr(0, 17) + (id[17] == '1' ? "2" : "1");
}

Reply upload(Client& c, TestUniversity& u, const std::string& file) {
  return c.request("POST", "/api/v1/members/import?org_id=" + std::to_string(u.org_id(kBranch)),
                   file);
}

}  // namespace

TEST(Roster, MessyFilePreviewsRowByRowAndAppliesAllOrNothing) {
  TestUniversity u;
  Client c(u);
  c.login("demo-branch");
  auto good_fourth = id_number("20020301", true, 14);
  auto before = u.scalar("SELECT COUNT(*) FROM members");
  auto r = upload(c, u, messy_roster(wrong_check(good_fourth)));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["sheet"], "花名册");  // the hidden sheet is skipped
  EXPECT_EQ(r.json["header_row"], 2);
  EXPECT_EQ(r.json["ignored_columns"], Json::array({"备注"}));
  EXPECT_EQ(r.json["counts"]["new"], 3) << r.body;
  EXPECT_EQ(r.json["counts"]["error"], 1);
  auto bad = r.json["rows"][3];
  EXPECT_EQ(bad["row"], 6);
  EXPECT_EQ(bad["action"], "error");
  EXPECT_EQ(bad["errors"][0]["column"], "B（公民身份号码）");
  EXPECT_NE(bad["errors"][0]["message"].get<std::string>().find("校验位"), std::string::npos);
  EXPECT_EQ(r.json["rows"][0]["name"], "欧阳晓婷");
  // A file with errors cannot be applied.
  auto refused =
      c.post("/api/v1/members/import/" + r.json["batch"].get<std::string>() + "/confirm");
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM members"), before);
  // Fixed and uploaded again: applied in one go, with accounts that must change their password.
  auto fixed = upload(c, u, messy_roster(good_fourth));
  ASSERT_EQ(fixed.json["counts"]["new"], 4) << fixed.body;
  auto done =
      c.post("/api/v1/members/import/" + fixed.json["batch"].get<std::string>() + "/confirm");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json["created"], 4);
  EXPECT_EQ(done.json["credentials"].size(), 4u);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM members"), before + 4);
  EXPECT_EQ(
      u.scalar(
          "SELECT COUNT(*) FROM accounts WHERE login = '2021010101' AND must_change_password = 1"),
      1);
  auto person = c.get("/api/v1/members?q=T88001").json["items"][0];
  EXPECT_EQ(person["name"], "单宏伟");
  EXPECT_EQ(person["joined_on"], "2021-07-01");  // the Excel serial 44378
  EXPECT_EQ(c.get("/api/v1/members?q=2021010102").json["items"][0]["joined_on"], "2024-06-05");
  auto first = c.get("/api/v1/members?q=2021010101").json["items"][0];
  EXPECT_EQ(first["joined_on"], "2023-07-01");
  EXPECT_EQ(first["gender"], "male");  // from the ID number with its full-width digit
  EXPECT_EQ(c.post("/api/v1/members/import/" + fixed.json["batch"].get<std::string>() + "/confirm")
                .status,
            409);
  // The same file again changes nothing.
  auto again = upload(c, u, messy_roster(good_fourth));
  EXPECT_EQ(again.json["counts"]["unchanged"], 4) << again.body;
  auto changes = u.scalar("SELECT COUNT(*) FROM member_changes");
  auto second =
      c.post("/api/v1/members/import/" + again.json["batch"].get<std::string>() + "/confirm");
  EXPECT_EQ(second.json["created"], 0);
  EXPECT_EQ(second.json["updated"], 0);
  EXPECT_EQ(second.json["unchanged"], 4);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM member_changes"), changes);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'member.import'"), 2);
}

TEST(Roster, BrokenOrForeignFilesAreRefusedInChinese) {
  TestUniversity u;
  Client c(u);
  c.login("demo-branch");
  auto r = upload(c, u, "这不是一个 Excel 文件");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json["error"]["field"], "file");
  SampleWorkbook no_header;
  no_header.sheets.push_back(
      {"Sheet1", sheet_xml("<row r=\"1\">" + cell("A1", "a") + cell("B1", "b") + "</row>")});
  r = upload(c, u, workbook_zip(no_header));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.json["error"]["message"].get<std::string>().find("表头"), std::string::npos);
  // Another branch's org id is out of reach.
  Client other(u);
  other.login("demo-member");
  auto denied =
      other.request("POST", "/api/v1/members/import?org_id=" + std::to_string(u.org_id(kBranch)),
                    messy_roster(id_number("20020301", true, 14)));
  EXPECT_TRUE(denied.status == 403 || denied.status == 404) << denied.status;
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM import_batches"), 0);
}

TEST(Roster, TemplateHasChineseHeadersAndDropDownLists) {
  TestUniversity u;
  Client c(u);
  c.login("demo-branch");
  auto r = c.get("/api/v1/members/import/template");
  ASSERT_EQ(r.status, 200);
  auto book = zhdj::xlsx::read(r.body);
  ASSERT_GE(book.sheets.size(), 1u);
  const auto& header = book.sheets[0].rows.at(0);
  EXPECT_EQ(header.at(0).text, "姓名");
  EXPECT_EQ(header.at(2).text, "公民身份号码");
  auto sheet = unzip_part(r.body, "xl/worksheets/sheet1.xml");
  ASSERT_TRUE(sheet);
  EXPECT_NE(sheet->find("dataValidation"), std::string::npos);
}

TEST(Roster, ExportCarriesTheExporterAndIsAudited) {
  TestUniversity u;
  Client c(u);
  c.login("demo-branch");
  auto r =
      c.post("/api/v1/members/export", {{"filters", {{"category", "full"}}},
                                        {"columns", {"name", "id_number", "phone", "joined_on"}}});
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 200);
  auto book = zhdj::xlsx::read(r.body);
  const auto& rows = book.sheets.at(0).rows;
  ASSERT_GT(rows.size(), 1u);
  EXPECT_EQ(rows[0][1].text, "公民身份号码");
  EXPECT_EQ(rows[1][1].text.size(), 18u);  // the branch admin may read ID numbers: in full
  auto core = unzip_part(r.body, "docProps/core.xml");
  ASSERT_TRUE(core);
  EXPECT_NE(core->find("演示支部书记"), std::string::npos);
  auto sheet = unzip_part(r.body, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet->find("导出人：演示支部书记"), std::string::npos);  // page header/footer
  auto exported = static_cast<std::int64_t>(rows.size() - 1);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'member.export'"), 1);
  EXPECT_EQ(u.scalar("SELECT COUNT(*) FROM sensitive_access WHERE purpose = 'export'"), exported);
  // The auditor exports masked values only.
  Client auditor(u);
  auditor.login("demo-auditor");
  auto masked = auditor.post("/api/v1/members/export", {{"columns", {"name", "id_number"}}});
  ASSERT_EQ(masked.status, 200);
  auto mbook = zhdj::xlsx::read(masked.body);
  EXPECT_NE(mbook.sheets.at(0).rows.at(1).at(1).text.find("********"), std::string::npos);
  EXPECT_EQ(c.post("/api/v1/members/export", {{"columns", Json::array()}}).status, 400);
  EXPECT_EQ(c.post("/api/v1/members/export", {{"columns", {"salary"}}}).status, 400);
}

TEST(Roster, UploadsMayBeLargerThanOrdinaryRequests) {
  TestUniversity u;
  Client c(u);
  c.login("demo-branch");
  std::string big(3 * 1024 * 1024, 'x');  // over the 1 MiB of ordinary requests
  auto r = upload(c, u, big);
  EXPECT_EQ(r.status, 400) << r.body.substr(0, 200);  // read, and refused as not an .xlsx
  EXPECT_EQ(r.json["error"]["field"], "file");
  auto elsewhere = c.request("POST", "/api/v1/me/corrections", big);
  EXPECT_EQ(elsewhere.status, 413);
}
