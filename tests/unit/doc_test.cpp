#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "doc/document.hpp"
#include "doc/html.hpp"
#include "doc/line_break.hpp"
#include "doc/pdf.hpp"

using namespace zhdj::doc;

namespace {

// The introduction letter as the members area will issue it: stub, letter and receipt on one
// page, each with the same serial number.
Document introduction_letter() {
  const std::string serial = "编号：2026-0007";
  Part stub{"中国共产党组织关系介绍信（存根）", serial, {}, false};
  stub.blocks = {
      Field{"姓名：", "张三"},
      Field{"党员类型：", "正式党员"},
      Field{"由：", "中共示范大学计算机学院委员会"},
      Field{"转往：", "中共某某大学委员会组织部"},
      Field{"经办人：", ""},
      Signature{{"2026年11月24日"}},
  };
  Part letter{"中国共产党组织关系介绍信", serial, {}, true};
  letter.blocks = {
      Paragraph{"中共某某大学委员会组织部：", false},
      Paragraph{"兹介绍张三同志（男，28岁，汉族），系中共正式党员，身份证号码"
                "110101199801011234，前往你处，请转接组织关系。该同志党费已交到2026年11月。"},
      Spacer{2},
      Signature{{"中共示范大学委员会组织部", "2026年11月24日"}},
      Note{"（有效期至 2027年02月24日）"},
  };
  Part receipt{"中国共产党组织关系介绍信回执", serial, {}, true};
  receipt.blocks = {
      Paragraph{"中共示范大学委员会组织部：", false},
      Paragraph{"张三同志的党员组织关系已转达我处，特此回执。"},
      Signature{{"接收党组织（盖章）", "年　　月　　日"}},
  };
  return {"中国共产党组织关系介绍信",
          "中共示范大学委员会组织部",
          "张三 组织关系转接",
          std::nullopt,
          {stub, letter, receipt}};
}

int count(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size()))
    ++n;
  return n;
}

}  // namespace

