#include <gtest/gtest.h>

#include <string>

#include "doc/document.hpp"
#include "doc/html.hpp"
#include "doc/line_break.hpp"

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
