#include "doc/html.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "doc/messages.hpp"

namespace zhdj::doc {

namespace {

// Screen: a white A4 sheet on grey. Paper: the browser's page box is the sheet (@page margins
// match the PDF renderer's), the hint disappears and a part is never split across pages if it
// fits on one. `line-break: strict` keeps closing punctuation such as ，。） off a line's start.
constexpr const char* kStyle = R"css(
@page { size: A4 portrait; margin: 20mm 25mm; }
* { box-sizing: border-box; }
html { background: #e9e9e9; }
body { margin: 0; color: #000; font-size: 12pt; line-height: 1.6;
  font-family: "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; }
.hint { max-width: 210mm; margin: 12px auto; padding: 8px 12px; font: 14px/1.5 sans-serif;
  background: #fffbe6; border: 1px solid #ffe58f; }
.sheet { width: 210mm; min-height: 297mm; margin: 0 auto 24px; padding: 20mm 25mm;
  background: #fff; box-shadow: 0 1px 6px rgba(0, 0, 0, 0.25); }
.part { break-inside: avoid; }
.part + .part { margin-top: 1.2em; }
h1 { margin: 0 0 0.3em; font-size: 16pt; font-weight: bold; text-align: center;
  font-family: "SimHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", sans-serif; }
p { margin: 0; line-break: strict; overflow-wrap: anywhere; }
.serial { text-align: right; margin-bottom: 0.6em; }
.indent { text-indent: 2em; }
.field { display: flex; }
.field .label { flex: none; white-space: nowrap; }
.field .value { flex: 1 1 auto; min-width: 0; }
.field .blank { flex: none; width: 12em; height: 1.4em; border-bottom: 1px solid #000; }
.signature { width: fit-content; margin: 1.2em 2em 0 auto; text-align: center; }
.note { margin-top: 0.4em; font-size: 10pt; }
.tear-off { margin: 1.2em 0; border: 0; border-top: 1px dashed #000; }
@media print {
  html { background: none; }
  .hint { display: none; }
  .sheet { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
}
)css";

// Escaped text whose '\n' become line breaks.
std::string text_html(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string_view::npos; start = nl + 1)
    out += escape_html(text.substr(start, nl - start)) + "<br>";
  return out + escape_html(text.substr(start));
}

struct BlockHtml {
  std::string& out;

  void operator()(const Paragraph& p) const {
    out += p.indent ? "<p class=\"indent\">" : "<p>";
    out += text_html(p.text) + "</p>\n";
  }
  void operator()(const Field& f) const {
    out += "<p class=\"field\"><span class=\"label\">" + escape_html(f.label) + "</span>";
    out += f.value.empty() ? "<span class=\"blank\"></span>"
                           : "<span class=\"value\">" + text_html(f.value) + "</span>";
    out += "</p>\n";
  }
  void operator()(const Signature& s) const {
    out += "<div class=\"signature\">";
    for (const auto& line : s.lines) out += "<p>" + escape_html(line) + "</p>";
    out += "</div>\n";
  }
  void operator()(const Note& n) const {
    out += "<p class=\"note\">" + text_html(n.text) + "</p>\n";
  }
  void operator()(const Spacer& s) const {
    out += fmt::format("<div style=\"height:{:.1f}em\"></div>\n", 1.6 * std::clamp(s.lines, 0, 60));
  }
};

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string render_html(const Document& doc) {
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + escape_html(doc.title) + "</title>\n";
  if (!doc.author.empty())
    out += "<meta name=\"author\" content=\"" + escape_html(doc.author) + "\">\n";
  if (!doc.subject.empty())
    out += "<meta name=\"description\" content=\"" + escape_html(doc.subject) + "\">\n";
  out += "<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n";
  out += "<p class=\"hint\">" + escape_html(msg::kPrintHint) + "</p>\n<main class=\"sheet\">\n";
  bool first = true;
  for (const auto& part : doc.parts) {
    // A cutting line above the first part would cut nothing off.
    if (part.tear_off_before && !first) out += "<hr class=\"tear-off\">\n";
    first = false;
    out += "<section class=\"part\">\n";
    if (!part.title.empty()) out += "<h1>" + escape_html(part.title) + "</h1>\n";
    if (!part.serial.empty()) out += "<p class=\"serial\">" + escape_html(part.serial) + "</p>\n";
    for (const auto& block : part.blocks) std::visit(BlockHtml{out}, block);
    out += "</section>\n";
  }
  out += "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace zhdj::doc