TEST(DocHtml, EscapesMarkupQuotesAndAmpersands) {
  EXPECT_EQ(escape_html("<script>alert(\"x\")</script>"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  EXPECT_EQ(escape_html("Tom & Jerry's"), "Tom &amp; Jerry&#39;s");
  EXPECT_EQ(escape_html("&amp;"), "&amp;amp;");
  EXPECT_EQ(escape_html("张三"), "张三");
  EXPECT_EQ(escape_html(""), "");
}

TEST(DocHtml, ShowsTitlesSerialsFieldsAndSignature) {
  auto html = render_html(introduction_letter());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<title>中国共产党组织关系介绍信</title>"), std::string::npos);
  EXPECT_NE(html.find("<h1>中国共产党组织关系介绍信（存根）</h1>"), std::string::npos);
  EXPECT_NE(html.find("<h1>中国共产党组织关系介绍信回执</h1>"), std::string::npos);
  EXPECT_EQ(count(html, "编号：2026-0007"), 3);
  EXPECT_NE(html.find("<span class=\"label\">姓名：</span><span class=\"value\">张三</span>"),
            std::string::npos);
  EXPECT_NE(html.find("<p>中共示范大学委员会组织部</p><p>2026年11月24日</p>"), std::string::npos);
  EXPECT_NE(html.find("<p class=\"note\">（有效期至 2027年02月24日）</p>"), std::string::npos);
  EXPECT_NE(html.find("<p class=\"indent\">兹介绍张三同志"), std::string::npos);
  EXPECT_NE(html.find("<p>中共某某大学委员会组织部：</p>"), std::string::npos);
}

TEST(DocHtml, EmptyFieldValueIsABlankToFillInByHand) {
  auto html = render_html(introduction_letter());
  EXPECT_NE(html.find("<span class=\"label\">经办人：</span><span class=\"blank\"></span>"),
            std::string::npos);
}

TEST(DocHtml, TearOffLinesSeparatePartsButNeverPrecedeTheFirst) {
  auto doc = introduction_letter();
  doc.parts[0].tear_off_before = true;
  auto html = render_html(doc);
  EXPECT_EQ(count(html, "<hr class=\"tear-off\">"), 2);
  EXPECT_LT(html.find("</section>"), html.find("<hr class=\"tear-off\">"));
}

TEST(DocHtml, HostileTextNeverBecomesMarkup) {
  const std::string evil = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>&amp;";
  Part part{evil, evil, {}, true};
  part.blocks = {Paragraph{evil}, Field{evil, evil}, Field{"姓名：", evil}, Signature{{evil}},
                 Note{evil}};
  auto html = render_html({evil, evil, evil, std::nullopt, {part}});
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("'x'"), std::string::npos);
  EXPECT_EQ(html.find(evil), std::string::npos);
  EXPECT_EQ(html.find("alert(1)>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img src=x "
                      "onerror=alert(1)&gt;&amp;amp;"),
            std::string::npos);
  // 1 title, 2 meta, 1 heading, 1 serial, 1 paragraph, 3 field parts, 1 signature, 1 note.
  EXPECT_EQ(count(html, "&lt;script&gt;"), 11);
}

TEST(DocHtml, LineBreaksInTextBecomeBrAndNothingElse) {
  Part part{"", "", {Paragraph{"第一行\n第二行<br>"}}, false};
  auto html = render_html({"t", "", "", std::nullopt, {part}});
  EXPECT_NE(html.find("第一行<br>第二行&lt;br&gt;</p>"), std::string::npos);
}

TEST(DocHtml, SelfContainedA4PageWithoutScripts) {
  auto html = render_html(introduction_letter());
  EXPECT_NE(html.find("size: A4 portrait"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_NE(html.find("Ctrl+P"), std::string::npos);  // how to print, since there is no button
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("href="), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
}

namespace {

// Monospaced test metrics: Chinese characters one unit wide, ASCII half, a space a quarter.
double test_width(char32_t c) {
  if (c == ' ') return 0.25;
  return c < 0x80 ? 0.5 : 1.0;
}

std::vector<std::string> wrap(std::string_view text, double width, double first_width = -1) {
  return break_lines(text, first_width < 0 ? width : first_width, width, test_width);
}

using Lines = std::vector<std::string>;

}  // namespace

TEST(DocLineBreak, MeasuresCharactersNotBytes) {
  EXPECT_DOUBLE_EQ(text_width("中a ", test_width), 1.75);
  EXPECT_DOUBLE_EQ(text_width("", test_width), 0);
}

TEST(DocLineBreak, ChineseBreaksBetweenAnyTwoCharacters) {
  EXPECT_EQ(wrap("一二三四五六七", 3), (Lines{"一二三", "四五六", "七"}));
}

TEST(DocLineBreak, ClosingPunctuationNeverStartsALine) {
  // "，" would start line 2; it takes "三" with it instead.
  EXPECT_EQ(wrap("一二三，四五", 3), (Lines{"一二", "三，四", "五"}));
  EXPECT_EQ(wrap("一二三。", 3), (Lines{"一二", "三。"}));
  EXPECT_EQ(wrap("甲乙丙）、丁", 3), (Lines{"甲乙", "丙）、", "丁"}));
  for (const auto& line :
       wrap("兹介绍张三同志（男，28岁，汉族），系中共正式党员；请接洽：谢谢。", 4)) {
    for (const char* mark : {"，", "。", "、", "；", "：", "）", "」"})
      EXPECT_NE(line.rfind(mark, 0), 0u) << line;
  }
}

TEST(DocLineBreak, OpeningPunctuationStaysWithWhatFollows) {
  EXPECT_EQ(wrap("一二（三）", 3), (Lines{"一二", "（三）"}));
  EXPECT_EQ(wrap("一二「三」四", 4), (Lines{"一二", "「三」四"}));
}

TEST(DocLineBreak, LatinWordsAndNumbersStayWhole) {
  EXPECT_EQ(wrap("学习example", 5), (Lines{"学习", "example"}));
  EXPECT_EQ(wrap("党费2026年", 3), (Lines{"党费", "2026年"}));
  EXPECT_EQ(wrap("see the rules", 3.5), (Lines{"see the", "rules"}));
}

TEST(DocLineBreak, APieceWiderThanALineIsSplitWhereItOverflows) {
  EXPECT_EQ(wrap("110101199801011234", 4), (Lines{"11010119", "98010112", "34"}));
  EXPECT_EQ(wrap("号码110101199801011234", 4), (Lines{"号码", "11010119", "98010112", "34"}));
  // Narrower than one character: one character per line rather than no progress.
  EXPECT_EQ(wrap("一二", 0.5), (Lines{"一", "二"}));
}

TEST(DocLineBreak, FirstLineHasItsOwnWidth) {
  // A two-character first-line indent.
  EXPECT_EQ(wrap("一二三四五六七八", 4, 2), (Lines{"一二", "三四五六", "七八"}));
}

TEST(DocLineBreak, NewlinesEndLinesAndTrailingSpacesDrop) {
  EXPECT_EQ(wrap("甲 \n乙\n\n丙\n", 10), (Lines{"甲", "乙", "", "丙"}));
  EXPECT_EQ(wrap("ab cd", 1.0), (Lines{"ab", "cd"}));
  EXPECT_TRUE(wrap("", 10).empty());
}

TEST(DocLineBreak, LinesFitAndKeepEveryCharacter) {
  std::string text;
  for (int i = 0; i < 20; ++i) text += "全面从严治党，推进党的建设新的伟大工程。";
  auto lines = wrap(text, 17);
  EXPECT_GT(lines.size(), 20u);
  std::string joined;
  for (const auto& line : lines) {
    EXPECT_LE(text_width(line, test_width), 17);
    joined += line;
  }
  EXPECT_EQ(joined, text);
}

namespace {

// A PDF written to a temporary file for poppler's command-line tools, removed afterwards.
class PdfFile {
 public:
  explicit PdfFile(const std::string& bytes) {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() / ("zhdj-doc-test-" + std::to_string(getpid()) +
                                                      "-" + std::to_string(++counter) + ".pdf");
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  ~PdfFile() { std::filesystem::remove(path_); }

  // pdftotext's stdout; its stderr (warnings about libharu's ToUnicode CMap) is dropped.
  std::string text(int page = 0) const {
    std::string range = page ? " -f " + std::to_string(page) + " -l " + std::to_string(page) : "";
    return run("pdftotext -layout" + range + " '" + path_.string() + "' - 2>/dev/null");
  }
  std::string info() const { return run("pdfinfo -isodates '" + path_.string() + "' 2>/dev/null"); }
  int pages() const {
    auto out = info();
    auto pos = out.find("Pages:");
    return pos == std::string::npos ? -1 : std::stoi(out.substr(pos + 6));
  }

 private:
  static std::string run(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) throw std::runtime_error("cannot run " + command);
    char buf[4096];
    for (std::size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
    const int status = pclose(pipe);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
      throw std::runtime_error(command + ": not found; install poppler-utils (scripts/setup.sh)");
    return out;
  }

  std::filesystem::path path_;
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
    lines.push_back(text.substr(start, nl - start));
  return lines;
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b, s.find_last_not_of(' ') - b + 1);
}

Document one_part(std::vector<Block> blocks) {
  return {"测试", "", "", std::nullopt, {Part{"标题", "", std::move(blocks), false}}};
}

const std::string kSentence =
    "坚持党要管党、全面从严治党，把党的政治建设摆在首位，推进党的建设新的伟大工程。";

}  // namespace

TEST(DocPdf, IsACompletePdfFile) {
  auto pdf = render_pdf(introduction_letter());
  EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
  EXPECT_EQ(pdf.substr(pdf.find_last_not_of("\r\n") - 4, 5), "%%EOF");
}

TEST(DocPdf, ChineseTextComesBackOutOfTheEmbeddedFont) {
  PdfFile file(render_pdf(introduction_letter()));
  auto text = file.text();
  EXPECT_NE(text.find("中国共产党组织关系介绍信（存根）"), std::string::npos) << text;
  EXPECT_NE(text.find("中国共产党组织关系介绍信回执"), std::string::npos);
  EXPECT_EQ(count(text, "编号：2026-0007"), 3);
  EXPECT_NE(text.find("姓名：张三"), std::string::npos);
  EXPECT_NE(text.find("转往：中共某某大学委员会组织部"), std::string::npos);
  EXPECT_NE(text.find("兹介绍张三同志（男，28岁，汉族）"), std::string::npos);
  EXPECT_NE(text.find("中共示范大学委员会组织部\n"), std::string::npos);
  EXPECT_NE(text.find("2026年11月24日"), std::string::npos);
  EXPECT_NE(text.find("（有效期至 2027年02月24日）"), std::string::npos);
  EXPECT_EQ(file.pages(), 1);  // stub, letter and receipt share one A4 page
}

TEST(DocPdf, LayoutCentresTitlesAndPutsSerialAndSignatureRight) {
  PdfFile file(render_pdf(introduction_letter()));
  int title = -1, serial = -1, field = -1, signature = -1;
  for (const auto& line : lines_of(file.text())) {
    auto column = static_cast<int>(line.find_first_not_of(' '));
    if (trim(line) == "中国共产党组织关系介绍信") title = column;
    if (trim(line) == "编号：2026-0007") serial = column;
    if (trim(line) == "姓名：张三") field = column;
    if (trim(line) == "中共示范大学委员会组织部") signature = column;
  }
  EXPECT_EQ(field, 0);
  EXPECT_GT(title, 8);
  EXPECT_GT(serial, title);
  EXPECT_GT(signature, title);
}

TEST(DocPdf, InfoDictionaryHasTitleAuthorSubjectAndCreationDate) {
  auto doc = introduction_letter();
  doc.created = zhdj::parse_instant("2026-11-24T08:30:05Z");
  PdfFile file(render_pdf(doc));
  auto info = file.info();
  EXPECT_NE(info.find("Title:           中国共产党组织关系介绍信\n"), std::string::npos) << info;
  EXPECT_NE(info.find("Author:          中共示范大学委员会组织部\n"), std::string::npos);
  EXPECT_NE(info.find("Subject:         张三 组织关系转接\n"), std::string::npos);
  EXPECT_NE(info.find("CreationDate:    2026-11-24T08:30:05Z\n"), std::string::npos);
  EXPECT_NE(info.find("Page size:       595.276 x 841.89 pts (A4)"), std::string::npos);
}

TEST(DocPdf, LongParagraphWrapsWithinTheMarginsWithoutPunctuationAtLineStarts) {
  std::string text;
  for (int i = 0; i < 10; ++i) text += kSentence;
  PdfFile file(render_pdf(one_part({Paragraph{text}})));
  int body_lines = 0;
  std::string joined;
  for (const auto& line : lines_of(file.text())) {
    auto t = trim(line);
    if (t.empty() || t == "标题") continue;
    ++body_lines;
    joined += t;
    for (const char* mark : {"，", "。", "、"}) EXPECT_NE(t.rfind(mark, 0), 0u) << t;
  }
  EXPECT_GE(body_lines, 10);  // ~390 characters at ~37 per line
  EXPECT_EQ(joined, text);    // nothing lost or repeated at the breaks
}

TEST(DocPdf, LongDocumentFlowsOntoFurtherPages) {
  std::vector<Block> blocks;
  for (int i = 1; i <= 120; ++i) blocks.push_back(Paragraph{std::to_string(i) + "．" + kSentence});
  PdfFile file(render_pdf(one_part(std::move(blocks))));
  EXPECT_GE(file.pages(), 4);
  EXPECT_NE(file.text(1).find("1．坚持党要管党"), std::string::npos);
  EXPECT_NE(file.text(file.pages()).find("120．坚持党要管党"), std::string::npos);
}

TEST(DocPdf, APartThatFitsOnAPageIsNotSplitAcrossTwo) {
  // 30 lines leave too little room under them for the stub, so the letter's parts move whole.
  std::vector<Block> filler(30, Paragraph{"前文", false});
  auto doc = introduction_letter();
  doc.parts.insert(doc.parts.begin(), Part{"前文", "", filler, false});
  PdfFile file(render_pdf(doc));
  EXPECT_EQ(file.pages(), 2);
  EXPECT_EQ(count(file.text(1), "编号：2026-0007"), 0);
  auto second = file.text(2);
  EXPECT_EQ(count(second, "编号：2026-0007"), 3);
  EXPECT_NE(second.find("中国共产党组织关系介绍信（存根）"), std::string::npos);
  EXPECT_NE(second.find("经办人："), std::string::npos);
}

TEST(DocPdf, UnprintableAndHostileTextDoesNotBreakTheFile) {
  auto doc = one_part({Paragraph{"姓名：吉\xF0\xA0\xAE\xB7林\xFF\xFE（生僻字）"}, Field{"备注：",
                                                                                        "a\tb\x01"
                                                                                        "c"}});
  doc.title = "标题 ) >> /JavaScript (x) \\";
  PdfFile file(render_pdf(doc));
  EXPECT_NE(file.info().find("Title:           标题 ) >> /JavaScript (x) \\\n"), std::string::npos);
  EXPECT_EQ(file.info().find("JavaScript:      yes"), std::string::npos);
  auto text = file.text();
  EXPECT_NE(text.find("姓名：吉□林□□（生僻字）"), std::string::npos) << text;
  EXPECT_NE(text.find("备注：a bc"), std::string::npos) << text;
}

TEST(DocPdf, MissingFontIsAClearError) {
  try {
    render_pdf(introduction_letter(), {"/nonexistent/wqy-zenhei.ttc"});
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/wqy-zenhei.ttc"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("fonts-wqy-zenhei"), std::string::npos);
  }
}

TEST(DocPdf, LibharuErrorsBecomeExceptions) {
  // Not a font at all: libharu reports an error, which must surface here rather than abort.
  auto junk = std::filesystem::temp_directory_path() /
              ("zhdj-doc-test-" + std::to_string(getpid()) + "-junk.ttf");
  std::ofstream(junk, std::ios::binary) << "this is not a TrueType font";
  EXPECT_THROW(render_pdf(introduction_letter(), {junk.string()}), std::runtime_error);
  // A face index past the end of the collection.
  EXPECT_THROW(render_pdf(introduction_letter(), {kDefaultFontPath, 99}), std::runtime_error);
  std::filesystem::remove(junk);
}
